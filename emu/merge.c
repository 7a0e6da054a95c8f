// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench emu-merge: merge the per-window counts of the lazycount TCG plugin (emu/)
 * into finished run directories (docs/FORMAT.md): extra samples.tsv columns emu_*
 * (raw counts per operation), "kind": "exact" metrics and an "emu" object in meta.json.
 *
 * Windows are matched to sample rows in order. Warm-up windows are those the harness
 * marked as such; a harness that marks warm-ups like timed repetitions is handled by
 * dropping the first options.warmup windows of every size point. Several run
 * directories (several `lazybench run`s in one guest session) consume the windows one
 * after the other. Everything is checked before anything is written; each run
 * directory is then replaced as a whole (a merged copy, swapped in with
 * renameat2(RENAME_EXCHANGE)), so a reader sees either the old or the merged run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "lazycount.h"
#include "rundir/json.h"
#include "rundir/samples.h"
#include "util.h"

#define EM_MAX_COLS	64

/* ---- what meta.json says, and where the merge splices into it ---------------------- */

struct meta_info {
	size_t metrics_close;	/* offset of the metrics array's ']' */
	bool metrics_empty;
	size_t obj_close;	/* offset of the top-level '}' */
	bool has_emu;
	bool complete;
	long failures;		/* size points that failed (0 when absent) */
	long warmup;		/* options.warmup, -1 when absent */
	const char *qemu;	/* extra["vm.qemu"], or NULL */
};

static int meta_scan(const struct json *m, struct meta_info *mi)
{
	const struct json *metrics = json_get(m, "metrics"), *v;

	memset(mi, 0, sizeof(*mi));
	if (!m || m->type != JSON_OBJ || !metrics || metrics->type != JSON_ARR)
		return -1;
	mi->metrics_close = metrics->end - 1;
	mi->metrics_empty = metrics->n == 0;
	mi->obj_close = m->end - 1;
	mi->has_emu = json_get(m, "emu") != NULL;
	mi->complete = json_bool(json_get(m, "complete")) == 1;
	v = json_get(m, "failures");
	mi->failures = v && v->type == JSON_NUM ? (long)v->num : 0;
	v = json_get(json_get(m, "options"), "warmup");
	mi->warmup = v && v->type == JSON_NUM ? (long)v->num : -1;
	mi->qemu = json_str(json_get(json_get(m, "extra"), "vm.qemu"));
	return 0;
}

/* ---- the plugin's counts file ------------------------------------------------------ */

struct counts {
	char target[32];
	char kernel[128];		/* the plugin's kernel ranges (header kernel=), or "" */
	char main[1024];		/* header main=: the columns kept even when all zero */
	bool said_main;			/* the header has main= (lazycount since 2026-12) */
	int vcpus;
	int api;
	size_t ncols;			/* count columns (after seq, kind, vcpu) */
	char *col[EM_MAX_COLS];
	char *desc[EM_MAX_COLS];	/* "# desc NAME TEXT": what it counts, or NULL */
	size_t nwin, cap;
	bool *warm;			/* per window */
	uint64_t *val;			/* nwin x ncols */
	bool ended;			/* the trailer line is there (QEMU exited cleanly) */
	uint64_t unmatched;
};

/* "# lazycount/1 target=... plugin_api=... vcpus=... kernel=... main=a,b,..." */
static void counts_header(struct counts *c, char *line)
{
	char *save = NULL;

	for (char *p = strtok_r(line + 14, " ", &save); p; p = strtok_r(NULL, " ", &save)) {
		if (!strncmp(p, "target=", 7))
			snprintf(c->target, sizeof(c->target), "%s", p + 7);
		else if (!strncmp(p, "kernel=", 7))
			snprintf(c->kernel, sizeof(c->kernel), "%s", p + 7);
		else if (!strncmp(p, "vcpus=", 6))
			c->vcpus = atoi(p + 6);
		else if (!strncmp(p, "plugin_api=", 11))
			c->api = atoi(p + 11);
		else if (!strncmp(p, "main=", 5)) {
			snprintf(c->main, sizeof(c->main), "%s", p + 5);
			c->said_main = true;
		}
	}
}

