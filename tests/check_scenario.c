/* check_scenario.c - the scenario loader (src/scenario.c): the broken files
 * of tests/scen-bad/ give exactly the messages listed in their EXPECTED
 * file, the files of tests/scen-good/ load, load -> print -> load -> print
 * is a fixed point, --set reaches every key, and doc/scenario.md names
 * every key. Models the configuration of Fig. 1, the boot port list of
 * Fig. 5 / claim 14, the control commands of Figs. 7c/8c (SPEC X3) and
 * the port moves of Fig. 6 (SPEC P2). */
#include <check.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/verdict.h"
#include "../src/scenario.h"

#include "checkrun.h"

#ifndef NS_SRCDIR
#define NS_SRCDIR "."
#endif
#define BAD_DIR NS_SRCDIR "/tests/scen-bad"
#define GOOD_DIR NS_SRCDIR "/tests/scen-good"

/* ---- helpers ------------------------------------------------------------------ */

struct out {
	char *buf;
	size_t len;
	FILE *f;
};

static void out_open(struct out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->f = open_memstream(&o->buf, &o->len);
	ck_assert_ptr_nonnull(o->f);
}

static char *out_close(struct out *o)
{
	fclose(o->f);
	return o->buf;
}

/* Load with overrides; *err receives stderr's text (malloc'd). */
static struct scenario *load(const char *path, const char *const *ov, size_t n, char **err)
{
	struct out o;
	struct scenario *s;
	out_open(&o);
	s = scenario_load(path, ov, n, o.f);
	*err = out_close(&o);
	return s;
}

static struct scenario *load_ok(const char *path, const char *const *ov, size_t n)
{
	char *err;
	struct scenario *s = load(path, ov, n, &err);
	ck_assert_msg(s != NULL, "%s did not load:\n%s", path ? path : "(default)", err);
	ck_assert_msg(err[0] == 0, "%s: unexpected output:\n%s", path ? path : "(default)", err);
	free(err);
	return s;
}

static char *print(const struct scenario *s)
{
	struct out o;
	out_open(&o);
	scenario_print(s, o.f);
	return out_close(&o);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *b;
	long n;
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc((size_t)n + 1);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(fread(b, 1, (size_t)n, f), (size_t)n);
	b[n] = 0;
	fclose(f);
	return b;
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.yaml files of a folder, sorted. */
static size_t yaml_files(const char *dir, char ***names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	*names = NULL;
	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l > 5 && strcmp(e->d_name + l - 5, ".yaml") == 0) {
			*names = realloc(*names, (n + 1) * sizeof **names);
			(*names)[n++] = strdup(e->d_name);
		}
	}
	closedir(d);
	qsort(*names, n, sizeof **names, cmpstr);
	return n;
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* ---- tests/scen-bad/EXPECTED ---------------------------------------------------- */

struct expect {
	char *file;
	char *text;      /* the lines joined, each ending in \n */
};
static struct expect *expects;
static size_t n_expects;

static void expected_read(void)
{
	FILE *f = fopen(BAD_DIR "/EXPECTED", "r");
	char line[2048];
	if (!f) {
		fprintf(stderr, "cannot open %s\n", BAD_DIR "/EXPECTED");
		exit(EXIT_FAILURE);
	}
	while (fgets(line, sizeof line, f)) {
		char *tab = strchr(line, '\t');
		size_t l;
		if (line[0] == '#' || line[0] == '\n' || !tab)
			continue;
		*tab = 0;
		l = strlen(tab + 1);
		if (n_expects == 0 || strcmp(expects[n_expects - 1].file, line) != 0) {
			expects = realloc(expects, (n_expects + 1) * sizeof *expects);
			expects[n_expects].file = strdup(line);
			expects[n_expects].text = calloc(1, 1);
			n_expects++;
		}
		{
			struct expect *e = &expects[n_expects - 1];
			size_t have = strlen(e->text);
			e->text = realloc(e->text, have + l + 2);
			memcpy(e->text + have, tab + 1, l + 1);
			if (l == 0 || tab[l] != '\n')
				strcat(e->text, "\n");
		}
	}
	fclose(f);
}

START_TEST(test_bad_file)
{
	const struct expect *e = &expects[_i];
	char *err;
	struct scenario *s;
	ck_assert_int_eq(chdir(BAD_DIR), 0);
	s = load(e->file, NULL, 0, &err);
	ck_assert_msg(s == NULL, "%s was accepted", e->file);
	ck_assert_msg(strcmp(err, e->text) == 0, "%s:\n--- got\n%s--- want\n%s", e->file, err, e->text);
	free(err);
}
END_TEST

/* Every broken file has its messages listed, every listed file exists. */
START_TEST(test_bad_all_listed)
{
	char **names;
	size_t n = yaml_files(BAD_DIR, &names);
	ck_assert_uint_ge(n, 20);
	for (size_t i = 0; i < n; i++) {
		bool found = false;
		for (size_t j = 0; j < n_expects; j++)
			found |= strcmp(expects[j].file, names[i]) == 0;
		ck_assert_msg(found, "%s has no line in EXPECTED", names[i]);
	}
	for (size_t j = 0; j < n_expects; j++) {
		bool found = false;
		for (size_t i = 0; i < n; i++)
			found |= strcmp(expects[j].file, names[i]) == 0;
		ck_assert_msg(found, "EXPECTED lists %s, which is not there", expects[j].file);
	}
	free_names(names, n);
}
END_TEST

/* The message format: FILE:LINE:COL: KEY: ..., line and column 1-based. */
START_TEST(test_bad_format)
{
	for (size_t j = 0; j < n_expects; j++) {
		const char *p = expects[j].text;
		while (*p) {
			int line = 0, col = 0, used = 0;
			char file[256];
			const char *nl = strchr(p, '\n');
			ck_assert_msg(sscanf(p, "%255[^:]:%d:%d: %n", file, &line, &col, &used) == 3 &&
			              used > 0, "not FILE:LINE:COL: %s", p);
			ck_assert_msg(line >= 1 && col >= 1, "%s", p);
			ck_assert_msg(strchr(p + used, ':') != NULL && strchr(p + used, ':') < nl,
			              "no KEY: in %s", p);
			p = nl + 1;
		}
	}
}
END_TEST

/* ---- good files and the round trip ------------------------------------------- */

START_TEST(test_good_files)
{
	char **names;
	size_t n = yaml_files(GOOD_DIR, &names);
	ck_assert_uint_ge(n, 3);
	ck_assert_int_eq(chdir(GOOD_DIR), 0);
	for (size_t i = 0; i < n; i++)
		scenario_free(load_ok(names[i], NULL, 0));
	free_names(names, n);
}
END_TEST

/* load -> print -> load the printed text -> print: the same text, the
 * same values. */
static void roundtrip(const char *path, const char *const *ov, size_t n)
{
	struct scenario *a = load_ok(path, ov, n), *b;
	char *ta = print(a), *tb, tmp[] = "/tmp/nicshare-rtXXXXXX";
	int fd = mkstemp(tmp);
	FILE *f;
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs(ta, f);
	fclose(f);
	b = load_ok(tmp, NULL, 0);
	tb = print(b);
	unlink(tmp);
	ck_assert_msg(strcmp(ta, tb) == 0, "%s: printed text differs after a reload:\n%s\n---\n%s",
	              path ? path : "(default)", ta, tb);
	ck_assert_mem_eq(&a->costs, &b->costs, sizeof a->costs);
	ck_assert_uint_eq(a->n_rt_ports, b->n_rt_ports);
	ck_assert_uint_eq(a->n_tl, b->n_tl);
	ck_assert_uint_eq(a->n_rtp, b->n_rtp);
	ck_assert_uint_eq(a->n_bulk, b->n_bulk);
	ck_assert_uint_eq(a->n_bounds, b->n_bounds);
	ck_assert_uint_eq(a->n_expects, b->n_expects);
	ck_assert_uint_eq(a->n_droplimits, b->n_droplimits);
	for (size_t i = 0; i < a->n_rtp; i++) {
		ck_assert_uint_eq(a->rtp[i].payload, b->rtp[i].payload);
		ck_assert_uint_eq(a->rtp[i].ptime_ps, b->rtp[i].ptime_ps);
		ck_assert_mem_eq(a->rtp[i].dst_ip, b->rtp[i].dst_ip, 16);
	}
	for (size_t i = 0; i < a->n_tl; i++) {
		ck_assert_int_eq(a->tl[i].kind, b->tl[i].kind);
		ck_assert_uint_eq(a->tl[i].at_ps, b->tl[i].at_ps);
		ck_assert_uint_eq(a->tl[i].num, b->tl[i].num);
	}
	ck_assert_str_eq(a->name, b->name);
	if (a->trace)
		ck_assert_str_eq(a->trace, b->trace);
	free(ta);
	free(tb);
	scenario_free(a);
	scenario_free(b);
}

