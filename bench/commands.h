/* SPDX-License-Identifier: GPL-2.0 */
/* Subcommands of the lazybench binary. Each returns the process exit status. */
#ifndef LAZYBENCH_COMMANDS_H
#define LAZYBENCH_COMMANDS_H

/* exit statuses */
#define LB_EXIT_OK	0
#define LB_EXIT_FAIL	1	/* a run or a read failed */
#define LB_EXIT_USAGE	2	/* bad command line or bad input, nothing written */

int cmd_list(int argc, char **argv);	/* bench/cli.c */
int cmd_run(int argc, char **argv);	/* bench/cli.c */
/* the report side (bench/report/) and the emulator merger (emu/) are optional at link time */
int cmd_compare(int argc, char **argv) __attribute__((weak));
int cmd_plot(int argc, char **argv) __attribute__((weak));
int cmd_emu_merge(int argc, char **argv) __attribute__((weak));

extern const char lb_version[];		/* bench/version.c, generated from git describe */

#endif
