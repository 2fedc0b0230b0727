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
"""

import os
import signal
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                               # noqa: E402
from antre_procs import Central, Desk, wait_for               # noqa: E402
from checks import run_test                                   # noqa: E402


def watch_led(buttons, seconds):
    """The LED changes seen during the next seconds (the controller
    timestamps them as it reads them, so read often)."""
    buttons.led()
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        time.sleep(0.05)
        buttons.led()
    return [v for t, v in buttons.led_history if t >= t0]


def called(central):
    db = sqlite3.connect(f"file:{central.db_path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM events WHERE kind = "
                          "'called'").fetchone()[0]
    finally:
        db.close()


def commands(central):
    db = sqlite3.connect(f"file:{central.db_path}?mode=ro", uri=True)
    try:
        return db.execute("SELECT op, result FROM commands ORDER BY "
                          "time_ms").fetchall()
    finally:
        db.close()


def run(c, tmp):
    broker = Broker(tmp, "antre/desk", desks=[1, 2], screens=[1]).start()
    broker.stop()
    desk = Desk(tmp, broker, 1)
    central = Central(tmp, broker, desks={1: "A", 2: "A"})
    bad = Desk(tmp, broker, 2)
    try:
        # The broker is down when the desk starts.
        desk.start()
        buttons = desk.buttons()
        time.sleep(1.5)
        c.check(desk.alive() and "connected" not in desk.log(),
                "desk runs without a broker")
        broker.start()
        wait_for(lambda: "mqtt: connected" in desk.log(), 40,
                 "the desk to connect once the broker is up")
        c.check(True, "desk connects by itself when the broker comes up")

        # No central: slow blink, presses refused and not queued.
        toggles = watch_led(buttons, 3.2)
        c.check(3 <= len(toggles) <= 4,
                "no central: the LED blinks slowly (1 s on, 1 s off)",
                f"{len(toggles)} changes in 3.2 s")
        buttons.tap("next")
        wait_for(lambda: "press refused: central not reachable" in
                 desk.log(), 5, "the refusal")
        fast = watch_led(buttons, 1.2)
        c.check(len(fast) >= 5, "a press without the central is refused "
                "at the desk: three fast blinks", repr(fast))

        central.start()
        wait_for(lambda: "central online" in desk.log(), 10,
                 "the desk to see the central")
        watch_led(buttons, 0.3)
        now, later = buttons.led(), watch_led(buttons, 2.2)
        c.check(now is False and not later,
                "central back: the LED is off and stays off (idle)",
                f"{now} then {later}")
        buttons.tap("next")
        wait_for(lambda: "acknowledged" in desk.log(), 10, "the ack")
        c.check(buttons.led() is True or watch_led(buttons, 0.5)[-1:] ==
                [True], "a press calls a number: the LED is steady on")
        # Inside the guard time: ignored, one blink.
        buttons.tap("next")
        wait_for(lambda: "press ignored" in desk.log(), 5, "the guard")
        blink = watch_led(buttons, 0.6)
        c.check(blink == [False, True] and buttons.led(),
                "a second press within the guard time blinks once and is "
                "ignored")
        # A long press recalls.
        time.sleep(2.1)
        buttons.send("down next")
        time.sleep(1.8)
        buttons.send("up next")
        wait_for(lambda: len(commands(central)) >= 2, 10, "the recall")
        cmds = commands(central)
        c.check(cmds == [("next", "ok"), ("recall", "ok")],
                "the log holds the one next and the recall, nothing from "
                "the refused or ignored presses", repr(cmds))
        # The no-show button, then the pause button toggles.
        buttons.tap("noshow")
        wait_for(lambda: len(commands(central)) >= 3, 10, "the no-show")
        watch_led(buttons, 1.0)
        c.check(buttons.led() is True, "no-show: the roll's next number is "
                "called, the LED stays on")
        buttons.tap("pause")
        wait_for(lambda: len(commands(central)) >= 4, 10, "the pause")
        watch_led(buttons, 0.5)
        flashes = watch_led(buttons, 4.1)
        c.check(flashes.count(True) == 2,
                "paused: a short flash every 2 s", repr(flashes))
        buttons.tap("pause")
        wait_for(lambda: len(commands(central)) >= 5, 10, "the resume")
        cmds = commands(central)
        c.check([op for op, _ in cmds[2:]] == ["noshow", "pause",
                                                "resume"] and
                all(r == "ok" for _, r in cmds),
                "the second button sends no-show, the third pauses and "
                "resumes", repr(cmds))

        # A central that freezes (not dies) while a press is on its way:
        # the desk gives up after its timeout, and the central, thawed,
        # must not apply the press then.
        calls = called(central)
        os.kill(central.proc.pid, signal.SIGSTOP)
        try:
            buttons.tap("next")
            wait_for(lambda: "not acknowledged within" in desk.log(), 10,
                     "the desk to give up")
        finally:
            os.kill(central.proc.pid, signal.SIGCONT)
        wait_for(lambda: len(commands(central)) >= 6, 10, "the late press")
        late = commands(central)[-1]
        c.check(late[0] == "next" and late[1] == "refused" and
                called(central) == calls,
                "a press the desk gave up on is refused when it arrives "
                "late, and calls nobody", f"{late} {calls}")

        # Wrong credentials.
        with open(os.path.join(broker.dir, "credentials", "desk-2.pass"),
                  "w") as f:
            f.write("not-the-password\n")
        broker_log_at = os.path.getsize(broker.log_path)
        bad.start()
        time.sleep(8)
        log = bad.log()
        c.check(log.count("refused the connection: Connection Refused: "
                          "not authorised") == 1,
                "wrong credentials: one clear log line", log[-300:])
        with open(broker.log_path, errors="replace") as f:
            f.seek(broker_log_at)
            attempts = f.read().count("disconnected, not authorised")
        c.check(3 <= attempts <= 6 and bad.alive(),
                "and it keeps trying, with growing gaps",
                f"{attempts} connection lines in the broker log in 8 s")
    finally:
        for d, what in ((desk, "desk 1"), (bad, "desk 2")):
            c.stopped(d, what)
        c.stopped(central, "central")
        broker.close()


def main():
    return run_test("test_desk", run, logs=("central", "desk1", "desk2"))


if __name__ == "__main__":
    sys.exit(main())
