#!/bin/sh
# Every bad input: exit 2, a one-line error naming the problem, nothing written.
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
out=$T/out
touch "$T/afile"
check() {	# check DESCRIPTION EXPECTED-WORD ARGS...
	desc=$1 word=$2
	shift 2
	"$LB" run "$@" >"$T/stdout" 2>"$T/stderr"
	rc=$?
	[ "$rc" -eq 2 ]; ok $? "$desc: exit 2 (got $rc)"
	[ "$(wc -l <"$T/stderr")" -eq 1 ] && grep -qi -- "$word" "$T/stderr"
	ok $? "$desc: one line naming '$word': $(head -c 200 "$T/stderr")"
	[ ! -e "$out" ] && [ ! -e "$T/afile/x" ] && [ ! -s "$T/stdout" ]; ok $? "$desc: nothing written"
}
check "unknown workload" nosuch nosuch --out "$out"
check "size 0" "--pages" --pages 0 --out "$out"
check "size not a number" "abc" --pages 1,abc --out "$out"
check "size absurd" "out of range" --pages 999999999999 --out "$out"
check "size larger than free memory" "MemAvailable" --pages 8000000 --out "$out"
check "negative size" "-3" --pages -3 --out "$out"
check "reps 0" "--reps" --reps 0 --out "$out"
check "reps not a number" "--reps" --reps ten --out "$out"
check "warmup not a number" "--warmup" --warmup 1.5 --out "$out"
check "cpu not a number" "--cpu" --cpu x --out "$out"
check "cpu out of range" "--cpu" --cpu 4000 --out "$out"
check "cpu not present" "not available" --cpu 1000 --out "$out"
check "unknown event" "bogus" --events cycles:k,bogus --out "$out"
check "unparsable event modifier" "cycles:x" --events cycles:x --out "$out"
check "bad label" "--label" --label a/b --out "$out"
check "unknown option" "--frob" --frob --out "$out"
check "missing option value" "--reps" --out "$out" --reps
check "--out is a file" "not a directory" --out "$T/afile"
check "--out below a file" "not a directory" --out "$T/afile/x"
check "--out in /proc" "proc" --out /proc
check "--out below /sys" "sysfs" --out /sys/lazybench-results
ln -s "$T/nonexistent" "$T/dangling"
check "--out a dangling symlink" "dangling symlink" --out "$T/dangling"
mkdir "$T/o" && touch "$T/o/lbl"
check "label path is a file" "not a directory" --out "$T/o" --label lbl
check "typo'd event with a modifier" "Bad event name 'instructons'" --events instructons:k --out "$out"
check "tracepoint path tricks" "bad tracepoint name" --events ..:.. --out "$out"
check "tracepoint name with a slash" "bad tracepoint name" --events xen:a/b --out "$out"
check "duplicate modifier" "Duplicate modifier 'k' (kernel)" --events cycles:kk --out "$out"
check "too precise" "Maximum precise value is 3" --events cycles:pppp --out "$out"
check "perf modifier that does not apply" "sample_read" --events cycles:S --out "$out"
check "--folio not a power of two" "--folio" --folio 63k --out "$out"
check "--folio above 2M" "--folio" --folio 4M --out "$out"
check "--folio without an h:1 workload" "h:1 workloads (\*-thp) only" munmap --folio 64k --out "$out"
check "option given twice" "--reps given twice" --reps 3 --reps 4 --out "$out"
check "--events given twice" "--events given twice" --events '' --events '' --out "$out"
check "--label swallowing --tap" "--label needs a value" --label --tap --out "$out"
check "--out swallowing --tap" "--out needs a value" --out --tap
check "bad --meta" "--meta" --meta novalue --out "$out"
# options are spelled out, as they always were (run parses them with getopt_long, which
# would take an abbreviation, a cluster of short options or a value on a flag)
check "abbreviated option" "unknown option '--rep'" --rep 3 --out "$out"
check "abbreviated --help" "unknown option '--hel'" --hel --out "$out"
check "-h in a cluster" "unknown option '-hx'" -hx --out "$out"
check "a lone -" "unknown option '-'" - --out "$out"
check "--tap with a value" "unknown option '--tap=1'" --tap=1 --out "$out"
check "unknown option with a value" "unknown option '--frob=1'" --frob=1 --out "$out"
check "--reps at the end" "--reps needs a value" --out "$out" --reps
check "options after --" "unknown workload '--tap'" --out "$out" -- --tap
check "the first bad argument is named" "unknown workload 'nosuch'" nosuch --reps x --out "$out"
LAZYBENCH_META="ok=1 broken" check "bad LAZYBENCH_META" "LAZYBENCH_META" --out "$out"
LAZYBENCH_TV="test_loop_count=5 use_huge=1" check "bad LAZYBENCH_TV (a tv-* workload's input)" "use_huge=1" tv-fix_size_alloc_test --out "$out"
LAZYBENCH_TV="$(printf 'test_loop_count=1 %.0s' $(seq 30))" check "LAZYBENCH_TV too long" "too long" tv-fix_size_alloc_test --out "$out"
LAZYBENCH_EMULATED=banana check "unknown LAZYBENCH_EMULATED" "LAZYBENCH_EMULATED: 'banana' is not one of" empty --pages 1 --reps 1 --out "$out"
LAZYBENCH_HOST_TIME=yesterday check "LAZYBENCH_HOST_TIME not a time" "LAZYBENCH_HOST_TIME: 'yesterday' is not a time" empty --pages 1 --reps 1 --out "$out"
LAZYBENCH_HOST_TIME=1700000000000 check "LAZYBENCH_HOST_TIME in ms" "LAZYBENCH_HOST_TIME" empty --pages 1 --reps 1 --out "$out"
check "--meta key twice" "key 'k' given twice" --meta k=1 --meta k=2 --out "$out"
# paths that mkdir -p would have followed elsewhere, names readers cannot read back
dots=$(printf '../%.0s' $(seq 40))
check "--out: a ../ chain through a missing directory into /proc" "'..' after" --out "$T/nx/a/$dots/proc/x"
[ ! -e "$T/nx" ]; ok $? "--out ../ chain: nothing created"
check "--out: a ../ chain into /sys" "'..' after" --out "$T/nx/$dots/sys/x"
long=$(printf 'd%.0s' $(seq 200))
long=$long/$long/$long/$long/$long/$long/$long/$long/$long/$long/$long/$long/$long/$long/$long/$long/$long/$long/$long
check "--out with --label too long for a run's paths" "characters together" --out "$T/$long" --label "$(printf 'y%.0s' $(seq 200))"
[ ! -e "$T/$(printf 'd%.0s' $(seq 200))" ]; ok $? "over-long --out: nothing created"
check "--out too long" "too long" --out "$T/$long/$long"
check "--label too long" "too long (at most 200" --label "$(printf 'y%.0s' $(seq 201))" --out "$out"
check "--label foo.incomplete" "ending in .incomplete" empty --pages 1 --reps 1 --label foo.incomplete --out "$out"
check "--label .foo" "leading '.'" empty --pages 1 --reps 1 --label .foo --out "$out"
check "--label with a newline (echoed escaped)" "'a\\\\nb' is not a label" --label "$(printf 'a\nb')" --out "$out"
"$LB" run empty --pages 1 --reps 1 --events '' --out "$T/pub" --label l >/dev/null 2>&1
pub=$(ls -d "$T/pub/l"/*)
check "--out inside a published run" "inside the run directory" empty --pages 1 --reps 1 --out "$pub"
check "--out below a published run" "inside the run directory" empty --pages 1 --reps 1 --out "$pub/sub/dir"
check "--label naming a published run" "inside the run directory" empty --pages 1 --reps 1 --out "$T/pub/l" --label "$(basename "$pub")"
[ "$(find "$T/pub" | wc -l)" -eq "$(find "$T/pub" -maxdepth 3 | wc -l)" ] && [ ! -e "$pub/sub" ] && [ ! -e "$pub/l" ]
ok $? "nothing written inside the published run"
check "task-clock:u (the kernel counts kernel time in it)" "counts task-clock in user and kernel mode alike" --events task-clock:u --out "$out"
check "cpu-clock:k" "counts cpu-clock in user and kernel mode alike" --events cpu-clock:k --out "$out"
"$LB" run empty --pages 1 --reps 1 --events task-clock:uk,page-faults:u --out "$T/tcuk" >/dev/null 2>&1
ok $? "task-clock:uk (all of it) and page-faults:u are still accepted"
check "--tap twice" "--tap given twice" empty --pages 1 --reps 1 --tap --tap --out "$out"
check "empty event item" "empty item in 'page-faults,,minor-faults'" empty --pages 1 --reps 1 --events 'page-faults,,minor-faults' --out "$out"
check "an event list of empty items" "empty item" empty --pages 1 --reps 1 --events ',' --out "$out"
check "an event list ending in ','" "empty item" empty --pages 1 --reps 1 --events 'page-faults,' --out "$out"
check "empty size item (as events)" "--pages: bad list" --pages 1,,2 --out "$out"
for args in "version --bogus" "help --bogus" "--version --bogus" "--help --bogus" "help nosuch" "list --help x"; do
	# shellcheck disable=SC2086
	"$LB" $args >"$T/stdout" 2>"$T/stderr"; rc=$?
	[ "$rc" -eq 2 ] && [ "$(wc -l <"$T/stderr")" -eq 1 ] && [ ! -s "$T/stdout" ]
	ok $? "lazybench $args: exit 2, one line ($rc: $(cat "$T/stderr"))"
done
"$LB" help run >"$T/stdout" 2>&1 && grep -q -- "--pages" "$T/stdout"; ok $? "help run: run's help, exit 0"
"$LB" version >"$T/stdout" 2>&1 && grep -q "^lazybench " "$T/stdout"; ok $? "version: exit 0"
"$LB" list extra >/dev/null 2>&1; [ $? -eq 2 ]; ok $? "list with an argument: exit 2"
"$LB" frob >/dev/null 2>&1; [ $? -eq 2 ]; ok $? "unknown command: exit 2"
"$LB" run --help >"$T/help" 2>&1; [ $? -eq 0 ] && grep -q -- "--pages" "$T/help"; ok $? "run --help: exit 0, documents --pages"
"$LB" list --help >/dev/null 2>&1; ok $? "list --help: exit 0"
# an unwritable --out: only meaningful when not root (root may write anywhere)
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	mkdir "$T/ro" && chmod 555 "$T/ro"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$LB" run mremap --pages 1 --reps 1 \
		--out "$T/ro/out" >/dev/null 2>"$T/stderr"
	rc=$?
	[ "$rc" -eq 2 ] && grep -q "not writable" "$T/stderr"; ok $? "unwritable --out (as nobody): exit 2, says not writable ($rc)"
	[ ! -e "$T/ro/out" ]; ok $? "unwritable --out: nothing created"
	mkdir -p "$T/lo/lbl" && chmod 755 "$T/lo" && chmod 555 "$T/lo/lbl" && chmod 777 "$T/lo"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$LB" run mremap --pages 1 --reps 1 \
		--out "$T/lo" --label lbl >/dev/null 2>"$T/stderr"
	rc=$?
	[ "$rc" -eq 2 ] && grep -q "label directory.*not writable" "$T/stderr" && [ "$(wc -l <"$T/stderr")" -eq 1 ]
	ok $? "unwritable label directory (as nobody): exit 2, one line ($rc: $(cat "$T/stderr"))"
else
	skip "needs root and setpriv to test as another user" "unwritable --out"
	skip "needs root and setpriv to test as another user" "unwritable label directory"
fi
# a read-only file system (root can write anywhere else)
if [ "$(id -u)" -eq 0 ] && mkdir "$T/rofs" && mount -t tmpfs -o size=64k,ro lbro "$T/rofs" 2>/dev/null; then
	check "--out on a read-only file system" "not writable" --out "$T/rofs/out"
	umount "$T/rofs"
else
	skip "needs root to mount a read-only tmpfs" "--out on a read-only file system"
fi
# a tmpfs mounted below /sys (as /sys/fs/cgroup in some containers): still not for results
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null &&
	unshare -m sh -c 'mount -t tmpfs lbsys /sys/kernel/mm' 2>/dev/null; then
	unshare -m sh -c 'mount -t tmpfs lbsys /sys/kernel/mm &&
		"$1" run empty --out /sys/kernel/mm/out >"$2/stdout" 2>"$2/stderr"; echo $? >"$2/rc"
		ls -A /sys/kernel/mm >"$2/left"' sh "$LB" "$T"
	rc=$(cat "$T/rc")
	[ "$rc" -eq 2 ] && [ "$(wc -l <"$T/stderr")" -eq 1 ] && grep -q "below /sys" "$T/stderr" && [ ! -s "$T/left" ]
	ok $? "--out on a tmpfs below /sys: exit 2, one line, nothing written ($rc: $(cat "$T/stderr"))"
else
	skip "needs root and unshare to mount a tmpfs below /sys privately" "--out on a tmpfs below /sys"
fi
# plot --out: the same checks (exit 2, one line)
"$LB" run empty --pages 1 --reps 1 --events '' --out "$T/pr" --label l >/dev/null 2>&1
touch "$T/plotfile"
"$LB" plot "$T/pr/l" --out "$T/plotfile" >/dev/null 2>"$T/stderr"; rc=$?
[ "$rc" -eq 2 ] && [ "$(wc -l <"$T/stderr")" -eq 1 ] && grep -q "not a directory" "$T/stderr"
ok $? "plot --out FILE: exit 2, one line ($rc: $(cat "$T/stderr"))"
"$LB" plot "$T/pr/l" --out /proc/x >/dev/null 2>"$T/stderr"; rc=$?
[ "$rc" -eq 2 ] && grep -q "proc" "$T/stderr"; ok $? "plot --out in /proc: exit 2 ($rc)"
"$LB" plot "$T/pr/l" --out "$T/pnx/a/$dots/proc/x" >/dev/null 2>"$T/stderr"; rc=$?
[ "$rc" -eq 2 ] && [ "$(wc -l <"$T/stderr")" -eq 1 ] && [ ! -e "$T/pnx" ]
ok $? "plot --out through a ../ chain into /proc: exit 2, one line, nothing created ($rc: $(cat "$T/stderr"))"
"$LB" plot "$T/pr/l" --out "$(ls -d "$T/pr/l"/*)/plots" >/dev/null 2>"$T/stderr"; rc=$?
[ "$rc" -eq 2 ] && grep -q "inside the run directory" "$T/stderr" && [ ! -e "$(ls -d "$T/pr/l"/*)/plots" ]
ok $? "plot --out inside a run: exit 2 ($rc)"
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	mkdir "$T/pro" && chmod 555 "$T/pro"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$LB" plot "$T/pr/l" --out "$T/pro/x" >/dev/null 2>"$T/stderr"; rc=$?
	[ "$rc" -eq 2 ] && grep -q "not writable" "$T/stderr"; ok $? "plot --out in a read-only dir (as nobody): exit 2 ($rc)"
fi
if [ "$(id -u)" -eq 0 ] && mkdir "$T/profs" && mount -t tmpfs -o size=64k,ro lbpro "$T/profs" 2>/dev/null; then
	"$LB" plot "$T/pr/l" --out "$T/profs/x" >/dev/null 2>"$T/stderr"; rc=$?
	umount "$T/profs"
	[ "$rc" -eq 2 ] && [ "$(wc -l <"$T/stderr")" -eq 1 ] && grep -q "Read-only file system" "$T/stderr"
	ok $? "plot --out on a read-only file system: exit 2, one line ($rc: $(cat "$T/stderr"))"
fi
# list and version take no arguments: the first one given is named, exit 2, stdout empty
for c in list version; do
	for args in "foo bar:foo" "--help foo:foo" "--he:--he" "-hx:-hx" "-- foo:--" "--help=1:--help=1"; do
		a=${args%:*} want=${args##*:}
		# shellcheck disable=SC2086
		"$LB" $c $a >"$T/stdout" 2>"$T/stderr"; rc=$?
		[ "$rc" -eq 2 ] && [ ! -s "$T/stdout" ] &&
			[ "$(cat "$T/stderr")" = "lazybench $c: unexpected argument: $want" ]
		ok $? "$c $a: exit 2, names '$want' ($rc: $(cat "$T/stderr"))"
	done
	"$LB" $c --help >"$T/stdout" 2>"$T/stderr"; rc=$?
	[ "$rc" -eq 0 ] && grep -q "^usage: lazybench $c" "$T/stdout" && [ ! -s "$T/stderr" ]
	ok $? "$c --help: usage on stdout, exit 0 ($rc)"
done
done_testing
