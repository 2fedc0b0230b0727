"""antre-report summary on the live log of a running central.

The morning's queue first: PREFILL kiosk tickets taken in bursts, so that
a summary has a busy day's events to read (and a report that locked the
log would lock it for a while). Then four desks and a kiosk, paho clients
under their own broker users, press at a steady rate: each desk a command
every DESK_PERIOD (mostly next, some no-shows and recalls), the kiosk a
take every KIOSK_PERIOD, each waiting for its answer. Every command's
time from publish to the central's acknowledgement is measured. The run
alternates phases A (no report) and B (antre-report summary --json on
the live database in a loop, as fast as it goes), A B A B A B A, so the
machine's noise falls on both alike.

- every command is answered ok, the central logs no storage error, and
  the desks press as often during B as during A;
- B's acknowledgement latency is not above A's: median at most
  max(1.5 x A, A + 5 ms), p90 at most max(2 x A, A + 10 ms);
- every summary during B exits 0 with valid JSON whose figures are those
  of one moment of the log: at least what was acknowledged before it
  started, at most what was sent before it ended, never less than the
  summary before; called <= issued, served + no-show + unserved <=
  called;
- the WAL grows no more during B than during A, give or take 512 KiB (a
  report that holds its snapshot too long keeps the central's
  checkpoints from restarting it);
- once the presses stop, summary --json and --csv give exactly the
  figures counted from the acknowledgements, and verify (and store-tool)
  say the chain is intact with the number of events those commands wrote.

The reports run at nice 19: on a small shared machine a loop of reports
takes a whole core, and what is tested is that the log never makes the
central wait, not the scheduler's share. A report holding a lock is not
helped by its low priority. The board is drawn small, without the
highlight, so that frames (drawn in the central's loop) add little noise
to the latency.

ANTRE_SEED picks the run (default 11).
"""

import collections
import csv
import io
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Box, Broker                     # noqa: E402
from antre_procs import Central, binary, wait_central_online  # noqa: E402
from checks import run_test                              # noqa: E402

# Desks 1 and 2 call kiosk tickets (A) first, else the roll (B); desks 3
# and 4 only the roll: every next has a ticket to call. No desk calls C
# or D: their tickets only wait.
DESKS = {1: "A B", 2: "A B", 3: "B A", 4: "B A"}
SERVICES = {"A": "KTP & KK", "B": "BPJS Kesehatan", "C": "Akta Kelahiran",
            "D": "Pengaduan"}
SOURCES = {"A": "kiosk", "B": "roll", "C": "kiosk", "D": "kiosk"}
PREFILL = 15000		# tickets before the presses, as many A, C and D
BURST = 32		# takes sent at once while prefilling
PHASES = "ABABABA"
PHASE_S = 3.0
DESK_PERIOD = 0.040	# 25 commands/s per desk
KIOSK_PERIOD = 0.050	# 20 takes/s
ACK_TIMEOUT = 5.0
SETTLE_S = 0.3		# samples this soon after a phase began are left out
WAL_SLACK = 512 * 1024	# what B may add to the WAL beyond what A added
FIELDS = ("issued", "called", "served", "noshow")


