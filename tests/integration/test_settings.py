"""The office's changes to a running hall through the real broker and
central: antre-web's credential sends admin commands on P/admin/cmd; the
running text appears on the board's frames, a service's name and quota
and a desk's order of services apply at once (a press calls from the new
order), a service is added; the answer comes once the 'setting' event
with the user is in the log; every refusal (empty name, markup, a quota
out of range, a running text over 511 bytes and one of 10 kB, an unknown
key, a desk's unknown service, an unknown desk, bad quiet hours, a name
used twice, one bad pair among good ones) names its key with a reason in
Bahasa Indonesia and changes nothing (log, retained settings,
settings.conf); a command sent twice is applied once; a desk cannot
publish there; a restart keeps the settings, a bad settings.conf line is
logged with its line and left out; the chain verifies with the setting
rows and antre-report lists them.
"""

import json
import os
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                      # noqa: E402
from antre_procs import (Central, binary, png_text_chunks,  # noqa: E402
                         wait_central_online, wait_for)
from checks import run_test                          # noqa: E402

PREFIX = "antre/setelan"


def rows(db_path):
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT seq, kind, cmd_id, detail FROM events "
                          "ORDER BY seq").fetchall()
    finally:
        db.close()


class Office:
    """antre-web's side of the protocol, and a desk, a kiosk, a screen."""

    def __init__(self, b):
        self.b = b
        self.web = b.client("web")
        self.ack = b.topic("admin/ack")
        self.settings_topic = b.topic("settings")
        self.web.subscribe_wait(self.ack)
        self.desk = b.client("desk-1")
        self.state = b.topic("desk/1/state")
        self.desk.subscribe_wait(self.state)
        self.kiosk = b.client("kiosk-1")
        self.ticket = b.topic("kiosk/1/ticket")
        self.kiosk.subscribe_wait(self.ticket)
        self.screen = b.client("screen-1")
        self.screen.subscribe_wait(b.topic("central/online"))
        self.screen.subscribe_wait(b.topic("board"))
        self.n = 0

    def send(self, payload, client=None):
        (client or self.web).publish_wait(b_topic(self.b, "admin/cmd"),
                                          payload)

    def admin(self, pairs, user="sari", cid=None, op="set", note=None):
        self.n += 1
        cid = cid or f"web-t-{self.n}"
        cmd = {"v": 1, "op": op, "id": cid, "user": user}
        if op == "set":
            cmd["set"] = [{"key": k, "value": v} for k, v in pairs]
        else:
            cmd["note"] = note
        self.send(json.dumps(cmd, ensure_ascii=False))
        return self.answer(cid)

    def answer(self, cid, timeout=10):
        return wait_for(lambda: next(
            (json.loads(m.payload) for m in self.web.received(self.ack)
             if json.loads(m.payload)["id"] == cid), None), timeout,
            f"the answer to {cid}")

    def settings(self):
        """The retained settings, read by a fresh subscription."""
        cl = self.b.client("web", client_id=f"t-set-{time.monotonic_ns()}")
        try:
            cl.subscribe_wait(self.settings_topic)
            m = wait_for(lambda: cl.received(self.settings_topic), 10,
                         "retained settings")
            return json.loads(m[-1].payload)
        finally:
            cl.close()

    def last_settings(self):
        msgs = self.web.received(self.settings_topic)
        return json.loads(msgs[-1].payload) if msgs else None

    def board(self):
        msgs = self.screen.received(self.b.topic("board"))
        return json.loads(msgs[-1].payload) if msgs else None

    def press(self, cid):
        self.desk.publish_wait(self.b.topic("desk/1/cmd"),
                               json.dumps({"v": 1, "op": "next", "id": cid}))
        return wait_for(lambda: next(
            (json.loads(m.payload) for m in
             reversed(self.desk.received(self.state))
             if json.loads(m.payload)["last_id"] == cid), None), 10,
            f"answer to {cid}")

    def take(self, cid, service):
        self.kiosk.publish_wait(self.b.topic("kiosk/1/take"), json.dumps(
            {"v": 1, "id": cid, "service": service}))
        return wait_for(lambda: next(
            (json.loads(m.payload) for m in self.kiosk.received(self.ticket)
             if json.loads(m.payload)["id"] == cid), None), 10,
            f"ticket for {cid}")


def b_topic(b, rest):
    return b.topic(rest)


