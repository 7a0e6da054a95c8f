// SPDX-License-Identifier: GPL-2.0
/* lazybench: result directories, atomic files, publish without overwrite. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rundir/publish.h"
#include "util.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

const char *lb_label_why(const char *label)
{
	const char *p;
	size_t n = label ? strlen(label) : 0;

	if (!n)
		return "empty";
	if (n > LB_LABEL_MAX)
		return "too long (at most 200 characters)";
	for (p = label; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._+-", *p)))
			return "not a label ([A-Za-z0-9._+-], no '/')";
	/* readers skip dot entries and take *.incomplete for an unfinished run */
	if (label[0] == '.')
		return "not a label (a leading '.' hides it from readers)";
	if (n >= 11 && !strcmp(label + n - 11, ".incomplete"))
		return "not a label (readers take a name ending in .incomplete for an "
		       "unfinished run)";
	return NULL;
}

int lb_label_ok(const char *label)
{
	return !lb_label_why(label);
}

/* pseudo file systems: writable by root, never a place for results */
static const char *pseudo_fs(const char *path)
{
	static const struct { long magic; const char *name; } fs[] = {
		{ 0x9fa0, "proc" }, { 0x62656572, "sysfs" }, { 0x64626720, "debugfs" },
		{ 0x74726163, "tracefs" }, { 0x27e0eb, "cgroup" }, { 0x63677270, "cgroup2" },
		{ 0x73636673, "securityfs" }, { 0x6e736673, "nsfs" }, { 0xcafe4a11, "bpf" },
		{ 0x1cd1, "devpts" }, { 0x42494e4d, "binfmt_misc" }, { 0x6165676c, "pstore" },
		{ 0xde5e81e4, "efivarfs" }, { 0x50495045, "pipefs" },
	};
	struct statfs sf;
	size_t i;

	if (statfs(path, &sf))
		return NULL;
	for (i = 0; i < sizeof(fs) / sizeof(fs[0]); i++)
		if ((long)sf.f_type == fs[i].magic)
			return fs[i].name;
	return NULL;
}

/* a run directory (meta.json and samples.tsv in it): nothing goes inside one */
static int is_run_dir(const char *p)
{
	char f[PATH_MAX + 32];
	struct stat st;

	snprintf(f, sizeof(f), "%s/meta.json", p);
	if (lstat(f, &st))
		return 0;
	snprintf(f, sizeof(f), "%s/samples.tsv", p);
	return !lstat(f, &st);
}

/* the run directory that holds the existing directory p (or is p), into run; 0 if none */
static int inside_run(const char *p, char *run, size_t len)
{
	char *real = realpath(p, NULL);
	size_t n;
	int r = 0;

	if (!real)
		return 0;
	for (;;) {
		if (is_run_dir(real)) {
			snprintf(run, len, "%s", real);
			r = 1;
			break;
		}
		n = strlen(real);
		while (n > 1 && real[n - 1] != '/')
			n--;
		if (n <= 1) {
			if (real[1] && is_run_dir("/")) {
				snprintf(run, len, "/");
				r = 1;
			}
			break;
		}
		real[n - 1] = '\0';
	}
	free(real);
	return r;
}

