#!/usr/bin/env bash
# Builds are cached: a second run of the one-command flow (base + the xen-nobatch
# revision, x86_64) finds every kernel and rebuilds nothing; only the VM runs repeat.
. "$(dirname "$0")/lib.sh"
build_or_skip B "$x86_base"
build_or_skip N "$x86_nobatch"
plan 6
stamps() { stat -c '%n %Y' "$B/.lazybench-built" "$N/.lazybench-built" "$B/vmlinux" "$N/vmlinux"; }
before=$(stamps)
nbuilds=$(ls "${LAZYBENCH_CACHE:-$HOME/.cache/lazybench}/builds" | wc -l)
s=$(date +%s)
"$root/scripts/compare-revisions" --base debian:7.3 --revs "nobatch:$root/tests/fixtures/xen-nobatch.mbox" \
	--arch x86_64 --config xen-pv --results "$tmp/res" --timeout 600 --boots 1 \
	--suite "--pages 16 --reps 2 --warmup 0 mremap" >"$tmp/out" 2>"$tmp/err"
rc=$?
secs=$(( $(date +%s) - s ))
diag "flow took ${secs}s" "$(grep -E 'built|building|all done' "$tmp/err")"
ok "$rc" "compare-revisions exits 0"
grep -q "base: built already: $B" "$tmp/err" && grep -q "nobatch: built already: $N" "$tmp/err"
ok $? "both kernels found in the cache"
! grep -q 'building' "$tmp/err" && [ "$(stamps)" = "$before" ] &&
	[ "$(ls "${LAZYBENCH_CACHE:-$HOME/.cache/lazybench}/builds" | wc -l)" = "$nbuilds" ]
ok $? "nothing was rebuilt or added to the build cache"
[ "$secs" -le 180 ]
ok $? "the flow took ${secs}s (<= 180s: VM runs only)"
ls -d "$tmp"/res/7.3-x86_64/*/ "$tmp"/res/7.3+nobatch-x86_64/*/ >/dev/null 2>&1
ok $? "a run per kernel landed under its label"
grep -q 'mremap' "$tmp/out"
ok $? "the comparison was printed"
done_testing
