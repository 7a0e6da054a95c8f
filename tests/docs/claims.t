#!/usr/bin/env bash
# README.md and docs/*.md name only what exists: workloads (`lazybench list`), options of
# `lazybench COMMAND` (its --help) and of scripts (their text), make targets, repository
# files and relative links (tests/docs/claims.py); README's workload table names every
# workload. The checker is shown to fail on a deliberately broken copy of README.
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }
echo "1..10"
cd "$root" || exit 1
[ -x ./lazybench ] || make -s lazybench >/dev/null

tests/docs/claims.py --table README.md README.md docs/*.md >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 0 ]
ok $? "README.md and docs/*.md name no missing workload, option, target or file (exit $rc)$( [ -s "$tmp/out" ] && printf ': %s' "$(head -n 8 "$tmp/out" | tr '\n' ' ')")"

# a broken README: each kind of false claim, where README makes such claims (its code
# blocks and inline code), must be reported with its line
cp README.md "$tmp/README.md"
python3 - "$tmp/README.md" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace("    $ ./lazybench run mremap munmap --pages 16,512\n",
              "    $ ./lazybench run mremap munmap mremap-bogus --pages 16,512 --bogus-opt\n", 1)
s = s.replace("    make check    #", "    make no-such-target    #", 1)
s = s.replace("(`mremap-read`", "(`mremap-reed`", 1)
s = s.replace("| `empty` (by name) |", "| `emptyy` (by name) |", 1)
s += ("\nSee `scripts/no-such-script --x` and [the manual](docs/no-such.md); "
      "`./lazybench compare a b --no-such-option`; `scripts/emu-run --no-such-flag`;\n"
      "`tests/run/no-such.t`.\n")
open(p, "w").write(s)
PY
tests/docs/claims.py --table "$tmp/README.md" "$tmp/README.md" >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 1 ]
ok $? "the broken README fails the check (exit $rc)"
want() { grep -q -- "$1" "$tmp/out"; ok $? "reported: $2 ($(grep -m1 -- "$1" "$tmp/out" || echo none))"; }
want "no workload 'mremap-bogus' in" "a workload that does not exist, in a lazybench run line"
want "lazybench run has no option --bogus-opt" "an option lazybench run does not have"
want "lazybench compare has no option --no-such-option" "an option lazybench compare does not have"
want "make has no target 'no-such-target'" "a make target that does not exist"
want "no such file in the tree: scripts/no-such-script" "a script that does not exist"
want "link to a missing file: docs/no-such.md" "a link to a missing doc"
want "scripts/emu-run has no option --no-such-flag" "a script option that does not exist"
want "workload 'empty' (lazybench list) is not in the workload table" "a workload missing from the table"
[ "$failed" -eq 0 ]
