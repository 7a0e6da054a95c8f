# lazybench: the lazycount QEMU TCG plugin (emu/), scripts/emu-run and its tests.
# Included by the top Makefile; bench/emu-merge.c is linked into ./lazybench by its glob.
#
#   make emu        build/emu/liblazycount.so (QEMU 7.2 plugin API 1)

EMU_PLUGIN := build/emu/liblazycount.so
EMU_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -fPIC -fvisibility=hidden \
	$(CFLAGS)

.PHONY: emu
emu: $(EMU_PLUGIN)

$(EMU_PLUGIN): emu/lazycount.c emu/qemu-plugin.h
	@mkdir -p $(dir $@)
	$(CC) $(EMU_CFLAGS) -shared -o $@ emu/lazycount.c

CHECK_PREREQS += $(EMU_PLUGIN)
CHECK_TESTS += $(sort $(wildcard tests/emu/*.t))
LONG_TESTS += $(sort $(wildcard tests/emu/long/*.t))
DEPS_TEST += qemu-system-x86 qemu-system-arm busybox-static cpio python3 binutils
