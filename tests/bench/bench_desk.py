"""bench_desk - antre-desk's figures on a desk Pi's budget.

    BENCH desk_press_to_ack_p50_ms / _p99_ms   fake button edge to the
        acknowledging state, through the real broker and central
        (includes the 30 ms debounce: a release counts once stable)
    BENCH desk_idle_wakeups_per_s   context switches of the idle desk over 62 s
        (two keepalives of 30 s, the shipped default): goal < 0.1/s
    BENCH desk_rss_kb               resident memory: goal < 4 MB
"""

import os
import shutil
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "integration"))

from antre_broker import Broker                              # noqa: E402
from antre_procs import Central, Desk, wait_for              # noqa: E402
from presses import pct, press_latencies, proc_status        # noqa: E402

PRESSES = int(os.environ.get("ANTRE_BENCH_PRESSES", "200"))
# Two keepalive periods, so the pings are in the window.
IDLE_S = float(os.environ.get("ANTRE_BENCH_IDLE_S", "62"))


def switches(pid):
    st = proc_status(pid)
    return (int(st["voluntary_ctxt_switches"]) +
            int(st["nonvoluntary_ctxt_switches"]))


def main():
    tmp = tempfile.mkdtemp(prefix="antre-bench-desk-")
    broker = Broker(tmp, "antre/bdesk", desks=[1], screens=[1]).start()
    central = Central(tmp, broker, desks={1: "A"})
    desk = Desk(tmp, broker, 1, extra_gpio="[desk]\nguard_ms = 0\n"
                "[mqtt]\nkeepalive = 30\n")
    try:
        central.start(debug=False)
        desk.start(debug=False)
        obs = broker.client("desk-1", client_id="bench-desk-obs")
        topic = broker.topic("desk/1/state")
        obs.subscribe_wait(topic)
        wait_for(lambda: "central online" in desk.log(), 10, "the desk")
        buttons = desk.buttons()
        lat = press_latencies(buttons, obs, topic, PRESSES)
        print(f"BENCH desk_press_to_ack_p50_ms {pct(lat, 50):.2f} ms")
        print(f"BENCH desk_press_to_ack_p99_ms {pct(lat, 99):.2f} ms")

        time.sleep(1)
        pid = desk.proc.pid
        s0, t0 = switches(pid), time.monotonic()
        time.sleep(IDLE_S)
        s1, t1 = switches(pid), time.monotonic()
        print(f"BENCH desk_idle_wakeups_per_s {(s1 - s0) / (t1 - t0):.3f} "
              f"wakeups/s")
        print(f"BENCH desk_rss_kb {proc_status(pid)['VmRSS']} kB")
    finally:
        desk.stop()
        central.stop()
        broker.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
