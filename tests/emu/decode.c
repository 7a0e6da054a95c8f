// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the lazycount plugin's decoders (emu/arch-*.c), without QEMU: known
 * instruction encodings (as GNU as assembles them) are fed to each arch's marker and
 * classify functions, and the counters they add to are compared by name.
 *
 *   decode-test                 the table below, as TAP
 *   decode-test ranges TARGET   print the decoder's kernel ranges (LO-HI,...), for
 *                               comparison with arch/<arch>.conf kernel_ranges
 *   decode-test scan TARGET FILE
 *                               print the marker codes found in FILE (raw code bytes, at
 *                               every instruction-aligned offset, at a user address)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lazycount.h"
#include "tap.h"

#define MAXB 8

struct icase {
	const char *target;
	const char *what;		/* the instruction, as objdump prints it */
	uint8_t b[MAXB];
	size_t n;
	const char *counts;		/* counters it adds to, space-separated; "" none */
};

struct mcase {
	const char *target;
	const char *what;
	uint8_t b[MAXB];
	size_t n;
	int code;			/* marker code, 0: not a marker */
};

#define LE(w) { (w) & 0xff, ((w) >> 8) & 0xff, ((w) >> 16) & 0xff, ((w) >> 24) & 0xff }, 4
#define BE(w) { ((w) >> 24) & 0xff, ((w) >> 16) & 0xff, ((w) >> 8) & 0xff, (w) & 0xff }, 4