START_TEST(test_roundtrip_default)
{
	roundtrip(NULL, NULL, 0);
}
END_TEST

START_TEST(test_roundtrip_profiles)
{
	static const char *const p4[] = {"profile=p4-2003"}, *const cur[] = {"profile=current"};
	roundtrip(NULL, p4, 1);
	roundtrip(NULL, cur, 1);
	roundtrip(NS_SRCDIR "/scenarios/profiles/p4-2003.yaml", NULL, 0);
}
END_TEST

START_TEST(test_roundtrip_good)
{
	char **names;
	char path[PATH_MAX];
	size_t n = yaml_files(GOOD_DIR, &names);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", GOOD_DIR, names[i]);
		roundtrip(path, NULL, 0);
	}
	free_names(names, n);
}
END_TEST

START_TEST(test_roundtrip_overrides)
{
	static const char *const ov[] = {
		"cpu.hz=3GHz", "traffic.rtp.2={sport: 5030, dport: 7002, dst_ip: \"fd00::9\"}",
		"timeline.11={at: 1ms, ipv6: \"fd00::99\"}", "name=with \"quotes\" and: colon",
		"verify.routing.2={match: \"ip6 and udp\", goes_to: drop}",
	};
	/* a rate printed as read (0.1, not 0.10000000000000001), loading back */
	static const char *const rate[] = {"calls.generator.rate=0.1"};
	struct scenario *s = load_ok(NULL, rate, 1);
	char *t = print(s);
	ck_assert_ptr_nonnull(strstr(t, "\n    rate: 0.1 "));
	free(t);
	scenario_free(s);
	roundtrip(NULL, rate, 1);
	roundtrip(GOOD_DIR "/every-section.yaml", ov, sizeof ov / sizeof ov[0]);
}
END_TEST

/* ---- the values ------------------------------------------------------------- */

START_TEST(test_defaults)
{
	struct scenario *s = load_ok(NULL, NULL, 0);
	static const uint8_t mac[6] = {0x02, 0, 0, 0, 0, 0x01};
	struct costs c;
	cost_defaults(&c);
	ck_assert_mem_eq(&s->costs, &c, sizeof c);
	ck_assert_mem_eq(s->mac, mac, 6);
	ck_assert_uint_eq(s->ipv4, (10u << 24) | 1u);
	ck_assert(!s->has_ipv6 && !s->promiscuous && s->multicast && s->up);
	/* 5004-5099 less SIP's 5060 (doc/scenario.md): 96 - 1 ports */
	ck_assert_uint_eq(s->n_rt_ports, 95);
	ck_assert_uint_eq(s->rt_ports[0], 5004);
	ck_assert_uint_eq(s->rt_ports[55], 5059);
	ck_assert_uint_eq(s->rt_ports[56], 5061);
	ck_assert_uint_eq(s->rt_ports[94], 5099);
	for (size_t i = 0; i < s->n_rt_ports; i++)
		ck_assert_uint_ne(s->rt_ports[i], 5060);
	ck_assert_uint_eq(s->n_gp_ports, 0);
	ck_assert_int_eq(s->disp, DISP_PRIORITY);
	ck_assert_int_eq(s->txs, TXS_STRICT);
	ck_assert_ptr_null(s->trace);
	ck_assert_ptr_null(s->profile);
	ck_assert_ptr_null(s->path);
	ck_assert_str_eq(s->name, "default");
	ck_assert(!s->echo.enabled && !s->drops_only_set);
	ck_assert_uint_eq(s->n_tl + s->n_rtp + s->n_bulk + s->n_bounds + s->n_expects, 0);
	scenario_free(s);
	scenario_free(NULL);
}
END_TEST

START_TEST(test_every_section_values)
{
	struct scenario *s = load_ok(GOOD_DIR "/every-section.yaml", NULL, 0);
	char want[PATH_MAX], *real;
	static const enum scen_tl_kind order[] = {
		TL_RELINQUISH, TL_CLAIM, TL_MTU, TL_MAC, TL_IPV4, TL_IPV6, TL_MULTICAST,
		TL_PROMISC, TL_UP, TL_GP_BIND, TL_GP_UNBIND,
	};
	ck_assert_str_eq(s->name, "every section");
	ck_assert_str_eq(s->profile, "p4-2003");
	/* the profile, under the file */
	ck_assert_uint_eq(s->costs.v[C_CPU_HZ], 2400000000ull);
	ck_assert_uint_eq(s->costs.v[C_LINK_BPS], 100000000ull);
	ck_assert_uint_eq(s->costs.v[C_WORLD_SWITCH], 3360);     /* 1.4us at 2.4GHz */
	ck_assert_uint_eq(s->costs.v[C_BUS_DMA_PER_BYTE], 7500);
	ck_assert_uint_eq(s->costs.v[C_RT_IRQ], 2000);           /* the file wins */
	ck_assert_uint_eq(s->costs.v[C_GP_STACK_RX], 7200);      /* 3us at 2.4GHz */
	ck_assert_uint_eq(s->costs.v[C_NIC_RX_RING], 64);
	ck_assert_uint_eq(s->costs.v[C_NIC_ITR_INTERVAL], 125000000ull);
	ck_assert_int_eq(s->disp, DISP_TDMA);
	ck_assert_int_eq(s->txs, TXS_GP_RATE);
	ck_assert(s->has_ipv6 && s->ipv6[0] == 0xfd && s->ipv6[15] == 0x10);
	ck_assert_uint_eq(s->ipv4, (192u << 24) | (168u << 16) | (1u << 8) | 10u);
	ck_assert_uint_eq(s->n_rt_ports, 97);
	ck_assert_uint_eq(s->rt_ports[96], 7000);
	ck_assert_uint_eq(s->n_gp_ports, 5);
	ck_assert_uint_eq(s->gp_ports[0], 5100);
	ck_assert_uint_eq(s->trace_offset_ps, 1000000000ull);
	ck_assert_uint_eq(s->duration_ps, 2000000000000ull);
	/* the capture, relative to the scenario's folder */
	real = realpath(NS_SRCDIR "/traces/public/arp-who-has.pcap", NULL);
	ck_assert_ptr_nonnull(real);
	snprintf(want, sizeof want, "%s", real);
	free(real);
	ck_assert_str_eq(s->trace, want);
	/* traffic: codecs */
	ck_assert_uint_eq(s->n_rtp, 2);
	ck_assert_uint_eq(s->rtp[0].payload, 160);                /* g711, 20 ms */
	ck_assert_uint_eq(s->rtp[0].ptime_ps, 20000000000ull);
	ck_assert_uint_eq(s->rtp[0].channels, 8);
	ck_assert_uint_eq(s->rtp[0].stagger_ps, 2500000000ull);
	ck_assert_uint_eq(s->rtp[1].payload, 30);                 /* g729, 30 ms */
	ck_assert(s->rtp[1].ipv6);
	ck_assert_uint_eq(s->n_bulk, 2);
	ck_assert_int_eq(s->bulk[0].proto, BULK_TCP);
	ck_assert_uint_eq(s->bulk[1].rate_bps, 1000000);
	ck_assert_uint_eq(s->bulk[1].frame_size, 64);
	ck_assert(s->echo.enabled);
	ck_assert_uint_eq(s->echo.port, 7000);
	/* the timeline, sorted by time, equal times in file order */
	ck_assert_uint_eq(s->n_tl, sizeof order / sizeof order[0]);
	for (size_t i = 0; i < s->n_tl; i++) {
		ck_assert_int_eq(s->tl[i].kind, order[i]);
		if (i)
			ck_assert_uint_ge(s->tl[i].at_ps, s->tl[i - 1].at_ps);
	}
	ck_assert_uint_eq(s->tl[0].num, 5010);
	ck_assert_uint_eq(s->tl[2].num, 1400);
	ck_assert_uint_eq(s->tl[4].num, (192u << 24) | (168u << 16) | (1u << 8) | 11u);
	ck_assert_int_eq(s->tl[0].loc.line, 76);       /* "- at: 100ms" of relinquish */
	ck_assert_str_eq(s->tl[0].loc.file, GOOD_DIR "/every-section.yaml");
	/* verify */
	ck_assert_uint_eq(s->n_bounds, 5);
	ck_assert_int_eq(s->bounds[0].cls, CLS_RT_RX);
	ck_assert_int_eq(s->bounds[0].stat, ST_P99);
	ck_assert_uint_eq(s->bounds[0].ps, 200000000ull);
	ck_assert_int_eq(s->bounds[0].loc.line, 100);
	ck_assert_int_eq(s->bounds[0].loc.col, 12);
	ck_assert_int_eq(s->bounds[3].stat, ST_P999);
	ck_assert_uint_eq(s->n_expects, 2);
	ck_assert_str_eq(s->expects[0].filter, "udp dst port 5004");
	ck_assert_int_eq(s->expects[0].goes_to, DEC_RT);
	ck_assert(s->expects[0].only && !s->expects[1].only);
	ck_assert_int_eq(s->expects[1].goes_to, DEC_BOTH);
	ck_assert(s->drops_only_set);
	ck_assert_uint_eq(s->drops_only_mask, (1u << R_RX_RING_FULL) | (1u << R_PROXY_FULL));
	ck_assert_uint_eq(s->n_droplimits, 2);
	ck_assert_int_eq(s->droplimits[1].reason, R_PROXY_FULL);
	ck_assert_uint_eq(s->droplimits[1].max, 10);
	scenario_free(s);
}
END_TEST

