#!/usr/bin/env bash
# Installs what the project needs to build and test: Debian bookworm's packages, and the
# JavaScript client libraries the real_clients test runs (tests/integration/node_clients, at the
# versions its package-lock.json pins, from the npm registry). Idempotent: does nothing when
# everything is there. Run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential pkg-config meson ninja-build
  libboost1.81-dev libgtest-dev libgmock-dev librapidcheck-dev libcli11-dev
  libbenchmark-dev libpoco-dev valgrind clang libclang-rt-14-dev libhiredis-dev
  redis-server redis-tools python3-redis liblua5.1-0-dev lua-cjson-dev lua-bitop-dev
)
# Node.js from Debian unless one is there already (e.g. NodeSource's, which bundles npm and
# conflicts with Debian's npm package).
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  sudo_if_needed=()
  [ "$(id -u)" -eq 0 ] || sudo_if_needed=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_if_needed[@]}" apt-get update -qq
  "${sudo_if_needed[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_clients="$(dirname "$0")/../tests/integration/node_clients"
if [ ! -d "$node_clients/node_modules" ]; then
  echo "setup: installing ioredis and node-redis (npm ci in tests/integration/node_clients)" >&2
  npm ci --prefix "$node_clients" --no-audit --no-fund --loglevel=error >/dev/null
fi
