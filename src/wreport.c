/* wreport.c - the report of a world, see wreport.h. Models the topology of
 * the patent's Fig. 9 (gateway 902, IP network 908, far end 904, billing
 * 906) as the run's world.json describes it.
 *
 * Layout of the figure: the hosts on a circle, in the order the scenario
 * names them, the first on the left; a link is placed, for each route that
 * crosses it, at its position along the straight line between the route's
 * two hosts (link k of n at (k + 1) / (n + 1)), averaged over those routes;
 * an edge joins each route's host, links and host in order. */
#include "wreport.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"
#include "outputs.h"
#include "paths.h"
#include "report.h"
#include "worldcfg.h"

#define WORLD_JSON_MAX (256u << 20)

bool wreport_is_dir(const char *dir)
{
	char *p = paths_join(dir, "world.json");
	bool r = p && access(p, R_OK) == 0;
	free(p);
	return r;
}

/* A gnuplot string in double quotes whose text never runs nor expands
 * (report_gq). */
static void gq(FILE *f, const char *s)
{
	fputc('"', f);
	report_gq(f, s);
	fputc('"', f);
}

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static double num(const json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

static unsigned long long cnt(const json_t *o, const char *k)
{
	uint64_t v = 0;
	js_as_u64(json_object_get(o, k), &v);
	return (unsigned long long)v;
}

/* The index of the entry of arr named name; -1 when none is (or name is
 * not a string: NULL). */
static int index_of(const json_t *arr, const char *name)
{
	size_t i;
	const json_t *v;
	if (!name)
		return -1;
	json_array_foreach(arr, i, v)
		if (!strcmp(str(v, "name"), name))
			return (int)i;
	return -1;
}

/* Each route is "between" two names through a list of "links" names,
 * all strings; else said on err (a world.json edited by hand). A name
 * that is none of the world's is left out of the figure. */
static bool routes_ok(const json_t *w, const char *wp, FILE *err)
{
	size_t i, k;
	const json_t *rt, *v;
	json_array_foreach(json_object_get(w, "routes"), i, rt) {
		const json_t *bt = json_object_get(rt, "between"), *rl = json_object_get(rt, "links");
		bool ok = json_array_size(bt) == 2 && json_is_array(rl);
		json_array_foreach(bt, k, v)
			ok = ok && json_is_string(v);
		json_array_foreach(rl, k, v)
			ok = ok && json_is_string(v);
		if (!ok) {
			fprintf(err, "nicshare report: %s: routes[%zu]: not \"between\" two host names "
			        "through a list of \"links\" names; no report written\n", wp, i);
			return false;
		}
	}
	return true;
}

/* v / 10^e with all its digits and none more, then unit: (50092570666,
 * 9, "ms") is 50.092570666ms, (20000000000, 9, "ms") 20ms. Exact, so that
 * the figures of a row add up as written (a budget's parts to its sum). */
static void dec_text(uint64_t v, int e, const char *unit, char *b, size_t n)
{
	uint64_t p = 1;
	for (int i = 0; i < e; i++)
		p *= 10;
	unsigned long long ip = v / p, fp = v % p;
	if (!fp) {
		snprintf(b, n, "%llu%s", ip, unit);
		return;
	}
	for (; fp % 10 == 0; fp /= 10)
		e--;
	snprintf(b, n, "%llu.%0*llu%s", ip, e, fp, unit);
}

/* Bits per second as text, exact: 100Mbit/s, 1Gbit/s, 1.234567Mbit/s. */
static void bw_text(double bps, char *b, size_t n)
{
	static const char *const u[] = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
	if (!(bps < 9e18)) {           /* past what a world holds: as it is */
		snprintf(b, n, "%gbit/s", bps);
		return;
	}
	uint64_t v = bps > 0 ? (uint64_t)llround(bps) : 0;
	int k = 0;
	for (uint64_t t = v; t >= 1000 && k < 4; t /= 1000)
		k++;
	dec_text(v, 3 * k, u[k], b, n);
}

/* ns (world.json's, to the ps) as text in ms, us or ns, exact: 50us,
 * 20ms, 1.808us, 50.092570666ms. */
static void ns_text(double ns, char *b, size_t n)
{
	if (!(ns < 9e15)) {            /* past what a world holds: as it is */
		snprintf(b, n, "%gms", ns / 1e6);
		return;
	}
	uint64_t ps = ns > 0 ? (uint64_t)llround(ns * 1000) : 0;
	if (ps >= 1000000000)
		dec_text(ps, 9, "ms", b, n);
	else if (ps >= 1000000)
		dec_text(ps, 6, "us", b, n);
	else
		dec_text(ps, 3, "ns", b, n);
}

struct pos { double x, y; unsigned n; };

/* The figure: data/render.gp (labels, objects) and data/edges.dat. */
static int write_figure(const json_t *w, const char *tmp, const char *tpl, FILE *err)
{
	const json_t *hosts = json_object_get(w, "hosts"), *links = json_object_get(w, "links"),
	             *routes = json_object_get(w, "routes");
	size_t nh = json_array_size(hosts), nl = json_array_size(links);
	struct pos *hp = calloc(nh ? nh : 1, sizeof *hp), *lp = calloc(nl ? nl : 1, sizeof *lp);
	char *rp = paths_join(tmp, "data/render.gp"), *ep = paths_join(tmp, "data/edges.dat");
	FILE *r = rp ? fopen(rp, "w") : NULL, *e = ep ? fopen(ep, "w") : NULL;
	int rc = -1;
	if (!hp || !lp || !r || !e) {
		fprintf(err, "nicshare report: %s: cannot write\n", tmp);
		goto out;
	}
	const double pi = 3.14159265358979323846;
	for (size_t i = 0; i < nh; i++) {
		double a = pi - 2 * pi * (double)i / (double)nh;
		hp[i].x = 1.4 * cos(a);
		hp[i].y = 1.4 * sin(a);
	}
	size_t i;
	const json_t *rt;
	json_array_foreach(routes, i, rt) {
		const json_t *bt = json_object_get(rt, "between"), *rl = json_object_get(rt, "links");
		int a = index_of(hosts, json_string_value(json_array_get(bt, 0)));
		int b = index_of(hosts, json_string_value(json_array_get(bt, 1)));
		size_t n = json_array_size(rl);
		if (a < 0 || b < 0)
			continue;
		for (size_t k = 0; k < n; k++) {
			int l = index_of(links, json_string_value(json_array_get(rl, k)));
			if (l < 0)
				continue;
			double t = (double)(k + 1) / (double)(n + 1);
			lp[l].x += hp[a].x + t * (hp[b].x - hp[a].x);
			lp[l].y += hp[a].y + t * (hp[b].y - hp[a].y);
			lp[l].n++;
		}
	}
	for (size_t l = 0; l < nl; l++)
		if (lp[l].n) {
			lp[l].x /= lp[l].n;
			lp[l].y /= lp[l].n;
		}
	/* edges: each route's first host, its links in order, its second host */
	size_t nedges = 0;
	json_array_foreach(routes, i, rt) {
		const json_t *bt = json_object_get(rt, "between"), *rl = json_object_get(rt, "links");
		int a = index_of(hosts, json_string_value(json_array_get(bt, 0)));
		int b = index_of(hosts, json_string_value(json_array_get(bt, 1)));
		if (a < 0 || b < 0)
			continue;
		double x = hp[a].x, y = hp[a].y;
		for (size_t k = 0; k <= json_array_size(rl); k++) {
			int l = k < json_array_size(rl)
			            ? index_of(links, json_string_value(json_array_get(rl, k))) : -1;
			double nx = l >= 0 ? lp[l].x : hp[b].x, ny = l >= 0 ? lp[l].y : hp[b].y;
			fprintf(e, "%.6f %.6f %.6f %.6f\n", x, y, nx - x, ny - y);
			nedges++;
			x = nx;
			y = ny;
		}
	}
	fprintf(r, "# written by nicshare report (src/wreport.c): the world's topology\n");
	char b1[64], b2[64];
	const json_t *h;
	json_array_foreach(hosts, i, h) {
		bool comp = !strcmp(str(h, "kind"), "computer");
		fprintf(r, "set object %zu circle at %.6f,%.6f size 0.27 front fc rgb \"%s\" "
		        "fs solid 1.0 border lc rgb \"#333333\"\n", i + 1, hp[i].x, hp[i].y,
		        comp ? "#9ecae1" : "#dddddd");
		/* the text of world.json only ever inside a string (gq) */
		fprintf(r, "set label %zu \"", i + 1);
		report_gq(r, str(h, "name"));
		fputs(comp ? "\\ncomputer " : "\\n", r);
		report_gq(r, str(h, comp ? "ip" : "app"));
		fputs(comp ? "\\nverify: " : " ", r);
		report_gq(r, str(h, comp ? "verify" : "ip"));
		fprintf(r, "\" at %.6f,%.6f center front\n", hp[i].x, hp[i].y);
	}
	const json_t *l;
	json_array_foreach(links, i, l) {
		const json_t *d = json_object_get(l, "directions");
		double u0 = num(json_array_get(d, 0), "utilisation"),
		       u1 = num(json_array_get(d, 1), "utilisation");
		bw_text(num(l, "bandwidth_bps"), b1, sizeof b1);
		ns_text(num(l, "latency_ns"), b2, sizeof b2);
		fprintf(r, "set object %zu rect center %.6f,%.6f size 0.8,0.38 front fc rgb \"#fdd0a2\" "
		        "fs solid 1.0 border lc rgb \"#333333\"\n", nh + i + 1, lp[i].x, lp[i].y);
		fprintf(r, "set label %zu \"", nh + i + 1);
		report_gq(r, str(l, "name"));
		fprintf(r, "\\n%s, %s\\nuse %.1f%% / %.1f%%\" at %.6f,%.6f center front font \",9\"\n",
		        b1, b2, u0 * 100, u1 * 100, lp[i].x, lp[i].y);
	}
	fprintf(r, "edges = %zu\n", nedges);
	fprintf(r, "tpl = ");
	gq(r, tpl);
	fprintf(r, "\nload tpl.\"/common.gp\"\nload tpl.\"/topology.gp\"\n");
	rc = ferror(r) || ferror(e) ? -1 : 0;
	if (rc)
		fprintf(err, "nicshare report: %s: cannot write\n", tmp);
out:
	if (r && fclose(r) != 0)
		rc = -1;
	if (e && fclose(e) != 0)
		rc = -1;
	free(rp);
	free(ep);
	free(hp);
	free(lp);
	return rc;
}

static void hosts_table(FILE *f, const json_t *w)
{
	fprintf(f, "<h2>Hosts</h2>\n<table>\n<tr><th>host</th><th>kind</th><th>address</th>"
	        "<th>frames in</th><th>of them from the network</th><th>frames out</th>"
	        "<th>verify</th><th>its report</th></tr>\n");
	size_t i;
	const json_t *h;
	json_array_foreach(json_object_get(w, "hosts"), i, h) {
		bool comp = !strcmp(str(h, "kind"), "computer");
		fprintf(f, "<tr><td>");
		report_html(f, str(h, "name"));
		fprintf(f, "</td><td>%s", comp ? "computer" : "plain: ");
		if (!comp)
			report_html(f, str(h, "app"));
		const json_t *bus = json_object_get(h, "bus");
		if (comp && bus) {       /* its OSes on two hosts */
			fprintf(f, "; GP on ");
			report_html(f, str(bus, "gp_host"));
			fprintf(f, ", its channels across ");
			report_html(f, str(bus, "link"));
			fprintf(f, " (%llu messages)", cnt(bus, "messages"));
		}
		fprintf(f, "</td><td>");
		report_html(f, str(h, "ip"));
		/* a plain host has no capture: all it received came from the network */
		fprintf(f, "</td><td>%llu</td><td>%llu</td><td>%llu</td>", cnt(h, "frames_in"),
		        cnt(h, comp ? "from_network" : "frames_in"), cnt(h, "frames_out"));
		if (comp) {
			const char *v = str(h, "verify");
			fprintf(f, "<td class=\"%s\">", !strcmp(v, "broken") ? "bad" : "");
			report_html(f, v);
			fprintf(f, "</td><td><a href=\"../");
			report_html(f, str(h, "name"));
			fprintf(f, "/report/index.html\">report</a>, <a href=\"../");
			report_html(f, str(h, "name"));
			fprintf(f, "/summary.json\">summary.json</a></td></tr>\n");
		} else {
			fprintf(f, "<td>-</td><td>-</td></tr>\n");
		}
	}
	fprintf(f, "</table>\n");
}

static void links_table(FILE *f, const json_t *w)
{
	fprintf(f, "<h2>Links</h2>\n<p>Each direction of a link is a FIFO port (doc/engine.md, "
	        "\"The world\"); <i>forward</i> is the direction of the first route that uses it. "
	        "Utilisation is serialisation time over the world's end.</p>\n<table>\n<tr>"
	        "<th>link</th><th>bandwidth</th><th>latency</th><th>direction</th><th>frames</th>"
	        "<th>bytes</th><th>utilisation</th><th>drops</th></tr>\n");
	size_t i, k;
	const json_t *l, *d;
	char b1[64], b2[64];
	json_array_foreach(json_object_get(w, "links"), i, l) {
		bw_text(num(l, "bandwidth_bps"), b1, sizeof b1);
		ns_text(num(l, "latency_ns"), b2, sizeof b2);
		json_array_foreach(json_object_get(l, "directions"), k, d) {
			fprintf(f, "<tr><td>");
			report_html(f, str(l, "name"));
			fprintf(f, "</td><td>%s</td><td>%s</td><td>", b1, b2);
			report_html(f, str(d, "dir"));
			fprintf(f, "</td><td>%llu</td><td>%llu</td><td>%.3f%%</td><td>", cnt(d, "frames"),
			        cnt(d, "bytes"), num(d, "utilisation") * 100);
			const char *why;
			const json_t *v;
			bool any = false;
			json_object_foreach((json_t *)json_object_get(d, "drops"), why, v)
				if (json_integer_value(v)) {
					fputs(any ? ", " : "", f);
					report_html(f, why);
					fprintf(f, " %lld", (long long)json_integer_value(v));
					any = true;
				}
			fprintf(f, "%s</td></tr>\n", any ? "" : "0");
		}
	}
	fprintf(f, "</table>\n");
}

/* Each flow's network delay and its budget hop by hop: per link its
 * latency, the serialisation of the flow's largest frame, and the most a
 * frame of the flow waited for the port. The sum of the first two is the
 * delay of a frame that never waits; the computers' own shares are in
 * their latency.tsv. */
static void flows_table(FILE *f, const json_t *w)
{
	fprintf(f, "<h2>Flows: network delay, hop by hop</h2>\n<p>Per flow (sender, receiver, "
	        "ports): frames sent, delivered, dropped, in flight at the end; network delay "
	        "from the frame's last bit leaving the sender to its last bit reaching the "
	        "receiver (min / mean / max); then each hop: link, latency + serialisation of the "
	        "flow's largest frame + the most it waited for the port. Each computer's own share "
	        "(its NIC, CPU and OSes) is in its report.</p>\n<table>\n<tr><th>flow</th>"
	        "<th>sent</th><th>delivered</th><th>dropped</th><th>in flight</th>"
	        "<th>delay min / mean / max</th><th>hops</th></tr>\n");
	size_t i, k;
	const json_t *x, *hop;
	char b1[64], b2[64], b3[64];
	json_array_foreach(json_object_get(w, "flows"), i, x) {
		fprintf(f, "<tr><td>");
		report_html(f, str(x, "src"));
		fprintf(f, ":%llu &rarr; ", cnt(x, "sport"));
		report_html(f, str(x, "dst"));
		fprintf(f, ":%llu</td><td>%llu</td><td>%llu</td><td>%llu</td><td>%llu</td><td>",
		        cnt(x, "dport"), cnt(x, "sent"), cnt(x, "delivered"), cnt(x, "dropped"),
		        cnt(x, "in_flight"));
		const json_t *dl = json_object_get(x, "delay_ns");
		if (dl) {
			ns_text(num(dl, "min"), b1, sizeof b1);
			ns_text(num(dl, "mean"), b2, sizeof b2);
			ns_text(num(dl, "max"), b3, sizeof b3);
			fprintf(f, "%s / %s / %s", b1, b2, b3);
		} else {
			fprintf(f, "-");
		}
		fprintf(f, "</td><td>");
		json_array_foreach(json_object_get(x, "hops"), k, hop) {
			ns_text(num(hop, "latency_ns"), b1, sizeof b1);
			ns_text(num(hop, "serialisation_ns"), b2, sizeof b2);
			ns_text(num(hop, "queue_max_ns"), b3, sizeof b3);
			fprintf(f, "%s", k ? "<br>" : "");
			report_html(f, str(hop, "link"));
			fputs(" (", f);
			report_html(f, str(hop, "dir"));
			fprintf(f, "): %s + %s + wait &le; %s", b1, b2, b3);
		}
		fprintf(f, "</td></tr>\n");
	}
	fprintf(f, "</table>\n");
}

/* Each call across the world: its one-way delay budget per direction,
 * gateway + network + far end, against ITU-T G.114's 150 ms. */
static void calls_table(FILE *f, const json_t *w)
{
	const json_t *calls = json_object_get(w, "calls");
	if (!json_array_size(calls))
		return;
	size_t i, over = 0;
	const json_t *c;
	json_array_foreach(calls, i, c)
		over += strcmp(str(c, "g114"), "over 150 ms") == 0;   /* not "-": unmeasured */
	fprintf(f, "<h2>Calls: one-way delay budget</h2>\n<p>%zu calls; %zu over ITU-T G.114's "
	        "150 ms. Per direction (in: far end to the gateway's RT socket; out: the gateway's "
	        "RT to the far end): the gateway's maximum + the network's maximum (the call's RTP "
	        "flow) + the far end's own (calls.delay_budget) = the one-way maximum.</p>\n"
	        "<table>\n<tr><th>call</th><th>gateway</th><th>far end</th><th>in</th><th>out</th>"
	        "<th>G.114</th></tr>\n", json_array_size(calls), over);
	char b1[64], b2[64], b3[64], b4[64];
	json_array_foreach(calls, i, c) {
		fprintf(f, "<tr><td>");
		report_html(f, str(c, "call_id"));
		fprintf(f, "</td><td>");
		report_html(f, str(c, "host"));
		fprintf(f, "</td><td>");
		report_html(f, str(c, "far"));
		fprintf(f, "</td>");
		for (int d = 0; d < 2; d++) {
			const json_t *x = json_object_get(c, d ? "out" : "in");
			if (!json_is_object(x)) {
				fprintf(f, "<td>-</td>");
				continue;
			}
			ns_text(num(x, "gateway_max_ns"), b1, sizeof b1);
			ns_text(num(x, "network_max_ns"), b2, sizeof b2);
			ns_text(num(x, "far_end_ns"), b3, sizeof b3);
			ns_text(num(x, "one_way_max_ns"), b4, sizeof b4);
			fprintf(f, "<td>%s + %s + %s = <b>%s</b></td>", b1, b2, b3, b4);
		}
		const char *g = str(c, "g114");
		fprintf(f, "<td class=\"%s\">", strcmp(g, "ok") ? "bad" : "");
		report_html(f, g);
		fprintf(f, "</td></tr>\n");
	}
	fprintf(f, "</table>\n");
}

int wreport_generate(const char *dir, FILE *err)
{
	char msg[1024];
	char *wp = paths_join(dir, "world.json"), *tmp = paths_join(dir, "report.tmp"),
	     *fin = paths_join(dir, "report"), *data = tmp ? paths_join(tmp, "data") : NULL;
	json_t *w = NULL;
	FILE *f = NULL;
	char *gp = NULL, *ip = NULL;
	int rc = 2;
	if (!wp || !tmp || !fin || !data)
		goto out;
	w = js_load(wp, WORLD_JSON_MAX, msg, sizeof msg);
	if (!w) {
		fprintf(err, "nicshare report: %s\n", msg);
		goto out;
	}
	if (!json_is_array(json_object_get(w, "hosts")) || !json_is_array(json_object_get(w, "links")) ||
	    !json_is_array(json_object_get(w, "routes")) || !json_is_array(json_object_get(w, "flows"))) {
		fprintf(err, "nicshare report: %s: not a world's world.json (hosts, links, routes and "
		        "flows are lists there)\n", wp);
		goto out;
	}
	/* a host's name is a folder here: nothing outside DIR is written */
	size_t i;
	const json_t *h;
	json_array_foreach(json_object_get(w, "hosts"), i, h)
		if (!wcfg_plain_name(str(h, "name"))) {
			fprintf(err, "nicshare report: %s: host \"%s\": not a plain folder name (1 to 64 "
			        "letters, digits, '_' or '-', not starting with '-', as the world's scenario "
			        "requires); no report written\n", wp, str(h, "name"));
			goto out;
		}
	if (!routes_ok(w, wp, err))
		goto out;
	/* an earlier report that cannot be replaced, or no gnuplot: said
	 * before any work */
	gp = report_ready(fin, err);
	if (!gp)
		goto out;
	/* each computer's own report */
	json_array_foreach(json_object_get(w, "hosts"), i, h) {
		if (strcmp(str(h, "kind"), "computer") != 0)
			continue;
		char *hd = paths_join(dir, str(h, "name"));
		const char *dirs[] = {hd};
		int r = hd ? report_generate(dirs, 1, hd, err) : 2;
		free(hd);
		if (r != 0)
			goto out;
	}
	if (report_clear(tmp, msg, sizeof msg) < 0 || mkdir(tmp, 0777) < 0 || mkdir(data, 0777) < 0) {
		fprintf(err, "nicshare report: %s\n", msg[0] ? msg : tmp);
		goto out;
	}
	if (write_figure(w, tmp, report_templates(), err) < 0 ||
	    report_gnuplot_run(gp, tmp, err) < 0)
		goto out;
	ip = paths_join(tmp, "index.html");
	f = ip ? fopen(ip, "w") : NULL;
	if (!f) {
		fprintf(err, "nicshare report: %s: cannot write\n", ip ? ip : tmp);
		goto out;
	}
	const json_t *fr = json_object_get(w, "frames");
	fprintf(f, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>nicshare world "
	        "report</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:1em auto}"
	        "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;"
	        "padding:.2em .5em;text-align:left;vertical-align:top}.bad{color:#b00;"
	        "font-weight:bold}</style></head><body>\n<h1>World: ");
	report_html(f, dir);
	fprintf(f, "</h1>\n<p>%zu hosts, %zu links. Simulated to %.3f ms. Frames between hosts: "
	        "%llu sent, %llu delivered, %llu in flight at the end; conservation %s "
	        "(world.json).</p>\n", json_array_size(json_object_get(w, "hosts")),
	        json_array_size(json_object_get(w, "links")), num(w, "end_ns") / 1e6,
	        cnt(fr, "sent"), cnt(fr, "delivered"), cnt(fr, "in_flight"),
	        json_is_true(json_object_get(fr, "conserved")) ? "holds" : "<b class=\"bad\">broken</b>");
	if (!strcmp(str(w, "network"), "simgrid"))
		fprintf(f, "<p>Every frame crossed each link of its route as a SimGrid communication "
		        "(%llu communications; SimGrid's arrival within %.3g ticks of the port's).</p>\n",
		        cnt(w, "simgrid_communications"), num(w, "simgrid_max_deviation_ticks"));
	else
		fprintf(f, "<p>world.network exact: the ports' own arithmetic moved the frames (no "
		        "SimGrid communications).</p>\n");
	fprintf(f, "<h2>Topology</h2>\n<p>Hosts (computers blue, plain hosts grey) and links "
	        "(bandwidth, latency, utilisation forward / back); an edge joins each route's hosts "
	        "through its links in order.</p>\n<img src=\"topology.svg\" alt=\"topology\">\n");
	hosts_table(f, w);
	links_table(f, w);
	calls_table(f, w);
	flows_table(f, w);
	fprintf(f, "<hr><p style=\"font-size:.85em;color:#555\">Written by <code>nicshare report"
	        "</code> from world.json. <code>gnuplot data/render.gp</code> in this directory "
	        "draws the topology again.</p>\n</body></html>\n");
	int bad = ferror(f);
	bad |= fclose(f);
	f = NULL;
	if (bad) {
		fprintf(err, "nicshare report: %s: cannot write\n", ip);
		goto out;
	}
	if (report_clear(fin, msg, sizeof msg) < 0) {
		fprintf(err, "nicshare report: %s\n", msg);
		goto out;
	}
	if (rename(tmp, fin) < 0) {
		fprintf(err, "nicshare report: %s: %s\n", fin, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (f)
		fclose(f);
	if (rc && tmp)
		report_clear(tmp, msg, sizeof msg);
	json_decref(w);
	free(gp);
	free(ip);
	free(wp);
	free(tmp);
	free(fin);
	free(data);
	return rc;
}
