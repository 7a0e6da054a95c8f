// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the measurement core: number, option and event parsing, statistics and
 * per-PTE division, TSV value formatting, JSON escaping, config parsing, result
 * directories and publish-without-overwrite. Built normally and with ASan/UBSan.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "mapping.h"
#include "perf.h"
#include "rundir/json.h"
#include "rundir/publish.h"
#include "rundir/samples.h"
#include "sysinfo.h"
#include "tap.h"
#include "util.h"

static char tmpdir[256];

static int parse(struct lb_opts *o, char *err, size_t len, int argc, ...)
{
	static char *argv[32];	/* lb_opts keeps it (command_line) */
	va_list ap;
	int i, r;

	va_start(ap, argc);
	for (i = 0; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	argv[argc] = NULL;
	err[0] = '\0';
	r = lb_run_parse(argc, argv, o, err, len);
	return r;
}

static void test_numbers(void)
{
	uint64_t v = 0;

	ok(!lb_parse_u64("512", 1, 1000, &v) && v == 512, "parse 512");
	ok(lb_parse_u64("0", 1, 1000, &v), "0 below min rejected");
	ok(lb_parse_u64("1001", 1, 1000, &v), "above max rejected");
	ok(lb_parse_u64("12x", 0, 1000, &v), "junk rejected");
	ok(lb_parse_u64("-1", 0, 1000, &v), "sign rejected");
	ok(lb_parse_u64("", 0, 1000, &v), "empty rejected");
	ok(lb_parse_u64("99999999999999999999999", 0, UINT64_MAX, &v), "overflow rejected");
	ok(!lb_parse_u64("18446744073709551615", 0, UINT64_MAX, &v) && v == UINT64_MAX,
	   "UINT64_MAX accepted");
}

static void test_events(void)
{
	struct lb_event ev;
	char err[256], dir[PATH_MAX + 64];
	FILE *f;

	ok(!lb_event_parse("cycles:k", &ev, err, sizeof(err)) && ev.resolved &&
	   ev.attr.type == PERF_TYPE_HARDWARE && ev.attr.config == PERF_COUNT_HW_CPU_CYCLES &&
	   ev.attr.exclude_user && !ev.attr.exclude_kernel && !strcmp(ev.col, "cycles"),
	   "cycles:k: hardware cycles, kernel only, column cycles");
	ok(!lb_event_parse("instructions:u", &ev, err, sizeof(err)) && !ev.attr.exclude_user &&
	   ev.attr.exclude_kernel && !strcmp(ev.col, "instructions_u"),
	   "instructions:u: user only, column instructions_u");
	ok(!lb_event_parse("r7d", &ev, err, sizeof(err)) && ev.attr.type == PERF_TYPE_RAW &&
	   ev.attr.config == 0x7d, "r7d: raw 0x7d");
#if defined(__aarch64__)
	ok(!strcmp(ev.col, "dsb_spec"), "r7d column is dsb_spec on arm64");
#else
	ok(!strcmp(ev.col, "r7d"), "r7d column is r7d off arm64");
#endif
	ok(!lb_event_parse("r1A2b:k", &ev, err, sizeof(err)) && ev.attr.config == 0x1a2b &&
	   ev.attr.exclude_user, "rXXX with modifier");
	ok(!lb_event_parse("page-faults", &ev, err, sizeof(err)) &&
	   ev.attr.type == PERF_TYPE_SOFTWARE && ev.attr.config == PERF_COUNT_SW_PAGE_FAULTS &&
	   !strcmp(ev.col, "page_faults"), "page-faults: software, column page_faults");
	ok(!lb_event_parse("context-switches", &ev, err, sizeof(err)) &&
	   !strcmp(ev.col, "context_switches"), "context-switches");
	ok(lb_event_parse("cyclez", &ev, err, sizeof(err)) && strstr(err, "cyclez"),
	   "unknown event rejected, message names it: %s", err);
	ok(lb_event_parse("cycles:q", &ev, err, sizeof(err)), "bad modifier rejected");
	ok(lb_event_parse("", &ev, err, sizeof(err)), "empty event rejected");
	ok(lb_event_parse("a:b:c", &ev, err, sizeof(err)), "a:b:c rejected");
	ok(lb_event_parse("rxyz", &ev, err, sizeof(err)), "rxyz (not hex, not known) rejected");

	/* tracepoints resolve through tracefs events/<sys>/<name>/id */
	snprintf(dir, sizeof(dir), "%s/tracefs/events/xen/xen_mc_flush", tmpdir);
	{
		char cmd[PATH_MAX * 2];

		snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", dir);
		ok(!system(cmd), "fake tracefs created");
	}
	strcat(dir, "/id");
	f = fopen(dir, "w");
	fputs("1234\n", f);
	fclose(f);
	snprintf(dir, sizeof(dir), "%s/tracefs", tmpdir);
	setenv("LAZYBENCH_TRACEFS", dir, 1);
	ok(!lb_event_parse("xen:xen_mc_flush", &ev, err, sizeof(err)) && ev.resolved &&
	   ev.attr.type == PERF_TYPE_TRACEPOINT && ev.attr.config == 1234 &&
	   !strcmp(ev.col, "xen_mc_flush"), "tracepoint id read from tracefs");
	ok(!lb_event_parse("xen:xen_mmu_set_pte", &ev, err, sizeof(err)) && !ev.resolved &&
	   strstr(ev.reason, "not available"),
	   "missing tracepoint parses but is unavailable: %s", ev.reason);
	unsetenv("LAZYBENCH_TRACEFS");
}

static void test_options(void)
{
	static struct lb_opts o;
	char err[512];
	size_t i;
	int has_mremap = 0, has_empty = 0;

	ok(parse(&o, err, sizeof(err), 1, "run") == 0, "defaults parse");
	ok(o.reps == LB_DEFAULT_REPS && o.warmup == LB_DEFAULT_WARMUP && o.cpu == -1 &&
	   !o.tap && !strcmp(o.out, "results"), "default reps, warmup, cpu, out");
	ok(o.npages == 5 && o.pages[0] == 1 && o.pages[4] == 65536, "default sizes");
	for (i = 0; i < o.nwl; i++) {
		has_mremap |= !strcmp(o.wl[i]->name, "mremap");
		has_empty |= !strcmp(o.wl[i]->name, "empty");
	}
	ok(has_mremap && !has_empty, "default suite: mremap in, empty (by name only) out");
	ok(o.nev >= 2 && !strcmp(o.ev[0].spec, "cycles:k"), "default events start cycles:k");
	lb_opts_free(&o);

	ok(parse(&o, err, sizeof(err), 13, "run", "mremap", "empty", "--pages", "3,7",
		 "--reps=5", "--warmup", "0", "--cpu", "0", "--tap", "--events",
		 "page-faults") == 0, "full command line parses: %s", err);
	ok(o.nwl == 2 && o.npages == 2 && o.pages[1] == 7 && o.reps == 5 && o.warmup == 0 &&
	   o.cpu == 0 && o.tap && o.nev == 1, "values taken");
	lb_opts_free(&o);
	ok(parse(&o, err, sizeof(err), 3, "run", "--pages", "1,16,1,16,1") == 0 &&
	   o.npages == 2 && o.pages[0] == 1 && o.pages[1] == 16,
	   "--pages 1,16,1,16,1: each size once, in order");
	lb_opts_free(&o);
	ok(parse(&o, err, sizeof(err), 5, "run", "--cpu", "0", "--cpu=1") < 0 &&
	   strstr(err, "--cpu given twice"), "an option given twice: %s", err);
	lb_opts_free(&o);
	ok(parse(&o, err, sizeof(err), 5, "run", "--meta", "a=1", "--meta", "b=2") == 0 &&
	   o.nmeta == 2, "--meta is repeatable");
	lb_opts_free(&o);
	ok(parse(&o, err, sizeof(err), 3, "run", "--label=--tap", "--tap") == 0 &&
	   !strcmp(o.label, "--tap") && o.tap, "--label=VALUE may look like an option");
	lb_opts_free(&o);
	ok(parse(&o, err, sizeof(err), 3, "run", "--events", "cycles:pp,instructions:kP") == 0 &&
	   o.nev == 2 && o.ev[0].attr.precise_ip == 2 && !strcmp(o.ev[0].col, "cycles") &&
	   !strcmp(o.ev[1].col, "instructions"), "perf's cycles:pp and :kP accepted: %s", err);
	lb_opts_free(&o);
	ok(parse(&o, err, sizeof(err), 3, "run", "--events", "+page-faults") == 0 &&
	   o.nev >= 3 && !strcmp(o.ev[o.nev - 1].spec, "page-faults"), "+ adds to defaults");
	lb_opts_free(&o);
	ok(parse(&o, err, sizeof(err), 3, "run", "--events", "") == 0 && o.nev == 0,
	   "--events '' means none");
	lb_opts_free(&o);
	ok(parse(&o, err, sizeof(err), 3, "run", "--meta", "vm.accel=tcg") == 0 &&
	   o.nmeta == 1, "--meta KEY=VALUE");
	lb_opts_free(&o);
	setenv("LAZYBENCH_META", "a=1 b=two", 1);
	ok(parse(&o, err, sizeof(err), 1, "run") == 0 && o.nmeta == 2 &&
	   !strcmp(o.meta[1], "b=two"), "LAZYBENCH_META split on spaces");
	lb_opts_free(&o);
	setenv("LAZYBENCH_META", "novalue", 1);
	ok(parse(&o, err, sizeof(err), 1, "run") < 0, "bad LAZYBENCH_META rejected: %s", err);
	lb_opts_free(&o);
	setenv("LAZYBENCH_META", "k=env x=1 x=2", 1);
	ok(parse(&o, err, sizeof(err), 3, "run", "--meta", "k=cli") == 0 && o.nmeta == 2 &&
	   !strcmp(o.meta[0], "k=cli") && !strcmp(o.meta[1], "x=2"),
	   "a key once in meta.json: --meta over LAZYBENCH_META, a later word over an earlier");
	lb_opts_free(&o);
	ok(parse(&o, err, sizeof(err), 5, "run", "--meta", "k=1", "--meta", "k=2") < 0 &&
	   strstr(err, "key 'k' given twice"), "--meta with a key twice rejected: %s", err);
	lb_opts_free(&o);
	unsetenv("LAZYBENCH_META");

	/* every bad input: -1 and a one-line message */
	{
		static const char *const bad[][3] = {
			{ "nosuchworkload", NULL, NULL },
			{ "--pages", "0", NULL },
			{ "--pages", "abc", NULL },
			{ "--pages", "1,,2", NULL },
			{ "--pages", "99999999999", NULL },
			{ "--pages", "-5", NULL },
			{ "--reps", "0", NULL },
			{ "--reps", "x", NULL },
			{ "--warmup", "-1", NULL },
			{ "--cpu", "abc", NULL },
			{ "--cpu", "100000", NULL },
			{ "--events", "bogus", NULL },
			{ "--events", "cycles:z", NULL },
			{ "--label", "a/b", NULL },
			{ "--label", "..", NULL },
			{ "--meta", "=x", NULL },
			{ "--frobnicate", NULL, NULL },
			{ "--reps", NULL, NULL },
			{ "--out", "", NULL },
		};
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			int n = bad[i][1] ? 3 : 2, r;

			r = parse(&o, err, sizeof(err), n, "run", bad[i][0], bad[i][1]);
			ok(r < 0 && err[0] && !strchr(err, '\n'), "rejected: %s %s -> %s", bad[i][0],
			   bad[i][1] ? bad[i][1] : "", err);
			lb_opts_free(&o);
		}
	}
	ok(parse(&o, err, sizeof(err), 2, "run", "--help") == 1, "--help returns 1");
	lb_opts_free(&o);
}

