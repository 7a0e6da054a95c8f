#!/usr/bin/env bash
# An emulator counter's name and unit have one owner, its arch's decoder (emu/arch-*.c:
# names[], units[]; tests/emu/decode.c checks lc_unit()): no other C source of lazybench
# or the plugin spells a counter's column name, as bench/emu-unit.c's table of units did.
. "$(dirname "$0")/lib.sh"
plan 1
cd "$root" || exit 1
got=$(git grep -lE '"emu_[a-z0-9_]+"' -- '*.c' '*.h' ':!emu/arch-*.c' ':!tests' | tr '\n' ' ')
[ -z "$got" ]
ok $? "no source but the decoders names an emu_* counter [$got]"
done_testing
