#!/bin/sh
# lazybench.ko builds warning-free (KCFLAGS=-Werror, no modpost warning) against Debian's
# 6.1 headers and the cached 7.3 / 6.12 builds for x86_64 and arm64 (cross); SKIP (with
# the command that makes it) when a tree is not there. checkpatch --strict is clean, no
# rule ignored. The nest levels stay separate calls in the object code.
. "$(dirname "$0")/lib.sh"

hdr=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n1)
if [ -n "$hdr" ]; then
	ko=$(module_for "$hdr")
	ok $? "builds warning-free against Debian headers ${hdr##*/} $(tail -n1 "$T/build-ko.err")"
	strings "$ko" 2>/dev/null | grep -qx 'license=GPL'
	ok $? "module license is GPL (exported GPL symbols usable)"
	# nest: one call per level, the helpers not inlined (else back-to-back enables of an
	# empty arch_enter can be fused into one "enable_count += depth")
	dis=$(objdump -d --no-show-raw-insn "$ko" 2>/dev/null)
	ne=$(echo "$dis" | grep -cE 'call.*<lbk_nest_enter_one>')
	nl=$(echo "$dis" | grep -cE 'call.*<lbk_nest_leave_one>')
	echo "$dis" | grep -q '<lbk_nest_enter_one>:$' && [ "$ne" -ge 1 ] && [ "$nl" -ge 1 ]
	ok $? "nest levels are separate noinline calls in the object code ($ne enter, $nl leave call sites)"
else
	skip "no Debian headers (apt-get install linux-headers-amd64)"
fi

for ver in 7.3 6.12; do
	for arch in x86_64 arm64; do
		frags=base
		[ $arch = x86_64 ] && frags=xen-pv
		if b=$(find_build $ver $arch $frags); then
			ko=$(module_for "$b")
			ok $? "builds warning-free against $ver $arch (${b##*/}) $(tail -n1 "$T/build-ko.err")"
			# the compat detection must follow the tree, not the version
			want=arch
			grep -q lazy_mmu_mode_enable "$(sed -n 's/^src=//p' "$b/manifest")/include/linux/pgtable.h" &&
				want=lazy_mmu_mode
			cmd=$(ls "$T/kmod-${b##*/}"/.lb_core.o.cmd 2>/dev/null)
			if [ $want = lazy_mmu_mode ]; then
				grep -q -- -DLB_HAVE_LAZY_MMU_MODE "$cmd"
			else
				! grep -q -- -DLB_HAVE_LAZY_MMU_MODE "$cmd"
			fi
			ok $? "$ver $arch: API detected from the tree as '$want'"
		else
			skip "no $ver $arch build (make it: $(how_to_build $ver $arch $frags))"
		fi
	done
done

cp=$CACHE/src/linux-source-7.3/scripts/checkpatch.pl
if [ -x "$cp" ] || [ -f "$cp" ]; then
	out=$(cd "$TOP/kernel/module" && perl "$cp" --strict --no-tree --quiet --show-types \
		-f ./*.c ./*.h 2>&1)
	[ -z "$out" ]
	ok $? "checkpatch --strict clean on kernel/module"
	[ -z "$out" ] || echo "$out" | sed 's/^/# /' | head -40
else
	skip "no 7.3 tree for checkpatch (scripts/fetch-kernel-source)"
fi
done_testing
