#!/usr/bin/env bash
# Resident memory of the window with a corpus open, once the scan has finished: a release
# build of `hamesh DIR` in a virtual X display with software OpenGL (Mesa llvmpipe), its
# VmRSS and VmHWM read from /proc, against the same window on assets/samples (five articles)
# measured in the same run.
#
#   tools/bench/corpus-memory.sh [--runs N] [--size WxH] [--settle S] [--goal MB] [--no-build] [DIR]
#
# DIR defaults to target/bench-data/corpus-10k, the reader benchmark's 10,000 articles
# (written by `cargo bench --bench reader -- --write-data` when missing). Each run starts
# `hamesh FOLDER` with a fresh settings and data folder (HAMESH_CONFIG_DIR, HAMESH_DATA_DIR),
# so nothing is restored and nothing is written beside the articles; the
# app lists the folder, reads every file and opens the first article. The process counts as
# settled once its CPU time has not grown and its VmRSS has moved less than 1 % for S seconds
# (default 3): the scan is over and the window idle. Then VmRSS, VmHWM (the peak), RssAnon
# (heap), RssFile (mapped files: the binary, Mesa, LLVM) are printed and the window is closed.
# Runs alternate between the samples and DIR, N of each (default 3), and the medians close.
# The last line compares VmHWM with --goal (MB, default 150: the goal for the 10,000 articles;
# 300 for a 100,000-article folder). Installs xvfb with apt-get when Xvfb is missing. Builds
# target/release/hamesh unless --no-build is given.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
runs=3 size=1280x860 settle=3 goal=150 build=1 dir=target/bench-data/corpus-10k
while [[ $# -gt 0 ]]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    --goal) goal=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    -*) echo "corpus-memory.sh: unknown option $1" >&2; exit 2 ;;
    *) dir=$1; shift ;;
  esac
done
if [[ ! -d $dir && $dir == target/bench-data/corpus-10k ]]; then
  echo "writing the benchmark corpus: cargo bench --bench reader -- --write-data" >&2
  cargo bench --bench reader -- --write-data >&2
fi
[[ -d $dir ]] || { echo "corpus-memory.sh: no such folder: $dir" >&2; exit 2; }
bin=target/release/hamesh
if [[ $build == 1 ]]; then
  cargo build --release --bin hamesh >&2
fi
[[ -x $bin ]] || { echo "corpus-memory.sh: $bin is missing (cargo build --release)" >&2; exit 2; }

if ! command -v Xvfb >/dev/null; then
  echo "installing xvfb" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq xvfb >/dev/null
fi

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

display_no=$(( 90 + RANDOM % 400 ))
while [[ -e /tmp/.X11-unix/X$display_no || -e /tmp/.X$display_no-lock ]]; do
  display_no=$(( display_no + 1 ))
done
display=:$display_no
log=$(mktemp -d)
Xvfb "$display" -screen 0 "${size}x24" -nolisten tcp >"$log/xvfb.log" 2>&1 &
xvfb=$!
app=""
cleanup() {
  if [[ -n $app ]]; then kill "$app" 2>/dev/null || true; fi
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$log"
}
trap cleanup EXIT
for _ in $(seq 50); do
  [[ -e /tmp/.X11-unix/X$display_no ]] && break
  sleep 0.1
done
[[ -e /tmp/.X11-unix/X$display_no ]] || { echo "corpus-memory.sh: Xvfb did not start:" >&2; cat "$log/xvfb.log" >&2; exit 1; }

# A field of /proc/PID/status, in KiB.
status_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status" 2>/dev/null; }
# User + system CPU time of PID, in clock ticks.
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }

