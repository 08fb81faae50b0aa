#!/usr/bin/env bash
# synth.sh - `nicshare synth` (src/synth.c), its captures read record by
# record here (Python) and by tshark, each property held against what
# nicshare(1) and `nicshare synth --help` say of them:
#   - --frames N: N frames "back-to-back at the scenario's link rate": frame
#     k stamped (rounded to the ns, either way) at the first frame's time
#     plus the bits of frames 0..k-1 on the wire, each preamble and SFD 8 +
#     max(length + FCS 4, 64) + inter-frame gap 12 bytes (SPEC S3), at 1
#     Gbit/s and at 100 Mbit/s; --same-time: every stamp the first one's;
#   - "addressed to its host.mac and host.ipv4" (set to 02:11:22:33:44:55
#     and 192.168.7.33, no byte of which is another's): every frame is one
#     of the mix's kinds, each as the text says: small UDP to an RT port
#     5004-5099, TCP of 1000-1514 bytes, ARP (requests broadcast, replies to
#     the host, both asking for or answering the host's address), other UDP
#     over IPv4 or IPv6 to a port outside 5004-5099, or a frame for another
#     host; each kind's share of 100,000 frames within four standard
#     deviations of its stated one (30, 60, 4, 4, 2 %: 580, 620, 248, 248
#     and 177 frames, each less than the 1,000 of one percentage point); IP,
#     UDP and TCP checksums good by tshark;
#   - --snaplen: frames cut at N bytes, wire length kept: the default 96
#     gives the same frames, cut, as 1600;
#   - "the same seed gives the same bytes"; another seed other bytes;
#   - --voip C: "C G.711 calls at 50 frames/s each to RT ports 10000+2k",
#     the gateway's incoming traffic (to host.mac and host.ipv4), in time
#     order: each call 50 RTP frames in 1 s, 20 ms apart (G.711 at 20 ms:
#     160 bytes of payload behind RTP's 12-byte header), RTP version 2, a
#     sequence number rising by one a packet and a timestamp by 160, one
#     SSRC a call and none shared (RFC 3550), payload type 8 (A-law, RFC
#     3551; the payload is its silence, 0xd5), the marker on a call's first
#     packet alone; SIP on UDP 5060;
#     --background-mbps M: TCP at M Mbit/s, the TCP frames' bits over the
#     run within 0.2 % of M x 10^6 a second;
#   - traces/synth/README.md's commands write the committed captures byte
#     for byte (a golden of synth's own output, which the library reads);
#   - --write FILE makes a new file only: FILE its own scenario, its input
#     capture, an empty file or a dangling link is refused (exit 2, "the
#     file exists; give a new name", as search --write says), and left as
#     it was, no FILE.tmp made; a user's FILE.tmp (a file, a link) is
#     kept as it was, the capture written beside it; a FILE made after
#     synth checked it, before the capture takes its name, is kept too
#     (exit 2, said).
# Environment (set by `make check`): top_srcdir, NICSHARE, TSHARK.
# Exit: 0 all held, 1 a check failed, 77 skipped (no tshark or python3), 99
# could not run.
set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
NICSHARE=${NICSHARE:-$top_srcdir/nicshare}
TSHARK=${TSHARK:-tshark}
command -v "$TSHARK" >/dev/null 2>&1 || { echo "synth.sh: no tshark: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "synth.sh: no python3: skipped"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-synth.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
fails=0
checks=0
fail() { echo "synth.sh: FAIL: $*"; fails=$((fails + 1)); }
ok() { checks=$((checks + 1)); }

host=(--set host.mac=02:11:22:33:44:55 --set host.ipv4=192.168.7.33)
synth() {   # synth FILE ARGS...: write FILE, exit 0 and nothing said
	"$NICSHARE" synth "${@:2}" --write "$tmp/$1" >"$tmp/out" 2>"$tmp/err" && [ ! -s "$tmp/err" ] ||
		{ echo "synth.sh: synth ${*:2}: exit $?, $(cat "$tmp/err")"; exit 99; }
}
synth mix.pcap --frames 4000 --snaplen 1600 --set nic.link_rate=1Gbit/s "${host[@]}"
synth mix96.pcap --frames 4000 --set nic.link_rate=1Gbit/s "${host[@]}"
synth again.pcap --frames 4000 --snaplen 1600 --set nic.link_rate=1Gbit/s "${host[@]}"
synth seed5.pcap --frames 4000 --snaplen 1600 --set nic.link_rate=1Gbit/s "${host[@]}" --seed 5
synth big.pcap --frames 100000 --set nic.link_rate=1Gbit/s "${host[@]}"
synth slow.pcap --frames 500 --snaplen 1600 --set nic.link_rate=100Mbit/s "${host[@]}"
synth same.pcap --frames 50 --same-time "${host[@]}"
synth voip.pcap --voip 3 --duration-ms 1000 --background-mbps 80 --snaplen 1600 "${host[@]}"

cmp -s "$tmp/mix.pcap" "$tmp/again.pcap" && ok || fail "the same seed gave other bytes"
cmp -s "$tmp/mix.pcap" "$tmp/seed5.pcap" && fail "--seed 5 gave the default seed's bytes" || ok

# the checksums tshark finds bad (none)
bad=$("$TSHARK" -r "$tmp/mix.pcap" -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE \
	-o tcp.check_checksum:TRUE \
	-Y 'ip.checksum.status == 0 || udp.checksum.status == 0 || tcp.checksum.status == 0' 2>/dev/null |
	wc -l)
[ "$bad" = 0 ] && ok || fail "--frames 4000: $bad frames with a bad checksum (tshark)"

python3 - "$tmp" >"$tmp/py" 2>&1 <<'PY'
import math, struct, sys

d = sys.argv[1]
HOST_MAC = bytes.fromhex("021122334455")
HOST_IP = bytes([192, 168, 7, 33])
BCAST = b"\xff" * 6
RT = range(5004, 5100)
bad = []


def read(name):
    b = open(f"{d}/{name}", "rb").read()
    magic = struct.unpack_from("<I", b, 0)[0]
    assert magic == 0xA1B23C4D, f"{name}: not a nanosecond pcap ({magic:#x})"
    assert struct.unpack_from("<I", b, 20)[0] == 1, f"{name}: not Ethernet"
    off, out = 24, []
    while off < len(b):
        s, ns, cap, orig = struct.unpack_from("<IIII", b, off)
        out.append((s * 10**9 + ns, b[off + 16:off + 16 + cap], orig))
        off += 16 + cap
    return out


def check(cond, what):
    if not cond:
        bad.append(what)


def wire_bits(length):   # SPEC S3: preamble+SFD, frame and FCS (64 at least), gap
    return (8 + max(length + 4, 64) + 12) * 8


def spacing(name, recs, bps):
    t0, bits = recs[0][0], 0
    for k, (t, f, orig) in enumerate(recs):
        lo, hi = bits * 10**9 // bps, -(-bits * 10**9 // bps)
        check(lo <= t - t0 <= hi, f"{name}: frame {k + 1} at +{t - t0} ns, "
              f"want {lo}..{hi} ({bits} bits at {bps} bit/s)")
        bits += wire_bits(orig)


def kind(f, orig):
    """The mix's kind of a frame, or a reason it is none."""
    dst, et = f[0:6], struct.unpack_from(">H", f, 12)[0]
    if dst not in (HOST_MAC, BCAST):
        return "other-host"
    if et == 0x0806:
        op = struct.unpack_from(">H", f, 20)[0]
        if f[38:42] != HOST_IP:
            return f"ARP for {f[38:42].hex()}"
        if op == 1 and dst == BCAST:
            return "arp"
        if op == 2 and dst == HOST_MAC and f[32:38] == HOST_MAC:
            return "arp"
        return f"ARP op {op} to {dst.hex()}"
    if dst != HOST_MAC:
        return f"broadcast ethertype {et:#x}"
    if et == 0x0800:
        ihl = (f[14] & 15) * 4
        if f[30:34] != HOST_IP:
            return f"IPv4 to {f[30:34].hex()}"
        if 14 + struct.unpack_from(">H", f, 16)[0] != orig:
            return "IPv4 length not the frame's"
        if f[23] == 6:
            return "tcp" if 1000 <= orig <= 1514 else f"TCP of {orig} bytes"
        if f[23] == 17:
            dport = struct.unpack_from(">H", f, 14 + ihl + 2)[0]
            return "rt-udp" if dport in RT else "other-udp"
        return f"IPv4 protocol {f[23]}"
    if et == 0x86DD and f[20] == 17:
        dport = struct.unpack_from(">H", f, 54 + 2)[0]
        return "other-udp" if dport not in RT else f"IPv6 UDP to RT port {dport}"
    return f"ethertype {et:#x}"


# --frames 4000 at 1 Gbit/s, whole frames
mix = read("mix.pcap")
check(len(mix) == 4000, f"--frames 4000 wrote {len(mix)}")
check(all(len(f) == orig for _, f, orig in mix), "--snaplen 1600 cut a frame")
spacing("1 Gbit/s", mix, 10**9)
for k, (_, f, orig) in enumerate(mix):
    kd = kind(f, orig)
    if kd not in ("rt-udp", "tcp", "arp", "other-udp", "other-host"):
        bad.append(f"frame {k + 1}: {kd}")
# the shares over 100,000 frames (cut at 96 bytes: the headers whole)
big = read("big.pcap")
count = {}
for k, (_, f, orig) in enumerate(big):
    kd = kind(f, orig)
    count[kd] = count.get(kd, 0) + 1
    if kd not in ("rt-udp", "tcp", "arp", "other-udp", "other-host"):
        bad.append(f"big frame {k + 1}: {kd}")
n = len(big)
check(n == 100000, f"--frames 100000 wrote {n}")
for kd, p in (("rt-udp", 0.30), ("tcp", 0.60), ("arp", 0.04), ("other-udp", 0.04), ("other-host", 0.02)):
    sd = math.sqrt(n * p * (1 - p))
    check(abs(count.get(kd, 0) - n * p) <= 4 * sd,
          f"{kd}: {count.get(kd, 0)} of {n}, want {n * p:.0f} +- {4 * sd:.0f}")
# both ARP operations, both IP versions of other UDP are there
check(any(f[12:14] == b"\x08\x06" and f[21] == 1 for _, f, _ in mix), "no ARP request")
check(any(f[12:14] == b"\x08\x06" and f[21] == 2 for _, f, _ in mix), "no ARP reply")
check(any(f[12:14] == b"\x86\xdd" for _, f, _ in mix), "no IPv6 UDP")

# the default snap length, 96: the same frames, cut, wire lengths kept
cut = read("mix96.pcap")
check([(t, f[:96], o) for t, f, o in mix] == cut, "--snaplen 96: not the same frames cut at 96 bytes")

# 100 Mbit/s; --same-time
spacing("100 Mbit/s", read("slow.pcap"), 10**8)
same = read("same.pcap")
check(len(same) == 50 and all(t == same[0][0] for t, _, _ in same), "--same-time: stamps differ")

# --voip 3 for 1 s, 80 Mbit/s of TCP
voip = read("voip.pcap")
check(all(f[0:6] == HOST_MAC and f[12:14] == b"\x08\x00" and f[30:34] == HOST_IP
          for _, f, _ in voip), "--voip: a frame not IPv4 to the host")
check(all(voip[i][0] <= voip[i + 1][0] for i in range(len(voip) - 1)), "--voip: not in time order")
rtp, tcp, sip = {}, [], 0
for t, f, orig in voip:
    ihl = (f[14] & 15) * 4
    if f[23] == 6:
        tcp.append((t, orig))
    elif f[23] == 17:
        dport = struct.unpack_from(">H", f, 14 + ihl + 2)[0]
        if dport == 5060:
            sip += 1
        else:
            u = f[14 + ihl + 8:]
            rtp.setdefault(dport, []).append((t, len(u), u[0] >> 6, struct.unpack_from(">H", u, 2)[0],
                                              u[1], struct.unpack_from(">II", u, 4)))
check(sorted(rtp) == [10000, 10002, 10004], f"--voip 3: RTP to ports {sorted(rtp)}")
for port, pk in rtp.items():
    check(len(pk) == 50, f"port {port}: {len(pk)} RTP frames in 1 s, want 50")
    check(all(ln == 12 + 160 for _, ln, *_ in pk), f"port {port}: a payload not 12 + 160 bytes")
    check(all(p[2] == 2 for p in pk), f"port {port}: RTP version not 2")
    # RFC 3551: G.711 A-law (its silence is 0xd5) is payload type 8; the
    # marker on the first packet of the call only; 8 kHz x 20 ms = 160
    # timestamp units a packet; one SSRC a call (RFC 3550 5.1)
    check([p[4] for p in pk] == [0x88] + [8] * 49, f"port {port}: marker/payload type bytes {pk[0][4]:#x}, {pk[1][4]:#x}")
    check(all((pk[i + 1][5][0] - pk[i][5][0]) % 2**32 == 160 for i in range(len(pk) - 1)),
          f"port {port}: timestamps not 160 apart")
    check(len({p[5][1] for p in pk}) == 1, f"port {port}: more than one SSRC")
    check(all(pk[i + 1][0] - pk[i][0] == 20 * 10**6 for i in range(len(pk) - 1)),
          f"port {port}: frames not 20 ms apart")
    check(all((pk[i + 1][3] - pk[i][3]) % 65536 == 1 for i in range(len(pk) - 1)),
          f"port {port}: sequence numbers not rising by one")
check(len({pk[0][5][1] for pk in rtp.values()}) == len(rtp), "--voip: two calls share an SSRC")
check(sip > 0, "--voip: no SIP on UDP 5060")
rate = sum(o for _, o in tcp) * 8 / 1.0
check(abs(rate - 80e6) <= 0.002 * 80e6, f"--background-mbps 80: the TCP frames carry {rate:.0f} bit/s")

for b in bad[:20]:
    print(b)
print(f"{len(bad)} bad")
sys.exit(1 if bad else 0)
PY
rc=$?
[ $rc = 0 ] && ok || { fail "the captures (python3):"; cat "$tmp/py"; }

# traces/synth/README.md's commands, run as written there (nicshare for
# build/nicshare, the capture written here), give the committed captures
# byte for byte: the README's "the same command gives the same bytes", and
# a golden of synth's own output, which the scenario library's goldens read
# (a change to the mix, its addresses or its timing shows here first;
# regenerate the captures by those commands only on purpose)
n=0
while read -r cmd; do
	name=${cmd##*--write traces/synth/}
	args=${cmd#build/nicshare synth }
	args=${args% --write *}
	n=$((n + 1))
	# shellcheck disable=SC2086
	if ! "$NICSHARE" synth $args --write "$tmp/readme-$name" >"$tmp/out" 2>"$tmp/err"; then
		fail "README's '$cmd': exit $?, $(cat "$tmp/err")"
	elif cmp -s "$tmp/readme-$name" "$top_srcdir/traces/synth/$name"; then
		ok
	else
		fail "README's '$cmd' no longer writes traces/synth/$name: $(cmp "$tmp/readme-$name" "$top_srcdir/traces/synth/$name" 2>&1 | head -1)"
	fi
done < <(sed -n 's/^    \(build\/nicshare synth .* --write traces\/synth\/[^ ]*\.pcap\)$/\1/p' \
	"$top_srcdir/traces/synth/README.md")
[ "$n" = "$(ls "$top_srcdir"/traces/synth/*.pcap | wc -l)" ] && ok ||
	fail "traces/synth/README.md gives $n commands for $(ls "$top_srcdir"/traces/synth/*.pcap | wc -l) captures"

# --write over an existing file: refused, the file kept byte for byte. It
# was written over (exit 0): `synth mine.yaml --frames 5 --write mine.yaml`
# turned the scenario into a pcap.
mkdir "$tmp/keep" || exit 99
printf 'name: mine\n' >"$tmp/keep/mine.yaml"
cp "$tmp/mix.pcap" "$tmp/keep/in.pcap" || exit 99
: >"$tmp/keep/empty.pcap"
ln -s "$tmp/keep/nowhere" "$tmp/keep/dangling.pcap"
cp -R "$tmp/keep" "$tmp/keep0" || exit 99
refused() {   # refused FILE ARGS...: synth ARGS --write FILE refused, FILE kept
	local f=$tmp/keep/$1 rc
	"$NICSHARE" synth "${@:2}" --write "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc = 2 ] && [ "$(cat "$tmp/err")" = "nicshare synth: --write $f: the file exists; give a new name" ] &&
		[ ! -s "$tmp/out" ] && diff -r --no-dereference "$tmp/keep0" "$tmp/keep" >/dev/null && ok ||
		fail "synth ${*:2} --write $1: exit $rc, $(cat "$tmp/err"); $(diff -r --no-dereference "$tmp/keep0" "$tmp/keep" 2>&1 | head -2)"
}
refused mine.yaml "$tmp/keep/mine.yaml" --frames 5
refused in.pcap --trace "$tmp/keep/in.pcap" --frames 5
refused empty.pcap --voip 1 --duration-ms 20
refused dangling.pcap --frames 5

# a user's FILE.tmp beside FILE is theirs: kept byte for byte (a file, a
# link not followed), the capture written all the same and nothing else
# left (capout opened FILE.tmp with O_TRUNC, then renamed it to FILE)
mkdir "$tmp/besides" || exit 99
synth s50.pcap --frames 50 --snaplen 1600 --set nic.link_rate=1Gbit/s "${host[@]}"
echo mine >"$tmp/besides/s.pcap.tmp"
echo mine2 >"$tmp/mine2.txt"
ln -s "$tmp/mine2.txt" "$tmp/besides/l.pcap.tmp"
for f in s l; do
	"$NICSHARE" synth --frames 50 --snaplen 1600 --set nic.link_rate=1Gbit/s "${host[@]}" \
		--write "$tmp/besides/$f.pcap" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ $rc = 0 ] && [ ! -s "$tmp/err" ] && cmp -s "$tmp/s50.pcap" "$tmp/besides/$f.pcap" && ok ||
		fail "synth --write beside a user's $f.pcap.tmp: exit $rc, $(cat "$tmp/err"), or not as written elsewhere"
done
[ "$(cat "$tmp/besides/s.pcap.tmp")" = mine ] && [ "$(cat "$tmp/mine2.txt")" = mine2 ] &&
	[ "$(readlink "$tmp/besides/l.pcap.tmp")" = "$tmp/mine2.txt" ] && ok ||
	fail "synth --write: a user's FILE.tmp (a file, a link) not kept as it was"
[ "$(ls -A "$tmp/besides" | tr '\n' ' ')" = "l.pcap l.pcap.tmp s.pcap s.pcap.tmp " ] && ok ||
	fail "synth --write beside a user's FILE.tmp: left $(ls -A "$tmp/besides" | tr '\n' ' ')"

# FILE made after synth checked that there was none, before the capture
# takes its name: kept byte for byte, exit 2, said with FILE's name, no
# temporary file left (the check and rename(2) were two steps: it was
# written over). The scenario is a FIFO: synth opens it after the check,
# so the writer's open returns once the check is done; FILE is made then,
# the scenario written after it.
mkdir "$tmp/race" && mkfifo "$tmp/race/s.yaml" || exit 99
"$NICSHARE" synth "$tmp/race/s.yaml" --frames 50 "${host[@]}" --write "$tmp/race/r.pcap" \
	>"$tmp/out" 2>"$tmp/err" &
pid=$!
timeout 30 sh -c 'exec 3>"$1" && echo mine >"$2" && printf "name: race\n" >&3' sh \
	"$tmp/race/s.yaml" "$tmp/race/r.pcap"
wait $pid
rc=$?
[ $rc = 2 ] && [ "$(cat "$tmp/err")" = "nicshare synth: $tmp/race/r.pcap: a file of this name was made meanwhile; it is not written over, the capture is not kept" ] &&
	[ "$(cat "$tmp/race/r.pcap")" = mine ] && [ "$(ls -A "$tmp/race" | tr '\n' ' ')" = "r.pcap s.yaml " ] && ok ||
	fail "synth --write, FILE made after the check: exit $rc, $(cat "$tmp/err"), r.pcap: $(head -c 20 "$tmp/race/r.pcap" | od -c | head -1), left $(ls -A "$tmp/race" | tr '\n' ' ')"

echo "synth.sh: $checks passed, $fails failed"
[ "$fails" = 0 ]
