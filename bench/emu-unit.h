/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LB_EMU_UNIT_H
#define LB_EMU_UNIT_H

#include <stddef.h>

/*
 * What an emulator count (an emu_* column of samples.tsv) counts, as the unit written
 * into meta.json and shown by the reports: "instructions" for emu_insns, "hypercalls"
 * for emu_hypercall, "TLBI" for emu_tlbi, ... The one owner of these names: the merger
 * writes them, compare reads them (and maps runs written before it, which said
 * "instructions" for every column). Returns name-derived text in buf, or a constant.
 */
const char *lb_emu_unit(const char *col, char *buf, size_t len);

#endif
