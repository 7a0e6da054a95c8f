#!/usr/bin/env bash
# Jobs written by scripts/lava-job pass LAVA's own validation (the server's submission
# schema and `lava-run --validate` against a device dictionary) for: LAVA's qemu device
# type, an arm64 board booting with U-Boot over TFTP, a board booting its installed
# distro, and the local QEMU boards (x86_64 with iPXE, arm64 with U-Boot). Broken jobs are refused by the same validator.
. "$(dirname "$0")/lib.sh"
lava_or_skip
plan 19
lj="$root/scripts/lava-job" lv="$root/scripts/lava-validate" dev="$root/lava/devices"
x86=$(has_build "$x86_base") || { fake_build "$tmp/x86" x86_64 bzImage; x86=$tmp/x86; diag "no 7.3 x86_64 build: jobs reference a placeholder image"; }
fake_build "$tmp/arm" arm64 Image
printf 'placeholder device tree\n' >"$tmp/arm/board.dtb"
yq() { /usr/bin/python3 -c "import sys, yaml; j = yaml.safe_load(open(sys.argv[1])); print($2)" "$1"; }

"$lj" --device-type qemu --boot qemu --build "$x86" --suite "mremap --pages 512 --reps 5" \
	--stage "$tmp/st-qemu" -o "$tmp/qemu.yaml" 2>"$tmp/err"
ok $? "job for LAVA's qemu device type written ($(tail -n1 "$tmp/err"))"
"$lv" "$tmp/qemu.yaml" "$dev/qemu.yaml" 2>"$tmp/err"
ok $? "qemu job: LAVA's schema and lava-run --validate accept it ($(tail -n1 "$tmp/err"))"
[ "$(yq "$tmp/qemu.yaml" "j['context']['arch']")" = x86_64 ] && grep -q 'image_arg: "-initrd {ramdisk}"' "$tmp/qemu.yaml"
ok $? "qemu job: arch in the context, kernel and ramdisk as QEMU arguments"

"$lj" --device-type meson-g12b-a311d-khadas-vim3 --boot u-boot --build "$tmp/arm" --dtb board.dtb \
	--suite "mremap munmap --pages 512" --boots 3 --stage "$tmp/st-arm" -o "$tmp/uboot.yaml" 2>"$tmp/err"
ok $? "job for an arm64 U-Boot/TFTP board written, 3 boots ($(tail -n1 "$tmp/err"))"
"$lv" "$tmp/uboot.yaml" "$dev/khadas-vim3.yaml" 2>"$tmp/err"
ok $? "u-boot job: LAVA's schema and lava-run --validate accept it ($(tail -n1 "$tmp/err"))"
n=$(yq "$tmp/uboot.yaml" "sum(1 for a in j['actions'] if 'boot' in a)")
t=$(yq "$tmp/uboot.yaml" "sum(1 for a in j['actions'] if 'test' in a)")
[ "$n" = 3 ] && [ "$t" = 3 ]
ok $? "u-boot job: one boot and one test per run ($n boots, $t tests)"
[ "$(yq "$tmp/uboot.yaml" "j['actions'][0]['deploy']['kernel']['type']")" = image ] &&
	[ "$(yq "$tmp/uboot.yaml" "j['actions'][0]['deploy']['dtb']['url']")" = "file://$tmp/st-arm/board.dtb" ]
ok $? "u-boot job: arm64 Image booted with booti, the DTB staged and referenced"
file -L "$tmp/st-arm/ramdisk.cpio.gz" | grep -q gzip && zcat "$tmp/st-arm/ramdisk.cpio.gz" | cpio -it --quiet 2>/dev/null | grep -qx 'lazybench/lazybench'
ok $? "u-boot job: its ramdisk is one gzip'd cpio holding lazybench"
zcat "$tmp/st-arm/ramdisk.cpio.gz" | (cd "$tmp" && mkdir -p rd && cd rd && cpio -id --quiet lazybench/lazybench lazybench/cmd 2>/dev/null)
file "$tmp/rd/lazybench/lazybench" | grep -q 'ARM aarch64' && grep -q cttyhack "$tmp/rd/lazybench/cmd"
ok $? "u-boot job: the ramdisk's lazybench is an arm64 binary and /init gives LAVA a shell"

"$lj" --device-type qemu-arm64 --boot u-boot --build "$tmp/arm" --suite "mremap --pages 512" \
	--stage "$tmp/st-arm-local" -o "$tmp/uboot-local.yaml" 2>"$tmp/err" &&
	! grep -qi dtb "$tmp/uboot-local.yaml" && [ ! -e "$tmp/st-arm-local/board.dtb" ]
ok $? "job for the local arm64 QEMU board (U-Boot, no DTB: QEMU's) written ($(tail -n1 "$tmp/err"))"
"$root/scripts/lava-local" "$tmp/uboot-local.yaml" --validate 2>"$tmp/err"
ok $? "u-boot job: valid against the local arm64 QEMU board's dictionary ($(tail -n1 "$tmp/err"))"

"$lj" --device-type x86 --boot minimal --board-kernel --login root --suite "--pages 512" \
	--boots 2 --url http://files.example.org/lb --stage "$tmp/st-min" -o "$tmp/min.yaml" 2>"$tmp/err"
ok $? "job for a board that boots its installed distro written ($(tail -n1 "$tmp/err"))"
"$lv" "$tmp/min.yaml" "$dev/x86-distro.yaml" 2>"$tmp/err"
ok $? "installed-distro job: LAVA's schema and lava-run --validate accept it ($(tail -n1 "$tmp/err"))"
grep -q 'wget -q -O $LB http://files.example.org/lb/lazybench' "$tmp/min.yaml" && [ -x "$tmp/st-min/lazybench" ]
ok $? "installed-distro job: lazybench staged and fetched from the lab's URL"

"$lj" --device-type x86 --boot ipxe --build "$x86" --suite "mremap --pages 512" --stage "$tmp/st-ipxe" -o "$tmp/ipxe.yaml" 2>"$tmp/err"
ok $? "job for the local QEMU board (iPXE) written"
"$root/scripts/lava-local" "$tmp/ipxe.yaml" --validate 2>"$tmp/err"
ok $? "ipxe job: valid against the local QEMU board's dictionary ($(tail -n1 "$tmp/err"))"

# the validator can say no: a deploy without 'to', an unknown boot method, a missing file
sed 's/to: "tftp"/too: "tftp"/' "$tmp/uboot.yaml" >"$tmp/bad1.yaml"
! "$lv" "$tmp/bad1.yaml" "$dev/khadas-vim3.yaml" 2>"$tmp/err"
ok $? "a deploy without 'to' is refused ($(head -n1 "$tmp/err" | cut -c1-100))"
sed 's/method: "u-boot"/method: "grub"/' "$tmp/uboot.yaml" >"$tmp/bad2.yaml"
! "$lv" "$tmp/bad2.yaml" "$dev/khadas-vim3.yaml" 2>"$tmp/err"
ok $? "a boot method the board does not have is refused ($(sed -n 2p "$tmp/err" | cut -c1-100))"
rm "$tmp/st-arm/board.dtb"
! "$lv" "$tmp/uboot.yaml" "$dev/khadas-vim3.yaml" 2>"$tmp/err"
ok $? "a job whose DTB is gone is refused ($(sed -n 2p "$tmp/err" | cut -c1-100))"
done_testing
