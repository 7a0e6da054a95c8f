#!/usr/bin/env bash
# Mutated meta.json / samples.tsv / hyperfine JSON: compare must answer 0 or 2 with at most
# one line on stderr, never crash (run with the ASan/UBSan build when it is there).
set -u
cd "$(dirname "$0")/../.."
LB=${LAZYBENCH:-build/san/lazybench}
[ -x "$LB" ] || LB=./lazybench
PY=/usr/bin/python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if [ ! -x "$LB" ] || [ ! -x $PY ]; then
	echo "1..0 # SKIP $LB or $PY missing"
	exit 0
fi
$PY tests/report/mkrun.py "$T/base" --seed 1 --n 5 --exact 3 --ops
$PY tests/report/mkrun.py "$T/run" --seed 2 --n 5 --exact 3 --ops --label v2
cat >"$T/hf.json" <<'JSON'
{"results": [{"command": "base", "times": [1.0, 1.1, 0.9]}, {"command": "v2", "times": [1.2, 1.1, 1.3]}]}
JSON
n=0
fails=0
for target in meta.json samples.tsv hf.json; do
	crashes=0
	codes=""
	for seed in $(seq 1 60); do
		rm -rf "$T/m"
		cp -r "$T/run" "$T/m"
		cp "$T/hf.json" "$T/mhf.json"
		case $target in
		hf.json) f="$T/mhf.json" ;;
		*) f="$T/m/$target" ;;
		esac
		# flip, delete, duplicate or insert bytes at random places (fixed seed)
		$PY - "$f" "$seed" <<'PYEOF'
import random, sys
path, seed = sys.argv[1], int(sys.argv[2])
r = random.Random(seed)
b = bytearray(open(path, "rb").read())
for _ in range(r.randint(1, 6)):
    i = r.randrange(len(b)) if b else 0
    op = r.randrange(5)
    if op == 0 and b:
        b[i] = r.randrange(256)
    elif op == 1 and b:
        del b[i:i + r.randint(1, 40)]
    elif op == 2:
        b[i:i] = r.choice([b"\t", b"\n", b"-", b"\"", b"{", b"]", b"1e999", b"nan", b"\0", b",,"])
    elif op == 3 and b:
        j = r.randrange(len(b))
        b[i:i] = b[j:j + r.randint(1, 80)]
    else:
        b = b[:i]
open(path, "wb").write(bytes(b))
PYEOF
		"$LB" compare --hyperfine "$T/mhf.json" "$T/base" "$T/m" >"$T/out" 2>"$T/err"
		rc=$?
		lines=$(wc -l <"$T/err")
		if { [ $rc -ne 0 ] && [ $rc -ne 2 ]; } || { [ $rc -eq 2 ] && [ "$lines" -ne 1 ]; } ||
			{ [ $rc -eq 2 ] && [ -s "$T/out" ]; }; then
			crashes=$((crashes + 1))
			echo "# $target seed $seed: exit $rc, $lines stderr lines: $(head -c 300 "$T/err")"
		fi
		codes="$codes$rc"
	done
	n=$((n + 1))
	if [ $crashes -eq 0 ]; then
		echo "ok $n - mutated $target, 60 seeds: exit 0 or 2 with one message, no crash"
	else
		echo "not ok $n - mutated $target: $crashes of 60 misbehaved"
		fails=$((fails + 1))
	fi
	n=$((n + 1))
	case $codes in
	*2*) echo "ok $n - mutated $target: some mutations are refused (exit 2)" ;;
	*) echo "not ok $n - mutated $target: no mutation was refused"; fails=$((fails + 1)) ;;
	esac
done
echo "1..$n"
[ $fails -eq 0 ]
