// SPDX-License-Identifier: GPL-2.0
/*
 * lazycount: a QEMU TCG plugin (plugin API 1, QEMU 7.2) that counts, inside marked
 * windows, the instructions a guest executes at kernel addresses and the barrier /
 * serialising instructions among them.
 *
 *   qemu-system-aarch64 ... -icount shift=0,sleep=off \
 *       -plugin emu/liblazycount.so,outfile=/tmp/counts.tsv
 *
 * Counting is done with inline adds (no callback per instruction). Instructions are
 * counted in groups: the adds for the instructions so far in a block are placed before
 * each instruction that may stop the block (memory access, system instruction, SVC,
 * ...: a fault then counts the faulting instruction, exactly as one add per instruction
 * would, and nothing after it), before the block's last instruction and before a
 * marker (arm64; on x86_64, where the grouped counts were seen to differ from one add
 * per instruction by a few per window, every instruction gets its add); every barrier
 * adds 1 to its own counter. Options: count=exact (default),
 * count=insn (one add per instruction: the same counts, slower), count=tb (one add per
 * block: cheapest, overcounts a block cut short by an exception), count=none (markers
 * only: for measuring the plugin's own cost). Callbacks run only at marker instructions
 * and, with more than one vCPU, once per executed block to attribute the global
 * counters to the vCPU that runs (exact with single-threaded TCG, which -icount
 * implies; with MTTCG and several vCPUs the unsynchronised inline adds could lose
 * counts).
 *
 * Markers (bench/marker.h): no-op instructions executed by the lazybench harness at
 * user addresses, recognised here at translation time:
 *   aarch64: orr xN, xN, xN       with N = 20 + code
 *   x86_64:  nopl 0x4c5a4200+code(%rax,%rax,1)   (0f 1f 84 00 <disp32>)
 * code: 1 start, 2 end, 5 warm-up start, 6 warm-up end.
 *
 * Output: a TSV file, one row per closed window, in the order windows close.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu-plugin.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MARK_START	1
#define MARK_END	2
#define MARK_WARMUP	4
#define X86_MARK_MAGIC	0x4c5a4200u
#define MAX_VCPUS	64

enum arch { ARCH_ARM64, ARCH_X86_64 };

/* counter slots; the first two are common, the rest per architecture */
enum { C_KINSNS, C_UINSNS, C_COMMON };

/* aarch64: barrier option (CRm) names, "" for encodings that are not DSB/DMB options */
static const char *const a64_opt[16] = {
	"", "oshld", "oshst", "osh", "", "nshld", "nshst", "nsh",
	"", "ishld", "ishst", "ish", "", "ld", "st", "sy",
};

enum {
	A_DSB = C_COMMON,		/* all dsb */
	A_DMB,				/* all dmb */
	A_ISB,
	A_TLBI,
	A_DSB_OPT,			/* 16 slots, by CRm */
	A_DMB_OPT = A_DSB_OPT + 16,	/* 16 slots, by CRm */
	A_NCOUNT = A_DMB_OPT + 16,
};

