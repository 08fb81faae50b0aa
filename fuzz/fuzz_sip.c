/* fuzz_sip.c - libFuzzer target: the SIP/SDP path of the GP SIP engine
 * (issue 12, item 6): sip_parse over arbitrary bytes, then the call table
 * (src/calls.c) fed the same message both ways and its calls.tsv.
 *
 * Input: one SIP message; a NUL byte, if any, ends it and starts a second
 * message, fed after the first (so that offer/answer pairs are reached).
 *
 * Properties checked, from the contracts in src/sip.h and src/calls.h:
 *   - the result is an enum sip_err; err holds a message iff it is not
 *     SIP_E_NONE; every string field is NUL-terminated inside its buffer;
 *   - parsing the same bytes twice gives a byte-identical struct;
 *   - SIP_E_NONE: a Call-ID; a request has a method and status 0, a
 *     response a status in 100-699; has_media implies has_sdp; at most
 *     SIP_MAX_PT payload types; with media, a codec of rtpq's table;
 *   - SIP_E_CODEC comes with media and no table codec;
 *   - SIP_E_MULTIPART (headers read without the body): a Call-ID, no SDP;
 *   - sip_stream_next (TCP framing) finds a message inside the input, and
 *     the same one in the input cut after it;
 *   - every calls.tsv line has as many columns as its header, and the
 *     table holds at most one call per message.
 * Cost per input: two parses per message and a few table operations. */
#include "fuzz.h"

#include <stdbool.h>
#include <string.h>

#include "../src/calls.h"
#include "../src/sip.h"

#define TERMINATED(f) FUZZ_CHECK(memchr((f), '\0', sizeof(f)) != NULL)

static void check_msg(const uint8_t *d, size_t n)
{
	static struct sip_msg a, b;
	enum sip_err e = sip_parse(d, n, &a);
	FUZZ_CHECK((unsigned)e < SIP__NERR);
	FUZZ_CHECK((e == SIP_E_NONE) == (a.err[0] == '\0'));
	TERMINATED(a.method);
	TERMINATED(a.call_id);
	TERMINATED(a.from);
	TERMINATED(a.from_tag);
	TERMINATED(a.to);
	TERMINATED(a.to_tag);
	TERMINATED(a.cseq_method);
	TERMINATED(a.media.codec);
	TERMINATED(a.err);
	FUZZ_CHECK(sip_parse(d, n, &b) == e);
	FUZZ_CHECK(memcmp(&a, &b, sizeof a) == 0);
	FUZZ_CHECK(!a.has_media || a.has_sdp);
	FUZZ_CHECK(a.media.npt <= SIP_MAX_PT);
	if (e == SIP_E_NONE) {
		FUZZ_CHECK(a.call_id[0] != '\0');
		if (a.request)
			FUZZ_CHECK(a.method[0] != '\0' && a.status == 0);
		else
			FUZZ_CHECK(a.status >= 100 && a.status <= 699);
		if (a.has_media)
			FUZZ_CHECK(a.media.def != NULL && a.media.codec_pt >= 0);
	}
	if (e == SIP_E_CODEC)
		FUZZ_CHECK(a.has_media && a.media.def == NULL);
	if (e == SIP_E_MULTIPART)
		FUZZ_CHECK(a.call_id[0] != '\0' && !a.has_sdp);
}

struct cols {
	int header;
	unsigned lines;
};

static bool line(void *ctx, const char *s, size_t len)
{
	struct cols *c = ctx;
	int k = 1;
	FUZZ_CHECK(len > 0 && s[len - 1] == '\n');
	for (size_t i = 0; i + 1 < len; i++) {
		FUZZ_CHECK(s[i] != '\n' && s[i] != '\r');
		k += s[i] == '\t';
	}
	if (c->lines++ == 0)
		c->header = k;
	else
		FUZZ_CHECK(k == c->header);
	return true;
}

static void noclaim(void *ctx, uint16_t port, bool claim, uint32_t call)
{
	(void)ctx;
	(void)port;
	(void)claim;
	FUZZ_CHECK(call >= 1);
}

/* sip_stream_next: a message found lies inside the input, and is found
 * the same in the input cut right after it. */
static void check_stream(const uint8_t *d, size_t n)
{
	size_t start = 99, start2 = 99;
	long r = sip_stream_next(d, n, &start);
	FUZZ_CHECK(r >= -1 && r <= (long)n && start <= n);
	if (r > 0) {
		FUZZ_CHECK((size_t)r > start);
		FUZZ_CHECK(sip_stream_next(d, (size_t)r, &start2) == r && start2 == start);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = size ? memchr(data, 0, size) : NULL;
	size_t n1 = nul ? (size_t)(nul - data) : size;
	const uint8_t *m2 = nul ? nul + 1 : NULL;
	size_t n2 = nul ? size - n1 - 1 : 0;

	check_stream(data, size);
	check_msg(data, n1);
	if (m2)
		check_msg(m2, n2);

	struct sip_addr host;
	sip_addr_parse("10.0.0.1", &host);
	struct calls_cfg cfg = {.host = &host, .nhost = 1, .cpu_hz = 1000000000ull,
	                        .timeout = 1000, .claim = noclaim};
	struct calls *t = calls_create(&cfg);
	FUZZ_CHECK(t != NULL);
	calls_sip(t, 10, CALLS_RX, data, n1);
	calls_sip(t, 20, CALLS_TX, data, n1);
	if (m2) {
		calls_sip(t, 30, CALLS_TX, m2, n2);
		calls_sip(t, 40, CALLS_RX, m2, n2);
	}
	/* each message fed both ways: still one call at most */
	FUZZ_CHECK(calls_count(t) <= (m2 ? 2u : 1u));
	for (uint32_t i = 1; i <= calls_count(t); i++) {
		calls_claim_result(t, i, 20000, true, true, 50);
		calls_rtp_frame(t, 20000, CALLS_IN, CALLS_V_RT, 60, 70,
		                &(struct calls_rtp){.seq = 1, .ts = 160, .ssrc = 1});
	}
	calls_tick(t, 5000);
	struct cols c = {0, 0};
	FUZZ_CHECK(calls_tsv(t, line, &c));
	FUZZ_CHECK(c.lines == calls_count(t) + 1);
	calls_destroy(t);
	return 0;
}
