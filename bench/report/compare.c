// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench compare BASE RUN [RUN...]: one row per workload x size x metric (x statistic),
 * one column per run, the first the baseline. This file: options, loading, the walk over
 * the cells, warnings and the helpers the output formats share; each output format is a
 * file of its own (fmt-*.c, see compare.h).
 */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "report/compare.h"
#include "rundir/json.h"
#include "util.h"

#define PROG "lazybench compare"

extern const struct cmp_fmt *const __start_lb_cmp_formats[] __attribute__((weak));
extern const struct cmp_fmt *const __stop_lb_cmp_formats[] __attribute__((weak));

static const struct lb_metric hf_metric = {
	(char *)"e2e", (char *)"s", (char *)"wall time of one whole lazybench run",
	0, LB_KIND_TIME
};

static void usage(FILE *f)
{
	const struct cmp_fmt *const *p;

	fprintf(f,
"usage: lazybench compare [OPTIONS] BASE RUN [RUN...]\n"
"  BASE, RUN: a run directory (results/LABEL/RUN-ID) or a label directory\n"
"  (results/LABEL: its finished runs are pooled; run each kernel 3+ times).\n"
"  The first is the baseline.\n"
"  --format F        output format:");
	for (p = __start_lb_cmp_formats; p && p < __stop_lb_cmp_formats; p++)
		fprintf(f, " %s", (*p)->name);
	fprintf(f, "\n"
"                    (default text, fits 80 columns)\n"
"  --style S         the same as --format (--style fastpath: an LKML table)\n"
"  --brief           only the median and mean rows, the header rows that differ\n"
"                    between columns and a short legend\n"
"  --metric M[,M]    only these metrics (default: all common ones)\n"
"  --workload W[,W]  only these workloads\n"
"  --per-op          values per operation instead of per PTE\n"
"  --force           compare runs whose facts differ (arch, CPU, config, ...)\n"
"  --incomplete      read incomplete (interrupted) runs too; the table notes it\n"
"  --assume-independent  test repetitions as independent samples, even with one\n"
"                    run per column (both kernels measured in one boot, say)\n"
"  --keep-contaminated   keep samples whose window was disturbed (contam = 1)\n"
"  --alpha P         significance level of the tests (default 0.05)\n"
"  --cv PCT          noise warning above this coefficient of variation, in\n"
"                    percent (default 5)\n"
"  --min-samples N   warn below N samples (default 10)\n"
"  --boot N          bootstrap resamples for the CI (default 2000)\n"
"  --seed N          bootstrap seed (default 1: the output is reproducible)\n"
"  --adjust M        adjust the marks for the number of tests in the table:\n"
"                    holm (family-wise), bh (Benjamini-Hochberg), none (default)\n"
"  --contam-metrics  compare ctx_switches, cpu_migrations, kcontam as metrics too\n"
"                    (by default they only decide which samples are left out)\n"
"  --hyperfine FILE  fold a hyperfine --export-json file in as an end-to-end row\n"
"                    (scripts/hyperfine-compare writes one)\n");
}

static const struct cmp_fmt *find_format(const char *name)
{
	const struct cmp_fmt *const *p;

	for (p = __start_lb_cmp_formats; p && p < __stop_lb_cmp_formats; p++)
		if (!strcmp((*p)->name, name) || ((*p)->alias && !strcmp((*p)->alias, name)))
			return *p;
	return NULL;
}

