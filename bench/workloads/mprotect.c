// SPDX-License-Identifier: GPL-2.0
/*
 * mprotect: RW -> RO (mprotect) and RO -> RW (mprotect-rw) on a populated range
 * (change_pte_range). The opposite change, which restores the start state, is done
 * outside the window.
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
