#!/usr/bin/env bash
# The world, more by hand (doc/verify.md "Tests": the mutation run of
# src/world.c by helper n9, what tests/e2e/world.sh left): drops counted
# per port and reason, a flow's mean delay and its hops' waits, a link's
# loss and a hop's serialisation in world.json, a call's network share to
# the ps and G.114's 150 ms to the ps, the cycle a computer is handed a
# frame whose last bit falls inside one, the time base's limits, and a
# flow past 64 SSRCs.
set -u
top=${top_srcdir:?}
bin=${NICSHARE:?}
w=$(mktemp -d /tmp/nicshare-world2-XXXXXX)
trap 'rm -rf "$w"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=$((fail + 1)); }
# run NAME FILE [ARGS]: run FILE into $w/NAME; false (and said) when it fails
run() {
  local n=$1 f=$2
  shift 2
  "$bin" run "$f" "$@" --out "$w/$n" --quiet 2>"$w/err" && return 0
  no "$n: exit $?"; cat "$w/err"
  return 1
}
# refused NAME REGEX FILE [ARGS]: FILE is refused before anything runs
# (exit 2, nothing written), stderr matching REGEX
refused() {
  local n=$1 re=$2 f=$3
  shift 3
  "$bin" run "$f" "$@" --out "$w/$n" --quiet 2>"$w/err"
  local rc=$?
  [ $rc = 2 ] && [ ! -e "$w/$n" ] && grep -q "$re" "$w/err" \
    || { no "$n: not refused (exit $rc)"; cat "$w/err"; }
}

# ---- drops per port and reason, and the link's loss (world.json links[])
# tests/world/cons.yaml with l's loss 0.147742: of src's 50 frames into l
# (forward), 10 (300..480 ms) find it down and frame 8 is lost (the draw
# worked in world.sh); c's 5 frames to 10.9.9.9 are dropped no-host by
# the world, before any link: l's forward drops are link-down 10 and
# link-loss 1, every other reason 0, and its back direction and c's link
# m drop nothing. The link says its rate, 0.147742.
if run loss "$top/tests/world/cons.yaml" --set world.links.l.loss=0.147742; then
  python3 - "$w/loss/world.json" <<'PY' || no "loss: drops per port"
import json, sys
j = json.load(open(sys.argv[1]))
zero = {"no-host": 0, "no-route": 0, "link-down": 0, "link-loss": 0, "link-queue-full": 0,
        "host-ended": 0}
l = {x["name"]: x for x in j["links"]}
ok = l["l"]["loss"] == 0.147742 and l["m"]["loss"] == 0
ok = ok and l["l"]["directions"][0]["drops"] == dict(zero, **{"link-down": 10, "link-loss": 1})
ok = ok and l["l"]["directions"][1]["drops"] == zero
ok = ok and all(d["drops"] == zero for d in l["m"]["directions"])
ok = ok and j["frames"]["dropped"] == dict(zero, **{"no-host": 5, "link-down": 10, "link-loss": 1})
if not ok:
    print(json.dumps(j["links"], indent=1))
sys.exit(0 if ok else 1)
PY
fi
# a full queue is the port's too: world.sh's drop-tail sender (5 frames
# 409.6 us apart into a 10 Mbit/s link of queue 1; frame 3 dropped)
printf 'world:\n  duration: 20ms\n  hosts:\n    p: {ip: 10.0.0.5, app: bulk, to: q, rate: 19531250bit/s, frame_size: 1000, duration: 2ms}\n    q: {ip: 10.0.0.6, app: sink}\n  links:\n    l: {bandwidth: 10Mbit/s, latency: 1ms, queue: 1}\n  routes:\n    - {between: [p, q], links: [l]}\n' \
  > "$w/tail.yaml"
if run tail "$w/tail.yaml"; then
  grep -q '"dir": "forward", "frames": 4, "bytes": 4000, .*"drops": {"no-host": 0, "no-route": 0, "link-down": 0, "link-loss": 0, "link-queue-full": 1, "host-ended": 0}}' \
    "$w/tail/world.json" || { no "tail: the port's queue-full drop"; grep '"name": "l"' "$w/tail/world.json"; }
fi

# ---- a flow's mean delay is over the frames delivered: world.sh's flush
# world (l down from 1 ms to 2 ms). Delivered: frame 0 (made at 0, starts
# at 0: 809.6 us + 1 ms = 1809.6 us), frame 1 (made at 80 us, starts at
# 819.2 us: 2548.8 us), frames 25 + m, m = 0..12 (made at 2000 + 80 m us,
# start at 2000 + 819.2 m us: 1809.6 + 739.2 m us); 15 in all, 23 dropped.
# Sum 1809.6 + 2548.8 + 13 x 1809.6 + 739.2 x 78 = 85,540.8 us: mean
# 5,702.72 us (over the 38 sent it would be 2,251.07 us).
printf 'world:\n  duration: 20ms\n  hosts:\n    p: {ip: 10.0.0.5, app: bulk, to: q, rate: 100Mbit/s, frame_size: 1000, duration: 3ms}\n    q: {ip: 10.0.0.6, app: sink}\n  links:\n    l: {bandwidth: 10Mbit/s, latency: 1ms}\n  routes:\n    - {between: [p, q], links: [l]}\n  timeline:\n    - {at: 1ms, link: l, up: false}\n    - {at: 2ms, link: l, up: true}\n' \
  > "$w/flush.yaml"
for m in simgrid exact; do
  run flush-$m "$w/flush.yaml" --set world.network=$m &&
    { grep -q '"sent": 38, "delivered": 15, "dropped": 23, "in_flight": 0, "delay_ns": {"min": 1809600.000, "mean": 5702720.000, "max": 10680000.000}' \
        "$w/flush-$m/world.json" || { no "flush $m: the mean delay"; grep '"delay_ns"' "$w/flush-$m/world.json"; }; }
done

# ---- a hop's wait is its own, and a padded frame's serialisation: p's
# packet (0 s) crosses l (1808 ns + 1 ms) and enters m at 1,001,808 ns;
# r's, made at 1,001,000 ns, entered m first and holds it to 1,002,808 ns,
# then the 96-bit gap: p's waits at m until 1,002,904 ns, 1096 ns, and at
# l not at all. p's delay 2 x 1,001,808 + 1096 = 2,004,712 ns, r's
# 1,001,808 ns. Each hop of a 214-byte frame: 1808 bits at 1 Gbit/s.
printf 'world:\n  hosts:\n    p: {ip: 10.0.0.5, app: rtp, to: q, duration: 20ms}\n    r: {ip: 10.0.0.7, app: rtp, to: q, start: 1001000ns, duration: 20ms}\n    q: {ip: 10.0.0.6, app: sink}\n  links:\n    m: {bandwidth: 1Gbit/s, latency: 1ms}\n    l: {bandwidth: 1Gbit/s, latency: 1ms}\n  routes:\n    - {between: [p, q], links: [l, m]}\n    - {between: [r, q], links: [m]}\n' \
  > "$w/wait.yaml"
