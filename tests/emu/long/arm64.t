#!/usr/bin/env bash
# The lazycount plugin on arm64 (QEMU TCG, -cpu neoverse-n1): Debian 7.3 (arm64 lazy
# MMU batches the barriers of kernel PTE updates since 6.16) against Debian 6.12 (no
# arm64 lazy MMU): vmalloc of 512 pages executes far fewer DSBs per PTE on 7.3, from one
# command (scripts/emu-compare); and two runs give bit-identical counts.
. "$(dirname "$0")/../lib.sh"
need_qemu qemu-system-aarch64 arm
command -v aarch64-linux-gnu-gcc >/dev/null || skip_all "gcc-aarch64-linux-gnu missing"
build_or_skip B73 "--debian 7.3 --arch arm64"
build_or_skip B612 "--debian 6.12 --arch arm64"
plan 7

out=$tmp/cmp.out
"$root/scripts/emu-compare" --arch arm64 --module --no-build --results "$tmp/res" \
	--suite "kmod-vmalloc kmod-vfree --pages 512 --reps 3 --warmup 1" \
	debian:6.12 debian:7.3 >"$out" 2>"$tmp/cmp.err"
ok $? "scripts/emu-compare --arch arm64 --module debian:6.12 debian:7.3 ran"
sed -n '/^Exact counts per PTE/,$p' "$out" | sed 's/^/# /'
d612=$(ls -d "$tmp"/res/6.12*/*/ 2>/dev/null | head -n1)
d73=$(ls -d "$tmp"/res/7.3*/*/ 2>/dev/null | head -n1)
[ -n "$d612" ] && [ -n "$d73" ]
ok $? "both run directories came back with emu columns"
med() { # med RUNDIR WORKLOAD COLUMN: median per PTE
	awk -F'\t' -v w="$2" -v col="$3" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 == w && $2 == 512 { v[++n] = $(c[col]) / $(c["ptes"]) }
		END { for (x = 1; x <= n; x++) for (y = x + 1; y <= n; y++) if (v[y] < v[x]) { t = v[x]; v[x] = v[y]; v[y] = t }
			if (n) printf "%.4f", n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }' "$1/samples.tsv"
}
a=$(med "$d612" kmod-vmalloc emu_dsb) b=$(med "$d73" kmod-vmalloc emu_dsb)
diag "kmod-vmalloc 512 pages, dsb per PTE: 6.12 $a, 7.3 $b"
awk -v a="$a" -v b="$b" 'BEGIN { exit !(a != "" && b != "" && a >= 0.9 && b * 4 <= a) }'
ok $? "7.3 executes far fewer dsb per PTE than 6.12 in vmalloc (at least 4x fewer: $a -> $b)"
a=$(med "$d612" kmod-vmalloc emu_isb) b=$(med "$d73" kmod-vmalloc emu_isb)
diag "kmod-vmalloc 512 pages, isb per PTE: 6.12 $a, 7.3 $b"
awk -v a="$a" -v b="$b" 'BEGIN { exit !(a != "" && b != "" && b <= a) }'
ok $? "and no more isb per PTE ($a -> $b)"
grep -q 'exact emulator count' "$out"
ok $? "lazybench compare treats the emu_* columns as exact counts"

# determinism on arm64: the same 7.3 run again
ko=$(ls "$root"/build/kmod/emu-"$(basename "$B73")"/*.ko 2>/dev/null | head -n1)
d2=$("$root/scripts/emu-run" --build "$B73" --module "$ko" --results "$tmp/res2" -- \
	"lazybench run kmod-vmalloc kmod-vfree --pages 512 --reps 3 --warmup 1 --events '' --out /results" \
	2>"$tmp/r2.err" | tail -n1)
ok $? "second 7.3 run"
emucols() {
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if (i <= 4 || $i ~ /^emu_/) k[++n] = i }
		{ s = ""; for (j = 1; j <= n; j++) s = s $(k[j]) "\t"; print s }' "$1/samples.tsv"
}
cmp -s <(emucols "$d73") <(emucols "$d2")
r=$?
[ "$r" = 0 ] || diff <(emucols "$d73") <(emucols "$d2") | head -n 6 | sed 's/^/# /'
ok $r "two arm64 runs give bit-identical emu_* counts"
done_testing
