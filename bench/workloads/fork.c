// SPDX-License-Identifier: GPL-2.0
/*
 * fork: the parent times fork() alone. The child never runs inside the parent's window:
 *  - it cannot preempt the parent: around the fork the parent is SCHED_FIFO with
 *    SCHED_RESET_ON_FORK (the child starts as SCHED_OTHER and waits until the parent
 *    blocks), or, where real-time priority is not allowed, SCHED_BATCH (a batch child
 *    never preempts at wake-up; only a tick could, and the contam column then says so);
 *  - it blocks on a pipe until cleanup, so even a child that does get the CPU cannot
 *    exit (tear the copied range down) on the parent's clock.
 * cleanup drops the priority, closes the pipe and waits for the child, outside the window.
 * The claim is measured, not assumed: the child's first act is to set a flag in a shared
 * page, which the parent reads as soon as fork() returns; the extra column child_in_window
 * is 1 when the child had already run by then.
 * What remains in the window: copy_pte_range of the populated range, the fixed part of
 * fork (task creation, the copy of the process's other small VMAs; --pages 1 shows it),
 * and the parent's own COW faults on its stack on the way back from fork().
 * prepare writes every page again, so each fork starts from writable, exclusive PTEs
 * (the previous fork write-protected them).
 * fork-thp (h:1): the range is PTE-mapped 2 MiB THP folios, mapped afresh (and verified)
 * before every fork, so each fork starts from exclusive, writable large folios.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "workload.h"

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif

struct fork_state {
	void *p;
	pid_t child;
	int pipe[2];
	int policy;		/* the policy used around the fork */
	volatile int *ran;	/* shared page: the child has run */
};

static struct fork_state fork_st = { .pipe = { -1, -1 } };

/* the parent's policy around the fork: FIFO where allowed, else BATCH */
static int fork_sched_enter(void)
{
	struct sched_param sp = { .sched_priority = 1 };

	if (fork_st.policy == SCHED_FIFO &&
	    !sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &sp))
		return 0;
	fork_st.policy = SCHED_BATCH;
	sp.sched_priority = 0;
	return sched_setscheduler(0, SCHED_BATCH, &sp) ? -errno : 0;
}

static void fork_sched_leave(void)
{
	struct sched_param sp = { .sched_priority = 0 };

	sched_setscheduler(0, SCHED_OTHER, &sp);
}

static int fork_init(struct lb_ctx *ctx)
{
	fork_st.child = 0;
	fork_st.policy = SCHED_FIFO;
	fork_st.ran = mmap(NULL, ctx->page_size, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (fork_st.ran == MAP_FAILED) {
		fork_st.ran = NULL;
		return -errno;
	}
	fork_st.p = lb_map_fixed(0, 0, ctx->pages, ctx->page_size);
	if (!fork_st.p)
		return -errno;
	ctx->priv = &fork_st;
	return 0;
}

static void close_pipe(void)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (fork_st.pipe[i] >= 0)
			close(fork_st.pipe[i]);
		fork_st.pipe[i] = -1;
	}
}

static int fork_prepare(struct lb_ctx *ctx)
{
	lb_populate(fork_st.p, ctx->pages, ctx->page_size);
	*fork_st.ran = 0;
	if (pipe2(fork_st.pipe, O_CLOEXEC))
		return -errno;
	return fork_sched_enter();
}

static int fork_op(struct lb_ctx *ctx)
{
	pid_t pid;
	char c;

	(void)ctx;
	pid = fork();
	if (pid == 0) {
		*fork_st.ran = 1;
		/* until the parent's cleanup closes the write end */
		close(fork_st.pipe[1]);
		while (read(fork_st.pipe[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	if (pid < 0)
		return -errno;
	ctx->extra_val[0] = *fork_st.ran;
	fork_st.child = pid;
	return 0;
}

static int fork_cleanup(struct lb_ctx *ctx)
{
	int status;

	(void)ctx;
	fork_sched_leave();
	close_pipe();
	if (fork_st.child <= 0)
		return 0;
	while (waitpid(fork_st.child, &status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	fork_st.child = 0;
	return 0;
}

static void fork_fini(struct lb_ctx *ctx)
{
	fork_cleanup(ctx);
	if (fork_st.p)
		munmap(fork_st.p, ctx->pages * ctx->page_size);
	if (fork_st.ran)
		munmap((void *)fork_st.ran, ctx->page_size);
	fork_st.p = NULL;
	fork_st.ran = NULL;
	ctx->priv = NULL;
}

static int fork_thp_init(struct lb_ctx *ctx)
{
	int r = lb_thp_init(ctx);

	if (r)
		return r;
	fork_st.child = 0;
	fork_st.policy = SCHED_FIFO;
	fork_st.ran = mmap(NULL, ctx->page_size, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (fork_st.ran == MAP_FAILED) {
		fork_st.ran = NULL;
		return -errno;
	}
	ctx->priv = &fork_st;
	return 0;
}

static int fork_thp_prepare(struct lb_ctx *ctx)
{
	int r;

	if (fork_st.p)
		munmap(fork_st.p, ctx->pages * ctx->page_size);
	fork_st.p = lb_map_thp_pte(ctx, 0);
	if (!fork_st.p)
		return -errno;
	r = lb_thp_verify(ctx, fork_st.p);
	if (r)
		return r;
	*fork_st.ran = 0;
	if (pipe2(fork_st.pipe, O_CLOEXEC))
		return -errno;
	return fork_sched_enter();
}

static int fork_thp_op(struct lb_ctx *ctx)
{
	double fp = ctx->extra_val[0];
	int r = fork_op(ctx);

	/* fork_op's child_in_window goes to column 1 here */
	ctx->extra_val[1] = ctx->extra_val[0];
	ctx->extra_val[0] = fp;
	return r;
}

static void fork_thp_fini(struct lb_ctx *ctx)
{
	fork_fini(ctx);
	lb_thp_fini(ctx);
}

static const char *const fork_thp_cols[] = { "folio_pages", "child_in_window", NULL };

static const struct lb_workload wl_fork_thp = {
	.name = "fork-thp",
	.desc = "h:1: fork() of a process with PTE-mapped 2 MiB THP folios (the child waits)",
	.kpath = "fork -> dup_mmap -> copy_page_range -> copy_pte_range (folio batches)",
	.flags = LB_WL_NOT_DEFAULT,
	.extra_cols = fork_thp_cols,
	.init = fork_thp_init,
	.prepare = fork_thp_prepare,
	.op = fork_thp_op,
	.cleanup = fork_cleanup,
	.fini = fork_thp_fini,
};
LB_WORKLOAD(wl_fork_thp);

static const char *const fork_cols[] = { "child_in_window", NULL };

static const struct lb_workload wl_fork = {
	.name = "fork",
	.desc = "fork() of a process with a populated range (parent side; the child waits)",
	.kpath = "fork -> dup_mmap -> copy_page_range -> copy_pte_range",
	.extra_cols = fork_cols,
	.init = fork_init,
	.prepare = fork_prepare,
	.op = fork_op,
	.cleanup = fork_cleanup,
	.fini = fork_fini,
};
LB_WORKLOAD(wl_fork);
