// SPDX-License-Identifier: GPL-2.0
/*
 * lb_vmtest: a deliberately faulty module for lazybench's VM runner tests.
 *
 * Writing "warn" to /sys/kernel/debug/lb_vmtest makes the kernel WARN(), and
 * writing "oops" dereferences a NULL pointer. scripts/vm-run must report both
 * as failed guest runs, with the console log.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/uaccess.h>

static struct dentry *lb_vmtest_file;

static ssize_t lb_vmtest_write(struct file *file, const char __user *ubuf,
			       size_t len, loff_t *ppos)
{
	char buf[8] = {};
	int *nowhere = NULL;

	if (copy_from_user(buf, ubuf, min(len, sizeof(buf) - 1)))
		return -EFAULT;
	if (sysfs_streq(buf, "warn")) {
		WARN(1, "lb_vmtest: deliberate warning\n");
	} else if (sysfs_streq(buf, "oops")) {
		OPTIMIZER_HIDE_VAR(nowhere);
		*nowhere = 1;
	} else {
		return -EINVAL;
	}
	return len;
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
MODULE_DESCRIPTION("lazybench VM runner test: deliberate WARN and oops");
MODULE_LICENSE("GPL");
