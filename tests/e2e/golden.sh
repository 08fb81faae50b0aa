#!/usr/bin/env bash
# golden.sh - golden regression, end to end (doc/verify.md).
#
#  1. Every scenario of the library (scenarios/*.yaml) that has a golden in
#     traces/golden/, and tests/verify/verify-voip.yaml: nicshare check passes.
#  2. Goldens bite: one cost changed by one cycle (--set cost.rt_irq=...,
#     one more than the scenario's) and check fails, reporting as first
#     divergence the line that cmp finds, and as many differing frames as
#     counted here with awk; the captures' first differing record is the
#     one tshark shows.
#  3. bless into a temporary directory, then check against it (--golden);
#     blessing twice gives the same bytes, and beside a user's NAME.tmp
#     files (kept, a link not followed); a golden holds no path, no
#     version, no wall-clock.
#  4. Determinism: two runs give byte-identical outputs (summary.json apart
#     from its "wall" line).
#  5. Goldens perturbed on purpose (a routing line, a summary value, a
#     capture byte and timestamp, an event line): check names each change;
#     a golden file missing, a directory (said as one) or damaged (a gzip
#     file cut short said as such): exit 2.
#  6. The scenario's verify section under check and bless.
#  7. nicshare diff: identical runs, a routing change, latency changes.
#  8. A world's golden: HOST/ per computer and world.json; check, bless
#     and diff on worlds.
#  9. Hostile inputs: a FIFO as the capture (refused, never blocking).
# 10. check and bless of a world leave nothing in $TMPDIR.
#
# Environment (set by `make check`): top_srcdir, NICSHARE, TSHARK.
# Exit: 0 all passed, 1 a test failed, 99 could not run.
set -u
top=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${NICSHARE:-$top/nicshare}
TSHARK=${TSHARK:-tshark}
G=$top/traces/golden
DEF=$top/scenarios/default.yaml
VV=$top/tests/verify/verify-voip.yaml

if [ ! -x "$bin" ]; then
	echo "golden.sh: ERROR: $bin is not built" >&2
	exit 99
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nicshare-golden.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0 fail=0 rc=0
t_ok() { pass=$((pass + 1)); }
t_bad() {
	fail=$((fail + 1))
	echo "FAIL $1: $2"
	for f in "$tmp/out" "$tmp/err"; do
		if [ -s "$f" ]; then sed 's/^/     | /' "$f" | head -25; fi
	done
}
t() {
	local name=$1
	shift
	if "$@"; then t_ok; else t_bad "$name" "$*"; fi
}
ns() {
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}
has() { grep -qF -- "$1" "$2"; }
hasre() { grep -qE -- "$1" "$2"; }
eq() { [ "$1" = "$2" ]; }
# show LINE: a line as check prints it (tabs as two blanks)
show() { printf '%s' "$1" | sed 's/\t/  /g'; }
have_tshark() { [ -n "$TSHARK" ] && command -v "$TSHARK" >/dev/null 2>&1; }

# ---- 1. the library against its goldens --------------------------------------
t "scenarios/default.yaml has a golden" test -d "$G/default"
for s in "$top"/scenarios/*.yaml "$VV"; do
	name=$(basename "$s" .yaml)
	# world-calls writes 94 MB (a 16 MB golden): world.sh runs it twice
	# instead (doc/verify.md, "A world's golden")
	case "$name" in world-calls) continue ;; esac
	# every scenario of the library has a golden (issue 5: make check checks
	# them all); a new scenario needs `nicshare bless` and a commit saying why
	t "$name has a golden (nicshare bless $s)" test -d "$G/$name"
	[ -d "$G/$name" ] || continue
	ns check "$s"
	t "check $name: exit 0 (got $rc)" eq "$rc" 0
	t "check $name: same as the golden" has "nicshare check: same as the golden" "$tmp/out"
	# a world: each computer's files in HOST/, and world.json
	units=.
	if [ -f "$G/$name/world.json" ]; then
		units=$(cd "$G/$name" && ls -d */ | tr -d /)
		t "check $name: world.json compared" hasre "^  world.json +same: [0-9]+ values" "$tmp/out"
	fi
	for u in $units; do
		p=; [ "$u" = . ] || p=$u/
		for f in routing.tsv events.tsv summary.json wire-tx.pcap rt-rx.pcap gp-rx.pcap; do
			t "check $name: $p$f compared" hasre "^  $p$f +same: [0-9]+ " "$tmp/out"
		done
	done
done

# ---- 2. goldens bite ---------------------------------------------------------------
irq=$("$bin" config "$DEF" | sed -n 's/^  rt_irq: \([0-9]*\)cycles.*/\1/p')
t "default's cost.rt_irq is known ($irq)" test -n "$irq"
set1="cost.rt_irq=$((irq + 1))cycles"
ns check "$DEF" --set "$set1" --out "$tmp/p1"
t "one cycle more: exit 1 (got $rc)" eq "$rc" 1
t "one cycle more: FAILED" has "nicshare check: FAILED:" "$tmp/out"
t "one cycle more: events differ" hasre "^  events.tsv +DIFFERS: " "$tmp/out"
gzip -dc "$G/default/events.tsv.gz" >"$tmp/g-events.tsv"
line=$(cmp "$tmp/g-events.tsv" "$tmp/p1/events.tsv" | sed -n 's/.* line \([0-9]*\)$/\1/p')
t "cmp finds the events differ" test -n "$line"
if [ -n "$line" ]; then
	exp=$(sed -n "${line}p" "$tmp/g-events.tsv")
	act=$(sed -n "${line}p" "$tmp/p1/events.tsv")
	IFS=$'\t' read -r _ fr stage _ <<<"$exp"
	t "first divergence at line $line, frame $fr, stage $stage" \
		has "      first divergence: line $line, frame $fr, stage $stage" "$tmp/out"
	t "expected line" has "        expected: $(show "$exp")" "$tmp/out"
	t "actual line" has "        actual:   $(show "$act")" "$tmp/out"
