"""Client-id takeover: no credential can knock another box off the broker.

MQTT lets a new connection with a client id already in use replace the old
one. The programs' client ids are guessable ("antre-central-<hall>",
"antre-desk-<hall>-<desk>"), so without the broker binding client ids to
users, any box's password (a screen behind a public TV, a kiosk, a desk)
could disconnect the central over and over; its will says "offline" and
every desk refuses presses.

With the central and desk 2 running (the real programs), a client logged in
as desk 1 connects again and again with the central's and desk 2's client
ids (the ones the programs choose and their user names). Over the next
seconds the central's and desk 2's presence never turns offline, neither
program loses its connection, and desk 2's presses are still acknowledged.

One credential also holds at most one connection (the broker's connection
slots cannot all be taken with one password): a second connection of the
same user replaces the first.
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker, TestClient          # noqa: E402
from antre_procs import Central, Desk, wait_central_online, wait_for  # noqa
from checks import run_test                          # noqa: E402

PREFIX = "antre/take"
HALL = "take"
ROUNDS = 3		# connections per stolen id
HOLD = 0.25		# seconds each hostile connection is kept
WATCH = 3.0		# seconds watched after the attack


def offline(client, topic):
    return [m.payload for m in client.received(topic)
            if not json.loads(m.payload).get("online", True)]


def wait_until(predicate, timeout):
    """predicate() once true, else False after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        v = predicate()
        if v or time.monotonic() >= deadline:
            return v
        time.sleep(0.02)


def hostile(broker, user, client_id):
    """A client with user's password claiming client_id; it never
    reconnects, so whether the broker dropped it can be observed."""
    c = TestClient(user, client_id=client_id)
    c.open(broker.port, broker.password(user))
    return c


def run(c, tmp):
    broker = Broker(tmp, PREFIX, desks=[1, 2], screens=[1]).start()
    central = Central(tmp, broker, desks={1: "A", 2: "A"})
    desk = Desk(tmp, broker, 2)
    try:
        screen = broker.client("screen-1", client_id="t-take-screen")
        screen.subscribe_wait(broker.topic("central/online"))
        screen.subscribe_wait(broker.topic("desk/+/online"))
        central.start()
        wait_central_online(screen, broker)
        desk.start()
        buttons = desk.buttons()
        wait_for(lambda: "central online" in desk.log(), 10,
                 "desk 2 to see the central")
        buttons.tap("next")
        wait_for(lambda: desk.log().count("acknowledged") == 1, 10,
                 "the first press acknowledged")

        # desk 1's password, the central's and desk 2's client ids.
        stolen = [f"antre-central-{HALL}", "central", "antre-desk-hall-2",
                  "desk-2"]
        for _ in range(ROUNDS):
            for cid in stolen:
                h = hostile(broker, "desk-1", cid)
                time.sleep(HOLD)
                h.close()
        t_end = time.monotonic() + WATCH
        while time.monotonic() < t_end:
            buttons.led()
            time.sleep(0.05)

        c.check(not offline(screen, broker.topic("central/online")),
                f"desk 1's password with the central's client ids "
                f"({ROUNDS * len(stolen)} connections): the central's "
                "presence never turned offline",
                repr(offline(screen, broker.topic("central/online"))))
        c.check(not offline(screen, broker.topic("desk/2/online")),
                "desk 2's presence never turned offline",
                repr(offline(screen, broker.topic("desk/2/online"))))
        c.check(central.log().count("mqtt: connected") == 1 and
                "lost" not in central.log(),
                "the central kept its one connection",
                central.log()[-800:])
        c.check(desk.log().count("mqtt: connected") == 1 and
                "connection to" not in desk.log(),
                "desk 2 kept its one connection", desk.log()[-800:])
        c.check("central offline" not in desk.log(),
                "desk 2 never saw the central offline", desk.log()[-800:])
        # The watch above is longer than the desk's guard time after a
        # call, so each press is a real one.
        for n in (2, 3):
            buttons.tap("next")
            got = wait_until(lambda: desk.log().count("acknowledged") >= n
                             or "refused" in desk.log(), 10)
            c.check(got and "refused" not in desk.log(),
                    f"after the attack, desk 2's press {n} is acknowledged",
                    desk.log()[-800:])
            time.sleep(2.1)

        # One user, one connection: five connections with desk 1's
        # password and five client ids leave one open.
        many = [hostile(broker, "desk-1", f"t-take-slot-{i}")
                for i in range(5)]
        wait_until(lambda: sum(m.connected for m in many) <= 1, 3)
        alive = sum(m.connected for m in many)
        c.check(alive == 1 and many[-1].connected,
                "five connections with one password: only the last one "
                "stays (one connection slot per user)",
                f"{alive} connected")
        for m in many:
            m.close()
    finally:
        c.stopped(desk, "desk 2")
        c.stopped(central, "central")
        broker.close()


def main():
    return run_test("test_takeover", run, logs=("central", "desk2"))


if __name__ == "__main__":
    sys.exit(main())
