#!/bin/sh
# Regenerate the Pango conformance fixtures in tests/fixtures/conformance/.
#
# Requires Pango (libpango1.0-dev), fontconfig, pkg-config and a C compiler;
# python3 is used for the sanity checks at the end.  Run from anywhere:
#
#   tools/pango-ref/gen-fixtures.sh
#
# Inputs:  assets/samples/*.txt, tests/fixtures/conformance/hard-lines.txt,
#          tests/fixtures/conformance/hard-lines-fa.txt
# Outputs: tests/fixtures/conformance/{vazirmatn,naskh}/<name>.jsonl and the
#          generated block of tests/fixtures/conformance/README.md
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export LC_ALL=C.UTF-8

FIX=tests/fixtures/conformance
TOOL=target/pango-ref/pango_ref
SIZE=20

sh tools/pango-ref/build.sh

# Language for an input: Persian for the Persian sample and hard-lines-fa,
# Arabic for everything else.
lang_for() {
    case "$(basename "$1")" in
        003_*.txt | hard-lines-fa.txt) echo fa ;;
        *) echo ar ;;
    esac
}

inputs=$(ls assets/samples/*.txt; echo "$FIX/hard-lines.txt"; echo "$FIX/hard-lines-fa.txt")
commands=""

for setup in vazirmatn naskh; do
    case $setup in
        vazirmatn) family="Vazirmatn" ;;
        naskh) family="Noto Naskh Arabic, Noto Sans" ;;
    esac
    mkdir -p "$FIX/$setup"
    rm -f "$FIX/$setup"/*.jsonl
    for input in $inputs; do
        name=$(basename "$input" .txt)
        lang=$(lang_for "$input")
        out="$FIX/$setup/$name.jsonl"
        "$TOOL" dump --fonts-dir fonts --family "$family" --size-px "$SIZE" \
            --lang "$lang" --dir auto "$input" > "$out"
        commands="$commands
$TOOL dump --fonts-dir fonts --family \"$family\" --size-px $SIZE --lang $lang --dir auto $input > $out"
        echo "wrote $out" >&2
    done
done

# Rewrite the generated block of the fixtures README.
block=$(mktemp)
trap 'rm -f "$block"' EXIT
{
    echo '<!-- generated:begin (tools/pango-ref/gen-fixtures.sh rewrites this block) -->'
    echo
    echo 'Library versions used (`pkg-config --modversion`):'
    echo
    echo '| library | version |'
    echo '| --- | --- |'
    for lib in pango pangoft2 harfbuzz fribidi fontconfig freetype2; do
        echo "| $lib | $(pkg-config --modversion "$lib" 2>/dev/null || echo unknown) |"
    done
    echo
    echo 'Exact commands (run from the repository root by `tools/pango-ref/gen-fixtures.sh`,'
    echo 'with `LC_ALL=C.UTF-8`):'
    echo
    echo '```sh'
    echo 'sh tools/pango-ref/build.sh'
    printf '%s\n' "$commands" | sed '/^$/d'
    echo '```'
    echo
    echo '<!-- generated:end -->'
} > "$block"

readme="$FIX/README.md"
if [ -f "$readme" ] && grep -q '<!-- generated:begin' "$readme"; then
    awk -v blockfile="$block" '
        /<!-- generated:begin/ { while ((getline line < blockfile) > 0) print line; skip = 1; next }
        /<!-- generated:end/ { skip = 0; next }
        !skip { print }
    ' "$readme" > "$readme.tmp"
    mv "$readme.tmp" "$readme"
else
    cat "$block" >> "$readme"
fi
echo "updated $readme" >&2

if command -v python3 >/dev/null 2>&1; then
    python3 tools/pango-ref/check-fixtures.py
else
    echo "python3 not found: skipping fixture sanity checks" >&2
fi