def svc(st, letter):
    return next((s for s in st["services"] if s["letter"] == letter), None)


def running(central):
    return wait_for(lambda: os.path.exists(central.latest_png()) and
                    png_text_chunks(central.latest_png()), 10,
                    "a frame")


def wait_running(central, text):
    return wait_for(lambda: os.path.exists(central.latest_png()) and
                    png_text_chunks(central.latest_png()).get(
                        "Antre-Running") == text, 10,
                    f"a frame with the running text {text!r}")


def settings_file(central):
    p = os.path.join(central.dir, "settings.conf")
    if not os.path.exists(p):
        return None
    with open(p, encoding="utf-8") as f:
        return f.read()


def start(central, office, seen=None):
    seen = len(office.screen.received(office.b.topic("central/online")))
    central.start()
    wait_central_online(office.screen, office.b, seen)


def live(c, office, central):
    st = office.settings()
    c.check(svc(st, "A")["name"] == "KTP" and svc(st, "B")["name"] == "KK"
            and st["running_text"] == "" and st["quiet"] == [] and
            st["desks"] == [{"desk": 1, "name": "Loket 1", "services": "AB"},
                            {"desk": 2, "name": "Loket 2",
                             "services": "A"}],
            "at start the central publishes its settings retained", repr(st))

    text = "Selamat datang di Mal Pelayanan Publik — antre dengan tertib"
    before = len(rows(central.db_path))
    a = office.admin([("board.running_text", text)], cid="web-text")
    ev = rows(central.db_path)
    c.check(a == {"v": 1, "id": "web-text", "result": "ok", "key": "",
                  "reason": ""}, "the running text: answered ok", repr(a))
    # The answer was sent after the commit: the row was there already.
    new = ev[before:]
    detail = json.loads(new[0][3]) if len(new) == 1 and new[0][3] else {}
    c.check(len(new) == 1 and new[0][1] == "setting" and
            new[0][2] == "web-text" and detail.get("user") == "sari" and
            detail.get("set") == [{"key": "board.running_text",
                                   "value": text}],
            "one 'setting' event with the user and the pair was in the "
            "log when the answer came", repr(new))
    wait_running(central, text)
    c.check(True, "the board's frame shows the new running text "
            "(Antre-Running)")
    st = wait_for(lambda: (s := office.last_settings()) is not None and
                  s["running_text"] == text and s, 10, "settings")
    c.check(st["time_ms"] > 0, "P/settings carries the running text")

    # Names and quota, live.
    office.take("t-1", "A")
    a = office.admin([("service.A.name", "KTP Elektronik"),
                      ("service.A.quota", "2"),
                      ("service.A.target_wait", "20"),
                      ("service.A.last_take", "23:59")])
    wait_for(lambda: (x := office.board()) is not None and any(
        w["service"] == "A" and w["name"] == "KTP Elektronik"
        for w in x["waiting"]) and x, 10, "the new name on the board")
    c.check(a["result"] == "ok", "name, quota, target wait and last take "
            "of A: ok", repr(a))
    c.check(True, "the board names A \"KTP Elektronik\" at once")
    t2, t3 = office.take("t-2", "A"), office.take("t-3", "A")
    c.check(t2["result"] == "ok" and t3["result"] == "refused" and
            t3["code"] == "quota", "the quota of 2 holds at once: the "
            "third A is refused (quota)", repr(t3))
    st = office.settings()
    c.check(svc(st, "A") == {"letter": "A", "name": "KTP Elektronik",
                             "target_wait": 20, "quota": 2,
                             "last_take": "23:59"},
            "the retained settings say so", repr(svc(st, "A")))

    # The desk's order: B before A.
    office.take("t-4", "B")
    a = office.admin([("desk.1.services", "BA")])
    s = office.press("p-1")
    c.check(a["result"] == "ok" and s["result"] == "ok" and
            s["ticket"]["service"] == "B",
            "desk 1 set to serve B first: its press calls B1 although A "
            "waits longer", repr(s))

    # A new service, named and limited in one command.
    a = office.admin([("service.C.quota", "5"),
                      ("service.C.name", "Perizinan")])
    wait_for(lambda: (x := office.board()) is not None and any(
        w["service"] == "C" for w in x["waiting"]) and x, 10, "C")
    t = office.take("t-5", "C")
    c.check(a["result"] == "ok" and t["result"] == "ok" and
            t["service_name"] == "Perizinan",
            "a new service C (quota before name in the command) takes "
            "tickets at once", repr(a) + repr(t))
    a = office.admin([("voice.quiet", "12:00-13:00,22:00-05:00")])
    st = office.settings()
    c.check(a["result"] == "ok" and
            st["quiet"] == ["12:00-13:00", "22:00-05:00"],
            "quiet hours for the voice", repr(st["quiet"]))
    a = office.admin([], op="note", note="sandi pengguna budi diganti",
                     user="admin")
    d = json.loads(rows(central.db_path)[-1][3])
    c.check(a["result"] == "ok" and d["op"] == "note" and
            d["user"] == "admin" and
            d["note"] == "sandi pengguna budi diganti",
            "a note (a web password changed) is logged with its user",
            repr(d))


