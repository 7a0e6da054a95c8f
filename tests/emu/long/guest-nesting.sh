# Guest side of tests/emu/long/nesting.t (run by scripts/emu-run; OFF=, PLAN= and REPS= are
# prepended; PLAN is "WORKLOAD:SIZE,SIZE... ..."): one `lazybench run` per workload, size
# and repetition count
# (1 and REPS, each after one warm-up), tagged --meta lmd=WORKLOAD:PAGES:REPS, with the
# lazy_mmu_depth counters (tests/fixtures/lazy-mmu-depth.mbox) reset before it and
# printed after it as "LMD WORKLOAD PAGES REPS KEY VALUE..." lines; "LMD ... none" where
# the kernel has no such file (6.12). The difference between the two runs of a size is
# what REPS-1 more windows (each with its prepare and cleanup) did in the kernel.
echo 4 >/proc/sys/kernel/printk
D=/sys/kernel/debug/lazybench
F=/sys/kernel/debug/lazy_mmu_depth
kt=$(grep ' _stext$' /proc/kallsyms | cut -d' ' -f1)
[ -n "$OFF" ] && [ -n "$kt" ] && printf '%x\n' $((0x$kt + 0x$OFF)) >$D/init_mm
echo "LMD - - - cmdline $(cat /proc/cmdline)"
for p in $PLAN; do
	w=${p%%:*}
	for n in $(echo "${p#*:}" | tr ',' ' '); do
		for r in 1 $REPS; do
			[ -f $F ] && echo 1 >$F
			lazybench run "$w" --pages "$n" --reps "$r" --warmup 1 --events '' \
				--meta "lmd=$w:$n:$r" --out /results >/dev/null 2>&1 ||
				echo "LMD $w $n $r runfail"
			if [ -f $F ]; then
				sed "s/^/LMD $w $n $r /" $F
			else
				echo "LMD $w $n $r none"
			fi
		done
	done
done
