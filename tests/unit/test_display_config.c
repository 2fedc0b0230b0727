/*
 * test_display_config.c - antre-display's configuration: a good file
 * loads; every kind of mistake is reported with file and line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config.h"
#include "logcap.h"

static int
load(const char *path, void *c)
{
	return config_load(path, c);
}

static const char good[] =
    "; a hall\n"
    "[hall]\n"
    "id = mpp-contoh\n"
    "name = Mal Pelayanan Publik Kabupaten Contoh\n"
    "\n"
    "[mqtt]\n"
    "host = 10.0.0.2\n"
    "port = 1884\n"
    "username = central\n"
    "password = rahasia\n"
    "\n"
    "[store]\n"
    "path = /tmp/x.db\n"
    "max_size_mb = 500\n"
    "[queue]\n"
    "day_start = 05:30\n"
    "max_recalls = 2\n"
    "[limits]\n"
    "desk_guard_ms = 1200\n"
    "kiosk_takes_per_min = 20\n"
    "kiosk_burst = 3\n"
    "kiosk_inflight = 4\n"
    "refusals_per_min = 10\n"
    "flood_per_min = 600\n"
    "flood_burst = 40\n"
    "flood_mute_s = 30\n"
    "[board]\n"
    "output = x11\n"
    "width = 1280\n"
    "height = 720\n"
    "calls = 7\n"
    "rotate = 270\n"
    "highlight_s = 5\n"
    "clock_seconds = yes\n"
    "running_text = Loket buka pukul 08.00 - 15.00 WIB\n"
    "running_speed = 120\n"
    "[theme]\n"
    "accent = #ffcc00\n"
    "[labels]\n"
    "now_calling = Now calling\n"
    "[service A]\n"
    "name = KTP & KK\n"
    "target_wait = 30\n"
    "last_take = 01:30\n"
    "[service B]\n"
    "name = BPJS Kesehatan\n"
    "source = kiosk\n"
    "priority_every = 3\n"
    "quota = 150\n"
    "[desk 1]\n"
    "services = A\n"
    "[desk 2]\n"
    "name = Loket BPJS\n"
    "services = B, A\n";

static void
test_good(void **state)
{
	struct conf c;
	char *path = tmpfile_with(good);

	(void)state;
	logcap_start();
	assert_int_equal(config_load(path, &c), 0);
	assert_string_equal(logcap_stop(), "");
	assert_string_equal(c.hall, "mpp-contoh");
	assert_string_equal(c.prefix, "antre/mpp-contoh");
	assert_string_equal(c.render.office,
	    "Mal Pelayanan Publik Kabupaten Contoh");
	assert_string_equal(c.mqtt.host, "10.0.0.2");
	assert_int_equal(c.mqtt.port, 1884);
	assert_string_equal(c.mqtt.password, "rahasia");
	assert_string_equal(c.db_path, "/tmp/x.db");
	assert_int_equal(c.db_max_mb, 500);
	assert_int_equal(c.queue.day_start_min, 5 * 60 + 30);
	assert_int_equal(c.queue.max_recalls, 2);
	assert_int_equal(c.limits.desk_guard_ms, 1200);
	assert_int_equal(c.limits.kiosk_rate, 20);
	assert_int_equal(c.limits.kiosk_burst, 3);
	assert_int_equal(c.limits.kiosk_inflight, 4);
	assert_int_equal(c.limits.refusals_per_min, 10);
	assert_int_equal(c.limits.flood_per_min, 600);
	assert_int_equal(c.limits.flood_burst, 40);
	assert_int_equal(c.limits.flood_mute_s, 30);
	assert_string_equal(c.output.kind, "x11");
	assert_int_equal(c.output.width, 1280);
	assert_int_equal(c.queue.board_calls, 7);
	assert_int_equal(c.output.rotate, 270);
	assert_int_equal(c.render.highlight_ms, 5000);
	assert_true(c.render.clock_seconds);
	assert_string_equal(c.render.marquee,
	    "Loket buka pukul 08.00 - 15.00 WIB");
	assert_int_equal(c.render.marquee_speed, 120);
	assert_int_equal(c.render.marquee_fps, 30);
	assert_true(c.render.theme.accent.r == 1.0);
	assert_true(c.render.theme.accent.b == 0.0);
	assert_string_equal(c.render.labels.now_calling, "Now calling");
	/* Labels not set keep their Indonesian default. */
	assert_string_equal(c.render.labels.desk_paused, "istirahat");
	assert_int_equal(c.queue.nservices, 2);
	assert_int_equal(c.queue.services[0].letter, 'A');
	assert_int_equal(c.queue.services[0].target_wait_min, 30);
	assert_int_equal(c.queue.services[1].source, SOURCE_KIOSK);
	/* Priority first, no quota, no cut-off, unless set. */
	assert_int_equal(c.queue.services[0].priority_every, 0);
	assert_int_equal(c.queue.services[0].quota, 0);
	assert_true(c.queue.services[0].last_take);
	assert_int_equal(c.queue.services[0].last_take_min, 90);
	assert_int_equal(c.queue.services[1].priority_every, 3);
	assert_int_equal(c.queue.services[1].quota, 150);
	assert_false(c.queue.services[1].last_take);
	assert_string_equal(c.render.labels.priority, "Prioritas");
	assert_string_equal(c.render.labels.quota, "Kuota habis");
	assert_string_equal(c.render.labels.closed, "Pendaftaran ditutup");
	assert_int_equal(c.queue.ndesks, 2);
	assert_string_equal(c.queue.desks[0].name, "Loket 1");
	assert_string_equal(c.queue.desks[1].name, "Loket BPJS");
	assert_string_equal(c.queue.desks[1].services, "BA");
	unlink(path);
	free(path);
}

