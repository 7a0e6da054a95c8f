#!/usr/bin/env bash
# End to end on this machine: two real `lazybench run`s, then compare (every format) and
# plot. SKIP when lazybench run cannot run here.
set -u
cd "$(dirname "$0")/../.."
LB=${LAZYBENCH:-./lazybench}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }

for l in base v2; do
	if ! "$LB" run mremap munmap --pages 1,16,512 --reps 12 --label $l --out "$T/res" >"$T/run.out" 2>&1; then
		echo "1..0 # SKIP lazybench run does not work here: $(tail -1 "$T/run.out")"
		exit 0
	fi
done
"$LB" compare "$T/res/base" "$T/res/v2" >"$T/out" 2>"$T/err"
ok $? "compare of two real runs exits 0 ($(head -c 200 "$T/err"))"
long=$(awk 'length > 80' "$T/out" | wc -l)
[ "$long" -eq 0 ] && [ "$(wc -l <"$T/out")" -gt 30 ]
ok $? "the table fits 80 columns ($long longer lines)"
grep -qE '^Median +512 ' "$T/out" && grep -q "^munmap: ns/PTE by size in pages; lower is better" "$T/out"
ok $? "rows for every workload and size"
for f in markdown csv json; do
	"$LB" compare --format $f "$T/res/base" "$T/res/v2" >"$T/out.$f" 2>/dev/null
	ok $? "--format $f exits 0"
done
/usr/bin/python3 -m json.tool "$T/out.json" >/dev/null
ok $? "JSON of real runs parses"
if command -v gnuplot >/dev/null; then
	"$LB" plot "$T/res/base" "$T/res/v2" --metric ns --out "$T/plots" >/dev/null 2>"$T/err"
	[ $? -eq 0 ] && [ -s "$T/plots/mremap-ns.png" ] && [ -s "$T/plots/munmap-ns-change.svg" ]
	ok $? "plot of real runs writes PNG and SVG ($(head -c 200 "$T/err"))"
fi
echo "1..$n"
[ $fails -eq 0 ]
