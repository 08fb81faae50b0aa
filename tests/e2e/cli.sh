#!/bin/sh
# cli.sh - the one command-line parser (src/cli.c) and the bash completion
# file (completion/nicshare):
#   - every subcommand's --help lists -h/--help and --version, and
#     --version prints the version;
#   - every option a --help lists is accepted by that subcommand (given
#     before --help, with a value of the kind it names, the exit status is
#     0 and the usage is printed), and an unknown one is refused (exit 2,
#     with a did-you-mean for a near miss);
#   - the completion file completes the subcommands of `nicshare --help`
#     and, for each subcommand, exactly the options its --help lists;
#   - a standard output that cannot be written (/dev/full) is exit 2 with
#     the reason, for every command (src/main.c main_close_stdout).
# Environment (set by `make check`): top_srcdir, NICSHARE.
# Exit: 0 all held, 1 a check failed, 77 skipped (no bash), 99 could not run.
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
NICSHARE=${NICSHARE:-$top_srcdir/nicshare}
comp=$top_srcdir/completion/nicshare
command -v bash >/dev/null 2>&1 || { echo "cli.sh: no bash: skipped"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
checks=0
fail() { echo "cli.sh: FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }

version=$("$NICSHARE" --version) || fail "nicshare --version: exit $?"
case $version in "nicshare "[0-9]*) ok ;; *) fail "nicshare --version printed '$version'" ;; esac
# and its libraries' versions, as pkg-config knows the ones it was built with
if command -v pkg-config >/dev/null; then
	for l in "libpcap version $(pkg-config --modversion libpcap)" "libyaml $(pkg-config --modversion yaml-0.1)" \
	         "jansson $(pkg-config --modversion jansson)" "zlib $(pkg-config --modversion zlib)" \
	         "SimGrid $(pkg-config --modversion simgrid), loaded by a world from libsimgrid.so"; do
		case $version in *"$l"*) ok ;; *) fail "nicshare --version does not say '$l'" ;; esac
	done
fi

# the subcommands nicshare --help lists: lines "  WORD ..." before the options
"$NICSHARE" --help >"$tmp/main" || fail "nicshare --help: exit $?"
cmds=$(sed -n 's/^  \([a-z][a-z]*\) .*/\1/p' "$tmp/main" | sort -u)
[ -n "$cmds" ] || fail "nicshare --help lists no command"
grep -q -- '--version' "$tmp/main" || fail "nicshare --help does not list --version"

# completion: what bash completes for `nicshare WORDS... CUR`
complete_words() {   # complete_words WORD... (the last one is being completed)
	bash -c '. "$1"; shift; COMP_WORDS=(nicshare "$@"); COMP_CWORD=$#;
	         _nicshare; printf "%s\n" "${COMPREPLY[@]}"' sh "$comp" "$@" | sort -u
}
got=$(complete_words "" | grep -v '^-')
[ "$got" = "$cmds" ] && ok || fail "completion of the subcommands: '$(echo $got)', --help: '$(echo $cmds)'"

