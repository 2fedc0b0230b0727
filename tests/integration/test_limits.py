"""The central's own limits per box, with the shipped defaults ([limits]
not set), against one desk credential and kiosk credentials that flood it:

* a desk publishing valid `next` as fast as it can is held to one call
  per guard time; its rows in `commands` stay bounded and the numbers of
  its service are not used up, while another desk's acknowledgement time
  stays close to what it is in a quiet phase of the same run;
* a kiosk flooding takes gets a few tickets, and another kiosk still
  gets one;
* a kiosk that does not read its answers holds an answer for every
  ticket issued to it;
* a flood of malformed payloads costs a few log lines and one count.
"""

import json
import os
import socket
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker, mqtt_client        # noqa: E402
from antre_procs import Central, wait_for           # noqa: E402
from checks import run_test                         # noqa: E402

GUARD_S = 1.5          # the shipped desk_guard_ms
KIOSK_BURST = 5        # the shipped kiosk_burst
KIOSK_PER_MIN = 30     # the shipped kiosk_takes_per_min
REFUSALS_PER_MIN = 60  # the shipped refusals_per_min
FLOOD_S = 3.0
BAD_PAYLOADS = 500


def db_rows(path, sql, args=()):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p / 100))]


class Desk2:
    """Desk 2, quiet: pause and resume, timed to the acknowledgement."""

    def __init__(self, broker):
        self.b = broker
        self.c = broker.client("desk-2", client_id="t-limits-desk2")
        self.topic = broker.topic("desk/2/state")
        self.c.subscribe_wait(self.topic)
        self.n = 0

    def press(self):
        self.n += 1
        cid = f"q-{self.n}"
        op = "pause" if self.n % 2 else "resume"
        t0 = time.monotonic()
        self.c.publish(self.b.topic("desk/2/cmd"),
                       json.dumps({"v": 1, "op": op, "id": cid}), qos=1)
        st = wait_for(lambda: next((json.loads(m.payload) for m in
                                    reversed(self.c.received(self.topic))
                                    if json.loads(m.payload)["last_id"]
                                    == cid), None), 10, f"answer to {cid}")
        return time.monotonic() - t0, st["result"]

    def phase(self, n):
        times = []
        for _ in range(n):
            dt, result = self.press()
            if result != "ok":
                raise AssertionError(f"desk 2 refused: {result}")
            times.append(dt)
            time.sleep(0.02)
        return times


def flood(client, topic, make, seconds, qos=1):
    """Publishes make(i) on topic as fast as paho takes them; returns the
    number sent and the time the last was acknowledged by the broker."""
    end = time.monotonic() + seconds
    infos = []
    i = 0
    while time.monotonic() < end:
        i += 1
        infos.append(client.publish(topic, make(i), qos=qos))
        if len(infos) % 200 == 0:
            # Do not let paho's queue run far ahead of the socket.
            infos[-100].wait_for_publish(5)
    for info in infos[-50:]:
        info.wait_for_publish(10)
    return i, time.monotonic()


