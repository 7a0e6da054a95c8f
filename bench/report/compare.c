// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench compare BASE RUN [RUN...]: one row per workload x size x metric (x statistic),
 * one column per run, the first the baseline; text (80 columns), Markdown, CSV or JSON.
 */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "report/json.h"
#include "report/report.h"

#define PROG "lazybench compare"
#define LABW 15		/* row label width */
#define CELLW 20	/* cell width; columns are separated by one space */
#define PER_BLOCK 3	/* columns per block: 15 + 3 * 21 = 78 <= 80 */

enum fmt { FMT_TEXT, FMT_MD, FMT_CSV, FMT_JSON };

struct hf {			/* hyperfine results folded in as one more section */
	char *path;
	struct lb_cell *cells;	/* one per column, values in seconds */
	char **names;		/* command names matched to columns */
};

struct ctx {
	struct lb_set set;
	struct lb_ropts o;
	enum fmt fmt;
	int brief;
	struct hf hf;
	int have_hf;
	size_t noisy, few, runvar;
	char **warn;
	size_t nwarn;
};

static const struct lb_metric hf_metric = {
	(char *)"e2e", (char *)"s", (char *)"wall time of one whole lazybench run",
	0, LB_KIND_TIME
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: lazybench compare [OPTIONS] BASE RUN [RUN...]\n"
"  BASE, RUN: a run directory (results/LABEL/RUN-ID) or a label directory\n"
"  (results/LABEL: its finished runs are pooled). The first is the baseline.\n"
"  --format F        text (default, fits 80 columns), markdown, csv, json\n"
"  --brief           only the median and mean rows\n"
"  --metric M[,M]    only these metrics (default: all common ones)\n"
"  --workload W[,W]  only these workloads\n"
"  --per-op          values per operation instead of per PTE\n"
"  --force           compare runs whose facts differ (arch, CPU, config, ...)\n"
"  --incomplete      read incomplete (interrupted) runs too; the table notes it\n"
"  --alpha P         significance level of the tests (default 0.05)\n"
"  --cv PCT          noise warning above this coefficient of variation (default 5)\n"
"  --min-samples N   warn below N samples (default 10)\n"
"  --boot N          bootstrap resamples for the CI (default 2000)\n"
"  --seed N          bootstrap seed (default 1: the output is reproducible)\n"
"  --hyperfine FILE  fold a hyperfine --export-json file in as an end-to-end row\n"
"                    (scripts/hyperfine-compare writes one)\n");
}

