/*
 * test_zone.c - zones of a big hall: which desks, calls and waiting
 * counts each screen shows, and the configuration mistakes that would
 * leave a desk on no screen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config.h"
#include "logcap.h"
#include "settings.h"
#include "zone.h"

static int
load(const char *path, void *c)
{
	return config_load(path, c);
}

/*
 * A Mal Pelayanan Publik of 60 desks and 12 services: Dukcapil (A, B) at
 * desks 1-20, BPJS (C) at 21-30, the others (D..L) two desks each from
 * 31 on. Zone "A" lists its desks, zone "B" its services, zone "C"
 * both; the central's screen shows zone A.
 */
static char *
hall(const char *zones, const char *own)
{
	static const char *const names[] = { "KTP & KK", "Akta", "BPJS",
	    "Samsat", "Imigrasi", "Pajak", "Bank", "Perizinan", "Kartu Kuning",
	    "BPN", "Polres", "Kemenag" };
	char *buf = malloc(65536);
	size_t n = 0;
	int i;

	assert_non_null(buf);
	n += (size_t)snprintf(buf + n, 65536 - n, "[hall]\nid = mpp\n"
	    "[mqtt]\npassword = x\n[board]\nzone = %s\n", own);
	for (i = 0; i < 12; i++)
		n += (size_t)snprintf(buf + n, 65536 - n, "[service %c]\n"
		    "name = %s\n", 'A' + i, names[i]);
	for (i = 1; i <= 60; i++)
		n += (size_t)snprintf(buf + n, 65536 - n, "[desk %d]\n"
		    "services = %s\n", i, i <= 20 ? (i % 2 ? "A B" : "B A") :
		    i <= 30 ? "C" : (const char []){ (char)('D' + (i - 31) / 2 %
		    9), '\0' });
	snprintf(buf + n, 65536 - n, "%s", zones);
	return buf;
}

static const char zones3[] =
    "[zone A]\ntitle = Zona A \xe2\x80\x94 Dukcapil\ndesks = 1-20\n"
    "[zone B]\ntitle = Zona B \xe2\x80\x94 BPJS\nservices = C\n"
    "[zone C]\ndesks = 50, 55-60\nservices = D E F G H I J K L\n";

static void
test_zones_load(void **state)
{
	struct conf *c = calloc(1, sizeof(*c));
	const struct zone_conf *z;
	char *text = hall(zones3, "A"), *path = tmpfile_with(text);
	int i;

	(void)state;
	logcap_start();
	assert_int_equal(config_load(path, c), 0);
	assert_string_equal(logcap_stop(), "");
	assert_string_equal(c->zone, "A");
	assert_int_equal(c->zones.n, 3);

	z = zone_find(&c->zones, "A");
	assert_non_null(z);
	assert_string_equal(z->title, "Zona A \xe2\x80\x94 Dukcapil");
	for (i = 0; i < 60; i++)
		assert_int_equal(z->member[i], i < 20);
	assert_string_equal(z->waiting, "AB");

	/* By service: the desks that serve C, and only C's count. */
	z = zone_find(&c->zones, "B");
	for (i = 0; i < 60; i++)
		assert_int_equal(z->member[i], i >= 20 && i < 30);
	assert_string_equal(z->waiting, "C");

	/* Both, overlapping: no title gives "Zona C". */
	z = zone_find(&c->zones, "C");
	assert_string_equal(z->title, "Zona C");
	for (i = 0; i < 60; i++)
		assert_int_equal(z->member[i], i >= 30);
	assert_string_equal(z->waiting, "DEFGHIJKL");
	assert_null(zone_find(&c->zones, "D"));
	unlink(path);
	free(path);
	free(text);
	free(c);
}

static void
expect(const char *zones, const char *own, int line, const char *msg)
{
	static int casenum;
	struct conf *c = calloc(1, sizeof(*c));
	char *text = hall(zones, own);

	/* The zones start on line 151, after 12 services and 60 desks. */
	expect_conf_error(load, c, text, line, msg, ++casenum);
	free(text);
	free(c);
}

