#!/bin/sh
# man.sh - the man pages agree with the program and the reference
# (issue 11 item 4):
#   - nicshare(1) has a subsection (.SS) for every command `nicshare --help`
#     lists, and no other, and shows each command in its SYNOPSIS;
#   - for each command, the options named in the tags (.TP) of its
#     subsection are exactly those of `nicshare CMD --help`; the top-level
#     options (`nicshare --help`) are those of the OPTIONS section;
#   - nicshare-scenario(5) has an entry (.TP) for every key of
#     doc/scenario.md's key tables, and no other, each with a type, and the
#     default of the doc's table where the table has one;
#   - doc/engine.md's walks through the code: each `file.c: fn()` is
#     defined in src/file.c, each "(class N)" is the class src/ schedules
#     that callback with (enum evq_class's order);
#   - every file of the tree that README.md and doc/*.md name exists, and
#     README.md's source layout lists every file of model/ and src/;
#   - both render without groff warnings.
# Options are read from --help generically: every -x/--xxx token of the
# usage line(s) and of each line whose first word is an option (the part
# before the description column), so an option added to --help but not to
# the man page (or removed) fails here with its name.
#
# Environment (set by `make check`): top_srcdir, NICSHARE.
# Exit: 0 all held, 1 a check failed, 77 skipped (no python3).
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
NICSHARE=${NICSHARE:-$top_srcdir/build/nicshare}
command -v python3 >/dev/null 2>&1 || { echo "man.sh: SKIP: no python3"; exit 77; }
export top_srcdir NICSHARE
python3 - <<'PYEOF'
import os, re, subprocess, sys
top = os.environ["top_srcdir"]; ns = os.environ["NICSHARE"]
fails = []
def fail(m): fails.append(m); print("FAIL: " + m)

def helptext(*cmd):
    p = subprocess.run([ns, *cmd, "--help"], capture_output=True, text=True)
    if p.returncode != 0: fail("nicshare %s --help: exit %d" % (" ".join(cmd), p.returncode))
    return p.stdout

OPT = re.compile(r"(?:^|[\s\[,(|])(--?[A-Za-z][A-Za-z0-9-]*)")
def help_options(text):
    opts, in_usage = set(), False
    for line in text.split("\n"):
        if line.startswith("usage:"):
            in_usage = True; opts |= set(OPT.findall(line[6:])); continue
        if in_usage and re.match(r"\s+\[", line):
            opts |= set(OPT.findall(line)); continue
        in_usage = False
        m = re.match(r"\s+(-\S.*)", line)
        if m:
            head = re.split(r"\s{2,}", m.group(1))[0]
            opts |= set(OPT.findall(" " + head))
    return opts

def help_commands(text):
    cmds, on = [], False
    for line in text.split("\n"):
        if line.rstrip().endswith("Commands:"): on = True; continue
        if on:
            if not line.strip(): break
            m = re.match(r"  ([a-z][a-z-]*)\b", line)
            if m: cmds.append(m.group(1))
    return cmds

def unesc(s):
    s = re.sub(r"\\f[BIRP]", "", s); s = s.replace("\\-", "-").replace("\\e", "\\")
    s = re.sub(r'^\.(BI|BR|B|IR|I|RB|RI)\s+', "", s)
    return s.replace('"', "")

def man_sections(path):
    """{(SH, SS): [lines]}"""
    secs, sh, ss = {}, None, None
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line.startswith(".SH "): sh, ss = line[4:].strip('"'), None; continue
        if line.startswith(".SS "): ss = line[4:].strip('"'); continue
        secs.setdefault((sh, ss), []).append(line)
    return secs

def tags(lines):
    """the line after each .TP, unescaped, with the following body"""
    out = []
    for i, l in enumerate(lines):
        if l == ".TP" and i + 1 < len(lines):
            body = []
            for b in lines[i + 2:]:
                if b in (".TP", ".PP") or b.startswith(".SS") or b.startswith(".SH"): break
                body.append(unesc(b))
            out.append((unesc(lines[i + 1]), " ".join(body)))
    return out

# ---- nicshare(1) ----
man1 = man_sections(os.path.join(top, "doc/man/nicshare.1"))
top_help = helptext()
cmds = help_commands(top_help)
if len(cmds) < 8: fail("nicshare --help lists only %d commands: %s" % (len(cmds), cmds))
man_cmds = [ss for (sh, ss) in man1 if sh == "COMMANDS" and ss]
for c in cmds:
    if c not in man_cmds: fail("nicshare.1: no subsection for command '%s'" % c)
