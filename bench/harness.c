// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench: the measurement loop. Per repetition, outside the window: prepare, a
 * counter snapshot; inside: marker, counters on, reference counter, clock, op, clock,
 * reference counter, counters off, marker; outside again: a snapshot, cleanup.
 */
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "contam.h"
#include "harness.h"
#include "marker.h"
#include "rundir/json.h"
#include "rundir/publish.h"
#include "rundir/samples.h"
#include "run-out.h"
#include "sysinfo.h"
#include "util.h"

#define LB_MAX_COLS (LB_MAX_EVENTS + 3 + 4 * LB_MAX_EXTRA)

static volatile sig_atomic_t stop_signal;

/* each ends the run like Ctrl-C: after the current operation, marked, summary written */
static const int lb_stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

/* kept free in the run directory so a full disk still gets its reason recorded */
#define LB_RESERVE_BYTES (128 * 1024)

static void on_signal(int sig)
{
	stop_signal = sig;
}

static int stdout_errno;	/* the first failed write to stdout (TAP, the summary) */

static void flush_stdout(void)
{
	if (fflush(stdout) && !stdout_errno)
		stdout_errno = errno ? errno : EIO;
}

/*
 * The summary or TAP on stdout did not get out (run --tap > /dev/full): the run's files
 * hold it, but whoever reads stdout lost it, so the exit status says so.
 */
static int check_stdout(int r)
{
	flush_stdout();
	if (!stdout_errno && !ferror(stdout))
		return r;
	fprintf(stderr, "lazybench run: writing to standard output failed: %s (what was "
		"printed there is lost; the run's files keep it)\n",
		strerror(stdout_errno ? stdout_errno : EIO));
	return r ? r : LB_EXIT_FAIL;
}

/* where start_time, end_time and the run id come from (wall_check()) */
struct lb_wall {
	int from_host;		/* times are host_time + CLOCK_BOOTTIME */
	int trusted;		/* 1 agreed with the host, 0 did not, -1 not checked */
	int64_t host_time;	/* LAZYBENCH_HOST_TIME or 0 */
	time_t clock_read;	/* what this machine's clock said at the start */
	time_t start_bt;	/* CLOCK_BOOTTIME at the start */
};

struct lb_col {
	char name[64];
	int ev;			/* index in o->ev[], or -1 */
	int ref;		/* the reference counter */
	int builtin;		/* LB_COL_CS / LB_COL_MIG: the harness's contamination counts */
	int extra;		/* index in lb_ctx.extra_val for the current workload, or -1 */
	const char *extra_name;	/* extra column name */
};

enum { LB_COL_CS = 1, LB_COL_MIG = 2 };

struct lb_skip {
	const char *wl;
	uint64_t pages;
	char reason[160];
};

struct lb_state {
	struct lb_opts *o;
	struct lb_sysinfo si;
	struct lb_rundir rd;
	const struct lb_run_out *out[2];	/* the progress, and text or TAP on stdout */
	struct lb_group grp;
	const char *ref_name;	/* "tsc"/"cntvct" when used */
	struct lb_col cols[LB_MAX_COLS];
	size_t ncols;		/* metric columns after ns */
	char start[32], end[32];
	struct lb_wall wall;
	int complete;
	int failures;
	unsigned long multiplexed;
	struct lb_contam contam;
	unsigned long nsamples, ncontam, nunknown;	/* rows stored; contam 1; contam - */
	struct lb_skip skips[LB_MAX_WL * LB_MAX_SIZES];
	size_t nskips;
	struct lb_skip fails[LB_MAX_WL * LB_MAX_SIZES];	/* size points that failed */
	char *summary;
	size_t summary_len;
	FILE *sum;		/* open_memstream on summary */
	FILE *tsv;		/* samples.tsv, a row written after each repetition */
	char error[320];	/* why the run could not be completed (a failed write) */
	int failed_only;	/* the error is failed size points (TAP said "not ok") */
	char cpu_warning[200];	/* another lazybench run is pinned to our CPU */
	long tsv_good;		/* samples.tsv up to here holds whole rows */
};

/* call hook of every output that has it */
#define OUT(st, hook, ...)							\
	do {									\
		for (size_t o_ = 0; o_ < 2; o_++)				\
			if ((st)->out[o_]->hook)				\
				(st)->out[o_]->hook(__VA_ARGS__);		\
	} while (0)

static void set_error(struct lb_state *st, const char *what, int e)
{
	if (!st->error[0])
		snprintf(st->error, sizeof(st->error), "%s: %s", what, strerror(e ? e : EIO));
}

/*
 * Where the run's wall-clock times (start_time, end_time, the run id) come from. A guest
 * under QEMU TCG (Xen PV, emu-run's fixed RTC) reads the same date on every boot; given
 * the host's time at VM start (LAZYBENCH_HOST_TIME, from scripts/vm-run), the clock is
 * checked against host time + time since boot, and replaced by that when they disagree.
 */
#define LB_CLOCK_SLACK 600	/* s: boot before the kernel's clock, TCG's pace */

static time_t since_boot(void)
{
	struct timespec b;

	return clock_gettime(CLOCK_BOOTTIME, &b) ? 0 : b.tv_sec;
}

/*
 * Only arithmetic here: nothing that depends on the host time's value runs before the
 * last window (under emu-run, formatting it would shift the guest's instruction-counted
 * time and with it the exact counts); the run is dated by the host in wall_redate().
 */
static void wall_check(struct lb_wall *w, int64_t host_time, int untrusted)
{
	time_t est;

	memset(w, 0, sizeof(*w));
	w->host_time = host_time;
	w->clock_read = time(NULL);
	w->start_bt = since_boot();
	/* no host time: trusted unless the guest says it guessed its clock */
	w->trusted = untrusted ? 0 : -1;
	if (!host_time)
		return;
	est = (time_t)host_time + since_boot();
	w->trusted = w->clock_read >= est - LB_CLOCK_SLACK && w->clock_read <= est + LB_CLOCK_SLACK;
	w->from_host = !w->trusted;
}


