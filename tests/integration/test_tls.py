"""The hall over TLS: the shipped TLS listener with the hall's own CA, made
by antre-credential, the central on the plain loopback listener.

- the shipped config binds the plain listener to 127.0.0.1 and opens no
  other plain listener (the broker's log names only the two ports);
- two real desks over TLS, checking the broker's certificate against the
  hall CA (one by IP address, one by host name): presses acknowledged;
- a client trusting another CA is refused in the handshake, and so is a
  real desk configured with it (one clear log line, never connected);
- plain MQTT on the TLS port gets no CONNACK; a wrong password over TLS is
  refused;
- a certificate that does not name the host the desk connects to is
  refused (the desk checks the host name).
"""

import os
import re
import shutil
import ssl
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import (Broker, BrokerError, ConnectRefused,  # noqa: E402
                          TestClient, source_dir)
from antre_procs import Central, Desk, wait_central_online, wait_for  # noqa
from checks import run_test                                 # noqa: E402

PREFIX = "antre/tls"


def shipped_listeners():
    """[(listener line, [option lines])] of the shipped mosquitto.conf."""
    out = []
    path = os.path.join(source_dir(), "broker-config", "mosquitto.conf")
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("listener "):
                out.append((line, []))
            elif out:
                out[-1][1].append(line.split()[0])
    return out


def over_tls(desk, broker, host="127.0.0.1", cafile=None):
    """Point a Desk's configuration at the TLS listener."""
    with open(desk.conf_path) as f:
        text = f.read()
    text = text.replace("host = 127.0.0.1\n", f"host = {host}\n")
    text = text.replace(f"port = {broker.port}\n",
                        f"port = {broker.tls_port}\n"
                        f"cafile = {cafile or broker.cafile}\n")
    desk.write_conf(text)