static const char tail[] =
    "[service A]\nname = A\n[desk 1]\nservices = A\n";

struct bad {
	const char	*text;		/* prepended to tail */
	int		 line;		/* 0: a whole-file error */
	const char	*expect;
};

static const struct bad bads[] = {
	{ "[hall\n", 1, "syntax error" },
	{ "just words\n", 1, "syntax error" },
	{ "[hall]\nid = Bad Id\n", 2, "id: expected lower-case" },
	{ "[hall]\nrole = boss\n", 2,
	    "role: expected central or screen, not \"boss\"" },
	{ "[board]\nwdth = 3\n", 2, "unknown key \"wdth\" in [board]" },
	{ "\n\n[board]\nwidth = abc\n", 4,
	    "width: expected a whole number from 320 to 7680, not \"abc\"" },
	{ "[board]\nheight = 99999\n", 2, "height: expected a whole number" },
	{ "[board]\noutput = hdmi\n", 2,
	    "output: expected png, x11, drm or fbdev, not \"hdmi\"" },
	{ "[board]\nrotate = 45\n", 2, "rotate: expected 0, 90, 180 or 270" },
	{ "[board]\nhighlight_s = -1\n", 2,
	    "highlight_s: expected a whole number from 0 to 600" },
	{ "[board]\nlogo = /nonexistent/logo.png\n", 2,
	    "logo: /nonexistent/logo.png: No such file or directory" },
	{ "[board]\nrunning_fps = 0\n", 2, "running_fps: expected a whole" },
	{ "[board]\nclock_seconds = kadang\n", 2, "clock_seconds: expected" },
	{ "[board]\nrunning_text = a\tb\n", 2, "running_text: " },
	{ "[foo]\nx = 1\n", 1, "unknown section [foo]" },
	{ "[desk 0]\nname = x\n", 1, "expected a desk number from 1 to 999" },
	{ "[desk abc]\nname = x\n", 1, "expected a desk number" },
	{ "[service a]\nname = x\n", 1, "expected one capital letter" },
	{ "[service A]\nsource = paper\n", 2, "expected roll or kiosk" },
	{ "[theme]\ntext = red\n", 2, "expected a colour like #1a2b3c" },
	{ "[queue]\nday_start = 5am\n", 2,
	    "day_start: expected a time like 05:00, not \"5am\"" },
	{ "[queue]\nday_start = 24:00\n", 2, "expected a time like 05:00" },
	{ "[mqtt]\nport = 0\n", 2, "port: expected a whole number from 1" },
	{ "[limits]\ndesk_guard_ms = -1\n", 2, "desk_guard_ms: expected a "
	    "whole number from 0" },
	{ "[limits]\nkiosk_burst = 0\n", 2, "kiosk_burst: expected" },
	{ "[limits]\nguard = 2\n", 2, "guard" },
	{ "[desk 3]\nservices = A a\n", 2, "expected service letters" },
	{ "[desk 3]\nservices = A A\n", 2, "A listed twice" },
	{ "[desk 3]\nservices = Z\n", 0, "[desk 3]: service Z has no "
	    "[service Z] section" },
	{ "[desk 4]\nname = x\n", 0, "[desk 4]: no services = line" },
	{ "[hall]\nprefix = antre/+\n", 0, "no wildcards" },
	{ "[hall]\nname = "
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "4567890123456789012345678901234567890123456789012345678901234567"
	    "8901234567890123456789012345678901234567890123456789012345678901"
	    "2345678901234567890123456789\n", 2,
	    "name: 220 bytes, at most 159" },
	{ "key = 1\n", 1, "key \"key\" outside any [section]" },
	{ "[desk 2]\nservices = A\nname = Loket \xff\n", 3,
	    "name: invalid UTF-8 at byte 6" },
	{ "[service C]\nname = BPJS\tKesehatan\n", 2,
	    "name: control character at byte 4" },
	{ "[desk 2]\nservices = A\nname = "
	    "Loket Prioritas untuk lansia, penyandang disabilitas, dan ibu hamil\n", 3,
	    "name: 67 bytes, at most 63" },
	{ "[voice]\ntemplate = chime {nomor} {desk}\n", 2,
	    "template: unknown placeholder {nomor}" },
	{ "[voice]\ntemplate = chime ../../etc/bell\n", 2,
	    "template: \"../../etc/bell\" is not a clip name" },
	{ "[voice]\nquiet = 12-13\n", 2,
	    "quiet: expected a time like 05:00, not \"12\"" },
	{ "[voice]\nquiet = 10:00-10:00\n", 2,
	    "quiet: \"10:00-10:00\" is an empty range" },
	{ "[voice]\nquiet = 12:00-13:00, noon\n", 2,
	    "quiet: expected hours like \"12:00-13:00\", not \"noon\"" },
	{ "[voice]\nrepeat = 9\n", 2,
	    "repeat: expected a whole number from 1 to 5, not \"9\"" },
	{ "[voice]\noutput = speaker\n", 2,
	    "output: expected alsa, wav or none, not \"speaker\"" },
	{ "[voice]\noutput = wav\n", 0,
	    "[voice] output = wav needs wav_path" },
	/* A second section of one desk or service is a mistake, not a
	 * merge: reported at the second header. */
	{ "[desk 1]\nservices = A\n", 5,
	    "[desk 1] again (first at line 1)" },
	{ "[desk 7]\nname = x\nservices = A\n[desk 7]\nname = y\n", 4,
	    "[desk 7] again (first at line 1)" },
	{ "[service A]\nname = B\n", 3,
	    "[service A] again (first at line 1)" },
	/* Quotas and cut-off (the service day starts at 04:00). */
	{ "[service K]\nsource = kiosk\nquota = 0\n", 3,
	    "quota = 0 would refuse every ticket: remove the line for no "
	    "quota" },
	{ "[service K]\nsource = kiosk\nquota = -5\n", 3,
	    "quota: expected a whole number from 1 to 9999" },
	{ "[service K]\nquota = 10\n", 0,
	    "[service K]: quota counts kiosk tickets (source = kiosk), not a "
	    "roll's" },
	{ "[service K]\nlast_take = 14.30\n", 2,
	    "last_take: expected a time like 05:00, not \"14.30\"" },
	{ "[service K]\nlast_take = 04:00\n", 0,
	    "[service K]: last_take is the day's start (day_start): no ticket "
	    "could be taken" },
	{ "[service K]\npriority_every = 100\n", 2,
	    "priority_every: expected a whole number from 0 to 99" },
	{ "[mqtt]\nmax_packet_size = 100\n", 2,
	    "max_packet_size: expected a whole number from 1024" },
};

