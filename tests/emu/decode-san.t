#!/usr/bin/env bash
# tests/emu/decode.t under ASan/UBSan.
root=$(cd "$(dirname "$0")/../.." && pwd)
make -s -C "$root" build/emu/san-decode-test >/dev/null 2>&1 || { echo "1..1"; echo "not ok 1 - make build/emu/san-decode-test"; exit 1; }
exec "$root/build/emu/san-decode-test"
