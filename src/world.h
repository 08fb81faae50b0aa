/* world.h - SimGrid runs the world: a platform with one host per simulated
 * computer and one actor per computer (DEVELOPERS.md, "The engine").
 * Inside the computer, the engine's own integer-cycle queue runs the
 * components; the actor meets SimGrid's clock once, at the end, with
 * sg_actor_sleep_until(cycles / hz), surf/precision set to 1e-15 so the
 * conversion is exact to the cycle (notes/simgrid-3.32.md). No SimGrid call
 * is made per frame on the single-computer path. */
#ifndef NICSHARE_WORLD_H
#define NICSHARE_WORLD_H

#include <stdio.h>

#include "engine.h"

/* Run one computer inside SimGrid. Returns engine_run()'s status; *clock
 * receives SimGrid's clock at the end (seconds). */
int world_run(const struct scenario *sc, const struct engine_opts *o, struct engine_stats *st,
              double *clock, FILE *err);

#endif
