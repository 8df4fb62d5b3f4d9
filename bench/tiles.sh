#!/usr/bin/env bash
# IIIF tiles: `fonds serve` beside Debian's iipimage-server (iipsrv, as
# FastCGI behind lighttpd) serving the same scan, in one run: a scanned book
# page (the shared Gutenberg PDF rendered at 600 dpi), which fonds keeps as
# the PNG attached and iipsrv reads as a tiled, pyramidal JPEG TIFF made by
# vips. Every tile of a 512-pixel grid at scale factors 1, 2, 4 and 8 is
# asked of each server once (cold: one connection, in order), then wrk asks
# them over and over at 4 connections (warm: both servers' caches full).
# Prints tiles/s, p50 and p99, and tiles per CPU second of the server's
# processes (fonds's one; iipsrv's and lighttpd's). Asserts nothing.
#
#   bench/tiles.sh [--secs S] [--bin FONDS]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=$(cd "$ROOT/.." && pwd)/shared
SECS=20
BIN=""
while [ $# -gt 0 ]; do
    case "$1" in
        --secs) SECS=$2; shift 2 ;;
        --bin) BIN=$2; shift 2 ;;
        *) echo "usage: bench/tiles.sh [--secs S] [--bin FONDS]" >&2; exit 2 ;;
    esac
done

need=""
command -v wrk >/dev/null || need="$need wrk"
command -v vips >/dev/null || need="$need libvips-tools"
command -v lighttpd >/dev/null || need="$need lighttpd"
command -v pdftoppm >/dev/null || need="$need poppler-utils"
[ -x /usr/lib/iipimage-server/iipsrv.fcgi ] || need="$need iipimage-server"
if [ -n "$need" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
    else
        echo "bench/tiles.sh needs:$need" >&2
        exit 1
    fi
fi
if [ -z "$BIN" ]; then
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/fonds-target}
    cargo build --release --locked -q -p fonds-cli
    BIN="$CARGO_TARGET_DIR/release/fonds"
fi

WORK=$(mktemp -d /tmp/fonds-tiles.XXXXXX)
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    pkill -f "$WORK/iipsrv.sock" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# The scan: one page at 400 dpi, PNG for fonds, a pyramidal TIFF for iipsrv.
pdftoppm -r 600 -png -singlefile "$SHARED/scans/gutenberg/c03-29.pdf" "$WORK/page"
vips tiffsave "$WORK/page.png" "$WORK/page.tif" --tile --pyramid --compression jpeg --Q 85 \
    --tile-width 256 --tile-height 256
W=$(vipsheader -f width "$WORK/page.png"); H=$(vipsheader -f height "$WORK/page.png")
echo "scan: ${W} x ${H} pixels ($(du -k "$WORK/page.png" | cut -f1) KB PNG; $(du -k "$WORK/page.tif" | cut -f1) KB pyramidal TIFF)"

mkdir -p "$WORK/record"
cat >"$WORK/record/page.txt" <<'RECORD'
### **A Scanned Page for the Tile Benchmark**

#### **Citation:**

"A Scanned Page for the Tile Benchmark", Bench Archive, Fonds 1, Delo 1.  
<https://example.org/document/tiles>

#### **Contents:**

Original Scan
RECORD
DOC=example-org-document-tiles
"$BIN" --archive "$WORK/archive" import "$WORK/record/page.txt" >/dev/null
"$BIN" --archive "$WORK/archive" attach "$DOC" "$WORK/page.png" >/dev/null

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
FP=$(port)
"$BIN" --archive "$WORK/archive" serve --addr "127.0.0.1:$FP" >"$WORK/fonds.log" 2>&1 &
FONDS_PID=$!
PIDS+=("$FONDS_PID")

