/* units.c - values with units into the cost table's integer base units
 * (ps, Hz, bit/s, cycles, ...) and back to the shortest exact text.
 * Models nothing of the patent itself: it is how the scenario states the
 * hardware of Fig. 1 and the costs of Figs. 7-8 (model/cost.c).
 *
 * A number is read as an integer part and a decimal fraction, both as
 * integers; the unit gives an integer scale; the fraction must come out
 * whole in the base unit ("0.1ps" is refused, not rounded). Intermediate
 * products fit in 128 bits: integer part < 10^20, fraction < 10^26, scale
 * <= 10^12. */
#include "units.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef unsigned __int128 u128;

/* What a unit measures. */
enum ukind {
	UK_TIME = 0,   /* -> ps */
	UK_CYC,        /* -> cycles */
	UK_HZ,         /* -> Hz */
	UK_BPS,        /* -> bit/s */
	UK_BYTERATE,   /* bytes per second: never accepted, explained */
	UK_PSB,        /* -> ps per byte */
	UK_CYCB,       /* -> millicycles per byte */
	UK_BYTES,      /* -> bytes */
	UK_SLOTS,      /* -> slots */
};

struct unit {
	const char *name;
	enum ukind kind;
	uint64_t scale;     /* base units per one of this unit */
	const char *bits;   /* UK_BYTERATE: the bit-rate unit of the same prefix */
};

static const struct unit units[] = {
	{"s", UK_TIME, 1000000000000ull, NULL},
	{"ms", UK_TIME, 1000000000ull, NULL},
	{"us", UK_TIME, 1000000ull, NULL},
	{"\xc2\xb5s", UK_TIME, 1000000ull, NULL},   /* U+00B5 micro sign */
	{"\xce\xbcs", UK_TIME, 1000000ull, NULL},   /* U+03BC greek mu */
	{"ns", UK_TIME, 1000ull, NULL},
	{"ps", UK_TIME, 1ull, NULL},
	{"cycles", UK_CYC, 1, NULL},
	{"cycle", UK_CYC, 1, NULL},
	{"Hz", UK_HZ, 1, NULL},
	{"kHz", UK_HZ, 1000ull, NULL},
	{"MHz", UK_HZ, 1000000ull, NULL},
	{"GHz", UK_HZ, 1000000000ull, NULL},
	{"bit/s", UK_BPS, 1, NULL},
	{"kbit/s", UK_BPS, 1000ull, NULL},
	{"Mbit/s", UK_BPS, 1000000ull, NULL},
	{"Gbit/s", UK_BPS, 1000000000ull, NULL},
	{"bps", UK_BPS, 1, NULL},
	{"kbps", UK_BPS, 1000ull, NULL},
	{"Mbps", UK_BPS, 1000000ull, NULL},
	{"Gbps", UK_BPS, 1000000000ull, NULL},
	{"b/s", UK_BPS, 1, NULL},
	{"kb/s", UK_BPS, 1000ull, NULL},
	{"Mb/s", UK_BPS, 1000000ull, NULL},
	{"Gb/s", UK_BPS, 1000000000ull, NULL},
	{"B/s", UK_BYTERATE, 1, "bit/s"},
	{"kB/s", UK_BYTERATE, 1000ull, "kbit/s"},
	{"KB/s", UK_BYTERATE, 1000ull, "kbit/s"},
	{"MB/s", UK_BYTERATE, 1000000ull, "Mbit/s"},
	{"GB/s", UK_BYTERATE, 1000000000ull, "Gbit/s"},
	{"Bps", UK_BYTERATE, 1, "bit/s"},
	{"kBps", UK_BYTERATE, 1000ull, "kbit/s"},
	{"KBps", UK_BYTERATE, 1000ull, "kbit/s"},
	{"MBps", UK_BYTERATE, 1000000ull, "Mbit/s"},
	{"GBps", UK_BYTERATE, 1000000000ull, "Gbit/s"},
	{"ns/B", UK_PSB, 1000ull, NULL},
	{"ps/B", UK_PSB, 1, NULL},
	{"ns/byte", UK_PSB, 1000ull, NULL},
	{"ps/byte", UK_PSB, 1, NULL},
	{"cycles/B", UK_CYCB, 1000ull, NULL},
	{"cycle/B", UK_CYCB, 1000ull, NULL},
	{"cycles/byte", UK_CYCB, 1000ull, NULL},
	{"B", UK_BYTES, 1, NULL},
	{"byte", UK_BYTES, 1, NULL},
	{"bytes", UK_BYTES, 1, NULL},
	{"KiB", UK_BYTES, 1024ull, NULL},
	{"MiB", UK_BYTES, 1048576ull, NULL},
	{"slots", UK_SLOTS, 1, NULL},
	{"slot", UK_SLOTS, 1, NULL},
};
#define N_UNITS (sizeof units / sizeof units[0])

