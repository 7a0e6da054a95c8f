#!/usr/bin/env bash
# Every build of the binary uses the one recipe, mk/lazybench-build.mk: ./lazybench, the
# sanitizer build, each cross build (build/arch/<arch>/lazybench, also what scripts/vm-run
# puts in a guest) and the kselftest package (kselftest/lazybench/Makefile, from the repo
# and from a `make kselftest-dir` copy) compile with the same flags, -Werror included,
# from the same sources. Read from `make -n -B`: nothing is built.
. "$(dirname "$0")/../vm/lib.sh"
. "$root/arch/lib.sh"
ksft=${KSFT_TREE:-${LAZYBENCH_CACHE:-$HOME/.cache/lazybench}/src/linux-source-7.3}/tools/testing/selftests
cross=()
for a in $(arch_names); do arch_load "$a" && [ -n "$A_cross" ] && cross+=("$a"); done
plan $((7 + ${#cross[@]}))

# flags LINE: the compiler's options, but for output, include paths, -c, -static and
# the sanitizer's; one a line, in order
flags() {
	tr ' ' '\n' | grep '^-' | grep -vE '^-(o|c|static|I.*|l.*|fsanitize.*|fno-sanitize.*|fno-omit-frame-pointer)$'
}
# srcs LINE: the C sources, relative to the tree they are in
srcs() { tr ' ' '\n' | grep '\.c$' | sed 's|.*/\(bench/\)|\1|; s|.*/\(emu/\)|\1|' | LC_ALL=C sort; }

make -s -C "$root" -n -B build/obj/bench/main.o >"$tmp/host" 2>&1
grep -- ' -c .*bench/main.c' "$tmp/host" | flags >"$tmp/ref"
grep -qx -- -Werror "$tmp/ref" && grep -qx -- -std=c11 "$tmp/ref" && grep -qx -- -Wshadow "$tmp/ref"
ok $? "./lazybench compiles with -std=c11 ... -Werror -Wshadow ($(tr '\n' ' ' <"$tmp/ref"))"
make -s -C "$root" -n -B build/san/bench/main.o 2>&1 | grep -- ' -c .*bench/main.c' | flags >"$tmp/san"
cmp -s "$tmp/ref" "$tmp/san"
ok $? "build/san/lazybench: the same flags (and the sanitizer's)"
make -s -C "$root" -n -B lazybench 2>&1 | tail -n1 | tr ' ' '\n' | grep '\.o$' |
	sed 's|^build/obj/||; s|\.o$|.c|' | LC_ALL=C sort >"$tmp/host.srcs"
[ -s "$tmp/host.srcs" ] && [ "$(cd "$root" && ls bench/*.c bench/*/*.c emu/merge.c emu/arch.c emu/arch-*.c | LC_ALL=C sort)" = "$(cat "$tmp/host.srcs")" ]
ok $? "./lazybench links an object of every source ($(wc -l <"$tmp/host.srcs"))"

for a in "${cross[@]}"; do
	arch_load "$a"
	line=$(make -s -C "$root" -n -B "build/arch/$a/lazybench" 2>&1 | grep "^${A_cross}gcc ")
	echo "$line" | flags >"$tmp/$a"
	[ -n "$line" ] && cmp -s "$tmp/ref" "$tmp/$a" && [ "$(echo "$line" | srcs)" = "$(cat "$tmp/host.srcs")" ]
	ok $? "build/arch/$a/lazybench: ${A_cross}gcc with the same flags and sources, static"
done

! grep -q -- '-pn' "$root/scripts/vm-run" && grep -q 'make -s -C "$here" "$lbt"' "$root/scripts/vm-run"
ok $? "scripts/vm-run builds the guest's lazybench with make, scrapes no make database"

if [ ! -f "$ksft/lib.mk" ]; then
	for w in "the repo's" "a kselftest-dir copy's"; do
		skip "$w kselftest Makefile: needs the kernel's selftests lib.mk ($ksft): scripts/fetch-kernel-source 7.3"
	done
else
	make -s -C "$root/kselftest/lazybench" KSFT_DIR="$ksft" OUTPUT="$tmp/o1" -n -B "$tmp/o1/lazybench" \
		>"$tmp/k1" 2>&1
	line=$(grep -E '^(\S*-)?gcc .* -o [^ ]*/o1/lazybench ' "$tmp/k1")
	[ -n "$line" ] && cmp -s "$tmp/ref" <(echo "$line" | flags) && [ "$(echo "$line" | srcs)" = "$(cat "$tmp/host.srcs")" ]
	ok $? "the repo's kselftest Makefile: the same flags and sources ($(echo "$line" | flags | tr '\n' ' '))"
	make -s -C "$root" kselftest-dir OUT="$tmp/copy" >/dev/null 2>&1 &&
		make -s -C "$tmp/copy" KSFT_DIR="$ksft" OUTPUT="$tmp/o2" -n -B "$tmp/o2/lazybench" >"$tmp/k2" 2>&1
	line=$(grep -E '^(\S*-)?gcc .* -o [^ ]*/o2/lazybench ' "$tmp/k2")
	[ -n "$line" ] && cmp -s "$tmp/ref" <(echo "$line" | flags) && [ "$(echo "$line" | srcs)" = "$(cat "$tmp/host.srcs")" ] &&
		echo "$line" | grep -q -- "-I$tmp/copy/src/bench "
	ok $? "a kselftest-dir copy's Makefile: the same flags, sources from its src/"
fi

# the version string, the same recipe everywhere: git describe, or a copy's VERSION
v=$(git -C "$root" describe --always --dirty --tags 2>/dev/null || echo unknown)
make -s -C "$root" build/version.h >/dev/null 2>&1 && grep -qxF "#define LB_VERSION \"$v\"" "$root/build/version.h"
ok $? "build/version.h names git describe ($v)"
done_testing
