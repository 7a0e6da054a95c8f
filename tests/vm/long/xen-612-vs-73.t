#!/usr/bin/env bash
# Regression check across releases, Xen PV dom0: 6.12 batches a 512-page mremap's PTE
# writes through the multicall batch (>= 512 xen_mc_issue per op), Debian's 7.3.4 does
# not (its context switch leaves lazy MMU mode paused in every new task; see docs/vm.md).
# lazybench compare shows the change.
. "$(dirname "$0")/../lib.sh"
build_or_skip O "--debian 6.12 --arch x86_64 --config xen-pv"
build_or_skip B "$x86_base"
have_xen || skip_all "needs Debian's Xen hypervisor: run scripts/fetch-xen"
plan 5
suite="lazybench run --cpu 0 --pages 512 --reps 5 --warmup 1"
o=$(vmrun --build "$O" --xen --results "$tmp/res" --timeout 900 -- "$suite --label x612 mremap" 2>"$tmp/e1" | grep /x612/)
ok $? "6.12 dom0 run ($(tail -n1 "$tmp/e1"))"
n=$(vmrun --build "$B" --xen --results "$tmp/res" --timeout 900 -- "$suite --label x73 mremap" 2>"$tmp/e2" | grep /x73/)
ok $? "7.3.4 dom0 run ($(tail -n1 "$tmp/e2"))"
oi=$(tsv_median "$o" mremap 512 xen_mc_issue) ni=$(tsv_median "$n" mremap 512 xen_mc_issue)
[ "$oi" != none ] && [ "$oi" -ge 512 ]
ok $? "6.12: the PTE writes go through the lazy batch ($oi xen_mc_issue per 512 PTEs)"
[ "$ni" != none ] && [ "$ni" -le 64 ]
ok $? "7.3.4: they do not ($ni xen_mc_issue per 512 PTEs)"
"$root/lazybench" compare --force --format csv --workload mremap --metric xen_mc_issue "$o" "$n" >"$tmp/cmp" 2>"$tmp/cmp.err"
python3 - "$tmp/cmp" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r.get("column") == "2"]
print("# change of xen_mc_issue per PTE, 6.12 -> 7.3.4: %s%%" % (rows[0]["change_pct"] if rows else "?"))
sys.exit(0 if rows and float(rows[0]["change_pct"]) < -80 else 1)
PY
ok $? "lazybench compare reports the drop"
done_testing
