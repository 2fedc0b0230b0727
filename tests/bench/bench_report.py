"""bench_report - antre-report over a year of a busy hall.

gen-year writes the year (about 3 million events, 30 desks) through the
real engine and store. Generating it takes some 20 s, so the database is
kept in the build directory (ANTRE_BENCH_DIR/report-year) and made again
only when the gen-year binary changes (its mtime and size are the key);
the generator's BENCH lines are printed again from that run.

With the real antre-report, median of RUNS runs each:

    BENCH report_summary_year_s   summary --from <first day> --to <last>
                                  (goal < 1 s), from the report cache of
                                  the closed days
    BENCH report_summary_year_nocache_s   the same with --no-cache: every
                                  event read (the same answer, checked)
    BENCH report_verify_year_s    verify (the whole hash chain, and every
                                  cached day computed again)
    BENCH report_pdf_month_s      pdf OUT.pdf over the last full month

and the size of the report cache in the year's database:

    BENCH report_cache_mb_per_year

Then the SQL behind a yearly summary alone, with python's sqlite3 on the
same database (read-only), each with its EXPLAIN QUERY PLAN:

    BENCH report_sql_view_year_s     GROUP BY service over the tickets view
    BENCH report_sql_events_year_s   one row per ticket straight from
                                     events (GROUP BY day, service, number)
    BENCH report_sql_scan_year_s     the events of the year by seq range
                                     (a plain table scan): the floor for
                                     anything that reads every event

ANTRE_BENCH_REPORT_INDEXES=1 also tries, on a copy, a covering index for
the tickets view and times the same queries with it (it did not pay: the
report cache did).

Exit 77 (skipped) when antre-report has not been built.
"""

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 3
TZ = "Asia/Jakarta"     # gen-year's default; the report must agree


def env_tz():
    env = dict(os.environ)
    env["TZ"] = TZ
    return env


def year_db(gen, cache_dir):
    """The year's database and the generator's output, made again only
    when gen-year changed."""
    st = os.stat(gen)
    key = f"{st.st_mtime_ns} {st.st_size}\n"
    db = os.path.join(cache_dir, "year.db")
    key_path = os.path.join(cache_dir, "year.key")
    out_path = os.path.join(cache_dir, "year.gen.txt")
    try:
        with open(key_path) as f:
            cached = f.read() == key and os.path.exists(db)
    except FileNotFoundError:
        cached = False
    if cached:
        print(f"year database cached in {cache_dir} (made by this "
              f"gen-year; delete the directory to make it again)")
        with open(out_path) as f:
            return db, f.read()
    shutil.rmtree(cache_dir, ignore_errors=True)
    os.makedirs(cache_dir)
    tmp = os.path.join(cache_dir, "year.db.new")
    print(f"generating the year into {cache_dir} (cached for later "
          f"runs)...", flush=True)
    p = subprocess.run([gen, tmp], env=env_tz(), capture_output=True,
                       text=True)
    if p.returncode != 0:
        raise RuntimeError(f"gen-year failed ({p.returncode}):\n"
                           f"{p.stdout}{p.stderr}")
    os.rename(tmp, db)
    with open(out_path, "w") as f:
        f.write(p.stdout)
    with open(key_path, "w") as f:
        f.write(key)
    return db, p.stdout


def timed(argv, check=True, before=None):
    """Median wall time of RUNS runs of argv, and the last output; before
    (untimed) ahead of each run."""
    times = []
    for _ in range(RUNS):
        if before is not None:
            before()
        t0 = time.perf_counter()
        p = subprocess.run(argv, env=env_tz(), capture_output=True,
                           text=True)
        times.append(time.perf_counter() - t0)
        if check and p.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)}: exit {p.returncode}\n"
                               f"{p.stdout[-2000:]}{p.stderr[-2000:]}")
    return statistics.median(times), p


def sql_timed(con, label, sql, args):
    print(f"-- {label}")
    for row in con.execute("EXPLAIN QUERY PLAN " + sql, args):
        print(f"   plan: {row[3]}")
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        rows = con.execute(sql, args).fetchall()
        times.append(time.perf_counter() - t0)
    t = statistics.median(times)
    print(f"   {t:.3f} s (median of {RUNS}), {len(rows)} rows")
    return t, rows


VIEW_SQL = (
    "SELECT service, count(*), sum(called_ms IS NOT NULL),"
    " sum(last_kind = 'served'), sum(last_kind = 'noshow'),"
    " sum(transfers > 0), sum(last_kind = 'unserved')"
    " FROM tickets WHERE day BETWEEN ? AND ? GROUP BY service")
# What a summary needs of each ticket (its wait for the median and p90,
# how it ended), in the index's order: no temporary b-tree.
TICKETS_SQL = (
    "SELECT service,"
    " MIN(CASE WHEN kind = 'called' THEN time_ms END) -"
    " MIN(CASE WHEN kind = 'issued' THEN time_ms END),"
    " MAX(kind = 'served'), MAX(kind = 'noshow'),"
    " MAX(kind = 'transferred'), MAX(kind = 'unserved')"
    " FROM events WHERE day BETWEEN ? AND ? AND service IS NOT NULL"
    " GROUP BY day, service, number")
