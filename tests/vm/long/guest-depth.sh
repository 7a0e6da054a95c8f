# Guest side of tests/vm/long/depth.t (run by scripts/vm-run; OFF= and PAGES= are
# prepended): how deep lazy MMU sections nest (tests/fixtures/lazy-mmu-depth.mbox).
# The counters are printed, then reset, after each phase as "DEPTH PHASE KEY VALUE..."
# lines: boot (everything since boot), suite (every default user workload), module
# (every kmod-* workload, the semantics self-check), fork (a fork-heavy stress: 64 deep
# nested shells, 256 concurrent short-lived children, lazybench's fork at 4096 pages),
# vmalloc (a vmalloc-heavy stress: kmod-threads, kmod-vmalloc/vfree/vmap at 16384 pages,
# the kernel's test_vmalloc classes where the module is there).
echo 4 >/proc/sys/kernel/printk
F=/sys/kernel/debug/lazy_mmu_depth
D=/sys/kernel/debug/lazybench
[ -f $F ] || { echo "DEPTH fatal no $F"; exit 1; }
kt=$(grep ' _stext$' /proc/kallsyms | cut -d' ' -f1)
[ -n "$OFF" ] && [ -n "$kt" ] && [ -d $D ] && printf '%x\n' $((0x$kt + 0x$OFF)) >$D/init_mm
phase() { sed "s/^/DEPTH $1 /" $F; echo 1 >$F; }
run() { lazybench run "$@" --events '' --out /results >/dev/null 2>&1 || echo "DEPTH runfail $*"; }
phase boot
run --pages "${PAGES:-1,16,512}" --reps 3 --warmup 1
phase suite
kw=$(lazybench list 2>/dev/null | sed -n 's/^\(kmod-[a-z0-9-]*\) .*/\1/p' | tr '\n' ' ')
run $kw --pages 1,512 --reps 3 --warmup 1
[ -f $D/semantics ] && sed 's/^/DEPTH semantics /' $D/semantics | grep -a '^DEPTH semantics \(not \)*ok\|^DEPTH semantics 1\.\.'
phase module
i=0
deep() { if [ "$1" -gt 0 ]; then (deep $(($1 - 1))); fi; }
deep 64
while [ $i -lt 256 ]; do /bin/true & i=$((i + 1)); done
wait
run fork --pages 4096 --reps 5 --warmup 1
phase fork
run kmod-threads kmod-vmalloc kmod-vfree kmod-vmap kmod-vunmap --pages 16384 --reps 3 --warmup 1
run tv-fix_size_alloc_test tv-full_fit_alloc_test tv-long_busy_list_alloc_test --pages 64 --reps 2 --warmup 0
phase vmalloc
echo "DEPTH done"
