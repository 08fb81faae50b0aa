/* simtest.h - what the simulator's unit tests share: the host and its peer,
 * a scenario of the embedded defaults built in C (RT ports 5004-5099,
 * priority dispatcher, strict scheduler), and scratch directories. */
#ifndef NICSHARE_SIMTEST_H
#define NICSHARE_SIMTEST_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/cost.h"
#include "src/scenario.h"

static const uint8_t HOST[6] = {0x02, 0, 0, 0, 0, 0x01};
static const uint8_t PEER[6] = {0x02, 0, 0, 0, 0, 0x02};
static const uint8_t HOST_IP[16] = {10, 0, 0, 1};
static const uint8_t PEER_IP[16] = {10, 0, 0, 2};

static inline struct scenario *mk(void)
{
	struct scenario *s = calloc(1, sizeof *s);
	cost_defaults(&s->costs);
	memcpy(s->mac, HOST, 6);
	s->ipv4 = 0x0a000001;
	s->multicast = true;
	s->up = true;
	s->n_rt_ports = 96;
	s->rt_ports = calloc(96, sizeof *s->rt_ports);
	for (int i = 0; i < 96; i++)
		s->rt_ports[i] = (uint16_t)(5004 + i);
	s->disp = DISP_PRIORITY;
	s->txs = TXS_STRICT;
	return s;
}

static inline void unmk(struct scenario *s)
{
	free(s->rt_ports);
	free(s->trace);
	free(s->rtp);
	free(s->bulk);
	free(s);
}

static inline char *tmpdir(void)
{
	char t[] = "/tmp/nicshare-check-XXXXXX";
	char *d = mkdtemp(t);
	ck_assert_ptr_nonnull(d);
	return strdup(d);
}

static inline void rmtree(const char *d)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
	ck_assert_int_eq(system(cmd), 0);
}

#endif
