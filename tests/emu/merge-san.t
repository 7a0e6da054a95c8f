#!/usr/bin/env bash
# tests/emu/merge.t against the sanitizer build (ASan+UBSan+LeakSanitizer): memory errors
# or leaks in emu-merge, on success and on every bad-input path, fail it.
here=$(cd "$(dirname "$0")" && pwd)
LB=$here/../../build/san/lazybench exec "$here/merge.t"
