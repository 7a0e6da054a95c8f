#!/usr/bin/env bash
# kernel/configs/efi.config (EFI-booted boards): scripts/build-kernel takes it as a
# fragment name for x86_64 and arm64, and every option it asks for lands in .config
# after the steps build-kernel configures with (tinyconfig, the tree's merge_config.sh
# with base + arch (+ xen-pv) + efi, olddefconfig), kconfig only, no build.
. "$(dirname "$0")/../lib.sh"
src=${LAZYBENCH_CACHE:-$HOME/.cache/lazybench}/src/linux-source-7.3
[ -f "$src/scripts/kconfig/merge_config.sh" ] || skip_all "no 7.3 source in the cache (scripts/fetch-kernel-source 7.3)"
command -v aarch64-linux-gnu-gcc >/dev/null || skip_all "gcc-aarch64-linux-gnu missing (make deps-test)"
plan 4
cfg=$root/kernel/configs
"$root/scripts/build-kernel" --debian 7.3 --arch arm64 --config "base efi" --query >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 0 ] || [ "$rc" = 3 ]
ok $? "build-kernel takes efi as a fragment name (--query: rc=$rc, 0 built or 3 not yet; 2 would be refused: $(cat "$tmp/err"))"
for a in "x86_64 x86 - xen-pv" "arm64 arm64 aarch64-linux-gnu- base"; do
	read -r arch karch cross extra <<<"$a"
	[ "$cross" = - ] && cross=
	o=$tmp/o-$arch
	mkdir -p "$o"
	frags=("$cfg/base.config" "$cfg/$arch.config" "$cfg/$extra.config" "$cfg/efi.config")
	{ make -C "$src" O="$o" ARCH="$karch" CROSS_COMPILE="$cross" tinyconfig &&
		ARCH=$karch CROSS_COMPILE=$cross "$src/scripts/kconfig/merge_config.sh" -m -O "$o" "$o/.config" "${frags[@]}" &&
		make -C "$src" O="$o" ARCH="$karch" CROSS_COMPILE="$cross" olddefconfig; } >"$tmp/log-$arch" 2>&1
	missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$cfg/efi.config" | while IFS= read -r l; do grep -qxF "$l" "$o/.config" || echo "${l%%=*}"; done | tr '\n' ' ')
	[ -z "$missing" ] && grep -qx 'CONFIG_EFI_STUB=y' "$o/.config"
	ok $? "$arch: every option of efi.config lands, the image is an EFI application (EFI_STUB)${missing:+ (missing: $missing)}"
done
# the fragment is what makes the difference: without it, the base config has no EFI
grep -qx 'CONFIG_EFI=y' "$tmp/o-arm64/.config" && ! grep -q '^CONFIG_EFI=y' "$cfg/base.config" "$cfg/arm64.config" "$cfg/x86_64.config"
ok $? "the base and arch fragments do not turn EFI on by themselves: efi.config does"
done_testing
