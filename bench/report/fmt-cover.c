// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench compare --format cover (and cover-md, its Markdown twin): the table a series
 * author pastes into a cover letter. Per workload and size one row per kernel with the
 * median of the time metric and of the architecture's defining exact counts, each with
 * its change against the first kernel and the run-level mark; only the header facts that
 * differ between the columns; the warnings about what is shown; and a footer with the
 * lazybench version, the kernels, the arch, emulated or not, runs (boots) per kernel and
 * the exact command. The text fits 72 columns (email quoting).
 *
 * Which metrics: with --metric, those; else the time metric (kns where a workload has
 * it, else ns, else the first time metric) and the defining counts: the baseline run's
 * meta.json extra "arch.defining" (scripts/compare-revisions records arch/<arch>.conf's
 * emu_metrics there, without emu_insns), else the emu_* exact counts present but the
 * instruction counts, at most three, leaving out those that are 0 in every column. The
 * command: $LAZYBENCH_COMMAND (compare-revisions sets it to its own command line), else
 * this process's own command line.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/compare.h"
#include "rundir/json.h"
#include "util.h"

#define COVER_WIDTH 72
#define VAL_W 9			/* the value */
#define CELL_W 19		/* value, space, mark, change (7), mark */
#define SEP_W 2
#define MAX_DEF 3

struct cv_cell {
	double med, chg;
	enum lb_mark mark;
	size_t n;
};

struct cv_sec {
	char *wl, *metric;
	enum lb_kind kind;
	int higher;
	size_t np, *pages;
	struct cv_cell *cells;	/* np x ncol */
};

static struct cv_sec *secs;
static size_t nsecs;
static int cover_md;

static void cv_section(struct cmp_ctx *c, const char *wl, const char *metric,
		       const struct lb_metric *m, size_t *pages, size_t np,
		       struct lb_cell **cells)
{
	size_t nc = c->set.nruns, j, i;
	struct cv_sec *s;

	if (!pages)		/* hyperfine's end-to-end row: not a cover-letter figure */
		return;
	secs = lb_xrealloc(secs, (nsecs + 1) * sizeof(*secs));
	s = &secs[nsecs++];
	s->wl = lb_xstrdup(wl);
	s->metric = lb_xstrdup(metric);
	s->kind = m->kind;
	s->higher = m->higher;
	s->np = np;
	s->pages = lb_xcalloc(1, np * sizeof(*s->pages));
	s->cells = lb_xcalloc(1, np * nc * sizeof(*s->cells));
	for (j = 0; j < np; j++) {
		s->pages[j] = pages[j];
		for (i = 0; i < nc; i++) {
			struct cv_cell *x = &s->cells[j * nc + i];

			x->med = cells[j][i].n ? cells[j][i].d.median : NAN;
			x->chg = cells[j][i].change;
			x->mark = cells[j][i].mark;
			x->n = cells[j][i].n;
		}
	}
}

static const struct cv_sec *find_sec(const char *wl, const char *metric)
{
	size_t k;

	for (k = 0; k < nsecs; k++)
		if (!strcmp(secs[k].wl, wl) && !strcmp(secs[k].metric, metric))
			return &secs[k];
	return NULL;
}

static int all_zero(const struct cv_sec *s, size_t nc)
{
	size_t k;

	for (k = 0; k < s->np * nc; k++)
		if (!isnan(s->cells[k].med) && s->cells[k].med != 0)
			return 0;
	return 1;
}

/* ---- the baseline run's meta.json: extra "arch.defining" ---- */

static struct json *first_meta(const struct lb_run *r)
{
	char p[4096], err[256];
	struct json *j;

	if (r->nruns && r->run_ids && r->run_ids[0]) {
		snprintf(p, sizeof(p), "%s/%s/meta.json", r->path, r->run_ids[0]);
		if ((j = json_parse_file(p, err, sizeof(err))))
			return j;
	}
	snprintf(p, sizeof(p), "%s/meta.json", r->path);
	return json_parse_file(p, err, sizeof(err));
}

static char *meta_extra(const struct lb_run *r, const char *key)
{
	struct json *j = first_meta(r);
	const char *v;
	char *out = NULL;

	if (!j)
		return NULL;
	v = json_str(json_get(json_get(j, "extra"), key));
	if (v && *v)
		out = lb_xstrdup(v);
	json_free(j);
	return out;
}

