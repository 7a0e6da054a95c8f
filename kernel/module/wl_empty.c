// SPDX-License-Identifier: GPL-2.0
/*
 * empty: nothing between the two clock reads. Its ns and kcycles are the
 * cost of the timed window itself (clock reads, the indirect call, the
 * contamination bookkeeping), to be read against every other workload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "lazybench.h"

static unsigned long empty_mem(const struct lbk_inst *in)
{
	return 0;
}

static int empty_op(struct lbk_inst *in)
{
	return 0;
}

LBK_WORKLOAD(lbk_wl_empty) = {
	.name = "empty",
	.desc = "nothing: the cost of the timed window itself",
	.mem_pages = empty_mem,
	.op = empty_op,
};

LBK_KMOD("empty", "kmod-empty", "", 0,
	 "nothing: the in-kernel window's own cost",
	 "(none)");
