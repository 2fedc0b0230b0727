"""kiosk_fakes - the hardware edge of antre-kiosk for integration tests:
its configuration, the fake GPIO controller with one LED per button, and
a thermal printer as a pseudo-terminal that answers the real-time status
requests (DLE EOT n) and keeps every ticket it is sent, cut by cut.

    printer = FakePrinter(tmp)            # printer.path: the "device"
    kiosk = Kiosk(tmp, broker, printer.path, buttons={1: "A", 2: "B"})
    kiosk.start(); panel = kiosk.panel(); panel.tap("1")
    printer.wait_tickets(1, 10)

Tickets are decoded by decode_escpos(), a reader of its own (not the
kiosk's encoder): lines of text with their size and weight.
"""

import os
import socket
import subprocess
import threading
import time

from antre_procs import Daemon, ProcError, mqtt_section, wait_for

# DLE EOT 1..4 answers: all well, and paper out (offline, stopped at the
# paper end, paper end sensor).
STATUS = {
    "ok": bytes([0x12, 0x12, 0x12, 0x12]),
    "paper_low": bytes([0x12, 0x12, 0x12, 0x1e]),
    "paper_out": bytes([0x1a, 0x32, 0x12, 0x72]),
    "cover_open": bytes([0x1a, 0x16, 0x12, 0x12]),
    "garbage": b"OK\r\n",
    "silent": b"",
}

CP437 = {0xf1: "\u00b1", 0xfa: "\u00b7", 0xf8: "\u00b0", 0x82: "\u00e9"}


def decode_escpos(data):
    """The lines of one ticket as dicts text, w, h, bold; raises
    ValueError for a byte that is not a command a ticket may hold."""
    lines, cur = [], {"text": "", "w": 1, "h": 1, "bold": False}
    i = 0
    while i < len(data):
        b = data[i]
        if data[i:i + 2] == b"\x1b@":
            cur = {"text": "", "w": 1, "h": 1, "bold": False}
            i += 2
        elif b == 0x1b and i + 2 < len(data) and data[i + 1] in b"taEd":
            if data[i + 1] == ord("E"):
                cur["bold"] = bool(data[i + 2] & 1)
            i += 3
        elif data[i:i + 2] == b"\x1d!" and i + 2 < len(data):
            cur["w"] = (data[i + 2] >> 4) + 1
            cur["h"] = (data[i + 2] & 7) + 1
            i += 3
        elif data[i:i + 3] == b"\x1dVB" and i + 3 < len(data):
            i += 4
        elif b == 0x0a:
            lines.append(dict(cur))
            cur["text"] = ""
            i += 1
        elif 0x20 <= b < 0x7f:
            cur["text"] += chr(b)
            i += 1
        elif b in CP437:
            cur["text"] += CP437[b]
            i += 1
        else:
            raise ValueError(f"byte {i} (0x{b:02x}) not understood")
    return lines


def ticket_number(lines):
    """The number on a decoded ticket: its largest line."""
    return max(lines, key=lambda ln: ln["w"])["text"] if lines else ""


