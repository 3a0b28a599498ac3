#!/usr/bin/env bash
# Bytes on the wire for what residents' browsers, calendar apps and open-data clients fetch:
# identity, gzip and brotli, and a poll with If-None-Match (304). Starts `kring serve --demo`
# in a throw-away data directory on a free port.
# Usage: bash scripts/measure-transfer.sh [path/to/kring]   (default target/release/kring)
set -euo pipefail
kring="${1:-target/release/kring}"
dir=$(mktemp -d)
log="$dir/serve.log"
"$kring" serve --demo --bind 127.0.0.1:0 --data-dir "$dir" 2>"$log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 120); do
  grep -q "Kring draait op" "$log" && break
  sleep 0.5
done
base=$(grep -o "http://[0-9.:]*" "$log" | head -n 1)
district=$(curl -fsS "$base/wijk" | grep -o '/wijk/WK[0-9]*' | head -n 1)
size() { curl -s -o /dev/null -w '%{size_download}' "$@"; }
printf '| resource | identity | gzip | br | poll with If-None-Match |\n|---|---|---|---|---|\n'
for path in "$district" "$district/agenda.ics" /api/v1/hsds/services /static/kring.css \
  /static/utrecht-component-library.css /static/htmx.min.js; do
  url="$base$path"
  plain=$(size "$url")
  gzip=$(size -H 'Accept-Encoding: gzip' "$url")
  br=$(size -H 'Accept-Encoding: br' "$url")
  etag=$(curl -s -D - -o /dev/null "$url" | tr -d '\r' | sed -n 's/^etag: //Ip')
  poll=$(curl -s -o /dev/null -w '%{http_code} (%{size_download} B)' -H "If-None-Match: $etag" "$url")
  printf '| `%s` | %s | %s | %s | %s |\n' "${path/$district/\/wijk\/{code\}}" "$plain" "$gzip" "$br" "$poll"
done
