"""bench_soak - a compressed service day of a busy hall, for half an hour.

The real broker (broker-config/ via antre_broker.py) and the real central
(antre-display: a 320x240 png board in /dev/shm, no voice) with 64 desks,
4 kiosks and 10 services: A..H take kiosk tickets, I and J come from a
pre-printed roll. Desk N calls kiosk service (N-1) mod 8 first, then the
following one, then a roll, so no desk runs dry. The central's log is on
the disk (synchronous=FULL), as in a hall.

The load is one thread driving every box's paho client from one select()
loop (no library thread): each box has at most one request in flight and
waits for its answer (a desk: the state naming its command id; a kiosk:
the ticket naming its take), then thinks for a random time before the
next. A desk's think time averages DESK_THINK_S; serving, it sends next
(most), noshow (8 %), recall (6 %, once per ticket) or pause (1 %);
idle, next or now and then pause; paused, it resumes after PAUSE_S on
average. Every kiosk takes a ticket every KIOSK_THINK_S on average, for a
service drawn at random: about 50 takes/s against about 45 calls/s, so
the queues grow through the day like a busy hall's (the rolls' numbers
are called when a desk's kiosk services have nobody waiting). A run
longer than the default may exhaust a service's 9999 numbers of the
day: those takes are refused ("no numbers left today"), counted in
soak_refused, and checked like any other answer.

The day is compressed: [queue] day_start is set to a whole minute about
40 % into the run, so the central closes the service day (serving the
tickets at the desks, marking the waiting ones unserved) and restarts
the numbering while the load goes on.

Every SAMPLE_S the central's VmRSS, its open file descriptors, the WAL's
size and the acknowledgement latencies of the window are sampled (one
line each on stderr). After the warm-up, "start" is the first sample and
the first SPAN seconds; "end" the last sample and the last SPAN seconds.
Prints
    BENCH soak_rss_start_kb, soak_rss_end_kb, soak_rss_growth_kb
        (goal 0 after the warm-up), soak_rss_max_kb (of the samples),
        soak_rss_peak_kb (VmHWM at the end: the day's close included)
    BENCH soak_fds_start, soak_fds_end
    BENCH soak_wal_max_mb, soak_db_mb
    BENCH soak_ack_p99_start_ms, soak_ack_p99_end_ms, soak_ack_p50_ms
    BENCH soak_events (rows in the log), soak_commands, soak_ops_per_s
    BENCH soak_days_closed, soak_lost, soak_refused
    BENCH soak_broker_rss_growth_kb

Then the correctness of the whole run, which makes the test fail:
- every request was answered within ACK_TIMEOUT_S (soak_lost 0);
- every answered request is in the log's commands table with the result
  it was answered with, and the log holds no command of the run that was
  never sent;
- the events the log holds for the run's command ids are exactly those
  the answers imply (derived from each desk's state before and after its
  command, and each kiosk's ticket): the same kinds, tickets and count,
  none twice;
- at least one day was closed during the run, and every ticket of a
  closed day ended (served, noshow or unserved);
- store-tool verify says the hash chain is intact over all the events.

Environment (all optional): ANTRE_SOAK_S (load duration, 1800; 120 for a
quick check; at least 90 so the day turns inside), ANTRE_SOAK_WARMUP
(seconds, 10 % of the run clamped to 20..120), ANTRE_SOAK_SAMPLE_S (10),
ANTRE_SEED (1), ANTRE_BENCH_DIR (where the temporary directory with the
log goes).
"""

import collections
import heapq
import json
import os
import random
import re
import selectors
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

import paho.mqtt.client as mqtt

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "integration"))

from antre_broker import Broker, mqtt_client             # noqa: E402
from antre_procs import Central, ProcError               # noqa: E402
from antre_procs import wait_central_online              # noqa: E402
from presses import pct, proc_status                     # noqa: E402

