"""antre-desk against the real broker and central: what the officer sees
on the LED and what reaches the log when things are not as they should be.

- broker down when the desk starts, then up: the desk connects by itself;
- central absent: the LED blinks slowly, a press is refused at the desk
  and never applied later;
- a second press inside the guard time is ignored (one blink);
- a long press recalls;
- a press the desk gave up on (central frozen) is refused when it
  finally arrives, never applied late;
- wrong credentials: one clear log line, retries with growing gaps.

The LED is judged by the changes the desk reports on its fake GPIO
socket, waited for as they come: their order and count, and their
spacing within wide bounds (a busy machine delays them a little, it does
not reorder them).
"""

import json
import os
import re
import signal
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                               # noqa: E402
from antre_procs import Central, Desk, led_pattern, wait_for  # noqa: E402
from checks import run_test                                   # noqa: E402

# Desk 1's guard time between two calls: long, so that the press made to
# test it falls inside it however slow the machine is. Where a later call
# must not be ignored, the test waits it out (after_guard).
GUARD_S = 5.0


def commands(central):
    db = sqlite3.connect(f"file:{central.db_path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT op, result FROM commands ORDER BY "
                          "time_ms").fetchall()
    finally:
        db.close()


def logged(daemon, since, text, timeout, what):
    """Waits until text is in daemon's log after offset since; returns
    the time.monotonic() it was seen at."""
    wait_for(lambda: text in daemon.log()[since:], timeout, what)
    return time.monotonic()


def after_guard(sent_at):
    """Sleeps until the guard time of a call the desk logged as sent (seen
    by the test at sent_at) is over: the desk's call time is no later
    than that."""
    time.sleep(max(0.0, sent_at + GUARD_S + 0.2 - time.monotonic()))


def first(n):
    """A wait_led() predicate: the first n LED changes, once there."""
    return lambda ch: ch[:n] if len(ch) >= n else None


def burst(n, within):
    """A watch() predicate: the first n successive LED changes each less
    than within s after the one before, once there."""
    def find(changes):
        run = changes[:1]
        for prev, cur in zip(changes, changes[1:]):
            run = run + [cur] if cur[0] - prev[0] < within else [cur]
            if len(run) >= n:
                return run
        return None
    return find


def levels(changes):
    return [v for _, v in changes]


def gaps(changes):
    return [b[0] - a[0] for a, b in zip(changes, changes[1:])]


def mean(xs):
    return sum(xs) / len(xs) if xs else 0.0


def phase_means(changes):
    """(mean time on, mean time off) between successive LED changes."""
    on = [g for g, (_, v) in zip(gaps(changes), changes) if v]
    off = [g for g, (_, v) in zip(gaps(changes), changes) if not v]
    return mean(on), mean(off)


