// SPDX-License-Identifier: GPL-2.0
/* lazybench run: the progress on stderr, one line per size point (see run-out.h). */
#include <stdio.h>

#include "run-out.h"

static void progress_point_begin(const struct lb_point_out *p)
{
	fprintf(stderr, "lazybench: [%lu/%lu] %s pages=%llu ...", p->n, p->npoints, p->workload,
		(unsigned long long)p->pages);
	fflush(stderr);
}

static void progress_point_end(const struct lb_point_out *p)
{
	switch (p->end) {
	case LB_PT_DONE:
		fprintf(stderr, " %.1f ns/op, %.3f ns/PTE, cv %.1f%%\n", p->med_ns, p->ns_pte,
			p->cv * 100);
		break;
	case LB_PT_SKIPPED:
		fprintf(stderr, " skipped: %s\n", p->reason);
		break;
	case LB_PT_FAILED:
		fprintf(stderr, " FAILED: %s\n", p->reason);
		break;
	case LB_PT_STOPPED:
		fprintf(stderr, " interrupted after %lu reps\n", p->nrows);
		break;
	case LB_PT_NOMEM:
		fprintf(stderr, " out of memory\n");
		break;
	}
}

const struct lb_run_out lb_out_progress = {
	.point_begin = progress_point_begin,
	.point_end = progress_point_end,
};
