// SPDX-License-Identifier: GPL-2.0
/*
 * apply-range, apply-existing: apply_to_page_range() and
 * apply_to_existing_page_range() over a vmalloc area of N (pages=) pages; the
 * callback rewrites each kernel PTE with its own value, a real PTE update
 * (a hypercall candidate under Xen PV, a deferred barrier on arm64) that
 * changes nothing. The area is allocated once per size point.
 *
 * Kernel ranges are walked through init_mm, which no kernel exports to
 * modules. Its address is looked up once with the kprobes symbol resolver
 * (register_kprobe() on a data symbol fails but fills in the address), or
 * written by the user to debugfs, and is only trusted when it looks like
 * init_mm and nothing else: no VMAs (map_count 0), its code range
 * (start_code..end_code) holds the kernel's own text (vfree()), it is not
 * the caller's mm, and a walk of its page tables finds the PTE that
 * vmalloc_to_pfn() reports for a fresh vmalloc page. A user mm fails the
 * first two checks although x86 shares the kernel half of its PGD. init_mm
 * is static, so no reference is needed to keep it. No kprobe is left
 * registered and no non-exported function is ever called. Without
 * CONFIG_KPROBES, or when the check fails, the workloads are unsupported.
 * apply_to_existing_page_range() is exported only by some kernels (not by
 * v7.3): Kbuild greps the target's Module.symvers. On sparc64 and powerpc,
 * set_pte_at() calls a function that is not exported (LB_NO_SET_PTE names
 * it): no PTE write from the module, these workloads are unsupported there.
 *
 * apply-alloc: the apply-range walk, but the callback first allocates a page
 * (GFP_NOWAIT, as tlb_next_batch() does inside zap_pte_range()'s section) and
 * then rewrites the PTE. With DEBUG_PAGEALLOC on arm64 the allocation maps
 * the page into the linear map through update_range_prot(), a lazy section
 * nested in the walk's, and the walk writes a kernel PTE after it: the shape
 * where a nested disable that leaves the mode costs barriers
 * (docs/findings/arm64-debug-pagealloc-nesting.md). The pages are freed by
 * cleanup, after the window.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "lazybench.h"

static struct mm_struct *lb_init_mm;
static const char *lb_init_mm_why = "not looked up yet";

/* read one kernel word that may not be mapped; false if it is not */
#define lb_peek(dst, src) (!copy_from_kernel_nofault(&(dst), (src), sizeof(dst)))

/*
 * Does @mm's page-table tree map @addr to the page vmalloc_to_pfn() reports?
 * Each entry is first read through copy_from_kernel_nofault(), so a wrong @mm
 * (a user-supplied address) cannot crash the kernel; the *_offset() helpers,
 * which read the entry again, only see entries that just read fine.
 */
static pte_t *lb_mm_walk(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd_base, *pgdp, pgd;
	p4d_t *p4dp, p4d;
	pud_t *pudp, pud;
	pmd_t *pmdp, pmd;
	pte_t *ptep, pte;

	if (!lb_peek(pgd_base, &mm->pgd) || !pgd_base)
		return NULL;
	pgdp = pgd_offset_pgd(pgd_base, addr);
	if (!lb_peek(pgd, pgdp) || pgd_none(pgd) || pgd_bad(pgd))
		return NULL;
	p4dp = p4d_offset(pgdp, addr);
	if (!lb_peek(p4d, p4dp) || p4d_none(p4d) || p4d_bad(p4d))
		return NULL;
	pudp = pud_offset(p4dp, addr);
	if (!lb_peek(pud, pudp) || pud_none(pud) || pud_bad(pud))
		return NULL;
	pmdp = pmd_offset(pudp, addr);
	if (!lb_peek(pmd, pmdp) || pmd_none(pmd) || pmd_bad(pmd))
		return NULL;
	ptep = pte_offset_kernel(pmdp, addr);
	if (!lb_peek(pte, ptep))
		return NULL;
	if (!pte_present(pte) || pte_pfn(pte) != vmalloc_to_pfn((void *)addr))
		return NULL;
	return ptep;
}

/* is @mm the kernel's page-table owner? (not a user mm: those map the kernel too) */
static int lb_check_init_mm(struct mm_struct *mm)
{
	unsigned long start_code, end_code, text = (unsigned long)vfree;
	int map_count;
	void *probe;
	int ret = 0;

	if (!IS_ALIGNED((unsigned long)mm, sizeof(long)) ||
	    mm == current->mm || mm == current->active_mm)
		return -EINVAL;
	if (!lb_peek(map_count, &mm->map_count) || map_count != 0 ||
	    !lb_peek(start_code, &mm->start_code) || !lb_peek(end_code, &mm->end_code) ||
	    start_code > text || end_code <= text)
		return -EINVAL;
	probe = vmalloc(PAGE_SIZE);
	if (!probe)
		return -ENOMEM;
	if (!lb_mm_walk(mm, (unsigned long)probe))
		ret = -EINVAL;
	vfree(probe);
	return ret;
}

