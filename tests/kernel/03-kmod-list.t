#!/bin/sh
# A module workload is one file, kernel/module/wl_<name>.c: its LBK_WORKLOAD()
# descriptors are the module's table (Kbuild builds every wl_*.c and generates the
# table) and its LBK_KMOD lines are the kmod-* workloads of `lazybench list`
# (kernel/module/kmod-list generates bench/kmod-list.h, committed). Checked: the
# committed header is the generator's output; the kmod-* names `lazybench list` prints
# are exactly the LBK_KMOD names; and in a copy of the tree, one new file wl_demo.c
# (nothing else edited) appears in the generated list, in the built lazybench's list
# and, built against the cached 7.3 x86_64 build (SKIP without it), in the module's table.
. "$(dirname "$0")/lib.sh"

"$TOP/kernel/module/kmod-list" >"$T/kmod-list.h" 2>"$T/err"
diff -u "$T/kmod-list.h" "$TOP/bench/kmod-list.h" >"$T/diff" 2>&1
ok $? "bench/kmod-list.h is kernel/module/kmod-list's output (else: kernel/module/kmod-list --write) $(head -c 300 "$T/diff" | tr '\n' ' ')"

make -s -C "$TOP" lazybench >/dev/null 2>&1
"$TOP/lazybench" list | awk '$1 ~ /^kmod-/ { print $1 }' | sort >"$T/listed"
sed -n 's/^LBK_KMOD("[^"]*", "\(kmod-[^"]*\)".*/\1/p' "$TOP"/kernel/module/wl_*.c | sort >"$T/declared"
[ -s "$T/listed" ] && cmp -s "$T/listed" "$T/declared"
ok $? "lazybench list's $(wc -l <"$T/listed") kmod-* workloads are the $(wc -l <"$T/declared") LBK_KMOD lines of kernel/module/wl_*.c"

# one new file in a copy of the tree
mkdir -p "$T/top/kernel"
cp -r "$TOP/bench" "$TOP/Makefile" "$TOP/mk" "$TOP/arch" "$TOP/emu" "$T/top/"
cp -r "$TOP/kernel/module" "$T/top/kernel/"
rm -f "$T/top/kernel/module/"*.o "$T/top/kernel/module/"*.ko
cat >"$T/top/kernel/module/wl_demo.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
/* demo: a workload added as one file (tests/kernel/03-kmod-list.t) */
#include "lazybench.h"

static int demo_op(struct lbk_inst *in)
{
	return 0;
}

LBK_WORKLOAD(lbk_wl_demo) = {
	.name = "demo",
	.desc = "nothing, from a file of its own",
	.op = demo_op,
};

LBK_KMOD("demo", "kmod-demo", "", 0,
	 "a module workload added as one file",
	 "(none)");
EOF
"$T/top/kernel/module/kmod-list" --write 2>"$T/err"
grep -q 'KMOD(wl_kmod_demo, "demo", "kmod-demo"' "$T/top/bench/kmod-list.h"
ok $? "the generated list has kmod-demo from wl_demo.c $(head -c 200 "$T/err")"
if make -s -C "$T/top" lazybench >"$T/make.log" 2>&1; then
	"$T/top/lazybench" list | grep -q '^kmod-demo .*a module workload added as one file'
	ok $? "the copy's lazybench lists kmod-demo"
else
	ok 1 "the copy's lazybench builds ($(grep -m1 error "$T/make.log"))"
fi
CP=$(ls "$CACHE"/src/linux-source-7.3/scripts/checkpatch.pl 2>/dev/null | head -n1)
if b=$(find_build 7.3 x86_64 xen-pv); then
	ko=$("$T/top/kernel/module/build-ko" "$b" "$T/kmod-demo" 2>"$T/build-ko.err")
	[ -n "$ko" ] && grep -q '^	&lbk_wl_demo,$' "$T/kmod-demo/lb_workloads.h" &&
		strings "$ko" | grep -qx 'nothing, from a file of its own'
	ok $? "the module built from the copy has demo in its table, warning-free $(tail -n1 "$T/build-ko.err")"
else
	skip "no 7.3 x86_64 xen-pv build ($(how_to_build 7.3 x86_64 xen-pv))"
fi
if [ -n "$CP" ]; then
	perl "$CP" --strict --no-tree -q -f "$T/top/kernel/module/wl_demo.c" >"$T/cp" 2>&1
	ok $? "a workload file in this form is checkpatch --strict clean $(head -n3 "$T/cp" | tr '\n' ' ')"
else
	skip "no kernel tree with scripts/checkpatch.pl in $CACHE/src"
fi
done_testing