for m in exact simgrid; do
  run wait-$m "$w/wait.yaml" --set world.network=$m &&
    { grep -q '"src": "p", "dst": "q", .*"delay_ns": {"min": 2004712.000, "mean": 2004712.000, "max": 2004712.000}, "wire_max": 214, "queue_ns": {"total": 1096.000, "max": 1096.000}, "hops": \[{"link": "l", "dir": "forward", "latency_ns": 1000000.000, "serialisation_ns": 1808.000, "queue_max_ns": 0.000}, {"link": "m", "dir": "forward", "latency_ns": 1000000.000, "serialisation_ns": 1808.000, "queue_max_ns": 1096.000}\]}' \
        "$w/wait-$m/world.json" || { no "wait $m: p's hops"; grep '"src": "p"' "$w/wait-$m/world.json"; }
      grep -q '"src": "r", "dst": "q", .*"delay_ns": {"min": 1001808.000, .*"queue_ns": {"total": 0.000, "max": 0.000}' \
        "$w/wait-$m/world.json" || { no "wait $m: r's flow"; grep '"src": "r"' "$w/wait-$m/world.json"; }; }
done
# an RTP packet with no payload, 54 bytes, is padded to 60 on the link:
# its hop serialises (8 + 60 + 4) x 8 = 576 bits, 576 ns at 1 Gbit/s
printf 'world:\n  hosts:\n    p: {ip: 10.0.0.5, app: rtp, to: q, duration: 20ms, payload: 0}\n    q: {ip: 10.0.0.6, app: sink}\n  links:\n    l: {bandwidth: 1Gbit/s, latency: 1ms}\n  routes:\n    - {between: [p, q], links: [l]}\n' \
  > "$w/runt.yaml"
run runt "$w/runt.yaml" &&
  { grep -q '"wire_max": 54, "queue_ns": {"total": 0.000, "max": 0.000}, "hops": \[{"link": "l", "dir": "forward", "latency_ns": 1000000.000, "serialisation_ns": 576.000, "queue_max_ns": 0.000}\]' \
      "$w/runt/world.json" || { no "runt: the hop's serialisation"; grep '"hops"' "$w/runt/world.json"; }; }

# ---- a call's budget (world.json calls[]), to the ps: tests/world/call1.yaml
# with its cable at 155 Mbit/s. W = 3 x 10^12 ticks/s (3 GHz): an RTP
# packet's 1808 bits take 1808 x 3e12 / 155e6 = 34,993,548.39 ticks, up
# to 34,993,549 (each frame's last bit to a tick), + 1 ms (3 x 10^9 ticks):
# 3,034,993,549 ticks = 1,011,664,516.33 ps, up to the ps (a budget is
# never understated): network_max_ns 1011664.517 each way (the cable is
# idle for each). The gateway's own share is calls.tsv's delay max: in,
# NIC to RT socket, 4354 cycles (world.sh's case 1) = 1,451,333 ps; out
# 10,928 cycles = 3,642,667 ps (to the nearest ps, as calls.c keeps it).
# The far end's is calls.delay_budget. With 148,984,692,816 ps the out
# direction is 3,642,667 + 1,011,664,517 + 148,984,692,816 ps = 150 ms
# exactly: within G.114 ("ok"); 1 ps more is "over 150 ms". The in
# direction is 1,451,333 + 1,011,664,517 + 148,984,692,816 =
# 149,997,808,666 ps.
for b in 148984692816 148984692817; do
  run call-$b "$top/tests/world/call1.yaml" --set world.links.cable.bandwidth=155Mbit/s \
    --set calls.delay_budget=${b}ps || continue
  python3 - "$w/call-$b/world.json" "$b" <<'PY' || no "call budget ${b} ps"
import json, sys
j = json.load(open(sys.argv[1]))
b = int(sys.argv[2])
c = j["calls"]
ok = len(c) == 1
if ok:
    c = c[0]
    i, o = c["in"], c["out"]
    ok = (i["gateway_max_ns"] == 1451.333 and o["gateway_max_ns"] == 3642.667
          and i["network_max_ns"] == 1011664.517 and o["network_max_ns"] == 1011664.517
          and i["far_end_ns"] == b / 1e3 and o["far_end_ns"] == b / 1e3
          and i["one_way_max_ns"] == (1451333 + 1011664517 + b) / 1e3
          and o["one_way_max_ns"] == (3642667 + 1011664517 + b) / 1e3
          and c["g114"] == ("ok" if 3642667 + 1011664517 + b <= 150 * 10**9 else "over 150 ms"))
if not ok:
    print(json.dumps(c, indent=1))
sys.exit(0 if ok else 1)
PY
done

# ---- the cycle a computer is handed a frame (doc/engine.md "Time: ticks"):
# tests/world/ended.yaml's src sends c a 214-byte packet every 20 ms over
# l, here at 7 Mbit/s. W = 3 x 10^12 ticks/s, a cycle of c 1000 ticks.
# 1808 bits take 1808 x 3e12 / 7e6 = 774,857,142.86 ticks, up to
# 774,857,143, + 1 ms: the packet made at 0 has its last bit at c at
# 3,774,857,143 ticks, inside cycle 3,774,857: c has it at the first cycle
# at or after it, 3,774,858 (rx in its events.tsv); the one made at 20 ms
# at 63,774,858.
sed 's/bandwidth: 1Gbit\/s/bandwidth: 7Mbit\/s/' "$top/tests/world/ended.yaml" > "$w/hand.yaml"
grep -q 'bandwidth: 7Mbit/s' "$w/hand.yaml" || no "hand.yaml: l not at 7 Mbit/s"
if run hand "$w/hand.yaml"; then
  grep -q "^3774858	1	rx	214" "$w/hand/c/events.tsv" || no "hand: frame 1 not in at cycle 3,774,858"
  grep -q "^63774858	2	rx	214" "$w/hand/c/events.tsv" || no "hand: frame 2 not in at cycle 63,774,858"
fi
# and is dropped host-ended when that cycle is past its own end: c's
# run.duration of 1,258,285,667 ps is 3,774,857.001 cycles, its last whole
# cycle 3,774,857, before frame 1's: all 10 dropped host-ended. With
# 1,258,286,000 ps, 3,774,858 cycles exactly, frame 1 comes in c's last
# cycle and is delivered; the other 9 (from 20 ms) are dropped.
for x in "1258285667 0" "1258286000 1"; do
  set -- $x
  sed "s/run.duration=100ms/run.duration=${1}ps/" "$w/hand.yaml" > "$w/hand-$1.yaml"
  grep -q "run.duration=${1}ps" "$w/hand-$1.yaml" || no "hand-$1.yaml: c's run.duration not set"
  for m in simgrid exact; do
    run hand-$1-$m "$w/hand-$1.yaml" --set world.network=$m &&
      { grep -q "\"frames\": {\"sent\": 10, \"delivered\": $2, \"in_flight\": 0, \"dropped\": {\"no-host\": 0, \"no-route\": 0, \"link-down\": 0, \"link-loss\": 0, \"link-queue-full\": 0, \"host-ended\": $((10 - $2))}, \"conserved\": true}" \
          "$w/hand-$1-$m/world.json" || { no "hand $1 ps $m: not $2 delivered"; grep '"frames"' "$w/hand-$1-$m/world.json"; }; }
  done
done

