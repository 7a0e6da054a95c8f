#!/bin/sh
# Software clock events read correctly (not 0 when they do not lead the group), and every
# sample says whether its window was contaminated: ctx_switches, cpu_migrations, contam
# (last column), counted by perf or, without it, by getrusage and getcpu.
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
"$LB" run munmap empty --pages 512 --reps 5 --warmup 1 --events page-faults,task-clock,cpu-clock \
	--out "$T/a" --label l >"$T/out" 2>"$T/err"
ok $? "run with task-clock and cpu-clock behind page-faults exits 0"
d=$(run_dir "$T/a/l") || { echo "Bail out! no run"; exit 1; }
tsv=$d/samples.tsv
for e in task_clock cpu_clock; do
	c=$(col "$tsv" $e)
	# a clock event counts at least the op's own time in a window where the task was
	# never switched out: never 0, never below ns/2
	awk -F'\t' -v c="$c" '$1 == "munmap" && $NF == 0 && !($c > 0 && $c >= $5 / 2) {print "# " $0; bad=1} END {exit bad}' "$tsv"
	ok $? "$e: clean munmap rows count the op's time (not the 0 of a non-leading group member)"
done
head -n1 "$tsv" | grep -q '	ctx_switches	cpu_migrations	.*contam$'; ok $? "header: ctx_switches, cpu_migrations, contam last"
awk -F'\t' 'NR > 1 && $NF != 0 && $NF != 1 && $NF != "-" {bad=1} END {exit bad}' "$tsv"; ok $? "contam is 0, 1 or -"
awk -F'\t' -v cs="$(col "$tsv" ctx_switches)" -v m="$(col "$tsv" cpu_migrations)" \
	'NR > 1 && ($NF == 1) != ($cs > 0 || $m > 0) {bad=1} END {exit bad}' "$tsv"
ok $? "contam = 1 exactly where a switch or migration was counted"
grep -q '"source": "perf"' "$d/meta.json"; ok $? "meta.json: counted by perf (root)"
# the final meta.json is written after the counters are closed: it must still describe them
grep '"name": "ctx_switches"' "$d/meta.json" | grep -q "perf software event context-switches" &&
	grep '"name": "cpu_migrations"' "$d/meta.json" | grep -q "perf software event cpu-migrations" &&
	! grep -q "getrusage\|getcpu" "$d/meta.json"
ok $? "meta.json: the metric descriptions agree with contam.source (perf)"
meta_check "$d/meta.json" "$tsv"; ok $? "contam is not a metric; the counts are"
grep -q '^contaminated: [0-9]* of 10 samples' "$d/summary.txt"; ok $? "summary.txt says how many samples were contaminated"

# a busy loop on the same CPU: long windows get switched out, and say so
cpu=$(taskset -pc $$ | sed 's/.*: //; s/[,-].*//')
taskset -c "$cpu" sh -c 'while :; do :; done' &
spin=$!
"$LB" run munmap --pages 65536 --reps 4 --warmup 0 --cpu "$cpu" --events '' \
	--out "$T/b" --label l >"$T/out" 2>"$T/err"
kill "$spin"
d=$(run_dir "$T/b/l")
nc=$(awk -F'\t' 'NR > 1 && $NF == 1' "$d/samples.tsv" | wc -l)
[ "$nc" -ge 1 ]; ok $? "a CPU shared with a busy loop: $nc of 4 samples flagged contam=1"
grep -q "^contaminated: $nc of 4 samples" "$d/summary.txt"; ok $? "summary.txt counts them ($nc)"

# without perf (not root, perf_event_paranoid >= 2): getrusage and getcpu
par=$(cat /proc/sys/kernel/perf_event_paranoid)
if [ "$(id -u)" -eq 0 ] && [ "$par" -ge 2 ] && command -v setpriv >/dev/null; then
	mkdir -m 777 "$T/w"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$LB" run munmap --pages 16 --reps 3 \
		--events '' --out "$T/w/r" --label l >"$T/out" 2>"$T/err"
	ok $? "run as nobody exits 0"
	d=$(run_dir "$T/w/r/l")
	grep -q '"source": "getrusage"' "$d/meta.json"; ok $? "meta.json: counted by getrusage"
	grep '"name": "ctx_switches"' "$d/meta.json" | grep -q "getrusage" &&
		grep '"name": "cpu_migrations"' "$d/meta.json" | grep -q "getcpu"
	ok $? "meta.json: the metric descriptions say getrusage/getcpu too"
	head -n1 "$d/samples.tsv" | grep -q '	ctx_switches	cpu_migrations	contam$'; ok $? "same columns without perf"
	awk -F'\t' 'NR > 1 && $NF != 0 && $NF != 1 {bad=1} END {exit bad}' "$d/samples.tsv"; ok $? "contam known (0/1) without perf"
else
	skip "needs root, setpriv and perf_event_paranoid >= 2 (is $par)" "getrusage fallback"
fi
done_testing
