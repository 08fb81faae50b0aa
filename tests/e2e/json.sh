#!/bin/sh
# json.sh - every JSON file nicshare writes is valid JSON for any scenario
# name (issue 11 item 1, issue 15 item 4): a name holding quotes, a
# backslash, a tab and non-ASCII text is written escaped by summary.json's
# writer (src/json.h), Python's json module reads it back to the same name,
# `nicshare report` accepts the run and shows the name, and a golden
# blessed from it checks the same.
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
python3 - "$tmp/long.pcap" <<'EOF'
import struct, sys
f = open(sys.argv[1], 'wb')
f.write(struct.pack('<IHHiIII', 0xa1b23c4d, 2, 4, 0, 0, 262144, 1))
fr = bytes.fromhex('020000000001020000000009') + b'\x08\x00' + bytes(50)
for t in (1000, 1000 + 300 * 86400):
    f.write(struct.pack('<IIII', t, 0, len(fr), len(fr)) + fr)
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

[ "$fails" -eq 0 ] && echo "json.sh: all held"
[ "$fails" -eq 0 ]
