/* synth.c - deterministic mixed capture, see synth.h. Frames are built with
 * the model's frame builders and written with capout. */
#include "synth.h"

#include <stdlib.h>
#include <string.h>

#include "../model/frame.h"
#include "../model/wire.h"
#include "capout.h"

static uint64_t next(uint64_t *s)   /* xorshift64* */
{
	uint64_t x = *s;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 2685821657736338717ull;
}

/* The gateway's incoming traffic: frames merged in time order from
 * per-source schedules (calls' RTP every 20 ms, SIP every 500 ms, TCP
 * background at a fixed rate). */
static int synth_voip(struct capout *c, const struct synth_opts *o, uint64_t *s)
{
	uint8_t peer[6] = {0x02, 0, 0, 0, 0, 0x02};
	uint8_t hip[16] = {0}, pip[16] = {0};
	for (int i = 0; i < 4; i++)
		hip[i] = (uint8_t)(o->host_ip >> (24 - 8 * i));
	memcpy(pip, hip, 4);
	pip[3] = 2;
	uint8_t buf[1600], pl[172];
	const uint64_t t0 = 1700000000ull * 1000000000ull;
	uint32_t nsrc = o->channels + 2;        /* calls, SIP, background */
	uint64_t bg_period = o->bg_bps ? 1514ull * 8u * 1000000000u / o->bg_bps : 0;
	uint64_t *nextk = calloc(nsrc, sizeof *nextk);   /* frames sent by each source */
	if (!nextk)
		return -1;
	int rc = 0;
	for (uint64_t k = 0;; k++) {
		/* the next instant of each source, by index; pick the smallest */
		uint64_t best = UINT64_MAX;
		uint32_t who = 0;
		for (uint32_t i = 0; i < nsrc; i++) {
			uint64_t t;
			if (i < o->channels)
				t = (uint64_t)i * 20000000u / (o->channels ? o->channels : 1) + nextk[i] * 20000000u;
			else if (i == o->channels)
				t = nextk[i] * (500000000u / (o->channels ? o->channels : 1));
			else
				t = bg_period ? nextk[i] * bg_period : UINT64_MAX;
			if (t < best) {
				best = t;
				who = i;
			}
		}
		if (best >= o->duration_ns)
			break;
		size_t len;
		uint64_t r = next(s);
		if (who < o->channels) {
			/* RTP (RFC 3550 5.1): version 2, the marker on a call's first
			 * packet, payload type 8 (PCMA, RFC 3551: 0xd5 is A-law's
			 * silence), sequence k, timestamp 160 k (8 kHz, 20 ms), SSRC
			 * 0x10000000 + the call's number; then 160 bytes of silence */
			uint64_t pk = nextk[who];
			uint32_t ts = (uint32_t)(160u * pk), ssrc = 0x10000000u + who;
			memset(pl, 0xd5, sizeof pl);
			frame_build_rtp(pl, pk == 0, 8, (uint16_t)pk, ts, ssrc);
			uint16_t port = (uint16_t)(10000 + 2 * who);   /* <= 65534: synth_write */
			pip[3] = (uint8_t)(2 + who % 200);
			len = frame_build_udp(buf, sizeof buf, o->host_mac, peer, false, pip, hip, port, port,
			                      pl, sizeof pl, (uint16_t)nextk[who]);
		} else if (who == o->channels) {
			pip[3] = 250;
			len = frame_build_udp(buf, sizeof buf, o->host_mac, peer, false, pip, hip, 5060, 5060,
			                      NULL, 400 + r % 400, (uint16_t)k);
		} else {
			pip[3] = 251;
			len = frame_build_tcp(buf, sizeof buf, o->host_mac, peer, false, pip, hip, 80, 41000,
			                      (uint32_t)k, 1, FRAME_TCP_ACK, NULL, 1460, (uint16_t)k);
		}
		nextk[who]++;
		uint32_t cap = len < o->snaplen ? (uint32_t)len : o->snaplen;
		if (capout_write(c, t0 + best, buf, cap, (uint32_t)len) < 0) {
			rc = -1;
			break;
		}
	}
	free(nextk);
	return rc;
}

/* Calls at most: call k's UDP port is 10000 + 2k, at most 65534. */
#define VOIP_MAX_CHANNELS ((65534u - 10000u) / 2 + 1)   /* 27768 */

