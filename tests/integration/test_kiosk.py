"""antre-kiosk against the real broker and central, with its fake GPIO
and a printer on a pseudo-terminal that answers status requests:

- takes across two services, a priority press mixed in every few (a
  desk calls now and then, so the central estimates the waits): the
  log numbers each service 1..N without a gap, every printed ticket
  decodes and matches its log row in order, shows the people ahead and
  the estimate the central kept with the take, and none is printed
  twice;
- a roll service is refused with the central's reason, nothing printed;
- the central SIGKILLed and restarted while a press follows another:
  every ticket in the log printed, every printed one in the log, once;
- a long press takes nothing; a press inside the guard time is ignored,
  ten presses in a second give one ticket;
- a printer answering garbage, nothing, or "cover open": no number;
- paper out: the LEDs say so and a press takes no number; back: it does;
- the printer unplugged in the middle of a ticket: the number is taken,
  kept in the state file, and printed once the printer is plugged in
  again (a new pty behind the same path), without a restart, and also
  when the kiosk itself was killed meanwhile;
- the central gone: the LEDs blink slowly, a press takes nothing, and
  nothing is taken when it comes back;
- a configuration naming a service the central does not have: -n fails
  with the file and the line;
- a refusal with code "quota" or "closed" (sent by a stand-in with the
  central's credential): that button dark, nothing printed;
- Prioritas held prints the last ticket again, marked; --self-test
  prints a test ticket and shows presses; --preview writes the PNG.

$ANTRE_KIOSK_TAKES sets how many takes the first part makes (default
1000: a village event's morning crowd).
"""

import json
import os
import sqlite3
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                               # noqa: E402
from antre_procs import (Central, Desk, ProcError,         # noqa: E402
                         eventually, png_board, wait_for)
from checks import run_test                                   # noqa: E402
from kiosk_fakes import (FakePrinter, Kiosk, kiosk_binary,    # noqa: E402
                         ticket_number)

TAKES = int(os.environ.get("ANTRE_KIOSK_TAKES", "1000"))
SERVICES = {"A": "KTP & KK", "B": "BPJS Kesehatan", "C": "Pajak"}
PRIORITY_LED = 8


def rows(central, sql, args=()):
    db = sqlite3.connect(f"file:{central.db_path}?mode=ro", uri=True)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def issued(central):
    return rows(central, "SELECT service, number, cmd_id FROM events "
                "WHERE kind = 'issued' AND kiosk = 1 ORDER BY seq")


def logged(kiosk, since, text, timeout, what):
    wait_for(lambda: text in kiosk.log()[since:], timeout, what)