# ---- the time base's limits (doc/engine.md "Time: ticks"): at cpu.hz
# 9.999 GHz W = lcm(10^12, 9.999 x 10^9) = 9.999 x 10^15 ticks/s, 9999 a
# ps; the world counts (2^64 - 1) / 4 = 4,611,686,018,427,387,903 ticks,
# 461,214,723,315,070 ps whole (world.sh has a world.duration of 2000 s
# refused). A world.duration of exactly that runs (two.yaml's 3 packets
# delivered); 1 ps more is refused.
for d in 461214723315070 461214723315071; do
  if [ $d = 461214723315070 ]; then
    run base-$d "$top/tests/world/two.yaml" --set cpu.hz=9.999GHz --set world.duration=${d}ps \
      --set world.network=exact &&
      { grep -q '"frames": {"sent": 3, "delivered": 3, "in_flight": 0,' "$w/base-$d/world.json" \
          || no "a world.duration of the last instant: not 3 delivered"; }
  else
    refused base-$d "world.duration (461214723315071 ps) is longer than this world can count: 461214723315070 ps at its time base of 9999000000000000 ticks/s" \
      "$top/tests/world/two.yaml" --set cpu.hz=9.999GHz --set world.duration=${d}ps
  fi
done
# in a world run until quiet, a timeline entry past it (500 s) is refused
# too, and so is a plain host whose last stream starts past it: start
# 400 s, 2 streams 100 s apart: its second starts at 500 s (its end, 401 s
# for the first, is not the latest)
refused base-timeline "a timeline event (500000000000000 ps) is longer than this world can count: 461214723315070 ps" \
  "$top/tests/world/two.yaml" --set cpu.hz=9.999GHz --set 'world.timeline=[{at: 500s, link: cable, up: false}]'
cat >"$w/stagger.yaml" <<'EOF'
host: {mac: "02:00:00:00:00:01", ipv4: 10.0.0.1}
world:
  hosts:
    a: {scenario: self}
    p: {ip: 10.0.0.2, mac: "02:00:00:00:00:02", app: rtp, to: a, start: 400s, channels: 2, stagger: 100s, duration: 1s}
  links:
    cable: {bandwidth: 100Mbit/s, latency: 1ms}
  routes:
    - {between: [a, p], links: [cable]}
EOF
refused base-stagger "a plain host's sending (start, stagger, duration) (500000000000000 ps) is longer than this world can count: 461214723315070 ps" \
  "$w/stagger.yaml" --set cpu.hz=9.999GHz
# with a world.duration inside it, what a plain host would send after the
# end never happens, and is no limit: p sends from 0 for 500 s into a
# world of 90 ms (5 packets, 20 ms apart, each in 1808 bits at 100 Mbit/s
# + 1 ms, by 81.02 ms)
sed 's/start: 400s, channels: 2, stagger: 100s, duration: 1s/duration: 500s/' "$w/stagger.yaml" > "$w/longsend.yaml"
run longsend "$w/longsend.yaml" --set cpu.hz=9.999GHz --set world.duration=90ms &&
  { grep -q '"frames": {"sent": 5, "delivered": 5, "in_flight": 0,' "$w/longsend/world.json" \
      || { no "longsend: not 5 delivered"; grep '"frames"' "$w/longsend/world.json"; }; }

# ---- past 64 SSRCs a flow keeps no more (doc/outputs.md, calls[]):
# tests/world/reuse.yaml with 65 calls 3.5 s apart, each taking the port
# pair 20000 <-> 40000 again (one flow each way, 65 SSRCs; with
# calls.generator.port_guard 0 s, as each call ends 3.01 s after its start). Call 1's RTP
# out queues behind the flood (world.sh: over 20,069,888 + 18,080 ns),
# no later call's does: calls 2..64 have their own, less; call 65's SSRC
# is the flow's 65th, not kept, and it gets the flow's max, call 1's (it
# was null, or call 64 already had it with 63 kept).
if run ssrc65 "$top/tests/world/reuse.yaml" --set calls.generator.count=65 \
     --set calls.generator.spacing=3500ms --set calls.generator.port_guard=0s \
     --set world.duration=240s; then
  python3 - "$w/ssrc65/world.json" <<'PY' || no "65 SSRCs on one flow"
import json, sys
j = json.load(open(sys.argv[1]))
c = {int(x["call_id"].rsplit("-", 1)[1]): x for x in j["calls"]}
fl = [f for f in j["flows"] if (f["src"], f["dst"], f["sport"], f["dport"]) == ("gw", "far", 20000, 40000)]
out = lambda k: c[k]["out"]["network_max_ns"] if c.get(k) and c[k]["out"] else None
ok = sorted(c) == list(range(1, 66)) and len(fl) == 1 and fl[0]["sent"] == 65 * 50
ok = ok and out(1) > 20069888 + 18080 and out(1) == fl[0]["delay_ns"]["max"]
ok = ok and all(out(k) is not None and out(k) < out(1) for k in range(2, 65))
ok = ok and out(65) == out(1)
if not ok:
    print({k: out(k) for k in (1, 2, 63, 64, 65) if k in c}, fl)
sys.exit(0 if ok else 1)
PY
fi

# ---- flows in (sender, receiver, ports) order (doc/outputs.md flows[]),
# the destination port last: computer a sends b RTP from port 5004 to
# 5008 (from 0) and to 5006 (from 1 ms): the 5008 flow is made first, and
# is written second.
cat >"$w/order.yaml" <<'EOF'
host: {mac: "02:00:00:00:00:01", ipv4: 10.0.0.1}
traffic:
  rtp:
    - {dst_mac: "02:00:00:00:00:02", dst_ip: 10.0.0.2, sport: 5004, dport: 5008, ptime: 20ms, payload: 160, start: 0s, duration: 60ms}
    - {dst_mac: "02:00:00:00:00:02", dst_ip: 10.0.0.2, sport: 5004, dport: 5006, ptime: 20ms, payload: 160, start: 1ms, duration: 60ms}
world:
  hosts:
    a: {scenario: self}
    b: {ip: 10.0.0.2, mac: "02:00:00:00:00:02", app: sink}
  links:
    l: {bandwidth: 1Gbit/s, latency: 1ms}
  routes:
    - {between: [a, b], links: [l]}
EOF
if run order "$w/order.yaml"; then
  python3 - "$w/order/world.json" <<'PY' || no "order: the flows' order"
import json, sys
f = [(x["src"], x["dst"], x["sport"], x["dport"], x["sent"]) for x in json.load(open(sys.argv[1]))["flows"]]
print(f) if f != [("a", "b", 5004, 5006, 3), ("a", "b", 5004, 5008, 3)] else sys.exit(0)
sys.exit(1)
PY
fi
# a link's utilisation is its busy time over end_ns, in a world run until
# quiet too (no world.duration; it was taken over 2^64 - 1 ticks: 0):
# world.sh's quiet sink, 5 packets (0..80 ms) of 1808 bits at 1 Gbit/s,
# 9040 ns busy, the last in at 81,001,808 ns, the end: 9040 / 81,001,808
# = 0.000112
printf 'world:\n  hosts:\n    s: {ip: 10.0.0.7, app: rtp, to: b, duration: 100ms}\n    b: {ip: 10.0.0.9, app: sink}\n  links:\n    l: {bandwidth: 1Gbit/s, latency: 1ms}\n  routes:\n    - {between: [s, b], links: [l]}\n' \
  > "$w/quiet.yaml"
run quiet "$w/quiet.yaml" &&
  { grep -q '"end_ns": 81001808.000,' "$w/quiet/world.json" \
      && grep -q '"dir": "forward", "frames": 5, "bytes": 1070, "busy_ns": 9040.000, "utilisation": 0.000112,' "$w/quiet/world.json" \
      || { no "quiet: the link's utilisation"; grep '"forward"' "$w/quiet/world.json"; }; }