int synth_write(const char *path, const struct synth_opts *o, FILE *err)
{
	char ebuf[512];
	if (o->voip && o->channels > VOIP_MAX_CHANNELS) {   /* main.c refuses them first */
		fprintf(err, "nicshare synth: --voip: %u channels: at most %u (call k's UDP port is "
		        "10000 + 2k)\n", o->channels, VOIP_MAX_CHANNELS);
		return 2;
	}
	struct capout *c = capout_open(path, o->snaplen, ebuf, sizeof ebuf);
	if (!c) {
		fprintf(err, "nicshare synth: %s\n", ebuf);
		return 2;
	}
	uint64_t s = o->seed ? o->seed : 0x9e3779b97f4a7c15ull;
	static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	static const uint8_t other[6] = {0x02, 0, 0, 0, 0x99, 0x99};
	uint8_t peer[6] = {0x02, 0, 0, 0, 0, 0x02};
	uint8_t hip[16] = {0}, pip[16] = {0};
	hip[0] = (uint8_t)(o->host_ip >> 24);
	hip[1] = (uint8_t)(o->host_ip >> 16);
	hip[2] = (uint8_t)(o->host_ip >> 8);
	hip[3] = (uint8_t)o->host_ip;
	memcpy(pip, hip, 4);
	pip[3] ^= 0x7;
	uint8_t h6[16] = {0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	uint8_t p6[16] = {0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
	uint8_t buf[1600];
	uint64_t bits = 0;                 /* since the first frame: exact spacing */
	if (o->voip) {
		int rc = synth_voip(c, o, &s);   /* -1: out of memory, or a write failed */
		if (capout_close(c, rc == 0 ? CAPOUT_COMMIT_NEW : 0, ebuf, sizeof ebuf) < 0) {
			fprintf(err, "nicshare synth: %s\n", ebuf);
			return 2;
		}
		if (rc != 0) {
			fprintf(err, "nicshare synth: %s: out of memory\n", path);
			return 2;
		}
		return 0;
	}
	const uint64_t t0 = 1700000000ull * 1000000000ull;
	for (uint64_t i = 0; i < o->frames; i++) {
		uint64_t r = next(&s);
		unsigned pick = (unsigned)(r % 100);
		size_t len;
		peer[5] = (uint8_t)(2 + (r >> 8) % 16);
		pip[3] = (uint8_t)(2 + (r >> 8) % 16);
		if (pick < 30) {               /* small UDP to an RT port */
			uint16_t port = (uint16_t)(5004 + (r >> 16) % 96);
			len = frame_build_udp(buf, sizeof buf, o->host_mac, peer, false, pip, hip, 40000,
			                      port, NULL, 18 + (r >> 24) % 160, (uint16_t)i);
		} else if (pick < 90) {        /* TCP 1000-1514 bytes */
			size_t pl = 1000 - 54 + (r >> 16) % 515;
			len = frame_build_tcp(buf, sizeof buf, o->host_mac, peer, false, pip, hip, 443,
			                      (uint16_t)(30000 + (r >> 32) % 1000), (uint32_t)i, 1,
			                      FRAME_TCP_ACK, NULL, pl, (uint16_t)i);
		} else if (pick < 94) {        /* ARP: requests broadcast, replies to us */
			bool reply = (r >> 16) & 1;
			len = frame_build_arp(buf, sizeof buf, reply ? o->host_mac : bcast, peer,
			                      reply ? FRAME_ARP_REPLY : FRAME_ARP_REQUEST, peer,
			                      (uint32_t)pip[0] << 24 | (uint32_t)pip[1] << 16 |
			                          (uint32_t)pip[2] << 8 | pip[3],
			                      reply ? o->host_mac : bcast, o->host_ip);
		} else if (pick < 96) {        /* IPv6 UDP to a GP port */
			len = frame_build_udp(buf, sizeof buf, o->host_mac, peer, true, p6, h6, 5353, 53,
			                      NULL, 40 + (r >> 16) % 400, 0);
		} else if (pick < 98) {        /* UDP to a GP port */
			len = frame_build_udp(buf, sizeof buf, o->host_mac, peer, false, pip, hip, 40001,
			                      (uint16_t)(r >> 16 & 1 ? 53 : 123), NULL, 48, (uint16_t)i);
		} else {                       /* unicast to another host: filtered */
			len = frame_build_udp(buf, sizeof buf, other, peer, false, pip, hip, 40000, 5004,
			                      NULL, 100, (uint16_t)i);
		}
		uint64_t ns = o->same_time ? 0 : wire_muldiv_floor(bits, 1000000000u, o->link_bps);
		uint32_t cap = len < o->snaplen ? (uint32_t)len : o->snaplen;
		if (capout_write(c, t0 + ns, buf, cap, (uint32_t)len) < 0)
			break;
		bits += wire_bytes((uint32_t)len) * 8;
	}
	if (capout_close(c, CAPOUT_COMMIT_NEW, ebuf, sizeof ebuf) < 0) {
		fprintf(err, "nicshare synth: %s\n", ebuf);
		return 2;
	}
	return 0;
}
