// SPDX-License-Identifier: GPL-2.0
/*
 * lazybench.ko core: debugfs interface, request parsing and limits, timing.
 *
 * /sys/kernel/debug/lazybench/ (root only)
 *   run        w  batch: one line "workload=NAME pages=N[,N...] reps=N
 *                 [warmup=N] [threads=N] [depth=N] [drain=0|1]" runs the
 *                 whole sweep (drain=0: no purge between windows, to show
 *                 what a lazily scheduled purge does to them)
 *   samples    r  the last successful batch run, TSV: workload pages ptes
 *                 rep ns kcycles kcontam kpurge kslowest kfastest kdouble
 *                 koverlap
 *                 (docs/module.md)
 *   status     r  the last request and its outcome
 *   step       rw step mode for `lazybench run kmod-*`: write "init
 *                 workload=NAME pages=N ...", then "prepare", "op",
 *                 "cleanup" per repetition, "fini"; after "op", read
 *                 "ns kcycles ptes kcontam kpurge kslowest kfastest
 *                 kdouble koverlap" (tab-separated) of that op. State belongs
 *                 to the open file: closing it cleans up
 *                 (without waiting for a batch run: deferred to a worker).
 *   semantics  r  v7.0+ lazy MMU API self-check, TAP (SKIP on older kernels)
 *   info       r  lazy MMU API, limits, workloads and their support here
 *   init_mm    w  hex address of init_mm, for apply-range on kernels whose
 *                 kallsyms lacks data symbols (checked before use)
 *
 * All requests are serialised by one mutex. Bad input: -EINVAL and one
 * pr_info() line saying why. Nothing ever prints a kernel address.
 *
 * Every timed window records, besides its ns and cycles: kcontam, 1 when the
 * task was switched out (nvcsw + nivcsw changed) or ran on another CPU at the
 * end than at the start; kpurge, the vmalloc:purge_vmap_area_lazy events
 * anywhere in the machine during the window ("-" without that tracepoint);
 * kdouble, the double populations a race-* op counted, and koverlap, its PTE
 * visits made while another walker was walking too, "-" for the others.
 * Lazily freed vmap areas are purged (vm_unmap_aliases()) after init and
 * after every cleanup, outside the windows, so a lazy_max_pages() purge never
 * lands in a later window; the vpurge workload times that purge itself.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timex.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "lb_compat.h"
#include "lazybench.h"

#define LBK_LINE_MAX	256

static const struct lbk_workload *const lbk_workloads[] = {
	&lbk_wl_empty,
	&lbk_wl_vmalloc, &lbk_wl_vmalloc_touch, &lbk_wl_vfree, &lbk_wl_vpurge,
	&lbk_wl_vmap, &lbk_wl_vunmap,
	&lbk_wl_apply_range, &lbk_wl_apply_existing, &lbk_wl_apply_alloc,
	&lbk_wl_set_memory,
	&lbk_wl_nest, &lbk_wl_nest_pause,
	&lbk_wl_threads,
	&lbk_wl_race_pause, &lbk_wl_race_none, &lbk_wl_race_nest,
};

struct lbk_req {
	const struct lbk_workload *wl;
	unsigned long pages[LBK_MAX_POINTS];
	unsigned int npoints;
	unsigned long reps;
	unsigned long warmup;
	unsigned int threads;
	unsigned int depth;
	bool drain;			/* purge lazily freed areas between windows */
	unsigned int seen;		/* LBK_K_* keys given */
};

#define LBK_K_REPS	0x1
#define LBK_K_WARMUP	0x2
#define LBK_K_THREADS	0x4
#define LBK_K_DEPTH	0x8
#define LBK_K_DRAIN	0x10

/* one timed window */
struct lbk_meas {
	u64 ns;
	u64 cycles;
	long purges;			/* -1: unknown */
	u64 wmax, wmin;			/* threads' workers, 0 otherwise */
	long doubles;			/* -1: not counted by this workload */
	long overlaps;			/* likewise */
	bool contam;
};

