#!/usr/bin/env bash
# `kvmock serve` as a user runs it: it prints its address, redis-cli talks to it, and SIGTERM
# stops it cleanly. Usage: kvmock_cli_test.sh PATH_TO_KVMOCK
set -euo pipefail
kvmock=$1

if ! command -v redis-cli >/dev/null; then
  echo "redis-cli not found; run scripts/setup.sh" >&2
  [ "${CI:-}" = "true" ] && exit 1
  exit 77  # meson: skipped
fi

work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
mkfifo "$work/out"
"$kvmock" serve --port 0 --seed 7 >"$work/out" &
server=$!
exec 3<"$work/out"
read -r banner <&3  # blocks until the server has bound its port
echo "$banner"
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' <<<"$banner")
[ -n "$port" ] || { echo "no port in banner: $banner" >&2; exit 1; }

expect() {
  local want=$1; shift
  local got
  got=$(redis-cli -p "$port" "$@")
  if [ "$got" != "$want" ]; then
    echo "redis-cli $*: expected [$want], got [$got]" >&2
    exit 1
  fi
}
expect PONG ping
expect OK set greeting hello
expect hello get greeting
expect 2 incrby counter 2
expect "ERR unknown command 'nosuch', with args beginning with: 'x' " nosuch x
# What redis-cli asks for when it starts interactively: it must parse.
redis-cli -p "$port" command docs get | grep -qx "summary"
redis-cli -p "$port" info server | grep -q "^redis_version:7.0.15"

kill -TERM "$server"
wait "$server"
read -r farewell <&3
echo "$farewell"
[ "$farewell" = "kvmock: stopped by SIGTERM" ]
