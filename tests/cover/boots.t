#!/usr/bin/env bash
# compare-revisions --boots: every kernel booted N times, interleaved (base, rev, base,
# rev, ...), each boot's run in the kernel's label directory, and the table from
# `lazybench compare` on the label directories (runs pooled: run-level marks possible);
# progress on stderr (boot k of n, elapsed, time left), none with --quiet; results that
# would be pooled with old runs are refused; bad --boots is exit 2. Cached 7.3 x86_64
# builds (base and ctxfix), booted bare under TCG: 8 short boots, about a minute here.
. "$(dirname "$0")/../vm/lib.sh"
build_or_skip B "$x86_base"
build_or_skip F "$x86_ctxfix"
plan 13
cr=$root/scripts/compare-revisions
common=(--base debian:7.3 --arch x86_64 --config xen-pv --no-build --timeout 600
	--revs "ctxfix:$root/tests/fixtures/xen-ctxsw-lazy-fix.mbox" --suite "mprotect --pages 512 --reps 3 --warmup 1")
"$cr" "${common[@]}" --boots 3 --results "$tmp/res" --compare-args "--format text --metric ns" >"$tmp/out" 2>"$tmp/err"
rc=$?
diag "$(grep -v 'vm-run:' "$tmp/err" | tail -n 4)"
ok $rc "--boots 3 exits 0"
order=$(sed -n 's/^compare-revisions: boot \([0-9]*\)\/6: \([a-z]*\) (boot \([0-9]\)\/3): running.*/\1 \2 \3/p' "$tmp/err" | tr '\n' ' ')
[ "$order" = "1 base 1 2 ctxfix 1 3 base 2 4 ctxfix 2 5 base 3 6 ctxfix 3 " ]
ok $? "six boots, interleaved: base, ctxfix, base, ctxfix, base, ctxfix ($order)"
[ "$(ls -d "$tmp"/res/7.3-x86_64/*/ | wc -l)" = 3 ] && [ "$(ls -d "$tmp"/res/7.3+ctxfix-x86_64/*/ | wc -l)" = 3 ]
ok $? "three runs in each kernel's label directory"
grep -qE '^runs pooled +3 +3$' "$tmp/out" && grep -qE '^ +1:7\.3-x86_64 +2:7\.3\+ctxfix-x86_64$' "$tmp/out"
ok $? "the table compares the label directories: 3 runs pooled per column"
sed 's/^/# /' "$tmp/out" | grep -E 'runs pooled|Median'
# the same table by hand: compare on the label directories
"$root/lazybench" compare --format text --metric ns "$tmp/res/7.3-x86_64" "$tmp/res/7.3+ctxfix-x86_64" >"$tmp/hand" 2>/dev/null
diff -q "$tmp/hand" "$tmp/out" >/dev/null
ok $? "it is what lazybench compare prints for the two label directories"
grep -q "Median .* ~ " "$tmp/out"
[ $? != 0 ] && ! grep -q 'warning: one run' "$tmp/out"
ok $? "no one-run marks (~) or one-run warnings: the run is the unit"
grep -qE '^compare-revisions: boot 4/6: .*, ~[0-9]+(s|m[0-9]+s) left \[[0-9ms]+ elapsed\]$' "$tmp/err" &&
	grep -qE '^compare-revisions: build 2/2: ctxfix: built already' "$tmp/err"
ok $? "progress on stderr: build k/n, boot k/n with time left and elapsed"

out=$("$cr" "${common[@]}" --results "$tmp/res" 2>&1); rc=$?
[ "$rc" = 2 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -q 'already holds 3 run(s).*--add-runs' &&
	[ "$(ls -d "$tmp"/res/7.3-x86_64/*/ | wc -l)" = 3 ]
ok $? "results that would be pooled with earlier runs: one line, exit 2, nothing run ($out)"
"$cr" "${common[@]}" --boots 1 --quiet --results "$tmp/q" >"$tmp/qout" 2>"$tmp/qerr"
rc=$?
[ "$rc" = 0 ] && ! grep -qE '^compare-revisions: (boot|build) ' "$tmp/qerr"
ok $? "--quiet: no progress lines ($(grep -c . "$tmp/qerr") stderr lines left: $(grep -v vm-run "$tmp/qerr" | head -n 2 | tr '\n' ' '))"
# a per-patch comparison in CSV: the legend goes to stderr, stdout stays CSV
pp=(--base debian:7.3 --arch x86_64 --config xen-pv --per-patch "$root/tests/fixtures/xen-ctxsw-lazy-fix.mbox")
if "$cr" "${pp[@]}" --dry-run 2>/dev/null | grep -q '^p1 .*built'; then
	"$cr" "${pp[@]}" --no-build --timeout 600 --boots 1 --quiet --results "$tmp/pp" \
		--suite "mprotect --pages 16 --reps 3 --warmup 1" --compare-args "--format csv" \
		>"$tmp/ppout" 2>"$tmp/pperr"
	rc=$?
	python3 -c 'import csv, sys; r = list(csv.DictReader(open(sys.argv[1]))); sys.exit(not (r and r[0]["workload"] == "mprotect"))' "$tmp/ppout" &&
		[ "$rc" = 0 ] && head -n1 "$tmp/ppout" | grep -q '^workload,pages,' && grep -q '^columns: 2 = p1: ' "$tmp/pperr"
	ok $? "--per-patch with --format csv: stdout is CSV only, the legend on stderr (exit $rc)"
else
	skip "p1 of tests/fixtures/xen-ctxsw-lazy-fix.mbox is not built (compare-revisions --per-patch builds it)"
fi
check() { local desc=$1 want=$2 out rc; shift 2
	out=$("$cr" "$@" --results "$tmp/bad" 2>&1); rc=$?
	[ "$rc" = 2 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -qF -- "$want" && [ ! -e "$tmp/bad" ]
	ok $? "$desc ($out)"; }
check "--boots 0" "--boots wants a count" "${common[@]}" --boots 0
check "--boots x" "--boots wants a count" "${common[@]}" --boots x
check "--boots with --bisect" "--boots does not go with --bisect" --base debian:7.3 --boots 3 \
	--bisect "$root/tests/fixtures/attrib-series" --metric emu_hypercall --workload mprotect --pages 512 --threshold 3
done_testing