/* the column names after seq, kind, vcpu: emu_[a-z0-9_]+ */
static int counts_columns(struct counts *c, char *line, const char *path, char *err,
			  size_t elen)
{
	char *f[EM_MAX_COLS + 4];
	size_t hdr = rd_split_tabs(line, f, EM_MAX_COLS + 3), k;

	if (hdr < 4 || hdr > EM_MAX_COLS + 3 || strcmp(f[0], "seq") || strcmp(f[1], "kind") ||
	    strcmp(f[2], "vcpu")) {
		snprintf(err, elen, "'%s': bad header line", path);
		return -1;
	}
	c->ncols = hdr - 3;
	for (k = 0; k < c->ncols; k++) {
		const char *p;

		for (p = f[3 + k]; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
				break;
		if (*p || strncmp(f[3 + k], "emu_", 4)) {
			snprintf(err, elen, "'%s': bad column name '%s'", path, f[3 + k]);
			return -1;
		}
		c->col[k] = strdup(f[3 + k]);
		if (!c->col[k]) {
			snprintf(err, elen, "out of memory");
			return -1;
		}
	}
	return 0;
}

/* "NAME TEXT" of a "# desc" line: what column NAME counts, as meta.json says it */
static int counts_desc(struct counts *c, const char *l, size_t lineno, const char *path,
		       char *err, size_t elen)
{
	const char *sp = strchr(l, ' ');
	size_t k;

	for (k = 0; sp && k < c->ncols; k++)
		if (strlen(c->col[k]) == (size_t)(sp - l) && !strncmp(c->col[k], l, sp - l))
			break;
	if (!sp || k == c->ncols || c->desc[k] || !sp[1]) {
		snprintf(err, elen, "'%s' line %zu: bad desc line (# desc COLUMN TEXT)", path,
			 lineno);
		return -1;
	}
	c->desc[k] = strdup(sp + 1);
	if (!c->desc[k]) {
		snprintf(err, elen, "out of memory");
		return -1;
	}
	return 0;
}

/* one window row: seq, timed|warmup, vcpu, the counts */
static int counts_row(struct counts *c, char *line, size_t lineno, const char *path,
		      char *err, size_t elen)
{
	char *f[EM_MAX_COLS + 4];
	size_t k;

	if (c->nwin == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 256;
		bool *w = realloc(c->warm, cap * sizeof(*w));
		uint64_t *v = w ? realloc(c->val, cap * c->ncols * sizeof(*v)) : NULL;

		if (w)
			c->warm = w;
		if (!v) {
			snprintf(err, elen, "out of memory");
			return -1;
		}
		c->val = v;
		c->cap = cap;
	}
	if (c->ended || rd_split_tabs(line, f, EM_MAX_COLS + 3) != c->ncols + 3 ||
	    strtoull(f[0], NULL, 10) != c->nwin ||
	    (strcmp(f[1], "timed") && strcmp(f[1], "warmup"))) {
		snprintf(err, elen, "'%s' line %zu: malformed window row", path, lineno);
		return -1;
	}
	c->warm[c->nwin] = !strcmp(f[1], "warmup");
	for (k = 0; k < c->ncols; k++) {
		char *end;

		errno = 0;
		c->val[c->nwin * c->ncols + k] = strtoull(f[3 + k], &end, 10);
		if (*end || end == f[3 + k] || errno) {
			snprintf(err, elen, "'%s' line %zu: bad count '%s'", path, lineno, f[3 + k]);
			return -1;
		}
	}
	c->nwin++;
	return 0;
}

static int counts_read(const char *path, struct counts *c, char *err, size_t elen)
{
	struct rd_lines in;
	int got, r = 0;

	memset(c, 0, sizeof(*c));
	if (rd_lines_open(&in, path)) {
		snprintf(err, elen, "cannot read counts file '%s': %s", path, strerror(errno));
		return -1;
	}
	while (!r && (got = rd_lines_next(&in)) > 0) {
		char *l = in.line;

		if (in.lineno == 1) {
			if (strncmp(l, "# lazycount/1 ", 14))
				break;
			counts_header(c, l);
		} else if (in.lineno == 2) {
			r = counts_columns(c, l, path, err, elen);
		} else if (!strncmp(l, "# desc ", 7)) {
			r = counts_desc(c, l + 7, in.lineno, path, err, elen);
		} else if (l[0] == '#') {
			const char *u = strstr(l, "unmatched=");

			if (!strncmp(l, "# end ", 6))
				c->ended = true;
			if (u)
				c->unmatched = strtoull(u + 10, NULL, 10);
		} else if (*l) {
			r = counts_row(c, l, in.lineno, path, err, elen);
		}
	}
	if (!r && got < 0) {
		snprintf(err, elen, "cannot read counts file '%s': %s", path, strerror(errno));
		r = -1;
	}
	if (!r && (in.lineno < 2 || !c->ncols)) {
		snprintf(err, elen, "'%s' is not a lazycount/1 counts file", path);
		r = -1;
	}
	rd_lines_close(&in);
	if (!r && !c->ended) {
		snprintf(err, elen, "'%s' has no end line: QEMU did not exit cleanly, counts may be "
			 "incomplete", path);
		r = -1;
	}
	return r;
}

/* ---- one run directory ------------------------------------------------------------- */

struct run {
	char path[PATH_MAX];
	char *meta;		/* meta.json's text: the merge splices into it */
	size_t meta_len;
	struct json *mj;	/* ... and what it says */
	struct meta_info mi;
	char **lines;		/* samples.tsv's lines, without '\n' */
	size_t nlines;		/* header + rows */
	size_t nrows;
	size_t *win;		/* window index per row */
	size_t first;		/* first window of this run */
	size_t used;		/* windows consumed, warm-ups included */
	const char *how;
};

/* meta.json: a complete run without emulator counts */
static int run_meta(struct run *r, const char *dir, char *err, size_t elen)
{
	char p[PATH_MAX + 32], jerr[200];

	snprintf(p, sizeof(p), "%s/meta.json", r->path);
	r->meta = json_read_file(p, &r->meta_len, jerr, sizeof(jerr));
	if (!r->meta) {
		snprintf(err, elen, "'%s' is not a run directory (no readable meta.json)", dir);
		return -1;
	}
	r->mj = json_parse(r->meta, r->meta_len, jerr, sizeof(jerr));
	if (!r->mj || meta_scan(r->mj, &r->mi)) {
		snprintf(err, elen, "'%s': meta.json is not a lazybench-run/1 object", p);
		return -1;
	}
	if (!r->mi.complete) {
		snprintf(err, elen, "'%s' is not a complete run (\"complete\": true missing)", dir);
		return -1;
	}
	/* lazybench before 2026-12 said complete despite failed size points */
	if (r->mi.failures > 0) {
		snprintf(err, elen, "'%s' is not a complete run (\"failures\": %ld size points "
			 "failed)", dir, r->mi.failures);
		return -1;
	}
	if (r->mi.has_emu) {
		snprintf(err, elen, "'%s' already has emulator counts (meta.json has \"emu\")", dir);
		return -1;
	}
	return 0;
}

/* samples.tsv's lines, kept as they are (the merge appends columns to each) */
static int run_samples(struct run *r, char *err, size_t elen)
{
	char p[PATH_MAX + 32], hdr[64], *f[5];
	struct rd_lines in;
	size_t i, cap = 0;
	int got;

	snprintf(p, sizeof(p), "%s/samples.tsv", r->path);
	if (rd_lines_open(&in, p)) {
		snprintf(err, elen, "cannot read '%s': %s", p, strerror(errno));
		return -1;
	}
	while ((got = rd_lines_next(&in)) > 0) {
		if (r->nlines == cap) {
			char **nl = realloc(r->lines, (cap = cap ? 2 * cap : 256) * sizeof(*nl));

			if (!nl)
				break;
			r->lines = nl;
		}
		r->lines[r->nlines] = strdup(in.line);
		if (!r->lines[r->nlines])
			break;
		r->nlines++;
	}
	rd_lines_close(&in);
	if (got) {
		snprintf(err, elen, "cannot read '%s': %s", p, got < 0 ? strerror(errno) :
			 "out of memory");
		return -1;
	}
	while (r->nlines > 1 && !*r->lines[r->nlines - 1])
		free(r->lines[--r->nlines]);
	if (r->nlines < 1) {
		snprintf(err, elen, "'%s' is empty", p);
		return -1;
	}
	r->nrows = r->nlines - 1;
	if (strstr(r->lines[0], "\temu_")) {
		snprintf(err, elen, "'%s' already has emu_* columns", p);
		return -1;
	}
	snprintf(hdr, sizeof(hdr), "%.63s", r->lines[0]);
	if (rd_split_tabs(hdr, f, 4) < 4 || strcmp(f[0], "workload") || strcmp(f[1], "pages")) {
		snprintf(err, elen, "'%s': header does not start with workload, pages", p);
		return -1;
	}
	for (i = 1; i <= r->nrows; i++)
		if (!strchr(r->lines[i], '\t')) {
			snprintf(err, elen, "'%s' line %zu: malformed row", p, i + 1);
			return -1;
		}
	return 0;
}

static int run_load(struct run *r, const char *dir, char *err, size_t elen)
{
	memset(r, 0, sizeof(*r));
	if (strlen(dir) >= sizeof(r->path)) {
		snprintf(err, elen, "path too long: '%s'", dir);
		return -1;
	}
	snprintf(r->path, sizeof(r->path), "%s", dir);
	while (strlen(r->path) > 1 && r->path[strlen(r->path) - 1] == '/')
		r->path[strlen(r->path) - 1] = 0;
	if (run_meta(r, dir, err, elen) || run_samples(r, err, elen))
		return -1;
	r->win = calloc(r->nrows + 1, sizeof(*r->win));
	return r->win ? 0 : -1;
}

/* the point (workload, pages) of a row: the first two fields */
static bool same_point(const char *a, const char *b)
{
	const char *ta = strchr(a, '\t'), *tb = strchr(b, '\t');

	ta = ta ? strchr(ta + 1, '\t') : NULL;
	tb = tb ? strchr(tb + 1, '\t') : NULL;
	if (!ta || !tb || ta - a != tb - b)
		return false;
	return !memcmp(a, b, (size_t)(ta - a));
}

/* assign windows [first, ...) to the rows of r; returns 0 or -1 (err set) */
static int run_match(struct run *r, const struct counts *c, size_t first, bool flagged,
		     char *err, size_t elen)
{
	size_t i, w = first;

	r->first = first;
	if (flagged) {
		/* warm-up windows are marked: skip them, take timed ones in order */
		for (i = 0; i < r->nrows; i++) {
			while (w < c->nwin && c->warm[w])
				w++;
			if (w >= c->nwin) {
				snprintf(err, elen, "'%s' has %zu samples but the plugin saw only %zu "
					 "timed windows for it", r->path, r->nrows, i);
				return -1;
			}
			r->win[i] = w++;
		}
		/* trailing warm-ups of a point whose timed reps all failed belong to no row */
		r->used = w - first;
		r->how = "warm-up windows marked by the harness";
		return 0;
	}
	if (r->mi.warmup < 0) {
		snprintf(err, elen, "'%s': meta.json has no options.warmup, cannot tell warm-up "
			 "windows from timed ones", r->path);
		return -1;
	}
	for (i = 0; i < r->nrows; i++) {
		if (i == 0 || !same_point(r->lines[i], r->lines[i + 1]))
			w += (size_t)r->mi.warmup;
		if (w >= c->nwin) {
			snprintf(err, elen, "'%s' has %zu samples (+%ld warm-ups per size) but the "
				 "plugin saw only %zu windows", r->path, r->nrows, r->mi.warmup,
				 c->nwin - first);
			return -1;
		}
		r->win[i] = w++;
	}
	r->used = w - first;
	r->how = "first options.warmup windows of each size dropped";
	return 0;
}

/* ---- writing ----------------------------------------------------------------------- */

/*
 * what column k counts: the plugin's words (its "# desc" lines, from the arch's decoder),
 * else "<name> instructions at kernel addresses" (emu_dsb_ish: "dsb ish instructions ...")
 */
static const char *col_desc(const struct counts *c, size_t k, char *buf, size_t len)
{
	char *p;

	if (c->desc[k])
		return c->desc[k];
	snprintf(buf, len, "%s instructions at kernel addresses", c->col[k] + 4);
	for (p = buf; *p && *p != ' '; p++)
		if (*p == '_')
			*p = ' ';
	return buf;
}

static int write_file(const char *dir, const char *name, const char *a, size_t alen)
{
	char p[PATH_MAX + 64];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "wx");
	if (!f)
		return -1;
	if (alen && fwrite(a, 1, alen, f) != alen) {
		fclose(f);
		return -1;
	}
	if (fflush(f) || fsync(fileno(f))) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out;
	char buf[65536];
	size_t n;
	int r = 0;

	if (!in)
		return -1;
	out = fopen(to, "wx");
	if (!out) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0 && !r)
		r = fwrite(buf, 1, n, out) != n;
	r |= ferror(in) || fflush(out) || fsync(fileno(out));
	r |= fclose(out);
	fclose(in);
	return r ? -1 : 0;
}

