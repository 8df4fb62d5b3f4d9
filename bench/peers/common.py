"""What every Python peer adapter shares: reading the corpus and the query
mix, timing the mix for one client and for several, and the figures line.

Standard library only, so it runs both under the benchmark's venv and under
Debian's /usr/bin/python3 (whose python3-xapian the Xapian adapter needs).

An adapter supplies two things: a function that builds its index from the
corpus, and a `Runner` factory that opens the index and answers a mix entry
with the number of matches (having fetched the ids of the best `limit`). The
functions here do the rest, so every peer is timed the same way.
"""

import json
import multiprocessing
import os
import sys
import time

MIB = 1 << 20


def log(peer, msg):
    print(f"{peer:<15} {msg}", file=sys.stderr, flush=True)


def corpus(path):
    """The documents of corpus.jsonl, one dict at a time."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def texts(doc):
    """(language, text) for the original and each translation."""
    if doc.get("original"):
        yield doc["original"]["lang"], doc["original"]["text"]
    for t in doc.get("translations") or []:
        yield t["lang"], t["text"]


def split_by_language(doc):
    """Title, summary and English texts; Russian texts; the rest: the three
    bodies each peer analyses with its English, Russian and plain analyzers."""
    en = [doc.get("title") or "", doc.get("summary") or ""]
    ru, other = [], []
    for lang, text in texts(doc):
        (en if lang == "en" else ru if lang == "ru" else other).append(text)
    return "\n".join(en), "\n".join(ru), "\n".join(other)


def yyyymmdd(date):
    return date.replace("-", "") if date else None


def load_mix(path, peer):
    """The limit and the entries of queries.json, each with `spec`, this
    peer's part, and `filter` (possibly empty)."""
    with open(path, encoding="utf-8") as f:
        mix = json.load(f)
    entries = []
    for q in mix["queries"]:
        e = dict(q)
        e["spec"] = q["peers"][peer]
        e["filter"] = q.get("filter") or {}
        entries.append(e)
    return mix.get("limit", 20), entries


def pss_bytes(pid="self"):
    """Proportional resident memory of a process now (smaps_rollup's Pss):
    its own pages, and its share of those it shares with other processes."""
    return _proc_kib(f"/proc/{pid}/smaps_rollup", "Pss:") * 1024


def peak_rss_bytes(pid="self"):
    """Peak resident memory of a process (Linux's VmHWM)."""
    return _proc_kib(f"/proc/{pid}/status", "VmHWM:") * 1024


def _proc_kib(path, key):
    """The kibibytes on the line of a /proc file that starts with `key`; 0 if none."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def dir_bytes(path):
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


def percentile_ms(sorted_secs, p):
    if not sorted_secs:
        return 0.0
    return sorted_secs[round((len(sorted_secs) - 1) * p)] * 1000.0


def latencies(times):
    times = sorted(times)
    return {
        "n": len(times),
        "p50_ms": percentile_ms(times, 0.50),
        "p95_ms": percentile_ms(times, 0.95),
        "p99_ms": percentile_ms(times, 0.99),
    }


def one_client(peer, runner, entries, rounds, max_secs):
    """Each supported entry `rounds` times in a row, within a time bound.
    Returns the per-query figures and the whole mix's."""
    budget = max_secs / max(1, len(entries))
    out, everything = [], []
    phase = time.perf_counter()
    for e in entries:
        base = {"name": e["name"], "kind": e["kind"], "fonds": e["fonds"]}
        why = e["spec"].get("unsupported")
        if why:
            log(peer, f"{e['name']:<22} not expressible: {why}")
            out.append({**base, "supported": False, "why": why})
            continue
        times, hits = [], 0
        start = time.perf_counter()
        for _ in range(max(1, rounds)):
            t = time.perf_counter()
            hits = runner.run(e)
            times.append(time.perf_counter() - t)
            if time.perf_counter() - start > budget:
                break
        everything.extend(times)
        lat = latencies(times)
        log(peer, f"{e['name']:<22} {hits:>6} hits  p50 {lat['p50_ms']:7.3f} ms  "
                  f"p95 {lat['p95_ms']:7.3f} ms  p99 {lat['p99_ms']:7.3f} ms")
        out.append({**base, "supported": True, "hits": hits, **lat})
    secs = time.perf_counter() - phase
    mix1 = latencies(everything)
    mix1["qps"] = len(everything) / max(secs, 1e-9)
    return out, mix1


def _client(make_runner, entries, offset, secs, max_rounds, ready, results):
    runner = make_runner()
    runnable = [e for e in entries if not e["spec"].get("unsupported")]
    ready.wait()
    deadline = time.perf_counter() + secs
    n = 0
    for _ in range(max_rounds):
        for k in range(len(runnable)):
            runner.run(runnable[(k + offset) % len(runnable)])
            n += 1
            if time.perf_counter() > deadline:
                break
        else:
            continue
        break
    runner.close()
    results.put(n)


