"""antre-web's pages in a real browser.

The real broker, central and antre-web; Debian's Chromium, headless,
driven by tests/browser/walk.mjs (puppeteer-core, installed by
scripts/setup). The walk logs in as an admin at /masuk, sees "Hari ini"
change after a desk press (this test presses, publishing the desk's
command as antre-desk does, and tells the walk which ticket the desk
now serves), opens /laporan with its charts, downloads the PDF by
clicking its link on /unduh, changes the running text on /pengaturan,
opens /papan, logs out and opens /papan again without a session,
where a second press must show too. Every page is photographed at
360x740 and 1280x800, and at 360 px no page may be wider than the
screen. No page may ask for a file outside antre-web, and no script
may fail.

Here, besides what the walk checks:

- the running text the walk typed reaches the central: P/settings
  (retained) carries it, and the log holds a `setting` event naming
  the admin;
- the downloaded PDF opens in pdftotext and names its period;
- the three programs exit 0 on SIGTERM.

The screenshots are kept in $ANTRE_BROWSER_SHOTS (the build directory's
browser-shots, set by ctest) or else in the test's directory, and the
path is printed: look at them.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker, DeskPresser                # noqa: E402
from antre_procs import Central, wait_central_online         # noqa: E402
from checks import run_test                                  # noqa: E402
from web_procs import Web                                    # noqa: E402

DESKS = {1: "A", 2: "B"}
SERVICES = {"A": "KTP & KK", "B": "BPJS Kesehatan"}
TEXT = "Selamat datang di Mal Pelayanan Publik, uji peramban"


def label(ticket):
    return f"{ticket['service']}{ticket['number']}"


def walk_script():
    src = os.environ.get("ANTRE_SOURCE_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..")
    return os.path.join(os.path.abspath(src), "tests", "browser")


def run(c, tmp):
    browser = walk_script()
    node = shutil.which("node")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not c.check(node and os.path.exists(chromium) and os.path.isdir(
            os.path.join(browser, "node_modules", "puppeteer-core")),
            "node, Debian's chromium and tests/browser/node_modules "
            "(scripts/setup) are there"):
        return
    shots = os.environ.get("ANTRE_BROWSER_SHOTS") or \
        os.path.join(tmp, "shots")
    shutil.rmtree(shots, ignore_errors=True)
    os.makedirs(shots)
    downloads = os.path.join(tmp, "downloads")

    broker = Broker(tmp, "antre/web", desks=list(DESKS)).start()
    central = Central(tmp, broker, desks=DESKS, services=SERVICES)
    web = Web(tmp, broker, central)
    pressers = []
    try:
        # The web user's rights: a screen's do not include P/settings.
        obs = broker.client("web", client_id="t-browser-obs")
        obs.subscribe_wait(broker.topic("central/online"))
        obs.subscribe_wait(broker.topic("settings"))
        central.start()
        wait_central_online(obs, broker)
        web.start()
        pressers = [DeskPresser(broker, d) for d in DESKS]
        # A first call at each desk, so that the pages have something
        # to show before the walk's own presses.
        for p in pressers:
            p.press("next")

        role, password = web.users["admin"]
        cmd = [node, os.path.join(browser, "walk.mjs"), "--url",
               web.url(""), "--shots", shots, "--downloads", downloads,
               "--user", "admin", "--password", password, "--text", TEXT,
               "--chromium", chromium,
               "--tanggal", time.strftime("%Y-%m-%d")]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE,
                                stderr=open(os.path.join(tmp, "walk.err"),
                                            "w"),
                                text=True, bufsize=1, cwd=browser)
        pdf = None
        changed = None
        done = False
        presses = 0
        t0 = time.monotonic()
        for line in proc.stdout:
            try:
                m = json.loads(line)
            except ValueError:
                print(f"# walk: {line.rstrip()}")
                continue
            if "check" in m:
                c.check(m["ok"], f"browser: {m['check']}", m["detail"])
            elif m.get("need") == "press":
                p = pressers[presses % len(pressers)]
                presses += 1
                st, _, ms = p.press("next")
                ok = c.check(st is not None and st["result"] == "ok" and
                             st["ticket"], f"desk {p.desk} pressed for "
                             f"{m['page']}: {st and st.get('ticket')}",
                             repr(st))
                want = [label(st["ticket"])] if ok else ["(no ticket)"]
                proc.stdin.write(json.dumps({"expect": want}) + "\n")
                proc.stdin.flush()
            elif "note" in m:
                print(f"# {m['note']}", flush=True)
            elif "pdf" in m:
                pdf = m["pdf"]
            elif "changed" in m:
                changed = m["changed"]
            elif m.get("done"):
                done = True
        rc = proc.wait(60)
        print(f"# the walk took {time.monotonic() - t0:.1f} s")
        with open(os.path.join(tmp, "walk.err")) as f:
            err = f.read()
        c.check(done and rc == 0, "the walk ran to its end",
                f"exit {rc}; stderr: {err[-2000:]}")
        print(f"# screenshots in {shots}:")
        for name in sorted(os.listdir(shots)):
            print(f"#   {os.path.join(shots, name)}")
        want = [f"{p}-{w}.png" for p in ("masuk", "hari-ini", "laporan",
                                          "unduh", "pengaturan", "papan")
                for w in (360, 1280)]
        missing = [w for w in want if not os.path.exists(
            os.path.join(shots, w))]
        c.check(not missing, f"{len(want)} screenshots, each page at 360 "
                "and 1280 px", f"missing {missing}")

        if pdf and os.path.exists(pdf):
            t = subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                               text=True)
            c.check(t.returncode == 0 and "Periode:" in t.stdout,
                    "the downloaded PDF opens in pdftotext and names its "
                    "period", t.stdout[:300] + t.stderr[:300])
        else:
            c.check(False, "the PDF was downloaded", repr(pdf))

        if changed:
            def settings_text():
                for msg in reversed(obs.received(broker.topic("settings"))):
                    try:
                        return json.loads(msg.payload).get("running_text")
                    except ValueError:
                        return None
                return None
            deadline = time.monotonic() + 5
            while settings_text() != TEXT and time.monotonic() < deadline:
                time.sleep(0.05)
            c.check(settings_text() == TEXT, "P/settings carries the new "
                    "running text", repr(settings_text()))
            db = sqlite3.connect(f"file:{central.db_path}?mode=ro",
                                 uri=True)
            try:
                rows = db.execute("SELECT * FROM events WHERE kind = "
                                  "'setting'").fetchall()
            except sqlite3.Error as e:
                rows = [repr(e)]
            finally:
                db.close()
            c.check(any("admin" in repr(r) and "running_text" in repr(r)
                        for r in rows), "the log holds the change as a "
                    "setting event naming the admin", repr(rows[-3:]))
        else:
            c.check(False, "the walk changed the running text")
    finally:
        for p in pressers:
            p.close()
        c.stopped(web, "antre-web")
        c.stopped(central, "central")
        broker.close()


if __name__ == "__main__":
    sys.exit(run_test("browser", run, logs=("web", "central")))
