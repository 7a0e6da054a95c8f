#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# lazybench kselftest: a short run of lazybench's default suite (mremap, munmap,
# madvise, mprotect, fork at 16 and 512 pages) plus the kernel's own test_vmalloc class
# fix_size_alloc_test and lazybench.ko's kmod-vmalloc, each at 16 and 512 pages, as TAP:
# one test point per workload and size, "# SKIP reason" where this machine lacks
# something (no module support, no test_vmalloc.ko, lazybench.ko not loaded, not root).
# Results (every sample, meta.json) go to $LAZYBENCH_RESULTS (default: ./results next to
# this script, else a directory under /tmp); their path is printed as a TAP comment.
#
#   LAZYBENCH_KSFT_ARGS  replaces the workload and size arguments of `lazybench run`
#   LAZYBENCH_KSFT_REPS  repetitions per size (default 5)

KSFT_SKIP=4
here=$(cd "$(dirname "$0")" && pwd)
lb=$here/lazybench
if [ ! -x "$lb" ]; then
	echo "TAP version 13"
	echo "1..0 # SKIP lazybench binary missing ($lb): reinstall the collection"
	exit $KSFT_SKIP
fi
out=${LAZYBENCH_RESULTS:-$here/results}
if ! mkdir -p "$out" 2>/dev/null || [ ! -w "$out" ]; then
	out=$(mktemp -d /tmp/lazybench-ksft.XXXXXX) || exit 1
fi
default="--pages 16,512 mremap munmap madv-dontneed madv-free mprotect mprotect-rw fork"
default="$default kmod-vmalloc tv-fix_size_alloc_test"
# shellcheck disable=SC2086
"$lb" run --tap --reps "${LAZYBENCH_KSFT_REPS:-5}" --warmup 1 --out "$out" \
	${LAZYBENCH_KSFT_ARGS:-$default} 2>"$out/.stderr.$$"
rc=$?
# progress lines are noise; on a failure they say what went wrong
[ "$rc" = 0 ] || sed 's/^/# /' "$out/.stderr.$$"
rm -f "$out/.stderr.$$"
echo "# results: $out"
# kselftest exit codes: 0 pass, 1 fail (lazybench's 2, bad usage, would read as XFAIL)
[ "$rc" = 0 ] || exit 1
exit 0
