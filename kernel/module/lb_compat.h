/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lazybench.ko: one name for the lazy MMU section API on every supported
 * kernel. LB_HAVE_* come from Kbuild, which greps the target tree.
 *
 * v7.0+: lazy_mmu_mode_{enable,disable,pause,resume}(), nestable, with
 *        is_lazy_mmu_mode_active() and per-task counters when the
 *        architecture selects ARCH_HAS_LAZY_MMU_MODE.
 * older: arch_{enter,leave,flush}_lazy_mmu_mode(), not nestable (Xen PV
 *        BUG()s on a nested enter), no pause/resume.
 */
#ifndef LB_COMPAT_H
#define LB_COMPAT_H

#include <linux/mm.h>		/* before linux/pgtable.h: sparc64 needs pgd_t first */
#include <linux/pgtable.h>
#include <linux/sched.h>
#include <xen/xen.h>

#if defined(LB_LAZY_KUNIT_ONLY)
/* the arch hooks' symbols are exported only for KUnit here, or not at all (Kbuild) */
#ifdef LB_LAZY_WHY
#define LB_LAZY_API		LB_LAZY_WHY
#else
#define LB_LAZY_API		"none (arch hooks exported only for KUnit)"
#endif
#define LB_LAZY_NESTABLE	0
#define LB_LAZY_PAUSE		0
#define LB_LAZY_CALLABLE	0
static inline void lb_lazy_enter(void)
{
}

static inline void lb_lazy_leave(void)
{
}

static inline void lb_lazy_pause(void)
{
}

static inline void lb_lazy_resume(void)
{
}
#elif defined(LB_HAVE_LAZY_MMU_MODE)
#define LB_LAZY_API		"lazy_mmu_mode"
#define LB_LAZY_CALLABLE	1
#define LB_LAZY_NESTABLE	1
#define LB_LAZY_PAUSE		1
static inline void lb_lazy_enter(void)
{
	lazy_mmu_mode_enable();
}

static inline void lb_lazy_leave(void)
{
	lazy_mmu_mode_disable();
}

static inline void lb_lazy_pause(void)
{
	lazy_mmu_mode_pause();
}

static inline void lb_lazy_resume(void)
{
	lazy_mmu_mode_resume();
}
#else
#define LB_LAZY_API		"arch"
#define LB_LAZY_CALLABLE	1
#define LB_LAZY_NESTABLE	0
#define LB_LAZY_PAUSE		0
static inline void lb_lazy_enter(void)
{
	arch_enter_lazy_mmu_mode();
}

static inline void lb_lazy_leave(void)
{
	arch_leave_lazy_mmu_mode();
}

static inline void lb_lazy_pause(void)
{
}

static inline void lb_lazy_resume(void)
{
}
#endif

/*
 * Does the architecture do anything in a lazy MMU section here? Timing a stub
 * API (generic no-op hooks) as if it were real would mislead; info and the
 * load message say which case this is.
 */
static inline const char *lb_lazy_arch(void)
{
#if defined(LB_HAVE_LAZY_MMU_MODE) && !defined(CONFIG_ARCH_HAS_LAZY_MMU_MODE)
	return "none: the lazy_mmu_mode API is a stub on this architecture";
#elif !defined(LB_HAVE_LAZY_MMU_MODE) && !defined(__HAVE_ARCH_ENTER_LAZY_MMU_MODE)
	return "none: generic no-op arch_*_lazy_mmu_mode() on this architecture";
#elif defined(CONFIG_X86)
	if (xen_pv_domain())
		return "xen-pv: PTE writes queued into multicalls until leave/flush";
	return "x86 native: the paravirt hooks are no-ops (nothing is deferred)";
#elif defined(CONFIG_ARM64)
	return "arm64: kernel-PTE barriers deferred to leave/flush";
#else
	return "implemented by this architecture";
#endif
}

/* the self-check needs the query and the counters, i.e. an arch that implements the mode */
#if defined(LB_HAVE_LAZY_MMU_MODE) && defined(LB_HAVE_IS_LAZY_MMU_MODE_ACTIVE) && \
	defined(LB_HAVE_LAZY_MMU_STATE) && defined(CONFIG_ARCH_HAS_LAZY_MMU_MODE) && \
	!defined(LB_LAZY_KUNIT_ONLY)
#define LB_CAN_CHECK_SEMANTICS	1
#else
#define LB_CAN_CHECK_SEMANTICS	0
#endif

#endif /* LB_COMPAT_H */
