#!/usr/bin/env python3
"""claims.py: what README.md and docs/*.md name must exist.

    tests/docs/claims.py [--root DIR] [--lazybench BIN] [--table README.md] FILE.md...

Prints one line per problem (`FILE:LINE: what`) and exits 1 if there is any, 0 if none,
2 on bad arguments. Checked, in code (backticks, indented blocks):
  - workloads: the words after `lazybench run` that are not options, and every
    backticked word that starts like a workload family (kmod-, tv-, mremap-, munmap-,
    madv-, mprotect-, fork-), must be in `lazybench list` (a `*` matches at least one);
  - options: every --option of a `lazybench COMMAND` line must be in that command's
    --help; every --option of a `scripts/NAME` (or `kernel/module/build-ko`) line must
    appear in that script's text;
  - make targets: the target of every `make TARGET` must be a rule in Makefile/mk/*.mk;
  - files: every repository path (scripts/, tests/, bench/, kernel/, emu/, arch/, docs/,
    mk/, kselftest/, lava/, .ci/) and every relative Markdown link must exist (globs and
    placeholders such as <arch>, NAME, ARCH are matched as wildcards).
With --table README.md, also: every workload of `lazybench list` is named (or matched by
a `*` pattern) in the first column of README's workload table (`| workload | ...`).
"""
import fnmatch
import glob
import os
import re
import subprocess
import sys

FAMILIES = ("kmod-", "tv-", "mremap-", "munmap-", "madv-", "mprotect-", "fork-")
TOPDIRS = ("scripts/", "tests/", "bench/", "kernel/module/", "kernel/configs/", "emu/",
           "arch/", "docs/", "mk/", "kselftest/", "lava/", ".ci/")
# names the docs use for files the reader adds (not in the tree)
HYPOTHETICAL = ("kernel/configs/myboard.config",)


def usage():
    print("usage: claims.py [--root DIR] [--lazybench BIN] FILE.md...", file=sys.stderr)
    sys.exit(2)


def code_spans(text):
    """(line number, code text) of every inline code span and indented/fenced block line"""
    out = []
    fenced = False
    for n, line in enumerate(text.split("\n"), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.startswith("    ") or line.startswith("\t"):
            out.append((n, line.strip()))
            continue
    # inline spans may wrap across lines: search the whole text, map offsets to lines
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())
    for m in re.finditer(r"(?<!`)`([^`\n]+(?:\n[^`\n]+)?)`(?!`)", text):
        off = m.start()
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= off:
                lo = mid
            else:
                hi = mid - 1
        out.append((lo + 1, m.group(1).replace("\n", " ")))
    return out


def placeholder_glob(path):
    """a documented path with placeholders -> a glob pattern"""
    p = re.sub(r"<[^>]*>", "*", path)
    p = re.sub(r"\b[A-Z][A-Z0-9_]*[A-Z0-9]\b", "*", p)   # ARCH, NAME, KDIR, ...
    p = p.replace("...", "*")
    p = re.sub(r"\{[^}]*\}", "*", p)
    return p


