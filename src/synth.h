/* synth.h - a deterministic mixed-traffic capture for benchmarks and
 * demos: back-to-back frames at line rate, 30% small UDP to RT ports,
 * 60% TCP of 1000-1514 bytes, the rest ARP, ICMP, IPv6 UDP and frames for
 * other hosts; or a VoIP gateway's incoming mix. Same seed, same bytes. */
#ifndef NICSHARE_SYNTH_H
#define NICSHARE_SYNTH_H

#include <stdint.h>
#include <stdio.h>

struct synth_opts {
	uint64_t frames;
	uint64_t link_bps;      /* frames are spaced at this line rate */
	uint32_t snaplen;       /* bytes kept per frame (wire length is kept) */
	uint64_t seed;
	uint8_t host_mac[6];
	uint32_t host_ip;       /* host order */
	/* voip mix instead of the line-rate mix: `channels` G.711 calls, each
	 * 50 frames/s (160-byte payload) to RT ports 5004 + 2k, plus SIP on UDP
	 * 5060 (GP) every 500 ms per call and TCP background at bg_bps, for
	 * `duration_ns`. `frames` is ignored. */
	int same_time;          /* every frame stamped with the first one's time */
	int voip;
	uint32_t channels;
	uint64_t duration_ns;
	uint64_t bg_bps;
};

/* The capture, written to path as a new file: never over a file there,
 * even one made while it was written (main.c checked before that there
 * was none; CAPOUT_COMMIT_NEW). 0, or 2 with the message on err. */
int synth_write(const char *path, const struct synth_opts *o, FILE *err);

#endif