/* the metrics shown for workload wl, in order; returns the count */
static size_t pick_metrics(const struct cmp_ctx *c, const char *wl, const char *defining,
			   const char **out, size_t max)
{
	size_t n = 0, k, ndef = 0, nc = c->set.nruns;
	const struct cv_sec *s;

	if (c->o.metrics) {	/* --metric: exactly those */
		for (k = 0; k < c->set.nmetrics && n < max; k++)
			if (find_sec(wl, c->set.metrics[k]))
				out[n++] = c->set.metrics[k];
		return n;
	}
	if ((s = find_sec(wl, "kns")) || (s = find_sec(wl, "ns")))
		out[n++] = s->metric;
	for (k = 0; !n && k < nsecs; k++)
		if (!strcmp(secs[k].wl, wl) && secs[k].kind == LB_KIND_TIME)
			out[n++] = secs[k].metric;
	if (defining) {
		char *d = lb_xstrdup(defining), *tok, *save = NULL;

		for (tok = strtok_r(d, ",", &save); tok && n < max;
		     tok = strtok_r(NULL, ",", &save))
			if ((s = find_sec(wl, tok)))
				out[n++] = s->metric;
		free(d);
		return n;
	}
	for (k = 0; k < nsecs && n < max && ndef < MAX_DEF; k++) {
		s = &secs[k];
		if (strcmp(s->wl, wl) || s->kind != LB_KIND_EXACT || strncmp(s->metric, "emu_", 4) ||
		    strstr(s->metric, "insns") || all_zero(s, nc))
			continue;
		out[n++] = s->metric;
		ndef++;
	}
	return n;
}

/* ---- labels: the common "-arch[-xen]" tail dropped, revisions as "+rev" ---- */

static char **short_labels(const struct cmp_ctx *c)
{
	size_t nc = c->set.nruns, i, tail = 0, l0 = strlen(c->set.runs[0]->label);
	char **s = lb_xcalloc(1, nc * sizeof(*s));
	const char *b = c->set.runs[0]->label;
	size_t t;

	/* the longest common tail that starts with '-' and leaves something of each */
	for (t = 1; t < l0; t++) {
		const char *suf = b + l0 - t;
		int all = 1;

		for (i = 1; i < nc && all; i++) {
			const char *x = c->set.runs[i]->label;
			size_t lx = strlen(x);

			all = lx > t && !strcmp(x + lx - t, suf);
		}
		if (!all)
			break;
		if (*suf == '-')
			tail = t;
	}
	for (i = 0; i < nc; i++) {
		const char *x = c->set.runs[i]->label;

		s[i] = lb_xstrdup(x);
		s[i][strlen(x) - tail] = '\0';
	}
	/* "7.3+ctxfix" against "7.3": "+ctxfix" */
	for (i = 1; i < nc; i++) {
		size_t lb = strlen(s[0]);

		if (!strncmp(s[i], s[0], lb) && s[i][lb] == '+') {
			memmove(s[i], s[i] + lb, strlen(s[i] + lb) + 1);
		}
	}
	return s;
}

/* ---- cells ---- */

static void pct_text(double p, char *b, size_t len)
{
	if (isnan(p))
		snprintf(b, len, "?%%");
	else if (fabs(p) < 999.95)
		snprintf(b, len, "%+.1f%%", p);
	else if (fabs(p) < 999999.5)
		snprintf(b, len, "%+.0f%%", p);
	else
		snprintf(b, len, "%s", p > 0 ? ">+1e6%" : "<-1e6%");
}

/*
 * the change with its mark: "*-10.5%*", "(-1.2%)", "#-96.3%#"; "" for the baseline. An
 * exact count equal to the baseline's in every repetition and boot is "#+0.0%#" (no
 * change, for certain), not "(+0.0%)", which reads as "not significant"
 */
static void change_text(const struct cv_cell *x, char *b, size_t len)
{
	enum lb_mark m = x->mark == LB_MARK_EXACT_SAME ? LB_MARK_EXACT_DIFF : x->mark;
	char p[32];

	if (x->mark == LB_MARK_BASE || isnan(x->med)) {
		b[0] = '\0';
		return;
	}
	if (x->mark == LB_MARK_NA) {
		snprintf(b, len, "(no base)");
		return;
	}
	pct_text(x->chg, p, sizeof(p));
	snprintf(b, len, "%c%s%c", cmp_mark_open(m), p, cmp_mark_close(m));
}