def part_takes(c, central, kiosk, panel, printer, desk_buttons):
    plan = []
    for i in range(TAKES):
        svc = "1" if i % 3 != 2 else "2"
        plan.append((svc, i % 7 == 3))
    t0 = time.monotonic()
    for i, (button, prio) in enumerate(plan):
        if prio:
            at = len(kiosk.log())
            panel.tap("priority")
            logged(kiosk, at, "priority armed", 10, "priority armed")
        panel.tap(button)
        printer.wait_tickets(i + 1, 15)
        if i in (5, 12):
            # The desk calls: it is open, and its pace is known.
            desk_buttons.tap("next")
            time.sleep(0.3)
    took = time.monotonic() - t0
    print(f"# {TAKES} takes in {took:.1f} s", flush=True)
    log = issued(central)
    ok = True
    for s in "AB":
        nums = [n for svc, n, _ in log if svc == s]
        want = sum(1 for b, _ in plan if (b == "1") == (s == "A"))
        ok &= c.check(nums == list(range(1, want + 1)),
                      f"service {s}: numbers 1..{want} without a gap",
                      f"{nums[:10]}... ({len(nums)})")
    tickets = printer.decoded()
    printed = [ticket_number(t) for t in tickets]
    want = [f"{s}{n}" for s, n, _ in log]
    c.check(printed == want, f"{len(printed)} tickets printed, each the "
            "log's row in order, none twice",
            f"printed {printed[:5]}..., log {want[:5]}...")
    names = all(any(ln["text"] == SERVICES[ticket_number(t)[0]]
                    for ln in t) for t in tickets)
    heads = all(any(ln["text"] == "NOMOR ANTREAN" for ln in t)
                for t in tickets)
    c.check(names and heads, "every ticket has NOMOR ANTREAN and its "
            "service's name")
    big = all(max(ln["w"] for ln in t) >= 6 for t in tickets)
    c.check(big, "the number is printed at the largest size that fits")
    # What the central kept with each take (its answer) is on the
    # ticket: the people ahead, and the wait estimate when it gave one.
    kept = {r[0]: r[1:] for r in rows(
        central, "SELECT id, waiting, wait_lo, wait_hi FROM commands "
        "WHERE box = 'kiosk 1' AND op = 'take'")}
    bad, estimates = [], 0
    for (svc, num, cid), t in zip(log, tickets):
        waiting, lo, hi = kept[cid]
        texts = [ln["text"] for ln in t]
        want = ("Tidak ada antrean di depan Anda" if waiting == 0 else
                f"Di depan Anda: {waiting} orang")
        if lo is None or lo < 0:
            est = None
        elif lo == hi:
            est = f"Perkiraan tunggu: \u00b1 {lo} menit"
        else:
            est = f"Perkiraan tunggu: \u00b1 {lo}-{hi} menit"
        estimates += est is not None
        # On one line, or the label above the range when it is long.
        shown = [x if x != "Perkiraan tunggu:" or i + 1 == len(texts)
                 else f"{x} {texts[i + 1]}" for i, x in enumerate(texts)
                 if x.startswith("Perkiraan")]
        if want not in texts or shown != ([est] if est else []):
            bad.append((f"{svc}{num}", waiting, lo, hi, texts))
    c.check(not bad, f"every ticket shows the people ahead and the "
            f"estimate as the central answered ({estimates} with an "
            "estimate)", repr(bad[:2]))
    klog = kiosk.log()
    c.check(klog.count(", priority\n") == sum(p for _, p in plan),
            "each priority press made one priority take",
            f"{klog.count(', priority')} vs {sum(p for _, p in plan)}")
    cols = [r[1] for r in rows(central, "PRAGMA table_info(events)")]
    if "priority" in cols:
        prio = rows(central, "SELECT count(*) FROM events WHERE kind = "
                    "'issued' AND priority")[0][0]
        c.check(prio == sum(p for _, p in plan), "the log marks the "
                "priority tickets", f"{prio}")
        marked = sum(any("PRIORITAS" in ln["text"] for ln in t)
                     for t in tickets)
        c.check(marked == prio, "and so do the printed tickets")
    def empty():
        state = json.load(open(kiosk.state_path))
        return state["take"] is None and state["tickets"] == []
    try:
        wait_for(empty, 5, "the state file emptied")
        c.check(True, "the state file holds nothing once all are printed")
    except Exception:
        c.check(False, "the state file holds nothing once all are printed",
                open(kiosk.state_path).read())


