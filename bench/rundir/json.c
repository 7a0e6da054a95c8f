// SPDX-License-Identifier: GPL-2.0
/* lazybench: a small JSON reader and writer (see json.h). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rundir/json.h"

#define JSON_MAX_DEPTH 64

struct parser {
	const char *base;	/* the text's first byte: offsets count from it */
	const char *p, *end;
	int line;
	char *err;
	size_t errlen;
	int failed;
};

static void fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (ps->failed)
		return;
	ps->failed = 1;
	k = snprintf(ps->err, ps->errlen, "line %d: ", ps->line);
	if (k < 0 || (size_t)k >= ps->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(ps->err + k, ps->errlen - k, fmt, ap);
	va_end(ap);
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end) {
		char c = *ps->p;

		if (c == '\n')
			ps->line++;
		else if (c != ' ' && c != '\t' && c != '\r')
			return;
		ps->p++;
	}
}

static struct json *new_val(struct parser *ps, enum json_type t)
{
	struct json *v = calloc(1, sizeof(*v));

	if (!v) {
		fail(ps, "out of memory");
		return NULL;
	}
	v->type = t;
	v->line = ps->line;
	return v;
}

static int push(struct json *v, struct json *item, char *key)
{
	struct json **ni;

	ni = realloc(v->items, (v->n + 1) * sizeof(*ni));
	if (!ni)
		return -1;
	v->items = ni;
	if (v->type == JSON_OBJ) {
		char **nk = realloc(v->keys, (v->n + 1) * sizeof(*nk));

		if (!nk)
			return -1;
		v->keys = nk;
		v->keys[v->n] = key;
	}
	v->items[v->n++] = item;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int read_hex4(struct parser *ps, unsigned int *out)
{
	unsigned int u = 0;
	int i;

	if (ps->end - ps->p < 4) {
		fail(ps, "truncated \\u escape");
		return -1;
	}
	for (i = 0; i < 4; i++) {
		int h = hexval(ps->p[i]);

		if (h < 0) {
			fail(ps, "bad \\u escape");
			return -1;
		}
		u = u * 16 + (unsigned int)h;
	}
	ps->p += 4;
	*out = u;
	return 0;
}

static size_t put_utf8(char *o, unsigned int cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* the code point of a \u escape (ps->p after the 'u'), a surrogate pair joined: 0 or -1 */
static int read_u_escape(struct parser *ps, unsigned int *out)
{
	unsigned int cp, lo;

	if (read_hex4(ps, &cp))
		return -1;
	if (cp >= 0xd800 && cp < 0xdc00) {
		if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u') {
			fail(ps, "lone surrogate in \\u escape");
			return -1;
		}
		ps->p += 2;
		if (read_hex4(ps, &lo))
			return -1;
		if (lo < 0xdc00 || lo > 0xdfff) {
			fail(ps, "bad surrogate pair");
			return -1;
		}
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	} else if (cp >= 0xdc00 && cp < 0xe000) {
		fail(ps, "lone surrogate in \\u escape");
		return -1;
	}
	if (cp == 0) {
		fail(ps, "NUL character in string");
		return -1;
	}
	*out = cp;
	return 0;
}

/* ps->p is just after the opening quote */
static char *parse_string(struct parser *ps)
{
	const char *s = ps->p;
	size_t cap = 0;
	char *out;
	size_t k = 0;

	/* output is never longer than the input span */
	while (s < ps->end && *s != '"') {
		if (*s == '\\')
			s++;
		s++;
	}
	if (s >= ps->end) {
		fail(ps, "unterminated string");
		return NULL;
	}
	cap = (size_t)(s - ps->p) + 1;
	out = malloc(cap);
	if (!out) {
		fail(ps, "out of memory");
		return NULL;
	}
	while (*ps->p != '"') {
		unsigned char c = (unsigned char)*ps->p++;

		if (c < 0x20) {
			fail(ps, "control character in string");
			goto bad;
		}
		if (c != '\\') {
			out[k++] = (char)c;
			continue;
		}
		c = (unsigned char)*ps->p++;
		switch (c) {
		case '"': out[k++] = '"'; break;
		case '\\': out[k++] = '\\'; break;
		case '/': out[k++] = '/'; break;
		case 'b': out[k++] = '\b'; break;
		case 'f': out[k++] = '\f'; break;
		case 'n': out[k++] = '\n'; break;
		case 'r': out[k++] = '\r'; break;
		case 't': out[k++] = '\t'; break;
		case 'u': {
			unsigned int cp;

			if (read_u_escape(ps, &cp))
				goto bad;
			/* a \uXXXX (6 bytes) never needs more than 3 output bytes, a pair 4 */
			k += put_utf8(out + k, cp);
			break;
		}
		default:
			fail(ps, "bad escape '\\%c'", c);
			goto bad;
		}
	}
	ps->p++;
	out[k] = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

static struct json *parse_value(struct parser *ps, int depth);

static struct json *parse_container(struct parser *ps, int depth, int obj)
{
	struct json *v = new_val(ps, obj ? JSON_OBJ : JSON_ARR);
	char close = obj ? '}' : ']';

	if (!v)
		return NULL;
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		return v;
	}
	for (;;) {
		char *key = NULL;
		struct json *item;

		skip_ws(ps);
		if (obj) {
			if (ps->p >= ps->end || *ps->p != '"') {
				fail(ps, "expected a string key");
				goto bad;
			}
			ps->p++;
			key = parse_string(ps);
			if (!key)
				goto bad;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':') {
				free(key);
				fail(ps, "expected ':' after key");
				goto bad;
			}
			ps->p++;
		}
		item = parse_value(ps, depth + 1);
		if (!item) {
			free(key);
			goto bad;
		}
		if (push(v, item, key)) {
			free(key);
			json_free(item);
			fail(ps, "out of memory");
			goto bad;
		}
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			return v;
		}
		fail(ps, "expected ',' or '%c'", close);
		goto bad;
	}
