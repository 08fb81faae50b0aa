#!/bin/sh
# report.sh - end-to-end test of `nicshare report` (src/report.c and the
# gnuplot templates of reports/, doc/report.md).
#
# Runs library scenarios (scenarios/default.yaml, with two latency bounds
# added; scenarios/tdma-vs-priority.yaml under both dispatcher policies),
# then checks that:
#   - the report of one run is written to DIR/report/, every PNG is a valid
#     PNG (signature, chunk CRCs, IHDR with sane sizes, IDAT, IEND) and every
#     SVG well-formed XML with no date and no path of this machine in it;
#   - every number of the HTML tables equals the one of the run's summary.json
#     (its data-value, as a number), times shown in a readable unit (ns, µs,
#     ms, s: 1594709.000 ns is "1.594709 ms", exact), other numbers as the
#     file writes them; every percentile of every class with samples is there,
#     with the percentile method; config.yaml and verify.txt appear verbatim;
#     the bounds' verdicts agree with summary.json, and with verify.txt at
#     a bound's very edge (decided in cycles, as verify does);
#   - the figures' data of a single run against latency.tsv, events.tsv and
#     summary.json worked out here: each CDF step's fraction, the dots of
#     the percentiles and of the bounds at their level, every frame or each
#     time bin's min, max, p99 and count, the histogram's frames, the
#     occupancy steps end to end, each drop reason's total, the queues'
#     peaks; the other counts of summary.json the tables list; times at a
#     unit's edge (1000.000 ns is "1 µs");
#   - the same run directory gives byte-identical index.html and SVGs;
#   - an overlay of two runs has both runs in the tables and both curves;
#   - without gnuplot (NICSHARE_GNUPLOT=/nonexistent, or PATH stripped) the
#     exit status is 2 with a message naming gnuplot, and the run directory,
#     an earlier report included, is untouched;
#   - bad input (no summary.json, malformed JSON, a summary.json without
#     what the report needs, a bad latency.tsv or dispatch.tsv line, bad
#     options, a --window empty or after the run) gives exit status 2 and a
#     message naming the file and place; a gnuplot that warns is heard, one
#     that cannot run or draws nothing leaves no report; a run written with
#     --outputs summary only still gets a report;
#   - an earlier report is replaced only when it holds nothing else (a
#     file ".png", a folder or a link with a figure's name is something
#     else: exit 2 and nothing removed); text of the run's files (a drop reason,
#     a frame id, the directory's name) with backquoted commands is drawn
#     by gnuplot without running them, and HTML-escaped on the page; a
#     sweep's folder with --out is refused with what it is;
#   - a run with calls (scenarios/sip-call.yaml) gets section 6, Voice calls:
#     summary.json's calls table, MOS histogram, jitter per call and set-up
#     CDF, their data against the call's hand-worked values; a run without
#     calls (default.yaml, or calls.sip off) gets none.
#
# Environment (set by `make check`): top_srcdir, NICSHARE, GNUPLOT.
# Exit: 0 all held, 1 a check failed, 77 skipped (no gnuplot or no python3),
# 99 the test could not run.
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
NICSHARE=${NICSHARE:-$top_srcdir/nicshare}
GNUPLOT=${GNUPLOT:-}

if [ -n "$GNUPLOT" ] && [ -x "$GNUPLOT" ]; then
	NICSHARE_GNUPLOT=$GNUPLOT
	export NICSHARE_GNUPLOT
elif command -v gnuplot >/dev/null 2>&1; then
	unset NICSHARE_GNUPLOT
else
	echo "report.sh: SKIP: gnuplot not found"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "report.sh: SKIP: python3 not found"
	exit 77
fi
if [ ! -x "$NICSHARE" ]; then
	echo "report.sh: ERROR: $NICSHARE is not built" >&2
	exit 99
fi
NICSHARE_REPORTS=$top_srcdir/reports
export NICSHARE_REPORTS

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-report.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

failures=0
checks=0
fail() {
	echo "report.sh: FAIL: $*"
	failures=$((failures + 1))
}
ok() {
	checks=$((checks + 1))
}

# A run; exit status 0 or 1 (a bound broken) is a run that completed.
run() {
	out=$1
	shift
	"$NICSHARE" run "$@" --out "$out" --quiet >"$tmp/run.log" 2>&1
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then
		echo "report.sh: ERROR: nicshare run $* exited $rc:" >&2
		cat "$tmp/run.log" >&2
		exit 99
	fi
}

# The checker: python3 check.py REPORTDIR RUNDIR... (exit 1 and a message
# per problem).
cat >"$tmp/check.py" <<'EOF'
import html, html.parser, json, math, os, re, struct, sys, zlib
import xml.etree.ElementTree as ET

rep, runs = sys.argv[1], sys.argv[2:]
problems = []
def bad(msg):
    problems.append(msg)

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.imgs, self.svgs, self.cells, self.text, self.pres = [], [], [], [], []
        self._cell = None
        self._pre = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'img':
            self.imgs.append(a.get('src'))
        if tag == 'a' and a.get('href', '').endswith('.svg'):
            self.svgs.append(a['href'])
        if tag == 'td' and 'data-json' in a:
            self._cell = [int(a['data-run']), a['data-json'], '', a.get('data-value')]
        if tag == 'pre':
            self._pre = ''
    def handle_endtag(self, tag):
        if tag == 'td' and self._cell is not None:
            self.cells.append(tuple(self._cell))
            self._cell = None
        if tag == 'pre' and self._pre is not None:
            self.pres.append(self._pre)
            self._pre = None
    def handle_data(self, d):
        self.text.append(d)
        if self._cell is not None:
            self._cell[2] += d
        if self._pre is not None:
            self._pre += d

index = os.path.join(rep, 'index.html')
page = Page()
page.feed(open(index, encoding='utf-8').read())
text = ''.join(page.text)

# -- images: every PNG valid, every SVG well-formed, nothing stray
def check_png(p):
    d = open(p, 'rb').read()
    if d[:8] != b'\x89PNG\r\n\x1a\n':
        return bad(p + ': no PNG signature')
    i, first, types = 8, True, []
    while i < len(d):
        if i + 12 > len(d):
            return bad(p + ': truncated chunk')
        n, t = struct.unpack('>I4s', d[i:i + 8])
        body = d[i + 8:i + 8 + n]
        crc, = struct.unpack('>I', d[i + 8 + n:i + 12 + n])
        if zlib.crc32(t + body) & 0xffffffff != crc:
            return bad('%s: bad CRC in chunk %r' % (p, t))
        if first:
            if t != b'IHDR' or n != 13:
                return bad(p + ': first chunk is not a 13-byte IHDR')
            w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
            if not (200 <= w <= 3000 and 150 <= h <= 3000):
                bad('%s: odd size %dx%d' % (p, w, h))
            if depth not in (8, 16) or ctype not in (2, 6):
                bad('%s: bit depth %d colour type %d' % (p, depth, ctype))
            first = False
        types.append(t)
        i += 12 + n
    if b'IDAT' not in types or types[-1] != b'IEND':
        bad(p + ': no IDAT or not ended by IEND')

# a date or a time of day (not a MAC address: no hex digit or colon around)
date = re.compile(r'(19|20)\d\d-\d\d-\d\d|(?<![0-9a-fA-F:])\d\d:\d\d:\d\d(?![0-9a-fA-F:])')
for src in page.imgs:
    p = os.path.join(rep, src)
    if not os.path.isfile(p):
        bad('index.html shows a missing image ' + src)
    else:
        check_png(p)
for href in sorted(set(page.svgs)):
    p = os.path.join(rep, href)
    if not os.path.isfile(p):
        bad('index.html links a missing SVG ' + href)
        continue
    try:
        root = ET.parse(p).getroot()
    except ET.ParseError as e:
        bad('%s: not well-formed XML: %s' % (p, e))
        continue
    if not root.tag.endswith('svg'):
        bad(p + ': root element is ' + root.tag)
    if float(root.get('width', '0')) <= 0 or float(root.get('height', '0')) <= 0:
        bad(p + ': no width/height')
    s = open(p, encoding='utf-8').read()
    if date.search(s):
        bad(p + ': a date or time of day in the SVG')
    for r in runs + [rep, os.getcwd()]:
        if os.path.abspath(r) in s:
            bad(p + ': a path of this machine in the SVG: ' + os.path.abspath(r))
for f in os.listdir(rep):
    if f.endswith('.png') and f not in page.imgs:
        bad('stray image ' + f)
    if f.endswith('.svg') and f not in page.svgs:
        bad('stray SVG ' + f)
# outside the verbatim files (config.yaml may hold anything)
if date.search(re.sub(r'(?s)<pre>.*?</pre>', '', open(index, encoding='utf-8').read())):
    bad('index.html holds a date or a time of day')

# -- the tables: the text of summary.json, exactly
sums = [json.load(open(os.path.join(r, 'summary.json')), parse_float=str, parse_int=str)
        for r in runs]
