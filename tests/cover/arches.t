#!/usr/bin/env bash
# compare-revisions on every architecture of arch/*.conf, without building (--dry-run):
# --arch takes each arch that has a .conf (and nothing else), for plain revisions,
# --per-patch and --bisect; the build commands name the arch; the defining counts that go
# into every run's meta.json come from the arch's emu_metrics; --xen stays x86_64's.
. "$(dirname "$0")/../vm/lib.sh"
. "$root/arch/lib.sh"
arches=$(arch_names)
plan $(( 4 * $(echo "$arches" | wc -l) + 3 ))
cr=$root/scripts/compare-revisions
ser=$root/tests/fixtures/attrib-series
export LAZYBENCH_CACHE=$tmp/cache	# nothing is built: --dry-run only
for a in $arches; do
	arch_load "$a"
	out=$("$cr" --base debian:7.3 --arch "$a" --config base --revs "v5:$root/tests/fixtures/xen-nobatch.mbox" --dry-run 2>&1)
	rc=$?
	[ "$rc" = 0 ] && echo "$out" | grep -qE "^base +(built|to build) .*--arch $a --config base" &&
		echo "$out" | grep -qE "^v5 +(built|to build) .*--arch $a --config base --rev v5"
	ok $? "$a: plain revisions, --dry-run (rc=$rc)"
	def=$(echo "$A_emu_metrics" | tr ',' '\n' | grep -vx emu_insns | tr '\n' ',' | sed 's/,$//')
	echo "$out" | grep -qx "defining counts: $def"
	ok $? "$a: the defining counts are arch/$a.conf's emu_metrics without emu_insns ($def)"
	out=$("$cr" --base debian:7.3 --arch "$a" --config base --per-patch "$ser" --dry-run 2>&1)
	[ $? = 0 ] && [ "$(echo "$out" | grep -cE "^(base|p1|p1-[2-6]) +(built|to build) .*--arch $a ")" = 7 ]
	ok $? "$a: --per-patch, one kernel per prefix"
	"$cr" --base debian:7.3 --arch "$a" --config base --bisect "$ser" --metric "${def%%,*}" \
		--workload munmap --pages 512 --threshold 0.5 --dry-run >/dev/null 2>&1
	ok $? "$a: --bisect on its defining count ${def%%,*}"
done
out=$("$cr" --base debian:7.3 --arch x86_64 --config xen-pv --xen --dry-run 2>&1)
echo "$out" | grep -qx 'defining counts: emu_hypercall,emu_locked'
ok $? "x86_64 under Xen: the hypercalls first"
out=$("$cr" --base debian:7.3 --arch mips --dry-run 2>&1); rc=$?
[ "$rc" = 2 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -qF -- "--arch must be one of: $(arch_list)"
ok $? "an arch without a .conf: one line naming those there are ($out)"
out=$("$cr" --base debian:7.3 --arch s390x --xen --dry-run 2>&1); rc=$?
[ "$rc" = 2 ] && echo "$out" | grep -q -- '--xen needs --arch x86_64'
ok $? "--xen on another arch: exit 2"
done_testing
