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
	*scripts = realloc(*scripts, (*nscripts + 1) * sizeof(char *));
	if (!*scripts || !((*scripts)[*nscripts] = strdup(name))) {
		fputs("lazybench: out of memory\n", stderr);
		exit(1);
	}
	(*nscripts)++;
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
	const struct lb_metric *m = lb_set_metric(s, metric);
	size_t *pages, np = lb_set_pages(s, wl, &pages), nr = s->nruns, j, i;
	struct lb_cell *cells = calloc(nr * (np ? np : 1), sizeof(*cells));
	char base[256], name[300], path[4096], unit[64], emu[96], t[512], nt[160];
	int any = 0, ret = -1, emu_differs, nplotted;
	FILE *f;

	if (!cells) {
		fputs("lazybench: out of memory\n", stderr);
		exit(1);
	}
	for (j = 0; j < np; j++) {
		lb_cells(s, o, wl, pages[j], metric, &cells[j * nr]);
		for (i = 0; i < nr; i++)
			any |= cells[j * nr + i].n > 0;
	}
	if (!any) {	/* the metric does not apply to this workload */
		ret = 0;
		goto out;
	}
	lb_unit_text(m, o, unit, sizeof(unit));
	snprintf(base, sizeof(base), "%s-%s", wl, metric);
	emu_differs = emu_line(s, emu, sizeof(emu));

	/* data: one row per size; per run median, first and third quartile */
	snprintf(name, sizeof(name), "%s.dat", base);
	f = open_out(dir, name, path, sizeof(path));
	if (!f)
		goto out;
	fprintf(f, "# lazybench plot data: %s, %s (%s is better), tab-separated, NaN = no data\n"
		"# per run: median, first and third quartile of the samples\n# pages", wl, unit,
		m->higher ? "higher" : "lower");
	for (i = 0; i < nr; i++)
		fprintf(f, "\t%zu:%s median\tq1\tq3", i + 1, s->runs[i]->label);
	fputc('\n', f);
	for (j = 0; j < np; j++) {
		fprintf(f, "%zu", pages[j]);
		for (i = 0; i < nr; i++) {
			const struct lb_cell *c = &cells[j * nr + i];

			fputc('\t', f);
			gp_num(f, c->n ? c->d.median : NAN);
			fputc('\t', f);
			gp_num(f, c->n ? c->d.q1 : NAN);
			fputc('\t', f);
			gp_num(f, c->n ? c->d.q3 : NAN);
		}
		fputc('\n', f);
	}
	if (fclose(f))
		goto out;
	(*nfiles)++;

	/* script: metric against size */
	snprintf(name, sizeof(name), "%s.gp", base);
	f = open_out(dir, name, path, sizeof(path));
	if (!f)
		goto out;
	fprintf(f, "# lazybench plot: %s, %s against size. Edit and rerun: gnuplot %s.gp\n"
		"# NaN in the data is a size without data: lines break there\n"
		"set datafile separator tab\n"
		"set logscale x 2\nset format x \"%%.0f\"\nset grid\nset key top right\n"
		"set xlabel \"size (pages, log scale)\"\n", wl, unit, base);
	if (np == 1)	/* one size: a range around it, not gnuplot's "empty x range" */
		fprintf(f, "set xrange [%g:%g]\n", (double)pages[0] / 2, (double)pages[0] * 2);
	fprintf(f, "set ylabel ");
	snprintf(name, sizeof(name), "%s: median, bars: interquartile range", unit);
	gp_str(f, name);
	fprintf(f, "\nset title ");
	snprintf(name, sizeof(name), "%s: %s per %s (%s is better)", wl, metric,
		 o->per_op ? "operation" : "PTE", m->higher ? "higher" : "lower");
	gp_str2(f, name, emu);
	{
		double lo = INFINITY, hi = 0, top = 0;

		for (j = 0; j < np * nr; j++)
			if (cells[j].n) {
				lo = fmin(lo, cells[j].d.median);
				hi = fmax(hi, cells[j].d.median);
				top = fmax(top, cells[j].d.q3);
			}
		/*
		 * per-PTE costs often span decades across sizes: then a log y axis, unless a
		 * median is 0 (a log axis would drop that point without a word)
		 */
		if (lo > 0 && hi / lo > 20)
			fprintf(f, "\nset logscale y 10\nset ylabel offset 1,0 \"%s: median "
				"(log scale), bars: interquartile range\"", unit);
		else if (top > 0)
			fprintf(f, "\nset yrange [0:*]");
		else	/* every value 0: a range gnuplot need not widen with a warning */
			fprintf(f, "\nset yrange [0:1]");
	}
	fprintf(f, "\n"
		"# runs are nudged apart along x so that their bars do not hide each other\n"
		"PLOT = \"plot ");
	for (i = nplotted = 0; i < nr; i++) {
		n_text(cells, np, nr, i, nt, sizeof(nt));
		if (!strcmp(nt, "no data")) {
			snprintf(t, sizeof(t), "%zu: %s has no data for it", i + 1,
				 s->runs[i]->label);
			skipped(nskipped, base, t);
			continue;
		}
		if (emu_differs) {
			char e[96];

			emu_text(s->runs[i]->facts[LB_F_EMULATED], e, sizeof(e));
			snprintf(t, sizeof(t), "%zu: %s (%s), %s, %s", i + 1, s->runs[i]->label,
				 s->runs[i]->facts[LB_F_RELEASE], nt, e);
		} else {
			snprintf(t, sizeof(t), "%zu: %s (%s), %s", i + 1, s->runs[i]->label,
				 s->runs[i]->facts[LB_F_RELEASE], nt);
		}
		fprintf(f, "%s'%s.dat' using ($1*%.3f):%zu:%zu:%zu with yerrorlines lw 2 pt 7 "
			"title ", nplotted++ ? ", " : "", base,
			1 + 0.04 * ((double)i - (double)(nr - 1) / 2), 2 + 3 * i, 3 + 3 * i,
			4 + 3 * i);
		gp_title(f, t);
	}
	fprintf(f, "\"\n");
	gp_terminals(f, base, "PLOT");
	if (fclose(f))
		goto out;
	(*nfiles)++;
	add_script(scripts, nscripts, base);

	if (nr < 2) {
		ret = 0;
		goto out;
	}
	/* change against the baseline with its CI */
	snprintf(name, sizeof(name), "%s-change.dat", base);
	f = open_out(dir, name, path, sizeof(path));
	if (!f)
		goto out;
	fprintf(f, "# lazybench plot data: %s, %s: change of the median against 1:%s in "
		"percent,\n# with compare's 95%% CI and p (runs as the unit: Welch's t on "
		"per-run medians; one run: bootstrap, %u resamples, seed %llu, and "
		"Mann-Whitney); NaN = none\n# pages", wl, unit, s->runs[0]->label, o->boot,
		(unsigned long long)o->seed);
	for (i = 1; i < nr; i++)
		fprintf(f, "\t%zu:%s change\tci_lo\tci_hi\tp", i + 1, s->runs[i]->label);
	fputc('\n', f);
	for (j = 0; j < np; j++) {
		fprintf(f, "%zu", pages[j]);
		for (i = 1; i < nr; i++) {
			const struct lb_cell *c = &cells[j * nr + i];
			int exact = m->kind == LB_KIND_EXACT;

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
	if (fclose(f))
		goto out;
	(*nfiles)++;

	snprintf(base + strlen(base), sizeof(base) - strlen(base), "-change");
	snprintf(name, sizeof(name), "%s.gp", base);
	f = open_out(dir, name, path, sizeof(path));
	if (!f)
		goto out;
	fprintf(f, "# lazybench plot: %s, %s: change against the baseline. Edit and rerun: "
		"gnuplot %s.gp\n# NaN in the data is a size without a change\n"
		"set datafile separator tab\n"
		"set style data histograms\nset style histogram errorbars gap 1 lw 1.5\n"
		"set style fill solid 0.55 border -1\nset boxwidth 0.9\nset grid ytics\n"
		"set xzeroaxis lt -1 lw 1.5\nset key outside right top\n"
		"set xlabel \"size (pages)\"\n", wl, unit, base);
	fprintf(f, "set ylabel ");
	snprintf(name, sizeof(name), "change of the median vs 1:%s (%%), bars: 95%% CI",
		 s->runs[0]->label);
	gp_str(f, name);
	fprintf(f, "\nset title ");
	snprintf(name, sizeof(name), "%s: %s per %s, change against the baseline (%s)", wl,
		 metric, o->per_op ? "operation" : "PTE",
		 m->higher ? "higher is better: positive = improvement" :
			     "lower is better: negative = improvement");
	n_text(cells, np, nr, 0, nt, sizeof(nt));
	snprintf(t, sizeof(t), "%s; baseline 1: %s, %s", emu, s->runs[0]->label, nt);
	gp_str2(f, name, t);
	{
		double top = 0;

		for (j = 0; j < np; j++)
			for (i = 1; i < nr; i++) {
				const struct lb_cell *c = &cells[j * nr + i];

				if (isfinite(c->change))
					top = fmax(top, fabs(c->change));
				if (isfinite(c->ci_lo) && isfinite(c->ci_hi))
					top = fmax(top, fmax(fabs(c->ci_lo), fabs(c->ci_hi)));
			}
		if (top == 0)	/* no change anywhere: a range gnuplot need not widen */
			fprintf(f, "\nset yrange [-1:1]");
		else	/* bars start at 0: the axis always shows it */
			fprintf(f, "\nset yrange [*<0:0<*]");
	}
	fprintf(f, "\nPLOT = \"plot ");
	for (i = 1, nplotted = 0; i < nr; i++) {
		size_t nchange = 0, nzero = 0, nboth = 0;

		for (j = 0; j < np; j++) {
			const struct lb_cell *b = &cells[j * nr], *c = &cells[j * nr + i];

			nchange += isfinite(c->change);
			if (b->n && c->n) {
				nboth++;
				nzero += b->d.median == 0;
			}
		}
		if (!nchange) {
			snprintf(t, sizeof(t), "%zu: %s against 1: %s: %s", i + 1, s->runs[i]->label,
				 s->runs[0]->label, !nboth ? "no size has data in both" :
				 nzero == nboth ? "the baseline's median is 0 at every size (a "
				 "change against 0 is undefined)" : "no change could be computed");
			skipped(nskipped, base, t);
			continue;
		}
		n_text(cells, np, nr, i, nt, sizeof(nt));
		if (emu_differs) {
			char e[96];

			emu_text(s->runs[i]->facts[LB_F_EMULATED], e, sizeof(e));
			snprintf(t, sizeof(t), "%zu: %s, %s, %s", i + 1, s->runs[i]->label, nt, e);
		} else {
			snprintf(t, sizeof(t), "%zu: %s, %s", i + 1, s->runs[i]->label, nt);
		}
		/* a change without a CI (NaN: one sample, a 0 in a resample) gets no bar */
		fprintf(f, "%s'%s.dat' using %zu:($%zu==$%zu?$%zu:$%zu):($%zu==$%zu?$%zu:$%zu)%s "
			"title ", nplotted ? ", " : "", base, 2 + 4 * (i - 1),
			3 + 4 * (i - 1), 3 + 4 * (i - 1), 3 + 4 * (i - 1), 2 + 4 * (i - 1),
			4 + 4 * (i - 1), 4 + 4 * (i - 1), 4 + 4 * (i - 1), 2 + 4 * (i - 1),
			!nplotted ? ":xtic(1)" : "");
		nplotted++;
		gp_title(f, t);
	}
	fprintf(f, "\"\n");
	gp_terminals(f, base, "PLOT");
	if (fclose(f))
		goto out;
	(*nfiles)++;
	if (nplotted)	/* else the data and script stay, for the record, but no picture */
		add_script(scripts, nscripts, base);
	ret = 0;
out:
	for (j = 0; j < np; j++)
		lb_cells_free(&cells[j * nr], nr);
	free(cells);
	free(pages);
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

int cmd_plot(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "metric", required_argument, NULL, 'm' },
		{ "workload", required_argument, NULL, 'w' },
		{ "per-op", no_argument, NULL, 'P' },
		{ "force", no_argument, NULL, 'F' },
		{ "incomplete", no_argument, NULL, 'I' },
		{ "no-render", no_argument, NULL, 'R' },
		{ "boot", required_argument, NULL, 'B' },
		{ "seed", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct lb_ropts o;
	struct lb_set set;
	const char *out = NULL;
	char **scripts = NULL;
	size_t nscripts = 0, w, k;
	int opt, ret, render = 1, help = 0, nfiles = 0, rendered = 0, nskipped = 0, nfailed = 0;
	unsigned char seen[128] = { 0 };
	double x;

	lb_ropts_init(&o);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "ho:", lopts, NULL)) != -1) {
		/* an option given twice: which one was meant is a guess */
		if (opt > 0 && opt < 128 && opt != '?' && opt != ':' && seen[opt]++) {
			for (k = 0; lopts[k].name && lopts[k].val != opt; k++)
				;
			fprintf(stderr, PROG ": --%s given twice (once is allowed)\n",
				lopts[k].name ? lopts[k].name : "an option");
			return LB_EXIT_USAGE;
		}
		switch (opt) {
		case 'o': out = optarg; break;
		case 'm': o.metrics = optarg; break;
		case 'w': o.workloads = optarg; break;
		case 'P': o.per_op = 1; break;
		case 'F': o.force = 1; break;
		case 'I': o.incomplete = 1; break;
		case 'R': render = 0; break;
		case 'B':
			if (lb_opt_int(PROG, "--boot", optarg, 100, 1e6, &x))
				return LB_EXIT_USAGE;
			o.boot = (unsigned int)x;
			break;
		case 's':
			if (lb_opt_int(PROG, "--seed", optarg, 0, 1e15, &x))
				return LB_EXIT_USAGE;
			o.seed = (uint64_t)x;
			break;
		case 'h':
			help = 1;	/* after the rest is checked: --help --bogus is bad input */
			break;
		default:
			if (optopt)
				fprintf(stderr, PROG ": option -%c: unknown or needs a value\n", optopt);
			else
				fprintf(stderr, PROG ": unknown option '%s' (try --help)\n",
					argv[optind - 1]);
			return LB_EXIT_USAGE;
		}
	}
	if (help) {
		if (optind < argc) {
			fprintf(stderr, PROG ": --help takes no arguments\n");
			return LB_EXIT_USAGE;
		}
		usage(stdout);
		return LB_EXIT_OK;
	}
	if (!out || !*out) {
		fprintf(stderr, PROG ": --out DIR is required (try --help)\n");
		return LB_EXIT_USAGE;
	}
	if (argc - optind < 1) {
		fprintf(stderr, PROG ": needs at least one run (try --help)\n");
		return LB_EXIT_USAGE;
	}
	{
		char err[512];

		/* a bad --out is bad input: exit 2 before anything is read or written */
		if (lb_out_check(out, err, sizeof(err))) {
			lb_puterr(PROG ": ", err);
			return LB_EXIT_USAGE;
		}
	}
	ret = lb_set_load(&set, PROG, argv + optind, argc - optind, &o);
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
	/* one plot gnuplot cannot draw does not cost the others theirs */
	for (k = 0; k < nscripts && !ret && render; k++) {
		int st = run_gnuplot(out, scripts[k]);

		if (st == 127) {
			fprintf(stderr, PROG ": cannot run gnuplot (install gnuplot-nox); the data "
				"and scripts are in %s: run gnuplot FILE.gp there\n", out);
			ret = LB_EXIT_FAIL;
		} else if (st) {
			fprintf(stderr, PROG ": gnuplot %s/%s.gp failed (exit %d)\n", out,
				scripts[k], st);
			nfailed++;
		} else {
			rendered++;
		}
	}
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
