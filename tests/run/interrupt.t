#!/bin/sh
# An interrupted run (SIGINT, SIGTERM) stays <run-id>.incomplete with complete=false and
# interrupted_by set, exits 128+signo, and keeps the samples taken so far.
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
for sig in INT TERM; do
	o=$T/$sig
	"$LB" run munmap mremap --pages 512 --reps 1000000 --warmup 0 --out "$o" --label l \
		>"$T/stdout" 2>"$T/stderr" &
	pid=$!
	# wait until samples are flowing
	i=0
	while [ $i -lt 100 ]; do
		f=$(ls "$o"/l/*.incomplete/samples.tsv 2>/dev/null)
		[ -n "$f" ] && [ "$(wc -l <"$f")" -gt 5 ] && break
		sleep 0.1
		i=$((i + 1))
	done
	kill -s "$sig" "$pid"
	wait "$pid"
	rc=$?
	case $sig in INT) want=130;; TERM) want=143;; esac
	[ "$rc" -eq "$want" ]; ok $? "SIG$sig: exit $want (got $rc)"
	set -- "$o"/l/*
	[ $# -eq 1 ] && case $1 in *.incomplete) true;; *) false;; esac
	ok $? "SIG$sig: only a .incomplete run directory ($(basename "$1"))"
	grep -q '"complete": false' "$1/meta.json"; ok $? "SIG$sig: meta.json complete=false"
	grep -q "\"interrupted_by\": \"SIG$sig\"" "$1/meta.json"; ok $? "SIG$sig: interrupted_by SIG$sig"
	meta_check "$1/meta.json" "$1/samples.tsv"; ok $? "SIG$sig: meta.json valid JSON, metrics = columns"
	[ "$(wc -l <"$1/samples.tsv")" -gt 5 ]; ok $? "SIG$sig: samples so far kept"
	awk -F'\t' 'NR > 1 && NF != 7 + 0 && NF < 5 {bad=1} END {exit bad}' "$1/samples.tsv"
	ok $? "SIG$sig: every stored row is whole"
	ls "$1"/.*.tmp >/dev/null 2>&1; [ $? -ne 0 ]; ok $? "SIG$sig: no temp files left"
	grep -q "interrupted" "$T/stderr"; ok $? "SIG$sig: says so on stderr"
done
done_testing
