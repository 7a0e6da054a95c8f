#!/usr/bin/env bash
# docs/findings/kasan-shadow-race.md on the arm64 debug kernel: the race-* workloads
# (tests/kernel/guest-race.sh: race-pause, race-none, race-nest, one walker and two,
# $LB_RACE_REPS reps of 16384 PTEs each) on 7.3 arm64 with KASAN (+ KASAN_VMALLOC),
# lockdep, kmemleak and DEBUG_PAGEALLOC (the `depth` revision: the fixture only adds
# counters), 2 vCPUs under TCG. Fails on any kernel report (vm-run: console and kernel
# log), and when a figure leaves what the document states: no double population in any
# variant (arm64 writes a kernel PTE at once; only its barriers are deferred), one walker
# never overlapping, two walkers overlapping in at least one rep of each variant.
. "$(dirname "$0")/../lib.sh"
fx=$root/tests/fixtures
b=$("$root/scripts/build-kernel" --debian 7.3 --arch arm64 --config "kasan debug-pagealloc" \
	--rev depth --patches "$fx/lazy-mmu-depth.mbox" --query 2>/dev/null) ||
	skip_all "needs scripts/build-kernel --debian 7.3 --arch arm64 --config 'kasan debug-pagealloc' --rev depth --patches tests/fixtures/lazy-mmu-depth.mbox"
command -v aarch64-linux-gnu-gcc >/dev/null || skip_all "needs gcc-aarch64-linux-gnu"
REPS=${LB_RACE_REPS:-100}
plan 8
ko=$(module_for "$b" "$root/kernel/module") || { ok 1 "lazybench.ko builds against ${b##*/}"; done_testing; }
{ echo "OFF=$(init_mm_offset "$b") PAGES=16384 REPS=$REPS"; cat "$root/tests/kernel/guest-race.sh"; } >"$tmp/g.sh"
log=${LB_RACE_KEEP:-$tmp}/race-debug-arm64.log
s=$(date +%s)
vmrun --build "$b" --module "$ko" --smp 2 --timeout 3000 --results "$tmp/res" --log "$log" \
	-- "$(cat "$tmp/g.sh")" >/dev/null 2>"$tmp/err"
ok $? "${b##*/}: vm-run clean, no KASAN/lockdep/kmemleak/WARN report ($(( $(date +%s) - s ))s): $(tail -n1 "$tmp/err")"
tr -d '\r' <"$log" | sed -n 's/^KT //p' >"$tmp/kt"
cpus=$(sed -n 's/^cpus //p' "$tmp/kt")
[ "$cpus" = 2 ] && ! grep -q '^runfail' "$tmp/kt"
ok $? "2 CPUs ($cpus), every run succeeded $(grep '^runfail' "$tmp/kt" | tr '\n' ' ')"
for thr in 1 2; do
	for v in pause none nest; do
		# reps, total doubles, reps with koverlap > 0
		set -- $(awk -F'\t' -v k="race$thr kmod-race-$v" '$1 == k { n++; d += $11; if ($12 > 0) o++ }
			END { print n + 0, d + 0, o + 0 }' "$tmp/kt")
		diag "threads=$thr race-$v: $1 reps, $2 doubles, koverlap > 0 in $3"
		if [ $thr = 1 ]; then
			[ "$1" -eq "$REPS" ] && [ "$2" -eq 0 ] && [ "$3" -eq 0 ]
			ok $? "one walker race-$v: $REPS reps ($1), no double ($2), no overlap ($3)"
		else
			[ "$1" -eq "$REPS" ] && [ "$2" -eq 0 ] && [ "$3" -gt 0 ]
			ok $? "two walkers race-$v: $REPS reps ($1), no double ($2), overlapping in $3"
		fi
	done
done
done_testing
