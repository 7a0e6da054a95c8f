#!/usr/bin/env bash
# compare-revisions with a series named by its Message-ID (b4:MSGID): `b4 am` fetches it;
# offline here with b4's local-mbox mode (--b4-mbox FILE: b4 --offline-mode am -m FILE)
# on the fixtures: a revision and a --per-patch series, the .mbx b4 saves holds the same
# diffs as the mailbox, a Message-ID b4 cannot find and a word that is no Message-ID are
# one line and exit 2. --dry-run: nothing is built.
. "$(dirname "$0")/../vm/lib.sh"
command -v b4 >/dev/null || skip_all "b4 is not installed (apt-get install b4)"
plan 8
cr=$root/scripts/compare-revisions
export LAZYBENCH_CACHE=$tmp/cache
fx=$root/tests/fixtures
id=20261121120000.xen-ctxsw-lazy-fix-1@fixtures.lazybench.invalid
out=$("$cr" --base debian:7.3 --config xen-pv --revs "ctxfix:b4:<$id>" --b4-mbox "$fx/xen-ctxsw-lazy-fix.mbox" --dry-run 2>"$tmp/err")
ok $? "--revs ctxfix:b4:<MSGID> --b4-mbox FIXTURE --dry-run exits 0"
diag "$out" "$(cat "$tmp/err")"
mbx=$(echo "$out" | sed -n 's/^ctxfix .* --patches \(.*\)$/\1/p')
[ -f "$mbx" ] && case $mbx in "$tmp/cache/b4/"*.mbx) true ;; *) false ;; esac
ok $? "the revision's patches are the .mbx b4 saved under the cache ($mbx)"
git mailinfo /dev/null "$tmp/a.diff" <"$fx/xen-ctxsw-lazy-fix.mbox" >/dev/null
git mailinfo /dev/null "$tmp/b.diff" <"$mbx" >"$tmp/b.info"
diff <(sed '/^$/d' "$tmp/a.diff") <(sed '/^$/d' "$tmp/b.diff") >/dev/null &&
	grep -q '^Subject: x86/xen: do not pause lazy MMU mode across context switches' "$tmp/b.info"
ok $? "it holds the fixture's patch (same diff but blank lines, same subject)"
grep -q "b4:$id: 1 patch(es)" "$tmp/err"
ok $? "compare-revisions says what b4 fetched"
out=$("$cr" --base debian:7.3 --config xen-pv --per-patch "b4:20261121120000.xen-nobatch-1@fixtures.lazybench.invalid" \
	--b4-mbox "$fx/xen-nobatch.mbox" --dry-run 2>/dev/null)
[ $? = 0 ] && echo "$out" | grep -qx 'columns: 3 = p1-2: + patch 2/2 x86/xen: do not batch page-table updates in lazy MMU mode'
ok $? "--per-patch b4:MSGID: the thread's two patches, one column per prefix"
chk() { local desc=$1 want=$2 o rc; shift 2
	o=$("$cr" --base debian:7.3 "$@" --dry-run 2>&1); rc=$?
	[ "$rc" = 2 ] && [ "$(echo "$o" | wc -l)" = 1 ] && echo "$o" | grep -qF -- "$want"
	ok $? "$desc ($o)"; }
chk "a Message-ID the mailbox does not have" "b4 am failed: CRITICAL: Could not find nosuch@x.invalid in $fx/xen-nobatch.mbox" \
	--revs "x:b4:nosuch@x.invalid" --b4-mbox "$fx/xen-nobatch.mbox"
chk "no Message-ID" "not a Message-ID" --revs "x:b4:hello" --b4-mbox "$fx/xen-nobatch.mbox"
chk "a missing --b4-mbox" "--b4-mbox '$tmp/none' is not a readable file" --revs "x:b4:$id" --b4-mbox "$tmp/none"
done_testing