static void iso_time(char *buf, size_t len, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* when the clock was not trusted, the run id carries the boot id's first 8 hex digits */
static void boot_suffix(char *buf, size_t len)
{
	char id[64];
	size_t i, k = 0;

	buf[0] = '\0';
	if (lb_read_text("/proc/sys/kernel/random/boot_id", id, sizeof(id)))
		snprintf(id, sizeof(id), "%08lx", (unsigned long)getpid());
	for (i = 0; id[i] && k < 8 && k + 2 < len; i++)
		if ((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f'))
			buf[1 + k++] = id[i];
	buf[0] = 'b';
	buf[1 + k] = '\0';
}

static const char *sig_name(int s)
{
	return s == SIGINT ? "SIGINT" : s == SIGTERM ? "SIGTERM" : s == SIGHUP ? "SIGHUP" :
	       s == SIGPIPE ? "SIGPIPE" : "signal";
}

/* "NAME": [{"workload": ..., "pages": N, "reason": ...}, ...] (skipped or failed points) */
static void points_json(FILE *f, const char *name, const struct lb_skip *p, size_t n)
{
	size_t i;

	fprintf(f, "  \"%s\": [", name);
	for (i = 0; i < n; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		fputs("{\"workload\": ", f);
		json_put_str(f, p[i].wl);
		fprintf(f, ", \"pages\": %llu, \"reason\": ", (unsigned long long)p[i].pages);
		json_put_str(f, p[i].reason);
		fputs("}", f);
	}
	fputs(n ? "\n  ],\n" : "],\n", f);
}

static void metric_json(FILE *f, const char *name, const char *event, const char *unit,
			const char *kind, const char *desc)
{
	fputs(",\n    {\"name\": ", f);
	json_put_str(f, name);
	if (event) {
		fputs(", \"event\": ", f);
		json_put_str(f, event);
	}
	fputs(", \"unit\": ", f);
	json_put_str(f, unit);
	fputs(", \"better\": \"lower\", \"kind\": ", f);
	json_put_str(f, kind);
	fputs(", \"desc\": ", f);
	json_put_str(f, desc);
	fputs("}", f);
}

/* format, complete and why not, run id, label, version, command line */
static void meta_status(FILE *f, const struct lb_state *st)
{
	const struct lb_opts *o = st->o;
	size_t i;

	fputs("{\n  \"format\": \"lazybench-run/1\",\n", f);
	fprintf(f, "  \"complete\": %s,\n  \"interrupted_by\": ", st->complete ? "true" : "false");
	json_put_str(f, stop_signal ? sig_name(stop_signal) : NULL);
	fputs(", \"error\": ", f);
	json_put_str(f, st->error[0] ? st->error : NULL);
	fputs(", \"cpu_warning\": ", f);
	json_put_str(f, st->cpu_warning[0] ? st->cpu_warning : NULL);
	fputs(",\n  \"run_id\": ", f);
	json_put_str(f, st->rd.run_id);
	fputs(", \"label\": ", f);
	json_put_str(f, o->label);
	fputs(",\n  \"lazybench_version\": ", f);
	json_put_str(f, lb_version);
	fputs(",\n  \"command_line\": [", f);
	fputs("\"lazybench\"", f);
	for (i = 0; i < (size_t)o->argc; i++) {
		fputs(", ", f);
		json_put_str(f, o->argv[i]);
	}
	fputs("],\n", f);
}

static void meta_options(FILE *f, const struct lb_opts *o)
{
	size_t i;

	fputs("  \"options\": {\"workloads\": [", f);
	for (i = 0; i < o->nwl; i++) {
		if (i)
			fputs(", ", f);
		json_put_str(f, o->wl[i]->name);
	}
	fputs("], \"pages\": [", f);
	for (i = 0; i < o->npages; i++)
		fprintf(f, "%s%llu", i ? ", " : "", (unsigned long long)o->pages[i]);
	fprintf(f, "], \"reps\": %lu, \"warmup\": %lu, \"cpu\": %d, \"events\": [", o->reps,
		o->warmup, o->cpu);
	for (i = 0; i < o->nev; i++) {
		if (i)
			fputs(", ", f);
		json_put_str(f, o->ev[i].spec);
	}
	fputs("], \"out\": ", f);
	json_put_str(f, o->out);
	fprintf(f, ", \"tap\": %s, \"folio_kb\": %zu},\n",
		o->tap ? "true" : "false", (o->folio_size ? o->folio_size : LB_PMD_SIZE) >> 10);
}

/* start_time, end_time and where they came from (wall_clock) */
static void meta_times(FILE *f, const struct lb_state *st)
{
	char t[32];

	fputs("  \"start_time\": ", f);
	json_put_str(f, st->start);
	fputs(", \"end_time\": ", f);
	json_put_str(f, st->end[0] ? st->end : NULL);
	fputs(",\n  \"wall_clock\": {\"source\": ", f);
	json_put_str(f, st->wall.from_host ? "host" : "clock");
	fprintf(f, ", \"trusted\": %s, \"host_time\": ", st->wall.trusted < 0 ? "null" :
		st->wall.trusted ? "true" : "false");
	/* seconds since the epoch: printed at a cost that does not depend on the value */
	if (st->wall.host_time)
		fprintf(f, "%lld", (long long)st->wall.host_time);
	else
		fputs("null", f);
	iso_time(t, sizeof(t), st->wall.clock_read);
	fputs(", \"clock_read\": ", f);
	json_put_str(f, t);
	fputs("},\n", f);
}

/* the metric description of one column after ns */
static void meta_column(FILE *f, const struct lb_state *st, const struct lb_col *c)
{
	if (c->ev >= 0) {
		const struct lb_event *e = &st->o->ev[c->ev];

		metric_json(f, c->name, e->spec,
			    e->kind == LB_EV_TP ? "hits" :
			    e->attr.config == PERF_COUNT_HW_CPU_CYCLES &&
			    e->kind == LB_EV_HW ? "cycles" : "events",
			    "count", e->desc);
	} else if (c->builtin) {
		int perf = st->contam.perf;	/* the fds are closed by now */

		metric_json(f, c->name, NULL, "events", "count",
			    c->builtin == LB_COL_CS ?
			    (perf ? "context switches of the timed thread around the op "
				    "(perf software event context-switches)" :
			     "context switches of the timed thread around the op "
			     "(getrusage RUSAGE_THREAD nvcsw+nivcsw)") :
			    (perf ? "CPU migrations of the timed thread around the op "
				    "(perf software event cpu-migrations)" :
			     "CPU changes of the timed thread around the op (getcpu before "
			     "and after: 0 or 1)"));
	} else if (c->ref) {
		metric_json(f, c->name, NULL, "ticks", "time",
			    !strcmp(c->name, "tsc") ?
			    "reference counter (x86 TSC, rdtsc) around the op: no PMU cycles" :
			    "reference counter (arm64 CNTVCT_EL0) around the op: no PMU cycles");
	} else {
		size_t l = strlen(c->name);
		int is_ns = l >= 2 && !strcmp(c->name + l - 2, "ns");

		metric_json(f, c->name, NULL, is_ns ? "ns" : "count", is_ns ? "time" : "count",
			    "measured by the workload itself (e.g. in-kernel timing)");
	}
}

/* "metrics" (ns, then samples.tsv's columns in order) and "unavailable" */
static void meta_metrics(FILE *f, const struct lb_state *st)
{
	const struct lb_opts *o = st->o;
	size_t i;
	int first = 1;

	fputs("  \"metrics\": [\n    {\"name\": \"ns\", \"unit\": \"ns\", \"better\": \"lower\", "
	      "\"kind\": \"time\", \"desc\": \"wall time of one operation (CLOCK_MONOTONIC_RAW)\"}",
	      f);
	for (i = 0; i < st->ncols; i++)
		meta_column(f, st, &st->cols[i]);
	fputs("\n  ],\n  \"unavailable\": [", f);
	for (i = 0; i < o->nev; i++) {
		if (o->ev[i].opened)
			continue;
		fputs(first ? "\n    " : ",\n    ", f);
		first = 0;
		fputs("{\"event\": ", f);
		json_put_str(f, o->ev[i].spec);
		fputs(", \"reason\": ", f);
		json_put_str(f, o->ev[i].reason[0] ? o->ev[i].reason : "not opened");
		fputs("}", f);
	}
	fputs(first ? "],\n" : "\n  ],\n", f);
}

/* skipped and failed points, failures, multiplexing, contamination, --meta's extra */
static void meta_outcome(FILE *f, const struct lb_state *st)
{
	const struct lb_opts *o = st->o;
	size_t i;

	points_json(f, "skipped", st->skips, st->nskips);
	points_json(f, "failed", st->fails, (size_t)st->failures);
	fprintf(f, "  \"failures\": %d, \"multiplexed_reps\": %lu,\n", st->failures,
		st->multiplexed);
	fputs("  \"contam\": {\"source\": ", f);
	json_put_str(f, st->contam.source);
	fputs(", \"perf_unavailable\": ", f);
	json_put_str(f, st->contam.reason[0] ? st->contam.reason : NULL);
	fprintf(f, ", \"samples\": %lu, \"contaminated\": %lu, \"unknown\": %lu},\n",
		st->nsamples, st->ncontam, st->nunknown);
	fputs("  \"extra\": {", f);
	for (i = 0; i < o->nmeta; i++) {
		const char *eq = strchr(o->meta[i], '=');
		char key[128];

		snprintf(key, sizeof(key), "%.*s", (int)(eq - o->meta[i]), o->meta[i]);
		fputs(i ? ", " : "", f);
		json_put_str(f, key);
		fputs(": ", f);
		json_put_str(f, eq + 1);
	}
	fputs("}\n}\n", f);
}

/* meta.json (docs/FORMAT.md), in its key order */
static void write_meta(FILE *f, void *arg)
{
	const struct lb_state *st = arg;

	meta_status(f, st);
	meta_options(f, st->o);
	meta_times(f, st);
	lb_sysinfo_json(f, &st->si, st->ref_name);
	meta_metrics(f, st);
	meta_outcome(f, st);
}

static void summary_header(FILE *f, const struct lb_state *st)
{
	fprintf(f, "lazybench %s  run %s  kernel %s  CPU %d  reps %lu\n", lb_version,
		st->rd.run_id, st->si.release, st->o->cpu, st->o->reps);
	if (!st->complete && stop_signal)
		fprintf(f, "INCOMPLETE RUN: interrupted by %s\n", sig_name(stop_signal));
	else if (!st->complete && st->error[0])
		fprintf(f, "INCOMPLETE RUN: %s\n", st->error);
}

static void write_summary(FILE *f, void *arg)
{
	struct lb_state *st = arg;

	fflush(st->sum);
	summary_header(f, st);
	fwrite(st->summary, 1, st->summary_len, f);
}

static int col_exists(const struct lb_state *st, const char *name)
{
	size_t i;

	if (!strcmp(name, "ns") || !strcmp(name, "workload") || !strcmp(name, "pages") ||
	    !strcmp(name, "ptes") || !strcmp(name, "rep") || !strcmp(name, "contam") ||
	    !strcmp(name, "ctx_switches") || !strcmp(name, "cpu_migrations"))
		return 1;
	for (i = 0; i < st->ncols; i++)
		if (!strcmp(st->cols[i].name, name))
			return 1;
	return 0;
}

static void setup_columns(struct lb_state *st)
{
	struct lb_opts *o = st->o;
	int cycles_wanted = 0, cycles_open = 0;
	size_t i, w;

	for (i = 0; i < o->nev && st->ncols < LB_MAX_COLS; i++) {
		const struct lb_event *e = &o->ev[i];

		if (e->kind == LB_EV_HW && e->attr.config == PERF_COUNT_HW_CPU_CYCLES) {
			cycles_wanted = 1;
			cycles_open |= e->fd >= 0;
		}
		if (e->fd < 0 || col_exists(st, e->col))
			continue;
		snprintf(st->cols[st->ncols].name, sizeof(st->cols[0].name), "%s", e->col);
		st->cols[st->ncols].ev = (int)i;
		st->cols[st->ncols].extra = -1;
		st->ncols++;
	}
	if (cycles_wanted && !cycles_open && lb_ref_counter_name() &&
	    !col_exists(st, lb_ref_counter_name())) {
		st->ref_name = lb_ref_counter_name();
		snprintf(st->cols[st->ncols].name, sizeof(st->cols[0].name), "%s", st->ref_name);
		st->cols[st->ncols].ev = -1;
		st->cols[st->ncols].ref = 1;
		st->cols[st->ncols].extra = -1;
		st->ncols++;
	}
	/* the harness's own contamination counts (common contract: ctx_switches, cpu_migrations) */
	for (i = LB_COL_CS; i <= LB_COL_MIG && st->ncols < LB_MAX_COLS; i++) {
		snprintf(st->cols[st->ncols].name, sizeof(st->cols[0].name), "%s",
			 i == LB_COL_CS ? "ctx_switches" : "cpu_migrations");
		st->cols[st->ncols].ev = -1;
		st->cols[st->ncols].builtin = (int)i;
		st->cols[st->ncols].extra = -1;
		st->ncols++;
	}
	for (w = 0; w < o->nwl; w++) {
		const char *const *x = o->wl[w]->extra_cols;

		for (i = 0; x && x[i] && i < LB_MAX_EXTRA && st->ncols < LB_MAX_COLS; i++) {
			if (col_exists(st, x[i]))
				continue;
			snprintf(st->cols[st->ncols].name, sizeof(st->cols[0].name), "%s", x[i]);
			st->cols[st->ncols].ev = -1;
			st->cols[st->ncols].extra = -1;
			st->cols[st->ncols].extra_name = x[i];
			st->ncols++;
		}
	}
}

/* map extra columns to the current workload's extra_val[] slots */
static void bind_extras(struct lb_state *st, const struct lb_workload *w)
{
	size_t i, j;

	for (i = 0; i < st->ncols; i++) {
		struct lb_col *c = &st->cols[i];

		c->extra = -1;
		if (!c->extra_name || !w->extra_cols)
			continue;
		for (j = 0; w->extra_cols[j] && j < LB_MAX_EXTRA; j++)
			if (!strcmp(w->extra_cols[j], c->extra_name))
				c->extra = (int)j;
	}
}

static double ts_ns(const struct timespec *t)
{
	return (double)t->tv_sec * 1e9 + (double)t->tv_nsec;
}

struct lb_point {
	const struct lb_workload *w;
	uint64_t pages;
	unsigned long nrows;
	double *v;		/* (1 + ncols) * reps: ns first, then the columns */
	signed char *contam;	/* per row: 0 clean, 1 contaminated, -1 unknown */
	unsigned long nclean, ncontam;
	uint64_t ptes;
};

#define LB_SUM_HDR "workload          pages     ptes  metric                     median/op   median/PTE     cv%    iqr%\n"

static void summarise(struct lb_state *st, const struct lb_point *pt, FILE *f, const char *pfx)
{
	double *tmp = malloc(sizeof(double) * (pt->nrows ? pt->nrows : 1));
	int keep_all = pt->nclean == 0;
	unsigned long r, n;
	size_t m;

	if (!tmp)
		return;
	for (m = 0; m <= st->ncols; m++) {
		const char *name = m ? st->cols[m - 1].name : "ns";
		char cvs[16], iqrs[16];
		double med, cv, iqr;
		int any = 0;

		for (r = n = 0; r < pt->nrows; r++) {
			if (pt->contam[r] == 1 && !keep_all)
				continue;
			tmp[n] = pt->v[r * (1 + st->ncols) + m];
			any |= !isnan(tmp[n++]);
		}
		if (!any)
			continue;
		med = lb_median(tmp, n);
		cv = lb_cv(tmp, n);
		iqr = lb_quantile(tmp, n, 0.75) - lb_quantile(tmp, n, 0.25);
		if (isnan(cv))
			snprintf(cvs, sizeof(cvs), "-");
		else
			snprintf(cvs, sizeof(cvs), "%.2f", cv * 100);
		if (med > 0)
			snprintf(iqrs, sizeof(iqrs), "%.2f", iqr / med * 100);
		else
			snprintf(iqrs, sizeof(iqrs), "-");
		fprintf(f, "%s%-14s %8llu %8llu  %-20s %15.1f %12.4f %7s %7s\n", pfx, pt->w->name,
			(unsigned long long)pt->pages, (unsigned long long)pt->ptes, name, med,
			lb_per_pte(med, pt->ptes), cvs, iqrs);
	}
	if (pt->ncontam)
		fprintf(f, "%s%-14s %8llu  %lu of %lu samples contaminated (a context switch or "
			"migration in the window): %s\n", pfx, pt->w->name,
			(unsigned long long)pt->pages, pt->ncontam, pt->nrows,
			keep_all ? "no clean sample, statistics over all of them" :
			"excluded from the statistics above");
	free(tmp);
}

static void add_skip(struct lb_state *st, const struct lb_workload *w, uint64_t pages,
		     const char *reason)
{
	struct lb_skip *s;

	if (st->nskips >= sizeof(st->skips) / sizeof(st->skips[0]))
		return;
	s = &st->skips[st->nskips++];
	s->wl = w->name;
	s->pages = pages;
	snprintf(s->reason, sizeof(s->reason), "%s", reason);
}

/*
 * A size point that failed: listed in meta.json "failed" and summary.txt, and the run is
 * not complete (it stays <run-id>.incomplete with the first failure as its "error"), so
 * no reader takes the run for the data it was asked for.
 */
static void add_failure(struct lb_state *st, const struct lb_workload *w, uint64_t pages,
			const char *reason)
{
	struct lb_skip *s = &st->fails[st->failures++];	/* one per point at most */

	s->wl = w->name;
	s->pages = pages;
	snprintf(s->reason, sizeof(s->reason), "%s", reason);
}

static void write_row(struct lb_state *st, FILE *tsv, const struct lb_point *pt,
		      unsigned long rep)
{
	rd_samples_row(tsv, pt->w->name, pt->pages, pt->ptes, rep,
		       &pt->v[rep * (1 + st->ncols)], 1 + st->ncols, pt->contam[rep]);
}

/* the header of samples.tsv: ns, then the metric columns */
static void write_header(struct lb_state *st, FILE *tsv)
{
	const char *names[1 + LB_MAX_COLS];
	size_t m;

	names[0] = "ns";
	for (m = 0; m < st->ncols; m++)
		names[1 + m] = st->cols[m].name;
	rd_samples_header(tsv, names, 1 + st->ncols);
}

/*
 * contam of one row: 1 when the harness saw a switch or migration or the workload's
 * kcontam column says so, 0 when every source is known and clean, -1 (unknown) else.
 */
static signed char row_contam(const struct lb_state *st, const double *v)
{
	int unknown = 0, dirty = 0;
	size_t m;

	for (m = 0; m < st->ncols; m++) {
		const struct lb_col *c = &st->cols[m];
		double x = v[1 + m];

		if (!c->builtin && !(c->extra >= 0 && !strcmp(c->extra_name, "kcontam")))
			continue;
		if (isnan(x)) {
			unknown |= c->builtin != 0;	/* a workload without kcontam says nothing */
			continue;
		}
		dirty |= x > 0;
	}
	return dirty ? 1 : unknown ? -1 : 0;
}

static void count_contam(struct lb_state *st, struct lb_point *pt, signed char c)
{
	st->nsamples++;
	if (c == 1) {
		st->ncontam++;
		pt->ncontam++;
	} else {
		pt->nclean++;
		if (c < 0)
			st->nunknown++;
	}
}

/* the workload's init for this point: 0, LB_SKIP or -errno with reason set */
static int point_init(struct lb_state *st, const struct lb_workload *w, struct lb_ctx *ctx,
		      char *reason, size_t rlen)
{
	int r;

	if ((w->flags & LB_WL_NEEDS_ROOT) && geteuid() != 0) {
		snprintf(reason, rlen, "needs root");
		return LB_SKIP;
	}
	(void)st;
	if (!w->init)
		return 0;
	r = w->init(ctx);
	if (r == LB_SKIP)
		snprintf(reason, rlen, "%s", ctx->skip_reason[0] ? ctx->skip_reason :
			 "not supported here");
	else if (r < 0)
		snprintf(reason, rlen, "init failed: %s", strerror(-r));
	if ((r == LB_SKIP || r < 0) && w->fini)
		w->fini(ctx);
	return r == LB_SKIP || r < 0 ? r : 0;
}

/* what one window measured, before it is stored */
struct lb_window {
	struct timespec t0, t1;
	uint64_t ref0, ref1;
	double ev[LB_MAX_EVENTS];
	double ncs, nmig;	/* the harness's context switches and migrations */
	int mux;		/* the counter group was multiplexed */
};

/*
 * One repetition: prepare, then the window (marker, counters on, reference counter,
 * clock, op, clock, reference counter, counters off, marker), then cleanup. 0 or -errno
 * with reason set.
 */
static int one_rep(struct lb_state *st, const struct lb_workload *w, struct lb_ctx *ctx,
		   int warm, struct lb_window *win, char *reason, size_t rlen)
{
	uint64_t before[LB_GROUP_RAW_WORDS], after[LB_GROUP_RAW_WORDS];
	struct lb_contam_snap cs0, cs1;
	int r, op_r;

	if (w->prepare) {
		r = w->prepare(ctx);
		if (r < 0) {
			snprintf(reason, rlen, "prepare failed: %s%s%.130s%s", strerror(-r),
				 ctx->skip_reason[0] ? " (" : "", ctx->skip_reason,
				 ctx->skip_reason[0] ? ")" : "");
			return r;
		}
	}
	lb_contam_snapshot(&st->contam, &cs0);
	if (lb_group_snapshot(&st->grp, before)) {
		snprintf(reason, rlen, "reading the perf group failed");
		return -EIO;
	}
	lb_group_enable(&st->grp);
	if (st->ref_name)
		win->ref0 = lb_ref_counter();
	clock_gettime(CLOCK_MONOTONIC_RAW, &win->t0);
	/* emulator window: the op alone (warm-ups flagged so the plugin can tell) */
	if (warm)
		lb_marker(LB_MARK_START | LB_MARK_WARMUP);
	else
		lb_marker(LB_MARK_START);
	op_r = w->op ? w->op(ctx) : 0;
	if (warm)
		lb_marker(LB_MARK_END | LB_MARK_WARMUP);
	else
		lb_marker(LB_MARK_END);
	clock_gettime(CLOCK_MONOTONIC_RAW, &win->t1);
	if (st->ref_name)
		win->ref1 = lb_ref_counter();
	lb_group_disable(&st->grp);
	if (lb_group_snapshot(&st->grp, after)) {
		snprintf(reason, rlen, "reading the perf group failed");
		return -EIO;
	}
	lb_contam_snapshot(&st->contam, &cs1);
	lb_group_delta(&st->grp, before, after, win->ev, &win->mux);
	lb_contam_delta(&st->contam, &cs0, &cs1, &win->ncs, &win->nmig);
	if (w->cleanup) {
		int cr = w->cleanup(ctx);

		if (cr < 0 && op_r >= 0)
			op_r = cr;
	}
	if (op_r < 0) {
		snprintf(reason, rlen, "operation failed: %s", strerror(-op_r));
		return op_r;
	}
	return 0;
}

/*
 * A timed repetition's row: its values, its contam, written to samples.tsv at once
 * (outside the window: a killed run keeps its rows). 0 or -EIO with reason set.
 */
static int store_rep(struct lb_state *st, struct lb_point *pt, const struct lb_ctx *ctx,
		     const struct lb_window *win, char *reason, size_t rlen)
{
	double *v = &pt->v[pt->nrows * (1 + st->ncols)];
	size_t m;

	v[0] = ts_ns(&win->t1) - ts_ns(&win->t0);
	for (m = 0; m < st->ncols; m++) {
		const struct lb_col *c = &st->cols[m];

		if (c->ev >= 0)
			v[1 + m] = win->ev[c->ev];
		else if (c->ref)
			v[1 + m] = (double)(win->ref1 - win->ref0);
		else if (c->builtin)
			v[1 + m] = c->builtin == LB_COL_CS ? win->ncs : win->nmig;
		else if (c->extra >= 0)
			v[1 + m] = ctx->extra_val[c->extra];
		else
			v[1 + m] = NAN;
	}
	pt->contam[pt->nrows] = pt->w->flags & LB_WL_WAITS ? -1 : row_contam(st, v);
	count_contam(st, pt, pt->contam[pt->nrows]);
	write_row(st, st->tsv, pt, pt->nrows);
	if (fflush(st->tsv) || ferror(st->tsv)) {
		set_error(st, "writing samples.tsv", errno);
		/* no half row for readers: cut back to the last whole one */
		__fpurge(st->tsv);	/* and fclose must not write it again */
		if (ftruncate(fileno(st->tsv), st->tsv_good))
			set_error(st, "truncating samples.tsv", errno);
		snprintf(reason, rlen, "%.200s", st->error);
		return -EIO;
	}
	st->tsv_good = ftell(st->tsv);
	pt->nrows++;
	st->multiplexed += (unsigned long)win->mux;
	return 0;
}

/*
 * One size point of one workload: returns 0, LB_SKIP (reason set), or -errno (the op or
 * a hook failed; reason set). pt->nrows rows are filled.
 */
static int run_point(struct lb_state *st, struct lb_point *pt, char *reason, size_t rlen)
{
	struct lb_opts *o = st->o;
	const struct lb_workload *w = pt->w;
	unsigned long i, total = o->warmup + o->reps;
	struct lb_ctx ctx;
	int r;
	size_t m;

	memset(&ctx, 0, sizeof(ctx));
	ctx.pages = pt->pages;
	ctx.page_size = (size_t)st->si.page_size;
	ctx.ptes = pt->pages;
	ctx.folio_size = o->folio_size;
	r = point_init(st, w, &ctx, reason, rlen);
	if (r)
		return r;
	pt->ptes = ctx.ptes;
	for (i = 0; i < total && !r; i++) {
		struct lb_window win = { .mux = 0 };

		ctx.rep = i;
		for (m = 0; m < LB_MAX_EXTRA; m++)
			ctx.extra_val[m] = NAN;
		r = one_rep(st, w, &ctx, i < o->warmup, &win, reason, rlen);
		if (!r && i >= o->warmup)
			r = store_rep(st, pt, &ctx, &win, reason, rlen);
		if (stop_signal)
			break;
	}
	if (w->fini)
		w->fini(&ctx);
	return r < 0 ? r : 0;
}

static int mem_summary(struct lb_state *st)
{
	st->sum = open_memstream(&st->summary, &st->summary_len);
	return st->sum ? 0 : -1;
}

/*
 * The CPU we run on, as the kernel says (the getcpu system call, not the vDSO: in a Xen
 * PV guest the vDSO's RDPID/LSL answer can be garbage), and always one we may run on:
 * else the first CPU of our affinity mask.
 */
static int current_cpu(void)
{
	unsigned int c = 0;
	cpu_set_t allowed;
	int i;

	if (sched_getaffinity(0, sizeof(allowed), &allowed))
		return 0;
	if (!syscall(SYS_getcpu, &c, NULL, NULL) && c < CPU_SETSIZE && CPU_ISSET(c, &allowed))
		return (int)c;
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &allowed))
			return i;
	return 0;
}

void lb_label_default(struct lb_opts *o)
{
	struct utsname u;
	size_t k;

	if (o->label[0])
		return;
	snprintf(o->label, sizeof(o->label), "%.200s", uname(&u) ? "" : u.release);
	if (lb_label_ok(o->label))
		return;
	for (k = 0; o->label[k]; k++)
		if (!strchr("._+-", o->label[k]) &&
		    !((o->label[k] >= 'a' && o->label[k] <= 'z') ||
		      (o->label[k] >= 'A' && o->label[k] <= 'Z') ||
		      (o->label[k] >= '0' && o->label[k] <= '9')))
			o->label[k] = '_';
	if (!lb_label_ok(o->label))
		snprintf(o->label, sizeof(o->label), "unknown-kernel");
}

/* the summary's tail: failures, skips, unavailable counters, contamination, multiplexing */
static void finish_summary(struct lb_state *st)
{
	struct lb_opts *o = st->o;
	size_t k;

	fflush(st->sum);
	if (st->failures) {
		fprintf(st->sum, "failed (no or partial data; the run is not complete):\n");
		for (k = 0; k < (size_t)st->failures; k++)
			fprintf(st->sum, "  %s pages=%llu: %s\n", st->fails[k].wl,
				(unsigned long long)st->fails[k].pages, st->fails[k].reason);
	}
	if (st->nskips) {
		fprintf(st->sum, "skipped:\n");
		for (k = 0; k < st->nskips; k++)
			fprintf(st->sum, "  %s pages=%llu: %s\n", st->skips[k].wl,
				(unsigned long long)st->skips[k].pages, st->skips[k].reason);
	}
	for (k = 0; k < o->nev; k++)
		if (!o->ev[k].opened)
			fprintf(st->sum, "unavailable: %s: %s\n", o->ev[k].spec,
				o->ev[k].reason[0] ? o->ev[k].reason : "not opened");
	fprintf(st->sum, "contaminated: %lu of %lu samples (a context switch or migration "
		"inside the window, counted by %s), excluded from the statistics; samples.tsv "
		"keeps them (contam=1)\n", st->ncontam, st->nsamples, st->contam.source);
	if (st->nunknown)
		fprintf(st->sum, "contamination unknown for %lu samples (contam=-)\n",
			st->nunknown);
	if (st->multiplexed)
		fprintf(st->sum, "note: counters were multiplexed in %lu reps (scaled)\n",
			st->multiplexed);
	fflush(st->sum);
}

/* the human summary to the outputs (TAP: as diagnostics); the run id is the final one */
static void print_summary(struct lb_state *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	write_summary(m, st);
	fclose(m);
	OUT(st, summary, buf);
	free(buf);
	flush_stdout();
}

static void free_summary(struct lb_state *st)
{
	fclose(st->sum);
	free(st->summary);
	st->sum = NULL;
	st->summary = NULL;
}

/* interrupted, or a write failed: stays <run-id>.incomplete, meta.json says why */
static int end_incomplete(struct lb_state *st)
{
	int r, rs;

	st->complete = 0;
	/* each is written into its reserve (room and an inode on a full disk) */
	rs = lb_write_atomic(&st->rd, "summary.txt", write_summary, st);
	if (rs)
		set_error(st, "writing summary.txt", -rs);
	r = lb_write_atomic(&st->rd, "meta.json", write_meta, st);
	lb_rundir_release(&st->rd);
	lb_fsync_dir(st->rd.path);
	if (r)
		fprintf(stderr, "lazybench run: cannot record the end of the run in "
			"%s/meta.json: %s\n", st->rd.path, strerror(-r));
	if (!st->failed_only) {
		char why[340];

		if (stop_signal)
			snprintf(why, sizeof(why), "interrupted by %s", sig_name(stop_signal));
		else
			snprintf(why, sizeof(why), "%s", st->error);
		OUT(st, stopped, why);
	}
	flush_stdout();
	if (stop_signal) {
		fprintf(stderr, "lazybench: interrupted by %s: partial run left in %s\n",
			sig_name(stop_signal), st->rd.path);
		free_summary(st);
		return 128 + stop_signal;
	}
	fprintf(stderr, "lazybench run: %s: run left incomplete in %s\n", st->error,
		st->rd.path);
	free_summary(st);
	return LB_EXIT_FAIL;
}

/*
 * Finished: publish first, then write summary.txt and meta.json with "complete": true
 * under the final name (so the run id inside is the directory's, and no .incomplete
 * directory ever says complete). A kill in between leaves a published directory whose
 * meta.json still says "complete": false: readers refuse it, never the reverse. A write
 * that fails after publishing moves the run back to <run-id>.incomplete.
 */
static int end_publish(struct lb_state *st)
{
	char err[512];
	int r;

	r = lb_fsync_dir(st->rd.path);
	if (r)
		set_error(st, "syncing the run directory", -r);
	else if (lb_rundir_publish(&st->rd, err, sizeof(err))) {
		snprintf(st->error, sizeof(st->error), "%.300s", err);
		lb_rundir_unpublish(&st->rd);	/* renamed, but the name is not synced */
	}
	if (st->error[0])	/* stays <run-id>.incomplete, meta.json says why */
		return end_incomplete(st);
	st->complete = 1;	/* what summary.txt and meta.json say from now on */
	r = lb_write_atomic(&st->rd, "summary.txt", write_summary, st);
	if (r) {
		st->complete = 0;
		set_error(st, "writing summary.txt", -r);
	} else {
		r = lb_write_atomic(&st->rd, "meta.json", write_meta, st);
		if (r) {
			st->complete = 0;
			set_error(st, "writing meta.json", -r);
		}
	}
	lb_rundir_release(&st->rd);	/* what the writes did not use */
	if (!r)
		r = lb_fsync_dir(st->rd.path);
	if (r) {
		if (!st->error[0])
			set_error(st, "syncing the run directory", -r);
		lb_rundir_unpublish(&st->rd);
		return end_incomplete(st);
	}
	fprintf(stderr, "lazybench: results in %s\n", st->rd.path);
	flush_stdout();
	free_summary(st);
	return st->failures ? LB_EXIT_FAIL : LB_EXIT_OK;
}

/*
 * One lock file per CPU (flock, released when the process ends): concurrent runs without
 * --cpu spread over the CPUs they may use, and a run that has to share its CPU says so.
 */
static int cpu_lock(int cpu)
{
	char p[64];
	int fd, r;

	snprintf(p, sizeof(p), "/tmp/lazybench-cpu%d.lock", cpu);
	fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
	if (fd < 0)
		fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -2;	/* cannot tell */
	if (!flock(fd, LOCK_EX | LOCK_NB))
		return fd;	/* kept open for the whole run */
	r = errno == EWOULDBLOCK ? -1 : -2;	/* e.g. no CONFIG_FILE_LOCKING: cannot tell */
	close(fd);
	return r;
}

static int pick_cpu(struct lb_state *st, int want)
{
	int cpu = want >= 0 ? want : current_cpu(), i;
	cpu_set_t allowed;

	if (cpu_lock(cpu) != -1)
		return cpu;
	if (want < 0 && !sched_getaffinity(0, sizeof(allowed), &allowed)) {
		for (i = 0; i < CPU_SETSIZE; i++)
			if (i != cpu && CPU_ISSET(i, &allowed) && cpu_lock(i) != -1)
				return i;
	}
	snprintf(st->cpu_warning, sizeof(st->cpu_warning),
		 "another lazybench run is pinned to CPU %d%s: the runs disturb each other's "
		 "windows", cpu, want < 0 ? " (and to every other CPU allowed)" : "");
	fprintf(stderr, "lazybench: warning: %s\n", st->cpu_warning);
	return cpu;
}

/*
 * After the last window: end_time, and when the clock was not trusted, start_time and
 * end_time from host time + time since boot and the run renamed to its host-dated id
 * with a boot-id suffix (<id>.incomplete to <new id>.incomplete; publishing keeps it).
 * A name that cannot be taken keeps the clock's id (meta.json wall_clock still says).
 */
static void wall_redate(struct lb_state *st)
{
	struct lb_wall *w = &st->wall;
	char suffix[16], inc[PATH_MAX + 256];
	struct lb_rundir nd;
	time_t now, t0;

	if (!w->from_host) {
		iso_time(st->end, sizeof(st->end), time(NULL));
		/* a clock that was guessed (no RTC, no host time): keep it, add the boot id */
		if (w->trusted != 0)
			return;
		t0 = w->clock_read;
	} else {
		now = (time_t)w->host_time + since_boot();
		t0 = (time_t)w->host_time + w->start_bt;
		iso_time(st->start, sizeof(st->start), t0);
		iso_time(st->end, sizeof(st->end), now);
	}
	boot_suffix(suffix, sizeof(suffix));
	if (lb_rundir_id(&nd, st->rd.label_dir, st->si.hostname, t0, suffix))
		return;
	snprintf(inc, sizeof(inc), "%s/%s.incomplete", st->rd.label_dir, nd.run_id);
	if (lb_rename_noreplace(st->rd.path, inc))
		return;
	snprintf(st->rd.run_id, sizeof(st->rd.run_id), "%s", nd.run_id);
	snprintf(st->rd.path, sizeof(st->rd.path), "%s", inc);
	lb_fsync_dir(st->rd.label_dir);
}

/*
 * Setting up failed (a full disk, an I/O error): nothing was measured, so the hidden
 * staging directory goes again (a meta.json there could not say why), and stderr says
 * what failed with the errno of that step.
 */
static int setup_failed(struct lb_state *st, FILE *tsv, const char *what, int e)
{
	static const char *const names[] = {
		"meta.json", "samples.tsv", ".meta.json.tmp", ".summary.txt.tmp",
	};
	char p[PATH_MAX + 400];
	size_t i;

	if (what)
		fprintf(stderr, "lazybench run: cannot set up %s: %s: %s\n", st->rd.path, what,
			strerror(e ? e : EIO));
	if (tsv)
		fclose(tsv);
	lb_rundir_release(&st->rd);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", st->rd.path, names[i]);
		unlink(p);
	}
	if (rmdir(st->rd.path))
		fprintf(stderr, "lazybench run: cannot remove %s: %s\n", st->rd.path,
			strerror(errno));
	return LB_EXIT_FAIL;
}