for c in $cmds; do
	"$NICSHARE" "$c" --help >"$tmp/help" 2>"$tmp/err" || { fail "$c --help: exit $?"; continue; }
	v=$("$NICSHARE" "$c" --version) && [ "$v" = "$version" ] && ok ||
		fail "$c --version printed '$v'"
	# the options: "  --name ARG" or "  -x, --name ARG" at the start of a line
	sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z][a-z0-9-]*\)\( \([A-Z][A-Z_:=]*\)\)\{0,1\}.*/\2 \4/p' \
		"$tmp/help" >"$tmp/opts"
	grep -q '^--help $' "$tmp/opts" || fail "$c --help does not list --help"
	grep -q '^--version $' "$tmp/opts" || fail "$c --help does not list --version"
	while read -r opt arg; do
		case $opt in --help|--version) continue ;; esac   # print and stop: above
		case $arg in
		"") set -- "$opt" ;;
		KEY=VALUE) set -- "$opt" "x=y" ;;
		KEY=V) set -- "$opt" "x=1,2" ;;      # KEY=V1,V2,... (the sed stops at the digit)
		START:END) set -- "$opt" "1ms:2ms" ;;
		N|MS|M|CHANNELS) set -- "$opt" 1 ;;
		FORMAT) set -- "$opt" pcapng ;;
		CLASS) set -- "$opt" rt-rx ;;
		D) set -- "$opt" 1us ;;
		*) set -- "$opt" "$tmp/value" ;;
		esac
		if "$NICSHARE" "$c" "$@" --help >"$tmp/out" 2>"$tmp/err" && cmp -s "$tmp/out" "$tmp/help"; then
			ok
		else
			fail "$c $*: not accepted ($(cat "$tmp/err"))"
		fi
		# and the --name=value form
		if [ -n "$arg" ]; then
			"$NICSHARE" "$c" "$1=$2" --help >/dev/null 2>"$tmp/err" && ok ||
				fail "$c $1=$2: not accepted ($(cat "$tmp/err"))"
		fi
	done <"$tmp/opts"
	"$NICSHARE" "$c" --no-such-option >/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -q "unknown option" "$tmp/err" && ok ||
		fail "$c --no-such-option: exit $rc, $(cat "$tmp/err")"
	# completion names the same options (short ones aside)
	want=$(cut -d' ' -f1 "$tmp/opts" | sort -u)
	got=$(complete_words "$c" "--")
	[ "$got" = "$want" ] && ok || fail "completion of $c: '$(echo $got)', --help: '$(echo $want)'"
	# every command says how it exits (SPEC A4: 2 is bad usage or input)
	sed -n '/^Exit status: 0/,$p' "$tmp/help" | tr '\n' ' ' | grep -q '2 bad usage' && ok ||
		fail "$c --help: no exit statuses"
	# the layout: an option's text starts in column 23, one space or more
	# after its name and value (a name of 22 columns or more stands alone
	# on its line), and every further line of it in column 23 too
	command -v python3 >/dev/null 2>&1 || continue
	python3 - "$tmp/help" <<'PY' && ok || fail "$c --help: an option's text not in column 23"
import re, sys
lines = open(sys.argv[1]).read().split("\n")
first = next(i for i, l in enumerate(lines) if l.startswith("  -"))
bad, alone = [], False
for l in lines[first:]:
    if not l:
        break
    m = re.match(r"(  (?:-\w, )?--[a-z0-9-]+(?: [A-Z][A-Z0-9_:=,.]*)?)( *)(.*)$", l)
    if m and l.startswith("  -"):
        head, gap, text = m.groups()
        if text:
            ok = gap and len(head) + len(gap) == 22
        else:
            ok = len(head) >= 22
        alone = not text
    else:
        ok = re.match(r" {22}\S", l) is not None
        alone = False
    if not ok:
        bad.append(l)
if bad or alone:
    print("\n".join(bad) or "a name alone at the end")
    sys.exit(1)
PY
done
"$NICSHARE" run --outptus all >/dev/null 2>"$tmp/err"
grep -q 'did you mean --outputs' "$tmp/err" && ok || fail "no did-you-mean: $(cat "$tmp/err")"
# the name before '=' is what is compared: --outptus=all is --outptus
"$NICSHARE" run --outptus=all >/dev/null 2>"$tmp/err"
grep -q 'unknown option (did you mean --outputs?): --outptus=all$' "$tmp/err" && ok ||
	fail "--outptus=all: no did-you-mean: $(cat "$tmp/err")"
# an unknown short option among others (-q is known) is named alone
"$NICSHARE" run -qz >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q '^nicshare run: unknown option: -z$' "$tmp/err" && ok ||
	fail "run -qz: exit $rc, $(cat "$tmp/err")"
# an option left without its value is named with the kind of value it
# takes, long (--out DIR) and short (-j N)
"$NICSHARE" run --out >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q '^nicshare run: --out needs a value: DIR$' "$tmp/err" && ok ||
	fail "run --out: exit $rc, $(cat "$tmp/err")"
"$NICSHARE" sweep "$top_srcdir/scenarios/default.yaml" --vary cpu.hz=3GHz --out "$tmp/sw" -j >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q '^nicshare sweep: -j needs a value: N$' "$tmp/err" && [ ! -e "$tmp/sw" ] && ok ||
	fail "sweep ... -j: exit $rc, $(cat "$tmp/err")"
