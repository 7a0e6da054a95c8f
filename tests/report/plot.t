#!/usr/bin/env bash
# lazybench plot: data files, gnuplot scripts, PNG and SVG; bad inputs write nothing.
# TAP. LAZYBENCH selects the binary (plot-san.t: the sanitizer build).
. "$(dirname "$0")/lib.sh"
if ! command -v gnuplot >/dev/null; then
	echo "1..0 # SKIP gnuplot is not installed (gnuplot-nox)"
	exit 0
fi

$MK "$T/a" --workloads mremap,munmap --pages 1,16,512,4096 --exact 7 --seed 1
$MK "$T/b" --workloads mremap,munmap --pages 1,16,512,4096 --exact 7 --seed 2 --shift -10 --label v2
$MK "$T/c" --workloads mremap,munmap --pages 1,16,512,4096 --exact 8 --seed 3 --shift 3 --label v3
"$LB" plot "$T/a" "$T/b" "$T/c" --out "$T/p" >"$T/out" 2>"$T/err"
ok $? "plot of 3 runs exits 0 ($(cat "$T/err"))"
for wl in mremap munmap; do
	for m in ns emu_insns; do
		for f in "$wl-$m" "$wl-$m-change"; do
			[ -s "$T/p/$f.dat" ] && [ -s "$T/p/$f.gp" ] &&
				[ "$(head -c 4 "$T/p/$f.png" | od -An -c | tr -d ' ')" = "211PNG" ] &&
				grep -q "<svg" "$T/p/$f.svg"
			ok $? "$f: .dat, .gp, PNG and SVG written"
		done
	done