def run(c, tmp):
    broker = Broker(tmp, "antre/desk", desks=[1, 2], screens=[1]).start()
    broker.stop()
    desk = Desk(tmp, broker, 1, extra_gpio=f"[desk]\nguard_ms = "
                f"{int(GUARD_S * 1000)}\n")
    central = Central(tmp, broker, desks={1: "A", 2: "A"})
    bad = Desk(tmp, broker, 2)
    try:
        # The broker is down when the desk starts.
        desk.start()
        buttons = desk.buttons()
        wait_for(lambda: "retrying in" in desk.log(), 10,
                 "the desk's first connection attempt to fail")
        c.check(desk.alive() and "connected" not in desk.log(),
                "desk runs without a broker (its attempts fail, it "
                "keeps running)", desk.log()[-300:])
        broker.start()
        screen = broker.client("screen-1", client_id="t-desk-screen")
        screen.subscribe_wait(broker.topic("desk/1/online"))
        msgs = wait_for(lambda: screen.received(
            broker.topic("desk/1/online")), 40,
            "desk 1's presence on the broker once the broker is up")
        presence = json.loads(msgs[-1].payload)
        c.check(presence.get("online") is True and
                "mqtt: connected" in desk.log(),
                "desk connects by itself when the broker comes up (its "
                "presence says online)", repr(presence))

        # No central: slow blink (in phase since the desk started), two
        # periods of it.
        slow = buttons.wait_led(first(5), 15, "five LED changes without "
                                "the central", since=buttons.mark())
        on, off = phase_means(slow)
        c.check(0.6 <= on <= 1.5 and 0.6 <= off <= 1.5,
                "no central: the LED blinks slowly (1 s on, 1 s off)",
                f"{led_pattern(slow)}: on {on:.2f} s, off {off:.2f} s")
        mark, lm = buttons.mark(), len(desk.log())
        buttons.tap("next")
        logged(desk, lm, "press refused: central not reachable", 10,
               "the refusal")
        # A change of the slow blink may come before the alert's.
        fast, seen = buttons.watch(burst(5, 0.5), 10, since=mark)
        c.check(fast is not None,
                "a press without the central is refused at the desk: "
                "three fast blinks (five changes, each within 0.5 s of "
                "the one before)", f"none in 10 s: {led_pattern(seen)}")

        central.start()
        # The central under the sanitizers on a busy machine may take
        # long to start.
        wait_for(lambda: "central online" in desk.log(), 30,
                 "the desk to see the central")
        buttons.wait_led(lambda ch: ch and ch[-1][1] is False, 10,
                         "the LED to go off once the central is back")
        mark = buttons.mark()
        time.sleep(2.5)		# a slow blink would change twice
        quiet = buttons.changes(mark)
        c.check(not quiet and buttons.led() is False,
                "central back: the LED is off and stays off for 2.5 s "
                "(idle)", led_pattern(quiet))
        mark, lm = buttons.mark(), len(desk.log())
        buttons.tap("next")
        sent_at = logged(desk, lm, "sent next", 10, "the press to be sent")
        logged(desk, lm, "acknowledged", 10, "the ack")
        buttons.wait_led(lambda ch: ch and ch[-1][1], 10,
                         "the LED to come on after the call", since=mark)
        on = buttons.changes(mark)
        c.check(levels(on) == [True],
                "a press calls a number: the LED comes on, with no blink",
                led_pattern(on))
        # Inside the guard time: ignored, one blink.
        mark, lm = buttons.mark(), len(desk.log())
        buttons.tap("next")
        logged(desk, lm, "press ignored", 10, "the guard")
        buttons.wait_led(first(2), 10, "the LED to blink", since=mark)
        time.sleep(1.0)		# a second blink would be here by now
        blink = buttons.changes(mark)
        c.check(levels(blink) == [False, True] and
                gaps(blink)[0] < 1.0,
                "a second press within the guard time blinks once (off "
                "less than 1 s, then on again) and is ignored",
                led_pattern(blink))
        # A long press recalls, while the button is still held.
        lm = len(desk.log())
        buttons.send("down next")
        logged(desk, lm, "sent recall", 10, "the desk to send a recall "
               "while the button is held (long press)")
        buttons.send("up next")
        wait_for(lambda: len(commands(central)) >= 2, 10, "the recall")
        cmds = commands(central)
        c.check(cmds == [("next", "ok"), ("recall", "ok")],
                "the log holds the one next and the recall, nothing from "
                "the refused or ignored presses", repr(cmds))
        # The no-show button, then the pause button toggles.
        after_guard(sent_at)
        calls = central.called()
        mark, lm = buttons.mark(), len(desk.log())
        buttons.tap("noshow")
        sent_at = logged(desk, lm, "sent noshow", 10, "the no-show sent")
        logged(desk, lm, "acknowledged", 10, "the no-show's ack")
        same = buttons.changes(mark)
        c.check(central.called() == calls + 1 and not same and
                buttons.led() is True,
                "no-show: the roll's next number is called, the LED stays "
                "on (no change)", f"{central.called() - calls} calls; LED "
                f"{led_pattern(same)}")
        mark = buttons.mark()
        buttons.tap("pause")
        wait_for(lambda: len(commands(central)) >= 4, 10, "the pause")
        # On (serving) into the pause's first flash, then two flashes.
        flashes = buttons.wait_led(first(5), 15, "two flashes after the "
                                   "pause", since=mark)
        flash = [g for g, (_, v) in zip(gaps(flashes), flashes) if v]
        period = flashes[3][0] - flashes[1][0]
        c.check(levels(flashes) == [False, True, False, True, False] and
                max(flash) < 0.6 and 1.4 <= period <= 2.6,
                "paused: a short flash every 2 s",
                f"{led_pattern(flashes)}: flashes of "
                f"{', '.join(f'{x:.2f}' for x in flash)} s, "
                f"{period:.2f} s apart")
        buttons.tap("pause")
        wait_for(lambda: len(commands(central)) >= 5, 10, "the resume")
        cmds = commands(central)
        c.check([op for op, _ in cmds[2:]] == ["noshow", "pause",
                                                "resume"] and
                all(r == "ok" for _, r in cmds),
                "the second button sends no-show, the third pauses and "
                "resumes", repr(cmds))
        # The second button held: a priority ticket for someone escorted
        # in (refused here: this hall's service comes from a roll).
        after_guard(sent_at)
        lm = len(desk.log())
        buttons.send("down noshow")
        sent_at = logged(desk, lm, "sent take_priority", 10, "the desk to "
                         "send take_priority while the button is held")
        buttons.send("up noshow")
        wait_for(lambda: len(commands(central)) >= 6, 10, "its answer")
        cmds = commands(central)
        c.check(cmds[5] == ("take_priority", "refused") and
                "noshow" not in [op for op, _ in cmds[5:]],
                "the second button held sends take_priority (a roll's "
                "service refuses it), and no no-show on its release",
                repr(cmds))

        # A central that freezes (not dies) while a press is on its way:
        # the desk gives up after its timeout, and the central, thawed,
        # must not apply the press then.
        after_guard(sent_at)
        calls = central.called()
        lm = len(desk.log())
        os.kill(central.proc.pid, signal.SIGSTOP)
        try:
            buttons.tap("next")
            logged(desk, lm, "not acknowledged within", 10,
                   "the desk to give up")
        finally:
            os.kill(central.proc.pid, signal.SIGCONT)
        wait_for(lambda: len(commands(central)) >= 7, 10, "the late press")
        late = commands(central)[-1]
        c.check(late[0] == "next" and late[1] == "refused" and
                central.called() == calls,
                "a press the desk gave up on is refused when it arrives "
                "late, and calls nobody", f"{late} {calls}")

        # Wrong credentials: refused again and again, logged once.
        with open(os.path.join(broker.dir, "credentials", "desk-2.pass"),
                  "w") as f:
            f.write("not-the-password\n")
        broker_log_at = os.path.getsize(broker.log_path)

        def attempts():
            with open(broker.log_path, errors="replace") as f:
                f.seek(broker_log_at)
                return f.read().count("disconnected, not authorised")
        bad.start()
        wait_for(lambda: attempts() >= 3 and
                 bad.log().count("retrying in") >= 3, 30,
                 "three refused connection attempts by desk 2")
        log = bad.log()
        c.check(log.count("refused the connection: Connection Refused: "
                          "not authorised") == 1,
                f"wrong credentials: one clear log line for "
                f"{attempts()} refusals", "\n".join(
                    ln for ln in log.splitlines() if "refused" in ln))
        waits = [int(x) for x in re.findall(r"retrying in (\d+) ms", log)]
        c.check(bad.alive() and all(b > a for a, b in zip(waits,
                                                           waits[1:])),
                "and it keeps trying, with growing gaps",
                f"waits of {waits} ms between attempts")
    finally:
        for d, what in ((desk, "desk 1"), (bad, "desk 2")):
            c.stopped(d, what)
        c.stopped(central, "central")
        broker.close()


def main():
    return run_test("test_desk", run, logs=("central", "desk1", "desk2"))


if __name__ == "__main__":
    sys.exit(main())
