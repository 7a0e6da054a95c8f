#!/usr/bin/env bash
# lazybench compare: one reproducer per display or input defect of issue 9 (numbers and
# labels never cut, overflow, zero baselines, bad values, truncated files, duplicated
# runs, things left out are noted), exact metrics compared value by value, warnings in
# every format and never dropped, the contam column. TAP. LAZYBENCH selects the binary.
. "$(dirname "$0")/lib.sh"
# a run dir from mkrun.py whose samples.tsv is replaced: tsv DIR LABEL 'ROW' ['ROW'...]
# rows are "pages<TAB>ptes<TAB>rep<TAB>ns" (workload mremap), header workload..ns
tsv() {
	local d=$1 l=$2
	shift 2
	$MK "$d" --label "$l" --seed 1 >/dev/null
	printf 'workload\tpages\tptes\trep\tns\n' >"$d/samples.tsv"
	for r in "$@"; do printf 'mremap\t%s\n' "$r" >>"$d/samples.tsv"; done
}
# n rows at pages p with values from a python expression of i: rows DIR LABEL P N EXPR
rows() {
	local d=$1 l=$2 p=$3 k=$4 e=$5
	$MK "$d" --label "$l" --seed 1 >/dev/null
	$PY - "$d/samples.tsv" "$p" "$k" "$e" <<'PYEOF'
import sys
f, p, k, e = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
with open(f, "w") as o:
    o.write("workload\tpages\tptes\trep\tns\n")
    for i in range(k):
        o.write("mremap\t%d\t%d\t%d\t%s\n" % (p, p, i, repr(float(eval(e)))))
PYEOF
}


# --- numbers are never cut ---
rows "$T/huge0" base 1 12 '1.5e100 * (1 + i / 1000)'
rows "$T/huge1" v2 1 12 '1.5e100 * (1 + i / 500)'
cmp_run --brief "$T/huge0" "$T/huge1"
grep -E '^Median +1 ' "$T/out" | grep -qE ' 1\.5[0-9]*e\+100 \(' && [ "$(awk 'length > 80' "$T/out" | wc -l)" -eq 0 ]
ok $? "1.5e100 is printed whole, not cut to 1.508e+10: $(grep -E '^Median +1 ' "$T/out")"
rows "$T/tiny0" base 1 12 '1e-120 * (1 + i / 1000)'
rows "$T/tiny1" v2 1 12 '1e-120 * (1 + i / 500)'
cmp_run --brief "$T/tiny0" "$T/tiny1"
grep -E '^Median +1 ' "$T/out" | grep -qE ' 1\.0*[0-9]*e-120 \('
ok $? "1e-120 is printed whole, not cut to 1.583e-12: $(grep -E '^Median +1 ' "$T/out")"
rows "$T/wide0" base 1 12 '(1 + i / 1000)'
rows "$T/wide1" v2 1 12 '1e9 * (1 + i / 1000)'
cmp_run --assume-independent "$T/wide0" "$T/wide1"
ci=$(grep -E '^CI95 +1 ' "$T/out")
echo "$ci" | grep -qE '\[\+[0-9.]+e\+[0-9]+,\+[0-9.]+e\+[0-9]+\]%$' && [ "$(awk 'length > 80' "$T/out" | wc -l)" -eq 0 ]
ok $? "a CI of +1e11% is shown whole within its cell: $ci"
rows "$T/big0" base 100000000000 12 '1e11 * (1 + i / 1000)'
rows "$T/big1" v2 100000000000 12 '1e11 * (1 + i / 900)'
cmp_run --brief "$T/big0" "$T/big1"
grep -q '^size 100000000000 pages:$' "$T/out" && grep -qE '^Median +[0-9.]+ \(' "$T/out"
ok $? "a size of 1e11 pages keeps every digit (a line of its own)"
bad "bad pages '100000000000000000000'" "pages beyond 2^40 are refused (no undefined cast to 0)" "$T/huge0" "$(tsv "$T/p20" v2 "100000000000000000000	1	0	5" "100000000000000000000	1	1	5"; echo "$T/p20")"

