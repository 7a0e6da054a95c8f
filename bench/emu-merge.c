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
#include "emu-unit.h"

#define EM_MAX_COLS	64

/* ---- small helpers ----------------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t r;

		if (cap - n < 65536) {
			char *nb = realloc(buf, cap + 262144);

			if (!nb) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
			cap += 262144;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		errno = EIO;
		return NULL;
	}
	fclose(f);
	buf[n] = 0;
	if (len)
		*len = n;
	return buf;
}

/* split buf in place into lines (without '\n'); returns the count, lines in *out */
static size_t split_lines(char *buf, char ***out)
{
	size_t n = 0, cap = 0;
	char **v = NULL, *p = buf;

	while (*p) {
		char *nl = strchr(p, '\n');

		if (n == cap) {
			char **nv = realloc(v, (cap = cap ? cap * 2 : 256) * sizeof(*v));

			if (!nv) {
				free(v);
				*out = NULL;
				return 0;
			}
			v = nv;
		}
		v[n++] = p;
		if (!nl)
			break;
		*nl = 0;
		p = nl + 1;
	}
	*out = v;
	return n;
}

/* split a line in place at tabs; returns the number of fields (at most max) */
static size_t split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		char *t = strchr(line, '\t');

		f[n++] = line;
		if (!t)
			break;
		*t = 0;
		line = t + 1;
	}
	return n;
}

/* ---- a JSON skipper that finds what we splice into --------------------------------- */

struct jscan {
	const char *s;
	size_t i, n;
};

static void jws(struct jscan *j)
{
	while (j->i < j->n && strchr(" \t\r\n", j->s[j->i]))
		j->i++;
}

static int jstring(struct jscan *j, size_t *b, size_t *e)
{
	if (j->i >= j->n || j->s[j->i] != '"')
		return -1;
	*b = ++j->i;
	while (j->i < j->n && j->s[j->i] != '"') {
		if (j->s[j->i] == '\\')
			j->i++;
		j->i++;
	}
	if (j->i >= j->n)
		return -1;
	*e = j->i++;
	return 0;
}

static int jvalue(struct jscan *j, int depth)
{
	size_t b, e;

	jws(j);
	if (j->i >= j->n || depth > 64)
		return -1;
	switch (j->s[j->i]) {
	case '"':
		return jstring(j, &b, &e);
	case '{':
	case '[': {
		char close = j->s[j->i] == '{' ? '}' : ']';
		bool obj = close == '}';

		j->i++;
		jws(j);
		if (j->i < j->n && j->s[j->i] == close) {
			j->i++;
			return 0;
		}
		for (;;) {
			if (obj) {
				jws(j);
				if (jstring(j, &b, &e))
					return -1;
				jws(j);
				if (j->i >= j->n || j->s[j->i++] != ':')
					return -1;
			}
			if (jvalue(j, depth + 1))
				return -1;
			jws(j);
			if (j->i < j->n && j->s[j->i] == ',') {
				j->i++;
				continue;
			}
			if (j->i < j->n && j->s[j->i] == close) {
				j->i++;
				return 0;
			}
			return -1;
		}
	}
	default:
		if (!strchr("-0123456789tfn", j->s[j->i]))
			return -1;
		while (j->i < j->n && !strchr(",]} \t\r\n", j->s[j->i]))
			j->i++;
		return 0;
	}
}

struct meta_info {
	size_t metrics_close;	/* offset of the metrics array's ']' */
	bool metrics_empty;
	size_t obj_close;	/* offset of the top-level '}' */
	bool has_emu;
	bool complete;
	long failures;		/* size points that failed (0 when absent) */
	long warmup;		/* options.warmup, -1 when absent */
	char qemu[64];		/* extra["vm.qemu"] */
};

static bool jkey_is(const char *s, size_t b, size_t e, const char *k)
{
	return e - b == strlen(k) && !memcmp(s + b, k, e - b);
}

