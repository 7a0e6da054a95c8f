/* SPDX-License-Identifier: GPL-2.0 */
/* lazybench: the fixed-address layout used by lb_map_fixed() (bench/mapping.c). */
#ifndef LAZYBENCH_MAPPING_H
#define LAZYBENCH_MAPPING_H

#include <stddef.h>

/*
 * Slot n starts at LB_SLOT_BASE + n * LB_SLOT_STRIDE: 256 GiB up, 32 GiB apart, so four
 * slots end below 384 GiB and fit a 39-bit (512 GiB) arm64 address space too.
 */
#if defined(__SANITIZE_ADDRESS__)
/* ASan's shadow gap covers 256 GiB on x86_64: sanitizer test builds use high memory */
#define LB_SLOT_BASE	(0x300000000000UL)	/* below its allocator at 0x6000... */
#else
#define LB_SLOT_BASE	(256UL << 30)
#endif
#define LB_SLOT_STRIDE	(32UL << 30)
#define LB_NSLOTS	4
/* room kept at the start of a slot for offset_pages */
#define LB_SLOT_MAX_OFFSET_PAGES	512

/* the largest size point, in pages, that fits a slot */
size_t lb_max_pages(size_t page_size);

#endif
