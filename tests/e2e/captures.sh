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
echo "captures: $pass passed, $fail failed"
[ "$fail" = 0 ]
