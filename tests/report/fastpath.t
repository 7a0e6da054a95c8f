#!/usr/bin/env bash
# lazybench compare --style fastpath: the LKML table (group, result class, base value,
# change per revision with (I)/(R) in the metric's better direction). TAP.
set -u
cd "$(dirname "$0")/../.."
LB=${LAZYBENCH:-./lazybench}
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }
if [ ! -x "$LB" ] || [ ! -x $PY ]; then
	echo "1..0 # SKIP $LB or $PY missing"
	exit 0
fi
cp "$LB" "$T/lazybench" && LB=$T/lazybench

# three labels of 3 runs: b 10% faster, c 10% slower; consistent runs (SD 1%)
$PY tests/report/mkaa.py "$T/f" --trials 1 --runs 3 --run-sd 1 --shift -10 --seed 3
$PY tests/report/mkaa.py "$T/g" --trials 1 --runs 3 --run-sd 1 --shift 10 --seed 4
$PY tests/report/mkaa.py "$T/h" --trials 1 --runs 3 --run-sd 1 --shift 0 --seed 5
"$LB" compare --style fastpath "$T/f/t0/a" "$T/f/t0/b" "$T/g/t0/b" "$T/h/t0/b" >"$T/out" 2>"$T/err"
ok $? "--style fastpath exits 0 ($(head -c 200 "$T/err"))"
grep -qE '^\| Benchmark +\| Result Class +\| +a \(base\) \| +b \| +b \| +b \|$' "$T/out"
ok $? "header: Benchmark, Result Class, base label, one column per revision"
row=$(grep '^| lazybench/ns ' "$T/out")
echo "$row" | grep -qE '^\| lazybench/ns +\| mremap: p:512 +\| +[0-9.]+ ns/PTE \| +\(I\) -[0-9.]+% \| +\(R\) [0-9.]+% \| +-?[0-9.]+% \|$'
ok $? "row: group, class 'mremap: p:512', base value with unit, (I) for -10%, (R) for +10%, no mark for 0: $row"
grep -q "^| -* | -* |" "$T/out"
ok $? "a Markdown separator line under the header"
tr '\n' ' ' <"$T/out" | tr -s ' ' | grep -q "never sign-flipped; (I) marks a significant improvement and (R) a significant regression in the metric's better direction"
ok $? "the legend states the sign convention"
[ "$(awk 'length > 80 && !/^\|/' "$T/out" | wc -l)" -eq 0 ]
ok $? "text outside the table is wrapped at 80 columns"
# a higher-is-better metric: a positive change is the improvement
$PY tests/report/mkrun.py "$T/o0" --ops --seed 1 --pages 512 --n 20 >/dev/null
$PY tests/report/mkrun.py "$T/o1" --ops --seed 2 --pages 512 --n 20 --shift -20 --label fast >/dev/null
"$LB" compare --assume-independent --style fastpath --metric ops "$T/o0" "$T/o1" >"$T/out"
grep '^| lazybench/ops ' "$T/out" | grep -qE '\(I\) [0-9.]+% \|$'
ok $? "higher is better: +25% op/s is (I): $(grep '^| lazybench/ops ' "$T/out")"
"$LB" compare --style fastpath --metric ops "$T/o0" "$T/o1" >"$T/out"
grep '^| lazybench/ops ' "$T/out" | grep -qE '\| +~ [0-9.]+% \|$' && grep -q "^warning: one run" "$T/out"
ok $? "one run per column: '~', no (I), and the warning"
echo "1..$n"
[ $fails -eq 0 ]
