#!/bin/sh
# build-ko and `make module` on bad input: one line naming the problem (for a missing
# tree: the tree and the package that provides it), exit 2, nothing built. Needs no kernel.
. "$(dirname "$0")/lib.sh"
cd "$TOP" || exit 1

kdir=$T/no-such-tree
env -u MAKELEVEL -u MAKEFLAGS -u MFLAGS make -s module KDIR="$kdir" >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 2 ]
ok $? "make module KDIR=<missing> exits 2 (got $rc)"
grep -Ev '^make(\[[0-9]+\])?: \*\*\*' "$T/err" >"$T/line"
[ "$(wc -l <"$T/line")" -eq 1 ] && [ ! -s "$T/out" ]
ok $? "one line from build-ko on stderr, nothing on stdout: $(head -n1 "$T/line")"
grep -q "no kernel build tree at '$kdir'" "$T/line" &&
	grep -q "linux-headers-$(uname -r)" "$T/line" &&
	! grep -q "' 2\$" "$T/line"
ok $? "the line names the missing tree and the linux-headers package, no stray status"
[ ! -e "$TOP/build/kmod/no-such-tree" ]
ok $? "nothing built for the missing tree"

kernel/module/build-ko >"$T/out" 2>"$T/err"
rc=$?
[ "$rc" -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q '^build-ko: usage: build-ko KDIR \[OUTDIR\] | --all$' "$T/err"
ok $? "build-ko without arguments: one usage line, exit 2 (got $rc: $(head -n1 "$T/err"))"

done_testing
