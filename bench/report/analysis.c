// SPDX-License-Identifier: GPL-2.0
/* lazybench: loading a set of columns, guard rails, statistics per cell (report.h). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "report/report.h"

void lb_ropts_init(struct lb_ropts *o)
{
	memset(o, 0, sizeof(*o));
	o->alpha = 0.05;
	o->cv_max = 0.05;
	o->min_n = 10;
	o->boot = 2000;
	o->seed = 1;
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
	if (end == val || *end || !(x >= lo && x <= hi)) {
		fprintf(stderr, "%s: %s: '%s' is not a number in [%g, %g]\n", prog, opt, val,
			lo, hi);
		return -1;
	}
	*out = x;
	return 0;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("lazybench: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d) {
		fputs("lazybench: out of memory\n", stderr);
		exit(1);
	}
	return d;
}

void lb_set_note(struct lb_set *s, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	s->notes = xrealloc(s->notes, (s->nnotes + 1) * sizeof(char *));
	s->notes[s->nnotes++] = xstrdup(buf);
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

int lb_set_load(struct lb_set *s, const char *prog, char **paths, int n,
		const struct lb_ropts *o)
{
	char err[1024], name[256];
	size_t i, j, k;

	memset(s, 0, sizeof(*s));
	s->runs = xrealloc(NULL, n * sizeof(*s->runs));
	for (i = 0; i < (size_t)n; i++) {
		s->runs[i] = lb_run_load(paths[i], o->incomplete, err, sizeof(err));
		if (!s->runs[i]) {
			fprintf(stderr, "%s: %s\n", prog, err);
			return LB_EXIT_USAGE;
		}
		s->nruns++;
		if (s->runs[i]->nincomplete)
			lb_set_note(s, "column %zu (%s) includes %zu incomplete run%s (interrupted or "
				    "still running; --incomplete)", i + 1, s->runs[i]->label,
				    s->runs[i]->nincomplete, s->runs[i]->nincomplete > 1 ? "s" : "");
	}
	/* guard rails: facts that matter must agree with the baseline */
	for (k = 0; k < LB_F_COUNT; k++)
		for (i = 1; i < s->nruns; i++)
			if (strcmp(s->runs[i]->facts[k], s->runs[0]->facts[k]))
				s->differs[k] = 1;
	for (k = 0; k < LB_F_FIRST_INFO; k++)
		if (s->differs[k])
			s->refuse = 1;
	if (s->refuse && !o->force) {
		char msg[1024] = "";

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
		fprintf(stderr, "%s: runs differ in what matters: %s; compare anyway with "
			"--force\n", prog, msg);
		return LB_EXIT_USAGE;
	}
	/* filters name things that exist in every column */
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
	/* workloads: without a filter, every column must have the same set */
	for (i = 0; i < s->runs[0]->nworkloads; i++) {
		const char *w = s->runs[0]->workloads[i];

		if (o->workloads && !in_list(o->workloads, w))
			continue;
		s->workloads = xrealloc(s->workloads, (s->nworkloads + 1) * sizeof(char *));
		s->workloads[s->nworkloads++] = xstrdup(w);
	}
	if (!o->workloads) {
		for (i = 1; i < s->nruns; i++) {
			const struct lb_run *r = s->runs[i];
			const char *extra = NULL, *missing = NULL;

			for (j = 0; j < r->nworkloads; j++)
				if (!lb_run_has_workload(s->runs[0], r->workloads[j]))
					extra = r->workloads[j];
			for (j = 0; j < s->nworkloads; j++)
				if (!lb_run_has_workload(r, s->workloads[j]))
					missing = s->workloads[j];
			if (extra || missing) {
				fprintf(stderr, "%s: mismatched workloads: %s %s '%s' that %s "
					"%s not; choose common ones with --workload\n", prog,
					extra ? r->path : s->runs[0]->path, "has",
					extra ? extra : missing, extra ? s->runs[0]->path : r->path,
					"has");
				return LB_EXIT_USAGE;
			}
		}
	}
	/* metrics: the baseline's, present in every column with the same meaning */
	for (i = 0; i < s->runs[0]->nmetrics; i++) {
		const struct lb_metric *m = &s->runs[0]->metrics[i];
		int everywhere = 1;

		if (o->metrics && !in_list(o->metrics, m->name))
			continue;
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
		s->metrics = xrealloc(s->metrics, (s->nmetrics + 1) * sizeof(char *));
		s->metrics[s->nmetrics++] = xstrdup(m->name);
	}
	if (!s->nmetrics) {
		fprintf(stderr, "%s: no metric is common to all columns\n", prog);
		return LB_EXIT_USAGE;
	}
	/* a statistic from one sample is not a claim: refuse it */
	for (i = 0; i < s->nworkloads; i++) {
		size_t *pages, np = lb_set_pages(s, s->workloads[i], &pages);

		for (j = 0; j < np; j++)
			for (k = 0; k < s->nmetrics; k++)
				for (size_t c = 0; c < s->nruns; c++) {
					const struct lb_run *r = s->runs[c];
					int mi = lb_run_metric(r, s->metrics[k]);
					double *v;
					size_t cnt = lb_run_values(r, s->workloads[i], pages[j], mi,
								   0, &v);

					free(v);
					if (cnt == 1 && r->metrics[mi].kind != LB_KIND_EXACT) {
						fprintf(stderr, "%s: %s: %s at %zu pages has a single "
							"sample of %s: no statistics possible (run "
							"with --reps 10 or more)\n", prog, r->path,
							s->workloads[i], pages[j], s->metrics[k]);
						free(pages);
						return LB_EXIT_USAGE;
					}
				}
		free(pages);
	}
	return 0;
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
				p = xrealloc(p, (n + 1) * sizeof(*p));
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

