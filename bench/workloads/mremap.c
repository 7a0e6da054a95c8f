// SPDX-License-Identifier: GPL-2.0
/*
 * mremap: move a populated range to a fixed destination, PTE by PTE (move_ptes).
 * Source and destination start one and two pages into their 1 GiB-aligned slots, so
 * their offsets inside a PMD differ and the kernel can never move whole page tables.
 * The move back is in cleanup, outside the window.
 * mremap-thp (h:1): the source is PTE-mapped 2 MiB THP folios at the start of its slot,
 * the destination one page into slot 1, so the PMD mappings cannot be moved whole.
 *
 * Variants that reproduce the kernel's selftest (tools/testing/selftests/mm/mremap_test.c,
 * "2MB mremap - Source 1MB-aligned, Destination PTE-aligned") one factor at a time:
 * shared (MAP_SHARED anonymous = shmem, as the selftest maps), cold (every repetition
 * maps and populates a fresh source, moves it once into an unmapped destination and
 * unmaps it in cleanup, as the selftest's single move), and its geometry (source 1 MiB
 * into a PMD, destination 257 pages in). See docs/run.md for the table.
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
	const struct mremap_variant *v;
};

/* the selftest-like variants: one row per factor (descriptor table) */
struct mremap_variant {
	int shared;		/* MAP_SHARED | MAP_ANONYMOUS (shmem) instead of private */
	int cold;		/* fresh source every rep, one move into an unmapped destination */
	int touch;		/* warm, but every page written (1) or read (2) before each move */
	size_t src_off, dst_off;	/* pages into the slot (a slot starts PMD-aligned) */
};

static const struct mremap_variant mremap_variants[] = {
	/* shared, cold, touch, src_off, dst_off */
	{ 1, 0, 0, 1, 2 },	/* mremap-shared */
	{ 0, 1, 0, 1, 2 },	/* mremap-cold */
	{ 1, 1, 0, 256, 257 },	/* mremap-selftest */
	{ 1, 0, 0, 256, 257 },	/* mremap-selftest-warm */
	{ 0, 1, 0, 256, 257 },	/* mremap-selftest-private */
	{ 0, 0, 1, 1, 2 },	/* mremap-touched */
	{ 0, 0, 2, 1, 2 },	/* mremap-read */
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

static int variant_map(struct lb_ctx *ctx, struct mremap_state *s)
{
	void *want = lb_slot_addr(0, s->v->src_off, ctx->page_size);

	s->src = mmap(want, s->len, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_FIXED_NOREPLACE |
		      (s->v->shared ? MAP_SHARED : MAP_PRIVATE), -1, 0);
	if (s->src == MAP_FAILED || s->src != want) {
		int e = s->src == MAP_FAILED ? errno : EEXIST;

		if (s->src != MAP_FAILED)
			munmap(s->src, s->len);
		s->src = NULL;
		return -e;
	}
	madvise(s->src, s->len, MADV_NOHUGEPAGE);
	lb_populate(s->src, ctx->pages, ctx->page_size);
	return 0;
}

static int variant_init(struct lb_ctx *ctx, const struct mremap_variant *v)
{
	struct mremap_state *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	ctx->priv = s;
	s->v = v;
	s->len = ctx->pages * ctx->page_size;
	s->dst = lb_slot_addr(1, v->dst_off, ctx->page_size);
	return v->cold ? 0 : variant_map(ctx, s);
}

static int variant_prepare(struct lb_ctx *ctx)
{
	struct mremap_state *s = ctx->priv;

	if (s->v->touch == 1)
		lb_populate(s->src, ctx->pages, ctx->page_size);
	if (s->v->touch == 2) {
		volatile unsigned char *q = s->src;
		unsigned int sum = 0;
		size_t i;

		for (i = 0; i < ctx->pages; i++)
			sum += q[i * ctx->page_size];
		__asm__ __volatile__("" : : "r"(sum));
	}
	return s->v->cold ? variant_map(ctx, s) : 0;
}

static int variant_cleanup(struct lb_ctx *ctx)
{
	struct mremap_state *s = ctx->priv;

	if (!s->v->cold)
		return mremap_cleanup(ctx);
	s->src = NULL;	/* moved: the destination is unmapped, the next rep maps afresh */
	return munmap(s->dst, s->len) ? -errno : 0;
}

#define MREMAP_VARIANT(id, i, str, d)					\
static int id##_init(struct lb_ctx *ctx)				\
{									\
	return variant_init(ctx, &mremap_variants[i]);			\
}									\
static const struct lb_workload wl_##id = {				\
	.name = str,							\
	.desc = d,							\
	.kpath = "mremap -> move_page_tables -> move_ptes",		\
	.flags = LB_WL_NOT_DEFAULT,					\
	.init = id##_init,						\
	.prepare = variant_prepare,					\
	.op = mremap_op,						\
	.cleanup = variant_cleanup,					\
	.fini = mremap_fini,						\
};									\
LB_WORKLOAD(wl_##id)

MREMAP_VARIANT(mremap_shared, 0, "mremap-shared",
	       "mremap of shared anonymous (shmem) memory, moved back and forth");
MREMAP_VARIANT(mremap_cold, 1, "mremap-cold",
	       "mremap: first move of a freshly populated range into an unmapped destination");
MREMAP_VARIANT(mremap_selftest, 2, "mremap-selftest",
	       "mremap as mremap_test's 2MB case: shmem, first move, src 1 MiB into a PMD");
MREMAP_VARIANT(mremap_selftest_warm, 3, "mremap-selftest-warm",
	       "mremap-selftest's shmem and geometry, moved back and forth");
MREMAP_VARIANT(mremap_selftest_private, 4, "mremap-selftest-private",
	       "mremap-selftest's geometry, first move, private anonymous");
MREMAP_VARIANT(mremap_touched, 5, "mremap-touched",
	       "mremap moved back and forth, every page written again before each move");
MREMAP_VARIANT(mremap_read, 6, "mremap-read",
	       "mremap moved back and forth, every page read before each move");

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
	s->src = lb_map_thp_pte(ctx, 0);
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
