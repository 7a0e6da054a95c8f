#!/usr/bin/env bash
# scripts/lava-fetch adds the lab's facts (lava.lab, lava.job_id, ...) to a fetched run's
# meta.json "extra" through `lazybench meta`, the binary that owns the run directory:
# only the "extra" line changes, a fact the guest stated keeps the guest's value (said on
# stderr), and bad input to `lazybench meta` exits 2 with one line, the file untouched.
# No LAVA here: add_extra is called on a run written by lazybench cbb141b.
. "$(dirname "$0")/lib.sh"
lb=${LB:-$root/lazybench}
[ -x "$lb" ] || skip_all "$lb is not built (make)"
command -v python3 >/dev/null || skip_all "python3 missing"
plan 6
cp -r "$root"/tests/fixtures/rundir-cbb141b/old-mremap/*/ "$tmp/run"
cp "$tmp/run/meta.json" "$tmp/orig.json"
LAZYBENCH=$lb python3 - "$root/scripts/lava-fetch" "$tmp/run/meta.json" 2>"$tmp/err" <<'PY'
import importlib.machinery, importlib.util, sys
loader = importlib.machinery.SourceFileLoader("lavafetch", sys.argv[1])
spec = importlib.util.spec_from_loader("lavafetch", loader)
lf = importlib.util.module_from_spec(spec)
loader.exec_module(lf)
ok = lf.add_extra(sys.argv[2], {"lava.lab": "lab", "lava.job_id": "17", "vm.qemu": "9",
                                "lava.sha256": "ab" * 32})
sys.exit(0 if ok else 1)
PY
ok $? "add_extra writes through lazybench meta ($(head -c 100 "$tmp/err"))"
diff "$tmp/orig.json" "$tmp/run/meta.json" | grep '^[<>]' >"$tmp/diff"
want='  "extra": {"lava.lab": "lab", "lava.job_id": "17", "lava.sha256": "'$(printf 'ab%.0s' $(seq 32))'", "vm.qemu": "7.2.22"}'
[ "$(wc -l <"$tmp/diff")" = 2 ] && [ "$(sed -n 's/^> //p' "$tmp/diff")" = "$want" ]
ok $? "only the extra line changed, the new facts first, each once"
grep -q "the guest says vm.qemu=7.2.22, the lab 9: kept the guest's" "$tmp/err"
ok $? "a fact the guest stated keeps the guest's value, and that is said"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/run/meta.json"
ok $? "meta.json is still valid JSON"
cp "$tmp/run/meta.json" "$tmp/before.json"
bad=0
for args in "$tmp/run" "$tmp/run =x" "$tmp/run a/b=c" "$tmp/nosuch a=b"; do
	# shellcheck disable=SC2086
	"$lb" meta $args >"$tmp/out" 2>"$tmp/err"
	rc=$?
	{ [ $rc = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && cmp -s "$tmp/before.json" "$tmp/run/meta.json"; } ||
		{ bad=1; diag "lazybench meta $args: rc=$rc $(head -c 100 "$tmp/err")"; }
done
ok $bad "lazybench meta refuses bad input: exit 2, one line, meta.json untouched"
"$lb" meta "$tmp/run" lava.new=1 && grep -q '"extra": {"lava.new": "1", "lava.lab"' "$tmp/run/meta.json" &&
	! ls -a "$tmp/run" | grep -q '\.tmp$'
ok $? "lazybench meta adds a fact and leaves no temp file"
done_testing
