#!/usr/bin/env bash
# The server under load: `fonds serve` on loopback, driven by wrk with many
# connections, on a real archive (the seed record and the FRUS volumes from
# ../shared). Prints requests/s and latency percentiles per kind of request
# (searches, document pages, OAI-PMH harvesting) and for a mix of the three,
# at each connection count. It asserts nothing: it is a program that prints
# figures (BENCHMARKS.md, "The server under load").
#
#   bench/load.sh [--secs S] [--conns "50 200"] [--bin FONDS] [--archive DIR]
#
# Without --bin it builds the release binary. With --archive it serves that
# archive as it is instead of importing the shared corpus into a fresh one.
# Needs wrk (Debian's package; installed here when missing and run as root).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "$ROOT/.." && pwd)/shared
SECS=30
CONNS="50 200"
BIN=""
ARCHIVE=""
while [ $# -gt 0 ]; do
    case "$1" in
        --secs) SECS=$2; shift 2 ;;
        --conns) CONNS=$2; shift 2 ;;
        --bin) BIN=$2; shift 2 ;;
        --archive) ARCHIVE=$2; shift 2 ;;
        *) echo "usage: bench/load.sh [--secs S] [--conns \"50 200\"] [--bin FONDS] [--archive DIR]" >&2; exit 2 ;;
    esac
done

if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    else
        echo "bench/load.sh needs wrk (apt-get install wrk)" >&2
        exit 1
    fi
fi
if [ -z "$BIN" ]; then
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/fonds-target}
    cargo build --release --locked -q -p fonds-cli
    BIN="$CARGO_TARGET_DIR/release/fonds"
fi

WORK=$(mktemp -d /tmp/fonds-load.XXXXXX)
SERVE_PID=""
cleanup() {
    if [ -n "$SERVE_PID" ]; then
        kill "$SERVE_PID" 2>/dev/null || true
        wait "$SERVE_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "$ARCHIVE" ]; then
    ARCHIVE="$WORK/archive"
    "$BIN" import --archive "$ARCHIVE" "$SHARED/seed" "$SHARED/corpus/frus" >"$WORK/import.log" 2>&1
fi

# Many connections need many descriptors, on both sides.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --archive "$ARCHIVE" --addr "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVE_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$BASE/api/health" 2>/dev/null; then
        break
    fi
    sleep 0.2
done

# The requests of each kind, written one path a line: searches from a fixed
# list, the page of every document (in a fixed shuffled order), and a
# harvester's walk through ListRecords (the first page and every page its
# resumption tokens lead to).
python3 - "$BASE" "$WORK" <<'PY'
import json, random, sys, urllib.parse, urllib.request, re
base, work = sys.argv[1], sys.argv[2]
def get(path):
    with urllib.request.urlopen(base + path, timeout=60) as r:
        return r.read().decode()
queries = ["Russia", "Bolshevik", "Lansing", "treaty", "\"Red Army\"", "Petrograd OR Moscow",
           "date:1918", "person:Lansing", "lang:en grain", "Mikoyan", "Chicherin~", "Siberia -Japan",
           "type:telegram Vladivostok", "date:1936 trade"]
search = ["/api/search?" + urllib.parse.urlencode({"q": q}) for q in queries]
search += ["/search?" + urllib.parse.urlencode({"q": q}) for q in queries]
ids, offset = [], 0
while True:
    page = json.loads(get("/api/search?" + urllib.parse.urlencode({"q": "date:..2100 OR lang:en OR lang:ru", "limit": 100, "offset": offset})))
    ids += [h["id"] for h in page["hits"]]
    offset += 100
    if not page["hits"] or offset >= min(page["total"], 10000):
        break
random.Random(1).shuffle(ids)
docs = ["/doc/" + urllib.parse.quote(i, safe="") for i in ids]
oai, path = [], "/oai?verb=ListRecords&metadataPrefix=oai_dc"
while path and len(oai) < 1000:
    oai.append(path)
    m = re.search(r"<resumptionToken[^>]*>([^<]+)</resumptionToken>", get(path))
    path = "/oai?verb=ListRecords&resumptionToken=" + urllib.parse.quote(m.group(1), safe="") if m else None
mix = []
for i in range(max(len(search), len(docs), len(oai))):
    mix += [search[i % len(search)], docs[i % len(docs)], oai[i % len(oai)]]
for name, paths in [("search", search), ("documents", docs), ("oai", oai), ("mix", mix)]:
    with open(f"{work}/{name}.paths", "w") as f:
        f.write("\n".join(paths) + "\n")
print(f"{len(ids)} documents, {len(search)} searches, {len(oai)} ListRecords pages", file=sys.stderr)
PY


printf '\n%-10s %6s %10s %9s %9s %9s %8s %8s\n' kind conns "req/s" "p50 ms" "p99 ms" "max ms" errors non-2xx
for conns in $CONNS; do
    for kind in search documents oai mix; do
        out=$(FONDS_PATHS="$WORK/$kind.paths" wrk -t2 -c"$conns" -d"${SECS}s" --timeout 10s \
            -s "$ROOT/bench/paths.lua" "$BASE" 2>&1 | grep '^FONDS')
        read -r _ n dur p50 p99 max ec er ew et es <<<"$out"
        awk -v k="$kind" -v c="$conns" -v n="$n" -v d="$dur" -v p50="$p50" -v p99="$p99" -v max="$max" \
            -v err=$((ec + er + ew + et)) -v s="$es" \
            'BEGIN { printf "%-10s %6d %10.0f %9.2f %9.1f %9.1f %8d %8d\n", k, c, n / d, p50, p99, max, err, s }'
    done
done
