"""bench_engine - the central's queue engine under the load of many desks.

A private broker with 64 desk users, the real central (antre-display) with
26 roll services A..Z (desk N serves letter N-1 mod 26 first, then the
following ones, so no roll runs out of numbers), a small png board and its
database on the local disk (synchronous=FULL), then engine-load: one closed-loop
simulated desk per desk id, each sending a command and waiting for the
retained state that acknowledges it before sending the next. Afterwards
the central is stopped and its database checked read-only. Prints
    BENCH engine_ops_per_s <v> ops/s
    BENCH engine_ack_p50_ms <v> ms
    BENCH engine_ack_p99_ms <v> ms
    BENCH engine_lost <n> ops          (not acknowledged within 5 s)
    BENCH engine_duplicated <n> violations
    BENCH engine_cmds_per_commit_est <v> cmds
    BENCH engine_desks <n> desks       (simulated, one command each in flight)
engine_duplicated counts: acknowledged ids missing from the `commands`
table, ids recorded more than once, a ticket called more than once within
a service and day (the load sends only next and recall, so no ticket may
be called again), and a command whose events were written twice. The
test fails when engine_lost or engine_duplicated is not 0; the speed
goals (5,000 ops/s, p99 under 20 ms) are reported, not enforced.

When the central accepts fewer desks than asked for ("too many desks (at
most N)" from antre-display -n), the run uses N desks and says so; the
engine_desks line always tells how many took part. Also printed on
stderr: the CPU used by the central, the broker and engine-load during
the run, in cores.

Environment (all optional): ANTRE_BENCH_SECONDS (measured window, 20),
ANTRE_BENCH_WARMUP (3), ANTRE_BENCH_DESKS (64), ANTRE_BENCH_ZONES (0: the
desks split into this many [zone X] of consecutive desks, so every change
publishes one board per zone besides the hall's), ANTRE_BENCH_BOARD (board
size WxH, 320x240), ANTRE_BENCH_DIR (where the temporary directory with
the database goes; the default temporary directory otherwise).
"""

import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "integration"))

from antre_broker import Broker             # noqa: E402
from antre_procs import Central, ProcError, binary, wait_for  # noqa: E402

PREFIX = "antre/bench"
SECONDS = int(os.environ.get("ANTRE_BENCH_SECONDS", "20"))
WARMUP = int(os.environ.get("ANTRE_BENCH_WARMUP", "3"))
DESKS = int(os.environ.get("ANTRE_BENCH_DESKS", "64"))
ZONES = int(os.environ.get("ANTRE_BENCH_ZONES", "0"))
BOARD = os.environ.get("ANTRE_BENCH_BOARD", "320x240")
ACK_TIMEOUT_MS = 5000


def say(msg):
    print(f"bench_engine: {msg}", file=sys.stderr, flush=True)


def fs_type(path):
    """The file system type of the mount holding path."""
    path = os.path.realpath(path)
    best, kind = "", "?"
    with open("/proc/mounts") as f:
        for line in f:
            parts = line.split()
            mnt = parts[1].replace("\\040", " ")
            if (path == mnt or path.startswith(mnt.rstrip("/") + "/")) \
                    and len(mnt) >= len(best):
                best, kind = mnt, parts[2]
    return kind


