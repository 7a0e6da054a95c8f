/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by compare and plot: a set of loaded columns, guard rails and cell statistics. */
#ifndef LAZYBENCH_REPORT_REPORT_H
#define LAZYBENCH_REPORT_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "report/run.h"
#include "report/stats.h"

struct lb_ropts {
	double alpha;		/* significance level of the test (0.05) */
	double cv_max;		/* noise warning above this CV, fraction (0.05) */
	size_t min_n;		/* too-few-samples warning below this (10) */
	unsigned int boot;	/* bootstrap resamples (2000) */
	uint64_t seed;		/* bootstrap seed (1) */
	int per_op;		/* values per operation instead of per PTE */
	int force;		/* compare columns whose facts differ */
	int incomplete;		/* read incomplete runs too */
	const char *workloads;	/* comma-separated filter or NULL */
	const char *metrics;	/* comma-separated filter or NULL */
	int assume_independent;	/* test repetitions as independent samples (within-run) */
	int keep_contaminated;	/* keep rows whose contam is 1 */
	int contam_metrics;	/* compare ctx_switches, cpu_migrations, kcontam as metrics */
	int adjust;		/* LB_ADJ_*: multiple-comparison adjustment */
	double adj_p;		/* with an adjustment: mark p <= adj_p (-1: p < alpha) */
	int no_boot;		/* skip the bootstrap (a pass that only counts the tests) */
};
enum { LB_ADJ_NONE, LB_ADJ_HOLM, LB_ADJ_BH };

enum lb_mark {
	LB_MARK_BASE,		/* the baseline column */
	LB_MARK_NS,		/* no significant difference */
	LB_MARK_SIG,		/* significant (p < alpha), runs as the unit or assumed independent */
	LB_MARK_ONERUN,		/* one run per column: within-run p < alpha, boot-to-boot unknown */
	LB_MARK_EXACT_SAME,	/* exact metric, equal */
	LB_MARK_EXACT_DIFF,	/* exact metric, different: a real difference */
	LB_MARK_EXACT_VARIES,	/* exact metric whose values vary: not deterministic */
	LB_MARK_NA,		/* no samples in this column or baseline */
};

/* how the marks of a cell were decided */
enum lb_method {
	LB_METHOD_NONE,		/* baseline, no data */
	LB_METHOD_RUNS,		/* >= 2 runs in both columns: Welch's t on per-run summaries */
	LB_METHOD_ONERUN,	/* a column has one run: within-run test, mark LB_MARK_ONERUN */
	LB_METHOD_INDEP,	/* --assume-independent: within-run test, mark LB_MARK_SIG */
	LB_METHOD_EXACT,	/* exact metric: every value compared */
};

struct lb_cell {
	size_t n;
	struct lb_desc d;	/* of all samples pooled */
	double val, mval;	/* the Median / Mean row's value: with 2+ runs in the cell
				 * (and runs as the unit) the mean of the per-run medians
				 * (means), else the median (mean) of the samples */
	double change;		/* percent: (val - base val) / base val, the change that is
				 * tested (method runs: the centre of ci_lo..ci_hi) */
	double mchange;		/* the same for the mean: of mval */
	double pchange, pmchange;	/* percent, of the pooled median / mean (d) */
	int discrete;		/* runs: a count with few distinct values, tested by the
				 * permutation test of the run summaries (no CI, no MDE) */
	int nospread;		/* runs: bit 0 (median), 1 (mean): no run-to-run spread in
				 * either column, so no test (p is NaN) */
	double ci_lo, ci_hi;	/* percent, 95% CI of the change of the median: Welch's on
				 * per-run medians (runs), else the bootstrap below */
	double mci_lo, mci_hi;	/* the same for the mean */
	double hb_lo, hb_hi;	/* percent, bootstrap CI of the change of the median,
				 * hierarchical (runs, then repetitions) or plain */
	double mhb_lo, mhb_hi;	/* the same for the mean */
	int ci_unbounded;	/* the baseline's median/mean was 0 in some resample */
	double p_mwu, p_welch;	/* within-run tests on the repetitions */
	double p_run, p_run_mean;	/* Welch's t on per-run medians / means */
	double p, p_mean;	/* the p that decided mark / mmark */
	enum lb_mark mark;	/* median row */
	enum lb_mark mmark;	/* mean row */
	enum lb_method method;
	double mde;		/* percent: minimum detectable change of the median (95%/80%) */
	double runs_needed;	/* runs per column to detect the observed change; inf: never */
	double run_sd;		/* percent of the median: SD of the per-run medians */
	size_t ndistinct;	/* exact metrics: distinct values in this column */
	size_t ncontam;		/* rows excluded as contaminated */
	size_t nunknown;	/* rows whose contamination is unknown ('-' or no column) */
	size_t nruns;		/* runs with samples in this cell */
	size_t *roff, *rlen;	/* run i: v[roff[i] .. roff[i] + rlen[i]) */
	double *v;		/* the values (per PTE unless per_op), grouped by run */
};
struct lb_set {
	struct lb_run **runs;
	size_t nruns;
	int differs[LB_F_COUNT];	/* 1 if the fact differs between columns */
	int refuse;			/* a fact that matters differs */
	char **workloads;		/* selected, in the baseline's order */
	size_t nworkloads;
	char **metrics;			/* selected metric names, baseline order */
	size_t nmetrics;
	char **notes;			/* printed under the table */
	size_t nnotes;
};

