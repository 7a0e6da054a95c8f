// SPDX-License-Identifier: GPL-2.0
/* lazybench: context switches and migrations inside the window (see contam.h). */
#include <errno.h>
#include <linux/perf_event.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "contam.h"

static int open_sw(uint64_t config)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_SOFTWARE;
	a.config = config;
	a.exclude_hv = 1;	/* switches are counted in the kernel: exclude_kernel must be 0 */
	return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

void lb_contam_open(struct lb_contam *c)
{
	memset(c, 0, sizeof(*c));
	c->fd_cs = open_sw(PERF_COUNT_SW_CONTEXT_SWITCHES);
	if (c->fd_cs < 0)
		snprintf(c->reason, sizeof(c->reason), "context-switches: %s", strerror(errno));
	c->fd_mig = c->fd_cs < 0 ? -1 : open_sw(PERF_COUNT_SW_CPU_MIGRATIONS);
	if (c->fd_cs >= 0 && c->fd_mig < 0) {
		snprintf(c->reason, sizeof(c->reason), "cpu-migrations: %s", strerror(errno));
		close(c->fd_cs);
		c->fd_cs = -1;
	}
	c->perf = c->fd_cs >= 0;
	c->source = c->perf ? "perf" : "getrusage";
}

void lb_contam_close(struct lb_contam *c)
{
	if (c->fd_cs >= 0)
		close(c->fd_cs);
	if (c->fd_mig >= 0)
		close(c->fd_mig);
	c->fd_cs = c->fd_mig = -1;
}

void lb_contam_snapshot(const struct lb_contam *c, struct lb_contam_snap *s)
{
	struct rusage ru;
	unsigned int cpu = 0;

	s->ok = 0;
	if (c->fd_cs >= 0) {
		s->ok = read(c->fd_cs, &s->cs, sizeof(s->cs)) == sizeof(s->cs) &&
			read(c->fd_mig, &s->mig, sizeof(s->mig)) == sizeof(s->mig);
		return;
	}
	if (getrusage(RUSAGE_THREAD, &ru) || syscall(SYS_getcpu, &cpu, NULL, NULL))
		return;
	s->cs = (uint64_t)ru.ru_nvcsw + (uint64_t)ru.ru_nivcsw;
	s->mig = cpu;
	s->ok = 1;
}

void lb_contam_delta(const struct lb_contam *c, const struct lb_contam_snap *a,
		     const struct lb_contam_snap *b, double *cs, double *mig)
{
	if (!a->ok || !b->ok) {
		*cs = *mig = NAN;
		return;
	}
	*cs = (double)(b->cs - a->cs);
	/* getrusage: a CPU change is at least one migration */
	*mig = c->perf ? (double)(b->mig - a->mig) : (double)(a->mig != b->mig);
}
