/* worldcfg.h - the world: section of a scenario (doc/scenario.md, "The
 * world"): the patent's second embodiment (Fig. 9: gateway 902, IP network
 * 908, far computer 904, billing computer 906; Fig. 2's "another computer
 * system 200"). Hosts of two kinds - nicshare computers (each a full node
 * built from its own scenario) and plain hosts running one simple
 * application - joined by links (bandwidth, latency, loss) along routes.
 *
 * Read from the scenario file's YAML with libyaml (scenario.c only notes
 * that the section is there), --set world.* overrides applied, validated
 * before anything runs: every problem is printed as FILE:LINE:COL: KEY:
 * what is wrong (or --set ...: KEY: ...), and nothing is returned unless
 * every check passed. */
#ifndef NICSHARE_WORLDCFG_H
#define NICSHARE_WORLDCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "scenario.h"

enum wapp {            /* what a plain host runs */
	WAPP_SINK = 0,     /* counts what it receives */
	WAPP_RTP,          /* sends RTP streams to `to`; echoes what it receives when echo */
	WAPP_BULK,         /* sends UDP frames of frame_size at rate to `to`; sinks */
	WAPP_BILLING,      /* the billing host 906: sinks, counts records (TCP or UDP frames) */
	WAPP_CALLFAR,      /* the far end 904 of `to`'s generated calls (calls.far.remote) */
	WAPP__COUNT
};

struct wcfg_host {
	char *name;
	struct scen_loc loc;
	bool computer;
	/* a computer */
	char *scenario;            /* its scenario file (resolved), NULL: this file */
	char **set; size_t nset;   /* overrides on it */
	char **set_at;             /* where each was written ("FILE:LINE:COL: KEY"), for
	                            * the messages about it (scenario_load_at) */
	struct scenario *sc;       /* loaded */
	/* a plain host */
	uint8_t mac[6];
	uint32_t ipv4;             /* host order; a computer's comes from its scenario */
	enum wapp app;
	int to;                    /* host index its application sends to; -1 none */
	struct scen_loc to_loc;
	uint16_t port, dport;
	uint64_t ptime_ps, start_ps, duration_ps, stagger_ps, rate_bps;
	bool duration_set;         /* duration: given (0s sends nothing); else until
	                            * the world ends */
	uint32_t payload, channels, frame_size;
	struct scen_loc start_loc; /* where start, stagger and channels were given */
	struct scen_loc stagger_loc, channels_loc;
	bool echo;
	/* the first plain host's key given (e.g. "world.hosts.gw.ip") and where:
	 * refused on a computer; NULL when none */
	char *plain_key;
	struct scen_loc plain_loc;
};

struct wcfg_link {
	char *name;
	struct scen_loc loc;
	uint64_t bw_bps;           /* > 0 */
	uint64_t lat_ps;           /* > 0: the lookahead of the hosts it enters */
	uint32_t loss_ppm;         /* lost frames per million, drawn per frame */
	uint32_t queue;            /* frames that may wait for each port; 0: no limit */
};

/* Links a route may cross: a frame in the world keeps its route in a
 * fixed array (src/world.c), so a longer route is refused at its link. */
#define WCFG_MAX_HOPS 16

struct wcfg_route {
	int a, b;                  /* host indexes; the route is used both ways */
	int *links; size_t nlinks; /* from a to b */
	bool *back;                /* from a to b, links[k] is crossed back (from its
	                            * second end to its first): see wcfg_path */
	struct scen_loc loc;
};

struct wcfg_event {            /* world.timeline: a link goes down or up */
	uint64_t at_ps;
	int link;
	bool up;
	struct scen_loc loc;
	struct scen_loc at_loc;    /* its at: */
	size_t idx;                /* N of its key world.timeline.N */
};

struct wcfg {
	char *file;                /* the scenario file holding the section */
	uint64_t duration_ps;      /* 0: until nothing is left to do */
	bool exact_links;          /* world.network: exact (no SimGrid communications) */
	struct wcfg_host *hosts; size_t nhosts;
	struct wcfg_link *links; size_t nlinks;
	struct wcfg_route *routes; size_t nroutes;
	struct wcfg_event *events; size_t nevents;  /* sorted by time, stable */
	char **opts; size_t nopts; /* "--set ..." texts the locations of --set items point to */
};

/* Read the world of scenario file `path` (whose own scenario, without the
 * world, is `self`, loaded with the same overrides) and the world.*
 * overrides; load each computer's scenario. NULL after printing every
 * problem on err. */
struct wcfg *wcfg_load(const char *path, const struct scenario *self,
                       const char *const *overrides, size_t n_overrides, FILE *err);
void wcfg_free(struct wcfg *w);
/* Whether a host of the world is this file's own computer (scenario: self). */
bool wcfg_has_self(const struct wcfg *w);
/* Whether scenario file `path` is a world with no host of scenario: self,
 * while a computer key would go to one: a key of the file's own written
 * outside world: (but name, which names the file), or an override that is
 * not a world key. Each such key is said on err (FILE:LINE:COL: KEY: or
 * --set KEY=VALUE: KEY:, why, and where to give it instead); true then.
 * False when the file has no world:, or one not read without a problem
 * (wcfg_load and scenario.c say why), or a self host. For the commands
 * that run the world (run, check, config, sweep), before the file's own
 * computer is loaded with those keys. */
bool wcfg_unreached(const char *path, const char *const *overrides, size_t n_overrides,
                    FILE *err);
/* A host's or link's name as the world requires it (it becomes a SimGrid
 * name and an output folder): 1 to 64 letters, digits, '_' or '-', not
 * starting with '-'. */
bool wcfg_plain_name(const char *name);

/* The route from host a to host b: its links in order (reversed when the
 * route was written b to a). Returns the number of links, 0 when no route
 * joins them; out gets at most max indexes. */
size_t wcfg_route(const struct wcfg *w, int a, int b, int *out, size_t max);
/* The same route as signed link numbers, each link index + 1, negated
 * where it is crossed back. A link's two ends are the junctions the routes
 * put it between (doc/scenario.md, "world.routes"); its forward direction
 * is from the end its first route enters it by, so each direction of a
 * cable is one FIFO however each route is written. */
size_t wcfg_path(const struct wcfg *w, int a, int b, int *out, size_t max);
/* The host whose IPv4 address (host order) is ip; -1 when none. */
int wcfg_host_by_ip(const struct wcfg *w, uint32_t ip);
const char *wcfg_app_name(enum wapp a);
/* The world section as YAML with every value in effect (defaults, file and
 * --set overrides), which loads back to the same world; a computer's file
 * is written absolute. */
void wcfg_print(const struct wcfg *w, FILE *f);

#endif
