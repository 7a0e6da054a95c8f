/* SPDX-License-Identifier: GPL-2.0 */
/* lazybench: options of `lazybench run` and the measurement loop. */
#ifndef LAZYBENCH_HARNESS_H
#define LAZYBENCH_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "perf.h"
#include "workload.h"

#define LB_MAX_WL	64
#define LB_MAX_SIZES	32
#define LB_MAX_META	32
#define LB_DEFAULT_PAGES	"1,16,512,4096,65536"
#define LB_DEFAULT_REPS		30
#define LB_DEFAULT_WARMUP	3
#define LB_MAX_REPS		1000000
#define LB_MAX_WARMUP		100000

struct lb_opts {
	const struct lb_workload *wl[LB_MAX_WL];
	size_t nwl;
	uint64_t pages[LB_MAX_SIZES];
	size_t npages;
	unsigned long reps, warmup;
	int cpu;			/* -1: the CPU we started on */
	struct lb_event ev[LB_MAX_EVENTS];
	size_t nev;
	int events_given;		/* --events was used */
	char label[256];		/* "" = kernel release */
	const char *out;
	int tap;
	size_t folio_size;		/* --folio: h:1 folio size in bytes (0: 2 MiB) */
	const char *meta[LB_MAX_META];	/* KEY=VALUE, from --meta then LAZYBENCH_META */
	size_t nmeta;
	char *meta_env;			/* owned copy of LAZYBENCH_META */
	int64_t host_time;		/* LAZYBENCH_HOST_TIME: the host's clock when the VM
					   started (epoch s), 0 when not given */
	int clock_untrusted;		/* LAZYBENCH_CLOCK_UNTRUSTED=1: the clock was set
					   from a guessed time (a board without an RTC) */
	int argc;
	char **argv;
};

/*
 * Parse `run` arguments (argv[0] is "run"). 0 = ok, 1 = --help asked for, -1 = usage error
 * (err holds the one-line message). Pure: touches nothing outside *o.
 */
int lb_run_parse(int argc, char **argv, struct lb_opts *o, char *err, size_t errlen);
/* checks against the machine: --cpu allowed, sizes fit MemAvailable, --out usable */
int lb_run_check(struct lb_opts *o, char *err, size_t errlen);
/* run and store; returns the exit status */
int lb_run(struct lb_opts *o);
void lb_opts_free(struct lb_opts *o);
/* the default label (the kernel release, made a valid label) when none was given */
void lb_label_default(struct lb_opts *o);
void lb_run_usage(FILE *f);

#endif
