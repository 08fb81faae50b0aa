/* units.h - values with units, read from scenario text into the integer
 * base units of the cost table (model/cost.h) and written back as the
 * shortest exact text. No floating point anywhere: "1.5us" is read as the
 * integer 15 with one decimal, scaled by 10^6/10 to 1500000 ps (SPEC T1).
 * Also the other scalar types of a scenario: booleans, MAC, IPv4/IPv6
 * addresses and UDP port lists (SPEC P1 "a predetermined list of ports").
 *
 * Every parser fills `msg` (size `n`) with the "what is wrong" part of a
 * scenario message (no file, no key) and returns -1 on error, 0 on success.
 * The grammar is written out in doc/scenario.md. */
#ifndef NICSHARE_UNITS_H
#define NICSHARE_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/cost.h"

/* Read `text` as a value of unit `u` (its base: Hz, bit/s, cycles, ps,
 * ps/B, millicycles/B, slots, bytes, count).
 * A key in cycles (CU_CYCLES) also takes a duration, and a key in
 * millicycles per byte (CU_MCYC_PER_BYTE) a time per byte: then *given is
 * CU_PS or CU_PS_PER_BYTE, *out is in that unit, the range [min, max] is NOT
 * checked (it is in cycles: convert at cpu.hz, then call units_range_msg).
 * Otherwise *given = u and the value is checked against [min, max].
 * A bare number is accepted for slots, bytes and counts; for other units
 * only 0 may be written without a unit. given may be NULL when u is neither
 * CU_CYCLES nor CU_MCYC_PER_BYTE. */
int units_parse(enum cost_unit u, const char *text, uint64_t min, uint64_t max,
                uint64_t *out, enum cost_unit *given, char *msg, size_t n);

/* The message for a value v (in u) outside [min, max], quoting `text`. */
void units_range_msg(enum cost_unit u, const char *text, uint64_t v,
                     uint64_t min, uint64_t max, char *msg, size_t n);

/* What a value of unit u looks like, e.g. "a duration such as 20ms or
 * 1.5us" (a key in cycles: "... 1.5us or 300cycles"). */
const char *units_hint(enum cost_unit u);

/* Shortest exact text of v in u: 546000 ps -> "546ns", 1500000 ps ->
 * "1.5us", 2400000000 Hz -> "2.4GHz", 250 mcyc/B -> "0.25cycles/B".
 * Slots, bytes and counts are written as bare numbers. Returns buf. */
char *units_format(enum cost_unit u, uint64_t v, char *buf, size_t n);
#define UNITS_FMT_MAX 48

/* Millicycles per byte from picoseconds per byte at hz, rounded up. */
uint64_t units_psb_to_mcyc(uint64_t ps_per_byte, uint64_t hz);

/* a x b / c in 128 bits, rounded up when up, at most UINT64_MAX (c > 0):
 * cycles at hz to ps is units_muldiv(cyc, UNITS_PS_PER_S, hz, false), ps
 * to cycles units_muldiv(ps, hz, UNITS_PS_PER_S, ...). The casts this
 * replaces wrapped past 2^64 ps (213 days). */
uint64_t units_muldiv(uint64_t a, uint64_t b, uint64_t c, bool up);
#define UNITS_PS_PER_S 1000000000000ull

/* cycles at hz as ps, rounded down, unbounded: what summary.json and
 * verify.txt print for a time past 213 days. */
unsigned __int128 units_cyc_ps_wide(uint64_t cycles, uint64_t hz);

/* ps as ns with three decimals, "1234.567", exact for ps below 1.8 x
 * 10^31 (any cycle count at cpu.hz 1 MHz or more): what summary.json,
 * verify.txt and `nicshare bound` print. Returns buf. */
char *units_ns_text(unsigned __int128 ps, char *buf, size_t n);

/* true/false, yes/no, on/off, 1/0 (any case). */
int units_parse_bool(const char *text, bool *out, char *msg, size_t n);

