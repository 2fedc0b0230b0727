"""web_procs - antre-web in integration tests and benchmarks: the real
program on a free loopback port (plain HTTP or HTTPS), its users file,
a browser's session (cookie, the login form, CSRF), and event-stream
clients that stamp every event with its arrival time.

    web = Web(tmp, broker, central, users={"admin": ("admin", "rahasia1")})
    web.start()
    s = web.session()                 # logged out
    s.login("admin", "rahasia1")      # the form of /masuk, as a browser
    page = s.get("/")                 # (status, headers, body)
    es = EventStream(web.port, "/peristiwa", cookie=s.cookie())
    es.start(); es.wait_open()
    es.events                         # [(monotonic time, event, data)]

Or with users added by the program itself, and a Browser that keeps
the cookie jar and the CSRF token of the last page (HTTPS too):

    web = Web(tmp, broker, central, users={}, tls=(cert, key),
              cafile=broker.cafile)
    web.add_user("sari", "admin", "rahasia-sari")   # antre-web user add
    web.start()
    b = Browser(web)
    b.login("sari", "rahasia-sari")
    r = b.get("/laporan", periode="hari")
    r = b.post("/sandi", lama=..., baru=..., ulang=...)   # csrf added

The binary is $ANTRE_WEB (set by ctest). A desk pressing for these
tests is antre_broker.DeskPresser.
"""

import ctypes
import ctypes.util
import html.parser
import http.client
import os
import re
import socket
import ssl
import subprocess
import threading
import time
import urllib.parse

from antre_procs import (Daemon, ProcError, binary, mqtt_section,
                         wait_for)


def web_binary():
    return binary("antre-web")


def sanitized():
    """Whether antre-web was built with AddressSanitizer (whose
    quarantine keeps freed memory: its RSS is not judged then;
    LeakSanitizer judges at its exit instead)."""
    with open(web_binary(), "rb") as f:
        return b"__asan_init" in f.read()


def rss_kb(pid):
    """pid's VmRSS in kB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


_libcrypt = None


def yescrypt(password):
    """password hashed as antre-web's users file keeps it: crypt(3) with
    a fresh yescrypt salt (libxcrypt's crypt_gensalt_ra)."""
    global _libcrypt
    if _libcrypt is None:
        _libcrypt = ctypes.CDLL(ctypes.util.find_library("crypt")
                                or "libcrypt.so.1")
        _libcrypt.crypt_gensalt.restype = ctypes.c_char_p
        _libcrypt.crypt_gensalt.argtypes = [ctypes.c_char_p, ctypes.c_ulong,
                                            ctypes.c_char_p, ctypes.c_int]
        _libcrypt.crypt.restype = ctypes.c_char_p
        _libcrypt.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    salt = _libcrypt.crypt_gensalt(b"$y$", 0, None, 0)
    if not salt:
        raise ProcError("crypt_gensalt($y$) failed")
    h = _libcrypt.crypt(password.encode(), salt)
    if not h or h.startswith(b"*"):
        raise ProcError("crypt() with yescrypt failed")
    return h.decode()


class Web(Daemon):
    """antre-web with its configuration: the central's configuration
    file (central is an antre_procs.Central or the file's path), its own
    broker user ("web"), a users file. users maps a name to (role,
    password); role is "admin" or "kepala"; {} writes no users file (the
    test adds its users with add_user, as an installer would). extra:
    more lines for [web]. keepalive: the MQTT keepalive in s, None for
    the program's default. tls: (cert, key) paths to serve HTTPS with;
    cafile the CA that connection() and a Browser trust then."""

    name = "antre-web"

    def __init__(self, tmpdir, broker, central, users=None, label="web",
                 extra="", keepalive=10, tls=None, cafile=None):
        super().__init__(tmpdir, label)
        self.port = free_port()
        self.users_path = os.path.join(self.dir, "web-users")
        self.tmpdir = os.path.join(self.dir, "spool")
        os.makedirs(self.tmpdir, exist_ok=True)
        self.tls = tls
        self.cafile = cafile
        self.users = users if users is not None else {
            "admin": ("admin", "sandi-admin-1"),
            "kepala": ("kepala", "sandi-kepala-1")}
        if self.users:
            with open(self.users_path, "w") as f:
                for name, (role, password) in self.users.items():
                    f.write(f"{name}:{role}:{yescrypt(password)}\n")
            os.chmod(self.users_path, 0o600)
        text = (f"[web]\nlisten = 127.0.0.1\nport = {self.port}\n"
                f"central = {getattr(central, 'conf_path', central)}\n"
                f"users = {self.users_path}\n"
                f"tmpdir = {self.tmpdir}\n{extra}\n\n")
        if tls:
            text += f"[tls]\ncert = {tls[0]}\nkey = {tls[1]}\n\n"
        self.write_conf(
            text + mqtt_section(broker, "web").replace(
                "keepalive = 10\n", f"keepalive = {keepalive}\n"
                if keepalive else ""))

    def started(self):
        wait_for(self._answers, 10, f"antre-web answering on {self.port}")

    def _answers(self):
        if self.proc.poll() is not None:
            raise ProcError(f"antre-web exited with {self.proc.returncode};"
                            f" log:\n{self.log()[-3000:]}")
        conn = self.connection(timeout=30)
        try:
            conn.request("GET", "/masuk")
            return conn.getresponse().status == 200
        except OSError:
            return False
        finally:
            conn.close()

    def user(self, *args, password=None):
        """antre-web user ARGS, the password on stdin; the process."""
        return subprocess.run([web_binary(), "-f", self.conf_path,
                               "user", *args],
                              input=(password + "\n").encode()
                              if password is not None else b"",
                              capture_output=True)

    def add_user(self, name, role, password):
        p = self.user("add", name, role, password=password)
        if p.returncode != 0:
            raise ProcError(f"antre-web user add {name}: {p.stderr!r}")

    def connection(self, timeout=10):
        if self.tls:
            ctx = ssl.create_default_context(cafile=self.cafile)
            return http.client.HTTPSConnection("127.0.0.1", self.port,
                                               timeout=timeout,
                                               context=ctx)
        return http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=timeout)

    def origin(self):
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def url(self, path="/"):
        return self.origin() + path

    def pid(self):
        return self.proc.pid

    def session(self):
        return Session(self.port)


