#!/usr/bin/env bash
# Time from starting `hamesh FILE` to the first painted article, on a release build, in a
# virtual X display with software OpenGL (Mesa llvmpipe), so no GPU or desktop is needed.
#
#   tools/bench/first-paint.sh [--runs N] [--size WxH] [--no-build] [--no-layout] [--bin PATH]
#                              [FILE|DIR...]
#
# FILE defaults to assets/samples/001_bc119a91e0d0aa00.txt. Each run starts the window with
# HAMESH_FIRST_PAINT=1 HAMESH_EXIT_AFTER_FIRST_PAINT=1: the app prints `first-paint-ms N`
# (milliseconds since the process started, once the first frame with article glyphs is on
# screen: a large article's start, shown while the rest is prepared, counts) and, once the
# whole article is in, `first-paint-phases` (when the window was made, the first frame began,
# the start and the whole article arrived; see src/ui/first_paint.rs), then closes. Each run
# prints those phases, and their medians come with the results. As a reference measured in the same run, it times the headless
# `hamesh layout FILE --width 600 --json > /dev/null` (process start + reading + full layout,
# no window), so the ratio shows how much of the first paint is window and GL setup;
# --no-layout leaves that out (a full layout of a 20 MB article takes seconds).
#
# A folder is opened as `hamesh DIR` is: the first paint is then the article list (the folder
# walked) with its first article on screen, e.g. for a 100,000-article folder; no headless
# layout is timed for a folder.
#
# With several files, every run goes through all of them (in turn forwards and backwards), and
# the medians of the later files are also given as ratios to the first file's: e.g.
#   tools/bench/first-paint.sh --no-layout target/bench-data/article-tiny/article.txt \
#       target/bench-data/article-20mb/article.txt
# (`cargo bench --bench reader -- --write-data` writes those two.)
#
# One untimed warm-up of each comes first (page cache, shader cache). Prints every run and the
# medians. Installs xvfb with apt-get when Xvfb is missing. Builds target/release/hamesh with
# `cargo build --release` unless --no-build is given (then the binary must exist); --bin
# times another build of hamesh instead (say, an earlier commit's, to compare), and implies
# --no-build.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
runs=5 size=1280x860 build=1 layout=1 files=() bin=target/release/hamesh
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-layout) layout=0; shift ;;
    --bin) bin=$2; build=0; shift 2 ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    -*) echo "first-paint.sh: unknown option $1" >&2; exit 2 ;;
    *) files+=("$1"); shift ;;
  esac
