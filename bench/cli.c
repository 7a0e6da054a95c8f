// SPDX-License-Identifier: GPL-2.0
/* lazybench: `list` and `run` command lines. */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "commands.h"
#include "harness.h"
#include "mapping.h"
#include "rundir/publish.h"
#include "sysinfo.h"
#include "util.h"

void lb_run_usage(FILE *f)
{
	fprintf(f,
		"usage: lazybench run [WORKLOAD...] [--pages LIST] [--reps N] [--warmup N]\n"
		"                     [--cpu N] [--events LIST] [--label L] [--out DIR] [--tap]\n"
		"                     [--folio SIZE]\n"
		"                     [--meta KEY=VALUE]...\n\n"
		"Times the workloads (default: every workload not marked 'by name only' in\n"
		"`lazybench list`) at each size and stores every sample in\n"
		"DIR/LABEL/RUN-ID/{meta.json,samples.tsv,summary.txt} (docs/FORMAT.md).\n\n"
		"  --pages LIST     sizes in pages, comma-separated (default %s)\n"
		"  --reps N         timed repetitions per size (default %d)\n"
		"  --warmup N       untimed warm-up repetitions per size (default %d)\n"
		"  --cpu N          CPU to pin to (default: the CPU lazybench starts on)\n"
		"  --events LIST    perf events, perf's spelling, comma-separated; a leading '+'\n"
		"                   adds to the default list, '' means none. Default:\n"
		"                   %s\n"
		"                   e.g. cycles:k instructions:u r7d page-faults xen:xen_mc_flush\n"
		"  --label L        result label (default: the kernel release)\n"
		"  --out DIR        result root (default: results)\n"
		"  --tap            TAP 13 on stdout (one test point per workload and size)\n"
		"  --folio SIZE     folio size of the h:1 workloads (*-thp): 2M (default, PMD-size\n"
		"                   THP mapped by PTEs) or an mTHP size such as 64k\n"
		"  --meta KEY=VALUE recorded under \"extra\" in meta.json (repeatable; also\n"
		"                   LAZYBENCH_META='K=V K=V'); LAZYBENCH_EMULATED=tcg|kvm|\n"
		"                   xen-pv|none|unknown sets host.emulated; LAZYBENCH_HOST_TIME=\n"
		"                   EPOCH (set by scripts/vm-run) checks this clock against the\n"
		"                   host's and replaces it when they disagree;\n"
		"                   LAZYBENCH_CLOCK_UNTRUSTED=1 (a guest that set its clock from a\n"
		"                   guess) adds the boot id to the run id\n",
		LB_DEFAULT_PAGES, LB_DEFAULT_REPS, LB_DEFAULT_WARMUP, lb_default_events());
}

static void list_usage(FILE *f)
{
	fprintf(f, "usage: lazybench list\n\nLists the workloads: name, flags, kernel path and "
		"description.\n'by name only' workloads are not in the default suite.\n");
}

int cmd_list(int argc, char **argv)
{
	int r = lb_no_args(argc, argv, "lazybench list", list_usage);
	size_t i;

	if (r >= 0)
		return r;
	for (i = 0; i < lb_workload_count(); i++) {
		const struct lb_workload *w = lb_workload_at(i);

		printf("%-16s %s%s\n", w->name, w->desc,
		       (w->flags & LB_WL_NOT_DEFAULT) ? " [by name only]" : "");
		printf("%-16s   kernel path: %s%s\n", "", w->kpath ? w->kpath : "-",
		       (w->flags & LB_WL_NEEDS_ROOT) ? " [needs root]" : "");
	}
	return LB_EXIT_OK;
}

/* index of the --meta/LAZYBENCH_META entry with kv's KEY, or -1 */
static int meta_find(const struct lb_opts *o, const char *kv)
{
	size_t i, l = strcspn(kv, "=");

	for (i = 0; i < o->nmeta; i++)
		if (strcspn(o->meta[i], "=") == l && !strncmp(o->meta[i], kv, l))
			return (int)i;
	return -1;
}

