// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench run --tap: TAP 13 on stdout, one test per size point (ok, ok # SKIP, not ok),
 * the summary as diagnostics, "Bail out!" when the run stops early (see run-out.h).
 */
#include <stdio.h>

#include "run-out.h"

static void tap_begin(unsigned long npoints, int tcg)
{
	printf("TAP version 13\n1..%lu\n", npoints);
	if (tcg)
		printf("# emulated (TCG): times are not hardware times\n");
}

static void tap_point_end(const struct lb_point_out *p)
{
	switch (p->end) {
	case LB_PT_DONE:
		printf("ok %lu - %s pages=%llu: %.3f ns/PTE (cv %.1f%%)\n", p->n, p->workload,
		       (unsigned long long)p->pages, p->ns_pte, p->cv * 100);
		break;
	case LB_PT_SKIPPED:
		printf("ok %lu - %s pages=%llu # SKIP %s\n", p->n, p->workload,
		       (unsigned long long)p->pages, p->reason);
		break;
	case LB_PT_FAILED:
		printf("not ok %lu - %s pages=%llu: %s\n", p->n, p->workload,
		       (unsigned long long)p->pages, p->reason);
		break;
	case LB_PT_STOPPED:	/* "Bail out!" follows */
	case LB_PT_NOMEM:	/* a failure, listed in the summary */
		break;
	}
}

static void tap_summary(const char *text)
{
	lb_out_lines("# ", text);
}

static void tap_stopped(const char *why)
{
	printf("Bail out! %s\n", why);
}

const struct lb_run_out lb_out_tap = {
	.begin = tap_begin,
	.point_end = tap_point_end,
	.summary = tap_summary,
	.stopped = tap_stopped,
};
