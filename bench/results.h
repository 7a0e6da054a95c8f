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
	char path[PATH_MAX + 256];	/* current path: <run-id>.incomplete, then <run-id> */
	int published;
};

/* a label is one path component of [A-Za-z0-9._+-], not "." or ".." */
int lb_label_ok(const char *label);
/* can the output root be used (it is a writable directory, or can be created)? */
int lb_out_check(const char *out, char *err, size_t errlen);
/* create <out>/<label>/<run-id>.incomplete/; 0 or -1 (err set) */
int lb_rundir_create(struct lb_rundir *rd, const char *out, const char *label,
		     const char *hostname, time_t now, char *err, size_t errlen);
/* write a file in the run directory through a temp file + rename; fn writes the body */
int lb_write_atomic(const struct lb_rundir *rd, const char *name,
		    void (*fn)(FILE *f, void *arg), void *arg);
/* rename <run-id>.incomplete to <run-id> (or <run-id>-N), never replacing anything */
int lb_rundir_publish(struct lb_rundir *rd, char *err, size_t errlen);
/* renameat2(RENAME_NOREPLACE), falling back to a checked rename() where unsupported */
int lb_rename_noreplace(const char *from, const char *to);

#endif
