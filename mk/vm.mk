# lazybench: kernel builds of revisions, the VM runner, the one-command comparison and
# the VM end-to-end tests (tests/vm/). Included by the top Makefile.
#
#   make kernel BASE=debian:7.3 ARCH=x86_64 CONFIG="xen-pv" [REV=v5 PATCHES=v5.mbox]
#                            build (or find, cached) one kernel; prints its build dir
#   make compare-revisions BASE=debian:7.3 REVS="v4:v4.mbox v5:v5.mbox" ARCH=x86_64
#                          CONFIG="xen-pv" [XEN=1] [MODULE=1] [EMU=1] [SUITE="run args"]
#                          [BOOTS=N] [KCONFIG=FILE|defconfig] [RESULTS=DIR] [TIMEOUT=SEC] [COMPARE_ARGS="args"]
#                          [ARGS="any other scripts/compare-revisions options"]
#                            build what is missing, run the suite in QEMU for the base and
#                            each revision, print `lazybench compare` (every option of
#                            the script: the variables above, the rest through ARGS,
#                            e.g. ARGS="--per-patch ~/v5.mbox --dry-run")
#   make vm-fixtures         request the fixture revisions' kernels (builds them here)
#   make vm-check            only the VM tests (tests/vm/*.t; they SKIP without builds)
#   make vm-check-long       plus the arm64 path (tests/vm/long/*.t)

BASE ?= debian:7.3
ARCH ?= x86_64
CONFIG ?= xen-pv
REVS ?=
SUITE ?=
XEN ?=
MODULE ?=
EMU ?=
BOOTS ?=
KCONFIG ?=
RESULTS ?=
TIMEOUT ?=
COMPARE_ARGS ?=
ARGS ?=
VM_BASE_ARGS = $(if $(filter debian:%,$(BASE)),--debian $(patsubst debian:%,%,$(BASE)),--src $(BASE))

.PHONY: kernel compare-revisions vm-fixtures vm-check vm-check-long
kernel:
	@scripts/build-kernel $(VM_BASE_ARGS) --arch $(ARCH) --config "$(CONFIG)" \
		$(if $(REV),--rev $(REV) --patches $(PATCHES)) $(if $(KCONFIG),--kconfig '$(KCONFIG)')

compare-revisions: lazybench
	@scripts/compare-revisions --base '$(BASE)' --revs '$(REVS)' --arch '$(ARCH)' --config '$(CONFIG)' \
		$(if $(XEN),--xen) $(if $(MODULE),--module) $(if $(EMU),--emu) --suite '$(SUITE)' \
		$(if $(BOOTS),--boots '$(BOOTS)') $(if $(KCONFIG),--kconfig '$(KCONFIG)') $(if $(RESULTS),--results '$(RESULTS)') \
		$(if $(TIMEOUT),--timeout '$(TIMEOUT)') $(if $(COMPARE_ARGS),--compare-args '$(COMPARE_ARGS)') \
		$(ARGS)

vm-fixtures:
	scripts/build-kernel --debian 7.3 --arch x86_64 --config xen-pv
	scripts/build-kernel --debian 7.3 --arch x86_64 --config xen-pv --rev nobatch --patches tests/fixtures/xen-nobatch.mbox
	scripts/build-kernel --debian 7.3 --arch x86_64 --config xen-pv --rev ctxfix --patches tests/fixtures/xen-ctxsw-lazy-fix.mbox
	scripts/build-kernel --debian 7.3 --arch x86_64 --config xen-pv --rev ctxfix-nobatch --patches tests/fixtures/xen-ctxsw-fix+nobatch
	scripts/build-kernel --debian 7.3 --arch x86_64 --config xen-pv --rev panic --patches tests/fixtures/panic-at-boot.mbox
	scripts/build-kernel --debian 7.3 --arch arm64 --config base
	scripts/build-kernel --debian 7.3 --arch arm64 --config base --rev nested --patches tests/fixtures/nested-disable-leaves.mbox

vm-check: lazybench
	prove --exec '' --timer $(VM_TESTS)

vm-check-long: lazybench
	prove --exec '' --timer $(VM_TESTS) $(VM_LONG_TESTS)

VM_TESTS := $(sort $(wildcard tests/vm/*.t))
VM_LONG_TESTS := $(sort $(wildcard tests/vm/long/*.t))
CHECK_TESTS += $(VM_TESTS)
LONG_TESTS += $(VM_LONG_TESTS)
DEPS_TEST += qemu-system-x86 qemu-system-arm busybox-static cpio gcc-aarch64-linux-gnu python3 b4
