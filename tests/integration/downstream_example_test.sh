#!/usr/bin/env bash
# Builds and runs examples/downstream, a separate Meson project that uses this one as a
# subproject (its own strict warning flags, the kvtest kit, a property over a pool of its own),
# as a downstream project would. Usage: downstream_example_test.sh SOURCE_ROOT
set -euo pipefail
example=$1/examples/downstream
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
# Without debug information: the subproject compiles its libraries a fifth faster.
meson setup "$build" "$example" -Ddebug=false >"$build/setup.log" 2>&1 || { cat "$build/setup.log"; exit 1; }
ninja -C "$build" >"$build/build.log" 2>&1 || { tail -60 "$build/build.log"; exit 1; }
meson test -C "$build" --print-errorlogs
