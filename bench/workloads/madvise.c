// SPDX-License-Identifier: GPL-2.0
/*
 * madv-*: madvise() on a populated range. Every repetition starts from the same state:
 * prepare drops the range (MADV_DONTNEED) and writes one byte per page again, so the
 * timed call always sees freshly populated, private anonymous pages.
 * madv-dontneed-thp (h:1): the same over 2 MiB THP folios, each mapped by 512 PTEs,
 * faulted in again (and PTE-mapped) by prepare.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>

#include "workload.h"

#ifndef MADV_FREE
#define MADV_FREE 8
#endif
#ifndef MADV_COLD
#define MADV_COLD 20
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

static int madv_init_common(struct lb_ctx *ctx, int advice, const char *name)
{
	void *p = lb_map_fixed(0, 0, ctx->pages, ctx->page_size);

	if (!p)
		return -errno;
	ctx->priv = p;
	/* does the kernel know this advice? (probe on one populated page) */
	lb_populate(p, 1, ctx->page_size);
	if (madvise(p, ctx->page_size, advice)) {
		int e = errno;

		if (e == EINVAL) {
			snprintf(ctx->skip_reason, sizeof(ctx->skip_reason),
				 "%s not supported by this kernel (EINVAL)", name);
			return LB_SKIP;
		}
		return -e;
	}
	return 0;
}

static int madv_prepare(struct lb_ctx *ctx)
{
	if (madvise(ctx->priv, ctx->pages * ctx->page_size, MADV_DONTNEED))
		return -errno;
	lb_populate(ctx->priv, ctx->pages, ctx->page_size);
	return 0;
}

static int madv_op_advice(struct lb_ctx *ctx, int advice)
{
	if (madvise(ctx->priv, ctx->pages * ctx->page_size, advice))
		return -errno;
	return 0;
}

#define MADV_WORKLOAD(id, str, adv, kp, d)					\
static int id##_init(struct lb_ctx *ctx)					\
{										\
	return madv_init_common(ctx, adv, #adv);				\
}										\
static int id##_op(struct lb_ctx *ctx)						\
{										\
	return madv_op_advice(ctx, adv);					\
}										\
static const struct lb_workload wl_##id = {					\
	.name = str,								\
	.desc = d,								\
	.kpath = kp,								\
	.init = id##_init,							\
	.prepare = madv_prepare,						\
	.op = id##_op,								\
	.fini = lb_unmap_fini,							\
};										\
LB_WORKLOAD(wl_##id)

MADV_WORKLOAD(dontneed, "madv-dontneed", MADV_DONTNEED,
	      "madvise(MADV_DONTNEED) -> zap_page_range_single -> zap_pte_range",
	      "madvise(MADV_DONTNEED) on a populated range");
MADV_WORKLOAD(free, "madv-free", MADV_FREE,
	      "madvise(MADV_FREE) -> madvise_free_pte_range",
	      "madvise(MADV_FREE) on a populated range");
MADV_WORKLOAD(cold, "madv-cold", MADV_COLD,
	      "madvise(MADV_COLD) -> madvise_cold_or_pageout_pte_range",
	      "madvise(MADV_COLD) on a populated range");
MADV_WORKLOAD(pageout, "madv-pageout", MADV_PAGEOUT,
	      "madvise(MADV_PAGEOUT) -> madvise_cold_or_pageout_pte_range (+ reclaim)",
	      "madvise(MADV_PAGEOUT) on a populated range (no swap: pages stay)");

static int dontneed_thp_init(struct lb_ctx *ctx)
{
	int r = lb_thp_init(ctx);

	if (r)
		return r;
	ctx->priv = lb_map_thp_pte(ctx, 0);
	return ctx->priv ? 0 : -errno;
}

static int dontneed_thp_prepare(struct lb_ctx *ctx)
{
	int r;

	if (madvise(ctx->priv, ctx->pages * ctx->page_size, MADV_DONTNEED))
		return -errno;
	r = lb_thp_fill(ctx, ctx->priv);
	return r ? r : lb_thp_verify(ctx, ctx->priv);
}

static void dontneed_thp_fini(struct lb_ctx *ctx)
{
	lb_unmap_fini(ctx);
	lb_thp_fini(ctx);
}

static const struct lb_workload wl_dontneed_thp = {
	.name = "madv-dontneed-thp",
	.desc = "h:1: madvise(MADV_DONTNEED) on PTE-mapped 2 MiB THP folios",
	.kpath = "madvise(MADV_DONTNEED) -> zap_page_range_single -> zap_pte_range (folio batches)",
	.flags = LB_WL_NOT_DEFAULT,
	.extra_cols = lb_thp_cols,
	.init = dontneed_thp_init,
	.prepare = dontneed_thp_prepare,
	.op = dontneed_op,
	.fini = dontneed_thp_fini,
};
LB_WORKLOAD(wl_dontneed_thp);
