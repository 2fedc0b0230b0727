"""bench_web_report - antre-web's report pages over a year of a busy hall.

The year's log is bench_report's (gen-year, about 3 million events and
30 desks, kept in ANTRE_BENCH_DIR/report-year and made again only when
gen-year changes), the hall's configuration beside it with its services
and desks. web-report-run makes the requests to web_report_route() with
the real log and the real report code, without the HTTP server: -R RUNS
makes the same request RUNS times in one process, as a running antre-web
serves them, and prints each one's wall time.

    BENCH web_report_month_ms        /laporan, the last full month of
                                     the log (goal < 100 ms): the median
                                     of RUNS requests
    BENCH web_report_month_first_ms  the same, the process's first
                                     request (its memory not yet taken
                                     from the system)
    BENCH web_report_month_charts_ms the month's two charts (jam.svg and
                                     tunggu.svg), medians added: what the
                                     page's browser asks for next
    BENCH web_report_year_ms         /laporan for the whole log (its
                                     first to its last day, 364 days)

Every request must answer 200 with the page (or the SVG); the month's
page must name its period and have the three tables.

Exit 77 (skipped) when web-report-run or gen-year has not been built.
"""

import contextlib
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_report import TZ, year_db     # noqa: E402

RUNS = 9
YEAR_RUNS = 5

CONF = """[hall]
id = bench-aula
name = Mal Pelayanan Publik
role = central
[mqtt]
host = 127.0.0.1
port = 1883
username = central
password_file = {dir}/central.pass
[store]
path = {db}
[queue]
day_start = 04:00
[board]
output = png
png_dir = {dir}/frames
[service A]
name = KTP Elektronik
source = kiosk
target_wait = 30
[service B]
name = Kartu Keluarga
source = kiosk
target_wait = 45
[service C]
name = Akta Kelahiran
source = kiosk
target_wait = 45
[service D]
name = BPJS Kesehatan
source = kiosk
target_wait = 20
[service E]
name = Perizinan
source = kiosk
"""


def hall_conf(tmp, db, gen_out):
    """The hall's configuration: the services, and each desk with the
    services gen-year gave it."""
    desks = next(line.split()[1] for line in gen_out.splitlines()
                 if line.startswith("desk_services ")).split(",")
    conf = os.path.join(tmp, "antre-display.conf")
    with open(os.path.join(tmp, "central.pass"), "w") as f:
        f.write("x\n")
    with open(conf, "w") as f:
        f.write(CONF.format(dir=tmp, db=db))
        for d, svcs in enumerate(desks, 1):
            f.write(f"[desk {d}]\nname = Loket {d}\nservices = "
                    f"{', '.join(svcs)}\n")
    return conf


def request(prog, conf, tmp, runs, path, **args):
    """runs requests in one process: their times (ms) and the last
    reply's head and body."""
    out = os.path.join(tmp, "reply")
    spool = os.path.join(tmp, "spool")
    os.makedirs(spool, exist_ok=True)
    p = subprocess.run([prog, "-f", conf, "-t", spool, "-o", out, "-R",
                        str(runs), path,
                        *[f"{k}={v}" for k, v in args.items()]],
                       capture_output=True, text=True,
                       env=dict(os.environ, TZ=TZ))
    if p.returncode != 0:
        raise RuntimeError(f"web-report-run {path} {args}: exit "
                           f"{p.returncode}: {p.stderr}")
    head = dict(line.partition(" ")[::2] for line in p.stdout.splitlines())
    times = [float(t) for t in head["ms"].split()] if runs > 1 else []
    with open(out, "rb") as f:
        body = f.read()
    if head.get("status") != "200":
        raise RuntimeError(f"{path} {args}: {head} {body[:500]!r}")
    if p.stderr.strip():
        raise RuntimeError(f"{path} {args}: said {p.stderr}")
    return times, head, body


def last_full_month(last):
    y, m, _ = (int(x) for x in last.split("-"))
    con = sqlite3.connect(":memory:")
    nxt = f"{y + m // 12:04d}-{m % 12 + 1:02d}-01"
    if con.execute("SELECT date(?, '+1 day') < ?", (last, nxt)).fetchone()[0]:
        m = m - 1 or 12
        y = y - (m == 12)
    return f"{y:04d}-{m:02d}-15"


def main():
    prog = os.environ.get("ANTRE_WEB_REPORT_RUN", "")
    gen = os.environ.get("ANTRE_GEN_YEAR", "")
    if not (prog and os.access(prog, os.X_OK) and gen and
            os.access(gen, os.X_OK)):
        print(f"SKIP: web-report-run or gen-year not built ({prog!r}, "
              f"{gen!r})")
        return 77
    cache = os.path.join(os.environ.get("ANTRE_BENCH_DIR",
                                        tempfile.gettempdir()),
                         "report-year")
    db, gen_out = year_db(gen, cache)
    days = dict(line.split()[:2] for line in gen_out.splitlines()
                if line.startswith(("first_day ", "last_day ")))
    first, last = days["first_day"], days["last_day"]
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro",
                                            uri=True)) as con:
        rows = con.execute("SELECT format, count(*) FROM report_days GROUP "
                           "BY format").fetchall()
    print(f"log {db}: {first} .. {last}, report cache rows by format: "
          f"{rows}")

    with tempfile.TemporaryDirectory(prefix="antre-bench-web-") as tmp:
        conf = hall_conf(tmp, db, gen_out)
        month = {"periode": "bulan", "tanggal": last_full_month(last)}

        times, _, body = request(prog, conf, tmp, RUNS, "/laporan",
                                 **month)
        page = body.decode()
        if page.count("<table>") < 3 or "Periode: 1 " not in page:
            raise RuntimeError(f"the month's page: {page[:3000]}")
        print(f"month {month['tanggal'][:7]}: {len(body)} bytes, "
              f"ms {' '.join(f'{t:.1f}' for t in times)}")
        month_ms = statistics.median(times)
        first_ms = times[0]

        charts = 0.0
        for chart in ("jam", "tunggu"):
            t, head, body = request(prog, conf, tmp, RUNS,
                                    f"/laporan/{chart}.svg", **month)
            if head.get("type") != "image/svg+xml" or b"<svg" not in \
                    body[:400]:
                raise RuntimeError(f"{chart}.svg: {head}")
            print(f"{chart}.svg: {len(body)} bytes, ms "
                  f"{' '.join(f'{x:.1f}' for x in t)}")
            charts += statistics.median(t)

        t, _, body = request(prog, conf, tmp, YEAR_RUNS, "/laporan",
                             periode="rentang", dari=first, sampai=last)
        if body.decode().count("<table>") < 3:
            raise RuntimeError("the year's page has no tables")
        print(f"year {first} .. {last}: {len(body)} bytes, ms "
              f"{' '.join(f'{x:.1f}' for x in t)}")
        year_ms = statistics.median(t)

    print(f"BENCH web_report_month_ms {month_ms:.1f} ms")
    print(f"BENCH web_report_month_first_ms {first_ms:.1f} ms")
    print(f"BENCH web_report_month_charts_ms {charts:.1f} ms")
    print(f"BENCH web_report_year_ms {year_ms:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
