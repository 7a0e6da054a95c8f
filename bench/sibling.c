// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench: a sibling thread for the *-mt workloads (munmap-mt, mprotect-mt): the
 * process's mm live on another CPU, as in any multi-threaded program.
 * lb_sibling_start() starts a second thread that pins itself to another CPU, runs there
 * once (so that CPU switches to this mm) and then sleeps in read() on a pipe until
 * lb_sibling_stop(). It never runs inside a window; the CPU it left stays idle with this
 * mm loaded (lazy TLB) unless other work runs there, so the kernel must treat the
 * range's TLB entries as possibly cached on two CPUs. What that costs is the arch's:
 * s390 issues one IPTE per PTE (ptep_flush_lazy: another CPU is attached) instead of
 * deferring to one flush per operation (measured, docs/emu.md); x86 sends no IPI to a
 * CPU idling in lazy TLB mode unless page tables are freed.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "workload.h"

const char *const lb_sibling_cols[] = { "other_cpu", NULL };

static struct {
	pthread_t thread;
	int pipe[2];		/* the thread sleeps reading [0]; fini closes [1] */
	int ran_cpu;		/* the other CPU it ran on, or -errno */
	int started;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int ready;
} sib = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

/* the thread: pin itself to the first online CPU other than the main thread's */
static void *sib_thread(void *arg)
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
	pthread_mutex_lock(&sib.lock);
	sib.ran_cpu = r;
	sib.ready = 1;
	pthread_cond_signal(&sib.cond);
	pthread_mutex_unlock(&sib.lock);
	while (read(sib.pipe[0], &c, 1) < 0 && errno == EINTR)
		;
	return NULL;
}

int lb_sibling_start(struct lb_ctx *ctx)
{
	static int mine;
	int r;

	mine = sched_getcpu();
	if (pipe(sib.pipe))
		return -errno;
	sib.ready = 0;
	r = pthread_create(&sib.thread, NULL, sib_thread, &mine);
	if (r) {
		close(sib.pipe[0]);
		close(sib.pipe[1]);
		return -r;
	}
	sib.started = 1;
	pthread_mutex_lock(&sib.lock);
	while (!sib.ready)
		pthread_cond_wait(&sib.cond, &sib.lock);
	pthread_mutex_unlock(&sib.lock);
	if (sib.ran_cpu == -ENODEV) {
		snprintf(ctx->skip_reason, sizeof(ctx->skip_reason),
			 "needs a second CPU for the other thread (this one has CPU %d only)",
			 mine);
		return LB_SKIP;
	}
	if (sib.ran_cpu < 0) {
		snprintf(ctx->skip_reason, sizeof(ctx->skip_reason),
			 "the other thread was pinned but did not run on its CPU");
		return LB_SKIP;
	}
	return 0;
}

void lb_sibling_stop(void)
{
	if (!sib.started)
		return;
	close(sib.pipe[1]);
	pthread_join(sib.thread, NULL);
	close(sib.pipe[0]);
	sib.started = 0;
}

int lb_sibling_cpu(void)
{
	return sib.ran_cpu;
}