seen = set()
from decimal import Decimal
def readable_ns(t):
    """ns text -> the readable form, computed here from the decimal text"""
    ps = int(Decimal(t) * 1000)
    for div, name in ((10**12, 's'), (10**9, 'ms'), (10**6, 'µs'), (10**3, 'ns')):
        if ps >= div or name == 'ns':
            ip, fr = divmod(ps, div)
            f = ('%0*d' % (len(str(div)) - 1, fr)).rstrip('0') if div > 1 else ''
            return '%d%s%s %s' % (ip, '.' if f else '', f, name)
for ri, key, val, dv in page.cells:
    node = sums[ri]
    for k in key.split('/'):
        if not isinstance(node, dict) or k not in node:
            bad('cell %s of run %d: not in summary.json' % (key, ri))
            node = None
            break
        node = node[k]
    if node is not None:
        if dv is None or Decimal(dv) != Decimal(node):
            bad('cell %s of run %d: data-value %r, summary.json %r' % (key, ri, dv, node))
        if key.endswith('_ns'):
            ok = val.strip() == readable_ns(node)
        else:
            try:
                ok = Decimal(val.strip()) == Decimal(node)
            except Exception:
                ok = False
        if not ok:
            bad('cell %s of run %d: HTML %r, summary.json %r' % (key, ri, val, node))
    seen.add((ri, key))
stats = ['count', 'min_ns', 'mean_ns', 'p50_ns', 'p90_ns', 'p99_ns', 'p99.9_ns', 'max_ns']
for ri, s in enumerate(sums):
    for cls, v in s['latency'].items():
        want = stats if int(v['count']) > 0 else ['count']
        for st in want:
            if (ri, 'latency/%s/%s' % (cls, st)) not in seen:
                bad('run %d: latency %s %s is not in the table' % (ri, cls, st))
    for d in s['decisions']:
        if (ri, 'decisions/' + d) not in seen:
            bad('run %d: decision %s is not in the table' % (ri, d))
    for dec, reasons in s['reasons'].items():
        for r in reasons:
            if (ri, 'reasons/%s/%s' % (dec, r)) not in seen:
                bad('run %d: reason %s/%s is not in the table' % (ri, dec, r))
    for h in s['cpu_share']:
        if (ri, 'cpu_share/' + h) not in seen:
            bad('run %d: cpu_share %s is not in the table' % (ri, h))
    if s['percentile_method'] not in text:
        bad('run %d: the percentile method is not stated' % ri)

# -- verbatim texts
for ri, r in enumerate(runs):
    for name in ('config.yaml', 'verify.txt'):
        p = os.path.join(r, name)
        if os.path.isfile(p) and open(p, encoding='utf-8').read() not in page.pres:
            bad('run %d: %s is not shown verbatim' % (ri, name))

# -- figures present for what the run wrote
for ri, r in enumerate(runs):
    s = sums[ri]
    if os.path.isfile(os.path.join(r, 'latency.tsv')):
        for cls, v in s['latency'].items():
            if int(v['count']) > 0:
                for kind in ('cdf', 'hist', 'time'):
                    if '%s-%s.png' % (kind, cls) not in page.imgs:
                        bad('no %s figure for %s' % (kind, cls))
    if os.path.isfile(os.path.join(r, 'dispatch.tsv')) and 'gantt-%d.png' % (ri + 1) not in page.imgs:
        bad('run %d: no Gantt chart' % ri)
    if os.path.isfile(os.path.join(r, 'events.tsv')) and 'occupancy-%d.png' % (ri + 1) not in page.imgs:
        bad('run %d: no occupancy figure' % ri)

# -- bounds: the verdict shown agrees with summary.json
body = open(index, encoding='utf-8').read()
verdicts = 0
for m in re.finditer(r'<tr><td><span class="run">.*?</span></td><td>([a-z-]+)</td><td>([a-z0-9.]+)'
                     r'</td><td class="n">([^<]+)</td><td class="n" data-run="(\d+)"[^>]*data-value="([^"]+)"[^>]*>[^<]+'
                     r'</td><td class="(ok|bad)">', body):
    verdicts += 1
    cls, stat, bound, ri, measured, verdict = m.groups()
    mult = {'ns': 1e-3, 'us': 1, 'ms': 1e3, 's': 1e6}
    u = re.match(r'([0-9.]+)([a-z]+)$', bound)
    b_us = float(u.group(1)) * mult[u.group(2)]
    holds = float(measured) / 1000 <= b_us
    if holds != (verdict == 'ok'):
        bad('bound %s %s %s: verdict %s, measured %s' % (cls, stat, bound, verdict, measured))
if verdicts != len(re.findall(r'<td class="(?:ok|bad)">', body)):
    bad('a verdict row of the bounds table could not be read')

# -- the other counts of the tables: each number of summary.json's objects
# the page lists (outgoing frames, interrupts raised and merged, ARP
# updates, control, CPU cycles, queue high water) is there for each run
for ri, s in enumerate(sums):
    want = ['outgoing/' + k for k in s['outgoing'] if k != 'drops']
    want += ['outgoing/drops/' + k for k in s['outgoing']['drops']]
    want += ['interrupts/raised', 'interrupts/merged']
    for obj in ('arp_updates', 'control', 'cpu_cycles', 'queues_high_water'):
        want += ['%s/%s' % (obj, k) for k in s[obj]]
    for k in want:
        if (ri, k) not in seen:
            bad('run %d: %s is not in the table' % (ri, k))

# -- the figures' data of a single run, worked out here from latency.tsv,
# events.tsv and summary.json (doc/report.md): the CDF steps, the
# percentile dots, the latency of every frame or each time bin's min, max,
# p99 (nearest rank) and count, the queues' peaks
def blocks(path):
    """data blocks of a gnuplot file: [(comment, [[float...]...])]"""
    out = []
    for chunk in open(path).read().split('\n\n\n'):
        lines = [l for l in chunk.split('\n') if l.strip()]
        if not lines:
            continue
        head = lines[0] if lines[0].startswith('#') else ''
        out.append((head, [[float(x) for x in l.split()] for l in lines if not l.startswith('#')]))
    return out
