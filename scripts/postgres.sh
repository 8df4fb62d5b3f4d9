#!/usr/bin/env bash
# Starts a PostgreSQL server of its own for the tests: a cluster made with
# initdb in a folder (no system service), listening on 127.0.0.1 only, with
# one role `fonds` trusted from this machine. Prints the address of its
# database `fonds`. Installs Debian's postgresql first when it is missing.
# For the tests it runs without fsync (a crash loses only test data); set
# FONDS_PG_FSYNC=on for a benchmark.
#
#   scripts/postgres.sh start DIR [PORT]   # prints postgres://fonds@127.0.0.1:PORT/fonds
#   scripts/postgres.sh stop DIR
set -euo pipefail

what=${1:?start or stop}
dir=${2:?the folder for the cluster}
port=${3:-54329}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "postgres.sh: installing PostgreSQL (Debian's postgresql)" >&2
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 \
        || { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
            && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

# PostgreSQL refuses to run as root: as root, the cluster is the postgres
# user's.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$what" in
start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U fonds -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=${FONDS_PG_FSYNC:-off}" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U fonds -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'fonds'" | grep -q 1; then
        as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U fonds fonds
    fi
    echo "postgres://fonds@127.0.0.1:$port/fonds"
    ;;
stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
*)
    echo "postgres.sh: start or stop, not $what" >&2
    exit 2
    ;;
esac
