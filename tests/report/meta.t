#!/usr/bin/env bash
# `lazybench meta` is the scripts' one way to change a run's meta.json: no script under
# scripts/ writes meta.json itself (vm-run's kernel.kunit, compare-revisions's run_id and
# lava-fetch's facts go through the binary); `--set PATH=JSON` gives the same JSON (values
# and key order) as the python json.dump those scripts ran before, keeping every other
# byte of the file (only the changed members' lines differ); `--get PATH` prints a value;
# bad input is exit 2 with one line and the file untouched. The run is the one lazybench
# cbb141b wrote (tests/fixtures/rundir-cbb141b), and the same run as a python json.dump
# left it (runs that vm-run landed before).
. "$(dirname "$0")/lib.sh"
F=tests/fixtures/rundir-cbb141b
echo "1..13"

# no script names meta.json and writes a file itself (a JSON dump to a file, a rename
# into place, a write-mode open, sed -i, or a shell redirection, mv, cp, tee to it)
bad=$(grep -lF meta.json scripts/* | xargs grep -nE \
	'json\.dump\(|os\.(replace|rename)\(|open\([^)]*["'\''][wax]|sed -i|>[^&]*meta\.json|(mv|cp|tee)\b[^|;]*meta\.json' |
	tr '\n' ' ')
[ -z "$bad" ]
ok $? "no script under scripts/ writes meta.json but through lazybench [$bad]"
grep -qF 'lazybench" meta "$d" --set /kernel/kunit="$kunit"' scripts/vm-run &&
	grep -qF -- '--set /run_id=' scripts/compare-revisions
ok $? "vm-run sets kernel.kunit and compare-revisions the run_id with lazybench meta --set"

# the python the scripts ran before (main at da860bd), as the reference
old_kunit() { # META.JSON KUNIT-JSON
	python3 - "$1" "$2" <<'PY'
import json, os, sys
p = sys.argv[1]
m = json.load(open(p))
m.setdefault('kernel', {})['kunit'] = json.loads(sys.argv[2])
with open(p + '.tmp', 'w') as f:
    json.dump(m, f, indent=2)
    f.write('\n')
os.replace(p + '.tmp', p)
PY
}
old_run_id() { # RUN-DIR
	python3 - "$1" <<'PY'
import json, os, sys
d = sys.argv[1].rstrip("/")
p = os.path.join(d, "meta.json")
m = json.load(open(p))
if m.get("run_id") != os.path.basename(d):
    m.setdefault("extra", {})["vm.guest_run_id"] = m.get("run_id")
    m["run_id"] = os.path.basename(d)
    with open(p + ".tmp", "w") as f:
        json.dump(m, f, indent=2)
        f.write("\n")
    os.replace(p + ".tmp", p)
PY
}
# what compare-revisions runs (scripts/compare-revisions, run_one)
new_run_id() { # RUN-DIR
	local gid
	gid=$("$LB" meta "$1" --get /run_id) || return 1
	[ "$gid" = "\"$(basename "$1")\"" ] ||
		"$LB" meta "$1" --set /extra/vm.guest_run_id="$gid" --set /run_id="\"$(basename "$1")\""
}
# same JSON: the same values with their keys in the same order
same_json() {
	python3 -c 'import json, sys
l = [json.load(open(p), object_pairs_hook=list) for p in sys.argv[1:]]
sys.exit(l[0] != l[1])' "$1" "$2"
}
# changed LINES A B: the lines of B that differ from A's, one a line
changed() { diff "$1" "$2" | sed -n 's/^> //p'; }

kunit='{"lazy_mmu_mode": "fail", "zz_suite": "skip"}'
mkdir -p "$T/new" "$T/old"
cp -r $F/old-mremap/*/ "$T/new/r-vm2" && cp -r $F/old-mremap/*/ "$T/old/r-vm2"
orig=$F/old-mremap/20261203-133020-vm/meta.json
"$LB" meta "$T/new/r-vm2" --set /kernel/kunit="$kunit" 2>"$T/err" && old_kunit "$T/old/r-vm2/meta.json" "$kunit"
ok $? "--set /kernel/kunit=JSON exits 0 ($(head -c 100 "$T/err"))"
same_json "$T/old/r-vm2/meta.json" "$T/new/r-vm2/meta.json"
ok $? "kernel.kunit: the JSON python's json.dump wrote, keys in the same order"
line=$(grep '"tlb_single_page_flush_ceiling_source"' $orig)
[ "$(diff $orig "$T/new/r-vm2/meta.json" | grep -c '^[<>]')" = 2 ] &&
	[ "$(changed $orig "$T/new/r-vm2/meta.json")" = "${line%\}*}, \"kunit\": $kunit}," ]
ok $? "kernel.kunit: last in \"kernel\", on its line; every other byte as the run wrote it"

cp "$T/new/r-vm2/meta.json" "$T/k1.json"
new_run_id "$T/new/r-vm2" && old_run_id "$T/old/r-vm2"
ok $? "the run_id as compare-revisions sets it exits 0"
same_json "$T/old/r-vm2/meta.json" "$T/new/r-vm2/meta.json"
ok $? "run_id and extra vm.guest_run_id: the JSON python's json.dump wrote"
[ "$(changed "$T/k1.json" "$T/new/r-vm2/meta.json")" = "$(printf '%s\n' \
	'  "run_id": "r-vm2", "label": "old-mremap",' \
	'  "extra": {"vm.qemu": "7.2.22", "vm.guest_run_id": "20261203-133020-vm"}')" ]
ok $? "run_id replaced in place, vm.guest_run_id last in \"extra\": only their lines change"
cp "$T/new/r-vm2/meta.json" "$T/k2.json"
new_run_id "$T/new/r-vm2" && cmp -s "$T/k2.json" "$T/new/r-vm2/meta.json"
ok $? "a run_id that is the directory's name is left alone"

# a run that python wrote (vm-run before): no "kernel", then a kunit replaced
mkdir -p "$T/py/new" "$T/py/old"
python3 -c 'import json, sys
m = json.load(open(sys.argv[1])); del m["kernel"]
json.dump(m, open(sys.argv[2], "w"), indent=2)' $orig "$T/py/new/meta.json"
cp "$T/py/new/meta.json" "$T/py/old/meta.json"
for k in "$kunit" '{"lazy_mmu_mode": "pass"}'; do
	"$LB" meta "$T/py/new" --set /kernel/kunit="$k" && old_kunit "$T/py/old/meta.json" "$k" || break
done
same_json "$T/py/old/meta.json" "$T/py/new/meta.json" && [ -z "$(find "$T/py/new" -name "*tmp*")" ]
ok $? "python's layout, no \"kernel\" then a kunit replaced: the same JSON, no temp file left"

out=$("$LB" meta "$T/new/r-vm2" --get /kernel/kunit) && [ "$out" = "$kunit" ] &&
	[ "$("$LB" meta "$T/new/r-vm2" --get /options/pages)" = "[1, 8]" ] &&
	[ "$("$LB" meta "$T/new/r-vm2" --get /extra/vm.qemu)" = '"7.2.22"' ]
ok $? "--get prints the JSON value on one line ($out)"
"$LB" meta "$T/new/r-vm2" --get /nosuch >"$T/out" 2>"$T/err"
[ $? = 1 ] && [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" = 1 ]
ok $? "--get of a member that is not there: exit 1, said ($(cat "$T/err"))"

cp "$T/new/r-vm2/meta.json" "$T/before.json"
bad=0
for args in --set "--set x" "--set /a" "--set /a=" "--set /a={" "--set a=1" "--set //a=1" \
	"--set /a/=1" "--set /a~2=1" "--set /run_id/x=1" "--set /a=1 --set /options/pages/x=1" \
	"--get" "--get x" "--get /a --get /b" "k=v --set /a=1" "--set /a=1 --get /a" "--sett /a=1"; do
	# shellcheck disable=SC2086
	"$LB" meta "$T/new/r-vm2" $args >"$T/out" 2>"$T/err"
	rc=$?
	{ [ $rc = 2 ] && [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" = 1 ] &&
		cmp -s "$T/before.json" "$T/new/r-vm2/meta.json"; } ||
		{ bad=1; echo "# lazybench meta RUN $args: rc=$rc $(head -c 100 "$T/err")"; }
done
ok $bad "bad --set/--get: exit 2, one line, meta.json untouched"
[ $fails = 0 ]
