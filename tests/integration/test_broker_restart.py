"""The broker restarted and killed under a running hall: the central and two
real antre-desk processes reconnect by themselves, presses work again, and
no press is applied twice or late.

Rounds of presses on the desks' fake GPIO buttons, each waited for until
the desk logs its outcome:

1. with everything up;
2. after the broker was restarted (SIGTERM, same port);
3. while the broker is down after a SIGKILL: the desk refuses the press
   itself ("central not reachable");
4. after the broker was started again (it comes back with the retained
   messages of its last save, which are stale).

After every acknowledged press the central's log holds exactly one more
call for that desk and the desk's retained state shows it. At the end the
log holds exactly the acknowledged presses: a press refused during the
outage never arrives later.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                          # noqa: E402
from antre_procs import Central, Desk, wait_for          # noqa: E402
from checks import run_test                              # noqa: E402

DESKS = (1, 2)
PRESSES = 3		# per desk and round


class Hall:
    def __init__(self, c, tmp):
        self.c = c
        # The programs' configurations name the broker's port.
        self.broker = Broker(tmp, "antre/brk", desks=list(DESKS),
                             screens=[1]).start()
        self.central = Central(tmp, self.broker,
                               desks={d: "A" for d in DESKS})
        # Presses follow each other faster than an officer's: no guard.
        self.desks = {d: Desk(tmp, self.broker, d,
                              extra_gpio="[desk]\nguard_ms = 0\n")
                      for d in DESKS}
        self.buttons = {}
        self.acked = {d: [] for d in DESKS}	# ids, in press order
        self.other = {d: [] for d in DESKS}	# (outcome, id) not acked

    def start(self):
        self.central.start()
        for d in self.desks.values():
            d.start()
        self.buttons = {d: self.desks[d].buttons() for d in DESKS}
        return self.wait_up(since_ms=0, marks={d: 0 for d in DESKS},
                            central_mark=0)

    # --- observation -----------------------------------------------------

    def db_calls(self, desk=None):
        db = sqlite3.connect(f"file:{self.central.db_path}?mode=ro",
                             uri=True)
        try:
            q = "SELECT service, number, desk FROM events WHERE " \
                "kind = 'called'"
            rows = db.execute(q + " ORDER BY seq").fetchall()
        finally:
            db.close()
        return [r for r in rows if desk is None or r[2] == desk]

    def state(self, d, since_ms=0):
        """Desk d's retained state as a desk connecting now gets it,
        once one written at or after since_ms (central clock) is there."""
        b = self.broker
        o = b.client(f"desk-{d}", client_id=f"t-brk-obs-{d}")
        try:
            o.subscribe_wait(b.topic(f"desk/{d}/state"))
            ms = wait_for(lambda: [m for m in o.received(
                b.topic(f"desk/{d}/state")) if json.loads(m.payload)
                ["time_ms"] >= since_ms], 10,
                f"desk {d}'s state since {since_ms}")
            return json.loads(ms[-1].payload)
        finally:
            o.close()

    def board(self, since_ms, want=lambda brd: True):
        """The newest board published since since_ms for which want()
        holds, waiting for it (the desks' presence may reach the central
        after its first board), or the newest one at the time out."""
        b = self.broker
        o = b.client("screen-1", client_id="t-brk-screen")

        def boards():
            return [json.loads(m.payload) for m in
                    o.received(b.topic("board"))
                    if json.loads(m.payload)["time_ms"] >= since_ms]
        try:
            o.subscribe_wait(b.topic("board"))
            wait_for(boards, 10, "the board")
            try:
                wait_for(lambda: want(boards()[-1]), 10, "the board")
            except Exception:
                pass
            return boards()[-1]
        finally:
            o.close()

    def wait_up(self, since_ms, marks, central_mark):
        """Waits until the central and every desk are connected again
        after the log offsets given, and the central has republished
        every desk's state since since_ms (so it is subscribed); returns
        those states."""
        def central_back():
            return "mqtt: connected" in self.central.log()[central_mark:]
        wait_for(central_back, 20, "the central to reconnect")
        for d in DESKS:
            def desk_back(d=d):
                new = self.desks[d].log()[marks[d]:]
                i = new.find("mqtt: connected")
                return i >= 0 and "central online" in new[i:]
            wait_for(desk_back, 20, f"desk {d} to reconnect and see the "
                     "central")
        return {d: self.state(d, since_ms) for d in DESKS}

    def marks(self):
        return {d: len(self.desks[d].log()) for d in DESKS}

    # --- presses ---------------------------------------------------------

    def press(self, d):
        """Taps desk d's next button; returns (outcome, id) with outcome
        "ack", "refused" (the desk did not send: central not reachable)
        or "failed" (sent, not acknowledged)."""
        mark = len(self.desks[d].log())
        self.buttons[d].tap("next")

        def outcome():
            new = self.desks[d].log()[mark:]
            if "press refused: central not reachable" in new:
                return ("refused", None)
            m = re.search(r"sent next (\S+)", new)
            if not m:
                return None
            cid = m.group(1)
            if f"{cid} acknowledged" in new:
                return ("ack", cid)
            if re.search(re.escape(cid) + r" (not acknowledged|lost with|"
                         r"refused)", new):
                return ("failed", cid)
            return None
        # The desk gives up after its ack_timeout_ms (5 s).
        out = wait_for(outcome, 10, f"desk {d}'s press to end")
        if out[0] == "ack":
            self.acked[d].append(out[1])
        else:
            self.other[d].append(out)
        return out

    def round(self, label):
        """PRESSES presses per desk, interleaved; each acknowledged one
        must add exactly one call of its desk to the log, and the desk's
        retained state must show that call."""
        c = self.c
        bad = []
        for _ in range(PRESSES):
            for d in DESKS:
                before = len(self.db_calls(d))
                out = self.press(d)
                calls = self.db_calls(d)
                if out[0] != "ack":
                    bad.append((d, out))
                    continue
                if len(calls) != before + 1:
                    bad.append((d, out[1], "calls", before, len(calls)))
                    continue
                st = self.state(d)
                t = st.get("ticket") or {}
                if (st["last_id"] != out[1] or (t.get("service"),
                                                t.get("number"), d)
                        != calls[-1]):
                    bad.append((d, out[1], "state", st, calls[-1]))
        c.check(not bad, f"{label}: every press acknowledged, one call "
                "each, shown in the desk's retained state", repr(bad[:3]))


def run(c, tmp):
    h = Hall(c, tmp)
    b = h.broker
    try:
        states = h.start()
        c.check(h.central.alive() and all(x.alive() for x in
                                          h.desks.values()) and
                all(st["status"] == "idle" and st["last_id"] == ""
                    for st in states.values()),
                "central and desks connected: each desk's state, "
                "published by the central, is idle with no command yet",
                repr(states))
        h.round("all up")

        # 2. The broker restarted cleanly on the same port.
        marks, cmark = h.marks(), len(h.central.log())
        since = int(time.time() * 1000)
        b.restart()
        h.wait_up(since, marks, cmark)
        lost = [d for d in DESKS if "connection to" not in
                h.desks[d].log()[marks[d]:]]
        c.check(not lost and "lost" in h.central.log()[cmark:],
                "the broker's restart was noticed by every box", repr(lost))
        def present(brd):
            return all(x["status"] != "offline" for x in brd["desks"])
        brd = h.board(since, present)
        c.check(present(brd),
                "after the restart the board shows both desks present",
                repr(brd["desks"]))
        h.round("after a broker restart")

        # 3. The broker killed: presses are refused by the desks.
        calls_before = len(h.db_calls())
        marks, cmark = h.marks(), len(h.central.log())
        b.kill()
        for d in DESKS:
            wait_for(lambda d=d: "connection to" in
                     h.desks[d].log()[marks[d]:], 10,
                     f"desk {d} to notice the broker is gone")
        wait_for(lambda: "connection to" in h.central.log()[cmark:], 10,
                 "the central to notice the broker is gone")
        down = [h.press(d) for d in DESKS for _ in range(2)]
        c.check(all(o[0] == "refused" for o in down),
                "presses while the broker is down are refused by the desk",
                repr(down))
        time.sleep(1.5)		# the desks retry meanwhile
        since = int(time.time() * 1000)
        b.start()
        h.wait_up(since, marks, cmark)
        c.check(len(h.db_calls()) == calls_before,
                "no press made during the outage was applied after it",
                f"{calls_before} calls before, {len(h.db_calls())} after")
        brd = h.board(since, present)
        c.check(present(brd),
                "after the broker came back the board shows both desks "
                "present", repr(brd["desks"]))
        for d in DESKS:
            st = h.state(d, since)
            t = st.get("ticket") or {}
            last = h.db_calls(d)[-1]
            c.check(st["last_id"] == h.acked[d][-1] and
                    (t.get("service"), t.get("number"), d) == last,
                    f"desk {d}'s retained state is current again, not "
                    "the broker's stale copy", f"{st} vs {last}")
        h.round("after the broker was killed and started again")
        c.check(h.central.alive() and all(x.alive() for x in
                                          h.desks.values()),
                "the central and the desks kept running throughout")
    finally:
        for d, x in h.desks.items():
            c.stopped(x, f"desk {d}")
        c.stopped(h.central, "central")
        for btn in h.buttons.values():
            btn.close()
        b.close()

    db = sqlite3.connect(f"file:{h.central.db_path}?mode=ro", uri=True)
    ids = sorted((box, cid) for box, cid in
                 db.execute("SELECT box, id FROM commands"))
    want = sorted((f"desk {d}", cid) for d in DESKS for cid in h.acked[d])
    c.check(ids == want, f"the log holds exactly the {len(want)} "
            "acknowledged presses", f"{len(ids)} commands, e.g. "
            f"{sorted(set(ids) ^ set(want))[:4]}")
    calls = db.execute("SELECT number FROM events WHERE kind = 'called' "
                       "ORDER BY seq").fetchall()
    c.check([r[0] for r in calls] == list(range(1, len(want) + 1)),
            f"{len(want)} calls, numbers 1..{len(want)} once each, "
            "in order", repr(calls[-5:]))
    db.close()
    tool = os.environ.get("ANTRE_STORE_TOOL")
    if not c.check(tool, "$ANTRE_STORE_TOOL names store-tool"):
        return
    r = subprocess.run([tool, "verify", h.central.db_path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    c.check(r.returncode == 0, "the log's hash chain is intact",
            r.stdout.strip())


def main():
    return run_test("test_broker_restart", run,
                    logs=("central", "desk1", "desk2"))


if __name__ == "__main__":
    sys.exit(main())
