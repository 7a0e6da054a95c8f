#!/usr/bin/env bash
# lazybench emu-merge on real run directories made here by `lazybench run` (whose harness
# executes the emulator markers: a no-op on this machine), with counts files written in
# the plugin's format: windows land on the right rows, meta.json gains exact metrics and
# the "emu" object, bad input changes nothing and exits 2.
. "$(dirname "$0")/lib.sh"
lb=${LB:-$root/lazybench}
[ -x "$lb" ] || skip_all "$lb is not built (make)"
command -v python3 >/dev/null || skip_all "python3 missing (apt-get install python3)"
plan 32

mkrun() { # mkrun OUTROOT -> run dir
	"$lb" run empty --pages 1,4 --reps 3 --warmup 2 --events '' --out "$1" --label t \
		>/dev/null 2>"$tmp/run.err" || { cat "$tmp/run.err" >&2; return 1; }
	ls -d "$1"/t/*/ | head -n1 | sed 's#/$##'
}
# counts FILE NWARM-PER-POINT-FLAGGED(yes|no) [HEADER-TAIL]: 2 points x (2 warm-up + 3
# timed) windows; the header names the main columns as the plugin does (emu/lazycount.c)
counts() {
	local f=$1 flagged=$2 seq=0 p w main=${3- main=emu_insns,emu_uinsns,emu_dsb,emu_dmb,emu_isb,emu_tlbi}
	{
		echo "# lazycount/1 target=aarch64 plugin_api=1 vcpus=1$main"
		printf 'seq\tkind\tvcpu\temu_insns\temu_uinsns\temu_dsb\temu_dmb\temu_isb\temu_tlbi\temu_dsb_ishst\temu_dsb_ish\temu_dmb_ishld\n'
		echo "# desc emu_insns instructions executed at kernel addresses in the window"
		echo "# desc emu_uinsns instructions executed at user addresses in the window"
		echo "# desc emu_tlbi TLBI instructions at kernel addresses"
		for p in 1 4; do
			for w in 0 1 2 3 4; do
				if [ "$w" -lt 2 ]; then
					k=$([ "$flagged" = yes ] && echo warmup || echo timed)
					v=999999
				else
					k=timed
					v=$((p * 1000 + w))
				fi
				printf '%d\t%s\t0\t%d\t7\t%d\t0\t1\t2\t%d\t0\t0\n' "$seq" "$k" "$v" "$p" "$p"
				seq=$((seq + 1))
			done
		done
		echo "# end windows=$seq timed=6 warmup=4 unmatched=0 total_kinsns=1"
	} >"$f"
}
sums() { (cd "$1" && sha256sum meta.json samples.tsv); }

# the harness executes the markers (no-op here): the binary has them
if objdump -d "$lb" 2>/dev/null | grep -qE 'nopl +0x4c5a4201|orr +x21, x21, x21'; then r=0; else r=1; fi
ok $r "the lazybench binary contains the window start marker"

run=$(mkrun "$tmp/a")
ok $? "lazybench run with markers works on this (non-emulated) machine"
counts "$tmp/c1.tsv" no
before=$(sums "$run")
"$lb" emu-merge --qemu-version 7.2.22 "$tmp/c1.tsv" "$run" >"$tmp/out" 2>"$tmp/err"
ok $? "merge (warm-ups not flagged: dropped per size point) succeeds"
got=$(tsv_col "$run" emu_insns | awk '{print $4}' | tr '\n' ' ')
[ "$got" = "1002 1003 1004 4002 4003 4004 " ]
ok $? "timed windows land on their rows in order (got: $got)"
[ "$(tsv_col "$run" emu_dsb_ishst | awk '{print $4}' | tr '\n' ' ')" = "1 1 1 4 4 4 " ]
ok $? "by-option column with counts is kept"
head -n1 "$run/samples.tsv" | grep -q 'emu_dmb_ishld'
ok $((! $?)) "all-zero by-option column is left out"
head -n1 "$run/samples.tsv" | grep -q 'emu_dmb	'
ok $? "an all-zero main column (the header's main=) is kept"
python3 - "$run/meta.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
e = m["emu"]
assert e["present"] is True and e["qemu"] == "7.2.22" and e["target"] == "aarch64", e
assert e["windows"] == 6 and e["warmup_windows_dropped"] == 4, e
ms = {x["name"]: x for x in m["metrics"]}
for c in ("emu_insns", "emu_dsb", "emu_dmb", "emu_isb", "emu_dsb_ishst"):
    assert ms[c]["kind"] == "exact", ms[c]
assert "ns" in ms and m["complete"] is True
# each count's unit says what it counts, not "instructions" for every column
units = {c: ms[c]["unit"] for c in ("emu_insns", "emu_dsb", "emu_tlbi", "emu_dsb_ishst")}
assert units == {"emu_insns": "instructions", "emu_dsb": "DSB", "emu_tlbi": "TLBI",
                 "emu_dsb_ishst": "DSB ISHST"}, units
EOF
ok $? "meta.json is valid JSON with the emu object and exact metrics, each with its unit"
awk -F'\t' 'NR == 1 { n = NF } NF != n { exit 1 }' "$run/samples.tsv"
ok $? "every samples.tsv row has every column"
cmp -s "$tmp/c1.tsv" "$run/emu-counts.tsv"
ok $? "the raw plugin counts are kept in the run as emu-counts.tsv"
ls -a "$tmp/a/t" | grep -q 'emu-merge'
ok $((! $?)) "no temporary directory left behind"

# flagged warm-ups: skipped wherever they are
run2=$(mkrun "$tmp/b")
counts "$tmp/c2.tsv" yes
"$lb" emu-merge "$tmp/c2.tsv" "$run2" >/dev/null 2>&1
ok $? "merge with warm-up windows flagged by the harness succeeds"
[ "$(tsv_col "$run2" emu_insns | awk '{print $4}' | tr '\n' ' ')" = "1002 1003 1004 4002 4003 4004 " ]
ok $? "flagged warm-ups are skipped"

# bad input: exit 2, one line, nothing changed
run3=$(mkrun "$tmp/c")
before=$(sums "$run3")
bad() { # bad DESCRIPTION ARGS...
	local d=$1 rc
	shift
	"$lb" emu-merge "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && [ "$(sums "$run3")" = "$before" ]
	ok $? "$d: exit 2 ($rc), one-line error, nothing written ($(head -c 100 "$tmp/err"))"
}
head -n 8 "$tmp/c1.tsv" >"$tmp/short.tsv"
echo "# end windows=6 timed=6 warmup=0 unmatched=0 total_kinsns=1" >>"$tmp/short.tsv"
bad "fewer windows than samples" "$tmp/short.tsv" "$run3"
head -n 8 "$tmp/c1.tsv" >"$tmp/trunc.tsv"
bad "counts file without end line (QEMU killed)" "$tmp/trunc.tsv" "$run3"
{ cat "$tmp/c1.tsv" | sed '$d'; printf '10\ttimed\t0\t1\t1\t1\t1\t1\t1\t1\t1\t1\n'; tail -n1 "$tmp/c1.tsv"; } >"$tmp/long.tsv"
bad "more windows than samples" "$tmp/long.tsv" "$run3"
sed 's/^3\ttimed\t0\t[0-9]*/3\ttimed\t0\tx12/' "$tmp/c1.tsv" >"$tmp/nan.tsv"
bad "non-numeric count" "$tmp/nan.tsv" "$run3"
bad "not a counts file" "$run3/samples.tsv" "$run3"
bad "not a run directory" "$tmp/c1.tsv" "$tmp"
bad "unknown option" --frobnicate "$tmp/c1.tsv" "$run3"
bad "an abbreviated option (--qemu)" --qemu 7.2 "$tmp/c1.tsv" "$run3"
bad "--qemu-version without a value" "$tmp/c1.tsv" "$run3" --qemu-version
grep -qx "lazybench emu-merge: --qemu-version needs a value" "$tmp/err"
ok $? "... and the error names the option ($(cat "$tmp/err"))"
bad "missing run directory argument" "$tmp/c1.tsv"
before=$(sums "$run")
"$lb" emu-merge "$tmp/c1.tsv" "$run" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] && [ "$(sums "$run")" = "$before" ]
ok $? "merging twice is refused, nothing changed ($(head -c 80 "$tmp/err"))"
# one guest session's runs made in the same second are named ID, ID-2, ..., ID-14; the
# merge's temporary directory name was once read from the buffer being written, so its
# length grew with what earlier merges left on the stack until mkdir failed (seen at the
# 13th of 18 runs)
run4=$(mkrun "$tmp/d14")
many=("$run4")
for i in $(seq 2 14); do cp -r "$run4" "$run4-$i"; many+=("$run4-$i"); done
counts "$tmp/c4.tsv" no
{ sed -n 1,2p "$tmp/c4.tsv"; grep '^# desc' "$tmp/c4.tsv"
  for i in $(seq 0 13); do
	grep -v '^#' "$tmp/c4.tsv" | sed 1d | awk -F'\t' -v OFS='\t' -v b=$((i * 10)) '{ $1 += b; print }'
  done
  echo "# end windows=140 timed=84 warmup=56 unmatched=0 total_kinsns=1"; } >"$tmp/c14.tsv"
