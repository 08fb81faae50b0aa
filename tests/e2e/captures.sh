#!/usr/bin/env bash
# The whole path agrees with the classifier, and what a run writes is
# readable by a real dissector (issue 3, item 8):
# - for every public capture (but the corrupt ones and the one libpcap
#   cannot read), `nicshare run` routes every frame as `nicshare classify`
#   does (which tests/e2e/oracle.sh checks against tshark), with RT ports
#   that catch real UDP traffic and promiscuous on;
# - tshark reads wire-tx.pcap, rt-rx.pcap and gp-rx.pcap of each run and of
#   the scenarios with outgoing traffic without complaint, and finds as many
#   frames as summary.json says were sent or delivered, with ns timestamps.
set -u
top=${top_srcdir:?}
bin=${NICSHARE:?}
ts=${TSHARK:-}
[ -n "$ts" ] && command -v "$ts" >/dev/null || { echo "captures.sh: tshark missing"; exit 77; }
w=$(mktemp -d /tmp/nicshare-caps-XXXXXX)
trap 'rm -rf "$w"' EXIT
pass=0 fail=0
t() { if "${@:2}"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1"; fi; }
sets=(--set nic.promiscuous=on --set rt.udp_ports=53,123,2049,5084-5099,47808)
count() { # tshark's frame count for a capture; empty on any complaint
  "$ts" -r "$1" -T fields -e frame.number 2>"$w/ts.err" | wc -l
  grep -v 'Running as user "root"' "$w/ts.err" | sed 's/^/  tshark: /' >&2
}
js() { # summary.json: a number after "KEY": inside the object that starts with OBJ
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d=d[k]
print(d)' "$1" "$2"
}
check_caps() { # run dir, name
  local d=$1 n=$2
  local rt gp both sent
  rt=$(js "$d/summary.json" decisions.rt); gp=$(js "$d/summary.json" decisions.gp)
  both=$(js "$d/summary.json" decisions.both); sent=$(js "$d/summary.json" outgoing.sent)
  t "$n: tshark reads rt-rx.pcap: $((rt + both)) frames" [ "$(count "$d/rt-rx.pcap")" = $((rt + both)) ]
  t "$n: tshark reads gp-rx.pcap: $((gp + both)) frames" [ "$(count "$d/gp-rx.pcap")" = $((gp + both)) ]
  t "$n: tshark reads wire-tx.pcap: $sent frames" [ "$(count "$d/wire-tx.pcap")" = "$sent" ]
  t "$n: nanosecond pcap" [ "$(od -An -tx1 -N4 "$d/wire-tx.pcap" | tr -d ' ')" = 4d3cb2a1 ]
  t "$n: no temporary file left" [ -z "$(ls "$d" | grep '\.tmp$')" ]
}
for f in "$top"/traces/public/*.pcap*; do
  n=$(basename "$f")
  case "$n" in corrupt-*) continue ;; esac
  d=$w/run-$n
  "$bin" run --trace "$f" --out "$d" --quiet "${sets[@]}" 2>/dev/null
  t "$n: run exit 0" [ $? = 0 ]
  "$bin" classify --trace "$f" "${sets[@]}" > "$w/classify.tsv" 2>/dev/null
  t "$n: run routes as classify" cmp -s "$d/routing.tsv" "$w/classify.tsv"
  check_caps "$d" "$n"
done
for s in default echo-rtt gp-flood voip-gateway; do
  d=$w/scen-$s
  "$bin" run "$top/scenarios/$s.yaml" --out "$d" --quiet 2>/dev/null
  check_caps "$d" "$s"
  # outgoing frames decode: RTP/UDP or TCP from the host
  t "$s: wire-tx frames come from the host" [ "$("$ts" -r "$d/wire-tx.pcap" -T fields -e eth.src 2>/dev/null | sort -u | head -1)" = "02:00:00:00:00:01" ]
done
# Far-apart and far-future stamps (pcapng, written here; if_tsresol 10^0 or
# the default µs): never a wrapped time. Expected values by hand:
# - frames at 1 s and 1 + 2^62 s: 2^62 = 4611686018427387904 s apart, ns
#   beyond 64 bits: refused, exit 2, those seconds named (it ran, frame 2 at
#   t = 0);
# - frames at 1 s and 1 + 2e10 s: 2e19 ns > 2^64 - 1: refused naming
#   20000000000 s (it named 1553255926 s, the wrapped value);
# - a first frame at 2e16 µs = 2e10 s (the year 2603), beyond 2^64 ns
#   (2554): the captures refuse its time, pcap and pcapng, exit 2 and no
#   gp-rx capture under its final name (it wrote gp-rx.pcap stamped 2019).
# - pcapng stamps are unsigned, in seconds (if_tsresol 0): a first frame at
#   2^63 - 1 s is read, and refused by the captures as 2^64 ns or later; one
#   at 2^63 s, which libpcap's time_t wrapped to -2^63 s (a run refused its
#   captures "18446744073709551615 ns or more before the epoch (1970)"), is
#   refused as it is read, the frame named (frame 2 after one at 1 s):
#   exit 2, nothing written.
PYTHONPATH="$top/tests" python3 - "$w" <<'PY'
import sys
from pkt import shb, idb, epb
e = b'\x02\0\0\0\0\x01' + b'\x02\0\0\0\0\x09' + b'\x08\0' + b'\x45' + b'\0' * 45
for name, res, stamps in (('far-2p62', 0, (1, 1 + (1 << 62))), ('far-2e10', 0, (1, 1 + 2 * 10**10)),
                          ('year2603', None, (2 * 10**16, 2 * 10**16 + 1000)),
                          ('s2p63m1', 0, ((1 << 63) - 1,)), ('s2p63', 0, (1 << 63, (1 << 63) + 1)),
                          ('s2p63-2', 0, (1, 1 << 63))):
    open(sys.argv[1] + '/' + name + '.pcapng', 'wb').write(shb() + idb(tsresol=res) + b''.join(epb(t, e) for t in stamps))
PY
far() { # capture, expected stderr text, run options...
  local f=$1 want=$2; shift 2
  rm -rf "$w/far"
  "$bin" run --trace "$w/$f.pcapng" --out "$w/far" --quiet "$@" 2>"$w/far.err"
  local rc=$?
  t "$f $*: exit 2 (got $rc: $(cat "$w/far.err"))" [ $rc = 2 ]
  t "$f $*: says \"$want\"" grep -qF -- "$want" "$w/far.err"
}
far far-2p62 "far-2p62.pcapng: frame 2: 4611686018427387904 s after the first frame"
far far-2e10 "far-2e10.pcapng: frame 2: 20000000000 s after the first frame"
far year2603 "gp-rx.pcap: frame 1: time 2^64 ns or later (the year 2554 on) is beyond the pcap range"
t "year2603: no gp-rx.pcap" [ ! -e "$w/far/gp-rx.pcap" ]
far year2603 "gp-rx.pcapng: frame 1: time 2^64 ns or later (the year 2554 on) is beyond the pcapng range" --capture-format pcapng
t "year2603: no gp-rx.pcapng" [ ! -e "$w/far/gp-rx.pcapng" ]
far s2p63m1 "gp-rx.pcapng: frame 1: time 2^64 ns or later (the year 2554 on) is beyond the pcapng range" --capture-format pcapng
for fmt in pcap pcapng; do
  far s2p63 "s2p63.pcapng: frame 1: timestamp 9223372036854775808 units (1 a second) plus if_tsoffset 0 s is beyond any date a capture may give: 2^63 s or more after the epoch (the year 292277026596 on) (0 frames read; the capture is not complete)" --capture-format $fmt
  t "s2p63 $fmt: nothing written" [ ! -e "$w/far" ]
done
far s2p63-2 "s2p63-2.pcapng: frame 2: timestamp 9223372036854775808 units (1 a second) plus if_tsoffset 0 s is beyond any date"
# Stamps on the input capture's clock from its first second on (an ns-3
# capture starts at 0 s): the same three RT frames stamped from 1 s, 0.5 s
# (ts_sec 0) and 0 s are delivered at the same offsets, so tshark's
# rt-rx.pcap times differ from the 1 s run's by exactly 0.5 s and 1 s, with
# trace.offset 0 and 1ms alike (it moves the run, not the stamps); they
# were the simulated time, 0.5 s early and trace.offset late. A frame the
# host sends before the epoch on that clock (traffic at 0 s, the capture's
# first frame at 0 s and trace.offset 10ms) is refused, exit 2 and no
# wire-tx.pcap, naming how far before 1970: 1 s less its time in the 1 s
# run (it was written stamped after the capture's frames).
PYTHONPATH="$top/tests" python3 - "$w" <<'PY'
import sys
from pkt import pcap, udp_frame
fr = udp_frame('020000000001', '020000000009', '10.0.0.9', '10.0.0.1', 6000, 5084, b'x' * 32)
for name, base in (('e0', 0), ('e05', 500000000), ('e1', 1000000000)):
    stamps = [base + i * 100000 for i in range(3)]
    pcap(sys.argv[1] + '/' + name + '.pcap', [(t // 10**9, t % 10**9, fr) for t in stamps],
         snap=262144, nano=True)
PY
printf 'host:\n  mac: 02:00:00:00:00:01\n  ipv4: 10.0.0.1\nrt:\n  udp_ports: 5084\n' >"$w/epoch.yaml"
stamps() { "$ts" -r "$1" -T fields -e frame.time_epoch 2>/dev/null | tr '\n' ' '; }
shifted() { # the stamps of A less S seconds, exactly
  python3 -c 'import sys; from decimal import Decimal as D
print(" ".join(str(D(x) - D(sys.argv[2])) for x in sys.argv[1].split()) + " ")' "$1" "$2"
}
"$bin" run "$w/epoch.yaml" --trace "$w/e1.pcap" --out "$w/ep-e1" --quiet 2>/dev/null
want1=$(stamps "$w/ep-e1/rt-rx.pcap")
t "epoch: the 1 s run delivers 3 frames" [ "$(echo $want1 | wc -w)" = 3 ]
for off in 0s 1ms; do
  for c in e05:0.5 e0:1; do
    n=${c%%:*} s=${c#*:}
    "$bin" run "$w/epoch.yaml" --trace "$w/$n.pcap" --out "$w/ep-$n-$off" --quiet \
      --set trace.offset=$off 2>/dev/null
    got=$(stamps "$w/ep-$n-$off/rt-rx.pcap") want=$(shifted "$want1" "$s")
    t "epoch: $n.pcap, trace.offset $off: rt-rx stamps $got = the 1 s run's less $s s ($want)" \
      [ "$got" = "$want" ]
  done
done
printf 'traffic:\n  rtp:\n    - {dst_mac: 02:00:00:00:00:02, dst_ip: 10.0.0.2, sport: 5084, dport: 5084, codec: g711, start: 0s, duration: 5ms}\n' \
  >>"$w/epoch.yaml"
"$bin" run "$w/epoch.yaml" --trace "$w/e1.pcap" --out "$w/ep-tx1" --quiet --set trace.offset=10ms 2>/dev/null
tx1=$("$ts" -r "$w/ep-tx1/wire-tx.pcap" -T fields -e frame.time_epoch 2>/dev/null | head -1)
t "epoch: the 1 s run sends a frame before the capture's first: $tx1" [ -n "$tx1" ]
before=$(python3 -c 'import sys; from decimal import Decimal as D; print(int((D(1) - D(sys.argv[1])) * 10**9))' "${tx1:-2}")
for fmt in pcap pcapng; do
  rm -rf "$w/ep-tx0"
  "$bin" run "$w/epoch.yaml" --trace "$w/e0.pcap" --out "$w/ep-tx0" --quiet --set trace.offset=10ms \
    --capture-format $fmt 2>"$w/ep.err"
  rc=$?
  t "epoch: $fmt: a frame sent $before ns before 1970: exit 2 (got $rc)" [ $rc = 2 ]
  t "epoch: $fmt: says so: $(cat "$w/ep.err")" grep -qF \
    "wire-tx.$fmt: frame 1: time $before ns before the epoch (1970) is beyond the $fmt range" "$w/ep.err"
  t "epoch: $fmt: no wire-tx.$fmt" [ ! -e "$w/ep-tx0/wire-tx.$fmt" ]
done
echo "captures: $pass passed, $fail failed"
[ "$fail" = 0 ]
