#!/usr/bin/env bash
# lazybench compare: statistics marks, sign convention, guard rails, bad inputs, formats.
# TAP. LAZYBENCH selects the binary (default ./lazybench; compare-san.t uses the
# sanitizer build). Inputs are result dirs written by tests/report/mkrun.py (fixed seeds).
. "$(dirname "$0")/lib.sh"

"$LB" compare --help >"$T/out" 2>&1
ok $? "--help exits 0"
grep -q -- "--force" "$T/out"
ok $? "--help names --force"

# --- within-run marks (--assume-independent): 20 seeds of the same distribution, and of
# a 5% shift; the run-level marks of pooled runs are tested in runlevel.t ---
null_sig=0
shift_sig=0
for s in $(seq 1 20); do
	$MK "$T/a$s" --seed $((s * 2)) --cv 3 --pages 64
	$MK "$T/b$s" --seed $((s * 2 + 1)) --cv 3 --pages 64 --label same
	$MK "$T/c$s" --seed $((s * 2 + 1)) --cv 1 --pages 64 --shift 5 --label shifted
	$MK "$T/d$s" --seed $((s * 2 + 100)) --cv 1 --pages 64
	"$LB" compare --assume-independent --format csv "$T/a$s" "$T/b$s" 2>/dev/null |
		awk -F, '$7==2 && $3=="ns" && $23=="significant"' | grep -q . && null_sig=$((null_sig + 1))
	"$LB" compare --assume-independent --format csv "$T/d$s" "$T/c$s" 2>/dev/null |
		awk -F, '$7==2 && $3=="ns" && $23=="significant"' | grep -q . && shift_sig=$((shift_sig + 1))
done
[ $null_sig -le 3 ]
ok $? "same distribution: significant in $null_sig of 20 seeds (at most 3 allowed)"
[ $shift_sig -ge 19 ]
ok $? "5% shift, CV 1%: significant in $shift_sig of 20 seeds (at least 19 needed)"

cmp_run --assume-independent "$T/d1" "$T/c1"
grep -E '^Median +64 ' "$T/out" | grep -qE '\* +[45]\.[0-9]+%\*$'
ok $? "text: a significant +5% change is marked *x.xx%*: $(grep -E '^Median +64' "$T/out")"
cmp_run "$T/d1" "$T/c1"
grep -E '^Median +64 ' "$T/out" | grep -qE '~ +[45]\.[0-9]+%~$' && grep -q "^warning: one run: column 2" "$T/out"
ok $? "one run per column: the same change is marked ~x.xx%~, with a warning: $(grep -E '^Median +64' "$T/out")"
cmp_run "$T/a1" "$T/b1"
grep -E '^Median +64 ' "$T/out" | grep -qE '\( +-?[0-9]\.[0-9]+%\)$'
ok $? "text: a null change is in plain brackets: $(grep -E '^Median +64' "$T/out")"
grep -qE '^Median +64 +[0-9.]+ \(   0\.00%\)' "$T/out"
ok $? "text: the baseline cell is ( 0.00%)"

# --- sign convention ---
$MK "$T/s0" --ops --seed 7
$MK "$T/s1" --ops --seed 8 --shift 10 --label slower
cmp_run --format csv "$T/s0" "$T/s1"
ns_chg=$(awk -F, '$7==2 && $3=="ns" && $2==16 {print $18}' "$T/out")
ops_chg=$(awk -F, '$7==2 && $3=="ops" && $2==16 {print $18}' "$T/out")
awk -v c="$ns_chg" 'BEGIN { exit !(c > 8 && c < 12) }'
ok $? "lower-is-better ns 10% slower: change +$ns_chg% (raw direction, not flipped)"
awk -v c="$ops_chg" 'BEGIN { exit !(c < -7 && c > -11) }'
ok $? "higher-is-better ops 10% slower: change $ops_chg%"
cmp_run "$T/s0" "$T/s1"
grep -q "mremap: ns/PTE by size in pages; lower is better, a negative change is an" "$T/out"
ok $? "text header of ns says lower is better, negative = improvement"
grep -A1 "mremap: ops" "$T/out" | tr '\n' ' ' | tr -s ' ' | grep -q "higher is better, a positive change is an improvement"
ok $? "text header of ops says higher is better, positive = improvement"

