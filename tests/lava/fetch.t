#!/usr/bin/env bash
# The test steps lava-job writes, run here by a POSIX shell with LAVA's own
# lava-test-case script, print what a LAVA job log carries; lava-fetch brings the run
# home intact from that log (in the dispatcher's own log format), labelled with the lab,
# job and device, never overwriting, and refuses a damaged transfer. The same log as
# lavacli prints it for a server's job (lava-fetch --identity) gives the same run.
. "$(dirname "$0")/lib.sh"
lts=/usr/lib/python3/dist-packages/lava_dispatcher/lava_test_shell
[ -f "$lts/lava-test-case" ] || skip_all "LAVA's test shell scripts missing: apt-get install lava-dispatcher"
[ -x "$root/lazybench" ] || skip_all "build ./lazybench first (make)"
[ -f /usr/share/lava-server/device-types/x86.jinja2 ] || skip_all "lava-server's device-type templates missing (lava-job reads them): apt-get install lava-server"
plan 17
lj="$root/scripts/lava-job" lf="$root/scripts/lava-fetch"
fake_build "$tmp/b" x86_64 bzImage
"$lj" --device-type x86 --boot ipxe --build "$tmp/b" --label lavatest --boots 2 \
	--suite "mremap munmap --pages 16,64 --reps 5 --warmup 1" --stage "$tmp/st" -o "$tmp/job.yaml" 2>"$tmp/err"
ok $? "job written ($(tail -n1 "$tmp/err"))"
# LAVA installs lava-test-case with the shell as interpreter; so do we
mkdir -p "$tmp/bin" "$tmp/lrd"
for s in lava-test-case lava-common-functions; do { echo '#!/bin/sh'; cat "$lts/$s"; } >"$tmp/bin/$s"; chmod +x "$tmp/bin/$s"; done
# boot 2's steps, as run.sh; the guest's /tmp/lazybench-lava becomes a scratch dir here
/usr/bin/python3 -c '
import sys, yaml
j = yaml.safe_load(open(sys.argv[1]))
t = [a["test"] for a in j["actions"] if "test" in a][1]
print("\n".join(t["definitions"][0]["repository"]["run"]["steps"]))' "$tmp/job.yaml" |
	sed "s#/tmp/lazybench-lava#$tmp/g#g" >"$tmp/run.sh"
