#!/usr/bin/env bash
# Real clients against `kvmock serve`: redis-benchmark's default test set, without and with
# -P 16, must get no error; a hiredis program must get the replies Redis gives; redis-py's
# script (redis_py_client.py) and the ioredis and node-redis script (node_clients/) must pass
# against kvmock serve as against redis-server.
# Usage: real_clients_test.sh PATH_TO_KVMOCK PATH_TO_HIREDIS_CLIENT
set -uo pipefail
kvmock=$1
hiredis_client=$2
if ! command -v redis-benchmark >/dev/null; then
  echo "redis-benchmark not found; run scripts/setup.sh" >&2
  [ "${CI:-}" = "true" ] && exit 1
  exit 77  # meson: skipped
fi
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
mkfifo "$work/out"
"$kvmock" serve --port 0 >"$work/out" &
server=$!
exec 3<"$work/out"
read -r banner <&3
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' <<<"$banner")
[ -n "$port" ] || { echo "no port in banner: $banner" >&2; exit 1; }

status=0
"$hiredis_client" "$port" || status=1
for pipeline in 1 16; do
  output=$(redis-benchmark -p "$port" -n 2000 -c 10 -P "$pipeline" --csv 2>&1)
  code=$?
  tests=$(grep -c '^"' <<<"$output")
  if [ "$code" -ne 0 ] || grep -qi "error" <<<"$output" || [ "$tests" -lt 15 ]; then
    echo "FAIL: redis-benchmark -P $pipeline (exit $code, $tests results):" >&2
    echo "$output" >&2
    status=1
  else
    echo "ok: redis-benchmark -P $pipeline, default tests: $(cut -d, -f1 <<<"$output" | tail -n +2 | tr -d '"' | tr '\n' ' ')"
  fi
done
here=$(dirname "$0")
redis_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
redis=$!
trap 'kill "$server" "$redis" 2>/dev/null || true; rm -rf "$work"' EXIT
until [ "$(redis-cli -p "$redis_port" ping 2>/dev/null)" = PONG ]; do sleep 0.05; done

# Debian's python3-redis is for the system's interpreter, whatever else is first on the PATH.
python=/usr/bin/python3
[ -x "$python" ] || python=python3
if "$python" -c 'import redis' 2>/dev/null; then
  "$python" "$here/redis_py_client.py" "$port" || { echo "FAIL: redis-py against kvmock serve" >&2; status=1; }
  "$python" "$here/redis_py_client.py" "$redis_port" || { echo "FAIL: redis-py against redis-server" >&2; status=1; }
else
  echo "redis-py not found (python3-redis); run scripts/setup.sh" >&2
  [ "${CI:-}" = "true" ] && status=1
fi

if command -v node >/dev/null && [ -d "$here/node_clients/node_modules" ]; then
  node "$here/node_clients/node_clients.mjs" "$port" || { echo "FAIL: ioredis/node-redis against kvmock serve" >&2; status=1; }
  node "$here/node_clients/node_clients.mjs" "$redis_port" || { echo "FAIL: ioredis/node-redis against redis-server" >&2; status=1; }
else
  echo "node or tests/integration/node_clients/node_modules not found; run scripts/setup.sh" >&2
  [ "${CI:-}" = "true" ] && status=1
fi
exit $status