static void
test_bad(void **state)
{
	char text[2048];
	struct conf c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		snprintf(text, sizeof(text), "%s%s", bads[i].text, tail);
		expect_conf_error(load, &c, text, bads[i].line,
		    bads[i].expect, (int)i);
	}
}

/* Every [voice] key; a hall without [voice] has no voice. */
static void
test_voice(void **state)
{
	struct conf c;
	struct voice_conf *v = &c.voice;
	char *path = tmpfile_with("[voice]\n"
	    "output = wav\n"
	    "device = hw:1,0\n"
	    "wav_path = /tmp/said.wav\n"
	    "clips = /srv/antre/voice\n"
	    "template = chime {ticket} silakan-ke-loket {desk} {service}\n"
	    "repeat = 2\n"
	    "gap_ms = 900\n"
	    "word_gap_ms = 80\n"
	    "volume = 75\n"
	    "quiet = 12:00-13:00, 22:00-05:00\n"
	    "quiet = 15:30-15:45\n"
	    "[service A]\nname = A\n[desk 1]\nservices = A\n");

	(void)state;
	logcap_start();
	assert_int_equal(config_load(path, &c), 0);
	assert_string_equal(logcap_stop(), "");
	assert_true(v->enabled);
	assert_string_equal(v->audio.kind, "wav");
	assert_string_equal(v->audio.device, "hw:1,0");
	assert_string_equal(v->audio.wav_path, "/tmp/said.wav");
	assert_string_equal(v->clips, "/srv/antre/voice");
	assert_int_equal(v->tmpl.ntokens, 5);
	assert_string_equal(v->tmpl.tokens[0], "chime");
	assert_string_equal(v->tmpl.tokens[1], "{ticket}");
	assert_string_equal(v->tmpl.tokens[2], "silakan-ke-loket");
	assert_string_equal(v->tmpl.tokens[3], "{desk}");
	assert_string_equal(v->tmpl.tokens[4], "{service}");
	assert_int_equal(v->repeat, 2);
	assert_int_equal(v->gap_ms, 900);
	assert_int_equal(v->word_gap_ms, 80);
	assert_int_equal(v->volume, 75);
	/* Each quiet = line adds its ranges. */
	assert_int_equal(v->nquiet, 3);
	assert_int_equal(v->quiet[0].from_min, 12 * 60);
	assert_int_equal(v->quiet[0].to_min, 13 * 60);
	assert_int_equal(v->quiet[1].from_min, 22 * 60);
	assert_int_equal(v->quiet[1].to_min, 5 * 60);
	assert_int_equal(v->quiet[2].from_min, 15 * 60 + 30);
	assert_int_equal(v->quiet[2].to_min, 15 * 60 + 45);
	unlink(path);
	free(path);

	path = tmpfile_with("[voice]\noutput = none\n"
	    "[service A]\nname = A\n[desk 1]\nservices = A\n");
	logcap_start();
	assert_int_equal(config_load(path, &c), 0);
	assert_string_equal(logcap_stop(), "");
	assert_false(v->enabled);
	unlink(path);
	free(path);

	path = tmpfile_with(tail);
	logcap_start();
	assert_int_equal(config_load(path, &c), 0);
	assert_string_equal(logcap_stop(), "");
	assert_false(v->enabled);
	assert_int_equal(v->repeat, 1);
	assert_int_equal(v->volume, 100);
	assert_int_equal(v->nquiet, 0);
	assert_int_equal(v->tmpl.ntokens, 6);
	unlink(path);
	free(path);
}

