// SPDX-License-Identifier: GPL-2.0
/*
 * munmap: unmap a populated anonymous range; mmap and populate happen in prepare.
 * munmap-thp (h:1): the same over 2 MiB THP folios, each mapped by 512 PTEs.
 * munmap-mt: the same while the mm is live on another CPU too (bench/sibling.c).
 */
#include <errno.h>
#include <sys/mman.h>

#include "workload.h"

static int munmap_op(struct lb_ctx *ctx)
{
	if (munmap(ctx->priv, ctx->pages * ctx->page_size))
		return -errno;
	ctx->priv = NULL;
	return 0;
}

static const struct lb_workload wl_munmap = {
	.name = "munmap",
	.desc = "unmap a populated anonymous range",
	.kpath = "munmap -> unmap_region -> zap_pte_range",
	.prepare = lb_map_populated,
	.op = munmap_op,
	.fini = lb_unmap_fini,
};
LB_WORKLOAD(wl_munmap);

static void munmap_thp_fini(struct lb_ctx *ctx)
{
	lb_unmap_fini(ctx);
	lb_thp_fini(ctx);
}

static int munmap_thp_prepare(struct lb_ctx *ctx)
{
	ctx->priv = lb_map_thp_pte(ctx, 0);
	if (!ctx->priv)
		return -errno;
	return lb_thp_verify(ctx, ctx->priv);
}

static const struct lb_workload wl_munmap_thp = {
	.name = "munmap-thp",
	.desc = "h:1: unmap a populated range of PTE-mapped 2 MiB THP folios",
	.kpath = "munmap -> unmap_region -> zap_pte_range (folio batches)",
	.flags = LB_WL_NOT_DEFAULT,
	.extra_cols = lb_thp_cols,
	.init = lb_thp_init,
	.prepare = munmap_thp_prepare,
	.op = munmap_op,
	.cleanup = NULL,
	.fini = munmap_thp_fini,
};
LB_WORKLOAD(wl_munmap_thp);

static int munmap_mt_prepare(struct lb_ctx *ctx)
{
	ctx->extra_val[0] = lb_sibling_cpu();
	return lb_map_populated(ctx);
}

static void munmap_mt_fini(struct lb_ctx *ctx)
{
	lb_unmap_fini(ctx);
	lb_sibling_stop();
}

static const struct lb_workload wl_munmap_mt = {
	.name = "munmap-mt",
	.desc = "munmap a populated range while the mm is live on another CPU too",
	.kpath = "munmap -> unmap_region -> zap_pte_range (mm on two CPUs)",
	.flags = LB_WL_NOT_DEFAULT,
	.extra_cols = lb_sibling_cols,
	.init = lb_sibling_start,
	.prepare = munmap_mt_prepare,
	.op = munmap_op,
	.fini = munmap_mt_fini,
};
LB_WORKLOAD(wl_munmap_mt);
