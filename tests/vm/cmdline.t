#!/usr/bin/env bash
# Kernel command line: options a build's fragments ask for ("# lazybench-cmdline: ..."
# in kernel/configs/*.config) and --append reach the guest; LAZYBENCH_EMULATED and
# LAZYBENCH_META are set in the guest; --qemu-extra reaches QEMU.
. "$(dirname "$0")/lib.sh"
build_or_skip B "$x86_base"
plan 5
# the same kernel, presented as a build whose fragments include debug-pagealloc
f=$tmp/build
mkdir -p "$f"
sed 's/^fragments=.*/fragments=xen-pv debug-pagealloc/' "$B/manifest" >"$f/manifest"
touch "$f/.lazybench-built"
want=$(sed -n 's/^# lazybench-cmdline:[[:space:]]*//p' "$root/kernel/configs/debug-pagealloc.config")
vmrun --build "$f" --no-lazybench --append "lb_test_marker=1" --log "$tmp/log0" --results "$tmp/res" \
	--qemu-extra "-name lbtest" -- 'echo "CMDLINE=$(cat /proc/cmdline)"; echo "EMU=$LAZYBENCH_EMULATED"; echo "META=$LAZYBENCH_META"' \
	>/dev/null 2>"$tmp/err"
ok $? "vm-run exits 0 ($(tail -n1 "$tmp/err"))"
tr -d '\r' <"$tmp/log0" >"$tmp/log" 2>/dev/null
line=$(grep -a '^CMDLINE=' "$tmp/log")
[ -n "$want" ] && echo "$line" | grep -qF -- "$want"
ok $? "the fragment's option '$want' is on the guest command line ($line)"
echo "$line" | grep -qF 'lb_test_marker=1'
ok $? "--append reaches the guest"
grep -aqE '^EMU=(tcg|kvm)$' "$tmp/log" && grep -a '^META=' "$tmp/log" | grep -q 'vm.qemu=[0-9]' &&
	grep -a '^META=' "$tmp/log" | grep -q "vm.build=$(sed -n 's/^name=//p' "$B/manifest")"
ok $? "LAZYBENCH_EMULATED and LAZYBENCH_META are set in the guest"
head -n1 "$tmp/log0" | grep -qF -- '-name lbtest'
ok $? "--qemu-extra is on the QEMU command line"
done_testing