def request(port, method, path, body=None, headers=None, timeout=30):
    """One request on a fresh connection: (status, headers as a dict of
    lower-case names, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        data = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, data
    finally:
        conn.close()


class _Forms(html.parser.HTMLParser):
    """The forms of a page: action, method and their inputs' names and
    values (text fields, passwords, hidden ones, textareas)."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._area = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""),
                               "method": a.get("method", "get").lower(),
                               "fields": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["fields"].append(
                (a.get("type", "text").lower(), a.get("name"),
                 a.get("value", "")))
        elif tag == "textarea" and self.forms:
            self._area = [("textarea", a.get("name"), "")]
            self.forms[-1]["fields"].append(None)

    def handle_data(self, data):
        if self._area is not None:
            t, n, v = self._area[0]
            self._area[0] = (t, n, v + data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._area is not None:
            self.forms[-1]["fields"][-1] = self._area[0]
            self._area = None


def forms(page):
    p = _Forms()
    p.feed(page if isinstance(page, str) else page.decode())
    for f in p.forms:
        f["fields"] = [x for x in f["fields"] if x]
    return p.forms


class Session:
    """A browser's session in plain HTTP: cookies kept, forms read from
    the pages as a browser would send them."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def cookie(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _keep(self, headers_list):
        for k, v in headers_list:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                value = rest.split(";", 1)[0]
                if value and "max-age=0" not in v.lower():
                    self.cookies[name.strip()] = value
                else:
                    self.cookies.pop(name.strip(), None)

    def request(self, method, path, fields=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = self.cookie()
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=30)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            self._keep(r.getheaders())
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            conn.close()

    def get(self, path):
        return self.request("GET", path)

    def submit(self, path, action, values):
        """Fills the form of page path whose action is action (a form's
        hidden fields, the CSRF token among them, as the page has them)
        with values and posts it. values may name a field by its input
        type ("text", "password") instead of its name."""
        st, _, page = self.get(path)
        for f in forms(page):
            if f["action"] != action:
                continue
            data = {}
            for typ, name, value in f["fields"]:
                if not name:
                    continue
                if name in values:
                    data[name] = values[name]
                elif typ in values:
                    data[name] = values[typ]
                elif typ not in ("submit", "button", "checkbox", "radio"):
                    data[name] = value
            return self.request("POST", action, data)
        raise ProcError(f"{path} ({st}) has no form with action {action}")

    def login(self, name, password):
        st, hdr, body = self.submit("/masuk", "/masuk",
                                    {"text": name, "password": password})
        if st != 303 or "/masuk" in hdr.get("location", "/masuk"):
            raise ProcError(f"login as {name}: {st} {hdr} {body[:300]!r}")
        return self


class Reply:
    def __init__(self, resp, body):
        self.status = resp.status
        self.headers = resp.headers
        self.body = body

    def header(self, name):
        return self.headers.get(name)

    def text(self):
        return self.body.decode(errors="replace")

    def location(self):
        return self.headers.get("Location")


CSRF_RE = re.compile(r'name="csrf" value="([0-9a-f]+)"')


class Browser:
    """One browser, over HTTPS if the Web serves it: the cookie
    antre_sesi as the server last set it, the CSRF token the last page
    carried, no redirect followed; each answer a Reply."""

    def __init__(self, web):
        self.web = web
        self.cookie = None
        self.csrf = None

    def request(self, method, path, body=None, headers=None):
        conn = self.web.connection()
        h = {"Host": f"127.0.0.1:{self.web.port}"}
        if self.cookie:
            h["Cookie"] = f"antre_sesi={self.cookie}"
        if body is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
        h.update(headers or {})
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        r = Reply(resp, data)
        for v in resp.headers.get_all("Set-Cookie") or []:
            m = re.match(r"antre_sesi=([^;]*)", v)
            if m:
                self.cookie = m.group(1) or None
        m = CSRF_RE.search(r.text())
        if m:
            self.csrf = m.group(1)
        return r

    def get(self, path, **args):
        if args:
            path += "?" + urllib.parse.urlencode(args)
        return self.request("GET", path)

    def post(self, path, csrf=True, origin=True, **fields):
        """csrf True: the last page's token; a string: that one; None:
        none. origin: send Origin as a browser on the site does; a
        string: that Origin."""
        if csrf is True:
            fields = dict(fields, csrf=self.csrf or "")
        elif csrf is not None:
            fields = dict(fields, csrf=csrf)
        headers = {}
        if origin is True:
            headers["Origin"] = self.web.origin()
        elif origin:
            headers["Origin"] = origin
        return self.request("POST", path,
                            body=urllib.parse.urlencode(fields),
                            headers=headers)

    def login(self, user, password, ke=None):
        """GET /masuk (the form's token), then POST it; the reply."""
        self.get("/masuk")
        fields = {"nama": user, "sandi": password}
        if ke:
            fields["ke"] = ke
        return self.post("/masuk", **fields)


class EventStream(threading.Thread):
    """One browser's event stream (text/event-stream) on a connection of
    its own, read in a thread; each event stamped with time.monotonic()
    at its arrival. Chunked or not."""

    def __init__(self, port, path, cookie=None):
        super().__init__(daemon=True)
        self.port = port
        self.path = path
        self.cookie = cookie
        self.cond = threading.Condition()
        self.events = []	# (time, event name, data)
        self.status = None
        self.error = None
        self.closed = False
        self.sock = None

    def run(self):
        try:
            self._run()
        except OSError as e:
            self.error = e
        finally:
            with self.cond:
                self.closed = True
                self.cond.notify_all()

    def _run(self):
        self.sock = socket.create_connection(("127.0.0.1", self.port),
                                             timeout=None)
        req = (f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               f"Accept: text/event-stream\r\n")
        if self.cookie:
            req += f"Cookie: {self.cookie}\r\n"
        self.sock.sendall((req + "\r\n").encode())
        buf = b""
        while b"\r\n\r\n" not in buf:
            d = self.sock.recv(65536)
            if not d:
                raise OSError("closed before the headers")
            buf += d
        head, buf = buf.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        hdr = {}
        for ln in lines[1:]:
            k, _, v = ln.partition(":")
            hdr[k.strip().lower()] = v.strip()
        with self.cond:
            self.status = int(lines[0].split()[1])
            self.headers = hdr
            self.cond.notify_all()
        chunked = "chunked" in hdr.get("transfer-encoding", "").lower()
        raw, text = buf, b""
        while True:
            if chunked:
                while True:
                    if b"\r\n" not in raw:
                        break
                    size_line, rest = raw.split(b"\r\n", 1)
                    size = int(size_line.split(b";")[0] or b"0", 16)
                    if size == 0:
                        return
                    if len(rest) < size + 2:
                        break
                    text += rest[:size]
                    raw = rest[size + 2:]
            else:
                text, raw = text + raw, b""
            self._events(text)
            text = self._rest
            d = self.sock.recv(65536)
            if not d:
                return
            raw += d

    def _events(self, text):
        now = time.monotonic()
        text = text.replace(b"\r\n", b"\n")
        got = []
        while b"\n\n" in text:
            block, text = text.split(b"\n\n", 1)
            name, data = "message", []
            for ln in block.decode("utf-8", "replace").split("\n"):
                if ln.startswith(":"):
                    continue
                k, _, v = ln.partition(":")
                v = v[1:] if v.startswith(" ") else v
                if k == "event":
                    name = v
                elif k == "data":
                    data.append(v)
            if data or name != "message":
                got.append((now, name, "\n".join(data)))
        self._rest = text
        if got:
            with self.cond:
                self.events.extend(got)
                self.cond.notify_all()

    _rest = b""

    def wait_open(self, timeout=10):
        with self.cond:
            self.cond.wait_for(lambda: self.status is not None or
                               self.closed, timeout)
        if self.status != 200:
            raise ProcError(f"{self.path}: status {self.status}, "
                            f"error {self.error}")
        return self

    def wait_events(self, n, timeout):
        """Waits until at least n events arrived; whether they did."""
        with self.cond:
            return self.cond.wait_for(lambda: len(self.events) >= n or
                                      self.closed, timeout) and \
                len(self.events) >= n

    def wait_for(self, predicate, timeout, since=0):
        """The first event (time, name, data) from the since-th on for
        which predicate is true, waiting up to timeout s; None if none
        came."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for e in self.events[since:]:
                    if predicate(e):
                        return e
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    return None
                self.cond.wait(left)

    def close(self):
        if self.sock is not None:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.join(5)
        if self.sock is not None:
            self.sock.close()
