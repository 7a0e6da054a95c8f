#!/usr/bin/env bash
# lazybench compare: the statistics' edges of issue 19 (items 1-12 of its compare part),
# each with inputs built here: the printed change is the tested one, no spread is no
# certainty, tied counts, one-run rows, the bootstrap's caveat, the count of tests and
# --adjust, speed, bad option values, contaminated cells, --brief, emu units, pure CSV,
# contamination counters, every printed value agreeing with its change. TAP. LAZYBENCH selects the binary.
. "$(dirname "$0")/lib.sh"

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

# --- 13: every printed value and its change agree: (value - base) / base ---
# Runs of unequal length whose pooled median (mean) and mean of the per-run medians
# (means) differ by more than 1%, against a multi-run and a one-run baseline, a count,
# and an exact emulator count pooled from runs of 20 and 5 repetitions.
# agree FORMAT OUT [CSV]: every Median/Mean cell of OUT, in that format, has a change
# that its printed value and the baseline's give, to the printed precision (fastpath
# prints no revision values: they come from CSV)
agree() {
	$PY - "$@" <<'EOF'
import csv, json, re, sys
fmt, out = sys.argv[1:3]
text = open(out).read()

def half(s):
    """half a unit of the last printed digit of the number s"""
    m = re.fullmatch(r"[-+]?(\d+)(?:\.(\d*))?(?:[eE]([-+]?\d+))?", s)
    if not m:
        raise ValueError("not a number: %r" % s)
    return 0.5 * 10 ** (int(m.group(3) or 0) - len(m.group(2) or ""))

bad, seen = [], 0

def check(where, x, hx, b, hb, pct, hp):
    global seen
    seen += 1
    if b <= hb:
        bad.append("%s: baseline %g" % (where, b))
        return
    lo = ((x - hx) / (b + hb) - 1) * 100
    hi = ((x + hx) / (b - hb) - 1) * 100
    if hi < pct - hp or lo > pct + hp:
        bad.append("%s: value %r, base %r give %.4f%%, printed %r%%" %
                   (where, x, b, (x / b - 1) * 100, pct))

if fmt in ("text", "markdown"):
    if fmt == "text":
        rows = [(l.split()[0], l.split(None, 2)[2]) for l in text.splitlines()
                if re.match(r"(Median|Mean) +\d+ ", l)]
        cell = re.compile(r"(\S+) [(*~#!] *([-+]?[0-9.]+)%[)*~#!]")
    else:
        rows = [(l.split("|")[2].strip(), l.split("|", 3)[3]) for l in text.splitlines()
                if re.match(r"\| \d+ \| (median|mean) \|", l)]
        cell = re.compile(r"(\S+) (?:\\\*|[(~#!])([-+]?[0-9.]+)%(?:\\\*|[)~#!])")
    for k, (stat, rest) in enumerate(rows):
        cells = cell.findall(rest)
        if len(cells) < 2 or float(cells[0][1]) != 0:
            bad.append("row %d: cannot read %r" % (k, rest))
            continue
        b = cells[0][0]
        for i, (x, pct) in enumerate(cells[1:], 2):
            check("row %d (%s) column %d" % (k, stat, i), float(x), half(x), float(b),
                  half(b), float(pct), half(pct))
elif fmt == "csv":
    rows = list(csv.DictReader(open(out)))
    base = {}
    for r in rows:
        if r["column"] == "1":
            base[(r["workload"], r["pages"], r["metric"])] = r
    for r in rows:
        b = base[(r["workload"], r["pages"], r["metric"])]
        for v, c in (("median", "change_pct"), ("mean", "mean_change_pct"),
                     ("pooled_median", "pooled_change_pct"),
                     ("pooled_mean", "pooled_mean_change_pct")):
            if v not in r:
                bad.append("no CSV column %s" % v)
                continue
            check("%s %s column %s %s" % (r["metric"], r["pages"], r["column"], v),
                  float(r[v]), half(r[v]), float(b[v]), half(b[v]), float(r[c]),
                  half(r[c]))
elif fmt == "json":
    # numbers as printed (%.10g): their precision is their last digit
    for row in json.loads(text, parse_float=str, parse_int=str)["rows"]:
        cells = row["cells"]
        for x in cells:
            for v, c in (("median", "change_pct"), ("mean", "mean_change_pct"),
                         ("pooled_median", "pooled_change_pct"),
                         ("pooled_mean", "pooled_mean_change_pct")):
                if v not in x:
                    bad.append("no JSON field %s" % v)
                    continue
                if x[v] is None or x[c] is None or cells[0][v] is None:
                    if x[c] is not None:
                        bad.append("%s %s: a change without a value" % (row["metric"], v))
                    continue
                check("%s %s column %s %s" % (row["metric"], row["pages"], x["column"], v),
                      float(x[v]), half(x[v]), float(cells[0][v]), half(cells[0][v]),
                      float(x[c]), half(x[c]))
elif fmt == "fastpath":
    vals = {}
    for r in csv.DictReader(open(sys.argv[3])):
        vals[(r["metric"], r["workload"], r["pages"], r["column"])] = float(r["median"])
    for l in text.splitlines():
        m = re.match(r"\| lazybench/(\S+) +\| (\S+): p:(\d+) +\|(.*)\|$", l)
        if not m:
            continue
        f = [c.strip() for c in m.group(4).split("|")]
        b = f[0].split()[0]
        for i, c in enumerate(f[1:], 2):
            pct = c.split()[-1].rstrip("%")
            check("%s %s column %d" % (m.group(1), m.group(3), i),
                  vals[(m.group(1), m.group(2), m.group(3), str(i))], 0, float(b), half(b),
                  float(pct), half(pct))
if not seen:
    bad.append("no cell read")
for b in bad[:6]:
    print("# " + b)
sys.exit(1 if bad else 0)
EOF
}
runs "$T/vc/a" a 80:100:3 3:101:5 3:101:5 3:101:5 3:101:5 3:101:5 3:101:5 3:101:5
runs "$T/vc/b" b 80:99.5:3 3:102.5:6 3:102.5:6 3:102.5:6 3:102.5:6 3:102.5:6 3:102.5:6 3:102.5:6
runs "$T/vc/c" c 30:103:4
mkdir -p "$T/vc/ea" "$T/vc/eb"
$MK "$T/vc/ea/a0" --exact 2 --seed 31 --n 20 --pages 512 >/dev/null
$MK "$T/vc/ea/a1" --exact 2 --seed 32 --n 5 --pages 512 --shift 8 >/dev/null
$MK "$T/vc/eb/b0" --exact 3 --seed 33 --n 20 --pages 512 --label v2 >/dev/null
$MK "$T/vc/eb/b1" --exact 3 --seed 34 --n 5 --pages 512 --shift 8 --label v2 >/dev/null
cmp_run --format csv "$T/vc/a" "$T/vc/b" "$T/vc/c"
cp "$T/out" "$T/vc.csv"
$PY -c '
import csv, sys
r = [x for x in csv.DictReader(open(sys.argv[1])) if x["column"] == "2" and x["metric"] == "ns"][0]
assert abs(float(r["median"]) / float(r["pooled_median"]) - 1) > 0.01, r
assert abs(float(r["mean"]) / float(r["pooled_mean"]) - 1) > 0.005, r
' "$T/vc.csv"
ok $? "values: a column of runs of unequal length prints the mean of its per-run medians, CSV keeps the pooled median"
for set in "a b c" "c a b"; do
	set -- $set
	d="$T/vc/$1 $T/vc/$2 $T/vc/$3"
	for f in text markdown csv json; do
		cmp_run --format $f $d
		agree $f "$T/out" >"$T/agree"
		ok $? "$f, baseline $1: every value and its change agree ($(tr '\n' ' ' <"$T/agree"))"
	done
	cmp_run --format csv $d
	cp "$T/out" "$T/vc.csv"
	cmp_run --style fastpath $d
	agree fastpath "$T/out" "$T/vc.csv" >"$T/agree"
	ok $? "fastpath, baseline $1: the base and the change agree with the values ($(tr '\n' ' ' <"$T/agree"))"
done
cmp_run --brief "$T/vc/a" "$T/vc/b" "$T/vc/c"
agree text "$T/out" >"$T/agree"
ok $? "--brief: every value and its change agree ($(tr '\n' ' ' <"$T/agree"))"
cmp_run --assume-independent "$T/vc/a" "$T/vc/b" "$T/vc/c"
agree text "$T/out" >"$T/agree" && grep -qE '^Median +1 +100\.00 \( +0\.00%\) +99\.50 \* +-0\.50%\*' "$T/out"
ok $? "--assume-independent: the pooled median, and its change, agree ($(tr '\n' ' ' <"$T/agree"))"
for f in text markdown csv json; do
	cmp_run --format $f "$T/vc/ea" "$T/vc/eb"
	agree $f "$T/out" >"$T/agree"
	ok $? "$f, exact count and ns of runs of 20 and 5: values and changes agree ($(tr '\n' ' ' <"$T/agree"))"
done
grep -q '"exact-different"' "$T/out"
ok $? "... and the exact count is marked # (exact-different)"

echo "1..$n"
[ $fails -eq 0 ]
