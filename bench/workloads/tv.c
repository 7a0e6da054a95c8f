// SPDX-License-Identifier: GPL-2.0
/*
 * tv-*: the kernel's own lib/test_vmalloc.c, one workload per test class, named as the
 * kernel names them. One sample = one load of test_vmalloc.ko with run_test_mask
 * selecting that class alone:
 *   init    find the module (and the class's bit in its run_test_mask description),
 *           open /dev/kmsg
 *   prepare seek the kernel log to its end
 *   op      finit_module(test_vmalloc.ko, "run_test_mask=... nr_pages=pages ...");
 *           the module runs the class in a kthread, prints "Summary: ..." and
 *           refuses to stay loaded (-EAGAIN): that is its normal end
 *   cleanup read the new log records, parse this class's Summary line(s) into
 *           tv_avg_ns  the kernel's "avg: N usec" (x1000): one pass of
 *                      test_loop_count iterations, averaged over test_repeat_count
 *           tv_loop_ns tv_avg_ns / loops: one iteration (NaN for the two classes
 *                      whose loop is not test_loop_count long)
 *           tv_loops   the loop count the kernel reports
 * `ns` is the whole load (module load, kthread start, the test, unload).
 *
 * Extra module parameters come from LAZYBENCH_TV ("test_loop_count=N nr_threads=N
 * test_repeat_count=N sequential_test_order=0|1 nr_pcpu_objects=N"; defaults:
 * test_loop_count=TV_DEFAULT_LOOPS nr_threads=1). With nr_threads > 1 the values are
 * the mean of the workers' Summary lines. LAZYBENCH_TV_KO names the module file when
 * it is not under /lib/modules/$(uname -r).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "workload.h"

#define TV_DEFAULT_LOOPS 1000
#define TV_SIZED	0x1	/* the class uses nr_pages: any --pages size */
#define TV_HUGE		0x2	/* use_huge=1 */
#define TV_NOLOOP	0x4	/* its loop is not test_loop_count long: no tv_loop_ns */
#ifndef MODULE_INIT_COMPRESSED_FILE
#define MODULE_INIT_COMPRESSED_FILE 4
#endif

struct tv_class {
	const char *name;	/* the kernel's test name */
	unsigned int bit;	/* index in test_case_array (7.3; 6.12 has the first 11) */
	unsigned int flags;
};

struct tv_state {
	const struct tv_class *cls;
	int ko_fd;
	int kmsg_fd;
	int init_flags;		/* finit_module flags */
	char params[512];
};

static const char *const tv_cols[] = { "tv_avg_ns", "tv_loop_ns", "tv_loops", NULL };

/* the module parameters a user may add through LAZYBENCH_TV */
static const char *const tv_user_params[] = {
	"test_loop_count", "test_repeat_count", "nr_threads", "sequential_test_order",
	"nr_pcpu_objects", NULL
};

static int tv_param_ok(const char *kv)
{
	const char *eq = strchr(kv, '='), *p;
	size_t i, n;

	if (!eq || !eq[1])
		return 0;
	n = (size_t)(eq - kv);
	for (p = eq + 1; *p; p++)
		if (!isdigit((unsigned char)*p))
			return 0;
	if (strlen(eq + 1) > 9)
		return 0;
	for (i = 0; tv_user_params[i]; i++)
		if (strlen(tv_user_params[i]) == n && !strncmp(kv, tv_user_params[i], n))
			return 1;
	return 0;
}