def credential(broker, directory, *words):
    tool = os.path.join(broker.src, "broker-config", "antre-credential")
    r = subprocess.run(["/bin/sh", tool, "-q", "-d", directory, *words],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    if r.returncode != 0:
        raise BrokerError(f"antre-credential {words}: {r.stderr}")


def broker_log(broker):
    with open(broker.log_path, errors="replace") as f:
        return f.read()


def check_shipped(c):
    ls = shipped_listeners()
    plain = [(ln, o) for ln, o in ls if "certfile" not in o]
    tls = [(ln, o) for ln, o in ls if "certfile" in o]
    c.check(len(plain) == 1 and plain[0][0].split()[2:] == ["127.0.0.1"],
            "the shipped plain listener listens on 127.0.0.1 only",
            repr(plain))
    c.check(len(tls) == 1 and {"cafile", "certfile", "keyfile",
                               "use_username_as_clientid"} <= set(tls[0][1]),
            "the shipped TLS listener has the hall CA, its certificate and "
            "key, and user names as client ids", repr(tls))
    c.check(all("use_username_as_clientid" in o for _, o in ls),
            "every shipped listener takes user names as client ids")


def check_gen_refuses(c, tmp):
    """A listener option before the first listener would open mosquitto's
    default listener on port 1883 of every interface: the generator must
    refuse such a file, naming the line."""
    src = os.path.join(source_dir(), "broker-config")
    bad = os.path.join(tmp, "bad-config")
    shutil.copytree(src, bad)
    path = os.path.join(bad, "mosquitto.conf")
    with open(path) as f:
        lines = f.read().splitlines(True)
    first = next(i for i, ln in enumerate(lines)
                 if ln.startswith("listener "))
    lines.insert(first, "max_connections 10\n")
    with open(path, "w") as f:
        f.writelines(lines)
    r = subprocess.run([sys.executable, os.path.join(bad, "antre-broker-gen"),
                        os.path.join(tmp, "bad-broker"), PREFIX, "--source",
                        bad], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    c.check(r.returncode == 1 and f"mosquitto.conf:{first + 1}: "
            "'max_connections' before the first listener" in r.stderr,
            "antre-broker-gen refuses a listener option before the first "
            "listener, naming the line", r.stderr.strip())


def run(c, tmp):
    check_shipped(c)
    check_gen_refuses(c, tmp)
    broker = Broker(tmp, PREFIX, desks=[1, 2, 3], screens=[1],
                    tls=True).start()
    central = Central(tmp, broker, desks={1: "A", 2: "A", 3: "A"})
    desks = {d: Desk(tmp, broker, d) for d in (1, 2, 3)}
    over_tls(desks[1], broker, "127.0.0.1")
    over_tls(desks[2], broker, "localhost")
    other = os.path.join(tmp, "other-hall")
    credential(broker, other, "tls", "ca")
    other_ca = os.path.join(other, "tls", "ca.crt")
    over_tls(desks[3], broker, "127.0.0.1", cafile=other_ca)
    try:
        opened = sorted({int(p) for p in re.findall(
            r"Opening ipv[46] listen socket on port (\d+)\.",
            broker_log(broker))})
        c.check(opened == sorted([broker.port, broker.tls_port]),
                "the broker opens the plain and the TLS listener and no "
                "other", f"ports {opened}, expected {broker.port} and "
                f"{broker.tls_port}")

        screen = broker.client("screen-1", client_id="t-tls-screen",
                               tls=True)
        screen.subscribe_wait(broker.topic("central/online"))
        central.start()
        wait_central_online(screen, broker)
        c.check(True, "a screen client over TLS (hall CA, host name "
                "checked) sees the central, which uses the plain "
                "loopback listener")

        buttons = {}
        for d in (1, 2, 3):
            desks[d].start()
            buttons[d] = desks[d].buttons()
        for d in (1, 2):
            wait_for(lambda: "central online" in desks[d].log(), 10,
                     f"desk {d} to see the central over TLS")
            buttons[d].tap("next")
        for d in (1, 2):
            got = wait_for(lambda: "acknowledged" in desks[d].log(), 10,
                           f"desk {d}'s press acknowledged")
            c.check(got, f"desk {d} over TLS "
                    f"({'127.0.0.1' if d == 1 else 'localhost'}): its "
                    "press is acknowledged")
        log = broker_log(broker)
        # "New connection from A:P on port L." then, maybe after other
        # clients' lines, "New client connected from A:P as USER".
        listener = dict(re.findall(r"New connection from (\S+) on port "
                                   r"(\d+)\.", log))
        users = re.findall(r"New client connected from (\S+) as (\S+) ",
                           log)
        for d in (1, 2):
            ports = {listener.get(a) for a, u in users if u == f"desk-{d}"}
            c.check(ports == {str(broker.tls_port)},
                    f"desk {d} came in on the TLS port", repr(ports))

        # Another hall's CA: the handshake fails, nothing is sent.
        wait_for(lambda: "TLS with" in desks[3].log(), 10,
                 "desk 3 to report the failed handshake")
        time.sleep(2.5)	# at least one retry
        log3 = desks[3].log()
        c.check(log3.count("TLS with") == 1 and
                "certificate verify failed" in log3,
                "a desk trusting another CA: one clear log line naming "
                "the failed certificate check", log3[-600:])
        c.check("mqtt: connected" not in log3 and
                " as desk-3 " not in broker_log(broker),
                "and it never logs in", log3[-600:])
        try:
            TestClient("desk-1").open(broker.tls_port,
                                      broker.password("desk-1"),
                                      cafile=other_ca)
            c.check(False, "a client trusting another CA is refused")
        except ssl.SSLError as e:
            c.check("certificate verify failed" in str(e),
                    "a client trusting another CA is refused in the "
                    "handshake", str(e))

        # Plain MQTT on the TLS port.
        plain = TestClient("desk-1")
        try:
            plain.open(broker.tls_port, broker.password("desk-1"),
                       timeout=2)
            c.check(False, "plain MQTT on the TLS port is refused",
                    "it connected")
        except (BrokerError, ConnectRefused, OSError):
            c.check(True, "plain MQTT on the TLS port gets no CONNACK")
        try:
            broker.client("desk-2", password="wrong", tls=True)
            c.check(False, "a wrong password over TLS is refused")
        except ConnectRefused:
            c.check(True, "a wrong password over TLS is refused")

        # Client ids are the broker's, not a listener's: a user's login on
        # the TLS listener replaces its login on the plain one.
        first = TestClient("desk-3")
        first.open(broker.port, broker.password("desk-3"))
        second = TestClient("desk-3")
        second.open(broker.tls_port, broker.password("desk-3"),
                    cafile=broker.cafile)
        c.check(first.wait_disconnect(5) is not None and second.connected,
                "one connection per user across both listeners")
        first.close()
        second.close()

        # A certificate for another host: desk 1 must not accept it.
        c.stopped(desks[1], "desk 1")
        os.unlink(os.path.join(broker.dir, "tls", "server.crt"))
        credential(broker, broker.dir, "tls", "server", "-H",
                   "elsewhere.example")
        broker.restart()
        mark = len(desks[1].log())
        desks[1].start()
        wait_for(lambda: "TLS with" in desks[1].log()[mark:], 10,
                 "desk 1 to refuse the certificate")
        after = desks[1].log()[mark:]
        c.check("mqtt: connected" not in after and
                "127.0.0.1" in after,
                "a broker certificate that does not name 127.0.0.1 is "
                "refused by the desk", after[-600:])
    finally:
        for d in (1, 2, 3):
            c.stopped(desks[d], f"desk {d}")
        c.stopped(central, "central")
        broker.close()


def main():
    return run_test("test_tls", run,
                    logs=("central", "desk1", "desk2", "desk3"))


if __name__ == "__main__":
    sys.exit(main())