if len(runs) == 1 and os.path.isfile(os.path.join(runs[0], 'latency.tsv')):
    s = sums[0]
    hz = int(s['cpu_hz'])
    end = int(s['simulated_cycles'])
    lat = {}
    for l in list(open(os.path.join(runs[0], 'latency.tsv')))[1:]:
        f = l.rstrip('\n').split('\t')
        lat.setdefault(f[1], []).append((int(f[2]), int(f[4])))
    us = lambda cyc: cyc / hz * 1e6
    close = lambda a, b: abs(a - b) <= 1e-8 * max(abs(a), abs(b), 1e-3)
    for cls, v in s['latency'].items():
        n = int(v['count'])
        if not n:
            continue
        cyc = sorted(c for _, c in lat[cls])
        ytop = 1 - 0.5 / n
        (_, pts), = blocks(os.path.join(rep, 'data', 'cdf-%s.dat' % cls))
        # it starts at the minimum (F 0) and ends at the maximum (F at the
        # top: 1 - 0.5 / n, the last step drawn); each step's F is the
        # fraction of frames at or below its x
        if not (close(pts[0][0], us(cyc[0])) and pts[0][1] == 0):
            bad('cdf-%s: first point %r, not (%r, 0)' % (cls, pts[0], us(cyc[0])))
        if not (close(pts[-1][0], us(cyc[-1])) and close(pts[-1][1], ytop)):
            bad('cdf-%s: last point %r, not (%r, %r)' % (cls, pts[-1], us(cyc[-1]), ytop))
        for x, F in pts[1:]:
            xc = round(x * hz / 1e6)
            want = min(sum(1 for c in cyc if c <= xc) / n, ytop)
            if not close(F, want):
                bad('cdf-%s: F(%r) = %r, %r of the frames are at or below' % (cls, x, F, want))
                break
        (_, marks), = blocks(os.path.join(rep, 'data', 'cdf-%s-marks.dat' % cls))
        want = [[float(Decimal(v[k]) / 1000), min(lv, ytop)] for k, lv in
                (('p50_ns', .5), ('p90_ns', .9), ('p99_ns', .99), ('p99.9_ns', .999))]
        if len(marks) != 4 or not all(close(a[0], b[0]) and close(a[1], b[1]) for a, b in zip(marks, want)):
            bad('cdf-%s-marks: %r, summary.json says %r' % (cls, marks, want))
        # latency over time: every frame (up to 4000), else 500 bins
        (head, tp), = blocks(os.path.join(rep, 'data', 'time-%s.dat' % cls))
        unit = re.search(r'\((µs|ms|s)\)', head).group(1)
        scale = {'µs': 1e6, 'ms': 1e3, 's': 1.0}[unit]
        if n <= 4000:
            want = [[a / hz * scale, us(c)] for a, c in lat[cls]]
            if len(tp) != n or not all(close(p[0], q[0]) and close(p[1], q[1]) for p, q in zip(tp, want)):
                bad('time-%s: not every frame at its time and latency' % cls)
        else:
            bw = end // 500 + 1
            m = re.search(r'bin width ([0-9.e+-]+) ', head)
            if not m or round(float(m.group(1)) / scale * hz) != bw:
                bad('time-%s: bin width %r, not %d cycles' % (cls, m and m.group(1), bw))
            bins = {}
            for a, c in lat[cls]:
                bins.setdefault(min(a // bw, 499), []).append(c)
            want = []
            for b in sorted(bins):
                x = sorted(bins[b])
                k = len(x)
                row = [us(x[0]), us(x[-1]), us(x[-(-99 * k // 100) - 1]), k]
                want += [[b * bw / hz * scale] + row, [(b + 1) * bw / hz * scale] + row]
            if len(tp) != len(want) or not all(all(close(p, q) for p, q in zip(a, b))
                                               for a, b in zip(tp, want)):
                bad('time-%s: bins are not each bin\'s min, max, p99 and count' % cls)
    # the queues' peaks (the table's "peak (from events.tsv)"): a frame
    # counts in the RX ring from its dma to its classify, in channel 1 from
    # proxy-out to gp-proxy, in channel 2 from proxy-in to its txs with
    # detail gp, and in none after its drop
    ev = os.path.join(runs[0], 'events.tsv')
    if os.path.isfile(ev):
        inq = [set(), set(), set()]
        peak = [0, 0, 0]
        moves = {'dma': (0, 1), 'classify': (0, -1), 'proxy-out': (1, 1), 'gp-proxy': (1, -1),
                 'proxy-in': (2, 1)}
        for l in list(open(ev))[1:]:
            f = l.rstrip('\n').split('\t')
            st = f[2]
            if st == 'txs' and f[3] == 'gp':
                st = 'txs-gp'
                moves['txs-gp'] = (2, -1)
            if st in ('drop', 'nic-drop'):
                for q in inq:
                    q.discard(f[1])
            elif st in moves:
                q, d = moves[st]
                (inq[q].add if d > 0 else inq[q].discard)(f[1])
                peak[q] = max(peak[q], len(inq[q]))
        shown = re.findall(r'data-json="queues_high_water/[a-z_]+"[^>]*>[^<]*</td><td class="n">([^<]*)</td>',
                           body)
        want = [str(peak[0]), '&ndash;', str(peak[1]), str(peak[2]), '&ndash;', '&ndash;']
        if shown != want:
            bad('queues: peaks from events.tsv %r, want %r' % (shown, want))
    # every frame of the class is in the histogram, once
    for cls, v in s['latency'].items():
        n = int(v['count'])
        if n:
            (_, hb), = blocks(os.path.join(rep, 'data', 'hist-%s.dat' % cls))
            if sum(int(r[2]) for r in hb) != n:
                bad('hist-%s: %d frames in the bins, summary.json counts %d' % (cls, sum(int(r[2]) for r in hb), n))
            # and each in its own bin of 20 a decade, from latency.tsv's
            # cycles (review n36: samples near an edge were a bin off)
            lt = os.path.join(runs[0], 'latency.tsv')
            if len(runs) == 1 and os.path.isfile(lt):
                hz = int(s['cpu_hz'])
                want = {}
                for l in list(open(lt))[1:]:
                    f = l.split('\t')
                    if f[1] == cls:
                        b = math.floor(math.log10(max(int(f[4]), 1) * 1e6 / hz) * 20)
                        want[b] = want.get(b, 0) + 1
                got = {round(math.log10(r[0]) * 20): int(r[2]) for r in hb}
                if got != want:
                    bad('hist-%s: bins %r, from latency.tsv %r' % (cls, sorted(got.items())[:8], sorted(want.items())[:8]))
if len(runs) == 1 and os.path.isfile(os.path.join(runs[0], 'events.tsv')):
    # the occupancy steps run end to end over the 1000 bins of the run
    # (each bin end / 1000 + 1 cycles wide), each step's two rows at one level
    hz, end = int(sums[0]['cpu_hz']), int(sums[0]['simulated_cycles'])
    bw = end // 1000 + 1
    (head, oc), = blocks(os.path.join(rep, 'data', 'occupancy-1.dat'))
    scale = {'µs': 1e6, 'ms': 1e3, 's': 1.0}[re.search(r'time \((µs|ms|s)\)', head).group(1)]
    steps = [oc[i:i + 2] for i in range(0, len(oc), 2)]
    last = 0.0
    for a, z in steps:
        if a[1:] != z[1:] or abs(a[0] - last) > 1e-9 * max(1, last) or z[0] <= a[0]:
            bad('occupancy-1: step %r %r does not start where the last ended (%r)' % (a, z, last))
            break
        last = z[0]
    if abs(last - 1000 * bw / hz * scale) > 1e-8 * last:
        bad('occupancy-1: ends at %r, not at 1000 bins of %d cycles' % (last, bw))
    # drops: each reason's total in the legend and in the bins is its count
    # of events.tsv lines (nic-drop and drop: the detail, an outgoing
    # frame's "(outgoing)"; ctl-drop: the control channel)
    want = {}
    for l in list(open(os.path.join(runs[0], 'events.tsv')))[1:]:
        f = l.rstrip('\n').split('\t')
        name = {'nic-drop': f[3], 'drop': f[3] + (' (outgoing)' if f[1][:1] == 'o' else ''),
                'ctl-drop': 'control channel full (commands)'}.get(f[2])
        if name:
            want[name] = want.get(name, 0) + 1
    if want:
        g = open(os.path.join(rep, 'data', 'drops-1.gp')).read()
        t = re.search(r'array T\[\d+\] = \[(.*)\]', g).group(1)
        legend = ['"%s (%d)"' % kv for kv in want.items()]
        if re.findall(r'"[^"]*"', t) != legend:
            bad('drops-1: legend %s, events.tsv counts %s' % (t, legend))
        rows = [[int(x) for x in l.split()[1:]] for l in open(os.path.join(rep, 'data', 'drops-1.dat'))
                if l[:1] not in ('#', '\n')]
        if [sum(r[i] for r in rows[:1000]) for i in range(len(want))] != list(want.values()):
            bad('drops-1.dat: bins add up to %r, events.tsv counts %r' %
                ([sum(r[i] for r in rows[:1000]) for i in range(len(want))], list(want.values())))

# -- small files: binned data, not a point per frame
total = 0
for dp, dn, fn in os.walk(rep):
    for f in fn:
        total += os.path.getsize(os.path.join(dp, f))
if total > 8 * 1024 * 1024:
    bad('the report takes %d bytes' % total)
for f in os.listdir(os.path.join(rep, 'data')):
    if f.endswith('.dat'):
        n = sum(1 for line in open(os.path.join(rep, 'data', f)) if line[:1] not in ('#', '\n'))
        if n > 20000:
            bad('data/%s has %d points' % (f, n))

for p in problems:
    print('  ' + p)
sys.exit(1 if problems else 0)
EOF

# checksums of a run directory (the report subdirectories included)
sums() {
	(cd "$1" && find . -type f | LC_ALL=C sort | xargs md5sum) >"$2"
}

# ---- the runs ------------------------------------------------------------
def=$tmp/def
run "$def" "$top_srcdir/scenarios/default.yaml" \
	--set verify.latency.rt-rx.p99=1ms --set verify.latency.gp-tx.max=1us
tdma=$tmp/tdma
prio=$tmp/prio
run "$tdma" "$top_srcdir/scenarios/tdma-vs-priority.yaml"
run "$prio" "$top_srcdir/scenarios/tdma-vs-priority.yaml" --set dispatcher.policy=priority

# ---- one run ---------------------------------------------------------------
sums "$def" "$tmp/def.before"
if "$NICSHARE" report "$def" >"$tmp/out" 2>"$tmp/err"; then
	ok
	grep -q "$def/report/index.html" "$tmp/out" || fail "report does not print where index.html is"
	[ -s "$tmp/err" ] && fail "report said on stderr: $(cat "$tmp/err")"
	python3 "$tmp/check.py" "$def/report" "$def" || fail "report of default.yaml"
	grep -q 'p99 bound 1ms' "$def/report/data/cdf-rt-rx.gp" || fail "the rt-rx bound is not drawn"
	# verify.txt's long lines wrap instead of being cut at the page's edge
	grep -q 'pre{[^}]*white-space:pre-wrap' "$def/report/index.html" || fail "pre text does not wrap"
	grep -q '<td>gp-tx</td><td>max</td>.*exceeded' "$def/report/index.html" ||
		fail "the broken gp-tx bound is not shown exceeded"
	grep -q '<td>rt-rx</td><td>p99</td>.*holds' "$def/report/index.html" ||
		fail "the rt-rx bound that held is not shown holding"
	# the run's own outputs are as they were
	(cd "$def" && find . -path ./report -prune -o -type f -print | LC_ALL=C sort | xargs md5sum) \
		>"$tmp/def.after"
	grep -v '^[0-9a-f]*  ./report/' "$tmp/def.before" | cmp -s - "$tmp/def.after" ||
		fail "report changed the run's outputs"
else
	fail "nicshare report $def exited $?: $(cat "$tmp/err")"
fi

# ---- deterministic: the same run, the same bytes ----------------------------
cp -r "$def/report" "$tmp/first"
if "$NICSHARE" report "$def" >/dev/null 2>"$tmp/err"; then
	for f in "$tmp/first"/index.html "$tmp/first"/*.svg "$tmp/first"/*.png "$tmp/first"/data/*; do
		cmp -s "$f" "$def/report/${f#$tmp/first/}" || fail "second report differs: ${f#$tmp/first/}"
	done
	ok
else
	fail "second report exited $?: $(cat "$tmp/err")"
fi

# ---- overlay ---------------------------------------------------------------
if "$NICSHARE" report "$tdma" "$prio" --out "$tmp/ov" >"$tmp/out" 2>"$tmp/err"; then
	ok
	python3 "$tmp/check.py" "$tmp/ov/report" "$tdma" "$prio" || fail "overlay report"
	blocks=$(grep -c '^# ' "$tmp/ov/report/data/cdf-rt-rx.dat")
	[ "$blocks" -eq 2 ] || fail "overlay CDF of rt-rx has $blocks curves, not 2"
	grep -q '<code>dispatcher.policy</code></td><td>tdma</td><td>priority</td>' \
		"$tmp/ov/report/index.html" || fail "overlay does not list dispatcher.policy as differing"
	[ -f "$tmp/ov/report/gantt-2.png" ] || fail "overlay has no Gantt chart for the second run"
else
	fail "overlay exited $?: $(cat "$tmp/err")"
fi
# without --out: the first run's report-overlay/
if "$NICSHARE" report "$tdma" "$prio" >/dev/null 2>"$tmp/err" &&
	[ -f "$tdma/report-overlay/index.html" ]; then
	ok
else
	fail "overlay without --out: no $tdma/report-overlay/index.html"
fi

# ---- figures: bounds at one value share a label; a peak above capacity is
# explained in the figure (issue 15 item 8)
"$NICSHARE" run "$top_srcdir/scenarios/proxy-full.yaml" --quiet --out "$tmp/pf" \
	--set verify.latency.rt-rx.p99=20us --set verify.latency.rt-rx.max=20us >/dev/null 2>&1
if "$NICSHARE" report "$tmp/pf" >/dev/null 2>"$tmp/err"; then
	python3 "$tmp/check.py" "$tmp/pf/report" "$tmp/pf" || fail "report of proxy-full"
	grep -q '"p99, max bound 20us"' "$tmp/pf/report/data/cdf-rt-rx.gp" && ok ||
		fail "p99 and max bounds at 20us: not one label: $(grep 'array BT' "$tmp/pf/report/data/cdf-rt-rx.gp")"
	# channel 1 holds 8 slots; its count reaches 9 (the frame the GP proxy
	# driver took): the figure says why, under the key
	grep -q 'peak 9 of 8 slots (\*)' "$tmp/pf/report/data/occupancy-1.gp" &&
		grep -q 'label 1 "(\*) the one above capacity is the frame the GP proxy driver' \
			"$tmp/pf/report/data/occupancy-1.gp" && ok ||
		fail "occupancy: a peak above capacity is not explained: $(grep peak "$tmp/pf/report/data/occupancy-1.gp")"
else
	fail "report of proxy-full: $(cat "$tmp/err")"
fi

# ---- an overlay hides no failure (issue 15 item 3) --------------------------------
VV=$top_srcdir/tests/verify/verify-voip.yaml
"$NICSHARE" run "$VV" --quiet --out "$tmp/vok" >/dev/null 2>&1
"$NICSHARE" run "$VV" --quiet --out "$tmp/vbad" --set verify.routing.0.goes_to=gp \
	--set verify.latency.rt-rx.max=1ns >/dev/null 2>&1
if "$NICSHARE" report "$tmp/vok" "$tmp/vbad" --out "$tmp/vov" >/dev/null 2>"$tmp/err"; then
	python3 - "$tmp/vov/report/index.html" "$tmp/vok/verify.txt" "$tmp/vbad/verify.txt" <<'PYEOF' || fail "overlay of a failed run"
import re, sys
h = open(sys.argv[1], encoding='utf-8').read()
want_fail = sum(l.startswith('FAIL  ') for f in sys.argv[2:] for l in open(f))
want_ok = sum(l.startswith('ok    ') for f in sys.argv[2:] for l in open(f))
i = h.find('id="checks"')
if i < 0:
    print('report.sh: no table of every check'); sys.exit(1)
rows = re.findall(r'<td class="(bad|ok) chk">(FAILED|held)</td><td><code>([^<]*)</code>', h[i:h.find('</table>', i)])
verdicts = [r[1] for r in rows]
if verdicts.count('FAILED') != want_fail or verdicts.count('held') != want_ok:
    print('report.sh: checks table: %d failed, %d held; verify.txt: %d, %d'
          % (verdicts.count('FAILED'), verdicts.count('held'), want_fail, want_ok)); sys.exit(1)
if want_fail != 2 or verdicts[:2] != ['FAILED', 'FAILED']:
    print('report.sh: the failures are not first: %r' % verdicts[:4]); sys.exit(1)
if not any(r[2] == 'verify.routing.0' and r[1] == 'FAILED' for r in rows):
    print('report.sh: the failed routing check is not listed'); sys.exit(1)
PYEOF
	ok
else
	fail "overlay of a failed run exited $?: $(cat "$tmp/err")"
fi

# ---- the Gantt window ------------------------------------------------------
if "$NICSHARE" report "$prio" --window 100ms:100.2ms >/dev/null 2>"$tmp/err"; then
	grep -q 'window given with <code>--window</code>' "$prio/report/index.html" ||
		fail "--window: the caption does not say the window was given"
	grep -q '100.000000 ms to 100.200000 ms' "$prio/report/index.html" ||
		fail "--window 100ms:100.2ms: not the window drawn"
	ok
else
	fail "--window exited $?: $(cat "$tmp/err")"
fi

# ---- no gnuplot: exit 2, a clear message, nothing touched ------------------
sums "$def" "$tmp/g.before"
NICSHARE_GNUPLOT=/nonexistent "$NICSHARE" report "$def" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "NICSHARE_GNUPLOT=/nonexistent: exit $rc, not 2"
grep -q 'gnuplot not found' "$tmp/err" || fail "no gnuplot: unclear message: $(cat "$tmp/err")"
env -u NICSHARE_GNUPLOT PATH=/nonexistent "$NICSHARE" report "$def" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "PATH without gnuplot: exit $rc, not 2"
grep -q 'gnuplot not found' "$tmp/err" || fail "PATH without gnuplot: unclear message: $(cat "$tmp/err")"
sums "$def" "$tmp/g.after"
cmp -s "$tmp/g.before" "$tmp/g.after" || fail "a report without gnuplot changed the run directory"
ok

# ---- bad input: exit 2 and the file (and place) named ------------------------
expect2() {   # expect2 WHAT PATTERN ARGS...
	what=$1
	pat=$2
	shift 2
	"$NICSHARE" report "$@" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 2 ]; then
		fail "$what: exit $rc, not 2"
	elif ! grep -q -- "$pat" "$tmp/err"; then
		fail "$what: message does not match '$pat': $(cat "$tmp/err")"
	else
		ok
	fi
}
b=$tmp/bad
mkdir "$b"
cp "$def/config.yaml" "$def/latency.tsv" "$b/"
expect2 "no summary.json" "$b/summary.json: cannot read" "$b"
expect2 "not a directory" "not a run directory" "$b/config.yaml"
expect2 "no such directory" "not a run directory" "$tmp/nonexistent"
# malformed summary.json: each edit of the real file must fail on the line
# it changed, with what is wrong
while IFS='|' read -r name sedexpr what; do
	sed -e "$sedexpr" "$def/summary.json" >"$b/summary.json"
	line=$(diff "$def/summary.json" "$b/summary.json" | sed -n '1s/^\([0-9]*\).*/\1/p')
	cmp -s "$def/summary.json" "$b/summary.json" && { fail "summary.json: $name: no edit"; continue; }
	expect2 "summary.json: $name" "summary.json:$line:[0-9]*: $what" "$b"
done <<'EOT'
trailing comma|s/"skip": \([0-9]*\)}/"skip": \1,}/|not JSON: string or '}' expected
bare word|s/"scenario": "\([^"]*\)"/"scenario": \1/|not JSON: invalid token
duplicate member|s/"skip": \([0-9]*\)}/"skip": \1, "skip": 0}/|not JSON: duplicate object key
leading zero|s/"cpu_hz": \([0-9]\)/"cpu_hz": 0\1/|not JSON: invalid token
control character in a string|s/"scenario": "\(.\)/"scenario": "\1\t/|not JSON: control character
unknown escape|s/"percentile_method": "/"percentile_method": "\\q/|not JSON: invalid escape
EOT
sed -e '$d' "$def/summary.json" >"$b/summary.json"
expect2 "summary.json: no closing brace" "summary.json:[0-9]*:[0-9]*: not JSON: '}' expected" "$b"
printf '{"cpu_hz": 3000000000}\n' >"$b/summary.json"
expect2 "summary.json: not nicshare's" "is this a nicshare summary.json" "$b"
cp "$def/summary.json" "$b/summary.json"
sed -e '3s/\t[0-9]*\t/\tx\t/' "$def/latency.tsv" >"$b/latency.tsv"
expect2 "latency.tsv: a bad number" "latency.tsv:3:" "$b"
sed -e '1s/.*/frame class/' "$def/latency.tsv" >"$b/latency.tsv"
expect2 "latency.tsv: not its header" "latency.tsv:1:" "$b"
cp "$def/latency.tsv" "$b/latency.tsv"
printf 'start_cycle\tend_cycle\twho\twhy\n0\t10\tnobody\tstart\n' >"$b/dispatch.tsv"
expect2 "dispatch.tsv: unknown holder" "dispatch.tsv:2:" "$b"
rm "$b/dispatch.tsv"
# config.yaml is read by the scenario loader: a typo is named with its line
cp "$def/config.yaml" "$tmp/config.good"
sed -e 's/^  rx_ring:/  rx_rnig:/' "$tmp/config.good" >"$b/config.yaml"
expect2 "config.yaml: a key typo" "config.yaml:[0-9]*:[0-9]*: nic.rx_rnig" "$b"
sed -e 's/^  rx_ring: *[0-9]*/  rx_ring: lots/' "$tmp/config.good" >"$b/config.yaml"
expect2 "config.yaml: a bad value" "config.yaml:[0-9]*:[0-9]*: nic.rx_ring" "$b"
# a capture no longer where the run read it: the report is still written
sed -e 's|^  file: .*|  file: "/nonexistent/moved.pcap"|' "$tmp/config.good" >"$b/config.yaml"
grep -q 'moved.pcap' "$b/config.yaml" || fail "config.yaml: no trace.file line to edit"
if "$NICSHARE" report "$b" >/dev/null 2>"$tmp/err"; then ok; else
	fail "config.yaml naming a moved capture: exit $?: $(cat "$tmp/err")"; fi
