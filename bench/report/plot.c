// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench plot RUN... --out DIR: per workload and metric, a plain-text data file and an
 * editable gnuplot script drawing the metric per PTE against size (log x), one line per
 * run with interquartile error bars; and, with two or more runs, a bar chart of the change
 * of the median against the first run with its bootstrap 95% CI. gnuplot writes PNG + SVG.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "report/report.h"
#include "rundir/publish.h"
#include "util.h"

#define PROG "lazybench plot"

static void usage(FILE *f)
{
	fprintf(f,
"usage: lazybench plot [OPTIONS] RUN [RUN...] --out DIR\n"
"  RUN: a run directory or a label directory (its finished runs pooled); the first is\n"
"  the baseline of the change charts.\n"
"  --out DIR         where the .dat, .gp, .png and .svg files go (created if missing)\n"
"  --metric M[,M]    only these metrics (default: all common ones)\n"
"  --workload W[,W]  only these workloads\n"
"  --per-op          values per operation instead of per PTE\n"
"  --force           plot runs whose facts differ (arch, CPU, config, ...)\n"
"  --incomplete      read incomplete (interrupted) runs too\n"
"  --no-render       write data and scripts only, do not run gnuplot\n"
"  --boot N, --seed N  bootstrap resamples (2000) and seed (1) of the change CI\n"
"Each DIR/WORKLOAD-METRIC.gp is a gnuplot script: edit it and run gnuplot on it there.\n");
}

static int mkdir_p(const char *path)
{
	char *p = strdup(path), *s;
	int ret = 0;

	if (!p)
		return -1;
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST)
			ret = -1;
		*s = '/';
	}
	if (!ret && mkdir(p, 0777) && errno != EEXIST)
		ret = -1;
	free(p);
	return ret;
}

static FILE *open_out(const char *dir, const char *name, char *path, size_t len)
{
	FILE *f;

	snprintf(path, len, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, PROG ": %s: %s\n", path, strerror(errno));
	return f;
}

/* a gnuplot string literal: labels come from result dirs */
static void gp_str(FILE *f, const char *s)
{
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putc('\\', f);
		if ((unsigned char)*s >= 0x20)
			putc(*s, f);
	}
	putc('"', f);
}

static void gp_num(FILE *f, double x)
{
	if (!isfinite(x))
		fputs("NaN", f);	/* undefined to gnuplot: a line breaks there */
	else
		fprintf(f, "%.10g", x);
}

static void gp_terminals(FILE *f, const char *base, const char *plotmacro)
{
	fprintf(f,
		"# PNG (pngcairo when this gnuplot has it, else libgd png), then SVG\n"
		"if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n"
		"    set terminal pngcairo size 960,600 noenhanced font \"Sans,11\"\n"
		"} else {\n"
		"    set terminal png size 960,600 noenhanced\n"
		"}\n"
		"set output \"%s.png\"\n@%s\n"
		"set terminal svg size 960,600 noenhanced font \"Sans,12\" background rgb \"white\"\n"
		"set output \"%s.svg\"\n@%s\nset output\n", base, plotmacro, base, plotmacro);
}

/* a gnuplot string of two lines (title and what the numbers are) */
static void gp_str2(FILE *f, const char *a, const char *b)
{
	const char *s[2] = { a, b };
	int k;

	putc('"', f);
	for (k = 0; k < 2; k++) {
		const char *p;

		if (k)
			fputs("\\n", f);
		for (p = s[k]; *p; p++) {
			if (*p == '"' || *p == '\\')
				putc('\\', f);
			if ((unsigned char)*p >= 0x20)
				putc(*p, f);
		}
	}
	putc('"', f);
}

/* a single-quoted title inside the PLOT string: no quote may end it */
static void gp_title(FILE *f, const char *t)
{
	fputc('\'', f);
	for (; *t; t++)
		if (*t != '\'' && *t != '"' && *t != '\\' && (unsigned char)*t >= 0x20)
			fputc(*t, f);
	fputc('\'', f);
}