/* the value of a flat object member `key` (a number or string), copied into out */
static void jmember(const char *s, size_t from, size_t to, const char *key, char *out,
		    size_t len)
{
	struct jscan j = { s, from + 1, to };
	size_t b, e;

	jws(&j);
	while (j.i < j.n && s[j.i] == '"') {
		size_t vb;

		if (jstring(&j, &b, &e))
			return;
		jws(&j);
		if (j.i >= j.n || s[j.i++] != ':')
			return;
		jws(&j);
		vb = j.i;
		if (jvalue(&j, 1))
			return;
		if (jkey_is(s, b, e, key)) {
			size_t n = j.i - vb;

			if (s[vb] == '"' && n >= 2) {
				vb++;
				n -= 2;
			}
			if (n >= len)
				n = len - 1;
			memcpy(out, s + vb, n);
			out[n] = 0;
			return;
		}
		jws(&j);
		if (j.i < j.n && s[j.i] == ',')
			j.i++;
		jws(&j);
	}
}

static int meta_scan(const char *s, size_t n, struct meta_info *mi)
{
	struct jscan j = { s, 0, n };
	size_t b, e;
	bool have_metrics = false;

	memset(mi, 0, sizeof(*mi));
	mi->warmup = -1;
	jws(&j);
	if (j.i >= n || s[j.i++] != '{')
		return -1;
	jws(&j);
	if (j.i < n && s[j.i] == '}') {
		mi->obj_close = j.i;
		return -1;
	}
	for (;;) {
		size_t vb;

		jws(&j);
		if (jstring(&j, &b, &e))
			return -1;
		jws(&j);
		if (j.i >= n || s[j.i++] != ':')
			return -1;
		jws(&j);
		vb = j.i;
		if (jvalue(&j, 1))
			return -1;
		if (jkey_is(s, b, e, "metrics") && s[vb] == '[') {
			size_t k = j.i - 1;

			have_metrics = true;
			mi->metrics_close = k;
			while (k > vb && strchr(" \t\r\n", s[k - 1]))
				k--;
			mi->metrics_empty = k == vb + 1;
		} else if (jkey_is(s, b, e, "emu")) {
			mi->has_emu = true;
		} else if (jkey_is(s, b, e, "complete")) {
			mi->complete = !strncmp(s + vb, "true", 4);
		} else if (jkey_is(s, b, e, "failures")) {
			mi->failures = strtol(s + vb, NULL, 10);
		} else if (jkey_is(s, b, e, "options") && s[vb] == '{') {
			char v[32] = "";

			jmember(s, vb, j.i, "warmup", v, sizeof(v));
			if (*v)
				mi->warmup = strtol(v, NULL, 10);
		} else if (jkey_is(s, b, e, "extra") && s[vb] == '{') {
			jmember(s, vb, j.i, "vm.qemu", mi->qemu, sizeof(mi->qemu));
		}
		jws(&j);
		if (j.i < n && s[j.i] == ',') {
			j.i++;
			continue;
		}
		if (j.i < n && s[j.i] == '}') {
			mi->obj_close = j.i;
			break;
		}
		return -1;
	}
	j.i++;
	jws(&j);
	if (j.i != n)
		return -1;
	return have_metrics ? 0 : -1;
}

/* ---- the plugin's counts file ------------------------------------------------------ */

struct counts {
	char target[32];
	char kernel[128];		/* the plugin's kernel ranges (header kernel=), or "" */
	int vcpus;
	int api;
	size_t ncols;			/* count columns (after seq, kind, vcpu) */
	char *col[EM_MAX_COLS];
	size_t nwin;
	bool *warm;			/* per window */
	uint64_t *val;			/* nwin x ncols */
	bool ended;			/* the trailer line is there (QEMU exited cleanly) */
	uint64_t unmatched;
	char *buf;
};

