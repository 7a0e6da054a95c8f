// SPDX-License-Identifier: GPL-2.0
/*
 * lazycount decoder: 64-bit POWER, little-endian guests (ppc64le kernels under
 * qemu-system-ppc64; the plugin sees instruction bytes in guest memory order).
 *   marker:  xori rN, rN, 0 with N = 20 + code: RA = RS xor 0 = RS, no CR or XER update
 *            (Power ISA Book I, "XOR Immediate"), so an architectural no-op; unlike
 *            `or Rx,Rx,Rx` (thread-priority hints) and `ori 1|2|31,..,0` (group-ending
 *            nops, the speculation barrier) no hint is defined on it.
 *   kernel:  >= 0xc000000000000000 (the linear map, vmalloc and modules of book3s64;
 *            with AIL the interrupt vectors also run there, relocated)
 *   counted: sc 1 (hypercall), tlbie, tlbiel, tlbsync, sync (hwsync), lwsync, ptesync,
 *            eieio, isync
 */
#include "lazycount.h"

enum {
	P_HCALL = LC_COMMON,	/* sc 1: a hypercall to the pseries hypervisor (QEMU's spapr) */
	P_TLBIE,
	P_TLBIEL,
	P_TLBSYNC,
	P_SYNC,			/* sync L=0 (hwsync), and phwsync */
	P_LWSYNC,		/* sync L=1, and plwsync */
	P_PTESYNC,		/* sync L=2 */
	P_EIEIO,
	P_ISYNC,
	P_NCOUNT,
};

static const char *const names[P_NCOUNT] = {
	"emu_insns", "emu_uinsns", "emu_hcall", "emu_tlbie", "emu_tlbiel", "emu_tlbsync",
	"emu_sync", "emu_lwsync", "emu_ptesync", "emu_eieio", "emu_isync",
};

static const char *const units[P_NCOUNT] = { [P_HCALL] = "hcalls" };

static const struct lc_range kernel[] = { { 0xc000000000000000ull, ~0ull } };

static int marker(const uint8_t *d, size_t n)
{
	uint32_t w;
	unsigned int r;

	if (n != 4)
		return 0;
	w = lc_le32(d);
	/* D-form, primary opcode 26 (xori), UI = 0 */
	if ((w >> 26) != 26 || (w & 0xffff) != 0)
		return 0;
	r = (w >> 21) & 31;
	if (((w >> 16) & 31) != r || r < 20 || !lc_valid_code(r - 20))
		return 0;
	return (int)r - 20;
}

static int classify(const uint8_t *d, size_t n, int *slots)
{
	uint32_t w, xo;

	if (n != 4)
		return 0;
	w = lc_le32(d);
	/* SC-form: sc LEV is 0x44000002 | LEV << 5 (scv ends in 01) */
	if ((w & 0xfc000003u) == 0x44000002u) {
		if (((w >> 5) & 0x7f) != 1)
			return 0;
		slots[0] = P_HCALL;
		return 1;
	}
	if ((w & 0xfc0007feu) == 0x4c00012cu) {	/* XL-form 19/150: isync */
		slots[0] = P_ISYNC;
		return 1;
	}
	if ((w >> 26) != 31)
		return 0;
	xo = (w >> 1) & 0x3ff;			/* X-form extended opcode */
	switch (xo) {
	case 598:				/* sync L: 0 hwsync, 1 lwsync, 2 ptesync */
		switch ((w >> 21) & 3) {
		case 1:
			slots[0] = P_LWSYNC;
			break;
		case 2:
			slots[0] = P_PTESYNC;
			break;
		default:
			slots[0] = P_SYNC;
			break;
		}
		return 1;
	case 854:
		slots[0] = P_EIEIO;
		return 1;
	case 306:
		slots[0] = P_TLBIE;
		return 1;
	case 274:
		slots[0] = P_TLBIEL;
		return 1;
	case 566:
		slots[0] = P_TLBSYNC;
		return 1;
	}
	return 0;
}

static const struct lc_arch lc_arch_ppc64 = {
	.target = "ppc64",
	.guest = "ppc64le",
	.ncount = P_NCOUNT,
	.names = names,
	.units = units,
	.main = LC_SLOT(P_HCALL) | LC_SLOT(P_TLBIE) | LC_SLOT(P_PTESYNC) | LC_SLOT(P_SYNC),
	.kernel = kernel,
	.nkernel = 1,
	.marker = marker,
	.classify = classify,
};
LC_ARCH(lc_arch_ppc64);
