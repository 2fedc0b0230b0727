"""Zones of a big hall through the real broker.

A central with 60 desks (1-30 serve Dukcapil's A, 31-60 BPJS's B) and
two [zone X] sections: zone A lists desks 1-30, zone B names service B.
Two role = screen displays show zone A and zone B, each with a voice
into a wav file. The central's own screen shows the whole hall with a
running text.

- the retained zone boards (.../board/A, .../board/B) hold exactly their
  zone's desks, title and waiting counts; together they cover every
  desk of the hall;
- each screen's frames carry its zone's board; the cards they show
  (Antre-Desks, page by page as Antre-Page flips) are exactly the
  zone's desks; a first page's pixels are those of the same board
  rendered on its own by antre-display -R;
- a call at a zone A desk lights zone A's hero and is said by zone A's
  voice; zone B's board never lists it and its voice stays silent; and
  the other way round;
- the central's running text moves between consecutive frames.
"""

import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                               # noqa: E402
from antre_procs import (Central, binary, png_text_chunks,    # noqa: E402
                         voice_dir, wait_central_online, wait_for,
                         wav_said)
from checks import run_test                                   # noqa: E402
from test_screen import THEME, Screen                         # noqa: E402
from test_x11 import compare, png_pixels                      # noqa: E402

NDESKS = 60
ZONE_DESKS = {"A": list(range(1, 31)), "B": list(range(31, 61))}
TITLES = {"A": "Zona A \u2014 Dukcapil", "B": "Zona B \u2014 BPJS"}
ZONES = (f"[zone A]\ntitle = {TITLES['A']}\ndesks = 1-30\n\n"
         f"[zone B]\ntitle = {TITLES['B']}\nservices = B\n\n")
PAGE_S = 2
# Longer than the band is wide, so it scrolls.
MARQUEE = ("Layanan buka Senin-Jumat pukul 08.00-15.00 WIB. Semua layanan "
           "gratis, tanpa calo. Siapkan KTP dan KK asli sebelum dipanggil.")


def cmd(op, cid):
    return json.dumps({"v": 1, "op": op, "id": cid})




def frame(path, dest):
    """A copy of the latest frame and its text chunks, or None."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return None
    with open(dest, "wb") as f:
        f.write(data)
    return png_text_chunks(dest)


def watch_pages(screen, tmp, seconds):
    """Every distinct frame's (page, desks, board) seen for a while."""
    seen, end = [], time.monotonic() + seconds
    dest = os.path.join(tmp, os.path.basename(screen.dir) + "-watch.png")
    last = None
    while time.monotonic() < end:
        t = frame(screen.latest_png(), dest)
        if t is not None and t.get("Antre-Time") != last:
            last = t.get("Antre-Time")
            seen.append((t.get("Antre-Page"), t.get("Antre-Desks"),
                         json.loads(t["Antre-Board"])))
        time.sleep(0.1)
    return seen


def check_zone_frames(c, zone, seen):
    want = ZONE_DESKS[zone]
    boards_ok = all(b.get("zone") == zone and
                    [d["id"] for d in b["desks"]] == want for _, _, b in seen)
    c.check(seen and boards_ok, f"zone {zone}'s screen: every frame carries "
            f"zone {zone}'s board (its {len(want)} desks, nothing else)",
            repr([(p, b.get("zone"), len(b["desks"])) for p, _, b in seen]))
    pages, shown = {}, []
    for page, desks, _ in seen:
        if page is None or desks is None:
            continue
        ids = [int(x) for x in desks.split(",") if x]
        pages[page] = ids
        shown.extend(ids)
    c.check(pages and all(set(ids) <= set(want) for ids in pages.values()),
            f"zone {zone}'s screen: the cards of every frame are desks of "
            f"zone {zone}", repr(pages))
    totals = {p.split("/")[1] for p in pages}
    npages = int(next(iter(totals))) if len(totals) == 1 else 0
    flat = [d for p in sorted(pages, key=lambda p: int(p.split("/")[0]))
            for d in pages[p]]
    c.check(len(pages) == npages and flat == want,
            f"zone {zone}'s screen: its {npages} pages, in order, show "
            f"each of its desks once", repr(sorted(pages.items())))
    return npages


