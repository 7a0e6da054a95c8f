#!/usr/bin/env bash
# The static lazybench cross-built for every arch of arch/*.conf that has a cross
# compiler (make cross: build/arch/<arch>/lazybench): an ELF64 of the arch's machine and
# byte order, statically linked, with its code where the plugin's address split expects
# user code (user_text_max, sparc64), and, under the arch's qemu-user-static, `lazybench
# list` prints exactly what the host's ./lazybench prints.
. "$(dirname "$0")/../emu/lib.sh"
. "$root/arch/lib.sh"
arches=()
for a in $(arch_names); do arch_load "$a" && [ -n "$A_cross" ] && arches+=("$a"); done
[ ${#arches[@]} -gt 0 ] || skip_all "no arch with a cross compiler in arch/*.conf"
command -v readelf >/dev/null || skip_all "readelf missing (apt-get install binutils)"
plan $((5 * ${#arches[@]}))
# both sides built from the same sources (make: a no-op when up to date)
make -s -C "$root" lazybench >/dev/null 2>&1 && "$root/lazybench" list >"$tmp/host.list" 2>&1

for a in "${arches[@]}"; do
	arch_load "$a"
	b=$root/build/arch/$a/lazybench
	if ! make -s -C "$root" "build/arch/$a/lazybench" >"$tmp/make.log" 2>&1; then
		ok 1 "$a: make build/arch/$a/lazybench ($(grep -m1 -E 'error|missing' "$tmp/make.log"))"
		for i in 1 2 3 4; do skip "$a: not built"; done
		continue
	fi
	ok 0 "$a: build/arch/$a/lazybench built with ${A_cross}gcc"
	h=$(readelf -h "$b" 2>/dev/null)
	echo "$h" | grep -q 'Class:[[:space:]]*ELF64' &&
		echo "$h" | grep -qE "Machine:[[:space:]]*$A_elf_machine\$" &&
		echo "$h" | grep -q "Data:.*$A_elf_endian endian"
	ok $? "$a: ELF64, $A_elf_machine, $A_elf_endian endian ($(echo "$h" | sed -n 's/^ *Machine: *//p'))"
	! readelf -lW "$b" | grep -qE 'INTERP|DYNAMIC'
	ok $? "$a: statically linked (no interpreter, no dynamic section)"
	# the end of the highest executable segment
	xend=$(readelf -lW "$b" | awk '$1 == "LOAD" && $0 ~ / R?W?E / { e = strtonum($3) + strtonum($6); if (e > m) m = e }
		END { printf "0x%x", m }')
	if [ -n "${A_user_text_max:-}" ]; then
		[ $((xend)) -gt 0 ] && [ $((xend)) -le $((A_user_text_max)) ]
		ok $? "$a: executable segments end at $xend, below the kernel's code at $A_user_text_max"
	else
		[ $((xend)) -gt 0 ]
		ok $? "$a: has executable segments (end $xend; no user_text_max to check)"
	fi
	if [ -z "$A_qemu_user" ] || ! command -v "$A_qemu_user" >/dev/null; then
		skip "$a: ${A_qemu_user:-no qemu-user} not installed (apt-get install qemu-user-static)"
	elif [ ! -s "$tmp/host.list" ]; then
		skip "$a: the host's ./lazybench is not built"
	else
		timeout 120 "$A_qemu_user" "$b" list >"$tmp/$a.list" 2>&1
		rc=$?
		[ "$rc" = 0 ] && cmp -s "$tmp/host.list" "$tmp/$a.list"
		ok $? "$a: '$A_qemu_user lazybench list' exits 0 and prints what the host's does ($(wc -l <"$tmp/$a.list") lines, exit $rc)"
	fi
done
done_testing
