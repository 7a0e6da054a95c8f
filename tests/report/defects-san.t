#!/bin/sh
# tests/report/defects.t with the ASan/UBSan build of lazybench (no speed check)
cd "$(dirname "$0")/../.." || exit 1
LAZYBENCH=build/san/lazybench SPEED=0 exec tests/report/defects.t
