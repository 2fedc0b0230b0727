/*
 * test_settings_page.c - the HTML of /pengaturan (settings-page.c): the
 * CSRF token in every form, what the hall runs with escaped, a refused
 * form showing what was typed with its message tied to the field, never
 * a password written back, the page without the central.
 *
 * The page frame is a bare one here: the server's web_page_begin/end
 * give the real page its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "settings-page.h"

#define TOKEN	"tok3n-Csrf"

struct form {
	int		 n;
	const char	*name[32];
	const char	*value[32];
};

static struct form form;
static struct settings cur;
static struct web_req req;
static struct wbuf b;
static const struct web_user users[] = {
	{ "sari", WEB_ROLE_ADMIN },
	{ "budi", WEB_ROLE_HEAD },
};

void
web_page_begin(struct wbuf *w, const struct web_req *r, const char *title)
{
	(void)r;
	wbuf_str(w, "<!doctype html><html lang=\"id\"><title>");
	wbuf_html(w, title);
	wbuf_str(w, "</title><body>\n");
}

void
web_page_end(struct wbuf *w, const struct web_req *r)
{
	(void)r;
	wbuf_str(w, "</body></html>\n");
}

static const char *
form_arg(const struct web_req *r, const char *name)
{
	const struct form *a = r->cls;
	int i;

	for (i = 0; i < a->n; i++)
		if (strcmp(a->name[i], name) == 0)
			return a->value[i];
	return NULL;
}

static void
put(const char *name, const char *value)
{
	form.name[form.n] = name;
	form.value[form.n++] = value;
}

static int
setup(void **state)
{
	(void)state;
	memset(&cur, 0, sizeof(cur));
	cur.nservices = 2;
	cur.services[0] = (struct settings_service){ 'A',
	    "KTP & \"KK\" <lama>", 15, 200, 14 * 60 };
	cur.services[1] = (struct settings_service){ 'B', "BPJS", 0, 0, -1 };
	cur.ndesks = 2;
	cur.desks[0] = (struct settings_desk){ 1, "Loket 1", "AB" };
	cur.desks[1] = (struct settings_desk){ 7, "Loket Prioritas", "B" };
	snprintf(cur.running_text, sizeof(cur.running_text),
	    "Selamat datang di MPP");
	cur.nquiet = 2;
	cur.quiet[0].from_min = 12 * 60;
	cur.quiet[0].to_min = 13 * 60;
	cur.quiet[1].from_min = 22 * 60;
	cur.quiet[1].to_min = 6 * 60;
	memset(&form, 0, sizeof(form));
	memset(&req, 0, sizeof(req));
	req.method = "GET";
	req.path = "/pengaturan";
	req.arg = form_arg;
	req.cls = &form;
	req.user = "sari";
	req.role = WEB_ROLE_ADMIN;
	req.csrf = TOKEN;
	wbuf_init(&b);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	wbuf_free(&b);
	return 0;
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
assert_has(const char *needle)
{
	if (strstr(b.data, needle) == NULL)
		fail_msg("page lacks: %s", needle);
}

static void
assert_lacks(const char *needle)
{
	if (strstr(b.data, needle) != NULL)
		fail_msg("page has: %s", needle);
}

static void
render(const struct settings_view *v)
{
	wbuf_reset(&b);
	settings_page(&b, &req, v);
	assert_false(b.oom);
	assert_true(b.len > 0);
}

static void
test_whole_page(void **state)
{
	struct settings_view v = { .cur = &cur, .users = users, .nusers = 2 };

	(void)state;
	render(&v);
	/* Seven forms: services, a new service, desks, text, quiet, a
	 * password, a user; each with the session's token. */
	assert_int_equal(count(b.data, "<form class=\"isian\" method=\"post\""), 7);
	assert_int_equal(count(b.data, "<input type=\"hidden\" name=\"csrf\" "
	    "value=\"" TOKEN "\">"), 7);
	assert_has("action=\"/pengaturan/layanan\"");
	assert_has("action=\"/pengaturan/layanan-baru\"");
	assert_has("action=\"/pengaturan/loket\"");
	assert_has("action=\"/pengaturan/teks\"");
	assert_has("action=\"/pengaturan/tenang\"");
	assert_int_equal(count(b.data, "action=\"/pengaturan/pengguna\""), 2);
	/* What the hall runs with, escaped. */
	assert_has("name=\"service.A.name\" type=\"text\" value=\"KTP &amp; "
	    "&quot;KK&quot; &lt;lama&gt;\"");
	assert_lacks("<lama>");
	assert_has("name=\"service.A.quota\" type=\"text\" value=\"200\"");
	assert_has("name=\"service.A.last_take\" type=\"text\" "
	    "value=\"14:00\"");
	assert_has("name=\"service.B.last_take\" type=\"text\" value=\"\"");
	assert_has("name=\"desk.7.services\" type=\"text\" value=\"B\"");
	assert_has("<label for=\"f-desk.7.services\">Loket Prioritas</label>");
	assert_has(">Selamat datang di MPP</textarea>");
	assert_has("value=\"12:00-13:00,22:00-06:00\"");
	assert_has("<td>budi</td><td>kepala (membaca)</td>");
	assert_has("<option value=\"budi\">budi</option>");
	/* No message, no invalid field, no script. */
	assert_lacks("aria-invalid");
	assert_lacks("class=\"galat\"");
	assert_lacks("<script");
	assert_lacks("http-equiv");
	/* Every field's hint is tied to it. */
	assert_has("aria-describedby=\"h-service.A.quota\"");
	assert_has("id=\"h-service.A.quota\"");
}

