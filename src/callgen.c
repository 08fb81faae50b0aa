/* callgen.c - the call generator.
 * Models: the offered voice load of the second embodiment (Figs. 9-10,
 * claims 16-18; issue 12, item 3), and the far end as fixed response
 * delays.
 *
 * Randomness: xoshiro256** (Blackman and Vigna, 2018) seeded by four
 * outputs of splitmix64 from the seed, so a seed gives one schedule on
 * every machine. Uniforms are (k + 1) / 2^53 for the top 53 bits k, in
 * (0, 1]; an exponential with mean m is -m ln(u). Poisson arrivals: the
 * gaps between calls are exponential with mean 1 / rate. The draws per
 * call, in order: gap (poisson), holding time (if exponential), codec (if
 * a mix), direction, who hangs up, the two SSRCs, sequence and timestamp
 * starts.
 * Ports: each call takes the lowest local port pair free at its INVITE: a
 * pair is free port_guard after the 200 OK to its last call's BYE. The
 * schedule's instants take GP as answering at once; in a run its
 * processing delays the end of a call (its BYE, the BYE's 200, RT's
 * relinquish), and a pair taken again at the schedule's end would still be
 * the previous call's: RT refuses the new claim and the RTP of the two
 * calls is counted on each other (review n31, 2026-12-07; callplay.c
 * tells such a run). The pairs whose calls are in progress (INVITE to the
 * BYE's 200), plus one, are the calls in progress, whose largest count is
 * callgen_peak.
 * Cost: O(calls x ports) to place the ports and count the peak. */
