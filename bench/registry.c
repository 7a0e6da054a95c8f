// SPDX-License-Identifier: GPL-2.0
/* lazybench: the workload registry is the "lb_workloads" linker section. */
#include <stdlib.h>
#include <string.h>

#include "workload.h"

extern const struct lb_workload *const __start_lb_workloads[] __attribute__((weak));
extern const struct lb_workload *const __stop_lb_workloads[] __attribute__((weak));

static const struct lb_workload **sorted;
static size_t nsorted;

static int cmp_wl(const void *a, const void *b)
{
	const struct lb_workload *x = *(const struct lb_workload *const *)a;
	const struct lb_workload *y = *(const struct lb_workload *const *)b;

	return strcmp(x->name, y->name);
}

static void load(void)
{
	size_t i, n;

	if (sorted || !__start_lb_workloads)
		return;
	n = (size_t)(__stop_lb_workloads - __start_lb_workloads);
	sorted = calloc(n ? n : 1, sizeof(*sorted));
	if (!sorted)
		return;
	for (i = 0; i < n; i++)
		sorted[i] = __start_lb_workloads[i];
	qsort(sorted, n, sizeof(*sorted), cmp_wl);
	nsorted = n;
}

size_t lb_workload_count(void)
{
	load();
	return nsorted;
}

const struct lb_workload *lb_workload_at(size_t i)
{
	load();
	return i < nsorted ? sorted[i] : NULL;
}

const struct lb_workload *lb_workload_find(const char *name)
{
	size_t i;

	load();
	for (i = 0; i < nsorted; i++)
		if (!strcmp(sorted[i]->name, name))
			return sorted[i];
	return NULL;
}