"$lb" emu-merge "$tmp/c14.tsv" "${many[@]}" >/dev/null 2>"$tmp/err" &&
	[ -n "$(tsv_col "$run4-14" emu_dsb)" ] && ! ls -a "$tmp/d14/t" | grep -q 'emu-merge'
ok $? "14 runs of one second (ID ... ID-14) merge in one call ($(head -c 120 "$tmp/err"))"
# an interrupted run is refused
cp -r "$run3" "$tmp/c/t/x.incomplete"
sed -i 's/"complete": true/"complete": false/' "$tmp/c/t/x.incomplete/meta.json"
"$lb" emu-merge "$tmp/c1.tsv" "$tmp/c/t/x.incomplete" >/dev/null 2>&1
ok $(($? != 2)) "an incomplete run is refused with exit 2"

# what a column counts is the plugin's words (# desc), else derived from its name
run5=$(mkrun "$tmp/e")
counts "$tmp/c5.tsv" yes
sed -i '3i # desc emu_dsb DSB of any kind, said by the decoder' "$tmp/c5.tsv"
"$lb" emu-merge "$tmp/c5.tsv" "$run5" >/dev/null 2>"$tmp/err"
python3 - "$run5/meta.json" <<'EOF'
import json, sys
ms = {x["name"]: x["desc"] for x in json.load(open(sys.argv[1]))["metrics"]}
want = {"emu_dsb": "DSB of any kind, said by the decoder (QEMU TCG plugin, per operation)",
        "emu_tlbi": "TLBI instructions at kernel addresses (QEMU TCG plugin, per operation)",
        "emu_dsb_ishst": "dsb ishst instructions at kernel addresses (QEMU TCG plugin, per operation)"}