for c in man_cmds:
    if c not in cmds: fail("nicshare.1: subsection '%s' is not a command of nicshare --help" % c)
# the SYNOPSIS shows every command
syn = [unesc(l).split() for l in man1.get(("SYNOPSIS", None), [])]
syn_cmds = {w[1] for w in syn if len(w) > 1 and w[0] == "nicshare"}
for c in cmds:
    if c not in syn_cmds: fail("nicshare.1: command '%s' is not in the SYNOPSIS" % c)

def man_opts(lines):
    s = set()
    for t, _ in tags(lines): s |= set(OPT.findall(" " + t))
    return s

def compare(where, h, m):
    for o in sorted(h - m): fail("%s: %s is in --help but not in nicshare.1" % (where, o))
    for o in sorted(m - h): fail("%s: %s is in nicshare.1 but not in --help" % (where, o))

compare("nicshare", help_options(top_help), man_opts(man1.get(("OPTIONS", None), [])))
for t, body in tags(man1.get(("OPTIONS", None), [])):
    if t == "--version" and "libraries" not in body:
        fail("nicshare.1: OPTIONS: --version is said to print the version alone: %s" % body)
n = 0
for c in cmds:
    h = help_options(helptext(c)); n += len(h)
    compare("nicshare " + c, h, man_opts(man1.get(("COMMANDS", c), [])))
    # --version prints the libraries too (nicshare --version)
    for t, body in tags(man1.get(("COMMANDS", c), [])):
        if t == "--version" and "libraries" not in body:
            fail("nicshare.1: %s: --version is said to print the version alone: %s" % (c, body))
    # a paragraph after the options (the exit status) starts with .PP, or
    # it renders as part of the last option's text
    for t, body in tags(man1.get(("COMMANDS", c), [])):
        if "Exit status" in body: fail("nicshare.1: %s: the exit status is inside %s's entry (a .PP missing)" % (c, t))
if n < 20: fail("only %d options found in the commands' --help: extraction broken?" % n)

# ---- nicshare-scenario(5) against doc/scenario.md ----
doc = open(os.path.join(top, "doc/scenario.md"), encoding="utf-8").read()
sec = doc[doc.index("\n## Keys"):doc.index("\n## Profiles")]
KEY = re.compile(r"^`([a-z_]+(?:\.[A-Za-z0-9_.-]+)*)`$")
dkeys, hdr = {}, None
for line in sec.split("\n"):
    if not line.startswith("|"): hdr = None if not line.strip() else hdr; continue
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if set("".join(cells)) <= set("-: "): continue
    if cells[0] == "key": hdr = cells; continue
    if hdr is None: continue
    if all(KEY.match(c) for c in cells):
        for c in cells: dkeys[KEY.match(c).group(1)] = None
        continue
    m = KEY.match(cells[0])
    if not m: fail("doc/scenario.md: a key row without a key: " + line); continue
    d = dict(zip(hdr, cells)).get("default")
    dkeys[m.group(1)] = d
if len(dkeys) < 90: fail("only %d keys read from doc/scenario.md" % len(dkeys))
man5 = man_sections(os.path.join(top, "doc/man/nicshare-scenario.5"))
mkeys = {}
for (sh, ss), lines in man5.items():
    if sh == "KEYS":
        for t, body in tags(lines): mkeys[t.strip()] = body
for k in sorted(set(dkeys) - set(mkeys)): fail("nicshare-scenario.5: no entry for key %s" % k)
for k in sorted(set(mkeys) - set(dkeys)): fail("nicshare-scenario.5: %s is not a key of doc/scenario.md" % k)
for k, d in dkeys.items():
    body = mkeys.get(k)
    if body is None: continue
    if "Type:" not in body or "Default:" not in body: fail("nicshare-scenario.5: %s has no type or default" % k)
    if d is not None:
        want = "Default: " + d.replace("`", "").replace("×", "x").replace("µ", "u") + "."
        if want not in body: fail("nicshare-scenario.5: %s: expected '%s' (doc/scenario.md), entry: %s" % (k, want, body))

# ---- doc/engine.md's walks through the code against src/ ----
# every `file.c: fn()` is defined in that file, and every event class the
# walks give a callback, "(class N)", is the one src/ schedules it with
eng = open(os.path.join(top, "doc/engine.md"), encoding="utf-8").read()
src = os.path.join(top, "src")
evq = open(os.path.join(src, "evq.h"), encoding="utf-8").read()
enum = evq[evq.index("enum evq_class {"):]
classes = re.findall(r"^\s*(EC_[A-Z_]+)\b", enum[:enum.index("};")], re.M)
code = "".join(open(os.path.join(src, f), encoding="utf-8").read()
               for f in sorted(os.listdir(src)) if f.endswith(".c"))
