#!/usr/bin/env bash
# node.sh - the node (src/node.c) seen from the command line, beyond
# check_node and the goldens: written for its mutation run (doc/verify.md,
# "Tests"); expected values by hand.
set -u
top=${top_srcdir:?}
bin=${NICSHARE:?}
w=$(mktemp -d /tmp/nicshare-node-XXXXXX)
trap 'rm -rf "$w"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=$((fail + 1)); }

# ---- 1. run.duration to cycles: the last whole cycle ----
# 100 ms + 100 ps at 3 GHz is 300,000,000.3 cycles: the run ends at cycle
# 300,000,000 (the 0.3 left is no whole cycle), not 300,000,001.
if "$bin" run "$top/scenarios/default.yaml" --set run.duration=100000000100ps --out "$w/d" \
     --quiet 2>"$w/err"; then
  grep -q '"simulated_cycles": 300000000,' "$w/d/summary.json" \
    || { no "run.duration 100 ms + 100 ps: not 300,000,000 cycles"; grep -o '"simulated_cycles": [0-9]*' "$w/d/summary.json"; }
else
  no "run.duration 100 ms + 100 ps: exit $?"; cat "$w/err"
fi

# ---- 2. a received frame inside the computer when run.duration ends ----
# default.yaml's frame 3: a run.duration ending after its last bit is in
# (events.tsv "rx") and before it is classified ends it inside:
# doc/outputs.md, "unfinished | drop | still in flight when run.duration
# ended". The end is the first whole ns (3 cycles at 3 GHz) after "rx".
if "$bin" run "$top/scenarios/default.yaml" --out "$w/full" --quiet 2>"$w/err"; then
  rx=$(awk -F'\t' '$2 == 3 && $3 == "rx" { print $1 }' "$w/full/events.tsv")
  cl=$(awk -F'\t' '$2 == 3 && $3 == "classify" { print $1 }' "$w/full/events.tsv")
  ns=$((rx / 3 + 1))
  if [ -z "$rx" ] || [ -z "$cl" ] || [ $((ns * 3)) -ge "$cl" ]; then
    no "default.yaml: frame 3 has no room between rx ($rx) and classify ($cl)"
  elif "$bin" run "$top/scenarios/default.yaml" --set run.duration=${ns}ns --out "$w/e" \
       --quiet 2>"$w/err"; then
    grep -q "^3	drop	unfinished$" "$w/e/routing.tsv" \
      || { no "frame 3 at the end: not drop unfinished"; grep "^3	" "$w/e/routing.tsv"; }
  else
    no "frame in flight at the end: exit $?"; cat "$w/err"
  fi
else
  no "default.yaml: exit $?"; cat "$w/err"
fi

# ---- 3. the frames above a broken latency bound, named as latency.tsv ----
# gp-flood's RT stream 4 us later (issue 14) against a bound of 14 us =
# 42,000 cycles: exit 1, and verify.txt lists the largest rt-tx samples
# above it (at most 8, src/hist.h's HIST_TOPK), largest first and, among
# equal ones, the first to end first, by the frame names latency.tsv gives
# them: outgoing frames are "o" + number (doc/outputs.md).
"$bin" run "$top/scenarios/gp-flood.yaml" --set traffic.rtp.0.start=4us \
  --set verify.latency.rt-tx.max=14us --out "$w/gf" --quiet 2>"$w/err"
rc=$?
if [ "$rc" = 1 ]; then
  want=$(awk -F'\t' '$2 == "rt-tx" && $5 > 42000 { print $5, $4, $1 }' "$w/gf/latency.tsv" \
         | sort -k1,1nr -k2,2n | head -8 | awk '{ printf "%s:%s ", $3, $1 }')
  got=$(awk '$1 == "frame" && $4 == "cycle" && $8 == "latency" { printf "%s:%s ", $2, $9 }' \
        "$w/gf/verify.txt")
  case $want in o*) ;; *) no "gp-flood at 4 us: no rt-tx frame above 42,000 cycles in latency.tsv ($want)" ;; esac
  [ "$got" = "$want" ] || no "gp-flood at 4 us: verify.txt names $got, latency.tsv has $want"
else
  no "gp-flood at 4 us against 14 us: exit $rc, not 1"; cat "$w/err"
fi

[ "$fail" = 0 ] && echo "node: all checks held"
exit $((fail > 0))
