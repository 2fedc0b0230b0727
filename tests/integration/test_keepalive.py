"""Keepalive: a central that only answers (a PUBACK for a QoS 1 message it
receives, nothing of its own to publish) must still ping in time. The
acknowledgement moves libmosquitto's next ping; a client that does not
count it wakes a keepalive late, and the broker drops it.

The central runs with a 5 s keepalive. Two to four seconds after one of its pings (seen
in the broker's debug log) it gets one malformed command at QoS 1, which
it acknowledges and drops, and then nothing for three keepalives. Twice.
The broker must never time it out and its presence never turn offline.
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                              # noqa: E402
from antre_procs import Central, wait_central_online, wait_for  # noqa: E402
from checks import run_test                                    # noqa: E402

KEEPALIVE = 5
ROUNDS = 2


def broker_log(broker):
    with open(broker.log_path, errors="replace") as f:
        return f.read()


def pings(broker):
    # The broker names a client by its user (use_username_as_clientid).
    return broker_log(broker).count("Received PINGREQ from central\n")


def run(c, tmp):
    broker = Broker(tmp, "antre/ka", desks=[1], screens=[1],
                    debug_log=True).start()
    central = Central(tmp, broker, desks={1: "A"},
                      extra=f"[mqtt]\nkeepalive = {KEEPALIVE}\n")
    try:
        obs = broker.client("screen-1", client_id="t-ka-screen")
        obs.subscribe_wait(broker.topic("central/online"))
        central.start()
        wait_central_online(obs, broker)
        desk = broker.client("desk-1", client_id="t-ka-desk")
        for r in range(ROUNDS):
            n = pings(broker)
            wait_for(lambda: pings(broker) > n, 3 * KEEPALIVE,
                     "a ping from the central")
            # Late enough that the acknowledgement's own keepalive ends
            # after the central's next planned wake (whole seconds).
            time.sleep(2.5 + r)
            desk.publish_wait(broker.topic("desk/1/cmd"), "not json", qos=1)
            time.sleep(3 * KEEPALIVE)
        timeouts = [ln for ln in broker_log(broker).splitlines()
                    if "exceeded timeout" in ln]
        c.check(not timeouts, f"a malformed QoS 1 command just after a "
                f"ping, then idle, {ROUNDS} times: the broker never timed "
                f"the central out (keepalive {KEEPALIVE} s)",
                "\n".join(timeouts))
        offline = [m.payload for m in obs.received(
            broker.topic("central/online"))
            if not json.loads(m.payload).get("online", True)]
        c.check(not offline, "the central's presence never turned offline",
                repr(offline))
        c.check(central.log().count("mqtt: connected") == 1,
                "the central connected once (no reconnect)",
                central.log()[-600:])
    finally:
        c.stopped(central, "central")
        broker.close()


def main():
    return run_test("test_keepalive", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
