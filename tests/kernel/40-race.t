#!/bin/sh
# docs/findings/kasan-shadow-race.md, rerun: the KASAN shadow populate pattern (lock,
# pte_none(), set_pte_at()) from two walkers at once over the module's own range, in
# three variants (race-pause: 7.x's pause/resume around the locked update; race-none:
# nothing; race-nest: a nested enable/disable), $REPS reps with one walker and with two
# (4096 PTEs under Xen, 16384 elsewhere), on Debian 7.3.4 as a Xen PV dom0 with the
# context-switch fix (PTE writes queued in kthreads), as a Xen PV dom0 without it
# (nothing queued), bare x86_64, and arm64 when its build is cached; then, under Xen PV
# with the fix on one vCPU under scripts/emu-run, the exact multicall tracepoint and
# hypercall counts of one walker's 4096 PTEs (`lazybench run --events`, the plugin). Fails when a figure leaves what the document states:
# pause never doubles anywhere, one walker never doubles, the controls never double,
# Xen PV with the fix doubles with race-none and race-nest, the walks overlap
# (koverlap > 0) wherever a 0 is claimed, and the counts per variant. Times are TCG
# times, printed, never asserted. Prints every figure as a diagnostic.
. "$(dirname "$0")/lib.sh"
[ -x "$TOP/scripts/vm-run" ] || { echo "1..0 # SKIP scripts/vm-run missing"; exit 0; }
REPS=${LB_RACE_REPS:-100}
# installed, or unpacked into the cache by scripts/fetch-xen (one `ls A B` fails when
# either is missing)
have_xen() {
	ls /boot/xen-4.*-amd64.gz >/dev/null 2>&1 ||
		ls "$CACHE"/xen/boot/xen-4.*-amd64.gz >/dev/null 2>&1
}
fix_query() {
	"$TOP/scripts/build-kernel" --debian 7.3 --arch x86_64 --config xen-pv --rev ctxfix \
		--patches "$TOP/tests/fixtures/xen-ctxsw-lazy-fix.mbox" --query 2>/dev/null
}

# rows LABEL THREADS VARIANT: that run's samples
rows() { awk -F'\t' -v k="race$2 kmod-race-$3" '$1 == k' "$T/$1.kt"; }
# med: the median of the numbers on stdin (0 if none)
med() { sort -g | awk '{ a[NR] = $1 } END { printf "%.0f\n", NR ? a[int((NR + 1) / 2)] : 0 }'; }
# stats LABEL THREADS VARIANT: "reps with-doubles total-doubles max-doubles
# reps-with-koverlap median-ns/PTE median-kcycles/PTE" over that run's samples
stats() {
	rows "$@" | awk -F'\t' '{ n++; d += $11; if ($11 > 0) nd++; if ($11 > mx) mx = $11; if ($12 > 0) ns++ }
		END { printf "%d %d %d %d %d ", n, nd, d, mx, ns }'
	echo "$(rows "$@" | awk -F'\t' '{ print $5 / $3 }' | med) $(rows "$@" | awk -F'\t' '{ print $6 / $3 }' | med)"
}

