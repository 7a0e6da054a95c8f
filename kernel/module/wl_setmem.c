// SPDX-License-Identifier: GPL-2.0
/*
 * set-memory: a NON-LAZY CONTROL. It changes the caching attribute of pages
 * preallocated pages (x86: set_pages_array_uc(), back with
 * set_pages_array_wb() outside the window). That is x86's change_page_attr
 * (CPA), which opens no lazy MMU section: under Xen PV each of its linear-map
 * PTE writes is a direct hypercall (xen_mmu_set_pte without xen_mc_batch).
 * It shows what page-table work costs with no batching at all. arm64 changes
 * attributes inside a lazy section (set_memory_*() via apply_to_page_range())
 * but exports no setter to modules, so that path cannot be timed from here:
 * apply-range is the closest substitute (same walker, same lazy section).
 * After a failed (possibly partial) change the pages are always set back to
 * WB before they are freed; if that fails too they are leaked, never freed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>

#include "lazybench.h"

#ifdef CONFIG_X86
#include <asm/set_memory.h>

struct setmem_state {
	struct page **pages;
	bool changed;
};

static const char *setmem_unsupported(const struct lbk_inst *in)
{
	return NULL;
}

static int setmem_init(struct lbk_inst *in)
{
	struct setmem_state *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (!st)
		return -ENOMEM;
	st->pages = lbk_alloc_pages(in->pages);
	if (!st->pages) {
		kfree(st);
		return -ENOMEM;
	}
	in->priv = st;
	return 0;
}

static int setmem_op(struct lbk_inst *in)
{
	struct setmem_state *st = in->priv;
	int ret;

	/* even a failed call may have changed some pages: restore them all */
	st->changed = true;
	ret = set_pages_array_uc(st->pages, in->pages);
	return ret;
}

static void setmem_cleanup(struct lbk_inst *in)
{
	struct setmem_state *st = in->priv;

	if (st->changed && !set_pages_array_wb(st->pages, in->pages))
		st->changed = false;
}

static void setmem_fini(struct lbk_inst *in)
{
	struct setmem_state *st = in->priv;

	if (!st)
		return;
	/* never hand uncached pages back to the allocator */
	if (st->changed && set_pages_array_wb(st->pages, in->pages))
		pr_warn("set-memory: cannot restore WB, leaking %lu pages\n",
			in->pages);
	else
		lbk_free_pages(st->pages, in->pages);
	kfree(st);
	in->priv = NULL;
}
#else
static const char *setmem_unsupported(const struct lbk_inst *in)
{
	return "no set_memory_*/set_pages_* exported to modules on this architecture";
}

static int setmem_init(struct lbk_inst *in)
{
	return -EOPNOTSUPP;
}

static int setmem_op(struct lbk_inst *in)
{
	return -EOPNOTSUPP;
}

static void setmem_cleanup(struct lbk_inst *in)
{
}

static void setmem_fini(struct lbk_inst *in)
{
}
#endif

LBK_WORKLOAD(lbk_wl_set_memory) = {
	.name = "set-memory",
	.desc = "non-lazy control: set_pages_array_uc() (x86 CPA, no lazy section) on N pages",
	.unsupported = setmem_unsupported,
	.init = setmem_init,
	.op = setmem_op,
	.cleanup = setmem_cleanup,
	.fini = setmem_fini,
};

LBK_KMOD("set-memory", "kmod-set-memory", "", 0,
	 "non-lazy control: set_pages_array_uc() on preallocated pages (x86)",
	 "set_pages_array_uc -> change_page_attr_set_clr");
