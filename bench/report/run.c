// SPDX-License-Identifier: GPL-2.0
/* lazybench: reading result directories for compare and plot (see run.h). */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "report/run.h"
#include "util.h"
#include "rundir/samples.h"

const struct lb_fact_desc lb_facts[LB_F_COUNT] = {
	[LB_F_ARCH] = { "arch", "architecture" },
	[LB_F_CPU] = { "cpu", "CPU model" },
	[LB_F_EMULATED] = { "emulated", "emulated or hardware (host.emulated)" },
	[LB_F_KASAN] = { "KASAN", "CONFIG_KASAN" },
	[LB_F_DEBUG_PAGEALLOC] = { "DEBUG_PAGEALLOC", "CONFIG_DEBUG_PAGEALLOC" },
	[LB_F_DPA_ON] = { "dpa enabled", "debug_pagealloc enabled at boot" },
	[LB_F_PARAVIRT] = { "PARAVIRT", "CONFIG_PARAVIRT" },
	[LB_F_XEN_PV] = { "XEN_PV", "CONFIG_XEN_PV" },
	[LB_F_XEN_PV_DOMAIN] = { "xen pv domain", "running as a Xen PV domain" },
	[LB_F_PAGE_SIZE] = { "page size", "base page size" },
	[LB_F_COUNTERS] = { "unavailable", "counters unavailable" },
	[LB_F_RELEASE] = { "release", "kernel release" },
	[LB_F_HOST] = { "machine", "host name" },
	[LB_F_LAZY_MMU] = { "LAZY_MMU", "CONFIG_ARCH_HAS_LAZY_MMU_MODE" },
	[LB_F_LAZY_API] = { "lazy mmu api", "lazy MMU API" },
	[LB_F_KUNIT] = { "kunit lazy_mmu", "the kernel's KUnit lazy_mmu_mode test at boot (kernel.kunit)" },
	[LB_F_KCONFIG] = { "kconfig", "the base configuration the kernel was built from "
			   "(extra.kconfig: tinyconfig, defconfig or a .config's name@sha256)" },
	[LB_F_THP] = { "thp", "transparent hugepages setting" },
	[LB_F_DATE] = { "date", "start time" },
	[LB_F_VERSION] = { "lazybench", "lazybench version" },
};

const char *lb_emulated_text(const char *emu)
{
	if (!strcmp(emu, "none"))
		return "not emulated";
	if (!strcmp(emu, "kvm"))
		return "not emulated (KVM guest)";
	if (!strcmp(emu, "xen-pv"))
		return "not emulated (Xen PV guest)";
	if (!strcmp(emu, "tcg"))
		return "emulated (tcg)";
	return "emulated or not: unknown";
}