static const struct icase icases[] = {
	/* ppc64 (little endian) */
	{ "ppc64", "sc 1", LE(0x44000022), "emu_hcall" },
	{ "ppc64", "sc", LE(0x44000002), "" },
	{ "ppc64", "scv 0", LE(0x44000001), "" },
	{ "ppc64", "tlbie r4,r5", LE(0x7ca02264), "emu_tlbie" },
	{ "ppc64", "tlbiel r4", LE(0x7c002224), "emu_tlbiel" },
	{ "ppc64", "tlbsync", LE(0x7c00046c), "emu_tlbsync" },
	{ "ppc64", "sync (hwsync)", LE(0x7c0004ac), "emu_sync" },
	{ "ppc64", "lwsync", LE(0x7c2004ac), "emu_lwsync" },
	{ "ppc64", "ptesync", LE(0x7c4004ac), "emu_ptesync" },
	{ "ppc64", "eieio", LE(0x7c0006ac), "emu_eieio" },
	{ "ppc64", "isync", LE(0x4c00012c), "emu_isync" },
	{ "ppc64", "nop", LE(0x60000000), "" },
	{ "ppc64", "mr r1,r1 (or 1,1,1)", LE(0x7c210b78), "" },
	{ "ppc64", "xori r21,r21,0 (marker)", LE(0x6ab50000), "" },
	/* sparc64 (big endian) */
	{ "sparc64", "flush [%o4]", BE(0x81db0000), "emu_flush" },
	{ "sparc64", "stxa %g0,[%o3] ASI_DMMU_DEMAP", BE(0xc0f2cbe0), "emu_demap" },
	{ "sparc64", "stxa %g0,[%o3] ASI_IMMU_DEMAP", BE(0xc0f2cae0), "emu_demap emu_demap_i" },
	{ "sparc64", "stxa %g5,[%g0] ASI_DTLB_DATA_IN", BE(0xcaf00b80), "emu_tlbload" },
	{ "sparc64", "stxa %g5,[%g0] ASI_ITLB_DATA_IN", BE(0xcaf00a80), "emu_tlbload" },
	{ "sparc64", "stxa %g2,[%o4] ASI_DMMU", BE(0xc4f30b00), "" },
	{ "sparc64", "membar #Sync", BE(0x8143e040), "emu_membar emu_membar_sync" },
	{ "sparc64", "membar #StoreLoad", BE(0x8143e002), "emu_membar" },
	{ "sparc64", "stbar", BE(0x8143c000), "emu_membar" },
	{ "sparc64", "ta 0x80 (HV_FAST_TRAP)", BE(0x91d02080), "emu_hvtrap" },
	{ "sparc64", "ta %xcc, 0x83 (HV_MMU_MAP_ADDR_TRAP)", BE(0x91d03083), "emu_hvtrap" },
	{ "sparc64", "ta 0x6d (syscall)", BE(0x91d0206d), "emu_trap" },
	{ "sparc64", "nop", BE(0x01000000), "" },
	{ "sparc64", "or %g0,0x4c1,%g0 (marker)", BE(0x801024c1), "" },
	/* s390x (big endian, 2/4-byte) */
	{ "s390x", "ipte %r1,%r2", { 0xb2, 0x21, 0x00, 0x12 }, 4, "emu_ipte" },
	{ "s390x", "ipte %r1,%r2,%r3,1 (local)", { 0xb2, 0x21, 0x31, 0x12 }, 4,
	  "emu_ipte emu_ipte_local" },
	{ "s390x", "ipte %r1,%r2,%r3", { 0xb2, 0x21, 0x30, 0x12 }, 4, "emu_ipte" },
	{ "s390x", "idte %r1,%r2,%r3", { 0xb9, 0x8e, 0x20, 0x13 }, 4, "emu_idte" },
	{ "s390x", "crdte %r1,%r2,%r3", { 0xb9, 0x8f, 0x20, 0x13 }, 4, "emu_crdte" },
	{ "s390x", "ptlb", { 0xb2, 0x0d, 0x00, 0x00 }, 4, "emu_ptlb" },
	{ "s390x", "csp %r2,%r4", { 0xb2, 0x50, 0x00, 0x24 }, 4, "emu_csp" },
	{ "s390x", "cspg %r2,%r4", { 0xb9, 0x8a, 0x00, 0x24 }, 4, "emu_csp" },
	{ "s390x", "bcr 15,%r0", { 0x07, 0xf0 }, 2, "emu_serialize" },
	{ "s390x", "bcr 14,%r0", { 0x07, 0xe0 }, 2, "emu_fserialize" },
	{ "s390x", "br %r14", { 0x07, 0xfe }, 2, "" },
	{ "s390x", "nopr", { 0x07, 0x00 }, 2, "" },
	{ "s390x", "diag %r1,%r2,0x44", { 0x83, 0x12, 0x00, 0x44 }, 4, "emu_diag" },
	{ "s390x", "nop 0x4c1 (marker)", { 0x47, 0x00, 0x04, 0xc1 }, 4, "" },
	/* aarch64 */
	{ "aarch64", "dsb ish", LE(0xd5033b9f), "emu_dsb emu_dsb_ish" },
	{ "aarch64", "dsb ishst", LE(0xd5033a9f), "emu_dsb emu_dsb_ishst" },
	{ "aarch64", "dmb ishld", LE(0xd50339bf), "emu_dmb emu_dmb_ishld" },
	{ "aarch64", "isb", LE(0xd5033fdf), "emu_isb" },
	{ "aarch64", "tlbi vale1is, x0", LE(0xd50883a0), "emu_tlbi" },
	{ "aarch64", "ssbb (dsb crm 0)", LE(0xd503309f), "" },
	/* riscv64 (little endian; 2-byte compressed instructions) */
	{ "riscv64", "sfence.vma", LE(0x12000073), "emu_sfence_vma emu_sfence_vma_all" },
	{ "riscv64", "sfence.vma a0", LE(0x12050073), "emu_sfence_vma" },
	{ "riscv64", "sfence.vma a0,a1", LE(0x12b50073), "emu_sfence_vma" },
	{ "riscv64", "sfence.vma zero,a1", LE(0x12b00073),
	  "emu_sfence_vma emu_sfence_vma_all" },
	{ "riscv64", "sinval.vma a0,a1", LE(0x16b50073), "emu_sinval_vma" },
	{ "riscv64", "sfence.w.inval", LE(0x18000073), "emu_sfence_inval" },
	{ "riscv64", "sfence.inval.ir", LE(0x18100073), "emu_sfence_inval" },
	{ "riscv64", "fence", LE(0x0ff0000f), "emu_fence" },
	{ "riscv64", "fence rw,rw", LE(0x0330000f), "emu_fence" },
	{ "riscv64", "fence.tso", LE(0x8330000f), "emu_fence" },
	{ "riscv64", "pause", LE(0x0100000f), "" },
	{ "riscv64", "fence.i", LE(0x0000100f), "emu_fence_i" },
	{ "riscv64", "ecall (an SBI call)", LE(0x00000073), "emu_sbi" },
	{ "riscv64", "ebreak", { 0x02, 0x90 }, 2, "" },
	{ "riscv64", "sret", LE(0x10200073), "" },
	{ "riscv64", "wfi", LE(0x10500073), "" },
	{ "riscv64", "csrw satp,a0", LE(0x18051073), "" },
	{ "riscv64", "csrr a0,sstatus", LE(0x10002573), "" },
	{ "riscv64", "amoswap.w a0,a1,(a2)", LE(0x08b6252f), "emu_amo" },
	{ "riscv64", "amoadd.d.aqrl a0,a1,(a2)", LE(0x06b6352f), "emu_amo" },
	{ "riscv64", "lr.d a0,(a1)", LE(0x1005b52f), "emu_amo" },
	{ "riscv64", "sc.d a0,a1,(a2)", LE(0x18b6352f), "emu_amo" },
	{ "riscv64", "nop (c.nop)", { 0x01, 0x00 }, 2, "" },
	{ "riscv64", "ori zero,zero,0x4c1 (marker)", LE(0x4c106013), "" },
	/* x86_64 */
	{ "x86_64", "lock cmpxchg %rcx,(%rdx)", { 0xf0, 0x48, 0x0f, 0xb1, 0x0a }, 5, "emu_locked" },
	{ "x86_64", "xchg %rax,(%rdx)", { 0x48, 0x87, 0x02 }, 3, "emu_locked" },
	{ "x86_64", "xchg %rax,%rdx", { 0x48, 0x87, 0xc2 }, 3, "" },
	{ "x86_64", "mfence", { 0x0f, 0xae, 0xf0 }, 3, "emu_mfence" },
	{ "x86_64", "invlpg (%rax)", { 0x0f, 0x01, 0x38 }, 3, "emu_invlpg" },
	{ "x86_64", "mov %rax,%cr3", { 0x0f, 0x22, 0xd8 }, 3, "emu_serializing emu_crwrite" },
	{ "x86_64", "syscall (Xen PV hypercall)", { 0x0f, 0x05 }, 2, "emu_hypercall" },
	{ "x86_64", "vmcall", { 0x0f, 0x01, 0xc1 }, 3, "emu_hypercall" },
};

