#!/usr/bin/python3
"""Write simulated result directories for compare's run-level tests (docs/FORMAT.md):
TRIALS pairs of label directories A and B, each holding RUNS runs of REPS repetitions.
Every run has its own offset (a boot's page-table placement, frequency, neighbours):
    ns = ns_per_pte * pages * (1 + shift/100) * (1 + N(0, run_sd/100)) * N(1, cv/100)
with shift applied to label B only. A/A (shift 0) is the null hypothesis with run-level
variance; a test that treats repetitions as independent marks it far too often.

usage: mkaa.py OUT --trials N --runs K [--runs-b K] [--reps R] [--run-sd PCT] [--cv PCT]
               [--shift PCT] [--seed S] [--pages P]
Writes OUT/t<i>/a/r<j> and OUT/t<i>/b/r<j> (labels "a" and "b").
"""
import argparse
import json
import os
import random


def meta(run_id, label, reps, pages):
    return {
        "format": "lazybench-run/1", "complete": True, "interrupted_by": None,
        "run_id": run_id, "label": label, "lazybench_version": "test",
        "command_line": ["tests/report/mkaa.py"],
        "options": {"workloads": ["mremap"], "reps": reps, "pages": [pages]},
        "start_time": "2026-12-01T10:00:00Z", "end_time": "2026-12-01T10:01:00Z",
        "host": {"hostname": "testhost", "arch": "x86_64", "cpu_model": "Test CPU",
                 "ncpus": 2, "governor": None, "boost": None, "emulated": "none"},
        "kernel": {"release": "7.3.4", "version": "#1", "cmdline": "", "page_size": 4096,
                   "thp": "madvise",
                   "config": {"KASAN": "n", "DEBUG_PAGEALLOC": "n", "PARAVIRT": "y",
                              "XEN_PV": "n", "ARCH_HAS_LAZY_MMU_MODE": "y"},
                   "debug_pagealloc_enabled": False, "xen_pv_domain": False,
                   "lazy_mmu_api": "lazy_mmu_mode"},
        "clock": {"timer": "CLOCK_MONOTONIC_RAW", "clocksource": "tsc", "ref_counter": None},
        "metrics": [{"name": "ns", "unit": "ns", "better": "lower", "kind": "time",
                     "desc": "wall time of one operation"}],
        "unavailable": [], "extra": {},
    }


def write_run(d, run_id, label, rnd, a, shift, pages):
    os.makedirs(d)
    off = 1 + rnd.gauss(0, a.run_sd / 100)
    with open(os.path.join(d, "samples.tsv"), "w") as f:
        f.write("workload\tpages\tptes\trep\tns\tcontam\n")
        for rep in range(a.reps):
            ns = 100.0 * pages * (1 + shift / 100) * off * rnd.gauss(1, a.cv / 100)
            f.write("mremap\t%d\t%d\t%d\t%.0f\t0\n" % (pages, pages, rep, max(ns, 0)))
    with open(os.path.join(d, "meta.json"), "w") as f:
        json.dump(meta(run_id, label, a.reps, pages), f)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--runs-b", type=int, default=None)
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--run-sd", type=float, default=5.0)
    ap.add_argument("--cv", type=float, default=1.0)
    ap.add_argument("--shift", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pages", type=int, default=512)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    for t in range(a.trials):
        for label, k, shift in (("a", a.runs, 0.0),
                                ("b", a.runs_b or a.runs, a.shift)):
            for j in range(k):
                write_run(os.path.join(a.out, "t%d" % t, label, "r%d" % j),
                          "t%d-%s-r%d" % (t, label, j), label, rnd, a, shift, a.pages)


main()
