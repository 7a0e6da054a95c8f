// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench meta RUN KEY=VALUE...: facts added to a run's meta.json "extra" after the run
 * (the LAVA lab, job and device: scripts/lava-fetch), as `run --meta` records them during
 * it; `--set PATH=JSON` sets any member (kernel.kunit: scripts/vm-run; run_id:
 * scripts/compare-revisions), `--get PATH` prints one: the scripts' one way to meta.json.
 * Every other byte of meta.json stays as it was: the new text is spliced in at the
 * offsets the JSON reader found, and the file is replaced atomically.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "rundir/json.h"
#include "rundir/publish.h"
#include "util.h"

#define EXTRA_MAX 32

struct extra_edit {
	const char *text;		/* meta.json as read */
	size_t len;
	const struct json *extra;	/* its "extra" object, or NULL */
	size_t at;			/* where the new members go */
	const char *kv[EXTRA_MAX];	/* KEY=VALUE to add */
	size_t n;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: lazybench meta RUN KEY=VALUE...\n"
		"       lazybench meta RUN --set PATH=JSON...\n"
		"       lazybench meta RUN --get PATH\n"
		"  Reads or changes RUN's meta.json (a run directory) for scripts, keeping every\n"
		"  byte of the file that does not change; the new file replaces it atomically.\n"
		"  KEY=VALUE  adds the fact to \"extra\", as `lazybench run --meta` records it. A\n"
		"             KEY the run states already keeps the run's value (a different one\n"
		"             is said on stderr). KEY is [A-Za-z0-9._-]+.\n"
		"  --set PATH=JSON\n"
		"             sets the member at PATH, a JSON pointer (RFC 6901, no '=' in it:\n"
		"             /kernel/kunit, /extra/vm.guest_run_id), to the JSON value, written on\n"
		"             one line: a member that is there is replaced in place, a new one\n"
		"             goes last in its object, missing objects on PATH are added. Several\n"
		"             are applied in order.\n"
		"  --get PATH prints the member's JSON value on one line (exit 1: not there).\n"
		"  The three are not mixed. Bad input exits 2, writing nothing.\n");
}

