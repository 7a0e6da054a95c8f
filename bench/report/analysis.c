// SPDX-License-Identifier: GPL-2.0
/* lazybench: loading a set of columns, guard rails, statistics per cell (report.h). */
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "lazycount.h"
#include "report/report.h"
#include "util.h"

void lb_ropts_init(struct lb_ropts *o)
{
	memset(o, 0, sizeof(*o));
	o->alpha = 0.05;
	o->cv_max = 0.05;
	o->min_n = 10;
	o->boot = 2000;
	o->seed = 1;
	o->adj_p = -1;
}

int lb_ropts_opt(struct lb_ropts *o, const char *prog, int opt, const char *arg)
{
	double x;

	switch (opt) {
	case 'm': o->metrics = arg; return 0;
	case 'w': o->workloads = arg; return 0;
	case 'P': o->per_op = 1; return 0;
	case 'F': o->force = 1; return 0;
	case 'I': o->incomplete = 1; return 0;
	case 'B':
		if (lb_opt_int(prog, "--boot", arg, 100, 1e6, &x))
			return -1;
		o->boot = (unsigned int)x;
		return 0;
	case 's':
		if (lb_opt_int(prog, "--seed", arg, 0, 1e15, &x))
			return -1;
		o->seed = (uint64_t)x;
		return 0;
	}
	return 1;
}

void lb_ropts_badopt(const char *prog, int opt, const char *cur)
{
	if (opt == ':')
		fprintf(stderr, "%s: %.*s needs a value\n", prog, (int)strcspn(cur, "="), cur);
	else
		fprintf(stderr, "%s: unknown option '%s' (try --help)\n", prog, cur);
}

int lb_opt_double(const char *prog, const char *opt, const char *val, double lo, double hi,
		  double *out)
{
	char *end;
	double x;

	if (!val) {
		fprintf(stderr, "%s: %s needs a value\n", prog, opt);
		return -1;
	}
	x = strtod(val, &end);
	/* decimal only: strtod also takes hex (0x10), inf and nan */
	if (end == val || *end || !(x >= lo && x <= hi) || strpbrk(val, "xXnN")) {
		fprintf(stderr, "%s: %s: '%s' is not a number in [%g, %g]\n", prog, opt, val,
			lo, hi);
		return -1;
	}
	*out = x;
	return 0;
}

int lb_opt_int(const char *prog, const char *opt, const char *val, double lo, double hi,
	       double *out)
{
	const char *q = val;

	/* digits only: no sign, fraction, exponent, hex or inf */
	for (; q && *q >= '0' && *q <= '9'; q++)
		;
	if (val && (!*val || *q)) {
		fprintf(stderr, "%s: %s: '%s' is not an integer in [%.0f, %.0f]\n", prog, opt,
			val, lo, hi);
		return -1;
	}
	return lb_opt_double(prog, opt, val, lo, hi, out);
}

void lb_set_note(struct lb_set *s, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->notes = lb_xrealloc(s->notes, (s->nnotes + 1) * sizeof(char *));
	s->notes[s->nnotes++] = lb_xstrdup(buf);
}

int lb_contam_metric(const char *name)
{
	return !strcmp(name, "ctx_switches") || !strcmp(name, "cpu_migrations") ||
	       !strcmp(name, "kcontam");
}

/* is name in the comma-separated list? */
static int in_list(const char *list, const char *name)
{
	size_t l = strlen(name);
	const char *p = list;

	while (p && *p) {
		const char *c = strchr(p, ',');
		size_t k = c ? (size_t)(c - p) : strlen(p);

		if (k == l && !strncmp(p, name, l))
			return 1;
		p = c ? c + 1 : NULL;
	}
	return 0;
}

/* every name of the list must satisfy ok(); returns the first that does not, in buf */
static int list_check(const char *list, const struct lb_run *r,
		      int (*ok)(const struct lb_run *, const char *), char *buf, size_t len)
{
	const char *p = list;

	while (p && *p) {
		const char *c = strchr(p, ',');
		size_t k = c ? (size_t)(c - p) : strlen(p);

		snprintf(buf, len, "%.*s", (int)k, p);
		if (!k || !ok(r, buf))
			return -1;
		p = c ? c + 1 : NULL;
	}
	return 0;
}

