#!/usr/bin/python3
"""A/A and power simulation of `lazybench compare`, end to end, on real run directories.

Independent of tests/report/mkaa.py: it writes its own directories in the
lazybench-run/1 layout (docs/FORMAT.md), runs the lazybench binary on them and counts
marks in its CSV. Each simulated comparison ("trial") is one workload, t0, t1, ..., of
the same label directories, so one `compare` call evaluates every trial of a setting;
each run has its own offset per trial, as each boot would.

Two metrics per sample:
  ns      time: ns = 100 * (1 + N(0, run_sd) + shift) * N(1, cv), per run and rep (the
          shift moves the level, the run-to-run spread stays: what the stated MDE
          assumes); an extra line measures a shift that scales the spread too
  faults  a small integer count whose per-run median is 3 or 4 depending on the run
          (a boot), the values of a run that base +-1 now and then: per-run medians tie
          within and across columns (the case that used to give p = 0)

For K runs per label (2, 3, 5 by default):
  A/A: the rate at which Median and Mean rows of ns and faults are marked '*', and how
       often the hierarchical bootstrap interval (boot_ci95) of ns excludes 0;
  power: the stated minimum detectable change (mde_pct) is F * run_sd_pct with F the
       same for every cell of a K; with a true change of F * (the true SD of the
       per-run medians), Welch's test should mark it 80% of the time.

usage: aa-sim.py [--trials N] [--runs 2,3,5] [--seed S] [--lazybench PATH] [--tap]
                 [--scaled]
Prints one line per measured rate; with --tap, TAP with binomial tolerances.
"""
import argparse
import csv
import io
import json
import math
import os
import random
import subprocess
import sys
import tempfile

RUN_SD = 5.0    # percent: run-to-run SD of the offset
CV = 1.0        # percent: within-run CV
REPS = 10


def meta(run_id, label, ntrials):
    return {
        "format": "lazybench-run/1", "complete": True, "interrupted_by": None,
        "run_id": run_id, "label": label, "lazybench_version": "aa-sim",
        "command_line": ["tests/report/aa-sim.py"],
        "options": {"workloads": ["t%d" % t for t in range(ntrials)], "reps": REPS,
                    "pages": [1]},
        "start_time": "2026-12-03T10:00:00Z", "end_time": "2026-12-03T10:01:00Z",
        "host": {"hostname": "sim", "arch": "x86_64", "cpu_model": "Sim CPU", "ncpus": 2,
                 "governor": None, "boost": None, "emulated": "none"},
        "kernel": {"release": "7.3.4", "version": "#1", "cmdline": "", "page_size": 4096,
                   "thp": "madvise",
                   "config": {"KASAN": "n", "DEBUG_PAGEALLOC": "n", "PARAVIRT": "y",
                              "XEN_PV": "n", "ARCH_HAS_LAZY_MMU_MODE": "y"},
                   "debug_pagealloc_enabled": False, "xen_pv_domain": False,
                   "lazy_mmu_api": "lazy_mmu_mode"},
        "clock": {"timer": "CLOCK_MONOTONIC_RAW", "clocksource": "tsc", "ref_counter": None},
        "metrics": [{"name": "ns", "unit": "ns", "better": "lower", "kind": "time",
                     "desc": "simulated time"},
                    {"name": "faults", "unit": "faults", "better": "lower", "kind": "count",
                     "desc": "simulated small count"}],
        "unavailable": [], "extra": {},
    }


def write_label(d, label, k, ntrials, shift_pct, rnd, scaled=False):
    """k runs of ntrials workloads; shift_pct(t) is the true change of trial t: added to
    the run's offset (the spread stays), or with scaled the offset is scaled by it too"""
    for j in range(k):
        rd = os.path.join(d, "r%d" % j)
        os.makedirs(rd)
        with open(os.path.join(rd, "samples.tsv"), "w") as f:
            f.write("workload\tpages\tptes\trep\tns\tfaults\tcontam\n")
            for t in range(ntrials):
                off = 1 + rnd.gauss(0, RUN_SD / 100)
                base = 3 if rnd.random() < 0.5 else 4
                for rep in range(REPS):
                    if scaled:
                        ns = 100 * (1 + shift_pct(t) / 100) * off * rnd.gauss(1, CV / 100)
                    else:
                        ns = 100 * (off + shift_pct(t) / 100) * rnd.gauss(1, CV / 100)
                    u = rnd.random()
                    cnt = base + (1 if u < 0.08 else -1 if u < 0.16 else 0)
                    f.write("t%d\t1\t1\t%d\t%.4f\t%d\t0\n" % (t, rep, max(ns, 0), cnt))
        with open(os.path.join(rd, "meta.json"), "w") as f:
            json.dump(meta("%s-r%d" % (label, j), label, ntrials), f)


