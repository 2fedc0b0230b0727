"""The board in an X11 window, as a person in front of it sees it.

The central runs with [board] output = x11 on a private Xvfb. After a few
presses the window's pixels, read back from the X server with xwd, must
be the PNG that `antre-display -R` renders for the retained board at the
same clock minute (within 2 per channel). The window is then resized
with a ConfigureWindow request sent straight to the server (no window
manager, no xdotool): the central must keep running and the window must
show the board rendered at the new size.

Needs Xvfb (package xvfb), xwd (x11-apps) and xwininfo (x11-utils);
exits 77 (skipped) only when Xvfb is missing.
"""

import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                          # noqa: E402
from antre_procs import Central, Desk, binary, wait_for  # noqa: E402
from checks import run_test                              # noqa: E402

SKIP = 77
WIDTH, HEIGHT = 1280, 720
SMALL_W, SMALL_H = 960, 540	# the size the window is resized to
TOLERANCE = 2			# per channel, window vs -R rendering


class PixelError(Exception):
    pass


# --- PNG and XWD, read with the standard library only ------------------

def _unfilter(raw, width, height, bpp):
    """The pixel rows of a non-interlaced 8-bit PNG, filters undone, as
    one bytearray of height * width * bpp bytes."""
    stride = width * bpp
    out = bytearray(stride * height)
    prev = bytearray(stride)
    pos = 0
    for y in range(height):
        ftype = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        if ftype == 0:
            pass
        elif ftype == 1:		# Sub
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xff
        elif ftype == 2:		# Up
            line = bytearray((a + b) & 0xff for a, b in zip(line, prev))
        elif ftype == 3:		# Average
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xff
        elif ftype == 4:		# Paeth
            for i in range(stride):
                if i >= bpp:
                    a, c = line[i - bpp], prev[i - bpp]
                else:
                    a = c = 0
                b = prev[i]
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                if pa <= pb and pa <= pc:
                    pr = a
                elif pb <= pc:
                    pr = b
                else:
                    pr = c
                line[i] = (line[i] + pr) & 0xff
        else:
            raise PixelError(f"PNG row {y}: unknown filter {ftype}")
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return out


def png_pixels(path):
    """(width, height, rgb): the pixels of an 8-bit RGB or RGBA PNG as
    packed RGB bytes (alpha dropped: cairo's RGB24 frames are opaque)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise PixelError(f"{path} is not a PNG")
    pos, idat, hdr = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            hdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    if hdr is None:
        raise PixelError(f"{path}: no IHDR")
    width, height, depth, ctype, _, _, interlace = hdr
    if depth != 8 or ctype not in (2, 6) or interlace != 0:
        raise PixelError(f"{path}: depth {depth}, colour type {ctype}, "
                         f"interlace {interlace}: not read by this test")
    bpp = 3 if ctype == 2 else 4
    pix = _unfilter(zlib.decompress(b"".join(idat)), width, height, bpp)
    if bpp == 3:
        return width, height, bytes(pix)
    rgb = bytearray(width * height * 3)
    for c in range(3):
        rgb[c::3] = pix[c::4]
    return width, height, bytes(rgb)


def xwd_pixels(path):
    """(width, height, rgb) of an xwd dump of a 24/32-bit TrueColor
    window (the X Window Dump format: a header of 25 big-endian CARD32,
    the window name, the colormap entries, then the ZPixmap image)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 100:
        raise PixelError(f"{path}: too short for an XWD header")
    h = struct.unpack(">25I", data[:100])
    (header_size, version, fmt, depth, width, height, _xoff, byte_order,
     _unit, _bit_order, _pad, bpp, bpl, _vclass, rmask, gmask, bmask,
     _bits_rgb, _cmap_entries, ncolors) = h[:20]
    if version != 7 or fmt != 2 or bpp != 32 or depth not in (24, 32):
        raise PixelError(f"{path}: XWD version {version}, format {fmt}, "
                         f"{bpp} bpp, depth {depth}: not read by this test")
    start = header_size + 12 * ncolors
    img = data[start:start + bpl * height]
    if len(img) < bpl * height:
        raise PixelError(f"{path}: image truncated")
    # Where each 8-bit channel sits in a 32-bit pixel, as a byte index.
    def byte_of(mask):
        shift = {0xff: 0, 0xff00: 8, 0xff0000: 16, 0xff000000: 24}.get(mask)
        if shift is None:
            raise PixelError(f"{path}: channel mask {mask:#x} not handled")
        return shift // 8 if byte_order == 0 else 3 - shift // 8
    offs = [byte_of(m) for m in (rmask, gmask, bmask)]
    if bpl != width * 4:
        img = b"".join(img[y * bpl:y * bpl + width * 4]
                       for y in range(height))
    rgb = bytearray(width * height * 3)
    for c, o in enumerate(offs):
        rgb[c::3] = img[o::4]
    return width, height, bytes(rgb)


