// SPDX-License-Identifier: GPL-2.0
/* lazybench: fixed, aligned anonymous mappings for the workloads. */
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#include "mapping.h"
#include "workload.h"

size_t lb_max_pages(size_t page_size)
{
	return LB_SLOT_STRIDE / page_size - LB_SLOT_MAX_OFFSET_PAGES;
}

void *lb_slot_addr(unsigned int slot, size_t offset_pages, size_t page_size)
{
	if (slot >= LB_NSLOTS || offset_pages > LB_SLOT_MAX_OFFSET_PAGES)
		return NULL;
	return (void *)(uintptr_t)(LB_SLOT_BASE + slot * LB_SLOT_STRIDE +
				   offset_pages * page_size);
}

void *lb_map_fixed(unsigned int slot, size_t offset_pages, size_t pages, size_t page_size)
{
	void *want = lb_slot_addr(slot, offset_pages, page_size);
	size_t len = pages * page_size;
	void *p;

	if (!want || !pages || pages > lb_max_pages(page_size)) {
		errno = EINVAL;
		return NULL;
	}
	p = mmap(want, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (p != want) {	/* kernels before 4.17 treat the flag as a hint */
		munmap(p, len);
		errno = EEXIST;
		return NULL;
	}
	/* THP must not hide PTEs; the process also has PR_SET_THP_DISABLE */
	madvise(p, len, MADV_NOHUGEPAGE);
	return p;
}

void lb_populate(void *addr, size_t pages, size_t page_size)
{
	volatile unsigned char *p = addr;
	size_t i;

	/* a write per page: a real anonymous page, never the shared zero page */
	for (i = 0; i < pages; i++)
		p[i * page_size] = (unsigned char)(i | 1);
}

int lb_map_populated(struct lb_ctx *ctx)
{
	void *p = lb_map_fixed(0, 0, ctx->pages, ctx->page_size);

	if (!p)
		return -errno;
	lb_populate(p, ctx->pages, ctx->page_size);
	ctx->priv = p;
	return 0;
}

void lb_unmap_fini(struct lb_ctx *ctx)
{
	if (ctx->priv)
		munmap(ctx->priv, ctx->pages * ctx->page_size);
	ctx->priv = NULL;
}
