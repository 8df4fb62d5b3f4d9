#!/usr/bin/env bash
# Installs what the peer benchmarks need, on a fresh machine or an old one:
# Debian packages (PostgreSQL 15, Xapian and its Python bindings, wrk, GNU
# time, a JDK 17), a venv with the PostgreSQL driver, and the Anserini fat
# jar (Lucene 9) taken out of the pyserini source distribution on PyPI.
# Idempotent: what is there already is kept. Prints, as its last lines,
# the shell assignments run.sh evaluates (VENV_PY=..., LUCENE_JAR=...).
set -euo pipefail

CACHE=${FONDS_BENCH_CACHE:-$HOME/.cache/fonds-bench}
VENV=${FONDS_BENCH_VENV:-$HOME/.cache/fonds-bench-venv}
# Pinned for reproducibility: pyserini 1.6.0 ships Anserini 1.7.1, whose
# fat jar holds Lucene 9.9.1 (Java 11 bytecode, so it runs on Java 17).
PYSERINI=${FONDS_BENCH_PYSERINI:-pyserini==1.6.0}
mkdir -p "$CACHE"

say() { echo "setup: $*" >&2; }

# Debian packages, with one apt-get update when anything is missing.
packages=(postgresql-15 xapian-tools python3-xapian wrk time openjdk-17-jdk-headless)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The venv for the Python peers that do not need Debian's interpreter.
PY=$(command -v python3.11 || command -v python3)
if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    "$PY" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import psycopg" 2>/dev/null; then
    say "installing psycopg into $VENV"
    "$VENV/bin/pip" install -q "psycopg[binary]>=3.1,<4" >&2
fi

# The Anserini fat jar, out of the pyserini sdist (about 165 MB), once.
JAR="$CACHE/anserini-fatjar.jar"
if [ ! -s "$JAR" ]; then
    tmp=$(mktemp -d "$CACHE/sdist.XXXXXX")
    say "downloading the $PYSERINI source distribution"
    "$VENV/bin/pip" download -q "$PYSERINI" --no-deps --no-binary :all: -d "$tmp" >&2
    sdist=$(ls "$tmp"/pyserini-*.tar.gz)
    member=$(tar tzf "$sdist" | grep -E '/pyserini/resources/jars/anserini-.*-fatjar\.jar$' | head -n 1)
    [ -n "$member" ] || { say "no Anserini fat jar in $sdist"; exit 1; }
    tar xzf "$sdist" -C "$tmp" "$member"
    mv "$tmp/$member" "$JAR.part"
    mv "$JAR.part" "$JAR"
    echo "$(basename "$sdist") $(basename "$member")" > "$CACHE/anserini-fatjar.source"
    rm -rf "$tmp"
fi
if javap -cp "$JAR" -constants org.apache.lucene.util.Version | grep -q 'LUCENE_10_'; then
    say "$JAR holds Lucene 10, which needs Java 21; set FONDS_BENCH_PYSERINI to a release with Lucene 9"
    exit 1
fi

echo "VENV_PY=$VENV/bin/python"
echo "LUCENE_JAR=$JAR"
