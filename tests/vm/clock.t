#!/usr/bin/env bash
# A TCG guest's clock reads the same date on every boot (Xen PV dom0: no RTC source;
# emu-run: a fixed RTC for determinism). vm-run passes the host's clock on the kernel
# command line (LAZYBENCH_HOST_TIME); lazybench finds the guest's clock disagreeing, dates
# the run by the host (start_time, run id) and records that (meta.json wall_clock); two
# boots never share a run id.
. "$(dirname "$0")/lib.sh"
build_or_skip B "$x86_base"
have_xen || skip_all "needs Debian's Xen hypervisor: run scripts/fetch-xen"
plan 8
make -s -C "$root" lazybench >/dev/null 2>&1
today=$(date -u +%Y%m%d)
cmd="lazybench run empty --pages 1 --reps 3 --warmup 0 --events '' --label clk"
# vm-run --xen: QEMU's RTC follows the host, so does dom0's clock
out0=$(vmrun --build "$B" --xen --results "$tmp/res0" --log "$tmp/c0.log" --timeout 600 -- "$cmd" 2>"$tmp/err0")
ok $? "vm-run --xen exits 0 ($(tail -n1 "$tmp/err0"))"
r0=$(echo "$out0" | grep '/clk/' | head -n1)
diag "$(basename "$r0"): $(json_get "$r0/meta.json" 'm["wall_clock"]')"
[ "$(json_get "$r0/meta.json" 'm["wall_clock"]["source"], m["wall_clock"]["trusted"]')" = "clock True" ] &&
	basename "$r0" | grep -qE "^$today-[0-9]{6}-vm-xen-dom0$"
ok $? "a guest clock that agrees with the host's is used (trusted) and the run id is as before"
# emu-run --xen, twice: a fixed RTC (2026-01-01) on every boot
for k in 1 2; do
	out=$("$root/scripts/emu-run" --build "$B" --xen --no-plugin --results "$tmp/res" --log "$tmp/c$k.log" \
		--timeout 600 -- "$cmd" 2>"$tmp/err$k")
	ok $? "emu-run --xen boot $k exits 0 ($(tail -n1 "$tmp/err$k"))"
	eval "r$k=\$(echo \"\$out\" | grep '/clk/' | head -n1)"
done
bad=0
for r in "$r1" "$r2"; do
	diag "$(basename "$r"): $(json_get "$r/meta.json" 'm["wall_clock"]')"
	[ "$(json_get "$r/meta.json" 'm["wall_clock"]["source"], m["wall_clock"]["trusted"]')" = "host False" ] &&
		[ "$(json_get "$r/meta.json" 'm["wall_clock"]["clock_read"][:10]')" = 2026-01-01 ] || bad=1
done
[ $bad = 0 ]
ok $? "emu-run: the guest clock read 2026-01-01, was found wrong and not used (source host, trusted false)"
bad=0
for r in "$r1" "$r2"; do
	s=$(json_get "$r/meta.json" 'm["start_time"][:10].replace("-", "")')
	[ "$s" = "$today" ] && basename "$r" | grep -qE "^$today-[0-9]{6}-.*-b[0-9a-f]{8}$" || { diag "bad: $r ($s)"; bad=1; }
done
[ $bad = 0 ]
ok $? "start_time and the run id carry the host's date, the run id a boot-id suffix"
[ -n "$r1" ] && [ -n "$r2" ] && [ "$(basename "$r1")" != "$(basename "$r2")" ] &&
	case $(basename "$r2") in *-vm2) false;; *) true;; esac
ok $? "two boots, two run ids of their own (not a -vm2 rename)"
"$root/lazybench" compare "$tmp/res/clk" "$r0" --force >"$tmp/cmp" 2>&1 || true
grep -q "^date  *$(date -u +%Y-%m-%d) *$(date -u +%Y-%m-%d)" "$tmp/cmp"
ok $? "compare's header date is the host's ($(grep '^date' "$tmp/cmp"))"
done_testing
