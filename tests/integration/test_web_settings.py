"""antre-web's settings pages against the real broker, central and log.

The real mosquitto from broker-config/, the real antre-display as the
central and the real antre-web; an admin and a head of office log in
through /masuk as a browser does. An observer reads the retained
P/settings the central publishes and the log (read-only) holds the
central's 'setting' events.

- the admin changes the running text, a service's quota, a service's
  name, a desk's order of services, the quiet hours and adds a service:
  each goes through the central (the page waits for its answer, then
  says "Tersimpan"), P/settings carries it, and the log has one
  'setting' event naming the admin and the key; the board's frame
  draws the new running text;
- bad input (an empty name, a letter already used, a quota of -1, a
  running text of 10 kB, a script tag in a name, a desk serving a
  service twice, a quiet period that is no time): 400, the page with the
  message next to the field and what was typed (escaped), and nothing
  changed: P/settings not published again, no new event in the log;
- the head of office gets 403 on GET and POST; a POST without the CSRF
  token, or with another session's, is refused and changes nothing;
  logged out, the pages ask to log in;
- a change the central refuses by a rule of its own (a quota for a
  service whose tickets come from a roll): its reason next to the
  field, nothing changed;
- a change the central refuses: antre-web's view of the settings made
  stale (a service the central does not have, published retained as
  the central would), a desk's order naming it: the central's reason is
  shown next to the desk's field;
- a web user's password set by the admin: the log has the note, the
  user logs in with the new password and not with the old; a user added
  logs in with the role given;
- antre-web, the central and the broker exit 0 on SIGTERM.
"""

import html
import json
import os
import re
import sqlite3
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from antre_broker import Broker                             # noqa: E402
from antre_procs import (Central, ProcError, eventually,  # noqa: E402
                         png_text_chunks, wait_central_online)
from checks import run_test                                  # noqa: E402
from web_procs import Web                                    # noqa: E402

SERVICES = {"A": "KTP & KK", "B": "BPJS"}
DESKS = {1: "A B", 2: "B"}
ANSWER_S = 15


def csrf_of(page):
    m = re.search(rb'name="csrf" value="([^"]*)"', page)
    if m is None:
        raise ProcError(f"no CSRF token in the page: {page[:400]!r}")
    return html.unescape(m.group(1).decode())


def text_of(page):
    """The page's text as a person reads it (tags dropped)."""
    text = html.unescape(re.sub(rb"<[^>]*>", b" ", page).decode())
    return " ".join(text.split())


def field_value(page, name):
    """The value a text field or text area of the page holds."""
    n = re.escape(name.encode())
    m = re.search(rb'<input[^>]*name="' + n + rb'"[^>]*value="([^"]*)"',
                  page)
    if m is None:
        m = re.search(rb'<textarea[^>]*name="' + n + rb'"[^>]*>([^<]*)<',
                      page)
    return html.unescape(m.group(1).decode()) if m else None


def message_at(page, name):
    """The message tied to field name (aria-describedby "m-<name>")."""
    n = re.escape(name.encode())
    if not re.search(rb'name="' + n + rb'"[^>]*aria-describedby="m-' + n,
                     page):
        return None
    m = re.search(rb'<p class="galat" id="m-' + n + rb'">([^<]*)</p>', page)
    return html.unescape(m.group(1).decode()) if m else None