REFUSALS = [
    ([("service.A.name", "")], "service.A.name", "Nama layanan kosong"),
    ([("service.A.name", "<script>alert(1)</script>")], "service.A.name",
     "Tanda < dan > tidak boleh dipakai"),
    ([("service.A.quota", "-1")], "service.A.quota",
     "Kuota harus 0 sampai 9999"),
    ([("service.A.target_wait", "601")], "service.A.target_wait",
     "Target waktu tunggu harus 0 sampai 600 menit"),
    ([("board.running_text", "x" * 600)], "board.running_text",
     "Teks berjalan terlalu panjang (maks. 511 byte)"),
    ([("board.running_text", "x" * 10240)], "board.running_text",
     "Isian tidak sah atau terlalu panjang (maks. 1023 byte)"),
    ([("board.warna", "merah")], "board.warna", "Pengaturan tidak dikenal"),
    ([("desk.1.services", "AZ")], "desk.1.services", "Layanan Z tidak ada"),
    ([("desk.1.services", "AA")], "desk.1.services",
     "Layanan A ditulis dua kali"),
    ([("desk.9.services", "A")], "desk.9.services", "Loket 9 tidak ada"),
    ([("voice.quiet", "12-13")], "voice.quiet",
     "Jam tenang ditulis JJ:MM-JJ:MM, dipisah koma, paling banyak 8"),
    ([("service.B.name", "KTP Elektronik")], "service.B.name",
     "Nama \"KTP Elektronik\" sudah dipakai layanan A"),
    ([("service.D.quota", "5")], "service.D.quota",
     "Layanan D belum ada: beri nama dulu"),
    ([("service.A.quota", "7"), ("service.B.quota", "banyak")],
     "service.B.quota", "Kuota harus 0 sampai 9999"),
]


def refusals(c, office, central):
    st0 = office.settings()
    n0 = len(rows(central.db_path))
    file0 = settings_file(central)
    for pairs, key, reason in REFUSALS:
        a = office.admin(pairs)
        c.check(a["result"] == "refused" and a["key"] == key and
                a["reason"] == reason,
                f"{pairs[-1][0]} = {pairs[-1][1][:30]!r}: refused, "
                f"\"{reason}\"", repr(a))
    st = office.settings()
    c.check(len(rows(central.db_path)) == n0 and st == st0 and
            settings_file(central) == file0,
            "after the refusals: the log, the retained settings and "
            "settings.conf are as before (A's quota still 2)",
            repr(svc(st, "A")))
    # Unreadable: no id, nothing to answer; a readable id gets one.
    office.send('{"v":1,"op":"set","user":"sari"}')
    office.send('{"v":1,"op":"set","id":"web-bad","user":"Sari!",'
                '"set":[]}')
    a = office.answer("web-bad")
    c.check(a["result"] == "refused" and a["reason"] ==
            "Perintah tidak dapat dibaca", "a command the codec refuses "
            "past its id is answered refused", repr(a))
    # Sent twice: applied once, answered the same.
    n = len(rows(central.db_path))
    office.web.publish_wait(office.b.topic("admin/cmd"), json.dumps(
        {"v": 1, "op": "set", "id": "web-text", "user": "sari",
         "set": [{"key": "board.running_text", "value": "lain"}]}))
    acks = wait_for(lambda: [m for m in office.web.received(office.ack)
                             if json.loads(m.payload)["id"] == "web-text"]
                    if len([m for m in office.web.received(office.ack)
                            if json.loads(m.payload)["id"] ==
                            "web-text"]) == 2 else None, 10,
                    "the second answer")
    c.check(json.loads(acks[1].payload)["result"] == "ok" and
            len(rows(central.db_path)) == n and
            office.settings()["running_text"] != "lain",
            "a command id sent again is answered as before and not "
            "applied again")
    # A desk's credential may not publish there (the broker's ACL).
    office.desk.publish_wait(office.b.topic("admin/cmd"), json.dumps(
        {"v": 1, "op": "set", "id": "desk-evil", "user": "sari",
         "set": [{"key": "board.running_text", "value": "diretas"}]}))
    time.sleep(1.5)
    c.check(not any(json.loads(m.payload)["id"] == "desk-evil"
                    for m in office.web.received(office.ack)) and
            len(rows(central.db_path)) == n and
            office.settings()["running_text"] != "diretas",
            "a desk publishing on P/admin/cmd reaches nothing")