/* ---- a table line, built and printed without trailing blanks ---- */

static char line[1024];
static size_t line_len;

static void line_add(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void line_add(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (line_len < sizeof(line))
		line_len += (size_t)vsnprintf(line + line_len, sizeof(line) - line_len, fmt, ap);
	va_end(ap);
	if (line_len >= sizeof(line))
		line_len = sizeof(line) - 1;
}

static void line_flush(void)
{
	while (line_len && line[line_len - 1] == ' ')
		line_len--;
	printf("%.*s\n", (int)line_len, line);
	line_len = 0;
}

/* ---- wrapping at 72 ---- */

static void put_wrapped72(const char *text, const char *first, const char *indent)
{
	cmp_wrap(text, first, indent, COVER_WIDTH, 0);
}

/*
 * the end of the shell word at p: the next blank outside quotes ('...', "...", a
 * backslash-escaped character), so that a quoted argument is never cut: " \" and a
 * newline inside quotes would become part of the argument, and the command printed
 * would not be the command run
 */
static const char *shell_word_end(const char *p)
{
	char q = 0;

	for (; *p; p++) {
		if (q) {
			if (*p == q)
				q = 0;
			else if (q == '"' && *p == '\\' && p[1])
				p++;
		} else if (*p == '\'' || *p == '"') {
			q = *p;
		} else if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == ' ') {
			break;
		}
	}
	return p;
}

/*
 * a shell command in lines of at most 72 columns, continued with " \", broken only
 * between words (a quoted argument longer than a line is left whole)
 */
static void put_command72(const char *cmd, const char *prefix)
{
	const char *p = cmd;
	size_t col;

	fputs(prefix, stdout);
	col = strlen(prefix);
	while (*p) {
		const char *e = shell_word_end(p);
		size_t w;

		w = (size_t)(e - p);
		if (col > strlen(prefix) && col + 1 + w + 2 > COVER_WIDTH) {
			printf(" \\\n    ");
			col = 4;
		} else if (col > strlen(prefix)) {
			putchar(' ');
			col++;
		}
		printf("%.*s", (int)w, p);
		col += w;
		p = *e ? e + 1 : e;
	}
	putchar('\n');
}

/* ---- the command that made this table ---- */

static char *command_line(void)
{
	const char *env = getenv("LAZYBENCH_COMMAND");
	FILE *f;
	char buf[8192], *out;
	size_t n, i, o = 0;

	if (env && *env)
		return lb_xstrdup(env);
	f = fopen("/proc/self/cmdline", "rb");
	if (!f)
		return lb_xstrdup("lazybench compare ...");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	out = lb_xcalloc(1, 2 * n + 64);
	for (i = 0; i < n; i++) {
		int word_start = i == 0 || buf[i - 1] == '\0';
		const char *w = buf + i;

		if (word_start && i) {
			out[o++] = ' ';
		}
		if (word_start && (strpbrk(w, " \t'\"$*?;&|<>()") || !*w)) {
			/* quote the whole word */
			size_t l = strlen(w), k;

			out = realloc(out, 2 * n + 64 + 4 * l);
			if (!out)
				return lb_xstrdup("lazybench compare ...");
			out[o++] = '\'';
			for (k = 0; k < l; k++) {
				if (w[k] == '\'') {
					memcpy(out + o, "'\\''", 4);
					o += 4;
				} else {
					out[o++] = w[k];
				}
			}
			out[o++] = '\'';
			i += l;
			continue;
		}
		if (buf[i])
			out[o++] = buf[i];
	}
	out[o] = '\0';
	/* argv[0] as "lazybench" when it is the binary under a path */
	if (!strncmp(out, "./lazybench ", 12) || strstr(out, "/lazybench compare") == NULL)
		return out;
	{
		char *s = strstr(out, "/lazybench compare");
		char *r = lb_xcalloc(1, strlen(s) + 1);

		strcpy(r, s + 1);
		free(out);
		return r;
	}
}

/* ---- the whole output ---- */

static int shown_metric(const char *metric, const char **shown, size_t nshown)
{
	size_t k;

	for (k = 0; k < nshown; k++)
		if (!strcmp(shown[k], metric))
			return 1;
	return 0;
}