/* Spellings people use for units we accept under another name. */
static const struct { const char *wrong, *right; } aliases[] = {
	{"sec", "s"}, {"secs", "s"}, {"second", "s"}, {"seconds", "s"},
	{"msec", "ms"}, {"msecs", "ms"}, {"millisecond", "ms"}, {"milliseconds", "ms"},
	{"usec", "us"}, {"usecs", "us"}, {"microsecond", "us"}, {"microseconds", "us"},
	{"nsec", "ns"}, {"nsecs", "ns"}, {"nanosecond", "ns"}, {"nanoseconds", "ns"},
	{"psec", "ps"}, {"picosecond", "ps"}, {"picoseconds", "ps"},
	{"cyc", "cycles"}, {"clk", "cycles"}, {"clocks", "cycles"},
	{"hz", "Hz"}, {"khz", "kHz"}, {"mhz", "MHz"}, {"ghz", "GHz"},
	{"Gbit", "Gbit/s"}, {"Mbit", "Mbit/s"}, {"kbit", "kbit/s"},
	{"Gb", "Gbit/s"}, {"Mb", "Mbit/s"}, {"kb", "kbit/s"},
	{"k", "KiB"}, {"K", "KiB"}, {"kB", "KiB"}, {"KB", "KiB"}, {"kiB", "KiB"},
	{"M", "MiB"}, {"MB", "MiB"},
};

static bool kind_ok(enum cost_unit u, enum ukind k, enum cost_unit *as)
{
	switch (u) {
	case CU_HZ: *as = CU_HZ; return k == UK_HZ;
	case CU_BPS: *as = CU_BPS; return k == UK_BPS;
	case CU_CYCLES:
		*as = k == UK_TIME ? CU_PS : CU_CYCLES;
		return k == UK_CYC || k == UK_TIME;
	case CU_PS: *as = CU_PS; return k == UK_TIME;
	case CU_PS_PER_BYTE: *as = CU_PS_PER_BYTE; return k == UK_PSB;
	case CU_MCYC_PER_BYTE:
		*as = k == UK_PSB ? CU_PS_PER_BYTE : CU_MCYC_PER_BYTE;
		return k == UK_CYCB || k == UK_PSB;
	case CU_SLOTS: *as = CU_SLOTS; return k == UK_SLOTS;
	case CU_BYTES: *as = CU_BYTES; return k == UK_BYTES;
	case CU_COUNT: *as = CU_COUNT; return false;
	}
	return false;
}

static bool bare_ok(enum cost_unit u)
{
	return u == CU_SLOTS || u == CU_BYTES || u == CU_COUNT;
}

static const char *kind_what(enum ukind k)
{
	switch (k) {
	case UK_TIME: return "a duration";
	case UK_CYC: return "a number of cycles";
	case UK_HZ: return "a frequency";
	case UK_BPS: return "a rate";
	case UK_BYTERATE: return "a byte rate";
	case UK_PSB: return "a time per byte";
	case UK_CYCB: return "cycles per byte";
	case UK_BYTES: return "a size";
	case UK_SLOTS: return "a number of slots";
	}
	return "?";
}

/* What a key of unit u takes, for "is a frequency, not a rate". */
static const char *key_what(enum cost_unit u)
{
	switch (u) {
	case CU_HZ: return "a frequency";
	case CU_BPS: return "a rate";
	case CU_CYCLES: case CU_PS: return "a duration";
	case CU_PS_PER_BYTE: return "a time per byte";
	case CU_MCYC_PER_BYTE: return "cycles per byte";
	case CU_SLOTS: return "a number of slots";
	case CU_BYTES: return "a size";
	case CU_COUNT: return "a plain number";
	}
	return "?";
}

/* The base unit's name, for "not a whole number of ...". */
static const char *base_name(enum cost_unit u)
{
	switch (u) {
	case CU_HZ: return "Hz";
	case CU_BPS: return "bit/s";
	case CU_CYCLES: return "cycles";
	case CU_PS: return "picoseconds";
	case CU_PS_PER_BYTE: return "ps/B";
	case CU_MCYC_PER_BYTE: return "thousandths of a cycle per byte";
	case CU_SLOTS: return "slots";
	case CU_BYTES: return "bytes";
	case CU_COUNT: return "units";
	}
	return "?";
}