# ---- a computer's from_network counts only what the world handed it:
# two.yaml's b also reads a capture of 4 frames (nicshare synth): its
# frames_in are 4 + a's 3, from_network 3 (doc/outputs.md hosts[])
"$bin" synth --frames 4 --write "$w/cap4.pcap" 2>/dev/null || no "synth: cannot write cap4.pcap"
sed "s#host.mac=02:00:00:00:00:02, host.ipv4=10.0.0.2\]#host.mac=02:00:00:00:00:02, host.ipv4=10.0.0.2, trace.file=$w/cap4.pcap]#" \
  "$top/tests/world/two.yaml" > "$w/fromnet.yaml"
grep -q "trace.file=$w/cap4.pcap" "$w/fromnet.yaml" || no "fromnet.yaml: b's capture not set"
run fromnet "$w/fromnet.yaml" &&
  { grep -q '"name": "b", .*"kind": "computer", .*"frames_in": 7, "frames_out": [0-9]*, "from_network": 3,' "$w/fromnet/world.json" \
      || { no "fromnet: b's counts"; grep '"name": "b"' "$w/fromnet/world.json"; }; }

# ---- an arrival one tick past a cycle's start is handed at the next
# cycle (doc/engine.md "Time: ticks": rounding up for an arrival): two.yaml
# with cable's latency 1 ms + 667 ps. At 3 GHz a cycle is 1000 ticks and
# a ps 3: A's last bit out at cycle 8928 (world.sh), 8,928,000 ticks, +
# 1808 bits at 100 Mbit/s (30,000 ticks a bit) 54,240,000 + 1,000,000,667
# ps x 3 = 3,000,002,001: in at B at tick 3,063,170,001, inside cycle
# 3,063,170, handed at 3,063,171 (each frame 20 ms = 60,000,000 cycles
# after the one before); the network's delay 1,018,080.667 ns.
for m in simgrid exact; do
  run tick1-$m "$top/tests/world/two.yaml" --set world.links.cable.latency=1000000667ps \
    --set world.network=$m &&
    { [ "$(awk -F'\t' '$3 == "rx" { printf "%s ", $1 }' "$w/tick1-$m/b/events.tsv")" = "3063171 63063171 123063171 " ] \
        && grep -q '"delay_ns": {"min": 1018080.667, "mean": 1018080.667, "max": 1018080.667}' "$w/tick1-$m/world.json" \
        || { no "tick1 $m: not handed at the cycle after the tick"; grep '	rx	' "$w/tick1-$m/b/events.tsv"; }; }
done

# ---- a plain host that only receives sleeps the world's longest link
# latency between its windows (doc/engine.md "Synchronisation", step 4:
# exact, with a world.duration). s sends q an RTP packet each ms over a
# 1 us link, and trades them with r over another; the world's longest
# latency is the far link's 50 ms (r to z). s and r step by their 1 us
# links, about a window per packet; q, woken at 0, 50, ..., 950 ms and at
# the end (1 s), runs 1 s / 50 ms + 1 = 21 windows at most (it ran one
# per packet of s's, 2000). Every packet is delivered: 1000 each way, the
# last sent at 999 ms, in 1 us + 1808 ns later.
cat >"$w/ro.yaml" <<'EOF'
world:
  duration: 1s
  hosts:
    s: {ip: 10.0.0.1, app: rtp, to: q, ptime: 1ms, duration: 1s}
    r: {ip: 10.0.0.2, app: rtp, to: s, ptime: 1ms, duration: 1s}
    q: {ip: 10.0.0.3, app: sink}
    z: {ip: 10.0.0.4, app: sink}
  links:
    a: {bandwidth: 1Gbit/s, latency: 1us}
    b: {bandwidth: 1Gbit/s, latency: 1us}
    far: {bandwidth: 1Gbit/s, latency: 50ms}
  routes:
    - {between: [s, q], links: [a]}
    - {between: [s, r], links: [b]}
    - {between: [r, z], links: [far]}
EOF
# q_windows NAME FILE MAX: FILE run exact on one thread into $w/NAME, q
# ran MAX windows at most; false (and said) when the run fails
q_windows() {
  "$bin" run "$2" --set world.network=exact --threads 1 --out "$w/$1" >"$w/ro.out" 2>"$w/err" \
    || { no "$1: exit $?"; cat "$w/err"; return 1; }
  local n
  n=$(sed -n 's/^nicshare: world: windows run per host: .* q \([0-9]*\) .*/\1/p' "$w/ro.out")
  [ -n "$n" ] && [ "$n" -le "$3" ] || { no "$1: q ran ${n:-?} windows ($3 at most)"; cat "$w/ro.out"; }
}
q_windows ro "$w/ro.yaml" 21 &&
  { grep -q '"frames": {"sent": 2000, "delivered": 2000, "in_flight": 0,' "$w/ro/world.json" \
      || { no "ro: not 2000 delivered"; grep '"frames"' "$w/ro/world.json"; }; }

# the same with far's latency 30 ms, which does not divide the second: q
# wakes at 0, 30, ..., 990 ms (34) and at the end, 35 windows at most, and
# its last sleep stops at the world's end: SimGrid's clock ends at 1 s
# (it slept on to 990 + 30 = 1020 ms)
sed 's/latency: 50ms/latency: 30ms/' "$w/ro.yaml" > "$w/ro30.yaml"
q_windows ro30 "$w/ro30.yaml" 35 &&
  { grep -q '"simgrid_clock_s": 1,' "$w/ro30/world.json" \
      || { no "ro30: SimGrid's clock past the end"; grep '"simgrid_clock_s"' "$w/ro30/world.json"; }; }

# ---- a frame waiting at a port is an event of the world: a host's
# window stops short of its arrival (doc/engine.md "Synchronisation":
# nothing can happen before the world's next event). s1 and s2 (s1 listed
# first) each send one frame at 0 into l (10 Mbit/s, 1 ms): s1's 1514
# bytes to y (on over m) first, (8 + 1514 + 4) x 8 = 12,208 bits,
# 1,220,800 ns, then the 96-bit gap, 9600 ns; s2's RTP packet to computer
# b (214 bytes, 1808 bits, 180,800 ns) waits for them and starts at
# 1,230,400 ns: in at b at 1,230,400 + 180,800 + 1,000,000 = 2,411,200 ns,
# cycle 7,233,600 at 3 GHz, delivered to RT 4354 cycles later (world.sh:
# DMA 1774 + 1500 + 300 + 150 + 630) at 7,237,954. On SimGrid b was let
# run past it, to the arrival of s1's frame at m plus its 1 ms lookahead
# (3,220,800 ns), and took it there.
cat >"$w/wait.yaml" <<'EOF'
host: {mac: "02:00:00:00:00:02", ipv4: 10.0.0.2}
world:
  duration: 30ms
  hosts:
    b: {scenario: self}
    s1: {ip: 10.0.0.5, app: bulk, to: y, rate: 1Mbit/s, frame_size: 1514, duration: 1ms}
    s2: {ip: 10.0.0.6, app: rtp, to: b, duration: 10ms}
    y: {ip: 10.0.0.7, app: sink}
  links:
    l: {bandwidth: 10Mbit/s, latency: 1ms}
    m: {bandwidth: 100Mbit/s, latency: 1ms}
  routes:
    - {between: [s1, y], links: [l, m]}
    - {between: [s2, b], links: [l]}
