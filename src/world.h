/* world.h - SimGrid runs the world: a platform with one host per simulated
 * computer or plain host, and one actor per host (doc/engine.md, "The
 * world"). Models the patent's second embodiment (Fig. 9: gateway 902, IP
 * network 908, far computer 904, billing computer 906).
 *
 * A scenario without a world: section is a world of one computer with no
 * link: nothing could reach it from elsewhere, so it is one node run to its
 * end (engine_run), and SimGrid is not even loaded (sglib.h). A scenario
 * with a world (world_run_many): each computer's node and each plain host
 * runs in its own actor, window by window (conservative lookahead: the
 * smallest latency of a link into the host); frames cross the links
 * between windows. No SimGrid call is made per frame. */
#ifndef NICSHARE_WORLD_H
#define NICSHARE_WORLD_H

#include <stdio.h>

#include "engine.h"
#include "worldcfg.h"

/* Run a world: per computer, o->outputs in OUTDIR/HOST/ (and its
 * summary.json); world.json in OUTDIR. Returns 0 when every check held
 * (conservation in each computer and across the world), 1 when one
 * failed, 2 on bad input, a fatal error or SimGrid not loadable (nothing
 * committed). */
int world_run_many(const struct wcfg *w, const struct engine_opts *o, FILE *err);

#endif
