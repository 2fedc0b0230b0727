/*
 * test_report_dayend.c - what the end of a service day means for the
 * figures (report.h), on the day's end fixture (report-fixture.h) with
 * answers computed by hand: a day whose central was killed in the
 * evening and that was closed by its start the next morning, and a day
 * closed live at day_start. With and without the report cache, a cache
 * written by the old rule (format 1) rebuilt by the migration, and the
 * PDF read back with pdftotext.
 *
 * The rule: the day's close serves the ticket still at a desk (the
 * outcome) but gives it no service time, and a desk's day ends at its
 * own last event, however late the day is closed. The old rule timed
 * the close as the desk's: B1 of 03-05 was served for 979 minutes
 * (15:21 to 07:40 the next day), A3 of 03-06 for 1,150 (08:50 to
 * 04:00), and desks 1 and 3 were open in all 48 half hours.
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

#include "logcap.h"
#include "report.h"
#include "report-int.h"
#include "report-fixture.h"
#include "shellrun.h"
#include "sqlfile.h"
#include "store.h"

#define DAY3	"2026-03-05"	/* closed late */
#define DAY4	"2026-03-06"	/* closed live */

static char dbpath[64];

static int
setup(void **state)
{
	int fd;

	(void)state;
	if (dbpath[0] == '\0') {
		snprintf(dbpath, sizeof(dbpath), "/tmp/antre-dayend-XXXXXX");
		if ((fd = mkstemp(dbpath)) == -1)
			return -1;
		close(fd);
	}
	return fixture_write_fx(dbpath, fixture_dayend, fixture_dayend_len);
}

static int
teardown(void **state)
{
	(void)state;
	fixture_remove(dbpath);
	return 0;
}

static void
run(struct report *r, const char *from, const char *to, int desk,
    unsigned skip)
{
	struct report_query q;
	struct store *s;

	memset(&q, 0, sizeof(q));
	snprintf(q.from, sizeof(q.from), "%s", from);
	snprintf(q.to, sizeof(q.to), "%s", to);
	q.desk = desk;
	q.skip = skip;
	assert_non_null(s = store_open_readonly(dbpath));
	assert_int_equal(report_run(r, s, &q, &fixture_dayend_services), 0);
	store_close(s);
}

/* Minutes, -1: none. */
static int64_t
ms(int64_t min)
{
	return min < 0 ? -1 : min * MIN;
}

struct want_row {
	char	service;
	int	issued, called, served, noshow, transferred, unserved;
	int	wait_unknown;
	int64_t	wait_median, wait_p90, wait_max;
	int	services;
	int64_t	svc_median, svc_p90;
	int	within, within_of;
};

static void
check_rows(const struct report *r, const struct want_row *w, int n)
{
	const struct report_row *row;
	int i;

	assert_int_equal(r->nrows, n);
	for (i = 0; i < n; i++, w++) {
		row = &r->rows[i];
		assert_int_equal(row->service, w->service);
		assert_int_equal(row->issued, w->issued);
		assert_int_equal(row->called, w->called);
		assert_int_equal(row->served, w->served);
		assert_int_equal(row->noshow, w->noshow);
		assert_int_equal(row->transferred, w->transferred);
		assert_int_equal(row->unserved, w->unserved);
		assert_int_equal(row->wait_unknown, w->wait_unknown);
		assert_int_equal(row->wait_median, ms(w->wait_median));
		assert_int_equal(row->wait_p90, ms(w->wait_p90));
		assert_int_equal(row->wait_max, ms(w->wait_max));
		assert_int_equal(row->services, w->services);
		assert_int_equal(row->service_median, ms(w->svc_median));
		assert_int_equal(row->service_p90, ms(w->svc_p90));
		assert_int_equal(row->within, w->within);
		assert_int_equal(row->within_of, w->within_of);
	}
}

/* One half hour: arrivals, calls of A, B, C and in total, desks open
 * summed over the days. */
struct want_slot {
	int	slot;
	int	arrivals[4];
	int	calls[4];
	int	desk_days;
};

static void
check_hours(const struct report *r, const struct want_slot *w, int n)
{
	const struct report_hour *h;
	int i, k;

	assert_int_equal(r->nhours, n * 4);
	for (i = 0; i < n; i++, w++) {
		for (k = 0; k < 4; k++) {
			h = &r->hours[i * 4 + k];
			assert_int_equal(h->slot, w->slot);
			assert_int_equal(h->service, k < 3 ? 'A' + k : 0);
			assert_int_equal(h->arrivals, w->arrivals[k]);
			assert_int_equal(h->calls, w->calls[k]);
			assert_int_equal(h->desk_days, w->desk_days);
		}
	}
}

struct want_desk {
	int	desk;
	int	served, noshow, recalls, services;
	int64_t	svc_median, serving, idle, paused;
};