struct lbk_sample {
	u32 point;
	u32 rep;
	struct lbk_meas m;
};

struct lbk_result {
	const struct lbk_workload *wl;
	unsigned int npoints;
	unsigned long pages[LBK_MAX_POINTS];
	u64 ptes[LBK_MAX_POINTS];
	unsigned long nsamples;
	struct lbk_sample *s;
};

static DEFINE_MUTEX(lbk_lock);		/* serialises every request */
static struct lbk_result *lbk_last;	/* last successful batch run */
static unsigned long lbk_gen;		/* bumped when lbk_last changes */
static char lbk_status[LBK_LINE_MAX + 64] = "idle\n";
static bool lbk_step_busy;		/* one step session at a time */
static unsigned long lbk_step_pages;	/* pinned by the open step session */
static struct dentry *lbk_dir;
static struct workqueue_struct *lbk_wq;	/* deferred step-session cleanup (any CPU) */

struct page **lbk_alloc_pages(unsigned long n)
{
	struct page **pages;
	unsigned long i;

	pages = kvcalloc(n, sizeof(*pages), GFP_KERNEL | __GFP_NOWARN);
	if (!pages)
		return NULL;
	for (i = 0; i < n; i++) {
		/* fail with -ENOMEM rather than OOM-kill the machine for a benchmark */
		pages[i] = alloc_page(GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
		if (!pages[i]) {
			lbk_free_pages(pages, i);
			return NULL;
		}
		cond_resched();
	}
	return pages;
}

void lbk_free_pages(struct page **pages, unsigned long n)
{
	unsigned long i;

	if (!pages)
		return;
	for (i = 0; i < n; i++)
		__free_page(pages[i]);
	kvfree(pages);
}

static const struct lbk_workload *lbk_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lbk_workloads); i++)
		if (!strcmp(lbk_workloads[i]->name, name))
			return lbk_workloads[i];
	return NULL;
}

