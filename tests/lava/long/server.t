#!/usr/bin/env bash
# A real LAVA lab, end to end: lava/lab starts Debian's lava-server 2023.01 (PostgreSQL,
# gunicorn, lava-scheduler) and a lava-dispatcher worker on this machine, all on
# 127.0.0.1 and stopped when the test ends. The QEMU boards are registered as devices
# whose dictionaries the server renders with its own device-type templates (qemu; x86
# with iPXE; rk3328-rock64 with U-Boot when a 7.3 arm64 build exists); lavacli (an
# identity of the test's own) submits a 2-boot job per device and waits for it;
# scripts/lava-fetch --identity brings the runs home from the server, and
# `lazybench compare` pools each job's two boots as one column.
. "$(dirname "$0")/../lib.sh"
if [ -z "${LAB_URL:-}" ]; then
	lava_or_skip
	for c in lava-server lavacli gunicorn3 in.tftpd; do
		command -v $c >/dev/null || skip_all "$c missing (make deps-test: lava-server lavacli tftpd-hpa)"
	done
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || skip_all "PostgreSQL missing (make deps-test)"
	build_or_skip x86 "$x86_base"
	# the whole test runs inside the lab (lava/lab starts it, runs this, stops it)
	"$root/lava/lab" "$tmp/lab" -- "$0"
	exit
fi

x86=$(has_build "$x86_base")
arm=$(has_build "$arm_base") || arm=
nj=2 ; [ -n "$arm" ] && nj=3
plan $((5 + nj * 6 + 1 + (nj - 2) * 2))
dd() { /usr/bin/python3 "$root/lava/devdict.py" "$@"; }
export XDG_CONFIG_HOME=$tmp/config   # lavacli's identities: the test's own, not the user's
mkdir -p "$XDG_CONFIG_HOME"
lavacli identities add --uri "${LAB_URL}RPC2" --username "$LAB_USER" --token "$LAB_TOKEN" lab
ok $? "lavacli identity 'lab' for the server at $LAB_URL"
[ "$(lavacli -i lab system version)" = 2023.01 ]
ok $? "lavacli reaches lava-server 2023.01 ($(lavacli -i lab system version 2>&1))"

# the worker's dispatcher configuration, as a lab's admin writes it: QEMU's user network
# reaches the worker's TFTP root at 10.0.2.2; the guests are emulated (TCG)
cp "$root/lava/devices/dispatcher-local.yaml" "$LAB_DIR/dispatcher.d/$LAB_WORKER.yaml"
mkdir -p "$LAB_DIR/dispatcher.d/$LAB_WORKER"
qver=$(qemu-system-x86_64 --version | sed -n '1s/^QEMU emulator version \([^ ]*\).*/\1/p')
printf 'purge: true\noverrides:\n  LAZYBENCH_EMULATED: tcg\n  LAZYBENCH_META: "vm.qemu=%s vm.accel=tcg"\n' "$qver" \
	>"$LAB_DIR/dispatcher.d/$LAB_WORKER/env-dut.yaml"

# devices: name, device type, dictionary (lava/devices/), lava-job arguments
devs=("qemu-tcg-01 qemu qemu-tcg --boot qemu --build $x86"
	"qemu-x86-01 x86 qemu-ipxe-board --boot ipxe --build $x86")
[ -z "$arm" ] || devs+=("qemu-arm64-01 rk3328-rock64 qemu-uboot-arm64-board --boot u-boot --build $arm --device $root/lava/devices/qemu-uboot-arm64-board.jinja2")
[ -n "$arm" ] || diag "no 7.3 arm64 build ($arm_base): the U-Boot device is not tested"
good=0
for d in "${devs[@]}"; do
	read -r name type dict _ <<<"$d"
	lava-server manage device-types list | grep -w "$type" >/dev/null || lava-server manage device-types add "$type" >/dev/null || good=1
	dd instantiate "$root/lava/devices/$dict.jinja2" --set "board_state=$LAB_DIR/boards/$name" >"$LAB_DIR/devices/$name.jinja2" || good=1
	lava-server manage devices add --device-type "$type" --worker "$LAB_WORKER" "$name" >/dev/null || good=1
done
ok $good "devices registered: ${devs[*]%% --*}"
# the server renders each dictionary with its own templates: as lava/devdict.py does
good=0
for d in "${devs[@]}"; do
	read -r name type dict _ <<<"$d"
	lavacli -i lab devices dict get "$name" --render >"$tmp/$name.server.yaml" 2>"$tmp/err" &&
		dd render "$LAB_DIR/devices/$name.jinja2" >"$tmp/$name.ours.yaml" &&
		/usr/bin/python3 -c 'import sys, yaml; sys.exit(0 if yaml.safe_load(open(sys.argv[1])) == yaml.safe_load(open(sys.argv[2])) else 1)' \
			"$tmp/$name.server.yaml" "$tmp/$name.ours.yaml" || { diag "$name: $(cat "$tmp/err")"; good=1; }
done
ok $good "the server renders every device's dictionary with its templates exactly as lava/devdict.py does"
[ "$(lavacli -i lab devices list --yaml | /usr/bin/python3 -c 'import sys, yaml; print(sorted(set(d["health"] for d in yaml.safe_load(sys.stdin))))')" = "['Good']" ]
ok $? "every device is Good"