enum {
	X_XINSNS = C_COMMON,	/* instructions in the Xen hypervisor's range */
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

#define NCOUNT_MAX A_NCOUNT

static enum arch arch;
static int ncount;
static const char *names[NCOUNT_MAX];
static char optnames[32][24];

/* the global counters the inline ops add to */
static uint64_t cur[NCOUNT_MAX];

/* attribution to vCPUs (more than one vCPU only) */
static bool multi_vcpu;
static unsigned int last_vcpu;
static uint64_t snap[NCOUNT_MAX];
static uint64_t acc[MAX_VCPUS][NCOUNT_MAX];

/* open windows */
static bool open_win[MAX_VCPUS];
static int open_code[MAX_VCPUS];
static uint64_t start_val[MAX_VCPUS][NCOUNT_MAX];

static FILE *out;
/*
 * 0 exact (adds grouped up to instructions that may stop a block), 1 per block (cheaper,
 * overcounts a block cut short by an exception), 2 markers only, 3 one add per instruction
 */
static int count_mode;
static uint64_t nwin, ntimed, nwarm, nbad;

static void vcpu_total(unsigned int vcpu, uint64_t *v)
{
	int i;

	if (!multi_vcpu) {
		memcpy(v, cur, sizeof(cur[0]) * ncount);
		return;
	}
	for (i = 0; i < ncount; i++)
		v[i] = acc[vcpu][i] + (vcpu == last_vcpu ? cur[i] - snap[i] : 0);
}

/* once per executed block when there are several vCPUs: charge the previous vCPU */
static void tb_exec(unsigned int vcpu, void *udata)
{
	int i;

	(void)udata;
	if (vcpu == last_vcpu || vcpu >= MAX_VCPUS)
		return;
	for (i = 0; i < ncount; i++) {
		acc[last_vcpu][i] += cur[i] - snap[i];
		snap[i] = cur[i];
	}
	last_vcpu = vcpu;
}

static void marker_exec(unsigned int vcpu, void *udata)
{
	int code = (int)(uintptr_t)udata;
	uint64_t now[NCOUNT_MAX];
	int i;

	if (vcpu >= MAX_VCPUS)
		return;
	vcpu_total(vcpu, now);
	if (code & MARK_START) {
		if (open_win[vcpu])
			nbad++;		/* start without end: drop the old one */
		open_win[vcpu] = true;
		open_code[vcpu] = code;
		memcpy(start_val[vcpu], now, sizeof(now[0]) * ncount);
		return;
	}
	/* end marker */
	if (!open_win[vcpu] || (open_code[vcpu] & MARK_WARMUP) != (code & MARK_WARMUP)) {
		nbad++;
		open_win[vcpu] = false;
		return;
	}
	open_win[vcpu] = false;
	fprintf(out, "%" PRIu64 "\t%s\t%u", nwin, (code & MARK_WARMUP) ? "warmup" : "timed", vcpu);
	for (i = 0; i < ncount; i++)
		fprintf(out, "\t%" PRIu64, now[i] - start_val[vcpu][i]);
	fputc('\n', out);
	nwin++;
	if (code & MARK_WARMUP)
		nwarm++;
	else
		ntimed++;
}

static bool is_kernel(uint64_t va)
{
	if (arch == ARCH_ARM64)
		return va >> 63;
	return va >= 0xffff800000000000ull;
}

static int marker_code(const uint8_t *d, size_t n, uint64_t va)
{
	uint32_t w;

	if (is_kernel(va))
		return 0;
	if (arch == ARCH_ARM64) {
		unsigned int r;

		if (n != 4)
			return 0;
		memcpy(&w, d, 4);
		/* ORR (shifted register), 64-bit, LSL #0, Rd == Rn == Rm */
		if ((w & 0xffe0fc00u) != 0xaa000000u)
			return 0;
		r = w & 31;
		if (((w >> 5) & 31) != r || ((w >> 16) & 31) != r)
			return 0;
		if (r != 20 + MARK_START && r != 20 + MARK_END &&
		    r != 20 + (MARK_START | MARK_WARMUP) && r != 20 + (MARK_END | MARK_WARMUP))
			return 0;
		return (int)r - 20;
	}
	if (n != 8 || d[0] != 0x0f || d[1] != 0x1f || d[2] != 0x84 || d[3] != 0x00)
		return 0;
	memcpy(&w, d + 4, 4);
	if ((w & 0xffffff00u) != X86_MARK_MAGIC)
		return 0;
	w &= 0xff;
	if (w != MARK_START && w != MARK_END && w != (MARK_START | MARK_WARMUP) &&
	    w != (MARK_END | MARK_WARMUP))
		return 0;
	return (int)w;
}

static void add1(struct qemu_plugin_insn *insn, int slot)
{
	qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
						   &cur[slot], 1);
}

static void classify_arm64(struct qemu_plugin_insn *insn, const uint8_t *d, size_t n)
{
	uint32_t w;
	unsigned int crm;

	if (n != 4)
		return;
	memcpy(&w, d, 4);
	crm = (w >> 8) & 15;
	switch (w & 0xfffff0ffu) {
	case 0xd503309fu:		/* DSB; CRm 0 and 4 are SSBB / PSSBB */
		if (crm == 0 || crm == 4)
			return;
		add1(insn, A_DSB);
		add1(insn, A_DSB_OPT + crm);
		return;
	case 0xd50330bfu:		/* DMB */
		add1(insn, A_DMB);
		add1(insn, A_DMB_OPT + crm);
		return;
	case 0xd50330dfu:		/* ISB */
		add1(insn, A_ISB);
		return;
	}
	/* SYS #op1, C8, Cm, #op2: TLBI */
	if ((w & 0xfff8f000u) == 0xd5088000u)
		add1(insn, A_TLBI);
}

