"""bench_web - antre-web's cost: idle, memory, live updates, a month's
report.

The real broker, central and antre-web (its MQTT keepalive as shipped).

    BENCH web_idle_wakeups_per_s   antre-web with no browser for IDLE_S
                                   (60 s; ANTRE_BENCH_WEB_IDLE_S), the
                                   times it was put on a CPU
                                   (/proc/PID/schedstat's third field)
                                   per second. Goal < 0.05: nothing wakes
                                   it but its MQTT keepalive.
    BENCH web_idle_ctxsw_per_s     the same from its voluntary and
                                   involuntary context switches
                                   (/proc/PID/status), for comparison
    BENCH web_live_latency_ms      a desk's "next" published -> the event
                                   naming the ticket it called received
                                   by a logged-in browser's stream on
                                   /peristiwa ("Hari ini"), median of
                                   PRESSES (50). Goal < 50 ms.
    BENCH web_papan_latency_ms     the same on /papan/peristiwa
    BENCH web_live_latency_p90_ms  p90 of the first
    BENCH web_rss_kb               antre-web's VmRSS, the largest seen
                                   (idle, after the presses with two
                                   browsers, after the report pages).
                                   Goal < 10 MB.
    BENCH web_rss_idle_kb          VmRSS idle; most of it is shared
                                   libraries' pages (printed apart)
    BENCH web_pss_idle_kb          its proportional set size: shared
                                   pages divided among their users
    BENCH web_http_month_ms        GET /laporan for a month (the last
                                   full month of gen-year's year, 30
                                   desks, about 3 million events; the
                                   log bench_report keeps in the build
                                   directory, made if missing), median
                                   of 10 with a logged-in session. Goal
                                   < 100 ms here.
    BENCH web_http_month_charts_ms its two charts (SVG) one after the
                                   other, median of 10

Exit 77 (skipped) when antre-web has not been built.
"""

import html
import os
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
sys.path.insert(0, HERE)

from antre_broker import Broker, DeskPresser                # noqa: E402
from antre_procs import Central, wait_central_online         # noqa: E402
from web_procs import EventStream, Web                      # noqa: E402

PRESSES = 50
REPORT_RUNS = 10
YEAR_DESKS = 30
TZ = "Asia/Jakarta"


def schedstat(pid):
    with open(f"/proc/{pid}/schedstat") as f:
        return int(f.read().split()[2])


def status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.split()[0] if v.split() else ""
    return out


def ctxsw(pid):
    st = status(pid)
    return int(st["voluntary_ctxt_switches"]) + \
        int(st["nonvoluntary_ctxt_switches"])


def memory(pid):
    """VmRSS and its parts (kB): anonymous, from files (mostly shared
    libraries' pages, shared with every process that maps them), and
    the proportional set size (each shared page divided among its
    users)."""
    st = status(pid)
    pss = 0
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
    return {"rss": int(st["VmRSS"]), "anon": int(st["RssAnon"]),
            "file": int(st["RssFile"]), "pss": pss}


