#!/usr/bin/env bash
# nicshare sweep (issue 14, items 4 and 5): the same grid run three ways -
# locally with -j 2, by a real GNU parallel over DIR/jobs.txt, and by a real
# one-node Slurm cluster (munge + slurmctld + slurmd, started and stopped
# here, on ports of their own, nothing under /etc touched) over
# DIR/sweep.sbatch - merges into byte-identical sweep.tsv files whose
# maxima are within their analytic bounds. An unknown --vary key gets a
# did-you-mean and a refused value names its point, exit 2, nothing
# written; a point whose run fails is recorded with its message while the
# others still run and merge, and a merge of hand-edited or damaged results
# (exit file, summary.json, world.json, drop counts) makes failed rows; an
# existing non-empty DIR is refused, and a directory as DIR/points.tsv or
# DIR/sweep.tsv is said to be one; `nicshare report DIR` draws the sweep,
# every row of it.
# Without slurm-wlm and munge installed (./quickstart test installs them)
# the Slurm part is skipped and the test ends with 77 if all else passed.
set -u
bin=${NICSHARE:?}
src=${top_srcdir:?}
w=$(mktemp -d /tmp/nicshare-sweep-XXXXXX)
slurm_pids=()
stop_slurm() {
  local f
  for f in "$w/slurm/slurmd.pid" "$w/slurm/slurmctld.pid" "$w/slurm/munge/munged.pid"; do
    [ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
  done
  sleep 0.5
}
trap 'stop_slurm; rm -rf "$w"' EXIT
pass=0 fail=0
t() { if "${@:2}"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1"; fi; }
gf=$src/scenarios/gp-flood.yaml
# the second start, with this bulk start, is a phase `nicshare search
# scenarios/gp-flood.yaml --class rt-tx --budget 60` finds above 16 us
# (16.315 us under strict): since the handler cleans TX descriptors (issue
# 16 item 4), issue 14's phase, 4us, is at 14.603 us
grid=(--vary traffic.rtp.0.start=0s,3064630278ps --vary tx.policy=strict,gp-rate --set run.duration=40ms
      --set traffic.bulk.0.start=10715824ps)

# ---- bad input: nothing runs, nothing is written ----
"$bin" sweep "$gf" --vary nic.rx_rng=16,32 --out "$w/bad1" 2>"$w/e"; rc=$?
t "unknown key: exit 2 (got $rc)" [ "$rc" = 2 ]
t "unknown key: did you mean" grep -q "did you mean nic.rx_ring?" "$w/e"
t "unknown key: nothing written" [ ! -e "$w/bad1" ]
# an unknown key in a --set is the --set's, said once (it was said once per
# --vary, as "--vary tx.policy: --set nic.rx_rng=16: ...": as if tx.policy
# were the unknown key)
"$bin" sweep "$gf" --set nic.rx_rng=16 --vary tx.policy=strict,gp-rate --vary name=a,b --out "$w/bad1" 2>"$w/e"; rc=$?
t "unknown --set key: exit 2 (got $rc)" [ "$rc" = 2 ]
t "unknown --set key: said once, as the --set's" eval \
  '[ "$(cat "$w/e")" = "nicshare sweep: --set nic.rx_rng=16: nic.rx_rng: unknown key (did you mean nic.rx_ring?)" ]'
t "unknown --set key: nothing written" [ ! -e "$w/bad1" ]
"$bin" sweep "$gf" --vary nic.rx_ring=16,0 --out "$w/bad2" 2>"$w/e"; rc=$?
t "refused value: exit 2 (got $rc)" [ "$rc" = 2 ]
t "refused value: names the point" grep -q "point p0001 (nic.rx_ring=0) refused" "$w/e"
t "refused value: says why" grep -q 'nic.rx_ring: "0" is out of range' "$w/e"
t "refused value: nothing written" [ ! -e "$w/bad2" ]
"$bin" sweep "$gf" --set dispatcher.policy=tdma --vary dispatcher.tdma_frame=1ms,3ms \
  --vary dispatcher.tdma_rt_slice=300us,2ms --out "$w/bad3" 2>"$w/e"; rc=$?
t "contradiction: exit 2, the point named" eval \
  '[ "$rc" = 2 ] && grep -q "point p0001 (dispatcher.tdma_frame=1ms, dispatcher.tdma_rt_slice=2ms) refused" "$w/e"'
mkdir "$w/full" && echo mine >"$w/full/notes.txt"
"$bin" sweep "$gf" "${grid[@]}" --out "$w/full" 2>"$w/e"; rc=$?
t "non-empty DIR: exit 2, the user's file kept" eval \
  '[ "$rc" = 2 ] && [ "$(cat "$w/full/notes.txt")" = mine ] && [ "$(ls "$w/full")" = notes.txt ]'
# a sweep that fails while writing its job files (here DIR/p0000/run.sh.tmp
# past PATH_MAX, 4095 bytes, while DIR itself is within it) leaves nothing:
# it left DIR/p0000/, and the same command was then refused, "not empty"
ld=$w/L
while [ ${#ld} -lt 3850 ]; do ld=$ld/$(printf 'd%.0s' $(seq 200)); done
mkdir -p "$ld"
ld=$ld/$(printf 'e%.0s' $(seq $((4080 - ${#ld} - 1))))   # DIR: 4080 bytes
"$bin" sweep "$gf" --vary name=a,b --out "$ld" >"$w/o" 2>"$w/e"; rc=$?
t "job files past PATH_MAX: exit 2, said (got $rc)" eval '[ "$rc" = 2 ] && grep -q "p0000/run.sh: cannot write: File name too long" "$w/e"'
t "job files past PATH_MAX: DIR, made by sweep, removed" [ ! -e "$ld" ]
mkdir "$ld"
"$bin" sweep "$gf" --vary name=a,b --out "$ld" >"$w/o" 2>"$w/e"; rc=$?
t "job files past PATH_MAX, DIR given empty: exit 2, DIR kept, empty (got $rc)" eval \
  '[ "$rc" = 2 ] && [ -d "$ld" ] && [ -z "$(ls -A "$ld")" ]'
rm -rf "$w/L"
"$bin" sweep "$gf" --out "$w/x" 2>"$w/e"; rc=$?
t "no --vary: exit 2" [ "$rc" = 2 ]
"$bin" sweep --merge "$w/nowhere" 2>"$w/e"; rc=$?
t "merge of a non-sweep: exit 2" [ "$rc" = 2 ]
# --merge takes nothing else: -j and --set were taken and ignored (a merge
# runs no point), now refused before anything is read or written
for extra in "-j 2" "--set name=x"; do
  "$bin" sweep --merge "$w/nowhere" $extra >"$w/o" 2>"$w/e"; rc=$?
  t "merge with $extra: exit 2, said (got $rc)" eval \
    '[ "$rc" = 2 ] && grep -q "^nicshare sweep: --merge DIR takes nothing else" "$w/e" && ! grep -q "no points.tsv" "$w/e"'
done

# refusals said once, whole: an unknown --vary key (its first value tried
# as a --set) is the --vary's, not each point's
"$bin" sweep "$gf" --vary nic.rx_rng=16,32 --vary name=a,b --out "$w/bad1" 2>"$w/e"; rc=$?
t "unknown --vary key: exit 2, said once, as the --vary's (got $rc)" eval \
  '[ "$rc" = 2 ] && [ "$(cat "$w/e")" = "nicshare sweep: --vary nic.rx_rng: --set nic.rx_rng=16: nic.rx_rng: unknown key (did you mean nic.rx_ring?)" ]'
# 11 points refused (nic.rx_ring 0 with each of 11 names): the first 10
# named, then the count, 11; nothing written
"$bin" sweep "$gf" --vary nic.rx_ring=0 --vary name=a,b,c,d,e,f,g,h,i,j,k --out "$w/bad8" 2>"$w/e"; rc=$?
t "11 points refused: exit 2, p0000 to p0009 named, then 11 in all (got $rc)" eval \
  '[ "$rc" = 2 ] && [ "$(sed -n "s/^nicshare sweep: point \(p[0-9]*\) (nic.rx_ring=0, name=[a-k]) refused:$/\1/p" "$w/e" | tr "\n" " ")" = "p0000 p0001 p0002 p0003 p0004 p0005 p0006 p0007 p0008 p0009 " ] && [ "$(tail -1 "$w/e")" = "nicshare sweep: 11 points refused in all; nothing was run" ] && [ ! -e "$w/bad8" ]'
"$bin" sweep "$gf" --vary name=a,,b --out "$w/bad9" 2>"$w/e"; rc=$?
t "an empty value: exit 2, said, nothing written (got $rc)" eval \
  '[ "$rc" = 2 ] && [ "$(cat "$w/e")" = "nicshare sweep: --vary name: an empty value" ] && [ ! -e "$w/bad9" ]'
"$bin" sweep "$gf" --vary name=a --vary name=b --out "$w/bad9" 2>"$w/e"; rc=$?
t "a key varied twice: exit 2, said, nothing written (got $rc)" eval \
  '[ "$rc" = 2 ] && [ "$(cat "$w/e")" = "nicshare sweep: --vary name given twice" ] && [ ! -e "$w/bad9" ]'
"$bin" sweep --merge "$w/nowhere" "$gf" >"$w/o" 2>"$w/e"; rc=$?
t "merge with a scenario: exit 2, said (got $rc)" eval \
  '[ "$rc" = 2 ] && grep -q "^nicshare sweep: --merge DIR takes nothing else" "$w/e"'
: >"$w/afile"
"$bin" sweep "$gf" --vary name=a,b --out "$w/afile" 2>"$w/e"; rc=$?
t "--out a file: exit 2, not a directory, the file kept (got $rc)" eval \
  '[ "$rc" = 2 ] && [ "$(cat "$w/e")" = "nicshare sweep: --out $w/afile: not a directory; give a new directory" ] && [ -f "$w/afile" ] && [ ! -s "$w/afile" ]'
# 401 x 250 = 100250 points, past the 100000 a sweep takes: refused at
# once, nothing loaded or written
"$bin" sweep "$gf" --vary "name=$(seq -s, 0 400)" --vary "nic.rx_ring=$(seq -s, 1 250)" --out "$w/bad10" 2>"$w/e"; rc=$?
t "100250 points: exit 2, said, nothing written (got $rc)" eval \
  '[ "$rc" = 2 ] && [ "$(cat "$w/e")" = "nicshare sweep: more than 100000 points" ] && [ ! -e "$w/bad10" ]'
# DIR given empty is used; DIR in a folder that does not exist is refused
mkdir "$w/empty"
"$bin" sweep "$gf" --vary name=a,b --out "$w/empty" >"$w/o" 2>"$w/e"; rc=$?
t "an empty DIR given: exit 0, 2 points in it (got $rc)" eval \
  '[ "$rc" = 0 ] && grep -qx "nicshare sweep: 2 points in $w/empty" "$w/o" && [ -s "$w/empty/points.tsv" ] && [ -s "$w/empty/p0001/run.sh" ]'
"$bin" sweep "$gf" --vary name=a,b --out "$w/nodir/sub" 2>"$w/e"; rc=$?
t "DIR in a missing folder: exit 2, said (got $rc)" eval \
  '[ "$rc" = 2 ] && [ "$(cat "$w/e")" = "nicshare sweep: $w/nodir/sub: cannot create: No such file or directory" ]'

# ---- user text in the job files: refused or quoted, never run ----
# A line break in a --vary value ended run.sh's comment line and the rest
# ran as shell; a tab shifted points.tsv's columns; a line break in DIR
# ran from sweep.sbatch (and ended its comments before the #SBATCH lines).
# Each refused before anything is written, exit 2, the item named with its
# control character escaped as the message shows it.
pv=$w/PWNED-vary
"$bin" sweep "$gf" --vary $'name=a\ntouch '"$pv"$'\n#x,b' --out "$w/bad4" 2>"$w/e"; rc=$?
t "a line break in a --vary value: exit 2 (got $rc)" [ "$rc" = 2 ]
t "a line break in a --vary value: named" grep -qF \
  "nicshare sweep: --vary name: the value \"a\\ntouch $pv\\n#x\" holds a control character" "$w/e"
# whatever was written (nothing, now) is run, as a user would
for f in "$w"/bad4/p*/run.sh; do [ -e "$f" ] && (cd "$w" && sh "$f"); done >/dev/null 2>&1
t "a line break in a --vary value: nothing written, nothing ran" eval '[ ! -e "$w/bad4" ] && [ ! -e "$pv" ]'
for c in tab:$'\t' cr:$'\r' bel:$'\a' del:$'\x7f'; do
  "$bin" sweep "$gf" --vary "name=a${c#*:}b,c" --out "$w/bad5" 2>"$w/e"; rc=$?
  t "a ${c%%:*} in a --vary value: exit 2, said, nothing written (got $rc)" eval \
    '[ "$rc" = 2 ] && grep -q "the value \"a.*b\" holds a control character" "$w/e" && [ ! -e "$w/bad5" ]'
done
"$bin" sweep "$gf" --vary $'traffic.rtp.0.start\t=0s,1ms' --out "$w/bad5" 2>"$w/e"; rc=$?
t "a tab in a --vary key: exit 2, said, nothing written (got $rc)" eval \
  '[ "$rc" = 2 ] && grep -qF "nicshare sweep: --vary traffic.rtp.0.start\\t=0s,1ms: the key holds a control character" "$w/e" && [ ! -e "$w/bad5" ]'
d6=$w/$'sw\ntouch PWNED-out\n#'
(cd "$w" && "$bin" sweep "$gf" --vary name=a,b --out "$d6" 2>"$w/e"); rc=$?
t "a line break in --out DIR: exit 2 (got $rc)" [ "$rc" = 2 ]
t "a line break in --out DIR: named" grep -qF "nicshare sweep: --out $w/sw\\ntouch PWNED-out\\n#: the name holds a control character" "$w/e"
[ -e "$d6/sweep.sbatch" ] && (cd "$w" && SLURM_ARRAY_TASK_ID=0 sh "$d6/sweep.sbatch") >/dev/null 2>&1
t "a line break in --out DIR: nothing written, nothing ran" eval '[ ! -e "$d6" ] && [ ! -e "$w/PWNED-out" ]'
"$bin" sweep "$gf" --vary name=a,b --out "$w/a\\b" 2>"$w/e"; rc=$?
t "a backslash in --out DIR (Slurm's --output): exit 2, said, nothing written (got $rc)" eval \
  '[ "$rc" = 2 ] && grep -q "holds a backslash" "$w/e" && [ ! -e "$w/a\\b" ]'
# the messages show a name as it is: a backslash doubled, a control
# character as \xHH (BEL, 0x07; ESC, 0x1b, too: every C0 character)
"$bin" sweep "$gf" --vary name=a,b --out "$w/a\\b" 2>"$w/e"; rc=$?
t "a backslash in --out DIR: the name in the message, its backslash doubled" eval \
  '[ "$(cat "$w/e")" = "nicshare sweep: --out $w/a\\\\b: the name holds a backslash, which Slurm'"'"'s --output cannot take; give another name" ]'
"$bin" sweep "$gf" --vary $'name=a\ab,c' --out "$w/bad5" 2>"$w/e"; rc=$?
t "a BEL in a --vary value: said as \\x07" grep -qF 'nicshare sweep: --vary name: the value "a\x07b" holds a control character' "$w/e"
"$bin" sweep "$gf" --vary $'name=a\eb,c' --out "$w/bad5" 2>"$w/e"; rc=$?
t "an ESC in a --vary value: exit 2, said as \\x1b, nothing written (got $rc)" eval \
  '[ "$rc" = 2 ] && grep -qF "nicshare sweep: --vary name: the value \"a\\x1bb\" holds a control character" "$w/e" && [ ! -e "$w/bad5" ]'
ln -s "$gf" "$w/"$'gf\n.yaml'
"$bin" sweep "$w/"$'gf\n.yaml' --vary name=a,b --out "$w/bad7" 2>"$w/e"; rc=$?
t "a line break in the scenario's path: exit 2, said, nothing written (got $rc)" eval \
  '[ "$rc" = 2 ] && grep -qF "gf\\n.yaml: the name holds a control character" "$w/e" && [ ! -e "$w/bad7" ]'
mkdir "$w/"$'tab\tdir' && ln -s "$w/"$'tab\tdir' "$w/tl"
"$bin" sweep "$gf" --vary name=a,b --out "$w/tl/o" 2>"$w/e"; rc=$?
t "DIR through a link to a name with a tab: exit 2, nothing left (got $rc)" eval \
  '[ "$rc" = 2 ] && grep -qF "tab\\tdir/o: the name holds a control character" "$w/e" && [ -z "$(ls "$w/tl/")" ]'
# what may be in a name is written so that it stays what it is: a quote,
# a #, a % and a space in DIR and a value (run.sh's comment escapes, the
# commands quote; sweep.sbatch's --output is checked by Slurm below)
q=$w/$'sw 50%a "q" #x\'s'
"$bin" sweep "$src/scenarios/default.yaml" --vary $'name=it\'s a #1 "x",b' --out "$q" >"$w/o" 2>"$w/e"; rc=$?
t "quotes, # and % in DIR and a value: exit 0 (got $rc)" [ "$rc" = 0 ]
t "points.tsv: the value in its column" eval '[ "$(sed -n 2p "$q/points.tsv")" = $'"'"'p0000\tit\'"'"'s a #1 "x"'"'"' ]'
t "run.sh: the comment line as given" grep -qxF $'# nicshare sweep, point p0000: name=it\'s a #1 "x"' "$q/p0000/run.sh"
t "sweep.sbatch: the directives before any other line" eval \
  '[ "$(sed -n "2,6p" "$q/sweep.sbatch" | grep -c "^#SBATCH ")" = 5 ]'
t "sweep.sbatch: --output quoted for sbatch, % doubled" grep -qxF \
  "#SBATCH --output=\"$w/sw 50%%a \\\"q\\\" #x's/slurm-%a.out\"" "$q/sweep.sbatch"
t "the printed commands: DIR quoted for the shell" grep -qxF "then: nicshare sweep --merge '$w/sw 50%a \"q\" #x'\\''s'" "$w/o"
sh "$q/p0000/run.sh" && sh "$q/p0001/run.sh"
"$bin" sweep --merge "$q" >"$w/o" 2>"$w/e"; rc=$?
t "quotes, # and % in DIR and a value: ran and merged, exit 0 (got $rc)" eval \
  '[ "$rc" = 0 ] && [ "$(cut -f1,2,3 "$q/sweep.tsv" | sed -n 2p)" = $'"'"'p0000\tit\'"'"'s a #1 "x"\tok'"'"' ]'
# a scenario given by a link: its relative trace.file is taken from the
# link's folder, as `nicshare run` takes it (the sweep resolved the link and
# took the target's folder: another capture there, or none, refused)
mkdir -p "$w/lk/lib" "$w/lk/proj"
cp "$src/traces/public/arp-who-has.pcap" "$w/lk/proj/cap.pcap"
cp "$src/traces/public/corrupt-bad-caplen-after-6pkts.pcap" "$w/lk/lib/cap.pcap"
printf 'name: l\ntrace:\n  file: cap.pcap\n' >"$w/lk/lib/base.yaml"
ln -s ../lib/base.yaml "$w/lk/proj/s.yaml"
(cd "$w/lk" && "$bin" sweep proj/s.yaml --vary name=a,b --out sw -j 1) >"$w/o" 2>"$w/e"; rc=$?
t "a linked scenario: exit 0 (got $rc)" [ "$rc" = 0 ]
t "a linked scenario: the capture beside the link, as nicshare run takes it" grep -qF \
  "file: \"$w/lk/proj/cap.pcap\"" "$w/lk/sw/p0000/out/config.yaml"

# a value of 1100 characters: run.sh has it whole (it was cut to 1018)
long=$(printf 'n%.0s' $(seq 1100))
"$bin" sweep "$src/scenarios/default.yaml" --vary "name=$long,b" --out "$w/long" -j 1 >"$w/o" 2>"$w/e"; rc=$?
t "a 1100-character value: exit 0 (got $rc)" [ "$rc" = 0 ]
t "a 1100-character value: whole in run.sh's --set" grep -qF -- "--set 'name=$long' " "$w/long/p0000/run.sh"
t "a 1100-character value: the point ran with it" grep -qF "name: \"$long\"  #" "$w/long/p0000/out/config.yaml"

# ---- more points than a Slurm array takes ----
# Slurm refuses an array whose task index reaches MaxArraySize (1001 by
# default: slurm.conf(5)); --array=0-1001 for 1002 points was "Invalid job
# array specification". 1000 tasks (0-999), task K runs points K and
# K + 1000, and exits with the larger status of the two.
many=$(seq -s, 1 1002 | sed 's/[0-9][0-9]*/n&/g')
"$bin" sweep "$src/scenarios/default.yaml" --vary "name=$many" --set run.duration=20ms \
  --out "$w/many" >"$w/o" 2>"$w/e"; rc=$?
t "1002 points: exit 0 (got $rc)" [ "$rc" = 0 ]
t "1002 points: an array of 1000 tasks" grep -qx "#SBATCH --array=0-999" "$w/many/sweep.sbatch"
SLURM_ARRAY_TASK_ID=1 sh "$w/many/sweep.sbatch" >/dev/null 2>&1; rc=$?
t "1002 points: task 1 ran points 1 and 1001, no other (exit $rc)" eval \
  '[ "$rc" = 0 ] && [ "$(cd "$w/many" && ls p*/exit | tr "\n" " ")" = "p0001/exit p1001/exit " ]'
t "1002 points: point 1001 ran with its value" grep -q "^name: \"n1002\"" "$w/many/p1001/out/config.yaml"
printf '#!/bin/sh\nexit 1\n' >"$w/many/p1001/run.sh"
SLURM_ARRAY_TASK_ID=1 sh "$w/many/sweep.sbatch" >/dev/null 2>&1; rc=$?
t "1002 points: task 1, point 1001 exit 1: the task's exit 1 (got $rc)" [ "$rc" = 1 ]
printf '#!/bin/sh\nexit 2\n' >"$w/many/p0001/run.sh"
SLURM_ARRAY_TASK_ID=1 sh "$w/many/sweep.sbatch" >/dev/null 2>&1; rc=$?
t "1002 points: task 1, exits 2 then 1: the larger, 2 (got $rc)" [ "$rc" = 2 ]
SLURM_ARRAY_TASK_ID=1002 sh "$w/many/sweep.sbatch" >/dev/null 2>"$w/e"; rc=$?
t "1002 points: task 1002: no point, exit 2 (got $rc)" eval '[ "$rc" = 2 ] && grep -q "no point for task 1002" "$w/e"'

# ---- locally, -j 2 ----
"$bin" sweep "$gf" "${grid[@]}" --out "$w/local" -j 2 >"$w/o" 2>"$w/e"; rc=$?
t "local: exit 0 (got $rc)" [ "$rc" = 0 ]
t "local: 4 rows" [ "$(tail -n +2 "$w/local/sweep.tsv" | wc -l)" = 4 ]
t "local: every point ran" [ "$(ls "$w"/local/p*/exit | wc -l)" = 4 ]
# every maximum within its bound, independently of the runs' own checks
within() {
  python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
ok = len(rows) > 0
for r in rows:
    for c in ('rt-rx', 'rt-tx', 'rt-rtt'):
        m, b = r[c + '.max_ns'], r[c + '.bound_ns']
        if m != '-' and float(r[c + '.count']) > 0:
            ok = ok and b != '-' and float(m) <= float(b)
sys.exit(0 if ok else 1)
PY
}
t "local: maxima within the bound" within "$w/local/sweep.tsv"
# issue 14's case: a start above 16 us (16000 ns) under strict
t "local: 3064630278ps strict above 16 us" python3 -c "
import csv,sys
r=[r for r in csv.DictReader(open('$w/local/sweep.tsv'),delimiter='\t') if r['traffic.rtp.0.start']=='3064630278ps' and r['tx.policy']=='strict'][0]
sys.exit(0 if float(r['rt-tx.max_ns'])>16000 and r['status']=='check-failed' else 1)"
# the grid: every combination once, the last --vary fastest, in points.tsv
# and in each point's run.sh; the job files executable
t "local: points.tsv, the 4 combinations in order" eval \
  '[ "$(cat "$w/local/points.tsv")" = "$(printf "point\ttraffic.rtp.0.start\ttx.policy\np0000\t0s\tstrict\np0001\t0s\tgp-rate\np0002\t3064630278ps\tstrict\np0003\t3064630278ps\tgp-rate")" ]'
while read -r p a b; do
  t "local: $p's run.sh sets $a, $b" grep -qF -- "--set 'traffic.rtp.0.start=$a' --set 'tx.policy=$b' >" "$w/local/$p/run.sh"
done <<'PTS'
p0000 0s strict
p0001 0s gp-rate
p0002 3064630278ps strict
p0003 3064630278ps gp-rate
PTS
t "local: run.sh and sweep.sbatch executable" eval '[ -x "$w/local/p0000/run.sh" ] && [ -x "$w/local/sweep.sbatch" ]'
# each row's numbers as the point's summary.json has them, read here with
# Python's json: counts whole, nanoseconds to 3 decimals, the bound's ns
# for a class with a bound ("-" otherwise), drops summed
t "local: each row's columns as the point's summary.json" python3 - "$w/local" <<'PY'
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/sweep.tsv"), delimiter="\t"))
assert len(rows) == 4, rows
def fmt(v):
    return "-" if v is None else "%.3f" % v if isinstance(v, float) else str(v)
for r in rows:
    s = json.load(open("%s/%s/out/summary.json" % (d, r["point"])))
    for c in ("rt-rx", "rt-tx", "rt-rtt", "gp-rx", "gp-tx"):
        lat = s["latency"].get(c) or {}
        for k in ("count", "p50_ns", "p99_ns", "max_ns"):
            assert r["%s.%s" % (c, k)] == fmt(lat.get(k)), (r["point"], c, k, r["%s.%s" % (c, k)], lat.get(k))
    for c in ("rt-rx", "rt-tx", "rt-rtt"):
        b = s["bound"][c]
        assert r[c + ".bound_ns"] == (b["ns"] if b["status"] == "ok" else "-"), (r["point"], c)
    assert r["drops_in"] == str(sum(s["drops"].values())), r
    assert r["drops_out"] == str(sum(s["outgoing"]["drops"].values())), r
PY
# a point run again and killed before its end (its command here replaced
# by a SIGKILL of the script) leaves no exit file of the earlier run: it
# is merged as not run, not with its old status
sed "s/^'.*' run .*/kill -9 \$\$/" "$w/long/p0001/run.sh" >"$w/rr.sh"
t "a point run again: its earlier exit file there before" [ -e "$w/long/p0001/exit" ]
bash -c 'sh "$1"; true' _ "$w/rr.sh" >/dev/null 2>&1   # "Killed" said there, not here
t "a point run again and killed: no exit file left" [ ! -e "$w/long/p0001/exit" ]

# a sweep stopped by SIGTERM stops its running points and waits for them
# (review n45: they ran on as orphans): the 2 started (-j 2) end as
# interrupted, exit 2 recorded by their run.sh, the third never starts;
# nothing of the sweep's is left running when it has exited (processes
# counted from /proc: procps is not on every machine)
procs() {
  local n=0 f
  for f in /proc/[0-9]*/cmdline; do
    tr '\0' ' ' 2>/dev/null <"$f" | grep -q -- "$1" && n=$((n + 1))
  done
  echo "$n"
}
# until N processes match PATTERN (30 s at most)
wait_procs() {
  local i
  for i in $(seq 300); do
    [ "$(procs "$1")" -ge "$2" ] && return
    sleep 0.1
  done
}
# stop_sweep DIR SIGNAL NAME LABEL: a sweep of 3 points, -j 2, sent SIGNAL
# once its 2 first points run: exit 2, said with the signal's NAME,
# nothing left running, the 2 started recorded exit 2, the third never
stop_sweep() {
  local d=$1 sig=$2 name=$3 l=$4 sp rc
  "$bin" sweep "$src/scenarios/world-calls.yaml" --vary calls.generator.count=200,201,202 \
    --out "$d" -j 2 >"$w/o" 2>"$w/e" & sp=$!
  wait_procs "$d/p000./out" 2
  t "$l: two points running first" [ "$(procs "$d/p000./out")" = 2 ]
  kill -"$sig" "$sp"; wait "$sp"; rc=$?
  t "$l: exit 2 (got $rc)" [ "$rc" = 2 ]
  t "$l: said" grep -qF "nicshare sweep: interrupted ($name): 2 of 3 points started" "$w/e"
  t "$l: no point left running" [ "$(procs "$d/p000")" = 0 ]
  t "$l: the points started recorded exit 2" eval \
    '[ "$(cat "$d/p0000/exit" "$d/p0001/exit" 2>/dev/null | tr "\n" " ")" = "2 2 " ] && [ ! -e "$d/p0002/exit" ]'
}
stop_sweep "$w/stop" TERM Terminated "stopped sweep"
"$bin" sweep --merge "$w/stop" >/dev/null 2>&1
t "stopped sweep: merged as interrupted and not run" eval \
  '[ "$(cut -f1,3,4 "$w/stop/sweep.tsv" | tail -n +2 | tr "\t\n" " |")" = "p0000 failed 2|p0001 failed 2|p0002 failed -1|" ]'

# the terminal gone: SIGHUP stops the points likewise (review n51: with
# a process group each, they no longer had it from the terminal, and ran on)
stop_sweep "$w/hup" HUP Hangup "sweep hung up"
# a Slurm task stopped (scancel: SIGTERM to every process of the step):
# the task's shell waits for its point's run.sh to record exit 2 and ends
# with it, not killed by the signal (exit 143 before)
rm -f "$w/hup/p0000/exit"
setsid sh -c 'SLURM_ARRAY_TASK_ID=0 exec sh "$1"' _ "$w/hup/sweep.sbatch" >/dev/null 2>&1 & sp=$!
wait_procs "$w/hup/p0000/out" 1
kill -TERM -- -"$sp"; wait "$sp"; rc=$?
t "Slurm task stopped: exit 2 (got $rc)" [ "$rc" = 2 ]
t "Slurm task stopped: its point recorded exit 2" [ "$(cat "$w/hup/p0000/exit" 2>/dev/null)" = 2 ]

# Ctrl-Z (SIGTSTP to the sweep; its points are not in the terminal's
# process group): the sweep stops and so do its points, all of them
# continue with the sweep (SIGCONT), and a stop after that ends them as
# above. Before, the points ran on behind the stopped sweep.
# states PATTERN: the states (/proc/PID/stat, field 3) of the processes
# whose command line matches PATTERN, sorted, one of each
states() {
  local f p
  for f in /proc/[0-9]*/cmdline; do
    tr '\0' ' ' 2>/dev/null <"$f" | grep -q -- "$1" || continue
    p=${f%/cmdline}
    sed 's/^.*) //' "$p/stat" 2>/dev/null | cut -d' ' -f1
  done | sort -u | tr -d '\n'
}
# until the processes matching PATTERN are all in state STATE (with
# "not": none is; 10 s at most)
wait_state() {
  local i
  for i in $(seq 100); do
    case $1 in
      not) [[ "$(states "$2")" != *"$3"* ]] && return ;;
      *) [ "$(states "$1")" = "$2" ] && return ;;
    esac
    sleep 0.1
  done
}
d="$w/tstp"
"$bin" sweep "$src/scenarios/world-calls.yaml" --vary calls.generator.count=200,201,202 \
  --out "$d" -j 2 >"$w/o" 2>"$w/e" & sp=$!
wait_procs "$d/p000./out" 2
kill -TSTP "$sp"
wait_state "$d/p000./out" T
t "Ctrl-Z: the sweep stopped" [ "$(sed 's/^.*) //' "/proc/$sp/stat" | cut -d' ' -f1)" = T ]
t "Ctrl-Z: its 2 points stopped (states $(states "$d/p000./out"))" \
  eval '[ "$(states "$d/p000./out")" = T ] && [ "$(procs "$d/p000./out")" = 2 ]'
kill -CONT "$sp"
wait_state not "$d/p000./out" T
t "continued: its points run again (states $(states "$d/p000./out"))" \
  eval '[[ "$(states "$d/p000./out")" != *T* ]] && [ "$(procs "$d/p000./out")" = 2 ]'
kill -TERM "$sp"; wait "$sp"; rc=$?
t "continued, then stopped: exit 2 (got $rc)" [ "$rc" = 2 ]
t "continued, then stopped: no point left running" [ "$(procs "$d/p000")" = 0 ]
t "continued, then stopped: the points started recorded exit 2" eval \
  '[ "$(cat "$d/p0000/exit" "$d/p0001/exit" 2>/dev/null | tr "\n" " ")" = "2 2 " ]'

# ---- GNU parallel over the job list ----
if command -v parallel >/dev/null && parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
  "$bin" sweep "$gf" "${grid[@]}" --out "$w/par" >"$w/o" 2>"$w/e"; rc=$?
  t "parallel: job files written (exit $rc)" eval '[ "$rc" = 0 ] && [ -s "$w/par/jobs.txt" ]'
  t "parallel: nothing run yet" [ -z "$(ls "$w"/par/p*/exit 2>/dev/null)" ]
  # a report asked for before the merge: told to merge (it was "summary.json:
  # cannot read ... run with --outputs including summary", as for a run)
  "$bin" report "$w/par" >"$w/o" 2>"$w/e"; rc=$?
  t "report before the merge: exit 2, told to merge (got $rc)" eval \
    '[ "$rc" = 2 ] && [ "$(cat "$w/e")" = "nicshare report: $w/par: a sweep not merged yet (points.tsv, no sweep.tsv): nicshare sweep --merge $w/par first" ]'
  t "report before the merge: nothing written" eval '[ ! -e "$w/par/report" ] && [ ! -e "$w/par/report.tmp" ]'
  parallel --will-cite -j 2 <"$w/par/jobs.txt" >/dev/null 2>&1
  "$bin" sweep --merge "$w/par" >"$w/o" 2>"$w/e"; rc=$?
  t "parallel: merge exit 0 (got $rc)" [ "$rc" = 0 ]
  t "parallel: same sweep.tsv as -j" cmp -s "$w/local/sweep.tsv" "$w/par/sweep.tsv"
else
  t "GNU parallel is installed" false
fi

# ---- a failed point is recorded; the others run and merge ----
"$bin" sweep "$src/scenarios/arp-both.yaml" --vary "trace.file=$src/traces/public/arp-who-has.pcap,$src/traces/public/corrupt-bad-caplen-after-6pkts.pcap" \
  --out "$w/fl" -j 2 >"$w/o" 2>"$w/e"; rc=$?
t "failed point: exit 1 (got $rc)" [ "$rc" = 1 ]
t "failed point: the good one merged ok" grep -q $'^p0000\t.*\tok\t0\t-' "$w/fl/sweep.tsv"
t "failed point: recorded with its message" grep -q $'^p0001\t.*\tfailed\t2\texit 2: .*frame 7' "$w/fl/sweep.tsv"

# ---- merging hand-edited or damaged results: failed rows, never "ok" ----
# (--merge read the exit file with atoi, so garbage or nothing was 0, "ok";
# took summary.json [1,2] as ok with every column "-"; summed drops without
# an overflow check.) Expected messages as written in sweep.c; 2^63 - 1 + 1
# overflows int64.
cp -r "$w/local" "$w/hm"
echo garbage >"$w/hm/p0000/exit"
: >"$w/hm/p0001/exit"
echo '[1,2]' >"$w/hm/p0002/out/summary.json"
python3 - "$w/hm/p0003/out/summary.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["drops"] = {"rx-ring-full": 9223372036854775807, "proxy-full": 1}
json.dump(d, open(sys.argv[1], "w"))
PY
"$bin" sweep --merge "$w/hm" >"$w/o" 2>"$w/e"; rc=$?
t "hand-edited merge: exit 1 (got $rc)" [ "$rc" = 1 ]
t "hand-edited merge: 4 failed" grep -q "4 points merged into $w/hm/sweep.tsv: 4 failed" "$w/o"
t "garbage exit file: failed, named" grep -q $'^p0000\t.*\tfailed\t-1\tunreadable exit file p0000/exit (not a number 0-255)\t' "$w/hm/sweep.tsv"
t "empty exit file: failed, named" grep -q $'^p0001\t.*\tfailed\t-1\tunreadable exit file p0001/exit (not a number 0-255)\t' "$w/hm/sweep.tsv"
t "summary.json an array: failed" grep -q $'^p0002\t.*\tfailed\t'"$(cat "$w/local/p0002/exit")"$'\tout/summary.json is not a JSON object\t' "$w/hm/sweep.tsv"
t "drops overflowing int64: failed" grep -q $'^p0003\t.*\tfailed\t'"$(cat "$w/local/p0003/exit")"$'\tout/summary.json: the sum of drops overflows at drops.proxy-full\t' "$w/hm/sweep.tsv"
t "failed rows show no numbers" python3 - "$w/hm/sweep.tsv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1]), delimiter="\t"):
    assert r["rt-tx.count"] == "-" and r["drops_in"] == "-", r
PY
cp -r "$w/local" "$w/hm2"
echo 256 >"$w/hm2/p0000/exit"
printf '0 1\n' >"$w/hm2/p0001/exit"
python3 - "$w/hm2/p0002/out/summary.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["outgoing"]["drops"] = {"tx-queue-full": -3}
json.dump(d, open(sys.argv[1], "w"))
PY
"$bin" sweep --merge "$w/hm2" >"$w/o" 2>"$w/e"; rc=$?
t "hand-edited merge 2: exit 1 (got $rc)" [ "$rc" = 1 ]
t "exit 256: failed" grep -q $'^p0000\t.*\tfailed\t-1\tunreadable exit file p0000/exit' "$w/hm2/sweep.tsv"
t "exit '0 1': failed" grep -q $'^p0001\t.*\tfailed\t-1\tunreadable exit file p0001/exit' "$w/hm2/sweep.tsv"
t "negative drops: failed" grep -q $'^p0002\t.*\tfailed\t'"$(cat "$w/local/p0002/exit")"$'\tout/summary.json: outgoing.drops.tx-queue-full is not a count (a non-negative integer)\t' "$w/hm2/sweep.tsv"
t "the untouched point: its row as before" eval 'grep "^p0003	" "$w/hm2/sweep.tsv" | cmp -s - <(grep "^p0003	" "$w/local/sweep.tsv")'
# a point not run, one without its summary.json, one ended by exit 255
# with lines on stderr (the last non-empty one is the message), and one
# whose drops (5 in; 7 + 1 out) and rt-tx maximum (its bound's cycles + 1)
# were edited: 3 failed, the last ok with those drops, above its bound
# (exit 1, said)
cp -r "$w/local" "$w/hm3"
rm "$w/hm3/p0000/exit"
rm "$w/hm3/p0001/out/summary.json"
echo 255 >"$w/hm3/p0002/exit"
printf 'first line\n\nthe last line\n\n' >"$w/hm3/p0002/stderr.txt"
python3 - "$w/hm3/p0003/out/summary.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["drops"] = {"rx-ring-full": 5}
d["outgoing"]["drops"] = {"tx-queue-full": 7, "gp-channel-full": 1}
d["latency"]["rt-tx"]["max_cycles"] = d["bound"]["rt-tx"]["cycles"] + 1
json.dump(d, open(sys.argv[1], "w"))
PY
"$bin" sweep --merge "$w/hm3" >"$w/o" 2>"$w/e"; rc=$?
t "hand-edited merge 3: exit 1 (got $rc)" [ "$rc" = 1 ]
t "hand-edited merge 3: 3 of 4 failed" grep -qx "nicshare sweep: 4 points merged into $w/hm3/sweep.tsv: 3 failed" "$w/o"
t "no exit file: failed, not run" grep -q $'^p0000\t.*\tfailed\t-1\tnot run (no p0000/exit)\t' "$w/hm3/sweep.tsv"
t "no summary.json: failed, said" grep -q $'^p0001\t.*\tfailed\t'"$(cat "$w/local/p0001/exit")"$'\tno readable out/summary.json (' "$w/hm3/sweep.tsv"
t "exit 255: failed, the last line of stderr" grep -q $'^p0002\t.*\tfailed\t255\texit 255: the last line\t' "$w/hm3/sweep.tsv"
t "edited drops: in 5, out 8" python3 - "$w/hm3/sweep.tsv" <<'PY'
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t") if r["point"] == "p0003"][0]
assert r["status"] != "failed" and (r["drops_in"], r["drops_out"]) == ("5", "8"), r
PY
t "a maximum above its bound: said" grep -q "^nicshare sweep: a point's maximum is above its analytic bound" "$w/e"
# a maximum equal to its bound is within it; a bound left as a note (a run
# of more than 200000 capture frames) is computed from out/config.yaml, the
# same; drops that are not an object; exit 2 with nothing on stderr; a line
# without a tab in points.tsv passed over
cp -r "$w/local" "$w/hm4"
python3 - "$w/hm4" <<'PY'
import json, sys
d = sys.argv[1]
p = d + "/p0000/out/summary.json"
s = json.load(open(p))
s["latency"]["rt-tx"]["max_cycles"] = s["bound"]["rt-tx"]["cycles"]
s["bound"] = {"note": "edited: nicshare bound computes it"}
json.dump(s, open(p, "w"))
p = d + "/p0001/out/summary.json"
s = json.load(open(p))
s["drops"] = [1]
json.dump(s, open(p, "w"))
open(d + "/p0002/exit", "w").write("2\n")
open(d + "/p0002/stderr.txt", "w").write("")
t = open(d + "/points.tsv").read().split("\n")
open(d + "/points.tsv", "w").write("\n".join(t[:1] + ["junk"] + t[1:]))
PY
"$bin" sweep --merge "$w/hm4" >"$w/o" 2>"$w/e"; rc=$?
t "hand-edited merge 4: exit 1, nothing above its bound (got $rc)" eval '[ "$rc" = 1 ] && ! grep -q "above its analytic bound" "$w/e"'
t "hand-edited merge 4: the line without a tab passed over, 4 rows" grep -qx "nicshare sweep: 4 points merged into $w/hm4/sweep.tsv: 2 failed" "$w/o"
t "a bound left as a note: the same bound, from config.yaml" eval \
  'cmp -s <(grep "^p0000	" "$w/hm4/sweep.tsv") <(grep "^p0000	" "$w/local/sweep.tsv")'
t "drops not an object: failed" grep -q $'^p0001\t.*\tfailed\t'"$(cat "$w/local/p0001/exit")"$'\tout/summary.json: drops is not an object\t' "$w/hm4/sweep.tsv"
t "exit 2, nothing on stderr: failed, said" grep -q $'^p0002\t.*\tfailed\t2\texit 2: (no message)\t' "$w/hm4/sweep.tsv"
cp -r "$w/local" "$w/hm5"
sed -i 1d "$w/hm5/points.tsv"
"$bin" sweep --merge "$w/hm5" >"$w/o" 2>"$w/e"; rc=$?
t "points.tsv without its header: exit 2, said (got $rc)" eval \
  '[ "$rc" = 2 ] && [ "$(cat "$w/e")" = "nicshare sweep: $w/hm5/points.tsv: no header line" ]'
# a maximum above its bound and nothing else wrong: exit 1 all the same
cp -r "$w/local" "$w/hm6"
python3 - "$w/hm6/p0000/out/summary.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["latency"]["rt-tx"]["max_cycles"] = d["bound"]["rt-tx"]["cycles"] + 1
json.dump(d, open(sys.argv[1], "w"))
PY
"$bin" sweep --merge "$w/hm6" >"$w/o" 2>"$w/e"; rc=$?
t "a maximum above its bound alone: exit 1, said, none failed (got $rc)" eval \
  '[ "$rc" = 1 ] && grep -q "above its analytic bound" "$w/e" && grep -qx "nicshare sweep: 4 points merged into $w/hm6/sweep.tsv: 0 failed" "$w/o"'

# ---- a directory where the merge's files are: said as such, exit 2 ----
# (DIR/points.tsv a directory was read as empty, "no header line"; DIR/
# sweep.tsv one was said at the end, "cannot write", and by the report as
# "no varied key before the status column")
cp -r "$w/local" "$w/dd"
rm "$w/dd/sweep.tsv" && mkdir "$w/dd/sweep.tsv" || exit 99
"$bin" sweep --merge "$w/dd" >"$w/o" 2>"$w/e"; rc=$?
t "merge, sweep.tsv a directory: exit 2, said (got $rc)" eval \
  '[ "$rc" = 2 ] && [ "$(cat "$w/e")" = "nicshare sweep: $w/dd/sweep.tsv: is a directory, where the merge writes its table; move it away" ] && [ ! -s "$w/o" ]'
t "merge, sweep.tsv a directory: kept, empty, no sweep.tsv.tmp" eval \
  '[ -d "$w/dd/sweep.tsv" ] && [ -z "$(ls -A "$w/dd/sweep.tsv")" ] && [ ! -e "$w/dd/sweep.tsv.tmp" ]'
NICSHARE_GNUPLOT=true "$bin" report "$w/dd" >"$w/o" 2>"$w/e"; rc=$?
t "report, sweep.tsv a directory: exit 2, said, nothing written (got $rc)" eval \
  '[ "$rc" = 2 ] && [ "$(cat "$w/e")" = "nicshare report: $w/dd/sweep.tsv: is a directory, not a merged sweep'"'"'s table" ] && [ ! -e "$w/dd/report" ] && [ ! -e "$w/dd/report.tmp" ]'
rmdir "$w/dd/sweep.tsv" && mv "$w/dd/points.tsv" "$w/dd/points.bak" && mkdir "$w/dd/points.tsv" || exit 99
"$bin" sweep --merge "$w/dd" >"$w/o" 2>"$w/e"; rc=$?
t "merge, points.tsv a directory: exit 2, said, nothing written (got $rc)" eval \
  '[ "$rc" = 2 ] && [ "$(cat "$w/e")" = "nicshare sweep: $w/dd/points.tsv: is a directory, not the sweep'"'"'s list of points" ] && [ ! -e "$w/dd/sweep.tsv" ]'

# ---- the report keeps every row (it kept 1563 and dropped the rest) ----
# 2000 rows, each with a value of its own: sweep-1.dat has 2000 lines, the
# i-th (from 0) at x = i, its value v<i>. No gnuplot needed (true).
python3 - "$w/local/sweep.tsv" "$w/big" <<'PY'
import os, sys
lines = open(sys.argv[1]).read().splitlines()
os.mkdir(sys.argv[2])
with open(sys.argv[2] + "/sweep.tsv", "w") as f:
    f.write(lines[0] + "\n")
    row = lines[1].split("\t")
    for i in range(2000):
        row[0], row[1] = "p%04d" % i, "v%d" % i
        f.write("\t".join(row) + "\n")
PY
NICSHARE_GNUPLOT=true "$bin" report "$w/big" >"$w/o" 2>"$w/e"; rc=$?
t "report of 2000 rows: exit 0 (got $rc)" [ "$rc" = 0 ]
t "report of 2000 rows: 2000 in sweep-1.dat" [ "$(wc -l <"$w/big/report/data/sweep-1.dat")" = 2000 ]
t "report of 2000 rows: x and value of each" eval \
  '[ "$(cut -f1,2 "$w/big/report/data/sweep-1.dat" | awk -F"\t" "\$2 != \"v\" \$1 { n++ } END { print n + 0 }")" = 0 ]'
t "report of 2000 rows: the last one" [ "$(tail -1 "$w/big/report/data/sweep-1.dat" | cut -f1,2)" = $'1999\tv1999' ]
sed -i '7s/\t[^\t]*$//' "$w/big/sweep.tsv"
NICSHARE_GNUPLOT=true "$bin" report "$w/big" >"$w/o" 2>"$w/e"; rc=$?
nh=$(head -1 "$w/big/sweep.tsv" | awk -F'\t' '{ print NF }')
t "report, a row short of a field: exit 2 (got $rc)" [ "$rc" = 2 ]
t "report, a row short of a field: line 7 named" grep -qF "$w/big/sweep.tsv: line 7: $((nh - 1)) fields, the header has $nh" "$w/e"
# a sweep.tsv with no varied key before its status column: refused, said
mkdir "$w/nokey" && printf 'point\tstatus\np0000\tok\n' >"$w/nokey/sweep.tsv"
NICSHARE_GNUPLOT=true "$bin" report "$w/nokey" >"$w/o" 2>"$w/e"; rc=$?
t "report, no varied key: exit 2, said, nothing written (got $rc)" eval \
  '[ "$rc" = 2 ] && [ "$(cat "$w/e")" = "nicshare report: $w/nokey/sweep.tsv: no varied key before the status column" ] && [ ! -e "$w/nokey/report" ]'

# ---- a world: a row per point and computer, the world's counts ----
"$bin" sweep "$src/scenarios/world-voip.yaml" --vary world.links.wan.latency=10ms,140ms \
  --out "$w/world" -j 2 >"$w/o" 2>"$w/e"; rc=$?
t "world: exit 0 (got $rc)" [ "$rc" = 0 ]
t "world: host and world columns" grep -q $'\tmessage\thost\t.*\tdrops_out\tworld.sent\tworld.delivered\tworld.dropped\tworld.in_flight\tworld.conserved\tcalls\tcalls.g114_ok\tcalls.one_way_max_ns$' "$w/world/sweep.tsv"
# each row against the point's own files, read here with Python's json
t "world: rows as the points' world.json and gw/summary.json" python3 - "$w/world" <<'PY'
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/sweep.tsv"), delimiter="\t"))
assert [r["point"] for r in rows] == ["p0000", "p0001"], rows
for r in rows:
    assert r["host"] == "gw" and r["status"] == "ok", r
    w = json.load(open(f"{d}/{r['point']}/out/world.json"))
    s = json.load(open(f"{d}/{r['point']}/out/gw/summary.json"))
    f = w["frames"]
    assert int(r["world.sent"]) == f["sent"] and int(r["world.in_flight"]) == f["in_flight"], r
    assert int(r["world.delivered"]) == f["delivered"], r
    assert int(r["world.dropped"]) == sum(f["dropped"].values()), r
    assert r["world.conserved"] == "true"
    assert int(r["rt-rx.count"]) == s["latency"]["rt-rx"]["count"], r
    assert r["rt-rx.bound_ns"] == "-", r
PY
# a world's files damaged by hand: world.json an array, a computer's
# drops not counts: failed rows naming the file
cp -r "$w/world" "$w/wbad"
echo '[]' >"$w/wbad/p0000/out/world.json"
python3 - "$w/wbad/p0001/out/gw/summary.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["drops"] = {"rx-ring-full": "many"}
json.dump(d, open(sys.argv[1], "w"))
PY
"$bin" sweep --merge "$w/wbad" >"$w/o" 2>"$w/e"; rc=$?
t "world, damaged: exit 1 (got $rc)" [ "$rc" = 1 ]
t "world, world.json an array: failed" grep -q $'^p0000\t.*\tfailed\t0\tout/world.json is not a JSON object\t-\t' "$w/wbad/sweep.tsv"
t "world, drops not a count: failed" grep -q $'^p0001\t.*\tfailed\t0\tout/gw/summary.json: drops.rx-ring-full is not a count (a non-negative integer)\tgw\t' "$w/wbad/sweep.tsv"
# a world's calls columns: 3 calls (world.json edited), 2 of them G.114
# "ok", the largest one-way maximum of either direction 7.125 ns
cp -r "$w/world" "$w/wcalls"
python3 - "$w/wcalls/p0001/out/world.json" <<'PY'
import json, sys
w = json.load(open(sys.argv[1]))
w["calls"] = [{"g114": "ok", "in": {"one_way_max_ns": 1.5}, "out": {"one_way_max_ns": 2.25}},
              {"g114": "warn", "in": {"one_way_max_ns": 7.125}, "out": {"one_way_max_ns": 3.0}},
              {"g114": "ok", "in": {}, "out": {"one_way_max_ns": 0.5}}]
json.dump(w, open(sys.argv[1], "w"))
PY
"$bin" sweep --merge "$w/wcalls" >"$w/o" 2>"$w/e"; rc=$?
t "world, 3 calls: calls 3, g114_ok 2, one-way max 7.125 (exit $rc)" python3 - "$w/wcalls/sweep.tsv" <<'PY'
import csv, sys
r = [r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t") if r["point"] == "p0001"][0]
assert (r["calls"], r["calls.g114_ok"], r["calls.one_way_max_ns"]) == ("3", "2", "7.125"), r
PY
# a world's computer is not checked against an analytic bound
# (doc/verify.md): no bound column on its rows; its summary.json says so
# (handed frames from the network: a note, as verify.txt's)
t "world: no bound on a computer's rows" python3 - "$w/world" <<'PY'
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/sweep.tsv"), delimiter="\t"))
assert json.load(open(d + "/p0000/out/gw/summary.json"))["bound"]["note"].startswith("not checked: this computer was handed")
assert all(r[c + ".bound_ns"] == "-" for r in rows for c in ("rt-rx", "rt-tx", "rt-rtt")), rows
PY

# ---- the report of a sweep ----
if command -v "${GNUPLOT:-gnuplot}" >/dev/null 2>&1; then
  NICSHARE_GNUPLOT=${GNUPLOT:-gnuplot} "$bin" report "$w/local" >"$w/o" 2>"$w/e"; rc=$?
  t "report: exit 0 (got $rc)" [ "$rc" = 0 ]
  t "report: one rt-tx figure per key" eval '[ -s "$w/local/report/sweep-1-rt-tx.svg" ] && [ -s "$w/local/report/sweep-2-rt-tx.svg" ]'
  t "report: the bound is drawn" grep -q "analytic bound" "$w/local/report/sweep-1-rt-tx.svg"
  t "report: drops figure" [ -s "$w/local/report/sweep-1-drops.svg" ]
  t "report: index lists them" grep -q "sweep-2-rt-tx.svg" "$w/local/report/index.html"
  t "report: the page says what a row is (4 points, one per run)" grep -qF \
    "<p>4 points. Each figure: one varied key on x (its values in the order given), one point per run." "$w/local/report/index.html"
  t "report: data/render.gp draws it again" eval \
    '(cd "$w/local/report" && rm sweep-1-rt-tx.svg && ${GNUPLOT:-gnuplot} -d data/render.gp) >/dev/null 2>&1 && [ -s "$w/local/report/sweep-1-rt-tx.svg" ]'
  # user text in the folder's name and a key: quoted for gnuplot, escaped
  # in the page; a key that tries to leave its string and run a command
  # (it did, in gnuplot -e 'key=...') runs nothing
  sq="$w/Bob's <i>sweep"
  cp -r "$w/local" "$sq" && rm -rf "$sq/report"
  pwn="$w/PWNED"
  python3 - "$sq/sweep.tsv" "$pwn" <<'PY'
import sys
p, pwn = sys.argv[1], sys.argv[2]
lines = open(p).read().split("\n")
h = lines[0].split("\t")
h[1] = "x'.system('touch %s').'`touch %s`@x\"<b>" % (pwn, pwn)
lines[0] = "\t".join(h)
# and the key's first value, a tic label: read from the data file it was
# cut at the double quote ("a")
rows = [l.split("\t") for l in lines[1:] if l]
first = rows[0][1]
for r in rows:
    if r[1] == first:
        r[1] = 'a"b`touch %s`@v' % pwn
lines[1:] = ["\t".join(r) for r in rows] + [""]
open(p, "w").write("\n".join(lines))
PY
  NICSHARE_GNUPLOT=${GNUPLOT:-gnuplot} "$bin" report "$sq" >"$w/o" 2>"$w/e"; rc=$?
  t "report, a quote and markup in names: exit 0 (got $rc: $(cat "$w/e"))" [ "$rc" = 0 ]
  t "report, a key with commands: nothing ran" [ ! -e "$pwn" ]
  t "report, the folder's name escaped in the page" grep -qF "<h1>Sweep $w/Bob's &lt;i&gt;sweep</h1>" "$sq/report/index.html"
  t "report, the key escaped in the page" grep -qF "&lt;b&gt;</h2>" "$sq/report/index.html"
  t "report, the key as written in the figure" grep -qF "touch $pwn" "$sq/report/sweep-1-rt-tx.svg"
  t "report, a value with a double quote whole as its tic label" \
    grep -qF "<text>a\"b\`touch $pwn\`@v</text>" "$sq/report/sweep-1-rt-tx.svg"
  # latencies the varied key does not move (a world's link latency moves
  # only the network's share): every value of a figure alike, drawn around
  # it, without gnuplot's "empty y range" warning on stderr
  "$bin" sweep "$src/tests/world/two.yaml" --vary world.links.cable.latency=1ms,2ms -j 2 \
    --out "$w/flat" >"$w/o" 2>"$w/e"
  NICSHARE_GNUPLOT=${GNUPLOT:-gnuplot} "$bin" report "$w/flat" >"$w/o" 2>"$w/e"; rc=$?
  t "report, flat latencies: exit 0 (got $rc)" [ "$rc" = 0 ]
  t "report, flat latencies: gnuplot said nothing ($(head -c 300 "$w/e"))" eval '! grep -q "gnuplot said\|empty y range" "$w/e"'
  t "report, flat latencies: the figure drawn" [ -s "$w/flat/report/sweep-1-rt-rx.svg" ]
  # an earlier report stays whole when the new one cannot be drawn: no
  # gnuplot (said so), or a gnuplot that fails
  before=$(cd "$w/local/report" && find . -type f | LC_ALL=C sort | xargs md5sum)
  NICSHARE_GNUPLOT=/nonexistent/gnuplot "$bin" report "$w/local" >"$w/o" 2>"$w/e"; rc=$?
  t "report, no gnuplot: exit 2 (got $rc)" [ "$rc" = 2 ]
  t "report, no gnuplot: said" grep -q 'gnuplot not found (looked for "/nonexistent/gnuplot").*no report written' "$w/e"
  NICSHARE_GNUPLOT=false "$bin" report "$w/local" >"$w/o" 2>"$w/e"; rc=$?
  t "report, gnuplot failing: exit 2 (got $rc)" [ "$rc" = 2 ]
  t "report, the earlier report untouched, nothing half-made left" eval \
    '[ "$(cd "$w/local/report" && find . -type f | LC_ALL=C sort | xargs md5sum)" = "$before" ] && [ ! -e "$w/local/report.tmp" ]'
fi

# ---- a one-node Slurm cluster ----
slurm=yes
for c in munged munge sbatch squeue sinfo slurmctld slurmd; do
  command -v "$c" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin command -v "$c" >/dev/null 2>&1 || slurm=no
done
[ "$(id -u)" = 0 ] || slurm=no
if [ "$slurm" = yes ]; then
  export PATH=$PATH:/usr/sbin
  s=$w/slurm
  mkdir -p "$s/munge" "$s/state" "$s/spool" "$s/log"
  chown munge:munge "$s/munge" && chmod 700 "$s/munge"
  # the parent must let munge into its socket folder
  chmod 755 "$w" "$s"
  su -s /bin/sh munge -c "munged --socket=$s/munge/munge.sock --pid-file=$s/munge/munged.pid \
    --log-file=$s/munge/munged.log --seed-file=$s/munge/seed --force" 2>"$w/munge.err"
  t "munge: a credential round trip" eval "munge -S '$s/munge/munge.sock' -n | unmunge -S '$s/munge/munge.sock' | grep -q Success"
  h=$(hostname)
  port=$((17000 + ($$ % 400) * 2))
  cat >"$s/slurm.conf" <<CONF
ClusterName=nstest$$
SlurmctldHost=$h
AuthType=auth/munge
AuthInfo=socket=$s/munge/munge.sock
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmctldPidFile=$s/slurmctld.pid
SlurmdPidFile=$s/slurmd.pid
SlurmctldPort=$port
SlurmdPort=$((port + 1))
StateSaveLocation=$s/state
SlurmdSpoolDir=$s/spool
SlurmctldLogFile=$s/log/slurmctld.log
SlurmdLogFile=$s/log/slurmd.log
SlurmUser=root
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
NodeName=$h CPUs=$(nproc) State=UNKNOWN
PartitionName=main Nodes=$h Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF=$s/slurm.conf
  slurmctld && slurmd
  up=no
  for i in $(seq 1 30); do
    sinfo -h -o %T 2>/dev/null | grep -q idle && { up=yes; break; }
    sleep 1
  done
  t "slurm: the node is idle" [ "$up" = yes ]
  "$bin" sweep "$gf" "${grid[@]}" --out "$w/sl" >"$w/o" 2>"$w/e"
  t "slurm: the script passes sbatch --test-only" sbatch --test-only "$w/sl/sweep.sbatch"
  t "slurm: 1002 points' script passes sbatch --test-only" sbatch --test-only "$w/many/sweep.sbatch"
  job=$(sbatch --parsable "$w/sl/sweep.sbatch" 2>"$w/e")
  t "slurm: submitted ($job)" [ -n "$job" ]
  done=no
  for i in $(seq 1 120); do
    [ -z "$(squeue -h -j "${job%%;*}" 2>/dev/null)" ] && { done=yes; break; }
    sleep 1
  done
  t "slurm: the array finished" [ "$done" = yes ]
  t "slurm: 4 task logs" [ "$(ls "$w"/sl/slurm-*.out 2>/dev/null | wc -l)" = 4 ]
  "$bin" sweep --merge "$w/sl" >"$w/o" 2>"$w/e"; rc=$?
  t "slurm: merge exit 0 (got $rc)" [ "$rc" = 0 ]
  t "slurm: same sweep.tsv as -j" cmp -s "$w/local/sweep.tsv" "$w/sl/sweep.tsv"
  # DIR with a space, quotes, # and 50%a: sbatch takes its directives (a
  # line of DIR before them made it ignore them), each task's log lands in
  # DIR as slurm-K.out (an undoubled % made 50%a the task's index: no log)
  sq=$w/$'sl 50%a "q" #x\'s'
  "$bin" sweep "$src/scenarios/default.yaml" --vary name=a,b --out "$sq" >"$w/o" 2>"$w/e"
  job=$(sbatch --parsable "$sq/sweep.sbatch" 2>"$w/e")
  t "slurm, a quoted DIR: submitted ($job)" [ -n "$job" ]
  t "slurm, a quoted DIR: the job's directives taken" eval \
    '[ "$(squeue -h -j "${job%%;*}" -o %j 2>/dev/null | sort -u)" = nicshare-sweep ] || [ -e "$sq/slurm-0.out" ]'
  done=no
  for i in $(seq 1 120); do
    [ -z "$(squeue -h -j "${job%%;*}" 2>/dev/null)" ] && { done=yes; break; }
    sleep 1
  done
  t "slurm, a quoted DIR: the array finished" [ "$done" = yes ]
  t "slurm, a quoted DIR: the task logs slurm-0.out and slurm-1.out in DIR" eval \
    '[ "$(cd "$sq" && ls slurm-*.out 2>/dev/null | tr "\n" " ")" = "slurm-0.out slurm-1.out " ]'
  "$bin" sweep --merge "$sq" >"$w/o" 2>"$w/e"; rc=$?
  t "slurm, a quoted DIR: merge exit 0, 2 rows ok (got $rc)" eval \
    '[ "$rc" = 0 ] && [ "$(cut -f3 "$sq/sweep.tsv" | tail -n +2 | tr "\n" " ")" = "ok ok " ]'
  stop_slurm
fi
echo "sweep: $pass passed, $fail failed${slurm/yes/}"
[ "$fail" = 0 ] || exit 1
[ "$slurm" = yes ] || { echo "sweep.sh: Slurm or munge not installed, or not root: the Slurm part was skipped"; exit 77; }
exit 0