/* --set reaches nested keys and list items; later layers win. */
START_TEST(test_set_reaches)
{
	static const char *const ov[] = {
		"nic.link_rate=10Mbit/s",
		"traffic.rtp.0.dport=7002",
		"traffic.rtp.1.sport=5020",
		"traffic.bulk.1.rate=2Mbit/s",
		"verify.latency.rt-rx.p99.9=1ms",
		"verify.latency.rt-rx.max=~",          /* a bound removed */
		"timeline.0.at=50ms",                  /* promiscuous, first once sorted */
		"gp.udp_ports=[9000, \"9100-9102\"]",
		"host.ipv6=none",
		"name=hello world",
		"verify.routing.1.only=yes",
		"verify.drops.max.proxy-full=4",
		"cost.rt_irq=1us",                     /* 2400 cycles at 2.4 GHz */
		"traffic.echo=off",
	};
	struct scenario *s = load_ok(GOOD_DIR "/every-section.yaml", ov, sizeof ov / sizeof ov[0]);
	ck_assert_uint_eq(s->costs.v[C_LINK_BPS], 10000000ull);
	ck_assert_uint_eq(s->rtp[0].dport, 7002);
	ck_assert_uint_eq(s->rtp[1].sport, 5020);
	ck_assert_uint_eq(s->bulk[1].rate_bps, 2000000ull);
	ck_assert_uint_eq(s->n_bounds, 5);                        /* +p99.9 -max */
	ck_assert_int_eq(s->bounds[1].stat, ST_P999);
	ck_assert_uint_eq(s->bounds[1].ps, 1000000000ull);
	ck_assert_str_eq(s->bounds[1].loc.opt, "--set verify.latency.rt-rx.p99.9=1ms");
	ck_assert_int_eq(s->tl[0].kind, TL_PROMISC);
	ck_assert_uint_eq(s->tl[0].at_ps, 50000000000ull);
	ck_assert_uint_eq(s->n_gp_ports, 4);
	ck_assert_uint_eq(s->gp_ports[3], 9102);
	ck_assert(!s->has_ipv6);
	ck_assert_str_eq(s->name, "hello world");
	ck_assert(s->expects[1].only);
	ck_assert_uint_eq(s->droplimits[1].max, 4);
	ck_assert_uint_eq(s->costs.v[C_RT_IRQ], 2400);
	ck_assert(!s->echo.enabled);
	scenario_free(s);
}
END_TEST

/* List items reached by their number, in the file: each field once,
 * several fields of one item, a new item after the last. */
START_TEST(test_items_by_number)
{
	struct scenario *s = load_ok(GOOD_DIR "/items-by-number.yaml", NULL, 0);
	ck_assert_uint_eq(s->n_rtp, 2);
	ck_assert_uint_eq(s->rtp[0].dport, 6000);
	ck_assert_uint_eq(s->rtp[0].sport, 5006);
	ck_assert_uint_eq(s->rtp[1].sport, 5010);
	ck_assert_uint_eq(s->rtp[1].dport, 5004);                 /* the default */
	ck_assert_uint_eq(s->n_tl, 1);
	ck_assert_int_eq(s->tl[0].kind, TL_PROMISC);
	ck_assert_uint_eq(s->tl[0].at_ps, 5000000000ull);
	ck_assert_uint_eq(s->tl[0].num, 1);
	scenario_free(s);
}
END_TEST

/* The largest values a key takes are kept as given, not cut to their
 * field's width. */
START_TEST(test_limits_kept)
{
	static const char *const pt[] = {"calls.generator.ptime=1000ms"};
	/* the last channel at 0s + 2 x 43200s: 86400s, the most */
	static const char *const stag[] = {"traffic.rtp.0={channels: 3, stagger: 43200s}"};
	/* a quoted or flow value followed by blanks and a comment is whole */
	static const char *const whole[] = {"nic.rx_ring= \"300\"  # ring", "gp.udp_ports=[5060, 7000] ",
	                                    "nic.tx_ring=   \"400\"", "proxy.data_out='48'"};
	struct scenario *s = load_ok(NULL, whole, 4);
	ck_assert_uint_eq(s->costs.v[C_NIC_RX_RING], 300);
	/* every blank before the value goes; a single quote starts YAML too */
	ck_assert_uint_eq(s->costs.v[C_NIC_TX_RING], 400);
	ck_assert_uint_eq(s->costs.v[C_PROXY_DATA_OUT], 48);
	ck_assert_uint_eq(s->n_gp_ports, 2);
	ck_assert_uint_eq(s->gp_ports[0], 5060);
	ck_assert_uint_eq(s->gp_ports[1], 7000);
	scenario_free(s);
	/* a slice a cycle shorter than the frame: 999us and 1ms at 1MHz */
	static const char *const tdma[] = {"cpu.hz=1MHz", "dispatcher.policy=tdma",
	                                   "dispatcher.tdma_rt_slice=999us"};
	s = load_ok(NULL, tdma, 3);
	ck_assert_int_eq(s->disp, DISP_TDMA);
	ck_assert_uint_eq(s->costs.v[C_TDMA_RT_SLICE], 999000000ull);
	ck_assert_uint_eq(cost_cycles(&s->costs, C_TDMA_RT_SLICE), 999);
	ck_assert_uint_eq(cost_cycles(&s->costs, C_TDMA_FRAME), 1000);
	scenario_free(s);
	s = load_ok(NULL, pt, 1);
	ck_assert_uint_eq(s->gen.ptime_ms, 1000);
	scenario_free(s);
	/* rates in millionths: 1000000 the most, 0.000001 the least */
	static const char *const rmax[] = {"calls.generator.rate=1000000"};
	static const char *const rmin[] = {"calls.generator.rate= 0.000001 "};
	s = load_ok(NULL, rmax, 1);
	ck_assert(s->gen.rate_per_s == 1000000.0);
	scenario_free(s);
	s = load_ok(NULL, rmin, 1);
	ck_assert(s->gen.rate_per_s == 1e-6);
	scenario_free(s);
	/* traffic.echo: 0 is the boolean off (no port is 0); 5004 a port */
	static const char *const e0[] = {"traffic.echo=on", "traffic.echo=0"};
	static const char *const e1[] = {"traffic.echo=5004"};
	s = load_ok(NULL, e0, 2);
	ck_assert(!s->echo.enabled);
	ck_assert_uint_eq(s->echo.port, 0);
	scenario_free(s);
	s = load_ok(NULL, e1, 1);
	ck_assert(s->echo.enabled);
	ck_assert_uint_eq(s->echo.port, 5004);
	scenario_free(s);
	s = load_ok(NULL, stag, 1);
	ck_assert_uint_eq(s->n_rtp, 1);
	ck_assert_uint_eq(s->rtp[0].channels, 3);
	ck_assert_uint_eq(s->rtp[0].stagger_ps, 43200000000000000ull);
	scenario_free(s);
}
END_TEST

/* Each range of doc/scenario.md's tables holds at its ends: a value at a
 * limit loads and is kept (test_set_bad has the values one past it). And
 * values the reference allows that no other test gives: YAML's null
 * words, names in any case, a TCP source port that is RT's, traffic.echo
 * back to every port, verify.drops.only as one reason. */
