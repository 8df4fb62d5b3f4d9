#!/usr/bin/env bash
# The main job on the embedded default: builds fonds, types the demo
# corpus's originals as scanned typescript pages (fonds-dev typescripts),
# imports the records with their scans into a fresh archive, reads the scans
# with Tesseract, and serves it on http://127.0.0.1:8080/ until interrupted.
# The scan viewer the reader serves is installed first
# (scripts/install-viewer.sh), and Debian's Tesseract and a typewriter's face
# when they are missing and this may install them.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v tesseract >/dev/null || missing+=(tesseract-ocr tesseract-ocr-rus tesseract-ocr-deu tesseract-ocr-eng)
[[ -f /usr/share/fonts/truetype/freefont/FreeMono.ttf ]] || missing+=(fonts-freefont-ttf)
if ((${#missing[@]})) && command -v apt-get >/dev/null; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  if [[ -z $sudo ]] || command -v sudo >/dev/null; then
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq || true
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || echo "demo.sh: note: could not install ${missing[*]}; the demo runs without them" >&2
  fi
fi

bash scripts/install-viewer.sh
cargo build --release --locked -p fonds-cli -p fonds-dev
bin="${CARGO_TARGET_DIR:-target}/release"
records="$(mktemp -d)/records"
mkdir -p "$records"
cp demo/records/*.txt "$records/"
"$bin/fonds-dev" typescripts "$records" >/dev/null \
  || echo "demo.sh: note: the demo has no scans (no monospace face to type them with)" >&2
exec "$bin/fonds" demo --records "$records" "$@"
