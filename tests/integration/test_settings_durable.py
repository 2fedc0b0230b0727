"""The office's changes outlive what settings.conf could not keep, through
the real broker and central:

- a change acknowledged while settings.conf could not be written (its
  path taken by a directory, so the atomic rename fails) is still in
  force after a restart: the central applies the log's setting events
  that settings.conf does not hold yet, and writes the file again;
- the next change after a failed write writes the file whole again;
- a settings.conf without its log.seq line (an older central's) is
  read, the log's changes applied over it, and written with the line;
- a logged change the configuration no longer allows is logged as
  skipped at start and the hall starts with the rest;
- with no settings.conf the hall runs on the configuration alone, and a
  change whose file is not written is still kept;
- a service added from the office appears on the zone boards of its
  desks' zones at once and after a restart, not on a zone that lists
  other services; a desk's change that would put it on no screen is
  refused;
- antre-display -n names settings.conf's bad lines with file:line and
  still passes (it is the service's ExecStartPre: a desk removed from
  the configuration must not keep the hall down), and the central
  starts without those lines.
"""

import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                      # noqa: E402
from antre_procs import (Central, binary,            # noqa: E402
                         wait_central_online, wait_for)
from checks import run_test                          # noqa: E402

PREFIX = "antre/tahan"
ZONES = ("[zone X]\ntitle = Zona X\ndesks = 1\n"
         "[zone Y]\ntitle = Zona Y\nservices = B\n")


class Office:
    def __init__(self, b):
        self.b = b
        self.web = b.client("web")
        self.ack = b.topic("admin/ack")
        self.web.subscribe_wait(self.ack)
        self.obs = b.client("screen-1", client_id="t-durable-obs")
        self.obs.subscribe_wait(b.topic("central/online"))
        self.obs.subscribe_wait(b.topic("board/+"))
        self.obs.subscribe_wait(b.topic("board"))
        self.n = 0

    def board(self, zone=None):
        """The newest board of the hall or of a zone."""
        m = self.obs.received(self.b.topic(f"board/{zone}" if zone else
                                           "board"))
        return json.loads(m[-1].payload) if m else None

    def wait_board(self, zone, services, what):
        return wait_for(lambda: (x := self.board(zone)) is not None and
                        waiting(x) == services and x, 10, what)

    def admin(self, pairs):
        self.n += 1
        cid = f"web-d-{self.n}-{time.monotonic_ns()}"
        self.web.publish_wait(self.b.topic("admin/cmd"), json.dumps(
            {"v": 1, "op": "set", "id": cid, "user": "sari",
             "set": [{"key": k, "value": v} for k, v in pairs]}))
        return wait_for(lambda: next(
            (json.loads(m.payload) for m in self.web.received(self.ack)
             if json.loads(m.payload)["id"] == cid), None), 10,
            f"the answer to {cid}")

    def retained(self, rest):
        """A retained message read by a fresh subscription."""
        t = self.b.topic(rest)
        cl = self.b.client("web", client_id=f"t-ret-{time.monotonic_ns()}")
        try:
            cl.subscribe_wait(t)
            m = wait_for(lambda: cl.received(t), 10, f"retained {rest}")
            return json.loads(m[-1].payload)
        finally:
            cl.close()

    def settings(self):
        return self.retained("settings")


def svc(st, letter):
    return next((s for s in st["services"] if s["letter"] == letter), None)


def waiting(board):
    return "".join(w["service"] for w in board["waiting"])


def start(central, office):
    seen = len(office.obs.received(office.b.topic("central/online")))
    central.start()
    wait_central_online(office.obs, office.b, seen)


def restart(central, office):
    central.stop()
    start(central, office)


def path_of(central):
    return os.path.join(central.dir, "settings.conf")


def text_of(central):
    try:
        with open(path_of(central), encoding="utf-8") as f:
            return f.read()
    except (FileNotFoundError, IsADirectoryError):
        return None


class Unwritable:
    """settings.conf's path taken by a directory (even root cannot
    rename a file over it); the file put back on leaving."""

    def __init__(self, central):
        self.path = path_of(central)
        self.keep = self.path + ".keep"

    def __enter__(self):
        if os.path.exists(self.path):
            os.rename(self.path, self.keep)
        os.mkdir(self.path)
        return self

    def __exit__(self, *exc):
        os.rmdir(self.path)
        if os.path.exists(self.keep):
            os.rename(self.keep, self.path)


