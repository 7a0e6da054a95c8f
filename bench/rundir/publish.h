/* SPDX-License-Identifier: GPL-2.0 */
/* lazybench: result directories (docs/FORMAT.md): created, filled, published atomically. */
#ifndef LAZYBENCH_RESULTS_H
#define LAZYBENCH_RESULTS_H

#include <limits.h>
#include <stdio.h>
#include <time.h>

struct lb_rundir {
	char label_dir[PATH_MAX];
	char run_id[160];
	char path[PATH_MAX + 256];	/* current path: .<run-id>.new, <run-id>.incomplete,
					   then <run-id> */
	int published;
	int opened;			/* renamed to <run-id>.incomplete */
};

/* room a run's own names need below <out>/<label> (run id, .incomplete, temp files) */
#define LB_RUN_PATH_ROOM 200
#define LB_LABEL_MAX 200
/*
 * a label is one path component of [A-Za-z0-9._+-], at most 200 characters, not starting
 * with '.' and not ending in ".incomplete" (readers skip or refuse those names)
 */
int lb_label_ok(const char *label);
/* why label is not a label, or NULL */
const char *lb_label_why(const char *label);
/*
 * can the output root be used: a writable directory on a real file system (not /proc,
 * /sys, ...) and not inside a run directory, or one that can be created there; a
 * dangling symlink, a '..' after a component that does not exist and a path too long
 * for a run's files are refused
 */
int lb_out_check(const char *out, char *err, size_t errlen);
/* and <out>/<label>: absent, or a writable directory */
int lb_label_dir_check(const char *out, const char *label, char *err, size_t errlen);
/*
 * Create the hidden staging directory <out>/<label>/.<run-id>.new/ (readers skip dot
 * entries: an early SIGKILL leaves nothing a reader would open). The run id,
 * YYYYmmdd-HHMMSS-<hostname>[-<suffix>] of now, is one that neither <run-id> nor
 * <run-id>.incomplete nor a staging directory holds (else -2, -3... is appended). 0 or -1.
 */
int lb_rundir_create(struct lb_rundir *rd, const char *out, const char *label,
		     const char *hostname, time_t now, const char *suffix, char *err,
		     size_t errlen);
/*
 * a free run id in label_dir for now and suffix (as lb_rundir_create() picks one, without
 * creating anything) into rd->run_id; 0 or -1
 */
int lb_rundir_id(struct lb_rundir *rd, const char *label_dir, const char *hostname,
		 time_t now, const char *suffix);
/* once meta.json and the samples header are in it: rename it to <run-id>.incomplete */
int lb_rundir_open(struct lb_rundir *rd, char *err, size_t errlen);
/*
 * write a file in the run directory through a temp file + fsync + rename; fn writes the
 * body. 0 or -errno (ENOSPC, EIO, ...): the old file, if any, is left as it was.
 */
int lb_write_atomic(const struct lb_rundir *rd, const char *name,
		    void (*fn)(FILE *f, void *arg), void *arg);
/* fsync a directory (the run directory, or its label directory after a rename); -errno */
int lb_fsync_dir(const char *path);
/*
 * Space and inodes kept in reserve (hidden .summary.txt.reserve and .meta.json.reserve
 * in the run directory, bytes each) so that a full disk or a file system out of inodes
 * still lets the run write its last summary.txt and meta.json: lb_write_atomic() of
 * either name writes into its reserve; release deletes what is left of them.
 */
int lb_rundir_reserve(const struct lb_rundir *rd, size_t bytes);
void lb_rundir_release(const struct lb_rundir *rd);
/*
 * rename <run-id>.incomplete to <run-id> (or <run-id>-N: rd->run_id then says which),
 * never replacing anything, and fsync the label directory; when that fsync fails, -1
 * with rd->published set (the caller moves the run back: lb_rundir_unpublish)
 */
int lb_rundir_publish(struct lb_rundir *rd, char *err, size_t errlen);
/* renameat2(RENAME_NOREPLACE), falling back to a checked rename() where unsupported */
int lb_rename_noreplace(const char *from, const char *to);
/* rename a published run back to <run-id>.incomplete (a write after publishing failed) */
int lb_rundir_unpublish(struct lb_rundir *rd);

#endif
