/*
 * test_report.c - antre-report's figures on a fixture log with answers
 * computed by hand, its CSV read back, and the real program: verify on
 * an untouched log and on logs with an edited, a deleted and an inserted
 * row; usage errors; an old schema.
 *
 * The fixture: services A (target 30 min), B (target 15 min) and C (a
 * roll: no "issued" events), desks 1 and 2, two service days
 * (2026-03-02 and 03-03; numbers start again on the second), and one
 * event on 03-04 that the ranges leave out. On day 1 A2 is a no-show
 * after a recall, is requeued and served; B1 is transferred by desk 2 to
 * queue A and served at desk 1; both desks pause over lunch (09:00 to
 * 10:00) while A4, B3 and A5 wait; A6 and B4 are unserved at close.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "csvread.h"
#include "logcap.h"
#include "report.h"
#include "report-int.h"
#include "report-fixture.h"
#include "shellrun.h"
#include "sqlfile.h"
#include "store.h"

static char dbpath[64];

static int
teardown(void **state)
{
	(void)state;
	fixture_remove(dbpath);
	return 0;
}

static int
setup(void **state)
{
	int fd;

	(void)state;
	/* One file for all tests: each setup builds the fixture again. */
	if (dbpath[0] == '\0') {
		snprintf(dbpath, sizeof(dbpath), "/tmp/antre-report-XXXXXX");
		if ((fd = mkstemp(dbpath)) == -1)
			return -1;
		close(fd);
	}
	return fixture_write(dbpath);
}

static void
run(struct report *r, const char *from, const char *to, char service,
    int desk)
{
	struct report_query q;
	struct store *s;

	memset(&q, 0, sizeof(q));
	snprintf(q.from, sizeof(q.from), "%s", from);
	snprintf(q.to, sizeof(q.to), "%s", to);
	q.service = service;
	q.desk = desk;
	s = store_open_readonly(dbpath);
	assert_non_null(s);
	assert_int_equal(report_run(r, s, &q, &fixture_services), 0);
	store_close(s);
}

struct want {
	char	service;
	int	issued, called, served, noshow, transferred, unserved;
	int	wait_unknown;
	int64_t	wait_median, wait_p90, wait_max;	/* minutes */
	int64_t	svc_median, svc_p90;			/* minutes */
	int	within, within_of;
};

static void
check_row(const struct report_row *row, const struct want *w)
{
	assert_int_equal(row->service, w->service);
	assert_int_equal(row->issued, w->issued);
	assert_int_equal(row->called, w->called);
	assert_int_equal(row->served, w->served);
	assert_int_equal(row->noshow, w->noshow);
	assert_int_equal(row->transferred, w->transferred);
	assert_int_equal(row->unserved, w->unserved);
	assert_int_equal(row->wait_unknown, w->wait_unknown);
	assert_int_equal(row->wait_median, w->wait_median < 0 ? -1 :
	    w->wait_median * MIN);
	assert_int_equal(row->wait_p90, w->wait_p90 < 0 ? -1 :
	    w->wait_p90 * MIN);
	assert_int_equal(row->wait_max, w->wait_max < 0 ? -1 :
	    w->wait_max * MIN);
	assert_int_equal(row->service_median, w->svc_median * MIN);
	assert_int_equal(row->service_p90, w->svc_p90 * MIN);
	assert_int_equal(row->within, w->within);
	assert_int_equal(row->within_of, w->within_of);
}

/*
 * By hand (minutes):
 * A waits 10 18 20 55 55 | 5 30 -> sorted 5 10 18 20 30 55 55: median
 *   (rank 4 of 7) 20, p90 (rank ceil(6.3) = 7) 55, max 55. Services: A1
 *   10, A2 10 (to the no-show) and 7 (after the requeue), A3 15, A4 10,
 *   A5 15 | A1 10, A2 10 -> 7 10 10 10 10 10 15 15: median (rank 4) 10,
 *   p90 (rank 8) 15. Within 30: A1 A2 A3, day 2 A1 A2 (30 is within)
 *   of the 8 (A4, A5 waited 55, A6 unserved): 5 of 8.
 * B waits 7 2 51 | 5 16 -> 2 5 7 16 51: median (rank 3) 7, p90 (rank 5)
 *   51. Services: B1 20 (to the transfer) and 8 (at desk 1), B2 17, B3 10
 *   | B1 14 (no-show), B2 10 -> 8 10 10 14 17 20: median 10, p90 (rank
 *   6) 20. Within 15: B1, B2 of B1 B2 B3 B4, day 2 B2 (the no-show left
 *   out): 2 of 5.
 * C: one roll ticket, wait unknown, service 6.
 * Total waits 2 5 5 7 10 16 18 20 30 51 55 55: median (rank 6) 16, p90
 *   (rank 11) 55; services (15): median (rank 8) 10, p90 (rank 14) 17.
 */
static void
test_summary(void **state)
{
	static const struct want want[] = {
		{ 'A', 8, 7, 7, 0, 0, 1, 0, 20, 55, 55, 10, 15, 5, 8 },
		{ 'B', 6, 5, 4, 1, 1, 1, 0, 7, 51, 51, 10, 20, 2, 5 },
		{ 'C', 1, 1, 1, 0, 0, 0, 1, -1, -1, -1, 6, 6, -1, -1 },
		{ 0, 15, 13, 12, 1, 1, 2, 1, 16, 55, 55, 10, 17, 7, 13 },
	};
	struct report r;
	int i;

	(void)state;
	run(&r, "2026-03-02", "2026-03-03", 0, 0);
	assert_int_equal(r.nrows, 4);
	for (i = 0; i < 4; i++)
		check_row(&r.rows[i], &want[i]);
	assert_string_equal(r.rows[0].name, "KTP, KK");
	assert_int_equal(r.rows[0].target_min, 30);
	assert_int_equal(r.rows[1].target_min, 15);
	assert_int_equal(r.rows[2].target_min, 0);
	assert_int_equal(r.rows[0].waits, 7);
	assert_int_equal(r.rows[3].services, 15);
	report_free(&r);
}

/* Day 2 alone: the numbers that started again are other tickets. */
static void
test_one_day(void **state)
{
	static const struct want want[] = {
		{ 'A', 2, 2, 2, 0, 0, 0, 0, 5, 30, 30, 10, 10, 2, 2 },
		{ 'B', 2, 2, 1, 1, 0, 0, 0, 5, 16, 16, 10, 14, 0, 1 },
	};
	struct report r;

	(void)state;
	run(&r, "2026-03-03", "2026-03-03", 0, 0);
	/* A, B, C from the config (C empty), the total. */
	assert_int_equal(r.nrows, 4);
	check_row(&r.rows[0], &want[0]);
	check_row(&r.rows[1], &want[1]);
	assert_int_equal(r.rows[2].issued, 0);
	assert_int_equal(r.rows[2].service_median, -1);
	report_free(&r);
}

