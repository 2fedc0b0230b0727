/*
 * web-pages.c - the site (web-pages.h): which page answers which path
 * for whom, the frame every page has, the login, the logout, the own
 * password change, and the pages that say no.
 */
#include "web-pages.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "log.h"
#include "session.h"
#include "throttle.h"
#include "web-central.h"
#include "web-live.h"
#include "web-report.h"
#include "web-settings.h"
#include "web-users.h"

static int	page_css(const struct web_req *, struct web_reply *);
static int	page_login(const struct web_req *, struct web_reply *);
static int	page_logout(const struct web_req *, struct web_reply *);
static int	page_password(const struct web_req *, struct web_reply *);

/*
 * The routes: a path and what is under it ("/laporan" answers
 * "/laporan/jam.svg" too; "/" only itself), the least role, the
 * handler (0: not its path after all, a 404). First match wins.
 */
static const struct route {
	const char	*prefix;
	enum web_role	 role;
	int		(*handler)(const struct web_req *, struct web_reply *);
	int		 slow;	/* made in a process of its own (job.h) */
} site_routes[] = {
	{ "/gaya.css",		WEB_ROLE_NONE,	page_css, 0 },
	{ "/masuk",		WEB_ROLE_NONE,	page_login, 0 },
	{ "/keluar",		WEB_ROLE_NONE,	page_logout, 0 },
	/* The live pages (web-live.c): "Hari ini" and its stream for the
	 * office, the papan and its stream for anyone on the hall's
	 * network, and what they load. */
	{ "/",			WEB_ROLE_HEAD,	web_live_route, 0 },
	{ "/peristiwa",		WEB_ROLE_HEAD,	web_live_route, 0 },
	{ "/papan",		WEB_ROLE_NONE,	web_live_route, 0 },
	{ "/langsung.js",	WEB_ROLE_NONE,	web_live_route, 0 },
	{ "/langsung.css",	WEB_ROLE_NONE,	web_live_route, 0 },
	{ "/laporan",		WEB_ROLE_HEAD,	web_report_route, 1 },
	{ "/unduh",		WEB_ROLE_HEAD,	web_report_route, 1 },
	{ "/sandi",		WEB_ROLE_HEAD,	page_password, 0 },
	/* The settings pages (web-settings.c): for admins alone. */
	{ "/pengaturan",	WEB_ROLE_ADMIN,	web_settings_route, 0 },
};

/* Phones first: one column, the navigation wraps, tables scroll in
 * their box. No inline style anywhere: the pages' CSP forbids it. */
static const char site_css[] =
"*{box-sizing:border-box}\n"
"html{-webkit-text-size-adjust:100%}\n"
"body{margin:0;font:16px/1.45 system-ui,-apple-system,\"Segoe UI\","
"Roboto,\"Noto Sans\",\"DejaVu Sans\",sans-serif;color:#1b1f24;"
"background:#f4f5f7}\n"
"header{background:#0b4f6c;color:#fff;padding:.5rem .75rem}\n"
"header .kantor{font-weight:600;font-size:1.05rem;margin:0 0 .25rem}\n"
"nav{display:flex;flex-wrap:wrap;gap:.25rem .5rem;align-items:center}\n"
"nav a,nav button{color:#fff;text-decoration:none;padding:.35rem .5rem;"
"border-radius:.3rem;font:inherit;background:none;border:1px solid "
"transparent;cursor:pointer}\n"
"nav a:hover,nav button:hover,nav a[aria-current]{background:#ffffff26;"
"border-color:#ffffff55}\n"
"nav form{margin:0}\n"
"nav .pengguna{margin-left:auto;font-size:.9rem;opacity:.85}\n"
/* Wide enough for the report's summary table on a 1280 px laptop
 * (1180 px); running text kept to lines that read well. */
