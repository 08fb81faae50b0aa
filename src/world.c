/* world.c - the SimGrid side, see world.h.
 * The platform is one zone with a host "node0" whose speed is the CPU's
 * clock (flops = cycles); it is written to a temporary file because
 * SimGrid 3.32's C API has no load-from-string, and removed once loaded. */
#include "world.h"

#include <signal.h>
#include <simgrid/actor.h>
#include <simgrid/engine.h>
#include <simgrid/host.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xbt/config.h>
#include <xbt/log.h>

#include "../model/cost.h"

XBT_LOG_NEW_DEFAULT_CATEGORY(nicshare, "nicshare: one computer, two OSes, one NIC");

/* Where SIGINT/SIGTERM report (the run's engine_opts.stop). SimGrid sets
 * its own SIGINT handler in simgrid_init(), so ours is installed after. */
static volatile sig_atomic_t *stop_target;

static void on_signal(int sig)
{
	(void)sig;
	if (stop_target)
		*stop_target = 1;
}

struct job {
	const struct scenario *sc;
	const struct engine_opts *o;
	struct engine_stats *st;
	FILE *err;
	int rc;
};

/* The actor of one simulated computer: run its own event loop to the end,
 * then bring SimGrid's clock to the same instant. */
static void node_actor(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	struct job *j = sg_actor_self_get_data();
	j->rc = engine_run(j->sc, j->o, j->st, j->err);
	if (j->rc != 2) {
		double hz = (double)j->sc->costs.v[C_CPU_HZ];
		sg_actor_sleep_until((double)j->st->end_cycle / hz);
		XBT_DEBUG("node0 ended at cycle %llu", (unsigned long long)j->st->end_cycle);
	}
}

int world_run(const struct scenario *sc, const struct engine_opts *o, struct engine_stats *st,
              double *clock, FILE *err)
{
	char plat[] = "/tmp/nicshare-platform-XXXXXX";
	int fd = mkstemp(plat);
	if (fd < 0) {
		fprintf(err, "nicshare: cannot create a temporary platform file in /tmp\n");
		return 2;
	}
	FILE *f = fdopen(fd, "w");
	fprintf(f, "<?xml version='1.0'?>\n<!DOCTYPE platform SYSTEM "
	           "\"https://simgrid.org/simgrid.dtd\">\n<platform version=\"4.1\">\n"
	           "  <zone id=\"world\" routing=\"Full\">\n"
	           "    <host id=\"node0\" speed=\"%llu\" core=\"1\"/>\n  </zone>\n</platform>\n",
	        (unsigned long long)sc->costs.v[C_CPU_HZ]);
	fclose(f);

	/* Settings go to simgrid_init() as --cfg options: the context factory
	 * must be chosen before SimGrid creates it. Under AddressSanitizer the
	 * thread factory is used (ASan cannot follow raw stack switching). */
	char arg0[] = "nicshare";
	char prec[] = "--cfg=surf/precision:1e-15";
	char logc[] = "--log=root.thres:critical";
	char fact[] = "--cfg=contexts/factory:thread";
	char *argv[5] = {arg0, prec, logc, NULL, NULL};
	int argc = 3;
#if defined(__SANITIZE_ADDRESS__)
	argv[argc++] = fact;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
	argv[argc++] = fact;
#endif
#endif
	(void)fact;
	simgrid_init(&argc, argv);
	xbt_log_control_set("root.thres:critical");
	if (o->stop) {
		stop_target = o->stop;
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	simgrid_load_platform(plat);
	unlink(plat);

	struct job j = {sc, o, st, err, 2};
	sg_actor_t a = sg_actor_init("node0", sg_host_by_name("node0"));
	sg_actor_set_data(a, &j);
	sg_actor_start(a, node_actor, 0, NULL);
	simgrid_run();
	*clock = simgrid_get_clock();
	return j.rc;
}