static void test_stats(void)
{
	double a[] = { 5, 1, 3 }, b[] = { 4, 1, 3, 2 }, c[] = { 2, NAN, 4 };
	double d[] = { 10, 10, 10 };
	char buf[64];

	ok(lb_median(a, 3) == 3, "median odd");
	ok(lb_median(b, 4) == 2.5, "median even");
	ok(lb_median(c, 3) == 3, "median ignores NaN");
	ok(isnan(lb_median(a, 0)), "median of nothing is NaN");
	ok(lb_cv(d, 3) == 0, "cv of constant is 0");
	ok(lb_quantile(b, 4, 0.25) == 1.75 && lb_quantile(b, 4, 0.75) == 3.25 &&
	   lb_quantile(b, 4, 0) == 1 && lb_quantile(b, 4, 1) == 4, "quartiles interpolate");
	ok(isnan(lb_quantile(b, 4, 1.5)), "quantile outside [0,1] is NaN");
	ok(fabs(lb_cv(b, 4) - 1.2909944487358056 / 2.5) < 1e-12, "cv = sd/mean");
	ok(lb_per_pte(1024, 512) == 2, "per-PTE division");
	ok(isnan(lb_per_pte(1024, 0)), "per-PTE with 0 ptes is NaN");
	ok(isnan(lb_per_pte(NAN, 4)), "per-PTE of NaN is NaN");
	rd_samples_value(buf, sizeof(buf), 123456789);
	ok(!strcmp(buf, "123456789"), "integers exact in TSV");
	rd_samples_value(buf, sizeof(buf), NAN);
	ok(!strcmp(buf, "-"), "NaN written as -");
	rd_samples_value(buf, sizeof(buf), 1.5);
	ok(!strcmp(buf, "1.5"), "fractions");
}