const char *units_hint(enum cost_unit u)
{
	switch (u) {
	case CU_HZ: return "a frequency such as 2.4GHz or 100MHz";
	case CU_BPS: return "a rate such as 1Gbit/s or 100Mbit/s";
	case CU_CYCLES: return "a duration such as 20ms, 1.5us or 300cycles";
	case CU_PS: return "a duration such as 20ms or 1.5us";
	case CU_PS_PER_BYTE: return "a time per byte such as 0.3ns/B or 300ps/B";
	case CU_MCYC_PER_BYTE:
		return "cycles per byte such as 0.25cycles/B, or a time per byte such as 0.1ns/B";
	case CU_SLOTS: return "a whole number of slots such as 256";
	case CU_BYTES: return "a size in bytes such as 1500, 1500B or 64KiB";
	case CU_COUNT: return "a whole number such as 256";
	}
	return "?";
}

static void say(char *msg, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void say(char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;
	if (!msg || n == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
}

static const struct unit *unit_find(const char *s)
{
	for (size_t i = 0; i < N_UNITS; i++)
		if (strcmp(units[i].name, s) == 0)
			return &units[i];
	return NULL;
}

/* A unit of an accepted kind that `s` was probably meant to be, or NULL. */
static const char *unit_suggest(enum cost_unit u, const char *s)
{
	enum cost_unit as;
	for (size_t i = 0; i < N_UNITS; i++)
		if (kind_ok(u, units[i].kind, &as) && strcasecmp(units[i].name, s) == 0)
			return units[i].name;
	for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
		const struct unit *t;
		if (strcmp(aliases[i].wrong, s) != 0)
			continue;
		t = unit_find(aliases[i].right);
		if (t && kind_ok(u, t->kind, &as))
			return t->name;
	}
	if (strlen(s) >= 2) {
		const char *best = NULL;
		for (size_t i = 0; i < N_UNITS; i++) {
			if (!kind_ok(u, units[i].kind, &as) || units[i].name[0] & 0x80)
				continue;
			if (units_edit_distance(s, units[i].name, 1) <= 1) {
				if (best)
					return NULL;   /* ambiguous: say nothing */
				best = units[i].name;
			}
		}
		return best;
	}
	return NULL;
}

/* The number at the front of s: [+-] digits [. digits]. */
struct num {
	bool neg;
	bool frac_seen;
	u128 ip;          /* integer part (< 10^20, else big) */
	bool big;         /* integer part has more than 20 significant digits */
	u128 fp;          /* fraction digits as an integer, trailing zeros dropped */
	unsigned nd;      /* number of fraction digits in fp */
	bool fine;        /* more than 26 fraction digits (never whole, below) */
	const char *end;  /* first byte after the number */
};

static bool num_read(const char *s, struct num *r)
{
	const char *p = s;
	unsigned sig = 0;
	bool digits = false;
	const char *fs, *fe;

	memset(r, 0, sizeof *r);
	if (*p == '+' || *p == '-')
		r->neg = *p++ == '-';
	while (isdigit((unsigned char)*p)) {
		digits = true;
		if (sig || *p != '0')
			sig++;
		if (sig > 20)
			r->big = true;
		else
			r->ip = r->ip * 10 + (unsigned)(*p - '0');
		p++;
	}
	if (*p == '.' && isdigit((unsigned char)p[1])) {
		r->frac_seen = true;
		fs = ++p;
		while (isdigit((unsigned char)*p))
			p++;
		fe = p;
		while (fe > fs && fe[-1] == '0')
			fe--;
		/* a whole number of base units needs at most 20 decimals (1 B is
		 * 2^-20 MiB, 0.00000095367431640625MiB); 26 keep fp x scale
		 * below 10^38 < 2^128 */
		if (fe - fs > 26)
			r->fine = true;
		else
			for (const char *q = fs; q < fe; q++) {
				r->fp = r->fp * 10 + (unsigned)(*q - '0');
				r->nd++;
			}
		digits = true;
	}
	r->end = p;
	return digits;
}

static u128 pow10u(unsigned k)
{
	u128 x = 1;
	while (k--)
		x *= 10;
	return x;
}

/* value = num * scale exactly; 0 ok, 1 overflow (> UINT64_MAX), 2 inexact */
static int num_scale(const struct num *r, uint64_t scale, uint64_t *out)
{
	u128 whole, part, den;
	if (r->big)
		return 1;
	if (r->fine)
		return 2;
	whole = r->ip * scale;            /* < 10^20 * 10^12 */
	den = pow10u(r->nd);
	part = r->fp * scale;             /* < 10^26 * 10^12 */
	if (part % den != 0)
		return 2;
	whole += part / den;
	if (whole > UINT64_MAX)
		return 1;
	*out = (uint64_t)whole;
	return 0;
}

static bool num_is_zero(const struct num *r)
{
	return !r->big && !r->fine && r->ip == 0 && r->fp == 0;
}

void units_range_msg(enum cost_unit u, const char *text, uint64_t v,
                     uint64_t min, uint64_t max, char *msg, size_t n)
{
	char b[UNITS_FMT_MAX];
	if (v < min)
		say(msg, n, "\"%s\" is out of range (min %s)", text, units_format(u, min, b, sizeof b));
	else
		say(msg, n, "\"%s\" is out of range (max %s)", text, units_format(u, max, b, sizeof b));
}

/* Copy s without leading/trailing blanks into buf; false when that is n
 * characters or more, which no value of buf's kind is (the text is never
 * cut: "000...0256" cut is another number), and msg says so. */
static bool trim(const char *s, char *buf, size_t n, char *msg, size_t mn)
{
	size_t len;
	while (*s == ' ' || *s == '\t')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= n) {
		say(msg, mn, "\"%.24s...\" is too long: %zu characters, a value has at most %zu",
		    s, len, n - 1);
		buf[0] = 0;
		return false;
	}
	memcpy(buf, s, len);
	buf[len] = 0;
	return true;
}