static int counts_read(const char *path, struct counts *c, char *err, size_t elen)
{
	char **lines, *f[EM_MAX_COLS + 3];
	size_t n, i, k, hdr = 0;

	memset(c, 0, sizeof(*c));
	c->buf = slurp(path, NULL);
	if (!c->buf) {
		snprintf(err, elen, "cannot read counts file '%s': %s", path, strerror(errno));
		return -1;
	}
	n = split_lines(c->buf, &lines);
	if (n < 2 || strncmp(lines[0], "# lazycount/1 ", 14)) {
		snprintf(err, elen, "'%s' is not a lazycount/1 counts file", path);
		free(lines);
		return -1;
	}
	for (char *p = strtok(lines[0] + 14, " "); p; p = strtok(NULL, " ")) {
		if (!strncmp(p, "target=", 7))
			snprintf(c->target, sizeof(c->target), "%s", p + 7);
		else if (!strncmp(p, "kernel=", 7))
			snprintf(c->kernel, sizeof(c->kernel), "%s", p + 7);
		else if (!strncmp(p, "vcpus=", 6))
			c->vcpus = atoi(p + 6);
		else if (!strncmp(p, "plugin_api=", 11))
			c->api = atoi(p + 11);
	}
	hdr = split_tabs(lines[1], f, EM_MAX_COLS + 3);
	if (hdr < 4 || strcmp(f[0], "seq") || strcmp(f[1], "kind") || strcmp(f[2], "vcpu")) {
		snprintf(err, elen, "'%s': bad header line", path);
		free(lines);
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
			free(lines);
			return -1;
		}
		c->col[k] = f[3 + k];
	}
	c->warm = calloc(n, sizeof(*c->warm));
	c->val = calloc(n * c->ncols, sizeof(*c->val));
	if (!c->warm || !c->val) {
		snprintf(err, elen, "out of memory");
		free(lines);
		return -1;
	}
	for (i = 2; i < n; i++) {
		if (!*lines[i])
			continue;
		if (lines[i][0] == '#') {
			const char *u = strstr(lines[i], "unmatched=");

			if (!strncmp(lines[i], "# end ", 6))
				c->ended = true;
			if (u)
				c->unmatched = strtoull(u + 10, NULL, 10);
			continue;
		}
		if (c->ended || split_tabs(lines[i], f, EM_MAX_COLS + 3) != hdr ||
		    strtoull(f[0], NULL, 10) != c->nwin ||
		    (strcmp(f[1], "timed") && strcmp(f[1], "warmup"))) {
			snprintf(err, elen, "'%s' line %zu: malformed window row", path, i + 1);
			free(lines);
			return -1;
		}
		c->warm[c->nwin] = !strcmp(f[1], "warmup");
		for (k = 0; k < c->ncols; k++) {
			char *end;

			errno = 0;
			c->val[c->nwin * c->ncols + k] = strtoull(f[3 + k], &end, 10);
			if (*end || end == f[3 + k] || errno) {
				snprintf(err, elen, "'%s' line %zu: bad count '%s'", path, i + 1,
					 f[3 + k]);
				free(lines);
				return -1;
			}
		}
		c->nwin++;
	}
	free(lines);
	if (!c->ended) {
		snprintf(err, elen, "'%s' has no end line: QEMU did not exit cleanly, counts may be "
			 "incomplete", path);
		return -1;
	}
	return 0;
}

/* ---- one run directory ------------------------------------------------------------- */

struct run {
	char path[PATH_MAX];
	char *meta;
	size_t meta_len;
	struct meta_info mi;
	char *samples;
	char **lines;
	size_t nlines;		/* header + rows */
	size_t nrows;
	size_t *win;		/* window index per row */
	size_t first;		/* first window of this run */
	size_t used;		/* windows consumed, warm-ups included */
	const char *how;
};

