#!/usr/bin/env bash
# compare-revisions, the plain flow, through real builds and boots on ppc64le (hash),
# sparc64 and s390x: the base and one revision, each booted twice under scripts/emu-run
# (deterministic TCG, the lazycount plugin), the cover table of the pooled boots. For an
# arch with nobatch_patches (arch/<arch>.conf) the revision is that fixture and its
# defining count must move where emu_expect_nobatch says (the base staying where
# emu_expect says); s390x has no lazy MMU mode in 7.3 and no such fixture, so its
# revision is a comment-only patch and every defining count must stay exactly the
# base's. The counts are exact (-icount): the defining ones must repeat sample by sample
# in both boots (a count may still differ between the repetitions of one boot, e.g.
# ppc64le's munmap: 2061 sync in the first, 2059 after; compare marks that !). Kernels
# come through the cache: a missing base is built (11-20 min each here), a revision on
# its base (about a minute).
# LB_ARCHES="sparc64 ..." tests only those.
. "$(dirname "$0")/../../vm/lib.sh"
. "$root/arch/lib.sh"
. "$root/tests/lib/emu-expect.sh"
arches=${LB_ARCHES:-ppc64le sparc64 s390x}
per=5
plan $((per * $(echo $arches | wc -w)))
cr=$root/scripts/compare-revisions
comment=$root/tests/fixtures/attrib-series/0001-mm-vmalloc-fix-the-wording-of-a-comment-in-link_va_a.patch
wls="munmap mprotect"
suite="$wls --pages 512 --reps 3 --warmup 1"

# emu_rows SAMPLES.TSV: workload, pages and every defining count of each sample
emu_rows() {
	awk -F'\t' -v def=",$defs," 'NR == 1 { for (i = 1; i <= NF; i++) if (index(def, "," $i ",")) { k[++n] = i; h = h " " $i }
			print "workload pages" h; next }
		{ s = $1 " " $2; for (j = 1; j <= n; j++) s = s " " $(k[j]); print s }' "$1"
}

for a in $arches; do
	arch_load "$a" || { for i in $(seq $per); do skip "$a: no arch/$a.conf"; done; continue; }
	why=
	command -v "${A_cross}gcc" >/dev/null || why="${A_cross}gcc missing (apt-get install $A_cross_pkgs)"
	command -v "$A_qemu" >/dev/null || why="$A_qemu missing (apt-get install $A_qemu_pkg)"
	if [ -n "$why" ]; then
		for i in $(seq $per); do skip "$a: $why"; done
		continue
	fi
	defs=$(echo "$A_emu_metrics" | tr ',' '\n' | grep -vx emu_insns | tr '\n' ',' | sed 's/,$//')
	if [ -n "${A_nobatch_patches:-}" ]; then
		rev=nobatch patches=$root/$A_nobatch_patches
	else
		rev=comment patches=$comment
	fi
	res=$tmp/res-$a
	s=$(date +%s)
	"$cr" --base debian:7.3 --arch "$a" --emu --boots 2 --revs "$rev:$patches" \
		--results "$res" --timeout 1200 --suite "$suite" >"$tmp/$a.out" 2>"$tmp/$a.err"
	rc=$?
	diag "$a: compare-revisions took $(( $(date +%s) - s ))s" "$(grep -E 'built in|built already|all done' "$tmp/$a.err")"
	sed 's/^/# /' "$tmp/$a.out"
	[ "$rc" = 0 ] || tail -n 5 "$tmp/$a.err" | sed 's/^/# /'
	ok $rc "$a: compare-revisions --emu --boots 2 --revs $rev exits 0"
	# the column heads of the table: the time metric, then the defining counts
	miss=
	for m in ns ${defs//,/ }; do
		grep -qE "^ +.*(^| )$m( |$)" "$tmp/$a.out" || miss="$miss $m"
	done
	flat=$(tr -s '\n ' '  ' <"$tmp/$a.out")	# the footer is wrapped at 72 columns
	echo "$flat" | grep -qE " lazybench [^ ;]+; kernels: 7\.3-$a \(7\.3\.[0-9]+\), 7\.3\+$rev-$a \(7\.3\.[0-9]+\); $a, config tinyconfig; emulated \(tcg\); 2 boots per kernel\. \\$ scripts/compare-revisions --base debian:7\.3 --arch $a --emu "
	f=$?
	[ -z "$miss" ] && [ "$f" = 0 ]
	ok $? "$a: the cover table shows ns and the defining counts ($defs) and the footer (missing:${miss:- none}; footer $f)"
	b=$res/7.3-$a r=$res/7.3+$rev-$a
	# exact counts: every defining count is the same in both boots of each kernel
	same=0
	for d in "$b" "$r"; do
		mapfile -t f < <(find "$d" -mindepth 2 -maxdepth 2 -name samples.tsv | LC_ALL=C sort)
		[ ${#f[@]} = 2 ] && [ "$(emu_rows "${f[0]}" | head -n1 | wc -w)" -gt 2 ] &&
			cmp -s <(emu_rows "${f[0]}") <(emu_rows "${f[1]}") || same=1
	done
	grep -qE "warning: .*emu_(${defs//,/|}) differs between boots" "$tmp/$a.err" && same=1
	ok $same "$a: the defining counts are identical in both boots of each kernel, sample by sample"
	if [ "$rev" = nobatch ]; then
		m=$(echo "$A_emu_expect_nobatch" | cut -d: -f2)
		seen=$(expect_ok "$b" "$A_emu_expect" "$m" "$wls")
		ok $? "$a: the base's $m per PTE is where emu_expect says ($seen)"
		seen=$(expect_ok "$r" "$A_emu_expect_nobatch" "" "$wls")
		ok $? "$a: nobatch moves it where emu_expect_nobatch says ($seen)"
	else
		seen=$(expect_ok "$b" "$A_emu_expect" "" "$wls")
		ok $? "$a: the base's counts are where emu_expect says ($seen)"
		for f in "$b"/*/samples.tsv; do emu_rows "$f"; done | sort >"$tmp/$a.b"
		for f in "$r"/*/samples.tsv; do emu_rows "$f"; done | sort >"$tmp/$a.r"
		[ "$(wc -l <"$tmp/$a.b")" -gt 2 ] && cmp -s "$tmp/$a.b" "$tmp/$a.r"
		ok $? "$a: a comment-only patch changes no defining count ($(grep -vc '^workload' "$tmp/$a.b") samples, ${defs})"
	fi
done
done_testing
