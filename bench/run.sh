#!/usr/bin/env bash
# The peer benchmarks: fonds beside SQLite FTS5, PostgreSQL full-text search,
# Xapian, Lucene and bare tantivy, on one machine, one corpus and one query
# mix, in one run. See bench/README.md for the method.
#
#   bench/run.sh [N]        N documents (default 10000), release build
#   bench/run.sh --smoke    about 2,000 documents, dev build, short phases:
#                           fails if any system fails to run, asserts nothing about time
#
# Environment: FONDS_BENCH_SEED (1), FONDS_BENCH_ROUNDS, FONDS_BENCH_CLIENT_SECS,
# FONDS_BENCH_PROFILE (release|dev), FONDS_BENCH_BIN (a directory holding
# fonds and fonds-dev already built: no build), FONDS_BENCH_OUT (a
# directory to keep the results and logs in), CARGO_TARGET_DIR.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"

N=10000
SMOKE=0
case "${1:-}" in
    --smoke) SMOKE=1; N=2000 ;;
    "") ;;
    *[!0-9]* | 0) echo "usage: bench/run.sh [N] | --smoke" >&2; exit 2 ;;
    *) N=$1 ;;
esac
SEED=${FONDS_BENCH_SEED:-1}
if ((SMOKE)); then
    ROUNDS=${FONDS_BENCH_ROUNDS:-5}
    CLIENT_SECS=${FONDS_BENCH_CLIENT_SECS:-2}
    WARMUP_SECS=1
    PROFILE=${FONDS_BENCH_PROFILE:-dev}
else
    ROUNDS=${FONDS_BENCH_ROUNDS:-50}
    CLIENT_SECS=${FONDS_BENCH_CLIENT_SECS:-10}
    WARMUP_SECS=5
    PROFILE=${FONDS_BENCH_PROFILE:-release}
fi
MAX_SECS=60                                   # bound on each one-client phase
STEP_TIMEOUT=$((900 + N / 5))                 # bound on each system's whole run, seconds
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/fonds-target}

WORK=$(mktemp -d /tmp/fonds-bench.XXXXXX)
RESULTS="$WORK/results"
mkdir -p "$RESULTS"
SERVE_PID=""