def same_as_rendered(c, tmp, screen, zone):
    """A page-1 frame of the screen against the same board drawn alone
    by antre-display -R with the screen's configuration."""
    dest = os.path.join(tmp, f"{zone}-page1.png")

    def page1():
        t = frame(screen.latest_png(), dest)
        return t if t and (t.get("Antre-Page") or "1/").startswith("1/") \
            else None
    t = wait_for(page1, 3 * PAGE_S * 4, f"zone {zone}'s first page")
    board = os.path.join(tmp, f"{zone}-board.json")
    with open(board, "w") as f:
        f.write(t["Antre-Board"])
    out = os.path.join(tmp, f"{zone}-rendered.png")
    r = subprocess.run([binary("antre-display"), "-f", screen.conf_path,
                        "-R", board, "-T", t["Antre-Time"], "-O", out],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=60)
    ok, detail = (compare(png_pixels(dest), png_pixels(out), tolerance=0)
                  if r.returncode == 0 else (False, r.stdout.decode()))
    c.check(ok, f"zone {zone}'s first page: its pixels are those of its "
            "board rendered alone (antre-display -R)", detail)


def marquee_moves(c, tmp, central):
    """Two consecutive frames of the central differ in the running text's
    band at the bottom, and only there."""
    a_path = os.path.join(tmp, "marquee-a.png")
    b_path = os.path.join(tmp, "marquee-b.png")
    a = wait_for(lambda: frame(central.latest_png(), a_path), 10,
                 "a central frame")

    def next_frame():
        t = frame(central.latest_png(), b_path)
        return t if t and t["Antre-Time"] != a["Antre-Time"] else None
    # The central's pages turn every 120 s: two frames of one page.
    wait_for(next_frame, 5, "the central's next frame")
    w, h, pa = png_pixels(a_path)
    _, _, pb = png_pixels(b_path)
    rows = [y for y in range(h)
            if pa[y * w * 3:(y + 1) * w * 3] != pb[y * w * 3:(y + 1) * w * 3]]
    band = h * 0.9
    c.check(rows and min(rows) >= band or
            (rows and all(y >= band or y < h * 0.12 for y in rows) and
             max(rows) >= band),
            "the running text moved between two consecutive frames "
            "(rows that changed are in the bottom band, or the clock's)",
            f"changed rows {rows[:3]}..{rows[-3:]} of {h}" if rows else
            "no row changed")


