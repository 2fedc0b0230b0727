"""antre-report's CSV opened in a real spreadsheet: LibreOffice Calc,
headless, in an Indonesian (id-ID) and an English (en-US) setting.

A log of two working days written by gen-year (the real engine and
store), read by the real antre-report with the hall's configuration
(service names with a comma and a semicolon, targets): summary, hourly,
desks and tickets as CSV, and export's files. LibreOffice reads each file
as the office would open it (the CSV filter with the separator and the
language) and writes it again as a flat OpenDocument spreadsheet (.fods),
whose cells say their type. Every cell is checked against the CSV it
came from:
- counts, seconds and decimals are number cells with the value written
  (in id-ID the files of --sep ';', with decimal commas: "59,5" is the
  number 59.5; in en-US the files of --sep ',', with decimal points);
- the decimals agree with --json's numbers (a comma misread as a
  thousands separator would not);
- the tickets' times, written with their date, are date-time cells;
- names, letters, "total", the half hours are text, whole.
A control: in id-ID a decimal point ("59.5") stays text, so the
language setting really is the one in use.

Two soffice runs in all: one per language, each converting every file.
soffice (Debian's libreoffice-calc-nogui, installed by scripts/setup)
missing is a failure, not a skip.
"""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_procs import binary              # noqa: E402
from checks import run_test                 # noqa: E402

TZ = "Asia/Jakarta"
FROM, TO = "2025-01-01", "2025-01-03"       # 01-01 is a holiday
DESKS = 12
COMMANDS = ("summary", "hourly", "desks", "tickets")
# LibreOffice's CSV filter options: separator, text delimiter ("), UTF-8
# (76), from line 1, standard column types, language (LCID), quoted
# fields not forced to text, special numbers (dates, times) detected.
LANGS = {"id": (";", 1057), "en": (",", 1033)}

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}

# What each column must be in the spreadsheet: n a number, d a date and
# time, D a date, s text; k a number but "total" (text).
KINDS = {
    "summary": {"service": "s", "name": "s"},
    "hourly": {"slot": "s", "service": "s", "name": "s"},
    "desks": {"desk": "k", "name": "s"},
    "tickets": {"day": "D", "ticket": "s", "source": "s", "issued": "d",
                "called": "d", "ended": "d", "outcome": "s",
                "queue": "s"},
}

CONF = """[hall]
id = uji
name = Mal Pelayanan Publik Uji
role = central
[mqtt]
host = 127.0.0.1
port = 1883
username = central
password_file = {dir}/central.pass
[store]
path = {db}
[board]
output = png
png_dir = {dir}/frames
[service A]
name = KTP Elektronik, KK
source = kiosk
target_wait = 30
[service B]
name = Kartu Keluarga; Akta
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
target_wait = 90
"""


def report(conf, *args):
    p = subprocess.run([binary("antre-report"), "-f", conf, *args],
                       capture_output=True, text=True,
                       env=dict(os.environ, TZ=TZ))
    if p.returncode != 0:
        raise RuntimeError(f"antre-report {' '.join(args)}: exit "
                           f"{p.returncode}: {p.stderr}")
    return p.stdout


def soffice(tmp, lang, files):
    """One soffice run converting files to .fods in tmp/<lang>-out."""
    sep, lcid = LANGS[lang]
    out = os.path.join(tmp, f"{lang}-out")
    opts = f"{ord(sep)},34,76,1,,{lcid},false,true"
    p = subprocess.run(
        [shutil.which("soffice"),
         f"-env:UserInstallation=file://{tmp}/lo-profile", "--headless",
         "--norestore", f"--infilter=Text - txt - csv (StarCalc):{opts}",
         "--convert-to", "fods", "--outdir", out, *files],
        capture_output=True, text=True, timeout=240,
        env=dict(os.environ, TZ=TZ, HOME=tmp))
    if p.returncode != 0:
        raise RuntimeError(f"soffice ({lang}): exit {p.returncode}: "
                           f"{p.stdout}{p.stderr}")
    return out


def q(tag):
    ns, name = tag.split(":")
    return f"{{{NS[ns]}}}{name}"


def sheet_rows(path):
    """The first sheet's rows as lists of (type, value, text); an empty
    cell is (None, None, "")."""
    rows = []
    table = ET.parse(path).getroot().find(".//" + q("table:table"))
    for tr in table.iter(q("table:table-row")):
        row = []
        for td in tr:
            if td.tag not in (q("table:table-cell"),
                              q("table:covered-table-cell")):
                continue
            t = td.get(q("office:value-type"))
            v = (td.get(q("office:value")) if t in ("float", "percentage")
                 else td.get(q("office:date-value")))
            text = "\n".join("".join(p.itertext())
                             for p in td.findall(q("text:p")))
            n = int(td.get(q("table:number-columns-repeated"), "1"))
            row.extend([(t, v, text)] * min(n, 64))
        while row and row[-1][0] is None and row[-1][2] == "":
            row.pop()
        if row:
            rows.append(row)
    return rows


def number(text):
    return float(text.replace(",", "."))


