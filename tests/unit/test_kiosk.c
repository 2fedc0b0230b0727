/*
 * test_kiosk.c - antre-kiosk's pure parts: the ESC/POS encoder (read
 * back by escpos-read.c, a reader of its own), the printer status
 * parser, the ticket layout at both paper widths and its preview, the
 * state file, and the configuration's errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include <cmocka.h>

#include "escpos.h"
#include "escpos-read.h"
#include "kconfig.h"
#include "logcap.h"
#include "preview.h"
#include "spool.h"
#include "ticket.h"

static void
test_encoder_bytes(void **state)
{
	static const unsigned char want[] = {
		0x1b, '@', 0x1b, 't', 0,	/* reset, code page 437 */
		0x1b, 'a', 1,			/* centre */
		0x1d, '!', 0x21,		/* 3 wide, 2 high */
		0x1b, 'E', 1,			/* bold */
		'A', ' ', 0xf1, ' ', '2', '-', '3', ' ', 0x82, '?', '\n',
		0x1d, '!', 0x77,		/* 8 x 8: the largest */
		0x1d, '!', 0x07,		/* 0 x 9: 1 wide, 8 high */
		0x1b, 'd', 4,
		0x1d, 'V', 66, 0,		/* feed to the cutter, cut */
	};
	struct escpos e;

	(void)state;
	escpos_init(&e);
	escpos_reset(&e);
	escpos_align(&e, ESCPOS_CENTER);
	escpos_size(&e, 3, 2);
	escpos_bold(&e, true);
	/* ±, an en dash, é and a character code page 437 lacks (→ ?) */
	escpos_text(&e, "A \u00b1 2\u20133 \u00e9\u4e2d");
	escpos_newline(&e);
	escpos_size(&e, 8, 8);
	escpos_size(&e, 0, 9);
	escpos_feed(&e, 4);
	escpos_cut(&e);
	assert_false(e.failed);
	assert_int_equal(e.len, sizeof(want));
	assert_memory_equal(e.buf, want, sizeof(want));
	escpos_free(&e);
}

/* Control characters and broken UTF-8 never reach the printer as
 * commands. */
static void
test_encoder_hostile_text(void **state)
{
	struct escpos e;
	size_t i;

	(void)state;
	escpos_init(&e);
	escpos_text(&e, "a\x1b@\x10\x04\x01\xc3(\xe2\x82");
	for (i = 0; i < e.len; i++)
		assert_true(e.buf[i] >= 0x20);
	assert_memory_equal(e.buf, "a?@???" "?(", 8);
	escpos_free(&e);
}

static void
test_status_request(void **state)
{
	static const unsigned char want[] = { 0x10, 4, 1, 0x10, 4, 2, 0x10,
	    4, 3, 0x10, 4, 4 };
	unsigned char req[12];

	(void)state;
	escpos_status_request(req);
	assert_memory_equal(req, want, sizeof(want));
}

static const struct {
	unsigned char		ans[8];
	size_t			got;
	enum kiosk_printer	want;
	const char		*what;
} statuses[] = {
	{ { 0x12, 0x12, 0x12, 0x12 }, 4, PRINTER_OK, "all well" },
	{ { 0x16, 0x12, 0x12, 0x12 }, 4, PRINTER_OK, "drawer bit only" },
	{ { 0x12, 0x12, 0x12, 0x1e }, 4, PRINTER_PAPER_LOW, "near end" },
	{ { 0x1a, 0x32, 0x12, 0x72 }, 4, PRINTER_PAPER_OUT, "paper end" },
	{ { 0x12, 0x12, 0x12, 0x72 }, 4, PRINTER_PAPER_OUT, "sensor only" },
	{ { 0x1a, 0x16, 0x12, 0x12 }, 4, PRINTER_COVER_OPEN, "cover open" },
	{ { 0x1a, 0x12, 0x12, 0x12 }, 4, PRINTER_OFFLINE, "offline bit" },
	{ { 0x1a, 0x52, 0x32, 0x12 }, 4, PRINTER_ERROR, "unrecoverable" },
	{ { 0x12, 0x12, 0x1a, 0x12 }, 4, PRINTER_ERROR, "cutter error" },
	{ { 0 }, 0, PRINTER_OFFLINE, "silence" },
	{ { 0x12, 0x12 }, 2, PRINTER_OFFLINE, "cut short" },
	{ { 'o', 'k', '\r', '\n' }, 4, PRINTER_ERROR, "text" },
	{ { 0x12, 0x12, 0x12, 0x13 }, 4, PRINTER_ERROR, "bit 0 set" },
	{ { 0x92, 0x12, 0x12, 0x12 }, 4, PRINTER_ERROR, "bit 7 set" },
	{ { 0x12, 0x12, 0x12, 0x12, 0x12 }, 5, PRINTER_ERROR, "too many" },
};

