/* check_worldcfg.c - the world: section (worldcfg.c): what a file and
 * --set overrides give, routes both ways, and the messages of bad worlds.
 * Expected values are read off the YAML written here. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/scenario.h"
#include "src/worldcfg.h"

#include "checkrun.h"

static char path[64];

static void write_file(const char *text)
{
	strcpy(path, "/tmp/nicshare-wcfg-XXXXXX.yaml");
	int fd = mkstemps(path, 5);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
}

/* Load the world of `text` with overrides; msgs gets what was printed. */
static struct wcfg *load(const char *text, const char *const *ov, size_t nov, char *msgs,
                         size_t n)
{
	write_file(text);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct scenario *self = scenario_load(path, ov, nov, m);
	struct wcfg *w = self ? wcfg_load(path, self, ov, nov, m) : NULL;
	fclose(m);
	snprintf(msgs, n, "%s", buf ? buf : "");
	free(buf);
	scenario_free(self);
	unlink(path);
	return w;
}

/* How many messages: lines of msgs */
static size_t lines_of(const char *msgs)
{
	size_t n = 0;
	for (const char *c = msgs; *c; c++)
		n += *c == '\n';
	return n;
}

static const char *const three =
	"world:\n"                                                     /* 1 */
	"  duration: 2s\n"                                             /* 2 */
	"  hosts:\n"                                                   /* 3 */
	"    gw: {scenario: self, set: [host.ipv4=10.0.0.5]}\n"        /* 4 */
	"    far: {ip: 10.0.1.2, mac: 02:00:00:00:01:02, app: rtp, to: gw, channels: 4}\n"
	"    bill: {ip: 10.0.2.3, app: billing}\n"                     /* 6 */
	"  links:\n"                                                   /* 7 */
	"    lan: {bandwidth: 1Gbit/s, latency: 50us}\n"               /* 8 */
	"    wan: {bandwidth: 100Mbit/s, latency: 20ms, loss: 1%}\n"   /* 9 */
	"    blan: {bandwidth: 10Mbit/s, latency: 100us}\n"            /* 10 */
	"  routes:\n"                                                  /* 11 */
	"    - {between: [gw, far], links: [lan, wan]}\n"              /* 12 */
	"    - {between: [bill, gw], links: [blan, lan]}\n";           /* 13 */

