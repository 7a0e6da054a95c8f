// SPDX-License-Identifier: GPL-2.0
/*
 * mremap: move a populated range to a fixed destination, PTE by PTE (move_ptes).
 * Source and destination start one and two pages into their 1 GiB-aligned slots, so
 * their offsets inside a PMD differ and the kernel can never move whole page tables.
 * The move back is in cleanup, outside the window.
 * mremap-thp (h:1): the source is PTE-mapped 2 MiB THP folios at the start of its slot,
 * the destination one page into slot 1, so the PMD mappings cannot be moved whole.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "workload.h"

struct mremap_state {
	void *src, *dst;
	size_t len;
	double folio_pages;
	int thp;
};

static int mremap_init(struct lb_ctx *ctx)
{
	struct mremap_state *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	ctx->priv = s;
	s->len = ctx->pages * ctx->page_size;
	s->dst = lb_slot_addr(1, 2, ctx->page_size);
	s->src = lb_map_fixed(0, 1, ctx->pages, ctx->page_size);
	if (!s->src)
		return -errno;
	lb_populate(s->src, ctx->pages, ctx->page_size);
	return 0;
}

static int mremap_op(struct lb_ctx *ctx)
{
	struct mremap_state *s = ctx->priv;

	if (mremap(s->src, s->len, s->len, MREMAP_MAYMOVE | MREMAP_FIXED, s->dst) != s->dst)
		return -errno;
	return 0;
}

static int mremap_cleanup(struct lb_ctx *ctx)
{
	struct mremap_state *s = ctx->priv;

	if (mremap(s->dst, s->len, s->len, MREMAP_MAYMOVE | MREMAP_FIXED, s->src) != s->src)
		return -errno;
	return 0;
}

static void mremap_fini(struct lb_ctx *ctx)
{
	struct mremap_state *s = ctx->priv;

	if (!s)
		return;
	if (s->src)
		munmap(s->src, s->len);
	munmap(s->dst, s->len);	/* in case a move back failed */
	free(s);
	ctx->priv = NULL;
}

static const struct lb_workload wl_mremap = {
	.name = "mremap",
	.desc = "move a populated range to a fixed address (MREMAP_FIXED), PMDs misaligned",
	.kpath = "mremap -> move_page_tables -> move_ptes",
	.init = mremap_init,
	.op = mremap_op,
	.cleanup = mremap_cleanup,
	.fini = mremap_fini,
};
LB_WORKLOAD(wl_mremap);

static int mremap_thp_init(struct lb_ctx *ctx)
{
	struct mremap_state *s;
	int r = lb_thp_init(ctx);

	if (r)
		return r;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	ctx->priv = s;
	s->thp = 1;
	s->len = ctx->pages * ctx->page_size;
	s->dst = lb_slot_addr(1, 1, ctx->page_size);
	s->src = lb_map_thp_pte(0, ctx->pages, ctx->page_size);
	if (!s->src)
		return -errno;
	r = lb_thp_verify(ctx, s->src);
	s->folio_pages = ctx->extra_val[0];
	return r;
}

static int mremap_thp_prepare(struct lb_ctx *ctx)
{
	struct mremap_state *s = ctx->priv;

	ctx->extra_val[0] = s->folio_pages;	/* verified in init; moves keep folios */
	return 0;
}

static void mremap_thp_fini(struct lb_ctx *ctx)
{
	mremap_fini(ctx);
	lb_thp_fini(ctx);
}

static const struct lb_workload wl_mremap_thp = {
	.name = "mremap-thp",
	.desc = "h:1: move PTE-mapped 2 MiB THP folios to a fixed address, PMDs misaligned",
	.kpath = "mremap -> move_page_tables -> move_ptes (folio batches)",
	.flags = LB_WL_NOT_DEFAULT,
	.extra_cols = lb_thp_cols,
	.init = mremap_thp_init,
	.prepare = mremap_thp_prepare,
	.op = mremap_op,
	.cleanup = mremap_cleanup,
	.fini = mremap_thp_fini,
};
LB_WORKLOAD(wl_mremap_thp);
