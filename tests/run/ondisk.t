#!/bin/sh
# The on-disk promises under faults: a full disk, a write that fails, a name taken while
# running, SIGHUP/SIGPIPE, SIGKILL at any moment. Every failure is recorded in the run with
# its reason, nothing published as complete that is not, the run id inside is the name.
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
json() { perl -MJSON::PP -e 'local $/; open(my $f, "<", $ARGV[0]) or die; my $m = decode_json(<$f>); my $v = $m->{$ARGV[1]}; print !defined $v ? "null" : JSON::PP::is_bool($v) ? ($v ? 1 : 0) : $v' "$1" "$2"; }
wait_rows() {	# wait_rows LABELDIR N: until a .incomplete run has N sample rows
	i=0
	while [ $i -lt 200 ]; do
		f=$(ls "$1"/*.incomplete/samples.tsv 2>/dev/null | head -1)
		[ -n "$f" ] && [ "$(wc -l <"$f")" -gt "$2" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# 1. disk full while samples.tsv grows (a 512 KiB tmpfs)
if [ "$(id -u)" -eq 0 ] && mkdir "$T/full" && mount -t tmpfs -o size=512k lbtest "$T/full" 2>/dev/null; then
	"$LB" run empty --pages 1 --reps 1000000 --warmup 0 --events '' --out "$T/full" --label l \
		>"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq 1 ]; ok $? "disk full: exit 1 ($rc)"
	set -- "$T/full/l"/*
	[ $# -eq 1 ] && case $1 in *.incomplete) true;; *) false;; esac; ok $? "disk full: stays .incomplete ($(basename "$1"))"
	[ "$(json "$1/meta.json" complete)" = 0 ]; ok $? "disk full: meta.json complete=false"
	json "$1/meta.json" error | grep -q "samples.tsv: No space left on device"; ok $? "disk full: meta.json error: $(json "$1/meta.json" error)"
	grep -q "INCOMPLETE RUN: writing samples.tsv" "$1/summary.txt"; ok $? "disk full: summary.txt written, says why"
	awk -F'\t' 'NR == 1 {n = NF} NF != n {bad=1} END {exit bad || NR < 100}' "$1/samples.tsv"; ok $? "disk full: samples.tsv holds only whole rows ($(wc -l <"$1/samples.tsv"))"
	grep -q "No space left" "$T/err"; ok $? "disk full: said on stderr"
	umount "$T/full"
else
	skip "needs root to mount a small tmpfs" "disk full"
fi

# 2. summary.txt cannot be written (its temp name is taken by a directory)
"$LB" run munmap --pages 512 --reps 300 --warmup 0 --events '' --out "$T/s" --label l >"$T/out" 2>"$T/err" &
pid=$!
wait_rows "$T/s/l" 1 && mkdir "$(ls -d "$T/s/l"/*.incomplete)/.summary.txt.tmp"
wait "$pid"
rc=$?
[ "$rc" -eq 1 ]; ok $? "summary.txt not writable: exit 1 ($rc)"
set -- "$T/s/l"/*
case $1 in *.incomplete) true;; *) false;; esac; ok $? "summary.txt not writable: not published ($(basename "$1"))"
json "$1/meta.json" error | grep -q "summary.txt"; ok $? "summary.txt not writable: meta.json error: $(json "$1/meta.json" error)"
[ "$(json "$1/meta.json" complete)" = 0 ]; ok $? "summary.txt not writable: complete=false"

# 3. the run's name is taken meanwhile: the run id inside is the published name
"$LB" run munmap --pages 512 --reps 300 --warmup 0 --events '' --out "$T/n" --label l >"$T/out" 2>"$T/err" &
pid=$!
wait_rows "$T/n/l" 1 && inc=$(ls -d "$T/n/l"/*.incomplete) && mkdir "${inc%.incomplete}"
wait "$pid"
ok $? "name taken: run exits 0"
d=$(ls -d "$T/n/l"/*-2 2>/dev/null)
[ -n "$d" ]; ok $? "published under -2 ($(basename "$d"))"
[ "$(json "$d/meta.json" run_id)" = "$(basename "$d")" ]; ok $? "meta.json run_id is the directory's ($(json "$d/meta.json" run_id))"
head -n1 "$d/summary.txt" | grep -q "run $(basename "$d") "; ok $? "summary.txt names the same run id"
[ "$(json "$d/meta.json" complete)" = 1 ]; ok $? "meta.json complete=true"

# 4. SIGHUP, and SIGPIPE from `run --tap | head -1`, end the run like SIGINT
"$LB" run munmap --pages 512 --reps 1000000 --warmup 0 --out "$T/h" --label l >/dev/null 2>"$T/err" &
pid=$!
wait_rows "$T/h/l" 5
kill -HUP "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 129 ]; ok $? "SIGHUP: exit 129 ($rc)"
set -- "$T/h/l"/*
[ "$(json "$1/meta.json" interrupted_by)" = SIGHUP ]; ok $? "SIGHUP: interrupted_by SIGHUP"
[ -s "$1/summary.txt" ]; ok $? "SIGHUP: summary.txt written"
"$LB" run empty munmap --pages 1,2,3,4 --reps 200 --tap --out "$T/p" --label l 2>"$T/err" | head -n 1 >/dev/null
set -- "$T/p/l"/*
[ "$(json "$1/meta.json" interrupted_by)" = SIGPIPE ]; ok $? "SIGPIPE (run --tap | head): interrupted_by SIGPIPE ($(basename "$1"))"
[ -s "$1/summary.txt" ]; ok $? "SIGPIPE: summary.txt written"

# 5. SIGKILL at any moment: a .incomplete run always has meta.json (complete=false) and
# the samples header; whatever else is left is hidden (.<id>.new) and ignored by readers
bad=0
for delay in 0 0.002 0.005 0.01 0.02 0.03 0.05 0.08 0.1 0.15 0.2 0.3; do
	"$LB" run empty --pages 1 --reps 20 --warmup 0 --events '' --out "$T/k" --label l >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
for d in "$T/k/l"/*; do
	[ -d "$d" ] || continue
	case $d in
	*.incomplete)
		[ -s "$d/meta.json" ] && [ "$(json "$d/meta.json" complete)" = 0 ] &&
			head -n1 "$d/samples.tsv" | grep -q '^workload	' || { diag "bad: $d"; bad=1; };;
	*)	[ "$(json "$d/meta.json" complete)" = 1 ] || { diag "published but complete=false: $d (allowed only after a kill between rename and meta)"; }
		[ "$(json "$d/meta.json" run_id)" = "$(basename "$d")" ] || { diag "bad id: $d"; bad=1; };;
	esac
done
[ $bad -eq 0 ]; ok $? "SIGKILL at 12 moments: every visible run directory is readable and truthful ($(ls "$T/k/l" 2>/dev/null | wc -l) left)"
done_testing
