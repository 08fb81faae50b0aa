#!/bin/sh
# json.sh - every JSON file nicshare writes is valid JSON for any scenario
# name (issue 11 item 1, issue 15 item 4): a name holding quotes, a
# backslash, a tab and non-ASCII text is written escaped by summary.json's
# writer (src/json.h), Python's json module reads it back to the same name,
# `nicshare report` accepts the run and shows the name, and a golden
# blessed from it checks the same. The latency statistics, CPU shares and
# simulated time of summary.json recomputed from latency.tsv and the
# cycle counts by doc/outputs.md's method.
#
# Environment (set by `make check`): top_srcdir, NICSHARE, GNUPLOT.
# Exit: 0 all held, 1 a check failed, 77 skipped (no python3), 99 the test
# could not run.
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
NICSHARE=${NICSHARE:-$top_srcdir/nicshare}
command -v python3 >/dev/null 2>&1 || { echo "json.sh: no python3: skipped"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-json.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
fail() { echo "json.sh: FAIL: $*"; fails=$((fails + 1)); }

tab=$(printf '\t')
name="my \"q\"\\ run${tab}é €"
"$NICSHARE" run --quiet --out "$tmp/run" --set "name=$name" >"$tmp/out" 2>"$tmp/err" ||
	fail "run with a hostile name: exit $? ($(cat "$tmp/err"))"

# Python reads it back to the same name (the name passed in the environment,
# so that no shell quoting stands between the two)
NAME="$name" python3 - "$tmp/run/summary.json" <<'EOF' || fail "summary.json: not valid JSON or not the same name"
import json, os, sys
try:
    s = json.load(open(sys.argv[1], encoding='utf-8'))
except Exception as e:
    print('json.sh: summary.json: %s' % e)
    sys.exit(1)
if s.get('scenario') != os.environ['NAME']:
    print('json.sh: name %r, wanted %r' % (s.get('scenario'), os.environ['NAME']))
    sys.exit(1)
EOF

# the report accepts it and shows the name (HTML-escaped)
if [ -n "${GNUPLOT:-}" ] || command -v gnuplot >/dev/null 2>&1; then
	if "$NICSHARE" report "$tmp/run" >"$tmp/out" 2>"$tmp/err"; then
		grep -qF 'my &quot;q&quot;\ run' "$tmp/run/report/index.html" ||
			grep -qF 'my "q"\ run' "$tmp/run/report/index.html" ||
			fail "report: the name is not shown"
	else
		fail "report refuses the run: $(cat "$tmp/err")"
	fi
fi

# a golden of it: blessed and checked the same
cat >"$tmp/s.yaml" <<EOF
name: "my \\"q\\"\\\\ run\\t\\u00e9"
EOF
if "$NICSHARE" bless "$tmp/s.yaml" --golden "$tmp/g" >"$tmp/out" 2>"$tmp/err"; then
	"$NICSHARE" check "$tmp/s.yaml" --golden "$tmp/g" >"$tmp/out" 2>"$tmp/err" ||
		fail "check of its own golden: exit $? ($(cat "$tmp/out" "$tmp/err"))"
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/g/summary.json" ||
		fail "the golden's summary.json is not valid JSON"
else
	fail "bless of a hostile name: $(cat "$tmp/err")"
fi

# A capture 300 days long (two UDP frames): simulated_ns is the run's last
# cycle (simulated_cycles) / 3 GHz, a real (python's Fraction, rounded to
# the nearest double). It was 2^64 ps, 1.844674407370955e+16, where the
# conversion to ps stopped, and a value past 10^16 was written without
# decimal point or exponent, an integer to any reader.
PYTHONPATH="$top_srcdir/tests" python3 - "$tmp/long.pcap" <<'EOF'
import sys
from pkt import pcap, eth
fr = eth('020000000001', '020000000009', bytes(50))
pcap(sys.argv[1], [(t, 0, fr) for t in (1000, 1000 + 300 * 86400)], snap=262144, nano=True)
EOF
"$NICSHARE" run --quiet --out "$tmp/long" --trace "$tmp/long.pcap" --set nic.promiscuous=on \
	>"$tmp/out" 2>"$tmp/err" || fail "run of a 300-day capture: exit $? ($(cat "$tmp/err"))"
python3 - "$tmp/long/summary.json" <<'EOF' || fail "summary.json of a 300-day capture: simulated_ns"
import json, sys
from fractions import Fraction
s = json.load(open(sys.argv[1]))
c, v = s['simulated_cycles'], s['simulated_ns']
want = float(Fraction(c, 3))            # ns at cpu.hz 3 GHz, the double nearest
if s['cpu_hz'] != 3000000000 or c < 300 * 86400 * 3 * 10**9 or not isinstance(v, float) or v != want:
    print('json.sh: simulated_ns %r for %d cycles, wanted the real %r' % (v, c, want))
    sys.exit(1)
EOF

# The latency statistics of summary.json against latency.tsv, recomputed
# here by doc/outputs.md's method (python, not nicshare): per class the
# count of lines; min, max exact; mean the sum's cycles x 10^12 / (cpu.hz x
# the count) picoseconds rounded down, three decimals; pP the ceil(P/100 x
# n)-th smallest sample (at least the 1st), from 2048 cycles on the upper
# end of its bucket 2^(floor(log2 v) - 10) wide, but at most max; the others
# in ns as their cycles x 10^12 / cpu.hz picoseconds rounded down, three
# decimals. Also cpu_share, each holder's
# cycles x 10^6 / their total rounded down, and simulated_ns. Read as
# decimals (no binary rounding between the two). Over default (rt-rx,
# gp-rx, rt-tx, gp-tx) and echo-rtt (rt-rtt).
for s in default echo-rtt; do
	"$NICSHARE" run --quiet --out "$tmp/$s" "$top_srcdir/scenarios/$s.yaml" >"$tmp/out" 2>"$tmp/err" ||
		{ fail "run of $s: exit $? ($(cat "$tmp/err"))"; continue; }
	python3 - "$tmp/$s" <<'EOF' || fail "$s: summary.json's latency, cpu_share or simulated_ns not as recomputed"
import json, sys
from decimal import Decimal
d = sys.argv[1]
s = json.load(open(d + '/summary.json'), parse_float=Decimal)
hz = s['cpu_hz']
bad = []
def ns(cyc):                              # cycles -> ns, ps rounded down
    return Decimal(cyc * 10**12 // hz) / 1000
def same(what, got, want):
    if got != want:
        bad.append('%s: %s, recomputed %s' % (what, got, want))
def bucket_top(v):                        # the upper end of v's bucket
    if v < 2048:
        return v
    w = 1 << (v.bit_length() - 11)        # 2^(floor(log2 v) - 10)
    return v // w * w + w - 1
lat = {}
with open(d + '/latency.tsv') as f:
    next(f)
    for line in f:
        col = line.rstrip('\n').split('\t')
        lat.setdefault(col[1], []).append(int(col[4]))
seen = 0
for cls, L in s['latency'].items():
    v = sorted(lat.get(cls, []))
    n = len(v)
    same(cls + ' count', L['count'], n)
    if n == 0:
        continue
    seen += 1
    same(cls + ' min_cycles', L['min_cycles'], v[0])
    same(cls + ' max_cycles', L['max_cycles'], v[-1])
    same(cls + ' min_ns', L['min_ns'], ns(v[0]))
    same(cls + ' max_ns', L['max_ns'], ns(v[-1]))
    same(cls + ' mean_ns', L['mean_ns'], Decimal(sum(v) * 10**12 // (hz * n)) / 1000)
    for p, per_mille in (('p50', 500), ('p90', 900), ('p99', 990), ('p99.9', 999)):
        rank = max(1, -(-n * per_mille // 1000))
        want = min(bucket_top(v[rank - 1]), v[-1])
        same('%s %s_ns' % (cls, p), L[p + '_ns'], ns(want))
        if p + '_cycles' in L:
            same('%s %s_cycles' % (cls, p), L[p + '_cycles'], want)
if seen == 0:
    bad.append('no class with samples')
cyc = s['cpu_cycles']
tot = sum(cyc.values())
for who in ('rt', 'gp', 'idle', 'switch'):
    same('cpu_share.' + who, s['cpu_share'][who], Decimal(cyc[who] * 10**6 // tot) / 10**6)
same('simulated_ns', s['simulated_ns'], ns(s['simulated_cycles']))
for b in bad:
    print('json.sh: %s: %s' % (d, b))
sys.exit(1 if bad else 0)
EOF
done

# calls.sip: on and a capture without SIP: `calls` is written, every count
# 0, without the members doc/outputs.md writes only when there is
# something to say (mos_* and jitter_max_ms: with_mos above 0;
# setup_p99_ns: a call with a setup; billing_*: generated calls; sip_tcp,
# ip_fragments: seen), and sip_errors empty (only the kinds above 0).
"$NICSHARE" run --quiet --out "$tmp/nocall" --trace "$top_srcdir/traces/public/arp-who-has.pcap" \
	--set calls.sip=on >"$tmp/out" 2>"$tmp/err" || fail "run with calls.sip=on: exit $? ($(cat "$tmp/err"))"
python3 - "$tmp/nocall/summary.json" <<'EOF' || fail "summary.json's calls without a call"
import json, sys
c = json.load(open(sys.argv[1])).get('calls')
want = {'count': 0, 'established': 0, 'with_mos': 0, 'early_media_gp': 0, 'claims': 0,
        'relinquishes': 0, 'refused': 0, 'sip_messages': 0, 'sip_errors': {},
        'unknown_messages': 0, 'bye_unknown': 0}
if c != want:
    print('json.sh: calls %r, wanted %r' % (c, want))
    sys.exit(1)
EOF

[ "$fails" -eq 0 ] && echo "json.sh: all held"
[ "$fails" -eq 0 ]
