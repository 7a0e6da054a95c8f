# shellcheck shell=bash
# TAP helpers (tests/vm/lib.sh) and what the LAVA tests share.
. "$(dirname "${BASH_SOURCE[0]}")/../vm/lib.sh"
lava_or_skip() { # the dispatcher's lava-run and root (lava-run refuses to run otherwise)
	command -v lava-run >/dev/null || skip_all "lava-run missing: apt-get install lava-dispatcher (make deps-test)"
	[ "$(id -u)" = 0 ] || skip_all "lava-run needs root"
}
# one_line_exit2 DESC EXPECTED-SUBSTRING CMD...: bad input gets one line and exit 2
one_line_exit2() {
	local desc=$1 want=$2 out rc
	shift 2
	out=$("$@" 2>&1 </dev/null); rc=$?
	[ "$rc" = 2 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -qF -- "$want"
	ok $? "$desc (rc=$rc: $out)"
}
# a scratch "build" for job generation only: a manifest and files in the places a
# scripts/build-kernel build has them. LAVA's validation checks that the URLs exist,
# not what is in them; the boot itself is tests/lava/long/ with a real build.
fake_build() { # fake_build DIR ARCH IMAGE-NAME
	mkdir -p "$1"
	printf 'placeholder kernel image for job validation\n' >"$1/$3"
	printf 'name=placeholder-%s\narch=%s\nimage=%s\nfragments=\nkernelrelease=0.0\n' "$2" "$2" "$1/$3" >"$1/manifest"
	touch "$1/.lazybench-built"
}
