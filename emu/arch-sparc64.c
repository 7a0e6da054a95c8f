// SPDX-License-Identifier: GPL-2.0
/*
 * lazycount decoder: sparc64 (kernels under qemu-system-sparc64 -M sun4u; big endian).
 *   marker:  or %g0, 0x4c0 + code, %g0: an ALU op whose result goes to %g0, which reads
 *            as zero and ignores writes (SPARC V9 manual, general-purpose registers), so
 *            an architectural no-op; `sethi 0, %g0` is the `nop` the compiler emits.
 *   kernel:  kernel and user are separate contexts sharing virtual addresses: kernel
 *            code is the image at KERNBASE 0x400000, modules (0x10000000..0xf0000000),
 *            OpenBoot (..0xffffffff) and the linear map (>= 0xfffff80000000000); the
 *            static user binary must keep its code below 0x400000 (tests/arch/cross.t)
 *   counted: flush (one per TLB flush operation: the end of __flush_tlb_page and of
 *            each __flush_tlb_pending batch), stxa to the I/D-MMU demap ASIs (one per
 *            page demapped), stxa to the I/D-TLB data-in ASIs (software TLB loads),
 *            membar (all, and with #Sync), Tcc with a hypervisor trap number (>= 0x80,
 *            sun4v; none on sun4u) and other Tcc
 */
#include "lazycount.h"

#define ASI_ITLB_DATA_IN	0x54
#define ASI_IMMU_DEMAP		0x57
#define ASI_DTLB_DATA_IN	0x5c
#define ASI_DMMU_DEMAP		0x5f
#define SPARC_MARK_BASE		0x4c0

enum {
	S_FLUSH = LC_COMMON,
	S_DEMAP,		/* stxa to ASI_IMMU_DEMAP or ASI_DMMU_DEMAP */
	S_DEMAP_I,		/* ... of those, the I-MMU's */
	S_TLBLOAD,		/* stxa to ASI_ITLB_DATA_IN / ASI_DTLB_DATA_IN */
	S_MEMBAR,		/* membar (any mask) and stbar */
	S_MEMBAR_SYNC,		/* membar with #Sync */
	S_HVTRAP,		/* Tcc, immediate trap number >= 0x80 */
	S_TRAP,			/* other Tcc */
	S_NCOUNT,
};

static const char *const names[S_NCOUNT] = {
	"emu_insns", "emu_uinsns", "emu_flush", "emu_demap", "emu_demap_i", "emu_tlbload",
	"emu_membar", "emu_membar_sync", "emu_hvtrap", "emu_trap",
};

static const char *const units[S_NCOUNT] = {
	[S_FLUSH] = "flushes", [S_HVTRAP] = "hypervisor traps", [S_TRAP] = "traps",
};

static const struct lc_range kernel[] = {
	{ 0x400000ull, 0xffffffffull },
	{ 0xfffff80000000000ull, ~0ull },
};

static int marker(const uint8_t *d, size_t n)
{
	uint32_t w;

	if (n != 4)
		return 0;
	w = lc_be32(d);
	/* op 2, rd 0, op3 0x02 (or), rs1 0, i 1: simm13 in the low 13 bits */
	if ((w & 0xffffe000u) != 0x80102000u || (w & 0x1fff) < SPARC_MARK_BASE ||
	    !lc_valid_code((w & 0x1fff) - SPARC_MARK_BASE))
		return 0;
	return (int)((w & 0x1fff) - SPARC_MARK_BASE);
}

static int classify(const uint8_t *d, size_t n, int *slots)
{
	uint32_t w, asi;

	if (n != 4)
		return 0;
	w = lc_be32(d);
	if ((w & 0xc1f80000u) == 0x81d80000u) {		/* op 2, op3 0x3b: flush */
		slots[0] = S_FLUSH;
		return 1;
	}
	if ((w & 0xffffc000u) == 0x8143c000u) {		/* rd %asr15, %g0: membar/stbar */
		slots[0] = S_MEMBAR;
		if ((w & 0x2000) && (w & 0x40)) {	/* i = 1, cmask #Sync */
			slots[1] = S_MEMBAR_SYNC;
			return 2;
		}
		return 1;
	}
	if ((w & 0xc1f80000u) == 0x81d00000u) {		/* op 2, op3 0x3a: Tcc */
		/* i = 1, rs1 = %g0: the trap number is the immediate (8 bits privileged) */
		if ((w & 0x2000) && ((w >> 14) & 31) == 0 && (w & 0xff) >= 0x80)
			slots[0] = S_HVTRAP;
		else
			slots[0] = S_TRAP;
		return 1;
	}
	if ((w & 0xc1f82000u) == 0xc0f00000u) {		/* op 3, op3 0x1e, i 0: stxa */
		asi = (w >> 5) & 0xff;
		if (asi == ASI_DMMU_DEMAP) {
			slots[0] = S_DEMAP;
			return 1;
		}
		if (asi == ASI_IMMU_DEMAP) {
			slots[0] = S_DEMAP;
			slots[1] = S_DEMAP_I;
			return 2;
		}
		if (asi == ASI_ITLB_DATA_IN || asi == ASI_DTLB_DATA_IN) {
			slots[0] = S_TLBLOAD;
			return 1;
		}
	}
	return 0;
}

static const struct lc_arch lc_arch_sparc64 = {
	.target = "sparc64",
	.guest = "sparc64",
	.ncount = S_NCOUNT,
	.names = names,
	.units = units,
	.main = LC_SLOT(S_FLUSH) | LC_SLOT(S_DEMAP) | LC_SLOT(S_MEMBAR_SYNC),
	.kernel = kernel,
	.nkernel = 2,
	.marker = marker,
	.classify = classify,
};
LC_ARCH(lc_arch_sparc64);