/* All mistakes of a file are reported at once, each with its line. */
static void
test_all_errors(void **state)
{
	struct conf c;
	const char *log;
	char want[128];
	char *path = tmpfile_with("[board]\nwidth = x\nheight = y\n"
	    "[nope]\na = b\n[service A]\nname = A\n[desk 1]\nservices = A\n");
	int line;

	(void)state;
	logcap_start();
	assert_int_equal(config_load(path, &c), -1);
	log = logcap_stop();
	for (line = 2; line <= 4; line++) {
		snprintf(want, sizeof(want), "%s:%d: ", path, line);
		if (strstr(log, want) == NULL)
			fail_msg("no error for line %d:\n%s", line, log);
	}
	/* The keys of an unknown section are not reported again. */
	snprintf(want, sizeof(want), "%s:5: ", path);
	assert_null(strstr(log, want));
	unlink(path);
	free(path);
}

static void
test_missing_files(void **state)
{
	struct conf c;
	const char *log;
	char want[256];
	char *path;

	(void)state;
	logcap_start();
	assert_int_equal(config_load("/nonexistent/antre.conf", &c), -1);
	log = logcap_stop();
	assert_non_null(strstr(log, "/nonexistent/antre.conf: No such file"));

	path = tmpfile_with("[mqtt]\nusername = central\n"
	    "password_file = /nonexistent/pw\n"
	    "[service A]\n[desk 1]\nservices = A\n");
	logcap_start();
	assert_int_equal(config_load(path, &c), -1);
	log = logcap_stop();
	/* The configuration's file and line that name it. */
	snprintf(want, sizeof(want), "%s:3: password_file: /nonexistent/pw: "
	    "No such file", path);
	if (strstr(log, want) == NULL)
		fail_msg("want \"%s\", log:\n%s", want, log);
	unlink(path);
	free(path);
}

