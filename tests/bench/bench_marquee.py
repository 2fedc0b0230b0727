"""bench_marquee - what a minute of running text costs the central.

The real broker and antre-display as a hall's central, drawing a
1920x1080 board into an X11 window on a private Xvfb (the output that
shows every frame, as the HDMI screen does), with a running text longer
than the screen, at the default speed and frame rate. After a warm-up the
central's CPU time (user + system, from /proc) is read over MEASURE_S
seconds, and the X server's beside it (it copies the damage to its
screen, as the display hardware would on a Pi).

    BENCH marquee_cpu_pct          the central's CPU over the window, in
        percent of one core: goal < 2 %
    BENCH marquee_xserver_cpu_pct  the X server's, for comparison
    BENCH marquee_wakeups_per_s    the central's context switches per
        second (about one per frame: the frame rate, 30 by default)
"""

import os
import shutil
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "integration"))

from antre_broker import Broker                              # noqa: E402
from antre_procs import Central                              # noqa: E402
from test_x11 import Xvfb, board_conf                        # noqa: E402
from bench_display import thread_switches                    # noqa: E402

WIDTH, HEIGHT = 1920, 1080
WARMUP_S = float(os.environ.get("ANTRE_BENCH_WARMUP_S", "5"))
MEASURE_S = float(os.environ.get("ANTRE_BENCH_MEASURE_S", "60"))
TEXT = ("Layanan buka Senin sampai Jumat pukul 08.00 sampai 15.00 WIB. "
        "Semua layanan gratis, tidak dipungut biaya apa pun. Siapkan KTP "
        "asli dan fotokopi KK sebelum dipanggil. Terima kasih.")


def cpu_s(pid):
    """utime + stime of pid, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    if shutil.which("Xvfb") is None:
        print("bench_marquee: Xvfb is not installed (package xvfb)")
        return 77
    tmp = tempfile.mkdtemp(prefix="antre-bench-marquee-")
    xvfb = Xvfb(tmp, WIDTH, HEIGHT).start()
    os.environ["DISPLAY"] = xvfb.display
    central = None
    try:
        with Broker(tmp) as broker:
            central = Central(tmp, broker, {1: "A", 2: "A"})
            with open(central.conf_path) as f:
                conf = board_conf(f.read(), WIDTH, HEIGHT)
            conf = conf.replace("[board]\n",
                                f"[board]\nrunning_text = {TEXT}\n", 1)
            with open(central.conf_path, "w") as f:
                f.write(conf)
            central.start()
            pid = central.proc.pid
            time.sleep(WARMUP_S)
            c0, x0 = cpu_s(pid), cpu_s(xvfb.proc.pid)
            s0 = sum(a + b for a, b in thread_switches(pid).values())
            t0 = time.monotonic()
            time.sleep(MEASURE_S)
            dt = time.monotonic() - t0
            c1, x1 = cpu_s(pid), cpu_s(xvfb.proc.pid)
            s1 = sum(a + b for a, b in thread_switches(pid).values())
            central.stop()
            central = None
        print(f"bench_marquee: {MEASURE_S:.0f} s of running text at "
              f"{WIDTH}x{HEIGHT} in an X11 window")
        print(f"BENCH marquee_cpu_pct {100 * (c1 - c0) / dt:.2f} %")
        print(f"BENCH marquee_xserver_cpu_pct {100 * (x1 - x0) / dt:.2f} %")
        print(f"BENCH marquee_wakeups_per_s {(s1 - s0) / dt:.1f} /s")
        return 0
    finally:
        if central is not None:
            central.stop()
        xvfb.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
