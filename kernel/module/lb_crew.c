// SPDX-License-Identifier: GPL-2.0
/*
 * A crew: n kthreads, each bound to one online CPU (round robin, like
 * test_vmalloc), started once per size point and released together for each
 * repetition. The threads and race-* workloads use it; each worker calls the
 * workload's round function with its index.
 *
 * Ordering: the coordinator sets remaining and the workers' results, then
 * publishes the new generation with a release store; a worker reads it with
 * an acquire load, so it never sees the generation without the state.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "lazybench.h"

struct lbk_crew;

struct lbk_crew_worker {
	struct lbk_crew *crew;
	struct task_struct *task;	/* NULL: the caller runs this round itself */
	unsigned int idx;
	u64 ns;				/* this worker's last round */
	int err;
};

struct lbk_crew {
	lbk_round_fn round;
	void *data;
	unsigned int n;
	unsigned long gen;		/* bumped by the coordinator to start a round */
	wait_queue_head_t wq;
	atomic_t remaining;
	struct completion done;
	struct lbk_crew_worker w[];
};

static int crew_fn(void *arg)
{
	struct lbk_crew_worker *w = arg;
	struct lbk_crew *c = w->crew;
	unsigned long seen = 0;

	for (;;) {
		/* interruptible: idle workers must not look like hung tasks */
		/* acquire: pairs with the release in lbk_crew_run(), remaining is set */
		wait_event_interruptible(c->wq, smp_load_acquire(&c->gen) != seen ||
					 kthread_should_stop());
		if (kthread_should_stop())
			break;
		seen = smp_load_acquire(&c->gen);	/* pairs with lbk_crew_run() */
		w->err = c->round(c->data, w->idx, &w->ns);
		if (atomic_dec_and_test(&c->remaining))
			complete(&c->done);
	}
	return 0;
}

void lbk_crew_stop(struct lbk_crew *c)
{
	unsigned int i;

	if (!c)
		return;
	/* kthread_stop() wakes the thread; wait_event() then sees should_stop */
	for (i = 0; i < c->n; i++)
		if (c->w[i].task)
			kthread_stop(c->w[i].task);
	kfree(c);
}

struct lbk_crew *lbk_crew_start(unsigned int n, lbk_round_fn round, void *data,
				const char *name, bool inline_one)
{
	struct lbk_crew *c;
	unsigned int i;

	c = kzalloc(struct_size(c, w, n), GFP_KERNEL);
	if (!c)
		return ERR_PTR(-ENOMEM);
	c->round = round;
	c->data = data;
	c->n = n;
	init_waitqueue_head(&c->wq);
	init_completion(&c->done);
	for (i = 0; i < n; i++) {
		c->w[i].crew = c;
		c->w[i].idx = i;
	}
	if (inline_one && n == 1)
		return c;
	for (i = 0; i < n; i++) {
		struct task_struct *t;

		t = kthread_create(crew_fn, &c->w[i], "lazybench/%s%u", name, i);
		if (IS_ERR(t)) {
			lbk_crew_stop(c);
			return ERR_CAST(t);
		}
		kthread_bind(t, cpumask_local_spread(i, NUMA_NO_NODE));
		wake_up_process(t);
		c->w[i].task = t;
	}
	return c;
}

/* one round of every worker; in->wmax/wmin: the slowest and fastest one's ns */
int lbk_crew_run(struct lbk_crew *c, struct lbk_inst *in)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < c->n; i++)
		c->w[i].ns = 0;
	if (!c->w[0].task) {
		c->w[0].err = c->round(c->data, 0, &c->w[0].ns);
	} else {
		reinit_completion(&c->done);
		atomic_set(&c->remaining, c->n);
		/* release: remaining and ns are visible to a worker that sees gen */
		smp_store_release(&c->gen, c->gen + 1);
		wake_up_all(&c->wq);
		wait_for_completion(&c->done);
	}
	in->wmax = 0;
	in->wmin = U64_MAX;
	for (i = 0; i < c->n; i++) {
		if (c->w[i].err)
			ret = c->w[i].err;
		in->wmax = max(in->wmax, c->w[i].ns);
		in->wmin = min(in->wmin, c->w[i].ns);
	}
	return ret;
}
