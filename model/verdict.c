/* verdict.c - the tokens of routing.tsv and summary.json (SPEC A2): where a
 * frame ended (decision) and why (reason).
 * Models: the terminal states of SPEC A1 (Fig. 8b steps 492-496 and the
 * drops of N1, N1b, N2, C5, X2). Tokens are lowercase, words joined by '-'.
 * Cost: a table lookup; parsing is a linear scan of at most 17 names. */
#include "verdict.h"

#include <string.h>

static const char *const decision_names[DEC__COUNT] = {
	[DEC_RT] = "rt",
	[DEC_GP] = "gp",
	[DEC_BOTH] = "both",
	[DEC_DROP] = "drop",
	[DEC_SKIP] = "skip",
};

static const char *const reason_names[R__COUNT] = {
	[R_RT_PORT] = "rt-port",
	[R_ARP_REPLY] = "arp-reply",
	[R_DEFAULT] = "default",
	[R_TRUNCATED] = "truncated",
	[R_INVALID] = "invalid",
	[R_OWN_TX] = "own-tx",
	[R_NIC_FILTER] = "nic-filter",
	[R_OVERSIZE] = "oversize",
	[R_NIC_DOWN] = "nic-down",
	[R_RX_RING_FULL] = "rx-ring-full",
	[R_PROXY_FULL] = "proxy-full",
	[R_GP_SOCKET_FULL] = "gp-socket-full",
	[R_RT_SOCKET_FULL] = "rt-socket-full",
	[R_TX_QUEUE_FULL] = "tx-queue-full",
	[R_SENT] = "sent",
	[R_UNFINISHED] = "unfinished",
	[R_OTHER_LINK] = "other-link",
};

/* An out-of-range value is a caller bug; "?" keeps output parseable. */
const char *verdict_decision_name(enum verdict_decision d)
{
	if ((unsigned)d >= DEC__COUNT || !decision_names[d])
		return "?";
	return decision_names[d];
}

const char *verdict_reason_name(enum verdict_reason r)
{
	if ((unsigned)r >= R__COUNT || !reason_names[r])
		return "?";
	return reason_names[r];
}

static int lookup(const char *const *names, int n, const char *s)
{
	if (!s)
		return -1;
	for (int i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], s) == 0)
			return i;
	return -1;
}

int verdict_decision_parse(const char *s)
{
	return lookup(decision_names, DEC__COUNT, s);
}

int verdict_reason_parse(const char *s)
{
	return lookup(reason_names, R__COUNT, s);
}