/* A password longer than the buffer is an error, never cut. */
static void
test_password_file(void **state)
{
	char text[256], want[512], pw[200];
	struct conf c;
	const char *log;
	char *path, *pwpath;

	(void)state;
	memset(pw, 'x', sizeof(pw) - 2);
	pw[sizeof(pw) - 2] = '\n';
	pw[sizeof(pw) - 1] = '\0';
	pwpath = tmpfile_with(pw);
	snprintf(text, sizeof(text), "[mqtt]\npassword_file = %s\n"
	    "[service A]\n[desk 1]\nservices = A\n", pwpath);
	path = tmpfile_with(text);
	logcap_start();
	assert_int_equal(config_load(path, &c), -1);
	log = logcap_stop();
	snprintf(want, sizeof(want), "%s:2: password_file: %s: first line "
	    "longer than 127 bytes", path, pwpath);
	if (strstr(log, want) == NULL)
		fail_msg("want \"%s\", log:\n%s", want, log);
	unlink(pwpath);
	free(pwpath);

	/* 127 bytes fit, without the line end. */
	pw[127] = '\r';
	pw[128] = '\n';
	pw[129] = '\0';
	pwpath = tmpfile_with(pw);
	unlink(path);
	free(path);
	snprintf(text, sizeof(text), "[mqtt]\npassword_file = %s\n"
	    "[service A]\n[desk 1]\nservices = A\n", pwpath);
	path = tmpfile_with(text);
	logcap_start();
	assert_int_equal(config_load(path, &c), 0);
	assert_string_equal(logcap_stop(), "");
	assert_int_equal(strlen(c.mqtt.password), 127);
	unlink(pwpath);
	free(pwpath);
	unlink(path);
	free(path);
}

/* 63 bytes of two-byte letters: as long as a name may be. */
#define ACCENTED_63 \
	"\xc3\x89\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xa0\xc3\xa2\xc3\xb4\xc3\xbb" \
	"\xc3\x89\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xa0\xc3\xa2\xc3\xb4\xc3\xbb" \
	"\xc3\x89\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xa0\xc3\xa2\xc3\xb4\xc3\xbb" \
	"\xc3\x89\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xa0\xc3\xa2\xc3\xb4x"

/* 63 bytes that JSON escapes each: the longest a name can be written. */
#define QUOTES_63 \
	"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"" \
	"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\""

