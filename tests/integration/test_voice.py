"""Voice announcements through the real broker, into the wav output.

Three calls in quick succession (desk 1, desk 2, desk 1) must come out as
three complete sentences in order: each piece as long as its clips add up
to (chime, "nomor antrean", the letter, the number, "silakan ke loket",
the desk, with the configured gaps), none cut short, each starting only
after the previous one ended and the gap passed; the first piece's first
samples are the chime's. A recall says the same ticket again. A voice
directory with a clip missing is reported by -n and at start, by name.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import wave

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                              # noqa: E402
from antre_procs import (Central, binary, voice_dir,  # noqa: E402
                         wait_central_online, wait_for)
from checks import run_test                                    # noqa: E402

RATE = 22050
WORD_GAP_MS = 120
GAP_MS = 500


def clip_len(voice, name):
    with wave.open(os.path.join(voice, name + ".wav")) as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1
        return w.getnframes()


def sentence_len(voice, clips):
    word = WORD_GAP_MS * RATE // 1000
    return sum(clip_len(voice, c) + word for c in clips)


def index(path):
    try:
        with open(path) as f:
            rows = [ln.split() for ln in f if ln.strip()]
    except FileNotFoundError:
        return []
    return [(int(r[0]), int(r[1]), int(r[2]), r[3]) for r in rows]


def cmd(op, cid):
    return json.dumps({"v": 1, "op": op, "id": cid})


def run(c, tmp):
    voice = voice_dir(c)
    if voice is None:
        return
    wav = os.path.join(tmp, "said.wav")
    broker = Broker(tmp, "antre/voice", desks=[1, 2], screens=[1]).start()
    conf = (f"[voice]\noutput = wav\nwav_path = {wav}\nclips = {voice}\n"
            f"gap_ms = {GAP_MS}\nword_gap_ms = {WORD_GAP_MS}\n")
    central = Central(tmp, broker, desks={1: "A", 2: "A"}, extra=conf)
    try:
        obs = broker.client("screen-1", client_id="t-voice-screen")
        obs.subscribe_wait(broker.topic("central/online"))
        central.start()
        wait_central_online(obs, broker)
        d1 = broker.client("desk-1", client_id="t-voice-d1")
        d2 = broker.client("desk-2", client_id="t-voice-d2")
        t0 = time.monotonic()
        d1.publish_wait(broker.topic("desk/1/cmd"), cmd("next", "v-1"))
        d2.publish_wait(broker.topic("desk/2/cmd"), cmd("next", "v-2"))
        d1.publish_wait(broker.topic("desk/1/cmd"), cmd("next", "v-3"))
        c.check(time.monotonic() - t0 < 1.0,
                "three calls sent within a second")
        idx = wait_for(lambda: (lambda x: x if len(x) >= 3 else None)(
            index(wav + ".idx")), 30, "three sentences")
        labels = [r[3] for r in idx[:3]]
        c.check(labels == ["A1@1", "A2@2", "A3@1"],
                "three sentences, in the order of the calls", repr(labels))
        want = [
            sentence_len(voice, ["chime", "nomor-antrean", "huruf-a",
                                 "satu", "silakan-ke-loket", "satu"]),
            sentence_len(voice, ["chime", "nomor-antrean", "huruf-a",
                                 "dua", "silakan-ke-loket", "dua"]),
            sentence_len(voice, ["chime", "nomor-antrean", "huruf-a",
                                 "tiga", "silakan-ke-loket", "satu"]),
        ]
        got = [r[1] for r in idx[:3]]
        c.check(got == want, "each sentence is complete: its samples add "
                "up to its clips and word gaps", f"got {got} want {want}")
        pos_ok = all(idx[i + 1][0] == idx[i][0] + idx[i][1]
                     for i in range(2))
        c.check(idx[0][0] == 0 and pos_ok,
                "the sentences follow each other in the file",
                repr(idx[:3]))
        # None starts before the one before it ended and the gap passed.
        gaps = [idx[i + 1][2] - (idx[i][2] + idx[i][1] * 1000 // RATE)
                for i in range(2)]
        c.check(all(GAP_MS - 20 <= g <= GAP_MS + 400 for g in gaps),
                f"each sentence starts {GAP_MS} ms after the previous "
                "one ended (never over it)", repr(gaps))
        with wave.open(wav) as w, \
                wave.open(os.path.join(voice, "chime.wav")) as ch:
            n = ch.getnframes()
            c.check(w.readframes(n) == ch.readframes(n),
                    "the first sentence starts with the chime, sample for "
                    "sample")

        # A recall: the same ticket is said again at its desk.
        d1.publish_wait(broker.topic("desk/1/cmd"), cmd("recall", "v-4"))
        idx = wait_for(lambda: (lambda x: x if len(x) >= 4 else None)(
            index(wav + ".idx")), 30, "the recall's sentence")
        c.check(idx[3][3] == "A3@1+recall" and idx[3][1] == want[2],
                "a recall says the same ticket again, whole", repr(idx[3]))
    finally:
        c.stopped(central, "central")

    # A clip missing: -n names it, and the central does not start.
    broken = os.path.join(tmp, "voice-broken")
    shutil.copytree(voice, broken)
    os.unlink(os.path.join(broken, "tujuh.wav"))
    with open(central.conf_path) as f:
        text = f.read().replace(f"clips = {voice}", f"clips = {broken}")
    bad_conf = os.path.join(tmp, "broken.conf")
    with open(bad_conf, "w") as f:
        f.write(text)
    r = subprocess.run([binary("antre-display"), "-n", "-f", bad_conf],
                       capture_output=True, text=True, timeout=30)
    c.check(r.returncode != 0 and
            f"{broken}/tujuh.wav: missing" in r.stderr,
            "-n reports the missing clip by its file name",
            f"rc {r.returncode}: {r.stderr[-400:]}")
    broker.close()


def main():
    return run_test("test_voice", run, logs=("central",))


if __name__ == "__main__":
    sys.exit(main())