cleanup() {
    local rc=$?
    if [ -n "$SERVE_PID" ]; then
        kill "$SERVE_PID" 2>/dev/null || true
        wait "$SERVE_PID" 2>/dev/null || true
    fi
    # A PostgreSQL server the adapter could not stop itself (it was killed).
    local marker="$WORK/postgres/pgdata.path"
    if [ -f "$marker" ]; then
        local bin data
        { read -r bin; read -r data; } < "$marker"
        if [ -f "$data/postmaster.pid" ]; then
            if [ "$(id -u)" -eq 0 ]; then
                runuser -u postgres -- "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
            else
                "$bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
            fi
        fi
        rm -rf "$data"
    fi
    if [ -n "${FONDS_BENCH_OUT:-}" ]; then
        mkdir -p "$FONDS_BENCH_OUT"
        cp -r "$RESULTS" "$WORK"/*.log "$WORK"/*.txt "$FONDS_BENCH_OUT"/ 2>/dev/null || true
    fi
    rm -rf "$WORK"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { echo "== $*" >&2; }

step "setup"
SETUP=$(bash "$BENCH/setup.sh")
eval "$SETUP"

if [ -n "${FONDS_BENCH_BIN:-}" ]; then
    BIN=$FONDS_BENCH_BIN                      # prebuilt fonds and fonds-dev, as they are
    step "using the binaries in $BIN ($PROFILE)"
elif [ "$PROFILE" = release ]; then
    step "build (release)"
    cargo build --release --locked -p fonds-cli -p fonds-dev --manifest-path "$ROOT/Cargo.toml" >&2
    BIN="$CARGO_TARGET_DIR/release"
else
    step "build (dev)"
    cargo build --locked -p fonds-cli -p fonds-dev --manifest-path "$ROOT/Cargo.toml" >&2
    BIN="$CARGO_TARGET_DIR/debug"
fi

QUERIES="$BENCH/queries.json"
CORPUS="$WORK/corpus.jsonl"
step "corpus: $N documents, seed $SEED"
timeout "$STEP_TIMEOUT" "$BIN/fonds-dev" corpus --count "$N" --seed "$SEED" --out "$CORPUS"

# fonds: its own benchmark program (in-process searches), `fonds import` of
# the same records under /usr/bin/time, then wrk against `fonds serve`.
step "fonds-dev bench"
timeout "$STEP_TIMEOUT" "$BIN/fonds-dev" bench --count "$N" --seed "$SEED" --rounds "$ROUNDS" | tee "$WORK/fonds-bench.txt" >&2

step "fonds import"
"$BIN/fonds-dev" generate "$WORK/records" --count "$N" --seed "$SEED" >&2
mv "$WORK/records/truth.jsonl" "$WORK/truth.jsonl"
timeout "$STEP_TIMEOUT" /usr/bin/time -v -o "$WORK/fonds-import.txt" \
    "$BIN/fonds" --archive "$WORK/archive" import "$WORK/records" > "$WORK/fonds-import.log" 2>&1

step "fonds serve, wrk at 1 and 4 connections for ${CLIENT_SECS}s each"
PORT=$("$VENV_PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
"$BIN/fonds" --archive "$WORK/archive" serve --addr "127.0.0.1:$PORT" > "$WORK/fonds-serve.log" 2>&1 &
SERVE_PID=$!
for _ in $(seq 1 120); do
    "$VENV_PY" -c "import urllib.request; urllib.request.urlopen('$URL/api/health', timeout=1)" 2>/dev/null && break
    kill -0 "$SERVE_PID" 2>/dev/null || { echo "fonds serve ended early" >&2; cat "$WORK/fonds-serve.log" >&2; exit 1; }
    sleep 0.5
done
# Memory at rest: the fresh server's PSS once it has answered a first search.
"$VENV_PY" -c "import urllib.request; urllib.request.urlopen('$URL/api/search?q=Mikoyan', timeout=60).read()"
awk '/^Pss:/ { print $2 * 1024 }' "/proc/$SERVE_PID/smaps_rollup" > "$WORK/fonds-rest.txt"
"$VENV_PY" "$BENCH/fonds_side.py" hits "$QUERIES" "$URL" > "$WORK/fonds-hits.json"
"$VENV_PY" "$BENCH/fonds_side.py" lua "$QUERIES" "$WORK/mix.lua"
wrk -t1 -c1 -d1s -s "$WORK/mix.lua" "$URL" > /dev/null      # warm-up, not counted
wrk -t1 -c1 -d"${CLIENT_SECS}s" --timeout 10s -s "$WORK/mix.lua" "$URL" > "$WORK/wrk1.txt"
wrk -t2 -c4 -d"${CLIENT_SECS}s" --timeout 10s -s "$WORK/mix.lua" "$URL" > "$WORK/wrk4.txt"
kill "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null || true
SERVE_PID=""
"$VENV_PY" "$BENCH/fonds_side.py" figures --queries "$QUERIES" --bench "$WORK/fonds-bench.txt" \
    --time "$WORK/fonds-import.txt" --hits "$WORK/fonds-hits.json" --wrk1 "$WORK/wrk1.txt" \
    --wrk4 "$WORK/wrk4.txt" --records "$WORK/records" --archive "$WORK/archive" \
    --rest "$(cat "$WORK/fonds-rest.txt")" \
    --profile "$PROFILE" --docs "$N" > "$RESULTS/fonds.json"
rm -rf "$WORK/records" "$WORK/archive"

# The peers. A peer that fails is recorded and the others still run; the
# report then fails the whole run.
COMMON=(--corpus "$CORPUS" --queries "$QUERIES" --rounds "$ROUNDS" --clients 4
        --clients-secs "$CLIENT_SECS" --max-secs "$MAX_SECS")
run_peer() {
    local name=$1
    shift
    step "$name"
    local rc=0
    timeout "$STEP_TIMEOUT" "$@" --dir "$WORK/$name" "${COMMON[@]}" \
        > "$RESULTS/$name.json" 2> >(tee "$WORK/$name.log" >&2) || rc=$?
    printf '%s\t%s\t%s\n' "$name" "$rc" "$name.log" >> "$RESULTS/status.tsv"
    rm -rf "${WORK:?}/$name"
}
run_peer tantivy "$BIN/fonds-dev" tantivy
run_peer fts5 "$VENV_PY" "$BENCH/peers/fts5_peer.py"
run_peer postgres "$VENV_PY" "$BENCH/peers/postgres_peer.py"
run_peer xapian /usr/bin/python3 "$BENCH/peers/xapian_peer.py"
mkdir -p "$WORK/lucene-classes"
if javac -cp "$LUCENE_JAR" -d "$WORK/lucene-classes" "$BENCH/peers/LucenePeer.java" 2> "$WORK/javac.log"; then
    run_peer lucene java -Xmx1g -cp "$LUCENE_JAR:$WORK/lucene-classes" LucenePeer --warmup-secs "$WARMUP_SECS"
else
    cat "$WORK/javac.log" >&2
    printf 'lucene\t1\tjavac.log\n' >> "$RESULTS/status.tsv"
fi

step "report ($N documents, $PROFILE build, seed $SEED)"
"$VENV_PY" "$BENCH/report.py" "$RESULTS" "$QUERIES" | tee "$RESULTS/table.txt"