/* LAZYBENCH_TV appended to @out; -EINVAL and one line in @err on a bad word */
static int tv_user_args(char *out, size_t len, char *err, size_t errlen)
{
	const char *env = getenv("LAZYBENCH_TV");
	char buf[256], *save = NULL, *w;

	if (!env || !*env)
		return 0;
	if (strlen(env) >= sizeof(buf)) {
		snprintf(err, errlen, "LAZYBENCH_TV is too long");
		return -EINVAL;
	}
	strcpy(buf, env);
	for (w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		size_t l = strlen(out);

		if (!tv_param_ok(w)) {
			snprintf(err, errlen, "LAZYBENCH_TV: '%.60s' is not NAME=NUMBER with NAME "
				 "one of test_loop_count test_repeat_count nr_threads "
				 "sequential_test_order nr_pcpu_objects", w);
			return -EINVAL;
		}
		if (l + strlen(w) + 2 >= len) {
			snprintf(err, errlen, "LAZYBENCH_TV is too long");
			return -EINVAL;
		}
		snprintf(out + l, len - l, " %s", w);
	}
	return 0;
}

/* the check hook: LAZYBENCH_TV is refused before the run writes anything */
static int tv_check(char *err, size_t errlen)
{
	char params[512] = "";

	return tv_user_args(params, sizeof(params), err, errlen);
}

/* the module file for the running kernel; flags for finit_module */
static int tv_find(char *out, size_t len, int *flags)
{
	static const char *const where[] = { "kernel/lib/test_vmalloc.ko",
		"kernel/lib/tests/test_vmalloc.ko", "extra/test_vmalloc.ko", NULL };
	static const char *const zext[] = { "", ".xz", ".zst", ".gz", NULL };
	const char *env = getenv("LAZYBENCH_TV_KO");
	char dep[300], line[512];
	struct utsname u;
	size_t i, j;
	FILE *f;

	*flags = 0;
	if (env && *env) {
		snprintf(out, len, "%s", env);
		goto found;
	}
	if (uname(&u))
		return 0;
	for (i = 0; where[i]; i++)
		for (j = 0; zext[j]; j++) {
			snprintf(out, len, "/lib/modules/%s/%s%s", u.release, where[i], zext[j]);
			if (!access(out, R_OK))
				goto found;
		}
	/* wherever modules.dep says it is */
	snprintf(dep, sizeof(dep), "/lib/modules/%s/modules.dep", u.release);
	f = fopen(dep, "re");
	while (f && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':'), *base;

		if (!colon)
			continue;
		*colon = '\0';
		base = strrchr(line, '/');
		base = base ? base + 1 : line;
		if (!strncmp(base, "test_vmalloc.ko", 15)) {
			if (line[0] == '/')
				snprintf(out, len, "%s", line);
			else
				snprintf(out, len, "/lib/modules/%s/%s", u.release, line);
			fclose(f);
			goto found;
		}
	}
	if (f)
		fclose(f);
	snprintf(out, len, "/lib/modules/%s", u.release);
	return 0;
found:
	i = strlen(out);
	if (i < 3 || strcmp(out + i - 3, ".ko"))
		*flags = MODULE_INIT_COMPRESSED_FILE;
	return 1;
}

/*
 * From an uncompressed .ko: the bit of @name in its run_test_mask description
 * ("id: 1, name: fix_size_alloc_test ..."), and whether it has parameter @parm.
 * Returns the bit, -1 if the description does not list @name, -2 if there is no
 * description to read (then the table's bit is used).
 */
static int tv_modinfo(int fd, const char *name, const char *parm, int *has_parm)
{
	static const char key[] = "parm=run_test_mask:";
	struct stat sb;
	char *buf, *p, *end, pkey[64];
	int bit = -2;

	*has_parm = -1;
	if (fstat(fd, &sb) || sb.st_size <= 0 || sb.st_size > (64 << 20))
		return -2;
	buf = malloc((size_t)sb.st_size + 1);
	if (!buf)
		return -2;
	if (pread(fd, buf, (size_t)sb.st_size, 0) != sb.st_size) {
		free(buf);
		return -2;
	}
	buf[sb.st_size] = '\0';
	end = buf + sb.st_size;
	snprintf(pkey, sizeof(pkey), "parm=%s:", parm);
	*has_parm = memmem(buf, (size_t)sb.st_size, pkey, strlen(pkey)) != NULL;
	p = memmem(buf, (size_t)sb.st_size, key, sizeof(key) - 1);
	if (p) {
		bit = -1;
		/* the description is one NUL-terminated string */
		for (p += sizeof(key) - 1; p < end && *p; p++) {
			unsigned long id;
			char *q, *n;
			size_t l;

			if (strncmp(p, "id:", 3))
				continue;
			id = strtoul(p + 3, &q, 10);
			n = strstr(q, "name:");
			if (!n || n > q + 16)
				continue;
			n += 5;
			while (*n == ' ')
				n++;
			l = strcspn(n, " \t\n");
			if (l == strlen(name) && !strncmp(n, name, l) && id && !(id & (id - 1))) {
				bit = __builtin_ctzl(id);
				break;
			}
		}
	}
	free(buf);
	return bit;
}

