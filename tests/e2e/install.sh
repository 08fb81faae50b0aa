#!/bin/sh
# install.sh - end-to-end test of `make install` (issue 11 item 4).
#
# Copies the source tree to a temporary folder, configures it with
# --prefix=T/prefix, builds and runs `make install DESTDIR=T/stage`, and checks
# that DESTDIR was honoured (nothing written under the real prefix, every
# expected file under the staged one). The staged tree is then moved to the
# prefix and the copied source tree, its build and the stage are deleted, so
# the installed nicshare cannot fall back to any of them. Then:
#   - the installed nicshare runs the installed scenarios/voip-gateway.yaml with
#     --report; its routing, latency, dispatch and event tables, captures and
#     verify.txt are byte-identical to those of the build tree's nicshare on
#     the source tree's scenario, and the report holds its figures;
#   - `nicshare config` of the installed scenario names the installed capture;
#   - a C program built with `pkg-config --cflags --libs nicshare-model`,
#     against the shared and then the static library, parses two hand-written
#     Ethernet/IPv4/UDP frames and classifies them with RT owning UDP port
#     5004: to port 5004 must be rt/rt-port (SPEC C1), to port 5005 gp/default
#     (SPEC C3); the headers come from include/nicshare/ only; the same
#     program built as C++ (when a C++ compiler is there) gives the same;
#     every header compiles alone as C99 and as C++11, -pedantic -Werror;
#   - the installed man pages are there;
#   - nothing is installed outside the prefix (the bash completion under
#     PREFIX/share/bash-completion/completions), and no completion at all
#     with --without-bashcompdir.
#
# Environment (set by `make check`): top_srcdir, top_builddir, NICSHARE.
# Exit: 0 all held, 1 a check failed, 77 skipped (no cc or pkg-config),
# 99 the test could not run.
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir/build}
NICSHARE=${NICSHARE:-$top_builddir/nicshare}
CC=${CC:-cc}
CXX=${CXX:-c++}
command -v pkg-config >/dev/null 2>&1 || { echo "install.sh: SKIP: no pkg-config"; exit 77; }
command -v "$CC" >/dev/null 2>&1 || { echo "install.sh: SKIP: no C compiler"; exit 77; }

T=$(mktemp -d "${TMPDIR:-/tmp}/ns-install.XXXXXX") || exit 99
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

P=$T/prefix
# the copy: sources only (no build folder, no configured state of an in-tree build)
mkdir "$T/src" "$T/build" || exit 99
(cd "$top_srcdir" && tar -cf - --exclude=./build --exclude=./build-asan --exclude=./.git --exclude=autom4te.cache \
	--exclude=./config.status --exclude=./config.log --exclude=./config.h --exclude=./Makefile \
	--exclude=./libtool --exclude=./stamp-h1 --exclude='*.o' --exclude='*.lo' --exclude=.deps \
	--exclude=.libs --exclude='./nicshare' --exclude='./*-out' --exclude='./_build' \
	--exclude='./nicshare-[0-9]*' --exclude='./nicshare-model.pc' .) |
	(cd "$T/src" && tar -xf -) || exit 99
chmod -R u+w "$T/src"
(cd "$T/build" && "$T/src/configure" -q --prefix="$P" >"$T/configure.log" 2>&1) ||
	{ cat "$T/configure.log"; echo "install.sh: configure of the copy failed"; exit 99; }
make -s -C "$T/build" -j2 install DESTDIR="$T/stage" >"$T/make.log" 2>&1 ||
	{ tail -30 "$T/make.log"; echo "install.sh: make install failed"; exit 99; }

[ -e "$P" ] && fail "make install DESTDIR=... wrote under the prefix $P itself"
S=$T/stage$P
for f in bin/nicshare lib/pkgconfig/nicshare-model.pc include/nicshare/classify.h \
	include/nicshare/frame.h include/nicshare/ports.h include/nicshare/verdict.h \
	share/nicshare/scenarios/voip-gateway.yaml share/nicshare/scenarios/profiles/current.yaml \
	share/nicshare/reports/common.gp share/nicshare/traces/synth/voip-64ch.pcap \
	share/man/man1/nicshare.1 share/man/man5/nicshare-scenario.5 \
	share/bash-completion/completions/nicshare; do
	[ -f "$S/$f" ] || fail "not installed: $f"
done
# nothing outside the prefix: a user's --prefix=$HOME/opt needs no other
# folder (bash-completion.pc names /usr/share whatever the prefix)
outside=$(cd "$T/stage" && find . ! -type d | sed 's|^\.||' | grep -v "^$P/")
[ -z "$outside" ] || fail "installed outside the prefix $P: $outside"
ls "$S"/lib/libnicshare-model.so* >/dev/null 2>&1 || fail "no shared libnicshare-model"
[ -f "$S/lib/libnicshare-model.a" ] || fail "no static libnicshare-model"
# every scenario of the library names a capture that is installed too
for y in "$S"/share/nicshare/scenarios/*.yaml; do
	f=$(sed -n 's/^  file: *//p' "$y")
	[ -z "$f" ] || [ -f "$(dirname "$y")/$f" ] || fail "$(basename "$y"): capture $f not installed"
