#!/usr/bin/env bash
# The one-command flow on the "no batching" fixture revision, as Xen PV dom0: about one
# xen_mc_flush per PTE with the fixture, far fewer on the base, and `lazybench compare`
# shows the difference. Also: this second run of the flow rebuilds nothing.
. "$(dirname "$0")/lib.sh"
build_or_skip B "$x86_base"
build_or_skip N "$x86_nobatch"
ls /boot/xen-4.*-amd64.gz >/dev/null 2>&1 || skip_all "needs Debian's Xen hypervisor: apt-get install xen-hypervisor-4.17-amd64"
plan 9
built_before=$(stat -c %Y "$B/.lazybench-built" "$N/.lazybench-built")
s=$(date +%s)
"$root/scripts/compare-revisions" --base debian:7.3 --revs "nobatch:$root/tests/fixtures/xen-nobatch.mbox" \
	--arch x86_64 --config xen-pv --xen --results "$tmp/res" --timeout 900 \
	--suite "--pages 512 --reps 5 --warmup 1 mremap munmap" >"$tmp/out" 2>"$tmp/err"
rc=$?
diag "compare-revisions took $(( $(date +%s) - s ))s" "$(grep -v '^$' "$tmp/err" | tail -n 8)"
ok "$rc" "compare-revisions exits 0"
grep -q 'base: built already' "$tmp/err" && grep -q 'nobatch: built already' "$tmp/err" &&
	! grep -q 'building' "$tmp/err" && [ "$(stat -c %Y "$B/.lazybench-built" "$N/.lazybench-built")" = "$built_before" ]
ok $? "the second run of the flow rebuilds nothing"
s=$(date +%s)
b2=$("$root/scripts/build-kernel" $x86_nobatch 2>/dev/null)
[ "$b2" = "$N" ] && [ $(( $(date +%s) - s )) -le 10 ]
ok $? "build-kernel of a built revision returns its dir at once"
base=$(ls -d "$tmp"/res/7.3-x86_64-xen/*/ 2>/dev/null | head -n1) nob=$(ls -d "$tmp"/res/7.3+nobatch-x86_64-xen/*/ 2>/dev/null | head -n1)
[ -n "$base" ] && [ -n "$nob" ] && [ -f "$base/meta.json" ] && [ -f "$nob/meta.json" ]
ok $? "both runs landed under their labels ($base, $nob)"
bf=$(tsv_median "$base" mremap 512 xen_mc_flush) nf=$(tsv_median "$nob" mremap 512 xen_mc_flush)
ns=$(tsv_median "$nob" mremap 512 xen_mmu_set_pte)
[ "$ns" = 512 ]
ok $? "nobatch mremap of 512 pages: 512 xen_mmu_set_pte per op (got $ns)"
[ "$nf" != none ] && [ "$nf" -ge 486 ] && [ "$nf" -le 560 ]
ok $? "nobatch: about one xen_mc_flush per PTE (got $nf per 512 PTEs)"
[ "$bf" != none ] && [ "$bf" -ge 1 ] && [ "$bf" -le 64 ]
ok $? "base: far fewer flushes (got $bf per 512 PTEs)"
grep -q 'xen_mc_flush' "$tmp/out"
ok $? "the printed comparison has the xen_mc_flush rows"
# the change of the median flush count per PTE, as compare reports it in csv
python3 - "$root/lazybench" "$base" "$nob" <<'PY'
import csv, io, subprocess, sys
out = subprocess.run([sys.argv[1], "compare", "--format", "csv", "--workload", "mremap",
                      "--metric", "xen_mc_flush", sys.argv[2], sys.argv[3]],
                     capture_output=True, text=True).stdout
print("# " + out.replace("\n", "\n# "))
sys.exit(0 if "xen_mc_flush" in out else 1)
PY
ok $? "lazybench compare --format csv reports the xen_mc_flush change"
done_testing