got = {k: ms.get(k) for k in want}
assert got == want, got
EOF
ok $? "each metric's desc is the plugin's (# desc), or derived from the name"
run6=$(mkrun "$tmp/f")
before=$(sums "$run6")
sed '3i # desc emu_nosuch counts nothing' "$tmp/c5.tsv" >"$tmp/c6.tsv"
"$lb" emu-merge "$tmp/c6.tsv" "$run6" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] && [ "$(sums "$run6")" = "$before" ] && grep -q 'bad desc line' "$tmp/err"
ok $? "a desc of a column that is not there: exit 2, nothing written ($(head -c 80 "$tmp/err"))"
sed '3i # desc emu_dsb twice' "$tmp/c5.tsv" >"$tmp/c7.tsv"
"$lb" emu-merge "$tmp/c7.tsv" "$run6" >/dev/null 2>"$tmp/err"
[ $? = 2 ] && [ "$(sums "$run6")" = "$before" ]
ok $? "a column described twice: exit 2, nothing written"

# a counts file of a plugin before main=: nothing is guessed, every column is merged
run4=$(mkrun "$tmp/d")
counts "$tmp/c4.tsv" yes ''
"$lb" emu-merge "$tmp/c4.tsv" "$run4" >/dev/null 2>"$tmp/err"
ok $? "a counts file without main= merges ($(head -c 100 "$tmp/err"))"
[ "$(head -n1 "$run4/samples.tsv" | tr '\t' '\n' | grep -c '^emu_')" = 9 ] && grep -q 'every column' "$tmp/err"
ok $? "... with every column, and a note that says why"
done_testing
