// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc, vmalloc-touch, vfree, vpurge: vmalloc()/vfree() of a pages-sized
 * area. vmalloc() writes the PTEs in vmap_pages_range() under a lazy MMU
 * section; with KASAN_VMALLOC it also populates the shadow (pause/resume
 * around it on v7.0+). vfree() only clears the PTEs (vunmap_range_noflush)
 * and queues the area (free_vmap_area_noflush): the TLB flush and, with
 * KASAN_VMALLOC, the shadow release (kasan_release_vmalloc_node()) happen
 * in the purge, purge_vmap_node(). The core purges after every cleanup,
 * outside the window; vpurge times that purge alone: its prepare vmallocs
 * and vfrees the area, its op is vm_unmap_aliases().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "lazybench.h"

static int vm_op_alloc(struct lbk_inst *in)
{
	in->priv = vmalloc(in->pages << PAGE_SHIFT);
	return in->priv ? 0 : -ENOMEM;
}

static int vm_op_alloc_touch(struct lbk_inst *in)
{
	unsigned long i;
	char *p;

	p = vmalloc(in->pages << PAGE_SHIFT);
	if (!p)
		return -ENOMEM;
	for (i = 0; i < in->pages; i++)
		WRITE_ONCE(p[i << PAGE_SHIFT], 1);
	in->priv = p;
	return 0;
}

static void vm_free(struct lbk_inst *in)
{
	vfree(in->priv);
	in->priv = NULL;
}

static int vm_op_free(struct lbk_inst *in)
{
	vm_free(in);
	return 0;
}

LBK_WORKLOAD(lbk_wl_vmalloc) = {
	.name = "vmalloc",
	.desc = "vmalloc() of N pages (vfree outside the window)",
	.op = vm_op_alloc,
	.cleanup = vm_free,
};

LBK_KMOD("vmalloc", "kmod-vmalloc", "", 0,
	 "in-kernel vmalloc() of pages pages",
	 "vmalloc -> vmap_pages_range (+ KASAN shadow populate)");

LBK_WORKLOAD(lbk_wl_vmalloc_touch) = {
	.name = "vmalloc-touch",
	.desc = "vmalloc() of N pages plus one write per page",
	.op = vm_op_alloc_touch,
	.cleanup = vm_free,
};

LBK_KMOD("vmalloc-touch", "kmod-vmalloc-touch", "", 0,
	 "in-kernel vmalloc() plus one write per page",
	 "vmalloc -> vmap_pages_range");

LBK_WORKLOAD(lbk_wl_vfree) = {
	.name = "vfree",
	.desc = "vfree() of a pages-page area: PTE clear + queueing, no purge (vmalloc outside)",
	.prepare = vm_op_alloc,
	.op = vm_op_free,
	.cleanup = vm_free,
};

LBK_KMOD("vfree", "kmod-vfree", "", 0,
	 "in-kernel vfree() of a pages-page area (no purge)",
	 "vfree -> vunmap_range_noflush + free_vmap_area_noflush (purged outside the window)");

static int vm_prepare_freed(struct lbk_inst *in)
{
	int ret = vm_op_alloc(in);

	if (!ret)
		vm_free(in);
	return ret;
}

static int vm_op_purge(struct lbk_inst *in)
{
	vm_unmap_aliases();
	return 0;
}

LBK_WORKLOAD(lbk_wl_vpurge) = {
	.name = "vpurge",
	.desc = "purge of one vfree()d area: TLB flush + KASAN shadow release (vm_unmap_aliases)",
	.prepare = vm_prepare_freed,
	.op = vm_op_purge,
};

LBK_KMOD("vpurge", "kmod-vpurge", "", 0,
	 "in-kernel purge of one vfree()d pages-page area",
	 "vm_unmap_aliases -> purge_vmap_node: TLB flush (+ KASAN shadow release)");