# three edits from --outputs (outp + xyz for uts) is too far for a suggestion
"$NICSHARE" run --outpxyz >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "unknown option: --outpxyz" "$tmp/err" && ! grep -q "did you mean" "$tmp/err" && ok ||
	fail "run --outpxyz: exit $rc, $(cat "$tmp/err")"

# synth --voip: call k's UDP port is 10000 + 2k (src/synth.c); 27768 calls
# reach (65534 - 10000) / 2 = 27767, port 65534; a 27769th call's would be
# 65536, past 16 bits (30000 were taken: calls 27768..29999 went to ports
# 0..4462). Refused at the option, the limit said, nothing written.
"$NICSHARE" synth --voip 27769 --duration-ms 20 --write "$tmp/v.pcap" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -q "^nicshare synth: --voip: '27769' is not a whole number in 1\.\.27768$" "$tmp/err" &&
	[ ! -e "$tmp/v.pcap" ] && ok || fail "synth --voip 27769: exit $rc, $(cat "$tmp/err")"
"$NICSHARE" synth --voip 30000 --duration-ms 20 --write "$tmp/v.pcap" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] && [ ! -e "$tmp/v.pcap" ] && ok || fail "synth --voip 30000: exit $rc, $(cat "$tmp/err")"
"$NICSHARE" synth --help | grep -q "(1 to 27768)" && ok || fail "synth --help does not say 1 to 27768"
# 27768 calls in 20 ms: one RTP frame each (call k at k x 20 ms / 27768), to
# 27768 distinct even ports 10000..65534; every other UDP frame is SIP (5060)
if command -v python3 >/dev/null 2>&1; then
	"$NICSHARE" synth --voip 27768 --duration-ms 20 --write "$tmp/v.pcap" >/dev/null 2>"$tmp/err" &&
	python3 - "$tmp/v.pcap" <<'PY' && ok || fail "synth --voip 27768: the calls' ports ($(cat "$tmp/err"))"
import struct, sys
d = open(sys.argv[1], "rb").read()
off, ports = 24, []
while off < len(d):
    cap = struct.unpack_from("<I", d, off + 8)[0]
    f = d[off + 16:off + 16 + cap]
    off += 16 + cap
    if struct.unpack_from(">H", f, 12)[0] == 0x0800 and f[23] == 17:
        ports.append(struct.unpack_from(">H", f, 14 + (f[14] & 15) * 4 + 2)[0])
rtp = sorted(p for p in ports if p != 5060)
sys.exit(0 if rtp == list(range(10000, 65535, 2)) else 1)
PY
fi

# A path with a single quote in a line meant to be pasted into a shell
# (cli_sh_quote): search's "reproduce:" line names the scenario
# '.../it'\''s/g.yaml' (POSIX sh: a quote cannot stand inside '...', so
# close, an escaped quote, open again). The shell itself reads the line
# back: the run it starts reads that scenario and writes DIR.
q="$tmp/it's"
mkdir -p "$q" && cp "$top_srcdir/scenarios/gp-flood.yaml" "$q/g.yaml" || exit 99
sed -i "s#\.\./traces/#$top_srcdir/traces/#g" "$q/g.yaml"
rep=$("$NICSHARE" search "$q/g.yaml" --class rt-tx --budget 1 2>"$tmp/err" | sed -n 's/^reproduce: //p')
want="nicshare run '$tmp/it'\\''s/g.yaml' --out DIR"
case $rep in "$want "*) ok ;; *) fail "search's reproduce line for a path with a quote: '$rep' ($(cat "$tmp/err"))" ;; esac
# the line as the shell reads it: nicshare named by its path, DIR a folder
line=$(printf '%s\n' "$rep" | sed "s#^nicshare #\"\$NICSHARE\" #; s# --out DIR # --out \"\$tmp/rep\" #")
NICSHARE=$NICSHARE tmp=$tmp sh -c "$line --quiet" >/dev/null 2>"$tmp/err" && [ -s "$tmp/rep/routing.tsv" ] && ok ||
	fail "the reproduce line, run by sh: $line ($(cat "$tmp/err"))"