static int has_metric(const struct lb_run *r, const char *m)
{
	return lb_run_metric(r, m) >= 0;
}

/* each column's runs, with the notes they bring */
static int load_columns(struct lb_set *s, const char *prog, char **paths, int n,
			const struct lb_ropts *o)
{
	char err[1024];
	size_t i, j;

	s->runs = lb_xrealloc(NULL, n * sizeof(*s->runs));
	for (i = 0; i < (size_t)n; i++) {
		struct lb_run *r = lb_run_load(paths[i], o->incomplete, err, sizeof(err));

		s->runs[i] = r;
		if (!r) {
			fprintf(stderr, "%s: %s\n", prog, err);
			return LB_EXIT_USAGE;
		}
		s->nruns++;
		r->keep_contam = o->keep_contaminated;
		for (j = 0; j < r->nnotes; j++)
			lb_set_note(s, "column %zu (%s): %s", i + 1, r->label, r->notes[j]);
		if (r->nno_contam)
			lb_set_note(s, "column %zu (%s): %zu of %zu run%s without a contam column: "
				    "whether a sample was disturbed is unknown, every sample kept",
				    i + 1, r->label, r->nno_contam, r->nruns, r->nruns > 1 ? "s" : "");
		if (r->nincomplete)
			lb_set_note(s, "column %zu (%s) includes %zu incomplete run%s (interrupted, "
				    "still running or with a failed size point; --incomplete)", i + 1,
				    r->label, r->nincomplete, r->nincomplete > 1 ? "s" : "");
	}
	return 0;
}

/* guard rails: facts that matter must agree with the baseline (or --force) */
static int check_facts(struct lb_set *s, const char *prog, const struct lb_ropts *o)
{
	char msg[1024] = "";
	size_t i, k;

	for (k = 0; k < LB_F_COUNT; k++)
		for (i = 1; i < s->nruns; i++)
			if (strcmp(s->runs[i]->facts[k], s->runs[0]->facts[k]))
				s->differs[k] = 1;
	for (k = 0; k < LB_F_FIRST_INFO; k++)
		if (s->differs[k])
			s->refuse = 1;
	if (!s->refuse || o->force)
		return 0;
	for (k = 0; k < LB_F_FIRST_INFO; k++) {
		if (!s->differs[k])
			continue;
		for (i = 1; i < s->nruns; i++)
			if (strcmp(s->runs[i]->facts[k], s->runs[0]->facts[k]))
				break;
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "%s%s (%s vs %s)",
			 msg[0] ? ", " : "", lb_facts[k].name, s->runs[0]->facts[k],
			 s->runs[i]->facts[k]);
	}
	fprintf(stderr, "%s: runs differ in what matters: %s; compare anyway with --force\n",
		prog, msg);
	return LB_EXIT_USAGE;
}

/* filters name things that exist in every column */
static int check_filters(const struct lb_set *s, const char *prog, const struct lb_ropts *o)
{
	char name[256];
	size_t i;

	for (i = 0; i < s->nruns; i++) {
		if (o->workloads && list_check(o->workloads, s->runs[i], lb_run_has_workload,
					       name, sizeof(name))) {
			fprintf(stderr, "%s: --workload: '%s' is not in %s\n", prog, name,
				s->runs[i]->path);
			return LB_EXIT_USAGE;
		}
		if (o->metrics && list_check(o->metrics, s->runs[i], has_metric, name,
					     sizeof(name))) {
			fprintf(stderr, "%s: --metric: '%s' is not a metric of %s\n", prog, name,
				s->runs[i]->path);
			return LB_EXIT_USAGE;
		}
	}
	return 0;
}

