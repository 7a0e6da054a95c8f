/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lazycount's per-architecture decoders (emu/arch-*.c). A decoder only looks at an
 * instruction's bytes and address: it does not use the QEMU plugin API, so the unit test
 * (tests/emu/decode.c) links the same code and feeds it known encodings, and lazybench
 * links it for its counters' units (lc_unit(): emu-merge, compare).
 *
 * Adding an architecture: one file emu/arch-<target>.c defining a struct lc_arch and
 * registering it with LC_ARCH(), and its cases in tests/emu/decode.c. The builds take
 * every emu/arch-*.c (mk/emu.mk, emu/Makefile).
 */
#ifndef LAZYCOUNT_H
#define LAZYCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* marker codes (bench/marker.h LB_MARK_*) */
#define LC_MARK_START	1
#define LC_MARK_END	2
#define LC_MARK_WARMUP	4

/* the counter slots every arch has; an arch's own follow from LC_COMMON */
enum { LC_KINSNS, LC_UINSNS, LC_COMMON };

#define LC_MAX_COUNT	48	/* counters of one arch, at most */
#define LC_MAX_ADDS	4	/* counters one instruction may add 1 to, at most */
#define LC_SLOT(s)	(1ull << (s))	/* a counter's bit in lc_arch.main */

struct lc_range {
	uint64_t lo, hi;	/* inclusive */
};

struct lc_arch {
	const char *target;		/* QEMU's target_name ("ppc64", ...) */
	const char *guest;		/* what it decodes, for messages */
	int ncount;			/* LC_COMMON + the arch's counters */
	const char *const *names;	/* ncount column names */
	/*
	 * the counters that define the arch (LC_SLOT bits; the LC_COMMON ones always are):
	 * the counts header names them (main=), and `lazybench emu-merge` merges these
	 * into every run, the others only when a window counted one
	 */
	uint64_t main;
	/*
	 * what a counter counts, in meta.json's words (ncount entries, or NULL): the counts
	 * file carries them to emu-merge (# desc lines); a counter without one is "<name>
	 * instructions at kernel addresses" there (emu_dsb_ish: "dsb ish instructions ...")
	 */
	const char *const *descs;
	/*
	 * a counter's unit, in meta.json's words (ncount entries, or NULL): lc_unit() gives
	 * it to emu-merge and compare; a counter without one counts its instruction, named
	 * after it (emu_tlbi: "TLBI")
	 */
	const char *const *units;
	const struct lc_range *kernel;	/* kernel virtual ranges */
	int nkernel;
	/* the marker code (1, 2, 5, 6) of an instruction, or 0; address checked by lc_marker */
	int (*marker)(const uint8_t *d, size_t n);
	/* a kernel instruction: store the counters it adds 1 to in slots, return how many */
	int (*classify)(const uint8_t *d, size_t n, int *slots);
	/*
	 * Can the instruction stop its block (a synchronous exception)? NULL: assume every
	 * instruction can (each gets its own add: exact, slower).
	 */
	bool (*may_stop)(const uint8_t *d, size_t n);
	/* the instruction-count slot of a kernel address (NULL: LC_KINSNS) */
	int (*kernel_slot)(uint64_t va);
	/*
	 * Instructions start at multiples of this many bytes (0: 4), and a marker is
	 * marker_len bytes long (0: 4): where tests/emu/decode.c scans compiled code.
	 */
	unsigned int insn_align, marker_len;
};

/*
 * Registration without a table: each decoder's address goes into the "lc_arches"
 * section; the linker provides __start_/__stop_ symbols around it (as LB_WORKLOAD()
 * does for the workloads, bench/workload.h).
 */
#define LC_ARCH(var)							\
	static const struct lc_arch *const lc_arch_ptr_##var		\
	__attribute__((used, section("lc_arches"), aligned(sizeof(void *)))) = &(var)

/* the registered decoders: i from 0 to lc_arch_count() - 1, in no particular order */
size_t lc_arch_count(void);
const struct lc_arch *lc_arch_at(size_t i);
const struct lc_arch *lc_arch_find(const char *target);
bool lc_is_kernel(const struct lc_arch *a, uint64_t va);
/* LC_KINSNS, LC_UINSNS or the arch's slot for the address */
int lc_insn_slot(const struct lc_arch *a, uint64_t va);
/* the marker code at a user address, else 0 */
int lc_marker(const struct lc_arch *a, const uint8_t *d, size_t n, uint64_t va);
/* is code one of the four marker codes? */
bool lc_valid_code(unsigned int code);
/*
 * The unit of the counter column name (an emu_* column of samples.tsv): "instructions"
 * for the instruction counts every arch has, else the unit its decoder gives it
 * (lc_arch.units), else the instruction it is named after: emu_dsb_ish -> "DSB ISH".
 * The text is a constant or written into buf.
 */
const char *lc_unit(const char *name, char *buf, size_t len);

static inline uint32_t lc_be32(const uint8_t *d)
{
	return (uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 8 | d[3];
}

static inline uint32_t lc_le32(const uint8_t *d)
{
	return (uint32_t)d[3] << 24 | (uint32_t)d[2] << 16 | (uint32_t)d[1] << 8 | d[0];
}

#endif