def part_central_killed(c, central, kiosk, panel, printer):
    """Presses one after another while the central is SIGKILLed and
    started again: afterwards every ticket in the log is printed (or
    still kept to print) and every printed ticket is in the log, once."""
    n0 = printer.count()
    for i in range(40):
        if i == 20:
            central.start()
        at = len(kiosk.log())
        panel.tap("1" if i % 2 else "2")
        if i == 12:
            # While that take is on its way: answered or not, committed
            # or not.
            time.sleep(0.035)
            central.kill()
        try:
            wait_for(lambda: any(w in kiosk.log()[at:] for w in (
                "printed ", "refused", "ignored")), 3, "the press done")
        except Exception:
            pass
        time.sleep(0.1)

    def settled():
        st = json.load(open(kiosk.state_path))
        return st["take"] is None and not st["tickets"]
    wait_for(settled, 70, "every take answered and printed")
    time.sleep(0.5)
    tickets = [ticket_number(t) for t in printer.decoded()]
    log = [f"{s}{n}" for s, n, _ in issued(central)]
    c.check(len(tickets) == len(set(tickets)), "central killed during "
            "takes: no ticket printed twice")
    c.check(sorted(tickets) == sorted(log), "every ticket in the log is "
            "printed and every printed ticket is in the log",
            f"printed only {sorted(set(tickets) - set(log))}, logged only "
            f"{sorted(set(log) - set(tickets))}")
    c.check(printer.count() > n0, f"{printer.count() - n0} tickets "
            "printed around the kill")
    print("# " + "; ".join(ln for ln in kiosk.log().splitlines()
                           if "asking again" in ln or "given up" in ln or
                           "no longer waited" in ln), flush=True)
    for s in "AB":
        nums = [n for svc, n, _ in issued(central) if svc == s]
        c.check(nums == list(range(1, len(nums) + 1)),
                f"service {s} still numbered without a gap")


def part_bad_printer(c, central, kiosk, panel, printer):
    """A printer that answers garbage, or nothing: no number taken."""
    for mode, word in (("garbage", "error"), ("silent", "offline"),
                       ("cover_open", "cover_open")):
        before, n = issued(central), printer.count()
        at = len(kiosk.log())
        printer.mode = mode
        logged(kiosk, at, f": {word}", 5, f"the printer's {mode} noticed")
        panel.tap("1")
        logged(kiosk, at, f"press of A refused: printer {word}", 5,
               f"the press refused ({mode})")
        time.sleep(0.3)
        c.check(issued(central) == before and printer.count() == n,
                f"a printer answering {mode}: logged as {word}, no "
                "number taken")
    printer.mode = "ok"
    time.sleep(1.0)


def part_burst(c, central, kiosk, panel, printer):
    """Ten presses a second for a second: one ticket."""
    before, n = issued(central), printer.count()
    for _ in range(10):
        panel.send("down 2")
        time.sleep(0.05)
        panel.send("up 2")
        time.sleep(0.05)
    time.sleep(1.0)
    c.check(printer.count() == n + 1 and len(issued(central)) ==
            len(before) + 1, "ten presses in a second: one ticket",
            f"{printer.count() - n} printed")
    time.sleep(1.0)


def part_refusals(c, central, kiosk, panel, printer):
    before, n = issued(central), printer.count()
    at = len(kiosk.log())
    t = time.monotonic()
    panel.tap("3")
    logged(kiosk, at, " of C refused: ", 10, "the roll service refused")
    c.check("pre-printed" in kiosk.log()[at:], "a roll service: refused "
            "with the central's reason")
    wait_for(lambda: len([x for x in panel.changes(2, t)
                          if not x[1]]) >= 3, 5, "three blinks")
    c.check(True, "and its LED blinks three times")
    # A long press takes nothing.
    at = len(kiosk.log())
    panel.send("down 1")
    time.sleep(3.5)
    panel.send("up 1")
    logged(kiosk, at, "long press of button 1: nothing done", 5,
           "the long press noted")
    time.sleep(0.5)
    c.check(issued(central) == before and printer.count() == n,
            "a long press and a refused press take nothing, print nothing")


def part_guard(c, central, kiosk, panel, printer):
    n = printer.count()
    at = len(kiosk.log())
    panel.tap("1")
    printer.wait_tickets(n + 1, 10)
    panel.tap("1")
    logged(kiosk, at, "ms after the last ticket", 5, "the guard")
    time.sleep(0.3)
    c.check(printer.count() == n + 1, "a second press inside the guard "
            "time is ignored")
    time.sleep(1.5)


