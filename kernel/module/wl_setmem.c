// SPDX-License-Identifier: GPL-2.0
/*
 * set-memory: change the caching attribute of pages preallocated pages
 * (x86: set_pages_array_uc(), back with set_pages_array_wb() outside the
 * window). set_memory_ro()/rw() are not exported to modules on x86 or
 * arm64; the set_pages_array_* family is the closest exported path into the
 * same page-attribute code (CPA: linear-map PTE splits/updates, TLB flush).
 * arm64 exports no page-attribute setter to modules: unsupported there.
 */
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

	ret = set_pages_array_uc(st->pages, in->pages);
	if (!ret)
		st->changed = true;
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
		pr_warn("lazybench: set-memory: cannot restore WB, leaking %lu pages\n",
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

const struct lbk_workload lbk_wl_set_memory = {
	.name = "set-memory",
	.desc = "set_pages_array_uc() on N preallocated pages (x86; WB again outside the window)",
	.unsupported = setmem_unsupported,
	.init = setmem_init,
	.op = setmem_op,
	.cleanup = setmem_cleanup,
	.fini = setmem_fini,
};