def zones(c, office, central):
    b = office.retained("board/X")
    y = office.retained("board/Y")
    c.check(waiting(b) == "A" and waiting(y) == "AB",
            "at start zone X (desk 1) counts A, zone Y (service B, desks "
            "2 and 3) counts A and B", f"{waiting(b)} {waiting(y)}")
    a = office.admin([("service.C.name", "Perizinan"),
                      ("desk.1.services", "AC")])
    c.check(a["result"] == "ok", "service C added and served by desk 1",
            repr(a))
    office.wait_board("X", "AC", "C on zone X's board")
    c.check(True, "zone X, defined by its desks, counts the new service "
            "C at once")
    hall = office.wait_board(None, "ABC", "C on the hall's board")
    y = office.retained("board/Y")
    c.check(waiting(hall) == "ABC" and waiting(y) == "AB",
            "the hall's board counts C; zone Y (services = B) does not",
            f"{waiting(hall)} {waiting(y)}")
    a = office.admin([("desk.3.services", "A")])
    c.check(a["result"] == "refused" and a["key"] == "desk.3.services" and
            a["reason"] == "Loket 3 tidak akan tampil di layar zona "
            "mana pun", "desk 3 set to serve A alone (no zone's screen "
            "would show it): refused", repr(a))
    restart(central, office)
    b, y = office.retained("board/X"), office.retained("board/Y")
    c.check(waiting(b) == "AC" and waiting(y) == "AB",
            "after a restart the zones show the same",
            f"{waiting(b)} {waiting(y)}")


def unwritten(c, office, central):
    log0 = len(central.log())
    with Unwritable(central):
        a = office.admin([("board.running_text", "Tetap ada"),
                          ("service.A.quota", "7")])
        st = office.settings()
    log = central.log()[log0:]
    c.check(a["result"] == "ok" and st["running_text"] == "Tetap ada" and
            "not written: the change is in the log" in log,
            "settings.conf could not be written: the change is applied, "
            "answered and said so in the log", repr(a) + log[-400:])
    c.check("Tetap ada" not in (text_of(central) or ""),
            "settings.conf, put back, does not hold the change")
    log0 = len(central.log())
    restart(central, office)
    st = office.settings()
    log = central.log()[log0:]
    c.check(st["running_text"] == "Tetap ada" and
            svc(st, "A")["quota"] == 7,
            "restarted, the change is in force (P/settings), from the "
            "log's setting event", repr(st))
    text = text_of(central) or ""
    c.check("board.running_text = Tetap ada" in text and
            "service.A.quota = 7" in text and "log.seq = " in text and
            "1 change(s) of the log applied" in log,
            "and settings.conf is written again with it", text + log[-400:])
    b = office.retained("board/X")
    c.check(waiting(b) == "AC", "zone X still counts C", waiting(b))

    # The next change writes the file whole again.
    with Unwritable(central):
        office.admin([("service.A.target_wait", "25")])
    a = office.admin([("service.B.name", "Kartu Keluarga")])
    text = text_of(central) or ""
    c.check(a["result"] == "ok" and
            "service.A.target_wait = 25" in text and
            "service.B.name = Kartu Keluarga" in text,
            "after a failed write the next change writes both", text)


def old_file(c, office, central):
    st0 = office.settings()
    central.stop()
    text = text_of(central)
    with open(path_of(central), "w", encoding="utf-8") as f:
        f.write("".join(line for line in text.splitlines(True)
                        if not line.startswith("log.seq")))
    start(central, office)
    st = office.settings()
    st0.pop("time_ms"), st.pop("time_ms")
    c.check(st == st0 and "log.seq = " in (text_of(central) or ""),
            "a settings.conf without log.seq: the log's changes applied "
            "over it give the same settings, and the line is written",
            repr(st))