PREFIX = "antre/soak"
DURATION = int(os.environ.get("ANTRE_SOAK_S", "1800"))
WARMUP = float(os.environ.get("ANTRE_SOAK_WARMUP",
                              str(min(120, max(20, DURATION // 10)))))
SAMPLE_S = float(os.environ.get("ANTRE_SOAK_SAMPLE_S", "10"))
SPAN = min(60.0, max(20.0, DURATION / 10))   # the start and end windows
SEED = int(os.environ.get("ANTRE_SEED", "1"))
NDESKS = 64
NKIOSKS = 4
KIOSK_SERVICES = "ABCDEFGH"
ROLL_SERVICES = "IJ"
DESK_THINK_S = 1.25
KIOSK_THINK_S = 0.075
PAUSE_S = 8.0
ACK_TIMEOUT_S = 10.0
SETUP_S = 10.0		# from here to the load's start, about
MISC_S = 1.0


def say(msg):
    print(f"bench_soak: {msg}", file=sys.stderr, flush=True)


class Stop(Exception):
    pass


def on_sigterm(signum, frame):
    raise Stop(f"signal {signum}")


def tkey(t):
    return (t["service"], t["number"]) if t else None


class Box:
    """One desk or kiosk: a paho client driven by the Load's loop."""

    def __init__(self, load, kind, num):
        self.load = load
        self.kind = kind			# "desk" or "kiosk"
        self.num = num
        self.name = f"{kind} {num}"
        b = load.broker
        if kind == "desk":
            self.out_topic = b.topic(f"desk/{num}/cmd")
            self.in_topic = b.topic(f"desk/{num}/state")
        else:
            self.out_topic = b.topic(f"kiosk/{num}/take")
            self.in_topic = b.topic(f"kiosk/{num}/ticket")
        self.rng = random.Random(SEED * 1000 + (num if kind == "desk"
                                                else 500 + num))
        self.subscribed = False
        self.state = None		# a desk's last state (dict)
        self.pending = None		# (id, op, sent)
        self.lost_ids = set()
        self.seq = 0
        self.recalled = None		# the ticket recalled already
        self.cl = mqtt_client(client_id=f"soak-{kind}-{num}",
                              clean_session=True)
        user = f"{kind}-{num}"
        self.cl.username_pw_set(user, b.password(user))
        self.cl.on_connect = self._on_connect
        self.cl.on_subscribe = self._on_subscribe
        self.cl.on_message = self._on_message
        self.cl.on_disconnect = self._on_disconnect
        self.cl.connect("127.0.0.1", b.port, keepalive=60)
        self.cl.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY,
                                    1)

    def _on_connect(self, cl, userdata, flags, rc):
        if rc != 0:
            self.load.fail(f"{self.name}: connection refused ({rc})")
            return
        cl.subscribe(self.in_topic, 1)

    def _on_subscribe(self, cl, userdata, mid, granted):
        self.subscribed = True

    def _on_disconnect(self, cl, userdata, rc):
        if not self.load.closing:
            self.load.fail(f"{self.name}: disconnected ({rc})")

    def _on_message(self, cl, userdata, m):
        now = time.monotonic()
        try:
            p = json.loads(m.payload)
        except ValueError:
            self.load.fail(f"{self.name}: not JSON on {m.topic}")
            return
        # A desk's state before its answer is the last one received:
        # the central publishes every change of a desk in order (the
        # day's turn too), so it is what the command was applied to.
        if self.kind == "desk":
            before = self.state
            self.state = p
            rid = p.get("last_id")
        else:
            before = None
            rid = p.get("id")
        pend = self.pending
        if pend is not None and rid == pend[0]:
            self.pending = None
            self.load.answered(self, pend, p, now, before)
        elif rid in self.lost_ids:
            self.load.late += 1
        elif self.kind == "kiosk":
            self.load.fail(f"{self.name}: an answer to no take: {p}")

    def next_request(self):
        """(op, payload dict) for the next request."""
        self.seq += 1
        rid = f"s{self.load.runid}-{self.kind[0]}{self.num}-{self.seq}"
        r = self.rng.random()
        if self.kind == "kiosk":
            svc = self.rng.choice(KIOSK_SERVICES)
            return rid, "take", {"v": 1, "id": rid, "service": svc}
        st = self.state
        status = st["status"]
        ticket = tkey(st.get("ticket"))
        if status in ("paused", "closed"):
            op = "resume"
        elif status == "serving" and ticket:
            if r < 0.06 and self.recalled != ticket:
                op = "recall"
                self.recalled = ticket
            elif r < 0.14:
                op = "noshow"
            elif r < 0.15:
                op = "pause"
            else:
                op = "next"
        else:
            op = "pause" if r < 0.01 else "next"
        return rid, op, {"v": 1, "op": op, "id": rid}

    def think(self):
        """Seconds until the next request."""
        if self.kind == "kiosk":
            return self.rng.expovariate(1 / KIOSK_THINK_S)
        if self.state is not None and self.state["status"] == "paused":
            return self.rng.expovariate(1 / PAUSE_S)
        return self.rng.expovariate(1 / DESK_THINK_S)


class Load:
    def __init__(self, broker, central):
        self.broker = broker
        self.central = central
        self.runid = f"{os.getpid() & 0xffff:04x}{int(time.time()) & 0xff:02x}"
        self.sel = selectors.DefaultSelector()
        self.boxes = []
        self.closing = False
        self.failures = []
        self.due = []			# heap of (time, n, box, id or None)
        self.n = 0
        self.sending = False
        # results
        self.acked = []		# (box, id, op, result, state before, ans)
        self.lat = []			# (answer time, ms) of this window
        self.all_lat = []		# (answer time, ms)
        self.lost = 0
        self.late = 0
        self.sent = 0
        self.sent_ids = set()
        self.refusals = collections.Counter()
        self.days = set()

    def fail(self, why):
        if len(self.failures) < 20:
            say(f"failure: {why}")
        self.failures.append(why)

    def open(self):
        for d in range(1, NDESKS + 1):
            self.boxes.append(Box(self, "desk", d))
        for k in range(1, NKIOSKS + 1):
            self.boxes.append(Box(self, "kiosk", k))
        for b in self.boxes:
            self.sel.register(b.cl.socket(), selectors.EVENT_READ, b)
        deadline = time.monotonic() + 20
        while not all(b.subscribed and (b.kind == "kiosk" or b.state)
                      for b in self.boxes):
            if time.monotonic() > deadline:
                raise ProcError("the boxes did not all subscribe and get "
                                "their retained state within 20 s")
            self.step(time.monotonic() + 0.05)
        say(f"{NDESKS} desks and {NKIOSKS} kiosks connected (run "
            f"{self.runid})")

    def start(self):
        now = time.monotonic()
        self.sending = True
        for b in self.boxes:
            self.schedule(b, now + b.think())
        self.next_misc = now + MISC_S

    def schedule(self, box, when, rid=None):
        """The box's next request at `when`; with rid, the check at
        `when` that request rid has been answered."""
        self.n += 1
        heapq.heappush(self.due, (when, self.n, box, rid))

    def send(self, box, now):
        rid, op, payload = box.next_request()
        box.pending = (rid, op, now)
        self.sent += 1
        self.sent_ids.add((box.name, rid))
        box.cl.publish(box.out_topic, json.dumps(payload), qos=1)
        self.schedule(box, now + ACK_TIMEOUT_S, rid)

    def answered(self, box, pend, ans, now, before):
        rid, op, sent = pend
        ms = (now - sent) * 1000
        self.lat.append(ms)
        self.all_lat.append((now, ms))
        result = ans.get("result")
        if result != "ok":
            self.refusals[ans.get("reason", "?")] += 1
        if box.kind == "kiosk" and result == "ok":
            self.days.add(ans["day"])
        self.acked.append((box.name, rid, op, result, before, ans))
        if self.sending:
            self.schedule(box, now + box.think())

    def step(self, until):
        """Runs the network and the due requests until `until` (monotonic)
        or the first select() wakeup, whichever is first."""
        now = time.monotonic()
        while self.due and self.due[0][0] <= now:
            when, _, box, rid = heapq.heappop(self.due)
            if rid is not None:
                if box.pending is not None and box.pending[0] == rid:
                    self.lost += 1
                    self.fail(f"{box.name}: {rid} ({box.pending[1]}) not "
                              f"answered within {ACK_TIMEOUT_S:.0f} s")
                    box.lost_ids.add(rid)
                    box.pending = None
                    if self.sending:
                        self.schedule(box, now)
                continue
            if self.sending and box.pending is None:
                self.send(box, now)
        if getattr(self, "next_misc", 0) and now >= self.next_misc:
            for b in self.boxes:
                b.cl.loop_misc()
            self.next_misc = now + MISC_S
        for b in self.boxes:
            if b.cl.want_write():
                b.cl.loop_write()
        wake = until
        if self.due:
            wake = min(wake, self.due[0][0])
        timeout = max(0.0, wake - time.monotonic())
        for key, _ in self.sel.select(timeout):
            b = key.data
            rc = b.cl.loop_read(max_packets=8)
            if rc != mqtt.MQTT_ERR_SUCCESS and not self.closing:
                self.fail(f"{b.name}: read: {mqtt.error_string(rc)}")
                self.sel.unregister(key.fileobj)

    def run_until(self, t):
        while time.monotonic() < t:
            self.step(t)

    def drain(self):
        """Stops sending; waits for the requests in flight."""
        self.sending = False
        deadline = time.monotonic() + ACK_TIMEOUT_S + 1
        while any(b.pending for b in self.boxes) and \
                time.monotonic() < deadline:
            self.step(min(deadline, time.monotonic() + 0.1))
        for b in self.boxes:
            if b.pending is not None:
                self.lost += 1
                self.fail(f"{b.name}: {b.pending[0]} not answered at the "
                          f"end")

    def close(self):
        self.closing = True
        for b in self.boxes:
            try:
                b.cl.disconnect()
                b.cl.loop_write()
            except Exception:
                pass
            try:
                b.cl.socket() and b.cl.socket().close()
            except Exception:
                pass
        self.sel.close()


def turn_time():
    """The wall clock's whole minute at which the service day turns:
    the first one at least 30 % into the run (which starts about SETUP_S
    from now). When it would come after 60 % (a short run), waits until
    it does not."""
    while True:
        t0 = time.time() + SETUP_S
        turn = -(-int(t0 + 0.3 * DURATION) // 60) * 60
        if turn <= t0 + 0.6 * DURATION:
            return turn
        time.sleep(min(5.0, turn - t0 - 0.6 * DURATION))


def expected_events(acked):
    """The events the answers imply, keyed by (cmd_id, kind):
    (service, number) or None."""
    want = collections.Counter()
    for name, rid, op, result, before, ans in acked:
        if result != "ok":
            continue
        if op == "take":
            want[(rid, "issued", tkey(ans["ticket"]), ans["day"])] += 1
            continue
        prev = tkey(before.get("ticket")) if before else None
        prev_status = before["status"] if before else "idle"
        after = tkey(ans.get("ticket"))
        if op in ("next", "noshow"):
            if prev:
                want[(rid, "served" if op == "next" else "noshow", prev,
                      None)] += 1
            if after:
                want[(rid, "called", after, None)] += 1
        elif op == "recall":
            want[(rid, "recalled", prev, None)] += 1
        elif op == "pause":
            if prev_status != "paused":
                if prev:
                    want[(rid, "served", prev, None)] += 1
                want[(rid, "paused", None, None)] += 1
        elif op == "resume":
            if prev_status in ("paused", "closed"):
                want[(rid, "resumed", None, None)] += 1
    return want


def check_log(db_path, load):
    """Problems found in the log; (problems, figures)."""
    problems = []
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    like = f"s{load.runid}-%"
    rows = db.execute("SELECT box, id, result FROM commands WHERE id LIKE ?",
                      (like,)).fetchall()
    logged = {(r[0], r[1]): r[2] for r in rows}
    missing = [(n, i) for n, i, _, res, _, _ in load.acked
               if logged.get((n, i)) != res]
    if missing:
        problems.append(f"{len(missing)} answered requests not in the "
                        f"commands table with their result, e.g. "
                        f"{missing[:3]}")
    phantom = [k for k in logged if k not in load.sent_ids]
    if phantom:
        problems.append(f"{len(phantom)} commands in the log that were "
                        f"never sent, e.g. {phantom[:3]}")
    lost_ids = {i for b in load.boxes for i in b.lost_ids}
    got = collections.Counter()
    for cid, kind, svc, num, day in db.execute(
            "SELECT cmd_id, kind, service, number, day FROM events "
            "WHERE cmd_id LIKE ?", (like,)):
        if cid in lost_ids:
            continue
        t = (svc, num) if svc is not None else None
        got[(cid, kind, t, day if kind == "issued" else None)] += 1
    want = expected_events(load.acked)
    if got != want:
        extra = list((got - want).items())
        short = list((want - got).items())
        problems.append(f"the log's events differ from the answers: "
                        f"{sum(c for _, c in extra)} more, e.g. {extra[:3]}; "
                        f"{sum(c for _, c in short)} fewer, e.g. "
                        f"{short[:3]}")
    twice = db.execute("SELECT day, service, number, COUNT(*) FROM events "
                       "WHERE kind IN ('issued', 'called') GROUP BY day, "
                       "service, number, kind HAVING COUNT(*) > 1 LIMIT 3"
                       ).fetchall()
    if twice:
        problems.append(f"tickets issued or called twice in a day: {twice}")
    closed = [r[0] for r in db.execute(
        "SELECT day FROM events WHERE kind = 'day_closed'")]
    if not closed:
        problems.append("no service day was closed during the run")
    open_tickets = db.execute(
        "SELECT COUNT(*) FROM tickets WHERE day IN (SELECT day FROM events "
        "WHERE kind = 'day_closed') AND last_kind NOT IN ('served', "
        "'noshow', 'unserved')").fetchone()[0]
    if open_tickets:
        problems.append(f"{open_tickets} tickets of a closed day never "
                        f"ended")
    kinds = dict(db.execute("SELECT kind, COUNT(*) FROM events GROUP BY "
                            "kind").fetchall())
    nevents = sum(kinds.values())
    db.close()
    say(f"log: {len(rows)} commands of the run, {nevents} events "
        f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}); "
        f"days closed: {closed}")
    return problems, {"events": nevents, "days_closed": len(closed)}


def store_verify(db_path, nevents):
    tool = os.environ.get("ANTRE_STORE_TOOL")
    if not tool or not os.path.exists(tool):
        return "$ANTRE_STORE_TOOL does not name store-tool"
    r = subprocess.run([tool, "verify", db_path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    out = r.stdout.strip()
    say(f"store-tool verify: {out}")
    if r.returncode != 0 or out != f"ok {nevents} rows":
        return f"store-tool verify: exit {r.returncode}: {out}"
    return None


class Sampler:
    def __init__(self, central, broker, load):
        self.pid = central.proc.pid
        self.bpid = broker.proc.pid
        self.wal = central.db_path + "-wal"
        self.db = central.db_path
        self.load = load
        self.rows = []	# (t, rss, hwm, fds, wal, db, p50, p99, n, brss)

    def take(self, t):
        st = proc_status(self.pid)
        fds = len(os.listdir(f"/proc/{self.pid}/fd"))
        wal = os.path.getsize(self.wal) if os.path.exists(self.wal) else 0
        db = os.path.getsize(self.db)
        brss = int(proc_status(self.bpid)["VmRSS"])
        lat, self.load.lat = self.load.lat, []
        p50 = pct(lat, 50) if lat else 0.0
        p99 = pct(lat, 99) if lat else 0.0
        row = (t, int(st["VmRSS"]), int(st["VmHWM"]), fds, wal, db, p50,
               p99, len(lat), brss)
        self.rows.append(row)
        say(f"t={t:6.0f} s  rss {row[1]} kB (peak {row[2]})  fds {fds}  "
            f"wal {wal / 2**20:.1f} MB  db {db / 2**20:.1f} MB  "
            f"acks {len(lat)} p50 {p50:.1f} p99 {p99:.1f} ms  "
            f"broker rss {brss} kB  lost {self.load.lost}")


def run(tmp, shm):
    desks = {}
    for n in range(1, NDESKS + 1):
        k = (n - 1) % len(KIOSK_SERVICES)
        desks[n] = " ".join([KIOSK_SERVICES[k],
                             KIOSK_SERVICES[(k + 1) % len(KIOSK_SERVICES)],
                             ROLL_SERVICES[n % len(ROLL_SERVICES)]])
    services = {s: f"Layanan {s}" for s in KIOSK_SERVICES + ROLL_SERVICES}
    sources = {s: "kiosk" for s in KIOSK_SERVICES}
    turn = turn_time()
    lt = time.localtime(turn)
    day_start = f"{lt.tm_hour:02d}:{lt.tm_min:02d}"
    broker = Broker(tmp, PREFIX, desks=range(1, NDESKS + 1),
                    kiosks=range(1, NKIOSKS + 1), screens=[1]).start()
    central = Central(tmp, broker, desks=desks, services=services,
                      sources=sources,
                      board="width = 320\nheight = 240\nhighlight_s = 0\n"
                      + (f"png_dir = {shm}\n" if shm else ""),
                      extra=f"[queue]\nday_start = {day_start}\n\n"
                      "[voice]\noutput = none\n")
    load = None
    status = 1
    try:
        obs = broker.client("screen-1", client_id="soak-screen")
        obs.subscribe_wait(broker.topic("central/online"))
        central.start(debug=False)
        wait_central_online(obs, broker, 0, 15)
        obs.close()
        load = Load(broker, central)
        load.open()
        sampler = Sampler(central, broker, load)
        start = time.monotonic()
        wall_start = time.time()
        say(f"load for {DURATION} s (warm-up {WARMUP:.0f} s, samples "
            f"every {SAMPLE_S:.0f} s); the service day turns at "
            f"{day_start} local time, {turn - wall_start:.0f} s in")
        if not wall_start + 10 < turn < wall_start + DURATION - 15:
            raise ProcError(f"ANTRE_SOAK_S={DURATION} is too short for "
                            f"the day to turn inside the run")
        load.start()
        t = SAMPLE_S
        while t <= DURATION + 1e-6:
            load.run_until(start + t)
            if not central.alive():
                raise ProcError("antre-display died:\n"
                                + central.log()[-3000:])
            sampler.take(t)
            t += SAMPLE_S
        load.run_until(start + DURATION)
        elapsed = time.monotonic() - start
        load.drain()
        load.close()
        rows = sampler.rows
        central_log = central.log()
        central.stop()

        problems = list(load.failures[:5])
        if len(load.failures) > 5:
            problems.append(f"... {len(load.failures)} failures in all")
        lp, fig = check_log(central.db_path, load)
        problems += lp
        v = store_verify(central.db_path, fig["events"])
        if v:
            problems.append(v)
        for ln in [ln for ln in central_log.splitlines()
                   if re.search(r"warn|error|refused|storage", ln,
                                re.I)][:5]:
            say(f"central: {ln}")
        for ln in [ln for ln in central_log.splitlines()
                   if "closed" in ln or "service day" in ln][:4]:
            say(f"central: {ln}")

        after = [r for r in rows if r[0] >= WARMUP] or rows
        at = turn - wall_start
        around = [r for r in rows if r[0] <= at - 1][-1:] + \
            [r for r in rows if r[0] >= at + 1][:1]
        if len(around) == 2:
            say(f"the day's turn at {at:.0f} s: rss {around[0][1]} -> "
                f"{around[1][1]} kB (peak {around[1][2]} kB), wal "
                f"{around[0][4] / 2**20:.1f} -> {around[1][4] / 2**20:.1f}"
                f" MB, p99 {around[1][7]:.1f} ms in its window")
        first, last = after[0], rows[-1]
        t_first = after[0][0]
        p_start = [ms for tt, ms in load.all_lat
                   if start + t_first - SAMPLE_S <= tt
                   < start + t_first - SAMPLE_S + SPAN]
        p_end = [ms for tt, ms in load.all_lat
                 if tt >= start + DURATION - SPAN]
        all_ms = [ms for _, ms in load.all_lat]
        if load.refusals:
            say(f"refusals: {dict(load.refusals)}")
        say(f"{load.sent} requests in {elapsed:.0f} s, {len(load.acked)} "
            f"answered, {load.lost} lost, {load.late} late answers; "
            f"service days seen by the kiosks: {sorted(load.days)}")
        say(f"start is the sample at {t_first:.0f} s and the latencies of "
            f"[{t_first - SAMPLE_S:.0f}, {t_first - SAMPLE_S + SPAN:.0f}) "
            f"s; end the sample at {last[0]:.0f} s and "
            f"[{DURATION - SPAN:.0f}, {DURATION}) s")
        print(f"BENCH soak_rss_start_kb {first[1]} kB")
        print(f"BENCH soak_rss_end_kb {last[1]} kB")
        print(f"BENCH soak_rss_growth_kb {last[1] - first[1]} kB")
        print(f"BENCH soak_rss_max_kb {max(r[1] for r in rows)} kB")
        print(f"BENCH soak_rss_peak_kb {last[2]} kB")
        print(f"BENCH soak_fds_start {first[3]} fds")
        print(f"BENCH soak_fds_end {last[3]} fds")
        print(f"BENCH soak_wal_max_mb "
              f"{max(r[4] for r in rows) / 2**20:.1f} MB")
        print(f"BENCH soak_db_mb {last[5] / 2**20:.1f} MB")
        print(f"BENCH soak_ack_p99_start_ms "
              f"{pct(p_start, 99) if p_start else 0:.1f} ms")
        print(f"BENCH soak_ack_p99_end_ms "
              f"{pct(p_end, 99) if p_end else 0:.1f} ms")
        print(f"BENCH soak_ack_p50_ms {pct(all_ms, 50) if all_ms else 0:.1f}"
              f" ms")
        print(f"BENCH soak_commands {len(load.acked)} commands")
        print(f"BENCH soak_ops_per_s {len(load.acked) / elapsed:.1f} ops/s")
        print(f"BENCH soak_events {fig['events']} events")
        print(f"BENCH soak_days_closed {fig['days_closed']} days")
        print(f"BENCH soak_lost {load.lost} ops")
        print(f"BENCH soak_refused {sum(load.refusals.values())} ops")
        print(f"BENCH soak_broker_rss_growth_kb {last[9] - first[9]} kB")
        sys.stdout.flush()
        for p in problems:
            say(f"FAILED: {p}")
        status = 1 if problems else 0
    finally:
        if load is not None and not load.closing:
            load.close()
        if central.proc is not None:
            try:
                central.stop()
            except ProcError as e:
                say(str(e)[:2000])
                status = 1
        broker.close()
    return status


def main():
    signal.signal(signal.SIGTERM, on_sigterm)
    signal.signal(signal.SIGINT, on_sigterm)
    base = os.environ.get("ANTRE_BENCH_DIR") or None
    tmp = tempfile.mkdtemp(prefix="antre-bench-soak-", dir=base)
    shm = tempfile.mkdtemp(prefix="antre-soak-frames-", dir="/dev/shm") \
        if os.path.isdir("/dev/shm") else None
    say(f"working in {tmp}")
    status = 1
    try:
        status = run(tmp, shm)
    except (ProcError, Stop) as e:
        say(f"FAILED: {e}")
    finally:
        if shm:
            shutil.rmtree(shm, ignore_errors=True)
    if status == 0:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        say(f"kept {tmp} for inspection")
    return status


if __name__ == "__main__":
    sys.exit(main())