/*
 * Desk 1 called A1 A2 A3 A4 A5 B1 | A1 B2 and served them all; waits of
 * the tickets it called first (not B1): 10 18 20 55 55 | 5 16 -> 5 10 16
 * 18 20 55 55: median (rank 4) 18, p90 (rank 7) 55; its calls: 7 8 10 10
 * 10 10 10 15 15 -> median (rank 5) 10, p90 (rank 9) 15.
 */
static void
test_desk(void **state)
{
	static const struct want want = { 0, -1, 8, 8, 0, 0, -1, 0, 18, 55,
	    55, 10, 15, -1, -1 };
	struct report r;

	(void)state;
	run(&r, "2026-03-02", "2026-03-03", 0, 1);
	assert_int_equal(r.nrows, 4);
	check_row(&r.rows[3], &want);
	/* Desk 2 transferred B1 and had the no-show of B1 on day 2. */
	report_free(&r);
	run(&r, "2026-03-02", "2026-03-03", 'B', 2);
	assert_int_equal(r.nrows, 1);
	assert_int_equal(r.rows[0].called, 4);
	assert_int_equal(r.rows[0].transferred, 1);
	assert_int_equal(r.rows[0].noshow, 1);
	assert_int_equal(r.rows[0].served, 2);
	report_free(&r);
}

static void
test_service(void **state)
{
	static const struct want want = { 'B', 6, 5, 4, 1, 1, 1, 0, 7, 51, 51,
	    10, 20, 2, 5 };
	struct report r;

	(void)state;
	run(&r, "2026-03-02", "2026-03-03", 'B', 0);
	assert_int_equal(r.nrows, 1);
	check_row(&r.rows[0], &want);
	report_free(&r);
}

/* Without a config: no names, no targets; services in letter order. */
static void
test_no_config(void **state)
{
	struct report_query q = { "2026-03-02", "2026-03-04", 0, 0, 0 };
	struct report r;
	struct store *s;

	(void)state;
	s = store_open_readonly(dbpath);
	assert_non_null(s);
	assert_int_equal(report_run(&r, s, &q, NULL), 0);
	store_close(s);
	assert_int_equal(r.nrows, 4);
	assert_int_equal(r.rows[0].service, 'A');
	assert_int_equal(r.rows[0].issued, 9);		/* day 3's A1 */
	assert_int_equal(r.rows[0].within, -1);
	assert_int_equal(r.rows[3].within_of, -1);
	assert_string_equal(r.rows[0].name, "");
	report_free(&r);
}

/* Nearest rank, and a call ended by the desk's next call. */
static void
test_percentile_and_next_call(void **state)
{
	static const int64_t v[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	struct report_query q = { "2026-03-02", "2026-03-02", 0, 0, 0 };
	struct fx f[] = {
		{ 0, "08:00", EV_CALLED, 'C', 1, 3, 0 },
		{ 0, "08:07", EV_CALLED, 'C', 2, 3, 0 },
		{ 0, "08:10", EV_SERVED, 'C', 1, 3, 0 },	/* not its call */
		{ 0, "08:19", EV_SERVED, 'C', 2, 3, 0 },
	};
	struct report r;
	struct event ev;
	int i;

	(void)state;
	assert_int_equal(report_percentile(v, 10, 50), 5);
	assert_int_equal(report_percentile(v, 10, 90), 9);
	assert_int_equal(report_percentile(v, 10, 91), 10);
	assert_int_equal(report_percentile(v, 1, 50), 1);
	assert_int_equal(report_percentile(v, 2, 50), 1);
	assert_int_equal(report_percentile(v, 0, 50), -1);

	assert_int_equal(report_init(&r, &q), 0);
	for (i = 0; i < 4; i++) {
		ev = fx_event(&f[i], i);
		assert_int_equal(report_feed(&r, &ev), 0);
	}
	assert_int_equal(report_finish(&r, NULL), 0);
	assert_int_equal(r.nsamples, 2);
	assert_int_equal(r.samples[0].ms, 7 * MIN);
	assert_int_equal(r.samples[1].ms, 12 * MIN);
	report_free(&r);
}

static char	*print(const struct report *, int, enum report_format, char);

/* One event of the priority day, minutes after 08:00 of 2026-03-10. */
static struct event
pev(int min, enum event_kind kind, char svc, int num, int desk, bool prio)
{
	struct event ev = { .time_ms = 1773129600000LL + min * 60000LL,
	    .day = "2026-03-10", .kind = kind, .ticket = { svc, num, prio },
	    .desk = desk };

	if (desk > 0)
		snprintf(ev.cmd_id, sizeof(ev.cmd_id), "d%d-%d", desk, min);
	return ev;
}

/* Priority tickets counted on their own, their waits by hand, the same
 * from the report cache as from the events. */
static void
test_priority(void **state)
{
	const struct event evs[] = {
		pev(0, EV_ISSUED, 'A', 1, 0, false),
		pev(1, EV_ISSUED, 'A', 2, 0, true),
		pev(2, EV_ISSUED, 'A', 3, 0, true),
		pev(3, EV_CALLED, 'A', 2, 1, true),	/* waited 2 */
		pev(5, EV_ISSUED, 'B', 1, 0, true),
		pev(6, EV_SERVED, 'A', 2, 1, true),
		pev(6, EV_CALLED, 'A', 1, 1, false),	/* waited 6 */
		pev(12, EV_SERVED, 'A', 1, 1, false),
		pev(12, EV_CALLED, 'A', 3, 1, true),	/* waited 10 */
		pev(20, EV_SERVED, 'A', 3, 1, true),
		pev(30, EV_UNSERVED, 'B', 1, 0, true),
		pev(30, EV_DAY_CLOSED, 0, 0, 0, false),
	};
	/* The summary alone: read from the cache row when there is one. */
	struct report_query q = { .from = "2026-03-10", .to = "2026-03-10",
	    .skip = REPORT_ALL };
	struct report r, c;
	struct store *s;
	char why[128], *out;
	size_t i;
	int days;

	(void)state;
	fixture_remove(dbpath);
	logcap_start();
	s = store_open(dbpath, 0);
	assert_non_null(s);
	assert_int_equal(store_begin(s), 0);
	for (i = 0; i < sizeof(evs) / sizeof(evs[0]); i++)
		assert_int_equal(store_append(s, &evs[i]), 0);
	assert_int_equal(report_cache_day(s, "2026-03-10"), 0);
	assert_int_equal(store_commit(s), 0);
	store_close(s);
	logcap_stop();

	s = store_open_readonly(dbpath);
	assert_non_null(s);
	assert_int_equal(report_cache_check(s, &days, why, sizeof(why)), 0);
	assert_int_equal(days, 1);
	assert_int_equal(report_run(&r, s, &q, &fixture_services), 0);
	q.skip = REPORT_ALL | REPORT_NO_CACHE;
	assert_int_equal(report_run(&c, s, &q, &fixture_services), 0);
	store_close(s);
	/* Every row: from the cache as from the events. */
	assert_int_equal(r.nrows, c.nrows);
	for (i = 0; i < (size_t)r.nrows; i++) {
		assert_int_equal(r.rows[i].priority, c.rows[i].priority);
		assert_true(r.rows[i].priority_wait_median ==
		    c.rows[i].priority_wait_median);
	}
	assert_int_equal(r.rows[0].service, 'A');
	assert_int_equal(r.rows[0].issued, 3);
	assert_int_equal(r.rows[0].priority, 2);
	assert_int_equal(r.rows[0].priority_waits, 2);
	/* Nearest rank of { 2, 10 }: the lower one; the 90th the upper. */
	assert_true(r.rows[0].priority_wait_median == 2 * 60000);
	assert_true(r.rows[0].priority_wait_p90 == 10 * 60000);
	/* Every wait of A, priority or not, in the usual figure. */
	assert_true(r.rows[0].wait_median == 6 * 60000);
	assert_int_equal(r.rows[1].priority, 1);
	assert_int_equal(r.rows[1].priority_waits, 0);
	assert_true(r.rows[1].priority_wait_median == -1);
	assert_int_equal(r.rows[r.nrows - 1].service, 0);
	assert_int_equal(r.rows[r.nrows - 1].priority, 3);
	out = print(&r, 0, FORMAT_TABLE, ',');
	assert_non_null(strstr(out, "priority tickets (waiting time):\n"
	    "  A         2 issued,     2 called, median 2.0 mnt, 90% 10.0 mnt\n"
	    "  B         1 issued,     0 called, median -, 90% -\n"
	    "  total     3 issued,     2 called, median 2.0 mnt, "
	    "90% 10.0 mnt\n"));
	free(out);
	report_free(&r);
	report_free(&c);
	/* The PDF has a table of its own for them. */
	assert_int_equal(shell_run(&out, "%s -D %s pdf %s.pdf --from "
	    "2026-03-10 --to 2026-03-10 && pdftotext -layout %s.pdf - && "
	    "rm -f %s.pdf", ANTRE_REPORT_BIN, dbpath, dbpath, dbpath,
	    dbpath), 0);
	assert_non_null(strstr(out, "Antrean prioritas"));
	assert_non_null(strstr(out, "Tiket prioritas (lansia"));
	free(out);
	/* A day without priority tickets prints no such lines. */
	assert_int_equal(fixture_write(dbpath), 0);
	run(&r, "2026-03-02", "2026-03-02", 0, 0);
	assert_int_equal(r.rows[r.nrows - 1].priority, 0);
	out = print(&r, 0, FORMAT_TABLE, ',');
	assert_null(strstr(out, "priority"));
	free(out);
	report_free(&r);
	assert_int_equal(shell_run(&out, "%s -D %s pdf %s.pdf --from "
	    "2026-03-02 --to 2026-03-02 && pdftotext -layout %s.pdf - && "
	    "rm -f %s.pdf", ANTRE_REPORT_BIN, dbpath, dbpath, dbpath,
	    dbpath), 0);
	assert_null(strstr(out, "Antrean prioritas"));
	free(out);
}

static void
test_parse_day(void **state)
{
	(void)state;
	assert_int_equal(report_parse_day("2026-03-02"), 0);
	assert_int_equal(report_parse_day("2028-02-29"), 0);
	assert_int_equal(report_parse_day("2026-02-29"), -1);
	assert_int_equal(report_parse_day("2026-13-01"), -1);
	assert_int_equal(report_parse_day("2026-3-2"), -1);
	assert_int_equal(report_parse_day("2026-03-02x"), -1);
	assert_int_equal(report_parse_day("yesterday"), -1);
}

static char *
print(const struct report *r, int tickets, enum report_format fmt,
    char sep)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	if (tickets)
		assert_int_equal(report_print_tickets(f, r, fmt, sep), 0);
	else
		assert_int_equal(report_print_summary(f, r, fmt, sep), 0);
	fclose(f);
	return buf;
}

