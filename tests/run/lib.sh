# Shared helpers for tests/run/*.t (POSIX sh, TAP 13). Source with: . "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
LB=${LB:-$ROOT/lazybench}
T=$(mktemp -d /tmp/lb-test.XXXXXX)
chmod 755 "$T"
trap 'rm -rf "$T"' EXIT
n=0
failed=0
echo "TAP version 13"
ok() {	# ok CONDITION-EXIT-STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
	return "$1"
}
skip() {	# skip REASON DESCRIPTION
	n=$((n + 1))
	echo "ok $n - $2 # SKIP $1"
}
diag() { echo "# $*"; }
done_testing() { echo "1..$n"; [ "$failed" -eq 0 ]; }
# the one run directory in label directory $1 (fails when there is not exactly one)
run_dir() {
	set -- "$1"/*
	[ $# -eq 1 ] && [ -d "$1" ] && echo "$1"
}
# column index (1-based) of a name in a TSV header
col() { head -n1 "$1" | tr '\t' '\n' | grep -nx "$2" | cut -d: -f1; }
# meta_check META TSV: meta.json is valid JSON and its metrics are exactly the TSV's
# columns after rep, in order (the last column, contam, is not a metric) (perl's core JSON::PP)
meta_check() {
	perl -MJSON::PP -e '
		local $/; open(my $f, "<", $ARGV[0]) or die; my $m = decode_json(<$f>);
		open(my $t, "<", $ARGV[1]) or die; my ($h) = split /\n/, <$t>;
		my @c = split /\t/, $h; splice(@c, 0, 4);
		pop @c if @c && $c[-1] eq "contam";	# not a metric (common contract)
		my @n = map { $_->{name} } @{$m->{metrics}};
		exit(join(",", @c) eq join(",", @n) && $m->{format} eq "lazybench-run/1" ? 0 : 1);
	' "$1" "$2"
}
