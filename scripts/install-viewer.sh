#!/usr/bin/env bash
# Installs the scripts the reader serves that fonds does not write itself
# (OpenSeadragon, the deep-zoom viewer of the scans) from the npm registry,
# at the versions web/package-lock.json pins, into web/node_modules, where
# `fonds serve` finds them (or where $FONDS_VIEWER points). Never a CDN: the
# reader serves them itself. Idempotent: does nothing when they are there.
set -euo pipefail
cd "$(dirname "$0")/../web"

want="$(sed -n 's/^[[:space:]]*"openseadragon":[[:space:]]*"\([^"]*\)".*/\1/p' package.json)"
have=""
if [[ -f node_modules/openseadragon/package.json ]]; then
  have="$(sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' node_modules/openseadragon/package.json | head -n 1)"
fi
if [[ $have == "$want" && -f node_modules/openseadragon/build/openseadragon/openseadragon.min.js ]]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null
fi

npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
[[ -f node_modules/openseadragon/build/openseadragon/openseadragon.min.js ]] || {
  echo "install-viewer.sh: openseadragon $want is not in web/node_modules after npm ci" >&2
  exit 1
}