bool units_value_fits(const char *text, char *msg, size_t n)
{
	char t[UNITS_VALUE_MAX + 1];
	return trim(text, t, sizeof t, msg, n);
}

int units_parse(enum cost_unit u, const char *text, uint64_t min, uint64_t max,
                uint64_t *out, enum cost_unit *given, char *msg, size_t n)
{
	char t[UNITS_VALUE_MAX + 1], b[UNITS_FMT_MAX];
	struct num r;
	const char *us;
	const struct unit *un;
	enum cost_unit as = u;
	uint64_t scale = 1, v = 0;
	int rc;

	if (given)
		*given = u;
	if (!trim(text, t, sizeof t, msg, n))
		return -1;
	if (!num_read(t, &r)) {
		if (t[0] == 0)
			say(msg, n, "no value: expected %s", units_hint(u));
		else
			say(msg, n, "\"%s\": expected %s", t, units_hint(u));
		return -1;
	}
	us = r.end;
	while (*us == ' ')
		us++;

	if (*us == 0) {
		if (!bare_ok(u) && !num_is_zero(&r)) {
			say(msg, n, "\"%s\" has no unit: expected %s", t, units_hint(u));
			return -1;
		}
	} else {
		un = unit_find(us);
		if (!un && (us[0] == 'e' || us[0] == 'E') && us == r.end &&
		    (isdigit((unsigned char)us[1]) || ((us[1] == '-' || us[1] == '+') &&
		                                       isdigit((unsigned char)us[2])))) {
			say(msg, n, "\"%s\": no exponents; expected %s", t, units_hint(u));
			return -1;
		}
		if (!un) {
			const char *sug = unit_suggest(u, us);
			if (sug) {
				char num[64];
				size_t k = (size_t)(r.end - t);
				if (k >= sizeof num)
					k = sizeof num - 1;
				memcpy(num, t, k);
				num[k] = 0;
				say(msg, n, "\"%s\": unknown unit \"%s\" (did you mean %s%s?); expected %s",
				    t, us, num, sug, units_hint(u));
			} else {
				say(msg, n, "\"%s\": unknown unit \"%s\"; expected %s", t, us, units_hint(u));
			}
			return -1;
		}
		if (un->kind == UK_BYTERATE && u == CU_BPS) {
			char num[64];
			size_t k = (size_t)(r.end - t);
			uint64_t bits;
			if (k >= sizeof num)
				k = sizeof num - 1;
			memcpy(num, t, k);
			num[k] = 0;
			if (!r.neg && num_scale(&r, un->scale, &bits) == 0 && bits <= UINT64_MAX / 8)
				say(msg, n, "\"%s\" is in bytes per second, rates are in bits per second: "
				    "did you mean %s%s? (%s is %s)", t, num, un->bits, t,
				    units_format(CU_BPS, bits * 8, b, sizeof b));
			else
				say(msg, n, "\"%s\" is in bytes per second, rates are in bits per second: "
				    "did you mean %s%s?", t, num, un->bits);
			return -1;
		}
		if (!kind_ok(u, un->kind, &as)) {
			say(msg, n, "\"%s\" is %s, not %s; expected %s", t, kind_what(un->kind),
			    key_what(u), units_hint(u));
			return -1;
		}
		scale = un->scale;
	}
	if (given)
		*given = as;
	else if (as != u) {
		say(msg, n, "\"%s\": expected %s", t, units_hint(u));
		return -1;
	}

	rc = num_scale(&r, scale, &v);
	if (r.neg && !num_is_zero(&r)) {
		/* below any minimum; name the minimum in the key's unit */
		say(msg, n, "\"%s\" is out of range (min %s)", t,
		    units_format(u, as == u ? min : 0, b, sizeof b));
		return -1;
	}
	if (rc == 1) {
		say(msg, n, "\"%s\" is out of range (max %s)", t, units_format(u, max, b, sizeof b));
		return -1;
	}
	if (rc == 2) {
		say(msg, n, "\"%s\" is not a whole number of %s", t, base_name(as));
		return -1;
	}
	if (as == u && (v < min || v > max)) {
		units_range_msg(u, t, v, min, max, msg, n);
		return -1;
	}
	*out = v;
	return 0;
}