bad:
	json_free(v);
	return NULL;
}

static struct json *parse_number(struct parser *ps)
{
	const char *s = ps->p;
	char buf[64];
	size_t len;
	struct json *v;

	if (s < ps->end && *s == '-')
		s++;
	if (s >= ps->end || *s < '0' || *s > '9')
		goto bad;
	if (*s == '0')
		s++;
	else
		while (s < ps->end && *s >= '0' && *s <= '9')
			s++;
	if (s < ps->end && *s == '.') {
		s++;
		if (s >= ps->end || *s < '0' || *s > '9')
			goto bad;
		while (s < ps->end && *s >= '0' && *s <= '9')
			s++;
	}
	if (s < ps->end && (*s == 'e' || *s == 'E')) {
		s++;
		if (s < ps->end && (*s == '+' || *s == '-'))
			s++;
		if (s >= ps->end || *s < '0' || *s > '9')
			goto bad;
		while (s < ps->end && *s >= '0' && *s <= '9')
			s++;
	}
	len = (size_t)(s - ps->p);
	if (len >= sizeof(buf)) {
		fail(ps, "number too long");
		return NULL;
	}
	memcpy(buf, ps->p, len);
	buf[len] = '\0';
	v = new_val(ps, JSON_NUM);
	if (!v)
		return NULL;
	v->num = strtod(buf, NULL);
	ps->p = s;
	return v;
bad:
	fail(ps, "bad number");
	return NULL;
}

static int match_word(struct parser *ps, const char *w)
{
	size_t l = strlen(w);

	if ((size_t)(ps->end - ps->p) < l || memcmp(ps->p, w, l))
		return 0;
	ps->p += l;
	return 1;
}

static struct json *parse_one(struct parser *ps, int depth);

static struct json *parse_value(struct parser *ps, int depth)
{
	struct json *v;
	size_t off;

	skip_ws(ps);
	off = (size_t)(ps->p - ps->base);
	v = parse_one(ps, depth);
	if (v) {
		v->off = off;
		v->end = (size_t)(ps->p - ps->base);
	}
	return v;
}

static struct json *parse_one(struct parser *ps, int depth)
{
	struct json *v;

	if (depth > JSON_MAX_DEPTH) {
		fail(ps, "nesting deeper than %d", JSON_MAX_DEPTH);
		return NULL;
	}
	skip_ws(ps);
	if (ps->p >= ps->end) {
		fail(ps, "unexpected end of input");
		return NULL;
	}
	switch (*ps->p) {
	case '{':
		return parse_container(ps, depth, 1);
	case '[':
		return parse_container(ps, depth, 0);
	case '"':
		v = new_val(ps, JSON_STR);
		if (!v)
			return NULL;
		ps->p++;
		v->str = parse_string(ps);
		if (!v->str) {
			free(v);
			return NULL;
		}
		return v;
	case 't':
	case 'f':
	case 'n':
		if (match_word(ps, "true") || match_word(ps, "false")) {
			v = new_val(ps, JSON_BOOL);
			if (v)
				v->b = ps->p[-1] == 'e' && ps->p[-2] == 'u';
			return v;
		}
		if (match_word(ps, "null"))
			return new_val(ps, JSON_NULL);
		fail(ps, "unexpected word");
		return NULL;
	default:
		return parse_number(ps);
	}
}

