#!/bin/sh
# tests/report/meta.t with the ASan/UBSan build of lazybench
cd "$(dirname "$0")/../.." || exit 1
LAZYBENCH=build/san/lazybench exec tests/report/meta.t