uint64_t units_psb_to_mcyc(uint64_t ps_per_byte, uint64_t hz)
{
	/* mcyc = ps * hz * 1000 / 10^12 = ps * hz / 10^9, rounded up */
	return units_muldiv(ps_per_byte, hz, 1000000000u, true);
}

uint64_t units_muldiv(uint64_t a, uint64_t b, uint64_t c, bool up)
{
	u128 p = (u128)a * b;
	u128 q = p / c;
	if (up && q * c != p)
		q++;
	return q > UINT64_MAX ? UINT64_MAX : (uint64_t)q;
}

u128 units_cyc_ps_wide(uint64_t cycles, uint64_t hz)
{
	return (u128)cycles * UNITS_PS_PER_S / hz;
}

char *units_ns_text(u128 ps, char *buf, size_t n)
{
	uint64_t s = (uint64_t)(ps / UNITS_PS_PER_S);   /* whole seconds, then the rest */
	unsigned ns = (unsigned)(ps / 1000u % 1000000000u), p = (unsigned)(ps % 1000u);
	if (s)
		snprintf(buf, n, "%" PRIu64 "%09u.%03u", s, ns, p);
	else
		snprintf(buf, n, "%u.%03u", ns, p);
	return buf;
}

/* v / scale as decimal text with the unit; exact always. */
static size_t fmt_scaled(uint64_t v, uint64_t scale, const char *unit, char *buf, size_t n)
{
	uint64_t ip = v / scale, fp = v % scale;
	char frac[24];
	int len;
	if (fp == 0) {
		len = snprintf(buf, n, "%" PRIu64 "%s", ip, unit);
	} else {
		unsigned digits = 0;
		for (uint64_t s = scale; s > 1; s /= 10)
			digits++;
		snprintf(frac, sizeof frac, "%0*" PRIu64, (int)digits, fp);
		for (size_t k = strlen(frac); k > 0 && frac[k - 1] == '0'; k--)
			frac[k - 1] = 0;
		len = snprintf(buf, n, "%" PRIu64 ".%s%s", ip, frac, unit);
	}
	return len < 0 ? 0 : (size_t)len;
}

struct uname {
	const char *name;
	uint64_t scale;
};

static const struct uname fmt_time[] = {
	{"s", 1000000000000ull}, {"ms", 1000000000ull}, {"us", 1000000ull},
	{"ns", 1000ull}, {"ps", 1},
};
static const struct uname fmt_hz[] = {
	{"GHz", 1000000000ull}, {"MHz", 1000000ull}, {"kHz", 1000ull}, {"Hz", 1},
};
static const struct uname fmt_bps[] = {
	{"Gbit/s", 1000000000ull}, {"Mbit/s", 1000000ull}, {"kbit/s", 1000ull}, {"bit/s", 1},
};
static const struct uname fmt_psb[] = {{"ns/B", 1000ull}, {"ps/B", 1}};
static const struct uname fmt_cycb[] = {{"cycles/B", 1000ull}};
static const struct uname fmt_cyc[] = {{"cycles", 1}};