def part_paper(c, central, kiosk, panel, printer):
    before, n = issued(central), printer.count()
    at = len(kiosk.log())
    printer.mode = "paper_out"
    logged(kiosk, at, "paper_out", 5, "the paper out noticed")
    t = time.monotonic()
    time.sleep(2.5)
    flashes = [x for x in panel.changes(0, t) if x[1]]
    c.check(1 <= len(flashes) <= 3 and panel.level(0) is False or
            panel.level(0) is True and len(flashes) <= 3,
            "paper out: the service LEDs flash briefly every 2 s",
            repr(panel.changes(0, t)))
    at = len(kiosk.log())
    panel.tap("1")
    logged(kiosk, at, "press of A refused: printer paper_out", 5,
           "the press refused")
    time.sleep(0.5)
    c.check(issued(central) == before and printer.count() == n,
            "no number taken, nothing printed while out of paper")
    warn = "Kertas tiket habis (kios 1)"

    def fault():
        try:
            return png_board(central.latest_png())["fault"]
        except (OSError, KeyError, ValueError, ProcError):
            return None
    c.check(eventually(lambda: warn in (fault() or ""), 10),
            "paper out: the board's warning strip says so (the kiosk's "
            "status through the broker)", repr(fault()))
    printer.mode = "ok"
    c.check(eventually(lambda: (lambda f: f is not None and warn not in f)(
        fault()), 10),
            "paper back: the warning is gone from the board",
            repr(fault()))
    time.sleep(2.0)
    panel.tap("1")
    printer.wait_tickets(n + 1, 10)
    c.check(len(issued(central)) == len(before) + 1, "paper back: a "
            "press takes a number again")
    time.sleep(1.6)


def part_unplug(c, central, kiosk, panel, printer):
    before, n = issued(central), printer.count()
    at = len(kiosk.log())
    printer.die_on_ticket = True
    panel.tap("2")
    logged(kiosk, at, "kept to print again", 10, "the ticket kept")
    after = issued(central)
    c.check(len(after) == len(before) + 1, "unplugged mid-print: the "
            "number was taken")
    state = json.load(open(kiosk.state_path))
    svc, num, _ = after[-1]
    c.check([f"{t['service']}{t['number']}" for t in state["tickets"]] ==
            [f"{svc}{num}"], "and is kept in the state file", repr(state))
    time.sleep(1.5)
    c.check(printer.count() == n, "nothing printed while unplugged")
    # The kiosk dies too (a power cut): the state file keeps the ticket.
    kiosk.kill()
    kiosk.start()
    logged(kiosk, at, "1 ticket(s) to print", 10, "the kept ticket read")
    printer.plug()
    printer.wait_tickets(n + 1, 10)
    c.check(ticket_number(printer.decoded()[-1]) == f"{svc}{num}",
            "plugged in again: that ticket is printed, also after the "
            "kiosk was killed meanwhile",
            ticket_number(printer.decoded()[-1]))
    wait_for(lambda: json.load(open(kiosk.state_path))["tickets"] == [],
             5, "the state file emptied")
    c.check(f"printed {svc}{num}" in kiosk.log()[at:], "the log records "
            "it printed")
    time.sleep(1.6)


def part_central_gone(c, broker, central, kiosk, panel, printer):
    before, n = issued(central), printer.count()
    at = len(kiosk.log())
    central.stop()
    logged(kiosk, at, "central offline", 10, "the central gone")
    t = time.monotonic()
    time.sleep(2.5)
    ch = panel.changes(0, t)
    c.check(len(ch) >= 2 and all(b[0] - a[0] > 0.7 for a, b in
                                 zip(ch, ch[1:])),
            "central gone: the LEDs blink slowly", repr(ch))
    panel.tap("1")
    logged(kiosk, at, "press of A refused: central not reachable", 5,
           "the press refused")
    at = len(kiosk.log())
    central.start()
    logged(kiosk, at, "central online", 20, "the central back")
    time.sleep(2.0)
    c.check(issued(central) == before and printer.count() == n,
            "nothing taken or printed then, nor when it came back")
    panel.tap("1")
    printer.wait_tickets(n + 1, 10)
    c.check(True, "and the next press takes a number")


