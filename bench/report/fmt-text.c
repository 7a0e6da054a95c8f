// SPDX-License-Identifier: GPL-2.0
/* lazybench compare --format text: the default, mmtests-style, fits 80 columns. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare.h"

#define LABW 15		/* row label width */
#define CELLW 20	/* cell width; columns are separated by one space */
#define VALW 9		/* the value part of a median/mean cell */
#define PER_BLOCK 3	/* columns per block: 15 + 3 * 21 = 78 <= 80 */
#define MAXPW 8		/* sizes up to 8 digits fit in the row label */


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

static int shown(size_t i, size_t first, size_t last)
{
	return !i || (i >= first && i < last);
}

/* "N:label", ending in ".." when cut; returns 1 if it was cut */
static int colhead(const struct cmp_ctx *c, size_t i, char *h, size_t len)
{
	snprintf(h, len, "%zu:%s", i + 1, c->set.runs[i]->label);
	if (strlen(h) <= CELLW)
		return 0;
	h[CELLW - 2] = h[CELLW - 1] = '.';
	h[CELLW] = '\0';
	return 1;
}

static void text_colheads(const struct cmp_ctx *c, size_t first, size_t last)
{
	size_t i;
	char h[600];

	printf("%-*s", LABW, "");
	for (i = 0; i < c->set.nruns; i++)
		if (shown(i, first, last)) {
			colhead(c, i, h, sizeof(h));
			printf(" %*s", CELLW, h);
		}
	putchar('\n');
}

/* do the columns differ in runs pooled (runs) or samples per size (!runs)? */
static int column_rows_differ(const struct cmp_ctx *c, int runs)
{
	char a[64], b[64];
	size_t i;

	for (i = 1; i < c->set.nruns; i++) {
		if (runs && c->set.runs[i]->nruns != c->set.runs[0]->nruns)
			return 1;
		if (runs)
			continue;
		cmp_samples_text(c, 0, a, sizeof(a));
		cmp_samples_text(c, i, b, sizeof(b));
		if (strcmp(a, b))
			return 1;
	}
	return 0;
}

/* --brief: the facts every column shares, in one line */
static void text_common(const struct cmp_ctx *c)
{
	static const int rows[] = { LB_F_RELEASE, LB_F_ARCH, LB_F_EMULATED, LB_F_CPU };
	char buf[1200], smp[64];
	size_t k;

	snprintf(buf, sizeof(buf), "every column:");
	for (k = 0; k < sizeof(rows) / sizeof(rows[0]); k++)
		if (!c->set.differs[rows[k]])
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " %s %s;",
				 lb_facts[rows[k]].name, c->set.runs[0]->facts[rows[k]]);
	if (!column_rows_differ(c, 1))
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " %zu run%s pooled;",
			 c->set.runs[0]->nruns, c->set.runs[0]->nruns == 1 ? "" : "s");
	if (!column_rows_differ(c, 0)) {
		cmp_samples_text(c, 0, smp, sizeof(smp));
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " samples %s;", smp);
	}
	buf[strlen(buf) - 1] = strlen(buf) > 13 ? '\0' : ':';
	if (strlen(buf) > 13)
		cmp_put_wrapped(buf, "  ");
}