def run(c, tmp):
    voice = voice_dir(c)
    if voice is None:
        return
    broker = Broker(tmp, "antre/zones", desks=[3, 17, 45], screens=[1, 2],
                    persistence=False).start()
    desks = {d: ("A" if d <= 30 else "B") for d in range(1, NDESKS + 1)}
    central = Central(tmp, broker, desks=desks,
                      services={"A": "KTP & KK", "B": "BPJS Kesehatan"},
                      board="highlight_s = 0\nrunning_text = " + MARQUEE +
                      "\nrunning_speed = 200\npage_s = 120\n",
                      extra=ZONES)
    screens, wavs = {}, {}
    for n, zone in ((1, "A"), (2, "B")):
        wavs[zone] = os.path.join(tmp, f"said-{zone}.wav")
        screens[zone] = Screen(
            tmp, broker, label=f"screen-{zone}", user=f"screen-{n}",
            board=f"zone = {zone}\npage_s = {PAGE_S}\n",
            extra=THEME + f"[voice]\noutput = wav\nwav_path = {wavs[zone]}\n"
            f"clips = {voice}\n")
    try:
        obs = broker.client("screen-1", client_id="t-zones-obs")
        obs.subscribe_wait(broker.topic("central/online"))
        obs.subscribe_wait(broker.topic("board/+"))
        obs.subscribe_wait(broker.topic("board"))
        central.start()
        wait_central_online(obs, broker)
        for s in screens.values():
            s.start()

        def retained(topic):
            m = obs.received(broker.topic(topic))
            return json.loads(m[-1].payload) if m else None
        boards = {z: wait_for(lambda z=z: retained(f"board/{z}"), 10,
                              f"the retained board of zone {z}")
                  for z in ZONE_DESKS}
        for z, b in boards.items():
            c.check(b.get("zone") == z and b.get("title") == TITLES[z] and
                    [d["id"] for d in b["desks"]] == ZONE_DESKS[z] and
                    [w["service"] for w in b["waiting"]] == [z],
                    f"the retained board of zone {z}: its title, exactly "
                    f"its desks and its service's waiting count",
                    repr({k: b.get(k) for k in ("zone", "title")}))
        hall = retained("board")
        covered = sorted(d["id"] for b in boards.values() for d in b["desks"])
        c.check(covered == list(range(1, NDESKS + 1)) and
                len(hall["desks"]) == NDESKS and "zone" not in hall,
                "every desk of the hall is on a zone's screen; the hall's "
                "board (no zone) has all 60", repr(covered[:5]))

        for zone, s in screens.items():
            wait_for(lambda s=s: os.path.exists(s.latest_png()), 10,
                     f"zone {zone}'s first frame")
        # Long enough for each screen to go through all its pages.
        seen = {z: [] for z in screens}
        npages = {}
        for z, s in screens.items():
            seen[z] = watch_pages(s, tmp, PAGE_S * 9)
            npages[z] = check_zone_frames(c, z, seen[z])
        for z, s in screens.items():
            same_as_rendered(c, tmp, s, z)

        # A call at desk 17 (zone A), then at desk 45 (zone B).
        cl = {d: broker.client(f"desk-{d}", client_id=f"t-zones-d{d}")
              for d in (17, 45)}
        cl[17].publish_wait(broker.topic("desk/17/cmd"), cmd("next", "z-1"))
        wait_for(lambda: "A1@17" in wav_said(wavs["A"]), 20,
                 "zone A's voice to say A1 at desk 17")
        a = wait_for(lambda: (lambda b: b if b and b["calls"] else None)(
            retained("board/A")), 10, "zone A's board with the call")
        time.sleep(1.0)
        b = retained("board/B")
        c.check(a["calls"][0]["desk"] == 17 and not b["calls"] and
                wav_said(wavs["B"]) == [],
                "a call at desk 17 is zone A's newest call (its hero) and "
                "said by zone A's voice; zone B lists no call and says "
                "nothing", repr((a["calls"][:1], b["calls"],
                                 wav_said(wavs["B"]))))
        cl[45].publish_wait(broker.topic("desk/45/cmd"), cmd("next", "z-2"))
        wait_for(lambda: "B1@45" in wav_said(wavs["B"]), 20,
                 "zone B's voice to say B1 at desk 45")
        time.sleep(1.0)
        a, b = retained("board/A"), retained("board/B")
        c.check([x["desk"] for x in b["calls"]] == [45] and
                [x["desk"] for x in a["calls"]] == [17] and
                wav_said(wavs["A"]) == ["A1@17"],
                "the call at desk 45 lights zone B only; zone A still shows "
                "and has said only its own call",
                repr((a["calls"], b["calls"], wav_said(wavs["A"]))))
        # What the screens drew agrees with the retained boards.
        for z, want in (("A", 17), ("B", 45)):
            t = wait_for(lambda z=z, want=want: (lambda t: t if t and
                         json.loads(t["Antre-Board"])["calls"] and
                         json.loads(t["Antre-Board"])["calls"][0]["desk"]
                         == want else None)(frame(
                             screens[z].latest_png(),
                             os.path.join(tmp, f"{z}-call.png"))),
                         10, f"zone {z}'s frame with its call")
            calls = json.loads(t["Antre-Board"])["calls"]
            c.check([x["desk"] for x in calls] == [want],
                    f"zone {z}'s frame: its hero shows desk {want}'s call "
                    "and no other zone's", repr(calls))

        marquee_moves(c, tmp, central)
    finally:
        for s in screens.values():
            c.stopped(s, f"the screen of zone {os.path.basename(s.dir)}")
        c.stopped(central, "the central")
        broker.close()


if __name__ == "__main__":
    sys.exit(run_test("integration_zones", run))
