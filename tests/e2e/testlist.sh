#!/usr/bin/env bash
# Runs tests/TESTLIST: one test per line, kept as data (tcpdump's TESTLIST).
# Columns, tab-separated:
#   name   exit   stderr   after   arguments...
# exit: the expected exit status. stderr: an extended regex the standard
# error must match (- for none required; "^$" for empty). after: what must
# hold afterwards: - nothing; noout: the output directory $O does not exist;
# out: $O/routing.tsv and $O/summary.json exist; routing=FILE: $O/routing.tsv
# equals tests/expected/FILE; stdout=FILE: standard output equals it;
# grep=FILE:ERE: $O/FILE has a line matching ERE (several: grep=A:x;grep=B:y).
# In arguments: $T = traces/public, $D = tests/data, $S = scenarios, $M (below),
# $B = tests/scen-bad, $O = a fresh output directory (not created), $W = a
# scratch directory holding hostile inputs made afresh for each test:
# empty.pcap (0 bytes), text.pcap (prose), dir.pcap (a directory), fifo.pcap
# (a FIFO), huge.pcap (a record claiming a 4 GB frame), null.pcap (link type
# NULL), cut.pcap (3 good frames, then a record cut short), good.pcap (4
# frames). $M holds inputs made once: outbound.pcapng (an ARP request from
# 02:00:00:00:00:99, not the host's MAC, twice: first with the pcapng
# epb_flags direction "outbound", then with no flags).
set -u
top=${top_srcdir:?}
bin=${NICSHARE:?}
list=$top/tests/TESTLIST
scratch=$(mktemp -d /tmp/nicshare-testlist-XXXXXX)
trap 'rm -rf "$scratch"' EXIT
M=$scratch/made
mkdir -p "$M"
PYTHONPATH="$top/tests" python3 - "$M/outbound.pcapng" <<'PY' || exit 99
import sys
from pkt import shb, idb, epb, eth
mac = bytes.fromhex('020000000099')
arp = eth(b'\xff' * 6, mac, bytes.fromhex('0001080006040001') + mac + bytes([10, 0, 0, 99]) +
          bytes(6) + bytes([10, 0, 0, 1]), etype=0x0806)
# epb_flags bits 0-1 = 2: outbound; the second frame has no flags option
open(sys.argv[1], 'wb').write(shb() + idb(1, 65535) + epb(0, arp, flags=2) + epb(1000, arp))
PY
pass=0 fail=0 n=0
while IFS=$'\t' read -r name want errre after args; do
  case "$name" in ''|'#'*) continue ;; esac
  n=$((n + 1))
  O=$scratch/out-$n W=$scratch/w-$n
  mkdir -p "$W" "$W/dir.pcap"
  : > "$W/empty.pcap"
  echo "hello, this is not a capture" > "$W/text.pcap"
  mkfifo "$W/fifo.pcap"
  # pcap header (little endian, v2.4, snaplen 65535, link type $1) + $2
  pcaphdr() { printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00'"$1"; }
  { pcaphdr '\x01\x00\x00\x00'; printf '\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff'; } > "$W/huge.pcap"
  { pcaphdr '\x00\x00\x00\x00'; printf '\x00\x00\x00\x00\x00\x00\x00\x00\x18\x00\x00\x00\x18\x00\x00\x00'; head -c 24 /dev/zero; } > "$W/null.pcap"
  "$bin" synth --frames 4 --write "$W/good.pcap" 2>/dev/null
  head -c $(( $(stat -c %s "$W/good.pcap") - 40 )) "$W/good.pcap" > "$W/cut.pcap"
  T=$top/traces/public D=$top/tests/data S=$top/scenarios B=$top/tests/scen-bad
  eval "set -- $args"
  (cd "$W" && timeout 60 "$bin" "$@") >"$W/.stdout" 2>"$W/.stderr" </dev/null
  got=$?
  why=""
  [ "$got" = "$want" ] || why="exit $got, expected $want"
  if [ -z "$why" ] && [ "$errre" != "-" ] && ! grep -Eq -- "$errre" "$W/.stderr" && \
     ! { [ "$errre" = '^$' ] && [ ! -s "$W/.stderr" ]; }; then
    why="stderr does not match /$errre/"
  fi
  if [ -z "$why" ]; then
    case "$after" in
      -) ;;
      noout) [ ! -e "$O" ] || why="output directory left behind: $(ls -A "$O" | tr '\n' ' ')" ;;
      out) [ -s "$O/routing.tsv" ] && [ -s "$O/summary.json" ] || why="outputs missing" ;;
      routing=*) cmp -s "$O/routing.tsv" "$top/tests/expected/${after#routing=}" || why="routing.tsv differs from tests/expected/${after#routing=}" ;;
      stdout=*) cmp -s "$W/.stdout" "$top/tests/expected/${after#stdout=}" || why="stdout differs from tests/expected/${after#stdout=}" ;;
      grep=*)
        IFS=';' read -ra conds <<< "$after"
        for cnd in "${conds[@]}"; do
          cnd=${cnd#grep=}
          f=${cnd%%:*} re=${cnd#*:}
          grep -Eq -- "$re" "$O/$f" 2>/dev/null || { why="$f has no line matching /$re/"; break; }
        done ;;
      *) why="bad 'after' column: $after" ;;
    esac
  fi
  if [ -z "$why" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL $name: $why"
    echo "  nicshare $args"
    sed 's/^/  stderr: /' "$W/.stderr" | head -5
  fi
done < "$list"
echo "testlist: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$n" -gt 0 ]
