#!/usr/bin/env bash
# lazybench plot: data files, gnuplot scripts, PNG and SVG; bad inputs write nothing.
# TAP. LAZYBENCH selects the binary (plot-san.t: the sanitizer build).
set -u
cd "$(dirname "$0")/../.."
LB=${LAZYBENCH:-./lazybench}
PY=/usr/bin/python3
MK="$PY tests/report/mkrun.py"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fails=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi; }

if [ ! -x "$LB" ] || [ ! -x $PY ]; then
	echo "1..0 # SKIP $LB or $PY missing"
	exit 0
fi
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

echo "1..$n"
[ $fails -eq 0 ]
