#!/bin/sh
# Build the Pango reference tool into target/pango-ref/pango_ref.
#
# Needs (Debian/Ubuntu): libpango1.0-dev fontconfig pkg-config
#   apt-get install -y libpango1.0-dev fontconfig pkg-config
# Only needed to regenerate fixtures or to run the comparison benchmark;
# the Rust build and its tests do not use it.
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT_DIR="$ROOT/target/pango-ref"
CC=${CC:-cc}

mkdir -p "$OUT_DIR"
# shellcheck disable=SC2046
$CC -std=c11 -O2 -Wall -Wextra -Wno-deprecated-declarations \
    -o "$OUT_DIR/pango_ref" "$ROOT/tools/pango-ref/pango_ref.c" \
    $(pkg-config --cflags --libs pangoft2 pango fontconfig harfbuzz) -lm
echo "built $OUT_DIR/pango_ref" >&2
