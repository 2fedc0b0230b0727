"""The report cache: a closed day's tickets, service times and desks' day,
written by the central when it closes the day, so a yearly summary reads
a few hundred rows instead of millions of events, and a month's hourly
and desks a few dozen.

On a log of a dozen days written by gen-year (the real engine and store,
each day's row written in the transaction that closes it):
- summary, tickets, hourly and desks from the cache are byte for byte
  the answers from the events (--no-cache), for the whole log, a range
  that starts and ends inside it, one service, and in CSV, JSON and the
  table;
- with rows missing (the first day, one in the middle) or of an unknown
  format, those days come from the events and the answers stay the same;
- the cache is really read: a served ticket turned into a no-show in one
  row changes the cached summary, a desk's idle time changed in another
  the cached desks, and verify names each day;
- a version 2 log (no cache) is still read, with the same answers;
- the central migrates it, adds the rows of the closed days once
  (backfill), and closes a day left open with its row: verify then
  checks a row for every closed day.
"""

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                    # noqa: E402
from antre_procs import Central, binary, wait_for  # noqa: E402
from checks import run_test                        # noqa: E402

DAYS = 12
DESKS = 4
TICKET_LEN = 44          # cache.c's encoding
DESK_LEN = 28
TZ = "Asia/Jakarta"      # gen-year's default


def report(db, *args, check=True):
    env = dict(os.environ, TZ=TZ)
    p = subprocess.run([binary("antre-report"), "-D", db, *args],
                       capture_output=True, text=True, env=env)
    if check and p.returncode != 0:
        raise RuntimeError(f"antre-report {' '.join(args)}: exit "
                           f"{p.returncode}: {p.stderr}")
    return p


def connect(db):
    """A connection closed (and the WAL folded into the file) at the end
    of the with block, so the file can be copied."""
    return contextlib.closing(sqlite3.connect(db, isolation_level=None))


def closed_days(db):
    with connect(db) as con:
        return [r[0] for r in con.execute(
            "SELECT DISTINCT day FROM events WHERE kind = 'day_closed' "
            "ORDER BY day")]


def cached_days(db):
    with connect(db) as con:
        return [r[0] for r in con.execute(
            "SELECT day FROM report_days ORDER BY day")]


def queries(first, last, mid_a, mid_b):
    out = []
    for cmd in ("summary", "tickets"):
        for rng in ((first, last), (mid_a, mid_b)):
            out.append((cmd, "--from", rng[0], "--to", rng[1], "--csv"))
    out.append(("summary", "--from", first, "--to", last, "--json"))
    out.append(("summary", "--from", first, "--to", last))
    out.append(("summary", "--from", first, "--to", last, "--service",
                "B", "--csv"))
    out.append(("tickets", "--from", mid_a, "--to", mid_a, "--json"))
    for cmd in ("hourly", "desks"):
        out.append((cmd, "--from", first, "--to", last, "--csv"))
        out.append((cmd, "--from", mid_a, "--to", mid_b, "--json"))
        out.append((cmd, "--from", first, "--to", last))
        out.append((cmd, "--from", first, "--to", last, "--service", "B",
                    "--csv"))
    return out


def same_answers(c, db, qs, what):
    diffs = []
    for q in qs:
        cached = report(db, *q).stdout
        events = report(db, *q, "--no-cache").stdout
        if cached != events or not cached.strip():
            diffs.append(" ".join(q))
    c.check(not diffs, f"{what}: {len(qs)} answers from the cache equal "
            f"those from the events", "; ".join(diffs))


def total_row(db, first, last, *extra):
    rows = json.loads(report(db, "summary", "--from", first, "--to", last,
                             "--json", *extra).stdout)
    return [r for r in rows["rows"] if r["service"] == "total"][0]