/* emulated or not, in the words every report uses */
static void emu_text(const char *emu, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", lb_emulated_text(emu),
		 !strcmp(emu, "tcg") ? ": times are not hardware times" : "");
}

/* "n=30/point, 3 runs" for run i over the sizes it has data at */
static void n_text(const struct lb_cell *cells, size_t np, size_t nr, size_t i, char *buf,
		   size_t len)
{
	size_t j, nlo = (size_t)-1, nhi = 0, rlo = (size_t)-1, rhi = 0;
	char ns[48], rs[48];	/* two size_t each */

	for (j = 0; j < np; j++) {
		const struct lb_cell *c = &cells[j * nr + i];

		if (!c->n)
			continue;
		nlo = c->n < nlo ? c->n : nlo;
		nhi = c->n > nhi ? c->n : nhi;
		rlo = c->nruns < rlo ? c->nruns : rlo;
		rhi = c->nruns > rhi ? c->nruns : rhi;
	}
	if (!nhi) {
		snprintf(buf, len, "no data");
		return;
	}
	if (nlo == nhi)
		snprintf(ns, sizeof(ns), "%zu", nlo);
	else
		snprintf(ns, sizeof(ns), "%zu-%zu", nlo, nhi);
	if (rlo == rhi)
		snprintf(rs, sizeof(rs), "%zu", rlo);
	else
		snprintf(rs, sizeof(rs), "%zu-%zu", rlo, rhi);
	snprintf(buf, len, "n=%s/point, %s run%s", ns, rs, rhi == 1 ? "" : "s");
}

/* the plot's second title line: emulated or not (per run in the key when they differ) */
static int emu_line(const struct lb_set *s, char *buf, size_t len)
{
	size_t i;

	for (i = 1; i < s->nruns; i++)
		if (strcmp(s->runs[i]->facts[LB_F_EMULATED], s->runs[0]->facts[LB_F_EMULATED]))
			break;
	if (i < s->nruns) {
		snprintf(buf, len, "runs differ in emulation (see the key)");
		return 1;
	}
	emu_text(s->runs[0]->facts[LB_F_EMULATED], buf, len);
	return 0;
}

static void skipped(int *nskipped, const char *base, const char *why)
{
	fprintf(stderr, PROG ": not drawn: %s: %s\n", base, why);
	(*nskipped)++;
}

static void add_script(char ***scripts, size_t *nscripts, const char *name)
{
	*scripts = lb_xrealloc(*scripts, (*nscripts + 1) * sizeof(char *));
	(*scripts)[(*nscripts)++] = lb_xstrdup(name);
}

/* one workload x metric being written: what plot_one's parts share */
struct plot {
	const struct lb_set *s;
	const struct lb_ropts *o;
	const struct lb_metric *m;
	const char *dir, *wl, *metric;
	size_t *pages, np, nr;
	struct lb_cell *cells;		/* cells[j * nr + i]: size j, run i */
	char base[256], unit[64], emu[96];
	int emu_differs;
	int *nfiles, *nskipped;
	char ***scripts;
	size_t *nscripts;
};

static const struct lb_cell *cell(const struct plot *p, size_t j, size_t i)
{
	return &p->cells[j * p->nr + i];
}

/* DIR/BASE.SUFFIX opened for writing, or NULL (error printed) */
static FILE *plot_open(const struct plot *p, const char *base, const char *suffix)
{
	char name[300], path[4096];

	snprintf(name, sizeof(name), "%s.%s", base, suffix);
	return open_out(p->dir, name, path, sizeof(path));
}

/* a written file closed and counted: 0, or -1 */
static int plot_close(struct plot *p, FILE *f)
{
	if (fclose(f))
		return -1;
	(*p->nfiles)++;
	return 0;
}

