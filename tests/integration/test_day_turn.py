"""The turn of the service day, live, as a kiosk, a desk and a screen's
voice see it.

The central's wall clock is set to 03:59:40 (day_start 04:00) through
$ANTRE_CLOCK_OFFSET_FILE (test_clock.ClockedCentral); a screen with a
voice into a wav file stays up across the turn.

- a kiosk's take answered on the old day and asked again (same id) after
  the turn gets the very first answer: the same ticket, the same number
  ahead of it and the old service day, not the new day nor a recount;
- the ".../call" seq grows across the turn (it is the call's row in the
  log), though ticket numbers restart;
- the screen's voice says the first call of the new day, as it said the
  calls before the turn.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                               # noqa: E402
from antre_procs import (eventually, voice_dir,            # noqa: E402
                         wait_central_online, wait_for, wav_said)
from checks import run_test                                   # noqa: E402
from test_clock import ClockedCentral                         # noqa: E402
from test_screen import THEME, Screen                         # noqa: E402

OLD_DAY, NEW_DAY = "2027-01-04", "2027-01-05"




def run(c, tmp):
    voice = voice_dir(c)
    if voice is None:
        return
    broker = Broker(tmp, "antre/turn", desks=[1], kiosks=[1],
                    screens=[1]).start()
    central = ClockedCentral(tmp, broker, {1: "A"}, sources={"A": "kiosk"},
                             clock=f"@{NEW_DAY} 03:59:40")
    wav = os.path.join(tmp, "screen.wav")
    screen = Screen(tmp, broker, extra=THEME +
                    f"[voice]\noutput = wav\nwav_path = {wav}\n"
                    f"clips = {voice}\n")
    try:
        obs = broker.client("screen-1", client_id="t-turn-obs")
        obs.subscribe_wait(broker.topic("central/online"))
        obs.subscribe_wait(broker.topic("call"))
        obs.subscribe_wait(broker.topic("board"))
        central.start()
        wait_central_online(obs, broker)
        screen.start()
        wait_for(lambda: "running as screen" in screen.log(), 10,
                 "the screen to start")
        kiosk = broker.client("kiosk-1", client_id="t-turn-kiosk")
        kiosk.subscribe_wait(broker.topic("kiosk/1/ticket"))
        desk = broker.client("desk-1", client_id="t-turn-desk")

        def take(cid):
            n = len(kiosk.received(broker.topic("kiosk/1/ticket")))
            kiosk.publish_wait(broker.topic("kiosk/1/take"), json.dumps(
                {"v": 1, "id": cid, "service": "A"}))
            m = wait_for(lambda: (lambda ms: ms[n:] or None)(
                kiosk.received(broker.topic("kiosk/1/ticket"))), 10,
                f"the answer to {cid}")
            return json.loads(m[0].payload)

        def call(cid):
            n = len(obs.received(broker.topic("call")))
            desk.publish_wait(broker.topic("desk/1/cmd"), json.dumps(
                {"v": 1, "op": "next", "id": cid}))
            m = wait_for(lambda: (lambda ms: ms[n:] or None)(
                obs.received(broker.topic("call"))), 10, f"the call of {cid}")
            return json.loads(m[0].payload)

        first = [take(f"k-{i}") for i in range(1, 4)]
        c.check([(a["ticket"]["number"], a["waiting"], a["day"])
                 for a in first] == [(1, 0, OLD_DAY), (2, 1, OLD_DAY),
                                     (3, 2, OLD_DAY)],
                "three takes before the turn: A1, A2, A3 with 0, 1, 2 "
                f"ahead, service day {OLD_DAY}", repr(first))
        again = take("k-2")
        c.check(again == first[1], "k-2 asked again on the same day: the "
                "first answer, unchanged", repr((again, first[1])))
        before = call("d-1")
        c.check(eventually(lambda: wav_said(wav) == ["A1@1"], 20),
                "the screen's voice says A1 at desk 1", repr(wav_said(wav)))

        def new_day():
            m = obs.received(broker.topic("board"))
            return m and json.loads(m[-1].payload)["day"] == NEW_DAY
        wait_for(new_day, 40, f"the central's board of {NEW_DAY}")

        for cid, i in (("k-3", 2), ("k-1", 0)):
            again = take(cid)
            c.check(again == first[i], f"{cid} asked again after the turn: "
                    "the same ticket, number ahead and service day as "
                    "first answered", repr((again, first[i])))
        fresh = take("k-4")
        c.check(fresh["day"] == NEW_DAY and fresh["ticket"]["number"] == 1
                and fresh["waiting"] == 0,
                "a new take after the turn: A1 of the new day",
                repr(fresh))
        after = call("d-2")
        c.check(after["ticket"]["number"] == 1 and
                after["seq"] > before["seq"],
                "the first call of the new day (A1 again) has a seq above "
                "the last call of the old day",
                f"before {before['seq']}, after {after['seq']}")
        c.check(eventually(lambda: wav_said(wav) == ["A1@1", "A1@1"], 20),
                "the screen's voice, up across the turn, says the new "
                "day's first call", repr(wav_said(wav)))
    finally:
        c.stopped(screen, "the screen")
        c.stopped(central, "the central")
        broker.close()


if __name__ == "__main__":
    sys.exit(run_test("integration_day_turn", run,
                      logs=["central", "screen"]))