static void
test_zones_refused(void **state)
{
	(void)state;
	/* The central shows zone A; desks 21-30 are in no zone. */
	expect("[zone A]\ndesks = 1-20\n[zone C]\ndesks = 31-60\n", "A", 0,
	    "desks 21, 22, 23, 24, 25, 26, 27, 28, 29, 30 are on no screen: "
	    "the central's screen shows zone A only; add them to a [zone X]");
	expect("[zone A]\ndesks = 1-59\n", "A", 0,
	    "desk 60 is on no screen");
	expect("[zone A]\ndesks = 1-60\n", "Z", 0,
	    "[board] zone = Z: there is no [zone Z] section");
	expect("[zone A]\ndesks = 1-61\n", "A", 0,
	    "[zone A] (line ");
	expect("[zone A]\ndesks = 1-61\n", "A", 0,
	    "desk 61 has no [desk 61] section");
	expect("[zone A]\ndesks = 1-60\nservices = Z\n", "A", 0,
	    "service Z has no [service Z] section");
	expect("[zone A]\ndesks = 1-60\n[zone Q]\ntitle = Kosong\n", "A", 0,
	    "[zone Q] (line 153): no desks = or services = line");
	expect("[zone A]\ndesks = 1-60\n[zone A]\n", "A", 153,
	    "[zone A] again (first at line 151)");
	expect("[zone A/B]\ndesks = 1-60\n", "", 151,
	    "expected a zone name of 1 to 15 letters");
	expect("[zone A]\ndesks = 1-x\n", "", 152,
	    "desks: expected desk numbers and ranges like \"1-12 15\"");
	expect("[zone A]\ndesks = 9-3\n", "", 152, "desks: expected");
	expect("[zone A]\ndesks = 3 1-4\n", "", 152,
	    "desks: desk 3 listed twice");
	expect("[zone A]\nservices = A a\n", "", 152,
	    "services: expected service letters");
	expect("[zone A]\ntitle = Zona \xf4\x8f\xbf\xbd\ndesks = 1-60\n",
	    "A", 152,
	    "title: U+10FFFD at byte 5 is in no installed font");
	expect("[zone A]\ndesks = 1-60\ncolour = red\n", "A", 153,
	    "colour");
	expect("[zone A]\ndesks = 1-60\n", "A+", 6, "zone: expected a zone "
	    "name of 1 to 15 letters, digits, '-' or '_', not \"A+\"");
}

/* Without [board] zone the central's screen shows every desk: zones
 * that leave desks out are then fine (their screens show the rest). */
static void
test_zones_whole_hall(void **state)
{
	struct conf *c = calloc(1, sizeof(*c));
	char *text = hall("[zone A]\ndesks = 1-20\n", ""),
	    *path = tmpfile_with(text);

	(void)state;
	logcap_start();
	assert_int_equal(config_load(path, c), 0);
	assert_string_equal(logcap_stop(), "");
	assert_string_equal(c->zone, "");
	unlink(path);
	free(path);
	free(text);
	free(c);
}

/*
 * The office's changes move the zones as a restart with them would: a
 * service added and served by a desk of zone A is counted there, not on
 * zone B (services = C); a desk that comes to serve C joins zone B; a
 * desk left on no zone's screen is refused. settings.conf read at start
 * gives the same zones.
 */
