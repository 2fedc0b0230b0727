"""antre-web makes its slow pages (the reports, their charts, the
downloads) each in a process of its own, so that its loop never waits
for one.

The real broker, central and antre-web; antre-web reads a log of 40
service days written by gen-year (its copy of the central's
configuration names that log), the live pages follow the real central.
A report's process is caught as antre-web's child and stopped
(SIGSTOP), which holds its page for as long as the test wants:

- while a report is held, the papan, the login page and Hari ini are
  served, and a desk's call reaches an open event stream;
- let go (SIGCONT), the report arrives whole: the same page as one made
  without a hold;
- two are made at once: with two held, a third waits without a process
  of its own and is made once one ends;
- with 32 made or waiting, one more is refused at once (503, with
  Retry-After), and all 32 are served once let go;
- a report's process killed: 500 with a message, the log names the
  signal, nothing is left in antre-web's tmpdir, the next report is
  served;
- antre-web's own memory does not grow with the reports (not judged
  under AddressSanitizer, whose quarantine keeps what is freed);
- antre-web stopped while a report is held exits 0 at once, and its
  report's process is gone with it.
"""

import os
import re
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker, DeskPresser                # noqa: E402
from antre_procs import Central, wait_central_online         # noqa: E402
from checks import run_test                                  # noqa: E402
from web_procs import EventStream, Web, rss_kb, sanitized   # noqa: E402

PREFIX = "antre/webjobs"
DAYS = 40
RANGE = "/laporan?periode=rentang&dari=2025-01-01&sampai=2025-02-09"


def children(pid):
    """antre-web's child processes now."""
    out = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                st = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces.
        if int(st[st.rindex(")") + 2:].split()[1]) == pid:
            out.append(int(d))
    return out


