#!/usr/bin/env bash
# An incremental prefix build and a from-scratch build of the same prefix are the same
# kernel: prefix p1-2 of tests/fixtures/attrib-series (patch 2 is the context-switch fix,
# so its counts differ from the base's) built the way compare-revisions --per-patch builds
# it (on the nearest built prefix, else the base) and with --from-scratch into a second
# directory; their vmlinux .text is byte-identical and, booted as Xen PV dom0 under the
# lazycount plugin, a 512-page mprotect makes the same exact hypercall counts.
. "$(dirname "$0")/../../vm/lib.sh"
build_or_skip B "$x86_base"
have_xen || skip_all "needs Debian's Xen hypervisor: run scripts/fetch-xen"
command -v objcopy >/dev/null || skip_all "needs objcopy (binutils)"
plan 6
bk=$root/scripts/build-kernel
ser=$root/tests/fixtures/attrib-series
mkdir -p "$tmp/p"
cp "$ser"/0001-*.patch "$ser"/0002-*.patch "$tmp/p/"
make -s -C "$root" emu >/dev/null 2>&1

# shellcheck disable=SC2086
inc=$("$bk" $x86_base --rev p1-2 --patches "$tmp/p" --quiet 2>"$tmp/e1")
ok $? "p1-2 built the default way: $(grep '^built_from' "$inc/manifest" 2>/dev/null)"
# shellcheck disable=SC2086
scr=$("$bk" $x86_base --rev p1-2 --patches "$tmp/p" --from-scratch --name lbtest-p1-2-scratch --quiet 2>"$tmp/e2")
ok $? "p1-2 built from scratch into $scr"
objcopy -O binary -j .text "$inc/vmlinux" "$tmp/inc.text" && objcopy -O binary -j .text "$scr/vmlinux" "$tmp/scr.text" &&
	cmp -s "$tmp/inc.text" "$tmp/scr.text"
ok $? "their vmlinux .text sections are byte-identical ($(stat -c %s "$tmp/inc.text" 2>/dev/null) bytes)"

counts() { # BUILD -> "workload emu_hypercall" per window
	local d
	d=$("$root/scripts/emu-run" --build "$1" --xen --results "$tmp/res-$2" -- \
		"lazybench run mprotect --pages 512 --reps 3 --warmup 1 --out /results" 2>"$tmp/$2.err" | tail -n1)
	[ -f "$d/samples.tsv" ] || return 1
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } { print $1, $(c["emu_hypercall"]) }' "$d/samples.tsv"
}
counts "$inc" inc >"$tmp/inc.counts"
ok $? "the incremental build boots and runs under the plugin"
counts "$scr" scr >"$tmp/scr.counts"
ok $? "the from-scratch build boots and runs under the plugin"
diag "hypercalls per window: incremental $(awk '{ print $2 }' "$tmp/inc.counts" | tr '\n' ' ')/ from scratch $(awk '{ print $2 }' "$tmp/scr.counts" | tr '\n' ' ')"
[ -s "$tmp/inc.counts" ] && cmp -s "$tmp/inc.counts" "$tmp/scr.counts"
ok $? "the same exact hypercall counts in every window"
rm -rf "$(readlink -f "$scr")" && rm -f "$scr"
done_testing
