#!/usr/bin/env bash
# Every scenario of the library runs as is, passes its own verify section
# (exit 0), and gives byte-identical outputs when run twice (SPEC T2).
# Also: `nicshare config` output loads back to the same run, a world's too.
set -u
top=${top_srcdir:?}
bin=${NICSHARE:?}
w=$(mktemp -d /tmp/nicshare-scen-XXXXXX)
trap 'rm -rf "$w"' EXIT
pass=0 fail=0
for s in "$top"/scenarios/*.yaml; do
  name=$(basename "$s" .yaml)
  case "$name" in world-*) continue ;; esac   # worlds: tests/e2e/world.sh
  a=$w/$name-a b=$w/$name-b
  "$bin" run "$s" --out "$a" --quiet 2>"$w/err"
  rc=$?
  if [ "$rc" != 0 ]; then
    echo "FAIL $name: exit $rc (expected 0)"; sed 's/^/  /' "$w/err" | head -10
    fail=$((fail + 1)); continue
  fi
  "$bin" run "$s" --out "$b" --quiet 2>/dev/null
  bad=""
  for f in "$a"/*; do
    n=$(basename "$f")
    case "$n" in summary.json)
      # identical except the wall-clock object
      cmp -s <(grep -v '"wall"' "$f") <(grep -v '"wall"' "$b/$n") || bad="$bad $n" ;;
    report) ;;
    *) cmp -s "$f" "$b/$n" || bad="$bad $n" ;;
    esac
  done
  # D1: the dispatch record covers the run without gap or overlap, and
  # every world switch lasts exactly cost.world_switch. With two processors
  # (dispatcher.policy split) that is RT's processor's record (rt, idle);
  # GP's processor's busy lines (gp) overlap it and must not overlap one
  # another.
  ws=$(sed -n 's/^  world_switch: \([0-9]*\)cycles.*/\1/p' "$a/config.yaml")
  two=0
  grep -q "^  policy: split" "$a/config.yaml" && two=1
  awk -F'\t' -v ws="$ws" -v two="$two" 'NR == 1 { next }
    two && $3 == "gp" { if (gseen && $1 < gprev) { print "gp overlap at " $1; bad = 1 }
                          gprev = $2; gseen = 1; next }
    seen && $1 != prev { print "gap or overlap at " $1; bad = 1 }
    $3 == "switch" && $2 - $1 != ws { print "switch of " $2 - $1 " cycles at " $1; bad = 1 }
    { prev = $2; seen = 1 } END { exit bad }' "$a/dispatch.tsv" > "$w/disp" || bad="$bad dispatch.tsv($(head -1 "$w/disp"))"
  # config.yaml loads back to an identical run
  c=$w/$name-c
  if ! (cd "$top/scenarios" && "$bin" run "$a/config.yaml" --out "$c" --quiet 2>"$w/err"); then
    bad="$bad config.yaml-does-not-run"; sed 's/^/  /' "$w/err" | head -5
  else
    for n in routing.tsv events.tsv latency.tsv dispatch.tsv wire-tx.pcap rt-rx.pcap gp-rx.pcap; do
      cmp -s "$a/$n" "$c/$n" || bad="$bad $n(config-reload)"
    done
  fi
  if [ -n "$bad" ]; then
    echo "FAIL $name: differs between runs:$bad"; fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done
# A world's `nicshare config` (its computer, then its world section with
# every value in effect and --set applied) loads back, from another folder,
# to the same world: every file the same but the wall-clock lines.
for s in world-voip world-split world-calls; do
  set=(--set world.links.wan.latency=7ms)
  [ "$s" = world-calls ] && set+=(--set calls.generator.count=5 --set world.duration=2s)
  a=$w/$s-a b=$w/$s-b
  bad=""
  "$bin" config "$top/scenarios/$s.yaml" "${set[@]}" >"$w/$s.yaml" 2>"$w/err" || bad="$bad config-exit"
  grep -q "^world:" "$w/$s.yaml" || bad="$bad no-world-section"
  grep -q "^    wan: {bandwidth: .*, latency: 7ms," "$w/$s.yaml" || bad="$bad wan-latency-not-7ms"
  "$bin" run "$top/scenarios/$s.yaml" "${set[@]}" --out "$a" --quiet 2>/dev/null || bad="$bad run-exit"
  (cd "$w" && "$bin" run "$s.yaml" --out "$b" --quiet 2>"$w/err") || bad="$bad reload-exit"
  for f in $(cd "$a" && find . -type f ! -name config.yaml ! -name .nicshare | sort); do
    cmp -s <(grep -av '"wall' "$a/$f") <(grep -av '"wall' "$b/$f") || bad="$bad $f"
  done
  if [ -n "$bad" ]; then
    echo "FAIL $s: config does not load back to the same world:$bad"; sed 's/^/  /' "$w/err" | head -5
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done
# doc/scenario.md's annotated example runs as printed (its capture path is
# relative to a scenarios/ folder beside traces/, so it is copied into one)
# and passes its own verify section: 3 checks, each held, none vacuous.
mkdir -p "$w/doc/scenarios" && ln -s "$top/traces" "$w/doc/traces"
awk '/^## An annotated example/ { f = 1 } f && /^```yaml/ { p = 1; next }
     p && /^```/ { exit } p' "$top/doc/scenario.md" > "$w/doc/scenarios/example.yaml"
if "$bin" run "$w/doc/scenarios/example.yaml" --out "$w/doc/out" --quiet 2>"$w/err" &&
   grep -q "^verify: 3 checks, 0 broken" "$w/doc/out/verify.txt" &&
   ! grep -q "checked nothing" "$w/doc/out/verify.txt"; then
  pass=$((pass + 1))
else
  echo "FAIL doc/scenario.md's annotated example:"; sed 's/^/  /' "$w/err" "$w/doc/out/verify.txt" 2>/dev/null | head -12
  fail=$((fail + 1))
fi
echo "scenarios: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
