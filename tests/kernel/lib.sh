# tests/kernel/lib.sh: TAP helpers and kernel-build lookup for the lazybench.ko tests.
# Sourced by tests/kernel/*.t (POSIX sh + bash features avoided where easy).
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${LAZYBENCH_CACHE:-$HOME/.cache/lazybench}
T=$(mktemp -d "${TMPDIR:-/tmp}/lb-ktest.XXXXXX")
trap 'rm -rf "$T"' EXIT
# guest console logs are kept here (build/ is not committed)
LOGDIR=$TOP/build/kernel-tests
mkdir -p "$LOGDIR"
n=0
failed=0
ok() {	# ok STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
diag() { echo "# $*"; }
done_testing() { echo "1..$n"; [ "$failed" -eq 0 ]; }

# find_build VERSION ARCH [FRAGMENT...]: newest finished build of linux-source-VERSION for
# ARCH whose manifest lists every FRAGMENT and is not a patched revision; prints its dir.
find_build() {
	fb_ver=$1 fb_arch=$2
	shift 2
	for fb_d in $(ls -dt "$CACHE"/builds/linux-source-"$fb_ver"-*/ 2>/dev/null); do
		fb_d=${fb_d%/}
		fb_m=$fb_d/manifest
		[ -f "$fb_d/.lazybench-built" ] && [ -f "$fb_m" ] || continue
		grep -qx "arch=$fb_arch" "$fb_m" || continue
		grep -q '^patches=.' "$fb_m" && continue
		grep -q '^rev=.' "$fb_m" && continue
		fb_frags=" $(sed -n 's/^fragments=//p' "$fb_m") "
		fb_all=1
		for fb_f in "$@"; do
			case $fb_frags in *" $fb_f "*) ;; *) fb_all=0 ;; esac
		done
		[ $fb_all = 1 ] && { echo "$fb_d"; return 0; }
	done
	return 1
}

# how_to_build VERSION ARCH "FRAGMENTS": the command that makes the build find_build wants
how_to_build() {
	echo "$TOP/scripts/build-kernel --debian $1 --arch $2 --config \"$3\""
}

# module_for BUILD: build lazybench.ko against BUILD (once per test run), print its path
module_for() {
	"$TOP/kernel/module/build-ko" "$1" "$T/kmod-${1##*/}" 2>"$T/build-ko.err"
}

# init_mm_offset BUILD: hex offset of init_mm from _stext in BUILD's System.map (the guest
# adds its runtime _stext, from /proc/kallsyms, and writes the sum to .../init_mm)
init_mm_offset() {
	awk '$3 == "_stext" { t = $1 } $3 == "init_mm" { m = $1 }
	     END { if (t == "" || m == "") exit 1; print t, m }' "$1/System.map" |
	{ read -r t m || exit 1
	  # low 32 bits only: sh arithmetic is signed 64-bit and kernel text is in the top 2 GiB
	  t=$(echo "$t" | sed 's/.*\(........\)$/\1/') m=$(echo "$m" | sed 's/.*\(........\)$/\1/')
	  d=$((0x$m - 0x$t))
	  [ $d -ge 0 ] || d=$((d + 4294967296))
	  printf '%x\n' $d; }
}

# vm BUILD KO LOG GUEST-SCRIPT-FILE [vm-run options...]: run the script in the guest
vm() {
	vm_b=$1 vm_ko=$2 vm_log=$3 vm_script=$4
	shift 4
	"$TOP/scripts/vm-run" --build "$vm_b" --module "$vm_ko" --log "$vm_log" \
		--results "$T/results" "$@" -- "$(cat "$vm_script")" >"$T/vm.out" 2>"$T/vm.err"
	vm_rc=$?
	# keep the console of a failed run: the next run reuses the name
	[ $vm_rc -eq 0 ] || cp "$vm_log" "$vm_log.failed-$(date +%Y%m%d-%H%M%S)" 2>/dev/null
	return $vm_rc
}

# json_kunit META.JSON: kernel.kunit.lazy_mmu_mode as vm-run recorded it ("none" if missing)
json_kunit() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("kernel", {}).get("kunit", {}).get("lazy_mmu_mode", "none"))' "$1" 2>/dev/null
}

# guest lines the scripts print as "KT <tag> <rest>", from a console log
kt() { sed -n "s/^KT $2 //p" "$1" | tr -d '\r'; }