static void
check_desks(const struct report *r, const struct want_desk *w, int n)
{
	const struct report_desk *d;
	int i;

	assert_int_equal(r->ndesks, n);
	for (i = 0; i < n; i++, w++) {
		d = &r->desks[i];
		assert_int_equal(d->desk, w->desk);
		assert_int_equal(d->served, w->served);
		assert_int_equal(d->noshow, w->noshow);
		assert_int_equal(d->recalls, w->recalls);
		assert_int_equal(d->services, w->services);
		assert_int_equal(d->service_median, ms(w->svc_median));
		assert_int_equal(d->serving_ms, ms(w->serving));
		assert_int_equal(d->idle_ms, ms(w->idle));
		assert_int_equal(d->paused_ms, ms(w->paused));
	}
}

/*
 * The engine writes the fixture: the same presses and takes at the same
 * times through queue.c give the fixture's events, and the day's close
 * (queue_close_day()) writes "served" at a desk without a command id,
 * the mark the figures go by.
 */
struct press {
	int		day;	/* 3, 4; -1: the day closes */
	const char	*at;
	int		desk;	/* 0: a take at kiosk 1 */
	enum proto_op	op;
	char		service;
};

static const struct press presses[] = {
	{ 3, "15:00", 0, 0, 'A' }, { 3, "15:02", 0, 0, 'A' },
	{ 3, "15:05", 1, OP_NEXT, 0 }, { 3, "15:06", 2, OP_NEXT, 0 },
	{ 3, "15:15", 1, OP_NEXT, 0 }, { 3, "15:20", 0, 0, 'B' },
	{ 3, "15:21", 1, OP_NEXT, 0 }, { 3, "15:26", 2, OP_PAUSE, 0 },
	{ 3, "15:40", 2, OP_RESUME, 0 }, { 3, "15:41", 2, OP_NEXT, 0 },
	{ 3, "15:50", 2, OP_PAUSE, 0 }, { 3, "15:52", 0, 0, 'A' },
	{ 3, "15:55", 3, OP_NEXT, 0 }, { 3, "16:01", 3, OP_NEXT, 0 },
	{ 3, "16:10", 1, OP_RECALL, 0 }, { 3, "16:20", 0, 0, 'A' },
	{ -1, "31:40", 0, 0, 0 },
	{ 4, "08:00", 0, 0, 'A' }, { 4, "08:00", 0, 0, 'B' },
	{ 4, "08:03", 1, OP_NEXT, 0 }, { 4, "08:04", 2, OP_NEXT, 0 },
	{ 4, "08:10", 0, 0, 'A' }, { 4, "08:14", 2, OP_NEXT, 0 },
	{ 4, "08:20", 1, OP_NOSHOW, 0 }, { 4, "08:40", 2, OP_PAUSE, 0 },
	{ 4, "08:45", 0, 0, 'A' }, { 4, "08:50", 3, OP_NEXT, 0 },
	{ 4, "08:58", 3, OP_RECALL, 0 }, { 4, "09:00", 0, 0, 'B' },
	{ -1, "28:00", 0, 0, 0 },
};

static void
test_engine_writes_fixture(void **state)
{
	struct event evs[16], got[64], want;
	const struct press *p;
	struct proto_take take;
	struct proto_cmd cmd;
	struct queue q;
	struct fx at;
	char reason[96];
	int64_t now;
	int i, k, n, ngot = 0, day = 3;

	(void)state;
	queue_init(&q, &fixture_dayend_services, DAY3);
	for (i = 0; i < (int)(sizeof(presses) / sizeof(presses[0])); i++) {
		p = &presses[i];
		memset(&at, 0, sizeof(at));
		at.day = p->day < 0 ? day : p->day;
		at.at = p->at;
		now = fx_event(&at, 0).time_ms;
		if (p->day < 0) {
			n = queue_close_day(&q, now, evs, 16);
			assert_true(n > 0);
		} else if (p->desk == 0) {
			memset(&take, 0, sizeof(take));
			snprintf(take.id, sizeof(take.id), "k-%d", i);
			take.service = p->service;
			assert_int_equal(queue_take(&q, 1, &take, now, evs,
			    reason, sizeof(reason)), RESULT_OK);
			n = 1;
		} else {
			memset(&cmd, 0, sizeof(cmd));
			snprintf(cmd.id, sizeof(cmd.id), "d-%d", i);
			cmd.op = p->op;
			if (queue_command(&q, p->desk, &cmd, now, evs, &n,
			    reason, sizeof(reason)) != RESULT_OK)
				fail_msg("press %d refused: %s", i, reason);
		}
		for (k = 0; k < n; k++) {
			assert_int_equal(queue_apply(&q, &evs[k]), 0);
			assert_true(ngot < 64);
			got[ngot++] = evs[k];
		}
		if (p->day < 0 && day == 3) {
			queue_free(&q);
			queue_init(&q, &fixture_dayend_services, DAY4);
			day = 4;
		}
	}
	queue_free(&q);

	assert_int_equal(ngot, fixture_dayend_len);
	for (i = 0; i < ngot; i++) {
		want = fx_event(&fixture_dayend[i], i);
		if (got[i].kind != want.kind || got[i].time_ms !=
		    want.time_ms || strcmp(got[i].day, want.day) != 0 ||
		    got[i].desk != want.desk || got[i].ticket.service !=
		    want.ticket.service || got[i].ticket.number !=
		    want.ticket.number)
			fail_msg("event %d: the engine wrote %s %c%d desk %d "
			    "on %s, the fixture has %s %c%d desk %d", i,
			    event_kind_name(got[i].kind),
			    got[i].ticket.service ? got[i].ticket.service :
			    '-', got[i].ticket.number, got[i].desk,
			    got[i].day, event_kind_name(want.kind),
			    want.ticket.service ? want.ticket.service : '-',
			    want.ticket.number, want.desk);
		/* A desk's own events have an id; the close's have none. */
		if (got[i].desk != 0)
			assert_int_equal(got[i].cmd_id[0] == '\0',
			    fixture_dayend[i].target == FX_CLOSE);
	}
}