# --- labels are never cut without being shown whole ---
$MK "$T/l1" --seed 1 --label series-lazy-mmu-batching-v12-rc1 >/dev/null
$MK "$T/l2" --seed 2 --label series-lazy-mmu-batching-v12-rc2 >/dev/null
cmp_run --brief "$T/l1" "$T/l2"
grep -q '^column 1: series-lazy-mmu-batching-v12-rc1$' "$T/out" && grep -q '^column 2: series-lazy-mmu-batching-v12-rc2$' "$T/out" &&
	grep -qE '^ +1:series-lazy-mmu-\.\. +2:series-lazy-mmu-\.\.$' "$T/out"
ok $? "two labels with the same 20-character prefix: cut with '..' in the table, printed whole under the header"

# --- overflow, zero baselines ---
rows "$T/ov0" base 1 12 '1.7e308 * (0.99 + i / 2000)'
rows "$T/ov1" v2 1 12 '1.6e308 * (0.99 + i / 2000)'
cmp_run --format json "$T/ov0" "$T/ov1"
$PY -c '
import json, sys, statistics
d = json.load(open(sys.argv[1]))
c = d["rows"][0]["cells"]
vals = [1.7 * (0.99 + i / 2000) for i in range(12)]
ref_mean = sum(vals) / 12 * 1e308
ref_sd = statistics.stdev(vals) * 1e308
assert abs(c[0]["mean"] / ref_mean - 1) < 1e-12, (c[0]["mean"], ref_mean)
assert abs(c[0]["stddev"] / ref_sd - 1) < 1e-9, (c[0]["stddev"], ref_sd)
assert abs(c[1]["mean_change_pct"] - (1.6 / 1.7 - 1) * 100) < 1e-9, c[1]["mean_change_pct"]
' "$T/out"
ok $? "values near 1.7e308: mean, stddev and the change of the mean are finite and right"
rows "$T/z0" base 1 12 '0'
rows "$T/z1" v2 1 12 '1 + i'
cmp_run --brief "$T/z0" "$T/z1"
grep -E '^Median +1 ' "$T/out" | grep -qE '[(~] +\?%[)~]$' && tr '\n' ' ' <"$T/out" | tr -s ' ' | grep -q '?% when the baseline is 0'
ok $? "a baseline of 0: change '?%', and the legend says what ? means"
rows "$T/zb0" base 1 30 '0 if i % 2 else 1'
rows "$T/zb1" v2 1 30 '2'
cmp_run --assume-independent "$T/zb0" "$T/zb1"
grep -qE '^CI95 +1 +- +unbounded$' "$T/out" && grep -q "^warning: unbounded CI: mremap 1 ns, column 2" "$T/out"
ok $? "bootstrap whose baseline median is 0 in some resamples: CI 'unbounded' (SciPy: NaN), not a finite interval"
cmp_run --format json "$T/zb0" "$T/zb1"
$PY -c 'import json,sys; c=json.load(open(sys.argv[1]))["rows"][0]["cells"][1]; assert c["ci_unbounded"] is True and c["ci95_pct"] == [None, None], c' "$T/out"
ok $? "... JSON: ci_unbounded true, ci95_pct [null, null]"

# --- bad values ---
bad "samples.tsv:2: column 'ns': negative value '-5' (a time cannot be negative)" "a negative time is refused" "$T/huge0" "$(tsv "$T/neg" v2 "1	1	0	-5" "1	1	1	-10"; echo "$T/neg")"
tsv "$T/trunc" v2 "1	1	0	5" "1	1	1	6" "1	1	2	7"
printf 'mremap\t1\t1\t3\t8' >>"$T/trunc/samples.tsv"
bad "samples.tsv:5: the last line has no newline: the file is truncated" "a last line without newline (truncated) is refused" "$T/huge0" "$T/trunc"
sed -i 's/"complete": true/"complete": false/' "$T/trunc/meta.json"
cmp_run --incomplete --brief "$T/huge0" "$T/trunc"
[ $rc -eq 0 ] && tr '\n' ' ' <"$T/out" | tr -s ' ' | grep -q "truncated last line (no newline) of an incomplete run: left out"
ok $? "... of an incomplete run (--incomplete) the truncated row is left out, with a note"
bad "bad rep '1e30'" "a rep of 1e30 is refused as such (not as 'rep 0')" "$T/huge0" "$(tsv "$T/rep" v2 "1	1	1e30	5" "1	1	0	5"; echo "$T/rep")"
bad "bad ptes '1.5'" "non-integer ptes are refused" "$T/huge0" "$(tsv "$T/ptes" v2 "1	1.5	0	5" "1	1.5	1	5"; echo "$T/ptes")"