static void rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[PATH_MAX + 300];

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

struct merge_opts {
	const char *qemu;
	const char *counts_path;
	const char *icount;
};

/* samples.tsv with the kept emu_* columns appended to every line */
static void samples_merged(FILE *m, const struct run *r, const struct counts *c,
			   const bool *keep)
{
	size_t i, k;

	fputs(r->lines[0], m);
	for (k = 0; k < c->ncols; k++)
		if (keep[k])
			fprintf(m, "\t%s", c->col[k]);
	fputc('\n', m);
	for (i = 0; i < r->nrows; i++) {
		fputs(r->lines[i + 1], m);
		for (k = 0; k < c->ncols; k++)
			if (keep[k])
				fprintf(m, "\t%" PRIu64, c->val[r->win[i] * c->ncols + k]);
		fputc('\n', m);
	}
}

/* the "kind": "exact" metrics of the kept columns, appended to meta.json's metrics */
static void metrics_merged(FILE *m, const struct run *r, const struct counts *c,
			   const bool *keep)
{
	char dbuf[96], ubuf[64], desc[1024];
	bool first = r->mi.metrics_empty;
	size_t k;

	for (k = 0; k < c->ncols; k++) {
		if (!keep[k])
			continue;
		fprintf(m, "%s\n    {\"name\": ", first ? "" : ",");
		json_put_str(m, c->col[k]);
		fputs(", \"unit\": ", m);
		json_put_str(m, lc_unit(c->col[k], ubuf, sizeof(ubuf)));
		fputs(", \"better\": \"lower\", \"kind\": \"exact\", \"source\": \"emu\", "
		      "\"desc\": ", m);
		snprintf(desc, sizeof(desc), "%s (QEMU TCG plugin, per operation)",
			 col_desc(c, k, dbuf, sizeof(dbuf)));
		json_put_str(m, desc);
		fputs("}", m);
		first = false;
	}
}