def pct(xs, p):
    xs = sorted(xs)
    return xs[max(0, -(-p * len(xs) // 100) - 1)]


def label(ticket):
    return f"{ticket['service']}{ticket['number']}"


def idle(web, seconds):
    pid = web.pid()
    time.sleep(5)        # what starting up left to do
    s0, c0, t0 = schedstat(pid), ctxsw(pid), time.monotonic()
    time.sleep(seconds)
    s1, c1, t1 = schedstat(pid), ctxsw(pid), time.monotonic()
    dt = t1 - t0
    print(f"idle {dt:.0f} s: put on a CPU {s1 - s0} times, "
          f"{c1 - c0} context switches")
    print(f"BENCH web_idle_wakeups_per_s {(s1 - s0) / dt:.3f} /s")
    print(f"BENCH web_idle_ctxsw_per_s {(c1 - c0) / dt:.3f} /s")


def latency(presser, stream, n):
    """ms from each press's publish to the stream's event that shows the
    ticket it called."""
    out = []
    for _ in range(n):
        seen = len(stream.events)
        st, t0, _ = presser.press("next")
        if st is None or not st.get("ticket"):
            raise RuntimeError(f"press not answered with a ticket: {st}")
        lab = label(st["ticket"])
        pat = re.compile(rf"(?<![A-Za-z0-9]){lab}(?![0-9])")
        ev = stream.wait_for(lambda e: pat.search(e[2]) is not None, 5,
                             since=seen)
        if ev is None:
            raise RuntimeError(f"{stream.path}: no event with {lab}")
        out.append((ev[0] - t0) * 1000)
        time.sleep(0.05)
    return out


def year_conf(tmp, db):
    conf = os.path.join(tmp, "year.conf")
    with open(conf, "w") as f:
        f.write("[hall]\nid = uji-tahun\nname = Mal Pelayanan Publik Uji\n"
                "role = central\n[mqtt]\nhost = 127.0.0.1\nport = 1883\n"
                f"username = central\npassword_file = {tmp}/central.pass\n"
                f"[store]\npath = {db}\n[queue]\nday_start = 04:00\n"
                f"[board]\noutput = png\npng_dir = {tmp}/frames\n")
        for letter, name in (("A", "KTP Elektronik & KK"),
                             ("B", "BPJS Kesehatan"),
                             ("C", "Akta Kelahiran"), ("D", "Perizinan"),
                             ("E", "Pemeriksaan Kesehatan")):
            f.write(f"[service {letter}]\nname = {name}\nsource = kiosk\n")
        for d in range(1, YEAR_DESKS + 1):
            f.write(f"[desk {d}]\nname = Loket {d}\nservices = "
                    f"{'ABCDE'[d % 5]}\n")
    return conf


def last_full_month(last):
    db = sqlite3.connect(":memory:")
    y, m, _ = (int(x) for x in last.split("-"))
    nxt = f"{y + m // 12:04d}-{m % 12 + 1:02d}-01"
    if db.execute("SELECT date(?, '+1 day') < ?", (last, nxt)).fetchone()[0]:
        m = m - 1 or 12
        y = y - (m == 12)
    return f"{y:04d}-{m:02d}-15"


def report_month(tmp, broker):
    from bench_report import year_db
    gen = os.environ["ANTRE_GEN_YEAR"]
    cache = os.path.join(os.environ.get("ANTRE_BENCH_DIR",
                                        tempfile.gettempdir()),
                         "report-year")
    db, out = year_db(gen, cache)
    days = dict(line.split() for line in out.splitlines()
                if line.startswith(("first_day ", "last_day ")))
    day = last_full_month(days["last_day"])
    web = Web(tmp, broker, year_conf(tmp, db), label="web-year",
              keepalive=None)
    web.start(debug=False)
    try:
        s = web.session().login("kepala", web.users["kepala"][1])
        path = f"/laporan?periode=bulan&tanggal={day}"
        st, _, body = s.get(path)
        if st != 200 or b"Periode:" not in body:
            raise RuntimeError(f"{path}: {st} {body[:300]!r}")
        times = []
        for _ in range(REPORT_RUNS):
            t0 = time.perf_counter()
            st, _, body = s.get(path)
            times.append((time.perf_counter() - t0) * 1000)
            if st != 200:
                raise RuntimeError(f"{path}: {st}")
        print(f"{path}: {len(body)} bytes, ms "
              f"{', '.join(f'{t:.0f}' for t in sorted(times))}")
        print(f"BENCH web_http_month_ms {statistics.median(times):.1f} ms")
        # What a browser waits for besides: the page's two charts.
        svgs = re.findall(r'src="(/laporan/[a-z]+\.svg\?[^"]*)"',
                          body.decode())
        times = []
        for _ in range(REPORT_RUNS):
            t0 = time.perf_counter()
            for svg in svgs:
                st, _, _ = s.get(html.unescape(svg))
                if st != 200:
                    raise RuntimeError(f"{svg}: {st}")
            times.append((time.perf_counter() - t0) * 1000)
        print(f"BENCH web_http_month_charts_ms "
              f"{statistics.median(times):.1f} ms")
        return memory(web.pid())
    finally:
        web.stop()


def main():
    if not os.environ.get("ANTRE_WEB") or \
            not os.path.exists(os.environ["ANTRE_WEB"]):
        print("SKIP: antre-web not built")
        return 77
    os.environ["TZ"] = TZ
    idle_s = float(os.environ.get("ANTRE_BENCH_WEB_IDLE_S", "60"))
    tmp = tempfile.mkdtemp(prefix="antre-bench-web-")
    broker = central = web = None
    pressers = []
    streams = []
    rss = []
    try:
        broker = Broker(tmp, "antre/bench", desks=[1, 2]).start()
        central = Central(tmp, broker, desks={1: "A", 2: "A"},
                          board="width = 320\nheight = 240\n"
                          "highlight_s = 0")
        obs = broker.client("screen-1", client_id="t-bench-web-obs")
        obs.subscribe_wait(broker.topic("central/online"))
        central.start(debug=False)
        wait_central_online(obs, broker)
        web = Web(tmp, broker, central, keepalive=None).start(debug=False)
        idle(web, idle_s)
        rss.append(("idle", memory(web.pid())))

        cookie = web.session().login(
            "kepala", web.users["kepala"][1]).cookie()
        pressers = [DeskPresser(broker, 1, tag="b")]
        for path, ck, name in (("/peristiwa", cookie, "live"),
                               ("/papan/peristiwa", None, "papan")):
            es = EventStream(web.port, path, ck)
            es.start()
            es.wait_open()
            es.wait_events(1, 5)
            streams.append(es)
            lat = latency(pressers[0], es, PRESSES)
            print(f"{path}: ms median {statistics.median(lat):.1f} p90 "
                  f"{pct(lat, 90):.1f} max {max(lat):.1f}")
            print(f"BENCH web_{name}_latency_ms "
                  f"{statistics.median(lat):.1f} ms")
            if name == "live":
                print(f"BENCH web_live_latency_p90_ms {pct(lat, 90):.1f} ms")
        rss.append(("after the presses", memory(web.pid())))
        for es in streams:
            es.close()
        streams = []
        if os.environ.get("ANTRE_GEN_YEAR"):
            rss.append(("the year's report", report_month(tmp, broker)))
        for what, m in rss:
            print(f"memory {what}: VmRSS {m['rss']} kB = anonymous "
                  f"{m['anon']} + files {m['file']}; PSS {m['pss']} kB")
        print(f"BENCH web_rss_kb {max(m['rss'] for _, m in rss)} kB")
        print(f"BENCH web_rss_idle_kb {rss[0][1]['rss']} kB")
        print(f"BENCH web_pss_idle_kb {rss[0][1]['pss']} kB")
    finally:
        for es in streams:
            es.close()
        for p in pressers:
            p.close()
        for d in (web, central):
            if d is not None:
                d.stop()
        if broker is not None:
            broker.close()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