/*
 * 03-05 by hand (minutes), closed at 07:40 the next morning:
 * A1 issued 15:00, desk 1 15:05-15:15 (wait 5, service 10); A2 15:02,
 * desk 2 15:06-15:26 (wait 4, 20; the desk pauses); B1 15:20, desk 1
 * 15:21, recalled 16:10, still there at the close: served, no service
 * time; C1 (roll) desk 2 15:41-15:50 (9; the desk pauses again); A3
 * 15:52, desk 3 15:55-16:01 (wait 3, 6; the desk stays open, idle);
 * A4 16:20 waits: unserved.
 * A: waits 3 4 5: median (rank 2) 4, p90 (rank 3) 5; services 6 10 20:
 *   median 10, p90 20; within 30: A1 A2 A3 of A1..A4, 3 of 4.
 * B: wait 1; no service time; within 15: 1 of 1.
 * C: wait unknown; service 9.
 * Total: waits 1 3 4 5: median (rank 2) 3, p90 (rank 4) 5; services 6
 *   9 10 20: median (rank 2) 9, p90 (rank 4) 20; within 4 of 5.
 */
static const struct want_row day3_rows[] = {
	{ 'A', 4, 3, 3, 0, 0, 1, 0, 4, 5, 5, 3, 10, 20, 3, 4 },
	{ 'B', 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, -1, -1, 1, 1 },
	{ 'C', 1, 1, 1, 0, 0, 0, 1, -1, -1, -1, 1, 9, 9, -1, -1 },
	{ 0, 6, 5, 5, 0, 0, 1, 1, 3, 5, 5, 4, 9, 20, 4, 5 },
};

/*
 * Each desk's day, from its first to its own last event:
 * desk 1 15:05-16:10 (its recall of B1): serving A1 10 and B1 49 (up
 *   to the recall), idle 15:15-15:21 6; served A1 and B1, 1 recall, one
 *   service time (10).
 * desk 2 15:06-15:50 (its second pause): serving A2 20 and C1 9,
 *   paused 15:26-15:40 14, idle 15:40-15:41 1; service times 9 20:
 *   median (rank 1) 9.
 * desk 3 15:55-16:01: serving A3 6.
 * Total: served 5 (as summary), services 6 9 10 20: median 9; serving
 *   94, idle 7, paused 14.
 */
static const struct want_desk day3_desks[] = {
	{ 1, 2, 0, 1, 1, 10, 59, 6, 0 },
	{ 2, 2, 0, 0, 2, 9, 29, 1, 14 },
	{ 3, 1, 0, 0, 1, 6, 6, 0, 0 },
	{ 0, 5, 0, 1, 4, 9, 94, 7, 14 },
};

/*
 * Half hours: 15:00 (30) arrivals A1 A2 B1, first calls A1 A2 B1;
 * 15:30 (31) arrival A3, calls C1 A3; 16:00 (32) arrival A4. Desks
 * open: desk 1 15:05-16:10 in 30 31 32, desk 2 15:06-15:26 and
 * 15:40-15:50 in 30 31, desk 3 15:55-16:01 in 31 32: 2, 3, 2. Nothing
 * after 16:30: the hall worked three half hours.
 */
static const struct want_slot day3_hours[] = {
	{ 30, { 2, 1, 0, 3 }, { 2, 1, 0, 3 }, 2 },
	{ 31, { 1, 0, 0, 1 }, { 1, 0, 1, 2 }, 3 },
	{ 32, { 1, 0, 0, 1 }, { 0, 0, 0, 0 }, 2 },
};

