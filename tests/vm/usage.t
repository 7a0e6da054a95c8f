#!/usr/bin/env bash
# Bad input to the VM scripts: a one-line error naming the problem, exit 2, nothing run.
. "$(dirname "$0")/lib.sh"
plan 8
check() { # check DESC EXPECTED-SUBSTRING CMD...
	local desc=$1 want=$2 out rc
	shift 2
	out=$("$@" 2>&1 </dev/null); rc=$?
	[ "$rc" = 2 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -qF -- "$want"
	ok $? "$desc (rc=$rc: $out)"
}
check "vm-run without a command" "no guest command" "$root/scripts/vm-run" --build /nonexistent
check "vm-run on a directory that is not a build" "not a finished" "$root/scripts/vm-run" --build "$tmp" -- true
mkdir -p "$tmp/b" && touch "$tmp/b/.lazybench-built" && printf 'arch=arm64\nimage=%s\n' "$tmp/b/Image" >"$tmp/b/manifest" && touch "$tmp/b/Image"
check "vm-run --xen on an arm64 build" "needs an x86_64 build" "$root/scripts/vm-run" --build "$tmp/b" --xen -- true
check "vm-run with a bad timeout" "--timeout" "$root/scripts/vm-run" --build "$tmp/b" --timeout soon -- true
check "build-kernel with a bad revision label" "bad revision label" "$root/scripts/build-kernel" --debian 7.3 --arch x86_64 --rev 'a b' --patches /dev/null
check "build-kernel with missing patches" "is not a file" "$root/scripts/build-kernel" --debian 7.3 --arch x86_64 --rev x --patches "$tmp/none"
check "compare-revisions with a malformed revision" "not LABEL:PATCHES" "$root/scripts/compare-revisions" --base debian:7.3 --revs nolabel
check "compare-revisions --xen on arm64" "--xen needs" "$root/scripts/compare-revisions" --base debian:7.3 --arch arm64 --xen
done_testing
