#!/bin/sh
# munmap-mt, mprotect-mt: the other thread runs on a CPU that is not the run's (other_cpu
# in every row) and sleeps through every window (its samples are not disturbed more often
# than those of munmap and mprotect in the same run).
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
[ "$(getconf _NPROCESSORS_ONLN)" -ge 2 ] || { echo "1..0 # SKIP needs two online CPUs"; exit 0; }
for cpu in 0 1; do
	"$LB" run munmap-mt mprotect-mt munmap mprotect --pages 16,512 --reps 5 --warmup 1 --cpu $cpu \
		--out "$T/r$cpu" --label m >"$T/out" 2>"$T/err"
	ok $? "run on CPU $cpu exits 0" || sed 's/^/# /' "$T/err"
	d=$(run_dir "$T/r$cpu/m") || { ok 1 "one run directory"; continue; }
	tsv=$d/samples.tsv
	oc=$(col "$tsv" other_cpu)
	rows=$(awk -F'\t' 'NR > 1 && $1 ~ /-mt$/' "$tsv" | wc -l)
	[ "$rows" -eq 20 ]; ok $? "CPU $cpu: 20 *-mt rows, 5 per workload and size ($rows)"
	awk -F'\t' -v c="$oc" -v me="$cpu" 'NR > 1 && $1 ~ /-mt$/ && ($c == "-" || $c == me) {print "# " $0; bad = 1} END {exit bad}' "$tsv"
	ok $? "CPU $cpu: other_cpu is set in every *-mt row and is not $cpu"
	# the thread sleeps through every window: the *-mt samples are not disturbed more
	# often than their single-threaded twins in the same run (a loaded machine disturbs both)
	awk -F'\t' 'NR == 1 {for (i = 1; i <= NF; i++) c[$i] = i; next}
		$(c["contam"]) == 1 { if ($1 ~ /-mt$/) m++; else t++ }
		END { printf "# contaminated: %d of 20 *-mt samples, %d of 20 of their twins\n", m, t; exit m > t + 3 }' "$tsv"
	ok $? "CPU $cpu: *-mt samples no more often contaminated than munmap/mprotect's (+3)"
done
done_testing
