#!/usr/bin/env bash
# The lazycount plugin's decoders without QEMU (tests/emu/decode.c linked against
# emu/arch*.c): each arch's marker and counted instructions, from known encodings.
root=$(cd "$(dirname "$0")/../.." && pwd)
make -s -C "$root" build/emu/decode-test >/dev/null 2>&1 || { echo "1..1"; echo "not ok 1 - make build/emu/decode-test"; exit 1; }
exec "$root/build/emu/decode-test"
