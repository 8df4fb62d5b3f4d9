"""SQLite FTS5 as a peer: a contentless FTS5 table (porter over unicode61,
the stemming FTS5 has: English only) beside a plain table of the metadata
filters need, in one database file, loaded in transactions of 2,000
documents as fonds commits, then optimised.

Queries are FTS5 MATCH expressions ranked by bm25, joined to the metadata
for filters, with the number of matches from a window count.
"""

import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

PEER = "fts5"
BATCH = 2000


def db_path(args):
    return os.path.join(args.dir, "fts5.db")


def build(args):
    def build(docs):
        con = sqlite3.connect(db_path(args), isolation_level=None)
        con.executescript("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE VIRTUAL TABLE fts USING fts5(
                en, ru, other, speakers,
                content = '', tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE TABLE meta(n INTEGER PRIMARY KEY, id TEXT NOT NULL, doc_type TEXT,
                              repository TEXT, date_from TEXT, date_to TEXT);
            CREATE TABLE langs(doc INTEGER NOT NULL, lang TEXT NOT NULL);
        """)
        con.execute("BEGIN")
        for i, d in enumerate(docs, 1):
            en, ru, other = common.split_by_language(d)
            con.execute("INSERT INTO fts(rowid, en, ru, other, speakers) VALUES (?, ?, ?, ?, ?)",
                        (i, en, ru, other, "\n".join(d.get("speakers") or [])))
            con.execute("INSERT INTO meta VALUES (?, ?, ?, ?, ?, ?)",
                        (i, d["id"], d.get("doc_type"), d.get("repository"), d.get("date"), d.get("date_to")))
            con.executemany("INSERT INTO langs VALUES (?, ?)", [(i, l) for l in d.get("langs") or []])
            if i % BATCH == 0:
                con.execute("COMMIT")
                con.execute("BEGIN")
        con.execute("COMMIT")
        con.executescript("""
            INSERT INTO fts(fts) VALUES ('optimize');
            CREATE INDEX meta_type ON meta(doc_type);
            CREATE INDEX meta_date ON meta(date_from, date_to);
            CREATE INDEX langs_lang ON langs(lang, doc);
            ANALYZE;
            PRAGMA wal_checkpoint(TRUNCATE);
        """)
        con.close()
        return common.dir_bytes(args.dir)
    return build


class Runner:
    def __init__(self, path, limit):
        self.con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self.limit = limit

    def run(self, e):
        where, params = [], []
        f = e["filter"]
        if "type" in f:
            where.append("m.doc_type = ?")
            params.append(f["type"])
        if "not_type" in f:
            where.append("m.doc_type <> ?")
            params.append(f["not_type"])
        if "lang" in f:
            where.append("EXISTS (SELECT 1 FROM langs l WHERE l.lang = ? AND l.doc = m.n)")
            params.append(f["lang"])
        if "date_from" in f or "date_to" in f:
            where.append("m.date_from <= ? AND m.date_to >= ?")
            params += [f.get("date_to", "9999-12-31"), f.get("date_from", "0001-01-01")]
        match = e["spec"].get("match")
        if match:
            sql = ("SELECT m.id, count(*) OVER () FROM fts JOIN meta m ON m.n = fts.rowid "
                   "WHERE fts MATCH ?" + "".join(" AND " + w for w in where) +
                   " ORDER BY fts.rank LIMIT ?")
            params = [match] + params
        else:
            sql = ("SELECT m.id, count(*) OVER () FROM meta m" +
                   (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY m.n LIMIT ?")
        rows = self.con.execute(sql, params + [self.limit]).fetchall()
        return rows[0][1] if rows else 0

    def close(self):
        self.con.close()


def main():
    args = common.arguments(__doc__)
    limit, _ = common.load_mix(args.queries, PEER)
    common.run(
        PEER, args, build(args), lambda: Runner(db_path(args), limit),
        engine=f"SQLite {sqlite3.sqlite_version} FTS5 (Python {sys.version.split()[0]} sqlite3)",
        notes=["contentless FTS5 table, porter unicode61: English stemming only, no Russian stemmer, no fuzzy",
               "index size is the whole database file (FTS5 index, metadata, their indexes)",
               "4 clients are 4 processes, each with its own read-only connection"],
    )


if __name__ == "__main__":
    main()
