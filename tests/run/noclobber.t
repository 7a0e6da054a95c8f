#!/bin/sh
# An existing run is never overwritten: runs started in the same second get -2, -3...
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
o=$T/r
for i in 1 2 3; do
	"$LB" run empty --pages 1 --reps 2 --warmup 0 --out "$o" --label l --events '' \
		>/dev/null 2>&1 &
done
wait
set -- "$o"/l/*
[ $# -eq 3 ]; ok $? "three concurrent runs, three run directories ($#)"
for d in "$@"; do
	grep -q '"complete": true' "$d/meta.json" && [ "$(wc -l <"$d/samples.tsv")" -eq 3 ]
	ok $? "$(basename "$d"): complete, its own 2 samples"
done
# a run whose name is taken at publish time goes elsewhere, the old one is untouched
first=$1
sum=$(cat "$first"/* | cksum)
"$LB" run empty --pages 1 --reps 2 --warmup 0 --out "$o" --label l --events '' >/dev/null 2>&1
ok $? "a fourth run succeeds"
[ "$(cat "$first"/* | cksum)" = "$sum" ]; ok $? "earlier run unchanged"
set -- "$o"/l/*
[ $# -eq 4 ]; ok $? "four run directories"
done_testing
