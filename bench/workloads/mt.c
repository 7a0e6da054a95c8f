// SPDX-License-Identifier: GPL-2.0
/*
 * munmap-mt, mprotect-mt: munmap and mprotect while the process's mm is also live on
 * another CPU, as in any multi-threaded program. init() starts a second thread on another
 * CPU; it runs there once (so that CPU switches to this mm) and then sleeps in read() on a
 * pipe until fini(). Nothing else runs in the window: the thread sleeps throughout, and
 * the CPU it left stays idle with this mm loaded (lazy TLB) unless other work runs there.
 * So the kernel must treat the range's TLB entries as possibly cached on two CPUs. What
 * that costs is the arch's: s390 issues one IPTE per PTE (ptep_flush_lazy: another CPU
 * is attached) instead of deferring to one flush per operation (measured, docs/emu.md);
 * x86 sends no IPI to a CPU idling in lazy TLB mode unless page tables are freed.
 * SKIP when no other CPU is allowed.
 * Extra column other_cpu: the CPU the thread ran on.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "workload.h"

static const char *const mt_cols[] = { "other_cpu", NULL };

static struct {
	pthread_t thread;
	int pipe[2];		/* the thread sleeps reading [0]; fini closes [1] */
	int ran_cpu;		/* the other CPU it ran on, or -errno */
	int started;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int ready;
} mt = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

/* the thread: pin itself to the first online CPU other than the main thread's */
static void *mt_thread(void *arg)
{
	long n = sysconf(_SC_NPROCESSORS_CONF);
	int mine = *(int *)arg, cpu, r = -ENODEV;
	cpu_set_t set;
	char c;

	for (cpu = 0; cpu < CPU_SETSIZE && cpu < n && r; cpu++) {
		if (cpu == mine)
			continue;
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set))
			continue;	/* offline, or not in our cpuset */
		r = sched_getcpu() == cpu ? cpu : -EAGAIN;
	}
	pthread_mutex_lock(&mt.lock);
	mt.ran_cpu = r;
	mt.ready = 1;
	pthread_cond_signal(&mt.cond);
	pthread_mutex_unlock(&mt.lock);
	while (read(mt.pipe[0], &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

static int mt_start(struct lb_ctx *ctx)
{
	static int mine;
	int r;

	mine = sched_getcpu();
	if (pipe(mt.pipe))
		return -errno;
	mt.ready = 0;
	r = pthread_create(&mt.thread, NULL, mt_thread, &mine);
	if (r) {
		close(mt.pipe[0]);
		close(mt.pipe[1]);
		return -r;
	}
	mt.started = 1;
	pthread_mutex_lock(&mt.lock);
	while (!mt.ready)
		pthread_cond_wait(&mt.cond, &mt.lock);
	pthread_mutex_unlock(&mt.lock);
	if (mt.ran_cpu == -ENODEV) {
		snprintf(ctx->skip_reason, sizeof(ctx->skip_reason),
			 "needs a second CPU for the other thread (this one has CPU %d only)",
			 mine);
		return LB_SKIP;
	}
	if (mt.ran_cpu < 0) {
		snprintf(ctx->skip_reason, sizeof(ctx->skip_reason),
			 "the other thread was pinned but did not run on its CPU");
		return LB_SKIP;
	}
	return 0;
}

static void mt_stop(void)
{
	if (!mt.started)
		return;
	close(mt.pipe[1]);
	pthread_join(mt.thread, NULL);
	close(mt.pipe[0]);
	mt.started = 0;
}

static void mt_fini(struct lb_ctx *ctx)
{
	lb_unmap_fini(ctx);
	mt_stop();
}

static int munmap_mt_prepare(struct lb_ctx *ctx)
{
	ctx->extra_val[0] = mt.ran_cpu;
	return lb_map_populated(ctx);
}

static int munmap_mt_op(struct lb_ctx *ctx)
{
	if (munmap(ctx->priv, ctx->pages * ctx->page_size))
		return -errno;
	ctx->priv = NULL;
	return 0;
}

static const struct lb_workload wl_munmap_mt = {
	.name = "munmap-mt",
	.desc = "munmap a populated range while the mm is live on another CPU too",
	.kpath = "munmap -> unmap_region -> zap_pte_range (mm on two CPUs)",
	.flags = LB_WL_NOT_DEFAULT,
	.extra_cols = mt_cols,
	.init = mt_start,
	.prepare = munmap_mt_prepare,
	.op = munmap_mt_op,
	.fini = mt_fini,
};
LB_WORKLOAD(wl_munmap_mt);

static int mprotect_mt_init(struct lb_ctx *ctx)
{
	int r = mt_start(ctx);

	return r ? r : lb_map_populated(ctx);
}

static int mprotect_mt_prepare(struct lb_ctx *ctx)
{
	ctx->extra_val[0] = mt.ran_cpu;
	if (mprotect(ctx->priv, ctx->pages * ctx->page_size, PROT_READ | PROT_WRITE))
		return -errno;
	return 0;
}

static int mprotect_mt_op(struct lb_ctx *ctx)
{
	if (mprotect(ctx->priv, ctx->pages * ctx->page_size, PROT_READ))
		return -errno;
	return 0;
}

static const struct lb_workload wl_mprotect_mt = {
	.name = "mprotect-mt",
	.desc = "mprotect a populated range RW -> RO while the mm is live on another CPU too",
	.kpath = "mprotect -> change_protection -> change_pte_range (mm on two CPUs)",
	.flags = LB_WL_NOT_DEFAULT,
	.extra_cols = mt_cols,
	.init = mprotect_mt_init,
	.prepare = mprotect_mt_prepare,
	.op = mprotect_mt_op,
	.fini = mt_fini,
};
LB_WORKLOAD(wl_mprotect_mt);
