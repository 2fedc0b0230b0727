/*
 * test_settings_form.c - the settings forms' checks (settings-form.c):
 * each wrong field refused with its message at its own field and no
 * pair sent; a valid form sends exactly the pairs that changed, in the
 * protocol's strict form; the users' forms.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "settings-form.h"

#define MAXARGS	128

struct form {
	int	 n;
	char	 name[MAXARGS][48];
	char	*value[MAXARGS];
};

static struct form form;
static struct settings cur;
static struct sform f;
static struct web_req req;

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
	assert_true(form.n < MAXARGS);
	snprintf(form.name[form.n], sizeof(form.name[0]), "%s", name);
	form.value[form.n++] = strdup(value);
}

static void
clear(void)
{
	while (form.n > 0)
		free(form.value[--form.n]);
}

static int
setup(void **state)
{
	(void)state;
	memset(&cur, 0, sizeof(cur));
	cur.nservices = 2;
	cur.services[0] = (struct settings_service){ 'A', "KTP", 15, 200,
	    14 * 60 };
	cur.services[1] = (struct settings_service){ 'B', "KK", 0, 0, -1 };
	cur.ndesks = 2;
	cur.desks[0] = (struct settings_desk){ 1, "Loket 1", "AB" };
	cur.desks[1] = (struct settings_desk){ 2, "Loket 2", "B" };
	snprintf(cur.running_text, sizeof(cur.running_text),
	    "Selamat datang");
	cur.nquiet = 1;
	cur.quiet[0].from_min = 12 * 60;
	cur.quiet[0].to_min = 13 * 60;
	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.arg = form_arg;
	req.cls = &form;
	req.user = "sari";
	req.role = WEB_ROLE_ADMIN;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	clear();
	return 0;
}

/* The form of the services as the page writes it, unchanged. */
static void
put_services(void)
{
	put("service.A.name", "KTP");
	put("service.A.target_wait", "15");
	put("service.A.quota", "200");
	put("service.A.last_take", "14:00");
	put("service.B.name", "KK");
	put("service.B.target_wait", "0");
	put("service.B.quota", "0");
	put("service.B.last_take", "");
}

static void
set_arg(const char *name, const char *value)
{
	int i;

	for (i = 0; i < form.n; i++)
		if (strcmp(form.name[i], name) == 0) {
			free(form.value[i]);
			form.value[i] = strdup(value);
			return;
		}
	put(name, value);
}

static void
assert_pair(int i, const char *key, const char *value)
{
	assert_true(i < f.cmd.nset);
	assert_string_equal(f.cmd.set[i].key, key);
	assert_string_equal(f.cmd.set[i].value, value);
}

/* Refused: the message at field contains want, and nothing is sent. */
static void
assert_refused(enum sform_kind kind, const char *field, const char *want)
{
	const char *m;

	assert_int_equal(sform_check(kind, &cur, &req, &f), -1);
	assert_int_equal(f.cmd.nset, 0);
	m = sform_message(&f, field);
	if (m == NULL)
		fail_msg("no message at %s", field);
	if (strstr(m, want) == NULL)
		fail_msg("message at %s: \"%s\", wanted \"%s\"", field, m,
		    want);
}

static void
test_services_unchanged(void **state)
{
	(void)state;
	put_services();
	assert_int_equal(sform_check(SFORM_SERVICES, &cur, &req, &f), 0);
	assert_int_equal(f.nerr, 0);
	/* Numbers and times as a person writes them are the same values. */
	set_arg("service.A.quota", " 0200 ");
	set_arg("service.A.last_take", "14.00");
	set_arg("service.B.target_wait", "");
	assert_int_equal(sform_check(SFORM_SERVICES, &cur, &req, &f), 0);
	/* A form without a service's fields changes nothing of it. */
	clear();
	put("service.A.quota", "200");
	assert_int_equal(sform_check(SFORM_SERVICES, &cur, &req, &f), 0);
}

static void
test_services_changed_only(void **state)
{
	(void)state;
	put_services();
	set_arg("service.A.quota", "150");
	set_arg("service.B.name", "  Kartu Keluarga ");
	set_arg("service.B.last_take", "9.30");
	set_arg("service.A.last_take", "");
	assert_int_equal(sform_check(SFORM_SERVICES, &cur, &req, &f), 4);
	assert_int_equal(f.cmd.op, ADMIN_SET);
	assert_string_equal(f.cmd.user, "sari");
	assert_pair(0, "service.A.quota", "150");
	assert_pair(1, "service.A.last_take", "");
	assert_pair(2, "service.B.name", "Kartu Keluarga");
	assert_pair(3, "service.B.last_take", "09:30");
}

