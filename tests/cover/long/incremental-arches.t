#!/usr/bin/env bash
# Incremental revision builds on ppc64le, sparc64 and s390x (tests/cover/incremental.t is
# x86_64's): a one-patch revision (a comment in mm/vmalloc.c that no other build has) is
# built on the arch's cached 7.3 base, and make compiles only mm/vmalloc.o and the
# version files. On s390x the copied build once recompiled 610 of 699 files: its
# generated asm/facility-defs.h and dis-defs.h name their generator's source by path,
# build-kernel rewrote that path, the copied generator printed the old one, and make's
# filechk replaced both headers. This test's revisions are built anew every time (about
# a minute each); an arch without a base build, cross compiler or QEMU is skipped.
# LB_ARCHES="s390x ..." tests only those.
. "$(dirname "$0")/../../vm/lib.sh"
. "$root/arch/lib.sh"
arches=${LB_ARCHES:-ppc64le sparc64 s390x}
per=2
plan $((per * $(echo $arches | wc -w)))
bk=$root/scripts/build-kernel
cache=${LAZYBENCH_CACHE:-$HOME/.cache/lazybench}
for a in $arches; do
	spec="--debian 7.3 --arch $a --config base"
	why=
	arch_load "$a" || why="no arch/$a.conf"
	[ -n "$why" ] || command -v "${A_cross}gcc" >/dev/null || why="${A_cross}gcc missing (apt-get install $A_cross_pkgs)"
	# shellcheck disable=SC2086
	[ -n "$why" ] || B=$("$bk" $spec --query 2>/dev/null) || why="no 7.3 base build (scripts/build-kernel $spec)"
	if [ -n "$why" ]; then
		for i in $(seq $per); do skip "$a: $why"; done
		continue
	fi
	mkdir -p "$tmp/$a/r" "$tmp/$a/a/mm" "$tmp/$a/b/mm"
	cp "$(sed -n 's/^src=//p' "$B/manifest")/mm/vmalloc.c" "$tmp/$a/a/mm/vmalloc.c"
	sed "1a /* lazybench: tests/cover/long/incremental-arches.t ($a) */" "$tmp/$a/a/mm/vmalloc.c" >"$tmp/$a/b/mm/vmalloc.c"
	(cd "$tmp/$a" && diff -u --label a/mm/vmalloc.c --label b/mm/vmalloc.c a/mm/vmalloc.c b/mm/vmalloc.c) >"$tmp/$a/r/0001-lbtest-comment.patch"
	for l in "$cache"/builds/linux-source-7.3+lbtest-incr-"$a"-*; do
		[ -e "$l" ] || continue
		r=$(readlink -f "$l") && rm -rf "${r%/builds/*}" && rm -f "$l"
	done
	s=$(date +%s)
	# shellcheck disable=SC2086
	b=$("$bk" $spec --rev "lbtest-incr-$a" --patches "$tmp/$a/r" --quiet 2>"$tmp/$a.err")
	rc=$?
	[ "$rc" = 0 ] && grep -qxF "built_from=$B (+1 patches, incremental)" "$b/manifest" 2>/dev/null
	ok $? "$a: a one-patch revision builds on the base's build in $(( $(date +%s) - s ))s ($(tail -n1 "$tmp/$a.err"))"
	cc=$(grep '^  CC ' "$b/build.log" 2>/dev/null | awk '{ print $2 }' | tr '\n' ' ')
	diag "$a compiled ($(echo "$cc" | wc -w)): $(echo "$cc" | cut -c1-300)"
	case " $cc " in *" mm/vmalloc.o "*) [ "$(echo "$cc" | wc -w)" -le 6 ] ;; *) false ;; esac
	ok $? "$a: only what the patch touches is compiled (mm/vmalloc.o and the version files)"
done
done_testing
