/* SPDX-License-Identifier: GPL-2.0 */
/* lazybench: facts about the machine and kernel for meta.json. */
#ifndef LAZYBENCH_SYSINFO_H
#define LAZYBENCH_SYSINFO_H

#include <stdio.h>

#define LB_NCONFIG 6

struct lb_sysinfo {
	char hostname[256], arch[72], cpu_model[256];
	long ncpus;
	char governor[64], boost[16];		/* "" when not readable */
	char emulated[16];			/* tcg kvm xen-pv none unknown */
	char release[256], version[512], cmdline[2048];
	long page_size;
	char thp[32];
	const char *config_source;		/* NULL when no config was readable */
	char config[LB_NCONFIG][8];		/* "y" "m" "n", "" = unknown */
	int debug_pagealloc;			/* 1, 0, -1 unknown */
	int xen_pv;
	char clocksource[64];
	/*
	 * x86: below this many pages a range flush is done page by page (INVLPG), above it
	 * the whole TLB is flushed (debugfs x86/tlb_single_page_flush_ceiling); -1 unknown
	 */
	long tlb_ceiling;
	char tlb_ceiling_why[160];		/* where it came from, or why it is unknown */
};

extern const char *const lb_config_keys[LB_NCONFIG];

void lb_sysinfo_collect(struct lb_sysinfo *si, int cpu);
/* the "host", "kernel" and "clock" members (ref_counter: NULL or "tsc"/"cntvct") */
void lb_sysinfo_json(FILE *f, const struct lb_sysinfo *si, const char *ref_counter);
/* parse kernel config text: fills si->config for lb_config_keys */
void lb_config_parse(struct lb_sysinfo *si, const char *text);
/* 1 when kind is one host.emulated may hold: tcg kvm xen-pv none unknown */
int lb_emulated_ok(const char *kind);
/* 1 when times are from an emulator (LAZYBENCH_EMULATED=tcg or detected) */
int lb_is_tcg(const struct lb_sysinfo *si);

#endif
