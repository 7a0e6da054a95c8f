// SPDX-License-Identifier: GPL-2.0
/* The unit of each emulator count: see emu-unit.h. */
#include <stdio.h>
#include <string.h>

#include "emu-unit.h"

const char *lb_emu_unit(const char *col, char *buf, size_t len)
{
	static const struct { const char *name, *unit; } named[] = {
		{ "emu_insns", "instructions" }, { "emu_uinsns", "instructions" },
		{ "emu_xen_insns", "instructions" }, { "emu_hypercall", "hypercalls" },
		{ "emu_hcall", "hcalls" }, { "emu_locked", "locked instructions" },
		{ "emu_serializing", "serialising instructions" },
		{ "emu_crwrite", "CR writes" }, { "emu_flush", "flushes" },
		{ "emu_trap", "traps" }, { "emu_hvtrap", "hypervisor traps" },
	};
	size_t i;
	char *p;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (!strcmp(col, named[i].name))
			return named[i].unit;
	/* the instruction counted: emu_tlbi -> "TLBI", emu_dsb_ish -> "DSB ISH" */
	snprintf(buf, len, "%s", strncmp(col, "emu_", 4) ? col : col + 4);
	for (p = buf; *p; p++)
		*p = *p == '_' ? ' ' : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
	return buf;
}
