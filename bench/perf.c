// SPDX-License-Identifier: GPL-2.0
/* lazybench: perf_event_open in perf's spelling, as one group. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "perf.h"
#include "util.h"

struct named {
	const char *name;
	uint32_t type;
	uint64_t config;
	const char *col;
	const char *desc;
};

static const struct named named_events[] = {
	{ "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, "cycles", "CPU cycles" },
	{ "cpu-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, "cycles", "CPU cycles" },
	{ "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, "instructions",
	  "instructions retired" },
	{ "cache-references", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES, NULL,
	  "cache references" },
	{ "cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES, NULL, "cache misses" },
	{ "branches", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS, NULL, "branches" },
	{ "branch-instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS,
	  "branches", "branches" },
	{ "branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES, NULL,
	  "branch misses" },
	{ "bus-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BUS_CYCLES, NULL, "bus cycles" },
	{ "ref-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES, NULL,
	  "reference cycles" },
	{ "stalled-cycles-frontend", PERF_TYPE_HARDWARE, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND,
	  NULL, "frontend stall cycles" },
	{ "stalled-cycles-backend", PERF_TYPE_HARDWARE, PERF_COUNT_HW_STALLED_CYCLES_BACKEND,
	  NULL, "backend stall cycles" },
	{ "cpu-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, NULL, "cpu clock (ns)" },
	{ "task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, NULL, "task clock (ns)" },
	{ "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, NULL, "page faults" },
	{ "faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, "page_faults", "page faults" },
	{ "minor-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN, NULL,
	  "minor page faults" },
	{ "major-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ, NULL,
	  "major page faults" },
	{ "context-switches", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES, NULL,
	  "context switches" },
	{ "cs", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES, "context_switches",
	  "context switches" },
	{ "cpu-migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS, NULL,
	  "CPU migrations" },
	{ "migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS, "cpu_migrations",
	  "CPU migrations" },
	{ "alignment-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_ALIGNMENT_FAULTS, NULL,
	  "alignment faults" },
	{ "emulation-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_EMULATION_FAULTS, NULL,
	  "emulation faults" },
};

const char *lb_default_events(void)
{
#if defined(__aarch64__)
	return "cycles:k,instructions:k,r7c:k,r7d:k,r7e:k,"
	       "xen:xen_mc_flush,xen:xen_mc_issue,xen:xen_mmu_set_pte";
#else
	return "cycles:k,instructions:k,xen:xen_mc_flush,xen:xen_mc_issue,xen:xen_mmu_set_pte";
#endif
}

const char *lb_tracefs_root(void)
{
	static const char *const roots[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	const char *env = getenv("LAZYBENCH_TRACEFS");
	char p[256];
	struct stat st;
	size_t i;

	if (env && *env)
		return env;
	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		snprintf(p, sizeof(p), "%s/events", roots[i]);
		if (!stat(p, &st) && S_ISDIR(st.st_mode))
			return roots[i];
	}
	return NULL;
}

static int is_ident(const char *s, size_t n)
{
	size_t i;

	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
			return 0;
	}
	return 1;
}

static int tp_ident(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789_") == strlen(s);
}

static void col_from(char *col, size_t len, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < len; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			c = '_';
		col[i] = c;
	}
	col[i] = '\0';
}

/* perf's event modifier letters (tools/perf/util/parse-events.l, modifier_event) */
#define PERF_MODIFIERS "ukhpPGHSDIWebRX"

static const char *modifier_name(char c)
{
	switch (c) {
	case 'u': return "user";
	case 'k': return "kernel";
	case 'h': return "hypervisor";
	case 'I': return "non_idle";
	case 'G': return "guest";
	case 'H': return "host";
	case 'P': return "precise_max";
	case 'S': return "sample_read";
	case 'D': return "pinned";
	case 'W': return "weak";
	case 'e': return "exclusive";
	case 'b': return "bpf";
	case 'R': return "retire_lat";
	case 'X': return "dont_regroup";
	default: return NULL;
	}
}

/*
 * perf's modifiers: u, k, h (what to count), p..ppp and P (precision: no effect on a
 * count, accepted). perf's other modifiers are refused by name; errors in perf's words.
 * 0, or -1 with err set.
 */
