#!/usr/bin/env bash
# 7.3 as Xen PV dom0 under QEMU: the suite counts xen:xen_mc_flush and xen:xen_mmu_set_pte
# inside the measurement windows, and lazy MMU mode batches the PTE updates.
. "$(dirname "$0")/lib.sh"
build_or_skip B "$x86_base"
have_xen || skip_all "needs Debian's Xen hypervisor: run scripts/fetch-xen"
plan 7
make -s -C "$root" lazybench >/dev/null 2>&1
start=$(date +%s)
out=$(vmrun --build "$B" --xen --results "$tmp/res" --log "$tmp/console.log" --timeout 600 \
	-- "lazybench run --cpu 0 --pages 512 --reps 5 --warmup 1 --label xentest mremap munmap" 2>"$tmp/err")
rc=$?
diag "vm-run --xen took $(( $(date +%s) - start ))s: $(tail -n1 "$tmp/err")"
ok "$rc" "vm-run --xen exits 0 for a clean dom0 run"
run=$(echo "$out" | grep '/xentest/' | head -n1)
[ -n "$run" ] && [ -f "$run/meta.json" ]
ok $? "results came back ($run)"
xv=$(json_get "$run/meta.json" 'm["extra"].get("vm.xen")')
[ "$(json_get "$run/meta.json" 'm["kernel"]["xen_pv_domain"]')" = True ] && [ -n "$xv" ] && [ "$xv" != None ]
ok $? "meta.json: the guest was a Xen PV domain, Xen $xv"
set_pte=$(tsv_median "$run" mremap 512 xen_mmu_set_pte)
[ "$set_pte" = 512 ]
ok $? "mremap of 512 pages: exactly 512 xen_mmu_set_pte per operation (got $set_pte)"
flush=$(tsv_median "$run" mremap 512 xen_mc_flush)
[ "$flush" != none ] && [ "$flush" -gt 0 ] && [ "$flush" -le 64 ]
ok $? "mremap of 512 pages: 1..64 xen_mc_flush counted per operation (got $flush)"
mflush=$(tsv_median "$run" munmap 512 xen_mc_flush)
[ "$mflush" != none ] && [ "$mflush" -gt 0 ] && [ "$mflush" -le 64 ]
ok $? "munmap of 512 pages: 1..64 xen_mc_flush per operation (got $mflush)"
grep -q '"xen_mc_flush"' "$run/meta.json" && grep -q '"xen_mmu_set_pte"' "$run/meta.json"
ok $? "meta.json describes the two tracepoint metrics"
done_testing