static const struct mcase mcases[] = {
	{ "ppc64", "xori r21,r21,0", LE(0x6ab50000), 1 },
	{ "ppc64", "xori r22,r22,0", LE(0x6ad60000), 2 },
	{ "ppc64", "xori r25,r25,0", LE(0x6b390000), 5 },
	{ "ppc64", "xori r26,r26,0", LE(0x6b5a0000), 6 },
	{ "ppc64", "xori r20,r20,0 (code 0)", LE(0x6a940000), 0 },
	{ "ppc64", "xori r21,r22,0", LE(0x6ad50000), 0 },
	{ "ppc64", "xori r21,r21,1", LE(0x6ab50001), 0 },
	{ "ppc64", "ori r21,r21,0", LE(0x62b50000), 0 },
	{ "ppc64", "xori r21,r21,0 big-endian bytes", BE(0x6ab50000), 0 },
	{ "sparc64", "or %g0,0x4c1,%g0", BE(0x801024c1), 1 },
	{ "sparc64", "or %g0,0x4c2,%g0", BE(0x801024c2), 2 },
	{ "sparc64", "or %g0,0x4c5,%g0", BE(0x801024c5), 5 },
	{ "sparc64", "or %g0,0x4c6,%g0", BE(0x801024c6), 6 },
	{ "sparc64", "or %g0,0x4c3,%g0 (code 3)", BE(0x801024c3), 0 },
	{ "sparc64", "or %g1,0x4c1,%g0", BE(0x801064c1), 0 },
	{ "sparc64", "nop", BE(0x01000000), 0 },
	{ "s390x", "nop 0x4c1", { 0x47, 0x00, 0x04, 0xc1 }, 4, 1 },
	{ "s390x", "nop 0x4c2", { 0x47, 0x00, 0x04, 0xc2 }, 4, 2 },
	{ "s390x", "nop 0x4c5", { 0x47, 0x00, 0x04, 0xc5 }, 4, 5 },
	{ "s390x", "nop 0x4c6", { 0x47, 0x00, 0x04, 0xc6 }, 4, 6 },
	{ "s390x", "nop 0x4c3 (code 3)", { 0x47, 0x00, 0x04, 0xc3 }, 4, 0 },
	{ "s390x", "nop 0x4c1(%r1)", { 0x47, 0x00, 0x14, 0xc1 }, 4, 0 },
	{ "s390x", "b 0x4c1 (bc 15)", { 0x47, 0xf0, 0x04, 0xc1 }, 4, 0 },
	{ "s390x", "nopr", { 0x07, 0x00 }, 2, 0 },
	{ "riscv64", "ori zero,zero,0x4c1", LE(0x4c106013), 1 },
	{ "riscv64", "ori zero,zero,0x4c2", LE(0x4c206013), 2 },
	{ "riscv64", "ori zero,zero,0x4c5", LE(0x4c506013), 5 },
	{ "riscv64", "ori zero,zero,0x4c6", LE(0x4c606013), 6 },
	{ "riscv64", "ori zero,zero,0x4c3 (code 3)", LE(0x4c306013), 0 },
	{ "riscv64", "ori ra,zero,0x4c1", LE(0x4c106093), 0 },
	{ "riscv64", "ori zero,ra,0x4c1", LE(0x4c10e013), 0 },
	{ "riscv64", "xori zero,zero,0x4c1", LE(0x4c104013), 0 },
	{ "riscv64", "addi zero,zero,0x4c1", LE(0x4c100013), 0 },
	{ "riscv64", "c.nop", { 0x01, 0x00 }, 2, 0 },
	{ "aarch64", "orr x21,x21,x21", LE(0xaa1502b5), 1 },
	{ "aarch64", "orr x22,x22,x22", LE(0xaa1602d6), 2 },
	{ "aarch64", "orr x25,x25,x25", LE(0xaa190339), 5 },
	{ "aarch64", "orr x26,x26,x26", LE(0xaa1a035a), 6 },
	{ "aarch64", "orr x23,x23,x23 (code 3)", LE(0xaa1702f7), 0 },
	{ "aarch64", "mov x21,x22", LE(0xaa1603f5), 0 },
	{ "x86_64", "nopl 0x4c5a4201(%rax,%rax,1)",
	  { 0x0f, 0x1f, 0x84, 0x00, 0x01, 0x42, 0x5a, 0x4c }, 8, 1 },
	{ "x86_64", "nopl 0x4c5a4206(%rax,%rax,1)",
	  { 0x0f, 0x1f, 0x84, 0x00, 0x06, 0x42, 0x5a, 0x4c }, 8, 6 },
	{ "x86_64", "nopl 0x4c5a4203(%rax,%rax,1) (code 3)",
	  { 0x0f, 0x1f, 0x84, 0x00, 0x03, 0x42, 0x5a, 0x4c }, 8, 0 },
	{ "x86_64", "nopl 0x12345601(%rax,%rax,1)",
	  { 0x0f, 0x1f, 0x84, 0x00, 0x01, 0x56, 0x34, 0x12 }, 8, 0 },
};