static void test_json(void)
{
	char *s = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&s, &n);

	json_put_str(f, "a\"b\\c\nd\te\x01");
	fputc(' ', f);
	json_put_str(f, NULL);
	fputc(' ', f);
	json_put_num(f, NAN);
	fputc(' ', f);
	json_put_num(f, 42);
	fputc(' ', f);
	json_put_num(f, 0.1 + 0.2);	/* 10 significant digits: compare --format json */
	fclose(f);
	ok(!strcmp(s, "\"a\\\"b\\\\c\\nd\\te\\u0001\" null null 42 0.3"), "JSON escaping: %s", s);
	free(s);
}

/* the reader: \u escapes (a surrogate pair is one code point), values' byte offsets */
static void test_json_read(void)
{
	static const char t[] = "{\"a\": \"x\\u00e9\\ud83d\\ude00\", \"m\": [1, 2] }";
	char err[200];
	struct json *v = json_parse(t, sizeof(t) - 1, err, sizeof(err));
	const struct json *a = json_get(v, "a"), *m = json_get(v, "m");

	ok(a && !strcmp(json_str(a), "x\xc3\xa9\xf0\x9f\x98\x80"), "JSON \\u escapes and a "
	   "surrogate pair read as UTF-8");
	ok(m && v && m->off == (size_t)(strchr(t, '[') - t) &&
	   m->end == (size_t)(strchr(t, ']') - t) + 1 && v->off == 0 && v->end == sizeof(t) - 1,
	   "JSON values' byte offsets (an editor splices there)");
	json_free(v);
	v = json_parse("\"\\ud83d\"", 8, err, sizeof(err));
	ok(!v && strstr(err, "lone surrogate"), "a lone surrogate is refused: %s", err);
	v = json_parse("\"\\u0000\"", 8, err, sizeof(err));
	ok(!v && strstr(err, "NUL"), "\\u0000 is refused: %s", err);
}