static void
test_closed_late(void **state)
{
	struct report r;

	(void)state;
	run(&r, DAY3, DAY3, 0, 0);
	check_rows(&r, day3_rows, 4);
	check_desks(&r, day3_desks, 4);
	check_hours(&r, day3_hours, 3);
	assert_int_equal(r.days, 1);
	/* B1: served by the close, at desk 1, when the close happened. */
	assert_int_equal(r.tickets[2].service, 'B');
	assert_int_equal(r.tickets[2].outcome, OUTCOME_SERVED);
	assert_int_equal(r.tickets[2].end_desk, 1);
	assert_int_equal(r.tickets[2].ended_ms, fx_event(&fixture_dayend[18],
	    18).time_ms);
	report_free(&r);
}

/*
 * 03-06 by hand, closed live at 04:00 on 03-07:
 * A1 issued 08:00, desk 1 08:03, no-show 08:20 (wait 3, service 17; the
 * desk stays open, idle); B1 08:00, desk 2 08:04-08:14 (wait 4, 10); A2
 * 08:10, desk 2 08:14-08:40 (wait 4, 26; the desk pauses and stays
 * paused); A3 08:45, desk 3 08:50, recalled 08:58, still there at the
 * close: served, no service time (wait 5); B2 09:00 waits: unserved.
 * A: waits 3 4 5: median 4, p90 5; services 17 26: median (rank 1) 17,
 *   p90 (rank 2) 26; within 30: A2 A3 of A2 A3 (the no-show left out).
 * B: wait 4; service 10; within 15: B1 of B1 B2, 1 of 2.
 * Total: waits 3 4 4 5: median (rank 2) 4, p90 5; services 10 17 26:
 *   median 17, p90 26; within 3 of 4.
 */
static const struct want_row day4_rows[] = {
	{ 'A', 3, 3, 2, 1, 0, 0, 0, 4, 5, 5, 2, 17, 26, 2, 2 },
	{ 'B', 2, 1, 1, 0, 0, 1, 0, 4, 4, 4, 1, 10, 10, 1, 2 },
	{ 'C', 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, 0, -1, -1, -1, -1 },
	{ 0, 5, 4, 3, 1, 0, 1, 0, 4, 5, 5, 3, 17, 26, 3, 4 },
};

/*
 * desk 1 08:03-08:20: serving A1 17, no-show 1. desk 2 08:04-08:40:
 * serving B1 10 and A2 26, service times 10 26: median 10. desk 3
 * 08:50-08:58: serving A3 8 (up to its recall), 1 recall, A3 served by
 * the close, no service time. Total: services 10 17 26: median 17;
 * serving 61.
 */
static const struct want_desk day4_desks[] = {
	{ 1, 0, 1, 0, 1, 17, 17, 0, 0 },
	{ 2, 2, 0, 0, 2, 10, 36, 0, 0 },
	{ 3, 1, 0, 1, 0, -1, 8, 0, 0 },
	{ 0, 3, 1, 1, 3, 17, 61, 0, 0 },
};

/*
 * 08:00 (16): arrivals A1 B1 A2, calls A1 B1 A2; 08:30 (17): arrival
 * A3, call A3; 09:00 (18): arrival B2. Open: desk 1 08:03-08:20 in 16,
 * desk 2 08:04-08:40 in 16 17, desk 3 08:50-08:58 in 17: 2, 2, 0.
 */
static const struct want_slot day4_hours[] = {
	{ 16, { 2, 1, 0, 3 }, { 2, 1, 0, 3 }, 2 },
	{ 17, { 1, 0, 0, 1 }, { 1, 0, 0, 1 }, 2 },
	{ 18, { 0, 1, 0, 1 }, { 0, 0, 0, 0 }, 0 },
};

static void
test_closed_live(void **state)
{
	struct report r;

	(void)state;
	run(&r, DAY4, DAY4, 0, 0);
	check_rows(&r, day4_rows, 4);
	check_desks(&r, day4_desks, 4);
	check_hours(&r, day4_hours, 3);
	report_free(&r);

	/* Desk 3 alone: A3 called and served (by the close) there, no
	 * service time; open in 08:30 only. */
	run(&r, DAY4, DAY4, 3, 0);
	assert_int_equal(r.rows[3].called, 1);
	assert_int_equal(r.rows[3].served, 1);
	assert_int_equal(r.rows[3].services, 0);
	assert_int_equal(r.rows[3].service_median, -1);
	assert_int_equal(r.nhours, 4);
	assert_int_equal(r.hours[0].slot, 17);
	assert_int_equal(r.hours[0].calls, 1);
	assert_int_equal(r.hours[3].desk_days, 1);
	check_desks(&r, &day4_desks[2], 1);
	report_free(&r);
}