def compare(lb, a, b, fmt="csv"):
    p = subprocess.run([lb, "compare", "--format", fmt, "--boot", "200", a, b],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode:
        sys.exit("aa-sim: compare failed: %s" % p.stderr.strip())
    return p.stdout


def cells(out):
    return [r for r in csv.DictReader(io.StringIO(out)) if r["column"] == "2"]


def median_sd_of_runs():
    """true SD (percent) of a per-run median of ns: offset and the median of REPS draws"""
    rnd = random.Random(12345)
    xs = []
    for _ in range(20000):
        off = 1 + rnd.gauss(0, RUN_SD / 100)
        v = sorted(off * rnd.gauss(1, CV / 100) for _ in range(REPS))
        xs.append((v[REPS // 2 - 1] + v[REPS // 2]) / 2 * 100)
    m = sum(xs) / len(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def binom_upper(n, p, z=3.09):
    """a one-sided bound exceeded with probability about 0.001 (normal approximation)"""
    return n * p + z * math.sqrt(n * p * (1 - p))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=300)
    ap.add_argument("--runs", default="2,3,5")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--lazybench", default="./lazybench")
    ap.add_argument("--tap", action="store_true")
    ap.add_argument("--scaled", action="store_true",
                    help="also measure power when the change scales the spread")
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    n = a.trials
    alpha = 0.05
    sd_true = median_sd_of_runs()
    results = []   # (ok, text)

    def check(ok, text):
        results.append((ok, text))

    tmp = tempfile.mkdtemp(prefix="aa-sim.")
    try:
        for k in [int(x) for x in a.runs.split(",")]:
            d = os.path.join(tmp, "k%d" % k)
            write_label(os.path.join(d, "a"), "a", k, n, lambda t: 0.0, rnd)
            write_label(os.path.join(d, "b"), "b", k, n, lambda t: 0.0, rnd)
            rows = cells(compare(a.lazybench, os.path.join(d, "a"), os.path.join(d, "b")))
            hi = binom_upper(n, alpha)
            lo = n * alpha - 3.09 * math.sqrt(n * alpha * (1 - alpha))
            for metric in ("ns", "faults"):
                r = [x for x in rows if x["metric"] == metric]
                assert len(r) == n, (metric, len(r))
                for col, row in (("mark", "Median"), ("mean_mark", "Mean")):
                    m = sum(x[col] == "significant" for x in r)
                    # a continuous metric must be at the nominal level; a tied count
                    # may be below it (cells without spread are not tested), not above
                    if metric == "ns":
                        check(lo <= m <= hi, "A/A, %d runs per label, %s %s rows: %d of %d "
                              "marked (%.1f%%; nominal 5%%, allowed %.0f..%.0f)"
                              % (k, metric, row, m, n, 100 * m / n, max(lo, 0), hi))
                    else:
                        check(m <= hi, "A/A, %d runs per label, tied count (per-run "
                              "medians 3 or 4) %s rows: %d of %d marked (%.1f%%; at most "
                              "%.0f)" % (k, row, m, n, 100 * m / n, hi))
            r = [x for x in rows if x["metric"] == "ns"]
            ex = sum(float(x["boot_ci95_lo_pct"]) > 0 or float(x["boot_ci95_hi_pct"]) < 0
                     for x in r)
            check(True, "A/A, %d runs per label: the hierarchical bootstrap interval "
                  "(boot_ci95, not the test) excluded 0 in %d of %d (%.1f%%)"
                  % (k, ex, n, 100 * ex / n))
            # power at the stated MDE: F = mde_pct / run_sd_pct is the same in every cell
            out = compare(a.lazybench, os.path.join(d, "a"), os.path.join(d, "b"), "json")
            fs = [c["mde_pct"] / c["run_sd_pct"] for row in json.loads(out)["rows"]
                  if row["metric"] == "ns" for c in row["cells"][1:2]
                  if c["mde_pct"] and c["run_sd_pct"]]
            fac = fs[0]
            check(max(fs) - min(fs) < 1e-6 * fac, "%d runs per label: the stated MDE is "
                  "%.4f times the run-to-run SD in every cell" % (k, fac))
            shift = fac * sd_true
            d2 = os.path.join(tmp, "p%d" % k)
            write_label(os.path.join(d2, "a"), "a", k, n, lambda t: 0.0, rnd)
            write_label(os.path.join(d2, "b"), "b", k, n, lambda t: shift, rnd)
            rows = cells(compare(a.lazybench, os.path.join(d2, "a"), os.path.join(d2, "b")))
            r = [x for x in rows if x["metric"] == "ns"]
            hit = sum(x["mark"] == "significant" for x in r)
            sd = math.sqrt(n * 0.8 * 0.2)
            check(abs(hit - 0.8 * n) <= 3.29 * sd, "power, %d runs per label: a true "
                  "change of the stated MDE (%.4f x the true run-to-run SD %.3f%% = "
                  "%.2f%%) marked in %d of %d (%.1f%%; stated 80%%, allowed %.0f..%.0f)"
                  % (k, fac, sd_true, shift, hit, n, 100 * hit / n,
                     0.8 * n - 3.29 * sd, 0.8 * n + 3.29 * sd))
            if a.scaled:
                for sign in (1, -1):
                    d3 = os.path.join(tmp, "s%d%d" % (k, sign))
                    write_label(os.path.join(d3, "a"), "a", k, n, lambda t: 0.0, rnd)
                    write_label(os.path.join(d3, "b"), "b", k, n,
                                lambda t: sign * shift, rnd, scaled=True)
                    rows = cells(compare(a.lazybench, os.path.join(d3, "a"),
                                         os.path.join(d3, "b")))
                    hit = sum(x["mark"] == "significant" for x in rows
                              if x["metric"] == "ns")
                    check(True, "power, %d runs per label, a change of %+.2f%% that "
                          "scales the run-to-run spread with the value: marked in %d "
                          "of %d (%.1f%%)" % (k, sign * shift, hit, n, 100 * hit / n))
    finally:
        subprocess.run(["rm", "-rf", tmp])
    bad = 0
    for i, (ok, text) in enumerate(results, 1):
        if a.tap:
            print("%s %d - %s" % ("ok" if ok else "not ok", i, text))
        else:
            print(("" if ok else "FAIL: ") + text)
        bad += not ok
    if a.tap:
        print("1..%d" % len(results))
    sys.exit(1 if bad else 0)


main()