static void classify_x86(struct qemu_plugin_insn *insn, const uint8_t *d, size_t n)
{
	size_t i = 0;
	bool lock = false, mandatory = false;
	uint8_t op, modrm;

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
		return;
	if (lock)
		add1(insn, X_LOCKED);
	op = d[i++];
	if (op == 0x86 || op == 0x87) {		/* xchg r/m: locked when memory */
		if (!lock && i < n && (d[i] >> 6) != 3)
			add1(insn, X_LOCKED);
		return;
	}
	if (op == 0xcf) {			/* iret */
		add1(insn, X_SERIAL);
		return;
	}
	if (op != 0x0f || i >= n)
		return;
	op = d[i++];
	modrm = i < n ? d[i] : 0;
	switch (op) {
	case 0xae:
		if (i >= n || (modrm >> 6) != 3 || mandatory)
			return;
		if (((modrm >> 3) & 7) == 5)
			add1(insn, X_LFENCE);
		else if (((modrm >> 3) & 7) == 6)
			add1(insn, X_MFENCE);
		else if (((modrm >> 3) & 7) == 7)
			add1(insn, X_SFENCE);
		return;
	case 0xa2:				/* cpuid */
	case 0x30:				/* wrmsr */
	case 0x08:				/* invd */
	case 0x09:				/* wbinvd */
		add1(insn, X_SERIAL);
		return;
	case 0x22:				/* mov to CRn */
		add1(insn, X_SERIAL);
		add1(insn, X_CRWRITE);
		return;
	case 0x05:				/* syscall from a PV kernel: a hypercall */
		add1(insn, X_HYPERCALL);
		return;
	case 0x01:
		if (i >= n)
			return;
		if (modrm == 0xc1 || modrm == 0xd9)	/* vmcall, vmmcall */
			add1(insn, X_HYPERCALL);
		else if (modrm == 0xe8 && !mandatory)	/* serialize */
			add1(insn, X_SERIAL);
		else if ((modrm >> 6) != 3 && ((modrm >> 3) & 7) == 7)	/* invlpg */
			add1(insn, X_INVLPG);
		return;
	case 0x38:				/* 66 0f 38 82: invpcid */
		if (i < n && d[i] == 0x82)
			add1(insn, X_INVLPG);
		return;
	}
}

/*
 * Can this instruction stop its block before the next one runs (a synchronous
 * exception: memory access, system register trap, SVC, undefined, FP trap, ...)?
 * Conservative: only forms known never to trap are "no".
 */