#include "callgen.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PS_PER_S 1e12
#define PS_PER_MS 1000000000ull

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void callgen_rng_seed(struct callgen_rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t callgen_rng_next(struct callgen_rng *r)
{
	uint64_t *s = r->s;
	uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return res;
}

double callgen_rng_unit(struct callgen_rng *r)
{
	return (double)((callgen_rng_next(r) >> 11) + 1) * 0x1.0p-53;
}

double callgen_rng_exp(struct callgen_rng *r, double mean)
{
	return -mean * log(callgen_rng_unit(r));
}

void callgen_defaults(struct callgen_cfg *c)
{
	*c = (struct callgen_cfg){
		.mode = CALLGEN_FIXED, .seed = 1, .count = 1, .start_ps = 0,
		.spacing_ps = 1000 * PS_PER_MS, .rate_per_s = 1, .window_ps = 60000 * PS_PER_MS,
		.hold_ps = 60000 * PS_PER_MS, .hold_exp = false,
		.weight = {1, 0, 0}, .ptime_ms = 0, .out_pct = 50,
		.port_base = 20000, .ports = 4000, .far_port = 40000, .port_guard_ps = 1000 * PS_PER_MS,
		.d100_ps = 10 * PS_PER_MS, .d180_ps = 50 * PS_PER_MS, .d200_ps = 2000 * PS_PER_MS,
		.dack_ps = 10 * PS_PER_MS, .dbye_ok_ps = 10 * PS_PER_MS,
	};
}

struct callgen {
	struct callgen_call *v;
	size_t n;
	uint32_t peak;
};

static bool bad(char *err, size_t n, const char *msg)
{
	snprintf(err, n, "%s", msg);
	return false;
}

static bool check(const struct callgen_cfg *c, char *err, size_t n)
{
	if (c->mode == CALLGEN_POISSON && !(c->rate_per_s > 0 && isfinite(c->rate_per_s)))
		return bad(err, n, "calls.generator.rate must be a positive number of calls per second");
	if (c->mode == CALLGEN_FIXED && c->count > 1 && c->spacing_ps == 0)
		return bad(err, n, "calls.generator.spacing must be above 0 for more than one call");
	/* the last INVITE, start + (count - 1) x spacing, must be a time (a
	 * 64-bit count of ps, 2^64 ps = 213.5 days): wrapped, it would come
	 * first; saturated, every late call would share one instant */
	if (c->mode == CALLGEN_FIXED && c->count > 1 &&
	    c->spacing_ps > (UINT64_MAX - c->start_ps) / (c->count - 1)) {
		snprintf(err, n, "calls.generator.spacing: the last of %" PRIu32 " calls, %" PRIu32
		         " x %.17g s after calls.generator.start, would be past the latest time the "
		         "generator can hold (2^64 ps, about 213.5 days)",
		         c->count, c->count - 1, (double)c->spacing_ps / PS_PER_S);
		return false;
	}
	if (c->mode == CALLGEN_POISSON && c->window_ps > UINT64_MAX - c->start_ps)
		return bad(err, n, "calls.generator.window: calls.generator.start + window would end "
		           "past the latest time the generator can hold (2^64 ps, about 213.5 days)");
	if (c->ports == 0 || (uint32_t)c->port_base + 2u * c->ports > 65536u || c->port_base < 1024 ||
	    (c->port_base & 1))
		return bad(err, n, "calls.generator.ports: an even first port >= 1024 and port pairs inside 1024-65535");
	if (c->out_pct > 100)
		return bad(err, n, "calls.generator.outgoing must be a percentage (0-100)");
	if (c->ptime_ms > 1000)
		return bad(err, n, "calls.generator.ptime must be 1000ms or less");
	if (c->d180_ps < c->d100_ps)
		return bad(err, n, "calls.far.d180 must be at least calls.far.d100 (the far end sends "
		           "100 Trying, then 180 Ringing, then 200 OK)");
	if (c->d200_ps < c->d180_ps)
		return bad(err, n, "calls.far.d200 must be at least calls.far.d180 (the far end sends "
		           "100 Trying, then 180 Ringing, then 200 OK)");
	return true;
}

static enum callgen_codec pick_codec(const struct callgen_cfg *c, struct callgen_rng *r)
{
	uint64_t total = 0;
	int nz = 0;
	for (int i = 0; i < CG__N; i++) {
		total += c->weight[i];
		nz += c->weight[i] != 0;
	}
	if (total == 0)
		return CG_PCMU;
	if (nz == 1)
		for (int i = 0; i < CG__N; i++)
			if (c->weight[i])
				return (enum callgen_codec)i;
	uint64_t x = callgen_rng_next(r) % total;
	for (int i = 0; i < CG__N; i++) {
		if (x < c->weight[i])
			return (enum callgen_codec)i;
		x -= c->weight[i];
	}
	return CG_PCMU;
}

static bool push(struct callgen *g, size_t *cap, const struct callgen_call *k)
{
	if (g->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct callgen_call *nv = realloc(g->v, nc * sizeof(*nv));
		if (!nv)
			return false;
		g->v = nv;
		*cap = nc;
	}
	g->v[g->n++] = *k;
	return true;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static const uint8_t pts[CG__N] = {0, 8, 18};   /* PCMU, PCMA, G.729 */

uint32_t callgen_max_payload(const struct callgen_cfg *cfg, const struct rtpq_codec **codec,
                             unsigned *ptime_ms)
{
	uint32_t most = 0;
	for (int i = 0; i < CG__N; i++) {
		if (!cfg->weight[i])
			continue;
		const struct rtpq_codec *k = rtpq_codec_by_pt(pts[i]);
		unsigned pt = cfg->ptime_ms ? cfg->ptime_ms : k->ptime_ms;
		uint32_t b = rtpq_codec_payload(k, pt);
		if (b > most) {
			most = b;
			*codec = k;
			*ptime_ms = pt;
		}
	}
	return most;
}

struct callgen *callgen_create(const struct callgen_cfg *cfg, char *err, size_t errlen)
{
	if (!check(cfg, err, errlen))
		return NULL;
	struct callgen *g = calloc(1, sizeof(*g));
	/* per port pair: its last call's end (the BYE's 200), and when it is
	 * free again (port_guard later) */
	uint64_t *busy = calloc(cfg->ports, sizeof(*busy));
	uint64_t *avail = calloc(cfg->ports, sizeof(*avail));
	if (!g || !busy || !avail) {
		free(g);
		free(busy);
		free(avail);
		bad(err, errlen, "out of memory");
		return NULL;
	}
	struct callgen_rng r;
	callgen_rng_seed(&r, cfg->seed);
	size_t cap = 0;
	double t = (double)cfg->start_ps;
	for (uint32_t i = 0;; i++) {
		uint64_t start;
		if (cfg->mode == CALLGEN_FIXED) {
			if (i >= cfg->count)
				break;
			start = cfg->start_ps + (uint64_t)i * cfg->spacing_ps;
		} else {
			if (cfg->count && i >= cfg->count)
				break;
			t += callgen_rng_exp(&r, PS_PER_S / cfg->rate_per_s);
			if (t >= (double)cfg->start_ps + (double)cfg->window_ps)
				break;
			start = (uint64_t)t;
		}
		if (i < cfg->n_shift)
			start = sat_add(start, cfg->shift_ps[i]);   /* calls.generator.shift */
		struct callgen_call k = {.id = i + 1, .t_invite = start};
		k.hold_ps = cfg->hold_exp ? (uint64_t)callgen_rng_exp(&r, (double)cfg->hold_ps) : cfg->hold_ps;
		k.codec = rtpq_codec_by_pt(pts[pick_codec(cfg, &r)]);
		k.outgoing = callgen_rng_next(&r) % 100 < cfg->out_pct;
		k.far_hangs_up = callgen_rng_next(&r) & 1;
		k.ssrc_local = (uint32_t)callgen_rng_next(&r);
		k.ssrc_far = (uint32_t)callgen_rng_next(&r);
		uint64_t x = callgen_rng_next(&r);
		k.seq0_local = (uint16_t)x;
		k.seq0_far = (uint16_t)(x >> 16);
		k.ts0_local = (uint32_t)(x >> 32);
		k.ts0_far = (uint32_t)callgen_rng_next(&r);
		snprintf(k.call_id, sizeof k.call_id, "cg-%016" PRIx64 "-%" PRIu32, cfg->seed, k.id);
		k.ptime_ms = cfg->ptime_ms ? cfg->ptime_ms : k.codec->ptime_ms;
		k.payload_bytes = rtpq_codec_payload(k.codec, k.ptime_ms);
		k.packets = k.hold_ps / ((uint64_t)k.ptime_ms * PS_PER_MS);
		k.t_100 = sat_add(start, cfg->d100_ps);
		k.t_180 = sat_add(start, cfg->d180_ps);
		k.t_200 = sat_add(start, cfg->d200_ps);
		k.t_ack = sat_add(k.t_200, cfg->dack_ps);
		k.t_bye = sat_add(k.t_200, k.hold_ps);
		k.t_bye_ok = sat_add(k.t_bye, cfg->dbye_ok_ps);
		uint32_t slot = cfg->ports, now = 1;   /* calls in progress, this one too */
		for (uint32_t j = cfg->ports; j-- > 0;) {
			if (busy[j] > start)
				now++;
			if (avail[j] <= start)
				slot = j;
		}
		if (now > g->peak)
			g->peak = now;
		if (slot == cfg->ports) {
			if (now > cfg->ports)
				snprintf(err, errlen,
				         "call %" PRIu32 ": more than %u calls at once; raise calls.generator.ports",
				         k.id, cfg->ports);
			else
				snprintf(err, errlen,
				         "call %" PRIu32 ": no port pair free: of %u pairs, %" PRIu32 " are in calls "
				         "and %" PRIu32 " within calls.generator.port_guard of their last call's "
				         "end; raise calls.generator.ports or lower calls.generator.port_guard",
				         k.id, cfg->ports, now - 1, cfg->ports - (now - 1));
			free(busy);
			free(avail);
			callgen_destroy(g);
			return NULL;
		}
		/* the far end's port of local pair k is rtp_port + 2 (k mod 10000):
		 * past 65535 it would wrap (to 0 from 65536) */
		uint32_t far = cfg->far_port + 2u * (slot % 10000);
		if (far > 65535) {
			snprintf(err, errlen,
			         "calls.far.rtp_port: call %" PRIu32 " takes local port pair %" PRIu32
			         ", whose far RTP port, %u + 2 x %" PRIu32 " = %" PRIu32 ", is past 65535 "
			         "(calls.far.rtp_port must be at most %" PRIu32 " for it)",
			         k.id, slot, cfg->far_port, slot % 10000, far, 65535u - 2u * (slot % 10000));
			free(busy);
			free(avail);
			callgen_destroy(g);
			return NULL;
		}
		busy[slot] = k.t_bye_ok;
		avail[slot] = sat_add(k.t_bye_ok, cfg->port_guard_ps);
		k.local_port = (uint16_t)(cfg->port_base + 2 * slot);
		k.far_port = (uint16_t)far;
		if (!push(g, &cap, &k)) {
			bad(err, errlen, "out of memory");
			free(busy);
			free(avail);
			callgen_destroy(g);
			return NULL;
		}
	}
	free(busy);
	free(avail);
	return g;
}

void callgen_destroy(struct callgen *g)
{
	if (!g)
		return;
	free(g->v);
	free(g);
}

size_t callgen_count(const struct callgen *g)
{
	return g->n;
}

const struct callgen_call *callgen_get(const struct callgen *g, size_t i)
{
	return i < g->n ? &g->v[i] : NULL;
}

uint32_t callgen_peak(const struct callgen *g)
{
	return g->peak;
}

int callgen_billing(const struct callgen_call *c, char *buf, size_t n)
{
	const char *caller = c->outgoing ? "gw" : "far", *callee = c->outgoing ? "far" : "gw";
	return snprintf(buf, n, "%s-%" PRIu32 "\t%s-%" PRIu32 "\t%" PRIu64 "\t%" PRIu64 "\n", caller,
	                c->id, callee, c->id, c->t_200 / 1000, (c->t_bye - c->t_200) / 1000);
}
