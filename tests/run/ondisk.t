#!/bin/sh
# The on-disk promises under faults: a full disk, a write that fails, a name taken while
# running, SIGHUP/SIGPIPE, SIGKILL at any moment. Every failure is recorded in the run with
# its reason, nothing published as complete that is not, the run id inside is the name.
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
json() { perl -MJSON::PP -e 'local $/; open(my $f, "<", $ARGV[0]) or die; my $m = decode_json(<$f>); my $v = $m->{$ARGV[1]}; print !defined $v ? "null" : JSON::PP::is_bool($v) ? ($v ? 1 : 0) : $v' "$1" "$2"; }
wait_rows() {	# wait_rows LABELDIR N: until a .incomplete run has N sample rows
	i=0
	while [ $i -lt 200 ]; do
		f=$(ls "$1"/*.incomplete/samples.tsv 2>/dev/null | head -1)
		[ -n "$f" ] && [ "$(wc -l <"$f")" -gt "$2" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# 1. disk full while samples.tsv grows (a 512 KiB tmpfs)
if [ "$(id -u)" -eq 0 ] && mkdir "$T/full" && mount -t tmpfs -o size=512k lbtest "$T/full" 2>/dev/null; then
	"$LB" run empty --pages 1 --reps 1000000 --warmup 0 --events '' --out "$T/full" --label l \
		>"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq 1 ]; ok $? "disk full: exit 1 ($rc)"
	set -- "$T/full/l"/*
	[ $# -eq 1 ] && case $1 in *.incomplete) true;; *) false;; esac; ok $? "disk full: stays .incomplete ($(basename "$1"))"
	[ "$(json "$1/meta.json" complete)" = 0 ]; ok $? "disk full: meta.json complete=false"
	json "$1/meta.json" error | grep -q "samples.tsv: No space left on device"; ok $? "disk full: meta.json error: $(json "$1/meta.json" error)"
	grep -q "INCOMPLETE RUN: writing samples.tsv" "$1/summary.txt"; ok $? "disk full: summary.txt written, says why"
	awk -F'\t' 'NR == 1 {n = NF} NF != n {bad=1} END {exit bad || NR < 100}' "$1/samples.tsv"; ok $? "disk full: samples.tsv holds only whole rows ($(wc -l <"$1/samples.tsv"))"
	grep -q "No space left" "$T/err"; ok $? "disk full: said on stderr"
	umount "$T/full"
else
	skip "needs root to mount a small tmpfs" "disk full"
fi

# 1b. no inode left (the file system is full of files, not of bytes): the last summary.txt
# and meta.json are written into the reserves kept for them, which hold an inode each
if [ "$(id -u)" -eq 0 ] && mkdir "$T/ino" && mount -t tmpfs -o size=8m,nr_inodes=16 lbino "$T/ino" 2>/dev/null; then
	for how in finish INT; do
		"$LB" run munmap --pages 512 --reps 300 --warmup 0 --events '' --out "$T/ino" --label $how \
			>"$T/out" 2>"$T/err" &
		pid=$!
		wait_rows "$T/ino/$how" 1
		i=0
		while touch "$T/ino/fill-$how-$i" 2>/dev/null; do i=$((i + 1)); done
		[ $how = INT ] && kill -INT "$pid"
		wait "$pid"
		rc=$?
		set -- "$T/ino/$how"/*
		if [ $how = finish ]; then
			[ "$rc" -eq 0 ] && [ "$(json "$1/meta.json" complete)" = 1 ] && [ -s "$1/summary.txt" ]
			ok $? "no inode left at the end: the run still completes (exit $rc, $(basename "$1"), $(json "$1/meta.json" error))"
		else
			[ "$rc" -eq 130 ] && [ "$(json "$1/meta.json" interrupted_by)" = SIGINT ] &&
				grep -q "^INCOMPLETE RUN: interrupted by SIGINT" "$1/summary.txt"
			ok $? "no inode left, then SIGINT: meta.json and summary.txt say so (exit $rc)"
		fi
		! ls -A "$1" | grep -q reserve; ok $? "$how: no reserve left ($(ls -A "$1" | tr '\n' ' '))"
		[ "$(stat -c %a "$1/meta.json")" = "$(stat -c %a "$1/samples.tsv")" ] &&
			[ "$(stat -c %a "$1/summary.txt")" = "$(stat -c %a "$1/samples.tsv")" ]
		ok $? "$how: meta.json and summary.txt have the mode of samples.tsv ($(stat -c %a "$1/meta.json"))"
		rm -f "$T/ino/fill-$how-"*
	done
	umount "$T/ino"
else
	skip "needs root to mount a small tmpfs" "no inode left"
fi

# 1c. no byte left when the run ends (samples.tsv's rows still fit its first page): the last
# summary.txt and meta.json go into the reserves' blocks
if [ "$(id -u)" -eq 0 ] && mkdir "$T/byt" && mount -t tmpfs -o size=1m lbbyt "$T/byt" 2>/dev/null; then
	"$LB" run munmap --pages 512 --reps 40 --warmup 0 --events '' --out "$T/byt" --label l \
		>"$T/out" 2>"$T/err" &
	pid=$!
	wait_rows "$T/byt/l" 1
	dd if=/dev/zero of="$T/byt/fill" bs=4k 2>/dev/null
	wait "$pid"
	rc=$?
	set -- "$T/byt/l"/*
	[ "$rc" -eq 0 ] && [ "$(json "$1/meta.json" complete)" = 1 ] && [ -s "$1/summary.txt" ] &&
		[ "$(wc -l <"$1/samples.tsv")" -eq 41 ]
	ok $? "no byte left at the end: the run still completes (exit $rc, $(basename "$1"), $(json "$1/meta.json" error), $(df -k "$T/byt" | awk 'NR==2 {print $4}') kB free)"
	umount "$T/byt"
else
	skip "needs root to mount a small tmpfs" "no byte left"
fi

# 1d. disk full while setting up (a 64 KiB tmpfs: the reserves do not fit): the reason with
# its own errno, and no hidden staging directory left behind
if [ "$(id -u)" -eq 0 ] && mkdir "$T/sfull" && mount -t tmpfs -o size=64k lbsfull "$T/sfull" 2>/dev/null; then
	"$LB" run empty --pages 1 --reps 1 --events '' --out "$T/sfull" --label l >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq 1 ] && grep -q "cannot set up .*No space left on device" "$T/err" && ! grep -q "No such file" "$T/err"
	ok $? "disk full while setting up: exit 1, says No space left on device ($rc: $(cat "$T/err"))"
	[ -z "$(ls -A "$T/sfull/l")" ]; ok $? "disk full while setting up: nothing left ($(ls -A "$T/sfull/l" | tr '\n' ' '))"
	umount "$T/sfull"
else
	skip "needs root to mount a small tmpfs" "disk full while setting up"
	skip "needs root to mount a small tmpfs" "disk full while setting up: nothing left"
fi

# 1e. a file size limit (ulimit -f; SIGXFSZ would kill the run without a word): the write
# fails with EFBIG, and the run says so
(ulimit -f 600; exec "$LB" run empty --pages 1 --reps 1000000 --warmup 0 --events '' --out "$T/fs" --label l) >/dev/null 2>"$T/err"
rc=$?
set -- "$T/fs/l"/*
[ "$rc" -eq 1 ] && case $1 in *.incomplete) true;; *) false;; esac &&
	json "$1/meta.json" error | grep -q "samples.tsv: File too large" &&
	grep -q "^INCOMPLETE RUN: writing samples.tsv: File too large" "$1/summary.txt"
ok $? "ulimit -f: exit 1, .incomplete, meta.json and summary.txt say File too large ($rc, $(json "$1/meta.json" error))"

# 1f. stdout cannot be written (run --tap > /dev/full): the TAP is lost, so exit 1 and say so
if [ -w /dev/full ]; then
	"$LB" run empty --pages 1 --reps 2 --events '' --tap --out "$T/df" --label l >/dev/full 2>"$T/err"
	rc=$?
	[ "$rc" -eq 1 ] && grep -q "writing to standard output failed: No space left on device" "$T/err"
	ok $? "run --tap > /dev/full: exit 1, the reason on stderr ($rc: $(tail -1 "$T/err"))"
	for c in list version --version --help "help run" "compare --help"; do
		# shellcheck disable=SC2086
		"$LB" $c >/dev/full 2>"$T/err"; rc=$?
		[ "$rc" -eq 1 ] && grep -q "writing to standard output failed" "$T/err"
		ok $? "$c > /dev/full: exit 1, said on stderr ($rc: $(cat "$T/err"))"
	done
	"$LB" plot "$T/df/l" --out "$T/dfp" --no-render >/dev/full 2>"$T/err"; rc=$?
	[ "$rc" -eq 1 ] && grep -q "writing to standard output failed" "$T/err"
	ok $? "plot > /dev/full: exit 1 ($rc: $(cat "$T/err"))"
else
	skip "no /dev/full" "run --tap > /dev/full"
fi

# 2. summary.txt cannot be written (its temp name is taken by a directory)
"$LB" run munmap --pages 512 --reps 300 --warmup 0 --events '' --out "$T/s" --label l >"$T/out" 2>"$T/err" &
pid=$!
wait_rows "$T/s/l" 1 && mkdir "$(ls -d "$T/s/l"/*.incomplete)/.summary.txt.tmp"
wait "$pid"
rc=$?
[ "$rc" -eq 1 ]; ok $? "summary.txt not writable: exit 1 ($rc)"
set -- "$T/s/l"/*
case $1 in *.incomplete) true;; *) false;; esac; ok $? "summary.txt not writable: not published ($(basename "$1"))"
json "$1/meta.json" error | grep -q "summary.txt"; ok $? "summary.txt not writable: meta.json error: $(json "$1/meta.json" error)"
[ "$(json "$1/meta.json" complete)" = 0 ]; ok $? "summary.txt not writable: complete=false"

# 3. the run's name is taken meanwhile: the run id inside is the published name
"$LB" run munmap --pages 512 --reps 300 --warmup 0 --events '' --out "$T/n" --label l >"$T/out" 2>"$T/err" &
pid=$!
wait_rows "$T/n/l" 1 && inc=$(ls -d "$T/n/l"/*.incomplete) && mkdir "${inc%.incomplete}"
wait "$pid"
ok $? "name taken: run exits 0"
d=$(ls -d "$T/n/l"/*-2 2>/dev/null)
[ -n "$d" ]; ok $? "published under -2 ($(basename "$d"))"
[ "$(json "$d/meta.json" run_id)" = "$(basename "$d")" ]; ok $? "meta.json run_id is the directory's ($(json "$d/meta.json" run_id))"
head -n1 "$d/summary.txt" | grep -q "run $(basename "$d") "; ok $? "summary.txt names the same run id"
[ "$(json "$d/meta.json" complete)" = 1 ]; ok $? "meta.json complete=true"

# 4. SIGHUP, and SIGPIPE from `run --tap | head -1`, end the run like SIGINT
"$LB" run munmap --pages 512 --reps 1000000 --warmup 0 --out "$T/h" --label l >/dev/null 2>"$T/err" &
pid=$!
wait_rows "$T/h/l" 5
kill -HUP "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 129 ]; ok $? "SIGHUP: exit 129 ($rc)"
set -- "$T/h/l"/*
[ "$(json "$1/meta.json" interrupted_by)" = SIGHUP ]; ok $? "SIGHUP: interrupted_by SIGHUP"
[ -s "$1/summary.txt" ]; ok $? "SIGHUP: summary.txt written"
"$LB" run empty munmap --pages 1,2,3,4 --reps 200 --tap --out "$T/p" --label l 2>"$T/err" | head -n 1 >/dev/null
set -- "$T/p/l"/*
[ "$(json "$1/meta.json" interrupted_by)" = SIGPIPE ]; ok $? "SIGPIPE (run --tap | head): interrupted_by SIGPIPE ($(basename "$1"))"
[ -s "$1/summary.txt" ]; ok $? "SIGPIPE: summary.txt written"

# 5. SIGKILL at any moment: a .incomplete run always has meta.json (complete=false) and
# the samples header; whatever else is left is hidden (.<id>.new) and ignored by readers
bad=0
for delay in 0 0.002 0.005 0.01 0.02 0.03 0.05 0.08 0.1 0.15 0.2 0.3; do
	"$LB" run empty --pages 1 --reps 20 --warmup 0 --events '' --out "$T/k" --label l >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
for d in "$T/k/l"/*; do
	[ -d "$d" ] || continue
	case $d in
	*.incomplete)
		[ -s "$d/meta.json" ] && [ "$(json "$d/meta.json" complete)" = 0 ] &&
			head -n1 "$d/samples.tsv" | grep -q '^workload	' || { diag "bad: $d"; bad=1; };;
	*)	[ "$(json "$d/meta.json" complete)" = 1 ] || { diag "published but complete=false: $d (allowed only after a kill between rename and meta)"; }
		[ "$(json "$d/meta.json" run_id)" = "$(basename "$d")" ] || { diag "bad id: $d"; bad=1; };;
	esac
done
[ $bad -eq 0 ]; ok $? "SIGKILL at 12 moments: every visible run directory is readable and truthful ($(ls "$T/k/l" 2>/dev/null | wc -l) left)"

# 6. SIGKILL at each chosen point (strace injects it on entry to the Nth fsync, and to the
# Nth rename/renameat2): from the first temp file to the last directory sync. Every run
# left must be truthful, and compare must read the label directory, skipping the rest
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
	strace -f -y -o "$T/trace" -e trace=fsync,rename,renameat2 "$LB" run empty --pages 1 --reps 2 \
		--warmup 0 --events '' --out "$T/sx0" --label l >/dev/null 2>&1
	# the order: samples.tsv and the run directory synced before the publishing rename,
	# the label directory after it, every temp file before its rename, the run dir last
	perl -ne '
		next if /^\d+\s+(\+\+\+|---)/;
		$n++;
		$pub = $n if /renameat2\(.*\.incomplete", AT_FDCWD<[^>]*>, "([^"]*)"/ && $1 !~ /\.incomplete$/;
		$tsv = $n if /fsync\(\d+<[^>]*\.incomplete\/samples\.tsv>/;
		$rdir = $n if /fsync\(\d+<[^>]*\.incomplete>\)/;
		$ldir = $n if $pub && /fsync\(\d+<[^>]*\/l>\)/;
		$synced{$1} = 1 if /fsync\(\d+<[^>]*\/([^\/>]+\.tmp)>/;
		$bad = 1 if /rename\("[^"]*\/([^\/"]+\.tmp)", .* = 0/ && !$synced{$1};
		$last = $n if /fsync\(\d+<[^>]*\/l\/[0-9][^\/>]*>\)/;
		END { exit !($pub && $tsv && $tsv < $pub && $rdir && $rdir < $pub && $ldir && !$bad && $last == $n) }
	' "$T/trace"
	ok $? "fsync order: samples.tsv and the run dir before publishing, the label dir after, each temp file before its rename, the run dir last"
	kills=0
	for sc in fsync rename renameat2; do
		calls=$(grep -c " $sc(" "$T/trace")
		diag "a run makes $calls $sc calls"
		k=1
		while [ $k -le "$calls" ]; do
			strace -f -o /dev/null -e trace=$sc -e inject=$sc:signal=KILL:when=$k "$LB" run empty \
				--pages 1 --reps 2 --warmup 0 --events '' --out "$T/sx" --label l >/dev/null 2>&1
			k=$((k + 1))
			kills=$((kills + 1))
		done
	done
	bad=0 complete=0 pub=0 inc=0
	for d in "$T/sx/l"/*; do
		case $d in
		*.incomplete)
			inc=$((inc + 1))
			[ "$(json "$d/meta.json" complete)" = 0 ] || { diag "bad .incomplete: $d"; bad=1; };;
		*)	pub=$((pub + 1))
			[ "$(json "$d/meta.json" run_id)" = "$(basename "$d")" ] || { diag "run_id is not the name: $d"; bad=1; }
			if [ "$(json "$d/meta.json" complete)" = 1 ]; then
				complete=$((complete + 1))
				[ -s "$d/summary.txt" ] && ! grep -q INCOMPLETE "$d/summary.txt" &&
					[ "$(wc -l <"$d/samples.tsv")" -eq 3 ] || { diag "complete but not whole: $d"; bad=1; }
			fi;;
		esac
	done
	[ $bad -eq 0 ] && [ $complete -ge 1 ] && [ $inc -ge 1 ]
	ok $? "SIGKILL at each of $kills fsync and rename calls: $inc .incomplete (all complete=false), $pub published ($complete complete, each whole; run_id = name)"
	# (samples taken under strace are contaminated: its stops switch the task out)
	"$LB" compare --keep-contaminated --format csv "$T/sx/l" "$T/sx/l" >"$T/cmp" 2>"$T/cmperr"
	rc=$?
	[ $rc -eq 0 ] && awk -F, '$1 == "empty" && $3 == "ns" && $7 == 1 {print $9 "/" $27}' "$T/cmp" |
		grep -qx "$((complete * 2))/$complete"
	ok $? "compare reads the label directory: the $complete complete runs, the others skipped (exit $rc: $(head -c 200 "$T/cmperr"))"
	"$LB" compare --incomplete "$T/sx/l" "$T/sx/l" >/dev/null 2>"$T/cmperr"
	rc=$?
	[ $rc -eq 0 ]; ok $? "compare --incomplete reads it too (exit $rc: $(head -c 200 "$T/cmperr"))"
	# 7. an I/O error (EIO) at each fsync and rename instead: exit 1, and the run, once it
	# exists, stays .incomplete with the reason in meta.json and summary.txt
	# failures that are allowed to pass: a reserve that cannot become the temp file (a new
	# file is made), the label directory's sync after the hidden staging dir is renamed
	tolerated=$(awk '/^[0-9]+ +(fsync|rename|renameat2)\(/ {
		sc = $2; sub(/\(.*/, "", sc); i[sc]++
		if (sc == "renameat2" && /[0-9a-z]"[^"]*RENAME/ && !/incomplete", RENAME/) pub = 1
		if ((sc == "rename" && /\.reserve"/) || (sc == "fsync" && !pub && /\/l>\)/)) print sc ":" i[sc]
	}' "$T/trace" | tr '\n' ' ')
	diag "errors a run may survive: $tolerated"
	bad=0 seen=0 runs=0
	for sc in fsync rename renameat2; do
		calls=$(grep -c " $sc(" "$T/trace")
		k=1
		while [ $k -le "$calls" ]; do
			o=$T/eio-$sc-$k
			strace -f -o /dev/null -e trace=$sc -e inject=$sc:error=EIO:when=$k "$LB" run empty \
				--pages 1 --reps 2 --warmup 0 --events '' --out "$o" --label l >/dev/null 2>"$o.err"
			rc=$?
			runs=$((runs + 1))
			set -- "$o/l"/*
			if case " $tolerated " in *" $sc:$k "*) true;; *) false;; esac; then
				[ "$rc" -eq 0 ] && [ "$(json "$1/meta.json" complete)" = 1 ] ||
					{ diag "$sc #$k (tolerated): rc $rc, $(basename "$1")"; bad=1; }
			elif [ ! -e "$1" ]; then	# failed while setting up: said on stderr
				[ "$rc" -eq 1 ] && grep -q "lazybench run: cannot" "$o.err" || { diag "$sc #$k: rc $rc, nothing, $(cat "$o.err")"; bad=1; }
			else
				seen=$((seen + 1))
				case $1 in *.incomplete) ;; *) diag "$sc #$k: published"; bad=1;; esac
				err=$(json "$1/meta.json" error)
				[ "$rc" -eq 1 ] && [ "$(json "$1/meta.json" complete)" = 0 ] && [ "$err" != null ] &&
					grep -q "^INCOMPLETE RUN: .*Input/output error" "$1/summary.txt" ||
					{ diag "$sc #$k: rc $rc, $(basename "$1"), error $err"; bad=1; }
			fi
			k=$((k + 1))
		done
	done
	[ $bad -eq 0 ] && [ $seen -ge 6 ]
	ok $? "EIO at each of $runs fsync and rename calls: exit 1; the $seen runs that existed stay .incomplete, the reason in meta.json and summary.txt"
else
	skip "needs strace (apt-get install strace)" "EIO at each fsync and rename"
	skip "needs strace (apt-get install strace)" "fsync order"
	skip "needs strace (apt-get install strace) to kill at chosen points" "SIGKILL at every fsync and rename"
	skip "needs strace" "compare on them"
	skip "needs strace" "compare --incomplete on them"
fi
done_testing
