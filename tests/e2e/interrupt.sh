#!/usr/bin/env bash
# An interrupted run (SIGINT or SIGTERM) leaves nothing passed off as
# complete (issue 7, item 5): exit 2, a message saying so, the output
# directory it created removed; in a directory of an earlier run, neither
# new final-named files nor .tmp files remain and the earlier files stay.
set -u
bin=${NICSHARE:?}
w=$(mktemp -d /tmp/nicshare-int-XXXXXX)
trap 'rm -rf "$w"' EXIT
"$bin" synth --frames 1000000 --write "$w/big.pcap" || exit 99
pass=0 fail=0
t() { if "${@:2}"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1"; fi; }
for sig in INT TERM; do
  out=$w/out-$sig
  "$bin" run --trace "$w/big.pcap" --out "$out" --quiet 2>"$w/err" & pid=$!
  sleep 0.3
  kill -s "$sig" "$pid"
  wait "$pid"; rc=$?
  if [ "$rc" = 0 ]; then echo "interrupt.sh: the run ended before the signal; cannot test"; exit 77; fi
  t "SIG$sig: exit 2 (got $rc)" [ "$rc" = 2 ]
  t "SIG$sig: says interrupted" grep -q "interrupted at cycle" "$w/err"
  t "SIG$sig: the directory it made is gone" [ ! -e "$out" ]
done
# into the directory of an earlier, complete run
out=$w/prev
"$bin" run --trace "$w/big.pcap" --out "$out" --quiet --outputs routing,summary || exit 99
cp "$out/routing.tsv" "$w/routing.before"
"$bin" run --trace "$w/big.pcap" --out "$out" --quiet 2>"$w/err" & pid=$!
sleep 0.3
kill -INT "$pid"
wait "$pid"; rc=$?
[ "$rc" = 0 ] && { echo "interrupt.sh: the run ended before the signal; cannot test"; exit 77; }
t "earlier dir: exit 2" [ "$rc" = 2 ]
t "earlier dir: no .tmp left" [ -z "$(ls "$out" | grep '\.tmp$')" ]
t "earlier dir: no events.tsv (never completed)" [ ! -e "$out/events.tsv" ]
t "earlier dir: earlier routing.tsv intact" cmp -s "$out/routing.tsv" "$w/routing.before"
echo "interrupt: $pass passed, $fail failed"
[ "$fail" = 0 ]
