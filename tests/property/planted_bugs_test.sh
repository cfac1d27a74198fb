#!/usr/bin/env bash
# The property suite can fail: the executable given here is the core state machine property
# built over a pool core with every known bug planted, each switched on by KVPOOL_PLANTED_BUG.
# For each bug, the property must fail on the invariant meant to catch it, print a shrunk case
# and a reproduce string, and fail again when rerun with that string alone.
# Usage: planted_bugs_test.sh PLANT_BUG_PY EXECUTABLE
set -uo pipefail
plant_bug=$1
executable=$2
if ! RC_PARAMS="max_success=300" "$executable" >/dev/null 2>&1; then
  echo "FAIL: the property fails with no bug planted"
  exit 1
fi
status=0
while IFS='=' read -r name expected; do
  started=$(date +%s.%N)
  output=$(KVPOOL_PLANTED_BUG=$name RC_PARAMS="max_success=20000" "$executable" 2>&1)
  code=$?
  elapsed=$(python3 -c "print(f'{$(date +%s.%N) - $started:.2f}')")
  found=$(grep -m1 -o 'Falsifiable after [0-9]* tests\( and [0-9]* shrinks\)\?' <<<"$output")
  reproduce=$(grep -m1 -o 'reproduce=[A-Za-z0-9_]*' <<<"$output")
  if [ "$code" -eq 0 ] || [ -z "$found" ] || [ -z "$reproduce" ]; then
    echo "FAIL $name: the properties did not catch it (exit $code)"
    status=1
    continue
  fi
  if KVPOOL_PLANTED_BUG=$name RC_PARAMS="$reproduce" "$executable" >/dev/null 2>&1; then
    echo "FAIL $name: $found, but its reproduce string does not fail again"
    status=1
    continue
  fi
  violated=$(grep -m1 -o -E '^[a-z_]+: ' <<<"$output" | tr -d ': ')
  if [ "$violated" != "$expected" ]; then
    echo "FAIL $name: caught by $violated, not by $expected, the invariant meant for it"
    status=1
    continue
  fi
  echo "ok   $name: $found in ${elapsed}s (invariant: $violated); the reproduce string replays it"
done < <(python3 "$plant_bug" --list)
exit $status