static char *
print_hourly(const struct report *r, enum report_format fmt, char sep)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(report_print_hourly(f, r, fmt, sep), 0);
	fclose(f);
	return buf;
}

static char *
print_desks(const struct report *r, enum report_format fmt, char sep)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(report_print_desks(f, r, fmt, sep), 0);
	fclose(f);
	return buf;
}

static const char csv_comma[] =
    "service,name,issued,called,served,noshow,transferred,unserved,"
    "wait_unknown,wait_median_s,wait_p90_s,wait_max_s,service_median_s,"
    "service_p90_s,target_wait_min,within_target,within_target_of,"
    "within_target_pct\r\n"
    "A,\"KTP, KK\",8,7,7,0,0,1,0,1200,3300,3300,600,900,30,5,8,62.5\r\n"
    "B,BPJS; Kesehatan,6,5,4,1,1,1,0,420,3060,3060,600,1200,15,2,5,"
    "40.0\r\n"
    "C,Perizinan,1,1,1,0,0,0,1,,,,360,360,,,,\r\n"
    "total,,15,13,12,1,1,2,1,960,3300,3300,600,1020,,7,13,53.8\r\n";

static void
test_csv(void **state)
{
	char fields[20][64], *out, *semi;
	const char *p;
	struct report r;
	int n;

	(void)state;
	run(&r, "2026-03-02", "2026-03-03", 0, 0);
	out = print(&r, 0, FORMAT_CSV, ',');
	assert_string_equal(out, csv_comma);

	/* Read back: the same numbers. */
	p = out;
	assert_int_equal(csv_read(&p, ',', fields, 20), 18);
	assert_string_equal(fields[9], "wait_median_s");
	assert_int_equal(csv_read(&p, ',', fields, 20), 18);
	assert_string_equal(fields[1], "KTP, KK");
	assert_int_equal(atoi(fields[9]) * 1000LL, r.rows[0].wait_median);
	assert_int_equal(atoi(fields[13]) * 1000LL, r.rows[0].service_p90);

	/* Indonesian Excel: ';' and decimal commas, and the other name
	 * needs quotes now. */
	semi = print(&r, 0, FORMAT_CSV, ';');
	assert_non_null(strstr(semi, "\r\nA;KTP, KK;8;7;7;0;0;1;0;1200;3300;"
	    "3300;600;900;30;5;8;62,5\r\n"));
	assert_non_null(strstr(semi, "\r\nB;\"BPJS; Kesehatan\";6;"));
	p = semi;
	for (n = 0; n < 3; n++)
		assert_int_equal(csv_read(&p, ';', fields, 20), 18);
	assert_string_equal(fields[0], "B");
	assert_string_equal(fields[1], "BPJS; Kesehatan");
	assert_string_equal(fields[17], "40,0");
	free(semi);
	free(out);
	report_free(&r);
}