done

# --without-bashcompdir: no completion installed (not a folder named "no")
mkdir "$T/build2" || exit 99
(cd "$T/build2" && "$T/src/configure" -q --prefix="$P" --without-bashcompdir >"$T/configure2.log" 2>&1) ||
	{ cat "$T/configure2.log"; echo "install.sh: configure --without-bashcompdir failed"; exit 99; }
(cd "$T/build2" && make -s install-dist_bashcompDATA DESTDIR="$T/stage2" >"$T/make2.log" 2>&1) ||
	{ cat "$T/make2.log"; fail "--without-bashcompdir: installing the completion failed"; }
left=$(cd "$T" && find stage2* build2/no ! -type d 2>/dev/null)
[ -z "$left" ] || fail "--without-bashcompdir installed a completion: $left"
rm -rf "$T/build2" "$T"/stage2*

mv "$T/stage$P" "$P" || exit 99
rm -rf "$T/stage" "$T/src" "$T/build"
[ -e "$T/src" ] && exit 99

# the installed program, from another folder, trees gone
cd "$T" || exit 99
"$P/bin/nicshare" run "$P/share/nicshare/scenarios/voip-gateway.yaml" --out "$T/inst" --report \
	>"$T/inst.log" 2>&1
rc=$?
[ $rc -eq 0 ] || { cat "$T/inst.log"; fail "installed voip-gateway --report: exit $rc"; }
"$NICSHARE" run "$top_srcdir/scenarios/voip-gateway.yaml" --out "$T/tree" >"$T/tree.log" 2>&1 ||
	{ cat "$T/tree.log"; exit 99; }
for f in routing.tsv latency.tsv dispatch.tsv events.tsv rt-rx.pcap gp-rx.pcap wire-tx.pcap \
	verify.txt; do
	[ -f "$T/tree/$f" ] || continue
	if [ $f = verify.txt ]; then   # it names the scenario file: compare without the path
		sed 's/([^()]*\.yaml:/(/' "$T/tree/$f" >"$T/v1"; sed 's/([^()]*\.yaml:/(/' "$T/inst/$f" >"$T/v2"
		cmp -s "$T/v1" "$T/v2" || fail "installed run: verify.txt differs from the build tree's"
		continue
	fi
	cmp -s "$T/tree/$f" "$T/inst/$f" || fail "installed run: $f differs from the build tree's"
done
[ -s "$T/tree/routing.tsv" ] || fail "build-tree run wrote no routing.tsv"
[ -s "$T/inst/report/index.html" ] || fail "installed run: no report/index.html"
ls "$T"/inst/report/cdf-*.svg >/dev/null 2>&1 || fail "installed run: no CDF figure"
# the library's goldens are installed beside its scenarios: check passes
# on an installed scenario (it said there was no golden and offered to
# bless one into the installed data)
"$P/bin/nicshare" check "$P/share/nicshare/scenarios/gp-flood.yaml" >"$T/check.log" 2>&1 ||
	{ cat "$T/check.log"; fail "installed check gp-flood: exit $?"; }
grep -q "^nicshare check: same as the golden$" "$T/check.log" &&
	grep -q "against $P/share/nicshare/traces/golden/gp-flood$" "$T/check.log" ||
	{ cat "$T/check.log"; fail "installed check gp-flood: not against the installed golden"; }
"$P/bin/nicshare" config "$P/share/nicshare/scenarios/voip-gateway.yaml" >"$T/conf.yaml" 2>&1 ||
	fail "installed config: exit $?"
grep -q "$P/share/nicshare/traces/synth/voip-64ch.pcap\|\.\./traces/synth/voip-64ch.pcap" \
	"$T/conf.yaml" || fail "installed config does not name the installed capture"

# a program linked with pkg-config against the installed model
cat >"$T/ten.c" <<'CEOF'
#include <classify.h>
#include <stdio.h>
static const unsigned char f[] = {2,0,0,0,0,1, 2,0,0,0,0,2, 0x08,0x00, 0x45,0,0,30, 0,1,0,0, 64,17,0,0,
	192,168,0,2, 192,168,0,1, 0x0f,0xa0, 0x13,0x8c, 0,10, 0,0, 'h','i'};
int main(void) { unsigned char g[sizeof f]; struct frame_info fi; struct ports *p = ports_create(); uint16_t rt = 5004, bad;
	if (ports_boot(p, &rt, 1, &bad) || frame_parse(f, sizeof f, sizeof f, &fi) != FRAME_OK) return 3;
	struct classify_result a = classify_frame(&fi, p); for (size_t i = 0; i < sizeof f; i++) g[i] = f[i]; g[37] = 0x8d;
	if (frame_parse(g, sizeof g, sizeof g, &fi) != FRAME_OK) return 3; struct classify_result b = classify_frame(&fi, p);
	printf("%s %s %u / %s %s\n", verdict_decision_name(a.decision), verdict_reason_name(a.reason), a.port,
	       verdict_decision_name(b.decision), verdict_reason_name(b.reason)); ports_destroy(p); return 0; }