static void text_header(const struct cmp_ctx *c)
{
	static const int rows[] = {
		LB_F_RELEASE, LB_F_ARCH, LB_F_HOST, LB_F_CPU, LB_F_EMULATED, LB_F_KASAN,
		LB_F_DEBUG_PAGEALLOC, LB_F_DPA_ON, LB_F_PARAVIRT, LB_F_XEN_PV,
		LB_F_XEN_PV_DOMAIN, LB_F_LAZY_MMU, LB_F_KUNIT, LB_F_KCONFIG, LB_F_PAGE_SIZE,
		LB_F_COUNTERS, LB_F_DATE,
	};
	const size_t nrows = sizeof(rows) / sizeof(rows[0]);
	size_t b, i, k, first, last;
	char buf[64], lab[32], h[600];

	for (b = 0; b < nblocks(c->set.nruns); b++) {
		block_range(c->set.nruns, b, &first, &last);
		text_colheads(c, first, last);
		for (k = 0; k < nrows + 2; k++) {
			int f = k < nrows ? rows[k] : -1;
			int bad = f >= 0 && f < LB_F_FIRST_INFO && c->set.differs[f];

			/* --brief: only what differs between columns */
			if (c->brief && (f >= 0 ? !c->set.differs[f] : !column_rows_differ(c, k == nrows)))
				continue;
			/* the base configuration is known only for kernels lazybench built */
			if (f == LB_F_KCONFIG && !cmp_fact_known(c, f))
				continue;

			if (f >= 0)
				snprintf(lab, sizeof(lab), "%s%s", bad ? "!" : "", lb_facts[f].name);
			else
				snprintf(lab, sizeof(lab), "%s", k == nrows ? "runs pooled" : "samples");
			printf("%-*.*s", LABW, LABW, lab);
			for (i = 0; i < c->set.nruns; i++) {
				if (!shown(i, first, last))
					continue;
				if (f >= 0)
					snprintf(buf, sizeof(buf), "%s", c->set.runs[i]->facts[f]);
				else if (k == nrows)
					snprintf(buf, sizeof(buf), "%zu", c->set.runs[i]->nruns);
				else
					cmp_samples_text(c, i, buf, sizeof(buf));
				printf(" %*.*s", CELLW, CELLW, buf);
			}
			putchar('\n');
		}
		if (b + 1 < nblocks(c->set.nruns))
			putchar('\n');
	}
	if (c->brief)
		text_common(c);
	/* labels and facts that do not fit a cell, in full */
	for (i = 0; i < c->set.nruns; i++)
		if (colhead(c, i, h, sizeof(h))) {
			char full[700];

			snprintf(full, sizeof(full), "column %zu: %s", i + 1, c->set.runs[i]->label);
			cmp_put_wrapped(full, "  ");
		}
	for (k = 0; k < nrows; k++)
		for (i = 0; i < c->set.nruns; i++) {
			char full[512];
			const char *v = c->set.runs[i]->facts[rows[k]];

			if (strlen(v) <= CELLW || (c->brief && !c->set.differs[rows[k]]))
				continue;
			if (!c->set.differs[rows[k]]) {
				snprintf(full, sizeof(full), "%s, every column: %s",
					 lb_facts[rows[k]].name, v);
				cmp_put_wrapped(full, "  ");
				break;
			}
			snprintf(full, sizeof(full), "%s, column %zu: %s", lb_facts[rows[k]].name,
				 i + 1, v);
			cmp_put_wrapped(full, "  ");
		}
}

/* "12.31 (   0.00%)" / "11.02 * -10.48%*" in CELLW characters */
static void fmt_cell(double val, double pct, enum lb_mark mark, int dec, char *b, size_t len)
{
	char v[64], p[32];

	if (isnan(val)) {
		snprintf(b, len, "%*s", CELLW, "-");
		return;
	}
	cmp_fmt_val(val, dec, VALW, v, sizeof(v));
	if (mark == LB_MARK_NA) {	/* values, but no baseline to compare with */
		snprintf(b, len, "%*s %s", VALW, v, "( no base)");
		return;
	}
	cmp_fmt_pct(pct, p, sizeof(p));
	snprintf(b, len, "%*s %c%s%c", VALW, v, cmp_mark_open(mark), p, cmp_mark_close(mark));
}

/* a bootstrap interval in percent, in at most CELLW characters */
static void ci_text(const struct lb_cell *x, char *b, size_t len)
{
	char lo[32], hi[32];

	if (x->ci_unbounded) {
		snprintf(b, len, "unbounded");
		return;
	}
	if (isnan(x->ci_lo)) {
		snprintf(b, len, "-");
		return;
	}
	snprintf(b, len, "[%+.2f,%+.2f]%%", x->ci_lo, x->ci_hi);
	if (strlen(b) <= CELLW)
		return;
	snprintf(lo, sizeof(lo), "%+.1e", x->ci_lo);
	snprintf(hi, sizeof(hi), "%+.1e", x->ci_hi);
	if (strlen(lo) + strlen(hi) + 4 > CELLW) {
		snprintf(lo, sizeof(lo), "%+.0e", x->ci_lo);
		snprintf(hi, sizeof(hi), "%+.0e", x->ci_hi);
	}
	snprintf(b, len, "[%s,%s]%%", lo, hi);
}

