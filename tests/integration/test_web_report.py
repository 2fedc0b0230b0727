"""antre-web's report pages and downloads against antre-report.

A log of 40 service days from 2025-01-01 written by gen-year (the real
queue engine and store, the central's shape and hash chain), the hall's
configuration beside it. web-report-run makes one request to
web_report_route() (the pages' code with the real log and the real
report code, without the HTTP server) and writes the reply out; the
same figures are asked of the real antre-report:

- /laporan?format=json is byte for byte antre-report summary --json for
  a day, a week (Monday to Sunday around the date), a month, a range and
  one service; with no date it is today's service day, which starts at
  the central's day_start;
- the /laporan page shows each service's served and no-show counts as
  the summary has them, the period, the charts' links, every table in a
  scrolling box; the charts are SVG that rsvg-convert draws;
- the four CSV files are antre-report's --csv --sep ';' output, named
  antre-<hall>-<from>_<to>-<what>.csv;
- the PDF opens in pdftotext and names the period, its file is unlinked
  once sent;
- the log's snapshot passes antre-report verify with the same number of
  events as the log;
- a bad date, a range that ends before it starts, one of more than 366
  days, an unknown service or period: 400, the form with the message
  and what was typed, escaped; no figures;
- a path that is not the pages' is left to the server;
- a month's page, its charts, its JSON and its CSV files from the
  central's report cache (the closed days' rows) are byte for byte those
  from a copy of the log without it, for the whole hall and one
  service; and the cache is what the page reads: a desk's idle time
  edited in one row shows on the page.
"""

import contextlib
import html
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_procs import binary            # noqa: E402
from checks import run_test               # noqa: E402

DAYS = 40
DESKS = 12
TZ = "Asia/Jakarta"      # gen-year's default
# 2025-01-16 02:30 in Jakarta (UTC+7): before the 04:00 day_start, so
# the service day is still the 15th.
NOW = 1736969400
NOW_STAMP = "20250116-023000"

CONF = """[hall]
id = uji-aula
name = Mal Pelayanan Publik Uji
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
name = KTP <Elektronik> & KK
source = kiosk
target_wait = 30
[service B]
name = BPJS Kesehatan
source = kiosk
target_wait = 60
[service C]
name = Akta Kelahiran
source = kiosk
target_wait = 45
[service D]
name = Perizinan
source = kiosk
[service E]
name = Pemeriksaan Kesehatan
source = kiosk
"""


def env():
    return dict(os.environ, TZ=TZ)


def report(conf, *args):
    p = subprocess.run([binary("antre-report"), "-f", conf, *args],
                       capture_output=True, env=env())
    if p.returncode != 0:
        raise RuntimeError(f"antre-report {' '.join(args)}: exit "
                           f"{p.returncode}: {p.stderr!r}")
    return p.stdout


class Reply:
    def __init__(self, head, body):
        self.head = head
        self.body = body
        self.status = int(head.get("status", "0"))

    def text(self):
        return self.body.decode()


def web(conf, tmp, path, db=None, **args):
    """One request (to the log db, else the configuration's); the reply's
    head lines and its body (bytes)."""
    prog = os.environ.get("ANTRE_WEB_REPORT_RUN")
    if not prog or not os.path.exists(prog):
        raise RuntimeError("$ANTRE_WEB_REPORT_RUN does not name "
                           "web-report-run")
    out = os.path.join(tmp, "reply")
    spool = os.path.join(tmp, "spool")
    os.makedirs(spool, exist_ok=True)
    if os.path.exists(out):
        os.unlink(out)
    p = subprocess.run([prog, "-f", conf, "-t", spool, "-n", str(NOW),
                        "-o", out, *(["-D", db] if db else []), path,
                        *[f"{k}={v}" for k, v in args.items()]],
                       capture_output=True, env=env())
    if p.returncode != 0:
        raise RuntimeError(f"web-report-run {path} {args}: exit "
                           f"{p.returncode}: {p.stderr!r}")
    head = {}
    for line in p.stdout.decode().splitlines():
        k, _, v = line.partition(" ")
        head[k] = v
    body = b""
    if os.path.exists(out):
        with open(out, "rb") as f:
            body = f.read()
    return Reply(head, body)


