# lazybench: top-level Makefile.
#
#   make               build ./lazybench (static, C11, -Wall -Wextra -Werror)
#   make run           install what is missing (Debian), build, run the default suite
#   make check         install what is missing, build (and cache) the x86_64 guest kernels
#                      the tests boot, run every test CI runs (TAP, prove)
#   make check-quick   the same tests without building kernels: the kernel ones SKIP
#   make check-long    the longer tests (arm64, KASAN + DEBUG_PAGEALLOC) on top of check
#   make bench         benchmark the harness itself (overhead, spread); not a test
#
# Each area keeps its own rules in mk/<area>.mk and adds to the variables below.

CC ?= cc
# the binary's sources, flags and link: mk/lazybench-build.mk (LB_SRCS, LB_CFLAGS, ...)
include mk/lazybench-build.mk

OBJS := $(LB_SRCS:%.c=build/obj/%.o)
SAN_OBJS := $(LB_SRCS:%.c=build/san/%.o)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Debian packages: for running the suite, and for the tests (added to by mk/*.mk)
DEPS_RUN := build-essential libc6-dev
DEPS_TEST := $(DEPS_RUN) perl ccache xz-utils bc bison flex libelf-dev libssl-dev cpio
CHECK_TESTS :=
CHECK_PREREQS := lazybench build/san/lazybench
LONG_TESTS :=

.PHONY: all run check check-quick check-long check-kernels long-kernels bench deps-run deps-test clean
all: lazybench

lazybench: $(OBJS)
	$(CC) $(LB_CFLAGS) $(LB_LDFLAGS) -o $@ $^ $(LB_LDLIBS)

# sanitizer build for the tests (dynamic: ASan cannot link statically)
build/san/lazybench: $(SAN_OBJS)
	$(CC) $(LB_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(LB_LDLIBS)

build/obj/%.o: %.c $(LB_HDRS) | build/version.h
	@mkdir -p $(dir $@)
	$(CC) $(LB_CFLAGS) -Ibuild -c -o $@ $<

build/san/%.o: %.c $(LB_HDRS) | build/version.h
	@mkdir -p $(dir $@)
	$(CC) $(LB_CFLAGS) $(SAN_FLAGS) -Ibuild -c -o $@ $<

# the version string, refreshed when git describe changes
build/version.h: FORCE
	$(call lb_version_h,$@)
build/obj/bench/version.o build/san/bench/version.o: build/version.h
FORCE:

deps-run:
	@scripts/install-deps $(DEPS_RUN)
deps-test:
	@scripts/install-deps $(sort $(DEPS_TEST))

run: deps-run
	@$(MAKE) --no-print-directory lazybench
	./lazybench run $(RUNARGS)

check: deps-test
	@$(MAKE) --no-print-directory check-kernels $(CHECK_PREREQS)
	scripts/check-prove --exec '' --timer $(CHECK_TESTS)

check-quick: deps-test
	@$(MAKE) --no-print-directory $(CHECK_PREREQS)
	scripts/check-prove --exec '' --timer $(CHECK_TESTS)

check-long: deps-test
	@$(MAKE) --no-print-directory check-kernels long-kernels $(CHECK_PREREQS)
	scripts/check-prove --exec '' --timer $(CHECK_TESTS) $(LONG_TESTS)

# Kernels the tests boot, built once into ~/.cache/lazybench (Debian's linux-source-7.3 and
# -6.12, fetched through a private apt list) and the fixture revisions (ccache: minutes).
BK := scripts/build-kernel
check-kernels:
	@scripts/fetch-xen >/dev/null
	@$(BK) --debian 7.3 --arch x86_64 --config xen-pv >/dev/null
	@$(BK) --debian 6.12 --arch x86_64 --config xen-pv >/dev/null
	@$(BK) --debian 7.3 --arch x86_64 --config xen-pv --rev nobatch --patches tests/fixtures/xen-nobatch.mbox >/dev/null
	@$(BK) --debian 7.3 --arch x86_64 --config xen-pv --rev ctxfix --patches tests/fixtures/xen-ctxsw-lazy-fix.mbox >/dev/null
	@$(BK) --debian 7.3 --arch x86_64 --config xen-pv --rev ctxfix-nobatch --patches tests/fixtures/xen-ctxsw-fix+nobatch >/dev/null
	@$(BK) --debian 7.3 --arch x86_64 --config xen-pv --rev panic --patches tests/fixtures/panic-at-boot.mbox >/dev/null

long-kernels:
	@$(BK) --debian 7.3 --arch x86_64 --config "kasan debug-pagealloc" >/dev/null
	@$(BK) --debian 7.3 --arch arm64 --config base >/dev/null
	@$(BK) --debian 6.12 --arch arm64 --config base >/dev/null
	@$(BK) --debian 7.3 --arch arm64 --config debug-pagealloc >/dev/null
	@$(BK) --debian 7.3 --arch arm64 --config debug-pagealloc --rev nested --patches tests/fixtures/nested-disable-leaves.mbox >/dev/null
	@$(BK) --debian 7.3 --arch arm64 --config "kasan debug-pagealloc" --rev depth --patches tests/fixtures/lazy-mmu-depth.mbox >/dev/null
	@$(BK) --debian 7.3 --arch arm64 --config "kasan debug-pagealloc" --rev depth-nested --patches tests/fixtures/depth+nested-leaves >/dev/null
	@$(BK) --debian 6.12 --arch arm64 --config "kasan debug-pagealloc" >/dev/null
	@$(BK) --debian 7.3 --arch x86_64 --config xen-pv --rev ctxfix-depth --patches tests/fixtures/xen-ctxsw-fix+depth >/dev/null
	@# Debian's cloud-amd64 configuration (tests/cover/long/kconfig-distro.t; amd64 hosts)
	@[ "$$(dpkg --print-architecture)" != amd64 ] || { cfg=$$(scripts/fetch-kernel-source --config cloud-amd64 7.3) && \
	$(BK) --debian 7.3 --arch x86_64 --config xen-pv --kconfig "$$cfg" >/dev/null && \
	$(BK) --debian 7.3 --arch x86_64 --config xen-pv --kconfig "$$cfg" --rev ctxfix --patches tests/fixtures/xen-ctxsw-lazy-fix.mbox >/dev/null; }

clean:
	rm -rf build lazybench

include $(filter-out mk/lazybench-build.mk,$(sort $(wildcard mk/*.mk)))