/* meta.json's "emu" object: where the counts came from and how they were matched */
static void emu_object(FILE *m, const struct run *r, const struct counts *c, const bool *keep,
		       const struct merge_opts *o, size_t nwarm_dropped)
{
	bool first = true;
	size_t k;

	fprintf(m, ",\n  \"emu\": {\"present\": true, \"plugin\": \"lazycount\", "
		"\"plugin_api\": %d, \"qemu\": ", c->api);
	json_put_str(m, o->qemu && *o->qemu ? o->qemu : r->mi.qemu && *r->mi.qemu ?
		     r->mi.qemu : NULL);
	fputs(", \"target\": ", m);
	json_put_str(m, c->target);
	fprintf(m, ", \"vcpus\": %d, \"icount\": ", c->vcpus);
	json_put_str(m, o->icount);
	fprintf(m, ", \"windows\": %zu, \"warmup_windows_dropped\": %zu, \"unmatched_markers\": "
		"%" PRIu64 ", \"matching\": ", r->nrows, nwarm_dropped, c->unmatched);
	json_put_str(m, r->how);
	fputs(", \"kernel_addresses\": ", m);
	json_put_str(m, c->kernel[0] ? c->kernel : !strcmp(c->target, "aarch64") ? "bit 63 set" :
		     ">= 0xffff880000000000 (0xffff8000'00000000-0xffff87ff'ffffffff counted as "
		     "Xen)");
	fputs(", \"columns\": [", m);
	for (k = 0; k < c->ncols; k++)
		if (keep[k]) {
			fputs(first ? "" : ", ", m);
			json_put_str(m, c->col[k]);
			first = false;
		}
	fputs("]}", m);
}