static void test_config(void)
{
	struct lb_sysinfo si;

	memset(&si, 0, sizeof(si));
	lb_config_parse(&si, "# CONFIG_KASAN is not set\nCONFIG_DEBUG_PAGEALLOC=y\n"
			"CONFIG_PARAVIRT=y\nCONFIG_XEN_PV_X=y\nXCONFIG_ARCH_HAS_LAZY_MMU_MODE=y\n");
	ok(!strcmp(si.config[0], "n") && !strcmp(si.config[1], "y") &&
	   !strcmp(si.config[2], "y") && !strcmp(si.config[3], "n") &&
	   !strcmp(si.config[4], "n"), "config facts: exact keys at line start only");
}

static int write_hello(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs("hello\n", f);
	return fclose(f);
}

static void body(FILE *f, void *arg)
{
	fputs(arg, f);
}

static void test_results(void)
{
	struct lb_rundir a, b;
	char err[512], p[PATH_MAX], q[PATH_MAX * 3], buf[64];
	time_t t = 1700000000;

	snprintf(p, sizeof(p), "%s/out", tmpdir);
	ok(!lb_out_check(p, err, sizeof(err)), "non-existent --out under a writable dir is ok");
	snprintf(q, sizeof(q), "%s/file", tmpdir);
	write_hello(q);
	ok(lb_out_check(q, err, sizeof(err)) && strstr(err, "not a directory"),
	   "--out that is a file rejected: %s", err);
	snprintf(q, sizeof(q), "%s/file/sub", tmpdir);
	ok(lb_out_check(q, err, sizeof(err)) != 0, "--out below a file rejected: %s", err);
	ok(lb_label_ok("6.12.0-rc1+") && !lb_label_ok("a/b") && !lb_label_ok(".") &&
	   !lb_label_ok(""), "labels");

	ok(!lb_rundir_create(&a, p, "lbl", "my host", t, NULL, err, sizeof(err)) &&
	   strstr(a.path, "/.20231114-221320-my_host.new") &&
	   !strcmp(a.run_id, "20231114-221320-my_host"),
	   "run dir staged hidden (readers skip it): %s", a.path);
	ok(!lb_rundir_open(&a, err, sizeof(err)) && strstr(a.path, ".incomplete"),
	   "then renamed to .incomplete: %s", a.path);
	ok(!lb_rundir_create(&b, p, "lbl", "my host", t, NULL, err, sizeof(err)) &&
	   !strcmp(b.run_id, "20231114-221320-my_host-2"), "same second: -2 suffix (%s)",
	   b.run_id);
	ok(!lb_write_atomic(&a, "meta.json", body, "{}\n"), "atomic write");
	snprintf(q, sizeof(q), "%s/meta.json", a.path);
	ok(!lb_read_text(q, buf, sizeof(buf)) && !strcmp(buf, "{}"), "content written");
	snprintf(q, sizeof(q), "%s/.meta.json.tmp", a.path);
	ok(access(q, F_OK) && errno == ENOENT, "no temp file left");
	ok(!lb_rundir_publish(&a, err, sizeof(err)) && !strstr(a.path, ".incomplete"),
	   "published: %s", a.path);

	/* b's final name is free; make a finished run appear under b's name, then publish */
	snprintf(q, sizeof(q), "%s/lbl/%s", p, b.run_id);
	ok(!mkdir(q, 0777), "a finished run takes b's name");
	strcat(q, "/meta.json");
	write_hello(q);
	ok(!lb_rundir_publish(&b, err, sizeof(err)) && strstr(b.run_id, "-2-2"),
	   "publish never overwrites: went to %s", b.run_id);
	ok(!lb_read_text(q, buf, sizeof(buf)) && !strcmp(buf, "hello"), "existing run intact");

	snprintf(p, sizeof(p), "%s/x", tmpdir);
	snprintf(q, sizeof(q), "%s/y", tmpdir);
	write_hello(p);
	write_hello(q);
	ok(lb_rename_noreplace(p, q) && errno == EEXIST, "rename_noreplace refuses to replace");
	ok(!lb_read_text(q, buf, sizeof(buf)) && !strcmp(buf, "hello") && !access(p, F_OK),
	   "both files intact");
}