enum trow { R_MEDIAN, R_MEAN, R_STDDEV, R_CV, R_MIN, R_MAX, R_CI, R_P, R_RUNS, R_MDE, R_N,
	    R_COUNT };

static const char *const row_names[R_COUNT] = {
	"Median", "Mean", "Stddev", "CV", "Min", "Max", "CI95", "p", "runs", "MDE", "n"
};

static void text_row(const struct cmp_ctx *c, enum trow what, const char *lab, size_t first,
		     size_t last, const struct lb_cell *cells, const struct lb_metric *m, int dec)
{
	size_t i;
	char cell[160], v[64];

	printf("%-*.*s", LABW, LABW, lab);
	for (i = 0; i < c->set.nruns; i++) {
		const struct lb_cell *x = &cells[i];

		if (!shown(i, first, last))
			continue;
		v[0] = '\0';
		switch (what) {
		case R_MEDIAN:
			fmt_cell(x->val, x->change, x->mark, dec, cell, sizeof(cell));
			break;
		case R_MEAN:
			fmt_cell(x->mval, x->mchange, x->mmark, dec, cell, sizeof(cell));
			break;
		case R_STDDEV: cmp_fmt_val(x->d.stddev, dec, CELLW, v, sizeof(v)); break;
		case R_CV:
			if (isnan(x->d.cv))
				snprintf(v, sizeof(v), "-");
			else
				snprintf(v, sizeof(v), "%.2f%%%s", x->d.cv * 100,
					 x->d.cv > c->o.cv_max && m->kind != LB_KIND_EXACT ? "!" : "");
			break;
		case R_MIN: cmp_fmt_val(x->d.min, dec, CELLW, v, sizeof(v)); break;
		case R_MAX: cmp_fmt_val(x->d.max, dec, CELLW, v, sizeof(v)); break;
		case R_CI:
			if (x->method == LB_METHOD_ONERUN)
				snprintf(v, sizeof(v), "one run");
			else
				ci_text(x, v, sizeof(v));
			break;
		case R_P:
			if (x->method == LB_METHOD_ONERUN)
				snprintf(v, sizeof(v), "one run");
			else
				snprintf(v, sizeof(v), isnan(x->p) ? "-" : "%.4f", x->p);
			break;
		case R_RUNS:
			snprintf(v, sizeof(v), "%zu", x->nruns);
			break;
		case R_MDE:
			snprintf(v, sizeof(v), isnan(x->mde) ? "-" : "%.2f%%", x->mde);
			break;
		case R_N:
			snprintf(v, sizeof(v), "%zu%s", x->n, x->n && x->n < c->o.min_n ? "!" : "");
			break;
		default:
			break;
		}
		if (what != R_MEDIAN && what != R_MEAN)
			snprintf(cell, sizeof(cell), "%*s", CELLW, v);
		printf(" %s", cell);
	}
	putchar('\n');
}

static int row_applies(enum trow r, const struct cmp_ctx *c, const struct lb_metric *m)
{
	if (c->brief)
		return r == R_MEDIAN || r == R_MEAN;
	if (m->kind == LB_KIND_EXACT)
		return r != R_CI && r != R_P && r != R_MDE;
	return 1;
}

static void text_section(struct cmp_ctx *c, const char *wl, const char *metric,
			 const struct lb_metric *m, size_t *pages, size_t np,
			 struct lb_cell **cells)
{
	size_t b, j, i, first, last;
	enum trow r;
	char unit[64], title[256], lab[64], res[400];

