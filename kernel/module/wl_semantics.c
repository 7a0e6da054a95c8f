// SPDX-License-Identifier: GPL-2.0
/*
 * semantics: walk enable, enable, pause, (no-op enable/disable while
 * paused), resume, disable, disable, and check is_lazy_mmu_mode_active() and
 * the per-task enable/pause counters against the rules documented in
 * include/linux/pgtable.h (v7.0+). Also checks that the API is inert in
 * interrupt (here: softirq-disabled) context. Output is TAP, also logged.
 * Kernels without the v7.0+ API, or whose architecture does not implement
 * the mode, get a TAP SKIP.
 */
#include <linux/bottom_half.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "lb_compat.h"
#include "lazybench.h"

#if LB_CAN_CHECK_SEMANTICS
#define SEM_TESTS 14

struct sem_res {
	const char *what;
	bool ok, active, want_active;
	u8 enable_count, pause_count, want_enable, want_pause;
};

struct sem_ctx {
	unsigned int n;
	struct sem_res r[SEM_TESTS];
};

/* record only: nothing is printed while a lazy section is open */
static void sem_check(struct sem_ctx *c, const char *what, bool active,
		      u8 enable_count, u8 pause_count)
{
	const struct lazy_mmu_state *s = &current->lazy_mmu_state;
	struct sem_res *r;

	if (c->n >= SEM_TESTS)
		return;
	r = &c->r[c->n++];
	r->what = what;
	r->active = is_lazy_mmu_mode_active();
	r->enable_count = s->enable_count;
	r->pause_count = s->pause_count;
	r->want_active = active;
	r->want_enable = enable_count;
	r->want_pause = pause_count;
	r->ok = r->active == active && r->enable_count == enable_count &&
		r->pause_count == pause_count;
}

int lbk_semantics_show(struct seq_file *m, void *unused)
{
	const struct lazy_mmu_state *s = &current->lazy_mmu_state;
	struct sem_ctx *c;
	unsigned int i, failed = 0;

	if (s->enable_count || s->pause_count) {
		/* not expected for a task entering a read syscall */
		seq_printf(m, "1..0 # SKIP task already in a lazy section (%u/%u)\n",
			   s->enable_count, s->pause_count);
		return 0;
	}
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;

	sem_check(c, "initial state", false, 0, 0);
	lazy_mmu_mode_enable();
	sem_check(c, "enable", true, 1, 0);
	lazy_mmu_mode_enable();
	sem_check(c, "nested enable", true, 2, 0);
	lazy_mmu_mode_pause();
	sem_check(c, "pause exits the mode at any depth", false, 2, 1);
	lazy_mmu_mode_enable();
	sem_check(c, "enable while paused has no effect", false, 2, 1);
	lazy_mmu_mode_disable();
	sem_check(c, "disable while paused has no effect", false, 2, 1);
	lazy_mmu_mode_pause();
	sem_check(c, "nested pause", false, 2, 2);
	lazy_mmu_mode_resume();
	sem_check(c, "inner resume keeps it paused", false, 2, 1);
	lazy_mmu_mode_resume();
	sem_check(c, "resume re-enters at the same depth", true, 2, 0);

	/* in_interrupt() is true with softirqs disabled: the API is inert there */
	local_bh_disable();
	lazy_mmu_mode_enable();
	sem_check(c, "enable in softirq context: no effect, reported inactive", false, 2, 0);
	lazy_mmu_mode_disable();
	local_bh_enable();
	sem_check(c, "state intact after softirq context", true, 2, 0);

	lazy_mmu_mode_disable();
	sem_check(c, "inner disable stays active", true, 1, 0);
	lazy_mmu_mode_disable();
	sem_check(c, "outer disable leaves the mode", false, 0, 0);
	lazy_mmu_mode_pause();
	lazy_mmu_mode_resume();
	sem_check(c, "pause/resume outside a section stays inactive", false, 0, 0);

	seq_printf(m, "1..%u\n", c->n);
	for (i = 0; i < c->n; i++) {
		const struct sem_res *r = &c->r[i];

		if (!r->ok)
			failed++;
		seq_printf(m, "%s %u - %s: active=%d enable_count=%u pause_count=%u",
			   r->ok ? "ok" : "not ok", i + 1, r->what, r->active,
			   r->enable_count, r->pause_count);
		if (!r->ok)
			seq_printf(m, " (expected %d/%u/%u)", r->want_active,
				   r->want_enable, r->want_pause);
		seq_putc(m, '\n');
		pr_info("lazybench: semantics: %s %u - %s\n", r->ok ? "ok" : "not ok",
			i + 1, r->what);
	}
	pr_info("lazybench: semantics: %u of %u checks failed\n", failed, c->n);
	kfree(c);
	return 0;
}
#else
int lbk_semantics_show(struct seq_file *m, void *unused)
{
	seq_puts(m, "1..0 # SKIP no v7.0+ lazy_mmu_mode API with is_lazy_mmu_mode_active() in this kernel\n");
	pr_info("lazybench: semantics: SKIP (no v7.0+ lazy MMU API here)\n");
	return 0;
}
#endif
