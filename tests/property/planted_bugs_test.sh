#!/usr/bin/env bash
# The property suite can fail: each executable given here is the core state machine property
# built over a pool core with one known bug planted. Each must fail, print a shrunk case and a
# reproduce string, and fail again when rerun with that string alone.
# Usage: planted_bugs_test.sh NAME=EXECUTABLE...
set -uo pipefail
status=0
for pair in "$@"; do
  name=${pair%%=*}
  executable=${pair#*=}
  started=$(date +%s.%N)
  output=$(RC_PARAMS="max_success=1000" "$executable" 2>&1)
  code=$?
  elapsed=$(python3 -c "print(f'{$(date +%s.%N) - $started:.2f}')")
  found=$(grep -m1 -o 'Falsifiable after [0-9]* tests\( and [0-9]* shrinks\)\?' <<<"$output")
  reproduce=$(grep -m1 -o 'reproduce=[A-Za-z0-9_]*' <<<"$output")
  if [ "$code" -eq 0 ] || [ -z "$found" ] || [ -z "$reproduce" ]; then
    echo "FAIL $name: the properties did not catch it (exit $code)"
    status=1
    continue
  fi
  if RC_PARAMS="$reproduce" "$executable" >/dev/null 2>&1; then
    echo "FAIL $name: $found, but its reproduce string does not fail again"
    status=1
    continue
  fi
  violated=$(grep -m1 -o -E '^[a-z_]+: ' <<<"$output" | tr -d ': ')
  echo "ok   $name: $found in ${elapsed}s (invariant: $violated); the reproduce string replays it"
done
exit $status
