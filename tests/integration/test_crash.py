"""The central killed at random moments: no acknowledged event is lost or
doubled.

Four desks and one kiosk, simulated with paho clients under their own
broker users, send 2,000 commands in bursts (every box at most one
command pending, the kiosk several takes): takes, next, recall, noshow,
transfer, pause/resume and requeue of a no-show. Each command waits for
its acknowledgement (the desk's retained state naming its id, the kiosk's
ticket reply); when none comes in time it is sent again with the SAME id
until one does, as a QoS 1 redelivery or a retrying box would; some
commands are also sent again after their answer, above all after each
restart. Meanwhile the central is killed with SIGKILL 28 times: right
after a burst was sent, a moment into its handling, while idle, and (most
often) run in slices of microseconds between SIGSTOPs and killed where it
stood when the first answer of the burst came out. It is started again
on the same database each time.

At every kill, whatever had been answered must be in the database. At
the end the log must hold every acknowledged command exactly once and
nothing else, with the same answer every time it was asked; ticket
numbers without gaps or double calls; the desks' retained states equal
to what the log says, also after one more restart; and an intact hash
chain.

ANTRE_SEED picks the run (default 7).
"""

import collections
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker, mqtt_client             # noqa: E402
from antre_procs import Central, wait_central_online, wait_for  # noqa: E402
from checks import run_test                              # noqa: E402

TOTAL_OPS = 2000
KILLS = 28		# 20 of them stepped (see step_until_answer)
QUIET_TAIL = 150	# no kill in the last commands: the end is settled
ACK_TIMEOUT = 0.5	# per attempt; then the command is sent again
GIVE_UP = 30.0		# an op never acknowledged by then fails the test
DESKS = {1: "AB", 2: "AB", 3: "BA", 4: "C"}
SERVICES = {"A": "KTP & KK", "B": "BPJS Kesehatan", "C": "Pengaduan"}
SOURCES = {"A": "kiosk", "B": "kiosk", "C": "roll"}


def tkey(t):
    """A ticket object (or None) as a comparable ("A", 12) / None."""
    return (t["service"], t["number"]) if t else None


class Box:
    """One desk or kiosk: a paho client that reconnects by itself and
    collects every answer by command id."""

    def __init__(self, broker, user, out_topic, in_topic, id_field,
                 on_answer):
        self.user = user
        self.on_answer = on_answer
        self.out_topic = out_topic
        self.in_topic = in_topic
        self.id_field = id_field
        self.cond = threading.Condition()
        self.answers = collections.defaultdict(list)	# id -> [payload]
        self.first = {}					# id -> when
        self.subscribed = False
        self.cl = mqtt_client(client_id=f"t-crash-{user}",
                              clean_session=True)
        self.cl.username_pw_set(user, broker.password(user))
        self.cl.reconnect_delay_set(0.05, 1)
        self.cl.on_connect = self._on_connect
        self.cl.on_disconnect = self._on_disconnect
        self.cl.on_subscribe = self._on_subscribe
        self.cl.on_message = self._on_message
        self.cl.connect("127.0.0.1", broker.port, keepalive=30)
        self.cl.loop_start()
        with self.cond:
            if not self.cond.wait_for(lambda: self.subscribed, 10):
                raise RuntimeError(f"{user}: not subscribed in 10 s")

    def _on_connect(self, cl, userdata, flags, rc):
        if rc == 0:
            cl.subscribe(self.in_topic, 1)

    def _on_disconnect(self, cl, userdata, rc):
        with self.cond:
            self.subscribed = False

    def _on_subscribe(self, cl, userdata, mid, granted):
        with self.cond:
            self.subscribed = True
            self.cond.notify_all()

    def _on_message(self, cl, userdata, m):
        try:
            p = json.loads(m.payload)
        except ValueError:
            return
        if not isinstance(p, dict):
            return
        with self.cond:
            cid = p.get(self.id_field)
            if cid:
                self.answers[cid].append(p)
                self.first.setdefault(cid, time.monotonic())
                self.cond.notify_all()
        if cid:
            self.on_answer(cid)

    def send(self, payload):
        self.cl.publish(self.out_topic, payload, qos=1)

    def answer(self, cid):
        with self.cond:
            a = self.answers.get(cid)
            return a[0] if a else None

    def count(self, cid):
        with self.cond:
            return len(self.answers.get(cid, ()))

    def wait_count(self, cid, n, timeout):
        with self.cond:
            return self.cond.wait_for(
                lambda: len(self.answers.get(cid, ())) >= n, timeout)

    def wait_any(self, cids, timeout):
        """Waits until one of cids is answered or timeout passes."""
        with self.cond:
            self.cond.wait_for(lambda: any(c in self.answers for c in cids),
                               timeout)

    def close(self):
        self.cl.disconnect()
        self.cl.loop_stop()


