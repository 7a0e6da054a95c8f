// SPDX-License-Identifier: GPL-2.0
/*
 * race-pause, race-none, race-nest: the KASAN vmalloc shadow populate pattern
 * (kasan_populate_vmalloc_pte() in mm/kasan/shadow.c) on the module's own
 * range. threads= kthreads, one per online CPU (round robin), run
 * apply_to_page_range() over the same range at once (threads=1: the caller
 * walks alone, so ns and kcycles are one walk's cost); the callback takes
 * init_mm.page_table_lock, checks pte_none(ptep_get()) and, when it is none,
 * set_pte_at()s this worker's own page for that PTE. Around the locked update:
 *   race-pause  lazy_mmu_mode_pause()/resume(), what 7.x's KASAN does
 *   race-none   nothing: the write stays in the walker's lazy section
 *   race-nest   a nested lazy_mmu_mode_enable()/disable()
 * Where a PTE write is only queued while the mode is active (Xen PV's
 * multicalls), the second worker can read none for a PTE the first one has
 * already set: both populate it, a double population (one of the two pages
 * would leak or be overwritten in KASAN). The callback sees it: every PTE
 * records, under the lock, which worker set it (owner[]), so a worker that
 * reads none where owner[] is already set counts one (kdouble). It writes its
 * own PTE anyway, like KASAN would: the final PTE is whichever flush lands
 * last. koverlap counts the PTE visits a walker made while another walker
 * was between its start and its end: a double count of 0 says something
 * only when koverlap > 0. The workers spin at a start line so that their
 * walks overlap. ns: from the release until the last worker is done; each
 * worker also times its own walk (kslowest, kfastest); ptes = pages x
 * threads (every worker visits every PTE; one of them sets each).
 *
 * Memory: the range is a vmap() of worker 0's pages made once per size point
 * (so the area, its page tables and its KASAN shadow are the kernel's,
 * made and freed by vmap()/vunmap()); prepare() clears its PTEs, the workers
 * refill them. All candidate pages are the module's, allocated in init() and
 * freed in fini() only after vunmap() and the purge (vm_unmap_aliases(): the
 * TLB flush of the range), so no PTE ever maps a page the module does not own,
 * and nothing is ever read or written through the mapping.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

#include "lb_compat.h"
#include "lazybench.h"

enum race_variant { RACE_PAUSE, RACE_NONE, RACE_NEST };

#define RACE_SPINS	BIT(16)	/* at the start line, before yielding */

struct race_state;

struct race_worker {
	struct race_state *st;
	struct page **pages;		/* this worker's page for each PTE */
	u8 id;				/* 1..threads, as stored in owner[] */
	unsigned long overlaps;		/* its PTE visits while another walked */
};

struct race_state {
	enum race_variant variant;
	unsigned long pages;
	unsigned int n;
	struct mm_struct *mm;		/* init_mm */
	void *addr;			/* the vmap()ed range */
	bool ran;			/* an op filled the range since prepare() */
	unsigned long missing;		/* PTEs that op left unset (a module bug) */
	u8 *owner;			/* per PTE: last setter's id, 0: none (under the lock) */
	unsigned long doubles;		/* this op's double populations (under the lock) */
	struct lbk_crew *crew;		/* the walkers (lb_crew.c) */
	atomic_t arriving;		/* workers not yet at the start line */
	atomic_t walking;		/* workers between start line and end */
	struct race_worker w[];
};

static void race_enter(enum race_variant v)
{
	if (v == RACE_PAUSE)
		lb_lazy_pause();
	else if (v == RACE_NEST)
		lb_lazy_enter();
}

static void race_leave(enum race_variant v)
{
	if (v == RACE_PAUSE)
		lb_lazy_resume();
	else if (v == RACE_NEST)
		lb_lazy_leave();
}