/*
 * meta.json with the metrics appended and "emu" added: spliced into the text at the
 * offsets the reader found, every other byte as it was
 */
static void meta_merged(FILE *m, const struct run *r, const struct counts *c, const bool *keep,
			const struct merge_opts *o, size_t nwarm_dropped)
{
	fwrite(r->meta, 1, r->mi.metrics_close, m);
	metrics_merged(m, r, c, keep);
	fwrite(r->meta + r->mi.metrics_close, 1, r->mi.obj_close - r->mi.metrics_close, m);
	emu_object(m, r, c, keep, o, nwarm_dropped);
	fwrite(r->meta + r->mi.obj_close, 1, r->meta_len - r->mi.obj_close, m);
}

/* name in dir: what fn writes, written and synced; 0 or -1 (errno) */
static int write_merged(const char *dir, const char *name, void (*fn)(FILE *, void *),
			void *arg)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *m = open_memstream(&out, &outlen);
	int r;

	if (!m)
		return -1;
	fn(m, arg);
	r = fclose(m) || write_file(dir, name, out, outlen) ? -1 : 0;
	free(out);
	return r;
}

struct merge_job {
	const struct run *r;
	const struct counts *c;
	const bool *keep;
	const struct merge_opts *o;
	size_t nwarm_dropped;
};