static int tv_skip(struct lb_ctx *ctx, struct tv_state *st, const char *fmt, const char *a,
		   const char *b)
{
	/* a long path may be cut: the reason stays one line */
	if (snprintf(ctx->skip_reason, sizeof(ctx->skip_reason), fmt, a, b) < 0)
		ctx->skip_reason[0] = '\0';
	if (st->ko_fd >= 0)
		close(st->ko_fd);
	if (st->kmsg_fd >= 0)
		close(st->kmsg_fd);
	free(st);
	return LB_SKIP;
}

static int tv_init(struct lb_ctx *ctx, const struct tv_class *cls)
{
	struct tv_state *st;
	char path[1024], size[32];
	struct sysinfo si;
	int bit, huge_ok, r;

	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->cls = cls;
	st->ko_fd = st->kmsg_fd = -1;
	if (!(cls->flags & TV_SIZED) && ctx->pages != 1)
		return tv_skip(ctx, st, "%s does not use nr_pages: run it at --pages 1%s",
			       cls->name, "");
	if (!sysinfo(&si) && (double)ctx->pages * (double)ctx->page_size >
	    (double)si.totalram * si.mem_unit / 4) {
		snprintf(size, sizeof(size), "%zu", ctx->pages);
		return tv_skip(ctx, st, "%s pages is more than 1/4 of RAM%s", size, "");
	}
	if (!access("/sys/module/test_vmalloc", F_OK))
		return tv_skip(ctx, st, "test_vmalloc is built in or loaded already "
			       "(/sys/module/test_vmalloc exists)%s%s", "", "");
	if (access("/proc/modules", F_OK))
		return tv_skip(ctx, st, "the kernel has no module support (no /proc/modules)%s%s",
			       "", "");
	if (!tv_find(path, sizeof(path), &st->init_flags))
		return tv_skip(ctx, st, "no test_vmalloc.ko (CONFIG_TEST_VMALLOC=m, or "
			       "LAZYBENCH_TV_KO=FILE) in %s%s", path, "");
	st->ko_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (st->ko_fd < 0)
		return tv_skip(ctx, st, "cannot open %s: %s", path, strerror(errno));
	bit = (int)cls->bit;
	if (!st->init_flags) {
		r = tv_modinfo(st->ko_fd, cls->name, "use_huge", &huge_ok);
		if (r == -1)
			return tv_skip(ctx, st, "this kernel's test_vmalloc has no %s (%s)",
				       cls->name, path);
		if (r >= 0)
			bit = r;
		if ((cls->flags & TV_HUGE) && huge_ok == 0)
			return tv_skip(ctx, st, "this kernel's test_vmalloc has no use_huge "
				       "parameter (%s)%s", path, "");
	}
	st->kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (st->kmsg_fd < 0)
		return tv_skip(ctx, st, "cannot read the kernel log (/dev/kmsg: %s)%s",
			       strerror(errno), "");
	snprintf(st->params, sizeof(st->params),
		 "run_test_mask=%lu nr_pages=%zu use_huge=%d test_loop_count=%d nr_threads=1",
		 1UL << bit, ctx->pages, !!(cls->flags & TV_HUGE), TV_DEFAULT_LOOPS);
	r = tv_user_args(st->params, sizeof(st->params), ctx->skip_reason,
			 sizeof(ctx->skip_reason));
	if (r) {
		close(st->ko_fd);
		close(st->kmsg_fd);
		free(st);
		return r;
	}
	ctx->priv = st;
	return 0;
}

