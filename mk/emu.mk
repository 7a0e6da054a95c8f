# lazybench: the lazycount QEMU TCG plugin (emu/), scripts/emu-run and its tests.
# Included by the top Makefile; emu/merge.c (lazybench emu-merge) and the decoders
# (their counters' units: lc_unit()) are linked into ./lazybench (mk/lazybench-build.mk).
#
#   make emu        build/emu/liblazycount.so (QEMU 7.2 plugin API 1)

EMU_PLUGIN := build/emu/liblazycount.so
EMU_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -fPIC -fvisibility=hidden \
	$(CFLAGS)

.PHONY: emu
emu: $(EMU_PLUGIN)

# the plugin core and one decoder per architecture (emu/arch-*.c; emu/lazycount.h)
EMU_DECODERS := emu/arch.c $(sort $(wildcard emu/arch-*.c))
EMU_SRCS := emu/lazycount.c $(EMU_DECODERS)

$(EMU_PLUGIN): $(EMU_SRCS) emu/lazycount.h emu/qemu-plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(EMU_CFLAGS) -shared -o $@ $(EMU_SRCS)

# the decoders' unit test (tests/emu/decode.t): the same decoder code, no QEMU
EMU_DECODE_TEST := build/emu/decode-test build/emu/san-decode-test
build/emu/decode-test: tests/emu/decode.c $(EMU_DECODERS) emu/lazycount.h tests/unit/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(LB_CFLAGS) -Iemu -Itests/unit -o $@ tests/emu/decode.c $(EMU_DECODERS)
build/emu/san-decode-test: tests/emu/decode.c $(EMU_DECODERS) emu/lazycount.h tests/unit/tap.h
	@mkdir -p $(dir $@)
	$(CC) $(LB_CFLAGS) $(SAN_FLAGS) -Iemu -Itests/unit -o $@ tests/emu/decode.c $(EMU_DECODERS)

CHECK_PREREQS += $(EMU_PLUGIN) $(EMU_DECODE_TEST)
CHECK_TESTS += $(sort $(wildcard tests/emu/*.t))
LONG_TESTS += $(sort $(wildcard tests/emu/long/*.t))
DEPS_TEST += qemu-system-x86 qemu-system-arm busybox-static cpio python3 binutils