static void
test_table_and_json(void **state)
{
	struct report r;
	char *out;

	(void)state;
	run(&r, "2026-03-02", "2026-03-03", 0, 0);
	out = print(&r, 0, FORMAT_TABLE, 0);
	assert_non_null(strstr(out, "20.0 mnt"));	/* A's median wait */
	assert_non_null(strstr(out, "62.5% (5/8)"));
	assert_non_null(strstr(out, "53.8% (7/13)"));
	free(out);
	out = print(&r, 0, FORMAT_JSON, 0);
	assert_non_null(strstr(out, "\"wait_median_s\": 1200"));
	assert_non_null(strstr(out, "\"within_target_pct\": null"));
	assert_non_null(strstr(out, "\"name\": \"BPJS; Kesehatan\""));
	free(out);
	report_free(&r);
}

static void
test_tickets(void **state)
{
	struct report r;
	char *out;

	(void)state;
	run(&r, "2026-03-02", "2026-03-03", 0, 0);
	assert_int_equal(r.ntickets, 15);
	out = print(&r, 1, FORMAT_CSV, ',');
	assert_non_null(strstr(out, "\r\n2026-03-02,A2,kiosk 1,"
	    "2026-03-02 08:02:00,2026-03-02 08:20:00,1,2026-03-02 08:52:00,1,"
	    "served,1080,2,1,1,0,A\r\n"));
	assert_non_null(strstr(out, "\r\n2026-03-02,B1,kiosk 1,"
	    "2026-03-02 08:05:00,2026-03-02 08:12:00,2,2026-03-02 09:00:00,1,"
	    "served,420,2,0,0,1,A\r\n"));
	assert_non_null(strstr(out, "\r\n2026-03-02,C1,roll,,"
	    "2026-03-02 10:20:00,2,2026-03-02 10:26:00,2,served,,1,0,0,0,"
	    "C\r\n"));
	assert_non_null(strstr(out, "\r\n2026-03-02,A6,kiosk 1,"
	    "2026-03-02 10:30:00,,,2026-03-02 17:00:00,,unserved,,0,0,0,0,"
	    "A\r\n"));
	free(out);
	report_free(&r);
}

/*
 * hourly by hand, 03-02 and 03-03 (UTC here, so the clock is the log's):
 * arrivals (issued) 03-02: 08:00 A1 A2 B1 A3, 08:30 B2, 09:00 A4 B3 A5,
 *   10:30 A6 B4; 03-03: 08:00 A1 B1 A2, 08:30 B2. C is a roll: none.
 * first calls 03-02: 08:00 A1 B1 A2, 08:30 A3 B2, 10:00 A4 B3 A5 C1;
 *   03-03: 08:00 A1 B1, 08:30 B2 A2.
 * desks open: 03-02 desk 1 08:10-09:00 and 10:00-10:25, desk 2
 *   08:12-09:00 and 10:00-10:26 (the pause at 09:00 sharp leaves
 *   09:00-09:30 out); 03-03 desk 1 08:05-08:56, desk 2 08:06-09:00.
 *   Desk-days: 08:00 4, 08:30 4, 10:00 2; over 2 days 2.0, 2.0, 1.0.
 * Sums: 14 arrivals (15 issued less the roll ticket), 13 calls (as
 *   summary).
 */
static const char hourly_csv[] =
    "slot,service,name,arrivals,calls,desks_open\r\n"
    "08:00-08:30,A,\"KTP, KK\",5,3,2.0\r\n"
    "08:00-08:30,B,BPJS; Kesehatan,2,2,2.0\r\n"
    "08:00-08:30,C,Perizinan,0,0,2.0\r\n"
    "08:00-08:30,total,,7,5,2.0\r\n"
    "08:30-09:00,A,\"KTP, KK\",0,2,2.0\r\n"
    "08:30-09:00,B,BPJS; Kesehatan,2,2,2.0\r\n"
    "08:30-09:00,C,Perizinan,0,0,2.0\r\n"
    "08:30-09:00,total,,2,4,2.0\r\n"
    "09:00-09:30,A,\"KTP, KK\",2,0,0.0\r\n"
    "09:00-09:30,B,BPJS; Kesehatan,1,0,0.0\r\n"
    "09:00-09:30,C,Perizinan,0,0,0.0\r\n"
    "09:00-09:30,total,,3,0,0.0\r\n"
    "09:30-10:00,A,\"KTP, KK\",0,0,0.0\r\n"
    "09:30-10:00,B,BPJS; Kesehatan,0,0,0.0\r\n"
    "09:30-10:00,C,Perizinan,0,0,0.0\r\n"
    "09:30-10:00,total,,0,0,0.0\r\n"
    "10:00-10:30,A,\"KTP, KK\",0,2,1.0\r\n"
    "10:00-10:30,B,BPJS; Kesehatan,0,1,1.0\r\n"
    "10:00-10:30,C,Perizinan,0,1,1.0\r\n"
    "10:00-10:30,total,,0,4,1.0\r\n"
    "10:30-11:00,A,\"KTP, KK\",1,0,0.0\r\n"
    "10:30-11:00,B,BPJS; Kesehatan,1,0,0.0\r\n"
    "10:30-11:00,C,Perizinan,0,0,0.0\r\n"
    "10:30-11:00,total,,2,0,0.0\r\n";

static void
test_hourly(void **state)
{
	struct report r;
	char *out;
	int arrivals = 0, calls = 0, i;

	(void)state;
	run(&r, "2026-03-02", "2026-03-03", 0, 0);
	assert_int_equal(r.days, 2);
	assert_int_equal(r.nhours, 6 * 4);
	for (i = 0; i < r.nhours; i++) {
		if (r.hours[i].service != 0)
			continue;
		arrivals += r.hours[i].arrivals;
		calls += r.hours[i].calls;
	}
	assert_int_equal(arrivals, 14);
	assert_int_equal(calls, r.rows[3].called);
	out = print_hourly(&r, FORMAT_CSV, ',');
	assert_string_equal(out, hourly_csv);
	free(out);
	out = print_hourly(&r, FORMAT_JSON, 0);
	assert_non_null(strstr(out, "\"days\": 2,"));
	assert_non_null(strstr(out, "{\n      \"slot\": \"10:00-10:30\",\n"
	    "      \"service\": \"total\",\n      \"name\": \"\",\n"
	    "      \"arrivals\": 0,\n      \"calls\": 4,\n"
	    "      \"desks_open\": 1.0\n    }"));
	free(out);
	out = print_hourly(&r, FORMAT_TABLE, 0);
	assert_non_null(strstr(out, "2026-03-02 .. 2026-03-03, 2 days"));
	assert_non_null(strstr(out, "\n09:00-09:30  total                     "
	    "     3      0         0.0\n"));
	assert_non_null(strstr(out, "\n10:00-10:30  C      Perizinan          "
	    "     0      1         1.0\n"));
	free(out);
	report_free(&r);

	/* One day: the averages are that day's counts. */
	run(&r, "2026-03-03", "2026-03-03", 'B', 0);
	assert_int_equal(r.days, 1);
	assert_int_equal(r.nhours, 2);
	out = print_hourly(&r, FORMAT_CSV, ';');
	assert_string_equal(out, "slot;service;name;arrivals;calls;"
	    "desks_open\r\n"
	    "08:00-08:30;B;\"BPJS; Kesehatan\";1;1;2,0\r\n"
	    "08:30-09:00;B;\"BPJS; Kesehatan\";1;1;2,0\r\n");
	free(out);
	report_free(&r);
}

