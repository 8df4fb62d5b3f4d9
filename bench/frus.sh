#!/usr/bin/env bash
# Search on a small real archive: the three FRUS volumes in ../shared/corpus/frus,
# fonds over HTTP beside SQLite FTS5 (porter stemming, bm25, snippet()) on the
# same documents and the same mix (bench/frus-queries.json), in one run.
#
# fonds: `fonds import` of the volumes, `fonds serve`, wrk at 4 connections
# cycling the mix through /api/search (the best 20 with snippets, without
# and then with facet counts). FTS5: the documents fonds read
# (`fonds-dev corpus --from`), one table holding their texts, 4 processes
# cycling the mix (count, then the best 20 with titles and snippets). It
# prints queries/s, latencies and the ratio; it asserts nothing about time.
#
#   bench/frus.sh [--secs S] [--bin FONDS] [--dev FONDS-DEV] [--smoke]
#
# Without --bin and --dev it builds the release binaries. --smoke builds the
# dev binaries and runs each phase for 2 seconds (scripts/test.sh runs it so:
# it fails only if something fails to run; its figures mean nothing).
# Needs wrk (Debian's package; installed here when missing and run as root).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "$ROOT/.." && pwd)/shared
SECS=15
BIN=""
DEV=""
PROFILE=release
while [ $# -gt 0 ]; do
    case "$1" in
        --secs) SECS=$2; shift 2 ;;
        --bin) BIN=$2; shift 2 ;;
        --dev) DEV=$2; shift 2 ;;
        --smoke) SECS=2; PROFILE=dev; shift ;;
        *) echo "usage: bench/frus.sh [--secs S] [--bin FONDS] [--dev FONDS-DEV] [--smoke]" >&2; exit 2 ;;
    esac
done

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    else
        echo "bench/frus.sh needs wrk (apt-get install wrk)" >&2
        exit 1
    fi
fi
if [ -z "$BIN" ] || [ -z "$DEV" ]; then
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/fonds-target}
    cargo build --profile "$PROFILE" --locked -q -p fonds-cli -p fonds-dev
    dir=$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")
    BIN=${BIN:-$CARGO_TARGET_DIR/$dir/fonds}
    DEV=${DEV:-$CARGO_TARGET_DIR/$dir/fonds-dev}
fi

WORK=$(mktemp -d /tmp/fonds-frus.XXXXXX)
SERVE_PID=""
cleanup() {
    if [ -n "$SERVE_PID" ]; then
        kill "$SERVE_PID" 2>/dev/null || true
        wait "$SERVE_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

QUERIES="$ROOT/bench/frus-queries.json"
FTS5="python3 $ROOT/bench/peers/fts5_frus.py"
VOLUMES="$SHARED/corpus/frus"

start=$(date +%s.%N)
"$BIN" import --archive "$WORK/archive" "$VOLUMES" >"$WORK/import.log" 2>&1
fonds_import=$(echo "$(date +%s.%N) - $start" | bc)
"$DEV" corpus --from "$VOLUMES" --out "$WORK/corpus.jsonl" 2>"$WORK/corpus.log"
fts5_build=$($FTS5 build "$WORK/corpus.jsonl" "$WORK/fts5.db")

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --archive "$WORK/archive" --addr "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$BASE/api/health" 2>/dev/null; then
        break
    fi
    sleep 0.2
done

# The mix as request paths, without and with facets, and each query's
# number of matches on both sides.
python3 - "$QUERIES" "$BASE" "$WORK" <<'PY'
import json, sys, urllib.parse, urllib.request
queries, base, work = sys.argv[1:4]
mix = json.load(open(queries, encoding="utf-8"))
for facets in ("false", "true"):
    with open(f"{work}/paths-{facets}", "w") as f:
        for q in mix["queries"]:
            f.write("/api/search?" + urllib.parse.urlencode({"q": q["fonds"], "limit": mix["limit"], "facets": facets}) + "\n")
hits = {}
for q in mix["queries"]:
    with urllib.request.urlopen(base + "/api/search?" + urllib.parse.urlencode({"q": q["fonds"], "limit": 1}), timeout=60) as r:
        hits[q["name"]] = json.load(r)["total"]
json.dump(hits, open(f"{work}/fonds-hits.json", "w"))
PY
$FTS5 hits "$WORK/fts5.db" "$QUERIES" >"$WORK/fts5-hits.json"

wrk_run() {
    local out
    # A warm-up pass, then the measured one.
    FONDS_PATHS="$WORK/paths-$1" wrk -t2 -c4 -d1s -s "$ROOT/bench/paths.lua" "$BASE" >/dev/null 2>&1
    out=$(FONDS_PATHS="$WORK/paths-$1" wrk -t2 -c4 -d"${SECS}s" --timeout 10s -s "$ROOT/bench/paths.lua" "$BASE" 2>&1 | grep '^FONDS')
    read -r _ n dur p50 p99 max ec er ew et es <<<"$out"
    errors=$((ec + er + ew + et + es))
    if [ "$errors" != 0 ]; then
        echo "bench/frus.sh: wrk saw $errors errors or non-2xx answers (facets=$1)" >&2
        exit 1
    fi
    echo "$n $dur $p50 $p99"
}
read -r f_n f_dur f_p50 f_p99 <<<"$(wrk_run false)"
read -r ff_n ff_dur ff_p50 ff_p99 <<<"$(wrk_run true)"
fts5=$($FTS5 run "$WORK/fts5.db" "$QUERIES" --clients 4 --secs "$SECS" 2>/dev/null)

python3 - "$fonds_import" "$fts5_build" "$fts5" "$f_n" "$f_dur" "$f_p50" "$f_p99" \
    "$ff_n" "$ff_dur" "$ff_p50" "$ff_p99" "$WORK" "$(cat "$WORK/corpus.log")" <<'PY'
import json, sys
(fonds_import, fts5_build, fts5, f_n, f_dur, f_p50, f_p99,
 ff_n, ff_dur, ff_p50, ff_p99, work, corpus_log) = sys.argv[1:14]
build, fts5 = json.loads(fts5_build), json.loads(fts5)
fq, ffq = int(f_n) / float(f_dur), int(ff_n) / float(ff_dur)
fonds_hits = json.load(open(f"{work}/fonds-hits.json"))
fts5_hits = json.load(open(f"{work}/fts5-hits.json"))
print(f"\nThe FRUS volumes: {corpus_log.strip().split(': ', 1)[-1]}")
print(f"import: fonds {float(fonds_import):.2f} s (fonds import, the whole process), "
      f"FTS5 {build['secs']:.2f} s (the table from the documents fonds read)")
print(f"\n{'at 4 clients':<40} {'queries/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'fonds/FTS5':>11}")
print(f"{'fonds over HTTP, snippets':<40} {fq:>10.0f} {float(f_p50):>8.2f} {float(f_p99):>8.2f} {fq / fts5['qps']:>11.2f}")
print(f"{'fonds over HTTP, snippets and facets':<40} {ffq:>10.0f} {float(ff_p50):>8.2f} {float(ff_p99):>8.2f} {ffq / fts5['qps']:>11.2f}")
print(f"{'FTS5 in process, bm25 and snippet()':<40} {fts5['qps']:>10.0f} {'':>8} {'':>8} {1:>11.2f}")
print(f"\n{'query':<18} {'fonds hits':>10} {'FTS5 hits':>10}")
for name, n in fonds_hits.items():
    print(f"{name:<18} {n:>10} {fts5_hits.get(name, '-'):>10}")
PY