static void
test_zones_settings(void **state)
{
	static const struct admin_pair add[] = {
		{ "service.M.name", "Layanan Baru" },
		{ "desk.1.services", "MAB" },
		{ "desk.31.services", "DC" },
	}, lost[] = {
		{ "board.running_text", "Halo" },
		{ "desk.21.services", "A" },
	};
	struct conf *c = calloc(1, sizeof(*c)), *r = calloc(1, sizeof(*r));
	struct settings_file sf;
	const struct zone_conf *z;
	char *text = hall(zones3, "A"), *path = tmpfile_with(text);
	char why[PROTO_REASON_MAX], file[] = "/tmp/test_zone.XXXXXX";
	int bad, fd, i;

	(void)state;
	assert_int_equal(config_load(path, c), 0);
	assert_int_equal(settings_apply(c, add, 3, &bad, why, sizeof(why)), 0);
	z = zone_find(&c->zones, "A");
	assert_string_equal(z->waiting, "ABM");
	z = zone_find(&c->zones, "B");
	assert_string_equal(z->waiting, "CD");	/* desk 31 serves D too */
	for (i = 0; i < 60; i++)
		assert_int_equal(z->member[i], i >= 20 && i <= 30);
	/* Zone C's desk 31 now serves C: it counts C, as at load. */
	assert_string_equal(zone_find(&c->zones, "C")->waiting, "CDEFGHIJKL");

	/* Desk 21 would be on no screen: all refused, c unchanged. */
	assert_int_equal(settings_apply(c, lost, 2, &bad, why, sizeof(why)),
	    -1);
	assert_int_equal(bad, 1);
	assert_string_equal(why, "Loket 21 tidak akan tampil di layar zona "
	    "mana pun");
	assert_string_equal(c->render.marquee, "");
	assert_true(zone_find(&c->zones, "B")->member[20]);

	/* A restart: the configuration, then settings.conf. */
	assert_true((fd = mkstemp(file)) != -1);
	close(fd);
	logcap_start();
	assert_int_equal(settings_file_write(c, file, 42), 0);
	assert_int_equal(config_load(path, r), 0);
	assert_int_equal(settings_file_read(r, file, &sf), 0);
	logcap_stop();
	assert_true(sf.found && sf.readable);
	assert_int_equal(sf.seq, 42);
	assert_int_equal(sf.ignored, 0);
	for (i = 0; i < 3; i++) {
		assert_string_equal(r->zones.z[i].waiting,
		    c->zones.z[i].waiting);
		assert_memory_equal(r->zones.z[i].member, c->zones.z[i].member,
		    sizeof(c->zones.z[i].member));
	}
	unlink(file);
	unlink(path);
	free(path);
	free(text);
	free(r);
	free(c);
}

static int64_t clock_ms = 1700000000000LL;

static void
run(struct queue *q, int desk, enum proto_op op, char svc)
{
	struct event evs[QUEUE_MAX_EVENTS];
	struct proto_take take = { .service = svc };
	struct proto_cmd cmd = { .op = op };
	char reason[PROTO_REASON_MAX];
	int i, n = 1;

	clock_ms += 1000;
	snprintf(cmd.id, sizeof(cmd.id), "c-%lld", (long long)clock_ms);
	snprintf(take.id, sizeof(take.id), "k-%lld", (long long)clock_ms);
	if (desk > 0 ? queue_command(q, desk, &cmd, clock_ms, evs, &n,
	    reason, sizeof(reason)) != RESULT_OK : queue_take(q, 1, &take,
	    clock_ms, evs, reason, sizeof(reason)) != RESULT_OK)
		fail_msg("refused: %s", reason);
	for (i = 0; i < n; i++)
		assert_int_equal(queue_apply(q, &evs[i]), 0);
}

/*
 * Zone boards from a busy queue: zone A's screen keeps listing its own
 * last calls even after many more calls in the rest of the hall, and
 * never a desk or a count of another zone.
 */
