/*
 * test_report_out.c - antre-report's output formats: the times of a
 * ticket that belong to the next calendar day (a service day that ran
 * past midnight and closed the next morning) with their date on the
 * terminal and in CSV, ISO 8601 with the offset in JSON, in the hall's
 * time zone (Asia/Jakarta, UTC+7); and one JSON shape for every command
 * on the fixture log: the range and the filters, then rows whose counts
 * and seconds are JSON numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "report.h"
#include "report-fixture.h"
#include "store.h"

static char dbpath[64];

typedef int	printer(FILE *, const struct report *, enum report_format,
		    char);

static char *
print(printer *fn, const struct report *r, enum report_format fmt, char sep)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	assert_non_null(f = open_memstream(&buf, &len));
	assert_int_equal(fn(f, r, fmt, sep), 0);
	fclose(f);
	return buf;
}

/*
 * Service day 2026-03-02 in Jakarta, running past midnight: A1 issued
 * 23:45, called at desk 1 at 00:10 and served at 00:20 (the calendar's
 * 03-03); A2 issued 23:50 and still waiting when the central, switched
 * off in the night, closes the day at its start at 07:40 on 03-03. The
 * events' times are UTC, seven hours earlier.
 */
static void
feed_late_day(struct report *r)
{
	static const struct fx f[] = {
		{ 0, "16:45", EV_ISSUED, 'A', 1, 0, 0 },
		{ 0, "16:50", EV_ISSUED, 'A', 2, 0, 0 },
		{ 0, "17:10", EV_CALLED, 'A', 1, 1, 0 },
		{ 0, "17:20", EV_SERVED, 'A', 1, 1, 0 },
		{ 1, "00:40", EV_UNSERVED, 'A', 2, 0, 0 },
		{ 1, "00:40", EV_DAY_CLOSED, 0, 0, 0, 0 },
	};
	struct report_query q = { "2026-03-02", "2026-03-02", 0, 0, 0 };
	struct event ev;
	int i;

	assert_int_equal(report_init(r, &q), 0);
	for (i = 0; i < (int)(sizeof(f) / sizeof(f[0])); i++) {
		ev = fx_event(&f[i], i);
		snprintf(ev.day, sizeof(ev.day), "2026-03-02");
		assert_int_equal(report_feed(r, &ev), 0);
	}
	assert_int_equal(report_finish(r, NULL), 0);
	assert_int_equal(r->ntickets, 2);
}

static void
test_dates_table_csv(void **state)
{
	struct report r;
	char *out;

	(void)state;
	feed_late_day(&r);
	/* The times' columns 19 wide: one has a date. */
	out = print(report_print_tickets, &r, FORMAT_TABLE, 0);
	assert_string_equal(out,
	    "day         ticket  source    issued               called"
	    "               desk  ended                end_desk  outcome   "
	    "wait_s  calls  recalls  noshows  transfers  queue\n"
	    "2026-03-02  A1      kiosk 1   23:45:00             "
	    "2026-03-03 00:10:00  1     2026-03-03 00:20:00  1         "
	    "served    1500    1      0        0        0          A    \n"
	    "2026-03-02  A2      kiosk 1   23:50:00             -"
	    "                    -     2026-03-03 07:40:00  -         "
	    "unserved  -       0      0        0        0          A    \n");
	free(out);
	/* CSV: every time with its date, as a spreadsheet reads one. */
	out = print(report_print_tickets, &r, FORMAT_CSV, ',');
	assert_string_equal(out,
	    "day,ticket,source,issued,called,desk,ended,end_desk,outcome,"
	    "wait_s,calls,recalls,noshows,transfers,queue\r\n"
	    "2026-03-02,A1,kiosk 1,2026-03-02 23:45:00,2026-03-03 00:10:00,"
	    "1,2026-03-03 00:20:00,1,served,1500,1,0,0,0,A\r\n"
	    "2026-03-02,A2,kiosk 1,2026-03-02 23:50:00,,,"
	    "2026-03-03 07:40:00,,unserved,,0,0,0,0,A\r\n");
	free(out);
	report_free(&r);
}