EOF
for m in simgrid exact; do
  run waitsh-$m "$w/wait.yaml" --set world.network=$m &&
    { grep -q '^7233600	1	rx	214$' "$w/waitsh-$m/b/events.tsv" \
        && grep -q '^7237954	1	rt-deliver	5004$' "$w/waitsh-$m/b/events.tsv" \
        && grep -q '"src": "s2", "dst": "b", .*"delay_ns": {"min": 2411200.000,' "$w/waitsh-$m/world.json" \
        || { no "waiting frame $m: b did not take s2's packet at cycle 7,233,600"; grep '	rx	' "$w/waitsh-$m/b/events.tsv"; }; }
done

# ---- a plain host's duration: 0s sends nothing (it is not "until the
# world ends"): an rtp host with ptime 20ms in a world of 1 s sends 0
# packets (until the end it would be 50), and without world.duration it
# is not refused (a duration was given)
printf 'world:\n  duration: 1s\n  hosts:\n    src: {ip: 10.0.1.1, app: rtp, to: sink, duration: 0s}\n    sink: {ip: 10.0.1.2, app: sink}\n  links:\n    l: {bandwidth: 10Mbit/s, latency: 1ms}\n  routes:\n    - {between: [src, sink], links: [l]}\n' \
  > "$w/dur0.yaml"
run dur0 "$w/dur0.yaml" &&
  { grep -q '"frames": {"sent": 0, "delivered": 0,' "$w/dur0/world.json" \
      || { no "dur0: a duration of 0s sent"; grep '"frames"' "$w/dur0/world.json"; }; }
grep -v '  duration: 1s' "$w/dur0.yaml" > "$w/dur0b.yaml"
run dur0b "$w/dur0b.yaml" &&
  { grep -q '"frames": {"sent": 0, "delivered": 0,' "$w/dur0b/world.json" \
      || { no "dur0b: a duration of 0s sent"; grep '"frames"' "$w/dur0b/world.json"; }; }

# ---- end_ns is the last thing that happened, drops included, and a
# link's utilisation is at most 1 (a world run until quiet). ended: c ends
# at 10 ms; s sends 1000-byte frames every 400 us for 20 ms (50) into l
# at 10 Mbit/s: 8096 bits, 809.6 us each, a frame every 819.2 us with the
# gap, so frame k has its last bit at 819.2 k + 809.6 us; l is busy
# 50 x 809.6 = 40,480 us. Frames 0..9 reach c by 10 ms (frame 10 at
# 8192 + 1809.6 = 10,001.6 us), the 40 others are dropped host-ended, the
# last (k = 49) at 40,140.8 + 809.6 + 1000 = 41,950.4 us: end_ns
# 41,950,400, utilisation 40,480 / 41,950.4 = 0.964949 (before: end_ns
# 19.6 ms, s's last sending, and 2.065). down: one packet at 1 us crosses
# l1 (214 bytes: 1808 bits, 180.8 us, + 1 ms) and is dropped link-down at
# l2 at 1,181.8 us: end_ns 1,181,800, l1's utilisation 180.8 / 1181.8 =
# 0.152987 (before: end_ns 1 us and 180.8).
cat >"$w/ended.yaml" <<'EOF'
world:
  hosts:
    c: {scenario: self, set: [run.duration=10ms]}
    s: {ip: 10.0.1.1, app: bulk, to: c, rate: 20Mbit/s, frame_size: 1000, duration: 20ms}
  links:
    l: {bandwidth: 10Mbit/s, latency: 1ms}
  routes:
    - {between: [s, c], links: [l]}
EOF
cat >"$w/down.yaml" <<'EOF'
world:
  hosts:
    s: {ip: 10.0.1.1, app: rtp, to: k, start: 1us, duration: 1us}
    k: {ip: 10.0.1.2, app: sink}
  links:
    l1: {bandwidth: 10Mbit/s, latency: 1ms}
    l2: {bandwidth: 10Mbit/s, latency: 1ms}
  routes:
    - {between: [s, k], links: [l1, l2]}
  timeline:
    - {at: 0s, link: l2, up: false}
EOF
for m in simgrid exact; do
  run ended-$m "$w/ended.yaml" --set world.network=$m &&
    { grep -q '"end_ns": 41950400.000,' "$w/ended-$m/world.json" \
        && grep -q '"dir": "forward", "frames": 50, "bytes": 50000, "busy_ns": 40480000.000, "utilisation": 0.964949,' "$w/ended-$m/world.json" \
        && grep -q '"delivered": 10, "in_flight": 0, "dropped": {[^}]*"host-ended": 40}' "$w/ended-$m/world.json" \
        || { no "ended $m: end_ns or utilisation"; grep '"end_ns"\|"frames"' "$w/ended-$m/world.json"; }; }
  run down-$m "$w/down.yaml" --set world.network=$m &&
    { grep -q '"end_ns": 1181800.000,' "$w/down-$m/world.json" \
        && grep -q '"name": "l1", .*"dir": "forward", "frames": 1, "bytes": 214, "busy_ns": 180800.000, "utilisation": 0.152987,' "$w/down-$m/world.json" \
        || { no "down $m: end_ns or utilisation"; grep '"end_ns"\|"l1"' "$w/down-$m/world.json"; }; }
done

# ---- a frame to be flushed holds its place in the queue: s sends 1000-
# byte frames every 80 us for 1 ms (13, at 0..960 us) into l, 10 Mbit/s,
# queue 1, down at 1.5 ms. Frame 0 starts at 0 and frame 1 (80 us) waits
# to 819.2 us: both are sent (frame 1 started before the link went down).
# Frames 2..10 (160..800 us) find frame 1 waiting: queue-full, 9. Frame 11
# (880 us) takes the free place, to start at 1638.4 us, after the link
# goes down: it is flushed at 1.5 ms (link-down), and until then frame 12
# (960 us) finds the queue full: queue-full 10, link-down 1 (before:
# link-down 2, frame 12 dropped as if the queue were empty).
printf 'world:\n  duration: 30ms\n  hosts:\n    s: {ip: 10.0.1.1, app: bulk, to: k, rate: 100Mbit/s, frame_size: 1000, duration: 1ms}\n    k: {ip: 10.0.1.2, app: sink}\n  links:\n    l: {bandwidth: 10Mbit/s, latency: 1ms, queue: 1}\n  routes:\n    - {between: [s, k], links: [l]}\n  timeline:\n    - {at: 1.5ms, link: l, up: false}\n    - {at: 2.1ms, link: l, up: true}\n' \
  > "$w/held.yaml"
for m in simgrid exact; do
  run held-$m "$w/held.yaml" --set world.network=$m &&
    { grep -q '"dir": "forward", "frames": 2, "bytes": 2000, .*"drops": {"no-host": 0, "no-route": 0, "link-down": 1, "link-loss": 0, "link-queue-full": 10, "host-ended": 0}}, {"dir": "back"' "$w/held-$m/world.json" \
        || { no "held $m: the flushed frame's place"; grep '"name": "l"' "$w/held-$m/world.json"; }; }
done

