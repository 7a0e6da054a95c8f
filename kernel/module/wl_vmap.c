// SPDX-License-Identifier: GPL-2.0
/*
 * vmap, vunmap: map/unmap pages preallocated once per size point. vunmap()
 * clears the PTEs and queues the area like vfree(); the purge (TLB flush)
 * runs after cleanup, outside the window (see lb_core.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "lazybench.h"

struct vmap_state {
	struct page **pages;
	void *addr;
};

static int vmap_init(struct lbk_inst *in)
{
	struct vmap_state *st = kzalloc(sizeof(*st), GFP_KERNEL);

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

static void vmap_fini(struct lbk_inst *in)
{
	struct vmap_state *st = in->priv;

	if (!st)
		return;
	if (st->addr)
		vunmap(st->addr);
	lbk_free_pages(st->pages, in->pages);
	kfree(st);
	in->priv = NULL;
}

static int vmap_do_map(struct lbk_inst *in)
{
	struct vmap_state *st = in->priv;

	st->addr = vmap(st->pages, in->pages, VM_MAP, PAGE_KERNEL);
	return st->addr ? 0 : -ENOMEM;
}

static int vmap_do_unmap(struct lbk_inst *in)
{
	struct vmap_state *st = in->priv;

	if (st->addr)
		vunmap(st->addr);
	st->addr = NULL;
	return 0;
}

static void vmap_cleanup(struct lbk_inst *in)
{
	vmap_do_unmap(in);
}

LBK_WORKLOAD(lbk_wl_vmap) = {
	.name = "vmap",
	.desc = "vmap() of N preallocated pages (vunmap outside the window)",
	.init = vmap_init,
	.op = vmap_do_map,
	.cleanup = vmap_cleanup,
	.fini = vmap_fini,
};

LBK_KMOD("vmap", "kmod-vmap", "", 0,
	 "in-kernel vmap() of preallocated pages",
	 "vmap -> vmap_pages_range");

LBK_WORKLOAD(lbk_wl_vunmap) = {
	.name = "vunmap",
	.desc = "vunmap() of a vmap()ed area of N pages",
	.init = vmap_init,
	.prepare = vmap_do_map,
	.op = vmap_do_unmap,
	.cleanup = vmap_cleanup,
	.fini = vmap_fini,
};

LBK_KMOD("vunmap", "kmod-vunmap", "", 0,
	 "in-kernel vunmap() of a vmap()ed area",
	 "vunmap -> vunmap_range");