def count_text(v):
    """A count as the PDF writes it: 12.345."""
    return f"{v:,}".replace(",", ".")


def rows_of(page):
    """The first table's rows: name -> cells."""
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = {}
    for m in re.finditer(r'<th scope="row">(.*?)</th>(.*?)</tr>', table):
        rows[html.unescape(m.group(1))] = re.findall(
            r'<td class="angka">(.*?)</td>', m.group(2))
    return rows


def check_json(c, conf, tmp, what, args, first, last, service=None):
    r = web(conf, tmp, "/laporan", format="json", **args)
    extra = ["--service", service] if service else []
    want = report(conf, "summary", "--from", first, "--to", last,
                  "--json", *extra)
    c.check(r.status == 200 and r.head["type"] == "application/json",
            f"{what}: format=json is 200 application/json",
            f"{r.head}")
    c.check(r.body == want, f"{what}: the JSON is antre-report summary "
            f"--json --from {first} --to {last} {' '.join(extra)}",
            r.body[:300])
    return json.loads(want)


def check_page(c, conf, tmp, args, summary, period):
    r = web(conf, tmp, "/laporan", **args)
    page = r.text()
    c.check(r.status == 200 and r.head["type"].startswith("text/html"),
            "the report page is 200 HTML", str(r.head))
    c.check(f"Periode: {period}" in page, f"the page names the period "
            f"{period}", page[:2000])
    rows = rows_of(page)
    bad = []
    for row in summary["rows"]:
        name = ("Total" if row["service"] == "total" else
                f"{row['service']} \u2013 {row['name']}")
        cells = rows.get(name)
        if (cells is None or cells[2] != count_text(row["served"]) or
                cells[3] != count_text(row["noshow"]) or
                cells[0] != count_text(row["issued"])):
            bad.append(f"{name}: {cells} vs {row}")
    c.check(not bad and len(rows) == len(summary["rows"]),
            f"the page's summary has {len(summary['rows'])} rows with "
            f"antre-report's issued, served and no-show counts",
            "; ".join(bad))
    c.check("KTP &lt;Elektronik&gt; &amp; KK" in page and
            "<Elektronik>" not in page, "a service's name is escaped")
    tables = page.count("<table>")
    boxes = page.count('<div class="gulir" style="overflow-x:auto">'
                       '<table>')
    c.check(tables >= 3 and boxes == tables, f"every table ({tables}) "
            f"is in a box that scrolls sideways on a phone")
    for chart in ("jam", "tunggu"):
        c.check(f'src="/laporan/{chart}.svg?' in page,
                f"the page shows the {chart} chart")
    return page


def check_svg(c, conf, tmp, args):
    for chart in ("jam", "tunggu"):
        r = web(conf, tmp, f"/laporan/{chart}.svg", **args)
        c.check(r.status == 200 and r.head["type"] == "image/svg+xml" and
                b"<svg" in r.body[:400], f"{chart}.svg is an SVG",
                str(r.head))
        svg = os.path.join(tmp, f"{chart}.svg")
        with open(svg, "wb") as f:
            f.write(r.body)
        if shutil.which("rsvg-convert"):
            p = subprocess.run(["rsvg-convert", svg, "-o",
                                svg[:-4] + ".png"], capture_output=True)
            c.check(p.returncode == 0 and
                    os.path.getsize(svg[:-4] + ".png") > 2000,
                    f"rsvg-convert draws {chart}.svg", p.stderr)