/*
 * Desk 1 alone: its first calls (as summary's 8 called) 08:00 A1 A2 |
 * A1, 08:30 A3 B1 | B2, 10:00 A4 A5; open 08:00 and 08:30 on both days,
 * 10:00 on one of two: 0.5. The hall's arrivals do not apply.
 */
static void
test_hourly_desk(void **state)
{
	static const struct { int slot, a, b, total, tenths; } want[] = {
		{ 16, 3, 0, 3, 10 }, { 17, 1, 2, 3, 10 }, { 18, 0, 0, 0, 0 },
		{ 19, 0, 0, 0, 0 }, { 20, 2, 0, 2, 5 },
	};
	const struct report_hour *h;
	struct report r;
	int i;

	(void)state;
	run(&r, "2026-03-02", "2026-03-03", 0, 1);
	assert_int_equal(r.nhours, 5 * 4);
	for (i = 0; i < 5; i++) {
		h = &r.hours[i * 4];
		assert_int_equal(h[0].slot, want[i].slot);
		assert_int_equal(h[0].service, 'A');
		assert_int_equal(h[0].calls, want[i].a);
		assert_int_equal(h[1].calls, want[i].b);
		assert_int_equal(h[2].calls, 0);
		assert_int_equal(h[3].service, 0);
		assert_int_equal(h[3].calls, want[i].total);
		assert_int_equal(h[3].arrivals, -1);
		assert_int_equal(h[3].desk_days * 10 / 2, want[i].tenths);
		assert_true(report_desks_open(&r, &h[3]) * 10 ==
		    want[i].tenths);
	}
	report_free(&r);
}

/*
 * desks by hand (minutes), each desk's day from its first to its last
 * event:
 * desk 1, 03-02, 08:10-10:25: serving A1 10, A2 10 (recall inside), A3
 *   15, A2 7, B1 8, A4 10, A5 15 = 75, never idle (each call follows the
 *   last at once), paused 60; 03-03, 08:05-08:56: A1 10, B2 10, idle
 *   08:15-08:46 31. Total serving 95, idle 31, paused 60; served 8,
 *   no-shows 0 (A2 was served after all), 1 recall; its 9 service times
 *   median 10 (as summary --desk 1).
 * desk 2, 03-02, 08:12-10:26: B1 20 (to the transfer), B2 17, B3 10, C1
 *   6 = 53; idle 08:32-08:33, 08:50-09:00, 10:00-10:01, 10:11-10:20 =
 *   21; paused 60; 03-03, 08:06-09:00: B1 14 (no-show), A2 10, idle
 *   08:20-08:50 30. Total serving 77, idle 51, paused 60; served 4 (B2
 *   B3 C1 | A2), no-show 1 (B1 of 03-03), no recall; service times 6 10
 *   10 14 17 20: median 10.
 * Service B: desk 1 B1 8, B2 10 (median 8, serving 18); desk 2 B1 20,
 *   B2 17, B3 10, B1 14 (10 14 17 20: median 14, serving 61).
 */
static const char desks_csv[] =
    "desk,name,served,noshow,recalls,service_median_s,serving_s,idle_s,"
    "paused_s\r\n"
    "1,Loket 1,8,0,1,600,5700,1860,3600\r\n"
    "2,Loket 2,4,1,0,600,4620,3060,3600\r\n"
    "total,,12,1,1,600,10320,4920,7200\r\n";

static void
test_desks(void **state)
{
	struct report r;
	char *out;

	(void)state;
	run(&r, "2026-03-02", "2026-03-03", 0, 0);
	assert_int_equal(r.ndesks, 3);
	assert_int_equal(r.desks[0].services, 9);
	assert_int_equal(r.desks[1].services, 6);
	assert_int_equal(r.desks[2].services, 15);
	/* The total agrees with summary's. */
	assert_int_equal(r.desks[2].served, r.rows[3].served);
	assert_int_equal(r.desks[2].noshow, r.rows[3].noshow);
	assert_int_equal(r.desks[2].service_median, r.rows[3].service_median);
	out = print_desks(&r, FORMAT_CSV, ',');
	assert_string_equal(out, desks_csv);
	free(out);
	out = print_desks(&r, FORMAT_TABLE, 0);
	assert_non_null(strstr(out, "\n1      Loket 1       8        0        "
	    "1  10.0 mnt     1:35  0:31    1:00\n"));
	assert_non_null(strstr(out, "\ntotal               12        1        "
	    "1  10.0 mnt     2:52  1:22    2:00\n"));
	free(out);
	out = print_desks(&r, FORMAT_JSON, 0);
	assert_non_null(strstr(out, "\"desk\": 2,\n      \"name\": \"Loket 2\""
	    ",\n      \"served\": 4,\n      \"noshow\": 1,\n      "
	    "\"recalls\": 0,\n      \"service_median_s\": 600,\n      "
	    "\"serving_s\": 4620,\n      \"idle_s\": 3060,\n      "
	    "\"paused_s\": 3600\n"));
	free(out);
	report_free(&r);

	run(&r, "2026-03-02", "2026-03-03", 'B', 0);
	out = print_desks(&r, FORMAT_CSV, ';');
	assert_string_equal(out, "desk;name;served;noshow;recalls;"
	    "service_median_s;serving_s;idle_s;paused_s\r\n"
	    "1;Loket 1;2;0;0;480;1080;;\r\n"
	    "2;Loket 2;2;1;0;840;3660;;\r\n"
	    "total;;4;1;0;600;4740;;\r\n");
	free(out);
	report_free(&r);

	run(&r, "2026-03-02", "2026-03-03", 0, 2);
	assert_int_equal(r.ndesks, 1);
	assert_int_equal(r.desks[0].desk, 2);
	assert_int_equal(r.desks[0].serving_ms, 77 * MIN);
	assert_int_equal(r.desks[0].idle_ms, 51 * MIN);
	assert_int_equal(r.desks[0].paused_ms, 60 * MIN);
	report_free(&r);
}

/*
 * A desk's day from fed events: paused from its first event, a close
 * and a reopening, a call still open at its last event.
 * paused 08:00-08:10; idle 08:10-08:20, 08:40-09:00, 09:30-09:45 = 45;
 * serving C1 08:20-08:40 20 and C2 09:45-09:50 (its recall, the desk's
 * last event) 5 = 25; closed 09:00-09:30, not counted. One service time
 * (C2's call never ended). Open 08:00, 08:30 and 09:30, not 09:00.
 */
