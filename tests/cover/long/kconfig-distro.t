#!/usr/bin/env bash
# compare-revisions --kconfig with a real distribution configuration: Debian 7.3.4's own
# cloud-amd64 .config (scripts/fetch-kernel-source --config cloud-amd64 7.3), lazybench's
# xen-pv fragments merged on top, booted as Xen PV dom0 under QEMU TCG with the exact-count
# plugin: the base against the context-switch fix (tests/fixtures/xen-ctxsw-lazy-fix.mbox).
# What a reviewer asks of a tinyconfig kernel's per-PTE numbers is whether they hold for a
# real configuration: the test asserts the defining counts of the distribution kernel are
# those docs/vm.md states for it (and README's tinyconfig ones: mprotect 1.00 hypercalls
# per PTE on the base, under 0.1 with the fix), that only the image and test_vmalloc.ko
# were built, and that the configuration is named in the meta, the label and the footer.
# Builds both kernels if they are missing (make long-kernels; about 40 min cold here).
. "$(dirname "$0")/../../vm/lib.sh"
[ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ] || skip_all "Debian's cloud-amd64 configuration is for amd64 hosts"
command -v qemu-system-x86_64 >/dev/null || skip_all "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"
cfg=$("$root/scripts/fetch-kernel-source" --config cloud-amd64 7.3 2>"$tmp/fk.err") ||
	skip_all "cannot fetch linux-config-7.3: $(head -n1 "$tmp/fk.err")"
plan 8
sha=$(sha256sum <"$cfg" | cut -c1-8)
make -s -C "$root" lazybench emu >/dev/null 2>&1
s=$(date +%s)
"$root/scripts/compare-revisions" --base debian:7.3 --arch x86_64 --config xen-pv --xen --emu \
	--kconfig "$cfg" --revs "ctxfix:$root/tests/fixtures/xen-ctxsw-lazy-fix.mbox" --boots 2 \
	--suite "mprotect munmap --pages 512 --reps 3" --results "$tmp/res" --timeout 1500 \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
diag "took $(( $(date +%s) - s ))s"
ok $rc "compare-revisions --kconfig config.cloud-amd64 --xen --emu exits 0 ($(tail -n1 "$tmp/err"))"
sed 's/^/# /' "$tmp/out"
b=$("$root/scripts/build-kernel" --debian 7.3 --arch x86_64 --config xen-pv --kconfig "$cfg" --query 2>/dev/null)
grep -qxF "kconfig_file=$cfg" "$b/manifest" 2>/dev/null && [ -s "$b/kconfig.diff" ] &&
	[ "$(wc -l <"$b/.config")" -ge "$(wc -l <"$cfg")" ]
ok $? "the base kernel is Debian's configuration with the fragments on top ($(grep '^kconfig' "$b/manifest" 2>/dev/null | tr '\n' ' '))"
kos=$(cd "$b" 2>/dev/null && find . -name '*.ko' | sort | tr '\n' ' ')
[ "$kos" = "./lib/test_vmalloc.ko " ]
ok $? "only the image and test_vmalloc.ko were built, not the configuration's other modules ($kos)"
lb=$tmp/res/7.3-x86_64-xen-kc-$sha lr=$tmp/res/7.3+ctxfix-x86_64-xen-kc-$sha
[ "$(ls -d "$lb"/*/ 2>/dev/null | wc -l)" = 2 ] && [ "$(ls -d "$lr"/*/ 2>/dev/null | wc -l)" = 2 ]
ok $? "two boots of each kernel in label directories that name the configuration"
r=$(ls -d "$lb"/*/ 2>/dev/null | head -n1)
[ "$("$root/lazybench" meta "$r" --get /extra/kconfig 2>/dev/null)" = "\"config.cloud-amd64@$sha\"" ]
ok $? "meta.json says which configuration ($("$root/lazybench" meta "$r" --get /extra/kconfig 2>&1))"
tr '\n' ' ' <"$tmp/out" | tr -s ' ' | grep -qF "config config.cloud-amd64@$sha"
ok $? "the cover table's footer names it"
hc() { # LABELDIR WORKLOAD -> median emu_hypercall per PTE over every window of every boot
	cat "$1"/*/samples.tsv 2>/dev/null | awk -F'\t' -v w="$2" '
		$1 == "workload" { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 == w { v[++n] = $(c["emu_hypercall"]) / $(c["ptes"]) }
		END { if (n) { asort(v); printf "%.3f\n", v[int((n + 1) / 2)] } }'
}
h0=$(hc "$lb" mprotect) h1=$(hc "$lr" mprotect)
diag "mprotect 512 pages, hypercalls per PTE: base $h0, ctxfix $h1"
awk -v a="$h0" 'BEGIN { exit !(a != "" && a >= 0.99 && a <= 1.02) }'
ok $? "unfixed 7.3.4 does not batch in a forked task: about one hypercall per PTE ($h0)"
awk -v a="$h1" 'BEGIN { exit !(a != "" && a < 0.1) }'
ok $? "with the fix the mprotect batches: under 0.1 hypercalls per PTE ($h1)"
done_testing
