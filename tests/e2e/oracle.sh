#!/bin/sh
# oracle.sh - differential test of the classifier against tshark.
#
# Every Ethernet (and Linux cooked) frame of the captures in
# $top_srcdir/traces/public/ (the corrupt-* files excepted) and of the edge
# cases written by tests/oracle/mkedge.py is routed twice:
#   - by `$NICSHARE classify` (model/frame.c, classify.c, nic.c, src/capin.c),
#   - by tests/oracle/oracle.py, which derives the same decision from tshark's
#     dissection of the frame under SPEC N0-N1b and C1-C4,
# for two RT port sets (the default 5004-5099, and one that the captures'
# UDP traffic really hits) with the NIC promiscuous and not, and once with
# multicast off and a 9000-byte MTU. The two routing.tsv must be identical.
# Before that, the oracle itself is checked against the outcome written by
# hand next to each edge case. Last, the routing files tests/TESTLIST
# compares with (tests/expected/) are checked to be the oracle's decisions
# for their capture and settings.
#
# Environment (set by `make check`): top_srcdir, NICSHARE, TSHARK.
# Exit: 0 all agree, 1 a disagreement (the first differing lines are shown),
# 77 skipped (no tshark or no python3), 99 the test could not run.
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
NICSHARE=${NICSHARE:-$top_srcdir/nicshare}
TSHARK=${TSHARK:-tshark}
ORACLE="$top_srcdir/tests/oracle/oracle.py"
MKEDGE="$top_srcdir/tests/oracle/mkedge.py"

# The scenario keys nicshare classify takes (doc/scenario.md).
K_MAC=host.mac
K_PORTS=rt.udp_ports
K_PROMISC=nic.promiscuous
K_MCAST=nic.multicast
K_MTU=nic.mtu

# RT port sets. SET2 is chosen from the captures' UDP destinations so that
# some of each hit RT and some do not: DNS 53 (IPv4 and IPv6, incl. a
# fragmented IPv6 reply to 51850), NTP 123, QUIC 443, NFS 2049 (IPv4 first
# fragments and jumbo frames), RTP to 5084 but not 5094 and SIP 5080/5082
# not (voip), SAP 9875, BACnet 47808 (QinQ).
SET1=5004-5099
SET2=53,123,443,2049,5060,5084,8000-8100,9875,47808,51850
EDGE_MAC=02:00:00:00:00:01

if [ -z "$TSHARK" ] || ! command -v "$TSHARK" >/dev/null 2>&1; then
	echo "oracle.sh: SKIP: tshark not found"
	exit 77
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "oracle.sh: SKIP: python3 not found"
	exit 77
fi
if [ ! -x "$NICSHARE" ]; then
	echo "oracle.sh: ERROR: $NICSHARE is not built" >&2
	exit 99
fi
export TSHARK

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-oracle.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

fail=0
compared=0
frames=0

# first_diffs ORACLE_TSV NICSHARE_TSV [NAMES]: the first differing frames,
# with the edge case's name when there is one.
first_diffs() {
	awk -F'\t' -v names="${3:-}" '
		BEGIN { if (names != "") while ((getline l < names) > 0) { split(l, a, "\t"); nm[a[1]] = a[4] } }
		FNR == NR { o[FNR] = $0; no = FNR; next }
		{ n[FNR] = $0; nn = FNR }
		END {
			max = no > nn ? no : nn; shown = 0
			for (i = 1; i <= max && shown < 10; i++) {
				if (o[i] == n[i]) continue
				split(o[i], x, "\t"); f = x[1] != "" ? x[1] : i - 1
				printf "    line %d: oracle [%s]  nicshare [%s]%s\n", i, o[i], n[i], \
					(f in nm ? "  (" nm[f] ")" : "")
				shown++
			}
			if (no != nn) printf "    oracle %d lines, nicshare %d lines\n", no, nn
		}' "$1" "$2"
}

# counts TSV: "rt=N gp=N both=N drop=N skip=N"
counts() {
	awk -F'\t' 'NR > 1 { c[$2]++ } END {
		printf "rt=%d gp=%d both=%d drop=%d skip=%d", c["rt"], c["gp"], c["both"], c["drop"], c["skip"] }' "$1"
}