# race LABEL BUILD PAGES [vm-run options]: one boot, its samples in $T/LABEL.kt
race() {
	r_label=$1 r_b=$2 PAGES=$3
	shift 3
	r_ko=$(module_for "$r_b") || { ok 1 "$r_label: module builds: $(tail -n1 "$T/build-ko.err")"; return 1; }
	{ echo "OFF=$(init_mm_offset "$r_b") PAGES=$PAGES REPS=$REPS"; cat "$(dirname "$0")/guest-race.sh"; } >"$T/g.sh"
	r_log=$LOGDIR/$(basename "$0" .t)-$r_label.log
	vm "$r_b" "$r_ko" "$r_log" "$T/g.sh" --timeout 1200 "$@"
	ok $? "$r_label (${r_b##*/}): vm-run clean: $(tail -n1 "$T/vm.err")"
	[ -f "$r_log" ] || return 1
	kt "$r_log" race1 | sed 's/^/race1 /' >"$T/$r_label.kt"
	kt "$r_log" race2 | sed 's/^/race2 /' >>"$T/$r_label.kt"
	diag "$r_label: $(kt "$r_log" arch), $(kt "$r_log" cpus) CPUs"
	! grep -q '^KT runfail' "$r_log"
	ok $? "$r_label: every run succeeded $(kt "$r_log" runfail | tr '\n' ' ')"
	for thr in 1 2; do
		for v in pause none nest; do
			set -- $(stats "$r_label" $thr $v)
			diag "$r_label threads=$thr race-$v: $1 reps, $2 with doubles, $3 doubles (max $4 in a rep), koverlap>0 in $5, $6 ns/PTE, $7 kcycles/PTE (medians)"
			[ "$1" -eq "$REPS" ]; ok $? "$r_label threads=$thr race-$v: $REPS samples (got $1)"
			if [ $thr = 1 ]; then
				[ "$3" -eq 0 ] && [ "$5" -eq 0 ]
				ok $? "$r_label one walker race-$v: no double, no overlap ($3, $5)"
			else
				[ "$5" -gt 0 ]; ok $? "$r_label two walkers race-$v: the walks overlapped (koverlap > 0 in $5 reps)"
			fi
		done
	done
	set -- $(stats "$r_label" 2 pause)
	[ "$3" -eq 0 ]; ok $? "$r_label: race-pause never doubles ($3)"
}

# controls: no double from either variant
none_double() {
	nd_l=$1
	for v in none nest; do
		set -- $(stats "$nd_l" 2 $v)
		[ "$3" -eq 0 ]; ok $? "$nd_l: race-$v never doubles ($3)"
	done
}

B=$(find_build 7.3 x86_64 xen-pv) || B=
F=$(fix_query) || F=
if [ -z "$F" ] || ! have_xen; then
	skip "Xen PV + fix: needs the ctxfix build and Xen (make check-kernels; scripts/fetch-xen)"
elif race xenfix "$F" 4096 --xen; then
	for v in none nest; do
		set -- $(stats xenfix 2 $v)
		[ "$3" -gt 0 ]; ok $? "xenfix: race-$v doubles ($3 in $2 of $1 reps)"
	done