void lb_unit_text(const struct lb_metric *m, const struct lb_ropts *o, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", m->unit, o->per_op ? "op" : "PTE");
}

void lb_cell_stats(const struct lb_cell *base, struct lb_cell *c, const struct lb_metric *m,
		   const struct lb_ropts *o)
{
	double u;

	lb_describe(c->v, c->n, &c->d);
	c->change = c->ci_lo = c->ci_hi = c->p_mwu = c->p_welch = NAN;
	if (!c->n || !base->n) {
		c->mark = LB_MARK_NA;
		return;
	}
	if (c == base) {
		c->mark = LB_MARK_BASE;
		c->change = 0;
		return;
	}
	if (base->d.median != 0)
		c->change = (c->d.median / base->d.median - 1) * 100;
	else if (c->d.median == 0)
		c->change = 0;
	if (m->kind == LB_KIND_EXACT) {
		/* deterministic counts: a difference is a difference, no test */
		c->mark = c->d.median == base->d.median ? LB_MARK_EXACT_SAME : LB_MARK_EXACT_DIFF;
		return;
	}
	lb_mannwhitney(base->v, base->n, c->v, c->n, LB_MWU_AUTO, &u, &c->p_mwu);
	{
		double t, df;

		lb_welch(base->v, base->n, c->v, c->n, &t, &df, &c->p_welch);
	}
	if (base->d.median != 0 &&
	    !lb_boot_ratio_ci(base->v, base->n, c->v, c->n, o->boot, 0.95, o->seed,
			      &c->ci_lo, &c->ci_hi)) {
		c->ci_lo = (c->ci_lo - 1) * 100;
		c->ci_hi = (c->ci_hi - 1) * 100;
	}
	c->mark = c->p_mwu < o->alpha ? LB_MARK_SIG : LB_MARK_NS;
}

void lb_cells(const struct lb_set *s, const struct lb_ropts *o, const char *wl, size_t pages,
	      const char *metric, struct lb_cell *cells)
{
	const struct lb_metric *m = lb_set_metric(s, metric);
	size_t i;

	for (i = 0; i < s->nruns; i++) {
		memset(&cells[i], 0, sizeof(cells[i]));
		cells[i].n = lb_run_values(s->runs[i], wl, pages,
					   lb_run_metric(s->runs[i], metric), !o->per_op,
					   &cells[i].v);
	}
	for (i = 0; i < s->nruns; i++)
		lb_cell_stats(&cells[0], &cells[i], m, o);
}

void lb_cells_free(struct lb_cell *cells, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(cells[i].v);
		cells[i].v = NULL;
	}
}
