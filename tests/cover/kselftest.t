#!/usr/bin/env bash
# The kselftest collection (kselftest/lazybench/) run by the kernel's own kselftest
# runner from the cached 7.3 tree: installed with `make kselftest-install`, and dropped
# into a (hard-linked) copy of the tree and installed by the kernel's own selftests
# Makefile. Checks the runner's TAP: the collection passes, its nested points pass or
# SKIP with a reason, a failing run is reported as "not ok", bad input exits 2. Then the
# same install in a 7.3 x86_64 TCG guest (the cached build), where modules load: the
# kernel's runner reports the lazybench.ko and test_vmalloc points as passes.
. "$(dirname "$0")/../vm/lib.sh"
ktree=${KSFT_TREE:-${LAZYBENCH_CACHE:-$HOME/.cache/lazybench}/src/linux-source-7.3}
[ -f "$ktree/tools/testing/selftests/run_kselftest.sh" ] ||
	skip_all "needs the 7.3 source for its kselftest runner: scripts/fetch-kernel-source 7.3"
command -v rsync >/dev/null || skip_all "needs rsync (the kernel's lib.mk installs with it)"
plan 18
export LAZYBENCH_KSFT_REPS=3
# the runner writes to /dev/stdout by name: through a pipe, so that a file is appended to
ksft() { "$@" 2>&1 | cat; return "${PIPESTATUS[0]}"; }
short="--pages 16 mremap munmap tv-fix_size_alloc_test"

# 1. make kselftest-install, then the tree's run_kselftest.sh
inst=$tmp/inst
make -s -C "$root" kselftest-install INSTALL_PATH="$inst" KSFT_TREE="$ktree" >"$tmp/i.out" 2>&1
ok $? "make kselftest-install INSTALL_PATH=... succeeds"
[ -x "$inst/run_kselftest.sh" ] && [ -x "$inst/lazybench/lazybench" ] && [ -f "$inst/lazybench/settings" ] &&
	[ -f "$inst/lazybench/config" ] && cmp -s "$inst/run_kselftest.sh" "$ktree/tools/testing/selftests/run_kselftest.sh"
ok $? "the install has the kernel's own run_kselftest.sh, the binary, settings and config"
ksft "$inst/run_kselftest.sh" -l >"$tmp/l.out"
grep -qx 'lazybench:lazybench.sh' "$tmp/l.out"
ok $? "run_kselftest.sh -l lists lazybench:lazybench.sh"
LAZYBENCH_KSFT_ARGS=$short ksft "$inst/run_kselftest.sh" -c lazybench >"$tmp/r.out"
rc=$?
diag "$(grep -E '^(ok|not ok|# ok|# not ok|# timeout)' "$tmp/r.out")"
[ "$rc" = 0 ] && grep -q '^ok 1 selftests: lazybench: lazybench.sh' "$tmp/r.out"
ok $? "the kernel's runner reports the collection as ok"
grep -q '^# timeout set to 600' "$tmp/r.out"
ok $? "the runner took the timeout from the collection's settings"
grep -qE '^# ok [0-9]+ - mremap pages=16: [0-9.]+ ns/PTE' "$tmp/r.out" &&
	grep -qE '^# ok [0-9]+ - munmap pages=16: [0-9.]+ ns/PTE' "$tmp/r.out"
ok $? "nested TAP: mremap and munmap points pass with a ns/PTE figure"
if [ -e /proc/modules ]; then
	grep -qE '^# ok [0-9]+ - tv-fix_size_alloc_test pages=16( # SKIP .+)?' "$tmp/r.out"
	ok $? "nested TAP: the test_vmalloc point is there (pass or SKIP)"
else
	grep -qE '^# ok [0-9]+ - tv-fix_size_alloc_test pages=16 # SKIP the kernel has no module support' "$tmp/r.out"
	ok $? "nested TAP: test_vmalloc SKIPs with the reason on this kernel (no module support)"
fi
r=$(sed -n 's/^# # results: //p' "$tmp/r.out")
[ -n "$r" ] && [ "$(ls "$r"/*/*/samples.tsv 2>/dev/null | wc -l)" = 1 ]
ok $? "the run's samples are kept where the script says ($r)"
LAZYBENCH_KSFT_ARGS="no-such-workload" ksft "$inst/run_kselftest.sh" -c lazybench >"$tmp/f.out"
rc=$?
[ "$rc" != 0 ] && grep -q '^not ok 1 selftests: lazybench: lazybench.sh' "$tmp/f.out" &&
	grep -q "unknown workload 'no-such-workload'" "$tmp/f.out"
ok $? "a failing run is 'not ok' with lazybench's reason in the log"
make -s -C "$root" kselftest-install INSTALL_PATH="$inst" KSFT_TREE="$ktree" >/dev/null 2>&1 &&
	[ "$(grep -c '^lazybench:' "$inst/kselftest-list.txt")" = 1 ]
ok $? "installing twice keeps one list entry"

