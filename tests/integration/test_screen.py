"""An extra screen: antre-display with [hall] role = screen.

Broker, central and two desks as in the hall, plus a second antre-display
that only shows the board: it subscribes to the retained <prefix>/board
with a screen credential and renders it into its own png directory, with
the same size, theme and hall name as the central.

- after each press both latest.png carry the retained board, and once
  both show it at the same clock minute their pixels are identical;
- the screen opens no database, though its config names one;
- a screen restarted while the central runs shows the same board again,
  from the retained message alone (no press in between);
- a screen with a wrong password, or with a desk's credential (which may
  not read the board), logs a clear error, keeps running and exits 0.
"""

import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                          # noqa: E402
from antre_procs import (Central, Daemon, Desk,          # noqa: E402
                         png_text_chunks, wait_for)
from checks import run_test                              # noqa: E402
from test_x11 import compare, png_pixels                 # noqa: E402

HALL_NAME = "Mal Pelayanan Publik Uji"	# as antre_procs.Central writes it
WIDTH, HEIGHT = 960, 540
# How long a screen that connected but never receives the board may stay
# silent about it.
DESK_CRED_WAIT = 15.0
THEME = "[theme]\nbackground = #102a43\naccent = #f0b429\n\n"


class Screen(Daemon):
    """antre-display with role = screen, its own directory and config."""

    name = "antre-display"

    def __init__(self, tmpdir, broker, label="screen", user="screen-1",
                 password_file=None, board="", extra=THEME):
        """board: more lines for [board]; extra: sections after it."""
        super().__init__(tmpdir, label)
        self.db_path = os.path.join(self.dir, "antre.db")
        self.frames = os.path.join(self.dir, "frames")
        os.makedirs(self.frames, exist_ok=True)
        password_file = password_file or os.path.join(
            broker.dir, "credentials", f"{user}.pass")
        hall = broker.prefix.split("/")[-1]
        # A [store] path the screen must leave alone.
        self.write_conf(
            f"[hall]\nid = {hall}\nprefix = {broker.prefix}\n"
            f"role = screen\nname = {HALL_NAME}\n\n"
            f"[mqtt]\nhost = 127.0.0.1\nport = {broker.port}\n"
            f"username = {user}\npassword_file = {password_file}\n"
            f"keepalive = 10\n\n"
            f"[store]\npath = {self.db_path}\n\n"
            f"[board]\noutput = png\npng_dir = {self.frames}\n"
            f"width = {WIDTH}\nheight = {HEIGHT}\nhighlight_s = 0\n"
            f"{board}\n" + extra)

    def latest_png(self):
        return os.path.join(self.frames, "latest.png")


def central_conf(central):
    """The central's config with the screen's size, theme and no
    highlight after a call."""
    with open(central.conf_path) as f:
        text = f.read()
    size = f"width = {WIDTH}\nheight = {HEIGHT}\n"
    if "[board]\n" not in text or size not in text:
        raise AssertionError("antre_procs.Central's [board] changed")
    central.write_conf(text.replace("[board]\n",
                                    "[board]\nhighlight_s = 0\n") + THEME)


def snapshot(path, dest):
    """Copies a frame (renamed into place atomically by the png output)
    and returns (board, time_ms) from its text chunks, or None."""
    try:
        shutil.copyfile(path, dest)
    except FileNotFoundError:
        return None
    t = png_text_chunks(dest)
    return json.loads(t["Antre-Board"]), int(t["Antre-Time"])