/* kasan_populate_vmalloc_pte()'s shape, with this worker's page */
static int race_populate(pte_t *ptep, unsigned long addr, void *data)
{
	struct race_worker *w = data;
	struct race_state *st = w->st;
	struct mm_struct *mm = st->mm;
	unsigned long i = (addr - (unsigned long)st->addr) >> PAGE_SHIFT;
	pte_t pte __maybe_unused = mk_pte(w->pages[i], PAGE_KERNEL);	/* LB_NO_SET_PTE */

	if (atomic_read(&st->walking) > 1)
		w->overlaps++;
	race_enter(st->variant);
	spin_lock(&mm->page_table_lock);
	if (pte_none(ptep_get(ptep))) {
		if (st->owner[i])
			st->doubles++;
#ifndef LB_NO_SET_PTE	/* never reached then: race_unsupported() */
		set_pte_at(mm, addr, ptep, pte);
#endif
		st->owner[i] = w->id;
	}
	spin_unlock(&mm->page_table_lock);
	race_leave(st->variant);
	return 0;
}

/* empty one PTE; after an op, check that someone who saw it none set it */
static int race_clear(pte_t *ptep, unsigned long addr, void *data)
{
	struct race_state *st = data;
	unsigned long i = (addr - (unsigned long)st->addr) >> PAGE_SHIFT;
	pte_t pte = ptep_get_and_clear(st->mm, addr, ptep);

	if (st->ran && (!pte_present(pte) || !st->owner[i]))
		st->missing++;
	return 0;
}

/*
 * Empty the range's PTEs. No TLB flush on x86 (none is exported to modules):
 * nothing ever accesses the range, so no TLB entry for it exists.
 */
static int race_empty(struct race_state *st)
{
	unsigned long start = (unsigned long)st->addr, size = st->pages << PAGE_SHIFT;
	int ret;

	st->missing = 0;
	ret = apply_to_page_range(st->mm, start, size, race_clear, st);
#ifdef CONFIG_ARM64
	flush_tlb_kernel_range(start, start + size);
#endif
	if (!ret && st->missing) {
		pr_err("%s: %lu of %lu PTEs left unset by the op\n",
		       st->variant == RACE_PAUSE ? "race-pause" :
		       st->variant == RACE_NONE ? "race-none" : "race-nest",
		       st->missing, st->pages);
		ret = -EFAULT;
	}
	st->ran = false;
	memset(st->owner, 0, st->pages * sizeof(*st->owner));
	return ret;
}

/* one walker's round, in a crew worker (or the caller, threads=1) */
static int race_round(void *data, unsigned int idx, u64 *ns)
{
	struct race_state *st = data;
	struct race_worker *w = &st->w[idx];
	unsigned long spins = 0;
	u64 t0;
	int ret;

	/*
	 * Start together, so that the walks overlap: spin until every worker
	 * is here, yielding after a while (more workers than CPUs share one).
	 */
	atomic_dec(&st->arriving);
	while (atomic_read(&st->arriving) > 0) {
		cpu_relax();
		if (++spins > RACE_SPINS)
			cond_resched();
	}
	w->overlaps = 0;
	atomic_inc(&st->walking);
	t0 = ktime_get_raw_ns();
	ret = apply_to_page_range(st->mm, (unsigned long)st->addr,
				  st->pages << PAGE_SHIFT, race_populate, w);
	*ns = ktime_get_raw_ns() - t0;
	atomic_dec(&st->walking);
	return ret;
}

static const char *race_unsupported(const struct lbk_inst *in)
{
#ifdef LB_NO_SET_PTE
	return "set_pte_at() needs " LB_NO_SET_PTE "(), which this kernel does not export";
#endif
	return lbk_init_mm() ? NULL : "init_mm not found (see apply-range)";
}

static const char *race_lazy_unsupported(const struct lbk_inst *in)
{
	if (!LB_LAZY_PAUSE)
		return "pause/resume and nesting need the v7.0+ lazy_mmu_mode API";
	return race_unsupported(in);
}

static unsigned long race_mem(const struct lbk_inst *in)
{
	return in->pages * in->threads;
}

/* stop the workers and free everything; the range is unmapped first */
static void race_free(struct race_state *st)
{
	unsigned int i;

	lbk_crew_stop(st->crew);
	if (st->addr) {
		/* check the last op (every other one is checked by prepare) */
		WARN_ON_ONCE(race_empty(st));
		vunmap(st->addr);
		vm_unmap_aliases();	/* the TLB flush, before the pages go */
	}
	for (i = 0; i < st->n; i++)
		lbk_free_pages(st->w[i].pages, st->pages);
	kvfree(st->owner);
	kfree(st);
}