def check_csv(c, conf, tmp, args, first, last, service=None):
    extra = ["--service", service] if service else []
    for what, cmd in (("ringkasan", "summary"), ("tiket", "tickets"),
                      ("jam", "hourly"), ("loket", "desks")):
        r = web(conf, tmp, f"/unduh/{what}.csv", **args)
        want = report(conf, cmd, "--from", first, "--to", last, "--csv",
                      "--sep", ";", *extra)
        name = f"antre-uji-aula-{first}_{last}-{what}.csv"
        c.check(r.status == 200 and r.head["type"].startswith("text/csv")
                and r.head["filename"] == name,
                f"{what}.csv is 200 text/csv named {name}", str(r.head))
        c.check(r.body == want and b";" in want.split(b"\n")[0],
                f"{what}.csv is antre-report {cmd} --csv --sep ';'",
                r.body[:200])


def check_pdf(c, conf, tmp):
    r = web(conf, tmp, "/unduh/laporan.pdf", periode="minggu",
            tanggal="2025-01-08")
    name = "antre-uji-aula-2025-01-06_2025-01-12-laporan.pdf"
    c.check(r.status == 200 and r.head["type"] == "application/pdf" and
            r.head["file"] == "yes" and r.head["filename"] == name,
            f"the PDF is a file sent as {name}", str(r.head))
    c.check(r.head.get("gone") == "yes" and
            not os.listdir(os.path.join(tmp, "spool")),
            "the PDF's file is gone once sent")
    pdf = os.path.join(tmp, "week.pdf")
    with open(pdf, "wb") as f:
        f.write(r.body)
    p = subprocess.run(["pdftotext", pdf, "-"], capture_output=True,
                       text=True)
    c.check(p.returncode == 0 and "Periode: 6 Januari 2025 \u2013 12 "
            "Januari 2025" in p.stdout and "Kepala log:" in p.stdout,
            "pdftotext reads the period and the log's head", p.stdout[:500])


def check_log(c, conf, tmp, db):
    r = web(conf, tmp, "/unduh/log.db")
    name = f"antre-uji-aula-{NOW_STAMP}.db"     # local time
    c.check(r.status == 200 and r.head["file"] == "yes" and
            r.head["filename"] == name and r.head.get("gone") == "yes",
            f"the log's snapshot is a file sent as {name}, then gone",
            str(r.head))
    snap = os.path.join(tmp, "snapshot.db")
    with open(snap, "wb") as f:
        f.write(r.body)
    mine = report(conf, "verify").decode()
    theirs = subprocess.run([binary("antre-report"), "-D", snap, "verify"],
                            capture_output=True, text=True, env=env())
    n = re.search(r"OK: (\d+) events", mine)
    c.check(theirs.returncode == 0 and n and
            f"OK: {n.group(1)} events" in theirs.stdout,
            f"the snapshot passes verify with the log's "
            f"{n.group(1) if n else '?'} events", theirs.stdout +
            theirs.stderr)


def check_bad(c, conf, tmp):
    cases = [
        ("a date that does not exist", {"tanggal": "2025-02-30"},
         "tidak valid", "2025-02-30"),
        ("a date with markup", {"tanggal": "<b>x</b>"}, "tidak valid",
         "&lt;b&gt;x&lt;/b&gt;"),
        ("a range that ends before it starts",
         {"periode": "rentang", "dari": "2025-01-10",
          "sampai": "2025-01-09"}, "sebelum tanggal awal", "2025-01-09"),
        ("a range of 367 days", {"periode": "rentang",
                                 "dari": "2024-01-01",
                                 "sampai": "2025-01-01"},
         "paling lama 366 hari", "2025-01-01"),
        ("a range without its end", {"periode": "rentang",
                                     "dari": "2024-01-01"},
         "Isi tanggal akhir", "2024-01-01"),
        ("an unknown service", {"layanan": "Z"}, "tidak dikenal",
         'value="Z" selected'),
        ("an unknown period", {"periode": "tahun<"}, "tidak dikenal",
         "tahun&lt;"),
    ]
    for what, args, msg, kept in cases:
        for path in ("/laporan", "/unduh", "/unduh/tiket.csv",
                     "/unduh/laporan.pdf"):
            r = web(conf, tmp, path, **args)
            page = r.text()
            c.check(r.status == 400 and 'class="galat"' in page and
                    msg in page and kept in page and "<tbody>" not in
                    page and r.head["filename"] == "" and
                    r.head["file"] == "no",
                    f"{path}, {what}: 400, the form with \"{msg}\" and "
                    f"what was typed", f"{r.head} {page[:1500]}")
    r = web(conf, tmp, "/laporan", format="json", layanan="Z")
    c.check(r.status == 400 and b"tidak dikenal" in r.body,
            "format=json with an unknown service: 400 and why", r.body)
    # 366 days are allowed.
    r = web(conf, tmp, "/laporan", format="json", periode="rentang",
            dari="2024-02-09", sampai="2025-02-08")
    c.check(r.status == 200, "a range of 366 days is read", r.body[:200])


