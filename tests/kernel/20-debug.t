#!/bin/sh
# Every lazybench.ko workload on the 7.3 x86_64 KASAN + DEBUG_PAGEALLOC (+ kmemleak,
# lockdep) build in QEMU completes with no KASAN, kmemleak, lockdep, WARNING or BUG report
# (vm-run scans the console and triggers a kmemleak scan before power-off), including
# threads=4 concurrent vmalloc/vfree (shared KASAN shadow pages) and nested sections,
# and the race-* walkers (threads=4 on 2 vCPUs: their walks must overlap). First it checks
# that such a report fails the run on this build: tests/vm/oops's lockdep, KASAN and
# leak triggers, with the console loglevel lowered as the workload script lowers it.
. "$(dirname "$0")/lib.sh"
[ -x "$TOP/scripts/vm-run" ] || { echo "1..0 # SKIP scripts/vm-run missing"; exit 0; }
make -s -C "$TOP" lazybench >/dev/null 2>&1 || { echo "1..0 # SKIP cannot build ./lazybench"; exit 0; }
b=$(find_build 7.3 x86_64 kasan debug-pagealloc) || {
	echo "1..0 # SKIP no 7.3 x86_64 kasan+debug-pagealloc build (make it: $(how_to_build 7.3 x86_64 "kasan debug-pagealloc"))"
	exit 0
}
# the detector: each deliberate report fails vm-run, saying which
vt=$T/lb_vmtest
cp -r "$TOP/tests/vm/oops" "$vt" && make -s -C "$b" M="$vt" modules >"$T/vt.log" 2>&1
ok $? "tests/vm/oops builds against ${b##*/} $(tail -n1 "$T/vt.log")"
for tr in "lockdep|possible circular locking" "kasan|BUG: KASAN: slab-out-of-bounds" "leak|kmemleak"; do
	what=${tr%%|*} want=${tr#*|}
	"$TOP/scripts/vm-run" --build "$b" --module "$vt/lb_vmtest.ko" --no-lazybench \
		--log "$LOGDIR/$(basename "$0" .t)-detect-$what.log" --results "$T/results" --timeout 600 \
		-- "echo 4 >/proc/sys/kernel/printk; echo $what >/sys/kernel/debug/lb_vmtest" \
		>/dev/null 2>"$T/vt.err"
	rc=$?
	[ $rc -ne 0 ] && grep -qE "FAILED: .*$want" "$T/vt.err"
	ok $? "a deliberate $what report fails the run (exit $rc: $(grep -m1 FAILED "$T/vt.err"))"
done
ko=$(module_for "$b")
ok $? "module builds warning-free against ${b##*/} $(tail -n1 "$T/build-ko.err")"
[ -n "$ko" ] || { done_testing; exit 1; }
log=$LOGDIR/$(basename "$0" .t)-debug.log
RP=16384 RR=20
{ echo "OFF=$(init_mm_offset "$b") PTS=1,64,512 THR=4 RACE_PAGES=$RP RACE_REPS=$RR"; cat "$(dirname "$0")/guest-workloads.sh"; } >"$T/g.sh"
vm "$b" "$ko" "$log" "$T/g.sh" --timeout 1500
ok $? "vm-run clean: no KASAN/kmemleak/lockdep/WARNING/BUG: $(tail -n1 "$T/vm.err")"
if [ -f "$log" ]; then
	grep -q 'debug_pagealloc' "$log"; ok $? "booted with debug_pagealloc on the command line"
	re='BUG: KASAN|kmemleak: [0-9]+ new suspected|unreferenced object|possible circular|possible recursive|inconsistent lock state|BUG:|WARNING:'
	! grep -qaE "$re" "$log"
	ok $? "no report in the console ($(grep -m1 -aE "$re" "$log"))"
	! grep -q '^KT runfail' "$log"; ok $? "every supported workload ran ($(kt "$log" runfail | tr '\n' ' '))"
	kt "$log" dmesg0 | grep -q '^\[ *0\.000000\]'
	ok $? "the kernel log kept the whole run for vm-run's replay (oldest: $(kt "$log" dmesg0 | cut -c1-60))"
	[ "$(kt "$log" cpus)" = 2 ]; ok $? "the guest has 2 CPUs ($(kt "$log" cpus))"
	# every race-* variant ran 4 walkers at each size, then 2 walkers over $RP PTEs, and
	# those overlapped (a clean console says something about the race only if the walks
	# ran at once); x86_64 without Xen PV has no lazy MMU mode, every PTE write is
	# immediate: no double population
	for v in pause none nest; do
		kt "$log" samples | awk -F'\t' -v w="race-$v" '$1 == w || $1 == "kmod-" w' >"$T/r"
		nr=$(awk -F'\t' '$3 == 4 * $2' "$T/r" | wc -l)
		kt "$log" race2 | awk -F'\t' -v w="kmod-race-$v" '$1 == w && $3 == 2 * $2' >>"$T/r"
		set -- $(awk -F'\t' -v p="$RP" '$2 == p { n++; if ($12 > 0) o++ } { d += $11 }
			END { print n + 0, o + 0, d + 0 }' "$T/r")
		[ "$nr" -eq 9 ] && [ "$1" -eq "$RR" ] && [ "$2" -gt 0 ] && [ "$3" -eq 0 ]
		ok $? "race-$v: 9 samples of 4 walkers ($nr), $RR of 2 over $RP PTEs ($1), overlapping in $2, $3 doubles"
	done
	rows=$(kt "$log" samples | grep -vc '^workload')
	[ "$rows" -ge 90 ]; ok $? "samples from every workload ($rows rows)"
	sem=$(kt "$log" sem)
	if [ "$(kt "$log" semcheck)" = yes ]; then
		[ "$(echo "$sem" | grep -c '^ok ')" -eq 14 ]; ok $? "semantics 14/14 under the debug config"
	else
		# x86 without PARAVIRT_XXL does not select ARCH_HAS_LAZY_MMU_MODE: nothing to check
		echo "$sem" | grep -q '^1\.\.0 # SKIP'; ok $? "semantics SKIPs (arch without lazy MMU mode here)"
	fi
	[ "$(kt "$log" lbrc)" = 0 ]; ok $? "lazybench run kmod-* exits 0"
fi
done_testing