# --- exact (emulator) counts: no test, a difference is a difference ---
$MK "$T/e0" --exact 100 --seed 1
$MK "$T/e1" --exact 101 --seed 2 --label e1
$MK "$T/e2" --exact 100 --seed 3 --label e2
cmp_run --format csv "$T/e0" "$T/e1" "$T/e2"
awk -F, '$3=="emu_insns" && $7==2 && $21=="" && $22=="" && $23=="exact-different" && $25=="exact-different"' "$T/out" | grep -q .
ok $? "exact metric: 1% more counts is exact-different (median and mean), with no p-value"
awk -F, '$3=="emu_insns" && $7==3 && $23=="exact-same" && $25=="exact-same"' "$T/out" | grep -q .
ok $? "exact metric: equal counts are exact-same"
cmp_run "$T/e0" "$T/e1"
grep -E '^Median +16 ' "$T/out" | tail -1 | grep -qE '#   1\.00%#$' &&
	grep -E '^Mean +16 ' "$T/out" | tail -1 | grep -qE '#   1\.00%#$'
ok $? "text: exact difference marked #1.00# on the Median and the Mean row: $(grep -E '^Mean +16 ' "$T/out" | tail -1)"
grep -q "every difference is real" "$T/out"
ok $? "text legend explains the exact mark"

# --- guard rails ---
$MK "$T/g0" --seed 1
$MK "$T/g-arch" --seed 2 --arch aarch64
$MK "$T/g-kasan" --seed 2 --kasan y
$MK "$T/g-emu" --seed 2 --emulated tcg
$MK "$T/g-cpu" --seed 2 --cpu "Other CPU"
$MK "$T/g-ctr" --seed 2 --unavailable cycles:k
$MK "$T/g-rel" --seed 2 --release 7.3.4-v5 --label v5
bad "arch (x86_64 vs aarch64)" "guard: different architecture refused" "$T/g0" "$T/g-arch"
bad "KASAN (n vs y)" "guard: different KASAN refused" "$T/g0" "$T/g-kasan"
bad "emulated (none vs tcg)" "guard: emulated vs hardware refused" "$T/g0" "$T/g-emu"
bad "cpu (" "guard: different CPU model refused" "$T/g0" "$T/g-cpu"
bad "unavailable (none vs cycles:k)" "guard: different counter availability refused" "$T/g0" "$T/g-ctr"
cmp_run --force "$T/g0" "$T/g-arch"
[ $rc -eq 0 ] && grep -qE '^!arch +x86_64 +aarch64$' "$T/out"
ok $? "guard: --force compares and the header marks what differs (!arch)"
cmp_run --force --format json "$T/g0" "$T/g-kasan"
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert {"fact":"KASAN","matters":True} in d["differs"]' "$T/out"
ok $? "guard: JSON lists the difference"
cmp_run "$T/g0" "$T/g-rel"
[ $rc -eq 0 ]
ok $? "a different kernel release and label is what compare is for (exit $rc)"
$MK "$T/k-fail" --seed 3 --kunit fail --label xen-base
$MK "$T/k-pass" --seed 4 --kunit pass --release 7.3.4-ctxfix --label ctxfix
cmp_run --brief "$T/g0" "$T/k-fail" "$T/k-pass"
[ $rc -eq 0 ] && grep -qE '^kunit lazy_mmu +[?] +fail +pass$' "$T/out"
ok $? "header: the kernel's KUnit lazy_mmu_mode verdict per column (? when not recorded)"
cmp_run --brief --format markdown "$T/k-fail" "$T/k-pass"
[ $rc -eq 0 ] && grep -qE '^\| kunit lazy_mmu +\| fail +\| pass +\|' "$T/out"
ok $? "markdown: the same row ($(grep -m1 kunit "$T/out"))"

