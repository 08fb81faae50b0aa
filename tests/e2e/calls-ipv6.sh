#!/usr/bin/env bash
# calls-ipv6.sh - a SIP call to the host over IPv6 (doc/scenario.md: "The
# SDP whose c= address is one of the host's (host.ipv4, host.ipv6) is the
# local one").
#
# tests/mkcall.py --ipv6 writes the hand-made call of sip-call.pcap over
# IPv6: bob 2001:db8::1, alice 2001:db8::2, the SDP IN IP6, the same times,
# ports and RTP. Run with host.ipv6 set to bob's and against the UDP call
# over IPv4 (scenarios/sip-call.yaml). Expected values come from tshark,
# the documented calls.tsv formats (doc/outputs.md), the cost table
# (config.yaml) and the IPv4 run:
#
#  1. tshark reads the capture as 7 SIP messages over IPv6, two SDP bodies
#     with c=IN IP6, and every UDP checksum (RFC 8200 8.1) good;
#  2. with host.ipv6 2001:db8::1, calls.tsv's one call: local_media
#     [2001:db8::1]:20000, remote_media [2001:db8::2]:40000 ("[v6]:port"),
#     from alice@2001:db8::2, to bob@2001:db8::1; the claim, the RTP
#     counts, loss, jitter and MOS as over IPv4 (the same frames, each 20
#     bytes longer: an IPv6 header is 40 bytes, IPv4's 20); the RTP delay
#     through RT (mean and max) 20 x bus.dma_per_byte longer, the one cost
#     per byte on RT's receive path (300 ps/B: 6 ns);
#  3. without host.ipv6 neither SDP is the host's: no claim, no local
#     media, no RTP counted for the call.
#
# Environment (set by `make check`): top_srcdir, NICSHARE, TSHARK.
# Exit: 0 all held, 1 a check failed, 77 skipped (no tshark or python3),
# 99 the test could not run.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${NICSHARE:-$top/nicshare}
TSHARK=${TSHARK:-tshark}
SC=$top/scenarios/sip-call.yaml
for t in "$TSHARK" python3; do
	command -v "$t" >/dev/null 2>&1 || { echo "calls-ipv6.sh: SKIP: no $t"; exit 77; }
done
[ -x "$bin" ] || { echo "calls-ipv6.sh: ERROR: $bin is not built" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-calls-ipv6.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
no() { echo "calls-ipv6.sh: FAIL: $*"; fail=1; }

CAP=$tmp/call6.pcap
python3 "$top/tests/mkcall.py" "$CAP" --ipv6 || exit 99

# 1. tshark's view
sip=$("$TSHARK" -r "$CAP" -Y 'sip && ipv6' -T fields -e frame.number 2>/dev/null | wc -l)
[ "$sip" = 7 ] || no "tshark: $sip SIP messages over IPv6, not 7"
c6=$("$TSHARK" -r "$CAP" -Y sdp -T fields -e sdp.connection_info 2>/dev/null | tr '\n' ' ')
[ "$c6" = "IN IP6 2001:db8::2 IN IP6 2001:db8::1 " ] || no "tshark: SDP connections $c6"
bad=$("$TSHARK" -r "$CAP" -o udp.check_checksum:TRUE -T fields -e udp.checksum.status 2>/dev/null |
	grep -cv '^1$')
[ "$bad" = 0 ] || no "tshark: $bad UDP checksums not good"

O="--quiet --outputs summary,calls"
"$bin" run "$SC" --out "$tmp/v4" $O 2>"$tmp/err" || { no "IPv4 run: $(cat "$tmp/err")"; exit 1; }
"$bin" run "$SC" --set trace.file="$CAP" --set host.ipv6=2001:db8::1 --out "$tmp/v6" $O \
	2>"$tmp/err" || { no "IPv6 run: $(cat "$tmp/err")"; exit 1; }
"$bin" run "$SC" --set trace.file="$CAP" --out "$tmp/none" $O 2>"$tmp/err" ||
	{ no "IPv6 run without host.ipv6: $(cat "$tmp/err")"; exit 1; }
dma=$(sed -n 's/^ *dma_per_byte: *\([0-9]*\)ps\/B.*/\1/p' "$tmp/v6/config.yaml")
[ "$dma" = 300 ] || no "config.yaml: bus.dma_per_byte ${dma}ps/B, the test wants 300"

python3 - "$tmp" <<'PY' || fail=1
import csv, sys
d = sys.argv[1]
def rows(name):
    with open("%s/%s/calls.tsv" % (d, name)) as f:
        return list(csv.DictReader(f, delimiter="\t"))
v4, v6, none = rows("v4"), rows("v6"), rows("none")
bad = []
if len(v4) != 1 or len(v6) != 1 or len(none) != 1:
    print("calls-ipv6.sh: FAIL: calls: %d over IPv4, %d over IPv6, %d without host.ipv6"
          % (len(v4), len(v6), len(none)))
    sys.exit(1)
a, b, n = v4[0], v6[0], none[0]
want = {"local_media": "[2001:db8::1]:20000", "remote_media": "[2001:db8::2]:40000",
        "from": "alice@2001:db8::2", "to": "bob@2001:db8::1", "claim": "released",
        "codec": "PCMU", "end_reason": "bye"}
for k, v in want.items():
    if b[k] != v:
        bad.append("%s %s, want %s" % (k, b[k], v))
same = ["call_id", "codec", "pt", "ptime_ms", "ok200", "claim_asked", "claim_applied", "claim",
        "in_rt", "in_gp", "in_drop", "after_end", "sip_errors", "moves", "in_jitter_ms",
        "in_jitter_max_ms", "in_lost", "in_late", "in_mos", "in_streams", "end_reason"]
for k in same:
    if a[k] != b[k]:
        bad.append("%s %s over IPv6, %s over IPv4" % (k, b[k], a[k]))
# 20 bytes more DMA'd per frame at 300 ps/B: 6 ns more each
for k in ("in_delay_mean_ns", "in_delay_max_ns"):
    if not (a[k].isdigit() and b[k].isdigit() and int(b[k]) == int(a[k]) + 6):
        bad.append("%s %s over IPv6, %s over IPv4: not 6 ns more" % (k, b[k], a[k]))
if not b["in_rt"].isdigit() or int(b["in_rt"]) == 0:
    bad.append("no RTP frame to RT (in_rt %s)" % b["in_rt"])
for k, v in {"local_media": "-", "claim": "none", "claim_asked": "-", "in_rt": "0"}.items():
    if n[k] != v:
        bad.append("without host.ipv6: %s %s, want %s" % (k, n[k], v))
for m in bad:
    print("calls-ipv6.sh: FAIL: " + m)
sys.exit(1 if bad else 0)
PY
[ "$fail" = 0 ] && echo "calls-ipv6.sh: all checks held"
exit "$fail"
