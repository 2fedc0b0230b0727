"""antre-web's event streams when browsers go, and what open streams
cost while the hall is quiet.

The real broker, central and antre-web (its MQTT keepalive as shipped).
Browsers are event streams on /peristiwa (logged in) and
/papan/peristiwa, each on its own connection:

- a browser that closes its stream while nothing happens in the hall
  (the stream suspended, waiting for a push) is noticed within
  REAP_S: antre-web's descriptors go back to what they were, whether it
  closed cleanly (FIN) or reset the connection (RST) (only the next
  push or keepalive comment used to find them);
- the streams still open still get the hall's next update;
- open and quiet, the streams do not wake antre-web: over IDLE_S it
  wakes (voluntary context switches) for the keepalive comment (every
  25 s), the memory given back after the last request and its MQTT
  ping, with a margin: at most IDLE_WAKEUPS;
- ROUNDS rounds of 2 x PER_PAGE browsers opened and closed: every round
  its descriptors back within REAP_S, and its memory (VmRSS) after the
  last round within RSS_SLACK_KB of what it was after the first (not
  judged under AddressSanitizer, whose quarantine grows it);
- antre-web and the central exit 0 on SIGTERM.

What it measured is printed (# lines).
"""

import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker, DeskPresser                # noqa: E402
from antre_procs import Central, eventually, wait_central_online  # noqa
from checks import run_test                                  # noqa: E402
from web_procs import EventStream, Web, rss_kb, sanitized   # noqa: E402

PREFIX = "antre/webstreams"
REAP_S = 2.0		# a closed stream's descriptor is let go by then
IDLE_S = 27.0		# one keepalive comment falls in it
IDLE_WAKEUPS = 5	# comment, trim, MQTT ping, and a margin of two
PER_PAGE = 50
ROUNDS = 3
RSS_SLACK_KB = 512


def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def sleeps(pid):
    """The times antre-web blocked (voluntary context switches): each
    wakeup ends one, whatever else runs on the machine."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("voluntary_ctxt_switches:"):
                return int(line.split()[1])
    return 0


def open_streams(port, cookie, n):
    """n browsers on each page, every one with its first event."""
    out = []
    for i in range(n):
        for path, ck in (("/peristiwa", cookie), ("/papan/peristiwa", None)):
            es = EventStream(port, path, ck)
            es.start()
            out.append(es)
    for es in out:
        es.wait_open()
        if not es.wait_events(1, 10):
            raise RuntimeError(f"{es.path}: no first event")
    return out


def hang_up(es, reset=False):
    """The browser goes: a plain close (FIN), or with SO_LINGER 0 a
    reset (a tab killed, a phone off the network)."""
    if reset:
        es.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                           struct.pack("ii", 1, 0))
    es.close()


def reaped(c, pid, want, what):
    t0 = time.monotonic()
    ok = eventually(lambda: fds(pid) <= want, REAP_S)
    print(f"# {what}: {fds(pid)} descriptors "
          f"{time.monotonic() - t0:.2f} s later (want {want})", flush=True)
    c.check(ok, f"{what}: antre-web let go of their descriptors within "
            f"{REAP_S} s", f"{fds(pid)} open, {want} expected")


def run(c, tmp):
    broker = Broker(tmp, PREFIX, desks=[1]).start()
    central = Central(tmp, broker, desks={1: "A"},
                      board="width = 320\nheight = 240\nhighlight_s = 0")
    web = Web(tmp, broker, central, keepalive=None)
    obs = broker.client("screen-1", client_id="t-webstreams-obs")
    obs.subscribe_wait(broker.topic("central/online"))
    streams, presser = [], None
    try:
        central.start(debug=False)
        wait_central_online(obs, broker, 0, 30)
        web.start()
        pid = web.pid()
        cookie = web.session().login(
            "kepala", web.users["kepala"][1]).cookie()
        presser = DeskPresser(broker, 1, tag="s")
        time.sleep(1)
        fd0 = fds(pid)

        # --- browsers going while the hall is quiet -------------------
        streams = open_streams(web.port, cookie, 10)
        time.sleep(0.5)
        print(f"# {len(streams)} streams open: {fds(pid)} descriptors, "
              f"{fd0} before", flush=True)
        going, staying = streams[:14], streams[14:]
        for i, es in enumerate(going):
            hang_up(es, reset=i % 2 == 1)
        reaped(c, pid, fd0 + len(staying),
               f"{len(going)} browsers closed (half FIN, half RST)")
        streams = staying

        seen = [len(es.events) for es in staying]
        st, _, _ = presser.press("next")
        c.check(st is not None and st.get("result") == "ok",
                "a desk's press is answered", str(st))
        got = [es.wait_events(n + 1, 5) for es, n in zip(staying, seen)]
        c.check(all(got), f"the {len(staying)} streams still open get the "
                f"hall's next update", f"{got.count(False)} did not")

        # --- open and quiet -------------------------------------------
        time.sleep(1)
        s0, t0 = sleeps(pid), time.monotonic()
        time.sleep(IDLE_S)
        woke, dt = sleeps(pid) - s0, time.monotonic() - t0
        print(f"# {len(staying)} streams open and quiet for {dt:.1f} s: "
              f"antre-web woke {woke} times", flush=True)
        c.check(woke <= IDLE_WAKEUPS, f"quiet streams do not wake "
                f"antre-web: at most {IDLE_WAKEUPS} times in {IDLE_S} s",
                f"{woke} times")
        c.check(all(es.error is None and not es.closed for es in staying),
                "and they are still open")
        for es in staying:
            hang_up(es)
        streams = []
        reaped(c, pid, fd0, "the last browsers closed")

        # --- rounds of browsers ---------------------------------------
        mem = []
        for r in range(ROUNDS):
            streams = open_streams(web.port, cookie, PER_PAGE)
            for es in streams:
                hang_up(es, reset=r == 1)
            streams = []
            reaped(c, pid, fd0, f"round {r + 1}: {2 * PER_PAGE} browsers "
                   f"closed")
            time.sleep(2.5)     # the heap trimmed after the last request
            mem.append(rss_kb(pid))
            print(f"# round {r + 1}: VmRSS {mem[-1]} kB", flush=True)
        grow = mem[-1] - mem[0]
        if sanitized():
            print(f"# built with AddressSanitizer: RSS grew {grow} kB, "
                  f"not judged", flush=True)
        else:
            c.check(grow <= RSS_SLACK_KB, f"antre-web's memory is flat: "
                    f"{mem[0]} kB after the first round, {mem[-1]} kB "
                    f"after the last", f"grew {grow} kB")
    finally:
        for es in streams:
            es.close()
        if presser is not None:
            presser.close()
        c.stopped(web, "antre-web")
        c.stopped(central, "central")
        broker.close()


if __name__ == "__main__":
    sys.exit(run_test("web_streams", run, logs=("web", "central")))