/*
 * Both days: A waits 3 3 4 4 5 5: median (rank 3) 4, p90 (rank 6) 5;
 * services 6 10 17 20 26: median (rank 3) 17, p90 (rank 5) 26; within
 * 3 of 4 and 2 of 2. B waits 1 4: median 1, p90 4. Total waits 1 3 3 4
 * 4 4 5 5: median (rank 4) 4, p90 (rank 8) 5; services 6 9 10 10 17 20
 * 26: median (rank 4) 10, p90 (rank 7) 26.
 * Desks add up; desk 2's service times 9 10 20 26: median (rank 2) 10.
 * Half hours 16 to 32 are listed (08:00 to 16:30), averaged over the 2
 * days.
 */
static const struct want_row both_rows[] = {
	{ 'A', 7, 6, 5, 1, 0, 1, 0, 4, 5, 5, 5, 17, 26, 5, 6 },
	{ 'B', 3, 2, 2, 0, 0, 1, 0, 1, 4, 4, 1, 10, 10, 2, 3 },
	{ 'C', 1, 1, 1, 0, 0, 0, 1, -1, -1, -1, 1, 9, 9, -1, -1 },
	{ 0, 11, 9, 8, 1, 0, 2, 1, 4, 5, 5, 7, 10, 26, 7, 9 },
};

static const struct want_desk both_desks[] = {
	{ 1, 2, 1, 1, 2, 10, 76, 6, 0 },
	{ 2, 4, 0, 0, 4, 10, 65, 1, 14 },
	{ 3, 2, 0, 1, 1, 6, 14, 0, 0 },
	{ 0, 8, 1, 2, 7, 10, 155, 7, 14 },
};

static void
test_both_days(void **state)
{
	static const int open[] = { 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 2, 3, 2 };
	struct report r;
	int i;

	(void)state;
	run(&r, DAY3, DAY4, 0, 0);
	check_rows(&r, both_rows, 4);
	check_desks(&r, both_desks, 4);
	assert_int_equal(r.days, 2);
	assert_int_equal(r.nhours, 17 * 4);
	for (i = 0; i < 17; i++) {
		assert_int_equal(r.hours[i * 4 + 3].slot, 16 + i);
		assert_int_equal(r.hours[i * 4 + 3].desk_days, open[i]);
	}
	/* 3 desk-days in 15:30 over 2 days: 1.5. */
	assert_true(report_desks_open(&r, &r.hours[15 * 4 + 3]) == 1.5);
	report_free(&r);
}

/* The rows of both days, as the central writes them at each close. */
static void
cache_days(void)
{
	struct store *s;

	assert_non_null(s = store_open(dbpath, 0));
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(report_cache_day(s, DAY3), 0);
	assert_int_equal(report_cache_day(s, DAY4), 0);
	assert_int_equal(store_commit(s), 0);
	store_close(s);
}

