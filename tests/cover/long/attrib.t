#!/usr/bin/env bash
# Per-patch attribution on a series written for it (tests/fixtures/attrib-series: three
# harmless patches around the context-switch fix and the two xen-nobatch patches), Xen PV
# dom0, exact counts from the TCG plugin (--emu): `compare-revisions --per-patch` gives
# one column per prefix, and only the prefixes with patch 2 (batching restored) and
# patch 5 (batching removed) move the hypercall count of a 512-page mprotect; `--bisect`
# names patch 5 (up across 256 from prefix 2) and patch 2 (down across 256 from the base),
# from the cached builds. Builds the six prefixes when they are missing (each on the one
# before: under a minute each here), so it is a check-long test.
. "$(dirname "$0")/../../vm/lib.sh"
build_or_skip B "$x86_base"
have_xen || skip_all "needs Debian's Xen hypervisor: run scripts/fetch-xen"
plan 11
cr=$root/scripts/compare-revisions
ser=$root/tests/fixtures/attrib-series
common=(--base debian:7.3 --arch x86_64 --config xen-pv --xen --emu --results "$tmp/res" --timeout 900)
make -s -C "$root" emu >/dev/null 2>&1

s=$(date +%s)
"$cr" "${common[@]}" --boots 1 --per-patch "$ser" --suite "mprotect --pages 512 --reps 3 --warmup 1" \
	--compare-args "--format text --brief --metric emu_hypercall" >"$tmp/pp" 2>"$tmp/pp.err"
rc=$?
diag "--per-patch took $(( $(date +%s) - s ))s" "$(grep -E 'built in|building' "$tmp/pp.err")"
ok $rc "compare-revisions --per-patch --emu exits 0"
sed 's/^/# /' "$tmp/pp"
[ "$(grep -c '^columns: ' "$tmp/pp")" = 7 ] && grep -q 'mprotect: emu_hypercall' "$tmp/pp"
ok $? "it prints the legend and the emu_hypercall comparison, one column per prefix"
declare -A v=()
for l in base p1 p1-2 p1-3 p1-4 p1-5 p1-6; do
	if [ $l = base ]; then d=$tmp/res/7.3-x86_64-xen; else d=$tmp/res/7.3+$l-x86_64-xen; fi
	r=$(ls -d "$d"/*/ 2>/dev/null | head -n1)
	v[$l]=$( [ -n "$r" ] && tsv_median "${r%/}" mprotect 512 emu_hypercall || echo none)
done
diag "emu_hypercall per 512-page mprotect: base ${v[base]} p1 ${v[p1]} p1-2 ${v[p1-2]} p1-3 ${v[p1-3]} p1-4 ${v[p1-4]} p1-5 ${v[p1-5]} p1-6 ${v[p1-6]}"
hi() { [ "$1" != none ] && [ "$1" -gt 256 ]; }
lo() { [ "$1" != none ] && [ "$1" -lt 256 ]; }
hi "${v[base]}" && hi "${v[p1]}"
ok $? "base and p1 (a comment): about one hypercall per PTE (7.3.4 does not batch in tasks)"
lo "${v[p1-2]}" && lo "${v[p1-3]}" && lo "${v[p1-4]}"
ok $? "p1-2 (the context-switch fix), p1-3 (docs), p1-4 (a refactor): batched, few hypercalls"
hi "${v[p1-5]}" && hi "${v[p1-6]}"
ok $? "p1-5 (no batching) and p1-6 (a comment): one hypercall per PTE again"

s=$(date +%s)
"$cr" "${common[@]}" --no-build --bisect "$ser" --metric emu_hypercall --workload mprotect --pages 512 \
	--threshold 256 --from 2 >"$tmp/b1" 2>"$tmp/b1.err"
rc=$?
t=$(( $(date +%s) - s ))
sed 's/^/# /' "$tmp/b1"
ok $rc "--bisect from prefix 2 exits 0 ($t s, cached builds only)"
grep -qx 'first patch that crosses: 5/6 x86/xen: do not batch page-table updates in lazy MMU mode' "$tmp/b1"
ok $? "it names patch 5, the one that stops batching"
[ "$(grep -c 'running the suite' "$tmp/b1.err")" -le 4 ]
ok $? "it ran at most 4 of the 5 prefixes it searched (binary search)"
"$cr" "${common[@]}" --no-build --bisect "$ser" --metric emu_hypercall --workload mprotect --pages 512 \
	--threshold 256 --below --to 4 >"$tmp/b2" 2>"$tmp/b2.err"
rc=$?
sed 's/^/# /' "$tmp/b2"
[ "$rc" = 0 ] && grep -qx 'first patch that crosses: 2/6 x86/xen: do not pause lazy MMU mode across context switches' "$tmp/b2"
ok $? "--below from the base names patch 2, the fix that restores batching"
"$cr" "${common[@]}" --no-build --bisect "$ser" --metric emu_hypercall --workload mprotect --pages 512 \
	--threshold 256 >"$tmp/b3" 2>"$tmp/b3.err"
rc=$?
[ "$rc" = 1 ] && grep -q '^base already has emu_hypercall .* > 256' "$tmp/b3"
ok $? "a predicate the base already meets: exit 1, says so, names no patch"
! grep -q 'first patch' "$tmp/b3"
ok $? "(and prints no attribution)"
done_testing