/* pinned to a CPU no other lazybench run has, THP off, the machine's facts, the columns */
static int run_prepare(struct lb_state *st)
{
	struct lb_opts *o = st->o;
	cpu_set_t set;
	int cpu;

	wall_check(&st->wall, o->host_time, o->clock_untrusted);
	iso_time(st->start, sizeof(st->start), st->wall.clock_read);	/* until wall_redate() */
	cpu = pick_cpu(st, o->cpu);
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "lazybench run: cannot pin to CPU %d: %s\n", cpu, strerror(errno));
		return -1;
	}
	o->cpu = cpu;
	/* THP must not hide PTEs: for every mapping of this process */
	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);

	lb_sysinfo_collect(&st->si, cpu);
	lb_label_default(o);
	lb_group_open(&st->grp, o->ev, o->nev);
	lb_contam_open(&st->contam);
	setup_columns(st);
	if (mem_summary(st)) {
		fprintf(stderr, "lazybench run: out of memory\n");
		return -1;
	}
	return 0;
}

/* from here on a signal ends the run after the current operation, marked */
static void catch_signals(void)
{
	struct sigaction sa;
	size_t k;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (k = 0; k < sizeof(lb_stop_signals) / sizeof(lb_stop_signals[0]); k++)
		sigaction(lb_stop_signals[k], &sa, NULL);
	/* a file size limit (ulimit -f) is a write that fails (EFBIG), recorded as such */
	signal(SIGXFSZ, SIG_IGN);
}

