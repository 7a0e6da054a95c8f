#!/usr/bin/env bash
# lazybench compare: the statistics' edges of issue 19 (items 1-12 of its compare part),
# each with inputs built here: the printed change is the tested one, no spread is no
# certainty, tied counts, one-run rows, the bootstrap's caveat, the count of tests and
# --adjust, speed, bad option values, contaminated cells, --brief, emu units, pure CSV,
# contamination counters. TAP. LAZYBENCH selects the binary.
set -u
cd "$(dirname "$0")/../.."
LB=${LAZYBENCH:-./lazybench}
PY=/usr/bin/python3
MK="$PY tests/report/mkrun.py"
T=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }
cmp_run() { "$LB" compare "$@" >"$T/out" 2>"$T/err"; rc=$?; }
bad() {
	local want=$1 what=$2
	shift 2
	cmp_run "$@"
	[ $rc -eq 2 ] && [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q -- "$want" "$T/err"
	ok $? "$what (exit $rc: $(head -c 160 "$T/err"))"
}
if [ ! -x "$LB" ] || [ ! -x $PY ]; then
	echo "1..0 # SKIP $LB or $PY missing"
	exit 0
fi
cp "$LB" "$T/lazybench" && LB=$T/lazybench

# runs DIR LABEL "SPEC" ...: one run per SPEC "reps:value[:metric2value]" (pages 1),
# values spread by +-0.01% so that no run is constant unless the SPEC says "=value"
runs() {
	local dir=$1 label=$2 j=0
	shift 2
	for spec in "$@"; do
		$PY - "$dir/r$j" "$label" "$spec" <<'EOF'
import json, os, sys
d, label, spec = sys.argv[1:4]
os.makedirs(d)
reps, val = spec.split(":")[:2]
cnt = spec.split(":")[2] if spec.count(":") > 1 else None
const = val.startswith("=")
v = float(val.lstrip("="))
with open(os.path.join(d, "samples.tsv"), "w") as f:
    f.write("workload\tpages\tptes\trep\tns\tfaults\tcontam\n")
    for r in range(int(reps)):
        x = v if const else v * (1 + ((r % 3) - 1) * 1e-4)
        f.write("mremap\t1\t1\t%d\t%.6f\t%s\t0\n" % (r, x, cnt if cnt else "3"))
meta = json.load(open("tests/report/edges-meta.json"))
meta["run_id"] = os.path.basename(os.path.dirname(d)) + "-" + os.path.basename(d)
meta["label"] = label
json.dump(meta, open(os.path.join(d, "meta.json"), "w"))
EOF
		j=$((j + 1))
	done
}

# --- 1: the printed change is the one tested ---
# a long run sets the pooled median of each column; the short runs move the mean of the
# per-run medians the other way: pooled -0.5%, tested +1.24%, Welch p about 0.01
runs "$T/u/a" a 80:100 3:101 3:101 3:101 3:101 3:101 3:101 3:101
runs "$T/u/b" b 80:99.5 3:102.5 3:102.5 3:102.5 3:102.5 3:102.5 3:102.5 3:102.5
cmp_run --format csv --metric ns "$T/u/a" "$T/u/b"
line=$(awk -F, '$7==2 {print $23, $18, $19, $20, $37}' "$T/out")
echo "$line" | awk '{ exit !($1 == "significant" && $2 > 0 && $3 > 0 && $4 > $2 && $5 < 0) }'
ok $? "unequal runs: a marked change has the sign and centre of its CI (mark change lo hi pooled: $line)"
cmp_run --style fastpath --metric ns "$T/u/a" "$T/u/b"
grep -qE '^\| lazybench/ns .*\| +\(R\) 1\.2[0-9]%' "$T/out"
ok $? "fastpath: (R) and the tested change: $(grep '^| lazybench/ns' "$T/out")"
cmp_run --metric ns "$T/u/a" "$T/u/b"
grep -qE '^Median +1 .*\* +1\.2[0-9]%\*$' "$T/out"
ok $? "text: the Median cell prints the tested change: $(grep -E '^Median +1 ' "$T/out")"

# --- 3: no spread is no certainty ---
runs "$T/ns/a" a 10:=100 10:=100
runs "$T/ns/b" b 10:=101 10:=101
cmp_run --format csv --metric ns "$T/ns/a" "$T/ns/b"
awk -F, '$7==2 {print $23, $28}' "$T/out" | grep -qx "not-significant "
ok $? "time metric, every run the same value in each column: not tested, not marked ($(awk -F, '$7==2 {print $23, $28}' "$T/out"))"
grep -q "warning: no spread: mremap 1 ns, column 2 (b)" "$T/err"
ok $? "... and a 'no spread' warning says why"
runs "$T/tc/a" a 10:100:3 10:100:3
runs "$T/tc/b" b 10:100:4 10:100:4
cmp_run --format csv --metric faults "$T/tc/a" "$T/tc/b"
awk -F, '$7==2 {print $23, $25, $26}' "$T/out" | grep -qx "not-significant not-significant runs-permutation"
ok $? "a count of 3 in every run against 4, 2 runs each: permutation test, not marked ($(awk -F, '$7==2 {print $23, $25, $26, $28}' "$T/out"))"
grep -q "warning: discrete: .*smallest p with these runs is 0.333: no change of it can be marked" "$T/err" &&
	grep -q "warning: two runs: column 2 (b, 2 runs)" "$T/err"
ok $? "... the warnings say the test cannot mark it and how weak 2 runs are"
runs "$T/tc5/a" a 10:100:3 10:100:3 10:100:3 10:100:3 10:100:3
runs "$T/tc5/b" b 10:100:4 10:100:4 10:100:4 10:100:4 10:100:4
cmp_run --format csv --metric faults "$T/tc5/a" "$T/tc5/b"
awk -F, '$7==2 {print $23, $28}' "$T/out" | grep -qx "significant 0.007936507937"
ok $? "5 runs each, 3 against 4 in every run: the exact permutation p 2/252 marks it ($(awk -F, '$7==2 {print $23, $28}' "$T/out"))"

# --- 4: one-run cells do not print a p or CI in the run-level rows ---
runs "$T/o/a" a 30:100
runs "$T/o/b" b 30:103
cmp_run --metric ns "$T/o/a" "$T/o/b"
grep -qE '^p +1 +- +one run$' "$T/out" && grep -qE '^CI95 +1 +- +one run$' "$T/out" &&
	grep -qE '^Median +1 .*~ +3\.00%~$' "$T/out"
ok $? "one run per column: p and CI95 rows read 'one run' ($(grep -E '^(p|CI95) ' "$T/out" | tr -s ' ' | tr '\n' ';'))"
cmp_run --metric ns --format markdown "$T/o/a" "$T/o/b"
grep -qE '^\| \| p \| - \| one run \|$' "$T/out"
ok $? "... and in Markdown"

# --- 5: the hierarchical bootstrap carries its caveat ---
cmp_run --format json --metric ns "$T/u/a" "$T/u/b"
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "too narrow" in d["bootstrap"]["caveat"]' "$T/out"
ok $? "JSON: bootstrap.caveat"
cmp_run --format csv --metric ns "$T/u/a" "$T/u/b"
grep -q "boot_ci95 .* is too narrow with few runs" "$T/err"
ok $? "CSV: the caveat on stderr"

# --- 6: the number of tests, and --adjust ---
mkdir -p "$T/m"
$PY tests/report/mkaa.py "$T/m" --trials 1 --runs 5 --run-sd 1 --shift 3 --seed 5 >/dev/null
cmp_run "$T/m/t0/a" "$T/m/t0/b"
tr '\n' ' ' <"$T/out" | tr -s ' ' | grep -q "This table holds 2 tests (Median and Mean rows), each at p < 0.05: if nothing changed, about 0.1 of them would be marked by chance"
ok $? "the legend counts the tests and the marks to expect by chance"
cmp_run --format json --adjust holm "$T/m/t0/a" "$T/m/t0/b"
$PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
t = d["tests"]
assert t["count"] == 2 and t["adjust"] == "holm", t
c = d["rows"][0]["cells"][1]
for p, mk in ((c["p"], c["mark"]), (c["p_mean"], c["mean_mark"])):
    assert (mk == "significant") == (p <= t["threshold"]), (p, mk, t)
assert t["threshold"] <= 0.05
' "$T/out"
ok $? "--adjust holm: marks exactly the p at or below the adjusted threshold"
cmp_run --format json --adjust bh "$T/m/t0/a" "$T/m/t0/b"
[ $rc -eq 0 ]
ok $? "--adjust bh is accepted"
bad "--adjust: 'bonferroni' is not holm, bh or none" "--adjust with an unknown method" --adjust bonferroni "$T/m/t0/a" "$T/m/t0/b"

# --- 7: runs-needed is fast: 300 cells whose change is near 0 ---
$PY - "$T/big" <<'EOF'
import json, os, random, sys
rnd = random.Random(3)
meta = json.load(open("tests/report/edges-meta.json"))
for lab in "ab":
    for j in range(3):
        d = os.path.join(sys.argv[1], lab, "r%d" % j)
        os.makedirs(d)
        with open(os.path.join(d, "samples.tsv"), "w") as f:
            f.write("workload\tpages\tptes\trep\tns\tfaults\tcontam\n")
            for t in range(300):
                off = rnd.gauss(1, 0.05)
                for r in range(5):
                    f.write("w%d\t1\t1\t%d\t%.4f\t3\t0\n" % (t, r, 100 * off * rnd.gauss(1, 0.01)))
        meta.update(run_id="%s-%d" % (lab, j), label=lab)
        json.dump(meta, open(os.path.join(d, "meta.json"), "w"))
EOF
s=$(date +%s%N)
"$LB" compare --metric ns --boot 100 --format csv "$T/big/a" "$T/big/b" >"$T/out" 2>"$T/err"
rc=$?
ms=$(( ($(date +%s%N) - s) / 1000000 ))
[ $rc -eq 0 ] && { [ -n "${NO_TIMING:-}" ] || [ "$ms" -lt 5000 ]; } && [ "$(grep -c ',2,b,' "$T/out")" -eq 300 ]
ok $? "300 cells of A/A with 3 runs each, MDE and runs needed: $ms ms (at most 5 s; 11.5 s before, 30 s at --boot 2000)"

# progress of a long compare, on stderr only (not timed under the sanitizers: NO_TIMING)
if [ -n "${NO_TIMING:-}" ]; then
	ok 0 "# SKIP progress: NO_TIMING set"
else
s=$(date +%s%N)
"$LB" compare --metric ns --boot 8000 --format csv "$T/big/a" "$T/big/b" >"$T/out" 2>"$T/err"
ms=$(( ($(date +%s%N) - s) / 1000000 ))
if [ "$ms" -gt 2500 ]; then
	grep -q "^lazybench compare: comparing: [0-9]*/300 sections" "$T/err" && ! grep -q sections "$T/out"
	ok $? "a compare of $ms ms reports its progress on stderr ($(grep -m1 sections "$T/err"))"
else
	ok 0 "# SKIP the long compare took only $ms ms: no progress expected"
fi
fi

# --- 8: input gaps ---
bad "--boot: '100.5' is not an integer" "--boot 100.5 refused" --boot 100.5 "$T/o/a" "$T/o/b"
bad "--min-samples: '2.5' is not an integer" "--min-samples 2.5 refused" --min-samples 2.5 "$T/o/a" "$T/o/b"
bad "--seed: '0.5' is not an integer" "--seed 0.5 refused" --seed 0.5 "$T/o/a" "$T/o/b"
bad "--alpha: '0x0.1'" "--alpha in hex refused" --alpha 0x0.1 "$T/o/a" "$T/o/b"
bad "given twice" "--format twice refused" --format csv --format json "$T/o/a" "$T/o/b"
bad "given twice" "--format and --style refused" --format csv --style fastpath "$T/o/a" "$T/o/b"
cp -r "$T/o/b" "$T/hex" && sed -i '3s/\t[0-9.]*\t3\t0$/\t0x10\t3\t0/' "$T/hex/r0/samples.tsv"
bad "samples.tsv:3: column 'ns': bad value '0x10'" "a hex value in samples.tsv refused" "$T/o/a" "$T/hex"
cmp_run --format csv "$T/o/a" "$T/o/b"
$PY -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
assert len(rows) > 2 and all(len(r) == len(rows[0]) for r in rows), [r for r in rows if len(r) != len(rows[0])][:2]
' "$T/out"
[ $? -eq 0 ] && grep -q "warning: one run" "$T/err"
ok $? "CSV: a plain csv.reader reads every line of stdout (notes and warnings on stderr)"

# --- 9: contamination leaving one sample: a warning, not an abort ---
runs "$T/c/a" a 4:100 4:100 4:100
runs "$T/c/b" b 4:101 4:101 4:101
for f in "$T"/c/b/r*/samples.tsv; do
	awk -F'\t' -v OFS='\t' 'NR > 1 && (NR > 2 || FILENAME !~ /r0/) { $7 = 1 } { print }' "$f" >"$f.x" && mv "$f.x" "$f"
done
cmp_run --metric ns "$T/c/a" "$T/c/b"
[ $rc -eq 0 ] && grep -q "few samples: mremap 1 ns, column 2 (b): 1 sample against 12 in the" "$T/out" &&
	! grep -q -- "--reps 10 or more" "$T/out" "$T/err"
ok $? "one sample left in a cell after contamination: compared with a warning, not refused (exit $rc: $(head -c 100 "$T/err"))"

# --- 10, 12: --brief is brief ---
$MK "$T/w0" --seed 20 --cv 9 --n 6 >/dev/null
$MK "$T/w1" --seed 21 --cv 9 --n 6 --label v2 >/dev/null
cmp_run --brief "$T/w0" "$T/w1"
! grep -q "CV row" "$T/out" && grep -q "^warning: noisy" "$T/out"
ok $? "--brief: the noise advice does not point at a CV row it does not print"
hdr=$(sed -n '2,/^$/p' "$T/out" | grep -vc '^$')
! grep -qE '^(arch|KASAN|cpu) ' "$T/out" && grep -qE '^every column: .*arch x86_64' "$T/out" && [ "$hdr" -le 4 ]
ok $? "--brief: the header holds only rows that differ, and one line of shared facts ($hdr lines)"
leg=$(awk '/^Change vs column 1/,/^$/' "$T/out" | grep -vc '^$')
[ "$leg" -ge 1 ] && [ "$leg" -le 6 ]
ok $? "--brief: a short legend ($leg lines)"

# --- 11: emulator counts are labelled by what they count ---
$MK "$T/e0" --exact 2 --seed 1 >/dev/null
$MK "$T/e1" --exact 3 --seed 2 --label v2 >/dev/null
for d in e0 e1; do
	sed -i '1s/emu_insns/emu_hypercall/' "$T/$d/samples.tsv"
	sed -i 's/"emu_insns"/"emu_hypercall"/; s/"unit": "insns"/"unit": "instructions"/' "$T/$d/meta.json"
done
cmp_run --metric emu_hypercall "$T/e0" "$T/e1"
grep -q "mremap: emu_hypercall, hypercalls/PTE by size" "$T/out" && ! grep -q "instructions/PTE" "$T/out"
ok $? "text: emu_hypercall is in hypercalls/PTE ($(grep -m1 'emu_hypercall' "$T/out"))"
cmp_run --format csv --metric emu_hypercall "$T/e0" "$T/e1"
awk -F, 'NR > 1 {print $4}' "$T/out" | sort -u | grep -qx "hypercalls/PTE"
ok $? "CSV: unit hypercalls/PTE"

# --- 12: contamination counters are not compared unless asked ---
runs "$T/k/a" a 10:100 10:100
runs "$T/k/b" b 10:100 10:100
for d in "$T"/k/*/r*; do
	sed -i '1s/faults/ctx_switches/' "$d/samples.tsv"
	sed -i 's/"name": "faults"/"name": "ctx_switches"/; s/"name":"faults"/"name":"ctx_switches"/' "$d/meta.json"
done
cmp_run "$T/k/a" "$T/k/b"
! grep -q "mremap: ctx_switches" "$T/out" && grep -q "note: the contamination counters" "$T/out"
ok $? "ctx_switches is not compared by default, and a note says so"
cmp_run --contam-metrics "$T/k/a" "$T/k/b"
grep -q "mremap: ctx_switches" "$T/out"
ok $? "--contam-metrics compares it"
cmp_run --metric ctx_switches "$T/k/a" "$T/k/b"
grep -q "mremap: ctx_switches" "$T/out"
ok $? "--metric ctx_switches compares it"

echo "1..$n"
[ $fails -eq 0 ]