static void addwarn(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addwarn(struct ctx *c, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	char **nw;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	nw = realloc(c->warn, (c->nwarn + 1) * sizeof(*nw));
	if (!nw || !(nw[c->nwarn] = strdup(buf))) {
		fputs("lazybench: out of memory\n", stderr);
		exit(1);
	}
	c->warn = nw;
	c->nwarn++;
}

/* ---------- formatting helpers ---------- */

/* decimals for the values of the row set being printed (from the baseline's median) */
static int row_decimals = -1;

static void set_decimals(double base_median)
{
	double a = fabs(base_median);

	row_decimals = isnan(a) || a >= 1e7 ? -1 : a >= 1000 ? 1 : a >= 1 ? 2 : a >= 0.01 ? 4 : -1;
}

static void fmt_val(double v, char *b, size_t len)
{
	double a = fabs(v);

	if (isnan(v))
		snprintf(b, len, "-");
	else if (row_decimals >= 0 && a < 1e7)
		snprintf(b, len, "%.*f", row_decimals, v);
	else if (a >= 1e7)
		snprintf(b, len, "%.3e", v);
	else if (a >= 1000)
		snprintf(b, len, "%.1f", v);
	else if (a >= 1 || v == 0)
		snprintf(b, len, "%.2f", v);
	else if (a >= 0.01)
		snprintf(b, len, "%.4f", v);
	else
		snprintf(b, len, "%.3e", v);
}

/* a change in percent in at most 8 characters, "%" included */
static void fmt_pct(double p, char *b, size_t len)
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

static char mark_open(enum lb_mark m)
{
	switch (m) {
	case LB_MARK_SIG: return '*';
	case LB_MARK_EXACT_DIFF: return '#';
	default: return '(';
	}
}

static char mark_close(enum lb_mark m)
{
	switch (m) {
	case LB_MARK_SIG: return '*';
	case LB_MARK_EXACT_DIFF: return '#';
	default: return ')';
	}
}

/* "12.31 (   0.00%)" / "11.02 * -10.48%*" in exactly CELLW characters */
static void fmt_cell(double val, double pct, enum lb_mark mark, char *b, size_t len)
{
	char v[32], p[32];

	if (isnan(val)) {
		snprintf(b, len, "%*s", CELLW, "-");
		return;
	}
	fmt_val(val, v, sizeof(v));
	if (mark == LB_MARK_NA) {	/* values, but no baseline to compare with */
		snprintf(b, len, "%9.9s %s", v, "( no base)");
		return;
	}
	fmt_pct(pct, p, sizeof(p));
	snprintf(b, len, "%9.9s %c%s%c", v, mark_open(mark), p, mark_close(mark));
}

static const char *better_words(const struct lb_metric *m)
{
	return m->higher ? "higher is better, a positive change is an improvement"
			 : "lower is better, a negative change is an improvement";
}

/* mean row: Welch's test decides the mark */
static enum lb_mark mean_mark(const struct lb_cell *c, const struct lb_metric *m,
			      const struct lb_ropts *o)
{
	if (c->mark == LB_MARK_BASE || c->mark == LB_MARK_NA)
		return c->mark;
	if (m->kind == LB_KIND_EXACT)
		return c->mark;
	return c->p_welch < o->alpha ? LB_MARK_SIG : LB_MARK_NS;
}

static double pct_of(double x, double base)
{
	if (base == 0)
		return x == 0 ? 0 : NAN;
	return (x / base - 1) * 100;
}

/* ---------- warnings ---------- */

/*
 * For a column pooled from several runs: (max - min) of the per-run medians, in percent
 * of the pooled median. NaN for a single run. Samples within one run are not independent
 * of that run's conditions (boot, placement, frequency), so a change smaller than this
 * spread is not supported by the within-run test alone.
 */
static double run_spread(const struct ctx *c, size_t col, const char *wl, size_t pages,
			 const char *metric)
{
	const struct lb_run *r = c->set.runs[col];
	int mi = lb_run_metric(r, metric);
	double lo = INFINITY, hi = -INFINITY, *v, all;
	size_t k, n;

	if (r->nruns < 2 || !pages)
		return NAN;
	n = lb_run_values(r, wl, pages, mi, !c->o.per_op, &v);
	all = n ? lb_stat_median(v, n) : NAN;
	free(v);
	for (k = 0; k < r->nruns; k++) {
		double med;

		n = lb_run_values_of(r, k, wl, pages, mi, !c->o.per_op, &v);
		if (!n) {
			free(v);
			continue;
		}
		med = lb_stat_median(v, n);
		free(v);
		lo = fmin(lo, med);
		hi = fmax(hi, med);
	}
	if (!(hi >= lo) || !(all != 0))
		return NAN;
	return (hi - lo) / fabs(all) * 100;
}

static void check_cells(struct ctx *c, const char *wl, size_t pages, const char *metric,
			const struct lb_metric *m, const struct lb_cell *cells)
{
	size_t i;
	char where[32] = "";

	if (pages)
		snprintf(where, sizeof(where), " %zu", pages);
	for (i = 0; i < c->set.nruns; i++)
		if (!cells[i].n)
			addwarn(c, "missing: %s%s %s has no samples in column %zu (%s)", wl, where,
				metric, i + 1, c->set.runs[i]->label);
	if (m->kind == LB_KIND_EXACT)
		return;
	for (i = 0; i < c->set.nruns; i++) {
		if (!cells[i].n)
			continue;
		if (cells[i].mark == LB_MARK_SIG) {
			double s0 = run_spread(c, 0, wl, pages, metric);
			double si = run_spread(c, i, wl, pages, metric);
			double sp = fmax(isnan(s0) ? 0 : s0, isnan(si) ? 0 : si);

			if (sp > 0 && fabs(cells[i].change) <= sp) {
				c->runvar++;
				addwarn(c, "run-to-run: %s%s %s, column %zu (%s): the change %+.2f%% "
					"is within the spread of the pooled runs' medians (%.2f%%)",
					wl, where, metric, i + 1, c->set.runs[i]->label,
					cells[i].change, sp);
			}
		}
		if (cells[i].d.cv > c->o.cv_max) {
			c->noisy++;
			addwarn(c, "noisy: %s%s %s, column %zu (%s): CV %.1f%% > %.1f%%", wl,
				where, metric, i + 1, c->set.runs[i]->label, cells[i].d.cv * 100,
				c->o.cv_max * 100);
		}
		if (cells[i].n < c->o.min_n) {
			c->few++;
			addwarn(c, "few samples: %s%s %s, column %zu (%s): n=%zu < %zu", wl,
				where, metric, i + 1, c->set.runs[i]->label, cells[i].n,
				c->o.min_n);
		}
	}
}

/* ---------- text ---------- */

static void put_wrapped(const char *text, const char *indent)
{
	const char *p = text;
	size_t col = 0, il = strlen(indent);

	while (*p) {
		const char *e = p;
		size_t w;

		while (*e && *e != ' ')
			e++;
		w = (size_t)(e - p);
		if (col && col + 1 + w > 79) {
			printf("\n%s", indent);
			col = il;
		} else if (col) {
			putchar(' ');
			col++;
		}
		/* a word longer than a line (a path, a list): cut it */
		while (col + w > 79) {
			size_t k = 79 - col;

			printf("%.*s\n%s", (int)k, p, indent);
			p += k;
			w -= k;
			col = il;
		}
		printf("%.*s", (int)w, p);
		col += w;
		p = *e ? e + 1 : e;
	}
	putchar('\n');
}

static void block_range(size_t nruns, size_t b, size_t *first, size_t *last)
{
	/* block b: column 0 plus columns 1 + b*(PER_BLOCK-1) ... */
	*first = 1 + b * (PER_BLOCK - 1);
	*last = *first + PER_BLOCK - 1;
	if (*last > nruns)
		*last = nruns;
}

static size_t nblocks(size_t nruns)
{
	return nruns <= 1 ? 1 : (nruns - 1 + PER_BLOCK - 2) / (PER_BLOCK - 1);
}

static void text_colheads(const struct ctx *c, size_t first, size_t last)
{
	size_t i;
	char h[64];

	printf("%-*s", LABW, "");
	for (i = 0; i < c->set.nruns; i++) {
		if (i && (i < first || i >= last))
			continue;
		snprintf(h, sizeof(h), "%zu:%s", i + 1, c->set.runs[i]->label);
		printf(" %*.*s", CELLW, CELLW, h);
	}
	putchar('\n');
}

static void samples_text(const struct ctx *c, size_t col, char *b, size_t len)
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

static void text_header(const struct ctx *c)
{
	static const int rows[] = {
		LB_F_RELEASE, LB_F_ARCH, LB_F_HOST, LB_F_CPU, LB_F_EMULATED, LB_F_KASAN,
		LB_F_DEBUG_PAGEALLOC, LB_F_DPA_ON, LB_F_PARAVIRT, LB_F_XEN_PV,
		LB_F_XEN_PV_DOMAIN, LB_F_LAZY_MMU, LB_F_PAGE_SIZE, LB_F_COUNTERS, LB_F_DATE,
	};
	size_t b, i, k, first, last;
	char buf[64], lab[32];

	for (b = 0; b < nblocks(c->set.nruns); b++) {
		block_range(c->set.nruns, b, &first, &last);
		text_colheads(c, first, last);
		for (k = 0; k < sizeof(rows) / sizeof(rows[0]) + 2; k++) {
			int f = k < sizeof(rows) / sizeof(rows[0]) ? rows[k] : -1;
			int bad = f >= 0 && f < LB_F_FIRST_INFO && c->set.differs[f];

			if (f >= 0)
				snprintf(lab, sizeof(lab), "%s%s", bad ? "!" : "", lb_facts[f].name);
			else
				snprintf(lab, sizeof(lab), "%s", k == sizeof(rows) / sizeof(rows[0]) ?
					 "runs pooled" : "samples");
			printf("%-*.*s", LABW, LABW, lab);
			for (i = 0; i < c->set.nruns; i++) {
				if (i && (i < first || i >= last))
					continue;
				if (f >= 0)
					snprintf(buf, sizeof(buf), "%s", c->set.runs[i]->facts[f]);
				else if (k == sizeof(rows) / sizeof(rows[0]))
					snprintf(buf, sizeof(buf), "%zu", c->set.runs[i]->nruns);
				else
					samples_text(c, i, buf, sizeof(buf));
				printf(" %*.*s", CELLW, CELLW, buf);
			}
			putchar('\n');
		}
		if (b + 1 < nblocks(c->set.nruns))
			putchar('\n');
	}
	/* facts that do not fit a cell, in full */
	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++)
		for (i = 0; i < c->set.nruns; i++) {
			char full[512];
			const char *v = c->set.runs[i]->facts[rows[k]];

			if (strlen(v) <= CELLW)
				continue;
			if (!c->set.differs[rows[k]]) {
				snprintf(full, sizeof(full), "%s, every column: %s",
					 lb_facts[rows[k]].name, v);
				put_wrapped(full, "  ");
				break;
			}
			snprintf(full, sizeof(full), "%s, column %zu: %s", lb_facts[rows[k]].name,
				 i + 1, v);
			put_wrapped(full, "  ");
		}
}

