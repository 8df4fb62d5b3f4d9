"""SQLite FTS5 as it is best used on a small real archive: one FTS5 table
holding the texts (so that snippet() can cut from them), porter stemming
over unicode61, ranked by bm25, each hit with its title and a snippet,
and the number of matches counted as a search page shows it.

  fts5_frus.py build CORPUS.jsonl DB        build the table from fonds-dev corpus --from
  fts5_frus.py run DB QUERIES --clients N --secs S
                                            the mix from N processes for S seconds: one JSON line
  fts5_frus.py hits DB QUERIES              the number of matches of each query: one JSON line
"""

import json
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

PEER = "fts5"


def build(corpus, path):
    if os.path.exists(path):
        os.remove(path)
    start = time.perf_counter()
    con = sqlite3.connect(path, isolation_level=None)
    con.executescript("""
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE VIRTUAL TABLE fts USING fts5(
            id UNINDEXED, title, summary, body,
            tokenize = 'porter unicode61 remove_diacritics 2');
    """)
    con.execute("BEGIN")
    n = 0
    for d in common.corpus(corpus):
        body = "\n".join(text for _, text in common.texts(d))
        con.execute("INSERT INTO fts(id, title, summary, body) VALUES (?, ?, ?, ?)",
                    (d["id"], d.get("title") or "", d.get("summary") or "", body))
        n += 1
    con.execute("COMMIT")
    con.executescript("INSERT INTO fts(fts) VALUES ('optimize'); PRAGMA wal_checkpoint(TRUNCATE);")
    con.close()
    secs = time.perf_counter() - start
    print(json.dumps({"docs": n, "secs": secs, "bytes": os.path.getsize(path)}))


class Runner:
    """One read-only connection answering a mix entry as a search page:
    the count of matches, then the best `limit` with their titles and a
    snippet of about 24 tokens around the matched words."""

    def __init__(self, path, limit):
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self.limit = limit

    def run(self, e):
        match = e["spec"]["match"]
        total = self.con.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)).fetchone()[0]
        self.con.execute(
            "SELECT id, title, bm25(fts), snippet(fts, -1, '<b>', '</b>', '…', 24) "
            "FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?", (match, self.limit)).fetchall()
        return total

    def close(self):
        self.con.close()


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "build" and len(sys.argv) == 4:
        build(sys.argv[2], sys.argv[3])
    elif cmd in ("run", "hits") and len(sys.argv) >= 4:
        db, queries = sys.argv[2], sys.argv[3]
        limit, entries = common.load_mix(queries, PEER)
        if cmd == "hits":
            r = Runner(db, limit)
            print(json.dumps({e["name"]: r.run(e) for e in entries}))
            return
        opts = dict(zip(sys.argv[4::2], sys.argv[5::2]))
        clients = int(opts.get("--clients", 4))
        secs = float(opts.get("--secs", 10))
        r = Runner(db, limit)
        for e in entries:  # one untimed pass, as every side makes
            r.run(e)
        r.close()
        out = common.clients(PEER, lambda: Runner(db, limit), entries, clients, secs, 1_000_000)
        print(json.dumps(out))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
