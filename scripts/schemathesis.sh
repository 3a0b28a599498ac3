#!/usr/bin/env bash
# Fuzzes the JSON API against its own OpenAPI document with schemathesis:
#
#   bash scripts/schemathesis.sh
#
# Builds kring (debug), starts `kring serve --demo` on a free port with a fresh data directory,
# creates an API token for the demo's coordinator and for its professional, and runs
# schemathesis (https://schemathesis.readthedocs.io, `pip install schemathesis`, version 4) with
# each token against /api/v1/openapi.json. Fails on any server error (5xx), a response whose
# body does not match the schema the document declares for its status, a status code the
# document does not declare, or a content type it does not declare. Results: docs/fuzzing.md.
#
# Settings (environment):
#   SCHEMATHESIS_MAX_TIME   seconds per token (default 90; two tokens, so about 3 minutes)
#   SCHEMATHESIS_SEED       the random seed (default 20261124, so a run can be repeated)
#   SCHEMATHESIS_REPORT_DIR where the JUnit reports go (default: a temporary directory)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v schemathesis >/dev/null; then
  echo "error: schemathesis is missing; install it with: pip install schemathesis" >&2
  exit 1
fi
echo "== $(schemathesis --version)" >&2

max_time="${SCHEMATHESIS_MAX_TIME:-90}"
seed="${SCHEMATHESIS_SEED:-20261124}"
checks="not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance"

cargo build -p kring
kring="${CARGO_TARGET_DIR:-target}/debug/kring"

data_dir="$(mktemp -d)"
log="$(mktemp)"
report_dir="${SCHEMATHESIS_REPORT_DIR:-$(mktemp -d)}"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir" "$log"
  [[ -n "${SCHEMATHESIS_REPORT_DIR:-}" ]] || rm -rf "$report_dir"
}
trap cleanup EXIT

# The server and the token commands use their own fresh SQLite file, whatever the caller's
# environment says.
unset KRING_DATABASE_URL KRING_SECURE_COOKIES KRING_DATA_DIR
"$kring" serve --demo --bind 127.0.0.1:0 --data-dir "$data_dir" 2>"$log" &
server_pid=$!

base_url=""
for _ in $(seq 300); do
  base_url="$(grep -m1 -o 'Kring draait op http://[^[:space:]]*' "$log" | sed 's/^Kring draait op //' || true)"
  [[ -n "$base_url" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "error: kring serve stopped before it listened:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$base_url" ]]; then
  echo "error: kring serve did not report its address within 30 s:" >&2
  cat "$log" >&2
  exit 1
fi
for _ in $(seq 300); do
  curl -fsS -o /dev/null "$base_url/health" 2>/dev/null && break
  sleep 0.1
done
echo "server at $base_url" >&2

token_for() {
  "$kring" token create --email "$1" --name fuzz --data-dir "$data_dir"
}

status=0
generated=0
unique_failures=0
out="$(mktemp)"
for who in coordinator:netwerk@voorbeeld.nl professional:wijkteam@voorbeeld.nl; do
  role="${who%%:*}"
  email="${who#*:}"
  token="$(token_for "$email")"
  echo "== schemathesis as the $role ($email), at most ${max_time} s" >&2
  start=$(date +%s)
  # One worker: with two threads, CPython 3.11.7's ast module can fail inside Hypothesis with
  # "AST constructor recursion depth mismatch", a runtime error of the tool, not of Kring.
  if ! schemathesis --no-color run "$base_url/api/v1/openapi.json" \
    --checks "$checks" \
    --header "Authorization: Bearer $token" \
    --max-time "$max_time" \
    --seed "$seed" \
    --workers 1 \
    --generation-database none \
    --report junit --report-junit-path "$report_dir/$role.xml" \
    --suppress-health-check all | tee "$out"; then
    status=1
  fi
  echo "== $role: $(($(date +%s) - start)) s" >&2
  # "7071 generated, 7071 passed" or "7075 generated, 37 found 37 unique failures".
  summary="$(grep -Eo '[0-9]+ generated, [^=]*' "$out" | tail -n 1 || true)"
  generated=$((generated + $(grep -Eo '^[0-9]+' <<<"$summary" || echo 0)))
  unique_failures=$((unique_failures + $(grep -Eo '[0-9]+ unique failure' <<<"$summary" | grep -Eo '^[0-9]+' || echo 0)))
done
rm -f "$out"

if ((status)); then
  echo "schemathesis found failures; server log:" >&2
  tail -n 50 "$log" >&2
  echo "schemathesis: $((generated - unique_failures)) passed, $((unique_failures > 0 ? unique_failures : 1)) failed"
  exit 1
fi
echo "schemathesis: $generated passed, 0 failed"
