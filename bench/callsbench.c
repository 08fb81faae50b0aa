/* callsbench.c - speed and memory of GP's SIP engine and RT's RTP
 * accounting without the engine (issue 12, item 8): 1000 concurrent calls
 * from src/callgen.c (G.711, 20 ms), each set up with INVITE/100/180/200/
 * ACK through sip_parse and the call table, 60 s of RTP both ways through
 * calls_rtp_frame (RFC 3550 jitter, loss, late loss, delay per packet),
 * then BYE/200, calls.tsv and the summary. Prints wall time per SIP message
 * and per RTP frame, and the peak RSS. Not a test: timing never is.
 *
 *   callsbench [CALLS [SECONDS]]      defaults 1000 and 60 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "src/callgen.h"
#include "src/calls.h"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t msg(char *b, size_t n, const struct callgen_call *k, const char *first,
                  const char *cseq, bool tag, bool local_sdp, bool sdp)
{
	char body[512] = "";
	int bl = 0;
	if (sdp)
		bl = snprintf(body, sizeof body,
		              "v=0\r\no=- 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n"
		              "m=audio %u RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n"
		              "a=rtpmap:101 telephone-event/8000\r\na=ptime:20\r\n",
		              local_sdp ? "10.0.0.1" : "10.0.0.2", local_sdp ? "10.0.0.1" : "10.0.0.2",
		              local_sdp ? k->local_port : k->far_port);
	return (size_t)snprintf(b, n,
	                        "%s\r\nVia: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK%u\r\n"
	                        "From: <sip:far%u@10.0.0.2>;tag=f%u\r\nTo: <sip:gw@10.0.0.1>%s\r\n"
	                        "Call-ID: %s\r\nCSeq: %s\r\nMax-Forwards: 70\r\n%s"
	                        "Content-Length: %d\r\n\r\n%s",
	                        first, k->id, k->id, k->id, tag ? ";tag=g1" : "", k->call_id, cseq,
	                        sdp ? "Content-Type: application/sdp\r\n" : "", bl, body);
}

static bool sink(void *ctx, const char *line, size_t len)
{
	*(size_t *)ctx += len + (size_t)(line[0] == 0);
	return true;
}

int main(int argc, char **argv)
{
	unsigned ncalls = argc > 1 ? (unsigned)atoi(argv[1]) : 1000;
	unsigned secs = argc > 2 ? (unsigned)atoi(argv[2]) : 60;
	struct callgen_cfg gc;
	callgen_defaults(&gc);
	gc.count = ncalls;
	gc.spacing_ps = 1000000000ull;               /* 1 ms apart: all concurrent */
	gc.hold_ps = (uint64_t)secs * 1000000000000ull;
	gc.d200_ps = 0;
	gc.d180_ps = 0;
	gc.d100_ps = 0;
	gc.ports = 4000;
	char err[256];
	struct callgen *g = callgen_create(&gc, err, sizeof err);
	if (!g) {
		fprintf(stderr, "callsbench: %s\n", err);
		return 2;
	}
	struct sip_addr host;
	sip_addr_parse("10.0.0.1", &host);
	struct calls_cfg cc = {.host = &host, .nhost = 1, .cpu_hz = 1000000000000ull,
	                       .playout_ps = 40000000000ull};   /* 1 cycle = 1 ps */
	struct calls *t = calls_create(&cc);
	static char b[4096];
	uint64_t nmsg = 0, nrtp = 0;
	double t0 = now_s();
	for (size_t i = 0; i < callgen_count(g); i++) {
		const struct callgen_call *k = callgen_get(g, i);
		calls_sip(t, k->t_invite, CALLS_RX, (const uint8_t *)b,
		          msg(b, sizeof b, k, "INVITE sip:gw@10.0.0.1 SIP/2.0", "1 INVITE", false, false, true));
		calls_sip(t, k->t_100, CALLS_TX, (const uint8_t *)b,
		          msg(b, sizeof b, k, "SIP/2.0 100 Trying", "1 INVITE", false, false, false));
		calls_sip(t, k->t_180, CALLS_TX, (const uint8_t *)b,
		          msg(b, sizeof b, k, "SIP/2.0 180 Ringing", "1 INVITE", true, false, false));
		calls_sip(t, k->t_200, CALLS_TX, (const uint8_t *)b,
		          msg(b, sizeof b, k, "SIP/2.0 200 OK", "1 INVITE", true, true, true));
		calls_sip(t, k->t_ack, CALLS_RX, (const uint8_t *)b,
		          msg(b, sizeof b, k, "ACK sip:gw@10.0.0.1 SIP/2.0", "1 ACK", true, false, false));
		calls_claim_result(t, k->id, k->local_port, true, true, k->t_ack);
		nmsg += 5;
	}
	double t1 = now_s();
	uint64_t npk = callgen_get(g, 0)->packets;
	for (uint64_t p = 0; p < npk; p++)
		for (size_t i = 0; i < callgen_count(g); i++) {
			const struct callgen_call *k = callgen_get(g, i);
			uint64_t at = k->t_200 + p * 20000000000ull;
			calls_rtp_frame(t, k->local_port, CALLS_IN, CALLS_V_RT, at, at + 50000000ull + (p % 7) * 1000000ull,
			                &(struct calls_rtp){.seq = (uint16_t)(k->seq0_far + p),
			                                    .ts = (uint32_t)(k->ts0_far + 160 * p), .ssrc = 1});
			calls_rtp_frame(t, k->local_port, CALLS_OUT, CALLS_V_RT, at, at + 20000000ull,
			                &(struct calls_rtp){.seq = (uint16_t)(k->seq0_local + p),
			                                    .ts = (uint32_t)(k->ts0_local + 160 * p), .ssrc = 2});
			nrtp += 2;
		}
	double t2 = now_s();
	for (size_t i = 0; i < callgen_count(g); i++) {
		const struct callgen_call *k = callgen_get(g, i);
		calls_sip(t, k->t_bye, CALLS_RX, (const uint8_t *)b,
		          msg(b, sizeof b, k, "BYE sip:gw@10.0.0.1 SIP/2.0", "2 BYE", true, false, false));
		calls_sip(t, k->t_bye_ok, CALLS_TX, (const uint8_t *)b,
		          msg(b, sizeof b, k, "SIP/2.0 200 OK", "2 BYE", true, false, false));
		nmsg += 2;
	}
	double t3 = now_s();
	size_t bytes = 0;
	calls_tsv(t, sink, &bytes);
	struct calls_summary s;
	calls_summarise(t, &s);
	double t4 = now_s();
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("calls: %u concurrent, %u s of G.711 20 ms RTP both ways\n", ncalls, secs);
	printf("  SIP messages %8llu  %7.2f us each (sip_parse + call table)\n",
	       (unsigned long long)nmsg, ((t1 - t0) + (t3 - t2)) / (double)nmsg * 1e6);
	printf("  RTP frames   %8llu  %7.1f ns each (calls_rtp_frame)  %.2f M frames/s\n",
	       (unsigned long long)nrtp, (t2 - t1) / (double)nrtp * 1e9, (double)nrtp / (t2 - t1) / 1e6);
	printf("  calls.tsv + summary %.3f s (%zu bytes); MOS mean %.2f; peak RSS %.1f MB\n", t4 - t3,
	       bytes, s.mos_mean, (double)ru.ru_maxrss / 1024);
	calls_destroy(t);
	callgen_destroy(g);
	return 0;
}
