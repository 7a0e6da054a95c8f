#!/usr/bin/env bash
# Issue 21, question 1 (docs/findings/arm64-debug-pagealloc-nesting.md): real nested lazy
# MMU sections on arm64 with DEBUG_PAGEALLOC, and what true nesting saves. Three kernels
# of one config (kasan debug-pagealloc): 7.3 + lazy-mmu-depth.mbox (the depth counters),
# 7.3 + depth + nested-disable-leaves.mbox (the 6.16-6.19 arm64 behaviour), 6.12 (no
# arm64 lazy MMU), each booted with debug_pagealloc=on and =off under scripts/emu-run.
# Per workload and size guest-nesting.sh makes a run of 1 and one of REPS repetitions,
# with the kernel's lazy_mmu_depth counters reset before and read after each: the
# difference is what REPS-1 more windows nested. Every exact figure of the document's
# table (rows "| KERNEL | on/off | WORKLOAD | PAGES | ...") must come back unchanged.
. "$(dirname "$0")/../lib.sh"
need_qemu qemu-system-aarch64 arm
cfg="kasan debug-pagealloc"
fx=$root/tests/fixtures
doc=$root/docs/findings/arm64-debug-pagealloc-nesting.md
PLAN=${LB_NEST_PLAN:-"munmap:1,6,7,512,516,4096 madv-dontneed:1,6,7,16,512,4096 kmod-apply-alloc:512 kmod-apply-range:512 kmod-vfree:512 kmod-nest8:512"}
REPS=5
# kernels: LABEL then build-kernel arguments (after --config)
kernels=("7.3|--debian 7.3 --rev depth --patches $fx/lazy-mmu-depth.mbox"
	"7.3+nested-leaves|--debian 7.3 --rev depth-nested --patches $fx/depth+nested-leaves"
	"6.12|--debian 6.12")