static int lbk_num(const char *key, const char *val, unsigned long min,
		   unsigned long max, unsigned long *out)
{
	unsigned long v;

	if (kstrtoul(val, 10, &v) || v < min || v > max) {
		pr_info("invalid %s=%.32s: want an integer in %lu..%lu\n", key, val, min, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static int lbk_parse_pages(struct lbk_req *rq, char *val)
{
	char *tok;

	rq->npoints = 0;
	while ((tok = strsep(&val, ",")) != NULL) {
		if (rq->npoints == LBK_MAX_POINTS) {
			pr_info("invalid pages=: more than %d size points\n", LBK_MAX_POINTS);
			return -EINVAL;
		}
		if (lbk_num("pages", tok, 1, LBK_MAX_PAGES, &rq->pages[rq->npoints]))
			return -EINVAL;
		rq->npoints++;
	}
	return 0;
}

/* @line: writable, NUL-terminated; "key=value" words separated by blanks */
static int lbk_parse(char *line, struct lbk_req *rq)
{
	unsigned long v;
	char *word;

	memset(rq, 0, sizeof(*rq));
	rq->pages[0] = 512;
	rq->npoints = 1;
	rq->reps = 30;
	rq->warmup = 1;
	rq->threads = 1;
	rq->depth = 1;
	rq->drain = true;

	while ((word = strsep(&line, " \t\n")) != NULL) {
		char *val;

		if (!*word)
			continue;
		val = strchr(word, '=');
		if (!val || val == word || !val[1]) {
			pr_info("invalid request word '%.32s': want key=value\n", word);
			return -EINVAL;
		}
		*val++ = '\0';
		if (!strcmp(word, "workload")) {
			rq->wl = lbk_find(val);
			if (!rq->wl) {
				pr_info("unknown workload '%.32s' (see info)\n", val);
				return -EINVAL;
			}
		} else if (!strcmp(word, "pages")) {
			if (lbk_parse_pages(rq, val))
				return -EINVAL;
		} else if (!strcmp(word, "reps")) {
			if (lbk_num(word, val, 1, LBK_MAX_REPS, &rq->reps))
				return -EINVAL;
			rq->seen |= LBK_K_REPS;
		} else if (!strcmp(word, "warmup")) {
			if (lbk_num(word, val, 0, LBK_MAX_WARMUP, &rq->warmup))
				return -EINVAL;
			rq->seen |= LBK_K_WARMUP;
		} else if (!strcmp(word, "threads")) {
			if (lbk_num(word, val, 1, LBK_MAX_THREADS, &v))
				return -EINVAL;
			rq->threads = v;
			rq->seen |= LBK_K_THREADS;
		} else if (!strcmp(word, "depth")) {
			if (lbk_num(word, val, 1, LBK_MAX_DEPTH, &v))
				return -EINVAL;
			rq->depth = v;
			rq->seen |= LBK_K_DEPTH;
		} else if (!strcmp(word, "drain")) {
			if (lbk_num(word, val, 0, 1, &v))
				return -EINVAL;
			rq->drain = v;
			rq->seen |= LBK_K_DRAIN;
		} else {
			pr_info("unknown key '%.32s'\n", word);
			return -EINVAL;
		}
	}
	if (!rq->wl) {
		pr_info("request without workload=\n");
		return -EINVAL;
	}
	if ((rq->seen & LBK_K_THREADS) && !(rq->wl->flags & LBK_WL_THREADS)) {
		pr_info("threads= does not apply to workload %s\n", rq->wl->name);
		return -EINVAL;
	}
	if ((rq->seen & LBK_K_DEPTH) && !(rq->wl->flags & LBK_WL_DEPTH)) {
		pr_info("depth= does not apply to workload %s\n", rq->wl->name);
		return -EINVAL;
	}
	return 0;
}

static void lbk_inst_init(struct lbk_inst *in, const struct lbk_req *rq,
			  unsigned int point)
{
	memset(in, 0, sizeof(*in));
	in->wl = rq->wl;
	in->pages = rq->pages[point];
	in->threads = rq->threads;
	in->depth = rq->depth;
	in->ptes = (u64)in->pages * ((rq->wl->flags & LBK_WL_THREADS) ? in->threads : 1);
}

static unsigned long lbk_mem_pages(const struct lbk_inst *in)
{
	return in->wl->mem_pages ? in->wl->mem_pages(in) : in->pages;
}

/* limits that depend on the workload and the machine */
static int lbk_check(const struct lbk_req *rq)
{
	unsigned long limit = totalram_pages() / LBK_MEM_DIVISOR;
	struct lbk_inst in;
	const char *why;
	unsigned int i;

	if ((unsigned long)rq->npoints * rq->reps > LBK_MAX_SAMPLES) {
		pr_info("%u size points x %lu reps exceeds %d samples\n",
			rq->npoints, rq->reps, LBK_MAX_SAMPLES);
		return -EINVAL;
	}
	for (i = 0; i < rq->npoints; i++) {
		unsigned long need;

		lbk_inst_init(&in, rq, i);
		why = rq->wl->unsupported ? rq->wl->unsupported(&in) : NULL;
		if (why) {
			pr_info("workload %s unsupported here: %s\n", rq->wl->name, why);
			return -EOPNOTSUPP;
		}
		need = lbk_mem_pages(&in);
		if (need + lbk_step_pages > limit) {
			pr_info("%s pages=%lu needs %lu pages, limit %lu (1/%d of RAM) minus %lu held by a step session\n",
				rq->wl->name, in.pages, need, limit, LBK_MEM_DIVISOR,
				lbk_step_pages);
			return -EINVAL;
		}
	}
	return 0;
}

static unsigned long lbk_switches(void)
{
	return READ_ONCE(current->nvcsw) + READ_ONCE(current->nivcsw);
}

static int lbk_timed_op(struct lbk_inst *in, struct lbk_meas *m)
{
	unsigned long sw0, sw1;
	unsigned int cpu0, cpu1;
	long p0, p1;
	u64 t0, t1;
	cycles_t c0, c1;
	int ret;

	sw0 = lbk_switches();
	cpu0 = raw_smp_processor_id();
	p0 = lbk_tp_purges();
	in->wmax = 0;
	in->wmin = 0;
	in->doubles = 0;
	in->overlaps = 0;
	t0 = ktime_get_raw_ns();
	c0 = get_cycles();
	ret = in->wl->op(in);
	c1 = get_cycles();
	t1 = ktime_get_raw_ns();
	p1 = lbk_tp_purges();
	cpu1 = raw_smp_processor_id();
	sw1 = lbk_switches();
	m->ns = t1 - t0;
	m->cycles = (u64)(c1 - c0);
	m->purges = p0 < 0 ? -1 : p1 - p0;
	m->contam = sw1 != sw0 || cpu1 != cpu0;
	m->wmax = in->wmax;
	m->wmin = in->wmin;
	m->doubles = (in->wl->flags & LBK_WL_DOUBLES) ? (long)in->doubles : -1;
	m->overlaps = (in->wl->flags & LBK_WL_DOUBLES) ? (long)in->overlaps : -1;
	return ret;
}

/*
 * Purge lazily freed vmap areas now, outside any window: vfree()/vunmap()
 * only queue them, and every lazy_max_pages() of them the purge (TLB flush,
 * KASAN shadow release) would otherwise run in a kworker during a later window.
 */
static void lbk_drain(void)
{
	vm_unmap_aliases();
}

static int lbk_run_point(struct lbk_inst *in, const struct lbk_req *rq,
			 struct lbk_sample *out, u32 point)
{
	const struct lbk_workload *wl = in->wl;
	unsigned long i;
	int ret = 0;

	if (wl->init) {
		ret = wl->init(in);
		if (ret)
			return ret;
	}
	lbk_drain();	/* whatever earlier requests left queued */
	for (i = 0; i < rq->warmup + rq->reps; i++) {
		struct lbk_meas m;

		if (signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		if (wl->prepare) {
			ret = wl->prepare(in);
			if (ret)
				break;
		}
		ret = lbk_timed_op(in, &m);
		if (wl->cleanup)
			wl->cleanup(in);
		if (rq->drain)
			lbk_drain();
		if (ret)
			break;
		if (i >= rq->warmup) {
			struct lbk_sample *s = &out[i - rq->warmup];

			s->point = point;
			s->rep = i - rq->warmup;
			s->m = m;
		}
		cond_resched();
	}
	if (wl->fini)
		wl->fini(in);
	return ret;
}

static void lbk_free_result(struct lbk_result *r)
{
	if (!r)
		return;
	kvfree(r->s);
	kfree(r);
}

static int lbk_batch(const struct lbk_req *rq)
{
	struct lbk_result *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct lbk_inst in;
	unsigned int p;
	int ret = 0;

	if (!r)
		return -ENOMEM;
	r->nsamples = (unsigned long)rq->npoints * rq->reps;
	r->s = kvcalloc(r->nsamples, sizeof(*r->s), GFP_KERNEL | __GFP_NOWARN);
	if (!r->s) {
		kfree(r);
		return -ENOMEM;
	}
	r->wl = rq->wl;
	r->npoints = rq->npoints;
	for (p = 0; p < rq->npoints && !ret; p++) {
		lbk_inst_init(&in, rq, p);
		r->pages[p] = in.pages;
		r->ptes[p] = in.ptes;
		ret = lbk_run_point(&in, rq, r->s + (unsigned long)p * rq->reps, p);
	}
	if (ret) {
		lbk_free_result(r);
		return ret;
	}
	lbk_free_result(lbk_last);
	lbk_last = r;
	lbk_gen++;
	return 0;
}

/* copy a one-line request from userspace; -EINVAL when empty or too long */
static int lbk_get_line(const char __user *ubuf, size_t count, char *buf)
{
	if (!count || count >= LBK_LINE_MAX) {
		pr_info("request of %zu bytes: want 1..%d\n", count, LBK_LINE_MAX - 1);
		return -EINVAL;
	}
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (strlen(buf) != count) {
		pr_info("request contains a NUL byte\n");
		return -EINVAL;
	}
	return 0;
}

static ssize_t lbk_run_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char buf[LBK_LINE_MAX];
	struct lbk_req rq;
	int ret;

	ret = lbk_get_line(ubuf, count, buf);
	if (ret)
		return ret;
	strim(buf);
	if (mutex_lock_interruptible(&lbk_lock))
		return -EINTR;
	ret = lbk_parse(buf, &rq);
	if (!ret)
		ret = lbk_check(&rq);
	if (!ret)
		ret = lbk_batch(&rq);
	if (ret)
		snprintf(lbk_status, sizeof(lbk_status), "error %d\n", ret);
	else
		snprintf(lbk_status, sizeof(lbk_status), "ok %s: %lu samples\n",
			 rq.wl->name, lbk_last->nsamples);
	mutex_unlock(&lbk_lock);
	return ret ? ret : count;
}

static ssize_t lbk_init_mm_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	char buf[LBK_LINE_MAX];
	unsigned long addr;
	int ret;

	ret = lbk_get_line(ubuf, count, buf);
	if (ret)
		return ret;
	if (kstrtoul(strim(buf), 16, &addr) || !addr) {
		pr_info("init_mm: want a hexadecimal kernel address\n");
		return -EINVAL;
	}
	if (mutex_lock_interruptible(&lbk_lock))
		return -EINTR;
	ret = lbk_set_init_mm(addr);
	mutex_unlock(&lbk_lock);
	return ret ? ret : count;
}

/*
 * samples: position 0 is the header, n > 0 is sample n - 1. A reader that
 * started on one run and continues after another replaced it gets EOF, never
 * a mix of two runs (m->private: the generation it started on).
 */
static void *lbk_samples_start(struct seq_file *m, loff_t *pos)
{
	if (mutex_lock_interruptible(&lbk_lock))
		return ERR_PTR(-EINTR);
	if (*pos == 0)
		m->private = (void *)lbk_gen;
	else if (m->private != (void *)lbk_gen)
		return NULL;
	if (!lbk_last || *pos > lbk_last->nsamples)
		return NULL;
	return pos;
}

static void *lbk_samples_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return *pos > lbk_last->nsamples ? NULL : pos;
}

static void lbk_samples_stop(struct seq_file *m, void *v)
{
	if (!IS_ERR(v))
		mutex_unlock(&lbk_lock);
}

/* "kcontam kpurge kslowest kfastest kdouble koverlap" of one window; "-" where unknown */
static int lbk_fmt_tail(char *buf, size_t len, const struct lbk_meas *k)
{
	int n = scnprintf(buf, len, "%d\t", k->contam);

	if (k->purges < 0)
		n += scnprintf(buf + n, len - n, "-\t");
	else
		n += scnprintf(buf + n, len - n, "%ld\t", k->purges);
	if (k->wmax)
		n += scnprintf(buf + n, len - n, "%llu\t%llu\t", k->wmax, k->wmin);
	else
		n += scnprintf(buf + n, len - n, "-\t-\t");
	if (k->doubles < 0)
		n += scnprintf(buf + n, len - n, "-\t-\n");
	else
		n += scnprintf(buf + n, len - n, "%ld\t%ld\n", k->doubles, k->overlaps);
	return n;
}

static void lbk_put_tail(struct seq_file *m, const struct lbk_meas *k)
{
	char buf[160];

	lbk_fmt_tail(buf, sizeof(buf), k);
	seq_puts(m, buf);
}

static int lbk_samples_show(struct seq_file *m, void *v)
{
	loff_t pos = *(loff_t *)v;
	const struct lbk_sample *s;

	if (pos == 0) {
		seq_puts(m, "workload\tpages\tptes\trep\tns\tkcycles\tkcontam\tkpurge\tkslowest\tkfastest\tkdouble\tkoverlap\n");
		return 0;
	}
	s = &lbk_last->s[pos - 1];
	seq_printf(m, "kmod-%s\t%lu\t%llu\t%u\t%llu\t%llu\t", lbk_last->wl->name,
		   lbk_last->pages[s->point], lbk_last->ptes[s->point], s->rep,
		   s->m.ns, s->m.cycles);
	lbk_put_tail(m, &s->m);
	return 0;
}

static const struct seq_operations lbk_samples_sops = {
	.start = lbk_samples_start,
	.next = lbk_samples_next,
	.stop = lbk_samples_stop,
	.show = lbk_samples_show,
};

static int lbk_samples_open(struct inode *inode, struct file *file)
{
	return seq_open(file, &lbk_samples_sops);
}

static int lbk_status_show(struct seq_file *m, void *unused)
{
	if (mutex_lock_interruptible(&lbk_lock))
		return -EINTR;
	seq_puts(m, lbk_status);
	mutex_unlock(&lbk_lock);
	return 0;
}

static int lbk_info_show(struct seq_file *m, void *unused)
{
	struct lbk_inst in = { .pages = 1, .threads = 1, .depth = 1 };
	unsigned int i;

	if (mutex_lock_interruptible(&lbk_lock))
		return -EINTR;
	seq_printf(m, "lazy_mmu_api\t%s\n", LB_LAZY_API);
	seq_printf(m, "lazy_mmu_arch\t%s\n", lb_lazy_arch());
	seq_printf(m, "purge_count\t%s\n", lbk_tp_purges() < 0 ? "no" : "yes");
	seq_printf(m, "semantics_check\t%s\n", LB_CAN_CHECK_SEMANTICS ? "yes" : "no");
	seq_printf(m, "max_pages\t%lu\nmax_reps\t%d\nmax_warmup\t%d\n",
		   LBK_MAX_PAGES, LBK_MAX_REPS, LBK_MAX_WARMUP);
	seq_printf(m, "max_threads\t%d\nmax_depth\t%d\nmax_points\t%d\n",
		   LBK_MAX_THREADS, LBK_MAX_DEPTH, LBK_MAX_POINTS);
	seq_printf(m, "max_samples\t%d\nmem_limit_pages\t%lu\n", LBK_MAX_SAMPLES,
		   totalram_pages() / LBK_MEM_DIVISOR);
	for (i = 0; i < ARRAY_SIZE(lbk_workloads); i++) {
		const struct lbk_workload *wl = lbk_workloads[i];
		const char *why;

		in.wl = wl;
		why = wl->unsupported ? wl->unsupported(&in) : NULL;
		seq_printf(m, "workload\t%s\t%s\t%s\n", wl->name,
			   why ? "unsupported" : "supported", why ? why : wl->desc);
	}
	mutex_unlock(&lbk_lock);
	return 0;
}

/* under seq_file's own lock, like every show: lock order m->lock, then lbk_lock */
static int lbk_semantics_locked_show(struct seq_file *m, void *unused)
{
	int ret;

	if (mutex_lock_interruptible(&lbk_lock))
		return -EINTR;
	ret = lbk_semantics_show(m, unused);
	mutex_unlock(&lbk_lock);
	return ret;
}

static int lbk_semantics_open(struct inode *inode, struct file *file)
{
	return single_open(file, lbk_semantics_locked_show, NULL);
}

/* step mode: one session per open file */
enum lbk_step_state { LBK_IDLE, LBK_READY, LBK_PREPARED, LBK_DONE };

struct lbk_step {
	enum lbk_step_state state;
	struct lbk_inst in;
	bool have_result;
	struct lbk_meas m;
	struct work_struct release_work;
};

static int lbk_step_open(struct inode *inode, struct file *file)
{
	struct lbk_step *st = kzalloc(sizeof(*st), GFP_KERNEL);

	if (!st)
		return -ENOMEM;
	file->private_data = st;
	return 0;
}

/* called with lbk_lock held */
static void lbk_step_end(struct lbk_step *st)
{
	const struct lbk_workload *wl = st->in.wl;

	if (st->state == LBK_IDLE)
		return;
	if ((st->state == LBK_PREPARED || st->state == LBK_DONE) && wl->cleanup)
		wl->cleanup(&st->in);
	if (wl->fini)
		wl->fini(&st->in);
	lbk_drain();
	st->state = LBK_IDLE;
	lbk_step_busy = false;
	lbk_step_pages = 0;
}

static int lbk_step_init(struct lbk_step *st, char *args)
{
	struct lbk_req rq;
	int ret;

	if (st->state != LBK_IDLE) {
		pr_info("step: init while a session is open (fini first)\n");
		return -EINVAL;
	}
	if (lbk_step_busy) {
		pr_info("step: another step session is open\n");
		return -EBUSY;
	}
	ret = lbk_parse(args, &rq);
	if (ret)
		return ret;
	if (rq.npoints != 1 || (rq.seen & (LBK_K_REPS | LBK_K_WARMUP | LBK_K_DRAIN))) {
		pr_info("step: init takes one pages= value and no reps=/warmup=/drain=\n");
		return -EINVAL;
	}
	ret = lbk_check(&rq);
	if (ret)
		return ret;
	lbk_inst_init(&st->in, &rq, 0);
	if (rq.wl->init) {
		ret = rq.wl->init(&st->in);
		if (ret)
			return ret;
	}
	lbk_drain();
	st->state = LBK_READY;
	st->have_result = false;
	lbk_step_busy = true;
	lbk_step_pages = lbk_mem_pages(&st->in);
	return 0;
}

static int lbk_step_cmd(struct lbk_step *st, char *line)
{
	char *cmd = strsep(&line, " \t");
	const struct lbk_workload *wl = st->in.wl;
	int ret = 0;

	if (!strcmp(cmd, "init"))
		return lbk_step_init(st, line ? line : "");
	if (line && *skip_spaces(line)) {
		pr_info("step: '%.16s' takes no arguments\n", cmd);
		return -EINVAL;
	}
	if (!strcmp(cmd, "fini")) {
		lbk_step_end(st);
		return 0;
	}
	if (!strcmp(cmd, "prepare")) {
		if (st->state != LBK_READY)
			goto bad_state;
		if (wl->prepare)
			ret = wl->prepare(&st->in);
		if (!ret)
			st->state = LBK_PREPARED;
		return ret;
	}
	if (!strcmp(cmd, "op")) {
		if (st->state != LBK_PREPARED)
			goto bad_state;
		ret = lbk_timed_op(&st->in, &st->m);
		st->state = LBK_DONE;
		st->have_result = !ret;
		return ret;
	}
	if (!strcmp(cmd, "cleanup")) {
		if (st->state != LBK_PREPARED && st->state != LBK_DONE)
			goto bad_state;
		if (wl->cleanup)
			wl->cleanup(&st->in);
		lbk_drain();
		st->state = LBK_READY;
		return 0;
	}
	pr_info("step: unknown command '%.16s' (init, prepare, op, cleanup, fini)\n", cmd);
	return -EINVAL;
bad_state:
	pr_info("step: '%s' out of order (state %d)\n", cmd, st->state);
	return -EINVAL;
}

static ssize_t lbk_step_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct lbk_step *st = file->private_data;
	char buf[LBK_LINE_MAX];
	int ret;

	ret = lbk_get_line(ubuf, count, buf);
	if (ret)
		return ret;
	if (mutex_lock_interruptible(&lbk_lock))
		return -EINTR;
	ret = lbk_step_cmd(st, strim(buf));
	mutex_unlock(&lbk_lock);
	if (ret)
		return ret;
	*ppos = 0;	/* the next read returns the latest result from its start */
	return count;
}

