#!/bin/sh
# munmap-mt, mprotect-mt: the other thread runs on a CPU that is not the run's (other_cpu
# in every row) and sleeps through every window (no switch, no migration in it).
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
[ "$(getconf _NPROCESSORS_ONLN)" -ge 2 ] || { echo "1..0 # SKIP needs two online CPUs"; exit 0; }
for cpu in 0 1; do
	"$LB" run munmap-mt mprotect-mt --pages 16,512 --reps 5 --warmup 1 --cpu $cpu \
		--out "$T/r$cpu" --label m >"$T/out" 2>"$T/err"
	ok $? "run on CPU $cpu exits 0" || sed 's/^/# /' "$T/err"
	d=$(run_dir "$T/r$cpu/m") || { ok 1 "one run directory"; continue; }
	tsv=$d/samples.tsv
	oc=$(col "$tsv" other_cpu)
	rows=$(awk -F'\t' 'NR > 1' "$tsv" | wc -l)
	[ "$rows" -eq 20 ]; ok $? "CPU $cpu: 20 rows, 5 per workload and size ($rows)"
	awk -F'\t' -v c="$oc" -v me="$cpu" 'NR > 1 && ($c == "-" || $c == me) {print "# " $0; bad = 1} END {exit bad}' "$tsv"
	ok $? "CPU $cpu: other_cpu is set in every row and is not $cpu"
	awk -F'\t' 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i; next}
		$(c["contam"]) == 1 {n++} END {exit n > 2}' "$tsv"
	ok $? "CPU $cpu: at most 2 of 20 samples contaminated (the thread sleeps through every window)"
done
done_testing