def compare(c, what, kinds, csv_text, sep, fods):
    """Every cell of fods against the CSV it was made from."""
    want = list(csv.reader(io.StringIO(csv_text, newline=""),
                           delimiter=sep))
    got = sheet_rows(fods)
    if not c.check(len(got) == len(want), f"{what}: {len(want)} rows",
                   f"the spreadsheet has {len(got)}"):
        return 0
    head = want[0]
    c.check([g[2] for g in got[0]] == head, f"{what}: the header row",
            f"{[g[2] for g in got[0]]}")
    bad, numbers = [], 0
    for r, (wrow, grow) in enumerate(zip(want[1:], got[1:]), 2):
        grow = grow + [(None, None, "")] * (len(wrow) - len(grow))
        for col, text, (t, v, shown) in zip(head, wrow, grow):
            kind = kinds.get(col, "n")
            if kind == "k":
                kind = "s" if text == "total" else "n"
            if text == "":
                ok = t is None
            elif kind == "n":
                ok = t == "float" and float(v) == number(text)
                numbers += ok
            elif kind == "d":
                ok = t == "date" and v == text.replace(" ", "T")
            elif kind == "D":
                ok = t == "date" and v.startswith(text)
            else:
                ok = t == "string" and shown == text
            if not ok:
                bad.append(f"row {r} {col}: {text!r} became {t} {v!r} "
                           f"{shown!r}")
    c.check(not bad and numbers > 0,
            f"{what}: every cell as written ({numbers} number cells)",
            "; ".join(bad[:8]) + (f" ... {len(bad)} in all"
                                  if len(bad) > 8 else ""))
    return numbers


def column(fods, name):
    rows = sheet_rows(fods)
    k = [g[2] for g in rows[0]].index(name)
    return [row[k] if k < len(row) else (None, None, "")
            for row in rows[1:]]


def run(c, tmp):
    if not c.check(shutil.which("soffice") is not None,
                   "soffice is installed",
                   "not found: scripts/setup installs Debian's "
                   "libreoffice-calc-nogui"):
        return
    gen = os.environ.get("ANTRE_GEN_YEAR")
    c.check(gen and os.path.exists(gen), "$ANTRE_GEN_YEAR names gen-year")
    db = os.path.join(tmp, "antre.db")
    subprocess.run([gen, db, "3", str(DESKS)], check=True,
                   env=dict(os.environ, TZ=TZ), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    conf = os.path.join(tmp, "antre-display.conf")
    with open(conf, "w") as f:
        f.write(CONF.format(dir=tmp, db=db))
        for d in range(1, DESKS + 1):
            f.write(f"[desk {d}]\nname = Loket {d}\nservices = "
                    f"{'ABCDE'[d % 5]}\n")

    files = {"id": {}, "en": {}}
    for lang, (sep, _) in LANGS.items():
        os.makedirs(os.path.join(tmp, lang))
        for cmd in COMMANDS:
            path = os.path.join(tmp, lang, f"{cmd}.csv")
            args = [cmd, "--from", FROM, "--to", TO, "--csv"]
            if sep != ",":
                args += ["--sep", sep]
            with open(path, "w", newline="") as f:
                f.write(report(conf, *args))
            files[lang][cmd] = path
    # export --sep ';': its two files, for an Indonesian spreadsheet too.
    exp = os.path.join(tmp, "stick")
    os.makedirs(exp)
    report(conf, "export", "--sep", ";", exp)
    (folder,) = os.listdir(exp)
    for name in ("summary", "tickets"):
        dst = os.path.join(tmp, "id", f"export-{name}.csv")
        shutil.copy(os.path.join(exp, folder, f"{name}.csv"), dst)
        files["id"][f"export-{name}"] = dst
    control = os.path.join(tmp, "id", "control.csv")
    with open(control, "w", newline="") as f:
        f.write("pct;desks\r\n59.5;3\r\n")
    js = {cmd: json.loads(report(conf, cmd, "--from", FROM, "--to", TO,
                                 "--json"))
          for cmd in ("summary", "hourly")}

    out = {}
    for lang in LANGS:
        todo = list(files[lang].values()) + ([control] if lang == "id"
                                             else [])
        out[lang] = soffice(tmp, lang, todo)

    for lang, (sep, _) in LANGS.items():
        for name, path in files[lang].items():
            with open(path, newline="") as f:
                text = f.read()
            fods = os.path.join(out[lang], f"{name}.fods")
            if not c.check(os.path.exists(fods), f"{lang}: {name}.fods "
                           "written by LibreOffice"):
                continue
            compare(c, f"{lang} ({lang}-{'ID' if lang == 'id' else 'US'},"
                    f" sep {sep!r}): {name}",
                    KINDS[name.replace("export-", "")], text, sep, fods)

    # The decimals: the numbers JSON gives, some of them not whole.
    for lang in LANGS:
        for cmd, key in (("summary", "within_target_pct"),
                         ("hourly", "desks_open")):
            cells = column(os.path.join(out[lang], f"{cmd}.fods"), key)
            want = [row[key] for row in js[cmd]["rows"]]
            got = [float(v) if t == "float" else None
                   for t, v, _ in cells]
            c.check(got == want and any(w is not None and w != int(w)
                                        for w in want),
                    f"{lang}: {cmd} {key} as numbers equal to --json's, "
                    f"fractions among them ({len(want)} rows)",
                    f"{got[:12]} vs {want[:12]}")
    t, v, shown = sheet_rows(os.path.join(out["id"], "control.fods"))[1][0]
    c.check(t == "string" and shown == "59.5",
            "control: in id-ID a decimal point stays text (\"59.5\")",
            f"{t} {v!r}")


if __name__ == "__main__":
    sys.exit(run_test("spreadsheet", run))
