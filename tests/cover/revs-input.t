#!/usr/bin/env bash
# compare-revisions' input, checked before anything is built or written (no kernels
# needed): `~`, `~USER` and relative paths in --revs, a series and --results are
# resolved to absolute paths; a missing or patch-less file, a bad label, fragment, suite,
# compare argument, timeout or base is one line naming it and exit 2, also with
# --dry-run, and nothing is created; `make compare-revisions` passes every option.
. "$(dirname "$0")/../vm/lib.sh"
plan 22
cr=$root/scripts/compare-revisions
export LAZYBENCH_CACHE=$tmp/cache	# nothing may be built: a fresh cache that must stay empty
mkdir -p "$tmp/home/series" "$tmp/elsewhere"
cp "$root/tests/fixtures/xen-nobatch.mbox" "$tmp/home/series/v4.mbox"
cp "$root/tests/fixtures/xen-ctxsw-lazy-fix.mbox" "$tmp/elsewhere/v5.mbox"
base=(--base debian:7.3 --arch x86_64 --config xen-pv)

out=$(cd "$tmp/elsewhere" && HOME=$tmp/home "$cr" "${base[@]}" --revs "v4:~/series/v4.mbox v5:./v5.mbox" --dry-run 2>&1)
ok $? "--dry-run with ~ and ./ paths in --revs exits 0"
echo "$out" | grep -qE "^v4 +to build .* --patches $tmp/home/series/v4.mbox\$" &&
	echo "$out" | grep -qE "^v5 +to build .* --patches $tmp/elsewhere/v5.mbox\$"
ok $? "~ is the home directory, ./ the current one: both absolute in the build command"
diag "$out"
user=$(id -un)
out=$(cd "$tmp" && "$cr" "${base[@]}" --revs "v4:~$user/.lazybench-no-such-file.mbox" --dry-run 2>&1); rc=$?
[ "$rc" = 2 ] && echo "$out" | grep -qF "($(getent passwd "$user" | cut -d: -f6)/.lazybench-no-such-file.mbox)"
ok $? "~USER is that user's home (and the missing file is named with it): $out"

check() { # check DESC EXPECTED-SUBSTRING ARGS...: one line, exit 2, nothing written
	local desc=$1 want=$2 out rc
	shift 2
	# --no-build: should a check ever get past the input, it fails instead of building
	out=$(cd "$tmp/elsewhere" && HOME=$tmp/home "$cr" --results "$tmp/res" "$@" --no-build 2>&1 </dev/null); rc=$?
	[ "$rc" = 2 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -qF -- "$want" &&
		[ ! -e "$tmp/res" ] && [ ! -e "$tmp/cache/builds" ] && [ ! -e "$tmp/cache/revs" ]
	ok $? "$desc (rc=$rc: $out)"
}
check "a missing ~ path in --revs, with --dry-run: exit 2, not 'to build'" "patches '~/x.mbox' is not a file or a directory ($tmp/home/x.mbox)" \
	"${base[@]}" --revs "v4:~/x.mbox" --dry-run
check "the same without --dry-run: refused before the base (not built) is looked at" "'~/x.mbox' is not a file" \
	"${base[@]}" --revs "v4:~/x.mbox"
check "a missing relative path" "patches 'nope.mbox' is not a file or a directory ($tmp/elsewhere/nope.mbox)" \
	"${base[@]}" --revs "v5:./v5.mbox v6:nope.mbox"
check "a file with no patch in it" "holds no patch" "${base[@]}" --revs "v4:$root/README.md"
check "a label with a slash" "letters, digits" "${base[@]}" --revs "a/b:~/series/v4.mbox"
check "a revision without a label" "is not LABEL:PATCHES" "${base[@]}" --revs "~/series/v4.mbox"
check "a missing series for --per-patch (with ~)" "series '~/none.mbox' is not a file or a directory" \
	"${base[@]}" --per-patch "~/none.mbox" --dry-run
check "an unknown config fragment" "--config: no fragment 'xen-hvm'" --base debian:7.3 --config "xen-hvm"
check "a bad debian version" "want debian:VERSION" --base debian:seven
check "a base that is no kernel tree" "is not a kernel tree" --base "$tmp/elsewhere"
check "a bad --timeout" "--timeout wants seconds" "${base[@]}" --timeout 10m
check "an unknown workload in --suite" "--suite 'mremap nosuch': unknown workload 'nosuch'" "${base[@]}" --suite "mremap nosuch"
check "a bad --reps in --suite" "--reps: 'x' is not a number" "${base[@]}" --suite "mremap --reps x"
check "a bad --compare-args" "--compare-args '--format nope': --format: 'nope' is not a format" \
	"${base[@]}" --compare-args "--format nope"
check "an unknown option" "unknown argument '--emulate'" "${base[@]}" --emulate
touch "$tmp/afile"
check "--results that is a file" "exists and is not a directory" "${base[@]}" --results "$tmp/afile"

# make passes every option: what it would run (make -n), and a real --dry-run through it
cmd=$(make -s -n -C "$root" compare-revisions BASE=debian:7.3 REVS="v4:~/x.mbox" ARCH=arm64 CONFIG=base \
	XEN=1 MODULE=1 EMU=1 BOOTS=5 SUITE="mremap --pages 16" RESULTS=/r TIMEOUT=99 COMPARE_ARGS="--brief --metric ns" \
	ARGS="--no-build --dry-run" | tr -s ' \t\\\n' ' ')
for o in "--revs 'v4:~/x.mbox'" "--arch 'arm64'" "--config 'base'" --xen --module --emu \
	"--suite 'mremap --pages 16'" "--boots '5'" "--results '/r'" "--timeout '99'" "--compare-args '--brief --metric ns'" \
	"--no-build --dry-run"; do
	case $cmd in *"$o"*) ;; *) echo "# make does not pass: $o"; cmd=MISSING ;; esac
done
[ "$cmd" != MISSING ]
ok $? "make compare-revisions passes REVS ARCH CONFIG XEN MODULE EMU SUITE BOOTS RESULTS TIMEOUT COMPARE_ARGS and ARGS"
# (only when make passes ARGS: without --dry-run and --no-build it would build)
safe() { [ "$cmd" != MISSING ] && HOME=$tmp/home make -s -C "$root" compare-revisions ARGS="--dry-run --no-build" "$@" 2>&1; }
out=$(safe REVS="v4:~/x.mbox"); rc=$?
[ "$cmd" != MISSING ] && [ "$rc" != 0 ] && echo "$out" | grep -q "^compare-revisions: revision 'v4': patches '~/x.mbox' is not a file or a directory ($tmp/home/x.mbox)\$" &&
	! echo "$out" | grep -q 'to build'
ok $? "through make: REVS=\"v4:~/x.mbox\" with a missing file fails, naming the expanded path"
out=$(safe REVS="v4:~/series/v4.mbox")
echo "$out" | grep -qE "^v4 +to build .* --patches $tmp/home/series/v4.mbox\$"
ok $? "through make: REVS=\"v4:~/series/v4.mbox\" is found"
done_testing
