"""Security with the central running: the shipped ACL keeps one desk from
acting for another and keeps screens from commanding; malformed payloads
are dropped without harm.

Each refused attempt is followed by an allowed control press, so "nothing
happened" is observed after something that did happen.
"""

import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker, ConnectRefused           # noqa: E402
from antre_procs import Central, wait_central_online, wait_for  # noqa: E402
from checks import run_test                                 # noqa: E402


# mosquitto answers a refused MQTT 3.1.1 login with CONNACK 5.
NOT_AUTHORISED = 5


def cmd(op, cid):
    return json.dumps({"v": 1, "op": op, "id": cid})


def run(c, tmp):
    broker = Broker(tmp, "antre/sec", desks=[1, 2], screens=[1]).start()
    central = Central(tmp, broker, desks={1: "A", 2: "A"})
    try:
        central.start()
        screen = broker.client("screen-1", client_id="t-screen")
        screen.subscribe_wait(broker.topic("central/online"))
        wait_for(lambda: screen.received(broker.topic("central/online")),
                 10, "the central")

        def connack(user, **kw):
            """The CONNACK code of a connection attempt (0: accepted)."""
            try:
                broker.client(user, **kw)
                return 0
            except ConnectRefused as e:
                return e.rc
        rc = connack(None, client_id="t-anon")
        c.check(rc == NOT_AUTHORISED, "anonymous client refused (CONNACK "
                "5, not authorised)", f"CONNACK {rc}")
        rc = connack("central", password="wrong", client_id="t-bad")
        c.check(rc == NOT_AUTHORISED, "central user with a wrong password "
                "refused (CONNACK 5, not authorised)", f"CONNACK {rc}")

        d1 = broker.client("desk-1", client_id="t-desk1")
        d1.subscribe_wait(broker.topic("desk/1/state"))
        d2obs = broker.client("desk-2", client_id="t-desk2")
        d2obs.subscribe_wait(broker.topic("desk/2/state"))

        def acked(client, topic, cid):
            return wait_for(lambda: [m for m in client.received(topic)
                                     if json.loads(m.payload).get("last_id")
                                     == cid], 10, f"ack of {cid}")

        # desk-1 forging a press for desk 2, then its own press.
        d1.publish_wait(broker.topic("desk/2/cmd"), cmd("next", "forged-1"))
        d1.publish_wait(broker.topic("desk/1/cmd"), cmd("next", "own-1"))
        acked(d1, broker.topic("desk/1/state"), "own-1")
        # A screen trying to press for desk 1, then desk 1 again.
        sc = broker.client("screen-1", client_id="t-screen-pub")
        sc.publish_wait(broker.topic("desk/1/cmd"), cmd("next", "screen-1"))
        # Malformed payloads from a legitimate desk.
        for bad in (b"", b"{", b"null", b"\xff\xfe", b'{"v":1,"op":"next"}',
                    b'{"v":99,"op":"next","id":"x"}', b"[" * 5000,
                    json.dumps({"v": 1, "op": "next", "id": "y" * 500})
                    .encode()):
            d1.publish_wait(broker.topic("desk/1/cmd"), bad)
        d1.publish_wait(broker.topic("desk/1/cmd"), cmd("next", "own-2"))
        acked(d1, broker.topic("desk/1/state"), "own-2")
        c.check(central.alive(), "the central survives malformed payloads")
        c.check(not d2obs.received(broker.topic("desk/2/state")) or all(
            json.loads(m.payload).get("last_id") == "" for m in
            d2obs.received(broker.topic("desk/2/state"))),
            "desk 2's state never names a forged command")
        # A command published retained is applied once, live; the broker
        # hands it to the restarted central again, which must ignore it.
        d1.publish_wait(broker.topic("desk/1/cmd"),
                        cmd("next", "retained-1"), retain=True)
        acked(d1, broker.topic("desk/1/state"), "retained-1")
        central.stop()
        seen = len(screen.received(broker.topic("central/online")))
        central.start()
        wait_central_online(screen, broker, seen)
        d1.publish_wait(broker.topic("desk/1/cmd"), cmd("next", "own-3"))
        acked(d1, broker.topic("desk/1/state"), "own-3")
        d1.publish_wait(broker.topic("desk/1/cmd"), b"", retain=True)
    finally:
        c.stopped(central, "central")
        broker.close()

    db = sqlite3.connect(f"file:{central.db_path}?mode=ro", uri=True)
    ids = [r[0] for r in db.execute("SELECT id FROM commands ORDER BY id")]
    c.check(ids == ["own-1", "own-2", "own-3", "retained-1"],
            "only desk 1's own presses were applied, each once", repr(ids))
    calls = db.execute("SELECT desk, number FROM events WHERE kind = "
                       "'called' ORDER BY seq").fetchall()
    c.check(calls == [(1, 1), (1, 2), (1, 3), (1, 4)],
            "desk 2 never called a number; numbering went on after the "
            "restart", repr(calls))
    log = central.log()
    c.check("bad command dropped" in log, "malformed commands are logged "
            "as dropped")
    c.check("retained command ignored" in log, "the restarted central "
            "ignored the retained command")


def main():
    return run_test("test_security", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