char *units_format(enum cost_unit u, uint64_t v, char *buf, size_t n)
{
	const struct uname *tab = NULL;
	size_t nt = 0, bl = 0;
	char best[UNITS_FMT_MAX] = "", cand[UNITS_FMT_MAX];
	bool bdot = false, blead0 = false;

#define USE(t) (tab = (t), nt = sizeof(t) / sizeof((t)[0]))
	switch (u) {
	case CU_PS: USE(fmt_time); break;
	case CU_HZ: USE(fmt_hz); break;
	case CU_BPS: USE(fmt_bps); break;
	case CU_PS_PER_BYTE: USE(fmt_psb); break;
	case CU_MCYC_PER_BYTE: USE(fmt_cycb); break;
	case CU_CYCLES: USE(fmt_cyc); break;
	case CU_SLOTS: case CU_BYTES: case CU_COUNT:
		snprintf(buf, n, "%" PRIu64, v);
		return buf;
	}
#undef USE
	/* no "0." when another unit avoids it (100ms, not 0.1s); then the
	 * shortest; on a tie, the one without a decimal point */
	for (size_t i = 0; i < nt; i++) {
		size_t l = fmt_scaled(v, tab[i].scale, tab[i].name, cand, sizeof cand);
		bool dot = strchr(cand, '.') != NULL;
		bool lead0 = v != 0 && v < tab[i].scale;
		if (i == 0 || (blead0 && !lead0) ||
		    (blead0 == lead0 && (l < bl || (l == bl && bdot && !dot)))) {
			memcpy(best, cand, sizeof best);
			bl = l;
			bdot = dot;
			blead0 = lead0;
		}
	}
	snprintf(buf, n, "%s", best);
	return buf;
}