struct json *json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct parser ps = { text, text, text + len, 1, err, errlen, 0 };
	struct json *v;

	if (errlen)
		err[0] = '\0';
	if (memchr(text, '\0', len)) {
		ps.p = memchr(text, '\0', len);
		for (const char *q = text; q < ps.p; q++)
			ps.line += *q == '\n';
		fail(&ps, "NUL byte in input");
		return NULL;
	}
	v = parse_value(&ps, 0);
	if (!v)
		return NULL;
	skip_ws(&ps);
	if (ps.p != ps.end) {
		fail(&ps, "trailing data after the JSON value");
		json_free(v);
		return NULL;
	}
	return v;
}

char *json_read_file(const char *path, size_t *lenp, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, r;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (cap - len < 4096) {
			char *nb = realloc(buf, cap ? cap * 2 : 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				snprintf(err, errlen, "%s: out of memory", path);
				return NULL;
			}
			buf = nb;
			cap = cap ? cap * 2 : 8192;
		}
		r = fread(buf + len, 1, cap - len, f);
		len += r;
	} while (r > 0);
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	if (!buf)
		buf = calloc(1, 1);
	else
		buf[len] = '\0';	/* the last fread had room (>= 4096) and read 0 */
	if (!buf)
		snprintf(err, errlen, "%s: out of memory", path);
	*lenp = len;
	return buf;
}

struct json *json_parse_file(const char *path, char *err, size_t errlen)
{
	char *buf, lerr[200];
	size_t len = 0;
	struct json *v;

	buf = json_read_file(path, &len, err, errlen);
	if (!buf)
		return NULL;
	v = json_parse(buf, len, lerr, sizeof(lerr));
	free(buf);
	if (!v) {
		/* lerr is "line N: what": make it "FILE:N: what" */
		int line = 0;
		const char *what = lerr;

		if (sscanf(lerr, "line %d: ", &line) == 1 && strstr(lerr, ": "))
			what = strstr(lerr, ": ") + 2;
		snprintf(err, errlen, "%s:%d: invalid JSON: %s", path, line, what);
	}
	return v;
}

void json_free(struct json *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		json_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

const struct json *json_get(const struct json *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != JSON_OBJ)
		return NULL;
	/* the last duplicate wins, as in most readers */
	for (i = obj->n; i-- > 0;)
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	return NULL;
}

const char *json_str(const struct json *v)
{
	return v && v->type == JSON_STR ? v->str : NULL;
}

int json_bool(const struct json *v)
{
	return v && v->type == JSON_BOOL ? v->b : -1;
}

void json_put_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				putc(*p, f);
		}
	}
	putc('"', f);
}

void json_put_num(FILE *f, double x)
{
	if (!isfinite(x))
		fputs("null", f);
	else if (x == floor(x) && fabs(x) < 1e15)
		fprintf(f, "%.0f", x);
	else
		fprintf(f, "%.10g", x);
}

void json_put_value(FILE *f, const struct json *v, const char *src)
{
	size_t i;

	switch (v->type) {
	case JSON_NULL:
		fputs("null", f);
		break;
	case JSON_BOOL:
		fputs(v->b ? "true" : "false", f);
		break;
	case JSON_NUM:
		fwrite(src + v->off, 1, v->end - v->off, f);
		break;
	case JSON_STR:
		json_put_str(f, v->str);
		break;
	case JSON_ARR:
	case JSON_OBJ:
		putc(v->type == JSON_OBJ ? '{' : '[', f);
		for (i = 0; i < v->n; i++) {
			fputs(i ? ", " : "", f);
			if (v->type == JSON_OBJ) {
				json_put_str(f, v->keys[i]);
				fputs(": ", f);
			}
			json_put_value(f, v->items[i], src);
		}
		putc(v->type == JSON_OBJ ? '}' : ']', f);
		break;
	}
}
