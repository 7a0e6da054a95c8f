// SPDX-License-Identifier: GPL-2.0
/* munmap: unmap a populated anonymous range; mmap and populate happen in prepare. */
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