class Op:
    __slots__ = ("box", "cid", "op", "payload", "sent", "tries", "meta")

    def __init__(self, box, cid, op, payload, meta=None):
        self.box, self.cid, self.op, self.payload = box, cid, op, payload
        self.sent = 0.0
        self.tries = 0
        self.meta = meta or {}


class Run:
    def __init__(self, c, tmp, seed):
        self.c = c
        self.rng = random.Random(seed)
        self.broker = Broker(tmp, "antre/crash", desks=list(DESKS),
                             kiosks=[1], screens=[1]).start()
        self.central = Central(tmp, self.broker, desks={
            d: " ".join(s) for d, s in DESKS.items()},
            services=SERVICES, sources=SOURCES)
        self.boxes = {}
        self.ops = []			# every Op, in the order made
        self.desk_view = {d: {"status": "idle", "ticket": None}
                          for d in DESKS}
        self.noshows = []		# no-show tickets not yet requeued
        self.kills = []			# (op count, mode)
        self.retries = 0
        self.resent = 0			# acknowledged ones, sent again
        self.unanswered = []		# ... and not answered again
        self.lost = []			# answered, not on disk at a kill
        self.rtts = collections.deque(maxlen=50)
        self.watch = set()		# ids whose first answer sets answered
        self.answered = threading.Event()
        self.seq = 0

    # --- the central -----------------------------------------------------

    def central_up(self, obs, seen):
        wait_central_online(obs, self.broker, seen, 15)

    def kill_central(self, mode, ops):
        self.central.kill()		# SIGKILL; nothing if already dead
        self.kills.append((len(self.ops), mode))
        # Whatever was answered must be on the disk now, before anything
        # is sent again (a command sent again could hide the loss).
        db = sqlite3.connect(f"file:{self.central.db_path}?mode=ro",
                             uri=True)
        try:
            for op in ops:
                if self.boxes[op.box].answer(op.cid) is not None and \
                        db.execute("SELECT 1 FROM commands WHERE box = ? "
                                   "AND id = ?", (boxname(op), op.cid)
                                   ).fetchone() is None:
                    self.lost.append(f"{op.cid} ({mode} kill)")
        finally:
            db.close()
        time.sleep(self.rng.uniform(0.0, 0.1))
        self.central.start()

    def on_answer(self, cid):
        """Called by the boxes' network threads."""
        if cid in self.watch:
            self.answered.set()

    # --- making commands -------------------------------------------------

    def new_id(self, box):
        self.seq += 1
        return f"{box}-s{self.seq}"

    def take(self):
        svc = self.rng.choices("ABC", weights=[48, 48, 4])[0]
        cid = self.new_id("k1")
        return Op("kiosk", cid, "take",
                  json.dumps({"v": 1, "id": cid, "service": svc}),
                  {"service": svc})

    def desk_op(self, d):
        view = self.desk_view[d]
        cid = self.new_id(f"d{d}")
        cmd = {"v": 1, "id": cid}
        meta = {"before": view["ticket"]}
        r = self.rng.random()
        if view["status"] == "paused":
            cmd["op"] = "resume" if r < 0.8 else "next"
        elif r < 0.70:
            cmd["op"] = "next"
        elif r < 0.78:
            cmd["op"] = "recall"
        elif r < 0.86:
            cmd["op"] = "noshow"
        elif r < 0.91:
            cmd["op"] = "transfer"
            cmd["service"] = self.rng.choice("ABC")
        elif r < 0.95:
            cmd["op"] = "pause"
        elif self.noshows:
            cmd["op"] = "requeue"
            t = self.rng.choice(self.noshows)
            cmd["ticket"] = {"service": t[0], "number": t[1]}
            meta["requeue"] = t
        else:
            cmd["op"] = "next"
        return Op(f"desk{d}", cid, cmd["op"], json.dumps(cmd), meta)

    def burst(self, left):
        n = min(left, self.rng.choice([1, 1, 2, 3, 4, 5, 6]))
        free = list(DESKS)
        self.rng.shuffle(free)
        out = []
        for _ in range(n):
            if self.rng.random() < 0.36 or not free:
                out.append(self.take())
            else:
                out.append(self.desk_op(free.pop()))
        return out

    # --- answers ---------------------------------------------------------

    def learn(self, op, ans):
        """What the box now knows from its answer."""
        if op.box == "kiosk":
            return
        d = int(op.box[4:])
        self.desk_view[d] = {"status": ans["status"],
                             "ticket": tkey(ans.get("ticket"))}
        if ans["result"] != "ok":
            return
        if op.op == "noshow" and op.meta["before"]:
            self.noshows.append(op.meta["before"])
        if op.op == "requeue" and op.meta["requeue"] in self.noshows:
            self.noshows.remove(op.meta["requeue"])

    def send_all(self, ops):
        now = time.monotonic()
        for op in ops:
            self.boxes[op.box].send(op.payload)
            op.sent = now
            op.tries += 1

    def settle(self, ops):
        """Waits for every op's answer, sending again with the same id
        whenever one takes longer than ACK_TIMEOUT."""
        pending = list(ops)
        start = time.monotonic()
        while pending:
            now = time.monotonic()
            if now - start > GIVE_UP:
                raise RuntimeError(
                    f"never acknowledged in {GIVE_UP:.0f} s: "
                    + ", ".join(op.cid for op in pending))
            late = [op for op in pending if now - op.sent >= ACK_TIMEOUT]
            if late:
                self.retries += len(late)
                self.send_all(late)
            # Sleep on the first op's box, briefly: the others' answers
            # are collected by their own threads meanwhile.
            first = min(op.sent for op in pending)
            self.boxes[pending[0].box].wait_any(
                [op.cid for op in pending if op.box == pending[0].box],
                max(0.0, min(0.05, first + ACK_TIMEOUT - now)))
            still = []
            for op in pending:
                ans = self.boxes[op.box].answer(op.cid)
                if ans is None:
                    still.append(op)
                    continue
                self.learn(op, ans)
                if op.tries == 1:
                    self.rtts.append(self.boxes[op.box].first[op.cid] -
                                     op.sent)
            pending = still

    def resend(self, ops):
        """Sends acknowledged commands again, as a QoS 1 redelivery or a
        box that missed the answer would, and waits for the new answers
        (compared with the first ones at the end)."""
        want = [(op, self.boxes[op.box].count(op.cid) + 1) for op in ops]
        self.send_all(ops)
        self.resent += len(ops)
        deadline = time.monotonic() + 1.5
        for op, n in want:
            if not self.boxes[op.box].wait_count(
                    op.cid, n, max(0.0, deadline - time.monotonic())):
                first = self.boxes[op.box].answer(op.cid)
                self.unanswered.append(f"{op.cid} ({op.op} "
                                       f"{first['result']})")

    def resend_old(self):
        """Sends earlier commands again: a refused take, a refused desk
        command and a few at random. A desk's answer then names its
        state now, so only their results are compared."""
        old = [op for op in self.ops if self.boxes[op.box].answer(op.cid)]
        pick = self.rng.sample(old, min(3, len(old)))
        for box in ("kiosk", "desk"):
            refused = [op for op in old if op.box.startswith(box) and
                       self.boxes[op.box].answer(op.cid)["result"] ==
                       "refused"]
            if refused:
                pick.append(self.rng.choice(refused))
        # A desk has one command pending at a time (the central answers
        # a desk's last command of a loop iteration only).
        once, seen = [], set()
        for op in pick:
            if op.box == "kiosk" or op.box not in seen:
                seen.add(op.box)
                once.append(op)
                op.meta["old"] = True
        self.resend(once)

    def step_until_answer(self):
        """Runs the central in slices of some tens of microseconds,
        frozen (SIGSTOP) in between, until the first answer of the burst
        comes; it is killed where it was frozen then. Anything it had
        answered by that point must already be on the disk: a central
        that answers before its commit is caught between the two."""
        pid = self.central.proc.pid
        deadline = time.monotonic() + 5
        try:
            while not self.answered.is_set() and \
                    time.monotonic() < deadline:
                run_for = self.rng.uniform(0.00002, 0.00005)
                os.kill(pid, signal.SIGCONT)
                t = time.perf_counter()
                while time.perf_counter() - t < run_for:
                    pass
                os.kill(pid, signal.SIGSTOP)
                self.answered.wait(0.003)
        finally:
            self.central.kill()		# SIGKILL works on a stopped one

    def inflight_delay(self):
        """A moment inside the central's handling of a burst: up to a
        little more than a typical answer's round trip."""
        rtt = sorted(self.rtts)[len(self.rtts) // 2] if self.rtts else 0.005
        return self.rng.uniform(0.1, 1.3) * rtt

    # --- the run ---------------------------------------------------------

    def drive(self, obs):
        rng = self.rng
        # Kill points spread over the run, and how each kill happens:
        # every mode at least once.
        points = []
        span = (TOTAL_OPS - QUIET_TAIL) // KILLS
        for k in range(KILLS):
            points.append(k * span + rng.randint(span // 3, span - 20))
        modes = ["inflight"] * 4 + ["burst", "idle"] * 2
        modes += ["step"] * (KILLS - len(modes))
        rng.shuffle(modes)
        plan = list(zip(points, modes))
        # First a fixed burst of commands the central refuses, then the
        # same ids again: refusals are answers too, kept and repeated.
        first = [self.take(), self.desk_op(1), self.take()]
        first[0] = Op("kiosk", first[0].cid, "take", json.dumps(
            {"v": 1, "id": first[0].cid, "service": "C"}),
            {"service": "C"})
        first[1] = Op("desk1", first[1].cid, "recall", json.dumps(
            {"v": 1, "op": "recall", "id": first[1].cid}),
            {"before": None})
        self.ops.extend(first)
        self.send_all(first)
        self.settle(first)
        self.resend(first)
        left = TOTAL_OPS - len(first)
        while left > 0:
            ops = self.burst(left)
            left -= len(ops)
            self.ops.extend(ops)
            due = plan and len(self.ops) >= plan[0][0]
            mode = plan.pop(0)[1] if due else None
            seen = len(obs.received(self.broker.topic("central/online")))
            self.answered.clear()
            self.watch = {op.cid for op in ops}
            self.send_all(ops)
            if mode in ("step", "burst", "inflight"):
                if mode == "step":
                    self.step_until_answer()
                elif mode == "inflight":
                    time.sleep(self.inflight_delay())
                self.kill_central(mode, ops)
                self.central_up(obs, seen)
                # Back: what is unanswered goes again, same ids.
                late = [op for op in ops if
                        self.boxes[op.box].answer(op.cid) is None]
                self.retries += len(late)
                self.send_all(late)
            self.settle(ops)
            if mode == "idle":
                self.kill_central(mode, ops)
                self.central_up(obs, seen)
            if mode is not None:
                # The restarted central knows these only from its log.
                self.resend(ops)
                if len(self.kills) % 3 == 1:
                    self.resend_old()
            elif rng.random() < 0.03:
                self.resend(ops)

    def run(self):
        c = self.c
        b = self.broker
        obs = b.client("screen-1", client_id="t-crash-screen")
        obs.subscribe_wait(b.topic("central/online"))
        self.central.start()
        self.central_up(obs, 0)
        for d in DESKS:
            self.boxes[f"desk{d}"] = Box(b, f"desk-{d}",
                                         b.topic(f"desk/{d}/cmd"),
                                         b.topic(f"desk/{d}/state"),
                                         "last_id", self.on_answer)
        self.boxes["kiosk"] = Box(b, "kiosk-1", b.topic("kiosk/1/take"),
                                  b.topic("kiosk/1/ticket"), "id",
                                  self.on_answer)
        t0 = time.monotonic()
        self.drive(obs)
        took = time.monotonic() - t0
        modes = collections.Counter(m for _, m in self.kills)
        c.check(len(self.kills) >= 5,
                f"the central was killed {len(self.kills)} times ("
                + ", ".join(f"{n} {m}" for m, n in sorted(modes.items()))
                + ")")
        c.check(len(self.ops) == TOTAL_OPS and all(
            self.boxes[op.box].answer(op.cid) for op in self.ops),
            f"all {TOTAL_OPS} commands acknowledged in {took:.1f} s "
            f"({self.retries} sent again while unanswered, {self.resent} "
            f"after their answer)")
        c.check(not self.lost, "every answer given before a kill was on "
                "the disk when the central died", repr(self.lost[:5]))
        c.check(not self.unanswered, "every command sent again after its "
                "answer was answered again", f"{len(self.unanswered)} "
                f"were not, e.g. {self.unanswered[:5]}")
        # The retained desk states as a desk that connects now sees them.
        self.final_states = {}
        for d in DESKS:
            o = b.client(f"desk-{d}", client_id=f"t-crash-final-{d}")
            o.subscribe_wait(b.topic(f"desk/{d}/state"))
            m = wait_for(lambda o=o, d=d: o.received(
                b.topic(f"desk/{d}/state")), 5, f"desk {d}'s state")
            self.final_states[d] = json.loads(m[-1].payload)
            o.close()
        # One more kill with everything answered: the states the central
        # retains after a restart still say what the log says.
        seen = len(obs.received(b.topic("central/online")))
        self.kill_central("final", self.ops)
        self.central_up(obs, seen)
        self.restart_states = {}
        for d in DESKS:
            o = b.client(f"desk-{d}", client_id=f"t-crash-restart-{d}")
            o.subscribe_wait(b.topic(f"desk/{d}/state"))

            def fresh(o=o, d=d):
                ms = [json.loads(m.payload) for m in
                      o.received(b.topic(f"desk/{d}/state"))]
                ms = [s for s in ms if s["time_ms"] >
                      self.final_states[d]["time_ms"]]
                return ms[-1] if ms else None
            # The restarted central republishes every desk's state.
            self.restart_states[d] = wait_for(fresh, 5,
                                              f"desk {d}'s state again")
            o.close()


def boxname(op):
    return "kiosk 1" if op.box == "kiosk" else f"desk {op.box[4:]}"


def last_acked(run, box):
    ops = [op for op in run.ops if op.box == box]
    return ops[-1] if ops else None


def db_desks(rows, day):
    """Each desk's status and ticket at the end of day, from the log."""
    st = {d: {"status": "idle", "ticket": None} for d in DESKS}
    holder = {}
    for seq, kind, svc, num, desk, kiosk, target, cid, eday in rows:
        if eday != day:
            continue
        t = (svc, num) if svc else None
        if kind == "called":
            st[desk] = {"status": "serving", "ticket": t}
            holder[t] = desk
        elif kind in ("served", "noshow", "transferred"):
            d = holder.pop(t, None)
            if d is not None and st[d]["ticket"] == t:
                st[d] = {"status": "idle" if st[d]["status"] == "serving"
                         else st[d]["status"], "ticket": None}
        elif kind == "paused":
            st[desk]["status"] = "paused"
        elif kind == "closed":
            st[desk]["status"] = "closed"
        elif kind == "resumed":
            st[desk]["status"] = "idle"
    return st


def check_db(c, run, db_path):
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    cmds = {}
    for box, cid, op, result, svc, num in db.execute(
            "SELECT box, id, op, result, service, number FROM commands"):
        cmds[(box, cid)] = (op, result, (svc, num) if num else None)
    rows = db.execute("SELECT seq, kind, service, number, desk, kiosk, "
                      "target, cmd_id, day FROM events ORDER BY seq"
                      ).fetchall()
    days = sorted({r[8] for r in rows})

    # Every answer to the same id is the same answer.
    differ = []
    for op in run.ops:
        ans = run.boxes[op.box].answers[op.cid]
        if op.box == "kiosk":
            keys = {(a["result"], a["reason"], tkey(a.get("ticket")),
                     a["day"]) for a in ans}
        elif op.meta.get("old"):
            keys = {(a["result"], a["reason"]) for a in ans}
        else:
            keys = {(a["result"], a["reason"], a["status"],
                     tkey(a.get("ticket"))) for a in ans}
        if len(keys) != 1:
            differ.append((op.cid, keys))
    c.check(not differ, "a command asked again is answered exactly as "
            "before, across restarts too", repr(differ[:5]))

    # The commands table: each acknowledged id once, with its answer, and
    # nothing else.
    missing, wrong = [], []
    for op in run.ops:
        ans = run.boxes[op.box].answer(op.cid)
        rec = cmds.get((boxname(op), op.cid))
        if rec is None:
            missing.append(op.cid)
        elif rec[0] != op.op or rec[1] != ans["result"] or (
                op.box == "kiosk" and ans["result"] == "ok" and
                rec[2] != tkey(ans["ticket"])):
            wrong.append((op.cid, rec, ans))
    ours = {(boxname(op), op.cid) for op in run.ops}
    extra = sorted(set(cmds) - ours)
    c.check(not missing, "every acknowledged command is in the log",
            f"{len(missing)} missing, e.g. {missing[:5]}")
    c.check(not wrong, "the log records each command with the answer "
            "it got", repr(wrong[:3]))
    c.check(not extra and len(cmds) == len(ours),
            f"the log holds exactly the {len(ours)} commands sent, each "
            f"once per box", repr(extra[:5]))

    # Takes: one 'issued' per acknowledged ok take, with its number.
    takes_ok = {op.cid: tkey(run.boxes["kiosk"].answer(op.cid)["ticket"])
                for op in run.ops if op.box == "kiosk" and
                run.boxes["kiosk"].answer(op.cid)["result"] == "ok"}
    issued = [r for r in rows if r[1] == "issued"]
    by_take = collections.defaultdict(list)
    for r in issued:
        by_take[r[7]].append((r[2], r[3]))
    c.check(len(issued) == len(takes_ok), f"{len(issued)} tickets issued "
            f"for {len(takes_ok)} acknowledged takes")
    bad = [(cid, t, by_take.get(cid)) for cid, t in takes_ok.items()
           if by_take.get(cid) != [t]]
    c.check(not bad, "each ticket a kiosk was given is the one in the log",
            repr(bad[:5]))
    refused_c = sum(1 for op in run.ops if op.box == "kiosk" and
                    op.meta["service"] == "C")
    c.check(refused_c > 0 and not [t for t in takes_ok.values()
                                   if t[0] == "C"],
            f"takes of the roll service were refused ({refused_c})")

    # Each command's events are one block, written once, of the shape its
    # op makes; refused commands wrote nothing.
    groups = collections.defaultdict(list)
    for r in rows:
        if r[7] is not None:
            groups[r[7]].append(r)
    shapes = {
        "take": [["issued"]],
        "next": [[], ["served"], ["called"], ["served", "called"]],
        "noshow": [["noshow"], ["noshow", "called"]],
        "recall": [["recalled"]],
        "requeue": [["requeued"]],
        "transfer": [["transferred"]],
        "pause": [[], ["paused"], ["served", "paused"]],
        "resume": [[], ["resumed"]],
    }
    misshapen = []
    for op in run.ops:
        g = groups.pop(op.cid, [])
        kinds = [r[1] for r in g]
        ok = run.boxes[op.box].answer(op.cid)["result"] == "ok"
        seqs = [r[0] for r in g]
        contiguous = seqs == list(range(seqs[0], seqs[0] + len(seqs))) \
            if seqs else True
        desk_ok = all(r[4] == int(op.box[4:]) for r in g) \
            if op.box != "kiosk" else all(r[5] == 1 for r in g)
        if (kinds not in shapes[op.op] if ok else kinds) or \
                not contiguous or not desk_ok:
            misshapen.append((op.cid, op.op, ok, g))
    c.check(not misshapen, "every command's events were written once, "
            "together, and only for commands answered ok",
            repr(misshapen[:3]))
    c.check(not groups, "no event names a command that was not sent",
            repr(list(groups)[:5]))
    loose = [r for r in rows if r[7] is None and
             r[1] not in ("unserved", "served", "day_closed")]
    c.check(not loose, "every other event comes from a command or the "
            "close of a day", repr(loose[:3]))

    # What each desk was told it is serving is what the log says.
    told = []
    called_by = {r[7]: (r[2], r[3]) for r in rows if r[1] == "called"}
    for op in run.ops:
        ans = run.boxes[op.box].answer(op.cid)
        if op.op not in ("next", "noshow") or ans["result"] != "ok":
            continue
        want = called_by.get(op.cid)
        if tkey(ans.get("ticket")) != want:
            told.append((op.cid, ans.get("ticket"), want))
    c.check(not told, "every acknowledged call names the ticket the log "
            "called", repr(told[:5]))

    # Numbering, per day.
    gaps, doubles = [], []
    for day in days:
        dr = [r for r in rows if r[8] == day]
        for svc in ("A", "B"):
            nums = sorted(r[3] for r in dr if r[1] == "issued" and
                          r[2] == svc)
            if nums != list(range(1, len(nums) + 1)):
                gaps.append((day, svc, nums[:10]))
        rolled = sorted({r[3] for r in dr if r[1] == "called" and
                         r[2] == "C"})
        if rolled != list(range(1, len(rolled) + 1)):
            gaps.append((day, "C", rolled[:10]))
        count = collections.Counter()
        for r in dr:
            if r[1] in ("called", "requeued", "transferred"):
                count[(r[1], r[2], r[3])] += 1
        for (kind, svc, num), n in count.items():
            if kind != "called":
                continue
            allowed = 1 + count[("requeued", svc, num)] + \
                count[("transferred", svc, num)]
            if n > allowed:
                doubles.append((day, f"{svc}{num}", n, allowed))
    c.check(not gaps, "kiosk numbers 1..N per service and roll numbers "
            "1..M called, without gaps", repr(gaps[:3]))
    c.check(not doubles, "no ticket called more often than once plus its "
            "requeues and transfers", repr(doubles[:5]))
    nissued = {s: sum(1 for r in issued if r[2] == s) for s in "AB"}
    ncalled = collections.Counter(r[1] for r in rows)
    print(f"# log: {len(rows)} events, issued {nissued}, "
          f"{dict(ncalled)}", flush=True)

    # The desks' retained states, at the end and after a last restart.
    # A restarted central must still name each desk's last command: a
    # desk never sends a press again, so the retained state is the only
    # way it can learn that a press committed just before a crash was
    # applied (protocol.md: last_id is "" only when none was handled).
    final = db_desks(rows, days[-1]) if days else {}
    for label, states in (("at the end", run.final_states),
                          ("after a restart", run.restart_states)):
        diff, ids = [], []
        for d, st in states.items():
            mine = {"status": st["status"], "ticket": tkey(st["ticket"])}
            if mine != final[d] or mine != run.desk_view[d]:
                diff.append((d, mine, final[d], run.desk_view[d]))
            last = last_acked(run, f"desk{d}")
            want = (last.cid, run.boxes[last.box].answer(last.cid)[
                "result"]) if last else ("", "ok")
            if (st["last_id"], st["result"]) != want:
                ids.append((d, st["last_id"], st["result"], want))
        c.check(not diff, f"the desks' retained states {label} agree with "
                "the log", repr(diff))
        c.check(not ids, f"the desks' retained states {label} name each "
                "desk's last command and its result", repr(ids))
    db.close()

    tool = os.environ.get("ANTRE_STORE_TOOL")
    if not tool:
        c.check(False, "$ANTRE_STORE_TOOL names store-tool")
        return
    r = subprocess.run([tool, "verify", db_path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    c.check(r.returncode == 0 and r.stdout.strip() ==
            f"ok {len(rows)} rows", "the log's hash chain is intact",
            r.stdout.strip())


def run(c, tmp):
    # Hand the interpreter over quickly from the network threads to the
    # one that kills: "ack" kills land right after an answer went out.
    sys.setswitchinterval(0.0002)
    seed = int(os.environ.get("ANTRE_SEED", "7"))
    print(f"# seed {seed}", flush=True)
    r = Run(c, tmp, seed)
    try:
        r.run()
    finally:
        for box in r.boxes.values():
            box.close()
        c.stopped(r.central, "central")
        r.broker.close()
    check_db(c, r, r.central.db_path)


def main():
    return run_test("test_crash", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
