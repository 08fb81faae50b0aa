#!/usr/bin/env bash
# The bound's soundness campaign, small (issue 14: "sweeps of phases and
# parameters that you have not seen, run against the bound. No run may
# exceed it"): tests/boundcampaign.py draws, from a fixed seed, 30 runs
# over the library scenarios with RT traffic, each with random costs,
# link rates, rings, queues, moderation timers, transmit and dispatcher
# policies and slices, bus delays, stream phases and periods, and for
# calls-generated the generator's count, rate, window, hold, codec mix,
# share placed by GP, seed and per-call shifts and the far end's delays.
# Every run must end (exit 0, or 1 from the scenario's own checks only),
# its verify.txt must have no `bound FAIL`, and every RT class maximum in
# its summary.json must be at most the bound summary.json gives beside it.
# A larger campaign: python3 tests/boundcampaign.py --bin nicshare
# --scenarios scenarios --runs 3000 --seed S -j 2 --minimise.
set -u
bin=${NICSHARE:?}
src=${top_srcdir:?}
w=$(mktemp -d /tmp/nicshare-campaign-XXXXXX)
trap 'rm -rf "$w"' EXIT
pass=0 fail=0
t() { if "${@:2}"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1"; fi; }

python3 "$src/tests/boundcampaign.py" --bin "$bin" --scenarios "$src/scenarios" --runs 30 \
  --seed 14 -j 2 --timeout 120 --log "$w/log.tsv" >"$w/out" 2>&1; rc=$?
cat "$w/out"
t "campaign: exit 0 (got $rc)" [ "$rc" = 0 ]
t "campaign: all 30 runs ok" grep -q "^campaign seed 14: 30 runs over [0-9]* scenarios: ok 30;" "$w/out"
t "campaign: 30 runs logged" [ "$(wc -l <"$w/log.tsv")" = 30 ]
# at least one maximum per run was compared (every scenario drawn has an
# RT class with samples in most draws; 30 is the floor, one a run)
n=$(sed -n 's/.*; \([0-9]*\) class maxima against their bound$/\1/p' "$w/out")
t "campaign: maxima compared ($n)" [ "${n:-0}" -ge 20 ]
# the draws are deterministic: the same seed gives the same runs
python3 "$src/tests/boundcampaign.py" --bin "$bin" --scenarios "$src/scenarios" --runs 30 \
  --seed 14 -j 2 --timeout 120 --log "$w/log2.tsv" >/dev/null 2>&1
t "campaign: same seed, same runs" cmp -s "$w/log.tsv" "$w/log2.tsv"
echo "bound-campaign: $pass passed, $fail failed"
[ "$fail" = 0 ]