# one 2-boot job per device, all submitted at once as a lab gets them
suite="mremap munmap --pages 16,512 --reps 10 --warmup 2"
ids=()
for d in "${devs[@]}"; do
	read -r name type dict args <<<"$d"
	# shellcheck disable=SC2086
	"$root/scripts/lava-job" --device-type "$type" $args --boots 2 --label "srv-$type" --suite "$suite" \
		--timeout 20 --stage "$tmp/stage-$name" -o "$tmp/$name.job.yaml" 2>"$tmp/err" &&
		lavacli -i lab devices dict get "$name" >"$tmp/$name.jinja2" &&
		"$root/scripts/lava-validate" "$tmp/$name.job.yaml" "$tmp/$name.jinja2" 2>>"$tmp/err"
	ok $? "$name: job written and valid against the server's dictionary rendered with its context ($(tail -n1 "$tmp/err"))"
	id=$(lavacli -i lab jobs submit "$tmp/$name.job.yaml" 2>"$tmp/err")
	[[ $id =~ ^[0-9]+$ ]]
	ok $? "$name: lavacli jobs submit: job ${id:-none} ($(cat "$tmp/err"))"
	ids+=("$id")
done
start=$(date +%s)
i=0
for d in "${devs[@]}"; do
	read -r name type _ <<<"$d"
	id=${ids[$i]}
	i=$((i + 1))
	timeout 3000 lavacli -i lab jobs wait "$id" --polling 10 >/dev/null 2>&1
	lavacli -i lab jobs show "$id" --yaml >"$tmp/$id.show" 2>&1
	h=$(/usr/bin/python3 -c 'import sys, yaml; j = yaml.safe_load(open(sys.argv[1])); print(j["state"], j["health"], j["device"])' "$tmp/$id.show")
	diag "job $id ($name) finished $(( $(date +%s) - start )) s after the first wait began"
	# where its time went, from LAVA's own log (top-level actions, typing the boot commands and the DUT environment)
	lavacli -i lab jobs logs "$id" --raw 2>/dev/null | grep -ao '"msg": "end: [0-9.]* [a-z-]* (duration [0-9:]*)' |
		sed 's/"msg": "end: //' | grep -E '^[0-9]+ |bootloader-commands|export-device-env|boot-qemu-image' | tr '\n' ';' | sed 's/^/# /'
	echo
	[ "$h" = "Finished Complete $name" ]
	ok $? "$name: lavacli jobs wait: job $id $h"
	out=$("$root/scripts/lava-fetch" --identity lab "$id" --results "$tmp/res" 2>"$tmp/err")
	rc=$?
	mapfile -t runs <<<"$out"
	[ "$rc" = 0 ] && [ "${#runs[@]}" = 2 ] && [ -d "${runs[0]}" ] && [ -d "${runs[1]}" ]
	ok $? "$name: lava-fetch --identity brought both boots' runs home ($(tr '\n' ' ' <"$tmp/err")${runs[*]})"
	good=0
	for r in "${runs[@]}"; do
		x=$(json_get "$r/meta.json" 'm["complete"], m["extra"]["lava.lab"], m["extra"]["lava.job_id"], m["extra"]["lava.device"], m["extra"]["lava.device_type"], m["host"]["emulated"]')
		[ "$x" = "True ${LAB_URL%/} $id $name $type tcg" ] || { diag "$r: $x"; good=1; }
		[ "$(grep -o '"lava.device_type"' "$r/meta.json" | wc -l)" = 1 ] || good=1
	done
	b=$(for r in "${runs[@]}"; do json_get "$r/meta.json" 'm["extra"]["lava.boot"]'; done | sort | tr '\n' ' ')
	[ "$good" = 0 ] && [ "$b" = "1 2 " ]
	ok $? "$name: runs complete, from boots $b, labelled with the lab, job $id, device and type (once)"
	out2=$("$root/scripts/lava-fetch" --identity lab "$id" --results "$tmp/res" 2>"$tmp/err")
	[ "$out2" = "$out" ] && [ "$(ls "$tmp/res/srv-$type" | wc -l)" = 2 ]
	ok $? "$name: fetching the job again adds no copy ($(head -n1 "$tmp/err"))"
done
# the qemu device and the iPXE board run the same kernel on the same CPU model: one compare
"$root/lazybench" compare "$tmp/res/srv-qemu" "$tmp/res/srv-x86" --brief --metric ns >"$tmp/cmp" 2>&1
rc=$?
[ "$rc" = 0 ] && grep -q 'runs pooled *2 *2' "$tmp/cmp"
ok $? "lazybench compare takes the qemu and the iPXE jobs' runs, two boots pooled a column ($(grep 'runs pooled' "$tmp/cmp" || head -n1 "$tmp/cmp"))"
sed 's/^/# /' "$tmp/cmp" | head -n 20
if [ -n "$arm" ]; then
	# the arm64 boots against a scripts/vm-run run of the same kernel and suite
	vmrun --build "$arm" --results "$tmp/vm" --timeout 900 -- lazybench run --label vm-arm64 $suite >/dev/null 2>"$tmp/err"
	ok $? "scripts/vm-run ran the suite on the arm64 kernel ($(tail -n1 "$tmp/err"))"
	"$root/lazybench" compare "$tmp/vm/vm-arm64" "$tmp/res/srv-rk3328-rock64" --brief --metric ns >"$tmp/cmp" 2>&1
	grep -q 'runs pooled *1 *2' "$tmp/cmp"
	ok $? "lazybench compare pools the U-Boot job's two boots as one column ($(grep 'runs pooled' "$tmp/cmp" || head -n1 "$tmp/cmp"))"
fi
done_testing
