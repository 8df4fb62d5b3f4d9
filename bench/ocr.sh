#!/usr/bin/env bash
# OCR throughput: `fonds ocr` (Tesseract run by fonds, one process per core,
# every page's hOCR read back and stored with its words) beside the same
# number of Tesseract processes started by hand with xargs on the same
# pages, one after the other, timed by farm-bench when it is there (else by
# `time`). Usage: bench/ocr.sh [PAGES] [JOBS]; FONDS_PROFILE=dev for a dev
# build of fonds. Needs tesseract with its English model and the shared
# typewritten page.
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-24}"
jobs="${2:-$(nproc)}"
page="${FONDS_SHARED:-../shared}/scans/typewriter/typewriter.png"
[[ -f $page ]] || { echo "bench/ocr.sh: $page is missing" >&2; exit 1; }
profile="${FONDS_PROFILE:-release}"
cargo build --profile "$profile" --locked -q -p fonds-cli
dir="$profile"; [[ $profile == dev ]] && dir=debug
fonds="${CARGO_TARGET_DIR:-target}/$dir/fonds"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pages" "$work/hand"
for i in $(seq -w 1 "$pages"); do cp "$page" "$work/pages/p$i.png"; done
cat > "$work/doc.txt" <<'RECORD'
### **Typed Pages for the OCR Benchmark**

#### **Citation:**

"Typed Pages for the OCR Benchmark", May 2, 1961, Bench Archive, Fonds 1, Delo 1.  
<https://example.org/document/ocr-bench>

#### **Original Language:**

English

#### **Contents:**

Original Scan
RECORD
"$fonds" --archive "$work/archive" import "$work/doc.txt" >/dev/null
"$fonds" --archive "$work/archive" attach example-org-document-ocr-bench "$work"/pages/*.png >/dev/null
a=("$fonds" --archive "$work/archive" ocr --redo --lang eng --jobs "$jobs")
b="ls $work/pages/*.png | OMP_THREAD_LIMIT=1 xargs -P $jobs -I{} sh -c 'tesseract {} $work/hand/\$(basename {}) -l eng hocr 2>/dev/null'"
echo "$pages pages of 4000x2864, $jobs at once: A = fonds ocr, B = $jobs tesseract processes by hand"
if command -v farm-bench >/dev/null; then
  farm-bench -n 4 --timeout 1800 --vs "sh -c \"$b\"" -- "${a[@]}"
else
  time "${a[@]}"
  time sh -c "$b"
fi