class Checker:
    def __init__(self, root, lazybench):
        self.root = root
        self.lb = lazybench
        self.problems = []
        self.workloads = self._workloads()
        self.helps = {}
        self.targets = self._targets()

    def _workloads(self):
        out = subprocess.run([self.lb, "list"], capture_output=True, text=True, check=True).stdout
        return {l.split()[0] for l in out.split("\n") if l and not l[0].isspace()}

    def _help(self, cmd):
        if cmd not in self.helps:
            r = subprocess.run([self.lb, cmd, "--help"], capture_output=True, text=True)
            self.helps[cmd] = set(re.findall(r"--[a-z][a-z0-9-]*", r.stdout + r.stderr))
        return self.helps[cmd]

    def _targets(self):
        t = set()
        files = [os.path.join(self.root, "Makefile")] + glob.glob(os.path.join(self.root, "mk", "*.mk"))
        for f in files:
            for line in open(f, encoding="utf-8"):
                m = re.match(r"^([A-Za-z0-9_./%-]+(?:\s+[A-Za-z0-9_./%-]+)*)\s*:(?!=)", line)
                if m and not line.startswith("\t"):
                    t.update(m.group(1).split())
                m = re.match(r"^\.PHONY\s*:\s*(.*)", line)
                if m:
                    t.update(m.group(1).split())
        return t

    def bad(self, f, n, msg):
        self.problems.append("%s:%d: %s" % (f, n, msg))

    def workload_ok(self, w):
        if "*" in w or "?" in w:
            return any(fnmatch.fnmatchcase(x, w) for x in self.workloads)
        return w in self.workloads

    def path_ok(self, base, p):
        p = p.rstrip(".,;:)")
        p = p.split("#")[0]
        if not p:
            return True
        pat = placeholder_glob(p)
        full = os.path.normpath(os.path.join(base, pat))
        if "*" in pat:
            return bool(glob.glob(full))
        return os.path.exists(full)

    def check_command(self, f, n, code):
        code = re.sub(r"(^|\s)#\s.*$", "", code)     # a shell comment
        # split a code line into commands (pipes, ;, &&, $(...), a guest command after --)
        for cmd in re.split(r"\|\||&&|[|;]|\$\(|\)|\s--\s", code):
            words = [w.lstrip("'\"") for w in cmd.split()]
            while words and (words[0] in ("sudo", "env", "$") or re.fullmatch(r"[A-Z_]+=\S*", words[0])):
                words = words[1:]
            # lazybench COMMAND ..., as the command itself (not a word inside a string)
            for i, w in enumerate(words[:1]):
                if re.fullmatch(r"(\./|/\S*/)?lazybench", w) and i + 1 < len(words):
                    sub = words[i + 1]
                    if sub not in ("list", "run", "compare", "plot", "emu-merge", "version", "help"):
                        continue
                    helpset = self._help(sub)
                    rest = words[i + 2:]
                    for j, a in enumerate(rest):
                        if a.startswith("--"):
                            opt = a.split("=")[0].rstrip(".,)`")
                            if opt not in helpset and opt != "--help":
                                self.bad(f, n, "lazybench %s has no option %s (%s --help)" % (sub, opt, sub))
                    if sub == "run":
                        skip_next = False
                        for a in rest:
                            if skip_next:
                                skip_next = False
                                continue
                            if a.startswith("-"):
                                # options that take a value as the next word
                                if "=" not in a and a in ("--pages", "--reps", "--warmup", "--cpu",
                                                          "--events", "--label", "--out",
                                                          "--folio", "--meta"):
                                    skip_next = True
                                continue
                            a = a.strip("'\"`,.")
                            if not re.fullmatch(r"[a-z][a-z0-9_*-]*", a):
                                continue
                            if a in ("...", "sudo"):
                                continue
                            if not self.workload_ok(a):
                                self.bad(f, n, "no workload '%s' in `lazybench list`" % a)
                    break
            # scripts/NAME --option
            for i, w in enumerate(words):
                m = re.fullmatch(r"(?:\./)?((?:scripts/[A-Za-z0-9_.-]+)|kernel/module/build-ko)", w)
                if not m:
                    continue
                script = os.path.join(self.root, m.group(1))
                if not os.path.isfile(script):
                    break   # reported as a missing file
                text = open(script, encoding="utf-8", errors="replace").read()
                for a in words[i + 1:]:
                    if a.startswith("--"):
                        opt = re.match(r"--[A-Za-z0-9-]+", a)
                        if opt and opt.group(0) not in text:
                            self.bad(f, n, "%s has no option %s" % (m.group(1), opt.group(0)))
                break
            # make TARGET
            for i, w in enumerate(words):
                if w == "make" and (i == 0 or words[i - 1] in ("sudo",)):
                    args = words[i + 1:]
                    if any(a.startswith("-C") for a in args):
                        break
                    for a in args:
                        if a.startswith("-") or "=" in a:
                            continue
                        a = a.strip("`,.")
                        if re.fullmatch(r"[a-z][a-z0-9_./-]*", a) and a not in self.targets:
                            self.bad(f, n, "make has no target '%s' (Makefile, mk/*.mk)" % a)
                        break
                    break

    def check_file(self, f):
        text = open(f, encoding="utf-8").read()
        rel = os.path.relpath(f, self.root)
        base = os.path.dirname(os.path.abspath(f))
        if os.path.relpath(base, self.root).startswith(".."):
            base = self.root    # a copy outside the tree (the test's broken README)
        for n, code in code_spans(text):
            self.check_command(rel, n, code)
            # workload-like words in code
            for w in re.findall(r"(?<![\w/.-])([a-z]+-[a-z0-9_*-]+)(?![\w/.])", code):
                if re.search(r"-[0-9]+p-", w):
                    continue    # a LAVA test-case name, <workload>-<pages>p-<metric>
                if w.startswith(FAMILIES) and not w.endswith("-") and not self.workload_ok(w):
                    # module-side names (debugfs) are kmod-less; runner names start kmod-
                    self.bad(rel, n, "no workload '%s' in `lazybench list`" % w)
            # repository paths
            for p in re.findall(r"(?<![\w/.~$-])((?:%s)[A-Za-z0-9_./<>{},*-]*)" %
                                "|".join(re.escape(d) for d in TOPDIRS), code):
                if p.startswith("arch/") and "/" in p[len("arch/"):].rstrip("/"):
                    continue    # a kernel tree's arch/<karch>/..., not ours
                if p.rstrip(".,;:)") in HYPOTHETICAL:
                    continue
                if not self.path_ok(self.root, p):
                    self.bad(rel, n, "no such file in the tree: %s" % p)
        # relative Markdown links
        for m in re.finditer(r"\]\(([^)\s]+)\)", text):
            target = m.group(1)
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            n = text.count("\n", 0, m.start()) + 1
            if not self.path_ok(base, target):
                self.bad(rel, n, "link to a missing file: %s" % target)


