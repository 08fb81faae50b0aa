/* search.h - a deterministic, seeded adversarial search for the worst
 * latency of one class: over the start offsets (phases) of the generated
 * streams and the capture's offset against them (and against the TDMA
 * frame), it runs the engine in-process for each candidate, keeps the
 * largest maximum, and prints the --set overrides that reproduce it and
 * its ratio to the analytic bound (src/bound.h). */
#ifndef NICSHARE_SEARCH_H
#define NICSHARE_SEARCH_H

/* `nicshare search SCENARIO --class CLASS [--budget N] [--seed S]
 * [--set KEY=VALUE ...]`. Exit 0; 1 when the worst case found is above the
 * analytic bound (a bug in the model or in the bound); 2 on bad usage, bad
 * input, or no traffic of the class. */
int search_main(int argc, char **argv);

#endif