static ssize_t lbk_step_read(struct file *file, char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct lbk_step *st = file->private_data;
	char buf[224];
	int len;

	if (mutex_lock_interruptible(&lbk_lock))
		return -EINTR;
	if (!st->have_result) {
		mutex_unlock(&lbk_lock);
		return -ENODATA;
	}
	len = scnprintf(buf, sizeof(buf), "%llu\t%llu\t%llu\t", st->m.ns,
			st->m.cycles, st->in.ptes);
	len += lbk_fmt_tail(buf + len, sizeof(buf) - len, &st->m);
	mutex_unlock(&lbk_lock);
	/* each op rewinds the file: one read after it returns the line, then EOF */
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static void lbk_step_release_work(struct work_struct *work)
{
	struct lbk_step *st = container_of(work, struct lbk_step, release_work);

	mutex_lock(&lbk_lock);
	lbk_step_end(st);
	mutex_unlock(&lbk_lock);
	kfree(st);
}

/*
 * close() never waits behind a batch run (which may take minutes): when the
 * lock is taken, the session is ended by a worker once the run is over (it
 * stays "busy" until then). Module unload waits for that worker.
 */
static int lbk_step_release(struct inode *inode, struct file *file)
{
	struct lbk_step *st = file->private_data;

	if (mutex_trylock(&lbk_lock)) {
		lbk_step_end(st);
		mutex_unlock(&lbk_lock);
		kfree(st);
		return 0;
	}
	INIT_WORK(&st->release_work, lbk_step_release_work);
	queue_work(lbk_wq, &st->release_work);
	return 0;
}

static const struct file_operations lbk_run_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,
	.write = lbk_run_write,
};

