"""antre_broker - a private Antre broker for integration tests.

The broker is the real mosquitto, configured by broker-config/antre-broker-gen
from the shipped broker-config/mosquitto.conf and ACL templates, listening on
a free loopback port:

    with Broker(tmpdir, "antre/test", desks=[1, 2], screens=[1]) as b:
        central = b.client("central")
        central.subscribe(b.topic("desk/+/cmd"))
        desk = b.client("desk-1")
        desk.publish(b.topic("desk/1/cmd"), '{"v":1}')
        msg = central.wait_message(b.topic("desk/1/cmd"))

Needs only the Python standard library and paho-mqtt 1.6 (Debian's
python3-paho-mqtt). The source tree is $ANTRE_SOURCE_DIR, else the directory
two levels above this file. The broker binary is $MOSQUITTO_BIN, else
/usr/sbin/mosquitto.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time

import paho.mqtt.client as mqtt

START_TIMEOUT = 10.0	# seconds for mosquitto to accept connections
STOP_TIMEOUT = 10.0
WAIT = 5.0		# default wait for an MQTT round trip


def source_dir():
    d = os.environ.get("ANTRE_SOURCE_DIR")
    if d:
        return os.path.abspath(d)
    return os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class BrokerError(Exception):
    pass


class ConnectRefused(Exception):
    """The broker answered CONNECT with a non-zero CONNACK code (.rc)."""

    def __init__(self, user, rc):
        super().__init__(f"connection as {user!r} refused: CONNACK {rc} "
                         f"({mqtt.connack_string(rc)})")
        self.rc = rc


def _code(rc):
    # MQTT 5 callbacks pass a ReasonCodes object, 3.1.1 ones an int.
    return int(getattr(rc, "value", rc))


class Message:
    __slots__ = ("topic", "payload", "qos", "retain")

    def __init__(self, m):
        self.topic = m.topic
        self.payload = m.payload
        self.qos = m.qos
        self.retain = bool(m.retain)

    def __repr__(self):
        return (f"Message({self.topic!r}, {self.payload[:40]!r}, "
                f"qos={self.qos}, retain={self.retain})")


class TestClient(mqtt.Client):
    """A paho client that records what it receives, with blocking helpers.

    The network runs in paho's loop_start() thread. The helpers rely on the
    on_connect, on_disconnect, on_subscribe and on_message callbacks set
    here; do not replace them. The client never reconnects on its own, so a
    connection dropped by the broker stays dropped and can be observed with
    wait_disconnect().
    """

    def __init__(self, user, client_id="", clean_session=True,
                 protocol=mqtt.MQTTv311):
        super().__init__(client_id=client_id, clean_session=clean_session,
                         protocol=protocol, reconnect_on_failure=False)
        self.user = user
        self._cond = threading.Condition()
        self._messages = []
        self._connack = None
        self._disconnected = None
        self._subacks = {}
        self.on_connect = self._cb_connect
        self.on_disconnect = self._cb_disconnect
        self.on_subscribe = self._cb_subscribe
        self.on_message = self._cb_message

    # --- callbacks (network thread) --------------------------------------

    def _cb_connect(self, client, userdata, flags, rc, properties=None):
        with self._cond:
            self._connack = _code(rc)
            self._cond.notify_all()

    def _cb_disconnect(self, client, userdata, rc, properties=None):
        with self._cond:
            self._disconnected = _code(rc)
            self._cond.notify_all()

    def _cb_subscribe(self, client, userdata, mid, granted, properties=None):
        with self._cond:
            self._subacks[mid] = list(granted)
            self._cond.notify_all()

    def _cb_message(self, client, userdata, m):
        with self._cond:
            self._messages.append(Message(m))
            self._cond.notify_all()

    # --- helpers (test thread) -------------------------------------------

    def _wait(self, predicate, timeout):
        with self._cond:
            return self._cond.wait_for(predicate, timeout)

    def open(self, port, password, timeout=WAIT):
        """Connect, start the network thread, wait for the CONNACK."""
        if self.user is not None:
            self.username_pw_set(self.user, password)
        self.connect("127.0.0.1", port, keepalive=60)
        self.loop_start()
        if not self._wait(lambda: self._connack is not None
                          or self._disconnected is not None, timeout):
            self.close()
            raise BrokerError(f"no CONNACK for {self.user!r} in {timeout} s")
        if self._connack != 0:
            rc = self._connack if self._connack is not None else -1
            self.close()
            raise ConnectRefused(self.user, rc)
        return self

    def subscribe_wait(self, topic, qos=1, timeout=WAIT):
        """Subscribe and wait for the SUBACK; return the granted QoS list.

        Once it returns, every later publish on the topic is routed to this
        client, so a test can publish without racing the subscription."""
        rc, mid = self.subscribe(topic, qos)
        if rc != mqtt.MQTT_ERR_SUCCESS:
            raise BrokerError(f"subscribe {topic}: {mqtt.error_string(rc)}")
        if not self._wait(lambda: mid in self._subacks, timeout):
            raise BrokerError(f"no SUBACK for {topic} in {timeout} s")
        return self._subacks[mid]

    def publish_wait(self, topic, payload, qos=1, retain=False,
                     timeout=WAIT):
        """Publish and, for QoS 1/2, wait until the broker acknowledged it.

        A QoS 1 acknowledgement means the broker has processed the message:
        delivered it to every allowed subscriber's queue, or dropped it.
        The broker acknowledges refused publishes too (MQTT 3.1.1)."""
        info = self.publish(topic, payload, qos=qos, retain=retain)
        if qos == 0:
            return info
        deadline = time.monotonic() + timeout
        while (not info.is_published() and self.connected
               and time.monotonic() < deadline):
            info.wait_for_publish(0.05)
        if info.is_published():
            return info
        if not self.connected:
            raise BrokerError(f"publish {topic} as {self.user!r}: the "
                              "broker dropped the connection")
        raise BrokerError(f"publish {topic} as {self.user!r}: not "
                          f"acknowledged in {timeout} s")

    def received(self, topic_filter="#"):
        """Messages received so far on topics matching topic_filter."""
        with self._cond:
            return [m for m in self._messages
                    if mqtt.topic_matches_sub(topic_filter, m.topic)]

    def wait_message(self, topic_filter, payload=None, timeout=WAIT):
        """The first message received on a topic matching topic_filter (and
        with this payload, if given), waiting up to timeout seconds; None
        if none came."""
        if isinstance(payload, str):
            payload = payload.encode()

        def find():
            for m in self._messages:
                if (mqtt.topic_matches_sub(topic_filter, m.topic)
                        and (payload is None or m.payload == payload)):
                    return m
            return None

        with self._cond:
            self._cond.wait_for(lambda: find() is not None, timeout)
            return find()

    def wait_disconnect(self, timeout=WAIT):
        """Wait until the connection is gone; return the disconnect rc
        (0 = we asked for it) or None if still connected."""
        self._wait(lambda: self._disconnected is not None, timeout)
        return self._disconnected

    @property
    def connected(self):
        return self._connack == 0 and self._disconnected is None

    def close(self):
        """Disconnect (if still connected) and stop the network thread."""
        if self.connected:
            self.disconnect()
            self._wait(lambda: self._disconnected is not None, WAIT)
        self.loop_stop()


class Broker:
    """A private mosquitto made from the shipped configuration.

    Broker(tmpdir, prefix, desks=[1, 2], kiosks=[], screens=[1]) writes its
    files into tmpdir/broker. Users: "central" and desk-N, kiosk-N,
    screen-N for the numbers given.
    """

    def __init__(self, tmpdir, prefix="antre/test", desks=(1, 2), kiosks=(),
                 screens=(1,), persistence=True, debug_log=False):
        """debug_log: the broker logs every packet (PINGREQ included)."""
        self.debug_log = debug_log
        self.dir = os.path.join(os.path.abspath(tmpdir), "broker")
        self.prefix = prefix
        self.desks = list(desks)
        self.kiosks = list(kiosks)
        self.screens = list(screens)
        self.persistence = persistence
        self.log_path = os.path.join(self.dir, "mosquitto.log")
        self.conf_path = os.path.join(self.dir, "mosquitto.conf")
        self.port = None
        self.proc = None
        self._clients = []
        self.src = source_dir()
        self.mosquitto = os.environ.get("MOSQUITTO_BIN", "/usr/sbin/mosquitto")

    # --- set-up ---------------------------------------------------------

    def generate(self):
        """(Re)write the broker directory; picks a new free port."""
        gen = os.path.join(self.src, "broker-config", "antre-broker-gen")
        ids = lambda xs: ",".join(str(x) for x in xs)
        cmd = [sys.executable, gen, self.dir, self.prefix,
               "--desks", ids(self.desks), "--kiosks", ids(self.kiosks),
               "--screens", ids(self.screens)]
        if not self.persistence:
            cmd.append("--no-persistence")
        r = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise BrokerError(f"antre-broker-gen failed:\n{r.stderr}")
        with open(os.path.join(self.dir, "port")) as f:
            self.port = int(f.read())
        if self.debug_log:
            with open(self.conf_path, "a") as f:
                f.write("log_type all\n")

    def _log_since(self, offset):
        try:
            with open(self.log_path, "rb") as f:
                f.seek(offset)
                return f.read().decode(errors="replace")
        except FileNotFoundError:
            return ""

    def _launch(self):
        """Start mosquitto; True once it accepts connections, False if the
        port was taken meanwhile; raises on any other failure."""
        offset = os.path.getsize(self.log_path) \
            if os.path.exists(self.log_path) else 0
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [self.mosquitto, "-c", self.conf_path],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                log = self._log_since(offset)
                self.proc = None
                if "Address already in use" in log:
                    return False
                raise BrokerError(f"mosquitto exited at start; its log "
                                  f"({self.log_path}):\n{log}")
            # "running" is logged once every listener is open; until then a
            # connect could reach some other program on a reused port.
            if " running" in self._log_since(offset):
                try:
                    socket.create_connection(("127.0.0.1", self.port),
                                             timeout=0.5).close()
                    return True
                except OSError:
                    pass
            time.sleep(0.05)
        log = self._log_since(offset)
        self.kill()
        raise BrokerError(f"mosquitto did not accept connections on port "
                          f"{self.port} within {START_TIMEOUT:.0f} s; its log "
                          f"({self.log_path}):\n{log}")

    # --- life cycle -----------------------------------------------------

    def start(self):
        if self.proc is not None:
            raise BrokerError("broker already running")
        if self.port is None:
            self.generate()
            # Another program may grab the free port before mosquitto binds
            # it; try a fresh one.
            for _ in range(3):
                if self._launch():
                    return self
                self.generate()
            raise BrokerError(f"no free port after 3 tries; see "
                              f"{self.log_path}")
        if not self._launch():
            raise BrokerError(f"port {self.port} is taken; cannot restart on "
                              f"the same port (see {self.log_path})")
        return self

    def stop(self):
        """SIGTERM and wait: mosquitto saves its database and exits."""
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self.proc = None
            raise BrokerError(f"mosquitto ignored SIGTERM for "
                              f"{STOP_TIMEOUT:.0f} s; killed")
        self.proc = None

    def kill(self):
        """SIGKILL: a power cut, as far as the broker is concerned."""
        if self.proc is None:
            return
        self.proc.kill()
        self.proc.wait()
        self.proc = None

    def restart(self):
        """Stop (if running) and start again on the same port."""
        self.stop()
        return self.start()

    def reload(self):
        """SIGHUP: re-read the password file and the ACL."""
        if self.proc is not None:
            self.proc.send_signal(signal.SIGHUP)

    @property
    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def close(self):
        """Close every client made by client(), then stop the broker."""
        for c in self._clients:
            try:
                c.close()
            except Exception:
                pass
        self._clients.clear()
        self.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()
        return False

    # --- access ---------------------------------------------------------

    def topic(self, rest):
        """topic("desk/1/cmd") -> "<prefix>/desk/1/cmd"."""
        return f"{self.prefix}/{rest}"

    def password(self, user):
        path = os.path.join(self.dir, "credentials", f"{user}.pass")
        try:
            with open(path) as f:
                return f.read().strip()
        except FileNotFoundError:
            raise BrokerError(f"no such user {user!r} ({path} missing)")

    def client(self, user, password=None, client_id="", will=None,
               clean_session=True, protocol=mqtt.MQTTv311, timeout=WAIT):
        """A connected TestClient for user (None: anonymous).

        password defaults to the user's generated one. will is an optional
        (topic, payload, qos, retain) tuple. Raises ConnectRefused with the
        CONNACK code when the broker refuses the connection."""
        if password is None and user is not None:
            password = self.password(user)
        c = TestClient(user, client_id=client_id,
                       clean_session=clean_session, protocol=protocol)
        if will is not None:
            c.will_set(*will)
        c.open(self.port, password, timeout)
        self._clients.append(c)
        return c
