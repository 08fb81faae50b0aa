/* json.c - JSON files through jansson: the writer's layout and number text,
 * the shared reader and the flattening golden.c compares (json.h).
 * Models nothing of the patent. Cost: writing is one walk of the tree into
 * a memory buffer; reading one pass of jansson over the file. */
#define _GNU_SOURCE   /* asprintf */
#include "json.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "outputs.h"

/* ---- values ---------------------------------------------------------------- */

json_t *js_u64(uint64_t v)
{
	if (v > (uint64_t)INT64_MAX)
		return json_real((double)v);
	return json_integer((json_int_t)v);
}

json_t *js_fixed(unsigned __int128 v, unsigned decimals)
{
	/* v's decimal text with the point put in, read by strtod: the double
	 * nearest to v / 10^d for any v. (double)v / 10^d rounds twice once v
	 * passes 2^53 (ns past 10^13 with their ps), and can land on the
	 * neighbour of the nearest. */
	char t[48], *p = t + sizeof t;
	unsigned k = 0;
	if (decimals > 9)
		decimals = 9;
	*--p = '\0';
	do {
		if (k == decimals && decimals)
			*--p = '.';
		*--p = (char)('0' + (unsigned)(v % 10u));
		v /= 10u;
		k++;
	} while (v || k <= decimals);
	return json_real(strtod(p, NULL));
}

/* Length of the UTF-8 sequence at s (n bytes left), 0 when not valid. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t k;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		k = 2;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		k = 3;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		k = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	unsigned cp = c & (0x7fu >> k);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}

json_t *js_text(const char *s)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	const unsigned char *u = (const unsigned char *)s;
	char *b = malloc(3 * n + 1);
	size_t o = 0;
	if (!b)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t k = utf8_len(u + i, n - i);
		if (k == 0) {
			memcpy(b + o, "\xef\xbf\xbd", 3);   /* U+FFFD */
			o += 3;
			i++;
		} else {
			memcpy(b + o, s + i, k);
			o += k;
			i += k;
		}
	}
	json_t *j = json_stringn(b, o);
	free(b);
	return j;
}

int js_set(json_t *obj, const char *key, json_t *v)
{
	if (!v)
		return -1;
	return json_object_set_new(obj, key, v);
}

/* ---- text ------------------------------------------------------------------ */

struct buf {
	char *p;
	size_t n, cap;
	bool oom;
};