/* The real program; its output (free it) and exit status. */
static int	prog(char **, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static int
prog(char **out, const char *fmt, ...)
{
	char args[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	return shell_run(out, "%s -D %s %s", ANTRE_REPORT_BIN, dbpath,
	    args);
}

/* Every report the same from the cache and from the events. */
static void
same_cached(void)
{
	static const char *const cmds[] = { "summary", "tickets", "hourly",
	    "desks" };
	static const char *const fmts[] = { "--csv", "--json", "" };
	static const char *const ranges[] = { DAY3 " --to " DAY3,
	    DAY4 " --to " DAY4, DAY3 " --to " DAY4 };
	char *a, *b;
	size_t c, f, g;

	for (c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++)
		for (f = 0; f < 3; f++)
			for (g = 0; g < 3; g++) {
				assert_int_equal(prog(&a, "%s --from %s %s",
				    cmds[c], ranges[g], fmts[f]), 0);
				assert_int_equal(prog(&b, "%s --from %s %s "
				    "--no-cache", cmds[c], ranges[g],
				    fmts[f]), 0);
				if (strcmp(a, b) != 0)
					fail_msg("%s %s %s: cached\n%s\nfrom "
					    "the events\n%s", cmds[c],
					    ranges[g], fmts[f], a, b);
				free(a);
				free(b);
			}
}

struct rows_seen {
	int	n;
	int	format[2];
	size_t	samples_len[2];
	size_t	desks_len[2];
};

static int
rows_cb(void *arg, const struct store_cache_day *d)
{
	struct rows_seen *rs = arg;

	if (rs->n < 2) {
		rs->format[rs->n] = d->format;
		rs->samples_len[rs->n] = d->samples_len;
		rs->desks_len[rs->n] = d->desks_len;
	}
	rs->n++;
	return 0;
}

static void
rows_read(struct rows_seen *rs)
{
	struct store *s;

	memset(rs, 0, sizeof(*rs));
	assert_non_null(s = store_open_readonly(dbpath));
	assert_int_equal(store_cache_read(s, DAY3, DAY4, rows_cb, rs), 0);
	store_close(s);
}

/*
 * The cached days give the figures computed by hand: what a summary of
 * the whole hall reads (REPORT_ALL skipped) comes from the rows, and
 * the program answers the same with and without them.
 */
static void
test_cached(void **state)
{
	struct rows_seen rs;
	struct report r;
	char *out;

	(void)state;
	assert_int_equal(setup(NULL), 0);
	cache_days();
	rows_read(&rs);
	assert_int_equal(rs.n, 2);
	assert_int_equal(rs.format[0], CACHE_FORMAT);
	/* 4 and 3 service times of 12 bytes: none for B1 nor A3. */
	assert_int_equal(rs.samples_len[0], 4 * 12);
	assert_int_equal(rs.samples_len[1], 3 * 12);

	run(&r, DAY3, DAY3, 0, REPORT_ALL);
	check_rows(&r, day3_rows, 4);
	report_free(&r);
	run(&r, DAY4, DAY4, 0, REPORT_ALL);
	check_rows(&r, day4_rows, 4);
	report_free(&r);
	run(&r, DAY3, DAY4, 0, REPORT_ALL);
	check_rows(&r, both_rows, 4);
	report_free(&r);

	same_cached();
	assert_int_equal(prog(&out, "verify"), 0);
	assert_non_null(strstr(out, "report cache of 2 day(s) matches"));
	free(out);
	/* The program's own figures (no -f: no names, no targets): B of
	 * 03-05 has no service time. */
	assert_int_equal(prog(&out, "summary --from %s --to %s --csv", DAY3,
	    DAY3), 0);
	assert_non_null(strstr(out, "\r\nB,,1,1,1,0,0,0,0,60,60,60,,,"));
	assert_non_null(strstr(out, "\r\ntotal,,6,5,5,0,0,1,1,180,300,300,"
	    "540,1200,"));
	free(out);
}

/* A sample record as cache.c encodes it. */
static void
put_sample(uint8_t *p, char service, int desk, int64_t v)
{
	int i;

	p[0] = (uint8_t)service;
	p[1] = 0;
	p[2] = (uint8_t)(desk & 0xff);
	p[3] = (uint8_t)(desk >> 8);
	for (i = 0; i < 8; i++)
		p[4 + i] = (uint8_t)((uint64_t)v >> (8 * i));
}

struct old_row {
	struct store_cache_day	d;
	uint8_t			t[2048], m[512], k[2048];
};

static int
old_cb(void *arg, const struct store_cache_day *d)
{
	struct old_row *o = arg;

	assert_true(d->tickets_len <= sizeof(o->t));
	assert_true(d->samples_len + 12 <= sizeof(o->m));
	assert_true(d->desks_len <= sizeof(o->k));
	o->d = *d;
	memcpy(o->t, d->tickets, d->tickets_len);
	memcpy(o->m, d->samples, d->samples_len);
	if (d->desks_len > 0)
		memcpy(o->k, d->desks, d->desks_len);
	o->d.tickets = o->t;
	o->d.samples = o->m;
	o->d.desks = o->k;
	return 0;
}

/*
 * A row as the old rule wrote it: format 1, the ticket at the desk
 * timed to the close (B1 at desk 1 of 03-05 for 979 minutes, A3 at
 * desk 3 of 03-06 for 1,150).
 */
static void
cache_old(const char *day, char service, int desk, int64_t minutes)
{
	struct old_row o;
	struct store *s;

	memset(&o, 0, sizeof(o));
	assert_non_null(s = store_open_readonly(dbpath));
	assert_int_equal(store_cache_read(s, day, day, old_cb, &o), 0);
	store_close(s);
	put_sample(o.m + o.d.samples_len, service, desk, minutes * MIN);
	o.d.samples_len += 12;
	o.d.format = 1;
	assert_non_null(s = store_open(dbpath, 0));
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_cache_put(s, &o.d), 0);
	assert_int_equal(store_commit(s), 0);
	store_close(s);
}

/*
 * A log whose rows the old rule wrote (schema 4, format 1): the reports
 * do not use them (the figures by hand, from the events), and the
 * central's next start migrates the log to version 5, drops them and
 * writes them again by the backfill.
 */
static void
test_old_cache(void **state)
{
	struct rows_seen rs;
	struct report r;
	struct store *s;
	char *out;

	(void)state;
	assert_int_equal(setup(NULL), 0);
	cache_days();
	cache_old(DAY3, 'B', 1, 979);
	cache_old(DAY4, 'A', 3, 1150);
	sql_file(dbpath, "PRAGMA user_version = 4");
	rows_read(&rs);
	assert_int_equal(rs.format[0], 1);
	assert_int_equal(rs.samples_len[0], 5 * 12);

	run(&r, DAY3, DAY4, 0, REPORT_ALL);
	check_rows(&r, both_rows, 4);
	report_free(&r);
	same_cached();

	/* The central's start: migrated, then the backfill. */
	logcap_start();
	assert_non_null(s = store_open(dbpath, 0));
	assert_non_null(strstr(logcap_stop(), "migrated from version 4 to "
	    STORE_STR(STORE_SCHEMA_VERSION)));
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(report_cache_backfill(s), 2);
	assert_int_equal(store_commit(s), 0);
	/* Once: the next start has nothing to add. */
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(report_cache_backfill(s), 0);
	assert_int_equal(store_commit(s), 0);
	store_close(s);

	rows_read(&rs);
	assert_int_equal(rs.n, 2);
	assert_int_equal(rs.format[0], CACHE_FORMAT);
	assert_int_equal(rs.format[1], CACHE_FORMAT);
	assert_int_equal(rs.samples_len[0], 4 * 12);
	assert_int_equal(rs.samples_len[1], 3 * 12);
	run(&r, DAY3, DAY4, 0, REPORT_ALL);
	check_rows(&r, both_rows, 4);
	report_free(&r);
	same_cached();
	assert_int_equal(prog(&out, "verify"), 0);
	assert_non_null(strstr(out, "report cache of 2 day(s) matches"));
	free(out);
}

/*
 * Rows as version 8 wrote them (format 2: no desks): not used (every
 * report from the events), then dropped by the migration to version 9
 * and written again with the desks by the backfill.
 */
static void
test_format2_cache(void **state)
{
	struct rows_seen rs;
	struct store *s;
	char *out;

	(void)state;
	assert_int_equal(setup(NULL), 0);
	cache_days();
	rows_read(&rs);
	assert_int_equal(rs.format[0], CACHE_FORMAT);
	assert_true(rs.desks_len[0] > 0 && rs.desks_len[1] > 0);
	sql_file(dbpath, "UPDATE report_days SET format = 2, desks = x'';"
	    "PRAGMA user_version = 8");
	rows_read(&rs);
	assert_int_equal(rs.format[0], 2);
	assert_int_equal(rs.desks_len[0], 0);
	same_cached();

	logcap_start();
	assert_non_null(s = store_open(dbpath, 0));
	assert_non_null(strstr(logcap_stop(), "migrated from version 8 to "
	    STORE_STR(STORE_SCHEMA_VERSION)));
	rows_read(&rs);
	assert_int_equal(rs.n, 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(report_cache_backfill(s), 2);
	assert_int_equal(store_commit(s), 0);
	store_close(s);

	rows_read(&rs);
	assert_int_equal(rs.n, 2);
	assert_int_equal(rs.format[0], CACHE_FORMAT);
	assert_int_equal(rs.format[1], CACHE_FORMAT);
	assert_true(rs.desks_len[0] > 0 && rs.desks_len[1] > 0);
	same_cached();
	assert_int_equal(prog(&out, "verify"), 0);
	assert_non_null(strstr(out, "report cache of 2 day(s) matches"));
	free(out);
}

/*
 * Rows written in one time zone and read in another (a log copied from
 * the hall to a laptop): the same answers as the events give there, in
 * a zone whose half hours start at a quarter past (Kathmandu, +05:45),
 * and verify finds every row right.
 */
static void
test_cache_zone(void **state)
{
	char *out;

	(void)state;
	assert_int_equal(setup(NULL), 0);
	cache_days();
	setenv("TZ", "Asia/Kathmandu", 1);
	tzset();
	same_cached();
	assert_int_equal(prog(&out, "hourly --from %s --to %s --csv", DAY3,
	    DAY3), 0);
	/* 15:00 UTC is 20:45 there. */
	assert_non_null(strstr(out, "\r\n20:30-21:00,total,"));
	free(out);
	assert_int_equal(prog(&out, "verify"), 0);
	assert_non_null(strstr(out, "report cache of 2 day(s) matches"));
	free(out);
	setenv("TZ", "UTC", 1);
	tzset();
}

/* The program's hourly and desks, as table, CSV and JSON, for the day
 * closed late: three half hours, the desks' times by hand (from the
 * rows of the report cache). */
static void
test_program(void **state)
{
	const char *last;
	char *out;

	(void)state;
	assert_int_equal(setup(NULL), 0);
	cache_days();
	assert_int_equal(prog(&out, "hourly --from %s --to %s --csv", DAY3,
	    DAY3), 0);
	assert_non_null(strstr(out, "\r\n15:00-15:30,total,,3,3,2.0\r\n"));
	assert_non_null(strstr(out, "\r\n15:30-16:00,total,,1,2,3.0\r\n"));
	assert_non_null(strstr(out, "\r\n16:00-16:30,total,,1,0,2.0\r\n"));
	/* The last line: nothing after 16:30, nothing the next morning. */
	last = "16:00-16:30,total,,1,0,2.0\r\n";
	assert_true(strlen(out) > strlen(last));
	assert_string_equal(out + strlen(out) - strlen(last), last);
	assert_null(strstr(out, "16:30-17:00"));
	assert_null(strstr(out, "07:30-08:00"));
	free(out);
	assert_int_equal(prog(&out, "desks --from %s --to %s --csv", DAY3,
	    DAY3), 0);
	assert_non_null(strstr(out, "\r\n1,,2,0,1,600,3540,360,0\r\n"));
	assert_non_null(strstr(out, "\r\n2,,2,0,0,540,1740,60,840\r\n"));
	assert_non_null(strstr(out, "\r\n3,,1,0,0,360,360,0,0\r\n"));
	assert_non_null(strstr(out, "\r\ntotal,,5,0,1,540,5640,420,840\r\n"));
	free(out);
	assert_int_equal(prog(&out, "desks --from %s --to %s --json", DAY4,
	    DAY4), 0);
	assert_non_null(strstr(out, "\"desk\": 3,"));
	assert_non_null(strstr(out, "\"serving_s\": 480,"));
	assert_null(strstr(out, "\"serving_s\": 69"));
	free(out);
}

/* Runs of blanks made one space: pdftotext -layout aligns columns. */
static void
squeeze(char *s)
{
	char *w = s;
	int blank = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n') {
			if (!blank)
				*w++ = ' ';
			blank = 1;
		} else {
			*w++ = *s;
			blank = 0;
		}
	}
	*w = '\0';
}