# --- bad inputs ---
bad "No such file" "missing directory" "$T/g0" "$T/nonexistent"
bad "needs a baseline" "a single argument" "$T/g0"
bad "--format: 'xml'" "unknown format" --format xml "$T/g0" "$T/g-rel"
bad "unknown option" "unknown option" --bogus "$T/g0" "$T/g-rel"
bad "unknown option '--form'" "an abbreviated option refused, as run's are" --form csv "$T/g0" "$T/g-rel"
bad "^lazybench compare: --metric needs a value$" "a missing value names the option" "$T/g0" "$T/g-rel" --metric
cmp_run "$T/g0" --format csv "$T/g-rel" && cp "$T/out" "$T/csv1" && cmp_run --format=csv -- "$T/g0" "$T/g-rel"
[ $rc -eq 0 ] && [ -s "$T/out" ] && cmp -s "$T/out" "$T/csv1"
ok $? "runs and options in any order, runs after --: the same table"
cp -r "$T/g0" "$T/bad-val"
sed -i '5s/\t[0-9]*$/\t12x4/' "$T/bad-val/samples.tsv"
bad "samples.tsv:5: column 'ns': bad value '12x4'" "corrupt TSV value names file and line" "$T/g0" "$T/bad-val"
cp -r "$T/g0" "$T/bad-short"
sed -i '7s/\t[0-9]*$//' "$T/bad-short/samples.tsv"
bad "samples.tsv:7: fewer fields" "truncated TSV row names file and line" "$T/g0" "$T/bad-short"
cp -r "$T/g0" "$T/bad-dup"
sed -n '2,3p' "$T/g0/samples.tsv" >>"$T/bad-dup/samples.tsv"
bad "samples.tsv:42: mremap at 16 pages, rep 0 appears again (first at line 2)" "a repetition twice (rows appended again)" "$T/g0" "$T/bad-dup"
cp -r "$T/g0" "$T/bad-hdr"
sed -i '1s/^workload/wl/' "$T/bad-hdr/samples.tsv"
bad "samples.tsv:1: header" "bad TSV header" "$T/g0" "$T/bad-hdr"
cp -r "$T/g0" "$T/bad-empty"
head -1 "$T/g0/samples.tsv" >"$T/bad-empty/samples.tsv"
bad "no samples" "TSV with only a header" "$T/g0" "$T/bad-empty"
cp -r "$T/g0" "$T/bad-json"
sed -i '5s/,$/,,/' "$T/bad-json/meta.json"
bad "meta.json:5: invalid JSON" "corrupt meta.json names file and line" "$T/g0" "$T/bad-json"
cp -r "$T/g0" "$T/bad-col"
sed -i '1s/\tns$/\tbogus/' "$T/bad-col/samples.tsv"
bad "column 'bogus'.*not described" "TSV column without metric metadata" "$T/g0" "$T/bad-col"
$MK "$T/inc" --incomplete --seed 3
bad 'meta.json:3: run is incomplete ("complete" is false, interrupted by SIGINT)' "incomplete run (complete=false)" "$T/g0" "$T/inc"
cmp_run --incomplete "$T/g0" "$T/inc"
[ $rc -eq 0 ] && grep -q "note: column 2 (base) includes 1 incomplete run" "$T/out"
ok $? "--incomplete reads it and the table says so"
cp -r "$T/g0" "$T/r1.incomplete"
bad "r1.incomplete: run is incomplete" ".incomplete directory" "$T/g0" "$T/r1.incomplete"
$MK "$T/wl" --workloads munmap --seed 4
bad "mismatched workloads" "mismatched workloads" "$T/g0" "$T/wl"
$MK "$T/wl2" --workloads mremap,munmap --seed 4
bad "mismatched workloads: .*wl2 has 'munmap'" "a workload only in the run" "$T/g0" "$T/wl2"
cmp_run --workload mremap "$T/g0" "$T/wl2"
[ $rc -eq 0 ]
ok $? "--workload picks the common workload (exit $rc)"
bad "--workload: 'munmap' is not in" "--workload names a workload a column lacks" --workload munmap "$T/g0" "$T/wl2"
bad "--metric: 'cycles' is not a metric" "--metric names an unknown metric" --metric cycles "$T/g0" "$T/g-rel"
$MK "$T/one" --n 1 --seed 5
bad "single sample" "a single sample" "$T/g0" "$T/one"
bad "--alpha: 'x'" "bad --alpha" --alpha x "$T/g0" "$T/g-rel"