static void write_samples(FILE *m, void *arg)
{
	const struct merge_job *j = arg;

	samples_merged(m, j->r, j->c, j->keep);
}

static void write_meta(FILE *m, void *arg)
{
	const struct merge_job *j = arg;

	meta_merged(m, j->r, j->c, j->keep, j->o, j->nwarm_dropped);
}

/* every other file of the run, unchanged, and the plugin's raw windows into tmp */
static int copy_rest(const struct run *r, const char *tmp, const char *counts_path, char *err,
		     size_t elen)
{
	char p[PATH_MAX + 400], q[PATH_MAX + 400];
	struct dirent *e;
	DIR *d = opendir(r->path);

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    !strcmp(e->d_name, "meta.json") || !strcmp(e->d_name, "samples.tsv") ||
		    !strcmp(e->d_name, "emu-counts.tsv"))
			continue;
		snprintf(p, sizeof(p), "%s/%s", r->path, e->d_name);
		snprintf(q, sizeof(q), "%s/%s", tmp, e->d_name);
		if (stat(p, &st) || !S_ISREG(st.st_mode)) {
			closedir(d);
			snprintf(err, elen, "'%s': unexpected entry '%s' in a run directory", r->path,
				 e->d_name);
			errno = 0;
			return -1;
		}
		if (copy_file(p, q)) {
			closedir(d);
			return -1;
		}
	}
	closedir(d);
	/* the plugin's raw windows, for provenance (all windows of the guest session) */
	snprintf(q, sizeof(q), "%s/emu-counts.tsv", tmp);
	return copy_file(counts_path, q);
}

/*
 * The merged copy of the run is made next to it and swapped in as a whole
 * (renameat2(RENAME_EXCHANGE)): a reader sees the old run or the merged one.
 */
