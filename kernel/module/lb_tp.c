// SPDX-License-Identifier: GPL-2.0
/*
 * Counting kernel tracepoints from inside the module, by name: the core
 * counts vmalloc:purge_vmap_area_lazy (any task, any CPU) across every timed
 * window, and the semantics check counts xen:xen_mc_batch/xen_mc_flush made
 * by its own task. Tracepoints are looked up with for_each_kernel_tracepoint()
 * (exported), so kernels without an event simply report it as absent.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "lazybench.h"

struct lbk_tp_find {
	const char *name;
	struct tracepoint *tp;
};

static void lbk_tp_match(struct tracepoint *tp, void *priv)
{
	struct lbk_tp_find *f = priv;

	if (!f->tp && !strcmp(tp->name, f->name))
		f->tp = tp;
}

static struct tracepoint *lbk_tp_find(const char *name)
{
	struct lbk_tp_find f = { .name = name };

	for_each_kernel_tracepoint(lbk_tp_match, &f);
	return f.tp;
}

/*
 * vmalloc:purge_vmap_area_lazy, counted for the whole machine when the purge
 * released at least one area: the event also fires for purges with nothing
 * to do (no TLB flush, no shadow release), e.g. the vm_unmap_aliases() that
 * x86 CPA makes in every set_pages_array_*() call.
 */
static struct tracepoint *lbk_purge_tp;
static atomic_long_t lbk_purges = ATOMIC_LONG_INIT(0);

static void lbk_purge_probe(void *data, unsigned long start, unsigned long end,
			    unsigned int npurged)
{
	if (npurged)
		atomic_long_inc(&lbk_purges);
}

/* xen:xen_mc_batch and xen:xen_mc_flush, counted for one task */
static struct tracepoint *lbk_mc_batch_tp, *lbk_mc_flush_tp;
static struct task_struct *lbk_mc_task;
static atomic_t lbk_mc_batches = ATOMIC_INIT(0), lbk_mc_flushes = ATOMIC_INIT(0);

static void lbk_mc_batch_probe(void *data, unsigned long flags)
{
	if (current == READ_ONCE(lbk_mc_task) && !in_interrupt())
		atomic_inc(&lbk_mc_batches);
}

static void lbk_mc_flush_probe(void *data, unsigned int mcidx, unsigned int argidx,
			       unsigned int cbidx)
{
	/* an empty flush sends nothing: only count flushes of queued calls */
	if (current == READ_ONCE(lbk_mc_task) && !in_interrupt() && mcidx)
		atomic_inc(&lbk_mc_flushes);
}

void lbk_tp_init(void)
{
	lbk_purge_tp = lbk_tp_find("purge_vmap_area_lazy");
	if (lbk_purge_tp && tracepoint_probe_register(lbk_purge_tp, lbk_purge_probe, NULL))
		lbk_purge_tp = NULL;
	lbk_mc_batch_tp = lbk_tp_find("xen_mc_batch");
	lbk_mc_flush_tp = lbk_tp_find("xen_mc_flush");
	if (!lbk_mc_batch_tp || !lbk_mc_flush_tp) {
		lbk_mc_batch_tp = NULL;
		lbk_mc_flush_tp = NULL;
	}
}

void lbk_tp_exit(void)
{
	if (lbk_purge_tp)
		tracepoint_probe_unregister(lbk_purge_tp, lbk_purge_probe, NULL);
	lbk_purge_tp = NULL;
	tracepoint_synchronize_unregister();
}

/* purges seen so far, or -1 when this kernel has no such tracepoint */
long lbk_tp_purges(void)
{
	return lbk_purge_tp ? atomic_long_read(&lbk_purges) : -1;
}

bool lbk_tp_have_mc(void)
{
	return lbk_mc_batch_tp;
}

/* start counting @tsk's multicall batches and flushes */
int lbk_tp_mc_start(struct task_struct *tsk)
{
	int ret;

	if (!lbk_mc_batch_tp)
		return -ENOENT;
	WRITE_ONCE(lbk_mc_task, tsk);
	ret = tracepoint_probe_register(lbk_mc_batch_tp, lbk_mc_batch_probe, NULL);
	if (ret)
		return ret;
	ret = tracepoint_probe_register(lbk_mc_flush_tp, lbk_mc_flush_probe, NULL);
	if (ret)
		tracepoint_probe_unregister(lbk_mc_batch_tp, lbk_mc_batch_probe, NULL);
	return ret;
}

void lbk_tp_mc_stop(void)
{
	tracepoint_probe_unregister(lbk_mc_batch_tp, lbk_mc_batch_probe, NULL);
	tracepoint_probe_unregister(lbk_mc_flush_tp, lbk_mc_flush_probe, NULL);
	tracepoint_synchronize_unregister();
	WRITE_ONCE(lbk_mc_task, NULL);
}

void lbk_tp_mc_read(unsigned int *batches, unsigned int *flushes)
{
	*batches = atomic_read(&lbk_mc_batches);
	*flushes = atomic_read(&lbk_mc_flushes);
}
