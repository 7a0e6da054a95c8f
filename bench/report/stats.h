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
/*
 * quantile q in [0,1] of sorted data, linear interpolation between order statistics
 * (R's type 7): the one quantile of lazybench (util.h's lb_quantile sorts and calls it)
 */
double lb_quantile_sorted(const double *sorted, size_t n, double q);
/* x[0..n) in ascending order (no NaN in it) */
void lb_sort(double *x, size_t n);
double lb_stat_median(const double *x, size_t n);

/* Mann-Whitney U, two-sided. u is U of x (number of pairs x > y, ties count 1/2). */
#define LB_MWU_AUTO	0	/* exact when no ties and min(n1, n2) <= 8 (as SciPy 1.10) */
#define LB_MWU_EXACT	1	/* exact null distribution (no tie correction possible) */
#define LB_MWU_ASYMP	2	/* normal approximation, tie + continuity corrected */
int lb_mannwhitney(const double *x, size_t nx, const double *y, size_t ny, int method,
		   double *u, double *p);

/*
 * Welch's unequal-variance t test, two-sided: t, degrees of freedom, p. When neither
 * sample has any spread, the variance cannot be estimated: t, df and p are NaN.
 */
int lb_welch(const double *x, size_t nx, const double *y, size_t ny,
	     double *t, double *df, double *p);

/* Student t: two-sided tail probability P(|T| >= |t|) with df degrees of freedom */
double lb_t_two_sided(double t, double df);
/* regularized incomplete beta I_x(a, b) */
double lb_betainc(double a, double b, double x);

/* two-sided quantile of Student t: the t > 0 with P(|T| >= t) = p2 */
double lb_t_quantile(double p2, double df);

/* samples grouped by run: run i is v[off[i] .. off[i] + len[i]) */
struct lb_groups {
	const double *v;
	const size_t *off, *len;
	size_t k;
};
#define LB_STAT_MEDIAN	0
#define LB_STAT_MEAN	1

/*
 * Hierarchical percentile bootstrap (Kalibera & Jones 2013): each resample draws k runs
 * with replacement, then the repetitions of each drawn run with replacement, and takes the
 * median (or mean) of the pool; CI at level of stat(y) / stat(x). A single run is not
 * redrawn (the plain bootstrap). Returns 0, 1 when the baseline's statistic was 0 in some
 * resample (the ratio has no bound: lo, hi are NaN, as SciPy's would be), -1 on error.
 * splitmix64/xoshiro256** seeded by seed: reproducible.
 */
int lb_hboot_ratio_ci(const struct lb_groups *x, const struct lb_groups *y, int stat,
		      unsigned int reps, double level, uint64_t seed, double *lo, double *hi);

/* the plain bootstrap of median(y) / median(x): lb_hboot_ratio_ci with one run each */
int lb_boot_ratio_ci(const double *x, size_t nx, const double *y, size_t ny,
		     unsigned int reps, double level, uint64_t seed, double *lo, double *hi);

/*
 * The smallest true difference, in units of the common SD of the two populations, that
 * Welch's two-sided test at level alpha detects with probability power, for normal
 * samples of k0 and k1 values. Exact up to Monte Carlo error: draws (fixed seed, so
 * reproducible) pairs of variance estimates, each with Welch's degrees of freedom, the
 * normal part integrated in closed form. NaN for k < 2.
 */
double lb_welch_mde_factor(size_t k0, size_t k1, double alpha, double power,
			   unsigned int draws);

/*
 * Two-sided permutation test of the difference of the means of x and y (at most 64
 * values): exact (every split) up to 22 values, else draws random splits (fixed seed).
 * Valid whatever the distribution, ties and discrete values included; its smallest p
 * is 1 / C(nx + ny, nx) times 2 (0.33 for 2 and 2, 0.1 for 3 and 3, 0.008 for 5 and 5).
 */
double lb_perm_test(const double *x, size_t nx, const double *y, size_t ny, unsigned int draws);

#endif
