/* calldump.c - a capture's SIP calls as src/sip.c and src/calls.c see
 * them, for tests/e2e/calls-tshark.sh to hold against tshark's own view
 * (issue 12). Not the simulator: every RTP frame counts as handled by RT,
 * at its capture time (so one-way delay is 0 and jitter is that of the
 * capture's arrival times, as tshark computes it).
 *
 *   calldump CAPTURE HOST_IP...
 *
 * Prints one line per SIP frame (UDP port 5060 either side):
 *   sip  frame  call_id  method-or-status  cseq_method  media_addr  media_port  codec
 * (`-` for what is absent), then calls.tsv (doc/outputs.md). A frame from
 * one of HOST_IP is GP's own (CALLS_TX). Times are nanoseconds from the
 * first frame (a 1 GHz clock). Exit 2 on a bad capture or address. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/frame.h"
#include "src/calls.h"
#include "src/capin.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: calldump CAPTURE HOST_IP...\n");
		return 2;
	}
	struct sip_addr host[8];
	int nh = 0;
	for (int i = 2; i < argc && nh < 8; i++)
		if (!sip_addr_parse(argv[i], &host[nh++])) {
			fprintf(stderr, "calldump: '%s' is not an IP address\n", argv[i]);
			return 2;
		}
	char err[512];
	static const uint8_t mac[6] = {2, 0, 0, 0, 0, 1};
	struct capin *c = capin_open(argv[1], mac, err, sizeof err);
	if (!c) {
		fprintf(stderr, "calldump: %s\n", err);
		return 2;
	}
	struct calls_cfg cfg = {.host = host, .nhost = (size_t)nh, .cpu_hz = 1000000000ull,
	                        .playout_ps = 40000000000ull};
	struct calls *t = calls_create(&cfg);
	struct capin_frame f;
	struct capin_clock clock;         /* 1 GHz: a cycle is a ns since the first frame */
	capin_clock_init(&clock, cfg.cpu_hz, 0);
	int r;
	while ((r = capin_next(c, &f, err, sizeof err)) == 1) {
		uint64_t now, ns;
		if (!capin_clock_cycle(&clock, &f, &now, &ns))
			break;
		struct frame_info fi;
		size_t n;
		const uint8_t *pl;
		if (frame_parse(f.data, f.caplen, f.wirelen, &fi) != FRAME_OK ||
		    !(pl = frame_udp_payload(f.data, f.caplen, &fi, &n)))
			continue;
		struct sip_addr src = {.family = fi.ip_version == 4 ? AF_INET : AF_INET6};
		memcpy(src.a, fi.ip_src, 16);
		if (fi.ip_version == 4)
			memset(src.a + 4, 0, 12);
		bool own = false;
		for (int i = 0; i < nh; i++)
			own = own || sip_addr_eq(&host[i], &src);
		if (fi.sport == 5060 || fi.dport == 5060) {
			struct sip_msg m;
			enum sip_err e = sip_parse(pl, n, &m);
			char a[64] = "-";
			if (m.has_media)
				sip_addr_str(&m.media.addr, a, sizeof a);
			char what[24];
			if (m.request)
				snprintf(what, sizeof what, "%s", m.method);
			else
				snprintf(what, sizeof what, "%d", m.status);
			printf("sip\t%llu\t%s\t%s\t%s\t%s\t", (unsigned long long)f.index,
			       m.call_id[0] ? m.call_id : "-", what, m.cseq_method[0] ? m.cseq_method : "-", a);
			if (m.has_media)
				printf("%u\t%s\n", m.media.port, m.media.codec[0] ? m.media.codec : "-");
			else
				printf("-\t-\n");
			calls_msg(t, now, own ? CALLS_TX : CALLS_RX, &m, e);
			continue;
		}
		struct calls_rtp rh;
		if (calls_rtp_parse(pl, n, &rh))
			calls_rtp_frame(t, own ? fi.sport : fi.dport, own ? CALLS_OUT : CALLS_IN, CALLS_V_RT,
			                now, now, &rh);
	}
	if (r < 0) {
		fprintf(stderr, "calldump: %s\n", err);
		calls_destroy(t);
		capin_close(c);
		return 2;
	}
	calls_tsv_file(t, stdout);
	calls_destroy(t);
	capin_close(c);
	return 0;
}
