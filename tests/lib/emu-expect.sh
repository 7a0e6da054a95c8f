# shellcheck shell=bash
# The exact counts an arch file expects (arch/<arch>.conf emu_expect, emu_expect_nobatch:
# "WORKLOAD:METRIC:LO:HI ..." per PTE at 512 pages) checked against runs. Sourced by
# tests/arch/long/emu.t and tests/cover/long/arches.t.

# per_pte DIR WORKLOAD METRIC: the median per PTE at 512 pages of METRIC over DIR's
# samples (DIR a run directory, or a label directory of runs: every boot), or "none"
per_pte() {
	cat "$1/samples.tsv" "$1"/*/samples.tsv 2>/dev/null | awk -F'\t' -v w="$2" -v m="$3" '
		$1 == "workload" { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$1 == w && $2 == 512 && (m in c) && $(c[m]) != "-" { v[++n] = $(c[m]) / $(c["ptes"]) }
		END { if (!n) { print "none"; exit }
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
			printf "%.4f\n", n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }'
}

# expect_ok DIR "W:M:LO:HI ..." [METRIC [WORKLOADS]]: 0 if the median of every
# expectation (of METRIC only, and of the WORKLOADS only, where given) is in [LO, HI];
# prints what it saw
expect_ok() {
	local e w m lo hi v bad=0
	for e in $2; do
		IFS=: read -r w m lo hi <<<"$e"
		[ -z "${3:-}" ] || [ "$m" = "$3" ] || continue
		if [ -n "${4:-}" ]; then case " $4 " in *" $w "*) ;; *) continue ;; esac; fi
		v=$(per_pte "$1" "$w" "$m")
		printf '%s %s/PTE=%s [%s, %s]; ' "$w" "$m" "$v" "$lo" "$hi"
		awk -v v="$v" -v lo="$lo" -v hi="$hi" 'BEGIN { exit !(v != "none" && v + 0 >= lo + 0 && v + 0 <= hi + 0) }' || bad=1
	done
	return $bad
}
