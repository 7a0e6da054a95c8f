#!/usr/bin/env bash
# The arch table (arch/*.conf, read by arch/lib.sh): every file loads with every key the
# scripts use, has its kernel config fragment, and is accepted by build-kernel, emu-compare;
# an unknown arch is refused with exit 2 before anything is written; the build key of
# an existing arch is still computed as before the table existed (else every cached
# kernel would rebuild). README's per-arch count table is what scripts/arch-table renders
# from the conf files' table_* keys, and every cell lies inside the emu_expect range
# tests/arch/long/emu.t asserts for it (so the README cannot drift from the long test).
. "$(dirname "$0")/../emu/lib.sh"
. "$root/arch/lib.sh"
mapfile -t arches < <(arch_names)
keys="karch cross cross_pkgs elf_machine elf_endian qemu_user image target qemu qemu_pkg machine cpu console busybox plugin_target emu_metrics kernel_ranges marker_if marker_asm"
plan $((4 * ${#arches[@]} + 8))

for a in x86_64 arm64 ppc64le sparc64 s390x; do
	case " ${arches[*]} " in *" $a "*) ;; *) ok 1 "arch/$a.conf exists" ;; esac
done
for a in "${arches[@]}"; do
	missing=
	if arch_load "$a"; then
		for k in $keys; do v=A_$k; [ -n "${!v+x}" ] || missing="$missing $k"; done
		ok "$([ -z "$missing" ] && echo 0 || echo 1)" "$a: arch file loads, all keys present${missing:+ (missing:$missing)}"
	else
		ok 1 "$a: arch file loads"
	fi
	[ -f "$root/kernel/configs/$a.config" ]
	ok $? "$a: kernel/configs/$a.config exists"
	# build-kernel takes it (a tree that is only the two files it checks; --query: builds nothing)
	mkdir -p "$tmp/tree/scripts/kconfig" && touch "$tmp/tree/Makefile" "$tmp/tree/scripts/kconfig/merge_config.sh"
	LAZYBENCH_CACHE=$tmp/cache "$root/scripts/build-kernel" --src "$tmp/tree" --arch "$a" --query >/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" = 3 ]
	ok $? "$a: build-kernel --arch $a accepted (--query: not built, exit $rc $(head -c 100 "$tmp/err"))"
	[[ $A_emu_metrics == emu_insns* ]] && [[ $A_kernel_ranges =~ ^0x[0-9a-f]+-0x[0-9a-f]+(,0x[0-9a-f]+-0x[0-9a-f]+)*$ ]]
	ok $? "$a: emu_metrics starts with emu_insns, kernel_ranges is LO-HI[,LO-HI]"
done

LAZYBENCH_CACHE=$tmp/cache "$root/scripts/build-kernel" --src "$tmp/tree" --arch mips --query >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] && grep -q "arch must be one of: .*ppc64le.*not 'mips'" "$tmp/err" && [ ! -e "$tmp/cache/builds" ]
ok $? "build-kernel --arch mips: exit 2, names the arches, writes nothing (exit $rc: $(cat "$tmp/err"))"
"$root/scripts/emu-compare" --arch mips debian:6.12 debian:7.3 >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] && grep -q "arch must be one of" "$tmp/err"
ok $? "emu-compare --arch mips: exit 2 with the list of arches"

# the build key of x86_64 and arm64: sha256 of "SRCID SRC ARCH" and the fragments, as it
# always was: a finished build placed where that key says is found by --query
for a in x86_64 arm64; do
	src=$(cd "$tmp/tree" && pwd)
	key=$( { echo "$src $src $a"; cat "$root/kernel/configs/base.config" "$root/kernel/configs/$a.config"; } | sha256sum | cut -c1-10)
	d=$tmp/cache/builds/tree-$a-base-$key
	mkdir -p "$d" && touch "$d/.lazybench-built"
	got=$(LAZYBENCH_CACHE=$tmp/cache "$root/scripts/build-kernel" --src "$tmp/tree" --arch "$a" --query 2>&1)
	[ "$got" = "$d" ]
	ok $? "$a: build key unchanged by the arch table ($key)"
done

# README's per-arch table against its rendering from arch/*.conf
sed -n '/^<!-- arch-table/,/^<!-- \/arch-table -->/p' "$root/README.md" | sed '1d;$d' >"$tmp/readme-table"
"$root/scripts/arch-table" >"$tmp/rendered" 2>"$tmp/err"
[ -s "$tmp/readme-table" ] && diff -u "$tmp/rendered" "$tmp/readme-table" >"$tmp/diff"
ok $? "README's arch table is scripts/arch-table's rendering of arch/*.conf$( [ -s "$tmp/diff" ] && printf ' (diff: %s)' "$(head -c 400 "$tmp/diff" | tr '\n' ' ')")"
"$root/scripts/arch-table" --check >/dev/null 2>"$tmp/err"
ok $? "every table cell lies inside the emu_expect range emu.t asserts $(head -c 300 "$tmp/err")"
# the checks can fail: a copy of the tree with a cell moved out of its range, and a
# README row that differs from the rendering
mkdir -p "$tmp/top/scripts" && cp "$root/scripts/arch-table" "$tmp/top/scripts/" && cp -r "$root/arch" "$tmp/top/"
sed -i 's/^\(table_hcall=.*\)munmap=0.250/\1munmap=0.500/' "$tmp/top/arch/ppc64le.conf"
"$tmp/top/scripts/arch-table" --check >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] && grep -q "ppc64le.conf: munmap emu_hcall = 0.500 lies outside emu_expect's 0.2..0.3" "$tmp/err"
ok $? "a cell outside its emu_expect range fails --check, naming it (exit $rc: $(head -c 200 "$tmp/err"))"
"$tmp/top/scripts/arch-table" >"$tmp/rendered2" 2>/dev/null
! cmp -s "$tmp/rendered2" "$tmp/readme-table"
ok $? "a changed conf no longer matches README's table"
done_testing
