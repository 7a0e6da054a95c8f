# shellcheck shell=bash
# TAP helpers (tests/vm/lib.sh) and what the LAVA tests share.
. "$(dirname "${BASH_SOURCE[0]}")/../vm/lib.sh"
lava_or_skip() { # the dispatcher's lava-run and root (lava-run refuses to run otherwise)
	command -v lava-run >/dev/null || skip_all "lava-run missing: apt-get install lava-dispatcher (make deps-test)"
	[ "$(id -u)" = 0 ] || skip_all "lava-run needs root"
}
# one_line_exit2 DESC EXPECTED-SUBSTRING CMD...: bad input gets one line and exit 2
one_line_exit2() {
	local desc=$1 want=$2 out rc
	shift 2
	out=$("$@" 2>&1 </dev/null); rc=$?
	[ "$rc" = 2 ] && [ "$(echo "$out" | wc -l)" = 1 ] && echo "$out" | grep -qF -- "$want"
	ok $? "$desc (rc=$rc: $out)"
}
# a scratch "build" for job generation only: a manifest and files in the places a
# scripts/build-kernel build has them. LAVA's validation checks that the URLs exist,
# not what is in them; the boot itself is tests/lava/long/ with a real build.
fake_build() { # fake_build DIR ARCH IMAGE-NAME
	mkdir -p "$1"
	printf 'placeholder kernel image for job validation\n' >"$1/$3"
	printf 'name=placeholder-%s\narch=%s\nimage=%s\nfragments=\nkernelrelease=0.0\n' "$2" "$2" "$1/$3" >"$1/manifest"
	touch "$1/.lazybench-built"
}
# lava_e2e BUILD BOOT-METHOD DEVICE-TYPE BOARD [LAVA-JOB ARGS...]: 11 test points (tests/lava/long/*.t)
lava_e2e() {
	suite="mremap munmap --pages 16,512 --reps 10 --warmup 2"
	"$root/scripts/lava-job" --device-type "$3" --boot "$2" --build "$1" --boots 2 --label lava-e2e \
		--suite "$suite" --timeout 20 --stage "$tmp/stage" -o "$tmp/job.yaml" "${@:5}" 2>"$tmp/err"
	ok $? "2-boot job written ($(tail -n1 "$tmp/err"))"
	start=$(date +%s)
	"$root/scripts/lava-local" "$tmp/job.yaml" --keep "$tmp/job" --results "$tmp/res" >"$tmp/dirs" 2>"$tmp/err"
	rc=$?
	diag "lava-local: $(( $(date +%s) - start )) s"
	ok $rc "LAVA ran the job and the runs came back ($(tail -n1 "$tmp/err"))"
	grep -aq '"case": "job", "definition": "lava", "result": "pass"' "$tmp/job/job.log"
	ok $? "LAVA's own verdict on the job: pass"
	n=$(grep -ac '"lvl": "results", "msg": {"case": "mremap-512p-ns"' "$tmp/job/job.log")
	[ "$n" = 2 ]
	ok $? "LAVA recorded the measurement test cases of each boot (mremap-512p-ns: $n)"
	mapfile -t runs <"$tmp/dirs"
	[ "${#runs[@]}" = 2 ] && [ -d "${runs[0]}" ] && [ -d "${runs[1]}" ]
	ok $? "two runs, one per boot (${runs[*]})"
	jid=$(sed -n 's/.*job \([0-9]*\): lava-run.*/\1/p' "$tmp/err" | head -n1)
	good=0
	for r in "${runs[@]}"; do
		x=$(json_get "$r/meta.json" 'm["complete"], m["extra"]["lava.lab"], m["extra"]["lava.job_id"], m["extra"]["lava.device"], m["host"]["emulated"], m["label"]')
		[ "$x" = "True local $jid $4 tcg lava-e2e" ] || { diag "$r: $x"; good=1; }
	done
	ok $good "both runs complete, labelled lab local, job $jid, device, emulated tcg"
	b=$(for r in "${runs[@]}"; do json_get "$r/meta.json" 'm["extra"]["lava.boot"]'; done | sort | tr '\n' ' ')
	[ "$b" = "1 2 " ]
	ok $? "one run from each boot ($b)"
	good=0
	for r in "${runs[@]}"; do
		for w in mremap munmap; do for p in 16 512; do
			c=$(awk -F'\t' -v w=$w -v p=$p '$1 == w && $2 == p' "$r/samples.tsv" | wc -l)
			[ "$c" = 10 ] || { diag "$r $w $p: $c rows"; good=1; }
		done; done
		[ "$(json_get "$r/meta.json" 'm["kernel"]["release"]')" = "$(sed -n 's/^kernelrelease=//p' "$1/manifest")" ] || good=1
	done
	ok $good "every run has its 10 samples per workload and size, from our kernel's release"
	start=$(date +%s)
	vmrun --build "$1" --results "$tmp/vm" --timeout 900 -- lazybench run --label vm-e2e $suite >"$tmp/vmdirs" 2>"$tmp/err"
	rc=$?
	diag "vm-run: $(( $(date +%s) - start )) s"
	ok $rc "scripts/vm-run ran the same suite on the same kernel ($(tail -n1 "$tmp/err"))"
	"$root/lazybench" compare "$tmp/vm/vm-e2e" "$tmp/res/lava-e2e" --brief --metric ns >"$tmp/cmp" 2>&1
	rc=$?
	ok $rc "lazybench compare takes the vm-run and the LAVA runs without --force (rc=$rc$(grep -m1 -i 'refus' "$tmp/cmp" | sed 's/^/: /'))"
	grep -q 'runs pooled *1 *2' "$tmp/cmp"
	ok $? "the two LAVA boots pool as one column ($(grep 'runs pooled' "$tmp/cmp"))"
	sed 's/^/# /' "$tmp/cmp" | head -n 30
}