def compare(a, b, tolerance=TOLERANCE):
    """(ok, detail) for two (width, height, rgb) images."""
    if a[:2] != b[:2]:
        return False, f"sizes differ: {a[0]}x{a[1]} vs {b[0]}x{b[1]}"
    if a[2] == b[2]:
        return True, "identical"
    width = a[0]
    ndiff, worst, first = 0, 0, None
    pa, pb = a[2], b[2]
    for i in range(0, len(pa), 3):
        if pa[i:i + 3] == pb[i:i + 3]:
            continue
        d = max(abs(pa[i] - pb[i]), abs(pa[i + 1] - pb[i + 1]),
                abs(pa[i + 2] - pb[i + 2]))
        if d > 0:
            ndiff += 1
            worst = max(worst, d)
            if first is None:
                first = ((i // 3) % width, (i // 3) // width)
    detail = (f"{ndiff} of {len(pa) // 3} pixels differ, max difference "
              f"{worst} per channel, first at {first}")
    return worst <= tolerance, detail


# --- a private X server ----------------------------------------------

class Xvfb:
    """Xvfb on a display number it picks itself (-displayfd): no race
    with another server starting at the same moment."""

    def __init__(self, tmp, width, height):
        self.log_path = os.path.join(tmp, "xvfb.log")
        self.size = (width, height)
        self.proc = None
        self.display = None

    def start(self):
        rfd, wfd = os.pipe()
        w, h = self.size
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                ["Xvfb", "-displayfd", str(wfd), "-screen", "0",
                 f"{w}x{h}x24", "-nolisten", "tcp"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                pass_fds=(wfd,))
        os.close(wfd)
        buf = b""
        deadline = time.monotonic() + 15
        os.set_blocking(rfd, False)
        try:
            while b"\n" not in buf and time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    chunk = os.read(rfd, 64)
                    if not chunk:
                        break
                    buf += chunk
                except BlockingIOError:
                    time.sleep(0.02)
        finally:
            os.close(rfd)
        if not buf.strip().isdigit():
            self.stop()
            with open(self.log_path, errors="replace") as f:
                raise PixelError(f"Xvfb did not start; its log:\n"
                                 f"{f.read()[-2000:]}")
        self.display = f":{int(buf)}"
        return self

    def stop(self):
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def socket_path(self):
        return f"/tmp/.X11-unix/X{self.display[1:]}"

    def configure_window(self, window, width, height):
        """Sends one ConfigureWindow request (width, height) over a raw
        X11 connection, then a GetInputFocus round trip so the request
        has been processed when this returns."""
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(5)
        try:
            s.connect(self.socket_path())
            # Connection setup, little-endian, protocol 11.0, no auth.
            s.sendall(struct.pack("<BxHHHHxx", ord("l"), 11, 0, 0, 0))
            head = self._recv(s, 8)
            if head[0] != 1:
                raise PixelError(f"X server refused the connection "
                                 f"(status {head[0]})")
            extra = struct.unpack("<H", head[6:8])[0] * 4
            self._recv(s, extra)
            # ConfigureWindow: opcode 12, mask width (4) | height (8).
            s.sendall(struct.pack("<BxHIHxxII", 12, 5, window, 0x4 | 0x8,
                                  width, height))
            # GetInputFocus (43): its reply comes after any error.
            s.sendall(struct.pack("<BxH", 43, 1))
            reply = self._recv(s, 32)
            if reply[0] == 0:
                raise PixelError(f"ConfigureWindow failed: X error "
                                 f"{reply[1]}")
        finally:
            s.close()

    @staticmethod
    def _recv(s, n):
        buf = b""
        while len(buf) < n:
            chunk = s.recv(n - len(buf))
            if not chunk:
                raise PixelError("X server closed the connection")
            buf += chunk
        return buf


def find_window(display, name="Antre"):
    """(id, width, height) of the top-level window called name, or
    None."""
    r = subprocess.run(["xwininfo", "-display", display, "-root",
                        "-children"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    for line in r.stdout.splitlines():
        m = re.match(r'\s*(0x[0-9a-f]+) "(.*)": \(.*\)\s+(\d+)x(\d+)',
                     line)
        if m and m.group(2) == name:
            return int(m.group(1), 16), int(m.group(3)), int(m.group(4))
    return None


def window_size(display, window):
    r = subprocess.run(["xwininfo", "-display", display, "-id",
                        hex(window)], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    w = re.search(r"Width: (\d+)", r.stdout)
    h = re.search(r"Height: (\d+)", r.stdout)
    return (int(w.group(1)), int(h.group(1))) if w and h else None


# --- the test -----------------------------------------------------------

def alive(daemon):
    """True while daemon runs; raises (with its log) once it exited."""
    if daemon.proc is not None and daemon.proc.poll() is not None:
        raise PixelError(f"{daemon.name} exited with "
                         f"{daemon.proc.returncode}; log:\n"
                         f"{daemon.log()[-3000:]}")
    return True


def board_conf(text, width, height):
    """The central's config with output = x11 at width x height."""
    new, n = re.subn(r"\[board\]\n(?:(?!\[).*\n)*",
                     f"[board]\noutput = x11\nwidth = {width}\n"
                     f"height = {height}\nhighlight_s = 0\n\n", text)
    if n != 1:
        raise PixelError("no [board] section in the central's config")
    return new


class Shot:
    """The window's pixels compared with -R's rendering of a board."""

    def __init__(self, tmp, display, conf, label):
        self.tmp = tmp
        self.display = display
        self.conf = conf
        self.label = label

    def attempt(self, window, board_json):
        """(ok, detail): one screenshot and one rendering at the minute
        it was taken."""
        xwd = os.path.join(self.tmp, f"{self.label}.xwd")
        out = os.path.join(self.tmp, f"{self.label}.png")
        bj = os.path.join(self.tmp, f"{self.label}.json")
        with open(bj, "wb") as f:
            f.write(board_json)
        before = int(time.time() * 1000)
        r = subprocess.run(["xwd", "-silent", "-display", self.display,
                            "-id", hex(window), "-out", xwd],
                           stderr=subprocess.PIPE, text=True)
        after = int(time.time() * 1000)
        if r.returncode != 0:
            raise PixelError(f"xwd failed: {r.stderr}")
        # The central redraws the clock a few ms into each minute; a
        # screenshot taken near the turn may show either minute.
        if before // 60000 != after // 60000 or before % 60000 < 1500:
            return False, "taken at a minute boundary"
        r = subprocess.run([binary("antre-display"), "-f", self.conf,
                            "-R", bj, "-O", out, "-T", str(before)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
        if r.returncode != 0:
            raise PixelError(f"antre-display -R failed: {r.stdout}")
        return compare(xwd_pixels(xwd), png_pixels(out))

    def matches(self, window, board, timeout=8.0):
        """Retries until the window shows the board (a frame may still
        be on its way) or timeout; returns (ok, detail)."""
        deadline = time.monotonic() + timeout
        tries = 0
        while True:
            tries += 1
            ok, detail = self.attempt(window, board())
            if ok or time.monotonic() > deadline:
                return ok, f"{detail} (attempt {tries})"
            time.sleep(0.3)


def run(c, tmp):
    for tool in ("xwd", "xwininfo"):
        if shutil.which(tool) is None:
            c.check(False, f"{tool} is installed (x11-apps, x11-utils; "
                    "scripts/setup installs them)")
            return
    xvfb = Xvfb(tmp, WIDTH, HEIGHT).start()
    os.environ["DISPLAY"] = xvfb.display
    broker = Broker(tmp, "antre/x11", desks=[1, 2], screens=[1]).start()
    central = Central(tmp, broker, desks={1: "A", 2: "A"})
    with open(central.conf_path) as f:
        text = f.read()
    central.write_conf(board_conf(text, WIDTH, HEIGHT))
    small_conf = os.path.join(tmp, "small.conf")
    with open(small_conf, "w") as f:
        f.write(board_conf(text, SMALL_W, SMALL_H))
    desks = {d: Desk(tmp, broker, d, extra_gpio="[desk]\nguard_ms = 0\n")
             for d in (1, 2)}
    try:
        central.start()
        for d in desks.values():
            d.start()
        win = wait_for(lambda: alive(central) and
                       find_window(xvfb.display), 10,
                       "the Antre window on the X server")
        c.check(win[1:] == (WIDTH, HEIGHT),
                f"the central opens a {WIDTH}x{HEIGHT} window",
                f"{win[1]}x{win[2]}")
        window = win[0]

        obs = broker.client("screen-1", client_id="test-x11")
        obs.subscribe_wait(broker.topic("board"))

        def board():
            msgs = obs.received(broker.topic("board"))
            return msgs[-1].payload if msgs else None

        def newest():
            b = board()
            calls = json.loads(b)["calls"] if b else []
            return (f"{calls[0]['ticket']['service']}"
                    f"{calls[0]['ticket']['number']}") if calls else None

        wait_for(lambda: all("central online" in d.log()
                             for d in desks.values()), 10,
                 "the desks to see the central")
        buttons = {d: desks[d].buttons() for d in desks}
        for n, d in enumerate((1, 2, 1, 2, 1), start=1):
            buttons[d].tap("next")
            wait_for(lambda n=n: newest() == f"A{n}", 10,
                     f"the board to show A{n}")
        shown = {x["id"]: (f"{x['ticket']['service']}"
                           f"{x['ticket']['number']}" if x.get("ticket")
                           else None) for x in json.loads(board())["desks"]}
        c.check(newest() == "A5" and shown == {1: "A5", 2: "A4"},
                "five presses on desks 1, 2, 1, 2, 1: the board's newest "
                "call is A5, desk 1 serves A5 and desk 2 A4", repr(shown))

        full = Shot(tmp, xvfb.display, central.conf_path, "full")
        small = Shot(tmp, xvfb.display, small_conf, "small")

        def shows(shot, what):
            ok, detail = shot.matches(window, board)
            print(f"# {shot.label}: window vs -R: {detail}", flush=True)
            return c.check(alive(central) and ok, what, detail)

        shows(full, f"the window shows what -R renders for the retained "
              f"board at the same minute (within {TOLERANCE} per channel)")

        # Resize: the server sends ConfigureNotify, the central redraws
        # at the new size.
        xvfb.configure_window(window, SMALL_W, SMALL_H)
        wait_for(lambda: window_size(xvfb.display, window) ==
                 (SMALL_W, SMALL_H), 5, "the window to be resized")
        shows(small, f"resized to {SMALL_W}x{SMALL_H}, the window shows "
              "the board rendered at that size")
        # A press after the resize still reaches the window.
        buttons[2].tap("next")
        wait_for(lambda: newest() == "A6", 10, "the board to show A6")
        shows(small, "a call after the resize is shown at the new size")
        xvfb.configure_window(window, WIDTH, HEIGHT)
        wait_for(lambda: window_size(xvfb.display, window) ==
                 (WIDTH, HEIGHT), 5, "the window to be resized back")
        shows(full, "resized back, the window shows the full-size board "
              "again")
    finally:
        for d in desks.values():
            c.stopped(d, f"desk {d.desk}")
        c.stopped(central, "central")
        broker.close()
        xvfb.stop()


def main():
    if shutil.which("Xvfb") is None:
        print("SKIP: Xvfb is not installed (Debian package xvfb; "
              "scripts/setup installs it)", flush=True)
        return SKIP
    return run_test("test_x11", run, logs=("central", "desk1", "desk2"))


if __name__ == "__main__":
    sys.exit(main())
