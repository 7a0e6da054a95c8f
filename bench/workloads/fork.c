// SPDX-License-Identifier: GPL-2.0
/*
 * fork: the parent times fork() alone; the child _exit(0)s at once; waitpid is in
 * cleanup. The window holds copy_pte_range of the populated range and also the fixed
 * part of fork: task creation and the copy of the process's other (small) VMAs. Run it
 * with --pages 1 to see that fixed part. prepare writes every page again, so each fork
 * starts from writable, exclusive PTEs (the previous fork write-protected them).
 */
#include <errno.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "workload.h"

struct fork_state {
	void *p;
	pid_t child;
};

static struct fork_state fork_st;

static int fork_init(struct lb_ctx *ctx)
{
	fork_st.child = 0;
	fork_st.p = lb_map_fixed(0, 0, ctx->pages, ctx->page_size);
	if (!fork_st.p)
		return -errno;
	ctx->priv = &fork_st;
	return 0;
}

static int fork_prepare(struct lb_ctx *ctx)
{
	lb_populate(fork_st.p, ctx->pages, ctx->page_size);
	return 0;
}

static int fork_op(struct lb_ctx *ctx)
{
	pid_t pid;

	(void)ctx;
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return -errno;
	fork_st.child = pid;
	return 0;
}

static int fork_cleanup(struct lb_ctx *ctx)
{
	int status;

	(void)ctx;
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
	fork_st.p = NULL;
	ctx->priv = NULL;
}

static const struct lb_workload wl_fork = {
	.name = "fork",
	.desc = "fork() of a process with a populated range (parent side, child exits)",
	.kpath = "fork -> dup_mmap -> copy_page_range -> copy_pte_range",
	.init = fork_init,
	.prepare = fork_prepare,
	.op = fork_op,
	.cleanup = fork_cleanup,
	.fini = fork_fini,
};
LB_WORKLOAD(wl_fork);
