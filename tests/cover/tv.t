#!/usr/bin/env bash
# tv-*: the kernel's own lib/test_vmalloc.c as workloads, in QEMU (TCG) on the cached 7.3
# x86_64 build (booted bare, not under Xen): vm-run ships the build's test_vmalloc.ko,
# each load is one sample with the kernel's Summary figures in tv_avg_ns/tv_loop_ns/
# tv_loops, sizes go to nr_pages, classes without a size SKIP other sizes, a missing
# module SKIPs with the reason, a bad LAZYBENCH_TV is exit 2 before anything is written, the module is
# not left loaded, kmod-vmalloc runs beside it at the same sizes, and `lazybench compare`
# shows the tv columns.
. "$(dirname "$0")/../vm/lib.sh"
# TV_BUILD: another build (tests/cover/long/tv-arm64.t: the 7.3 arm64 one)
build_or_skip B "${TV_BUILD:-$x86_base}"
[ -f "$B/lib/test_vmalloc.ko" ] ||
	skip_all "the cached build $B has no lib/test_vmalloc.ko (built before CONFIG_TEST_VMALLOC=m was in base.config): rebuild it"
diag "build: $B"
plan 17
ko=$(module_for "$B" "$root/kernel/module") || true
margs=()
[ -n "$ko" ] && margs=(--module "$ko")
cls="tv-fix_size_alloc_test tv-fix_size_alloc_test-huge tv-vm_map_ram_test tv-random_size_alloc_test"
run="lazybench run --cpu 0 --pages 1,16,512 --reps 5 --warmup 1"
cmd="export LAZYBENCH_TV=test_loop_count=50
$run --label a $cls kmod-vmalloc kmod-vfree && $run --label b tv-fix_size_alloc_test || exit 1
[ -e /sys/module/test_vmalloc ] && echo TV-LEFT-LOADED
LAZYBENCH_TV_KO=/nonexistent.ko lazybench run --label gone --pages 1 --reps 1 tv-fix_size_alloc_test || exit 1
LAZYBENCH_TV='test_loop_count=5 use_huge=1' lazybench run --label badenv --pages 1 --reps 1 tv-fix_size_alloc_test
echo BADENV-RC=\$?"
s=$(date +%s)
"$root/scripts/vm-run" --build "$B" "${margs[@]}" --results "$tmp/res" --timeout 1200 -- "$cmd" >"$tmp/out" 2>"$tmp/err"
rc=$?
diag "vm-run took $(( $(date +%s) - s ))s: $(tail -n1 "$tmp/err")"
ok $rc "vm-run: the guest ran the tv-* workloads with no kernel report"
a=$(ls -d "$tmp"/res/a/*/ 2>/dev/null | head -n1); a=${a%/}
b=$(ls -d "$tmp"/res/b/*/ 2>/dev/null | head -n1); b=${b%/}
[ -f "$a/samples.tsv" ] && [ -f "$b/samples.tsv" ]
ok $? "the runs landed"
col() { head -n1 "$1/samples.tsv" | tr '\t' '\n' | grep -qx "$2"; }
col "$a" tv_avg_ns && col "$a" tv_loop_ns && col "$a" tv_loops &&
	json_get "$a/meta.json" '[x["kind"] for x in m["metrics"] if x["name"]=="tv_avg_ns"][0]' | grep -qx time
ok $? "samples.tsv has tv_avg_ns, tv_loop_ns, tv_loops; meta.json describes tv_avg_ns as a time"
rows() { awk -F'\t' -v w="$2" -v p="$3" 'NR==1{for(i=1;i<=NF;i++)h[$i]=i;next}
	$h["workload"]==w && $h["pages"]==p' "$1/samples.tsv"; }
n=0
for p in 1 16 512; do n=$((n + $(rows "$a" tv-fix_size_alloc_test $p | wc -l))); done
[ "$n" = 15 ]
ok $? "tv-fix_size_alloc_test: 5 samples (one module load each) at each of 1, 16, 512 pages ($n)"
awk -F'\t' 'NR==1{for(i=1;i<=NF;i++)h[$i]=i;next} $h["workload"] ~ /^tv-/ {
	n++; l = $h["tv_loop_ns"]; a = $h["tv_avg_ns"]
	if ($h["tv_loops"] != 50 || a <= 0 || a % 1000 != 0) bad++
	if (l * 50 < a - 1 || l * 50 > a + 1) bad++ }
	END { exit !(n > 0 && !bad) }' "$a/samples.tsv"
