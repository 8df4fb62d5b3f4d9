#!/usr/bin/env bash
# Peak memory and wall time of `fonds check` and `fonds import` per record
# size, on records of the worst shapes (crates/corpus/src/hostile.rs): the
# benchmark behind the promise that the 16 MiB limit keeps memory bounded.
#
#   bench/record-memory.sh                    # every shape at 1, 2, 4, 8, 16 MiB
#   bench/record-memory.sh turns speakers     # some shapes
#   FONDS_BIN=path/to/fonds bench/record-memory.sh   # another binary
#   SIZES="1 16" bench/record-memory.sh       # other sizes, in MiB
#
# It builds the release binary and the record writer unless FONDS_BIN is
# given, writes each record to a temporary folder, and prints one table row
# per shape and size: peak resident memory (MB) and wall time (s), measured
# by GNU time, of `fonds check FILE` and of `fonds import` of FILE into a
# fresh archive. It asserts nothing; a run that fails is reported as such.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
sizes="${SIZES:-1 2 4 8 16}"
shapes=("$@")
if [ ${#shapes[@]} -eq 0 ]; then
    shapes=(turns speakers pages participants line sup scripts dates mentions marks)
fi
if [ ! -x /usr/bin/time ]; then
    echo "record-memory: GNU time (/usr/bin/time) is needed" >&2
    exit 1
fi

(cd "$root" && cargo build --release --locked -q -p fonds-corpus --example hostile)
writer="$target/release/examples/hostile"
if [ -z "${FONDS_BIN:-}" ]; then
    (cd "$root" && cargo build --release --locked -q -p fonds-cli)
    FONDS_BIN="$target/release/fonds"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Runs a command under GNU time; prints "MB seconds", or "failed(CODE)".
measure() {
    local out="$work/time"
    if /usr/bin/time -o "$out" -f '%M %e' "$@" >/dev/null 2>"$work/stderr"; then
        awk '{ printf "%.0f %.2f", $1 / 1024, $2 }' "$out"
    else
        local code=$?
        printf 'failed(%s) -' "$code"
    fi
}

printf '| shape | MiB | check MB | check s | import MB | import s |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: |\n'
for shape in "${shapes[@]}"; do
    for mib in $sizes; do
        file="$work/$shape-$mib.txt"
        # Just under the limit at 16 MiB: the size a file may have.
        "$writer" "$shape" $((mib * 1024 * 1024 - 1024)) >"$file"
        read -r check_mb check_s <<<"$(measure "$FONDS_BIN" check "$file")"
        rm -rf "$work/archive"
        read -r import_mb import_s <<<"$(measure "$FONDS_BIN" --archive "$work/archive" import "$file")"
        printf '| %s | %s | %s | %s | %s | %s |\n' "$shape" "$mib" "$check_mb" "$check_s" "$import_mb" "$import_s"
        rm -f "$file"
    done
done