def state(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            st = f.read()
    except OSError:
        return None
    return st[st.rindex(")") + 2]


class Fetch(threading.Thread):
    """One GET in a thread of its own, with the session's cookie."""

    def __init__(self, web, cookies, path):
        super().__init__(daemon=True)
        self.s = web.session()
        self.s.cookies = dict(cookies)
        self.path = path
        self.result = None
        self.start()

    def run(self):
        try:
            self.result = self.s.get(self.path)
        except OSError as e:
            self.result = (None, {}, repr(e).encode())


def held(web, cookies, path, known=(), tries=20):
    """A GET of path whose process is caught and stopped: (fetch, pid).
    The process may end before it is caught: the request is made again
    then."""
    for _ in range(tries):
        f = Fetch(web, cookies, path)
        end = time.monotonic() + 30
        while f.is_alive() and time.monotonic() < end:
            new = [p for p in children(web.pid()) if p not in known]
            if new:
                os.kill(new[0], signal.SIGSTOP)
                if state(new[0]) in ("T", "t") or wait_state(new[0]):
                    return f, new[0]
            time.sleep(0.0005)
        f.join(30)
    raise RuntimeError(f"{path}: no process of antre-web's caught")


def wait_state(pid, want=("T", "t"), timeout=5):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if state(pid) in want:
            return True
        time.sleep(0.005)
    return False


def spool(web):
    return sorted(os.listdir(web.tmpdir))


def figures(page):
    """The report page without what changes between two makings."""
    return re.sub(rb"csrf[^>]*>", b"", page)


def run(c, tmp):
    db = os.path.join(tmp, "year.db")
    gen = os.environ.get("ANTRE_GEN_YEAR")
    c.check(gen and os.path.exists(gen), "$ANTRE_GEN_YEAR names gen-year")
    subprocess.run([gen, db, str(DAYS), "12"], check=True,
                   env=dict(os.environ, TZ="Asia/Jakarta"),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    broker = Broker(tmp, PREFIX, desks=[1]).start()
    # The services of gen-year's log.
    central = Central(tmp, broker, desks={1: "A B C D E"},
                      services={"A": "KTP Elektronik & KK",
                                "B": "BPJS Kesehatan", "C": "Akta Kelahiran",
                                "D": "Perizinan",
                                "E": "Pemeriksaan Kesehatan"},
                      board="width = 320\nheight = 240\nhighlight_s = 0")
    # antre-web's view of the central: the same hall, the gen-year log.
    with open(central.conf_path) as f:
        conf = f.read()
    conf, n = re.subn(r"(\[store\]\n(?:[^\[]*\n)?)path = [^\n]*",
                      lambda m: m.group(1) + f"path = {db}", conf)
    c.check(n == 1, "the central's configuration has a [store] path")
    web_conf = os.path.join(tmp, "central-for-web.conf")
    with open(web_conf, "w") as f:
        f.write(conf)
    web = Web(tmp, broker, web_conf)
    obs = broker.client("screen-1", client_id="t-webjobs-obs")
    obs.subscribe_wait(broker.topic("central/online"))
    presser, stream = None, None
    try:
        central.start()
        wait_central_online(obs, broker, 0, 30)
        web.start()
        head = web.session().login("kepala", "sandi-kepala-1")
        presser = DeskPresser(broker, 1, tag="j")
        scenario(c, web, head, presser)
        stopped_while_held(c, web, head)
    finally:
        if stream is not None:
            stream.close()
        if presser is not None:
            presser.close()
        c.stopped(central, "central")
        broker.close()


def scenario(c, web, head, presser):
    st, _, plain = head.get(RANGE)
    c.check(st == 200 and b"Ringkasan per layanan" in plain,
            "the 40 days' report page", f"{st} {plain[:200]!r}")
    time.sleep(2.5)
    rss0 = rss_kb(web.pid())

    # --- the loop goes on while a report is held -------------------------
    f, pid = held(web, head.cookies, RANGE)
    stream = EventStream(web.port, "/peristiwa", head.cookie())
    stream.start()
    try:
        stream.wait_open()
        anon = web.session()
        st_papan, _, _ = anon.get("/papan")
        st_login, _, _ = anon.get("/masuk")
        st_today, _, _ = head.get("/")
        c.check((st_papan, st_login, st_today) == (200, 200, 200),
                "while a report is held: the papan, the login page and "
                "Hari ini are served",
                f"{st_papan} {st_login} {st_today}")
        seen = len(stream.events)
        got, _, _ = presser.press("next")
        ticket = (got or {}).get("ticket") or {}
        label = f"{ticket.get('service', '?')}{ticket.get('number', 0)}"
        pat = re.compile(rf"(?<![A-Za-z0-9]){label}(?![0-9])")
        ev = stream.wait_for(lambda e: pat.search(e[2]) is not None, 10,
                             since=seen)
        c.check(ev is not None and f.is_alive(),
                "while a report is held: a desk's call reaches Hari ini's "
                "stream", f"{label} {stream.events[-3:]}")
    finally:
        stream.close()
    os.kill(pid, signal.SIGCONT)
    f.join(30)
    st, _, page = f.result
    c.check(st == 200 and figures(page) == figures(plain),
            "let go, the held report arrives whole, as made without a hold",
            f"{st} {len(page)} vs {len(plain)} bytes")

    # --- two at once, the third waits -----------------------------------
    f1, p1 = held(web, head.cookies, RANGE)
    f2, p2 = held(web, head.cookies, RANGE + "&layanan=A", known=(p1,))
    f3 = Fetch(web, head.cookies, RANGE + "&layanan=B")
    time.sleep(1.0)
    kids = set(children(web.pid()))
    c.check(kids == {p1, p2} and f3.is_alive(),
            "two reports are made at once: with two held, a third waits "
            "without a process", f"children {kids}, held {p1} {p2}")
    os.kill(p1, signal.SIGCONT)
    f1.join(30)
    f3.join(30)
    c.check(f1.result[0] == 200 and f3.result and f3.result[0] == 200 and
            b"layanan B" in f3.result[2] and f2.is_alive(),
            "one let go: the waiting one is made while the other is still "
            "held", f"{f1.result[0]} {f3.result and f3.result[0]}")
    os.kill(p2, signal.SIGCONT)
    f2.join(30)
    c.check(f2.result[0] == 200, "the other, let go, arrives",
            str(f2.result[0]))

    # --- 32 made or waiting: one more refused at once --------------------
    f1, p1 = held(web, head.cookies, RANGE)
    f2, p2 = held(web, head.cookies, RANGE + "&layanan=A", known=(p1,))
    waiting = [Fetch(web, head.cookies, RANGE + "&layanan=C")
               for _ in range(30)]
    time.sleep(1.5)
    t0 = time.monotonic()
    st, hdr, body = head.get(RANGE + "&layanan=D")
    dt = time.monotonic() - t0
    c.check(st == 503 and hdr.get("retry-after") and
            b"Coba lagi" in body and all(w.is_alive() for w in waiting),
            "with 32 made or waiting, one more is refused at once with "
            "503 and Retry-After", f"{st} {hdr} {dt:.2f} s {body[:200]!r}")
    os.kill(p1, signal.SIGCONT)
    os.kill(p2, signal.SIGCONT)
    for w in [f1, f2] + waiting:
        w.join(60)
    c.check(all(w.result and w.result[0] == 200 for w in [f1, f2] + waiting),
            "let go, all 32 are served",
            str([w.result and w.result[0] for w in [f1, f2] + waiting]))

    # --- a report's process killed ---------------------------------------
    log0 = len(web.log())
    f, pid = held(web, head.cookies, "/unduh/laporan.pdf?periode=bulan&"
                  "tanggal=2025-01-15")
    os.kill(pid, signal.SIGKILL)
    f.join(30)
    st, _, body = f.result
    c.check(st == 500 and b"tidak dapat disiapkan" in body and
            "died of signal 9" in web.log()[log0:],
            "a report's process killed: 500 with a message, the log "
            "names the signal", f"{st} {body[:200]!r}")
    st, hdr, body = head.get("/unduh/laporan.pdf?periode=bulan&"
                             "tanggal=2025-01-15")
    c.check(st == 200 and body.startswith(b"%PDF"),
            "the next PDF is served", f"{st} {body[:20]!r}")
    c.check(spool(web) == [], "nothing left in antre-web's tmpdir",
            str(spool(web)))
    time.sleep(2.5)
    rss1 = rss_kb(web.pid())
    if sanitized():
        print(f"# antre-web is built with AddressSanitizer: its RSS "
              f"({rss0} -> {rss1} kB) is not judged", flush=True)
    else:
        c.check(rss1 - rss0 < 2048, "antre-web's own memory has not grown "
                f"with the reports ({rss0} -> {rss1} kB)",
                f"{rss0} -> {rss1} kB")


def stopped_while_held(c, web, head):
    f, pid = held(web, head.cookies, RANGE)
    t0 = time.monotonic()
    web.proc.send_signal(signal.SIGTERM)
    try:
        rc = web.proc.wait(10)
    except subprocess.TimeoutExpired:
        rc = None
    dt = time.monotonic() - t0
    f.join(10)
    gone = wait_state(pid, want=(None, "Z"), timeout=5)
    c.check(rc == 0 and dt < 5 and gone,
            "antre-web stopped while a report is held exits 0 at once, "
            "and the report's process is gone",
            f"rc {rc} in {dt:.1f} s, process state {state(pid)}")
    c.check(spool(web) == [], "nothing left in antre-web's tmpdir",
            str(spool(web)))


if __name__ == "__main__":
    sys.exit(run_test("web_jobs", run, logs=("web", "central")))
