// SPDX-License-Identifier: GPL-2.0
/*
 * semantics: a test of the v7.0+ lazy MMU table documented in
 * include/linux/pgtable.h, in three tasks: the reading task, a freshly
 * created kthread, and the reading task again right after a forced context
 * switch (it sleeps one jiffy first). Each step does one API call, then
 * records is_lazy_mmu_mode_active() and the task's enable/pause counters,
 * and, where the architecture's effect can be seen, whether the call flushed
 * what was batched and whether one kernel-PTE write made after it is
 * deferred:
 *   Xen PV:  xen:xen_mc_flush (with queued calls) during the call, and
 *            xen:xen_mc_batch during the write, counted for this task by
 *            probes the module attaches (lb_tp.c);
 *   arm64:   TIF_LAZY_MMU_PENDING cleared by the call / set by the write.
 * Elsewhere (x86 native: the hooks are no-ops) only the counters and the
 * query are checked, and the output says so. The write rewrites the PTE of
 * a vmalloc page with its own value (needs init_mm, see wl_apply.c).
 *
 * Expected (enable -> arch_enter, nested enable -> nothing, nested disable
 * -> arch_flush, pause -> arch_leave, resume -> arch_enter, disable ->
 * arch_leave, in interrupt context inert, final state 0/0): every task must
 * start at 0/0. A task that does not (Debian 7.3.4 under Xen PV: the
 * context-switch hooks wrap pause_count) fails its first point and the rest
 * of its table is reported "not ok" without touching the broken state.
 * Output is TAP, also logged. Kernels without the v7.0+ API, or whose
 * architecture does not implement the mode, get a TAP SKIP.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bottom_half.h>
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "lb_compat.h"
#include "lazybench.h"

#if LB_CAN_CHECK_SEMANTICS

enum sem_act { A_NONE, A_ENABLE, A_DISABLE, A_PAUSE, A_RESUME, A_SOFTIRQ, A_PAUSE_RESUME };

#define X (-1)		/* not checked */

struct sem_step {
	const char *what;
	enum sem_act act;
	s8 active, enable, pause, flushed, batched;
};

static const struct sem_step sem_table[] = {
	{ "initial state",			A_NONE,		0, 0, 0, X, 0 },
	{ "enable (arch_enter)",		A_ENABLE,	1, 1, 0, 0, 1 },
	{ "nested enable (nothing)",		A_ENABLE,	1, 2, 0, 0, 1 },
	{ "nested disable (arch_flush)",	A_DISABLE,	1, 1, 0, 1, 1 },
	{ "pause (arch_leave)",			A_PAUSE,	0, 1, 1, 1, 0 },
	{ "enable while paused (no effect)",	A_ENABLE,	0, 1, 1, 0, 0 },
	{ "disable while paused (no effect)",	A_DISABLE,	0, 1, 1, 0, 0 },
	{ "nested pause",			A_PAUSE,	0, 1, 2, 0, 0 },
	{ "inner resume (still paused)",	A_RESUME,	0, 1, 1, 0, 0 },
	{ "resume (arch_enter)",		A_RESUME,	1, 1, 0, 0, 1 },
	{ "enable in softirq context (inert, inactive)", A_SOFTIRQ, 0, 1, 0, X, X },
	{ "disable (arch_leave)",		A_DISABLE,	0, 0, 0, 1, 0 },
	{ "pause+resume outside a section, final 0/0", A_PAUSE_RESUME, 0, 0, 0, 0, 0 },
};

#define SEM_STEPS	ARRAY_SIZE(sem_table)
#define SEM_CTXS	3

enum sem_obs { OBS_NONE, OBS_XEN, OBS_ARM64 };

struct sem_res {
	bool ran, ok;
	s8 active, enable, pause, flushed, batched;
};

struct sem_run {
	const char *ctx;
	enum sem_obs obs;
	unsigned long page;		/* vmalloc page whose PTE is rewritten */
	u8 enable0, pause0;		/* the task's state on entry */
	struct sem_res r[SEM_STEPS];
	struct completion done;
};

static enum sem_obs sem_obs_kind(void)
{
	if (!lbk_init_mm())
		return OBS_NONE;
#ifdef CONFIG_X86
	if (xen_pv_domain() && lbk_tp_have_mc())
		return OBS_XEN;
#endif
#if defined(CONFIG_ARM64) && defined(TIF_LAZY_MMU_PENDING)
	return OBS_ARM64;
#endif
	return OBS_NONE;
}