/* BASE.dat: one row per size; per run median, first and third quartile */
static int write_data(struct plot *p)
{
	FILE *f = plot_open(p, p->base, "dat");
	size_t i, j;

	if (!f)
		return -1;
	fprintf(f, "# lazybench plot data: %s, %s (%s is better), tab-separated, NaN = no data\n"
		"# per run: median, first and third quartile of the samples\n# pages", p->wl,
		p->unit, p->m->higher ? "higher" : "lower");
	for (i = 0; i < p->nr; i++)
		fprintf(f, "\t%zu:%s median\tq1\tq3", i + 1, p->s->runs[i]->label);
	fputc('\n', f);
	for (j = 0; j < p->np; j++) {
		fprintf(f, "%zu", p->pages[j]);
		for (i = 0; i < p->nr; i++) {
			const struct lb_cell *c = cell(p, j, i);

			fputc('\t', f);
			gp_num(f, c->n ? c->d.median : NAN);
			fputc('\t', f);
			gp_num(f, c->n ? c->d.q1 : NAN);
			fputc('\t', f);
			gp_num(f, c->n ? c->d.q3 : NAN);
		}
		fputc('\n', f);
	}
	return plot_close(p, f);
}

/*
 * the y axis of the metric against size: per-PTE costs often span decades across sizes,
 * then a log y axis, unless a median is 0 (a log axis would drop that point without a word)
 */
static void size_yaxis(const struct plot *p, FILE *f)
{
	double lo = INFINITY, hi = 0, top = 0;
	size_t j;

	for (j = 0; j < p->np * p->nr; j++)
		if (p->cells[j].n) {
			lo = fmin(lo, p->cells[j].d.median);
			hi = fmax(hi, p->cells[j].d.median);
			top = fmax(top, p->cells[j].d.q3);
		}
	if (lo > 0 && hi / lo > 20)
		fprintf(f, "\nset logscale y 10\nset ylabel offset 1,0 \"%s: median "
			"(log scale), bars: interquartile range\"", p->unit);
	else if (top > 0)
		fprintf(f, "\nset yrange [0:*]");
	else	/* every value 0: a range gnuplot need not widen with a warning */
		fprintf(f, "\nset yrange [0:1]");
}

/* the key's title of run i: label, release, samples (and emulation when runs differ) */
static void run_title(const struct plot *p, size_t i, int release, const char *nt, char *t,
		      size_t len)
{
	const struct lb_run *r = p->s->runs[i];
	char e[96], rel[300];

	snprintf(rel, sizeof(rel), " (%s)", r->facts[LB_F_RELEASE]);
	if (p->emu_differs) {
		emu_text(r->facts[LB_F_EMULATED], e, sizeof(e));
		snprintf(t, len, "%zu: %s%s, %s, %s", i + 1, r->label, release ? rel : "", nt, e);
	} else {
		snprintf(t, len, "%zu: %s%s, %s", i + 1, r->label, release ? rel : "", nt);
	}
}

/* the PLOT macro of BASE.gp: a line per run with data, nudged apart along x */
static void size_plot_line(struct plot *p, FILE *f)
{
	char t[512], nt[160];
	size_t i;
	int nplotted = 0;

	fprintf(f, "\n"
		"# runs are nudged apart along x so that their bars do not hide each other\n"
		"PLOT = \"plot ");
	for (i = 0; i < p->nr; i++) {
		n_text(p->cells, p->np, p->nr, i, nt, sizeof(nt));
		if (!strcmp(nt, "no data")) {
			snprintf(t, sizeof(t), "%zu: %s has no data for it", i + 1,
				 p->s->runs[i]->label);
			skipped(p->nskipped, p->base, t);
			continue;
		}
		run_title(p, i, 1, nt, t, sizeof(t));
		fprintf(f, "%s'%s.dat' using ($1*%.3f):%zu:%zu:%zu with yerrorlines lw 2 pt 7 "
			"title ", nplotted++ ? ", " : "", p->base,
			1 + 0.04 * ((double)i - (double)(p->nr - 1) / 2), 2 + 3 * i, 3 + 3 * i,
			4 + 3 * i);
		gp_title(f, t);
	}
	fprintf(f, "\"\n");
}

