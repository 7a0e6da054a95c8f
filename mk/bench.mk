# lazybench: the benchmark runner (bench/), its tests and the harness benchmark.
# Included by the top Makefile.

UNIT_SRCS := $(sort $(wildcard tests/unit/*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=build/tests/%) $(UNIT_SRCS:tests/unit/%.c=build/tests/san-%)
# every object but main(): the unit tests bring their own
LIB_OBJS := $(filter-out build/obj/bench/main.o,$(OBJS))
LIB_SAN_OBJS := $(filter-out build/san/bench/main.o,$(SAN_OBJS))

build/tests/%: tests/unit/%.c $(LIB_OBJS) tests/unit/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(LB_CFLAGS) -Ibuild -Itests/unit -o $@ $< $(LIB_OBJS) $(LB_LDLIBS)

build/tests/san-%: tests/unit/%.c $(LIB_SAN_OBJS) tests/unit/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(LB_CFLAGS) $(SAN_FLAGS) -Ibuild -Itests/unit -o $@ $< $(LIB_SAN_OBJS) $(LB_LDLIBS)

CHECK_PREREQS += $(UNIT_BINS)
CHECK_TESTS += $(sort $(wildcard tests/unit/*.t tests/run/*.t))
DEPS_TEST += util-linux procps strace

bench: lazybench
	scripts/bench-harness
