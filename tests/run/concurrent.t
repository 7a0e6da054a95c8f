#!/bin/sh
# Concurrent runs: without --cpu they spread over the CPUs they may use; one that has to
# share a CPU with another lazybench run says so (stderr, summary.txt, meta.json).
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
command -v flock >/dev/null || { echo "1..0 # SKIP needs flock(1)"; exit 0; }
# CPUs no other lazybench run holds right now (other runs on this machine count too)
ncpu=0
for c in $(seq 0 $(($(nproc) - 1))); do
	f=/tmp/lazybench-cpu$c.lock
	[ -e "$f" ] && ! flock -n "$f" true 2>/dev/null && continue
	ncpu=$((ncpu + 1))
done
[ "$ncpu" -ge 1 ] || { echo "1..0 # SKIP every CPU is held by another lazybench run"; exit 0; }
diag "$ncpu of $(nproc) CPUs free"
pids=""
for i in $(seq 1 $((ncpu + 1))); do
	"$LB" run munmap --pages 512 --reps 1000000 --warmup 0 --events '' --out "$T/r$i" --label l \
		>/dev/null 2>"$T/err$i" &
	pids="$pids $!"
	# wait until it has picked its CPU
	j=0
	while ! grep -q "CPU [0-9]* ->" "$T/err$i" && [ $j -lt 100 ]; do sleep 0.05; j=$((j + 1)); done
done
kill -INT $pids
wait
cpus=$(for i in $(seq 1 "$ncpu"); do sed -n 's/.*CPU \([0-9]*\) ->.*/\1/p' "$T/err$i"; done | sort -u | wc -l)
[ "$cpus" -eq "$ncpu" ]; ok $? "$ncpu concurrent runs on $ncpu different CPUs ($cpus)"
for i in $(seq 1 "$ncpu"); do
	! grep -q "warning: another lazybench run" "$T/err$i" || { ok 1 "run $i warned without cause"; }
done
last=$((ncpu + 1))
grep -q "warning: another lazybench run is pinned to CPU" "$T/err$last"; ok $? "run $last (no CPU left) warns on stderr"
d=$(ls -d "$T/r$last/l"/* | head -1)
grep -q "^warning: another lazybench run" "$d/summary.txt"; ok $? "and in summary.txt"
grep -q '"cpu_warning": "another lazybench run' "$d/meta.json"; ok $? "and in meta.json"
# --cpu given explicitly: shared, warned
"$LB" run munmap --pages 512 --reps 1000000 --warmup 0 --events '' --cpu 0 --out "$T/x" --label l >/dev/null 2>"$T/errx" &
p1=$!
j=0; while ! grep -q "CPU 0 ->" "$T/errx" && [ $j -lt 100 ]; do sleep 0.05; j=$((j + 1)); done
"$LB" run empty --pages 1 --reps 1 --events '' --cpu 0 --out "$T/y" --label l >/dev/null 2>"$T/erry"
kill -INT $p1; wait $p1
grep -q "warning: another lazybench run is pinned to CPU 0:" "$T/erry"; ok $? "--cpu 0 taken by another run: warned"
done_testing
