"""Quotas and cut-off through the real broker and central: a service's
daily quota reached, the next take is refused with code "quota" and an
Indonesian reason (the same answer when the kiosk asks again), the board
shows the service's state, a desk's own priority ticket still goes
through; a service's last_take passed on the central's clock (moved by
$ANTRE_CLOCK_OFFSET_FILE), the board says so by itself and takes are
refused with code "closed"; the next service day takes again.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_procs import wait_for                     # noqa: E402
from checks import run_test                         # noqa: E402
from test_clock import ClockedCentral, Hall         # noqa: E402

DAY = "2026-12-03"


def take(hall, cid, service):
    hall.kiosk.publish_wait(hall.b.topic("kiosk/1/take"), json.dumps(
        {"v": 1, "id": cid, "service": service}))
    return wait_for(lambda: next(
        (json.loads(m.payload) for m in
         reversed(hall.kiosk.received(hall.ticket))
         if json.loads(m.payload)["id"] == cid), None), 10,
        f"ticket for {cid}")


def state_of(board, service):
    w = next(w for w in board["waiting"] if w["service"] == service)
    return w.get("state", "open")


def wait_state(hall, service, state, what):
    return wait_for(lambda: (b := hall.board()) is not None and
                    state_of(b, service) == state and b, 15, what)


def quota(c, hall, central):
    got = [take(hall, f"q-{i}", "A") for i in range(1, 4)]
    c.check([t["ticket"]["number"] for t in got] == [1, 2, 3] and
            all(t["result"] == "ok" and "code" not in t for t in got),
            "three takes of A within its quota of 3", repr(got))
    wait_state(hall, "A", "quota", "A's quota on the board")
    c.check(True, "the board shows A's quota reached (\"state\":\"quota\")")
    t = take(hall, "q-4", "A")
    c.check(t["result"] == "refused" and t["code"] == "quota" and
            t["ticket"] is None and
            t["reason"] == "Kuota layanan A hari ini (3) sudah habis",
            "the fourth is refused: code quota, the reason in Indonesian",
            repr(t))
    n = len(hall.kiosk.received(hall.ticket))
    hall.kiosk.publish_wait(hall.b.topic("kiosk/1/take"), json.dumps(
        {"v": 1, "id": "q-4", "service": "A"}))
    wait_for(lambda: len(hall.kiosk.received(hall.ticket)) > n, 10,
             "the answer again")
    again = json.loads(hall.kiosk.received(hall.ticket)[-1].payload)
    c.check(again == t, "asked again, the same answer with its code",
            repr(again))
    st = hall.press("p-1", op="take_priority")
    c.check(st["result"] == "ok" and st["ticket"] == {
            "service": "A", "number": 4, "priority": True},
            "a desk's own priority ticket is not held by the quota",
            repr(st))
    t = take(hall, "r-1", "C")
    c.check(t["result"] == "refused" and t["code"] == "roll",
            "a roll's service: code roll", repr(t))


def cutoff(c, hall, central):
    t = take(hall, "b-1", "B")
    c.check(t["result"] == "ok" and state_of(hall.board(), "B") == "open",
            "B takes at 14:29", repr(t))
    central.set_clock(f"@{DAY} 14:30:02")
    wait_state(hall, "B", "closed", "B closed on the board")
    c.check(True, "at 14:30 the board shows B closed by itself "
            "(\"state\":\"closed\")")
    t = take(hall, "b-2", "B")
    c.check(t["result"] == "refused" and t["code"] == "closed" and
            t["reason"] == "Pendaftaran layanan B ditutup pukul 14.30",
            "a take of B after 14:30 is refused: code closed", repr(t))
    b = hall.board()
    c.check(state_of(b, "A") == "quota" and
            next(w for w in b["waiting"] if w["service"] == "B")["count"]
            == 1, "B1 still waits to be called; A still at its quota",
            repr(b["waiting"]))


def next_day(c, hall, central):
    central.stop()
    central.set_clock("@2026-12-04 07:00:00")
    hall.online(central.start)
    a, b = take(hall, "n-1", "A"), take(hall, "n-2", "B")
    c.check(a["result"] == "ok" and a["ticket"]["number"] == 1 and
            a["day"] == "2026-12-04" and b["result"] == "ok",
            "the next service day: the quota counts again, B takes again",
            repr(a) + repr(b))
    wait_state(hall, "A", "open", "A open again")


def run(c, tmp):
    hall = Hall(tmp, "antre/quota")
    central = ClockedCentral(tmp, hall.b, desks={1: "A B"},
                             services={"A": "KTP & KK", "B": "BPJS",
                                       "C": "Perizinan"},
                             sources={"A": "kiosk", "B": "kiosk"},
                             clock=f"@{DAY} 14:29:00")
    with open(central.conf_path) as f:
        conf = f.read()
    central.write_conf(conf.replace(
        "[service A]\n", "[service A]\nquota = 3\n").replace(
        "[service B]\n", "[service B]\nlast_take = 14:30\n"))
    try:
        hall.online(central.start)
        quota(c, hall, central)
        cutoff(c, hall, central)
        next_day(c, hall, central)
    finally:
        c.stopped(central, "central")
        hall.close()


def main():
    return run_test("test_quota", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