done
[[ ${#files[@]} -gt 0 ]] || files=(assets/samples/001_bc119a91e0d0aa00.txt)
for file in "${files[@]}"; do
  [[ -e $file ]] || { echo "first-paint.sh: no such file or folder: $file" >&2; exit 2; }
  [[ -d $file ]] && layout=0
done
if [[ $build == 1 ]]; then
  cargo build --release --bin hamesh >&2
fi
[[ -x $bin ]] || { echo "first-paint.sh: $bin is missing (cargo build --release)" >&2; exit 2; }
echo "binary: $bin"

if ! command -v Xvfb >/dev/null; then
  echo "installing xvfb" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq xvfb >/dev/null
fi

now_ns() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

display_no=$(( 90 + RANDOM % 400 ))
while [[ -e /tmp/.X11-unix/X$display_no || -e /tmp/.X$display_no-lock ]]; do
  display_no=$(( display_no + 1 ))
done
display=:$display_no
log=$(mktemp -d)
Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >"$log/xvfb.log" 2>&1 &
xvfb=$!
cleanup() { kill "$xvfb" 2>/dev/null || true; rm -rf "$log"; }
trap cleanup EXIT
for _ in $(seq 50); do
  [[ -e /tmp/.X11-unix/X$display_no ]] && break
  sleep 0.1
done
[[ -e /tmp/.X11-unix/X$display_no ]] || { echo "first-paint.sh: Xvfb did not start:" >&2; cat "$log/xvfb.log" >&2; exit 1; }

# One window run of "$1": prints "first_paint_ms wall_ms phases", or fails; phases are the
# app's `first-paint-phases` (name=ms, comma-separated).
window_run() {
  local t0 t1 ms phases
  t0=$(now_ns)
  if ! DISPLAY=$display LIBGL_ALWAYS_SOFTWARE=1 HAMESH_FIRST_PAINT=1 HAMESH_EXIT_AFTER_FIRST_PAINT=1 \
      HAMESH_CONFIG_DIR="$log/config" HAMESH_DATA_DIR="$log/data" timeout 60 "$bin" "$1" >"$log/app.out" 2>"$log/app.err"; then
    echo "first-paint.sh: hamesh failed or timed out; its stderr:" >&2
    tail -n 20 "$log/app.err" >&2
    return 1
  fi
  t1=$(now_ns)
  ms=$(sed -n 's/^first-paint-ms \([0-9.]*\).*/\1/p' "$log/app.err" | head -n1)
  if [[ -z $ms ]]; then
    echo "first-paint.sh: hamesh printed no first-paint-ms line (does this build support HAMESH_FIRST_PAINT?); its stderr:" >&2
    tail -n 20 "$log/app.err" >&2
    return 1
  fi
  phases=$(sed -n 's/^first-paint-phases //p' "$log/app.err" | head -n1 | tr ' ' ',')
  echo "$ms $(( (t1 - t0) / 1000000 )) ${phases:--}"
}

# The median of each phase over lines of name=ms,name=ms: "name median, ...".
phase_medians() {
  tr ',' '\n' | awk -F= 'NF == 2 { if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } v[$1] = v[$1] " " $2 }
    END { for (i = 1; i <= n; i++) { print order[i] v[order[i]] } }' |
    while read -r name values; do
      printf '%s %s ms\n' "$name" "$(printf '%s\n' $values | median)"
    done | paste -sd, - | sed 's/,/, /g'
}

# One headless run of "$1": prints wall ms.
layout_run() {
  local t0 t1
  t0=$(now_ns)
  "$bin" layout "$1" --width 600 --json >/dev/null
  t1=$(now_ns)
  echo $(( (t1 - t0) / 1000000 ))
}

nfiles=${#files[@]}
for f in "${files[@]}"; do
  if [[ -d $f ]]; then
    echo "folder: $f ($(find "$f" -type f | wc -l) files, $(du -sb "$f" | cut -f1) bytes)"
  else
    echo "file: $f ($(wc -c <"$f") bytes)"
  fi
done
echo "$runs runs; Xvfb ${size}; LIBGL_ALWAYS_SOFTWARE=1"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
for f in "${files[@]}"; do
  read -r cold_fp cold_wall _ < <(window_run "$f") || true
  [[ -n ${cold_fp:-} ]] || exit 1
  cold_layout=skipped
  if [[ $layout == 1 ]]; then cold_layout="$(layout_run "$f") ms"; fi
  echo "warm-up (untimed) $f: first paint ${cold_fp} ms (process ${cold_wall} ms), headless layout ${cold_layout}"
done

# fps_K, walls_K, layouts_K: one line per run for file K.
declare -A fps walls layouts phases
for i in $(seq "$runs"); do
  order=$(seq 0 $((nfiles - 1)))
  (( i % 2 == 0 )) && order=$(seq $((nfiles - 1)) -1 0)
  for k in $order; do
    f=${files[$k]}
    fp="" wall="" ph=""
    read -r fp wall ph < <(window_run "$f") || true
    [[ -n $fp ]] || exit 1
    lay=""
    if [[ $layout == 1 ]]; then lay=$(layout_run "$f"); fi
    fps[$k]+="$fp"$'\n' walls[$k]+="$wall"$'\n' layouts[$k]+="$lay"$'\n' phases[$k]+="$ph"$'\n'
    prefix="run $i:"
    [[ $nfiles -gt 1 ]] && prefix="run $i, $f:"
    if [[ $layout == 1 ]]; then
      printf '%s first paint %s ms (window process start to exit %s ms); headless layout --json %s ms\n' \
        "$prefix" "$fp" "$wall" "$lay"
    else
      printf '%s first paint %s ms (window process start to exit %s ms; reached %s)\n' "$prefix" "$fp" "$wall" "$ph"
    fi
  done
done

first_fp=""
for k in $(seq 0 $((nfiles - 1))); do
  f=${files[$k]}
  m_fp=$(printf '%s' "${fps[$k]}" | median)
  m_wall=$(printf '%s' "${walls[$k]}" | median)
  name=""
  [[ $nfiles -gt 1 ]] && name=" $f"
  if [[ $layout == 1 ]]; then
    m_lay=$(printf '%s' "${layouts[$k]}" | median)
    echo "median$name: first paint ${m_fp} ms; window process ${m_wall} ms; headless layout ${m_lay} ms"
    awk -v f="$m_fp" -v l="$m_lay" 'BEGIN {
      if (l > 0) printf "first paint / headless layout = %.1fx (window + GL setup ~%.0f ms)\n", f / l, f - l
    }'
  else
    echo "median$name: first paint ${m_fp} ms; window process ${m_wall} ms"
  fi
  echo "  phases reached (medians): $(printf '%s' "${phases[$k]}" | phase_medians)"
  if [[ -z $first_fp ]]; then
    first_fp=$m_fp
  else
    awk -v a="$m_fp" -v b="$first_fp" -v fa="$f" -v fb="${files[0]}" 'BEGIN {
      if (b > 0) printf "first paint %s / %s = %.2fx (+%.0f ms)\n", fa, fb, a / b, a - b
    }'
  fi
done
