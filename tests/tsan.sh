#!/bin/sh
# tsan.sh - the run's threads under ThreadSanitizer (./quickstart test runs
# it against build-tsan/, a gcc -fsanitize=thread build). A data race
# between a world's hosts run side by side (src/world.c, "side by side";
# src/workers.c), the capture's reader (src/capq.c) or an output's writer
# (src/bgwrite.c) and the run's thread is reported by TSan, and the run
# exits 66 (TSAN_OPTIONS exitcode): each run here must exit 0.
#   - the helper threads' unit tests (check_workers) and the capture
#     queue's (check_capq);
#   - every test world and library world on the exact network with two
#     and three threads (three: two computers on helpers where there are),
#     every window on its helper (NICSHARE_WINDOW_HERE_NS=0: the test
#     worlds' short windows would otherwise run on SimGrid's thread), and
#     with two threads as windows fall (short ones here, the others on the
#     helper, moving as their lengths change);
#   - a capture run with every output (reader thread, background writers).
# usage: tests/tsan.sh TSAN_BUILD_DIR SRCDIR
# Exit: 0 all held, 1 a run failed or TSan reported.
set -u
b=$1 top=$2
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
w=$(mktemp -d /tmp/nicshare-tsan-XXXXXX)
trap 'rm -rf "$w"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=$((fail + 1)); }
for t in check_workers check_capq; do
  CK_FORK=no "$b/tests/$t" >"$w/out" 2>&1 || { no "$t"; tail -40 "$w/out"; }
done
for s in "$top"/tests/world/two.yaml "$top"/tests/world/burst.yaml "$top"/tests/world/call1.yaml \
         "$top"/tests/world/capture.yaml "$top"/tests/world/cons.yaml "$top"/tests/world/echo.yaml \
         "$top"/tests/world/ended.yaml "$top"/scenarios/world-voip.yaml "$top"/scenarios/world-split.yaml; do
  for th in 2 3 2d; do
    rm -rf "$w/o"
    here=$([ $th = 2d ] && echo 4000 || echo 0)
    NICSHARE_WINDOW_HERE_NS=$here "$b/nicshare" run "$s" --set world.network=exact \
      --threads ${th%d} --out "$w/o" --quiet >"$w/out" 2>&1 \
      || { no "$(basename "$s") --threads $th: exit $?"; tail -40 "$w/out"; }
  done
done
rm -rf "$w/o"
NICSHARE_WINDOW_HERE_NS=0 "$b/nicshare" run "$top/scenarios/world-calls.yaml" --set world.network=exact --threads 2 \
  --set calls.generator.count=40 --set world.duration=1500ms --out "$w/o" --quiet >"$w/out" 2>&1 \
  || { no "world-calls: exit $?"; tail -40 "$w/out"; }
rm -rf "$w/o"
NICSHARE_WINDOW_HERE_NS=0 "$b/nicshare" run "$top/bench/world-rtp.yaml" --set world.network=exact --threads 3 \
  --set traffic.rtp.0.channels=20 --set world.duration=1s --out "$w/o" --quiet >"$w/out" 2>&1 \
  || { no "ring: exit $?"; tail -40 "$w/out"; }
rm -rf "$w/o"
"$b/nicshare" run "$top/scenarios/default.yaml" --out "$w/o" --quiet >"$w/out" 2>&1 \
  || { no "default (capture, every output): exit $?"; tail -40 "$w/out"; }
[ "$fail" = 0 ] && echo "tsan: all runs held"
exit $((fail > 0))