/* workloads: the baseline's (filtered); without a filter, every column has the same set */
static int select_workloads(struct lb_set *s, const char *prog, const struct lb_ropts *o)
{
	size_t i, j;

	for (i = 0; i < s->runs[0]->nworkloads; i++) {
		const char *w = s->runs[0]->workloads[i];

		if (o->workloads && !in_list(o->workloads, w))
			continue;
		s->workloads = lb_xrealloc(s->workloads, (s->nworkloads + 1) * sizeof(char *));
		s->workloads[s->nworkloads++] = lb_xstrdup(w);
	}
	for (i = 1; i < s->nruns && !o->workloads; i++) {
		const struct lb_run *r = s->runs[i];
		const char *extra = NULL, *missing = NULL;

		for (j = 0; j < r->nworkloads; j++)
			if (!lb_run_has_workload(s->runs[0], r->workloads[j]))
				extra = r->workloads[j];
		for (j = 0; j < s->nworkloads; j++)
			if (!lb_run_has_workload(r, s->workloads[j]))
				missing = s->workloads[j];
		if (extra || missing) {
			fprintf(stderr, "%s: mismatched workloads: %s %s '%s' that %s %s not; "
				"choose common ones with --workload\n", prog,
				extra ? r->path : s->runs[0]->path, "has", extra ? extra : missing,
				extra ? s->runs[0]->path : r->path, "has");
			return LB_EXIT_USAGE;
		}
	}
	return 0;
}

/* a metric not compared unless asked for: filtered out, or a contamination counter */
static int metric_left_out(const struct lb_ropts *o, const char *name)
{
	return (o->metrics && !in_list(o->metrics, name)) ||
	       (!o->metrics && !o->contam_metrics && lb_contam_metric(name));
}

/* metrics: the baseline's, present in every column with the same meaning */
static int select_metrics(struct lb_set *s, const char *prog, const struct lb_ropts *o)
{
	size_t i, j, ncontam_m = 0;

	for (i = 0; i < s->runs[0]->nmetrics; i++) {
		const struct lb_metric *m = &s->runs[0]->metrics[i];
		int everywhere = 1;

		if (o->metrics && !in_list(o->metrics, m->name))
			continue;
		if (metric_left_out(o, m->name)) {	/* a contamination counter */
			ncontam_m++;
			continue;
		}
		for (j = 1; j < s->nruns; j++) {
			int idx = lb_run_metric(s->runs[j], m->name);

			if (idx < 0) {
				everywhere = 0;
				continue;
			}
			if (s->runs[j]->metrics[idx].higher != m->higher ||
			    s->runs[j]->metrics[idx].kind != m->kind) {
				fprintf(stderr, "%s: metric '%s' is described differently in %s "
					"and %s (better/kind)\n", prog, m->name, s->runs[0]->path,
					s->runs[j]->path);
				return LB_EXIT_USAGE;
			}
		}
		if (!everywhere) {
			lb_set_note(s, "metric %s is not in every column: left out", m->name);
			continue;
		}
		s->metrics = lb_xrealloc(s->metrics, (s->nmetrics + 1) * sizeof(char *));
		s->metrics[s->nmetrics++] = lb_xstrdup(m->name);
	}
	/* metrics the baseline lacks are left out too: say so */
	for (j = 1; j < s->nruns; j++)
		for (i = 0; i < s->runs[j]->nmetrics; i++) {
			const char *mn = s->runs[j]->metrics[i].name;

			if (lb_run_metric(s->runs[0], mn) >= 0 || metric_left_out(o, mn))
				continue;
			lb_set_note(s, "metric %s is only in column %zu (%s), not in the baseline: "
				    "left out", mn, j + 1, s->runs[j]->label);
		}
	if (!s->nmetrics) {
		fprintf(stderr, "%s: no metric is common to all columns\n", prog);
		return LB_EXIT_USAGE;
	}
	if (ncontam_m)
		lb_set_note(s, "the contamination counters (ctx_switches, cpu_migrations, "
			    "kcontam) are not compared: they decide which samples are left out "
			    "(warning: contaminated); --contam-metrics compares them");
	return 0;
}

/*
 * the samples of column c at workload w, size pages, metric mi, contaminated ones
 * included: a run of one sample, not one left by contamination (that cell is warned
 * about and not tested)
 */
static size_t samples_all(const struct lb_set *s, const struct lb_ropts *o, size_t c,
				  size_t w, size_t pages, int mi)
{
	double *v;
	size_t cnt;

	s->runs[c]->keep_contam = 1;
	cnt = lb_run_values(s->runs[c], s->workloads[w], pages, mi, 0, &v);
	s->runs[c]->keep_contam = o->keep_contaminated;
	free(v);
	return cnt;
}

