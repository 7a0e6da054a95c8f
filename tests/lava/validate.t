#!/usr/bin/env bash
# Jobs written by scripts/lava-job are what a lab's stock device types accept: every
# device dictionary of lava/devices/ is rendered by lava-server's OWN device-type
# templates (Debian's lava-server 2023.01, rendered as the server renders them), and
# every generated job passes LAVA's own validation (the server's submission schema and
# `lava-run --validate`) against the dictionary of its type: LAVA's qemu type, x86 with
# iPXE, arm64 U-Boot types (the local QEMU board as an rk3328-rock64, a Khadas VIM3),
# and minimal boot of an installed system. lava-job refuses what a type lacks, keeps
# the device's own kernel arguments and gives a boot the time LAVA takes to type the
# template's commands; lava-validate refuses unknown types and names a missing file.
. "$(dirname "$0")/lib.sh"
lava_or_skip
[ -f /usr/share/lava-server/device-types/base.jinja2 ] || skip_all "lava-server's device-type templates missing: apt-get install lava-server (make deps-test)"
plan 31
lj="$root/scripts/lava-job" lv="$root/scripts/lava-validate" dev="$root/lava/devices"
dd() { /usr/bin/python3 "$root/lava/devdict.py" "$@"; }
x86=$(has_build "$x86_base") || { fake_build "$tmp/x86" x86_64 bzImage; x86=$tmp/x86; diag "no 7.3 x86_64 build: jobs reference a placeholder image"; }
fake_build "$tmp/arm" arm64 Image
printf 'placeholder device tree\n' >"$tmp/arm/virt.dtb"
yq() { /usr/bin/python3 -c "import sys, yaml; j = yaml.safe_load(open(sys.argv[1])); print($2)" "$1"; }

