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
 * recognises it at translation time and snapshots its counters there. Each arch's
 * instruction is in its arch/<arch>.conf (marker_if, marker_asm), from which
 * scripts/arch-table generates marker-arch.h (why each is a true no-op: the decoders,
 * emu/arch-*.c).
 * Each is also a compiler barrier, so the op cannot be moved across it.
 */
#ifndef LAZYBENCH_MARKER_H
#define LAZYBENCH_MARKER_H

#define LB_MARK_START	1
#define LB_MARK_END	2
#define LB_MARK_WARMUP	4	/* or-ed in: the window belongs to a warm-up repetition */

#include "marker-arch.h"

#ifdef LB_MARKER_INSN
#define LB_MARKER_1 LB_MARKER_INSN(1)
#define LB_MARKER_2 LB_MARKER_INSN(2)
#define LB_MARKER_5 LB_MARKER_INSN(5)
#define LB_MARKER_6 LB_MARKER_INSN(6)
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