/*
 * The run directory, set up in the hidden staging directory (meta.json, the samples
 * header, the reserve) and renamed to <run-id>.incomplete: LB_EXIT_OK, or the exit
 * status of a run that measured nothing
 */
static int stage_rundir(struct lb_state *st)
{
	char err[512] = "", tsvpath[PATH_MAX + 400];
	FILE *tsv;
	int r;

	if (lb_rundir_create(&st->rd, st->o->out, st->o->label, st->si.hostname,
			     st->wall.clock_read, NULL, err, sizeof(err))) {
		fprintf(stderr, "lazybench run: %s\n", err);
		return LB_EXIT_FAIL;
	}
	r = lb_write_atomic(&st->rd, "meta.json", write_meta, st);
	if (r)
		return setup_failed(st, NULL, "writing meta.json", -r);
	snprintf(tsvpath, sizeof(tsvpath), "%.4370s/samples.tsv", st->rd.path);
	tsv = fopen(tsvpath, "we");
	if (!tsv)
		return setup_failed(st, NULL, "creating samples.tsv", errno);
	write_header(st, tsv);
	if (fflush(tsv) || fsync(fileno(tsv)))
		return setup_failed(st, tsv, "writing samples.tsv", errno);
	r = lb_rundir_reserve(&st->rd, LB_RESERVE_BYTES);
	if (r)
		return setup_failed(st, tsv, "reserving room for the last summary.txt and "
				    "meta.json", -r);
	r = lb_fsync_dir(st->rd.path);
	if (r)
		return setup_failed(st, tsv, "syncing the run directory", -r);
	if (lb_rundir_open(&st->rd, err, sizeof(err))) {
		fprintf(stderr, "lazybench run: %s\n", err);
		return setup_failed(st, tsv, NULL, 0);
	}
	st->tsv = tsv;
	st->tsv_good = ftell(tsv);
	return LB_EXIT_OK;
}