static void
test_services_refused(void **state)
{
	static const struct {
		const char	*field, *value, *want;
	} bad[] = {
		{ "service.A.name", "", "Nama wajib diisi" },
		{ "service.A.name", "   ", "Nama wajib diisi" },
		{ "service.A.name", "<script>alert(1)</script>", "< atau >" },
		{ "service.B.name", "KK > KTP", "< atau >" },
		{ "service.A.name", "0123456789012345678901234567890123456789"
		    "012345678901234567890123", "paling banyak 63 byte" },
		{ "service.A.name", "KTP\xff", "tidak sah" },
		{ "service.A.name", "KTP\nKK", "tidak sah" },
		{ "service.A.quota", "-1", "Kuota harus angka 0 sampai 9999" },
		{ "service.A.quota", "abc", "Kuota harus angka 0 sampai 9999" },
		{ "service.A.quota", "10000", "Kuota harus angka 0 sampai" },
		{ "service.A.quota", "1.5", "Kuota harus angka 0 sampai" },
		{ "service.B.target_wait", "601", "Target tunggu harus angka 0 "
		    "sampai 600" },
		{ "service.B.target_wait", "-5", "Target tunggu" },
		{ "service.A.last_take", "25:00", "Jam tutup harus" },
		{ "service.A.last_take", "14:7", "Jam tutup harus" },
		{ "service.A.last_take", "siang", "Jam tutup harus" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		clear();
		put_services();
		/* A valid change beside the wrong one is not sent either. */
		set_arg("service.B.quota", "50");
		set_arg(bad[i].field, bad[i].value);
		assert_refused(SFORM_SERVICES, bad[i].field, bad[i].want);
		assert_int_equal(f.nerr, 1);
	}
	/* Two services of one name: the central refuses it. */
	clear();
	put_services();
	set_arg("service.B.name", "KTP");
	assert_refused(SFORM_SERVICES, "service.B.name",
	    "Nama \u201cKTP\u201d sudah dipakai layanan A");
	/* Names swapped through a third are each someone's once applied;
	 * a name given up in the same form is free. */
	clear();
	put_services();
	set_arg("service.A.name", "Dukcapil");
	set_arg("service.B.name", "KTP");
	assert_int_equal(sform_check(SFORM_SERVICES, &cur, &req, &f), 2);
	/* Several wrong fields: a message at each. */
	clear();
	put_services();
	set_arg("service.A.name", "");
	set_arg("service.B.quota", "-1");
	assert_refused(SFORM_SERVICES, "service.A.name", "wajib");
	assert_non_null(sform_message(&f, "service.B.quota"));
	assert_null(sform_message(&f, "service.A.quota"));
}

static void
test_too_many_pairs(void **state)
{
	char field[48], v[16];
	int i;

	(void)state;
	cur.nservices = SETTINGS_SERVICES_MAX;
	for (i = 0; i < SETTINGS_SERVICES_MAX; i++) {
		cur.services[i] = (struct settings_service){ (char)('A' + i),
		    "X", 0, 0, -1 };
		snprintf(field, sizeof(field), "service.%c.quota", 'A' + i);
		snprintf(v, sizeof(v), "%d", i + 1);
		put(field, v);
		snprintf(field, sizeof(field), "service.%c.target_wait",
		    'A' + i);
		put(field, v);
		snprintf(field, sizeof(field), "service.%c.name", 'A' + i);
		snprintf(v, sizeof(v), "Layanan %c", 'A' + i);
		put(field, v);
	}
	assert_refused(SFORM_SERVICES, "", "paling banyak 64");
}

static void
test_new_service(void **state)
{
	(void)state;
	put("new.letter", "c");
	put("new.name", "Perizinan");
	put("new.target_wait", "20");
	put("new.quota", "");
	put("new.last_take", "15.00");
	assert_int_equal(sform_check(SFORM_NEW_SERVICE, &cur, &req, &f), 4);
	/* The name first: it is what adds the service. */
	assert_pair(0, "service.C.name", "Perizinan");
	assert_pair(1, "service.C.target_wait", "20");
	assert_pair(2, "service.C.quota", "0");
	assert_pair(3, "service.C.last_take", "15:00");

	set_arg("new.name", "KK");
	assert_refused(SFORM_NEW_SERVICE, "new.name",
	    "Nama \u201cKK\u201d sudah dipakai layanan B");
	set_arg("new.name", "Perizinan");
	set_arg("new.letter", "B");
	assert_refused(SFORM_NEW_SERVICE, "new.letter",
	    "Huruf B sudah dipakai");
	set_arg("new.letter", "b");
	assert_refused(SFORM_NEW_SERVICE, "new.letter",
	    "Huruf B sudah dipakai");
	set_arg("new.letter", "1");
	assert_refused(SFORM_NEW_SERVICE, "new.letter", "A sampai Z");
	set_arg("new.letter", "CD");
	assert_refused(SFORM_NEW_SERVICE, "new.letter", "A sampai Z");
	set_arg("new.letter", "\xc3\x89");
	assert_refused(SFORM_NEW_SERVICE, "new.letter", "A sampai Z");
	set_arg("new.letter", "");
	assert_refused(SFORM_NEW_SERVICE, "new.letter", "wajib");
	set_arg("new.letter", "D");
	set_arg("new.name", "");
	assert_refused(SFORM_NEW_SERVICE, "new.name", "Nama wajib diisi");
	set_arg("new.name", "Izin <b>");
	set_arg("new.quota", "-1");
	assert_refused(SFORM_NEW_SERVICE, "new.name", "< atau >");
	assert_non_null(sform_message(&f, "new.quota"));
	assert_null(sform_message(&f, "new.letter"));
}

static void
test_desks(void **state)
{
	static const struct {
		const char	*value, *want;
	} bad[] = {
		{ "AA", "Huruf A tertulis dua kali" },
		{ "ABA", "Huruf A tertulis dua kali" },
		{ "AD", "Layanan D tidak ada" },
		{ "", "paling sedikit satu layanan" },
		{ " , ", "paling sedikit satu layanan" },
		{ "A1", "huruf layanan saja" },
		{ "A<B", "huruf layanan saja" },
	};
	size_t i;

	(void)state;
	put("desk.1.services", "a, b");
	put("desk.2.services", "B");
	assert_int_equal(sform_check(SFORM_DESKS, &cur, &req, &f), 0);
	set_arg("desk.1.services", "BA");
	set_arg("desk.2.services", "ab");
	assert_int_equal(sform_check(SFORM_DESKS, &cur, &req, &f), 2);
	assert_pair(0, "desk.1.services", "BA");
	assert_pair(1, "desk.2.services", "AB");
	/* A desk the hall does not have is no field of the form. */
	put("desk.9.services", "A");
	assert_int_equal(sform_check(SFORM_DESKS, &cur, &req, &f), 2);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		set_arg("desk.2.services", bad[i].value);
		assert_refused(SFORM_DESKS, "desk.2.services", bad[i].want);
	}
}