class Run:
    def __init__(self, c, tmp):
        self.c = c
        self.b = Broker(tmp, "antre/webset", desks=list(DESKS)).start()
        # A's tickets from a kiosk: a quota is for those alone.
        self.central = Central(tmp, self.b, desks=DESKS, services=SERVICES,
                               sources={"A": "kiosk"},
                               board="width = 320\nheight = 240\n")
        self.web = Web(tmp, self.b, self.central, users={
            "admin": ("admin", "sandi-admin-1"),
            "kepala": ("kepala", "sandi-kepala-1"),
            "budi": ("kepala", "sandi-budi-lama")})

    # --- what the hall runs with ------------------------------------

    def settings_msgs(self):
        return self.obs.received(self.b.topic("settings"))

    def settings(self):
        msgs = self.settings_msgs()
        return json.loads(msgs[-1].payload) if msgs else None

    def wait_settings(self, pred, timeout=ANSWER_S):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.settings()
            if s is not None and pred(s):
                return s
            time.sleep(0.05)
        return None

    def board_text(self):
        """The running text of the central's newest frame."""
        try:
            return png_text_chunks(self.central.latest_png()).get(
                "Antre-Running")
        except (OSError, ProcError, ValueError):
            return None

    def events(self):
        """The log's 'setting' events' details, oldest first."""
        db = sqlite3.connect(f"file:{self.central.db_path}?mode=ro",
                             uri=True)
        try:
            return [r[0] for r in db.execute(
                "SELECT detail FROM events WHERE kind = 'setting' "
                "ORDER BY seq")]
        finally:
            db.close()

    def service(self, s, letter):
        for x in s["services"]:
            if x["letter"] == letter:
                return x
        return None

    def desk(self, s, d):
        for x in s["desks"]:
            if x["desk"] == d:
                return x
        return None

    # --- the admin's browser ----------------------------------------

    def post(self, s, action, fields, csrf=True):
        """Posts fields to action as the page's form does (the session's
        CSRF token from /pengaturan)."""
        data = dict(fields)
        if csrf:
            st, _, page = s.get("/pengaturan")
            data["csrf"] = csrf_of(page)
        return s.request("POST", action, data)

    def answer(self, s, st, hdr, body):
        """Follows a change's 303 to the page that shows the central's
        answer, reloading while it waits as the browser does: the last
        page."""
        if st != 303:
            return st, body
        loc = hdr.get("location", "")
        path = urllib.parse.urlsplit(loc)
        loc = path.path + ("?" + path.query if path.query else "")
        deadline = time.monotonic() + ANSWER_S
        while True:
            st, _, page = s.get(loc)
            waiting = b'http-equiv="refresh"' in page
            if not waiting or time.monotonic() > deadline:
                return st, page
            time.sleep(0.2)

    def change(self, s, what, action, fields, check_settings, key):
        """A valid change: answered "Tersimpan", in P/settings and one
        'setting' event in the log naming the admin and key."""
        c = self.c
        before = len(self.events())
        st, hdr, body = self.post(s, action, fields)
        c.check(st == 303 and "ubah=" in hdr.get("location", ""),
                f"{what}: 303 to the page of the central's answer",
                f"{st} {hdr.get('location')} {text_of(body)[:300]}")
        st, page = self.answer(s, st, hdr, body)
        c.check(st == 200 and "Tersimpan" in text_of(page) and
                b'class="galat"' not in page,
                f"{what}: the page says the central saved it",
                f"{st} {text_of(page)[:400]}")
        got = self.wait_settings(check_settings)
        c.check(got is not None, f"{what}: P/settings carries it",
                json.dumps(self.settings())[:400])
        ev = self.events()
        new = ev[before:]
        c.check(len(new) == 1 and "admin" in (new[0] or "") and
                key in (new[0] or ""), f"{what}: one 'setting' event in "
                f"the log, naming the admin and {key}", f"{new}")
        return page

    def refused(self, s, what, action, fields, field, want, typed=None):
        """Bad input: 400, the message at field, what was typed kept,
        nothing sent to the central."""
        c = self.c
        n_settings = len(self.settings_msgs())
        n_events = len(self.events())
        st, _, page = self.post(s, action, fields)
        msg = message_at(page, field)
        c.check(st == 400 and msg is not None and want in msg,
                f"{what}: 400 with \"{want}\" at {field}",
                f"{st} message {msg!r}; {text_of(page)[:300]}")
        if typed is not None:
            v = field_value(page, field)
            c.check(v == typed, f"{what}: what was typed is kept",
                    f"{v!r}"[:200])
        c.check(b"<script" not in page.lower(),
                f"{what}: no script tag in the page")
        time.sleep(0.5)
        c.check(len(self.settings_msgs()) == n_settings and
                len(self.events()) == n_events,
                f"{what}: nothing changed (P/settings not published, no "
                f"event in the log)")

    # --- the run ----------------------------------------------------

    def run(self):
        c, b = self.c, self.b
        obs = self.obs = b.client("web", client_id="t-webset-obs")
        obs.subscribe_wait(b.topic("central/online"))
        obs.subscribe_wait(b.topic("settings"))
        self.central.start()
        wait_central_online(obs, b, 0, 15)
        first = self.wait_settings(lambda s: True)
        c.check(first is not None and self.service(first, "A") and
                self.desk(first, 1)["services"] == "AB",
                "the central publishes its settings", f"{first}")
        self.web.start()

        admin = self.web.session().login("admin", "sandi-admin-1")
        st, _, page = admin.get("/pengaturan")
        c.check(st == 200 and field_value(page, "service.A.name") ==
                "KTP & KK" and field_value(page, "desk.1.services") ==
                "AB", "/pengaturan shows what the hall runs with",
                f"{st} {text_of(page)[:300]}")
        c.check(len(re.findall(rb'<form[^>]*method="post"', page)) ==
                page.count(b'name="csrf"') > 0,
                "every form of /pengaturan carries the CSRF token")

        self.changes(admin)
        self.bad_input(admin)
        self.roles_and_csrf()
        self.stale(admin)
        self.users(admin)

        c.stopped(self.web, "antre-web")
        c.stopped(self.central, "the central")
        obs.close()
        b.close()

    def changes(self, s):
        text = "Selamat datang di MPP Uji \u2013 loket 2 buka jam 08.00"
        self.change(s, "running text", "/pengaturan/teks",
                    {"board.running_text": text},
                    lambda x: x["running_text"] == text,
                    "board.running_text")
        st, _, page = s.get("/pengaturan")
        self.c.check(field_value(page, "board.running_text") == text,
                     "the running text shows on /pengaturan")
        self.c.check(eventually(lambda: self.board_text() == text, 10),
                     "the board draws the new running text (its frame's "
                     "Antre-Running)", f"{self.board_text()!r}")
        cur = self.settings()
        a = self.service(cur, "A")
        fields = {}
        for x in cur["services"]:
            p = f"service.{x['letter']}."
            fields.update({p + "name": x["name"],
                           p + "target_wait": str(x["target_wait"]),
                           p + "quota": str(x["quota"]),
                           p + "last_take": x["last_take"]})
        fields["service.A.quota"] = "150"
        self.change(s, "quota of A", "/pengaturan/layanan", fields,
                    lambda x: self.service(x, "A")["quota"] == 150 and
                    self.service(x, "A")["name"] == a["name"],
                    "service.A.quota")
        fields["service.B.name"] = "BPJS Kesehatan"
        self.change(s, "name of B", "/pengaturan/layanan", fields,
                    lambda x: self.service(x, "B")["name"] ==
                    "BPJS Kesehatan" and
                    self.service(x, "A")["quota"] == 150,
                    "service.B.name")
        # The central's own rule, which the form cannot know: a quota
        # for a service whose tickets come from a roll.
        n = len(self.events())
        st, hdr, body = self.post(s, "/pengaturan/layanan",
                                  dict(fields, **{"service.B.quota": "40"}))
        st, page = self.answer(s, st, hdr, body)
        msg = message_at(page, "service.B.quota")
        self.c.check(msg is not None and "kios" in msg and
                     "Pusat menolak" in text_of(page) and
                     len(self.events()) == n and
                     self.service(self.settings(), "B")["quota"] == 0,
                     "a quota for a service on a roll: the central's "
                     "refusal next to its field, nothing changed",
                     f"{msg!r} {text_of(page)[:300]}")
        shown = field_value(page, "service.B.quota")
        name = field_value(page, "service.B.name")
        self.c.check(shown == "40" and name == "BPJS Kesehatan",
                     "the refused form shows what was typed (quota 40), "
                     "the fields it did not change as they are",
                     f"{shown!r} {name!r}")
        self.change(s, "desk 1's order", "/pengaturan/loket",
                    {"desk.1.services": "b, a", "desk.2.services": "B"},
                    lambda x: self.desk(x, 1)["services"] == "BA",
                    "desk.1.services")
        self.change(s, "quiet hours", "/pengaturan/tenang",
                    {"voice.quiet": "12.00-13.00, 22:00-05:30"},
                    lambda x: x["quiet"] == ["12:00-13:00", "22:00-05:30"],
                    "voice.quiet")
        self.change(s, "a new service C", "/pengaturan/layanan-baru",
                    {"new.letter": "c", "new.name": "Perizinan",
                     "new.target_wait": "20", "new.quota": "",
                     "new.last_take": "15:00"},
                    lambda x: self.service(x, "C") is not None and
                    self.service(x, "C")["name"] == "Perizinan" and
                    self.service(x, "C")["last_take"] == "15:00",
                    "service.C.name")
        # The same form again: nothing to send.
        n = len(self.events())
        st, hdr, _ = self.post(s, "/pengaturan/loket",
                               {"desk.1.services": "BA",
                                "desk.2.services": "B"})
        st, page = self.answer(s, st, hdr, b"")
        self.c.check("Tidak ada yang berubah" in text_of(page) and
                     len(self.events()) == n,
                     "a form with nothing changed sends nothing")

    def bad_input(self, s):
        cur = self.settings()
        fields = {}
        for x in cur["services"]:
            p = f"service.{x['letter']}."
            fields.update({p + "name": x["name"],
                           p + "target_wait": str(x["target_wait"]),
                           p + "quota": str(x["quota"]),
                           p + "last_take": x["last_take"]})
        self.refused(s, "an empty name", "/pengaturan/layanan",
                     dict(fields, **{"service.A.name": ""}),
                     "service.A.name", "Nama wajib diisi", "")
        self.refused(s, "a quota of -1", "/pengaturan/layanan",
                     dict(fields, **{"service.A.quota": "-1",
                                     "service.B.quota": "5"}),
                     "service.A.quota", "Kuota harus angka 0 sampai 9999",
                     "-1")
        self.refused(s, "a quota of abc", "/pengaturan/layanan",
                     dict(fields, **{"service.B.quota": "abc"}),
                     "service.B.quota", "Kuota harus angka 0 sampai 9999",
                     "abc")
        evil = "<script>alert(1)</script>"
        self.refused(s, "a script tag in a name", "/pengaturan/layanan",
                     dict(fields, **{"service.B.name": evil}),
                     "service.B.name", "< atau >", evil)
        self.refused(s, "a letter already used", "/pengaturan/layanan-baru",
                     {"new.letter": "B", "new.name": "Lain",
                      "new.target_wait": "0", "new.quota": "0",
                      "new.last_take": ""},
                     "new.letter", "Huruf B sudah dipakai", "B")
        self.refused(s, "a new service without a name",
                     "/pengaturan/layanan-baru",
                     {"new.letter": "D", "new.name": " ",
                      "new.target_wait": "0", "new.quota": "0",
                      "new.last_take": ""},
                     "new.name", "Nama wajib diisi")
        big = "Antre " * 1707
        self.refused(s, "a running text of 10 kB", "/pengaturan/teks",
                     {"board.running_text": big}, "board.running_text",
                     f"terlalu panjang: {len(big)} byte")
        self.refused(s, "a desk serving a service twice",
                     "/pengaturan/loket",
                     {"desk.1.services": "ABA", "desk.2.services": "B"},
                     "desk.1.services", "Huruf A tertulis dua kali", "ABA")
        self.refused(s, "a desk serving no service", "/pengaturan/loket",
                     {"desk.1.services": "", "desk.2.services": "B"},
                     "desk.1.services", "paling sedikit satu layanan")
        self.refused(s, "a quiet period that is no time",
                     "/pengaturan/tenang", {"voice.quiet": "siang"},
                     "voice.quiet", "tidak dikenal", "siang")

    def roles_and_csrf(self):
        c = self.c
        n_settings = len(self.settings_msgs())
        n_events = len(self.events())
        kepala = self.web.session().login("kepala", "sandi-kepala-1")
        st, _, _ = kepala.get("/pengaturan")
        c.check(st == 403, "kepala: GET /pengaturan is 403", f"{st}")
        # A token of kepala's own session, from a page it may see.
        st, _, page = kepala.get("/")
        m = re.search(rb'name="csrf" value="([^"]*)"', page)
        token = html.unescape(m.group(1).decode()) if m else "x"
        st, _, _ = kepala.request("POST", "/pengaturan/teks",
                                  {"csrf": token,
                                   "board.running_text": "kepala"})
        c.check(st == 403, "kepala: POST /pengaturan/teks is 403", f"{st}")

        admin = self.web.session().login("admin", "sandi-admin-1")
        st, _, _ = self.post(admin, "/pengaturan/teks",
                             {"board.running_text": "tanpa token"},
                             csrf=False)
        c.check(st in (400, 403), "a POST without the CSRF token is "
                "refused", f"{st}")
        st, _, _ = admin.request("POST", "/pengaturan/teks",
                                 {"csrf": token,
                                  "board.running_text": "token lain"})
        c.check(st in (400, 403), "a POST with another session's CSRF "
                "token is refused", f"{st}")
        anon = self.web.session()
        st, hdr, _ = anon.get("/pengaturan")
        c.check(st in (303, 401, 403) and (st != 303 or "/masuk" in
                hdr.get("location", "")), "logged out: /pengaturan asks "
                "to log in", f"{st} {hdr.get('location')}")
        st, _, _ = anon.request("POST", "/pengaturan/teks",
                                {"board.running_text": "anonim"})
        c.check(st in (303, 400, 401, 403), "logged out: a POST is "
                "refused", f"{st}")
        time.sleep(0.5)
        c.check(len(self.settings_msgs()) == n_settings and
                len(self.events()) == n_events,
                "refused requests changed nothing")

    def stale(self, s):
        """antre-web believes in a service D the central does not have:
        as if the form's view were older than the central's."""
        c, b = self.c, self.b
        real = self.settings_msgs()[-1].payload
        cur = json.loads(real)
        fake = dict(cur)
        fake["services"] = cur["services"] + [
            {"letter": "D", "name": "Hantu", "target_wait": 0, "quota": 0,
             "last_take": ""}]
        twin = b.client("central", client_id="t-webset-central")
        twin.publish_wait(b.topic("settings"), json.dumps(fake),
                          retain=True)
        deadline = time.monotonic() + ANSWER_S
        while time.monotonic() < deadline:
            st, _, page = s.get("/pengaturan")
            if b"Hantu" in page:
                break
            time.sleep(0.1)
        n = len(self.events())
        st, hdr, body = self.post(s, "/pengaturan/loket",
                                  {"desk.1.services": "AD",
                                   "desk.2.services": "B"})
        c.check(st == 303, "stale view: the desk's order naming D is sent",
                f"{st} {text_of(body)[:300]}")
        st, page = self.answer(s, st, hdr, body)
        msg = message_at(page, "desk.1.services")
        c.check(msg is not None and "Pusat menolak" in text_of(page),
                "stale view: the central's refusal is shown, its reason "
                "next to the desk's field", f"{msg!r} "
                f"{text_of(page)[:400]}")
        c.check(len(self.events()) == n, "stale view: nothing in the log")
        # The central's own settings back.
        twin.publish_wait(b.topic("settings"), real, retain=True)
        twin.close()

    def users(self, admin):
        c = self.c
        st, _, page = admin.get("/pengaturan")
        c.check(b"<td>budi</td>" in page, "the users are listed")
        n = len(self.events())
        st, _, page = self.post(admin, "/pengaturan/pengguna",
                                {"aksi": "sandi", "user.name": "budi",
                                 "user.password": "pendek",
                                 "user.password2": "pendek"})
        c.check(st == 400 and "Sandi minimal 8 karakter" in
                (message_at(page, "user.password") or "") and
                b"pendek" not in page,
                "a short password: 400 with the message, not written back",
                f"{st}")
        st, hdr, body = self.post(admin, "/pengaturan/pengguna",
                                  {"aksi": "sandi", "user.name": "budi",
                                   "user.password": "sandi-budi-baru",
                                   "user.password2": "sandi-budi-baru"})
        st, page = self.answer(admin, st, hdr, body)
        c.check(st == 200 and "Tersimpan" in text_of(page),
                "budi's password set: the central logged the note",
                f"{st} {text_of(page)[:300]}")
        new = self.events()[n:]
        c.check(len(new) == 1 and "budi" in (new[0] or "") and
                "admin" in (new[0] or ""), "the log names who changed "
                "whose password", f"{new}")
        try:
            self.web.session().login("budi", "sandi-budi-baru")
            ok = True
        except ProcError:
            ok = False
        c.check(ok, "budi logs in with the new password")
        try:
            self.web.session().login("budi", "sandi-budi-lama")
            old = True
        except ProcError:
            old = False
        c.check(not old, "budi's old password no longer works")

        st, hdr, body = self.post(admin, "/pengaturan/pengguna",
                                  {"aksi": "tambah",
                                   "new_user.name": "sari",
                                   "new_user.role": "admin",
                                   "new_user.password": "sandi-sari-1",
                                   "new_user.password2": "sandi-sari-1"})
        st, page = self.answer(admin, st, hdr, body)
        c.check(st == 200 and "Tersimpan" in text_of(page) and
                b"<td>sari</td>" in page, "a user added", f"{st}")
        sari = self.web.session().login("sari", "sandi-sari-1")
        st, _, _ = sari.get("/pengaturan")
        c.check(st == 200, "the new admin sees /pengaturan", f"{st}")
        st, _, page = self.post(admin, "/pengaturan/pengguna",
                                {"aksi": "tambah", "new_user.name": "sari",
                                 "new_user.role": "kepala",
                                 "new_user.password": "sandi-sari-2",
                                 "new_user.password2": "sandi-sari-2"})
        c.check(st == 400 and "sudah ada" in
                (message_at(page, "new_user.name") or ""),
                "a user's name taken twice: 400 with the message", f"{st}")


def main():
    return run_test("integration_web_settings",
                    lambda c, tmp: Run(c, tmp).run(),
                    logs=("central", "web"))


if __name__ == "__main__":
    sys.exit(main())