/* The largest hall: every desk and service the configuration allows, with
 * the longest names, the longest prefix and every call kept. */
static char *
big_hall(const char *name, int ndesks, int nservices, int calls,
    const char *mqtt)
{
	size_t len = 1 << 20, off = 0;
	char *text = malloc(len);
	int i;

	assert_non_null(text);
	off += snprintf(text + off, len - off, "[hall]\nid = x\nprefix = %s\n"
	    "[board]\ncalls = %d\n[mqtt]\n%s\n",
	    "antre/0123456789012345678901234567890123456789012345678901234"
	    "5678901234567890123456789012345678", calls, mqtt);
	for (i = 0; i < nservices; i++)
		off += snprintf(text + off, len - off, "[service %c]\n"
		    "name = %s\n", 'A' + i, name);
	for (i = 0; i < ndesks; i++)
		off += snprintf(text + off, len - off, "[desk %d]\nname = %s\n"
		    "services = A\n", 999 - i, name);
	return text;
}

/* The board the configuration allows at worst, against the broker's
 * limit: the shipped limit holds every configuration the checks let
 * through; a smaller one refuses a hall whose board cannot fit. */
static void
test_board_size(void **state)
{
	struct conf c;
	const char *log;
	size_t worst;
	char *text, *path;

	(void)state;
	/* The largest hall there can be. */
	text = big_hall(QUOTES_63, QUEUE_MAX_DESKS, QUEUE_MAX_SERVICES,
	    BOARD_MAX_CALLS, "");
	path = tmpfile_with(text);
	logcap_start();
	assert_int_equal(config_load(path, &c), 0);
	assert_string_equal(logcap_stop(), "");
	worst = config_board_packet(&c);
	print_message("largest board packet possible: %zu bytes "
	    "(limit %d)\n", worst, PROTO_PACKET_MAX);
	assert_true(worst > 12000);
	assert_true(worst <= PROTO_PACKET_MAX);
	unlink(path);
	free(path);
	free(text);

	/* The most desks, with long accented names: too much for 8 KiB. */
	text = big_hall(ACCENTED_63, QUEUE_MAX_DESKS, 26, 10,
	    "max_packet_size = 8192");
	path = tmpfile_with(text);
	logcap_start();
	assert_int_equal(config_load(path, &c), -1);
	log = logcap_stop();
	if (strstr(log, "the board can reach ") == NULL ||
	    strstr(log, "more than the broker's max_packet_size of 8192") ==
	    NULL || strstr(log, "shorten the desk and service names") ==
	    NULL)
		fail_msg("log:\n%s", log);
	unlink(path);
	free(path);
	free(text);

	/* A quarter of the desks, fewer services and calls fit. */
	text = big_hall(ACCENTED_63, QUEUE_MAX_DESKS / 4, 3, 3,
	    "max_packet_size = 8192");
	path = tmpfile_with(text);
	logcap_start();
	assert_int_equal(config_load(path, &c), 0);
	assert_string_equal(logcap_stop(), "");
	assert_true(config_board_packet(&c) <= 8192);
	assert_true(config_board_packet(&c) > 5000);
	unlink(path);
	free(path);
	free(text);
}

static void
test_screen_needs_no_desks(void **state)
{
	struct conf c;
	char *path = tmpfile_with("[hall]\nid = x\nrole = screen\n");

	(void)state;
	logcap_start();
	assert_int_equal(config_load(path, &c), 0);
	logcap_stop();
	assert_int_equal(c.role, ROLE_SCREEN);
	unlink(path);
	free(path);

	path = tmpfile_with("[hall]\nid = x\n");
	logcap_start();
	assert_int_equal(config_load(path, &c), -1);
	assert_non_null(strstr(logcap_stop(), "no [service X] section"));
	unlink(path);
	free(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_voice),
		cmocka_unit_test(test_all_errors),
		cmocka_unit_test(test_missing_files),
		cmocka_unit_test(test_password_file),
		cmocka_unit_test(test_board_size),
		cmocka_unit_test(test_screen_needs_no_desks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
