/* SPDX-License-Identifier: GPL-2.0 */
/* lazybench: small shared helpers (number parsing, files, JSON writing, statistics). */
#ifndef LAZYBENCH_UTIL_H
#define LAZYBENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* strict unsigned decimal: digits only, no sign, no junk, within [min, max]; 0 or -1 */
int lb_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out);

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
