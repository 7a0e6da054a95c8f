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

void lb_sort(double *x, size_t n)
{
	qsort(x, n, sizeof(*x), cmp_double);
}

static double *sorted_copy(const double *x, size_t n)
{
	double *s = malloc((n ? n : 1) * sizeof(*s));

	if (!s)
		return NULL;
	memcpy(s, x, n * sizeof(*s));
	lb_sort(s, n);
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

/*
 * Largest magnitude of x; sums are taken of x / scale when it is huge, so that a mean or
 * a stddev of values near DBL_MAX does not overflow to inf. Values of ordinary size are
 * summed as they are (bit-identical results).
 */
static double sum_scale(const double *x, size_t n)
{
	double m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (fabs(x[i]) > m)
			m = fabs(x[i]);
	return m > 1e150 ? m : 1;
}

void lb_describe(const double *x, size_t n, struct lb_desc *d)
{
	double *s, sum = 0, ss = 0, k, mean;
	size_t i;

	d->n = n;
	d->median = d->mean = d->stddev = d->cv = NAN;
	d->min = d->max = d->q1 = d->q3 = NAN;
	if (!n)
		return;
	s = sorted_copy(x, n);
	if (!s)
		return;
	k = sum_scale(x, n);
	for (i = 0; i < n; i++)
		sum += x[i] / k;
	mean = sum / (double)n;
	for (i = 0; i < n; i++)
		ss += (x[i] / k - mean) * (x[i] / k - mean);
	d->mean = mean * k;
	if (n > 1)
		d->stddev = sqrt(ss / (double)(n - 1)) * k;
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

/* one step of the modified Lentz method with coefficient aa: the factor of h */
static double lentz_step(double aa, double *c, double *d, double tiny)
{
	*d = 1 + aa * *d;
	if (fabs(*d) < tiny)
		*d = tiny;
	*c = 1 + aa / *c;
	if (fabs(*c) < tiny)
		*c = tiny;
	*d = 1 / *d;
	return *d * *c;
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
		h *= lentz_step(aa, &c, &d, tiny);
		aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
		del = lentz_step(aa, &c, &d, tiny);
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
	double vx, vy, se2, kx = sum_scale(x, nx), ky = sum_scale(y, ny);
	double k = kx > ky ? kx : ky;

	*t = *df = *p = NAN;
	if (nx < 2 || ny < 2)
		return -1;
	lb_describe(x, nx, &dx);
	lb_describe(y, ny, &dy);
	/* t is scale-free: work in units of k so that squares of huge values stay finite */
	vx = (dx.stddev / k) * (dx.stddev / k) / (double)nx;
	vy = (dy.stddev / k) * (dy.stddev / k) / (double)ny;
	se2 = vx + vy;
	/* no spread beyond the rounding of the mean of equal values counts as none */
	if (!(sqrt(se2) > 1e-12 * fmax(fabs(dx.mean / k), fabs(dy.mean / k)))) {
		/*
		 * no spread at all: the variance the test needs cannot be estimated, and a
		 * difference of constant samples is no certainty unless the values are exact
		 * counts (the caller's business): no p (SciPy's ttest_ind gives NaN too)
		 */
		return 0;
	}
	*t = (dx.mean / k - dy.mean / k) / sqrt(se2);
	*df = se2 * se2 / (vx * vx / (double)(nx - 1) + vy * vy / (double)(ny - 1));
	*p = lb_t_two_sided(*t, *df);
	return 0;
}

double lb_t_quantile(double p2, double df)
{
	double lo = 0, hi = 1;
	int i;

	if (!(p2 > 0 && p2 < 1) || !(df > 0))
		return NAN;
	while (lb_t_two_sided(hi, df) > p2 && hi < 1e300)
		hi *= 2;
	for (i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
		double mid = (lo + hi) / 2;

		if (lb_t_two_sided(mid, df) > p2)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
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

/* the k-th smallest of b[0..n-1] (0-based), reordering b (Hoare's selection) */
static double select_kth(double *b, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (lo < hi) {
		double pv = b[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;

		while (i <= j) {
			while (b[i] < pv)
				i++;
			while (b[j] > pv)
				j--;
			if (i <= j) {
				double t = b[i];

				b[i] = b[j];
				b[j] = t;
				i++;
				if (!j)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return b[k];
}

/* the median of b (NumPy's linear interpolation), in O(n): b is reordered */
static double median_inplace(double *b, size_t n)
{
	size_t i = (n - 1) / 2, j;
	double lo = select_kth(b, n, i), hi;

	if (n % 2)
		return lo;
	hi = b[i + 1];
	for (j = i + 2; j < n; j++)
		if (b[j] < hi)
			hi = b[j];
	return lo + 0.5 * (hi - lo);
}

static double mean_of(const double *b, size_t n)
{
	double k = sum_scale(b, n), s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += b[i] / k;
	return s / (double)n * k;
}

/*
 * One resample of a set of runs: draw g->k runs with replacement (not when there is a
 * single run), then each drawn run's repetitions with replacement, pooled in buf; the
 * median or mean of the pool.
 */
static double resample_stat(struct rng *r, const struct lb_groups *g, int stat, double *buf)
{
	size_t i, j, m = 0;

	for (i = 0; i < g->k; i++) {
		size_t run = g->k > 1 ? rng_below(r, g->k) : 0;
		const double *v = g->v + g->off[run];
		size_t n = g->len[run];

		for (j = 0; j < n; j++)
			buf[m++] = v[rng_below(r, n)];
	}
	return stat == LB_STAT_MEAN ? mean_of(buf, m) : median_inplace(buf, m);
}

static size_t groups_max_pool(const struct lb_groups *g)
{
	size_t i, mx = 0;

	for (i = 0; i < g->k; i++)
		if (g->len[i] > mx)
			mx = g->len[i];
	return mx * g->k;
}

int lb_hboot_ratio_ci(const struct lb_groups *x, const struct lb_groups *y, int stat,
		      unsigned int reps, double level, uint64_t seed, double *lo, double *hi)
{
	struct rng r;
	double *buf, *ratios;
	size_t nb = groups_max_pool(x), ny = groups_max_pool(y);
	unsigned int i, zero = 0;

	*lo = *hi = NAN;
	if (!nb || !ny || !reps)
		return -1;
	buf = malloc((nb > ny ? nb : ny) * sizeof(*buf));
	ratios = malloc(reps * sizeof(*ratios));
	if (!buf || !ratios) {
		free(buf);
		free(ratios);
		return -1;
	}
	for (i = 0; i < 4; i++)
		r.s[i] = splitmix64(&seed);
	for (i = 0; i < reps; i++) {
		double mx = resample_stat(&r, x, stat, buf);
		double my = resample_stat(&r, y, stat, buf);

		/* a zero baseline makes the ratio inf or NaN: the interval has no bound */
		if (mx == 0)
			zero++;
		ratios[i] = my / mx;
	}
	free(buf);
	if (!zero) {
		lb_sort(ratios, reps);
		*lo = lb_quantile_sorted(ratios, reps, (1 - level) / 2);
		*hi = lb_quantile_sorted(ratios, reps, 1 - (1 - level) / 2);
	}
	free(ratios);
	return zero ? 1 : 0;
}

int lb_boot_ratio_ci(const double *x, size_t nx, const double *y, size_t ny,
		     unsigned int reps, double level, uint64_t seed, double *lo, double *hi)
{
	size_t zero = 0;
	struct lb_groups gx = { x, &zero, &nx, 1 }, gy = { y, &zero, &ny, 1 };

	*lo = *hi = NAN;
	if (!nx || !ny)
		return -1;
	return lb_hboot_ratio_ci(&gx, &gy, LB_STAT_MEDIAN, reps, level, seed, lo, hi);
}

/* ---- power of Welch's test ---- */

static double rng_unit(struct rng *r)
{
	return ((double)(rng_next(r) >> 11) + 0.5) * 0x1.0p-53;	/* (0, 1) */
}

static double rng_normal(struct rng *r)
{
	return sqrt(-2 * log(rng_unit(r))) * cos(2 * M_PI * rng_unit(r));
}

/* Gamma(a, 1) (Marsaglia and Tsang 2000; a < 1 by the a + 1 boost) */
static double rng_gamma(struct rng *r, double a)
{
	double d, c, x, v, u;

	if (a < 1)
		return rng_gamma(r, a + 1) * pow(rng_unit(r), 1 / a);
	d = a - 1.0 / 3;
	c = 1 / sqrt(9 * d);
	for (;;) {
		do {
			x = rng_normal(r);
			v = 1 + c * x;
		} while (v <= 0);
		v = v * v * v;
		u = rng_unit(r);
		if (log(u) < 0.5 * x * x + d - d * v + d * log(v))
			return d * v;
	}
}

static double norm_cdf(double z)
{
	return 0.5 * erfc(-z / M_SQRT2);
}

double lb_welch_mde_factor(size_t k0, size_t k1, double alpha, double power,
			   unsigned int draws)
{
	double n0 = (double)k0 - 1, n1 = (double)k1 - 1, sd = sqrt(1 / (double)k0 + 1 / (double)k1);
	double dmin, dmax, lo, hi, *c, tab[257], x0, x1;
	uint64_t seed = 0x5eed5eedULL;
	struct rng r;
	unsigned int i, it, j;

	if (k0 < 2 || k1 < 2 || !draws || !(alpha > 0 && alpha < 1) || !(power > 0 && power < 1))
		return NAN;
	c = malloc(draws * sizeof(*c));
	if (!c)
		return NAN;
	for (i = 0; i < 4; i++)
		r.s[i] = splitmix64(&seed);
	/* t(1 - alpha/2, df) tabulated in 1/df over Welch's range of df, then interpolated */
	dmin = n0 < n1 ? n0 : n1;
	dmax = n0 + n1;
	x0 = 1 / dmax;
	x1 = 1 / dmin;
	for (j = 0; j <= 256; j++)
		tab[j] = lb_t_quantile(alpha, 1 / (x0 + (x1 - x0) * j / 256));
	for (i = 0; i < draws; i++) {
		/* the variance estimates of the two columns, common SD 1 */
		double v0 = 2 * rng_gamma(&r, n0 / 2) / n0 / (double)k0;
		double v1 = 2 * rng_gamma(&r, n1 / 2) / n1 / (double)k1;
		double df = (v0 + v1) * (v0 + v1) / (v0 * v0 / n0 + v1 * v1 / n1), f, t;

		f = x1 > x0 ? (1 / df - x0) / (x1 - x0) * 256 : 0;
		if (f < 0)
			f = 0;
		if (f > 256)
			f = 256;
		j = (unsigned int)f;
		t = j >= 256 ? tab[256] : tab[j] + (f - j) * (tab[j + 1] - tab[j]);
		c[i] = t * sqrt(v0 + v1);	/* reject when |mean difference| > c */
	}
	/*
	 * the power at a true difference d: the mean difference is N(d, sd) independent of
	 * the variance estimates, so P(reject) = E[Phi((d - c) / sd) + Phi((-d - c) / sd)]
	 */
	lo = 0;
	hi = 1;
	for (;;) {
		double pw = 0;

		for (i = 0; i < draws; i++)
			pw += norm_cdf((hi - c[i]) / sd) + norm_cdf((-hi - c[i]) / sd);
		if (pw / draws >= power || hi > 1e6)
			break;
		lo = hi;
		hi *= 2;
	}
	for (it = 0; it < 30; it++) {
		double d = (lo + hi) / 2, pw = 0;

		for (i = 0; i < draws; i++)
			pw += norm_cdf((d - c[i]) / sd) + norm_cdf((-d - c[i]) / sd);
		if (pw / draws >= power)
			hi = d;
		else
			lo = d;
	}
	free(c);
	return (lo + hi) / 2;
}

/* ---- permutation test of the difference of means ---- */

static double perm_stat(const double *v, size_t n, uint64_t inx, double tot, size_t nx)
{
	double sx = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (inx >> i & 1)
			sx += v[i];
	return fabs(sx / (double)nx - (tot - sx) / (double)(n - nx));
}

double lb_perm_test(const double *x, size_t nx, const double *y, size_t ny, unsigned int draws)
{
	size_t n = nx + ny, i;
	double v[64], tot = 0, obs, eps, hit = 0, all = 0;
	uint64_t seed = 0x9e3779b9ULL;
	struct rng r;

	if (!nx || !ny || n > 64)
		return NAN;
	for (i = 0; i < nx; i++)
		v[i] = x[i];
	for (i = 0; i < ny; i++)
		v[nx + i] = y[i];
	for (i = 0; i < n; i++)
		tot += v[i];
	obs = perm_stat(v, n, (1ULL << nx) - 1, tot, nx);
	eps = 1e-9 * (fabs(obs) + 1e-300) + 1e-12 * fabs(tot) / (double)n;
	if (n <= 22) {
		/* every split of the n run summaries into nx and ny */
		uint64_t m;

		for (m = 0; m < 1ULL << n; m++) {
			if ((size_t)__builtin_popcountll(m) != nx)
				continue;
			all++;
			hit += perm_stat(v, n, m, tot, nx) >= obs - eps;
		}
		return hit / all;
	}
	for (i = 0; i < 4; i++)
		r.s[i] = splitmix64(&seed);
	for (all = 0; all < draws; all++) {
		uint64_t m = 0;

		/* a random nx-subset: Floyd's sampling */
		for (i = n - nx; i < n; i++) {
			size_t j = rng_below(&r, i + 1);

			m |= (m >> j & 1) ? 1ULL << i : 1ULL << j;
		}
		hit += perm_stat(v, n, m, tot, nx) >= obs - eps;
	}
	/* the observed split counts as one of the draws (an exact-level Monte Carlo p) */
	return (hit + 1) / (all + 1);
}
