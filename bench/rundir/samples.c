// SPDX-License-Identifier: GPL-2.0
/* lazybench: samples.tsv written and read (see samples.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "rundir/samples.h"

void rd_samples_header(FILE *f, const char *const *metrics, size_t n)
{
	size_t i;

	fputs(RD_SAMPLES_FIXED, f);
	for (i = 0; i < n; i++)
		fprintf(f, "\t%s", metrics[i]);
	fputs("\t" RD_SAMPLES_CONTAM "\n", f);
}

void rd_samples_value(char *buf, size_t len, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else if (v == floor(v) && fabs(v) < 1e18)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.6g", v);
}

void rd_samples_row(FILE *f, const char *workload, uint64_t pages, uint64_t ptes,
		    unsigned long rep, const double *v, size_t n, int contam)
{
	char buf[64];
	size_t i;

	fprintf(f, "%s\t%llu\t%llu\t%lu", workload, (unsigned long long)pages,
		(unsigned long long)ptes, rep);
	for (i = 0; i < n; i++) {
		rd_samples_value(buf, sizeof(buf), v[i]);
		fprintf(f, "\t%s", buf);
	}
	/* contam: not a metric, always the last column (common contract) */
	fprintf(f, "\t%s\n", contam < 0 ? "-" : contam ? "1" : "0");
}

size_t rd_split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;

	for (;;) {
		if (n == max)
			return max + 1;
		f[n++] = line;
		line = strchr(line, '\t');
		if (!line)
			return n;
		*line++ = '\0';
	}
}

int rd_lines_open(struct rd_lines *l, const char *path)
{
	memset(l, 0, sizeof(*l));
	l->f = fopen(path, "r");
	return l->f ? 0 : -1;
}

int rd_lines_next(struct rd_lines *l)
{
	ssize_t n = getline(&l->line, &l->cap, l->f);

	if (n < 0)
		return ferror(l->f) ? -1 : 0;
	l->lineno++;
	l->len = (size_t)n;
	l->newline = n && l->line[n - 1] == '\n';
	if (l->newline)
		l->line[--l->len] = '\0';
	return 1;
}

void rd_lines_close(struct rd_lines *l)
{
	if (l->f)
		fclose(l->f);
	free(l->line);
	memset(l, 0, sizeof(*l));
}
