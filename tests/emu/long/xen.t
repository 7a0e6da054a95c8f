#!/usr/bin/env bash
# The lazycount plugin under Xen PV (Debian 7.3 as dom0 of Xen 4.17, QEMU TCG): the
# plugin's hypercall and instruction counts against what the kernel's own tracepoints
# and clock say in the same windows: a window where xen:xen_mmu_set_pte saw PTE writes
# has hypercalls; the guest clock (-icount shift=0: 1 ns per instruction, Xen's
# included) matches kernel + user + hypervisor instructions.
. "$(dirname "$0")/../lib.sh"
need_qemu qemu-system-x86_64 x86
build_or_skip B "--debian 7.3 --arch x86_64 --config xen-pv"
compgen -G '/boot/xen-4.*-amd64.gz' >/dev/null ||
	compgen -G "${LAZYBENCH_CACHE:-$HOME/.cache/lazybench}/xen/boot/xen-4.*-amd64.gz" >/dev/null ||
	skip_all "needs Debian's Xen hypervisor: run scripts/fetch-xen"
plan 4

d=$("$root/scripts/emu-run" --build "$B" --xen --results "$tmp/res" -- \
	"lazybench run mremap munmap mprotect fork --pages 512 --reps 3 --warmup 1 --events xen:xen_mc_flush,xen:xen_mmu_set_pte --out /results" \
	2>"$tmp/err" | tail -n1)
[ -f "$d/samples.tsv" ]
ok $? "emu-run --xen: the suite ran with tracepoints and plugin counts"
sed 's/^/# /' "$tmp/err" | tail -n 2
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ printf "# %-10s set_pte %5d  mc_flush %4d  hypercalls %5d  (%.3f/PTE)  Xen insns/PTE %.0f\n", $1,
	  $(c["xen_mmu_set_pte"]), $(c["xen_mc_flush"]), $(c["emu_hypercall"]),
	  $(c["emu_hypercall"]) / $(c["ptes"]), $(c["emu_xen_insns"]) / $(c["ptes"]) }' "$d/samples.tsv"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$(c["xen_mmu_set_pte"]) > 0 { n++; if ($(c["emu_hypercall"]) <= 0) bad++ }
	END { exit !(n > 0 && !bad) }' "$d/samples.tsv"
ok $? "every window where the tracepoint saw PTE writes has hypercalls"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ n++; if ($(c["emu_xen_insns"]) <= 0) bad++ } END { exit !(n > 0 && !bad) }' "$d/samples.tsv"
ok $? "the hypervisor's own instructions are counted (emu_xen_insns > 0)"
awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ n++; ins = $(c["emu_insns"]) + $(c["emu_uinsns"]) + $(c["emu_xen_insns"]); d = $(c["ns"]) - ins
	  if (d < 0) d = -d; if (d > 0.02 * $(c["ns"]) + 500) { bad++; print "# " $1, $(c["ns"]), ins } }
	END { exit !(n > 0 && !bad) }' "$d/samples.tsv"
ok $? "kernel+user+Xen instructions match the dom0 clock within 2%"
done_testing
