"""The end of a service day in the figures, with the real central, broker
and antre-report (the rule: antre-report(1), DEFINITIONS).

The central's wall clock is moved through $ANTRE_CLOCK_OFFSET_FILE (as
test_clock.py does), to the minute of each press; TZ is UTC. Three desks
and a kiosk press over MQTT:

- 2027-03-01 from 15:00: desk 1 serves A1 and calls B1, desk 2 serves
  A2, pauses, serves C1 and pauses again, desk 3 serves A3 and stays
  open; desk 1 recalls B1 at 16:10 and A4 is taken at 16:20. The central
  is killed (SIGKILL) in the evening with B1 at desk 1.
- The central starts at 07:40 the next morning and closes that day then.
- 2027-03-02 from 08:00: desk 1 has A1 as a no-show and stays open,
  desk 2 serves B1 and A2 and pauses, desk 3 calls A3 and recalls it;
  B2 is taken at 09:00. The clock runs past 04:00 of 03-03: the day is
  closed live.

What must hold: summary, desks and hourly (JSON and CSV, with and
without the report cache) count the tickets left at desks as served
with no service time, end each desk's day at its own last press, and
list only the half hours the hall worked (three each day, not 48). The
times are those the log holds: the expected figures are computed here
by hand from the log's own event times (the clock is only set to the
second), and each is checked against its minutes in the script. Then
the day's rows are made as the old rule wrote them (format 1, schema 4):
the reports read the events instead, and the central's next start
writes the rows again.
"""

import contextlib
import json
import math
import os
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                     # noqa: E402
from antre_procs import (binary, wait_central_online,  # noqa: E402
                         wait_for)
from checks import run_test                         # noqa: E402
from test_clock import ClockedCentral               # noqa: E402

DAY1, DAY2 = "2027-03-01", "2027-03-02"
SAMPLE_LEN = 12          # cache.c's encoding of a service time


class Central(ClockedCentral):
    def set_clock(self, spec):
        """As ClockedCentral's, but "@..." is never behind: the clock
        reads that second or up to one after it, so an event pressed at
        a half hour's first minute falls in that half hour."""
        if not spec.startswith("@"):
            return super().set_clock(spec)
        t = time.mktime(time.strptime(spec[1:], "%Y-%m-%d %H:%M:%S"))
        tmp = self.clock_path + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{math.ceil(t - time.time())}\n")
        os.rename(tmp, self.clock_path)


class Hall:
    def __init__(self, tmp):
        self.b = Broker(tmp, "antre/dayend", desks=[1, 2, 3], kiosks=[1],
                        screens=[1]).start()
        self.kiosk = self.b.client("kiosk-1", client_id="t-de-k1")
        self.ticket = self.b.topic("kiosk/1/ticket")
        self.kiosk.subscribe_wait(self.ticket)
        self.desks = {}
        for d in (1, 2, 3):
            cl = self.b.client(f"desk-{d}", client_id=f"t-de-d{d}")
            cl.subscribe_wait(self.b.topic(f"desk/{d}/state"))
            self.desks[d] = cl
        self.screen = self.b.client("screen-1", client_id="t-de-s")
        self.screen.subscribe_wait(self.b.topic("central/online"))
        self.n = 0

    def online(self, start):
        seen = len(self.screen.received(self.b.topic("central/online")))
        start()
        wait_central_online(self.screen, self.b, seen, timeout=20)

    def press(self, desk, op):
        self.n += 1
        cid = f"p-{desk}-{self.n}"
        cl, topic = self.desks[desk], self.b.topic(f"desk/{desk}/state")
        cl.publish_wait(self.b.topic(f"desk/{desk}/cmd"),
                        json.dumps({"v": 1, "op": op, "id": cid}))
        st = wait_for(lambda: next(
            (json.loads(m.payload) for m in reversed(cl.received(topic))
             if json.loads(m.payload)["last_id"] == cid), None), 10,
            f"the answer to {cid}")
        if st["result"] != "ok":
            raise RuntimeError(f"desk {desk} {op} refused: {st}")
        return st

    def take(self, service):
        self.n += 1
        cid = f"k-{self.n}"
        self.kiosk.publish_wait(self.b.topic("kiosk/1/take"),
                                json.dumps({"v": 1, "id": cid,
                                            "service": service}))
        return wait_for(lambda: next(
            (json.loads(m.payload) for m in self.kiosk.received(self.ticket)
             if json.loads(m.payload)["id"] == cid), None), 10,
            f"the ticket for {cid}")

    def close(self):
        self.b.close()