fi
# frames whose own events differ, counted independently (a line belongs to
# the frame of its second column)
counts=$(awk -F'\t' '
	function key() { return $2 }
	FNR == 1 { next }
	FNR == NR { k = key(); if (k != "-") a[k] = a[k] $0 "\n"; next }
	{ k = key(); if (k != "-") b[k] = b[k] $0 "\n" }
	END { for (k in a) { n++; if (!(k in b) || a[k] != b[k]) d++ }
	      for (k in b) if (!(k in a)) d++
	      printf "%d of %d", d, n }' "$tmp/g-events.tsv" "$tmp/p1/events.tsv")
t "events: $counts frames differ" hasre "^  events.tsv +DIFFERS: $counts frames differ" "$tmp/out"
t "summary differs" hasre "^  summary.json +DIFFERS: " "$tmp/out"
# doc/verify.md shows this check's events.tsv lines (they had the counts
# and wording of an older check: "249 of 50368 frames", line 10)
sed -n '/^  events.tsv /,/^        actual:/p' "$tmp/out" >"$tmp/ev.out"
sed -n '/^```$/,/^```$/p' "$top/doc/verify.md" | sed -n '/^  events.tsv .*DIFFERS/,/^        actual:/p' >"$tmp/ev.doc"
t "doc/verify.md's example is this check's ($set1)" cmp -s "$tmp/ev.out" "$tmp/ev.doc"
t "doc/verify.md's example is not empty" test -s "$tmp/ev.doc"
t "the way to compare is shown" hasre "^nicshare check: compare: nicshare diff [^ ]*/traces/golden/default $tmp/p1$" "$tmp/out"
if have_tshark; then
	for cap in rt-rx gp-rx; do
		gzip -dc "$G/default/$cap.pcap.gz" >"$tmp/g-$cap.pcap"
		fields() { "$TSHARK" -r "$1" -T fields -e frame.time_epoch -e frame.len -e frame.cap_len -e data.data -e eth.src 2>/dev/null; }
		r=$(cmp <(fields "$tmp/g-$cap.pcap") <(fields "$tmp/p1/$cap.pcap") | sed -n 's/.* line \([0-9]*\)$/\1/p')
		if [ -n "$r" ]; then
			t "$cap.pcap: first divergence at record $r, as tshark shows" \
				hasre "first divergence: record $r \(" "$tmp/out"
		else
			t "$cap.pcap: same for tshark, so for check" hasre "^  $cap.pcap +same: " "$tmp/out"
		fi
	done
fi

# ---- 3. bless into a temporary directory -------------------------------------------
ns bless "$VV" --golden "$tmp/g1"
t "bless: exit 0 (got $rc)" eq "$rc" 0
t "bless: says what it wrote" has "nicshare bless: $tmp/g1: routing.tsv (" "$tmp/out"
for f in routing.tsv events.tsv.gz summary.json wire-tx.pcap.gz rt-rx.pcap.gz gp-rx.pcap.gz golden.txt; do
	t "bless: $f written" test -s "$tmp/g1/$f"
done
t "bless: no .tmp left" eval '! ls "$tmp/g1" | grep -q "\.tmp$"'
ns check "$VV" --golden "$tmp/g1"
t "check against the fresh golden: exit 0 (got $rc)" eq "$rc" 0
ns bless "$VV" --golden "$tmp/g2"
t "bless twice: exit 0" eq "$rc" 0
for f in routing.tsv events.tsv.gz summary.json wire-tx.pcap.gz rt-rx.pcap.gz gp-rx.pcap.gz golden.txt; do
	t "bless twice: $f byte-identical" cmp -s "$tmp/g1/$f" "$tmp/g2/$f"
done
# a user's NAME.tmp beside the golden is theirs: kept byte for byte (a
# file, a link not followed), the golden written all the same (bless
# opened NAME.tmp with O_TRUNC: the files were emptied and renamed into
# the golden, the link followed and golden.txt left a link)
mkdir "$tmp/gu" && echo mine >"$tmp/gu/routing.tsv.tmp" && echo mine2 >"$tmp/gu/events.tsv.gz.tmp" &&
	echo mine3 >"$tmp/mine3.txt" && ln -s "$tmp/mine3.txt" "$tmp/gu/golden.txt.tmp" || exit 99
ns bless "$VV" --golden "$tmp/gu"
t "bless beside a user's NAME.tmp: exit 0 (got $rc)" eq "$rc" 0
t "bless beside a user's NAME.tmp: kept" eval '[ "$(cat "$tmp/gu/routing.tsv.tmp")" = mine ] &&
	[ "$(cat "$tmp/gu/events.tsv.gz.tmp")" = mine2 ] && [ "$(cat "$tmp/mine3.txt")" = mine3 ] &&
	[ "$(readlink "$tmp/gu/golden.txt.tmp")" = "$tmp/mine3.txt" ]'
for f in routing.tsv events.tsv.gz summary.json wire-tx.pcap.gz rt-rx.pcap.gz gp-rx.pcap.gz golden.txt; do
	t "bless beside a user's NAME.tmp: $f as the first bless's" eval \
		'[ -f "$tmp/gu/$f" ] && [ ! -L "$tmp/gu/$f" ] && cmp -s "$tmp/g1/$f" "$tmp/gu/$f"'
done
t "bless beside a user's NAME.tmp: nothing else left" eq "$(ls -A "$tmp/gu" | tr '\n' ' ')" \
	"events.tsv.gz events.tsv.gz.tmp golden.txt golden.txt.tmp gp-rx.pcap.gz routing.tsv routing.tsv.tmp rt-rx.pcap.gz summary.json wire-tx.pcap.gz "
t "golden summary: no wall-clock" eval '! grep -q "\"wall\"" "$tmp/g1/summary.json"'
t "golden summary: no version" eval '! grep -q "\"nicshare\"" "$tmp/g1/summary.json"'
t "golden summary: still JSON with the decisions" has '"decisions": {' "$tmp/g1/summary.json"
t "golden: no path in it" eval '! { cat "$tmp/g1/routing.tsv" "$tmp/g1/summary.json" "$tmp/g1/golden.txt"; gzip -dc "$tmp/g1/events.tsv.gz"; } | grep -qF -e "$top" -e "$tmp"'
# gzip header: flags (no FNAME bit 0x08) and a zero time stamp
hdr=$(od -An -tx1 -j 3 -N 5 "$tmp/g1/wire-tx.pcap.gz" | tr -d ' \n')
t "golden: gzip header without name or time ($hdr)" eq "$hdr" "0000000000"

# ---- 4. determinism ----------------------------------------------------------------
ns run "$DEF" --out "$tmp/r1" -q
ns run "$DEF" --out "$tmp/r2" -q
nf=0
for f in "$tmp"/r1/*; do
	b=$(basename "$f")
	nf=$((nf + 1))
	if [ "$b" = summary.json ]; then
		t "determinism: $b the same but for wall" cmp -s <(grep -v '"wall"' "$f") <(grep -v '"wall"' "$tmp/r2/$b")
	else
		t "determinism: $b byte-identical" cmp -s "$f" "$tmp/r2/$b"
	fi
done
t "determinism: at least 8 outputs compared ($nf)" test "$nf" -ge 8

# ---- 5. goldens perturbed on purpose -------------------------------------------------
# (a) a routing line: frame 5 said to have gone to rt
cp -r "$tmp/g1" "$tmp/gp"
before=$(sed -n '6p' "$tmp/gp/routing.tsv")
sed -i '6s/\t[a-z]*\t[a-z-]*$/\trt\trt-port/' "$tmp/gp/routing.tsv"
after=$(sed -n '6p' "$tmp/gp/routing.tsv")
t "routing perturbed ($before -> $after)" test "$before" != "$after"
ns check "$VV" --golden "$tmp/gp"
t "routing perturbed: exit 1" eq "$rc" 1
t "routing perturbed: 1 frame" hasre "^  routing.tsv +DIFFERS: 1 of 230 frames differ$" "$tmp/out"
t "routing perturbed: where" has "first divergence: line 6, frame 5" "$tmp/out"
t "routing perturbed: expected" has "expected: $(show "$after")" "$tmp/out"
t "routing perturbed: actual" has "actual:   $(show "$before")" "$tmp/out"
t "routing perturbed: the rest same" hasre "^  events.tsv +same: " "$tmp/out"
# (a2) the header changed: named as the header, not as a frame's line;
# the last frame (230) left out: 1 of the golden's 229 frames differs
# (the run's frame 230 is in no golden line); a frame numbered 0, which
# no output has: not a line of routing.tsv (exit 2)
sed '1s/reason$/why/' "$tmp/g1/routing.tsv" >"$tmp/gp/routing.tsv"
ns check "$VV" --golden "$tmp/gp"
t "routing header changed: exit 1" eq "$rc" 1
t "routing header changed: said" hasre "^  routing.tsv +DIFFERS: 0 of 230 frames differ; the header differs$" "$tmp/out"
t "routing header changed: where" has "first divergence: line 1 (the header)" "$tmp/out"
sed '$d' "$tmp/g1/routing.tsv" >"$tmp/gp/routing.tsv"
ns check "$VV" --golden "$tmp/gp"
t "routing frame 230 left out: exit 1" eq "$rc" 1
t "routing frame 230 left out: 1 of 229" hasre "^  routing.tsv +DIFFERS: 1 of 229 frames differ$" "$tmp/out"
t "routing frame 230 left out: where" has "first divergence: line 231, frame 230" "$tmp/out"
sed '2s/^1\t/0\t/' "$tmp/g1/routing.tsv" >"$tmp/gp/routing.tsv"
ns check "$VV" --golden "$tmp/gp"
t "routing frame 0: exit 2 (got $rc)" eq "$rc" 2
t "routing frame 0: not a line" has "$tmp/gp/routing.tsv:2: not a line of routing.tsv" "$tmp/err"
# (b) a summary value
cp "$tmp/g1/routing.tsv" "$tmp/gp/routing.tsv"
sed -i 's/"decisions": {"rt": \([0-9]*\)/"decisions": {"rt": 1\1/' "$tmp/gp/summary.json"
ns check "$VV" --golden "$tmp/gp"
t "summary perturbed: exit 1" eq "$rc" 1
t "summary perturbed: 1 value" hasre "^  summary.json +DIFFERS: 1 of [0-9]+ values differ$" "$tmp/out"
t "summary perturbed: which" has "first divergence: decisions.rt" "$tmp/out"
# a value the run has and the golden has not: it differs too
sed -i 's/"decisions": {"rt": [0-9]*, /"decisions": {/' "$tmp/gp/summary.json"
ns check "$VV" --golden "$tmp/gp"
t "summary value missing from the golden: exit 1 (got $rc)" eq "$rc" 1
t "summary value missing from the golden: said" has "first divergence: decisions.rt" "$tmp/out"
t "summary value missing from the golden: expected (missing)" has "expected: (missing)" "$tmp/out"
cp "$tmp/g1/summary.json" "$tmp/gp/summary.json"
# (c) a byte and (d) a timestamp of a capture record (record 1's data
# starts at byte 40: 24 of file header, 16 of record header)
gzip -dc "$tmp/g1/wire-tx.pcap.gz" >"$tmp/w.pcap"
orig=$(od -An -tx1 -j 60 -N 1 "$tmp/w.pcap" | tr -d ' ')
new=$(printf '%02x' $(((0x$orig + 1) % 256)))
printf "\\x$new" | dd of="$tmp/w.pcap" bs=1 seek=60 conv=notrunc 2>/dev/null
gzip -n -c "$tmp/w.pcap" >"$tmp/gp/wire-tx.pcap.gz"
ns check "$VV" --golden "$tmp/gp"
t "capture byte: exit 1" eq "$rc" 1
t "capture byte: 1 record" hasre "^  wire-tx.pcap +DIFFERS: 1 of [0-9]+ records differ$" "$tmp/out"
t "capture byte: where" has "first divergence: record 1 (bytes)" "$tmp/out"
t "capture byte: expected byte 20 = 0x$new" hasre "expected: t [0-9]+\.[0-9]{9} s, [0-9]+ of [0-9]+ bytes, byte 20 = 0x$new$" "$tmp/out"
t "capture byte: actual byte 20 = 0x$orig" hasre "actual: +t [0-9]+\.[0-9]{9} s, [0-9]+ of [0-9]+ bytes, byte 20 = 0x$orig$" "$tmp/out"
# bump OFFSET: the golden's wire-tx.pcap with the byte at OFFSET one more
bump() {
	gzip -dc "$tmp/g1/wire-tx.pcap.gz" >"$tmp/w.pcap"
	local v=$(od -An -tu1 -j "$1" -N 1 "$tmp/w.pcap" | tr -d ' ')
	printf "\\x$(printf '%02x' $(((v + 1) % 256)))" | dd of="$tmp/w.pcap" bs=1 seek="$1" conv=notrunc 2>/dev/null
	gzip -n -c "$tmp/w.pcap" >"$tmp/gp/wire-tx.pcap.gz"
	ns check "$VV" --golden "$tmp/gp"
}
bump 28
t "capture timestamp: exit 1" eq "$rc" 1
t "capture timestamp: where" has "first divergence: record 1 (timestamp)" "$tmp/out"
# (d2) record 1's wire length (orig_len, bytes 36-39 of the file: 24 of
# file header, then 12 into the record header) one more, its bytes the same
bump 36
t "capture wire length: exit 1 (got $rc)" eq "$rc" 1
t "capture wire length: where" has "first divergence: record 1 (length)" "$tmp/out"
cp "$tmp/g1/wire-tx.pcap.gz" "$tmp/gp/"
# a record fewer in the golden's capture (python walks the N records of
# the file, 16-byte record headers with the captured length at offset 8,
# and writes the header and the first N-1): the run's record N is in no
# golden record, so 1 of the golden's N-1 records differs, at record N
gzip -dc "$tmp/g1/wire-tx.pcap.gz" >"$tmp/w.pcap"
nrec=$(python3 - "$tmp/w.pcap" "$tmp/w1.pcap" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read()
e = "<" if b[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
off, ends = 24, []
while off < len(b):
    off += 16 + struct.unpack(e + "I", b[off + 8:off + 12])[0]
    ends.append(off)
open(sys.argv[2], "wb").write(b[:ends[-2]])
print(len(ends))
PY
)
gzip -n -c "$tmp/w1.pcap" >"$tmp/gp/wire-tx.pcap.gz"
ns check "$VV" --golden "$tmp/gp"
t "capture record left out: exit 1 (got $rc)" eq "$rc" 1
t "capture record left out: 1 of $((nrec - 1)) records" hasre "^  wire-tx.pcap +DIFFERS: 1 of $((nrec - 1)) records differ$" "$tmp/out"
t "capture record left out: at record $nrec" has "first divergence: record $nrec (the other capture ends)" "$tmp/out"
cp "$tmp/g1/wire-tx.pcap.gz" "$tmp/gp/"
# a capture whose gzip trailer (CRC and size, its last 8 bytes) is cut off:
# every record is there, the file is still cut short; libpcap sees the end
# at a record's end, so zlib's end of file must say it (exit 2, not same)
gzip -dc "$tmp/g1/wire-tx.pcap.gz" | gzip -n -c >"$tmp/w.gz"
head -c $(($(stat -c %s "$tmp/w.gz") - 8)) "$tmp/w.gz" >"$tmp/gp/wire-tx.pcap.gz"
ns check "$VV" --golden "$tmp/gp"
t "capture without its gzip trailer: exit 2 (got $rc)" eq "$rc" 2
t "capture without its gzip trailer: cut short" has "$tmp/gp/wire-tx.pcap.gz: gzip could not decompress it (damaged?): the data is cut short" "$tmp/err"
cp "$tmp/g1/wire-tx.pcap.gz" "$tmp/gp/"
# (e) an event line left out
gzip -dc "$tmp/g1/events.tsv.gz" | sed '100d' | gzip -n >"$tmp/gp/events.tsv.gz"
l100=$(gzip -dc "$tmp/g1/events.tsv.gz" | sed -n '100p')
ns check "$VV" --golden "$tmp/gp"
t "event left out: exit 1" eq "$rc" 1
t "event left out: line 100" has "first divergence: line 100, frame $(printf '%s' "$l100" | cut -f2)" "$tmp/out"
t "event left out: the line shown as actual" has "actual:   $(show "$l100")" "$tmp/out"
t "event left out: 1 frame, or lines of no frame" hasre "^  events.tsv +DIFFERS: (1|0) of [0-9]+ frames differ" "$tmp/out"
# (f) damaged and missing: cut short, and a wrong CRC (the trailer's first byte)
head -c 5000 "$tmp/g1/events.tsv.gz" >"$tmp/gp/events.tsv.gz"
ns check "$VV" --golden "$tmp/gp"
t "gzip cut short: exit 2 (got $rc)" eq "$rc" 2
t "gzip cut short: the file named" has "$tmp/gp/events.tsv.gz" "$tmp/err"
# said as the cut it is, not as a bad last line (it said "not a line of
# events.tsv" of the line the cut broke)
t "gzip cut short: says so" has "$tmp/gp/events.tsv.gz: gzip could not decompress it (damaged?): the data is cut short" "$tmp/err"
t "gzip cut short: no line blamed" eval '! grep -q "not a line of" "$tmp/err"'
cp "$tmp/g1/events.tsv.gz" "$tmp/gp/events.tsv.gz"
sz=$(stat -c %s "$tmp/gp/events.tsv.gz")
crc=$(od -An -tu1 -j $((sz - 8)) -N 1 "$tmp/gp/events.tsv.gz" | tr -d ' ')
printf "\\x$(printf '%02x' $(((crc + 1) % 256)))" | dd of="$tmp/gp/events.tsv.gz" bs=1 seek=$((sz - 8)) conv=notrunc 2>/dev/null
ns check "$VV" --golden "$tmp/gp"
t "gzip CRC wrong: exit 2 (got $rc)" eq "$rc" 2
t "gzip CRC wrong: said" has "$tmp/gp/events.tsv.gz: gzip could not decompress it" "$tmp/err"
# bytes appended after the gzip data: zlib passes over them; the file is
# damaged all the same (review n32: check said "same as the golden")
cp "$tmp/g1/events.tsv.gz" "$tmp/gp/events.tsv.gz"
printf 'junkjunk\n' >>"$tmp/gp/events.tsv.gz"
ns check "$VV" --golden "$tmp/gp"
t "gzip with bytes appended: exit 2 (got $rc)" eq "$rc" 2
t "gzip with bytes appended: said" has "nicshare: $tmp/gp/events.tsv.gz: damaged: its last bytes are not the gzip trailer of its data (bytes appended?)" "$tmp/err"
# a golden file of two gzip members (RFC 1952 2.2: gzip a; gzip b; cat),
# which zcat reads whole: the same as the golden (review n43: "damaged:
# ... bytes appended?" when the split left the last member shorter than
# the data); an empty member first passed already
gzip -dc "$tmp/g1/events.tsv.gz" >"$tmp/ev.tsv"
{ head -c 1000 "$tmp/ev.tsv" | gzip -n; tail -c +1001 "$tmp/ev.tsv" | gzip -n; } >"$tmp/gp/events.tsv.gz"
ns check "$VV" --golden "$tmp/gp"
t "gzip of two members: exit 0 (got $rc)" eq "$rc" 0
# and bytes appended after two members are still damage
printf 'junkjunk\n' >>"$tmp/gp/events.tsv.gz"
ns check "$VV" --golden "$tmp/gp"
t "two members and bytes appended: exit 2 (got $rc)" eq "$rc" 2
t "two members and bytes appended: said" has "nicshare: $tmp/gp/events.tsv.gz: damaged: its last bytes are not the gzip trailer of its data (bytes appended?)" "$tmp/err"
rm "$tmp/gp/events.tsv.gz"
ns check "$VV" --golden "$tmp/gp"
t "missing file: exit 2" eq "$rc" 2
t "missing file: said" has "$tmp/gp/events.tsv.gz: missing; the golden is incomplete" "$tmp/err"
cp "$tmp/g1/events.tsv.gz" "$tmp/gp/"
# a directory where a golden's file is (events.tsv.gz; golden.txt, read as
# empty before): said to be one, not "missing", exit 2 before the run
for f in events.tsv.gz golden.txt; do
	[ -e "$tmp/gp/$f" ] && mv "$tmp/gp/$f" "$tmp/gp.$f"
	mkdir "$tmp/gp/$f" || exit 99
	ns check "$VV" --golden "$tmp/gp"
	t "$f a directory: exit 2 (got $rc)" eq "$rc" 2
	t "$f a directory: said, nothing run" eval '[ "$(cat "$tmp/err")" = "nicshare check: $tmp/gp/$f: is a directory, not the golden'"'"'s file; move it away and bless again with \`nicshare bless $VV\`" ] && [ ! -s "$tmp/out" ]'
	rmdir "$tmp/gp/$f"
	[ -e "$tmp/gp.$f" ] && mv "$tmp/gp.$f" "$tmp/gp/$f"
done
rm "$tmp/gp/gp-rx.pcap.gz"           # the last of the files compared
ns check "$VV" --golden "$tmp/gp"
t "last file missing: exit 2" eq "$rc" 2
t "last file missing: said before the run" has "$tmp/gp/gp-rx.pcap.gz: missing; the golden is incomplete" "$tmp/err"
ns check "$VV" --golden "$tmp/nothing-here"
t "no golden: exit 2" eq "$rc" 2
t "no golden: says to bless" has "no golden for this scenario; write one with \`nicshare bless $VV --golden $tmp/nothing-here\`" "$tmp/err"
t "no golden: says where it looked" has "looked in $tmp/nothing-here: the --golden given" "$tmp/err"

# ---- 5b. bless writes only where asked (issue 15 item 1) ----------------------------
# a scenario of the user's, named like a library one, blessed from another folder
mkdir -p "$tmp/user" "$tmp/elsewhere"
printf 'name: mine\n' >"$tmp/user/default.yaml"
lib_before=$(cd "$G/default" && md5sum * | md5sum)
(cd "$tmp/elsewhere" && "$bin" bless ../user/default.yaml >"$tmp/out" 2>"$tmp/err")
rc=$?
t "user's default.yaml: bless exit 0 (got $rc)" eq "$rc" 0
t "user's default.yaml: the golden beside it" test -f "$tmp/user/default.golden/golden.txt"
t "user's default.yaml: nothing in the folder bless ran from" eq "$(ls -A "$tmp/elsewhere")" ""
lib_after=$(cd "$G/default" && md5sum * | md5sum)
t "user's default.yaml: the library's default golden untouched" eq "$lib_after" "$lib_before"
(cd "$tmp/elsewhere" && "$bin" check ../user/default.yaml >"$tmp/out" 2>"$tmp/err")
rc=$?
t "user's default.yaml: check exit 0 (got $rc)" eq "$rc" 0
t "check says where it looked" has "against ../user/default.golden" "$tmp/out"
# an existing golden is overwritten only with --force, and named
sum_before=$(cd "$tmp/user/default.golden" && md5sum * | md5sum)
"$bin" bless "$tmp/user/default.yaml" --set rt.udp_ports=7000 >"$tmp/out" 2>"$tmp/err"
rc=$?
t "bless over a golden: exit 2 (got $rc)" eq "$rc" 2
t "bless over a golden: named, --force said" hasre "$tmp/user/default.golden: a golden is already there .*--force" "$tmp/err"
t "bless over a golden: untouched" eq "$(cd "$tmp/user/default.golden" && md5sum * | md5sum)" "$sum_before"
"$bin" bless "$tmp/user/default.yaml" --set rt.udp_ports=7000 --force >"$tmp/out" 2>"$tmp/err"
t "bless --force over a golden: exit 0" eq "$?" 0
t "bless --force over a golden: rewritten" has "set	rt.udp_ports=7000" "$tmp/user/default.golden/golden.txt"
# --golden with missing parents: made
"$bin" bless "$tmp/user/default.yaml" --golden "$tmp/deep/er/g" >"$tmp/out" 2>"$tmp/err"
t "bless --golden a/b/c: parents made" test -f "$tmp/deep/er/g/golden.txt"
# a scenario named without a folder is in "." (src/paths.c): the library's
# default.yaml from inside scenarios/ is the library's, checked against
# its golden in traces/golden/
(cd "$top/scenarios" && "$bin" check default.yaml >"$tmp/out" 2>"$tmp/err")
rc=$?
t "check default.yaml from scenarios/: exit 0 (got $rc)" eq "$rc" 0
t "check default.yaml from scenarios/: the library's golden" hasre "^nicshare check: default.yaml against .*/traces/golden/default$" "$tmp/out"
# a file named only .yaml has no extension to strip (as python's
# pathlib.Path('.yaml').stem is '.yaml'): its golden is .yaml.golden
mkdir -p "$tmp/dot"
printf 'name: dot\n' >"$tmp/dot/.yaml"
"$bin" bless "$tmp/dot/.yaml" >"$tmp/out" 2>"$tmp/err"
t "bless .yaml: exit 0" eq "$?" 0
t "bless .yaml: its golden .yaml.golden" test -f "$tmp/dot/.yaml.golden/golden.txt"
# .yml is stripped as .yaml is (pathlib.Path('s.yml').stem is 's')
printf 'name: yml\n' >"$tmp/dot/s.yml"
"$bin" bless "$tmp/dot/s.yml" >"$tmp/out" 2>"$tmp/err"
t "bless s.yml: exit 0" eq "$?" 0
t "bless s.yml: its golden s.golden" test -f "$tmp/dot/s.golden/golden.txt"

# ---- 5c. diff is exact first (issue 15 item 7) ------------------------------------
# every rt frame one cycle slower: said frame by frame, before any percentile
"$bin" check "$top/scenarios/voip-gateway.yaml" --set cost.rt_deliver=631cycles --out "$tmp/slow" >/dev/null 2>&1
ns diff "$G/voip-gateway" "$tmp/slow" --max 2
t "one cycle slower: diff exit 1 (got $rc)" eq "$rc" 1
t "one cycle slower: said per frame" hasre "^timing: [0-9]+ of [0-9]+ frames changed, every one's span \(first to last event\) by \+1 cycle," "$tmp/out"
t "one cycle slower: timing before latency" test "$(grep -n '^timing: [0-9]' "$tmp/out" | cut -d: -f1)" -lt "$(grep -n '^latency per class' "$tmp/out" | cut -d: -f1)"
t "one cycle slower: the first frames listed" hasre "^  frame 1 +[0-9]+\.\.[0-9]+ -> [0-9]+\.\.[0-9]+ \(span \+1 cycle\)" "$tmp/out"
ns diff "$G/voip-gateway" "$G/voip-gateway"
t "diff of a golden with itself: exit 0" eq "$rc" 0
t "diff of a golden with itself: timing same" hasre "^timing: same for every frame" "$tmp/out"
ns diff "$G/default" "$G/voip-gateway"
t "different captures: warned" hasre "^nicshare diff: WARNING: the runs read different captures" "$tmp/out"

# ---- 6. the verify section under check and bless -------------------------------------
ns check "$VV" --golden "$tmp/g1" --set verify.latency.rt-rx.max=1ns
t "check, verify broken: exit 1" eq "$rc" 1
t "check, verify broken: said" has "nicshare check: FAILED: the scenario's verify section" "$tmp/out"
t "check, verify broken: outputs same" has "  routing.tsv    same: 230 frames" "$tmp/out"
t "check, verify broken: the bound" has "FAIL  verify.latency.rt-rx.max (--set verify.latency.rt-rx.max=1ns)" "$tmp/out"
ns bless "$VV" --golden "$tmp/g3" --set verify.latency.rt-rx.max=1ns
t "bless, verify broken: exit 1" eq "$rc" 1
t "bless, verify broken: nothing written" test ! -e "$tmp/g3"
ns bless "$VV" --golden "$tmp/g3" --set verify.latency.rt-rx.max=1ns --force
t "bless --force: exit 0" eq "$rc" 0
t "bless --force: the --set recorded" has "set	verify.latency.rt-rx.max=1ns" "$tmp/g3/golden.txt"
ns check "$VV" --golden "$tmp/g3"
t "check with other --set than blessed: noted" has "note: the golden was blessed with --set verify.latency.rt-rx.max=1ns" "$tmp/out"
# as many --set as the bless, but another one: noted too
ns check "$VV" --golden "$tmp/g3" --set verify.latency.rt-rx.max=1ms
t "check with one other --set than blessed: exit 0 (got $rc)" eq "$rc" 0
t "check with one other --set than blessed: noted" has "note: the golden was blessed with --set verify.latency.rt-rx.max=1ns; this check runs with --set verify.latency.rt-rx.max=1ms" "$tmp/out"

# ---- 7. diff --------------------------------------------------------------------------
ns diff "$tmp/r1" "$tmp/r2"
t "diff identical: exit 0" eq "$rc" 0
t "diff identical: said" has "nicshare diff: identical routing and latency" "$tmp/out"
ns run "$VV" --out "$tmp/v1" -q
ns run "$VV" --out "$tmp/v2" -q --set rt.udp_ports=5084-5093,5095-5099
t "RT ports without 5094: the scenario's expectations catch it (exit $rc)" eq "$rc" 1
# frames whose routing changed, counted here
moved=$(awk -F'\t' 'FNR == NR { a[$1] = $2 " " $3; next } a[$1] != $2 " " $3 { n++ } END { print n + 0 }' \
	"$tmp/v1/routing.tsv" "$tmp/v2/routing.tsv")
first=$(awk -F'\t' 'FNR == NR { a[$1] = $2 " " $3; next } FNR > 1 && a[$1] != $2 " " $3 { print $1; exit }' \
	"$tmp/v1/routing.tsv" "$tmp/v2/routing.tsv")
ns diff "$tmp/v1" "$tmp/v2" --max 3
t "diff routing: exit 1" eq "$rc" 1
t "diff routing: $moved of 230 frames changed" has "routing: $moved of 230 frames changed" "$tmp/out"
t "diff routing: frame $first first" hasre "^  frame $first +rt rt-port -> gp default$" "$tmp/out"
t "diff routing: 3 listed" eq "$(sed -n '/^routing: frames/,/^routing: [0-9]/p' "$tmp/out" | grep -c '^  frame ')" 3
t "diff routing: the rest counted" has "  ... and $((moved - 3)) more" "$tmp/out"
c1=$(sed -n 's/.*"rt-rx": {"count": \([0-9]*\).*/\1/p' "$tmp/v1/summary.json")
c2=$(sed -n 's/.*"rt-rx": {"count": \([0-9]*\).*/\1/p' "$tmp/v2/summary.json")
t "diff latency: rt-rx count $c1 -> $c2" has "  rt-rx   count $c1 -> $c2" "$tmp/out"
t "diff latency: exact" has "latency per class, A -> B (exact, from latency.tsv):" "$tmp/out"
ns diff "$tmp/p1" "$G/default"
t "diff against a golden: exit 1" eq "$rc" 1
t "diff against a golden: from summary.json" has "from summary.json, histogram percentiles" "$tmp/out"
t "diff against a golden: routing same" has "routing: same (230 frames)" "$tmp/out"
# every RT frame took one cycle more: the exact max moves by one cycle
# (percentiles above 2048 cycles may stay within their histogram bucket)
t "diff against a golden: rt-rx max changed by one cycle" hasre "^          max  ([0-9]+) -> [0-9]+ cycles = [0-9.]+ -> [0-9.]+ ns \(-0\.333 ns, -[0-9.]+%\)$" "$tmp/out"
ns diff "$tmp/v1"
t "diff one directory: exit 2" eq "$rc" 2
ns diff "$tmp/v1" "$tmp/nothing-here"
t "diff no directory: exit 2" eq "$rc" 2
# a latency of 18446744073709552 ns: 1.8446744073709552e19 ps, past 2^64 - 1
# = 18446744073709551615 (it wrapped to 385 ps); refused naming file:line
cp -r "$tmp/v1" "$tmp/vbig"
awk -F'\t' 'BEGIN { OFS = "\t" } NR == 2 { $6 = "18446744073709552" } { print }' \
	"$tmp/v1/latency.tsv" >"$tmp/vbig/latency.tsv"
ns diff "$tmp/v1" "$tmp/vbig"
t "diff, a latency past 2^64 ps: exit 2 (got $rc)" eq "$rc" 2
t "diff, a latency past 2^64 ps: file:line" has "$tmp/vbig/latency.tsv:2: a latency of 2^64 ps (213 days) or more" "$tmp/err"
# just below: 18446744073709551 ns = 18446744073709551000 ps is read (diff
# compares samples by their cycles, unchanged: identical, exit 0)
awk -F'\t' 'BEGIN { OFS = "\t" } NR == 2 { $6 = "18446744073709551" } { print }' \
	"$tmp/v1/latency.tsv" >"$tmp/vbig/latency.tsv"
ns diff "$tmp/v1" "$tmp/vbig"
t "diff, a latency below 2^64 ps: read (exit $rc)" eq "$rc" 0
# ---- 8. a world's golden (issue 13, item 5) ------------------------------------------
# world-voip: the gateway gw (a computer), the far end and the billing host
# (plain hosts, no files), over lan (50 us) and wan (20 ms)
WV=$top/scenarios/world-voip.yaml
ns bless "$WV" --golden "$tmp/gw1"
t "world bless: exit 0 (got $rc)" eq "$rc" 0
for f in routing.tsv events.tsv.gz summary.json wire-tx.pcap.gz rt-rx.pcap.gz gp-rx.pcap.gz; do
	t "world bless: gw/$f" test -s "$tmp/gw1/gw/$f"
done
t "world bless: world.json, golden.txt" test -s "$tmp/gw1/world.json" -a -s "$tmp/gw1/golden.txt"
t "world bless: no file for a plain host" test ! -e "$tmp/gw1/far" -a ! -e "$tmp/gw1/billing"
t "world bless: world.json without its wall-clock" eval '! grep -q "wall_s\|wall_outside" "$tmp/gw1/world.json"'
ns bless "$WV" --golden "$tmp/gw2"
t "world bless twice: the same bytes" diff -r "$tmp/gw1" "$tmp/gw2"
ns bless "$WV" --golden "$tmp/gw1"
t "world bless over a golden: exit 2 (got $rc)" eq "$rc" 2
t "world bless over a golden: names its files" has "a golden is already there (gw/routing.tsv, gw/events.tsv.gz" "$tmp/err"
ns check "$WV" --golden "$tmp/gw1"
t "world check: exit 0 (got $rc)" eq "$rc" 0
t "world check: same" has "nicshare check: same as the golden" "$tmp/out"
# the wan 1 ms longer: every frame from the far end reaches gw 1 ms later,
# so rt-rx.pcap's first record is the golden's + 0.001000000 s
ns check "$WV" --golden "$tmp/gw1" --set world.links.wan.latency=21ms
t "world check, wan +1 ms: exit 1 (got $rc)" eq "$rc" 1
t "world check, wan +1 ms: world.json differs" hasre "^  world.json +DIFFERS: " "$tmp/out"
t "world check, wan +1 ms: gw/rt-rx.pcap differs" hasre "^  gw/rt-rx.pcap +DIFFERS: " "$tmp/out"
t0=$(sed -n '/^  gw\/rt-rx.pcap/,/actual/s/^        expected: t \([0-9.]*\) s.*/\1/p' "$tmp/out")
t1=$(sed -n '/^  gw\/rt-rx.pcap/,/actual/s/^        actual:   t \([0-9.]*\) s.*/\1/p' "$tmp/out")
t "world check, wan +1 ms: first record 1 ms later ($t0 -> $t1)" \
	python3 -c "import sys; sys.exit(0 if round((float('$t1') - float('$t0')) * 1e9) == 1000000 else 1)"
t "world check: says how to compare a computer" has "nicshare diff $tmp/gw1/gw DIR/gw" "$tmp/out"
# a value of the golden's world.json changed by hand
sed 's/"conserved": true/"conserved": false/' "$tmp/gw2/world.json" >"$tmp/wj" && mv "$tmp/wj" "$tmp/gw2/world.json"
ns check "$WV" --golden "$tmp/gw2"
t "world golden changed: exit 1 (got $rc)" eq "$rc" 1
t "world golden changed: names the value" has "first divergence: frames.conserved" "$tmp/out"
rm "$tmp/gw2/gw/routing.tsv"
ns check "$WV" --golden "$tmp/gw2"
t "world golden incomplete: exit 2 (got $rc)" eq "$rc" 2
t "world golden incomplete: names the file" has "$tmp/gw2/gw/routing.tsv: missing" "$tmp/err"
# a world whose computer breaks its verify section is not blessed
# without --force: exit 1, nothing written
ns bless "$WV" --golden "$tmp/gwn" --set verify.latency.rt-rx.max=1ns
t "world bless, gw's verify broken: exit 1 (got $rc)" eq "$rc" 1
t "world bless, gw's verify broken: nothing written" test ! -e "$tmp/gwn"
t "world bless, gw's verify broken: said" has "nicshare bless: a computer broke its verify section" "$tmp/err"
# a computer's verify section broken, its outputs as blessed (--force):
# every file the same, and still check fails (exit 1), saying why
ns bless "$WV" --golden "$tmp/gwv" --set verify.latency.rt-rx.max=1ns --force
t "world bless --force, gw's verify broken: exit 0 (got $rc)" eq "$rc" 0
ns check "$WV" --golden "$tmp/gwv" --set verify.latency.rt-rx.max=1ns
t "world check, gw's verify broken: exit 1 (got $rc)" eq "$rc" 1
t "world check, gw's verify broken: outputs same" eval '! grep -q "DIFFERS" "$tmp/out"'
t "world check, gw's verify broken: said" has "nicshare check: FAILED: a computer's verify section or the world's conservation" "$tmp/out"
# a world of two computers (tests/world/two.yaml: a sends to b, whose
# routing.tsv lists the 3 frames it was handed): each computer's files are
# compared with its own golden, so b's frame 1 said to have gone to gp
# in b's golden is 1 of b's 3 frames, and a's files are all the same
ns bless "$top/tests/world/two.yaml" --golden "$tmp/tw"
t "two computers bless: exit 0 (got $rc)" eq "$rc" 0
sed -i '2s/\trt\trt-port$/\tgp\tdefault/' "$tmp/tw/b/routing.tsv"
ns check "$top/tests/world/two.yaml" --golden "$tmp/tw"
t "two computers, b's golden changed: exit 1 (got $rc)" eq "$rc" 1
t "two computers, b's golden changed: b/routing.tsv 1 of 3" hasre "^  b/routing.tsv +DIFFERS: 1 of 3 frames differ$" "$tmp/out"
t "two computers, b's golden changed: a/routing.tsv same" hasre "^  a/routing.tsv +same: 0 frames$" "$tmp/out"
t "two computers, b's golden changed: b/events.tsv same" hasre "^  b/events.tsv +same: " "$tmp/out"
# diff of two worlds: each computer, then world.json
"$bin" run "$WV" --out "$tmp/wa" --quiet 2>/dev/null
"$bin" run "$WV" --out "$tmp/wb" --quiet --set world.links.wan.latency=21ms 2>/dev/null
ns diff "$tmp/wa" "$tmp/gw1"
t "world diff, run against its golden: exit 0 (got $rc)" eq "$rc" 0
t "world diff: identical" has "nicshare diff: identical worlds" "$tmp/out"
ns diff "$tmp/wa" "$tmp/wb"
t "world diff, wan +1 ms: exit 1 (got $rc)" eq "$rc" 1
t "world diff: the computer gw" has "nicshare diff: computer gw" "$tmp/out"
t "world diff: routing unchanged" has "routing: same (640 frames)" "$tmp/out"
t "world diff: world.json" hasre "^  world.json DIFFERS: " "$tmp/out"
# one computer's run against a world's: refused (exit 2), naming the
# world's computer to compare instead, whichever side the world is on
ns diff "$tmp/wa/gw" "$tmp/wb"
t "diff, one computer against a world: exit 2 (got $rc)" eq "$rc" 2
t "diff, one computer against a world: names B and its computer" \
	has "nicshare diff: $tmp/wb (B) is a world's outputs (world.json, one folder per computer), $tmp/wa/gw one computer's: compare two worlds, or name one of the world's computers: $tmp/wb/gw" "$tmp/err"
ns diff "$tmp/wb" "$tmp/wa/gw"
t "diff, a world against one computer: exit 2 (got $rc)" eq "$rc" 2
t "diff, a world against one computer: names A" has "nicshare diff: $tmp/wb (A) is a world's outputs" "$tmp/err"
t "diff, a world against one computer: nothing on stdout" test ! -s "$tmp/out"
ns diff "$tmp/wa/gw" "$tmp/wb/gw"
t "diff, the computer named instead: compared (exit $rc)" eq "$rc" 1

# ---- 9. hostile inputs to check and bless ---------------------------------------------
# a FIFO as the capture of a scenario with routing expectations: refused
# (exit 2, "is a FIFO"), never opened, so never blocking (timeout's 124)
mkfifo "$tmp/fifo.pcap"
for cmd in check bless; do
	timeout 10 "$bin" $cmd "$top/scenarios/arp-both.yaml" --golden "$tmp/gfifo" \
		--set trace.file="$tmp/fifo.pcap" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	t "$cmd, a FIFO as the capture: exit 2 (got $rc)" eq "$rc" 2
	t "$cmd, a FIFO as the capture: is a FIFO" has "is a FIFO, not a capture file" "$tmp/err"
done
t "bless, a FIFO as the capture: nothing written" test ! -e "$tmp/gfifo"

# routing expectations on a pcapng whose interfaces have different link
# types (pcapng-11if-ether-null: Ethernet and NULL), which libpcap does not
# read (doc/verify.md: exit 2): the run's files match the golden blessed
# without them, and check still exits 2, not "same"
printf 'host:\n  mac: 02:00:00:00:00:01\n  ipv4: 10.0.0.1\ntrace:\n  file: %s\n' \
	"$top/traces/public/pcapng-11if-ether-null.pcapng" >"$tmp/ml.yaml"
ns bless "$tmp/ml.yaml" --golden "$tmp/mlg"
t "two link types: bless exit 0 (got $rc)" eq "$rc" 0
ns check "$tmp/ml.yaml" --golden "$tmp/mlg" --set 'verify.routing=[{match: "udp", goes_to: gp}]'
t "two link types, routing expectations under check: exit 2 (got $rc)" eq "$rc" 2
t "two link types, routing expectations under check: said" has "pcapng-11if-ether-null.pcapng: frame 1: an interface has a type" "$tmp/err"
t "two link types, routing expectations under check: not same" eval '! grep -q "same as the golden" "$tmp/out"'

# ---- 10. check and bless leave no temporary folder ------------------------------------
# a world's run has a folder per computer (HOST/) in $TMPDIR/nicshare-golden.*/,
# which was left behind: $TMPDIR must be empty after each
mkdir "$tmp/td"
TMPDIR=$tmp/td ns check "$top/scenarios/world-split.yaml"
t "world check: exit 0 (got $rc)" eq "$rc" 0
t "world check: nothing left in TMPDIR ($(ls -A "$tmp/td"))" test -z "$(ls -A "$tmp/td")"
TMPDIR=$tmp/td ns check "$WV" --set world.links.wan.latency=21ms
t "world check, a difference: exit 1 (got $rc)" eq "$rc" 1
t "world check, a difference: nothing left in TMPDIR" test -z "$(ls -A "$tmp/td")"
TMPDIR=$tmp/td ns bless "$top/scenarios/world-split.yaml" --golden "$tmp/gws"
t "world bless: exit 0 (got $rc)" eq "$rc" 0
t "world bless: nothing left in TMPDIR" test -z "$(ls -A "$tmp/td")"

# Ctrl-C (SIGINT) during a check: the run stops (exit 2) and its temporary
# folder goes too (it was left behind, growing, before: 1.4 GB for this run).
# A run of 10 s of gp-flood takes seconds; the signal is sent once the
# folder is there, so the run is under way.
TMPDIR=$tmp/td "$bin" check "$top/scenarios/gp-flood.yaml" --set run.duration=10s \
	--set traffic.rtp.0.duration=10s --set traffic.bulk.0.duration=10s >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 1 200); do
	[ -n "$(ls -A "$tmp/td")" ] && break
	sleep 0.05
