#!/usr/bin/env bash
# `kvmock serve --fault SPEC --admin-port N`: faults from the command line, driven and inspected
# with redis-cli on both ports; a malformed spec stops it before it listens.
# Usage: fault_cli_test.sh PATH_TO_KVMOCK
set -euo pipefail
kvmock=$1

if ! command -v redis-cli >/dev/null; then
  echo "redis-cli not found; run scripts/setup.sh" >&2
  [ "${CI:-}" = "true" ] && exit 1
  exit 77  # meson: skipped
fi

# A malformed spec: an error that says what is wrong, a failing exit status.
if "$kvmock" serve --port 0 --fault "latency:ms=soon" 2>"${TMPDIR:-/tmp}/fault_cli_err.$$"; then
  echo "a malformed --fault was accepted" >&2
  exit 1
fi
grep -q "ms='soon' is not a whole number" "${TMPDIR:-/tmp}/fault_cli_err.$$" || {
  cat "${TMPDIR:-/tmp}/fault_cli_err.$$" >&2
  exit 1
}
rm -f "${TMPDIR:-/tmp}/fault_cli_err.$$"

work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
mkfifo "$work/out"
"$kvmock" serve --port 0 --admin-port 0 --seed 3 \
  --fault "error:reply=LOADING Redis is loading the dataset in memory,cmd=GET" \
  --fault "latency:ms=1,cmd=SET" >"$work/out" &
server=$!
exec 3<"$work/out"
read -r banner <&3  # blocks until the server has bound its ports
echo "$banner"
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' <<<"$banner")
admin=$(sed -n 's/.*admin port \([0-9]*\).*/\1/p' <<<"$banner")
[ -n "$port" ] && [ -n "$admin" ] || { echo "no ports in banner: $banner" >&2; exit 1; }

expect() {
  local want=$1; shift
  local got
  got=$(redis-cli "$@")
  if [ "$got" != "$want" ]; then
    echo "redis-cli $*: expected [$want], got [$got]" >&2
    exit 1
  fi
}
expect OK -p "$port" set k v
expect "LOADING Redis is loading the dataset in memory" -p "$port" get k
expect "$(printf '1 error:reply=LOADING Redis is loading the dataset in memory,cmd=get\n2 latency:ms=1,cmd=set')" \
  -p "$admin" kvmock.fault list
expect 3 -p "$admin" kvmock.seed
expect v -p "$admin" get k  # the admin port is never faulted
expect 3 -p "$admin" kvmock.fault add refuse
if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then
  echo "refuse did not refuse" >&2
  exit 1
fi
expect 3 -p "$admin" kvmock.fault clear
expect v -p "$port" get k
redis-cli -p "$admin" kvmock.stats | grep -q "^refused_connections:0"

kill -TERM "$server"
wait "$server"
read -r farewell <&3
[ "$farewell" = "kvmock: stopped by SIGTERM" ]