def part_desk_flood(c, broker, central):
    desk2 = Desk2(broker)
    quiet = desk2.phase(20)
    flooder = broker.client("desk-1", client_id="t-limits-flood",
                            max_inflight=1000)
    result = {}

    def run_flood():
        t0 = time.monotonic()
        result["sent"], result["end"] = flood(
            flooder, broker.topic("desk/1/cmd"),
            lambda i: json.dumps({"v": 1, "op": "next", "id": f"fl-{i}"}),
            FLOOD_S)
        result["t0"] = t0

    th = threading.Thread(target=run_flood)
    th.start()
    time.sleep(0.3)
    busy = desk2.phase(20)
    th.join()
    # The last answers: the central has handled what reached it.
    time.sleep(0.5)
    span = time.monotonic() - result["t0"]
    calls = db_rows(central.db_path, "SELECT count(*) FROM events WHERE "
                    "desk = 1 AND kind = 'called'")[0][0]
    rows = db_rows(central.db_path, "SELECT count(*) FROM commands WHERE "
                   "box = 'desk 1'")[0][0]
    last = db_rows(central.db_path, "SELECT max(number) FROM events "
                   "WHERE service = 'A'")[0][0] or 0
    max_calls = int(span / GUARD_S) + 2
    c.check(result["sent"] > 1000, f"desk 1's credential flooded "
            f"{result['sent']} valid next commands in {FLOOD_S} s")
    c.check(calls <= max_calls, f"the flood made {calls} call(s), at most "
            f"one per {GUARD_S} s guard ({max_calls} in {span:.1f} s)")
    c.check(rows <= calls + 2 * REFUSALS_PER_MIN,
            f"its rows in commands stay bounded: {rows} (calls + at most "
            f"{REFUSALS_PER_MIN} refusals a minute)")
    c.check(last < 100, f"service A's numbers are not used up (last A{last})")
    q50, q90 = pct(quiet, 50), pct(quiet, 90)
    b50, b90 = pct(busy, 50), pct(busy, 90)
    print(f"desk 2 acknowledgement ms: quiet p50 {q50 * 1000:.1f} p90 "
          f"{q90 * 1000:.1f}; during the flood p50 {b50 * 1000:.1f} p90 "
          f"{b90 * 1000:.1f}")
    c.check(b50 <= max(3 * q50, q50 + 0.05) and
            b90 <= max(3 * q90, q90 + 0.1),
            "another desk's acknowledgement time during the flood stays "
            "within 3x (or +50/+100 ms) of the quiet phase",
            f"quiet p50/p90 {q50 * 1000:.1f}/{q90 * 1000:.1f} ms, flood "
            f"{b50 * 1000:.1f}/{b90 * 1000:.1f} ms")
    flooder.subscribe_wait(broker.topic("desk/1/state"))
    st = wait_for(lambda: flooder.received(broker.topic("desk/1/state")),
                  5, "desk 1's state")[-1]
    st = json.loads(st.payload)
    c.check(st["result"] == "ok" or "too fast" in st["reason"],
            "a refusal says why", repr(st))


def part_bad_payloads(broker):
    cl = broker.client("desk-3", client_id="t-limits-bad")
    for i in range(BAD_PAYLOADS):
        cl.publish(broker.topic("desk/3/cmd"), b'{"v":1,"op":"jump%d"}' % i,
                   qos=1)
    cl.publish_wait(broker.topic("desk/3/cmd"), b'{"v":1,"op":"jump"}')
    return BAD_PAYLOADS + 1


def check_bad_payloads(c, central, sent):
    def counts():
        log = central.log()
        lines = log.count(": bad command dropped: ")
        suppressed = 0
        for ln in log.splitlines():
            if "line(s) like \"bad payload dropped\" suppressed" in ln:
                suppressed += int(ln.split("warning: ")[1].split()[0])
        return lines, suppressed
    # Desk 3 floods too: the central stops listening to it after a
    # burst (flood_burst), so it hears only part of them.
    try:
        wait_for(lambda: counts()[1] > 0, 25, "the suppressed count")
    except Exception:
        pass
    lines, suppressed = counts()
    c.check(lines <= 2 * 5 and suppressed >= 20 and
            lines + suppressed <= sent,
            f"{sent} malformed payloads: {lines} log lines, "
            f"{suppressed} counted as suppressed, the rest not listened to")
    c.check("desk 3: more than" in central.log(),
            "the log says the central stopped listening to desk 3")


