# shellcheck shell=bash
# TAP helpers for the emulator tests (tests/emu/*.t, tests/emu/long/*.t).
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/tests/lib/init-mm.sh"
tn=0 fails=0
plan() { echo "1..$1"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
ok() { # ok EXIT-STATUS DESCRIPTION
	tn=$((tn + 1))
	if [ "$1" = 0 ]; then echo "ok $tn - $2"; else echo "not ok $tn - $2"; fails=$((fails + 1)); fi
}
skip() { tn=$((tn + 1)); echo "ok $tn # SKIP $*"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
done_testing() { [ "$fails" = 0 ]; exit $?; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# build_or_skip VAR "BUILD-KERNEL ARGS": VAR = the finished build dir, or SKIP the test
build_or_skip() {
	local b
	# shellcheck disable=SC2086
	b=$("$root/scripts/build-kernel" $2 --query 2>/dev/null) ||
		skip_all "needs a kernel build that is not there; build it (~15 min) with: scripts/build-kernel $2"
	printf -v "$1" '%s' "$b"
}
need_qemu() {
	command -v "$1" >/dev/null || skip_all "$1 not installed (apt-get install qemu-system-${2:-x86})"
	[ -f "$root/build/emu/liblazycount.so" ] || make -s -C "$root" build/emu/liblazycount.so >/dev/null ||
		skip_all "the plugin does not build (make build/emu/liblazycount.so)"
}
# column NAME of a samples.tsv as "workload pages rep value" lines
tsv_col() {
	awk -F'\t' -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next }
		k { print $1, $2, $4, $k }' "$1/samples.tsv"
}
