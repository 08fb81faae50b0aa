#!/bin/sh
# calls-tshark.sh - the hand-made SIP call capture (traces/calls/sip-call.pcap,
# written by tests/mkcall.py) as src/sip.c and src/calls.c see it, held
# against tshark's own SIP and RTP analysis and against the times and ports
# the capture was written with (issue 12, items 2, 4 and 7).
#
#   1. the capture is what tests/mkcall.py writes (byte for byte);
#   2. every SIP frame: Call-ID, method or status, CSeq method, SDP c=
#      address, m=audio port and first codec, from tests/calldump (libosip2)
#      and from tshark's SIP/SDP dissector, must be identical;
#   3. each RTP stream: packets, lost, max jitter (ms, 3 decimals) from
#      calls.tsv (rtpq) and from tshark -z rtp,streams must agree;
#   4. the call's line in calls.tsv against the values mkcall.py was
#      written with (its header says why each is what it is).
#
# Environment (set by `make check`): top_srcdir, top_builddir, TSHARK.
# Exit: 0 all agree, 1 a disagreement, 77 skipped (no tshark or python3),
# 99 the test could not run.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-.}
TSHARK=${TSHARK:-tshark}
DUMP=$top_builddir/tests/calldump
CAP=$top_srcdir/traces/calls/sip-call.pcap

command -v "$TSHARK" >/dev/null 2>&1 || { echo "SKIP: no tshark"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 77; }
[ -x "$DUMP" ] || { echo "ERROR: $DUMP not built"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

# 1. the committed capture is the generator's
python3 "$top_srcdir/tests/mkcall.py" "$tmp/gen.pcap" || exit 99
cmp -s "$tmp/gen.pcap" "$CAP" || { echo "FAIL: $CAP differs from what tests/mkcall.py writes"; fail=1; }

"$DUMP" "$CAP" 10.0.0.1 >"$tmp/dump" || { echo "FAIL: calldump exited $?"; exit 1; }

# 2. SIP frames
grep '^sip	' "$tmp/dump" >"$tmp/ours"
"$TSHARK" -n -r "$CAP" -Y sip -T fields -E separator=/t -e frame.number -e sip.Call-ID \
	-e sip.Method -e sip.Status-Code -e sip.CSeq.method -e sdp.connection_info.address \
	-e sdp.media.port -e sdp.mime.type 2>/dev/null |
	awk -F'\t' 'BEGIN { OFS = "\t" }
	{ what = $3 != "" ? $3 : $4; codec = $8; sub(/,.*/, "", codec)
	  print "sip", $1, $2, what, $5, ($6 == "" ? "-" : $6), ($7 == "" ? "-" : $7), (codec == "" ? "-" : codec) }' \
	>"$tmp/tshark"
[ -s "$tmp/tshark" ] || { echo "FAIL: tshark sees no SIP"; fail=1; }
if ! diff "$tmp/tshark" "$tmp/ours" >"$tmp/d1"; then
	echo "FAIL: SIP fields differ (< tshark, > calldump):"; head -20 "$tmp/d1"; fail=1
fi

# 3. RTP streams: "sport dport pkts lost maxjitter"
"$TSHARK" -n -r "$CAP" -q -z rtp,streams 2>/dev/null |
	awk '$3 ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/ && $5 ~ /\./ {
	       # start end src sport dst dport ssrc payload pkts lost (pct) min mean max minj meanj maxj
	       print $4, $6, $9, $10, sprintf("%.3f", $17) }' | sort >"$tmp/t-rtp"
sed -n '/^call	/,$p' "$tmp/dump" >"$tmp/calls.tsv"
python3 - "$tmp/calls.tsv" >"$tmp/o-rtp" <<'EOF' || exit 99
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
h = rows[0]
for r in rows[1:]:
    c = dict(zip(h, r))
    lport = c["local_media"].rsplit(":", 1)[1]
    rport = c["remote_media"].rsplit(":", 1)[1]
    print(rport, lport, c["in_rt"], c["in_lost"], c["in_jitter_max_ms"])
    print(lport, rport, c["out_rt"], c["out_lost"], c["out_jitter_max_ms"])
EOF
sort -o "$tmp/o-rtp" "$tmp/o-rtp"
[ "$(wc -l <"$tmp/t-rtp")" = 2 ] || { echo "FAIL: tshark finds $(wc -l <"$tmp/t-rtp") RTP streams, not 2"; fail=1; }
if ! diff "$tmp/t-rtp" "$tmp/o-rtp" >"$tmp/d2"; then
	echo "FAIL: RTP streams differ (< tshark, > calls.tsv):"; cat "$tmp/d2"; fail=1
fi

# 4. the call against the capture's making (times in ns from the INVITE)
python3 - "$tmp/calls.tsv" <<'EOF' || fail=1
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
assert len(rows) == 2, "one call expected, %d lines" % (len(rows) - 1)
c = dict(zip(rows[0], rows[1]))
want = {
    "call_id": "3848276298220188511@10.0.0.2", "from": "alice@10.0.0.2", "to": "bob@10.0.0.1",
    "codec": "PCMU", "pt": "0", "ptime_ms": "20",
    "local_media": "10.0.0.1:20000", "remote_media": "10.0.0.2:40000",
    "invite": "0", "ok200": "1000000000", "ack": "1005000000", "bye": "2100000000",
    "end_reason": "bye",
    # 49 before the BYE + 3 after it; 50 out
    "in_rt": "52", "out_rt": "50", "after_end": "3", "in_lost": "1", "out_lost": "0",
    # the 3 after the BYE arrive 100 ms behind their timestamps: late for a
    # 40 ms buffer; packet 10 (2 ms late) is not
    "in_late": "3",
    # by hand: J = 1.9375 units after packet 11, x (15/16)^37 = 0.17790
    # after packet 49, then + (800 - 0.17790)/16 = 50.16678 units = 6.271 ms
    "in_jitter_max_ms": "6.271",
}
bad = ["%s: %s, want %s" % (k, c.get(k), v) for k, v in want.items() if c.get(k) != v]
if bad:
    print("FAIL: calls.tsv: " + "; ".join(bad))
    sys.exit(1)
EOF

[ "$fail" = 0 ] && echo "PASS: sip-call.pcap: SIP fields, RTP streams and call times agree"
exit "$fail"
