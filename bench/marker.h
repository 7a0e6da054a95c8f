/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Emulator window markers. The harness calls lb_marker(LB_MARK_START) right before the
 * timed op and lb_marker(LB_MARK_END) right after it; warm-up repetitions use
 * lb_marker(LB_MARK_START | LB_MARK_WARMUP) and lb_marker(LB_MARK_END | LB_MARK_WARMUP)
 * so that the plugin can tell them apart (if a harness marks warm-ups like timed reps,
 * `lazybench emu-merge` drops the first `warmup` windows of each size point instead).
 *
 * On real hardware (and in any emulator without the plugin) a marker is one no-op
 * instruction: nothing is read or written. The QEMU TCG plugin (emu/lazycount.c)
 * recognises it at translation time and snapshots its counters there:
 *   aarch64: orr xN, xN, xN                      N = 20 + code (x21, x22, x25, x26)
 *   x86_64:  nopl 0x4c5a4200+code(%rax,%rax,1)  0f 1f 84 00 <disp32>; no memory access
 *   ppc64le: xori rN, rN, 0                      N = 20 + code (r21, r22, r25, r26)
 *   sparc64: or %g0, 0x4c0 + code, %g0           the result goes to %g0: discarded
 *   s390x:   nop 0x4c0 + code                    bc 0,0x4c0+code: never branches
 * (why each is a true no-op: the decoders, emu/arch-*.c)
 * Each is also a compiler barrier, so the op cannot be moved across it.
 */
#ifndef LAZYBENCH_MARKER_H
#define LAZYBENCH_MARKER_H

#define LB_MARK_START	1
#define LB_MARK_END	2
#define LB_MARK_WARMUP	4	/* or-ed in: the window belongs to a warm-up repetition */

#if defined(__aarch64__)
#define LB_MARKER_INSN(code) \
	__asm__ __volatile__("orr x" #code ", x" #code ", x" #code ::: "memory")
#define LB_MARKER_1 LB_MARKER_INSN(21)
#define LB_MARKER_2 LB_MARKER_INSN(22)
#define LB_MARKER_5 LB_MARKER_INSN(25)
#define LB_MARKER_6 LB_MARKER_INSN(26)
#elif defined(__x86_64__)
#define LB_MARKER_INSN(code) \
	__asm__ __volatile__(".byte 0x0f, 0x1f, 0x84, 0x00, " #code ", 0x42, 0x5a, 0x4c" \
			     ::: "memory")
#define LB_MARKER_1 LB_MARKER_INSN(1)
#define LB_MARKER_2 LB_MARKER_INSN(2)
#define LB_MARKER_5 LB_MARKER_INSN(5)
#define LB_MARKER_6 LB_MARKER_INSN(6)
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
#define LB_MARKER_INSN(r) __asm__ __volatile__("xori " #r "," #r ",0" ::: "memory")
#define LB_MARKER_1 LB_MARKER_INSN(21)
#define LB_MARKER_2 LB_MARKER_INSN(22)
#define LB_MARKER_5 LB_MARKER_INSN(25)
#define LB_MARKER_6 LB_MARKER_INSN(26)
#elif defined(__sparc__) && defined(__arch64__)
#define LB_MARKER_INSN(imm) __asm__ __volatile__("or %%g0, " #imm ", %%g0" ::: "memory")
#define LB_MARKER_1 LB_MARKER_INSN(0x4c1)
#define LB_MARKER_2 LB_MARKER_INSN(0x4c2)
#define LB_MARKER_5 LB_MARKER_INSN(0x4c5)
#define LB_MARKER_6 LB_MARKER_INSN(0x4c6)
#elif defined(__s390x__)
#define LB_MARKER_INSN(word) __asm__ __volatile__(".long " #word ::: "memory")
#define LB_MARKER_1 LB_MARKER_INSN(0x470004c1)
#define LB_MARKER_2 LB_MARKER_INSN(0x470004c2)
#define LB_MARKER_5 LB_MARKER_INSN(0x470004c5)
#define LB_MARKER_6 LB_MARKER_INSN(0x470004c6)
#else
#define LB_MARKER_1 __asm__ __volatile__("" ::: "memory")
#define LB_MARKER_2 LB_MARKER_1
#define LB_MARKER_5 LB_MARKER_1
#define LB_MARKER_6 LB_MARKER_1
#endif

static inline __attribute__((always_inline)) void lb_marker(int which)
{
	switch (which) {
	case LB_MARK_START:
		LB_MARKER_1;
		break;
	case LB_MARK_END:
		LB_MARKER_2;
		break;
	case LB_MARK_START | LB_MARK_WARMUP:
		LB_MARKER_5;
		break;
	case LB_MARK_END | LB_MARK_WARMUP:
		LB_MARKER_6;
		break;
	default:
		break;
	}
}

#endif
