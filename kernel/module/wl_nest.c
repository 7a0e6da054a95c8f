// SPDX-License-Identifier: GPL-2.0
/*
 * nest, nest-pause: the cost of lazy MMU sections themselves. One op runs
 * pages iterations (ptes = pages, so per-"PTE" figures are per section) of
 *   nest:       enter x depth, leave x depth
 *   nest-pause: enter x depth, pause, resume, leave x depth
 * with lazy_mmu_mode_*() on v7.0+ kernels; older kernels only have the
 * non-nestable arch_{enter,leave}_lazy_mmu_mode(): depth 1, no pause.
 *
 * Each level is one call to a noinline helper followed by a compiler
 * barrier, so the compiler can neither fuse back-to-back nested enables
 * (where arch_enter is empty, "enable_count += depth") nor drop a level:
 * tests/kernel/01-build.t counts the calls in the object code. Whether the
 * architecture does anything in a section at all is in info
 * (lazy_mmu_arch): where it does not, these workloads time the generic
 * counters (or nothing), not a real mode.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/kernel.h>

#include "lb_compat.h"
#include "lazybench.h"

static const char *nest_unsupported(const struct lbk_inst *in)
{
	if (!LB_LAZY_CALLABLE)
		return "arch lazy MMU hooks exported only for KUnit here (EXPORT_SYMBOL_IF_KUNIT)";
	if (!LB_LAZY_NESTABLE && in->depth > 1)
		return "nesting needs the v7.0+ lazy_mmu_mode API (arch_enter does not nest)";
	return NULL;
}

static const char *nest_pause_unsupported(const struct lbk_inst *in)
{
	if (!LB_LAZY_PAUSE)
		return "pause/resume needs the v7.0+ lazy_mmu_mode API";
	return nest_unsupported(in);
}

static unsigned long nest_mem(const struct lbk_inst *in)
{
	return 0;
}

static noinline void lbk_nest_enter_one(void)
{
	lb_lazy_enter();
	barrier();
}

static noinline void lbk_nest_leave_one(void)
{
	lb_lazy_leave();
	barrier();
}

static noinline void lbk_nest_pause_one(void)
{
	lb_lazy_pause();
	barrier();
}

static noinline void lbk_nest_resume_one(void)
{
	lb_lazy_resume();
	barrier();
}

static void nest_enter(unsigned int depth)
{
	unsigned int d;

	for (d = 0; d < depth; d++)
		lbk_nest_enter_one();
}

static void nest_leave(unsigned int depth)
{
	unsigned int d;

	for (d = 0; d < depth; d++)
		lbk_nest_leave_one();
}

static int nest_op(struct lbk_inst *in)
{
	unsigned long i;

	for (i = 0; i < in->pages; i++) {
		nest_enter(in->depth);
		nest_leave(in->depth);
	}
	return 0;
}

static int nest_pause_op(struct lbk_inst *in)
{
	unsigned long i;

	for (i = 0; i < in->pages; i++) {
		nest_enter(in->depth);
		lbk_nest_pause_one();
		lbk_nest_resume_one();
		nest_leave(in->depth);
	}
	return 0;
}

LBK_WORKLOAD(lbk_wl_nest) = {
	.name = "nest",
	.desc = "pages x (lazy MMU enter x depth, leave x depth)",
	.flags = LBK_WL_DEPTH,
	.unsupported = nest_unsupported,
	.mem_pages = nest_mem,
	.op = nest_op,
};

LBK_KMOD("nest", "kmod-nest", "", 0,
	 "pages x lazy MMU enter+leave (depth 1)",
	 "lazy_mmu_mode_enable/disable (or arch_enter/leave)");

LBK_KMOD("nest", "kmod-nest8", " depth=8", 0,
	 "pages x lazy MMU sections nested 8 deep (v7.0+)",
	 "lazy_mmu_mode_enable/disable x8");

LBK_WORKLOAD(lbk_wl_nest_pause) = {
	.name = "nest-pause",
	.desc = "pages x (enter x depth, pause, resume, leave x depth) (v7.0+)",
	.flags = LBK_WL_DEPTH,
	.unsupported = nest_pause_unsupported,
	.mem_pages = nest_mem,
	.op = nest_pause_op,
};

LBK_KMOD("nest-pause", "kmod-nest-pause", "", 0,
	 "pages x (enter, pause, resume, leave) (v7.0+)",
	 "lazy_mmu_mode_pause/resume");