/* a warning about a metric that is not shown: its text names "wl pages metric," */
static int warning_shown(const struct cmp_warn *w, const char **shown, size_t nshown,
			 const struct cmp_ctx *c)
{
	size_t k;

	if (w->kind == CMP_W_ONERUN || w->kind == CMP_W_CONTAM)
		return 1;
	for (k = 0; k < c->set.nmetrics; k++) {
		char pat[256];

		snprintf(pat, sizeof(pat), " %s,", c->set.metrics[k]);
		if (strstr(w->text, pat) || (snprintf(pat, sizeof(pat), " %s has no", c->set.metrics[k]),
					    strstr(w->text, pat)))
			return shown_metric(c->set.metrics[k], shown, nshown);
	}
	return 1;
}

/* one cover letter being printed: what its parts share */
struct cover {
	struct cmp_ctx *c;
	size_t nc;			/* columns */
	char **lab;			/* their short labels */
	size_t lw;			/* the label column's width */
	size_t minr, maxr;		/* fewest and most runs (boots) in a column */
	char *defining;			/* the arch's defining counters (arch.defining) */
	const char **shown;		/* the metrics the tables show */
	size_t nshown;
	int marks[LB_MARK_NA + 1];	/* the marks that appear */
	int exact_shown;		/* an exact count is shown */
};

/* a paragraph: as it is in Markdown, wrapped at 72 columns in text */
static void cover_para(const char *text, const char *md_prefix, const char *first,
		       const char *indent)
{
	if (cover_md)
		printf("%s%s\n", md_prefix, text);
	else
		put_wrapped72(text, first, indent);
}

/* the title (what a cell is) and the facts that differ between the columns (but the date) */
static void cover_title(const struct cover *cv)
{
	const struct cmp_ctx *c = cv->c;
	char buf[2048], tmp[256];
	size_t i, k;

	if (cv->minr == cv->maxr)
		snprintf(tmp, sizeof(tmp), "%zu run%s (boot%s) per kernel", cv->minr,
			 cv->minr == 1 ? "" : "s", cv->minr == 1 ? "" : "s");
	else
		snprintf(tmp, sizeof(tmp), "%zu-%zu runs (boots) per kernel", cv->minr, cv->maxr);
	snprintf(buf, sizeof(buf), "Median per %s of %s; each change is (value - first) / "
		 "first.", c->o.per_op ? "operation" : "PTE", tmp);
	cover_para(buf, "", "", "");
	for (k = 0; k < LB_F_COUNT; k++) {
		size_t o = 0;

		if (!c->set.differs[k] || k == LB_F_DATE)
			continue;
		for (i = 0; i < cv->nc && o < sizeof(buf); i++)
			o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s: %s", i ? "; " : "",
					      cv->lab[i], c->set.runs[i]->facts[k]);
		snprintf(tmp, sizeof(tmp), "%s%s differs: ", cover_md ? "- " : "",
			 lb_facts[k].name);
		cover_para(buf, tmp, tmp, "    ");
	}
}

/* the cell of column i, metric mt at pg pages: the median and its change */
static void cover_cell(struct cover *cv, const char *wl, const char *mt, size_t pg, size_t i)
{
	const struct cv_sec *s = find_sec(wl, mt);
	const struct cv_cell *x = NULL, *b0 = NULL;
	char v[64], ch[64];
	size_t q;

	for (q = 0; q < s->np; q++)
		if (s->pages[q] == pg) {
			x = &s->cells[q * cv->nc + i];
			b0 = &s->cells[q * cv->nc];
		}
	if (!x || isnan(x->med)) {
		snprintf(v, sizeof(v), "-");
		ch[0] = '\0';
	} else {
		cmp_fmt_val(x->med, cmp_decimals(b0->med), VAL_W, v, sizeof(v));
		change_text(x, ch, sizeof(ch));
		cv->marks[x->mark] = 1;
	}
	if (cover_md)
		printf(*ch ? " %s `%s` |" : " %s |", v, ch);
	else
		line_add("%*s%*s %-9s", SEP_W, "", VAL_W, v, ch);
}

/* the heading of one size's table */
static void cover_size_head(const char *wl, size_t pg, const char **mt, size_t nm)
{
	size_t k;

	if (!cover_md) {
		printf("\n%s, %zu pages\n", wl, pg);
		return;
	}
	printf("\n**%s**, %zu pages\n\n| kernel |", wl, pg);
	for (k = 0; k < nm; k++)
		printf(" %s |", mt[k]);
	printf("\n|---|");
	for (k = 0; k < nm; k++)
		printf("---:|");
	putchar('\n');
}