static int run_write(struct run *r, const struct counts *c, const bool *keep,
		     const struct merge_opts *o, size_t nwarm_dropped,
		     char *err, size_t elen)
{
	struct merge_job j = { r, c, keep, o, nwarm_dropped };
	const char *base = strrchr(r->path, '/');
	char tmp[PATH_MAX + 64];

	/* .<run-id>.emu-merge.<pid> next to the run (the name read from r->path alone) */
	snprintf(tmp, sizeof(tmp), "%.*s.%s.emu-merge.%ld", base ? (int)(base - r->path + 1) : 0,
		 r->path, base ? base + 1 : r->path, (long)getpid());
	if (mkdir(tmp, 0755)) {
		snprintf(err, elen, "cannot create '%s': %s", tmp, strerror(errno));
		return -1;
	}
	err[0] = '\0';
	if (copy_rest(r, tmp, o->counts_path, err, elen) ||
	    write_merged(tmp, "samples.tsv", write_samples, &j) ||
	    write_merged(tmp, "meta.json", write_meta, &j)) {
		if (!err[0])
			snprintf(err, elen, "writing the merged copy of '%s' failed: %s", r->path,
				 strerror(errno));
		rm_tree(tmp);
		return -1;
	}
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, r->path, RENAME_EXCHANGE)) {
		snprintf(err, elen, "cannot swap in the merged '%s': %s", r->path, strerror(errno));
		rm_tree(tmp);
		return -1;
	}
	rm_tree(tmp);
	return 0;
}

static void counts_free(struct counts *c)
{
	size_t k;

	for (k = 0; k < c->ncols; k++) {
		free(c->col[k]);
		free(c->desc[k]);
	}
	free(c->warm);
	free(c->val);
	memset(c, 0, sizeof(*c));
}

static void run_free(struct run *r)
{
	size_t i;

	free(r->meta);
	json_free(r->mj);
	for (i = 0; i < r->nlines; i++)
		free(r->lines[i]);
	free(r->lines);
	free(r->win);
	memset(r, 0, sizeof(*r));
}

/* is name one of the comma-separated list's? */
static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name), l;

	for (;;) {
		l = strcspn(list, ",");
		if (l == n && !strncmp(list, name, n))
			return true;
		if (!list[l])
			return false;
		list += l + 1;
	}
}

/*
 * The columns merged: the ones the plugin names as its arch's main counts (its header's
 * main=, from the arch's decoder, emu/arch-*.c), the others only when some window counted
 * one. A counts file from a plugin before main= (2026-12) does not say: every column.
 */
static size_t choose_columns(const struct counts *c, bool *keep, const char *path)
{
	size_t i, k, n = 0;

	if (!c->said_main)
		fprintf(stderr, "lazybench emu-merge: note: '%s' does not name its main columns "
			"(an older lazycount): every column is merged\n", path);
	for (k = 0; k < c->ncols; k++) {
		keep[k] = !c->said_main || in_list(c->main, c->col[k]);
		for (i = 0; i < c->nwin && !keep[k]; i++)
			keep[k] = c->val[i * c->ncols + k] != 0;
		n += keep[k];
	}
	return n;
}

/* ---- command ----------------------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: lazybench emu-merge [--qemu-version V] [--icount OPTS] COUNTS RUNDIR...\n\n"
		"Merges the per-window counts of the lazycount QEMU TCG plugin (COUNTS, written by\n"
		"-plugin build/emu/liblazycount.so,outfile=COUNTS) into the finished run\n"
		"directories RUNDIR... of the guest session, in the order the runs ran: adds\n"
		"emu_* columns (raw counts per operation) to samples.tsv, \"kind\": \"exact\"\n"
		"metrics and an \"emu\" object to meta.json. Checks everything first; writes\n"
		"nothing unless every window matches a sample or a warm-up.\n");
}

/*
 * Load the run directories and give each its windows, in order: everything checked
 * before anything is written. Trailing warm-up windows (a last point that failed) are
 * allowed, nothing else. 0 or -1 with err set.
 */
static int match_all(struct run *runs, size_t nruns, const struct counts *c, bool flagged,
		     char **dirs, char *err, size_t elen)
{
	size_t i, w = 0;

	for (i = 0; i < nruns; i++) {
		if (run_load(&runs[i], dirs[i], err, elen) ||
		    run_match(&runs[i], c, w, flagged, err, elen))
			return -1;
		w += runs[i].used;
	}
	for (i = w; i < c->nwin; i++)
		if (!flagged || !c->warm[i]) {
			snprintf(err, elen, "the plugin saw %zu windows, the run(s) account for %zu: "
				 "wrong or missing run directory?", c->nwin, w);
			return -1;
		}
	return 0;
}