static void addwarn(struct cmp_ctx *c, enum cmp_wkind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void addwarn(struct cmp_ctx *c, enum cmp_wkind kind, const char *fmt, ...)
{
	char buf[600];
	va_list ap;
	struct cmp_warn *nw;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	nw = lb_xrealloc(c->warn, (c->nwarn + 1) * sizeof(*nw));
	c->warn = nw;
	nw[c->nwarn].kind = kind;
	nw[c->nwarn].text = lb_xstrdup(buf);
	c->nwarn++;
	c->count[kind]++;
}

static int have_warning(const struct cmp_ctx *c, enum cmp_wkind kind, const char *text)
{
	size_t i;

	for (i = 0; i < c->nwarn; i++)
		if (c->warn[i].kind == kind && !strcmp(c->warn[i].text, text))
			return 1;
	return 0;
}

/* ---------- formatting helpers shared by the formats ---------- */

int cmp_decimals(double base_median)
{
	double a = fabs(base_median);

	return isnan(a) || a >= 1e7 ? -1 : a >= 1000 ? 1 : a >= 1 ? 2 : a >= 0.01 ? 4 : -1;
}

/* v in %.*e with as many digits as fit in width (at least one: "1e+300") */
static void fmt_exp(double v, int width, char *b, size_t len)
{
	int prec;

	for (prec = 3; prec > 0; prec--) {
		snprintf(b, len, "%.*e", prec, v);
		if ((int)strlen(b) <= width)
			return;
	}
	snprintf(b, len, "%.0e", v);
}

void cmp_fmt_val(double v, int decimals, int width, char *b, size_t len)
{
	double a = fabs(v);

	if (isnan(v))
		snprintf(b, len, "-");
	else if (isinf(v))
		snprintf(b, len, "%s", v > 0 ? "inf" : "-inf");
	else if (decimals >= 0 && a < 1e7)
		snprintf(b, len, "%.*f", decimals, v);
	else if (a >= 1e7)
		fmt_exp(v, width, b, len);
	else if (a >= 1000)
		snprintf(b, len, "%.1f", v);
	else if (a >= 1 || v == 0)
		snprintf(b, len, "%.2f", v);
	else if (a >= 0.01)
		snprintf(b, len, "%.4f", v);
	else
		fmt_exp(v, width, b, len);
	/* a fixed-point value that does not fit (a long row of one size) */
	if ((int)strlen(b) > width && isfinite(v))
		fmt_exp(v, width, b, len);
}

void cmp_fmt_pct(double p, char *b, size_t len)
{
	if (isnan(p))
		snprintf(b, len, "%7s%%", "?");
	else if (fabs(p) < 999.995)
		snprintf(b, len, "%7.2f%%", p);
	else if (fabs(p) < 9999999.5)
		snprintf(b, len, "%+7.0f%%", p);
	else
		snprintf(b, len, "%s", p > 0 ? "  >+1e7%" : "  <-1e7%");
}

char cmp_mark_open(enum lb_mark m)
{
	switch (m) {
	case LB_MARK_SIG: return '*';
	case LB_MARK_ONERUN: return '~';
	case LB_MARK_EXACT_DIFF: return '#';
	case LB_MARK_EXACT_VARIES: return '!';
	default: return '(';
	}
}

char cmp_mark_close(enum lb_mark m)
{
	char o = cmp_mark_open(m);

	return o == '(' ? ')' : o;
}

const char *cmp_mark_name(enum lb_mark m)
{
	static const char *const n[] = {
		[LB_MARK_BASE] = "baseline", [LB_MARK_NS] = "not-significant",
		[LB_MARK_SIG] = "significant", [LB_MARK_ONERUN] = "one-run",
		[LB_MARK_EXACT_SAME] = "exact-same", [LB_MARK_EXACT_DIFF] = "exact-different",
		[LB_MARK_EXACT_VARIES] = "exact-varies", [LB_MARK_NA] = "no-data",
	};
	return n[m];
}

const char *cmp_method_name(enum lb_method m)
{
	static const char *const n[] = {
		[LB_METHOD_NONE] = "none", [LB_METHOD_RUNS] = "runs",
		[LB_METHOD_ONERUN] = "one-run", [LB_METHOD_INDEP] = "independent",
		[LB_METHOD_EXACT] = "exact",
	};
	return n[m];
}

const char *cmp_kind_name(const struct lb_metric *m)
{
	return m->kind == LB_KIND_TIME ? "time" : m->kind == LB_KIND_COUNT ? "count" : "exact";
}

const char *cmp_wkind_name(enum cmp_wkind k)
{
	static const char *const n[CMP_W_COUNT] = {
		[CMP_W_ONERUN] = "one run", [CMP_W_TWORUNS] = "two runs",
		[CMP_W_NONDET] = "non-deterministic", [CMP_W_NOSPREAD] = "no spread",
		[CMP_W_DISCRETE] = "discrete",
		[CMP_W_UNBOUNDED] = "unbounded CI", [CMP_W_CONTAM] = "contaminated",
		[CMP_W_MISSING] = "missing", [CMP_W_NOISY] = "noisy",
		[CMP_W_FEW] = "few samples",
	};
	return n[k];
}

void cmp_warn_line(const struct cmp_warn *w, char *b, size_t len)
{
	snprintf(b, len, "%s: %s", cmp_wkind_name(w->kind), w->text);
}

const char *cmp_better_words(const struct lb_metric *m)
{
	return m->higher ? "higher is better, a positive change is an improvement"
			 : "lower is better, a negative change is an improvement";
}

int cmp_fact_known(const struct cmp_ctx *c, int f)
{
	size_t i;

	for (i = 0; i < c->set.nruns; i++)
		if (strcmp(c->set.runs[i]->facts[f], "?"))
			return 1;
	return 0;
}

void cmp_samples_text(const struct cmp_ctx *c, size_t col, char *b, size_t len)
{
	size_t lo = (size_t)-1, hi = 0, w, k, j;
	const char *m0 = c->set.metrics[0];

	for (w = 0; w < c->set.nworkloads; w++) {
		size_t *pages, np = lb_set_pages(&c->set, c->set.workloads[w], &pages);

		for (j = 0; j < np; j++) {
			double *v;
			const struct lb_run *r = c->set.runs[col];

			k = lb_run_values(r, c->set.workloads[w], pages[j], lb_run_metric(r, m0),
					  0, &v);
			free(v);
			if (!k)
				continue;
			lo = k < lo ? k : lo;
			hi = k > hi ? k : hi;
		}
		free(pages);
	}
	if (!hi)
		snprintf(b, len, "0");
	else if (lo == hi)
		snprintf(b, len, "%zu per size", lo);
	else
		snprintf(b, len, "%zu-%zu per size", lo, hi);
}

int cmp_resolve_text(const struct lb_cell *base, const struct lb_cell *x, double alpha,
		     char *b, size_t len)
{
	char runs[64], need[128];

	b[0] = '\0';
	if (x->method != LB_METHOD_RUNS || isnan(x->mde))
		return 0;
	if (base->nruns == x->nruns)
		snprintf(runs, sizeof(runs), "%zu runs per column", x->nruns);
	else
		snprintf(runs, sizeof(runs), "%zu and %zu runs", base->nruns, x->nruns);
	if (isinf(x->runs_needed))
		snprintf(need, sizeof(need), "%s", isnan(x->change) ? "" :
			 "; no change observed");
	else if (x->runs_needed > 100000 || isnan(x->runs_needed))
		snprintf(need, sizeof(need), "; the observed %+.2f%% would need more than "
			 "100000 runs per column", x->change);
	else
		snprintf(need, sizeof(need), "; the observed %+.2f%% would need %.0f runs per "
			 "column", x->change, x->runs_needed);
	snprintf(b, len, "with %s, changes below %.2f%% cannot be told from noise "
		 "(Welch's test at p < %g finds a change of %.2f%% 4 times in 5)%s", runs,
		 x->mde, alpha, x->mde, need);
	return 1;
}

const char cmp_boot_caveat[] = "boot_ci95 (the hierarchical bootstrap of runs, then "
	"repetitions) is too narrow with few runs: in A/A simulations its interval excluded 0 "
	"far more often than 5% (docs/compare.md); it is not the test, the mark and ci95 are "
	"Welch's on per-run summaries";

static int cmp_p(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* the marking threshold of --adjust over the m p-values in p (sorted here) */
static double adjusted_threshold(double *p, size_t m, int adjust, double alpha)
{
	double t = 0;
	size_t i;

	qsort(p, m, sizeof(*p), cmp_p);
	if (adjust == LB_ADJ_HOLM) {
		/* step down: p(i) <= alpha / (m - i) for every i up to the last marked */
		for (i = 0; i < m && p[i] <= alpha / (double)(m - i); i++)
			t = p[i];
	} else {
		/* Benjamini-Hochberg: the largest p(i) <= (i + 1) alpha / m, and all below */
		for (i = 0; i < m; i++)
			if (p[i] <= (double)(i + 1) * alpha / (double)m)
				t = p[i];
	}
	return t;
}

static void add_p(double **p, size_t *m, size_t *cap, double x)
{
	if (isnan(x))
		return;
	if (*m == *cap) {
		*cap = *cap ? 2 * *cap : 256;
		*p = lb_xrealloc(*p, *cap * sizeof(**p));
	}
	(*p)[(*m)++] = x;
}

static void progress(struct cmp_ctx *c, const char *what, size_t done, size_t total);

static void count_cells(double **p, size_t *m, size_t *cap, const struct lb_cell *cl, size_t nr)
{
	size_t i;

	for (i = 1; i < nr; i++) {
		/* a one-run cell (~) is no result: its within-run test is not counted */
		if (cl[i].method == LB_METHOD_NONE || cl[i].method == LB_METHOD_EXACT ||
		    cl[i].method == LB_METHOD_ONERUN)
			continue;
		add_p(p, m, cap, cl[i].p);
		add_p(p, m, cap, cl[i].p_mean);
	}
}

void cmp_count_tests(struct cmp_ctx *c)
{
	struct lb_ropts o = c->o;
	size_t w, k, j, nr = c->set.nruns, m = 0, cap = 0, done = 0;
	size_t total = c->set.nworkloads * c->set.nmetrics;
	double *p = NULL;

	o.no_boot = 1;
	o.adj_p = -1;
	for (w = 0; w < c->set.nworkloads; w++) {
		size_t *pages, np = lb_set_pages(&c->set, c->set.workloads[w], &pages);

		for (k = 0; k < c->set.nmetrics; k++) {
			for (j = 0; j < np; j++) {
				struct lb_cell *cl = lb_xcalloc(nr, sizeof(*cl));

				lb_cells(&c->set, &o, c->set.workloads[w], pages[j],
					 c->set.metrics[k], cl);
				count_cells(&p, &m, &cap, cl, nr);
				lb_cells_free(cl, nr);
				free(cl);
			}
			progress(c, "counting the tests", ++done, total);
		}
		free(pages);
	}
	if (c->have_hf)
		count_cells(&p, &m, &cap, c->hf.cells, nr);
	c->ntests = m;
	if (c->o.adjust != LB_ADJ_NONE && m) {
		c->o.adj_p = adjusted_threshold(p, m, c->o.adjust, c->o.alpha);
		if (c->have_hf)
			for (j = 0; j < nr; j++)
				lb_cell_stats(&c->hf.cells[0], &c->hf.cells[j], &hf_metric, &c->o);
	}
	c->nrejected = 0;
	for (j = 0; j < m; j++)
		c->nrejected += lb_significant(p[j], &c->o);
	free(p);
}

/* the adjusted threshold in words: with nothing marked, what the smallest p needed */
static double adj_shown(const struct cmp_ctx *c)
{
	return c->nrejected ? c->o.adj_p : c->o.alpha / (double)c->ntests;
}

void cmp_tests_text(const struct cmp_ctx *c, char *b, size_t len)
{
	static const char *const name[] = { "", "Holm", "Benjamini-Hochberg" };

	if (!c->ntests) {
		snprintf(b, len, "No cell is tested at the run level (one-run cells, ~, are "
			 "not counted as tests).");
		return;
	}
	if (c->o.adjust == LB_ADJ_NONE)
		snprintf(b, len, "This table holds %zu tests (Median and Mean rows), each at "
			 "p < %g: if nothing changed, about %.1f of them would be marked by "
			 "chance (%zu are); --adjust holm|bh adjusts for the number of tests.",
			 c->ntests, c->o.alpha, (double)c->ntests * c->o.alpha, c->nrejected);
	else
		snprintf(b, len, "This table holds %zu tests (Median and Mean rows), adjusted "
			 "for their number (--adjust %s: %s, %s at %g): a mark needs p <= %.3g; "
			 "%zu are marked.", c->ntests, c->o.adjust == LB_ADJ_HOLM ? "holm" : "bh",
			 name[c->o.adjust], c->o.adjust == LB_ADJ_HOLM ?
			 "family-wise error" : "false discovery rate", c->o.alpha,
			 adj_shown(c), c->nrejected);
}

void cmp_legend(const struct cmp_ctx *c, int md, char *b, size_t len)
{
	const char *st = md ? "\\*" : "*";
	char tests[400];
	size_t l;

	cmp_tests_text(c, tests, sizeof(tests));
	if (c->brief) {
		char t[200];

		if (c->o.adjust == LB_ADJ_NONE)
			snprintf(t, sizeof(t), "%zu tests at p < %g: about %.1f marked by chance "
				 "if nothing changed (%zu are); --adjust holm|bh adjusts",
				 c->ntests, c->o.alpha, (double)c->ntests * c->o.alpha, c->nrejected);
		else
			snprintf(t, sizeof(t), "%zu tests, %s-adjusted: a mark needs p <= %.3g "
				 "(%zu are)", c->ntests, c->o.adjust == LB_ADJ_HOLM ? "Holm" : "BH",
				 adj_shown(c), c->nrejected);
		snprintf(b, len, "Change vs column 1 in percent (?%% when the baseline is 0), "
			 "per %s: %s-1%%%s significant (%s), ~-1%%~ one run per column: not a "
			 "result, (-1%%) not significant, #-1%%# exact count differs, !-1%%! it "
			 "varies. %s. %s.", c->o.per_op ? "op" : "PTE", st, st,
			 c->o.assume_independent ? "repetitions as independent samples" :
			 "Welch's t on per-run medians/means", c->o.assume_independent ?
			 "The median and mean rows are of all samples of a column, pooled" :
			 "A column of 2+ runs shows the mean of its run medians (means)", t);
		return;
	}
	snprintf(b, len, "Cells: the value, then its change against column 1 (the baseline) "
		 "in percent, (value - base) / base; ?%% when the baseline is 0. Per %s. %s "
		 "Marks: %s-1.00%%%s significant at p < %g, %s; ~-1.00%%~ a column has a "
		 "single run: the within-run test gives p < %g, but with one boot per kernel "
		 "a boot-to-boot difference cannot be told from a kernel difference (pool 3+ "
		 "runs per kernel); its p and CI95 rows read 'one run' (the within-run "
		 "numbers are in CSV and JSON only); (-1.00%%) not significant, or not "
		 "testable (a warning says why). A count with at most 20 distinct values "
		 "in a cell is tested by permuting the runs (exact whatever its ties; no "
		 "CI95 or MDE). #-1.00%%# exact count, every value equal "
		 "within each column, so every difference is real; !-1.00%%! exact count "
		 "whose values vary: not deterministic. CI95: 95%% interval of the change: %s. "
		 "%s %s",
		 c->o.per_op ? "operation" : "PTE (per-operation value / PTEs touched)",
		 c->o.assume_independent ? "The median and mean rows are of all samples of "
		 "a column, pooled." : "In a column that pools 2+ runs, the median (mean) row "
		 "is the mean over its runs of each run's median (mean), the quantity the "
		 "mark, p and CI95 are on (CSV and JSON add the pooled median and mean).",
		 st, st, c->o.alpha,
		 c->o.assume_independent ?
		 "every repetition taken as an independent sample (--assume-independent: "
		 "Median rows Mann-Whitney U, Mean rows Welch's t)" :
		 "the run as the unit (Welch's t on the per-run medians, on Mean rows the "
		 "per-run means)", c->o.alpha,
		 c->o.assume_independent ? "the bootstrap of the ratio of medians" :
		 "with runs as the unit Welch's interval on the per-run medians (the "
		 "hierarchical bootstrap in CSV and JSON is too narrow with few runs: not a "
		 "test), with one run the bootstrap of the ratio of medians",
		 tests, c->set.refuse ? "! marks facts that differ and matter (--force "
		 "given)." : "");
	l = strlen(b);
	if (l && b[l - 1] == ' ')
		b[l - 1] = '\0';
}

void cmp_notes_stderr(const struct cmp_ctx *c)
{
	char buf[1200];
	size_t i, k;

	cmp_tests_text(c, buf, sizeof(buf));
	fprintf(stderr, PROG ": %s\n", buf);
	if (!c->o.assume_independent)
		fprintf(stderr, PROG ": %s\n", cmp_boot_caveat);
	for (i = 0; i < c->set.nnotes; i++)
		fprintf(stderr, PROG ": note: %s\n", c->set.notes[i]);
	for (k = 0; k < CMP_W_COUNT; k++)
		for (i = 0; i < c->nwarn; i++)
			if (c->warn[i].kind == k) {
				cmp_warn_line(&c->warn[i], buf, sizeof(buf));
				fprintf(stderr, PROG ": warning: %s\n", buf);
			}
}

/*
 * text after first, wrapped at width columns, continuation lines starting with indent;
 * with cut, a word longer than a line (a path, a list) is cut, else it overflows
 */
void cmp_wrap(const char *text, const char *first, const char *indent, size_t width, int cut)
{
	const char *p = text;
	size_t col = strlen(first), il = strlen(indent);
	int start = 1;		/* nothing of the text on this line yet */

	fputs(first, stdout);
	while (*p) {
		const char *e = p;
		size_t w;

		while (*e && *e != ' ')
			e++;
		w = (size_t)(e - p);
		if (!start && col + 1 + w > width) {
			printf("\n%s", indent);
			col = il;
			start = 1;
		} else if (!start) {
			putchar(' ');
			col++;
		}
		while (cut && w && col + w > width && width > col) {
			size_t k = width - col;

			printf("%.*s\n%s", (int)k, p, indent);
			p += k;
			w -= k;
			col = il;
		}
		if (w) {
			printf("%.*s", (int)w, p);
			col += w;
			start = 0;
		}
		p = *e ? e + 1 : e;
	}
	putchar('\n');
}

/* text wrapped at 79 columns, continuation lines indented; longer words are cut */
void cmp_put_wrapped(const char *text, const char *indent)
{
	cmp_wrap(text, "", indent, 79, 1);
}

/* ---------- warnings, collected while walking ---------- */

static void where_text(const char *wl, size_t pages, const char *metric, char *b, size_t len)
{
	if (pages)
		snprintf(b, len, "%s %zu %s", wl, pages, metric);
	else
		snprintf(b, len, "%s %s", wl, metric);
}

static void check_exact(struct cmp_ctx *c, const char *where, const struct lb_cell *cells)
{
	size_t i;

	for (i = 0; i < c->set.nruns; i++) {
		const struct lb_cell *x = &cells[i];

		if (!x->n || x->ndistinct <= 1)
			continue;
		addwarn(c, CMP_W_NONDET, "%s, column %zu (%s): an exact count with %zu "
			"different values in %zu samples (%.6g..%.6g, range %.3g%% of the "
			"median): not deterministic, so no difference in it is certain", where,
			i + 1, c->set.runs[i]->label, x->ndistinct, x->n, x->d.min, x->d.max,
			x->d.median ? (x->d.max - x->d.min) / fabs(x->d.median) * 100 : NAN);
	}
}

/* the samples of each column: none at all, or some contaminated */
static void check_samples(struct cmp_ctx *c, const char *wl, size_t pages, const char *where,
			  const struct lb_cell *cells)
{
	size_t i;
	char buf[600];

	for (i = 0; i < c->set.nruns; i++) {
		if (!cells[i].n)
			addwarn(c, CMP_W_MISSING, "%s has no samples in column %zu (%s)", where,
				i + 1, c->set.runs[i]->label);
		if (cells[i].ncontam && pages) {
			snprintf(buf, sizeof(buf), "%s %zu, column %zu (%s): %zu of %zu samples "
				 "had the task switched out or migrated in the window: %s", wl,
				 pages, i + 1, c->set.runs[i]->label, cells[i].ncontam,
				 cells[i].n + (c->o.keep_contaminated ? 0 : cells[i].ncontam),
				 c->o.keep_contaminated ? "kept (--keep-contaminated)" :
				 "left out (--keep-contaminated keeps them)");
			if (!have_warning(c, CMP_W_CONTAM, buf))
				addwarn(c, CMP_W_CONTAM, "%s", buf);
		}
	}
}

/* column i has one run, or two (in it or in the baseline): said once per column */
static void check_nruns(struct cmp_ctx *c, size_t i, const struct lb_cell *cells)
{
	if (cells[i].method == LB_METHOD_ONERUN && !c->onerun_warned[i]) {
		c->onerun_warned[i] = 1;
		addwarn(c, CMP_W_ONERUN, "column %zu (%s, %zu run%s) against the baseline "
			"(%zu run%s): with a single run in a column, a difference between "
			"boots cannot be told from a difference between kernels, so no "
			"time or count change is marked significant (~ marks what the "
			"within-run test alone would call significant); pool 3 or more "
			"runs per kernel (give the label directory), or use "
			"--assume-independent if both were measured in one boot", i + 1,
			c->set.runs[i]->label, cells[i].nruns, cells[i].nruns == 1 ? "" : "s",
			cells[0].nruns, cells[0].nruns == 1 ? "" : "s");
	}
	if (cells[i].method == LB_METHOD_RUNS && !(c->tworuns_warned[i] & 1) &&
	    (cells[i].nruns == 2 || cells[0].nruns == 2)) {
		c->tworuns_warned[i] |= 1;
		addwarn(c, CMP_W_TWORUNS, "column %zu (%s, %zu runs) against the baseline "
			"(%zu runs): with 2 runs in a column the run-to-run spread rests on "
			"one degree of freedom, so the test is weak: it finds a change of "
			"%.1f run-to-run SDs 4 times in 5 (3 runs per column: %.1f, 5: %.1f); "
			"pool 3-5 runs per kernel", i + 1, c->set.runs[i]->label,
			cells[i].nruns, cells[0].nruns,
			lb_mde_factor(cells[0].nruns, cells[i].nruns, c->o.alpha),
			lb_mde_factor(3, 3, c->o.alpha), lb_mde_factor(5, 5, c->o.alpha));
	}
}

/* a count with few distinct values in column i: permutation test, said once per column */
static void check_discrete(struct cmp_ctx *c, const char *where, size_t i,
			   const struct lb_cell *cells)
{
	size_t a = cells[0].nruns, b = cells[i].nruns, j;
	double pmin = 1;

	if (!cells[i].discrete || (c->tworuns_warned[i] & 2))
		return;
	/* the permutation test's smallest p: 2 / C(a + b, a) */
	for (j = 1; j <= a; j++)
		pmin = pmin * (double)j / (double)(b + j);
	pmin *= 2;
	c->tworuns_warned[i] |= 2;
	addwarn(c, CMP_W_DISCRETE, "%s, column %zu (%s, %zu runs) against the baseline (%zu "
		"runs), and every such cell of this column: a count with few distinct values "
		"(at most 20 in the cell), so its per-run medians tie and its per-run means "
		"cluster, which Welch's t cannot take: tested by permuting the runs (exact, no "
		"CI95 or MDE), whose smallest p with these runs is %.3g%s", where, i + 1,
		c->set.runs[i]->label, b, a, pmin, pmin >= c->o.alpha ?
		": no change of it can be marked; pool more runs (5 per kernel reach 0.008)" :
		"");
}

/* what the cell of column i cannot show: no spread, few samples, unbounded CI, noise */
static void check_spread(struct cmp_ctx *c, const char *where, size_t i,
			 const struct lb_cell *cells)
{
	if (cells[i].nospread & 1)
		addwarn(c, CMP_W_NOSPREAD, "%s, column %zu (%s): every run's median is "
			"the same within each column: the run-to-run spread cannot be "
			"estimated, so the change is not tested (only an exact count is "
			"certain without spread); pool more runs", where, i + 1,
			c->set.runs[i]->label);
	if ((cells[i].n < 2 || cells[0].n < 2) && i && cells[i].n && cells[0].n)
		addwarn(c, CMP_W_FEW, "%s, column %zu (%s): %zu sample%s against %zu in the "
			"baseline after leaving out contaminated ones: not tested", where,
			i + 1, c->set.runs[i]->label, cells[i].n, cells[i].n == 1 ? "" : "s",
			cells[0].n);
	if (cells[i].ci_unbounded)
		addwarn(c, CMP_W_UNBOUNDED, "%s, column %zu (%s): the baseline's median "
			"or mean is 0 in some bootstrap resamples, so the change has no "
			"bounded interval", where, i + 1, c->set.runs[i]->label);
	if (cells[i].d.cv > c->o.cv_max)
		addwarn(c, CMP_W_NOISY, "%s, column %zu (%s): CV %.1f%% > %.1f%%", where,
			i + 1, c->set.runs[i]->label, cells[i].d.cv * 100, c->o.cv_max * 100);
	if (cells[i].n < c->o.min_n)
		addwarn(c, CMP_W_FEW, "%s, column %zu (%s): n=%zu < %zu", where, i + 1,
			c->set.runs[i]->label, cells[i].n, c->o.min_n);
}

static void check_cells(struct cmp_ctx *c, const char *wl, size_t pages, const char *metric,
			const struct lb_metric *m, const struct lb_cell *cells)
{
	size_t i;
	char where[200];

	where_text(wl, pages, metric, where, sizeof(where));
	check_samples(c, wl, pages, where, cells);
	if (m->kind == LB_KIND_EXACT) {
		check_exact(c, where, cells);
		return;
	}
	for (i = 0; i < c->set.nruns; i++) {
		if (!cells[i].n)
			continue;
		check_nruns(c, i, cells);
		check_discrete(c, where, i, cells);
		check_spread(c, where, i, cells);
	}
}

/* ---------- the walk over workloads x metrics x sizes ---------- */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * A long comparison says where it is, on stderr (never on stdout): from 2 s on, on a
 * terminal a line rewritten in place, elsewhere one line every 10 s.
 */
static void progress(struct cmp_ctx *c, const char *what, size_t done, size_t total)
{
	static double start, last;
	static int shown, tty = -1;
	double t = now_s();

	(void)c;
	if (tty < 0) {
		tty = isatty(2);
		start = t;
	}
	if (done < total && (t - start < 2 || t - last < (tty ? 0.25 : 10)))
		return;
	if (done == total && !shown)
		return;
	last = t;
	shown = 1;
	fprintf(stderr, "%slazybench compare: %s: %zu/%zu sections, %.0f s%s", tty ? "\r" : "",
		what, done, total, t - start, tty && done < total ? "" : "\n");
	if (done == total)
		shown = 0;
}

void cmp_walk(struct cmp_ctx *c, cmp_section_fn fn)
{
	size_t w, k, j, nr = c->set.nruns, done = 0;
	size_t total = c->set.nworkloads * c->set.nmetrics;

	for (w = 0; w < c->set.nworkloads; w++) {
		const char *wl = c->set.workloads[w];
		size_t *pages, np = lb_set_pages(&c->set, wl, &pages);

		for (k = 0; k < c->set.nmetrics; k++) {
			const char *mn = c->set.metrics[k];
			const struct lb_metric *m = lb_set_metric(&c->set, mn);
			struct lb_cell **cells = lb_xcalloc(np, sizeof(*cells));
			size_t used = 0, *up = lb_xcalloc(np, sizeof(*up));

			for (j = 0; j < np; j++) {
				struct lb_cell *cl = lb_xcalloc(nr, sizeof(*cl));
				size_t i, any = 0;

				lb_cells(&c->set, &c->o, wl, pages[j], mn, cl);
				for (i = 0; i < nr; i++)
					any += cl[i].n;
				if (!any) {	/* the metric does not apply to this workload */
					lb_cells_free(cl, nr);
					free(cl);
					continue;
				}
				check_cells(c, wl, pages[j], mn, m, cl);
				cells[used] = cl;
				up[used++] = pages[j];
			}
			if (used)
				fn(c, wl, mn, m, up, used, cells);
			for (j = 0; j < used; j++) {
				lb_cells_free(cells[j], nr);
				free(cells[j]);
			}
			free(cells);
			free(up);
			progress(c, "comparing", ++done, total);
		}
		free(pages);
	}
	if (c->have_hf) {
		struct lb_cell *cl = c->hf.cells;

		check_cells(c, "end-to-end", 0, "(hyperfine)", &hf_metric, cl);
		fn(c, "end-to-end (hyperfine)", "e2e", &hf_metric, NULL, 0, &cl);
	}
}

/* ---------- hyperfine ---------- */

static int load_hyperfine(struct cmp_ctx *c, const char *path)
{
	char err[1024];
	struct json *j = json_parse_file(path, err, sizeof(err));
	const struct json *res;
	size_t nr = c->set.nruns, i, k;
	int ret = LB_EXIT_USAGE;

	if (!j) {
		fprintf(stderr, PROG ": --hyperfine: %s\n", err);
		return LB_EXIT_USAGE;
	}
	res = json_get(j, "results");
	if (!res || res->type != JSON_ARR || !res->n) {
		fprintf(stderr, PROG ": %s:%d: no \"results\" array (not a hyperfine "
			"--export-json file)\n", path, res ? res->line : 1);
		goto out;
	}
	c->hf.path = lb_xstrdup(path);
	c->hf.cells = lb_xcalloc(nr, sizeof(*c->hf.cells));
	c->hf.names = lb_xcalloc(nr, sizeof(char *));
	for (i = 0; i < nr; i++) {
		const struct json *hit = NULL, *times;

		/* by name: the command name equals the column label; else by position */
		for (k = 0; k < res->n; k++) {
			const char *cmd = json_str(json_get(res->items[k], "command"));

			if (cmd && !strcmp(cmd, c->set.runs[i]->label))
				hit = res->items[k];
		}
		if (!hit && res->n == nr)
			hit = res->items[i];
		if (!hit) {
			fprintf(stderr, PROG ": %s: no command named '%s' for column %zu (and %zu "
				"results for %zu columns)\n", path, c->set.runs[i]->label, i + 1,
				res->n, nr);
			goto out;
		}
		times = json_get(hit, "times");
		if (!times || times->type != JSON_ARR || times->n < 2) {
			fprintf(stderr, PROG ": %s:%d: \"times\" must hold at least 2 timings\n",
				path, hit->line);
			goto out;
		}
		c->hf.names[i] = lb_xstrdup(json_str(json_get(hit, "command")) ?
					    json_str(json_get(hit, "command")) : "?");
		c->hf.cells[i].v = lb_xcalloc(times->n, sizeof(double));
		for (k = 0; k < times->n; k++) {
			if (times->items[k]->type != JSON_NUM) {
				fprintf(stderr, PROG ": %s:%d: a time is not a number\n", path,
					times->items[k]->line);
				goto out;
			}
			c->hf.cells[i].v[k] = times->items[k]->num;
		}
		c->hf.cells[i].n = times->n;
	}
	for (i = 0; i < nr; i++)
		lb_cell_stats(&c->hf.cells[0], &c->hf.cells[i], &hf_metric, &c->o);
	c->have_hf = 1;
	ret = 0;
out:
	json_free(j);
	return ret;
}
static void free_hyperfine(struct cmp_ctx *c)
{
	size_t i;

	if (c->hf.cells)
		lb_cells_free(c->hf.cells, c->set.nruns);
	for (i = 0; c->hf.names && i < c->set.nruns; i++)
		free(c->hf.names[i]);
	free(c->hf.names);
	free(c->hf.cells);
	free(c->hf.path);
}

/* --format/--style NAME (once) */
static int set_format(struct cmp_ctx *c, const char *name, const char **given)
{
	if (*given) {
		fprintf(stderr, PROG ": --format/--style given twice ('%s', then '%s')\n", *given,
			name);
		return -1;
	}
	*given = name;
	c->fmt = find_format(name);
	if (!c->fmt) {
		fprintf(stderr, PROG ": --format: '%s' is not a format (try --help)\n", name);
		return -1;
	}
	return 0;
}

/* --adjust holm|bh|none */
static int set_adjust(struct cmp_ctx *c, const char *v)
{
	if (!strcmp(v, "holm")) {
		c->o.adjust = LB_ADJ_HOLM;
	} else if (!strcmp(v, "bh")) {
		c->o.adjust = LB_ADJ_BH;
	} else if (!strcmp(v, "none")) {
		c->o.adjust = LB_ADJ_NONE;
	} else {
		fprintf(stderr, PROG ": --adjust: '%s' is not holm, bh or none\n", v);
		return -1;
	}
	return 0;
}

/* one of compare's own options (not the shared report ones): 0, or -1 (error said) */
static int compare_opt(struct cmp_ctx *c, int opt, const char *v, const char **fmt_given,
		       const char **hf)
{
	double x;

	switch (opt) {
	case 'f': return set_format(c, v, fmt_given);
	case 'A': c->o.assume_independent = 1; return 0;
	case 'K': c->o.keep_contaminated = 1; return 0;
	case 'b': c->brief = 1; return 0;
	case 'C': c->o.contam_metrics = 1; return 0;
	case 'H': *hf = v; return 0;
	case 'J': return set_adjust(c, v);
	case 'a': return lb_opt_double(PROG, "--alpha", v, 1e-9, 0.5, &c->o.alpha);
	case 'c':
		if (lb_opt_double(PROG, "--cv", v, 0, 1000, &x))
			return -1;
		c->o.cv_max = x / 100;
		return 0;
	case 'n':
		if (lb_opt_int(PROG, "--min-samples", v, 1, 1e9, &x))
			return -1;
		c->o.min_n = (size_t)x;
		return 0;
	}
	return lb_ropts_opt(&c->o, PROG, opt, v) ? -1 : 0;
}

/*
 * compare's command line, the runs into paths (argc entries) and *n: -1 to go on, else
 * the exit status (help printed or error said)
 */
static int parse_args(struct cmp_ctx *c, int argc, char **argv, const char **hf,
		      char **paths, int *n)
{
	static const struct option lopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "style", required_argument, NULL, 'f' },
		{ "assume-independent", no_argument, NULL, 'A' },
		{ "keep-contaminated", no_argument, NULL, 'K' },
		{ "brief", no_argument, NULL, 'b' },
		LB_ROPTS_LONGOPTS,
		{ "alpha", required_argument, NULL, 'a' },
		{ "cv", required_argument, NULL, 'c' },
		{ "min-samples", required_argument, NULL, 'n' },
		{ "hyperfine", required_argument, NULL, 'H' },
		{ "adjust", required_argument, NULL, 'J' },
		{ "contam-metrics", no_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *fmt_given = NULL, *arg, *cur;
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = lb_getopt(argc, argv, lopts, &arg, &cur)) != 0) {
		if (opt == 1) {
			paths[(*n)++] = (char *)arg;
			continue;
		}
		if (opt == 'h') {
			usage(stdout);
			return LB_EXIT_OK;
		}
		if (opt == '?' || opt == ':') {
			lb_ropts_badopt(PROG, opt, cur);
			return LB_EXIT_USAGE;
		}
		if (compare_opt(c, opt, arg, &fmt_given, hf))
			return LB_EXIT_USAGE;
	}
	for (; optind < argc; optind++)	/* operands after "--" */
		paths[(*n)++] = argv[optind];
	if (*n < 2) {
		fprintf(stderr, PROG ": needs a baseline and at least one run to compare "
			"(try --help)\n");
		return LB_EXIT_USAGE;
	}
	return -1;
}