# --- runs pooled twice, things left out ---
mkdir -p "$T/lab/v2"
$MK "$T/lab/v2/r1" --seed 11 --label v2 >/dev/null
cp -r "$T/lab/v2/r1" "$T/lab/v2/r1-copy"
bad "run_id 'r1' is pooled already" "the same run copied twice into a label directory is refused" "$T/huge0" "$T/lab/v2"
rm -rf "$T/lab/v2/r1-copy"
mkdir -p "$T/lab/v2/notes"
$MK "$T/lab/v2/r2" --seed 12 --label v2 >/dev/null
$MK "$T/lb0" --seed 3 >/dev/null
cmp_run --brief "$T/lb0" "$T/lab/v2"
[ $rc -eq 0 ] && tr '\n' ' ' <"$T/out" | tr -s ' ' | grep -q "note: column 2 (v2): $T/lab/v2/notes: no meta.json: not a run, skipped"
ok $? "a run subdirectory without meta.json is noted"
$MK "$T/ops" --seed 4 --ops --label v3 >/dev/null
cmp_run --brief "$T/lb0" "$T/ops"
tr '\n' ' ' <"$T/out" | tr -s ' ' | grep -q "note: metric ops is only in column 2 (v3), not in the baseline: left out"
ok $? "a metric only in a non-baseline column is noted"

# --- exact metrics: every value compared ---
$MK "$T/e0" --exact 100 --seed 1 >/dev/null
$MK "$T/e1" --exact 100 --seed 2 --label e1 >/dev/null
awk -F'\t' -v OFS='\t' 'NR == 4 { $6 = $6 + 3 } NR == 9 { $6 = $6 + 1 } { print }' "$T/e1/samples.tsv" >"$T/e1/s" && mv "$T/e1/s" "$T/e1/samples.tsv"
cmp_run --brief "$T/e0" "$T/e1"
grep -E '^Median +16 ' "$T/out" | tail -1 | grep -qE '!   0\.00%!$' && grep -E '^Mean +16 ' "$T/out" | tail -1 | grep -qE '![ 0-9.]+%!$' &&
	tr '\n' ' ' <"$T/out" | tr -s ' ' | grep -q "warning: non-deterministic: mremap 16 emu_insns, column 2 (e1): an exact count with 3 different values in 20 samples (100..100.188, range 0.188% of the median)"
ok $? "an exact metric whose values vary though the medians agree: !x%! on median and mean rows, and how much it varies"
cmp_run --format csv "$T/e0" "$T/e1"
awk -F, '$3=="emu_insns" && $2==16 && $7==2 {print $23, $25, $33}' "$T/out" | grep -qx "exact-varies exact-varies 3"
ok $? "... CSV: exact-varies, 3 distinct values"

