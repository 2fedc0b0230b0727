"""The wait estimate in the central's answer to a kiosk, through the real
broker and the real central, and its accuracy from the real antre-report.

* A new hall's first take has nothing to go by: no "wait_min".
* Once a desk has called (it is open) and nobody is ahead: [0, 10].
* One call is no pace (no estimate with someone ahead); after calls
  seconds apart the queue moves fast: a range of multiples of 5 that
  starts at 0.
* A take asked again, before and after a restart of the central, gets
  the same estimate; the log keeps it with the take (commands.wait_lo,
  wait_hi).
* antre-report estimate counts the tickets issued with an estimate and
  the called ones among them.
"""

import json
import os
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                     # noqa: E402
from antre_procs import Central, wait_central_online, wait_for  # noqa: E402
from checks import run_test                         # noqa: E402


def run(c, tmp):
    broker = Broker(tmp, "antre/est", desks=[1, 2], kiosks=[1],
                    screens=[1]).start()
    central = Central(tmp, broker, desks={1: "A", 2: "A"},
                      services={"A": "KTP & KK"}, sources={"A": "kiosk"})
    try:
        obs = broker.client("screen-1", client_id="t-est-obs")
        obs.subscribe_wait(broker.topic("central/online"))
        obs.subscribe_wait(broker.topic("call"))
        central.start()
        wait_central_online(obs, broker)
        kiosk = broker.client("kiosk-1", client_id="t-est-kiosk")
        kiosk.subscribe_wait(broker.topic("kiosk/1/ticket"))
        desk = broker.client("desk-1", client_id="t-est-desk")

        def take(cid):
            n = len(kiosk.received(broker.topic("kiosk/1/ticket")))
            kiosk.publish_wait(broker.topic("kiosk/1/take"), json.dumps(
                {"v": 1, "id": cid, "service": "A"}))
            m = wait_for(lambda: (lambda ms: ms[n:] or None)(
                kiosk.received(broker.topic("kiosk/1/ticket"))), 10,
                f"the answer to {cid}")
            return json.loads(m[0].payload)

        def call(cid):
            n = len(obs.received(broker.topic("call")))
            desk.publish_wait(broker.topic("desk/1/cmd"), json.dumps(
                {"v": 1, "op": "next", "id": cid}))
            wait_for(lambda: obs.received(broker.topic("call"))[n:], 10,
                     f"the call of {cid}")

        first = take("k-0")
        c.check(first["result"] == "ok" and "wait_min" not in first,
                "a new hall's first ticket: no estimate", repr(first))
        call("d-0")
        soon = take("k-1")
        c.check(soon.get("wait_min") == [0, 10] and soon["waiting"] == 0,
                "a desk open, nobody ahead, no pace yet: [0, 10]",
                repr(soon))
        # A busy minute: tickets taken and called seconds apart.
        answers = []
        for i in range(2, 12):
            answers.append(take(f"k-{i}"))
            if i % 2 == 0:
                call(f"d-{i}")
        ranges = [a.get("wait_min") for a in answers]
        # k-2 has one ahead and a single call measured: no pace.
        c.check(ranges[0] is None and
                all(r is not None and r[0] == 0 and r[1] % 5 == 0 and
                    0 < r[1] <= 15 for r in ranges[1:]),
                "one call is no pace: no estimate; from the second call "
                "on, calls seconds apart: every range starts at 0 and ends "
                "at 5, 10 or 15 minutes", repr(ranges))
        again = take("k-1")
        c.check(again == soon, "k-1 asked again: the same answer, its "
                "estimate too", repr((again, soon)))
        db = sqlite3.connect(f"file:{central.db_path}?mode=ro", uri=True)
        rows = dict(((r[0], (r[1], r[2])) for r in db.execute(
            "SELECT id, wait_lo, wait_hi FROM commands WHERE op = 'take'")))
        db.close()
        c.check(rows.get("k-0") == (None, None) and
                rows.get("k-1") == (0, 10) and
                all(rows.get(a["id"]) == tuple(a.get("wait_min",
                                                      (None, None)))
                    for a in answers),
                "the log keeps each take's estimate as it was given",
                repr(rows))
        central.stop()
        seen = len(obs.received(broker.topic("central/online")))
        central.start()
        wait_central_online(obs, broker, seen)
        for a in (soon, answers[5]):
            back = take(a["id"])
            c.check(back == a, f"{a['id']} asked again after a restart: "
                    "the same estimate", repr((back, a)))
        time.sleep(0.2)
        out = subprocess.run(
            [os.environ["ANTRE_REPORT"], "-D", central.db_path, "estimate",
             "--from", first["day"], "--to", first["day"], "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        c.check(out.returncode == 0, "antre-report estimate runs",
                out.stdout)
        if out.returncode == 0:
            total = json.loads(out.stdout)["rows"][-1]
            # k-1 (A2) .. k-11 (A12), k-2 (A3) without; d-2 .. d-10
            # called A2 .. A6: all but A3 with an estimate.
            c.check(total["service"] == "total" and
                    total["estimated"] == 10 and total["called"] == 4 and
                    total["inside"] == 4,
                    "the report: 10 tickets with an estimate, the 4 called "
                    "all within their range", repr(total))
        c.check(central.alive(), "the central kept running")
    finally:
        c.stopped(central, "central")
        broker.close()


def main():
    return run_test("test_estimate", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