# compare LABEL FILE MAC SET PROMISC MCAST MTU [NAMES]
compare() {
	label=$1 file=$2 mac=$3 set=$4 pr=$5 mc=$6 mtu=$7 names=${8:-}
	params="mac=$mac rt=$set promisc=$pr multicast=$mc mtu=$mtu"
	if ! python3 "$ORACLE" --cache "$tmp/cache.json" --host-mac "$mac" --rt-ports "$set" \
		--promiscuous "$pr" --multicast "$mc" --mtu "$mtu" "$file" >"$tmp/o.tsv" \
		2>"$tmp/o.err"; then
		echo "FAIL $label ($params): the oracle failed:"
		sed 's/^/    /' "$tmp/o.err"
		fail=1
		return
	fi
	if [ -s "$tmp/o.err" ]; then
		echo "FAIL $label ($params): the oracle doubts its reading of tshark:"
		sed 's/^/    /' "$tmp/o.err"
		fail=1
	fi
	"$NICSHARE" classify --trace "$file" --set "$K_MAC=$mac" --set "$K_PORTS=$set" \
		--set "$K_PROMISC=$pr" --set "$K_MCAST=$mc" --set "$K_MTU=$mtu" \
		>"$tmp/n.tsv" 2>"$tmp/n.err"
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL $label ($params): nicshare classify exit $rc:"
		sed 's/^/    /' "$tmp/n.err"
		fail=1
		return
	fi
	compared=$((compared + 1))
	if cmp -s "$tmp/o.tsv" "$tmp/n.tsv"; then
		n=$(($(wc -l <"$tmp/o.tsv") - 1))
		frames=$((frames + n))
		echo "ok   $label ($params): $n frames, $(counts "$tmp/o.tsv")"
	else
		echo "FAIL $label ($params): nicshare and the oracle disagree:"
		first_diffs "$tmp/o.tsv" "$tmp/n.tsv" "$names"
		fail=1
	fi
}

# 1. The oracle against the outcomes written by hand (mkedge.py).
if ! python3 "$MKEDGE" "$tmp/edge" >"$tmp/mk.err" 2>&1; then
	echo "ERROR: mkedge.py failed:" >&2
	cat "$tmp/mk.err" >&2
	exit 99