static void errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static void lb_run_note(struct lb_run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void lb_run_note(struct lb_run *r, const char *fmt, ...)
{
	va_list ap;
	char buf[600];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->notes = lb_xrealloc(r->notes, (r->nnotes + 1) * sizeof(char *));
	r->notes[r->nnotes++] = lb_xstrdup(buf);
}

static char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = lb_xrealloc(NULL, la + lb + 2);

	memcpy(p, a, la);
	if (la && a[la - 1] == '/')
		la--;
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

static int is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

static int exists(const char *p)
{
	struct stat st;

	return !stat(p, &st);
}

static int ends_with(const char *s, const char *suf)
{
	size_t ls = strlen(s), lf = strlen(suf);

	while (ls > 1 && s[ls - 1] == '/')
		ls--;
	return ls >= lf && !strncmp(s + ls - lf, suf, lf);
}

/* a fact as text: strings as they are, y/n for bools, numbers, "?" for null/absent */
static char *fact_text(const struct json *v)
{
	char buf[64];

	if (!v || v->type == JSON_NULL)
		return lb_xstrdup("?");
	switch (v->type) {
	case JSON_STR:
		return lb_xstrdup(v->str[0] ? v->str : "?");
	case JSON_BOOL:
		return lb_xstrdup(v->b ? "y" : "n");
	case JSON_NUM:
		snprintf(buf, sizeof(buf), "%.15g", v->num);
		return lb_xstrdup(buf);
	default:
		return lb_xstrdup("?");
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *unavailable_text(const struct json *u)
{
	char **names = NULL, *out;
	size_t n = 0, i, len = 1;

	if (!u || u->type != JSON_ARR || !u->n)
		return lb_xstrdup("none");
	for (i = 0; i < u->n; i++) {
		const char *e = json_str(json_get(u->items[i], "event"));

		if (!e)
			e = json_str(u->items[i]);
		if (!e)
			continue;
		names = lb_xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = (char *)e;
		len += strlen(e) + 1;
	}
	if (!n) {
		free(names);
		return lb_xstrdup("none");
	}
	qsort(names, n, sizeof(*names), cmp_str);
	out = lb_xrealloc(NULL, len);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(out, ",");
		strcat(out, names[i]);
	}
	free(names);
	return out;
}

static void read_facts(const struct json *m, char **f)
{
	const struct json *host = json_get(m, "host"), *k = json_get(m, "kernel");
	const struct json *cfg = json_get(k, "config");
	const char *st = json_str(json_get(m, "start_time"));
	char date[32];

	f[LB_F_ARCH] = fact_text(json_get(host, "arch"));
	f[LB_F_CPU] = fact_text(json_get(host, "cpu_model"));
	f[LB_F_EMULATED] = fact_text(json_get(host, "emulated"));
	f[LB_F_KASAN] = fact_text(json_get(cfg, "KASAN"));
	f[LB_F_DEBUG_PAGEALLOC] = fact_text(json_get(cfg, "DEBUG_PAGEALLOC"));
	f[LB_F_DPA_ON] = fact_text(json_get(k, "debug_pagealloc_enabled"));
	f[LB_F_PARAVIRT] = fact_text(json_get(cfg, "PARAVIRT"));
	f[LB_F_XEN_PV] = fact_text(json_get(cfg, "XEN_PV"));
	f[LB_F_XEN_PV_DOMAIN] = fact_text(json_get(k, "xen_pv_domain"));
	f[LB_F_PAGE_SIZE] = fact_text(json_get(k, "page_size"));
	f[LB_F_COUNTERS] = unavailable_text(json_get(m, "unavailable"));
	f[LB_F_RELEASE] = fact_text(json_get(k, "release"));
	f[LB_F_HOST] = fact_text(json_get(host, "hostname"));
	f[LB_F_LAZY_MMU] = fact_text(json_get(cfg, "ARCH_HAS_LAZY_MMU_MODE"));
	f[LB_F_LAZY_API] = fact_text(json_get(k, "lazy_mmu_api"));
	f[LB_F_KUNIT] = fact_text(json_get(json_get(k, "kunit"), "lazy_mmu_mode"));
	f[LB_F_KCONFIG] = fact_text(json_get(json_get(m, "extra"), "kconfig"));
	f[LB_F_THP] = fact_text(json_get(k, "thp"));
	snprintf(date, sizeof(date), "%.10s", st ? st : "?");
	f[LB_F_DATE] = lb_xstrdup(date);
	f[LB_F_VERSION] = fact_text(json_get(m, "lazybench_version"));
}

/* one run directory: meta.json + samples.tsv, appended to r */
struct onerun {
	struct json *meta;
	char *facts[LB_F_COUNT];
	char *label;
};

static int parse_metrics(const struct json *meta, const char *mpath, struct lb_metric **out,
			 size_t *nout, char *err, size_t errlen)
{
	const struct json *ms = json_get(meta, "metrics");
	struct lb_metric *m = NULL;
	size_t i;

	*out = NULL;
	*nout = 0;
	if (!ms || ms->type != JSON_ARR) {
		errf(err, errlen, "%s:%d: \"metrics\" is missing or not an array", mpath,
		     ms ? ms->line : 1);
		return -1;
	}
	m = calloc(ms->n ? ms->n : 1, sizeof(*m));
	if (!m) {
		errf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < ms->n; i++) {
		const struct json *it = ms->items[i];
		const char *name = json_str(json_get(it, "name"));
		const char *better = json_str(json_get(it, "better"));
		const char *kind = json_str(json_get(it, "kind"));
		const char *unit = json_str(json_get(it, "unit"));
		const char *desc = json_str(json_get(it, "desc"));

		if (!name || !better || !kind || (strcmp(better, "lower") && strcmp(better, "higher")) ||
		    (strcmp(kind, "time") && strcmp(kind, "count") && strcmp(kind, "exact"))) {
			errf(err, errlen, "%s:%d: metric %zu needs \"name\", \"better\" "
			     "(lower|higher) and \"kind\" (time|count|exact)", mpath, it->line, i + 1);
			while (i-- > 0) {
				free(m[i].name);
				free(m[i].unit);
				free(m[i].desc);
			}
			free(m);
			return -1;
		}
		m[i].name = lb_xstrdup(name);
		m[i].unit = lb_xstrdup(unit ? unit : name);
		m[i].desc = lb_xstrdup(desc ? desc : "");
		m[i].higher = !strcmp(better, "higher");
		m[i].kind = !strcmp(kind, "time") ? LB_KIND_TIME :
			    !strcmp(kind, "count") ? LB_KIND_COUNT : LB_KIND_EXACT;
	}
	*out = m;
	*nout = ms->n;
	return 0;
}

static void free_metrics(struct lb_metric *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(m[i].name);
		free(m[i].unit);
		free(m[i].desc);
	}
	free(m);
}

static const char *intern_workload(struct lb_run *r, const char *w)
{
	size_t i;

	for (i = 0; i < r->nworkloads; i++)
		if (!strcmp(r->workloads[i], w))
			return r->workloads[i];
	r->workloads = lb_xrealloc(r->workloads, (r->nworkloads + 1) * sizeof(char *));
	r->workloads[r->nworkloads] = lb_xstrdup(w);
	return r->workloads[r->nworkloads++];
}

static int parse_num(const char *s, double *out)
{
	char *end;

	/* decimal only: strtod also reads hex (0x10) and inf/nan, which a run never writes */
	if (!*s || strpbrk(s, "xXnNiI"))
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	if (*end || errno == ERANGE || !isfinite(*out))
		return -1;
	return 0;
}

/* a decimal integer in [lo, hi], digits only (no sign, exponent or fraction) */
static int parse_uint(const char *s, double lo, double hi, double *out)
{
	const char *p = s;
	double x = 0;

	if (!*p || strlen(p) > 16)
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		x = x * 10 + (*p - '0');
	}
	if (x < lo || x > hi)
		return -1;
	*out = x;
	return 0;
}

