/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading result directories (docs/FORMAT.md) for compare and plot: a run directory, or a
 * label directory whose finished runs are pooled into one column.
 */
#ifndef LAZYBENCH_REPORT_RUN_H
#define LAZYBENCH_REPORT_RUN_H

#include <stddef.h>

#include "rundir/json.h"

enum lb_kind { LB_KIND_TIME, LB_KIND_COUNT, LB_KIND_EXACT };

struct lb_metric {
	char *name, *unit, *desc;
	int higher;		/* 1: higher is better */
	enum lb_kind kind;
};

/* facts about a column that decide whether columns are comparable */
enum lb_fact {
	LB_F_ARCH, LB_F_CPU, LB_F_EMULATED, LB_F_KASAN, LB_F_DEBUG_PAGEALLOC,
	LB_F_DPA_ON, LB_F_PARAVIRT, LB_F_XEN_PV, LB_F_XEN_PV_DOMAIN, LB_F_PAGE_SIZE,
	LB_F_COUNTERS,
	/* informational: shown, never refused */
	LB_F_RELEASE, LB_F_HOST, LB_F_LAZY_MMU, LB_F_LAZY_API, LB_F_KUNIT, LB_F_KCONFIG, LB_F_THP,
	LB_F_DATE, LB_F_VERSION,
	LB_F_COUNT
};
#define LB_F_FIRST_INFO LB_F_RELEASE

struct lb_fact_desc {
	const char *name;	/* short, for tables */
	const char *what;	/* what it is, for messages */
};
extern const struct lb_fact_desc lb_facts[LB_F_COUNT];

/*
 * host.emulated in words, the one wording every report uses: "not emulated" (hardware),
 * "not emulated (KVM guest)", "not emulated (Xen PV guest)", "emulated (tcg)",
 * "emulated or not: unknown". A KVM or Xen guest runs on the hardware: its times are
 * hardware times, virtualised; only TCG's are not.
 */
const char *lb_emulated_text(const char *emu);

struct lb_row {
	const char *workload;	/* points into lb_run.workloads */
	size_t pages;
	double ptes;
	double *v;		/* one per metric column (lb_run.metrics order), NaN for '-' */
	size_t run;		/* which of the pooled runs it came from, from 0 */
	int contam;		/* the contam column: 0 clean, 1 contaminated, -1 unknown */
	unsigned long rep;	/* repetition index */
	size_t line;		/* line in samples.tsv */
};

struct lb_run {
	char *path;		/* as given */
	char *label;
	size_t nruns;		/* runs pooled */
	size_t nincomplete;	/* of which incomplete (only with allow_incomplete) */
	char *facts[LB_F_COUNT];	/* "?" when unknown */
	struct lb_metric *metrics;	/* the metric columns of samples.tsv, in order */
	size_t nmetrics;
	char **workloads;	/* in order of first appearance */
	size_t nworkloads;
	struct lb_row *rows;
	size_t nrows;
	char **run_ids;		/* run_id of each pooled run (meta.json, else its directory) */
	char **notes;		/* things the reader should know (skipped directories, ...) */
	size_t nnotes;
	size_t nno_contam;	/* pooled runs whose samples.tsv has no contam column */
	int keep_contam;	/* set by the caller: values include contaminated rows */
};

/*
 * Load a run or label directory. On error returns NULL with a one-line message naming
 * the file (and line) in err. Incomplete runs (.incomplete, "complete": false) are
 * refused unless allow_incomplete; then they are read and counted in nincomplete. In a
 * label directory they are skipped with a note instead, as are (with allow_incomplete)
 * incomplete runs without a sample.
 */
struct lb_run *lb_run_load(const char *path, int allow_incomplete, char *err, size_t errlen);
void lb_run_free(struct lb_run *r);

/* metric column index by name, or -1 */
int lb_run_metric(const struct lb_run *r, const char *name);
int lb_run_has_workload(const struct lb_run *r, const char *wl);

/*
 * Values of one metric for (workload, pages), NaN ('-') skipped, divided by ptes when
 * per_pte. Returns the count; *out is malloc'ed (caller frees), NULL when 0.
 */
size_t lb_run_values(const struct lb_run *r, const char *wl, size_t pages, int metric,
		     int per_pte, double **out);
/*
 * The same, grouped by pooled run: (*off)[i], (*len)[i] locate run i's values (runs
 * without values are left out; *k counts the others); contaminated rows are left out
 * unless r->keep_contam and counted in *ncontam, rows of unknown contamination in
 * *nunknown. Every pointer is malloc'ed (caller frees), NULL when 0 values.
 */
size_t lb_run_grouped(const struct lb_run *r, const char *wl, size_t pages, int metric,
		      int per_pte, double **out, size_t **off, size_t **len, size_t *k,
		      size_t *ncontam, size_t *nunknown);
/* the same, from pooled run number run only */
size_t lb_run_values_of(const struct lb_run *r, size_t run, const char *wl, size_t pages,
			int metric, int per_pte, double **out);

#endif
