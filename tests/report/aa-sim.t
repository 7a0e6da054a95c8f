#!/usr/bin/env bash
# compare's marks at their nominal level and its stated MDE at its stated power, measured
# end to end on simulated run directories (tests/report/aa-sim.py: A/A false-mark rates
# with 2, 3 and 5 runs per label, tied counts included, and power at the stated MDE).
# 400 trials per setting, binomial tolerances at about 1 in 1000 per check; fixed seed.
# TAP. LAZYBENCH selects the binary.
cd "$(dirname "$0")/../.." || exit 1
LB=${LAZYBENCH:-./lazybench}
if [ ! -x "$LB" ] || [ ! -x /usr/bin/python3 ]; then
	echo "1..0 # SKIP $LB or /usr/bin/python3 missing"
	exit 0
fi
exec /usr/bin/python3 tests/report/aa-sim.py --tap --trials "${TRIALS:-400}" --seed 19 --lazybench "$LB"
