#!/bin/sh
# Every lazybench.ko workload on the 7.3 x86_64 KASAN + DEBUG_PAGEALLOC (+ kmemleak,
# lockdep) build in QEMU completes with no KASAN, kmemleak, lockdep, WARNING or BUG report
# (vm-run scans the console and triggers a kmemleak scan before power-off), including
# threads=4 concurrent vmalloc/vfree (shared KASAN shadow pages) and nested sections.
. "$(dirname "$0")/lib.sh"
[ -x "$TOP/scripts/vm-run" ] || { echo "1..0 # SKIP scripts/vm-run missing"; exit 0; }
make -s -C "$TOP" lazybench >/dev/null 2>&1 || { echo "1..0 # SKIP cannot build ./lazybench"; exit 0; }
b=$(find_build 7.3 x86_64 kasan debug-pagealloc) || {
	echo "1..0 # SKIP no 7.3 x86_64 kasan+debug-pagealloc build (make it: $(how_to_build 7.3 x86_64 "kasan debug-pagealloc"))"
	exit 0
}
ko=$(module_for "$b")
ok $? "module builds warning-free against ${b##*/} $(tail -n1 "$T/build-ko.err")"
[ -n "$ko" ] || { done_testing; exit 1; }
log=$LOGDIR/$(basename "$0" .t)-debug.log
{ echo "OFF=$(init_mm_offset "$b") PTS=1,64,512 THR=4"; cat "$(dirname "$0")/guest-workloads.sh"; } >"$T/g.sh"
vm "$b" "$ko" "$log" "$T/g.sh" --timeout 1500
ok $? "vm-run clean: no KASAN/kmemleak/lockdep/WARNING/BUG: $(tail -n1 "$T/vm.err")"
if [ -f "$log" ]; then
	grep -q 'debug_pagealloc' "$log"; ok $? "booted with debug_pagealloc on the command line"
	re='BUG: KASAN|kmemleak: [0-9]+ new suspected|unreferenced object|possible circular|possible recursive|inconsistent lock state|BUG:|WARNING:'
	! grep -qaE "$re" "$log"
	ok $? "no report in the console ($(grep -m1 -aE "$re" "$log"))"
	! grep -q '^KT runfail' "$log"; ok $? "every supported workload ran ($(kt "$log" runfail | tr '\n' ' '))"
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