$MK "$T/sz1" --pages 16,512 --seed 51
$MK "$T/sz2" --pages 16,4096 --seed 52 --label v2
cmp_run --brief "$T/sz1" "$T/sz2"
[ $rc -eq 0 ] && grep -qE '^Median +4096 +- +[0-9.]+ \( no base\)$' "$T/out" &&
	grep -qE '^Median +512 +[0-9.]+ \(   0\.00%\) +-$' "$T/out" &&
	grep -q "^warning: missing: mremap 4096 ns has no samples in column 1 (base)" "$T/out"
ok $? "sizes not in every column: shown with '-' / 'no base', and a warning"

# --- label directories are pooled ---
mkdir -p "$T/lab/v5"
$MK "$T/lab/v5/r1" --seed 11 --label v5 --n 10
$MK "$T/lab/v5/r2" --seed 12 --label v5 --n 10
$MK "$T/lab/v5/r3.incomplete" --seed 13 --label v5 --n 10 --incomplete
cmp_run --format csv "$T/g0" "$T/lab/v5"
[ $rc -eq 0 ] && awk -F, '$7==2 && $2==16 && $3=="ns" {print $9}' "$T/out" | grep -qx 20
ok $? "label dir: two runs of 10 pooled into n=20, the incomplete one skipped"
grep -q "skipped 1 incomplete run" "$T/err"
ok $? "label dir: the skipped incomplete run is reported on stderr"
# a run killed between its publishing rename and its last meta.json: published name,
# "complete" false (no reason recorded). Skipped like a .incomplete one, not fatal
cp -r "$T/lab/v5" "$T/lab-pub" && mv "$T/lab-pub/r3.incomplete" "$T/lab-pub/r3"
sed -i 's/"interrupted_by": "SIGINT"/"interrupted_by": null/' "$T/lab-pub/r3/meta.json"
cmp_run --format csv "$T/g0" "$T/lab-pub"
[ $rc -eq 0 ] && awk -F, '$7==2 && $2==16 && $3=="ns" {print $9}' "$T/out" | grep -qx 20 &&
	grep -q "skipped 1 incomplete run" "$T/err"
ok $? "label dir: a published run whose meta.json says complete=false is skipped with a note (exit $rc: $(head -c 160 "$T/err"))"
cmp_run --incomplete --format csv "$T/g0" "$T/lab-pub"
[ $rc -eq 0 ] && awk -F, '$7==2 && $2==16 && $3=="ns" {print $9}' "$T/out" | grep -qx 30
ok $? "... and read with --incomplete (n=30, exit $rc)"
# --incomplete on a label dir holding an interrupted run with no rows (killed before its
# first sample): that run is skipped with a note, the others are read
mkdir -p "$T/lab-e"
cp -r "$T/lab/v5/r1" "$T/lab/v5/r2" "$T/lab/v5/r3.incomplete" "$T/lab-e/"
$MK "$T/lab-e/r0.incomplete" --seed 15 --label v5 --n 10 --incomplete
head -n1 "$T/lab-e/r0.incomplete/samples.tsv" >"$T/hdr" && mv "$T/hdr" "$T/lab-e/r0.incomplete/samples.tsv"
cmp_run --incomplete --format csv "$T/g0" "$T/lab-e"
[ $rc -eq 0 ] && awk -F, '$7==2 && $2==16 && $3=="ns" {print $9}' "$T/out" | grep -qx 30 &&
	grep -q "skipped 1 incomplete run without samples" "$T/err"
