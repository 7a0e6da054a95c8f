#!/usr/bin/env bash
# End to end with Debian's LAVA dispatcher: lava-job writes a 2-boot job for our 7.3
# x86_64 kernel, lava-local runs it with lava-run on the QEMU board (LAVA's stock x86
# dictionary rendered by lava-server's template, iPXE commands typed at its 500 ms per
# character; TFTP deploy with the
# overlay in our ramdisk, iPXE, LAVA's test shell), lava-fetch brings both runs home;
# they are complete, labelled with the job, and `lazybench compare` takes them against a
# scripts/vm-run run of the same kernel and suite without --force (same facts).
. "$(dirname "$0")/../lib.sh"
lava_or_skip
command -v in.tftpd >/dev/null || skip_all "tftpd-hpa missing (make deps-test)"
build_or_skip x86 "$x86_base"
plan 11
lava_e2e "$x86" ipxe x86 qemu-ipxe-board
done_testing
