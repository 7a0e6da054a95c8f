// SPDX-License-Identifier: GPL-2.0
/* empty: the op does nothing; measures the harness's own window (harness overhead). */
#include "workload.h"

static int empty_op(struct lb_ctx *ctx)
{
	__asm__ __volatile__("" : : "r"(ctx) : "memory");
	return 0;
}

static const struct lb_workload wl_empty = {
	.name = "empty",
	.desc = "no operation: the cost of the measurement window itself",
	.kpath = "none",
	.flags = LB_WL_NOT_DEFAULT,
	.op = empty_op,
};
LB_WORKLOAD(wl_empty);
