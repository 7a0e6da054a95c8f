// SPDX-License-Identifier: GPL-2.0
#include "version.h"
#include "commands.h"

const char lb_version[] = LB_VERSION;
