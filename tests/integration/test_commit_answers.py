"""Every answer follows its commit, and the day's log read back at start
is either whole or said to be not.

* A take repeated in the same transaction (group commit) is answered
  from the row of that transaction: when the transaction then fails (the
  log is full), the repeat must not be told "ok" for the rolled-back
  ticket. Kiosk 1 sends pairs of the same take in bursts while the log
  fills; every "ok" it holds must be a ticket issued in the log.
* An event of today that does not fit the state is skipped at start:
  the log and the board say so.
"""

import json
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                     # noqa: E402
from antre_procs import Central, wait_central_online, wait_for  # noqa: E402
from checks import run_test                         # noqa: E402


def fill(db_path, leave_pages):
    db = sqlite3.connect(db_path, isolation_level=None)
    size = db.execute("PRAGMA page_count").fetchone()[0] * 4096
    db.execute("CREATE TABLE filler (b BLOB)")
    db.execute("INSERT INTO filler VALUES (zeroblob(?))",
               (1024 * 1024 - size - leave_pages * 4096,))
    db.close()


def part_repeated_take(c, broker, central, screen):
    central.stop()
    fill(central.db_path, 6)
    seen = len(screen.received(broker.topic("central/online")))
    central.start()
    wait_central_online(screen, broker, seen)
    k = broker.client("kiosk-1", client_id="t-commit-k1")
    topic = broker.topic("kiosk/1/ticket")
    k.subscribe_wait(topic)
    sent = 0
    storage = False
    for burst in range(60):
        infos = []
        for i in range(15):
            body = json.dumps({"v": 1, "id": f"t{burst}-{i}",
                               "service": "B"})
            infos += [k.publish(broker.topic("kiosk/1/take"), body, qos=1),
                      k.publish(broker.topic("kiosk/1/take"), body, qos=1)]
            sent += 1
        for info in infos:
            info.wait_for_publish(5)
        wait_for(lambda: {json.loads(m.payload)["id"] for m in
                          k.received(topic)} >=
                 {f"t{burst}-{i}" for i in range(15)}, 10,
                 f"the answers of burst {burst}")
        storage = any(json.loads(m.payload)["reason"] == "storage error"
                      for m in k.received(topic))
        if storage:
            break
    c.check(storage, f"the log filled up after {sent} takes")
    time.sleep(0.5)
    answers = [json.loads(m.payload) for m in k.received(topic)]
    db = sqlite3.connect(f"file:{central.db_path}?mode=ro", uri=True)
    issued = {r[0]: r[1] for r in db.execute(
        "SELECT cmd_id, number FROM events WHERE kind = 'issued'")}
    db.close()
    bad = [a for a in answers if a["result"] == "ok" and
           issued.get(a["id"]) != a["ticket"]["number"]]
    c.check(not bad, f"every one of the {sum(a['result'] == 'ok' for a in answers)} "
            "ok answers names a ticket that is in the log",
            repr(bad[:3]))
    # Room again: the next ticket is not one a kiosk already holds.
    db = sqlite3.connect(central.db_path, timeout=5, isolation_level=None)
    db.execute("DROP TABLE filler")
    db.close()
    k.publish_wait(broker.topic("kiosk/1/take"),
                   json.dumps({"v": 1, "id": "after", "service": "B"}))
    a = json.loads(wait_for(lambda: [m for m in k.received(topic) if
                                     json.loads(m.payload)["id"] ==
                                     "after"], 10, "a ticket")[0].payload)
    held = {x["ticket"]["number"] for x in answers if x["result"] == "ok"}
    c.check(a["result"] == "ok" and a["ticket"]["number"] not in held,
            "room again: the next ticket is a new number",
            f"{a} (held {sorted(held)[-5:]})")


def part_replay(c, broker, central, screen):
    central.stop()
    db = sqlite3.connect(central.db_path, isolation_level=None)
    day, seq = db.execute("SELECT day, max(seq) FROM events").fetchone()
    db.execute("INSERT INTO events (seq, time_ms, day, kind, service, "
               "number, desk, hash) VALUES (?, 0, ?, 'served', 'A', 999, 2, "
               "x'00')", (seq + 1, day))
    db.close()
    seen = len(screen.received(broker.topic("board")))
    central.start()
    b = wait_for(lambda: next((json.loads(m.payload) for m in
                               screen.received(broker.topic("board"))[seen:]
                               if "Log antrean" in
                               json.loads(m.payload)["fault"]), None),
                 10, "the board's warning")
    c.check("1 kejadian dilewati" in b["fault"],
            "the board says the log was not read back whole",
            repr(b["fault"]))
    c.check("1 event(s) do not fit the state and were skipped"
            in central.log(), "the log says how many events were skipped")


def run(c, tmp):
    broker = Broker(tmp, "antre/commit", desks=[1, 2], kiosks=[1],
                    screens=[1]).start()
    central = Central(tmp, broker, desks={1: "A", 2: "A B"},
                      services={"A": "KTP & KK", "B": "BPJS"},
                      sources={"B": "kiosk"},
                      extra="[store]\nmax_size_mb = 1\n")
    try:
        central.start()
        screen = broker.client("screen-1", client_id="t-commit-screen")
        screen.subscribe_wait(broker.topic("central/online"))
        wait_for(lambda: screen.received(broker.topic("central/online")),
                 10, "the central")
        screen.subscribe_wait(broker.topic("board"))
        part_repeated_take(c, broker, central, screen)
        part_replay(c, broker, central, screen)
        c.check(central.alive(), "the central kept running")
    finally:
        c.stopped(central, "central")
        broker.close()


def main():
    return run_test("test_commit_answers", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
