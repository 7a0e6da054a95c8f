#!/bin/sh
# h:1 variants (PTE-mapped 2 MiB THP folios): every stored row carries the verified folio
# size (512 pages), sizes that are no multiple of 2 MiB are skipped with the reason, and
# without root (no /proc/kpageflags to verify with) they are skipped, not run unverified.
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
grep -q '\[never\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null &&
	{ echo "1..0 # SKIP THP is never on this kernel"; exit 0; }
[ -r /sys/kernel/mm/transparent_hugepage/enabled ] || { echo "1..0 # SKIP no THP"; exit 0; }
WLS="munmap-thp madv-dontneed-thp mprotect-thp mremap-thp fork-thp"
if [ "$(id -u)" -ne 0 ]; then
	echo "1..0 # SKIP needs root (/proc/kpageflags)"; exit 0
fi
"$LB" run $WLS --pages 16,512 --reps 3 --warmup 1 --events '' --out "$T/r" --label l >"$T/out" 2>"$T/err"
ok $? "h:1 run exits 0"
d=$(run_dir "$T/r/l") || { echo "Bail out! no run"; exit 1; }
fp=$(col "$d/samples.tsv" folio_pages)
for w in $WLS; do
	rows=$(awk -F'\t' -v w="$w" -v c="$fp" '$1 == w && $2 == 512 && $c == 512' "$d/samples.tsv" | wc -l)
	[ "$rows" -eq 3 ]; ok $? "$w 512 pages: 3 rows, each on verified 512-page folios ($rows)"
	grep -q "\"workload\": \"$w\", \"pages\": 16, \"reason\": \"h:1 needs a multiple of 512 pages" "$d/meta.json"
	ok $? "$w 16 pages: skipped with the reason"
done
cr=$(col "$d/samples.tsv" child_in_window)
awk -F'\t' -v c="$cr" '$1 == "fork-thp" && $c != 0 {bad=1} END {exit bad}' "$d/samples.tsv"; ok $? "fork-thp: the child never ran in the window"
# mTHP: the smallest size below 2 MiB that this kernel has enabled, as --folio
msize=""
for f in /sys/kernel/mm/transparent_hugepage/hugepages-*kB/enabled; do
	[ -r "$f" ] || continue
	kb=$(echo "$f" | sed 's/.*hugepages-\([0-9]*\)kB.*/\1/')
	[ "$kb" -lt 2048 ] || continue
	grep -q '\[never\]' "$f" && continue
	grep -q '\[inherit\]' "$f" && grep -q '\[never\]' /sys/kernel/mm/transparent_hugepage/enabled && continue
	{ [ -z "$msize" ] || [ "$kb" -lt "$msize" ]; } && msize=$kb
done
if [ -n "$msize" ]; then
	"$LB" run munmap-thp fork-thp --pages 512 --reps 3 --folio ${msize}k --events '' --out "$T/m" --label l >/dev/null 2>&1
	ok $? "--folio ${msize}k run exits 0"
	dm=$(run_dir "$T/m/l")
	want=$((msize * 1024 / $(getconf PAGESIZE)))
	awk -F'\t' -v c="$(col "$dm/samples.tsv" folio_pages)" -v w="$want" 'NR > 1 && $c != w {bad=1} END {exit bad || NR != 7}' "$dm/samples.tsv"
	ok $? "--folio ${msize}k: every row on verified $want-page mTHP folios"
else
	"$LB" run munmap-thp --pages 512 --reps 1 --folio 64k --events '' --out "$T/m" --label l >/dev/null 2>&1
	grep -q '64 kB THP is off: echo madvise > /sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled' "$(run_dir "$T/m/l")/meta.json"
	ok $? "--folio 64k with 64 kB THP off: skipped, saying how to enable it"
	skip "no mTHP size below 2 MiB is enabled on this kernel" "mTHP folios verified"
fi
# h:0 rows have no folio value
"$LB" run munmap --pages 512 --reps 2 --events '' --out "$T/h0" --label l >/dev/null 2>&1
d0=$(run_dir "$T/h0/l")
[ -z "$(col "$d0/samples.tsv" folio_pages)" ]; ok $? "h:0 workloads alone: no folio_pages column"
if command -v setpriv >/dev/null; then
	mkdir -m 777 "$T/w"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$LB" run munmap-thp --pages 512 --reps 1 \
		--events '' --out "$T/w/r" --label l >/dev/null 2>&1
	ok $? "as nobody: exits 0"
	grep -q 'needs root to verify the folios' "$(run_dir "$T/w/r/l")/meta.json"; ok $? "as nobody: skipped, needs root to verify"
fi
done_testing
