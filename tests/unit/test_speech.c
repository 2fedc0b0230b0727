/*
 * test_speech.c - Indonesian number words, letters, templates and the
 * clips of a whole announcement.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "speech.h"

static const char *
t_words(int n, char *buf, size_t len)
{
	const char *w[16];
	size_t o = 0;
	int i, k = 0;

	buf[0] = '\0';
	if (speech_number(n, w, &k, 16) == -1)
		return "(error)";
	for (i = 0; i < k; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? " " : "",
		    w[i]);
	return buf;
}

static void
test_numbers(void **state)
{
	static const struct {
		int		 n;
		const char	*words;
	} cases[] = {
		{ 0, "nol" }, { 1, "satu" }, { 9, "sembilan" },
		{ 10, "sepuluh" }, { 11, "sebelas" }, { 12, "dua belas" },
		{ 19, "sembilan belas" }, { 20, "dua puluh" },
		{ 21, "dua puluh satu" }, { 99, "sembilan puluh sembilan" },
		{ 100, "seratus" }, { 101, "seratus satu" },
		{ 110, "seratus sepuluh" }, { 111, "seratus sebelas" },
		{ 199, "seratus sembilan puluh sembilan" },
		{ 200, "dua ratus" },
		{ 999, "sembilan ratus sembilan puluh sembilan" },
		{ 1000, "seribu" }, { 1001, "seribu satu" },
		{ 1100, "seribu seratus" },
		{ 2024, "dua ribu dua puluh empat" },
		{ 9999, "sembilan ribu sembilan ratus sembilan puluh "
		    "sembilan" },
		{ 123, "seratus dua puluh tiga" },
		{ 1015, "seribu lima belas" },
		{ 3200, "tiga ribu dua ratus" },
	};
	char buf[256];
	const char *w[4];
	size_t i;
	int k = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(t_words(cases[i].n, buf, sizeof(buf)),
		    cases[i].words);
	assert_int_equal(speech_number(-1, w, &k, 4), -1);
	assert_int_equal(speech_number(10000, w, &k, 4), -1);
	/* Too little room: an error, and nothing half-written counted. */
	assert_int_equal(speech_number(9999, w, &k, 4), -1);
	assert_int_equal(k, 0);
}

/* Every clip a number can use is in the vocabulary the voice is made
 * from. */
static void
test_vocabulary(void **state)
{
	const char *w[16];
	size_t j;
	int n, i, k, found;

	(void)state;
	for (n = 0; n <= 9999; n++) {
		k = 0;
		assert_int_equal(speech_number(n, w, &k, 16), 0);
		for (i = 0; i < k; i++) {
			for (found = 0, j = 0; j < speech_nwords; j++)
				found |= strcmp(speech_words[j].clip, w[i]) == 0;
			if (!found)
				fail_msg("%d: clip %s not in the vocabulary", n,
				    w[i]);
		}
	}
	assert_string_equal(speech_letter('A'), "huruf-a");
	assert_string_equal(speech_letter('c'), "huruf-c");
	assert_string_equal(speech_letter('Z'), "huruf-z");
	assert_null(speech_letter('1'));
}

static bool
t_has_loket_7(const char *clip, void *arg)
{
	(void)arg;
	return strcmp(clip, "loket-7") == 0 || strcmp(clip, "layanan-b") == 0;
}

static void
t_join(char names[][SPEECH_NAME_MAX], int n, char *buf, size_t len)
{
	size_t o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s", i ? " " : "",
		    names[i]);
}

static void
test_announcement(void **state)
{
	struct speech_template t;
	struct board_call c;
	char names[SPEECH_MAX][SPEECH_NAME_MAX], buf[1024], err[128];
	int n;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.ticket.service = 'A';
	c.ticket.number = 123;
	c.desk = 3;
	assert_int_equal(speech_template_parse(SPEECH_TEMPLATE, &t, err,
	    sizeof(err)), 0);
	n = speech_call(&t, &c, NULL, NULL, names, SPEECH_MAX);
	t_join(names, n, buf, sizeof(buf));
	assert_string_equal(buf, "chime nomor-antrean huruf-a seratus dua "
	    "puluh tiga silakan-ke-loket tiga");

	/* An office's own template: its recorded desk and service clips
	 * when they exist, the number in words when not. */
	assert_int_equal(speech_template_parse("  chime  nomor-antrian "
	    "{ticket} {service} menuju-loket {desk} ", &t, err, sizeof(err)),
	    0);
	c.ticket.service = 'B';
	c.ticket.number = 1001;
	c.desk = 7;
	n = speech_call(&t, &c, t_has_loket_7, NULL, names, SPEECH_MAX);
	t_join(names, n, buf, sizeof(buf));
	assert_string_equal(buf, "chime nomor-antrian huruf-b seribu satu "
	    "layanan-b menuju-loket loket-7");
	c.desk = 12;
	c.ticket.service = 'C';
	n = speech_call(&t, &c, t_has_loket_7, NULL, names, SPEECH_MAX);
	t_join(names, n, buf, sizeof(buf));
	assert_string_equal(buf, "chime nomor-antrian huruf-c seribu satu "
	    "menuju-loket dua belas");

	/* No ticket, nothing to say; no room, an error. */
	c.ticket.number = 0;
	assert_int_equal(speech_call(&t, &c, NULL, NULL, names, SPEECH_MAX),
	    -1);
	c.ticket.number = 9999;
	assert_int_equal(speech_call(&t, &c, NULL, NULL, names, 3), -1);
}

static void
test_template_errors(void **state)
{
	struct speech_template t;
	char err[128];

	(void)state;
	assert_int_equal(speech_template_parse("chime {nomor}", &t, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown placeholder {nomor}"));
	assert_int_equal(speech_template_parse("chime ke/loket", &t, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "\"ke/loket\" is not a clip name"));
	assert_int_equal(speech_template_parse("   ", &t, err, sizeof(err)),
	    -1);
	assert_string_equal(err, "empty");
	assert_int_equal(speech_template_parse("a b c d e f g h i j k l m n o "
	    "p q r s t u v w x y", &t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more than 24 words"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_vocabulary),
		cmocka_unit_test(test_announcement),
		cmocka_unit_test(test_template_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
