"""Prints the tables of a peer benchmark run from its results directory
(`report.py RESULTS [QUERIES]`):
fonds.json and one JSON file per peer (each the figures line its adapter
printed), and status.tsv (peer, exit code, log file) for the peers that
failed. Standard library only.

Every figure is given raw for each system, then as the ratio fonds/peer,
so the direction of each row matters: the `better` column says whether
more or less is the good way. Hit counts come beside the latencies so a
fast peer that finds less is seen to find less.
"""

import json
import os
import sys

PEERS = ["tantivy", "fts5", "postgres", "xapian", "lucene"]
TITLES = {"fonds": "fonds", "tantivy": "tantivy", "fts5": "SQLite FTS5", "postgres": "PostgreSQL",
          "xapian": "Xapian", "lucene": "Lucene"}


def get(d, *path):
    for k in path:
        if not isinstance(d, dict) or d.get(k) is None:
            return None
        d = d[k]
    return d


def shared_p50_sum(a, b):
    """The sum of per-query p50s over the queries both ran in process."""
    pa = {q["name"]: q.get("p50_ms") for q in a.get("queries", [])}
    pb = {q["name"]: q.get("p50_ms") for q in b.get("queries", []) if q.get("supported")}
    names = [n for n in pb if pa.get(n) is not None and pb[n] is not None]
    return sum(pa[n] for n in names), sum(pb[n] for n in names), len(names)


ROWS = [
    # label, better, getter on a results dict, unit scale
    ("import, docs/s", "higher", lambda r: r.get("import_docs_per_s"), 1),
    ("import, MB/s of records", "higher", lambda r: r.get("import_mb_per_s"), 1),
    ("index size, MB", "lower", lambda r: r.get("index_bytes"), 1e-6),
    ("peak memory, MB", "lower", lambda r: r.get("peak_rss_bytes"), 1e-6),
    ("cold start, ms", "lower", lambda r: r.get("cold_start_ms"), 1),
    ("memory at rest, MB", "lower", lambda r: r.get("rest_bytes"), 1e-6),
    ("mix p50, ms, 1 client", "lower", lambda r: get(r, "mix1", "p50_ms"), 1),
    ("mix p95, ms, 1 client", "lower", lambda r: get(r, "mix1", "p95_ms"), 1),
    ("mix p99, ms, 1 client", "lower", lambda r: get(r, "mix1", "p99_ms"), 1),
    ("mix queries/s, 1 client", "higher", lambda r: get(r, "mix1", "qps"), 1),
    ("mix queries/s, 4 clients (fonds over HTTP)", "higher", lambda r: get(r, "mix4", "qps"), 1),
]

HTTP_ROWS = [
    ("mix p50, ms, 1 client, fonds over HTTP", "lower", "http1", "p50_ms", ("mix1", "p50_ms")),
    ("mix p95, ms, 1 client, fonds over HTTP", "lower", "http1", "p95_ms", ("mix1", "p95_ms")),
    ("mix p99, ms, 1 client, fonds over HTTP", "lower", "http1", "p99_ms", ("mix1", "p99_ms")),
    ("mix queries/s, 1 client, fonds over HTTP", "higher", "http1", "qps", ("mix1", "qps")),
]


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    if isinstance(v, int):
        return f"{v:,}"
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 0.1:
        return f"{v:.2f}"
    return f"{v:.3f}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.2f}x"