	lb_unit_text(m, &c->o, unit, sizeof(unit));
	if (!pages)
		snprintf(title, sizeof(title), "%s, %s; %s", wl, m->unit, cmp_better_words(m));
	else if (!strcmp(metric, m->unit))
		snprintf(title, sizeof(title), "%s: %s by size in pages; %s", wl, unit,
			 cmp_better_words(m));
	else
		snprintf(title, sizeof(title), "%s: %s, %s by size in pages; %s", wl, metric,
			 unit, cmp_better_words(m));
	for (b = 0; b < nblocks(c->set.nruns); b++) {
		block_range(c->set.nruns, b, &first, &last);
		putchar('\n');
		cmp_put_wrapped(title, "  ");
		text_colheads(c, first, last);
		for (j = 0; j < (pages ? np : 1); j++) {
			int dec = cmp_decimals(cells[j][0].val);
			char num[32] = "";

			if (pages)
				snprintf(num, sizeof(num), "%zu", pages[j]);
			/* a size too long for the row label gets a line of its own */
			if (strlen(num) > MAXPW)
				printf("size %s pages:\n", num);
			for (r = 0; r < R_COUNT; r++) {
				if (!row_applies(r, c, m))
					continue;
				snprintf(lab, sizeof(lab), "%-7s%*s", row_names[r], MAXPW,
					 strlen(num) > MAXPW ? "" : num);
				text_row(c, r, lab, first, last, cells[j], m, dec);
			}
		}
	}
	/* what the comparison can resolve, from the run-to-run spread */
	for (j = 0; j < (pages ? np : 1); j++)
		for (i = 1; i < c->set.nruns; i++)
			if (cmp_resolve_text(&cells[j][0], &cells[j][i], c->o.alpha, res, sizeof(res))) {
				char line[600], at[48] = "";

				if (pages)
					snprintf(at, sizeof(at), "%zu pages, ", pages[j]);
				snprintf(line, sizeof(line), "can resolve, %scolumn %zu: %s", at,
					 i + 1, res);
				cmp_put_wrapped(line, "  ");
			}
}

static void text_warnings(const struct cmp_ctx *c)
{
	static const char *const advice[2][CMP_W_COUNT] = { {
		[CMP_W_NOISY] = "Noisy cells (CV above the threshold, marked ! in the CV row) "
			"support no claim of a small change: rerun on a quiet machine or with "
			"more repetitions.",
		[CMP_W_FEW] = "Columns with few samples (marked ! in the n row) support no "
			"claim: rerun with more repetitions (--reps).",
	}, {	/* --brief: no CV or n rows */
		[CMP_W_NOISY] = "Noisy cells (CV above the threshold, as warned above) support "
			"no claim of a small change: rerun on a quiet machine or with more "
			"repetitions.",
		[CMP_W_FEW] = "Cells with few samples (as warned above) support no claim: "
			"rerun with more repetitions (--reps).",
	} };
	size_t i, k;
	char buf[800];

	/* every warning is printed: none is dropped past a count */
	for (k = 0; k < CMP_W_COUNT; k++) {
		for (i = 0; i < c->nwarn; i++) {
			if (c->warn[i].kind != k)
				continue;
			snprintf(buf, sizeof(buf), "warning: ");
			cmp_warn_line(&c->warn[i], buf + strlen(buf), sizeof(buf) - strlen(buf));
			cmp_put_wrapped(buf, "  ");
		}
		if (c->count[k] && advice[!!c->brief][k])
			cmp_put_wrapped(advice[!!c->brief][k], "  ");
	}
}

static void text_out(struct cmp_ctx *c)
{
	size_t i;
	char buf[2048];

	printf("lazybench compare: %zu columns, column 1 is the baseline\n", c->set.nruns);
	text_header(c);
	putchar('\n');
	cmp_legend(c, 0, buf, sizeof(buf));
	cmp_put_wrapped(buf, "");
	cmp_walk(c, text_section);
	if (c->have_hf) {
		snprintf(buf, sizeof(buf), "end-to-end: hyperfine %s, commands matched to "
			 "columns: ", c->hf.path);
		for (i = 0; i < c->set.nruns; i++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%zu=%s",
				 i ? ", " : "", i + 1, c->hf.names[i]);
		putchar('\n');
		cmp_put_wrapped(buf, "  ");
	}
	if (c->nwarn || c->set.nnotes)
		putchar('\n');
	for (i = 0; i < c->set.nnotes; i++) {
		snprintf(buf, sizeof(buf), "note: %s", c->set.notes[i]);
		cmp_put_wrapped(buf, "  ");
	}
	text_warnings(c);
}

static const struct cmp_fmt fmt_text = { "text", NULL, text_out };
CMP_FORMAT(fmt_text);
