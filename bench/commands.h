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
int cmd_compare(int argc, char **argv);	/* bench/report/compare.c */
int cmd_plot(int argc, char **argv);	/* bench/report/plot.c */
int cmd_emu_merge(int argc, char **argv);	/* emu/merge.c */
int cmd_report(int argc, char **argv);	/* bench/report/medians.c */
int cmd_meta(int argc, char **argv);	/* bench/rundir/extra.c */

extern const char lb_version[];		/* bench/version.c, generated from git describe */

#endif
