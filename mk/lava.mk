# lazybench on LAVA labs (scripts/lava-*, lava/): job generation, LAVA's own validation,
# the local lava-run end to end on a QEMU board, and their tests (tests/lava/).
# Included by the top Makefile.
#
#   make lava-job DEVICE_TYPE=T LAVA_BOOT=ipxe|u-boot|qemu|minimal [LAVA_BUILD=DIR]
#                 [BOOTS=N] [SUITE="..."] [LAVA_URL=BASE] [LAVA_JOB=FILE] [LAVA_PROMPT=P]
#                            write a job (default build/lava/job.yaml); LAVA_BUILD defaults
#                            to the 7.3 x86_64 xen-pv build, minimal uses the board's kernel
#                            and needs LAVA_PROMPT (the installed system's shell prompt)
#   make lava-local [LAVA_JOB=FILE]   run it here with lava-run on the QEMU board
#   make lava-check                   only the LAVA tests (make check's)
#   make lava-lab-check               the real-server test (lava/lab, tests/lava/long/server.t)

LAVA_JOB ?= build/lava/job.yaml
DEVICE_TYPE ?= x86
LAVA_BOOT ?= ipxe
BOOTS ?= 1
LAVA_URL ?=
LAVA_BUILD ?= $(shell scripts/build-kernel --debian 7.3 --arch x86_64 --config xen-pv --query 2>/dev/null)

.PHONY: lava-job lava-local lava-check lava-lab-check
lava-job:
	@mkdir -p $(dir $(LAVA_JOB))
	scripts/lava-job --device-type $(DEVICE_TYPE) --boot $(LAVA_BOOT) \
		$(if $(filter minimal,$(LAVA_BOOT)),--board-kernel,--build "$(LAVA_BUILD)") \
		--boots $(BOOTS) --suite "$(SUITE)" $(if $(LAVA_URL),--url $(LAVA_URL)) \
		$(if $(LAVA_PROMPT),--prompt '$(LAVA_PROMPT)') -o $(LAVA_JOB)
	@echo $(LAVA_JOB)

lava-local:
	scripts/lava-local $(LAVA_JOB)

lava-check: lazybench
	prove --exec '' --timer $(LAVA_TESTS)

lava-lab-check: lazybench
	prove --exec '' --timer -v tests/lava/long/server.t

LAVA_TESTS := $(sort $(wildcard tests/lava/*.t))
CHECK_TESTS += $(LAVA_TESTS)
LONG_TESTS += $(sort $(wildcard tests/lava/long/*.t))
# the LAVA dispatcher (lava-run, lava_common's schemas), the TFTP server its TFTP deploy
# checks for, mkimage (U-Boot boards' headers), telnet (the serial-server connection of
# the example boards), python3-yaml (logs, jobs), QEMU with iPXE and U-Boot firmware (the
# local boards), lavacli (the client users fetch a lab's jobs with), lava-server (its
# device-type templates render every dictionary the tests validate against; with
# postgresql, the real server of tests/lava/long/server.t). Both install without
# starting anything (scripts/install-deps' policy-rc.d; lava-server's postinst skips its
# database when no PostgreSQL answers): lava/lab starts its own.
DEPS_TEST += lava-dispatcher tftpd-hpa u-boot-tools telnet python3-yaml qemu-system-x86 ipxe-qemu \
	qemu-system-arm u-boot-qemu lavacli lava-server postgresql
