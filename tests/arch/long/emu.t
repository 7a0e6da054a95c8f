#!/usr/bin/env bash
# Every arch of arch/*.conf that has emu_expect (ppc64le, sparc64, s390x): its Debian 7.3
# build boots under scripts/emu-run (deterministic TCG + the lazycount plugin, 1 vCPU),
# the suite runs, two runs give bit-identical emu_* counts, the console shows
# boot_expect, and each per-PTE median at 512 pages lies where emu_expect says (the
# arch's batching shape); the *-mt workloads' expectations in a boot with 2 vCPUs; the
# same shape on Debian 6.12 where it is built; with a `nobatch` revision built
# (emu_expect_nobatch), that too. Kernels are
# built by `make long-kernels` (SKIP without them). LB_KEEP=DIR keeps every run's results,
# counts and console log under DIR (docs/emu.md's figures come from such runs);
# LB_ARCHES="s390x ..." tests only those arches.
. "$(dirname "$0")/../../emu/lib.sh"
if [ -n "${LB_KEEP:-}" ]; then
	mkdir -p "$LB_KEEP" || exit 2
	trap 'cp -a "$tmp/." "$LB_KEEP/"; rm -rf "$tmp"' EXIT
fi
. "$root/arch/lib.sh"
. "$root/tests/lib/emu-expect.sh"
arches=()
for a in ${LB_ARCHES:-$(arch_names)}; do arch_load "$a" && [ -n "${A_emu_expect:-}" ] && arches+=("$a"); done
[ ${#arches[@]} -gt 0 ] || skip_all "no arch file has emu_expect"
[ -x "$root/lazybench" ] || make -s -C "$root" lazybench >/dev/null 2>&1 || skip_all "lazybench does not build"
per_arch=7
plan $((per_arch * ${#arches[@]}))

suite="lazybench run munmap mremap mprotect fork --pages 512 --reps 3 --warmup 1 --events '' --out /results"
# the *-mt workloads need a second vCPU; two vCPUs under -icount are not bit-identical
# from boot to boot (host-timed exits move the round-robin switch points), so they get
# a boot of their own whose shape, not identity, is checked
suite_mt="lazybench run munmap-mt mprotect-mt --pages 512 --reps 3 --warmup 1 --events '' --out /results"
emucols() {
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if (i <= 4 || $i ~ /^emu_/) k[++n] = i }
		{ s = ""; for (j = 1; j <= n; j++) s = s $(k[j]) "\t"; print s }' "$1/samples.tsv"
}
# same_counts DIR1 DIR2: the emu_* columns of the two runs agree exactly, row by row;
# in the rows of the workloads in A_emu_loose ("all", or names; arch file: measured
# not to repeat exactly, with the measurement there) only the arch's defining counts (emu_metrics but
# emu_insns) must agree exactly, emu_insns/emu_uinsns within A_emu_insns_tolerance
same_counts() {
	[ -z "${A_emu_loose:-}" ] && { cmp -s <(emucols "$1") <(emucols "$2"); return; }
	paste <(emucols "$1") <(emucols "$2") | awk -F'\t' -v tol="${A_emu_insns_tolerance:-0}" \
		-v loose=" $A_emu_loose " -v def=",${A_emu_metrics}," '
		NR == 1 { n = (NF - 2) / 2; for (i = 1; i <= n; i++) name[i] = $i; next }
		{ l = loose == " all " || index(loose, " " $1 " ") > 0
		  for (i = 1; i <= n; i++) { x = $i; y = $(i + n + 1)
			if (x == y) continue
			if (l && name[i] ~ /^emu_u?insns$/ && x + 0 > 0 && (x - y) / x <= tol && (y - x) / x <= tol) continue
			if (l && name[i] ~ /^emu_/ && name[i] != "emu_insns" && index(def, "," name[i] ",") == 0) continue
			bad = 1 } }
		END { exit bad + 0 }'
}
# show_ptes DIR LABEL: every defining count per PTE of each workload, as diagnostics
show_ptes() {
	local w m line
	for w in munmap mremap mprotect fork kmod-vmalloc kmod-vmap kmod-vunmap munmap-mt mprotect-mt; do
		line=
		for m in ${A_emu_metrics//,/ }; do line="$line $m=$(per_pte "$1" "$w" "$m")"; done
		case $line in *=none*) continue ;; esac	# not in this run
		diag "$2 $w per PTE (median, 512 pages):$line"
	done
}
run() { # run NAME BUILD [SMP SUITE [MODULE]]: sets dir_NAME, secs_NAME
	local name=$1 b=$2 smp=${3:-1} s=${4:-$suite} ko=${5:-} t0 d rc
	t0=$(date +%s)
	# emu-run's own exit status (not a pipeline's): a failed merge leaves a samples.tsv
	# without emu_* columns behind, which must not pass
	d=$("$root/scripts/emu-run" --build "$b" --smp "$smp" ${ko:+--module "$ko"} --results "$tmp/$name" --counts "$tmp/$name.counts" \
		--log "$tmp/$name.log" -- "$s" 2>"$tmp/$name.err")
	rc=$?
	d=$(printf '%s\n' "$d" | tail -n1)
	printf -v "dir_$name" '%s' "$d"
	printf -v "secs_$name" '%s' "$(($(date +%s) - t0))"
	[ "$rc" = 0 ] && [ -f "$d/samples.tsv" ] || { sed 's/^/# /' "$tmp/$name.err" | tail -n 5; return 1; }
}

for a in "${arches[@]}"; do
	arch_load "$a"
	# the expectations of the one-vCPU suite, and of the *-mt workloads (two vCPUs)
	exp1= expmt=
	for e in $A_emu_expect; do
		case ${e%%:*} in *-mt) expmt="$expmt $e" ;; *) exp1="$exp1 $e" ;; esac
	done
	spec="--debian 7.3 --arch $a --config base"
	if ! B=$("$root/scripts/build-kernel" $spec --query 2>/dev/null); then
		for i in $(seq $per_arch); do skip "$a: no 7.3 build (make long-kernels: scripts/build-kernel $spec)"; done
		continue
	fi
	if ! command -v "$A_qemu" >/dev/null; then
		for i in $(seq $per_arch); do skip "$a: $A_qemu not installed (apt-get install $A_qemu_pkg)"; done
		continue
	fi
	# lazybench.ko cross-built against the build: its kmod-* workloads join the suite
	s1=$suite ko=
	if ko=$("$root/kernel/module/build-ko" "$B" "$tmp/kmod-$a" 2>"$tmp/kmod-$a.err" | tail -n1); then
		s1="lazybench run munmap mremap mprotect fork kmod-vmalloc kmod-vmap kmod-vunmap ${suite#lazybench run munmap mremap mprotect fork }"
	else
		ko=
		diag "$a: lazybench.ko does not build: $(tail -n1 "$tmp/kmod-$a.err")"
	fi
	run "${a}_1" "$B" 1 "$s1" "$ko"
	ok $? "$a: 7.3 boots under emu-run and runs the suite${ko:+ with lazybench.ko} ($(eval echo "\$secs_${a}_1") s)"
	d1=$(eval echo "\$dir_${a}_1")
	run "${a}_2" "$B" 1 "$s1" "$ko"
	d2=$(eval echo "\$dir_${a}_2")
	# the arch's defining columns must be there (else two runs without counts would agree)
	nocol=
	for m in ${A_emu_metrics//,/ }; do
		[ -f "$d1/samples.tsv" ] && head -n1 "$d1/samples.tsv" | tr '\t' '\n' | grep -qx "$m" || nocol="$nocol $m"
	done
	[ -z "$nocol" ] || diag "$a: no column$nocol in the first run's samples.tsv"
	if [ -z "${A_emu_loose:-}" ]; then
		what="bit-identical emu_* counts"
	elif [ "$A_emu_loose" = all ]; then
		defs=${A_emu_metrics//emu_insns/} defs=${defs//,,/,} defs=${defs#,}
		what="bit-identical defining counts ($defs), instructions within ${A_emu_insns_tolerance:-0} (arch/$a.conf says why)"
	else
		what="bit-identical emu_* counts (for $A_emu_loose: the defining counts, instructions within ${A_emu_insns_tolerance:-0}; arch/$a.conf says why)"
	fi
	if [ -z "$nocol" ] && [ -f "$d2/samples.tsv" ] && same_counts "$d1" "$d2"; then
		ok 0 "$a: two runs give $what"
	else
		[ -f "$d1/samples.tsv" ] && [ -f "$d2/samples.tsv" ] && diff <(emucols "$d1") <(emucols "$d2") | head -n 4 | sed 's/^/# /'
		ok 1 "$a: two runs give $what"
	fi
	if [ -n "${A_boot_expect:-}" ]; then
		grep -qaF "$A_boot_expect" "$tmp/${a}_1.log"
		ok $? "$a: the console shows '$A_boot_expect'"
	else
		grep -qa 'LAZYBENCH-CMD-BEGIN' "$tmp/${a}_1.log"
		ok $? "$a: the console shows the guest command starting"
	fi
	if [ -f "$d1/samples.tsv" ]; then
		# every defining count per PTE, for the record
		show_ptes "$d1" "$a 7.3"
		seen=$(expect_ok "$d1" "$exp1")
		ok $? "$a: 7.3 per-PTE shape: $seen"
	else
		ok 1 "$a: 7.3 per-PTE shape (no run)"
	fi
	if [ -z "$expmt" ]; then
		skip "$a: the arch has no expectation for the *-mt workloads"
	elif [ "${A_smp_max:-2}" -lt 2 ]; then
		skip "$a: QEMU -M $A_machine has one CPU: no *-mt run"
	else
		run "${a}_mt" "$B" 2 "$suite_mt"
		md=$(eval echo "\$dir_${a}_mt")
		[ -f "$md/samples.tsv" ] && show_ptes "$md" "$a 7.3 (2 vCPUs)"
		seen=$([ -f "$md/samples.tsv" ] && expect_ok "$md" "$expmt")
		ok $? "$a: 7.3 with the mm on two vCPUs, per-PTE shape ($(eval echo "\$secs_${a}_mt") s): $seen"
	fi
	# Debian 6.12 where it is built: the same suite and one-vCPU shape (no module: its
	# lazy MMU hooks are not exported there)
	if [[ " ${A_versions:-7.3 6.12} " != *" 6.12 "* ]]; then
		skip "$a: 6.12 does not build for this arch (arch/$a.conf says why)"
	elif B612=$("$root/scripts/build-kernel" --debian 6.12 --arch "$a" --config base --query 2>/dev/null); then
		run "${a}_612" "$B612"
		od=$(eval echo "\$dir_${a}_612")
		[ -f "$od/samples.tsv" ] && show_ptes "$od" "$a 6.12"
		exp612=
		for e in $exp1; do case $e in kmod-*) ;; *) exp612="$exp612 $e" ;; esac; done
		seen=$([ -f "$od/samples.tsv" ] && expect_ok "$od" "$exp612")
		ok $? "$a: 6.12 boots, runs the suite, per-PTE shape ($(eval echo "\$secs_${a}_612") s): $seen"
	else
		skip "$a: no 6.12 build (make long-kernels: scripts/build-kernel --debian 6.12 --arch $a --config base)"
	fi
	if [ -n "${A_emu_expect_nobatch:-}" ] && [ -n "${A_nobatch_patches:-}" ] &&
		NB=$("$root/scripts/build-kernel" $spec --rev nobatch --patches "$root/$A_nobatch_patches" --query 2>/dev/null); then
		run "${a}_nb" "$NB"
		nd=$(eval echo "\$dir_${a}_nb")
		if [ -f "$nd/samples.tsv" ]; then
			show_ptes "$nd" "$a 7.3+nobatch"
		fi
		seen=$([ -f "$nd/samples.tsv" ] && expect_ok "$nd" "$A_emu_expect_nobatch")
		ok $? "$a: 7.3+nobatch per-PTE shape ($(eval echo "\$secs_${a}_nb") s): $seen"
	elif [ -n "${A_emu_expect_nobatch:-}" ]; then
		skip "$a: no nobatch revision built (make long-kernels: scripts/build-kernel $spec --rev nobatch --patches $A_nobatch_patches)"
	else
		skip "$a: the arch has no nobatch expectation (emu_expect_nobatch)"
	fi
done
done_testing
