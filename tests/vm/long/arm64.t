#!/usr/bin/env bash
# The arm64 path: the cross-built 7.3 arm64 kernel boots under qemu-system-aarch64
# (-M virt -cpu max, TCG), the cross-built static lazybench and lazybench.ko run the
# suite inside, results land with complete metadata. Also the "nested disable" fixture.
. "$(dirname "$0")/../lib.sh"
build_or_skip B "$arm_base"
command -v aarch64-linux-gnu-gcc >/dev/null || skip_all "needs gcc-aarch64-linux-gnu"
plan 8
ko=
if [ -f "$root/kernel/module/Makefile" ]; then ko=$(module_for "$B" "$root/kernel/module") || ko=; fi
margs=() wl="mremap munmap mprotect"
if [ -n "$ko" ]; then margs=(--module "$ko"); wl="$wl kmod-vmalloc kmod-nest8"; fi
s=$(date +%s)
out=$(vmrun --build "$B" "${margs[@]}" --results "$tmp/res" --log "$tmp/console.log" --timeout 900 \
	-- "lazybench run --cpu 0 --pages 512 --reps 5 --warmup 1 --label armtest $wl" 2>"$tmp/err")
rc=$?
diag "arm64 vm-run took $(( $(date +%s) - s ))s: $(tail -n1 "$tmp/err")"
ok "$rc" "arm64 vm-run exits 0"
run=$(echo "$out" | grep '/armtest/' | head -n1)
[ -n "$run" ] && [ -f "$run/meta.json" ] && [ "$(json_get "$run/meta.json" 'm["complete"]')" = True ]
ok $? "complete results came back ($run)"
[ "$(json_get "$run/meta.json" 'm["host"]["arch"]')" = aarch64 ] &&
	[ "$(json_get "$run/meta.json" 'm["extra"].get("vm.machine")')" = virt ]
ok $? "meta.json: aarch64 guest on -M virt"
[ "$(json_get "$run/meta.json" 'm["kernel"]["config"].get("ARCH_HAS_LAZY_MMU_MODE")')" = y ]
ok $? "meta.json: the arm64 7.3 kernel has lazy MMU mode"
n=$(awk -F'\t' 'NR>1 && $1=="mremap"' "$run/samples.tsv" | wc -l)
[ "$n" = 5 ]
ok $? "5 mremap samples ($n)"
if [ -n "$ko" ]; then
	n=$(awk -F'\t' 'NR>1 && $1=="kmod-vmalloc"' "$run/samples.tsv" | wc -l)
	[ "$n" = 5 ]
	ok $? "lazybench.ko loaded and kmod-vmalloc ran ($n rows)"
else
	skip "kernel/module does not build against $B"
fi
Nb=$(has_build "$arm_base --rev nested --patches $root/tests/fixtures/nested-disable-leaves.mbox")
if [ -n "$Nb" ]; then
	vmrun --build "$Nb" --results "$tmp/res" --log "$tmp/nested.log" --timeout 900 \
		-- "lazybench run --cpu 0 --pages 512 --reps 3 --warmup 1 --label armnested mremap" >/dev/null 2>"$tmp/err2"
	ok $? "the nested-disable fixture revision boots and runs ($(tail -n1 "$tmp/err2"))"
	grep -q '^revision=nested' "$Nb/manifest" && grep -q '^patch.1.message_id=<20261121120000.nested-disable-leaves-1@fixtures.lazybench.invalid>' "$Nb/manifest"
	ok $? "its manifest names the revision and the patch's Message-ID"
else
	skip "fixture revision 'nested' not built: scripts/build-kernel $arm_base --rev nested --patches tests/fixtures/nested-disable-leaves.mbox"
	skip "fixture revision 'nested' not built"
fi
done_testing
