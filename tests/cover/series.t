#!/usr/bin/env bash
# compare-revisions --per-patch / --bisect without booting anything: how a series is cut
# into prefixes (the columns and their legend, a cover letter dropped, the same series as
# one mbox or a directory gives the same prefixes, so the same cached builds), and bad
# input (one line naming the problem, exit 2). The builds and VM runs are in
# tests/cover/long/attrib.t.
. "$(dirname "$0")/../vm/lib.sh"
plan 14
cr=$root/scripts/compare-revisions
ser=$root/tests/fixtures/attrib-series
export LAZYBENCH_CACHE=$tmp/cache	# prefix directories go here; nothing is built
base=(--base debian:7.3 --arch x86_64 --config xen-pv --xen)

"$cr" "${base[@]}" --per-patch "$ser" --dry-run >"$tmp/d1" 2>"$tmp/e1"
ok $? "--per-patch --dry-run exits 0"
[ "$(grep -c '^columns: ' "$tmp/d1")" = 7 ] &&
	grep -qx 'columns: 1 = base (debian:7.3)' "$tmp/d1" &&
	grep -qx 'columns: 3 = p1-2: + patch 2/6 x86/xen: do not pause lazy MMU mode across context switches' "$tmp/d1" &&
	grep -qx 'columns: 6 = p1-5: + patch 5/6 x86/xen: do not batch page-table updates in lazy MMU mode' "$tmp/d1"
ok $? "the legend: base and one column per prefix, each naming the patch it adds"
diag "$(head -n 7 "$tmp/d1")"
[ "$(grep -cE '^(base|p1|p1-[2-6]) +(built|to build) ' "$tmp/d1")" = 7 ]
ok $? "one kernel per column: base, p1, p1-2 ... p1-6"
p5=$(sed -n 's/^p1-5 .*--patches \([^ ]*\)$/\1/p' "$tmp/d1")
[ -d "$p5" ] && [ "$(ls "$p5" | wc -l)" = 5 ] &&
	grep -q '^Subject: .*5/6\] x86/xen: do not batch' "$(ls -d "$p5"/* | tail -n1)"
ok $? "prefix p1-5 is a directory of the first five mails, the fifth last"
# the same series as one mbox, with a cover letter in front
{ printf 'From 0 Mon Sep 17 00:00:00 2001\nFrom: a <a@b.invalid>\nSubject: [PATCH 0/6] cover\n\nThe cover letter.\n\n'
  cat "$ser"/*.patch; } >"$tmp/series.mbox"
"$cr" "${base[@]}" --per-patch "$tmp/series.mbox" --dry-run >"$tmp/d2" 2>/dev/null
[ "$(grep -c '^columns: ' "$tmp/d2")" = 7 ] && ! grep -q 'cover' "$tmp/d2"
ok $? "one mbox with a cover letter: the same six patches, no column for the cover letter"
[ "$(sed -n 's/^p1-5 .*--patches //p' "$tmp/d2")" = "$p5" ]
ok $? "the mbox and the directory give the same prefix directories (so the same cached builds)"
"$cr" "${base[@]}" --bisect "$ser" --metric emu_hypercall --workload mprotect --pages 512 \
	--threshold 256 --dry-run >"$tmp/d3" 2>&1
ok $? "--bisect --dry-run with a full predicate exits 0"

check() { # check DESC EXPECTED-SUBSTRING ARGS...
	local desc=$1 want=$2 out rc
	shift 2
	out=$("$cr" "$@" 2>&1 </dev/null); rc=$?
	[ "$rc" = 2 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -qF -- "$want"
	ok $? "$desc (rc=$rc: $out)"
}
check "--per-patch with --revs" "does not go with" "${base[@]}" --per-patch "$ser" --revs "a:b"
check "--bisect without a predicate" "--bisect needs --metric" "${base[@]}" --bisect "$ser" --metric emu_dsb
check "--bisect with a bad threshold" "--threshold wants a number" "${base[@]}" --bisect "$ser" \
	--metric emu_dsb --workload kmod-vmalloc --pages 512 --threshold lots
check "--bisect --to past the series" "the series has 6 patches" "${base[@]}" --bisect "$ser" \
	--metric emu_dsb --workload kmod-vmalloc --pages 512 --threshold 3 --to 9
check "--bisect --from not below --to" "must be below" "${base[@]}" --bisect "$ser" \
	--metric emu_dsb --workload kmod-vmalloc --pages 512 --threshold 3 --from 4 --to 4
check "a series that does not exist" "is not a file or a directory" "${base[@]}" --per-patch "$tmp/none"
mkdir -p "$tmp/empty" && touch "$tmp/empty/notes.txt"
check "a directory without patches" "no *.patch" "${base[@]}" --per-patch "$tmp/empty"
done_testing