/* a statistic from one sample is not a claim: refuse it */
static int check_single_samples(const struct lb_set *s, const char *prog,
				const struct lb_ropts *o)
{
	size_t i, j, k, c;

	for (i = 0; i < s->nworkloads; i++) {
		size_t *pages, np = lb_set_pages(s, s->workloads[i], &pages);

		for (j = 0; j < np; j++)
			for (k = 0; k < s->nmetrics; k++)
				for (c = 0; c < s->nruns; c++) {
					const struct lb_run *r = s->runs[c];
					int mi = lb_run_metric(r, s->metrics[k]);

					if (samples_all(s, o, c, i, pages[j], mi) != 1 ||
					    r->metrics[mi].kind == LB_KIND_EXACT)
						continue;
					fprintf(stderr, "%s: %s: %s at %zu pages has a single sample "
						"of %s: no statistics possible (run with --reps 10 "
						"or more)\n", prog, r->path, s->workloads[i],
						pages[j], s->metrics[k]);
					free(pages);
					return LB_EXIT_USAGE;
				}
		free(pages);
	}
	return 0;
}

int lb_set_load(struct lb_set *s, const char *prog, char **paths, int n,
		const struct lb_ropts *o)
{
	int ret;

	memset(s, 0, sizeof(*s));
	ret = load_columns(s, prog, paths, n, o);
	if (!ret)
		ret = check_facts(s, prog, o);
	if (!ret)
		ret = check_filters(s, prog, o);
	if (!ret)
		ret = select_workloads(s, prog, o);
	if (!ret)
		ret = select_metrics(s, prog, o);
	if (!ret)
		ret = check_single_samples(s, prog, o);
	return ret;
}

