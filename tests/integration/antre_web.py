"""antre_web - antre-web in integration tests, and a browser's share of
HTTP: a cookie jar and the CSRF token of the last page.

    web = Web(tmp, broker, central).start()
    web.add_user("sari", "admin", "rahasia-sari")
    b = Browser(web)
    b.login("sari", "rahasia-sari")
    r = b.get("/laporan", periode="hari")
    r = b.post("/sandi", lama=..., baru=..., ulang=...)   # csrf added

The binary comes from $ANTRE_WEB (set by ctest).
"""

import http.client
import os
import re
import socket
import ssl
import subprocess
import urllib.parse

from antre_procs import Daemon, ProcError, binary, mqtt_section, wait_for

START_TIMEOUT = 10.0


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Web(Daemon):
    name = "antre-web"

    def __init__(self, tmpdir, broker, central, label="web", web="",
                 tls=None, cafile=None):
        """web: more lines for [web]; tls: (cert, key) paths to serve
        HTTPS with, cafile the CA a Browser trusts then."""
        super().__init__(tmpdir, label)
        self.port = free_port()
        self.users = os.path.join(self.dir, "web-users")
        self.spool = os.path.join(self.dir, "spool")
        os.makedirs(self.spool, exist_ok=True)
        self.tls = tls
        self.cafile = cafile
        text = (f"[web]\nlisten = 127.0.0.1\nport = {self.port}\n"
                f"central = {central.conf_path}\nusers = {self.users}\n"
                f"tmpdir = {self.spool}\n{web}\n")
        if tls:
            text += f"[tls]\ncert = {tls[0]}\nkey = {tls[1]}\n\n"
        self.write_conf(text + mqtt_section(broker, "web"))

    def started(self):
        def accepts():
            if self.proc.poll() is not None:
                raise ProcError(f"antre-web exited with "
                                f"{self.proc.returncode}:\n{self.log()}")
            try:
                socket.create_connection(("127.0.0.1", self.port),
                                         0.5).close()
                return True
            except OSError:
                return False
        wait_for(accepts, START_TIMEOUT, "antre-web listening")

    def user(self, *args, password=None):
        """antre-web user ARGS, the password on stdin; the process."""
        return subprocess.run([binary("antre-web"), "-f", self.conf_path,
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
    """One browser: the cookie antre_sesi as the server last set it, the
    CSRF token the last page carried, no redirect followed."""

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
