#!/bin/sh
# A size point that fails (here: out of address space under ulimit -v) is recorded with its
# reason, the run is not complete, and no reader takes it for complete data.
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
json() { perl -MJSON::PP -e 'local $/; open(my $f, "<", $ARGV[0]) or die; my $m = decode_json(<$f>); my $v = $m->{$ARGV[1]}; print !defined $v ? "null" : JSON::PP::is_bool($v) ? ($v ? 1 : 0) : ref $v eq "ARRAY" ? join(";", map { "$_->{workload}:$_->{pages}:$_->{reason}" } @$v) : $v' "$1" "$2"; }

(ulimit -v 200000; "$LB" run munmap --pages 16,65536 --reps 3 --warmup 0 --events '' \
	--out "$T/r" --label l >"$T/out" 2>"$T/err")
rc=$?
[ "$rc" -eq 1 ]; ok $? "a failed point: exit 1 ($rc)"
set -- "$T/r/l"/*
d=$1
case $d in *.incomplete) true;; *) false;; esac; ok $? "a failed point: the run stays .incomplete ($(basename "$d"))"
[ "$(json "$d/meta.json" complete)" = 0 ]; ok $? "meta.json complete=false"
json "$d/meta.json" error | grep -q "munmap pages=65536: prepare failed: Cannot allocate memory"
ok $? "meta.json error names the point and why: $(json "$d/meta.json" error)"
[ "$(json "$d/meta.json" failed)" = "munmap:65536:prepare failed: Cannot allocate memory" ]
ok $? "meta.json failed lists it: $(json "$d/meta.json" failed)"
[ "$(json "$d/meta.json" failures)" = 1 ]; ok $? "meta.json failures=1"
grep -q "^INCOMPLETE RUN: 1 size point failed" "$d/summary.txt" &&
	grep -q "^  munmap pages=65536: prepare failed: Cannot allocate memory" "$d/summary.txt"
ok $? "summary.txt says the run is incomplete and which point failed"
"$LB" compare "$d" "$d" >/dev/null 2>"$T/cerr"; rc=$?
[ "$rc" -ne 0 ] && grep -q "1 size point failed" "$T/cerr"
ok $? "compare refuses it, saying why (exit $rc: $(cat "$T/cerr"))"
"$LB" run munmap --pages 16 --reps 3 --warmup 0 --events '' --out "$T/r" --label l >/dev/null 2>&1
"$LB" compare --format csv "$T/r/l" "$T/r/l" >"$T/csv" 2>"$T/cerr"; rc=$?
[ "$rc" -eq 0 ] && grep -q "skipped 1 incomplete run" "$T/cerr" &&
	awk -F, '$1 == "munmap" && $2 == 16 && $3 == "ns" && $7 == 1 {print $9}' "$T/csv" | grep -qx 3
ok $? "compare of the label directory pools only the complete run (exit $rc: $(head -c 200 "$T/cerr"))"

# a failed point that left some rows (it failed in a later rep): with --incomplete, those
# rows are left out with a note; made from a complete run, as the failure cannot be timed
good=$(ls -d "$T/r/l"/* | grep -v incomplete)
cp -r "$good" "$T/half.incomplete"
perl -0pi -e 's/"complete": true/"complete": false/; s/"failed": \[\]/"failed": [{"workload": "munmap", "pages": 16, "reason": "operation failed: Bad address"}]/; s/"failures": 0/"failures": 1/' "$T/half.incomplete/meta.json"
"$LB" compare --incomplete --format csv "$T/half.incomplete" "$good" >"$T/csv" 2>"$T/cerr"; rc=$?
grep -q "munmap at 16 pages failed (operation failed: Bad address): 3 rows of it left out" "$T/cerr" &&
	! awk -F, '$1 == "munmap" && $2 == 16 && $3 == "ns" && $7 == 1 && $9 > 0' "$T/csv" | grep -q .
ok $? "compare --incomplete leaves the failed point's rows out, with a note (exit $rc)"

# a run of lazybench before this fix: published "complete": true with "failures": 1 and no
# "failed" list. Still loadable with --incomplete, never taken for complete
cp -r "$good" "$T/old"
perl -0pi -e 's/\s*"failed": \[\],//; s/"failures": 0/"failures": 1/' "$T/old/meta.json"
"$LB" compare "$T/old" "$good" >/dev/null 2>"$T/cerr"; rc=$?
[ "$rc" -ne 0 ] && grep -q '"failures" is 1' "$T/cerr"; ok $? "an old run with failures=1 and complete=true is refused (exit $rc: $(cat "$T/cerr"))"
{
	echo "# lazycount/1 target=x86_64 plugin_api=1 vcpus=1"
	printf 'seq\tkind\tvcpu\temu_insns\n'
	for k in 0 1 2; do printf '%d\ttimed\t0\t100\n' $k; done
	echo "# end windows=3 timed=3 warmup=0 unmatched=0 total_kinsns=1"
} >"$T/counts.tsv"
cp -r "$T/old" "$T/old2"
"$LB" emu-merge "$T/counts.tsv" "$T/old2" >/dev/null 2>"$T/merr"; rc=$?
[ "$rc" -eq 2 ] && grep -q '"failures": 1 size points failed' "$T/merr" && cmp -s "$T/old/samples.tsv" "$T/old2/samples.tsv"
ok $? "emu-merge refuses an old run with failures=1 too (exit $rc: $(cat "$T/merr"))"
cp -r "$good" "$T/good2"
"$LB" emu-merge "$T/counts.tsv" "$T/good2" >/dev/null 2>"$T/merr"; rc=$?
[ "$rc" -eq 0 ]; ok $? "(the same counts merge into the complete run: exit $rc $(cat "$T/merr"))"
"$LB" compare --incomplete --format csv "$T/old" "$good" >"$T/txt" 2>&1; rc=$?
[ "$rc" -eq 0 ] && grep -q "1 size point failed (the run does not say which" "$T/txt"
ok $? "and read with --incomplete, with a note (exit $rc)"
done_testing