static void text_legend(const struct ctx *c)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "Cells: the value, then its change against column 1 (the "
		 "baseline) in percent: (value - base) / base. Per %s. Marks: *-1.00%%* "
		 "significant at p < %g (Median rows: two-sided Mann-Whitney U; Mean rows: "
		 "Welch's t); (-1.00%%) not significant; #-1.00%%# exact emulator count: no "
		 "test, every difference is real. CI95: bootstrap 95%% interval of the change "
		 "of the median (%u resamples, seed %llu: reproducible). %s",
		 c->o.per_op ? "operation" : "PTE (per-operation value / PTEs touched)",
		 c->o.alpha, c->o.boot, (unsigned long long)c->o.seed,
		 c->set.refuse ? "! marks facts that differ and matter (--force given)." : "");
	put_wrapped(buf, "");
}

static void text_row(const struct ctx *c, const char *stat, size_t pages, size_t first,
		     size_t last, const struct lb_cell *cells, const struct lb_metric *m,
		     int what)
{
	size_t i;
	char lab[64], cell[64], v[32];

	if (pages)
		snprintf(lab, sizeof(lab), "%-7s%8zu", stat, pages);
	else
		snprintf(lab, sizeof(lab), "%s", stat);
	printf("%-*.*s", LABW, LABW, lab);
	for (i = 0; i < c->set.nruns; i++) {
		const struct lb_cell *x = &cells[i];

		if (i && (i < first || i >= last))
			continue;
		cell[0] = '\0';
		switch (what) {
		case 0:	/* median */
			fmt_cell(x->d.median, x->change, x->mark, cell, sizeof(cell));
			break;
		case 1:	/* mean */
			fmt_cell(x->d.mean, pct_of(x->d.mean, cells[0].d.mean),
				 mean_mark(x, m, &c->o), cell, sizeof(cell));
			break;
		case 2: fmt_val(x->d.stddev, v, sizeof(v)); goto plain;
		case 3:
			if (isnan(x->d.cv))
				snprintf(v, sizeof(v), "-");
			else
				snprintf(v, sizeof(v), "%.2f%%%s", x->d.cv * 100,
					 x->d.cv > c->o.cv_max && m->kind != LB_KIND_EXACT ? "!" : "");
			goto plain;
		case 4: fmt_val(x->d.min, v, sizeof(v)); goto plain;
		case 5: fmt_val(x->d.max, v, sizeof(v)); goto plain;
		case 6:
			if (isnan(x->ci_lo))
				snprintf(v, sizeof(v), "-");
			else
				snprintf(v, sizeof(v), "[%+.2f,%+.2f]%%", x->ci_lo, x->ci_hi);
			goto plain;
		case 7:
			if (isnan(x->p_mwu))
				snprintf(v, sizeof(v), "-");
			else
				snprintf(v, sizeof(v), "%.4f", x->p_mwu);
			goto plain;
		case 8:
			snprintf(v, sizeof(v), "%zu%s", x->n, x->n && x->n < c->o.min_n ? "!" : "");
plain:
			snprintf(cell, sizeof(cell), "%*.*s", CELLW, CELLW, v);
			break;
		}
		printf(" %s", cell);
	}
	putchar('\n');
}

