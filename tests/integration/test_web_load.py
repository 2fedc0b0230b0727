"""antre-web under load: 50 browsers on each live page while six desks
press.

The real broker, central and antre-web. Six desks, each under its own
broker user, publish "next" as antre-desk does (every command timed
from publish to the retained desk state that names its id). The run
alternates phases A (no browser) and B (CLIENTS event streams on
/peristiwa with a logged-in session's cookie and CLIENTS on
/papan/peristiwa, as many browsers on "Hari ini" and on the papan), A B
A B A B A, so the machine's noise falls on both alike; each B opens its
streams afresh and closes them at its end.

- every command is answered ok, and the desks press as often in B as
  in A;
- every update arrives at every browser: in each B, once all its
  streams are open and have their first event (the state as it was),
  each papan stream gets an event per board the central published (one
  per press, unless two fell in one of the central's iterations, as
  under the sanitizers) and at most one per press, and each "Hari ini"
  stream at least one per board (today's figures, read from the log at
  most once a second, add some); no stream is sent the state it already has; all streams of a
  page get the same events in the same order, and each ticket called
  shows in every stream of both pages;
- the central's acknowledgement latency with the browsers is that
  without them within noise: median at most max(1.5 x A, A + 5 ms), p90
  at most max(2 x A, A + 10 ms);
- antre-web's memory (VmRSS) after the third B is within RSS_SLACK of
  what it was after the first: nothing grows with each round of
  browsers (not judged when it is built with AddressSanitizer, whose
  quarantine grows it: LeakSanitizer judges at its exit); and it lets
  go of the closed streams' descriptors within REAP_S (a write to them
  fails: its keepalive comments find them);
- antre-web, the central and the broker exit 0 on SIGTERM.

What it measured is printed (# lines): the latency per phase, the
delivery delay from a command's answer to its event at the browsers,
antre-web's RSS, CPU time and descriptors at each step.
"""

import os
import re
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker, DeskPresser                # noqa: E402
from antre_procs import (Central, eventually,               # noqa: E402
                         wait_central_online, wait_for)
from checks import run_test                                  # noqa: E402
from web_procs import EventStream, Web, sanitized           # noqa: E402

DESKS = {d: "A B" for d in range(1, 7)}
SERVICES = {"A": "KTP & KK", "B": "BPJS Kesehatan"}
CLIENTS = 50		# per page
PHASES = "ABABABA"
PHASE_S = 4.0
DESK_PERIOD = 0.5	# a press every 0.5 s per desk: 12 a second in all
SETTLE_S = 0.3		# samples this soon after a phase began are left out
DELIVER_S = 5.0		# time allowed for the last events to arrive
# malloc's heap settles over the first rounds: measured +350..550 kB
# from the first to the second, +50 from the second to the third.
RSS_SLACK_KB = 1024
REAP_S = 60		# a closed stream's descriptor is let go by then