def run(c, tmp):
    db = os.path.join(tmp, "log.db")
    env = dict(os.environ, TZ=TZ)
    gen = os.environ.get("ANTRE_GEN_YEAR")
    c.check(gen and os.path.exists(gen), "$ANTRE_GEN_YEAR names gen-year")
    subprocess.run([gen, db, str(DAYS), str(DESKS)], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    days = closed_days(db)
    c.check(len(days) >= 8 and cached_days(db) == days,
            f"every closed day has its row ({len(days)} days)",
            f"{cached_days(db)} vs {days}")
    v = report(db, "verify").stdout
    c.check(f"report cache of {len(days)} day(s) matches" in v,
            "verify checks every row against the events", v)

    first, last = days[0], days[-1]
    qs = queries(first, last, days[2], days[-3])
    same_answers(c, db, qs, "every row cached")

    # Rows missing, or of a format this program does not know.
    with connect(db) as con:
        con.execute("DELETE FROM report_days WHERE day IN (?, ?)",
                    (days[0], days[4]))
        con.execute("UPDATE report_days SET format = 99 WHERE day = ?",
                    (days[6],))
    same_answers(c, db, qs, "two rows missing, one of another format")
    v = report(db, "verify").stdout
    c.check(f"report cache of {len(days) - 3} day(s) matches" in v,
            "verify checks the rows it can read", v)

    # The cache is what a summary reads: a served ticket turned into a
    # no-show in one row shows, and verify names the day.
    day = days[3]
    before = total_row(db, first, last)
    with connect(db) as con:
        orig = con.execute("SELECT tickets FROM report_days WHERE day = ?",
                           (day,)).fetchone()[0]
        blob = bytearray(orig)
        at = next(i for i in range(0, len(blob), TICKET_LEN)
                  if blob[i + 2] == 1)          # outcome: served
        blob[at + 2] = 2                        # no-show
        con.execute("UPDATE report_days SET tickets = ? WHERE day = ?",
                    (bytes(blob), day))
    after = total_row(db, first, last)
    events = total_row(db, first, last, "--no-cache")
    c.check(after["served"] == before["served"] - 1 and
            after["noshow"] == before["noshow"] + 1 and
            events["served"] == before["served"],
            "an edited row changes the cached summary, not the one from "
            "the events", f"{before['served']} {after['served']} "
            f"{events['served']}")
    p = report(db, "verify", check=False)
    c.check(p.returncode == 1 and f"report cache of {day} does not match"
            in p.stdout, "verify names the day whose row was edited",
            p.stdout + p.stderr)

    with connect(db) as con:
        con.execute("UPDATE report_days SET tickets = ? WHERE day = ?",
                    (orig, day))

    # Desks read it too: a desk's idle time one hour longer in another
    # day's row.
    day = days[5]

    def desks_total(*extra):
        rows = json.loads(report(db, "desks", "--from", first, "--to",
                                 last, "--json", *extra).stdout)["rows"]
        return [r for r in rows if r["desk"] == "total"][0]
    before = desks_total()
    with connect(db) as con:
        blob = bytearray(con.execute("SELECT desks FROM report_days WHERE "
                                     "day = ?", (day,)).fetchone()[0])
        at = next(i for i in range(0, len(blob), DESK_LEN)
                  if blob[i + 2] == 0)          # a desk's own record
        idle = int.from_bytes(blob[at + 4:at + 12], "little")
        blob[at + 4:at + 12] = (idle + 3600000).to_bytes(8, "little")
        con.execute("UPDATE report_days SET desks = ? WHERE day = ?",
                    (bytes(blob), day))
    after = desks_total()
    events = desks_total("--no-cache")
    c.check(after["idle_s"] == before["idle_s"] + 3600 and
            events["idle_s"] == before["idle_s"],
            "an edited desk record changes the cached desks, not the "
            "ones from the events", f"{before} {after} {events}")
    p = report(db, "verify", check=False)
    c.check(p.returncode == 1 and f"report cache of {day} does not match"
            in p.stdout, "verify names the day whose desks were edited",
            p.stdout + p.stderr)

    # A version 2 log: no cache, read from the events.
    old = os.path.join(tmp, "v2.db")
    shutil.copy(db, old)
    with connect(old) as con:
        # What versions 3 and 4 added goes: the central migrates it.
        con.executescript("DROP TABLE report_days; DROP TABLE "
                          "report_backfill; ALTER TABLE commands DROP "
                          "COLUMN waiting; ALTER TABLE commands DROP "
                          "COLUMN day; PRAGMA user_version = 2;")
        # The last day left open: its closing (the tail of the log, so
        # the chain still holds) is taken away.
        lo = con.execute("SELECT MIN(seq) FROM events WHERE day = ? AND "
                         "kind IN ('unserved', 'day_closed')",
                         (last,)).fetchone()[0]
        con.execute("DELETE FROM events WHERE seq >= ?", (lo,))
    p = report(old, "summary", "--from", first, "--to", last, "--csv")
    q = report(db, "summary", "--from", first, "--to", days[-2], "--csv",
               "--no-cache")
    c.check(p.stdout.splitlines()[0] == q.stdout.splitlines()[0],
            "a version 2 log is read")
    p = report(old, "verify")
    c.check("report cache of 0 day(s)" in p.stdout,
            "verify on a version 2 log: the chain, no cache", p.stdout)

    # The central migrates it, backfills the closed days, closes the
    # day left open with its row.
    broker = Broker(tmp, "antre/cache", desks=list(range(1, DESKS + 1)))
    broker.start()
    central = Central(tmp, broker, desks={d: "A B C D E" for d in
                                          range(1, DESKS + 1)},
                      services={s: f"Layanan {s}" for s in "ABCDE"},
                      sources={s: "kiosk" for s in "ABCDE"})
    shutil.copy(old, central.db_path)
    try:
        central.start()
        wait_for(lambda: "running as central" in central.log(), 20,
                 "the central running")
        log = central.log()
        c.check(f"day {last} closed" in log, "the central closes the day "
                "left open", log[-2000:])
        c.check(f"report cache: {len(days) - 1} closed day(s) added" in
                log, "the central adds the rows of the closed days once",
                log[-2000:])
    finally:
        c.stopped(central, "the central")
        broker.stop()
    c.check(cached_days(central.db_path) == days,
            "after the migration every closed day has its row, the one "
            "the central closed too")
    v = report(central.db_path, "verify")
    c.check(f"report cache of {len(days)} day(s) matches" in v.stdout,
            "verify: the migrated log and its cache agree", v.stdout)
    same_answers(c, central.db_path, queries(first, last, days[2],
                                             days[-1]),
                 "after the migration")
    # Started again: nothing to add.
    central.start()
    try:
        wait_for(lambda: central.log().count("running as central") == 2,
                 20, "the central running again")
    finally:
        c.stopped(central, "the central (started again)")
    c.check(central.log().count("closed day(s) added") == 1,
            "the backfill runs once")


if __name__ == "__main__":
    sys.exit(run_test("report_cache", run, logs=("central",)))
