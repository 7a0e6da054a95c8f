#!/usr/bin/env bash
# Issue 21, question 3 (docs/findings/lazy-mmu-nesting-depth.md): how deep lazy MMU
# sections nest. Boots 7.3 + tests/fixtures/lazy-mmu-depth.mbox on arm64 (KASAN +
# DEBUG_PAGEALLOC) and as a Xen PV dom0 with the context-switch fix, 2 vCPUs each, runs
# guest-depth.sh (the whole default suite, every kmod-* workload, a fork-heavy and a
# vmalloc-heavy stress) and checks the deepest enable_count and pause_count of every
# phase against the document's table (rows "| PLATFORM | PHASE | enable max | pause max |
# ..."): those are exact; the counts of nested and paused enables vary with timing and
# are printed, not compared.
. "$(dirname "$0")/../lib.sh"
doc=$root/docs/findings/lazy-mmu-nesting-depth.md
[ -f "$doc" ] || skip_all "$doc missing"
fx=$root/tests/fixtures
have=() # PLATFORM|BUILD|vm-run options
b=$("$root/scripts/build-kernel" --debian 7.3 --arch arm64 --config "kasan debug-pagealloc" \
	--rev depth --patches "$fx/lazy-mmu-depth.mbox" --query 2>/dev/null) && have+=("arm64|$b|")
b=$("$root/scripts/build-kernel" --debian 7.3 --arch x86_64 --config xen-pv \
	--rev ctxfix-depth --patches "$fx/xen-ctxsw-fix+depth" --query 2>/dev/null) && have+=("xen-pv|$b|--xen")
[ ${#have[@]} -gt 0 ] || skip_all "needs a lazy-mmu-depth build: scripts/build-kernel --debian 7.3 --arch arm64 --config 'kasan debug-pagealloc' --rev depth --patches tests/fixtures/lazy-mmu-depth.mbox"
plan $((${#have[@]} * 3))
for h in "${have[@]}"; do
	IFS='|' read -r plat b vopt <<<"$h"
	ko=$(module_for "$b" "$root/kernel/module") || { ok 1 "$plat: module builds"; continue; }
	{ echo "OFF=$(init_mm_offset "$b") PAGES=1,16,512"; cat "$(dirname "$0")/guest-depth.sh"; } >"$tmp/g.sh"
	log=${LB_DEPTH_KEEP:-$tmp}/depth-$plat.log
	# shellcheck disable=SC2086
	vmrun --build "$b" $vopt --module "$ko" --smp 2 --timeout 3000 --results "$tmp/res-$plat" --log "$log" \
		-- "$(cat "$tmp/g.sh")" >/dev/null 2>"$tmp/err"
	r=$?
	tr -d '\r' <"$log" | grep -a '^DEPTH ' >"$tmp/d-$plat"
	grep -q '^DEPTH done' "$tmp/d-$plat" && ! grep -q '^DEPTH runfail\|^DEPTH fatal' "$tmp/d-$plat"
	ok $((r || $?)) "$plat: every phase ran, vm-run clean ($(tail -n1 "$tmp/err")) $(grep '^DEPTH runfail\|^DEPTH fatal' "$tmp/d-$plat" | head -3 | tr '\n' ' ')"
	for ph in boot suite module fork vmalloc; do
		v() { awk -v p="$ph" -v k="$1" '$2 == p && $3 == k { print $4 }' "$tmp/d-$plat"; }
		site=$(awk -v p="$ph" '$2 == p && $3 == "enable_max_at" { print $7 " (" $5 ")" }' "$tmp/d-$plat")
		sites=$(awk -v p="$ph" '$2 == p && $3 == "nested_site" { printf "%s x%s depth %s; ", $8, $4, $5 }' "$tmp/d-$plat")
		echo "$plat $ph $(v enable_max) $(v pause_max) $(v nested_enables) $(v paused_enables)" >>"$tmp/got"
		diag "$plat $ph: enable max $(v enable_max) at $site, pause max $(v pause_max), nested enables $(v nested_enables), paused enables $(v paused_enables); nested sites: ${sites:-none}"
	done
	# the deepest section any kernel path (not the module's nest8, not KUnit) opened: every
	# nested site outside lazybench.ko and the KUnit test (1: no kernel path nested)
	deep=$(awk 'BEGIN { m = 1 } $3 == "nested_site" && $0 !~ /\[lazybench\]/ && $8 !~ /^lazy_mmu_mode_active/ { if ($5 > m) m = $5 } END { print m }' "$tmp/d-$plat")
	want=$(sed -n "s/^| $plat | kernel paths | \([0-9]*\) |.*/\1/p" "$doc")
	[ -n "$want" ] && [ "$deep" = "$want" ]
	ok $? "$plat: the deepest nesting of a kernel path is $deep (document: ${want:-no row})"
	drift=$(sed -n "s/^| $plat | \(boot\|suite\|module\|fork\|vmalloc\) | \([0-9]*\) | \([0-9]*\) |.*/\1 \2 \3/p" "$doc" |
		while read -r ph e p; do
			g=$(awk -v P="$plat" -v p="$ph" '$1 == P && $2 == p { print $3, $4 }' "$tmp/got")
			[ "$g" = "$e $p" ] || printf '%s: doc %s %s, got %s; ' "$ph" "$e" "$p" "${g:-missing}"
		done)
	[ -z "$drift" ] && grep -q "^| $plat | boot |" "$doc"
	ok $? "$plat: enable max and pause max of every phase as the document states ${drift:+(drift: $drift)}"
done
done_testing
