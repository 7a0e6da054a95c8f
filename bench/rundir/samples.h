/* SPDX-License-Identifier: GPL-2.0 */
/*
 * samples.tsv (docs/FORMAT.md): its one writer and its one line reader, also used for
 * the other tab-separated files lazybench reads (the emulator plugin's counts).
 */
#ifndef LAZYBENCH_RUNDIR_SAMPLES_H
#define LAZYBENCH_RUNDIR_SAMPLES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* the columns before the metrics, and the one after them (not a metric) */
#define RD_SAMPLES_FIXED "workload\tpages\tptes\trep"
#define RD_SAMPLES_CONTAM "contam"

/* the header line: the fixed columns, the metric columns (ns first), contam */
void rd_samples_header(FILE *f, const char *const *metrics, size_t n);
/*
 * one row: v[n] in the metrics' order (integers exactly, others %.6g, NaN as "-"),
 * contam 0 clean, 1 contaminated, -1 unknown ("-")
 */
void rd_samples_row(FILE *f, const char *workload, uint64_t pages, uint64_t ptes,
		    unsigned long rep, const double *v, size_t n, int contam);
/* a value as samples.tsv writes it */
void rd_samples_value(char *buf, size_t len, double v);

/* split line in place at tabs: the number of fields, or max + 1 when there are more */
size_t rd_split_tabs(char *line, char **f, size_t max);

/* reading a tab-separated file a line at a time */
struct rd_lines {
	FILE *f;
	char *line;		/* the current line, without its '\n' */
	size_t len;		/* its length (a NUL byte inside: strlen(line) < len) */
	size_t cap;
	size_t lineno;		/* from 1 */
	int newline;		/* it ended with '\n' (not the case for a truncated last line) */
};

/* open path: 0, or -1 with errno set */
int rd_lines_open(struct rd_lines *l, const char *path);
/* the next line: 1, 0 at the end, -1 on a read error */
int rd_lines_next(struct rd_lines *l);
void rd_lines_close(struct rd_lines *l);

#endif