# --- warnings: every one, in every format ---
$MK "$T/many0" --seed 1 --cv 9 --n 6 --pages 1,2,3,4,5,6,7,8,9,10,11,12 >/dev/null
$MK "$T/many1" --seed 2 --cv 9 --n 6 --pages 1,2,3,4,5,6,7,8,9,10,11,12 --label v2 >/dev/null
cmp_run --cv 1 --brief "$T/many0" "$T/many1"
nw=$(grep -c '^warning: ' "$T/out")
[ "$nw" -eq 49 ] && ! grep -q "and .* more" "$T/out"
ok $? "text prints all 49 warnings (1 one-run + 24 noisy + 24 few), none dropped past a count ($nw)"
cmp_run --cv 1 --format csv "$T/many0" "$T/many1"
[ "$(grep -c '^lazybench compare: warning: ' "$T/err")" -eq 49 ] && ! grep -q '^#' "$T/out"
ok $? "CSV: 49 warnings on stderr, none in the CSV"
cmp_run --cv 1 --format json "$T/many0" "$T/many1"
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["warnings"]) == 49 and d["warning_counts"]["noisy"] == 24, d["warning_counts"]' "$T/out"
ok $? "JSON: 49 warnings and their counts"
cmp_run --cv 1 --format markdown "$T/many0" "$T/many1"
[ "$(grep -c '^- warning: ' "$T/out")" -eq 49 ]
ok $? "Markdown: 49 warnings"

# --- contamination (common contract: a last column 'contam', 0/1/-) ---
$MK "$T/c0" --seed 1 --pages 512 --n 20 >/dev/null
$MK "$T/c1" --seed 2 --pages 512 --n 20 --label v2 >/dev/null
for d in c0 c1; do
	awk -F'\t' -v OFS='\t' 'NR == 1 { print $0, "contam"; next } { c = (NR % 5 == 0) ? 1 : 0; if (NR == 3) c = "-"; print $0, c }' "$T/$d/samples.tsv" >"$T/$d/s"
	mv "$T/$d/s" "$T/$d/samples.tsv"
done
# contaminated rows get an absurd value: if they were used, the median would move
awk -F'\t' -v OFS='\t' 'NR > 1 && $6 == 1 { $5 = 99999999 } { print }' "$T/c1/samples.tsv" >"$T/c1/s" && mv "$T/c1/s" "$T/c1/samples.tsv"
cmp_run --format csv "$T/c0" "$T/c1"
awk -F, '$7==2 && $3=="ns" {print $9, $34}' "$T/out" | grep -qx "16 4" && grep -q "^lazybench compare: warning: contaminated: mremap 512, column 2 (v2): 4 of 20 samples had the task switched out or migrated in the window: left out" "$T/err"
ok $? "contam = 1 rows are left out by default (n 16 of 20) and counted, with a warning"
max=$(awk -F, '$7==2 && $3=="ns" {print $15}' "$T/out")
awk -v m="$max" 'BEGIN { exit !(m < 1000) }'
ok $? "... and their values are not used (max $max)"
cmp_run --keep-contaminated --format csv "$T/c0" "$T/c1"
awk -F, '$7==2 && $3=="ns" {print $9}' "$T/out" | grep -qx 20 && grep -q "kept (--keep-contaminated)" "$T/err"
ok $? "--keep-contaminated keeps them (n 20), and says so"
cmp_run --brief "$T/c0" "$T/lb0"
tr '\n' ' ' <"$T/out" | tr -s ' ' | grep -q "note: column 2 (base): 1 of 1 run without a contam column: whether a sample was disturbed is unknown, every sample kept"
ok $? "a samples.tsv without the column is read as unknown, with a note"
! grep -q "contam" <(sed -n '/^mremap/,$p' "$T/out" | grep -E '^(Median|Mean)')
ok $? "contam is not a metric (no section for it)"

# --- speed: 20k samples per cell (the optimised build only; SPEED=0 skips) ---
if [ "${SPEED:-1}" = 0 ]; then
	echo "1..$n"
	[ $fails -eq 0 ]
	exit
fi
$MK "$T/s0" --seed 1 --pages 512 --n 20000 >/dev/null
$MK "$T/s1" --seed 2 --pages 512 --n 20000 --label v2 >/dev/null
TIMEFORMAT=%U
u=$( { time "$LB" compare --brief "$T/s0" "$T/s1" >/dev/null 2>&1; } 2>&1 )
awk -v u="$u" 'BEGIN { exit !(u < 4) }'
ok $? "20k samples per cell: ${u}s of CPU (was 7 s; at most 4)"

echo "1..$n"
[ $fails -eq 0 ]
