#!/usr/bin/env bash
# The Xen PV finding, from inside the kernel: on Debian 7.3.4 as a Xen PV dom0 every task
# (user tasks and kthreads alike) runs with a wrapped lazy_mmu_state.pause_count, so
# lazybench.ko's semantics table and the kernel's own KUnit lazy_mmu_mode test both fail
# and in-kernel PTE writes are never batched (apply_to_page_range: 512 xen_mmu_set_pte,
# no xen_mc_batch). With tests/fixtures/xen-ctxsw-lazy-fix.mbox both pass, the table's
# arch effects (multicall flush on leave/flush, a PTE write batched while active) are
# observed, and the 512 writes go through the multicall batch (a few flushes, most of
# them "buffer full": xen:xen_mc_flush_reason). With the fix plus the no-batching fixture
# (every queued write sent at once) KUnit still passes, since it checks the generic state
# only, but the table fails exactly where it observes the arch effect: nothing is left to
# flush at the nested disable, the pause and the disable.
. "$(dirname "$0")/lib.sh"
build_or_skip B "$x86_base"
build_or_skip F "$x86_ctxfix"
build_or_skip N "$x86_ctxfix_nobatch"
have_xen || skip_all "needs Debian's Xen hypervisor: run scripts/fetch-xen"
plan 19
make -s -C "$root" lazybench >/dev/null 2>&1
ev=xen:xen_mmu_set_pte,xen:xen_mc_batch,xen:xen_mc_flush,xen:xen_mc_flush_reason
# one boot per kernel: the module's table, then the in-kernel workloads with the Xen
# tracepoints counted around the op alone
boot() { # LABEL BUILD
	local ko off
	ko=$(module_for "$2" "$root/kernel/module") || return 1
	off=$(init_mm_offset "$2") || return 1
	vmrun --build "$2" --xen --module "$ko" --results "$tmp/res-$1" --log "$tmp/$1.log" \
		--timeout 900 -- "echo 4 >/proc/sys/kernel/printk; D=/sys/kernel/debug/lazybench
		kt=\$(grep ' _stext\$' /proc/kallsyms | cut -d' ' -f1)
		printf '%x\n' \$((0x\$kt + 0x$off)) >\$D/init_mm
		sed 's/^/KT sem /' \$D/semantics
		lazybench run --cpu 0 --pages 512 --reps 5 --warmup 1 --label $1 --events $ev \
			kmod-apply-range kmod-vmalloc kmod-vmap kmod-set-memory mremap mprotect fork munmap" \
		>"$tmp/$1.out" 2>"$tmp/$1.err"
}
sem() { sed -n 's/^KT sem //p' "$tmp/$1.log" | tr -d '\r'; }
run_of() { ls -d "$tmp"/res-"$1"/"$1"/*/ 2>/dev/null | head -n1; }
kunit() { sed -n 's/.*KUnit: //p' "$tmp/$1.err" | head -n1; }
# boot_ok LABEL BUILD WHAT: one boot, its test point and how long it took
boot_ok() {
	local s rc
	s=$(date +%s)
	boot "$1" "$2"
	rc=$?
	ok $rc "$3 Xen PV dom0 boots, semantics and kmod-* run ($(tail -n1 "$tmp/$1.err"))"
	diag "took $(( $(date +%s) - s ))s"
}

boot_ok base "$B" 7.3.4
echo "$(kunit base)" | grep -q 'lazy_mmu_mode: fail'
ok $? "7.3.4: the kernel's KUnit lazy_mmu_mode test fails ($(kunit base))"
r=$(run_of base)
[ -n "$r" ] && [ "$(json_get "$r/meta.json" 'm["kernel"]["kunit"]["lazy_mmu_mode"]')" = fail ]
ok $? "7.3.4: meta.json records kernel.kunit.lazy_mmu_mode = fail"
sem base | grep -qE '^not ok 1 - caller: initial state: not run, task entered at enable_count=0 pause_count=[1-9]'
ok $? "7.3.4: the calling task starts with a non-zero (wrapped) pause_count"
sem base | grep -qE '^not ok [0-9]+ - new kthread: initial state: not run, task entered at enable_count=0 pause_count=[1-9]'
ok $? "7.3.4: so does a freshly created kthread"
nok=$(sem base | grep -c '^not ok')
[ "$nok" -eq 39 ]
ok $? "7.3.4: semantics fails in all three tasks ($nok of 39 not ok)"
sp=$(tsv_median "$r" kmod-apply-range 512 xen_mmu_set_pte) sb=$(tsv_median "$r" kmod-apply-range 512 xen_mc_batch)
[ "$sp" = 512 ] && [ "$sb" = 0 ]
ok $? "7.3.4: apply_to_page_range over 512 pages: 512 xen_mmu_set_pte, none batched (xen_mc_batch $sb)"

boot_ok ctxfix "$F" 7.3.4+ctxfix
echo "$(kunit ctxfix)" | grep -q 'lazy_mmu_mode: pass'
ok $? "ctxfix: the kernel's KUnit lazy_mmu_mode test passes ($(kunit ctxfix))"
f=$(run_of ctxfix)
[ -n "$f" ] && [ "$(json_get "$f/meta.json" 'm["kernel"]["kunit"]["lazy_mmu_mode"]')" = pass ]
ok $? "ctxfix: meta.json records kernel.kunit.lazy_mmu_mode = pass"
[ "$(sem ctxfix | grep -c '^ok ')" -eq 39 ] && ! sem ctxfix | grep -q '^not ok'
ok $? "ctxfix: semantics passes 39/39 $(sem ctxfix | grep '^not ok' | head -n1)"
sem ctxfix | grep -q '^# arch effects observed through Xen PV multicalls' &&
	sem ctxfix | grep -q '^ok [0-9]* - new kthread: nested disable (arch_flush): active=1 enable_count=1 pause_count=0 flushed=1 batched=1'
ok $? "ctxfix: the arch effects were observed (nested disable flushed the batch, the next write was batched)"
fp=$(tsv_median "$f" kmod-apply-range 512 xen_mmu_set_pte) fb=$(tsv_median "$f" kmod-apply-range 512 xen_mc_batch)
ff=$(tsv_median "$f" kmod-apply-range 512 xen_mc_flush) fr=$(tsv_median "$f" kmod-apply-range 512 xen_mc_flush_reason)
[ "$fp" = 512 ] && [ "$fb" != none ] && [ "$fb" -ge 512 ]
ok $? "ctxfix: apply_to_page_range over 512 pages: every xen_mmu_set_pte batched (xen_mc_batch $fb)"
[ "$ff" != none ] && [ "$ff" -ge 2 ] && [ "$ff" -le 64 ] && [ "$fr" != none ] && [ "$fr" -ge 1 ]
ok $? "ctxfix: a few flushes per 512 PTEs ($ff xen_mc_flush, $fr of them for a full buffer)"
boot_ok nobatch "$N" 7.3.4+ctxfix+nobatch
echo "$(kunit nobatch)" | grep -q 'lazy_mmu_mode: pass'
ok $? "ctxfix+nobatch: KUnit lazy_mmu_mode still passes (generic state only) ($(kunit nobatch))"
bad=$(sem nobatch | grep '^not ok' | sed -E 's/^not ok [0-9]+ - [^:]*: ([^:]*):.*flushed=0.*expected.*flushed=1.*/\1/' | sort | uniq -c | tr -s ' ' | tr '\n' ';')
[ "$(sem nobatch | grep -c '^ok ')" -eq 30 ] &&
	[ "$bad" = " 3 disable (arch_leave); 3 nested disable (arch_flush); 3 pause (arch_leave);" ]
ok $? "ctxfix+nobatch: semantics fails exactly the 9 flush checks, 3 per task (30 ok; not ok:$bad)"
bm=$(tsv_median "$r" mprotect 512 xen_mc_flush) fm=$(tsv_median "$f" mprotect 512 xen_mc_flush)
[ "$bm" != none ] && [ "$fm" != none ] && [ "$bm" -ge 500 ] && [ "$fm" -le 64 ]
ok $? "user PTEs too: a 512-page mprotect sends $bm multicalls on 7.3.4 (one per PTE), $fm with the fix"
"$root/lazybench" compare --brief --metric xen_mc_batch --workload kmod-apply-range "$r" "$f" >"$tmp/cmp" 2>&1
grep -qE '^kunit lazy_mmu +fail +pass$' "$tmp/cmp"
ok $? "lazybench compare's header shows KUnit fail (7.3.4) and pass (ctxfix): $(grep -m1 '^kunit' "$tmp/cmp")"
sed 's/^/# /' "$tmp/cmp" | head -n 30
# the rows of docs/findings/xen-pv-lazy-mmu-pause-count.md's table (7.3.4 columns)
for w in kmod-apply-range kmod-vmalloc kmod-vmap kmod-set-memory mremap mprotect fork munmap; do
	for l in base ctxfix nobatch; do
		d=$(run_of $l)
		diag "$l $w 512 pages, median per op: xen_mmu_set_pte $(tsv_median "$d" $w 512 xen_mmu_set_pte) xen_mc_batch $(tsv_median "$d" $w 512 xen_mc_batch) xen_mc_flush $(tsv_median "$d" $w 512 xen_mc_flush) xen_mc_flush_reason $(tsv_median "$d" $w 512 xen_mc_flush_reason) kns $(tsv_median "$d" $w 512 kns)"
	done
done
done_testing
