// SPDX-License-Identifier: GPL-2.0
/* lazybench: statistics for compare (see stats.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/stats.h"

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double lb_quantile_sorted(const double *s, size_t n, double q)
{
	double h, f;
	size_t i;

	if (!n)
		return NAN;
	h = q * (double)(n - 1);
	i = (size_t)floor(h);
	if (i >= n - 1)
		return s[n - 1];
	f = h - (double)i;
	return s[i] + f * (s[i + 1] - s[i]);
}

static double *sorted_copy(const double *x, size_t n)
{
	double *s = malloc((n ? n : 1) * sizeof(*s));

	if (!s)
		return NULL;
	memcpy(s, x, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	return s;
}

double lb_stat_median(const double *x, size_t n)
{
	double *s = sorted_copy(x, n), m;

	if (!s)
		return NAN;
	m = lb_quantile_sorted(s, n, 0.5);
	free(s);
	return m;
}

void lb_describe(const double *x, size_t n, struct lb_desc *d)
{
	double *s, sum = 0, ss = 0;
	size_t i;

	d->n = n;
	d->median = d->mean = d->stddev = d->cv = NAN;
	d->min = d->max = d->q1 = d->q3 = NAN;
	if (!n)
		return;
	s = sorted_copy(x, n);
	if (!s)
		return;
	for (i = 0; i < n; i++)
		sum += x[i];
	d->mean = sum / (double)n;
	for (i = 0; i < n; i++)
		ss += (x[i] - d->mean) * (x[i] - d->mean);
	if (n > 1)
		d->stddev = sqrt(ss / (double)(n - 1));
	if (d->mean != 0)
		d->cv = d->stddev / fabs(d->mean);
	d->median = lb_quantile_sorted(s, n, 0.5);
	d->q1 = lb_quantile_sorted(s, n, 0.25);
	d->q3 = lb_quantile_sorted(s, n, 0.75);
	d->min = s[0];
	d->max = s[n - 1];
	free(s);
}

/* standard normal upper tail */
static double norm_sf(double z)
{
	return 0.5 * erfc(z / M_SQRT2);
}

/*
 * Number of arrangements giving each U, for samples of sizes m and n: the coefficients
 * of the Gaussian binomial [m+n choose m]_q = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i).
 * Returns P(U >= k) (including k), or NaN when the table would be too large.
 */
static double mwu_exact_sf(size_t m, size_t n, double k)
{
	size_t deg, i, j;
	double *c, total = 0, tail = 0;

	if (m > n) {
		size_t t = m;

		m = n;
		n = t;
	}
	deg = m * n;
	if (deg > 4000000)
		return NAN;
	c = calloc(deg + 1, sizeof(*c));
	if (!c)
		return NAN;
	c[0] = 1;
	for (i = 1; i <= m; i++) {
		size_t a = n + i;

		/* multiply by (1 - q^a), then divide by (1 - q^i) (a running sum, stride i) */
		for (j = deg; j >= a && j <= deg; j--)
			c[j] -= c[j - a];
		for (j = i; j <= deg; j++)
			c[j] += c[j - i];
	}
	for (j = 0; j <= deg; j++) {
		total += c[j];
		if ((double)j >= k - 1e-9)
			tail += c[j];
	}
	free(c);
	return tail / total;
}

struct ranked {
	double v;
	int from_x;
};

static int cmp_ranked(const void *a, const void *b)
{
	return cmp_double(&((const struct ranked *)a)->v, &((const struct ranked *)b)->v);
}

int lb_mannwhitney(const double *x, size_t nx, const double *y, size_t ny, int method,
		   double *u_out, double *p_out)
{
	size_t n = nx + ny, i, j;
	struct ranked *r;
	double r1 = 0, tie_term = 0, u1, u2, u, mu, s, z, p;
	int ties = 0;

	*u_out = *p_out = NAN;
	if (!nx || !ny)
		return -1;
	r = malloc(n * sizeof(*r));
	if (!r)
		return -1;
	for (i = 0; i < nx; i++)
		r[i] = (struct ranked){ x[i], 1 };
	for (i = 0; i < ny; i++)
		r[nx + i] = (struct ranked){ y[i], 0 };
	qsort(r, n, sizeof(*r), cmp_ranked);
	for (i = 0; i < n; i = j) {
		double t, avg;

		for (j = i + 1; j < n && r[j].v == r[i].v; j++)
			;
		t = (double)(j - i);
		avg = ((double)i + 1 + (double)j) / 2;	/* mean of ranks i+1..j */
		for (size_t k = i; k < j; k++)
			if (r[k].from_x)
				r1 += avg;
		if (t > 1) {
			ties = 1;
			tie_term += t * t * t - t;
		}
	}
	free(r);
	u1 = r1 - (double)nx * ((double)nx + 1) / 2;
	u2 = (double)nx * (double)ny - u1;
	u = u1 > u2 ? u1 : u2;
	if (method == LB_MWU_AUTO)
		method = ((nx > 8 && ny > 8) || ties) ? LB_MWU_ASYMP : LB_MWU_EXACT;
	p = NAN;
	if (method == LB_MWU_EXACT)
		p = 2 * mwu_exact_sf(nx, ny, u);
	if (isnan(p)) {
		mu = (double)nx * (double)ny / 2;
		s = sqrt((double)nx * (double)ny / 12 *
			 (((double)n + 1) - tie_term / ((double)n * ((double)n - 1))));
		if (!(s > 0)) {
			p = 1;	/* every value tied: no evidence of a difference */
		} else {
			z = (u - mu - 0.5) / s;
			p = 2 * norm_sf(z);
		}
	}
	if (p > 1)
		p = 1;
	if (p < 0)
		p = 0;
	*u_out = u1;
	*p_out = p;
	return 0;
}

