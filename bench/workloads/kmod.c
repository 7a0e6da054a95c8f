// SPDX-License-Identifier: GPL-2.0
/*
 * kmod-*: workloads that run inside lazybench.ko (kernel/module/), driven through
 * its debugfs step interface, /sys/kernel/debug/lazybench/step:
 *   init    "init workload=NAME pages=N [threads=N] [depth=N]"  (our init)
 *   prepare "prepare"                                            (our prepare)
 *   op      "op"            the only write inside the harness window, so perf
 *                           counters see the in-kernel operation and no setup
 *   result  read "ns kcycles ptes kcontam kpurge kslowest kfastest kdouble
 *           koverlap" of that op (our cleanup, after the window; stored in the
 *           kns, kcycles, kcontam, kpurge, kslowest and kfastest columns, and
 *           kdouble, koverlap for the race-* workloads; "-" where the module has
 *           no value). kcontam is 1 when the module saw the task switched out or
 *           moved to another CPU inside its in-kernel window; the harness's
 *           contam column includes it.
 *   cleanup "cleanup"
 * Closing the file ends the module's session (frees everything).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "workload.h"

#define KMOD_DIR "/sys/kernel/debug/lazybench"

static const char *const kmod_cols[] = {
	"kns", "kcycles", "kcontam", "kpurge", "kslowest", "kfastest", NULL
};
/* race-*: the same plus the double populations the op counted and how often
 * the setter changed from one PTE to the next */
static const char *const kmod_race_cols[] = {
	"kns", "kcycles", "kcontam", "kpurge", "kslowest", "kfastest", "kdouble", "koverlap",
	NULL
};
#define KMOD_NCOLS 8

struct kmod_state {
	int fd;
};

static int kmod_write(int fd, const char *line)
{
	size_t n = strlen(line);
	ssize_t w = write(fd, line, n);

	if (w < 0)
		return -errno;
	return (size_t)w == n ? 0 : -EIO;
}

/* the module's reason for not supporting @name here, from its info file */
static void kmod_why(const char *name, char *out, size_t len)
{
	FILE *f = fopen(KMOD_DIR "/info", "re");
	char line[512];

	snprintf(out, len, "lazybench.ko: not supported on this kernel");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *save = NULL, *kw = strtok_r(line, "\t\n", &save);
		char *wl = strtok_r(NULL, "\t\n", &save);
		char *st = strtok_r(NULL, "\t\n", &save);
		char *why = strtok_r(NULL, "\t\n", &save);

		if (kw && wl && st && why && !strcmp(kw, "workload") && !strcmp(wl, name) &&
		    !strcmp(st, "unsupported")) {
			snprintf(out, len, "lazybench.ko: %s", why);
			break;
		}
	}
	fclose(f);
}

/* address of @sym in a System.map-style file (hex, type, name) */
static int kmod_sym(const char *path, const char *sym, unsigned long long *addr)
{
	FILE *f = fopen(path, "re");
	char line[256], name[128], type[8];
	unsigned long long a;
	int found = 0;

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %7s %127s", &a, type, name) == 3 && !strcmp(name, sym)) {
			*addr = a;
			found = 1;
		}
	fclose(f);
	return found;
}

/*
 * apply-*: the module needs init_mm. When its kallsyms lookup failed (no
 * KALLSYMS_ALL), hand it System.map's address shifted by the KASLR offset seen
 * on _stext in /proc/kallsyms. The module verifies the address before using it.
 */