static int run_load(struct run *r, const char *dir, char *err, size_t elen)
{
	char p[PATH_MAX + 32], *f[4];
	size_t i, hn;

	memset(r, 0, sizeof(*r));
	if (strlen(dir) >= sizeof(r->path)) {
		snprintf(err, elen, "path too long: '%s'", dir);
		return -1;
	}
	snprintf(r->path, sizeof(r->path), "%s", dir);
	while (strlen(r->path) > 1 && r->path[strlen(r->path) - 1] == '/')
		r->path[strlen(r->path) - 1] = 0;
	snprintf(p, sizeof(p), "%s/meta.json", r->path);
	r->meta = slurp(p, &r->meta_len);
	if (!r->meta) {
		snprintf(err, elen, "'%s' is not a run directory (no readable meta.json)", dir);
		return -1;
	}
	if (meta_scan(r->meta, r->meta_len, &r->mi)) {
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
	snprintf(p, sizeof(p), "%s/samples.tsv", r->path);
	r->samples = slurp(p, NULL);
	if (!r->samples) {
		snprintf(err, elen, "cannot read '%s': %s", p, strerror(errno));
		return -1;
	}
	r->nlines = split_lines(r->samples, &r->lines);
	if (r->nlines < 1) {
		snprintf(err, elen, "'%s' is empty", p);
		return -1;
	}
	while (r->nlines > 1 && !*r->lines[r->nlines - 1])
		r->nlines--;
	r->nrows = r->nlines - 1;
	if (strstr(r->lines[0], "\temu_")) {
		snprintf(err, elen, "'%s' already has emu_* columns", p);
		return -1;
	}
	{
		char hdr[64];

		snprintf(hdr, sizeof(hdr), "%.63s", r->lines[0]);
		hn = split_tabs(hdr, f, 4);
		if (hn < 4 || strcmp(f[0], "workload") || strcmp(f[1], "pages")) {
			snprintf(err, elen, "'%s': header does not start with workload, pages", p);
			return -1;
		}
	}
	for (i = 1; i <= r->nrows; i++)
		if (!strchr(r->lines[i], '\t')) {
			snprintf(err, elen, "'%s' line %zu: malformed row", p, i + 1);
			return -1;
		}
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

static const char *col_desc(const char *name, char *buf, size_t len)
{
	const char *b = name + 4;

	if (!strcmp(b, "insns"))
		return "instructions executed at kernel addresses in the window";
	if (!strcmp(b, "uinsns"))
		return "instructions executed at user addresses in the window";
	if (!strcmp(b, "xen_insns"))
		return "instructions executed by the Xen hypervisor in the window";
	if (!strcmp(b, "locked"))
		return "locked instructions (lock prefix, xchg with memory) at kernel addresses";
	if (!strcmp(b, "serializing"))
		return "serialising instructions (cpuid, iret, wrmsr, mov to CR, wbinvd, serialize) "
		       "at kernel addresses";
	if (!strcmp(b, "invlpg"))
		return "invlpg/invpcid at kernel addresses";
	if (!strcmp(b, "crwrite"))
		return "moves to control registers at kernel addresses";
	if (!strcmp(b, "hypercall"))
		return "hypercalls from the kernel (syscall in a Xen PV kernel, vmcall, vmmcall)";
	if (!strcmp(b, "tlbi"))
		return "TLBI instructions at kernel addresses";
	snprintf(buf, len, "%s instructions at kernel addresses", b);
	for (char *p = buf; *p && *p != ' '; p++)
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
	size_t n;
	char *b = slurp(from, &n);
	int r;
	FILE *f;

	if (!b)
		return -1;
	f = fopen(to, "wx");
	if (!f) {
		free(b);
		return -1;
	}
	r = (n && fwrite(b, 1, n, f) != n) || fflush(f) || fsync(fileno(f));
	r |= fclose(f);
	free(b);
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

static int run_write(struct run *r, const struct counts *c, const bool *keep,
		     const struct merge_opts *o, size_t nwarm_dropped,
		     char *err, size_t elen)
{
	char tmp[PATH_MAX + 64], p[PATH_MAX + 400], q[PATH_MAX + 400], dbuf[96], ubuf[64];
	char *out = NULL, *dslash;
	size_t outlen = 0, i, k;
	FILE *m;
	DIR *d;
	struct dirent *e;
	int rc = -1;

	snprintf(tmp, sizeof(tmp), "%s", r->path);
	dslash = strrchr(tmp, '/');
	/* the name is read from r->path: dslash points into tmp, which is rewritten */
	snprintf(tmp, sizeof(tmp), "%.*s.%s.emu-merge.%ld", dslash ? (int)(dslash - tmp + 1) : 0,
		 r->path, dslash ? r->path + (dslash - tmp) + 1 : r->path, (long)getpid());
	if (mkdir(tmp, 0755)) {
		snprintf(err, elen, "cannot create '%s': %s", tmp, strerror(errno));
		return -1;
	}
	/* every other file of the run, unchanged */
	d = opendir(r->path);
	if (!d)
		goto fail_errno;
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
			goto fail;
		}
		if (copy_file(p, q)) {
			closedir(d);
			goto fail_errno;
		}
	}
	closedir(d);
	/* the plugin's raw windows, for provenance (all windows of the guest session) */
	snprintf(q, sizeof(q), "%s/emu-counts.tsv", tmp);
	if (copy_file(o->counts_path, q))
		goto fail_errno;

	/* samples.tsv with the emu_* columns appended */
	m = open_memstream(&out, &outlen);
	if (!m)
		goto fail_errno;
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
	if (fclose(m) || write_file(tmp, "samples.tsv", out, outlen))
		goto fail_errno;
	free(out);
	out = NULL;

	/* meta.json: metrics appended, "emu" added */
	m = open_memstream(&out, &outlen);
	if (!m)
		goto fail_errno;
	fwrite(r->meta, 1, r->mi.metrics_close, m);
	{
		bool first = r->mi.metrics_empty;

		for (k = 0; k < c->ncols; k++) {
			if (!keep[k])
				continue;
			fprintf(m, "%s\n    {\"name\": \"%s\", \"unit\": \"%s\", "
				"\"better\": \"lower\", \"kind\": \"exact\", \"source\": \"emu\", "
				"\"desc\": \"%s (QEMU TCG plugin, per operation)\"}",
				first ? "" : ",", c->col[k], lb_emu_unit(c->col[k], ubuf, sizeof(ubuf)),
				col_desc(c->col[k], dbuf, sizeof(dbuf)));
			first = false;
		}
	}
	fwrite(r->meta + r->mi.metrics_close, 1, r->mi.obj_close - r->mi.metrics_close, m);
	fprintf(m, ",\n  \"emu\": {\"present\": true, \"plugin\": \"lazycount\", "
		"\"plugin_api\": %d, \"qemu\": ", c->api);
	if (o->qemu && *o->qemu)
		fprintf(m, "\"%s\"", o->qemu);
	else if (*r->mi.qemu)
		fprintf(m, "\"%s\"", r->mi.qemu);
	else
		fputs("null", m);
	fprintf(m, ", \"target\": \"%s\", \"vcpus\": %d, \"icount\": ", c->target, c->vcpus);
	if (o->icount)
		fprintf(m, "\"%s\"", o->icount);
	else
		fputs("null", m);
	fprintf(m, ", \"windows\": %zu, \"warmup_windows_dropped\": %zu, \"unmatched_markers\": "
		"%" PRIu64 ", \"matching\": \"%s\", \"kernel_addresses\": \"%s\", "
		"\"columns\": [", r->nrows, nwarm_dropped, c->unmatched, r->how,
		c->kernel[0] ? c->kernel : !strcmp(c->target, "aarch64") ? "bit 63 set" :
		">= 0xffff880000000000 (0xffff8000'00000000-0xffff87ff'ffffffff counted as Xen)");
	{
		bool first = true;

		for (k = 0; k < c->ncols; k++)
			if (keep[k]) {
				fprintf(m, "%s\"%s\"", first ? "" : ", ", c->col[k]);
				first = false;
			}
	}
	fputs("]}", m);
	fwrite(r->meta + r->mi.obj_close, 1, r->meta_len - r->mi.obj_close, m);
	if (fclose(m) || write_file(tmp, "meta.json", out, outlen))
		goto fail_errno;
	free(out);
	out = NULL;

	/* swap the merged copy in */
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, r->path, RENAME_EXCHANGE)) {
		snprintf(err, elen, "cannot swap in the merged '%s': %s", r->path, strerror(errno));
		goto fail;
	}
	rm_tree(tmp);
	return 0;

