// SPDX-License-Identifier: GPL-2.0
/* lazybench: fixed, aligned anonymous mappings for the workloads. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "util.h"

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

/*
 * private anonymous read-write memory at exactly want, or NULL with errno (EEXIST when
 * something is there already; kernels before 4.17 treat the flag as a hint)
 */
static void *map_at(void *want, size_t len)
{
	void *p = mmap(want, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (p != want) {
		munmap(p, len);
		errno = EEXIST;
		return NULL;
	}
	return p;
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
	p = map_at(want, len);
	if (!p)
		return NULL;
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

/* ---- large folios, PTE-mapped (the "h:1" variants) ---- */

#define KPF_COMPOUND_HEAD	15
#define KPF_COMPOUND_TAIL	16
#define KPF_THP			22
#define PM_PRESENT		(1ULL << 63)
#define PM_PFN_MASK		((1ULL << 55) - 1)

/* AnonHugePages (kB) of the VMAs overlapping [addr, addr+len): PMD-mapped THP */
static long smaps_anon_huge_kb(uintptr_t addr, size_t len)
{
	FILE *f = fopen("/proc/self/smaps", "re");
	char line[512];
	int in = 0;
	long kb = 0, v;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long s, e;

		if (sscanf(line, "%lx-%lx ", &s, &e) == 2 && strchr(line, '-') &&
		    line[0] != ' ') {
			in = s < addr + len && e > addr;
			continue;
		}
		if (in && sscanf(line, "AnonHugePages: %ld kB", &v) == 1)
			kb += v;
	}
	fclose(f);
	return kb;
}

int lb_folio_check(void *addr, size_t pages, size_t page_size, char *why, size_t whylen)
{
	int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	int kf = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	uint64_t *ent = malloc(pages * sizeof(*ent)), *fl = malloc(pages * sizeof(*fl));
	size_t i, run, nfolios = 0, large = 0;
	long huge_kb;
	int r = -1;

	if (pm < 0 || kf < 0 || !ent || !fl) {
		snprintf(why, whylen, "cannot read /proc/self/pagemap and /proc/kpageflags: %s "
			 "(root needed to see folios)", strerror(errno ? errno : ENOMEM));
		goto out;
	}
	if (pread(pm, ent, pages * sizeof(*ent),
		  (off_t)((uintptr_t)addr / page_size * sizeof(*ent))) !=
	    (ssize_t)(pages * sizeof(*ent))) {
		snprintf(why, whylen, "short read of /proc/self/pagemap");
		goto out;
	}
	for (i = 0; i < pages; i += run) {
		uint64_t pfn = ent[i] & PM_PFN_MASK;

		if (!(ent[i] & PM_PRESENT) || !pfn) {
			snprintf(why, whylen, "page %zu not present or PFN hidden (not root?)", i);
			goto out;
		}
		/* one read per run of contiguous PFNs */
		for (run = 1; i + run < pages && (ent[i + run] & PM_PRESENT) &&
		     (ent[i + run] & PM_PFN_MASK) == pfn + run; run++)
			;
		if (pread(kf, &fl[i], run * sizeof(*fl), (off_t)(pfn * sizeof(*fl))) !=
		    (ssize_t)(run * sizeof(*fl))) {
			snprintf(why, whylen, "short read of /proc/kpageflags");
			goto out;
		}
	}
	for (i = 0; i < pages; i++) {
		int head = !!(fl[i] & (1ULL << KPF_COMPOUND_HEAD));
		int tail = !!(fl[i] & (1ULL << KPF_COMPOUND_TAIL));

		if (head || !tail || i == 0)
			nfolios++;
		large += (head || tail) && (fl[i] & (1ULL << KPF_THP));
	}
	huge_kb = smaps_anon_huge_kb((uintptr_t)addr, pages * page_size);
	if (huge_kb != 0) {
		snprintf(why, whylen, "%ld kB of the range is PMD-mapped (smaps AnonHugePages)",
			 huge_kb);
		goto out;
	}
	r = (int)(pages / nfolios);
	if (large != pages)
		snprintf(why, whylen, "%zu of %zu pages are in large folios", large, pages);
	else
		why[0] = '\0';
out:
	if (pm >= 0)
		close(pm);
	if (kf >= 0)
		close(kf);
	free(ent);
	free(fl);
	return r;
}

static size_t folio_size(const struct lb_ctx *ctx)
{
	return ctx->folio_size ? ctx->folio_size : LB_PMD_SIZE;
}

/*
 * mTHP: no VMA may cover a whole aligned 2 MiB while faulting (else the fault maps a
 * PMD-size THP). Fault each half of every 2 MiB while the other half is MADV_NOHUGEPAGE:
 * the differing flag splits the VMA; MADV_NOHUGEPAGE on everything merges it again.
 */
static int mthp_populate(struct lb_ctx *ctx, char *p)
{
	size_t ps = ctx->page_size, half = LB_PMD_SIZE / 2, i, h;

	for (h = 0; h < 2; h++) {
		for (i = 0; i < ctx->pages * ps; i += LB_PMD_SIZE)
			if (madvise(p + i + h * half, half, MADV_HUGEPAGE) ||
			    madvise(p + i + (1 - h) * half, half, MADV_NOHUGEPAGE))
				return -errno;
		for (i = 0; i < ctx->pages * ps; i += LB_PMD_SIZE)
			lb_populate(p + i + h * half, half / ps, ps);
	}
	return 0;
}

int lb_thp_fill(struct lb_ctx *ctx, void *addr)
{
	size_t ps = ctx->page_size, pmd_pages = LB_PMD_SIZE / ps, len = ctx->pages * ps, i;
	char *p = addr;
	int r;

	if (folio_size(ctx) < LB_PMD_SIZE) {
		r = mthp_populate(ctx, p);
		if (r)
			return r;
	} else {
		if (madvise(p, len, MADV_HUGEPAGE))
			return -errno;
		/* every page written (a fault on the first page of each 2 MiB gives the THP) */
		lb_populate(p, ctx->pages, ps);
		/*
		 * PTE-map each THP without splitting the folio: a single page read-only and
		 * back splits the PMD mapping (the kernel selftests' cow.c does the same).
		 */
		for (i = 0; i < ctx->pages; i += pmd_pages) {
			if (mprotect(p + (i + 1) * ps, ps, PROT_READ) ||
			    mprotect(p + (i + 1) * ps, ps, PROT_READ | PROT_WRITE))
				return -errno;
		}
	}
	/* then no khugepaged may collapse anything during the run */
	if (madvise(p, len, MADV_NOHUGEPAGE))
		return -errno;
	return 0;
}

void *lb_map_thp_pte(struct lb_ctx *ctx, unsigned int slot)
{
	size_t len = ctx->pages * ctx->page_size;
	void *want = lb_slot_addr(slot, 0, ctx->page_size), *p;
	int r;

	if (!want || !len || len % folio_size(ctx)) {
		errno = EINVAL;
		return NULL;
	}
	p = map_at(want, len);
	if (!p)
		return NULL;
	r = lb_thp_fill(ctx, p);
	if (r) {
		munmap(p, len);
		errno = -r;
		return NULL;
	}
	return p;
}

const char *const lb_thp_cols[] = { "folio_pages", NULL };

/* is THP of this size enabled (for MADV_HUGEPAGE regions)? "" when yes, else why not */
static void thp_size_enabled(size_t kb, char *why, size_t len)
{
	char path[128], mode[96] = "", top[96] = "";

	why[0] = '\0';
	if (lb_read_text("/sys/kernel/mm/transparent_hugepage/enabled", top, sizeof(top))) {
		snprintf(why, len, "no transparent_hugepage in sysfs (kernel without THP)");
		return;
	}
	snprintf(path, sizeof(path), "/sys/kernel/mm/transparent_hugepage/hugepages-%zukB/enabled",
		 kb);
	if (lb_read_text(path, mode, sizeof(mode))) {
		if (kb * 1024 == LB_PMD_SIZE && !strstr(top, "[never]"))
			return;	/* kernels before mTHP: the top-level switch */
		snprintf(why, len, "no %zu kB THP on this kernel (%.60s missing)", kb, path);
		return;
	}
	if (strstr(mode, "[never]") || (strstr(mode, "[inherit]") && strstr(top, "[never]")))
		snprintf(why, len, "%zu kB THP is off: echo madvise > %.70s", kb, path);
}

int lb_thp_init(struct lb_ctx *ctx)
{
	size_t fpages = folio_size(ctx) / ctx->page_size;
	char why[200];

	if (ctx->pages % fpages || ctx->pages * ctx->page_size % LB_PMD_SIZE) {
		snprintf(ctx->skip_reason, sizeof(ctx->skip_reason),
			 "h:1 needs a multiple of %zu pages (2 MiB)", LB_PMD_SIZE / ctx->page_size);
		return LB_SKIP;
	}
	thp_size_enabled(folio_size(ctx) / 1024, why, sizeof(why));
	if (why[0]) {
		snprintf(ctx->skip_reason, sizeof(ctx->skip_reason), "%.127s", why);
		return LB_SKIP;
	}
	if (access("/proc/kpageflags", R_OK)) {
		snprintf(ctx->skip_reason, sizeof(ctx->skip_reason),
			 "needs root to verify the folios (/proc/kpageflags)");
		return LB_SKIP;
	}
	/* the process runs with THP disabled (PR_SET_THP_DISABLE): lift it for h:1 */
	prctl(PR_SET_THP_DISABLE, 0, 0, 0, 0);
	return 0;
}

void lb_thp_fini(struct lb_ctx *ctx)
{
	(void)ctx;
	prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
}

int lb_thp_verify(struct lb_ctx *ctx, void *addr)
{
	char why[160];
	int fp = lb_folio_check(addr, ctx->pages, ctx->page_size, why, sizeof(why));

	if (fp < 0 || why[0]) {
		snprintf(ctx->skip_reason, sizeof(ctx->skip_reason),
			 "no PTE-mapped %zu kB folios: %.80s", folio_size(ctx) >> 10, why);
		return fp < 0 ? -EINVAL : -EAGAIN;
	}
	ctx->extra_val[0] = fp;
	if ((size_t)fp * ctx->page_size == folio_size(ctx))
		return 0;
	snprintf(ctx->skip_reason, sizeof(ctx->skip_reason),
		 "folios of %d pages, not %zu kB (fragmented memory?)", fp, folio_size(ctx) >> 10);
	return -EAGAIN;
}
