#!/usr/bin/env bash
# fuzz-regress.sh - every input the fuzzers ever failed on stays fixed
# (issue 7). Replays, through the ordinary build of each fuzz target
# (tests/replay_NAME = tests/fuzz_replay.c + fuzz/fuzz_NAME.c, so the
# sanitizer build of ./quickstart test runs them under ASan and UBSan):
#   fuzz/regress/NAME/*    the failing inputs kept by fuzz/run.sh
#   fuzz/seed-min/NAME/*   a small minimized corpus (so there is always
#                          something to check)
#   and, as more inputs: traces/public/* captures (capin), scenarios/ and
#   tests/scen-good, tests/scen-bad (scenario), scenarios/world-* and
#   tests/world (world).
# Fails when a replay aborts or crashes, when a replay program is missing,
# when a target replays no input at all, or when fuzz/regress holds a
# folder or file that no target reads (it would be silently skipped).
set -u
top=${top_srcdir:?}
build=${top_builddir:?}
targets="frame capin scenario sip world siptcp ipfrag"
fail=0 total=0

for d in "$top"/fuzz/regress/*; do
  [ -e "$d" ] || continue
  n=${d##*/}
  case " $targets " in
    *" $n "*) [ -d "$d" ] || { echo "FAIL fuzz/regress/$n is not a folder"; fail=$((fail + 1)); } ;;
    *) case "$n" in README*) ;; *) echo "FAIL fuzz/regress/$n: no fuzz target '$n' (targets: $targets)"; fail=$((fail + 1)) ;; esac ;;
  esac
done

for t in $targets; do
  bin=$build/tests/replay_$t
  if [ ! -x "$bin" ]; then
    echo "FAIL $t: $bin was not built"
    fail=$((fail + 1))
    continue
  fi
  inputs=()
  for d in "$top/fuzz/regress/$t" "$top/fuzz/seed-min/$t"; do
    [ -d "$d" ] && inputs+=("$d")
  done
  case "$t" in
    capin)
      for f in "$top"/traces/public/*.pcap "$top"/traces/public/*.pcapng; do
        [ -f "$f" ] && inputs+=("$f")
      done ;;
    scenario)
      for f in "$top"/scenarios/*.yaml "$top"/tests/scen-good/*.yaml "$top"/tests/scen-bad/*.yaml; do
        [ -f "$f" ] && inputs+=("$f")
      done ;;
    world)
      for f in "$top"/scenarios/world-*.yaml "$top"/tests/world/*.yaml; do
        [ -f "$f" ] && inputs+=("$f")
      done ;;
  esac
  if [ ${#inputs[@]} = 0 ]; then
    echo "FAIL $t: no input to replay (fuzz/seed-min/$t is missing)"
    fail=$((fail + 1))
    continue
  fi
  log=$(mktemp /tmp/nicshare-fuzz-regress-XXXXXX)
  timeout 600 "$bin" "${inputs[@]}" >"$log" 2>&1 </dev/null
  rc=$?
  n=$(sed -n 's/^replay_[a-z]*: \([0-9][0-9]*\) inputs replayed$/\1/p' "$log" | tail -1)
  if [ "$rc" != 0 ] || [ -z "$n" ] || [ "$n" = 0 ]; then
    echo "FAIL $t: replay exited $rc after ${n:-?} inputs"
    grep -a -m1 -E 'fuzz check failed|ERROR: AddressSanitizer|runtime error|SUMMARY' "$log" | sed 's/^/  /'
    tail -20 "$log" | sed 's/^/  | /'
    fail=$((fail + 1))
  else
    echo "ok $t: $n inputs"
    total=$((total + n))
  fi
  rm -f "$log"
done

echo "fuzz-regress: $total inputs replayed, $fail failures"
[ "$fail" = 0 ] && [ "$total" -gt 0 ]