static void
test_status_parse(void **state)
{
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		if (escpos_status_parse(statuses[i].ans, statuses[i].got,
		    &why) != statuses[i].want)
			fail_msg("%s: got %s", statuses[i].what,
			    proto_printer_name(escpos_status_parse(
			    statuses[i].ans, statuses[i].got, &why)));
	}
	escpos_status_parse(statuses[9].ans, 0, &why);
	assert_string_equal(why, "no answer");
	escpos_status_parse((const unsigned char *)"ok\r\n", 4, &why);
	assert_string_equal(why, "not a status byte");
	assert_true(escpos_printer_prints(PRINTER_PAPER_LOW));
	assert_false(escpos_printer_prints(PRINTER_COVER_OPEN));
	assert_string_equal(proto_printer_name(PRINTER_PAPER_OUT),
	    "paper_out");
}

/* 3 December 2026, 19:02 in Jakarta. */
#define T_ISSUED	1796299320000LL

static void
sample(struct ticket_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	ti->office = "Mal Pelayanan Publik Kabupaten Sukamaju";
	ti->footer = "Simpan tiket ini sampai nomor Anda dipanggil.";
	ti->ticket = (struct ticket){ .service = 'B', .number = 123 };
	ti->service_name = "BPJS Kesehatan";
	ti->waiting = 4;
	ti->wait_lo = 20;
	ti->wait_hi = 30;
	ti->time_ms = T_ISSUED;
}

static int
find(const struct tlayout *l, const char *text)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->lines[i].text, text) == 0)
			return i;
	return -1;
}

static void
assert_fits(const struct tlayout *l)
{
	int i;

	for (i = 0; i < l->n; i++)
		if (ticket_text_len(l->lines[i].text) * l->lines[i].w >
		    l->cols)
			fail_msg("line %d \"%s\" x%d does not fit %d columns",
			    i, l->lines[i].text, l->lines[i].w, l->cols);
}

static void
test_date(void **state)
{
	char buf[64];

	(void)state;
	ticket_date(T_ISSUED, buf, sizeof(buf));
	assert_string_equal(buf, "Kamis, 3 Desember 2026 19.02");
	ticket_date(T_ISSUED - 4 * 86400000LL - 12 * 3600000LL, buf,
	    sizeof(buf));
	assert_string_equal(buf, "Minggu, 29 November 2026 07.02");
}

static void
test_layout_58(void **state)
{
	struct ticket_info ti;
	struct tlayout l;
	int num, svc, i;

	(void)state;
	sample(&ti);
	ticket_layout(&ti, 58, &l);
	assert_int_equal(l.cols, 32);
	assert_int_equal(l.dots, 384);
	assert_fits(&l);
	/* The office's name is broken between words. */
	assert_string_equal(l.lines[0].text, "Mal Pelayanan Publik Kabupaten");
	assert_string_equal(l.lines[1].text, "Sukamaju");
	assert_true(find(&l, "NOMOR ANTREAN") >= 0);
	num = find(&l, "B123");
	assert_true(num >= 0);
	/* four characters: the largest size on 32 columns */
	assert_int_equal(l.lines[num].w, 8);
	assert_int_equal(l.lines[num].h, 8);
	assert_true(l.lines[num].bold);
	for (i = 0; i < l.n; i++)
		if (i != num)
			assert_true(l.lines[i].w < 8);
	svc = find(&l, "BPJS Kesehatan");
	assert_true(svc > num);
	assert_int_equal(l.lines[svc].w, 2);
	assert_true(find(&l, "Kamis, 3 Desember 2026 19.02") > svc);
	assert_true(find(&l, "Di depan Anda: 4 orang") >= 0);
	assert_true(find(&l, "Perkiraan tunggu: \u00b1 20\u201330 menit") >=
	    0);
	assert_true(find(&l, "Simpan tiket ini sampai nomor") >= 0);
	assert_true(find(&l, "Anda dipanggil.") >= 0);
	assert_int_equal(find(&l, "* PRIORITAS *"), -1);
	assert_int_equal(find(&l, "(cetak ulang)"), -1);
}

