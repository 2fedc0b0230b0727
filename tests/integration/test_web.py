"""antre-web's server: logins, sessions, roles, CSRF, headers, abuse.

The real broker, the real central (its log) and antre-web on a free
loopback port with two users (sari: admin, budi: kepala):

- a good login: 303 to the page asked for (ke=, local paths only), the
  session cookie HttpOnly, SameSite=Strict, Path=/; a wrong password:
  401 and the form says so;
- after 3 failures the next attempt, even with the right password, is
  429 "Coba lagi dalam 2 detik" (Retry-After); after the wait it works;
- logged out, every private page is a 303 to /masuk?ke=PATH; a forged
  cookie is logged out; a session past session_hours too (a second
  antre-web with a session of 2 s);
- budi (kepala) reads /laporan, /unduh, /sandi but gets 403 on
  /pengaturan, GET and POST with a good token;
- a POST without the token, with a wrong one, from another Origin: 403
  "Permintaan ditolak" and the users file unchanged;
- logout ends the session: the old cookie is logged out;
- /sandi: the own password changed once the note "sandi diganti" went
  to the central (P/admin/cmd, seen by a watcher with the user's name);
  the old password no longer logs in, the user's other session is
  logged out; with the central gone the change is refused (503,
  "Pusat tidak terhubung") and the users file unchanged;
- no anonymous page holds the broker's passwords; no page, even the
  admin's, shows a password hash; /papan alone may be framed;
- /laporan?format=json is antre-report summary --json for today; the
  PDF downloads as an attachment and is a PDF;
- every page has the security headers (CSP, nosniff, no-store; DENY
  framing);
- a 10 MB body, bad escapes and bytes that are not UTF-8, 200
  connections at once: antre-web answers after all of it and exits 0 on
  SIGTERM.
"""

import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                         # noqa: E402
from antre_procs import Central, binary, wait_for       # noqa: E402
from web_procs import Browser, Web                      # noqa: E402
from checks import run_test                             # noqa: E402

SARI = "sandi-sari-123"
BUDI = "sandi-budi-456"
PRIVATE = ["/laporan", "/unduh", "/unduh/laporan.pdf", "/sandi",
           "/pengaturan", "/unduh/log.db"]


def file_digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def check_login(c, web):
    b = Browser(web)
    r = b.get("/masuk")
    c.check(r.status == 200 and b.csrf and b.cookie,
            "GET /masuk: the form with a token and a visitor's cookie",
            f"{r.status}")
    r = b.post("/masuk", nama="sari", sandi="salah-sekali")
    c.check(r.status == 401 and "sandi salah" in r.text(),
            "a wrong password: 401 and the form says so", f"{r.status}")
    visitor = b.cookie
    r = b.login("sari", SARI, ke="/unduh")
    cookie = r.header("Set-Cookie") or ""
    c.check(r.status == 303 and r.location() == "/unduh",
            "a good login: 303 to the page asked for (ke=)",
            f"{r.status} {r.location()}")
    c.check("HttpOnly" in cookie and "SameSite=Strict" in cookie and
            "Path=/" in cookie and "Secure" not in cookie,
            "the session cookie is HttpOnly, SameSite=Strict, Path=/",
            cookie)
    c.check(b.cookie and b.cookie != visitor,
            "the login gives a new session id, not the visitor's")
    r = b.get("/unduh")
    c.check(r.status == 200 and "sari" in r.text(),
            "logged in, /unduh is shown with the user's name", f"{r.status}")
    b2 = Browser(web)
    r = b2.login("sari", SARI, ke="//evil.example/x")
    c.check(r.status == 303 and r.location() == "/",
            "ke= naming another host is not followed: 303 to /",
            f"{r.location()}")
    return b


def check_throttle(c, web):
    b = Browser(web)
    for _ in range(3):
        b.login("budi", "bukan-sandinya")
    t0 = time.monotonic()
    r = b.login("budi", BUDI)
    c.check(r.status == 429 and "Coba lagi dalam 2 detik" in r.text()
            and r.header("Retry-After") == "2",
            "after 3 failures even the right password waits: 429, "
            "\"Coba lagi dalam 2 detik\", Retry-After 2",
            f"{r.status} {r.text()[-400:]}")
    time.sleep(max(0, 2.1 - (time.monotonic() - t0)))
    r = b.login("budi", BUDI)
    c.check(r.status == 303, "after the wait the right password logs in",
            f"{r.status}")
    return b