/* continued fraction for the incomplete beta (modified Lentz) */
static double betacf(double a, double b, double x)
{
	const double tiny = 1e-300, eps = 1e-15;
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;
	int m;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	h = d;
	for (m = 1; m <= 1000; m++) {
		double m2 = 2.0 * m, aa, del;

		aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < eps)
			break;
	}
	return h;
}

double lb_betainc(double a, double b, double x)
{
	double lbt;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	lbt = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
	if (x < (a + 1) / (a + b + 2))
		return exp(lbt) * betacf(a, b, x) / a;
	return 1 - exp(lbt) * betacf(b, a, 1 - x) / b;
}

double lb_t_two_sided(double t, double df)
{
	if (isnan(t) || isnan(df) || df <= 0)
		return NAN;
	if (isinf(t))
		return 0;
	return lb_betainc(df / 2, 0.5, df / (df + t * t));
}

int lb_welch(const double *x, size_t nx, const double *y, size_t ny,
	     double *t, double *df, double *p)
{
	struct lb_desc dx, dy;
	double vx, vy, se2;

	*t = *df = *p = NAN;
	if (nx < 2 || ny < 2)
		return -1;
	lb_describe(x, nx, &dx);
	lb_describe(y, ny, &dy);
	vx = dx.stddev * dx.stddev / (double)nx;
	vy = dy.stddev * dy.stddev / (double)ny;
	se2 = vx + vy;
	if (!(se2 > 0)) {
		/* no spread at all: equal means are no evidence, different ones are */
		*p = dx.mean == dy.mean ? 1 : 0;
		return 0;
	}
	*t = (dx.mean - dy.mean) / sqrt(se2);
	*df = se2 * se2 / (vx * vx / (double)(nx - 1) + vy * vy / (double)(ny - 1));
	*p = lb_t_two_sided(*t, *df);
	return 0;
}

/* xoshiro256** seeded through splitmix64 */
struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t res = rotl(r->s[1] * 5, 7) * 9, t = r->s[1] << 17;

	r->s[2] ^= r->s[0];
	r->s[3] ^= r->s[1];
	r->s[1] ^= r->s[2];
	r->s[0] ^= r->s[3];
	r->s[2] ^= t;
	r->s[3] = rotl(r->s[3], 45);
	return res;
}

static size_t rng_below(struct rng *r, size_t n)
{
	return (size_t)(((unsigned __int128)rng_next(r) * n) >> 64);
}

static double resampled_median(struct rng *r, const double *x, size_t n, double *buf)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = x[rng_below(r, n)];
	qsort(buf, n, sizeof(*buf), cmp_double);
	return lb_quantile_sorted(buf, n, 0.5);
}

int lb_boot_ratio_ci(const double *x, size_t nx, const double *y, size_t ny,
		     unsigned int reps, double level, uint64_t seed, double *lo, double *hi)
{
	struct rng r;
	double *buf, *ratios;
	size_t k = 0;
	unsigned int i;

	*lo = *hi = NAN;
	if (!nx || !ny || !reps)
		return -1;
	buf = malloc((nx > ny ? nx : ny) * sizeof(*buf));
	ratios = malloc(reps * sizeof(*ratios));
	if (!buf || !ratios) {
		free(buf);
		free(ratios);
		return -1;
	}
	for (i = 0; i < 4; i++)
		r.s[i] = splitmix64(&seed);
	for (i = 0; i < reps; i++) {
		double mx = resampled_median(&r, x, nx, buf);
		double my = resampled_median(&r, y, ny, buf);

		if (mx != 0)
			ratios[k++] = my / mx;
	}
	free(buf);
	if (k >= reps / 2) {
		qsort(ratios, k, sizeof(*ratios), cmp_double);
		*lo = lb_quantile_sorted(ratios, k, (1 - level) / 2);
		*hi = lb_quantile_sorted(ratios, k, 1 - (1 - level) / 2);
	}
	free(ratios);
	return isnan(*lo) ? -1 : 0;
}
