// SPDX-License-Identifier: GPL-2.0
/*
 * lazycount decoder: x86_64 (bare kernels and Xen PV dom0 under qemu-system-x86_64).
 *   marker:  nopl 0x4c5a4200+code(%rax,%rax,1)  (0f 1f 84 00 <disp32>: a multi-byte NOP,
 *            no memory access)
 *   kernel:  >= 0xffff800000000000; 0xffff8000'00000000..0xffff87ff'ffffffff is Xen's
 *            (its own instruction count, emu_xen_insns, and not classified)
 *   counted: lfence/mfence/sfence, locked instructions (lock prefix, xchg with memory),
 *            serialising instructions, invlpg/invpcid, moves to CRn, hypercalls
 * Every instruction gets its own add (grouping was seen to differ from one add per
 * instruction by a few per window on x86_64): may_stop is NULL.
 */
#include "lazycount.h"

#define X86_MARK_MAGIC	0x4c5a4200u

enum {
	X_XINSNS = LC_COMMON,	/* instructions in the Xen hypervisor's range */
	X_LFENCE,
	X_MFENCE,
	X_SFENCE,
	X_LOCKED,		/* lock prefix, or xchg with memory */
	X_SERIAL,		/* cpuid, iret, wrmsr, mov to CR, wbinvd, invd, serialize */
	X_INVLPG,		/* invlpg, invpcid */
	X_CRWRITE,		/* mov to control register (cr3 writes flush the TLB) */
	X_HYPERCALL,		/* syscall at kernel address (Xen PV), vmcall, vmmcall */
	X_NCOUNT,
};

static const char *const names[X_NCOUNT] = {
	"emu_insns", "emu_uinsns", "emu_xen_insns", "emu_lfence", "emu_mfence", "emu_sfence",
	"emu_locked", "emu_serializing", "emu_invlpg", "emu_crwrite", "emu_hypercall",
};

static const char *const descs[X_NCOUNT] = {
	[X_XINSNS] = "instructions executed by the Xen hypervisor in the window",
	[X_LOCKED] = "locked instructions (lock prefix, xchg with memory) at kernel addresses",
	[X_SERIAL] = "serialising instructions (cpuid, iret, wrmsr, mov to CR, wbinvd, "
		     "serialize) at kernel addresses",
	[X_INVLPG] = "invlpg/invpcid at kernel addresses",
	[X_CRWRITE] = "moves to control registers at kernel addresses",
	[X_HYPERCALL] = "hypercalls from the kernel (syscall in a Xen PV kernel, vmcall, "
			"vmmcall)",
};

static const char *const units[X_NCOUNT] = {
	[X_XINSNS] = "instructions", [X_LOCKED] = "locked instructions",
	[X_SERIAL] = "serialising instructions", [X_CRWRITE] = "CR writes",
	[X_HYPERCALL] = "hypercalls",
};

static const struct lc_range kernel[] = { { 0xffff800000000000ull, ~0ull } };

static int marker(const uint8_t *d, size_t n)
{
	uint32_t w;

	if (n != 8 || d[0] != 0x0f || d[1] != 0x1f || d[2] != 0x84 || d[3] != 0x00)
		return 0;
	w = lc_le32(d + 4);
	if ((w & 0xffffff00u) != X86_MARK_MAGIC || !lc_valid_code(w & 0xff))
		return 0;
	return (int)(w & 0xff);
}

static int classify(const uint8_t *d, size_t n, int *slots)
{
	size_t i = 0;
	bool lock = false, mandatory = false;
	uint8_t op, modrm;
	int k = 0;

	/* legacy prefixes, then an optional REX */
	for (; i < n; i++) {
		uint8_t p = d[i];

		if (p == 0xf0)
			lock = true;
		else if (p == 0x66 || p == 0xf2 || p == 0xf3)
			mandatory = true;
		else if (p != 0x2e && p != 0x36 && p != 0x3e && p != 0x26 &&
			 p != 0x64 && p != 0x65 && p != 0x67)
			break;
	}
	if (i < n && (d[i] & 0xf0) == 0x40)
		i++;
	if (i >= n)
		return 0;
	if (lock)
		slots[k++] = X_LOCKED;
	op = d[i++];
	if (op == 0x86 || op == 0x87) {		/* xchg r/m: locked when memory */
		if (!lock && i < n && (d[i] >> 6) != 3)
			slots[k++] = X_LOCKED;
		return k;
	}
	if (op == 0xcf) {			/* iret */
		slots[k++] = X_SERIAL;
		return k;
	}
	if (op != 0x0f || i >= n)
		return k;
	op = d[i++];
	modrm = i < n ? d[i] : 0;
	switch (op) {
	case 0xae:
		if (i >= n || (modrm >> 6) != 3 || mandatory)
			return k;
		if (((modrm >> 3) & 7) == 5)
			slots[k++] = X_LFENCE;
		else if (((modrm >> 3) & 7) == 6)
			slots[k++] = X_MFENCE;
		else if (((modrm >> 3) & 7) == 7)
			slots[k++] = X_SFENCE;
		return k;
	case 0xa2:				/* cpuid */
	case 0x30:				/* wrmsr */
	case 0x08:				/* invd */
	case 0x09:				/* wbinvd */
		slots[k++] = X_SERIAL;
		return k;
	case 0x22:				/* mov to CRn */
		slots[k++] = X_SERIAL;
		slots[k++] = X_CRWRITE;
		return k;
	case 0x05:				/* syscall from a PV kernel: a hypercall */
		slots[k++] = X_HYPERCALL;
		return k;
	case 0x01:
		if (i >= n)
			return k;
		if (modrm == 0xc1 || modrm == 0xd9)	/* vmcall, vmmcall */
			slots[k++] = X_HYPERCALL;
		else if (modrm == 0xe8 && !mandatory)	/* serialize */
			slots[k++] = X_SERIAL;
		else if ((modrm >> 6) != 3 && ((modrm >> 3) & 7) == 7)	/* invlpg */
			slots[k++] = X_INVLPG;
		return k;
	case 0x38:				/* 66 0f 38 82: invpcid */
		if (i < n && d[i] == 0x82)
			slots[k++] = X_INVLPG;
		return k;
	}
	return k;
}

/* 0xffff8000'00000000..0xffff87ff'ffffffff: Xen's */
static int kernel_slot(uint64_t va)
{
	return va < 0xffff880000000000ull ? X_XINSNS : LC_KINSNS;
}

static const struct lc_arch lc_arch_x86_64 = {
	.target = "x86_64",
	.guest = "x86_64",
	.ncount = X_NCOUNT,
	.names = names,
	.descs = descs,
	.units = units,
	.main = LC_SLOT(X_LFENCE) | LC_SLOT(X_MFENCE) | LC_SLOT(X_SFENCE) | LC_SLOT(X_LOCKED) |
		LC_SLOT(X_SERIAL) | LC_SLOT(X_INVLPG) | LC_SLOT(X_HYPERCALL),
	.kernel = kernel,
	.nkernel = 1,
	.marker = marker,
	.classify = classify,
	.kernel_slot = kernel_slot,
	.insn_align = 1,		/* variable length, no alignment */
	.marker_len = 8,
};
LC_ARCH(lc_arch_x86_64);
