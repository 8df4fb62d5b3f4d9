#!/usr/bin/env python3
"""Faults injected into fonds: commands killed at random moments, and a disk
that fills under an import. After each trial the archive must have lost
nothing it had committed, hold nothing half-written, and catch up.

Trials, by kind (each TRIALS times, the moments drawn from SEED, so that a
run can be repeated; the state a moment meets depends on the machine's
speed, so the same seed gives the same moments, not the same states):

  import   `fonds import` killed: every version a reader had seen committed
           is still there; nothing is damaged; the import run again ends
           with the archive the reference import made (the same documents,
           the index level with the store).
  reindex  `fonds reindex` killed: nothing damaged; running it again
           resumes, and the index holds every document.
  export   `fonds export` (JSON, BagIt, OCFL by turns) killed: every file,
           bag and object it left visible is whole; an OCFL export run again
           into the same root completes it, and the root reads back as the
           archive.
  edit     an editor's decision (`fonds people merge`) killed: a decision a
           reader had seen stays; nothing is damaged; the persons are linked
           level with the store by `fonds verify --repair`.
  disk     `fonds import` onto a small file system (a tmpfs of a sixth to two
           thirds of what the archive takes)
           that fills: it fails with a message naming the full disk; what
           was committed stays and nothing is damaged; given room, the
           import run again completes the archive.

Prints a table (trials, kills, losses, failures) and exits 1 if anything was
lost or any check failed. The disk trials mount a tmpfs and need root (or
sudo); --no-disk leaves them out.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

DAMAGE = {"source", "stored_document", "index_files", "index_format"}


class Harness:
    def __init__(self, args):
        self.args = args
        self.fonds = str(Path(args.fonds).resolve())
        self.rng = random.Random(args.seed)
        self.work = Path(tempfile.mkdtemp(prefix="fonds-faults-", dir=args.work))
        self.results = {}
        self.mounts = []

    # -- running fonds -------------------------------------------------------

    def run(self, archive, *args, check=True, timeout=600):
        cmd = [self.fonds, "--archive", str(archive), *map(str, args)]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if check and p.returncode != 0:
            raise Failure(f"{' '.join(cmd[3:])} exited {p.returncode}: {p.stderr.strip()[-800:]}")
        return p

    def killed(self, archive, args, delay, watch=None):
        """Runs `fonds ARGS` and SIGKILLs it after `delay` seconds; while it
        runs, `watch` (an SQL count) is read by a reader of the database.
        Returns (whether it was killed, the largest count seen)."""
        cmd = [self.fonds, "--archive", str(archive), *map(str, args)]
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        seen = Seen(archive / "fonds.db", watch) if watch else None
        try:
            child.wait(timeout=delay)
            was_killed = False
        except subprocess.TimeoutExpired:
            # A count is taken just before the kill, so that every change
            # committed up to it is one the archive must keep.
            if seen:
                seen.take()
            child.send_signal(signal.SIGKILL)
            child.wait()
            was_killed = True
        if seen:
            seen.stop()
        return was_killed, (seen.most if seen else 0)

    def verify(self, archive, repair=False):
        args = ["verify", "--json"] + (["--repair"] if repair else [])
        p = self.run(archive, *args, check=False)
        try:
            v = json.loads(p.stdout)
        except json.JSONDecodeError:
            raise Failure(f"verify did not answer: {p.stderr.strip()[-800:]}")
        return v

    def undamaged(self, archive):
        """A read-only verify: lag is allowed, damage is not."""
        v = self.verify(archive)
        damaged = [p["message"] for p in v["problems"] if p["kind"] in DAMAGE]
        if damaged:
            raise Failure("damaged: " + "; ".join(damaged[:3]))
        return v

    def clean(self, archive):
        v = self.verify(archive)
        if v["problems"]:
            raise Failure("problems: " + "; ".join(p["message"] for p in v["problems"][:3]))
        return v

    def documents(self, archive, name):
        """The archive's documents as JSON: id -> SHA-256."""
        out = self.work / f"json-{name}"
        shutil.rmtree(out, ignore_errors=True)
        self.run(archive, "export", out, "--format", "json")
        docs = {}
        for f in out.iterdir():
            if f.name.endswith(".json") and f.name != "manifest.json" and not f.name.startswith("."):
                docs[f.name] = hashlib.sha256(f.read_bytes()).hexdigest()
        shutil.rmtree(out, ignore_errors=True)
        return docs

    def count(self, archive, sql):
        with sqlite3.connect(f"file:{archive / 'fonds.db'}?mode=ro", uri=True) as db:
            return db.execute(sql).fetchone()[0]

    # -- setting up ----------------------------------------------------------

    def setup(self):
        records = self.work / "records"
        dev = Path(self.fonds).with_name("fonds-dev")
        subprocess.run(
            [str(dev), "generate", str(records), "--count", str(self.args.records), "--seed", "11"],
            check=True,
            capture_output=True,
        )
        self.records = records
        self.reference = self.work / "reference"
        start = time.monotonic()
        self.run(self.reference, "import", records)
        self.import_time = time.monotonic() - start
        self.reference_docs = self.documents(self.reference, "reference")
        self.archive_mb = sum(f.stat().st_size for f in self.reference.rglob("*") if f.is_file()) / 2**20
        start = time.monotonic()
        self.run(self.copy("timing"), "reindex")
        self.reindex_time = time.monotonic() - start
        persons = self.run(self.reference, "people", "list", "--limit", "12").stdout.split("\n")
        # Named by their preferred names, which lead to whichever person
        # holds them after a merge (an id merged away is no longer one).
        self.persons = [
            self.heading(self.reference, line.split()[0]).rsplit(" (", 1)[0]
            for line in persons
            if line.strip()
        ]
        if len(self.persons) < 4:
            raise SystemExit("the generated archive has too few persons for the edit trials")
        print(
            f"{len(self.reference_docs)} documents; a full import takes {self.import_time:.1f} s, "
            f"a rebuild {self.reindex_time:.1f} s (the kills fall within these)",
            flush=True,
        )

    def copy(self, name):
        dest = self.work / name
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(self.reference, dest)
        return dest

    # -- the trials ----------------------------------------------------------

    def trial_import(self, i):
        archive = self.work / f"import-{i}"
        shutil.rmtree(archive, ignore_errors=True)
        delay = self.rng.uniform(0.05, self.import_time)
        was_killed, seen = self.killed(
            archive, ["import", self.records], delay, "SELECT COUNT(*) FROM versions"
        )
        lost = 0
        if (archive / "fonds.db").exists():
            lost = max(0, seen - self.count(archive, "SELECT COUNT(*) FROM versions"))
            self.undamaged(archive)
        self.run(archive, "import", self.records)
        self.clean(archive)
        if self.documents(archive, f"import-{i}") != self.reference_docs:
            raise Failure("the documents differ from the reference import's")
        shutil.rmtree(archive, ignore_errors=True)
        return was_killed, lost

    def trial_reindex(self, i):
        archive = self.copy(f"reindex-{i}")
        delay = self.rng.uniform(0.05, self.reindex_time)
        was_killed, _ = self.killed(archive, ["reindex"], delay)
        self.undamaged(archive)
        self.run(archive, "reindex")
        v = self.clean(archive)
        if v["indexed"] != len(self.reference_docs):
            raise Failure(f"the index holds {v['indexed']} documents")
        shutil.rmtree(archive, ignore_errors=True)
        return was_killed, 0

    def trial_export(self, i):
        fmt = ["json", "bagit", "ocfl"][i % 3]
        out = self.work / f"export-{i}"
        shutil.rmtree(out, ignore_errors=True)
        delay = self.rng.uniform(0.02, self.export_time(fmt))
        was_killed, _ = self.killed(self.reference, ["export", out, "--format", fmt], delay)
        if out.exists():
            self.whole(out, fmt)
        if fmt == "ocfl":
            self.run(self.reference, "export", out, "--format", "ocfl")
            back = self.work / f"export-back-{i}"
            shutil.rmtree(back, ignore_errors=True)
            p = self.run(back, "import", out)
            if "does not check" in p.stdout + p.stderr:
                raise Failure("an OCFL object does not check after the export was run again")
            if self.documents(back, f"back-{i}") != self.reference_docs:
                raise Failure("the OCFL root does not read back as the archive")
            shutil.rmtree(back, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        return was_killed, 0

    def export_time(self, fmt):
        if not hasattr(self, "_export_times"):
            self._export_times = {}
        if fmt not in self._export_times:
            out = self.work / f"export-timing-{fmt}"
            start = time.monotonic()
            self.run(self.reference, "export", out, "--format", fmt)
            self._export_times[fmt] = time.monotonic() - start
            shutil.rmtree(out, ignore_errors=True)
        return self._export_times[fmt]

    def whole(self, out, fmt):
        """Every file, bag or object an export left visible is whole."""
        if fmt == "json":
            for f in out.iterdir():
                if f.name.startswith(".") or f.name == "manifest.json":
                    continue
                digest = hashlib.sha256(f.read_bytes()).hexdigest()
                if self.reference_docs.get(f.name) != digest:
                    raise Failure(f"{f.name} is not the document whole")
            return
        # Bags and objects are read back by fonds, which refuses any that
        # does not check.
        scratch = self.work / "scratch"
        shutil.rmtree(scratch, ignore_errors=True)
        p = self.run(scratch, "import", out, check=False)
        said = p.stdout + p.stderr
        if "does not check" in said:
            line = next(l for l in said.splitlines() if "does not check" in l)
            raise Failure(f"half-written {fmt}: {line[:300]}")
        shutil.rmtree(scratch, ignore_errors=True)

    def trial_edit(self, i):
        archive = self.copy(f"edit-{i}")
        a, b = self.rng.sample(self.persons, 2)
        before = self.count(archive, "SELECT COUNT(*) FROM person_decisions")
        was_killed, seen = self.killed(
            archive,
            ["people", "merge", a, b],
            self.rng.uniform(0.0, self.edit_time()),
            "SELECT COUNT(*) FROM person_decisions",
        )
        after = self.count(archive, "SELECT COUNT(*) FROM person_decisions")
        lost = max(0, seen - after)
        if after not in (before, before + 1):
            raise Failure(f"{after - before} decisions recorded for one merge")
        self.undamaged(archive)
        v = self.verify(archive, repair=True)
        if v["problems"]:
            raise Failure("after --repair: " + "; ".join(p["message"] for p in v["problems"][:3]))
        # Merged, the two names lead to one person.
        merged = self.heading(archive, a) == self.heading(archive, b)
        if (after == before + 1) != merged:
            raise Failure("the decision and the persons disagree")
        shutil.rmtree(archive, ignore_errors=True)
        return was_killed, lost

    def heading(self, archive, person):
        """The first line of `fonds people show`: "Name (id)"."""
        return self.run(archive, "people", "show", person).stdout.split("\n")[0]

    def edit_time(self):
        if not hasattr(self, "_edit_time"):
            archive = self.copy("edit-timing")
            start = time.monotonic()
            self.run(archive, "people", "merge", self.persons[0], self.persons[1])
            self._edit_time = time.monotonic() - start
            shutil.rmtree(archive, ignore_errors=True)
        return self._edit_time

    def trial_disk(self, i):
        mount = self.work / f"disk-{i}"
        mount.mkdir()
        # Between a sixth and two thirds of what the whole archive takes.
        size = max(2, round(self.rng.uniform(0.15, 0.66) * self.archive_mb))
        self.mount(mount, f"size={size}m")
        try:
            archive = mount / "archive"
            seen = Seen(archive / "fonds.db", "SELECT COUNT(*) FROM versions")
            p = self.run(archive, "import", self.records, check=False)
            seen.take()
            seen.stop()
            if p.returncode == 0:
                raise Failure(f"the import into {size} MB did not fill the disk")
            if "is full" not in p.stderr:
                raise Failure(f"the error does not say the disk is full: {p.stderr.strip()[-400:]}")
            lost = 0
            if (archive / "fonds.db").exists():
                lost = max(0, seen.most - self.count(archive, "SELECT COUNT(*) FROM versions"))
                self.undamaged(archive)
            # Room again: the import completes the archive.
            self.mount(mount, "remount,size=400m", remount=True)
            self.run(archive, "import", self.records)
            self.clean(archive)
            if self.documents(archive, f"disk-{i}") != self.reference_docs:
                raise Failure("the documents differ from the reference import's")
            return True, lost
        finally:
            self.unmount(mount)

    def mount(self, path, options, remount=False):
        sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
        cmd = sudo + ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit(
                f"cannot mount a tmpfs for the disk trials ({p.stderr.strip()}); "
                "run as root, or with --no-disk"
            )
        if not remount:
            self.mounts.append(path)

    def unmount(self, path):
        sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
        subprocess.run(sudo + ["umount", str(path)], capture_output=True)
        if path in self.mounts:
            self.mounts.remove(path)

    # -- the run -------------------------------------------------------------

    def go(self):
        kinds = [k for k in ["import", "reindex", "export", "edit", "disk"] if k in self.args.only]
        if self.args.no_disk and "disk" in kinds:
            kinds.remove("disk")
        self.setup()
        failed = False
        for kind in kinds:
            row = {"trials": 0, "kills": 0, "losses": 0, "failures": 0}
            for i in range(self.args.trials):
                row["trials"] += 1
                try:
                    was_killed, lost = getattr(self, f"trial_{kind}")(i)
                    row["kills"] += int(was_killed)
                    row["losses"] += lost
                except Failure as e:
                    row["failures"] += 1
                    print(f"  {kind} trial {i}: {e}", flush=True)
            self.results[kind] = row
            failed |= row["losses"] > 0 or row["failures"] > 0
            print(
                f"{kind:8} {row['trials']:4} trials {row['kills']:4} kills "
                f"{row['losses']:4} losses {row['failures']:4} failures",
                flush=True,
            )
        return failed

    def cleanup(self):
        for m in list(self.mounts):
            self.unmount(m)
        if not self.args.keep:
            shutil.rmtree(self.work, ignore_errors=True)


class Failure(Exception):
    pass


class Seen:
    """Reads a count from a database again and again on a thread, keeping
    the largest: what a reader saw committed."""

    def __init__(self, db, sql):
        self.db, self.sql, self.most = db, sql, 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def take(self):
        if not self.db.exists():
            return
        try:
            with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5) as db:
                self.most = max(self.most, db.execute(self.sql).fetchone()[0])
        except sqlite3.Error:
            pass

    def loop(self):
        while not self.done.is_set():
            self.take()
            self.done.wait(0.02)

    def stop(self):
        self.done.set()
        self.thread.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fonds", required=True, help="the fonds binary (fonds-dev beside it generates the records)")
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--records", type=int, default=1500)
    parser.add_argument("--only", default="import,reindex,export,edit,disk")
    parser.add_argument("--no-disk", action="store_true")
    parser.add_argument("--work", default=None, help="where the trials' archives go (a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    args.only = args.only.split(",")
    h = Harness(args)
    try:
        failed = h.go()
    finally:
        h.cleanup()
    totals = {k: sum(r[k] for r in h.results.values()) for k in ["trials", "kills", "losses", "failures"]}
    print(
        f"total    {totals['trials']:4} trials {totals['kills']:4} kills "
        f"{totals['losses']:4} losses {totals['failures']:4} failures (seed {args.seed})"
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