def clients(peer, make_runner, entries, n_clients, secs, max_rounds):
    """`n_clients` processes, each with its own connection or reader, going
    round the mix from its own starting point for `secs` seconds (and at
    most `max_rounds` times). Processes rather than threads, so the
    interpreter's lock measures nothing."""
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Barrier(n_clients + 1)
    results = ctx.Queue()
    procs = [ctx.Process(target=_client, args=(make_runner, entries, c, secs, max_rounds, ready, results))
             for c in range(n_clients)]
    for p in procs:
        p.start()
    ready.wait(timeout=120)
    start = time.perf_counter()
    counts = [results.get(timeout=secs + 120) for _ in procs]
    wall = time.perf_counter() - start
    for p in procs:
        p.join(timeout=30)
        if p.exitcode != 0:
            raise RuntimeError(f"a client process ended with {p.exitcode}")
    total = sum(counts)
    qps = total / max(wall, 1e-9)
    log(peer, f"{n_clients} clients: {total} queries in {wall:.2f} s, {qps:.0f} queries/s")
    return {"clients": n_clients, "queries": total, "secs": wall, "qps": qps}


def arguments(description):
    import argparse
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--corpus", required=True)
    p.add_argument("--dir", required=True, help="a fresh directory for the index")
    p.add_argument("--queries", required=True)
    p.add_argument("--rounds", type=int, default=50, help="repetitions of each query, one client")
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--clients-secs", type=float, default=5.0, help="length of the concurrent phase")
    p.add_argument("--max-secs", type=float, default=60.0, help="bound on the one-client phase")
    p.add_argument("--rest", action="store_true",
                   help="only open the index built in --dir, answer a first query and print the memory at rest")
    return p.parse_args()


def figures(peer, engine, docs, raw_bytes, import_secs, index_bytes, peak_rss, cold_ms,
            rest, queries, mix1, mix4, notes):
    """Prints the figures line (standard output) every adapter ends with."""
    line = {
        "peer": peer,
        "engine": engine,
        "docs": docs,
        "raw_bytes": raw_bytes,
        "import_secs": import_secs,
        "import_docs_per_s": docs / max(import_secs, 1e-9),
        "import_mb_per_s": raw_bytes / 1e6 / max(import_secs, 1e-9),
        "index_bytes": index_bytes,
        "peak_rss_bytes": peak_rss,
        "cold_start_ms": cold_ms,
        "rest_bytes": rest,
        "queries": queries,
        "mix1": mix1,
        "mix4": mix4,
        "notes": notes,
    }
    print(json.dumps(line, ensure_ascii=False), flush=True)


def run(peer, args, build, make_runner, engine, notes, cold_start=None, peak_rss=None, rest=None):
    """The whole measurement of a peer: build, cold start, memory at rest,
    the mix at one client and at `args.clients`, then the figures line.

    `build(docs)` indexes an iterable of documents and returns the index's
    size in bytes; `cold_start()`, if given, replaces the default (open a
    runner and answer a first query) with the peer's own notion of it.
    Memory at rest is the PSS of a fresh process of this adapter that opens
    the index and answers the first query (`--rest`); `rest()`, if given,
    replaces it (a server's memory, read after the cold start)."""
    limit, entries = load_mix(args.queries, peer)
    first = {"name": "cold", "kind": "word", "fonds": "Mikoyan", "filter": {},
             "spec": next(e["spec"] for e in entries if e["name"] == "name-latin")}
    if args.rest:
        r = make_runner()
        r.run(first)
        print(json.dumps({"rest_bytes": pss_bytes()}), flush=True)
        r.close()
        return
    os.makedirs(args.dir, exist_ok=True)
    counted = {"docs": 0, "raw": 0}

    def docs():
        for d in corpus(args.corpus):
            counted["docs"] += 1
            counted["raw"] += d.get("bytes", 0)
            yield d

    start = time.perf_counter()
    index_bytes = build(docs())
    import_secs = time.perf_counter() - start
    n, raw = counted["docs"], counted["raw"]
    log(peer, f"import {n} docs in {import_secs:.2f} s: {n / import_secs:.0f} docs/s, "
              f"{raw / 1e6 / import_secs:.2f} MB/s; index {index_bytes / 1e6:.1f} MB")

    t = time.perf_counter()
    if cold_start:
        cold_start(first)
    else:
        r = make_runner()
        r.run(first)
        r.close()
    cold_ms = (time.perf_counter() - t) * 1000.0
    log(peer, f"cold start {cold_ms:.1f} ms")
    rest_bytes = rest() if rest else rest_in_fresh_process()
    log(peer, f"memory at rest {rest_bytes / 1e6:.1f} MB")

    runner = make_runner()
    for e in entries:  # one untimed pass, as every peer makes
        if not e["spec"].get("unsupported"):
            runner.run(e)
    queries, mix1 = one_client(peer, runner, entries, args.rounds, args.max_secs)
    runner.close()
    mix4 = clients(peer, make_runner, entries, args.clients, args.clients_secs, 100_000)
    figures(peer, engine, n, raw, import_secs, index_bytes,
            peak_rss() if peak_rss else peak_rss_bytes(), cold_ms, rest_bytes, queries, mix1, mix4, notes)


def rest_in_fresh_process():
    """Runs this adapter again with `--rest` and reads the memory it prints."""
    import subprocess
    out = subprocess.run([sys.executable, sys.argv[0], *sys.argv[1:], "--rest"],
                         check=True, capture_output=True, text=True, timeout=600).stdout
    return json.loads(out.strip().splitlines()[-1])["rest_bytes"]
