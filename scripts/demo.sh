#!/usr/bin/env bash
# The main job on the embedded default: builds fonds, imports the demo corpus
# (invented records in several languages, shipped in the binary) into a fresh
# archive and serves it on http://127.0.0.1:8080/ until interrupted. The
# scan viewer the reader serves is installed first (scripts/install-viewer.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-viewer.sh
cargo build --release --locked -p fonds-cli
exec "${CARGO_TARGET_DIR:-target}/release/fonds" demo "$@"
