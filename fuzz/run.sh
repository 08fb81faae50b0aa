#!/usr/bin/env bash
# fuzz/run.sh - `make fuzz`: build the libFuzzer targets of fuzz/ with
# clang, AddressSanitizer and UndefinedBehaviorSanitizer, seed them, run each
# for a bounded time, and keep every crash as a regression input (issue 7).
#
#   fuzz/run.sh [frame|capin|scenario|sip|world|siptcp|ipfrag]... (default: all seven)
#
# Environment:
#   FUZZ_SECONDS   time per target, default 60 (libFuzzer -max_total_time)
#   FUZZ_TARGETS   the targets when none is named, e.g. "capin scenario"
#   FUZZ_OUT       work folder, default ./fuzz-out: binaries, the growing
#                  corpora (kept between runs), artifacts, logs
#   FUZZ_CC        compiler, default clang (needs libclang-rt-*-dev)
#   FUZZ_FLAGS     more libFuzzer flags, e.g. "-seed=1 -runs=100000"
#
# Per target: the regression inputs fuzz/regress/NAME/* are replayed first;
# then the fuzzer runs in fork mode with one worker (-fork=1: one core at a
# time, like -jobs=1 -workers=1, but it carries on after a crash) over its
# corpus, seeded from the captures in traces/ (capin, frame: their frames),
# scenarios/ and tests/scen-good, tests/scen-bad (scenario),
# scenarios/world-* and tests/world (world), fuzz/seed-min/NAME and
# hand-made inputs (fuzz/mkseeds.c); the corpus is merged down afterwards.
# Each crash, leak, timeout or out-of-memory input is copied to
# fuzz/regress/NAME/ under its SHA-1, where `make check` replays it
# (tests/e2e/fuzz-regress.sh).
# Exit status: 0 when nothing failed, 1 when a regression input still fails
# or a new one was found, 2 when the targets cannot be built.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${FUZZ_SECONDS:-60}
out=${FUZZ_OUT:-$PWD/fuzz-out}
cc=${FUZZ_CC:-clang}
extra=${FUZZ_FLAGS:-}
case "$secs" in ''|*[!0-9]*) echo "fuzz/run.sh: FUZZ_SECONDS must be a number of seconds" >&2; exit 2 ;; esac

all="frame capin scenario sip world siptcp ipfrag"
targets=${*:-${FUZZ_TARGETS:-$all}}
for t in $targets; do
  case " $all " in *" $t "*) ;; *) echo "fuzz/run.sh: unknown target '$t' (targets: $all)" >&2; exit 2 ;; esac
done
command -v "$cc" >/dev/null || { echo "fuzz/run.sh: $cc not found: apt-get install clang libclang-rt-14-dev" >&2; exit 2; }

mkdir -p "$out/bin" "$out/tmp"
out=$(cd "$out" && pwd)
export TMPDIR=$out/tmp         # fuzz_capin/fuzz_scenario/fuzz_world scratch; emptied at the end
trap 'rm -rf "$out/tmp"' EXIT

pc_cflags=$(pkg-config --cflags libpcap yaml-0.1 libosip2 2>/dev/null)
pc_libs=$(pkg-config --libs libpcap yaml-0.1 libosip2 2>/dev/null) || pc_libs="-lpcap -lyaml -losipparser2"
read -r -a pcc <<<"$pc_cflags"
read -r -a pcl <<<"$pc_libs"
# config.h (src/datadir.c includes it): the build folder `make fuzz` runs in,
# else an in-tree or ./quickstart build
cfgdir=""
for d in "$PWD" "$top" "$top/build"; do
  [ -f "$d/config.h" ] && { cfgdir=$d; break; }