# the dictionaries: only a board's own variables over a stock template, rendered by it
good=0
for d in "$dev"/*.jinja2; do
	t=$(dd type "$d")
	[ -f "/usr/share/lava-server/device-types/$t.jinja2" ] || { diag "$d extends '$t': not a stock type"; good=1; }
	/usr/bin/python3 -c '
import re, sys
t = re.sub(r"\{#.*?#\}", "", open(sys.argv[1]).read(), flags=re.S)
bad = [l for l in t.splitlines() if l.strip() and not re.fullmatch(r"\{% (set [a-z_]+ = .*|extends .*) %\}", l)]
sys.exit(1 if bad else 0)' "$d" || { diag "$d holds more than variables"; good=1; }
	dd render "$d" | /usr/bin/python3 -c 'import sys, yaml; d = yaml.safe_load(sys.stdin); sys.exit(0 if d["actions"]["boot"]["methods"] else 1)' || { diag "$d does not render"; good=1; }
done
ok $good "every dictionary in lava/devices/ sets variables of a stock lava-server type and renders through it"
! ls "$dev"/*.yaml 2>/dev/null | grep -v dispatcher-local
ok $? "no hand-written rendered dictionary is left in lava/devices/"
[ "$(dd render x86 | yq /dev/stdin "j['character_delays']['boot']")" = 500 ]
ok $? "the stock x86 template types at 500 ms per character (what lava-job plans for)"

# LAVA's qemu device type: the overlay goes into the ramdisk
"$lj" --device-type qemu --boot qemu --build "$x86" --suite "mremap --pages 512 --reps 5" \
	--stage "$tmp/st-qemu" -o "$tmp/qemu.yaml" 2>"$tmp/err"
ok $? "job for LAVA's qemu device type written ($(tail -n1 "$tmp/err"))"
"$lv" "$tmp/qemu.yaml" "$dev/qemu-tcg.jinja2" 2>"$tmp/err"
ok $? "qemu job: LAVA's schema and lava-run --validate accept it on the qemu dictionary ($(tail -n1 "$tmp/err"))"
[ "$(yq "$tmp/qemu.yaml" "j['context']['arch'], (lambda r: (r['compression'], r['format'], r['overlays']))(j['actions'][0]['deploy']['images']['ramdisk'])")" = "x86_64 ('gz', 'cpio.newc', {'lava': True})" ]
ok $? "qemu job: arch in the context; the ramdisk is gz, cpio.newc, with LAVA's overlay in it (no libguestfs disk)"

# x86 with iPXE, the stock template's typing delay and the device's base kernel arguments
"$lj" --device-type x86 --boot ipxe --build "$x86" --suite "mremap --pages 512" --stage "$tmp/st-ipxe" -o "$tmp/ipxe.yaml" 2>"$tmp/err"
ok $? "job for x86 (iPXE) written ($(tail -n1 "$tmp/err"))"
"$lv" "$tmp/ipxe.yaml" "$dev/qemu-ipxe-board.jinja2" 2>"$tmp/err"
ok $? "ipxe job: valid against the local QEMU board's dictionary file as it is ($(tail -n1 "$tmp/err"))"
"$root/scripts/lava-local" "$tmp/ipxe.yaml" --validate 2>"$tmp/err"
ok $? "ipxe job: valid as lava-local renders the board for it ($(tail -n1 "$tmp/err"))"
[ "$(yq "$tmp/ipxe.yaml" "'extra_kernel_args' in (j.get('context') or {})")" = False ]
ok $? "ipxe job: no extra_kernel_args when the kernel needs none (the device's base arguments stay)"
# typing time at the template's delay: chars of the rendered commands (substitutions as LAVA makes them)
chars=$(dd render x86 | /usr/bin/python3 -c '
import sys, yaml
c = yaml.safe_load(sys.stdin)["actions"]["boot"]["methods"]["ipxe"]["ramdisk"]["commands"]
print(sum(len(x.replace("{SERVER_IP}", "x" * 15).replace("{LAVA_MAC}", "x" * 17).replace("{KERNEL}", "x" * 40).replace("{RAMDISK}", "x" * 50)) + 1 for x in c))')
bt=$(yq "$tmp/ipxe.yaml" "[a['boot']['timeout']['minutes'] for a in j['actions'] if 'boot' in a][0]")
[ $((bt * 60)) -ge $((600 + chars / 2)) ]
ok $? "ipxe job: a boot may take 10 minutes plus the typing at 500 ms per character ($chars chars: $((chars / 2)) s; boot timeout $bt min)"
printf "{%% extends 'x86.jinja2' %%}\n{%% set base_kernel_args = 'quiet loglevel=3' %%}\n{%% set connection_command = 'telnet ser2net 7003' %%}\n" >"$tmp/x86-args.jinja2"
"$lj" --device-type x86 --device "$tmp/x86-args.jinja2" --boot ipxe --build "$x86" --kernel-args "debug_pagealloc=on" \
	--stage "$tmp/st-ipxe" -o "$tmp/ipxe-args.yaml" 2>"$tmp/err"
ok $? "ipxe job with kernel arguments for a device that has its own written ($(tail -n1 "$tmp/err"))"
dd render "$tmp/x86-args.jinja2" --job "$tmp/ipxe-args.yaml" | grep -q 'set extraargs quiet loglevel=3 debug_pagealloc=on ip=dhcp$'
ok $? "ipxe job: the device renders its base arguments and ours ($(dd render "$tmp/x86-args.jinja2" --job "$tmp/ipxe-args.yaml" | grep -m1 'set extraargs quiet'))"
one_line_exit2 "a minimal boot on the stock x86 type is refused, naming what it has" "use --boot ipxe" \
	"$lj" --device-type x86 --boot minimal --board-kernel --prompt '# ' --stage "$tmp/st-x" -o "$tmp/x.yaml"
one_line_exit2 "a device type lava-server does not have is refused" "no device type 'no-such-type'" \
	"$lj" --device-type no-such-type --boot ipxe --build "$x86" --stage "$tmp/st-x" -o "$tmp/x.yaml"

# arm64 U-Boot: the local QEMU board as an rk3328-rock64, a Khadas VIM3
one_line_exit2 "u-boot job without the DTB the type's commands load is refused" "give --dtb" \
	"$lj" --device-type rk3328-rock64 --boot u-boot --build "$tmp/arm" --stage "$tmp/st-x" -o "$tmp/x.yaml"
"$lj" --device-type rk3328-rock64 --boot u-boot --build "$tmp/arm" --dtb virt.dtb --boots 3 --suite "mremap munmap --pages 512" \
	--stage "$tmp/st-arm" -o "$tmp/uboot.yaml" 2>"$tmp/err"
ok $? "job for an rk3328-rock64 (U-Boot, a DTB), 3 boots ($(tail -n1 "$tmp/err"))"
"$lj" --device-type rk3328-rock64 --device "$dev/qemu-uboot-arm64-board.jinja2" --boot u-boot --build "$tmp/arm" \
	--stage "$tmp/st-arm-local" -o "$tmp/uboot-local.yaml" 2>"$tmp/err" && ! grep -q dtb "$tmp/uboot-local.yaml" &&
	"$root/scripts/lava-local" "$tmp/uboot-local.yaml" --validate 2>"$tmp/err"
ok $? "job for the local arm64 QEMU board's dictionary (its firmware's DT: no --dtb) written and valid ($(tail -n1 "$tmp/err"))"
"$root/scripts/lava-local" "$tmp/uboot.yaml" --validate 2>"$tmp/err"
ok $? "u-boot job: valid against the local arm64 board's dictionary ($(tail -n1 "$tmp/err"))"
n=$(yq "$tmp/uboot.yaml" "sum(1 for a in j['actions'] if 'boot' in a)")
t=$(yq "$tmp/uboot.yaml" "sum(1 for a in j['actions'] if 'test' in a)")
[ "$n" = 3 ] && [ "$t" = 3 ] && [ "$(yq "$tmp/uboot.yaml" "j['actions'][0]['deploy']['kernel']['type']")" = image ]
ok $? "u-boot job: one boot and one test per run ($n boots, $t tests), an arm64 Image booted with booti"
zcat "$tmp/st-arm/ramdisk.cpio.gz" | (cd "$tmp" && mkdir -p rd && cd rd && cpio -id --quiet lazybench/lazybench lazybench/cmd 2>/dev/null)
file "$tmp/rd/lazybench/lazybench" | grep -q 'ARM aarch64' && grep -q cttyhack "$tmp/rd/lazybench/cmd"
ok $? "u-boot job: the ramdisk's lazybench is an arm64 binary and /init gives LAVA a shell"
"$lj" --device-type meson-g12b-a311d-khadas-vim3 --boot u-boot --build "$tmp/arm" --dtb virt.dtb \
	--stage "$tmp/st-arm" -o "$tmp/vim3.yaml" 2>"$tmp/err" && "$lv" "$tmp/vim3.yaml" "$dev/khadas-vim3.jinja2" 2>"$tmp/err"
ok $? "u-boot job for a Khadas VIM3: valid against its dictionary ($(tail -n1 "$tmp/err"))"

# minimal: the installed system's prompt and login
one_line_exit2 "a minimal boot without the installed system's prompt is refused" "--prompt" \
	"$lj" --device-type meson-g12b-a311d-khadas-vim3 --boot minimal --board-kernel --stage "$tmp/st-x" -o "$tmp/x.yaml"
"$lj" --help | grep -- '--prompt P' >/dev/null
ok $? "--prompt is in lava-job --help"
"$lj" --device-type meson-g12b-a311d-khadas-vim3 --boot minimal --board-kernel --prompt 'root@vim3:~# ' --login root:secret \
	--suite "--pages 512" --boots 2 --url http://files.example.org/lb --stage "$tmp/st-min" -o "$tmp/min.yaml" 2>"$tmp/err"
ok $? "minimal-boot job for a board's installed system written ($(tail -n1 "$tmp/err"))"
"$lv" "$tmp/min.yaml" "$dev/khadas-vim3.jinja2" 2>"$tmp/err"
ok $? "minimal job: LAVA's schema and lava-run --validate accept it ($(tail -n1 "$tmp/err"))"
[ "$(yq "$tmp/min.yaml" "(lambda b: (b['prompts'], b['auto_login']['username'], b['auto_login']['password']))([a['boot'] for a in j['actions'] if 'boot' in a][0])")" = "(['root@vim3:~# '], 'root', 'secret')" ] &&
	grep -q 'wget -q -O $LB http://files.example.org/lb/lazybench' "$tmp/min.yaml" && [ -x "$tmp/st-min/lazybench" ]
ok $? "minimal job: waits for the installed system's prompt after logging in; lazybench fetched from the lab's URL"

# the validator says no, in one line that names the reason
sed 's/device_type: "x86"/device_type: "no-such-type"/' "$tmp/ipxe.yaml" >"$tmp/bad0.yaml"
dd render "$dev/qemu-ipxe-board.jinja2" >"$tmp/rendered.yaml"
! "$lv" "$tmp/bad0.yaml" "$tmp/rendered.yaml" 2>"$tmp/err" && grep -q "no device type 'no-such-type'" "$tmp/err"
ok $? "a job for a device type lava-server does not have is refused ($(head -n1 "$tmp/err" | cut -c1-120))"
sed 's/to: "tftp"/too: "tftp"/' "$tmp/uboot.yaml" >"$tmp/bad1.yaml"
! "$lv" "$tmp/bad1.yaml" "$dev/qemu-uboot-arm64-board.jinja2" 2>"$tmp/err"
ok $? "a deploy without 'to' is refused ($(head -n1 "$tmp/err" | cut -c1-100))"
sed 's/method: "u-boot"/method: "grub"/' "$tmp/uboot.yaml" >"$tmp/bad2.yaml"
! "$lv" "$tmp/bad2.yaml" "$dev/qemu-uboot-arm64-board.jinja2" 2>"$tmp/err"
ok $? "a boot method the board does not have is refused ($(head -n1 "$tmp/err" | cut -c1-120))"
rm "$tmp/arm/virt.dtb" "$tmp/st-arm/virt.dtb"
"$lv" "$tmp/uboot.yaml" "$dev/qemu-uboot-arm64-board.jinja2" >/dev/null 2>"$tmp/err"
[ $? = 1 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q "st-arm/virt.dtb' does not exist" "$tmp/err"
ok $? "a job whose DTB is gone is refused in one line naming the file ($(cut -c1-160 "$tmp/err"))"
done_testing
