// SPDX-License-Identifier: GPL-2.0
/*
 * mprotect: RW -> RO (mprotect) and RO -> RW (mprotect-rw) on a populated range
 * (change_pte_range). The opposite change, which restores the start state, is done
 * outside the window. mprotect-thp (h:1): RW -> RO over PTE-mapped 2 MiB THP folios.
 * mprotect-mt: RW -> RO while the mm is live on another CPU too (bench/sibling.c).
 */
#include <errno.h>
#include <sys/mman.h>

#include "workload.h"

static int prot(struct lb_ctx *ctx, int p)
{
	if (mprotect(ctx->priv, ctx->pages * ctx->page_size, p))
		return -errno;
	return 0;
}

static int set_rw(struct lb_ctx *ctx)
{
	return prot(ctx, PROT_READ | PROT_WRITE);
}

static int set_ro(struct lb_ctx *ctx)
{
	return prot(ctx, PROT_READ);
}

static const struct lb_workload wl_mprotect = {
	.name = "mprotect",
	.desc = "mprotect a populated range read-write -> read-only",
	.kpath = "mprotect -> change_protection -> change_pte_range",
	.init = lb_map_populated,
	.prepare = set_rw,
	.op = set_ro,
	.fini = lb_unmap_fini,
};
LB_WORKLOAD(wl_mprotect);

static const struct lb_workload wl_mprotect_rw = {
	.name = "mprotect-rw",
	.desc = "mprotect a populated range read-only -> read-write",
	.kpath = "mprotect -> change_protection -> change_pte_range",
	.init = lb_map_populated,
	.prepare = set_ro,
	.op = set_rw,
	.fini = lb_unmap_fini,
};
LB_WORKLOAD(wl_mprotect_rw);

static double thp_folio_pages;

static int mprotect_thp_init(struct lb_ctx *ctx)
{
	int r = lb_thp_init(ctx);

	if (r)
		return r;
	ctx->priv = lb_map_thp_pte(ctx, 0);
	if (!ctx->priv)
		return -errno;
	r = lb_thp_verify(ctx, ctx->priv);
	thp_folio_pages = ctx->extra_val[0];
	return r;
}

static int mprotect_thp_prepare(struct lb_ctx *ctx)
{
	ctx->extra_val[0] = thp_folio_pages;	/* verified in init; mprotect keeps folios */
	return set_rw(ctx);
}

static void mprotect_thp_fini(struct lb_ctx *ctx)
{
	lb_unmap_fini(ctx);
	lb_thp_fini(ctx);
}

static const struct lb_workload wl_mprotect_thp = {
	.name = "mprotect-thp",
	.desc = "h:1: mprotect PTE-mapped 2 MiB THP folios read-write -> read-only",
	.kpath = "mprotect -> change_protection -> change_pte_range (folio batches)",
	.flags = LB_WL_NOT_DEFAULT,
	.extra_cols = lb_thp_cols,
	.init = mprotect_thp_init,
	.prepare = mprotect_thp_prepare,
	.op = set_ro,
	.fini = mprotect_thp_fini,
};
LB_WORKLOAD(wl_mprotect_thp);

static int mprotect_mt_init(struct lb_ctx *ctx)
{
	int r = lb_sibling_start(ctx);

	return r ? r : lb_map_populated(ctx);
}

static int mprotect_mt_prepare(struct lb_ctx *ctx)
{
	ctx->extra_val[0] = lb_sibling_cpu();
	return set_rw(ctx);
}

static void mprotect_mt_fini(struct lb_ctx *ctx)
{
	lb_unmap_fini(ctx);
	lb_sibling_stop();
}

static const struct lb_workload wl_mprotect_mt = {
	.name = "mprotect-mt",
	.desc = "mprotect a populated range RW -> RO while the mm is live on another CPU too",
	.kpath = "mprotect -> change_protection -> change_pte_range (mm on two CPUs)",
	.flags = LB_WL_NOT_DEFAULT,
	.extra_cols = lb_sibling_cols,
	.init = mprotect_mt_init,
	.prepare = mprotect_mt_prepare,
	.op = set_ro,
	.fini = mprotect_mt_fini,
};
LB_WORKLOAD(wl_mprotect_mt);