static void kmod_offer_init_mm(void)
{
	unsigned long long map_mm, map_text, run_text;
	char path[300], line[64];
	struct utsname u;
	int fd;

	if (uname(&u))
		return;
	snprintf(path, sizeof(path), "/boot/System.map-%s", u.release);
	if (!kmod_sym(path, "init_mm", &map_mm) || !kmod_sym(path, "_stext", &map_text) ||
	    !kmod_sym("/proc/kallsyms", "_stext", &run_text) || !run_text)
		return;
	fd = open(KMOD_DIR "/init_mm", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	snprintf(line, sizeof(line), "%llx\n", map_mm - map_text + run_text);
	(void)kmod_write(fd, line);
	close(fd);
}

static int kmod_init(struct lb_ctx *ctx, const char *name, const char *args)
{
	struct kmod_state *st;
	char line[200];
	int r;

	if (access(KMOD_DIR, F_OK)) {
		snprintf(ctx->skip_reason, sizeof(ctx->skip_reason),
			 "lazybench.ko not loaded (no %s; make module, insmod the .ko)",
			 KMOD_DIR);
		return LB_SKIP;
	}
	if (!strncmp(name, "apply", 5) || !strncmp(name, "race", 4))
		kmod_offer_init_mm();
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->fd = open(KMOD_DIR "/step", O_RDWR | O_CLOEXEC);
	if (st->fd < 0) {
		r = -errno;
		free(st);
		return r;
	}
	ctx->priv = st;
	snprintf(line, sizeof(line), "init workload=%s pages=%zu%s\n", name, ctx->pages, args);
	r = kmod_write(st->fd, line);
	if (r == -EOPNOTSUPP) {
		kmod_why(name, ctx->skip_reason, sizeof(ctx->skip_reason));
		return LB_SKIP;
	}
	return r;
}

static int kmod_prepare(struct lb_ctx *ctx)
{
	return kmod_write(((struct kmod_state *)ctx->priv)->fd, "prepare\n");
}

static int kmod_op(struct lb_ctx *ctx)
{
	return kmod_write(((struct kmod_state *)ctx->priv)->fd, "op\n");
}

/*
 * "ns kcycles ptes [kcontam kpurge kslowest kfastest [kdouble koverlap]]" (tabs;
 * an older module has fewer): fields after ptes that are "-" stay NaN
 */
static void kmod_parse_result(struct lb_ctx *ctx, char *buf)
{
	char *save = NULL, *tok;
	int field = 0, col;

	for (tok = strtok_r(buf, "\t\n", &save); tok; tok = strtok_r(NULL, "\t\n", &save), field++) {
		char *end;
		double v;

		if (field == 2)		/* ptes: the harness knows it already */
			continue;
		col = field < 2 ? field : field - 1;
		if (col >= KMOD_NCOLS)
			break;
		v = strtod(tok, &end);
		if (end != tok && *end == '\0')
			ctx->extra_val[col] = v;
	}
}

static int kmod_cleanup(struct lb_ctx *ctx)
{
	struct kmod_state *st = ctx->priv;
	char buf[256];
	ssize_t n;

	n = read(st->fd, buf, sizeof(buf) - 1);
	if (n > 0) {
		buf[n] = '\0';
		kmod_parse_result(ctx, buf);
	}
	return kmod_write(st->fd, "cleanup\n");
}

static void kmod_fini(struct lb_ctx *ctx)
{
	struct kmod_state *st = ctx->priv;

	if (!st)
		return;
	if (st->fd >= 0)
		close(st->fd);	/* the module ends the session on close */
	free(st);
	ctx->priv = NULL;
}

static unsigned int kmod_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (unsigned int)n;
}

#define KMOD_INIT(fn, name, args)					\
	static int fn(struct lb_ctx *ctx)				\
	{								\
		return kmod_init(ctx, name, args);			\
	}

KMOD_INIT(init_empty, "empty", "")
KMOD_INIT(init_vmalloc, "vmalloc", "")
KMOD_INIT(init_vmalloc_touch, "vmalloc-touch", "")
KMOD_INIT(init_vfree, "vfree", "")
KMOD_INIT(init_vpurge, "vpurge", "")
KMOD_INIT(init_vmap, "vmap", "")
KMOD_INIT(init_vunmap, "vunmap", "")
KMOD_INIT(init_apply_range, "apply-range", "")
KMOD_INIT(init_apply_existing, "apply-existing", "")
KMOD_INIT(init_apply_alloc, "apply-alloc", "")
KMOD_INIT(init_set_memory, "set-memory", "")
KMOD_INIT(init_nest, "nest", "")
KMOD_INIT(init_nest8, "nest", " depth=8")
KMOD_INIT(init_nest_pause, "nest-pause", "")

static int init_threads(struct lb_ctx *ctx)
{
	char args[32];
	unsigned int n = kmod_threads();

	snprintf(args, sizeof(args), " threads=%u", n);
	ctx->ptes = (uint64_t)ctx->pages * n;
	return kmod_init(ctx, "threads", args);
}

/* race-*: one worker per online CPU, like threads (one CPU: no race, kdouble 0) */
static int kmod_init_race(struct lb_ctx *ctx, const char *name)
{
	char args[32];
	unsigned int n = kmod_threads();

	snprintf(args, sizeof(args), " threads=%u", n);
	ctx->ptes = (uint64_t)ctx->pages * n;
	return kmod_init(ctx, name, args);
}

static int init_race_pause(struct lb_ctx *ctx)
{
	return kmod_init_race(ctx, "race-pause");
}

static int init_race_none(struct lb_ctx *ctx)
{
	return kmod_init_race(ctx, "race-none");
}

static int init_race_nest(struct lb_ctx *ctx)
{
	return kmod_init_race(ctx, "race-nest");
}

#define KMOD_WL_COLS(var, wname, wdesc, wkpath, initfn, cols)		\
	static const struct lb_workload var = {				\
		.name = wname,						\
		.desc = wdesc,						\
		.kpath = wkpath,					\
		.flags = LB_WL_NOT_DEFAULT | LB_WL_NEEDS_ROOT,		\
		.extra_cols = cols,					\
		.init = initfn,						\
		.prepare = kmod_prepare,				\
		.op = kmod_op,						\
		.cleanup = kmod_cleanup,				\
		.fini = kmod_fini,					\
	};								\
	LB_WORKLOAD(var)