done
[ -n "$cfgdir" ] || { echo "fuzz/run.sh: no config.h: run it from a configured build folder (make fuzz)" >&2; exit 2; }
common=(-std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
        -g -O1 -fno-omit-frame-pointer "-I$top" "-I$cfgdir" "-DNS_SRCDIR=\"$top\"" "${pcc[@]}")
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
model=("$top"/model/*.c)

# sources of each target besides the model; the scenario loader's are
# shared with the dictionary's maker (mkdict) so that the two cannot drift
scen_srcs="$top/src/scenario.c $top/src/units.c $top/src/paths.c $top/src/datadir.c $top/src/callgen.c"
srcs() {
  case "$1" in
    frame) echo "$top/fuzz/fuzz_frame.c" ;;
    capin) echo "$top/fuzz/fuzz_capin.c $top/src/capin.c" ;;
    scenario) echo "$top/fuzz/fuzz_scenario.c $scen_srcs" ;;
    sip) echo "$top/fuzz/fuzz_sip.c $top/src/sip.c $top/src/calls.c $top/src/units.c" ;;
    siptcp) echo "$top/fuzz/fuzz_siptcp.c $top/src/siptcp.c $top/src/sip.c $top/src/units.c" ;;
    ipfrag) echo "$top/fuzz/fuzz_ipfrag.c $top/src/ipfrag.c" ;;
    world) echo "$top/fuzz/fuzz_world.c $top/src/worldcfg.c $scen_srcs" ;;
  esac
}

build() { # NAME OUTPUT EXTRA-FLAGS SOURCES...
  local name=$1 o=$2 fl=$3; shift 3
  # shellcheck disable=SC2086
  if ! "$cc" "${common[@]}" $fl "$@" "${model[@]}" "${pcl[@]}" -lm -o "$o" 2>"$out/bin/$name.build.log"; then
    echo "fuzz/run.sh: cannot build $name:" >&2
    sed 's/^/  /' "$out/bin/$name.build.log" | head -30 >&2
    return 1
  fi
  if [ -s "$out/bin/$name.build.log" ]; then
    echo "fuzz/run.sh: warnings building $name (see $out/bin/$name.build.log):" >&2
    head -10 "$out/bin/$name.build.log" | sed 's/^/  /' >&2
  fi
}

# ---- seeds ----------------------------------------------------------------
seeds=$out/seeds
rm -rf "$seeds"
mkdir -p "$seeds/frame" "$seeds/capin" "$seeds/scenario" "$seeds/sip" "$seeds/world" "$seeds/siptcp" \
         "$seeds/ipfrag"
command -v python3 >/dev/null && python3 "$top/tests/mkcall.py" "$seeds/sip.pcap" --seeds "$seeds/sip" && rm -f "$seeds/sip.pcap"
build mkseeds "$out/bin/mkseeds" "" "$top/fuzz/mkseeds.c" "$top/src/capin.c" || exit 2
captures=$(find "$top/traces" "$top/tests/data" -type f \( -name '*.pcap' -o -name '*.pcapng' \) 2>/dev/null | LC_ALL=C sort)
"$out/bin/mkseeds" frames "$seeds/frame" >/dev/null || exit 2
"$out/bin/mkseeds" captures "$seeds/capin" >/dev/null || exit 2
# shellcheck disable=SC2086
[ -z "$captures" ] || "$out/bin/mkseeds" extract "$seeds/frame" $captures >/dev/null || exit 2
for f in $captures; do  # whole captures, small ones only (libFuzzer cuts at -max_len)
  [ "$(stat -c %s "$f")" -le 262144 ] && cp "$f" "$seeds/capin/"
done
for f in "$top"/scenarios/*.yaml "$top"/scenarios/profiles/*.yaml "$top"/tests/scen-good/*.yaml \
         "$top"/tests/scen-bad/*.yaml; do
  [ -f "$f" ] && cp "$f" "$seeds/scenario/$(basename "$(dirname "$f")")-$(basename "$f")"
done
for f in "$top"/scenarios/world-*.yaml "$top"/tests/world/*.yaml; do
  [ -f "$f" ] && cp "$f" "$seeds/world/$(basename "$(dirname "$f")")-$(basename "$f")"
done
# a dictionary of scenario keys and value words
dict=$out/scenario.dict
{
  # without it the scenario and world targets would fuzz without their
  # keys: a build that fails is an error, as the targets' own are
  # shellcheck disable=SC2086
  build mkdict "$out/bin/mkdict" "" "$top/fuzz/mkdict.c" $scen_srcs || exit 2
  "$out/bin/mkdict" || { echo "fuzz/run.sh: mkdict failed" >&2; exit 2; }
  for w in ms us ns ps s cycles cycles/B ns/B ps/B Hz kHz MHz GHz bit/s kbit/s Mbit/s Gbit/s \
           B/s MB/s KiB MiB bytes slots true false yes no on off null '~' '0x' '-' '- ' ', ' \
           '[' ']' '{' '}' '"' "'" '&a' '*a' '!!str' '---' '...' '#' ': ' '\n  ' g711 g729 udp \
           tcp rt gp both drop priority tdma tdma-preempt rt-rx gp-rx rt-tx gp-tx rt-rtt p50 p99 \
           p99.9 max current p4-2003 '02:00:00:00:00:01' '10.0.0.1' 'fe80::1' '5004-5099' \
           'ff:ff:ff:ff:ff:ff' '18446744073709551615' '4294967296' '1e9' '0.000000000001' ; do
    printf '"%s"\n' "$(printf '%s' "$w" | sed 's/\\/\\\\/g; s/"/\\"/g')"
  done
} > "$dict"
# the world's: the scenario's, and the world's keys and words (worldcfg.c)
wdict=$out/world.dict
{
  cat "$dict"
  for w in world hosts links routes timeline duration network simgrid exact scenario self set \
           ip mac app to port dport ptime payload channels stagger start rate frame_size echo \
           sink rtp bulk billing callfar bandwidth latency loss queue between at up \
           'world.hosts.' 'world.links.' 'world.routes=' 'world.timeline=' 'world.duration=' \
           'world.network=' '{between: [a, b], links: [l]}' '{bandwidth: 1Gbit/s, latency: 1ms}' \
           '{scenario: self}' '{ip: 10.0.0.2, app: sink}' 'host.ipv4=' 'calls.far.remote' \
           '../scen-good/' '../scen-bad/' '../../scenarios/default.yaml' '1%' '0.5' '100%'; do
    printf '"%s"\n' "$(printf '%s' "$w" | sed 's/\\/\\\\/g; s/"/\\"/g')"
  done
} > "$wdict"

# ---- run --------------------------------------------------------------------
status=0
summary=""
for t in $targets; do
  bin=$out/bin/fuzz_$t
  corpus=$out/corpus/$t
  art=$out/artifacts/$t
  regress=$top/fuzz/regress/$t
  mkdir -p "$corpus" "$art"
  echo "== fuzz_$t: building"
  # shellcheck disable=SC2046
  if ! build "fuzz_$t" "$bin" "-fsanitize=fuzzer $san" $(srcs "$t"); then
    status=2; summary="$summary\n  $t: does not build"; continue
  fi
  opts=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
  case "$t" in
    capin) opts+=(-max_len=65536) ;;
    frame) opts+=(-max_len=9100) ;;
    scenario) opts+=(-max_len=8192 "-dict=$dict") ;;
    sip) opts+=(-max_len=4096) ;;
    siptcp) opts+=(-max_len=8192) ;;
    ipfrag) opts+=(-max_len=4096) ;;
    world) opts+=(-max_len=8192 "-dict=$wdict") ;;
  esac

  # 1. the regression inputs must pass
  nreg=$(find "$regress" -maxdepth 1 -type f ! -name 'README*' 2>/dev/null | wc -l)
  if [ "$nreg" -gt 0 ]; then
    echo "== fuzz_$t: replaying $nreg regression inputs"
    failed=0
    while IFS= read -r f; do
      if ! (cd "$art" && "$bin" "${opts[@]}" "$f" >"$out/$t.regress.log" 2>&1); then
        echo "   STILL FAILS: ${f#"$top"/} (log: $out/$t.regress.log)"
        failed=$((failed + 1))
      fi
    done < <(find "$regress" -maxdepth 1 -type f ! -name 'README*' | LC_ALL=C sort)
    [ "$failed" = 0 ] || { status=1; summary="$summary\n  $t: $failed regression inputs still fail"; }
  fi

  # 2. fuzz
  seeddirs=("$seeds/$t")
  [ -d "$top/fuzz/seed-min/$t" ] && seeddirs+=("$top/fuzz/seed-min/$t")
  echo "== fuzz_$t: fuzzing for ${secs}s (corpus $corpus)"
  before=$(find "$art" -maxdepth 1 -type f | wc -l)
  # shellcheck disable=SC2086
  (cd "$art" && "$bin" "${opts[@]}" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
      -max_total_time="$secs" -artifact_prefix="$art/" $extra "$corpus" "${seeddirs[@]}") \
      >"$out/$t.log" 2>&1
  rc=$?
  grep -aE '^#[0-9]+: cov' "$out/$t.log" | tail -1 | sed 's/^/   /'

  # 3. keep what failed: one input per failure (the first line saying what
  #    failed: a failed check, a sanitizer summary), the smallest
  new=0
  declare -A keep=()
  while IFS= read -r a; do
    sig=$( (cd "$art" && "$bin" "${opts[@]}" "$a" 2>&1) | grep -a -m1 -E 'fuzz check failed|^SUMMARY: |ERROR: libFuzzer: (timeout|out-of-memory)' \
          | sed 's/0x[0-9a-f]*//g; s/==[0-9]*==//g')
    kind=${a##*/}; kind=${kind%%-*}
    sig=${sig:-$kind}
    if [ -z "${keep[$sig]:-}" ]; then
      keep[$sig]=1
      name=$kind-$(sha1sum "$a" | cut -c1-40)
      if [ ! -f "$regress/$name" ]; then
        mkdir -p "$regress"
        cp "$a" "$regress/$name"
        echo "   NEW $kind: fuzz/regress/$t/$name"
        echo "       $sig"
        new=$((new + 1))
      fi
    fi
    rm -f "$a"
  done < <(find "$art" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
             -o -name 'oom-*' \) -printf '%s %p\n' | sort -n -k1,1 -k2 | cut -d' ' -f2-)
  unset keep
  if [ "$new" -gt 0 ]; then
    status=1; summary="$summary\n  $t: $new new failing inputs in fuzz/regress/$t/ (log: $out/$t.log)"
  elif [ "$rc" != 0 ] && [ "$before" = 0 ]; then
    status=1; summary="$summary\n  $t: libFuzzer exited $rc (log: $out/$t.log)"
  fi

  # 4. merge the corpus down to what adds coverage
  rm -rf "$corpus.min"; mkdir -p "$corpus.min"
  if (cd "$art" && "$bin" "${opts[@]}" -merge=1 "$corpus.min" "$corpus" >"$out/$t.merge.log" 2>&1); then
    rm -rf "$corpus"; mv "$corpus.min" "$corpus"
  else
    rm -rf "$corpus.min"
  fi
  echo "   corpus: $(find "$corpus" -maxdepth 1 -type f | wc -l) inputs"
done

echo
if [ "$status" = 0 ]; then
  echo "fuzz: no failure ($targets, ${secs}s each)"
else
  printf "fuzz: FAILED%b\n" "$summary"
fi
exit "$status"