void lb_set_free(struct lb_set *s)
{
	size_t i;

	for (i = 0; i < s->nruns; i++)
		lb_run_free(s->runs[i]);
	free(s->runs);
	for (i = 0; i < s->nworkloads; i++)
		free(s->workloads[i]);
	free(s->workloads);
	for (i = 0; i < s->nmetrics; i++)
		free(s->metrics[i]);
	free(s->metrics);
	for (i = 0; i < s->nnotes; i++)
		free(s->notes[i]);
	free(s->notes);
	memset(s, 0, sizeof(*s));
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

size_t lb_set_pages(const struct lb_set *s, const char *wl, size_t **out)
{
	size_t *p = NULL, n = 0, i, j, k;

	for (i = 0; i < s->nruns; i++)
		for (j = 0; j < s->runs[i]->nrows; j++) {
			const struct lb_row *row = &s->runs[i]->rows[j];

			if (strcmp(row->workload, wl))
				continue;
			for (k = 0; k < n && p[k] != row->pages; k++)
				;
			if (k == n) {
				p = lb_xrealloc(p, (n + 1) * sizeof(*p));
				p[n++] = row->pages;
			}
		}
	if (n)
		qsort(p, n, sizeof(*p), cmp_size);
	*out = p;
	return n;
}

const struct lb_metric *lb_set_metric(const struct lb_set *s, const char *name)
{
	int i = lb_run_metric(s->runs[0], name);

	return i < 0 ? NULL : &s->runs[0]->metrics[i];
}

/*
 * What an emulator count counts (the decoders, emu/arch-*.c, own the units: lc_unit()).
 * Runs merged before e1054be record every emu_* column with the unit "instructions", true
 * only of the instruction counts: those are mapped here.
 */
const char *lb_metric_unit(const struct lb_metric *m, char *buf, size_t len)
{
	if (strncmp(m->name, "emu_", 4) || strcmp(m->unit, "instructions"))
		return m->unit;
	return lc_unit(m->name, buf, len);
}

void lb_unit_text(const struct lb_metric *m, const struct lb_ropts *o, char *buf, size_t len)
{
	char u[64];

	snprintf(buf, len, "%s/%s", lb_metric_unit(m, u, sizeof(u)), o->per_op ? "op" : "PTE");
}

/* percent change of x against base; NaN when base is 0 and x is not */
double lb_pct(double x, double base)
{
	if (base == 0)
		return x == 0 ? 0 : NAN;
	return (x / base - 1) * 100;
}

/* a count with at most this many distinct values in a cell is tested by permutation */
#define DISCRETE_MAX	20
#define PERM_DRAWS	20000

/*
 * Is a cell's count discrete: few distinct values over both columns? Then the per-run
 * medians tie and the per-run means cluster (a count of 3 or 4 depending on the boot),
 * and Welch's t, which needs near-normal run summaries, marks A/A pairs far too often.
 */
static int discrete(const struct lb_cell *base, const struct lb_cell *c,
		    const struct lb_metric *m)
{
	double *v;
	size_t k;

	if (m->kind != LB_KIND_COUNT)
		return 0;
	v = lb_xrealloc(NULL, (base->n + c->n) * sizeof(*v));
	memcpy(v, base->v, base->n * sizeof(*v));
	memcpy(v + base->n, c->v, c->n * sizeof(*v));
	k = lb_count_distinct(v, base->n + c->n);
	free(v);
	return k <= DISCRETE_MAX;
}

static double mean_of_runs(const double *r, size_t k)
{
	struct lb_desc d;

	lb_describe(r, k, &d);
	return d.mean;
}

/* per-run summaries (median or mean) of a cell's groups, malloc'ed */
static double *run_summaries(const struct lb_cell *c, int stat)
{
	double *s = lb_xrealloc(NULL, c->nruns * sizeof(*s));
	size_t i;

	for (i = 0; i < c->nruns; i++) {
		struct lb_desc d;

		lb_describe(c->v + c->roff[i], c->rlen[i], &d);
		s[i] = stat == LB_STAT_MEAN ? d.mean : d.median;
	}
	return s;
}

/* Monte Carlo draws for the power of Welch's test: MC error of the power below 0.3% */
#define MDE_DRAWS	16384
#define MDE_POWER	0.8
/* runs-needed above this: the t approximation with 2k - 2 degrees of freedom (the Welch
 * df of equal variances) instead of the Monte Carlo: 0.5% lower at 10 runs, 0.03% at 40 */
#define MDE_MC_MAX	10

/*
 * F(k0, k1): the smallest true change, in units of the run-to-run SD, that Welch's test
 * at o->alpha detects with 80% power. Cached: a table has few distinct run counts.
 */
static double mde_factor(size_t k0, size_t k1, double alpha, int approx)
{
	static struct mde_cache { size_t k0, k1; double alpha, f; int approx; } cache[256];
	static size_t ncache;
	size_t i;
	double f;

	for (i = 0; i < ncache; i++)
		if (cache[i].k0 == k0 && cache[i].k1 == k1 && cache[i].alpha == alpha &&
		    cache[i].approx == approx)
			return cache[i].f;
	if (approx && k0 == k1 && k0 > MDE_MC_MAX) {
		double df = 2 * (double)k0 - 2;

		f = (lb_t_quantile(alpha, df) + lb_t_quantile(2 * (1 - MDE_POWER), df)) *
		    sqrt(2 / (double)k0);
	} else {
		f = lb_welch_mde_factor(k0, k1, alpha, MDE_POWER, MDE_DRAWS);
	}
	if (ncache < sizeof(cache) / sizeof(cache[0]))
		cache[ncache++] = (struct mde_cache){ k0, k1, alpha, f, approx };
	return f;
}

/* the cell's own run counts: always the Monte Carlo */
double lb_mde_factor(size_t k0, size_t k1, double alpha)
{
	return mde_factor(k0, k1, alpha, 0);
}

/*
 * What the comparison can resolve. sd: the pooled SD of the per-run medians, in percent
 * of the baseline's mean of them (the scale of the change and its CI). The minimum
 * detectable change (80% power) of Welch's test for these run counts, and the runs per
 * column that would detect the observed change (a bisection over k: F decreases with k).
 */
static void resolution(const struct lb_cell *base, struct lb_cell *c, const double *r0,
		       const double *r1, double base_mean, const struct lb_ropts *o)
{
	struct lb_desc d0, d1;
	double k0 = (double)base->nruns, k1 = (double)c->nruns, df = k0 + k1 - 2, sd;
	size_t lo, hi;

	lb_describe(r0, base->nruns, &d0);
	lb_describe(r1, c->nruns, &d1);
	sd = sqrt(((k0 - 1) * d0.stddev * d0.stddev + (k1 - 1) * d1.stddev * d1.stddev) / df);
	sd = sd / fabs(base_mean) * 100;
	c->run_sd = sd;
	if (!isfinite(sd) || sd < 1e-10)
		return;		/* no spread (percent, beyond rounding): nothing to scale by */
	c->mde = lb_mde_factor(base->nruns, c->nruns, o->alpha) * sd;
	c->runs_needed = INFINITY;
	if (!isfinite(c->change) || c->change == 0)
		return;
	if (mde_factor(100000, 100000, o->alpha, 1) * sd > fabs(c->change)) {
		c->runs_needed = NAN;	/* more than 100000 */
		return;
	}
	lo = 2;
	hi = 100000;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (mde_factor(mid, mid, o->alpha, 1) * sd <= fabs(c->change))
			hi = mid;
		else
			lo = mid + 1;
	}
	c->runs_needed = (double)lo;
}

