#!/usr/bin/env bash
# The lazycount plugin on x86_64 (Debian 7.3 kernel under QEMU TCG, scripts/emu-run):
# two runs of the same build and suite give bit-identical counts; every workload gets
# kernel instructions per PTE; the plugin's instruction counts agree with the guest
# kernel's own clock (-icount shift=0: one nanosecond per instruction); the plugin costs
# less than 2x the guest run time of the same run without it.
. "$(dirname "$0")/lib.sh"
need_qemu qemu-system-x86_64 x86
build_or_skip B "--debian 7.3 --arch x86_64 --config xen-pv"
[ -x "$root/scripts/vm-run" ] || skip_all "scripts/vm-run missing"
plan 10

suite="lazybench run --pages 1,512 --reps 3 --warmup 1 --events '' --out /results"
emu() { # emu NAME [emu-run options]: runs the suite, sets dir_NAME and secs_NAME
	local name=$1 t0 t1 d
	shift
	t0=$(date +%s.%N)
	d=$("$root/scripts/emu-run" --build "$B" --results "$tmp/$name" --counts "$tmp/$name.counts" \
		"$@" -- "$suite" 2>"$tmp/$name.err" | tail -n1)
	local rc=$?
	t1=$(date +%s.%N)
	printf -v "dir_$name" '%s' "$d"
	printf -v "secs_$name" '%s' "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
	[ "$rc" = 0 ] && [ -f "$d/samples.tsv" ] || { sed 's/^/# /' "$tmp/$name.err" | tail -n 5; return 1; }
}
emucols() { # the emu_* columns with workload, pages, rep
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if (i <= 4 || $i ~ /^emu_/) k[++n] = i }
		{ s = ""; for (j = 1; j <= n; j++) s = s $(k[j]) "\t"; print s }' "$1/samples.tsv"
}

sha0=$(sha256sum <"$root/lazybench" 2>/dev/null)
emu a
ok $? "emu-run with the plugin: suite ran and was merged ($secs_a s)"
emu b
ok $? "second identical emu-run ($secs_b s)"
if cmp -s <(emucols "$dir_a") <(emucols "$dir_b"); then
	ok 0 "two runs give bit-identical emu_* counts ($(($(wc -l <"$dir_a/samples.tsv") - 1)) samples)"
elif [ "$(sha256sum <"$root/lazybench" 2>/dev/null)" != "$sha0" ]; then
	skip "counts differ but ./lazybench was rebuilt between the runs (bench/ edited meanwhile)"
else
	diff <(emucols "$dir_a") <(emucols "$dir_b") | head -n 6 | sed 's/^/# /'
	ok 1 "two runs give bit-identical emu_* counts"
fi

# every workload: kernel instructions per PTE, all rows counted
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ n++; if ($(c["emu_insns"]) + 0 <= 0) bad++ }
	END { exit !(n > 0 && !bad) }' "$dir_a/samples.tsv"
ok $? "every sample row has kernel instructions (emu_insns > 0)"
nwl=$(awk -F'\t' 'NR > 1 { print $1 }' "$dir_a/samples.tsv" | sort -u | wc -l)
[ "$nwl" -ge 5 ]
ok $? "the default suite's workloads are all there ($nwl)"
diag "kernel instructions per PTE (median of reps), x86_64 7.3 under TCG:"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ k = $1 " " $2; v[k] = v[k] " " $(c["emu_insns"]) / $(c["ptes"]); lk[k] = $(c["emu_locked"]) / $(c["ptes"]) }
	END { for (k in v) { split(substr(v[k], 2), a, " "); printf "  %-24s %10.1f insns/PTE %8.2f locked/PTE\n", k, a[2] ? a[2] : a[1], lk[k] } }' \
	"$dir_a/samples.tsv" | sort | sed 's/^/# /'

# the guest's clock and the plugin see the same instructions (1 ns per instruction)
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$(c["pages"]) == 512 { n++; ins = $(c["emu_insns"]) + $(c["emu_uinsns"]); d = $(c["ns"]) - ins;
		if (d < 0) d = -d; if (d > 0.02 * $(c["ns"]) + 200) { bad++; print "# " $1, $(c["ns"]), ins } }
	END { exit !(n > 0 && !bad) }' "$dir_a/samples.tsv"
ok $? "kernel+user instructions in each window match the guest's CLOCK_MONOTONIC_RAW ns within 2%"

# every workload, the kmod-* ones through lazybench.ko
ko=$("$root/kernel/module/build-ko" "$B" "$tmp/kmod" 2>/dev/null | tail -n1)
if [ -f "$ko" ]; then
	all=$("$root/lazybench" list | awk '/^[a-z]/ { print $1 }' | grep -vx empty | tr '\n' ' ')
	suite="lazybench run $all --pages 512 --reps 3 --warmup 1 --events '' --out /results"
	emu m --module "$ko"
	ok $? "emu-run of every workload with lazybench.ko ($secs_m s)"
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ n++; if ($(c["emu_insns"]) + 0 <= 0) bad++; w[$1] = 1 }
		END { for (k in w) nw++; exit !(n > 0 && !bad && nw >= 15) }' "$dir_m/samples.tsv"
	ok $? "kernel instructions for every workload that ran ($(awk -F'\t' 'NR > 1 { print $1 }' "$dir_m/samples.tsv" | sort -u | wc -l) workloads)"
	diag "kmod-* kernel instructions per PTE at 512 pages:"
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 ~ /^kmod-/ && $4 == 1 { printf "  %-22s %8.1f insns/PTE\n", $1, $(c["emu_insns"]) / $(c["ptes"]) }' \
		"$dir_m/samples.tsv" | sed 's/^/# /'
	suite="lazybench run --pages 1,512 --reps 3 --warmup 1 --events '' --out /results"
else
	skip "lazybench.ko does not build against $B"
	skip "(every workload)"
fi

emu c --no-plugin
ok $? "the same deterministic run without the plugin ($secs_c s)"
ratio=$(awk -v a="$secs_a" -v b="$secs_b" -v c="$secs_c" 'BEGIN { m = a < b ? a : b; printf "%.2f", m / c }')
diag "plugin cost: $secs_a s / $secs_b s with the plugin, $secs_c s without: ${ratio}x (whole VM run incl. boot)"
awk -v r="$ratio" 'BEGIN { exit !(r < 2) }'
ok $? "plugin costs less than 2x the guest run time (${ratio}x)"
done_testing
