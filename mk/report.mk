# lazybench: offline analysis (bench/report/: compare, plot), its tests and test vectors.
# Included by the top Makefile; bench/report/*.c are linked into ./lazybench by its glob.

# the statistics checked against SciPy vectors (tests/report/vectors.txt)
build/report/stats-check: tests/report/stats-check.c bench/report/stats.c bench/report/stats.h
	@mkdir -p $(dir $@)
	$(CC) $(LB_CFLAGS) -o $@ tests/report/stats-check.c bench/report/stats.c $(LB_LDLIBS)

build/report/san-stats-check: tests/report/stats-check.c bench/report/stats.c bench/report/stats.h
	@mkdir -p $(dir $@)
	$(CC) $(LB_CFLAGS) $(SAN_FLAGS) -o $@ tests/report/stats-check.c bench/report/stats.c $(LB_LDLIBS)

CHECK_PREREQS += build/report/stats-check build/report/san-stats-check
CHECK_TESTS += $(sort $(wildcard tests/report/*.t))
# python3: test inputs (tests/report/mkrun.py) and output checks; gnuplot: lazybench plot;
# hyperfine: scripts/hyperfine-compare
DEPS_TEST += python3 gnuplot-nox hyperfine

# regenerate the SciPy reference vectors (needs python3-scipy; not part of check)
.PHONY: report-vectors
report-vectors:
	/usr/bin/python3 tests/report/gen-vectors.py > tests/report/vectors.txt.tmp
	mv tests/report/vectors.txt.tmp tests/report/vectors.txt