int cmd_compare(int argc, char **argv)
{
	struct cmp_ctx c;
	char **paths = lb_xcalloc((size_t)argc, sizeof(char *));
	const char *hf = NULL;
	int ret, n = 0;
	size_t i;

	memset(&c, 0, sizeof(c));
	lb_ropts_init(&c.o);
	c.fmt = find_format("text");
	ret = parse_args(&c, argc, argv, &hf, paths, &n);
	if (ret >= 0) {
		free(paths);
		return ret;
	}
	ret = lb_set_load(&c.set, PROG, paths, n, &c.o);
	if (!ret && hf)
		ret = load_hyperfine(&c, hf);
	if (!ret) {
		c.onerun_warned = lb_xcalloc(c.set.nruns, 1);
		c.tworuns_warned = lb_xcalloc(c.set.nruns, 1);
		cmp_count_tests(&c);
		c.fmt->out(&c);
		if (fflush(stdout) || ferror(stdout)) {
			perror(PROG ": stdout");
			ret = LB_EXIT_FAIL;
		}
	}
	free_hyperfine(&c);
	for (i = 0; i < c.nwarn; i++)
		free(c.warn[i].text);
	free(c.warn);
	free(c.onerun_warned);
	free(c.tworuns_warned);
	lb_set_free(&c.set);
	free(paths);
	return ret;
}