static void
test_zone_board(void **state)
{
	struct conf *c = calloc(1, sizeof(*c));
	struct queue *q = calloc(1, sizeof(*q));
	struct board *b = calloc(1, sizeof(*b));
	struct board *all = calloc(1, sizeof(*all));
	const struct zone_conf *za, *zb;
	char *text = hall(zones3, "A"), *path = tmpfile_with(text);
	int i;

	(void)state;
	logcap_start();
	assert_int_equal(config_load(path, c), 0);
	assert_string_equal(logcap_stop(), "");
	for (i = 0; i < c->queue.nservices; i++)
		c->queue.services[i].source = SOURCE_KIOSK;
	assert_int_equal(queue_init(q, &c->queue, "2026-12-03"), 0);
	for (i = 1; i <= 60; i++)
		queue_set_online(q, i, true);
	za = zone_find(&c->zones, "A");
	zb = zone_find(&c->zones, "B");

	/* Three A tickets called at desks 1-3, then 30 C tickets at desks
	 * 21-30: the hall's last calls are all zone B's. */
	for (i = 0; i < 4; i++)
		run(q, 0, OP__COUNT, 'A');
	for (i = 1; i <= 3; i++)
		run(q, i, OP_NEXT, 0);
	for (i = 0; i < 30; i++)
		run(q, 0, OP__COUNT, 'C');
	for (i = 0; i < 30; i++)
		run(q, 21 + i % 10, OP_NEXT, 0);

	queue_board(q, clock_ms, all);
	zone_board(za, q, all, 5, b);
	assert_string_equal(b->zone, "A");
	assert_string_equal(b->title, "Zona A \xe2\x80\x94 Dukcapil");
	assert_int_equal(b->ndesks, 20);
	for (i = 0; i < 20; i++)
		assert_int_equal(b->desks[i].id, i + 1);
	assert_int_equal(b->ncalls, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(b->calls[i].desk, 3 - i);
		assert_int_equal(b->calls[i].ticket.service, 'A');
		assert_int_equal(b->calls[i].ticket.number, 3 - i);
	}
	assert_int_equal(b->nwaiting, 2);
	assert_int_equal(b->waiting[0].service, 'A');
	assert_int_equal(b->waiting[0].count, 1);
	assert_int_equal(b->waiting[1].service, 'B');
	assert_true(zone_board_has_desk(b, 20));
	assert_false(zone_board_has_desk(b, 21));

	zone_board(zb, q, all, 5, b);
	assert_string_equal(b->zone, "B");
	assert_int_equal(b->ndesks, 10);
	assert_int_equal(b->desks[0].id, 21);
	assert_int_equal(b->ncalls, 5);
	for (i = 0; i < 5; i++)
		assert_true(b->calls[i].desk >= 21 && b->calls[i].desk <= 30);
	assert_int_equal(b->calls[0].ticket.number, 30);
	assert_int_equal(b->nwaiting, 1);
	assert_int_equal(b->waiting[0].service, 'C');
	assert_int_equal(b->waiting[0].count, 0);

	/* The central sends a zone's board again only when it changed: a
	 * later build differs in its time only; a call in zone B changes
	 * B's board and not A's. */
	{
		uint64_t da, db;
		struct board *again = calloc(1, sizeof(*again));

		zone_board(za, q, all, 5, again);
		da = zone_board_digest(again);
		db = zone_board_digest(b);
		queue_board(q, clock_ms + 60000, all);
		zone_board(zb, q, all, 5, again);
		assert_true(again->time_ms != b->time_ms);
		assert_true(zone_board_digest(again) == db);
		run(q, 0, OP__COUNT, 'C');
		run(q, 21, OP_NEXT, 0);
		queue_board(q, clock_ms, all);
		zone_board(zb, q, all, 5, again);
		assert_true(zone_board_digest(again) != db);
		zone_board(za, q, all, 5, again);
		assert_true(zone_board_digest(again) == da);
		free(again);
	}

	/* The whole hall: every desk, the newest calls of any zone. */
	b = memcpy(b, all, sizeof(*b));
	assert_string_equal(b->zone, "");
	assert_int_equal(b->ndesks, 60);
	assert_int_equal(b->ncalls, 5);
	assert_int_equal(b->calls[0].ticket.service, 'C');
	assert_int_equal(b->nwaiting, 12);

	queue_free(q);
	unlink(path);
	free(path);
	free(text);
	free(b);
	free(all);
	free(q);
	free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zones_load),
		cmocka_unit_test(test_zones_refused),
		cmocka_unit_test(test_zones_whole_hall),
		cmocka_unit_test(test_zones_settings),
		cmocka_unit_test(test_zone_board),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
