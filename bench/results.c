// SPDX-License-Identifier: GPL-2.0
/* lazybench: result directories, atomic files, publish without overwrite. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "results.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

int lb_label_ok(const char *label)
{
	const char *p;

	if (!label || !*label || !strcmp(label, ".") || !strcmp(label, "..") ||
	    strlen(label) > 200)
		return 0;
	for (p = label; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._+-", *p)))
			return 0;
	return 1;
}

int lb_out_check(const char *out, char *err, size_t errlen)
{
	char p[PATH_MAX];
	struct stat st;
	size_t n;

	if (!out || !*out || strlen(out) >= sizeof(p) - 256) {
		snprintf(err, errlen, "bad --out directory");
		return -1;
	}
	snprintf(p, sizeof(p), "%s", out);
	for (;;) {
		if (!stat(p, &st)) {
			if (!S_ISDIR(st.st_mode)) {
				snprintf(err, errlen, "--out: '%s' is not a directory", p);
				return -1;
			}
			if (access(p, W_OK | X_OK)) {
				snprintf(err, errlen, "--out: '%s' is not writable: %s", p,
					 strerror(errno));
				return -1;
			}
			return 0;
		}
		if (errno != ENOENT) {
			snprintf(err, errlen, "--out: '%s': %s", p, strerror(errno));
			return -1;
		}
		/* go to the parent */
		n = strlen(p);
		while (n > 1 && p[n - 1] == '/')
			p[--n] = '\0';
		while (n > 0 && p[n - 1] != '/')
			n--;
		while (n > 1 && p[n - 1] == '/')
			n--;
		if (n == 0)
			snprintf(p, sizeof(p), ".");
		else
			p[n] = '\0';
	}
}

static int mkdir_p(const char *path)
{
	char p[PATH_MAX];
	size_t i;

	snprintf(p, sizeof(p), "%s", path);
	for (i = 1; p[i]; i++) {
		if (p[i] != '/')
			continue;
		p[i] = '\0';
		if (mkdir(p, 0777) && errno != EEXIST)
			return -1;
		p[i] = '/';
	}
	if (mkdir(p, 0777) && errno != EEXIST)
		return -1;
	return 0;
}

static int exists(const char *p)
{
	struct stat st;

	return !lstat(p, &st) || errno != ENOENT;
}

int lb_rundir_create(struct lb_rundir *rd, const char *out, const char *label,
		     const char *hostname, time_t now, char *err, size_t errlen)
{
	char host[64], base[128], fin[PATH_MAX + 200];
	struct tm tm;
	size_t i;
	int n;

	memset(rd, 0, sizeof(*rd));
	if (snprintf(rd->label_dir, sizeof(rd->label_dir), "%s/%s", out, label) >=
	    (int)sizeof(rd->label_dir) - 200) {
		snprintf(err, errlen, "output path too long");
		return -1;
	}
	if (mkdir_p(rd->label_dir)) {
		snprintf(err, errlen, "cannot create %s: %s", rd->label_dir, strerror(errno));
		return -1;
	}
	snprintf(host, sizeof(host), "%s", hostname && *hostname ? hostname : "host");
	for (i = 0; host[i]; i++)
		if (!((host[i] >= 'a' && host[i] <= 'z') || (host[i] >= 'A' && host[i] <= 'Z') ||
		      (host[i] >= '0' && host[i] <= '9') || host[i] == '-' || host[i] == '.'))
			host[i] = '_';
	gmtime_r(&now, &tm);
	snprintf(base, sizeof(base), "%04d%02d%02d-%02d%02d%02d-%s", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, host);
	for (n = 1; n < 1000; n++) {
		if (n == 1)
			snprintf(rd->run_id, sizeof(rd->run_id), "%s", base);
		else
			snprintf(rd->run_id, sizeof(rd->run_id), "%s-%d", base, n);
		snprintf(fin, sizeof(fin), "%s/%s", rd->label_dir, rd->run_id);
		if (exists(fin))
			continue;
		snprintf(rd->path, sizeof(rd->path), "%s/%s.incomplete", rd->label_dir,
			 rd->run_id);
		if (!mkdir(rd->path, 0777))
			return 0;
		if (errno != EEXIST) {
			snprintf(err, errlen, "cannot create %s: %s", rd->path, strerror(errno));
			return -1;
		}
	}
	snprintf(err, errlen, "no free run id under %s", rd->label_dir);
	return -1;
}

int lb_write_atomic(const struct lb_rundir *rd, const char *name,
		    void (*fn)(FILE *f, void *arg), void *arg)
{
	char tmp[PATH_MAX + 400], dst[PATH_MAX + 400];
	FILE *f;
	int fd, bad;

	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", rd->path, name);
	snprintf(dst, sizeof(dst), "%s/%s", rd->path, name);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		return -ENOMEM;
	}
	fn(f, arg);
	bad = fflush(f) || ferror(f);
	if (!bad)
		fsync(fd);
	if (fclose(f) || bad) {
		unlink(tmp);
		return -EIO;
	}
	if (rename(tmp, dst)) {
		int e = errno;

		unlink(tmp);
		return -e;
	}
	return 0;
}

int lb_rename_noreplace(const char *from, const char *to)
{
	if (!syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	/* file systems without RENAME_NOREPLACE (9p, old kernels): check, then rename */
	if (exists(to)) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

int lb_rundir_publish(struct lb_rundir *rd, char *err, size_t errlen)
{
	char base[160], fin[PATH_MAX + 200];
	int n;

	snprintf(base, sizeof(base), "%s", rd->run_id);
	for (n = 1; n < 1000; n++) {
		if (n == 1)
			snprintf(rd->run_id, sizeof(rd->run_id), "%s", base);
		else
			snprintf(rd->run_id, sizeof(rd->run_id), "%.140s-%d", base, n);
		snprintf(fin, sizeof(fin), "%s/%s", rd->label_dir, rd->run_id);
		if (!lb_rename_noreplace(rd->path, fin)) {
			snprintf(rd->path, sizeof(rd->path), "%s", fin);
			rd->published = 1;
			return 0;
		}
		if (errno != EEXIST && errno != ENOTEMPTY) {
			snprintf(err, errlen, "cannot publish %s: %s", rd->path, strerror(errno));
			return -1;
		}
	}
	snprintf(err, errlen, "cannot publish %s: no free run id", rd->path);
	return -1;
}
