#!/usr/bin/env bash
# kvmock storm, the tool's main job: a short storm passes with a full report; a clean run too;
# bad options are refused with a clear message and exit code 2; --target runs it against a real
# redis-server and against a kvmock serve through its admin port, leaving no key behind; --json
# writes a report a program can read; a target that cannot be used is refused at once.
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

profile=$("$kvmock" storm --seconds 0.5 --workers 4 --profile mild --progress-seconds 0.2 2>&1)
[ $? -eq 0 ] || fail "the mild profile failed: $profile"
expect_in "$profile" "  latency:ms=1,jitter=4,p=0.2"
grep -qE '^\[ +[0-9.]+ s\] [0-9]+ ops/s, acquire p50 <= ' <<<"$profile" || fail "no progress line: $profile"

both=$("$kvmock" storm --seconds 0.5 --profile mild --fault "latency:ms=2" 2>&1)
[ $? -eq 2 ] || fail "--profile with --fault was not refused: $both"
expect_in "$both" "choose either --fault or --profile"

# Servers on free ports, stopped at the end.
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for_ping() {  # PORT [PASSWORD]
  for _ in $(seq 200); do
    [ "$(redis-cli -p "$1" ${2:+-a "$2" --no-auth-warning} ping 2>/dev/null)" = PONG ] && return 0
    sleep 0.05  # a process starting: there is nothing to wait on but its port
  done
  fail "nothing answers PING on port $1"
}
json_field() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$@"; }
report_json=$(mktemp)

if command -v redis-server >/dev/null; then
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
  pids+=($!)
  wait_for_ping "$redis_port"
  redis-cli -p "$redis_port" set user-data keep >/dev/null
  real=$("$kvmock" storm --seconds 0.5 --workers 4 --target "127.0.0.1:$redis_port/stormtest" --json "$report_json" 2>&1)
  [ $? -eq 0 ] || fail "the storm against redis-server failed: $real"
  expect_in "$real" "server: not checked"
  expect_in "$real" "verdict: PASS"
  [ "$(json_field "$report_json" 'd["verdict"]')" = pass ] || fail "JSON verdict: $(cat "$report_json")"
  [ "$(json_field "$report_json" 'd["server"]["checked"]')" = False ] || fail "JSON server: $(cat "$report_json")"
  [ "$(json_field "$report_json" 'd["operations"]["total"] > 0')" = True ] || fail "JSON operations: $(cat "$report_json")"
  [ -z "$(redis-cli -p "$redis_port" --scan --pattern 'stormtest:*')" ] || fail "the storm left keys on redis-server"
  [ "$(redis-cli -p "$redis_port" get user-data)" = keep ] || fail "the storm touched the user's data"
  faulted=$("$kvmock" storm --seconds 0.5 --target "127.0.0.1:$redis_port" --profile chaos 2>&1)
  [ $? -eq 2 ] || fail "faults against redis-server were not refused: $faulted"
  expect_in "$faulted" "need the target to be a kvmock serve and its --admin-port"
fi

serve_port=$(free_port)
admin_port=$(free_port)
"$kvmock" serve --port "$serve_port" --admin-port "$admin_port" --requirepass pw >/dev/null 2>&1 &
pids+=($!)
wait_for_ping "$admin_port" pw
fake=$("$kvmock" storm --seconds 1 --workers 8 --max-size 3 --target "127.0.0.1:$serve_port/storm" --password pw \
       --admin-port "$admin_port" --profile chaos --json "$report_json" 2>&1)
[ $? -eq 0 ] || fail "the storm against kvmock serve failed: $fake"
expect_in "$fake" "kvmock admin port $admin_port"
expect_in "$fake" "verdict: PASS"
grep -q "faults injected: none" <<<"$fake" && fail "no fault injected through the admin port: $fake"
[ "$(json_field "$report_json" 'd["server"]["checked"] and d["server"]["peak"] <= 3')" = True ] \
  || fail "JSON server side: $(cat "$report_json")"
[ "$(json_field "$report_json" 'sorted(d) == sorted(["schema", "settings", "target", "faults", "elapsed_seconds", "operations", "pool", "server", "invariants", "violations", "verdict"])')" = True ] \
  || fail "JSON fields: $(cat "$report_json")"
[ "$(redis-cli -p "$admin_port" -a pw --no-auth-warning kvmock.fault list | wc -w)" -eq 0 ] || fail "the storm left its faults on the server"
[ -z "$(redis-cli -p "$serve_port" -a pw --no-auth-warning --scan --pattern 'storm:*')" ] || fail "the storm left keys"

nobody=$(free_port)
refused=$("$kvmock" storm --seconds 1 --target "127.0.0.1:$nobody" 2>&1)
[ $? -eq 2 ] || fail "an address nothing listens on was not refused with exit code 2: $refused"
expect_in "$refused" "nothing listens on 127.0.0.1:$nobody"
nopass=$("$kvmock" storm --seconds 1 --target "127.0.0.1:$serve_port" 2>&1)
[ $? -eq 2 ] || fail "a missing password was not refused: $nopass"
expect_in "$nopass" "it needs --password"
badpass=$("$kvmock" storm --seconds 1 --target "127.0.0.1:$serve_port" --password nope 2>&1)
[ $? -eq 2 ] || fail "a wrong password was not refused: $badpass"
expect_in "$badpass" "refused the password"
if [ -n "${redis_port:-}" ]; then
  notadmin=$("$kvmock" storm --seconds 1 --target "127.0.0.1:$redis_port" --admin-port "$redis_port" 2>&1)
  [ $? -eq 2 ] || fail "redis-server's port given as an admin port was not refused: $notadmin"
  expect_in "$notadmin" "is not a kvmock admin port"
fi
rm -f "$report_json"

[ "$failures" -eq 0 ] && echo "ok: kvmock storm"
exit $((failures > 0))