def cpu_seconds(pid):
    """utime + stime of a process, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def make_central(tmp, broker, ndesks):
    # Desk N serves letter (N-1) mod 26 first, then the following ones:
    # a roll ends at 9999 a day, and a fast run would otherwise exhaust
    # the services that two desks share and measure idle desks.
    letters = [chr(65 + i) for i in range(26)]
    desks = {n: " ".join(letters[(n - 1) % 26:] + letters[:(n - 1) % 26])
             for n in range(1, ndesks + 1)}
    services = {chr(65 + i): f"Layanan {chr(65 + i)}" for i in range(26)}
    zones = ""
    for z in range(ZONES):
        first = 1 + z * ndesks // ZONES
        last = (z + 1) * ndesks // ZONES
        if last >= first:
            zones += f"[zone Z{z}]\ndesks = {first}-{last}\n"
    central = Central(tmp, broker, desks=desks, services=services,
                      extra=zones)
    w, h = BOARD.split("x")
    with open(central.conf_path) as f:
        text = f.read()
    text = re.sub(r"(?m)^width = \d+$", f"width = {int(w)}", text)
    text = re.sub(r"(?m)^height = \d+$", f"height = {int(h)}", text)
    central.write_conf(text)
    return central


def check_conf(central):
    """None, or the central's complaint about its configuration."""
    r = subprocess.run([binary("antre-display"), "-n", "-f",
                        central.conf_path], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return None if r.returncode == 0 else r.stdout


def central_for(tmp, broker):
    """A central for DESKS desks, or for as many as it accepts."""
    central = make_central(tmp, broker, DESKS)
    err = check_conf(central)
    if err is None:
        return central, DESKS
    m = re.search(r"too many desks \(at most (\d+)\)", err)
    if not m:
        raise ProcError(f"the central refuses the configuration:\n{err}")
    n = int(m.group(1))
    say(f"the central accepts at most {n} desks (QUEUE_MAX_DESKS); "
        f"running {n} simulated desks instead of {DESKS}")
    central = make_central(tmp, broker, n)
    err = check_conf(central)
    if err is not None:
        raise ProcError(f"the central refuses the configuration:\n{err}")
    return central, n


def check_db(path, runid, acked):
    """Violations of "applied exactly once", and a description of each."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    like = f"bench{runid}-%"
    problems = []
    rows = db.execute("SELECT id, COUNT(*) FROM commands WHERE id LIKE ? "
                      "GROUP BY id", (like,)).fetchall()
    recorded = {r[0] for r in rows}
    twice = sum(r[1] - 1 for r in rows if r[1] > 1)
    if twice:
        problems.append(f"{twice} command ids recorded more than once")
    missing = [i for i in acked if i not in recorded]
    if missing:
        problems.append(f"{len(missing)} acknowledged ids not in the "
                        f"commands table, e.g. {missing[:3]}")
    called = db.execute("SELECT day, service, number, COUNT(*) FROM events "
                        "WHERE kind = 'called' GROUP BY day, service, "
                        "number HAVING COUNT(*) > 1").fetchall()
    called_twice = sum(r[3] - 1 for r in called)
    if called_twice:
        problems.append(f"{called_twice} tickets called more than once, "
                        f"e.g. {called[:3]}")
    evs = db.execute("SELECT cmd_id, kind, COUNT(*) FROM events WHERE "
                     "cmd_id LIKE ? GROUP BY cmd_id, kind HAVING COUNT(*) "
                     "> 1", (like,)).fetchall()
    ev_twice = sum(r[2] - 1 for r in evs)
    if ev_twice:
        problems.append(f"{ev_twice} events written twice for one "
                        f"command, e.g. {evs[:3]}")
    ncalled = db.execute("SELECT COUNT(*) FROM events WHERE kind = "
                         "'called' AND cmd_id LIKE ?", (like,)).fetchone()[0]
    # NOT IN (subquery) is evaluated once into a temporary index; events
    # has no index on cmd_id, so a correlated subquery would scan it once
    # per command.
    idle = db.execute("SELECT COUNT(*) FROM commands WHERE id LIKE ? AND "
                      "op = 'next' AND id NOT IN (SELECT cmd_id FROM events "
                      "WHERE kind = 'called')", (like,)).fetchone()[0]
    if idle:
        say(f"note: {idle} 'next' commands found no ticket to call (the "
            f"rolls ran out); they were cheaper than the others")
    db.close()
    unacked = len(recorded) - (len(acked) - len(missing))
    say(f"database: {len(recorded)} commands of this run recorded "
        f"({unacked} of them never acknowledged), {ncalled} tickets called")
    return twice + len(missing) + called_twice + ev_twice, problems


def main():
    base = os.environ.get("ANTRE_BENCH_DIR") or None
    tmp = tempfile.mkdtemp(prefix="antre-bench-engine-", dir=base)
    kind = fs_type(tmp)
    say(f"working in {tmp} ({kind})")
    if kind in ("tmpfs", "ramfs"):
        say("warning: the database is in memory, fsync costs nothing; "
            "set ANTRE_BENCH_DIR to a directory on the disk")
    runid = f"{os.getpid() & 0xffff:04x}{int(time.time()) & 0xffff:04x}"
    ackfile = os.path.join(tmp, "acked.txt")
    broker = Broker(tmp, PREFIX, desks=range(1, max(DESKS, 1) + 1),
                    screens=[1]).start()
    central = None
    status = 0
    try:
        central, ndesks = central_for(tmp, broker)
        central.start(debug=False)
        screen = broker.client("screen-1", client_id="bench-screen")
        screen.subscribe_wait(broker.topic("central/online"))
        wait_for(lambda: screen.received(broker.topic("central/online")),
                 10, "the central")
        screen.close()

        cmd = [os.environ["ANTRE_ENGINE_LOAD"], "-t", str(SECONDS),
               "-w", str(WARMUP), "-T", str(ACK_TIMEOUT_MS), "-i", runid,
               "-a", ackfile, "127.0.0.1", str(broker.port), PREFIX,
               os.path.join(broker.dir, "credentials"), f"1-{ndesks}"]
        pids = {"central": central.proc.pid, "broker": broker.proc.pid}
        cpu0 = {k: cpu_seconds(p) for k, p in pids.items()}
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.monotonic()
        r = subprocess.run(cmd, stdout=subprocess.PIPE, text=True,
                           timeout=SECONDS + WARMUP + 60)
        wall = time.monotonic() - t0
        cpu = {k: (cpu_seconds(p) - cpu0[k]) / wall
               for k, p in pids.items()}
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu["engine-load"] = (ru.ru_utime + ru.ru_stime - ru0.ru_utime
                              - ru0.ru_stime) / wall
        say("CPU while loaded (cores): " + ", ".join(
            f"{k} {v:.2f}" for k, v in cpu.items()) +
            f" of {os.cpu_count()}")
        if r.returncode != 0:
            raise ProcError(f"engine-load exited with {r.returncode}")
        bench = [ln for ln in r.stdout.splitlines()
                 if ln.startswith("BENCH ")]
        values = {ln.split()[1]: float(ln.split()[2]) for ln in bench}
        for want in ("engine_ops_per_s", "engine_ack_p50_ms",
                     "engine_ack_p99_ms", "engine_lost"):
            if want not in values:
                raise ProcError(f"engine-load printed no {want}:\n"
                                f"{r.stdout}")

        central.stop()
        central_log = central.log()
        central = None
        with open(ackfile) as f:
            acked = [ln.strip() for ln in f if ln.strip()]
        dup, problems = check_db(os.path.join(tmp, "central", "antre.db"),
                                 runid, acked)
        for p in problems:
            say(f"violation: {p}")
        warnings = [ln for ln in central_log.splitlines() if "warn" in ln
                    or "refused" in ln or "error" in ln.lower()]
        for ln in warnings[:5]:
            say(f"central: {ln}")

        for ln in bench:
            if ln.split()[1] != "engine_cmds_per_commit_est":
                print(ln)
        print(f"BENCH engine_duplicated {dup} violations")
        for ln in bench:
            if ln.split()[1] == "engine_cmds_per_commit_est":
                print(ln)
        print(f"BENCH engine_desks {ndesks} desks")
        print(f"BENCH engine_zones {ZONES} zones")
        sys.stdout.flush()
        if values["engine_lost"] != 0 or dup != 0:
            say("FAILED: every operation must be acknowledged, and "
                "applied exactly once")
            status = 1
    finally:
        if central is not None:
            try:
                central.stop()
            except ProcError as e:
                say(str(e))
                status = 1
        broker.close()
    if status == 0:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        say(f"kept {tmp} for inspection")
    return status


if __name__ == "__main__":
    sys.exit(main())
