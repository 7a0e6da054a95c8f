/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lazybench workload descriptor.
 *
 * One workload = one file in bench/workloads/ that defines a struct lb_workload and
 * registers it with LB_WORKLOAD(). The harness (bench/harness.c) owns all measurement
 * policy: pinning, warm-up, repetitions, timing, perf counters, emulator markers.
 * A workload only says how to set up, what the timed operation is and how to tear down.
 *
 * Call order for one size point (ctx->pages pages):
 *   init(ctx)                      once, outside any window; may return LB_SKIP
 *   for each warm-up and repetition:
 *     prepare(ctx)                 outside the window (populate, remap back, ...)
 *     [window opens] op(ctx) [window closes]
 *     cleanup(ctx)                 outside the window
 *   fini(ctx)                      once
 * Any hook may be NULL. Hooks return 0, LB_SKIP (init only: the kernel lacks the
 * feature; the reason goes in ctx->skip_reason), or -errno on failure.
 * check(err, errlen), before the run writes anything: the workload's own input (an
 * environment variable) is valid; else one line in err, and the run exits 2.
 */
#ifndef LAZYBENCH_WORKLOAD_H
#define LAZYBENCH_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#define LB_SKIP 1
#define LB_MAX_EXTRA 8

struct lb_ctx {
	size_t pages;		/* size point, in pages (input) */
	size_t page_size;	/* base page size of the running kernel (input) */
	uint64_t ptes;		/* PTEs one op touches; the harness presets it to pages */
	unsigned long rep;	/* repetition index, warm-ups negative-free: counts from 0 */
	void *priv;		/* the workload's own state */
	char skip_reason[128];	/* set by init() when it returns LB_SKIP */
	/*
	 * Values the op measured itself (kmod-* workloads: the module's in-kernel timing),
	 * one per name in the descriptor's extra_cols, in that order. The harness writes
	 * them into those columns; it presets them to NaN, written as "-".
	 */
	double extra_val[LB_MAX_EXTRA];
	size_t folio_size;	/* h:1 workloads: bytes per large folio (--folio; 0 = 2 MiB) */
};

struct lb_workload {
	const char *name;	/* e.g. "mremap" */
	const char *desc;	/* one line */
	const char *kpath;	/* kernel path the op reaches, e.g. "mremap -> move_ptes" */
	unsigned int flags;
	/* NULL-terminated names of extra columns the op fills (see lb_ctx.extra_val) */
	const char *const *extra_cols;
	int (*check)(char *err, size_t errlen);
	int (*init)(struct lb_ctx *ctx);
	int (*prepare)(struct lb_ctx *ctx);
	int (*op)(struct lb_ctx *ctx);
	int (*cleanup)(struct lb_ctx *ctx);
	void (*fini)(struct lb_ctx *ctx);
};

/* flags */
#define LB_WL_NOT_DEFAULT	0x1	/* not in the default suite (run by name only) */
#define LB_WL_NEEDS_ROOT	0x2	/* e.g. kmod-*: SKIP when not root */
#define LB_WL_WAITS		0x4	/* the op sleeps while the kernel works elsewhere (tv-*:
					 * a module load): switches are expected, contam is "-" */

/*
 * Registration without a registry: each descriptor's address is put in the
 * "lb_workloads" section; the linker provides __start_/__stop_ symbols around it.
 */
#define LB_WORKLOAD(var)						\
	static const struct lb_workload *const lb_wl_ptr_##var		\
	__attribute__((used, section("lb_workloads"), aligned(sizeof(void *)))) = &(var)

/* iteration, in bench/registry.c: sorted by name */
size_t lb_workload_count(void);
const struct lb_workload *lb_workload_at(size_t i);
const struct lb_workload *lb_workload_find(const char *name);

/*
 * Helpers for workloads (bench/mapping.c): an anonymous private mapping at a fixed,
 * aligned address (so page-table spans never depend on ASLR), THP disabled, and
 * populated with real anonymous pages (a write per page, not the zero page).
 * slot selects one of several disjoint 1 GiB-aligned regions; offset_pages shifts the
 * start inside the region (mremap uses different offsets so PMDs cannot be moved whole).
 */
void *lb_map_fixed(unsigned int slot, size_t offset_pages, size_t pages, size_t page_size);
void *lb_slot_addr(unsigned int slot, size_t offset_pages, size_t page_size);
void lb_populate(void *addr, size_t pages, size_t page_size);
/*
 * Hooks for the common case: ctx->priv is a populated mapping of ctx->pages pages in
 * slot 0 (an init() or prepare()), unmapped again by a fini().
 */
int lb_map_populated(struct lb_ctx *ctx);
void lb_unmap_fini(struct lb_ctx *ctx);

/*
 * Large folios, PTE-mapped ("h:1" in the reviewers' tables: 2 MiB THP folios mapped by
 * 512 PTEs each, as after a partial mprotect/mremap or on arm64 contpte; or mTHP folios of
 * ctx->folio_size, `run --folio 64k`, which are PTE-mapped by nature). h:1 variants
 * use these and put the verified folio size in their extra column "folio_pages".
 *   lb_thp_init:   SKIP unless pages is a multiple of 2 MiB, THP is not "never" and the
 *                  folios can be verified (root); lifts PR_SET_THP_DISABLE (lb_thp_fini
 *                  sets it again)
 *   lb_map_thp_pte: a fixed mapping in slot, THP faulted in, every PMD mapping split to
 *                  PTEs without splitting the folio, MADV_NOHUGEPAGE against khugepaged
 *   lb_thp_verify: /proc/self/pagemap + /proc/kpageflags + smaps: PTE-mapped 2 MiB
 *                  folios, or an error (the run records it); sets extra_val[0]
 *   lb_folio_check: average pages per folio over the range, -1 (why set); why is also
 *                  set when some pages are not in large folios
 */
#define LB_PMD_SIZE (2UL << 20)
int lb_thp_init(struct lb_ctx *ctx);
void lb_thp_fini(struct lb_ctx *ctx);
void *lb_map_thp_pte(struct lb_ctx *ctx, unsigned int slot);
/* fault THP into an existing mapping and PTE-map it (as lb_map_thp_pte) */
int lb_thp_fill(struct lb_ctx *ctx, void *addr);
/* the h:1 variants' extra column */
extern const char *const lb_thp_cols[];
int lb_thp_verify(struct lb_ctx *ctx, void *addr);
int lb_folio_check(void *addr, size_t pages, size_t page_size, char *why, size_t whylen);

/*
 * The *-mt variants (bench/sibling.c): a second thread of the process ran on another CPU
 * and sleeps until lb_sibling_stop(), so the mm is live on two CPUs.
 *   lb_sibling_start: an init(); SKIP (with the reason) when no other CPU is allowed
 *   lb_sibling_cpu:   the CPU it ran on, for the extra column "other_cpu"
 */
int lb_sibling_start(struct lb_ctx *ctx);
void lb_sibling_stop(void);
int lb_sibling_cpu(void);
extern const char *const lb_sibling_cols[];

#endif