/*
 * Welch's interval for the difference of the means of the per-run summaries, in percent
 * of the baseline's mean of them: the interval that matches the run-level test (it
 * excludes 0 exactly when p < alpha).
 */
static void welch_ci(const double *r0, size_t k0, const double *r1, size_t k1, double alpha,
		     double *lo, double *hi)
{
	struct lb_desc d0, d1;
	double v0, v1, se, df, t, b;

	lb_describe(r0, k0, &d0);
	lb_describe(r1, k1, &d1);
	v0 = d0.stddev * d0.stddev / (double)k0;
	v1 = d1.stddev * d1.stddev / (double)k1;
	se = sqrt(v0 + v1);
	b = d0.mean;
	if (!(b != 0) || !isfinite(se))
		return;
	if (se == 0)
		return;		/* no spread: no interval (not a certainty) */
	df = (v0 + v1) * (v0 + v1) / (v0 * v0 / (double)(k0 - 1) + v1 * v1 / (double)(k1 - 1));
	t = lb_t_quantile(alpha, df);
	*lo = (d1.mean - d0.mean - t * se) / fabs(b) * 100;
	*hi = (d1.mean - d0.mean + t * se) / fabs(b) * 100;
}

static void exact_stats(const struct lb_cell *base, struct lb_cell *c)
{
	c->method = LB_METHOD_EXACT;
	if (c == base)
		return;
	/* every value is compared: deterministic columns agree value for value */
	if (c->ndistinct > 1 || base->ndistinct > 1)
		c->mark = c->mmark = LB_MARK_EXACT_VARIES;
	else
		c->mark = c->mmark = c->v[0] == base->v[0] ? LB_MARK_EXACT_SAME :
				     LB_MARK_EXACT_DIFF;
}

static void ci_pct(int rc, double lo, double hi, double *plo, double *phi, int *unb)
{
	if (rc == 1)
		*unb = 1;
	if (rc)
		return;
	*plo = (lo - 1) * 100;
	*phi = (hi - 1) * 100;
}

int lb_significant(double p, const struct lb_ropts *o)
{
	if (o->adj_p >= 0)	/* --adjust: the threshold of the whole table */
		return p <= o->adj_p;
	return p < o->alpha;	/* NaN (no test) is never significant */
}

/*
 * The value of a cell's Median (Mean) row: what its change is computed from. With runs
 * as the unit and 2+ runs in the cell, the mean of the per-run medians (means), the
 * quantity Welch's test and CI95 are on; else (one run, hyperfine's timings, or
 * --assume-independent, which tests the pooled samples) the pooled median (mean).
 * With one run the two are the same.
 */
static void cell_values(struct lb_cell *c, const struct lb_ropts *o)
{
	double *r;

	c->val = c->d.median;	/* NaN without samples */
	c->mval = c->d.mean;
	if (o->assume_independent || c->nruns < 2)
		return;
	r = run_summaries(c, LB_STAT_MEDIAN);
	c->val = mean_of_runs(r, c->nruns);
	free(r);
	r = run_summaries(c, LB_STAT_MEAN);
	c->mval = mean_of_runs(r, c->nruns);
	free(r);
}

/* every statistic of c unknown (NaN), nothing tested yet */
static void cell_reset(struct lb_cell *c)
{
	c->change = c->mchange = c->ci_lo = c->ci_hi = c->mci_lo = c->mci_hi = NAN;
	c->hb_lo = c->hb_hi = c->mhb_lo = c->mhb_hi = NAN;
	c->p_mwu = c->p_welch = c->p_run = c->p_run_mean = c->p = c->p_mean = NAN;
	c->mde = c->runs_needed = c->run_sd = NAN;
	c->pchange = c->pmchange = NAN;
	c->ci_unbounded = 0;
	c->nospread = c->discrete = 0;
	c->method = LB_METHOD_NONE;
}

