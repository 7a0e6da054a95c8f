#!/bin/sh
# Wall-clock times (start_time, end_time, the run id): this machine's clock, checked against
# the host's time when scripts/vm-run passes it (LAZYBENCH_HOST_TIME = the host's clock at
# VM start), and replaced by host time + time since boot when the two disagree (a TCG
# guest's clock reads 2026-01-01 on every boot). The run id is then unique without the
# clock: a boot-id suffix. meta.json wall_clock says which.
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
wc() { perl -MJSON::PP -e 'local $/; open(my $f, "<", $ARGV[0]) or die; my $m = decode_json(<$f>); my $v = $ARGV[1] eq "start_time" ? $m->{start_time} : $m->{wall_clock}{$ARGV[1]}; print !defined $v ? "null" : JSON::PP::is_bool($v) ? ($v ? "true" : "false") : $v' "$1" "$2"; }
run() { "$LB" run empty --pages 1 --reps 3 --warmup 0 --events '' --out "$T/r" "$@" >/dev/null 2>"$T/err"; }
up=$(cut -d. -f1 /proc/uptime)

run --label plain
d=$(run_dir "$T/r/plain")
[ "$(wc "$d/meta.json" source)" = clock ] && [ "$(wc "$d/meta.json" trusted)" = null ] &&
	[ "$(wc "$d/meta.json" host_time)" = null ]
ok $? "no host time: wall_clock source clock, trusted null (nothing to check it against)"
basename "$d" | grep -qE '^[0-9]{8}-[0-9]{6}-[A-Za-z0-9._-]+$' && ! basename "$d" | grep -qE -- '-b[0-9a-f]{8}$'
ok $? "no host time: run id YYYYmmdd-HHMMSS-host ($(basename "$d"))"

LAZYBENCH_HOST_TIME=$(( $(date +%s) - up )) run --label agree
d=$(run_dir "$T/r/agree")
[ "$(wc "$d/meta.json" source)" = clock ] && [ "$(wc "$d/meta.json" trusted)" = true ] &&
	! basename "$d" | grep -qE -- '-b[0-9a-f]{8}$'
ok $? "host time that agrees: the clock is trusted and used ($(basename "$d"))"

# a guest whose clock is 300 days behind the host's (as TCG's 2026-01-01 is)
host=$(( $(date +%s) + 300 * 86400 - up ))
LAZYBENCH_HOST_TIME=$host run --label behind
d=$(run_dir "$T/r/behind")
want=$(date -u -d "@$(( host + up ))" +%Y%m%d)
[ "$(wc "$d/meta.json" source)" = host ] && [ "$(wc "$d/meta.json" trusted)" = false ] &&
	[ "$(wc "$d/meta.json" host_time)" = "$host" ] &&
	[ "$(wc "$d/meta.json" clock_read | cut -c1-10)" = "$(date -u +%Y-%m-%d)" ]
ok $? "a clock 300 days behind: source host, trusted false, host_time and clock_read recorded"
wc "$d/meta.json" start_time | grep -q "^$(date -u -d "@$(( host + up ))" +%Y-%m-%d)T"
ok $? "start_time is host time + time since boot ($(wc "$d/meta.json" start_time))"
basename "$d" | grep -qE "^$want-[0-9]{6}-[A-Za-z0-9._-]+-b[0-9a-f]{8}\$"
ok $? "run id: the host's date and a boot-id suffix ($(basename "$d"))"
[ "$(perl -MJSON::PP -e 'local $/; open(my $f, "<", $ARGV[0]); print decode_json(<$f>)->{run_id}' "$d/meta.json")" = "$(basename "$d")" ]
ok $? "meta.json run_id is the directory's name"
"$LB" compare "$T/r/plain" "$d" >"$T/txt" 2>"$T/cerr"; rc=$?
[ $rc -eq 0 ] && grep -q "^date .* $(date -u +%Y-%m-%d) *$(date -u -d "@$(( host + up ))" +%Y-%m-%d)\$" "$T/txt"
ok $? "compare reads it and shows the host's date ($rc: $(head -c 200 "$T/cerr"))"
# a guest that set its clock from a guess (a board without an RTC booting the LAVA
# ramdisk): its clock is not trusted, and the run id carries the boot id
LAZYBENCH_CLOCK_UNTRUSTED=1 run --label guessed
d=$(run_dir "$T/r/guessed")
[ "$(wc "$d/meta.json" source)" = clock ] && [ "$(wc "$d/meta.json" trusted)" = false ] &&
	basename "$d" | grep -qE "^$(date -u +%Y%m%d)-[0-9]{6}-[A-Za-z0-9._-]+-b[0-9a-f]{8}\$"
ok $? "LAZYBENCH_CLOCK_UNTRUSTED=1: trusted false, the clock's date and a boot-id suffix ($(basename "$d"))"
LAZYBENCH_CLOCK_UNTRUSTED=yes "$LB" run empty --out "$T/bad" >"$T/out" 2>"$T/err"; rc=$?
[ $rc -eq 2 ] && [ ! -e "$T/bad" ] && [ "$(grep -c . "$T/err")" -eq 1 ] && grep -q "LAZYBENCH_CLOCK_UNTRUSTED: 'yes' is not 1" "$T/err"
ok $? "LAZYBENCH_CLOCK_UNTRUSTED=yes: one line, exit 2, nothing written ($rc: $(cat "$T/err"))"
done_testing
