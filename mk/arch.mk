# lazybench on every architecture of arch/*.conf: the static lazybench cross-built for
# each arch that has a cross compiler (build/arch/<arch>/lazybench, with the same
# sources and flags as ./lazybench), the arch table's checks and the cross builds'
# tests (tests/arch/). Included by the top Makefile.
#
#   make cross          build/arch/<arch>/lazybench for every cross arch
#   make arch-check     only tests/arch/*.t
#   make arch-files     regenerate what arch/*.conf decides elsewhere: README's per-arch
#                       table and bench/marker-arch.h (scripts/arch-table --write)

ARCH_NAMES := $(sort $(basename $(notdir $(wildcard arch/*.conf))))
arch_key = $(strip $(shell sed -n 's/^$(2)=//p' arch/$(1).conf))
CROSS_ARCHES := $(foreach a,$(ARCH_NAMES),$(if $(call arch_key,$(a),cross),$(a)))
CROSS_LB := $(CROSS_ARCHES:%=build/arch/%/lazybench)

define cross_lb_rule
build/arch/$(1)/lazybench: $(LB_SRCS) $(LB_HDRS) build/version.h arch/$(1).conf
	@mkdir -p $$(dir $$@)
	$(call lb_build_static,$(call arch_key,$(1),cross)gcc,$$@,build)
endef
$(foreach a,$(CROSS_ARCHES),$(eval $(call cross_lb_rule,$(a))))

.PHONY: cross arch-check arch-files
arch-files:
	scripts/arch-table --write
cross: $(CROSS_LB)

arch-check: $(CROSS_LB) lazybench
	prove --exec '' --timer $(sort $(wildcard tests/arch/*.t))

CHECK_PREREQS += $(CROSS_LB)
CHECK_TESTS += $(sort $(wildcard tests/arch/*.t))
LONG_TESTS += $(sort $(wildcard tests/arch/long/*.t))
# cross compilers and static libcs of every arch; qemu-user to run the cross binaries;
# the QEMU system emulators the long tests boot the kernels in
DEPS_TEST += $(foreach a,$(ARCH_NAMES),$(call arch_key,$(a),cross_pkgs) $(call arch_key,$(a),qemu_pkg)) \
	qemu-user-static binutils file patch

# the kernels tests/arch/long/*.t boot, from the arch files: for every arch with
# emu_expect, Debian's base build of each of its versions (default 7.3 6.12) and, with
# nobatch_patches, the 7.3 nobatch revision (cross-built; `make check-long` builds them
# through long-kernels, one at a time like every kernel build)
LONG_ARCHES := $(foreach a,$(ARCH_NAMES),$(if $(call arch_key,$(a),emu_expect),$(a)))
arch_versions = $(or $(call arch_key,$(1),versions),7.3 6.12)
arch_nobatch = $(call arch_key,$(1),nobatch_patches)
.PHONY: arch-kernels
long-kernels: arch-kernels
arch-kernels:
	@set -e; $(foreach a,$(LONG_ARCHES),$(foreach v,$(call arch_versions,$(a)),\
		$(BK) --debian $(v) --arch $(a) --config base >/dev/null;)\
		$(if $(call arch_nobatch,$(a)),$(BK) --debian 7.3 --arch $(a) --config base \
			--rev nobatch --patches $(call arch_nobatch,$(a)) >/dev/null;))