/* BASE.gp: the metric against size */
static int write_size_script(struct plot *p)
{
	FILE *f = plot_open(p, p->base, "gp");
	char name[300];

	if (!f)
		return -1;
	fprintf(f, "# lazybench plot: %s, %s against size. Edit and rerun: gnuplot %s.gp\n"
		"# NaN in the data is a size without data: lines break there\n"
		"set datafile separator tab\n"
		"set logscale x 2\nset format x \"%%.0f\"\nset grid\nset key top right\n"
		"set xlabel \"size (pages, log scale)\"\n", p->wl, p->unit, p->base);
	if (p->np == 1)	/* one size: a range around it, not gnuplot's "empty x range" */
		fprintf(f, "set xrange [%g:%g]\n", (double)p->pages[0] / 2,
			(double)p->pages[0] * 2);
	fprintf(f, "set ylabel ");
	snprintf(name, sizeof(name), "%s: median, bars: interquartile range", p->unit);
	gp_str(f, name);
	fprintf(f, "\nset title ");
	snprintf(name, sizeof(name), "%s: %s per %s (%s is better)", p->wl, p->metric,
		 p->o->per_op ? "operation" : "PTE", p->m->higher ? "higher" : "lower");
	gp_str2(f, name, p->emu);
	size_yaxis(p, f);
	size_plot_line(p, f);
	gp_terminals(f, p->base, "PLOT");
	if (plot_close(p, f))
		return -1;
	add_script(p->scripts, p->nscripts, p->base);
	return 0;
}

/* BASE-change.dat: the change against the baseline with its CI and p */
static int write_change_data(struct plot *p, const char *base)
{
	FILE *f = plot_open(p, base, "dat");
	int exact = p->m->kind == LB_KIND_EXACT;
	size_t i, j;

	if (!f)
		return -1;
	fprintf(f, "# lazybench plot data: %s, %s: change of the median against 1:%s in "
		"percent,\n# with compare's 95%% CI and p (runs as the unit: Welch's t on "
		"per-run medians; one run: bootstrap, %u resamples, seed %llu, and "
		"Mann-Whitney); NaN = none\n# pages", p->wl, p->unit, p->s->runs[0]->label,
		p->o->boot, (unsigned long long)p->o->seed);
	for (i = 1; i < p->nr; i++)
		fprintf(f, "\t%zu:%s change\tci_lo\tci_hi\tp", i + 1, p->s->runs[i]->label);
	fputc('\n', f);
	for (j = 0; j < p->np; j++) {
		fprintf(f, "%zu", p->pages[j]);
		for (i = 1; i < p->nr; i++) {
			const struct lb_cell *c = cell(p, j, i);

			fputc('\t', f);
			gp_num(f, c->change);
			fputc('\t', f);
			gp_num(f, exact ? c->change : c->ci_lo);
			fputc('\t', f);
			gp_num(f, exact ? c->change : c->ci_hi);
			fputc('\t', f);
			gp_num(f, c->p);
		}
		fputc('\n', f);
	}
	return plot_close(p, f);
}

/* the y range of the change chart: bars start at 0, so the axis always shows it */
static void change_yaxis(const struct plot *p, FILE *f)
{
	double top = 0;
	size_t i, j;

	for (j = 0; j < p->np; j++)
		for (i = 1; i < p->nr; i++) {
			const struct lb_cell *c = cell(p, j, i);

			if (isfinite(c->change))
				top = fmax(top, fabs(c->change));
			if (isfinite(c->ci_lo) && isfinite(c->ci_hi))
				top = fmax(top, fmax(fabs(c->ci_lo), fabs(c->ci_hi)));
		}
	if (top == 0)	/* no change anywhere: a range gnuplot need not widen */
		fprintf(f, "\nset yrange [-1:1]");
	else
		fprintf(f, "\nset yrange [*<0:0<*]");
}