int units_parse_bool(const char *text, bool *out, char *msg, size_t n)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};
	char t[64];
	if (!trim(text, t, sizeof t, msg, n))
		return -1;
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(t, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(t, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	if (t[0] == 0)
		say(msg, n, "no value: expected true or false");
	else
		say(msg, n, "\"%s\" is not a boolean: expected true or false (or yes/no, on/off, 1/0)", t);
	return -1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int units_parse_mac(const char *text, uint8_t mac[6], char *msg, size_t n)
{
	char t[64];
	const char *p;
	char sep = 0;
	uint8_t m[6];

	if (!trim(text, t, sizeof t, msg, n))
		return -1;
	p = t;
	for (int i = 0; i < 6; i++) {
		int d0, d1;
		if (i > 0) {
			if (sep == 0 && (*p == ':' || *p == '-'))
				sep = *p;
			if (*p != sep)
				goto bad;
			p++;
		}
		d0 = hexval((unsigned char)*p);
		if (d0 < 0)
			goto bad;
		p++;
		d1 = hexval((unsigned char)*p);
		if (d1 >= 0) {
			m[i] = (uint8_t)(d0 * 16 + d1);
			p++;
		} else {
			m[i] = (uint8_t)d0;
		}
	}
	if (*p != 0)
		goto bad;
	memcpy(mac, m, 6);
	return 0;
bad:
	say(msg, n, "\"%s\" is not a MAC address such as 02:00:00:00:00:01", t);
	return -1;
}

char *units_format_mac(const uint8_t mac[6], char buf[18])
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
	         mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

int units_parse_ipv4(const char *text, uint32_t *out, char *msg, size_t n)
{
	char t[64];
	struct in_addr a;
	if (!trim(text, t, sizeof t, msg, n))
		return -1;
	if (inet_pton(AF_INET, t, &a) != 1) {
		say(msg, n, "\"%s\" is not an IPv4 address such as 10.0.0.1", t);
		return -1;
	}
	*out = ntohl(a.s_addr);
	return 0;
}

int units_parse_ipv6(const char *text, uint8_t out[16], char *msg, size_t n)
{
	char t[64];
	if (!trim(text, t, sizeof t, msg, n))
		return -1;
	if (inet_pton(AF_INET6, t, out) != 1) {
		say(msg, n, "\"%s\" is not an IPv6 address such as fd00::1", t);
		return -1;
	}
	return 0;
}

int units_parse_ip(const char *text, uint8_t out[16], bool *v6, char *msg, size_t n)
{
	char t[64];
	uint8_t a[16] = {0};
	if (!trim(text, t, sizeof t, msg, n))
		return -1;
	if (inet_pton(AF_INET, t, a) == 1) {
		*v6 = false;
	} else if (inet_pton(AF_INET6, t, a) == 1) {
		*v6 = true;
	} else {
		say(msg, n, "\"%s\" is not an IP address such as 10.0.0.2 or fd00::2", t);
		return -1;
	}
	memcpy(out, a, 16);
	return 0;
}

char *units_format_ipv4(uint32_t host_order, char buf[16])
{
	struct in_addr a;
	a.s_addr = htonl(host_order);
	inet_ntop(AF_INET, &a, buf, 16);
	return buf;
}

char *units_format_ipv6(const uint8_t a[16], char buf[46])
{
	inet_ntop(AF_INET6, a, buf, 46);
	return buf;
}

/* A decimal port number: 1 ok, 0 not a number, -1 out of range. */
static int port_num(const char *s, const char *e, unsigned *out)
{
	unsigned v = 0;
	if (s == e)
		return 0;
	for (const char *p = s; p < e; p++) {
		if (!isdigit((unsigned char)*p))
			return 0;
		if (v <= 65535)
			v = v * 10 + (unsigned)(*p - '0');
	}
	*out = v;
	return v >= 1 && v <= 65535 ? 1 : -1;
}

int units_parse_port(const char *text, uint16_t *out, char *msg, size_t n)
{
	char t[64];
	unsigned v;
	int rc;
	if (!trim(text, t, sizeof t, msg, n))
		return -1;
	rc = port_num(t, t + strlen(t), &v);
	if (rc == 0) {
		say(msg, n, "\"%s\" is not a UDP port number (1 to 65535)", t);
		return -1;
	}
	if (rc < 0) {
		say(msg, n, "\"%s\" is out of range (%s 65535)", t, v == 0 ? "min 1, max" : "max");
		return -1;
	}
	*out = (uint16_t)v;
	return 0;
}

int units_parse_ports(const char *text, uint8_t map[UNITS_PORTMAP_BYTES],
                      char *msg, size_t n)
{
	size_t len = strlen(text);
	char *t = malloc(len + 1), *item, *save = NULL;
	int rc = 0;

	if (!t) {
		say(msg, n, "out of memory");
		return -1;
	}
	memcpy(t, text, len + 1);
	trim(text, t, len + 1, msg, n);   /* never too long: len + 1 */
	if (t[0] == 0) {
		free(t);
		return 0;       /* an empty list */
	}
	if (t[strlen(t) - 1] == ',' || t[0] == ',' || strstr(t, ",,")) {
		say(msg, n, "\"%s\": an empty item in the port list", t);
		free(t);
		return -1;
	}
	for (item = strtok_r(t, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char it[64];
		const char *dash;
		unsigned a, b;
		int ra, rb;
		if (!trim(item, it, sizeof it, msg, n)) {
			rc = -1;
			break;
		}
		dash = strchr(it, '-');
		if (dash) {
			const char *a_end = dash, *b_beg = dash + 1;
			while (a_end > it && a_end[-1] == ' ')
				a_end--;
			while (*b_beg == ' ')
				b_beg++;
			ra = port_num(it, a_end, &a);
			rb = port_num(b_beg, b_beg + strlen(b_beg), &b);
		} else {
			ra = port_num(it, it + strlen(it), &a);
			rb = ra;
			b = a;
		}
		if (ra == 0 || rb == 0) {
			say(msg, n, "\"%s\" is not a port or a range of ports such as 5004-5099", it);
			rc = -1;
			break;
		}
		if (ra < 0 || rb < 0) {
			say(msg, n, "\"%s\": ports go from 1 to 65535", it);
			rc = -1;
			break;
		}
		if (a > b) {
			say(msg, n, "\"%s\": a range goes from the lower port to the higher", it);
			rc = -1;
			break;
		}
		for (unsigned p = a; p <= b; p++)
			map[p >> 3] |= (uint8_t)(1u << (p & 7));
	}
	free(t);
	return rc;
}

/* Port 0 is never listed; an empty byte (eight ports) is skipped whole. */
uint16_t *units_ports_list(const uint8_t map[UNITS_PORTMAP_BYTES], size_t *np)
{
	size_t k = 0;
	uint16_t *a;
	for (unsigned i = 0; i < UNITS_PORTMAP_BYTES; i++)
		k += (unsigned)__builtin_popcount(map[i] & (i ? 0xffu : 0xfeu));
	*np = k;
	if (k == 0)
		return NULL;
	a = malloc(k * sizeof *a);
	if (!a) {
		*np = 0;
		return NULL;
	}
	k = 0;
	for (unsigned i = 0; i < UNITS_PORTMAP_BYTES; i++) {
		if (!map[i])
			continue;
		for (unsigned b = 0; b < 8; b++) {
			unsigned p = i * 8 + b;
			if (p && (map[i] & (1u << b)))
				a[k++] = (uint16_t)p;
		}
	}
	return a;
}

char *units_format_ports(const uint16_t *ports, size_t np)
{
	size_t cap = np * 12 + 1, len = 0;
	char *s = malloc(cap);
	if (!s)
		return NULL;
	s[0] = 0;
	for (size_t i = 0; i < np;) {
		size_t j = i;
		while (j + 1 < np && ports[j + 1] == ports[j] + 1)
			j++;
		if (j == i)
			len += (size_t)snprintf(s + len, cap - len, "%s%u", len ? "," : "", ports[i]);
		else
			len += (size_t)snprintf(s + len, cap - len, "%s%u-%u", len ? "," : "",
			                        ports[i], ports[j]);
		i = j + 1;
	}
	return s;
}

bool units_parse_u64n(const char *text, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;
		unsigned d = (unsigned)(text[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

static bool digit_push(uint64_t *v, char c)
{
	return !__builtin_mul_overflow(*v, 10, v) &&
	       !__builtin_add_overflow(*v, (uint64_t)(c - '0'), v);
}

int units_parse_fixed(const char *text, size_t n, unsigned dec, uint64_t max, uint64_t *out,
                      unsigned *ndec)
{
	size_t i = 0;
	uint64_t v = 0;
	unsigned nd = 0;
	bool big = false, finer = false;
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	while (i < n && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i == n || !isdigit((unsigned char)text[i]))
		return UNITS_FIXED_SYNTAX;
	for (; i < n && isdigit((unsigned char)text[i]); i++)
		big = big || !digit_push(&v, text[i]);
	if (i < n && text[i] == '.') {
		if (++i == n || !isdigit((unsigned char)text[i]))
			return UNITS_FIXED_SYNTAX;            /* "2." */
		for (; i < n && isdigit((unsigned char)text[i]); i++, nd++)
			if (nd < dec)
				big = big || !digit_push(&v, text[i]);
			else if (text[i] != '0')
				finer = true;
	}
	if (i != n)
		return UNITS_FIXED_SYNTAX;
	for (unsigned k = nd < dec ? nd : dec; k < dec; k++)
		big = big || __builtin_mul_overflow(v, 10, &v);
	if (big || v > max)
		return UNITS_FIXED_BIG;
	*out = v;
	if (ndec)
		*ndec = nd;
	return finer ? UNITS_FIXED_FINER : UNITS_FIXED_OK;
}

bool units_parse_u64(const char *text, uint64_t *out)
{
	return units_parse_u64n(text, strlen(text), out);
}

char *units_visible(const char *s)
{
	size_t o = 0;
	char *b = malloc(4 * strlen(s) + 1);
	if (!b)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' || *p == '\t') {
			b[o++] = '\\';
			b[o++] = *p == '\n' ? 'n' : 't';
		} else if (*p < 0x20 || *p == 0x7f) {
			o += (size_t)snprintf(b + o, 5, "\\x%02x", *p);
		} else {
			b[o++] = (char)*p;
		}
	}
	b[o] = '\0';
	return b;
}

unsigned units_edit_distance(const char *a, const char *b, unsigned cap)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned d[3][65], *pp, *p, *c;   /* rows i-2, i-1, i */
	if (la > 64 || lb > 64)
		return strcmp(a, b) == 0 ? 0 : cap + 1;
	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	pp = d[0];
	p = d[1];
	c = d[2];
	for (size_t j = 0; j <= lb; j++)
		p[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned rowmin;
		c[0] = (unsigned)i;
		rowmin = c[0];
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (p[j - 1] + cost < v)
				v = p[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < rowmin)
				rowmin = v;
		}
		if (rowmin > cap)
			return cap + 1;
		{
			unsigned *t = pp;
			pp = p;
			p = c;
			c = t;
		}
	}
	return p[lb] > cap ? cap + 1 : p[lb];
}