static void
test_text(void **state)
{
	char *big;

	(void)state;
	put("board.running_text", " Selamat datang ");
	assert_int_equal(sform_check(SFORM_TEXT, &cur, &req, &f), 0);
	set_arg("board.running_text", "Loket 3 tutup\r\njam 12.00");
	assert_int_equal(sform_check(SFORM_TEXT, &cur, &req, &f), 1);
	assert_pair(0, "board.running_text", "Loket 3 tutup  jam 12.00");
	set_arg("board.running_text", "");
	assert_int_equal(sform_check(SFORM_TEXT, &cur, &req, &f), 1);
	assert_pair(0, "board.running_text", "");

	big = malloc(10241);
	memset(big, 'x', 10240);
	big[10240] = '\0';
	set_arg("board.running_text", big);
	assert_refused(SFORM_TEXT, "board.running_text",
	    "terlalu panjang: 10240 byte, paling banyak 511");
	big[512] = '\0';
	set_arg("board.running_text", big);
	assert_refused(SFORM_TEXT, "board.running_text", "512 byte");
	big[511] = '\0';
	set_arg("board.running_text", big);
	assert_int_equal(sform_check(SFORM_TEXT, &cur, &req, &f), 1);
	free(big);
	set_arg("board.running_text", "Antre <script>alert(1)</script>");
	assert_refused(SFORM_TEXT, "board.running_text", "< atau >");
	set_arg("board.running_text", "Antre \xc0\xaf");
	assert_refused(SFORM_TEXT, "board.running_text", "tidak sah");
	set_arg("board.running_text", "Selamat datang \xf0\x9f\x99\x8f");
	assert_int_equal(sform_check(SFORM_TEXT, &cur, &req, &f), 1);
}

static void
test_quiet(void **state)
{
	static const struct {
		const char	*value, *want;
	} bad[] = {
		{ "12:00", "\u201c12:00\u201d tidak dikenal" },
		{ "12:00-", "tidak dikenal" },
		{ "siang", "\u201csiang\u201d tidak dikenal" },
		{ "12:00-24:00", "tidak dikenal" },
		{ "12:00-13:00x", "tidak dikenal" },
		{ "12:00-12:00", "mulai dan selesai sama" },
		{ "1-2,3-4,5-6,7-8,9-10,11-12,13-14,15-16", "tidak dikenal" },
		{ "01:00-02:00,03:00-04:00,05:00-06:00,07:00-08:00,"
		    "09:00-10:00,11:00-12:00,13:00-14:00,15:00-16:00,"
		    "17:00-18:00", "Paling banyak 8" },
	};
	size_t i;

	(void)state;
	put("voice.quiet", "12.00 - 13.00");
	assert_int_equal(sform_check(SFORM_QUIET, &cur, &req, &f), 0);
	set_arg("voice.quiet", "12:00-13:00, 22:00\xe2\x80\x93" "6:00\n"
	    "15.00-15.30");
	assert_int_equal(sform_check(SFORM_QUIET, &cur, &req, &f), 1);
	assert_pair(0, "voice.quiet", "12:00-13:00,22:00-06:00,15:00-15:30");
	set_arg("voice.quiet", " ");
	assert_int_equal(sform_check(SFORM_QUIET, &cur, &req, &f), 1);
	assert_pair(0, "voice.quiet", "");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		set_arg("voice.quiet", bad[i].value);
		assert_refused(SFORM_QUIET, "voice.quiet", bad[i].want);
	}
}

