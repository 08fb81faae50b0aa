"""e2echeck.py - the verdict lines of the Python parts of tests/e2e/*.sh.

    sys.path.insert(0, TESTS_DIR); from e2echeck import check, done

check(what, cond) prints "ok   what" or "FAIL what" and remembers the
failures; done(name) prints "name: N failed" and exits 1 if any failed.
tsv(path) reads a TSV file with a header line; sip_frames(path, extra)
reads tshark's SIP fields (-T fields -E occurrence=a -E aggregator=,
-e frame.number -e frame.time_relative -e sip.Method -e sip.Status-Code
-e sip.CSeq.method, then the extra ones) and
sip_times_agree(A, B, shift, pairs) compares two captures' messages.
"""
import sys

fails = []


def check(what, cond):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        fails.append(what)


def done(name):
    print("%s: %d failed" % (name, len(fails)))
    sys.exit(1 if fails else 0)


def tsv(path):
    """the rows of a TSV file under its header line, as dicts"""
    rows = [l.rstrip("\n").split("\t") for l in open(path)]
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def sip_frames(path, extra=()):
    """each frame of tshark's SIP fields (above; then the fields named in
    extra): n, t, msgs (its methods and statuses), cseqm, and extra's"""
    out = []
    for l in open(path):
        x = l.rstrip("\n").split("\t")
        x += [""] * (5 + len(extra) - len(x))
        msgs = (x[2].split(",") if x[2] else []) + (x[3].split(",") if x[3] else [])
        f = dict(n=int(x[0]), t=float(x[1]), msgs=msgs, cseqm=x[4].split(","))
        f.update(zip(extra, x[5:]))
        out.append(f)
    return out


def sip_times_agree(A, B, shift, pairs):
    """each (message, CSeq method) of pairs is in one frame of A and one of
    B, A's `shift` seconds after B's"""
    def when(fs, what, cseqm):
        return [f["t"] for f in fs if what in f["msgs"] and cseqm in f["cseqm"]]
    return all(len(when(A, w, c)) == 1 and len(when(B, w, c)) == 1 and
               abs(when(A, w, c)[0] - shift - when(B, w, c)[0]) < 1e-7 for w, c in pairs)