/* default options */
void lb_ropts_init(struct lb_ropts *o);
/*
 * The options every report command takes (compare, plot): their getopt_long entries, put
 * into each command's table (<getopt.h>, read with lb_getopt()), and their parse:
 * lb_ropts_opt() returns 0 when opt is one of them (taken into o), 1 when it is not, -1
 * for a bad value (said on stderr).
 */
#define LB_ROPTS_LONGOPTS \
	{ "metric", required_argument, NULL, 'm' }, \
	{ "workload", required_argument, NULL, 'w' }, \
	{ "per-op", no_argument, NULL, 'P' }, \
	{ "force", no_argument, NULL, 'F' }, \
	{ "incomplete", no_argument, NULL, 'I' }, \
	{ "boot", required_argument, NULL, 'B' }, \
	{ "seed", required_argument, NULL, 's' }
int lb_ropts_opt(struct lb_ropts *o, const char *prog, int opt, const char *arg);
/*
 * what lb_getopt() refused, opt '?' (an unknown or abbreviated option) or ':' (a missing
 * value) in the argument cur: one line on stderr
 */
void lb_ropts_badopt(const char *prog, int opt, const char *cur);
/*
 * Load the columns, apply filters and guard rails. Returns 0, or an exit status after
 * printing a one-line error prefixed with prog.
 */
int lb_set_load(struct lb_set *s, const char *prog, char **paths, int n,
		const struct lb_ropts *o);
void lb_set_free(struct lb_set *s);
void lb_set_note(struct lb_set *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* sizes of workload wl present in any column, ascending; returns count, *out malloc'ed */
size_t lb_set_pages(const struct lb_set *s, const char *wl, size_t **out);

/* compute cells for every column (cells[0] is the baseline) */
void lb_cells(const struct lb_set *s, const struct lb_ropts *o, const char *wl, size_t pages,
	      const char *metric, struct lb_cell *cells);
/* statistics of c against base, given already filled values */
void lb_cell_stats(const struct lb_cell *base, struct lb_cell *c, const struct lb_metric *m,
		   const struct lb_ropts *o);
void lb_cells_free(struct lb_cell *cells, size_t n);
/*
 * The smallest change, in run-to-run SDs, that Welch's test at alpha on k0 and k1
 * per-run summaries finds with 80% power (cached)
 */
double lb_mde_factor(size_t k0, size_t k1, double alpha);
/* is p significant under the options (alpha, or the adjusted threshold)? */
int lb_significant(double p, const struct lb_ropts *o);
/* a contamination counter, shown as dropped samples rather than compared by default */
int lb_contam_metric(const char *name);

/* percent change (x / base - 1) * 100; 0 when both are 0, NaN when only base is */
double lb_pct(double x, double base);
/* distinct values among v[0..n) */
size_t lb_count_distinct(const double *v, size_t n);

/* the metric description in column 0 */
const struct lb_metric *lb_set_metric(const struct lb_set *s, const char *name);
/* the unit of what a metric counts (emu_* counts named by the event they count) */
const char *lb_metric_unit(const struct lb_metric *m, char *buf, size_t len);
/* "ns/PTE", "ns/op", "hypercalls/PTE" ... */
void lb_unit_text(const struct lb_metric *m, const struct lb_ropts *o, char *buf, size_t len);

/* parse a numeric option (decimal); prints an error and returns -1 on failure */
int lb_opt_double(const char *prog, const char *opt, const char *val, double lo, double hi,
		  double *out);
/* the same for an integer option: digits only */
int lb_opt_int(const char *prog, const char *opt, const char *val, double lo, double hi,
	       double *out);

#endif
