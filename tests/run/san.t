#!/bin/sh
# The ASan/UBSan build does a real short run of every workload.
. "$(dirname "$0")/lib.sh"
SAN=$ROOT/build/san/lazybench
[ -x "$SAN" ] || { echo "1..0 # SKIP $SAN not built"; exit 0; }
WLS=$("$SAN" list | awk '/^[a-z]/ {print $1}' | grep -v '^kmod-')
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=halt_on_error=1 \
	"$SAN" run $WLS --pages 1,16 --reps 3 --warmup 1 --events +page-faults,bogus:none \
	--meta a=b --out "$T/r" --label l --tap >"$T/out" 2>"$T/err"
rc=$?
ok $rc "sanitizer build: run exits 0 ($rc)" || sed 's/^/# /' "$T/err" | tail -20
grep -q "ERROR: AddressSanitizer\|runtime error" "$T/err"; [ $? -ne 0 ]; ok $? "no sanitizer report"
d=$(run_dir "$T/r/l")
ok $? "run published"
# every workload has its 2 x 3 rows, or is skipped with a reason (tv-*, kmod-* need the module)
bad=0
for w in $WLS; do
	rows=$(awk -F'\t' -v w="$w" '$1 == w' "$d/samples.tsv" | wc -l)
	[ "$rows" -eq 6 ] || { [ "$rows" -eq 0 ] && grep -q "\"workload\": \"$w\"" "$d/meta.json"; } ||
		{ diag "$w: $rows rows"; bad=1; }
done
[ $bad -eq 0 ]; ok $? "all rows stored (or the workload skipped with a reason)"
"$SAN" run nosuch >/dev/null 2>&1; [ $? -eq 2 ]; ok $? "sanitizer build: bad input exit 2"
done_testing