static int tv_prepare(struct lb_ctx *ctx)
{
	struct tv_state *st = ctx->priv;

	return lseek(st->kmsg_fd, 0, SEEK_END) < 0 ? -errno : 0;
}

static int tv_op(struct lb_ctx *ctx)
{
	struct tv_state *st = ctx->priv;

	if (!syscall(SYS_finit_module, st->ko_fd, st->params, st->init_flags))
		return -EEXIST;	/* it stayed loaded: not the module we know */
	return errno == EAGAIN ? 0 : -errno;
}

struct tv_sum {
	double avg_us;		/* sum over the Summary lines seen */
	long loops;
	unsigned int lines;
	long failed;
};

/* one kernel log message: "Summary: NAME passed: P failed: F [xfailed: X] ..." */
static void tv_parse(const char *msg, const char *name, struct tv_sum *s)
{
	const char *p = strstr(msg, "Summary: "), *q;
	size_t l = strlen(name);
	unsigned long long avg;
	long failed, loops;

	if (!p || strncmp(p + 9, name, l) || p[9 + l] != ' ')
		return;
	p += 9 + l;
	q = strstr(p, " failed: ");
	if (!q || sscanf(q, " failed: %ld", &failed) != 1)
		return;
	q = strstr(p, " loops: ");
	if (!q || sscanf(q, " loops: %ld avg: %llu usec", &loops, &avg) != 2)
		return;
	s->avg_us += (double)avg;
	s->loops = loops;
	s->failed += failed;
	s->lines++;
}

static int tv_cleanup(struct lb_ctx *ctx)
{
	struct tv_state *st = ctx->priv;
	struct tv_sum s = { 0 };
	char rec[2048];
	double avg;

	for (;;) {
		ssize_t n = read(st->kmsg_fd, rec, sizeof(rec) - 1);
		char *msg;

		if (n < 0 && errno == EPIPE)
			continue;	/* records overwritten under us: read on */
		if (n <= 0)
			break;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (msg)
			tv_parse(msg + 1, st->cls->name, &s);
	}
	if (!s.lines) {
		fprintf(stderr, "lazybench: tv-%s: no 'Summary: %s' line in the kernel log\n",
			st->cls->name, st->cls->name);
		return -ENODATA;
	}
	if (s.failed) {
		fprintf(stderr, "lazybench: tv-%s: test_vmalloc reports %ld failed run(s)\n",
			st->cls->name, s.failed);
		return -EIO;
	}
	avg = s.avg_us / s.lines * 1000.0;
	ctx->extra_val[0] = avg;
	ctx->extra_val[1] = (st->cls->flags & TV_NOLOOP) || s.loops <= 0 ? NAN :
			    avg / (double)s.loops;
	ctx->extra_val[2] = (double)s.loops;
	return 0;
}

static void tv_fini(struct lb_ctx *ctx)
{
	struct tv_state *st = ctx->priv;

	if (!st)
		return;
	close(st->ko_fd);
	close(st->kmsg_fd);
	free(st);
	ctx->priv = NULL;
}