def part_kiosk_flood(c, broker, central):
    k1 = broker.client("kiosk-1", client_id="t-limits-k1",
                       max_inflight=1000)
    t0 = time.monotonic()
    sent, end = flood(k1, broker.topic("kiosk/1/take"),
                      lambda i: json.dumps({"v": 1, "id": f"k1-{i}",
                                            "service": "B"}), 2.0)
    time.sleep(0.3)
    span = time.monotonic() - t0
    issued = db_rows(central.db_path, "SELECT count(*) FROM events WHERE "
                     "kind = 'issued' AND kiosk = 1")[0][0]
    rows = db_rows(central.db_path, "SELECT count(*) FROM commands WHERE "
                   "box = 'kiosk 1'")[0][0]
    most = KIOSK_BURST + int(span * KIOSK_PER_MIN / 60) + 1
    c.check(sent > 1000 and issued <= most,
            f"a kiosk flooding {sent} takes got {issued} ticket(s) "
            f"(at most {most}: burst and rate)")
    c.check(rows <= issued + 2 * REFUSALS_PER_MIN,
            f"its rows in commands stay bounded: {rows}")
    k2 = broker.client("kiosk-2", client_id="t-limits-k2")
    topic = broker.topic("kiosk/2/ticket")
    k2.subscribe_wait(topic)
    k2.publish_wait(broker.topic("kiosk/2/take"),
                    json.dumps({"v": 1, "id": "k2-1", "service": "B"}))
    ans = json.loads(wait_for(lambda: k2.received(topic), 10,
                              "kiosk 2's ticket")[0].payload)
    c.check(ans["result"] == "ok",
            "another kiosk still gets a ticket", repr(ans))


def part_deaf_kiosk(c, broker, central):
    """Kiosk 3 sends takes and does not read its socket until it stops."""
    k3 = mqtt_client(client_id="t-limits-k3", clean_session=True)
    k3.username_pw_set("kiosk-3", broker.password("kiosk-3"))
    got = []
    subacked = []
    k3.on_message = lambda cl, ud, m: got.append(json.loads(m.payload))
    k3.on_subscribe = lambda *a: subacked.append(1)
    k3.connect("127.0.0.1", broker.port, keepalive=60)
    topic = broker.topic("kiosk/3/ticket")
    k3.subscribe(topic, 1)
    end = time.monotonic() + 5
    while not subacked and time.monotonic() < end:
        k3.loop(0.1)
    sock = k3.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    n = 2000
    for i in range(n):
        # QoS 0, written at once without the network loop: nothing is
        # read while the takes go out.
        k3.publish(broker.topic("kiosk/3/take"),
                   json.dumps({"v": 1, "id": f"k3-{i}", "service": "B"}),
                   qos=0)
        k3.loop_write()
    time.sleep(2.0)
    # Now read everything the broker kept for us.
    quiet_until = time.monotonic() + 2.0
    end = time.monotonic() + 30
    last = -1
    while time.monotonic() < end and time.monotonic() < quiet_until:
        k3.loop(0.1)
        if len(got) != last:
            last = len(got)
            quiet_until = time.monotonic() + 2.0
    k3.disconnect()
    issued = db_rows(central.db_path, "SELECT number FROM events WHERE "
                     "kind = 'issued' AND kiosk = 3 ORDER BY number")
    issued = [r[0] for r in issued]
    oks = sorted(a["ticket"]["number"] for a in got if a["result"] == "ok")
    c.check(issued and oks == issued,
            f"a kiosk that did not read its answers: {len(issued)} "
            f"ticket(s) issued, {len(oks)} answer(s) with a ticket "
            f"delivered ({len(got)} answers in all)")


def run(c, tmp):
    broker = Broker(tmp, "antre/limits", desks=[1, 2, 3], kiosks=[1, 2, 3],
                    screens=[1]).start()
    central = Central(tmp, broker, desks={1: "A", 2: "A", 3: "A"},
                      services={"A": "KTP & KK", "B": "BPJS"},
                      sources={"B": "kiosk"}, limits="")
    try:
        central.start()
        screen = broker.client("screen-1", client_id="t-limits-screen")
        screen.subscribe_wait(broker.topic("central/online"))
        wait_for(lambda: screen.received(broker.topic("central/online")),
                 10, "the central")
        sent_bad = part_bad_payloads(broker)
        part_desk_flood(c, broker, central)
        part_kiosk_flood(c, broker, central)
        part_deaf_kiosk(c, broker, central)
        check_bad_payloads(c, central, sent_bad)
        c.check(central.alive(), "the central kept running")
    finally:
        c.stopped(central, "central")
        broker.close()


def main():
    return run_test("test_limits", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