static const struct file_operations lbk_init_mm_fops = {
	.owner = THIS_MODULE,
	.open = nonseekable_open,
	.write = lbk_init_mm_write,
};

static const struct file_operations lbk_samples_fops = {
	.owner = THIS_MODULE,
	.open = lbk_samples_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release,
};

static const struct file_operations lbk_semantics_fops = {
	.owner = THIS_MODULE,
	.open = lbk_semantics_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

static const struct file_operations lbk_step_fops = {
	.owner = THIS_MODULE,
	.open = lbk_step_open,
	.read = lbk_step_read,
	.write = lbk_step_write,
	.release = lbk_step_release,
};

DEFINE_SHOW_ATTRIBUTE(lbk_status);
DEFINE_SHOW_ATTRIBUTE(lbk_info);

static int __init lbk_init(void)
{
	lbk_wq = alloc_workqueue("lazybench", WQ_UNBOUND, 0);
	if (!lbk_wq)
		return -ENOMEM;
	lbk_dir = debugfs_create_dir("lazybench", NULL);
	if (IS_ERR(lbk_dir)) {
		pr_err("cannot create debugfs directory (is CONFIG_DEBUG_FS on?)\n");
		destroy_workqueue(lbk_wq);
		return PTR_ERR(lbk_dir);
	}
	lbk_tp_init();
	debugfs_create_file("run", 0200, lbk_dir, NULL, &lbk_run_fops);
	debugfs_create_file("samples", 0400, lbk_dir, NULL, &lbk_samples_fops);
	debugfs_create_file("status", 0400, lbk_dir, NULL, &lbk_status_fops);
	debugfs_create_file("step", 0600, lbk_dir, NULL, &lbk_step_fops);
	debugfs_create_file("semantics", 0400, lbk_dir, NULL, &lbk_semantics_fops);
	debugfs_create_file("info", 0400, lbk_dir, NULL, &lbk_info_fops);
	debugfs_create_file("init_mm", 0200, lbk_dir, NULL, &lbk_init_mm_fops);
	pr_info("loaded (lazy MMU API: %s, arch: %s)\n", LB_LAZY_API, lb_lazy_arch());
	return 0;
}

static void __exit lbk_exit(void)
{
	debugfs_remove_recursive(lbk_dir);
	destroy_workqueue(lbk_wq);	/* runs any deferred step cleanup first */
	lbk_tp_exit();
	mutex_lock(&lbk_lock);
	lbk_free_result(lbk_last);
	lbk_last = NULL;
	mutex_unlock(&lbk_lock);
}

module_init(lbk_init);
module_exit(lbk_exit);

MODULE_LICENSE("GPL");
#ifdef LB_LAZY_IMPORT_KUNIT_NS
MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
#endif
MODULE_DESCRIPTION("lazybench: time the kernel's lazy MMU mode paths, keeping every sample");