done
# PNG size from the IHDR chunk: 960x600
dims=$($PY -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$T/p/mremap-ns.png")
[ "$dims" = "960x600" ]
ok $? "PNG is 960x600 ($dims)"
# the data file holds the medians compare computes (per PTE)
"$LB" compare --format csv "$T/a" "$T/b" "$T/c" >"$T/csv"
want=$(awk -F, '$1=="mremap" && $2==512 && $3=="ns" && $7==2 {printf "%.6g", $10}' "$T/csv")
got=$(awk -F'\t' '$1==512 {printf "%.6g", $5}' "$T/p/mremap-ns.dat")
[ -n "$want" ] && [ "$want" = "$got" ]
ok $? "mremap-ns.dat median of run 2 at 512 pages = compare's ($got vs $want)"
awk -F'\t' '!/^#/ && NF != 10 {bad=1} END {exit bad}' "$T/p/mremap-ns.dat"
ok $? "data rows: pages + 3 columns per run"
awk -F'\t' '$1==4096 {exit !($2 > -13 && $2 < -7)}' "$T/p/mremap-ns-change.dat"
ok $? "change data: run 2 (10% faster) near -10% at 4096 pages"
grep -q "logscale x 2" "$T/p/mremap-ns.gp" && grep -q "yerrorlines" "$T/p/mremap-ns.gp" &&
	grep -q "histogram errorbars" "$T/p/mremap-ns-change.gp"
ok $? "scripts: log x with error bars; change as bars with error bars"
rm "$T/p/mremap-ns.png"
(cd "$T/p" && gnuplot mremap-ns.gp) && [ -s "$T/p/mremap-ns.png" ]
ok $? "a script reruns by itself in the output directory"
"$LB" plot "$T/a" --out "$T/single" --metric ns >/dev/null 2>&1 && [ -s "$T/single/mremap-ns.png" ] &&
	[ ! -e "$T/single/mremap-ns-change.dat" ]
ok $? "a single run: metric plot, no change chart"

# README's own command on two real runs of this machine (no PMU here: cycles unavailable,
# ctx_switches/cpu_migrations 0 in the baseline): every plot drawn or said why not
if [ -z "${LAZYBENCH:-}" ] || [ "$LB" = ./lazybench ]; then
	for l in base v5; do
		"$LB" run mremap munmap --pages 1,16,512 --reps 5 --warmup 1 --out "$T/results" \
			--label $l >/dev/null 2>&1
	done
	"$LB" plot "$T/results/base" "$T/results/v5" --out "$T/plots" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -eq 0 ]; ok $? "plot results/base results/v5 (real runs) exits 0 ($rc: $(grep -v '^Warning' "$T/err" | head -c 300))"
	missing=0
	for gp in "$T/plots"/*.gp; do
		b=$(basename "$gp" .gp)
		[ -s "$T/plots/$b.png" ] || grep -q "not drawn: $b:" "$T/err" || { echo "# $b: neither drawn nor said why"; missing=1; }
	done
	[ $missing -eq 0 ] && ls "$T/plots"/mremap-ns.png "$T/plots"/munmap-ns-change.png >/dev/null
	ok $? "real runs: every script has its PNG or a reason on stderr ($(ls "$T/plots"/*.png | wc -l) PNGs)"
	! grep -q "empty y range\|no valid points\|range is invalid" "$T/err"
	ok $? "real runs: gnuplot has nothing to complain about"
fi

# a metric that is 0 in the baseline (here an exact count): its change chart cannot be
# drawn; plot says which and why, exits 0 and draws the rest
$MK "$T/z0" --pages 1,16,512 --exact 0 --seed 1
$MK "$T/z1" --pages 1,16,512 --exact 7 --seed 2 --label v2
"$LB" plot "$T/z0" "$T/z1" --out "$T/zp" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && grep -q "not drawn: mremap-emu_insns-change: 2: v2 against 1: base: the baseline's median is 0 at every size" "$T/err" &&
	grep -q "1 not drawn" "$T/out"
ok $? "zero baseline: exit 0, says which chart and why ($rc: $(head -c 300 "$T/err"))"
[ -s "$T/zp/mremap-emu_insns.png" ] && [ -s "$T/zp/mremap-ns.png" ] && [ -s "$T/zp/mremap-ns-change.png" ] &&
	[ ! -e "$T/zp/mremap-emu_insns-change.png" ]
ok $? "zero baseline: the other three plots are drawn"

# what the numbers are: n and runs per point, emulated or not, in every plot
grep -q "title '1: base (7.3.4), n=20/point, 1 run'" "$T/zp/mremap-ns.gp" &&
	grep -q 'not emulated' "$T/zp/mremap-ns.gp" && grep -q "baseline 1: base, n=20/point, 1 run" "$T/zp/mremap-ns-change.gp"
ok $? "titles: n per point, runs, not emulated"
$MK "$T/t0" --emulated tcg --n 8 --seed 5
mkdir "$T/tl" && $MK "$T/tl/r1" --emulated tcg --n 8 --seed 6 --label tl && $MK "$T/tl/r2" --emulated tcg --n 8 --seed 7 --label tl
"$LB" plot "$T/t0" "$T/tl" --out "$T/tp" >/dev/null 2>&1
grep -q 'emulated (tcg): times are not hardware times' "$T/tp/mremap-ns.gp" && grep -q "2: tl (7.3.4), n=16/point, 2 runs" "$T/tp/mremap-ns.gp"
ok $? "titles: emulated (tcg), a pooled label: n=16/point, 2 runs"

# one size only: a range around it, no gnuplot warning
$MK "$T/one" --pages 512 --seed 10
"$LB" plot "$T/one" --out "$T/onep" >/dev/null 2>"$T/err"
[ $? -eq 0 ] && [ -s "$T/onep/mremap-ns.png" ] && ! grep -q "empty x range" "$T/err"
ok $? "a single size: drawn without gnuplot's empty-range warning ($(head -c 100 "$T/err"))"

# a size without data is a gap: the line breaks there (NaN is undefined to gnuplot; a
# "missing" value would be skipped and the line drawn across)
$MK "$T/g0" --pages 1,16,512 --seed 8
$MK "$T/g1" --pages 1,512 --seed 9 --label v2
"$LB" plot "$T/g0" "$T/g1" --out "$T/gp" --metric ns >/dev/null 2>&1
plotcmd=$(sed -n 's/^PLOT = "\(.*\)"$/\1/p' "$T/gp/mremap-ns.gp")
(cd "$T/gp" && gnuplot -e "set datafile separator tab; set table 'tab.txt'; $plotcmd" 2>/dev/null)
awk '/^# Curve 1/ {c = 1} c && $1 + 0 > 15 && $1 + 0 < 17 && $NF == "u" {found = 1} END {exit !found}' "$T/gp/tab.txt"
ok $? "a size missing in run 2: an undefined point there, the line breaks"
! grep -q "datafile missing" "$T/gp/mremap-ns.gp" "$T/gp/mremap-ns-change.gp"
ok $? "scripts declare no 'missing' string (gnuplot would draw lines across it)"

# one plot that gnuplot fails on does not cost the others theirs
mkdir "$T/bin"
printf '#!/bin/sh\n[ "$1" = mremap-ns.gp ] && exit 1\nexec %s "$@"\n' "$(command -v gnuplot)" >"$T/bin/gnuplot"
chmod +x "$T/bin/gnuplot"
PATH="$T/bin:$PATH" "$LB" plot "$T/a" "$T/b" --out "$T/fp" >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] && grep -q "gnuplot .*mremap-ns.gp failed" "$T/err" && [ -s "$T/fp/munmap-ns.png" ] &&
	[ -s "$T/fp/mremap-ns-change.png" ] && grep -q "1 failed in gnuplot" "$T/out"
ok $? "a gnuplot failure: exit 1, named, the other plots drawn ($rc)"

# a KVM guest runs on the hardware: its plots must not call it emulated
$MK "$T/kv" --pages 16,512 --seed 1 --emulated kvm
"$LB" plot --no-render --out "$T/kvp" "$T/kv" >/dev/null 2>&1
grep -q 'not emulated (KVM guest)' "$T/kvp/mremap-ns.gp" && ! grep -q 'emulated (kvm)' "$T/kvp/mremap-ns.gp"
ok $? "a KVM guest's plot says not emulated (KVM guest)"
"$LB" compare --style fastpath "$T/kv" "$T/kv" 2>/dev/null | grep -q 'not emulated (KVM guest)'
ok $? "and so does compare's fastpath header"

bad() {
	local want=$1 what=$2
	shift 2
	"$LB" plot "$@" >"$T/out" 2>"$T/err"
	local rc=$?
	[ $rc -eq 2 ] && [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q -- "$want" "$T/err"
	ok $? "$what (exit $rc: $(head -c 160 "$T/err"))"
}
bad "--out DIR is required" "no --out" "$T/a" "$T/b"
bad "No such file" "missing run directory, nothing written" "$T/a" "$T/nope" --out "$T/q1"
[ ! -e "$T/q1" ]
ok $? "no output directory created on bad input"
$MK "$T/arm" --arch aarch64 --seed 4
bad "runs differ in what matters: arch" "guard rail" "$T/a" "$T/arm" --out "$T/q2"
bad "--metric: 'cycles'" "unknown metric" "$T/a" --metric cycles --out "$T/q3"
bad "--out given twice" "--out given twice" "$T/a" --out "$T/q4" --out="$T/q5"
bad "unknown option '--met'" "an abbreviated option refused, as run's are" "$T/a" --met ns --out "$T/q9"
bad "^lazybench plot: --metric needs a value$" "a missing value names the option" "$T/a" --out "$T/q9" --metric
bad "--metric given twice" "--metric given twice" "$T/a" --metric ns --metric=ns --out "$T/q6"
[ ! -e "$T/q4" ] && [ ! -e "$T/q5" ] && [ ! -e "$T/q6" ] && [ ! -e "$T/q9" ]
ok $? "options twice: nothing written"
bad "'100.5' is not an integer" "a fractional --boot" "$T/a" --boot 100.5 --out "$T/q7"
bad "'0.5' is not an integer" "a fractional --seed" "$T/a" --seed 0.5 --out "$T/q8"
bad "unknown option '--bogus'" "--help with a bad option" --help --bogus
bad "--help takes no arguments" "--help with an argument" --help x

echo "1..$n"
[ $fails -eq 0 ]