def part_reprint(c, central, kiosk, panel, printer):
    """Prioritas held: the last ticket again, marked, no new number."""
    before, n = issued(central), printer.count()
    last = ticket_number(printer.decoded()[-1])
    panel.send("down priority")
    time.sleep(3.4)
    panel.send("up priority")
    printer.wait_tickets(n + 1, 5)
    t = printer.decoded()[-1]
    c.check(ticket_number(t) == last and
            any(ln["text"] == "(cetak ulang)" for ln in t) and
            issued(central) == before, "Prioritas held: the last ticket "
            "printed again, marked \"(cetak ulang)\", no number taken",
            repr([ln["text"] for ln in t]))


def part_self_test(c, tmp, broker):
    """--self-test prints a test ticket and shows the buttons; --preview
    draws a ticket to a PNG of the paper's width."""
    os.makedirs(os.path.join(tmp, "selftest"), exist_ok=True)
    printer = FakePrinter(os.path.join(tmp, "selftest"))
    k = Kiosk(tmp, broker, printer.path, {1: "A"}, label="selftest")
    n = printer.count()
    p = subprocess.Popen([kiosk_binary(), "--self-test", "-f",
                          k.conf_path], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    try:
        printer.wait_tickets(n + 1, 10)
        panel = k.panel()
        panel.tap("1")
        time.sleep(0.5)
        panel.close()
    finally:
        p.terminate()
        out = p.communicate(timeout=10)[0]
    t = printer.decoded()[-1]
    printer.close()
    c.check(p.returncode == 0 and "printer " in out and ": ok" in out and
            any(ln["text"] == "TES PRINTER" for ln in t) and
            "-> short press" in out,
            "--self-test: the printer's state, a test ticket, the "
            "button's press", out)
    png = os.path.join(tmp, "preview.png")
    r = subprocess.run([kiosk_binary(), "--preview", png, "-f",
                        k.conf_path], capture_output=True, text=True)
    with open(png, "rb") as f:
        head = f.read(24)
    width = int.from_bytes(head[16:20], "big")
    c.check(r.returncode == 0 and head[:8] == b"\x89PNG\r\n\x1a\n" and
            width == 384, "--preview: a PNG 384 dots wide (58 mm)",
            f"{r.returncode} {r.stderr} width {width}")


def part_refusal_codes(c, tmp):
    """The answer's "code" (quota, closed) as the central sends it when a
    service's day is over: the button goes dark, nothing is printed; a
    ticket of that service later lights it again. A test client with the
    central's credential answers here, so each code is sent as the
    protocol has it."""
    broker = Broker(os.path.join(tmp, "codes"), "antre/codes", desks=[1],
                    kiosks=[1]).start()
    printer = FakePrinter(os.path.join(tmp, "codes"))
    kiosk = Kiosk(os.path.join(tmp, "codes"), broker, printer.path,
                  {1: "A", 2: "B"})
    central = broker.client("central")
    panel = None
    try:
        central.subscribe_wait(broker.topic("kiosk/1/take"))
        central.publish_wait(broker.topic("central/online"),
                             '{"v":1,"online":true,"boot":"t"}',
                             retain=True)
        kiosk.start()
        panel = kiosk.panel()
        logged(kiosk, 0, "central online", 20, "the kiosk up")

        def answer(code, number=0):
            take = json.loads(wait_for(
                lambda: central.received(broker.topic("kiosk/1/take"))[
                    answer.seen:], 10, "a take")[0].payload)
            answer.seen += 1
            t = {"v": 1, "id": take["id"], "service_name": "KTP & KK",
                 "waiting": 0, "day": "2026-12-03",
                 "time_ms": int(time.time() * 1000)}
            if code:
                t.update(result="refused", reason="Kuota habis",
                         ticket=None, code=code)
            else:
                t.update(result="ok", reason="", ticket={
                    "service": take["service"], "number": number})
            central.publish_wait(broker.topic("kiosk/1/ticket"),
                                 json.dumps(t))
        answer.seen = 0
        for code in ("quota", "closed"):
            at = len(kiosk.log())
            panel.tap("1")
            answer(code)
            logged(kiosk, at, f"refused: Kuota habis / {code}", 5,
                   f"the {code} refusal")
            time.sleep(2.5)
            c.check(panel.level(0) is False and panel.level(1) is True and
                    printer.count() == 0, f"code {code}: button A dark, "
                    "B lit, nothing printed", f"{panel.level(0)} "
                    f"{panel.level(1)} {printer.count()}")
        panel.tap("1")
        answer(None, 7)
        printer.wait_tickets(1, 10)
        time.sleep(0.5)
        c.check(panel.level(0) is True and
                ticket_number(printer.decoded()[0]) == "A7",
                "a ticket of A later: printed, button A lit again")
    finally:
        if panel is not None:
            panel.close()
        c.stopped(kiosk, "antre-kiosk (codes)")
        printer.close()
        broker.close()


def part_config(c, tmp, broker):
    k = Kiosk(tmp, broker, "/dev/null", {1: "A", 2: "D"}, label="badconf",
              extra_kiosk="services = A B C")
    r = subprocess.run([kiosk_binary(), "-n", "-f", k.conf_path],
                       capture_output=True, text=True)
    text = open(k.conf_path).read().splitlines()
    line = text.index("service = D") + 1
    c.check(r.returncode == 1 and f"{k.conf_path}:{line}: [button 2] "
            "service = D: unknown service" in r.stderr,
            "a button naming a service the central does not have: -n "
            "fails with file and line", r.stderr)


def run(c, tmp):
    broker = Broker(tmp, "antre/test", desks=[1], kiosks=[1]).start()
    central = Central(tmp, broker, desks={1: "A B C"}, services=SERVICES,
                      sources={"A": "kiosk", "B": "kiosk"}).start()
    # An open desk: the central estimates the waits it prints.
    desk = Desk(tmp, broker, 1, extra_gpio="[desk]\nguard_ms = 0\n").start()
    printer = FakePrinter(tmp)
    kiosk = Kiosk(tmp, broker, printer.path, {1: "A", 2: "B", 3: "C"},
                  extra_kiosk="guard_ms = 0\n")
    panel = None
    try:
        part_config(c, tmp, broker)
        part_self_test(c, tmp, broker)
        part_refusal_codes(c, tmp)
        kiosk.start()
        panel = kiosk.panel()
        logged(kiosk, 0, "central online", 20, "the kiosk up")
        desk_buttons = desk.buttons()
        part_takes(c, central, kiosk, panel, printer, desk_buttons)
        desk_buttons.close()
        part_central_killed(c, central, kiosk, panel, printer)
        kiosk.stop()
        panel.close()
        kiosk.write_conf(open(kiosk.conf_path).read().replace(
            "guard_ms = 0", "guard_ms = 1500"))
        kiosk.start()
        panel = kiosk.panel()
        logged(kiosk, 0, "central online", 20, "the kiosk up again")
        time.sleep(1.6)
        part_guard(c, central, kiosk, panel, printer)
        part_reprint(c, central, kiosk, panel, printer)
        part_burst(c, central, kiosk, panel, printer)
        part_refusals(c, central, kiosk, panel, printer)
        part_paper(c, central, kiosk, panel, printer)
        part_bad_printer(c, central, kiosk, panel, printer)
        part_unplug(c, central, kiosk, panel, printer)
        panel.close()       # the kiosk was restarted: a new socket
        panel = kiosk.panel()
        part_central_gone(c, broker, central, kiosk, panel, printer)
    finally:
        if panel is not None:
            panel.close()
        c.stopped(kiosk, "antre-kiosk")
        c.stopped(desk, "desk 1")
        c.stopped(central, "central")
        printer.close()
        broker.close()


def main():
    return run_test("test_kiosk", run, logs=("central", "kiosk1"))


if __name__ == "__main__":
    sys.exit(main())