static void
test_desk_day(void **state)
{
	struct report_query q = { "2026-03-02", "2026-03-02", 0, 0, 0 };
	struct fx f[] = {
		{ 0, "08:00", EV_PAUSED, 0, 0, 3, 0 },
		{ 0, "08:10", EV_RESUMED, 0, 0, 3, 0 },
		{ 0, "08:20", EV_CALLED, 'C', 1, 3, 0 },
		{ 0, "08:25", EV_RECALLED, 'C', 1, 3, 0 },
		{ 0, "08:40", EV_SERVED, 'C', 1, 3, 0 },
		{ 0, "09:00", EV_CLOSED, 0, 0, 3, 0 },
		{ 0, "09:30", EV_RESUMED, 0, 0, 3, 0 },
		{ 0, "09:45", EV_CALLED, 'C', 2, 3, 0 },
		{ 0, "09:50", EV_RECALLED, 'C', 2, 3, 0 },
		{ 0, "17:00", EV_DAY_CLOSED, 0, 0, 0, 0 },
	};
	static const int open[] = { 1, 1, 0, 1 };
	struct report r;
	struct event ev;
	int i;

	(void)state;
	assert_int_equal(report_init(&r, &q), 0);
	for (i = 0; i < (int)(sizeof(f) / sizeof(f[0])); i++) {
		ev = fx_event(&f[i], i);
		assert_int_equal(report_feed(&r, &ev), 0);
	}
	assert_int_equal(report_finish(&r, NULL), 0);
	assert_int_equal(r.ndesks, 2);
	assert_int_equal(r.desks[0].desk, 3);
	assert_int_equal(r.desks[0].served, 1);
	assert_int_equal(r.desks[0].recalls, 2);
	assert_int_equal(r.desks[0].services, 1);
	assert_int_equal(r.desks[0].service_median, 20 * MIN);
	assert_int_equal(r.desks[0].serving_ms, 25 * MIN);
	assert_int_equal(r.desks[0].idle_ms, 45 * MIN);
	assert_int_equal(r.desks[0].paused_ms, 10 * MIN);
	/* C, then the total, for 08:00 to 10:00. */
	assert_int_equal(r.nhours, 4 * 2);
	for (i = 0; i < 4; i++) {
		assert_int_equal(r.hours[2 * i].slot, 16 + i);
		assert_int_equal(r.hours[2 * i].calls, i == 0 || i == 3);
		assert_int_equal(r.hours[2 * i].arrivals, 0);
		assert_int_equal(r.hours[2 * i + 1].desk_days, open[i]);
	}
	report_free(&r);
}