def check_logged_out(c, web, broker):
    anon = Browser(web)
    bad = []
    for p in PRIVATE:
        r = anon.get(p)
        if r.status != 303 or r.location() != f"/masuk?ke={p}":
            bad.append(f"{p}: {r.status} {r.location()}")
    c.check(not bad, "logged out, every private page is 303 to "
            "/masuk?ke=PATH", "; ".join(bad))
    forged = Browser(web)
    forged.cookie = "ab" * 32
    r = forged.get("/laporan")
    c.check(r.status == 303 and r.location().startswith("/masuk"),
            "a forged session cookie is logged out", f"{r.status}")
    forged.cookie = "x' OR 1=1"
    r = forged.get("/laporan")
    c.check(r.status == 303, "a malformed cookie is logged out",
            f"{r.status}")
    secrets = [broker.password(u) for u in ("web", "central")]
    leaks = []
    for p in ["/", "/masuk", "/keluar", "/papan", "/gaya.css",
              "/tidak-ada", *PRIVATE]:
        r = Browser(web).get(p)
        for s in secrets:
            if s and s in r.text():
                leaks.append(p)
    c.check(not leaks, "no anonymous page holds a broker password",
            ", ".join(leaks))
    r = Browser(web).get("/papan")
    c.check(r.header("X-Frame-Options") is None and
            "frame-ancestors" not in (r.header("Content-Security-Policy")
                                      or ""),
            "/papan may be framed (a second screen's page)",
            str(dict(r.headers)))


def check_roles(c, web, budi, sari):
    for p in ["/laporan", "/unduh", "/sandi"]:
        r = budi.get(p)
        c.check(r.status == 200, f"kepala reads {p}", f"{r.status}")
    r = budi.get("/pengaturan")
    c.check(r.status == 403 and "hanya untuk admin" in r.text(),
            "kepala: GET /pengaturan is 403", f"{r.status}")
    budi.get("/sandi")
    r = budi.post("/pengaturan", layanan="A")
    c.check(r.status == 403, "kepala: a POST to /pengaturan with a good "
            "token is 403", f"{r.status}")
    r = budi.get("/")
    c.check("Pengaturan" not in r.text(),
            "kepala's navigation has no Pengaturan")
    r = sari.get("/sandi")
    c.check(r.status == 200 and "/pengaturan" in r.text(),
            "admin's navigation has Pengaturan", f"{r.status}")


def check_csrf(c, web, sari):
    before = file_digest(web.users_path)
    sari.get("/sandi")
    fields = dict(lama=SARI, baru="sandi-baru-789", ulang="sandi-baru-789")
    for what, kw in (("without the token", dict(csrf=None)),
                     ("with a wrong token", dict(csrf="00" * 32)),
                     ("from another Origin",
                      dict(origin="http://evil.example"))):
        r = sari.post("/sandi", **kw, **fields)
        c.check(r.status == 403 and "Permintaan ditolak" in r.text(),
                f"POST /sandi {what}: 403 Permintaan ditolak",
                f"{r.status}")
    anon = Browser(web)
    r = anon.post("/sandi", csrf="00" * 32, **fields)
    c.check(r.status == 403, "a visitor's POST: 403", f"{r.status}")
    c.check(file_digest(web.users_path) == before,
            "the refused POSTs changed nothing in the users file")


def check_headers(c, web, sari):
    hashes = [p for p in ("/laporan", "/unduh", "/sandi", "/pengaturan")
              if "$y$" in sari.get(p).text()]
    c.check(not hashes, "no page shows a password hash, even to the "
            "admin", ", ".join(hashes))
    bad = []
    for p in ["/laporan", "/masuk", "/tidak-ada"]:
        r = sari.get(p)
        h = r.headers
        if ("default-src 'self'" not in (h.get("Content-Security-Policy")
                                         or "") or
                h.get("X-Content-Type-Options") != "nosniff" or
                h.get("X-Frame-Options") != "DENY" or
                h.get("Cache-Control") != "no-store"):
            bad.append(f"{p}: {dict(h)}")
    c.check(not bad, "pages carry CSP default-src 'self', nosniff, "
            "X-Frame-Options DENY, Cache-Control no-store", "; ".join(bad))
    r = sari.get("/tidak-ada")
    c.check(r.status == 404 and "tidak ada" in r.text(),
            "an unknown path: the 404 page", f"{r.status}")


def check_report(c, web, central, sari):
    day = time.strftime("%Y-%m-%d")
    r = sari.get("/laporan", format="json", periode="hari", tanggal=day)
    want = subprocess.run([binary("antre-report"), "-f", central.conf_path,
                           "summary", "--from", day, "--to", day, "--json"],
                          capture_output=True).stdout
    c.check(r.status == 200 and r.body == want and json.loads(want),
            "/laporan?format=json is antre-report summary --json",
            f"{r.status} {r.body[:200]!r} vs {want[:200]!r}")
    r = sari.get("/unduh/laporan.pdf", periode="hari", tanggal=day)
    c.check(r.status == 200 and r.body.startswith(b"%PDF") and
            "attachment" in (r.header("Content-Disposition") or "") and
            r.header("Content-Type") == "application/pdf",
            "the PDF downloads as an attachment",
            f"{r.status} {r.headers}")
    left = [f for f in os.listdir(web.tmpdir)]
    c.check(not left, "the PDF's file is gone from the spool", str(left))