ok $? "label dir, --incomplete: an interrupted run without rows is skipped with a note (exit $rc: $(head -c 160 "$T/err"))"
mkdir "$T/lab-e/r9.incomplete"
cmp_run --incomplete --format csv "$T/g0" "$T/lab-e"
[ $rc -eq 0 ]; ok $? "... and one without meta.json (exit $rc)"
bad "r0.incomplete/samples.tsv:1: no samples after the header" "that run named alone: an error naming it" --incomplete "$T/g0" "$T/lab-e/r0.incomplete"
$MK "$T/lab/v5/r4" --seed 14 --label v5 --kasan y
bad "CONFIG_KASAN differs from the runs pooled" "label dir: unlike runs are not pooled" "$T/g0" "$T/lab/v5"
# the same release built on another base configuration (compare-revisions --kconfig)
mkdir -p "$T/labk/v5"
$MK "$T/labk/v5/r1" --seed 15 --label v5 --kconfig tinyconfig
$MK "$T/labk/v5/r2" --seed 16 --label v5 --kconfig config.cloud-amd64@7568c8d9
bad "the base configuration the kernel was built from .* differs from the runs pooled with it (config.cloud-amd64@7568c8d9 vs tinyconfig)" "label dir: runs of two base configurations are not pooled" "$T/g0" "$T/labk/v5"
mkdir -p "$T/labk/v6"
$MK "$T/labk/v6/r1" --seed 17 --label v6 --kconfig tinyconfig
$MK "$T/labk/v6/r2" --seed 18 --label v6
cmp_run --format csv "$T/g0" "$T/labk/v6"
[ $rc -eq 0 ]; ok $? "... a run that does not say its configuration (older runs) is pooled (exit $rc: $(head -c 160 "$T/err"))"
mkdir -p "$T/emptylab"
bad "no finished run" "label dir without runs" "$T/g0" "$T/emptylab"

# --- run-to-run variation of pooled runs ---
mkdir -p "$T/rr/base" "$T/rr/v2"
$MK "$T/rr/base/r1" --seed 31 --pages 64 --n 30 --cv 0.5
$MK "$T/rr/base/r2" --seed 32 --pages 64 --n 30 --cv 0.5 --shift 6
$MK "$T/rr/v2/r1" --seed 33 --pages 64 --n 30 --cv 0.5 --shift 8 --label v2
$MK "$T/rr/v2/r2" --seed 34 --pages 64 --n 30 --cv 0.5 --shift 8 --label v2
cmp_run --format csv "$T/rr/base" "$T/rr/v2"
awk -F, '$7==2 && $3=="ns" && $26=="runs" && $27==2 && $23=="not-significant"' "$T/out" | grep -q .
ok $? "2 runs per column whose medians differ by 6%: the run-level test does not mark +4%"
cmp_run --assume-independent --format csv "$T/rr/base" "$T/rr/v2"
awk -F, '$7==2 && $3=="ns" && $23=="significant"' "$T/out" | grep -q .
ok $? "... which the within-run test (--assume-independent) would have marked"
cmp_run "$T/d1" "$T/c1"
! grep -q "can resolve" "$T/out"
ok $? "single runs: no 'can resolve' line (no run-to-run spread to estimate)"

# --- output: 80 columns, formats ---
$MK "$T/w1" --seed 21 --label a-rather-long-label-for-a-series-v12 --ops --exact 5
$MK "$T/w2" --seed 22 --label v2 --ops --exact 5
$MK "$T/w3" --seed 23 --label v3 --ops --exact 6
$MK "$T/w4" --seed 24 --label v4 --ops --exact 5
$MK "$T/w0" --seed 20 --ops --exact 5 --cv 9 --n 6
for args in "" "--brief" "--per-op"; do
	"$LB" compare $args "$T/w0" "$T/w1" "$T/w2" "$T/w3" "$T/w4" >"$T/out" 2>"$T/err"
	rc=$?
	long=$(awk 'length > 80' "$T/out" | wc -l)
	[ $rc -eq 0 ] && [ "$long" -eq 0 ] && [ "$(wc -l <"$T/out")" -gt 20 ]
	ok $? "text with 5 columns ${args:-(full)}: every line <= 80 characters ($long longer)"