static int race_init(struct lbk_inst *in, enum race_variant v)
{
	struct race_state *st;
	unsigned int i;

	if (!lbk_init_mm())
		return -EOPNOTSUPP;
	st = kzalloc(struct_size(st, w, in->threads), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->variant = v;
	st->mm = lbk_init_mm();
	st->pages = in->pages;
	st->n = in->threads;
	st->owner = kvcalloc(st->pages, sizeof(*st->owner), GFP_KERNEL);
	if (!st->owner)
		goto nomem;
	for (i = 0; i < st->n; i++) {
		st->w[i].st = st;
		st->w[i].id = i + 1;
		st->w[i].pages = lbk_alloc_pages(st->pages);
		if (!st->w[i].pages)
			goto nomem;
	}
	st->addr = vmap(st->w[0].pages, st->pages, VM_MAP, PAGE_KERNEL);
	if (!st->addr)
		goto nomem;
	/* one worker: the caller walks itself (lbk_crew_run()), no kthread */
	st->crew = lbk_crew_start(st->n, race_round, st, "r", true);
	if (IS_ERR(st->crew)) {
		int err = PTR_ERR(st->crew);

		st->crew = NULL;
		race_free(st);
		return err;
	}
	in->priv = st;
	return 0;
nomem:
	race_free(st);
	return -ENOMEM;
}

static int race_init_pause(struct lbk_inst *in)
{
	return race_init(in, RACE_PAUSE);
}

static int race_init_none(struct lbk_inst *in)
{
	return race_init(in, RACE_NONE);
}

static int race_init_nest(struct lbk_inst *in)
{
	return race_init(in, RACE_NEST);
}

/* empty every PTE of the range (and check the previous op's) */
static int race_prepare(struct lbk_inst *in)
{
	struct race_state *st = in->priv;

	st->doubles = 0;
	return race_empty(st);
}

static int race_op(struct lbk_inst *in)
{
	struct race_state *st = in->priv;
	unsigned int i;
	int ret;

	atomic_set(&st->arriving, st->n);
	ret = lbk_crew_run(st->crew, in);
	in->doubles = st->doubles;
	for (i = 0; i < st->n; i++)
		in->overlaps += st->w[i].overlaps;
	st->ran = !ret;		/* a failed op's partial range is only emptied */
	return ret;
}

static void race_fini(struct lbk_inst *in)
{
	struct race_state *st = in->priv;

	if (!st)
		return;
	race_free(st);
	in->priv = NULL;
}

#define RACE_WL(wname, wdesc, unsup, initfn)				\
	{								\
		.name = wname,						\
		.desc = wdesc,						\
		.flags = LBK_WL_THREADS | LBK_WL_DOUBLES,		\
		.unsupported = unsup,					\
		.mem_pages = race_mem,					\
		.init = initfn,						\
		.prepare = race_prepare,				\
		.op = race_op,						\
		.fini = race_fini,					\
	}

LBK_WORKLOAD(lbk_wl_race_pause) =
	RACE_WL("race-pause",
		"N kthreads populate one range, KASAN-style, pause/resume around the locked update",
		race_lazy_unsupported, race_init_pause);

LBK_KMOD("race-pause", "kmod-race-pause", "", LBK_KMOD_RACE,
	 "KASAN shadow populate pattern, one walker per CPU, pause/resume around it (7.x)",
	 "apply_to_page_range -> lock, pte_none, set_pte_at (paused)");
LBK_WORKLOAD(lbk_wl_race_none) =
	RACE_WL("race-none",
		"N kthreads populate one range, KASAN-style, nothing around the locked update",
		race_unsupported, race_init_none);

LBK_KMOD("race-none", "kmod-race-none", "", LBK_KMOD_RACE,
	 "KASAN shadow populate pattern, one walker per CPU, inside the lazy section",
	 "apply_to_page_range -> lock, pte_none, set_pte_at (queued)");
LBK_WORKLOAD(lbk_wl_race_nest) =
	RACE_WL("race-nest",
		"N kthreads populate one range, KASAN-style, nested enable/disable around it",
		race_lazy_unsupported, race_init_nest);

LBK_KMOD("race-nest", "kmod-race-nest", "", LBK_KMOD_RACE,
	 "KASAN shadow populate pattern, one walker per CPU, nested enable/disable",
	 "apply_to_page_range -> enable, lock, pte_none, set_pte_at, unlock, disable");
