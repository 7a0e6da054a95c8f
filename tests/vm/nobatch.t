#!/usr/bin/env bash
# The one-command flow on the "no batching" fixture, as Xen PV dom0. 7.3.4 as packaged
# never batches in tasks (its Xen context switch leaves the lazy MMU mode paused for
# every new task), so the comparison is: base (no lazy batching at all), ctxfix (the
# fix: batched, a few flushes per 512 PTEs), ctxfix-nobatch (the fix plus the
# no-batching fixture: about one xen_mc_flush per PTE). `lazybench compare` shows it, and
# this second run of the flow rebuilds nothing.
. "$(dirname "$0")/lib.sh"
build_or_skip B "$x86_base"
build_or_skip F "$x86_ctxfix"
build_or_skip N "$x86_ctxfix_nobatch"
have_xen || skip_all "needs Debian's Xen hypervisor: run scripts/fetch-xen"
plan 11
built_before=$(stat -c %Y "$B/.lazybench-built" "$F/.lazybench-built" "$N/.lazybench-built")
s=$(date +%s)
"$root/scripts/compare-revisions" --base debian:7.3 \
	--revs "ctxfix:$root/tests/fixtures/xen-ctxsw-lazy-fix.mbox ctxfix-nobatch:$root/tests/fixtures/xen-ctxsw-fix+nobatch" \
	--arch x86_64 --config xen-pv --xen --results "$tmp/res" --timeout 900 --boots 1 --compare-args "--format text" \
	--suite "--pages 512 --reps 5 --warmup 1 mremap munmap" >"$tmp/out" 2>"$tmp/err"
rc=$?
diag "compare-revisions took $(( $(date +%s) - s ))s" "$(grep -v '^$' "$tmp/err" | grep -v 'vm-run: booting' | tail -n 8)"
ok "$rc" "compare-revisions exits 0"
grep -q 'base: built already' "$tmp/err" && grep -q 'ctxfix: built already' "$tmp/err" &&
	grep -q 'ctxfix-nobatch: built already' "$tmp/err" && ! grep -q 'building' "$tmp/err" &&
	[ "$(stat -c %Y "$B/.lazybench-built" "$F/.lazybench-built" "$N/.lazybench-built")" = "$built_before" ]
ok $? "the second run of the flow rebuilds nothing"
s=$(date +%s)
b2=$("$root/scripts/build-kernel" $x86_ctxfix_nobatch 2>/dev/null)
[ "$b2" = "$N" ] && [ $(( $(date +%s) - s )) -le 10 ]
ok $? "build-kernel of a built revision returns its dir at once"
base=$(ls -d "$tmp"/res/7.3-x86_64-xen/*/ 2>/dev/null | head -n1)
fix=$(ls -d "$tmp"/res/7.3+ctxfix-x86_64-xen/*/ 2>/dev/null | head -n1)
nob=$(ls -d "$tmp"/res/7.3+ctxfix-nobatch-x86_64-xen/*/ 2>/dev/null | head -n1)
[ -f "$base/meta.json" ] && [ -f "$fix/meta.json" ] && [ -f "$nob/meta.json" ]
ok $? "the three runs landed under their labels"
for r in "$base" "$fix" "$nob"; do
	diag "$(basename "$(dirname "$r")"): mremap 512 pages, per op: xen_mmu_set_pte $(tsv_median "$r" mremap 512 xen_mmu_set_pte), xen_mc_issue $(tsv_median "$r" mremap 512 xen_mc_issue), xen_mc_flush $(tsv_median "$r" mremap 512 xen_mc_flush)"
done
[ "$(tsv_median "$nob" mremap 512 xen_mmu_set_pte)" = 512 ] && [ "$(tsv_median "$fix" mremap 512 xen_mmu_set_pte)" = 512 ]
ok $? "512 xen_mmu_set_pte per 512-page mremap on both revisions"
bi=$(tsv_median "$base" mremap 512 xen_mc_issue)
[ "$bi" != none ] && [ "$bi" -le 64 ]
ok $? "7.3.4 base: the PTE writes bypass the lazy batch (xen_mc_issue $bi per 512 PTEs)"
fi_=$(tsv_median "$fix" mremap 512 xen_mc_issue)
[ "$fi_" != none ] && [ "$fi_" -ge 512 ]
ok $? "ctxfix: every PTE write goes through the lazy batch (xen_mc_issue $fi_ per 512 PTEs)"
ff=$(tsv_median "$fix" mremap 512 xen_mc_flush)
[ "$ff" != none ] && [ "$ff" -ge 1 ] && [ "$ff" -le 64 ]
ok $? "ctxfix: batched, far fewer flushes than PTEs ($ff per 512 PTEs)"
nf=$(tsv_median "$nob" mremap 512 xen_mc_flush)
[ "$nf" != none ] && [ "$nf" -ge 486 ] && [ "$nf" -le 560 ]
ok $? "ctxfix-nobatch: about one xen_mc_flush per PTE ($nf per 512 PTEs)"
grep -q 'xen_mc_flush' "$tmp/out"
ok $? "the printed comparison has the xen_mc_flush rows"
python3 - "$root/lazybench" "$fix" "$nob" <<'PY'
import csv, io, subprocess, sys
out = subprocess.run([sys.argv[1], "compare", "--format", "csv", "--workload", "mremap",
                      "--metric", "xen_mc_flush", sys.argv[2], sys.argv[3]],
                     capture_output=True, text=True).stdout
print("# " + out.strip().replace("\n", "\n# "))
rows = [r for r in csv.DictReader(io.StringIO(out)) if r.get("column") == "2"]
sys.exit(0 if rows and float(rows[0]["change_pct"]) > 500 else 1)
PY
ok $? "lazybench compare reports the xen_mc_flush change ctxfix -> ctxfix-nobatch as > +500%"
done_testing
