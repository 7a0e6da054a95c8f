#!/usr/bin/env bash
# --kconfig: a real distribution .config (Debian's, from linux-headers-*-amd64 or
# /boot/config-*) as the base instead of tinyconfig, lazybench's fragments merged on top
# (merge_config.sh, olddefconfig), what they changed printed and kept in kconfig.diff;
# the config stage only (build-kernel --config-only), on the cached kernel source, into a
# scratch cache: nothing is compiled but kconfig's own tools (about 25 s here). Also
# defconfig, bad input, and compare-revisions passing --kconfig on.
. "$(dirname "$0")/../vm/lib.sh"
cfg=$(ls /boot/config-* /usr/src/linux-headers-*-amd64/.config 2>/dev/null | head -n1)
[ -n "$cfg" ] || skip_all "no distribution .config here (/boot/config-* or linux-headers-*-amd64: apt-get install linux-headers-amd64)"
src=
for v in 6.12 7.3; do
	d=${LAZYBENCH_CACHE:-$HOME/.cache/lazybench}/src/linux-source-$v
	[ -f "$d/.lazybench-unpacked" ] && { src=$d; break; }
done
[ -n "$src" ] || skip_all "no cached kernel source (scripts/fetch-kernel-source 6.12)"
plan 12
diag "config: $cfg; tree: $src"
bk=$root/scripts/build-kernel
export LAZYBENCH_CACHE=$tmp/cache
out=$("$bk" --src "$src" --arch x86_64 --config xen-pv --kconfig "$cfg" --config-only 2>"$tmp/err")
ok $? "--kconfig DISTRO-CONFIG --config-only exits 0"
sed 's/^/# /' "$tmp/err" | head -n 14
[ -f "$out/.config" ] && [ ! -e "$out/.lazybench-built" ] && [ ! -e "$out/vmlinux" ]
ok $? "configured, nothing built"
grep -qx 'CONFIG_XEN_PV_DOM0=y' "$out/.config" && grep -qx 'CONFIG_TEST_VMALLOC=m' "$out/.config" &&
	grep -qx 'CONFIG_DEBUG_FS=y' "$out/.config"
ok $? "lazybench's fragments landed (XEN_PV_DOM0, TEST_VMALLOC=m, DEBUG_FS)"
# options of the distribution's that no fragment touches are kept
keep=0 same=0
for o in CONFIG_BTRFS_FS CONFIG_EXT4_FS CONFIG_NET CONFIG_USB CONFIG_DRM CONFIG_SND; do
	l=$(grep -E "^$o=" "$cfg") || continue
	keep=$((keep + 1)); grep -qxF "$l" "$out/.config" && same=$((same + 1))
done
[ "$keep" -ge 3 ] && [ "$same" = "$keep" ]
ok $? "the distribution's own options are kept ($same of $keep checked: BTRFS, EXT4, NET, USB, DRM, SND)"
[ "$(wc -l <"$out/.config")" -gt 3000 ]
ok $? "it is still the full configuration ($(wc -l <"$out/.config") lines), not tinyconfig"
grep -qx ' TEST_VMALLOC n -> m' "$out/kconfig.diff" && grep -q 'TEST_VMALLOC n -> m' "$tmp/err" &&
	grep -q "lazybench's fragments changed [0-9]* option(s)" "$tmp/err"
ok $? "what the fragments changed is printed and kept in kconfig.diff (TEST_VMALLOC n -> m)"
n0=$(basename "$out")
tiny=$("$bk" --src "$src" --arch x86_64 --config xen-pv --query 2>/dev/null; true)
case $n0 in *-kc-*) [ "$n0" != "$(basename "$tiny")" ] ;; *) false ;; esac
ok $? "the build is named and keyed by the configuration ($n0)"
out2=$("$bk" --src "$src" --arch x86_64 --config xen-pv --kconfig defconfig --config-only 2>/dev/null)
[ $? = 0 ] && grep -qx 'CONFIG_XEN_PV_DOM0=y' "$out2/.config" && [ "$out2" != "$out" ]
ok $? "--kconfig defconfig: the arch's defconfig with the fragments on top"
chk() { local desc=$1 want=$2 o rc; shift 2
	o=$("$@" 2>&1); rc=$?
	[ "$rc" = 2 ] && [ "$(echo "$o" | wc -l)" = 1 ] && echo "$o" | grep -qF -- "$want"
	ok $? "$desc ($o)"; }
chk "build-kernel --kconfig of a missing file" "is not a readable file" "$bk" --src "$src" --arch x86_64 --kconfig "$tmp/none" --config-only
echo hello >"$tmp/notconfig"
chk "build-kernel --kconfig of a file that is no .config" "is not a kernel .config" "$bk" --src "$src" --arch x86_64 --kconfig "$tmp/notconfig" --config-only
d=$("$root/scripts/compare-revisions" --base debian:7.3 --kconfig "$cfg" --dry-run 2>/dev/null)
echo "$d" | grep -qE -- "^base +to build .* --kconfig $cfg\$"
ok $? "compare-revisions passes --kconfig on to build-kernel"
chk "compare-revisions --kconfig of a missing file" "is not a readable file" "$root/scripts/compare-revisions" --base debian:7.3 --kconfig "$tmp/none" --dry-run
done_testing
