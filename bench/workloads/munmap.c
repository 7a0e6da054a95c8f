// SPDX-License-Identifier: GPL-2.0
/* munmap: unmap a populated anonymous range; mmap and populate happen in prepare. */
#include <errno.h>
#include <sys/mman.h>

#include "workload.h"

static int munmap_prepare(struct lb_ctx *ctx)
{
	void *p = lb_map_fixed(0, 0, ctx->pages, ctx->page_size);

	if (!p)
		return -errno;
	lb_populate(p, ctx->pages, ctx->page_size);
	ctx->priv = p;
	return 0;
}

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
	.prepare = munmap_prepare,
	.op = munmap_op,
	.fini = lb_unmap_fini,
};
LB_WORKLOAD(wl_munmap);