static void text_section(struct ctx *c, const char *wl, const char *metric,
			 const struct lb_metric *m, size_t *pages, size_t np,
			 struct lb_cell **cells)
{
	static const char *const stats[] = {
		"Median", "Mean", "Stddev", "CV", "Min", "Max", "CI95", "p(MWU)", "n"
	};
	size_t b, j, s, first, last, nstats = c->brief ? 2 : 9;
	char unit[64], title[256];

	lb_unit_text(m, &c->o, unit, sizeof(unit));
	if (!pages)
		snprintf(title, sizeof(title), "%s, %s; %s", wl, m->unit, better_words(m));
	else if (!strcmp(metric, m->unit))
		snprintf(title, sizeof(title), "%s: %s by size in pages; %s", wl, unit,
			 better_words(m));
	else
		snprintf(title, sizeof(title), "%s: %s, %s by size in pages; %s", wl, metric,
			 unit, better_words(m));
	(void)metric;
	for (b = 0; b < nblocks(c->set.nruns); b++) {
		block_range(c->set.nruns, b, &first, &last);
		putchar('\n');
		put_wrapped(title, "  ");
		text_colheads(c, first, last);
		for (j = 0; j < (pages ? np : 1); j++) {
			set_decimals(cells[j][0].d.median);
			for (s = 0; s < nstats; s++) {
				if (m->kind == LB_KIND_EXACT && (s == 6 || s == 7))
					continue;
				text_row(c, stats[s], pages ? pages[j] : 0, first, last, cells[j], m,
					 (int)s);
			}
		}
	}
}

/* ---------- the walk over workloads x metrics x sizes ---------- */

typedef void (*section_fn)(struct ctx *c, const char *wl, const char *metric,
			   const struct lb_metric *m, size_t *pages, size_t np,
			   struct lb_cell **cells);

