# Guest side of 40-race.t (run by scripts/vm-run; OFF=, PAGES= and REPS= are prepended
# by the test): the three race-* variants with one worker and with two, batch mode.
# Prints "KT <tag> <data>" lines the host checks.
echo 4 >/proc/sys/kernel/printk	# keep pr_info off the console, errors stay
D=/sys/kernel/debug/lazybench
[ -d $D ] || { echo "KT fatal no $D"; exit 1; }
kt=$(grep ' _stext$' /proc/kallsyms | cut -d' ' -f1)
[ -n "$OFF" ] && [ -n "$kt" ] && printf '%x\n' $((0x$kt + 0x$OFF)) >$D/init_mm
echo "KT arch $(sed -n 's/^lazy_mmu_arch\t//p' $D/info)"
echo "KT cpus $(grep -c ^processor /proc/cpuinfo)"
grep '^workload	race-' $D/info | sed 's/^workload\t/KT info /'
for thr in ${THREADS:-1 2}; do
	for v in pause none nest; do
		if echo "workload=race-$v pages=$PAGES reps=$REPS threads=$thr" >$D/run; then
			sed "s/^/KT race$thr /" $D/samples
		else
			echo "KT runfail race-$v threads=$thr"
		fi
	done
done
