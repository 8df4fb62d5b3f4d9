#!/usr/bin/env bash
# Installs axe-core, the accessibility checker the browser tests inject into
# the reader's pages (crates/cli/tests/browser.rs), at a pinned version, into
# a cache folder outside the repository: $FONDS_AXE, by default
# ~/.cache/fonds-axe. The tests read $FONDS_AXE/node_modules/axe-core/axe.min.js.
# Idempotent: when that version is already there, it does nothing.
set -euo pipefail

AXE_VERSION="4.14.1"
dir="${FONDS_AXE:-$HOME/.cache/fonds-axe}"
package="$dir/node_modules/axe-core"

installed_version() {
  [[ -f $package/axe.min.js && -f $package/package.json ]] || return 1
  sed -n 's/^[[:space:]]*"version":[[:space:]]*"\([^"]*\)".*/\1/p' "$package/package.json" | head -n 1
}

if [[ $(installed_version || true) == "$AXE_VERSION" ]]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo="sudo"
    else
      echo "install-axe.sh: npm is missing and this is not root (no sudo)" >&2
      exit 1
    fi
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    npm >/dev/null
fi

mkdir -p "$dir"
npm install --prefix "$dir" --save-exact --ignore-scripts --no-audit --no-fund \
  --loglevel=error "axe-core@$AXE_VERSION" >/dev/null

found="$(installed_version || true)"
if [[ $found != "$AXE_VERSION" ]]; then
  echo "install-axe.sh: axe-core $AXE_VERSION is not in $package after npm install (found: ${found:-nothing})" >&2
  exit 1
fi