IP=$(port)
mkdir -p "$WORK/www"
cat >"$WORK/lighttpd.conf" <<CONF
server.document-root = "$WORK/www"
server.bind = "127.0.0.1"
server.port = $IP
server.modules = ("mod_fastcgi")
server.errorlog = "$WORK/lighttpd.log"
fastcgi.server = ( "/fcgi-bin/iipsrv.fcgi" => ((
    "bin-path" => "/usr/lib/iipimage-server/iipsrv.fcgi",
    "socket" => "$WORK/iipsrv.sock",
    "check-local" => "disable",
    "min-procs" => 2, "max-procs" => 2,
    "bin-environment" => ( "LOGFILE" => "$WORK/iipsrv.log", "VERBOSITY" => "0",
        "MAX_IMAGE_CACHE_SIZE" => "256", "JPEG_QUALITY" => "85",
        "FILESYSTEM_PREFIX" => "$WORK/" )
)) )
CONF
lighttpd -D -f "$WORK/lighttpd.conf" &
LIGHTTPD_PID=$!
PIDS+=("$LIGHTTPD_PID")

for _ in $(seq 100); do
    if curl -sf "http://127.0.0.1:$FP/api/health" >/dev/null \
        && curl -sf "http://127.0.0.1:$IP/fcgi-bin/iipsrv.fcgi?IIIF=page.tif/info.json" >/dev/null; then
        break
    fi
    sleep 0.1
done

# The tiles: a 512 grid at scale factors 1, 2, 4, 8.
: >"$WORK/fonds.paths"
: >"$WORK/iipsrv.paths"
for s in 1 2 4 8; do
    r=$((512 * s))
    for ((y = 0; y < H; y += r)); do
        for ((x = 0; x < W; x += r)); do
            w=$((W - x < r ? W - x : r))
            h=$((H - y < r ? H - y : r))
            sw=$(((w + s - 1) / s))
            echo "/iiif/3/$DOC:1/$x,$y,$w,$h/$sw,/0/default.jpg" >>"$WORK/fonds.paths"
            echo "/fcgi-bin/iipsrv.fcgi?IIIF=page.tif/$x,$y,$w,$h/$sw,/0/default.jpg" >>"$WORK/iipsrv.paths"
        done
    done
done
TILES=$(wc -l <"$WORK/fonds.paths")
echo "tiles: $TILES (512 grid, scale factors 1, 2, 4, 8); wrk: 2 threads, 4 connections, $SECS s"

cpu() { # CPU seconds of the given processes and their children so far
    local t=0
    for p in "$@"; do
        for q in $p $(pgrep -P "$p" || true); do
            [ -r "/proc/$q/stat" ] || continue
            t=$((t + $(awk '{print $14 + $15}' "/proc/$q/stat")))
        done
    done
    echo "$t"
}
HZ=$(getconf CLK_TCK)

cold() { # seconds to ask every tile once, in order
    local base=$1 file=$2 start end
    start=$(date +%s.%N)
    while read -r p; do curl -sf -o /dev/null "$base$p" || echo "failed: $p" >&2; done <"$file"
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

printf "\n| server | cold s (%d tiles, 1 conn) | warm tiles/s | p50 ms | p99 ms | errors | server CPU s | tiles per CPU s |\n" "$TILES"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for who in fonds iipsrv; do
    if [ "$who" = fonds ]; then base="http://127.0.0.1:$FP"; procs=("$FONDS_PID"); else base="http://127.0.0.1:$IP"; procs=("$LIGHTTPD_PID"); fi
    c=$(cold "$base" "$WORK/$who.paths")
    before=$(cpu "${procs[@]}")
    line=$(FONDS_PATHS="$WORK/$who.paths" wrk -t2 -c4 -d"${SECS}s" -s "$ROOT/bench/paths.lua" "$base" | grep '^FONDS')
    after=$(cpu "${procs[@]}")
    read -r _ n secs p50 p99 _ ce re we to st <<<"$line"
    used=$(echo "scale=2; ($after - $before) / $HZ" | bc)
    rate=$(echo "scale=1; $n / $secs" | bc)
    per=$(echo "scale=1; $n / ($used + 0.001)" | bc)
    printf "| %s | %.2f | %s | %s | %s | %d | %s | %s |\n" "$who" "$c" "$rate" "$p50" "$p99" $((ce + re + we + to + st)) "$used" "$per"
done