# (time, desk or 0 for the kiosk, op or service)
DAY1_SCRIPT = [
    ("15:00", 0, "A"), ("15:02", 0, "A"), ("15:05", 1, "next"),
    ("15:06", 2, "next"), ("15:15", 1, "next"), ("15:20", 0, "B"),
    ("15:21", 1, "next"), ("15:26", 2, "pause"), ("15:40", 2, "resume"),
    ("15:41", 2, "next"), ("15:50", 2, "pause"), ("15:52", 0, "A"),
    ("15:55", 3, "next"), ("16:01", 3, "next"), ("16:10", 1, "recall"),
    ("16:20", 0, "A"),
]
DAY2_SCRIPT = [
    ("08:00", 0, "A"), ("08:00", 0, "B"), ("08:03", 1, "next"),
    ("08:04", 2, "next"), ("08:10", 0, "A"), ("08:14", 2, "next"),
    ("08:20", 1, "noshow"), ("08:40", 2, "pause"), ("08:45", 0, "A"),
    ("08:50", 3, "next"), ("08:58", 3, "recall"), ("09:00", 0, "B"),
]


def play(hall, central, day, script):
    for at, desk, what in script:
        central.set_clock(f"@{day} {at}:00")
        if desk == 0:
            t = hall.take(what)
            if t.get("result") != "ok":
                raise RuntimeError(f"take {what} refused: {t}")
        else:
            hall.press(desk, what)