ok $? "every tv sample: the kernel ran 50 loops, avg is whole usec, tv_loop_ns = tv_avg_ns / 50"
t1=$(tsv_median "$a" tv-fix_size_alloc_test 1 tv_loop_ns) t512=$(tsv_median "$a" tv-fix_size_alloc_test 512 tv_loop_ns)
diag "tv-fix_size_alloc_test per loop (vmalloc+write+vfree), TCG: 1 page $t1 ns, 512 pages $t512 ns"
awk -v x="$t1" -v y="$t512" 'BEGIN { exit !(y > 4 * x) }'
ok $? "nr_pages reaches the module: 512 pages cost more than 4x one page per loop"
n=$(grep -c 'Summary: fix_size_alloc_test passed: 1 failed: 0 .*loops: 50 avg: [0-9]* usec' "$a/console.log")
[ "$n" -ge 36 ]
ok $? "the console has the module's Summary line for every load of both fix_size variants ($n >= 36)"
for p in 1 16 512; do rows "$a" tv-vm_map_ram_test $p; done | grep -q . &&
	[ "$(rows "$a" tv-fix_size_alloc_test-huge 512 | wc -l)" = 5 ]
ok $? "tv-vm_map_ram_test and tv-fix_size_alloc_test-huge (use_huge=1) ran"
[ "$(rows "$a" tv-random_size_alloc_test 1 | wc -l)" = 5 ] && [ -z "$(rows "$a" tv-random_size_alloc_test 16)" ] &&
	json_get "$a/meta.json" '"\n".join(s["reason"] for s in m["skipped"] if s["workload"]=="tv-random_size_alloc_test")' |
	grep -c 'does not use nr_pages: run it at --pages 1' | grep -qx 2
ok $? "tv-random_size_alloc_test runs at 1 page and SKIPs 16 and 512 with the reason"
! grep -q TV-LEFT-LOADED "$tmp/out" "$a/console.log"
ok $? "test_vmalloc is not left loaded after the runs (its init returns -EAGAIN)"
g=$(ls -d "$tmp"/res/gone/*/ 2>/dev/null | head -n1)
[ -n "$g" ] && json_get "$g/meta.json" 'm["skipped"][0]["reason"]' | grep -q 'cannot open /nonexistent.ko'
ok $? "a module that is not there: SKIP with the reason"
grep -q "LAZYBENCH_TV: 'use_huge=1' is not NAME=NUMBER" "$a/console.log" && grep -q 'BADENV-RC=2' "$a/console.log"
ok $? "a bad LAZYBENCH_TV: one line naming the word, exit 2"
[ ! -e "$tmp/res/badenv" ]
ok $? "and nothing is written for it"
if [ -n "$ko" ]; then
	k=$(tsv_median "$a" kmod-vmalloc 512 kns) f=$(tsv_median "$a" kmod-vfree 512 kns)
	diag "same guest, 512 pages, TCG: kmod-vmalloc $k ns + kmod-vfree $f ns vs tv-fix_size_alloc_test $t512 ns per loop"
	[ "$k" != none ] && [ "$f" != none ]
	ok $? "kmod-vmalloc and kmod-vfree ran beside it at the same sizes"
else
	skip "lazybench.ko did not build against $B"
fi
# the class runs in the module's kthread while lazybench sleeps in finit_module(): its
# own window always holds a context switch, which says nothing about the kernel's
# figures, so tv-* rows have contam "-" (unknown) and compare keeps them
awk -F'\t' 'NR == 1 { c = NF } NR > 1 && $1 ~ /^tv-/ { n++; if ($c != "-") bad++ } END { exit !(n && !bad) }' "$a/samples.tsv"
ok $? "every tv-* row has contam '-' (the window is a sleep in finit_module)"
"$root/lazybench" compare --metric tv_loop_ns --workload tv-fix_size_alloc_test \
	"$a" "$b" >"$tmp/cmp" 2>&1
rc=$?
sed 's/^/# /' "$tmp/cmp" | head -n 30
[ "$rc" = 0 ] && grep -q 'tv-fix_size_alloc_test: tv_loop_ns' "$tmp/cmp" && grep -qE '^Median +512 ' "$tmp/cmp"
ok $? "lazybench compare shows tv_loop_ns per size for two runs"
"$root/lazybench" compare --format csv --metric tv_avg_ns --workload tv-fix_size_alloc_test \
	"$a" "$b" >"$tmp/csv" 2>&1
rc=$?
[ "$rc" = 0 ] || diag "$(head -n 3 "$tmp/csv")"
[ "$rc" = 0 ] && grep -q 'tv-fix_size_alloc_test' "$tmp/csv" && grep -q 'tv_avg_ns' "$tmp/csv"
ok $? "and tv_avg_ns in CSV"
done_testing