CEOF
PKG_CONFIG_PATH=$P/lib/pkgconfig
export PKG_CONFIG_PATH
cflags=$(pkg-config --cflags nicshare-model) && libs=$(pkg-config --libs nicshare-model) ||
	fail "pkg-config nicshare-model"
# shellcheck disable=SC2086
if $CC -o "$T/ten" "$T/ten.c" $cflags $libs -Wl,-rpath,"$P/lib" 2>"$T/cc.log"; then
	out=$("$T/ten")
	[ "$out" = "rt rt-port 5004 / gp default" ] || fail "shared: classified as '$out'"
else
	cat "$T/cc.log"; fail "the ten-line program does not build against the shared library"
fi
# shellcheck disable=SC2086
if $CC -o "$T/ten-static" "$T/ten.c" $cflags "$P/lib/libnicshare-model.a" 2>"$T/cc.log"; then
	out=$("$T/ten-static")
	[ "$out" = "rt rt-port 5004 / gp default" ] || fail "static: classified as '$out'"
else
	cat "$T/cc.log"; fail "the ten-line program does not build against the static library"
fi
# the same program as C++ (a testbench of ns-3, OMNeT++ or gem5 is C++):
# the headers give C linkage, else the link fails on ports_create() etc.
if command -v "$CXX" >/dev/null 2>&1; then
	cp "$T/ten.c" "$T/ten.cc" || exit 99
	# shellcheck disable=SC2086
	if $CXX -o "$T/ten-cxx" "$T/ten.cc" $cflags $libs -Wl,-rpath,"$P/lib" 2>"$T/cc.log"; then
		out=$("$T/ten-cxx")
		[ "$out" = "rt rt-port 5004 / gp default" ] || fail "C++: classified as '$out'"
	else
		cat "$T/cc.log"; fail "the ten-line program does not build as C++ against the shared library"
	fi
else
	echo "install.sh: no C++ compiler ($CXX): the C++ checks are skipped"
fi
# each installed header compiles on its own (self-contained), in ISO C99 and
# ISO C++11 with their pedantic warnings as errors
for h in "$P"/include/nicshare/*.h; do
	printf '#include <%s>\n' "$(basename "$h")" >"$T/h.c"
	# shellcheck disable=SC2086
	$CC -c -o "$T/h.o" "$T/h.c" $cflags -std=c99 -Wall -Wextra -pedantic -Werror 2>"$T/cc.log" ||
		{ cat "$T/cc.log"; fail "installed header $(basename "$h") is not self-contained"; }
	command -v "$CXX" >/dev/null 2>&1 || continue
	cp "$T/h.c" "$T/h.cc" || exit 99
	# shellcheck disable=SC2086
	$CXX -c -o "$T/h.o" "$T/h.cc" $cflags -std=c++11 -Wall -Wextra -pedantic -Werror 2>"$T/cc.log" ||
		{ cat "$T/cc.log"; fail "installed header $(basename "$h") does not compile as C++"; }
done
# each installed header beside the system's networking headers, before
# and after them: no name of ours is a macro of theirs (review n54: glibc's
# <netinet/if_ether.h> defines arp_op, the name frame_info's ARP operation
# had); the ARP operation read back from a built reply (2)
for first in sys ours; do
	{
		[ $first = ours ] && for h in "$P"/include/nicshare/*.h; do printf '#include <%s>\n' "$(basename "$h")"; done
		printf '#include <%s>\n' netinet/ether.h netinet/if_ether.h net/if_arp.h netinet/in.h \
			netinet/ip.h netinet/udp.h netinet/tcp.h arpa/inet.h net/ethernet.h
		[ $first = sys ] && for h in "$P"/include/nicshare/*.h; do printf '#include <%s>\n' "$(basename "$h")"; done
		cat <<'C'
#include <stdio.h>
int main(void)
{
	uint8_t d[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, s[6] = {2, 0, 0, 0, 0, 2}, b[64];
	size_t n = frame_build_arp(b, sizeof b, d, s, FRAME_ARP_REPLY, s, 0x0a000002, d, 0x0a000001);
	struct frame_info fi;
	frame_parse(b, (uint32_t)n, (uint32_t)n, &fi);
	printf("%u\n", fi.arp_oper);
	return 0;
}
C
	} >"$T/net-$first.c"
	# shellcheck disable=SC2086
	if $CC -o "$T/net-$first" "$T/net-$first.c" $cflags $libs -Wl,-rpath,"$P/lib" 2>"$T/cc.log"; then
		out=$("$T/net-$first")
		[ "$out" = 2 ] || fail "beside the system's networking headers ($first first): ARP operation '$out'"
	else
		cat "$T/cc.log"; fail "the headers do not build beside the system's networking headers ($first first)"
	fi
done

[ $fails -eq 0 ] || { echo "install.sh: $fails check(s) failed"; exit 1; }
echo "install.sh: all held"
exit 0