ln -s "$root/lazybench" "$tmp/bin/lazybench"
(cd "$tmp" && PATH="$tmp/bin:$PATH" LAVA_RESULT_DIR="$tmp/lrd" LAZYBENCH_META="lab.fact=1" busybox sh run.sh) >"$tmp/console" 2>"$tmp/stderr"
grep -q '^LAZYBENCH-LAVA-END 2$' "$tmp/console"
ok $? "the steps ran under busybox sh and printed the run between markers"
cases=$(grep -c '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=m[a-z]*-[0-9]*p-[a-z0-9_]* RESULT=pass UNITS=[a-z]* MEASUREMENT=[0-9.]*>' "$tmp/console")
orig=$(ls -d "$tmp"/g/lavatest/*)
rows=$(awk 'f && NF == 8 && $2 ~ /^[0-9]+$/ {n++} $1 == "workload" {f = 1} END {print n + 0}' "$orig/summary.txt")
[ "$cases" -gt 0 ] && [ "$cases" = "$rows" ]
ok $? "one lava-test-case with --measurement and --units per workload x size x metric ($cases, summary has $rows)"
grep -q 'TEST_CASE_ID=mremap-64p-ns RESULT=pass UNITS=ns MEASUREMENT=' "$tmp/console" &&
	grep -q '<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=lazybench-run RESULT=pass>' "$tmp/console"
ok $? "ns is reported in ns; the run itself is a passing test case"
# the console as the dispatcher logs it (lava_common.log's own line format)
/usr/bin/python3 -c '
import sys
from lava_common.log import dump
print("- " + dump({"dt": "2026-12-01T00:00:00", "lvl": "info", "msg": "start"}))
for line in open(sys.argv[1], errors="replace"):
    print("- " + dump({"dt": "2026-12-01T00:00:01", "lvl": "target", "msg": line.rstrip("\n")}))
' "$tmp/console" >"$tmp/job.log"
out=$("$lf" --log "$tmp/job.log" --lab testlab --job-id 42 --device board-01 --device-type x86 --results "$tmp/res" 2>"$tmp/err")
ok $? "lava-fetch brought the run home ($out $(cat "$tmp/err"))"
run=$out
[ "$run" = "$tmp/res/lavatest/$(basename "$orig")" ] && [ -d "$run" ]
ok $? "it is results/<label>/<run-id>/ as the guest named it"
cmp -s "$orig/samples.tsv" "$run/samples.tsv" && cmp -s "$orig/summary.txt" "$run/summary.txt"
ok $? "samples.tsv and summary.txt are byte for byte the guest's"
x=$(json_get "$run/meta.json" 'm["extra"]["lava.lab"], m["extra"]["lava.job_id"], m["extra"]["lava.device"], m["extra"]["lava.device_type"], m["extra"]["lava.boot"], m["extra"]["lab.fact"], m["complete"]')
[ "$x" = "testlab 42 board-01 x86 2 1 True" ]
ok $? "meta.json says lab, job id, device, device type, boot, keeps the lab's facts ($x)"
n=$(grep -o '"lava.device_type"' "$run/meta.json" | wc -l)
[ "$n" = 1 ] && [ "$(json_get "$run/meta.json" 'm["extra"]["lava.sha256"]')" = "$(sed -n 's/.*LAZYBENCH-LAVA-BEGIN \([0-9a-f]*\) 2 .*/\1/p' "$tmp/console")" ]
ok $? "lava.device_type is said once (the guest's), the archive's sha256 is recorded ($n)"
/usr/bin/python3 - "$orig/meta.json" "$run/meta.json" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
for k in [k for k in b["extra"] if k.startswith("lava.") and k not in a["extra"]]:
    del b["extra"][k]
sys.exit(0 if a == b else 1)
PY
ok $? "meta.json is otherwise the guest's"
grep -q 'LAZYBENCH-LAVA-BEGIN' "$run/console.log"
ok $? "the job's console is kept beside the run"
"$root/lazybench" compare "$run" "$run" --brief >"$tmp/cmp" 2>&1
ok $? "lazybench compare reads it ($(tail -n1 "$tmp/cmp"))"
# the same log as `lavacli jobs logs --raw` prints it for lava-fetch --identity: lavacli's
# own loader and printer over the lines a server hands out (the dispatcher's, as above)
if /usr/bin/python3 -c 'import lavacli.commands.jobs' 2>/dev/null; then
	/usr/bin/python3 -c '
import sys, yaml
from lavacli.utils import loader
from lavacli.commands.jobs import print_logs
print_logs(yaml.load(open(sys.argv[1]).read(), Loader=loader(False)), True, None)' "$tmp/job.log" >"$tmp/lavacli.log"
	out3=$("$lf" --log "$tmp/lavacli.log" --lab testlab --job-id 43 --device board-01 --results "$tmp/res3" 2>"$tmp/err")
	[ -n "$out3" ] && cmp -s "$orig/samples.tsv" "$out3/samples.tsv" && cmp -s "$orig/summary.txt" "$out3/summary.txt"
	ok $? "a log as lavacli jobs logs --raw prints it gives the same run ($out3 $(cat "$tmp/err"))"
	cmp -s "$tmp/job.log" "$tmp/lavacli.log" && diag "lavacli's raw log is byte for byte the dispatcher's"
else
	skip "lavacli missing (apt-get install lavacli): the format of lavacli jobs logs --raw"
fi
out2=$("$lf" --log "$tmp/job.log" --lab testlab --job-id 42 --device board-01 --results "$tmp/res" 2>"$tmp/err")
[ $? = 0 ] && [ "$out2" = "$run" ] && [ "$(ls "$tmp/res/lavatest" | wc -l)" = 1 ] && grep -q 'already in .*same sha256' "$tmp/err"
ok $? "fetching the same job again adds no copy: it names the run it has ($out2; $(cat "$tmp/err"))"
# a different run under the same name is kept beside it, nothing overwritten
mkdir -p "$tmp/res4/lavatest/$(basename "$run")"
echo '{"extra": {"lava.sha256": "0000"}}' >"$tmp/res4/lavatest/$(basename "$run")/meta.json"
out4=$("$lf" --log "$tmp/job.log" --lab testlab --job-id 42 --device board-01 --results "$tmp/res4" 2>&1)
[ "$out4" = "$tmp/res4/lavatest/$(basename "$run")-lava2" ] && grep -q 0000 "$tmp/res4/lavatest/$(basename "$run")/meta.json"
ok $? "a different run of the same name is fetched beside it, never over it ($out4)"
# one base64 character changed in the log: the checksum catches it, nothing is added
/usr/bin/python3 - "$tmp/job.log" >"$tmp/bad.log" <<'PY'
import re, sys
seen = done = False
for line in open(sys.argv[1]):
    m = re.search(r'"msg": "([A-Za-z0-9+/]{20,})"', line)
    if "LAZYBENCH-LAVA-BEGIN" in line:
        seen = True
    elif seen and not done and m:
        c = m.group(1)
        line = line.replace(c, ("B" if c[0] == "A" else "A") + c[1:])
        done = True
    sys.stdout.write(line)
PY
"$lf" --log "$tmp/bad.log" --lab testlab --job-id 42 --device board-01 --results "$tmp/res5" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] && grep -q 'damaged' "$tmp/err" && [ ! -e "$tmp/res5/lavatest" ]
ok $? "a damaged transfer is refused with the reason, nothing added (rc=$rc: $(cat "$tmp/err"))"
head -n 3 "$tmp/job.log" >"$tmp/none.log"
"$lf" --log "$tmp/none.log" --lab l --job-id 1 --device d --results "$tmp/res" 2>"$tmp/err"
[ $? = 1 ] && grep -q 'printed no lazybench run' "$tmp/err"
ok $? "a job that printed no run says so ($(cat "$tmp/err"))"
done_testing