static void
test_dates_json(void **state)
{
	json_error_t err;
	json_t *root, *row;
	struct report r;
	char *out;

	(void)state;
	feed_late_day(&r);
	out = print(report_print_tickets, &r, FORMAT_JSON, 0);
	assert_non_null(root = json_loads(out, 0, &err));
	assert_true(json_is_object(root));
	assert_string_equal(json_string_value(json_object_get(root, "report")),
	    "tickets");
	assert_int_equal(json_array_size(json_object_get(root, "rows")), 2);
	row = json_array_get(json_object_get(root, "rows"), 0);
	assert_string_equal(json_string_value(json_object_get(row, "issued")),
	    "2026-03-02T23:45:00+07:00");
	assert_string_equal(json_string_value(json_object_get(row, "called")),
	    "2026-03-03T00:10:00+07:00");
	assert_string_equal(json_string_value(json_object_get(row, "ended")),
	    "2026-03-03T00:20:00+07:00");
	assert_true(json_is_integer(json_object_get(row, "desk")));
	assert_int_equal(json_integer_value(json_object_get(row, "desk")), 1);
	assert_int_equal(json_integer_value(json_object_get(row, "wait_s")),
	    1500);
	assert_int_equal(json_integer_value(json_object_get(row, "calls")), 1);
	row = json_array_get(json_object_get(root, "rows"), 1);
	assert_true(json_is_null(json_object_get(row, "called")));
	assert_true(json_is_null(json_object_get(row, "desk")));
	assert_true(json_is_null(json_object_get(row, "wait_s")));
	assert_string_equal(json_string_value(json_object_get(row, "ended")),
	    "2026-03-03T07:40:00+07:00");
	assert_string_equal(json_string_value(json_object_get(row,
	    "outcome")), "unserved");
	json_decref(root);
	free(out);
	report_free(&r);
}

/*
 * The shape every command shares. types: one letter per key of a row
 * in order: s string, i integer, I integer or null, R real or null, r
 * real, k the key column (a string, or an integer but "total").
 */
struct shape {
	const char	*name;
	printer		*fn;
	const char	*head;		/* the root's keys before "rows" */
	const char	*const *keys;
	const char	*types;
};

static const char *const summary_keys[] = {
	"service", "name", "issued", "called", "served", "noshow",
	"transferred", "unserved", "wait_unknown", "wait_median_s",
	"wait_p90_s", "wait_max_s", "service_median_s", "service_p90_s",
	"target_wait_min", "within_target", "within_target_of",
	"within_target_pct", "priority", "priority_wait_median_s",
	"priority_wait_p90_s", NULL,
};
static const char *const ticket_keys[] = {
	"day", "ticket", "source", "issued", "called", "desk", "ended",
	"end_desk", "outcome", "wait_s", "calls", "recalls", "noshows",
	"transfers", "queue", NULL,
};
static const char *const hour_keys[] = {
	"slot", "service", "name", "arrivals", "calls", "desks_open", NULL,
};
static const char *const desk_keys[] = {
	"desk", "name", "served", "noshow", "recalls", "service_median_s",
	"serving_s", "idle_s", "paused_s", NULL,
};

static const struct shape shapes[] = {
	{ "summary", report_print_summary, "report from to service desk",
	    summary_keys, "ssIIIIIIIIIIIIIIIRIII" },
	/* issued, called, ended: a time or null. */
	{ "tickets", report_print_tickets, "report from to service desk",
	    ticket_keys, "sssSSISISIiiiis" },
	{ "hourly", report_print_hourly, "report from to service desk days",
	    hour_keys, "sssIIr" },
	{ "desks", report_print_desks, "report from to service desk",
	    desk_keys, "ksIIIIIII" },
};

static void
check_value(const char *cmd, const char *key, char type, json_t *v)
{
	int ok = 0;

	switch (type) {
	case 's':
		ok = json_is_string(v);
		break;
	case 'S':
		ok = json_is_string(v) || json_is_null(v);
		break;
	case 'i':
		ok = json_is_integer(v);
		break;
	case 'I':
		ok = json_is_integer(v) || json_is_null(v);
		break;
	case 'r':
		ok = json_is_real(v);
		break;
	case 'R':
		ok = json_is_real(v) || json_is_null(v);
		break;
	case 'k':
		ok = json_is_integer(v) || (json_is_string(v) &&
		    strcmp(json_string_value(v), "total") == 0);
		break;
	}
	if (!ok)
		fail_msg("%s: %s is of JSON type %d, wanted '%c'", cmd, key,
		    json_typeof(v), type);
}

