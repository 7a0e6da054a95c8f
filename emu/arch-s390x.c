// SPDX-License-Identifier: GPL-2.0
/*
 * lazycount decoder: s390x (kernels under qemu-system-s390x; big endian, 2/4/6-byte
 * instructions).
 *   marker:  nop 0x4c0 + code, i.e. BRANCH ON CONDITION with mask 0 (47 00 04 c0+code):
 *            a mask of 0 never branches and the second-operand address is not used to
 *            access storage (z/Architecture Principles of Operation, BRANCH ON CONDITION;
 *            NOP is its extended mnemonic); unlike BCR 14/15,0 it does not serialise.
 *   kernel:  kernel (home space) and user (primary space) share virtual addresses; without
 *            KASLR the kernel image is at CONFIG_KERNEL_IMAGE_BASE 0x3ffe0000000 and the
 *            2 GiB of modules just below it: 0x3ff60000000..0x3ffefffffff (256 MiB of
 *            image). User code (the static binary at 0x1000000, the vDSO just under
 *            4 TiB) lies outside.
 *   counted: IPTE (and those with the local-clearing bit), IDTE, CRDTE, PTLB, CSP/CSPG,
 *            BCR 15,0 (serialisation), BCR 14,0 (fast serialisation), DIAGNOSE
 */
#include "lazycount.h"

#define S390_MARK_BASE	0x4c0

enum {
	Z_IPTE = LC_COMMON,
	Z_IPTE_LOCAL,		/* IPTE with M4's local-clearing bit */
	Z_IDTE,
	Z_CRDTE,
	Z_PTLB,
	Z_CSP,			/* CSP, CSPG (compare and swap and purge) */
	Z_SERIALIZE,		/* BCR 15,0 */
	Z_FSERIALIZE,		/* BCR 14,0 */
	Z_DIAG,
	Z_NCOUNT,
};

static const char *const names[Z_NCOUNT] = {
	"emu_insns", "emu_uinsns", "emu_ipte", "emu_ipte_local", "emu_idte", "emu_crdte",
	"emu_ptlb", "emu_csp", "emu_serialize", "emu_fserialize", "emu_diag",
};

static const struct lc_range kernel[] = { { 0x3ff60000000ull, 0x3ffefffffffull } };

static int marker(const uint8_t *d, size_t n)
{
	unsigned int disp;

	/* RX-a: 47 M1=0 X2=0 | B2=0 D2 */
	if (n != 4 || d[0] != 0x47 || d[1] != 0x00 || (d[2] & 0xf0) != 0)
		return 0;
	disp = (unsigned int)(d[2] & 0x0f) << 8 | d[3];
	if (disp < S390_MARK_BASE || !lc_valid_code(disp - S390_MARK_BASE))
		return 0;
	return (int)(disp - S390_MARK_BASE);
}

static int classify(const uint8_t *d, size_t n, int *slots)
{
	unsigned int op;

	if (n == 2) {
		/* BCR M1,R2 = 07 M1R2 */
		if (d[0] == 0x07 && d[1] == 0xf0) {
			slots[0] = Z_SERIALIZE;
			return 1;
		}
		if (d[0] == 0x07 && d[1] == 0xe0) {
			slots[0] = Z_FSERIALIZE;
			return 1;
		}
		return 0;
	}
	if (n != 4)
		return 0;
	if (d[0] == 0x83) {			/* DIAGNOSE (RS-a) */
		slots[0] = Z_DIAG;
		return 1;
	}
	op = (unsigned int)d[0] << 8 | d[1];
	switch (op) {
	case 0xb221:				/* IPTE R1,R2,R3,M4 (RRF-a: R3 M4 R1 R2) */
		slots[0] = Z_IPTE;
		if (d[2] & 0x01) {
			slots[1] = Z_IPTE_LOCAL;
			return 2;
		}
		return 1;
	case 0xb98e:				/* IDTE */
		slots[0] = Z_IDTE;
		return 1;
	case 0xb98f:				/* CRDTE */
		slots[0] = Z_CRDTE;
		return 1;
	case 0xb20d:				/* PTLB */
		slots[0] = Z_PTLB;
		return 1;
	case 0xb250:				/* CSP */
	case 0xb98a:				/* CSPG */
		slots[0] = Z_CSP;
		return 1;
	}
	return 0;
}

static const struct lc_arch lc_arch_s390x = {
	.target = "s390x",
	.guest = "s390x",
	.ncount = Z_NCOUNT,
	.names = names,
	.main = LC_SLOT(Z_IPTE) | LC_SLOT(Z_IDTE) | LC_SLOT(Z_SERIALIZE),
	.kernel = kernel,
	.nkernel = 1,
	.marker = marker,
	.classify = classify,
	.insn_align = 2,		/* 2, 4 or 6 bytes, halfword aligned */
	.marker_len = 4,
};
LC_ARCH(lc_arch_s390x);