/* the counters an instruction adds to, by name, space-separated */
static void classify_names(const struct lc_arch *a, const uint8_t *b, size_t n, char *buf,
			   size_t len)
{
	int slots[LC_MAX_ADDS], m, i;

	m = a->classify(b, n, slots);
	buf[0] = 0;
	for (i = 0; i < m; i++) {
		if (slots[i] < LC_COMMON || slots[i] >= a->ncount) {
			snprintf(buf, len, "bad slot %d", slots[i]);
			return;
		}
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", i ? " " : "",
			 a->names[slots[i]]);
	}
}

static uint64_t user_va(const struct lc_arch *a)
{
	uint64_t va = 0x10000000;	/* 256 MiB: user everywhere but sparc64 */

	if (lc_is_kernel(a, va))
		va = 0x100000;
	return va;
}

static int run_table(void)
{
	size_t i, k;
	char got[256];

	ok(lc_arch_count() > 0 && !lc_arch_at(lc_arch_count()),
	   "%zu decoders registered (LC_ARCH)", lc_arch_count());
	for (k = 0; k < lc_arch_count(); k++) {
		const struct lc_arch *a = lc_arch_at(k);
		int j, dup = 0;

		ok(a->ncount > LC_COMMON && a->ncount <= LC_MAX_COUNT && a->nkernel > 0 &&
		   !strcmp(a->names[LC_KINSNS], "emu_insns") &&
		   !strcmp(a->names[LC_UINSNS], "emu_uinsns"),
		   "%s: %d counters, emu_insns and emu_uinsns first", a->target, a->ncount);
		for (i = 0; i < (size_t)a->ncount; i++)
			for (j = 0; j < (int)i; j++)
				dup |= !strcmp(a->names[i], a->names[j]) ||
				       strncmp(a->names[i], "emu_", 4);
		ok(!dup, "%s: counter names are distinct emu_* names", a->target);
		ok(lc_arch_find(a->target) == a, "%s: found by QEMU target name", a->target);
		for (j = 0; j < (int)k; j++)
			dup |= !strcmp(lc_arch_at((size_t)j)->target, a->target);
		ok(!dup, "%s: registered once", a->target);
		ok(!lc_is_kernel(a, user_va(a)) && lc_is_kernel(a, a->kernel[0].lo) &&
		   lc_is_kernel(a, a->kernel[0].hi) && !lc_is_kernel(a, a->kernel[0].lo - 1),
		   "%s: kernel range bounds (user code at 0x%llx is user)", a->target,
		   (unsigned long long)user_va(a));
	}
	ok(lc_arch_find("mips") == NULL, "an unknown target has no decoder");
	{
		/* the counters that define each arch (emu-merge keeps them even when 0) */
		static const struct { const char *target, *main; } want[] = {
			{ "aarch64", "emu_dsb emu_dmb emu_isb emu_tlbi" },
			{ "x86_64", "emu_lfence emu_mfence emu_sfence emu_locked emu_serializing "
				    "emu_invlpg emu_hypercall" },
			{ "ppc64", "emu_hcall emu_tlbie emu_sync emu_ptesync" },
			{ "sparc64", "emu_flush emu_demap emu_membar_sync" },
			{ "s390x", "emu_ipte emu_idte emu_serialize" },
			{ "riscv64", "emu_sfence_vma emu_fence emu_sbi" },
		};

		for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
			const struct lc_arch *a = lc_arch_find(want[i].target);
			size_t o = 0;
			int s;

			got[0] = '\0';
			for (s = LC_COMMON; a && s < a->ncount && o < sizeof(got); s++)
				if (a->main & LC_SLOT(s))
					o += (size_t)snprintf(got + o, sizeof(got) - o, "%s%s",
							      o ? " " : "", a->names[s]);
			ok(a && !strcmp(got, want[i].main) && !(a->main >> a->ncount),
			   "%s: the main counters are %s (got: %s)", want[i].target,
			   want[i].main, got);
		}
	}
	{
		const struct lc_arch *x = lc_arch_find("x86_64");

		ok(x && !strcmp(x->names[lc_insn_slot(x, 0xffff800000100000ull)], "emu_xen_insns") &&
		   !strcmp(x->names[lc_insn_slot(x, 0xffffffff81000000ull)], "emu_insns") &&
		   !strcmp(x->names[lc_insn_slot(x, 0x401000)], "emu_uinsns"),
		   "x86_64: Xen's range, the kernel's and user addresses count apart");
	}
	{
		const struct lc_arch *r = lc_arch_find("riscv64");

		ok(r && !strcmp(r->names[lc_insn_slot(r, 0x80000000ull)], "emu_sbi_insns") &&
		   !strcmp(r->names[lc_insn_slot(r, 0x801fffffull)], "emu_sbi_insns") &&
		   !strcmp(r->names[lc_insn_slot(r, 0x80200000ull)], "emu_uinsns") &&
		   !strcmp(r->names[lc_insn_slot(r, 0xffffffff80000000ull)], "emu_insns") &&
		   !strcmp(r->names[lc_insn_slot(r, 0x10000)], "emu_uinsns"),
		   "riscv64: the firmware's range, the kernel's and user addresses count apart");
	}
	{
		/* the units the reports print: the decoders' own, else the instruction's name */
		static const struct { const char *name, *unit; } units[] = {
			{ "emu_insns", "instructions" }, { "emu_uinsns", "instructions" },
			{ "emu_xen_insns", "instructions" }, { "emu_sbi_insns", "instructions" },
			{ "emu_hypercall", "hypercalls" }, { "emu_hcall", "hcalls" },
			{ "emu_locked", "locked instructions" },
			{ "emu_serializing", "serialising instructions" },
			{ "emu_crwrite", "CR writes" }, { "emu_flush", "flushes" },
			{ "emu_trap", "traps" }, { "emu_hvtrap", "hypervisor traps" },
			{ "emu_tlbi", "TLBI" }, { "emu_dsb_ish", "DSB ISH" },
			{ "emu_sfence_vma", "SFENCE VMA" }, { "emu_nosuch_x", "NOSUCH X" },
		};
		char ubuf[64];
		size_t u;

		for (u = 0; u < sizeof(units) / sizeof(units[0]); u++) {
			const char *unit = lc_unit(units[u].name, ubuf, sizeof(ubuf));

			ok(!strcmp(unit, units[u].unit), "the unit of %s is \"%s\" (%s)",
			   units[u].name, units[u].unit, unit);
		}
	}

	for (i = 0; i < sizeof(icases) / sizeof(icases[0]); i++) {
		const struct icase *c = &icases[i];
		const struct lc_arch *a = lc_arch_find(c->target);

		if (!a) {
			ok(0, "%s: no decoder", c->target);
			continue;
		}
		classify_names(a, c->b, c->n, got, sizeof(got));
		ok(!strcmp(got, c->counts), "%s: %-36s -> [%s]%s%s%s", c->target, c->what, got,
		   strcmp(got, c->counts) ? " want [" : "", strcmp(got, c->counts) ? c->counts : "",
		   strcmp(got, c->counts) ? "]" : "");
	}
	for (i = 0; i < sizeof(mcases) / sizeof(mcases[0]); i++) {
		const struct mcase *c = &mcases[i];
		const struct lc_arch *a = lc_arch_find(c->target);
		int code, kcode;

		if (!a) {
			ok(0, "%s: no decoder", c->target);
			continue;
		}
		code = lc_marker(a, c->b, c->n, user_va(a));
		kcode = lc_marker(a, c->b, c->n, a->kernel[0].lo + 0x1000);
		ok(code == c->code && kcode == 0,
		   "%s: marker %-32s -> code %d at a user address (want %d), %d at a kernel one",
		   c->target, c->what, code, c->code, kcode);
		/* a marker is never counted as anything else */
		if (c->code) {
			classify_names(a, c->b, c->n, got, sizeof(got));
			ok(!got[0], "%s: the marker %s counts nothing if met in the kernel",
			   c->target, c->what);
		}
	}
	return tap_done();
}

