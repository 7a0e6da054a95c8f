// SPDX-License-Identifier: GPL-2.0
/* lazybench: subcommand dispatch. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "util.h"

struct lb_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
};

static void version_usage(FILE *f)
{
	fprintf(f, "usage: lazybench version\n\nPrints the lazybench version (git describe).\n");
}

static int cmd_version(int argc, char **argv)
{
	int r = lb_no_args(argc, argv, "lazybench version", version_usage);

	if (r >= 0)
		return r;
	printf("lazybench %s\n", lb_version);
	return LB_EXIT_OK;
}

static const struct lb_command commands[] = {
	{ "list", cmd_list, "list workloads with descriptions and kernel paths" },
	{ "run", cmd_run, "run workloads on this kernel and store every sample" },
	{ "compare", NULL, "compare runs: LKML-ready table with statistics" },
	{ "plot", NULL, "gnuplot plots of runs" },
	{ "emu-merge", NULL, "merge TCG-plugin counts into a run (used by the VM runner)" },
	{ "report", cmd_report, "a run's medians, tab-separated, for scripts (LAVA)" },
	{ "meta", cmd_meta, "read or change a run's meta.json, for scripts (LAVA, VM runs)" },
	{ "version", cmd_version, "print the lazybench version" },
};

static int (*resolve(const struct lb_command *c))(int, char **)
{
	if (c->fn)
		return c->fn;
	if (!strcmp(c->name, "compare"))
		return cmd_compare;
	if (!strcmp(c->name, "plot"))
		return cmd_plot;
	if (!strcmp(c->name, "emu-merge"))
		return cmd_emu_merge;
	return NULL;
}

/* output that did not get out (`lazybench list > /dev/full`) is a failure, said on stderr */
static int out_checked(const char *cmd, int r)
{
	int e;

	errno = 0;
	if (!fflush(stdout) && !ferror(stdout))
		return r;
	e = errno;
	if (!r) {
		fprintf(stderr, "lazybench %s: writing to standard output failed%s%s\n", cmd,
			e ? ": " : "", e ? strerror(e) : "");
		r = LB_EXIT_FAIL;
	}
	return r;
}

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: lazybench COMMAND [ARGS]   (lazybench COMMAND --help)\n\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (resolve(&commands[i]))
			fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return LB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		/* `help COMMAND` is `COMMAND --help`; anything else is not help */
		if (argc == 3 && !strcmp(argv[1], "help")) {
			for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
				int (*fn)(int, char **) = resolve(&commands[i]);
				char *args[] = { argv[2], "--help", NULL };

				if (fn && !strcmp(argv[2], commands[i].name))
					return out_checked(argv[2], fn(2, args));
			}
			lb_puterr("lazybench help: unknown command: ", argv[2]);
			return LB_EXIT_USAGE;
		}
		if (argc > 2) {
			lb_puterr("lazybench: unexpected argument after help: ", argv[2]);
			return LB_EXIT_USAGE;
		}
		usage(stdout);
		return out_checked("help", LB_EXIT_OK);
	}
	if (!strcmp(argv[1], "--version"))
		return out_checked("version", cmd_version(argc - 1, argv + 1));
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		int (*fn)(int, char **) = resolve(&commands[i]);

		if (strcmp(argv[1], commands[i].name))
			continue;
		if (!fn)
			break;
		return out_checked(argv[1], fn(argc - 1, argv + 1));
	}
	{
		char q[160];

		lb_quote(q, sizeof(q), argv[1], 60);
		fprintf(stderr, "lazybench: unknown command '%s' (try 'lazybench --help')\n", q);
	}
	return LB_EXIT_USAGE;
}
