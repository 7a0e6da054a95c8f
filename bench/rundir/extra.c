// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench meta RUN KEY=VALUE...: facts added to a run's meta.json "extra" after the run
 * (the LAVA lab, job and device: scripts/lava-fetch), as `run --meta` records them during
 * it. Every other byte of meta.json stays as it was: the new members are spliced in at
 * the offsets the JSON reader found, and the file is replaced atomically.
 */
#include <errno.h>
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
		"  Adds KEY=VALUE to the \"extra\" facts of RUN's meta.json (a run directory),\n"
		"  as `lazybench run --meta` records them, keeping every other byte of the file.\n"
		"  A KEY the run states already keeps the run's value (a different one is said\n"
		"  on stderr). KEY is [A-Za-z0-9._-]+.\n");
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

int cmd_meta(int argc, char **argv)
{
	struct extra_edit e = { 0 };
	struct lb_rundir rd = { 0 };
	char path[PATH_MAX + 32], err[PATH_MAX + 256];
	struct json *m = NULL;
	char *text;
	int a, r;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return LB_EXIT_OK;
	}
	if (argc < 3 || argv[1][0] == '-') {
		fprintf(stderr, "lazybench meta: need a run directory and KEY=VALUE (try --help)\n");
		return LB_EXIT_USAGE;
	}
	for (a = 2; a < argc; a++)
		if (!key_ok(argv[a]) || argc - 2 > EXTRA_MAX) {
			fprintf(stderr, "lazybench meta: '%s' is not KEY=VALUE (KEY [A-Za-z0-9._-]+, "
				"at most %d)\n", argv[a], EXTRA_MAX);
			return LB_EXIT_USAGE;
		}
	snprintf(rd.path, sizeof(rd.path), "%s", argv[1]);
	snprintf(path, sizeof(path), "%s/meta.json", argv[1]);
	text = json_read_file(path, &e.len, err, sizeof(err));
	if (text)
		m = json_parse(text, e.len, err, sizeof(err));
	if (!m || m->type != JSON_OBJ) {
		lb_puterr("lazybench meta: ", m ? "meta.json is not a JSON object" : err);
		json_free(m);
		free(text);
		return LB_EXIT_USAGE;
	}
	e.text = text;
	e.extra = json_get(m, "extra");
	if (e.extra && e.extra->type != JSON_OBJ) {
		fprintf(stderr, "lazybench meta: %s: \"extra\" is not an object\n", path);
		json_free(m);
		free(text);
		return LB_EXIT_USAGE;
	}
	e.at = e.extra ? e.extra->off + 1 : m->end - 1;
	for (a = 2; a < argc; a++) {
		const char *had = json_str(extra_member(e.extra, argv[a]));

		if (!extra_member(e.extra, argv[a])) {
			e.kv[e.n++] = argv[a];
			continue;
		}
		if (!had || strcmp(had, strchr(argv[a], '=') + 1))
			fprintf(stderr, "lazybench meta: %s: the run says %.*s=%s, not %s: kept the "
				"run's\n", argv[1], (int)strcspn(argv[a], "="), argv[a],
				had ? had : "(not a string)", strchr(argv[a], '=') + 1);
	}
	r = e.n ? lb_write_atomic(&rd, "meta.json", write_edited, &e) : 0;
	if (r)
		fprintf(stderr, "lazybench meta: writing %s: %s\n", path, strerror(-r));
	json_free(m);
	free(text);
	return r ? LB_EXIT_FAIL : LB_EXIT_OK;
}
