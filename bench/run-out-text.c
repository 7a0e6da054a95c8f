// SPDX-License-Identifier: GPL-2.0
/* lazybench run: the summary on stdout as text, at the end (see run-out.h). */
#include <stdio.h>
#include <string.h>

#include "run-out.h"

void lb_out_lines(const char *prefix, const char *text)
{
	const char *line, *nl;

	for (line = text; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		printf("%s%.*s\n", prefix, (int)(nl ? nl - line : (long)strlen(line)), line);
	}
}

static void text_summary(const char *text)
{
	lb_out_lines("", text);
}

const struct lb_run_out lb_out_text = {
	.summary = text_summary,
};
