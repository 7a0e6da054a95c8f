// SPDX-License-Identifier: GPL-2.0
/* lazybench: small shared helpers. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/stats.h"
#include "util.h"

int lb_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	const char *p;

	if (!s || !*s)
		return -1;
	for (p = s; *p; p++) {
		unsigned int d;

		if (*p < '0' || *p > '9')
			return -1;
		d = (unsigned int)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

void lb_oom(void)
{
	fputs("lazybench: out of memory\n", stderr);
	exit(1);
}

void *lb_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		lb_oom();
	return p;
}

void *lb_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		lb_oom();
	return p;
}

char *lb_xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		lb_oom();
	return d;
}

const char *lb_opt_name(const struct option *lopts, int val)
{
	size_t k;

	for (k = 0; lopts[k].name && lopts[k].val != val; k++)
		;
	return lopts[k].name ? lopts[k].name : "?";
}

int lb_getopt(int argc, char **argv, const struct option *lopts, const char **arg,
	      const char **cur)
{
	int at = optind, li = -1, opt = getopt_long(argc, argv, "-:", lopts, &li);
	const char *a = at < argc ? argv[at] : "", *name;
	size_t l;

	*arg = optarg;
	*cur = a;
	if (opt == -1)
		return 0;
	if (opt == 1)
		return strcmp(a, "-") ? 1 : '?';
	if (opt == ':')
		return ':';
	if (opt == '?') {
		name = lb_opt_name(lopts, 'h');
		return !strcmp(a, "-h") && !strcmp(name, "help") ? 'h' : '?';
	}
	/* getopt_long takes an abbreviation: lazybench's commands never did */
	name = li >= 0 ? lopts[li].name : lb_opt_name(lopts, opt);	/* aliases: --style */
	l = strlen(name);
	if (strncmp(a, "--", 2) || strncmp(a + 2, name, l) || (a[2 + l] && a[2 + l] != '='))
		return '?';
	return opt;
}

int lb_no_args(int argc, char **argv, const char *prog, void (*usage)(FILE *f))
{
	static const struct option lopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *arg, *cur, *bad = NULL;
	char pre[64];
	int opt, help = 0;

	if (argc < 2)
		return -1;
	optind = 1;
	opterr = 0;
	while (!bad && (opt = lb_getopt(argc, argv, lopts, &arg, &cur)) != 0)
		if (opt != 'h' || help++)
			bad = cur;
	/* "--" ends the options, but this command has no operands either */
	if (!bad && optind > 1 && !strcmp(argv[optind - 1], "--"))
		bad = argv[optind - 1];
	if (!bad) {
		usage(stdout);
		return 0;
	}
	snprintf(pre, sizeof(pre), "%s: unexpected argument: ", prog);
	lb_puterr(pre, bad);
	return 2;
}

int lb_read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	size_t got = 0;
	int fd;

	if (!len)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (got < len - 1) {
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			close(fd);
			return (int)n;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	while (got && (buf[got - 1] == '\n' || buf[got - 1] == ' '))
		buf[--got] = '\0';
	return 0;
}

/* the values but NaN, sorted, and report/stats.c's one quantile of them */
double lb_quantile(const double *v, size_t n, double q)
{
	double *t, m;
	size_t i, k = 0;

	if (q < 0 || q > 1)
		return NAN;
	t = lb_xrealloc(NULL, n * sizeof(*t));
	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			t[k++] = v[i];
	lb_sort(t, k);
	m = lb_quantile_sorted(t, k, q);
	free(t);
	return m;
}

double lb_median(const double *v, size_t n)
{
	return lb_quantile(v, n, 0.5);
}

double lb_mean(const double *v, size_t n)
{
	double s = 0;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		s += v[i];
		k++;
	}
	return k ? s / (double)k : NAN;
}

double lb_cv(const double *v, size_t n)
{
	double m = lb_mean(v, n), ss = 0;
	size_t i, k = 0;

	if (isnan(m))
		return NAN;
	for (i = 0; i < n; i++) {
		if (isnan(v[i]))
			continue;
		ss += (v[i] - m) * (v[i] - m);
		k++;
	}
	if (k < 2)
		return NAN;
	if (m == 0)
		return ss == 0 ? 0 : NAN;
	return sqrt(ss / (double)(k - 1)) / fabs(m);
}

double lb_per_pte(double raw, uint64_t ptes)
{
	if (isnan(raw) || !ptes)
		return NAN;
	return raw / (double)ptes;
}

void lb_quote(char *buf, size_t len, const char *s, size_t max)
{
	size_t o = 0, i;

	if (!len)
		return;
	for (i = 0; s[i] && o + 5 < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i == max) {
			snprintf(buf + o, len - o, "...");
			return;
		}
		if (c == '\n' || c == '\t' || c == '\r' || c == '\\')
			o += (size_t)snprintf(buf + o, len - o, "\\%c",
					      c == '\n' ? 'n' : c == '\t' ? 't' : c == '\r' ? 'r' : '\\');
		else if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o] = '\0';
}

void lb_puterr(const char *prefix, const char *msg)
{
	const unsigned char *p;

	fputs(prefix, stderr);
	for (p = (const unsigned char *)msg; *p; p++) {
		if (*p == '\n')
			fputs("\\n", stderr);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else
			fputc(*p, stderr);
	}
	fputc('\n', stderr);
}
