/* json.h - nicshare's JSON files, read and written through jansson
 * (Debian libjansson-dev): summary.json and any other JSON output, the one
 * reader shared by `nicshare check`/`diff` (golden.c) and `nicshare report`
 * (report.c). Models nothing of the patent: it is the outputs' format.
 *
 * Writing. Build a jansson tree (json_object(), json_object_set_new(), ...)
 * with the helpers below for the values jansson has no constructor for,
 * then write it with js_write(), which goes through outputs.h (NAME.tmp,
 * renamed into place only when complete). For summary.json:
 *
 *     json_t *root = json_object();
 *     js_set(root, "scenario", js_text(sc->name ? sc->name : "default"));
 *     js_set(root, "simulated_cycles", js_u64(st->end_cycle));
 *     js_set(root, "p50_ns", js_fixed(cyc_to_ps(e, c), 3));     // 1234.567
 *     js_set(root, "rt", js_fixed(share_ppm, 6));                  // 0.001177
 *     if (js_write(root, outdir, "summary.json", err, errlen) < 0) ...
 *     json_decref(root);
 *
 * Numbers, so that they stay exact and readable:
 *   - counts and cycles are integers (js_u64: json_integer);
 *   - fixed-point values (ns with 3 decimals, shares with 6) are made with
 *     js_fixed(v, decimals), a real of value v / 10^decimals;
 *   - every real is written with the fewest decimals (at least one) that
 *     read back to the same double: 1234.567 stays "1234.567" (never
 *     "1234.5669999999999"), 1459.000 is written "1459.0", 0.009430 is
 *     "0.00943". A fixed-point value with at most 15 significant digits is
 *     thus written as its exact decimal (ns values below 10^12 ns, i.e.
 *     1000 s of simulated time); beyond that, the double nearest to it,
 *     from 10^16 on written with an exponent (2.5920000000002096e+16),
 *     so that it reads back as a real, not an integer.
 * Strings (js_text) take any bytes: a scenario name holding quotes, a
 * backslash, a tab or UTF-8 text is written escaped and reads back the
 * same; bytes that are not UTF-8 are written as U+FFFD.
 *
 * Layout: one top-level member a line; an object whose members are all
 * non-empty objects (e.g. "latency") one member a line; the rest inline.
 *
 * Reading. js_load() reads a JSON file (plain or gzip, through zlib) into
 * a jansson tree, refusing duplicate member names; errors name the file,
 * line and column. js_flatten() turns a tree into path = value pairs
 * (paths "latency.rt-rx.p50_ns", values in the writer's canonical text),
 * as golden.c compares them. Cost: one pass over the file; memory is the
 * tree (a few hundred bytes per value). */
#ifndef NICSHARE_JSON_H
#define NICSHARE_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- writing ---- */
json_t *js_u64(uint64_t v);                      /* integer (above 2^63-1: a real) */
/* real v / 10^decimals, decimals <= 9; v in 128 bits: ps past 2^64 (213
 * days) are a value too */
json_t *js_fixed(unsigned __int128 v, unsigned decimals);
json_t *js_text(const char *s);                  /* string; NULL -> "" */
/* json_object_set_new that tolerates a NULL value (out of memory): -1 */
int js_set(json_t *obj, const char *key, json_t *v);
/* The text of a tree in nicshare's layout, NUL-terminated, newline at the
 * end; malloc'd, NULL when out of memory. */
char *js_dumps(const json_t *root);
/* Write DIR/NAME (NAME.tmp, then renamed). 0, or -1 with err filled. */
int js_write(const json_t *root, const char *dir, const char *name, char *err, size_t errlen);

/* The canonical text of a scalar: integers in decimal, reals as the writer
 * writes them, strings JSON-quoted, true, false, null; "{}"/"[]" for an
 * empty object/array. malloc'd. */
char *js_value_text(const json_t *v);

/* ---- reading ---- */
/* A JSON file (plain or gzip) whose top level is an object, at most max
 * bytes once decompressed. NULL with err "PATH:LINE:COL: not JSON: ..." or
 * "PATH: cannot read: ...". */
json_t *js_load(const char *path, size_t max, char *err, size_t errlen);

struct js_kv {
	char *path, *val;
	bool seen;             /* for the caller */
};
/* Flatten an object to path = value pairs, in document order, leaving out
 * the top-level members named in skip[0..nskip). 0, or -1 out of memory. */
int js_flatten(const json_t *root, const char *const *skip, size_t nskip, struct js_kv **out,
               size_t *n);
void js_kv_free(struct js_kv *kv, size_t n);

/* o.k1.k2.k3 (k2, k3 may be NULL), or NULL. */
const json_t *js_get(const json_t *o, const char *k1, const char *k2, const char *k3);
/* A non-negative integer. */
bool js_as_u64(const json_t *v, uint64_t *out);
/* A number of ns with at most 3 decimals (integer or real) as ps, exactly. */
bool js_ns_to_ps(const json_t *v, uint64_t *ps);

#endif