START_TEST(test_limits_each)
{
	static const struct {
		const char *ov[3];
	} oks[] = {
		{{"traffic.rtp.0={ptime: 1us}"}},                       /* 1us to 1s */
		{{"traffic.rtp.0={ptime: 1s}"}},
		/* the IP packet: 65495 bytes + 12 RTP + 8 UDP + 20 IPv4 = 65535 = nic.mtu */
		{{"nic.mtu=65535", "traffic.rtp.0={payload: 65495}"}},
		{{"traffic.rtp.0={payload: 1460}"}},                   /* 1460 + 40 = 1500 */
		{{"traffic.rtp.0={payload: 1440, dst_ip: \"fd00::2\"}"}},    /* 1440 + 60 = 1500 */
		{{"traffic.bulk.0={frame_size: 1514}"}},               /* nic.mtu + 14 */
		/* 10000 channels from 10000: sport and dport + 2 x 9999 = 29998 */
		{{"rt.udp_ports=10000-29999", "traffic.rtp.0={sport: 10000, dport: 10000, channels: 10000}"}},
		/* the last channel's dport, 63535 + 2 x 1000 = 65535 */
		{{"traffic.rtp.0={dport: 63535, channels: 1001}", "rt.udp_ports=5004-7004"}},
		{{"traffic.bulk.0={rate: 1bit/s}"}},                     /* 1bit/s to 400Gbit/s */
		{{"traffic.bulk.0={rate: 400Gbit/s}"}},
		/* 14 + 20 + 8 = 42 (UDP over IPv4), 14 + 20 + 20 = 54 (TCP), 14 + 40 + 8 = 62 */
		{{"traffic.bulk.0={frame_size: 42}"}},
		{{"traffic.bulk.0={frame_size: 54, proto: tcp}"}},
		{{"traffic.bulk.0={frame_size: 62, dst_ip: \"fd00::2\"}"}},
		{{"nic.mtu=65535", "traffic.bulk.0={frame_size: 65549}"}},   /* mtu + 14 */
		{{"timeline.0={at: 0s, mtu: 68}"}},                    /* 68 to 65535 */
		{{"timeline.0={at: 0s, mtu: 65535}"}},
		{{"calls.generator.hold=1ms"}},                        /* 1ms to 86400s */
		{{"calls.generator.pcma=1000000", "calls.generator.g729=1000000",
		  "calls.generator.pcmu=1000000"}},
		{{"calls.generator.outgoing=100"}},
		{{"calls.generator.port_base=1024"}},
		/* 1024 + 2 x 32256 = 65536: the last RTCP port 65535 */
		{{"calls.generator.port_base=1024", "calls.generator.ports=32256", "calls.generator.mode=fixed"}},
		{{"calls.generator.ports=1"}},
		/* G.711 at 187 ms: 8 x 187 = 1496 bytes + 40 = 1536, within 1540
		 * when nic.mtu is larger; G.729 at 960 ms: 960 + 40 = nic.mtu 1000 */
		{{"calls.generator.mode=fixed", "calls.generator.ptime=187ms", "nic.mtu=9000"}},
		{{"calls.generator={mode: fixed, pcmu: 0, g729: 1, ptime: 960ms}", "nic.mtu=1000"}},
		{{"verify.calls.mos_min=1"}},                          /* 1 to 4.5 */
		{{"verify.calls.mos_min=4.5"}},
		{{"traffic.rtp.0={start: 999ms}", "run.duration=1s"}},  /* before the end */
		{{"traffic.bulk.0={start: 999ms}", "run.duration=1s"}},
		{{"timeline.0={at: 999ms, up: false}", "run.duration=1s"}},
		/* YAML's null words: ~, null, Null, NULL (an empty list, no file) */
		{{"traffic.rtp=Null", "timeline=NULL", "trace.file=null"}},
		{{"verify.routing=~"}},
		/* only a UDP source port is refused on an RT port, not TCP's */
		{{"traffic.bulk.0={proto: tcp, sport: 5004}"}},
		/* a name of a closed set in any case, as the booleans */
		{{"dispatcher.policy=TDMA", "tx.policy=Gp-Rate"}},
		/* a limit of 0 on a reason `only` leaves out says the same: allowed */
		{{"verify.drops.only=[rx-ring-full]", "verify.drops.max.proxy-full=0"}},
	};
	for (size_t i = 0; i < sizeof oks / sizeof oks[0]; i++) {
		size_t n = 0;
		struct scenario *s;
		while (n < 3 && oks[i].ov[n])
			n++;
		s = load_ok(NULL, oks[i].ov, n);
		scenario_free(s);
	}
	/* and the values are the ones given */
	static const char *const a[] = {"traffic.rtp.0={ptime: 1us}", "timeline.0={at: 0s, mtu: 68}",
	                                "calls.generator={hold: 1ms, pcma: 1000000, outgoing: 100}"};
	struct scenario *s = load_ok(NULL, a, 3);
	ck_assert_uint_eq(s->rtp[0].ptime_ps, 1000000ull);
	ck_assert_uint_eq(s->tl[0].num, 68);
	ck_assert_uint_eq(s->gen.hold_ps, 1000000000ull);
	ck_assert_uint_eq(s->gen.weight[CG_PCMA], 1000000);
	ck_assert_uint_eq(s->gen.out_pct, 100);
	scenario_free(s);
	static const char *const b[] = {"calls.generator={port_base: 1024, ports: 32256}",
	                                "verify.calls.mos_min=4.5"};
	s = load_ok(NULL, b, 2);
	ck_assert_uint_eq(s->gen.port_base, 1024);
	ck_assert_uint_eq(s->gen.ports, 32256);
	ck_assert(s->vcalls[VC_MOS_MIN].set);
	ck_assert_uint_eq(s->vcalls[VC_MOS_MIN].v, 450);
	scenario_free(s);
	/* traffic.echo on after a port: every RT port again; drops.only as
	 * one reason, not a list */
	static const char *const eo[] = {"traffic.echo=5004", "traffic.echo=on",
	                                 "verify.drops.only=proxy-full"};
	s = load_ok(NULL, eo, 3);
	ck_assert(s->echo.enabled);
	ck_assert_uint_eq(s->echo.port, 0);
	ck_assert(s->drops_only_set);
	ck_assert_uint_eq(s->drops_only_mask, 1u << R_PROXY_FULL);
	scenario_free(s);
	/* 64 shifts, the most */
	static const char *const sh[] = {"calls.generator.shift=[0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, "
		"0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, "
		"0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, "
		"0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 3ms]"};
	s = load_ok(NULL, sh, 1);
	ck_assert_uint_eq(s->gen.n_shift, 64);
	ck_assert_uint_eq(s->gen.shift_ps[63], 3000000000ull);
	scenario_free(s);
}
END_TEST

/* What is read as a scenario: a gzip file (1f 8b, then any method byte)
 * is refused as not one; a file is read whole up to 16 MiB, so 64 KiB of
 * comments load. */
