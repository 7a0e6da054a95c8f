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

/*
 * One kmod-* workload: the module workload it drives and how (generated from the
 * LBK_KMOD lines of kernel/module/wl_*.c into kmod-list.h; flags as there)
 */
#define LBK_KMOD_THREADS	0x1	/* threads=<online CPUs>; ptes = pages x CPUs */
#define LBK_KMOD_INIT_MM	0x2	/* offer init_mm's address first */
#define LBK_KMOD_RACE		0x4	/* race-*: both, and the kdouble, koverlap columns */

struct kmod_spec {
	const char *wl;		/* the module's workload name */
	const char *args;	/* more init arguments, e.g. " depth=8" */
	unsigned int flags;
};

static unsigned int kmod_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (unsigned int)n;
}

static int kmod_init(struct lb_ctx *ctx, const struct kmod_spec *sp)
{
	struct kmod_state *st;
	char line[200], threads[32] = "";
	int r;

	if (access(KMOD_DIR, F_OK)) {
		snprintf(ctx->skip_reason, sizeof(ctx->skip_reason),
			 "lazybench.ko not loaded (no %s; make module, insmod the .ko)",
			 KMOD_DIR);
		return LB_SKIP;
	}
	if (sp->flags & (LBK_KMOD_INIT_MM | LBK_KMOD_RACE))
		kmod_offer_init_mm();
	if (sp->flags & (LBK_KMOD_THREADS | LBK_KMOD_RACE)) {
		/* one worker per online CPU (race-*, one CPU: no race, kdouble 0) */
		unsigned int n = kmod_threads();

		snprintf(threads, sizeof(threads), " threads=%u", n);
		ctx->ptes = (uint64_t)ctx->pages * n;
	}
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
	snprintf(line, sizeof(line), "init workload=%s pages=%zu%s%s\n", sp->wl, ctx->pages,
		 sp->args, threads);
	r = kmod_write(st->fd, line);
	if (r == -EOPNOTSUPP) {
		kmod_why(sp->wl, ctx->skip_reason, sizeof(ctx->skip_reason));
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

#define KMOD(id, wname, uname, wargs, wflags, wdesc, wkpath)			\
	static const struct kmod_spec id##_spec = {				\
		.wl = wname, .args = wargs, .flags = wflags,			\
	};									\
	static int id##_init(struct lb_ctx *ctx)				\
	{									\
		return kmod_init(ctx, &id##_spec);				\
	}									\
	static const struct lb_workload id = {					\
		.name = uname,							\
		.desc = wdesc,							\
		.kpath = wkpath,						\
		.flags = LB_WL_NOT_DEFAULT | LB_WL_NEEDS_ROOT,			\
		.extra_cols = (wflags) & LBK_KMOD_RACE ? kmod_race_cols : kmod_cols,	\
		.init = id##_init,						\
		.prepare = kmod_prepare,					\
		.op = kmod_op,							\
		.cleanup = kmod_cleanup,					\
		.fini = kmod_fini,						\
	};									\
	LB_WORKLOAD(id);

#include "kmod-list.h"
