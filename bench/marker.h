/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Emulator window markers. The harness calls lb_marker(LB_MARK_START) right before the
 * timed op and lb_marker(LB_MARK_END) right after it. On real hardware the marker is a
 * no-op instruction sequence; the QEMU TCG plugin (emu/) recognises it and snapshots
 * its counters there. Defined by the plugin's author; until then it does nothing.
 */
#ifndef LAZYBENCH_MARKER_H
#define LAZYBENCH_MARKER_H

#define LB_MARK_START	1
#define LB_MARK_END	2

static inline void lb_marker(int which)
{
	(void)which;
}

#endif
