#!/usr/bin/env bash
# Refresh the vendored front-end assets of kring-web from the npm registry.
#
#   scripts/refresh-vendor.sh           # fetch pinned packages, (re)write assets/vendor/
#   scripts/refresh-vendor.sh --check   # fetch pinned packages, fail if assets/vendor/ differs
#
# What is vendored (into crates/kring-web/assets/vendor/):
#   @utrecht/component-library-css                      (EUPL-1.2) dist/index.css
#   @nl-design-system-unstable/voorbeeld-design-tokens  (EUPL-1.2) dist/theme.css (.voorbeeld-theme)
#   htmx.org                                            (0BSD)     dist/htmx.min.js
#   leaflet                                             (BSD-2)    dist/leaflet.js, dist/leaflet.css
# plus each package's licence file, VERSIONS ("name version" per line) and
# SHA256SUMS (sha256sum of every other file in the directory, sorted by name;
# verify with `cd crates/kring-web/assets/vendor && sha256sum -c SHA256SUMS`).
#
# Each tarball is fetched with `npm pack` into a temporary directory and its
# sha512 integrity is checked against the value pinned below. To upgrade a
# package, change its version and integrity (`npm view NAME@VERSION dist.integrity`)
# and run this script again. Needs: npm, node, tar, sha256sum.
set -euo pipefail

# name | version | sha512 integrity of the registry tarball
PACKAGES=(
  "@utrecht/component-library-css|9.0.4|sha512-gVA7D6GfP9/+fzehkYLSBR+0UPUTA97PZmgvTYQE88lPQhHGMlUk8FjmCpLKRsRC9hAYd32JuF/KzG6fmBfjJA=="
  "@nl-design-system-unstable/voorbeeld-design-tokens|7.4.1|sha512-GNnapAn2mTIzXRcCvs0JMr4Bf9+ivUJ3zFBJLRT1SYpAYm2xPwptVxIM3k4WLJ0c59E9FfxsEBPJluGuAHUVvg=="
  "htmx.org|2.0.11|sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=="
  "leaflet|1.9.4|sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA=="
)

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor_dir="$repo_root/crates/kring-web/assets/vendor"

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$work/out"
mkdir -p "$out"

die() { echo "refresh-vendor: $*" >&2; exit 1; }

# fetch NAME VERSION INTEGRITY -> prints the directory of the unpacked package
fetch() {
  local name="$1" version="$2" integrity="$3"
  local dest="$work/pkg/${name//\//__}"
  mkdir -p "$dest"
  local json got tarball
  json="$(cd "$work" && npm pack --json --loglevel=error --pack-destination "$dest" "$name@$version")"
  got="$(printf '%s' "$json" | node -e 'const j=JSON.parse(require("fs").readFileSync(0,"utf8"));process.stdout.write(j[0].integrity)')"
  tarball="$(printf '%s' "$json" | node -e 'const j=JSON.parse(require("fs").readFileSync(0,"utf8"));process.stdout.write(j[0].filename)')"
  [[ "$got" == "$integrity" ]] || die "$name@$version: integrity $got, expected $integrity"
  tar -xzf "$dest/$tarball" -C "$dest"
  printf '%s\n' "$dest/package"
}

# licence NAME PKGDIR TARGET -> copy the package's licence file to TARGET, or
# write a note with package.json's "license" field if the package has none.
licence() {
  local name="$1" pkg="$2" target="$3" file
  file="$(find "$pkg" -maxdepth 1 -type f \( -iname 'licen[cs]e*' -o -iname 'copying*' \) | sort | head -n 1)"
  if [[ -n "$file" ]]; then
    cp "$file" "$target"
  else
    local spdx
    spdx="$(node -e 'process.stdout.write(String(require(process.argv[1]).license))' "$pkg/package.json")"
    printf '%s ships no licence file; its package.json declares "license": "%s".\n' "$name" "$spdx" > "$target"
  fi
}

: > "$out/VERSIONS"
for entry in "${PACKAGES[@]}"; do
  IFS='|' read -r name version integrity <<< "$entry"
  echo "refresh-vendor: $name@$version" >&2
  pkg="$(fetch "$name" "$version" "$integrity")"
  case "$name" in
    @utrecht/component-library-css)
      cp "$pkg/dist/index.css" "$out/utrecht-component-library.css"
      licence "$name" "$pkg" "$out/LICENSE-utrecht-component-library-css.md"
      ;;
    @nl-design-system-unstable/voorbeeld-design-tokens)
      cp "$pkg/dist/theme.css" "$out/voorbeeld-design-tokens.css"
      licence "$name" "$pkg" "$out/LICENSE-voorbeeld-design-tokens.md"
      ;;
    htmx.org)
      cp "$pkg/dist/htmx.min.js" "$out/htmx.min.js"
      licence "$name" "$pkg" "$out/LICENSE-htmx.txt"
      ;;
    leaflet)
      # Markers are drawn as circles, so none of Leaflet's images are needed.
      cp "$pkg/dist/leaflet.js" "$out/leaflet.js"
      cp "$pkg/dist/leaflet.css" "$out/leaflet.css"
      licence "$name" "$pkg" "$out/LICENSE-leaflet.txt"
      ;;
    *) die "no copy rule for $name" ;;
  esac
  printf '%s %s\n' "$name" "$version" >> "$out/VERSIONS"
done

# Sanity checks on what was fetched.
min_size() { # FILE BYTES
  local size
  size="$(wc -c < "$1")"
  (( size >= $2 )) || die "$(basename "$1") is only $size bytes"
}
min_size "$out/utrecht-component-library.css" 100000
min_size "$out/voorbeeld-design-tokens.css" 50000
min_size "$out/htmx.min.js" 20000
min_size "$out/leaflet.js" 100000
grep -q '^\.voorbeeld-theme[[:space:]]*{' "$out/voorbeeld-design-tokens.css" \
  || die "voorbeeld-design-tokens.css does not define .voorbeeld-theme"
grep -q '\.utrecht-button' "$out/utrecht-component-library.css" \
  || die "utrecht-component-library.css has no .utrecht-button"

(cd "$out" && LC_ALL=C find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%f\n' \
  | LC_ALL=C sort | xargs sha256sum > SHA256SUMS)

if [[ "$mode" == check ]]; then
  if diff -r "$out" "$vendor_dir" >&2; then
    echo "refresh-vendor: $vendor_dir is up to date" >&2
  else
    die "$vendor_dir differs from the pinned packages; run scripts/refresh-vendor.sh"
  fi
else
  mkdir -p "$vendor_dir"
  cp "$out"/* "$vendor_dir"/
  echo "refresh-vendor: wrote $vendor_dir" >&2
  (cd "$vendor_dir" && sha256sum -c --quiet SHA256SUMS)
fi
