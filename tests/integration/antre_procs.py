"""antre_procs - run the real Antre programs in integration tests.

    broker = Broker(tmp, "antre/test", desks=[1, 2]).start()
    central = Central(tmp, broker, desks={1: "A", 2: "A"}).start()
    desk = Desk(tmp, broker, 1).start()
    buttons = desk.buttons()          # the fake GPIO controller
    buttons.tap("next")

Binaries come from $ANTRE_DISPLAY, $ANTRE_DESK, $ANTRE_REPORT and
$ANTRE_WEB (set by ctest); web_procs.py runs antre-web.
A daemon that exits non-zero when stopped (a sanitizer report, a crash)
makes stop() raise, so every test also checks the programs' health.
"""

import json
import os
import signal
import socket
import sqlite3
import struct
import subprocess
import threading
import time
import zlib

START_TIMEOUT = 10.0


class ProcError(Exception):
    pass


def binary(name):
    env = {"antre-display": "ANTRE_DISPLAY", "antre-desk": "ANTRE_DESK",
           "antre-report": "ANTRE_REPORT", "antre-web": "ANTRE_WEB"}
    path = os.environ.get(env[name])
    if not path or not os.path.exists(path):
        raise ProcError(f"${env[name]} does not name the {name} binary")
    return path


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        v = predicate()
        if v:
            return v
        time.sleep(0.02)
    raise ProcError(f"timed out after {timeout:.0f} s waiting for {what}")


def voice_dir(c):
    """The default voice the build made ($ANTRE_VOICE_DIR), or None after
    a failed check saying so."""
    voice = os.environ.get("ANTRE_VOICE_DIR")
    if not voice or not os.path.exists(os.path.join(voice, "chime.wav")):
        c.check(False, "the build made the default voice ($ANTRE_VOICE_DIR)",
                repr(voice))
        return None
    return voice


def wav_said(wav):
    """The labels of the sentences the wav output wrote to wav, from its
    index ("A1@3": A1 to desk 3), in order; [] before the first."""
    try:
        with open(wav + ".idx") as f:
            return [ln.split()[3] for ln in f if ln.strip()]
    except FileNotFoundError:
        return []


def eventually(predicate, timeout):
    """Whether predicate() turns true within timeout seconds (a check's
    condition, where wait_for would raise)."""
    try:
        wait_for(predicate, timeout, "")
        return True
    except ProcError:
        return False


def wait_central_online(client, broker, seen=0, timeout=10.0):
    """Waits until client, subscribed to P/central/online, has received an
    "online" presence after the first `seen` messages on that topic (the
    central publishes it once it has subscribed to the commands)."""
    topic = broker.topic("central/online")
    wait_for(lambda: any(json.loads(m.payload)["online"] for m in
                         client.received(topic)[seen:]),
             timeout, "the central online")


