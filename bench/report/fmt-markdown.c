// SPDX-License-Identifier: GPL-2.0
/* lazybench compare --format markdown: the header and one table per workload and metric. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/compare.h"

static void md_cell(double val, double pct, enum lb_mark mark, int dec)
{
	char v[64], p[32], *q = p;

	if (isnan(val)) {
		printf(" - |");
		return;
	}
	cmp_fmt_val(val, dec, 12, v, sizeof(v));
	if (mark == LB_MARK_NA) {
		printf(" %s (no base) |", v);
		return;
	}
	cmp_fmt_pct(pct, p, sizeof(p));
	while (*q == ' ')
		q++;
	if (mark == LB_MARK_SIG)
		printf(" %s \\*%s\\* |", v, q);
	else if (cmp_mark_open(mark) != '(')
		printf(" %s %c%s%c |", v, cmp_mark_open(mark), q, cmp_mark_close(mark));
	else
		printf(" %s (%s) |", v, q);
}

static void md_section(struct cmp_ctx *c, const char *wl, const char *metric,
		       const struct lb_metric *m, size_t *pages, size_t np,
		       struct lb_cell **cells)
{
	size_t i, j;
	char unit[64], res[400];

	lb_unit_text(m, &c->o, unit, sizeof(unit));
	printf("\n**%s**, %s%s%s: %s\n\n| size | stat |", wl, strcmp(metric, m->unit) ?
	       metric : "", strcmp(metric, m->unit) ? ", " : "", pages ? unit : m->unit,
	       cmp_better_words(m));
	for (i = 0; i < c->set.nruns; i++)
		printf(" %zu: %s |", i + 1, c->set.runs[i]->label);
	printf("\n|---:|---|");
	for (i = 0; i < c->set.nruns; i++)
		printf("---:|");
	putchar('\n');
	for (j = 0; j < (pages ? np : 1); j++) {
		const struct lb_cell *cl = cells[j];
		int dec = cmp_decimals(cl[0].val);
		size_t pg = pages ? pages[j] : 0;

		printf("| %zu | median |", pg);
		for (i = 0; i < c->set.nruns; i++)
			md_cell(cl[i].val, cl[i].change, cl[i].mark, dec);
		printf("\n| %zu | mean |", pg);
		for (i = 0; i < c->set.nruns; i++)
			md_cell(cl[i].mval, cl[i].mchange, cl[i].mmark, dec);
		putchar('\n');
		if (c->brief)
			continue;
		printf("| | CV |");
		for (i = 0; i < c->set.nruns; i++)
			printf(isnan(cl[i].d.cv) ? " - |" : " %.2f%% |", cl[i].d.cv * 100);
		printf("\n| | CI95 |");
		for (i = 0; i < c->set.nruns; i++) {
			if (cl[i].method == LB_METHOD_ONERUN)
				printf(" one run |");
			else if (cl[i].ci_unbounded)
				printf(" unbounded |");
			else
				printf(isnan(cl[i].ci_lo) ? " - |" : " [%+.2f%%, %+.2f%%] |",
				       cl[i].ci_lo, cl[i].ci_hi);
		}
		printf("\n| | p |");
		for (i = 0; i < c->set.nruns; i++)
			if (cl[i].method == LB_METHOD_ONERUN)
				printf(" one run |");
			else
				printf(isnan(cl[i].p) ? " - |" : " %.4f |", cl[i].p);
		printf("\n| | runs |");
		for (i = 0; i < c->set.nruns; i++)
			printf(" %zu |", cl[i].nruns);
		printf("\n| | MDE |");
		for (i = 0; i < c->set.nruns; i++)
			printf(isnan(cl[i].mde) ? " - |" : " %.2f%% |", cl[i].mde);
		printf("\n| | n |");
		for (i = 0; i < c->set.nruns; i++)
			printf(" %zu |", cl[i].n);
		putchar('\n');
	}
	for (j = 0; j < (pages ? np : 1); j++)
		for (i = 1; i < c->set.nruns; i++)
			if (cmp_resolve_text(&cells[j][0], &cells[j][i], c->o.alpha, res, sizeof(res)))
				printf("\nCan resolve, %zu pages, column %zu: %s\n",
				       pages ? pages[j] : (size_t)0, i + 1, res);
}

static void md_out(struct cmp_ctx *c)
{
	static const int rows[] = {
		LB_F_RELEASE, LB_F_ARCH, LB_F_HOST, LB_F_CPU, LB_F_EMULATED, LB_F_KASAN,
		LB_F_DEBUG_PAGEALLOC, LB_F_PARAVIRT, LB_F_XEN_PV, LB_F_LAZY_MMU, LB_F_KUNIT,
		LB_F_KCONFIG, LB_F_COUNTERS, LB_F_DATE,
	};
	size_t i, k;
	char buf[2048];

	printf("| |");
	for (i = 0; i < c->set.nruns; i++)
		printf(" %zu: %s |", i + 1, c->set.runs[i]->label);
	printf("\n|---|");
	for (i = 0; i < c->set.nruns; i++)
		printf("---|");
	putchar('\n');
	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++) {
		int f = rows[k];

		if (c->brief && !c->set.differs[f])
			continue;	/* --brief: only what differs between columns */
		if (f == LB_F_KCONFIG && !cmp_fact_known(c, f))
			continue;	/* known only for kernels lazybench built */
		printf("| %s%s |", f < LB_F_FIRST_INFO && c->set.differs[f] ? "**differs** " : "",
		       lb_facts[f].name);
		for (i = 0; i < c->set.nruns; i++)
			printf(" %s |", c->set.runs[i]->facts[f]);
		putchar('\n');
	}
	printf("| samples |");
	for (i = 0; i < c->set.nruns; i++) {
		cmp_samples_text(c, i, buf, sizeof(buf));
		printf(" %s (%zu run%s) |", buf, c->set.runs[i]->nruns,
		       c->set.runs[i]->nruns > 1 ? "s" : "");
	}
	cmp_legend(c, 1, buf, sizeof(buf));
	printf("\n\n%s\n", buf);
	cmp_walk(c, md_section);
	if (c->nwarn || c->set.nnotes)
		putchar('\n');
	for (i = 0; i < c->set.nnotes; i++)
		printf("- note: %s\n", c->set.notes[i]);
	for (k = 0; k < CMP_W_COUNT; k++)
		for (i = 0; i < c->nwarn; i++)
			if (c->warn[i].kind == k) {
				cmp_warn_line(&c->warn[i], buf, sizeof(buf));
				printf("- warning: %s\n", buf);
			}
}

static const struct cmp_fmt fmt_markdown = { "markdown", "md", md_out };
CMP_FORMAT(fmt_markdown);
