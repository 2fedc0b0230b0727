"""bench_estimate - how good the wait estimate is.

estimate-replay replays a log's days through the estimator exactly as
the central runs it (the day started with estimate_load() reading the
earlier days, every event through the engine and the estimator, each
ticket's estimate taken as central_take() takes it) and measures the
estimates against the real waits with antre-report estimate's figures.

Logs:
  fixture   antre-report's two-day fixture (tests/unit/report-fixture.c):
            a small hall, a long lunch with tickets waiting, TZ=UTC
  busy_day  a generated busy Monday (gen-year, 30 desks, 2025-01-20:
            some 4,000 tickets) with the two and a half weeks before it
            as the estimator's history
  busy      every generated day, 2025-01-02 .. 01-24 (the first without
            any history)

Prints, for each NAME:
    BENCH estimate_NAME_mae_min      median |real wait - range middle|
    BENCH estimate_NAME_inside_pct   share of called tickets whose real
                                     wait fell inside the printed range
    BENCH estimate_NAME_tickets      tickets measured
    BENCH estimate_NAME_take_us      one estimate (the take path's cost)
"""

import os
import re
import subprocess
import sys
import tempfile


def run(args, env):
    p = subprocess.run(args, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    sys.stdout.write(p.stdout)
    if p.returncode != 0:
        sys.exit(f"bench_estimate: {args[0]} exited {p.returncode}")
    return p.stdout


def main():
    replay = os.environ["ANTRE_ESTIMATE_REPLAY"]
    gen = os.environ["ANTRE_GEN_YEAR"]
    with tempfile.TemporaryDirectory(prefix="bench-estimate-") as tmp:
        env = dict(os.environ, TZ="UTC")
        run([replay, "fixture", "--fixture",
             os.path.join(tmp, "fixture.db")], env)
        env = dict(os.environ, TZ="Asia/Jakarta")
        db = os.path.join(tmp, "busy.db")
        out = run([gen, db, "24", "30"], env)
        m = re.search(r"^desk_services (\S+)$", out, re.M)
        if m is None:
            sys.exit("bench_estimate: gen-year named no desks")
        desks = m.group(1)
        run([replay, "busy_day", db, "ABCDE", desks, "2025-01-20",
             "2025-01-20"], env)
        run([replay, "busy", db, "ABCDE", desks], env)


if __name__ == "__main__":
    main()