static bool may_stop(const uint8_t *d, size_t n)
{
	if (arch == ARCH_ARM64) {
		uint32_t w;

		if (n != 4)
			return true;
		memcpy(&w, d, 4);
		/* data processing: immediate (op0 100x) or register (op0 x101) */
		if (((w >> 26) & 7) == 4 || ((w >> 25) & 7) == 5)
			return false;
		/* unconditional/conditional branches, compare/test and branch (not BR/SVC/...) */
		if (((w >> 26) & 0x1f) == 5 || ((w >> 25) & 0x3f) == 0x1a ||
		    ((w >> 25) & 0x3f) == 0x1b || (w & 0xff000010u) == 0x54000000u)
			return false;
		return true;
	} else {
		size_t i = 0;
		uint8_t op, modrm;
		bool reg;

		if (i < n && d[i] == 0x66)
			i++;
		if (i < n && (d[i] & 0xf0) == 0x40)
			i++;
		if (i >= n)
			return true;
		op = d[i++];
		modrm = i < n ? d[i] : 0;
		reg = i < n && (modrm >> 6) == 3;
		if (op < 0x40 && op != 0x0f) {		/* add/or/adc/sbb/and/sub/xor/cmp */
			if ((op & 7) <= 3)
				return !reg;		/* r/m forms: safe between registers */
			return (op & 7) > 5;		/* al/eax, imm: safe; 6/7: other */
		}
		if ((op >= 0x70 && op <= 0x7f) || op == 0xeb || op == 0xe9 || op == 0x90 ||
		    (op >= 0xb0 && op <= 0xbf) || op == 0x8d)
			return false;			/* jcc, jmp, nop, mov imm, lea */
		if ((op >= 0x80 && op <= 0x8b && op != 0x82 && op != 0x86 && op != 0x87) ||
		    op == 0x63 || op == 0xc0 || op == 0xc1 || op == 0xd0 || op == 0xd1 ||
		    op == 0xd3)
			return !reg;			/* grp1, test, mov, movsxd, shifts: r, r */
		if (op == 0xf6 || op == 0xf7)		/* test/not/neg r; mul/div may trap */
			return !reg || ((modrm >> 3) & 7) >= 4;
		if (op != 0x0f || i >= n)
			return true;
		op = d[i++];
		modrm = i < n ? d[i] : 0;
		reg = i < n && (modrm >> 6) == 3;
		if (op == 0x1f || (op >= 0x80 && op <= 0x8f))
			return false;			/* nop r/m (no access), jcc rel32 */
		if ((op >= 0x40 && op <= 0x4f) || (op >= 0x90 && op <= 0x9f) || op == 0xaf ||
		    op == 0xb6 || op == 0xb7 || op == 0xbe || op == 0xbf)
			return !reg;			/* cmov, setcc, imul, movzx, movsx: r, r */
		return true;
	}
}

/* the instruction-count slot of an address */
static int insn_slot(uint64_t va)
{
	if (!is_kernel(va))
		return C_UINSNS;
	if (arch == ARCH_X86_64 && va < 0xffff880000000000ull)
		return X_XINSNS;	/* 0xffff8000'00000000..0xffff87ff'ffffffff: Xen's */
	return C_KINSNS;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);
	uint64_t pend[3] = { 0, 0, 0 };	/* C_KINSNS, C_UINSNS, X_XINSNS not yet added */
	static const int slots[3] = { C_KINSNS, C_UINSNS, X_XINSNS };

	(void)id;
	if (multi_vcpu)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS, NULL);
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		const uint8_t *d = qemu_plugin_insn_data(insn);
		size_t sz = qemu_plugin_insn_size(insn);
		uint64_t va = qemu_plugin_insn_vaddr(insn);
		int slot = insn_slot(va), code = 0, k;
		bool commit;

		if (slot == C_UINSNS) {
			code = marker_code(d, sz, va);
			if (code)
				qemu_plugin_register_vcpu_insn_exec_cb(insn, marker_exec,
								       QEMU_PLUGIN_CB_NO_REGS,
								       (void *)(uintptr_t)code);
		} else if (slot == C_KINSNS && count_mode != 2) {
			if (arch == ARCH_ARM64)
				classify_arm64(insn, d, sz);
			else
				classify_x86(insn, d, sz);
		}
		if (count_mode == 2)
			continue;
		pend[slot == C_KINSNS ? 0 : slot == C_UINSNS ? 1 : 2]++;
		if (count_mode == 1)
			continue;
		/*
		 * Exact mode: the instructions counted so far are added before an instruction
		 * that may stop the block (so a fault counts the faulting instruction, as a
		 * per-instruction add would, and nothing after it), before the block's last
		 * instruction, and before the instruction ahead of a marker (so a window
		 * starts and ends with everything before it added).
		 */
		commit = count_mode == 3 || arch == ARCH_X86_64 || i + 1 == n || code ||
			 may_stop(d, sz);
		if (!commit && i + 1 < n) {
			struct qemu_plugin_insn *nx = qemu_plugin_tb_get_insn(tb, i + 1);

			commit = marker_code(qemu_plugin_insn_data(nx), qemu_plugin_insn_size(nx),
					     qemu_plugin_insn_vaddr(nx)) != 0;
		}
		if (!commit)
			continue;
		for (k = 0; k < 3; k++) {
			if (!pend[k])
				continue;
			qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
								   &cur[slots[k]], pend[k]);
			pend[k] = 0;
		}
	}
	/* block mode: one add per block, at its start */
	for (i = 0; i < 3 && count_mode == 1; i++)
		if (pend[i])
			qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
								 &cur[slots[i]], pend[i]);
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	(void)id;
	(void)udata;
	fprintf(out, "# end windows=%" PRIu64 " timed=%" PRIu64 " warmup=%" PRIu64
		" unmatched=%" PRIu64 " total_kinsns=%" PRIu64 "\n",
		nwin, ntimed, nwarm, nbad, cur[C_KINSNS]);
	fclose(out);
	out = NULL;
}