"main{padding:.75rem;max-width:80rem;margin:0 auto}\n"
"main p{max-width:60rem}\n"
"h1{font-size:1.4rem;margin:.5rem 0 .75rem}\n"
"h2{font-size:1.15rem;margin:1.25rem 0 .5rem}\n"
"a{color:#0b5fa5}\n"
"form.isian,form.periode{display:flex;flex-direction:column;gap:.6rem;"
"max-width:28rem;background:#fff;padding:.75rem;border-radius:.4rem;"
"border:1px solid #d5d9de}\n"
"form.periode{max-width:none;flex-direction:row;flex-wrap:wrap;"
"align-items:flex-end}\n"
"label{display:flex;flex-direction:column;gap:.2rem;font-weight:500}\n"
"input,select,button{font:inherit;padding:.45rem .5rem;border:1px solid "
"#98a2ad;border-radius:.3rem;min-height:2.5rem;background:#fff}\n"
"button{background:#0b4f6c;color:#fff;border-color:#0b4f6c;"
"font-weight:600;cursor:pointer}\n"
".galat{color:#a4000f;background:#fde8ea;border:1px solid #f3b7be;"
"padding:.5rem .6rem;border-radius:.3rem}\n"
".berhasil{color:#0f5a1e;background:#e6f4e9;border:1px solid #a9d6b3;"
"padding:.5rem .6rem;border-radius:.3rem}\n"
/* A table wider than its box scrolls in it: a shadow at the edge where
 * more of it is (white covers, moving with the table, hide the shadow at
 * its ends), its caption and first column stay in view. */
".gulir{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:.5rem 0;"
"border:1px solid #d5d9de;border-radius:.4rem;container-type:inline-size;"
"background:linear-gradient(90deg,#fff 40%,#fff0) left/2rem 100% "
"no-repeat local,linear-gradient(90deg,#fff0,#fff 60%) right/2rem 100% "
"no-repeat local,radial-gradient(farthest-side at 100% 50%,#0b4f6c40,"
"#0b4f6c00) right/.9rem 100% no-repeat scroll,#fff}\n"
"table{border-collapse:collapse;min-width:100%;font-size:.95rem}\n"
"caption{text-align:left;font-weight:600}\n"
".gulir caption span{display:block;position:sticky;left:0;"
"width:fit-content;max-width:100cqw;padding:.5rem}\n"
"th,td{padding:.35rem .5rem;border-top:1px solid #e3e6ea;"
"text-align:left;white-space:nowrap}\n"
"td.angka,th.angka{text-align:right;font-variant-numeric:tabular-nums}\n"
".gulir table{border-collapse:separate;border-spacing:0}\n"
".gulir thead th{text-align:right}\n"
".gulir thead th[colspan]{text-align:center}\n"
".gulir thead tr:first-child th:first-child{text-align:left}\n"
"@media (max-width:60rem){.gulir tbody th,"
".gulir thead tr:first-child th:first-child{position:sticky;left:0;"
"z-index:1;background:#fff;box-shadow:inset -1px 0 #d5d9de}"
".gulir tbody th{white-space:normal;min-width:8rem}}\n"
"tr.total{font-weight:600}\n"
/* The charts (web-report.c): the PDF's no wider than its type reads
 * well, a phone's (40rem at most) as wide as the screen. */
"picture{display:block}\n"
"img.grafik{display:block;width:100%;max-width:56rem;height:auto;"
"background:#fff;border:1px solid #d5d9de;border-radius:.4rem}\n"
"@media (max-width:40rem){img.grafik{max-width:30rem}}\n"
/* The period's dates: a day's for a day, a week or a month, the
 * range's two for a range. */
"form.periode:not(:has(option[value=rentang]:checked)) label.rentang,"
"form.periode:has(option[value=rentang]:checked) label.tanggal{"
"display:none}\n"
".catatan,.periode-teks{color:#4a545e;font-size:.9rem}\n"
"ul.unduhan{padding-left:1.1rem}\n"
/* The settings' forms: a label over its field, the hint and the message
 * under it; the services each in their box. */
".ruas{display:flex;flex-direction:column;gap:.2rem}\n"
".ruas label{font-weight:500}\n"
".ruas p{margin:0}\n"
"textarea{font:inherit;padding:.45rem .5rem;border:1px solid #98a2ad;"
"border-radius:.3rem;width:100%;resize:vertical}\n"
"input[aria-invalid],textarea[aria-invalid],select[aria-invalid]{"
"border:2px solid #a4000f}\n"
"fieldset{border:1px solid #d5d9de;border-radius:.4rem;margin:0;"
"padding:.5rem .75rem .75rem;display:flex;flex-direction:column;"
"gap:.6rem;min-width:0}\n"
"legend{font-weight:600;padding:0 .25rem;overflow-wrap:anywhere}\n"
"nav.bagian{background:none}\n"
"nav.bagian ul{display:flex;flex-wrap:wrap;gap:.25rem .75rem;"
"list-style:none;margin:.25rem 0;padding:0}\n"
"nav.bagian a{color:#0b5fa5;padding:.25rem 0;border:0}\n"
"section{margin-bottom:1.5rem}\n"
"h3{font-size:1.05rem;margin:1rem 0 .5rem}\n"
"ul.unduhan li{margin:.35rem 0}\n"
"@media (min-width:48rem){main{padding:1rem 1.5rem}"
"h1{font-size:1.6rem}}\n";