for k in "${kernels[@]}"; do
	# shellcheck disable=SC2086
	"$root/scripts/build-kernel" --arch arm64 --config "$cfg" ${k#*|} --query >/dev/null 2>&1 ||
		skip_all "needs the arm64 '$cfg' build ${k%%|*}: scripts/build-kernel --arch arm64 --config '$cfg' ${k#*|}"
done
[ -f "$doc" ] || skip_all "$doc missing"
plan 4
# rows_of_out: append to $rows one row per REPS-run of $tmp/out (lbl, dpa, log set)
rows_of_out() {
	while IFS= read -r d; do
		tag=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["extra"]["lmd"])' "$d/meta.json")
		w=${tag%%:*} r=${tag##*:} n=${tag#*:} n=${n%:*}
		[ "$r" = "$REPS" ] || continue
		# nested enables REPS-1 more windows made (kernel counters; "-": no fixture)
		n1=$(awk -v w="$w" -v n="$n" '$2 == w && $3 == n && $4 == 1 && $5 == "nested_enables" { print $6 }' "$log" | tr -d '\r')
		nr=$(awk -v w="$w" -v n="$n" -v r="$REPS" '$2 == w && $3 == n && $4 == r && $5 == "nested_enables" { print $6 }' "$log" | tr -d '\r')
		nest=-
		[ -n "$n1" ] && [ -n "$nr" ] && nest=$(awk -v a="$n1" -v b="$nr" -v r="$REPS" 'BEGIN { printf "%g", (b - a) / (r - 1) }')
		# dsb and isb per operation: the median over the repetitions, and the range
		awk -F'\t' -v lbl="$lbl" -v dpa="$dpa" -v nest="$nest" '
			function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
				return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
			NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			{ n++; d[n] = $(c["emu_dsb"]); s[n] = $(c["emu_isb"]); w = $1; p = $2 }
			END { if (!n) exit	# unsupported here (6.12: kmod-nest8), no sample
			      md = med(d, n); ms = med(s, n)
			      printf "%s %s %s %s %s %s %s %s-%s\n", lbl, dpa, w, p, md, ms, nest, d[1], d[n] }' \
			"$d/samples.tsv" >>"$rows"
	done <"$tmp/out"
}
rows=$tmp/rows bad=0
: >"$rows"
for k in "${kernels[@]}"; do
	lbl=${k%%|*}
	# shellcheck disable=SC2086
	b=$("$root/scripts/build-kernel" --arch arm64 --config "$cfg" ${k#*|} --query 2>/dev/null)
	ko=$("$root/kernel/module/build-ko" "$b" "$tmp/ko-$lbl" 2>"$tmp/ko.err" | tail -n1) ||
		{ diag "$lbl: module does not build: $(tail -n1 "$tmp/ko.err")"; bad=1; continue; }
	{ echo "OFF=$(init_mm_offset "$b") PLAN='$PLAN' REPS=$REPS"; cat "$(dirname "$0")/guest-nesting.sh"; } >"$tmp/g-$lbl.sh"
	for dpa in on off; do
		ap=()
		[ $dpa = off ] && ap=(--append debug_pagealloc=off)
		log=$tmp/$lbl-$dpa.log
		"$root/scripts/emu-run" --build "$b" --module "$ko" "${ap[@]}" --results "$tmp/res-$lbl-$dpa" \
			--log "$log" --timeout 3000 -- "$(cat "$tmp/g-$lbl.sh")" >"$tmp/out" 2>"$tmp/err" ||
			{ diag "$lbl dpa=$dpa: emu-run failed: $(tail -n2 "$tmp/err")"; bad=1; continue; }
		cp "$tmp/out" "$tmp/out-$lbl-$dpa"
		cp "$log" "${LB_NEST_KEEP:-$tmp}/nesting-$lbl-$dpa.log" 2>/dev/null || true
		grep -a '^LMD - - - cmdline' "$log" | tr -d '\r' | grep -q "debug_pagealloc=$dpa\$\|debug_pagealloc=$dpa " ||
			{ diag "$lbl dpa=$dpa: debug_pagealloc=$dpa not on the command line"; bad=1; }
		grep -aq '^LMD .* runfail' "$log" && { diag "$lbl dpa=$dpa: $(grep -a runfail "$log" | head -3)"; bad=1; }
		rows_of_out
	done
done
diag "kernel dpa workload pages dsb/op isb/op (medians) nested-enables/window dsb-range" && sed 's/^/  /' "$rows" | while IFS= read -r l; do diag "$l"; done
[ "$bad" = 0 ] && [ -s "$rows" ]
ok $? "every kernel booted with debug_pagealloc=on and =off, every run succeeded"
# within(WANT-ROWS GOT-ROWS): rows "KERNEL DPA WORKLOAD PAGES DSB ISB NESTED" of WANT that
# GOT misses or differs from: nested sections exactly, the medians of dsb within 3 or
# 2 % of the document's value (the larger) and of isb within 20 or 2 % per operation.
# Measured (2026-12-03): two boots of the same kernel in one session gave the same
# nested counts and medians within 2 dsb and 18 isb (timer interrupts land in different
# windows: the counts are exact per window, the windows are not bit-identical across
# boots of these KASAN kernels); reruns hours later, of the same kernels at lazybench
# da860bd and 2260f42, differed from the document by up to 13 dsb (munmap 516: 1009
# against 1022, 1.3 %) and 7 isb, the nested counts equal. Cause not found.
within() {
	awk 'NR == FNR { got[$1, $2, $3, $4] = $5 " " $6 " " $7; next }
	{ k = $1 SUBSEP $2 SUBSEP $3 SUBSEP $4
	  if (!(k in got)) { printf "%s %s %s %s: missing; ", $1, $2, $3, $4; next }
	  split(got[k], g, " ")
	  d = g[1] - $5; i = g[2] - $6
	  td = $5 * 0.02; if (td < 3) td = 3
	  ti = $6 * 0.02; if (ti < 20) ti = 20
	  if (g[3] != $7 || d > td || d < -td || i > ti || i < -ti)
		printf "%s %s %s %s: want %s %s %s, got %s; ", $1, $2, $3, $4, $5, $6, $7, got[k] }' "$2" "$1"
}
b=$("$root/scripts/build-kernel" --arch arm64 --config "$cfg" ${kernels[0]#*|} --query 2>/dev/null)
"$root/scripts/emu-run" --build "$b" --module "$(ls "$tmp"/ko-7.3/*.ko | head -n1)" --results "$tmp/res-again" \
	--log "$tmp/again.log" --timeout 3000 -- "$(cat "$tmp/g-7.3.sh")" >"$tmp/out" 2>"$tmp/err2"
rows1=$rows rows=$tmp/rows-again log=$tmp/again.log
: >"$rows"
lbl=7.3 dpa=on
rows_of_out
rows=$rows1
again=$(within <(grep '^7\.3 on ' "$rows") "$tmp/rows-again")
[ -s "$tmp/rows-again" ] && [ -z "$again" ]
ok $? "a second boot of 7.3 (debug_pagealloc=on) repeats every row within the tolerance ${again:+($again)}"
# the kernel saw nesting where the document says so: munmap of >= 7 pages on 7.3 with
# debug_pagealloc=on, none with it off
awk '$1 == "7.3" && $3 == "munmap" && $4 >= 7 && $2 == "on" && !($7 >= 1) { bad = 1 }
     $1 == "7.3" && $3 == "munmap" && $2 == "off" && $7 != 0 { bad = 1 }
     $1 == "7.3" && $3 == "munmap" { n++ } END { exit bad || !n }' "$rows"
ok $? "7.3: munmap of >= 7 pages nests with debug_pagealloc=on (>= 1 nested enable per window), never with it off"
# every row of the document's table, exact: KERNEL | on/off | WORKLOAD | PAGES | dsb/op |
# isb/op | dsb/PTE | isb/PTE | nested enables per window
sed -n 's/^| \(7\.3\|7\.3+nested-leaves\|6\.12\) | \(on\|off\) | `\([a-z0-9-]*\)` | \([0-9]*\) | \([0-9]*\) | \([0-9]*\) | [^|]* | [^|]* | \([0-9.-]*\) |.*/\1 \2 \3 \4 \5 \6 \7/p' "$doc" >"$tmp/want"
drift=$(within "$tmp/want" "$rows")
[ -s "$tmp/want" ] && [ -z "$drift" ]
ok $? "the document's $(wc -l <"$tmp/want") rows hold (nested exactly, dsb within 3 or 2 %, isb within 20 or 2 %) ${drift:+(drift: $drift)}"
done_testing
