"""presses - what the press benchmarks share: tap a desk's fake button and
time it until the desk's state names a new command id; read a process's
/proc status."""

import json
import time

from antre_procs import wait_for


def pct(xs, p):
    """The p-th percentile (nearest rank) of xs."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def proc_status(pid):
    """/proc/PID/status as a dict of each field's first word."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.split()[0] if v.split() else ""
    return out


def press_latencies(buttons, obs, topic, n):
    """Taps "next" n times, one after the other. obs is a client
    subscribed to the desk's state topic; the retained state it received
    first is the starting point, so it never counts as an answer. Returns
    the latencies in ms."""
    last = json.loads(wait_for(lambda: obs.received(topic), 10,
                               "the retained state")[-1].payload)["last_id"]
    lat = []
    for _ in range(n):
        seen = len(obs.received(topic))
        t0 = time.monotonic()
        buttons.tap("next")

        def acked():
            for m in obs.received(topic)[seen:]:
                st = json.loads(m.payload)
                if st["last_id"] != last:
                    return st
            return None
        last = wait_for(acked, 10, "an acknowledgement")["last_id"]
        lat.append((time.monotonic() - t0) * 1000)
    return lat