static void
test_refused_keeps_typed(void **state)
{
	struct settings_view v = { .cur = &cur, .users = users, .nusers = 2,
	    .typed = 1, .notice = "Perubahan tidak disimpan", .notice_bad = 1 };
	struct sform *f = calloc(1, sizeof(*f));

	(void)state;
	req.method = "POST";
	req.path = "/pengaturan/layanan";
	put("service.A.quota", "-1");
	put("service.A.name", "<script>x</script>");
	put("board.running_text", "not posted by this form");
	f->kind = SFORM_SERVICES;
	sform_add(f, "service.A.quota", "Kuota harus angka 0 sampai 9999.");
	sform_add(f, "service.A.name", "Nama tidak boleh memuat < atau >.");
	v.form = f;
	render(&v);
	assert_has("<p class=\"galat\" role=\"alert\">Perubahan tidak "
	    "disimpan</p>");
	assert_has("name=\"service.A.quota\" type=\"text\" value=\"-1\" "
	    "inputmode=\"numeric\" size=\"5\" aria-describedby=\""
	    "m-service.A.quota h-service.A.quota\" aria-invalid=\"true\">");
	assert_has("<p class=\"galat\" id=\"m-service.A.quota\">Kuota harus "
	    "angka 0 sampai 9999.</p>");
	assert_has("value=\"&lt;script&gt;x&lt;/script&gt;\"");
	assert_has("Nama tidak boleh memuat &lt; atau &gt;.");
	assert_lacks("<script");
	/* Typed values come back only where the field is; a field of
	 * another form shows what the hall runs with. */
	assert_has(">not posted by this form</textarea>");
	assert_int_equal(count(b.data, "aria-invalid"), 2);
	free(f);
}

static void
test_password_never_back(void **state)
{
	struct settings_view v = { .cur = &cur, .users = users, .nusers = 2,
	    .typed = 1 };
	struct sform *f = calloc(1, sizeof(*f));

	(void)state;
	put("aksi", "sandi");
	put("user.name", "budi");
	put("user.password", "rahasia-1234");
	put("user.password2", "rahasia-4321");
	f->kind = SFORM_USER;
	sform_add(f, "user.password2", "Kedua sandi tidak sama.");
	v.form = f;
	render(&v);
	assert_lacks("rahasia");
	assert_has("<option value=\"budi\" selected>budi</option>");
	assert_has("id=\"f-user.password2\" name=\"user.password2\" "
	    "type=\"password\" value=\"\"");
	assert_has("id=\"m-user.password2\">Kedua sandi tidak sama.</p>");
	free(f);
}

static void
test_form_message(void **state)
{
	struct settings_view v = { .cur = &cur, .users = users, .nusers = 2 };
	struct sform *f = calloc(1, sizeof(*f));

	(void)state;
	f->kind = SFORM_DESKS;
	sform_add(f, "", "Terlalu banyak perubahan sekaligus.");
	v.form = f;
	render(&v);
	/* At the top of the desks' form, and nowhere else. */
	assert_int_equal(count(b.data, "Terlalu banyak"), 1);
	assert_true(strstr(b.data, "Terlalu banyak") > strstr(b.data,
	    "action=\"/pengaturan/loket\""));
	assert_true(strstr(b.data, "Terlalu banyak") < strstr(b.data,
	    "action=\"/pengaturan/teks\""));
	free(f);
}

static void
test_no_central(void **state)
{
	struct settings_view v = { .cur = NULL, .users = users, .nusers = 2 };

	(void)state;
	render(&v);
	assert_has("Pusat belum terhubung");
	assert_lacks("action=\"/pengaturan/layanan\"");
	/* The users are antre-web's own: still listed. */
	assert_has("<td>sari</td>");
	assert_int_equal(count(b.data, "value=\"" TOKEN "\""), 2);
	v.nusers = -1;
	render(&v);
	assert_has("Daftar pengguna tidak dapat dibaca");
	assert_int_equal(count(b.data, "<form"), 0);
}

static void
test_waiting(void **state)
{
	struct settings_view v = { .cur = &cur, .users = users, .nusers = 2,
	    .notice = "Menunggu jawaban pusat\u2026", .refresh = 1 };

	(void)state;
	render(&v);
	assert_has("<meta http-equiv=\"refresh\" content=\"1\">");
	assert_has("<p class=\"catatan\" role=\"status\">Menunggu jawaban "
	    "pusat\u2026</p>");
}

static void
test_all_letters_used(void **state)
{
	struct settings_view v = { .cur = &cur, .users = users, .nusers = 0 };
	int i;

	(void)state;
	cur.nservices = SETTINGS_SERVICES_MAX;
	for (i = 0; i < SETTINGS_SERVICES_MAX; i++)
		cur.services[i] = (struct settings_service){ (char)('A' + i),
		    "Layanan", 0, 0, -1 };
	cur.ndesks = SETTINGS_DESKS_MAX;
	for (i = 0; i < SETTINGS_DESKS_MAX; i++)
		cur.desks[i] = (struct settings_desk){ i + 1, "Loket",
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ" };
	render(&v);
	assert_has("Semua huruf A sampai Z sudah dipakai");
	assert_lacks("layanan-baru");
	assert_has("name=\"desk.128.services\"");
	/* No users: no password form, only the one to add. */
	assert_lacks("Ganti sandi</button>");
	assert_has("Tambah pengguna</button>");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_whole_page, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_refused_keeps_typed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_never_back,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_message, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_central, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_waiting, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_all_letters_used, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
