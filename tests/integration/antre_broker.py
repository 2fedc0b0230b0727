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

A desk or a kiosk as a load: Box sends commands under the box's own
user and times each to the answer that names its id; DeskPresser is a
desk's Box that presses its buttons:

    d = DeskPresser(b, 1)
    state, t0, ms = d.press("next")

Needs only the Python standard library and paho-mqtt, 1.6 (Debian 12) or
2.x (Debian 13): Debian's python3-paho-mqtt; make clients with
mqtt_client() or TestClient, never mqtt.Client() itself. The source tree is $ANTRE_SOURCE_DIR, else the directory
two levels above this file. The broker binary is $MOSQUITTO_BIN, else
/usr/sbin/mosquitto.
"""

import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time

import paho.mqtt.client as mqtt

# paho-mqtt 2 wants the callback API version as the constructor's first
# argument. Its version 2 callbacks take other arguments and report MQTT 5
# reason codes even on MQTT 3.1.1 (a refused password is 135, not 5; a lost
# connection 128, not MQTT_ERR_CONN_LOST), so the tests ask for version 1:
# the arguments and codes of paho 1.6, on both Debian 12 and 13.
PAHO_CB = ({"callback_api_version": mqtt.CallbackAPIVersion.VERSION1}
           if hasattr(mqtt, "CallbackAPIVersion") else {})


def mqtt_client(**kwargs):
    """mqtt.Client(**kwargs) with paho 1.6's callbacks on paho 1.6 and 2."""
    return mqtt.Client(**PAHO_CB, **kwargs)


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
        super().__init__(**PAHO_CB, client_id=client_id,
                         clean_session=clean_session, protocol=protocol,
                         reconnect_on_failure=False)
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

    def open(self, port, password, timeout=WAIT, cafile=None,
             host="127.0.0.1"):
        """Connect, start the network thread, wait for the CONNACK.

        With cafile, over TLS: the broker's certificate must be signed by
        that CA and name host, as the boxes check it (an ssl.SSLError if
        not)."""
        if self.user is not None:
            self.username_pw_set(self.user, password)
        if cafile is not None:
            self.tls_set(ca_certs=cafile, cert_reqs=ssl.CERT_REQUIRED,
                         tls_version=ssl.PROTOCOL_TLS_CLIENT)
            self.tls_insecure_set(False)
        self.connect(host, port, keepalive=60)
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

    The broker takes a client's user name as its client id, so one user
    holds one connection: a second one replaces the first. A test that
    watches beside a running program (or opens two connections of one
    user) gets a twin: client(user, client_id=X) logs in as user X, made
    on the spot with user's password and user's rights (its ACL block
    copied into DIR/acl.local), and so does client(user) while this
    Broker already has a connection of user open.

    tls=True also opens the shipped TLS listener on 127.0.0.1 (tls_port),
    with the hall CA (cafile) and a server certificate for 127.0.0.1 and
    localhost made by antre-credential.
    """

    def __init__(self, tmpdir, prefix="antre/test", desks=(1, 2), kiosks=(),
                 screens=(1,), persistence=True, debug_log=False, tls=False):
        """debug_log: the broker logs every packet (PINGREQ included)."""
        self.debug_log = debug_log
        self.tls = tls
        self.tls_port = None
        self._twins = set()
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
        if self.tls:
            cmd.append("--tls")
        r = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise BrokerError(f"antre-broker-gen failed:\n{r.stderr}")
        with open(os.path.join(self.dir, "port")) as f:
            self.port = int(f.read())
        if self.tls:
            with open(os.path.join(self.dir, "tls_port")) as f:
                self.tls_port = int(f.read())
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

    @property
    def cafile(self):
        """The hall CA's certificate (tls=True)."""
        return os.path.join(self.dir, "tls", "ca.crt")

    def _acl_block(self, user):
        """user's rule lines in the generated ACL."""
        block, inside = [], False
        with open(os.path.join(self.dir, "acl")) as f:
            for line in f:
                words = line.split()
                if words[:1] == ["user"]:
                    inside = words[1:] == [user]
                elif inside and words[:1] == ["topic"]:
                    block.append(line.strip())
        if not block:
            raise BrokerError(f"no ACL block for {user!r} to copy")
        return block

    def twin(self, user, name):
        """Make user `name` with user's password and ACL rights (see the
        class comment) and have the running broker load it."""
        if name in self._twins:
            return name
        if not re.fullmatch(r"[A-Za-z0-9_.~-]{1,64}", name):
            raise BrokerError(f"twin name {name!r}: letters, digits, "
                              "'_.~-' only")
        r = subprocess.run(["mosquitto_passwd", "-b",
                            os.path.join(self.dir, "passwd"), name,
                            self.password(user)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        if r.returncode != 0:
            raise BrokerError(f"mosquitto_passwd {name}: {r.stderr}")
        with open(os.path.join(self.dir, "acl.local"), "a") as f:
            f.write(f"# a twin of {user} for a test\nuser {name}\n" +
                    "".join(f"{t}\n" for t in self._acl_block(user)))
        tool = os.path.join(self.src, "broker-config", "antre-credential")
        r = subprocess.run(["/bin/sh", tool, "-q", "-d", self.dir, "-p",
                            self.prefix, "acl"], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise BrokerError(f"antre-credential acl: {r.stderr}")
        self._twins.add(name)
        self.reload()
        return name

    def client(self, user, password=None, client_id="", will=None,
               clean_session=True, protocol=mqtt.MQTTv311, timeout=WAIT,
               tls=False, max_inflight=None):
        """A connected TestClient for user (None: anonymous).

        password defaults to the user's generated one; then a client_id
        other than user, or a second connection of user, logs in as a twin
        (see the class comment), whose name is its client id. will is an
        optional (topic, payload, qos, retain) tuple. tls: over the TLS
        listener, checking the broker's certificate against the hall CA.
        max_inflight: paho's window of unacknowledged QoS 1 and 2
        publishes (paho 2 takes it only before the connection).
        Raises ConnectRefused with the CONNACK code when the broker refuses
        the connection."""
        fresh = False
        if password is None and user is not None:
            password = self.password(user)
            if client_id and client_id != user:
                fresh = client_id not in self._twins
                user = self.twin(user, client_id)
            elif any(c.user == user and c.connected for c in self._clients):
                n = 2
                while f"{user}~{n}" in self._twins and any(
                        c.user == f"{user}~{n}" and c.connected
                        for c in self._clients):
                    n += 1
                fresh = f"{user}~{n}" not in self._twins
                user = self.twin(user, f"{user}~{n}")
        port, cafile = self.port, None
        if tls:
            if self.tls_port is None:
                raise BrokerError("client(tls=True) on a Broker without tls")
            port, cafile = self.tls_port, self.cafile
        # A new twin exists once the broker has handled the reload; until
        # then it is refused as unknown.
        deadline = time.monotonic() + (WAIT if fresh else 0)
        while True:
            c = TestClient(user, client_id=client_id,
                           clean_session=clean_session, protocol=protocol)
            if will is not None:
                c.will_set(*will)
            if max_inflight is not None:
                c.max_inflight_messages_set(max_inflight)
            try:
                c.open(port, password, timeout, cafile=cafile)
                break
            except ConnectRefused:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)
        self._clients.append(c)
        return c


class Box:
    """One desk or kiosk: a paho client under the box's own broker user
    that publishes commands on out_topic and waits for the answers on
    in_topic naming their ids (the answer's id_field), timed from
    publish to receipt; the first answer naming an id is kept. online:
    the topic on which the box says it is online (retained, with no
    boot id, so its commands' ids are checked against none) while
    connected, as a desk does; its will says it is gone."""

    def __init__(self, broker, user, out_topic, in_topic, id_field,
                 client_id=None, online=None):
        self.out_topic = out_topic
        self.id_field = id_field
        self.online = online
        self.cond = threading.Condition()
        self.answers = {}		# id -> (payload, monotonic time)
        self.subscribed = False
        self.cl = mqtt_client(client_id=client_id or f"t-box-{user}",
                              clean_session=True)
        self.cl.username_pw_set(user, broker.password(user))
        self.cl.on_connect = lambda cl, u, f, rc: \
            rc == 0 and cl.subscribe(in_topic, 1)
        self.cl.on_subscribe = self._on_subscribe
        self.cl.on_message = self._on_message
        if online:
            self.cl.will_set(online, self._presence_payload(False), qos=1,
                             retain=True)
        self.cl.connect("127.0.0.1", broker.port, keepalive=30)
        if online:
            self.presence(True)
        # As the boxes' libmosquitto: no Nagle delay behind a PUBACK.
        self.cl.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY,
                                    1)
        self.cl.loop_start()
        with self.cond:
            if not self.cond.wait_for(lambda: self.subscribed, 10):
                raise BrokerError(f"{user}: not subscribed in 10 s")

    @staticmethod
    def _presence_payload(online):
        return json.dumps({"v": 1, "online": online, "boot": ""})

    def presence(self, online):
        """Says on the online topic (retained) that the box is online or
        gone, as a desk does; the publish's MQTTMessageInfo."""
        return self.cl.publish(self.online, self._presence_payload(online),
                               qos=1, retain=True)

    def _on_subscribe(self, cl, userdata, mid, granted):
        with self.cond:
            self.subscribed = True
            self.cond.notify_all()

    def _on_message(self, cl, userdata, m):
        t = time.monotonic()
        try:
            p = json.loads(m.payload)
        except ValueError:
            return
        cid = p.get(self.id_field) if isinstance(p, dict) else None
        if cid:
            with self.cond:
                self.answers.setdefault(cid, (p, t))
                self.cond.notify_all()

    def request(self, cid, payload, timeout=WAIT):
        """(answer or None, when sent, ms from publish to answer)."""
        t0 = time.monotonic()
        self.cl.publish(self.out_topic, payload, qos=1)
        with self.cond:
            self.cond.wait_for(lambda: cid in self.answers, timeout)
            got = self.answers.get(cid)
        if got is None:
            return None, t0, None
        return got[0], t0, (got[1] - t0) * 1000

    def burst(self, msgs, timeout=WAIT):
        """Sends (id, payload) pairs at once; their answers, None for
        any not given within timeout."""
        for _, payload in msgs:
            self.cl.publish(self.out_topic, payload, qos=1)
        with self.cond:
            self.cond.wait_for(lambda: all(cid in self.answers
                                           for cid, _ in msgs), timeout)
            return [self.answers.get(cid, (None,))[0] for cid, _ in msgs]

    def close(self):
        if self.online:
            info = self.presence(False)
            try:
                info.wait_for_publish(2)
            except (RuntimeError, ValueError):
                pass
        self.cl.disconnect()
        self.cl.loop_stop()


class DeskPresser(Box):
    """A desk's commands published straight onto the broker under the
    desk's own user, as antre-desk sends them, each timed from publish
    to the retained desk state that names its id. The desk says it is
    online (with no boot id) while connected."""

    def __init__(self, broker, desk, tag="w"):
        super().__init__(broker, f"desk-{desk}",
                         broker.topic(f"desk/{desk}/cmd"),
                         broker.topic(f"desk/{desk}/state"), "last_id",
                         client_id=f"t-web-desk-{desk}",
                         online=broker.topic(f"desk/{desk}/online"))
        self.desk = desk
        self.tag = tag
        self.seq = 0
        self.busy = False

    def press(self, op="next", timeout=5.0):
        """Sends op; (state naming it or None, publish time, ms to the
        answer or None)."""
        self.busy = True
        self.seq += 1
        cid = f"{self.tag}{self.desk}-{self.seq}"
        got = self.request(cid, json.dumps({"v": 1, "op": op, "id": cid}),
                           timeout)
        self.busy = False
        return got
