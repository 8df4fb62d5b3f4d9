"""PostgreSQL full-text search as a peer.

The adapter starts its own server: initdb into a fresh temporary directory
owned by the `postgres` user, the server run as that user (never as root) on
a free loopback port, stopped at the end whatever happens. The data
directory's path is written to `DIR/pgdata.path` so that the driver's trap
can stop a server this process could not.

Each document is one row: a tsvector built with the english configuration
for the title, summary and English texts, the russian configuration for
Russian texts and the simple one for the rest, concatenated (so positions do
not run across texts), a tsvector of speaker names, and the metadata filters
need. No text is stored, only what the queries use. Rows go in by
transactions of 2,000; the GIN and B-tree indexes are built after the load,
as one loads PostgreSQL in bulk, and that time counts as import.

Queries are to_tsquery, websearch_to_tsquery or phraseto_tsquery in the
configuration queries.json names, ranked by ts_rank, with the number of
matches from a window count. Memory is the peak of the summed proportional
set size (PSS) of the server's processes, sampled every 200 ms.
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import psycopg  # noqa: E402

PEER = "postgres"
BATCH = 2000
FUNCTIONS = {"to_tsquery", "websearch_to_tsquery", "phraseto_tsquery", "plainto_tsquery"}


def pg_bin():
    found = os.environ.get("FONDS_BENCH_PG_BIN") or sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    return found


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, marker):
        self.bin = pg_bin()
        self.as_root = os.geteuid() == 0
        self.data = tempfile.mkdtemp(prefix="fonds-bench-pg-")
        self.port = free_port()
        with open(marker, "w") as f:
            f.write(f"{self.bin}\n{self.data}\n")
        if self.as_root:
            shutil.chown(self.data, "postgres", "postgres")
        self.cmd("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                 "--locale=C.UTF-8", "--no-sync")

    def cmd(self, tool, *args):
        argv = [os.path.join(self.bin, tool), *args]
        if self.as_root:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)

    def start(self):
        opts = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.data} "
                "-c max_connections=20")
        self.cmd("pg_ctl", "-D", self.data, "-l", os.path.join(self.data, "log"), "-w", "-t", "60",
                 "-o", opts, "start")

    def stop(self):
        try:
            self.cmd("pg_ctl", "-D", self.data, "-m", "fast", "-w", "-t", "60", "stop")
        except subprocess.CalledProcessError:
            pass

    def connect(self, **kw):
        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", **kw)

    def pids(self):
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                root = int(f.readline())
        except (OSError, ValueError):
            return []
        out = [root]
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                with open(stat) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == root:
                    out.append(int(stat.split("/")[2]))
            except (OSError, IndexError, ValueError):
                pass
        return out

    def remove(self):
        shutil.rmtree(self.data, ignore_errors=True)


class Sampler(threading.Thread):
    """The peak of the server's summed PSS."""

    def __init__(self, server):
        super().__init__(daemon=True)
        self.server, self.peak, self.running = server, 0, True

    def now(self):
        """The server processes' summed PSS at this moment."""
        return sum(common.pss_bytes(pid) for pid in self.server.pids())

    def run(self):
        while self.running:
            self.peak = max(self.peak, self.now())
            time.sleep(0.2)


INSERT = """INSERT INTO docs VALUES (%s, %s, %s, %s, %s, %s::date, %s::date,
    to_tsvector('english', %s) || to_tsvector('russian', %s) || to_tsvector('simple', %s),
    to_tsvector('simple', %s))"""


