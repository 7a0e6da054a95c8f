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
 * user addresses, recognised here at translation time. What a marker is, which addresses
 * are the kernel's and which instructions are counted is each architecture's decoder:
 * emu/arch-<target>.c, one per QEMU target (emu/lazycount.h).
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
#include "lazycount.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAX_VCPUS	64

static const struct lc_arch *arch;
static int ncount;

/* the global counters the inline ops add to */
static uint64_t cur[LC_MAX_COUNT];

/* attribution to vCPUs (more than one vCPU only) */
static bool multi_vcpu;
static unsigned int last_vcpu;
static uint64_t snap[LC_MAX_COUNT];
static uint64_t acc[MAX_VCPUS][LC_MAX_COUNT];

/* open windows */
static bool open_win[MAX_VCPUS];
static int open_code[MAX_VCPUS];
static uint64_t start_val[MAX_VCPUS][LC_MAX_COUNT];

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
	uint64_t now[LC_MAX_COUNT];
	int i;

	if (vcpu >= MAX_VCPUS)
		return;
	vcpu_total(vcpu, now);
	if (code & LC_MARK_START) {
		if (open_win[vcpu])
			nbad++;		/* start without end: drop the old one */
		open_win[vcpu] = true;
		open_code[vcpu] = code;
		memcpy(start_val[vcpu], now, sizeof(now[0]) * ncount);
		return;
	}
	/* end marker */
	if (!open_win[vcpu] || (open_code[vcpu] & LC_MARK_WARMUP) != (code & LC_MARK_WARMUP)) {
		nbad++;
		open_win[vcpu] = false;
		return;
	}
	open_win[vcpu] = false;
	fprintf(out, "%" PRIu64 "\t%s\t%u", nwin, (code & LC_MARK_WARMUP) ? "warmup" : "timed", vcpu);
	for (i = 0; i < ncount; i++)
		fprintf(out, "\t%" PRIu64, now[i] - start_val[vcpu][i]);
	fputc('\n', out);
	nwin++;
	if (code & LC_MARK_WARMUP)
		nwarm++;
	else
		ntimed++;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);
	uint64_t pend[LC_MAX_COUNT] = { 0 };	/* instruction counts not yet added, by slot */
	int k, npend = 0;

	(void)id;
	if (multi_vcpu)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS, NULL);
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		const uint8_t *d = qemu_plugin_insn_data(insn);
		size_t sz = qemu_plugin_insn_size(insn);
		uint64_t va = qemu_plugin_insn_vaddr(insn);
		int slot = lc_insn_slot(arch, va), code = 0;
		bool commit;

		if (slot == LC_UINSNS) {
			code = arch->marker(d, sz);
			if (code)
				qemu_plugin_register_vcpu_insn_exec_cb(insn, marker_exec,
								       QEMU_PLUGIN_CB_NO_REGS,
								       (void *)(uintptr_t)code);
		} else if (slot == LC_KINSNS && count_mode != 2) {
			int slots[LC_MAX_ADDS], m = arch->classify(d, sz, slots);

			for (k = 0; k < m; k++)
				qemu_plugin_register_vcpu_insn_exec_inline(insn,
									   QEMU_PLUGIN_INLINE_ADD_U64,
									   &cur[slots[k]], 1);
		}
		if (count_mode == 2)
			continue;
		pend[slot]++;
		npend++;
		if (count_mode == 1)
			continue;
		/*
		 * Exact mode: the instructions counted so far are added before an instruction
		 * that may stop the block (so a fault counts the faulting instruction, as a
		 * per-instruction add would, and nothing after it), before the block's last
		 * instruction, and before the instruction ahead of a marker (so a window
		 * starts and ends with everything before it added). An arch without may_stop
		 * gets one add per instruction.
		 */
		commit = count_mode == 3 || !arch->may_stop || i + 1 == n || code ||
			 arch->may_stop(d, sz);
		if (!commit && i + 1 < n) {
			struct qemu_plugin_insn *nx = qemu_plugin_tb_get_insn(tb, i + 1);

			commit = lc_marker(arch, qemu_plugin_insn_data(nx), qemu_plugin_insn_size(nx),
					   qemu_plugin_insn_vaddr(nx)) != 0;
		}
		if (!commit)
			continue;
		for (k = 0; k < ncount && npend; k++) {
			if (!pend[k])
				continue;
			qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64,
								   &cur[k], pend[k]);
			npend -= (int)pend[k];
			pend[k] = 0;
		}
	}
	/* block mode: one add per block, at its start */
	for (k = 0; k < ncount && count_mode == 1; k++)
		if (pend[k])
			qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
								 &cur[k], pend[k]);
}

static void at_exit(qemu_plugin_id_t id, void *udata)
{
	(void)id;
	(void)udata;
	fprintf(out, "# end windows=%" PRIu64 " timed=%" PRIu64 " warmup=%" PRIu64
		" unmatched=%" PRIu64 " total_kinsns=%" PRIu64 "\n",
		nwin, ntimed, nwarm, nbad, cur[LC_KINSNS]);
	fclose(out);
	out = NULL;
}

/* what counter i counts in meta.json's words, or NULL: emu-merge says "<what> instructions" */
static const char *counter_desc(int i)
{
	if (i == LC_KINSNS)
		return "instructions executed at kernel addresses in the window";
	if (i == LC_UINSNS)
		return "instructions executed at user addresses in the window";
	return arch->descs ? arch->descs[i] : NULL;
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
	arch = lc_arch_find(info->target_name);
	if (!arch) {
		fprintf(stderr, "lazycount: unsupported target '%s' (", info->target_name);
		for (i = 0; i < (int)lc_arch_count(); i++)
			fprintf(stderr, "%s%s", i ? ", " : "", lc_arch_at(i)->target);
		fprintf(stderr, ")\n");
		return -1;
	}
	ncount = arch->ncount;
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
	fprintf(out, "# lazycount/1 target=%s plugin_api=%d vcpus=%d kernel=", info->target_name,
		info->version.cur, vcpus);
	for (i = 0; i < arch->nkernel; i++)
		fprintf(out, "%s0x%" PRIx64 "-0x%" PRIx64, i ? "," : "", arch->kernel[i].lo,
			arch->kernel[i].hi);
	/* the counters that define the arch: every merged run gets them, even when 0 */
	fputs(" main=", out);
	for (i = 0; i < ncount; i++)
		if (i < LC_COMMON || (arch->main & LC_SLOT(i)))
			fprintf(out, "%s%s", i ? "," : "", arch->names[i]);
	fputc('\n', out);
	fprintf(out, "seq\tkind\tvcpu");
	for (i = 0; i < ncount; i++)
		fprintf(out, "\t%s", arch->names[i]);
	fputc('\n', out);
	/* what a counter counts, in meta.json's words (emu-merge writes them there) */
	for (i = 0; i < ncount; i++)
		if (counter_desc(i))
			fprintf(out, "# desc %s %s\n", arch->names[i], counter_desc(i));

	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
