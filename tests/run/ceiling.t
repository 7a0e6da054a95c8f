#!/bin/sh
# meta.json records x86's tlb_single_page_flush_ceiling (per-PTE figures at or below it
# mostly measure the flush method), or null with the reason it could not be read.
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
case $(uname -m) in x86_64|i?86) ;; *) echo "1..0 # SKIP x86 only"; exit 0;; esac
get() { perl -MJSON::PP -e 'local $/; open(my $f, "<", $ARGV[0]) or die; my $m = decode_json(<$f>); my $v = $m->{kernel}{$ARGV[1]}; print defined $v ? $v : "null"' "$1" "$2"; }
# the real one: debugfs mounted in a private mount namespace when we may
run_real() {
	if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
		unshare -m sh -c 'mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug 2>/dev/null
			cat /sys/kernel/debug/x86/tlb_single_page_flush_ceiling >"$1/want" 2>"$1/why"
			"$2" run empty --pages 1 --reps 1 --events "" --out "$1/r" --label l >/dev/null 2>&1' sh "$T" "$LB"
	else
		cat /sys/kernel/debug/x86/tlb_single_page_flush_ceiling >"$T/want" 2>"$T/why"
		"$LB" run empty --pages 1 --reps 1 --events "" --out "$T/r" --label l >/dev/null 2>&1
	fi
}
run_real
d=$(run_dir "$T/r/l")
v=$(get "$d/meta.json" tlb_single_page_flush_ceiling)
src=$(get "$d/meta.json" tlb_single_page_flush_ceiling_source)
if [ -s "$T/want" ]; then
	[ "$v" = "$(cat "$T/want")" ]; ok $? "ceiling recorded: $v (the kernel says $(cat "$T/want"))"
else
	[ "$v" = null ] && [ -n "$src" ] && [ "$src" != null ]
	ok $? "ceiling unreadable here ($(cat "$T/why")): null, with the reason: $src"
fi
# the value is read from LAZYBENCH_DEBUGFS when set (VM runners mount debugfs elsewhere)
mkdir -p "$T/dbg/x86" && echo 33 >"$T/dbg/x86/tlb_single_page_flush_ceiling"
LAZYBENCH_DEBUGFS=$T/dbg "$LB" run empty --pages 1 --reps 1 --events '' --out "$T/f" --label l >/dev/null 2>&1
d=$(run_dir "$T/f/l")
[ "$(get "$d/meta.json" tlb_single_page_flush_ceiling)" = 33 ]; ok $? "value taken from \$LAZYBENCH_DEBUGFS/x86/tlb_single_page_flush_ceiling"
done_testing
