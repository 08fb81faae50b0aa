#!/usr/bin/env python3
"""worldvary: seeded random variations of the library's worlds (issue 13:
"VoIP worlds with parameters you have not seen").

Each variation takes scenarios/world-voip.yaml, world-calls.yaml or
world-split.yaml and a list of --set overrides drawn from a generator
seeded by (seed, index): link bandwidth, latency (odd units included),
loss, queue, call counts, spacing, hold, codec mix, ptime, far-end
delays, world.duration cut at odd instants, links down and up, host
kinds, the gateway's clock. The same seed gives the same variations.
One in six is run until quiet: the base's world.duration is taken out of
a copy of the scenario (beside symbolic links to the others) and the
gateway's own run.duration set to the drawn length instead, so that the
gateway ends while the far end may still send (drawn last: the other
draws of a seed are those of before).

For every variation it runs world.network simgrid, exact one host at a
time (--threads 1), exact with hosts side by side (--threads 2), and
simgrid again, and checks:
- exit 0, or exit 2 with one FILE:LINE:COL or "--set KEY=VALUE:" message
  and no output directory (a value that is truly invalid); anything else
  (a crash, a sanitizer report, an assertion, exit 1, a hang) is a bug;
- world.json: sent == delivered + dropped (by reason) + in flight, and
  "conserved": true;
- simgrid and both exact runs' outputs equal (but for wall clocks,
  SimGrid's clock, the network line and the SimGrid bus's entry), as
  tests/e2e/world.sh;
- the simgrid rerun byte-identical (but for wall clocks).

usage: worldvary.py --bin NICSHARE --top SRCDIR [--seed S] [--count N]
                    [--first I] [--timeout SEC] [--small] [--list] [--quiet]
Exit status: 0 every variation held, 1 some did not (each printed with
its --set lines, to reproduce), 2 bad usage.
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

BASES = ["world-voip", "world-calls", "world-split"]


def dur(rng, lo_ps, hi_ps):
    """A duration between lo and hi picoseconds (log-uniform), written in
    a unit drawn at random with odd fractions (1.3us, 7ns, 0.02ms...)."""
    import math
    lo = max(lo_ps, 1)
    v = int(math.exp(rng.uniform(math.log(lo), math.log(max(hi_ps, lo)))))
    if lo_ps == 0 and rng.random() < 0.1:
        return rng.choice(["0s", "0ms", "0"])
    units = [(u, k) for u, k in (("s", 10**12), ("ms", 10**9), ("us", 10**6),
                                  ("ns", 10**3), ("ps", 1)) if v >= k]
    unit, scale = rng.choice(units[:2])
    dec = min(rng.choice([0, 1, 2, 3, 6]), len(str(scale)) - 1)
    txt = f"{v / scale:.{dec}f}"
    if "." in txt:
        txt = txt.rstrip("0").rstrip(".")
    return txt + unit


def bw(rng):
    v = int(10 ** rng.uniform(7, 10))          # 10 Mbit/s .. 10 Gbit/s
    form = rng.choice(["bit", "k", "M", "G", "round"])
    if form == "bit":
        return f"{v}bit/s"
    if form == "k":
        return f"{v // 1000}kbit/s"
    if form == "M":
        return f"{max(v // 10**6, 10)}Mbit/s"
    if form == "G":
        return rng.choice(["1Gbit/s", "10Gbit/s", "2.5Gbit/s"])
    return rng.choice(["10Mbit/s", "100Mbit/s", "1Gbit/s", "155Mbit/s", "45Mbit/s"])


def lat(rng):
    r = rng.random()
    if r < 0.1:
        return rng.choice(["1.3us", "7ns", "1ns", "0.5us", "333ns"])
    return dur(rng, 10**4, 50 * 10**9)         # 10 ns .. 50 ms


def links_of(base):
    return ["lan", "wan", "blan"]


def vary(seed, idx, small=False):
    """(base, [--set values], gw's run.duration in ps for a world run until
    quiet or None) of variation idx."""
    rng = random.Random(seed * 1000003 + idx)
    base = BASES[idx % 3] if rng.random() < 0.8 else rng.choice(BASES)
    sets = []
    calls = base == "world-calls"
    # the world's length: seconds for calls, a fraction of one otherwise
    if calls:
        wd = rng.randint(200 * 10**9, (10**12 if small else 3 * 10**12))
    else:
        wd = rng.randint(10**9, (150 if small else 400) * 10**9)
    wd += rng.randint(0, 10**6)                 # cut at an odd instant
    sets.append(f"world.duration={wd}ps" if rng.random() < 0.5 else
                f"world.duration={wd / 1e9:.6f}ms")
    for l in links_of(base):
        if rng.random() < 0.7:
            sets.append(f"world.links.{l}.bandwidth={bw(rng)}")
        if rng.random() < 0.7:
            sets.append(f"world.links.{l}.latency={lat(rng)}")
        if rng.random() < 0.2:
            sets.append(f"world.links.{l}.loss=" + rng.choice(["1%", "0.05", "30%", "0.001", "99%"]))
        if rng.random() < 0.15:
            sets.append(f"world.links.{l}.queue={rng.choice([1, 2, 5, 50])}")
    if rng.random() < 0.25:                     # a link down, then maybe up
        l = rng.choice(links_of(base))
        a = rng.randint(0, wd)
        ev = [f"{{at: {a}ps, link: {l}, up: false}}"]
        if rng.random() < 0.7:
            ev.append(f"{{at: {a + rng.randint(1, wd)}ps, link: {l}, up: true}}")
        sets.append("world.timeline=[" + ", ".join(ev) + "]")
    if rng.random() < 0.15:
        sets.append("cpu.hz=" + rng.choice(["2.4GHz", "1GHz", "2.5GHz", "3.3GHz", "1.8GHz"]))
    if calls:
        n = rng.randint(1, 100 if small else 400)
        sets.append(f"calls.generator.count={n}")
        sets.append(f"calls.generator.start={dur(rng, 0, 200 * 10**9)}")
        sets.append(f"calls.generator.spacing={dur(rng, 10**6, 20 * 10**9)}")
        sets.append(f"calls.generator.hold={dur(rng, 10**9, 2 * 10**12)}")
        for c in ("pcmu", "pcma", "g729"):
            if rng.random() < 0.5:
                sets.append(f"calls.generator.{c}={rng.randint(0, 3)}")
        if rng.random() < 0.3:
            sets.append(f"calls.generator.ptime={rng.choice([10, 20, 30, 40, 60])}ms")
        if rng.random() < 0.5:
            sets.append(f"calls.generator.outgoing={rng.randint(0, 100)}")
        if rng.random() < 0.2:
            sets.append("calls.generator.mode=poisson")
            sets.append(f"calls.generator.rate={rng.randint(1, 300)}")
            sets.append(f"calls.generator.window={dur(rng, 10**9, 10**12)}")
        if rng.random() < 0.2:
            sets.append("calls.generator.hold_dist=exponential")
        if rng.random() < 0.6:
            d100 = rng.randint(0, 50 * 10**9)
            d180 = d100 + rng.randint(0, 100 * 10**9)
            d200 = d180 + rng.randint(0, 500 * 10**9)
            sets += [f"calls.far.d100={d100}ps", f"calls.far.d180={d180}ps",
                     f"calls.far.d200={d200}ps",
                     f"calls.far.ack={dur(rng, 0, 50 * 10**9)}",
                     f"calls.far.bye_ok={dur(rng, 0, 50 * 10**9)}"]
        if rng.random() < 0.2:
            sets.append(f"calls.delay_budget={dur(rng, 0, 100 * 10**9)}")
    else:
        ch = rng.randint(1, 128)
        sets.append(f"world.hosts.far.channels={ch}")
        far = "world.hosts.far."
        for p, key, val in (
                (0.5, far + "ptime", lambda: dur(rng, 2 * 10**8, 60 * 10**9)),
                (0.5, far + "payload", lambda: rng.choice([0, 20, 80, 160, 240, 1200, 1458])),
                (0.5, far + "stagger", lambda: dur(rng, 0, 10**9)),
                (0.5, far + "start", lambda: dur(rng, 0, 50 * 10**9)),
                (0.3, far + "duration", lambda: dur(rng, 10**9, 300 * 10**9)),
                (0.3, far + "echo", lambda: "true")):
            if rng.random() < p:
                sets.append(f"{key}={val()}")
        if rng.random() < 0.2:                  # host kinds
            k = rng.choice(["sink", "bulk", "billing", "rtp"])
            sets.append(f"{far}app={k}")
            if k == "bulk":
                sets.append(f"{far}rate={rng.choice(['1Mbit/s', '10Mbit/s', '64kbit/s'])}")
                sets.append(f"{far}frame_size={rng.randint(60, 1514)}")
        for p, key, val in (
                (0.15, "world.hosts.billing.app", lambda: rng.choice(["sink", "billing"])),
                (0.5, "traffic.rtp.0.channels", lambda: rng.randint(1, 128)),
                (0.3, "traffic.bulk.0.rate", lambda: rng.choice(["100kbit/s", "1Mbit/s", "20Mbit/s"])),
                (0.3, "traffic.bulk.0.frame_size", lambda: rng.randint(60, 1514))):
            if rng.random() < p:
                sets.append(f"{key}={val()}")
        if base == "world-split" and rng.random() < 0.5:
            sets.append(f"bus.channel_latency={dur(rng, 0, 10**8)}")
            sets.append(f"bus.channel_per_byte={rng.choice([0, 1, 8, 100, 8000])}ps/B")
        if base == "world-voip" and rng.random() < 0.15:
            sets.append("dispatcher.policy=" + rng.choice(["tdma", "priority"]))
        if rng.random() < 0.15:                 # a second computer behind the LAN
            # (where wan and blan meet: a route of its crossing lan again
            # would join lan's two ends, refused)
            sets.append("world.hosts.gw2={scenario: default.yaml, set: [host.ipv4=10.0.0.9, "
                        "host.mac=02:00:00:00:00:09]}")
            sets.append("world.routes=[{between: [gw, gw2], links: [lan]}, "
                        "{between: [gw2, far], links: [wan]}, "
                        "{between: [gw2, billing], links: [blan]}]")
    quiet = None
    if rng.random() < 1 / 6:                    # until quiet, the gateway ending
        quiet = wd
        sets = [x for x in sets if not x.startswith("world.duration=")]
    return base, sets, quiet


def quiet_copy(top, base, gw_ps, work, idx):
    """scenarios/BASE.yaml without its world.duration and with gw's
    run.duration, in a folder of links to the others (profiles, default.yaml
    and ../traces resolve as in the tree). Its path."""
    d = os.path.join(work, f"scen-{idx}", "scenarios")
    os.makedirs(d)
    os.symlink(os.path.join(top, "traces"), os.path.join(work, f"scen-{idx}", "traces"))
    src = os.path.join(top, "scenarios")
    for f in os.listdir(src):
        if f != base + ".yaml":
            os.symlink(os.path.join(src, f), os.path.join(d, f))
    text = open(os.path.join(src, base + ".yaml")).read()
    n0 = len(text)
    text = re.sub(r"(?m)^  duration: \S+\n", "", text, count=1)
    text = text.replace("    gw: {scenario: self}",
                        "    gw: {scenario: self, set: [run.duration=%dps]}" % gw_ps, 1)
    assert len(text) != n0 and "run.duration=" in text, base
    p = os.path.join(d, base + ".yaml")
    with open(p, "w") as fh:
        fh.write(text)
    return p


def strip_line(line, cross):
    if b'"wall' in line:
        return None
    if cross and (b'"simgrid_clock_s"' in line or b'"network"' in line):
        return None
    if cross:
        line = re.sub(rb', "bus": \{[^}]*\}', b"", line)
    return line


def tree(d, cross):
    out = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                lines = [strip_line(x, cross) for x in fh.read().split(b"\n")]
            out[os.path.relpath(p, d)] = b"\n".join(x for x in lines if x is not None)
    return out


LOC = re.compile(r"^(nicshare: )?(\S+\.yaml:\d+:\d+: |--set \S+: )")
BAD = re.compile(r"AddressSanitizer|runtime error|LeakSanitizer|Assertion|assert|Segmentation|"
                 r"Aborted|core dumped|xbt_|SimGrid.*(error|abort)", re.I)


def run(binp, scen, sets, net, out, timeout, threads=1):
    cmd = [binp, "run", scen, "--out", out, "--quiet", "--set", f"world.network={net}",
           "--threads", str(threads)]
    for s in sets:
        cmd += ["--set", s]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout)
        return p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "hang", ""


def check_one(args, idx, work):
    base, sets, quiet = vary(args.seed, idx, args.small)
    scen = os.path.join(args.top, "scenarios", base + ".yaml")
    if quiet is not None:
        scen = quiet_copy(args.top, base, quiet, work, idx)
    probs = []
    res = {}
    for tag, net, th in (("sg", "simgrid", 1), ("ex", "exact", 1), ("exp", "exact", 2),
                         ("sg2", "simgrid", 1)):
        out = os.path.join(work, f"{idx}-{tag}")
        rc, err = run(args.bin, scen, sets, net, out, args.timeout, th)
        net = f"{net} --threads {th}" if net == "exact" else net
        res[tag] = (rc, err, out)
        if rc == "hang":
            probs.append(f"{net}: no end in {args.timeout} s")
            continue
        if BAD.search(err) or rc not in (0, 2):
            probs.append(f"{net}: exit {rc}: {err.strip()[:600]}")
            continue
        if rc == 2:
            lines = [x for x in err.splitlines() if x.strip()]
            if not lines or not LOC.match(lines[0]):
                probs.append(f"{net}: exit 2 without FILE:LINE:COL: {err.strip()[:600]}")
            if os.path.exists(out):
                probs.append(f"{net}: exit 2 but {out} written")
            continue
        try:
            wj = json.load(open(os.path.join(out, "world.json")))
            fr = wj["frames"]
            d = sum(fr["dropped"].values())
            if fr["sent"] != fr["delivered"] + d + fr["in_flight"] or not fr["conserved"]:
                probs.append(f"{net}: not conserved: {fr}")
            for fl in wj.get("flows", []):
                if fl["sent"] != fl["delivered"] + fl["dropped"] + fl.get("in_flight", 0):
                    probs.append(f"{net}: flow not conserved: {fl}")
                    break
            if net == "simgrid" and wj["simgrid_max_deviation_ticks"] >= 32:   # DEV_MAX, src/world.c
                probs.append(f"simgrid deviation {wj['simgrid_max_deviation_ticks']}")
        except (OSError, ValueError, KeyError) as e:
            probs.append(f"{net}: world.json: {e}")
    rcs = {k: v[0] for k, v in res.items()}
    if len(set(map(str, rcs.values()))) != 1:
        probs.append(f"exit statuses differ: {rcs}")
    elif rcs["sg"] == 0 and not probs:
        a = tree(res["sg"][2], True)
        for k in ("ex", "exp"):
            b = tree(res[k][2], True)
            if a.keys() != b.keys():
                probs.append(f"simgrid/{k} file lists differ: {sorted(a.keys() ^ b.keys())}")
            for f in sorted(a.keys() & b.keys()):
                if a[f] != b[f]:
                    probs.append(f"simgrid/{k} differ: {f}")
                    break
        a, c = tree(res["sg"][2], False), tree(res["sg2"][2], False)
        for f in sorted(a.keys() | c.keys()):
            if a.get(f) != c.get(f):
                probs.append(f"simgrid rerun differs: {f}")
                break
    for v in res.values():
        shutil.rmtree(v[2], ignore_errors=True)
    shutil.rmtree(os.path.join(work, f"scen-{idx}"), ignore_errors=True)
    return base, sets, quiet, rcs, probs


def until(quiet):
    """How a variation run until quiet is told apart when printed."""
    if quiet is None:
        return ""
    return f" (until quiet: no world.duration, gw set: [run.duration={quiet}ps])"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--top", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--list", action="store_true", help="print the variations, run nothing")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--small", action="store_true",
                    help="shorter worlds, at most 100 calls (the suite's bounded campaign)")
    a = ap.parse_args()
    if a.list:
        for i in range(a.first, a.first + a.count):
            base, sets, quiet = vary(a.seed, i, a.small)
            print(f"{i} {base}{until(quiet)} " + " ".join("--set '" + s + "'" for s in sets))
        return 0
    work = tempfile.mkdtemp(prefix="nicshare-worldvary-")
    bad = ok = refused = 0
    try:
        for i in range(a.first, a.first + a.count):
            base, sets, quiet, rcs, probs = check_one(a, i, work)
            if probs:
                bad += 1
                print(f"FAIL seed {a.seed} #{i} {base}{until(quiet)}: " + "; ".join(probs))
                print("  nicshare run scenarios/" + base + ".yaml " +
                      " ".join("--set '" + s + "'" for s in sets))
            elif rcs["sg"] == 2:
                refused += 1
            else:
                ok += 1
            if not a.quiet and not probs:
                print(f"ok   #{i} {base} exit {rcs['sg']}")
            sys.stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"worldvary seed {a.seed}: {a.count} variations, {ok} ran, {refused} refused "
          f"(exit 2), {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
