#!/usr/bin/env bash
# Installs headless Chromium and chromedriver for the browser tests
# (crates/cli/tests/browser.rs), unless both are already on the machine.
# Idempotent: a second run does nothing.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "install-browser.sh: chromium or chromedriver is missing and this is not root (no sudo)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  chromium chromium-driver >/dev/null

for bin in /usr/bin/chromium /usr/bin/chromedriver; do
  if [[ ! -x $bin ]]; then
    echo "install-browser.sh: $bin is still missing after apt-get install" >&2
    exit 1
  fi
done
