#!/bin/sh
# lazybench run as a non-root user works: counters it may not open are reported
# unavailable with a reason (and cycles fall back to the reference counter).
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
if [ "$(id -u)" -ne 0 ]; then
	as=""
	diag "already not root"
elif command -v setpriv >/dev/null; then
	as="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	echo "1..0 # SKIP needs setpriv to drop root"; exit 0
fi
mkdir -m 777 "$T/w"
$as "$LB" run mremap munmap fork --pages 1,16 --reps 3 --warmup 1 --out "$T/w/r" --label l \
	--events +page-faults >"$T/stdout" 2>"$T/stderr"
ok $? "run as uid $($as id -u) exits 0"
d=$(run_dir "$T/w/r/l")
ok $? "finished run directory" || { echo "Bail out! no run"; exit 1; }
[ "$(awk 'END {print NR}' "$d/samples.tsv")" -eq 19 ]; ok $? "3 workloads x 2 sizes x 3 reps stored"
meta_check "$d/meta.json" "$d/samples.tsv"; ok $? "meta.json valid JSON, metrics = columns (ref counter too)"
par=$(cat /proc/sys/kernel/perf_event_paranoid)
if [ "$par" -ge 2 ]; then
	grep -q '"event": "cycles:k", "reason": "permission denied' "$d/meta.json"
	ok $? "cycles:k unavailable with reason permission denied (paranoid=$par)"
	ref=$(grep -o '"ref_counter": "[a-z]*"' "$d/meta.json")
	case $(uname -m) in
	x86_64|i?86|aarch64)
		[ -n "$ref" ] && [ -n "$(col "$d/samples.tsv" "$(echo "$ref" | cut -d'"' -f4)")" ]
		ok $? "reference counter column instead of cycles ($ref)";;
	*) skip "no reference counter on $(uname -m)" "reference counter";;
	esac
	grep -q "unavailable" "$d/summary.txt"; ok $? "summary lists unavailable counters"
else
	skip "perf_event_paranoid=$par lets users count the kernel" "cycles:k unavailable as user"
fi
done_testing
