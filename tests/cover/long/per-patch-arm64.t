#!/usr/bin/env bash
# compare-revisions --per-patch on arm64 (QEMU virt, TCG, the lazycount plugin's exact
# barrier counts) with lazybench.ko: a two-patch series, a comment in mm/vmalloc.c
# (tests/fixtures/attrib-series patch 1) and tests/fixtures/vmalloc-nobatch.mbox
# (vmalloc maps its pages outside a lazy MMU section). Each prefix is built on the one
# before it (incremental: mm/vmalloc.o and the version files); the cover table shows the
# arch's defining counts (arch/arm64.conf emu_metrics); the comment changes no count, the
# second patch gives every PTE a 512-page vmalloc maps its own dsb and isb.
. "$(dirname "$0")/../../vm/lib.sh"
command -v qemu-system-aarch64 >/dev/null || skip_all "qemu-system-aarch64 missing (apt-get install qemu-system-arm)"
command -v aarch64-linux-gnu-gcc >/dev/null || skip_all "aarch64-linux-gnu-gcc missing (apt-get install gcc-aarch64-linux-gnu)"
build_or_skip B "--debian 7.3 --arch arm64 --config base"
plan 7
cr=$root/scripts/compare-revisions
mkdir -p "$tmp/ser"
cp "$root"/tests/fixtures/attrib-series/0001-*.patch "$tmp/ser/0001-vmalloc-comment.patch"
cp "$root/tests/fixtures/vmalloc-nobatch.mbox" "$tmp/ser/0002-vmalloc-nobatch.mbox"
make -s -C "$root" emu >/dev/null 2>&1
common=(--base debian:7.3 --arch arm64 --config base --emu --module --results "$tmp/res" --timeout 1200)

s=$(date +%s)
"$cr" "${common[@]}" --boots 1 --per-patch "$tmp/ser" \
	--suite "kmod-vmalloc munmap --pages 512 --reps 3 --warmup 1" >"$tmp/pp" 2>"$tmp/pp.err"
rc=$?
diag "--per-patch took $(( $(date +%s) - s ))s" "$(grep -E 'built in|building on' "$tmp/pp.err")"
ok $rc "compare-revisions --per-patch --arch arm64 --emu exits 0"
sed 's/^/# /' "$tmp/pp"
grep -q 'emu_dsb' "$tmp/pp" && grep -q 'emu_isb' "$tmp/pp"
ok $? "the cover table shows arm64's defining counts (emu_dsb, emu_isb)"
[ "$(grep -c '^columns: ' "$tmp/pp.err" "$tmp/pp" | awk -F: '{ s += $NF } END { print s }')" -ge 3 ]
ok $? "one column per prefix after the base (legend)"
# compare-revisions names each build: "build 3/3: p1-2: built in ...: DIR" (or "built already: DIR")
b2=$(sed -n 's/.*build [0-9]*\/[0-9]*: p1-2: built [^:]*: \(\/.*\) \[.*/\1/p' "$tmp/pp.err" | head -n1)
grep -q '^built_from=.*+p1-arm64-base-.* (+1 patches, incremental)' "$b2/manifest" 2>/dev/null
ok $? "prefix 2 was built on prefix 1 ($(grep '^built_from' "$b2/manifest" 2>/dev/null))"
emu() { # LABELDIR -> "workload pages col=value ..." for every emu_* column, per window
	local r
	r=$(ls -d "$1"/*/ 2>/dev/null | head -n1)
	[ -n "$r" ] && awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^emu_/ || $i == "workload" || $i == "pages") k[i] = $i; next }
		{ l = ""; for (i in k) l = l " " k[i] "=" $i; print l }' "${r%/}/samples.tsv" | sort
}
emu "$tmp/res/7.3-arm64" >"$tmp/base.emu"
emu "$tmp/res/7.3+p1-arm64" >"$tmp/p1.emu"
[ -s "$tmp/base.emu" ] && cmp -s "$tmp/base.emu" "$tmp/p1.emu"
ok $? "a comment changes no exact count: p1 equals the base in every window"
emu "$tmp/res/7.3+p1-2-arm64" >"$tmp/p12.emu"
[ -s "$tmp/p12.emu" ]
ok $? "prefix 2 ran ($(wc -l <"$tmp/p12.emu") windows)"
dsb() { # LABELDIR -> median emu_dsb per PTE of kmod-vmalloc
	local r
	r=$(ls -d "$1"/*/ 2>/dev/null | head -n1)
	[ -n "$r" ] && awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 == "kmod-vmalloc" { v[++n] = $(c["emu_dsb"]) / $(c["ptes"]) }
		END { if (n) { asort(v); printf "%.3f\n", v[int((n + 1) / 2)] } }' "${r%/}/samples.tsv"
}
d0=$(dsb "$tmp/res/7.3-arm64") d2=$(dsb "$tmp/res/7.3+p1-2-arm64")
diag "kmod-vmalloc 512 pages, dsb per PTE: base $d0, p1-2 $d2"
awk -v a="$d0" -v b="$d2" 'BEGIN { exit !(a != "" && b != "" && b >= a + 0.9) }'
ok $? "without the lazy section every mapped PTE pays a dsb: p1-2 has at least 0.9 more per PTE"
done_testing