def build(server):
    def build(docs):
        with server.connect() as con:
            con.execute("""CREATE TABLE docs (n bigint PRIMARY KEY, id text NOT NULL, doc_type text,
                           repository text, langs text[], date_from date, date_to date,
                           tsv tsvector, speakers tsvector)""")
            con.commit()
            rows = []
            with con.cursor() as cur:
                for i, d in enumerate(docs, 1):
                    en, ru, other = common.split_by_language(d)
                    rows.append((i, d["id"], d.get("doc_type"), d.get("repository"), d.get("langs") or [],
                                 d.get("date"), d.get("date_to"), en, ru, other,
                                 "\n".join(d.get("speakers") or [])))
                    if len(rows) == BATCH:
                        cur.executemany(INSERT, rows)
                        con.commit()
                        rows = []
                if rows:
                    cur.executemany(INSERT, rows)
                    con.commit()
                for ddl in ["CREATE INDEX docs_tsv ON docs USING gin (tsv)",
                            "CREATE INDEX docs_speakers ON docs USING gin (speakers)",
                            "CREATE INDEX docs_langs ON docs USING gin (langs)",
                            "CREATE INDEX docs_type ON docs (doc_type)",
                            "CREATE INDEX docs_date ON docs (date_from, date_to)",
                            "ANALYZE docs"]:
                    cur.execute(ddl)
                con.commit()
                cur.execute("CHECKPOINT")
                cur.execute("SELECT pg_total_relation_size('docs')")
                return cur.fetchone()[0]
    return build


class Runner:
    def __init__(self, server, limit):
        self.con = server.connect(autocommit=True)
        self.limit = limit

    def run(self, e):
        spec, f = e["spec"], e["filter"]
        where, params = [], []
        head = "SELECT id, count(*) OVER () FROM docs"
        order = "n"
        if "speakers" in spec:
            head += ", plainto_tsquery('simple', %s) AS q"
            params.append(spec["speakers"])
            where.append("speakers @@ q")
            order = "ts_rank(speakers, q) DESC"
        elif "query" in spec:
            func = spec["function"]
            if func not in FUNCTIONS:
                raise ValueError(f"{e['name']}: unknown function {func}")
            head += f", {func}(%s::regconfig, %s) AS q"
            params += [spec["config"], spec["query"]]
            where.append("tsv @@ q")
            order = "ts_rank(tsv, q) DESC"
        if "type" in f:
            where.append("doc_type = %s")
            params.append(f["type"])
        if "not_type" in f:
            where.append("doc_type <> %s")
            params.append(f["not_type"])
        if "lang" in f:
            where.append("langs @> ARRAY[%s]")
            params.append(f["lang"])
        if "date_from" in f or "date_to" in f:
            where.append("date_from <= %s::date AND date_to >= %s::date")
            params += [f.get("date_to", "9999-12-31"), f.get("date_from", "0001-01-01")]
        sql = head + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {order} LIMIT %s"
        rows = self.con.execute(sql, params + [self.limit]).fetchall()
        return rows[0][1] if rows else 0

    def close(self):
        self.con.close()


def main():
    args = common.arguments(__doc__)
    limit, _ = common.load_mix(args.queries, PEER)
    os.makedirs(args.dir, exist_ok=True)
    # A termination (the driver's timeout) unwinds through the finally below,
    # which stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    server = Server(os.path.join(args.dir, "pgdata.path"))
    sampler = Sampler(server)
    try:
        server.start()
        sampler.start()
        with server.connect() as con:
            version = con.execute("SHOW server_version").fetchone()[0]

        def cold_start(first):
            # A real cold start: the server stopped and started again, then a
            # new connection answers a first query.
            server.stop()
            server.start()
            r = Runner(server, limit)
            r.run(first)
            r.close()

        common.run(
            PEER, args, build(server), lambda: Runner(server, limit),
            engine=f"PostgreSQL {version} full-text search (psycopg {psycopg.__version__})",
            notes=["one tsvector per row: english configuration for title, summary and English texts, "
                   "russian for Russian texts, simple for the rest; GIN indexes built after the load",
                   "index size is pg_total_relation_size of the table (tsvectors, metadata, every index); no text stored",
                   "peak memory is the server processes' summed PSS; default server settings (shared_buffers 128MB)",
                   "memory at rest is the server processes' summed PSS after the cold start",
                   "cold start stops and starts the server, then connects and answers a first query",
                   "4 clients are 4 processes, each with its own connection over loopback TCP"],
            cold_start=cold_start,
            peak_rss=lambda: sampler.peak,
            # The server as the cold start left it: restarted, one query answered.
            rest=sampler.now,
        )
    finally:
        sampler.running = False
        server.stop()
        server.remove()
        try:
            os.remove(os.path.join(args.dir, "pgdata.path"))
        except OSError:
            pass


if __name__ == "__main__":
    main()