/* aa:bb:cc:dd:ee:ff (or '-' separators), hex, one or two digits a group. */
int units_parse_mac(const char *text, uint8_t mac[6], char *msg, size_t n);
char *units_format_mac(const uint8_t mac[6], char buf[18]);

/* Dotted quad; *out in host order. */
int units_parse_ipv4(const char *text, uint32_t *out, char *msg, size_t n);
int units_parse_ipv6(const char *text, uint8_t out[16], char *msg, size_t n);
/* Either family: IPv4 is stored in out[0..3] (network order), *v6 false. */
int units_parse_ip(const char *text, uint8_t out[16], bool *v6, char *msg, size_t n);
char *units_format_ipv4(uint32_t host_order, char buf[16]);
char *units_format_ipv6(const uint8_t a[16], char buf[46]);

/* One UDP port, 1..65535, a bare number. */
int units_parse_port(const char *text, uint16_t *out, char *msg, size_t n);

/* A port set: a bitmap of 65536 bits. */
#define UNITS_PORTMAP_BYTES 8192
/* Add "5004-5099,7000" (ranges and single ports separated by commas,
 * blanks allowed) to the bitmap. */
int units_parse_ports(const char *text, uint8_t map[UNITS_PORTMAP_BYTES],
                      char *msg, size_t n);
/* The sorted port array of a bitmap; *np its length (malloc'd, NULL when
 * empty). */
uint16_t *units_ports_list(const uint8_t map[UNITS_PORTMAP_BYTES], size_t *np);
/* "5004-5099,7000" from a sorted array; "" when empty. malloc'd. */
char *units_format_ports(const uint16_t *ports, size_t np);

/* A whole number written plainly: decimal digits only (no sign, no blank,
 * at least one), within 64 bits. For options, environment variables and
 * the fields of the project's own files; false otherwise. */
bool units_parse_u64(const char *text, uint64_t *out);
/* The same over text[0..n), which need not be NUL-terminated (a field
 * inside a frame or a line). */
bool units_parse_u64n(const char *text, size_t n, uint64_t *out);

/* The most characters of a number with its unit (blanks around it apart):
 * units_parse refuses a longer text rather than cut it. */
#define UNITS_VALUE_MAX 127
/* Whether text, blanks around it apart, has at most UNITS_VALUE_MAX
 * characters; else msg says so, as units_parse does. For the numbers read
 * by units_parse_fixed (MOS, call rates, loss), which takes any length. */
bool units_value_fits(const char *text, char *msg, size_t n);

/* A decimal "D+" or "D+.D+" (blanks around it apart; no sign, exponent or
 * hex) read exactly in units of 10^-dec over text[0..n): "2.5" with dec 6
 * is 2500000. Digits past the dec-th decimal may be zeros. Returns
 * UNITS_FIXED_OK, UNITS_FIXED_SYNTAX (not such a number), UNITS_FIXED_BIG
 * (above max, or past 64 bits) or UNITS_FIXED_FINER (a non-zero digit past
 * the dec-th: *out then holds the value cut there, so that a caller can
 * name the nearest it can keep). *ndec, when not NULL, gets the number of
 * decimals written. The one reader of MOS, rates, loss and the fixed-point
 * fields of the project's own files. */
enum { UNITS_FIXED_OK = 0, UNITS_FIXED_SYNTAX, UNITS_FIXED_BIG, UNITS_FIXED_FINER };
int units_parse_fixed(const char *text, size_t n, unsigned dec, uint64_t max, uint64_t *out,
                      unsigned *ndec);

/* s with its control bytes written \n, \t or \xHH, malloc'd (NULL without
 * memory): user text (a name, a path, a filter) put in a message or an
 * output line stays on that line. */
char *units_visible(const char *s);

/* Damerau-Levenshtein (optimal string alignment) distance, capped: returns
 * at most cap + 1. Used for "did you mean" on keys and tokens. */
unsigned units_edit_distance(const char *a, const char *b, unsigned cap);

#endif