static const char *sem_obs_name(enum sem_obs o)
{
	switch (o) {
	case OBS_XEN:
		return "Xen PV multicalls (xen_mc_flush in the call, xen_mc_batch in a PTE write)";
	case OBS_ARM64:
		return "arm64 TIF_LAZY_MMU_PENDING (cleared by the call, set by one PTE write)";
	default:
		return NULL;
	}
}

/* arm64: a deferred barrier is pending; Xen: flushes/batches seen so far */
static unsigned int sem_flushes(enum sem_obs o)
{
	unsigned int b, f;

	if (o == OBS_XEN) {
		lbk_tp_mc_read(&b, &f);
		return f;
	}
	return 0;
}

static unsigned int sem_batches(enum sem_obs o)
{
	unsigned int b, f;

	if (o == OBS_XEN) {
		lbk_tp_mc_read(&b, &f);
		return b;
	}
	return 0;
}

static bool sem_pending(enum sem_obs o)
{
#if defined(CONFIG_ARM64) && defined(TIF_LAZY_MMU_PENDING)
	if (o == OBS_ARM64)
		return test_thread_flag(TIF_LAZY_MMU_PENDING);
#endif
	return false;
}

static void sem_act(enum sem_act a)
{
	switch (a) {
	case A_ENABLE:
		lazy_mmu_mode_enable();
		break;
	case A_DISABLE:
		lazy_mmu_mode_disable();
		break;
	case A_PAUSE:
		lazy_mmu_mode_pause();
		break;
	case A_RESUME:
		lazy_mmu_mode_resume();
		break;
	case A_PAUSE_RESUME:
		lazy_mmu_mode_pause();
		lazy_mmu_mode_resume();
		break;
	default:
		break;
	}
}

static void sem_record(struct sem_res *r)
{
	const struct lazy_mmu_state *s = &current->lazy_mmu_state;

	r->active = is_lazy_mmu_mode_active();
	r->enable = s->enable_count;
	r->pause = s->pause_count;
}

/* one step: the call, the state after it, then one PTE write */
static void sem_step(struct sem_run *run, unsigned int i)
{
	const struct sem_step *st = &sem_table[i];
	struct sem_res *r = &run->r[i];
	unsigned int f0, b0;
	bool p0;

	r->flushed = X;
	r->batched = X;
	p0 = sem_pending(run->obs);
	f0 = sem_flushes(run->obs);
	if (st->act == A_SOFTIRQ) {
		/* in_interrupt() is true with softirqs disabled: the API is inert */
		local_bh_disable();
		lazy_mmu_mode_enable();
		sem_record(r);
		lazy_mmu_mode_disable();
		local_bh_enable();
		return;
	}
	sem_act(st->act);
	sem_record(r);
	if (run->obs == OBS_NONE)
		return;
	if (run->obs == OBS_XEN)
		r->flushed = sem_flushes(run->obs) != f0;
	else
		r->flushed = p0 && !sem_pending(run->obs);
	b0 = sem_batches(run->obs);
	if (lbk_rewrite_kernel_pte(run->page))
		return;
	if (run->obs == OBS_XEN)
		r->batched = sem_batches(run->obs) != b0;
	else
		r->batched = sem_pending(run->obs);
}

static bool sem_match(s8 want, s8 got)
{
	return want == X || got == X || want == got;
}

/* runs in the task under test */
static void sem_table_run(struct sem_run *run)
{
	const struct lazy_mmu_state *s = &current->lazy_mmu_state;
	unsigned int i;

	run->enable0 = s->enable_count;
	run->pause0 = s->pause_count;
	if (run->enable0 || run->pause0)
		return;		/* reported as failed, the state is left alone */
	/* no context switch inside the table: the hooks must not add flushes */
	preempt_disable();
	for (i = 0; i < SEM_STEPS; i++) {
		sem_step(run, i);
		run->r[i].ran = true;
	}
	preempt_enable();
	for (i = 0; i < SEM_STEPS; i++) {
		const struct sem_step *st = &sem_table[i];
		struct sem_res *r = &run->r[i];

		r->ok = r->active == st->active && r->enable == st->enable &&
			r->pause == st->pause && sem_match(st->flushed, r->flushed) &&
			sem_match(st->batched, r->batched);
	}
}

static int sem_kthread(void *data)
{
	struct sem_run *run = data;

	sem_table_run(run);
	complete(&run->done);
	return 0;
}

