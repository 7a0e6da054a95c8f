// SPDX-License-Identifier: GPL-2.0
/*
 * lazycount decoder: riscv64 (S-mode kernels under qemu-system-riscv64 -M virt, with
 * OpenSBI as the M-mode firmware; little endian, 4-byte instructions and, with the C
 * extension, 2-byte ones: instructions start at even addresses).
 *   marker:  ori x0, x0, 0x4c0 + code: rd = x0 makes it a HINT, one of those the
 *            unprivileged ISA designates for custom use (RISC-V Unprivileged ISA, "HINT
 *            Instructions"): the result is discarded, nothing is read or written.
 *   kernel:  the upper half of the address space (the kernel is mapped there in Sv39,
 *            Sv48 and Sv57 alike; user space is the lower half), and the firmware:
 *            OpenSBI runs in M-mode without translation, at its physical load address
 *            0x80000000 (QEMU's fw_dynamic; the kernel is loaded 2 MiB above), so
 *            0x80000000..0x801fffff counts apart as emu_sbi_insns and is not classified.
 *   counted: sfence.vma (and those with rs1 = x0: the whole address space), the
 *            Svinval instructions, fence (not pause), fence.i, ecall from the kernel (an
 *            SBI call: timer, IPI, remote fence), AMOs and LR/SC. The firmware's own
 *            instructions (a remote sfence.vma done for the kernel) are not classified.
 */
#include "lazycount.h"

#define RV_MARK_BASE	0x4c0
#define RV_FW_LO	0x80000000ull
#define RV_FW_HI	0x801fffffull

enum {
	R_SBI_INSNS = LC_COMMON,	/* instructions in the SBI firmware (M-mode) */
	R_SFENCE_VMA,
	R_SFENCE_VMA_ALL,		/* sfence.vma with rs1 = x0: every address */
	R_SINVAL_VMA,			/* Svinval: sinval.vma */
	R_SFENCE_INVAL,			/* Svinval: sfence.w.inval, sfence.inval.ir */
	R_FENCE,
	R_FENCE_I,
	R_SBI,				/* ecall from S-mode: an SBI call */
	R_AMO,				/* AMO*, LR, SC */
	R_NCOUNT,
};

static const char *const names[R_NCOUNT] = {
	"emu_insns", "emu_uinsns", "emu_sbi_insns", "emu_sfence_vma", "emu_sfence_vma_all",
	"emu_sinval_vma", "emu_sfence_inval", "emu_fence", "emu_fence_i", "emu_sbi", "emu_amo",
};

static const char *const units[R_NCOUNT] = { [R_SBI_INSNS] = "instructions" };

static const struct lc_range kernel[] = {
	{ RV_FW_LO, RV_FW_HI },
	{ 0x8000000000000000ull, ~0ull },
};

static int marker(const uint8_t *d, size_t n)
{
	uint32_t w, imm;

	if (n != 4)
		return 0;
	w = lc_le32(d);
	/* ORI (opcode 0x13, funct3 6) with rd = x0 and rs1 = x0 */
	if ((w & 0xfffff) != 0x6013)
		return 0;
	imm = w >> 20;
	if (imm < RV_MARK_BASE || !lc_valid_code(imm - RV_MARK_BASE))
		return 0;
	return (int)(imm - RV_MARK_BASE);
}

static int classify(const uint8_t *d, size_t n, int *slots)
{
	uint32_t w, opcode, funct3;

	if (n != 4)		/* no compressed instruction is counted */
		return 0;
	w = lc_le32(d);
	opcode = w & 0x7f;
	funct3 = (w >> 12) & 7;
	switch (opcode) {
	case 0x0f:				/* MISC-MEM */
		if (funct3 == 0 && w != 0x0100000f) {	/* not pause (a spin-wait hint) */
			slots[0] = R_FENCE;		/* fence, fence.tso */
			return 1;
		}
		if (funct3 == 1) {
			slots[0] = R_FENCE_I;
			return 1;
		}
		return 0;
	case 0x2f:				/* AMO: AMO*.W/D, LR, SC */
		slots[0] = R_AMO;
		return 1;
	case 0x73:				/* SYSTEM */
		if (funct3 != 0 || ((w >> 7) & 0x1f) != 0)
			return 0;	/* CSR accesses; privileged ones have rd = x0 */
		if (w == 0x00000073) {	/* ecall */
			slots[0] = R_SBI;
			return 1;
		}
		switch (w >> 25) {	/* funct7 */
		case 0x09:		/* sfence.vma rs1, rs2 */
			slots[0] = R_SFENCE_VMA;
			if (((w >> 15) & 0x1f) == 0) {
				slots[1] = R_SFENCE_VMA_ALL;
				return 2;
			}
			return 1;
		case 0x0b:		/* sinval.vma rs1, rs2 */
			slots[0] = R_SINVAL_VMA;
			return 1;
		case 0x0c:		/* sfence.w.inval (rs2 0), sfence.inval.ir (rs2 1) */
			if (((w >> 15) & 0x1f) == 0 && ((w >> 20) & 0x1f) <= 1) {
				slots[0] = R_SFENCE_INVAL;
				return 1;
			}
			return 0;
		}
		return 0;
	}
	return 0;
}

static int kernel_slot(uint64_t va)
{
	return va <= RV_FW_HI ? R_SBI_INSNS : LC_KINSNS;
}

static const struct lc_arch lc_arch_riscv64 = {
	.target = "riscv64",
	.guest = "riscv64",
	.ncount = R_NCOUNT,
	.names = names,
	.units = units,
	.kernel = kernel,
	.nkernel = 2,
	.marker = marker,
	.classify = classify,
	.kernel_slot = kernel_slot,
	.main = LC_SLOT(R_SFENCE_VMA) | LC_SLOT(R_FENCE) | LC_SLOT(R_SBI),
	.insn_align = 2,		/* 2-byte instructions with the C extension */
	.marker_len = 4,
};
LC_ARCH(lc_arch_riscv64);
