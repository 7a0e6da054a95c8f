// SPDX-License-Identifier: GPL-2.0
/*
 * threads: threads kthreads, started once per size point and each bound to
 * one online CPU (round robin, like test_vmalloc), each doing vmalloc(pages)
 * + one write per page + vfree() per repetition, all released together.
 * Adjacent vmalloc areas share KASAN shadow pages, so under KASAN_VMALLOC the
 * workers populate shadow concurrently; the depopulate runs only in the purge,
 * which the module drains after the sample, outside the window.
 * One sample's ns = wall time from the release until the last thread is done
 * (it includes waking the threads); every worker also times its own round,
 * and the sample carries the slowest and the fastest of those (kslowest,
 * kfastest). ptes = pages x threads.
 *
 * Ordering: the coordinator sets remaining and the workers' results, then
 * publishes the new generation with a release store; a worker reads it with
 * an acquire load, so it never sees the generation without the state.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/err.h>
#include <linux/cpumask.h>
#include <linux/ktime.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include "lazybench.h"

struct thr_state;

struct thr_worker {
	struct thr_state *st;
	struct task_struct *task;
	u64 ns;				/* this worker's last round */
	int err;
};

struct thr_state {
	unsigned long pages;
	unsigned int n;
	unsigned long gen;		/* bumped by the coordinator to start a round */
	wait_queue_head_t wq;
	atomic_t remaining;
	struct completion done;
	struct thr_worker w[];
};

static int thr_round(struct thr_worker *w)
{
	u64 t0 = ktime_get_raw_ns();
	unsigned long i;
	char *p = vmalloc(w->st->pages << PAGE_SHIFT);

	if (!p)
		return -ENOMEM;
	for (i = 0; i < w->st->pages; i++)
		WRITE_ONCE(p[i << PAGE_SHIFT], 1);
	vfree(p);
	w->ns = ktime_get_raw_ns() - t0;
	return 0;
}

static int thr_fn(void *data)
{
	struct thr_worker *w = data;
	struct thr_state *st = w->st;
	unsigned long seen = 0;

	for (;;) {
		/* interruptible: idle workers must not look like hung tasks */
		/* acquire: pairs with the release in thr_op(), remaining is set */
		wait_event_interruptible(st->wq, smp_load_acquire(&st->gen) != seen ||
					 kthread_should_stop());
		if (kthread_should_stop())
			break;
		seen = smp_load_acquire(&st->gen);	/* pairs with thr_op() */
		w->err = thr_round(w);
		if (atomic_dec_and_test(&st->remaining))
			complete(&st->done);
	}
	return 0;
}

static unsigned long thr_mem(const struct lbk_inst *in)
{
	return in->pages * in->threads;
}

static void thr_stop(struct thr_state *st, unsigned int n)
{
	unsigned int i;

	/* kthread_stop() wakes the thread; wait_event() then sees should_stop */
	for (i = 0; i < n; i++)
		kthread_stop(st->w[i].task);
}

static int thr_init(struct lbk_inst *in)
{
	struct thr_state *st;
	unsigned int i;

	st = kzalloc(struct_size(st, w, in->threads), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->pages = in->pages;
	st->n = in->threads;
	init_waitqueue_head(&st->wq);
	init_completion(&st->done);
	for (i = 0; i < st->n; i++) {
		struct task_struct *t;

		st->w[i].st = st;
		t = kthread_create(thr_fn, &st->w[i], "lazybench/%u", i);
		if (IS_ERR(t)) {
			thr_stop(st, i);
			kfree(st);
			return PTR_ERR(t);
		}
		kthread_bind(t, cpumask_local_spread(i, NUMA_NO_NODE));
		wake_up_process(t);
		st->w[i].task = t;
	}
	in->priv = st;
	return 0;
}

static int thr_op(struct lbk_inst *in)
{
	struct thr_state *st = in->priv;
	unsigned int i;
	int ret = 0;

	reinit_completion(&st->done);
	atomic_set(&st->remaining, st->n);
	for (i = 0; i < st->n; i++)
		st->w[i].ns = 0;
	/* release: remaining and ns are visible to a worker that sees gen */
	smp_store_release(&st->gen, st->gen + 1);
	wake_up_all(&st->wq);
	wait_for_completion(&st->done);
	in->wmax = 0;
	in->wmin = U64_MAX;
	for (i = 0; i < st->n; i++) {
		if (st->w[i].err)
			ret = st->w[i].err;
		in->wmax = max(in->wmax, st->w[i].ns);
		in->wmin = min(in->wmin, st->w[i].ns);
	}
	return ret;
}

static void thr_fini(struct lbk_inst *in)
{
	struct thr_state *st = in->priv;

	if (!st)
		return;
	thr_stop(st, st->n);
	kfree(st);
	in->priv = NULL;
}

const struct lbk_workload lbk_wl_threads = {
	.name = "threads",
	.desc = "N kthreads (threads=), one per CPU, each vmalloc+touch+vfree concurrently",
	.flags = LBK_WL_THREADS,
	.mem_pages = thr_mem,
	.init = thr_init,
	.op = thr_op,
	.fini = thr_fini,
};
