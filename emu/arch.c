// SPDX-License-Identifier: GPL-2.0
/* lazycount: the table of decoders and what every arch shares (see lazycount.h). */
#include <string.h>

#include "lazycount.h"

const struct lc_arch *const lc_arches[] = {
	&lc_arch_aarch64, &lc_arch_x86_64, &lc_arch_ppc64, &lc_arch_sparc64, &lc_arch_s390x, NULL,
};

const struct lc_arch *lc_arch_find(const char *target)
{
	int i;

	for (i = 0; lc_arches[i]; i++)
		if (!strcmp(lc_arches[i]->target, target))
			return lc_arches[i];
	return NULL;
}

bool lc_is_kernel(const struct lc_arch *a, uint64_t va)
{
	int i;

	for (i = 0; i < a->nkernel; i++)
		if (va >= a->kernel[i].lo && va <= a->kernel[i].hi)
			return true;
	return false;
}

int lc_insn_slot(const struct lc_arch *a, uint64_t va)
{
	if (!lc_is_kernel(a, va))
		return LC_UINSNS;
	return a->kernel_slot ? a->kernel_slot(va) : LC_KINSNS;
}

bool lc_valid_code(unsigned int code)
{
	return code == LC_MARK_START || code == LC_MARK_END ||
	       code == (LC_MARK_START | LC_MARK_WARMUP) || code == (LC_MARK_END | LC_MARK_WARMUP);
}

int lc_marker(const struct lc_arch *a, const uint8_t *d, size_t n, uint64_t va)
{
	if (lc_is_kernel(a, va))
		return 0;
	return a->marker(d, n);
}
