/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lazybench: was the timed task switched out or migrated inside the window? Counted by
 * the software events context-switches and cpu-migrations (free-running, read before and
 * after the window), or, where perf cannot open them, by getrusage(RUSAGE_THREAD)'s
 * nvcsw + nivcsw and the CPU (getcpu) before and after.
 */
#ifndef LAZYBENCH_CONTAM_H
#define LAZYBENCH_CONTAM_H

#include <stdint.h>

struct lb_contam {
	int fd_cs, fd_mig;	/* perf software events, -1 when not open (or closed) */
	int perf;		/* counted by perf: set when opened, kept after closing */
	const char *source;	/* "perf" or "getrusage" */
	char reason[160];	/* why perf was not used */
};

struct lb_contam_snap {
	uint64_t cs, mig;	/* perf counts, or nvcsw+nivcsw and the CPU */
	int ok;
};

void lb_contam_open(struct lb_contam *c);
void lb_contam_close(struct lb_contam *c);
void lb_contam_snapshot(const struct lb_contam *c, struct lb_contam_snap *s);
/* switches and migrations between two snapshots; NaN when a snapshot failed */
void lb_contam_delta(const struct lb_contam *c, const struct lb_contam_snap *a,
		     const struct lb_contam_snap *b, double *cs, double *mig);

#endif
