#!/usr/bin/env bash
# calls.sh - SIP on GP, RTP ports claimed by RT (issue 12), end to end on
# the hand-made call of tests/mkcall.py (scenarios/sip-call.yaml), every
# expectation from tshark's view of the capture and the times mkcall.py
# wrote it with, not from nicshare:
#
#  1. With the SIP engine: every incoming RTP frame of the call between the
#     ACK and the BYE goes to rt (the claim, asked when the 200 gave both
#     SDPs, is applied within microseconds: the first RTP frame is 5 ms
#     after the ACK); the stray RTP frames after the BYE go to gp; SIP
#     frames go to gp (received) or are own-tx (sent by the gateway).
#  2. Without it (calls.sip off): the same RTP frames all go to gp.
#  3. calls.tsv: one call, its Call-ID, From and To as tshark reads the
#     INVITE, codec PCMU/0, media 10.0.0.1:20000 and 10.0.0.2:40000 (the
#     SDPs), claim applied between the 200 (1 s) and the first RTP frame
#     (1.010 s), 49 frames rt and 3 gp in, 1 lost; jitter max 0.2421875 ms
#     by hand (RFC 3550 A.8: packet 10 is 16 units late: 1, then
#     1 + 15/16 = 1.9375 units of 1/8 ms), within the model's own delay
#     variation at the RT socket (under 1 us: 0.001 ms).
#  4. events.tsv: claim=20000 and claim=20001 sent on channel 3 and applied
#     by RT, relinquished after the BYE; determinism.
#
# Environment (set by `make check`): top_srcdir, NICSHARE, TSHARK.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${NICSHARE:-$top/nicshare}
TSHARK=${TSHARK:-tshark}
[ -x "$bin" ] || { echo "calls.sh: ERROR: $bin is not built" >&2; exit 99; }
command -v "$TSHARK" >/dev/null || { echo "calls.sh: ERROR: no tshark" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-calls.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1"; fi; }
SC=$top/scenarios/sip-call.yaml
CAP=$top/traces/calls/sip-call.pcap

"$bin" run "$SC" --out "$tmp/on" --quiet >/dev/null 2>"$tmp/on.err"
check "run: exit 0" '[ $? = 0 ] || cat "$tmp/on.err"'
"$bin" run "$SC" --set calls.sip=off --out "$tmp/off" --quiet >/dev/null 2>&1
"$bin" run "$SC" --out "$tmp/on2" --quiet >/dev/null 2>&1

# tshark's view: frame, time, ports, SIP method/status
"$TSHARK" -r "$CAP" -T fields -e frame.number -e frame.time_relative -e udp.srcport \
	-e udp.dstport -e sip.Method -e sip.Status-Code -e ip.src >"$tmp/ts.tsv" 2>/dev/null
ack=$(awk -F'\t' '$5 == "ACK" { print $2; exit }' "$tmp/ts.tsv")
bye=$(awk -F'\t' '$5 == "BYE" { print $2; exit }' "$tmp/ts.tsv")
# incoming RTP (to 20000) before the BYE / after it, by tshark's times
awk -F'\t' -v a="$ack" -v b="$bye" '$4 == 20000 && $2 > a && $2 < b { print $1 }' "$tmp/ts.tsv" >"$tmp/in-call"
awk -F'\t' -v b="$bye" '$4 == 20000 && $2 > b { print $1 }' "$tmp/ts.tsv" >"$tmp/in-after"
awk -F'\t' '$4 == 5060 && $7 != "10.0.0.1" { print $1 }' "$tmp/ts.tsv" >"$tmp/sip-in"
awk -F'\t' '$4 == 5060 && $7 == "10.0.0.1" { print $1 }' "$tmp/ts.tsv" >"$tmp/sip-out"
route() { awk -F'\t' -v d="$2" 'NR == FNR { want[$1] = 1; next } FNR > 1 && ($1 in want) && $2 != d { bad++ }
	END { print bad + 0 }' "$1" "$3/routing.tsv"; }
check "49 incoming RTP frames in the call ($(wc -l <"$tmp/in-call")), 3 after the BYE" \
	'[ "$(wc -l <"$tmp/in-call")" = 49 ] && [ "$(wc -l <"$tmp/in-after")" = 3 ]'
check "with the SIP engine: the call's RTP goes to rt" '[ "$(route "$tmp/in-call" rt "$tmp/on")" = 0 ]'
check "after the BYE: the strays go to gp" '[ "$(route "$tmp/in-after" gp "$tmp/on")" = 0 ]'
check "received SIP goes to gp" '[ "$(route "$tmp/sip-in" gp "$tmp/on")" = 0 ]'
check "the gateway's own SIP is skip own-tx" '[ "$(route "$tmp/sip-out" skip "$tmp/on")" = 0 ]'
check "without the SIP engine: the call's RTP goes to gp" '[ "$(route "$tmp/in-call" gp "$tmp/off")" = 0 ]'

# calls.tsv against tshark's INVITE and the SDPs
"$TSHARK" -r "$CAP" -Y 'sip.Method == "INVITE"' -T fields -e sip.Call-ID -e sip.from.user \
	-e sip.from.host -e sip.to.user -e sip.to.host 2>/dev/null | head -1 >"$tmp/inv"
IFS=$'\t' read -r cid fu fh tu th <"$tmp/inv"
python3 - "$tmp/on/calls.tsv" "$cid" "$fu@$fh" "$tu@$th" >"$tmp/ct" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
h, calls = rows[0], rows[1:]
c = dict(zip(h, calls[0])) if calls else {}
hz = 3e9
ok = lambda name, cond: print(("ok " if cond else "BAD ") + name)
ok("one call", len(calls) == 1)
ok("call id " + c.get("call_id", ""), c.get("call_id") == sys.argv[2])
ok("from/to", c.get("from") == sys.argv[3] and c.get("to") == sys.argv[4])
ok("codec PCMU/0", c.get("codec") == "PCMU" and c.get("pt") == "0")
ok("media", c.get("local_media") == "10.0.0.1:20000" and c.get("remote_media") == "10.0.0.2:40000")
app = int(c.get("claim_applied", "0")) / hz
ok("claim applied %.6f s: after the 200 (1 s), before the first RTP (1.010 s)" % app, 1.0 < app < 1.010)
ok("claim released", c.get("claim") == "released" and c.get("end_reason") == "bye")
ok("49 rt, 3 gp in", c.get("in_rt") == "49" and c.get("in_gp") == "3" and c.get("in_drop") == "0")
ok("1 lost", c.get("in_lost") == "1")
j = float(c.get("in_jitter_max_ms", "nan"))
ok("jitter max %.7f ms, by hand 0.2421875" % j, abs(j - 0.2421875) < 0.001)
PY
while read -r v what; do check "calls.tsv: $what" '[ "$v" = ok ]'; done <"$tmp/ct"

# channel 3
for m in "ctl-send	claim=20000" "ctl-apply	claim=20000_call=1" "ctl-send	claim=20001" \
	"ctl-send	relinquish=20000" "ctl-apply	relinquish=20001_call=1"; do
	check "events.tsv: $m" 'grep -qF "$m" "$tmp/on/events.tsv"'
done
check "two runs: byte-identical calls.tsv and events.tsv" \
	'cmp -s "$tmp/on/calls.tsv" "$tmp/on2/calls.tsv" && cmp -s "$tmp/on/events.tsv" "$tmp/on2/events.tsv"'

echo "calls.sh: $pass passed, $fail failed"
[ "$fail" = 0 ]