/* one size of workload wl: a row per column; text puts per metrics on a line at most */
static void cover_size(struct cover *cv, const char *wl, size_t pg, const char **mt,
		       size_t nm, size_t per)
{
	size_t m0, m1, i, k;

	cover_size_head(wl, pg, mt, nm);
	for (m0 = 0; m0 < nm; m0 += cover_md ? nm : per) {
		m1 = cover_md ? nm : (m0 + per < nm ? m0 + per : nm);
		if (!cover_md) {
			line_add("%-*s", (int)cv->lw, "");
			for (k = m0; k < m1; k++)	/* over the values */
				if (strlen(mt[k]) <= VAL_W)
					line_add("%*s%*s%10s", SEP_W, "", VAL_W, mt[k], "");
				else
					line_add("%*s%-*s", SEP_W, "", CELL_W, mt[k]);
			line_flush();
		}
		for (i = 0; i < cv->nc; i++) {
			if (cover_md)
				printf("| %s |", cv->lab[i]);
			else
				line_add("%-*.*s", (int)cv->lw, (int)cv->lw, cv->lab[i]);
			for (k = m0; k < m1; k++)
				cover_cell(cv, wl, mt[k], pg, i);
			if (cover_md)
				putchar('\n');
			else
				line_flush();
		}
	}
}

/* the tables of workload wl: its chosen metrics, a table per size */
static void cover_workload(struct cover *cv, const char *wl)
{
	const char *mt[16];
	size_t nm = pick_metrics(cv->c, wl, cv->defining, mt, 16), per, j, k;
	const struct cv_sec *first;

	if (!nm)
		return;
	for (k = 0; k < nm; k++) {
		if (!shown_metric(mt[k], cv->shown, cv->nshown))
			cv->shown[cv->nshown++] = mt[k];
		if (find_sec(wl, mt[k])->kind == LB_KIND_EXACT)
			cv->exact_shown = 1;
	}
	first = find_sec(wl, mt[0]);
	per = (COVER_WIDTH - cv->lw) / (CELL_W + SEP_W);
	if (per < 1)
		per = 1;
	for (j = 0; j < first->np; j++)
		cover_size(cv, wl, first->pages[j], mt, nm, per);
}

#define ADD(...) (o += (size_t)snprintf(buf + o, sizeof(buf) - o, __VA_ARGS__))

/* the marks that appear, and what they mean */
static void cover_marks(const struct cover *cv)
{
	const int *marks = cv->marks;
	double alpha = cv->c->o.alpha;
	char buf[2048];
	size_t o = 0;

	buf[0] = '\0';
	ADD("Marks:");
	if (marks[LB_MARK_SIG])
		ADD(" *x%%* significant, p < %g with the run as the unit (Welch's t on "
		    "the per-run medians);", alpha);
	if (marks[LB_MARK_NS])
		ADD(" (x%%) not significant;");
	if (marks[LB_MARK_ONERUN])
		ADD(" ~x%%~ one run per kernel: the within-run test says p < %g, but a "
		    "boot cannot be told from a kernel (boot each 3+ times);", alpha);
	if (marks[LB_MARK_EXACT_SAME] || marks[LB_MARK_EXACT_DIFF])
		ADD(" #x%%# exact count (QEMU TCG plugin), equal in every repetition "
		    "and boot: every difference is real%s;", marks[LB_MARK_EXACT_SAME] ?
		    ", and #+0.0%# is no change, for certain" : "");
	if (marks[LB_MARK_EXACT_VARIES])
		ADD(" !x%%! exact count that varies between repetitions or boots: not "
		    "deterministic, no difference in it is certain;");
	if (cv->exact_shown && !marks[LB_MARK_EXACT_VARIES] && cv->maxr > 1)
		ADD(" the exact counts repeated in every boot;");
	if (o > 6) {
		buf[o - 1] = '.';
		putchar('\n');
		cover_para(buf, "", "", "");
	}
}