/* test-only workloads: an extra column, and a PTE count that differs from pages */
static const char *const tx_cols[] = { "kns", "kcycles", NULL };

static int tx_op(struct lb_ctx *ctx)
{
	ctx->extra_val[0] = 1000.0 + (double)ctx->pages;
	/* kcycles left NaN: written as "-" */
	return 0;
}

static int tp_init(struct lb_ctx *ctx)
{
	ctx->ptes = ctx->pages * 2;
	return 0;
}

static int ts_init(struct lb_ctx *ctx)
{
	snprintf(ctx->skip_reason, sizeof(ctx->skip_reason), "feature missing");
	return LB_SKIP;
}

static const struct lb_workload wl_tx = {
	.name = "test-extra", .desc = "test", .kpath = "none", .flags = LB_WL_NOT_DEFAULT,
	.extra_cols = tx_cols, .op = tx_op,
};
LB_WORKLOAD(wl_tx);
static const struct lb_workload wl_tp = {
	.name = "test-ptes", .desc = "test", .kpath = "none", .flags = LB_WL_NOT_DEFAULT,
	.init = tp_init,
};
LB_WORKLOAD(wl_tp);
/* sleeps inside the window: a voluntary context switch, so contam = 1 */
static int tz_op(struct lb_ctx *ctx)
{
	(void)ctx;
	usleep(2000);
	return 0;
}

