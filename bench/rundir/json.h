/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lazybench's one JSON reader (RFC 8259) and writer: meta.json, compare --format json,
 * hyperfine's --export-json. The reader builds a tree; objects keep key order.
 */
#ifndef LAZYBENCH_REPORT_JSON_H
#define LAZYBENCH_REPORT_JSON_H

#include <stddef.h>
#include <stdio.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUM, JSON_STR, JSON_ARR, JSON_OBJ };

struct json {
	enum json_type type;
	int line;		/* line of the value's first character, from 1 */
	size_t off, end;	/* byte offsets of its first character and just past its last:
				   an editor splices text in there, keeping every other byte */
	int b;			/* JSON_BOOL */
	double num;		/* JSON_NUM */
	char *str;		/* JSON_STR (NUL-terminated; embedded NULs refused) */
	size_t n;		/* JSON_ARR / JSON_OBJ: number of members */
	char **keys;		/* JSON_OBJ */
	struct json **items;	/* JSON_ARR / JSON_OBJ */
};

/*
 * Parse len bytes. On error returns NULL and writes "line N: what" into err.
 * Nesting deeper than 64 levels is refused.
 */
struct json *json_parse(const char *text, size_t len, char *err, size_t errlen);
/*
 * a whole file, NUL-terminated (*len without the NUL), or NULL with err "FILE: why"; for a
 * reader that keeps the text (to splice into it at the values' offsets)
 */
char *json_read_file(const char *path, size_t *len, char *err, size_t errlen);
/* Read and parse a whole file; on error err holds "FILE:LINE: what" or "FILE: errno". */
struct json *json_parse_file(const char *path, char *err, size_t errlen);
void json_free(struct json *v);

/* object member by key, or NULL (also when obj is not an object) */
const struct json *json_get(const struct json *obj, const char *key);
/* string value or NULL when v is absent or not a string */
const char *json_str(const struct json *v);
/* 1/0 for a bool, -1 otherwise (absent, null, other type) */
int json_bool(const struct json *v);

/* write s as a JSON string literal (with quotes), or null when s is NULL */
void json_put_str(FILE *f, const char *s);
/*
 * write a number: integers below 1e15 as such, others with 10 significant digits
 * (%.10g); NaN and infinities become null
 */
void json_put_num(FILE *f, double x);
/*
 * write the value v parsed from src on one line, as lazybench writes meta.json's objects:
 * {"k": v, ...}, [a, b]; numbers as src spells them, strings through json_put_str()
 */
void json_put_value(FILE *f, const struct json *v, const char *src);

#endif
