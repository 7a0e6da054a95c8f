// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench compare --style fastpath: the table arm64/mm reviewers know from the Fastpath
 * results in Arm's cover letters: one line per benchmark group and result class
 * ("mremap: p:512"), the baseline's value, then per revision the change of the median
 * (with 2+ runs in a column: of the mean of the per-run medians, as the text table) with
 * (I) / (R) for a significant improvement / regression. Columns are padded to their
 * widest cell; the table is also valid Markdown.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare.h"
#include "util.h"

struct fp_row {
	char *cell[64];		/* group, class, base, one per revision */
};

struct fp {
	struct fp_row *rows;
	size_t nrows, ncols;
	size_t runs_lo, runs_hi;	/* runs per column seen */
};

static struct fp fp;


/* "(I) -9.24%" when significant: the better direction comes from the metric */
static void change_text(const struct lb_cell *x, const struct lb_metric *m, char *b,
			size_t len)
{
	const char *tag = "";
	int better;

	if (x->mark == LB_MARK_NA || isnan(x->val)) {
		snprintf(b, len, "-");
		return;
	}
	better = m->higher ? x->change > 0 : x->change < 0;
	switch (x->mark) {
	case LB_MARK_SIG:
	case LB_MARK_EXACT_DIFF:
		tag = better ? "(I) " : "(R) ";
		break;
	case LB_MARK_ONERUN:
		tag = "~ ";
		break;
	case LB_MARK_EXACT_VARIES:
		tag = "(!) ";
		break;
	default:
		break;
	}
	if (isnan(x->change))
		snprintf(b, len, "%s?%%", tag);
	else
		snprintf(b, len, "%s%.2f%%", tag, x->change);
}

static void fp_section(struct cmp_ctx *c, const char *wl, const char *metric,
		       const struct lb_metric *m, size_t *pages, size_t np,
		       struct lb_cell **cells)
{
	size_t j, i;
	char buf[160], unit[64], val[64];

	lb_unit_text(m, &c->o, unit, sizeof(unit));
	for (j = 0; j < (pages ? np : 1); j++) {
		struct fp_row *r;
		const struct lb_cell *cl = cells[j];

		fp.rows = lb_xrealloc(fp.rows, (fp.nrows + 1) * sizeof(*fp.rows));
		r = &fp.rows[fp.nrows++];
		memset(r, 0, sizeof(*r));
		snprintf(buf, sizeof(buf), "lazybench/%s", metric);
		r->cell[0] = lb_xstrdup(buf);
		if (pages)
			snprintf(buf, sizeof(buf), "%s: p:%zu", wl, pages[j]);
		else
			snprintf(buf, sizeof(buf), "%s", wl);
		r->cell[1] = lb_xstrdup(buf);
		cmp_fmt_val(cl[0].val, cmp_decimals(cl[0].val), 12, val, sizeof(val));
		snprintf(buf, sizeof(buf), "%s %s", val, pages ? unit : m->unit);
		r->cell[2] = lb_xstrdup(isnan(cl[0].val) ? "-" : buf);
		for (i = 1; i < c->set.nruns && i + 2 < 64; i++) {
			change_text(&cl[i], m, buf, sizeof(buf));
			r->cell[i + 2] = lb_xstrdup(buf);
		}
		for (i = 0; i < c->set.nruns; i++) {
			if (!cl[i].nruns)
				continue;
			if (!fp.runs_lo || cl[i].nruns < fp.runs_lo)
				fp.runs_lo = cl[i].nruns;
			if (cl[i].nruns > fp.runs_hi)
				fp.runs_hi = cl[i].nruns;
		}
	}
}

static void fp_line(const char *const *cell, const size_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf(i < 2 ? "| %-*s " : "| %*s ", (int)w[i], cell[i] ? cell[i] : "");
	printf("|\n");
}