/* The PDF of one day as pdftotext reads it (free it). */
static char *
pdf_text(const char *day)
{
	char pdf[96], *out;

	snprintf(pdf, sizeof(pdf), "%s.pdf", dbpath);
	unlink(pdf);
	if (prog(&out, "pdf %s --from %s --to %s >/dev/null && pdftotext "
	    "-layout %s -", pdf, day, day, pdf) != 0)
		fail_msg("pdf of %s: %s", day, out);
	unlink(pdf);
	squeeze(out);
	return out;
}

/* The hours the chart of arrivals and calls labels: "HH:00" between its
 * title and the next section's. */
static int
pdf_chart_hours(const char *text, char *hours, size_t len)
{
	const char *from, *to, *p;
	size_t n = 0;
	int count = 0;

	assert_non_null(from = strstr(text, "per setengah jam"));
	assert_non_null(to = strstr(from, "Sebaran waktu tunggu"));
	hours[0] = '\0';
	for (p = from; (p = strstr(p, ":00")) != NULL && p < to; p += 3) {
		if (p - from < 2 || n + 7 > len)
			continue;
		n += (size_t)snprintf(hours + n, len - n, "%s%.5s",
		    count ? " " : "", p - 2);
		count++;
	}
	return count;
}

/*
 * The PDF of each day: the chart spans the half hours the hall worked
 * (hours 15 and 16 on 03-05, 8 and 9 on 03-06; the old rule drew all
 * 24), B of 03-05 has no service time, and the desks' times by hand
 * (hours:minutes).
 */
