#!/usr/bin/env bash
# kvmock storm, the tool's main job: a short storm passes with a full report; a clean run too;
# bad options are refused with a clear message and exit code 2.
# Usage: storm_cli_test.sh PATH_TO_KVMOCK
set -uo pipefail
kvmock=$1
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
expect_in() { grep -qF -- "$2" <<<"$1" || fail "expected '$2' in: $1"; }

report=$("$kvmock" storm --seconds 1 --workers 8 --max-size 3 2>&1)
code=$?
[ "$code" -eq 0 ] || fail "the default storm exited with $code: $report"
expect_in "$report" "verdict: PASS (every invariant held)"
expect_in "$report" "faults (in order):"
expect_in "$report" "refuse:mode=reset,every=5"
expect_in "$report" "faults injected: "
expect_in "$report" "pool: created "
expect_in "$report" "server: accepted "
grep -q "faults injected: none" <<<"$report" && fail "the default storm injected nothing: $report"

clean=$("$kvmock" storm --seconds 0.5 --workers 4 --no-faults 2>&1)
[ $? -eq 0 ] || fail "the clean run failed: $clean"
expect_in "$clean" "faults injected: none"
expect_in "$clean" "verdict: PASS"
grep -qE " 0 failed$" <<<"$(grep '^operations:' <<<"$clean")" || fail "a clean run had failures: $clean"

custom=$("$kvmock" storm --seconds 0.5 --workers 4 --fault "latency:ms=2" 2>&1)
[ $? -eq 0 ] || fail "a custom storm failed: $custom"
expect_in "$custom" "  latency:ms=2"

bad=$("$kvmock" storm --seconds 0.5 --fault "latency:ms=fast" 2>&1)
[ $? -eq 2 ] || fail "a bad fault was not refused with exit code 2: $bad"
expect_in "$bad" "bad --fault 'latency:ms=fast'"

sizes=$("$kvmock" storm --seconds 0.5 --min-size 5 --max-size 2 2>&1)
[ $? -eq 2 ] || fail "min-size above max-size was not refused: $sizes"
expect_in "$sizes" "min_size (5) exceeds max_size (2)"

[ "$failures" -eq 0 ] && echo "ok: kvmock storm"
exit $((failures > 0))
