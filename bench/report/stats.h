/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Statistics for lazybench compare: descriptive statistics, a percentile bootstrap of the
 * ratio of medians (fixed-seed PRNG: reproducible output), the Mann-Whitney U test
 * (two-sided; exact for small samples without ties, else normal approximation with tie
 * and continuity correction, as SciPy) and Welch's t test.
 */
#ifndef LAZYBENCH_REPORT_STATS_H
#define LAZYBENCH_REPORT_STATS_H

#include <stddef.h>
#include <stdint.h>

struct lb_desc {
	size_t n;
	double median, mean, stddev;	/* stddev: sample (n-1) */
	double cv;			/* stddev / |mean|, as a fraction; NaN if mean is 0 */
	double min, max, q1, q3;	/* quartiles: linear interpolation (NumPy default) */
};

/* x is not modified; n may be 0 (all NaN) */
void lb_describe(const double *x, size_t n, struct lb_desc *d);
/* quantile q in [0,1] of sorted data, linear interpolation between order statistics */
double lb_quantile_sorted(const double *sorted, size_t n, double q);
double lb_stat_median(const double *x, size_t n);

/* Mann-Whitney U, two-sided. u is U of x (number of pairs x > y, ties count 1/2). */
#define LB_MWU_AUTO	0	/* exact when no ties and min(n1, n2) <= 8 (as SciPy 1.10) */
#define LB_MWU_EXACT	1	/* exact null distribution (no tie correction possible) */
#define LB_MWU_ASYMP	2	/* normal approximation, tie + continuity corrected */
int lb_mannwhitney(const double *x, size_t nx, const double *y, size_t ny, int method,
		   double *u, double *p);

/* Welch's unequal-variance t test, two-sided: t, degrees of freedom, p */
int lb_welch(const double *x, size_t nx, const double *y, size_t ny,
	     double *t, double *df, double *p);

/* Student t: two-sided tail probability P(|T| >= |t|) with df degrees of freedom */
double lb_t_two_sided(double t, double df);
/* regularized incomplete beta I_x(a, b) */
double lb_betainc(double a, double b, double x);

/*
 * Percentile bootstrap 95% (level) CI of median(y) / median(x): resamples both samples
 * with replacement, reps times, with a splitmix64/xoshiro256** generator seeded by seed.
 */
int lb_boot_ratio_ci(const double *x, size_t nx, const double *y, size_t ny,
		     unsigned int reps, double level, uint64_t seed, double *lo, double *hi);

#endif