START_TEST(a_world_read)
{
	char msgs[4096];
	struct wcfg *w = load(three, NULL, 0, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	ck_assert_uint_eq(w->duration_ps, 2000000000000ull);
	ck_assert_uint_eq(w->nhosts, 3);
	ck_assert(w->hosts[0].computer);
	ck_assert_uint_eq(w->hosts[0].ipv4, 0x0a000005u);    /* from its set: */
	ck_assert(!w->hosts[1].computer);
	ck_assert_int_eq(w->hosts[1].app, WAPP_RTP);
	ck_assert_int_eq(w->hosts[1].to, 0);
	ck_assert_uint_eq(w->hosts[1].channels, 4);
	ck_assert_uint_eq(w->hosts[1].mac[5], 2);
	ck_assert_int_eq(w->hosts[2].app, WAPP_BILLING);
	ck_assert_uint_eq(w->nlinks, 3);
	ck_assert_uint_eq(w->links[1].bw_bps, 100000000u);
	ck_assert_uint_eq(w->links[1].lat_ps, 20000000000ull);
	ck_assert_uint_eq(w->links[1].loss_ppm, 10000);
	/* routes both ways, in order */
	int l[4];
	ck_assert_uint_eq(wcfg_route(w, 0, 1, l, 4), 2);
	ck_assert_int_eq(l[0], 0);
	ck_assert_int_eq(l[1], 1);
	ck_assert_uint_eq(wcfg_route(w, 1, 0, l, 4), 2);
	ck_assert_int_eq(l[0], 1);
	ck_assert_int_eq(l[1], 0);
	ck_assert_uint_eq(wcfg_route(w, 0, 2, l, 4), 2);    /* written bill -> gw */
	ck_assert_int_eq(l[0], 0);
	ck_assert_int_eq(l[1], 2);
	ck_assert_uint_eq(wcfg_route(w, 1, 2, l, 4), 0);    /* no route */
	ck_assert_int_eq(wcfg_host_by_ip(w, 0x0a000203u), 2);
	ck_assert_int_eq(wcfg_host_by_ip(w, 0x0a000001u), -1);
	wcfg_free(w);
}
END_TEST

START_TEST(overrides)
{
	const char *ov[] = {"world.links.wan.latency=5ms", "world.hosts.far.channels=9",
	                    "world.duration=1s", "world.links.x={bandwidth: 1Mbit/s, latency: 1s}",
	                    "world.routes=[{between: [far, bill], links: [x]}]"};
	char msgs[4096];
	struct wcfg *w = load(three, ov, 5, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	ck_assert_uint_eq(w->links[1].lat_ps, 5000000000ull);
	ck_assert_uint_eq(w->hosts[1].channels, 9);
	ck_assert_uint_eq(w->duration_ps, 1000000000000ull);
	ck_assert_uint_eq(w->nlinks, 4);
	int l[4];
	ck_assert_uint_eq(wcfg_route(w, 2, 1, l, 4), 1);
	ck_assert_int_eq(l[0], 3);
	/* world.duration reaches each computer's run.duration */
	ck_assert_uint_eq(w->hosts[0].sc->duration_ps, 1000000000000ull);
	wcfg_free(w);
}
END_TEST

static void refused(const char *text, const char *const *ov, size_t nov, const char *want)
{
	char msgs[4096];
	struct wcfg *w = load(text, ov, nov, msgs, sizeof msgs);
	ck_assert_msg(w == NULL, "accepted, expected %s", want);
	ck_assert_msg(strstr(msgs, want) != NULL, "expected \"%s\" in:\n%s", want, msgs);
}

/* world.network: simgrid unless told exact, in the file or by --set */
START_TEST(network_choice)
{
	char msgs[2048], t[2048];
	struct wcfg *w = load(three, NULL, 0, msgs, sizeof msgs);
	ck_assert_ptr_nonnull(w);
	ck_assert(!w->exact_links);
	wcfg_free(w);
	snprintf(t, sizeof t, "world:\n  network: exact\n%s", three + strlen("world:\n"));
	w = load(t, NULL, 0, msgs, sizeof msgs);
	ck_assert_ptr_nonnull(w);
	ck_assert(w->exact_links);
	wcfg_free(w);
	const char *ov[] = {"world.network=simgrid"};
	w = load(t, ov, 1, msgs, sizeof msgs);
	ck_assert_ptr_nonnull(w);
	ck_assert(!w->exact_links);
	wcfg_free(w);
}
END_TEST

START_TEST(bad_worlds)
{
	char t[2048];
	/* line 9, column 48 (the key): "    wan: {bandwidth: 100Mbit/s, latency: 20ms, los: 1%}" */
	snprintf(t, sizeof t, "%s", three);
	char *p = strstr(t, "loss:");
	memmove(p + 3, p + 4, strlen(p + 4) + 1);
	refused(t, NULL, 0, ":9:48: world.links.wan.los: unknown link key \"los\" (did you mean loss?)");
	/* a host's field likewise: line 6, column 26 (4 spaces, "bill: {ip:
	 * 10.0.2.3, " is 21 more), app misspelt "aapp" */
	snprintf(t, sizeof t, "%s", three);
	p = strstr(t, "app: billing");
	memmove(p + 1, p, strlen(p) + 1);
	refused(t, NULL, 0, ":6:26: world.hosts.bill.aapp: unknown host key \"aapp\" (did you mean app?)");
	/* a route to a host not there: line 13, column 18 */
	snprintf(t, sizeof t, "%s", three);
	p = strstr(t, "[bill, gw]");
	memcpy(p, "[bilt, gw]", 10);
	refused(t, NULL, 0, ":13:18: world.routes.1.between: unknown host \"bilt\" (did you mean bill?)");
	/* far sends to gw (its to: at line 5, column 63); without the route it cannot */
	snprintf(t, sizeof t, "%s", three);
	p = strstr(t, "    - {between: [gw, far]");
	*strchr(p, '\n') = 0;
	memmove(p, p + strlen(p) + 1, strlen(p + strlen(p) + 1) + 1);
	refused(t, NULL, 0, ":5:63: world.hosts: far sends to gw, but no route joins them");
	/* world.network: a value it does not take, at line 2, column 12 (the
	 * value: "  network: " is 11 characters); a misspelt key at column 3 */
	snprintf(t, sizeof t, "%s", three);
	p = strstr(t, "duration: 2s");
	memcpy(p, "network: ns", 11);
	p[11] = '3';
	refused(t, NULL, 0, ":2:12: world.network: 'ns3': expected simgrid (every frame a SimGrid "
	        "communication) or exact (the ports' own arithmetic only)");
	snprintf(t, sizeof t, "%s", three);
	p = strstr(t, "duration: 2s");
	memcpy(p, "netwrok: exa", 12);
	refused(t, NULL, 0, ":2:3: world.netwrok: unknown key \"netwrok\" (did you mean network?)");
	const char *ov[] = {"world.links.lan.bandwidth=0"};
	refused(three, ov, 1, "--set world.links.lan.bandwidth=0: world.links.lan.bandwidth: zero "
	        "bandwidth");
	const char *ov2[] = {"world.links.lan.latency=-3us"};
	refused(three, ov2, 1, "world.links.lan.latency: negative duration \"-3us\"");
	const char *ov3[] = {"world.links.lan.loss=100%"};
	refused(three, ov3, 1, "world.links.lan.loss: a loss rate must be at least 0 and below 1");
	/* below 1, but 0.9999996 x 10^6 = 999999.6 rounded to 10^6 parts per
	 * million: every frame lost (it was taken, and printed as 1.000000).
	 * A link keeps whole parts per million: 999999.6 is not one, refused;
	 * the next one up would be 1, so only the one below is offered */
	const char *ov5[] = {"world.links.lan.loss=0.9999996"};
	refused(three, ov5, 1, "--set world.links.lan.loss=0.9999996: world.links.lan.loss: a loss "
	        "rate of \"0.9999996\" is not a whole number of parts per million (the unit a link "
	        "keeps); the nearest below 1 is 0.999999");
	const char *ov6[] = {"world.links.lan.loss=99.99996%"};   /* 999999.6 ppm too */
	refused(three, ov6, 1, "world.links.lan.loss: a loss rate of \"99.99996%\" is not a whole "
	        "number of parts per million (the unit a link keeps); the nearest below 1 is 99.9999%");
	const char *ov4[] = {"world.hosts.far.ip=10.0.0.5"};   /* gw's address */
	refused(three, ov4, 1, "gw and far have the same address 10.0.0.5");
	/* a computer's folder DIR/report would be the world report's */
	const char *ov7[] = {"world.hosts.report={ip: 10.0.0.9}"};
	refused(three, ov7, 1, "--set world.hosts.report={ip: 10.0.0.9}: world.hosts.report: the "
	        "name of the folder a report of the world is drawn in (DIR/report/): choose another "
	        "host name");
}
END_TEST

/* A YAML alias is a value of its own, at its use: a host given as *d,
 * which stands for a duration, is said to be no map at the *d (line 5,
 * column 8: "    b: " is 7 characters), not at the anchor's &d (line 2,
 * column 13), and once (review n56: libyaml's loader made the alias the
 * anchor's node, its messages at the anchor) */
START_TEST(alias_at_its_use)
{
	char msgs[4096];
	static const char *const t =
		"world:\n"                          /* 1 */
		"  duration: &d 10ms\n"             /* 2 */
		"  hosts:\n"                        /* 3 */
		"    a: {scenario: self}\n"         /* 4 */
		"    b: *d\n";                      /* 5 */
	struct wcfg *w = load(t, NULL, 0, msgs, sizeof msgs);
	ck_assert_ptr_null(w);
	ck_assert_msg(strstr(msgs, ":5:8: world.hosts.b: a host: expected a map such as {scenario: "
	                     "self} or {ip: ..., app: sink}\n") != NULL, "%s", msgs);
	ck_assert_uint_eq(lines_of(msgs), 1);
}
END_TEST

/* The run's own --set keys apply to the computers whose scenario is self,
 * not to one read from its own file (doc/scenario.md, world.hosts.NAME.set) */
START_TEST(run_set_self_only)
{
	char other[] = "/tmp/nicshare-wcfg-other-XXXXXX.yaml", text[512], msgs[4096];
	int fd = mkstemps(other, 5);
	ck_assert_int_ge(fd, 0);
	static const char sc[] = "host: {ipv4: 10.0.0.7}\n";
	ck_assert_int_eq(write(fd, sc, sizeof sc - 1), (int)sizeof sc - 1);
	close(fd);
	snprintf(text, sizeof text, "world:\n  hosts:\n    gw: {scenario: self}\n"
	         "    o: {scenario: %s}\n  links: {l: {bandwidth: 1Gbit/s, latency: 1ms}}\n"
	         "  routes: [{between: [gw, o], links: [l]}]\n", other);
	const char *ov[] = {"host.ipv4=10.0.0.5"};
	struct wcfg *w = load(text, ov, 1, msgs, sizeof msgs);
	unlink(other);
	ck_assert_msg(w != NULL, "%s", msgs);
	ck_assert_uint_eq(w->hosts[0].ipv4, 0x0a000005u);
	ck_assert_uint_eq(w->hosts[1].ipv4, 0x0a000007u);
	wcfg_free(w);
}
END_TEST

/* A file of 36 characters (/tmp/nicshare-wcfg-other-XXXXXX.yaml) holding
 * text, for a computer's scenario: */
static void other_file(char other[37], const char *text)
{
	strcpy(other, "/tmp/nicshare-wcfg-other-XXXXXX.yaml");
	int fd = mkstemps(other, 5);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
}

/* A computer's set: may not change the world: every world key in it is
 * refused at its item, for scenario: self (they were ignored, nonsense
 * too) as for a scenario file (told that it has no world: section) */
START_TEST(set_no_world)
{
	char other[37], text[512], msgs[4096], want[1024];
	other_file(other, "host: {ipv4: 10.0.0.7}\n");
	/* line 3: 4 spaces, "gw: {" (5), "scenario: self, " (16), "set: [" (6):
	 * the first item at column 32, the second 20 further; line 4: "    o: {"
	 * (8), "scenario: " (10), the path (36), ", set: [" (8): column 63,
	 * and 9 further */
	snprintf(text, sizeof text, "world:\n  hosts:\n"
	         "    gw: {scenario: self, set: [world.duration=5ms, world.nosuch=1]}\n"
	         "    o: {scenario: %s, set: [world=1, world.duration=banana]}\n"
	         "  links: {l: {bandwidth: 1Gbit/s, latency: 1ms}}\n"
	         "  routes: [{between: [gw, o], links: [l]}]\n", other);
	struct wcfg *w = load(text, NULL, 0, msgs, sizeof msgs);
	unlink(other);
	ck_assert_ptr_null(w);
	static const char *const items[][2] = {
		{"3:32", "gw.set: world.duration=5ms"}, {"3:52", "gw.set: world.nosuch=1"},
		{"4:63", "o.set: world=1"}, {"4:72", "o.set: world.duration=banana"}};
	for (size_t i = 0; i < 4; i++) {
		snprintf(want, sizeof want, "%s:%s: world.hosts.%s: a computer's set: may not change "
		         "the world; write it in the world: section\n", path, items[i][0], items[i][1]);
		ck_assert_msg(strstr(msgs, want), "expected %s in:\n%s", want, msgs);
	}
	ck_assert_msg(lines_of(msgs) == 4, "%s", msgs);
}
END_TEST

/* A bad item of a computer's set: list is said at its own place in the
 * world file, as world.hosts.NAME.set (it was said as a --set option,
 * under "the computer's scenario ... is invalid", at the host); that line
 * comes only when the computer's file is itself invalid */
START_TEST(set_items_at_their_place)
{
	char other[37], text[512], msgs[4096], want[1024];
	/* line 4: "    o: {" (8), "scenario: " (10), the path (36), ", set: ["
	 * (8): the first item at column 63, the second 15 further */
	static const char *const files[] = {"host: {ipv4: 10.0.0.7}\n",
	                                    "host: {ipv4: 10.0.0.7}\nnic: {rx_rnig: 3}\n"};
	for (size_t f = 0; f < 2; f++) {
		other_file(other, files[f]);
		snprintf(text, sizeof text, "world:\n  hosts:\n    gw: {scenario: self}\n"
		         "    o: {scenario: %s, set: [nic.rx_ring=0, nic.rx_rnig=4]}\n"
		         "  links: {l: {bandwidth: 1Gbit/s, latency: 1ms}}\n"
		         "  routes: [{between: [gw, o], links: [l]}]\n", other);
		struct wcfg *w = load(text, NULL, 0, msgs, sizeof msgs);
		ck_assert_ptr_null(w);
		snprintf(want, sizeof want, "%s:4:63: world.hosts.o.set: nic.rx_ring: \"0\" is out of "
		         "range (min 1)\n%s:4:78: world.hosts.o.set: nic.rx_rnig: unknown key (did you "
		         "mean nic.rx_ring?)\n", path, path);
		ck_assert_msg(strstr(msgs, want), "expected\n%sin:\n%s", want, msgs);
		/* the file's own problem: the host's line (4:5), then the file's */
		snprintf(want, sizeof want, "%s:4:5: world.hosts.o.scenario: the computer's scenario %s "
		         "is invalid:\n%s:2:7: nic.rx_rnig: unknown key (did you mean nic.rx_ring?)\n",
		         path, other, other);
		if (f == 0)
			ck_assert_msg(lines_of(msgs) == 2, "%s", msgs);
		else
			ck_assert_msg(strstr(msgs, want) && lines_of(msgs) == 4, "expected\n%sin:\n%s",
			              want, msgs);
		unlink(other);
	}
}
END_TEST

/* Stream k of an RTP host uses port + 2k and dport + 2k, the last within
 * 65535: far's 4 streams from dport 65529 end at 65535 (taken); from
 * port or dport 65530, at 65536: refused at channels: (line 5, column 77, its
 * 4) */
START_TEST(last_stream_port)
{
	const char *ok[] = {"world.hosts.far.dport=65529"};
	char msgs[4096];
	struct wcfg *w = load(three, ok, 1, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	ck_assert_uint_eq(w->hosts[1].dport, 65529);
	wcfg_free(w);
	const char *bad[] = {"world.hosts.far.port=65530", "world.hosts.far.dport=65530"};
	for (size_t i = 0; i < 2; i++)
		refused(three, &bad[i], 1, ":5:77: world.hosts.far.channels: the last of 4 streams would "
		        "use UDP port 65530 + 2 x 3 = 65536");
}
END_TEST

/* A plain host's defaults (doc/scenario.md's table): bill gives none of
 * them */
START_TEST(host_defaults)
{
	char msgs[4096];
	struct wcfg *w = load(three, NULL, 0, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	const struct wcfg_host *b = &w->hosts[2];
	ck_assert_uint_eq(b->port, 5004);
	ck_assert_uint_eq(b->dport, 5004);
	ck_assert_uint_eq(b->ptime_ps, 20000000000ull);
	ck_assert_uint_eq(b->payload, 160);
	ck_assert_uint_eq(b->channels, 1);
	ck_assert_uint_eq(b->stagger_ps, 0);
	ck_assert_uint_eq(b->start_ps, 0);
	ck_assert_uint_eq(b->rate_bps, 1000000);
	ck_assert_uint_eq(b->frame_size, 1000);
	ck_assert(!b->echo);
	ck_assert_uint_eq(w->links[0].queue, 0);
	ck_assert_uint_eq(w->links[0].loss_ppm, 0);
	wcfg_free(w);
}
END_TEST

/* Which way each route crosses each link: the links' ends are the
 * junctions the routes put them between, so each direction of a cable is
 * one FIFO however the routes are written (by hand below). */
static const char *const star =
	"world:\n"                                                     /* 1 */
	"  duration: 1s\n"                                             /* 2 */
	"  hosts:\n"                                                   /* 3 */
	"    a: {ip: 10.0.1.1}\n"                                      /* 4 */
	"    b: {ip: 10.0.1.2}\n"                                      /* 5 */
	"    c: {ip: 10.0.1.3}\n"                                      /* 6 */
	"  links:\n"                                                   /* 7 */
	"    la: {bandwidth: 10Mbit/s, latency: 10us}\n"               /* 8 */
	"    lb: {bandwidth: 10Mbit/s, latency: 10us}\n"               /* 9 */
	"    lc: {bandwidth: 10Mbit/s, latency: 10us}\n"               /* 10 */
	"  routes:\n"                                                  /* 11 */
	"    - {between: [a, b], links: [la, lb]}\n"                   /* 12 */
	"    - {between: [c, b], links: [lc, lb]}\n"                   /* 13 */
	"    - {between: [a, c], links: [la, lc]}\n";                  /* 14 */

static void path_is(const struct wcfg *w, int a, int b, int p0, int p1)
{
	int p[2] = {0, 0};
	ck_assert_uint_eq(wcfg_path(w, a, b, p, 2), 2);
	ck_assert_msg(p[0] == p0 && p[1] == p1, "%d -> %d: [%d, %d], expected [%d, %d]", a, b,
	              p[0], p[1], p0, p1);
}

START_TEST(link_ends)
{
	/* a star: la joins a to the switch R, lb R to b (route 0: forward a->R,
	 * R->b), lc c to R (route 1, its first: forward c->R; lb is entered
	 * from R: forward). Route 2, a to c, crosses la forward and lc back
	 * (R->c): written [la, lc] it said forward. Link numbers are index + 1,
	 * negated back. */
	char msgs[4096];
	struct wcfg *w = load(star, NULL, 0, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	path_is(w, 0, 1, 1, 2);          /* a->b: la, lb forward */
	path_is(w, 1, 0, -2, -1);
	path_is(w, 2, 1, 3, 2);          /* c->b: lc, lb forward */
	path_is(w, 1, 2, -2, -3);        /* b->c: lb, lc back */
	path_is(w, 0, 2, 1, -3);         /* a->c: la forward, lc back */
	path_is(w, 2, 0, 3, -1);         /* c->a: lc forward, la back */
	wcfg_free(w);
	/* three: lan is gw's cable to the junction J of wan and blan; route 1,
	 * bill to gw over [blan, lan], enters lan from J: back */
	w = load(three, NULL, 0, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	path_is(w, 2, 0, 3, -1);
	path_is(w, 0, 2, 1, -3);
	path_is(w, 0, 1, 1, 2);
	wcfg_free(w);
	/* x and y at one end of l (both reach f over it alone): a link m
	 * between x and y would join that junction to itself */
	const char *loop[] = {"world.hosts.x={ip: 10.0.3.1}", "world.hosts.y={ip: 10.0.3.2}",
	                      "world.hosts.f={ip: 10.0.3.3}",
	                      "world.links.l={bandwidth: 1Mbit/s, latency: 1ms}",
	                      "world.links.m={bandwidth: 1Mbit/s, latency: 1ms}",
	                      ("world.routes=[{between: [x, f], links: [l]}, {between: [y, f], "
	                       "links: [l]}, {between: [x, y], links: [m]}]")};
	refused(three, loop, 6, "--set world.routes=[{between: [x, f], links: [l]}, {between: [y, "
	        "f], links: [l]}, {between: [x, y], links: [m]}]: world.routes.4: its links cannot "
	        "be joined to the routes before it: a link's two ends would be one junction");
	/* in the file: at the route's line and column */
	refused("world:\n"
	        "  duration: 1s\n"
	        "  hosts: {x: {ip: 10.0.3.1}, y: {ip: 10.0.3.2}, f: {ip: 10.0.3.3}}\n"
	        "  links: {l: {bandwidth: 1Mbit/s, latency: 1ms}, m: {bandwidth: 1Mbit/s, "
	        "latency: 1ms}}\n"
	        "  routes:\n"
	        "    - {between: [x, f], links: [l]}\n"
	        "    - {between: [y, f], links: [l]}\n"
	        "    - {between: [x, y], links: [m]}\n", NULL, 0,
	        ".yaml:8:7: world.routes.2: its links cannot be joined");
}
END_TEST

/* The routes of world text "xpq" (hosts a, b, c, d; links x, p, q,
 * numbered 1, 2, 3), as a list of YAML route lines */
static struct wcfg *xpq(const char *routes, char *msgs, size_t n)
{
	char t[2048];
	snprintf(t, sizeof t,
	         "world:\n"                                            /* 1 */
	         "  duration: 1s\n"                                    /* 2 */
	         "  hosts:\n"                                          /* 3 */
	         "    a: {ip: 10.0.4.1}\n"                             /* 4 */
	         "    b: {ip: 10.0.4.2}\n"                             /* 5 */
	         "    c: {ip: 10.0.4.3}\n"                             /* 6 */
	         "    d: {ip: 10.0.4.4}\n"                             /* 7 */
	         "  links:\n"                                          /* 8 */
	         "    x: {bandwidth: 10Mbit/s, latency: 10us}\n"       /* 9 */
	         "    p: {bandwidth: 10Mbit/s, latency: 10us}\n"       /* 10 */
	         "    q: {bandwidth: 10Mbit/s, latency: 10us}\n"       /* 11 */
	         "  routes:\n%s", routes);                             /* 12 */
	return load(t, NULL, 0, msgs, n);
}

/* xpq(routes) refused with want, its one message */
static void xpq_refused(const char *routes, const char *want)
{
	char msgs[4096];
	struct wcfg *w = xpq(routes, msgs, sizeof msgs);
	ck_assert_msg(w == NULL, "accepted, expected %s", want);
	ck_assert_msg(strstr(msgs, want) != NULL, "expected \"%s\" in:\n%s", want, msgs);
	ck_assert_uint_eq(lines_of(msgs), 1);
}

/* host a to b crosses links want[0..n-1] (link number, negated back) */
static void crosses(const struct wcfg *w, int a, int b, size_t n, const int *want)
{
	int p[WCFG_MAX_HOPS] = {0};
	ck_assert_uint_eq(wcfg_path(w, a, b, p, WCFG_MAX_HOPS), n);
	for (size_t k = 0; k < n; k++)
		ck_assert_msg(p[k] == want[k], "%d -> %d: link %zu is %d, expected %d", a, b, k, p[k],
		              want[k]);
}

/* The links' ends do not hang on the order the routes are written in */
START_TEST(link_ends_any_order)
{
	/* a at x's first end, b at its second; c->a ends over x at a, so it
	 * enters x at b's end, where p meets x; c->d goes on from there over
	 * x to a's end, then q: x back, p and q forward (c's two routes leave
	 * c over p alike). Written with c-a before c-d or after: the same. */
	static const char *const o[] = {
		"    - {between: [a, b], links: [x]}\n"
		"    - {between: [c, d], links: [p, x, q]}\n"
		"    - {between: [c, a], links: [p, x]}\n",
		"    - {between: [a, b], links: [x]}\n"
		"    - {between: [c, a], links: [p, x]}\n"
		"    - {between: [c, d], links: [p, x, q]}\n",
	};
	static const int ab[] = {1}, cd[] = {2, -1, 3}, ca[] = {2, -1};
	char msgs[4096];
	for (size_t i = 0; i < 2; i++) {
		struct wcfg *w = xpq(o[i], msgs, sizeof msgs);
		ck_assert_msg(w != NULL, "order %zu: %s", i, msgs);
		crosses(w, 0, 1, 1, ab);
		crosses(w, 2, 3, 3, cd);
		crosses(w, 2, 0, 2, ca);
		wcfg_free(w);
	}
}
END_TEST

/* [a, c] and [b, c] over p put a and b at p's one end (c at the other):
 * x between them would join that end to itself. Refused in either order,
 * at the first route that closes it, whichever link's ends it joins. */
START_TEST(link_ends_closed)
{
	xpq_refused("    - {between: [a, b], links: [x]}\n"
	            "    - {between: [a, c], links: [p]}\n"
	            "    - {between: [b, c], links: [p]}\n"                   /* 15 */
	            "    - {between: [d, a], links: [q]}\n",
	            ".yaml:15:7: world.routes.2: its links cannot be joined to the routes before it");
	xpq_refused("    - {between: [a, c], links: [p]}\n"
	            "    - {between: [b, c], links: [p]}\n"
	            "    - {between: [d, a], links: [q]}\n"
	            "    - {between: [a, b], links: [x]}\n",                   /* 16 */
	            ".yaml:16:7: world.routes.3: its links cannot be joined to the routes before it");
}
END_TEST

/* Where the routes do not say at which end of x p meets it, c->d crosses
 * x forward: as x's first route, a->b (or b->a, written [b, a]) does,
 * sharing its FIFO (doc/scenario.md, world.routes) */
START_TEST(link_ends_open)
{
	static const int fwd[] = {1}, cd[] = {2, 1, 3};
	char msgs[4096];
	struct wcfg *w = xpq("    - {between: [a, b], links: [x]}\n"
	                     "    - {between: [c, d], links: [p, x, q]}\n", msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	crosses(w, 0, 1, 1, fwd);        /* a->b, x forward: with c->d */
	crosses(w, 2, 3, 3, cd);
	wcfg_free(w);
	w = xpq("    - {between: [b, a], links: [x]}\n"
	        "    - {between: [c, d], links: [p, x, q]}\n", msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	crosses(w, 1, 0, 1, fwd);        /* b->a, x forward: with c->d */
	crosses(w, 2, 3, 3, cd);
	wcfg_free(w);
	/* c-d first: x's forward is c->d's, a->b as written crosses it so */
	w = xpq("    - {between: [c, d], links: [p, x, q]}\n"
	        "    - {between: [a, b], links: [x]}\n", msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	crosses(w, 0, 1, 1, fwd);
	crosses(w, 2, 3, 3, cd);
	wcfg_free(w);
}
END_TEST

/* What a link, a timeline entry and an RTP host cannot do without */
START_TEST(required_keys)
{
	static const struct { const char *ov, *want; } c[] = {
		{"world.links.x={latency: 1ms}", "world.links.x: a link needs a bandwidth"},
		{"world.links.x={bandwidth: 1Mbit/s}", "world.links.x: a link needs a latency"},
		{"world.timeline=[{at: 1ms, link: lan}]",
		 "world.timeline.0: a timeline entry needs at, link and up"},
		{"world.hosts.s={ip: 10.0.9.9, app: rtp, duration: 1s}", "s: app rtp needs to: HOST"},
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		refused(three, &c[i].ov, 1, c[i].want);
	/* an RTP host sends until its duration or world.duration: three without
	 * its duration: line refused, taken with far's duration */
	char t[2048], msgs[4096];
	snprintf(t, sizeof t, "%s", three);
	char *d = strstr(t, "  duration: 2s\n");
	memmove(d, d + 15, strlen(d + 15) + 1);
	refused(t, NULL, 0, "world.hosts: far: app rtp sends until its duration: or world.duration; "
	        "give one");
	const char *ov[] = {"world.hosts.far.duration=1s"};
	struct wcfg *w = load(t, ov, 1, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	ck_assert(w->hosts[1].duration_set);
	wcfg_free(w);
	/* duration 0s is given too (it sends nothing): taken, and printed */
	const char *z[] = {"world.hosts.far.duration=0s"};
	w = load(t, z, 1, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	ck_assert(w->hosts[1].duration_set);
	ck_assert_uint_eq(w->hosts[1].duration_ps, 0);
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	wcfg_print(w, m);
	fclose(m);
	ck_assert_msg(strstr(buf, "start: 0s, duration: 0s,") != NULL, "%s", buf);
	free(buf);
	wcfg_free(w);
	/* not given: until the world ends (world.duration 2s here) */
	w = load(three, NULL, 0, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	ck_assert(!w->hosts[1].duration_set);
	wcfg_free(w);
}
END_TEST

/* world.timeline by time, entries of one instant in the order written
 * (a link down then up at 1 ms ends up) */
START_TEST(timeline_order)
{
	const char *ov[] = {"world.timeline=[{at: 2ms, link: lan, up: true}, "
	                    "{at: 1ms, link: lan, up: false}, {at: 1ms, link: lan, up: true}]"};
	char msgs[4096];
	struct wcfg *w = load(three, ov, 1, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	ck_assert_uint_eq(w->nevents, 3);
	ck_assert_uint_eq(w->events[0].at_ps, 1000000000);
	ck_assert(!w->events[0].up);
	ck_assert_uint_eq(w->events[1].at_ps, 1000000000);
	ck_assert(w->events[1].up);
	ck_assert_uint_eq(w->events[2].at_ps, 2000000000);
	wcfg_free(w);
}
END_TEST

/* A name is 1 to 64 characters (doc/scenario.md); a route joins two hosts */
START_TEST(names_and_routes)
{
	char n64[65], ov[160], want[160];
	memset(n64, 'h', 64);
	n64[64] = 0;
	snprintf(ov, sizeof ov, "world.hosts.%s={ip: 10.0.9.9}", n64);
	const char *o1 = ov;
	char msgs[4096];
	struct wcfg *w = load(three, &o1, 1, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	ck_assert_str_eq(w->hosts[3].name, n64);
	wcfg_free(w);
	snprintf(ov, sizeof ov, "world.hosts.%sh={ip: 10.0.9.9}", n64);   /* 65 */
	snprintf(want, sizeof want, "world.hosts.%sh: a name of 1 to 64 letters", n64);
	refused(three, &o1, 1, want);
	/* letters, digits, '_' and '-' (not first); report-overlay is a report's
	 * folder as report is */
	const char *under = "world.hosts.a_-9={ip: 10.0.9.9}";
	w = load(three, &under, 1, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	ck_assert_str_eq(w->hosts[3].name, "a_-9");
	wcfg_free(w);
	const char *ovl = "world.hosts.report-overlay={ip: 10.0.9.9}";
	refused(three, &ovl, 1, "world.hosts.report-overlay: the name of the folder a report of the "
	        "world is drawn in (DIR/report-overlay/)");
	static const char *const one[] = {"world.links.x={bandwidth: 1Mbit/s, latency: 1ms}",
	                                  "world.routes=[{between: [far], links: [x]}]"};
	refused(three, one, 2, "world.routes.2.between: a route joins two hosts, got 1");
	static const char *const self[] = {"world.links.x={bandwidth: 1Mbit/s, latency: 1ms}",
	                                   "world.routes=[{between: [far, far], links: [x]}]"};
	refused(three, self, 2, "world.routes.2: a route joins two different hosts, got far twice");
}
END_TEST

/* The ranges doc/scenario.md gives a plain host's and a link's keys: each
 * limit taken (and kept as written), one past it refused at its key. */
START_TEST(ranges)
{
	static const char *const ok[] = {
		"world.hosts.far.ptime=1us", "world.hosts.far.payload=1458",
		"world.hosts.far.channels=10000", "world.hosts.far.frame_size=60",
		"world.hosts.bill.frame_size=1514", "world.hosts.far.rate=1bit/s",
		"world.hosts.bill.rate=100Gbit/s", "world.links.lan.bandwidth=1000Gbit/s",
		"world.links.lan.latency=1ps", "world.links.wan.queue=1000000",
		"world.hosts.far.payload=0", "world.hosts.bill.ptime=86400s",
	};
	char msgs[4096];
	struct wcfg *w = load(three, ok, sizeof ok / sizeof ok[0], msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	ck_assert_uint_eq(w->hosts[1].ptime_ps, 1000000);
	ck_assert_uint_eq(w->hosts[1].payload, 0);           /* the later --set */
	ck_assert_uint_eq(w->hosts[1].channels, 10000);
	ck_assert_uint_eq(w->hosts[1].frame_size, 60);
	ck_assert_uint_eq(w->hosts[2].frame_size, 1514);
	ck_assert_uint_eq(w->hosts[1].rate_bps, 1);
	ck_assert_uint_eq(w->hosts[2].rate_bps, 100000000000ull);
	ck_assert_uint_eq(w->links[0].bw_bps, 1000000000000ull);
	ck_assert_uint_eq(w->links[0].lat_ps, 1);
	ck_assert_uint_eq(w->links[1].queue, 1000000);
	ck_assert_uint_eq(w->hosts[2].ptime_ps, 86400000000000000ull);
	wcfg_free(w);
	static const char *const bad[] = {
		"world.hosts.far.ptime=999999ps", "world.hosts.far.payload=1459",
		"world.hosts.far.channels=0", "world.hosts.far.frame_size=59",
		"world.hosts.far.frame_size=1515", "world.hosts.far.rate=0",
		"world.hosts.far.rate=100000000001bit/s", "world.links.lan.bandwidth=1000000000001bit/s",
		"world.links.lan.latency=0", "world.links.wan.queue=1000001",
		"world.hosts.far.ptime=86401s",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char want[256];   /* --set KEY=VALUE: KEY: */
		snprintf(want, sizeof want, "--set %s: %.*s: ", bad[i],
		         (int)(strchr(bad[i], '=') - bad[i]), bad[i]);
		refused(three, &bad[i], 1, want);
	}
	/* world.duration in the file: 1 ps at least */
	char t[2048];
	snprintf(t, sizeof t, "%s", three);
	memcpy(strstr(t, "duration: 2s"), "duration: 0s", 12);
	refused(t, NULL, 0, ":2:13: world.duration: ");
}
END_TEST

/* "did you mean": the nearest name within two edits, the first of equals;
 * none past two (three's links are lan, wan, blan in that order) */
START_TEST(did_you_mean)
{
	static const struct { const char *ov, *want; } c[] = {
		/* wxx: wan by two substitutions, lan and blan by three or more */
		{"world.routes=[{between: [far, bill], links: [wxx]}]",
		 "world.routes.2.links: unknown link \"wxx\" (did you mean wan?)"},
		/* xan: lan and wan by one each; lan is first */
		{"world.routes=[{between: [far, bill], links: [xan]}]",
		 "world.routes.2.links: unknown link \"xan\" (did you mean lan?)"},
		/* zzzzz: three or more from each: the list */
		{"world.routes=[{between: [far, bill], links: [zzzzz]}]",
		 "world.routes.2.links: unknown link \"zzzzz\"; expected one of: lan, wan, blan"},
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		refused(three, &c[i].ov, 1, c[i].want);
}
END_TEST

/* Found by fuzz/fuzz_world.c: a world without hosts was refused by a
 * message that named no place ("world.hosts: a world needs ..."), and a
 * dotted world key in the file made a world that worldcfg.c never read. */
START_TEST(no_hosts)
{
	/* hosts: with nothing under it: the key, line 2, column 3 */
	refused("world:\n  hosts:\n  links: {l: {bandwidth: 1Gbit/s, latency: 1ms}}\n", NULL, 0,
	        ":2:3: world.hosts: a world needs at least one host (e.g. gw: {scenario: self})");
	/* no hosts: key at all: the world: key, line 2, column 1 */
	refused("name: x\nworld: {links: {l: {bandwidth: 1Gbit/s, latency: 1ms}}}\n", NULL, 0,
	        ":2:1: world.hosts: a world needs at least one host");
	/* world.hosts as one dotted key: refused where it is, line 1, column 1 */
	refused("world.hosts: {a: {ip: 10.0.0.1}}\n", NULL, 0,
	        ":1:1: world.hosts: a world is written as a world: section with hosts: under it, "
	        "not as a dotted key");
}
END_TEST

/* A plain host's key on a computer was dropped without a word (its
 * address comes from its scenario): refused, at the value. */
START_TEST(computer_keys)
{
	const char *tail = "  links: {l: {bandwidth: 1Gbit/s, latency: 1ms}}\n"
	                   "  routes: [{between: [gw, far], links: [l]}]\n";
	char t[1024];
	/* line 3: 4 spaces, "gw: {" (5), "scenario: self, " (16), "ip: " (4): column 30 */
	snprintf(t, sizeof t, "world:\n  hosts:\n    gw: {scenario: self, ip: 10.0.0.9}\n"
	         "    far: {ip: 10.0.0.2}\n%s", tail);
	refused(t, NULL, 0, ":3:30: world.hosts.gw.ip: a plain host's key, but gw is a computer "
	        "(scenario: or set:)");
	/* set: makes far a computer; its ip: at line 4: 4 spaces, "far: {" (6), "ip: " (4) */
	snprintf(t, sizeof t, "world:\n  hosts:\n    gw: {scenario: self}\n"
	         "    far: {ip: 10.0.0.2, set: [host.ipv4=10.0.0.3]}\n%s", tail);
	refused(t, NULL, 0, ":4:15: world.hosts.far.ip: a plain host's key, but far is a computer");
	const char *ov[] = {"world.hosts.gw.mac=02:00:00:00:00:09"};
	refused(three, ov, 1, "--set world.hosts.gw.mac=02:00:00:00:00:09: world.hosts.gw.mac: a "
	        "plain host's key, but gw is a computer");
	/* an empty scenario: was taken as self: line 3, 4 spaces, "gw: {" (5),
	 * "scenario: " (10): the value at column 20 */
	snprintf(t, sizeof t, "world:\n  hosts:\n    gw: {scenario: \"\"}\n"
	         "    far: {ip: 10.0.0.2}\n%s", tail);
	refused(t, NULL, 0, ":3:20: world.hosts.gw.scenario: expected a scenario file, or self for "
	        "this file's own");
}
END_TEST

/* An item defined twice names the first: its line and column in the
 * file, or its --set (which has none: it said "first at 0:0"). */
START_TEST(twice)
{
	/* far is at line 5, column 5 of three */
	const char *ov[] = {"world.hosts.far={ip: 10.0.9.9}"};
	refused(three, ov, 1, "--set world.hosts.far={ip: 10.0.9.9}: world.hosts.far: host defined "
	        "twice (first at 5:5)");
	const char *ov2[] = {"world.links.x={bandwidth: 1Mbit/s, latency: 1s}",
	                     "world.links.x={bandwidth: 2Mbit/s, latency: 1s}"};
	refused(three, ov2, 2, "--set world.links.x={bandwidth: 2Mbit/s, latency: 1s}: "
	        "world.links.x: link defined twice (first in --set world.links.x={bandwidth: "
	        "1Mbit/s, latency: 1s})");
	const char *ov3[] = {"world.routes=[{between: [far, bill], links: [wan]}]",
	                     "world.routes=[{between: [bill, far], links: [lan]}]"};
	refused(three, ov3, 2, "world.routes.3: a second route between bill and far (first in "
	        "--set world.routes=[{between: [far, bill], links: [wan]}])");
}
END_TEST

/* A key given twice in one map of the world was taken, the last one
 * winning (far's ip 10.0.0.9, lan's latency 7ms, a second world.duration
 * replacing the first): refused at the second, naming the first, as
 * scenario.c does for the rest of the file. */
START_TEST(duplicate_keys)
{
	static const char *const t =
		"world:\n"                                                        /* 1 */
		"  hosts:\n"                                                      /* 2 */
		"    gw: {scenario: self}\n"                                      /* 3 */
		"    far: {ip: 10.0.0.2, ip: 10.0.0.9}\n"                         /* 4 */
		"  links:\n"                                                      /* 5 */
		"    l: {bandwidth: 1Gbit/s, latency: 50us, latency: 7ms}\n"      /* 6 */
		"  routes:\n"                                                     /* 7 */
		"    - {between: [gw, far], links: [l], links: [l]}\n"            /* 8 */
		"  timeline:\n"                                                   /* 9 */
		"    - {at: 1s, link: l, up: false, up: true}\n"                  /* 10 */
		"  duration: 2s\n"                                                /* 11 */
		"  duration: 3s\n";                                               /* 12 */
	/* columns: line 4, 4 spaces + "far: {" (6): ip at 11, + "ip: 10.0.0.2, "
	 * (14): 25; line 6, "l: {" (4): bandwidth at 9, + 20: latency at 29,
	 * + "latency: 50us, " (15): 44; line 8, "- {" (3): between at 8, + 20:
	 * links at 28, + "links: [l], " (12): 40; line 10: at at 8, + 8: link at
	 * 16, + 9: up at 25, + "up: false, " (11): 36; lines 11 and 12: 3 */
	static const char *const want[] = {
		":4:25: world.hosts.far.ip: duplicate key (first at 4:11)",
		":6:44: world.links.l.latency: duplicate key (first at 6:29)",
		":8:40: world.routes.0.links: duplicate key (first at 8:28)",
		":10:36: world.timeline.0.up: duplicate key (first at 10:25)",
		":12:3: world.duration: duplicate key (first at 11:3)",
	};
	char msgs[4096];
	struct wcfg *w = load(t, NULL, 0, msgs, sizeof msgs);
	ck_assert_msg(w == NULL, "accepted:\n%s", msgs);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		ck_assert_msg(strstr(msgs, want[i]) != NULL, "expected \"%s\" in:\n%s", want[i], msgs);
	/* in a --set value: the option is the place */
	const char *ov[] = {"world.hosts.x={ip: 10.0.0.7, ip: 10.0.0.8}"};
	refused(three, ov, 1, "--set world.hosts.x={ip: 10.0.0.7, ip: 10.0.0.8}: world.hosts.x.ip: "
	        "duplicate key (first in --set world.hosts.x={ip: 10.0.0.7, ip: 10.0.0.8})");
}
END_TEST

/* world.links.NAME.loss was read as a double and rounded to parts per
 * million: 0.0000004 became 0 (no loss), 0.0000015 became 2 ppm, and
 * strtod's hex 0x0.1p0 was taken as 0.0625. Now read as decimal text,
 * exactly: a whole number of parts per million, or refused. */
START_TEST(loss_exact)
{
	/* taken: 0.000001 = 1 ppm; 0.0001% = 10^-6 = 1 ppm; 0.0000010000 =
	 * 1 ppm (trailing zeros are exact); 12.3456% = 0.123456 = 123456 ppm;
	 * 0.999999 = 999999 ppm, the highest */
	static const struct { const char *v; uint32_t ppm; } ok[] = {
		{"0.000001", 1}, {"0.0001%", 1}, {"0.0000010000", 1}, {"12.3456%", 123456},
		{"0.999999", 999999}, {"0", 0}, {"0%", 0},
	};
	char msgs[4096], o[64];
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		snprintf(o, sizeof o, "world.links.wan.loss=%s", ok[i].v);
		const char *ov[] = {o};
		struct wcfg *w = load(three, ov, 1, msgs, sizeof msgs);
		ck_assert_msg(w != NULL, "%s: %s", ok[i].v, msgs);
		ck_assert_uint_eq(w->links[1].loss_ppm, ok[i].ppm);
		wcfg_free(w);
	}
	/* 0.0000004 = 0.4 ppm, 0.0000015 = 1.5 ppm, 0.00005% = 0.5 ppm: not
	 * whole, the two whole ones either side named in the form given */
	const char *ov1[] = {"world.links.lan.loss=0.0000004"};
	refused(three, ov1, 1, "--set world.links.lan.loss=0.0000004: world.links.lan.loss: a loss "
	        "rate of \"0.0000004\" is not a whole number of parts per million (the unit a link "
	        "keeps); the nearest are 0 and 0.000001");
	const char *ov2[] = {"world.links.lan.loss=0.0000015"};
	refused(three, ov2, 1, "the nearest are 0.000001 and 0.000002");
	const char *ov3[] = {"world.links.lan.loss=0.00005%"};
	refused(three, ov3, 1, "world.links.lan.loss: a loss rate of \"0.00005%\" is not a whole "
	        "number of parts per million (the unit a link keeps); the nearest are 0% and 0.0001%");
	/* hex and exponents are not decimal text */
	const char *ov4[] = {"world.links.lan.loss=0x0.1p0"};
	refused(three, ov4, 1, "world.links.lan.loss: expected a loss rate such as 0.01 or 1% in "
	        "decimal digits (no exponent or hex), got \"0x0.1p0\"");
	const char *ov5[] = {"world.links.lan.loss=1e-3"};
	refused(three, ov5, 1, "world.links.lan.loss: expected a loss rate such as 0.01 or 1% in "
	        "decimal digits (no exponent or hex), got \"1e-3\"");
	const char *ov6[] = {"world.links.lan.loss=-0.1"};
	refused(three, ov6, 1, "world.links.lan.loss: a loss rate must be at least 0 and below 1 "
	        "(100%), got \"-0.1\"");
	/* in the file: line 9, 4 spaces + "wan: {" (6) + "bandwidth: 100Mbit/s, "
	 * (22) + "latency: 20ms, " (15) + "loss: " (6): the value at column 54 */
	char t[2048];
	snprintf(t, sizeof t, "%s", three);
	char *p = strstr(t, "loss: 1%");
	memmove(p + 10, p + 8, strlen(p + 8) + 1);
	memcpy(p, "loss: 1e-2", 10);
	refused(t, NULL, 0, ":9:54: world.links.wan.loss: expected a loss rate such as 0.01 or 1% in "
	        "decimal digits (no exponent or hex), got \"1e-2\"");
	/* a value has at most 127 characters (doc/scenario.md, "Values and
	 * units"): 0.5 behind 125 zeros (128) was read, and a longer text
	 * echoed whole in the message */
	char o7[200] = "world.links.lan.loss=", *q = o7 + strlen(o7);
	memset(q, '0', 125);
	memcpy(q + 125, "0.5", 4);
	const char *ov7[] = {o7};
	refused(three, ov7, 1, "world.links.lan.loss: \"000000000000000000000000...\" is too long: "
	        "128 characters, a value has at most 127");
	memset(q, '0', 124);                            /* 127 characters: read, 0.5 */
	memcpy(q + 124, "0.5", 4);
	struct wcfg *w = load(three, ov7, 1, NULL, 0);
	ck_assert_ptr_nonnull(w);
	ck_assert_uint_eq(w->links[0].loss_ppm, 500000);
	wcfg_free(w);
}
END_TEST

/* A route listing a link twice was taken, and each frame crossed the link
 * once per mention (30 frames on it for 10 sent): refused at the second. */
START_TEST(route_link_twice)
{
	char t[2048];
	snprintf(t, sizeof t, "%s", three);
	char *p = strstr(t, "[lan, wan]");
	memmove(p + 15, p + 10, strlen(p + 10) + 1);
	memcpy(p, "[lan, wan, lan]", 15);
	/* line 12: 4 spaces + "- {" (3) + "between: [gw, far], " (20) +
	 * "links: [" (8): the first lan at column 36, wan at 41, lan at 46 */
	refused(t, NULL, 0, ":12:46: world.routes.0.links: link lan twice in one route (first at "
	        "12:36): a frame would cross it again");
	const char *ov[] = {"world.routes=[{between: [far, bill], links: [wan, wan]}]"};
	refused(three, ov, 1, "--set world.routes=[{between: [far, bill], links: [wan, wan]}]: "
	        "world.routes.2.links: link wan twice in one route (first in --set world.routes=");
}
END_TEST

/* A timeline entry or a plain host's start at or after world.duration was
 * taken (at: 10s with world.duration 150ms): refused at its key, as a
 * single computer's are against run.duration. three's duration is 2s. */
START_TEST(past_the_end)
{
	char msgs[4096], t[2048];
	/* just before the end: taken */
	const char *ok[] = {"world.hosts.far.start=1999999999999ps",
	                    "world.timeline=[{at: 1999ms, link: lan, up: false}]"};
	struct wcfg *w = load(three, ok, 2, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	ck_assert_uint_eq(w->hosts[1].start_ps, 1999999999999ull);
	ck_assert_uint_eq(w->nevents, 1);
	ck_assert_uint_eq(w->events[0].at_ps, 1999000000000ull);
	wcfg_free(w);
	/* at the end: refused */
	const char *ov[] = {"world.hosts.far.start=2s"};
	refused(three, ov, 1, "--set world.hosts.far.start=2s: world.hosts.far.start: 2s is not "
	        "before the end of the world (world.duration 2s)");
	/* in the file: line 5's "to: gw, " key is at column 59, channels at 67,
	 * ", start: " after "4" puts start's value at 67 + 10 + 3 + 7 = 87 */
	snprintf(t, sizeof t, "%s", three);
	char *p = strstr(t, "channels: 4}");
	memmove(p + 22, p + 11, strlen(p + 11) + 1);
	memcpy(p + 11, ", start: 3s", 11);
	refused(t, NULL, 0, ":5:87: world.hosts.far.start: 3s is not before the end of the world "
	        "(world.duration 2s)");
	/* a timeline entry (line 15: "    - {at: " puts the value at column 12),
	 * and the second of two: its key keeps its index in the file though the
	 * entries are sorted by time */
	snprintf(t, sizeof t, "%s  timeline:\n    - {at: 2s, link: lan, up: false}\n"
	         "    - {at: 1s, link: lan, up: false}\n", three);
	refused(t, NULL, 0, ":15:12: world.timeline.0.at: 2s is not before the end of the world "
	        "(world.duration 2s)");
	/* a world.duration given later, by --set, ends before an entry of the
	 * file: the entry is told (its index 1, at 1s, line 16) */
	const char *ov2[] = {"world.duration=1s"};
	w = load(t, ov2, 1, msgs, sizeof msgs);
	ck_assert_ptr_null(w);
	ck_assert_msg(strstr(msgs, ":15:12: world.timeline.0.at: 2s is not before the end of the "
	              "world (world.duration 1s)") != NULL, "%s", msgs);
	ck_assert_msg(strstr(msgs, ":16:12: world.timeline.1.at: 1s is not before the end of the "
	              "world (world.duration 1s)") != NULL, "%s", msgs);
}
END_TEST

/* A plain host's stream k starts at start + k x stagger (src/phost.c), in
 * picoseconds: 256 x 2^56 ps (stagger 72057.594037927936s, 257 channels)
 * is 2^64, which wrapped to 0. The last stream must start within 86400s,
 * the longest time. three's far sends 4 streams from 0: 3 x 28800s =
 * 86400s is the most. */
START_TEST(last_stream_start)
{
	char msgs[4096];
	const char *ok[] = {"world.hosts.far.stagger=28800s"};
	struct wcfg *w = load(three, ok, 1, msgs, sizeof msgs);
	ck_assert_msg(w != NULL, "%s", msgs);
	ck_assert_uint_eq(w->hosts[1].stagger_ps, 28800000000000000ull);
	wcfg_free(w);
	/* 1 ps more, or a start of 1 ps: 86400s + 3 ps, 86400s + 1 ps */
	const char *ov[] = {"world.hosts.far.stagger=28800000000000001ps"};
	refused(three, ov, 1, "--set world.hosts.far.stagger=28800000000000001ps: "
	        "world.hosts.far.stagger: the last of 4 streams would start at start + 3 x stagger "
	        "(start 0s, stagger 28800000000000001ps), past 86400s, the longest time");
	const char *ov2[] = {"world.hosts.far.stagger=28800s", "world.hosts.far.start=1ps"};
	refused(three, ov2, 2, "--set world.hosts.far.stagger=28800s: world.hosts.far.stagger: the "
	        "last of 4 streams would start at start + 3 x stagger (start 1ps, stagger 28800s)");
	/* the wrap: 256 x 2^56 ps = 2^64 ps */
	const char *ov3[] = {"world.hosts.far.channels=257", "world.hosts.far.stagger=72057.594037927936s"};
	refused(three, ov3, 2, "world.hosts.far.stagger: the last of 257 streams would start at "
	        "start + 256 x stagger (start 0s, stagger 72057594037927936ps), past 86400s");
	/* in the file: line 5, the value after "channels: 4, stagger: " at
	 * column 67 + 10 + 3 + 9 = 89 */
	char t[2048];
	snprintf(t, sizeof t, "%s", three);
	char *p = strstr(t, "channels: 4}");
	memmove(p + 28, p + 11, strlen(p + 11) + 1);
	memcpy(p + 11, ", stagger: 28801s", 17);
	refused(t, NULL, 0, ":5:89: world.hosts.far.stagger: the last of 4 streams would start at "
	        "start + 3 x stagger (start 0s, stagger 28801s), past 86400s");
}
END_TEST

static void put(const char *file, const void *data, size_t n)
{
	FILE *f = fopen(file, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	fclose(f);
}

/* A relative trace.file in a computer's set: list was taken from the
 * current folder: DIR/world.yaml with set: [trace.file=cap.pcap] ran from
 * DIR and failed from anywhere else. It is the world file's, as a
 * scenario file's own paths are its folder's; --set's stay the current
 * folder's. Here the world is loaded as ../world.yaml from DIR/elsewhere. */
START_TEST(set_paths_from_world_folder)
{
	char dir[] = "/tmp/nicshare-wcfg-dir-XXXXXX", f[128], cwd[4096];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	char *real = realpath(dir, NULL);
	ck_assert_ptr_nonnull(real);
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	/* a pcap file header: magic, 2.4, zone 0, sigfigs 0, snaplen 65535, Ethernet */
	static const unsigned char hdr[24] = {0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0,
	                                      0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0};
	snprintf(f, sizeof f, "%s/cap.pcap", dir);
	put(f, hdr, sizeof hdr);
	static const char world[] =
		"world:\n"
		"  hosts:\n"
		"    gw: {scenario: self, set: [trace.file=cap.pcap]}\n"
		"    q: {scenario: self, set: [host.ipv4=10.0.0.3, 'trace.file=\"cap.pcap\"']}\n"
		"    r: {scenario: self, set: [host.ipv4=10.0.0.4, trace.file=~]}\n"
		"  links: {l: {bandwidth: 1Gbit/s, latency: 1ms}}\n"
		"  routes: [{between: [gw, q], links: [l]}]\n";
	snprintf(f, sizeof f, "%s/world.yaml", dir);
	put(f, world, sizeof world - 1);
	snprintf(f, sizeof f, "%s/elsewhere", dir);
	ck_assert_int_eq(mkdir(f, 0700), 0);
	ck_assert_int_eq(chdir(f), 0);

	char *buf = NULL, want[4200];
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	struct scenario *self = scenario_load("../world.yaml", NULL, 0, m);
	struct wcfg *w = self ? wcfg_load("../world.yaml", self, NULL, 0, m) : NULL;
	fflush(m);
	ck_assert_msg(w != NULL, "%s", buf);
	snprintf(want, sizeof want, "trace.file=%s/cap.pcap", real);
	ck_assert_str_eq(w->hosts[0].set[0], want);
	ck_assert_str_eq(w->hosts[1].set[1], want);     /* the quoted one */
	ck_assert_str_eq(w->hosts[2].set[1], "trace.file=~");   /* none stays none */
	ck_assert_str_eq(w->hosts[0].sc->trace, want + strlen("trace.file="));
	ck_assert_str_eq(w->hosts[1].sc->trace, want + strlen("trace.file="));
	ck_assert_ptr_null(w->hosts[2].sc->trace);
	wcfg_free(w);
	/* a computer added by --set: its set: list is the command line's, from
	 * the current folder (DIR/elsewhere, no cap.pcap there) */
	const char *ov[] = {"world.hosts.x={scenario: self, set: [host.ipv4=10.0.0.9, "
	                    "trace.file=cap.pcap]}"};
	w = wcfg_load("../world.yaml", self, ov, 1, m);
	fclose(m);
	ck_assert_ptr_null(w);
	ck_assert_msg(strstr(buf, "--set world.hosts.x={scenario: self, set: [host.ipv4=10.0.0.9, "
	                          "trace.file=cap.pcap]}: world.hosts.x.set: trace.file: cannot open "
	                          "\"cap.pcap\"") != NULL, "%s", buf);
	free(buf);
	scenario_free(self);
	ck_assert_int_eq(chdir(cwd), 0);
	ck_assert_int_eq(rmdir(f), 0);
	snprintf(f, sizeof f, "%s/world.yaml", dir);
	unlink(f);
	snprintf(f, sizeof f, "%s/cap.pcap", dir);
	unlink(f);
	ck_assert_int_eq(rmdir(dir), 0);
	free(real);
}
END_TEST

/* ip: 0.0.0.0 was told "a plain host needs ip:" (0 also stands for no ip:
 * given): it is said at the value that 0.0.0.0 is not a host's address. */
START_TEST(ip_zero)
{
	static const char *const tail = "  links: {l: {bandwidth: 1Gbit/s, latency: 1ms}}\n"
	                                "  routes: [{between: [gw, far], links: [l]}]\n";
	char t[1024], msgs[4096];
	/* line 4: 4 spaces + "far: {" (6) + "ip: " (4): the value at column 15 */
	snprintf(t, sizeof t, "world:\n  hosts:\n    gw: {scenario: self}\n"
	         "    far: {ip: 0.0.0.0, app: sink}\n%s", tail);
	struct wcfg *w = load(t, NULL, 0, msgs, sizeof msgs);
	ck_assert_ptr_null(w);
	ck_assert_msg(strstr(msgs, ":4:15: world.hosts.far.ip: 0.0.0.0 is not a host's address (it "
	              "stands for none); give the host's own, e.g. 10.0.0.2") != NULL, "%s", msgs);
	ck_assert_msg(strstr(msgs, "needs ip:") == NULL, "%s", msgs);
	/* without ip: at all, the host (line 4, column 5) needs one */
	snprintf(t, sizeof t, "world:\n  hosts:\n    gw: {scenario: self}\n"
	         "    far: {app: sink}\n%s", tail);
	refused(t, NULL, 0, ":4:5: world.hosts: far: a plain host needs ip: (and a computer needs "
	        "scenario:)");
}
END_TEST

/* A host or link refused for its name was told again, as unknown, by each
 * route and timeline entry naming it: one mistake, one message (doc/
 * scenario.md, "Messages"). */
START_TEST(refused_name_once)
{
	char msgs[4096];
	static const char *const t =
		"world:\n"                                                    /* 1 */
		"  duration: 1s\n"                                            /* 2 */
		"  hosts:\n"                                                  /* 3 */
		"    gw: {scenario: self}\n"                                  /* 4 */
		"    report: {ip: 10.0.0.2, app: sink}\n"                     /* 5 */
		"  links:\n"                                                  /* 6 */
		"    l: {bandwidth: 1Gbit/s, latency: 1ms}\n"                 /* 7 */
		"    -x: {bandwidth: 1Gbit/s, latency: 1ms}\n"                /* 8 */
		"  routes:\n"                                                 /* 9 */
		"    - {between: [report, gw], links: [l, -x]}\n"             /* 10 */
		"  timeline:\n"                                               /* 11 */
		"    - {at: 1ms, link: -x, up: false}\n";                     /* 12 */
	struct wcfg *w = load(t, NULL, 0, msgs, sizeof msgs);
	ck_assert_ptr_null(w);
	/* the two names, each at its key (column 5), and nothing else */
	ck_assert_msg(strstr(msgs, ":5:5: world.hosts.report: the name of the folder a report of "
	                          "the world is drawn in (DIR/report/): choose another host name\n"),
	              "%s", msgs);
	ck_assert_msg(strstr(msgs, ":8:5: world.links.-x: a name of 1 to 64 letters, digits, '_' or "
	                          "'-', not starting with '-'\n"), "%s", msgs);
	ck_assert_msg(lines_of(msgs) == 2, "%s", msgs);
}
END_TEST

/* A hosts: or links: section refused as a whole (misspelt, or not a map)
 * is said once: the routes, timeline and to: naming what it held are not
 * told that their hosts or links are unknown ("expected one of: (none)") */
START_TEST(refused_section_once)
{
	char msgs[4096];
	static const char *const t =
		"world:\n"                                                    /* 1 */
		"  duration: 1s\n"                                            /* 2 */
		"  hostss:\n"                                                 /* 3 */
		"    gw: {scenario: self}\n"                                  /* 4 */
		"    far: {ip: 10.0.0.2, app: rtp, to: gw}\n"                 /* 5 */
		"  linsk:\n"                                                  /* 6 */
		"    l: {bandwidth: 1Gbit/s, latency: 1ms}\n"                 /* 7 */
		"  routes:\n"                                                 /* 8 */
		"    - {between: [gw, far], links: [l]}\n"                    /* 9 */
		"  timeline:\n"                                               /* 10 */
		"    - {at: 1ms, link: l, up: false}\n";                      /* 11 */
	struct wcfg *w = load(t, NULL, 0, msgs, sizeof msgs);
	ck_assert_ptr_null(w);
	/* the two keys, each at its column 3, and nothing else */
	ck_assert_msg(strstr(msgs, ":3:3: world.hostss: unknown key \"hostss\" (did you mean "
	                          "hosts?)\n"), "%s", msgs);
	ck_assert_msg(strstr(msgs, ":6:3: world.linsk: unknown key \"linsk\" (did you mean "
	                          "links?)\n"), "%s", msgs);
	ck_assert_msg(lines_of(msgs) == 2, "%s", msgs);
	/* hosts: a list, not a map: said at its value (line 3, column 10) alone */
	static const char *const t2 =
		"world:\n"                                                    /* 1 */
		"  links: {l: {bandwidth: 1Gbit/s, latency: 1ms}}\n"          /* 2 */
		"  hosts: [gw, far]\n"                                        /* 3 */
		"  routes: [{between: [gw, far], links: [l]}]\n";             /* 4 */
	w = load(t2, NULL, 0, msgs, sizeof msgs);
	ck_assert_ptr_null(w);
	ck_assert_msg(strcmp(strchr(msgs, ':'), ":3:10: world.hosts: expected a map of NAME: "
	                     "{...}\n") == 0, "%s", msgs);
}
END_TEST

/* ---- the mutation run of worldcfg.c (doc/verify.md "Tests", n2) ----
 * Each line below kills a one-line mutant of src/worldcfg.c that the
 * tests above let live; the values come from doc/scenario.md. */
START_TEST(mutation_worldcfg)
{
	/* one --set each: refused, with this message */
	static const struct { const char *ov, *want; } c[] = {
		/* channels: 1 to 10000; one past refused by its range (10000 is
		 * taken in ranges; far's default port 5004 + 2 x 10000 fits) */
		{"world.hosts.far.channels=10001", "--set world.hosts.far.channels=10001: "
		 "world.hosts.far.channels: \"10001\" is out of range (max 10000)"},
		/* a route's links: an empty list */
		{"world.routes=[{between: [far, bill], links: []}]", "--set world.routes=[{between: "
		 "[far, bill], links: []}]: world.routes.2.links: a route crosses at least one link"},
		/* a host sending to itself, at its to: */
		{"world.hosts.far.to=far", "--set world.hosts.far.to=far: world.hosts.far.to: a host "
		 "does not send to itself across the world"},
		/* a byte of control in a message is written escaped, DEL too */
		{"world.hosts.fa\x7f.ip=10.0.0.9", "--set world.hosts.fa\\x7f.ip=10.0.0.9: "
		 "world.hosts.fa\\x7f.ip: unknown host \"fa\\x7f\""},
		/* a computer whose own scenario has a world, at the host */
		{"world.hosts.x={scenario: " NS_SRCDIR "/scenarios/world-voip.yaml}",
		 "world.hosts.x.scenario: " NS_SRCDIR "/scenarios/world-voip.yaml has a world: of its "
		 "own; a computer of a world is one computer"},
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		refused(three, &c[i].ov, 1, c[i].want);
	/* a to: naming no host is said once, at the to:; not again as a
	 * host without to: */
	char msgs[4096], t[2048];
	const char *ov3[] = {"world.hosts.far.to=nosuch"};
	ck_assert_ptr_null(load(three, ov3, 1, msgs, sizeof msgs));
	ck_assert_msg(strstr(msgs, "--set world.hosts.far.to=nosuch: world.hosts.far.to: unknown host "
	              "\"nosuch\"") != NULL && strchr(msgs, '\n') == msgs + strlen(msgs) - 1,
	              "%s", msgs);
	/* a bulk sender without duration: in a world without world.duration
	 * (three's duration line made a network line), said at the host */
	snprintf(t, sizeof t, "world:\n  network: exact\n%s", strstr(three, "  hosts:"));
	const char *ov4[] = {"world.hosts.bill.app=bulk", "world.hosts.bill.to=gw",
	                     "world.hosts.far.duration=1s"};
	refused(t, ov4, 3, ":6:5: world.hosts: bill: app bulk sends until its duration: or "
	        "world.duration; give one");
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("worldcfg");
	TCase *t = tcase_create("worldcfg");
	tcase_add_test(t, a_world_read);
	tcase_add_test(t, overrides);
	tcase_add_test(t, bad_worlds);
	tcase_add_test(t, alias_at_its_use);
	tcase_add_test(t, network_choice);
	tcase_add_test(t, no_hosts);
	tcase_add_test(t, computer_keys);
	tcase_add_test(t, twice);
	tcase_add_test(t, duplicate_keys);
	tcase_add_test(t, loss_exact);
	tcase_add_test(t, route_link_twice);
	tcase_add_test(t, past_the_end);
	tcase_add_test(t, last_stream_start);
	tcase_add_test(t, set_paths_from_world_folder);
	tcase_add_test(t, ip_zero);
	tcase_add_test(t, refused_name_once);
	tcase_add_test(t, refused_section_once);
	tcase_add_test(t, did_you_mean);
	tcase_add_test(t, ranges);
	tcase_add_test(t, names_and_routes);
	tcase_add_test(t, timeline_order);
	tcase_add_test(t, run_set_self_only);
	tcase_add_test(t, set_no_world);
	tcase_add_test(t, set_items_at_their_place);
	tcase_add_test(t, last_stream_port);
	tcase_add_test(t, host_defaults);
	tcase_add_test(t, required_keys);
	tcase_add_test(t, link_ends);
	tcase_add_test(t, link_ends_any_order);
	tcase_add_test(t, link_ends_closed);
	tcase_add_test(t, link_ends_open);
	tcase_add_test(t, mutation_worldcfg);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return check_run(suite());
}