static int sem_in_task(struct sem_run *run, bool kthread, bool switch_first)
{
	struct task_struct *t;
	int ret;

	init_completion(&run->done);
	if (!kthread) {
		if (switch_first)
			schedule_timeout_uninterruptible(1);
		if (run->obs == OBS_XEN) {
			ret = lbk_tp_mc_start(current);
			if (ret)
				return ret;
		}
		sem_table_run(run);
		if (run->obs == OBS_XEN)
			lbk_tp_mc_stop();
		return 0;
	}
	t = kthread_create(sem_kthread, run, "lazybench-sem");
	if (IS_ERR(t))
		return PTR_ERR(t);
	if (run->obs == OBS_XEN) {
		ret = lbk_tp_mc_start(t);
		if (ret) {
			kthread_stop(t);
			return ret;
		}
	}
	get_task_struct(t);
	wake_up_process(t);
	wait_for_completion(&run->done);
	if (run->obs == OBS_XEN)
		lbk_tp_mc_stop();
	kthread_stop(t);
	put_task_struct(t);
	return 0;
}

static void sem_val(struct seq_file *m, const char *name, s8 v)
{
	if (v == X)
		seq_printf(m, " %s=-", name);
	else
		seq_printf(m, " %s=%d", name, v);
}

static unsigned int sem_print(struct seq_file *m, const struct sem_run *run, unsigned int n)
{
	unsigned int i, failed = 0;

	for (i = 0; i < SEM_STEPS; i++, n++) {
		const struct sem_step *st = &sem_table[i];
		const struct sem_res *r = &run->r[i];

		if (!r->ran) {
			seq_printf(m, "not ok %u - %s: %s: not run, task entered at enable_count=%u pause_count=%u (expected 0/0)\n",
				   n, run->ctx, st->what, run->enable0, run->pause0);
			failed++;
			continue;
		}
		seq_printf(m, "%s %u - %s: %s:", r->ok ? "ok" : "not ok", n, run->ctx, st->what);
		sem_val(m, "active", r->active);
		sem_val(m, "enable_count", r->enable);
		sem_val(m, "pause_count", r->pause);
		sem_val(m, "flushed", r->flushed);
		sem_val(m, "batched", r->batched);
		if (!r->ok) {
			seq_puts(m, " (expected");
			sem_val(m, "active", st->active);
			sem_val(m, "enable_count", st->enable);
			sem_val(m, "pause_count", st->pause);
			sem_val(m, "flushed", st->flushed);
			sem_val(m, "batched", st->batched);
			seq_putc(m, ')');
			failed++;
		}
		seq_putc(m, '\n');
	}
	return failed;
}

int lbk_semantics_show(struct seq_file *m, void *unused)
{
	static const char *const ctx[SEM_CTXS] = {
		"caller", "new kthread", "caller after a context switch"
	};
	struct sem_run *runs;
	enum sem_obs obs = sem_obs_kind();
	unsigned int c, n = 1, failed = 0;
	void *page;
	int ret = 0;

	runs = kcalloc(SEM_CTXS, sizeof(*runs), GFP_KERNEL);
	page = vmalloc(PAGE_SIZE);
	if (!runs || !page) {
		ret = -ENOMEM;
		goto out;
	}
	for (c = 0; c < SEM_CTXS && !ret; c++) {
		runs[c].ctx = ctx[c];
		runs[c].obs = obs;
		runs[c].page = (unsigned long)page;
		ret = sem_in_task(&runs[c], c == 1, c == 2);
	}
	if (ret)
		goto out;
	seq_printf(m, "1..%zu\n", SEM_CTXS * SEM_STEPS);
	seq_printf(m, "# lazy MMU arch: %s\n", lb_lazy_arch());
	if (sem_obs_name(obs))
		seq_printf(m, "# arch effects observed through %s\n", sem_obs_name(obs));
	else
		seq_puts(m, "# arch effects: not observable here (flushed/batched not checked)\n");
	for (c = 0; c < SEM_CTXS; c++) {
		failed += sem_print(m, &runs[c], n);
		n += SEM_STEPS;
	}
	pr_info("semantics: %u of %zu checks failed (entry state: caller %u/%u, new kthread %u/%u)\n",
		failed, SEM_CTXS * SEM_STEPS, runs[0].enable0, runs[0].pause0,
		runs[1].enable0, runs[1].pause0);
out:
	vfree(page);
	kfree(runs);
	return ret;
}
#else
int lbk_semantics_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "1..0 # SKIP no v7.0+ lazy_mmu_mode API with is_lazy_mmu_mode_active() in this kernel, or the mode is a stub here (%s)\n",
		   lb_lazy_arch());
	pr_info("semantics: SKIP (no v7.0+ lazy MMU API here)\n");
	return 0;
}
#endif
