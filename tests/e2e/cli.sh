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
#     and, for each subcommand, exactly the options its --help lists.
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
done
"$NICSHARE" run --outptus all >/dev/null 2>"$tmp/err"
grep -q 'did you mean --outputs' "$tmp/err" && ok || fail "no did-you-mean: $(cat "$tmp/err")"

echo "cli.sh: $checks passed, $fails failed"
[ "$fails" -eq 0 ]
