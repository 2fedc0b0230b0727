"""antre-web's live pages against the real broker, central and log.

The central (PNG output) runs two desks and two kiosk services; a kiosk
takes tickets and the desks press, both straight onto the broker under
their own users. antre-web runs with its own credential. A logged-in
head of office ("kepala") opens "Hari ini"'s stream (/peristiwa), an
anonymous browser the papan's (/papan/peristiwa):

- "/" and "/peristiwa" need a login; "/papan" and its stream do not;
- each press reaches both streams with the ticket it called;
- "Hari ini"'s figures equal the central's: served and no-shows as
  `antre-report summary --json` counts them for the service day (the
  whole hall and per service), waiting per service as the board says,
  the longest wait from the issue time the kiosk was told;
- a desk whose presence goes shows "luring";
- the page works without script (a reload link, the script a file of
  the site, no inline script or style, CSP 'self');
- the papan holds the board's words and nothing else: none of the
  office's figures, no user;
- the central stopped: both streams and both pages say "Pusat tidak
  terhubung";
- antre-web and the central exit 0 on SIGTERM.
"""

import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker, DeskPresser                # noqa: E402
from antre_procs import (Central, binary, wait_central_online,  # noqa: E402
                         wait_for)
from checks import run_test                                  # noqa: E402
from web_procs import EventStream, Web                      # noqa: E402

PREFIX = "antre/weblive"
DESKS = {1: "A", 2: "A B"}
SERVICES = {"A": "KTP & KK", "B": "BPJS Kesehatan"}
WAIT = 10.0


def shows(data, lab):
    """Whether a fragment shows ticket lab ("A1", not "A12")."""
    return re.search(rf"(?<![A-Za-z0-9]){lab}(?![0-9])", data) is not None


def attrs(data, tag_re):
    """The data- attributes of the first element matching tag_re."""
    m = re.search(tag_re, data)
    if not m:
        return None
    return dict(re.findall(r'data-([a-z]+)="([^"]*)"', m.group(0)))


def figures(data):
    """Hari ini's figures: the whole hall's and each service's row."""
    total = attrs(data, r'<dl class="angka" id="jumlah"[^>]*>')
    rows = {}
    for m in re.finditer(r'<tr data-service="[A-Z]"[^>]*>', data):
        a = dict(re.findall(r'data-([a-z]+)="([^"]*)"', m.group(0)))
        rows[a["service"]] = a
    return total, rows


class Kiosk:
    """Kiosk 1 asking for tickets as antre-kiosk does; the answers kept."""

    def __init__(self, broker):
        self.broker = broker
        self.cl = broker.client("kiosk-1")
        self.cl.subscribe_wait(broker.topic("kiosk/1/ticket"))
        self.seq = 0

    def take(self, service):
        self.seq += 1
        tid = f"k1-{self.seq}"
        self.cl.publish_wait(self.broker.topic("kiosk/1/take"), json.dumps(
            {"v": 1, "id": tid, "service": service}))

        def answer():
            for m in self.cl.received(self.broker.topic("kiosk/1/ticket")):
                t = json.loads(m.payload)
                if t["id"] == tid:
                    return t
            return None
        t = wait_for(answer, WAIT, f"the ticket of take {tid}")
        if t["result"] != "ok":
            raise AssertionError(f"take {tid} refused: {t}")
        return t


def run(c, tmp):
    broker = Broker(tmp, PREFIX, desks=list(DESKS), kiosks=[1]).start()
    central = Central(tmp, broker, desks=DESKS, services=SERVICES,
                      sources={"A": "kiosk", "B": "kiosk"},
                      board="width = 320\nheight = 240\nhighlight_s = 0")
    web = Web(tmp, broker, central)
    pressers, streams = {}, []
    obs = broker.client("screen-1", client_id="t-weblive-obs")
    obs.subscribe_wait(broker.topic("central/online"))
    obs.subscribe_wait(broker.topic("board"))
    try:
        central.start()
        # The kiosk's takes and the desks' presses go once the central
        # listens (a slow start under the sanitizers).
        wait_central_online(obs, broker, 0, 30)
        web.start()
        scenario(c, broker, central, web, pressers, streams, obs)
    finally:
        for s in streams:
            s.close()
        for p in pressers.values():
            p.close()
        c.stopped(web, "antre-web")
        c.stopped(central, "central")
        broker.close()