class Daemon:
    """One program with its config file and its log."""

    name = None

    def __init__(self, tmpdir, label):
        self.dir = os.path.join(os.path.abspath(tmpdir), label)
        os.makedirs(self.dir, exist_ok=True)
        self.conf_path = os.path.join(self.dir, f"{label}.conf")
        self.log_path = os.path.join(self.dir, f"{label}.log")
        self.proc = None

    def write_conf(self, text):
        with open(self.conf_path, "w") as f:
            f.write(text)

    def log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def start(self, debug=True):
        args = [binary(self.name), "-f", self.conf_path]
        if debug:
            args.append("-d")
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=log)
        self.started()
        return self

    def started(self):
        pass

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def terminate(self, timeout=15.0):
        """SIGTERM, then wait up to timeout s. Returns the exit status,
        or None if the program ignored SIGTERM (it is killed then)."""
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            rc = None
        self.proc = None
        return rc

    def stop(self, timeout=15.0):
        """SIGTERM; the exit status must be 0."""
        if self.proc is None:
            return
        rc = self.terminate(timeout)
        if rc is None:
            raise ProcError(f"{self.name} ignored SIGTERM; log:\n{self.log()}")
        if rc != 0:
            raise ProcError(f"{self.name} exited with {rc}; log:\n"
                            f"{self.log()[-4000:]}")

    def kill(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


def mqtt_section(broker, user):
    return (f"[mqtt]\nhost = 127.0.0.1\nport = {broker.port}\n"
            f"username = {user}\n"
            f"password_file = {broker.dir}/credentials/{user}.pass\n"
            f"keepalive = 10\n")


# The [limits] section's lines that turn the central's limits per box off,
# for tests that press faster than any officer.
NO_LIMITS = ("desk_guard_ms = 0\nkiosk_takes_per_min = 0\n"
             "kiosk_inflight = 0\nrefusals_per_min = 0\n"
             "flood_per_min = 0\n")


class Central(Daemon):
    name = "antre-display"

    def __init__(self, tmpdir, broker, desks, services=None, label="central",
                 role="central", extra="", sources=None, board="",
                 limits=None):
        """sources maps service letters to "kiosk" or "roll"; a service
        it does not name uses the roll. board: more lines for the
        [board] section. limits: the [limits] section's lines; None
        turns the central's limits per box off, for tests that press
        faster than any officer ("" keeps the shipped defaults)."""
        super().__init__(tmpdir, label)
        self.broker = broker
        self.db_path = os.path.join(self.dir, "antre.db")
        self.frames = os.path.join(self.dir, "frames")
        os.makedirs(self.frames, exist_ok=True)
        services = services or {"A": "KTP & KK"}
        hall = broker.prefix.split("/")[-1]
        user = "central" if role == "central" else "screen-1"
        text = (f"[hall]\nid = {hall}\nprefix = {broker.prefix}\n"
                f"role = {role}\nname = Mal Pelayanan Publik Uji\n\n"
                + mqtt_section(broker, user) +
                f"\n[store]\npath = {self.db_path}\n\n"
                f"[board]\noutput = png\npng_dir = {self.frames}\n"
                f"width = 960\nheight = 540\n{board}\n\n")
        if limits is None:
            limits = NO_LIMITS
        if role == "central":
            text += f"[limits]\n{limits}\n"
        for letter, name in services.items():
            source = (sources or {}).get(letter, "roll")
            text += (f"[service {letter}]\nname = {name}\n"
                     f"source = {source}\n\n")
        for d, svcs in desks.items():
            text += f"[desk {d}]\nname = Loket {d}\nservices = {svcs}\n\n"
        self.write_conf(text + extra)

    def latest_png(self):
        return os.path.join(self.frames, "latest.png")

    def called(self):
        """How many calls the log holds, read from the file itself."""
        db = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
        try:
            return db.execute("SELECT count(*) FROM events WHERE kind = "
                              "'called'").fetchone()[0]
        finally:
            db.close()


class Buttons:
    """The controller end of a desk's fake GPIO socket.

    A thread reads the desk's "led 0|1" lines as they come and stamps
    each with its arrival time (time.monotonic()), so a test never misses
    a change however late it looks: it waits for the changes it expects
    with wait_led() and judges their order and rough spacing."""

    def __init__(self, path):
        self.sock = wait_for(lambda: self._connect(path), START_TIMEOUT,
                             f"the fake GPIO socket {path}")
        self._cond = threading.Condition()
        self.led_history = []	# (arrival time, level), oldest first
        self._eof = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    @staticmethod
    def _connect(path):
        try:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(path)
            return s
        except OSError:
            return None

    def send(self, line):
        self.sock.sendall(line.encode() + b"\n")

    def tap(self, button="next"):
        self.send(f"tap {button}")

    def _read(self):
        buf = b""
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                data = b""
            now = time.monotonic()
            with self._cond:
                if not data:
                    self._eof = True
                    self._cond.notify_all()
                    return
                buf += data
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    parts = line.decode(errors="replace").split()
                    if len(parts) == 2 and parts[0] == "led":
                        self.led_history.append((now, parts[1] == "1"))
                self._cond.notify_all()

    def led(self):
        """The LED's last reported level, or None if none was reported."""
        with self._cond:
            return self.led_history[-1][1] if self.led_history else None

    def mark(self):
        """A position in the LED's history: changes() and wait_led()
        count from it."""
        with self._cond:
            return len(self.led_history)

    def changes(self, since=0):
        """The LED levels reported since mark since, as (time, level)."""
        with self._cond:
            return self.led_history[since:]

    def watch(self, predicate, timeout, since=0):
        """Waits until predicate(changes since mark since) is true, the
        desk closes the socket or timeout s have passed. Returns the
        predicate's last value and the changes it was given."""
        with self._cond:
            self._cond.wait_for(
                lambda: predicate(self.led_history[since:]) or self._eof,
                timeout)
            seen = self.led_history[since:]
            return predicate(seen), seen

    def wait_led(self, predicate, timeout, what, since=0):
        """Like watch(), but returns the predicate's value only, and
        raises ProcError naming what was expected and the changes seen
        if it did not come true."""
        value, seen = self.watch(predicate, timeout, since)
        if value:
            return value
        why = "the desk closed the fake GPIO socket" if self._eof else \
            f"timed out after {timeout:.0f} s"
        raise ProcError(f"{why} waiting for {what}; LED changes seen: "
                        f"{led_pattern(seen)}")

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._reader.join(5)
        self.sock.close()


def led_pattern(changes):
    """LED changes as text: "on +0.00 s, off +0.15 s, ..." (times from
    the first)."""
    if not changes:
        return "none"
    t0 = changes[0][0]
    return ", ".join(f"{'on' if v else 'off'} +{t - t0:.2f} s"
                     for t, v in changes)


class Desk(Daemon):
    name = "antre-desk"

    def __init__(self, tmpdir, broker, desk, extra_gpio=""):
        super().__init__(tmpdir, f"desk{desk}")
        self.desk = desk
        self.socket_path = os.path.join(self.dir, "gpio.sock")
        self.write_conf(
            f"[desk]\nid = {desk}\nprefix = {broker.prefix}\n"
            f"ack_timeout_ms = 5000\n\n"
            + mqtt_section(broker, f"desk-{desk}") +
            f"\n[gpio]\nbackend = fake\nfake_socket = {self.socket_path}\n"
            + extra_gpio)

    def buttons(self):
        return Buttons(self.socket_path)


def png_text_chunks(path):
    """The text chunks (tEXt, iTXt, zTXt) of a PNG file, as a dict."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ProcError(f"{path} is not a PNG")
    out, pos = {}, 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            out[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"iTXt":
            # keyword, compression flag and method, language, translated
            # keyword, then UTF-8 text (a board with non-ASCII names)
            key, _, rest = body.partition(b"\0")
            flag, rest = rest[0], rest[2:]
            _, _, rest = rest.partition(b"\0")
            _, _, rest = rest.partition(b"\0")
            if flag:
                rest = zlib.decompress(rest)
            out[key.decode("latin-1")] = rest.decode("utf-8")
        elif kind == b"zTXt":
            key, _, rest = body.partition(b"\0")
            out[key.decode("latin-1")] = zlib.decompress(rest[1:]).decode()
        pos += 12 + length
    return out


def png_board(path):
    """The board a frame shows, from its Antre-Board text chunk."""
    return json.loads(png_text_chunks(path)["Antre-Board"])
