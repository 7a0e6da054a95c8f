#!/bin/sh
# Tracepoints and software events counted only inside the window. raw_syscalls:sys_enter
# is exact: the empty op enters the kernel once (the counters-off ioctl), munmap twice.
# Needs root and tracefs (mounted in a private mount namespace when it is not mounted).
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
[ "$(id -u)" -eq 0 ] || { echo "1..0 # SKIP tracepoints need root"; exit 0; }
cmd="\"$LB\" run empty munmap --pages 16 --reps 5 --warmup 1 --out \"$T/r\" --label l \
	--events raw_syscalls:sys_enter,page-faults,nosuch:tracepoint"
if [ -d /sys/kernel/tracing/events ] || [ -d /sys/kernel/debug/tracing/events ]; then
	sh -c "$cmd" >"$T/out" 2>"$T/err"
elif command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
	unshare -m sh -c "mount -t tracefs none /sys/kernel/tracing 2>/dev/null ||
		mount -t debugfs none /sys/kernel/debug; $cmd" >"$T/out" 2>"$T/err"
else
	echo "1..0 # SKIP tracefs not mounted and no unshare"; exit 0
fi
ok $? "run with a tracepoint exits 0"
d=$(run_dir "$T/r/l")
ok $? "finished run" || { echo "Bail out! no run"; exit 1; }
c=$(col "$d/samples.tsv" sys_enter)
if [ -z "$c" ]; then
	skip "raw_syscalls:sys_enter could not be opened: $(grep -o '"raw_syscalls:sys_enter", "reason": "[^"]*"' "$d/meta.json")" "tracepoint counts"
else
	awk -F'\t' -v c="$c" '$1 == "empty" && $c != 1 {bad=1} END {exit bad}' "$d/samples.tsv"
	ok $? "empty: exactly 1 sys_enter in the window (the disable ioctl)"
	awk -F'\t' -v c="$c" '$1 == "munmap" && $c != 2 {bad=1} END {exit bad}' "$d/samples.tsv"
	ok $? "munmap: exactly 2 sys_enter in the window (munmap + ioctl)"
fi
grep -q '"event": "nosuch:tracepoint", "reason": "tracepoint not available' "$d/meta.json"
ok $? "missing tracepoint recorded unavailable with a reason, run went on"
done_testing