static void
test_pdf(void **state)
{
	char hours[128], *text;

	(void)state;
	text = pdf_text(DAY3);
	assert_int_equal(pdf_chart_hours(text, hours, sizeof(hours)), 2);
	assert_string_equal(hours, "15:00 16:00");
	/* B: waits 1,0 1,0 1,0, no service time, no target. */
	assert_non_null(strstr(text, " 1 1 1 0 0 0 1,0 1,0 1,0 – – – "));
	assert_non_null(strstr(text, " 2 0 1 10,0 0:59 0:06 0:00 "));
	assert_non_null(strstr(text, " 2 0 0 9,0 0:29 0:01 0:14 "));
	assert_non_null(strstr(text, " 1 0 0 6,0 0:06 0:00 0:00 "));
	assert_non_null(strstr(text, " 5 0 1 9,0 1:34 0:07 0:14 "));
	free(text);

	text = pdf_text(DAY4);
	assert_int_equal(pdf_chart_hours(text, hours, sizeof(hours)), 2);
	assert_string_equal(hours, "08:00 09:00");
	assert_non_null(strstr(text, " 0 1 0 17,0 0:17 0:00 0:00 "));
	assert_non_null(strstr(text, " 2 0 0 10,0 0:36 0:00 0:00 "));
	assert_non_null(strstr(text, " 1 0 1 – 0:08 0:00 0:00 "));
	assert_non_null(strstr(text, " 3 1 1 17,0 1:01 0:00 0:00 "));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_writes_fixture),
		cmocka_unit_test(test_closed_late),
		cmocka_unit_test(test_closed_live),
		cmocka_unit_test(test_both_days),
		cmocka_unit_test(test_cached),
		cmocka_unit_test(test_old_cache),
		cmocka_unit_test(test_format2_cache),
		cmocka_unit_test(test_cache_zone),
		cmocka_unit_test(test_program),
		cmocka_unit_test(test_pdf),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, setup, teardown);
}
