#!/usr/bin/env bash
# For every arch of arch/*.conf: what bench/marker.h's lb_marker() compiles to (with the
# arch's compiler) is recognised by the plugin's decoder as the codes 1, 2, 5, 6 in
# order; and the decoder's kernel ranges are the arch file's kernel_ranges. marker.h's
# instructions come from bench/marker-arch.h, which must be what scripts/arch-table
# generates from the arch files (marker_if, marker_asm).
. "$(dirname "$0")/lib.sh"
. "$root/arch/lib.sh"
mapfile -t arches < <(arch_names)
plan $((2 * ${#arches[@]} + 1))
"$root/scripts/arch-table" --marker-h >"$tmp/marker-arch.h" 2>&1
diff -u "$tmp/marker-arch.h" "$root/bench/marker-arch.h" >"$tmp/diff"
ok $? "bench/marker-arch.h is scripts/arch-table --marker-h's output (else: make arch-files)$([ -s "$tmp/diff" ] && printf ' (diff: %s)' "$(head -c 300 "$tmp/diff" | tr '\n' ' ')")"
make -s -C "$root" build/emu/decode-test >/dev/null 2>&1 || skip_all "make build/emu/decode-test failed"
dt=$root/build/emu/decode-test
cat >"$tmp/m.c" <<'C'
#include "marker.h"
void lb_marks(void);
void lb_marks(void)
{
	lb_marker(LB_MARK_START);
	lb_marker(LB_MARK_END);
	lb_marker(LB_MARK_START | LB_MARK_WARMUP);
	lb_marker(LB_MARK_END | LB_MARK_WARMUP);
}
C
for a in "${arches[@]}"; do
	arch_load "$a"
	got=$("$dt" ranges "$A_plugin_target" 2>&1)
	[ "$got" = "$A_kernel_ranges" ]
	ok $? "$a: decoder $A_plugin_target's kernel ranges are arch/$a.conf's ($got)"
	cc=${A_cross}gcc
	if ! command -v "$cc" >/dev/null; then
		skip "$a: $cc not installed (apt-get install $A_cross_pkgs)"
		continue
	fi
	if ! "$cc" -O2 -c -I"$root/bench" -o "$tmp/$a.o" "$tmp/m.c" 2>"$tmp/err" ||
		! "${A_cross}objcopy" -O binary -j .text "$tmp/$a.o" "$tmp/$a.bin" 2>>"$tmp/err"; then
		ok 1 "$a: marker.h compiles with $cc ($(head -n1 "$tmp/err"))"
		continue
	fi
	codes=$("$dt" scan "$A_plugin_target" "$tmp/$a.bin")
	[ "$codes" = "1 2 5 6" ]
	ok $? "$a: lb_marker() as $cc compiles it is decoded as codes [$codes] (want [1 2 5 6])"
done
done_testing