static void fp_out(struct cmp_ctx *c)
{
	size_t ncol = c->set.nruns + 2 < 64 ? c->set.nruns + 2 : 64, i, k, w[64];
	const char *head[64];
	char h[64][300], buf[2048];

	memset(&fp, 0, sizeof(fp));
	cmp_walk(c, fp_section);
	snprintf(h[0], sizeof(h[0]), "Benchmark");
	snprintf(h[1], sizeof(h[1]), "Result Class");
	snprintf(h[2], sizeof(h[2]), "%s (base)", c->set.runs[0]->label);
	for (i = 1; i + 2 < ncol; i++)
		snprintf(h[i + 2], sizeof(h[i + 2]), "%s", c->set.runs[i]->label);
	for (k = 0; k < ncol; k++) {
		head[k] = h[k];
		w[k] = strlen(h[k]);
		for (i = 0; i < fp.nrows; i++)
			if (fp.rows[i].cell[k] && strlen(fp.rows[i].cell[k]) > w[k])
				w[k] = strlen(fp.rows[i].cell[k]);
	}
	{
		const char *emu = c->set.runs[0]->facts[LB_F_EMULATED];
		char runs[64], how[96];

		if (fp.runs_lo == fp.runs_hi)
			snprintf(runs, sizeof(runs), "%zu", fp.runs_lo);
		else
			snprintf(runs, sizeof(runs), "%zu-%zu", fp.runs_lo, fp.runs_hi);
		snprintf(how, sizeof(how), "%s", lb_emulated_text(emu));
		snprintf(buf, sizeof(buf), "lazybench, %s, %s, base kernel %s, per %s; the "
			 "median of %s run%s per column%s", c->set.runs[0]->facts[LB_F_ARCH], how,
			 c->set.runs[0]->facts[LB_F_RELEASE], c->o.per_op ? "operation" : "PTE",
			 runs, fp.runs_hi > 1 ? "s" : "", fp.runs_hi > 1 &&
			 !c->o.assume_independent ? " (a column of 2+ runs: the mean of its "
			 "per-run medians)" : "");
		cmp_put_wrapped(buf, "");
		putchar('\n');
	}
	fp_line(head, w, ncol);
	for (k = 0; k < ncol; k++) {
		memset(buf, '-', w[k]);
		buf[w[k]] = '\0';
		printf("| %s ", buf);
	}
	printf("|\n");
	for (i = 0; i < fp.nrows; i++)
		fp_line((const char *const *)fp.rows[i].cell, w, ncol);
	snprintf(buf, sizeof(buf), "The change is that of the median in percent of the "
		 "base's (with 2+ runs in a column: of the mean of its per-run medians, the "
		 "quantity tested), never sign-flipped; (I) marks a significant "
		 "improvement and (R) a significant regression in the metric's better "
		 "direction (ns, counts: lower is better; a rate: higher), p < %g %s; exact emulator counts get (I)/(R) for any "
		 "difference and (!) when they vary; ~ marks a change that only a within-run "
		 "test supports (one run per column).", c->o.alpha, c->o.assume_independent ?
		 "with repetitions taken as independent (--assume-independent)" :
		 "with the run as the unit (Welch's t on per-run medians)");
	putchar('\n');
	cmp_put_wrapped(buf, "");
	cmp_tests_text(c, buf, sizeof(buf));
	putchar('\n');
	cmp_put_wrapped(buf, "");
	for (i = 0; i < c->set.nnotes; i++) {
		snprintf(buf, sizeof(buf), "note: %s", c->set.notes[i]);
		cmp_put_wrapped(buf, "  ");
	}
	for (k = 0; k < CMP_W_COUNT; k++)
		for (i = 0; i < c->nwarn; i++)
			if (c->warn[i].kind == k) {
				strcpy(buf, "warning: ");
				cmp_warn_line(&c->warn[i], buf + 9, sizeof(buf) - 9);
				cmp_put_wrapped(buf, "  ");
			}
	for (i = 0; i < fp.nrows; i++)
		for (k = 0; k < 64; k++)
			free(fp.rows[i].cell[k]);
	free(fp.rows);
	memset(&fp, 0, sizeof(fp));
}

static const struct cmp_fmt fmt_fastpath = { "fastpath", NULL, fp_out };
CMP_FORMAT(fmt_fastpath);
