"""bench_voice - from a desk's "next" to the first sound of its call.

The real broker and antre-display as a hall's central with [voice]
output = wav (the build's clips, $ANTRE_VOICE_DIR, and the default
template) and a 1920x1080 board written as PNG frames to /dev/shm when
there is one (as bench_display.py does: on the hall's HDMI screen a frame
is a copy to video memory, not a file). A test client with desk 1's
credential publishes N "next" commands; each is sent only when the
player is idle and the gap after the last sentence has passed (read from
the wav output's index), so no call waits behind another.

    BENCH voice_call_to_sound_ms        p50 of: the sentence's start in
        the index (CLOCK_MONOTONIC ms: when a real player would begin it)
        minus time.monotonic() just before the publish. Goal < 50 ms.
        This includes the MQTT hop desk -> broker -> central and the
        central's commit of the command (SQLite, fsync), which come
        before anything is said by design: a call is said once it is on
        the disk.
    BENCH voice_call_to_sound_p99_ms, voice_call_to_sound_max_ms
    BENCH voice_commit_to_sound_ms      p50 of the part after the commit:
        the sentence's start minus the desk state's time_ms (the
        central's wall clock when it publishes the acknowledgement,
        right after the commit). Between the two the central publishes
        the state, the call and the board and draws the board's frame;
        then the announcer mixes the sentence and hands it to the output.

The parts are printed too (p50, ms): the hop in (the call's time_ms in
the board, stamped when the central takes the command, minus the send),
the commit (the state's time_ms minus the call's), the board's frame (the
frame file's mtime minus the state's time_ms; of which drawing and
writing: the mtime minus the frame's Antre-Time) and the voice (the start
minus the frame's mtime). Wall-clock stamps are put on the monotonic
clock with this machine's offset between the two, read once per run; each
is truncated to the millisecond.

    BENCH voice_cpu_ms_per_announcement the central's CPU time for one
        announcement (mixing the sentence, writing it out), median of
        N_CPU calls.

The CPU time is not taken as "the same commands with output = none,
subtracted": the command's own work (commit, publishing, the 1920x1080
frame: tens of ms of CPU) varies by a few ms from call to call and
run to run, more than the announcement costs. Instead N_CPU extra calls
are sent while a sentence is playing: the central takes the command at
once (commit, frame), but starts the sentence only when the player is
idle and the gap has passed, seconds later, in a pass of its loop that
does nothing else. CPU time is read just before that moment (predicted
from the index) and just after the sentence's start, less the same
length of idle time read in the same sentence; it is the sum over the
central's threads of /proc/PID/task/TID/schedstat's first field (time on
a CPU, ns): utime+stime counts 10 ms ticks, more than an announcement
costs. highlight_s = 0: the board's highlight when a sentence starts is
a frame (the board's cost, not the voice's) that would fall in the same
window.
"""

import json
import os
import shutil
import statistics
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "integration"))

from antre_broker import Broker                              # noqa: E402
from antre_procs import (Central, png_text_chunks,              # noqa: E402
                         wait_central_online, wait_for)

N = int(os.environ.get("ANTRE_BENCH_VOICE_N", "20"))
N_CPU = int(os.environ.get("ANTRE_BENCH_VOICE_N_CPU", "4"))
RATE = 22050                 # AUDIO_RATE in display/voice/audio.h
# Shorter than the default 700 ms, to keep the run short: the next call
# is sent after it anyway.
GAP_MS = 200
MARGIN_MS = 50               # after the gap, before the next call
QUEUE_AFTER_MS = 1000        # a CPU call: sent this long into a sentence
WINDOW_MS = 150              # CPU read this long before and after a start
TIMEOUT_S = 20.0
GOAL_MS = 50


def index(path):
    try:
        with open(path) as f:
            rows = [ln.split() for ln in f if ln.strip()]
    except FileNotFoundError:
        return []
    return [(int(r[0]), int(r[1]), int(r[2]), r[3]) for r in rows]


