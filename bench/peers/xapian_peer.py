"""Xapian as a peer, through Debian's python3-xapian (run it with
/usr/bin/python3, the interpreter those bindings are built for).

The TermGenerator indexes the title, summary and English texts with the
English stemmer, Russian texts with the Russian one and the rest unstemmed,
with STEM_SOME (stemmed and exact terms both) and Han bigrams
(FLAG_CJK_NGRAM); speaker names under the prefix XS, document type and
languages as boolean terms, the dates as sortable values for range
filters, the id as document data. One commit at the end.

Queries go through the QueryParser with the stemmer queries.json names;
filters are OP_FILTER / OP_AND_NOT clauses and value range queries. The
number of matches is exact (checkatleast = the number of documents), as
every peer's is.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import xapian  # noqa: E402

PEER = "xapian"
DATE_FROM, DATE_TO = 0, 1


def db_path(args):
    return os.path.join(args.dir, "xapian")


def build(args):
    def build(docs):
        db = xapian.WritableDatabase(db_path(args), xapian.DB_CREATE_OR_OVERWRITE)
        tg = xapian.TermGenerator()
        tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
        tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
        stems = {"en": xapian.Stem("english"), "ru": xapian.Stem("russian")}
        plain = xapian.Stem("none")
        for d in docs:
            doc = xapian.Document()
            tg.set_document(doc)
            tg.set_stemmer(stems["en"])
            tg.index_text(d.get("title") or "")
            tg.increase_termpos()
            tg.index_text(d.get("summary") or "")
            for lang, text in common.texts(d):
                tg.set_stemmer(stems.get(lang, plain))
                tg.increase_termpos()
                tg.index_text(text)
            tg.set_stemmer(plain)
            for name in d.get("speakers") or []:
                tg.increase_termpos()
                tg.index_text(name, 1, "XS")
            if d.get("doc_type"):
                doc.add_boolean_term("XT" + d["doc_type"])
            for lang in d.get("langs") or []:
                doc.add_boolean_term("XL" + lang)
            if d.get("date"):
                doc.add_value(DATE_FROM, common.yyyymmdd(d["date"]))
                doc.add_value(DATE_TO, common.yyyymmdd(d["date_to"]))
            doc.set_data(d["id"])
            db.add_document(doc)
        db.commit()
        db.close()
        return common.dir_bytes(db_path(args))
    return build


FLAGS = (xapian.QueryParser.FLAG_DEFAULT | xapian.QueryParser.FLAG_BOOLEAN
         | xapian.QueryParser.FLAG_PHRASE | xapian.QueryParser.FLAG_LOVEHATE
         | xapian.QueryParser.FLAG_WILDCARD | xapian.QueryParser.FLAG_CJK_NGRAM)


class Runner:
    def __init__(self, path, limit):
        self.db = xapian.Database(path)
        self.limit = limit
        self.parsers = {}

    def parser(self, stem):
        if stem not in self.parsers:
            qp = xapian.QueryParser()
            qp.set_database(self.db)
            qp.set_stemmer(xapian.Stem(stem))
            qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
            qp.set_default_op(xapian.Query.OP_AND)
            qp.add_prefix("speaker", "XS")
            self.parsers[stem] = qp
        return self.parsers[stem]

    def query(self, e):
        spec, f = e["spec"], e["filter"]
        if "query" in spec:
            q = self.parser(spec.get("stem", "english")).parse_query(spec["query"], FLAGS)
        else:
            q = xapian.Query.MatchAll
        if "type" in f:
            q = xapian.Query(xapian.Query.OP_FILTER, q, xapian.Query("XT" + f["type"]))
        if "lang" in f:
            q = xapian.Query(xapian.Query.OP_FILTER, q, xapian.Query("XL" + f["lang"]))
        if "not_type" in f:
            q = xapian.Query(xapian.Query.OP_AND_NOT, q, xapian.Query("XT" + f["not_type"]))
        if "date_from" in f or "date_to" in f:
            overlap = xapian.Query(
                xapian.Query.OP_AND,
                xapian.Query(xapian.Query.OP_VALUE_LE, DATE_FROM, common.yyyymmdd(f.get("date_to", "9999-12-31"))),
                xapian.Query(xapian.Query.OP_VALUE_GE, DATE_TO, common.yyyymmdd(f.get("date_from", "0001-01-01"))))
            q = xapian.Query(xapian.Query.OP_FILTER, q, overlap)
        return q

    def run(self, e):
        enquire = xapian.Enquire(self.db)
        enquire.set_query(self.query(e))
        mset = enquire.get_mset(0, self.limit, self.db.get_doccount())
        for m in mset:
            m.document.get_data()
        return mset.get_matches_estimated()

    def close(self):
        self.db.close()


def main():
    args = common.arguments(__doc__)
    limit, _ = common.load_mix(args.queries, PEER)
    common.run(
        PEER, args, build(args), lambda: Runner(db_path(args), limit),
        engine=f"Xapian {xapian.version_string()} (Python {sys.version.split()[0]} bindings)",
        notes=["English and Russian stemmers by text language, STEM_SOME, Han bigrams; no fuzzy in 1.4",
               "exact match counts (checkatleast = all documents)",
               "4 clients are 4 processes, each with its own read-only database"],
    )


if __name__ == "__main__":
    main()
