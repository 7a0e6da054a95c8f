#!/usr/bin/python3
"""Independent reference for compare's run-level statistics (no SciPy needed): reads the
label directories A and B written by mkaa.py and compare's JSON for them, recomputes
per-run medians and means, Welch's t test on them (p from the Student t density
integrated by Simpson's rule, not the incomplete beta the C code uses), the matching 95%
interval, the minimum detectable change and the runs needed, and exits 1 on a mismatch.

usage: runlevel-ref.py A B COMPARE.json
"""
import json
import math
import os
import sys


def median(x):
    s = sorted(x)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def mean(x):
    return sum(x) / len(x)


def var(x):
    m = mean(x)
    return sum((v - m) ** 2 for v in x) / (len(x) - 1)


def t_pdf(x, df):
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
    return c * (1 + x * x / df) ** (-(df + 1) / 2)


def t_two_sided(t, df):
    """P(|T| >= t) = 1 - 2 * integral_0^t pdf, by Simpson's rule"""
    t = abs(t)
    n = 1000
    h = t / n
    s = t_pdf(0, df) + t_pdf(t, df)
    for i in range(1, n):
        s += (4 if i % 2 else 2) * t_pdf(i * h, df)
    return max(0.0, 1 - 2 * s * h / 3)


QCACHE = {}


def t_quantile(p2, df):
    """the t with P(|T| >= t) = p2: Newton's method on the integrated density"""
    if (p2, df) in QCACHE:
        return QCACHE[(p2, df)]
    t = 1.0
    for _ in range(50):
        step = (t_two_sided(t, df) - p2) / (2 * t_pdf(t, df))
        t = max(t / 2, t + step)
        if abs(step) < 1e-10 * t:
            break
    QCACHE[(p2, df)] = t
    return t


def runs_of(label_dir):
    out = []
    for r in sorted(os.listdir(label_dir)):
        with open(os.path.join(label_dir, r, "samples.tsv")) as f:
            rows = [l.rstrip("\n").split("\t") for l in f][1:]
        out.append([float(x[4]) / float(x[2]) for x in rows if x[-1] != "1"])
    return out


def welch(a, b):
    va, vb = var(a) / len(a), var(b) / len(b)
    se = math.sqrt(va + vb)
    t = (mean(a) - mean(b)) / se
    df = (va + vb) ** 2 / (va * va / (len(a) - 1) + vb * vb / (len(b) - 1))
    return t, df, se


def close(name, got, want, rel=2e-4, absol=2e-4):
    ok = got is not None and abs(got - want) <= max(absol, rel * abs(want))
    print("%s %s: compare %s, reference %.6g" % ("ok" if ok else "MISMATCH", name, got, want))
    return ok


def main():
    a, b, js = sys.argv[1:4]
    ra, rb = runs_of(a), runs_of(b)
    cell = [r for r in json.load(open(js))["rows"] if r["metric"] == "ns"][0]["cells"][1]
    good = True
    for stat, key, ci_key, chg_key in ((median, "p_runs", "ci95_pct", "change_pct"),
                                       (mean, "p_runs_mean", "mean_ci95_pct", "mean_change_pct")):
        sa, sb = [stat(r) for r in ra], [stat(r) for r in rb]
        t, df, se = welch(sa, sb)
        good &= close(key, cell[key], t_two_sided(t, df))
        q = t_quantile(0.05, df)
        d = mean(sb) - mean(sa)
        # the change printed is the one tested: the centre of the interval
        good &= close(chg_key, cell[chg_key], d / mean(sa) * 100)
        good &= close(ci_key + " low", cell[ci_key][0], (d - q * se) / mean(sa) * 100)
        good &= close(ci_key + " high", cell[ci_key][1], (d + q * se) / mean(sa) * 100)
    # resolution: pooled SD of the per-run medians in percent of their baseline mean; the
    # MDE is Welch's (compare: Monte Carlo over the variance estimates), which can only
    # be larger than the pooled-variance t's and comes close to it as k grows
    sa, sb = [median(r) for r in ra], [median(r) for r in rb]
    k0, k1 = len(sa), len(sb)
    sd = math.sqrt(((k0 - 1) * var(sa) + (k1 - 1) * var(sb)) / (k0 + k1 - 2)) / mean(sa) * 100
    good &= close("run_sd_pct", cell["run_sd_pct"], sd)
    f = lambda df: t_quantile(0.05, df) + t_quantile(0.4, df)
    pooled = f(k0 + k1 - 2) * sd * math.sqrt(1 / k0 + 1 / k1)
    upper = pooled * (1.25 if min(k0, k1) <= 3 else 1.06)
    ok = pooled <= cell["mde_pct"] <= upper
    print("%s mde_pct: compare %s, pooled t %.6g, at most %.6g" % ("ok" if ok else "MISMATCH",
          cell["mde_pct"], pooled, upper))
    good &= ok
    chg = cell["change_pct"]
    need = next(k for k in range(2, 100001) if f(2 * k - 2) * sd * math.sqrt(2 / k) <= abs(chg))
    got = cell["runs_needed"]
    ok = got is not None and need <= got <= need * 1.1 + 2
    print("%s runs_needed: compare %s, pooled t %d" % ("ok" if ok else "MISMATCH", got, need))
    good &= ok
    sys.exit(0 if good else 1)


main()
