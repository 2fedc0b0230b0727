/*
 * test_web_auth.c - who may come into antre-web: the users file
 * (display/web/web-users.c: add, check, a wrong password, a changed
 * password, bad names and passwords, mode 0600, a user removed), the
 * sessions (session.c: ids and tokens, idle and absolute expiry at a
 * given now, logout, a full table), the login throttle (throttle.c: 2,
 * 4, 8 ... 60 s after 3 failures) and the request's arguments (form.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "form.h"
#include "session.h"
#include "throttle.h"
#include "web-users.h"

static char dir[64], users[128];

static int
setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/antre-webauth-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(users, sizeof(users), "%s/web-users", dir);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_users(void **state)
{
	struct web_user u[8];
	struct stat st;
	char why[160], line[512];
	FILE *f;

	/* No file: nobody. */
	assert_int_equal(web_users_list(users, u, 8), 0);
	assert_int_equal(web_users_check(users, "sari", "rahasia123"),
	    WEB_ROLE_NONE);

	assert_int_equal(web_users_set(users, "sari", WEB_ROLE_ADMIN,
	    "rahasia123", why, sizeof(why)), 0);
	assert_int_equal(web_users_set(users, "budi.s", WEB_ROLE_HEAD,
	    "kata sandi budi", why, sizeof(why)), 0);
	assert_int_equal(stat(users, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	assert_int_equal(web_users_check(users, "sari", "rahasia123"),
	    WEB_ROLE_ADMIN);
	assert_int_equal(web_users_check(users, "budi.s", "kata sandi budi"),
	    WEB_ROLE_HEAD);
	assert_int_equal(web_users_check(users, "sari", "rahasia124"),
	    WEB_ROLE_NONE);
	assert_int_equal(web_users_check(users, "sari", ""), WEB_ROLE_NONE);
	assert_int_equal(web_users_check(users, "siapa", "rahasia123"),
	    WEB_ROLE_NONE);
	assert_int_equal(web_users_check(users, "budi.s", "rahasia123"),
	    WEB_ROLE_NONE);

	/* The file holds yescrypt hashes, never the password. */
	assert_non_null(f = fopen(users, "r"));
	assert_non_null(fgets(line, sizeof(line), f));
	assert_int_equal(strncmp(line, "sari:admin:$y$", 14), 0);
	assert_null(strstr(line, "rahasia123"));
	fclose(f);

	assert_int_equal(web_users_list(users, u, 8), 2);
	assert_string_equal(u[0].name, "sari");
	assert_int_equal(u[0].role, WEB_ROLE_ADMIN);
	assert_string_equal(u[1].name, "budi.s");
	assert_int_equal(u[1].role, WEB_ROLE_HEAD);

	/* A new password, the role kept. */
	assert_int_equal(web_users_set(users, "sari", WEB_ROLE_NONE,
	    "sandi-baru-99", why, sizeof(why)), 0);
	assert_int_equal(web_users_check(users, "sari", "rahasia123"),
	    WEB_ROLE_NONE);
	assert_int_equal(web_users_check(users, "sari", "sandi-baru-99"),
	    WEB_ROLE_ADMIN);
	/* An unknown user's password cannot be set without a role. */
	assert_int_equal(web_users_set(users, "tamu", WEB_ROLE_NONE,
	    "sandi-tamu-1", why, sizeof(why)), -1);
	assert_string_equal(why, "Pengguna tidak dikenal");

	/* Bad names and passwords, refused with why; nothing written. */
	assert_int_equal(web_users_set(users, "Sari", WEB_ROLE_ADMIN,
	    "rahasia123", why, sizeof(why)), -1);
	assert_non_null(strstr(why, "huruf kecil"));
	assert_int_equal(web_users_set(users, "", WEB_ROLE_ADMIN,
	    "rahasia123", why, sizeof(why)), -1);
	assert_int_equal(web_users_set(users, "a:b", WEB_ROLE_ADMIN,
	    "rahasia123", why, sizeof(why)), -1);
	assert_int_equal(web_users_set(users,
	    "abcdefghijabcdefghijabcdefghijabc", WEB_ROLE_ADMIN,
	    "rahasia123", why, sizeof(why)), -1);
	assert_int_equal(web_users_set(users, "tamu", WEB_ROLE_HEAD,
	    "pendek", why, sizeof(why)), -1);
	assert_string_equal(why, "Sandi minimal 8 karakter");
	assert_int_equal(web_users_set(users, "tamu", WEB_ROLE_HEAD,
	    "baris\nkedua", why, sizeof(why)), -1);
	assert_int_equal(web_users_list(users, u, 8), 2);

	/* Removed. */
	assert_int_equal(web_users_del(users, "sari", why, sizeof(why)), 0);
	assert_int_equal(web_users_check(users, "sari", "sandi-baru-99"),
	    WEB_ROLE_NONE);
	assert_int_equal(web_users_list(users, u, 8), 1);
	assert_int_equal(web_users_del(users, "sari", why, sizeof(why)), -1);
	assert_int_equal(stat(users, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);

	assert_int_equal(web_role_parse("kepala"), WEB_ROLE_HEAD);
	assert_int_equal(web_role_parse("admin"), WEB_ROLE_ADMIN);
	assert_int_equal(web_role_parse("root"), WEB_ROLE_NONE);
}

/* A line that is not name:role:hash is left out, the others kept. */
static void
test_users_bad_lines(void **state)
{
	struct web_user u[8];
	char why[160];
	FILE *f;

	assert_int_equal(web_users_set(users, "sari", WEB_ROLE_ADMIN,
	    "rahasia123", why, sizeof(why)), 0);
	assert_non_null(f = fopen(users, "a"));
	fputs("# komentar\n\nrusak\nraja:root:$y$x\nBESAR:admin:$y$x\n", f);
	fclose(f);
	assert_int_equal(web_users_list(users, u, 8), 1);
	assert_int_equal(web_users_check(users, "sari", "rahasia123"),
	    WEB_ROLE_ADMIN);
	assert_int_equal(web_users_check(users, "raja", "x"), WEB_ROLE_NONE);
}

static bool
hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[64] == '\0';
}

static void
test_sessions(void **state)
{
	struct sessions *s;
	const struct session *a, *b, *f;
	char id_a[SESSION_ID_LEN + 1], id_b[SESSION_ID_LEN + 1];
	char csrf_a[SESSION_ID_LEN + 1];
	time_t t0 = 1700000000;

	/* 8 h at most, 1 h unused. */
	assert_non_null(s = sessions_new(8 * 3600, 3600));
	assert_non_null(a = session_create(s, "sari", WEB_ROLE_ADMIN, t0));
	assert_true(hex64(a->id));
	assert_true(hex64(a->csrf));
	assert_string_not_equal(a->id, a->csrf);
	strcpy(id_a, a->id);
	strcpy(csrf_a, a->csrf);
	assert_non_null(b = session_create(s, "budi", WEB_ROLE_HEAD, t0));
	strcpy(id_b, b->id);
	assert_string_not_equal(id_a, id_b);

	assert_non_null(f = session_find(s, id_a, t0 + 10));
	assert_string_equal(f->user, "sari");
	assert_int_equal(f->role, WEB_ROLE_ADMIN);
	assert_string_equal(f->csrf, csrf_a);
	assert_true(session_token_equal(f->csrf, csrf_a));
	assert_false(session_token_equal(f->csrf, id_a));
	assert_false(session_token_equal(f->csrf, ""));
	assert_false(session_token_equal("", f->csrf));
	assert_true(session_token_equal("", ""));

	/* Forged and malformed ids. */
	assert_null(session_find(s, "00000000000000000000000000000000"
	    "00000000000000000000000000000000", t0));
	assert_null(session_find(s, "", t0));
	assert_null(session_find(s, NULL, t0));
	assert_null(session_find(s, "xyz", t0));
	id_a[63] = id_a[63] == 'a' ? 'b' : 'a';
	assert_null(session_find(s, id_a, t0));
	id_a[63] = a->id[63];
	strcpy(id_a, a->id);

	/* Used every 50 min, sari stays until the absolute end. */
	time_t t;
	for (t = t0 + 3000; t < t0 + 8 * 3600; t += 3000)
		assert_non_null(session_find(s, id_a, t));
	assert_null(session_find(s, id_a, t0 + 8 * 3600));
	/* budi, unused for an hour, is gone. */
	assert_null(session_find(s, id_b, t0 + 3600));
	assert_null(session_find(s, id_b, t0 + 10));
	assert_int_equal(session_count(s, t0 + 10), 0);

	/* Logout ends it; others of the user end on a password change. */
	assert_non_null(a = session_create(s, "sari", WEB_ROLE_ADMIN, t0));
	strcpy(id_a, a->id);
	assert_non_null(b = session_create(s, "sari", WEB_ROLE_ADMIN, t0));
	strcpy(id_b, b->id);
	assert_non_null(session_create(s, "budi", WEB_ROLE_HEAD, t0));
	session_destroy_user(s, "sari", id_b);
	assert_null(session_find(s, id_a, t0 + 1));
	assert_non_null(session_find(s, id_b, t0 + 1));
	session_destroy(s, id_b);
	assert_null(session_find(s, id_b, t0 + 1));
	assert_int_equal(session_count(s, t0 + 1), 1);

	/* An anonymous session has a token and no role. */
	assert_non_null(a = session_create(s, "", WEB_ROLE_ADMIN, t0));
	assert_int_equal(a->role, WEB_ROLE_NONE);
	assert_true(hex64(a->csrf));
	sessions_free(s);
}

/* A full table: visitors' sessions go first, a user's last. */
static void
test_sessions_full(void **state)
{
	struct sessions *s;
	const struct session *a;
	char id[SESSION_ID_LEN + 1];
	int i;

	assert_non_null(s = sessions_new(3600, 3600));
	assert_non_null(a = session_create(s, "sari", WEB_ROLE_ADMIN, 1000));
	strcpy(id, a->id);
	for (i = 0; i < 3 * SESSION_MAX; i++)
		assert_non_null(session_create(s, "", WEB_ROLE_NONE,
		    1001 + i / 100));
	assert_non_null(session_find(s, id, 1100));
	assert_int_equal(session_count(s, 1100), SESSION_MAX);
	sessions_free(s);
}

static void
test_throttle(void **state)
{
	static const int waits[] = { 2, 4, 8, 16, 32, 60, 60 };
	struct throttle *t;
	int64_t now = 5000000;	/* ms */
	size_t i;

	assert_non_null(t = throttle_new());
	assert_int_equal(throttle_wait(t, "ip:10.0.0.5", now), 0);
	assert_int_equal(throttle_fail(t, "ip:10.0.0.5", now), 0);
	assert_int_equal(throttle_fail(t, "ip:10.0.0.5", now), 0);
	assert_int_equal(throttle_wait(t, "ip:10.0.0.5", now), 0);
	for (i = 0; i < sizeof(waits) / sizeof(waits[0]); i++) {
		assert_int_equal(throttle_fail(t, "ip:10.0.0.5", now),
		    waits[i]);
		assert_int_equal(throttle_wait(t, "ip:10.0.0.5", now),
		    waits[i]);
		/* Told in whole seconds, rounded up: never too early. */
		assert_int_equal(throttle_wait(t, "ip:10.0.0.5", now + 1),
		    waits[i]);
		assert_int_equal(throttle_wait(t, "ip:10.0.0.5", now +
		    waits[i] * 1000 - 1), 1);
		/* Another key is not slowed. */
		assert_int_equal(throttle_wait(t, "ip:10.0.0.6", now), 0);
		now += waits[i] * 1000;
		assert_int_equal(throttle_wait(t, "ip:10.0.0.5", now), 0);
	}
	/* A success clears it. */
	throttle_ok(t, "ip:10.0.0.5");
	assert_int_equal(throttle_fail(t, "ip:10.0.0.5", now), 0);
	/* Quiet for 15 minutes: forgotten. */
	assert_int_equal(throttle_fail(t, "user:sari", now), 0);
	assert_int_equal(throttle_fail(t, "user:sari", now), 0);
	assert_int_equal(throttle_fail(t, "user:sari", now + 900000), 0);
	/* A flood of names does not break it. */
	for (i = 0; i < 3 * THROTTLE_KEYS; i++) {
		char key[32];

		snprintf(key, sizeof(key), "user:x%zu", i);
		throttle_fail(t, key, now);
	}
	throttle_free(t);
}

static void
test_form(void **state)
{
	struct form f;
	char body[256];

	memset(&f, 0, sizeof(f));
	strcpy(body, "nama=sari&sandi=a+b%21%C3%A9&kosong=&tanpa&&x=1&x=2");
	assert_int_equal(form_parse(&f, body, strlen(body)), 0);
	assert_string_equal(form_get(&f, "nama"), "sari");
	assert_string_equal(form_get(&f, "sandi"), "a b!\xc3\xa9");
	assert_string_equal(form_get(&f, "kosong"), "");
	assert_string_equal(form_get(&f, "tanpa"), "");
	assert_string_equal(form_get(&f, "x"), "1");
	assert_null(form_get(&f, "y"));
	form_free(&f);

	static const char *bad[] = { "a=%zz", "a=%4", "a=%00", "a=%c3%28",
	    "a=%ed%a0%80", "a=%c0%af", "a=%f4%90%80%80", "%ff=1" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(body, bad[i]);
		if (form_parse(&f, body, strlen(body)) != -1)
			fail_msg("\"%s\" should be refused", bad[i]);
		form_free(&f);
	}
	assert_true(form_utf8("Pelayanan \xe2\x80\x93 KTP", 16));
	assert_false(form_utf8("a\0b", 3));
	assert_false(form_utf8("\xe2\x80", 2));
	/* Too many fields. */
	body[0] = '\0';
	for (i = 0; i < FORM_ARGS_MAX + 1 && strlen(body) < 250; i++)
		strcat(body, "a&");
	if (i > FORM_ARGS_MAX)
		assert_int_equal(form_parse(&f, body, strlen(body)), -1);
	form_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users_bad_lines, setup,
		    teardown),
		cmocka_unit_test(test_sessions),
		cmocka_unit_test(test_sessions_full),
		cmocka_unit_test(test_throttle),
		cmocka_unit_test(test_form),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