done
sleep 0.2
kill -INT "$pid"
wait "$pid"
rc=$?
t "check interrupted: exit 2 (got $rc)" eq "$rc" 2
t "check interrupted: said so" has "interrupted" "$tmp/err"
t "check interrupted: nothing left in TMPDIR ($(ls -A "$tmp/td"))" test -z "$(ls -A "$tmp/td")"

ns check --help
t "check --help: exit 0" eq "$rc" 0
t "check --help: usage" has "usage: nicshare check SCENARIO.yaml" "$tmp/out"
ns check "$VV" --frobnicate
t "check unknown option: exit 2" eq "$rc" 2

# doc/verify.md gives the size of default's golden, the largest, and what
# it holds: the figures are the golden's own (it said 1.3 MB of 1.5)
doc=$(tr '\n' ' ' <"$top/doc/verify.md" | tr -s ' ')
mb=$(du -sb "$G/default" | awk '{ printf "%.1f", $1 / 1e6 }')
big=$(du -sb "$G"/*/ | sort -n | tail -1 | awk '{ print $2 }')
t "default's golden is the largest ($big)" eq "$big" "$G/default/"
t "doc/verify.md gives default's golden as about $mb MB" has "golden of \`default\` is the largest, about $mb MB" <(echo "$doc")
n=$(python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))
print("%s frames on the wire: %s of TCP, %s of RTP" % tuple("{:,}".format(v) for v in
      (s["outgoing"]["sent"], s["latency"]["gp-tx"]["count"], s["latency"]["rt-tx"]["count"])))' \
  "$G/default/summary.json")
t "doc/verify.md gives default's $n" has "$n" <(echo "$doc")

echo "golden.sh: $pass passed, $fail failed"
[ "$fail" = 0 ]
