// SPDX-License-Identifier: GPL-2.0
/*
 * Checks bench/report/stats.c against tests/report/vectors.txt (reference values computed
 * with SciPy by tests/report/gen-vectors.py). Prints TAP.
 * usage: stats-check VECTORS
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/stats.h"

static int tests, failed;

static void ok(int cond, const char *fmt, const char *name, double got, double want)
{
	tests++;
	if (!cond)
		failed++;
	printf("%sok %d - %s: ", cond ? "" : "not ", tests, name);
	printf(fmt, got, want);
	putchar('\n');
}

static int close_rel(double got, double want, double rel)
{
	if (isnan(want))
		return isnan(got);
	return fabs(got - want) <= rel * fabs(want) + 1e-300;
}

#define MAXN 256

struct vcase {
	char name[64];
	double x[MAXN], y[MAXN];
	size_t nx, ny;
	double k[32];		/* by key index below, NaN when absent */
};

static const char *const keys[] = {
	"median_x", "mean_x", "std_x", "q1_x", "q3_x", "min_x", "max_x", "mwu_u",
	"mwu_p_asymp", "mwu_p_exact", "mwu_p_auto", "welch_t", "welch_p", "boot_lo", "boot_hi",
};
enum { MED, MEAN, STD, Q1, Q3, MIN, MAX, U, PAS, PEX, PAU, WT, WP, BLO, BHI, NKEYS };

static size_t read_list(char *s, double *out)
{
	size_t n = 0;
	char *tok;

	for (tok = strtok(s, " \n"); tok && n < MAXN; tok = strtok(NULL, " \n"))
		out[n++] = strtod(tok, NULL);
	return n;
}

static void check_case(const struct vcase *c)
{
	struct lb_desc d;
	double u, p, t, df, lo, hi, lo2, hi2;
	char n[160];

	lb_describe(c->x, c->nx, &d);
#define CHK(field, key, rel) do {						\
		snprintf(n, sizeof(n), "%s %s", c->name, keys[key]);		\
		ok(close_rel(d.field, c->k[key], rel), "%.12g vs SciPy %.12g", n, d.field, c->k[key]); \
	} while (0)
	CHK(median, MED, 1e-12);
	CHK(mean, MEAN, 1e-12);
	CHK(stddev, STD, 1e-10);
	CHK(q1, Q1, 1e-12);
	CHK(q3, Q3, 1e-12);
	CHK(min, MIN, 0);
	CHK(max, MAX, 0);

	lb_mannwhitney(c->x, c->nx, c->y, c->ny, LB_MWU_ASYMP, &u, &p);
	snprintf(n, sizeof(n), "%s Mann-Whitney U", c->name);
	ok(u == c->k[U], "%.12g vs SciPy %.12g", n, u, c->k[U]);
	snprintf(n, sizeof(n), "%s Mann-Whitney p (normal approximation)", c->name);
	ok(close_rel(p, c->k[PAS], 1e-9), "%.12g vs SciPy %.12g", n, p, c->k[PAS]);
	if (!isnan(c->k[PEX])) {
		lb_mannwhitney(c->x, c->nx, c->y, c->ny, LB_MWU_EXACT, &u, &p);
		snprintf(n, sizeof(n), "%s Mann-Whitney p (exact)", c->name);
		ok(close_rel(p, c->k[PEX], 1e-9), "%.12g vs SciPy %.12g", n, p, c->k[PEX]);
	}
	lb_mannwhitney(c->x, c->nx, c->y, c->ny, LB_MWU_AUTO, &u, &p);
	snprintf(n, sizeof(n), "%s Mann-Whitney p (auto method)", c->name);
	ok(close_rel(p, c->k[PAU], 1e-9), "%.12g vs SciPy %.12g", n, p, c->k[PAU]);

	lb_welch(c->x, c->nx, c->y, c->ny, &t, &df, &p);
	snprintf(n, sizeof(n), "%s Welch t", c->name);
	ok(close_rel(t, c->k[WT], 1e-10), "%.12g vs SciPy %.12g", n, t, c->k[WT]);
	snprintf(n, sizeof(n), "%s Welch p", c->name);
	ok(close_rel(p, c->k[WP], 1e-8), "%.12g vs SciPy %.12g", n, p, c->k[WP]);

	/* different generators: the interval ends agree within a fifth of its width */
	lb_boot_ratio_ci(c->x, c->nx, c->y, c->ny, 20000, 0.95, 1, &lo, &hi);
	snprintf(n, sizeof(n), "%s bootstrap CI low", c->name);
	ok(fabs(lo - c->k[BLO]) <= 0.2 * (c->k[BHI] - c->k[BLO]) + 1e-12,
	   "%.6g vs SciPy %.6g", n, lo, c->k[BLO]);
	snprintf(n, sizeof(n), "%s bootstrap CI high", c->name);
	ok(fabs(hi - c->k[BHI]) <= 0.2 * (c->k[BHI] - c->k[BLO]) + 1e-12,
	   "%.6g vs SciPy %.6g", n, hi, c->k[BHI]);
	lb_boot_ratio_ci(c->x, c->nx, c->y, c->ny, 20000, 0.95, 1, &lo2, &hi2);
	snprintf(n, sizeof(n), "%s bootstrap reproducible with a fixed seed", c->name);
	ok(lo == lo2 && hi == hi2, "%.6g == %.6g", n, lo2, lo);
}

int main(int argc, char **argv)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0, i;
	struct vcase c;
	int ncases = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: stats-check VECTORS\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	memset(&c, 0, sizeof(c));
	while (getline(&line, &cap, f) > 0) {
		char *sp = strchr(line, ' ');

		if (line[0] == '#')
			continue;
		if (!strncmp(line, "end", 3)) {
			check_case(&c);
			ncases++;
			continue;
		}
		if (!sp)
			continue;
		*sp++ = '\0';
		if (!strcmp(line, "case")) {
			memset(&c, 0, sizeof(c));
			for (i = 0; i < NKEYS; i++)
				c.k[i] = NAN;
			snprintf(c.name, sizeof(c.name), "%.*s", (int)strcspn(sp, "\n"), sp);
		} else if (!strcmp(line, "x")) {
			c.nx = read_list(sp, c.x);
		} else if (!strcmp(line, "y")) {
			c.ny = read_list(sp, c.y);
		} else {
			for (i = 0; i < NKEYS; i++)
				if (!strcmp(line, keys[i]))
					c.k[i] = strtod(sp, NULL);
		}
	}
	free(line);
	fclose(f);
	/* the exact null distribution: n1 = n2 = 2 has U in {0..4} with counts 1,1,2,1,1 */
	{
		double x[] = { 1, 2 }, y[] = { 3, 4 }, u, p;

		lb_mannwhitney(x, 2, y, 2, LB_MWU_EXACT, &u, &p);
		ok(u == 0 && fabs(p - 2.0 / 6) < 1e-12, "p %.12g, want %.12g", "exact MWU 2x2",
		   p, 2.0 / 6);
	}
	tests++;
	if (ncases < 5)
		failed++;
	printf("%sok %d - read %d cases from %s\n", ncases >= 5 ? "" : "not ", tests, ncases,
	       argv[1]);
	printf("1..%d\n", tests);
	return failed ? 1 : 0;
}