static void
test_layout_variants(void **state)
{
	struct ticket_info ti;
	struct tlayout l;
	int num;

	(void)state;
	sample(&ti);
	ti.ticket.number = 1000;	/* "B1000": five characters */
	ti.priority = true;
	ti.copy = true;
	ti.waiting = 0;
	ti.wait_lo = ti.wait_hi = -1;	/* no estimate: no line */
	ti.service_name = "Perekaman KTP Elektronik dan Kartu Identitas Anak";
	ticket_layout(&ti, 58, &l);
	assert_fits(&l);
	num = find(&l, "B1000");
	assert_int_equal(l.lines[num].w, 6);
	assert_true(find(&l, "* PRIORITAS *") >= 0);
	assert_true(find(&l, "* PRIORITAS *") < num);
	assert_true(find(&l, "(cetak ulang)") >= 0);
	assert_true(find(&l, "Tidak ada antrean di depan Anda") >= 0);
	for (int i = 0; i < l.n; i++)
		assert_null(strstr(l.lines[i].text, "Perkiraan"));
	/* A long service name at size 1, on two lines at most. */
	assert_true(find(&l, "Perekaman KTP Elektronik dan") >= 0);

	sample(&ti);
	ti.wait_lo = ti.wait_hi = 5;
	ti.waiting = -1;	/* unknown: no line */
	ticket_layout(&ti, 80, &l);
	assert_int_equal(l.cols, 48);
	assert_int_equal(l.dots, 576);
	assert_fits(&l);
	/* 48 columns hold the whole office name on one line */
	assert_string_equal(l.lines[0].text,
	    "Mal Pelayanan Publik Kabupaten Sukamaju");
	assert_int_equal(l.lines[find(&l, "B123")].w, 8);
	assert_true(find(&l, "Perkiraan tunggu: \u00b1 5 menit") >= 0);
	for (int i = 0; i < l.n; i++)
		assert_null(strstr(l.lines[i].text, "Di depan"));
}

/* The layout through ESC/POS and back: every line with its text, size
 * and weight, one reset, the feed and one cut; and both pictures. */
static void
test_round_trip(void **state)
{
	struct ticket_info ti;
	struct tlayout l;
	struct escpos e;
	struct er_doc d;
	struct stat st;
	char path[512], want[TLINE_MAX], *p;
	int paper, i;

	(void)state;
	for (paper = 58; paper <= 80; paper += 22) {
		sample(&ti);
		ti.priority = paper == 80;
		ticket_layout(&ti, paper, &l);
		escpos_init(&e);
		ticket_escpos(&l, &e);
		if (escpos_read(e.buf, e.len, &d) == -1)
			fail_msg("%d mm: %s", paper, d.error);
		assert_int_equal(d.resets, 1);
		assert_int_equal(d.cuts, 1);
		assert_int_equal(d.feed, TICKET_FEED);
		assert_int_equal(d.n, l.n);
		for (i = 0; i < l.n; i++) {
			/* The en dash prints as '-' (code page 437). */
			snprintf(want, sizeof(want), "%s", l.lines[i].text);
			if ((p = strstr(want, "\u2013")) != NULL) {
				*p = '-';
				memmove(p + 1, p + 3, strlen(p + 3) + 1);
			}
			assert_string_equal(d.lines[i].text, want);
			assert_int_equal(d.lines[i].w, l.lines[i].w);
			assert_int_equal(d.lines[i].h, l.lines[i].h);
			assert_int_equal(d.lines[i].bold, l.lines[i].bold);
			assert_int_equal(d.lines[i].align, 1);
		}
		snprintf(path, sizeof(path), "%s/kiosk-read-%d.png",
		    TEST_OUT_DIR, paper);
		assert_int_equal(escpos_read_png(&d, l.dots, path), 0);
		assert_int_equal(stat(path, &st), 0);
		snprintf(path, sizeof(path), "%s/kiosk-preview-%d.png",
		    TEST_OUT_DIR, paper);
		assert_int_equal(preview_png(&l, path), 0);
		assert_int_equal(stat(path, &st), 0);
		assert_true(st.st_size > 1000);
		escpos_free(&e);
	}
	/* The reader refuses what a ticket never holds. */
	assert_int_equal(escpos_read((const unsigned char *)"\x1b*x", 3, &d),
	    -1);
	assert_int_equal(escpos_read((const unsigned char *)"abc", 3, &d),
	    -1);
}