cp "$tmp/config.good" "$b/config.yaml"
expect2 "no directory" "needs a run directory"
expect2 "unknown option" "unknown option" "$def" --colour
expect2 "--window without END" "START:END" "$def" --window 1ms
expect2 "--window END before START" "END must be after START" "$def" --window 2ms:1ms
expect2 "--window not a time" "--window" "$def" --window 1parsec:2ms

# a report directory holding someone else's file is not removed
mkdir -p "$tmp/own/report"
cp -r "$def"/summary.json "$tmp/own/"
echo mine >"$tmp/own/report/notes.txt"
expect2 "foreign file in report/" "did not write" "$tmp/own"
[ -f "$tmp/own/report/notes.txt" ] || fail "report removed a file it did not write"

# an earlier report is replaced only when it holds nothing but what a report
# writes (*.html *.png *.svg, data/ with *.gp *.dat *.log); else exit 2, the
# other file named, and nothing at all removed: not the earlier report, not
# the other file, no report.tmp left (doc/report.md)
for extra in notes.txt review-notes.log myplot.gp data/notes.txt; do
	o=$tmp/keep
	rm -rf "$o" "$o.sums"
	mkdir -p "$o"
	cp -r "$def/report" "$o/report"
	echo "someone's" >"$o/report/$extra"
	sums "$o" "$o.sums"
	expect2 "an earlier report with $extra" "report/$extra: a file nicshare report did not write" \
		"$def" --out "$o"
	sums "$o" "$o.after"
	cmp -s "$o.sums" "$o.after" && [ ! -e "$o/report.tmp" ] && ok ||
		fail "an earlier report with $extra: removed or changed: $(diff "$o.sums" "$o.after")"
