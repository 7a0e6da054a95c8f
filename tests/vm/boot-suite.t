#!/usr/bin/env bash
# 7.3 x86_64 under QEMU (TCG unless KVM is usable): boot, insmod lazybench.ko, run the
# suite, and the results land in the results root with complete metadata.
. "$(dirname "$0")/lib.sh"
build_or_skip B "$x86_base"
plan 10
make -s -C "$root" lazybench >/dev/null 2>&1
ko=
if [ -f "$root/kernel/module/Makefile" ]; then ko=$(module_for "$B" "$root/kernel/module") || ko=; fi
margs=() wl="mremap munmap mprotect"
if [ -n "$ko" ]; then margs=(--module "$ko"); wl="$wl kmod-vmalloc kmod-nest"; fi
start=$(date +%s)
out=$(vmrun --build "$B" "${margs[@]}" --results "$tmp/res" --log "$tmp/console.log" --timeout 600 \
	-- "lazybench run --cpu 0 --pages 512 --reps 5 --warmup 1 --label vmtest $wl" 2>"$tmp/err")
rc=$?
diag "vm-run took $(( $(date +%s) - start ))s: $(tail -n1 "$tmp/err")"
ok "$rc" "vm-run exits 0 for a clean guest run"
run=$(echo "$out" | grep '/vmtest/' | head -n1)
[ -n "$run" ] && [ -d "$run" ] && case $run in "$tmp/res/vmtest/"*) true ;; *) false ;; esac
ok $? "vm-run prints the run dir it added under the results root ($run)"
[ -f "$run/meta.json" ] && [ -f "$run/samples.tsv" ] && [ -f "$run/summary.txt" ] && [ -f "$run/console.log" ]
ok $? "the run has meta.json, samples.tsv, summary.txt and the console log"
[ "$(json_get "$run/meta.json" 'm["complete"]')" = True ]
ok $? "meta.json says complete"
want=$(sed -n 's/^kernelrelease=//p' "$B/manifest")
[ "$(json_get "$run/meta.json" 'm["kernel"]["release"]')" = "$want" ]
ok $? "meta.json has the guest kernel release from the build ($want)"
acc=$(json_get "$run/meta.json" 'm["extra"].get("vm.accel")')
[ "$(json_get "$run/meta.json" 'm["host"]["emulated"]')" = "$acc" ] && { [ "$acc" = tcg ] || [ "$acc" = kvm ]; }
ok $? "meta.json says emulated=$acc, like vm.accel"
qv=$(qemu-system-x86_64 --version | sed -n '1s/^QEMU emulator version \([^ ]*\).*/\1/p')
[ "$(json_get "$run/meta.json" 'm["extra"].get("vm.qemu")')" = "$qv" ] &&
	[ "$(json_get "$run/meta.json" 'm["extra"].get("vm.build")')" = "$(sed -n 's/^name=//p' "$B/manifest")" ]
ok $? "meta.json records the QEMU version ($qv) and the build"
n=$(awk -F'\t' 'NR>1 && $1=="mremap"' "$run/samples.tsv" | wc -l)
[ "$n" = 5 ]
ok $? "samples.tsv holds the 5 mremap repetitions ($n)"
if [ -n "$ko" ]; then
	n=$(awk -F'\t' 'NR>1 && $1=="kmod-vmalloc"' "$run/samples.tsv" | wc -l)
	[ "$n" = 5 ] && grep -q 'lazybench' "$tmp/console.log"
	ok $? "the module was loaded and kmod-vmalloc ran in the guest ($n rows)"
else
	skip "kernel/module does not build against $B"
fi
grep -q "LAZYBENCH-EXIT-[0-9a-f]* 0" "$tmp/console.log" && cmp -s "$tmp/console.log" "$run/console.log"
ok $? "the console log is kept at --log and beside the results"
done_testing
