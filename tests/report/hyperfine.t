#!/usr/bin/env bash
# scripts/hyperfine-compare + lazybench compare --hyperfine, on real runs of this machine.
set -u
cd "$(dirname "$0")/../.."
LB=${LAZYBENCH:-./lazybench}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }

if ! command -v hyperfine >/dev/null; then
	echo "1..0 # SKIP hyperfine is not installed"
	exit 0
fi
if ! "$LB" run empty --pages 1 --reps 3 --label probe --out "$T/probe" >/dev/null 2>&1; then
	echo "1..0 # SKIP lazybench run does not work here"
	exit 0
fi

scripts/hyperfine-compare empty base v2 --lazybench "$LB" --pages 1,16 --reps 10 --runs 3 \
	--warmup 0 --out "$T/hf.json" --results "$T/res" 2>"$T/err"
ok $? "hyperfine-compare times two labels"
/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert [r["command"] for r in d["results"]] == ["base", "v2"]
assert all(len(r["times"]) == 3 for r in d["results"])' "$T/hf.json"
ok $? "hyperfine JSON: commands named by label, 3 timings each"
[ -d "$T/res/base" ] && [ -d "$T/res/v2" ]
ok $? "the timed runs' results are kept with --results"
"$LB" compare "$T/res/base" "$T/res/v2" --hyperfine "$T/hf.json" >"$T/out" 2>"$T/cerr"
ok $? "compare folds the hyperfine JSON into a table of the real runs ($(head -c 200 "$T/cerr"))"
grep -q "^end-to-end (hyperfine), s; lower is better" "$T/out" &&
	tr '\n' ' ' <"$T/out" | tr -s ' ' | grep -q "commands matched to columns: 1=base, 2=v2"
ok $? "end-to-end section with its command-to-column match"
awk 'length > 80' "$T/out" | grep -q . && r=1 || r=0
ok $r "the table with the end-to-end row fits 80 columns"
scripts/hyperfine-compare empty >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "needs a workload" "$T/err"
ok $? "usage error: exit 2 and a one-line message"
scripts/hyperfine-compare empty a a --lazybench "$LB" >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q "given twice" "$T/err"
ok $? "the same label twice is refused"
echo "1..$n"
[ $fails -eq 0 ]