#define LB_MAX_READ_PAGES 1099511627776.0	/* 2^40 pages: 4 PiB of 4 KiB pages */
#define LB_MAX_READ_REP 4294967295.0

static int valid_workload(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' ||
		      *s == '-'))
			return 0;
	return 1;
}

static int valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

#define MAX_COLS 256

static int cmp_row(const void *a, const void *b)
{
	const struct lb_row *x = *(const struct lb_row *const *)a;
	const struct lb_row *y = *(const struct lb_row *const *)b;
	int c = strcmp(x->workload, y->workload);

	if (c)
		return c;
	if (x->pages != y->pages)
		return x->pages < y->pages ? -1 : 1;
	if (x->rep != y->rep)
		return x->rep < y->rep ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* a repetition twice (e.g. rows appended twice) would count samples twice: refuse */
static int find_duplicate(const struct lb_run *r, size_t from, const char *tpath, char *err,
			  size_t errlen)
{
	size_t n = r->nrows - from, i;
	const struct lb_row **p = malloc(n * sizeof(*p));
	int ret = 0;

	if (!p) {
		errf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		p[i] = &r->rows[from + i];
	qsort(p, n, sizeof(*p), cmp_row);
	for (i = 1; i < n; i++)
		if (p[i]->pages == p[i - 1]->pages && p[i]->rep == p[i - 1]->rep &&
		    !strcmp(p[i]->workload, p[i - 1]->workload)) {
			errf(err, errlen, "%s:%zu: %s at %zu pages, rep %lu appears again (first "
			     "at line %zu)", tpath, p[i]->line, p[i]->workload, p[i]->pages,
			     p[i]->rep, p[i - 1]->line);
			ret = -1;
			break;
		}
	free(p);
	return ret;
}

/* one samples.tsv being read into a run: where its columns go */
struct tsv_read {
	struct lb_run *r;
	const char *tpath, *mpath;
	const struct lb_metric *mm;	/* meta.json's metrics */
	size_t nmm;
	int first;			/* this file fixes r->metrics (else pooled with it) */
	size_t ncols;			/* fields per line */
	int contam_col;			/* the contam column, -1 when there is none */
	int map[MAX_COLS];		/* tsv metric column -> r->metrics index, -2 for contam */
	char *err;
	size_t errlen;
};

/* header column i (>= 4), a metric: described in meta.json, as the pooled runs have it */
static int tsv_metric_column(struct tsv_read *t, char **fld, size_t i)
{
	struct lb_run *r = t->r;
	size_t k;
	int idx;

	if (!valid_name(fld[i])) {
		errf(t->err, t->errlen, "%s:1: bad column name '%s'", t->tpath, fld[i]);
		return -1;
	}
	for (k = 4; k < i; k++)
		if (!strcmp(fld[k], fld[i])) {
			errf(t->err, t->errlen, "%s:1: column '%s' appears twice", t->tpath, fld[i]);
			return -1;
		}
	for (k = 0; k < t->nmm; k++)
		if (!strcmp(t->mm[k].name, fld[i]))
			break;
	if (k == t->nmm) {
		errf(t->err, t->errlen, "%s: column '%s' of %s is not described in \"metrics\"",
		     t->mpath, fld[i], t->tpath);
		return -1;
	}
	if (t->first) {
		struct lb_metric *d = &r->metrics[r->nmetrics++];

		d->name = lb_xstrdup(t->mm[k].name);
		d->unit = lb_xstrdup(t->mm[k].unit);
		d->desc = lb_xstrdup(t->mm[k].desc);
		d->higher = t->mm[k].higher;
		d->kind = t->mm[k].kind;
		idx = (int)r->nmetrics - 1;
	} else {
		idx = lb_run_metric(r, fld[i]);
		if (idx < 0 || r->metrics[idx].higher != t->mm[k].higher ||
		    r->metrics[idx].kind != t->mm[k].kind) {
			errf(t->err, t->errlen, "%s: metric '%s' differs from the runs pooled with "
			     "it", t->mpath, fld[i]);
			return -1;
		}
	}
	t->map[i - 4] = idx;
	return 0;
}

/* the header: workload, pages, ptes, rep, then metrics and contam (found by its name) */
static int tsv_header(struct tsv_read *t, char *line)
{
	static const char *const fixed[] = { "workload", "pages", "ptes", "rep" };
	struct lb_run *r = t->r;
	char *fld[MAX_COLS + 1];
	size_t nf = rd_split_tabs(line, fld, MAX_COLS), i, k;

	if (nf > MAX_COLS) {
		errf(t->err, t->errlen, "%s:1: more than %d columns", t->tpath, MAX_COLS);
		return -1;
	}
	for (i = 0; i < 4; i++)
		if (i >= nf || strcmp(fld[i], fixed[i])) {
			errf(t->err, t->errlen, "%s:1: header must start with workload, pages, ptes, "
			     "rep (column %zu is '%s')", t->tpath, i + 1, i < nf ? fld[i] : "");
			return -1;
		}
	if (nf == 4) {
		errf(t->err, t->errlen, "%s:1: no metric columns", t->tpath);
		return -1;
	}
	t->ncols = nf;
	/* contam is not a metric (common contract): found by its name */
	for (i = 4; i < nf; i++)
		if (!strcmp(fld[i], "contam"))
			t->contam_col = (int)i;
	if (t->contam_col >= 0 && nf == 5) {
		errf(t->err, t->errlen, "%s:1: no metric columns", t->tpath);
		return -1;
	}
	if (t->first) {
		r->metrics = lb_xrealloc(NULL, (nf - 4) * sizeof(*r->metrics));
		r->nmetrics = 0;
	} else if (nf - 4 - (t->contam_col >= 0) != r->nmetrics) {
		errf(t->err, t->errlen, "%s:1: %zu metric columns, the runs pooled with it have "
		     "%zu", t->tpath, nf - 4 - (t->contam_col >= 0), r->nmetrics);
		return -1;
	}
	if (t->contam_col < 0)
		r->nno_contam++;
	for (i = 4; i < nf; i++) {
		if ((int)i != t->contam_col) {
			if (tsv_metric_column(t, fld, i))
				return -1;
			continue;
		}
		for (k = 4; k < i; k++)
			if (!strcmp(fld[k], fld[i])) {
				errf(t->err, t->errlen, "%s:1: column '%s' appears twice", t->tpath,
				     fld[i]);
				return -1;
			}
		t->map[i - 4] = -2;
	}
	return 0;
}

/* the fixed fields of a row: workload, pages, ptes, rep, and its contam */
static int tsv_row_point(struct tsv_read *t, char **fld, size_t lineno, struct lb_row *row)
{
	double pages, rep;

	if (!valid_workload(fld[0])) {
		errf(t->err, t->errlen, "%s:%zu: bad workload name '%s'", t->tpath, lineno, fld[0]);
		return -1;
	}
	if (parse_uint(fld[1], 1, LB_MAX_READ_PAGES, &pages)) {
		errf(t->err, t->errlen, "%s:%zu: bad pages '%s' (an integer in 1..2^40)", t->tpath,
		     lineno, fld[1]);
		return -1;
	}
	if (parse_uint(fld[2], 1, 1e15, &row->ptes)) {
		errf(t->err, t->errlen, "%s:%zu: bad ptes '%s' (an integer >= 1)", t->tpath, lineno,
		     fld[2]);
		return -1;
	}
	if (parse_uint(fld[3], 0, LB_MAX_READ_REP, &rep)) {
		errf(t->err, t->errlen, "%s:%zu: bad rep '%s' (an integer in 0..2^32-1)", t->tpath,
		     lineno, fld[3]);
		return -1;
	}
	row->contam = -1;
	if (t->contam_col >= 0) {
		const char *cv = fld[t->contam_col];

		if (!strcmp(cv, "0") || !strcmp(cv, "1"))
			row->contam = cv[0] - '0';
		else if (strcmp(cv, "-")) {
			errf(t->err, t->errlen, "%s:%zu: column 'contam': bad value '%s' (0, 1 or -)",
			     t->tpath, lineno, cv);
			return -1;
		}
	}
	row->workload = intern_workload(t->r, fld[0]);
	row->run = t->r->nruns;
	row->rep = (unsigned long)rep;
	row->line = lineno;
	row->pages = (size_t)pages;
	return 0;
}

/* one sample row, appended to r->rows */
static int tsv_row(struct tsv_read *t, char *line, size_t lineno)
{
	struct lb_run *r = t->r;
	char *fld[MAX_COLS + 1];
	size_t nf = rd_split_tabs(line, fld, t->ncols), i;
	struct lb_row row;

	if (nf != t->ncols) {
		errf(t->err, t->errlen, "%s:%zu: %s fields, the header has %zu", t->tpath, lineno,
		     nf > t->ncols ? "more" : "fewer", t->ncols);
		return -1;
	}
	if (tsv_row_point(t, fld, lineno, &row))
		return -1;
	row.v = lb_xrealloc(NULL, r->nmetrics * sizeof(double));
	for (i = 4; i < t->ncols; i++) {
		const struct lb_metric *m = &r->metrics[t->map[i - 4] < 0 ? 0 : t->map[i - 4]];
		double x = NAN;

		if (t->map[i - 4] < 0)
			continue;
		if (strcmp(fld[i], "-") && parse_num(fld[i], &x)) {
			errf(t->err, t->errlen, "%s:%zu: column '%s': bad value '%s'", t->tpath,
			     lineno, m->name, fld[i]);
			free(row.v);
			return -1;
		}
		/* times and counts of every kind are >= 0 */
		if (x < 0) {
			errf(t->err, t->errlen, "%s:%zu: column '%s': negative value '%s' (a %s "
			     "cannot be negative)", t->tpath, lineno, m->name, fld[i],
			     m->kind == LB_KIND_TIME ? "time" : "count");
			free(row.v);
			return -1;
		}
		row.v[t->map[i - 4]] = x;
	}
	r->rows = lb_xrealloc(r->rows, (r->nrows + 1) * sizeof(*r->rows));
	r->rows[r->nrows++] = row;
	return 0;
}

/*
 * Read samples.tsv of one run into r. The first run fixes r->metrics; later (pooled)
 * runs must have the same metric columns.
 */
static int read_samples(struct lb_run *r, const char *tpath, const struct lb_metric *mm,
			size_t nmm, const char *mpath, int incomplete, char *err, size_t errlen)
{
	struct tsv_read t = {
		.r = r, .tpath = tpath, .mpath = mpath, .mm = mm, .nmm = nmm,
		.first = r->metrics == NULL, .contam_col = -1, .err = err, .errlen = errlen,
	};
	struct rd_lines in;
	size_t lineno = 0, rows0 = r->nrows;
	int ret = -1, got;

	if (rd_lines_open(&in, tpath)) {
		errf(err, errlen, "%s: %s", tpath, strerror(errno));
		return -1;
	}
	while ((got = rd_lines_next(&in)) > 0) {
		char *line = in.line;
		size_t len = in.len;

		lineno = in.lineno;
		if (!in.newline && lineno > 1) {
			if (!incomplete) {
				errf(err, errlen, "%s:%zu: the last line has no newline: the file "
				     "is truncated", tpath, lineno);
				goto out;
			}
			/* an interrupted run may stop mid-row: that row is not a sample */
			lb_run_note(r, "%s:%zu: a truncated last line (no newline) of an "
				    "incomplete run: left out", tpath, lineno);
			break;
		}
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (strlen(line) != len) {
			errf(err, errlen, "%s:%zu: NUL byte in line", tpath, lineno);
			goto out;
		}
		if (lineno == 1) {
			if (tsv_header(&t, line))
				goto out;
			continue;
		}
		if (!len) {
			errf(err, errlen, "%s:%zu: empty line", tpath, lineno);
			goto out;
		}
		if (tsv_row(&t, line, lineno))
			goto out;
	}
	if (got < 0) {
		errf(err, errlen, "%s: read error", tpath);
		goto out;
	}
	if (lineno == 0) {
		errf(err, errlen, "%s:1: empty file (no header)", tpath);
		goto out;
	}
	if (r->nrows == rows0) {
		errf(err, errlen, "%s:%zu: no samples after the header", tpath, lineno);
		goto out;
	}
	if (find_duplicate(r, rows0, tpath, err, errlen))
		goto out;
	ret = 0;
out:
	rd_lines_close(&in);
	return ret;
}

/* does samples.tsv hold anything after its header? (a missing file holds nothing) */
static int has_rows(const char *tpath)
{
	struct rd_lines in;
	int n = 0;

	if (rd_lines_open(&in, tpath))
		return errno == ENOENT ? 0 : 1;	/* other errors: let the reader say */
	while (n < 2 && rd_lines_next(&in) > 0)
		n++;
	rd_lines_close(&in);
	return n == 2;
}

/* the size points that failed: meta.json "failures" (every version), 0 when none */
static size_t failed_points(const struct json *meta)
{
	const struct json *f = json_get(meta, "failures"), *l = json_get(meta, "failed");

	if (l && l->type == JSON_ARR && l->n)
		return l->n;
	return f && f->type == JSON_NUM && f->num > 0 ? (size_t)f->num : 0;
}

/*
 * A failed size point may have left some rows (it failed in rep 5 of 30): they are not
 * the point that was asked for, so they are left out, with a note. Runs from before
 * meta.json's "failed" list do not say which point failed: a note says so.
 */
static void drop_failed(struct lb_run *r, size_t from, const struct json *meta,
			const char *dir, size_t nfailed)
{
	const struct json *l = json_get(meta, "failed");
	size_t i, j, k, dropped;

	if (!l || l->type != JSON_ARR || !l->n) {
		lb_run_note(r, "%s: %zu size point%s failed (the run does not say which: an "
			    "older lazybench); its rows are read as they are", dir, nfailed,
			    nfailed > 1 ? "s" : "");
		return;
	}
	for (j = 0; j < l->n; j++) {
		const char *wl = json_str(json_get(l->items[j], "workload"));
		const char *why = json_str(json_get(l->items[j], "reason"));
		const struct json *pg = json_get(l->items[j], "pages");

		if (!wl || !pg || pg->type != JSON_NUM)
			continue;
		for (i = k = from, dropped = 0; i < r->nrows; i++) {
			if (r->rows[i].pages == (size_t)pg->num && !strcmp(r->rows[i].workload, wl)) {
				free(r->rows[i].v);
				dropped++;
				continue;
			}
			r->rows[k++] = r->rows[i];
		}
		r->nrows = k;
		lb_run_note(r, "%s: %s at %.0f pages failed (%s): %zu row%s of it left out", dir,
			    wl, pg->num, why ? why : "no reason given", dropped,
			    dropped == 1 ? "" : "s");
	}
}

/* meta.json is a lazybench-run/1 object (1.x minor versions read too) */
static int check_format(const struct json *meta, const char *mpath, char *err, size_t errlen)
{
	const struct json *v = json_get(meta, "format");
	const char *fmt = json_str(v);

	if (meta->type != JSON_OBJ) {
		errf(err, errlen, "%s:%d: not a JSON object", mpath, meta->line);
		return -1;
	}
	if (!fmt || strncmp(fmt, "lazybench-run/1", 15) || (fmt[15] && fmt[15] != '.')) {
		errf(err, errlen, "%s:%d: \"format\" is %s%s%s, expected \"lazybench-run/1\"",
		     mpath, v ? v->line : 1, fmt ? "\"" : "", fmt ? fmt : "missing",
		     fmt ? "\"" : "");
		return -1;
	}
	return 0;
}

/* the run's id, pooled once (a copy of a run in a label directory would count twice) */
static int claim_run_id(struct lb_run *r, const struct json *meta, const char *dir,
			const char *mpath, char *err, size_t errlen)
{
	const char *id = json_str(json_get(meta, "run_id"));
	const char *base = strrchr(dir, '/');
	char idbuf[512];
	size_t i;

	snprintf(idbuf, sizeof(idbuf), "%s", id ? id : base ? base + 1 : dir);
	for (i = 0; i < r->nruns; i++)
		if (!strcmp(r->run_ids[i], idbuf)) {
			errf(err, errlen, "%s: run_id '%s' is pooled already (a copy of the same "
			     "run?): remove one", mpath, idbuf);
			return -1;
		}
	r->run_ids = lb_xrealloc(r->run_ids, (r->nruns + 1) * sizeof(char *));
	r->run_ids[r->nruns] = lb_xstrdup(idbuf);
	return 0;
}

/* the first run's facts and label are the column's; a pooled run's must match them */
static int pool_facts(struct lb_run *r, const struct json *meta, const char *mpath, char *err,
		      size_t errlen)
{
	const char *label = json_str(json_get(meta, "label"));
	char *f[LB_F_COUNT];
	size_t i;
	int ret = 0;

	if (!r->nruns) {
		read_facts(meta, r->facts);
		r->label = lb_xstrdup(label ? label : "?");
		return 0;
	}
	read_facts(meta, f);
	for (i = 0; i < LB_F_COUNT && !ret; i++) {
		if (i < LB_F_FIRST_INFO && strcmp(f[i], r->facts[i])) {
			errf(err, errlen, "%s: %s differs from the runs pooled with it (%s vs %s): "
			     "pool only alike runs", mpath, lb_facts[i].what, f[i], r->facts[i]);
			ret = -1;
		} else if ((i == LB_F_RELEASE || (i == LB_F_KCONFIG && strcmp(f[i], "?") &&
						 strcmp(r->facts[i], "?"))) && strcmp(f[i], r->facts[i])) {
			/*
			 * the same release built on another base configuration is another
			 * kernel (runs that do not say, made before extra.kconfig, pass)
			 */
			errf(err, errlen, "%s: %s differs from the runs pooled with it (%s vs %s)",
			     mpath, lb_facts[i].what, f[i], r->facts[i]);
			ret = -1;
		}
	}
	for (i = 0; i < LB_F_COUNT; i++)
		free(f[i]);
	return ret;
}

/*
 * Load one run into r: 0, -1 with err set, or (only when pooled from a label directory)
 * LOAD_SKIP_INCOMPLETE for a run whose meta.json does not say complete (without
 * allow_inc) and LOAD_SKIP_EMPTY for an incomplete run without samples (with it).
 */
#define LOAD_SKIP_INCOMPLETE 1
#define LOAD_SKIP_EMPTY 2
static int load_one(struct lb_run *r, const char *dir, int allow_inc, int pooled,
		    char *err, size_t errlen)
{
	char *mpath = path_join(dir, "meta.json"), *tpath = path_join(dir, "samples.tsv");
	struct json *meta = NULL;
	struct lb_metric *mm = NULL;
	size_t nmm = 0, nfailed, rows0;
	const struct json *v;
	int ret = -1, incomplete = ends_with(dir, ".incomplete"), have_id = 0;
	int complete_but_failed = 0;

	meta = json_parse_file(mpath, err, errlen);
	if (incomplete && !allow_inc) {	/* named .incomplete: said whatever meta.json holds */
		const char *why = json_str(json_get(meta, "error"));
		const char *by = json_str(json_get(meta, "interrupted_by"));

		errf(err, errlen, "%s: run is incomplete (a .incomplete directory: %s%.300s)", dir,
		     by ? "interrupted by " : why ? "" : "still running or interrupted",
		     by ? by : why ? why : "");
		goto out;
	}
	if (!meta || check_format(meta, mpath, err, errlen))
		goto out;
	v = json_get(meta, "complete");
	nfailed = failed_points(meta);
	if (nfailed && json_bool(v) == 1) {
		/* lazybench before 2026-12 published runs with failed points as complete */
		v = json_get(meta, "failures");
		complete_but_failed = 1;
	}
	if (json_bool(v) != 1)
		incomplete = 1;
	if (json_bool(v) != 1 && !allow_inc && pooled) {
		/* published but not complete: killed between the rename and the last write */
		ret = LOAD_SKIP_INCOMPLETE;
		goto out;
	}
	if (incomplete && pooled && !has_rows(tpath)) {
		ret = LOAD_SKIP_EMPTY;
		goto out;
	}
	if (complete_but_failed && !allow_inc) {
		errf(err, errlen, "%s: run is incomplete (\"failures\" is %zu: size points "
		     "failed)", mpath, nfailed);
		goto out;
	}
	if (json_bool(v) != 1 && !allow_inc) {
		const char *by = json_str(json_get(meta, "interrupted_by"));

		errf(err, errlen, "%s:%d: run is incomplete (\"complete\" is %s%s%s)", mpath,
		     v ? v->line : 1, json_bool(v) == 0 ? "false" : "not true",
		     by ? ", interrupted by " : "", by ? by : "");
		goto out;
	}
	if (claim_run_id(r, meta, dir, mpath, err, errlen))
		goto out;
	have_id = 1;
	if (parse_metrics(meta, mpath, &mm, &nmm, err, errlen))
		goto out;
	rows0 = r->nrows;
	if (read_samples(r, tpath, mm, nmm, mpath, incomplete, err, errlen))
		goto out;
	if (nfailed)
		drop_failed(r, rows0, meta, dir, nfailed);
	if (pool_facts(r, meta, mpath, err, errlen))
		goto out;
	r->nruns++;
	r->nincomplete += incomplete;
	ret = 0;
out:
	if (ret && have_id) {
		free(r->run_ids[r->nruns]);
		r->run_ids[r->nruns] = NULL;
	}
	free_metrics(mm, nmm);
	json_free(meta);
	free(mpath);
	free(tpath);
	return ret;
}

struct lb_run *lb_run_load(const char *path, int allow_inc, char *err, size_t errlen)
{
	struct lb_run *r = calloc(1, sizeof(*r));
	char *meta = path_join(path, "meta.json");

	if (!r) {
		errf(err, errlen, "out of memory");
		free(meta);
		return NULL;
	}
	r->path = lb_xstrdup(path);
	if (!exists(path)) {
		errf(err, errlen, "%s: %s", path, strerror(errno));
		goto bad;
	}
	if (!is_dir(path)) {
		errf(err, errlen, "%s: not a directory (give a run or label directory)", path);
		goto bad;
	}
	if (exists(meta) || ends_with(path, ".incomplete")) {
		if (load_one(r, path, allow_inc, 0, err, errlen))
			goto bad;
	} else {
		/* a label directory: every finished run below it, in name order */
		struct dirent **ents = NULL;
		int n = scandir(path, &ents, NULL, alphasort), k, failed = 0, skipped = 0, rr;
		int empty = 0;

		if (n < 0) {
			errf(err, errlen, "%s: %s", path, strerror(errno));
			goto bad;
		}
		for (k = 0; k < n; k++) {
			char *sub = path_join(path, ents[k]->d_name), *sm = path_join(sub, "meta.json");

			if (ents[k]->d_name[0] != '.' && is_dir(sub) && !failed) {
				if (ends_with(sub, ".incomplete") && !allow_inc)
					skipped++;
				else if (!exists(sm))
					lb_run_note(r, "%s: no meta.json: not a run, skipped", sub);
				else if ((rr = load_one(r, sub, allow_inc, 1, err, errlen)) < 0)
					failed = 1;
				else if (rr == LOAD_SKIP_INCOMPLETE)
					skipped++;
				else if (rr == LOAD_SKIP_EMPTY) {
					empty++;
					lb_run_note(r, "%s: an incomplete run without samples, "
						    "skipped", sub);
				}
			}
			free(sm);
			free(sub);
			free(ents[k]);
		}
		free(ents);
		if (failed)
			goto bad;
		if (!r->nruns) {
			errf(err, errlen, "%s: no finished run here (no meta.json in it or in "
			     "its subdirectories%s)", path,
			     skipped || empty ? "; only incomplete runs" : "");
			goto bad;
		}
		if (empty)
			fprintf(stderr, "lazybench: %s: skipped %d incomplete run%s without "
				"samples\n", path, empty, empty > 1 ? "s" : "");
		if (skipped) {
			fprintf(stderr, "lazybench: %s: skipped %d incomplete run%s\n", path,
				skipped, skipped > 1 ? "s" : "");
			lb_run_note(r, "%s: skipped %d incomplete run%s (--incomplete reads "
				    "them)", path, skipped, skipped > 1 ? "s" : "");
		}
	}
	free(meta);
	return r;
bad:
	free(meta);
	lb_run_free(r);
	return NULL;
}

void lb_run_free(struct lb_run *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < LB_F_COUNT; i++)
		free(r->facts[i]);
	free_metrics(r->metrics, r->nmetrics);
	for (i = 0; i < r->nworkloads; i++)
		free(r->workloads[i]);
	free(r->workloads);
	for (i = 0; i < r->nrows; i++)
		free(r->rows[i].v);
	free(r->rows);
	for (i = 0; r->run_ids && i < r->nruns; i++)
		free(r->run_ids[i]);
	free(r->run_ids);
	for (i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	free(r->path);
	free(r->label);
	free(r);
}

int lb_run_metric(const struct lb_run *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nmetrics; i++)
		if (!strcmp(r->metrics[i].name, name))
			return (int)i;
	return -1;
}

int lb_run_has_workload(const struct lb_run *r, const char *wl)
{
	size_t i;

	for (i = 0; i < r->nworkloads; i++)
		if (!strcmp(r->workloads[i], wl))
			return 1;
	return 0;
}

static size_t values(const struct lb_run *r, size_t run, const char *wl, size_t pages,
		     int metric, int per_pte, double **out);

size_t lb_run_values(const struct lb_run *r, const char *wl, size_t pages, int metric,
		     int per_pte, double **out)
{
	return values(r, (size_t)-1, wl, pages, metric, per_pte, out);
}

size_t lb_run_values_of(const struct lb_run *r, size_t run, const char *wl, size_t pages,
			int metric, int per_pte, double **out)
{
	return values(r, run, wl, pages, metric, per_pte, out);
}

static int wanted(const struct lb_row *row, size_t run,
		  const char *wl, size_t pages, int metric)
{
	return row->pages == pages && !isnan(row->v[metric]) &&
	       (run == (size_t)-1 || row->run == run) && !strcmp(row->workload, wl);
}

static size_t values(const struct lb_run *r, size_t run, const char *wl, size_t pages,
		     int metric, int per_pte, double **out)
{
	size_t i, n = 0, cap = 0;
	double *v = NULL;

	*out = NULL;
	if (metric < 0)
		return 0;
	for (i = 0; i < r->nrows; i++) {
		const struct lb_row *row = &r->rows[i];
		double x = row->v[metric];

		if (!wanted(row, run, wl, pages, metric) ||
		    (row->contam == 1 && !r->keep_contam))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = lb_xrealloc(v, cap * sizeof(*v));
		}
		v[n++] = per_pte ? x / row->ptes : x;
	}
	*out = v;
	return n;
}