/* warnings about what is shown, in full; the rest counted; the notes */
static void cover_warnings(const struct cover *cv)
{
	const struct cmp_ctx *c = cv->c;
	size_t i, k, hidden = 0;
	char buf[2048];

	for (k = 0; k < CMP_W_COUNT; k++)
		for (i = 0; i < c->nwarn; i++) {
			if (c->warn[i].kind != k)
				continue;
			if (!warning_shown(&c->warn[i], cv->shown, cv->nshown, c)) {
				hidden++;
				continue;
			}
			cmp_warn_line(&c->warn[i], buf, sizeof(buf));
			cover_para(buf, "- warning: ", "warning: ", "  ");
		}
	for (i = 0; i < c->set.nnotes; i++)
		cover_para(c->set.notes[i], "- note: ", "note: ", "  ");
	if (hidden) {
		snprintf(buf, sizeof(buf), "%zu more warning%s on metrics not shown here "
			 "(--format text has every metric)", hidden, hidden > 1 ? "s" : "");
		cover_para(buf, "- ", "", "  ");
	}
}

/* the footer: what ran, and how to make it again */
static void cover_footer(const struct cover *cv)
{
	const struct lb_run *r0 = cv->c->set.runs[0];
	const char *emu = r0->facts[LB_F_EMULATED];
	int xen = !strcmp(r0->facts[LB_F_XEN_PV_DOMAIN], "y");
	char *kc = meta_extra(r0, "kconfig"), *cmd, buf[2048], tmp[256];
	size_t o = 0, i;

	ADD("lazybench %s; kernels:", r0->facts[LB_F_VERSION]);
	for (i = 0; i < cv->nc; i++)
		ADD(" %s (%s)%s", cv->c->set.runs[i]->label,
		    cv->c->set.runs[i]->facts[LB_F_RELEASE], i + 1 < cv->nc ? "," : ";");
	snprintf(tmp, sizeof(tmp), "%s", lb_emulated_text(emu));
	ADD(" %s%s%s%s; %s; ", r0->facts[LB_F_ARCH], xen ? ", Xen PV" : "", kc ? ", config " : "",
	    kc ? kc : "", tmp);
	if (cv->minr == cv->maxr)
		ADD("%zu boot%s per kernel.", cv->minr, cv->minr == 1 ? "" : "s");
	else
		ADD("%zu-%zu boots per kernel.", cv->minr, cv->maxr);
	free(kc);
	cmd = command_line();
	putchar('\n');
	if (cover_md) {
		printf("%s\n\n    %s\n", buf, cmd);
	} else {
		put_wrapped72(buf, "", "  ");
		put_command72(cmd, "$ ");
	}
	free(cmd);
}

#undef ADD

static void cover_out_impl(struct cmp_ctx *c)
{
	struct cover cv = { .c = c, .nc = c->set.nruns, .minr = (size_t)-1 };
	size_t w, i, k;

	cmp_walk(c, cv_section);
	cv.shown = lb_xcalloc(1, (c->set.nmetrics + 8) * sizeof(*cv.shown));
	cv.lab = short_labels(c);
	for (i = 0; i < cv.nc; i++) {
		size_t l = strlen(cv.lab[i]), r = c->set.runs[i]->nruns;

		cv.lw = l > cv.lw ? l : cv.lw;
		cv.minr = r < cv.minr ? r : cv.minr;
		cv.maxr = r > cv.maxr ? r : cv.maxr;
	}
	if (cv.lw > 16)
		cv.lw = 16;
	if (cv.lw < 6)
		cv.lw = 6;
	cv.defining = meta_extra(c->set.runs[0], "arch.defining");
	cover_title(&cv);
	for (w = 0; w < c->set.nworkloads; w++)
		cover_workload(&cv, c->set.workloads[w]);
	cover_marks(&cv);
	cover_warnings(&cv);
	cover_footer(&cv);
	for (i = 0; i < cv.nc; i++)
		free(cv.lab[i]);
	free(cv.lab);
	free(cv.defining);
	free(cv.shown);
	for (k = 0; k < nsecs; k++) {
		free(secs[k].wl);
		free(secs[k].metric);
		free(secs[k].pages);
		free(secs[k].cells);
	}
	free(secs);
	secs = NULL;
	nsecs = 0;
}

static void cover_out(struct cmp_ctx *c)
{
	cover_md = 0;
	cover_out_impl(c);
}

static void cover_md_out(struct cmp_ctx *c)
{
	cover_md = 1;
	cover_out_impl(c);
}

static const struct cmp_fmt fmt_cover = { "cover", NULL, cover_out };
CMP_FORMAT(fmt_cover);
static const struct cmp_fmt fmt_cover_md = { "cover-md", NULL, cover_md_out };
CMP_FORMAT(fmt_cover_md);