/* why run i has no change at any size, or NULL when it has one */
static const char *no_change_why(const struct plot *p, size_t i)
{
	size_t j, nchange = 0, nzero = 0, nboth = 0;

	for (j = 0; j < p->np; j++) {
		const struct lb_cell *b = cell(p, j, 0), *c = cell(p, j, i);

		nchange += isfinite(c->change);
		if (b->n && c->n) {
			nboth++;
			nzero += b->d.median == 0;
		}
	}
	if (nchange)
		return NULL;
	return !nboth ? "no size has data in both" :
	       nzero == nboth ? "the baseline's median is 0 at every size (a change against 0 "
				"is undefined)" : "no change could be computed";
}

/* the PLOT macro of BASE-change.gp: histogram bars per run against the baseline */
static int change_plot_line(struct plot *p, FILE *f, const char *base)
{
	char t[512], nt[160];
	const char *why;
	size_t i, k;
	int nplotted = 0;

	fprintf(f, "\nPLOT = \"plot ");
	for (i = 1; i < p->nr; i++) {
		why = no_change_why(p, i);
		if (why) {
			snprintf(t, sizeof(t), "%zu: %s against 1: %s: %s", i + 1,
				 p->s->runs[i]->label, p->s->runs[0]->label, why);
			skipped(p->nskipped, base, t);
			continue;
		}
		n_text(p->cells, p->np, p->nr, i, nt, sizeof(nt));
		run_title(p, i, 0, nt, t, sizeof(t));
		/* a change without a CI (NaN: one sample, a 0 in a resample) gets no bar */
		k = 4 * (i - 1);
		fprintf(f, "%s'%s.dat' using %zu:($%zu==$%zu?$%zu:$%zu):($%zu==$%zu?$%zu:$%zu)%s "
			"title ", nplotted ? ", " : "", base, 2 + k, 3 + k, 3 + k, 3 + k, 2 + k,
			4 + k, 4 + k, 4 + k, 2 + k, !nplotted ? ":xtic(1)" : "");
		nplotted++;
		gp_title(f, t);
	}
	fprintf(f, "\"\n");
	return nplotted;
}

/* BASE-change.gp: the change against the baseline, a bar per size and run */
static int write_change_script(struct plot *p, const char *base)
{
	FILE *f = plot_open(p, base, "gp");
	char name[300], t[512], nt[160];
	int nplotted;

	if (!f)
		return -1;
	fprintf(f, "# lazybench plot: %s, %s: change against the baseline. Edit and rerun: "
		"gnuplot %s.gp\n# NaN in the data is a size without a change\n"
		"set datafile separator tab\n"
		"set style data histograms\nset style histogram errorbars gap 1 lw 1.5\n"
		"set style fill solid 0.55 border -1\nset boxwidth 0.9\nset grid ytics\n"
		"set xzeroaxis lt -1 lw 1.5\nset key outside right top\n"
		"set xlabel \"size (pages)\"\n", p->wl, p->unit, base);
	fprintf(f, "set ylabel ");
	snprintf(name, sizeof(name), "change of the median vs 1:%s (%%), bars: 95%% CI",
		 p->s->runs[0]->label);
	gp_str(f, name);
	fprintf(f, "\nset title ");
	snprintf(name, sizeof(name), "%s: %s per %s, change against the baseline (%s)", p->wl,
		 p->metric, p->o->per_op ? "operation" : "PTE",
		 p->m->higher ? "higher is better: positive = improvement" :
				"lower is better: negative = improvement");
	n_text(p->cells, p->np, p->nr, 0, nt, sizeof(nt));
	snprintf(t, sizeof(t), "%s; baseline 1: %s, %s", p->emu, p->s->runs[0]->label, nt);
	gp_str2(f, name, t);
	change_yaxis(p, f);
	nplotted = change_plot_line(p, f, base);
	gp_terminals(f, base, "PLOT");
	if (plot_close(p, f))
		return -1;
	if (nplotted)	/* else the data and script stay, for the record, but no picture */
		add_script(p->scripts, p->nscripts, base);
	return 0;
}