size_t lb_run_grouped(const struct lb_run *r, const char *wl, size_t pages, int metric,
		      int per_pte, double **out, size_t **off, size_t **len, size_t *k,
		      size_t *ncontam, size_t *nunknown)
{
	size_t i, n = 0, cap = 0, nk = 0, cur = (size_t)-1;
	size_t *o = NULL, *l = NULL;
	double *v = NULL;

	*out = NULL;
	*off = *len = NULL;
	*k = *ncontam = *nunknown = 0;
	if (metric < 0)
		return 0;
	/* rows are stored run after run, so one pass groups them */
	for (i = 0; i < r->nrows; i++) {
		const struct lb_row *row = &r->rows[i];
		double x = row->v[metric];

		if (!wanted(row, (size_t)-1, wl, pages, metric))
			continue;
		if (row->contam == 1) {
			(*ncontam)++;
			if (!r->keep_contam)
				continue;
		} else if (row->contam < 0) {
			(*nunknown)++;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = lb_xrealloc(v, cap * sizeof(*v));
		}
		if (row->run != cur) {
			o = lb_xrealloc(o, (nk + 1) * sizeof(*o));
			l = lb_xrealloc(l, (nk + 1) * sizeof(*l));
			o[nk] = n;
			l[nk++] = 0;
			cur = row->run;
		}
		l[nk - 1]++;
		v[n++] = per_pte ? x / row->ptes : x;
	}
	*out = v;
	*off = o;
	*len = l;
	*k = nk;
	return n;
}