def raw(web, data, read=True):
    s = socket.create_connection(("127.0.0.1", web.port), 10)
    try:
        s.sendall(data)
        if not read:
            return b""
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
        return out
    except OSError:
        return b""
    finally:
        s.close()


def check_garbage(c, web, sari):
    host = f"Host: 127.0.0.1:{web.port}\r\n".encode()
    big = b"a=" + b"x" * (10 * 1024 * 1024)
    out = raw(web, b"POST /masuk HTTP/1.1\r\n" + host +
              b"Content-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: " + str(len(big)).encode() +
              b"\r\nConnection: close\r\n\r\n" + big)
    c.check(out.startswith(b"HTTP/1.1 413") or out == b"",
            "a 10 MB body: 413 (or the connection closed)", out[:80])
    # Chunked, no length given: counted as it comes.
    chunks = b"".join(b"%x\r\n" % 65536 + b"y" * 65536 + b"\r\n"
                      for _ in range(4)) + b"0\r\n\r\n"
    out = raw(web, b"POST /masuk HTTP/1.1\r\n" + host +
              b"Content-Type: application/x-www-form-urlencoded\r\n"
              b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
              chunks)
    c.check(out.startswith(b"HTTP/1.1 413") or out == b"",
            "a chunked body of 256 kB: 413", out[:80])
    for what, path in (("a bad escape", b"/laporan?periode=%zz"),
                       ("bytes that are not UTF-8",
                        b"/laporan?periode=%ff%fe"),
                       ("a NUL", b"/laporan?periode=a%00b")):
        out = raw(web, b"GET " + path + b" HTTP/1.1\r\n" + host +
                  b"Cookie: antre_sesi=" + sari.cookie.encode() +
                  b"\r\nConnection: close\r\n\r\n")
        c.check(out[:12] in (b"HTTP/1.1 400", b"HTTP/1.1 200"),
                f"{what} in the query: answered, not a crash", out[:80])
    for body in (b"csrf=%zz", b"nama=%c3%28&sandi=x"):
        r = sari.request("POST", "/masuk", body=body)
        c.check(r.status == 400, f"a form with {body!r}: 400",
                f"{r.status}")
    out = raw(web, b"\x16\x03\x01\x02\x00garbage\r\n\r\n")
    c.check(web.alive(), "a TLS hello on the plain port: still running")
    out = raw(web, b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\n" + host +
              b"\r\n\r\n")
    c.check(web.alive(), "a 20 kB request line: still running", out[:60])

    results = []
    lock = threading.Lock()

    def one():
        try:
            s = socket.create_connection(("127.0.0.1", web.port), 10)
            s.sendall(b"GET /masuk HTTP/1.1\r\n" + host +
                      b"Connection: close\r\n\r\n")
            got = s.recv(12)
            s.close()
        except OSError:
            got = b""
        with lock:
            results.append(got)
    threads = [threading.Thread(target=one) for _ in range(200)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    ok = sum(1 for x in results if x.startswith(b"HTTP/1.1 200"))
    c.check(ok >= 100, "200 connections at once: at least 100 answered "
            "(the rest refused beyond the limit)", f"{ok} answered")
    r = sari.get("/laporan")
    c.check(web.alive() and r.status == 200,
            "after all that antre-web answers a page", f"{r.status}")


def check_logout(c, web, sari):
    old = sari.cookie
    sari.get("/laporan")
    r = sari.post("/keluar")
    c.check(r.status == 303 and r.location() == "/masuk" and
            "Max-Age=0" in (r.header("Set-Cookie") or ""),
            "POST /keluar: 303 /masuk, the cookie cleared", f"{r.status}")
    again = Browser(web)
    again.cookie = old
    r = again.get("/laporan")
    c.check(r.status == 303, "the old session's cookie is logged out",
            f"{r.status}")


def check_password(c, web, broker):
    watch = broker.client("central", client_id="watch-admin")
    watch.subscribe_wait(broker.topic("admin/cmd"))
    wait_for(lambda: "connected to the broker" in web.log(), 10,
             "antre-web connected to the broker")
    other = Browser(web)
    other.login("sari", SARI)
    b = Browser(web)
    b.login("sari", SARI)
    b.get("/sandi")
    r = b.post("/sandi", lama="salah-sekali", baru="sandi-baru-789",
               ulang="sandi-baru-789")
    c.check(r.status == 400 and "Sandi sekarang salah" in r.text(),
            "/sandi with a wrong current password: 400 and why",
            f"{r.status}")
    r = b.post("/sandi", lama=SARI, baru="sandi-baru-789",
               ulang="sandi-lain-789")
    c.check(r.status == 400 and "berbeda" in r.text(),
            "/sandi with two different new passwords: 400 and why",
            f"{r.status}")
    r = wait_for(lambda: (lambda x: x if x.status == 200 else None)(
        b.post("/sandi", lama=SARI, baru="sandi-baru-789",
               ulang="sandi-baru-789")), 10, "the password changed")
    c.check("Sandi sudah diganti" in r.text(),
            "/sandi changes the own password", f"{r.status}")
    notes = [json.loads(m.payload) for m in
             watch.received(broker.topic("admin/cmd"))]
    c.check(any(n.get("op") == "note" and n.get("user") == "sari" and
                "sandi diganti" in n.get("note", "") for n in notes),
            "the change went to the central as a note naming the user",
            str(notes))
    watch.close()
    r = Browser(web).login("sari", SARI)
    c.check(r.status == 401, "the old password no longer logs in",
            f"{r.status}")
    r = other.get("/laporan")
    c.check(r.status == 303, "the user's other session is logged out",
            f"{r.status}")
    r = b.get("/laporan")
    c.check(r.status == 200, "the session that changed it stays",
            f"{r.status}")
    return b


def check_password_no_central(c, web, central, b):
    c.stopped(central, "the central")
    before = file_digest(web.users_path)
    time.sleep(0.5)
    b.get("/sandi")
    r = b.post("/sandi", lama="sandi-baru-789", baru="sandi-lagi-000",
               ulang="sandi-lagi-000")
    c.check(r.status == 503 and "Pusat tidak terhubung" in r.text(),
            "with the central gone /sandi is refused: 503, \"Pusat tidak "
            "terhubung\"", f"{r.status} {r.text()[-300:]}")
    c.check(file_digest(web.users_path) == before,
            "and the users file is unchanged")


def check_expiry(c, tmp, broker, central):
    web = Web(tmp, broker, central, users={}, label="web2",
              extra="session_hours = 0.0005\n")
    try:
        web.add_user("sari", "admin", SARI)
        web.start()
        b = Browser(web)
        r = b.login("sari", SARI)
        r = b.get("/laporan")
        c.check(r.status == 200, "a short session works at first",
                f"{r.status}")
        time.sleep(2.2)
        r = b.get("/laporan")
        c.check(r.status == 303, "past session_hours (1.8 s) the session "
                "is logged out", f"{r.status}")
    finally:
        c.stopped(web, "antre-web (short sessions)")


def check_users_cli(c, web):
    p = web.user("add", "Budi!", "admin", password="sandi-panjang")
    c.check(p.returncode != 0, "user add refuses a bad name")
    p = web.user("add", "pendek", "admin", password="abc")
    c.check(p.returncode != 0 and b"minimal 8" in p.stderr,
            "user add refuses a short password", p.stderr)
    p = web.user("list")
    c.check(p.stdout.decode().split("\n")[:2] ==
            ["sari admin", "budi kepala"], "user list", p.stdout)
    c.check(os.stat(web.users_path).st_mode & 0o777 == 0o600,
            "the users file is mode 0600",
            oct(os.stat(web.users_path).st_mode))


def run(c, tmp):
    with Broker(tmp, "antre/webuji", desks=[1]) as broker:
        central = Central(tmp, broker, desks={1: "A"},
                          services={"A": "KTP Elektronik"}).start()
        wait_for(lambda: os.path.exists(central.db_path), 10,
                 "the central's log")
        web = Web(tmp, broker, central, users={})
        web.add_user("sari", "admin", SARI)
        web.add_user("budi", "kepala", BUDI)
        web.start()
        try:
            check_users_cli(c, web)
            sari = check_login(c, web)
            check_logged_out(c, web, broker)
            budi = check_throttle(c, web)
            check_roles(c, web, budi, sari)
            check_csrf(c, web, sari)
            check_headers(c, web, sari)
            check_report(c, web, central, sari)
            check_garbage(c, web, sari)
            check_logout(c, web, sari)
            check_expiry(c, tmp, broker, central)
            b = check_password(c, web, broker)
            check_password_no_central(c, web, central, b)
        finally:
            c.stopped(web, "antre-web")
            c.stopped(central, "the central")


if __name__ == "__main__":
    sys.exit(run_test("web", run, logs=("web", "web2", "central")))
