#!/usr/bin/env bash
# lazybench compare --format cover / cover-md: the cover-letter table, on run directories
# made by tests/report/mkrun.py (no kernel): per workload and size one row per kernel
# with the time metric and the defining exact count (meta.json extra arch.defining, else
# the emu_* counts present but instruction counts), run-level marks (* with 3 runs per
# kernel, ~ with one, # exact, ! an exact count that differs between boots), only the
# facts that differ, a footer with version, kernels, arch, emulated, boots and the
# command ($LAZYBENCH_COMMAND); every text line fits 72 columns; the Markdown twin.
. "$(dirname "$0")/../vm/lib.sh"
plan 22
LB=$root/lazybench
MK="python3 $root/tests/report/mkrun.py"
[ -x "$LB" ] || make -s -C "$root" lazybench >/dev/null
cd "$tmp" || exit 1
# three boots per kernel: base, and v5 10% faster with 2/3 of the exact count
for i in 1 2 3; do
	$MK base/r$i --label 7.3-x86_64-xen --seed $i --exact 3 --n 10 --pages 16,512 --workloads mremap,munmap --kunit fail --emulated tcg
	$MK v5/r$i --label 7.3+v5-x86_64-xen --seed $((i + 10)) --shift -10 --exact 2 --n 10 --pages 16,512 --workloads mremap,munmap --kunit pass --emulated tcg
done
# the defining count, as compare-revisions records it
for m in base/r*/meta.json v5/r*/meta.json; do
	python3 - "$m" <<'PY'
import json, sys
p = sys.argv[1]; m = json.load(open(p)); m["extra"]["arch.defining"] = "emu_insns"
json.dump(m, open(p, "w"), indent=2)
PY
done
export LAZYBENCH_COMMAND="scripts/compare-revisions --base debian:7.3 --revs v5:/home/a/v5.mbox --arch x86_64 --config xen-pv --xen --emu --boots 3 --suite 'mremap munmap --pages 16,512 --reps 10'"
"$LB" compare --format cover base v5 >out 2>err
ok $? "--format cover exits 0"
sed 's/^/# /' out
awk 'length($0) > 72 { bad++; print "# too long: " $0 } END { exit bad > 0 }' out
ok $? "every line fits 72 columns"
grep -qE '^mremap, 512 pages$' out && grep -qE '^munmap, 16 pages$' out &&
	grep -qE '^ +ns +emu_insns$' out
ok $? "a block per workload and size, with the time metric and the defining count"
grep -qE '^7\.3 +[0-9.]+ +[0-9.]+$' out && grep -qE '^\+v5 +[0-9.]+ \*-[0-9.]+%\* +2\.00 #-33\.3%#$' out
ok $? "rows per kernel (labels shortened to 7.3 and +v5), * on the time, # on the exact count"
grep -q '^Median per PTE of 3 runs (boots) per kernel' out
ok $? "the title says what a cell is and how many runs per kernel"
grep -q '^kunit lazy_mmu differs: 7.3: fail; +v5: pass$' out && ! grep -qE '^(arch|release|emulated|date) differs' out
ok $? "only the facts that differ: the KUnit verdict, not arch, release, emulated or date"
grep -q '^Marks: \*x%\* significant' out && grep -q '#x%# exact count' out && ! grep -q '~x%~' out
ok $? "the legend names the marks that appear, and only those"
tr -s '\n ' '  ' <out | grep -qF 'lazybench test; kernels: 7.3-x86_64-xen (7.3.4), 7.3+v5-x86_64-xen (7.3.4); x86_64; emulated (tcg); 3 boots per kernel.'
ok $? "footer: version, kernels with releases, arch, emulated, boots per kernel"
sed -n '/^\$ /,$p' out | sed 's/ \\$//; s/^    //; s/^\$ //' | tr '\n' ' ' | sed 's/ $//' | grep -qxF "$LAZYBENCH_COMMAND"
ok $? "the footer ends with the exact command, continued with \\ within 72 columns"

"$LB" compare --format cover-md base v5 >md 2>&1
ok $? "--format cover-md exits 0"
sed 's/^/# /' md | head -n 12
grep -qx '| kernel | ns | emu_insns |' md && grep -qE '^\| \+v5 \| [0-9.]+ `\*-[0-9.]+%\*` \| 2\.00 `#-33\.3%#` \|$' md
ok $? "Markdown: a table per workload and size, marks in code spans"
grep -qF "    $LAZYBENCH_COMMAND" md && grep -q '3 boots per kernel\.' md
ok $? "Markdown: the footer and the command as a code block"

# a boot whose exact count differs: shown as not deterministic, not pooled silently
rm -rf v5/r3 && $MK v5/r3 --label 7.3+v5-x86_64-xen --seed 13 --shift -10 --exact 2.5 --n 10 --pages 16,512 --workloads mremap,munmap --kunit pass --emulated tcg
python3 -c "import json,sys; p='v5/r3/meta.json'; m=json.load(open(p)); m['extra']['arch.defining']='emu_insns'; json.dump(m,open(p,'w'))"
"$LB" compare --format cover base v5 >out2 2>&1
grep -qE '^\+v5 .* !-[0-9.]+%!$' out2 && grep -q '!x%! exact count that varies' out2 &&
	grep -q '^warning: non-deterministic: mremap 512 emu_insns, column 2' out2 &&
	tr -s '\n ' '  ' <out2 | grep -q 'column 2 (7.3+v5-x86_64-xen): an exact count with 2 different values in 30 samples'
