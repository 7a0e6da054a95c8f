#!/bin/sh
# --tap: valid TAP 13 on stdout (one test point per workload x size, SKIP with a reason),
# progress still on stderr. Checked with perl's TAP::Parser.
. "$(dirname "$0")/lib.sh"
[ -x "$LB" ] || { echo "1..0 # SKIP $LB not built"; exit 0; }
LAZYBENCH_EMULATED=tcg "$LB" run mremap munmap madv-pageout --pages 1,16 --reps 3 --tap \
	--out "$T/r" >"$T/tap" 2>"$T/err"
ok $? "run --tap exits 0"
head -n1 "$T/tap" | grep -qx "TAP version 13"; ok $? "starts with TAP version 13"
sed -n 2p "$T/tap" | grep -qx "1\.\.6"; ok $? "plan 1..6 (3 workloads x 2 sizes)"
[ "$(grep -c '^ok [0-9]* - ' "$T/tap")" -eq 6 ]; ok $? "six test points"
grep -v '^ok \|^not ok \|^# \|^TAP version\|^1\.\.' "$T/tap" | grep -q .; [ $? -ne 0 ]
ok $? "nothing but TAP on stdout"
grep -q "^# emulated (TCG): times are not hardware times" "$T/tap"; ok $? "TCG diagnostic"
grep -q "^lazybench: \[" "$T/err"; ok $? "progress on stderr"
perl -MTAP::Parser -e '
	open(my $f, "<", $ARGV[0]) or die; local $/; my $tap = <$f>;
	my $p = TAP::Parser->new({ tap => $tap });
	while (my $r = $p->next) { }
	exit(($p->is_good_plan && !$p->failed && !$p->parse_errors) ? 0 : 1);' "$T/tap"
ok $? "TAP::Parser: good plan, no failures, no parse errors"
d=$(run_dir "$T"/r/*)
grep -q '"emulated": "tcg"' "$d/meta.json"; ok $? "LAZYBENCH_EMULATED=tcg in host.emulated"
done_testing
