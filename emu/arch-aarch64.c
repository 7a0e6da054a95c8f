// SPDX-License-Identifier: GPL-2.0
/*
 * lazycount decoder: aarch64 (arm64 kernels under qemu-system-aarch64).
 *   marker:  orr xN, xN, xN with N = 20 + code (ORR shifted register, 64-bit, LSL #0)
 *   kernel:  bit 63 set (TTBR1 addresses)
 *   counted: DSB and DMB (all, and by option CRm), ISB, TLBI
 */
#include <string.h>

#include "lazycount.h"

enum {
	A_DSB = LC_COMMON,		/* all dsb */
	A_DMB,				/* all dmb */
	A_ISB,
	A_TLBI,
	A_DSB_OPT,			/* 16 slots, by CRm */
	A_DMB_OPT = A_DSB_OPT + 16,	/* 16 slots, by CRm */
	A_NCOUNT = A_DMB_OPT + 16,
};

/* option names by CRm; crmN where the encoding is not a DSB/DMB option */
static const char *const names[A_NCOUNT] = {
	"emu_insns", "emu_uinsns", "emu_dsb", "emu_dmb", "emu_isb", "emu_tlbi",
	"emu_dsb_crm0", "emu_dsb_oshld", "emu_dsb_oshst", "emu_dsb_osh",
	"emu_dsb_crm4", "emu_dsb_nshld", "emu_dsb_nshst", "emu_dsb_nsh",
	"emu_dsb_crm8", "emu_dsb_ishld", "emu_dsb_ishst", "emu_dsb_ish",
	"emu_dsb_crm12", "emu_dsb_ld", "emu_dsb_st", "emu_dsb_sy",
	"emu_dmb_crm0", "emu_dmb_oshld", "emu_dmb_oshst", "emu_dmb_osh",
	"emu_dmb_crm4", "emu_dmb_nshld", "emu_dmb_nshst", "emu_dmb_nsh",
	"emu_dmb_crm8", "emu_dmb_ishld", "emu_dmb_ishst", "emu_dmb_ish",
	"emu_dmb_crm12", "emu_dmb_ld", "emu_dmb_st", "emu_dmb_sy",
};

static const char *const descs[A_NCOUNT] = {
	[A_TLBI] = "TLBI instructions at kernel addresses",
};

static const struct lc_range kernel[] = { { 0x8000000000000000ull, ~0ull } };

static int marker(const uint8_t *d, size_t n)
{
	uint32_t w;
	unsigned int r;

	if (n != 4)
		return 0;
	w = lc_le32(d);
	/* ORR (shifted register), 64-bit, LSL #0, Rd == Rn == Rm */
	if ((w & 0xffe0fc00u) != 0xaa000000u)
		return 0;
	r = w & 31;
	if (((w >> 5) & 31) != r || ((w >> 16) & 31) != r || r < 20 || !lc_valid_code(r - 20))
		return 0;
	return (int)r - 20;
}

static int classify(const uint8_t *d, size_t n, int *slots)
{
	uint32_t w;
	unsigned int crm;

	if (n != 4)
		return 0;
	w = lc_le32(d);
	crm = (w >> 8) & 15;
	switch (w & 0xfffff0ffu) {
	case 0xd503309fu:		/* DSB; CRm 0 and 4 are SSBB / PSSBB */
		if (crm == 0 || crm == 4)
			return 0;
		slots[0] = A_DSB;
		slots[1] = A_DSB_OPT + (int)crm;
		return 2;
	case 0xd50330bfu:		/* DMB */
		slots[0] = A_DMB;
		slots[1] = A_DMB_OPT + (int)crm;
		return 2;
	case 0xd50330dfu:		/* ISB */
		slots[0] = A_ISB;
		return 1;
	}
	/* SYS #op1, C8, Cm, #op2: TLBI */
	if ((w & 0xfff8f000u) == 0xd5088000u) {
		slots[0] = A_TLBI;
		return 1;
	}
	return 0;
}

/* Only data processing and direct branches are known never to stop a block. */
static bool may_stop(const uint8_t *d, size_t n)
{
	uint32_t w;

	if (n != 4)
		return true;
	w = lc_le32(d);
	/* data processing: immediate (op0 100x) or register (op0 x101) */
	if (((w >> 26) & 7) == 4 || ((w >> 25) & 7) == 5)
		return false;
	/* unconditional/conditional branches, compare/test and branch (not BR/SVC/...) */
	if (((w >> 26) & 0x1f) == 5 || ((w >> 25) & 0x3f) == 0x1a ||
	    ((w >> 25) & 0x3f) == 0x1b || (w & 0xff000010u) == 0x54000000u)
		return false;
	return true;
}

static const struct lc_arch lc_arch_aarch64 = {
	.target = "aarch64",
	.guest = "arm64",
	.ncount = A_NCOUNT,
	.names = names,
	.descs = descs,
	.main = LC_SLOT(A_DSB) | LC_SLOT(A_DMB) | LC_SLOT(A_ISB) | LC_SLOT(A_TLBI),
	.kernel = kernel,
	.nkernel = 1,
	.marker = marker,
	.classify = classify,
	.may_stop = may_stop,
};
LC_ARCH(lc_arch_aarch64);