def check_table(c, readme):
    rel = os.path.relpath(readme, c.root)
    lines = open(readme, encoding="utf-8").read().split("\n")
    try:
        start = next(i for i, l in enumerate(lines) if l.startswith("| workload |"))
    except StopIteration:
        c.bad(rel, 1, "no workload table (a line starting '| workload |')")
        return
    names = []
    for l in lines[start + 2:]:
        if not l.startswith("|"):
            break
        names += re.findall(r"`([^`]+)`", l.split("|")[1])
    for w in sorted(c.workloads):
        if not any(fnmatch.fnmatchcase(w, p) for p in names):
            c.bad(rel, start + 1, "workload '%s' (lazybench list) is not in the workload table" % w)


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    lb = None
    table = None
    files = []
    i = 0
    while i < len(argv):
        if argv[i] == "--root" and i + 1 < len(argv):
            root = argv[i + 1]
            i += 2
        elif argv[i] == "--table" and i + 1 < len(argv):
            table = argv[i + 1]
            i += 2
        elif argv[i] == "--lazybench" and i + 1 < len(argv):
            lb = argv[i + 1]
            i += 2
        elif argv[i].startswith("-"):
            usage()
        else:
            files.append(argv[i])
            i += 1
    if not files:
        usage()
    lb = lb or os.path.join(root, "lazybench")
    if not os.access(lb, os.X_OK):
        print("claims.py: no lazybench binary at %s (make)" % lb, file=sys.stderr)
        sys.exit(2)
    c = Checker(root, lb)
    for f in files:
        c.check_file(f)
    if table:
        check_table(c, table)
    for p in c.problems:
        print(p)
    sys.exit(1 if c.problems else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
