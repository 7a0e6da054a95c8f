# The cover-letter workflow: lazybench as a kernel selftest collection
# (kselftest/lazybench/); the tests of test_vmalloc workloads, per-patch attribution
# and the collection (tests/cover/).
# Included by the top Makefile.
#
#   make kselftest-install INSTALL_PATH=DIR [KSFT_TREE=KERNEL-TREE]
#        build and install the collection into DIR with the kernel tree's own selftests
#        lib.mk; adds it to DIR/kselftest-list.txt; installs that tree's run_kselftest.sh
#        and runner when DIR has none. Then: DIR/run_kselftest.sh -c lazybench
#   make kselftest-dir OUT=DIR
#        a self-contained copy of kselftest/lazybench (with the sources in src/) to drop
#        into a kernel tree as tools/testing/selftests/lazybench

KSFT_TREE ?= $(HOME)/.cache/lazybench/src/linux-source-7.3

.PHONY: kselftest-install kselftest-dir
kselftest-install:
	@test -n "$(INSTALL_PATH)" || { echo "make kselftest-install: set INSTALL_PATH=DIR" >&2; exit 2; }
	@test -f "$(KSFT_TREE)/tools/testing/selftests/lib.mk" || { echo "make kselftest-install: no kernel selftests in KSFT_TREE=$(KSFT_TREE) (scripts/fetch-kernel-source 7.3, or KSFT_TREE=a kernel tree)" >&2; exit 2; }
	@kselftest/install "$(KSFT_TREE)/tools/testing/selftests" "$(INSTALL_PATH)"

kselftest-dir:
	@test -n "$(OUT)" || { echo "make kselftest-dir: set OUT=DIR (e.g. KTREE/tools/testing/selftests/lazybench)" >&2; exit 2; }
	@test ! -e "$(OUT)" || { echo "make kselftest-dir: '$(OUT)' exists; not overwriting it" >&2; exit 2; }
	@mkdir -p "$(OUT)/src"
	@cp kselftest/lazybench/Makefile kselftest/lazybench/lazybench.sh kselftest/lazybench/settings \
		kselftest/lazybench/config "$(OUT)/"
	@tar -cf - bench/*.c bench/*.h bench/workloads bench/report bench/rundir emu/merge.c | tar -xf - -C "$(OUT)/src"
	@{ git describe --always --dirty --tags 2>/dev/null || echo unknown; } > "$(OUT)/src/VERSION"
	@echo "$(OUT)"

CHECK_TESTS += $(sort $(wildcard tests/cover/*.t))
LONG_TESTS += $(sort $(wildcard tests/cover/long/*.t))
DEPS_TEST += rsync perl
