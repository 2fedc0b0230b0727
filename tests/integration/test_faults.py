"""Storage faults at the central: a database locked by another writer and
a full disk. The command in the failing transaction is refused (the desk
hears "refused", the board shows a warning), nothing of it is written, the
central keeps running, and it recovers by itself when the fault goes.
"""

import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                     # noqa: E402
from antre_procs import Central, wait_central_online, wait_for  # noqa: E402
from checks import run_test                         # noqa: E402


class Desk1:
    """Desk 1's side of the protocol, with its own credentials."""

    def __init__(self, broker):
        self.b = broker
        self.c = broker.client("desk-1", client_id="t-faults-desk1")
        self.topic = broker.topic("desk/1/state")
        self.c.subscribe_wait(self.topic)

    def press(self, cid, op="next"):
        self.c.publish_wait(self.b.topic("desk/1/cmd"),
                            json.dumps({"v": 1, "op": op, "id": cid}))
        return wait_for(lambda: next((json.loads(m.payload) for m in
                                      reversed(self.c.received(self.topic))
                                      if json.loads(m.payload)["last_id"]
                                      == cid), None), 10, f"answer to {cid}")


def boards(screen, broker, seen):
    return [json.loads(m.payload) for m in
            screen.received(broker.topic("board"))[seen:]]


def board_fault(screen, broker, seen):
    return [b["fault"] for b in boards(screen, broker, seen)]


def newest(board):
    """The board's newest call, as "A2", or None."""
    calls = board.get("calls") or []
    t = calls[0].get("ticket") if calls else None
    return f"{t['service']}{t['number']}" if t else None


def called(db_path):
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return [r[0] for r in db.execute(
            "SELECT service || number FROM events WHERE kind = 'called' "
            "ORDER BY seq")]
    finally:
        db.close()


def run(c, tmp):
    broker = Broker(tmp, "antre/faults", desks=[1], screens=[1]).start()
    central = Central(tmp, broker, desks={1: "A"},
                      extra="[store]\nmax_size_mb = 1\n")
    try:
        central.start()
        screen = broker.client("screen-1", client_id="t-faults-screen")
        screen.subscribe_wait(broker.topic("central/online"))
        wait_for(lambda: screen.received(broker.topic("central/online")),
                 10, "the central")
        screen.subscribe_wait(broker.topic("board"))
        desk = Desk1(broker)
        c.check(desk.press("f-1")["result"] == "ok", "a press works")

        # Another writer holds the database.
        locker = sqlite3.connect(central.db_path, timeout=0.1,
                                 isolation_level=None)
        locker.execute("BEGIN IMMEDIATE")
        seen = len(screen.received(broker.topic("board")))
        st = desk.press("f-2")
        c.check(st["result"] == "refused" and "storage" in st["reason"],
                "locked database: the press is refused", repr(st))
        faults = wait_for(lambda: [f for f in board_fault(screen, broker,
                                                          seen) if f], 5,
                          "the board's warning")
        c.check("Penyimpanan bermasalah" in faults[-1],
                "the board shows a storage warning", repr(faults[-1]))
        locker.execute("ROLLBACK")
        locker.close()
        st = desk.press("f-3")
        c.check(st["result"] == "ok" and st["ticket"]["number"] == 2,
                "lock gone: the next press calls A2 (the refused one "
                "used no number)", repr(st))
        shown = wait_for(lambda: next((b for b in boards(screen, broker,
                                                         seen)
                                       if newest(b) == "A2"), None), 5,
                         "a board with A2")
        c.check(shown["fault"] == "", "the warning clears with the good "
                "write: the board that shows A2 has none",
                repr(shown["fault"]))
        c.check(central.alive(), "the central kept running")

        # A full disk: the file is capped at 1 MB and almost filled by
        # another table; dropping that table makes room again.
        central.stop()
        db = sqlite3.connect(central.db_path, isolation_level=None)
        size = db.execute("PRAGMA page_count").fetchone()[0] * 4096
        db.execute("CREATE TABLE filler (b BLOB)")
        db.execute("INSERT INTO filler VALUES (zeroblob(?))",
                   (1024 * 1024 - size - 4096,))
        db.close()
        seen = len(screen.received(broker.topic("central/online")))
        central.start()
        wait_central_online(screen, broker, seen)
        refused = 0
        for i in range(300):
            st = desk.press(f"g-{i}")
            if st["result"] == "refused":
                refused += 1
                break
        c.check(refused == 1 and "full" in central.log(),
                "full disk: a press is refused and the log says why",
                f"refused={refused}")
        before = called(central.db_path)
        db = sqlite3.connect(central.db_path, timeout=5,
                             isolation_level=None)
        db.execute("DROP TABLE filler")
        db.close()
        st = desk.press("h-1")
        after = called(central.db_path)
        c.check(st["result"] == "ok" and len(after) == len(before) + 1,
                "room again: the next press is applied once",
                f"{st} {len(before)} -> {len(after)}")
        nums = [int(x[1:]) for x in after]
        c.check(nums == list(range(1, len(nums) + 1)),
                "no number skipped or doubled across the faults",
                repr(nums[-5:]))
    finally:
        c.stopped(central, "central")
        broker.close()


def main():
    return run_test("test_faults", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