/* the warm-up windows of run i that match no row (the last run takes the trailing ones) */
static size_t warmups_dropped(const struct run *runs, size_t nruns, size_t i,
			      const struct counts *c, bool flagged)
{
	size_t j, end = i + 1 < nruns ? runs[i].first + runs[i].used : c->nwin, n = 0;

	if (!flagged)
		return runs[i].used - runs[i].nrows;
	for (j = runs[i].first; j < end; j++)
		n += c->warm[j];
	return n;
}

/*
 * the options, COUNTS and the RUNDIRs into args (argc entries) and *n: -1 to go on, else
 * the exit status (help printed or error said)
 */
static int parse_opts(int argc, char **argv, struct merge_opts *o, char **args, int *n)
{
	static const struct option lopts[] = {
		{ "qemu-version", required_argument, NULL, 'q' },
		{ "icount", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *arg, *cur;
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = lb_getopt(argc, argv, lopts, &arg, &cur)) != 0) {
		switch (opt) {
		case 1:
			args[(*n)++] = (char *)arg;
			break;
		case 'h':
			usage(stdout);
			return LB_EXIT_OK;
		case 'q':
		case 'i':
			/* written into meta.json: one short line */
			if (strpbrk(arg, "\"\\\n\t") || strlen(arg) > 60) {
				fprintf(stderr, "lazybench emu-merge: bad value for %s: '%s'\n",
					opt == 'q' ? "--qemu-version" : "--icount", arg);
				return LB_EXIT_USAGE;
			}
			*(opt == 'q' ? &o->qemu : &o->icount) = arg;
			break;
		case ':':
			fprintf(stderr, "lazybench emu-merge: %s needs a value\n", cur);
			return LB_EXIT_USAGE;
		default:
			fprintf(stderr, "lazybench emu-merge: unknown option '%s' (try --help)\n",
				cur);
			return LB_EXIT_USAGE;
		}
	}
	for (; optind < argc; optind++)	/* operands after "--" */
		args[(*n)++] = argv[optind];
	return -1;
}

int cmd_emu_merge(int argc, char **argv)
{
	struct merge_opts o = { 0 };
	struct counts c;
	struct run *runs;
	bool flagged = false, keep[EM_MAX_COLS];
	char err[PATH_MAX + 256], **args = lb_xcalloc((size_t)argc, sizeof(char *));
	size_t nruns, i, nkeep;
	int n = 0, rc;

	rc = parse_opts(argc, argv, &o, args, &n);
	if (rc < 0 && n < 2) {
		fprintf(stderr, "lazybench emu-merge: need COUNTS and at least one RUNDIR "
			"(try --help)\n");
		rc = LB_EXIT_USAGE;
	}
	if (rc >= 0) {
		free(args);
		return rc;
	}
	o.counts_path = args[0];
	if (counts_read(args[0], &c, err, sizeof(err))) {
		fprintf(stderr, "lazybench emu-merge: %s\n", err);
		counts_free(&c);
		free(args);
		return LB_EXIT_USAGE;
	}
	for (i = 0; i < c.nwin; i++)
		flagged |= c.warm[i];
	nruns = (size_t)n - 1;
	runs = lb_xcalloc(nruns, sizeof(*runs));
	if (match_all(runs, nruns, &c, flagged, args + 1, err, sizeof(err))) {
		fprintf(stderr, "lazybench emu-merge: %s\n", err);
		rc = LB_EXIT_USAGE;
		goto out;
	}
	nkeep = choose_columns(&c, keep, args[0]);
	for (i = 0; i < nruns; i++) {
		size_t dropped = warmups_dropped(runs, nruns, i, &c, flagged);

		if (run_write(&runs[i], &c, keep, &o, dropped, err, sizeof(err))) {
			fprintf(stderr, "lazybench emu-merge: %s%s\n", err,
				i ? " (the run directories before it were merged)" : "");
			rc = LB_EXIT_FAIL;
			goto out;
		}
		printf("%s: %zu samples, %zu emu columns, %zu warm-up windows dropped\n",
		       runs[i].path, runs[i].nrows, nkeep, dropped);
	}
	rc = LB_EXIT_OK;
out:
	for (i = 0; i < nruns; i++)
		run_free(&runs[i]);
	free(runs);
	counts_free(&c);
	free(args);
	return rc;
}