def events(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute("SELECT seq, time_ms, day, kind, service, "
                           "number, desk, cmd_id FROM events ORDER BY "
                           "seq").fetchall()
    finally:
        con.close()


class Log:
    """The log's event times, named as the script names them."""

    def __init__(self, rows):
        self.rows = rows

    def t(self, day, kind, ticket=None, desk=None, nth=0):
        found = [r[1] for r in self.rows if r[2] == day and r[3] == kind
                 and (ticket is None or f"{r[4]}{r[5]}" == ticket)
                 and (desk is None or r[6] == desk)]
        return found[nth]

    def span(self, day, a, b):
        """b's time less a's, each (kind, ticket, desk[, nth])."""
        return self.t(day, *b) - self.t(day, *a)


def secs(ms):
    """As antre-report prints a time: whole seconds, rounded."""
    return None if ms is None else (ms + 500) // 1000


def rank(values, p):
    """Nearest rank, as antre-report(1) defines it."""
    v = sorted(values)
    return v[math.ceil(p * len(v) / 100) - 1] if v else None


CONF = []      # ["-f", the central's configuration]: names, services


def report(db, *args, check=True):
    p = subprocess.run([binary("antre-report"), *CONF, "-D", db, *args],
                       capture_output=True, text=True,
                       env=dict(os.environ, TZ="UTC"))
    if check and p.returncode != 0:
        raise RuntimeError(f"antre-report {' '.join(args)}: exit "
                           f"{p.returncode}: {p.stderr}")
    return p.stdout


def rows_of(doc):
    return doc["rows"] if isinstance(doc, dict) else doc


def expected(log):
    """By hand, from the log's times: per day the service times of each
    service and desk, the desks' serving, idle and paused ms, and the
    minutes the script meant for each (checked against them)."""
    C, S, N, P, R, Q = ("called", "served", "noshow", "paused", "resumed",
                        "recalled")
    d1, d2 = DAY1, DAY2
    sp = log.span
    e = {}
    # 03-01: B1 left at desk 1 (no service time), desk 2 paused at its
    # end, desk 3 open.
    e[d1] = {
        "samples": {  # service: [(desk, ms, minutes)]
            "A": [(1, sp(d1, (C, "A1"), (S, "A1")), 10),
                  (2, sp(d1, (C, "A2"), (S, "A2")), 20),
                  (3, sp(d1, (C, "A3"), (S, "A3")), 6)],
            "B": [],
            "C": [(2, sp(d1, (C, "C1"), (S, "C1")), 9)],
        },
        "desks": {  # desk: (serving, idle, paused) as (ms, minutes)
            1: ((sp(d1, (C, "A1"), (S, "A1")) +
                 sp(d1, (C, "B1"), (Q, "B1")), 59),
                (sp(d1, (S, "A1"), (C, "B1")), 6), (0, 0)),
            2: ((sp(d1, (C, "A2"), (S, "A2")) +
                 sp(d1, (C, "C1"), (S, "C1")), 29),
                (sp(d1, (R, None, 2), (C, "C1")), 1),
                (sp(d1, (P, None, 2, 0), (R, None, 2)), 14)),
            3: ((sp(d1, (C, "A3"), (S, "A3")), 6), (0, 0), (0, 0)),
        },
        "served": {1: 2, 2: 2, 3: 1}, "noshow": {1: 0, 2: 0, 3: 0},
        "recalls": {1: 1, 2: 0, 3: 0},
        "counts": {"A": (4, 3, 3, 0, 1), "B": (1, 1, 1, 0, 0),
                   "C": (1, 1, 1, 0, 0)},
        "slots": [("15:00-15:30", 3, 3, 2.0), ("15:30-16:00", 1, 2, 3.0),
                  ("16:00-16:30", 1, 0, 2.0)],
    }
    # 03-02: A3 left at desk 3, desk 2 paused at its end, desk 1 open.
    e[d2] = {
        "samples": {
            "A": [(1, sp(d2, (C, "A1"), (N, "A1")), 17),
                  (2, sp(d2, (C, "A2"), (S, "A2")), 26)],
            "B": [(2, sp(d2, (C, "B1"), (S, "B1")), 10)],
            "C": [],
        },
        "desks": {
            1: ((sp(d2, (C, "A1"), (N, "A1")), 17), (0, 0), (0, 0)),
            2: ((sp(d2, (C, "B1"), (S, "B1")) +
                 sp(d2, (C, "A2"), (S, "A2")), 36), (0, 0), (0, 0)),
            3: ((sp(d2, (C, "A3"), (Q, "A3")), 8), (0, 0), (0, 0)),
        },
        "served": {1: 0, 2: 2, 3: 1}, "noshow": {1: 1, 2: 0, 3: 0},
        "recalls": {1: 0, 2: 0, 3: 1},
        "counts": {"A": (3, 3, 2, 1, 0), "B": (2, 1, 1, 0, 1),
                   "C": (0, 0, 0, 0, 0)},
        "slots": [("08:00-08:30", 3, 3, 2.0), ("08:30-09:00", 1, 1, 2.0),
                  ("09:00-09:30", 1, 0, 0.0)],
    }
    return e


def check_minutes(c, e):
    """The log's times are the script's, to the second or so."""
    off = []
    for day, x in e.items():
        for svc, samples in x["samples"].items():
            for desk, ms, minutes in samples:
                if abs(ms - minutes * 60000) > 3000:
                    off.append(f"{day} {svc} desk {desk}: {ms} ms")
        for desk, times in x["desks"].items():
            for ms, minutes in times:
                if abs(ms - minutes * 60000) > 6000:
                    off.append(f"{day} desk {desk}: {ms} ms")
    c.check(not off, "the log's times are the script's minutes (within "
            "seconds)", "; ".join(off))


def check_summary(c, db, e, days, what, *extra):
    doc = json.loads(report(db, "summary", "--from", days[0], "--to",
                            days[-1], "--json", *extra))
    rows = {r["service"]: r for r in rows_of(doc)}
    bad = []
    every = []
    for svc in "ABC":
        counts = [sum(e[d]["counts"][svc][i] for d in days)
                  for i in range(5)]
        samples = [ms for d in days for _, ms, _ in e[d]["samples"][svc]]
        every += samples
        r = rows[svc]
        got = [r["issued"], r["called"], r["served"], r["noshow"],
               r["unserved"], r["service_median_s"], r["service_p90_s"]]
        want = counts + [secs(rank(samples, 50)), secs(rank(samples, 90))]
        if got != want:
            bad.append(f"{svc}: {got} != {want}")
    r = rows["total"]
    got = [r["served"], r["service_median_s"], r["service_p90_s"]]
    want = [sum(e[d]["counts"][s][2] for d in days for s in "ABC"),
            secs(rank(every, 50)), secs(rank(every, 90))]
    if got != want:
        bad.append(f"total: {got} != {want}")
    c.check(not bad, f"summary {what}: tickets left at desks served, with "
            "no service time; service times by hand", "; ".join(bad))


def check_desks(c, db, e, days, what):
    doc = json.loads(report(db, "desks", "--from", days[0], "--to",
                            days[-1], "--json"))
    rows = {r["desk"]: r for r in rows_of(doc)}
    bad = []
    tot = [0, 0, 0]
    for desk in (1, 2, 3):
        times = [sum(e[d]["desks"][desk][i][0] for d in days)
                 for i in range(3)]
        tot = [a + b for a, b in zip(tot, times)]
        samples = [ms for d in days for s in "ABC"
                   for dk, ms, _ in e[d]["samples"][s] if dk == desk]
        r = rows[desk]
        got = [r["served"], r["noshow"], r["recalls"],
               r["service_median_s"], r["serving_s"], r["idle_s"],
               r["paused_s"]]
        want = [sum(e[d][k][desk] for d in days)
                for k in ("served", "noshow", "recalls")]
        want += [secs(rank(samples, 50))] + [secs(t) for t in times]
        if got != want:
            bad.append(f"desk {desk}: {got} != {want}")
    r = rows["total"]
    if [r["serving_s"], r["idle_s"], r["paused_s"]] != \
            [secs(t) for t in tot]:
        bad.append(f"total: {r}")
    c.check(not bad, f"desks {what}: each desk's day ends at its own last "
            "press; serving, idle and paused by hand", "; ".join(bad))


def check_hourly(c, db, e, day):
    doc = json.loads(report(db, "hourly", "--from", day, "--to", day,
                            "--json"))
    got = [(r["slot"], r["arrivals"], r["calls"], r["desks_open"])
           for r in rows_of(doc) if r["service"] == "total"]
    c.check(got == e[day]["slots"], f"hourly {day}: the three half hours "
            "the hall worked, desks open by hand", repr(got))
    csv = report(db, "hourly", "--from", day, "--to", day, "--csv")
    lines = csv.splitlines()
    c.check(len(lines) == 1 + 3 * 4 and
            lines[-1].startswith(e[day]["slots"][-1][0]),
            f"hourly {day} as CSV: 3 half hours of 4 rows", csv)


def same_cached(c, db, what):
    diffs = []
    for cmd in ("summary", "tickets"):
        for rng in ((DAY1, DAY1), (DAY2, DAY2), (DAY1, DAY2)):
            for fmt in ("--json", "--csv"):
                a = report(db, cmd, "--from", rng[0], "--to", rng[1], fmt)
                b = report(db, cmd, "--from", rng[0], "--to", rng[1], fmt,
                           "--no-cache")
                if a != b:
                    diffs.append(f"{cmd} {rng} {fmt}")
    c.check(not diffs, f"{what}: the cached days answer as the events",
            "; ".join(diffs))


def figures(c, db, e, what):
    for days in ((DAY1,), (DAY2,), (DAY1, DAY2)):
        check_summary(c, db, e, days, f"{'..'.join(days)} {what}")
        check_summary(c, db, e, days, f"{'..'.join(days)} {what}, "
                      "--no-cache", "--no-cache")
        check_desks(c, db, e, days, f"{'..'.join(days)} {what}")
    for day in (DAY1, DAY2):
        check_hourly(c, db, e, day)


def make_old_rows(db, log):
    """The cache as the old rule wrote it: format 1, the ticket left at
    a desk timed to the close (B1 at desk 1, A3 at desk 3); schema 4."""
    old = {DAY1: ("B", 1, log.t(DAY1, "day_closed") -
                  log.t(DAY1, "called", "B1")),
           DAY2: ("A", 3, log.t(DAY2, "day_closed") -
                  log.t(DAY2, "called", "A3"))}
    with contextlib.closing(sqlite3.connect(db)) as con:
        for day, (svc, desk, ms) in old.items():
            blob = con.execute("SELECT samples FROM report_days WHERE "
                               "day = ?", (day,)).fetchone()[0]
            blob += (bytes([ord(svc), 0]) + desk.to_bytes(2, "little") +
                     ms.to_bytes(8, "little", signed=True))
            con.execute("UPDATE report_days SET format = 1, samples = ? "
                        "WHERE day = ?", (blob, day))
        con.execute("PRAGMA user_version = 4")
        con.commit()
    return old


def cache_rows(db):
    with contextlib.closing(sqlite3.connect(
            f"file:{db}?mode=ro", uri=True)) as con:
        return {r[0]: (r[1], len(r[2])) for r in con.execute(
            "SELECT day, format, samples FROM report_days")}


def run(c, tmp):
    os.environ["TZ"] = "UTC"
    time.tzset()
    hall = Hall(tmp)
    central = Central(tmp, hall.b, desks={1: "A B", 2: "B A C", 3: "A"},
                      services={"A": "KTP & KK", "B": "BPJS",
                                "C": "Perizinan"},
                      sources={"A": "kiosk", "B": "kiosk"},
                      clock=f"@{DAY1} 14:59:00")
    CONF[:] = ["-f", central.conf_path]
    try:
        hall.online(central.start)
        play(hall, central, DAY1, DAY1_SCRIPT)
        # The evening: the central is switched off with B1 at desk 1.
        central.set_clock(f"@{DAY1} 18:00:00")
        time.sleep(0.5)
        central.kill()
        ev = events(central.db_path)
        c.check(not any(r[3] == "day_closed" for r in ev),
                "killed in the evening: the day is left open")

        # The next morning: the start closes it.
        central.set_clock(f"@{DAY2} 07:40:00")
        hall.online(central.start)
        ev = events(central.db_path)
        close = [r for r in ev if r[2] == DAY1 and r[3] in
                 ("served", "unserved", "day_closed") and
                 r[1] >= ev[-1][1] - 5000]
        c.check([(r[3], f"{r[4]}{r[5]}" if r[4] else None, r[6],
                  r[7] or "") for r in close] ==
                [("served", "B1", 1, ""), ("unserved", "A4", None, ""),
                 ("day_closed", None, None, "")] and
                time.strftime("%H:%M", time.gmtime(close[0][1] / 1000)) ==
                "07:40",
                "the start at 07:40 closes the day: B1 served at desk 1 "
                "without a command id, A4 unserved", repr(close))

        play(hall, central, DAY2, DAY2_SCRIPT)
        # Through the night to the day's turn: closed live at 04:00.
        central.set_clock("@2027-03-03 03:59:57")
        wait_for(lambda: any(r[2] == DAY2 and r[3] == "day_closed"
                             for r in events(central.db_path)), 30,
                 "the day to close at 04:00")
        ev = events(central.db_path)
        close = [r for r in ev if r[2] == DAY2 and r[3] in
                 ("served", "unserved", "day_closed") and
                 r[1] >= ev[-1][1] - 5000]
        c.check([(r[3], f"{r[4]}{r[5]}" if r[4] else None, r[6])
                 for r in close] ==
                [("served", "A3", 3), ("unserved", "B2", None),
                 ("day_closed", None, None)] and
                time.strftime("%H:%M", time.gmtime(close[0][1] / 1000)) ==
                "04:00", "the day's turn closes it live: A3 served at "
                "desk 3, B2 unserved", repr(close))
    finally:
        c.stopped(central, "central")

    db = central.db_path
    log = Log(events(db))
    e = expected(log)
    check_minutes(c, e)
    rows = cache_rows(db)
    c.check(rows == {DAY1: (3, 4 * SAMPLE_LEN), DAY2: (3, 3 * SAMPLE_LEN)},
            "each close wrote its day's row: format 3, no service time "
            "for B1 or A3", repr(rows))
    figures(c, db, e, "from the cache")
    same_cached(c, db, "as the central wrote them")
    out = report(db, "verify")
    c.check("report cache of 2 day(s) matches" in out, "verify", out)

    # The rows of the old rule: not used, then written again.
    old = make_old_rows(db, log)
    c.check(all(ms > 11 * 3600 * 1000 for _, _, ms in old.values()),
            "the old rule timed the tickets left at desks to the close "
            "(hours)", repr(old))
    figures(c, db, e, "with format 1 rows")
    same_cached(c, db, "with format 1 rows")
    central.set_clock("@2027-03-03 08:00:00")
    try:
        hall.online(central.start)
        log_text = central.log()
        c.check("schema migrated from version 4 to " in log_text and
                "report cache: 2 closed day(s) added" in log_text,
                "the next start migrates the log and writes both rows "
                "again", log_text[-1500:])
    finally:
        c.stopped(central, "central (migrated)")
        hall.close()
    rows = cache_rows(db)
    c.check(rows == {DAY1: (3, 4 * SAMPLE_LEN), DAY2: (3, 3 * SAMPLE_LEN)},
            "the rows written again by the new rule", repr(rows))
    figures(c, db, e, "after the migration")
    same_cached(c, db, "after the migration")
    out = report(db, "verify")
    c.check("report cache of 2 day(s) matches" in out,
            "verify after the migration", out)


if __name__ == "__main__":
    sys.exit(run_test("day_end", run, logs=("central",)))
