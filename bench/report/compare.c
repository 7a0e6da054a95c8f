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

#include "commands.h"
#include "report/compare.h"
#include "report/json.h"

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
"  --brief           only the median and mean rows\n"
"  --metric M[,M]    only these metrics (default: all common ones)\n"
"  --workload W[,W]  only these workloads\n"
"  --per-op          values per operation instead of per PTE\n"
"  --force           compare runs whose facts differ (arch, CPU, config, ...)\n"
"  --incomplete      read incomplete (interrupted) runs too; the table notes it\n"
"  --assume-independent  test repetitions as independent samples even with one run\n"
"                    per column (both kernels measured in one boot, say)\n"
"  --keep-contaminated   keep samples whose window was disturbed (contam = 1)\n"
"  --alpha P         significance level of the tests (default 0.05)\n"
"  --cv PCT          noise warning above this coefficient of variation (default 5)\n"
"  --min-samples N   warn below N samples (default 10)\n"
"  --boot N          bootstrap resamples for the CI (default 2000)\n"
"  --seed N          bootstrap seed (default 1: the output is reproducible)\n"
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

static void oom(void)
{
	fputs("lazybench: out of memory\n", stderr);
	exit(1);
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
	nw = realloc(c->warn, (c->nwarn + 1) * sizeof(*nw));
	if (!nw)
		oom();
	c->warn = nw;
	nw[c->nwarn].kind = kind;
	if (!(nw[c->nwarn].text = strdup(buf)))
		oom();
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
		[CMP_W_ONERUN] = "one run", [CMP_W_NONDET] = "non-deterministic",
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

int cmp_resolve_text(const struct lb_cell *base, const struct lb_cell *x, char *b,
		     size_t len)
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
		 "(95%%/80%%)%s", runs, x->mde, need);
	return 1;
}

void cmp_legend(const struct cmp_ctx *c, int md, char *b, size_t len)
{
	const char *st = md ? "\\*" : "*";

	snprintf(b, len, "Cells: the value, then its change against column 1 (the baseline) "
		 "in percent, (value - base) / base; ?%% when the baseline is 0. Per %s. "
		 "Marks: %s-1.00%%%s significant at p < %g, %s; ~-1.00%%~ a column has a "
		 "single run: the within-run test gives p < %g, but with one boot per kernel "
		 "a boot-to-boot difference cannot be told from a kernel difference (pool 3+ "
		 "runs per kernel); (-1.00%%) not significant; #-1.00%%# exact count, every "
		 "value equal within each column, so every difference is real; !-1.00%%! "
		 "exact count whose values vary: not deterministic. CI95: 95%% interval of "
		 "the change of the median: %s (%u resamples, seed %llu: reproducible). %s",
		 c->o.per_op ? "operation" : "PTE (per-operation value / PTEs touched)",
		 st, st, c->o.alpha,
		 c->o.assume_independent ?
		 "every repetition taken as an independent sample (--assume-independent: "
		 "Median rows Mann-Whitney U, Mean rows Welch's t)" :
		 "the run as the unit (Welch's t on the per-run medians, on Mean rows the "
		 "per-run means)", c->o.alpha,
		 c->o.assume_independent ? "the bootstrap of the ratio of medians" :
		 "with runs as the unit Welch's interval on the per-run medians (the "
		 "hierarchical bootstrap is in CSV and JSON), with one run the bootstrap of "
		 "the ratio of medians",
		 c->o.boot, (unsigned long long)c->o.seed,
		 c->set.refuse ? "! marks facts that differ and matter (--force given)." : "");
}

/* text wrapped at 79 columns, continuation lines indented; longer words are cut */
void cmp_put_wrapped(const char *text, const char *indent)
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

static void check_cells(struct cmp_ctx *c, const char *wl, size_t pages, const char *metric,
			const struct lb_metric *m, const struct lb_cell *cells)
{
	size_t i;
	char where[200], buf[600];

	where_text(wl, pages, metric, where, sizeof(where));
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
	if (m->kind == LB_KIND_EXACT) {
		check_exact(c, where, cells);
		return;
	}
	for (i = 0; i < c->set.nruns; i++) {
		if (!cells[i].n)
			continue;
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
}

/* ---------- the walk over workloads x metrics x sizes ---------- */

static void progress(const struct cmp_ctx *c, size_t done, size_t total)
{
	(void)c;
	if (total >= 20)
		fprintf(stderr, "\rlazybench compare: %zu/%zu sections", done, total);
	if (total >= 20 && done == total)
		fputc('\n', stderr);
}

void cmp_walk(struct cmp_ctx *c, cmp_section_fn fn)
{
	size_t w, k, j, nr = c->set.nruns, done = 0, total;
	size_t big = 0;

	/* a long comparison says where it is, on stderr (never on stdout) */
	for (w = 0; w < c->set.nruns; w++)
		big += c->set.runs[w]->nrows;
	total = big >= 200000 ? c->set.nworkloads * c->set.nmetrics : 0;
	for (w = 0; w < c->set.nworkloads; w++) {
		const char *wl = c->set.workloads[w];
		size_t *pages, np = lb_set_pages(&c->set, wl, &pages);

		for (k = 0; k < c->set.nmetrics; k++) {
			const char *mn = c->set.metrics[k];
			const struct lb_metric *m = lb_set_metric(&c->set, mn);
			struct lb_cell **cells = calloc(np ? np : 1, sizeof(*cells));
			size_t used = 0, *up = calloc(np ? np : 1, sizeof(*up));

			if (!cells || !up)
				oom();
			for (j = 0; j < np; j++) {
				struct lb_cell *cl = calloc(nr, sizeof(*cl));
				size_t i, any = 0;

				if (!cl)
					oom();
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
			if (total)
				progress(c, ++done, total);
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

int cmd_compare(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "style", required_argument, NULL, 'f' },
		{ "assume-independent", no_argument, NULL, 'A' },
		{ "keep-contaminated", no_argument, NULL, 'K' },
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
	struct cmp_ctx c;
	const char *hf = NULL;
	double x;
	int opt, ret;
	size_t i;

	memset(&c, 0, sizeof(c));
	lb_ropts_init(&c.o);
	c.fmt = find_format("text");
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "h", lopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			c.fmt = find_format(optarg);
			if (!c.fmt) {
				fprintf(stderr, PROG ": --format: '%s' is not a format (try --help)\n",
					optarg);
				return LB_EXIT_USAGE;
			}
			break;
		case 'A': c.o.assume_independent = 1; break;
		case 'K': c.o.keep_contaminated = 1; break;
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
		c.onerun_warned = calloc(c.set.nruns, 1);
		if (!c.onerun_warned)
			oom();
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
	lb_set_free(&c.set);
	return ret;
}