static int print_ranges(const char *target)
{
	const struct lc_arch *a = lc_arch_find(target);
	int i;

	if (!a) {
		fprintf(stderr, "decode-test: no decoder for target '%s'\n", target);
		return 2;
	}
	for (i = 0; i < a->nkernel; i++)
		printf("%s0x%llx-0x%llx", i ? "," : "", (unsigned long long)a->kernel[i].lo,
		       (unsigned long long)a->kernel[i].hi);
	printf("\n");
	return 0;
}

/* marker codes in a file of raw instruction bytes */
static int scan(const char *target, const char *path)
{
	const struct lc_arch *a = lc_arch_find(target);
	static uint8_t buf[1 << 20];
	size_t n, off, step, len;
	FILE *f;
	int first = 1;

	if (!a) {
		fprintf(stderr, "decode-test: no decoder for target '%s'\n", target);
		return 2;
	}
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 2;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	step = a->insn_align ? a->insn_align : 4;
	len = a->marker_len ? a->marker_len : 4;
	for (off = 0; off + len <= n; off += step) {
		int code = lc_marker(a, buf + off, len, user_va(a));

		if (code) {
			printf("%s%d", first ? "" : " ", code);
			first = 0;
		}
	}
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "ranges"))
		return print_ranges(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "scan"))
		return scan(argv[2], argv[3]);
	if (argc != 1) {
		fprintf(stderr, "usage: decode-test [ranges TARGET | scan TARGET FILE]\n");
		return 2;
	}
	return run_table();
}
