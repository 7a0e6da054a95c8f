# lazybench.ko (kernel/module/): build, compile checks against every available tree,
# VM tests (tests/kernel/). Included by the top Makefile.
#
#   make module [KDIR=DIR]   build against KDIR (default: the running kernel's build tree);
#                            arm64 trees are cross-built. Prints the .ko path.
#   make module-check        compile-check, warning-free, against Debian's 6.1 headers and
#                            every finished build in ~/.cache/lazybench/builds
#   make module-clean

KDIR ?= /lib/modules/$(shell uname -r)/build

.PHONY: module module-check module-clean
module:
	@kernel/module/build-ko $(KDIR)

module-check:
	@kernel/module/build-ko --all

module-clean:
	rm -rf build/kmod build/kmod-*.err

DEPS_TEST += linux-headers-amd64 gcc-aarch64-linux-gnu bc bison flex libelf-dev libssl-dev busybox-static cpio
CHECK_TESTS += $(sort $(wildcard tests/kernel/*.t))