done
rm -rf "$tmp/keep"

# summary.json that parses but is not a run's summary: each thing the
# report needs, taken away in turn, is named (a cpu_hz of 0 would divide
# by zero)
while IFS='|' read -r name edit what; do
	python3 -c "import json, sys; s = json.load(open(sys.argv[1])); $edit; json.dump(s, open(sys.argv[2], 'w'))" \
		"$def/summary.json" "$b/summary.json"
	expect2 "summary.json: $name" "$b/summary.json: $what; is this a nicshare summary.json" "$b"
done <<'EOT'
cpu_hz 0|s['cpu_hz'] = 0|no "cpu_hz" (a whole number of Hz)
no simulated_cycles|del s['simulated_cycles']|no "simulated_cycles"
latency not an object|s['latency'] = []|no "latency" object
no percentile_method|del s['percentile_method']|no "percentile_method" text
a class without its count|del s['latency']['rt-rx']['count']|a latency class without a "count"
a class without its p99|del s['latency']['rt-rx']['p99_ns']|a latency class without its percentiles
EOT
cp "$def/summary.json" "$b/summary.json"
# latency.tsv's line 3 whose cycles are not end - start; dispatch.tsv's
# interval that ends before it starts
awk -F '\t' -v OFS='\t' 'NR == 3 { $5 = $5 + 1 } { print }' "$def/latency.tsv" >"$b/latency.tsv"
expect2 "latency.tsv: cycles not end - start" "latency.tsv:3: start_cycle, end_cycle, cycles must be whole numbers with end - start = cycles" "$b"
cp "$def/latency.tsv" "$b/latency.tsv"
printf 'start_cycle\tend_cycle\twho\twhy\n0\t10\trt\tstart\n20\t15\tgp\tslice\n' >"$b/dispatch.tsv"
expect2 "dispatch.tsv: an interval ending before its start" "dispatch.tsv:3: expected start_cycle end_cycle who why" "$b"
rm "$b/dispatch.tsv"
# --window: END equal to START is no window; a START at the run's very end
# (simulated_cycles at cpu_hz, in ps rounded up: the cycle it falls in is
# the last one) is after the run
expect2 "--window END equal to START" "END must be after START" "$def" --window 1ms:1ms
wend=$(python3 -c "import json, sys; s = json.load(open(sys.argv[1])); print(-(-s['simulated_cycles'] * 10**12 // s['cpu_hz']))" "$def/summary.json")
expect2 "--window at the run's end" "after the end of the run" "$def" --window "${wend}ps:$((wend + 1000))ps"

# gnuplot's words are passed on; a gnuplot that cannot be executed is said
# to be so; one that writes no figure leaves no report (and an earlier one
# whole)
cat >"$tmp/gp-warn" <<EOF
#!/bin/sh
echo "warning: a word from gnuplot" >&2
exec ${NICSHARE_GNUPLOT:-gnuplot} "\$@"
EOF
printf '#!/bin/sh\nexit 127\n' >"$tmp/gp-127"
chmod +x "$tmp/gp-warn" "$tmp/gp-127"
cp -r "$def" "$tmp/gpw"
rm -rf "$tmp/gpw/report"
if NICSHARE_GNUPLOT=$tmp/gp-warn "$NICSHARE" report "$tmp/gpw" >/dev/null 2>"$tmp/err"; then
	[ "$(cat "$tmp/err")" = "nicshare report: gnuplot said:
warning: a word from gnuplot" ] && ok || fail "gnuplot's warning not passed on: $(cat "$tmp/err")"
else
	fail "report with a gnuplot that warns exited $?: $(cat "$tmp/err")"
fi
sums "$tmp/gpw" "$tmp/gpw.sums"
NICSHARE_GNUPLOT=$tmp/gp-127 "$NICSHARE" report "$tmp/gpw" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -qF "nicshare report: $tmp/gp-127: cannot execute gnuplot" "$tmp/err" && ok ||
	fail "gnuplot exiting 127: exit $rc, $(cat "$tmp/err")"
rm -rf "$tmp/gpw/report.tmp"
NICSHARE_GNUPLOT=true "$NICSHARE" report "$tmp/gpw" >/dev/null 2>"$tmp/err"
rc=$?
sums "$tmp/gpw" "$tmp/gpw.after"
[ $rc -eq 2 ] && grep -q "report.tmp/[a-z0-9-]*\.png: gnuplot wrote no figure" "$tmp/err" &&
	cmp -s "$tmp/gpw.sums" "$tmp/gpw.after" && [ ! -e "$tmp/gpw/report.tmp" ] && ok ||
	fail "a gnuplot writing nothing: exit $rc, $(cat "$tmp/err"), $(diff "$tmp/gpw.sums" "$tmp/gpw.after")"

# a name that is only an extension (".png") is not a figure; a folder or a
# link with a figure's name is not a file the report wrote: each refused,
# nothing removed
for what in file-.png dir-old.svg link-mine.png; do
	o=$tmp/keep2
	rm -rf "$o" "$o.sums" "$tmp/mine.txt"
	mkdir -p "$o"
	cp -r "$def/report" "$o/report"
	n=${what#*-}
	case $what in
	file-*) echo "someone's" >"$o/report/$n" ;;
	dir-*) mkdir "$o/report/$n" && echo "someone's" >"$o/report/$n/notes" ;;
	link-*) echo "someone's" >"$tmp/mine.txt" && ln -s "$tmp/mine.txt" "$o/report/$n" ;;
	esac
	sums "$o" "$o.sums"
	expect2 "an earlier report with $what" "report/$n: a file nicshare report did not write" "$def" --out "$o"
	sums "$o" "$o.after"
	cmp -s "$o.sums" "$o.after" && [ -e "$o/report/$n" ] && [ ! -e "$o/report.tmp" ] && ok ||
		fail "an earlier report with $what: removed or changed: $(diff "$o.sums" "$o.after")"
