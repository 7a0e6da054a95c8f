/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lazybench.ko internals: the workload descriptor shared by the core
 * (lb_core.c: debugfs, parsing, limits, timing) and the wl_*.c files.
 *
 * For one size point the core calls init() once, then for every warm-up
 * and repetition prepare(), op() (the only timed call), cleanup(), and
 * finally fini(). prepare() and init() undo their own partial work on
 * failure; cleanup() and fini() must cope with whatever op() left.
 */
#ifndef LAZYBENCH_H
#define LAZYBENCH_H

#include <linux/bits.h>
#include <linux/types.h>

#define LBK_MAX_PAGES	BIT(18)	/* per size point (1 GiB of 4 KiB pages) */
#define LBK_MAX_REPS	100000
#define LBK_MAX_WARMUP	1000
#define LBK_MAX_THREADS	64
#define LBK_MAX_DEPTH	8
#define LBK_MAX_POINTS	16
#define LBK_MAX_SAMPLES	200000		/* points x reps of one batch run */
#define LBK_MEM_DIVISOR	4		/* at most 1/4 of RAM pinned by one run */

struct lbk_inst {
	const struct lbk_workload *wl;
	unsigned long pages;		/* size point */
	unsigned int threads;
	unsigned int depth;
	u64 ptes;			/* PTEs (or iterations) one op covers */
	u64 wmax, wmin;			/* threads: slowest/fastest worker's ns (0: none) */
	u64 doubles;			/* LBK_WL_DOUBLES: double populations in the op */
	u64 overlaps;			/* LBK_WL_DOUBLES: PTE visits while another walk ran */
	void *priv;
};

/* flags */
#define LBK_WL_THREADS	0x1	/* uses threads= */
#define LBK_WL_DEPTH	0x2	/* uses depth= */
#define LBK_WL_DOUBLES	0x4	/* op counts double populations (race-*) */

struct lbk_workload {
	const char *name;
	const char *desc;
	unsigned int flags;
	/* NULL when supported here, else why not (a constant string) */
	const char *(*unsupported)(const struct lbk_inst *in);
	/* pages of memory one instance pins at most (default: pages) */
	unsigned long (*mem_pages)(const struct lbk_inst *in);
	int (*init)(struct lbk_inst *in);
	int (*prepare)(struct lbk_inst *in);
	int (*op)(struct lbk_inst *in);
	void (*cleanup)(struct lbk_inst *in);
	void (*fini)(struct lbk_inst *in);
};

extern const struct lbk_workload lbk_wl_empty;
extern const struct lbk_workload lbk_wl_vmalloc, lbk_wl_vmalloc_touch, lbk_wl_vfree;
extern const struct lbk_workload lbk_wl_vpurge;
extern const struct lbk_workload lbk_wl_vmap, lbk_wl_vunmap;
extern const struct lbk_workload lbk_wl_apply_range, lbk_wl_apply_existing;
extern const struct lbk_workload lbk_wl_apply_alloc;
extern const struct lbk_workload lbk_wl_set_memory;
extern const struct lbk_workload lbk_wl_nest, lbk_wl_nest_pause;
extern const struct lbk_workload lbk_wl_threads;
extern const struct lbk_workload lbk_wl_race_pause, lbk_wl_race_none, lbk_wl_race_nest;

/* lb_crew.c: n kthreads, one per CPU, released together for each round */
struct lbk_crew;
typedef int (*lbk_round_fn)(void *data, unsigned int idx, u64 *ns);
/* inline_one: with n == 1 no kthread, lbk_crew_run() calls round itself */
struct lbk_crew *lbk_crew_start(unsigned int n, lbk_round_fn round, void *data,
				const char *name, bool inline_one);
int lbk_crew_run(struct lbk_crew *c, struct lbk_inst *in);
void lbk_crew_stop(struct lbk_crew *c);

/* wl_semantics.c: runs the v7.0+ self-check, prints TAP to @m and dmesg */
struct seq_file;
int lbk_semantics_show(struct seq_file *m, void *unused);

/* wl_apply.c: accept a caller-supplied init_mm address after checking it */
int lbk_set_init_mm(unsigned long addr);

/* lb_tp.c: tracepoints counted from the module */
struct task_struct;
void lbk_tp_init(void);
void lbk_tp_exit(void);
long lbk_tp_purges(void);
bool lbk_tp_have_mc(void);
int lbk_tp_mc_start(struct task_struct *tsk);
void lbk_tp_mc_stop(void);
void lbk_tp_mc_read(unsigned int *batches, unsigned int *flushes);

/* wl_apply.c: the kernel's mm once checked (NULL if not found), and a PTE write */
struct mm_struct *lbk_init_mm(void);
int lbk_rewrite_kernel_pte(unsigned long addr);

/* helpers for workloads (lb_core.c) */
struct page **lbk_alloc_pages(unsigned long n);
void lbk_free_pages(struct page **pages, unsigned long n);

#endif /* LAZYBENCH_H */