static const struct lb_workload wl_tz = {
	.name = "test-sleep", .desc = "test", .kpath = "none", .flags = LB_WL_NOT_DEFAULT,
	.op = tz_op,
};
LB_WORKLOAD(wl_tz);
static const struct lb_workload wl_ts = {
	.name = "test-skip", .desc = "test", .kpath = "none", .flags = LB_WL_NOT_DEFAULT,
	.init = ts_init,
};
LB_WORKLOAD(wl_ts);

static void test_harness_columns(void)
{
	static struct lb_opts o;
	char err[512], out[300], cmd[700], buf[4096];
	int r, so;

	snprintf(out, sizeof(out), "%s/h", tmpdir);
	r = parse(&o, err, sizeof(err), 13, "run", "test-extra", "test-ptes", "test-skip",
		  "test-sleep", "--pages", "3", "--reps", "2", "--events", "", "--out", out);
	ok(r == 0 && !lb_run_check(&o, err, sizeof(err)), "harness run parses: %s", err);
	fflush(stdout);
	so = dup(1);
	{
		int nul = open("/dev/null", O_WRONLY);

		dup2(nul, 1);	/* the run's summary is not TAP */
		close(nul);
	}
	r = lb_run(&o);
	fflush(stdout);
	dup2(so, 1);
	close(so);
	lb_opts_free(&o);
	ok(r == 0, "harness run exits 0");
	snprintf(cmd, sizeof(cmd), "cat %s/*/*/samples.tsv", out);
	{
		FILE *p = popen(cmd, "r");
		size_t n = p ? fread(buf, 1, sizeof(buf) - 1, p) : 0;

		buf[n] = '\0';
		if (p)
			pclose(p);
	}
#define HDR "workload\tpages\tptes\trep\tns\tctx_switches\tcpu_migrations\tkns\tkcycles\tcontam\n"
	ok(!strncmp(buf, HDR, strlen(HDR)),
	   "header: ns, the contamination counts, extra columns once, contam last");
	ok(strstr(buf, "test-extra\t3\t3\t0\t") && strstr(buf, "\t0\t0\t1003\t-\t0\n"),
	   "extra value written, NaN as -, a clean window: contam 0");
	ok(strstr(buf, "test-ptes\t3\t6\t1\t") && strstr(buf, "\t-\t-\t0\n"),
	   "ptes from init (6 for 3 pages); no extra columns there: -");
	{
		char *z = strstr(buf, "test-sleep\t3\t3\t0\t");
		char *nl = z ? strchr(z, '\n') : NULL;

		ok(nl && nl - z > 2 && !strncmp(nl - 2, "\t1", 2) && !strstr(z, "\t0\t0\t-\t-\t"),
		   "a window that slept: ctx_switches > 0, contam 1");
	}
	snprintf(cmd, sizeof(cmd), "grep -q '^contaminated: 2 of 6 samples' %s/*/*/summary.txt",
		 out);
	ok(!system(cmd), "summary.txt: how many samples were contaminated");
	snprintf(cmd, sizeof(cmd), "grep -q 'test-sleep.*2 of 2 samples contaminated.*no clean' "
		 "%s/*/*/summary.txt", out);
	ok(!system(cmd), "summary.txt: a point without a clean sample says so");
	snprintf(cmd, sizeof(cmd), "grep -q '\"contaminated\": 2' %s/*/*/meta.json", out);
	ok(!system(cmd), "meta.json: contam counts");
	ok(!strstr(buf, "test-skip"), "a skipped workload writes no rows");
	snprintf(cmd, sizeof(cmd), "grep -q 'feature missing' %s/*/*/meta.json", out);
	ok(!system(cmd), "skip reason in meta.json");
	snprintf(cmd, sizeof(cmd), "awk '$1 == \"test-ptes\" && $4 == \"ns\" "
		 "{ exit !($6 * 6 - $5 < 0.01 && $5 - $6 * 6 < 0.01) }' %s/*/*/summary.txt", out);
	ok(!system(cmd), "summary per-PTE = per-op / ptes (6)");
}

