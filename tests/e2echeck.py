"""e2echeck.py - the verdict lines of the Python parts of tests/e2e/*.sh.

    sys.path.insert(0, TESTS_DIR); from e2echeck import check, done

check(what, cond) prints "ok   what" or "FAIL what" and remembers the
failures; done(name) prints "name: N failed" and exits 1 if any failed.
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