done
lp="$T/$(printf 'p%.0s' $(seq 1 100))"
ev=$(printf 'xen:event_%s,' $(seq 1 12))x
$MK "$lp" --seed 41 --unavailable "$ev"
$MK "$T/lp2" --seed 42 --unavailable "$ev" --label v2
printf '{"results": [{"command": "base", "times": [1, 2]}, {"command": "v2", "times": [2, 3]}]}' >"$T/lphf.json"
"$LB" compare --hyperfine "$T/lphf.json" "$lp" "$T/lp2" >"$T/lpout" 2>&1
long=$(awk 'length > 80' "$T/lpout" | wc -l)
[ "$long" -eq 0 ] && grep -q "xen:event_4" "$T/lpout"
ok $? "a 100-character path and a long counter list still fit 80 columns ($long longer)"
"$LB" compare $args "$T/w0" "$T/w1" "$T/w2" "$T/w3" "$T/w4" >"$T/out" 2>"$T/err"
grep -q "^warning: noisy: mremap 16 ns, column 1" "$T/out"
ok $? "noise warning for CV 9% > 5%"
grep -q "^warning: few samples: mremap 16 ns, column 1 (base): n=6 < 10" "$T/out"
ok $? "too-few-samples warning for n=6"
"$LB" compare "$T/w0" "$T/w1" "$T/w2" >"$T/o1"
"$LB" compare "$T/w0" "$T/w1" "$T/w2" >"$T/o2"
cmp -s "$T/o1" "$T/o2"
ok $? "output is reproducible (fixed bootstrap seed)"
"$LB" compare --format json "$T/w0" "$T/w1" "$T/w2" >"$T/out"
$PY -m json.tool "$T/out" >/dev/null
ok $? "JSON parses (python3 -m json.tool)"
$PY - "$T/out" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "lazybench-compare/2"
assert len(d["columns"]) == 3 and d["columns"][1]["label"].startswith("a-rather")
r = [x for x in d["rows"] if x["metric"] == "ns" and x["pages"] == 16][0]
assert r["better"] == "lower" and r["unit"] == "ns/PTE" and len(r["cells"]) == 3
c = r["cells"][1]
assert c["ci95_pct"][0] <= c["change_pct"] <= c["ci95_pct"][1], c
assert 0 <= c["p_mwu"] <= 1 and c["n"] == 20
EOF
ok $? "JSON holds columns, rows, cells with CI around the change"
"$LB" compare --format csv "$T/w0" "$T/w1" "$T/w2" >"$T/out"
$PY -c '
import csv, sys
rows = list(csv.reader(l for l in open(sys.argv[1]) if not l.startswith("#")))
assert len(rows) > 10 and all(len(r) == len(rows[0]) for r in rows), "ragged"
assert rows[0][:3] == ["workload", "pages", "metric"]' "$T/out"
ok $? "CSV: every row has the header's column count"
"$LB" compare --format markdown "$T/w0" "$T/w1" >"$T/out"
grep -qE '^\| 16 \| median \| [0-9.]+ \(0\.00%\) \|' "$T/out" && grep -q '^|---:|---|---:|---:|$' "$T/out"
ok $? "Markdown: tables with median rows"
"$LB" compare --metric ns --brief "$T/w0" "$T/w1" >"$T/out"
! grep -qE "ops|emu_insns" "$T/out" && [ "$(grep -c '^Median' "$T/out")" -eq 2 ] && ! grep -q '^Stddev' "$T/out"
ok $? "--metric ns --brief: only ns, only median/mean rows"

# --- hyperfine folded in ---
cat >"$T/hf.json" <<'EOF'
{"results": [
 {"command": "base", "mean": 1.0, "times": [1.00, 1.01, 0.99, 1.00, 1.02, 0.98, 1.00, 1.01, 0.99, 1.00]},
 {"command": "v2", "mean": 1.1, "times": [1.10, 1.11, 1.09, 1.10, 1.12, 1.08, 1.10, 1.11, 1.09, 1.10]}
]}
EOF
cmp_run --hyperfine "$T/hf.json" "$T/w0" "$T/w2"
[ $rc -eq 0 ] && grep -A3 "^end-to-end (hyperfine), s" "$T/out" | grep -qE '^Median .* 1\.10 \* +10\.00%\*$'
ok $? "hyperfine JSON folded in as an end-to-end row"
echo '{"results": [' >"$T/hf-bad.json"
bad "hf-bad.json:2: invalid JSON" "corrupt hyperfine JSON" --hyperfine "$T/hf-bad.json" "$T/w0" "$T/w2"

echo "1..$n"
[ $fails -eq 0 ]
