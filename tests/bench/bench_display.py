"""bench_display - the central's screen side while the hall is quiet.

The real broker and antre-display as a hall's central: 24 desks, a
1920x1080 board written as PNG frames, no running text, the clock in
minutes, the default highlight and antre-display's default MQTT
keepalive (60 s). The frames go to a directory in /dev/shm when there is
one: on a hall's HDMI screen (drm) a frame is a copy to video memory, not
a compressed file fsynced to an SD card, and the fsync's waits would count
as wakeups here.
Three real desks call a few numbers so the board has something on it,
then nobody touches anything for IDLE_S seconds (two clock minutes and
three or four keepalives).

    BENCH display_idle_wakeups_per_s   context switches of every thread of
        the central over the idle window, per second: goal < 0.05/s
    BENCH display_rss_mb               VmRSS after the idle window
    BENCH display_rss_peak_mb          VmHWM (the peak since start)

A wakeup is counted as bench_desk.py counts them: voluntary plus
involuntary context switches from /proc, summed over the threads (pango
may start some). The counters are sampled every SAMPLE_S, and each batch
of switches is listed with the wall clock's second, so the log shows which
come from the clock's minute and which from the keepalive's ping.
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
from presses import press_latencies                          # noqa: E402

NDESKS = 24
CALLING = (1, 2, 3)          # desks that call numbers at the start
PRESSES = 2                  # numbers each of them calls
KEEPALIVE_S = 60             # antre-display's default (display/config.c)
# Whole minutes: then the window holds as many clock frames as minutes,
# its long-run share, wherever it starts (125 s holds two or three).
IDLE_S = float(os.environ.get("ANTRE_BENCH_IDLE_S", "120"))
SAMPLE_S = 0.1
# The last call is highlighted for highlight_s (10 s by default); the
# frame that ends it belongs to the calls, not to the quiet hall.
SETTLE_S = 12.0


def proc_status(path):
    out = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.split()[0] if v.split() else ""
    return out


def thread_switches(pid):
    """{tid: (voluntary, involuntary) context switches} for every thread
    of pid."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            st = proc_status(f"/proc/{pid}/task/{tid}/status")
        except (FileNotFoundError, ProcessLookupError):
            continue
        out[tid] = (int(st["voluntary_ctxt_switches"]),
                    int(st["nonvoluntary_ctxt_switches"]))
    return out


def watch(pid, seconds):
    """Samples pid's threads for seconds; returns (total switches, elapsed
    s, [(wall time, switches, of which involuntary)] for each sample that
    saw some). A thread that appears counts from zero: starting it woke
    the process too."""
    prev = thread_switches(pid)
    events, total = [], 0
    t0 = time.monotonic()
    end = t0 + seconds
    while True:
        now = time.monotonic()
        if now >= end:
            break
        time.sleep(min(SAMPLE_S, end - now))
        cur = thread_switches(pid)
        vol = sum(v[0] - prev.get(tid, (0, 0))[0] for tid, v in cur.items())
        inv = sum(v[1] - prev.get(tid, (0, 0))[1] for tid, v in cur.items())
        prev = cur
        if vol + inv > 0:
            events.append((time.time(), vol + inv, inv))
            total += vol + inv
    return total, time.monotonic() - t0, events


def classify(events):
    """Splits the batches into the clock's minute frames and the rest
    (the keepalive's ping and its answer, or anything else)."""
    clock, other = [], []
    for e in events:
        # The frame is due 2 ms after the minute; writing and fsyncing
        # the PNG takes a while longer.
        (clock if e[0] % 60 < 1.5 else other).append(e)
    return clock, other


def main():
    tmp = tempfile.mkdtemp(prefix="antre-bench-display-")
    shm = tempfile.mkdtemp(prefix="antre-bench-frames-", dir="/dev/shm") \
        if os.path.isdir("/dev/shm") else None
    desks = list(range(1, NDESKS + 1))
    broker = Broker(tmp, "antre/bdisplay", desks=desks, screens=[1]).start()
    central = Central(
        tmp, broker,
        desks={d: "A" if d % 2 else "B A" for d in desks},
        services={"A": "KTP & KK", "B": "BPJS Kesehatan"},
        board="width = 1920\nheight = 1080\n" + (
            f"png_dir = {shm}\n" if shm else ""),
        extra=f"[mqtt]\nkeepalive = {KEEPALIVE_S}\n")
    callers = [Desk(tmp, broker, d, extra_gpio="[desk]\nguard_ms = 0\n"
                    f"[mqtt]\nkeepalive = {KEEPALIVE_S}\n") for d in CALLING]
    try:
        central.start(debug=False)
        for d in callers:
            d.start(debug=False)
        for d in callers:
            obs = broker.client(f"desk-{d.desk}",
                                client_id=f"bench-display-obs-{d.desk}")
            topic = broker.topic(f"desk/{d.desk}/state")
            obs.subscribe_wait(topic)
            wait_for(lambda: "central online" in d.log(), 10, "the desk")
            press_latencies(d.buttons(), obs, topic, PRESSES)
            obs.close()
        latest = (os.path.join(shm, "latest.png") if shm else
                  central.latest_png())
        wait_for(lambda: os.path.exists(latest), 10, "a board frame")
        time.sleep(SETTLE_S)

        # Not right at a minute: the window would cut a frame in two.
        while not 3 <= time.time() % 60 < 57:
            time.sleep(0.5)
        pid = central.proc.pid
        print(f"central pid {pid}: {len(os.listdir(f'/proc/{pid}/task'))} "
              f"thread(s); idle for {IDLE_S:.0f} s, keepalive "
              f"{KEEPALIVE_S} s", flush=True)
        total, elapsed, events = watch(pid, IDLE_S)
        st = proc_status(f"/proc/{pid}/status")
        if not central.alive():
            raise RuntimeError("antre-display died while idle:\n"
                               + central.log()[-2000:])

        t_first = events[0][0] if events else 0.0
        for wall, n, inv in events:
            print(f"  {time.strftime('%H:%M:%S', time.localtime(wall))}"
                  f".{int(wall * 10) % 10}  +{n} switches ({inv} "
                  f"involuntary)  (+{wall - t_first:.1f} s)")
        clock, other = classify(events)
        print(f"clock minutes: {len(clock)} batches, "
              f"{sum(e[1] for e in clock)} switches; "
              f"other (keepalive ping and answer, ...): {len(other)} "
              f"batches, {sum(e[1] for e in other)} switches; "
              f"{total} in {elapsed:.1f} s")
        print(f"BENCH display_idle_wakeups_per_s {total / elapsed:.3f} /s")
        print(f"BENCH display_rss_mb {int(st['VmRSS']) / 1024:.1f} MB")
        print(f"BENCH display_rss_peak_mb {int(st['VmHWM']) / 1024:.1f} MB")
    finally:
        for d in callers:
            d.stop()
        central.stop()
        broker.close()
    shutil.rmtree(tmp, ignore_errors=True)
    if shm:
        shutil.rmtree(shm, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