/*
 * debugfs "init_mm": the address of init_mm (System.map value plus the KASLR
 * offset), for kernels whose kallsyms has no data symbols. Called with the
 * core's mutex held.
 */
int lbk_set_init_mm(unsigned long addr)
{
	int ret;

	if (lb_init_mm)
		return 0;
	ret = lb_check_init_mm((struct mm_struct *)addr);
	if (ret == -EINVAL)
		pr_info("init_mm: the given address is not the kernel's mm\n");
	if (!ret)
		lb_init_mm = (struct mm_struct *)addr;
	return ret;
}

/* called with the core's mutex held */
static void lb_find_init_mm(void)
{
#ifdef CONFIG_KPROBES
	struct kprobe kp = { .symbol_name = "init_mm" };
	struct mm_struct *mm;

	if (lb_init_mm)
		return;
	if (!register_kprobe(&kp)) {	/* cannot happen for a data symbol */
		unregister_kprobe(&kp);
		lb_init_mm_why = "init_mm resolved to probeable text";
		return;
	}
	mm = (struct mm_struct *)kp.addr;
	if (IS_ERR_OR_NULL(mm)) {
		lb_init_mm_why =
			"init_mm not in kallsyms (no KALLSYMS_ALL): write its address to init_mm";
		return;
	}
	if (!lb_check_init_mm(mm))
		lb_init_mm = mm;
	else
		lb_init_mm_why = "init_mm candidate does not map vmalloc memory";
#else
	lb_init_mm_why =
		"init_mm is not exported and CONFIG_KPROBES is off (write its address to init_mm)";
#endif
}

/* the checked init_mm, looked up now if needed; NULL when there is none */
struct mm_struct *lbk_init_mm(void)
{
	lb_find_init_mm();
	return lb_init_mm;
}

/*
 * Rewrite the kernel PTE of the vmalloc page at @addr with its own value:
 * one real PTE write, outside any section the kernel opens itself (the
 * semantics check uses it to see what the architecture does with a write).
 */
int lbk_rewrite_kernel_pte(unsigned long addr)
{
#ifdef LB_NO_SET_PTE
	return -EOPNOTSUPP;
#else
	pte_t *ptep;

	if (!lb_init_mm)
		return -EOPNOTSUPP;
	ptep = lb_mm_walk(lb_init_mm, addr);
	if (!ptep)
		return -EFAULT;
	set_pte_at(lb_init_mm, addr, ptep, ptep_get(ptep));
	return 0;
#endif
}

static const char *apply_unsupported(const struct lbk_inst *in)
{
#ifdef LB_NO_SET_PTE
	return "set_pte_at() needs " LB_NO_SET_PTE "(), which this kernel does not export";
#endif
	lb_find_init_mm();
	return lb_init_mm ? NULL : lb_init_mm_why;
}

static const char *apply_existing_unsupported(const struct lbk_inst *in)
{
#ifndef LB_HAVE_APPLY_EXISTING
	return "apply_to_existing_page_range() is not exported by this kernel";
#else
	return apply_unsupported(in);
#endif
}

static int apply_init(struct lbk_inst *in)
{
	if (!lb_init_mm)
		return -EOPNOTSUPP;
	in->priv = vmalloc(in->pages << PAGE_SHIFT);
	return in->priv ? 0 : -ENOMEM;
}

static void apply_fini(struct lbk_inst *in)
{
	vfree(in->priv);
	in->priv = NULL;
}

static int apply_rewrite(pte_t *ptep, unsigned long addr, void *data)
{
	unsigned long *n = data;
	pte_t pte = ptep_get(ptep);

	if (pte_none(pte))
		return -EFAULT;
#ifndef LB_NO_SET_PTE	/* never reached then: apply_unsupported() */
	set_pte_at(lb_init_mm, addr, ptep, pte);
#endif
	(*n)++;
	return 0;
}

static int apply_check(struct lbk_inst *in, unsigned long n, int ret)
{
	if (!ret && n != in->pages)
		ret = -EFAULT;
	return ret;
}

static int apply_op(struct lbk_inst *in)
{
	unsigned long n = 0;
	int ret;

	ret = apply_to_page_range(lb_init_mm, (unsigned long)in->priv,
				  in->pages << PAGE_SHIFT, apply_rewrite, &n);
	return apply_check(in, n, ret);
}

