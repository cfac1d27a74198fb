#!/usr/bin/env bash
# Installs the build into a temporary directory and builds examples/pkgconfig/main.cpp against it
# with nothing but `c++ ... $(pkg-config --cflags --libs kvmock kvpool kvcheck)`, as a downstream
# project would, then runs it. PKG_CONFIG_SYSROOT_DIR maps the installed prefix into the
# temporary directory. Usage: pkgconfig_consumer_test.sh BUILD_DIR SOURCE_FILE
set -euo pipefail
build_dir=$1
source_file=$2
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
meson install -C "$build_dir" --no-rebuild --destdir "$root" --quiet >/dev/null
pc_dir=$(dirname "$(find "$root" -name kvmock.pc | head -1)")
for library in kvresp kvmock kvpool kvcheck kvtest; do
  [ -f "$pc_dir/$library.pc" ] || { echo "no $library.pc installed" >&2; exit 1; }
done
export PKG_CONFIG_PATH=$pc_dir PKG_CONFIG_SYSROOT_DIR=$root
flags=$(pkg-config --cflags --libs kvmock kvpool kvcheck)
echo "pkg-config: $flags"
case " $(pkg-config --cflags kvmock) " in *" -std=c++20 "*) ;; *) echo "Cflags lack -std=c++20" >&2; exit 1 ;; esac
# shellcheck disable=SC2086  # the flags are words
c++ "$source_file" $flags -o "$root/consumer"
"$root/consumer"
