"""bench_slice - press-to-acknowledgement latency of the whole slice.

A desk's fake button is tapped, and the time until its retained state
carries the new command id is measured from the test client's side: fake
GPIO -> antre-desk -> mosquitto -> antre-display (SQLite commit with
synchronous=FULL) -> mosquitto -> observer. Prints
    BENCH slice_press_to_ack_p50_ms <v> ms
    BENCH slice_press_to_ack_p99_ms <v> ms
    BENCH slice_presses_per_s <v> presses/s   (one desk, one at a time)
"""

import os
import shutil
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "integration"))

from antre_broker import Broker             # noqa: E402
from antre_procs import Central, Desk, wait_for  # noqa: E402
from presses import pct, press_latencies         # noqa: E402

PRESSES = int(os.environ.get("ANTRE_BENCH_PRESSES", "300"))


def main():
    tmp = tempfile.mkdtemp(prefix="antre-bench-")
    broker = Broker(tmp, "antre/bench", desks=[1], screens=[1]).start()
    central = Central(tmp, broker, desks={1: "A"})
    desk = Desk(tmp, broker, 1, extra_gpio="[desk]\nguard_ms = 0\n")
    try:
        central.start(debug=False)
        desk.start(debug=False)
        obs = broker.client("desk-1", client_id="bench-obs")
        topic = broker.topic("desk/1/state")
        obs.subscribe_wait(topic)
        screen = broker.client("screen-1", client_id="bench-screen")
        screen.subscribe_wait(broker.topic("central/online"))
        wait_for(lambda: screen.received(broker.topic("central/online")),
                 10, "the central")
        buttons = desk.buttons()
        time.sleep(0.5)
        t_start = time.monotonic()
        lat = press_latencies(buttons, obs, topic, PRESSES)
        elapsed = time.monotonic() - t_start
        print(f"BENCH slice_press_to_ack_p50_ms {pct(lat, 50):.2f} ms")
        print(f"BENCH slice_press_to_ack_p99_ms {pct(lat, 99):.2f} ms")
        print(f"BENCH slice_presses_per_s {PRESSES / elapsed:.1f} presses/s")
    finally:
        desk.stop()
        central.stop()
        broker.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
