#!/usr/bin/env bash
# lazybench compare: the run as the unit of evidence. A/A simulations with run-to-run
# offsets (tests/report/mkaa.py: several spreads, 1, 3 and 5 runs per label) must be
# marked significant at about the nominal rate (alpha = 0.05) or less; clear shifts with
# consistent runs must be found; one run per column never gets '*'. The run-level numbers
# are checked against tests/report/runlevel-ref.py, an independent implementation. TAP.
set -u
cd "$(dirname "$0")/../.."
LB=${LAZYBENCH:-./lazybench}
PY=/usr/bin/python3
TRIALS=${TRIALS:-40}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }

if [ ! -x "$LB" ] || [ ! -x $PY ]; then
	echo "1..0 # SKIP $LB or $PY missing"
	exit 0
fi
# a private copy: a rebuild of the shared binary mid-test must not lose trials
cp "$LB" "$T/lazybench" && LB=$T/lazybench

# at most this many of TRIALS null comparisons may be marked: the nominal 5% is 2 of
# 40; P(X >= 6) for Binomial(40, 0.05) is 0.014 (seeds are fixed: no flakes)
MAXNULL=$(( (TRIALS * 13 + 99) / 100 ))

# marks of column 2's ns cell over every trial of dir $1, extra compare options after it:
# prints "<median mark> <mean mark>" per trial
marks() {
	local d=$1 t
	shift
	for t in "$d"/t*; do
		"$LB" compare --format csv "$@" "$t/a" "$t/b" 2>/dev/null |
			awk -F, '$7==2 && $3=="ns" {print $23, $25}'
	done
}
count() { grep -c -- "$1" "$T/marks" || true; }

for sd in 2 5 10; do
	$PY tests/report/mkaa.py "$T/k3-$sd" --trials "$TRIALS" --runs 3 --run-sd $sd --cv 1 --reps 20 --seed $sd
	marks "$T/k3-$sd" >"$T/marks"
	med=$(awk '$1=="significant"' "$T/marks" | wc -l)
	mean=$(awk '$2=="significant"' "$T/marks" | wc -l)
	tot=$(wc -l <"$T/marks")
	[ "$tot" -eq "$TRIALS" ] && [ "$med" -le $MAXNULL ] && [ "$mean" -le $MAXNULL ]
	ok $? "A/A, 3 runs per label, run-to-run SD $sd%, within-run CV 1%: median row marked in $med, mean row in $mean of $tot (at most $MAXNULL)"
done

$PY tests/report/mkaa.py "$T/k5" --trials "$TRIALS" --runs 5 --run-sd 5 --reps 10 --seed 55
marks "$T/k5" >"$T/marks"
med=$(awk '$1=="significant"' "$T/marks" | wc -l)
mean=$(awk '$2=="significant"' "$T/marks" | wc -l)
[ "$med" -le $MAXNULL ] && [ "$mean" -le $MAXNULL ]
ok $? "A/A, 5 runs of 10 per label, SD 5%: median row marked in $med, mean row in $mean of $TRIALS"

# the old inference, restored on request: repetitions as independent samples
marks "$T/k3-5" --assume-independent >"$T/marks"
old=$(awk '$1=="significant"' "$T/marks" | wc -l)
[ "$old" -gt $((TRIALS / 3)) ]
ok $? "the same A/A data with --assume-independent (the within-run test): marked in $old of $TRIALS (why the run is the unit)"

for sd in 2 5; do
	$PY tests/report/mkaa.py "$T/k1-$sd" --trials "$TRIALS" --runs 1 --run-sd $sd --cv 1 --reps 20 --seed $((sd + 10))
	marks "$T/k1-$sd" >"$T/marks"
	star=$(awk '$1=="significant" || $2=="significant"' "$T/marks" | wc -l)
	tilde=$(awk '$1=="one-run"' "$T/marks" | wc -l)
	[ "$star" -eq 0 ] && [ "$(wc -l <"$T/marks")" -eq "$TRIALS" ]
	ok $? "A/A, one run per label, SD $sd%: never marked significant ('~' one-run mark in $tilde of $TRIALS)"
