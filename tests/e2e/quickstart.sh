#!/bin/sh
# quickstart.sh - ./quickstart's own behaviour, without installing or
# building anything: a copy of it in a scratch folder, with stand-ins on
# PATH for dpkg-query (every package installed), configure and make.
#   - an unknown mode: exit 2 and the usage line on stderr;
#   - `quickstart test` run from another folder, where `make check` fails
#     with exit 2: quickstart exits 2 and prints, after "== LOG", the end of
#     the log of each test whose .trs says FAIL, XPASS or ERROR (automake's
#     ":test-result: ..." line), and nothing of a test that passed.
#
# Environment (set by `make check`): top_srcdir.
# Exit: 0 all held, 1 a check failed, 99 the test could not run.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d "${TMPDIR:-/tmp}/ns-quickstart.XXXXXX") || exit 99
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

Q=$T/tree
mkdir -p "$Q" "$T/bin" "$T/elsewhere" || exit 99
cp "$top_srcdir/quickstart" "$Q/quickstart" || exit 99
: >"$Q/configure.ac"; : >"$Q/Makefile.am"
touch -d '2000-01-01' "$Q/configure.ac" "$Q/Makefile.am" || exit 99
printf '#!/bin/sh\n: >Makefile\n' >"$Q/configure"
cat >"$T/bin/dpkg-query" <<'EOF'
#!/bin/sh
printf 'install ok installed'
EOF
# make -s -C DIR [-jN] [check]: "check" leaves three tests' results, one
# failed, one passed unexpectedly (XPASS fails a suite too), one passed
cat >"$T/bin/make" <<'EOF'
#!/bin/sh
dir=. check=no
while [ $# -gt 0 ]; do
  case $1 in -C) dir=$2; shift ;; check) check=yes ;; esac
  shift
done
[ $check = yes ] || exit 0
mkdir -p "$dir/tests/e2e"
res() { printf 'some output\n%s\n' "$3" >"$dir/tests/$1.log"
        printf ':test-result: %s\n:global-test-result: %s\n:recheck: yes\n' "$2" "$2" >"$dir/tests/$1.trs"; }
res check_a FAIL "MARKER-A the failure"
res e2e/b.sh XPASS "MARKER-B the unexpected pass"
res e2e/c.sh PASS "MARKER-C a pass"
exit 2
EOF
chmod +x "$Q/quickstart" "$Q/configure" "$T/bin/dpkg-query" "$T/bin/make" || exit 99

cd "$T/elsewhere" || exit 99
PATH=$T/bin:$PATH "$Q/quickstart" frobnicate >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] || fail "unknown mode: exit $rc, not 2"
grep -q '^usage: ./quickstart' "$T/err" || fail "unknown mode: no usage line on stderr"

PATH=$T/bin:$PATH "$Q/quickstart" test >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] || fail "failing make check: quickstart exited $rc, not 2"
grep -q '^== build/tests/check_a.log$' "$T/out" && grep -q '^MARKER-A the failure$' "$T/out" ||
	fail "the failed test's log is not shown"
grep -q '^== build/tests/e2e/b.sh.log$' "$T/out" && grep -q '^MARKER-B' "$T/out" ||
	fail "the XPASS test's log is not shown"
grep -q 'MARKER-C\|c.sh.log' "$T/out" && fail "a passing test's log is shown"
[ $fails -eq 0 ] || { echo "--- quickstart's output:"; cat "$T/out" "$T/err"; }

[ $fails -eq 0 ] || { echo "quickstart.sh: $fails check(s) failed"; exit 1; }
echo "quickstart.sh: all held"
exit 0