done
rm -rf "$tmp/keep2"

# times at a unit's edge, by hand: a percentile of 1000.000 ns is "1 µs",
# 1000000.000 ns "1 ms", 10^9 ns "1 s", 999.999 ns "999.999 ns"; the
# simulated time of the runs table, truncated to the ns at 3 GHz: 3000
# cycles are 1000 ns, "1.000 µs"; 2999 cycles 999.67 ns, "999 ns";
# 3703701 cycles 1234567 ns, "1.234567 ms"
mkdir -p "$tmp/edges"
cp "$def/summary.json" "$def/config.yaml" "$tmp/edges/"
for sim in '3000|1.000 µs' '2999|999 ns' '3703701|1.234567 ms'; do
	python3 - "$def/summary.json" "$tmp/edges/summary.json" "${sim%%|*}" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s['simulated_cycles'] = int(sys.argv[3])
s['latency']['rt-rx'].update(min_ns=999.999, p90_ns=1000.0, p50_ns=1000000.0, max_ns=1000000000.0)
json.dump(s, open(sys.argv[2], 'w'))
PY
	if "$NICSHARE" report "$tmp/edges" >/dev/null 2>"$tmp/err"; then
		ix=$tmp/edges/report/index.html
		grep -qF "<td class=\"n\">${sim#*|}</td><td class=\"n\">3000000000 Hz</td>" "$ix" && ok ||
			fail "simulated ${sim%%|*} cycles: not '${sim#*|}'"
		for c in 'min_ns|999.999 ns' 'p90_ns|1 µs' 'p50_ns|1 ms' 'max_ns|1 s'; do
			grep -q "data-json=\"latency/rt-rx/${c%%|*}\" data-value=\"[0-9.]*\">${c#*|}</td>" "$ix" && ok ||
				fail "rt-rx ${c%%|*}: not '${c#*|}': $(grep -o "data-json=\"latency/rt-rx/${c%%|*}\"[^/]*" "$ix")"
		done
	else
		fail "report of the edited summary.json exited $?: $(cat "$tmp/err")"
	fi
done
rm -rf "$tmp/edges"

# ---- text of the run's files is shown, never run ----------------------------
# gnuplot runs `command` in backquotes even inside double-quoted strings, and
# a quote ends the string: a drop reason of events.tsv, the worst rt-rx
# frame's id in latency.tsv and the run directory's name each carry a
# command that would create a file under $tmp; gnuplot draws them all, no
# file appears, and the page shows the text HTML-escaped, the figures as it is.
NS_PWNED=$tmp/PWNED-
export NS_PWNED
inj=$tmp/'inj<b>`touch ${NS_PWNED}dir`'
cp -r "$def" "$inj"
rm -rf "$inj/report"
reason='q" . system("touch ${NS_PWNED}sys") . "`touch ${NS_PWNED}ev`@x\'
printf '5000\t7\tnic-drop\t%s\n' "$reason" >>"$inj/events.tsv"
# and an outgoing frame's drop, named as such in the legend
printf '6000\to7\tdrop\ttx-ring-full\n' >>"$inj/events.tsv"
frame='<i>`touch ${NS_PWNED}f`</i>'
awk -F '\t' -v OFS='\t' -v id="$frame" '
	NR == FNR { if ($2 == "rt-rx" && (!n++ || $5 + 0 > max)) { max = $5 + 0; at = FNR }; next }
	FNR == at { $1 = id } { print }' "$def/latency.tsv" "$def/latency.tsv" >"$inj/latency.tsv"
grep -qF "$frame	rt-rx" "$inj/latency.tsv" || fail "injection: no rt-rx frame id replaced"
if "$NICSHARE" report "$inj" >/dev/null 2>"$tmp/err"; then
	ok
	pwned=$(ls "$tmp" | grep '^PWNED-')
	[ -z "$pwned" ] && ok || fail "gnuplot ran the text of the run's files: $pwned"
	ix=$inj/report/index.html
	grep -qF '(frame &lt;i&gt;`touch ${NS_PWNED}f`&lt;/i&gt;, drawn as the red span)' "$ix" && ok ||
		fail "the worst frame's id is not HTML-escaped: $(grep -o '(frame [^,]*' "$ix")"
	grep -q '<i>`touch' "$ix" && fail "latency.tsv's frame id is raw HTML in the page"
	grep -qF '<span class="sw" style="background:#1f77b4"></span>inj&lt;b&gt;`touch ${NS_PWNED}dir`</span>' \
		"$ix" && ok || fail "the run directory's name is not shown HTML-escaped"
	grep -qF '`touch ${NS_PWNED}ev`@x\ (1)' "$inj/report/drops-1.svg" && ok ||
		fail "the drop reason is not drawn as it is: $(grep -o '[^>]*(1)' "$inj/report/drops-1.svg")"
	grep -qF 'tx-ring-full (outgoing) (1)' "$inj/report/drops-1.svg" && ok ||
		fail "an outgoing frame's drop is not named so: $(grep -o '[^>]*(1)' "$inj/report/drops-1.svg")"
	grep -qF '`touch ${NS_PWNED}f`' "$inj/report/gantt-1.svg" && ok ||
		fail "the worst frame's id is not drawn as it is in gantt-1.svg"
	grep -qF '`touch ${NS_PWNED}dir`' "$inj/report/cdf-rt-rx.svg" && ok ||
		fail "the run's name is not drawn as it is in cdf-rt-rx.svg"
	# in the scripts no backquote but in comments: the text's are escapes
	cat "$inj/report/data/"*.gp | grep -v '^[[:space:]]*#' | grep '`' &&
		fail "a backquote of the run's text in a gnuplot script"
else
	fail "report of a run whose text holds commands exited $?: $(cat "$tmp/err")"
fi
rm -rf "$inj"

# a merged sweep's folder (sweep.tsv) and a world's (world.json) have their
# own report in DIR/report/, whatever the options: with --out or beside
# another run, exit 2 saying what the folder is, nothing written
mkdir "$tmp/fsw"
printf 'point\tdispatcher.policy\tstatus\n' >"$tmp/fsw/sweep.tsv"
expect2 "a sweep with --out" "$tmp/fsw: a merged sweep (sweep.tsv), whose report is written to $tmp/fsw/report/" \
	"$tmp/fsw" --out "$tmp/fswo"
expect2 "--out before a sweep" "$tmp/fsw: a merged sweep" --out "$tmp/fswo" "$tmp/fsw"
expect2 "a sweep beside a run" "$tmp/fsw: a merged sweep" "$def" "$tmp/fsw"
[ ! -e "$tmp/fswo" ] && [ ! -e "$tmp/fsw/report" ] && [ ! -e "$def/report-overlay" ] && ok ||
	fail "a refused sweep report wrote something"

# ---- a run with the summary only -------------------------------------------
run "$tmp/so" "$top_srcdir/scenarios/default.yaml" --outputs summary
if "$NICSHARE" report "$tmp/so" >/dev/null 2>"$tmp/err"; then
	ok
	python3 "$tmp/check.py" "$tmp/so/report" "$tmp/so" || fail "report of a summary-only run"
	grep -q 'including <code>latency</code>' "$tmp/so/report/index.html" ||
		fail "summary-only: no note that latency.tsv is needed"
	grep -q 'including <code>events</code>' "$tmp/so/report/index.html" ||
		fail "summary-only: no note that events.tsv is needed"
else
	fail "summary-only report exited $?: $(cat "$tmp/err")"
fi

# the analytic bound on the RT class's CDF: gp-flood's rt-tx bound from
# summary.json (cycles at 3 GHz), rounded up to 10 ns as the label says,
# and never left of the measured maximum
"$NICSHARE" run "$top_srcdir/scenarios/gp-flood.yaml" --out "$tmp/gfr" --report --quiet \
	>/dev/null 2>"$tmp/err"
