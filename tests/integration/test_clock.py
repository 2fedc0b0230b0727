"""Time without internet: the central's wall clock jumps forward and back
during a service day, starts before the program's build date, and runs
past day_start. The central's wall clock is moved by the seconds in the
file $ANTRE_CLOCK_OFFSET_FILE names, which the test replaces while it
runs (common/clock.c); the monotonic clock is left alone. (libfaketime
would do the same for the gcc build, but hangs a sanitizer build.)

What must hold: a jump never closes the day nor restarts the numbers; a
day closes once, when the clock runs past day_start or at the next start;
a clock set back never reopens a day and never makes time go back in the
log (no negative waits); the board warns while the clock is before the
build or behind the log.
"""

import json
import os
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                     # noqa: E402
from antre_procs import (Central, binary, wait_central_online,  # noqa: E402
                         wait_for)
from checks import run_test                         # noqa: E402

FAULT_CLOCK = "Jam tidak tepat"


class ClockedCentral(Central):
    """antre-display with its wall clock moved by the seconds in a file
    ($ANTRE_CLOCK_OFFSET_FILE, read again whenever it is replaced)."""

    def __init__(self, tmpdir, broker, desks, clock="+0", **kw):
        super().__init__(tmpdir, broker, desks, **kw)
        self.clock_path = os.path.join(self.dir, "clock-offset")
        self.set_clock(clock)

    def set_clock(self, spec):
        """"+2d", "-1d", "+0" (from the real clock) or
        "@YYYY-MM-DD HH:MM:SS" (local time, from which it runs on)."""
        if spec.startswith("@"):
            t = time.mktime(time.strptime(spec[1:], "%Y-%m-%d %H:%M:%S"))
            offset = round(t - time.time())
        else:
            days = spec.endswith("d")
            offset = int(spec.rstrip("d")) * (86400 if days else 1)
        tmp = self.clock_path + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{offset}\n")
        os.rename(tmp, self.clock_path)

    def start(self, debug=True):
        env = dict(os.environ, ANTRE_CLOCK_OFFSET_FILE=self.clock_path)
        args = [binary(self.name), "-f", self.conf_path]
        if debug:
            args.append("-d")
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=log, env=env)
        return self


class Hall:
    """A broker, one desk's side of the protocol, a screen's view."""

    def __init__(self, tmp, prefix):
        self.b = Broker(tmp, prefix, desks=[1], kiosks=[1],
                        screens=[1]).start()
        tag = prefix.replace("/", "-")	# client ids name broker users
        self.kiosk = self.b.client("kiosk-1", client_id=f"t-{tag}-k1")
        self.ticket = self.b.topic("kiosk/1/ticket")
        self.kiosk.subscribe_wait(self.ticket)
        self.desk = self.b.client("desk-1", client_id=f"t-{tag}-d1")
        self.state = self.b.topic("desk/1/state")
        self.desk.subscribe_wait(self.state)
        self.screen = self.b.client("screen-1", client_id=f"t-{tag}-s")
        self.screen.subscribe_wait(self.b.topic("central/online"))
        self.screen.subscribe_wait(self.b.topic("board"))

    def online(self, start):
        seen = len(self.screen.received(self.b.topic("central/online")))
        start()
        wait_central_online(self.screen, self.b, seen)

    def press(self, cid, op="next"):
        self.desk.publish_wait(self.b.topic("desk/1/cmd"),
                               json.dumps({"v": 1, "op": op, "id": cid}))
        return wait_for(lambda: next(
            (json.loads(m.payload) for m in
             reversed(self.desk.received(self.state))
             if json.loads(m.payload)["last_id"] == cid), None), 10,
            f"answer to {cid}")

    def take(self, cid):
        self.kiosk.publish_wait(self.b.topic("kiosk/1/take"),
                                json.dumps({"v": 1, "id": cid,
                                            "service": "A"}))
        return wait_for(lambda: next(
            (json.loads(m.payload) for m in self.kiosk.received(self.ticket)
             if json.loads(m.payload)["id"] == cid), None), 10,
            f"ticket for {cid}")

    def board(self):
        msgs = self.screen.received(self.b.topic("board"))
        return json.loads(msgs[-1].payload) if msgs else None

    def wait_fault(self, pred, what):
        return wait_for(lambda: (b := self.board()) is not None and
                        pred(b["fault"]) and b, 10, what)

    def close(self):
        self.b.close()


def rows(db_path, sql="SELECT seq, time_ms, day, kind, number FROM events "
         "ORDER BY seq"):
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def logged(proc, text, timeout=10):
    """Whether text is in proc's log within timeout s."""
    end = time.monotonic() + timeout
    while text not in proc.log():
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