static void
test_spool(void **state)
{
	struct spool s, r;
	struct spool_ticket t;
	char path[] = "/tmp/antre-test-spool-XXXXXX";
	int fd, i;

	(void)state;
	fd = mkstemp(path);
	close(fd);
	unlink(path);
	assert_int_equal(spool_load(&s, path), 0);	/* none yet */
	assert_int_equal(s.n, 0);
	assert_false(s.have_take);
	s.have_take = true;
	snprintf(s.take.id, sizeof(s.take.id), "ab12-7");
	s.take.service = 'C';
	s.take.priority = true;
	s.take.wall_ms = T_ISSUED;
	for (i = 0; i < SPOOL_MAX + 2; i++) {
		memset(&t, 0, sizeof(t));
		snprintf(t.id, sizeof(t.id), "ab12-%d", i);
		t.ticket = (struct ticket){ .service = 'A', .number = i + 1 };
		snprintf(t.service_name, sizeof(t.service_name), "Lay\u00e9");
		t.waiting = i;
		t.wait_lo = -1;
		t.wait_hi = -1;
		t.priority = i % 2;
		t.time_ms = T_ISSUED + i;
		logcap_start();
		spool_add(&s, &t);
		logcap_stop();
	}
	assert_int_equal(s.n, SPOOL_MAX);
	assert_int_equal(s.t[0].ticket.number, 3);	/* oldest dropped */
	assert_int_equal(spool_save(&s), 0);
	assert_int_equal(spool_load(&r, path), 0);
	assert_true(r.have_take);
	assert_string_equal(r.take.id, "ab12-7");
	assert_int_equal(r.take.service, 'C');
	assert_true(r.take.priority);
	assert_int_equal(r.take.wall_ms, T_ISSUED);
	assert_int_equal(r.n, SPOOL_MAX);
	for (i = 0; i < r.n; i++) {
		assert_string_equal(r.t[i].id, s.t[i].id);
		assert_int_equal(r.t[i].ticket.number, s.t[i].ticket.number);
		assert_string_equal(r.t[i].service_name, "Lay\u00e9");
		assert_int_equal(r.t[i].waiting, s.t[i].waiting);
		assert_int_equal(r.t[i].wait_lo, -1);
		assert_int_equal(r.t[i].priority, s.t[i].priority);
		assert_int_equal(r.t[i].time_ms, s.t[i].time_ms);
	}
	spool_pop(&r);
	assert_int_equal(r.t[0].ticket.number, 4);
	/* A damaged file: reported, left for a person, empty spool. */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "{\"v\":1,\"tick", 12), 12);
	close(fd);
	logcap_start();
	assert_int_equal(spool_load(&r, path), -1);
	assert_non_null(strstr(logcap_stop(), "damaged, left as it is"));
	assert_int_equal(r.n, 0);
	unlink(path);
}

static int
load(const char *path, void *c)
{
	return kconfig_load(path, c);
}