class FakePrinter:
    """A printer on a pty behind a symlink (the kiosk's device path):
    unplug() removes both, plug() makes a new pty and points the link
    at it, as a USB printer comes back as /dev/usb/lp0."""

    def __init__(self, tmpdir):
        self.path = os.path.join(os.path.abspath(tmpdir), "lp0")
        self.mode = "ok"
        self.die_on_ticket = False   # unplugged by a ticket's first bytes
        self.tickets = []       # bytes of each ticket, cut by cut
        self.times = []         # time.monotonic() each was complete
        self.queries = 0
        self._buf = b""
        self._cond = threading.Condition()
        self.master = self.slave = None
        self._thread = None
        self.plug()

    def plug(self):
        self.master, self.slave = os.openpty()
        name = os.ttyname(self.slave)
        if os.path.lexists(self.path):
            os.unlink(self.path)
        os.symlink(name, self.path)
        self._buf = b""
        self._thread = threading.Thread(target=self._run,
                                        args=(self.master,), daemon=True)
        self._thread.start()

    def unplug(self):
        if os.path.lexists(self.path):
            os.unlink(self.path)
        m, s = self.master, self.slave
        self.master = self.slave = None
        if m is not None:
            os.close(m)
            os.close(s)

    def close(self):
        self.unplug()

    def _run(self, fd):
        while True:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return
            if not data:
                return
            now = time.monotonic()
            with self._cond:
                if self.die_on_ticket and data.startswith(b"\x1b@"):
                    # Mid-print: what came is lost with the printer.
                    self.die_on_ticket = False
                    self.unplug()
                    self._cond.notify_all()
                    return
                self._buf += data
                self._parse(fd, now)
                self._cond.notify_all()

    def _parse(self, fd, now):
        while True:
            q = self._buf.find(b"\x10\x04")
            cut = self._buf.find(b"\x1dVB")
            if q != -1 and (cut == -1 or q < cut) and \
                    len(self._buf) >= q + 3:
                self._buf = self._buf[:q] + self._buf[q + 3:]
                self.queries += 1
                if self.queries % 4 == 0:
                    self._answer(fd)
                continue
            if cut != -1 and len(self._buf) >= cut + 4:
                self.tickets.append(self._buf[:cut + 4])
                self.times.append(now)
                self._buf = self._buf[cut + 4:]
                continue
            return

    def _answer(self, fd):
        """After the fourth request of a set: the four answers."""
        try:
            os.write(fd, STATUS[self.mode])
        except OSError:
            pass

    def count(self):
        with self._cond:
            return len(self.tickets)

    def wait_tickets(self, n, timeout):
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.tickets) >= n,
                                       timeout):
                raise ProcError(f"timed out after {timeout} s waiting for "
                                f"ticket {n}; {len(self.tickets)} printed")

    def decoded(self):
        with self._cond:
            return [decode_escpos(t) for t in self.tickets]


class Panel:
    """The controller end of the kiosk's fake GPIO socket: taps and holds
    buttons ("1".."8", "priority") and keeps each LED's changes."""

    def __init__(self, path):
        self.sock = wait_for(lambda: self._connect(path), 10,
                             f"the fake GPIO socket {path}")
        self._cond = threading.Condition()
        self.leds = {}          # index -> [(time, level)]
        threading.Thread(target=self._read, daemon=True).start()

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

    def tap(self, button):
        self.send(f"tap {button}")

    def _read(self):
        buf = b""
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                data = b""
            if not data:
                return
            now = time.monotonic()
            with self._cond:
                buf += data
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    p = line.decode().split()
                    if len(p) == 3 and p[0] == "led":
                        self.leds.setdefault(int(p[1]), []).append(
                            (now, p[2] == "1"))
                self._cond.notify_all()

    def changes(self, led, since_t=0.0):
        with self._cond:
            return [c for c in self.leds.get(led, []) if c[0] >= since_t]

    def level(self, led):
        with self._cond:
            h = self.leds.get(led, [])
            return h[-1][1] if h else None

    def close(self):
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def kiosk_binary():
    path = os.environ.get("ANTRE_KIOSK")
    if not path or not os.path.exists(path):
        raise ProcError("$ANTRE_KIOSK does not name the antre-kiosk binary")
    return path


class Kiosk(Daemon):
    name = "antre-kiosk"

    def __init__(self, tmpdir, broker, device, buttons, kiosk=1,
                 extra_kiosk="", label=None):
        super().__init__(tmpdir, label or f"kiosk{kiosk}")
        self.socket_path = os.path.join(self.dir, "gpio.sock")
        self.state_path = os.path.join(self.dir, "kiosk.state")
        text = (f"[kiosk]\nid = {kiosk}\nprefix = {broker.prefix}\n"
                f"office = Mal Pelayanan Publik Uji\n"
                f"state = {self.state_path}\n{extra_kiosk}\n"
                f"[printer]\ndevice = {device}\nstatus_timeout_ms = 300\n"
                f"status_interval_ms = 500\n\n"
                + mqtt_section(broker, f"kiosk-{kiosk}") +
                f"\n[gpio]\nbackend = fake\nfake_socket = "
                f"{self.socket_path}\n[priority]\ngpio = 26\nled = 19\n")
        for n, svc in buttons.items():
            text += f"[button {n}]\nservice = {svc}\ngpio = {n}\n" \
                    f"led = {20 + n}\n"
        self.write_conf(text)

    def start(self, debug=True):
        args = [kiosk_binary(), "-f", self.conf_path]
        if debug:
            args.append("-d")
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                         stdout=log, stderr=log)
        return self

    def panel(self):
        return Panel(self.socket_path)