want=$(python3 -c "
import json, sys
s = json.load(open(sys.argv[1]))
cyc = s['bound']['rt-tx']['cycles']; mx = s['latency']['rt-tx']['max_cycles']
ps = -(-cyc * 10**12 // 3000000000); ns10 = -(-ps // 10000) * 10
print(ns10 if mx <= cyc else -1)" "$tmp/gfr/summary.json")
if grep -q "\"analytic bound ${want}ns\"" "$tmp/gfr/report/data/cdf-rt-tx.gp" 2>/dev/null &&
   grep -q "analytic bound" "$tmp/gfr/report/index.html"; then
	ok
else
	fail "the rt-tx CDF has no analytic bound at ${want}ns: $(grep -o '\"analytic[^\"]*\"' "$tmp/gfr/report/data/cdf-rt-tx.gp" 2>/dev/null)"
fi

# a bound of the scenario at the analytic bound's value (as the label rounds
# it) is drawn once, labelled with both
"$NICSHARE" run "$top_srcdir/scenarios/gp-flood.yaml" --out "$tmp/gfr2" --report --quiet \
	--set verify.latency.rt-tx.max=${want}ns >/dev/null 2>"$tmp/err"
[ "$(grep -o '"[^"]*bound '"${want}"'ns"' "$tmp/gfr2/report/data/cdf-rt-tx.gp" 2>/dev/null)" = "\"max, analytic bound ${want}ns\"" ] && ok ||
	fail "a bound at the analytic bound: $(grep -o 'array BT.*' "$tmp/gfr2/report/data/cdf-rt-tx.gp" 2>/dev/null) $(cat "$tmp/err")"

# ---- calls (issue 12): a calls section with calls, none without -----------
# The hand-made call of tests/mkcall.py (tests/e2e/calls.sh works its values
# out by hand): MOS 4.2349 (bin 4.2-4.3 of the histogram), jitter in
# 0.2421875 ms plus under 1 us (calls.tsv: 0.242 or 0.243), no RTP out at RT
# (own-tx, not replayed), set-up 1 s less the INVITE's tens of us through
# the host: in (999, 1000) ms.
run "$tmp/call" "$top_srcdir/scenarios/sip-call.yaml"
if "$NICSHARE" report "$tmp/call" >/dev/null 2>"$tmp/err"; then
	ok
	[ -s "$tmp/err" ] && fail "calls report said on stderr: $(cat "$tmp/err")"
	python3 "$tmp/check.py" "$tmp/call/report" "$tmp/call" || fail "report of sip-call.yaml"
	for f in calls-mos calls-jitter calls-setup; do
		grep -q "<img src=\"$f.png\"" "$tmp/call/report/index.html" || fail "calls: no figure $f"
	done
	grep -q '<h2 id="calls">6. Voice calls</h2>' "$tmp/call/report/index.html" &&
		grep -q '<h2 id="config">7. Effective configuration</h2>' "$tmp/call/report/index.html" ||
		fail "calls: no section 6 Voice calls before 7 configuration"
	grep -q 'data-json="calls/mos_min"' "$tmp/call/report/index.html" ||
		fail "calls: summary.json's calls section is not in the table"
	# doc/report.md ("The page") numbers the sections as the page does (it
	# had counted the runs table as section 1)
	python3 - "$top_srcdir/doc/report.md" "$tmp/call/report/index.html" <<'PY' ||
import re, sys
doc = open(sys.argv[1], encoding="utf-8").read()
doc = doc[doc.index("## The page"):doc.index("Every figure has a caption")]
items = re.findall(r"^(\d+)\. \*\*([^*]+)\*\*", doc, re.M)
page = re.findall(r"<h2 id=\"\w+\">(\d+)\. ([^<]+)</h2>", open(sys.argv[2], encoding="utf-8").read())
ok = len(items) == len(page) and all(
    n == m and t.startswith(d) for (n, d), (m, t) in zip(items, page))
if not ok: print("doc %s, page %s" % (items, page))
sys.exit(0 if ok else 1)
PY
		fail "calls: doc/report.md's sections are not the page's"
	python3 - "$tmp/call/report/data" <<'EOF' || fail "calls: the figures' data"
import sys
d = sys.argv[1]
rows = lambda n: [l.split() for l in open("%s/%s.dat" % (d, n)) if l.strip() and l[0] != "#"]
mos, jit, setup = rows("calls-mos"), rows("calls-jitter"), rows("calls-setup")
bad = []
if mos != [["4.20", "4.30", "1"]]: bad.append("MOS histogram %s, want one call in 4.20-4.30" % mos)
if len(jit) != 1 or jit[0][0] != "1" or jit[0][1] not in ("0.242", "0.243") or jit[0][2] != "?":
    bad.append("jitter %s, want call 1: in 0.242 or 0.243 ms, out none" % jit)
if not (len(setup) == 2 and 999 < float(setup[1][0]) < 1000 and setup[0][1] == "0" and setup[1][1] == "1"):
    bad.append("set-up CDF %s, want one step in (999, 1000) ms" % setup)
if bad:
    print("report.sh: " + "; ".join(bad)); sys.exit(1)
EOF
else
	fail "nicshare report of a run with calls exited $?: $(cat "$tmp/err")"
fi
if grep -q 'id="calls"' "$def/report/index.html" || ls "$def/report" | grep -q '^calls-'; then
	fail "a run without calls has a calls section or figure"
else
	ok
fi
run "$tmp/nocall" "$top_srcdir/scenarios/sip-call.yaml" --set calls.sip=off
if "$NICSHARE" report "$tmp/nocall" >/dev/null 2>"$tmp/err" &&
   ! grep -q 'id="calls"' "$tmp/nocall/report/index.html" &&
   grep -q '<h2 id="config">6. Effective configuration' "$tmp/nocall/report/index.html"; then
	ok
else
	fail "calls.sip off (calls.tsv with its header only): a calls section, or no report"
fi

# ---- a bound's verdict is verify's, at the bound's edge ---------------------
# verify decides in whole cycles: c cycles break a bound of B ps when
# c x 10^12 > B x hz. summary.json writes c's time rounded down to the ps, so
# at 3 GHz 6355 cycles (2,118,333.33 ps) read "2118.333" and a bound of
# 2118333 ps is broken though the text equals it; at 1 GHz c cycles are
# exactly c x 1000 ps, and a bound of that many ps holds. Each row of the
# bounds table must say what verify.txt says of the same key (the report
# said "holds" where verify said FAIL). The bounds are worked out from a
# first run's summary.json: rt-rx p99 and rt-tx max at their time rounded
# down to the ps, rt-rx p99.9 at its ns text (summary.json writes no
# p99.9_cycles), and at 1 GHz rt-rx p99 at exactly its time, rt-rx max 1 ps
# under it; rt-rtt (no samples) is "no samples".
run "$tmp/e3" "$top_srcdir/scenarios/default.yaml" --outputs summary
run "$tmp/e1" "$top_srcdir/scenarios/default.yaml" --outputs summary --set cpu.hz=1GHz
edge() {   # edge SUMMARY MODE: the --set arguments
	python3 - "$1" "$2" <<'PY'
import json, sys
from decimal import Decimal
s = json.load(open(sys.argv[1]))
hz, l = s['cpu_hz'], s['latency']
floor_ps = lambda c: c * 10**12 // hz
if sys.argv[2] == '3':
    b = [('rt-rx', 'p99', floor_ps(l['rt-rx']['p99_cycles'])),
         ('rt-rx', 'p99.9', int(Decimal(str(l['rt-rx']['p99.9_ns'])) * 1000)),
         ('rt-tx', 'max', floor_ps(l['rt-tx']['max_cycles']))]
else:
    b = [('rt-rx', 'p99', l['rt-rx']['p99_cycles'] * 1000),
         ('rt-rx', 'max', l['rt-rx']['max_cycles'] * 1000 - 1)]
print(' '.join('--set verify.latency.%s.%s=%dps' % x for x in b + [('rt-rtt', 'max', 10**9)]))
PY
}
run "$tmp/e3b" "$top_srcdir/scenarios/default.yaml" $(edge "$tmp/e3/summary.json" 3)
run "$tmp/e1b" "$top_srcdir/scenarios/default.yaml" --set cpu.hz=1GHz $(edge "$tmp/e1/summary.json" 1)
for e in e3b e1b; do
	if "$NICSHARE" report "$tmp/$e" >/dev/null 2>"$tmp/err"; then
		python3 - "$tmp/$e/report/index.html" "$tmp/$e/verify.txt" "$e" <<'PY' && ok ||
import re, sys
h = open(sys.argv[1], encoding='utf-8').read()
v = {m.group(2): m.group(1) for m in re.finditer(r'^(ok  |FAIL)  verify\.latency\.(\S+) ', open(sys.argv[2]).read(), re.M)}
rows = re.findall(r'<td>([a-z-]+)</td><td>(p50|p99|p99\.9|max)</td><td class="n">[^<]*</td>'
                  r'<td class="n"(?: data-run="0" data-json="latency/([^"]*)")?[^>]*>[^<]*</td>'
                  r'<td(?: class="(?:ok|bad)")?>([^<]*)</td>', h)
got = {'%s.%s' % (c, st): verdict for c, st, key, verdict in rows}
# the measured value beside each bound is its own statistic's
wrong = ['%s.%s: %s' % (c, st, key) for c, st, key, verdict in rows if key and key != '%s/%s_ns' % (c, st)]
if wrong:
    print('report.sh: %s: measured values of another statistic: %r' % (sys.argv[3], wrong)); sys.exit(1)
want = {k: 'holds' if x == 'ok  ' else 'exceeded' for k, x in v.items()}
want['rt-rtt.max'] = 'no samples'
# the edges this run is about: the text equal to the bound yet broken (3 GHz),
# exactly equal and held (1 GHz)
edges = {'e3b': {'rt-rx.p99': 'exceeded', 'rt-rx.p99.9': 'exceeded'},
         'e1b': {'rt-rx.p99': 'holds', 'rt-rx.max': 'exceeded'}}[sys.argv[3]]
if got != want or any(want.get(k) != x for k, x in edges.items()):
    print('report.sh: %s: bounds table %r, verify.txt %r, edges %r' % (sys.argv[3], got, want, edges))
    sys.exit(1)
PY
			fail "$e: a bound's verdict is not verify's"
		# the count of checks above the table: verify.txt's (e1b: 1 failed, 2 held)
		want=$(awk '/^FAIL  / { f++ } /^ok    / { o++ } END { printf "%d failed, %d held", f, o }' "$tmp/$e/verify.txt")
		grep -qF "Every check of the run (verify.txt): $want;" "$tmp/$e/report/index.html" && ok ||
			fail "$e: not '$want': $(grep -o 'Every check[^<]*' "$tmp/$e/report/index.html")"
	else
		fail "report of $e exited $?: $(cat "$tmp/err")"
	fi
done

# ---- overlay of a run with a copy of itself --------------------------------
# the same label twice is numbered; each class's name spans both rows of the
# percentile table, the first beside the first run; a bound both runs set is
# drawn once (one label "p99 bound 1ms", its dot at p99's level 0.99; gp-tx's
# max bound at the top of the y axis, 1 - 0.5 / n with n gp-tx's count);
# every check of both verify.txt counted
mkdir -p "$tmp/again"
cp -r "$def" "$tmp/again/def"
rm -rf "$tmp/again/def/report"
if "$NICSHARE" report "$def" "$tmp/again/def" --out "$tmp/ovs" >/dev/null 2>"$tmp/err"; then
	ix=$tmp/ovs/report/index.html
	grep -qF '<title>nicshare report: def vs def #2</title>' "$ix" && ok ||
		fail "overlay of a copy: the second label is not numbered"
	grep -qF '<tr><td rowspan="2"><b>rt-rx</b></td><td><span class="run"><span class="sw" style="background:#1f77b4"></span>def</span></td>' "$ix" && ok ||
		fail "overlay of a copy: the class does not span both runs' rows"
	grep -q '^BT = \|array BT' "$tmp/ovs/report/data/cdf-rt-rx.gp" &&
		[ "$(grep -o 'p99[^"]*bound 1ms' "$tmp/ovs/report/data/cdf-rt-rx.gp")" = "p99 bound 1ms" ] && ok ||
		fail "overlay of a copy: the shared bound not drawn once: $(grep 'array B' "$tmp/ovs/report/data/cdf-rt-rx.gp")"
	n=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['latency']['gp-tx']['count'])" "$def/summary.json")
	python3 - "$tmp/ovs/report/data" "$n" <<'PY' && ok || fail "overlay of a copy: a bound's dot not at its level"
import re, sys
d, n = sys.argv[1], int(sys.argv[2])
def arr(f, a):
    t = re.search(r'array %s\[[^]]*\] = \[(.*)\]' % a, open('%s/%s' % (d, f)).read()).group(1)
    return re.findall(r'"[^"]*"', t) if a == 'BT' else [x.strip() for x in t.split(',')]
rx = dict(zip(arr('cdf-rt-rx.gp', 'BT'), map(float, arr('cdf-rt-rx.gp', 'BY'))))
tx = dict(zip(arr('cdf-gp-tx.gp', 'BT'), map(float, arr('cdf-gp-tx.gp', 'BY'))))
want_tx = 1 - 0.5 / n
if rx.get('"p99 bound 1ms"') != 0.99 or abs(tx.get('"max bound 1us"', 0) - want_tx) > 1e-9:
    print('report.sh: bound dots rt-rx %r, gp-tx %r (want 0.99 and %r)' % (rx, tx, want_tx))
    sys.exit(1)
PY
	want=$(cat "$def/verify.txt" "$tmp/again/def/verify.txt" | awk '/^FAIL  / { f++ } /^ok    / { o++ } END { printf "%d failed, %d held", f, o }')
	grep -qF "Every check of every run (verify.txt): $want; failures first." "$ix" && ok ||
		fail "overlay of a copy: not '$want': $(grep -o 'Every check[^<]*' "$ix")"
	grep -qF "Every check of the run (verify.txt): $(awk '/^FAIL  / { f++ } /^ok    / { o++ } END { printf "%d failed, %d held", f, o }' "$def/verify.txt");" \
		"$def/report/index.html" && ok || fail "one run: the checks' counts: $(grep -o 'Every check[^<]*' "$def/report/index.html")"
else
	fail "overlay of a run and its copy exited $?: $(cat "$tmp/err")"
fi
# the bounds drawn on proxy-full's rt-rx CDF at 20us share a dot, at the
# higher level of the two: max's, the top of the y axis (1 - 0.5 / n)
n=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['latency']['rt-rx']['count'])" "$tmp/pf/summary.json")
python3 - "$tmp/pf/report/data/cdf-rt-rx.gp" "$n" <<'PY' && ok || fail "proxy-full: the shared bound's dot is not at the top"
import re, sys
g, n = open(sys.argv[1]).read(), int(sys.argv[2])
def arr(a):
    t = re.search(r'array %s\[[^]]*\] = \[(.*)\]' % a, g).group(1)
    return re.findall(r'"[^"]*"', t) if a == 'BT' else [x.strip() for x in t.split(',')]
by = dict(zip(arr('BT'), map(float, arr('BY'))))
if abs(by.get('"p99, max bound 20us"', 0) - (1 - 0.5 / n)) > 1e-9:
    print('report.sh: proxy-full bound dots %r, n %d' % (by, n)); sys.exit(1)
PY

# the analytic bound's words are in the caption of each CDF whose class has
# a bound in summary.json, and of no other
python3 - "$tmp/gfr/report/index.html" "$tmp/gfr/summary.json" <<'PY' && ok || fail "analytic bound: captions"
import json, re, sys
h = open(sys.argv[1], encoding='utf-8').read()
s = json.load(open(sys.argv[2]))
figs = dict(re.findall(r'<figure id="fig-cdf-([a-z-]+)">(.*?)</figure>', h, re.S))
want = {c for c in figs if c in s.get('bound', {}) and 'cycles' in s['bound'][c]}
got = {c for c, t in figs.items() if 'labelled <i>analytic bound</i>' in t}
if got != want or not want:
    print('report.sh: analytic captions on %r, summary.json bounds %r' % (sorted(got), sorted(want))); sys.exit(1)
PY

# ---- a call's MOS is its worse direction's --------------------------------
# the hand-made call with out_mos set to 3.55 (in stays 4.2349): its one
# count is in the histogram's 3.50-3.60 bin
if [ -d "$tmp/call" ]; then
	cp -r "$tmp/call" "$tmp/call2"
	rm -rf "$tmp/call2/report"
	awk -F '\t' -v OFS='\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "out_mos") k = i }
		NR > 1 { $k = "3.55" } { print }' "$tmp/call/calls.tsv" >"$tmp/call2/calls.tsv"
	if "$NICSHARE" report "$tmp/call2" >/dev/null 2>"$tmp/err"; then
		[ "$(grep -v '^#' "$tmp/call2/report/data/calls-mos.dat" | grep .)" = "3.50 3.60 1" ] && ok ||
			fail "a call's MOS: not its worse direction's: $(cat "$tmp/call2/report/data/calls-mos.dat")"
	else
		fail "report of a call with two MOS exited $?: $(cat "$tmp/err")"
	fi
fi

"$NICSHARE" report --help >"$tmp/out" 2>&1 && grep -q 'usage: nicshare report' "$tmp/out" ||
	fail "report --help"

if [ $failures -ne 0 ]; then
	echo "report.sh: $failures failed, $checks passed"
	exit 1
fi
echo "report.sh: $checks checks passed"
exit 0
