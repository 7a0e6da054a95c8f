#!/usr/bin/env bash
# End to end on the arm64 path a U-Boot/TFTP board takes: lava-job writes a 2-boot job
# for our 7.3 arm64 kernel (--boot u-boot, LAVA's stock rk3328-rock64 type, the board's
# dictionary: its firmware's device tree),
# lava-local runs it with lava-run on QEMU's virt machine running Debian's U-Boot (the
# dictionary rendered by lava-server's template: TFTP, mkimage'd ramdisk, booti),
# lava-fetch brings the runs home;
# they are complete, labelled with the job and compare with a scripts/vm-run run of
# the same kernel without --force.
. "$(dirname "$0")/../lib.sh"
lava_or_skip
command -v in.tftpd >/dev/null || skip_all "tftpd-hpa missing (make deps-test)"
[ -f /usr/lib/u-boot/qemu_arm64/u-boot.bin ] || skip_all "u-boot-qemu missing (make deps-test)"
build_or_skip arm "$arm_base"
plan 11
lava_e2e "$arm" u-boot rk3328-rock64 qemu-uboot-arm64-board --device "$root/lava/devices/qemu-uboot-arm64-board.jinja2"
done_testing