static void setup_names(void)
{
	int i;

	names[C_KINSNS] = "emu_insns";
	names[C_UINSNS] = "emu_uinsns";
	if (arch == ARCH_ARM64) {
		ncount = A_NCOUNT;
		names[A_DSB] = "emu_dsb";
		names[A_DMB] = "emu_dmb";
		names[A_ISB] = "emu_isb";
		names[A_TLBI] = "emu_tlbi";
		for (i = 0; i < 16; i++) {
			if (*a64_opt[i])
				snprintf(optnames[i], sizeof(optnames[i]), "emu_dsb_%s", a64_opt[i]);
			else
				snprintf(optnames[i], sizeof(optnames[i]), "emu_dsb_crm%d", i);
			if (*a64_opt[i])
				snprintf(optnames[16 + i], sizeof(optnames[i]), "emu_dmb_%s",
					 a64_opt[i]);
			else
				snprintf(optnames[16 + i], sizeof(optnames[i]), "emu_dmb_crm%d", i);
			names[A_DSB_OPT + i] = optnames[i];
			names[A_DMB_OPT + i] = optnames[16 + i];
		}
		return;
	}
	ncount = X_NCOUNT;
	names[X_XINSNS] = "emu_xen_insns";
	names[X_LFENCE] = "emu_lfence";
	names[X_MFENCE] = "emu_mfence";
	names[X_SFENCE] = "emu_sfence";
	names[X_LOCKED] = "emu_locked";
	names[X_SERIAL] = "emu_serializing";
	names[X_INVLPG] = "emu_invlpg";
	names[X_CRWRITE] = "emu_crwrite";
	names[X_HYPERCALL] = "emu_hypercall";
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *outfile = NULL;
	int i, vcpus;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "outfile=", 8)) {
			outfile = argv[i] + 8;
		} else if (!strcmp(argv[i], "count=exact")) {
			count_mode = 0;
		} else if (!strcmp(argv[i], "count=insn")) {
			count_mode = 3;
		} else if (!strcmp(argv[i], "count=tb")) {
			count_mode = 1;
		} else if (!strcmp(argv[i], "count=none")) {
			count_mode = 2;
		} else {
			fprintf(stderr, "lazycount: unknown option '%s' (want outfile=PATH, "
				"count=exact|insn|tb|none)\n",
				argv[i]);
			return -1;
		}
	}
	if (!outfile || !*outfile) {
		fprintf(stderr, "lazycount: missing outfile=PATH\n");
		return -1;
	}
	if (!info->system_emulation) {
		fprintf(stderr, "lazycount: needs full-system emulation (qemu-system-*)\n");
		return -1;
	}
	if (!strcmp(info->target_name, "aarch64")) {
		arch = ARCH_ARM64;
	} else if (!strcmp(info->target_name, "x86_64")) {
		arch = ARCH_X86_64;
	} else {
		fprintf(stderr, "lazycount: unsupported target '%s' (aarch64, x86_64)\n",
			info->target_name);
		return -1;
	}
	vcpus = info->system.max_vcpus;
	if (vcpus > MAX_VCPUS) {
		fprintf(stderr, "lazycount: %d vCPUs, at most %d supported\n", vcpus, MAX_VCPUS);
		return -1;
	}
	multi_vcpu = vcpus != 1;
	out = fopen(outfile, "w");
	if (!out) {
		perror(outfile);
		return -1;
	}
	setvbuf(out, NULL, _IOLBF, 0);
	setup_names();
	fprintf(out, "# lazycount/1 target=%s plugin_api=%d vcpus=%d\n", info->target_name,
		info->version.cur, vcpus);
	fprintf(out, "seq\tkind\tvcpu");
	for (i = 0; i < ncount; i++)
		fprintf(out, "\t%s", names[i]);
	fputc('\n', out);

	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