fi
for f in "$tmp"/edge/*.expect; do
	cap=${f%.expect}
	name=$(basename "$cap")
	rm -f "$tmp/cache.json"
	if ! python3 "$ORACLE" --cache "$tmp/cache.json" --host-mac "$EDGE_MAC" "$cap" \
		>"$tmp/o.tsv" 2>"$tmp/o.err"; then
		echo "FAIL oracle on $name:"
		sed 's/^/    /' "$tmp/o.err"
		fail=1
		continue
	fi
	# expected: frame, decision, reason (4th column: the case's name)
	{ printf 'frame\tdecision\treason\n'; cut -f1-3 "$f"; } >"$tmp/e.tsv"
	if cmp -s "$tmp/e.tsv" "$tmp/o.tsv"; then
		echo "ok   oracle = hand-written outcomes: $name ($(($(wc -l <"$f"))) cases)"
	else
		echo "FAIL oracle != hand-written outcomes: $name:"
		first_diffs "$tmp/e.tsv" "$tmp/o.tsv" "$f" | sed 's/oracle \[/expected [/; s/nicshare \[/oracle [/'
		fail=1
	fi
done

# 2. nicshare against the oracle, edge cases then public captures.
for f in "$tmp"/edge/*.expect; do
	cap=${f%.expect}
	name=edge/$(basename "$cap")
	rm -f "$tmp/cache.json"
	compare "$name" "$cap" "$EDGE_MAC" "$SET1" 0 1 1500 "$f"
	compare "$name" "$cap" "$EDGE_MAC" "$SET1" 1 1 1500 "$f"
	compare "$name" "$cap" "$EDGE_MAC" "$SET2" 0 0 9000 "$f"
done

found=0
for cap in "$top_srcdir"/traces/public/*.pcap "$top_srcdir"/traces/public/*.pcapng; do
	[ -f "$cap" ] || continue
	name=$(basename "$cap")
	case $name in corrupt-*) continue ;; esac
	found=$((found + 1))
	rm -f "$tmp/cache.json"
	if ! python3 "$ORACLE" --cache "$tmp/cache.json" --foreign-frames "$cap" >"$tmp/foreign" \
		2>"$tmp/o.err"; then
		echo "FAIL $name: the oracle failed:"
		sed 's/^/    /' "$tmp/o.err"
		fail=1
		continue
	fi
	if [ -s "$tmp/foreign" ]; then
		# Frames of another link type (e.g. BSD loopback in a pcapng): nicshare
		# lists exactly those, as tshark's link types show them, as skip
		# other-link (capin.h, CAPIN_OTHER_LINK); the Ethernet frames are
		# compared on a copy without the others.
		"$NICSHARE" classify --trace "$cap" >"$tmp/n.tsv" 2>"$tmp/n.err"
		rc=$?
		awk -F'\t' '$2 == "skip" && $3 == "other-link" { print $1 }' "$tmp/n.tsv" >"$tmp/ours"
		if [ $rc -eq 0 ] && cmp -s "$tmp/ours" "$tmp/foreign"; then
			echo "ok   $name: frames $(tr '\n' ' ' <"$tmp/foreign")are skip other-link, as tshark's link types say"
		else
			echo "FAIL $name: tshark's frames of another link type ($(tr '\n' ' ' <"$tmp/foreign")) are not nicshare's skip other-link ($(tr '\n' ' ' <"$tmp/ours")), exit $rc:"
			sed 's/^/    /' "$tmp/n.err"
			fail=1
		fi
		editcap=$(dirname "$(command -v "$TSHARK")")/editcap
		command -v "$editcap" >/dev/null 2>&1 || editcap=editcap
		if ! command -v "$editcap" >/dev/null 2>&1; then
			echo "note $name: no editcap, its Ethernet frames are not compared"
			continue
		fi
		# shellcheck disable=SC2046
		if ! "$editcap" -F pcap -T ether "$cap" "$tmp/$name.eth.pcap" $(cat "$tmp/foreign") \
			>"$tmp/e.err" 2>&1; then
			echo "FAIL $name: editcap could not drop the foreign frames:"
			sed 's/^/    /' "$tmp/e.err"
			fail=1
			continue
		fi
		echo "note $name: frames $(tr '\n' ' ' <"$tmp/foreign")removed, numbers below are of the copy"
		cap=$tmp/$name.eth.pcap
		name="$name (Ethernet frames)"
	fi
	mac=$(python3 "$ORACLE" --cache "$tmp/cache.json" --pick-host-mac "$cap" 2>"$tmp/o.err") || {
		echo "FAIL $name: the oracle failed:"
		sed 's/^/    /' "$tmp/o.err"
		fail=1
		continue
	}
	compare "$name" "$cap" "$mac" "$SET1" 0 1 1500
	compare "$name" "$cap" "$mac" "$SET1" 1 1 1500
	compare "$name" "$cap" "$mac" "$SET2" 0 1 1500
	compare "$name" "$cap" "$mac" "$SET2" 1 1 1500
	compare "$name" "$cap" "$mac" "$SET2" 1 0 9000
done
if [ $found -eq 0 ]; then
	echo "FAIL: no capture in $top_srcdir/traces/public"
	fail=1
fi

# The routing files tests/TESTLIST compares nicshare's output with
# (routing= and stdout=, tests/expected/) are the oracle's decisions for
# the same capture and settings, so those cases, too, hold nicshare to
# tshark's reading rather than to a file an earlier run wrote. The settings
# are TESTLIST's; voip-default.tsv's are scenarios/default.yaml's (its
# capture, nic.promiscuous and nic.multicast on, rt.udp_ports 5084-5099).
expected() {   # FILE ORACLE-ARGS...
	local f=$1
	shift
	if ! python3 "$ORACLE" "$@" >"$tmp/exp.tsv" 2>"$tmp/o.err"; then
		echo "FAIL tests/expected/$f: the oracle failed:"
		sed 's/^/    /' "$tmp/o.err"
		fail=1
	elif cmp -s "$tmp/exp.tsv" "$top_srcdir/tests/expected/$f"; then
		echo "ok   tests/expected/$f: $(($(wc -l <"$tmp/exp.tsv") - 1)) frames, the oracle's decisions"
	else
		echo "FAIL tests/expected/$f is not the oracle's decisions:"
		diff "$tmp/exp.tsv" "$top_srcdir/tests/expected/$f" | head -10 | sed 's/^/    /'
		fail=1
	fi
}
P=$top_srcdir/traces/public
expected arp-who-has.tsv "$P/arp-who-has.pcap"
expected vlan-qinq-promisc.tsv --promiscuous 1 "$P/vlan-qinq.pcap"
expected jumbo-oversize.tsv --promiscuous 1 "$P/jumbo-8354-nfs-udp.pcap"
expected jumbo-mtu9000.tsv --promiscuous 1 --mtu 9000 "$P/jumbo-8354-nfs-udp.pcap"
expected sll-tcp.tsv "$P/nsec-sll-tcp-handshake.pcap"
expected voip-classify.tsv --promiscuous 1 --rt-ports 5084-5099 \
	"$P/voip-sip-reg-invite-reinvite-bye.pcap"
expected voip-default.tsv --promiscuous 1 --multicast 1 --rt-ports 5084-5099 \
	"$P/voip-sip-reg-invite-reinvite-bye.pcap"
n_exp=$(ls "$top_srcdir"/tests/expected/*.tsv | wc -l)
[ "$n_exp" = 7 ] || { echo "FAIL tests/expected holds $n_exp files, 7 are compared here"; fail=1; }

echo "oracle.sh: $compared runs compared, $frames frame decisions agreed"
[ $fail -eq 0 ] && exit 0
exit 1
