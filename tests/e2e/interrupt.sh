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
# signalled SIG CMD...: CMD in the background, SIG after 0.3 s; rc its exit
# status. A run that was still running (not a zombie, /proc's state) when
# signalled and yet exits 0 went on to its end: a signal not acted on. A
# run already over is no test (77). The end may fall between the look and
# the signal: three tries before saying so.
signalled() {
  local sig=$1 try live
  shift
  for try in 1 2 3; do
    "$@" 2>"$w/err" & pid=$!
    sleep 0.3
    case $(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null) in ''|Z|X) live=0 ;; *) live=1 ;; esac
    kill -s "$sig" "$pid" 2>/dev/null
    wait "$pid"; rc=$?
    [ "$rc" != 0 ] && return
    [ "$live" = 0 ] && { echo "interrupt.sh: the run ended before the signal; cannot test"; exit 77; }
  done
  echo "FAIL SIG$sig: the run was running when signalled, three times, and went on to its end (exit 0)"
  fail=$((fail + 1))
}
for sig in INT TERM; do
  out=$w/out-$sig
  signalled "$sig" "$bin" run --trace "$w/big.pcap" --out "$out" --quiet
  [ "$rc" = 0 ] && continue
  t "SIG$sig: exit 2 (got $rc)" [ "$rc" = 2 ]
  t "SIG$sig: says interrupted" grep -q "interrupted at cycle" "$w/err"
  # "interrupted at cycle C (frame N)": N frames read by cycle C, so the
  # one before frame N had reached the host: its capture time, after the
  # first frame's, at most C cycles of cpu.hz (3 GHz, nicshare config);
  # read from the pcap records by their published layout
  t "SIG$sig: the frame it names had been read by its cycle" python3 - "$w/err" "$w/big.pcap" <<'PY'
import re, struct, sys
m = re.search(r"interrupted at cycle (\d+) \(frame (\d+)\)", open(sys.argv[1]).read())
if not m:
    sys.exit(1)
cyc, n = int(m.group(1)), int(m.group(2))
if not 1 <= n <= 1000000:
    print("frame %d of a 1,000,000-frame capture" % n)
    sys.exit(1)
with open(sys.argv[2], "rb") as f:
    magic = struct.unpack("<I", f.read(24)[:4])[0]
    if magic not in (0xA1B2C3D4, 0xA1B23C4D):
        print("not a little-endian pcap: magic %08x" % magic)
        sys.exit(1)
    frac_ns = 1 if magic == 0xA1B23C4D else 1000
    first = t = None
    for k in range(1, max(n - 1, 1) + 1):
        sec, frac, cap, _ = struct.unpack("<IIII", f.read(16))
        f.seek(cap, 1)
        t = sec * 1000000000 + frac * frac_ns
        if first is None:
            first = t
ns = t - first
ok = ns * 3 <= cyc
if not ok:
    print("frame %d: %d ns after the first, past cycle %d" % (max(n - 1, 1), ns, cyc))
sys.exit(0 if ok else 1)
PY
  t "SIG$sig: the directory it made is gone" [ ! -e "$out" ]
done
# into the directory of an earlier, complete run
out=$w/prev
"$bin" run --trace "$w/big.pcap" --out "$out" --quiet --outputs routing,summary || exit 99
cp "$out/routing.tsv" "$w/routing.before"
signalled INT "$bin" run --trace "$w/big.pcap" --out "$out" --quiet
t "earlier dir: exit 2 (got $rc)" [ "$rc" = 2 ]
t "earlier dir: no .tmp left" [ -z "$(ls "$out" | grep '\.tmp$')" ]
t "earlier dir: no events.tsv (never completed)" [ ! -e "$out/events.tsv" ]
t "earlier dir: earlier routing.tsv intact" cmp -s "$out/routing.tsv" "$w/routing.before"
echo "interrupt: $pass passed, $fail failed"
[ "$fail" = 0 ]
