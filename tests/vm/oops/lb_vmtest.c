// SPDX-License-Identifier: GPL-2.0
/*
 * lb_vmtest: a deliberately faulty module for lazybench's VM runner tests.
 *
 * Writing "warn" to /sys/kernel/debug/lb_vmtest makes the kernel WARN(), and
 * writing "oops" dereferences a NULL pointer. On a debug kernel, "lockdep"
 * takes two mutexes in both orders (a lockdep report with PROVE_LOCKING),
 * "kasan" reads one byte past a kmalloc()ed object (a KASAN report) and
 * "leak" loses 16 KiB (kmemleak). scripts/vm-run must report each as a
 * failed guest run, with the console log.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

static struct dentry *lb_vmtest_file;
static DEFINE_MUTEX(lb_vmtest_a);
static DEFINE_MUTEX(lb_vmtest_b);

/* A then B, then B then A: a possible circular dependency, no deadlock */
static void lb_vmtest_lockdep(void)
{
	mutex_lock(&lb_vmtest_a);
	mutex_lock(&lb_vmtest_b);
	mutex_unlock(&lb_vmtest_b);
	mutex_unlock(&lb_vmtest_a);
	mutex_lock(&lb_vmtest_b);
	mutex_lock(&lb_vmtest_a);
	mutex_unlock(&lb_vmtest_a);
	mutex_unlock(&lb_vmtest_b);
}

/* one byte past an 8-byte object: in its KASAN redzone */
static int lb_vmtest_kasan(void)
{
	char *p = kmalloc(8, GFP_KERNEL);
	size_t i = 8;

	if (!p)
		return -ENOMEM;
	OPTIMIZER_HIDE_VAR(i);
	READ_ONCE(p[i]);
	kfree(p);
	return 0;
}

/*
 * 16 KiB nothing points to once this returns: from the page allocator, not
 * a slab cache (a small kmalloc() object lost this way was never reported
 * on 7.3.4: something still pointed to it, maybe a stale entry of a per-CPU
 * sheaf of free objects), zeroed so that it points to nothing either.
 */
static int lb_vmtest_leak(void)
{
	void *p = kzalloc(4 * PAGE_SIZE, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	OPTIMIZER_HIDE_VAR(p);
	return 0;
}

static ssize_t lb_vmtest_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	char buf[8] = {};
	int *nowhere = NULL;
	int ret = 0;

	if (copy_from_user(buf, ubuf, min(len, sizeof(buf) - 1)))
		return -EFAULT;
	if (sysfs_streq(buf, "warn")) {
		WARN(1, "lb_vmtest: deliberate warning\n");
	} else if (sysfs_streq(buf, "oops")) {
		OPTIMIZER_HIDE_VAR(nowhere);
		*nowhere = 1;
	} else if (sysfs_streq(buf, "lockdep")) {
		lb_vmtest_lockdep();
	} else if (sysfs_streq(buf, "kasan")) {
		ret = lb_vmtest_kasan();
	} else if (sysfs_streq(buf, "leak")) {
		ret = lb_vmtest_leak();
	} else {
		return -EINVAL;
	}
	return ret ? ret : len;
}

static const struct file_operations lb_vmtest_fops = {
	.owner = THIS_MODULE,
	.write = lb_vmtest_write,
};

static int __init lb_vmtest_init(void)
{
	lb_vmtest_file = debugfs_create_file("lb_vmtest", 0200, NULL, NULL,
					     &lb_vmtest_fops);
	return 0;
}

static void __exit lb_vmtest_exit(void)
{
	debugfs_remove(lb_vmtest_file);
}

module_init(lb_vmtest_init);
module_exit(lb_vmtest_exit);
MODULE_DESCRIPTION("lazybench VM runner test: deliberate WARN, oops, lockdep, KASAN, leak");
MODULE_LICENSE("GPL");
