"""antre-provision: a box set up from a bundle made on the central.

The central's side runs against the real broker directory (made by
antre-broker-gen with TLS) and a copy of the running central's
configuration; its "systemctl reload mosquitto" is a stand-in that sends
SIGHUP to the test's broker. Each box is a directory standing for its
/etc/antre; its "systemctl restart" is recorded, and the test then starts
the real antre-desk with the installed configuration, as systemd would.

- add desk 3 -> a bundle; installed on a box: the password file (mode
  640) holds the broker's password, the hall CA is the broker's, the
  box's own [gpio] section is kept, antre-desk -n accepts the file, the
  service is restarted; the desk connects over TLS and a press is
  acknowledged by the real central and logged;
- the dead Pi swapped: add desk 3 again says the old password no longer
  works, and the broker refuses it; the new bundle on a fresh box gets a
  press acknowledged while the old Pi, still running, is refused; the
  older bundle is refused on the new box;
- refused with their messages, nothing changed on the box: a bundle
  edited or cut short, a screen's bundle on a desk box, a kiosk's bundle
  where no kiosk program is installed, a screen's bundle on the central,
  another hall's bundle (accepted with -r), another desk number's, one
  on a box set up by hand for another hall; the stick's folder picks the
  box's bundle, or asks when several fit; add refuses an address the
  broker's certificate does not name and a stick that is not mounted,
  and signals the broker through systemd when Debian's reload fails;
- hall ID renames the central's hall and makes the broker's ACL for it;
- a screen's bundle on a screen box with the packaged (central's)
  configuration: role = screen, the central's hall name and theme,
  antre-display -n accepts it.
"""

import os
import shutil
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import (Broker, ConnectRefused,  # noqa: E402
                          TestClient, source_dir)
from antre_procs import (Central, Daemon, Buttons, binary,     # noqa: E402
                         png_board, wait_for)
from checks import run_test                                    # noqa: E402

PREFIX = "antre/prov"
HALL = "prov"
TOOL = os.path.join(source_dir(), "broker-config", "antre-provision")
THEME = "[theme]\nbackground = #102a43\naccent = #f0b429\n"


def sh_script(path, body):
    with open(path, "w") as f:
        f.write("#!/bin/sh\n" + body)
    os.chmod(path, 0o755)
    return path


def run_tool(env, *args):
    e = dict(os.environ)
    e.update(env)
    return subprocess.run(["/bin/sh", TOOL, *args], env=e, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=60)


def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def snapshot(directory):
    """Every file of a box's directory with its bytes."""
    return {n: read(os.path.join(directory, n), "rb")
            for n in sorted(os.listdir(directory))}


class Hall:
    """The central's side: its /etc/antre (a copy of the running
    central's configuration) and the broker's directory."""

    def __init__(self, tmp, broker, conf_text, label="central-etc"):
        self.etc = os.path.join(tmp, label)
        os.makedirs(self.etc, exist_ok=True)
        with open(os.path.join(self.etc, "antre-display.conf"), "w") as f:
            f.write(conf_text)
        self.broker = broker
        self.mosq = broker.dir
        self.calls = os.path.join(tmp, f"{label}-systemctl.log")
        self.pidfile = os.path.join(tmp, f"{label}-broker.pid")
        # With no_kill, "reload" fails as Debian's unit does where
        # /bin/kill is missing; "kill ... -s HUP" signals the broker.
        self.no_kill = os.path.join(tmp, f"{label}-no-kill")
        self.systemctl = sh_script(
            os.path.join(tmp, f"{label}-systemctl"),
            f'echo "$*" >>{self.calls}\n'
            f'case "$*" in\n'
            f'"reload mosquitto") [ ! -e {self.no_kill} ] || exit 1 ;;\n'
            f'"kill --kill-whom=main -s HUP mosquitto") ;;\n'
            f'*) exit 0 ;;\n'
            f'esac\n'
            f'[ ! -s {self.pidfile} ] || kill -HUP "$(cat {self.pidfile})"\n')

    def add(self, *args):
        if self.broker.proc is not None:
            with open(self.pidfile, "w") as f:
                f.write(str(self.broker.proc.pid))
        return run_tool({"ANTRE_ETC": self.etc,
                         "ANTRE_MOSQUITTO_DIR": self.mosq,
                         "ANTRE_SYSTEMCTL": self.systemctl}, "add", *args)