static void b_add(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap : 1024;
		while (nc < b->n + n + 1)
			nc *= 2;
		char *np = realloc(b->p, nc);
		if (!np) {
			b->oom = true;
			return;
		}
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void b_str(struct buf *b, const char *s) { b_add(b, s, strlen(s)); }

/* The fewest decimals (at least one) that read back to the same double;
 * exponent form only far from 1, and then always with its exponent: %g
 * writes 2.5920000000002096e16 as 25920000000002096, which reads back as
 * an integer. */
static void real_text(double x, char *out, size_t n)
{
	double a = fabs(x);
	if (a != 0 && (a >= 1e16 || a < 1e-6)) {
		for (int p = 0; p <= 16; p++) {
			snprintf(out, n, "%.*e", p, x);
			if (strtod(out, NULL) == x)
				return;
		}
		return;
	}
	for (int d = 1; d <= 17 + 6; d++) {
		snprintf(out, n, "%.*f", d, x);
		if (strtod(out, NULL) == x)
			return;
	}
}

static void b_scalar(struct buf *b, const json_t *v)
{
	char t[64];
	switch (json_typeof(v)) {
	case JSON_INTEGER:
		snprintf(t, sizeof t, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		b_str(b, t);
		break;
	case JSON_REAL:
		real_text(json_real_value(v), t, sizeof t);
		b_str(b, t);
		break;
	case JSON_TRUE: b_str(b, "true"); break;
	case JSON_FALSE: b_str(b, "false"); break;
	case JSON_NULL: b_str(b, "null"); break;
	case JSON_STRING: {
		char *s = json_dumps(v, JSON_ENCODE_ANY);
		if (!s)
			b->oom = true;
		else
			b_str(b, s);
		free(s);
		break;
	}
	default:
		b_str(b, json_is_object(v) ? "{}" : "[]");
		break;
	}
}

static void b_inline(struct buf *b, const json_t *v)
{
	const char *k;
	json_t *m;
	size_t i;
	bool first = true;
	if (json_is_object(v)) {
		b_str(b, "{");
		json_object_foreach((json_t *)v, k, m) {
			json_t *ks = json_string(k);
			b_str(b, first ? "" : ", ");
			b_scalar(b, ks);
			json_decref(ks);
			b_str(b, ": ");
			b_inline(b, m);
			first = false;
		}
		b_str(b, "}");
	} else if (json_is_array(v)) {
		b_str(b, "[");
		json_array_foreach(v, i, m) {
			b_str(b, i ? ", " : "");
			b_inline(b, m);
		}
		b_str(b, "]");
	} else {
		b_scalar(b, v);
	}
}

/* every member a non-empty object: one a line */
static bool expand(const json_t *v)
{
	const char *k;
	json_t *m;
	if (!json_is_object(v) || json_object_size(v) == 0)
		return false;
	json_object_foreach((json_t *)v, k, m)
		if (!json_is_object(m) || json_object_size(m) == 0)
			return false;
	return true;
}

static void b_members(struct buf *b, const json_t *o, int indent)
{
	const char *k;
	json_t *m;
	size_t left = json_object_size(o);
	b_str(b, "{\n");
	json_object_foreach((json_t *)o, k, m) {
		json_t *ks = json_string(k);
		for (int i = 0; i < indent; i++)
			b_str(b, " ");
		b_scalar(b, ks);
		json_decref(ks);
		b_str(b, ": ");
		if (indent == 2 && expand(m))
			b_members(b, m, indent + 2);
		else
			b_inline(b, m);
		b_str(b, --left ? ",\n" : "\n");
	}
	for (int i = 0; i < indent - 2; i++)
		b_str(b, " ");
	b_str(b, "}");
}

char *js_dumps(const json_t *root)
{
	struct buf b = {0};
	if (json_is_object(root) && json_object_size(root))
		b_members(&b, root, 2);
	else
		b_inline(&b, root);
	b_str(&b, "\n");
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

int js_write(const json_t *root, const char *dir, const char *name, char *err, size_t errlen)
{
	struct tw w;
	char *t = js_dumps(root);
	if (!t) {
		snprintf(err, errlen, "%s/%s: out of memory", dir, name);
		return -1;
	}
	if (tw_open(&w, dir, name, err, errlen) < 0) {
		free(t);
		return -1;
	}
	tw_str(&w, t);
	free(t);
	return tw_close(&w, 1, err, errlen);
}

char *js_value_text(const json_t *v)
{
	struct buf b = {0};
	b_scalar(&b, v);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p ? b.p : strdup("");
}

/* ---- reading --------------------------------------------------------------- */

json_t *js_load(const char *path, size_t max, char *err, size_t errlen)
{
	gzFile g = gzopen(path, "rb");
	char *s = NULL;
	size_t n = 0, cap = 0;
	if (!g) {
		snprintf(err, errlen, "%s: cannot read: %s", path, errno ? strerror(errno) : "out of memory");
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			/* room for max + 1 bytes at most: reading the one past max is
			 * what says the file is larger, a file of max bytes loads */
			size_t nc = cap ? 2 * cap : 65536;
			if (nc > max + 1)
				nc = max + 1;
			char *ns = realloc(s, nc);
			if (!ns) {
				snprintf(err, errlen, "%s: cannot read: out of memory", path);
				goto fail;
			}
			s = ns;
			cap = nc;
		}
		int k = gzread(g, s + n, (unsigned)(cap - n < 65536 ? cap - n : 65536));
		if (k < 0) {
			int ze;
			const char *m = gzerror(g, &ze);
			snprintf(err, errlen, "%s: cannot read: %s", path,
			         ze == Z_ERRNO ? strerror(errno) : m);
			goto fail;
		}
		if (k == 0)
			break;
		n += (size_t)k;
		if (n > max) {
			snprintf(err, errlen, "%s: larger than %zu bytes", path, max);
			goto fail;
		}
	}
	gzclose(g);
	g = NULL;
	json_error_t je;
	json_t *root = json_loadb(s, n, JSON_REJECT_DUPLICATES, &je);
	free(s);
	if (!root) {
		snprintf(err, errlen, "%s:%d:%d: not JSON: %s", path, je.line, je.column, je.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		snprintf(err, errlen, "%s:1:1: not JSON of nicshare: the top level is not an object", path);
		json_decref(root);
		return NULL;
	}
	return root;
fail:
	if (g)
		gzclose(g);
	free(s);
	return NULL;
}

struct flat {
	struct js_kv *kv;
	size_t n, cap;
	bool oom;
};

static void flat_add(struct flat *f, const char *path, const json_t *v)
{
	if (f->oom)
		return;
	if (f->n == f->cap) {
		size_t nc = f->cap ? 2 * f->cap : 128;
		struct js_kv *k = realloc(f->kv, nc * sizeof *k);
		if (!k) {
			f->oom = true;
			return;
		}
		f->kv = k;
		f->cap = nc;
	}
	f->kv[f->n].path = strdup(path);
	f->kv[f->n].val = js_value_text(v);
	f->kv[f->n].seen = false;
	if (!f->kv[f->n].path || !f->kv[f->n].val) {
		free(f->kv[f->n].path);
		free(f->kv[f->n].val);
		f->oom = true;
		return;
	}
	f->n++;
}

static void flat_walk(struct flat *f, const char *path, const json_t *v)
{
	const char *k;
	json_t *m;
	size_t i;
	char *p;
	if ((json_is_object(v) && json_object_size(v)) || (json_is_array(v) && json_array_size(v))) {
		if (json_is_object(v)) {
			json_object_foreach((json_t *)v, k, m) {
				if (asprintf(&p, "%s%s%s", path, *path ? "." : "", k) < 0) {
					f->oom = true;
					return;
				}
				flat_walk(f, p, m);
				free(p);
			}
		} else {
			json_array_foreach(v, i, m) {
				if (asprintf(&p, "%s%s%zu", path, *path ? "." : "", i) < 0) {
					f->oom = true;
					return;
				}
				flat_walk(f, p, m);
				free(p);
			}
		}
		return;
	}
	flat_add(f, path, v);
}

int js_flatten(const json_t *root, const char *const *skip, size_t nskip, struct js_kv **out,
               size_t *n)
{
	struct flat f = {0};
	const char *k;
	json_t *m;
	json_object_foreach((json_t *)root, k, m) {
		bool skipped = false;
		for (size_t i = 0; i < nskip; i++)
			skipped |= !strcmp(k, skip[i]);
		if (!skipped)
			flat_walk(&f, k, m);
	}
	if (f.oom) {
		js_kv_free(f.kv, f.n);
		return -1;
	}
	*out = f.kv;
	*n = f.n;
	return 0;
}

void js_kv_free(struct js_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].path);
		free(kv[i].val);
	}
	free(kv);
}

const json_t *js_get(const json_t *o, const char *k1, const char *k2, const char *k3)
{
	const json_t *v = json_is_object(o) ? json_object_get(o, k1) : NULL;
	if (v && k2)
		v = json_is_object(v) ? json_object_get(v, k2) : NULL;
	if (v && k3)
		v = json_is_object(v) ? json_object_get(v, k3) : NULL;
	return v;
}

bool js_as_u64(const json_t *v, uint64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = (uint64_t)json_integer_value(v);
	return true;
}

bool js_ns_to_ps(const json_t *v, uint64_t *ps)
{
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i < 0 || (uint64_t)i > UINT64_MAX / 1000)
			return false;
		*ps = (uint64_t)i * 1000;
		return true;
	}
	if (!json_is_real(v))
		return false;
	double x = json_real_value(v) * 1000.0;
	/* at most 3 decimals: x is within rounding of a whole number of ps */
	if (!(x >= 0) || x >= 18446744073709549568.0)
		return false;
	double r = nearbyint(x);
	/* the double nearest to n/1000, times 1000, is within 2^-52 of n */
	if (fabs(x - r) > r * 1e-15 + 1e-9)
		return false;
	*ps = (uint64_t)r;
	return true;
}
