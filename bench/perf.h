/* SPDX-License-Identifier: GPL-2.0 */
/* lazybench: perf events (perf's spelling), opened as one group around the timed op. */
#ifndef LAZYBENCH_PERF_H
#define LAZYBENCH_PERF_H

#include <linux/perf_event.h>
#include <stddef.h>
#include <stdint.h>

#define LB_MAX_EVENTS 32

enum lb_ev_kind { LB_EV_HW, LB_EV_SW, LB_EV_RAW, LB_EV_TP };

struct lb_event {
	char spec[64];		/* as written: "cycles:k", "r7d", "xen:xen_mc_flush" */
	char col[64];		/* samples.tsv column */
	char desc[128];
	enum lb_ev_kind kind;
	struct perf_event_attr attr;
	int resolved;		/* attr is complete (tracepoints: id found) */
	int fd;			/* -1 when not open */
	int opened;		/* was opened (stays set after close) */
	char reason[256];	/* why it is unavailable */
};

/*
 * Parse one event in perf's spelling. Returns 0 (the event may still be unresolved:
 * a tracepoint missing from tracefs, which is "unavailable", not an error) or -1 when
 * the text is not an event at all (err says why: a usage error).
 */
int lb_event_parse(const char *spec, struct lb_event *ev, char *err, size_t errlen);

/* the default event list for this architecture (perf spelling), comma-separated */
const char *lb_default_events(void);

/* tracefs root: $LAZYBENCH_TRACEFS, /sys/kernel/tracing or /sys/kernel/debug/tracing */
const char *lb_tracefs_root(void);

struct lb_group {
	struct lb_event *ev;
	size_t n;
	int leader;		/* fd of the group leader, -1 when nothing opened */
	size_t nopen;
	size_t order[LB_MAX_EVENTS];	/* index in ev[] of the i-th value read */
	/*
	 * Software clock events (task-clock, cpu-clock) read 0 as group members that do not
	 * lead (their count is only brought up to date when they are read on their own):
	 * they are opened alone, free-running, and read before and after the window.
	 */
	size_t solo[LB_MAX_EVENTS];	/* index in ev[] of the i-th solo event */
	size_t nsolo;
};

/* open every resolved event as one group on this thread; failures are recorded per event */
void lb_group_open(struct lb_group *g, struct lb_event *ev, size_t n);
void lb_group_close(struct lb_group *g);

/* raw group read (outside the window): the group's 3 + LB_MAX_EVENTS words, then solos */
#define LB_GROUP_RAW_WORDS (3 + 2 * LB_MAX_EVENTS)
int lb_group_snapshot(const struct lb_group *g, uint64_t *raw);
/*
 * Counts between two snapshots: vals[i] for ev[i], NaN when not open or the group never
 * ran; scaled when the group was multiplexed (then *multiplexed is set).
 */
/* is this event read on its own rather than in the group? */
int lb_event_is_solo(const struct lb_event *ev);
void lb_group_delta(const struct lb_group *g, const uint64_t *before, const uint64_t *after,
		    double *vals, int *multiplexed);

#include <sys/ioctl.h>
static inline void lb_group_enable(const struct lb_group *g)
{
	if (g->leader >= 0)
		ioctl(g->leader, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
}

static inline void lb_group_disable(const struct lb_group *g)
{
	if (g->leader >= 0)
		ioctl(g->leader, PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
}

/* the architecture's reference counter, for when there is no PMU */
static inline const char *lb_ref_counter_name(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return "tsc";
#elif defined(__aarch64__)
	return "cntvct";
#else
	return NULL;
#endif
}

static inline uint64_t lb_ref_counter(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return __builtin_ia32_rdtsc();
#elif defined(__aarch64__)
	uint64_t v;

	__asm__ __volatile__("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
#else
	return 0;
#endif
}

#endif