static void walk(struct ctx *c, section_fn fn)
{
	size_t w, k, j, nr = c->set.nruns;

	for (w = 0; w < c->set.nworkloads; w++) {
		const char *wl = c->set.workloads[w];
		size_t *pages, np = lb_set_pages(&c->set, wl, &pages);

		for (k = 0; k < c->set.nmetrics; k++) {
			const char *mn = c->set.metrics[k];
			const struct lb_metric *m = lb_set_metric(&c->set, mn);
			struct lb_cell **cells = calloc(np ? np : 1, sizeof(*cells));
			size_t used = 0, *up = calloc(np ? np : 1, sizeof(*up));

			if (!cells || !up) {
				fputs("lazybench: out of memory\n", stderr);
				exit(1);
			}
			for (j = 0; j < np; j++) {
				struct lb_cell *cl = calloc(nr, sizeof(*cl));
				size_t i, any = 0;

				if (!cl) {
					fputs("lazybench: out of memory\n", stderr);
					exit(1);
				}
				lb_cells(&c->set, &c->o, wl, pages[j], mn, cl);
				for (i = 0; i < nr; i++)
					any += cl[i].n;
				if (!any) {	/* the metric does not apply to this workload */
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
		}
		free(pages);
	}
	if (c->have_hf) {
		struct lb_cell *cl = c->hf.cells;
		char title[64];

		snprintf(title, sizeof(title), "end-to-end (hyperfine)");
		check_cells(c, "end-to-end", 0, "(hyperfine)", &hf_metric, cl);
		fn(c, title, "e2e", &hf_metric, NULL, 0, &cl);
	}
}

static void text_out(struct ctx *c)
{
	size_t i;

	printf("lazybench compare: %zu columns, column 1 is the baseline\n", c->set.nruns);
	text_header(c);
	putchar('\n');
	text_legend(c);
	walk(c, text_section);
	if (c->have_hf) {
		char buf[512];

		snprintf(buf, sizeof(buf), "end-to-end: hyperfine %s, commands matched to "
			 "columns: ", c->hf.path);
		for (i = 0; i < c->set.nruns; i++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%zu=%s",
				 i ? ", " : "", i + 1, c->hf.names[i]);
		putchar('\n');
		put_wrapped(buf, "  ");
	}
	if (c->nwarn || c->set.nnotes)
		putchar('\n');
	for (i = 0; i < c->set.nnotes; i++) {
		char buf[600];

		snprintf(buf, sizeof(buf), "note: %s", c->set.notes[i]);
		put_wrapped(buf, "  ");
	}
	for (i = 0; i < c->nwarn && i < 20; i++) {
		char buf[600];

		snprintf(buf, sizeof(buf), "warning: %s", c->warn[i]);
		put_wrapped(buf, "  ");
	}
	if (c->nwarn > 20)
		printf("warning: ... and %zu more (see --format json)\n", c->nwarn - 20);
	if (c->noisy)
		put_wrapped("Noisy cells (CV above the threshold, marked ! in the CV row) "
			    "support no claim of a small change: rerun on a quiet machine or with "
			    "more repetitions.", "  ");
	if (c->runvar)
		put_wrapped("Run-to-run: a change marked significant is smaller than the "
			    "differences between the medians of the runs pooled in a column: "
			    "the samples of one run share its conditions, so do not claim it.",
			    "  ");
	if (c->few)
		put_wrapped("Columns with few samples (marked ! in the n row) support no "
			    "claim: rerun with --reps 10 or more.", "  ");
}

/* ---------- markdown ---------- */

static void md_cell(double val, double pct, enum lb_mark mark)
{
	char v[32], p[32], *q = p;

	if (isnan(val)) {
		printf(" - |");
		return;
	}
	fmt_val(val, v, sizeof(v));
	if (mark == LB_MARK_NA) {
		printf(" %s (no base) |", v);
		return;
	}
	fmt_pct(pct, p, sizeof(p));
	while (*q == ' ')
		q++;
	if (mark == LB_MARK_SIG)
		printf(" %s \\*%s\\* |", v, q);
	else if (mark == LB_MARK_EXACT_DIFF)
		printf(" %s #%s# |", v, q);
	else
		printf(" %s (%s) |", v, q);
}

static void md_section(struct ctx *c, const char *wl, const char *metric,
		       const struct lb_metric *m, size_t *pages, size_t np,
		       struct lb_cell **cells)
{
	size_t i, j;
	char unit[64];

	(void)metric;
	lb_unit_text(m, &c->o, unit, sizeof(unit));
	printf("\n**%s**, %s: %s\n\n| size | stat |", wl, pages ? unit : m->unit,
	       better_words(m));
	for (i = 0; i < c->set.nruns; i++)
		printf(" %zu: %s |", i + 1, c->set.runs[i]->label);
	printf("\n|---:|---|");
	for (i = 0; i < c->set.nruns; i++)
		printf("---:|");
	putchar('\n');
	for (j = 0; j < (pages ? np : 1); j++) {
		const struct lb_cell *cl = cells[j];

		set_decimals(cl[0].d.median);
		printf("| %zu | median |", pages ? pages[j] : (size_t)0);
		for (i = 0; i < c->set.nruns; i++)
			md_cell(cl[i].d.median, cl[i].change, cl[i].mark);
		printf("\n| %zu | mean |", pages ? pages[j] : (size_t)0);
		for (i = 0; i < c->set.nruns; i++)
			md_cell(cl[i].d.mean, pct_of(cl[i].d.mean, cl[0].d.mean),
				mean_mark(&cl[i], m, &c->o));
		putchar('\n');
		if (c->brief)
			continue;
		printf("| | CV |");
		for (i = 0; i < c->set.nruns; i++)
			printf(isnan(cl[i].d.cv) ? " - |" : " %.2f%% |", cl[i].d.cv * 100);
		printf("\n| | CI95 |");
		for (i = 0; i < c->set.nruns; i++)
			printf(isnan(cl[i].ci_lo) ? " - |" : " [%+.2f%%, %+.2f%%] |", cl[i].ci_lo,
			       cl[i].ci_hi);
		printf("\n| | p (MWU) |");
		for (i = 0; i < c->set.nruns; i++)
			printf(isnan(cl[i].p_mwu) ? " - |" : " %.4f |", cl[i].p_mwu);
		printf("\n| | n |");
		for (i = 0; i < c->set.nruns; i++)
			printf(" %zu |", cl[i].n);
		putchar('\n');
	}
}

static void md_out(struct ctx *c)
{
	static const int rows[] = {
		LB_F_RELEASE, LB_F_ARCH, LB_F_HOST, LB_F_CPU, LB_F_EMULATED, LB_F_KASAN,
		LB_F_DEBUG_PAGEALLOC, LB_F_PARAVIRT, LB_F_XEN_PV, LB_F_LAZY_MMU,
		LB_F_COUNTERS, LB_F_DATE,
	};
	size_t i, k;
	char buf[64];

	printf("| |");
	for (i = 0; i < c->set.nruns; i++)
		printf(" %zu: %s |", i + 1, c->set.runs[i]->label);
	printf("\n|---|");
	for (i = 0; i < c->set.nruns; i++)
		printf("---|");
	putchar('\n');
	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		int f = rows[k];

		printf("| %s%s |", f < LB_F_FIRST_INFO && c->set.differs[f] ? "**differs** " : "",
		       lb_facts[f].name);
		for (i = 0; i < c->set.nruns; i++)
			printf(" %s |", c->set.runs[i]->facts[f]);
		putchar('\n');
	}
	printf("| samples |");
	for (i = 0; i < c->set.nruns; i++) {
		samples_text(c, i, buf, sizeof(buf));
		printf(" %s (%zu run%s) |", buf, c->set.runs[i]->nruns,
		       c->set.runs[i]->nruns > 1 ? "s" : "");
	}
	printf("\n\nChange against column 1 in percent, (value - base) / base. "
	       "\\*x%%\\* significant at p < %g (median: Mann-Whitney U, mean: Welch's t); "
	       "(x%%) not significant; #x%%# exact emulator count, no test. CI95: bootstrap "
	       "of the ratio of medians, %u resamples, seed %llu.\n", c->o.alpha, c->o.boot,
	       (unsigned long long)c->o.seed);
	walk(c, md_section);
	if (c->nwarn || c->set.nnotes)
		putchar('\n');
	for (i = 0; i < c->set.nnotes; i++)
		printf("- note: %s\n", c->set.notes[i]);
	for (i = 0; i < c->nwarn; i++)
		printf("- warning: %s\n", c->warn[i]);
}

/* ---------- CSV ---------- */

static void csv_str(const char *s)
{
	if (strpbrk(s, ",\"\n")) {
		putchar('"');
		for (; *s; s++) {
			if (*s == '"')
				putchar('"');
			putchar(*s);
		}
		putchar('"');
	} else {
		fputs(s, stdout);
	}
}

static void csv_num(double x)
{
	putchar(',');
	if (!isnan(x))
		printf("%.10g", x);
}

static const char *mark_name(enum lb_mark m)
{
	static const char *const n[] = {
		[LB_MARK_BASE] = "baseline", [LB_MARK_NS] = "not-significant",
		[LB_MARK_SIG] = "significant", [LB_MARK_EXACT_SAME] = "exact-same",
		[LB_MARK_EXACT_DIFF] = "exact-different", [LB_MARK_NA] = "no-data",
	};
	return n[m];
}

static void csv_section(struct ctx *c, const char *wl, const char *metric,
			const struct lb_metric *m, size_t *pages, size_t np,
			struct lb_cell **cells)
{
	size_t i, j;
	char unit[64];

	lb_unit_text(m, &c->o, unit, sizeof(unit));
	for (j = 0; j < (pages ? np : 1); j++)
		for (i = 0; i < c->set.nruns; i++) {
			const struct lb_cell *x = &cells[j][i];

			csv_str(wl);
			printf(",%zu,", pages ? pages[j] : (size_t)0);
			csv_str(metric);
			putchar(',');
			csv_str(pages ? unit : m->unit);
			printf(",%s,%s,%zu,", m->higher ? "higher" : "lower",
			       m->kind == LB_KIND_TIME ? "time" :
			       m->kind == LB_KIND_COUNT ? "count" : "exact", i + 1);
			csv_str(c->set.runs[i]->label);
			printf(",%zu", x->n);
			csv_num(x->d.median);
			csv_num(x->d.mean);
			csv_num(x->d.stddev);
			csv_num(x->d.cv * 100);
			csv_num(x->d.min);
			csv_num(x->d.max);
			csv_num(x->d.q1);
			csv_num(x->d.q3);
			csv_num(x->change);
			csv_num(x->ci_lo);
			csv_num(x->ci_hi);
			csv_num(x->p_mwu);
			csv_num(x->p_welch);
			printf(",%s\n", mark_name(x->mark));
		}
}

static void csv_out(struct ctx *c)
{
	printf("workload,pages,metric,unit,better,kind,column,label,n,median,mean,stddev,"
	       "cv_pct,min,max,q1,q3,change_pct,ci95_lo_pct,ci95_hi_pct,p_mwu,p_welch,mark\n");
	walk(c, csv_section);
}

/* ---------- JSON ---------- */

static int json_first;

static void jkv_num(const char *k, double v)
{
	printf(", ");
	json_put_str(stdout, k);
	printf(": ");
	json_put_num(stdout, v);
}

static void json_section(struct ctx *c, const char *wl, const char *metric,
			 const struct lb_metric *m, size_t *pages, size_t np,
			 struct lb_cell **cells)
{
	size_t i, j;
	char unit[64];

	lb_unit_text(m, &c->o, unit, sizeof(unit));
	for (j = 0; j < (pages ? np : 1); j++) {
		printf("%s\n    {\"workload\": ", json_first ? "" : ",");
		json_first = 0;
		json_put_str(stdout, wl);
		printf(", \"pages\": ");
		if (pages)
			printf("%zu", pages[j]);
		else
			printf("null");
		printf(", \"metric\": ");
		json_put_str(stdout, metric);
		printf(", \"unit\": ");
		json_put_str(stdout, pages ? unit : m->unit);
		printf(", \"better\": \"%s\", \"kind\": \"%s\", \"cells\": [",
		       m->higher ? "higher" : "lower",
		       m->kind == LB_KIND_TIME ? "time" : m->kind == LB_KIND_COUNT ? "count" :
		       "exact");
		for (i = 0; i < c->set.nruns; i++) {
			const struct lb_cell *x = &cells[j][i];

			printf("%s\n      {\"column\": %zu", i ? "," : "", i + 1);
			printf(", \"n\": %zu", x->n);
			jkv_num("median", x->d.median);
			jkv_num("mean", x->d.mean);
			jkv_num("stddev", x->d.stddev);
			jkv_num("cv", x->d.cv);
			jkv_num("min", x->d.min);
			jkv_num("max", x->d.max);
			jkv_num("q1", x->d.q1);
			jkv_num("q3", x->d.q3);
			jkv_num("change_pct", x->change);
			printf(", \"ci95_pct\": [");
			json_put_num(stdout, x->ci_lo);
			printf(", ");
			json_put_num(stdout, x->ci_hi);
			printf("]");
			jkv_num("p_mwu", x->p_mwu);
			jkv_num("p_welch", x->p_welch);
			printf(", \"mark\": \"%s\", \"mean_mark\": \"%s\"}", mark_name(x->mark),
			       mark_name(mean_mark(x, m, &c->o)));
		}
		printf("]}");
	}
}

static void json_strs(char **s, size_t n)
{
	size_t i;

	putchar('[');
	for (i = 0; i < n; i++) {
		if (i)
			printf(", ");
		json_put_str(stdout, s[i]);
	}
	putchar(']');
}

static void json_out(struct ctx *c)
{
	size_t i, k;

	printf("{\n  \"format\": \"lazybench-compare/1\",\n");
	printf("  \"alpha\": %g, \"cv_threshold\": %g, \"min_samples\": %zu,\n", c->o.alpha,
	       c->o.cv_max, c->o.min_n);
	printf("  \"bootstrap\": {\"resamples\": %u, \"seed\": %llu, \"level\": 0.95},\n",
	       c->o.boot, (unsigned long long)c->o.seed);
	printf("  \"per\": \"%s\",\n  \"columns\": [", c->o.per_op ? "op" : "pte");
	for (i = 0; i < c->set.nruns; i++) {
		const struct lb_run *r = c->set.runs[i];

		printf("%s\n    {\"column\": %zu, \"path\": ", i ? "," : "", i + 1);
		json_put_str(stdout, r->path);
		printf(", \"label\": ");
		json_put_str(stdout, r->label);
		printf(", \"runs_pooled\": %zu, \"facts\": {", r->nruns);
		for (k = 0; k < LB_F_COUNT; k++) {
			printf("%s", k ? ", " : "");
			json_put_str(stdout, lb_facts[k].name);
			printf(": ");
			json_put_str(stdout, r->facts[k]);
		}
		printf("}}");
	}
	printf("\n  ],\n  \"differs\": [");
	for (i = 0, k = 0; k < LB_F_COUNT; k++)
		if (c->set.differs[k]) {
			printf("%s{\"fact\": ", i++ ? ", " : "");
			json_put_str(stdout, lb_facts[k].name);
			printf(", \"matters\": %s}", k < LB_F_FIRST_INFO ? "true" : "false");
		}
	printf("],\n  \"rows\": [");
	json_first = 1;
	walk(c, json_section);
	printf("\n  ],\n  \"warnings\": ");
	json_strs(c->warn, c->nwarn);
	printf(",\n  \"notes\": ");
	json_strs(c->set.notes, c->set.nnotes);
	if (c->have_hf) {
		printf(",\n  \"hyperfine\": {\"file\": ");
		json_put_str(stdout, c->hf.path);
		printf(", \"commands\": ");
		json_strs(c->hf.names, c->set.nruns);
		printf("}");
	}
	printf("\n}\n");
}

/* ---------- hyperfine ---------- */

static int load_hyperfine(struct ctx *c, const char *path)
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
	c->hf.path = strdup(path);
	c->hf.cells = calloc(nr, sizeof(*c->hf.cells));
	c->hf.names = calloc(nr, sizeof(char *));
	if (!c->hf.path || !c->hf.cells || !c->hf.names) {
		fputs("lazybench: out of memory\n", stderr);
		exit(1);
	}
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
		c->hf.names[i] = strdup(json_str(json_get(hit, "command")) ?
					json_str(json_get(hit, "command")) : "?");
		c->hf.cells[i].v = calloc(times->n, sizeof(double));
		if (!c->hf.names[i] || !c->hf.cells[i].v) {
			fputs("lazybench: out of memory\n", stderr);
			exit(1);
		}
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

static void free_hyperfine(struct ctx *c)
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

int cmd_compare(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "brief", no_argument, NULL, 'b' },
		{ "metric", required_argument, NULL, 'm' },
		{ "workload", required_argument, NULL, 'w' },
		{ "per-op", no_argument, NULL, 'P' },
		{ "force", no_argument, NULL, 'F' },
		{ "incomplete", no_argument, NULL, 'I' },
		{ "alpha", required_argument, NULL, 'a' },
		{ "cv", required_argument, NULL, 'c' },
		{ "min-samples", required_argument, NULL, 'n' },
		{ "boot", required_argument, NULL, 'B' },
		{ "seed", required_argument, NULL, 's' },
		{ "hyperfine", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctx c;
	const char *hf = NULL;
	double x;
	int opt, ret;
	size_t i;

	memset(&c, 0, sizeof(c));
	lb_ropts_init(&c.o);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			if (!strcmp(optarg, "text"))
				c.fmt = FMT_TEXT;
			else if (!strcmp(optarg, "markdown") || !strcmp(optarg, "md"))
				c.fmt = FMT_MD;
			else if (!strcmp(optarg, "csv"))
				c.fmt = FMT_CSV;
			else if (!strcmp(optarg, "json"))
				c.fmt = FMT_JSON;
			else {
				fprintf(stderr, PROG ": --format: '%s' is not text, markdown, csv "
					"or json\n", optarg);
				return LB_EXIT_USAGE;
			}
			break;
		case 'b': c.brief = 1; break;
		case 'm': c.o.metrics = optarg; break;
		case 'w': c.o.workloads = optarg; break;
		case 'P': c.o.per_op = 1; break;
		case 'F': c.o.force = 1; break;
		case 'I': c.o.incomplete = 1; break;
		case 'a':
			if (lb_opt_double(PROG, "--alpha", optarg, 1e-9, 0.5, &c.o.alpha))
				return LB_EXIT_USAGE;
			break;
		case 'c':
			if (lb_opt_double(PROG, "--cv", optarg, 0, 1000, &x))
				return LB_EXIT_USAGE;
			c.o.cv_max = x / 100;
			break;
		case 'n':
			if (lb_opt_double(PROG, "--min-samples", optarg, 1, 1e9, &x))
				return LB_EXIT_USAGE;
			c.o.min_n = (size_t)x;
			break;
		case 'B':
			if (lb_opt_double(PROG, "--boot", optarg, 100, 1e6, &x))
				return LB_EXIT_USAGE;
			c.o.boot = (unsigned int)x;
			break;
		case 's':
			if (lb_opt_double(PROG, "--seed", optarg, 0, 1e15, &x))
				return LB_EXIT_USAGE;
			c.o.seed = (uint64_t)x;
			break;
		case 'H': hf = optarg; break;
		case 'h':
			usage(stdout);
			return LB_EXIT_OK;
		default:
			if (optopt)
				fprintf(stderr, PROG ": option -%c: unknown or needs a value\n", optopt);
			else
				fprintf(stderr, PROG ": unknown option '%s' (try --help)\n",
					argv[optind - 1]);
			return LB_EXIT_USAGE;
		}
	}
	if (argc - optind < 2) {
		fprintf(stderr, PROG ": needs a baseline and at least one run to compare "
			"(try --help)\n");
		return LB_EXIT_USAGE;
	}
	ret = lb_set_load(&c.set, PROG, argv + optind, argc - optind, &c.o);
	if (!ret && hf)
		ret = load_hyperfine(&c, hf);
	if (!ret) {
		switch (c.fmt) {
		case FMT_TEXT: text_out(&c); break;
		case FMT_MD: md_out(&c); break;
		case FMT_CSV: csv_out(&c); break;
		case FMT_JSON: json_out(&c); break;
		}
		if (fflush(stdout) || ferror(stdout)) {
			perror(PROG ": stdout");
			ret = LB_EXIT_FAIL;
		}
	}
	free_hyperfine(&c);
	for (i = 0; i < c.nwarn; i++)
		free(c.warn[i]);
	free(c.warn);
	lb_set_free(&c.set);
	return ret;
}