SCAN_SQL = (
    "SELECT count(*), sum(time_ms), sum(kind = 'called'), max(service),"
    " sum(number), sum(desk) FROM events WHERE seq BETWEEN ? AND ?")


def sql_benchmarks(db, first, last, tag=""):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    span = (first, last)
    t_view, rows = sql_timed(con, "tickets view, GROUP BY service",
                             VIEW_SQL, span)
    for r in rows:
        print(f"   {r}")
    t_ev, _ = sql_timed(con, "events, one row per ticket", TICKETS_SQL,
                        span)
    # The log is appended in day order: a span of days is a seq range.
    lo = con.execute("SELECT seq FROM events WHERE day >= ? ORDER BY day, "
                     "seq LIMIT 1", (first,)).fetchone()[0]
    hi = con.execute("SELECT seq FROM events WHERE day <= ? ORDER BY day "
                     "DESC, seq DESC LIMIT 1", (last,)).fetchone()[0]
    t_scan, _ = sql_timed(con, f"events by seq range {lo}..{hi}", SCAN_SQL,
                          (lo, hi))
    con.close()
    print(f"BENCH report_sql_view_year{tag}_s {t_view:.3f} s")
    print(f"BENCH report_sql_events_year{tag}_s {t_ev:.3f} s")
    print(f"BENCH report_sql_scan_year{tag}_s {t_scan:.3f} s")


def index_experiment(db, first, last):
    tmp = tempfile.mkdtemp(prefix="antre-bench-report-")
    try:
        copy = os.path.join(tmp, "year.db")
        shutil.copy(db, copy)
        con = sqlite3.connect(copy)
        t0 = time.perf_counter()
        con.execute("CREATE INDEX events_ticket_cover ON events(day, "
                    "service, number, kind, time_ms, desk)")
        con.commit()
        con.close()
        print(f"covering index made in {time.perf_counter() - t0:.1f} s; "
              f"database {os.path.getsize(db) / 1e6:.0f} -> "
              f"{os.path.getsize(copy) / 1e6:.0f} MB")
        sql_benchmarks(copy, first, last, "_cover")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    report = os.environ.get("ANTRE_REPORT", "")
    if not report or not os.access(report, os.X_OK):
        print("SKIP: antre-report not built (%s)"
              % (report or "ANTRE_REPORT unset"))
        return 77
    gen = os.environ["ANTRE_GEN_YEAR"]
    cache = os.path.join(os.environ.get("ANTRE_BENCH_DIR",
                                        tempfile.gettempdir()),
                         "report-year")
    db, gen_out = year_db(gen, cache)
    sys.stdout.write(gen_out)
    days = dict(line.split() for line in gen_out.splitlines()
                if line.startswith(("first_day ", "last_day ")))
    first, last = days["first_day"], days["last_day"]
    size = os.path.getsize(db)
    print(f"database {size / 1e6:.1f} MB")

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    ndays, cache_bytes = con.execute(
        "SELECT count(*), sum(length(tickets) + length(samples) + 40) "
        "FROM report_days").fetchone()
    con.close()
    print(f"report cache: {ndays} days, {cache_bytes / 1e6:.1f} MB of rows")
    print(f"BENCH report_cache_mb_per_year {cache_bytes / 1e6:.1f} MB")

    summary = [report, "-D", db, "summary", "--from", first, "--to", last]
    t, p = timed(summary)
    print(p.stdout[-3000:])
    print(f"BENCH report_summary_year_s {t:.3f} s")
    t, q = timed(summary + ["--no-cache"])
    if q.stdout != p.stdout:
        raise RuntimeError("the summary from the events differs from the "
                           "one from the report cache")
    print(f"BENCH report_summary_year_nocache_s {t:.3f} s")

    # verify exits non-zero on a broken chain: this log must pass.
    t, p = timed([report, "-D", db, "verify"])
    print(p.stdout[-500:].strip())
    print(f"BENCH report_verify_year_s {t:.3f} s")

    # The last full month of the log.
    y, m, d = (int(x) for x in last.split("-"))
    nxt = f"{y + m // 12:04d}-{m % 12 + 1:02d}-01"
    if sqlite3.connect(":memory:").execute(
            "SELECT date(?, '+1 day') < ?", (last, nxt)).fetchone()[0]:
        m = m - 1 or 12
        y = y - (m == 12)
    frm = f"{y:04d}-{m:02d}-01"
    to = sqlite3.connect(":memory:").execute(
        "SELECT date(?, '+1 month', '-1 day')", (frm,)).fetchone()[0]
    tmp = tempfile.mkdtemp(prefix="antre-bench-pdf-")
    try:
        out = os.path.join(tmp, "month.pdf")
        # pdf never replaces a file: each run gets the name free.
        t, p = timed([report, "-D", db, "pdf", out, "--from", frm,
                      "--to", to],
                     before=lambda: os.path.exists(out) and os.unlink(out))
        print(f"pdf {frm} .. {to}: {os.path.getsize(out)} bytes")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"BENCH report_pdf_month_s {t:.3f} s")

    sql_benchmarks(db, first, last)
    if os.environ.get("ANTRE_BENCH_REPORT_INDEXES") == "1":
        index_experiment(db, first, last)
    return 0


if __name__ == "__main__":
    sys.exit(main())
