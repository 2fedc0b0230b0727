"""Priority tickets and the kiosks' printer status, through the real
broker and central: kiosk takes with and without "priority", the calling
order that priority_every = 2 gives, the flag in the answers, the desk
states, the board and the log; a desk's own take_priority; a kiosk's
printer status (paper out, cover open, its will) on the board's warning
strip, cleared when the printer is well again.
"""

import json
import os
import socket
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                     # noqa: E402
from antre_procs import Central, wait_central_online, wait_for  # noqa: E402
from checks import run_test                         # noqa: E402


class Hall:
    """A broker, two desks' and two kiosks' sides of the protocol, a
    screen's view of the board."""

    def __init__(self, tmp, prefix):
        self.b = Broker(tmp, prefix, desks=[1, 2], kiosks=[1, 2],
                        screens=[1]).start()
        self.kiosk = self.b.client("kiosk-1")
        self.ticket = self.b.topic("kiosk/1/ticket")
        self.kiosk.subscribe_wait(self.ticket)
        self.desk = self.b.client("desk-1", client_id="t-prio-d1")
        self.desk.subscribe_wait(self.b.topic("desk/+/state"))
        self.desk2 = self.b.client("desk-2", client_id="t-prio-d2")
        self.desk2.subscribe_wait(self.b.topic("desk/+/state"))
        self.screen = self.b.client("screen-1", client_id="t-prio-s")
        self.screen.subscribe_wait(self.b.topic("central/online"))
        self.screen.subscribe_wait(self.b.topic("board"))

    def online(self, start):
        seen = len(self.screen.received(self.b.topic("central/online")))
        start()
        wait_central_online(self.screen, self.b, seen)

    def press(self, desk, cid, op="next", **extra):
        client = self.desk if desk == 1 else self.desk2
        state = self.b.topic(f"desk/{desk}/state")
        client.publish_wait(self.b.topic(f"desk/{desk}/cmd"), json.dumps(
            dict({"v": 1, "op": op, "id": cid}, **extra)))
        return wait_for(lambda: next(
            (json.loads(m.payload) for m in reversed(client.received(state))
             if json.loads(m.payload)["last_id"] == cid), None), 10,
            f"answer to {cid}")

    def take(self, cid, service="A", priority=False):
        msg = {"v": 1, "id": cid, "service": service}
        if priority:
            msg["priority"] = True
        self.kiosk.publish_wait(self.b.topic("kiosk/1/take"),
                                json.dumps(msg))
        return wait_for(lambda: next(
            (json.loads(m.payload) for m in self.kiosk.received(self.ticket)
             if json.loads(m.payload)["id"] == cid), None), 10,
            f"ticket for {cid}")

    def board(self):
        msgs = self.screen.received(self.b.topic("board"))
        return json.loads(msgs[-1].payload) if msgs else None

    def wait_board(self, pred, what):
        return wait_for(lambda: (b := self.board()) is not None and pred(b)
                        and b, 10, what)

    def close(self):
        self.b.close()


def label(t):
    """"A4*" for a priority ticket, "A1" for another, "-" for none."""
    if t is None:
        return "-"
    return f"{t['service']}{t['number']}" + ("*" if t.get("priority")
                                              else "")


def log_rows(db_path, sql):
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def priority_order(c, hall, central):
    answers = [hall.take(f"k-{i}", priority=(p == "p"))
               for i, p in enumerate("nnnpppp", 1)]
    c.check([label(a["ticket"]) for a in answers] ==
            ["A1", "A2", "A3", "A4*", "A5*", "A6*", "A7*"] and
            all(a.get("priority", False) == (a["ticket"]["number"] >= 4)
                for a in answers),
            "kiosk takes: priority ones answered with \"priority\": true",
            repr(answers))
    # A4 is the first priority ticket: no one ahead of it. A5 waits for
    # A4 and the two normal calls priority_every = 2 puts after it.
    c.check(answers[3]["waiting"] == 0 and answers[4]["waiting"] == 3 and
            answers[2]["waiting"] == 2,
            "people ahead follow the calling order",
            repr([a["waiting"] for a in answers]))

    calls = []
    for i in range(8):
        st = hall.press(1, f"d1-{i}")
        calls.append(label(st["ticket"]))
        if i == 0:
            b = hall.wait_board(lambda b: b["calls"] and
                                b["calls"][0]["ticket"]["number"] == 4,
                                "A4 on the board")
            c.check(b["desks"][0]["ticket"].get("priority") is True and
                    b["calls"][0]["ticket"].get("priority") is True,
                    "the board's card and call carry the priority flag",
                    repr(b["desks"][0]) + repr(b["calls"][0]))
    c.check(calls == ["A4*", "A1", "A2", "A5*", "A3", "A6*", "A7*", "-"],
            "priority_every = 2: a priority call, then two normal ones, "
            "while both wait", repr(calls))

    prio = log_rows(central.db_path, "SELECT kind, number, priority FROM "
                    "events WHERE service = 'A' ORDER BY seq")
    wrong = [r for r in prio if bool(r[2]) != (r[1] >= 4)]
    c.check(len(prio) >= 21 and not wrong,
            "the log marks every event of a priority ticket, and only "
            "those", repr(wrong or prio[:5]))