class Box:
    """A desk, screen or kiosk box: its /etc/antre and its programs."""

    def __init__(self, tmp, label, desk=False, display=False, kiosk=None,
                 conf=None, mosq=None):
        self.dir = os.path.join(tmp, label)
        self.etc = os.path.join(self.dir, "etc")
        os.makedirs(self.etc, exist_ok=True)
        self.calls = os.path.join(self.dir, "systemctl.log")
        self.env = {
            "ANTRE_ETC": self.etc,
            "ANTRE_MOSQUITTO_DIR": mosq or os.path.join(self.dir, "none"),
            "ANTRE_SYSTEMCTL": sh_script(os.path.join(self.dir, "systemctl"),
                                         f'echo "$*" >>{self.calls}\n'),
            "ANTRE_DESK_BIN": binary("antre-desk") if desk else "",
            "ANTRE_DISPLAY_BIN": binary("antre-display") if display else "",
            "ANTRE_KIOSK_BIN": kiosk or "",
        }
        self.socket_path = os.path.join(self.dir, "gpio.sock")
        if conf is not None:
            with open(self.path(conf[0]), "w") as f:
                f.write(conf[1])

    def path(self, name):
        return os.path.join(self.etc, name)

    def install(self, *args):
        return run_tool(self.env, "install", *args)

    def systemctl_calls(self):
        try:
            return read(self.calls).splitlines()
        except FileNotFoundError:
            return []


def desk_box(tmp, label):
    """A desk box whose configuration (as a technician left it) uses the
    fake GPIO backend and a short acknowledgement timeout."""
    box = Box(tmp, label, desk=True)
    box.conf_text = (
        "; the packaged file, with this box's GPIO\n[desk]\nid = 1\n"
        "hall = mpp-contoh\nack_timeout_ms = 5000\n\n"
        "[mqtt]\nhost = 192.168.1.10\nport = 8883\n"
        "password_file = /etc/antre/desk.pass\nkeepalive = 10\n\n"
        f"[gpio]\nbackend = fake\nfake_socket = {box.socket_path}\n")
    with open(box.path("antre-desk.conf"), "w") as f:
        f.write(box.conf_text)
    return box


class BoxDesk(Daemon):
    """The real antre-desk run with a box's installed configuration."""

    name = "antre-desk"

    def __init__(self, tmp, box, label):
        super().__init__(tmp, label)
        self.conf_path = box.path("antre-desk.conf")
        self.socket_path = box.socket_path

    def buttons(self):
        return Buttons(self.socket_path)


def press_acknowledged(c, desk, central, what):
    """Starts desk, waits for it to see the central, presses next and
    checks the central acknowledged and logged the call."""
    before = central.called()
    desk.start()
    buttons = desk.buttons()
    try:
        wait_for(lambda: "central online" in desk.log(), 30,
                 f"{what}: the desk to see the central")
        lm = len(desk.log())
        buttons.tap("next")
        wait_for(lambda: "acknowledged" in desk.log()[lm:], 15,
                 f"{what}: the press to be acknowledged")
        c.check(central.called() == before + 1 and
                "mqtt: connected" in desk.log(),
                f"{what}: connected over TLS, a press acknowledged by the "
                "central and logged", desk.log()[-600:])
    finally:
        buttons.close()


def refused(c, result, words, what):
    """A refusal: exit status 1 and every one of words in its message."""
    msg = result.stderr
    ok = result.returncode == 1 and all(w in msg for w in words)
    c.check(ok, f"{what} is refused ({' / '.join(words)})",
            f"status {result.returncode}, stdout {result.stdout!r}, "
            f"stderr {msg!r}")
    return ok


def field(path, name):
    for line in read(path).splitlines():
        if line.startswith(name + ": "):
            return line[len(name) + 2:]
    return None


