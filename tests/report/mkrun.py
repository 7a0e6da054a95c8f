#!/usr/bin/python3
"""Write a result directory in the lazybench-run/1 format (docs/FORMAT.md) for the
compare/plot tests: samples drawn from a normal distribution with a fixed seed, so a
test knows what the truth is (same distribution, or a given shift).

usage: mkrun.py DIR [--label L] [--seed S] [--n N] [--pages 16,512] [--workloads mremap]
                [--ns 100] [--cv 1] [--shift 0] [--arch x86_64] [--emulated none]
                [--kasan n] [--cpu MODEL] [--unavailable EV,EV] [--ops] [--exact N]
                [--incomplete] [--kunit pass|fail] [--kconfig ID]
Per-operation ns = ns-per-PTE * pages * (1 + shift/100) * N(1, cv/100).
--ops adds a higher-is-better metric 'ops' (operations per second) that moves the other
way; --exact N adds an exact emulator count 'emu_insns' = N * pages per operation.
"""
import argparse
import json
import os
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--label", default="base")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--pages", default="16,512")
    ap.add_argument("--workloads", default="mremap")
    ap.add_argument("--ns", type=float, default=100.0)
    ap.add_argument("--cv", type=float, default=1.0)
    ap.add_argument("--shift", type=float, default=0.0)
    ap.add_argument("--arch", default="x86_64")
    ap.add_argument("--emulated", default="none")
    ap.add_argument("--kasan", default="n")
    ap.add_argument("--cpu", default="Test CPU @ 2.0GHz")
    ap.add_argument("--release", default="7.3.4")
    ap.add_argument("--unavailable", default="")
    ap.add_argument("--ops", action="store_true")
    ap.add_argument("--exact", type=float, default=None)
    ap.add_argument("--incomplete", action="store_true")
    ap.add_argument("--kunit", default=None, help="kernel.kunit.lazy_mmu_mode verdict")
    ap.add_argument("--kconfig", default=None, help="extra.kconfig (the base configuration)")
    a = ap.parse_args()

    rnd = random.Random(a.seed)
    os.makedirs(a.dir)
    metrics = [{"name": "ns", "unit": "ns", "better": "lower", "kind": "time",
                "desc": "wall time of one operation"}]
    cols = ["ns"]
    if a.ops:
        metrics.append({"name": "ops", "unit": "op/s", "better": "higher", "kind": "time",
                        "desc": "operations per second"})
        cols.append("ops")
    if a.exact is not None:
        metrics.append({"name": "emu_insns", "unit": "insns", "better": "lower",
                        "kind": "exact", "desc": "emulated instructions"})
        cols.append("emu_insns")
    with open(os.path.join(a.dir, "samples.tsv"), "w") as f:
        f.write("\t".join(["workload", "pages", "ptes", "rep"] + cols) + "\n")
        for wl in a.workloads.split(","):
            for p in [int(x) for x in a.pages.split(",")]:
                for rep in range(a.n):
                    ns = a.ns * p * (1 + a.shift / 100) * rnd.gauss(1, a.cv / 100)
                    row = [wl, str(p), str(p), str(rep), "%.0f" % ns]
                    if a.ops:
                        row.append("%.3f" % (1e9 / ns))
                    if a.exact is not None:
                        row.append("%.0f" % (a.exact * p))
                    f.write("\t".join(row) + "\n")
    unav = [{"event": e, "reason": "test"} for e in a.unavailable.split(",") if e]
    meta = {
        "format": "lazybench-run/1",
        "complete": not a.incomplete,
        "interrupted_by": "SIGINT" if a.incomplete else None,
        "run_id": os.path.basename(a.dir.rstrip("/")), "label": a.label,
        "lazybench_version": "test",
        "command_line": ["tests/report/mkrun.py"],
        "options": {"workloads": a.workloads.split(","), "reps": a.n},
        "start_time": "2026-11-21T19:00:00Z", "end_time": "2026-11-21T19:01:00Z",
        "host": {"hostname": "testhost", "arch": a.arch, "cpu_model": a.cpu, "ncpus": 2,
                 "governor": None, "boost": None, "emulated": a.emulated},
        "kernel": {"release": a.release, "version": "#1", "cmdline": "", "page_size": 4096,
                   "thp": "madvise",
                   "config": {"KASAN": a.kasan, "DEBUG_PAGEALLOC": "n", "PARAVIRT": "y",
                              "XEN_PV": "n", "ARCH_HAS_LAZY_MMU_MODE": "y"},
                   "debug_pagealloc_enabled": False, "xen_pv_domain": False,
                   "lazy_mmu_api": "lazy_mmu_mode"},
        "clock": {"timer": "CLOCK_MONOTONIC_RAW", "clocksource": "tsc", "ref_counter": None},
        "metrics": metrics,
        "unavailable": unav,
        "extra": {},
    }
    if a.kunit:
        meta["kernel"]["kunit"] = {"lazy_mmu_mode": a.kunit}
    if a.kconfig:
        meta["extra"]["kconfig"] = a.kconfig
    with open(os.path.join(a.dir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")


main()
