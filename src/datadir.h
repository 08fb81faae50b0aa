/* datadir.h - where nicshare finds its data: the profiles, the gnuplot
 * templates and the scenario library (SPEC A4 "installed layout").
 *
 * The data folder has the source tree's layout (scenarios/,
 * scenarios/profiles/, reports/, traces/), so a scenario's relative
 * trace path (../traces/...) holds both in the tree and installed.
 * Lookup, first match wins:
 *   1. $NICSHARE_DATADIR when set and not empty;
 *   2. the source tree, when the running program is one built in the
 *      build tree (tests, ./build/nicshare) and the tree still exists;
 *   3. $(pkgdatadir), e.g. /usr/local/share/nicshare. */
#ifndef NS_DATADIR_H
#define NS_DATADIR_H

/* The data folder, without a trailing slash; never NULL. */
const char *ns_datadir(void);

#endif