# ---- each direction of a cable is one FIFO, however the routes are
# written: three hosts on one switch R (la a-R, lb b-R, lc c-R), flows
# a->b, b->c, c->a of 6 Mbit/s (a 1000-byte frame every 1333.3 us, 150
# in 200 ms) on 10 Mbit/s links: every direction of every cable carries
# one flow, 150 frames, and no frame waits (809.6 us each). Route [a, c]
# written [la, lc] crosses lc from R to c: back, as b->c does (before:
# c->a took lc "back" with b->c, 300 frames at 0.988, frames queued 45 ms).
printf 'world:\n  duration: 200ms\n  hosts:\n    a: {ip: 10.0.1.1, app: bulk, to: b, rate: 6Mbit/s, frame_size: 1000}\n    b: {ip: 10.0.1.2, app: bulk, to: c, rate: 6Mbit/s, frame_size: 1000}\n    c: {ip: 10.0.1.3, app: bulk, to: a, rate: 6Mbit/s, frame_size: 1000}\n  links:\n    la: {bandwidth: 10Mbit/s, latency: 10us}\n    lb: {bandwidth: 10Mbit/s, latency: 10us}\n    lc: {bandwidth: 10Mbit/s, latency: 10us}\n  routes:\n    - {between: [a, b], links: [la, lb]}\n    - {between: [c, b], links: [lc, lb]}\n    - {between: [a, c], links: [la, lc]}\n' \
  > "$w/star.yaml"
for m in simgrid exact; do
  run star-$m "$w/star.yaml" --set world.network=$m &&
    python3 - "$w/star-$m/world.json" <<'PY' || no "star $m: a cable's directions"
import json, sys
j = json.load(open(sys.argv[1]))
ok = all(d["frames"] == 150 for l in j["links"] for d in l["directions"])
ok = ok and all(f["queue_ns"]["total"] == 0 for f in j["flows"])
hops = {(f["src"], f["dst"]): [(h["link"], h["dir"]) for h in f["hops"]] for f in j["flows"]}
ok = ok and hops == {("a", "b"): [("la", "forward"), ("lb", "forward")],
                     ("b", "c"): [("lb", "back"), ("lc", "back")],
                     ("c", "a"): [("lc", "forward"), ("la", "back")]}
if not ok:
    print(json.dumps(j["links"]), hops)
sys.exit(0 if ok else 1)
PY
done
# a route that would join a junction to itself is refused at its place:
# x and y both reach f over l alone (one end of l), so m between them
printf 'world:\n  duration: 1s\n  hosts:\n    x: {ip: 10.0.3.1, app: bulk, to: y, duration: 1ms}\n    y: {ip: 10.0.3.2}\n    f: {ip: 10.0.3.3}\n  links:\n    l: {bandwidth: 1Mbit/s, latency: 1ms}\n    m: {bandwidth: 1Mbit/s, latency: 1ms}\n  routes:\n    - {between: [x, f], links: [l]}\n    - {between: [y, f], links: [l]}\n    - {between: [x, y], links: [m]}\n' \
  > "$w/loop.yaml"
refused loop 'loop.yaml:13:7: world.routes.2: its links cannot be joined' "$w/loop.yaml"

# ---- a computer's address changed by its own timeline (review n35):
# the world finds a frame's destination by the address each host has then
# (doc/engine.md "Addresses that move"): a computer's change applied at
# cycle u counts for a frame a host sends at t when u + d < t, d the least
# latency of a route from that computer to the sender. a sends RTP to
# 10.0.0.9 every 10 ms from 0 to 100 ms: 10 packets, at 0, 10, ..., 90 ms
# (each leaves a's NIC a few us later). b takes 10.0.0.9 at 45 ms (its RT
# applies the command microseconds later, u < 46 ms). With the cable's
# 1 ms, u + 1 ms < 47 ms: the 5 packets at 0..40 ms find no host (no-host),
# the 5 at 50..90 ms reach b (before: all 10 no-host, the world looked up
# configured addresses only). With 8 ms, u + 8 ms is after 50 ms: the
# packet at 50 ms still finds no host, 4 reach b.
cat > "$w/move.yaml" <<'YAML'
name: move
world:
  duration: 200ms
  hosts:
    a:
      scenario: self
      set: ["traffic.rtp.0={dst_mac: '02:00:00:00:00:02', dst_ip: 10.0.0.9, sport: 5004, dport: 5006, ptime: 10ms, payload: 160, start: 0s, duration: 100ms}"]
    b:
      scenario: self
      set: [host.mac=02:00:00:00:00:02, host.ipv4=10.0.0.2, "timeline.0={at: 45ms, ipv4: 10.0.0.9}"]
  links:
    cable: {bandwidth: 100Mbit/s, latency: 1ms}
  routes:
    - {between: [a, b], links: [cable]}
YAML
# moved DIR DELIVERED: world.json's counts and b's frames from the network
moved() {
  python3 - "$1" "$2" <<'PY'
import json, sys
d, n = sys.argv[1], int(sys.argv[2])
j = json.load(open(d + "/world.json"))
b = json.load(open(d + "/b/summary.json"))
fl = {(f["src"], f["dst"]): (f["sent"], f["delivered"], f["dropped"]) for f in j["flows"]}
ok = j["frames"]["sent"] == 10 and j["frames"]["delivered"] == n
ok = ok and j["frames"]["dropped"]["no-host"] == 10 - n and j["frames"]["conserved"]
ok = ok and fl == {("a", "b"): (n, n, 0), ("a", "(none)"): (10 - n, 0, 10 - n)}
ok = ok and b["input"]["frames"] == n
if not ok:
    print(json.dumps(j["frames"]), fl, b["input"])
sys.exit(0 if ok else 1)
PY
}
for m in simgrid exact exact2; do
  t=(--set world.network=${m%2})
  [ "$m" = exact2 ] && t+=(--threads 2)
  run move-$m "$w/move.yaml" "${t[@]}" && { moved "$w/move-$m" 5 || no "move $m: 5 of 10 to b"; }
done
run move-8ms "$w/move.yaml" --set world.links.cable.latency=8ms &&
  { moved "$w/move-8ms" 4 || no "move 8ms: the packet at 50 ms within u + 8 ms"; }
# a MAC change: b takes 02:00:00:00:00:09 at 45 ms; a sends to b's
# address. The world writes the destination's MAC of that instant into
# the frame (before: the configured one, and b's NIC dropped the 5 packets
# at 50..90 ms, nic-filter): b's RT takes all 10.
sed -e 's/dst_ip: 10.0.0.9/dst_ip: 10.0.0.2/' \
    -e "s/{at: 45ms, ipv4: 10.0.0.9}/{at: 45ms, mac: '02:00:00:00:00:09'}/" \
    "$w/move.yaml" > "$w/macmove.yaml"
if run macmove "$w/macmove.yaml"; then
  python3 - "$w/macmove" <<'PY' || no "macmove: b's NIC takes the 10 packets"
import json, sys
j = json.load(open(sys.argv[1] + "/world.json"))
b = json.load(open(sys.argv[1] + "/b/summary.json"))
ok = j["frames"]["delivered"] == 10 and b["decisions"]["rt"] == 10 and b["drops"] == {}
if not ok:
    print(json.dumps(j["frames"]), b["decisions"], b["drops"])
sys.exit(0 if ok else 1)
PY
fi
# a plain host's echo answers the frame's own source: a (a computer)
# sends far RTP every 10 ms from 0 to 100 ms (10 packets) and takes
# 10.0.0.7 at 45 ms; far echoes each, to 10.0.0.1 the 5 sent before and
# to 10.0.0.7 the 5 after (a has each at the echo's instant: an echo
# comes more than the route's 1 ms after a's packet left): 10 echoes
# delivered (before: the 5 after to the configured 10.0.0.1, which no
# host had any more, no-host). far's own stream to a (`to: a`, a's
# configured address) every 10 ms from 0: the 5 at 0..40 ms reach a, the
# 5 at 50..90 ms find no host. 30 sent, 25 delivered, 5 no-host.
cat > "$w/echomove.yaml" <<'YAML'
name: echomove
host: {ipv4: 10.0.0.1}
traffic:
  rtp:
    - {dst_mac: "02:00:00:00:00:02", dst_ip: 10.0.0.2, sport: 5004, dport: 5006, ptime: 10ms, payload: 160, start: 0s, duration: 100ms}