/*
 * one workload x metric: returns 0 or -1 (error printed). A plot with nothing to draw
 * (a change against a baseline that is 0 everywhere) is not drawn: *nskipped counts it,
 * stderr says why. Missing values are NaN in the .dat files: gnuplot breaks a line there
 * instead of drawing it across the gap.
 */
static int plot_one(const struct lb_set *s, const struct lb_ropts *o, const char *dir,
		    const char *wl, const char *metric, int *nfiles, char ***scripts,
		    size_t *nscripts, int *nskipped)
{
	struct plot p = {
		.s = s, .o = o, .m = lb_set_metric(s, metric), .dir = dir, .wl = wl,
		.metric = metric, .nr = s->nruns, .nfiles = nfiles, .nskipped = nskipped,
		.scripts = scripts, .nscripts = nscripts,
	};
	char change[300];
	size_t i, j;
	int any = 0, ret = -1;

	p.np = lb_set_pages(s, wl, &p.pages);
	p.cells = lb_xcalloc(p.nr * (p.np ? p.np : 1), sizeof(*p.cells));
	for (j = 0; j < p.np; j++) {
		lb_cells(s, o, wl, p.pages[j], metric, &p.cells[j * p.nr]);
		for (i = 0; i < p.nr; i++)
			any |= cell(&p, j, i)->n > 0;
	}
	if (!any) {	/* the metric does not apply to this workload */
		ret = 0;
		goto out;
	}
	lb_unit_text(p.m, o, p.unit, sizeof(p.unit));
	snprintf(p.base, sizeof(p.base), "%s-%s", wl, metric);
	p.emu_differs = emu_line(s, p.emu, sizeof(p.emu));
	if (write_data(&p) || write_size_script(&p))
		goto out;
	if (p.nr < 2) {
		ret = 0;
		goto out;
	}
	snprintf(change, sizeof(change), "%s-change", p.base);
	if (write_change_data(&p, change) || write_change_script(&p, change))
		goto out;
	ret = 0;
out:
	for (j = 0; j < p.np; j++)
		lb_cells_free(&p.cells[j * p.nr], p.nr);
	free(p.cells);
	free(p.pages);
	return ret;
}