static int apply_modifiers(struct perf_event_attr *a, const char *spec, const char *mod,
			   char *suffix, size_t len, char *err, size_t errlen)
{
	int u = 0, k = 0, h = 0, prec = 0, seen[128] = { 0 };
	const char *p;

	if (!*mod) {
		snprintf(err, errlen, "bad event modifier in '%s': nothing after ':'", spec);
		return -1;
	}
	for (p = mod; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c >= 128 || !strchr(PERF_MODIFIERS, c)) {
			snprintf(err, errlen, "bad event modifier '%c' in '%s' (perf's modifiers: "
				 "u k h p P ...)", c, spec);
			return -1;
		}
		if (c == 'p') {
			if (++prec > 3) {
				snprintf(err, errlen, "'%s': Maximum precise value is 3", spec);
				return -1;
			}
			continue;
		}
		if (seen[c]++) {
			snprintf(err, errlen, "'%s': Duplicate modifier '%c' (%s)", spec, c,
				 modifier_name((char)c));
			return -1;
		}
		if (c == 'u')
			u = 1;
		else if (c == 'k')
			k = 1;
		else if (c == 'h')
			h = 1;
		else if (c != 'P') {
			snprintf(err, errlen, "'%s': perf's modifier '%c' (%s) does not apply to "
				 "lazybench's counting (supported: u k h p P)", spec, c,
				 modifier_name((char)c));
			return -1;
		}
	}
	a->precise_ip = (unsigned int)prec;	/* P: the kernel's maximum is not probed */
	suffix[0] = '\0';
	if (!u && !k && !h)	/* precision only: counts as without a modifier */
		return 0;
	a->exclude_user = !u;
	a->exclude_kernel = !k;
	a->exclude_hv = !h;
	/* the column keeps the plain name for :k (the default); others get a suffix */
	suffix[0] = '\0';
	if (!(k && !u && !h))
		snprintf(suffix, len, "_%s%s%s", u ? "u" : "", k ? "k" : "", h ? "h" : "");
	return 0;
}

static const char *raw_col(uint64_t config)
{
#if defined(__aarch64__)
	if (config == 0x7c)
		return "isb_spec";
	if (config == 0x7d)
		return "dsb_spec";
	if (config == 0x7e)
		return "dmb_spec";
#else
	(void)config;
#endif
	return NULL;
}

static int resolve_tracepoint(struct lb_event *ev, const char *sys, const char *name)
{
	const char *root = lb_tracefs_root();
	char path[512], buf[64];
	uint64_t id;
	int r;

	if (!root) {
		snprintf(ev->reason, sizeof(ev->reason),
			 "tracefs not mounted (no /sys/kernel/tracing/events)");
		return -1;
	}
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", root, sys, name);
	r = lb_read_text(path, buf, sizeof(buf));
	if (r < 0) {
		snprintf(ev->reason, sizeof(ev->reason), "tracepoint not available: %.100s: %.40s",
			 path, strerror(-r));
		return -1;
	}
	if (lb_parse_u64(buf, 0, UINT64_MAX, &id)) {
		snprintf(ev->reason, sizeof(ev->reason), "bad tracepoint id in %.120s", path);
		return -1;
	}
	ev->attr.config = id;
	return 0;
}

/* a named hardware or software event (cycles, page-faults...): 1 when base names none */
static int parse_named(struct lb_event *ev, const char *spec, const char *base,
		       const char *colon, char *err, size_t errlen)
{
	const struct named *ne = NULL;
	char suffix[16] = "";
	size_t i;

	for (i = 0; i < sizeof(named_events) / sizeof(named_events[0]) && !ne; i++)
		if (!strcmp(base, named_events[i].name))
			ne = &named_events[i];
	if (!ne)
		return 1;
	ev->kind = ne->type == PERF_TYPE_HARDWARE ? LB_EV_HW : LB_EV_SW;
	ev->attr.type = ne->type;
	ev->attr.config = ne->config;
	if (colon && apply_modifiers(&ev->attr, spec, colon + 1, suffix, sizeof(suffix), err,
				     errlen))
		return -1;
	/*
	 * task-clock and cpu-clock count the time on the CPU whatever the mode:
	 * exclude_user/exclude_kernel only filter their samples (kernel/events/core.c,
	 * task_clock_event_init() and cpu_clock_event_init() set up an hrtimer, the
	 * count is the clock). A :u column would hold kernel time: refused.
	 */
	if (ne->type == PERF_TYPE_SOFTWARE && (ne->config == PERF_COUNT_SW_TASK_CLOCK ||
	    ne->config == PERF_COUNT_SW_CPU_CLOCK) &&
	    (ev->attr.exclude_user || ev->attr.exclude_kernel)) {
		snprintf(err, errlen, "'%s': the kernel counts %s in user and kernel mode "
			 "alike (the modifier filters samples, not the count): use '%s'",
			 spec, ne->name, ne->name);
		return -1;
	}
	col_from(ev->col, sizeof(ev->col) - sizeof(suffix), ne->col ? ne->col : ne->name);
	strcat(ev->col, suffix);
	snprintf(ev->desc, sizeof(ev->desc), "%s (%s)", ne->desc, spec);
	ev->resolved = 1;
	return 0;
}