static bool key_ok(const char *kv)
{
	const char *eq = strchr(kv, '='), *p;

	if (!eq || eq == kv)
		return false;
	for (p = kv; p < eq; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._-", *p)))
			return false;
	return true;
}

/* "extra"'s member KEY of kv (KEY=VALUE), or NULL */
static const struct json *extra_member(const struct json *extra, const char *kv)
{
	size_t i, l = strcspn(kv, "=");

	for (i = 0; extra && i < extra->n; i++)
		if (strlen(extra->keys[i]) == l && !strncmp(extra->keys[i], kv, l))
			return extra->items[i];
	return NULL;
}

static void put_member(FILE *f, const char *kv)
{
	const char *eq = strchr(kv, '=');
	char key[256];

	snprintf(key, sizeof(key), "%.*s", (int)(eq - kv), kv);
	json_put_str(f, key);
	fputs(": ", f);
	json_put_str(f, eq + 1);
}

/*
 * The new members first in "extra" ({"new": ..., "old": ...}); a meta.json without
 * "extra" (a run before it) gets one as its last member
 */
static void write_edited(FILE *f, void *arg)
{
	const struct extra_edit *e = arg;
	size_t i;

	fwrite(e->text, 1, e->at, f);
	if (!e->extra)
		fputs(",\n  \"extra\": {", f);
	for (i = 0; i < e->n; i++) {
		fputs(i ? ", " : "", f);
		put_member(f, e->kv[i]);
	}
	if (e->extra && e->extra->n)
		fputs(", ", f);
	if (!e->extra)
		fputs("}", f);
	fwrite(e->text + e->at, 1, e->len - e->at, f);
}

/* KEY=VALUE... (e->kv) into "extra": e->text is meta.json as read, m as parsed */
static int meta_extra(const char *run, struct extra_edit *e, const struct json *m)
{
	struct lb_rundir rd = { 0 };
	const char **kv = e->kv;
	size_t i, nkv = e->n;
	int r;

	e->extra = json_get(m, "extra");
	if (e->extra && e->extra->type != JSON_OBJ) {
		fprintf(stderr, "lazybench meta: %s/meta.json: \"extra\" is not an object\n", run);
		return LB_EXIT_USAGE;
	}
	e->at = e->extra ? e->extra->off + 1 : m->end - 1;
	for (i = 0, e->n = 0; i < nkv; i++) {
		const struct json *was = extra_member(e->extra, kv[i]);
		const char *had = json_str(was);

		if (!was) {
			e->kv[e->n++] = kv[i];
			continue;
		}
		if (!had || strcmp(had, strchr(kv[i], '=') + 1))
			fprintf(stderr, "lazybench meta: %s: the run says %.*s=%s, not %s: kept the "
				"run's\n", run, (int)strcspn(kv[i], "="), kv[i],
				had ? had : "(not a string)", strchr(kv[i], '=') + 1);
	}
	snprintf(rd.path, sizeof(rd.path), "%s", run);
	r = e->n ? lb_write_atomic(&rd, "meta.json", write_edited, e) : 0;
	if (r)
		fprintf(stderr, "lazybench meta: writing %s/meta.json: %s\n", run, strerror(-r));
	return r ? LB_EXIT_FAIL : LB_EXIT_OK;
}

#define PTR_MAX 16

/* a JSON pointer (RFC 6901) to an object member: its decoded names */
struct ptr {
	const char *src;		/* as given */
	size_t len;
	size_t n;
	char *name[PTR_MAX];
	size_t upto[PTR_MAX];		/* src's length up to and with name[i] */
};

static void ptr_free(struct ptr *p)
{
	while (p->n)
		free(p->name[--p->n]);
}

/* src[0..len) into p: "/a/b", ~0 is '~' and ~1 '/', no name empty; 0 or -1 */
static int ptr_parse(const char *src, size_t len, struct ptr *p)
{
	size_t i = 0, o;
	char *name;
	int bad = !len || src[0] != '/';

	p->src = src;
	p->len = len;
	p->n = 0;
	while (!bad && i < len) {
		if (p->n == PTR_MAX || i + 1 == len || src[i + 1] == '/') {
			bad = 1;
			break;
		}
		name = lb_xrealloc(NULL, len);
		for (i++, o = 0; i < len && src[i] != '/'; i++) {
			if (src[i] == '~') {
				bad |= i + 1 == len || (src[i + 1] != '0' && src[i + 1] != '1');
				name[o++] = ++i < len && src[i] == '1' ? '/' : '~';
			} else {
				name[o++] = src[i];
			}
		}
		name[o] = '\0';
		p->name[p->n] = name;
		p->upto[p->n++] = i;
	}
	if (bad)
		ptr_free(p);
	return bad ? -1 : 0;
}

struct set_edit {
	const char *arg;		/* PATH=JSON */
	struct ptr path;
	struct json *val;		/* parsed from strchr(arg, '=') + 1 */
};

/* {"name[from]": {... val ...}} */
static void put_nested(FILE *f, const struct set_edit *s, size_t from)
{
	size_t i;

	for (i = from; i < s->path.n; i++) {
		if (i > from)
			putc('{', f);
		json_put_str(f, s->path.name[i]);
		fputs(": ", f);
	}
	json_put_value(f, s->val, strchr(s->arg, '=') + 1);
	for (i = from + 1; i < s->path.n; i++)
		putc('}', f);
}

/*
 * text (len bytes) with s applied into *out (malloc'd, *outlen bytes): 0, or -1 with err
 * saying why (a name on the path is not an object, or text is not JSON)
 */
static int apply_set(const char *text, size_t len, const struct set_edit *s, char **out,
		     size_t *outlen, char *err, size_t errlen)
{
	struct json *m = json_parse(text, len, err, errlen);
	const struct json *cur = m, *child = NULL;
	size_t i, at, resume;
	FILE *f;

	if (!m)
		return -1;
	for (i = 0; i < s->path.n; i++) {
		if (cur->type != JSON_OBJ) {
			snprintf(err, errlen, "--set %s: %.*s is not an object", s->arg,
				 (int)s->path.upto[i - 1], s->path.src);
			json_free(m);
			return -1;
		}
		child = json_get(cur, s->path.name[i]);
		if (!child || i == s->path.n - 1)
			break;
		cur = child;
	}
	f = open_memstream(out, outlen);
	if (!f)
		lb_oom();
	if (child) {		/* replaced where it is */
		at = child->off;
		resume = child->end;
		fwrite(text, 1, at, f);
		json_put_value(f, s->val, strchr(s->arg, '=') + 1);
	} else {		/* last in cur; the top level's members one a line */
		at = cur->n ? cur->items[cur->n - 1]->end : cur->off + 1;
		resume = at;
		fwrite(text, 1, at, f);
		fputs(!cur->n ? "" : cur == m ? ",\n  " : ", ", f);
		put_nested(f, s, i);
	}
	fwrite(text + resume, 1, len - resume, f);
	if (fclose(f))
		lb_oom();
	json_free(m);
	return 0;
}

struct text {
	const char *p;
	size_t len;
};

static void write_text(FILE *f, void *arg)
{
	const struct text *t = arg;

	fwrite(t->p, 1, t->len, f);
}

/* --set PATH=JSON...: each on the text of the one before, then one atomic write */
static int meta_set(const char *run, char *text, size_t len, struct set_edit *set,
		    size_t nset)
{
	struct lb_rundir rd = { 0 };
	char *cur = text, *next = NULL, err[PATH_MAX + 256];
	size_t i, clen = len;
	struct text t;
	int r = 0;

	for (i = 0; i < nset; i++, cur = next, clen = t.len) {
		if (apply_set(cur, clen, &set[i], &next, &t.len, err, sizeof(err))) {
			fprintf(stderr, "lazybench meta: %s/meta.json: %s\n", run, err);
			r = LB_EXIT_USAGE;
			break;
		}
		if (cur != text)
			free(cur);
	}
	if (!r && (clen != len || memcmp(cur, text, len))) {
		snprintf(rd.path, sizeof(rd.path), "%s", run);
		t.p = cur;
		t.len = clen;
		r = lb_write_atomic(&rd, "meta.json", write_text, &t);
		if (r)
			fprintf(stderr, "lazybench meta: writing %s/meta.json: %s\n", run,
				strerror(-r));
		r = r ? LB_EXIT_FAIL : LB_EXIT_OK;
	}
	if (cur != text)
		free(cur);
	return r;
}

static int meta_get(const char *run, const char *text, const struct json *m,
		    const struct ptr *path)
{
	const struct json *v = m;
	size_t i;

	for (i = 0; v && i < path->n; i++)
		v = json_get(v, path->name[i]);
	if (!v) {
		fprintf(stderr, "lazybench meta: %s/meta.json has no %s\n", run, path->src);
		return LB_EXIT_FAIL;
	}
	json_put_value(stdout, v, text);
	putchar('\n');
	return LB_EXIT_OK;
}

/* an operand or option of the command line; 0 or an exit status (said on stderr) */
static int meta_arg(int opt, const char *arg, const char **run, struct extra_edit *e,
		    struct set_edit *set, size_t *nset, struct ptr *get, int *nget)
{
	struct set_edit *s = &set[*nset];
	const char *eq = strchr(arg, '=');
	char err[256];

	if (opt == 1 && !*run) {
		*run = arg;
	} else if (opt == 1) {
		if (!key_ok(arg) || e->n == EXTRA_MAX) {
			fprintf(stderr, "lazybench meta: '%s' is not KEY=VALUE (KEY [A-Za-z0-9._-]+, "
				"at most %d)\n", arg, EXTRA_MAX);
			return LB_EXIT_USAGE;
		}
		e->kv[e->n++] = arg;
	} else if (opt == 'g') {
		if ((*nget)++ || ptr_parse(arg, strlen(arg), get)) {
			fprintf(stderr, "lazybench meta: --get %s: %s\n", arg, *nget > 1 ?
				"one --get at a time" : "not a JSON pointer /NAME[/NAME...]");
			return LB_EXIT_USAGE;
		}
	} else {
		if (*nset == EXTRA_MAX || !eq || ptr_parse(arg, (size_t)(eq - arg), &s->path)) {
			fprintf(stderr, "lazybench meta: --set %s: not PATH=JSON (PATH a JSON pointer "
				"/NAME[/NAME...], at most %d)\n", arg, EXTRA_MAX);
			return LB_EXIT_USAGE;
		}
		s->arg = arg;
		(*nset)++;
		s->val = json_parse(eq + 1, strlen(eq + 1), err, sizeof(err));
		if (!s->val) {
			fprintf(stderr, "lazybench meta: --set %s: the value is not JSON (%s)\n", arg,
				err);
			return LB_EXIT_USAGE;
		}
	}
	return 0;
}

/* the command line into run, e->kv, set[] and get: 0, -1 (--help) or an exit status */
static int meta_args(int argc, char **argv, const char **run, struct extra_edit *e,
		     struct set_edit *set, size_t *nset, struct ptr *get)
{
	static const struct option lopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "set", required_argument, NULL, 's' },
		{ "get", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	const char *arg, *cur;
	int opt, nget = 0, r = 0;

	optind = 1;
	opterr = 0;
	while (!r && (opt = lb_getopt(argc, argv, lopts, &arg, &cur)) != 0) {
		if (opt == 'h') {
			usage(stdout);
			return -1;
		}
		if (opt == ':' || opt == '?') {
			fprintf(stderr, "lazybench meta: %s '%s' (try --help)\n",
				opt == ':' ? "no value for" : "unknown option", cur);
			return LB_EXIT_USAGE;
		}
		r = meta_arg(opt, arg, run, e, set, nset, get, &nget);
	}
	for (; !r && optind < argc; optind++)	/* operands after "--" */
		r = meta_arg(1, argv[optind], run, e, set, nset, get, &nget);
	if (!r && (!*run || !!e->n + !!*nset + nget != 1)) {
		fprintf(stderr, "lazybench meta: %s (try --help)\n", !*run || !(e->n + *nset + nget) ?
			"need a run directory and KEY=VALUE, --set or --get" :
			"KEY=VALUE, --set and --get are not mixed");
		r = LB_EXIT_USAGE;
	}
	return r;
}

int cmd_meta(int argc, char **argv)
{
	struct set_edit set[EXTRA_MAX] = { 0 };
	struct extra_edit e = { 0 };
	struct ptr get = { 0 };
	char path[PATH_MAX + 32], err[PATH_MAX + 256];
	const char *run = NULL;
	struct json *m = NULL;
	char *text = NULL;
	size_t i, nset = 0;
	int r;

	r = meta_args(argc, argv, &run, &e, set, &nset, &get);
	if (r < 0) {		/* --help */
		r = LB_EXIT_OK;
		goto out;
	}
	if (r)
		goto out;
	snprintf(path, sizeof(path), "%s/meta.json", run);
	text = json_read_file(path, &e.len, err, sizeof(err));
	if (text)
		m = json_parse(text, e.len, err, sizeof(err));
	if (!m || m->type != JSON_OBJ) {
		lb_puterr("lazybench meta: ", m ? "meta.json is not a JSON object" : err);
		r = LB_EXIT_USAGE;
		goto out;
	}
	e.text = text;
	if (e.n)
		r = meta_extra(run, &e, m);
	else if (nset)
		r = meta_set(run, text, e.len, set, nset);
	else
		r = meta_get(run, text, m, &get);
out:
	for (i = 0; i < nset; i++) {
		ptr_free(&set[i].path);
		json_free(set[i].val);
	}
	ptr_free(&get);
	json_free(m);
	free(text);
	return r;
}