def restart(c, office, central):
    st0 = office.settings()
    central.stop()
    start(central, office)
    st = office.settings()
    st0.pop("time_ms")
    t = st.pop("time_ms")
    c.check(st == st0 and t > 0, "restarted, the central runs with the "
            "office's settings (settings.conf)", repr(st))
    wait_running(central, st0["running_text"])
    c.check(True, "the running text is on the board after the restart")
    s = office.press("p-2")
    c.check(s["result"] == "ok" and s["ticket"]["service"] == "A",
            "desk 1 still serves B then A", repr(s))
    central.stop()
    with open(os.path.join(central.dir, "settings.conf"), "a") as f:
        f.write("service.A.quota = banyak\nbukan pengaturan\n"
                "board.running_text = Teks dari berkas\n")
    lines = settings_file(central).count("\n")
    start(central, office)
    log = central.log()
    st = office.settings()
    c.check(f"settings.conf:{lines - 2}: service.A.quota: Kuota harus 0 "
            "sampai 9999; line ignored" in log and
            f"settings.conf:{lines - 1}: expected key = value" in log,
            "bad settings.conf lines are logged with file:line",
            log[-600:])
    c.check(svc(st, "A")["quota"] == 2 and
            st["running_text"] == "Teks dari berkas",
            "the hall starts with the other lines", repr(st))


def audit(c, office, central):
    rep = binary("antre-report")
    r = subprocess.run([rep, "-D", central.db_path, "verify"],
                       capture_output=True, text=True)
    c.check(r.returncode == 0 and r.stdout.startswith("OK"),
            "antre-report verify: the chain holds with the setting rows",
            r.stdout + r.stderr)
    sql = sqlite3.connect(f"file:{central.db_path}?mode=ro", uri=True)
    day = sql.execute("SELECT day FROM events ORDER BY seq DESC "
                      "LIMIT 1").fetchone()[0]
    sql.close()
    r = subprocess.run([rep, "-D", central.db_path, "changes", "--from",
                        day, "--to", day, "--json"], capture_output=True,
                       text=True)
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        doc = {}
    got = doc.get("rows", [])
    c.check(r.returncode == 0 and len(got) == 6 and
            got[0]["user"] == "sari" and
            got[0]["changes"][0]["key"] == "board.running_text" and
            got[-1]["user"] == "admin" and
            got[-1]["note"] == "sandi pengguna budi diganti",
            "antre-report changes lists the six changes, who and what",
            r.stdout[-800:] + r.stderr)
    r = subprocess.run([rep, "-D", central.db_path, "summary", "--from",
                        day, "--to", day, "--json"], capture_output=True,
                       text=True)
    c.check(r.returncode == 0, "the figures read a log with setting rows",
            r.stderr)


def run(c, tmp):
    b = Broker(tmp, PREFIX, desks=[1, 2], kiosks=[1], screens=[1]).start()
    central = Central(tmp, b, desks={1: "A B", 2: "A"},
                      services={"A": "KTP", "B": "KK"},
                      sources={"A": "kiosk", "B": "kiosk"})
    try:
        office = Office(b)
        start(central, office)
        office.web.subscribe_wait(office.settings_topic)
        live(c, office, central)
        refusals(c, office, central)
        restart(c, office, central)
        audit(c, office, central)
    finally:
        c.stopped(central, "central")
        b.close()


def main():
    return run_test("test_settings", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