static int meta_ok(const char *kv)
{
	const char *eq = strchr(kv, '='), *p;

	if (!eq || eq == kv)
		return 0;
	for (p = kv; p < eq; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._-", *p)))
			return 0;
	return 1;
}

static int add_event(struct lb_opts *o, const char *spec, char *err, size_t errlen)
{
	struct lb_event *ev;
	size_t i;

	if (o->nev >= LB_MAX_EVENTS) {
		snprintf(err, errlen, "too many events (max %d)", LB_MAX_EVENTS);
		return -1;
	}
	ev = &o->ev[o->nev];
	if (lb_event_parse(spec, ev, err, errlen))
		return -1;
	for (i = 0; i < o->nev; i++) {
		if (!strcmp(o->ev[i].spec, ev->spec))
			return 0;	/* given twice: once is enough */
		if (strcmp(o->ev[i].col, ev->col))
			continue;
		if (ev->kind == LB_EV_TP) {	/* same event name in two subsystems */
			char c[64];

			snprintf(c, sizeof(c), "%.30s", ev->spec);
			*strchr(c, ':') = '_';
			snprintf(ev->col, sizeof(ev->col), "%s", c);
			i = (size_t)-1;	/* check again */
			continue;
		}
		snprintf(err, errlen, "events '%s' and '%s' would share column '%s'",
			 o->ev[i].spec, ev->spec, ev->col);
		return -1;
	}
	o->nev++;
	return 0;
}

static int parse_events(struct lb_opts *o, const char *list, char *err, size_t errlen)
{
	char *copy, *tok, *save = NULL;
	int r = 0;

	o->nev = 0;
	if (*list == '+') {
		if (parse_events(o, lb_default_events(), err, errlen))
			return -1;
		list++;
	}
	/* '' is none; an empty item in a list is a typo, as in --pages */
	if (*list && (list[0] == ',' || list[strlen(list) - 1] == ',' || strstr(list, ",,"))) {
		char q[160];

		lb_quote(q, sizeof(q), list, 100);
		snprintf(err, errlen, "--events: empty item in '%s'", q);
		return -1;
	}
	copy = lb_xstrdup(list);
	for (tok = strtok_r(copy, ",", &save); tok && !r; tok = strtok_r(NULL, ",", &save))
		r = add_event(o, tok, err, errlen);
	free(copy);
	return r;
}

static int parse_pages(struct lb_opts *o, const char *list, char *err, size_t errlen)
{
	uint64_t max = lb_max_pages((size_t)sysconf(_SC_PAGESIZE));
	const char *p = list;

	o->npages = 0;
	for (;;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char num[32];
		uint64_t v;

		if (n == 0 || n >= sizeof(num)) {
			snprintf(err, errlen, "--pages: bad list '%s'", list);
			return -1;
		}
		memcpy(num, p, n);
		num[n] = '\0';
		if (lb_parse_u64(num, 0, UINT64_MAX, &v)) {
			snprintf(err, errlen, "--pages: '%s' is not a number of pages", num);
			return -1;
		}
		if (v == 0 || v > max) {
			snprintf(err, errlen, "--pages: %s is out of range (1..%llu)", num,
				 (unsigned long long)max);
			return -1;
		}
		if (o->npages >= LB_MAX_SIZES) {
			snprintf(err, errlen, "--pages: too many sizes (max %d)", LB_MAX_SIZES);
			return -1;
		}
		{
			size_t j;

			for (j = 0; j < o->npages && o->pages[j] != v; j++)
				;
			if (j == o->npages)	/* given twice: once is enough */
				o->pages[o->npages++] = v;
		}
		if (!e)
			return 0;
		p = e + 1;
	}
}

/* --folio 64k / 2M / 2048k: a power of two from two pages to 2 MiB */
static int parse_folio(struct lb_opts *o, const char *v, char *err, size_t errlen)
{
	size_t n = strlen(v), ps = (size_t)sysconf(_SC_PAGESIZE);
	uint64_t x, mul = 1024;
	char num[32];

	if (n && (v[n - 1] == 'k' || v[n - 1] == 'K'))
		n--;
	else if (n && (v[n - 1] == 'm' || v[n - 1] == 'M'))
		n--, mul = 1024 * 1024;
	if (!n || n >= sizeof(num)) {
		snprintf(err, errlen, "--folio: '%s' is not a size (64k, 2M)", v);
		return -1;
	}
	memcpy(num, v, n);
	num[n] = '\0';
	if (lb_parse_u64(num, 1, 1 << 20, &x) || (x * mul) & (x * mul - 1) ||
	    x * mul < 2 * ps || x * mul > LB_PMD_SIZE) {
		snprintf(err, errlen, "--folio: '%s' is not a power of two from %zuk to 2M", v,
			 2 * ps / 1024);
		return -1;
	}
	o->folio_size = (size_t)(x * mul);
	return 0;
}

/* run's options: getopt_long's table; the value is what parse_option() switches on */
enum {
	OPT_PAGES = 'p', OPT_REPS = 'r', OPT_WARMUP = 'w', OPT_CPU = 'c', OPT_EVENTS = 'e',
	OPT_LABEL = 'l', OPT_OUT = 'o', OPT_META = 'm', OPT_FOLIO = 'f', OPT_TAP = 't',
	OPT_HELP = 'h',
};
static const struct option run_lopts[] = {
	{ "pages", required_argument, NULL, OPT_PAGES },
	{ "reps", required_argument, NULL, OPT_REPS },
	{ "warmup", required_argument, NULL, OPT_WARMUP },
	{ "cpu", required_argument, NULL, OPT_CPU },
	{ "events", required_argument, NULL, OPT_EVENTS },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "meta", required_argument, NULL, OPT_META },
	{ "folio", required_argument, NULL, OPT_FOLIO },
	{ "tap", no_argument, NULL, OPT_TAP },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

static const char *opt_name(int val)
{
	return lb_opt_name(run_lopts, val);
}

static int parse_meta_opt(struct lb_opts *o, const char *v, char *err, size_t errlen)
{
	if (!meta_ok(v)) {
		snprintf(err, errlen, "--meta: '%s' is not KEY=VALUE", v);
		return -1;
	}
	if (o->nmeta >= LB_MAX_META) {
		snprintf(err, errlen, "--meta: too many (max %d)", LB_MAX_META);
		return -1;
	}
	if (meta_find(o, v) >= 0) {
		snprintf(err, errlen, "--meta: key '%.*s' given twice", (int)strcspn(v, "="), v);
		return -1;
	}
	o->meta[o->nmeta++] = v;
	return 0;
}

/* a count option (--reps, --warmup) in lo..hi into *out, or -1 with err */
static int parse_count(const char *name, const char *v, uint64_t lo, uint64_t hi,
		       unsigned long *out, char *err, size_t errlen)
{
	uint64_t n;

	if (lb_parse_u64(v, lo, hi, &n)) {
		snprintf(err, errlen, "--%s: '%s' is not a number in %llu..%llu", name, v,
			 (unsigned long long)lo, (unsigned long long)hi);
		return -1;
	}
	*out = (unsigned long)n;
	return 0;
}

/* one option's value; --pages is kept for after the workloads (its range) */
static int parse_option(struct lb_opts *o, int opt, const char *v, const char **pages,
			char *err, size_t errlen)
{
	uint64_t n;

	switch (opt) {
	case OPT_PAGES:
		*pages = v;
		return 0;
	case OPT_REPS:
		return parse_count("reps", v, 1, LB_MAX_REPS, &o->reps, err, errlen);
	case OPT_WARMUP:
		return parse_count("warmup", v, 0, LB_MAX_WARMUP, &o->warmup, err, errlen);
	case OPT_CPU:
		if (lb_parse_u64(v, 0, CPU_SETSIZE - 1, &n)) {
			snprintf(err, errlen, "--cpu: '%s' is not a CPU number", v);
			return -1;
		}
		o->cpu = (int)n;
		return 0;
	case OPT_EVENTS:
		o->events_given = 1;
		return parse_events(o, v, err, errlen);
	case OPT_LABEL:
		if (!lb_label_ok(v)) {
			char q[160];

			lb_quote(q, sizeof(q), v, 60);
			snprintf(err, errlen, "--label: '%s' is %s", q, lb_label_why(v));
			return -1;
		}
		snprintf(o->label, sizeof(o->label), "%s", v);
		return 0;
	case OPT_OUT:
		if (!*v) {
			snprintf(err, errlen, "--out: empty directory name");
			return -1;
		}
		o->out = v;
		return 0;
	case OPT_META:
		return parse_meta_opt(o, v, err, errlen);
	case OPT_FOLIO:
		return parse_folio(o, v, err, errlen);
	}
	return 0;
}

static int add_workload(struct lb_opts *o, const char *name, char *err, size_t errlen)
{
	const struct lb_workload *w = lb_workload_find(name);
	size_t k;

	if (!w) {
		snprintf(err, errlen, "unknown workload '%s' (see lazybench list)", name);
		return -1;
	}
	for (k = 0; k < o->nwl; k++)
		if (o->wl[k] == w)
			return 0;
	if (o->nwl >= LB_MAX_WL) {
		snprintf(err, errlen, "too many workloads");
		return -1;
	}
	o->wl[o->nwl++] = w;
	return 0;
}

/*
 * The next command-line argument (lb_getopt: in order, spelled out): 0 done, -1 bad
 * (err says why), else the option, or 1 for a workload name; its value or name in *v
 */
static int next_arg(int argc, char **argv, const char **v, char *err, size_t errlen)
{
	const char *a, *name;
	int opt = lb_getopt(argc, argv, run_lopts, v, &a);

	if (opt == ':') {
		snprintf(err, errlen, "--%s needs a value", opt_name(optopt));
		return -1;
	}
	if (opt == '?') {
		snprintf(err, errlen, "unknown option '%s' (see lazybench run --help)", a);
		return -1;
	}
	/* `--label --tap`: the next option is not a value */
	name = opt_name(opt);
	if (opt > 1 && *v && !strchr(a, '=') && !strncmp(*v, "--", 2)) {
		snprintf(err, errlen, "--%s needs a value (got the option '%s'; write --%s=%s if "
			 "that is meant)", name, *v, name, *v);
		return -1;
	}
	return opt;
}

/* the workloads and what they need once the command line is read */
static int parse_finish(struct lb_opts *o, const char *pages, int folio_given, char *err,
			size_t errlen)
{
	size_t k;

	if (parse_pages(o, pages, err, errlen))
		return -1;
	if (folio_given) {
		/* --folio means the h:1 workloads: without one it would change nothing */
		for (k = 0; k < o->nwl; k++) {
			size_t l = strlen(o->wl[k]->name);

			if (l > 4 && !strcmp(o->wl[k]->name + l - 4, "-thp"))
				break;
		}
		if (k == o->nwl) {
			snprintf(err, errlen, "--folio applies to the h:1 workloads (*-thp) only, "
				 "and none is named");
			return -1;
		}
	}
	if (!o->nwl) {
		for (k = 0; k < lb_workload_count() && o->nwl < LB_MAX_WL; k++) {
			const struct lb_workload *w = lb_workload_at(k);

			if (!(w->flags & LB_WL_NOT_DEFAULT))
				o->wl[o->nwl++] = w;
		}
	}
	for (k = 0; k < o->nwl; k++) {
		/* a workload's own input (its environment), refused before anything is written */
		if (o->wl[k]->check && o->wl[k]->check(err, errlen))
			return -1;
	}
	return 0;
}

/* LAZYBENCH_META='K=V K=V': --meta wins over it, a later word over an earlier one */
static int parse_meta_env(struct lb_opts *o, const char *env, char *err, size_t errlen)
{
	char *tok, *save = NULL;
	size_t ncli = o->nmeta;
	int j;

	o->meta_env = lb_xstrdup(env);
	for (tok = strtok_r(o->meta_env, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		if (!meta_ok(tok)) {
			snprintf(err, errlen, "LAZYBENCH_META: '%s' is not KEY=VALUE", tok);
			return -1;
		}
		j = meta_find(o, tok);
		if (j >= 0 && (size_t)j < ncli)
			continue;
		if (j >= 0) {
			o->meta[j] = tok;
			continue;
		}
		if (o->nmeta >= LB_MAX_META) {
			snprintf(err, errlen, "too many --meta/LAZYBENCH_META entries");
			return -1;
		}
		o->meta[o->nmeta++] = tok;
	}
	return 0;
}

/* the environment run reads: LAZYBENCH_{EMULATED,HOST_TIME,CLOCK_UNTRUSTED,META} */
static int parse_env(struct lb_opts *o, char *err, size_t errlen)
{
	const char *env = getenv("LAZYBENCH_EMULATED");
	char q[160];
	uint64_t t;

	if (env && *env && !lb_emulated_ok(env)) {
		lb_quote(q, sizeof(q), env, 60);
		snprintf(err, errlen, "LAZYBENCH_EMULATED: '%s' is not one of tcg, kvm, xen-pv, "
			 "none, unknown", q);
		return -1;
	}
	env = getenv("LAZYBENCH_HOST_TIME");
	if (env && *env) {
		/* seconds since the epoch, 2000 to 2100: anything else is a mistake */
		if (lb_parse_u64(env, 946684800, 4102444800ULL, &t)) {
			lb_quote(q, sizeof(q), env, 60);
			snprintf(err, errlen, "LAZYBENCH_HOST_TIME: '%s' is not a time in seconds "
				 "since the epoch (2000..2100)", q);
			return -1;
		}
		o->host_time = (int64_t)t;
	}
	env = getenv("LAZYBENCH_CLOCK_UNTRUSTED");
	if (env && *env) {
		if (strcmp(env, "1")) {
			lb_quote(q, sizeof(q), env, 60);
			snprintf(err, errlen, "LAZYBENCH_CLOCK_UNTRUSTED: '%s' is not 1", q);
			return -1;
		}
		o->clock_untrusted = 1;
	}
	env = getenv("LAZYBENCH_META");
	if (env && *env)
		return parse_meta_env(o, env, err, errlen);
	return 0;
}

int lb_run_parse(int argc, char **argv, struct lb_opts *o, char *err, size_t errlen)
{
	const char *pages = LB_DEFAULT_PAGES, *v;
	unsigned char given[128] = { 0 };
	int opt;

	memset(o, 0, sizeof(*o));
	o->reps = LB_DEFAULT_REPS;
	o->warmup = LB_DEFAULT_WARMUP;
	o->cpu = -1;
	o->out = "results";
	o->argc = argc;
	o->argv = argv;
	if (parse_events(o, lb_default_events(), err, errlen))
		return -1;
	optind = 1;
	opterr = 0;
	while ((opt = next_arg(argc, argv, &v, err, errlen)) != 0) {
		if (opt < 0)
			return -1;
		if (opt == OPT_HELP)
			return 1;
		if (opt == 1) {
			if (add_workload(o, v, err, errlen))
				return -1;
			continue;
		}
		/* --meta is repeatable; any other option given twice is a mistake */
		if (opt != OPT_META && given[opt]++) {
			snprintf(err, errlen, "--%s given twice (once is allowed)", opt_name(opt));
			return -1;
		}
		if (opt == OPT_TAP)
			o->tap = 1;
		else if (parse_option(o, opt, v, &pages, err, errlen))
			return -1;
	}
	/* after `--`: workload names only */
	for (; optind < argc; optind++)
		if (add_workload(o, argv[optind], err, errlen))
			return -1;
	if (parse_finish(o, pages, given[OPT_FOLIO], err, errlen))
		return -1;
	return parse_env(o, err, errlen);
}

static int mem_available_kb(uint64_t *kb)
{
	char buf[8192], *p;

	if (lb_read_text("/proc/meminfo", buf, sizeof(buf)))
		return -1;
	p = strstr(buf, "MemAvailable:");
	if (!p)
		return -1;
	*kb = strtoull(p + strlen("MemAvailable:"), NULL, 10);
	return 0;
}

int lb_run_check(struct lb_opts *o, char *err, size_t errlen)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE), k;
	uint64_t maxp = 0, kb;

	if (o->cpu >= 0) {
		cpu_set_t set;

		if (sched_getaffinity(0, sizeof(set), &set) || !CPU_ISSET(o->cpu, &set)) {
			snprintf(err, errlen, "--cpu: CPU %d is not available to this process",
				 o->cpu);
			return -1;
		}
	}
	for (k = 0; k < o->npages; k++)
		if (o->pages[k] > maxp)
			maxp = o->pages[k];
	if (!mem_available_kb(&kb) && maxp * (ps / 1024) > kb) {
		snprintf(err, errlen,
			 "--pages: %llu pages (%llu MiB) is more than MemAvailable (%llu MiB)",
			 (unsigned long long)maxp, (unsigned long long)(maxp * ps >> 20),
			 (unsigned long long)(kb >> 10));
		return -1;
	}
	if (lb_out_check(o->out, err, errlen))
		return -1;
	lb_label_default(o);
	if (lb_label_dir_check(o->out, o->label, err, errlen))
		return -1;
	return 0;
}

void lb_opts_free(struct lb_opts *o)
{
	free(o->meta_env);
	o->meta_env = NULL;
}

int cmd_run(int argc, char **argv)
{
	struct lb_opts o;
	char err[512];
	int r;

	r = lb_run_parse(argc, argv, &o, err, sizeof(err));
	if (r == 0)
		r = lb_run_check(&o, err, sizeof(err));
	if (r == 1) {
		lb_run_usage(stdout);
		lb_opts_free(&o);
		return LB_EXIT_OK;
	}
	if (r < 0) {
		lb_puterr("lazybench run: ", err);
		lb_opts_free(&o);
		return LB_EXIT_USAGE;
	}
	r = lb_run(&o);
	lb_opts_free(&o);
	return r;
}
