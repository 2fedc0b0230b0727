"""Which connection is the desk. A second client logged in as desk 1
(another client id) publishes a retained {"online":false} on desk 1's
presence topic and then commands; the central knows desk 1 by the boot id
of its presence and ignores the impostor's presence, refuses its
commands, and says on the board and in the log that a second connection
appeared. The real desk stays online and its next press is applied. A
clean offline of the real desk still shows it offline.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                     # noqa: E402
from antre_procs import Central, wait_for           # noqa: E402
from checks import run_test                         # noqa: E402

BOOT = "d1b00t"


def board(screen, broker):
    msgs = screen.received(broker.topic("board"))
    return json.loads(msgs[-1].payload) if msgs else None


def desk_status(b, desk):
    return next((d["status"] for d in b["desks"] if d["id"] == desk), None)


def press(cl, broker, cid, op="next"):
    topic = broker.topic("desk/1/state")
    cl.publish_wait(broker.topic("desk/1/cmd"),
                    json.dumps({"v": 1, "op": op, "id": cid}))
    return wait_for(lambda: next((json.loads(m.payload) for m in
                                  reversed(cl.received(topic))
                                  if json.loads(m.payload)["last_id"]
                                  == cid), None), 10, f"answer to {cid}")


def run(c, tmp):
    broker = Broker(tmp, "antre/presence", desks=[1, 2],
                    screens=[1]).start()
    central = Central(tmp, broker, desks={1: "A", 2: "A"},
                      limits="desk_guard_ms = 0\n")
    try:
        central.start()
        screen = broker.client("screen-1", client_id="t-presence-screen")
        screen.subscribe_wait(broker.topic("central/online"))
        wait_for(lambda: screen.received(broker.topic("central/online")),
                 10, "the central")
        screen.subscribe_wait(broker.topic("board"))
        online = broker.topic("desk/1/online")
        desk = broker.client(
            "desk-1", client_id="t-presence-desk1",
            will=(online, json.dumps({"v": 1, "online": False,
                                      "boot": BOOT}), 1, True))
        desk.subscribe_wait(broker.topic("desk/1/state"))
        desk.publish_wait(online, json.dumps({"v": 1, "online": True,
                                              "boot": BOOT}), retain=True)
        wait_for(lambda: desk_status(board(screen, broker), 1) == "idle",
                 10, "desk 1 online on the board")
        st = press(desk, broker, f"{BOOT}-1")
        c.check(st["result"] == "ok", "the desk's press is applied",
                repr(st))

        # The impostor: same user, another client id.
        evil = broker.client("desk-1", client_id="t-presence-evil")
        evil.subscribe_wait(broker.topic("desk/1/state"))
        evil.publish_wait(online, json.dumps({"v": 1, "online": False,
                                              "boot": "e7e7"}),
                          retain=True)
        evil.publish_wait(online, b'{"v":1,"online":false,"boot":""}',
                          retain=True)
        st = press(evil, broker, "e7e7-1", op="pause")
        c.check(st["result"] == "refused" and
                "not the connected desk" in st["reason"],
                "a command from another boot is refused and says why",
                repr(st))
        b = wait_for(lambda: (lambda b: b if b and "Koneksi ganda" in
                              b["fault"] else None)(board(screen, broker)),
                     5, "the board's note")
        c.check(desk_status(b, 1) == "serving",
                "the board still shows desk 1 at work, not offline or "
                "paused", repr(b["desks"]))
        c.check("Koneksi ganda di loket 1" in b["fault"],
                "the board says a second connection appeared",
                repr(b["fault"]))
        c.check("desk 1:" in central.log() and
                "second connection" in central.log(),
                "the log says a second connection appeared")
        evil.close()
        st = press(desk, broker, f"{BOOT}-2")
        c.check(st["result"] == "ok" and st["status"] == "serving",
                "after the impostor left, the officer's next press is "
                "applied", repr(st))
        c.check(desk_status(board(screen, broker), 1) == "serving",
                "desk 1 is still shown at work")

        # The real desk says goodbye: offline on the board.
        desk.publish_wait(online, json.dumps({"v": 1, "online": False,
                                              "boot": BOOT}), retain=True)
        wait_for(lambda: desk_status(board(screen, broker), 1) ==
                 "offline", 10, "desk 1 offline on the board")
        c.check(True, "the desk's own offline shows it offline")
        # A rebooted desk (a new boot id) is the desk again.
        desk.publish_wait(online, json.dumps({"v": 1, "online": True,
                                              "boot": "n3wb00t"}),
                          retain=True)
        st = press(desk, broker, "n3wb00t-1")
        c.check(st["result"] == "ok", "a rebooted desk's press is applied",
                repr(st))
        c.check(central.alive(), "the central kept running")
    finally:
        c.stopped(central, "central")
        broker.close()


def main():
    return run_test("test_presence", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