def run(c, tmp):
    broker = Broker(tmp, PREFIX, desks=[], kiosks=[], screens=[], tls=True)
    central = None
    desks = []
    try:
        broker.start()
        central = Central(tmp, broker, desks={3: "A"},
                          extra=THEME + "[zone Q]\ntitle = Zona Q\ndesks = 3\n")
        central.start()
        hall = Hall(tmp, broker, read(central.conf_path))
        # Raspberry Pi OS mounts a stick at /media/<user>/<its label>.
        stick = os.path.join(tmp, "USB DISK")
        os.makedirs(stick)
        where = f"127.0.0.1:{broker.tls_port}"

        # An address the broker's certificate does not name.
        r = hall.add("desk", "3", "-b", f"10.9.8.7:{broker.tls_port}",
                     "-o", stick)
        refused(c, r, ["certificate does not name '10.9.8.7'"],
                "add with an address the broker's certificate lacks")
        c.check(not os.listdir(stick) and not os.path.exists(
            os.path.join(broker.dir, "credentials", "desk-3.pass")),
            "... and it made neither a bundle nor a user")

        r = hall.add("desk", "3", "-b", where, "-o",
                     os.path.join(tmp, "media", "usb"))
        refused(c, r, ["no directory", "is the USB stick mounted?"],
                "add onto a stick that is not mounted")

        # The first desk Pi.
        r = hall.add("desk", "3", "-b", where, "-o", stick)
        bundle = os.path.join(stick, f"antre-{HALL}-desk-3.bundle")
        c.check(r.returncode == 0 and os.path.exists(bundle) and
                "reload mosquitto" in read(hall.calls) and
                "no longer works" not in r.stdout,
                "add desk 3 writes the bundle onto the stick and reloads "
                "the broker", f"{r.stdout}{r.stderr}")
        c.check(stat.S_IMODE(os.stat(bundle).st_mode) == 0o600,
                "the bundle is readable by its owner only")
        first = os.path.join(tmp, "desk-3-first.bundle")
        shutil.copy(bundle, first)
        password1 = broker.password("desk-3")
        c.check(field(bundle, "password") == password1 and
                password1 not in run_tool({}, "show", bundle).stdout,
                "the bundle holds desk-3's password; show does not print "
                "it")

        box = desk_box(tmp, "box-old")
        r = box.install(bundle)
        c.check(r.returncode == 0, "install on the desk box",
                f"{r.stdout}{r.stderr}")
        pass_path = box.path("desk.pass")
        mode = stat.S_IMODE(os.stat(pass_path).st_mode)
        c.check(read(pass_path).strip() == password1 and mode == 0o640,
                "the box's desk.pass holds the password, mode 640",
                oct(mode))
        c.check(read(box.path("ca.crt")) == read(broker.cafile),
                "the box's ca.crt is the hall CA")
        conf = read(box.path("antre-desk.conf"))
        c.check(f"fake_socket = {box.socket_path}" in conf and
                "ack_timeout_ms = 5000" in conf and
                f"password_file = {pass_path}" in conf and
                f"port = {broker.tls_port}" in conf and
                "id = 3" in conf and f"prefix = {PREFIX}" in conf,
                "the box's configuration has the bundle's desk and broker "
                "and keeps its own GPIO and timeout", conf)
        chk = subprocess.run([binary("antre-desk"), "-n", "-f",
                              box.path("antre-desk.conf")],
                             stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        c.check(chk.returncode == 0, "antre-desk -n accepts the installed "
                "configuration", chk.stdout)
        c.check(box.systemctl_calls()[-1:] == ["restart antre-desk"] and
                "enable antre-desk" in box.systemctl_calls(),
                "install enables and restarts antre-desk",
                repr(box.systemctl_calls()))
        again = box.install(bundle)
        c.check(again.returncode == 0, "the same bundle installs again "
                "(nothing older, nothing else)", again.stderr)

        old_desk = BoxDesk(tmp, box, "desk-old")
        desks.append(old_desk)
        press_acknowledged(c, old_desk, central, "the first desk Pi")
        # It stays on: the "dead" Pi may come back to life.

        # The desk Pi died: a new bundle for desk 3. The broker's unit
        # cannot reload (no /bin/kill on a minimal system).
        with open(hall.no_kill, "w"):
            pass
        r = hall.add("desk", "3", "-b", where, "-o", stick)
        os.unlink(hall.no_kill)
        c.check(r.returncode == 0 and
                "the old one no longer works" in r.stdout and
                read(hall.calls).splitlines()[-2:] ==
                ["reload mosquitto",
                 "kill --kill-whom=main -s HUP mosquitto"],
                "add desk 3 again says the old password no longer works "
                "(the broker signalled through systemd when its reload "
                "fails)", f"{r.stdout}{r.stderr}{read(hall.calls)}")
        password2 = broker.password("desk-3")
        c.check(password2 != password1 and
                field(bundle, "password") == password2 and
                int(field(bundle, "serial")) > int(field(first, "serial")),
                "the new bundle has a new password and a higher serial")

        def old_refused():
            try:
                cl = TestClient("desk-3")
                cl.open(broker.tls_port, password1, cafile=broker.cafile)
                cl.close()
                return False
            except ConnectRefused:
                return True
        try:
            wait_for(old_refused, 10, "the broker to refuse the old "
                     "password")
            gone = True
        except Exception:
            gone = False
        c.check(gone, "the broker refuses the old bundle's password")

        # The replacement Pi, fresh from the box.
        new = desk_box(tmp, "box-new")
        r = new.install(bundle)
        c.check(r.returncode == 0, "the new bundle installs on the "
                "replacement Pi", f"{r.stdout}{r.stderr}")
        new_desk = BoxDesk(tmp, new, "desk-new")
        desks.append(new_desk)
        press_acknowledged(c, new_desk, central, "the replacement Pi")
        # The old Pi, still running with the old password, is off the
        # broker for good (mosquitto 2.0 closes its connection at the
        # reload) and cannot come back.
        refusal = "refused the connection: Connection Refused: not authorised"
        try:
            wait_for(lambda: refusal in old_desk.log(), 30,
                     "the old Pi to be refused")
            kept_out = True
        except Exception:
            kept_out = False
        c.check(kept_out and new_desk.alive() and
                new_desk.log().count("mqtt: connected") == 1 and
                "lost" not in new_desk.log(),
                "the old Pi, still on, is refused by the broker and the "
                "replacement stays connected", old_desk.log()[-800:])
        c.stopped(old_desk, "the first desk Pi's antre-desk")
        c.stopped(new_desk, "the replacement Pi's antre-desk")

        before = snapshot(new.etc)
        r = new.install(first)
        refused(c, r, ["older than the one installed",
                       "no longer works"], "the older bundle")
        c.check(snapshot(new.etc) == before, "... and the box is unchanged")

        # Damaged bundles.
        text = read(bundle)
        edited = os.path.join(tmp, "edited.bundle")
        with open(edited, "w") as f:
            f.write(text.replace(f"port: {broker.tls_port}",
                                 f"port: {broker.tls_port + 1}"))
        refused(c, new.install(edited),
                ["damaged or was edited", "checksum does not match"],
                "a bundle edited by hand")
        crlf = os.path.join(tmp, "crlf.bundle")
        with open(crlf, "w", newline="\r\n") as f:
            f.write(text)
        refused(c, new.install(crlf), ["changed on a PC",
                                       "Windows line endings"],
                "a bundle saved on a PC")
        cut = os.path.join(tmp, "cut.bundle")
        with open(cut, "w") as f:
            f.write(text[:len(text) // 2])
        refused(c, new.install(cut), ["damaged", "not the checksum"],
                "a bundle cut short")
        refused(c, new.install(central.conf_path),
                ["not an Antre bundle"], "a file that is no bundle")
        c.check(snapshot(new.etc) == before, "... and the box is unchanged")

        # Another desk number of the same hall.
        r = hall.add("desk", "4", "-b", where, "-o", stick)
        desk4 = os.path.join(stick, f"antre-{HALL}-desk-4.bundle")
        refused(c, new.install(desk4), ["this box is desk 3",
                                        "install -r"],
                "desk 4's bundle on desk 3's box")
        c.check(snapshot(new.etc) == before, "... and the box is unchanged")

        # The stick's folder instead of a file: the newest bundle for the
        # box it already is; on a fresh box, the only one it can take.
        r = new.install(stick + "/")
        c.check(r.returncode == 0 and f"using {stick}/antre-{HALL}-desk-3"
                in r.stdout,
                "install with the stick's folder picks desk 3's bundle on "
                "desk 3's box", f"{r.stdout}{r.stderr}")
        c.check(snapshot(new.etc).keys() == before.keys() and
                snapshot(new.etc)["desk.pass"] == before["desk.pass"],
                "... which is the one installed")
        before = snapshot(new.etc)  # its "installed:" time may change
        fresh = desk_box(tmp, "box-fresh")
        refused(c, fresh.install(stick), ["2 bundles", "could be for this "
                                          "box", "name the one"],
                "the stick's folder with desks 3 and 4 on a fresh desk box")
        # A box set up by hand for another hall (its password file is
        # there): moved only with -r.
        with open(fresh.path("desk.pass"), "w") as f:
            f.write("hand-made\n")
        refused(c, fresh.install(desk4), ["set up by hand for hall "
                                          "mpp-contoh", "install -r"],
                "a bundle on a box set up by hand for another hall")

        # Wrong kind of box.
        r = hall.add("screen", "1", "-o", stick)
        screen_bundle = os.path.join(stick, f"antre-{HALL}-screen-1.bundle")
        c.check(r.returncode == 0 and field(screen_bundle, "port") ==
                str(broker.tls_port),
                "add screen 1 without -b uses the address used last",
                f"{r.stdout}{r.stderr}")
        refused(c, new.install(screen_bundle),
                ["is for a screen", "antre-display is not installed"],
                "a screen's bundle on a desk box")
        # A screen of one zone: the zone must be the central's.
        refused(c, hall.add("screen", "2", "-z", "R", "-o", stick),
                ["-z R:", "has no [zone R] section"],
                "add screen -z with a zone the central does not have")
        refused(c, hall.add("desk", "3", "-z", "Q", "-o", stick),
                ["only a screen shows a zone"], "add desk -z")
        r = hall.add("screen", "2", "-z", "Q", "-o", stick)
        zone_bundle = os.path.join(stick, f"antre-{HALL}-screen-2.bundle")
        c.check(r.returncode == 0 and
                "set: board.zone = Q" in read(zone_bundle),
                "add screen 2 -z Q: the bundle sets the zone the screen "
                "shows", f"{r.stdout}{r.stderr}")
        os.unlink(zone_bundle)
        r = hall.add("kiosk", "1", "-o", stick)
        kiosk_bundle = os.path.join(stick, f"antre-{HALL}-kiosk-1.bundle")
        c.check(r.returncode == 0 and "no [service X]" in r.stderr and
                os.path.exists(os.path.join(broker.dir, "credentials",
                                            "kiosk-1.pass")),
                "add kiosk 1 makes the credential and a bundle, and warns "
                "that no service takes kiosk tickets",
                f"{r.stdout}{r.stderr}")
        refused(c, new.install(kiosk_bundle),
                ["no kiosk program", "nothing was changed"],
                "a kiosk's bundle where no kiosk program is installed")
        c.check(snapshot(new.etc) == before, "... and the box is unchanged")

        # A kiosk box, once a kiosk program is there (a stand-in that
        # accepts any configuration).
        kiosk = Box(tmp, "box-kiosk", kiosk=sh_script(
            os.path.join(tmp, "antre-kiosk"), 'exit 0\n'))
        r = kiosk.install(kiosk_bundle)
        kconf = read(kiosk.path("antre-kiosk.conf")) \
            if r.returncode == 0 else ""
        c.check(r.returncode == 0 and "id = 1" in kconf and
                f"prefix = {PREFIX}" in kconf and
                read(kiosk.path("kiosk.pass")).strip() ==
                broker.password("kiosk-1") and
                kiosk.systemctl_calls()[-1:] == ["restart antre-kiosk"],
                "a kiosk's bundle installs where a kiosk program is",
                f"{r.stdout}{r.stderr}{kconf}")

        # A screen box with the packaged configuration (a central's).
        packaged = read(os.path.join(source_dir(), "display",
                                     "antre-display.conf"))
        scr = Box(tmp, "box-screen", display=True,
                  conf=("antre-display.conf", packaged))
        r = scr.install(screen_bundle)
        sconf = read(scr.path("antre-display.conf"))
        chk = subprocess.run([binary("antre-display"), "-n", "-f",
                              scr.path("antre-display.conf")],
                             stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        c.check(r.returncode == 0 and chk.returncode == 0 and
                "role = screen" in sconf and
                "name = Mal Pelayanan Publik Uji" in sconf and
                "background = #102a43" in sconf and
                "username = screen-1" in sconf and "[service" not in sconf,
                "a screen's bundle on a screen box: role = screen, the "
                "central's name and theme, antre-display -n accepts it",
                f"{r.stdout}{r.stderr}{chk.stdout}\n{sconf}")

        # A screen box set up before as a screen (png output here): the
        # bundle keeps its [board], and the screen shows the central's
        # board, received over TLS with the screen's credential.
        frames = os.path.join(tmp, "box-screen2", "frames")
        os.makedirs(frames)
        scr2 = Box(tmp, "box-screen2", display=True, conf=(
            "antre-display.conf",
            "[hall]\nid = old\nrole = screen\n\n[mqtt]\nhost = 10.0.0.9\n"
            "keepalive = 10\n\n[store]\npath = "
            f"{os.path.join(tmp, 'box-screen2', 'antre.db')}\n\n"
            f"[board]\noutput = png\npng_dir = {frames}\nwidth = 960\n"
            "height = 540\n\n[voice]\noutput = none\n"))
        r = scr2.install(screen_bundle)
        screen = Daemon(tmp, "screen2")
        screen.name = "antre-display"
        screen.conf_path = scr2.path("antre-display.conf")
        latest = os.path.join(frames, "latest.png")
        try:
            screen.start()
            # Until the retained board arrives the frame shows none.
            wait_for(lambda: os.path.exists(latest) and
                     png_board(latest).get("desks"), 30,
                     "the central's board on the screen")
            board = png_board(latest)
            c.check(r.returncode == 0 and
                    [d["id"] for d in board.get("desks", [])] == [3] and
                    "output = png" in read(screen.conf_path),
                    "a screen set up before keeps its [board] and shows "
                    "the central's board with the bundle's credential",
                    f"{r.stdout}{r.stderr}{board}")
        finally:
            c.stopped(screen, "the screen's antre-display")

        # The central itself is no screen.
        on_central = Box(tmp, "box-central", display=True,
                         conf=("antre-display.conf",
                               read(central.conf_path)),
                         mosq=broker.dir)
        before_c = snapshot(on_central.etc)
        refused(c, on_central.install(screen_bundle),
                ["it is a central"], "a screen's bundle on the central")
        c.check(snapshot(on_central.etc) == before_c,
                "... and the central's configuration is unchanged")

        left = [n for n in os.listdir(stick) if not n.endswith(".bundle")]
        c.check(not left, "nothing but bundles on the stick (no "
                "temporary files left)", repr(left))

        # Another hall: its own broker directory and central.
        other = Broker(os.path.join(tmp, "other"), "antre/lain", desks=[],
                       screens=[], tls=True)
        other.generate()
        other_conf = read(central.conf_path).replace(
            f"id = {HALL}\n", "id = lain\n").replace(
            f"prefix = {PREFIX}\n", "prefix = antre/lain\n")
        other_hall = Hall(tmp, other, other_conf, label="other-etc")
        # Its central was set up with the example's hall id; the
        # technician names the hall without an editor.
        other_hall.add("desk", "1", "-b", "127.0.0.1")  # a box set up before
        r = run_tool({"ANTRE_ETC": other_hall.etc,
                      "ANTRE_MOSQUITTO_DIR": other.dir,
                      "ANTRE_SYSTEMCTL": other_hall.systemctl,
                      "ANTRE_DISPLAY_BIN": binary("antre-display")},
                     "hall", "lain-2", "-n", "Aula Desa Lain")
        oconf = read(os.path.join(other_hall.etc, "antre-display.conf"))
        c.check(r.returncode == 0 and "id = lain-2\n" in oconf and
                "name = Aula Desa Lain\n" in oconf and
                "prefix =" not in oconf and
                read(os.path.join(other.dir, "prefix")) == "antre/lain-2\n"
                and "topic write antre/lain-2/board" in
                read(os.path.join(other.dir, "acl")) and
                "restart antre-display" in read(other_hall.calls) and
                "desk-1" in r.stdout,
                "hall lain-2 renames the central's hall and makes the "
                "broker's ACL for antre/lain-2; it names the boxes that "
                "need a new bundle", f"{r.stdout}{r.stderr}\n{oconf}")
        refused(c, run_tool({"ANTRE_ETC": other_hall.etc,
                             "ANTRE_MOSQUITTO_DIR": other.dir,
                             "ANTRE_SYSTEMCTL": "none"},
                            "hall", "Lain 3"), ["bad hall id"],
                "a hall id with capitals and a space")
        r = other_hall.add("desk", "3", "-b", "127.0.0.1",
                           "-o", os.path.join(tmp, "lain.bundle"))
        c.check(r.returncode == 0, "another hall's central makes desk 3's "
                "bundle", f"{r.stdout}{r.stderr}")
        refused(c, new.install(os.path.join(tmp, "lain.bundle")),
                ["set up for hall prov", "for hall lain-2", "install -r"],
                "another hall's bundle")
        c.check(snapshot(new.etc) == before, "... and the box is unchanged")
        r = new.install("-r", os.path.join(tmp, "lain.bundle"))
        c.check(r.returncode == 0 and
                field(new.path("antre-provision.state"), "hall") == "lain-2"
                and read(new.path("desk.pass")).strip() ==
                other.password("desk-3"),
                "... and installed with -r (the box moves to hall lain-2)",
                f"{r.stdout}{r.stderr}")
    finally:
        for d in desks:
            d.kill()
        if central is not None:
            central.stop()
        broker.close()


def main():
    return run_test("provision", run,
                    logs=("central", "desk-old", "desk-new"))


if __name__ == "__main__":
    sys.exit(main())
