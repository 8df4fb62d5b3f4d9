#!/usr/bin/env bash
# The main job on the embedded default: builds fonds and reads every record of
# the demo corpus (and the shared seed record, when it is beside the repository),
# printing what was understood of each.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p fonds-cli
files=(fixtures/records/*.txt)
[[ -f ../shared/seed/000_d1706e7d43c0b0d8.txt ]] && files+=(../shared/seed/000_d1706e7d43c0b0d8.txt)
exec "${CARGO_TARGET_DIR:-target}/release/fonds" check "${files[@]}"
