#!/bin/sh
# tests/report/compare-edges.t with the ASan/UBSan build of lazybench (untimed)
cd "$(dirname "$0")/../.." || exit 1
NO_TIMING=1 LAZYBENCH=build/san/lazybench exec tests/report/compare-edges.t
