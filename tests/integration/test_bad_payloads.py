"""Bad payloads on every topic the central reads: it drops them, logs them,
stays up, and its queue changes only through the valid commands.

With the boxes' own credentials (desk-N on desk/N/*, kiosk-1 on
kiosk/1/take and kiosk/1/status), the test publishes on desk/N/cmd,
desk/N/online, kiosk/1/take and kiosk/1/status:

* every file of tests/fuzz/corpus/proto/ that is not a valid message for
  the topic;
* a few thousand seeded random byte strings (0..2000 bytes), mutations of
  valid messages, and valid JSON of the wrong shape (wrong types, missing
  or out-of-range fields, duplicate keys, other versions, trailing bytes);

and, between them, valid commands and takes of its own, each waited for.
Whether a payload is valid is decided by a model of docs/protocol.md
written here; only payloads it calls invalid are sent as bad ones, and the
central's log must name each of them as dropped, no more and no fewer.
The log of events must then be exactly what the valid commands make.

Last, the corpus files that ARE valid for a topic are sent on it: each must
be recorded (the model and the codec agree both ways).

ANTRE_SEED picks the run (default 11).
"""

import collections
import json
import math
import os
import random
import re
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                          # noqa: E402
from antre_procs import Central, wait_for                # noqa: E402
from checks import run_test                              # noqa: E402

PREFIX = "antre/bad"
DESKS = (1, 2)
RANDOM_PAYLOADS = 3000		# random bytes and mutations, over all topics
SHAPES = 900			# valid JSON of the wrong shape
SYNC_EVERY = (20, 60)		# bad payloads between two valid commands
OPS = ("next", "recall", "noshow", "requeue", "transfer", "pause",
       "resume", "close", "rate", "take_priority")
PRINTERS = ("ok", "paper_low", "paper_out", "cover_open", "offline", "error")


# --- a model of the protocol's rules (docs/protocol.md) ------------------

class Invalid(Exception):
    pass


def _no_dup(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise Invalid("duplicate key")
    return dict(pairs)


def _bad_constant(name):
    raise Invalid(f"{name} is not JSON")


def _walk(x):
    """Refuses what jansson refuses and Python accepts: NUL and lone
    surrogates in strings, integers beyond 64 bits, infinite reals."""
    if isinstance(x, str):
        if "\0" in x or any(0xD800 <= ord(ch) <= 0xDFFF for ch in x):
            raise Invalid("string")
    elif isinstance(x, bool) or x is None:
        pass
    elif isinstance(x, int):
        if not -2**63 <= x < 2**63:
            raise Invalid("integer too big")
    elif isinstance(x, float):
        if math.isinf(x) or math.isnan(x):
            raise Invalid("real overflow")
    elif isinstance(x, dict):
        for k, v in x.items():
            _walk(k)
            _walk(v)
    elif isinstance(x, list):
        for v in x:
            _walk(v)


def _open(payload):
    """The payload as a dict of protocol version 1, or Invalid."""
    if len(payload) > 65536:
        raise Invalid("too large")
    try:
        text = payload.decode("utf-8")
        root = json.loads(text, object_pairs_hook=_no_dup,
                          parse_constant=_bad_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Invalid("not JSON")
    _walk(root)
    if not isinstance(root, dict):
        raise Invalid("not an object")
    if not _is_int(root.get("v")) or root["v"] != 1:
        raise Invalid("version")
    return root


def _is_int(x):
    return isinstance(x, int) and not isinstance(x, bool)


def _id(x, empty_ok=False):
    if not isinstance(x, str):
        raise Invalid("id type")
    if not (0 if empty_ok else 1) <= len(x.encode()) <= 47 or \
            any(not 0x21 <= ord(ch) <= 0x7E for ch in x):
        raise Invalid("id")
    return x


def _service(x):
    if not isinstance(x, str) or len(x) != 1 or not "A" <= x <= "Z":
        raise Invalid("service")


def valid_cmd(payload):
    """The command's id if payload is a valid command, else None."""
    try:
        root = _open(payload)
        if not isinstance(root.get("op"), str) or root["op"] not in OPS:
            raise Invalid("op")
        cid = _id(root.get("id"))
        if root["op"] == "transfer":
            _service(root.get("service"))
        if root["op"] == "take_priority" and "service" in root:
            _service(root["service"])
        if root["op"] == "rate" and not (_is_int(root.get("value")) and
                                         1 <= root["value"] <= 5):
            raise Invalid("value")
        if root["op"] == "requeue":
            t = root.get("ticket")
            if not isinstance(t, dict):
                raise Invalid("ticket")
            _service(t.get("service"))
            if not _is_int(t.get("number")) or \
                    not 1 <= t["number"] <= 9999:
                raise Invalid("number")
            if "priority" in t and not isinstance(t["priority"], bool):
                raise Invalid("priority")
        return cid
    except Invalid:
        return None


def valid_take(payload):
    try:
        root = _open(payload)
        cid = _id(root.get("id"))
        _service(root.get("service"))
        if "priority" in root and not isinstance(root["priority"], bool):
            raise Invalid("priority")
        return cid
    except Invalid:
        return None


def valid_online(payload):
    try:
        root = _open(payload)
        if not isinstance(root.get("online"), bool):
            raise Invalid("online")
        _id(root.get("boot"), empty_ok=True)
        return True
    except Invalid:
        return None


def valid_status(payload):
    try:
        root = _open(payload)
        if not isinstance(root.get("online"), bool):
            raise Invalid("online")
        if root.get("printer") not in PRINTERS:
            raise Invalid("printer")
        if "pending" in root and not (_is_int(root["pending"]) and
                                      0 <= root["pending"] <= 9999):
            raise Invalid("pending")
        return True
    except Invalid:
        return None


VALID = {"cmd": valid_cmd, "take": valid_take, "online": valid_online,
         "status": valid_status}
DROPPED = {"cmd": "bad command dropped", "take": "bad take dropped",
           "online": "bad presence dropped",
           "status": "bad kiosk status dropped"}


# --- bad payloads ----------------------------------------------------------

def corpus():
    d = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                     "fuzz", "corpus", "proto")
    out = []
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), "rb") as f:
            out.append((name, f.read()))
    return out