/* the h:1 check tells PTE-mapped large folios from order-0 pages and from PMD mappings */
static void test_folio_check(void)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE), n = (2UL << 20) / ps * 2;
	char why[160];
	char *p;
	int fp;

	if (access("/proc/kpageflags", R_OK)) {
		ok(1, "# SKIP needs root for /proc/kpageflags");
		return;
	}
	prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0);
	p = lb_map_fixed(2, 0, n, ps);	/* order-0 (MADV_NOHUGEPAGE) */
	lb_populate(p, n, ps);
	fp = lb_folio_check(p, n, ps, why, sizeof(why));
	ok(fp == 1 && strstr(why, "0 of"), "order-0 pages: 1 page per folio, said so (%d: %s)",
	   fp, why);
	munmap(p, n * ps);
	p = lb_slot_addr(2, 0, ps);
	p = mmap(p, n * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	madvise(p, n * ps, MADV_HUGEPAGE);
	lb_populate(p, n, ps);
	fp = lb_folio_check(p, n, ps, why, sizeof(why));
	ok(fp < 0 && strstr(why, "PMD-mapped"), "PMD-mapped THP refused (%d: %s)", fp, why);
	munmap(p, n * ps);
	{
		struct lb_ctx c = { .pages = n, .page_size = ps };

		p = lb_map_thp_pte(&c, 2);
	}
	fp = p ? lb_folio_check(p, n, ps, why, sizeof(why)) : -1;
	ok(fp == (int)((2UL << 20) / ps) && !why[0], "PTE-mapped 2 MiB folios: %d pages each%s%s",
	   fp, why[0] ? ": " : "", why);
	if (p)
		munmap(p, n * ps);
	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
}

static void test_mapping(void)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);
	char *a = lb_slot_addr(0, 1, ps), *b = lb_slot_addr(1, 2, ps);

	ok(((uintptr_t)a & ((1UL << 30) - 1)) == ps && ((uintptr_t)b & ((1UL << 30) - 1)) == 2 * ps,
	   "slots 1 GiB aligned, offsets in pages");
#if !defined(__SANITIZE_ADDRESS__)
	ok((uintptr_t)lb_slot_addr(LB_NSLOTS - 1, 0, ps) + LB_SLOT_STRIDE <= (1UL << 39),
	   "all slots fit a 39-bit address space");
#endif
	ok(!lb_slot_addr(LB_NSLOTS, 0, ps), "no slot beyond the last");
}

int main(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/lb-unit-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_numbers();
	test_events();
	test_options();
	test_stats();
	test_json();
	test_json_read();
	test_config();
	test_results();
	test_mapping();
	test_folio_check();
	test_harness_columns();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd))
		printf("# could not remove %s\n", tmpdir);
	return tap_done();
}
