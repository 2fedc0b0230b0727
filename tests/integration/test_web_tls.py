"""antre-web over HTTPS with the hall's own CA.

The broker's TLS files made by antre-credential (the hall CA, a server
certificate for 127.0.0.1 and localhost) serve antre-web too:

- HTTPS with the hall CA verified: the login page, a login (the cookie
  now Secure), a report page;
- a client that does not trust the hall CA refuses the certificate;
- plain HTTP on the same port gets no HTTP answer;
- a [tls] key that cannot be read: antre-web does not start and says
  why; cert without key: -n says the configuration is not valid.
"""

import os
import socket
import ssl
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                         # noqa: E402
from antre_procs import Central, binary, wait_for       # noqa: E402
from web_procs import Browser, Web                      # noqa: E402
from checks import run_test                             # noqa: E402

SARI = "sandi-sari-123"


def run(c, tmp):
    with Broker(tmp, "antre/webtls", desks=[1], tls=True) as broker:
        central = Central(tmp, broker, desks={1: "A"}).start()
        wait_for(lambda: os.path.exists(central.db_path), 10,
                 "the central's log")
        tls = os.path.join(broker.dir, "tls")
        web = Web(tmp, broker, central, users={},
                  tls=(os.path.join(tls, "server.crt"),
                       os.path.join(tls, "server.key")),
                  cafile=broker.cafile)
        web.add_user("sari", "admin", SARI)
        web.start()
        try:
            b = Browser(web)
            r = b.get("/masuk")
            c.check(r.status == 200 and b.csrf,
                    "HTTPS with the hall CA: the login page", f"{r.status}")
            r = b.login("sari", SARI)
            cookie = r.header("Set-Cookie") or ""
            c.check(r.status == 303 and "; Secure" in cookie,
                    "a login over HTTPS; the cookie is Secure", cookie)
            r = b.get("/laporan")
            c.check(r.status == 200 and "<h1>Laporan</h1>" in r.text(),
                    "a report page over HTTPS", f"{r.status}")

            ctx = ssl.create_default_context()
            try:
                with socket.create_connection(("127.0.0.1", web.port),
                                              5) as s:
                    with ctx.wrap_socket(s, server_hostname="127.0.0.1"):
                        pass
                trusted = True
            except ssl.SSLCertVerificationError:
                trusted = False
            c.check(not trusted, "a client without the hall CA refuses "
                    "the certificate")

            with socket.create_connection(("127.0.0.1", web.port), 5) as s:
                s.sendall(f"GET /masuk HTTP/1.1\r\nHost: 127.0.0.1:"
                          f"{web.port}\r\nConnection: close\r\n\r\n"
                          .encode())
                got = b""
                try:
                    while True:
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        got += chunk
                except OSError:
                    pass
            c.check(not got.startswith(b"HTTP/"),
                    "plain HTTP on the HTTPS port gets no HTTP answer",
                    got[:80])
            r = Browser(web).get("/masuk")
            c.check(r.status == 200, "HTTPS still answers after that",
                    f"{r.status}")
        finally:
            c.stopped(web, "antre-web over HTTPS")

        bad = Web(tmp, broker, central, users={}, label="webbad",
                  tls=(os.path.join(tls, "server.crt"),
                       os.path.join(tmp, "no-such.key")))
        p = subprocess.run([binary("antre-web"), "-f", bad.conf_path, "-d"],
                           capture_output=True, timeout=20)
        c.check(p.returncode != 0 and b"no-such.key" in p.stderr,
                "an unreadable [tls] key: antre-web does not start and "
                "names the file", p.stderr[-300:])
        with open(bad.conf_path) as f:
            text = f.read()
        with open(bad.conf_path, "w") as f:
            f.write("\n".join(ln for ln in text.split("\n")
                              if not ln.startswith("key =")))
        p = subprocess.run([binary("antre-web"), "-f", bad.conf_path, "-n"],
                           capture_output=True, timeout=20)
        c.check(p.returncode != 0 and b"cert and key" in p.stderr,
                "cert without key: -n says so", p.stderr[-300:])
        c.stopped(central, "the central")


if __name__ == "__main__":
    sys.exit(run_test("web_tls", run, logs=("web", "central")))
