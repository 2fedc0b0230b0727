"""The thin slice: desk buttons -> real mosquitto (shipped ACL) -> central
-> SQLite -> retained board -> rendered PNG.

Two desks press 200 times in total, interleaved (one, the other, or both
at once). Afterwards the log holds exactly 200 calls numbered 1..200, the
retained board agrees with the database, and the last frame shows the
last number.
"""

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                          # noqa: E402
from antre_procs import (Central, Desk, binary,            # noqa: E402
                         led_pattern, png_board, png_text_chunks,
                         wait_for)
from checks import run_test                                # noqa: E402

PRESSES = 200


def last_state(obs, topic):
    msgs = obs.received(topic)
    return json.loads(msgs[-1].payload) if msgs else None


def run(c, tmp):
    random.seed(int(os.environ.get("ANTRE_SEED", "1")))
    broker = Broker(tmp, "antre/slice", desks=[1, 2], screens=[1]).start()
    central = Central(tmp, broker, desks={1: "A", 2: "A"},
                      # The newest call's highlight is a matter of time;
                      # -R draws a board as it looks after it.
                      board="highlight_s = 0")
    # Presses follow each other faster than an officer could: no guard.
    desks = {d: Desk(tmp, broker, d, extra_gpio="[desk]\nguard_ms = 0\n")
             for d in (1, 2)}
    try:
        central.start()
        for d in desks.values():
            d.start()
        screen = broker.client("screen-1", client_id="test-screen")
        screen.subscribe_wait(broker.topic("central/online"))
        screen.subscribe_wait(broker.topic("desk/+/online"))
        presences = ["central/online"] + [f"desk/{d}/online" for d in desks]
        wait_for(lambda: all(last_state(screen, broker.topic(t))
                             for t in presences), 10,
                 "the presence of the central and both desks")
        seen = {t: last_state(screen, broker.topic(t)) for t in presences}
        c.check(all(p.get("online") is True for p in seen.values()),
                "central and both desks are online on the broker",
                repr(seen))

        # Each desk's own credentials may read its state; watch with them.
        obs, topics = {}, {}
        for d in desks:
            obs[d] = broker.client(f"desk-{d}", client_id=f"test-obs-{d}")
            topics[d] = broker.topic(f"desk/{d}/state")
            obs[d].subscribe_wait(topics[d])
        buttons = {d: desks[d].buttons() for d in desks}
        # The central retains each desk's state from its start: a press is
        # acknowledged when the state names a new command id.
        last_id = {}
        for d in desks:
            st = wait_for(lambda d=d: last_state(obs[d], topics[d]), 10,
                          f"desk {d}'s retained state")
            last_id[d] = st.get("last_id")
        c.check(all(v == "" for v in last_id.values()),
                "a fresh central retains an empty state for each desk",
                repr(last_id))
        # The desk must see the central before a press is accepted.
        wait_for(lambda: all("central online" in desks[d].log()
                             for d in desks), 10, "the desks to see the "
                 "central")

        done = {1: 0, 2: 0}
        lit = {}		# LED history mark once a desk's LED came on
        total = 0
        while total < PRESSES:
            pick = random.choice([(1,), (2,), (1, 2), (2, 1)])
            pick = pick[:PRESSES - total]
            for d in pick:
                buttons[d].tap("next")
            for d in pick:
                def acked(d=d):
                    st = last_state(obs[d], topics[d])
                    return st if st and st.get("last_id") != last_id[d] \
                        else None
                st = wait_for(acked, 10, f"desk {d}'s acknowledgement")
                if st.get("result") != "ok":
                    c.check(False, "press acknowledged ok", repr(st))
                    return
                last_id[d] = st["last_id"]
                done[d] += 1
                total += 1
                if d not in lit:
                    buttons[d].wait_led(lambda ch: ch and ch[-1][1], 10,
                                        f"desk {d}'s LED to come on at its "
                                        "first call")
                    lit[d] = buttons[d].mark()
        c.check(done[1] > 50 and done[2] > 50,
                f"200 presses interleaved ({done[1]} + {done[2]})")
        changed = {d: led_pattern(buttons[d].changes(lit[d]))
                   for d in desks if buttons[d].changes(lit[d])}
        c.check(not changed and all(buttons[d].led() for d in desks),
                "both LEDs steady on from their first call to the last: "
                "each desk is serving a number", f"changes: {changed}")

        # The retained board, as a new screen would see it.
        screen.subscribe_wait(broker.topic("board"))
        m = wait_for(lambda: screen.received(broker.topic("board")), 5,
                     "the retained board")
        board = json.loads(m[-1].payload)
        # The frame is written after the board is published.
        wait_for(lambda: png_board(central.latest_png()) == board, 5,
                 "the frame of the retained board")
        # Keep it: stopping the desks changes the board (offline).
        png = os.path.join(tmp, "frame.png")
        shutil.copyfile(central.latest_png(), png)
    finally:
        for d in desks.values():
            c.stopped(d, f"desk {d.desk}")
        c.stopped(central, "central")
        broker.close()

    db = sqlite3.connect(f"file:{central.db_path}?mode=ro", uri=True)
    rows = db.execute("SELECT service, number, desk FROM events "
                      "WHERE kind = 'called' ORDER BY seq").fetchall()
    nums = [r[1] for r in rows]
    c.check(len(rows) == PRESSES, f"the log holds exactly {PRESSES} calls",
            f"{len(rows)} calls")
    c.check(sorted(nums) == list(range(1, PRESSES + 1)),
            "numbers 1..200 each called exactly once",
            f"first differences: {sorted(set(range(1, 201)) ^ set(nums))[:10]}")
    c.check(nums == sorted(nums), "numbers were called in order")
    served = db.execute("SELECT count(*) FROM events WHERE kind = 'served'"
                        ).fetchone()[0]
    c.check(served == PRESSES - 2, "every call but the two current ones was "
            "served", f"{served} served")
    cmds = db.execute("SELECT count(*), count(DISTINCT id) FROM commands "
                      "WHERE result = 'ok'").fetchone()
    c.check(cmds == (PRESSES, PRESSES), "200 distinct commands recorded",
            repr(cmds))
    last = {}
    for svc, num, desk in rows:
        last[desk] = f"{svc}{num}"

    def ticket(t):
        return f"{t['service']}{t['number']}" if t else None
    bdesks = {d["id"]: ticket(d.get("ticket")) for d in board["desks"]}
    c.check(bdesks == last, "retained board shows each desk's last call "
            "from the database", f"board {bdesks}, db {last}")
    c.check(ticket(board["calls"][0]["ticket"]) == f"A{PRESSES}",
            "retained board's newest call is A200",
            repr(board["calls"][:1]))

    frame = png_board(png)
    c.check(frame == board, "the frame shows the retained board")
    # The pixels: re-rendering the frame's own board gives the same image,
    # and the same board with another number gives a different one.
    meta = png_text_chunks(png)
    again = os.path.join(tmp, "again.png")
    other = os.path.join(tmp, "other.png")
    render = [binary("antre-display"), "-f", central.conf_path]
    with open(os.path.join(tmp, "board.json"), "w") as f:
        f.write(meta["Antre-Board"])
    frame["calls"][0]["ticket"]["number"] = PRESSES - 1
    for d in frame["desks"]:
        if ticket(d.get("ticket")) == f"A{PRESSES}":
            d["ticket"]["number"] = PRESSES - 1
    with open(os.path.join(tmp, "other.json"), "w") as f:
        json.dump(frame, f)
    r1 = subprocess.run(render + ["-R", os.path.join(tmp, "board.json"),
                        "-T", meta["Antre-Time"], "-O", again])
    r2 = subprocess.run(render + ["-R", os.path.join(tmp, "other.json"),
                        "-T", meta["Antre-Time"], "-O", other])
    c.check(r1.returncode == 0 and r2.returncode == 0,
            "antre-display -R renders a board file")
    with open(png, "rb") as f1, open(again, "rb") as f2:
        c.check(f1.read() == f2.read(),
                "the frame's pixels are exactly the rendering of its board")
    with open(again, "rb") as f1, open(other, "rb") as f2:
        c.check(f1.read() != f2.read(),
                "a board with A199 instead of A200 renders differently")


def main():
    return run_test("test_slice", run, logs=("central", "desk1", "desk2"))


if __name__ == "__main__":
    sys.exit(main())
