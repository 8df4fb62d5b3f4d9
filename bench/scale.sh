#!/usr/bin/env bash
# Institution scale, in one run: import throughput of the embedded default
# and of 1 and 2 workers on PostgreSQL (and of 1 with S3 object storage),
# then searches a second served by the embedded default and by 1, 2 and 3
# nodes on PostgreSQL, then how long a new node takes to have its index,
# built from the database or restored from a snapshot in S3. A PostgreSQL
# cluster of the run's own (scripts/postgres.sh, fsync on), SeaweedFS
# (scripts/seaweedfs.sh) and generated records. It asserts nothing: it prints figures (BENCHMARKS.md,
# "Institution scale"). On a machine of 2 cores this shows that the design
# works, not how it scales: the workers, the nodes, wrk and PostgreSQL share
# the same two cores.
#
#   bench/scale.sh [--bin FONDS] [--gen FONDS_DEV] [--records N] [--secs S]
#
# Needs wrk (Debian's package; installed here when missing and run as root).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=""
GEN=""
RECORDS=4000
SECS=8
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) BIN=$2; shift 2 ;;
        --gen) GEN=$2; shift 2 ;;
        --records) RECORDS=$2; shift 2 ;;
        --secs) SECS=$2; shift 2 ;;
        *) echo "usage: bench/scale.sh [--bin FONDS] [--gen FONDS_DEV] [--records N] [--secs S]" >&2; exit 2 ;;
    esac
done
target=${CARGO_TARGET_DIR:-$ROOT/target}
if [ -z "$BIN" ]; then
    cargo build --release -q -p fonds-cli --manifest-path "$ROOT/Cargo.toml"
    BIN=$target/release/fonds
fi
if [ -z "$GEN" ]; then
    cargo build --release -q -p fonds-dev --manifest-path "$ROOT/Cargo.toml"
    GEN=$target/release/fonds-dev
fi
if ! command -v wrk >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    else
        echo "bench/scale.sh needs wrk (apt-get install wrk)" >&2
        exit 1
    fi
fi

WORK=$(mktemp -d /tmp/fonds-scale.XXXXXX)
# The cluster's folder is of its own: the server runs as another user,
# who may not enter $WORK.
PGDIR=$(mktemp -d /tmp/fonds-scale-pg.XXXXXX)
S3DIR=$(mktemp -d /tmp/fonds-scale-s3.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    bash "$ROOT/scripts/postgres.sh" stop "$PGDIR" >/dev/null 2>&1 || true
    bash "$ROOT/scripts/seaweedfs.sh" stop "$S3DIR" >/dev/null 2>&1 || true
    rm -rf "$WORK" "$PGDIR" "$S3DIR"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

PG_PORT=$(free_port)
SERVER=$(FONDS_PG_FSYNC=on bash "$ROOT/scripts/postgres.sh" start "$PGDIR" "$PG_PORT")
S3_ENV=$(bash "$ROOT/scripts/seaweedfs.sh" start "$S3DIR")
eval "$S3_ENV"
psql_run() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U fonds -d fonds -qtAc "$1"
    else
        "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U fonds -d fonds -qtAc "$1"
    fi
}

# Four folders of records, so that two workers have work to share.
QUARTER=$((RECORDS / 4))
for i in 0 1 2 3; do
    "$GEN" generate "$WORK/records/$i" --count "$QUARTER" --start $((i * QUARTER)) --seed 1 >/dev/null
done
N=$((QUARTER * 4))
echo "$N generated records in 4 folders; PostgreSQL $(psql_run 'SHOW server_version') on 127.0.0.1, fsync on"
echo

rate() { python3 -c "print(f'{$1 / ($3 - $2):.0f}')"; }

echo "import                          docs/s"
t0=$(now)
"$BIN" --archive "$WORK/embedded" import "$WORK/records" >/dev/null 2>&1
t1=$(now)
echo "embedded, one process           $(rate "$N" "$t0" "$t1")"

for workers in 1 2; do
    db="w$workers"
    psql_run "CREATE DATABASE $db"
    url="${SERVER%/fonds}/$db"
    for i in 0 1 2 3; do
        "$BIN" --archive "$WORK/desk-$workers" --database "$url" jobs import "$WORK/records/$i" >/dev/null
    done
    t0=$(now)
    for w in $(seq 1 "$workers"); do
        "$BIN" --archive "$WORK/worker-$workers-$w" --database "$url" worker --name "w$w" --until-idle >/dev/null 2>&1 &
        PIDS+=($!)
    done
    wait "${PIDS[@]}"
    PIDS=()
    t1=$(now)
    echo "PostgreSQL, $workers worker(s)          $(rate "$N" "$t0" "$t1")"