fi
rm -rf "$T/results"
# the cost, exactly: one walker (one vCPU: kmod-race-* then walks in the lazybench
# process, whose perf events count it), 4096 PTEs, the multicall tracepoints
if [ -n "$F" ] && have_xen && make -s -C "$TOP" lazybench >/dev/null 2>&1 &&
	ko=$(module_for "$F"); then
	ev=xen:xen_mmu_set_pte,xen:xen_mc_batch,xen:xen_mc_flush,xen:xen_mc_flush_reason
	cat >"$T/c.sh" <<-EOF
	echo 4 >/proc/sys/kernel/printk; D=/sys/kernel/debug/lazybench
	kt=\$(grep ' _stext\$' /proc/kallsyms | cut -d' ' -f1)
	printf '%x\n' \$((0x\$kt + 0x$(init_mm_offset "$F"))) >\$D/init_mm
	lazybench run --pages 4096 --reps 5 --warmup 1 --events $ev \
		kmod-race-pause kmod-race-none kmod-race-nest
	EOF
	# deterministic TCG with the lazycount plugin: exact hypercalls, and the guest clock
	# counts instructions (-icount shift=0: guest + Xen instructions)
	"$TOP/scripts/emu-run" --build "$F" --xen --module "$ko" --results "$T/results" \
		--log "$LOGDIR/$(basename "$0" .t)-counts.log" --timeout 900 -- "$(cat "$T/c.sh")" \
		>"$T/emu.out" 2>"$T/emu.err"
	ok $? "xenfix counts: emu-run clean and merged: $(tail -n1 "$T/emu.err")"
	tsv=$(ls "$T"/results/*/*/samples.tsv 2>/dev/null | head -n1)
	# count WORKLOAD: "set_pte batch flush flush_reason hypercalls ns/PTE" of every rep
	count() {
		awk -F'\t' -v w="kmod-race-$1" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			$1 == w { print $c["xen_mmu_set_pte"], $c["xen_mc_batch"], $c["xen_mc_flush"], $c["xen_mc_flush_reason"], $c["emu_hypercall"], $c["ns"] / $3 }' "$tsv"
	}
	for v in pause none nest; do
		diag "xenfix one walker, race-$v, 4096 PTEs (set_pte batch flush flush_reason hypercalls ns/PTE): $(count $v | tr '\n' ';')"
	done
	# hypercalls: pause and nest one per PTE (plus a few: 4096-4120), none 130-160
	bad=$(for v in pause none nest; do count $v | sed "s/^/$v /"; done |
		awk '!(($1 == "none" && $6 >= 130 && $6 <= 160) || ($1 != "none" && $6 >= 4096 && $6 <= 4120))')
	[ -n "$tsv" ] && [ -z "$bad" ]
	ok $? "xenfix hypercalls per 4096 PTEs: pause and nest 4096-4120, none 130-160 ${bad:+bad: $bad}"
	# every PTE write traced; pause: none batched, one (empty) flush per pause plus one
	# per PTE table walked (8 or 9: 4096 PTEs from wherever vmap() put them); none: all
	# batched, a flush per full buffer (31 writes) plus one per table; nest: all batched,
	# a flush (a one-entry multicall) per nested disable plus one per table
	bad=$(count pause | awk '!($1 == 4096 && $2 == 0 && $3 >= 4104 && $3 <= 4105 && $4 == 0)')
	[ -n "$tsv" ] && [ "$(count pause | wc -l)" -eq 5 ] && [ -z "$bad" ]
	ok $? "xenfix race-pause: 4096 writes, 0 batched, 4104-4105 flushes in each of 5 reps ${bad:+bad: $bad}"
	bad=$(count none | awk '!($1 == 4096 && $2 == 4096 && $3 >= 134 && $3 <= 137 && $4 >= 126 && $4 <= 128)')
	[ -n "$tsv" ] && [ "$(count none | wc -l)" -eq 5 ] && [ -z "$bad" ]
	ok $? "xenfix race-none: 4096 writes, 4096 batched, 134-137 flushes (126-128 buffer full) in each of 5 reps ${bad:+bad: $bad}"
	bad=$(count nest | awk '!($1 == 4096 && $2 == 4096 && $3 >= 4104 && $3 <= 4105 && $4 == 0)')
	[ -n "$tsv" ] && [ "$(count nest | wc -l)" -eq 5 ] && [ -z "$bad" ]
	ok $? "xenfix race-nest: 4096 writes, 4096 batched, 4104-4105 flushes in each of 5 reps ${bad:+bad: $bad}"
	rm -rf "$T/results"
fi
if [ -z "$B" ] || ! have_xen; then
	skip "Xen PV 7.3.4: needs the 7.3 xen-pv build and Xen ($(how_to_build 7.3 x86_64 xen-pv); scripts/fetch-xen)"
elif race xen "$B" 4096 --xen; then
	none_double xen
fi
if [ -z "$B" ]; then
	skip "bare x86_64: no 7.3 build ($(how_to_build 7.3 x86_64 xen-pv))"
elif race bare "$B" 16384; then
	none_double bare
fi
A=$(find_build 7.3 arm64 base) || A=
if [ -z "$A" ]; then
	skip "arm64: no 7.3 arm64 build ($(how_to_build 7.3 arm64 base))"
elif race arm64 "$A" 16384; then
	none_double arm64
fi
done_testing