def pct(xs, p):
    """Nearest-rank percentile."""
    xs = sorted(xs)
    return xs[max(0, -(-p * len(xs) // 100) - 1)]


def tkey(t):
    return (t["service"], t["number"]) if t else None


class Run:
    def __init__(self, c, tmp, seed):
        self.c = c
        self.seed = seed
        self.broker = Broker(tmp, "antre/live", desks=list(DESKS),
                             kiosks=[1], screens=[1]).start()
        # The service day changes at day_start: put it half a day away.
        lt = time.localtime()
        day_start = f"{(lt.tm_hour + 12) % 24:02d}:{lt.tm_min:02d}"
        self.central = Central(tmp, self.broker, desks=DESKS,
                               services=SERVICES, sources=SOURCES,
                               board="width = 320\nheight = 240\n"
                               "highlight_s = 0",
                               extra=f"[queue]\nday_start = {day_start}\n")
        self.wal = self.central.db_path + "-wal"
        self.report = binary("antre-report")
        self.boxes = {}
        self.lock = threading.Lock()
        # What the acknowledgements say the log holds.
        self.tally = collections.Counter()	# (field, service) -> n
        self.events = 0
        self.inflight = 0
        self.days = set()
        self.phase = None			# "A", "B", or None between
        self.phase_since = 0.0
        self.phase_no = -1
        self.samples = []			# (phase, phase_no, ms)
        self.failures = []			# unanswered or refused
        self.sent = collections.Counter()	# phase -> commands
        self.stop = threading.Event()
        self.reports_stop = threading.Event()
        self.reports = []	# (lo, hi, slack, returncode, out, err, s)

    # --- the boxes --------------------------------------------------------

    def begin(self):
        with self.lock:
            self.inflight += 1
            return self.phase, self.phase_no, self.phase_since

    def record(self, box, payload, ans, t0, ms, phase):
        """Counts a command's answer; under self.lock."""
        ph, no, since = phase
        self.inflight -= 1
        if ms is not None and ph is not None and t0 >= since + SETTLE_S:
            self.samples.append((ph, no, ms))
        self.sent[ph] += 1
        if ans is None:
            self.failures.append(f"{box} {payload}: no answer in "
                                 f"{ACK_TIMEOUT:.0f} s")
            return False
        if ans["result"] != "ok":
            self.failures.append(f"{box} {payload}: {ans['result']} "
                                 f"({ans['reason']})")
            return False
        return True

    def paced(self, period):
        """Yields at a steady rate until stopped; a late answer delays
        the next command, never makes a burst."""
        due = time.monotonic()
        while not self.stop.wait(max(0.0, due - time.monotonic())):
            due = max(due + period, time.monotonic())
            yield

    def drive_desk(self, d):
        box = self.boxes[d]
        rng = random.Random(self.seed * 100 + d)
        ticket, recalled, seq = None, False, 0
        for _ in self.paced(DESK_PERIOD):
            r = rng.random()
            if ticket and not recalled and r < 0.08:
                op = "recall"
            elif ticket and r < 0.20:
                op = "noshow"
            else:
                op = "next"
            seq += 1
            cid = f"d{d}-{seq}"
            payload = json.dumps({"v": 1, "op": op, "id": cid})
            phase = self.begin()
            ans, t0, ms = box.request(cid, payload, ACK_TIMEOUT)
            with self.lock:
                if not self.record(f"desk {d}", payload, ans, t0, ms,
                                   phase):
                    continue
                if op == "recall":
                    self.events += 1
                    recalled = True
                    continue
                if ticket:
                    self.tally[("served" if op == "next" else "noshow",
                                ticket[0])] += 1
                    self.events += 1
                new = tkey(ans.get("ticket"))
                if new:
                    self.tally[("called", new[0])] += 1
                    if SOURCES[new[0]] == "roll":
                        # A roll ticket is issued by its first event.
                        self.tally[("issued", new[0])] += 1
                    self.events += 1
                ticket, recalled = new, False

    def took(self, ans):
        """Counts an issued ticket; under self.lock."""
        self.tally[("issued", ans["ticket"]["service"])] += 1
        self.events += 1
        self.days.add(ans["day"])

    def drive_kiosk(self):
        box = self.boxes["kiosk"]
        seq = 0
        for _ in self.paced(KIOSK_PERIOD):
            seq += 1
            cid = f"k1-{seq}"
            payload = json.dumps({"v": 1, "id": cid, "service": "A"})
            phase = self.begin()
            ans, t0, ms = box.request(cid, payload, ACK_TIMEOUT)
            with self.lock:
                if self.record("kiosk 1", payload, ans, t0, ms, phase):
                    self.took(ans)

    def prefill(self):
        box = self.boxes["kiosk"]
        t0 = time.monotonic()
        n = 0
        while n < PREFILL:
            msgs = []
            for _ in range(min(BURST, PREFILL - n)):
                n += 1
                cid = f"k1-m{n}"
                msgs.append((cid, json.dumps({
                    "v": 1, "id": cid, "service": "ACD"[n % 3]})))
            answers = box.burst(msgs, ACK_TIMEOUT)
            for (cid, payload), ans in zip(msgs, answers):
                with self.lock:
                    if ans is None or ans["result"] != "ok":
                        self.failures.append(f"kiosk 1 {payload}: {ans}")
                    else:
                        self.took(ans)
        print(f"# {PREFILL} tickets taken in {time.monotonic() - t0:.1f} s "
              f"before the presses", flush=True)

    # --- the reports ------------------------------------------------------

    def summary(self, fmt="--json", nice=()):
        day = min(self.days)
        return subprocess.run([*nice, self.report, "-D",
                               self.central.db_path, "summary", "--from",
                               day, "--to", day, fmt],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=60)

    def report_loop(self):
        while not self.reports_stop.is_set():
            with self.lock:
                lo = collections.Counter(self.tally)
            t0 = time.monotonic()
            p = self.summary(nice=("nice", "-n", "19"))
            took = time.monotonic() - t0
            with self.lock:
                # Each command still in flight may add one of each.
                hi = collections.Counter(self.tally)
                slack = self.inflight
            self.reports.append((lo, hi, slack, p.returncode, p.stdout,
                                 p.stderr, took))

    # --- the run ----------------------------------------------------------

    def set_phase(self, phase):
        with self.lock:
            self.phase = phase
            self.phase_since = time.monotonic()
            self.phase_no += phase is not None

    def run(self):
        b = self.broker
        obs = b.client("screen-1", client_id="t-live-screen")
        obs.subscribe_wait(b.topic("central/online"))
        self.central.start(debug=False)
        wait_central_online(obs, b, 0, 15)
        for d in DESKS:
            self.boxes[d] = Box(b, f"desk-{d}", b.topic(f"desk/{d}/cmd"),
                                b.topic(f"desk/{d}/state"), "last_id",
                                client_id=f"t-live-desk-{d}")
        self.boxes["kiosk"] = Box(b, "kiosk-1", b.topic("kiosk/1/take"),
                                  b.topic("kiosk/1/ticket"), "id",
                                  client_id="t-live-kiosk-1")
        self.prefill()
        drivers = [threading.Thread(target=self.drive_desk, args=(d,))
                   for d in DESKS]
        drivers.append(threading.Thread(target=self.drive_kiosk))
        wal = []
        try:
            for t in drivers:
                t.start()
            for phase in PHASES:
                self.set_phase(phase)
                loop = None
                if phase == "B":
                    self.reports_stop.clear()
                    loop = threading.Thread(target=self.report_loop)
                    loop.start()
                time.sleep(PHASE_S)
                if loop is not None:
                    # The last report's tail belongs to no phase.
                    self.set_phase(None)
                    self.reports_stop.set()
                    loop.join()
                wal.append((phase, os.path.getsize(self.wal)))
        finally:
            self.stop.set()
            self.reports_stop.set()
            for t in drivers:
                if t.ident is not None:
                    t.join()
        self.check_latency()
        self.check_live_reports()
        self.check_wal(wal)
        self.check_final()

    # --- the checks -------------------------------------------------------

    def check_latency(self):
        c = self.c
        c.check(not self.failures, f"all {sum(self.sent.values())} "
                f"commands answered ok", f"{len(self.failures)} not, e.g. "
                f"{self.failures[:3]}")
        fig = {}
        for p in "AB":
            xs = [ms for ph, _, ms in self.samples if ph == p]
            fig[p] = (statistics.median(xs), pct(xs, 90), pct(xs, 99),
                      max(xs))
            secs = PHASE_S * PHASES.count(p)
            print(f"# phase {p}: {self.sent[p]} commands in {secs:.0f} s; "
                  f"latency ms median {fig[p][0]:.2f} p90 {fig[p][1]:.2f} "
                  f"p99 {fig[p][2]:.2f} max {fig[p][3]:.2f}", flush=True)
        each = []
        for no, p in enumerate(PHASES):
            xs = [ms for _, n, ms in self.samples if n == no]
            each.append(f"{p} {statistics.median(xs):.1f}/{pct(xs, 90):.1f}")
        print("# median/p90 ms by phase: " + ", ".join(each), flush=True)
        rates = {p: self.sent[p] / PHASES.count(p) for p in "AB"}
        c.check(rates["B"] >= 0.9 * rates["A"],
                "the desks pressed as often during the reports",
                f"{rates['B']:.0f} vs {rates['A']:.0f} commands a phase")
        a, bb = fig["A"], fig["B"]
        c.check(bb[0] <= max(1.5 * a[0], a[0] + 5.0),
                f"median acknowledgement with reports running "
                f"{bb[0]:.2f} ms, without {a[0]:.2f} ms",
                "the central answered slower while antre-report ran")
        c.check(bb[1] <= max(2.0 * a[1], a[1] + 10.0),
                f"p90 acknowledgement with reports running {bb[1]:.2f} ms, "
                f"without {a[1]:.2f} ms", "the central answered slower "
                "while antre-report ran")
        bad = [ln for ln in self.central.log().splitlines()
               if re.search(r"locked|busy|storage", ln)]
        c.check(not bad, "the central logged no storage error",
                "\n".join(bad[:5]))

    def check_live_reports(self):
        c = self.c
        bad, outside, backwards, shape = [], [], [], []
        prev = None
        for lo, hi, slack, rc, out, err, _ in self.reports:
            try:
                doc = json.loads(out) if rc == 0 else None
                rows = {r["service"]: r for r in doc["rows"]}
            except (ValueError, TypeError, KeyError):
                rows = None
            if rows is None or err.strip():
                bad.append((rc, out[-200:], err[-300:]))
                continue
            if sorted(rows) != sorted(SERVICES) + ["total"]:
                shape.append(sorted(rows))
                continue
            for f in FIELDS:
                for s in SERVICES:
                    v = rows[s][f]
                    if not lo[(f, s)] <= v <= hi[(f, s)] + slack:
                        outside.append((f, s, lo[(f, s)], v,
                                        hi[(f, s)] + slack))
                if rows["total"][f] != sum(rows[s][f] for s in SERVICES):
                    shape.append(("total", f, rows["total"][f]))
            for s, r in rows.items():
                if r["transferred"] != 0 or r["unserved"] != 0 or \
                        r["called"] > r["issued"] or \
                        r["served"] + r["noshow"] + r["unserved"] > \
                        r["called"]:
                    shape.append((s, r))
            if prev is not None:
                backwards += [(s, f, prev[s][f], rows[s][f])
                              for s in rows for f in FIELDS
                              if rows[s][f] < prev[s][f]]
            prev = rows
        n = len(self.reports)
        took = sorted(r[6] * 1000 for r in self.reports) or [0]
        print(f"# {n} summaries during B, {took[0]:.0f}..{took[-1]:.0f} ms "
              f"each (median {statistics.median(took):.0f} ms)", flush=True)
        c.check(n >= 10, f"antre-report summary ran {n} times on the live "
                "log during B")
        c.check(not bad, "every live summary exits 0 with valid JSON and "
                "nothing on stderr", f"{len(bad)} did not: {bad[:2]}")
        c.check(not outside, "every live summary counts what was "
                "acknowledged before it started and no more than was sent "
                "before it ended", repr(outside[:5]))
        c.check(not backwards, "no figure goes backwards from one summary "
                "to the next", repr(backwards[:5]))
        c.check(not shape, "called <= issued, served + no-show + unserved "
                "<= called, nothing transferred or unserved, the total is "
                "the sum", repr(shape[:3]))

    def check_wal(self, wal):
        # A WAL file keeps its largest size: what a phase adds to it is
        # how far the central wrote past its last restart.
        grow = {"A": 0, "B": 0}
        for (_, before), (phase, size) in zip(wal, wal[1:]):
            grow[phase] += size - before
        print(f"# WAL {wal[0][1] // 1024} KiB after the first A; then A "
              f"added {grow['A'] // 1024} KiB, B {grow['B'] // 1024} KiB",
              flush=True)
        self.c.check(grow["B"] <= grow["A"] + WAL_SLACK,
                     "the WAL does not grow while reports run: the "
                     "central's checkpoints still restart it",
                     f"B added {grow['B'] // 1024} KiB")

    def check_final(self):
        c = self.c
        c.check(len(self.days) == 1, f"one service day {sorted(self.days)}")
        want = {s: {f: self.tally[(f, s)] for f in FIELDS}
                for s in SERVICES}
        want["total"] = {f: sum(want[s][f] for s in SERVICES)
                         for f in FIELDS}
        print(f"# acknowledged: {want['total']}; {self.events} events",
              flush=True)
        p = self.summary("--json")
        try:
            rows = {r["service"]: r for r in json.loads(p.stdout)["rows"]}
        except (ValueError, KeyError):
            rows = {}
        got = {s: {f: r[f] for f in FIELDS} for s, r in rows.items()}
        c.check(p.returncode == 0 and got == want,
                "summary --json after the presses gives exactly the "
                "counts of the acknowledgements", f"{got} {p.stderr}")
        # The four tickets at the desks are open: in none of the three.
        still = {s: r["called"] - r["served"] - r["noshow"] - r["unserved"]
                 for s, r in rows.items()}
        c.check(still.get("total") == len(DESKS) and all(
            r["wait_unknown"] == (r["called"] if SOURCES[s] == "roll"
                                  else 0)
            for s, r in rows.items() if s != "total"),
            "one open ticket per desk; the roll's waits are unknown",
            repr(still))
        p = self.summary("--csv")
        try:
            got = {ln["service"]: {f: int(ln[f]) for f in FIELDS}
                   for ln in csv.DictReader(io.StringIO(p.stdout,
                                                        newline=""))}
        except (ValueError, KeyError) as e:
            got = repr(e)
        c.check(p.returncode == 0 and got == want,
                "summary --csv gives the same figures", repr(got))
        p = subprocess.run([self.report, "-D", self.central.db_path,
                            "verify"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        c.check(p.returncode == 0 and re.match(
            rf"OK: {self.events} events(,|$)", p.stdout.strip()),
            f"verify on the live log: OK, {self.events} events",
            f"exit {p.returncode}: {p.stdout.strip()} {p.stderr.strip()}")


def run(c, tmp):
    seed = int(os.environ.get("ANTRE_SEED", "11"))
    print(f"# seed {seed}", flush=True)
    r = Run(c, tmp, seed)
    try:
        r.run()
    finally:
        r.stop.set()
        r.reports_stop.set()
        for box in r.boxes.values():
            box.close()
        c.stopped(r.central, "central")
        r.broker.close()
    tool = os.environ.get("ANTRE_STORE_TOOL")
    if c.check(tool, "$ANTRE_STORE_TOOL names store-tool"):
        p = subprocess.run([tool, "verify", r.central.db_path],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
        c.check(p.returncode == 0 and p.stdout.strip() ==
                f"ok {r.events} rows", "store-tool verifies the chain after "
                "the central stopped", p.stdout.strip())


def main():
    return run_test("test_report_live", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