/* an existing directory we may write results into; else err says why */
static int dir_usable(const char *what, const char *path, char *err, size_t errlen)
{
	char p[160], run[PATH_MAX], q[160];
	struct stat st;
	const char *fs;
	char *real;

	lb_quote(p, sizeof(p), path, 100);
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && stat(path, &st)) {
		snprintf(err, errlen, "%s: '%s' is a dangling symlink", what, p);
		return -1;
	}
	if (stat(path, &st)) {
		snprintf(err, errlen, "%s: '%s': %s", what, p, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: '%s' is not a directory", what, p);
		return -1;
	}
	fs = pseudo_fs(path);
	if (fs) {
		snprintf(err, errlen, "%s: '%s' is on %s, not a file system for results", what,
			 p, fs);
		return -1;
	}
	/* a tmpfs mounted below /sys or /proc (/sys/fs/cgroup in some containers) */
	real = realpath(path, NULL);
	if (real && (!strncmp(real, "/sys/", 5) || !strncmp(real, "/proc/", 6))) {
		snprintf(err, errlen, "%s: '%s' is below %s, not a place for results", what, p,
			 real[1] == 's' ? "/sys" : "/proc");
		free(real);
		return -1;
	}
	free(real);
	if (inside_run(path, run, sizeof(run))) {
		lb_quote(q, sizeof(q), run, 100);
		snprintf(err, errlen, "%s: '%s' is inside the run directory '%s': results go "
			 "next to runs, never into one", what, p, q);
		return -1;
	}
	if (access(path, W_OK | X_OK)) {
		snprintf(err, errlen, "%s: '%s' is not writable: %s", what, p, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * '..' after a component that does not exist yet: mkdir -p would create that component
 * and then climb out of it, somewhere the checks below never looked (a long ../ chain
 * into /proc). Refused: 1 with err set.
 */
static int dotdot_after_missing(const char *out, char *err, size_t errlen)
{
	char p[PATH_MAX], q[160], m[160];
	size_t i = 0, start, mlen = 0;
	struct stat st;
	int missing = 0;

	snprintf(p, sizeof(p), "%s", out);
	while (p[i]) {
		while (p[i] == '/')
			i++;
		start = i;
		while (p[i] && p[i] != '/')
			i++;
		if (i == start)
			break;
		if (i - start == 2 && p[start] == '.' && p[start + 1] == '.' && missing) {
			lb_quote(q, sizeof(q), out, 100);
			p[mlen] = '\0';
			lb_quote(m, sizeof(m), p, 100);
			snprintf(err, errlen, "--out: '%s': '..' after '%s', which does not exist "
				 "(it would be created and left)", q, m);
			return 1;
		}
		{
			char c = p[i];

			p[i] = '\0';
			if (!missing && lstat(p, &st) && errno == ENOENT) {
				missing = 1;
				mlen = i;
			}
			p[i] = c;
		}
	}
	return 0;
}

int lb_out_check(const char *out, char *err, size_t errlen)
{
	char p[PATH_MAX], q[160];
	struct stat st;
	size_t n;

	if (!out || !*out) {
		snprintf(err, errlen, "--out: empty directory name");
		return -1;
	}
	if (strlen(out) >= PATH_MAX - LB_RUN_PATH_ROOM) {
		lb_quote(q, sizeof(q), out, 60);
		snprintf(err, errlen, "--out: '%s' is too long (%zu characters; at most %d, "
			 "so that a run's files stay within PATH_MAX)", q, strlen(out),
			 PATH_MAX - LB_RUN_PATH_ROOM - 1);
		return -1;
	}
	if (dotdot_after_missing(out, err, errlen))
		return -1;
	snprintf(p, sizeof(p), "%s", out);
	for (;;) {
		if (!lstat(p, &st))
			return dir_usable("--out", p, err, errlen);
		if (errno != ENOENT) {
			lb_quote(q, sizeof(q), p, 100);
			snprintf(err, errlen, "--out: '%s': %s", q, strerror(errno));
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

int lb_label_dir_check(const char *out, const char *label, char *err, size_t errlen)
{
	char p[PATH_MAX + 256], q[160];
	struct stat st;

	if (strlen(out) + 1 + strlen(label) >= PATH_MAX - LB_RUN_PATH_ROOM) {
		snprintf(err, errlen, "--out and --label: %zu characters together, at most %d "
			 "(so that a run's files stay within PATH_MAX)",
			 strlen(out) + 1 + strlen(label), PATH_MAX - LB_RUN_PATH_ROOM - 1);
		return -1;
	}
	if (snprintf(p, sizeof(p), "%s/%s", out, label) >= (int)sizeof(p))
		return -1;	/* not reached: checked above */
	if (lstat(p, &st)) {
		if (errno == ENOENT || errno == ENOTDIR)	/* created later / --out checked */
			return 0;
		lb_quote(q, sizeof(q), p, 100);
		snprintf(err, errlen, "--out: label directory '%s': %s", q, strerror(errno));
		return -1;
	}
	return dir_usable("--out: label directory", p, err, errlen);
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

/* 1: something is there (or the name cannot be used: errno says why), 0: free */
static int exists(const char *p)
{
	struct stat st;

	return !lstat(p, &st) || errno != ENOENT;
}

/* YYYYmmdd-HHMMSS-<hostname>[-<suffix>] of now */
static void id_base(char *base, size_t len, const char *hostname, time_t now,
		    const char *suffix)
{
	char host[64];
	struct tm tm;
	size_t i;

	snprintf(host, sizeof(host), "%s", hostname && *hostname ? hostname : "host");
	for (i = 0; host[i]; i++)
		if (!((host[i] >= 'a' && host[i] <= 'z') || (host[i] >= 'A' && host[i] <= 'Z') ||
		      (host[i] >= '0' && host[i] <= '9') || host[i] == '-' || host[i] == '.'))
			host[i] = '_';
	gmtime_r(&now, &tm);
	snprintf(base, len, "%04d%02d%02d-%02d%02d%02d-%s%s%.16s", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, host,
		 suffix && *suffix ? "-" : "", suffix ? suffix : "");
}

/*
 * the n-th candidate id (base, base-2, ...): 1 when <id> or <id>.incomplete is there,
 * 0 when free, -1 (err set) when the name cannot be used
 */
static int id_taken(struct lb_rundir *rd, const char *base, int n, char *err, size_t errlen)
{
	static const char *const fmt[] = { "%s/%s", "%s/%s.incomplete" };
	char fin[PATH_MAX + 200];
	size_t k;

	if (n == 1)
		snprintf(rd->run_id, sizeof(rd->run_id), "%s", base);
	else
		snprintf(rd->run_id, sizeof(rd->run_id), "%s-%d", base, n);
	for (k = 0; k < 2; k++) {
		struct stat sb;

		snprintf(fin, sizeof(fin), fmt[k], rd->label_dir, rd->run_id);
		if (!lstat(fin, &sb))
			return 1;
		if (errno != ENOENT) {
			snprintf(err, errlen, "cannot use %s: %s", fin, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int lb_rundir_create(struct lb_rundir *rd, const char *out, const char *label,
		     const char *hostname, time_t now, const char *suffix, char *err,
		     size_t errlen)
{
	char base[128];
	int n, t;

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
	id_base(base, sizeof(base), hostname, now, suffix);
	for (n = 1; n < 1000; n++) {
		t = id_taken(rd, base, n, err, errlen);
		if (t < 0)
			return -1;
		if (t)
			continue;
		snprintf(rd->path, sizeof(rd->path), "%s/.%s.new", rd->label_dir, rd->run_id);
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

int lb_rundir_id(struct lb_rundir *rd, const char *label_dir, const char *hostname,
		 time_t now, const char *suffix)
{
	char base[128], err[16];
	int n, t;

	memset(rd, 0, sizeof(*rd));
	snprintf(rd->label_dir, sizeof(rd->label_dir), "%s", label_dir);
	id_base(base, sizeof(base), hostname, now, suffix);
	for (n = 1; n < 1000; n++) {
		t = id_taken(rd, base, n, err, sizeof(err));
		if (t <= 0)
			return t;
	}
	return -1;
}

int lb_rundir_open(struct lb_rundir *rd, char *err, size_t errlen)
{
	char inc[PATH_MAX + 256];

	snprintf(inc, sizeof(inc), "%s/%s.incomplete", rd->label_dir, rd->run_id);
	if (lb_rename_noreplace(rd->path, inc)) {
		snprintf(err, errlen, "cannot rename %s to %s: %s", rd->path, inc, strerror(errno));
		return -1;
	}
	snprintf(rd->path, sizeof(rd->path), "%s", inc);
	rd->opened = 1;
	lb_fsync_dir(rd->label_dir);
	return 0;
}

int lb_fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r = 0;

	if (fd < 0)
		return -errno;
	/* only a lost write is a failure; EINVAL etc.: the file system cannot sync dirs */
	if (fsync(fd) && (errno == EIO || errno == ENOSPC || errno == EDQUOT))
		r = -errno;
	close(fd);
	return r;
}

/* the files whose last version must still fit on a full disk (or file system) */
static const char *const reserved[] = { "summary.txt", "meta.json" };

static void reserve_path(char *p, size_t len, const char *dir, const char *name)
{
	snprintf(p, len, "%s/.%s.reserve", dir, name);
}

int lb_rundir_reserve(const struct lb_rundir *rd, size_t bytes)
{
	char p[PATH_MAX + 400];
	size_t i;
	int fd, r = 0;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]) && !r; i++) {
		reserve_path(p, sizeof(p), rd->path, reserved[i]);
		fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (fd < 0)
			return -errno;
		if (posix_fallocate(fd, 0, (off_t)bytes)) {
			static const char zero[4096];
			size_t done;

			for (done = 0; done < bytes && !r; done += sizeof(zero))
				if (write(fd, zero, sizeof(zero)) != (ssize_t)sizeof(zero))
					r = -ENOSPC;
		}
		if (fsync(fd) && !r)
			r = -errno;
		close(fd);
	}
	if (r)
		lb_rundir_release(rd);
	return r;
}

void lb_rundir_release(const struct lb_rundir *rd)
{
	char p[PATH_MAX + 400];
	size_t i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		reserve_path(p, sizeof(p), rd->path, reserved[i]);
		unlink(p);
	}
}

int lb_write_atomic(const struct lb_rundir *rd, const char *name,
		    void (*fn)(FILE *f, void *arg), void *arg)
{
	char tmp[PATH_MAX + 400], dst[PATH_MAX + 400], res[PATH_MAX + 400];
	FILE *f;
	int fd, bad, e;

	snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", rd->path, name);
	snprintf(dst, sizeof(dst), "%s/%s", rd->path, name);
	/*
	 * a reserve kept for this file becomes the temp file: its inode and (truncated by
	 * the open) its blocks are what the new version is written into on a full disk
	 */
	reserve_path(res, sizeof(res), rd->path, name);
	(void)rename(res, tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
		return -ENOMEM;
	}
	errno = 0;
	fn(f, arg);
	bad = fflush(f) || ferror(f) || fsync(fd);
	e = errno ? errno : EIO;
	if (fclose(f) || bad) {
		if (!bad)
			e = errno ? errno : EIO;
		unlink(tmp);
		return -e;
	}
	if (rename(tmp, dst)) {
		e = errno;
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
			int r;

			snprintf(rd->path, sizeof(rd->path), "%s", fin);
			rd->published = 1;
			/* a name that may not survive a crash is not published */
			r = lb_fsync_dir(rd->label_dir);
			if (r) {
				snprintf(err, errlen, "syncing %s after publishing: %s",
					 rd->label_dir, strerror(-r));
				return -1;
			}
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

int lb_rundir_unpublish(struct lb_rundir *rd)
{
	char inc[PATH_MAX + 256];

	if (!rd->published)
		return 0;
	snprintf(inc, sizeof(inc), "%s/%s.incomplete", rd->label_dir, rd->run_id);
	if (lb_rename_noreplace(rd->path, inc))
		return -errno;
	snprintf(rd->path, sizeof(rd->path), "%s", inc);
	rd->published = 0;
	lb_fsync_dir(rd->label_dir);
	return 0;
}