def same_frames(tmp, central, screen, board, timeout=10.0):
    """Waits until both frames carry board, drawn at the same clock
    minute; returns the two snapshot paths. A frame drawn just before a
    minute turned is redrawn a few ms after it: wait for that rather than
    compare frames whose clocks differ."""
    paths = (os.path.join(tmp, "central-frame.png"),
             os.path.join(tmp, "screen-frame.png"))
    seen = {}

    def ready():
        a = snapshot(central.latest_png(), paths[0])
        b = snapshot(screen.latest_png(), paths[1])
        seen["last"] = (a, b)
        return (a is not None and b is not None and a[0] == board and
                b[0] == board and a[1] // 60000 == b[1] // 60000)
    try:
        wait_for(ready, timeout, "both frames to show the retained board")
    except Exception:
        a, b = seen.get("last", (None, None))
        raise AssertionError(
            f"frames never both showed the retained board at the same "
            f"minute.\nretained: {json.dumps(board)}\n"
            f"central:  {json.dumps(a)}\nscreen:   {json.dumps(b)}")
    return paths


def no_board_warning(log):
    """A warning line about the board, or about a refusal: what tells
    the person setting up a screen with the wrong user what is wrong."""
    return any("warning:" in line and ("board" in line or
                                       "not authori" in line)
               for line in log.splitlines()
               if "running as screen" not in line)


def ticket(t):
    return f"{t['service']}{t['number']}" if t else None


def run(c, tmp):
    # desk-3: a credential of a desk that is not running (one user holds
    # one connection, so desk 1's would knock the running desk 1 off).
    broker = Broker(tmp, "antre/screen", desks=[1, 2, 3],
                    screens=[1]).start()
    central = Central(tmp, broker, desks={1: "A", 2: "A"})
    central_conf(central)
    desks = {d: Desk(tmp, broker, d, extra_gpio="[desk]\nguard_ms = 0\n")
             for d in (1, 2)}
    screen = Screen(tmp, broker)
    others = []
    try:
        central.start()
        for d in desks.values():
            d.start()
        screen.start()
        obs = broker.client("screen-1", client_id="test-screen-obs")
        obs.subscribe_wait(broker.topic("board"))

        def retained():
            m = obs.received(broker.topic("board"))
            return json.loads(m[-1].payload) if m else None

        wait_for(lambda: "running as screen" in screen.log(), 10,
                 "the screen to start")
        wait_for(lambda: all("central online" in d.log()
                             for d in desks.values()), 10,
                 "the desks to see the central")
        buttons = {d: desks[d].buttons() for d in desks}

        for n, d in ((1, 1), (2, 2)):
            buttons[d].tap("next")
            board = wait_for(lambda n=n: (lambda b: b if b and b["calls"]
                             and ticket(b["calls"][0]["ticket"]) ==
                             f"A{n}" else None)(retained()), 10,
                             f"the retained board to show A{n}")
            shown = {x["id"]: ticket(x.get("ticket"))
                     for x in board["desks"]}
            c.check(shown.get(d) == f"A{n}",
                    f"desk {d}'s press: the retained board shows A{n} at "
                    f"desk {d}", repr(shown))
            # Raises, naming what it waited for, if the two frames never
            # carry the retained board at the same minute.
            cpng, spng = same_frames(tmp, central, screen, board)
            ok, detail = compare(png_pixels(cpng), png_pixels(spng),
                                 tolerance=0)
            c.check(ok, f"A{n}: both latest.png carry the retained board "
                    "(tEXt Antre-Board) at the same minute, and the "
                    "screen's pixels are identical to the central's",
                    detail)

        leftovers = [os.path.join(r, f) for r, _, fs in os.walk(screen.dir)
                     for f in fs if f.startswith("antre.db") or
                     f.endswith((".db", ".db-wal", ".db-journal", ".sqlite"))]
        c.check(not leftovers and os.path.exists(central.db_path),
                "the screen created no database file (its config names "
                "one), the central did", repr(leftovers))

        # Restart the screen alone: it must come back with the retained
        # board, without any press to make the central publish again.
        before = retained()
        nboards = len(obs.received(broker.topic("board")))
        c.stopped(screen, "the screen (before its restart)")
        os.unlink(screen.latest_png())
        screen.start()
        wait_for(lambda: os.path.exists(screen.latest_png()), 10,
                 "the restarted screen's first frame")
        cpng, spng = same_frames(tmp, central, screen, before)
        c.check(len(obs.received(broker.topic("board"))) == nboards and
                retained() == before,
                "restarted screen shows the same board, from the retained "
                "message alone (the central published nothing meanwhile)")
        ok, detail = compare(png_pixels(cpng), png_pixels(spng),
                             tolerance=0)
        c.check(ok, "restarted screen: pixels identical to the central's",
                detail)

        # The central stops: its presence turns offline, and the screen
        # warns that the numbers it shows may be old; back when it
        # returns.
        spath = os.path.join(tmp, "screen-fault.png")

        def screen_fault():
            got = snapshot(screen.latest_png(), spath)
            return got[0].get("fault", "") if got else None
        c.stopped(central, "central (stopped while the screen runs)")
        try:
            wait_for(lambda: screen_fault() == "Pusat antrean tidak aktif",
                     10, "the screen's warning strip")
        except Exception:
            pass
        c.check(screen_fault() == "Pusat antrean tidak aktif",
                "central stopped: the screen shows the warning strip "
                "\"Pusat antrean tidak aktif\"", repr(screen_fault()))
        central.start()
        try:
            wait_for(lambda: screen_fault() == "", 15,
                     "the warning strip to go")
        except Exception:
            pass
        c.check(screen_fault() == "", "central back: the warning is gone",
                repr(screen_fault()))

        # Wrong credentials: a wrong password is refused by the broker; a
        # desk's credential connects but may not read the board.
        badpass = os.path.join(tmp, "wrong.pass")
        with open(badpass, "w") as f:
            f.write("not-the-password\n")
        wrong = Screen(tmp, broker, label="screen-badpass",
                       password_file=badpass)
        desky = Screen(tmp, broker, label="screen-desk", user="desk-3")
        others = [wrong, desky]
        for s in others:
            s.start()
        t0 = time.monotonic()
        try:
            wait_for(lambda: no_board_warning(desky.log()), DESK_CRED_WAIT,
                     "a warning from the screen with a desk's credential")
        except Exception:
            pass
        time.sleep(max(0.0, 4 - (time.monotonic() - t0)))
        log = wrong.log()
        c.check(log.count("refused the connection: Connection Refused: "
                          "not authorised") == 1 and wrong.alive(),
                "a screen with a wrong password logs one clear refusal "
                "and keeps running", log[-400:])
        log = desky.log()
        c.check(desky.alive() and no_board_warning(log),
                "a screen with a desk's credential (connects, but may not "
                f"read the board) logs a warning about the board within "
                f"{DESK_CRED_WAIT:.0f} s, and keeps running", log[-400:])
        c.check(not os.path.exists(wrong.latest_png()) and
                not os.path.exists(desky.latest_png()),
                "neither draws a board it never received")
    finally:
        for s in others:
            c.stopped(s, f"the {os.path.basename(s.dir)} screen")
        c.stopped(screen, "the screen")
        for d in desks.values():
            c.stopped(d, f"desk {d.desk}")
        c.stopped(central, "central")
        broker.close()


def main():
    return run_test("test_screen", run, logs=(
        "central", "screen", "screen-badpass", "screen-desk", "desk1",
        "desk2"))


if __name__ == "__main__":
    sys.exit(main())