def skipped(c, office, central):
    with Unwritable(central):
        a = office.admin([("service.B.quota", "9")])
    c.check(a["result"] == "ok", "B's quota of 9 while settings.conf "
            "cannot be written", repr(a))
    central.stop()
    # B's tickets now come from a roll, which has no quota.
    with open(central.conf_path, encoding="utf-8") as f:
        conf = f.read()
    conf = conf.replace("[service B]\nname = KK\nsource = kiosk",
                        "[service B]\nname = KK\nsource = roll")
    with open(central.conf_path, "w", encoding="utf-8") as f:
        f.write(conf)
    log0 = len(central.log())
    start(central, office)
    st = office.settings()
    log = central.log()[log0:]
    c.check(svc(st, "B")["quota"] == 0 and
            "no longer valid, skipped" in log and
            "service.B.quota: Kuota hanya untuk layanan dengan kios tiket"
            in log and st["running_text"] == "Tetap ada",
            "a logged change the configuration no longer allows is "
            "skipped with its reason in the log; the rest holds",
            log[-600:])


def no_file(c, office, central):
    central.stop()
    os.unlink(path_of(central))
    start(central, office)
    st = office.settings()
    text = text_of(central) or ""
    c.check(st["running_text"] == "" and svc(st, "C") is None and
            svc(st, "A")["quota"] == 0 and "log.seq = " in text and
            "service." not in text,
            "settings.conf removed: the configuration alone, and a file "
            "that says so from this row of the log", repr(st) + text)
    with Unwritable(central):
        a = office.admin([("board.running_text", "Sesudah dihapus")])
    restart(central, office)
    st = office.settings()
    c.check(a["result"] == "ok" and
            st["running_text"] == "Sesudah dihapus",
            "a change made then, not written, is kept over a restart",
            repr(st))


def check_mode(c, office, central):
    st0 = office.settings()		# retained from the central's last run
    r = subprocess.run([binary("antre-display"), "-n", "-f",
                        central.conf_path], capture_output=True, text=True)
    c.check(r.returncode == 0 and "configuration OK" in r.stdout,
            "antre-display -n accepts the configuration and settings.conf",
            r.stdout + r.stderr)
    with open(path_of(central), "a", encoding="utf-8") as f:
        f.write("service.A.quota = banyak\ndesk.9.services = A\n")
    lines = text_of(central).count("\n")
    r = subprocess.run([binary("antre-display"), "-n", "-f",
                        central.conf_path], capture_output=True, text=True)
    p = path_of(central)
    c.check(r.returncode == 0 and "configuration OK" in r.stdout and
            f"{p}:{lines - 1}: service.A.quota: Kuota harus 0 sampai "
            "9999; line ignored" in r.stderr and
            f"{p}:{lines}: desk.9.services: Loket 9 tidak ada" in r.stderr
            and "2 line(s) not valid: the central starts without them"
            in r.stderr,
            "antre-display -n names settings.conf's bad lines with "
            "file:line and passes", r.stdout + r.stderr)
    # And the central starts with them in the file, as the service
    # would after that check: the lines left out, the rest kept.
    log0 = len(central.log())
    start(central, office)
    st = office.settings()
    c.check(st["services"] == st0["services"] and
            st["desks"] == st0["desks"] and
            st["running_text"] == st0["running_text"] and
            "service.A.quota: Kuota harus 0 sampai 9999" in
            central.log()[log0:], "the central starts with settings.conf's "
            "bad lines left out and the rest as before",
            repr(st)[:400] + "\n" + repr(st0)[:400])


def run(c, tmp):
    b = Broker(tmp, PREFIX, desks=[1, 2, 3], kiosks=[1],
               screens=[1]).start()
    central = Central(tmp, b, desks={1: "A", 2: "B", 3: "A B"},
                      services={"A": "KTP", "B": "KK"},
                      sources={"A": "kiosk", "B": "kiosk"},
                      board="zone = X", extra=ZONES)
    try:
        office = Office(b)
        start(central, office)
        zones(c, office, central)
        unwritten(c, office, central)
        old_file(c, office, central)
        skipped(c, office, central)
        no_file(c, office, central)
        central.stop()
        check_mode(c, office, central)
    finally:
        c.stopped(central, "central")
        shutil.rmtree(path_of(central) + ".keep", ignore_errors=True)
        b.close()


def main():
    return run_test("test_settings_durable", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
