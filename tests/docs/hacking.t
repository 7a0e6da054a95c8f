#!/usr/bin/env bash
# docs/hacking.md's lists of the files each addition touches hold: the counts the doc
# states (a workload 1 file, a kernel workload 1, an architecture 3 plus the decoder's
# test cases, a compare format 1) are its **Touches:** lines; in a copy of the tree a
# workload, a compare format and a kernel workload's userspace side made of exactly
# those files work (`lazybench list`, `run`, `compare --format`); and outside docs and
# tests, the only files that name riscv64 (the arch added under these rules) are its
# three files and the generated marker header.
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
echo "1..9"
cd "$root" || exit 1
doc=docs/hacking.md

# touches SECTION-HEADING: the files of its **Touches:** line, one a line
touches() {
	awk -v h="## $1" '$0 == h { s = 1; next } /^## / { s = 0 }
		s && /^\*\*Touches:\*\*/ { print }' "$doc" | grep -o '`[^`]*`' | tr -d '`'
}
check_list() { # HEADING WANT...
	local h=$1 got
	shift
	got=$(touches "$h" | tr '\n' ' ' | sed 's/ $//')
	[ "$got" = "$*" ]
	ok $? "docs/hacking.md, $h: touches $# file(s) [$got] (want [$*])"
}
check_list "A workload" bench/workloads/NAME.c
check_list "A kernel workload (lazybench.ko)" "kernel/module/wl_<name>.c"
check_list "An architecture" arch/NAME.conf kernel/configs/NAME.config emu/arch-TARGET.c
check_list "A compare output format" bench/report/fmt-NAME.c

# riscv64: code outside docs and tests that names it is its own files and the
# generated header; tests that name it are the decoder's cases and this test
got=$(git grep --untracked -il riscv -- . ':!*.md' ':!docs/' ':!tests/' | tr '\n' ' ' | sed 's/ $//')
want="arch/riscv64.conf bench/marker-arch.h emu/arch-riscv64.c kernel/configs/riscv64.config"
[ "$got" = "$want" ]
ok $? "the files that name riscv64 outside docs and tests are its own and a generated one [$got]"
got=$(git grep --untracked -il riscv -- tests | tr '\n' ' ' | sed 's/ $//')
[ "$got" = "tests/docs/hacking.t tests/emu/decode.c" ]
ok $? "the tests that name riscv64 are its decoder cases (and this test) [$got]"

# a copy of what builds lazybench, plus one file per addition
mkdir -p "$tmp/top/kernel"
cp -r bench Makefile mk arch emu "$tmp/top/" && cp -r kernel/module "$tmp/top/kernel/"
rm -f "$tmp/top/kernel/module/"*.o "$tmp/top/kernel/module/"*.ko
cat >"$tmp/top/bench/workloads/demo.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
/* demo: a workload that is one file (tests/docs/hacking.t) */
#include "workload.h"

static int demo_op(struct lb_ctx *ctx)
{
	(void)ctx;
	return 0;
}

static const struct lb_workload wl_demo = {
	.name = "demo-wl", .desc = "a workload of one file", .kpath = "(none)",
	.flags = LB_WL_NOT_DEFAULT, .op = demo_op,
};
LB_WORKLOAD(wl_demo);
EOF
cat >"$tmp/top/bench/report/fmt-demo.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
/* --format demo: a compare format that is one file (tests/docs/hacking.t) */
#include <stdio.h>

#include "report/compare.h"

static void demo_section(struct cmp_ctx *c, const char *wl, const char *metric,
			 const struct lb_metric *m, size_t *pages, size_t np,
			 struct lb_cell **cells)
{
	(void)c; (void)m; (void)pages; (void)cells;
	printf("demo %s %s %zu\n", wl, metric, np);
}

static void demo_out(struct cmp_ctx *c)
{
	cmp_walk(c, demo_section);
}

static const struct cmp_fmt fmt_demo = { "demo", NULL, demo_out };
CMP_FORMAT(fmt_demo);
EOF
cat >"$tmp/top/kernel/module/wl_demo.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0
#include "lazybench.h"

static int demo_op(struct lbk_inst *in)
{
	return 0;
}

LBK_WORKLOAD(lbk_wl_demo) = {
	.name = "demo",
	.desc = "nothing",
	.op = demo_op,
};

LBK_KMOD("demo", "kmod-demo", "", 0,
	 "a kernel workload of one file",
	 "(none)");
EOF
"$tmp/top/kernel/module/kmod-list" --write 2>"$tmp/err"
if make -s -C "$tmp/top" lazybench >"$tmp/make.log" 2>&1; then
	lb=$tmp/top/lazybench
	"$lb" list >"$tmp/list"
	grep -q '^demo-wl .*a workload of one file' "$tmp/list" &&
		"$lb" run demo-wl --pages 1 --reps 3 --warmup 0 --events '' --out "$tmp/r1" >/dev/null 2>&1 &&
		"$lb" run demo-wl --pages 1 --reps 3 --warmup 0 --events '' --out "$tmp/r2" >/dev/null 2>&1
	ok $? "bench/workloads/demo.c alone: listed and runs"
	a=$(ls -d "$tmp"/r1/*/* | head -n1) b=$(ls -d "$tmp"/r2/*/* | head -n1)
	"$lb" compare --format demo "$a" "$b" >"$tmp/cmp" 2>"$tmp/cmp.err"
	grep -q '^demo demo-wl ' "$tmp/cmp"
	ok $? "bench/report/fmt-demo.c alone: compare --format demo writes its output ($(head -n1 "$tmp/cmp"; head -n1 "$tmp/cmp.err"))"
	grep -q '^kmod-demo .*a kernel workload of one file' "$tmp/list"
	ok $? "kernel/module/wl_demo.c alone (and kmod-list --write): lazybench lists kmod-demo $(head -c 200 "$tmp/err")"
else
	for i in 1 2 3; do ok 1 "the copy with the demo files builds ($(grep -m1 -E 'error|Error' "$tmp/make.log"))"; done
fi
[ "$failed" -eq 0 ]