#define KMOD_WL(var, wname, wdesc, wkpath, initfn)			\
	KMOD_WL_COLS(var, wname, wdesc, wkpath, initfn, kmod_cols)

KMOD_WL(wl_kmod_empty, "kmod-empty", "nothing: the in-kernel window's own cost",
	"(none)", init_empty);
KMOD_WL(wl_kmod_vmalloc, "kmod-vmalloc", "in-kernel vmalloc() of pages pages",
	"vmalloc -> vmap_pages_range (+ KASAN shadow populate)", init_vmalloc);
KMOD_WL(wl_kmod_vmalloc_touch, "kmod-vmalloc-touch",
	"in-kernel vmalloc() plus one write per page", "vmalloc -> vmap_pages_range",
	init_vmalloc_touch);
KMOD_WL(wl_kmod_vfree, "kmod-vfree", "in-kernel vfree() of a pages-page area (no purge)",
	"vfree -> vunmap_range_noflush + free_vmap_area_noflush (purged outside the window)",
	init_vfree);
KMOD_WL(wl_kmod_vpurge, "kmod-vpurge", "in-kernel purge of one vfree()d pages-page area",
	"vm_unmap_aliases -> purge_vmap_node: TLB flush (+ KASAN shadow release)", init_vpurge);
KMOD_WL(wl_kmod_vmap, "kmod-vmap", "in-kernel vmap() of preallocated pages",
	"vmap -> vmap_pages_range", init_vmap);
KMOD_WL(wl_kmod_vunmap, "kmod-vunmap", "in-kernel vunmap() of a vmap()ed area",
	"vunmap -> vunmap_range", init_vunmap);
KMOD_WL(wl_kmod_apply_range, "kmod-apply-range",
	"apply_to_page_range() rewriting each PTE of a vmalloc area",
	"apply_to_page_range -> apply_to_pte_range", init_apply_range);
KMOD_WL(wl_kmod_apply_existing, "kmod-apply-existing",
	"apply_to_existing_page_range() rewriting each PTE (where exported)",
	"apply_to_existing_page_range -> apply_to_pte_range", init_apply_existing);
KMOD_WL(wl_kmod_apply_alloc, "kmod-apply-alloc",
	"apply_to_page_range() allocating a page, then rewriting the PTE, per PTE",
	"apply_to_pte_range -> alloc_page (DEBUG_PAGEALLOC: a nested section) + set_pte_at",
	init_apply_alloc);
KMOD_WL(wl_kmod_set_memory, "kmod-set-memory",
	"non-lazy control: set_pages_array_uc() on preallocated pages (x86)",
	"set_pages_array_uc -> change_page_attr_set_clr", init_set_memory);
KMOD_WL(wl_kmod_nest, "kmod-nest", "pages x lazy MMU enter+leave (depth 1)",
	"lazy_mmu_mode_enable/disable (or arch_enter/leave)", init_nest);
KMOD_WL(wl_kmod_nest8, "kmod-nest8", "pages x lazy MMU sections nested 8 deep (v7.0+)",
	"lazy_mmu_mode_enable/disable x8", init_nest8);
KMOD_WL(wl_kmod_nest_pause, "kmod-nest-pause",
	"pages x (enter, pause, resume, leave) (v7.0+)",
	"lazy_mmu_mode_pause/resume", init_nest_pause);
KMOD_WL(wl_kmod_threads, "kmod-threads",
	"one vmalloc+touch+vfree of pages pages per CPU, concurrently (pinned kthreads)",
	"vmalloc/vfree in parallel: shared KASAN shadow pages", init_threads);
KMOD_WL_COLS(wl_kmod_race_pause, "kmod-race-pause",
	     "KASAN shadow populate pattern, one walker per CPU, pause/resume around it (7.x)",
	     "apply_to_page_range -> lock, pte_none, set_pte_at (paused)", init_race_pause,
	     kmod_race_cols);
KMOD_WL_COLS(wl_kmod_race_none, "kmod-race-none",
	     "KASAN shadow populate pattern, one walker per CPU, inside the lazy section",
	     "apply_to_page_range -> lock, pte_none, set_pte_at (queued)", init_race_none,
	     kmod_race_cols);
KMOD_WL_COLS(wl_kmod_race_nest, "kmod-race-nest",
	     "KASAN shadow populate pattern, one walker per CPU, nested enable/disable",
	     "apply_to_page_range -> enable, lock, pte_none, set_pte_at, unlock, disable",
	     init_race_nest, kmod_race_cols);