static json_t *
shape_check(const struct shape *sh, const struct report *r)
{
	json_error_t err;
	const char *key;
	json_t *root, *row, *v;
	char *out, keys[128] = "";
	size_t i, k;
	void *it;

	out = print(sh->fn, r, FORMAT_JSON, 0);
	if ((root = json_loads(out, 0, &err)) == NULL)
		fail_msg("%s: not JSON: %s", sh->name, err.text);
	free(out);
	assert_true(json_is_object(root));
	for (it = json_object_iter(root); it != NULL;
	    it = json_object_iter_next(root, it)) {
		key = json_object_iter_key(it);
		if (strcmp(key, "rows") == 0)
			break;
		if (keys[0] != '\0')
			strcat(keys, " ");
		strcat(keys, key);
	}
	assert_string_equal(keys, sh->head);
	assert_string_equal(json_string_value(json_object_get(root,
	    "report")), sh->name);
	assert_string_equal(json_string_value(json_object_get(root, "from")),
	    "2026-03-02");
	assert_string_equal(json_string_value(json_object_get(root, "to")),
	    "2026-03-03");
	assert_true(json_is_array(json_object_get(root, "rows")));
	json_array_foreach(json_object_get(root, "rows"), i, row) {
		assert_int_equal(json_object_size(row), strlen(sh->types));
		for (k = 0; sh->keys[k] != NULL; k++) {
			if ((v = json_object_get(row, sh->keys[k])) == NULL)
				fail_msg("%s: no %s", sh->name, sh->keys[k]);
			check_value(sh->name, sh->keys[k], sh->types[k], v);
		}
	}
	return root;
}

static json_int_t
row_int(json_t *root, size_t i, const char *key)
{
	json_t *v = json_object_get(json_array_get(json_object_get(root,
	    "rows"), i), key);

	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static double
row_real(json_t *root, size_t i, const char *key)
{
	json_t *v = json_object_get(json_array_get(json_object_get(root,
	    "rows"), i), key);

	assert_true(json_is_real(v));
	return json_real_value(v);
}

/*
 * The fixture's figures (test_report.c works them out): A issued 8, its
 * median wait 1200 s, 62.5 % within target; the total 53.8 % (7 of 13);
 * ticket 2 (A2 of 03-02) waited 1080 s; desk 2 served 4, idle 3060 s;
 * 08:00-08:30 had 7 arrivals and 2.0 desks open.
 */
static void
test_json_shape(void **state)
{
	struct report_query q;
	struct report r;
	struct store *s;
	json_t *root[4];
	size_t i;

	(void)state;
	memset(&q, 0, sizeof(q));
	snprintf(q.from, sizeof(q.from), "2026-03-02");
	snprintf(q.to, sizeof(q.to), "2026-03-03");
	assert_non_null(s = store_open_readonly(dbpath));
	assert_int_equal(report_run(&r, s, &q, &fixture_services), 0);
	store_close(s);
	for (i = 0; i < 4; i++)
		root[i] = shape_check(&shapes[i], &r);
	assert_int_equal(row_int(root[0], 0, "issued"), 8);
	assert_int_equal(row_int(root[0], 0, "wait_median_s"), 1200);
	assert_true(row_real(root[0], 0, "within_target_pct") == 62.5);
	assert_true(row_real(root[0], 3, "within_target_pct") == 53.8);
	assert_int_equal(row_int(root[1], 1, "wait_s"), 1080);
	assert_int_equal(row_int(root[1], 1, "desk"), 1);
	assert_int_equal(row_int(root[2], 3, "arrivals"), 7);
	assert_true(row_real(root[2], 3, "desks_open") == 2.0);
	assert_int_equal(json_integer_value(json_object_get(root[2], "days")),
	    2);
	assert_int_equal(row_int(root[3], 1, "served"), 4);
	assert_int_equal(row_int(root[3], 1, "idle_s"), 3060);
	for (i = 0; i < 4; i++)
		json_decref(root[i]);
	report_free(&r);
}

static int
setup(void **state)
{
	int fd;

	(void)state;
	snprintf(dbpath, sizeof(dbpath), "/tmp/antre-out-XXXXXX");
	if ((fd = mkstemp(dbpath)) == -1)
		return -1;
	close(fd);
	return fixture_write(dbpath);
}

static int
teardown(void **state)
{
	(void)state;
	fixture_remove(dbpath);
	return 0;
}

static int
zone(void **state, const char *tz)
{
	(void)state;
	setenv("TZ", tz, 1);
	tzset();
	return 0;
}

static int
jakarta(void **state)
{
	return zone(state, "Asia/Jakarta");
}

static int
utc(void **state)
{
	return zone(state, "UTC");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_dates_table_csv, jakarta),
		cmocka_unit_test_setup(test_dates_json, jakarta),
		cmocka_unit_test_setup(test_json_shape, utc),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