done
# The same with the sources in object storage.
psql_run "CREATE DATABASE s3w1"
S3_URL="${SERVER%/fonds}/s3w1"
for i in 0 1 2 3; do
    "$BIN" --archive "$WORK/desk-s3" --database "$S3_URL" --objects s3://fonds/s3w1 jobs import "$WORK/records/$i" >/dev/null
done
t0=$(now)
"$BIN" --archive "$WORK/worker-s3" --database "$S3_URL" --objects s3://fonds/s3w1 worker --until-idle >/dev/null 2>&1
t1=$(now)
echo "PostgreSQL and S3, 1 worker     $(rate "$N" "$t0" "$t1")"
echo

# Searches: the same paths, every node driven by its own wrk, the
# connections shared out among them.
"$BIN" --archive "$WORK/embedded" search '*' --json --limit 1 >/dev/null
printf '%s\n' "/api/search?q=treaty" "/api/search?q=delegation&facets=true" "/api/search?q=%22five%20year%20plan%22" \
    "/api/search?q=minister" "/api/search?q=*&sort=date" "/search?q=conversation" > "$WORK/paths"
drive() { # port conns -> "requests seconds"
    FONDS_PATHS="$WORK/paths" wrk -t1 -c"$2" -d"${SECS}s" --timeout 10s -s "$ROOT/bench/paths.lua" \
        "http://127.0.0.1:$1" 2>&1 | awk '/^FONDS/ {print $2, $3}'
}
serve() { # dir database port
    if [ -n "$2" ]; then
        "$BIN" --archive "$1" --database "$2" serve --addr "127.0.0.1:$3" >/dev/null 2>&1 &
    else
        "$BIN" --archive "$1" serve --addr "127.0.0.1:$3" >/dev/null 2>&1 &
    fi
    PIDS+=($!)
    for _ in $(seq 1 300); do
        curl -sf "http://127.0.0.1:$3/api/health" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "the node on port $3 does not answer" >&2
    exit 1
}
CONNS=48
echo "searches, $CONNS connections      req/s"
port=$(free_port)
serve "$WORK/embedded" "" "$port"
read -r req secs < <(drive "$port" "$CONNS")
echo "embedded, one node              $(python3 -c "print(f'{$req / $secs:.0f}')")"
for p in "${PIDS[@]}"; do kill "$p"; done
wait 2>/dev/null || true
PIDS=()

url="${SERVER%/fonds}/w2"
ports=()
for k in 1 2 3; do
    port=$(free_port)
    "$BIN" --archive "$WORK/node-$k" --database "$url" verify --repair >/dev/null 2>&1 || true
    serve "$WORK/node-$k" "$url" "$port"
    ports+=("$port")
    outs=()
    for p in "${ports[@]}"; do
        drive "$p" $((CONNS / k)) > "$WORK/drive-$p" &
        outs+=($!)
    done
    wait "${outs[@]}"
    total=$(cat "${ports[@]/#/$WORK/drive-}" | python3 -c "import sys; print(f'{sum(float(a) / float(b) for a, b in (l.split() for l in sys.stdin)):.0f}')")
    echo "PostgreSQL, $k node(s)            $total"
done
echo

# A new node's index: built from the database, or restored from a
# snapshot in object storage and caught up.
mkdir -p "$WORK/empty"
on_s3() { "$BIN" --archive "$1" --database "$S3_URL" --objects s3://fonds/s3w1 "${@:2}"; }
secs() { python3 -c "print(f'{$2 - $1:.2f}')"; }
echo "a new node's index ($N documents)   s"
# Both open a new node's folder (an import of nothing): one without object
# storage indexes every document, the other restores and catches up.
t0=$(now)
"$BIN" --archive "$WORK/new-built" --database "$S3_URL" import "$WORK/empty" >/dev/null 2>&1
t1=$(now)
echo "built from the database         $(secs "$t0" "$t1")"
t0=$(now)
on_s3 "$WORK/worker-s3" snapshot >"$WORK/snapshot.out" 2>&1
t1=$(now)
echo "a snapshot sent                 $(secs "$t0" "$t1")   ($(grep -o '[0-9.]* MB' "$WORK/snapshot.out" | head -1))"
t0=$(now)
on_s3 "$WORK/new-restored" import "$WORK/empty" >"$WORK/restore.out" 2>&1
t1=$(now)
grep -q "restored from the snapshot" "$WORK/restore.out" || { cat "$WORK/restore.out" >&2; exit 1; }
echo "restored from the snapshot      $(secs "$t0" "$t1")"
