#!/usr/bin/env bash
# The world with parameters it was not written for (issue 13: "VoIP worlds
# with parameters you have not seen"): tests/worldvary.py draws fixed-seed
# variations of scenarios/world-voip.yaml, world-calls.yaml and
# world-split.yaml (bandwidths, latencies down to ns, losses, queues, call
# counts and timings, codec mix, far-end delays, odd world.duration cuts,
# links down and up, host kinds, clocks) and runs each on world.network
# simgrid, exact and simgrid again. Each must exit 0 (or 2 with a
# FILE:LINE:COL or --set message and nothing written), conserve its frames
# (sent = delivered + dropped by reason + in flight, per flow too), give
# the same files on simgrid as on exact, and rerun byte for byte. No
# latency or count is asserted here: world.sh has the hand-computed cases.
set -u
top=${top_srcdir:?}
bin=${NICSHARE:?}
# under the sanitizers (quickstart test: NICSHARE_SANITIZED=1) each run is
# several times slower: fewer variations, the same seed
n=20
[ -n "${NICSHARE_SANITIZED:-}" ] && n=6
python3 "$top/tests/worldvary.py" --bin "$bin" --top "$top" --seed 7 --count $n --small \
  --timeout 60 --quiet