static void
test_users(void **state)
{
	static const struct web_user users[] = {
		{ "sari", WEB_ROLE_ADMIN },
		{ "budi", WEB_ROLE_HEAD },
	};
	const char *name, *pass;
	enum web_role role;

	(void)state;
	put("aksi", "sandi");
	put("user.name", "budi");
	put("user.password", "rahasia-baru");
	put("user.password2", "rahasia-baru");
	assert_int_equal(sform_user(&req, users, 2, &f, &name, &role, &pass),
	    0);
	assert_string_equal(name, "budi");
	assert_string_equal(pass, "rahasia-baru");
	assert_int_equal(role, WEB_ROLE_NONE);
	assert_int_equal(f.cmd.op, ADMIN_NOTE);
	assert_string_equal(f.cmd.user, "sari");
	assert_string_equal(f.cmd.note, "sandi pengguna budi diganti");

	set_arg("user.password2", "rahasia-lain");
	assert_int_equal(sform_user(&req, users, 2, &f, &name, &role, &pass),
	    -1);
	assert_non_null(strstr(sform_message(&f, "user.password2"),
	    "tidak sama"));
	set_arg("user.password", "pendek");
	set_arg("user.password2", "pendek");
	assert_int_equal(sform_user(&req, users, 2, &f, &name, &role, &pass),
	    -1);
	assert_string_equal(sform_message(&f, "user.password"),
	    "Sandi minimal 8 karakter.");
	set_arg("user.name", "tono");
	assert_int_equal(sform_user(&req, users, 2, &f, &name, &role, &pass),
	    -1);
	assert_non_null(sform_message(&f, "user.name"));

	clear();
	put("aksi", "tambah");
	put("new_user.name", "tono");
	put("new_user.role", "admin");
	put("new_user.password", "12345678");
	put("new_user.password2", "12345678");
	assert_int_equal(sform_user(&req, users, 2, &f, &name, &role, &pass),
	    0);
	assert_string_equal(name, "tono");
	assert_int_equal(role, WEB_ROLE_ADMIN);
	assert_string_equal(f.cmd.note, "pengguna tono ditambah (admin)");
	set_arg("new_user.role", "kepala");
	assert_int_equal(sform_user(&req, users, 2, &f, &name, &role, &pass),
	    0);
	assert_string_equal(f.cmd.note, "pengguna tono ditambah (kepala)");
	set_arg("new_user.role", "root");
	set_arg("new_user.name", "Tono");
	assert_int_equal(sform_user(&req, users, 2, &f, &name, &role, &pass),
	    -1);
	assert_non_null(sform_message(&f, "new_user.role"));
	assert_non_null(strstr(sform_message(&f, "new_user.name"),
	    "huruf kecil"));
	set_arg("new_user.name", "budi");
	assert_int_equal(sform_user(&req, users, 2, &f, &name, &role, &pass),
	    -1);
	assert_string_equal(sform_message(&f, "new_user.name"),
	    "Pengguna budi sudah ada.");
	set_arg("aksi", "hapus");
	assert_int_equal(sform_user(&req, users, 2, &f, &name, &role, &pass),
	    -1);
	assert_non_null(sform_message(&f, ""));
}

static void
test_text_ok(void **state)
{
	(void)state;
	assert_true(sform_text_ok("Pelayanan \xc3\xa9 \xe2\x80\x93 ok"));
	assert_false(sform_text_ok("\xe0\x80\xaf"));	/* overlong */
	assert_false(sform_text_ok("\xed\xa0\x80"));	/* surrogate */
	assert_false(sform_text_ok("\xf4\x90\x80\x80"));	/* > U+10FFFF */
	assert_false(sform_text_ok("\xc2"));		/* cut */
	assert_false(sform_text_ok("\xc2\x85"));	/* C1 control */
	assert_false(sform_text_ok("a\tb"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_services_unchanged,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_services_changed_only,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_services_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_pairs,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_service,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_desks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quiet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users, setup, teardown),
		cmocka_unit_test(test_text_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
