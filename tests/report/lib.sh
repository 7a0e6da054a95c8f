# shellcheck shell=bash
# Shared by the report tests (compare.t, compare-edges.t, defects.t, plot.t): the
# repository root as the working directory, the binary under test (LAZYBENCH, default
# ./lazybench; the *-san.t twins pass the sanitizer build) as a private copy, so that a
# rebuild of the shared binary mid-test cannot fail a check, the run-directory generator
# mkrun.py, a temporary directory (kept with KEEP=1), TAP counters and helpers.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
LB=${LAZYBENCH:-./lazybench}
PY=/usr/bin/python3
MK="$PY tests/report/mkrun.py"
T=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }
# run the compare; stdout in $T/out, stderr in $T/err, status in $rc
cmp_run() { "$LB" compare "$@" >"$T/out" 2>"$T/err"; rc=$?; }
# a usage/input error: exit 2, one line on stderr matching $1, nothing on stdout
bad() {
	local want=$1 what=$2
	shift 2
	cmp_run "$@"
	[ $rc -eq 2 ] && [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q -- "$want" "$T/err"
	ok $? "$what (exit $rc: $(head -c 160 "$T/err"))"
}
if [ ! -x "$LB" ] || [ ! -x $PY ]; then
	echo "1..0 # SKIP $LB or $PY missing"
	exit 0
fi
cp "$LB" "$T/lazybench" && LB=$T/lazybench
