#!/usr/bin/env bash
# The test definition scripts/lava-job writes for the guest, run here in a POSIX shell (as
# the board's busybox runs it) with this machine's lazybench and a lava-test-case that
# records its calls: one test case per workload x size x metric, named WORKLOAD-PAGESp-
# METRIC, with the median per operation and the unit that summary.txt and meta.json hold.
# The steps read them through `lazybench report`, not by parsing summary.txt. No LAVA here.
. "$(dirname "$0")/lib.sh"
lb=$root/lazybench
[ -x "$lb" ] || skip_all "$lb is not built (make)"
command -v python3 >/dev/null || skip_all "python3 missing"
plan 4
mkdir -p "$tmp/bin"
cat >"$tmp/bin/lava-test-case" <<'SH'
#!/bin/sh
echo "$*" >>"$CASES"
SH
chmod +x "$tmp/bin/lava-test-case"
# the steps of boot 1, with /tmp/lazybench-lava* moved into this test's directory
python3 - "$root/scripts/lava-job" "$tmp" >"$tmp/steps.sh" <<'PY'
import importlib.machinery, importlib.util, sys
loader = importlib.machinery.SourceFileLoader("lavajob", sys.argv[1])
spec = importlib.util.spec_from_loader("lavajob", loader)
lj = importlib.util.module_from_spec(spec)
loader.exec_module(lj)
o = {"label": "steps", "device_type": "qemu", "boots": 1, "boot": "qemu", "build": None,
     "suite_argv": ["mremap", "--pages", "1,8", "--reps", "5", "--events", "cycles:k"]}
for s in lj.test_steps(o, 1, {}):
    print(s.replace("/tmp/lazybench-lava", sys.argv[2] + "/lava"))
PY
ok $? "lava-job writes the test steps"
sed -i "s#^LB=.*#LB=$lb#" "$tmp/steps.sh"
CASES=$tmp/cases PATH=$tmp/bin:$PATH sh "$tmp/steps.sh" >"$tmp/out" 2>&1
grep -q 'lazybench-run --result pass' "$tmp/cases"
ok $? "the steps run lazybench and report it ($(tail -n1 "$tmp/out"))"
run=$(ls -d "$tmp"/lava/steps/*/ | head -n1)
# what summary.txt says, in the test cases' form
awk 'FNR == 1 { f++ } f == 1 { if (match($0, /"name": "[a-z0-9_]+"/)) { n = substr($0, RSTART + 9, RLENGTH - 10);
	if (match($0, /"unit": "[^"]+"/)) u[n] = substr($0, RSTART + 9, RLENGTH - 10) } next }
	$1 == "workload" { h = 1; next } h && $2 ~ /^[0-9]+$/ && NF == 8 {
	print $1 "-" $2 "p-" $4 " --result pass --measurement " $5 " --units " u[$4] }' \
	"$run/meta.json" "$run/summary.txt" >"$tmp/want"
grep -v '^lazybench-' "$tmp/cases" >"$tmp/got"
[ -s "$tmp/want" ] && diff "$tmp/want" "$tmp/got" >"$tmp/diff"
ok $? "one test case per summary.txt row, its median and unit ($(wc -l <"$tmp/got") cases$(head -n3 "$tmp/diff" | tr '\n' ' '))"
! grep -q 'summary.txt' "$tmp/steps.sh"
ok $? "the steps do not parse summary.txt"
done_testing
