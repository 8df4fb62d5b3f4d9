#!/usr/bin/env bash
# Faults injected into fonds (scripts/faults.py): imports, rebuilds, exports
# and editors' decisions killed at random moments, and a disk that fills
# under an import; 50 seeded trials of each by default, for a scheduled or
# on-demand run. `--short` is the few trials CI runs. Other arguments go to
# faults.py (--seed, --trials, --only, --no-disk, --keep).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
cargo build --locked -q -p fonds-cli -p fonds-dev
args=()
if [[ ${1:-} == --short ]]; then
  shift
  args=(--trials 3 --records 600)
fi
exec python3 scripts/faults.py --fonds "$target/debug/fonds" "${args[@]}" "$@"