# 2. bad input: one line, exit 2, nothing written
make -s -C "$root" kselftest-install >/dev/null 2>"$tmp/e1"; rc=$?
[ "$rc" = 2 ] && grep -q 'set INSTALL_PATH' "$tmp/e1"
ok $? "kselftest-install without INSTALL_PATH: exit 2 with the reason"
make -s -C "$root" kselftest-install INSTALL_PATH="$tmp/nope" KSFT_TREE="$tmp/notatree" >/dev/null 2>"$tmp/e2"; rc=$?
[ "$rc" = 2 ] && grep -q 'no kernel selftests' "$tmp/e2" && [ ! -e "$tmp/nope" ]
ok $? "kselftest-install with a KSFT_TREE that is no kernel tree: exit 2, nothing written"

# 3. dropped into a copy of the tree, installed by the kernel's own selftests Makefile
cp -al "$ktree" "$tmp/linux" 2>/dev/null || cp -a "$ktree" "$tmp/linux"
make -s -C "$root" kselftest-dir OUT="$tmp/linux/tools/testing/selftests/lazybench" >/dev/null &&
	make -C "$tmp/linux/tools/testing/selftests" TARGETS=lazybench install \
		INSTALL_PATH="$tmp/kinst" >"$tmp/k.log" 2>&1
rc=$?
[ "$rc" = 0 ] || diag "$(tail -n 5 "$tmp/k.log")"
ok $rc "the directory dropped into tools/testing/selftests installs with the kernel's Makefile"
LAZYBENCH_KSFT_ARGS="--pages 16 mremap" ksft "$tmp/kinst/run_kselftest.sh" >"$tmp/k.out" &&
	grep -q '^ok 1 selftests: lazybench: lazybench.sh' "$tmp/k.out" &&
	grep -qE '^# ok 1 - mremap pages=16' "$tmp/k.out"
ok $? "and the kernel's run_kselftest.sh runs it: ok"
rm -rf "$tmp/linux"
make -s -C "$root" kselftest-dir OUT="$tmp/kinst" >/dev/null 2>"$tmp/e3"; rc=$?
[ "$rc" = 2 ] && grep -q 'exists; not overwriting' "$tmp/e3"
ok $? "kselftest-dir refuses to overwrite an existing directory (exit 2)"

# 4. the install in a guest where modules load (the cached 7.3 x86_64 build, TCG): the
# kernel's runner as installed, lazybench being the guest's own binary. The busybox
# initramfs lacks two things the runner takes from a full system: /dev/stdout (udev
# makes it; devtmpfs does not) and a coreutils `timeout` (busybox's has no --foreground,
# which the runner passes): a symlink and a two-line wrapper around busybox's timeout.
B=$("$root/scripts/build-kernel" $x86_base --query 2>/dev/null) || B=
if [ -z "$B" ] || [ ! -f "$B/lib/test_vmalloc.ko" ]; then
	for i in 1 2 3; do skip "no cached 7.3 build with lib/test_vmalloc.ko: scripts/build-kernel $x86_base"; done
else
	ko=$(module_for "$B" "$root/kernel/module") || ko=
	g=$tmp/ginst
	cp -a "$inst" "$g" && rm -rf "$g/lazybench/results" && ln -sf /lazybench/lazybench "$g/lazybench/lazybench"
	b64=$(tar -czf - -C "$g" . | base64 -w0)
	gcmd="mkdir -p /tmp/ksft && echo $b64 | base64 -d | tar -xzf - -C /tmp/ksft || exit 1
[ -e /dev/stdout ] || ln -s /proc/self/fd/1 /dev/stdout
rm -f /usr/bin/timeout && printf '#!/bin/sh\n[ \"\$1\" = --foreground ] && shift\nexec busybox timeout \"\$@\"\n' >/usr/bin/timeout && chmod 755 /usr/bin/timeout
LAZYBENCH_KSFT_REPS=3 LAZYBENCH_KSFT_ARGS='--pages 16 mremap kmod-vmalloc tv-fix_size_alloc_test' /tmp/ksft/run_kselftest.sh -c lazybench"
	"$root/scripts/vm-run" --build "$B" ${ko:+--module "$ko"} --results "$tmp/gres" --log "$tmp/g.log" \
		--timeout 900 -- "$gcmd" >/dev/null 2>"$tmp/g.err"
	rc=$?
	[ "$rc" = 0 ] || diag "$(tail -n 1 "$tmp/g.err")"
	ok $rc "vm-run: the kernel's runner ran the collection in the 7.3 guest with no kernel report"
	diag "$(grep -aE '^(ok|not ok|# ok|# not ok|# timeout)' "$tmp/g.log")"
	grep -aq '^ok 1 selftests: lazybench: lazybench.sh' "$tmp/g.log" &&
		grep -aqE '^# ok [0-9]+ - tv-fix_size_alloc_test pages=16: [0-9.]+ ns/PTE' "$tmp/g.log"
	ok $? "the runner reports ok, and the test_vmalloc point passes (not SKIP) where modules load"
	if [ -n "$ko" ]; then
		grep -aqE '^# ok [0-9]+ - kmod-vmalloc pages=16: [0-9.]+ ns/PTE' "$tmp/g.log"
		ok $? "and the lazybench.ko point passes with lazybench.ko loaded"
	else
		skip "lazybench.ko did not build against $B"
	fi
fi
done_testing