def table(header, rows, left=1):
    """Fixed-width columns, the first `left` aligned left, the figures right."""
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    lines = []
    for k, r in enumerate([header] + rows):
        cells = [str(c).ljust(widths[i]) if i < left else str(c).rjust(widths[i]) for i, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main():
    res_dir = sys.argv[1]
    results = {}
    for name in ["fonds"] + PEERS:
        p = os.path.join(res_dir, name + ".json")
        if os.path.exists(p) and os.path.getsize(p) > 0:
            with open(p, encoding="utf-8") as f:
                results[name] = json.loads(f.read().strip().splitlines()[-1])
    failed = {}
    st = os.path.join(res_dir, "status.tsv")
    if os.path.exists(st):
        with open(st, encoding="utf-8") as f:
            for line in f:
                peer, rc, log = line.rstrip("\n").split("\t")
                if rc != "0":
                    failed[peer] = f"exit {rc}, see {log}"
    fonds = results.get("fonds")
    peers = [p for p in PEERS if p in results]
    systems = (["fonds"] if fonds else []) + peers
    docs = next((r["docs"] for r in results.values() if r.get("docs")), "?")

    print(f"Peer benchmark: {docs} documents, same corpus and query mix for every system")
    for s in systems:
        print(f"  {TITLES[s]:<12} {results[s].get('engine', '')}")
    for p, why in failed.items():
        print(f"  {TITLES[p]:<12} FAILED ({why})")
    print()

    print("Figures")
    rows = []
    for label, better, g, scale in ROWS:
        rows.append([label, better] + [fmt(g(results[s]) * scale if g(results[s]) is not None else None)
                                       for s in systems])
    if fonds:
        for label, better, key, field, _ in HTTP_ROWS:
            rows.append([label, better, fmt(get(fonds, key, field))] + ["" for _ in peers])
        whole = get(fonds, "archive_bytes")
        rows.append(["whole archive (store, blobs, index), MB", "lower", fmt(whole * 1e-6 if whole else None)]
                    + ["" for _ in peers])
        rows.append(["import, docs/s, fonds-dev bench in process", "higher", fmt(get(fonds, "bench_import", "docs_per_s"))]
                    + ["" for _ in peers])
    print(table(["figure", "better"] + [TITLES[s] for s in systems], rows, left=2))
    print()

    if fonds and peers:
        print("Ratios fonds/peer (for 'lower' rows, below 1x is fonds ahead; for 'higher' rows, above 1x)")
        rows = []
        for label, better, g, _ in ROWS:
            rows.append([label, better] + [ratio(g(fonds), g(results[p])) for p in peers])
        for label, better, key, field, peer_path in HTTP_ROWS:
            rows.append([label, better] + [ratio(get(fonds, key, field), get(results[p], *peer_path))
                                           for p in peers])
        shared = []
        counts = []
        for p in peers:
            a, b, n = shared_p50_sum(fonds, results[p])
            shared.append(ratio(a, b))
            counts.append(str(n))
        rows.append(["sum of query p50s, shared queries", "lower"] + shared)
        rows.append(["  (queries shared)", ""] + counts)
        print(table(["figure", "better"] + [TITLES[p] for p in peers], rows, left=2))
        print()

    names = [q["name"] for q in (fonds or results[systems[0]])["queries"]] if systems else []

    def per_query(s, name):
        return next((q for q in results[s]["queries"] if q["name"] == name), {})

    print("Matches per query ('n/a': the peer cannot express it; only fonds matches names across scripts)")
    rows = []
    for name in names:
        q0 = per_query(systems[0], name)
        row = [name, q0.get("kind", ""), q0.get("fonds", "")]
        for s in systems:
            q = per_query(s, name)
            row.append("n/a" if q and not q.get("supported", True) else fmt(q.get("hits")))
        rows.append(row)
    print(table(["query", "kind", "fonds query"] + [TITLES[s] for s in systems], rows, left=3))
    print()

    print("p50 latency per query, ms, 1 client (fonds in process, with facets and snippets)")
    rows = []
    for name in names:
        rows.append([name] + [("n/a" if not per_query(s, name).get("supported", True)
                               else fmt(per_query(s, name).get("p50_ms"))) for s in systems])
    print(table(["query"] + [TITLES[s] for s in systems], rows))
    if fonds and peers:
        print()
        print("p50 latency per query, ratio fonds/peer (below 1x: fonds faster)")
        rows = []
        for name in names:
            rows.append([name] + [ratio(per_query("fonds", name).get("p50_ms"), per_query(p, name).get("p50_ms"))
                                  for p in peers])
        print(table(["query"] + [TITLES[p] for p in peers], rows))
    print()
    print("How each system was measured")
    for s in systems:
        for n in results[s].get("notes", []):
            print(f"  {TITLES[s]}: {n}")
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding="utf-8") as f:
            mix = json.load(f)
        print()
        print("About the queries")
        for q in mix["queries"]:
            if q.get("note"):
                print(f"  {q['name']}: {q['note']}")
    if failed:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