fail_errno:
	snprintf(err, elen, "writing the merged copy of '%s' failed: %s", r->path, strerror(errno));
fail:
	free(out);
	rm_tree(tmp);
	return rc;
}

static void counts_free(struct counts *c)
{
	free(c->buf);
	free(c->warm);
	free(c->val);
	memset(c, 0, sizeof(*c));
}

static void run_free(struct run *r)
{
	free(r->meta);
	free(r->samples);
	free(r->lines);
	free(r->win);
	memset(r, 0, sizeof(*r));
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

int cmd_emu_merge(int argc, char **argv)
{
	struct merge_opts o = { 0 };
	struct counts c;
	struct run *runs;
	bool flagged = false, keep[EM_MAX_COLS];
	char err[PATH_MAX + 256];
	size_t nruns, i, k, w = 0, nkeep = 0;
	int a, rc;

	for (a = 1; a < argc && argv[a][0] == '-' && argv[a][1]; a++) {
		if (!strcmp(argv[a], "--")) {
			a++;
			break;
		}
		if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
			usage(stdout);
			return LB_EXIT_OK;
		}
		if ((!strcmp(argv[a], "--qemu-version") || !strcmp(argv[a], "--icount")) &&
		    a + 1 < argc) {
			const char *v = argv[a + 1];

			if (strpbrk(v, "\"\\\n\t") || strlen(v) > 60) {
				fprintf(stderr, "lazybench emu-merge: bad value for %s: '%s'\n",
					argv[a], v);
				return LB_EXIT_USAGE;
			}
			if (!strcmp(argv[a], "--icount"))
				o.icount = v;
			else
				o.qemu = v;
			a++;
			continue;
		}
		fprintf(stderr, "lazybench emu-merge: unknown option '%s' (try --help)\n", argv[a]);
		return LB_EXIT_USAGE;
	}
	if (argc - a < 2) {
		fprintf(stderr, "lazybench emu-merge: need COUNTS and at least one RUNDIR "
			"(try --help)\n");
		return LB_EXIT_USAGE;
	}
	o.counts_path = argv[a];
	if (counts_read(argv[a], &c, err, sizeof(err))) {
		fprintf(stderr, "lazybench emu-merge: %s\n", err);
		counts_free(&c);
		return LB_EXIT_USAGE;
	}
	for (i = 0; i < c.nwin; i++)
		flagged |= c.warm[i];
	nruns = (size_t)(argc - a - 1);
	runs = calloc(nruns, sizeof(*runs));
	if (!runs) {
		counts_free(&c);
		return LB_EXIT_FAIL;
	}
	for (i = 0; i < nruns; i++) {
		if (run_load(&runs[i], argv[a + 1 + i], err, sizeof(err)) ||
		    run_match(&runs[i], &c, w, flagged, err, sizeof(err))) {
			fprintf(stderr, "lazybench emu-merge: %s\n", err);
			rc = LB_EXIT_USAGE;
			goto out;
		}
		w += runs[i].used;
	}
	/* trailing warm-up windows (a last point that failed) are allowed, nothing else */
	for (i = w; i < c.nwin; i++)
		if (!flagged || !c.warm[i]) {
			fprintf(stderr, "lazybench emu-merge: the plugin saw %zu windows, the run(s) "
				"account for %zu: wrong or missing run directory?\n", c.nwin, w);
			rc = LB_EXIT_USAGE;
			goto out;
		}
	/* keep the main columns; by-option / rare ones only when some window has them */
	for (k = 0; k < c.ncols; k++) {
		const char *n = c.col[k];

		keep[k] = !strcmp(n, "emu_insns") || !strcmp(n, "emu_uinsns") ||
			  !strcmp(n, "emu_dsb") || !strcmp(n, "emu_dmb") || !strcmp(n, "emu_isb") ||
			  !strcmp(n, "emu_tlbi") || !strcmp(n, "emu_lfence") ||
			  !strcmp(n, "emu_mfence") || !strcmp(n, "emu_sfence") ||
			  !strcmp(n, "emu_locked") || !strcmp(n, "emu_serializing") ||
			  !strcmp(n, "emu_invlpg") || !strcmp(n, "emu_hypercall") ||
			  /* ppc64, sparc64, s390x: each arch's defining counts (emu_metrics) */
			  !strcmp(n, "emu_hcall") || !strcmp(n, "emu_tlbie") ||
			  !strcmp(n, "emu_ptesync") || !strcmp(n, "emu_sync") ||
			  !strcmp(n, "emu_flush") || !strcmp(n, "emu_demap") ||
			  !strcmp(n, "emu_membar_sync") || !strcmp(n, "emu_ipte") ||
			  !strcmp(n, "emu_idte") || !strcmp(n, "emu_serialize");
		for (i = 0; i < c.nwin && !keep[k]; i++)
			keep[k] = c.val[i * c.ncols + k] != 0;
	}
	for (k = 0; k < c.ncols; k++)
		nkeep += keep[k];
	for (i = 0; i < nruns; i++) {
		size_t j, end = i + 1 < nruns ? runs[i].first + runs[i].used : c.nwin;
		size_t dropped = 0;

		for (j = runs[i].first; j < end; j++)
			dropped += flagged ? c.warm[j] : 0;
		if (!flagged)
			dropped = runs[i].used - runs[i].nrows;
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
	return rc;
}
