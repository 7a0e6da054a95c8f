// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc, vmalloc-touch, vfree: vmalloc()/vfree() of a pages-sized area.
 * The PTEs are written by vmap_pages_range() under a lazy MMU section; with
 * KASAN_VMALLOC the shadow is populated/depopulated (pause/resume on v7.0+).
 */
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

const struct lbk_workload lbk_wl_vmalloc = {
	.name = "vmalloc",
	.desc = "vmalloc() of N pages (vfree outside the window)",
	.op = vm_op_alloc,
	.cleanup = vm_free,
};

const struct lbk_workload lbk_wl_vmalloc_touch = {
	.name = "vmalloc-touch",
	.desc = "vmalloc() of N pages plus one write per page",
	.op = vm_op_alloc_touch,
	.cleanup = vm_free,
};

const struct lbk_workload lbk_wl_vfree = {
	.name = "vfree",
	.desc = "vfree() of a pages-page vmalloc area (vmalloc outside the window)",
	.prepare = vm_op_alloc,
	.op = vm_op_free,
	.cleanup = vm_free,
};
