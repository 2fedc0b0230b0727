"""antre-web draws with a module, loaded only by the process that makes
a report's page (each its own: job.h).

The real broker, central and antre-web. The central's services have
names beyond ASCII (an en dash), which the central's fonts draw:

- antre-web started and logged into maps none of the graphics
  libraries (cairo, pango, fontconfig, glib, X11's): its configuration
  is read without asking the fonts, its pages drawn without them; its
  VmRSS is printed;
- the report's charts are SVG and the PDF a PDF, drawn by the module
  antre-web-draw.so in their own processes: antre-web itself still maps
  none of the graphics libraries afterwards, and its VmRSS has not
  grown by 2 MB;
- a copy of antre-web without the module beside it (and none installed)
  still serves the report page; a chart is an error, the PDF an error
  that says it could not be made ("tidak dapat dibuat"), and the log
  names the missing module;
- both antre-webs and the central exit 0 on SIGTERM.
"""

import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                             # noqa: E402
from antre_procs import Central, wait_central_online         # noqa: E402
from checks import run_test                                  # noqa: E402
from web_procs import Web, rss_kb, sanitized, web_binary    # noqa: E402

PREFIX = "antre/webdraw"
SERVICES = {"A": "KTP \u2013 KK", "B": "Akta Kelahiran"}
GRAPHICS = ("libcairo", "libpango", "libfontconfig", "libglib",
            "libX11", "antre-web-draw")


def mapped(pid):
    """The graphics libraries pid maps."""
    with open(f"/proc/{pid}/maps") as f:
        maps = f.read()
    return sorted({g for g in GRAPHICS if g in maps})


def charts(c, who, s, day, ok):
    """The report page, its two charts and the PDF; ok: whether the
    module is there to draw them."""
    q = f"periode=hari&tanggal={day}"
    st, _, page = s.get(f"/laporan?{q}")
    c.check(st == 200 and b"/laporan/jam.svg" in page,
            f"{who}: the report page links its charts", str(st))
    for chart in ("jam", "tunggu"):
        st, hdr, body = s.get(f"/laporan/{chart}.svg?{q}")
        if ok:
            c.check(st == 200 and hdr.get("content-type") ==
                    "image/svg+xml" and b"<svg" in body[:400],
                    f"{who}: {chart}.svg is an SVG",
                    f"{st} {hdr.get('content-type')} {body[:100]!r}")
        else:
            c.check(st >= 500, f"{who}: without the module "
                    f"{chart}.svg is an error", f"{st} {body[:100]!r}")
    st, hdr, body = s.get(f"/unduh/laporan.pdf?{q}")
    if ok:
        c.check(st == 200 and body.startswith(b"%PDF"),
                f"{who}: the PDF is a PDF", f"{st} {body[:40]!r}")
    else:
        c.check(st >= 500 and b"tidak dapat dibuat" in body,
                f"{who}: without the module the PDF is an error that "
                f"says it could not be made", f"{st} {body[:200]!r}")


def run(c, tmp):
    broker = Broker(tmp, PREFIX, desks=[1]).start()
    central = Central(tmp, broker, desks={1: "A B"}, services=SERVICES,
                      board="width = 320\nheight = 240\nhighlight_s = 0")
    web = Web(tmp, broker, central, keepalive=None)
    alone = None
    obs = broker.client("screen-1", client_id="t-webdraw-obs")
    obs.subscribe_wait(broker.topic("central/online"))
    try:
        central.start(debug=False)
        wait_central_online(obs, broker, 0, 30)
        web.start()
        s = web.session().login("kepala", web.users["kepala"][1])
        st, _, page = s.get("/")
        c.check(st == 200 and SERVICES["A"].encode() in page,
                "Hari ini shows the services' names", str(st))
        time.sleep(2.5)     # the memory given back after the requests
        pid = web.pid()
        rss0 = rss_kb(pid)
        print(f"# antre-web logged into and idle: VmRSS {rss0} kB",
              flush=True)
        c.check(mapped(pid) == [], "antre-web maps no graphics library "
                "before a chart or a PDF is asked for", str(mapped(pid)))

        day = time.strftime("%Y-%m-%d")
        charts(c, "antre-web", s, day, True)
        time.sleep(2.5)
        rss1 = rss_kb(pid)
        print(f"# after the charts and the PDF: VmRSS {rss1} kB",
              flush=True)
        c.check(mapped(pid) == [] and (rss1 - rss0 < 2048 or sanitized()),
                "antre-web itself maps no graphics library after the "
                "charts and the PDF (drawn in their own processes) and its "
                "memory has not grown (not judged under AddressSanitizer)",
                f"{mapped(pid)} {rss0} -> {rss1} kB")

        # --- without the module ---------------------------------------
        bindir = os.path.join(tmp, "bin")
        os.makedirs(bindir)
        copy = os.path.join(bindir, "antre-web")
        shutil.copy2(web_binary(), copy)
        alone = Web(tmp, broker, central, label="web-alone", keepalive=None)
        saved = os.environ["ANTRE_WEB"]
        os.environ["ANTRE_WEB"] = copy
        try:
            alone.start()
        finally:
            os.environ["ANTRE_WEB"] = saved
        s2 = alone.session().login("kepala", alone.users["kepala"][1])
        st, _, _ = s2.get(f"/laporan/jam.svg?periode=hari&tanggal={day}")
        log = alone.log()
        if "not found beside the program" not in log:
            print("# a drawing module is installed on this machine: the "
                  "case without it is not run", flush=True)
        else:
            charts(c, "antre-web alone", s2, day, False)
            c.check("antre-web-draw.so: not found" in alone.log(),
                    "the log names the missing module", alone.log()[-800:])
    finally:
        if alone is not None and alone.proc is not None:
            c.stopped(alone, "antre-web without its module")
        c.stopped(web, "antre-web")
        c.stopped(central, "central")
        broker.close()


if __name__ == "__main__":
    sys.exit(run_test("web_draw", run, logs=("web", "web-alone", "central")))