/* what the run will do and what it lacks: on stderr, to the outputs, into the summary */
static void announce(struct lb_state *st, unsigned long npoints)
{
	struct lb_opts *o = st->o;
	size_t k;

	fprintf(stderr, "lazybench: %zu workload(s) x %zu size(s), %lu reps + %lu warm-up, "
		"CPU %d -> %s\n", o->nwl, o->npages, o->reps, o->warmup, o->cpu, st->rd.path);
	for (k = 0; k < o->nev; k++)
		if (!o->ev[k].opened)
			fprintf(stderr, "lazybench: event %s unavailable: %s\n", o->ev[k].spec,
				o->ev[k].reason[0] ? o->ev[k].reason : "not opened");
	if (st->ref_name)
		fprintf(stderr, "lazybench: no PMU cycles: reference counter '%s' instead\n",
			st->ref_name);
	if (lb_is_tcg(&st->si))
		fprintf(stderr, "lazybench: emulated (TCG): times are not hardware times\n");
	OUT(st, begin, npoints, lb_is_tcg(&st->si));
	flush_stdout();
	if (lb_is_tcg(&st->si))
		fprintf(st->sum, "emulated (TCG): times are not hardware times\n");
	if (st->cpu_warning[0])
		fprintf(st->sum, "warning: %s\n", st->cpu_warning);
	if (st->ref_name)
		fprintf(st->sum, "no PMU cycles: '%s' is the reference counter, not CPU cycles\n",
			st->ref_name);
	fputs(LB_SUM_HDR, st->sum);
}