/* one descriptor per class: the table */
#define TV_WL(var, cname, cbit, cflags, wname, wdesc, wkpath)		\
	static const struct tv_class var##_cls = { cname, cbit, cflags };	\
	static int var##_init(struct lb_ctx *ctx)			\
	{								\
		return tv_init(ctx, &var##_cls);			\
	}								\
	static const struct lb_workload var = {				\
		.name = wname,						\
		.desc = wdesc,						\
		.kpath = wkpath,					\
		.flags = LB_WL_NOT_DEFAULT | LB_WL_NEEDS_ROOT | LB_WL_WAITS,	\
		.extra_cols = tv_cols,					\
		.check = tv_check,					\
		.init = var##_init,					\
		.prepare = tv_prepare,					\
		.op = tv_op,						\
		.cleanup = tv_cleanup,					\
		.fini = tv_fini,					\
	};								\
	LB_WORKLOAD(var)

#define TV(var, cname, cbit, cflags, wdesc, wkpath) \
	TV_WL(var, cname, cbit, cflags, "tv-" cname, wdesc, wkpath)

TV(wl_tv_fix_size, "fix_size_alloc_test", 0, TV_SIZED,
   "test_vmalloc: loop of vmalloc(pages), one write, vfree",
   "vmalloc -> vmap_pages_range; vfree -> vunmap_range");
TV_WL(wl_tv_fix_size_huge, "fix_size_alloc_test", 0, TV_SIZED | TV_HUGE,
      "tv-fix_size_alloc_test-huge", "test_vmalloc use_huge=1: loop of vmalloc_huge(pages), vfree",
      "vmalloc_huge -> vmap_pages_range (PMD mappings where aligned)");
TV(wl_tv_full_fit, "full_fit_alloc_test", 1, 0,
   "test_vmalloc: 1-page vmalloc+vfree into holes of a fragmented area",
   "vmalloc -> alloc_vmap_area (fitting)");
TV(wl_tv_long_busy, "long_busy_list_alloc_test", 2, 0,
   "test_vmalloc: vmalloc 100 + 1 pages, vfree, with 15000 areas busy",
   "vmalloc -> alloc_vmap_area (long busy list)");
TV(wl_tv_random_size, "random_size_alloc_test", 3, 0,
   "test_vmalloc: vmalloc of 1..100 random pages, one write, vfree",
   "vmalloc -> vmap_pages_range; vfree -> vunmap_range");
TV(wl_tv_fix_align, "fix_align_alloc_test", 4, 0,
   "test_vmalloc: 5-page __vmalloc_node with 2x THREAD_ALIGN, vfree",
   "__vmalloc_node -> alloc_vmap_area (aligned)");
TV(wl_tv_random_align, "random_size_align_alloc_test", 5, 0,
   "test_vmalloc: 1..10 pages at a random alignment, vfree",
   "__vmalloc_node -> alloc_vmap_area (aligned)");
TV(wl_tv_align_shift, "align_shift_alloc_test", 6, TV_NOLOOP,
   "test_vmalloc: 1 page at alignments 2^0..2^63 (expected to fail: xfailed)",
   "__vmalloc_node (allocation-failure warnings on the console)");
TV(wl_tv_pcpu, "pcpu_alloc_test", 7, TV_NOLOOP,
   "test_vmalloc: nr_pcpu_objects random-size __alloc_percpu, free_percpu",
   "__alloc_percpu -> pcpu chunk vmalloc");
TV(wl_tv_kvfree1, "kvfree_rcu_1_arg_vmalloc_test", 8, 0,
   "test_vmalloc: vmalloc(1 page), kvfree_rcu_mightsleep",
   "kvfree_rcu -> vfree after a grace period");
TV(wl_tv_kvfree2, "kvfree_rcu_2_arg_vmalloc_test", 9, 0,
   "test_vmalloc: vmalloc(1 page), kvfree_rcu(p, rcu)",
   "kvfree_rcu -> vfree after a grace period");
TV(wl_tv_vm_map_ram, "vm_map_ram_test", 10, TV_SIZED,
   "test_vmalloc: loop of vm_map_ram(pages preallocated pages), one write, vm_unmap_ram",
   "vm_map_ram -> vmap_pages_range; vm_unmap_ram -> vunmap_range");
TV(wl_tv_no_block, "no_block_alloc_test", 11, TV_SIZED,
   "test_vmalloc: GFP_ATOMIC/GFP_NOWAIT vmalloc(pages) with preemption off (7.x)",
   "__vmalloc (non-blocking) -> vmap_pages_range");
TV(wl_tv_vrealloc, "vrealloc_test", 12, 0,
   "test_vmalloc: vrealloc grow and shrink of one area (7.x)",
   "vrealloc -> vmalloc/vfree");
