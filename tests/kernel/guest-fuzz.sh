# Guest side of fuzz.t (run by scripts/vm-run with lazybench.ko loaded): hostile input
# to every debugfs file, concurrent writers, rmmod during a run. Prints "KT ok ..." /
# "KT nok ..." lines; the host turns them into TAP.
echo 4 >/proc/sys/kernel/printk
D=/sys/kernel/debug/lazybench
KO=$(ls /lazybench/modules/lazybench.ko 2>/dev/null || ls /lazybench/modules/*.ko | head -n1)
res() { if [ "$1" -eq 0 ]; then echo "KT ok $2"; else echo "KT nok $2"; fi; }
nlog() { dmesg | grep -c 'lazybench: '; }
# rej FILE DESC LINE: refused with EINVAL, one dmesg line saying why
rej() {
	before=$(nlog)
	if echo "$3" >"$D/$1" 2>/tmp/err; then
		echo "KT nok $1 accepted: $2"
		return
	fi
	after=$(nlog)
	grep -q 'Invalid argument' /tmp/err && [ $((after - before)) -eq 1 ]
	res $? "$1 rejects $2 with EINVAL and one log line ($(cat /tmp/err | tr -d '\n'); +$((after - before)) lines: $(dmesg | grep 'lazybench: ' | tail -n1 | cut -c1-90))"
}

echo "workload=vmap pages=1,8 reps=4" >$D/run
res $? "a valid run is accepted"
good=$(md5sum <$D/samples)
[ "$(wc -l <$D/samples)" -eq 9 ]; res $? "it has a header and 8 samples"

rej run "an empty line" ""
rej run "a word without =" "workload=vmalloc pages"
rej run "an empty key" "=5 workload=vmalloc"
rej run "an unknown key" "workload=vmalloc bogus=1"
rej run "an unknown workload" "workload=nosuch"
rej run "no workload" "pages=1 reps=1"
rej run "negative pages" "workload=vmalloc pages=-1"
rej run "zero pages" "workload=vmalloc pages=0"
rej run "huge pages" "workload=vmalloc pages=99999999999999999999999999"
rej run "pages over the bound" "workload=vmalloc pages=262145"
rej run "an empty size point" "workload=vmalloc pages=1,,2"
rej run "17 size points" "workload=vmalloc pages=1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17"
rej run "reps=0" "workload=vmalloc reps=0"
rej run "reps over the bound" "workload=vmalloc reps=100001"
rej run "reps not a number" "workload=vmalloc reps=ten"
rej run "hex reps" "workload=vmalloc reps=0x10"
rej run "points x reps over the sample bound" "workload=vmalloc pages=1,2,3 reps=100000"
rej run "threads=0" "workload=threads threads=0"
rej run "threads over the bound" "workload=threads threads=65"
rej run "threads on a single-thread workload" "workload=vmalloc threads=2"
rej run "depth=9" "workload=nest depth=9"
rej run "depth on a workload without depth" "workload=vmap depth=2"
rej run "more memory than 1/4 of RAM" "workload=threads pages=262144 threads=64"
rej run "race threads=0" "workload=race-none threads=0"
rej run "race threads over the bound" "workload=race-pause threads=65"
rej run "depth on a race workload" "workload=race-nest depth=2"
rej run "warmup over the bound" "workload=vmalloc warmup=1001"
rej run "drain other than 0/1" "workload=vfree drain=2"
rej run "a line longer than 255 bytes" "workload=vmalloc $(printf '%0300d' 0)"
rej init_mm "a non-hex init_mm" "zzz"
rej init_mm "an init_mm that is not the kernel's mm" "ffffffff81000000"
rej init_mm "an unmapped init_mm" "dead000000000000"
before=$(nlog)
head -c 200 /dev/urandom >$D/run 2>/tmp/err
grep -q 'Invalid argument' /tmp/err; res $? "200 random bytes are rejected ($(tr -d '\n' </tmp/err))"
printf 'workload=vmalloc\000 pages=1\n' >$D/run 2>/dev/null
[ $? -ne 0 ]; res $? "a request with a NUL byte is rejected"
[ "$(md5sum <$D/samples)" = "$good" ]; res $? "the last good samples survive all bad requests"
grep -q '^error -22' $D/status; res $? "status reports the last error: $(cat $D/status)"

# step-mode misuse
exec 3<>$D/step
printf 'op\n' >&3 2>/dev/null; [ $? -ne 0 ]; res $? "step: op before init is refused"
printf 'prepare\n' >&3 2>/dev/null; [ $? -ne 0 ]; res $? "step: prepare before init is refused"
printf 'init workload=vmalloc pages=1,2\n' >&3 2>/dev/null; [ $? -ne 0 ]; res $? "step: init with two sizes is refused"
printf 'init workload=vmalloc pages=4 reps=3\n' >&3 2>/dev/null; [ $? -ne 0 ]; res $? "step: init with reps= is refused"
printf 'init workload=vfree pages=4 drain=0\n' >&3 2>/dev/null; [ $? -ne 0 ]; res $? "step: init with drain= is refused"
printf 'init workload=vfree pages=4\n' >&3; res $? "step: init is accepted"
printf 'init workload=vfree pages=4\n' >&3 2>/dev/null; [ $? -ne 0 ]; res $? "step: a second init is refused"
exec 4<>$D/step
echo 'init workload=vmalloc pages=4' >&4 2>/tmp/err; [ $? -ne 0 ] && grep -qi busy /tmp/err
res $? "step: a second session is refused with EBUSY ($(cat /tmp/err))"
exec 4>&-
printf 'op\n' >&3 2>/dev/null; [ $? -ne 0 ]; res $? "step: op before prepare is refused"
printf 'prepare\n' >&3 && printf 'op\n' >&3; res $? "step: prepare, op accepted"
r=$(head -n1 <&3); echo "$r" | grep -qE '^[0-9]+	[0-9]+	4	[01]	([0-9]+|-)	-	-	-	-$'; res $? "step: result after op (ns kcycles ptes kcontam kpurge kslowest kfastest kdouble koverlap): '$r'"
printf 'cleanup now\n' >&3 2>/dev/null; [ $? -ne 0 ]; res $? "step: arguments to cleanup are refused"
printf 'frobnicate\n' >&3 2>/dev/null; [ $? -ne 0 ]; res $? "step: an unknown command is refused"
rmmod lazybench 2>/dev/null; [ $? -ne 0 ]; res $? "rmmod is refused while a step session is open"
printf 'prepare\n' >&3 2>/dev/null  # leave it prepared: close must clean up
exec 3>&-
{ echo "init workload=vmalloc pages=4" && echo fini; } >$D/step
res $? "a new session after close (close cleaned up)"

# allocation failure: -ENOMEM, nothing leaked (vm-run's kmemleak scan), then it works again
lim=$(sed -n 's/^mem_limit_pages\t//p' $D/info)
avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
fill=$((avail - lim * 4 / 1024 / 2))
mkdir -p /mnt/fill && mount -t tmpfs -o size=100% none /mnt/fill &&
	dd if=/dev/zero of=/mnt/fill/f bs=1M count=$fill 2>/dev/null
echo "workload=vmap pages=$lim reps=1" >$D/run 2>/tmp/err
grep -q 'Cannot allocate memory' /tmp/err && grep -q '^error -12' $D/status
res $? "vmap of $lim pages with ${fill}M of ${avail}M taken: ENOMEM ($(tr -d '\n' </tmp/err); $(cat $D/status))"
[ "$(md5sum <$D/samples)" = "$good" ]; res $? "ENOMEM leaves the previous samples intact"
rm -f /mnt/fill/f; umount /mnt/fill
echo "workload=vmap pages=$lim reps=1" >$D/run; res $? "the same request succeeds once memory is back"

# concurrent writers and readers
i=0
while [ $i -lt 4 ]; do
	( j=0; e=0; while [ $j -lt 15 ]; do
		echo "workload=vmalloc pages=$((i + 1)),16 reps=3" >$D/run || e=$((e + 1))
		cat $D/samples >/dev/null || e=$((e + 1))
		j=$((j + 1)); done; echo $e >/tmp/conc.$i ) &
	i=$((i + 1))
done
( j=0; while [ $j -lt 20 ]; do printf 'garbage %d\n' $j >$D/run 2>/dev/null; cat $D/info $D/status >/dev/null; j=$((j + 1)); done ) &
( j=0; while [ $j -lt 10 ]; do cat $D/semantics >/dev/null; j=$((j + 1)); done ) &
wait
errs=$(cat /tmp/conc.* | awk '{ s += $1 } END { print s }')
[ "$errs" -eq 0 ]; res $? "4 concurrent writers x 15 runs: no errors (got $errs)"
awk -F'\t' 'NR == 1 { ok = ($0 == "workload\tpages\tptes\trep\tns\tkcycles\tkcontam\tkpurge\tkslowest\tkfastest\tkdouble\tkoverlap") } NR > 1 && (NF != 12 || $1 != "kmod-vmalloc") { ok = 0 } END { exit !(ok && NR == 7) }' $D/samples
res $? "samples after the concurrent runs are one whole run ($(wc -l <$D/samples) lines)"

# a step session's memory counts against a batch run's limit; closing a session never
# waits behind a batch run; any signal stops a batch run
half=$((lim / 2 + 1))
exec 5<>$D/step
printf 'init workload=vmap pages=%d\n' $half >&5
res $? "step: a session pinning $half pages (over half the limit) starts"
rej run "a run that with the open step session's pages exceeds the limit" "workload=vmalloc pages=$half reps=1"
printf 'fini\n' >&5
printf 'init workload=vmalloc pages=4\n' >&5
echo "workload=vmalloc pages=512 reps=100000 warmup=0" >$D/run 2>/dev/null &
pid=$!
sleep 2
s=$(date +%s)
exec 5>&-
e=$(date +%s)
[ $((e - s)) -le 1 ]; res $? "closing a step session during a batch run returns at once ($((e - s))s)"
# SIGTERM: a non-interactive shell starts background jobs with SIGINT ignored, so a
# kill -INT never reached the writer (the run went on to its 100000 samples)
kill -TERM $pid; wait $pid 2>/dev/null
grep -q '^error -4' $D/status; res $? "a signal (SIGTERM) stops a batch run with -EINTR: $(cat $D/status)"
sleep 1
{ echo "init workload=vmalloc pages=4" && echo fini; } >$D/step
res $? "the closed session was ended once the run was over (a new one starts)"

# rmmod during a run, and a run killed midway
echo "workload=vmalloc pages=512 reps=100000 warmup=0" >$D/run &
pid=$!
sleep 2
rmmod lazybench 2>/dev/null; rc=$?
[ $rc -ne 0 ] && [ -d $D ]; res $? "rmmod during a run is refused (module busy), debugfs intact"
kill -9 $pid; wait $pid 2>/dev/null
grep -q '^error -4' $D/status; res $? "a killed run stops with -EINTR: $(cat $D/status)"
[ "$(wc -l <$D/samples)" -eq 7 ]; res $? "a killed run leaves the previous samples intact"
rmmod lazybench; res $? "rmmod after the run succeeds"
[ ! -d $D ]; res $? "debugfs directory gone after rmmod"
insmod "$KO"; res $? "insmod again succeeds"
echo "workload=threads pages=32 threads=4 reps=5" >$D/run; res $? "a threads run after reload succeeds"
echo "workload=vmalloc pages=512 reps=1000000 warmup=0" >$D/run 2>/dev/null &
pid=$!
sleep 1
( rmmod lazybench 2>/dev/null ) &
sleep 1
kill -9 $pid; wait $pid 2>/dev/null
wait
sleep 1
if [ -d $D ]; then rmmod lazybench; fi
[ ! -d $D ]; res $? "rmmod racing a killed run: module unloads cleanly afterwards"
insmod "$KO" && echo "workload=vunmap pages=8 reps=3" >$D/run; res $? "the kernel still runs workloads after all that"

# race-*: need init_mm (OFF= from the host); all three variants, more workers than
# CPUs (the start line yields), step mode, a signal and a close mid-session
kt=$(grep ' _stext$' /proc/kallsyms | cut -d' ' -f1)
[ -n "$OFF" ] && [ -n "$kt" ] && printf '%x\n' $((0x$kt + 0x$OFF)) >$D/init_mm
rej run "race memory over 1/4 of RAM" "workload=race-nest pages=262144 threads=64"
for v in pause none nest; do
	echo "workload=race-$v pages=1,64 reps=3 threads=2" >$D/run &&
		awk -F'\t' -v w=kmod-race-$v 'NR > 1 && !(NF == 12 && $1 == w && $3 == 2 * $2 && $11 ~ /^[0-9]+$/ && $12 ~ /^[0-9]+$/) { bad = 1 } END { exit bad || NR != 7 }' $D/samples
	res $? "race-$v: 2 sizes x 3 reps, ptes = 2 x pages, kdouble and koverlap counts ($(cat $D/status))"
done
cpus=$(grep -c ^processor /proc/cpuinfo)
echo "workload=race-none pages=16 reps=3 threads=$((cpus * 4))" >$D/run
res $? "race-none with $((cpus * 4)) workers on $cpus CPUs finishes (the start line yields)"
echo "workload=race-pause pages=4 reps=2 threads=1" >$D/run &&
	awk -F'\t' 'NR > 1 && !($11 == 0 && $12 == 0 && $9 > 0) { bad = 1 } END { exit bad }' $D/samples
res $? "race-pause with one worker (the caller): kdouble and koverlap 0, its walk timed"
exec 3<>$D/step
printf 'init workload=race-nest pages=4 threads=2\n' >&3 && printf 'prepare\n' >&3 && printf 'op\n' >&3
res $? "step: race-nest init, prepare, op accepted"
r=$(head -n1 <&3); echo "$r" | grep -qE '^[0-9]+	[0-9]+	8	[01]	([0-9]+|-)	[0-9]+	[0-9]+	[0-9]+	[0-9]+$'
res $? "step: race-nest result has kslowest, kfastest, kdouble and koverlap: '$r'"
printf 'cleanup\n' >&3 && printf 'prepare\n' >&3  # leave it prepared: close must clean up
exec 3>&-
{ echo "init workload=race-none pages=4 threads=2" && echo fini; } >$D/step
res $? "a race session closed while prepared was cleaned up (a new one starts)"
echo "workload=race-none pages=512 reps=100000 warmup=0 threads=2" >$D/run 2>/dev/null &
pid=$!
sleep 2
kill -TERM $pid; wait $pid 2>/dev/null
grep -q '^error -4' $D/status; res $? "a signal stops a race run with -EINTR: $(cat $D/status)"