ok $? "an exact count that differs between boots: ! and the non-deterministic warning, wrapped without losing a space"

# one run per kernel: ~, and the footer says 1 boot
"$LB" compare --format cover base/r1 v5/r1 >out3 2>&1
grep -qE '^\+v5 +[0-9.]+ ~-[0-9.]+%~' out3 && grep -q '~x%~ one run per kernel' out3 && grep -q '1 boot per kernel\.' out3
ok $? "one run per kernel: ~ marks, explained, 1 boot per kernel"

# without arch.defining: the emu_* counts present (here emu_hypercall), not instruction counts
mkdir -p nodef && for d in base/r1 v5/r1; do
	mkdir -p "nodef/$d"; sed 's/emu_insns/emu_hypercall/' "$d/samples.tsv" >"nodef/$d/samples.tsv"
	python3 -c "import json,sys; m=json.load(open('$d/meta.json')); del m['extra']['arch.defining']
for x in m['metrics']:
    x['name'] = x['name'].replace('emu_insns', 'emu_hypercall')
json.dump(m, open('nodef/$d/meta.json', 'w'))"
done
"$LB" compare --format cover nodef/base/r1 nodef/v5/r1 >out4 2>&1
grep -qE '^ +ns +emu_hypercall$' out4
ok $? "no arch.defining in meta.json: the emu_* count present is shown"
"$LB" compare --format cover base/r1 v5/r1 --metric ns >out5 2>&1
grep -qE '^ +ns$' out5
ok $? "--metric chooses the metrics"
python3 -c "import json; p='base/r2/meta.json'; m=json.load(open(p)); m['extra']['kconfig']='config-6.1.0-57-amd64@6acc8c88'; json.dump(m,open(p,'w'))"
"$LB" compare --format cover base/r2 v5/r1 >out6 2>&1
tr -s '\n ' '  ' <out6 | grep -qF 'x86_64, config config-6.1.0-57-amd64@6acc8c88; emulated (tcg)'
ok $? "the footer names the base configuration the kernels came from (meta.json extra kconfig)"
"$LB" compare base/r2 v5/r1 >out7 2>&1
grep -qE '^kconfig +config-6.1.0-57-amd6 +\? *$' out7 && grep -qF 'config-6.1.0-57-amd64@6acc8c88' out7
ok $? "the text header names each column's base configuration ($(grep '^kconfig' out7))"
"$LB" compare --format markdown base/r2 v5/r1 >out8 2>&1
grep -qF '| kconfig | config-6.1.0-57-amd64@6acc8c88 | ? |' out8
ok $? "so does the Markdown header"
"$LB" compare base/r1 v5/r1 >out9 2>&1
! grep -q '^kconfig' out9
ok $? "no kconfig row when no column knows its base configuration"

# an exact count that is the same in both kernels: #+0.0%#, certain, not "(+0.0%)",
# which reads as "not significant" (s390x against a comment-only patch)
for i in 1 2 3; do
	$MK same/r$i --label 7.3+doc-x86_64-xen --seed $((i + 20)) --exact 3 --n 10 --pages 16,512 --workloads munmap --kunit fail --emulated tcg
	python3 -c "import json; p='same/r$i/meta.json'; m=json.load(open(p)); m['extra']['arch.defining']='emu_insns'; json.dump(m,open(p,'w'))"
done
"$LB" compare --format cover --workload munmap base same >out10 2>&1
sed -n '/^munmap, 512/,/^$/p' out10 | sed 's/^/# /'
grep -qE '^\+doc +[0-9.]+ .* 3\.00 #\+0\.0%#$' out10 && ! grep -qE 'emu_insns.*\(|3\.00 \(' out10 &&
	tr -s '\n ' '  ' <out10 | grep -qF '#+0.0%# is no change, for certain'
ok $? "an exact count equal to the baseline's: #+0.0%#, explained in the legend"

# the footer's command, pasted into a shell, gives the same arguments: a quoted argument
# is never cut by the 72-column continuation (" \" inside quotes would join it)
args=(scripts/compare-revisions --base debian:7.3 --arch sparc64 --emu --per-patch /tmp/arches-ser-sparc
	--suite 'munmap --pages 512 --reps 3' --no-build --results /tmp/cr-sparc-pp)
LAZYBENCH_COMMAND="${args[*]:0:9} '${args[9]}' ${args[*]:10}" "$LB" compare --format cover base/r1 v5/r1 >out11 2>&1
sed -n '/^\$ /,$p' out11 | sed 's/^/# /'
got=$(sed -n '/^\$ /,$p' out11 | sed 's/^\$ //' | { eval "set -- $(cat)"; printf '%s\n' "$@"; })
[ "$got" = "$(printf '%s\n' "${args[@]}")" ] && ! sed -n '/^\$ /,$p' out11 | awk 'length($0) > 72 { bad = 1 } END { exit !bad }'
ok $? "the footer's command pasted into a shell gives the same arguments, in 72 columns"

done_testing
