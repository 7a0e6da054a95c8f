# lazybench: top-level Makefile.
#
#   make               build ./lazybench (static, C11, -Wall -Wextra -Werror)
#   make run           install what is missing (Debian), build, run the default suite
#   make check         install what is missing, build, run every test CI runs (TAP, prove)
#   make check-long    the longer tests (arm64, debug configs) on top of check
#   make bench         benchmark the harness itself (overhead, spread); not a test
#
# Each area keeps its own rules in mk/<area>.mk and adds to the variables below.

CC ?= cc
CFLAGS ?= -O2 -g
STATIC ?= 1
LB_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Ibench $(CFLAGS)
LB_LDLIBS := -lm
ifeq ($(STATIC),1)
LB_LDFLAGS := -static
endif

SRCS := $(sort $(wildcard bench/*.c bench/workloads/*.c bench/report/*.c))
OBJS := $(SRCS:%.c=build/obj/%.o)
SAN_OBJS := $(SRCS:%.c=build/san/%.o)
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

# Debian packages: for running the suite, and for the tests (added to by mk/*.mk)
DEPS_RUN := build-essential libc6-dev
DEPS_TEST := $(DEPS_RUN) perl
CHECK_TESTS :=
CHECK_PREREQS := lazybench build/san/lazybench
LONG_TESTS :=

.PHONY: all run check check-long bench deps-run deps-test clean
all: lazybench

lazybench: $(OBJS)
	$(CC) $(LB_CFLAGS) $(LB_LDFLAGS) -o $@ $^ $(LB_LDLIBS)

# sanitizer build for the tests (dynamic: ASan cannot link statically)
build/san/lazybench: $(SAN_OBJS)
	$(CC) $(LB_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(LB_LDLIBS)

build/obj/%.o: %.c $(wildcard bench/*.h bench/report/*.h) | build/version.h
	@mkdir -p $(dir $@)
	$(CC) $(LB_CFLAGS) -Ibuild -c -o $@ $<

build/san/%.o: %.c $(wildcard bench/*.h bench/report/*.h) | build/version.h
	@mkdir -p $(dir $@)
	$(CC) $(LB_CFLAGS) $(SAN_FLAGS) -Ibuild -c -o $@ $<

# the version string, refreshed when git describe changes
build/version.h: FORCE
	@mkdir -p build
	@v=$$(git describe --always --dirty --tags 2>/dev/null || echo unknown); \
	 echo "#define LB_VERSION \"$$v\"" > $@.tmp; \
	 cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
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
	@$(MAKE) --no-print-directory $(CHECK_PREREQS)
	prove --exec '' --timer $(CHECK_TESTS)

check-long: deps-test
	@$(MAKE) --no-print-directory $(CHECK_PREREQS)
	prove --exec '' --timer $(CHECK_TESTS) $(LONG_TESTS)

clean:
	rm -rf build lazybench

include $(sort $(wildcard mk/*.mk))
