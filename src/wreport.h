/* wreport.h - the report of a world (issue 13, item 5): DIR/report/index.html
 * for a directory written by `nicshare run` on a scenario with a `world:`.
 * Models the patent's Fig. 9 as run: the gateway 902, the IP network 908,
 * the far end 904 and the billing host 906 as hosts and links.
 *
 * It reads DIR/world.json only (and has each computer's own report written
 * into DIR/HOST/report/ by report.c): the topology drawn by gnuplot
 * (reports/topology.gp), the hosts with their verify verdict, each link
 * direction's utilisation and drops, and each flow's network delay with its
 * budget hop by hop (latency, serialisation of its largest frame, the most
 * it waited for a busy port). doc/report.md describes it. */
#ifndef NICSHARE_WREPORT_H
#define NICSHARE_WREPORT_H

#include <stdbool.h>
#include <stdio.h>

/* Whether dir holds a world's run (DIR/world.json). */
bool wreport_is_dir(const char *dir);

/* Write DIR/report/ (through DIR/report.tmp, renamed when complete; an
 * earlier report there is replaced, only if it holds nothing but what a
 * report writes) and each computer's own report. The text of world.json
 * reaches gnuplot only inside strings (report_gq) and the page
 * HTML-escaped. 0, or 2 with a message on err naming the file (no
 * gnuplot, a world.json that is not one, a host's name that is not a plain
 * folder name, an earlier report holding other files). */
int wreport_generate(const char *dir, FILE *err);

#endif