def log_copy(db, path, sql):
    """A copy of the log (its WAL folded in) changed by sql."""
    with contextlib.closing(sqlite3.connect(db)) as con:
        con.execute(f"VACUUM INTO '{path}'")
    with contextlib.closing(sqlite3.connect(path,
                                            isolation_level=None)) as con:
        con.executescript(sql)


def check_cached(c, conf, tmp, db):
    """The month of January from the cache and from the events."""
    with contextlib.closing(sqlite3.connect(db)) as con:
        cached = con.execute("SELECT count(*) FROM report_days WHERE day "
                             "BETWEEN '2025-01-01' AND '2025-01-31' AND "
                             "length(desks) > 0").fetchone()[0]
    c.check(cached >= 20, f"January's closed days have their rows, with "
            f"the desks ({cached})")
    bare = os.path.join(tmp, "uncached.db")
    log_copy(db, bare, "DELETE FROM report_days;")
    month = {"periode": "bulan", "tanggal": "2025-01-20"}
    diff = []
    n = 0
    for args in (month, dict(month, layanan="B")):
        for path, extra in (("/laporan", {}),
                            ("/laporan", {"format": "json"}),
                            ("/laporan/jam.svg", {}),
                            ("/laporan/tunggu.svg", {}),
                            ("/unduh/ringkasan.csv", {}),
                            ("/unduh/jam.csv", {}),
                            ("/unduh/loket.csv", {})):
            a = web(conf, tmp, path, **args, **extra)
            b = web(conf, tmp, path, db=bare, **args, **extra)
            n += 1
            if a.status != 200 or a.body != b.body or a.head != b.head:
                diff.append(f"{path} {args} {extra}")
    c.check(not diff, f"{n} replies of the month from the cache equal "
            f"those from the events", "; ".join(diff))
    # Desk 1's idle time an hour longer in one row: the page changes.
    edited = os.path.join(tmp, "edited.db")
    log_copy(db, edited, "")
    with contextlib.closing(sqlite3.connect(edited,
                                            isolation_level=None)) as con:
        blob = bytearray(con.execute("SELECT desks FROM report_days WHERE "
                                     "day = '2025-01-08'").fetchone()[0])
        c.check(blob[:3] == b"\x01\x00\x00", "desk 1's record first")
        idle = int.from_bytes(blob[4:12], "little") + 3600000
        blob[4:12] = idle.to_bytes(8, "little")
        con.execute("UPDATE report_days SET desks = ? WHERE day = "
                    "'2025-01-08'", (bytes(blob),))
    a = web(conf, tmp, "/laporan", **month).text()
    b = web(conf, tmp, "/laporan", db=edited, **month).text()
    c.check(a != b and "Loket 1" in a, "the month's page reads the "
            "cache: a desk record edited shows")


