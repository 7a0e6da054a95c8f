// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench compare --format csv: one row per workload x size x metric x column, and
 * nothing else on stdout (a plain CSV reader reads it); notes, warnings and the count
 * of tests go to stderr.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/compare.h"

static void csv_str(const char *s)
{
	if (strpbrk(s, ",\"\n#")) {
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

static void csv_section(struct cmp_ctx *c, const char *wl, const char *metric,
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
			printf(",%s,%s,%zu,", m->higher ? "higher" : "lower", cmp_kind_name(m), i + 1);
			csv_str(c->set.runs[i]->label);
			printf(",%zu", x->n);
			csv_num(x->val);
			csv_num(x->mval);
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
			printf(",%s", cmp_mark_name(x->mark));
			csv_num(x->mchange);
			printf(",%s,%s,%zu", cmp_mark_name(x->mmark), x->discrete ?
			       "runs-permutation" : cmp_method_name(x->method), x->nruns);
			csv_num(x->p_run);
			csv_num(x->p_run_mean);
			csv_num(x->mde);
			csv_num(isinf(x->runs_needed) ? NAN : x->runs_needed);
			printf(",%d", x->ci_unbounded);
			if (m->kind == LB_KIND_EXACT)
				printf(",%zu", x->ndistinct);
			else
				putchar(',');
			printf(",%zu", x->ncontam);
			csv_num(x->hb_lo);
			csv_num(x->hb_hi);
			csv_num(x->pchange);
			csv_num(x->pmchange);
			csv_num(x->mci_lo);
			csv_num(x->mci_hi);
			csv_num(x->d.median);
			csv_num(x->d.mean);
			putchar('\n');
		}
}

static void csv_out(struct cmp_ctx *c)
{
	printf("workload,pages,metric,unit,better,kind,column,label,n,median,mean,stddev,"
	       "cv_pct,min,max,q1,q3,change_pct,ci95_lo_pct,ci95_hi_pct,p_mwu,p_welch,mark,"
	       "mean_change_pct,mean_mark,method,runs,p_runs,p_runs_mean,mde_pct,"
	       "runs_needed,ci_unbounded,distinct_values,contaminated,boot_ci95_lo_pct,"
	       "boot_ci95_hi_pct,pooled_change_pct,pooled_mean_change_pct,mean_ci95_lo_pct,"
	       "mean_ci95_hi_pct,pooled_median,pooled_mean\n");
	cmp_walk(c, csv_section);
	cmp_notes_stderr(c);
}

static const struct cmp_fmt fmt_csv = { "csv", NULL, csv_out };
CMP_FORMAT(fmt_csv);