def pct(xs, p):
    xs = sorted(xs)
    return xs[max(0, -(-p * len(xs) // 100) - 1)]


def status_of(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.split()[0] if v.split() else ""
    return out


def cpu_s(pid):
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def label(ticket):
    return f"{ticket['service']}{ticket['number']}"


def shows(data, lab):
    """Whether an event's data shows ticket lab ("A12", not "A120")."""
    return re.search(rf"(?<![A-Za-z0-9]){lab}(?![0-9])", data) is not None


class Run:
    def __init__(self, c, tmp):
        self.c = c
        self.broker = Broker(tmp, "antre/webload",
                             desks=list(DESKS)).start()
        self.central = Central(tmp, self.broker, desks=DESKS,
                               services=SERVICES,
                               board="width = 320\nheight = 240\n"
                               "highlight_s = 0")
        self.web = Web(tmp, self.broker, self.central,
                       extra=f"max_connections = {4 * CLIENTS + 16}")
        self.pressers = {}
        self.lock = threading.Lock()
        self.phase = None
        self.phase_no = -1
        self.phase_since = 0.0
        self.samples = []		# (phase, phase_no, ms)
        self.sent = {"A": 0, "B": 0}
        self.failures = []
        self.answered = []		# (phase_no, answer time, ticket)
        self.stop = threading.Event()

    def drive(self, d):
        p = self.pressers[d]
        due = time.monotonic() + d * DESK_PERIOD / len(DESKS)
        while not self.stop.wait(max(0.0, due - time.monotonic())):
            due = max(due + DESK_PERIOD, time.monotonic())
            with self.lock:
                ph, no, since = self.phase, self.phase_no, self.phase_since
            if ph is None:
                # Between phases (streams opening or being counted):
                # no press.
                continue
            st, t0, ms = p.press("next")
            with self.lock:
                self.sent[ph] += 1
                if st is None or st["result"] != "ok" or not st["ticket"]:
                    self.failures.append(f"desk {d}: {st}")
                    continue
                if t0 >= since + SETTLE_S:
                    self.samples.append((ph, no, ms))
                self.answered.append((no, t0 + ms / 1000, ph,
                                      label(st["ticket"])))

    def set_phase(self, phase):
        with self.lock:
            self.phase = phase
            self.phase_since = time.monotonic()
            self.phase_no += 1

    def quiet(self):
        """Waits for the presses in flight to be answered and their
        boards to come."""
        time.sleep(0.2)
        wait_for(lambda: all(not p.busy for p in self.pressers.values()),
                 10, "the last presses answered")
        n = -1
        while n != self.boards():
            n = self.boards()
            time.sleep(0.3)

    def measure(self, what):
        pid = self.web.pid()
        st = status_of(pid)
        m = {"rss": int(st["VmRSS"]), "cpu": cpu_s(pid), "fds": fds(pid)}
        print(f"# antre-web {what}: VmRSS {m['rss']} kB, CPU "
              f"{m['cpu']:.2f} s, {m['fds']} descriptors", flush=True)
        return m

    def open_streams(self, cookie):
        streams = []
        for i in range(CLIENTS):
            streams.append(("hari", EventStream(self.web.port,
                                                "/peristiwa", cookie)))
            streams.append(("papan", EventStream(self.web.port,
                                                 "/papan/peristiwa")))
        for _, s in streams:
            s.start()
        bad = []
        for page, s in streams:
            try:
                s.wait_open(10)
            except Exception as e:
                bad.append(f"{page}: {e}")
        # Each has its first event (the state as it opened) before the
        # phase starts.
        late = [p for p, s in streams if not s.wait_events(1, 10)]
        self.c.check(not bad and not late, f"{2 * CLIENTS} event streams "
                     f"open, each with its first event",
                     f"{bad[:3]} {late[:3]}")
        # What the hall left to send (today's figures are read at most
        # once a second) reaches some streams as they open and others
        # not: the phase's events are counted from here.
        time.sleep(1.5)
        for _, s in streams:
            with s.cond:
                s.base = len(s.events)
        self.opened_wall = time.time()
        return streams

    def boards(self):
        return len(self.obs.received(self.broker.topic("board")))

    def check_streams(self, no, streams, boards):
        """The streams of B phase no, which saw boards boards published
        while its desks pressed."""
        c = self.c
        with self.lock:
            mine = [(t, lab) for n, t, _, lab in self.answered if n == no]
        # Wait for the last press's events to reach every stream.
        deadline = time.monotonic() + DELIVER_S
        for _, s in streams:
            s.wait_events(s.base + boards,
                          max(0.0, deadline - time.monotonic()))
        time.sleep(0.3)
        counts = {"hari": [], "papan": []}
        dups = 0
        for page, s in streams:
            with s.cond:
                ev = [d for _, _, d in s.events[s.base - 1:]]
            # The same state twice in a row is no update: counted apart
            # (a waste, not a loss).
            same = sum(a == b for a, b in zip(ev, ev[1:]))
            dups += same
            counts[page].append(len(ev) - 1 - same)
        c.check(dups == 0, f"B{no}: no stream was sent the state it "
                f"already had", f"{dups} events repeated the one before")
        print(f"# B{no}: {len(mine)} presses, {boards} boards published; "
              f"events per stream: hari {sorted(set(counts['hari']))}, "
              f"papan {sorted(set(counts['papan']))}", flush=True)
        # The papan's clock shows the minute: each minute turned while
        # the streams were open is one more event, with no press.
        turns = int(time.time() // 60) - int(self.opened_wall // 60)
        c.check(all(boards <= x <= len(mine) + turns
                    for x in counts["papan"]),
                f"B{no}: every papan stream got an event per board "
                f"published and at most one per press ({boards} boards, "
                f"{len(mine)} presses, {turns} minute(s) turned)",
                f"counts {sorted(set(counts['papan']))}")
        c.check(all(x >= boards for x in counts["hari"]),
                f"B{no}: every Hari ini stream got at least one event per "
                f"board published ({boards})",
                f"counts {sorted(set(counts['hari']))}")
        for page in ("hari", "papan"):
            first = None
            same = True
            for p, s in streams:
                if p != page:
                    continue
                data = [d for _, _, d in s.events[s.base:]]
                if first is None:
                    first = data
                elif data != first:
                    same = False
            c.check(same, f"B{no}: every {page} stream got the same "
                    f"events, in the same order")
        missing = []
        delays = []
        for page, s in streams:
            datas = [(t, d) for t, _, d in s.events[s.base:]]
            for t_ans, lab in mine:
                hit = [t for t, d in datas if shows(d, lab)]
                if not hit:
                    missing.append((page, lab))
                else:
                    delays.append((hit[0] - t_ans) * 1000)
        c.check(mine and not missing, f"B{no}: each of the {len(mine)} "
                f"tickets called shows in every stream of both pages",
                f"{len(missing)} missing, e.g. {missing[:4]}")
        if delays:
            print(f"# B{no}: from the desk's answer to the event at the "
                  f"browsers, ms: median {statistics.median(delays):.1f} "
                  f"p90 {pct(delays, 90):.1f} max {max(delays):.1f}",
                  flush=True)

    def run(self):
        b = self.broker
        obs = self.obs = b.client("screen-1", client_id="t-webload-obs")
        obs.subscribe_wait(b.topic("central/online"))
        obs.subscribe_wait(b.topic("board"))
        self.central.start(debug=False)
        wait_central_online(obs, b, 0, 15)
        self.web.start(debug=False)
        password = self.web.users["kepala"][1]
        cookie = self.web.session().login("kepala", password).cookie()
        for d in DESKS:
            self.pressers[d] = DeskPresser(b, d, tag="l")
        drivers = [threading.Thread(target=self.drive, args=(d,))
                   for d in DESKS]
        mem = {"start": self.measure("at the start")}
        rounds = 0
        try:
            for t in drivers:
                t.start()
            for phase in PHASES:
                streams = None
                if phase == "B":
                    # Opened between phases: the presses of a B are
                    # those its streams were all open for.
                    self.set_phase(None)
                    self.quiet()
                    streams = self.open_streams(cookie)
                boards = self.boards()
                self.set_phase(phase)
                time.sleep(PHASE_S)
                if streams is not None:
                    no = self.phase_no
                    self.set_phase(None)
                    self.quiet()
                    self.check_streams(no, streams,
                                       self.boards() - boards)
                    for _, s in streams:
                        s.close()
                    rounds += 1
                    time.sleep(0.5)
                    mem[rounds] = self.measure(f"after B round {rounds}")
        finally:
            self.stop.set()
            for t in drivers:
                if t.ident is not None:
                    t.join()
        self.check_latency()
        grow = mem[3]["rss"] - mem[1]["rss"]
        if sanitized():
            # ASan keeps freed memory in quarantine: RSS grows with
            # every round. LeakSanitizer checks at the exit instead.
            print(f"# antre-web is built with AddressSanitizer: its RSS "
                  f"grew {grow} kB, not judged", flush=True)
        else:
            self.c.check(grow <= RSS_SLACK_KB, f"antre-web's memory is "
                         f"flat: {mem[1]['rss']} kB after the first round "
                         f"of browsers, {mem[3]['rss']} kB after the third",
                         f"grew {grow} kB")
        # A closed stream is noticed when a write to it fails: the
        # keepalive comments (every 25 s) find it within a minute.
        t0 = time.monotonic()
        gone = eventually(lambda: fds(self.web.pid()) <=
                          mem["start"]["fds"], REAP_S)
        print(f"# antre-web's descriptors back to {fds(self.web.pid())} "
              f"{time.monotonic() - t0:.1f} s after the last browsers "
              f"left", flush=True)
        self.c.check(gone, f"antre-web let go of the closed streams' "
                     f"descriptors within {REAP_S} s",
                     f"{mem['start']['fds']} at the start, "
                     f"{fds(self.web.pid())} now")

    def check_latency(self):
        c = self.c
        c.check(not self.failures, f"all {sum(self.sent.values())} "
                "commands answered ok with a ticket",
                f"{len(self.failures)} not, e.g. {self.failures[:3]}")
        fig = {}
        for p in "AB":
            xs = [ms for ph, _, ms in self.samples if ph == p]
            fig[p] = (statistics.median(xs), pct(xs, 90), max(xs), len(xs))
            print(f"# phase {p}: {len(xs)} samples; acknowledgement ms "
                  f"median {fig[p][0]:.2f} p90 {fig[p][1]:.2f} max "
                  f"{fig[p][2]:.2f}", flush=True)
        each = []
        for no, p in enumerate(PHASES):
            xs = [ms for _, n, ms in self.samples if n == no]
            if xs:
                each.append(f"{p} {statistics.median(xs):.1f}/"
                            f"{pct(xs, 90):.1f}")
        print("# median/p90 ms by phase: " + ", ".join(each), flush=True)
        rate = {p: self.sent[p] / PHASES.count(p) for p in "AB"}
        c.check(rate["B"] >= 0.9 * rate["A"], "the desks pressed as often "
                "with the browsers", f"{rate['B']:.0f} vs {rate['A']:.0f} "
                "a phase")
        a, bb = fig["A"], fig["B"]
        c.check(bb[0] <= max(1.5 * a[0], a[0] + 5.0),
                f"median acknowledgement with {2 * CLIENTS} browsers "
                f"{bb[0]:.2f} ms, without {a[0]:.2f} ms",
                "the central answered slower with the browsers")
        c.check(bb[1] <= max(2.0 * a[1], a[1] + 10.0),
                f"p90 acknowledgement with {2 * CLIENTS} browsers "
                f"{bb[1]:.2f} ms, without {a[1]:.2f} ms",
                "the central answered slower with the browsers")


def run(c, tmp):
    r = Run(c, tmp)
    try:
        r.run()
    finally:
        r.stop.set()
        for p in r.pressers.values():
            p.close()
        c.stopped(r.web, "antre-web")
        c.stopped(r.central, "central")
        r.broker.close()


if __name__ == "__main__":
    sys.exit(run_test("web_load", run, logs=("web", "central")))