static const char good[] =
    "[kiosk]\nid = 2\nhall = mpp\nservices = A B C\noffice = MPP\n"
    "[printer]\ndevice = /dev/ttyS0\nbaud = 19200\n"
    "[priority]\ngpio = 26\n"
    "[button 1]\nservice = A\ngpio = 5\nled = 6\n"
    "[button 3]\nservice = C\ngpio = 13\nled = none\n"
    "[button 4]\nservice = B\n";

static void
test_config(void **state)
{
	struct kconf c;
	char *path = tmpfile_with(good);

	(void)state;
	logcap_start();
	assert_int_equal(kconfig_load(path, &c), 0);
	assert_string_equal(logcap_stop(), "");
	assert_int_equal(c.kiosk, 2);
	assert_string_equal(c.prefix, "antre/mpp");
	assert_string_equal(c.services, "ABC");
	assert_string_equal(c.mqtt.username, "kiosk-2");
	assert_int_equal(c.baud, 19200);
	assert_int_equal(c.paper, 58);
	assert_int_equal(c.nbuttons, 4);
	assert_int_equal(c.buttons[0].service, 'A');
	assert_int_equal(c.buttons[1].service, 0);
	assert_int_equal(c.buttons[2].service, 'C');
	assert_int_equal(c.gpio.lines[2], 13);
	assert_int_equal(c.gpio.leds[2], -1);
	/* a button not fitted leaves its lines free */
	assert_int_equal(c.gpio.lines[1], -1);
	assert_int_equal(c.gpio.leds[1], -1);
	/* hardware/kiosk/pinout.md's lines unless given */
	assert_int_equal(c.gpio.lines[3], 22);
	assert_int_equal(c.gpio.leds[3], 25);
	assert_int_equal(c.gpio.lines[KIOSK_PRIORITY], 26);
	assert_int_equal(c.gpio.leds[KIOSK_PRIORITY], 26);
	assert_string_equal(gpio_conf_name(&c.gpio, KIOSK_PRIORITY),
	    "priority");
	assert_string_equal(gpio_conf_name(&c.gpio, 0), "1");
	unlink(path);
	free(path);
}

static const struct {
	const char	*text;
	int		 line;
	const char	*expect;
} bads[] = {
	/* the button's line, though services comes after it */
	{ "[button 2]\nservice = D\ngpio = 7\n[kiosk]\nservices = ABC\n", 2,
	    "[button 2] service = D: unknown service (the central's kiosk "
	    "services are ABC)" },
	{ "[button 2]\nservice = BPJS\n", 2, "service: expected a service "
	    "letter A..Z, not \"BPJS\"" },
	{ "[button 2]\nservice = B\ngpio = none\n", 2, "[button 2] needs "
	    "gpio = LINE" },
	{ "[priority]\nservice = B\n", 2, "unknown key" },
	{ "[button 9]\nservice = B\n", 1, "unknown section [button 9]" },
	{ "[kiosk]\npaper = 57\n", 2, "paper: expected 58 or 80" },
	{ "[kiosk]\nservices = AA\n", 2, "services: expected distinct" },
	{ "[printer]\nbaud = 9601\n", 2, "baud: expected 9600" },
	{ "[button 1]\ncolour = red\n", 2, "colour" },
};

static void
test_config_bad(void **state)
{
	char text[512];
	struct kconf c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		snprintf(text, sizeof(text), "%s[kiosk]\nid = 1\n"
		    "[button 1]\nservice = A\ngpio = 5\n", bads[i].text);
		expect_conf_error(load, &c, text, bads[i].line,
		    bads[i].expect, (int)i);
	}
	expect_conf_error(load, &c, "[kiosk]\nid = 1\n", 0,
	    "no [button N] with a service", 99);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encoder_bytes),
		cmocka_unit_test(test_encoder_hostile_text),
		cmocka_unit_test(test_status_request),
		cmocka_unit_test(test_status_parse),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_layout_58),
		cmocka_unit_test(test_layout_variants),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_spool),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_config_bad),
	};

	setenv("TZ", "Asia/Jakarta", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