timeline:
  - {at: 45ms, ipv4: 10.0.0.7}
world:
  duration: 200ms
  hosts:
    a: {scenario: self}
    far: {ip: 10.0.0.2, mac: "02:00:00:00:00:02", app: rtp, to: a, dport: 5004, ptime: 10ms, duration: 100ms, echo: true}
  links:
    cable: {bandwidth: 100Mbit/s, latency: 1ms}
  routes:
    - {between: [a, far], links: [cable]}
YAML
for m in simgrid exact; do
  run echomove-$m "$w/echomove.yaml" --set world.network=$m &&
    python3 - "$w/echomove-$m/world.json" <<'PY' || no "echomove $m: the echoes to a's new address"
import json, sys
j = json.load(open(sys.argv[1]))
fl = {(f["src"], f["dst"], f["sport"], f["dport"]): (f["sent"], f["delivered"], f["dropped"])
      for f in j["flows"]}
far = [h for h in j["hosts"] if h["name"] == "far"][0]
ok = j["frames"]["sent"] == 30 and j["frames"]["delivered"] == 25
ok = ok and j["frames"]["dropped"]["no-host"] == 5
ok = ok and fl == {("a", "far", 5004, 5006): (10, 10, 0), ("far", "a", 5006, 5004): (10, 10, 0),
                   ("far", "a", 5004, 5004): (5, 5, 0), ("far", "(none)", 5004, 5004): (5, 0, 5)}
ok = ok and far["echoed"] == 10
if not ok:
    print(json.dumps(j["frames"]), fl, far)
sys.exit(0 if ok else 1)
PY
done
# the far end (callfar) answers the gateway where the gateway is now: a
# response to its request's source, ACK and BYE to the latest source of
# the gateway's SIP in the call, RTP to the address and port of the
# gateway's SDP; its own INVITE to the configured address (review n45).
# callcheck NAME SENT DELIVERED NO-HOST SIP_TX SIP_RX RTP_TX ANSWERED ENDED RECORDS:
# world.json of $w/NAME: the frames, the far end's calls counts, the billing records
callcheck() {
  python3 - "$w/$1/world.json" "${@:2}" <<'PY' || no "$1: the far end's answers to the gateway's new address"
import json, sys
j = json.load(open(sys.argv[1]))
sent, deliv, nohost, sip_tx, sip_rx, rtp_tx, ans, ended, rec = map(int, sys.argv[2:])
h = {x["name"]: x for x in j["hosts"]}
c = h["far"]["calls"]
ok = (j["frames"]["sent"], j["frames"]["delivered"], j["frames"]["dropped"]["no-host"]) == (sent, deliv, nohost)
ok = ok and j["frames"]["sent"] == j["frames"]["delivered"] + nohost
ok = ok and (c["sip_tx"], c["sip_rx"], c["rtp_tx"], c["answered"], c["ended"]) == (sip_tx, sip_rx, rtp_tx, ans, ended)
ok = ok and h["billing"]["records"] == rec
if not ok:
    print(json.dumps(j["frames"]), c, h["billing"]["records"])
sys.exit(0 if ok else 1)
PY
}
# callmove (tests/world/call1.yaml, 4 calls): the gateway takes 10.0.0.11
# at 50 ms and then places 4 calls (100 ms apart from 100 ms, each held
# 100 ms, PCMU 20 ms: 5 RTP packets each way). Each call: the gateway's
# INVITE, ACK and BYE or 200 (3), the far end's 100, 180, 200 and 200 or
# BYE (4), 10 RTP packets, 1 billing record: 18 frames, 72 in all, every
# one delivered; the far end answers 4 and sees 4 ended, the billing host
# counts 4. Before: the far end's 100/180/200 and RTP went to 10.0.0.1,
# which no host had (36 sent, 4 delivered, 32 no-host, no call ever
# established, 0 records).
for m in simgrid exact; do
  run callmove-$m "$top/tests/world/call1.yaml" --set world.network=$m --set world.duration=2s \
    --set calls.generator.count=4 --set calls.generator.start=100ms \
    --set calls.generator.spacing=100ms --set 'timeline=[{at: 50ms, ipv4: 10.0.0.11}]' &&
    callcheck callmove-$m 72 72 0 16 12 20 4 4 4
done
# a move in the middle of a call (tests/world/call1.yaml, the gateway
# placing it; world.sh works its instants by hand): the gateway takes
# 10.0.0.11 at 350 ms. The far end's 100, 180, 200 left before (to
# 10.0.0.1, the INVITE's source); its RTP goes to the INVITE's SDP,
# 10.0.0.1, at 321.05 + 20 n ms: n = 0, 1 reach the gateway, n = 2..4
# (361 ms on, past the move + the cable's 1 ms) find no host (no
# re-INVITE tells the far end the new address, RFC 3261 14). The
# gateway's BYE (about 402 ms) comes from 10.0.0.11 and the far end's 200
# goes there: the call ends and is billed. 18 sent, 15 delivered, 3
# no-host. Before: that 200 went to 10.0.0.1 (no-host), the gateway never
# ended the call, no record (17 sent, 13 delivered, 4 no-host).
for m in simgrid exact; do
  run callmid-$m "$top/tests/world/call1.yaml" --set world.duration=1s --set world.network=$m \
    --set 'timeline=[{at: 350ms, ipv4: 10.0.0.11}]' &&
    callcheck callmid-$m 18 15 3 4 3 5 1 1 1
done
# the far end places the call (outgoing 0) and the gateway moves between
# its 180 (about 50 ms, from 10.0.0.1) and its 200 (about 300 ms, from
# 10.0.0.11, its SDP's c= 10.0.0.11): the far end's INVITE went to the
# configured 10.0.0.1 (the gateway had it); its ACK goes to the 200's
# source, its 5 RTP packets to 10.0.0.11:20000, its 200 to the gateway's
# BYE to that BYE's source: far end INVITE, ACK, 200 + 5 RTP, gateway 100,
# 180, 200, BYE + 5 RTP, 1 record: 18 sent, 18 delivered. Before: the ACK
# and the 5 RTP packets went to 10.0.0.1 (no-host), the gateway never had
# the ACK and so never hung up: 15 sent, 9 delivered, 6 no-host, 0 records.
for m in simgrid exact; do
  run callfar-$m "$top/tests/world/call1.yaml" --set world.duration=1s --set world.network=$m \
    --set calls.generator.outgoing=0 --set 'timeline=[{at: 200ms, ipv4: 10.0.0.11}]' &&
    callcheck callfar-$m 18 18 0 3 4 5 1 1 1
done

# ---- more SimGrid actors than the machine's mappings allow (review n51)
# 64 actors a link on the simgrid network (a port each way: 16 senders
# and 16 far ends), each a stack and its guard page: past
# vm.max_map_count SimGrid aborted (exit 134). Enough links of 16-link
# routes between pairs of plain hosts to pass it: refused before anything
# runs, saying what to do; the same world runs with world.network exact.
mm=$(cat /proc/sys/vm/max_map_count 2>/dev/null || echo 0)
if [ "$mm" -gt 0 ] && [ "$mm" -lt 1000000 ]; then
  nr=$(( (mm / 128) / 16 + 2 ))
  python3 - "$nr" > "$w/many.yaml" <<'PY'
