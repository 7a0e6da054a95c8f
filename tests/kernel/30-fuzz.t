#!/bin/sh
# A fuzz of lazybench.ko's debugfs interface in QEMU (7.3 x86_64; also the KASAN +
# DEBUG_PAGEALLOC build when cached): malformed and hostile requests (negative, huge,
# garbage, too long, NUL), step-mode misuse, concurrent writers, rmmod and SIGKILL
# mid-run, step sessions against batch runs (memory, close, SIGINT), the race-*
# workloads (bad threads=, more workers than CPUs, step mode, a signal). Every case is
# checked in the guest; vm-run fails on any oops/WARN/KASAN/
# kmemleak/lockdep report, so a clean exit means the kernel stayed healthy.
. "$(dirname "$0")/lib.sh"
[ -x "$TOP/scripts/vm-run" ] || { echo "1..0 # SKIP scripts/vm-run missing"; exit 0; }
make -s -C "$TOP" lazybench >/dev/null 2>&1 || { echo "1..0 # SKIP cannot build ./lazybench"; exit 0; }

for kind in plain debug; do
	if [ $kind = plain ]; then
		b=$(find_build 7.3 x86_64 xen-pv) ||
			{ skip "no 7.3 x86_64 build (make it: $(how_to_build 7.3 x86_64 xen-pv))"; continue; }
	else
		b=$(find_build 7.3 x86_64 kasan debug-pagealloc) ||
			{ skip "no 7.3 x86_64 kasan+debug-pagealloc build (make it: $(how_to_build 7.3 x86_64 "kasan debug-pagealloc"))"; continue; }
	fi
	ko=$(module_for "$b") || { ok 1 "$kind: module builds: $(tail -n1 "$T/build-ko.err")"; continue; }
	log=$LOGDIR/$(basename "$0" .t)-$kind.log
	{ echo "OFF=$(init_mm_offset "$b")"; cat "$(dirname "$0")/guest-fuzz.sh"; } >"$T/g.sh"
	vm "$b" "$ko" "$log" "$T/g.sh" --timeout 900
	ok $? "$kind (${b##*/}): vm-run clean: $(tail -n1 "$T/vm.err")"
	[ -f "$log" ] || continue
	cnt=$(grep -c '^KT ok\|^KT nok' "$log")
	[ "$cnt" -ge 79 ]; ok $? "$kind: all guest checks ran ($cnt)"
	grep '^KT ok \|^KT nok ' "$log" | tr -d '\r' >"$T/kt"
	while read -r _ st desc; do
		[ "$st" = ok ]; ok $? "$kind: $desc"
	done <"$T/kt"
done
done_testing
