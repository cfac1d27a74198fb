#!/usr/bin/env bash
# Installs what the project needs to build and test, from Debian bookworm's packages.
# Idempotent: does nothing when everything is there. Run as root (or with sudo available).
set -euo pipefail

packages=(
  build-essential pkg-config meson ninja-build
  libboost1.81-dev libgtest-dev libgmock-dev librapidcheck-dev libcli11-dev
  libbenchmark-dev libpoco-dev valgrind clang libclang-rt-14-dev libhiredis-dev
  redis-server redis-tools python3-redis liblua5.1-0-dev lua-cjson-dev lua-bitop-dev
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}" >&2
sudo_if_needed=()
[ "$(id -u)" -eq 0 ] || sudo_if_needed=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_if_needed[@]}" apt-get update -qq
"${sudo_if_needed[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
