#!/bin/sh
# the statistics checks, built with ASan/UBSan
cd "$(dirname "$0")/../.." || exit 1
STATS_CHECK=build/report/san-stats-check exec tests/report/stats.t
