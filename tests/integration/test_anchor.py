"""The log's anchor: at each day's close the central keeps the head of its
hash chain outside the log (a file beside it, the retained P/central/head)
and antre-report prints it on the day's summary and PDF. The head then
proves what the chain alone cannot: a log cut back after it, or rewritten
with a recomputed chain, no longer holds it. `antre-report verify --head`
says so, and the central, at its next start, warns in its log and on the
board.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_procs import binary, wait_for              # noqa: E402
from checks import run_test                           # noqa: E402
from test_clock import ClockedCentral, Hall, rows     # noqa: E402

FAULT_HEAD = "Log antrean tidak utuh"


def short(h):
    x = h.hex()
    return "-".join(x[i:i + 4] for i in range(0, 16, 4))


def report(db, *args):
    return subprocess.run([binary("antre-report"), "-D", db, *args],
                          capture_output=True, text=True, timeout=60)


def rechain(db_path):
    """What someone with the file and the source does: edit a row and
    recompute every hash after it, so that plain verify passes."""
    db = sqlite3.connect(db_path, isolation_level=None)
    try:
        db.execute("UPDATE events SET number = 77 WHERE seq = 2")
        # The cache derived from the events would tell: drop it too.
        db.execute("DELETE FROM report_days")
        prev = bytes(32)
        for r in db.execute(
                "SELECT seq, time_ms, day, kind, service, number, desk, "
                "kiosk, target, cmd_id FROM events ORDER BY seq").fetchall():
            seq, t, day, kind, svc, num, desk, kiosk, target, cmd = r
            text = (f"{seq}|{t}|{day}|{kind}|{svc or '-'}|{num or 0}|"
                    f"{desk or 0}|{kiosk or 0}|{target or '-'}|{cmd or ''}")
            prev = hashlib.sha256(prev + text.encode()).digest()
            db.execute("UPDATE events SET hash = ? WHERE seq = ?",
                       (prev, seq))
    finally:
        db.close()


def run(c, tmp):
    hall = Hall(tmp, "antre/anchor")
    hall.screen.subscribe_wait(hall.b.topic("central/head"))
    central = ClockedCentral(tmp, hall.b, desks={1: "A"}, clock="-2d")
    head_file = central.db_path + ".head"
    try:
        hall.online(central.start)
        hall.press("a-1")
        hall.press("a-2")
        central.stop()
        day = rows(central.db_path)[-1][2]
        c.check(not os.path.exists(head_file), "no head before a close")

        # Two days later the start closes the day: its head is kept.
        central.set_clock("+0")
        hall.online(central.start)
        seq, h = rows(central.db_path, "SELECT seq, hash FROM events "
                      "WHERE kind = 'day_closed'")[0]
        head = short(h)
        msg = wait_for(lambda: hall.screen.received(
            hall.b.topic("central/head")), 10, "the retained head")
        pub = json.loads(msg[-1].payload)
        c.check(pub["head"] == head and pub["seq"] == seq and
                pub["day"] == day and pub["hash"] == h.hex(),
                "the close's head is published on central/head",
                repr(pub))
        with open(head_file) as f:
            text = f.read()
        c.check(h.hex() in text and f"seq {seq}" in text,
                "and written beside the log", text)
        hall.press("a-3")

        out = report(central.db_path, "summary", "--from", day, "--to", day)
        c.check(out.returncode == 0 and f"log head: {head} (row {seq}, "
                f"service day {day}, closed)" in out.stdout,
                "the day's summary ends with its head", out.stdout)
        pdf = os.path.join(tmp, "day.pdf")
        out = report(central.db_path, "pdf", pdf, "--from", day, "--to",
                     day)
        txt = subprocess.run(["pdftotext", "-layout", pdf, "-"],
                             capture_output=True, text=True).stdout
        c.check(out.returncode == 0 and f"Kepala log: {head} (baris "
                f"{seq}, hari {day}, ditutup)" in txt,
                "the day's PDF prints its head", txt[-600:])
        out = report(central.db_path, "verify", "--head", head.upper())
        c.check(out.returncode == 0 and f"is row {seq}, service day {day}"
                in out.stdout, "verify --head finds the row",
                out.stdout + out.stderr)
        out = report(central.db_path, "verify", "--head", "12-34")
        c.check(out.returncode == 2 and "--head takes" in out.stderr,
                "a head too short is a usage error", out.stderr)
        central.stop()

        # A recomputed chain: plain verify is fooled, the head is not.
        copy = os.path.join(tmp, "rewritten.db")
        shutil.copy(central.db_path, copy)
        rechain(copy)
        plain = report(copy, "verify", "--no-cache")
        out = report(copy, "verify", "--head", head)
        c.check(plain.stdout.startswith("OK") and out.returncode == 1 and
                "truncated or rewritten" in out.stdout,
                "a rewritten chain passes verify but not verify --head",
                plain.stdout + out.stdout)

        # The tail cut back to before the close: the chain still holds.
        db = sqlite3.connect(central.db_path, isolation_level=None)
        db.execute("DELETE FROM events WHERE seq >= ?", (seq,))
        db.execute("DELETE FROM report_days")
        db.close()
        plain = report(central.db_path, "verify")
        out = report(central.db_path, "verify", "--head", head)
        c.check(plain.returncode == 0 and out.returncode == 1 and
                "truncated or rewritten" in out.stdout,
                "a truncated log passes verify but not verify --head",
                plain.stdout + out.stdout)

        hall.online(central.start)
        hall.wait_fault(lambda f: f == FAULT_HEAD, "the board's warning")
        c.check("does not hold row" in central.log(),
                "the central's start finds the head missing: its log and "
                "the board say so")
        c.check("the row is gone" in central.log(),
                "the log names the row as gone")
        central.stop()
        with open(head_file) as f:
            c.check(h.hex() in f.read(),
                    "the head file is kept until someone looks into it")

        # Another database in its place: the row is there, its hash not.
        for ext in ("-wal", "-shm"):
            if os.path.exists(central.db_path + ext):
                os.unlink(central.db_path + ext)
        shutil.copy(copy, central.db_path)
        hall.online(central.start)
        hall.wait_fault(lambda f: f == FAULT_HEAD, "the board's warning")
        c.check("the row differs" in central.log(),
                "a database swapped for a rewritten one: the start finds "
                "the head's row changed")
    finally:
        c.stopped(central, "central")
        hall.close()


def main():
    return run_test("test_anchor", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