def desk_priority(c, hall, central):
    st = hall.press(2, "d2-1", op="take_priority")
    c.check(st["result"] == "ok" and label(st["ticket"]) == "A8*" and
            st["status"] == "serving",
            "a desk's take_priority issues A8 as priority and calls it "
            "there", repr(st))
    ev = log_rows(central.db_path, "SELECT kind, desk, kiosk, priority, "
                  "cmd_id FROM events WHERE service = 'A' AND number = 8 "
                  "ORDER BY seq")
    c.check(ev == [("issued", None, None, 1, "d2-1"),
                   ("called", 2, None, 1, "d2-1")],
            "logged as issued (by no kiosk) and called at desk 2", repr(ev))
    st = hall.press(2, "d2-2", op="take_priority", service="B")
    c.check(st["result"] == "refused" and "does not serve B" in
            st["reason"], "a service the desk does not serve is refused",
            repr(st))


def status(hall, kiosk, printer, online=True, pending=0):
    client = hall.b.client(f"kiosk-{kiosk}", client_id=f"t-prio-k{kiosk}")
    client.publish_wait(hall.b.topic(f"kiosk/{kiosk}/status"), json.dumps(
        {"v": 1, "online": online, "printer": printer, "pending": pending}),
        retain=True)
    client.close()


def printer_status(c, hall, central):
    status(hall, 2, "paper_out", pending=1)
    b = hall.wait_board(lambda b: "Kertas tiket habis (kios 2)" in
                        b["fault"], "the paper warning")
    c.check(True, "paper out at kiosk 2: \"Kertas tiket habis (kios 2)\" "
            "on the warning strip")
    status(hall, 1, "cover_open")
    b = hall.wait_board(lambda b: "Tutup printer kios 1 terbuka" in
                        b["fault"], "both warnings")
    c.check(b["fault"].index("kios 1") < b["fault"].index("kios 2"),
            "two kiosks' problems side by side, lowest number first",
            b["fault"])
    status(hall, 2, "ok")
    status(hall, 1, "ok")
    hall.wait_board(lambda b: b["fault"] == "", "the warnings cleared")
    c.check(True, "printers ok again: the warnings go")

    # A kiosk that loses power: the broker publishes its will.
    will = json.dumps({"v": 1, "online": False, "printer": "offline"})
    k = hall.b.client("kiosk-2", client_id="t-prio-k2w",
                      will=(hall.b.topic("kiosk/2/status"), will, 1, True))
    k.socket().shutdown(socket.SHUT_RDWR)
    k.wait_disconnect()
    k.close()
    hall.wait_board(lambda b: "Kios 2 tidak aktif" in b["fault"],
                    "the kiosk's will on the board")
    c.check(True, "a kiosk's will: \"Kios 2 tidak aktif\"")
    # The central restarted: the retained status is read again.
    central.stop()
    hall.online(central.start)
    hall.wait_board(lambda b: "Kios 2 tidak aktif" in b["fault"],
                    "the warning after a restart")
    c.check(True, "the warning comes back from the retained status after "
            "the central's restart")
    # The kiosk taken out of the hall: its retained status cleared.
    k = hall.b.client("kiosk-2", client_id="t-prio-k2c")
    k.publish_wait(hall.b.topic("kiosk/2/status"), b"", retain=True)
    k.close()
    hall.wait_board(lambda b: b["fault"] == "", "the cleared status")
    c.check(True, "a cleared status takes the warning away")
    status(hall, 1, "jammed")
    wait_for(lambda: "bad kiosk status dropped" in central.log(), 10,
             "the bad status logged")
    c.check('unknown printer status "jammed"' in central.log(),
            "an unknown printer status is logged and dropped")


def run(c, tmp):
    hall = Hall(tmp, "antre/prio")
    central = Central(tmp, hall.b, desks={1: "A", 2: "A"},
                      services={"A": "KTP & KK", "B": "BPJS"},
                      sources={"A": "kiosk", "B": "kiosk"})
    # priority_every for A: the [service A] section is the central's.
    with open(central.conf_path) as f:
        conf = f.read()
    central.write_conf(conf.replace("[service A]\n", "[service A]\n"
                                    "priority_every = 2\n"))
    try:
        hall.online(central.start)
        priority_order(c, hall, central)
        desk_priority(c, hall, central)
        printer_status(c, hall, central)
    finally:
        c.stopped(central, "central")
        hall.close()


def main():
    return run_test("test_priority", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
