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
plan 18
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
# a fragment's option that this tree's Kconfig does not define is named as such, not as
# one that failed to be set (base.config's CONFIG_TRACEFS: tracefs comes with TRACING)
if grep -qx 'CONFIG_TRACEFS=y' "$root/kernel/configs/base.config" &&
	! grep -rqsx --include='Kconfig*' 'config TRACEFS' "$src"; then
	grep -q 'not options of this kernel (no Kconfig defines them): .*CONFIG_TRACEFS' "$tmp/err" &&
		! grep -q 'not set as requested.*CONFIG_TRACEFS' "$tmp/err"
	ok $? "an option no Kconfig of the tree defines is named apart ($(grep -m1 'CONFIG_TRACEFS' "$tmp/err"))"
else
	ok 0 "# SKIP base.config has no option the tree lacks"
fi
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
sha=$(sha256sum <"$cfg" | cut -c1-8)
echo "$d" | grep -qE "^results: /.*/results/7\.3-x86_64-kc-$sha\$"
ok $? "its results go to a label directory that names the configuration ($(echo "$d" | grep '^results:'))"
d=$("$root/scripts/compare-revisions" --base debian:7.3 --revs "v5:$root/tests/fixtures/xen-nobatch.mbox" --dry-run 2>/dev/null)
echo "$d" | grep -qE "^results: (/[^ ]*)/results/7\.3-x86_64 \1/results/7\.3\+v5-x86_64\$"
ok $? "tinyconfig's label directories are as before ($(echo "$d" | grep '^results:'))"
chk "compare-revisions --kconfig of a missing file" "is not a readable file" "$root/scripts/compare-revisions" --base debian:7.3 --kconfig "$tmp/none" --dry-run
# Debian's own configuration of the same version, fetched (linux-config-VERSION)
fk=$root/scripts/fetch-kernel-source
if [ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ] && dc=$("$fk" --config cloud-amd64 7.3 2>"$tmp/fk.err"); then
	[ -f "$dc" ] && grep -qx 'CONFIG_XEN_PV=y' "$dc" && [ "$(grep -c '^CONFIG_' "$dc")" -gt 2000 ]
	ok $? "fetch-kernel-source --config cloud-amd64 7.3: Debian's .config ($dc)"
	dc2=$("$fk" --config cloud-amd64 7.3 2>/dev/null) && [ "$dc2" = "$dc" ]
	ok $? "a fetched configuration is reused"
else
	ok 0 "# SKIP linux-config-7.3 not fetched ($(head -n1 "$tmp/fk.err" 2>/dev/null))"
	ok 0 "# SKIP"
fi
chk "fetch-kernel-source --config of a flavour Debian has not" "has no flavour 'nope'" "$fk" --config nope 7.3
done_testing
