/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lazybench compare, inside: the context the output formats read, and their interface.
 * An output format is one file, bench/report/fmt-NAME.c, that defines a struct cmp_fmt
 * and registers it with CMP_FORMAT(); compare.c finds it by name (--format NAME).
 */
#ifndef LAZYBENCH_REPORT_COMPARE_H
#define LAZYBENCH_REPORT_COMPARE_H

#include <stddef.h>

#include "report/report.h"

/* kinds of warnings, in the order they are printed */
enum cmp_wkind {
	CMP_W_ONERUN,		/* one run in a column: boot-to-boot variance not separable */
	CMP_W_TWORUNS,		/* two runs in a column: the spread rests on one df */
	CMP_W_NONDET,		/* an exact metric whose values vary */
	CMP_W_NOSPREAD,		/* equal per-run summaries: no spread, no test */
	CMP_W_DISCRETE,		/* a count with few values: permutation test of runs */
	CMP_W_UNBOUNDED,	/* a bootstrap CI without bounds (baseline 0 in resamples) */
	CMP_W_CONTAM,		/* contaminated samples excluded (or kept) */
	CMP_W_MISSING,		/* no samples in a column */
	CMP_W_NOISY,		/* CV above the threshold */
	CMP_W_FEW,		/* fewer samples than --min-samples */
	CMP_W_COUNT
};

struct cmp_warn {
	enum cmp_wkind kind;
	char *text;		/* without the kind: "mremap 512 ns, column 2 (v2): ..." */
};

struct cmp_hf {			/* hyperfine results folded in as one more section */
	char *path;
	struct lb_cell *cells;	/* one per column, values in seconds */
	char **names;		/* command names matched to columns */
};

struct cmp_ctx {
	struct lb_set set;
	struct lb_ropts o;
	const struct cmp_fmt *fmt;
	int brief;
	struct cmp_hf hf;
	int have_hf;
	struct cmp_warn *warn;
	size_t nwarn;
	size_t count[CMP_W_COUNT];
	unsigned char *onerun_warned;	/* per column */
	unsigned char *tworuns_warned;	/* per column: 1 two runs, 2 discrete */
	size_t ntests;		/* tests in the table (Median and Mean rows), for the legend */
	size_t nrejected;	/* of which marked (after --adjust) */
};

typedef void (*cmp_section_fn)(struct cmp_ctx *c, const char *wl, const char *metric,
			       const struct lb_metric *m, size_t *pages, size_t np,
			       struct lb_cell **cells);

struct cmp_fmt {
	const char *name;		/* --format NAME */
	const char *alias;		/* another accepted name, or NULL */
	void (*out)(struct cmp_ctx *c);	/* the whole output, on stdout */
};

#define CMP_FORMAT(f) \
	static const struct cmp_fmt *const f##_reg \
	__attribute__((used, section("lb_cmp_formats"))) = &f

/* every workload x metric, with the cells of every size; warnings are collected here */
void cmp_walk(struct cmp_ctx *c, cmp_section_fn fn);

/* ---- shared formatting (compare.c) ---- */
/* decimals for the values of a row set (from the baseline's median), -1: %g-like */
int cmp_decimals(double base_median);
/* a value in at most width characters, never cut: fewer digits when it must */
void cmp_fmt_val(double v, int decimals, int width, char *b, size_t len);
/* a change in percent in exactly 8 characters, "%" included ("      ?%" for NaN) */
void cmp_fmt_pct(double p, char *b, size_t len);
char cmp_mark_open(enum lb_mark m);
char cmp_mark_close(enum lb_mark m);
const char *cmp_mark_name(enum lb_mark m);
const char *cmp_method_name(enum lb_method m);
const char *cmp_kind_name(const struct lb_metric *m);
const char *cmp_wkind_name(enum cmp_wkind k);
const char *cmp_better_words(const struct lb_metric *m);
/* "180 per size" / "12-30 per size" */
/* does any column know fact f (not "?")? */
int cmp_fact_known(const struct cmp_ctx *c, int f);
void cmp_samples_text(const struct cmp_ctx *c, size_t col, char *b, size_t len);
/*
 * What a cell's comparison can resolve: "with 3 runs per column, changes below 4.12%
 * cannot be told from noise (Welch's test ... 4 times in 5); the observed +1.20% would
 * need 31 runs per column".
 * Returns 0 and leaves b empty when the cell has no run-level estimate.
 */
int cmp_resolve_text(const struct lb_cell *base, const struct lb_cell *x, double alpha,
		     char *b, size_t len);
/* count the tests of the table and set the --adjust threshold (before any output) */
void cmp_count_tests(struct cmp_ctx *c);
/* "12 tests at p < 0.05 each: about 0.6 marks are expected ..." */
void cmp_tests_text(const struct cmp_ctx *c, char *b, size_t len);
/* what the hierarchical bootstrap's interval is not */
extern const char cmp_boot_caveat[];
/* notes and warnings on stderr (formats whose stdout is data: CSV) */
void cmp_notes_stderr(const struct cmp_ctx *c);
/* the legend of the marks, as one paragraph (text and Markdown) */
void cmp_legend(const struct cmp_ctx *c, int markdown, char *b, size_t len);
/* text wrapped at 79 columns, continuation lines start with indent */
/* text after first, wrapped at width columns; cut: cut words longer than a line */
void cmp_wrap(const char *text, const char *first, const char *indent, size_t width, int cut);
void cmp_put_wrapped(const char *text, const char *indent);
/* "kind: text" */
void cmp_warn_line(const struct cmp_warn *w, char *b, size_t len);

#endif
