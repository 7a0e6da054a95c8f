# The one recipe of the lazybench binary: its sources, its flags, its link, its version
# string. Everything that builds the binary includes this file:
#   Makefile                        ./lazybench, build/san/lazybench (object by object)
#   mk/arch.mk                      build/arch/<arch>/lazybench, the cross builds; also
#                                   what scripts/vm-run puts in a guest (through make)
#   kselftest/lazybench/Makefile    the kselftest package, in a kernel tree (src/mk/)
#
# LB_ROOT: the directory that holds bench/ (empty: the current directory). Set CFLAGS
# for optimisation and debugging only (default -O2 -g); the rest is fixed here, and the
# same in every build: C11, -Wall -Wextra -Werror -Wshadow.

LB_ROOT ?=
lb_dir := $(if $(LB_ROOT),$(LB_ROOT:%/=%)/)

LB_SRCS := $(sort $(wildcard $(addprefix $(lb_dir),bench/*.c bench/workloads/*.c bench/report/*.c \
	bench/rundir/*.c emu/merge.c emu/arch.c emu/arch-*.c)))
LB_HDRS := $(sort $(wildcard $(addprefix $(lb_dir),bench/*.h bench/report/*.h bench/rundir/*.h \
	emu/lazycount.h)))

CFLAGS ?= -O2 -g
LB_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -I$(lb_dir)bench \
	-I$(lb_dir)emu $(CFLAGS)
LB_LDLIBS := -lm
# ./lazybench is static unless STATIC=0; the others always are (guests, kselftest)
STATIC ?= 1
LB_LDFLAGS := $(if $(filter 1,$(STATIC)),-static)

# $(call lb_build_static,CC,OUTPUT,VERSION-H-DIR): the static binary from every source in
# one compiler run (the cross builds and the kselftest package)
lb_build_static = $(1) $(LB_CFLAGS) -I$(3) -static -o $(2) $(LB_SRCS) $(LB_LDLIBS)

# $(call lb_version_h,FILE): FILE defines LB_VERSION: the VERSION file of a copy made by
# `make kselftest-dir`, else `git describe`; rewritten only when it changes
define lb_version_h
@mkdir -p $(dir $(1))
@v=$$(cat $(lb_dir)VERSION 2>/dev/null || git $(if $(LB_ROOT),-C $(LB_ROOT)) describe --always \
	--dirty --tags 2>/dev/null || echo unknown); \
 echo "#define LB_VERSION \"$$v\"" > $(1).tmp; \
 cmp -s $(1).tmp $(1) && rm -f $(1).tmp || mv $(1).tmp $(1)
endef
