#!/usr/bin/env bash
# A failing guest is detected in bounded time and reported with its console log: a kernel
# that panics at boot (fixture revision, or no init), an oops, a WARN (also when the
# command has lowered the console loglevel below it, so that only the kernel log has
# it), a module that does not load, a failing command, a hung guest (timeout).
. "$(dirname "$0")/lib.sh"
build_or_skip B "$x86_base"
plan 18
ko=$(module_for "$B" "$root/tests/vm/oops") || ko=
# expect_fail NAME MAX-SECONDS REASON-REGEX LOG-REGEX VM-RUN-ARGS...
expect_fail() {
	local name=$1 max=$2 reason=$3 logre=$4 s rc secs err
	shift 4
	s=$(date +%s)
	vmrun --log "$tmp/$name.log" --results "$tmp/res" "$@" >/dev/null 2>"$tmp/$name.err"
	rc=$?
	secs=$(( $(date +%s) - s ))
	err=$(grep 'FAILED' "$tmp/$name.err")
	[ "$rc" != 0 ] && [ "$secs" -le "$max" ] && echo "$err" | grep -qE "$reason" &&
		echo "$err" | grep -qF "$tmp/$name.log"
	ok $? "$name: fails in ${secs}s (<= ${max}s) saying why and naming the log: $err"
	grep -qaE "$logre" "$tmp/$name.log"
	ok $? "$name: the console log shows it"
}
P=$(has_build "$x86_panic")
if [ -n "$P" ]; then
	expect_fail panic-fixture 120 'Kernel panic' 'lazybench fixture: deliberate panic' --build "$P" -- true
else
	skip "fixture revision 'panic' not built: scripts/build-kernel $x86_panic"
	skip "fixture revision 'panic' not built"
fi
expect_fail no-init 120 'Kernel panic' 'No working init found' --build "$B" --append rdinit=/nonexistent -- true
if [ -n "$ko" ]; then
	expect_fail oops 120 'BUG: kernel NULL pointer|Oops' 'lb_vmtest_write' --build "$B" --module "$ko" \
		-- 'echo oops >/sys/kernel/debug/lb_vmtest; echo survived'
	expect_fail warn 120 'WARNING' 'lb_vmtest: deliberate warning' --build "$B" --module "$ko" \
		-- 'echo warn >/sys/kernel/debug/lb_vmtest'
	expect_fail warn-quiet 120 'WARNING' 'LAZYBENCH-DMESG-[0-9a-f]+ .*WARNING.*lb_vmtest_write' \
		--build "$B" --module "$ko" \
		-- 'echo 4 >/proc/sys/kernel/printk; echo warn >/sys/kernel/debug/lb_vmtest'
else
	for i in 1 2 3 4 5 6; do skip "tests/vm/oops does not build against $B"; done
fi
head -c 4096 /dev/urandom >"$tmp/garbage.ko"
expect_fail insmod 120 'insmod garbage.ko failed' 'LAZYBENCH-INSMOD-FAILED' --build "$B" --module "$tmp/garbage.ko" -- true
expect_fail command 120 'guest command exited 7' 'LAZYBENCH-CMD-END-[0-9a-f]+ 7' --build "$B" -- 'exit 7'
if have_xen; then
	expect_fail xen-dom0-panic 120 'Kernel panic' 'Dom0 crashed' --build "$B" --xen --append rdinit=/nonexistent -- true
else
	skip "no Xen hypervisor (scripts/fetch-xen)"
	skip "no Xen hypervisor"
fi
expect_fail timeout 60 'timeout after 20s' 'LAZYBENCH-CMD-BEGIN' --build "$B" --timeout 20 -- 'sleep 1000'
done_testing
