// SPDX-License-Identifier: GPL-2.0
/* lazybench compare --format json: "lazybench-compare/2", every number and warning. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/compare.h"
#include "rundir/json.h"

static int json_first;

static void jkv_num(const char *k, double v)
{
	printf(", ");
	json_put_str(stdout, k);
	printf(": ");
	json_put_num(stdout, v);
}

static void jkv_pair(const char *k, double a, double b)
{
	printf(", ");
	json_put_str(stdout, k);
	printf(": [");
	json_put_num(stdout, a);
	printf(", ");
	json_put_num(stdout, b);
	printf("]");
}

static void json_cell(const struct cmp_ctx *c, const struct lb_metric *m, size_t i,
		      const struct lb_cell *x)
{
	(void)c;
	printf("%s\n      {\"column\": %zu", i ? "," : "", i + 1);
	printf(", \"n\": %zu, \"runs\": %zu", x->n, x->nruns);
	jkv_num("median", x->val);
	jkv_num("mean", x->mval);
	jkv_num("pooled_median", x->d.median);
	jkv_num("pooled_mean", x->d.mean);
	jkv_num("stddev", x->d.stddev);
	jkv_num("cv", x->d.cv);
	jkv_num("min", x->d.min);
	jkv_num("max", x->d.max);
	jkv_num("q1", x->d.q1);
	jkv_num("q3", x->d.q3);
	jkv_num("change_pct", x->change);
	jkv_num("mean_change_pct", x->mchange);
	jkv_num("pooled_change_pct", x->pchange);
	jkv_num("pooled_mean_change_pct", x->pmchange);
	jkv_pair("ci95_pct", x->ci_lo, x->ci_hi);
	jkv_pair("mean_ci95_pct", x->mci_lo, x->mci_hi);
	jkv_pair("boot_ci95_pct", x->hb_lo, x->hb_hi);
	jkv_pair("mean_boot_ci95_pct", x->mhb_lo, x->mhb_hi);
	printf(", \"ci_unbounded\": %s", x->ci_unbounded ? "true" : "false");
	jkv_num("p_mwu", x->p_mwu);
	jkv_num("p_welch", x->p_welch);
	jkv_num("p_runs", x->p_run);
	jkv_num("p_runs_mean", x->p_run_mean);
	jkv_num("p", x->p);
	jkv_num("p_mean", x->p_mean);
	printf(", \"method\": \"%s\"", x->discrete ? "runs-permutation" :
	       cmp_method_name(x->method));
	jkv_num("run_sd_pct", x->run_sd);
	jkv_num("mde_pct", x->mde);
	jkv_num("runs_needed", isinf(x->runs_needed) ? NAN : x->runs_needed);
	if (m->kind == LB_KIND_EXACT)
		printf(", \"distinct_values\": %zu", x->ndistinct);
	printf(", \"contaminated\": %zu, \"contam_unknown\": %zu", x->ncontam, x->nunknown);
	printf(", \"mark\": \"%s\", \"mean_mark\": \"%s\"}", cmp_mark_name(x->mark),
	       cmp_mark_name(x->mmark));
}

static void json_section(struct cmp_ctx *c, const char *wl, const char *metric,
			 const struct lb_metric *m, size_t *pages, size_t np,
			 struct lb_cell **cells)
{
	size_t i, j;
	char unit[64];

	lb_unit_text(m, &c->o, unit, sizeof(unit));
	for (j = 0; j < (pages ? np : 1); j++) {
		printf("%s\n    {\"workload\": ", json_first ? "" : ",");
		json_first = 0;
		json_put_str(stdout, wl);
		printf(", \"pages\": ");
		if (pages)
			printf("%zu", pages[j]);
		else
			printf("null");
		printf(", \"metric\": ");
		json_put_str(stdout, metric);
		printf(", \"unit\": ");
		json_put_str(stdout, pages ? unit : m->unit);
		printf(", \"better\": \"%s\", \"kind\": \"%s\", \"cells\": [",
		       m->higher ? "higher" : "lower", cmp_kind_name(m));
		for (i = 0; i < c->set.nruns; i++)
			json_cell(c, m, i, &cells[j][i]);
		printf("]}");
	}
}

static void json_strs(char **s, size_t n)
{
	size_t i;

	putchar('[');
	for (i = 0; i < n; i++) {
		if (i)
			printf(", ");
		json_put_str(stdout, s[i]);
	}
	putchar(']');
}

static void json_out(struct cmp_ctx *c)
{
	size_t i, k, w;
	char buf[1024];

	printf("{\n  \"format\": \"lazybench-compare/2\",\n");
	printf("  \"alpha\": %g, \"cv_threshold\": %g, \"min_samples\": %zu,\n", c->o.alpha,
	       c->o.cv_max, c->o.min_n);
	printf("  \"bootstrap\": {\"resamples\": %u, \"seed\": %llu, \"level\": 0.95, "
	       "\"hierarchical\": %s, \"caveat\": ", c->o.boot, (unsigned long long)c->o.seed,
	       c->o.assume_independent ? "false" : "true");
	json_put_str(stdout, cmp_boot_caveat);
	printf("},\n  \"tests\": {\"count\": %zu, \"marked\": %zu, \"adjust\": \"%s\", "
	       "\"threshold\": ", c->ntests, c->nrejected, c->o.adjust == LB_ADJ_HOLM ? "holm" :
	       c->o.adjust == LB_ADJ_BH ? "bh" : "none");
	json_put_num(stdout, c->o.adj_p >= 0 ? c->o.adj_p : c->o.alpha);
	printf(", \"text\": ");
	cmp_tests_text(c, buf, sizeof(buf));
	json_put_str(stdout, buf);
	printf("},\n");
	printf("  \"assume_independent\": %s, \"keep_contaminated\": %s,\n",
	       c->o.assume_independent ? "true" : "false",
	       c->o.keep_contaminated ? "true" : "false");
	printf("  \"per\": \"%s\",\n  \"columns\": [", c->o.per_op ? "op" : "pte");
	for (i = 0; i < c->set.nruns; i++) {
		const struct lb_run *r = c->set.runs[i];

		printf("%s\n    {\"column\": %zu, \"path\": ", i ? "," : "", i + 1);
		json_put_str(stdout, r->path);
		printf(", \"label\": ");
		json_put_str(stdout, r->label);
		printf(", \"runs_pooled\": %zu, \"run_ids\": ", r->nruns);
		json_strs(r->run_ids, r->nruns);
		printf(", \"facts\": {");
		for (k = 0; k < LB_F_COUNT; k++) {
			printf("%s", k ? ", " : "");
			json_put_str(stdout, lb_facts[k].name);
			printf(": ");
			json_put_str(stdout, r->facts[k]);
		}
		printf("}}");
	}
	printf("\n  ],\n  \"differs\": [");
	for (i = 0, k = 0; k < LB_F_COUNT; k++)
		if (c->set.differs[k]) {
			printf("%s{\"fact\": ", i++ ? ", " : "");
			json_put_str(stdout, lb_facts[k].name);
			printf(", \"matters\": %s}", k < LB_F_FIRST_INFO ? "true" : "false");
		}
	printf("],\n  \"rows\": [");
	json_first = 1;
	cmp_walk(c, json_section);
	printf("\n  ],\n  \"warnings\": [");
	for (w = 0, k = 0; k < CMP_W_COUNT; k++)
		for (i = 0; i < c->nwarn; i++)
			if (c->warn[i].kind == k) {
				cmp_warn_line(&c->warn[i], buf, sizeof(buf));
				printf("%s", w++ ? ", " : "");
				json_put_str(stdout, buf);
			}
	printf("],\n  \"warning_counts\": {");
	for (k = 0; k < CMP_W_COUNT; k++) {
		printf("%s", k ? ", " : "");
		json_put_str(stdout, cmp_wkind_name(k));
		printf(": %zu", c->count[k]);
	}
	printf("},\n  \"notes\": ");
	json_strs(c->set.notes, c->set.nnotes);
	if (c->have_hf) {
		printf(",\n  \"hyperfine\": {\"file\": ");
		json_put_str(stdout, c->hf.path);
		printf(", \"commands\": ");
		json_strs(c->hf.names, c->set.nruns);
		printf("}");
	}
	printf("\n}\n");
}

static const struct cmp_fmt fmt_json = { "json", NULL, json_out };
CMP_FORMAT(fmt_json);