/*
 * runs as the unit: Welch's t on the per-run medians and means, or the permutation test
 * of runs for a count with few distinct values. The change printed is the one tested: of
 * the mean of the per-run medians (means), the values printed (cell_values), the centre
 * of Welch's interval; the change of the pooled median stays in pooled_change (runs of
 * unequal length can give the two opposite signs).
 */
static void runs_test(const struct lb_cell *base, struct lb_cell *c, const struct lb_metric *m,
		      const struct lb_ropts *o)
{
	double *r0 = run_summaries(base, LB_STAT_MEDIAN), *r1 = run_summaries(c, LB_STAT_MEDIAN);
	double t, df;

	c->method = LB_METHOD_RUNS;
	c->discrete = discrete(base, c, m);
	if (c->discrete) {
		/* few distinct values: the run summaries are far from normal (they
		 * tie, or cluster): the permutation test of runs is exact */
		c->p_run = lb_perm_test(r0, base->nruns, r1, c->nruns, PERM_DRAWS);
	} else {
		lb_welch(r0, base->nruns, r1, c->nruns, &t, &df, &c->p_run);
		c->nospread = isnan(c->p_run);
		welch_ci(r0, base->nruns, r1, c->nruns, o->alpha, &c->ci_lo, &c->ci_hi);
		resolution(base, c, r0, r1, base->val, o);
	}
	free(r0);
	free(r1);
	r0 = run_summaries(base, LB_STAT_MEAN);
	r1 = run_summaries(c, LB_STAT_MEAN);
	if (c->discrete) {
		c->p_run_mean = lb_perm_test(r0, base->nruns, r1, c->nruns, PERM_DRAWS);
	} else {
		lb_welch(r0, base->nruns, r1, c->nruns, &t, &df, &c->p_run_mean);
		c->nospread |= isnan(c->p_run_mean) << 1;
		welch_ci(r0, base->nruns, r1, c->nruns, o->alpha, &c->mci_lo, &c->mci_hi);
	}
	free(r0);
	free(r1);
}

/*
 * the tests and the bootstrap of c against base: runs as the unit, or one run (or
 * --assume-independent) with the samples as the unit
 */
static void cell_tests(const struct lb_cell *base, struct lb_cell *c,
		       const struct lb_metric *m, const struct lb_ropts *o)
{
	size_t zero = 0;
	struct lb_groups g0 = { base->v, base->roff, base->rlen, base->nruns };
	struct lb_groups g1 = { c->v, c->roff, c->rlen, c->nruns };
	double u, t, df, lo, hi;
	int rc;

	/* no run structure (hyperfine's timings are whole runs): one group each */
	if (!base->nruns) {
		g0.off = &zero;
		g0.len = &base->n;
		g0.k = 1;
	}
	if (!c->nruns) {
		g1.off = &zero;
		g1.len = &c->n;
		g1.k = 1;
	}
	lb_mannwhitney(base->v, base->n, c->v, c->n, LB_MWU_AUTO, &u, &c->p_mwu);
	lb_welch(base->v, base->n, c->v, c->n, &t, &df, &c->p_welch);
	if (o->assume_independent || (!base->nruns && !c->nruns)) {
		/* every repetition an independent sample (the user says so) */
		c->method = LB_METHOD_INDEP;
		g0.k = g1.k = 1;
		g0.off = g1.off = &zero;
		g0.len = &base->n;
		g1.len = &c->n;
	} else if (base->nruns == 1 || c->nruns == 1 || !base->nruns || !c->nruns) {
		c->method = LB_METHOD_ONERUN;
	} else {
		runs_test(base, c, m, o);
	}
	/* the bootstrap: hierarchical over runs, or plain within one run */
	if (!o->no_boot) {
		rc = lb_hboot_ratio_ci(&g0, &g1, LB_STAT_MEDIAN, o->boot, 0.95, o->seed, &lo, &hi);
		ci_pct(rc, lo, hi, &c->hb_lo, &c->hb_hi, &c->ci_unbounded);
		rc = lb_hboot_ratio_ci(&g0, &g1, LB_STAT_MEAN, o->boot, 0.95, o->seed, &lo, &hi);
		ci_pct(rc, lo, hi, &c->mhb_lo, &c->mhb_hi, &c->ci_unbounded);
	}
}