static bool
route_match(const char *prefix, const char *path)
{
	size_t n = strlen(prefix);

	if (strcmp(prefix, "/") == 0)
		return strcmp(path, "/") == 0;
	return strncmp(path, prefix, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

static void
nav_link(struct wbuf *b, const struct web_req *r, const char *href,
    const char *label)
{
	wbuf_printf(b, "<a href=\"%s\"%s>%s</a>\n", href,
	    route_match(href, r->path) ? " aria-current=\"page\"" : "",
	    label);
}

void
web_page_begin(struct wbuf *b, const struct web_req *r, const char *title)
{
	const char *office = r->site != NULL && r->site->office != NULL ?
	    r->site->office : "";

	wbuf_str(b, "<!doctype html>\n<html lang=\"id\"><head>"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	wbuf_html(b, title);
	if (office[0] != '\0') {
		wbuf_str(b, " · ");
		wbuf_html(b, office);
	}
	wbuf_str(b, "</title>\n<link rel=\"stylesheet\" href=\"/gaya.css\">"
	    "\n</head><body>\n<header>\n<p class=\"kantor\">");
	wbuf_html(b, office[0] != '\0' ? office : "Antre");
	wbuf_str(b, "</p>\n");
	if (r->role != WEB_ROLE_NONE) {
		wbuf_str(b, "<nav>\n");
		nav_link(b, r, "/", "Hari ini");
		nav_link(b, r, "/laporan", "Laporan");
		nav_link(b, r, "/unduh", "Unduh");
		if (r->role >= WEB_ROLE_ADMIN)
			nav_link(b, r, "/pengaturan", "Pengaturan");
		nav_link(b, r, "/sandi", "Sandi");
		wbuf_str(b, "<form method=\"post\" action=\"/keluar\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"");
		wbuf_html(b, r->csrf);
		wbuf_str(b, "\"><button type=\"submit\">Keluar</button>"
		    "</form>\n<span class=\"pengguna\">");
		wbuf_html(b, r->user);
		wbuf_printf(b, " (%s)</span>\n</nav>\n",
		    web_role_name(r->role));
	}
	wbuf_str(b, "</header>\n<main>\n");
}

void
web_page_end(struct wbuf *b, const struct web_req *r)
{
	(void)r;
	wbuf_str(b, "</main>\n</body></html>\n");
}

void
web_page_message(const struct web_req *r, struct web_reply *out,
    int status, const char *title, const char *msg)
{
	wbuf_reset(&out->body);
	out->status = status;
	web_page_begin(&out->body, r, title);
	wbuf_str(&out->body, "<h1>");
	wbuf_html(&out->body, title);
	wbuf_str(&out->body, "</h1>\n<p>");
	wbuf_html(&out->body, msg);
	wbuf_str(&out->body, "</p>\n");
	web_page_end(&out->body, r);
}

static void
redirect(struct web_reply *out, const char *to)
{
	out->status = 303;
	snprintf(out->location, sizeof(out->location), "%s", to);
}

/* Whether ke= names a page of this site: a local absolute path, no
 * scheme, no other host ("//evil", "/\evil"), no control characters. */
static bool
local_path(const char *p)
{
	size_t i;

	if (p == NULL || p[0] != '/' || p[1] == '/' || p[1] == '\\' ||
	    strlen(p) >= 200)
		return false;
	for (i = 0; p[i] != '\0'; i++)
		if ((unsigned char)p[i] < 0x21 || p[i] == '\\' ||
		    p[i] == 0x7f || p[i] == '"' || p[i] == '<' || p[i] == '>')
			return false;
	return true;
}

static void
url_escape(char *out, size_t len, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	for (; *s != '\0' && o + 4 < len; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("/-._~", ch) != NULL)
			out[o++] = (char)ch;
		else {
			out[o++] = '%';
			out[o++] = hex[ch >> 4];
			out[o++] = hex[ch & 15];
		}
	}
	out[o] = '\0';
}

void
web_site_handle(const struct web_req *r, struct web_reply *out)
{
	const struct route *rt;
	char to[256], esc[220];
	size_t i;

	for (i = 0; i < sizeof(site_routes) / sizeof(site_routes[0]); i++) {
		rt = &site_routes[i];
		if (!route_match(rt->prefix, r->path))
			continue;
		if (r->role < rt->role) {
			if (r->role == WEB_ROLE_NONE) {
				url_escape(esc, sizeof(esc), r->path);
				snprintf(to, sizeof(to), "/masuk?ke=%s", esc);
				redirect(out, to);
				return;
			}
			web_page_message(r, out, 403, "Tidak diizinkan",
			    "Halaman ini hanya untuk admin.");
			return;
		}
		if (rt->handler != NULL && rt->handler(r, out))
			return;
		break;
	}
	web_page_message(r, out, 404, "Tidak ditemukan",
	    "Halaman ini tidak ada.");
}

int
web_site_slow(const struct web_req *r)
{
	const struct route *rt;
	size_t i;

	for (i = 0; i < sizeof(site_routes) / sizeof(site_routes[0]); i++) {
		rt = &site_routes[i];
		if (route_match(rt->prefix, r->path))
			return rt->slow && r->role >= rt->role;
	}
	return 0;
}

static int
page_css(const struct web_req *r, struct web_reply *out)
{
	if (strcmp(r->path, "/gaya.css") != 0)
		return 0;
	out->status = 200;
	out->type = "text/css; charset=utf-8";
	wbuf_str(&out->body, site_css);
	return 1;
}

/* --- login and logout ---------------------------------------------- */

static void
login_form(const struct web_req *r, struct web_reply *out, const char *csrf,
    const char *user, const char *ke, const char *msg)
{
	struct wbuf *b = &out->body;
	struct web_req shown = *r;

	/* The frame of a visitor: no navigation before the login. */
	shown.role = WEB_ROLE_NONE;
	wbuf_reset(b);
	web_page_begin(b, &shown, "Masuk");
	wbuf_str(b, "<h1>Masuk</h1>\n");
	if (msg != NULL) {
		wbuf_str(b, "<p class=\"galat\" role=\"alert\">");
		wbuf_html(b, msg);
		wbuf_str(b, "</p>\n");
	}
	wbuf_str(b, "<form class=\"isian\" method=\"post\" action=\"/masuk\">"
	    "\n<input type=\"hidden\" name=\"csrf\" value=\"");
	wbuf_html(b, csrf);
	wbuf_str(b, "\">\n");
	if (local_path(ke)) {
		wbuf_str(b, "<input type=\"hidden\" name=\"ke\" value=\"");
		wbuf_html(b, ke);
		wbuf_str(b, "\">\n");
	}
	wbuf_str(b, "<label>Nama pengguna <input name=\"nama\" "
	    "autocomplete=\"username\" autocapitalize=\"none\" "
	    "spellcheck=\"false\" required maxlength=\"32\" value=\"");
	wbuf_html(b, user != NULL ? user : "");
	wbuf_str(b, "\"></label>\n<label>Sandi <input type=\"password\" "
	    "name=\"sandi\" autocomplete=\"current-password\" required "
	    "maxlength=\"128\"></label>\n<button type=\"submit\">Masuk"
	    "</button>\n</form>\n");
	web_page_end(b, &shown);
}

static int
page_login(const struct web_req *r, struct web_reply *out)
{
	const struct web_site *s = r->site;
	const struct session *ss;
	const char *user, *pass, *ke = r->arg(r, "ke");
	char kip[THROTTLE_KEY_MAX], kuser[THROTTLE_KEY_MAX], msg[128];
	enum web_role role;
	int64_t now;
	int wait, w2;

	if (strcmp(r->path, "/masuk") != 0)
		return 0;
	if (strcmp(r->method, "POST") != 0) {
		if (r->role != WEB_ROLE_NONE) {
			redirect(out, local_path(ke) ? ke : "/");
			return 1;
		}
		/* A visitor gets an anonymous session: the form's
		 * token. */
		if (r->session[0] != '\0')
			login_form(r, out, r->csrf, NULL, ke, NULL);
		else if ((ss = session_create(s->sessions, "", WEB_ROLE_NONE,
		    r->now)) == NULL)
			web_page_message(r, out, 500, "Kesalahan server",
			    "Sesi tidak dapat dibuat.");
		else {
			login_form(r, out, ss->csrf, NULL, ke, NULL);
			snprintf(out->cookie, sizeof(out->cookie), "%s",
			    ss->id);
		}
		return 1;
	}

	user = r->arg(r, "nama");
	pass = r->arg(r, "sandi");
	if (user == NULL)
		user = "";
	if (pass == NULL)
		pass = "";
	snprintf(kip, sizeof(kip), "ip:%s", r->peer != NULL ? r->peer : "?");
	snprintf(kuser, sizeof(kuser), "user:%.32s", user);
	now = mono_ms();
	wait = throttle_wait(s->throttle, kip, now);
	if ((w2 = throttle_wait(s->throttle, kuser, now)) > wait)
		wait = w2;
	if (wait > 0) {
		snprintf(msg, sizeof(msg), "Terlalu banyak percobaan. Coba "
		    "lagi dalam %d detik.", wait);
		login_form(r, out, r->csrf, user, ke, msg);
		out->status = 429;
		out->retry_after = wait;
		return 1;
	}
	role = web_users_check(s->users, user, pass);
	if (role == WEB_ROLE_NONE) {
		wait = throttle_fail(s->throttle, kip, now);
		if ((w2 = throttle_fail(s->throttle, kuser, now)) > wait)
			wait = w2;
		log_warnx("login refused for \"%.32s\" from %s%s", user,
		    r->peer, wait > 0 ? " (attempts now slowed)" : "");
		login_form(r, out, r->csrf, user, ke,
		    "Nama pengguna atau sandi salah.");
		out->status = 401;
		return 1;
	}
	throttle_ok(s->throttle, kip);
	throttle_ok(s->throttle, kuser);
	/* A fresh session for the user: the visitor's id, which others
	 * may have seen, ends here. */
	session_destroy(s->sessions, r->session);
	if ((ss = session_create(s->sessions, user, role, r->now)) == NULL) {
		web_page_message(r, out, 500, "Kesalahan server",
		    "Sesi tidak dapat dibuat.");
		return 1;
	}
	log_info("login %s (%s) from %s", user, web_role_name(role),
	    r->peer);
	snprintf(out->cookie, sizeof(out->cookie), "%s", ss->id);
	redirect(out, local_path(ke) ? ke : "/");
	return 1;
}

static int
page_logout(const struct web_req *r, struct web_reply *out)
{
	struct web_req shown = *r;
	struct wbuf *b = &out->body;

	if (strcmp(r->path, "/keluar") != 0)
		return 0;
	if (strcmp(r->method, "POST") != 0) {
		if (r->role == WEB_ROLE_NONE) {
			redirect(out, "/masuk");
			return 1;
		}
		shown.role = WEB_ROLE_NONE;
		web_page_begin(b, &shown, "Keluar");
		wbuf_str(b, "<h1>Keluar</h1>\n<form class=\"isian\" "
		    "method=\"post\" action=\"/keluar\"><input type=\"hidden\" "
		    "name=\"csrf\" value=\"");
		wbuf_html(b, r->csrf);
		wbuf_str(b, "\"><button type=\"submit\">Keluar</button>"
		    "</form>\n");
		web_page_end(b, &shown);
		return 1;
	}
	if (r->user[0] != '\0')
		log_info("logout %s from %s", r->user, r->peer);
	session_destroy(r->site->sessions, r->session);
	strcpy(out->cookie, "-");
	redirect(out, "/masuk");
	return 1;
}

/* --- the own password ---------------------------------------------- */

static void
password_form(const struct web_req *r, struct web_reply *out,
    const char *msg, bool ok)
{
	struct wbuf *b = &out->body;

	wbuf_reset(b);
	web_page_begin(b, r, "Ganti sandi");
	wbuf_str(b, "<h1>Ganti sandi</h1>\n");
	if (msg != NULL) {
		wbuf_printf(b, "<p class=\"%s\" role=\"%s\">",
		    ok ? "berhasil" : "galat", ok ? "status" : "alert");
		wbuf_html(b, msg);
		wbuf_str(b, "</p>\n");
	}
	wbuf_str(b, "<form class=\"isian\" method=\"post\" action=\"/sandi\">"
	    "\n<input type=\"hidden\" name=\"csrf\" value=\"");
	wbuf_html(b, r->csrf);
	wbuf_printf(b, "\">\n<input type=\"hidden\" name=\"nama\" "
	    "autocomplete=\"username\" value=\"");
	wbuf_html(b, r->user);
	wbuf_printf(b, "\">\n<label>Sandi sekarang <input type=\"password\" "
	    "name=\"lama\" autocomplete=\"current-password\" required "
	    "maxlength=\"%d\"></label>\n<label>Sandi baru (minimal %d "
	    "karakter) <input type=\"password\" name=\"baru\" "
	    "autocomplete=\"new-password\" required minlength=\"%d\" "
	    "maxlength=\"%d\"></label>\n<label>Ulangi sandi baru <input "
	    "type=\"password\" name=\"ulang\" autocomplete=\"new-password\" "
	    "required minlength=\"%d\" maxlength=\"%d\"></label>\n<button "
	    "type=\"submit\">Simpan</button>\n</form>\n", WEB_PASS_MAX,
	    WEB_PASS_MIN, WEB_PASS_MIN, WEB_PASS_MAX, WEB_PASS_MIN,
	    WEB_PASS_MAX);
	web_page_end(b, r);
}

/* Every change is in the central's log before it is made, a password's
 * too: the note goes first, and without the central no password
 * changes. 0, or -1 with why. */
static int
password_logged(const struct web_req *r, char *why, size_t whylen)
{
	struct admin_cmd cmd;
	char err[96];

	memset(&cmd, 0, sizeof(cmd));
	cmd.op = ADMIN_NOTE;
	snprintf(cmd.user, sizeof(cmd.user), "%s", r->user);
	snprintf(cmd.note, sizeof(cmd.note), "sandi diganti");
	if (web_central_send(r->site, &cmd, err, sizeof(err)) == -1) {
		snprintf(why, whylen, "%s: sandi tidak diganti. Coba lagi "
		    "nanti.", err);
		return -1;
	}
	return 0;
}

static int
page_password(const struct web_req *r, struct web_reply *out)
{
	const struct web_site *s = r->site;
	const char *old, *new1, *new2;
	char kuser[THROTTLE_KEY_MAX], why[160];
	int wait;

	if (strcmp(r->path, "/sandi") != 0)
		return 0;
	if (strcmp(r->method, "POST") != 0) {
		password_form(r, out, NULL, false);
		return 1;
	}
	old = r->arg(r, "lama");
	new1 = r->arg(r, "baru");
	new2 = r->arg(r, "ulang");
	snprintf(kuser, sizeof(kuser), "user:%s", r->user);
	if ((wait = throttle_wait(s->throttle, kuser, mono_ms())) > 0) {
		snprintf(why, sizeof(why), "Terlalu banyak percobaan. Coba "
		    "lagi dalam %d detik.", wait);
		password_form(r, out, why, false);
		out->status = 429;
		out->retry_after = wait;
		return 1;
	}
	if (old == NULL || new1 == NULL || new2 == NULL) {
		password_form(r, out, "Isi ketiga kolom.", false);
		out->status = 400;
		return 1;
	}
	if (web_users_check(s->users, r->user, old) == WEB_ROLE_NONE) {
		throttle_fail(s->throttle, kuser, mono_ms());
		log_warnx("password change of %s from %s: wrong password",
		    r->user, r->peer);
		password_form(r, out, "Sandi sekarang salah.", false);
		out->status = 400;
		return 1;
	}
	if (strcmp(new1, new2) != 0) {
		password_form(r, out, "Sandi baru dan ulangannya berbeda.",
		    false);
		out->status = 400;
		return 1;
	}
	if (strlen(new1) < WEB_PASS_MIN || strlen(new1) > WEB_PASS_MAX) {
		snprintf(why, sizeof(why), "Sandi baru %d sampai %d "
		    "karakter.", WEB_PASS_MIN, WEB_PASS_MAX);
		password_form(r, out, why, false);
		out->status = 400;
		return 1;
	}
	if (password_logged(r, why, sizeof(why)) == -1 ||
	    web_users_set(s->users, r->user, WEB_ROLE_NONE, new1, why,
	    sizeof(why)) == -1) {
		password_form(r, out, why, false);
		out->status = 503;
		return 1;
	}
	log_info("password of %s changed from %s", r->user, r->peer);
	session_destroy_user(s->sessions, r->user, r->session);
	password_form(r, out, "Sandi sudah diganti.", true);
	return 1;
}