def wall_minus_mono_ms():
    """CLOCK_REALTIME - CLOCK_MONOTONIC in ms, from the tightest of a
    few readings."""
    best = None
    for _ in range(50):
        a = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        r = time.clock_gettime_ns(time.CLOCK_REALTIME)
        b = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
        if best is None or b - a < best[0]:
            best = (b - a, r - (a + b) // 2)
    return best[1] / 1e6


def cpu_ns(pid):
    """Time on a CPU of all of pid's threads, ns."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def sleep_until_ms(t_ms):
    while True:
        left = t_ms / 1000 - time.monotonic()
        if left <= 0:
            return
        time.sleep(left)


def pct(xs, p):
    """Nearest-rank percentile."""
    s = sorted(xs)
    k = max(0, min(len(s) - 1, -(-p * len(s) // 100) - 1))
    return s[k]


def stamp_arrivals(client):
    """Records time.monotonic() at each message's arrival: wraps the
    client's own on_message, which keeps doing its work."""
    arrivals = []
    inner = client.on_message

    def on_message(cl, userdata, m):
        arrivals.append((time.monotonic(), m.topic, m.payload))
        inner(cl, userdata, m)

    client.on_message = on_message
    return arrivals


def frame_of(frames, number):
    """(draw start wall ms, file mtime wall ms, the call's time_ms) of
    the newest frame if it shows ticket A<number> as the newest call;
    None if it does not (yet)."""
    path = os.path.join(frames, "latest.png")
    try:
        st = os.stat(path)
        chunks = png_text_chunks(path)
    except FileNotFoundError:
        return None
    board = json.loads(chunks["Antre-Board"])
    calls = board.get("calls") or []
    if not calls or calls[0]["ticket"]["number"] != number:
        return None
    return (int(chunks["Antre-Time"]), st.st_mtime_ns / 1e6,
            calls[0]["time_ms"])


class Hall:
    """Broker, central with the voice into a wav file, desk 1's client."""

    def __init__(self, tmp, voice_dir, frames):
        self.wav = os.path.join(tmp, "said.wav")
        self.frames = frames
        self.broker = Broker(tmp, "antre/bvoice", desks=[1],
                             screens=[1]).start()
        self.central = Central(
            tmp, self.broker, desks={1: "A"},
            board=f"width = 1920\nheight = 1080\nhighlight_s = 0\n"
                  f"png_dir = {frames}\n",
            extra=f"[mqtt]\nkeepalive = 60\n[voice]\noutput = wav\n"
                  f"wav_path = {self.wav}\nclips = {voice_dir}\n"
                  f"gap_ms = {GAP_MS}\n")
        self.desk = self.broker.client("desk-1", client_id="bench-voice")
        self.arrivals = stamp_arrivals(self.desk)
        self.desk.subscribe_wait(self.broker.topic("central/online"))
        self.state_topic = self.broker.topic("desk/1/state")
        self.cmd_topic = self.broker.topic("desk/1/cmd")
        self.desk.subscribe_wait(self.state_topic)
        self.central.start(debug=False)
        wait_central_online(self.desk, self.broker)
        self.pid = self.central.proc.pid
        self.said = 0            # sentences in the index so far

    def next(self, cid):
        """Sends "next"; (send time s, ack arrival s, desk state)."""
        t_send = time.monotonic()
        self.desk.publish(self.cmd_topic, json.dumps(
            {"v": 1, "op": "next", "id": cid}), qos=1)

        def acked():
            for t, topic, payload in list(self.arrivals):
                if topic == self.state_topic and payload:
                    st = json.loads(payload)
                    if st.get("last_id") == cid:
                        return (t, st)
            return None
        t_ack, st = wait_for(acked, TIMEOUT_S, f"the ack of {cid}")
        if st["result"] != "ok":
            raise RuntimeError(f"{cid}: {st}")
        return t_send, t_ack, st

    def sentence(self, number):
        """Waits for the next sentence in the index, which must be
        A<number>'s: (first sample, samples, start ms, label)."""
        k = self.said + 1
        line = wait_for(lambda: (lambda x: x[k - 1] if len(x) >= k
                                 else None)(index(self.wav + ".idx")),
                        TIMEOUT_S, f"sentence {k} (A{number})")
        if line[3] != f"A{number}@1":
            raise RuntimeError(f"sentence {k}: {line[3]}, not A{number}@1")
        self.said = k
        return line

    def close(self):
        try:
            if not self.central.alive():
                raise RuntimeError("antre-display died:\n"
                                   + self.central.log()[-2000:])
            self.central.stop()
        finally:
            self.broker.close()


def sentence_end_ms(line):
    """When the next sentence may start: the end of this one and the
    gap (the announcer's next_ok)."""
    return line[2] + line[1] * 1000 / RATE + GAP_MS


def measure(hall):
    out = {"lat": [], "after_commit": [], "hop": [], "commit": [],
           "board": [], "draw": [], "voice": [], "ack_to_sound": [],
           "cpu_ms": [], "idle_ms": []}
    off = wall_minus_mono_ms()
    time.sleep(0.5)          # the first board's frame
    every = max(1, N // N_CPU) if N_CPU > 0 else N + 1
    n_cpu = 0
    for k in range(1, N + 1):
        t_send, t_ack, st = hall.next(f"bv-{k}")
        number = st["ticket"]["number"]
        frame = wait_for(lambda: frame_of(hall.frames, number), TIMEOUT_S,
                         f"the frame of A{number}")
        line = hall.sentence(number)
        start = line[2]
        out["lat"].append(start - t_send * 1000)
        out["ack_to_sound"].append(start - t_ack * 1000)
        out["after_commit"].append(start + off - st["time_ms"])
        out["hop"].append(frame[2] - (t_send * 1000 + off))
        out["commit"].append(st["time_ms"] - frame[2])
        out["board"].append(frame[1] - st["time_ms"])
        out["draw"].append(frame[1] - frame[0])
        out["voice"].append(start + off - frame[1])
        end = sentence_end_ms(line)

        if k % every == 0 and n_cpu < N_CPU:
            # A call while this sentence plays: taken now, said later in
            # a pass of its own.
            n_cpu += 1
            if end - 3 * WINDOW_MS < start + QUEUE_AFTER_MS + 500:
                raise RuntimeError(f"sentence {line} too short to take a "
                                   "call and read idle time in it")
            sleep_until_ms(start + QUEUE_AFTER_MS)
            _, _, stq = hall.next(f"bv-{k}-q")
            numq = stq["ticket"]["number"]
            wait_for(lambda: frame_of(hall.frames, numq), TIMEOUT_S,
                     f"the frame of A{numq}")
            sleep_until_ms(end - 3 * WINDOW_MS)
            c0 = cpu_ns(hall.pid)
            sleep_until_ms(end - WINDOW_MS)
            c1 = cpu_ns(hall.pid)
            lq = hall.sentence(numq)
            if abs(lq[2] - end) > WINDOW_MS / 2:
                raise RuntimeError(f"A{numq} started at {lq[2]}, not "
                                   f"about {end:.0f}")
            sleep_until_ms(lq[2] + WINDOW_MS)
            c2 = cpu_ns(hall.pid)
            idle = (c1 - c0) / 1e6
            out["idle_ms"].append(idle)
            out["cpu_ms"].append((c2 - c1) / 1e6 - idle)
            end = sentence_end_ms(lq)
        if k < N:
            sleep_until_ms(end + MARGIN_MS)
    return out


def p50(xs):
    return statistics.median(xs) if xs else float("nan")


def main():
    voice_dir = os.environ.get("ANTRE_VOICE_DIR")
    if not voice_dir or not os.path.exists(os.path.join(voice_dir,
                                                        "chime.wav")):
        print(f"$ANTRE_VOICE_DIR ({voice_dir!r}) holds no voice: the build "
              "makes it (target voice)")
        return 1
    tmp = tempfile.mkdtemp(prefix="antre-bench-voice-")
    frames = tempfile.mkdtemp(prefix="antre-bench-vframes-",
                              dir="/dev/shm" if os.path.isdir("/dev/shm")
                              else tmp)
    t0 = time.monotonic()
    hall = Hall(tmp, voice_dir, frames)
    try:
        out = measure(hall)
    finally:
        hall.close()
        shutil.rmtree(frames, ignore_errors=True)
    print(f"{N} calls and {len(out['cpu_ms'])} queued ones in "
          f"{time.monotonic() - t0:.0f} s")

    print("call  send->sound  hop  commit  board  voice  ack->sound")
    for i in range(N):
        print(f"{i + 1:4d}  {out['lat'][i]:11.1f}  {out['hop'][i]:3.0f}  "
              f"{out['commit'][i]:6.0f}  {out['board'][i]:5.0f}  "
              f"{out['voice'][i]:5.0f}  {out['ack_to_sound'][i]:10.1f}")
    print(f"p50 parts (ms): hop in {p50(out['hop']):.0f}, commit "
          f"{p50(out['commit']):.0f}, board frame {p50(out['board']):.0f} "
          f"(of which drawing and writing the PNG "
          f"{p50(out['draw']):.0f}), "
          f"voice {p50(out['voice']):.0f}; sound after the ack reached "
          f"the desk's client: {p50(out['ack_to_sound']):.1f}")
    print("cpu per announcement (ms, idle of the same length taken off): "
          + ", ".join(f"{c:.2f}" for c in out["cpu_ms"])
          + "; idle: " + ", ".join(f"{c:.2f}" for c in out["idle_ms"]))

    lat = out["lat"]
    print(f"BENCH voice_call_to_sound_ms {p50(lat):.1f} ms")
    print(f"BENCH voice_call_to_sound_p99_ms {pct(lat, 99):.1f} ms")
    print(f"BENCH voice_call_to_sound_max_ms {max(lat):.1f} ms")
    print(f"BENCH voice_commit_to_sound_ms "
          f"{p50(out['after_commit']):.1f} ms")
    if out["cpu_ms"]:
        print(f"BENCH voice_cpu_ms_per_announcement "
              f"{p50(out['cpu_ms']):.2f} ms")
    if p50(lat) >= GOAL_MS:
        print(f"note: call to sound p50 {p50(lat):.1f} ms, over the "
              f"{GOAL_MS} ms goal")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