/* run gnuplot SCRIPT.gp in dir; returns its exit status, 127 if it cannot run */
static int run_gnuplot(const char *dir, const char *script)
{
	pid_t pid;
	int st;
	char file[300];

	snprintf(file, sizeof(file), "%s.gp", script);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return 127;
	if (!pid) {
		if (chdir(dir))
			_exit(127);
		execlp("gnuplot", "gnuplot", file, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return 127;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/*
 * plot's command line, the runs into paths (argc entries) and *n: -1 to go on, else the
 * exit status (help printed or error said)
 */
static int parse_args(int argc, char **argv, struct lb_ropts *o, const char **out, int *render,
		      char **paths, int *n)
{
	static const struct option lopts[] = {
		{ "out", required_argument, NULL, 'o' },
		LB_ROPTS_LONGOPTS,
		{ "no-render", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned char seen[128] = { 0 };
	const char *arg, *cur;
	int opt, help = 0;

	optind = 1;
	opterr = 0;
	while ((opt = lb_getopt(argc, argv, lopts, &arg, &cur)) != 0) {
		/* an option given twice: which one was meant is a guess */
		if (opt > 1 && opt < 128 && opt != '?' && opt != ':' && seen[opt]++) {
			fprintf(stderr, PROG ": --%s given twice (once is allowed)\n",
				lb_opt_name(lopts, opt));
			return LB_EXIT_USAGE;
		}
		switch (opt) {
		case 1: paths[(*n)++] = (char *)arg; break;
		case 'o': *out = arg; break;
		case 'R': *render = 0; break;
		case 'h':
			help = 1;	/* after the rest is checked: --help --bogus is bad input */
			break;
		case '?':
		case ':':
			lb_ropts_badopt(PROG, opt, cur);
			return LB_EXIT_USAGE;
		default:
			if (lb_ropts_opt(o, PROG, opt, arg))
				return LB_EXIT_USAGE;
		}
	}
	for (; optind < argc; optind++)	/* operands after "--" */
		paths[(*n)++] = argv[optind];
	if (help) {
		if (*n) {
			fprintf(stderr, PROG ": --help takes no arguments\n");
			return LB_EXIT_USAGE;
		}
		usage(stdout);
		return LB_EXIT_OK;
	}
	if (!*out || !**out) {
		fprintf(stderr, PROG ": --out DIR is required (try --help)\n");
		return LB_EXIT_USAGE;
	}
	if (*n < 1) {
		fprintf(stderr, PROG ": needs at least one run (try --help)\n");
		return LB_EXIT_USAGE;
	}
	return -1;
}

/*
 * gnuplot on each script: 0, or LB_EXIT_FAIL when gnuplot cannot run at all. One plot
 * gnuplot cannot draw does not cost the others theirs: *nfailed counts it.
 */
static int render_all(const char *out, char **scripts, size_t nscripts, int *rendered,
		      int *nfailed)
{
	size_t k;

	for (k = 0; k < nscripts; k++) {
		int st = run_gnuplot(out, scripts[k]);

		if (st == 127) {
			fprintf(stderr, PROG ": cannot run gnuplot (install gnuplot-nox); the data "
				"and scripts are in %s: run gnuplot FILE.gp there\n", out);
			return LB_EXIT_FAIL;
		} else if (st) {
			fprintf(stderr, PROG ": gnuplot %s/%s.gp failed (exit %d)\n", out,
				scripts[k], st);
			(*nfailed)++;
		} else {
			(*rendered)++;
		}
	}
	return 0;
}

int cmd_plot(int argc, char **argv)
{
	struct lb_ropts o;
	struct lb_set set;
	const char *out = NULL;
	char **scripts = NULL, err[512];
	char **paths = lb_xcalloc((size_t)argc, sizeof(char *));
	size_t nscripts = 0, w, k;
	int ret, render = 1, nfiles = 0, rendered = 0, nskipped = 0, nfailed = 0, n = 0;

	lb_ropts_init(&o);
	ret = parse_args(argc, argv, &o, &out, &render, paths, &n);
	/* a bad --out is bad input: exit 2 before anything is read or written */
	if (ret < 0 && lb_out_check(out, err, sizeof(err))) {
		lb_puterr(PROG ": ", err);
		ret = LB_EXIT_USAGE;
	}
	if (ret >= 0) {
		free(paths);
		return ret;
	}
	ret = lb_set_load(&set, PROG, paths, n, &o);
	free(paths);
	if (ret) {
		lb_set_free(&set);
		return ret;
	}
	if (mkdir_p(out)) {
		fprintf(stderr, PROG ": %s: %s\n", out, strerror(errno));
		lb_set_free(&set);
		return LB_EXIT_FAIL;
	}
	for (w = 0; w < set.nworkloads && !ret; w++)
		for (k = 0; k < set.nmetrics && !ret; k++)
			if (plot_one(&set, &o, out, set.workloads[w], set.metrics[k], &nfiles,
				     &scripts, &nscripts, &nskipped))
				ret = LB_EXIT_FAIL;
	if (!ret && render)
		ret = render_all(out, scripts, nscripts, &rendered, &nfailed);
	if (nfailed)
		ret = LB_EXIT_FAIL;
	if (ret != LB_EXIT_FAIL || nfailed)
		printf("lazybench plot: %d data/script files and %d plots (PNG + SVG) in %s%s",
		       nfiles, rendered, out, nskipped || nfailed ? ";" : "\n");
	if (nskipped && (ret != LB_EXIT_FAIL || nfailed))
		printf(" %d not drawn (nothing to draw: stderr says why)%s", nskipped,
		       nfailed ? ";" : "\n");
	if (nfailed)
		printf(" %d failed in gnuplot\n", nfailed);
	for (k = 0; k < nscripts; k++)
		free(scripts[k]);
	free(scripts);
	lb_set_free(&set);
	return ret;
}
