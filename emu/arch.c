// SPDX-License-Identifier: GPL-2.0
/*
 * lazycount: the registered decoders (the "lc_arches" section, LC_ARCH()) and what
 * every arch shares (see lazycount.h).
 */
#include <stdio.h>
#include <string.h>

#include "lazycount.h"

extern const struct lc_arch *const __start_lc_arches[] __attribute__((weak));
extern const struct lc_arch *const __stop_lc_arches[] __attribute__((weak));

size_t lc_arch_count(void)
{
	return __start_lc_arches ? (size_t)(__stop_lc_arches - __start_lc_arches) : 0;
}

const struct lc_arch *lc_arch_at(size_t i)
{
	return i < lc_arch_count() ? __start_lc_arches[i] : NULL;
}

const struct lc_arch *lc_arch_find(const char *target)
{
	size_t i;

	for (i = 0; i < lc_arch_count(); i++)
		if (!strcmp(__start_lc_arches[i]->target, target))
			return __start_lc_arches[i];
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

const char *lc_unit(const char *name, char *buf, size_t len)
{
	const struct lc_arch *a;
	size_t i;
	char *p;
	int k;

	for (i = 0; (a = lc_arch_at(i)); i++)
		for (k = 0; k < a->ncount; k++) {
			if (strcmp(a->names[k], name))
				continue;
			if (k < LC_COMMON)
				return "instructions";
			if (a->units && a->units[k])
				return a->units[k];
		}
	snprintf(buf, len, "%s", strncmp(name, "emu_", 4) ? name : name + 4);
	for (p = buf; *p; p++)
		*p = *p == '_' ? ' ' : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	return buf;
}