# The data folder (src/datadir.c, README "Install"): $NICSHARE_DATADIR
# first, an empty one as if unset (the build tree's program then reads the
# source tree); the report's gnuplot templates come from it.
if command -v gnuplot >/dev/null 2>&1; then
	"$NICSHARE" run --trace "$top_srcdir/traces/public/arp-who-has.pcap" --out "$tmp/dd" --quiet || exit 99
	env -u NICSHARE_REPORTS NICSHARE_DATADIR=/nonexistent-ns "$NICSHARE" report "$tmp/dd" --out "$tmp/ddr1" \
		>/dev/null 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -q "^nicshare report: /nonexistent-ns/reports/common.gp: the gnuplot templates of reports/ are missing" "$tmp/err" &&
		ok || fail "NICSHARE_DATADIR=/nonexistent-ns: report exit $rc, $(cat "$tmp/err")"
	env -u NICSHARE_REPORTS NICSHARE_DATADIR= "$NICSHARE" report "$tmp/dd" --out "$tmp/ddr2" >/dev/null 2>"$tmp/err" &&
		[ -s "$tmp/ddr2/report/index.html" ] && ok ||
		fail "an empty NICSHARE_DATADIR: no report ($(cat "$tmp/err"))"
fi

# An option of one value given twice keeps the last, in every command
# (nicshare(1), cli.h): run --out A --out B writes into B alone.
"$NICSHARE" run --trace "$top_srcdir/traces/public/arp-who-has.pcap" --out "$tmp/outA" --out "$tmp/outB" \
	--quiet >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ -s "$tmp/outB/routing.tsv" ] && [ ! -e "$tmp/outA" ] && ok ||
	fail "run --out A --out B: exit $rc, $(ls "$tmp/outA" "$tmp/outB" 2>&1 | head -3) $(cat "$tmp/err")"

# stdout that cannot be written (/dev/full: ENOSPC at the flush) is an
# error for every command: exit 2 and the reason on stderr. It was exit 0,
# and `config` on a full disk left a cut-off YAML that loads as another
# scenario.
"$NICSHARE" run --trace "$top_srcdir/traces/public/arp-who-has.pcap" --out "$tmp/full" --quiet || exit 99
full() {   # full ARGS...: nicshare ARGS with its stdout on /dev/full
	"$NICSHARE" "$@" >/dev/full 2>"$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && grep -q '^nicshare: cannot write to standard output: No space left on device$' "$tmp/err" &&
		ok || fail "$* >/dev/full: exit $rc, $(cat "$tmp/err")"
}
if [ -w /dev/full ]; then
	S=$top_srcdir/scenarios
	full --help
	full config --help
	full config "$S/default.yaml"
	full classify --trace "$top_srcdir/traces/public/arp-who-has.pcap"
	full bound "$S/default.yaml" --json
	full search "$q/g.yaml" --class rt-tx --budget 1
	full diff "$tmp/full" "$tmp/full"
	full check "$S/default.yaml"
fi

# a world key given to a command that takes the file's own computer, not
# its world, would change nothing: refused (n34's note: bound and classify
# exited 0 with world.duration=banana, the key neither applied nor checked)
W=$top_srcdir/scenarios/world-voip.yaml
for c in "bound" "classify" "search --class rt-rx --budget 1" "synth --frames 1 --write $tmp/w.pcap"; do
	set -- $c
	"$NICSHARE" "$@" "$W" --set world.duration=5ms >/dev/null 2>"$tmp/err"; rc=$?
	if [ "$rc" = 2 ] && grep -qx "nicshare $1: --set world.duration=5ms: nicshare $1 takes the file's own computer, not its world: a world key would change nothing here" "$tmp/err" && [ ! -e "$tmp/w.pcap" ]; then
		ok
	else
		fail "$1 with --set world.duration: exit $rc, $(head -c 200 "$tmp/err")"
	fi
done

echo "cli.sh: $checks passed, $fails failed"
[ "$fails" -eq 0 ]