/* the median and cv of ns over the clean samples (all of them when none is clean) */
static void point_ns(const struct lb_state *st, const struct lb_point *pt,
		     struct lb_point_out *po)
{
	double *ns = malloc(sizeof(double) * (pt->nrows ? pt->nrows : 1));
	size_t m, n = 0;

	po->med_ns = po->cv = NAN;
	if (ns) {
		for (m = 0; m < pt->nrows; m++)
			if (pt->contam[m] != 1 || !pt->nclean)
				ns[n++] = pt->v[m * (1 + st->ncols)];
		po->med_ns = lb_median(ns, n);
		po->cv = lb_cv(ns, n);
		free(ns);
	}
	po->ns_pte = lb_per_pte(po->med_ns, pt->ptes);
}

/* one size point: measured, its end told to the outputs, its summary lines kept */
static void measure_point(struct lb_state *st, struct lb_point_out *po,
			  const struct lb_workload *w, uint64_t pages)
{
	struct lb_point pt = { .w = w, .pages = pages };
	char reason[256] = "";
	int r;

	po->workload = w->name;
	po->pages = pages;
	po->reason = reason;
	OUT(st, point_begin, po);
	pt.v = calloc((size_t)st->o->reps * (1 + st->ncols), sizeof(double));
	pt.contam = calloc((size_t)st->o->reps, 1);
	if (!pt.v || !pt.contam) {
		po->end = LB_PT_NOMEM;
		OUT(st, point_end, po);
		add_failure(st, w, pages, "out of memory");
		goto out;
	}
	r = run_point(st, &pt, reason, sizeof(reason));
	if (r == LB_SKIP) {
		po->end = LB_PT_SKIPPED;
		add_skip(st, w, pages, reason);
	} else if (r < 0) {
		po->end = LB_PT_FAILED;
		add_failure(st, w, pages, reason);
	} else if (stop_signal) {
		po->end = LB_PT_STOPPED;
		po->nrows = pt.nrows;
	} else {
		po->end = LB_PT_DONE;
		point_ns(st, &pt, po);
	}
	OUT(st, point_end, po);
	if (pt.nrows)
		summarise(st, &pt, st->sum, "");
	flush_stdout();
out:
	free(pt.v);
	free(pt.contam);
}