/* The real program. */
static int	prog(char **, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	expect(int, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static int
prog(char **out, const char *fmt, ...)
{
	char args[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	return shell_run(out, "%s %s", ANTRE_REPORT_BIN, args);
}

static void
sql(const char *stmt)
{
	sql_file(dbpath, stmt);
}

static void
expect(int status, const char *text, const char *fmt, ...)
{
	char args[384], *out;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	rc = prog(&out, "%s", args);
	if (rc != status || strstr(out, text) == NULL)
		fail_msg("antre-report %s: exit %d, wanted %d and \"%s\":\n%s",
		    args, rc, status, text, out);
	free(out);
}

static void
test_verify_intact(void **state)
{
	char want[96];

	(void)state;
	/* No day of the fixture is closed: nothing cached to check. */
	snprintf(want, sizeof(want), "OK: %d events, report cache of 0 "
	    "day(s) matches the log\n", fixture_len);
	expect(0, want, "-D %s verify", dbpath);
}

static void
test_verify_edited(void **state)
{
	(void)state;
	sql("UPDATE events SET number = 9 WHERE seq = 7");
	expect(1, "BROKEN at row 7: hash does not match", "-D %s verify",
	    dbpath);
}

static void
test_verify_deleted(void **state)
{
	(void)state;
	sql("DELETE FROM events WHERE seq = 12");
	expect(1, "BROKEN at row 13: row 13 follows row 11", "-D %s verify",
	    dbpath);
}

/* A row slipped in at 10, the rows after it renumbered. */
static void
test_verify_inserted(void **state)
{
	(void)state;
	sql("UPDATE events SET seq = seq + 1000 WHERE seq >= 10;"
	    "UPDATE events SET seq = seq - 999 WHERE seq >= 1010;"
	    "INSERT INTO events (seq, time_ms, day, kind, service, number, "
	    "desk, hash) SELECT 10, time_ms, day, 'served', 'A', 1, 1, hash "
	    "FROM events WHERE seq = 9");
	expect(1, "BROKEN at row 10: hash does not match", "-D %s verify",
	    dbpath);
}

static void
test_cli(void **state)
{
	char *out;

	(void)state;
	expect(2, "unknown command", "-D %s frobnicate", dbpath);
	expect(2, "2026-02-30: not a date", "-D %s summary --from 2026-02-30 "
	    "--to 2026-03-03", dbpath);
	expect(2, "usage:", "-D %s summary --from 2026-03-02", dbpath);
	expect(2, "--from is after --to", "-D %s summary --from 2026-03-04 "
	    "--to 2026-03-02", dbpath);
	expect(2, "usage:", "-D %s summary --from 2026-03-02 --to 2026-03-03 "
	    "--csv --json", dbpath);
	expect(0, "usage:", "--help%s", "");
	expect(0, "\r\ntotal;;15;13;12;1;1;2;1;960;", "-D %s summary "
	    "--from 2026-03-02 --to 2026-03-03 --csv --sep ';'", dbpath);
	expect(0, "total,,15,13,12,1,1,2,1,960,3300,3300,600,1020,,,,\r\n",
	    "-D %s summary --from 2026-03-02 --to 2026-03-03 --csv", dbpath);
	expect(0, "total  ", "-D %s summary --from 2026-03-02 "
	    "--to 2026-03-03", dbpath);
	assert_int_equal(prog(&out, "-D %s tickets --from 2026-03-02 "
	    "--to 2026-03-03 --service C --json", dbpath), 0);
	assert_non_null(strstr(out, "\"ticket\": \"C1\""));
	assert_null(strstr(out, "\"ticket\": \"A1\""));
	free(out);
	expect(0, "\r\n10:00-10:30;total;;0;4;1,0\r\n", "-D %s hourly "
	    "--from 2026-03-02 --to 2026-03-03 --csv --sep ';'", dbpath);
	expect(0, "\"desks_open\": 0.5", "-D %s hourly --from 2026-03-02 "
	    "--to 2026-03-03 --desk 1 --json", dbpath);
	expect(0, "\r\n2,,4,1,0,600,4620,3060,3600\r\n", "-D %s desks "
	    "--from 2026-03-02 --to 2026-03-03 --csv", dbpath);
	expect(0, "total  ", "-D %s desks --from 2026-03-02 --to 2026-03-03",
	    dbpath);
	expect(2, "--from and --to", "-D %s hourly", dbpath);
	sql("PRAGMA user_version = 1");
	expect(1, "schema version 1, this program reads versions 2 to "
	    STORE_STR(STORE_SCHEMA_VERSION),
	    "-D %s verify", dbpath);
}

/*
 * The report cache trusted no more than the log: a damaged or crafted
 * row (the central's or an edited copy's) is named by verify and
 * skipped by the reports, which read that day from its events. Before
 * the check, a service byte out of range wrote outside a stack array of
 * report_finish().
 */
#define T_TICKET	44	/* cache.c's encoding */
#define T_SAMPLE	12
#define T_DESK		28

/* The row of 2026-03-02 as the central writes it when the day closes. */
static void
cache_first_day(void)
{
	struct store *s;

	assert_non_null(s = store_open(dbpath, 0));
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(report_cache_day(s, "2026-03-02"), 0);
	assert_int_equal(store_commit(s), 0);
	store_close(s);
}

struct t_row {
	struct store_cache_day	d;
	uint8_t			t[4096], m[4096], k[4096];
};

static int
t_row_cb(void *arg, const struct store_cache_day *d)
{
	struct t_row *row = arg;

	assert_true(d->tickets_len <= sizeof(row->t));
	assert_true(d->samples_len <= sizeof(row->m));
	assert_true(d->desks_len <= sizeof(row->k));
	row->d = *d;
	memcpy(row->t, d->tickets, d->tickets_len);
	memcpy(row->m, d->samples, d->samples_len);
	memcpy(row->k, d->desks, d->desks_len);
	row->d.tickets = row->t;
	row->d.samples = row->m;
	row->d.desks = row->k;
	return 0;
}

/* The cached row, to edit and put back. */
static void
cache_get(struct t_row *row)
{
	struct store *s;

	memset(row, 0, sizeof(*row));
	assert_non_null(s = store_open_readonly(dbpath));
	assert_int_equal(store_cache_read(s, "2026-03-02", "2026-03-02",
	    t_row_cb, row), 0);
	store_close(s);
	assert_string_equal(row->d.day, "2026-03-02");
	assert_true(row->d.tickets_len >= 3 * T_TICKET);
	assert_true(row->d.samples_len >= T_SAMPLE);
	/* Desk 1's own record, its quarter hours open, its first
	 * service's. */
	assert_true(row->d.desks_len >= 3 * T_DESK);
	assert_int_equal(row->k[0] | row->k[1] << 8, 1);
	assert_int_equal(row->k[2], 0);
	assert_int_equal(row->k[T_DESK] | row->k[T_DESK + 1] << 8, 1);
	assert_int_equal(row->k[T_DESK + 2], 1);
	assert_int_equal(row->k[2 * T_DESK] | row->k[2 * T_DESK + 1] << 8, 1);
	assert_true(row->k[2 * T_DESK + 2] >= 'A' &&
	    row->k[2 * T_DESK + 2] <= 'Z');
}

static void
cache_put(const struct t_row *row)
{
	struct store *s;

	assert_non_null(s = store_open(dbpath, 0));
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_cache_put(s, &row->d), 0);
	assert_int_equal(store_commit(s), 0);
	store_close(s);
}

enum t_edit {
	EDIT_SERVICE,		/* ticket 1's service byte */
	EDIT_OUTCOME,		/* ticket 2's outcome */
	EDIT_QUEUE,		/* ticket 3's queue */
	EDIT_NUMBER,		/* ticket 1's number 65535 */
	EDIT_DESK,		/* ticket 2's desk 60000 */
	EDIT_TIME,		/* ticket 1's issue time huge */
	EDIT_NEGATIVE,		/* ticket 1's end time -5 */
	EDIT_TRUNCATED,		/* tickets cut inside a record */
	EDIT_SAMPLES_CUT,	/* samples cut inside a record */
	EDIT_SAMPLE_SERVICE,	/* sample 1's service 0 */
	EDIT_SAMPLE_TIME,	/* sample 1's time of 100 years */
	EDIT_EVENTS,		/* a negative count of events */
	EDIT_DESKS_CUT,		/* desks cut inside a record */
	EDIT_DESK_ID,		/* desk record 1's desk 0 */
	EDIT_DESK_ORDER,	/* desk 1's hours before its own record */
	EDIT_DESK_SLOTS,	/* desk 1 open in a 97th quarter hour */
	EDIT_DESK_IDLE,		/* desk 1 idle -1 ms */
	EDIT_DESK_RECALLS,	/* 70,000 recalls of desk 1's service */
	EDIT_N
};

static const char *const t_edit_why[EDIT_N] = {
	"ticket 1 has an impossible service",
	"ticket 2 has an impossible outcome",
	"ticket 3 has an impossible queue",
	"ticket 1 has an impossible number",
	"ticket 2 has an impossible desk",
	"ticket 1 has an impossible issue time",
	"ticket 1 has an impossible end time",
	"is damaged: cut inside a record",
	"is damaged: cut inside a record",
	"service time 1 has an impossible service",
	"service time 1 has an impossible service time",
	"is damaged: it counts -5 events",
	"is damaged: cut inside a record",
	"desk record 1 has an impossible desk",
	"desk record 1 has an impossible order",
	"desk record 2 has an impossible quarter hours open",
	"desk record 1 has an impossible idle time",
	"desk record 3 has an impossible number of recalls",
};

static void
t_put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void
t_apply(struct t_row *row, enum t_edit e)
{
	uint8_t tmp[T_DESK];

	switch (e) {
	case EDIT_SERVICE:
		row->t[0] = 0xff;
		break;
	case EDIT_OUTCOME:
		row->t[T_TICKET + 2] = 7;
		break;
	case EDIT_QUEUE:
		row->t[2 * T_TICKET + 1] = '@';
		break;
	case EDIT_NUMBER:
		row->t[4] = row->t[5] = 0xff;
		break;
	case EDIT_DESK:
		row->t[T_TICKET + 6] = 0x60;
		row->t[T_TICKET + 7] = 0xea;
		break;
	case EDIT_TIME:
		t_put64(row->t + 20, UINT64_C(0x7ffffffffffffff0));
		break;
	case EDIT_NEGATIVE:
		t_put64(row->t + 36, (uint64_t)-5);
		break;
	case EDIT_TRUNCATED:
		row->d.tickets_len = 2 * T_TICKET + 5;
		break;
	case EDIT_SAMPLES_CUT:
		row->d.samples_len -= 3;
		break;
	case EDIT_SAMPLE_SERVICE:
		row->m[0] = 0;
		break;
	case EDIT_SAMPLE_TIME:
		t_put64(row->m + 4, UINT64_C(100) * 366 * 86400 * 1000);
		break;
	case EDIT_EVENTS:
		row->d.events = -5;
		break;
	case EDIT_DESKS_CUT:
		row->d.desks_len -= 5;
		break;
	case EDIT_DESK_ID:
		row->k[0] = row->k[1] = 0;
		break;
	case EDIT_DESK_ORDER:
		memcpy(tmp, row->k, T_DESK);
		memcpy(row->k, row->k + T_DESK, T_DESK);
		memcpy(row->k + T_DESK, tmp, T_DESK);
		break;
	case EDIT_DESK_SLOTS:
		t_put64(row->k + T_DESK + 20, UINT64_C(1) << 32);
		break;
	case EDIT_DESK_IDLE:
		t_put64(row->k + 4, (uint64_t)-1);
		break;
	case EDIT_DESK_RECALLS:
		t_put64(row->k + 2 * T_DESK + 4, 70000);
		break;
	case EDIT_N:
		break;
	}
}

/* Each edit fed to the decoder directly: refused, r unchanged, and the
 * figures still computed without it. */
static void
test_cache_decode_damaged(void **state)
{
	struct report_query q;
	struct report r;
	struct t_row row;
	int e;

	(void)state;
	assert_int_equal(setup(NULL), 0);
	cache_first_day();
	cache_get(&row);
	memset(&q, 0, sizeof(q));
	q.skip = REPORT_ALL;
	assert_int_equal(report_init(&r, &q), 0);
	assert_int_equal(report_cache_decode(&r, &row.d), 0);
	assert_int_equal(r.ntickets, (int)(row.d.tickets_len / T_TICKET));
	report_free(&r);
	/* A day without tickets or without calls first in a report. */
	assert_int_equal(report_init(&r, &q), 0);
	row.d.samples_len = 0;
	assert_int_equal(report_cache_decode(&r, &row.d), 0);
	row.d.tickets_len = 0;
	assert_int_equal(report_cache_decode(&r, &row.d), 0);
	assert_int_equal(report_finish(&r, &fixture_services), 0);
	report_free(&r);
	for (e = 0; e < EDIT_N; e++) {
		cache_get(&row);
		t_apply(&row, e);
		assert_int_equal(report_init(&r, &q), 0);
		if (report_cache_decode(&r, &row.d) != -1)
			fail_msg("edit %d (%s) decoded", e, t_edit_why[e]);
		assert_int_equal(r.ntickets, 0);
		assert_int_equal(r.nsamples, 0);
		assert_int_equal(report_finish(&r, &fixture_services), 0);
		report_free(&r);
	}
}

/* The real program on a log with each edit: verify names the day and
 * what is wrong; summary and tickets warn and give the figures of the
 * events. */
static void
test_cache_damaged(void **state)
{
	struct t_row row;
	char why[160];
	int e;

	(void)state;
	for (e = 0; e < EDIT_N; e++) {
		assert_int_equal(setup(NULL), 0);
		cache_first_day();
		expect(0, "report cache of 1 day(s) matches the log",
		    "-D %s verify", dbpath);
		cache_get(&row);
		t_apply(&row, e);
		cache_put(&row);
		snprintf(why, sizeof(why), "%s", t_edit_why[e]);
		expect(1, "BROKEN: the report cache of 2026-03-02 is damaged: ",
		    "-D %s verify", dbpath);
		expect(1, why, "-D %s verify", dbpath);
		expect(0, why, "-D %s summary --from 2026-03-02 "
		    "--to 2026-03-03 --csv", dbpath);
		expect(0, "total,,15,13,12,1,1,2,1,960,3300,3300,600,1020,,,,"
		    "\r\n", "-D %s summary --from 2026-03-02 --to 2026-03-03 "
		    "--csv", dbpath);
		expect(0, "read from the events instead", "-D %s tickets "
		    "--from 2026-03-02 --to 2026-03-02 --csv", dbpath);
	}
}

static int
t_cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The radix sort behind the percentiles agrees with qsort(): negative
 * waits (a clock set back), duplicates, large and tiny arrays. */
static void
test_sort(void **state)
{
	static const int sizes[] = { 0, 1, 2, 255, 256, 1000, 70000 };
	int64_t *a, *b;
	size_t k;
	int i, n;

	(void)state;
	srand(7);
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		n = sizes[k];
		a = calloc((size_t)n + 1, sizeof(*a));
		b = calloc((size_t)n + 1, sizeof(*b));
		assert_non_null(a);
		assert_non_null(b);
		for (i = 0; i < n; i++) {
			switch (rand() % 4) {
			case 0:		/* a wait of up to a day */
				a[i] = rand() % 86400000;
				break;
			case 1:		/* a clock set back */
				a[i] = -(int64_t)(rand() % 5000);
				break;
			case 2:		/* the same few values */
				a[i] = 60000 * (rand() % 3);
				break;
			default:	/* far apart */
				a[i] = ((int64_t)rand() << 31) ^ rand();
				break;
			}
			b[i] = a[i];
		}
		report_sort_ms(a, n);
		qsort(b, (size_t)n, sizeof(*b), t_cmp64);
		assert_memory_equal(a, b, (size_t)n * sizeof(*a));
		/* Selection gives the sorted array's ranks, from any order
		 * (sorted, reversed, shuffled). */
		for (i = 0; n > 0 && i < 3; i++) {
			int64_t p50, p90, max;
			int j;

			for (j = 0; j < n; j++)
				a[j] = i == 0 ? b[j] : i == 1 ? b[n - 1 - j] :
				    b[(int)(((int64_t)j * 7919) % n)];
			if (i == 2 && n % 7919 == 0)
				continue;	/* not a permutation */
			report_percentiles(a, n, &p50, &p90, &max);
			assert_int_equal(p50, report_percentile(b, n, 50));
			assert_int_equal(p90, report_percentile(b, n, 90));
			assert_int_equal(max, b[n - 1]);
		}
		free(a);
		free(b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_summary),
		cmocka_unit_test_setup(test_priority, setup),
		cmocka_unit_test(test_one_day),
		cmocka_unit_test(test_desk),
		cmocka_unit_test(test_service),
		cmocka_unit_test(test_no_config),
		cmocka_unit_test(test_percentile_and_next_call),
		cmocka_unit_test(test_parse_day),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_table_and_json),
		cmocka_unit_test(test_tickets),
		cmocka_unit_test(test_hourly),
		cmocka_unit_test(test_hourly_desk),
		cmocka_unit_test(test_desks),
		cmocka_unit_test(test_desk_day),
		cmocka_unit_test_setup(test_verify_intact, setup),
		cmocka_unit_test_setup(test_verify_edited, setup),
		cmocka_unit_test_setup(test_verify_deleted, setup),
		cmocka_unit_test_setup(test_verify_inserted, setup),
		cmocka_unit_test_setup(test_cli, setup),
		cmocka_unit_test(test_cache_decode_damaged),
		cmocka_unit_test(test_cache_damaged),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, setup, teardown);
}
