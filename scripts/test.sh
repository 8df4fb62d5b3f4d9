#!/usr/bin/env bash
# Runs every check CI runs, on a fresh machine or a developer's: formatting,
# lints, the purity of the core, every test, and the build of the fuzz targets.
# It installs what the tests need and is not yet on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "formatting"
cargo fmt --all --check

step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "the core stays pure (no I/O, storage, wire-format, web or calendar crates), and so do names below it and query above it"
for pure in fonds-core fonds-names fonds-query; do
  pure_deps=$(cargo tree -p "$pure" -e normal --prefix none --locked | awk '{print $1}' | sort -u)
  for forbidden in serde serde_json rusqlite sqlx tantivy axum hyper tokio reqwest quick-xml jiff chrono time; do
    if grep -qx "$forbidden" <<<"$pure_deps"; then
      echo "$pure must not depend on $forbidden" >&2
      exit 1
    fi
  done
done

step "the shipping binary links no developer's code (the corpus generator)"
if cargo tree -p fonds-cli -e normal --prefix none --locked | awk '{print $1}' | grep -qx fonds-corpus; then
  echo "the fonds binary must not depend on fonds-corpus (keep it to fonds-dev and tests)" >&2
  exit 1
fi

step "only the archive knows both the store and the index"
cargo metadata --format-version 1 --no-deps --locked | python3 -c '
import json, sys
meta = json.load(sys.stdin)
both = []
for p in meta["packages"]:
    direct = {d["name"] for d in p["dependencies"] if d["kind"] is None}
    if {"fonds-store", "fonds-search"} <= direct and p["name"] != "fonds-archive":
        both.append(p["name"])
if both:
    sys.exit("these crates depend on both fonds-store and fonds-search; only fonds-archive may: " + ", ".join(both))
'

step "validators (independent tools the tests check fonds's output with)"
venv="${FONDS_VALIDATORS:-$HOME/.cache/fonds-validators}"
if [[ -f ../shared/tools/validators.sh ]]; then
  bash ../shared/tools/validators.sh "$venv"
else
  [[ -x $venv/bin/python ]] || python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check openapi-spec-validator
export FONDS_VALIDATORS="$venv"

step "a real browser for the reader's end-to-end tests, and axe-core to check their accessibility"
bash scripts/install-browser.sh
export FONDS_AXE="${FONDS_AXE:-$HOME/.cache/fonds-axe}"
bash scripts/install-axe.sh

step "the scan viewer the reader serves (OpenSeadragon, pinned in web/package-lock.json)"
bash scripts/install-viewer.sh

step "command-line tools the tests drive (sqlite3, to age a database; poppler's pdftoppm, which renders PDF scans; Tesseract 5 with its Russian, English, German, Korean and Chinese models, for OCR; a typewriter's face, to type scans)"
models=(rus eng deu kor chi_sim)
have_models() {
  command -v tesseract >/dev/null || return 1
  local list
  list=$(tesseract --list-langs 2>/dev/null)
  for m in "${models[@]}"; do grep -qx "$m" <<<"$list" || return 1; done
}
if ! command -v sqlite3 >/dev/null || ! command -v pdftoppm >/dev/null || ! have_models \
  || [[ ! -f /usr/share/fonts/truetype/freefont/FreeMono.ttf ]]; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends sqlite3 poppler-utils \
    tesseract-ocr tesseract-ocr-rus tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-kor tesseract-ocr-chi-sim \
    fonts-freefont-ttf >/dev/null
fi

step "tests"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast
else
  cargo test --workspace --locked --no-fail-fast
fi
cargo test --workspace --doc --locked

step "the store, the archive and the server again, on PostgreSQL and S3 (a cluster of the tests' own from Debian's postgresql, SeaweedFS from PyPI)"
pg_dir=$(mktemp -d /tmp/fonds-pg.XXXXXX)
s3_dir=$(mktemp -d /tmp/fonds-s3.XXXXXX)
pg_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
trap 'bash scripts/postgres.sh stop "$pg_dir" >/dev/null 2>&1 || true; bash scripts/seaweedfs.sh stop "$s3_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir" "$s3_dir"' EXIT
pg_url=$(bash scripts/postgres.sh start "$pg_dir" "$pg_port")
# Sets AWS_ENDPOINT_URL, the keys and FONDS_TEST_OBJECTS for the tests.
s3_env=$(bash scripts/seaweedfs.sh start "$s3_dir")
eval "$s3_env"
if cargo nextest --version >/dev/null 2>&1; then
  FONDS_TEST_DATABASE="$pg_url" cargo nextest run --locked --no-fail-fast -p fonds-store -p fonds-archive -p fonds-server
  FONDS_TEST_DATABASE="$pg_url" cargo nextest run --locked --no-fail-fast -p fonds-cli --test postgres
else
  FONDS_TEST_DATABASE="$pg_url" cargo test --locked --no-fail-fast -p fonds-store -p fonds-archive -p fonds-server
  FONDS_TEST_DATABASE="$pg_url" cargo test --locked --no-fail-fast -p fonds-cli --test postgres
fi
bash scripts/postgres.sh stop "$pg_dir"
bash scripts/seaweedfs.sh stop "$s3_dir"
unset FONDS_TEST_OBJECTS AWS_ENDPOINT_URL AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION AWS_ALLOW_HTTP

step "faults injected: a few trials of each kind (scripts/faults.sh runs 50 of each on demand)"
bash scripts/faults.sh --short

step "benchmark smoke run: every peer on a small corpus, so the benchmarks never rot (asserts nothing about time)"
bash bench/run.sh --smoke
step "benchmark smoke run: the FRUS volumes, fonds over HTTP beside SQLite FTS5 (asserts nothing about time)"
bash bench/frus.sh --smoke

step "fuzz targets build"
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}/fuzz" cargo build --manifest-path fuzz/Cargo.toml --locked
