#!/usr/bin/env bash
# Kring's whole test-suite, the one command to run before you push:
#
#   bash scripts/test.sh
#
# 1. `cargo test --workspace`: unit tests, the storage and HTTP tests on SQLite, and on
#    PostgreSQL too when KRING_TEST_POSTGRES_URL names a server whose role may CREATE DATABASE
#    (e.g. postgres://kring:kring@127.0.0.1:5432/postgres); every test gets a fresh database.
# 2. The browser suite (tests/browser): builds kring, starts a real OpenID provider
#    (tests/browser/oidc-provider.mjs) and `kring serve --demo` with single sign-on through it
#    on a free port with a fresh data directory, and drives it with headless Chromium
#    (playwright-core, axe-core). Needs Node 20+ and Debian's chromium (or CHROMIUM_PATH), and
#    Python 3 with venv (openpyxl is installed into ~/.cache/kring-python when missing). Without chromium the
#    browser suite is skipped with a message, except under CI=true, where that is an error.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== cargo test --workspace" >&2
cargo test --workspace

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
missing=""
[[ -x "$chromium" ]] || missing="chromium ($chromium)"
command -v node >/dev/null || missing="${missing:+$missing, }node"
command -v npm >/dev/null || missing="${missing:+$missing, }npm"
if [[ -n "$missing" ]]; then
  if [[ "${CI:-}" == "true" ]]; then
    echo "error: the browser tests need $missing, which is missing" >&2
    exit 1
  fi
  echo "browser tests skipped: install chromium (apt-get install chromium) and Node 20+; missing: $missing" >&2
  echo "all test suites passed (browser tests skipped)"
  exit 0
fi

echo "== browser tests" >&2
# Install when missing or older than the lock file (a package was added).
if [[ ! -f tests/browser/node_modules/.package-lock.json ||
  tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]]; then
  (cd tests/browser && npm ci --no-audit --no-fund)
fi
cargo build -p kring
kring="${CARGO_TARGET_DIR:-target}/debug/kring"

# The dashboard's Excel workbook is read back with openpyxl, as a spreadsheet program would:
# a Python with openpyxl (python3 itself, or a virtual environment made once and kept).
python=python3
if ! python3 -c 'import openpyxl' 2>/dev/null; then
  venv="${XDG_CACHE_HOME:-$HOME/.cache}/kring-python"
  if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import openpyxl' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet openpyxl
  fi
  python="$venv/bin/python"
fi

data_dir="$(mktemp -d)"
log="$(mktemp)"
provider_log="$(mktemp)"
server_pid=""
provider_pid=""
cleanup() {
  for pid in "$server_pid" "$provider_pid"; do
    if [[ -n "$pid" ]]; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$data_dir" "$log" "$provider_log"
}
trap cleanup EXIT

# Single sign-on is on for the whole suite: a real OpenID provider (tests/browser/
# oidc-provider.mjs) must know Kring's redirect address before Kring starts, and Kring reads the
# provider's configuration at start, so Kring's port is chosen first.
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
kring_url="http://127.0.0.1:$port"
(cd tests/browser && KRING_PUBLIC_URL="$kring_url" exec node oidc-provider.mjs) >"$provider_log" 2>&1 &
provider_pid=$!
issuer=""
for _ in $(seq 300); do
  issuer="$(grep -m1 -o 'OpenID-provider op http://[^[:space:]]*' "$provider_log" | sed 's/^OpenID-provider op //' || true)"
  [[ -n "$issuer" ]] && break
  if ! kill -0 "$provider_pid" 2>/dev/null; then
    echo "error: the OpenID provider stopped before it listened:" >&2
    cat "$provider_log" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$issuer" ]]; then
  echo "error: the OpenID provider did not report its address within 30 s:" >&2
  cat "$provider_log" >&2
  exit 1
fi

# The server must use its own fresh SQLite file and plain-HTTP cookies, whatever the caller's
# environment says. It trusts X-Forwarded-For from this machine: each browser context of the
# suite sends its own client address (tests/browser/support.mjs), so the per-address login
# limit counts each test's logins apart.
env -u KRING_DATABASE_URL -u KRING_SECURE_COOKIES KRING_OIDC_CLIENT_SECRET=kring-test-geheim \
  "$kring" serve --demo --bind "127.0.0.1:$port" --data-dir "$data_dir" --trusted-proxy 127.0.0.1 \
  --oidc-issuer "$issuer" --oidc-client-id kring --oidc-public-url "$kring_url" 2>"$log" &
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

healthy=""
for _ in $(seq 300); do
  if curl -fsS -o /dev/null "$base_url/health" 2>/dev/null; then
    healthy=yes
    break
  fi
  sleep 0.1
done
if [[ -z "$healthy" ]]; then
  echo "error: $base_url/health did not answer within 30 s; server log:" >&2
  cat "$log" >&2
  exit 1
fi

echo "server at $base_url" >&2
if ! (cd tests/browser && KRING_BASE_URL="$base_url" KRING_OIDC_ISSUER="$issuer" CHROMIUM_PATH="$chromium" KRING_PYTHON="$python" node --test); then
  echo "browser tests failed; server log:" >&2
  cat "$log" >&2
  exit 1
fi

echo "all test suites passed"