done
"$LB" compare "$T/k1-5/t0/a" "$T/k1-5/t0/b" >"$T/out" 2>&1
grep -q "^warning: one run: column 2 (b, 1 run) against the baseline (1 run)" "$T/out" &&
	tr '\n' ' ' <"$T/out" | tr -s ' ' | grep -q "~-1.00%~ a column has a single run"
ok $? "one run per column: the legend explains ~ and a warning says why"
"$LB" compare --format json "$T/k1-5/t0/a" "$T/k1-5/t0/b" >"$T/out.json"
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert any(w.startswith("one run: column 2") for w in d["warnings"]); assert d["warning_counts"]["one run"] == 1; c=d["rows"][0]["cells"][1]; assert c["method"] == "one-run" and c["mde_pct"] is None, c' "$T/out.json"
ok $? "one run per column: JSON has the warning, method one-run and no MDE"
"$LB" compare --format csv "$T/k1-5/t0/a" "$T/k1-5/t0/b" 2>&1 >/dev/null | grep -q "^lazybench compare: warning: one run: column 2"
ok $? "one run per column: CSV's warning is on stderr"
"$LB" compare --format markdown "$T/k1-5/t0/a" "$T/k1-5/t0/b" | grep -q "^- warning: one run: column 2"
ok $? "one run per column: Markdown has the warning"

# mixed: 3 runs against 1
$PY tests/report/mkaa.py "$T/mix" --trials 1 --runs 3 --runs-b 1 --run-sd 5 --seed 77
"$LB" compare --format csv "$T/mix/t0/a" "$T/mix/t0/b" | awk -F, '$7==2 && $3=="ns" {print $26}' | grep -qx one-run
ok $? "3 runs against 1: still one-run inference (one boot of the revision)"

# power: clear shifts with consistent runs are found
$PY tests/report/mkaa.py "$T/shift" --trials "$TRIALS" --runs 3 --run-sd 1 --cv 1 --shift 10 --reps 20 --seed 99
marks "$T/shift" >"$T/marks"
hit=$(awk '$1=="significant" && $2=="significant"' "$T/marks" | wc -l)
[ "$hit" -ge $((TRIALS * 95 / 100)) ]
ok $? "a 10% shift, 3 runs per label with SD 1%: marked in $hit of $TRIALS (median and mean rows)"

# resolution line, text
"$LB" compare "$T/k3-5/t0/a" "$T/k3-5/t0/b" >"$T/out"
tr '\n' ' ' <"$T/out" | tr -s ' ' |
	grep -qE "can resolve, 512 pages, column 2: with 3 runs per column, changes below [0-9.]+% cannot be told from noise \(Welch's test at p < 0.05 finds a change of [0-9.]+% 4 times in 5\); the observed [-+][0-9.]+% would need [0-9]+ runs per column"
ok $? "text: the 'can resolve' line: $(grep -A1 'can resolve' "$T/out" | tr -s ' ' | tr '\n' ' ')"
grep -qE '^MDE +512 +- +[0-9.]+%$' "$T/out" && grep -qE '^runs +512 +3 +3$' "$T/out"
ok $? "text: MDE and runs rows"

# the numbers, against an independent implementation
for t in 0 1 2; do
	for d in k3-5 k5; do
		"$LB" compare --format json "$T/$d/t$t/a" "$T/$d/t$t/b" >"$T/ref.json"
		$PY tests/report/runlevel-ref.py "$T/$d/t$t/a" "$T/$d/t$t/b" "$T/ref.json" >"$T/ref.out"
		ok $? "$d trial $t: p, CI, MDE and runs needed equal the reference ($(grep -c '^ok' "$T/ref.out") values)"
	done
done

echo "1..$n"
[ $fails -eq 0 ]