sched = {}
for ec, fn in re.findall(r"\b(EC_[A-Z_]+),\s*(\w+),", code):
    sched.setdefault(fn, set()).add(ec)
nwalk = 0
for f, fn in re.findall(r"`(\w+\.c): (\w+)\(\)", eng):
    nwalk += 1
    path = os.path.join(src, f)
    if not os.path.exists(path): fail("doc/engine.md: %s: no src/%s" % (fn, f)); continue
    if not re.search(r"^\w[^;]*\b%s\(" % fn, open(path, encoding="utf-8").read(), re.M):
        fail("doc/engine.md: %s() is not defined in src/%s" % (fn, f))
for fn, k in re.findall(r"`(?:\w+\.c: )?(\w+)(?:\(\))?`[^`()]{0,40}\(class (\d+)\)", eng):
    nwalk += 1
    want = classes[int(k)] if int(k) < len(classes) else "class %s" % k
    if want not in sched.get(fn, ()):
        fail("doc/engine.md: %s (class %s, %s): src/ schedules it as %s" % (fn, k, want, sorted(sched.get(fn, ())) or "nothing"))
if nwalk < 15: fail("only %d functions read from doc/engine.md's walks" % nwalk)
# the latency statistics' memory in doc/engine.md's Limits table is
# src/hist.h's HIST_NBUCKETS (it said 56,320 of 57,344)
hist = open(os.path.join(src, "hist.h"), encoding="utf-8").read()
sub = int(re.search(r"#define HIST_SUB_BITS (\d+)", hist).group(1))
octs = int(re.search(r"HIST_NBUCKETS \(\(1u << HIST_SUB_BITS\) \+ (\d+)u \*", hist).group(1))
nb = (1 << sub) + octs * (1 << (sub - 1))
if "| latency statistics | {:,} buckets x 8 bytes per class".format(nb) not in eng:
    fail("doc/engine.md: the latency statistics are not given as HIST_NBUCKETS = {:,} buckets".format(nb))
# every file of the tree that README.md and doc/*.md name exists
# (model/ring.[ch] as model/ring.c; names with a placeholder, NAME or HOST,
# left out)
PATH_RE = re.compile(r"(?<![\w/.$()-])((?:src|model|tests|traces|scenarios|bench|reports|fuzz|"
                     r"completion|notes|doc)/[A-Za-z0-9_./-]*[A-Za-z0-9_])(\.\[ch\])?")
npath = 0
for f in ["README.md"] + sorted("doc/" + x for x in os.listdir(os.path.join(top, "doc")) if x.endswith(".md")):
    for m in PATH_RE.finditer(open(os.path.join(top, f), encoding="utf-8").read()):
        p = m.group(1) + (".c" if m.group(2) else "")
        if re.search(r"[A-Z]{3,}", p): continue
        npath += 1
        if not os.path.exists(os.path.join(top, p)): fail("%s names %s, which is not in the tree" % (f, p))
if npath < 100: fail("only %d paths read from the docs" % npath)
# README.md's source layout lists every file pair of model/ and src/
readme = open(os.path.join(top, "README.md"), encoding="utf-8").read()
layout = readme[readme.index("## Source layout"):readme.index("## Tests and benchmarks")]
for d in ("model", "src"):
    for f in sorted(os.listdir(os.path.join(top, d))):
        if not f.endswith(".c"): continue
        b = f[:-2]
        if "`%s.[ch]`" % b not in layout and "`%s`" % f not in layout:
            fail("README.md's source layout does not list %s/%s" % (d, f))
print("man.sh: %d commands, %d options, %d keys, %d engine.md references, %d paths compared" % (len(cmds), n, len(dkeys), nwalk, npath))
sys.exit(1 if fails else 0)
PYEOF
rc=$?
[ $rc -eq 0 ] || exit 1
if command -v groff >/dev/null 2>&1; then
	for p in "$top_srcdir/doc/man/nicshare.1" "$top_srcdir/doc/man/nicshare-scenario.5"; do
		w=$(groff -man -ww -z "$p" 2>&1)
		[ -z "$w" ] || { echo "FAIL: groff warnings in $p:"; echo "$w"; exit 1; }
	done
fi
echo "man.sh: all held"
