# shellcheck shell=bash
# init_mm_offset BUILD: hex offset of init_mm from _stext in BUILD's System.map (a guest
# adds its runtime _stext from /proc/kallsyms and writes the sum to lazybench's init_mm).
# Low 32 bits only (kernel text lies in the top 2 GiB; shell arithmetic is signed 64-bit),
# wrapped to be non-negative. Sourced by tests/vm/lib.sh and tests/emu/lib.sh;
# tests/kernel/lib.sh (POSIX sh) has its own.
init_mm_offset() {
	awk '$3 == "_stext" { t = $1 } $3 == "init_mm" { m = $1 }
	     END { if (t == "" || m == "") exit 1; print t, m }' "$1/System.map" |
	{ read -r t m || exit 1
	  d=$(( 0x${m: -8} - 0x${t: -8} ))
	  [ "$d" -ge 0 ] || d=$((d + 4294967296))
	  printf '%x\n' "$d"; }
}