START_TEST(test_file_read)
{
	struct scenario *s;
	char gz[] = "/tmp/nicshare-gzXXXXXX", want[512], *err;
	int gfd = mkstemp(gz);
	FILE *g;
	ck_assert_int_ge(gfd, 0);
	g = fdopen(gfd, "w");
	fwrite("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 1, 10, g);
	fclose(g);
	s = load(gz, NULL, 0, &err);
	unlink(gz);
	ck_assert_ptr_null(s);
	snprintf(want, sizeof want, "%s:1:1: this is a gzip file, not a scenario: give a capture "
	         "with --trace %s (e.g. nicshare run --trace %s --out DIR), or as trace.file in a "
	         "scenario\n", gz, gz, gz);
	ck_assert_str_eq(err, want);
	free(err);

	char tmp[] = "/tmp/nicshare-bigXXXXXX";
	int fd = mkstemp(tmp);
	FILE *f;
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	for (int i = 0; i < 1024; i++)
		fprintf(f, "# %061d\n", i);                         /* 64 bytes a line */
	fputs("nic.mtu: 9000\n", f);
	fclose(f);
	s = load(tmp, NULL, 0, &err);
	unlink(tmp);
	ck_assert_msg(s != NULL && err[0] == 0, "64 KiB of comments did not load:\n%s", err);
	free(err);
	ck_assert_uint_eq(s->costs.v[C_NIC_MTU], 9000);
	scenario_free(s);

	/* a file of exactly 16 MiB (16 x 2^20 bytes of comment lines, 64 bytes
	 * each: 262,144 lines) is refused, and says why (doc/scenario.md) */
	memcpy(tmp, "/tmp/nicshare-bigXXXXXX", sizeof tmp);
	fd = mkstemp(tmp);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	for (int i = 0; i < 262144; i++)
		fprintf(f, "# %061d\n", i);
	fclose(f);
	s = load(tmp, NULL, 0, &err);
	unlink(tmp);
	ck_assert_ptr_null(s);
	snprintf(want, sizeof want, "%s: cannot read: it holds 16 MiB or more, more than a scenario "
	         "or a profile may\n", tmp);
	ck_assert_str_eq(err, want);
	free(err);
}
END_TEST

/* A time given for a cycle key follows the final cpu.hz, wherever it was set. */
START_TEST(test_cycles_at_final_hz)
{
	static const char *const hz[] = {"cpu.hz=3GHz"};
	static const char *const both[] = {"profile=p4-2003", "cpu.hz=1GHz"};
	struct scenario *s = load_ok(GOOD_DIR "/every-section.yaml", hz, 1);
	ck_assert_uint_eq(s->costs.v[C_WORLD_SWITCH], 4200);      /* profile: 1.4us */
	ck_assert_uint_eq(s->costs.v[C_GP_STACK_RX], 9000);       /* file: 3us */
	ck_assert_uint_eq(s->costs.v[C_RT_IRQ], 2000);            /* cycles stay */
	ck_assert_uint_eq(s->costs.v[C_PROXY_PER_BYTE], 1600);    /* cycles/B stay */
	scenario_free(s);
	s = load_ok(NULL, both, 2);
	ck_assert_uint_eq(s->costs.v[C_WORLD_SWITCH], 1400);
	ck_assert_uint_eq(s->costs.v[C_RT_IRQ], 1000);            /* 1us */
	scenario_free(s);
	s = load_ok(GOOD_DIR "/dotted.yaml", NULL, 0);
	ck_assert_uint_eq(s->costs.v[C_CPU_HZ], 2000000000ull);
	ck_assert_uint_eq(s->costs.v[C_WORLD_SWITCH], 2000);      /* 1us at 2 GHz */
	ck_assert_uint_eq(s->costs.v[C_PROXY_PER_BYTE], 200);     /* 0.1ns/B at 2 GHz */
	ck_assert_uint_eq(s->costs.v[C_NIC_RX_ABS_DELAY], 131072000ull);
	ck_assert_uint_eq(s->costs.v[C_TXS_GP_BURST], 3072);
	ck_assert_uint_eq(s->n_rt_ports, 11);
	ck_assert(s->echo.enabled && s->echo.port == 0);
	scenario_free(s);
}
END_TEST

/* --set on the profile: the override's profile replaces the file's. */
START_TEST(test_set_profile)
{
	static const char *const cur[] = {"profile=current"};
	static const char *const none[] = {"profile=none"};
	struct scenario *s = load_ok(GOOD_DIR "/every-section.yaml", cur, 1);
	ck_assert_str_eq(s->profile, "current");
	ck_assert_uint_eq(s->costs.v[C_CPU_HZ], 3000000000ull);
	ck_assert_uint_eq(s->costs.v[C_GP_STACK_RX], 9000);       /* 3us at 3 GHz */
	scenario_free(s);
	/* the last --set profile= is the one applied: current's 3 GHz, not
	 * p4-2003's 2.4 GHz */
	static const char *const two[] = {"profile=p4-2003", "profile=current"};
	s = load_ok(NULL, two, 2);
	ck_assert_str_eq(s->profile, "current");
	ck_assert_uint_eq(s->costs.v[C_CPU_HZ], 3000000000ull);
	scenario_free(s);
	s = load_ok(GOOD_DIR "/every-section.yaml", none, 1);
	ck_assert_ptr_null(s->profile);
	ck_assert_uint_eq(s->costs.v[C_CPU_HZ], 3000000000ull);  /* the default */
	ck_assert_uint_eq(s->costs.v[C_LINK_BPS], 1000000000ull);
	scenario_free(s);
}
END_TEST

struct setbad {
	const char *file;          /* NULL: no scenario file */
	const char *ov[3];
	const char *want;
};

static const struct setbad setbads[] = {
	{NULL, {"nic.link_rat=1Gbit/s"},
	 "--set nic.link_rat=1Gbit/s: nic.link_rat: unknown key (did you mean nic.link_rate?)\n"},
	{NULL, {"nic.link_rate=fast"},
	 "--set nic.link_rate=fast: nic.link_rate: \"fast\": expected a rate such as 1Gbit/s or 100Mbit/s\n"},
	{NULL, {"nic.link_rate=1GB/s"},
	 "--set nic.link_rate=1GB/s: nic.link_rate: \"1GB/s\" is in bytes per second, rates are in bits "
	 "per second: did you mean 1Gbit/s? (1GB/s is 8Gbit/s)\n"},
	{NULL, {"nic.rx_ring=0"}, "--set nic.rx_ring=0: nic.rx_ring: \"0\" is out of range (min 1)\n"},
	{NULL, {"rx_ring"}, "--set rx_ring: rx_ring: expected KEY=VALUE, e.g. --set nic.link_rate=100Mbit/s\n"},
	{NULL, {"=5"}, "--set =5: (key): expected KEY=VALUE, e.g. --set nic.link_rate=100Mbit/s\n"},
	{NULL, {"nic=1"},
	 "--set nic=1: nic: a section: expected a map of keys such as link_rate: ..., got a single value\n"},
	{NULL, {"traffic.rtp.1.dport=5006"},
	 "--set traffic.rtp.1.dport=5006: traffic.rtp.1.dport: no item 1: traffic.rtp has 0 items "
	 "(a new one is traffic.rtp.0)\n"},
	{NULL, {"traffic.rtp.x=1"},
	 "--set traffic.rtp.x=1: traffic.rtp.x: traffic.rtp is a list: expected traffic.rtp.N with N an "
	 "item number from 0\n"},
	{NULL, {"timeline.0.mtu=9000"},
	 "--set timeline.0.mtu=9000: timeline.0: no time: each entry needs at: TIME\n"},
	{NULL, {"gp.udp_ports=5050"},
	 "--set gp.udp_ports=5050: gp.udp_ports: port 5050 is in both rt.udp_ports and gp.udp_ports "
	 "(a UDP port belongs to RT or to GP, never both)\n"},
	{NULL, {"gp.udp_ports=[5050", "nic.mtu=9000B"},
	 "--set gp.udp_ports=[5050: gp.udp_ports: bad value: did not find expected ',' or ']' "
	 "(while parsing a flow sequence)\n"},
	{NULL, {"verify.drops.max.bogus=1"},
	 "--set verify.drops.max.bogus=1: verify.drops.max.bogus: unknown drop reason \"bogus\"; expected "
	 "truncated, nic-filter, oversize, nic-down, rx-ring-full, proxy-full, gp-socket-full, "
	 "rt-socket-full, tx-queue-full or unfinished\n"},
	{NULL, {"profile=nosuch"},
	 "--set profile=nosuch: profile: no profile \"nosuch\" (available: current, p4-2003)\n"},
	{NULL, {"trace.file=/nonexistent/x.pcap"},
	 "--set trace.file=/nonexistent/x.pcap: trace.file: cannot open \"/nonexistent/x.pcap\": "
	 "No such file or directory\n"},
	{NULL, {"dispatcher.tdma_rt_slice=1ms"},
	 "--set dispatcher.tdma_rt_slice=1ms: dispatcher.tdma_rt_slice: the RT slice (1ms) must be "
	 "shorter than the TDMA frame (1ms)\n"},
	/* the file's values, checked against an override */
	{GOOD_DIR "/every-section.yaml", {"rt.udp_ports=5004-5009"},
	 GOOD_DIR "/every-section.yaml:50:17: traffic.rtp.0.channels: channel 3 would send from port "
	 "5010, not an RT port (channels use sport+2k; rt.udp_ports: 5004-5009)\n"
	 GOOD_DIR "/every-section.yaml:57:14: traffic.rtp.1.sport: 7000 is not an RT port "
	 "(rt.udp_ports: 5004-5009)\n"
	 GOOD_DIR "/every-section.yaml:71:9: traffic.echo: 7000 is not an RT port "
	 "(rt.udp_ports: 5004-5009)\n"},
	/* a YAML value is the whole text: nothing after it is dropped */
	{NULL, {"gp.udp_ports=[5060], 7000"},
	 "--set gp.udp_ports=[5060], 7000: gp.udp_ports: bad value: more text after the value, at "
	 "its character 7 (a value starting with [, { or a quote is one YAML value)\n"},
	{NULL, {"nic.rx_ring=\"5\" extra"},
	 "--set nic.rx_ring=\"5\" extra: nic.rx_ring: bad value: more text after the value, at its "
	 "character 5 (a value starting with [, { or a quote is one YAML value)\n"},
	{NULL, {"nic.rx_ring=\"5\"\n---\n7"},
	 "--set nic.rx_ring=\"5\"\\n---\\n7: nic.rx_ring: bad value: more text after the value, at "
	 "its character 5 (a value starting with [, { or a quote is one YAML value)\n"},
	/* the last RTP channel starts at 86400s + 1ps: past the day */
	{NULL, {"traffic.rtp.0={start: 1ps, channels: 3, stagger: 43200s}"},
	 "--set traffic.rtp.0={start: 1ps, channels: 3, stagger: 43200s}: traffic.rtp.0.stagger: "
	 "channel 2 would start at 1ps + 2 x 43200s, after 86400s (start + (channels - 1) x stagger "
	 "is at most 86400s)\n"},
	/* calls.generator.rate: digits and at most 6 decimals, as other numbers */
	{NULL, {"calls.generator.rate=0x10"},
	 "--set calls.generator.rate=0x10: calls.generator.rate: \"0x10\": expected a number of calls "
	 "per second above 0, at most 1000000, with at most 6 decimals, such as 2.5\n"},
	{NULL, {"calls.generator.rate=1e-300"},
	 "--set calls.generator.rate=1e-300: calls.generator.rate: \"1e-300\": expected a number of "
	 "calls per second above 0, at most 1000000, with at most 6 decimals, such as 2.5\n"},
	{NULL, {"calls.generator.rate=0.0000001"},
	 "--set calls.generator.rate=0.0000001: calls.generator.rate: \"0.0000001\": expected a number "
	 "of calls per second above 0, at most 1000000, with at most 6 decimals, such as 2.5\n"},
	/* a section given no value would set nothing */
	{NULL, {"nic="},
	 "--set nic=: nic: no value: nic is a section, not a key to unset; set one of its keys, such "
	 "as --set nic.link_rate=VALUE\n"},
	{NULL, {"traffic="},
	 "--set traffic=: traffic: no value: traffic is a section, not a key to unset; set one of its "
	 "keys, such as --set traffic.rtp=VALUE\n"},
	{NULL, {"traffic.rtp.99999999999999999999=1"},
	 "--set traffic.rtp.99999999999999999999=1: traffic.rtp.99999999999999999999: item number "
	 "99999999999999999999 is too large: traffic.rtp has 0 items (a new one is traffic.rtp.0)\n"},
	/* 2ps and 1ps are both 1 cycle at 3GHz: the dispatcher's check, at load */
	{NULL, {"dispatcher={policy: tdma, tdma_frame: 2ps, tdma_rt_slice: 1ps}"},
	 "--set dispatcher={policy: tdma, tdma_frame: 2ps, tdma_rt_slice: 1ps}: "
	 "dispatcher.tdma_rt_slice: the RT slice (1ps) and the TDMA frame (2ps) are both 1 cycle at "
	 "cpu.hz 3GHz: the slice must be at least a cycle shorter (GP would never run)\n"},
	/* a generated call's RTP frame must pass the NIC: G.711 is 8 bytes a
	 * ms, 183 ms 1464 bytes + 40 of headers = 1504 > 1500, floor(1460 / 8)
	 * = 182 ms; G.729 1 byte a ms, 961 + 40 > nic.mtu 1000, at most 960 */
	{NULL, {"calls.generator.mode=fixed", "calls.generator.ptime=183ms"},
	 "--set calls.generator.ptime=183ms: calls.generator.ptime: PCMU at 183 ms is 1464 bytes of "
	 "RTP payload: with its 40 bytes of IPv4, UDP and RTP headers more than nic.mtu 1500 (at "
	 "most 182 ms)\n"},
	{NULL, {"calls.generator={mode: fixed, pcmu: 0, g729: 1, ptime: 961ms}", "nic.mtu=1000"},
	 "--set calls.generator={mode: fixed, pcmu: 0, g729: 1, ptime: 961ms}: calls.generator.ptime: "
	 "G729 at 961 ms is 961 bytes of RTP payload: with its 40 bytes of IPv4, UDP and RTP headers "
	 "more than nic.mtu 1000 (at most 960 ms)\n"},
	/* calls.generator.ptime: at most 1000 ms (it is kept in 16 bits) */
	{NULL, {"calls.generator.ptime=1001ms"},
	 "--set calls.generator.ptime=1001ms: calls.generator.ptime: \"1001ms\" is out of range "
	 "(max 1s)\n"},
	{GOOD_DIR "/every-section.yaml", {"traffic.rtp.0.channels=0", "timeline.3.ipv4=10.0.0.x"},
	 "--set traffic.rtp.0.channels=0: traffic.rtp.0.channels: \"0\" is out of range (min 1)\n"
	 "--set timeline.3.ipv4=10.0.0.x: timeline.3.ipv4: \"10.0.0.x\" is not an IPv4 address such as "
	 "10.0.0.1\n"},
	/* one past each limit of doc/scenario.md (test_limits_each has the
	 * limits themselves); the payload's own limit is UDP's, 65535 - 8 - 20 */
	{NULL, {"traffic.rtp.0={ptime: 999999ps}"},
	 "--set traffic.rtp.0={ptime: 999999ps}: traffic.rtp.0.ptime: \"999999ps\" is out of range "
	 "(min 1us)\n"},
	{NULL, {"traffic.rtp.0={ptime: 1000000000001ps}"},
	 "--set traffic.rtp.0={ptime: 1000000000001ps}: traffic.rtp.0.ptime: \"1000000000001ps\" is out "
	 "of range (max 1s)\n"},
	{NULL, {"traffic.rtp.0={payload: 65508}"},
	 "--set traffic.rtp.0={payload: 65508}: traffic.rtp.0.payload: \"65508\" is out of range "
	 "(max 65507)\n"},
	/* 1441 + 12 RTP + 8 UDP + 40 IPv6 = 1501 */
	{NULL, {"traffic.rtp.0={dst_ip: \"fd00::2\", payload: 1441}"},
	 "--set traffic.rtp.0={dst_ip: \"fd00::2\", payload: 1441}: traffic.rtp.0.payload: 1441 bytes + "
	 "60 of headers is more than nic.mtu 1500\n"},
	{NULL, {"traffic.rtp.0={channels: 10001}"},
	 "--set traffic.rtp.0={channels: 10001}: traffic.rtp.0.channels: \"10001\" is out of range "
	 "(max 10000)\n"},
	/* 63535 + 2 x 1000 = 65535 is the last; 63537 + 2000 = 65537 */
	{NULL, {"traffic.rtp.0={dport: 63537, channels: 1001}", "rt.udp_ports=5004-7004"},
	 "--set traffic.rtp.0={dport: 63537, channels: 1001}: traffic.rtp.0.channels: 1001 channels from "
	 "dport 63537 go past port 65535\n"},
	{NULL, {"traffic.bulk.0={rate: 0bit/s}"},
	 "--set traffic.bulk.0={rate: 0bit/s}: traffic.bulk.0.rate: \"0bit/s\" is out of range (min "
	 "1bit/s)\n"},
	{NULL, {"traffic.bulk.0={rate: 400000000001bit/s}"},
	 "--set traffic.bulk.0={rate: 400000000001bit/s}: traffic.bulk.0.rate: \"400000000001bit/s\" is "
	 "out of range (max 400Gbit/s)\n"},
	{NULL, {"traffic.bulk.0={frame_size: 41}"},
	 "--set traffic.bulk.0={frame_size: 41}: traffic.bulk.0.frame_size: \"41\" is out of range "
	 "(min 42)\n"},
	{NULL, {"nic.mtu=65535", "traffic.bulk.0={frame_size: 65550}"},
	 "--set traffic.bulk.0={frame_size: 65550}: traffic.bulk.0.frame_size: \"65550\" is out of "
	 "range (max 65549)\n"},
	/* 14 + 20 + 20 = 54 for TCP, 14 + 40 + 8 = 62 for UDP over IPv6 */
	{NULL, {"traffic.bulk.0={frame_size: 53, proto: tcp}"},
	 "--set traffic.bulk.0={frame_size: 53, proto: tcp}: traffic.bulk.0.frame_size: 53 bytes cannot "
	 "hold the Ethernet, IP and TCP headers (min 54)\n"},
	{NULL, {"traffic.bulk.0={frame_size: 61, dst_ip: \"fd00::2\"}"},
	 "--set traffic.bulk.0={frame_size: 61, dst_ip: \"fd00::2\"}: traffic.bulk.0.frame_size: 61 "
	 "bytes cannot hold the Ethernet, IP and UDP headers (min 62)\n"},
	{NULL, {"traffic.bulk.0={frame_size: 1515}"},
	 "--set traffic.bulk.0={frame_size: 1515}: traffic.bulk.0.frame_size: 1515 bytes is more than "
	 "nic.mtu + 14 (1514)\n"},
	{NULL, {"timeline.0={at: 0s, mtu: 67}"},
	 "--set timeline.0={at: 0s, mtu: 67}: timeline.0.mtu: \"67\" is out of range (min 68)\n"},
	{NULL, {"timeline.0={at: 0s, mtu: 65536}"},
	 "--set timeline.0={at: 0s, mtu: 65536}: timeline.0.mtu: \"65536\" is out of range "
	 "(max 65535)\n"},
	{NULL, {"calls.generator.hold=999999999ps"},
	 "--set calls.generator.hold=999999999ps: calls.generator.hold: \"999999999ps\" is out of range "
	 "(min 1ms)\n"},
	{NULL, {"calls.generator.g729=1000001"},
	 "--set calls.generator.g729=1000001: calls.generator.g729: \"1000001\" is out of range "
	 "(max 1000000)\n"},
	{NULL, {"calls.generator.outgoing=101"},
	 "--set calls.generator.outgoing=101: calls.generator.outgoing: \"101\" is out of range "
	 "(max 100)\n"},
	{NULL, {"calls.generator.ptime=1500us"},
	 "--set calls.generator.ptime=1500us: calls.generator.ptime: a packetisation time is a whole "
	 "number of milliseconds\n"},
	{NULL, {"calls.generator.port_base=1022"},
	 "--set calls.generator.port_base=1022: calls.generator.port_base: 1022: the first RTP port must "
	 "be even (RTP even, RTCP the odd port after it) and at least 1024\n"},
	{NULL, {"calls.generator.ports=0"},
	 "--set calls.generator.ports=0: calls.generator.ports: \"0\" is out of range (min 1)\n"},
	{NULL, {"calls.generator.ports=32257"},
	 "--set calls.generator.ports=32257: calls.generator.ports: \"32257\" is out of range "
	 "(max 32256)\n"},
	/* 1026 + 2 x 32256 = 65538: (65536 - 1026) / 2 = 32255 pairs at most */
	{NULL, {"calls.generator={mode: fixed, port_base: 1026, ports: 32256}"},
	 "--set calls.generator={mode: fixed, port_base: 1026, ports: 32256}: calls.generator.ports: "
	 "32256 port pairs from calls.generator.port_base 1026 pass port 65535 (at most 32255 pairs "
	 "from it)\n"},
	/* G.711 at 188 ms: 8 x 188 = 1504 + 40 = 1544 > 1540; (1540 - 40) x 20 / 160 = 187.5 */
	{NULL, {"calls.generator.mode=fixed", "calls.generator.ptime=188ms", "nic.mtu=9000"},
	 "--set calls.generator.ptime=188ms: calls.generator.ptime: PCMU at 188 ms is 1504 bytes of RTP "
	 "payload: with its 40 bytes of IPv4, UDP and RTP headers more than the 1540 a generated "
	 "call's packet holds (at most 187 ms)\n"},
	{NULL, {"verify.calls.mos_min=4.51"},
	 "--set verify.calls.mos_min=4.51: verify.calls.mos_min: \"4.51\": expected a MOS from 1 to 4.5 "
	 "with at most two decimals (as calls.tsv prints it), e.g. 3.6\n"},
	{NULL, {"verify.calls.mos_min=0.99"},
	 "--set verify.calls.mos_min=0.99: verify.calls.mos_min: \"0.99\": expected a MOS from 1 to 4.5 "
	 "with at most two decimals (as calls.tsv prints it), e.g. 3.6\n"},
	{NULL, {"verify.calls.mos_min=3.605"},
	 "--set verify.calls.mos_min=3.605: verify.calls.mos_min: \"3.605\": expected a MOS from 1 to "
	 "4.5 with at most two decimals (as calls.tsv prints it), e.g. 3.6\n"},
	{NULL, {"calls.generator.rate=0"},
	 "--set calls.generator.rate=0: calls.generator.rate: \"0\": expected a number of calls per "
	 "second above 0, at most 1000000, with at most 6 decimals, such as 2.5\n"},
	/* did you mean: a name of 7 letters is near at 2 edits at most (gx-rytx
	 * is 3 from gp-rate), an abbreviation of 3 letters counts, a tie goes
	 * to the first key of the table (xx_ring is 1 from rx_ring and from
	 * tx_ring), and a last part of 4 letters 1 from a key's is found
	 * anywhere (mtuu: nic.mtu) */
	{NULL, {"tx.policy=gx-rytx"},
	 "--set tx.policy=gx-rytx: tx.policy: unknown policy \"gx-rytx\"; expected strict or gp-rate\n"},
	{NULL, {"calls.generator.hold_dist=exp"},
	 "--set calls.generator.hold_dist=exp: calls.generator.hold_dist: unknown distribution \"exp\" "
	 "(did you mean exponential?); expected fixed or exponential\n"},
	{NULL, {"nic.xx_ring=1"}, "--set nic.xx_ring=1: nic.xx_ring: unknown key (did you mean nic.rx_ring?)\n"},
	{NULL, {"mtuu=1"}, "--set mtuu=1: mtuu: unknown key (did you mean nic.mtu?)\n"},
	/* a difference of case only is nearest: Tx_ring is tx_ring, though 1
	 * edit from rx_ring, the first of the table */
	{NULL, {"nic.Tx_ring=1"}, "--set nic.Tx_ring=1: nic.Tx_ring: unknown key (did you mean nic.tx_ring?)\n"},
	{NULL, {"RX_RING=1"}, "--set RX_RING=1: RX_RING: unknown key (did you mean nic.rx_ring?)\n"},
	{NULL, {"verify.drops.max.proxy-ful=1"},
	 "--set verify.drops.max.proxy-ful=1: verify.drops.max.proxy-ful: unknown drop reason "
	 "\"proxy-ful\" (did you mean proxy-full?)\n"},
	/* a world's key misspelt: the world: section is no leaf of the key
	 * table, yet it is near (wrold is 2 edits from world) */
	{NULL, {"wrold.duration=5ms"},
	 "--set wrold.duration=5ms: wrold.duration: unknown key (did you mean world.duration?)\n"},
	{NULL, {"World=~"}, "--set World=~: World: unknown key (did you mean world?)\n"},
	/* generated calls: the billing host (default 10.0.0.3) at the
	 * computer's own address, said at the key set, naming the other */
	{NULL, {"calls.generator.mode=fixed", "host.ipv4=10.0.0.3"},
	 "--set host.ipv4=10.0.0.3: host.ipv4: 10.0.0.3 is calls.billing.ipv4, the address of the "
	 "billing host: the computer must have another\n"},
	/* a world's key set on a scenario without a world */
	{NULL, {"world.duration=1s"},
	 "--set world.duration=1s: world.duration: the scenario has no world: section to set "
	 "(doc/scenario.md, \"world\")\n"},
	/* ... but not on a file that could not be read: whether it has a
	 * world is unknown (review n45: said beside the syntax error) */
	{BAD_DIR "/yaml-syntax.yaml", {"world.duration=1s"},
	 BAD_DIR "/yaml-syntax.yaml:3:2: YAML syntax error: did not find expected key (while parsing "
	 "a block mapping at 1:1)\n"},
	{NULL, {"name="}, "--set name=: name: no value: expected a name\n"},
	/* generated calls whose SIP port is RT's, with calls.sip auto */
	{NULL, {"calls.generator.mode=fixed", "rt.udp_ports=5004-5099"},
	 "--set calls.generator.mode=fixed: calls.generator.mode: gp.sip_ports 5060 is in rt.udp_ports: "
	 "the far end's SIP would go to RT, not to GP's SIP engine\n"},
	/* duration 0 (to the end of the run) without run.duration */
	{NULL, {"traffic.rtp.0={duration: 0}"},
	 "--set traffic.rtp.0={duration: 0}: traffic.rtp.0.duration: 0 (until the end of the run) needs "
	 "run.duration, else the run never ends\n"},
	{NULL, {"traffic.bulk.0={duration: 0}"},
	 "--set traffic.bulk.0={duration: 0}: traffic.bulk.0.duration: 0 (until the end of the run) needs "
	 "run.duration, else the run never ends\n"},
	/* an item number followed by more than a field */
	{NULL, {"traffic.rtp.0x=1"},
	 "--set traffic.rtp.0x=1: traffic.rtp.0x: traffic.rtp is a list: expected traffic.rtp.N with N "
	 "an item number from 0\n"},
	/* channel 1, the first past sport, told at channels */
	{NULL, {"rt.udp_ports=5004", "traffic.rtp.0={sport: 5004, channels: 2}"},
	 "--set traffic.rtp.0={sport: 5004, channels: 2}: traffic.rtp.0.channels: channel 1 would send "
	 "from port 5006, not an RT port (channels use sport+2k; rt.udp_ports: 5004)\n"},
	/* calls.generator.shift: at most 64 items, one a call */
	{NULL, {"calls.generator.shift=[0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, "
	        "0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, "
	        "0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, "
	        "0s, 0s, 0s, 0s, 1s]"},
	 "--set calls.generator.shift=[0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, "
	 "0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, "
	 "0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, 0s, "
	 "0s, 0s, 1s]: calls.generator.shift: at most 64 items (calls)\n"},
	/* a start, an entry or an item at run.duration is not before its end */
	{NULL, {"traffic.rtp.0={start: 1s}", "run.duration=1s"},
	 "--set traffic.rtp.0={start: 1s}: traffic.rtp.0.start: 1s is not before the end of the run "
	 "(run.duration 1s)\n"},
	{NULL, {"traffic.bulk.0={start: 1s}", "run.duration=1s"},
	 "--set traffic.bulk.0={start: 1s}: traffic.bulk.0.start: 1s is not before the end of the run "
	 "(run.duration 1s)\n"},
	{NULL, {"timeline.0={at: 1s, up: false}", "run.duration=1s"},
	 "--set timeline.0={at: 1s, up: false}: timeline.0.at: 1s is not before the end of the run "
	 "(run.duration 1s)\n"},
	/* a profile name of 65 characters: longer than any (64 at most) */
	{NULL, {"profile=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
	 "--set profile=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: profile: "
	 "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" is not a profile name "
	 "(available: current, p4-2003)\n"},
};

START_TEST(test_set_bad)
{
	const struct setbad *b = &setbads[_i];
	size_t n = 0;
	char *err;
	struct scenario *s;
	while (n < 3 && b->ov[n])
		n++;
	/* a folder without profiles of its own: only the source tree's are listed */
	ck_assert_int_eq(chdir(GOOD_DIR), 0);
	s = load(b->file, b->ov, n, &err);
	ck_assert_msg(s == NULL, "%s accepted", b->ov[0]);
	ck_assert_msg(strcmp(err, b->want) == 0, "--- got\n%s--- want\n%s", err, b->want);
	free(err);
}
END_TEST

/* doc/scenario.md names every key, as `key`. */
START_TEST(test_doc_keys)
{
	char *doc = slurp(NS_SRCDIR "/doc/scenario.md"), *keys, *p;
	struct out o;
	size_t n = 0;
	out_open(&o);
	scenario_print_keys(o.f);
	keys = out_close(&o);
	for (p = strtok(keys, "\n"); p; p = strtok(NULL, "\n")) {
		char want[256];
		snprintf(want, sizeof want, "`%s`", p);
		ck_assert_msg(strstr(doc, want) != NULL, "doc/scenario.md does not name %s", want);
		n++;
	}
	ck_assert_uint_ge(n, COST__COUNT + 40);
	/* and each tunable's default, as the loader prints it */
	for (int i = 0; i < COST__COUNT; i++) {
		const struct cost_def *d = cost_def((enum cost_id)i);
		ck_assert_msg(strstr(doc, d->key) != NULL, "%s", d->key);
	}
	free(keys);
	free(doc);
}
END_TEST

/* The reference's table rows carry the defaults scenario_print gives. */
START_TEST(test_doc_defaults)
{
	char *doc = slurp(NS_SRCDIR "/doc/scenario.md");
	struct scenario *s = load_ok(NULL, NULL, 0);
	char *txt = print(s), *line;
	char section[64] = "", sub[64] = "";
	for (line = strtok(txt, "\n"); line; line = strtok(NULL, "\n")) {
		char key[128], val[128], row[300];
		if (line[0] != ' ' && line[0] != '#' && sscanf(line, "%63[^:]:", section) == 1) {
			sub[0] = 0;
			continue;
		}
		/* a subsection ("  generator:", its keys four spaces in) */
		if (line[0] == ' ' && line[1] == ' ' && line[2] != ' ' &&
		    sscanf(line, "  %63[a-z_0-9]: %127s", sub, val) == 1 && line[strlen(line) - 1] == ':')
			continue;
		bool nested = line[0] == ' ' && line[1] == ' ' && line[2] == ' ' && line[3] == ' ';
		if (!nested)
			sub[0] = 0;
		if (sscanf(line, "  %127[a-z_0-9]: %127s", key, val) != 2 || val[0] == '#')
			continue;
		if (strcmp(section, "traffic") == 0 || strcmp(section, "verify") == 0)
			continue;
		/* a row "| `section.key` | ... | default | ..." */
		if (nested && sub[0])
			snprintf(row, sizeof row, "| `%s.%s.%s` |", section, sub, key);
		else
			snprintf(row, sizeof row, "| `%s.%s` |", section, key);
		{
			const char *r = strstr(doc, row), *e;
			char cell[160];
			ck_assert_msg(r != NULL, "no row %s", row);
			e = strchr(r, '\n');
			/* quoted values (MACs) are written in the table without quotes */
			if (val[0] == '"' && strlen(val) > 2 && val[strlen(val) - 1] == '"')
				snprintf(cell, sizeof cell, "| %.*s |", (int)strlen(val) - 2, val + 1);
			else
				snprintf(cell, sizeof cell, "| %s |", val);
			ck_assert_msg(strstr(r, cell) != NULL && strstr(r, cell) < e,
			              "the row %s does not give the default %s", row, val);
		}
	}
	free(txt);
	free(doc);
	scenario_free(s);
}
END_TEST

/* An item given no field takes the defaults of the reference's tables of
 * traffic.rtp and traffic.bulk (the rows "| `traffic.rtp.N.FIELD` | type |
 * default |"); test_doc_defaults skips the lists. */
START_TEST(test_doc_item_defaults)
{
	static const char *const ov[] = {"traffic.rtp.0={}", "traffic.bulk.0={}"};
	char *doc = slurp(NS_SRCDIR "/doc/scenario.md"), *txt, *line;
	struct scenario *s = load_ok(NULL, ov, 2);
	struct out o;
	size_t n = 0;
	ck_assert_uint_eq(s->n_rtp, 1);
	ck_assert_uint_eq(s->n_bulk, 1);
	out_open(&o);
	scenario_print_flat(s, o.f);
	txt = out_close(&o);
	for (line = strtok(txt, "\n"); line; line = strtok(NULL, "\n")) {
		char list[16], field[32], val[64], row[128];
		const char *r, *e, *c;
		if (sscanf(line, "traffic.%15[a-z].0.%31[a-z_]\t%63s", list, field, val) != 3)
			continue;
		snprintf(row, sizeof row, "| `traffic.%s.N.%s` |", list, field);
		r = strstr(doc, row);
		ck_assert_msg(r != NULL, "doc/scenario.md has no row %s", row);
		e = strchr(r, '\n');
		/* the third cell: after the key's and the type's */
		c = strchr(r + strlen(row), '|');
		ck_assert_msg(c != NULL && c < e, "row %s has no default", row);
		ck_assert_msg(strncmp(c, "| ", 2) == 0 && strncmp(c + 2, val, strlen(val)) == 0 &&
		              strncmp(c + 2 + strlen(val), " |", 2) == 0,
		              "the row %s does not give the default %s: %.60s", row, val, c);
		n++;
	}
	/* 10 fields of an RTP item (codec is not listed flat), 9 of a bulk one */
	ck_assert_uint_eq(n, 19);
	free(txt);
	free(doc);
	scenario_free(s);
}
END_TEST

/* The annotated example of doc/scenario.md loads (its capture path is
 * relative to the doc's imagined folder, so it is given here). */
START_TEST(test_doc_example)
{
	char *doc = slurp(NS_SRCDIR "/doc/scenario.md"), *b, *e;
	static const char *const ov[] = {"trace.file=" NS_SRCDIR "/traces/public/arp-who-has.pcap"};
	char tmp[] = "/tmp/nicshare-exXXXXXX";
	int fd = mkstemp(tmp);
	FILE *f;
	struct scenario *s;
	b = strstr(doc, "```yaml\n");
	ck_assert_ptr_nonnull(b);
	b += 8;
	e = strstr(b, "```");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fwrite(b, 1, (size_t)(e - b), f);
	fclose(f);
	s = load_ok(tmp, ov, 1);
	unlink(tmp);
	ck_assert_str_eq(s->profile, "p4-2003");
	ck_assert_uint_eq(s->costs.v[C_RT_IRQ], 2400);           /* "2400cycles at 2.4GHz" */
	ck_assert_uint_eq(s->n_rtp, 1);
	ck_assert_uint_eq(s->n_tl, 2);
	scenario_free(s);
	free(doc);
}
END_TEST

static Suite *scenario_suite(void)
{
	Suite *s = suite_create("scenario");
	TCase *tc = tcase_create("bad");
	tcase_add_loop_test(tc, test_bad_file, 0, (int)n_expects);
	tcase_add_test(tc, test_bad_all_listed);
	tcase_add_test(tc, test_bad_format);
	tcase_add_loop_test(tc, test_set_bad, 0, sizeof setbads / sizeof setbads[0]);
	suite_add_tcase(s, tc);
	tc = tcase_create("good");
	tcase_add_test(tc, test_good_files);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_every_section_values);
	tcase_add_test(tc, test_set_reaches);
	tcase_add_test(tc, test_cycles_at_final_hz);
	tcase_add_test(tc, test_set_profile);
	tcase_add_test(tc, test_limits_kept);
	tcase_add_test(tc, test_limits_each);
	tcase_add_test(tc, test_file_read);
	tcase_add_test(tc, test_items_by_number);
	suite_add_tcase(s, tc);
	tc = tcase_create("print");
	tcase_add_test(tc, test_roundtrip_default);
	tcase_add_test(tc, test_roundtrip_profiles);
	tcase_add_test(tc, test_roundtrip_good);
	tcase_add_test(tc, test_roundtrip_overrides);
	tcase_add_test(tc, test_doc_keys);
	tcase_add_test(tc, test_doc_defaults);
	tcase_add_test(tc, test_doc_item_defaults);
	tcase_add_test(tc, test_doc_example);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	expected_read();
	int rc = check_run(scenario_suite());
	for (size_t i = 0; i < n_expects; i++) {
		free(expects[i].file);
		free(expects[i].text);
	}
	free(expects);
	return rc;
}
