#!/usr/bin/env bash
# sipown.sh - the host's own SIP messages reach GP's SIP engine whatever
# the far end's port (doc/calls.md: "A SIP message the host sent itself
# ... reaches the engine at its capture time, as GP's").
#
# The hand-made call of tests/mkcall.py (traces/calls/sip-call.pcap over
# UDP, sip-call-tcp.pcap over TCP; scenarios/sip-call.yaml), with only its
# port numbers rewritten here (UDP and TCP checksums are not verified: SPEC
# section 3; mkcall.py writes them 0):
#  1. UDP: the far end (10.0.0.2) on 5070 instead of 5060. The host's own
#     100, 180, 200 leave from its SIP port 5060 to 5070; it is the SOURCE
#     port that makes them GP's SIP.
#  2. TCP: the host connects out: its side of the connection on 50000,
#     the far end's on 5060 (mkcall.py has them the other way round). The
#     host's own segments go from 50000 to 5060: the DESTINATION port
#     makes them SIP.
# Either way the engine sees the host's 200, asks RT for the call's RTP
# ports, and the call is as calls.sh works it out by hand for the
# original: its claim applied, then released at the BYE; 49 of the RTP
# frames to 10.0.0.1:20000 reach RT, the 3 stray ones after the BYE go to
# GP. Were the 200 not seen, no claim would be asked (calls.tsv: claim
# none, and no RTP counted for a call never answered).
#
# Environment (set by `make check`): top_srcdir, NICSHARE.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${NICSHARE:-$top/nicshare}
[ -x "$bin" ] || { echo "sipown.sh: ERROR: $bin is not built" >&2; exit 99; }
tmp=$(mktemp -d /tmp/nicshare-sipown-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0

# rewrite IN OUT IP:PORT=NEW,...: that host's port, as source or
# destination, in every IPv4 UDP/TCP frame that is not a later fragment
rewrite() {
	python3 - "$@" <<'PY'
import struct, sys
src, dst, spec = sys.argv[1:4]
m = {}
for it in spec.split(','):
    hp, new = it.split('=')
    ip, port = hp.split(':')
    m[(bytes(int(x) for x in ip.split('.')), int(port))] = int(new)
d = bytearray(open(src, 'rb').read())
o = 24                                    # the pcap file header
while o < len(d):
    incl = struct.unpack_from('<I', d, o + 8)[0]
    f = o + 16                            # the record header
    if (d[f + 12:f + 14] == b'\x08\x00' and d[f + 23] in (6, 17) and
            struct.unpack_from('!H', d, f + 20)[0] & 0x1fff == 0):
        l4 = f + 14 + (d[f + 14] & 15) * 4
        sp, dp = struct.unpack_from('!HH', d, l4)
        sp = m.get((bytes(d[f + 26:f + 30]), sp), sp)
        dp = m.get((bytes(d[f + 30:f + 34]), dp), dp)
        struct.pack_into('!HH', d, l4, sp, dp)
    o = f + incl
open(dst, 'wb').write(d)
PY
}

# the call's row of calls.tsv: claim, in_rt, in_gp
expect() {   # NAME DIR
	local got
	got=$(awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	                   { print $c["claim"], $c["in_rt"], $c["in_gp"] }' "$2/calls.tsv")
	if [ "$got" = "released 49 3" ]; then
		echo "PASS $1: claim released, 49 rt, 3 gp"
	else
		echo "FAIL $1: calls.tsv has '$got', want 'released 49 3'"
		fail=1
	fi
}

rewrite "$top/traces/calls/sip-call.pcap" "$tmp/udp5070.pcap" 10.0.0.2:5060=5070
rewrite "$top/traces/calls/sip-call-tcp.pcap" "$tmp/tcpout.pcap" \
	10.0.0.2:50000=5060,10.0.0.1:5060=50000
for c in udp5070 tcpout; do
	if ! "$bin" run "$top/scenarios/sip-call.yaml" --set trace.file="$tmp/$c.pcap" \
	     --out "$tmp/$c" --quiet --outputs routing,summary,calls 2>"$tmp/$c.err"; then
		echo "FAIL $c: the run failed: $(cat "$tmp/$c.err")"
		fail=1
		continue
	fi
	expect "$c" "$tmp/$c"
done
exit $fail
