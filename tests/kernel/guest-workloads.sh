# Guest side of workloads.t and debug.t (run by scripts/vm-run; OFF=, PTS= and, from
# debug.t, THR=, RACE_PAGES= and RACE_REPS= are prepended by the test). Prints
# "KT <tag> <data>" lines the host checks.
# keep pr_info off the console, errors stay (warnings too go only to the kernel log,
# whose report lines vm-run replays after the command)
echo 4 >/proc/sys/kernel/printk
D=/sys/kernel/debug/lazybench
[ -d $D ] || { echo "KT fatal no $D"; exit 1; }
kt=$(grep ' _stext$' /proc/kallsyms | cut -d' ' -f1)
[ -n "$OFF" ] && [ -n "$kt" ] && printf '%x\n' $((0x$kt + 0x$OFF)) >$D/init_mm
echo "KT api $(sed -n 's/^lazy_mmu_api\t//p' $D/info)"
echo "KT semcheck $(sed -n 's/^semantics_check\t//p' $D/info)"
echo "KT cpus $(grep -c ^processor /proc/cpuinfo)"
tab=$(printf '\t')
grep '^workload' $D/info >/tmp/wl
while IFS=$tab read -r _ name sup why; do
	if [ "$sup" != supported ]; then
		echo "KT unsupported $name $why"
		continue
	fi
	args="pages=$PTS reps=3"
	case $name in threads | race-*) args="$args threads=${THR:-2}" ;; esac
	if echo "workload=$name $args" >$D/run; then
		sed "s/^/KT samples /" $D/samples
	else
		echo "KT runfail $name"
	fi
done </tmp/wl
# RACE_PAGES and RACE_REPS (20-debug.t): the race-* walkers once more, two (one per vCPU)
# over a range large enough that their walks overlap
for v in ${RACE_PAGES:+pause none nest}; do
	if echo "workload=race-$v pages=$RACE_PAGES reps=$RACE_REPS threads=2" >$D/run; then
		sed "s/^/KT race2 /" $D/samples
	else
		echo "KT runfail race-$v threads=2"
	fi
done
if echo "workload=nest pages=64 reps=3 depth=8" >$D/run; then
	sed "s/^/KT nest8 /" $D/samples
else
	echo "KT nest8fail"
fi
# purges: none may land in a window although 40 x 512 freed pages exceed lazy_max_pages()
# (16384 pages with 2 CPUs); drain=0 shows what happens without the drain (not asserted)
for d in 1 0; do
	if echo "workload=vfree pages=512 reps=40 warmup=0 drain=$d" >$D/run; then
		sed "s/^/KT vfree-drain$d /" $D/samples
	else
		echo "KT runfail vfree-drain$d"
	fi
done
sed "s/^/KT sem /" $D/semantics
lazybench run kmod-vmalloc kmod-vfree kmod-nest --pages 16 --reps 3 --warmup 1 \
	--out /results >/tmp/lb.out 2>&1
echo "KT lbrc $?"
for f in /results/*/*/samples.tsv; do sed "s/^/KT lbtsv /" "$f"; done
# the kernel log's oldest line: still boot's first if the log buffer did not wrap, so that
# vm-run's replay of it (after this script) sees every report of the run
echo "KT dmesg0 $(dmesg | head -n1)"

