#!/usr/bin/env bash
# Bad input to the LAVA scripts: one line naming the problem, exit 2, nothing written.
. "$(dirname "$0")/lib.sh"
plan 16
lj="$root/scripts/lava-job" lf="$root/scripts/lava-fetch"
fake_build "$tmp/b" x86_64 bzImage
one_line_exit2 "lava-job without a device type" "--device-type is required" "$lj" --boot ipxe --build "$tmp/b"
one_line_exit2 "lava-job with a device type LAVA cannot name" "not a LAVA device type" "$lj" --device-type 'a b' --boot ipxe --build "$tmp/b"
one_line_exit2 "lava-job with an unknown boot method" "--boot must be one of" "$lj" --device-type x86 --boot pxe --build "$tmp/b"
one_line_exit2 "lava-job with neither a build nor the board's kernel" "either --build" "$lj" --device-type x86 --boot ipxe
one_line_exit2 "lava-job on a directory that is not a build" "not a finished" "$lj" --device-type x86 --boot ipxe --build "$tmp"
one_line_exit2 "lava-job --board-kernel with a TFTP boot" "needs --boot minimal" "$lj" --device-type x86 --boot ipxe --board-kernel
one_line_exit2 "lava-job with zero boots" "--boots wants" "$lj" --device-type x86 --boot ipxe --build "$tmp/b" --boots 0
one_line_exit2 "lava-job with a suite that sets --out" "must not set --out" "$lj" --device-type x86 --boot ipxe --build "$tmp/b" --suite "mremap --out /x"
one_line_exit2 "lava-job with an unbalanced quote in the suite" "--suite:" "$lj" --device-type x86 --boot ipxe --build "$tmp/b" --suite "mremap 'x"
one_line_exit2 "lava-job with a URL LAVA cannot fetch" "is not a file://" "$lj" --device-type x86 --boot ipxe --build "$tmp/b" --url /srv/x
one_line_exit2 "lava-job --dtb without u-boot" "--dtb is for" "$lj" --device-type x86 --boot ipxe --build "$tmp/b" --dtb x.dtb
one_line_exit2 "lava-fetch with neither a lab nor a log" "give either" "$lf"
one_line_exit2 "lava-fetch --log without the job id" "--log needs --job-id" "$lf" --log "$tmp/b/manifest" --lab l --device d
one_line_exit2 "lava-fetch of a log that is not there" "not found" "$lf" --log "$tmp/none" --lab l --job-id 1 --device d
one_line_exit2 "lava-local of a job that is not there" "not found" "$root/scripts/lava-local" "$tmp/none.yaml"
# nothing was written by the refused commands: no stage dir, no job file
[ ! -e "$root/build/lava/placeholder-x86_64" ] && [ ! -e "$tmp/job.yaml" ]
ok $? "refused commands wrote nothing"
done_testing