/* the p and CI shown, and the marks, from the method's tests */
static void cell_verdict(const struct lb_cell *base, struct lb_cell *c,
			 const struct lb_ropts *o)
{
	if (c->method != LB_METHOD_RUNS) {
		c->ci_lo = c->hb_lo;
		c->ci_hi = c->hb_hi;
		c->mci_lo = c->mhb_lo;
		c->mci_hi = c->mhb_hi;
	}
	switch (c->method) {
	case LB_METHOD_RUNS:
		c->p = c->p_run;
		c->p_mean = c->p_run_mean;
		break;
	default:
		c->p = c->p_mwu;
		c->p_mean = c->p_welch;
		break;
	}
	if (c->n < 2 || base->n < 2)	/* contamination left one sample: no test */
		c->p = c->p_mean = NAN;
	c->mark = lb_significant(c->p, o) ? (c->method == LB_METHOD_ONERUN ? LB_MARK_ONERUN :
					      LB_MARK_SIG) : LB_MARK_NS;
	c->mmark = lb_significant(c->p_mean, o) ? (c->method == LB_METHOD_ONERUN ?
						   LB_MARK_ONERUN : LB_MARK_SIG) : LB_MARK_NS;
}

void lb_cell_stats(const struct lb_cell *base, struct lb_cell *c, const struct lb_metric *m,
		   const struct lb_ropts *o)
{
	lb_describe(c->v, c->n, &c->d);
	/* base->val, read below, was set by the baseline's own call, which comes first */
	cell_values(c, o);
	cell_reset(c);
	if (m->kind == LB_KIND_EXACT && c->n)
		c->ndistinct = lb_count_distinct(c->v, c->n);
	if (!c->n || !base->n) {
		c->mark = c->mmark = LB_MARK_NA;
		return;
	}
	if (c == base) {
		c->mark = c->mmark = LB_MARK_BASE;
		c->change = c->mchange = c->pchange = c->pmchange = 0;
		if (m->kind == LB_KIND_EXACT)
			c->method = LB_METHOD_EXACT;
		return;
	}
	/* the printed value and its change agree: (val - base val) / base val */
	c->change = lb_pct(c->val, base->val);
	c->mchange = lb_pct(c->mval, base->mval);
	c->pchange = lb_pct(c->d.median, base->d.median);
	c->pmchange = lb_pct(c->d.mean, base->d.mean);
	if (m->kind == LB_KIND_EXACT) {
		exact_stats(base, c);
		return;
	}
	cell_tests(base, c, m, o);
	cell_verdict(base, c, o);
}

void lb_cells(const struct lb_set *s, const struct lb_ropts *o, const char *wl, size_t pages,
	      const char *metric, struct lb_cell *cells)
{
	const struct lb_metric *m = lb_set_metric(s, metric);
	size_t i;

	for (i = 0; i < s->nruns; i++) {
		memset(&cells[i], 0, sizeof(cells[i]));
		cells[i].n = lb_run_grouped(s->runs[i], wl, pages,
					    lb_run_metric(s->runs[i], metric), !o->per_op,
					    &cells[i].v, &cells[i].roff, &cells[i].rlen,
					    &cells[i].nruns, &cells[i].ncontam,
					    &cells[i].nunknown);
	}
	for (i = 0; i < s->nruns; i++)
		lb_cell_stats(&cells[0], &cells[i], m, o);
}

void lb_cells_free(struct lb_cell *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(cells[i].v);
		free(cells[i].roff);
		free(cells[i].rlen);
		cells[i].v = NULL;
		cells[i].roff = cells[i].rlen = NULL;
	}
}

size_t lb_count_distinct(const double *v, size_t n)
{
	double *s;
	size_t i, k = 0;

	if (!n)
		return 0;
	s = lb_xrealloc(NULL, n * sizeof(*s));
	memcpy(s, v, n * sizeof(*s));
	lb_sort(s, n);
	for (i = 0; i < n; i++)
		if (!i || s[i] != s[i - 1])
			k++;
	free(s);
	return k;
}