# One run on folder "$1": prints "rss hwm anon file seconds_to_settle", or fails.
memory_run() {
  local config=$log/config-$RANDOM
  DISPLAY=$display LIBGL_ALWAYS_SOFTWARE=1 HAMESH_CONFIG_DIR=$config HAMESH_DATA_DIR=$config/data \
    "$bin" "$1" >"$log/app.out" 2>"$log/app.err" &
  app=$!
  local polls=$(( settle * 4 )) still=0 n=0 last_cpu="" last_rss=0 cpu rss
  while (( still < polls )); do
    sleep 0.25
    n=$(( n + 1 ))
    if ! kill -0 "$app" 2>/dev/null; then
      echo "corpus-memory.sh: hamesh exited; its stderr:" >&2
      tail -n 20 "$log/app.err" >&2
      app=""
      return 1
    fi
    if (( n > 480 )); then
      echo "corpus-memory.sh: hamesh did not settle in 120 s" >&2
      return 1
    fi
    cpu=$(cpu_ticks "$app")
    rss=$(status_kib "$app" VmRSS)
    if [[ $cpu == "$last_cpu" ]] && (( rss * 100 <= last_rss * 101 && rss * 101 >= last_rss * 100 )); then
      still=$(( still + 1 ))
    else
      still=0
    fi
    last_cpu=$cpu last_rss=$rss
  done
  echo "$(status_kib "$app" VmRSS) $(status_kib "$app" VmHWM) $(status_kib "$app" RssAnon)" \
    "$(status_kib "$app" RssFile) $(awk -v n="$n" -v s="$settle" 'BEGIN { printf "%.1f", n / 4 - s }')"
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  app=""
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo "folders: assets/samples ($(find assets/samples -type f | wc -l) files), $dir ($(find "$dir" -type f | wc -l) files, $(du -sb "$dir" | cut -f1) bytes)"
echo "$runs runs of each; Xvfb ${size}; LIBGL_ALWAYS_SOFTWARE=1; settled = $settle s without CPU time or VmRSS change"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
folders=(assets/samples "$dir")
declare -A rss hwm anon file
for i in $(seq "$runs"); do
  order="0 1"
  (( i % 2 == 0 )) && order="1 0"
  for k in $order; do
    f=${folders[$k]}
    line=$(memory_run "$f") || exit 1
    read -r r h a fl secs <<<"$line"
    rss[$k]+="$r"$'\n' hwm[$k]+="$h"$'\n' anon[$k]+="$a"$'\n' file[$k]+="$fl"$'\n'
    printf 'run %d, %s: VmRSS %s MiB, VmHWM %s MiB (RssAnon %s MiB, RssFile %s MiB); settled %s s after start\n' \
      "$i" "$f" "$(mib "$r")" "$(mib "$h")" "$(mib "$a")" "$(mib "$fl")" "$secs"
  done
done
for k in 0 1; do
  m_rss=$(printf '%s' "${rss[$k]}" | median)
  m_hwm=$(printf '%s' "${hwm[$k]}" | median)
  m_anon=$(printf '%s' "${anon[$k]}" | median)
  m_file=$(printf '%s' "${file[$k]}" | median)
  printf 'median %s: VmRSS %s MiB, VmHWM %s MiB (RssAnon %s MiB, RssFile %s MiB)\n' \
    "${folders[$k]}" "$(mib "$m_rss")" "$(mib "$m_hwm")" "$(mib "$m_anon")" "$(mib "$m_file")"
  eval "rss_$k=$m_rss hwm_$k=$m_hwm anon_$k=$m_anon"
done
awk -v r0="$rss_0" -v r1="$rss_1" -v h0="$hwm_0" -v h1="$hwm_1" -v a0="$anon_0" -v a1="$anon_1" -v d="$dir" -v g="$goal" 'BEGIN {
  printf "%s / samples: VmRSS %.2fx (%+.1f MiB), VmHWM %.2fx (%+.1f MiB), RssAnon %+.1f MiB\n",
    d, r1 / r0, (r1 - r0) / 1024, h1 / h0, (h1 - h0) / 1024, (a1 - a0) / 1024
  printf "%s memory with %s open under %s MB: VmHWM %.1f MiB (%.1f MB), VmRSS %.1f MiB\n",
    (h1 * 1024 < g * 1e6 ? "PASS" : "MISS"), d, g, h1 / 1024, h1 * 1024 / 1e6, r1 / 1024
}'
