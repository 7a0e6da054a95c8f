// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench report RUN: the medians of summary.txt for scripts. One tab-separated row per
 * workload, size and metric, with the metric's unit from meta.json: what the LAVA test
 * definition (scripts/lava-job) turns into test cases, instead of parsing summary.txt,
 * which is text for people. The medians are computed again from samples.tsv, as the
 * harness computed them: the same numbers, except where samples.tsv rounded a value
 * (a multiplexed counter's scaled count has 6 significant digits there) and for the
 * rows of a size point that failed, which the reader leaves out (summary.txt has them).
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "report/run.h"
#include "util.h"

#define REPORT_HDR "workload\tpages\tptes\tmetric\tmedian_op\tunit\n"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: lazybench report RUN\n"
		"  RUN: a run directory (results/LABEL/RUN-ID), finished or not.\n"
		"Prints the medians of its summary.txt for scripts, tab-separated, a header\n"
		"line and then one row per workload, size and metric: workload, pages, ptes,\n"
		"metric, median per operation (%%.1f, as summary.txt; over the samples whose\n"
		"window was not disturbed, or all of them when none was clean), unit.\n");
}

/*
 * the median per operation of metric m over rows [from, to) of one size point, as
 * summary.txt has it: contaminated rows left out unless no row is clean; NaN if none
 */
static double point_median(const struct lb_run *r, size_t from, size_t to, size_t m)
{
	double *v = malloc((to - from) * sizeof(*v)), med;
	size_t i, n = 0, clean = 0;

	if (!v)
		return NAN;
	for (i = from; i < to; i++)
		clean += r->rows[i].contam != 1;
	for (i = from; i < to; i++)
		if (r->rows[i].contam != 1 || !clean)
			v[n++] = r->rows[i].v[m];
	med = lb_median(v, n);
	free(v);
	return med;
}

static void print_point(const struct lb_run *r, size_t from, size_t to)
{
	const struct lb_row *row = &r->rows[from];
	size_t m;

	for (m = 0; m < r->nmetrics; m++) {
		double med = point_median(r, from, to, m);

		if (isnan(med))
			continue;	/* no value in any row: summary.txt has no line either */
		printf("%s\t%zu\t%.0f\t%s\t%.1f\t%s\n", row->workload, row->pages, row->ptes,
		       r->metrics[m].name, med, r->metrics[m].unit);
	}
}

int cmd_report(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *arg, *cur, *dir = NULL;
	struct lb_run *r;
	char err[1024];
	size_t i, from;
	int opt, n = 0;

	optind = 1;
	opterr = 0;
	while ((opt = lb_getopt(argc, argv, lopts, &arg, &cur)) != 0) {
		if (opt == 'h') {
			usage(stdout);
			return LB_EXIT_OK;
		}
		if (opt != 1) {
			fprintf(stderr, "lazybench report: unknown option '%s' (try --help)\n", cur);
			return LB_EXIT_USAGE;
		}
		dir = arg;
		n++;
	}
	for (; optind < argc; optind++, n++)	/* operands after "--" */
		dir = argv[optind];
	if (n != 1) {
		fprintf(stderr, "lazybench report: need one run directory (try --help)\n");
		return LB_EXIT_USAGE;
	}
	r = lb_run_load(dir, 1, err, sizeof(err));
	if (!r) {
		lb_puterr("lazybench report: ", err);
		return LB_EXIT_USAGE;
	}
	if (r->nruns != 1) {
		fprintf(stderr, "lazybench report: '%s' holds %zu runs: name one run directory\n",
			argv[optind], r->nruns);
		lb_run_free(r);
		return LB_EXIT_USAGE;
	}
	fputs(REPORT_HDR, stdout);
	/* the harness writes each size point's rows together, in the order it ran them */
	for (from = 0, i = 1; i <= r->nrows; i++)
		if (i == r->nrows || r->rows[i].pages != r->rows[from].pages ||
		    r->rows[i].workload != r->rows[from].workload) {
			print_point(r, from, i);
			from = i;
		}
	lb_run_free(r);
	return LB_EXIT_OK;
}