/* after the last point: samples on disk whatever happened, the counters closed, dated */
static void run_finish(struct lb_state *st)
{
	if (!st->error[0] && (fflush(st->tsv) || fsync(fileno(st->tsv))))
		set_error(st, "writing samples.tsv", errno);
	if (fclose(st->tsv) && !st->error[0])
		set_error(st, "writing samples.tsv", errno);
	lb_group_close(&st->grp);
	lb_contam_close(&st->contam);
	wall_redate(st);
	if (st->failures && !st->error[0]) {
		snprintf(st->error, sizeof(st->error), "%d size point%s failed, first %s pages=%llu: "
			 "%.200s", st->failures, st->failures > 1 ? "s" : "", st->fails[0].wl,
			 (unsigned long long)st->fails[0].pages, st->fails[0].reason);
		st->failed_only = 1;
	}
	finish_summary(st);
	print_summary(st);
}

int lb_run(struct lb_opts *o)
{
	static struct lb_state st_storage;
	struct lb_state *st = &st_storage;
	struct lb_point_out po = { .npoints = (unsigned long)(o->nwl * o->npages) };
	size_t w, k;
	int r;

	memset(st, 0, sizeof(*st));
	st->o = o;
	st->out[0] = &lb_out_progress;
	st->out[1] = o->tap ? &lb_out_tap : &lb_out_text;
	if (run_prepare(st))
		return LB_EXIT_FAIL;
	/* before the run directory exists: a signal from now on leaves it marked */
	catch_signals();
	r = stage_rundir(st);
	if (r)
		return r;
	announce(st, po.npoints);
	for (w = 0; w < o->nwl && !stop_signal && !st->error[0]; w++) {
		bind_extras(st, o->wl[w]);
		for (k = 0; k < o->npages && !stop_signal && !st->error[0]; k++) {
			po.n++;
			measure_point(st, &po, o->wl[w], o->pages[k]);
		}
	}
	run_finish(st);
	if (stop_signal || st->error[0])
		return check_stdout(end_incomplete(st));
	return check_stdout(end_publish(st));
}