def run(c, tmp):
    db = os.path.join(tmp, "antre.db")
    gen = os.environ.get("ANTRE_GEN_YEAR")
    c.check(gen and os.path.exists(gen), "$ANTRE_GEN_YEAR names gen-year")
    subprocess.run([gen, db, str(DAYS), str(DESKS)], check=True, env=env(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    conf = os.path.join(tmp, "antre-display.conf")
    with open(conf, "w") as f:
        f.write(CONF.format(dir=tmp, db=db))
        for d in range(1, DESKS + 1):
            f.write(f"[desk {d}]\nname = Loket {d}\nservices = "
                    f"{'ABCDE'[d % 5]}\n")

    # Today (no arguments) is the service day of NOW: the 15th.
    today = check_json(c, conf, tmp, "today", {}, "2025-01-15",
                       "2025-01-15")
    check_json(c, conf, tmp, "a day", {"periode": "hari",
                                       "tanggal": "2025-01-09"},
               "2025-01-09", "2025-01-09")
    # Wednesday the 8th: the week of Monday the 6th; Sunday the 12th is
    # in the same week, Monday the 13th starts the next.
    week = check_json(c, conf, tmp, "a week", {"periode": "minggu",
                                               "tanggal": "2025-01-08"},
                      "2025-01-06", "2025-01-12")
    check_json(c, conf, tmp, "a week from its Sunday",
               {"periode": "minggu", "tanggal": "2025-01-12"},
               "2025-01-06", "2025-01-12")
    check_json(c, conf, tmp, "a month", {"periode": "bulan",
                                         "tanggal": "2025-01-20"},
               "2025-01-01", "2025-01-31")
    check_json(c, conf, tmp, "February", {"periode": "bulan",
                                          "tanggal": "2025-02-03"},
               "2025-02-01", "2025-02-28")
    check_json(c, conf, tmp, "a range", {"periode": "rentang",
                                         "dari": "2025-01-03",
                                         "sampai": "2025-01-21"},
               "2025-01-03", "2025-01-21")
    one = check_json(c, conf, tmp, "a week of one service",
                     {"periode": "minggu", "tanggal": "2025-01-08",
                      "layanan": "B"}, "2025-01-06", "2025-01-12", "B")
    total = [r for r in week["rows"] if r["service"] == "total"][0]
    c.check(total["served"] > 1000 and today["rows"],
            f"the week has figures ({total['served']} served)")

    check_page(c, conf, tmp, {"periode": "minggu",
                              "tanggal": "2025-01-08"}, week,
               "6 Januari 2025 \u2013 12 Januari 2025")
    check_page(c, conf, tmp, {"periode": "minggu", "tanggal": "2025-01-08",
                              "layanan": "B"}, one,
               "6 Januari 2025 \u2013 12 Januari 2025")
    check_svg(c, conf, tmp, {"periode": "minggu", "tanggal": "2025-01-08"})

    check_csv(c, conf, tmp, {"periode": "minggu", "tanggal": "2025-01-08"},
              "2025-01-06", "2025-01-12")
    check_csv(c, conf, tmp, {"periode": "rentang", "dari": "2025-01-30",
                             "sampai": "2025-02-02", "layanan": "C"},
              "2025-01-30", "2025-02-02", "C")
    r = web(conf, tmp, "/unduh", periode="bulan", tanggal="2025-01-20")
    page = r.text()
    c.check(r.status == 200 and all(
        f'href="/unduh/{w}?periode=bulan&amp;tanggal=2025-01-20"' in page
        for w in ("ringkasan.csv", "tiket.csv", "jam.csv", "loket.csv",
                  "laporan.pdf")) and 'href="/unduh/log.db"' in page and
        "Periode: 1 Januari 2025 \u2013 31 Januari 2025" in page,
        "/unduh names the month and links its files and the log", page[:3000])
    check_pdf(c, conf, tmp)
    check_log(c, conf, tmp, db)
    check_cached(c, conf, tmp, db)
    check_bad(c, conf, tmp)

    for path in ("/laporanx", "/unduh/x.csv", "/hari-ini", "/unduhan"):
        r = web(conf, tmp, path)
        c.check(r.head.get("route") == "0", f"{path} is not the report "
                f"pages'", str(r.head))


if __name__ == "__main__":
    sys.exit(run_test("web_report", run))