/* rXXX: the raw config in hex (at most 16 digits); -1 when base is not one */
static int raw_config(const char *base, size_t blen, uint64_t *cfg)
{
	size_t i;

	if (base[0] != 'r' || blen < 2 || blen > 17)
		return -1;
	*cfg = 0;
	for (i = 1; i < blen; i++) {
		char c = base[i];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (unsigned int)(c - 'A' + 10);
		else
			return -1;
		*cfg = (*cfg << 4) | d;
	}
	return 0;
}

/* a raw PMU event, rXXX: 1 when base is not one */
static int parse_raw(struct lb_event *ev, const char *spec, const char *base,
		     const char *colon, char *err, size_t errlen)
{
	char suffix[16] = "";
	const char *rc;
	uint64_t cfg;

	if (raw_config(base, strlen(base), &cfg))
		return 1;
	rc = raw_col(cfg);
	ev->kind = LB_EV_RAW;
	ev->attr.type = PERF_TYPE_RAW;
	ev->attr.config = cfg;
	if (colon && apply_modifiers(&ev->attr, spec, colon + 1, suffix, sizeof(suffix), err,
				     errlen))
		return -1;
	if (rc)
		snprintf(ev->col, sizeof(ev->col), "%s%s", rc, suffix);
	else
		snprintf(ev->col, sizeof(ev->col), "r%llx%s", (unsigned long long)cfg, suffix);
	snprintf(ev->desc, sizeof(ev->desc), "raw PMU event 0x%llx (%s)",
		 (unsigned long long)cfg, spec);
	ev->resolved = 1;
	return 0;
}

/* a tracepoint, subsys:event; anything else is no event lazybench knows */
static int parse_tracepoint(struct lb_event *ev, const char *spec, const char *base,
			    const char *colon, char *err, size_t errlen)
{
	const char *name = colon ? colon + 1 : NULL;

	/* NAME:MODIFIERS where NAME is no event: a typo, not a tracepoint (perf's words) */
	if (name && *name && strspn(name, PERF_MODIFIERS) == strlen(name)) {
		snprintf(err, errlen, "'%s': Bad event name '%s' (not an event lazybench knows; "
			 "perf spelling: cycles:k, r7d, subsys:event, page-faults)", spec, base);
		return -1;
	}
	if (!name || strchr(name, ':')) {
		snprintf(err, errlen, "unknown event '%s' (perf spelling: cycles:k, r7d, "
			 "subsys:event, page-faults)", spec);
		return -1;
	}
	/* both [A-Za-z0-9_]+ as in tracefs */
	if (!tp_ident(base) || !tp_ident(name)) {
		snprintf(err, errlen, "bad tracepoint name '%s' (subsys:event, letters, digits "
			 "and '_' only)", spec);
		return -1;
	}
	ev->kind = LB_EV_TP;
	ev->attr.type = PERF_TYPE_TRACEPOINT;
	ev->attr.exclude_hv = 0;
	ev->attr.sample_period = 1;
	col_from(ev->col, sizeof(ev->col), name);
	snprintf(ev->desc, sizeof(ev->desc), "tracepoint %s hits", spec);
	ev->resolved = !resolve_tracepoint(ev, base, name);
	return 0;
}

int lb_event_parse(const char *spec, struct lb_event *ev, char *err, size_t errlen)
{
	char base[64];
	const char *colon;
	size_t blen;
	int r;

	memset(ev, 0, sizeof(*ev));
	ev->fd = -1;
	if (!spec || !*spec || strlen(spec) >= sizeof(ev->spec)) {
		snprintf(err, errlen, "bad event '%s'", spec ? spec : "");
		return -1;
	}
	snprintf(ev->spec, sizeof(ev->spec), "%s", spec);
	colon = strchr(spec, ':');
	blen = colon ? (size_t)(colon - spec) : strlen(spec);
	if (blen >= sizeof(base) || !is_ident(spec, blen)) {
		snprintf(err, errlen, "bad event '%s'", spec);
		return -1;
	}
	memcpy(base, spec, blen);
	base[blen] = '\0';
	ev->attr.size = sizeof(ev->attr);
	ev->attr.disabled = 1;
	ev->attr.exclude_hv = 1;
	r = parse_named(ev, spec, base, colon, err, errlen);
	if (r == 1)
		r = parse_raw(ev, spec, base, colon, err, errlen);
	if (r == 1)
		r = parse_tracepoint(ev, spec, base, colon, err, errlen);
	return r;
}

