#!/usr/bin/env bash
# The nested-disable fixture (tests/fixtures/nested-disable-leaves.mbox: a nested
# lazy_mmu_mode_disable() leaves lazy MMU mode, the pre-nesting behaviour) against plain
# Debian 7.3, arm64, DEBUG_PAGEALLOC on: the exact barrier counts show which paths nest
# (the allocator's __kernel_map_pages -> apply_to_page_range opens a lazy section inside
# the caller's, e.g. a page-table page allocated while vmalloc maps) and by how much.
. "$(dirname "$0")/../lib.sh"
need_qemu qemu-system-aarch64 arm
fix=$root/tests/fixtures/nested-disable-leaves.mbox
[ -f "$fix" ] || skip_all "fixture $fix missing"
build_or_skip B "--debian 7.3 --arch arm64 --config debug-pagealloc"
build_or_skip BN "--debian 7.3 --arch arm64 --config debug-pagealloc --rev nested --patches $fix"
plan 4

out=$tmp/cmp.out
"$root/scripts/emu-compare" --arch arm64 --config debug-pagealloc --module --no-build \
	--results "$tmp/res" --suite "kmod-vmalloc kmod-vfree kmod-vmap kmod-vunmap kmod-apply-range kmod-nest8 mremap munmap fork --pages 512 --reps 3 --warmup 1" \
	debian:7.3 "debian:7.3+nested=$fix" >"$out" 2>"$tmp/cmp.err"
ok $? "emu-compare 7.3 vs 7.3+nested-disable-leaves (DEBUG_PAGEALLOC) ran"
sed 's/^/# /' "$tmp/cmp.err" | tail -n 3
# emu-compare lists the run directories in KERNEL order (both kernels may be 7.3.4)
dirs=$(sed -n '/^Exact counts per PTE/,/^kernel /p' "$out" | sed -n 's/^  \(\/.*\)$/\1/p')
base=$(echo "$dirs" | sed -n 1p)
nest=$(echo "$dirs" | sed -n 2p)
[ -n "$base" ] && [ -n "$nest" ]
ok $? "both runs came back"
per() { # per RUNDIR -> "workload dsb/PTE isb/PTE" (median)
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ k = $1; n[k]++; d[k, n[k]] = $(c["emu_dsb"]) / $(c["ptes"]); s[k, n[k]] = $(c["emu_isb"]) / $(c["ptes"]) }
		END { for (k in n) { m = n[k]; printf "%s %.4f %.4f\n", k, d[k, int((m + 1) / 2)], s[k, int((m + 1) / 2)] } }' \
		"$1/samples.tsv" | sort
}
join <(per "$base") <(per "$nest") >"$tmp/j"
diag "dsb/PTE and isb/PTE at 512 pages: workload  7.3-dsb 7.3-isb  nested-dsb nested-isb"
sed 's/^/  /' "$tmp/j" | sed 's/^/# /'
changed=$(awk '$2 != $4 || $3 != $5 { printf "%s ", $1 }' "$tmp/j")
diag "paths whose barrier counts change: ${changed:-none}"
# DEBUG_PAGEALLOC must be in effect in both runs, or the comparison says nothing: every
# page vfree() frees is unmapped from the linear map (a dsb per page, outside the lazy
# section), so kmod-vfree pays about 2 dsb per PTE on both kernels.
awk '$1 == "kmod-vfree" && $2 >= 1.5 && $4 >= 1.5 { ok = 1 } END { exit !ok }' "$tmp/j"
ok $? "DEBUG_PAGEALLOC in effect in both runs (kmod-vfree >= 1.5 dsb per PTE)"
# Measured 2026-11-21: no path changes. None of these workloads writes kernel PTEs
# after a nested section inside an outer one (vmalloc/vmap allocate before their section,
# vfree frees after it), so leaving the mode early has nothing left to un-batch.
# TODO, not a failure: it reports "unexpectedly succeeded" once a workload nests that way.
tn=$((tn + 1))
if [ -n "$changed" ]; then
	echo "ok $tn - the fixture changes the barrier counts of a nesting path # TODO no measured path nests with writes after the inner section (docs/emu.md)"
else
	echo "not ok $tn - the fixture changes the barrier counts of a nesting path # TODO no measured path nests with writes after the inner section (docs/emu.md)"
fi
done_testing
