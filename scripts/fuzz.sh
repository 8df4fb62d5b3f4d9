#!/usr/bin/env bash
# Runs the fuzz targets in fuzz/ with coverage guidance on the stable
# toolchain: libFuzzer (from libfuzzer-sys) with LLVM's sanitizer-coverage
# instrumentation, which stable rustc can insert without -Z flags. No
# AddressSanitizer (that needs a nightly compiler): what is found is panics,
# aborts, time-outs and memory over the limit, which is what safe Rust can
# get wrong.
#
#   scripts/fuzz.sh [--secs S] [TARGET...]     (default: every target, 600 s each)
#
# Each target keeps its corpus in $FONDS_FUZZ_DIR/corpus/TARGET (default
# ~/.cache/fonds-fuzz), so later runs start where earlier ones stopped, and
# any crash input in $FONDS_FUZZ_DIR/artifacts/TARGET/. At the end it prints
# one line per target: runs, seconds, corpus size, coverage and crashes.
set -euo pipefail
cd "$(dirname "$0")/.."

SECS=600
TARGETS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --secs) SECS=$2; shift 2 ;;
        -*) echo "usage: scripts/fuzz.sh [--secs S] [TARGET...]" >&2; exit 2 ;;
        *) TARGETS+=("$1"); shift ;;
    esac
done
if [ ${#TARGETS[@]} -eq 0 ]; then
    mapfile -t TARGETS < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^fonds-fuzz$')
fi

DIR=${FONDS_FUZZ_DIR:-$HOME/.cache/fonds-fuzz}
TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/fonds-target}/fuzz-coverage"
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
# With --target named, RUSTFLAGS reach the targets' code and not the build
# scripts and procedural macros, which must not be instrumented.
HOST=$(rustc -vV | sed -n 's/^host: //p')
CARGO_TARGET_DIR="$TARGET_DIR" cargo build --release --locked --manifest-path fuzz/Cargo.toml \
    --target "$HOST" $(printf -- '--bin %s ' "${TARGETS[@]}")

summary=()
status=0
for t in "${TARGETS[@]}"; do
    mkdir -p "$DIR/corpus/$t" "$DIR/artifacts/$t"
    log="$DIR/$t.log"
    rc=0
    # One process, one core; 2 GiB and 10 s per input are the bounds a record must keep.
    "$TARGET_DIR/$HOST/release/$t" "$DIR/corpus/$t" -artifact_prefix="$DIR/artifacts/$t/" \
        -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
        -print_final_stats=1 >"$log" 2>&1 || rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    files=$(find "$DIR/corpus/$t" -type f | wc -l)
    crashes=$(find "$DIR/artifacts/$t" -type f | wc -l)
    summary+=("$(printf '%-16s runs %10s  secs %5s  corpus %6s  coverage %6s  crashes %s  exit %s' \
        "$t" "${runs:-?}" "$SECS" "$files" "${cov:-?}" "$crashes" "$rc")")
    if [ "$rc" -ne 0 ]; then
        status=1
        echo "fuzz target $t stopped with exit $rc; see $log and $DIR/artifacts/$t/" >&2
    fi
done
printf '%s\n' "${summary[@]}"
exit $status