def scenario(c, broker, central, web, pressers, streams, board_cl):
    # --- who may look -------------------------------------------------
    anon = web.session()
    st, hdr, _ = anon.get("/")
    c.check(st == 303 and hdr.get("location", "").startswith("/masuk"),
            "/ without a login sends to /masuk", f"{st} {hdr}")
    st, _, _ = anon.get("/peristiwa")
    c.check(st != 200, "/peristiwa without a login is refused", str(st))
    st, hdr, papan_page = anon.get("/papan")
    c.check(st == 200, "/papan needs no login", str(st))

    head = web.session().login("kepala", "sandi-kepala-1")
    for p in DESKS:
        pressers[p] = DeskPresser(broker, p, tag="l")
        pressers[p].presence(True)
    kiosk = Kiosk(broker)

    def board():
        got = board_cl.received(broker.topic("board"))
        return json.loads(got[-1].payload) if got else None

    hall = EventStream(web.port, "/peristiwa", cookie=head.cookie())
    papan = EventStream(web.port, "/papan/peristiwa")
    streams += [hall, papan]
    for s in streams:
        s.start()
        s.wait_open()
    c.check(hall.headers.get("content-type", "").startswith(
        "text/event-stream") and papan.headers.get(
        "content-type", "").startswith("text/event-stream"),
        "both streams are text/event-stream",
        f"{hall.headers} {papan.headers}")
    c.check(hall.wait_events(1, WAIT) and papan.wait_events(1, WAIT),
            "each stream starts with the state when it opened",
            f"{len(hall.events)} {len(papan.events)}")
    c.check(hall.events and hall.events[0][1] == "hall" and papan.events
            and papan.events[0][1] == "papan",
            "the events are named hall and papan",
            f"{hall.events[:1]} {papan.events[:1]}")

    # --- tickets and presses ------------------------------------------
    tickets = {}
    for svc in "AAAAABB":
        t = kiosk.take(svc)
        tickets[f"{t['ticket']['service']}{t['ticket']['number']}"] = t

    def press(desk, op, expect):
        nh, np_ = len(hall.events), len(papan.events)
        st, _, ms = pressers[desk].press(op)
        ok = st is not None and st["result"] == "ok"
        c.check(ok, f"desk {desk} {op}: answered ok", str(st))
        got = st and st.get("ticket")
        lab = f"{got['service']}{got['number']}" if got else None
        c.check(lab == expect, f"desk {desk} {op} calls {expect}", str(lab))
        t0 = time.monotonic()
        eh = hall.wait_for(lambda e: re.search(
            rf'data-desk="{desk}"[^>]*><th[^<]*>[^<]*</th><td>melayani'
            rf'</td><td>{expect}<', e[2]) is not None, WAIT, nh)
        ep = papan.wait_for(lambda e: re.search(
            rf'data-desk="{desk}"><span class="loket">[^<]*</span> '
            rf'<b class="nomor">{expect}</b>', e[2]) is not None, WAIT, np_)
        c.check(eh is not None, f"Hari ini's stream shows {expect} at "
                f"desk {desk}", hall.events[-1][2][:600] if hall.events
                else "no event")
        c.check(ep is not None, f"the papan's stream shows {expect} at "
                f"desk {desk}", papan.events[-1][2][:600] if papan.events
                else "no event")
        if eh and ep:
            print(f"# desk {desk} {op}: answer {ms:.1f} ms; event on Hari"
                  f" ini {1000 * (eh[0] - t0):+.1f} ms, papan "
                  f"{1000 * (ep[0] - t0):+.1f} ms after the answer",
                  flush=True)

    press(1, "next", "A1")
    press(1, "noshow", "A2")		# A1 a no-show, A2 called
    press(2, "next", "A3")
    press(1, "next", "A4")		# A2 served
    press(2, "next", "A5")		# A3 served
    # Now: served A2 A3, no-show A1; A4, A5 at desks; B1, B2 wait.

    # --- the figures against the central's ----------------------------
    day = board()["day"]
    rep = subprocess.run([binary("antre-report"), "-D", central.db_path,
                          "summary", "--from", day, "--to", day, "--json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, timeout=60)
    c.check(rep.returncode == 0, "antre-report summary --json",
            rep.stderr)
    rows = {r["service"]: r for r in json.loads(rep.stdout)["rows"]}
    want_total = (rows["total"]["served"], rows["total"]["noshow"])
    c.check(want_total == (2, 1), "antre-report counts 2 served and 1 "
            "no-show", str(want_total))

    def settled(e):
        total, _ = figures(e[2])
        return total is not None and (int(total.get("served", -1)),
                                      int(total.get("noshow", -1))) == \
            want_total
    e = hall.wait_for(settled, WAIT)
    c.check(e is not None, "Hari ini's served and no-shows reach the "
            f"stream: {want_total}", figures(hall.events[-1][2]))
    total, per = figures(e[2] if e else hall.events[-1][2])
    bd = board()
    waiting = {w["service"]: w["count"] for w in bd["waiting"]}
    c.check(int(total["waiting"]) == sum(waiting.values()),
            f"waiting in all {total['waiting']} as the board",
            str(waiting))
    for svc in SERVICES:
        r = per.get(svc, {})
        c.check(int(r.get("waiting", -9)) == waiting[svc] and
                int(r.get("served", -9)) == rows[svc]["served"] and
                int(r.get("noshow", -9)) == rows[svc]["noshow"],
                f"service {svc}: waiting {waiting[svc]} as the board, "
                f"served {rows[svc]['served']} and no-shows "
                f"{rows[svc]['noshow']} as antre-report", str(r))
    # The longest wait: B1, issued first of the tickets still waiting.
    oldest = min(tickets[t]["time_ms"] for t in ("B1", "B2"))
    c.check(int(per["B"]["oldest"]) == tickets["B1"]["time_ms"] and
            int(total["oldest"]) == oldest and int(per["A"]["oldest"]) ==
            -1, "the longest wait runs from B1's issue time (the kiosk's "
            "ticket); nothing of A waits", f"{total} {per}")

    # The page itself, as a browser without script gets it.
    st, hdr, page = head.get("/")
    page = page.decode()
    c.check(st == 200 and 'data-served="2"' in page and
            'data-noshow="1"' in page, "/ shows the same figures",
            page[:400])
    c.check('<a href="/">Muat ulang</a>' in page and
            '<script src="/langsung.js"' in page and
            re.search(r"<script(?![^>]*\bsrc=)", page) is None and
            " style=" not in page and "<style" not in page,
            "/ works without script: a reload link, the script a file, "
            "no inline script or style")
    csp = hdr.get("content-security-policy", "")
    c.check("default-src 'self'" in csp and "unsafe" not in csp,
            "/ under CSP default-src 'self'", csp)
    st, hdr, js = anon.get("/langsung.js")
    c.check(st == 200 and "javascript" in hdr.get("content-type", "") and
            b"EventSource" in js, "/langsung.js is served to anyone",
            f"{st} {hdr.get('content-type')}")

    # --- the papan: the board and nothing more ------------------------
    st, _, pp = anon.get("/papan")
    pp = pp.decode()
    ev = papan.events[-1][2]
    for what, text in (("/papan", pp), ("its stream", ev)):
        c.check(not any(w in text for w in ("Dilayani", "Tidak hadir",
                                            "Terlama", "data-served",
                                            "data-oldest", "kepala",
                                            "luring", "Keluar")),
                f"{what} shows none of the office's figures and no user")
        c.check(all(shows(text, t) for t in ("A4", "A5")) and
                "KTP &amp; KK" in text and "BPJS Kesehatan" in text,
                f"{what} shows the desks' tickets and the services' "
                "queues as the board")
    c.check("<form" not in pp and "/masuk" not in pp,
            "/papan has no form and no login link")

    # --- a desk goes -------------------------------------------------
    n = len(hall.events)
    pressers[2].presence(False)
    e = hall.wait_for(lambda e: 'data-desk="2" data-status="offline"' in
                      e[2] and "<td>luring</td>" in e[2], WAIT, n)
    c.check(e is not None, "a desk whose presence went shows luring",
            hall.events[-1][2][:800])

    # --- the central goes ---------------------------------------------
    nh, np_ = len(hall.events), len(papan.events)
    c.stopped(central, "central (stopped for the test)")
    eh = hall.wait_for(lambda e: "Pusat tidak terhubung" in e[2], WAIT, nh)
    ep = papan.wait_for(lambda e: "Pusat tidak terhubung" in e[2], WAIT,
                        np_)
    c.check(eh is not None and ep is not None, "the central stopped: "
            "both streams say \"Pusat tidak terhubung\"")
    st, _, page = head.get("/")
    st2, _, pp = anon.get("/papan")
    c.check(b"Pusat tidak terhubung" in page and
            b"Pusat tidak terhubung" in pp,
            "and so do both pages")


if __name__ == "__main__":
    sys.exit(run_test("web_live", run, logs=("web", "central")))
