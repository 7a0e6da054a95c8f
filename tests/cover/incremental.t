#!/usr/bin/env bash
# Incremental revision builds (scripts/build-kernel; compare-revisions --per-patch builds
# each prefix this way): a revision starts from the nearest finished build of a prefix of
# its patches (here the base, then the first revision), copied, with Kbuild's absolute
# paths pointed at the new tree, and `make` recompiles only what the remaining patches
# touch. On the cached 7.3 x86_64 Xen PV base (make check-kernels builds it): two
# revisions, a comment in mm/vmalloc.c, and that plus attrib-series patch 3 (it only
# touches Documentation/), about 40 s each here. That an incremental
# build and a from-scratch one give the same exact counts is tests/cover/long/incremental.t.
. "$(dirname "$0")/../vm/lib.sh"
build_or_skip B "$x86_base"
plan 11
bk=$root/scripts/build-kernel
cache=${LAZYBENCH_CACHE:-$HOME/.cache/lazybench}
ser=$root/tests/fixtures/attrib-series
mkdir -p "$tmp/r1" "$tmp/r2" "$tmp/a/mm" "$tmp/b/mm"
# patch 1: a comment in mm/vmalloc.c that no other build has (so the nearest build of
# its patches is the base); patch 2: attrib-series patch 3, Documentation/ only
cp "$(sed -n 's/^src=//p' "$B/manifest")/mm/vmalloc.c" "$tmp/a/mm/vmalloc.c"
sed '1a /* lazybench: tests/cover/incremental.t */' "$tmp/a/mm/vmalloc.c" >"$tmp/b/mm/vmalloc.c"
(cd "$tmp" && diff -u --label a/mm/vmalloc.c --label b/mm/vmalloc.c a/mm/vmalloc.c b/mm/vmalloc.c) >"$tmp/r1/0001-lbtest-comment.patch"
cp "$tmp/r1/0001-lbtest-comment.patch" "$ser"/0003-*.patch "$tmp/r2/"
# this test's own revisions are built anew each time (the cache keeps every other build)
for l in "$cache"/builds/linux-source-7.3+lbtest-incr[12]-*; do
	[ -e "$l" ] || continue
	r=$(readlink -f "$l") && rm -rf "${r%/builds/*}" && rm -f "$l"
done
base_tree=$(sed -n 's/^src=//p' "$B/manifest")
base_mtime=$(stat -c %Y "$B/vmlinux")

# shellcheck disable=SC2086
b1=$("$bk" $x86_base --rev lbtest-incr1 --patches "$tmp/r1" --quiet 2>"$tmp/e1")
ok $? "a one-patch revision builds on the base ($(tail -n1 "$tmp/e1"))"
grep -qxF "built_from=$B (+1 patches, incremental)" "$b1/manifest" 2>/dev/null
ok $? "its manifest says it was built from the base's build ($(grep '^built_from' "$b1/manifest" 2>/dev/null))"
cc=$(grep '^  CC ' "$b1/build.log" | awk '{ print $2 }' | tr '\n' ' ')
diag "compiled: $cc"
case " $cc " in *" mm/vmalloc.o "*) [ "$(echo "$cc" | wc -w)" -le 6 ] ;; *) false ;; esac
ok $? "only what the patch touches is compiled (mm/vmalloc.o and the version files)"
n=$(grep -rlF --include='.*.cmd' -e "$base_tree/" -e "$B/" "$b1" 2>/dev/null | wc -l)
[ "$n" = 0 ] && grep -rqF --include='.*.cmd' "$(sed -n 's/^src=//p' "$b1/manifest")/" "$b1"
ok $? "no .cmd file of the copy names the base's tree or build ($n do)"
[ -f "$b1/arch/x86/boot/bzImage" ] && [ -f "$b1/.lazybench-built" ] &&
	grep -q '^patch\.1\.subject=0001-lbtest-comment.patch' "$b1/manifest"
ok $? "image built; the manifest names the patch"
[ "$(stat -c %Y "$B/vmlinux")" = "$base_mtime" ] && [ -f "$B/.lazybench-built" ] &&
	grep -rqF --include='.*.cmd' "$base_tree/" "$B/mm"
ok $? "the base's build is untouched"

# shellcheck disable=SC2086
b2=$(LAZYBENCH_HEARTBEAT=2 "$bk" $x86_base --rev lbtest-incr2 --patches "$tmp/r2" 2>"$tmp/e2")
ok $? "a two-patch revision builds ($(tail -n1 "$tmp/e2"))"
# progress: elapsed time and the time left from earlier revisions of this arch and
# these fragments (lbtest-incr1 above is one)
frag=$(sed -n 's/^fragments=//p' "$B/manifest")
grep -qE "^build-kernel: linux-source-7\.3\+lbtest-incr2[^:]*: building, [0-9]+s elapsed(, ~[0-9ms]+ left \(median of earlier x86_64 $frag builds: | over the [0-9ms]+ of earlier x86_64 $frag builds)" "$tmp/e2"
ok $? "heartbeat lines with the time left from like builds ($(grep -m1 'elapsed' "$tmp/e2"))"
grep -qxF "built_from=$b1 (+1 patches, incremental)" "$b2/manifest" 2>/dev/null
ok $? "on the one-patch revision, found by its patches ($(grep '^built_from' "$b2/manifest" 2>/dev/null))"
[ "$(grep -c '^  CC ' "$b2/build.log")" -le 4 ] && ! grep -q '^  CC *mm/' "$b2/build.log"
ok $? "a Documentation/ patch recompiles nothing but the version files"
# the build's place is its content's: asking for it from scratch finds the same one
# shellcheck disable=SC2086
[ "$("$bk" $x86_base --rev lbtest-incr2 --patches "$tmp/r2" --from-scratch --query)" = "$b2" ]
ok $? "--from-scratch --query names the same build (one key however it was built)"
done_testing
