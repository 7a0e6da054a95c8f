#!/bin/sh
# A short real run of every workload: samples are plausible (positive, PTE counts right,
# one row per repetition), per-PTE division in the summary is right, and the populate
# is outside the window (no page faults inside it).
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
# kmod-* workloads need the kernel module, *-thp (h:1) need 2 MiB sizes: tested in their own files
WLS=$("$LB" list | awk '/^[a-z]/ {print $1}' | grep -v '^kmod-' | grep -v -- '-thp$')
"$LB" run $WLS --pages 1,16,512 --reps 5 --warmup 1 --events +page-faults \
	--out "$T/r" --label t >"$T/out" 2>"$T/err"
ok $? "run of every workload ($(echo $WLS | tr '\n' ' ')) exits 0"
d=$(run_dir "$T/r/t")
ok $? "one finished run directory" || { echo "Bail out! no run directory"; exit 1; }
tsv=$d/samples.tsv
for f in meta.json samples.tsv summary.txt; do
	[ -s "$d/$f" ]; ok $? "$f written"
done
head -n1 "$tsv" | grep -q "^workload	pages	ptes	rep	ns"; ok $? "TSV header starts workload pages ptes rep ns"
pf=$(col "$tsv" page_faults)
[ -n "$pf" ]; ok $? "page_faults column present (software event opened)"
grep -q '"complete": true' "$d/meta.json"; ok $? "meta.json complete=true"
grep -q '"format": "lazybench-run/1"' "$d/meta.json"; ok $? "meta.json format tag"
meta_check "$d/meta.json" "$tsv"; ok $? "meta.json is valid JSON; its metrics are the TSV columns"
for w in $WLS; do
	if grep -q "\"workload\": \"$w\"" "$d/meta.json" && ! awk -F'\t' -v w="$w" '$1 == w' "$tsv" | grep -q .; then
		skip "$(grep -o "\"workload\": \"$w\", \"pages\": [0-9]*, \"reason\": \"[^\"]*\"" "$d/meta.json" | head -1)" "$w skipped by the kernel"
		continue
	fi
	for p in 1 16 512; do
		rows=$(awk -F'\t' -v w="$w" -v p="$p" '$1 == w && $2 == p' "$tsv" | wc -l)
		[ "$rows" -eq 5 ]; ok $? "$w pages=$p: 5 rows ($rows)"
		awk -F'\t' -v w="$w" -v p="$p" '$1 == w && $2 == p && ($3 != p || $5 <= 0 || $4 < 0 || $4 > 4) {bad=1} END {exit bad}' "$tsv"
		ok $? "$w pages=$p: ptes = pages, ns > 0, rep 0..4"
		case $w in
		fork|empty) ;;
		*)	# the populate (one fault per page) must not be in the window
			awk -F'\t' -v w="$w" -v p="$p" -v c="$pf" '$1 == w && $2 == p && $c > 1 {bad=1} END {exit bad}' "$tsv"
			ok $? "$w pages=$p: no page faults inside the window (populate outside)";;
		esac
	done
done
# fork: the parent may fault on its own stack after fork(), but never once per page
awk -F'\t' -v c="$pf" '$1 == "fork" && $2 == 512 && $c > 16 {bad=1} END {exit bad}' "$tsv"
ok $? "fork pages=512: the populate is not in the window (<= 16 faults)"
# per-PTE division in the summary: median/PTE = median/op / ptes
awk '$1 == "munmap" && $2 == 512 && $4 == "ns" {d = $5 / $3 - $6; if (d < 0) d = -d; ok = d < 0.001} END {exit !ok}' "$d/summary.txt"
ok $? "summary: munmap 512 ns/PTE = ns/op / 512"
# the summary median equals the median of the stored clean samples (contam != 1)
m=$(awk -F'\t' '$1 == "mremap" && $2 == 512 && $NF != 1 {print $5}' "$tsv" | sort -n |
	awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.0f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}')
s=$(awk '$1 == "mremap" && $2 == 512 && $4 == "ns" {printf "%.0f", $5}' "$d/summary.txt")
[ "$m" = "$s" ]; ok $? "summary median ($s) is the median of the clean samples ($m)"
cmp -s "$T/out" "$d/summary.txt"; ok $? "stdout is summary.txt"
! grep -q "INCOMPLETE" "$d/summary.txt"; ok $? "a finished run's summary does not say incomplete"
grep -q "^lazybench: \[1/" "$T/err"; ok $? "progress lines on stderr"
done_testing