static int apply_existing_op(struct lbk_inst *in)
{
#ifdef LB_HAVE_APPLY_EXISTING
	unsigned long n = 0;
	int ret;

	ret = apply_to_existing_page_range(lb_init_mm, (unsigned long)in->priv,
					   in->pages << PAGE_SHIFT, apply_rewrite, &n);
	return apply_check(in, n, ret);
#else
	return -EOPNOTSUPP;
#endif
}

LBK_WORKLOAD(lbk_wl_apply_range) = {
	.name = "apply-range",
	.desc = "apply_to_page_range() rewriting every PTE of a vmalloc area",
	.unsupported = apply_unsupported,
	.init = apply_init,
	.op = apply_op,
	.fini = apply_fini,
};

LBK_KMOD("apply-range", "kmod-apply-range", "", LBK_KMOD_INIT_MM,
	 "apply_to_page_range() rewriting each PTE of a vmalloc area",
	 "apply_to_page_range -> apply_to_pte_range");

LBK_WORKLOAD(lbk_wl_apply_existing) = {
	.name = "apply-existing",
	.desc = "apply_to_existing_page_range() rewriting every PTE of a vmalloc area",
	.unsupported = apply_existing_unsupported,
	.init = apply_init,
	.op = apply_existing_op,
	.fini = apply_fini,
};

LBK_KMOD("apply-existing", "kmod-apply-existing", "", LBK_KMOD_INIT_MM,
	 "apply_to_existing_page_range() rewriting each PTE (where exported)",
	 "apply_to_existing_page_range -> apply_to_pte_range");

struct apply_alloc {
	void *area;
	struct page **pages;	/* allocated by the last op, freed by cleanup */
	unsigned long n;
};

static unsigned long apply_alloc_mem(const struct lbk_inst *in)
{
	return 2 * in->pages;
}

static void apply_alloc_cleanup(struct lbk_inst *in)
{
	struct apply_alloc *a = in->priv;

	while (a->n)
		__free_page(a->pages[--a->n]);
}

static void apply_alloc_fini(struct lbk_inst *in)
{
	struct apply_alloc *a = in->priv;

	if (!a)
		return;
	apply_alloc_cleanup(in);
	vfree(a->area);
	kvfree(a->pages);
	kfree(a);
	in->priv = NULL;
}

static int apply_alloc_init(struct lbk_inst *in)
{
	struct apply_alloc *a = kzalloc(sizeof(*a), GFP_KERNEL);

	if (!a)
		return -ENOMEM;
	in->priv = a;
	a->area = vmalloc(in->pages << PAGE_SHIFT);
	a->pages = kvmalloc_array(in->pages, sizeof(*a->pages), GFP_KERNEL);
	if (!a->area || !a->pages) {
		apply_alloc_fini(in);
		return -ENOMEM;
	}
	return 0;
}

static int apply_alloc_one(pte_t *ptep, unsigned long addr, void *data)
{
	struct apply_alloc *a = data;
	pte_t pte = ptep_get(ptep);
	struct page *page;

	if (pte_none(pte))
		return -EFAULT;
	page = alloc_page(GFP_NOWAIT | __GFP_NOWARN);
	if (!page)
		return -ENOMEM;
	a->pages[a->n++] = page;
#ifndef LB_NO_SET_PTE	/* never reached then: apply_unsupported() */
	set_pte_at(lb_init_mm, addr, ptep, pte);
#endif
	return 0;
}

static int apply_alloc_op(struct lbk_inst *in)
{
	struct apply_alloc *a = in->priv;
	int ret;

	if (!lb_init_mm)
		return -EOPNOTSUPP;
	ret = apply_to_page_range(lb_init_mm, (unsigned long)a->area,
				  in->pages << PAGE_SHIFT, apply_alloc_one, a);
	return apply_check(in, a->n, ret);
}

LBK_WORKLOAD(lbk_wl_apply_alloc) = {
	.name = "apply-alloc",
	.desc = "apply_to_page_range() allocating a page, then rewriting the PTE, per PTE",
	.unsupported = apply_unsupported,
	.mem_pages = apply_alloc_mem,
	.init = apply_alloc_init,
	.op = apply_alloc_op,
	.cleanup = apply_alloc_cleanup,
	.fini = apply_alloc_fini,
};

LBK_KMOD("apply-alloc", "kmod-apply-alloc", "", LBK_KMOD_INIT_MM,
	 "apply_to_page_range() allocating a page, then rewriting the PTE, per PTE",
	 "apply_to_pte_range -> alloc_page (DEBUG_PAGEALLOC: a nested section) + set_pte_at");