import sys
n = int(sys.argv[1])
print("name: many\nworld:\n  duration: 1ms\n  network: simgrid\n  hosts:")
for i in range(n):
    print("    a%d: {ip: 10.1.%d.%d}\n    b%d: {ip: 10.2.%d.%d}" % (i, i // 250, i % 250 + 1, i, i // 250, i % 250 + 1))
print("  links:")
for i in range(n):
    for k in range(16):
        print("    l%d_%d: {bandwidth: 1Gbit/s, latency: 1us}" % (i, k))
print("  routes:")
for i in range(n):
    print("    - {between: [a%d, b%d], links: [%s]}" % (i, i, ", ".join("l%d_%d" % (i, k) for k in range(16))))
PY
  refused many "world.network simgrid: $((nr * 16)) links would take [0-9]* SimGrid actors, .*vm.max_map_count $mm); run the world with .world.network: exact." "$w/many.yaml"
  run many-exact "$w/many.yaml" --set world.network=exact
else
  echo "world2: vm.max_map_count '$mm' unknown or very large: the many-links case skipped"
fi

# ---- a computer key that reaches no computer (review n56): in a world
# with no host of scenario: self, the run's --set keys and the file's own
# keys outside world: are refused before anything runs (they were taken,
# then no computer had them: gw kept rx_ring 64), by run, check, config
# and sweep (before any point runs), naming the key and where to give it
printf 'name: gwc\nrt:\n  udp_ports: 10000-10127\ntraffic:\n  rtp:\n    - {dst_ip: 10.0.0.2, sport: 10000, dport: 20000, duration: 60ms}\n    - {dst_ip: 10.0.0.2, sport: 10010, dport: 20000, duration: 60ms}\n' \
  > "$w/ns-gw.yaml"
printf 'name: ns\nworld:\n  duration: 100ms\n  hosts:\n    gw: {scenario: ns-gw.yaml, set: ["nic.rx_ring=64", "traffic.rtp.1.start=5ms"]}\n    far: {ip: 10.0.0.2, app: sink}\n  links:\n    lan: {bandwidth: 1Gbit/s, latency: 50us}\n  routes:\n    - {between: [gw, far], links: [lan]}\n' \
  > "$w/ns.yaml"
why="reaches no computer: the run's --set keys are for the hosts with scenario: self, and the world has none; give it in a computer's set: list (world.hosts.gw.set) or in its own file"
refused ns-run "^--set nic.rx_ring=1: nic.rx_ring: $why$" "$w/ns.yaml" --set nic.rx_ring=1 \
  --set cost.rt_irq=100000cycles
grep -q "^--set cost.rt_irq=100000cycles: cost.rt_irq: $why$" "$w/err" && [ "$(wc -l < "$w/err")" = 2 ] \
  || { no "ns-run: not both keys, each once"; cat "$w/err"; }
# said of the key, not as gw's list (traffic.rtp had 0 items in the file's own)
"$bin" config "$w/ns.yaml" --set traffic.rtp.1.start=7ms >/dev/null 2>"$w/err"
rc=$?
[ $rc = 2 ] && [ "$(cat "$w/err")" = "--set traffic.rtp.1.start=7ms: traffic.rtp.1.start: $why" ] \
  || { no "ns-config: exit $rc"; cat "$w/err"; }
"$bin" check "$w/ns.yaml" --set nic.rx_ring=1 >/dev/null 2>"$w/err"
rc=$?
[ $rc = 2 ] && [ "$(cat "$w/err")" = "--set nic.rx_ring=1: nic.rx_ring: $why" ] \
  || { no "ns-check: exit $rc"; cat "$w/err"; }
"$bin" sweep "$w/ns.yaml" --vary cost.rt_irq=100cycles,10000000cycles --out "$w/ns-sw" -j 1 \
  >/dev/null 2>"$w/err"
rc=$?
[ $rc = 2 ] && [ ! -e "$w/ns-sw" ] \
  && [ "$(cat "$w/err")" = "nicshare sweep: --vary cost.rt_irq: --set cost.rt_irq=100cycles: cost.rt_irq: $why" ] \
  || { no "ns-sweep: exit $rc"; cat "$w/err"; }
# a point whose world loses its self host: refused, nothing run
"$bin" sweep "$w/ns.yaml" --set nic.rx_ring=2 --vary 'world.hosts.gw.scenario=self,ns-gw.yaml' \
  --out "$w/ns-sw" -j 1 >/dev/null 2>"$w/err"
rc=$?
[ $rc = 2 ] && [ ! -e "$w/ns-sw" ] \
  && [ "$(cat "$w/err")" = "nicshare sweep: point p0001 (world.hosts.gw.scenario=ns-gw.yaml) refused:
--set nic.rx_ring=2: nic.rx_ring: $why" ] || { no "ns-sweep point: exit $rc"; cat "$w/err"; }
# the file's own keys (name: may stay: it names the file), at their line
{ printf 'nic: {rx_ring: 1}\ncost.rt_irq: 10000000cycles\n'; cat "$w/ns.yaml"; } > "$w/ns-own.yaml"
refused ns-own "^$w/ns-own.yaml:1:1: nic: reaches no computer: this file's own keys (outside world:) are those of the hosts with scenario: self, and the world has none; give it in a computer's set: list (world.hosts.gw.set) or in its own file$" \
  "$w/ns-own.yaml"
grep -q "^$w/ns-own.yaml:2:1: cost.rt_irq: reaches no computer: this file's own" "$w/err" \
  && [ "$(wc -l < "$w/err")" = 2 ] || { no "ns-own: not both keys, each once"; cat "$w/err"; }
# a world of plain hosts only
printf 'world:\n  hosts:\n    p: {ip: 10.0.0.5, app: sink}\n' > "$w/ns-plain.yaml"
refused ns-plain "^--set rt.udp_ports=5: rt.udp_ports: reaches no computer: the run's --set keys are for the hosts with scenario: self, and the world has none; its hosts are all plain (none has scenario:)$" \
  "$w/ns-plain.yaml" --set rt.udp_ports=5
# without them the world runs, gw with its set: list's rx_ring (64); its config
# is the world: section alone, and loads back to itself
if run ns-ok "$w/ns.yaml"; then
  grep -q '^  rx_ring: 64 ' "$w/ns-ok/gw/config.yaml" || no "ns-ok: gw's rx_ring is not 64"
fi
"$bin" config "$w/ns.yaml" > "$w/ns-c.yaml" 2>"$w/err" \
  && [ "$(grep -v '^ ' "$w/ns-c.yaml")" = "world:" ] \
  && "$bin" config "$w/ns-c.yaml" 2>"$w/err" | cmp -s - "$w/ns-c.yaml" \
  || { no "ns-config: not the world: section alone, loading back"; cat "$w/err"; }
# a self host added: the run's keys go to it
"$bin" config "$w/ns.yaml" --set 'world.hosts.me={scenario: self, set: [host.ipv4=10.0.0.7]}' \
  --set nic.rx_ring=3 > "$w/ns-c.yaml" 2>"$w/err" && grep -q '^  rx_ring: 3 ' "$w/ns-c.yaml" \
  || { no "ns-self: the run's key not taken with a self host"; cat "$w/err"; }

[ "$fail" = 0 ] && echo "world2: all checks held"
exit $((fail > 0))
