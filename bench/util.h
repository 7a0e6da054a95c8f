/* SPDX-License-Identifier: GPL-2.0 */
/* lazybench: small shared helpers (number parsing, files, JSON writing, statistics). */
#ifndef LAZYBENCH_UTIL_H
#define LAZYBENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* strict unsigned decimal: digits only, no sign, no junk, within [min, max]; 0 or -1 */
int lb_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

/*
 * memory that cannot fail: out of memory prints "lazybench: out of memory" and exits 1
 * (the one place that says it). lb_xrealloc(NULL, n) allocates; n == 0 is one byte.
 */
void lb_oom(void) __attribute__((noreturn));
void *lb_xrealloc(void *p, size_t n);
void *lb_xcalloc(size_t n, size_t size);
char *lb_xstrdup(const char *s);

/*
 * The options of every command, with getopt_long, read in order and spelled out (an
 * alias, two entries with one val, is spelled as its own entry): returns an option's val
 * (with its value in *arg), 1 for an operand (in *arg), 0 at the end (operands after
 * "--" are left from optind), ':' for a missing value (optopt is the option's val), '?'
 * for what is no option: unknown, abbreviated (--rep), a cluster (-hx), a lone '-', a
 * value on a flag (--tap=1). "-h" is --help. *cur is the whole argument read. Set
 * optind = 1 and opterr = 0 first.
 */
struct option;
int lb_getopt(int argc, char **argv, const struct option *lopts, const char **arg,
	      const char **cur);
/* the name of option val in lopts, "?" when none */
const char *lb_opt_name(const struct option *lopts, int val);
/*
 * A command that takes no arguments: `--help` or `-h` alone prints usage on stdout and
 * returns 0; anything else is "PROG: unexpected argument: ARG" (the first) and 2; no
 * argument at all returns -1 (go on).
 */
int lb_no_args(int argc, char **argv, const char *prog, void (*usage)(FILE *f));

/* read a small text file into buf, trailing newlines stripped; 0 or -errno */
int lb_read_text(const char *path, char *buf, size_t len);

/* statistics over n values (NaN values are ignored); NaN when nothing is left */
double lb_median(const double *v, size_t n);
double lb_mean(const double *v, size_t n);
/* quantile q in [0,1] (linear interpolation between order statistics), NaN ignored */
double lb_quantile(const double *v, size_t n, double q);
/* coefficient of variation: sample standard deviation / mean, as a fraction */
double lb_cv(const double *v, size_t n);

/* per-PTE value: raw / ptes, NaN when raw is NaN or ptes is 0 */
double lb_per_pte(double raw, uint64_t ptes);

/*
 * s for a one-line message: newline, tab, CR and backslash as \n \t \r \\, other control
 * bytes as \xNN; after max characters "..." ends it
 */
void lb_quote(char *buf, size_t len, const char *s, size_t max);
/* prefix and msg on stderr as one line: control bytes in msg escaped (\n, \xNN) */
void lb_puterr(const char *prefix, const char *msg);

#endif