static void reason_from_errno(struct lb_event *ev, int e)
{
	char par[32] = "?";

	lb_read_text("/proc/sys/kernel/perf_event_paranoid", par, sizeof(par));
	switch (e) {
	case ENOENT:
	case EOPNOTSUPP:
		snprintf(ev->reason, sizeof(ev->reason),
			 "not supported here (%s): no PMU or event unknown to it",
			 e == ENOENT ? "ENOENT" : "EOPNOTSUPP");
		break;
	case ENODEV:
		snprintf(ev->reason, sizeof(ev->reason), "no such PMU (ENODEV)");
		break;
	case EACCES:
	case EPERM:
		snprintf(ev->reason, sizeof(ev->reason),
			 "permission denied (%s, perf_event_paranoid=%s, euid=%u)",
			 e == EACCES ? "EACCES" : "EPERM", par, (unsigned int)geteuid());
		break;
	case EINVAL:
		snprintf(ev->reason, sizeof(ev->reason),
			 "rejected by the kernel (EINVAL): event or modifier not supported");
		break;
	default:
		snprintf(ev->reason, sizeof(ev->reason), "perf_event_open: %s", strerror(e));
	}
}

int lb_event_is_solo(const struct lb_event *ev)
{
	return ev->kind == LB_EV_SW && (ev->attr.config == PERF_COUNT_SW_CPU_CLOCK ||
					ev->attr.config == PERF_COUNT_SW_TASK_CLOCK);
}

static void open_solo(struct lb_group *g, struct lb_event *ev, size_t i)
{
	struct perf_event_attr a = ev->attr;
	long fd;

	a.read_format = 0;
	a.disabled = 0;		/* free-running: read before and after the window */
	a.inherit = 0;
	fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0) {
		reason_from_errno(ev, errno);
		return;
	}
	ev->fd = (int)fd;
	ev->opened = 1;
	g->solo[g->nsolo++] = i;
}

void lb_group_open(struct lb_group *g, struct lb_event *ev, size_t n)
{
	size_t i;

	memset(g, 0, sizeof(*g));
	g->ev = ev;
	g->n = n;
	g->leader = -1;
	for (i = 0; i < n && i < LB_MAX_EVENTS; i++) {
		struct perf_event_attr a = ev[i].attr;
		long fd;

		ev[i].fd = -1;
		ev[i].opened = 0;
		if (!ev[i].resolved)
			continue;
		if (lb_event_is_solo(&ev[i])) {
			open_solo(g, &ev[i], i);
			continue;
		}
		a.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_TOTAL_TIME_ENABLED |
				PERF_FORMAT_TOTAL_TIME_RUNNING;
		a.disabled = g->leader < 0;	/* members follow the leader */
		a.inherit = 0;
		fd = syscall(SYS_perf_event_open, &a, 0, -1, g->leader, PERF_FLAG_FD_CLOEXEC);
		if (fd < 0) {
			reason_from_errno(&ev[i], errno);
			continue;
		}
		ev[i].fd = (int)fd;
		ev[i].opened = 1;
		if (g->leader < 0)
			g->leader = (int)fd;
		g->order[g->nopen++] = i;
	}
}

void lb_group_close(struct lb_group *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		if (g->ev[i].fd >= 0 && g->ev[i].fd != g->leader)
			close(g->ev[i].fd);
		g->ev[i].fd = -1;
	}
	if (g->leader >= 0)
		close(g->leader);
	g->leader = -1;
	g->nopen = 0;
	g->nsolo = 0;
}

int lb_group_snapshot(const struct lb_group *g, uint64_t *raw)
{
	size_t want = (3 + g->nopen) * sizeof(uint64_t), j;
	ssize_t r;

	if (g->leader >= 0) {
		r = read(g->leader, raw, (3 + LB_MAX_EVENTS) * sizeof(uint64_t));
		if (r < (ssize_t)want || raw[0] != g->nopen)
			return -EIO;
	}
	for (j = 0; j < g->nsolo; j++)
		if (read(g->ev[g->solo[j]].fd, &raw[3 + LB_MAX_EVENTS + j], sizeof(uint64_t)) !=
		    (ssize_t)sizeof(uint64_t))
			return -EIO;
	return 0;
}

void lb_group_delta(const struct lb_group *g, const uint64_t *before, const uint64_t *after,
		    double *vals, int *multiplexed)
{
	uint64_t ena, run;
	double scale = 1;
	size_t i;

	*multiplexed = 0;
	for (i = 0; i < g->n; i++)
		vals[i] = NAN;
	for (i = 0; i < g->nsolo; i++)
		vals[g->solo[i]] = (double)(after[3 + LB_MAX_EVENTS + i] -
					    before[3 + LB_MAX_EVENTS + i]);
	if (g->leader < 0)
		return;
	ena = after[1] - before[1];
	run = after[2] - before[2];
	if (run == 0)	/* never scheduled in the window: no value */
		return;
	if (run < ena) {
		*multiplexed = 1;
		scale = (double)ena / (double)run;
	}
	for (i = 0; i < g->nopen; i++) {
		double d = (double)(after[3 + i] - before[3 + i]);

		vals[g->order[i]] = *multiplexed ? floor(d * scale + 0.5) : d;
	}
}