def jumps(c, tmp):
    hall = Hall(tmp, "antre/clock")
    central = ClockedCentral(tmp, hall.b, desks={1: "A"},
                             sources={"A": "kiosk"})
    try:
        hall.online(central.start)
        hall.take("k-1")
        st = hall.press("c-1")
        c.check(st["result"] == "ok" and st["ticket"]["number"] == 1,
                "a press calls A1", repr(st))
        day0 = rows(central.db_path)[-1][2]
        hall.wait_fault(lambda f: f == "", "a board without warning")

        central.set_clock("+2d")
        t = hall.take("k-2")
        ev = rows(central.db_path)
        c.check(t["ticket"]["number"] == 2 and
                all(r[2] == day0 for r in ev) and
                not any(r[3] == "day_closed" for r in ev),
                "the clock set two days forward: the day goes on, A2 "
                "follows A1, nothing closed", repr(ev[-3:]))
        # Seen at the central's next look at the clock, which may come
        # after the take's answer.
        c.check(logged(central, "wall clock jumped +172"),
                "the jump is logged", central.log()[-600:])

        # A2 was issued two days ahead and is called a day behind that.
        central.set_clock("+1d")
        st = hall.press("c-2")
        t = hall.take("k-3")
        c.check(st["ticket"]["number"] == 2 and t["ticket"]["number"] == 3,
                "the clock set back: A2 is called, A3 issued, numbers do "
                "not restart", repr(st) + repr(t))
        b = hall.wait_fault(lambda f: FAULT_CLOCK in f,
                            "the clock warning on the board")
        c.check(b["day"] == day0, "the board stays on the day",
                b["day"])
        hall.press("c-3")
        ev = rows(central.db_path)
        times = [r[1] for r in ev]
        c.check(times == sorted(times) and all(r[2] == day0 for r in ev),
                "time never goes back in the log, one day throughout",
                repr(times))
        c.check(logged(central, "behind the log's last event"),
                "the wrong clock is logged")

        central.set_clock("+2d")
        hall.press("c-4")
        hall.wait_fault(lambda f: f == "", "the warning to clear")
        c.check(True, "the clock right again: the warning clears")

        # The next start is past the day's end: it closes once.
        central.stop()
        hall.online(central.start)
        st = hall.take("k-6")
        ev = rows(central.db_path)
        closed = [r for r in ev if r[3] == "day_closed"]
        c.check(len(closed) == 1 and closed[0][2] == day0 and
                st["ticket"]["number"] == 1 and ev[-1][2] > day0,
                "restarted two days on: the day closed once, numbering "
                "restarts on the new day", repr(closed) + repr(ev[-1]))
        day2 = ev[-1][2]

        # Started with the clock behind the log: no earlier day, no
        # second close, numbers go on; the board warns.
        central.stop()
        central.set_clock("+0")
        hall.online(central.start)
        st = hall.take("k-7")
        ev = rows(central.db_path)
        c.check(st["ticket"]["number"] == 2 and ev[-1][2] == day2 and
                sum(r[3] == "day_closed" for r in ev) == 1,
                "a start with the clock set back stays on the log's day, "
                "A2 follows", repr(ev[-2:]))
        hall.wait_fault(lambda f: FAULT_CLOCK in f,
                        "the clock warning after the start")
        c.check(True, "the board warns after a start with the clock behind")

        out = subprocess.run([binary("antre-report"), "-D", central.db_path,
                              "tickets", "--from", day0, "--to", day2,
                              "--csv"], capture_output=True, text=True)
        lines = [ln.split(",") for ln in out.stdout.splitlines()]
        col = lines[0].index("wait_s") if lines else -1
        waits = [float(ln[col]) for ln in lines[1:] if ln[col]]
        c.check(out.returncode == 0 and len(waits) >= 3 and
                min(waits) >= 0, "no negative wait in the report",
                repr(waits) + out.stderr)
    finally:
        c.stopped(central, "central")
        hall.close()


def run_past_day_start(c, tmp):
    """The clock runs past day_start: the day closes once by itself."""
    hall = Hall(tmp, "antre/dayend")
    central = ClockedCentral(tmp, hall.b, desks={1: "A"},
                             label="central-dayend",
                             clock="@2027-01-10 03:59:55")
    try:
        hall.online(central.start)
        st = hall.press("d-1")
        c.check(st["ticket"]["number"] == 1 and
                rows(central.db_path)[-1][2] == "2027-01-09",
                "before 04:00 the service day is the day before",
                repr(rows(central.db_path)))
        wait_for(lambda: any(r[3] == "day_closed"
                             for r in rows(central.db_path)), 20,
                 "the day to close at 04:00")
        c.check(True, "past 04:00 the day closes by itself")

        # Restarted with the clock an hour behind, on the closed day:
        # it is not reopened, the next day opens.
        central.stop()
        central.set_clock("@2027-01-10 03:00:00")
        hall.online(central.start)
        st = hall.press("d-2")
        ev = rows(central.db_path)
        c.check(sum(r[3] == "day_closed" for r in ev) == 1 and
                ev[-1][2] == "2027-01-10" and st["ticket"]["number"] == 1
                and ev[-1][1] >= ev[-2][1],
                "a start on the closed day's clock opens the next day: "
                "closed once, numbering restarts, time not going back",
                repr(ev))
        hall.wait_fault(lambda f: FAULT_CLOCK in f, "the clock warning")
    finally:
        c.stopped(central, "central")
        hall.close()


def before_build(c, tmp):
    hall = Hall(tmp, "antre/early")
    central = ClockedCentral(tmp, hall.b, desks={1: "A"},
                             label="central-early",
                             clock="@2020-01-01 10:00:00")
    try:
        hall.online(central.start)
        hall.wait_fault(lambda f: FAULT_CLOCK in f,
                        "the clock warning on the board")
        c.check(logged(central, "before this program was built"),
                "a clock before the build: the board warns, the log says "
                "why")
    finally:
        c.stopped(central, "central")
        hall.close()


def run(c, tmp):
    jumps(c, tmp)
    run_past_day_start(c, tmp)
    before_build(c, tmp)


def main():
    return run_test("test_clock", run,
                    logs=("central", "central-dayend", "central-early"))


if __name__ == "__main__":
    sys.exit(main())