def random_bytes(rng):
    n = rng.choice([rng.randint(0, 16), rng.randint(0, 200),
                    rng.randint(0, 2000)])
    kind = rng.random()
    if kind < 0.4:
        return bytes(rng.getrandbits(8) for _ in range(n))
    if kind < 0.7:		# printable, JSON-ish characters
        return "".join(rng.choice('{}[]":,0123456789.-eE truefalsnl\\u'
                                  'vopidservice') for _ in range(n)
                       ).encode()
    # Nesting, deep or unbalanced, at most 2000 bytes.
    opener = rng.choice([b"[", b'{"a":'])
    depth = rng.randint(1, 1999 // (len(opener) + 1))
    return opener * depth + rng.choice([b"", b"1", b"]" * depth,
                                        b"}" * depth])


def mutate(rng, payload):
    b = bytearray(payload)
    for _ in range(rng.randint(1, 4)):
        what = rng.random()
        i = rng.randint(0, len(b))
        if what < 0.3 and b:
            del b[min(i, len(b) - 1)]
        elif what < 0.6:
            b[i:i] = bytes([rng.getrandbits(8)])
        elif b:
            b[min(i, len(b) - 1)] = rng.getrandbits(8)
    return bytes(b)


def wrong_shape(rng, topic_kind, n):
    """Valid JSON that is not a valid message for topic_kind (the model
    decides; the caller draws again when it is valid)."""
    pick = rng.choice
    values = [1, 2, 0, -1, "1", 1.0, True, None, 2**63 - 1, 9999, 10000,
              "", "x", [], {}, [1], {"a": 1}, "A", "a", "AB", "Z", "\u00e9",
              "next", "has space", "x" * 48, "y" * 47, 1e300, -0.0]
    o = {}
    if rng.random() < 0.9:
        o["v"] = 1 if rng.random() < 0.7 else pick(values)
    fields = {"cmd": ["op", "id", "service", "value", "ticket"],
              "take": ["id", "service", "priority"],
              "online": ["online", "boot"],
              "status": ["online", "printer", "pending"]}[topic_kind]
    for f in fields:
        r = rng.random()
        if r < 0.15:
            continue
        if f == "op":
            o[f] = pick(list(OPS) + ["jump", "NEXT", "", 5, None])
        elif f == "id":
            o[f] = f"bad-{n}" if r < 0.6 else pick(values)
        elif f == "service":
            o[f] = pick(["A", "B", "a", "", "AB", 1, None, "\u00c0"])
        elif f == "value":
            o[f] = pick([0, 1, 5, 6, "5", 5.0, None])
        elif f == "ticket":
            o[f] = pick([None, "A7", {"service": "A"},
                         {"service": "A", "number": 0},
                         {"service": "A", "number": 7},
                         {"service": "a", "number": 7},
                         {"service": "A", "number": 10000}])
        elif f == "online":
            o[f] = pick([True, False, "true", 1, None])
        elif f == "priority":
            o[f] = pick([True, False, 1, "yes", None])
        elif f == "printer":
            o[f] = pick(list(PRINTERS) + ["jammed", "OK", "", 3, None])
        elif f == "pending":
            o[f] = pick([0, 1, 9999, 10000, -1, "2", 1.0, None])
        elif f == "boot":
            o[f] = pick(["", "b00t", "has space", "x" * 48, 7, None])
        else:
            o[f] = pick(values)
    if rng.random() < 0.2:
        o[pick(["x", "extra", "op2", "ID"])] = pick(values)
    text = json.dumps(o, separators=(",", ":"))
    r = rng.random()
    if r < 0.05:
        text = json.dumps(pick([[o], "text", 12, None, True, []]))
    elif r < 0.12 and len(o) > 0:
        k = pick(list(o))		# a duplicate key
        text = text[:-1] + "," + json.dumps(k) + ":" + \
            json.dumps(o[k]) + "}"
    elif r < 0.17:
        text += pick(["x", "}", " {}", "\n1", "]"])
    elif r < 0.2:
        text = text.replace('"v":1', pick(['"v":1.0', '"v":01', '"v":1e0',
                                           '"v":"\\u0031"', '"v":true']))
    elif r < 0.23 and '"bad-' in text:
        text = text.replace('"bad-', pick(['"bad\\u0000', '"\\ud800bad-',
                                           '"bad\\t-', '"bad\u00e9-']), 1)
    return text.encode()


# --- the test --------------------------------------------------------------

class Valid:
    """Our own valid commands, and what they should make."""

    def __init__(self, broker, desk_clients, kiosk):
        self.b = broker
        self.desk = desk_clients
        self.kiosk = kiosk
        self.n = 0
        self.ids = {("kiosk 1" if box == "kiosk" else f"desk {box}"): []
                    for box in list(DESKS) + ["kiosk"]}
        # The model: waiting tickets, each desk's ticket and recalls.
        self.waiting = collections.deque()
        self.last = 0
        self.cur = {d: None for d in DESKS}
        self.recalls = {d: 0 for d in DESKS}
        self.events = []		# (kind, service, number, desk, kiosk, id)

    def take(self):
        self.n += 1
        cid = f"ok-{self.n}"
        topic = self.b.topic("kiosk/1/ticket")
        self.kiosk.publish_wait(self.b.topic("kiosk/1/take"), json.dumps(
            {"v": 1, "id": cid, "service": "A"}))
        ans = wait_for(lambda: [json.loads(m.payload) for m in
                                self.kiosk.received(topic)
                                if json.loads(m.payload)["id"] == cid],
                       10, f"the ticket for {cid}")[0]
        self.last += 1
        self.waiting.append(self.last)
        self.events.append(("issued", "A", self.last, None, 1, cid))
        self.ids["kiosk 1"].append(cid)
        return ans["result"] == "ok" and ans["ticket"] == {
            "service": "A", "number": self.last}

    def desk_cmd(self, d, op):
        self.n += 1
        cid = f"ok-{self.n}"
        topic = self.b.topic(f"desk/{d}/state")
        # The valid presences among the bad ones name other boots: say
        # again that this desk is boot "ok", whose ids are "ok-N".
        self.desk[d].publish_wait(self.b.topic(f"desk/{d}/online"),
                                  b'{"v":1,"online":true,"boot":"ok"}',
                                  retain=True)
        self.desk[d].publish_wait(self.b.topic(f"desk/{d}/cmd"),
                                  json.dumps({"v": 1, "op": op, "id": cid}))
        st = wait_for(lambda: [json.loads(m.payload) for m in
                               self.desk[d].received(topic)
                               if json.loads(m.payload)["last_id"] == cid],
                      10, f"the answer to {cid}")[0]
        self.ids[f"desk {d}"].append(cid)
        if op == "recall":
            self.recalls[d] += 1
            self.events.append(("recalled", "A", self.cur[d], d, None, cid))
        else:
            if self.cur[d] is not None:
                self.events.append(("served", "A", self.cur[d], d, None,
                                    cid))
                self.cur[d] = None
            if self.waiting:
                self.cur[d] = self.waiting.popleft()
                self.recalls[d] = 0
                self.events.append(("called", "A", self.cur[d], d, None,
                                    cid))
        t = st.get("ticket")
        return st["result"] == "ok" and (t["number"] if t else None) == \
            self.cur[d]

    def one(self, rng):
        """One valid command, chosen at random; True if it was answered
        as the model says."""
        r = rng.random()
        d = rng.choice(DESKS)
        if r < 0.45:
            return self.take()
        if r < 0.55 and self.cur[d] is not None and self.recalls[d] < 3:
            return self.desk_cmd(d, "recall")
        return self.desk_cmd(d, "next")


def count_dropped(log, topic, kind):
    return len(re.findall(r"^antre-display: warning: " + re.escape(topic)
                          + ": " + DROPPED[kind] + ": ", log, re.M))


def run(c, tmp):
    seed = int(os.environ.get("ANTRE_SEED", "11"))
    print(f"# seed {seed}", flush=True)
    rng = random.Random(seed)
    broker = Broker(tmp, PREFIX, desks=list(DESKS), kiosks=[1],
                    screens=[1]).start()
    central = Central(tmp, broker, desks={d: "A" for d in DESKS},
                      services={"A": "KTP & KK", "B": "BPJS Kesehatan"},
                      sources={"A": "kiosk", "B": "kiosk"})
    topics = {}			# topic -> (kind, client)
    sent = collections.Counter()	# (topic, kind) -> bad payloads sent
    skipped = collections.Counter()
    valid_corpus = []		# (topic, kind, name, payload, id)
    try:
        central.start()
        screen = broker.client("screen-1", client_id="t-bad-screen")
        screen.subscribe_wait(broker.topic("central/online"))
        wait_for(lambda: screen.received(broker.topic("central/online")),
                 10, "the central")
        desk = {}
        for d in DESKS:
            desk[d] = broker.client(f"desk-{d}", client_id=f"t-bad-d{d}")
            desk[d].subscribe_wait(broker.topic(f"desk/{d}/state"))
            topics[broker.topic(f"desk/{d}/cmd")] = ("cmd", desk[d])
            topics[broker.topic(f"desk/{d}/online")] = ("online", desk[d])
        kiosk = broker.client("kiosk-1", client_id="t-bad-k1")
        kiosk.subscribe_wait(broker.topic("kiosk/1/ticket"))
        topics[broker.topic("kiosk/1/take")] = ("take", kiosk)
        topics[broker.topic("kiosk/1/status")] = ("status", kiosk)
        valid = Valid(broker, desk, kiosk)

        # The bad payloads, all decided invalid by the model.
        bad = []
        for name, payload in corpus():
            for topic, (kind, _) in topics.items():
                if VALID[kind](payload) is None:
                    bad.append((topic, payload))
                else:
                    valid_corpus.append((topic, kind, name, payload,
                                         VALID[kind](payload)))
        examples = [json.dumps({"v": 1, "op": op, "id": f"m-{i}"}).encode()
                    for i, op in enumerate(OPS)] + [
            b'{"v":1,"id":"m-t","service":"A"}',
            b'{"v":1,"online":true,"boot":"b00t"}',
            b'{"v":1,"online":true,"printer":"paper_out","pending":1}']
        tlist = sorted(topics)
        for i in range(RANDOM_PAYLOADS):
            topic = rng.choice(tlist)
            kind = topics[topic][0]
            p = random_bytes(rng) if i % 2 else \
                mutate(rng, rng.choice(examples))
            if VALID[kind](p) is None:
                bad.append((topic, p))
            else:
                skipped[kind] += 1
        for i in range(SHAPES):
            topic = tlist[i % len(tlist)]
            kind = topics[topic][0]
            while True:
                p = wrong_shape(rng, kind, i)
                if VALID[kind](p) is None:
                    break
            bad.append((topic, p))
        rng.shuffle(bad)

        # Sent, with our own valid commands in between.
        answered = []
        i = 0
        while i < len(bad):
            k = rng.randint(*SYNC_EVERY)
            for topic, payload in bad[i:i + k]:
                kind, cl = topics[topic]
                cl.publish_wait(topic, payload)
                # An empty presence is a cleared retained topic: ignored,
                # and not logged.
                if not (kind in ("online", "status") and payload == b""):
                    sent[(topic, kind)] += 1
            i += k
            answered.append(valid.one(rng))
            if not central.alive():
                break
        c.check(central.alive(), f"the central is alive after {len(bad)} "
                f"bad payloads ({dict(skipped)} random ones were valid "
                "and not sent)")
        c.check(all(answered), f"all {len(answered)} valid commands in "
                "between were answered as expected",
                f"{answered.count(False)} were not")
        # The log of the valid stream alone, before the valid corpus.
        db = sqlite3.connect(f"file:{central.db_path}?mode=ro", uri=True)
        rows = db.execute("SELECT kind, service, number, desk, kiosk, "
                          "cmd_id FROM events ORDER BY seq").fetchall()
        cmds = sorted(db.execute("SELECT box, id FROM commands"))
        db.close()
        want_cmds = sorted((box, cid) for box, ids in valid.ids.items()
                           for cid in ids)
        c.check(cmds == want_cmds, f"only our {len(want_cmds)} valid "
                "commands are recorded", repr(sorted(set(cmds) ^
                                                     set(want_cmds))[:5]))
        c.check(rows == valid.events, f"the log holds exactly the "
                f"{len(valid.events)} events the valid commands make",
                next((f"#{n}: {a} != {b}" for n, (a, b) in enumerate(
                    zip(rows, valid.events)) if a != b),
                    f"{len(rows)} rows vs {len(valid.events)}"))
        # Bad payloads are logged at most a few lines per 10 s, the rest
        # counted in one line when the window ends (the central wakes
        # for its keepalive, 10 s here, at the latest).
        total = sum(sent.values())

        def accounted():
            log = central.log()
            lines = sum(count_dropped(log, t, k) for (t, k) in sent)
            return lines, lines + sum(int(n) for n in re.findall(
                r"warning: (\d+) more line\(s\) like \"bad payload "
                r"dropped\" suppressed", log))
        try:
            wait_for(lambda: accounted()[1] >= total, 30,
                     "the suppressed lines' count")
        except Exception:
            pass
        lines, counted = accounted()
        c.check(counted == total and lines < total / 10,
                f"the central logged the {total} bad payloads as dropped "
                "in a few lines, the rest counted as suppressed",
                f"{lines} lines, {counted} counted")

        # The corpus files that are valid for a topic: each recorded.
        vids = []
        for topic, kind, name, payload, cid in valid_corpus:
            cl = topics[topic][1]
            cl.publish_wait(topic, payload)
            if kind not in ("online", "status"):
                box = "kiosk 1" if kind == "take" else \
                    f"desk {topic.split('/')[-2]}"
                vids.append((box, cid, name))
        answered = valid.take()		# in order after all of them
        db = sqlite3.connect(f"file:{central.db_path}?mode=ro", uri=True)
        have = set(db.execute("SELECT box, id FROM commands"))
        late = db.execute("SELECT DISTINCT cmd_id FROM events WHERE seq > "
                          "?", (len(rows),)).fetchall()
        db.close()
        missing = [v for v in vids if (v[0], v[1]) not in have]
        c.check(vids and not missing, f"the {len(vids)} corpus files that "
                "are valid commands for their topic were recorded",
                repr(missing[:5]))
        allowed = {v[1] for v in vids} | {f"ok-{valid.n}"}
        c.check(answered and all(r[0] in allowed for r in late),
                "after them only they and our own commands changed the "
                "queue", repr(late))
        c.check(central.alive(), "the central is still running")
    finally:
        c.stopped(central, "central")
        broker.close()
    tool = os.environ.get("ANTRE_STORE_TOOL")
    if not c.check(tool, "$ANTRE_STORE_TOOL names store-tool"):
        return
    r = subprocess.run([tool, "verify", central.db_path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    c.check(r.returncode == 0, "the log's hash chain is intact",
            r.stdout.strip())


def main():
    return run_test("test_bad_payloads", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
