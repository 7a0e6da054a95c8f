#!/usr/bin/env bash
# vm-run prints the run directories a guest session made in the order the runs ran, which
# emu-run relies on (the plugin's windows are matched to the runs in that order). Under
# emu-run the guest's clock is the host's time at boot for every run (clock.t), so the
# runs of one session share a second and are named ID, ID-2, ..., ID-12: in C collation
# ID-10 sorts before ID-2, and the windows of run 2 went to run 10 (silently, when the
# two have as many samples). emu-run --no-plugin: the same guest, no plugin needed.
. "$(dirname "$0")/lib.sh"
build_or_skip B "$x86_base"
plan 2
cmd='for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	lazybench run empty --pages 1 --reps 1 --warmup 0 --events "" --meta "seq=$i" --label t --out /results >/dev/null || exit 1
done'
"$root/scripts/emu-run" --no-plugin --build "$B" --log "$tmp/log" --results "$tmp/res" -- "$cmd" >"$tmp/out" 2>"$tmp/err"
ok $? "emu-run --no-plugin of 12 runs exits 0 ($(tail -n1 "$tmp/err"))"
got=$(while IFS= read -r d; do json_get "$d/meta.json" "m['extra']['seq']"; done <"$tmp/out" | tr '\n' ' ')
[ "$got" = "1 2 3 4 5 6 7 8 9 10 11 12 " ]
ok $? "the run directories come back in the order they ran (got: $got)"
done_testing
