# shellcheck shell=bash
# TAP helpers and build discovery for the VM end-to-end tests (tests/vm/*.t).
# The tests need finished kernel builds; without them they SKIP and say how to build.
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tn=0 fails=0
plan() { echo "1..$1"; }
skip_all() { echo "1..0 # SKIP $*"; exit 0; }
ok() { # ok COND-EXIT-STATUS DESCRIPTION
	tn=$((tn + 1))
	if [ "$1" = 0 ]; then echo "ok $tn - $2"; else echo "not ok $tn - $2"; fails=$((fails + 1)); fi
}
skip() { tn=$((tn + 1)); echo "ok $tn # SKIP $*"; }
diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
done_testing() { [ "$fails" = 0 ]; exit $?; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# build_or_skip VAR "BUILD-KERNEL ARGS": sets VAR to the build dir, or skips the whole test
build_or_skip() {
	local b
	# shellcheck disable=SC2086
	if ! b=$("$root/scripts/build-kernel" $2 --query 2>/dev/null); then
		skip_all "needs a kernel build that is not there; build it (~15 min; a revision is built on its base's build in about a minute) with: scripts/build-kernel $2"
	fi
	printf -v "$1" '%s' "$b"
}
# has_build "BUILD-KERNEL ARGS": prints the build dir if it exists
has_build() {
	# shellcheck disable=SC2086
	"$root/scripts/build-kernel" $1 --query 2>/dev/null
}
# module_for BUILD SRCDIR: builds the out-of-tree module in SRCDIR against BUILD in a
# scratch copy; prints the .ko
module_for() {
	local d margs=()
	d=$(mktemp -d "$tmp/mod.XXXX")
	if [ -x "$2/build-ko" ]; then "$2/build-ko" "$1" "$d/ko" 2>&1 >"$d/ko.path" | sed 's/^/# /' | tail -5 >&2; [ -s "$d/ko.path" ] && cat "$d/ko.path"; return; fi
	cp -r "$2/." "$d/"
	rm -f "$d"/*.o "$d"/*.ko "$d"/*.mod* "$d"/.*.cmd "$d"/modules.order "$d"/Module.symvers
	grep -q '^arch=arm64' "$1/manifest" && margs=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
	make -s -C "$1" M="$d" "${margs[@]}" modules >"$d/build.log" 2>&1 || { sed 's/^/# /' "$d/build.log" | tail -5 >&2; return 1; }
	ls "$d"/*.ko | head -n1
}
# json_get FILE PYTHON-EXPR-ON-m
json_get() { python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print($2)" "$1"; }
# tsv_median RUNDIR WORKLOAD PAGES COLUMN: median of the column over the rows that have a
# value ("-": not measured, e.g. a counter that did not run in that window; seen now and
# then for a whole kmod-* sample under Xen PV, not yet explained)
tsv_median() {
	awk -F'\t' -v w="$2" -v p="$3" -v c="$4" 'NR==1{for(i=1;i<=NF;i++) h[$i]=i; next}
		$h["workload"]==w && $h["pages"]==p && $h[c] ~ /^-?[0-9.]+$/ {print $h[c]}' "$1/samples.tsv" | sort -n |
		awk '{a[NR]=$1} END{if(NR) print a[int((NR+1)/2)]; else print "none"}'
}
vmrun() { "$root/scripts/vm-run" "$@"; }
x86_base="--debian 7.3 --arch x86_64 --config xen-pv"
x86_nobatch="$x86_base --rev nobatch --patches $root/tests/fixtures/xen-nobatch.mbox"
x86_ctxfix="$x86_base --rev ctxfix --patches $root/tests/fixtures/xen-ctxsw-lazy-fix.mbox"
x86_ctxfix_nobatch="$x86_base --rev ctxfix-nobatch --patches $root/tests/fixtures/xen-ctxsw-fix+nobatch"
x86_panic="$x86_base --rev panic --patches $root/tests/fixtures/panic-at-boot.mbox"
arm_base="--debian 7.3 --arch arm64 --config base"
# Debian's Xen hypervisor: installed, or unpacked into the cache by scripts/fetch-xen
# (the places scripts/vm-run looks, each tested on its own: one `ls A B` fails when either
# is missing, which made every Xen test skip on machines without an installed hypervisor)
have_xen() {
	compgen -G '/boot/xen-4.*-amd64.gz' >/dev/null ||
		compgen -G "${LAZYBENCH_CACHE:-$HOME/.cache/lazybench}/xen/boot/xen-4.*-amd64.gz" >/dev/null
}

. "$root/tests/lib/init-mm.sh"
