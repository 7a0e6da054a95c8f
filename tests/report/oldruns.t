#!/usr/bin/env bash
# Run directories written by an older lazybench still load, and a run written now has the
# same format. The fixtures (tests/fixtures/rundir-cbb141b/) were written by lazybench at
# commit cbb141b (git worktree add --detach /tmp/old cbb141b; make; then):
#   lazybench run mremap --pages 1,8 --reps 5 --label old-mremap --meta vm.qemu=7.2.22
#   lazybench run empty --pages 1,4 --reps 3 --warmup 2 --events '' --label old-emu
#   old-emu-merged: old-emu after `lazybench emu-merge --qemu-version 7.2.22 emu-counts.tsv`
#   expect/: what that binary's compare and plot printed for them (commands below)
# compare, plot and emu-merge of this binary must give the same bytes, and a run of it
# must have the same keys in the same order and the same number formats, apart from
# times, ids and measured values.
. "$(dirname "$0")/lib.sh"
F=tests/fixtures/rundir-cbb141b
X=$F/expect

# compare and plot read them, and print what the old binary printed
(cd $F && "$LB" compare old-mremap old-mremap/*/) >"$T/out" 2>&1
ok $? "compare reads the old runs"
cmp -s "$T/out" $X/compare.text
ok $? "compare's text output is the old binary's, byte for byte"
(cd $F && "$LB" compare --format json old-mremap old-mremap/*/) >"$T/out" 2>&1
cmp -s "$T/out" $X/compare.json
ok $? "compare --format json output is the old binary's, byte for byte"
(cd $F && "$LB" compare --format json old-emu old-emu-merged) >"$T/out" 2>&1
cmp -s "$T/out" $X/compare-emu.json
ok $? "compare of an emu-merged old run is the old binary's, byte for byte"
(cd $F && "$LB" plot --no-render --out "$T/plot" old-mremap old-mremap/*/) >/dev/null 2>&1
ok $? "plot reads the old runs"
r=0
for f in mremap-ns.dat mremap-ns-change.dat mremap-ns.gp; do
	cmp -s "$T/plot/$f" "$X/$f" || { r=1; diff "$X/$f" "$T/plot/$f" | head -5 | sed 's/^/# /'; }
done
ok $r "plot's data and scripts are the old binary's, byte for byte"

# report gives summary.txt's medians, for scripts (scripts/lava-job)
"$LB" report $F/old-mremap/*/ >"$T/out" 2>"$T/err"
ok $? "report reads an old run"
awk '$1 == "workload" { h = 1; next } h && NF == 8 && $2 ~ /^[0-9]+$/ { print $1 "\t" $2 "\t" $3 "\t" $4 "\t" $5 }' \
	$F/old-mremap/*/summary.txt >"$T/want"
tail -n +2 "$T/out" | cut -f1-5 | diff "$T/want" - >/dev/null && [ -s "$T/want" ] &&
	[ "$(head -n1 "$T/out")" = "$(printf 'workload\tpages\tptes\tmetric\tmedian_op\tunit')" ] &&
	[ "$(cut -f6 "$T/out" | tail -n +2 | sort -u | tr '\n' ' ')" = "events ns ticks " ]
ok $? "report's rows are summary.txt's medians, with meta.json's units"
"$LB" report "$T/nonexistent" >"$T/out" 2>"$T/err"
[ $? = 2 ] && [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" = 1 ]
ok $? "report of a missing directory: exit 2, one line ($(head -c 80 "$T/err"))"

# emu-merge of the old unmerged run gives what the old merge gave
mkdir -p "$T/m" && cp -r $F/old-emu "$T/m/"
run=$(ls -d "$T"/m/old-emu/*/)
"$LB" emu-merge --qemu-version 7.2.22 $F/emu-counts.tsv "$run" >"$T/out" 2>"$T/err"
ok $? "emu-merge reads an old run ($(head -c 100 "$T/err"))"
r=0
for f in meta.json samples.tsv emu-counts.tsv summary.txt; do
	cmp -s "$run/$f" $F/old-emu-merged/*/"$f" || { r=1; diff $F/old-emu-merged/*/"$f" "$run/$f" | head -6 | sed 's/^/# /'; }
done
ok $r "the merged run is byte for byte what the old emu-merge wrote"

# a run written now: the old run's format, apart from times, ids and measured values.
# shape FILE: strings that differ from run to run masked, every number made N (an integer)
# or N.N / NeN (its format kept)
shape() {
	perl -pe '
		s/"(run_id|lazybench_version|start_time|end_time|clock_read|out)": "[^"]*"/"$1": S/g;
		s/"command_line": \[[^]]*\]/"command_line": S/;
		# another lazybench run on this machine (a parallel test) adds a warning
		s/"cpu_warning": (null|"[^"]*")/"cpu_warning": W/;
		$_ = "" if /^warning: another lazybench run/;
		s/^(lazybench) \S+  run \S+/$1 V  run ID/;
		s/(?<![\w.])-?\d+(\.\d+)?(e[-+]?\d+)?(?![\w.])/"N" . ($1 ? ".N" : "") . ($2 ? "eN" : "")/ge;
		s/ +/ /g if $ENV{COLLAPSE};	# summary.txt: column widths follow the values
		# a sample disturbed by a context switch adds a line (a loaded machine)
		$_ = "" if $ENV{COLLAPSE} && /samples contaminated \(|^contamination unknown/;
	' "$1"
}
"$LB" run mremap --pages 1,8 --reps 5 --label old-mremap --meta vm.qemu=7.2.22 --out "$T/new" \
	>/dev/null 2>"$T/err"
ok $? "a run of this binary succeeds ($(tail -n1 "$T/err" | head -c 100))"
new=$(ls -d "$T"/new/old-mremap/*/ | head -n1)
r=0
for f in meta.json samples.tsv summary.txt; do
	c=$([ $f = summary.txt ] && echo 1)
	COLLAPSE=$c shape $F/old-mremap/*/"$f" >"$T/old.$f"
	COLLAPSE=$c shape "$new/$f" >"$T/new.$f"
	cmp -s "$T/old.$f" "$T/new.$f" || { r=1; diff "$T/old.$f" "$T/new.$f" | head -8 | sed 's/^/# /'; }
done
ok $r "its meta.json, samples.tsv and summary.txt have the old keys, order and number formats"

echo "1..$n"
[ $fails -eq 0 ]
