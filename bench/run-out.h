/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `lazybench run` tells while it runs, one file per output, as compare's formats
 * are: the progress on stderr (run-out-progress.c, always), and on stdout either the
 * summary as text (run-out-text.c) or TAP with the summary as diagnostics
 * (run-out-tap.c, --tap). The run's files (summary.txt, meta.json) are not outputs here:
 * they are the run directory's (bench/rundir/).
 */
#ifndef LAZYBENCH_RUN_OUT_H
#define LAZYBENCH_RUN_OUT_H

#include <stdint.h>

/* how a size point ended */
enum lb_point_end {
	LB_PT_DONE,		/* measured: med_ns, ns_pte, cv */
	LB_PT_SKIPPED,		/* not supported here: reason */
	LB_PT_FAILED,		/* a hook or the op failed: reason */
	LB_PT_STOPPED,		/* a signal stopped the run after nrows repetitions */
	LB_PT_NOMEM,		/* no memory for its samples */
};

struct lb_point_out {
	unsigned long n, npoints;	/* this is point n (from 1) of npoints */
	const char *workload;
	uint64_t pages;
	enum lb_point_end end;
	const char *reason;
	unsigned long nrows;
	double med_ns, ns_pte, cv;	/* the clean samples' median, per PTE; cv a fraction */
};

struct lb_run_out {
	/* before the first point (tcg: the times are an emulator's) */
	void (*begin)(unsigned long npoints, int tcg);
	void (*point_begin)(const struct lb_point_out *p);
	void (*point_end)(const struct lb_point_out *p);
	/* the summary (summary.txt's text) when the run ends, however it ends */
	void (*summary)(const char *text);
	/* the run ends early (a signal, a failed write): why */
	void (*stopped)(const char *why);
};

extern const struct lb_run_out lb_out_progress, lb_out_text, lb_out_tap;

/* each line of text on stdout, after prefix ("" or TAP's "# ") */
void lb_out_lines(const char *prefix, const char *text);

#endif
