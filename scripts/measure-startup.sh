#!/usr/bin/env bash
# Measures how long `kring serve --demo` (SQLite) takes from process start until GET /health
# answers, and its resident memory once idle, for a first start (empty data directory:
# migrations and the demo are loaded) and a second start on the same data.
#
#   cargo build --release -p kring && bash scripts/measure-startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
kring="${KRING_BIN:-target/release/kring}"
runs="${1:-5}"
port=18931

measure() {
  local data_dir="$1" start_ns end_ns pid rss
  start_ns=$(date +%s%N)
  "$kring" serve --demo --bind "127.0.0.1:$port" --data-dir "$data_dir" 2>/dev/null &
  pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null; do sleep 0.005; done
  end_ns=$(date +%s%N)
  sleep 2
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(( (end_ns - start_ns) / 1000000 )) $rss"
}

for kind in first second; do
  for _ in $(seq "$runs"); do
    dir=$(mktemp -d)
    [[ "$kind" == second ]] && measure "$dir" >/dev/null
    measure "$dir"
    rm -rf "$dir"
  done | sort -n | awk -v kind="$kind" '{ms[NR]=$1; rss[NR]=$2} END {
    printf "%s start: to healthy min %d ms, median %d ms, max %d ms; idle RSS median %.1f MB\n",
      kind, ms[1], ms[int((NR+1)/2)], ms[NR], rss[int((NR+1)/2)]/1024 }'
done
