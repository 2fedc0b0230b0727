/*
 * test_report_estimate.c - the wait estimates' accuracy (antre-report
 * estimate) on a small log made by hand, every figure worked out below.
 * TZ=UTC.
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
#include "report-estimate.h"
#include "shellrun.h"
#include "store.h"

#define DAY_MS	(1772409600LL * 1000)	/* 2026-03-02 00:00 UTC */
#define MIN	60000LL

static char dbpath[] = "/tmp/test_report_estimate.XXXXXX";

/*
 * 2026-03-02:
 *   A1 08:00 [0, 10]  called 08:04: wait 4, middle 5, error 1, inside
 *   A2 08:01 [5, 15]  called 08:20: wait 19, middle 10, error 9, outside
 *   A3 08:02 [10, 20] never called (unserved at the close)
 *   B1 08:03 [0, 5]   called 08:05: wait 2, middle 2.5, error 0.5, inside
 *   B2 08:04 none     called 08:06: not measured
 * and on 03-03 A1 [0, 5], outside the range asked for.
 * A: 3 estimated, 2 called, 1 inside; errors 1, 9: median 1, p90 9.
 * B: 1, 1, 1; error 0.5. Total: 4, 3, 2 (66.7 %); errors 0.5, 1, 9:
 * median 1 (nearest rank), p90 9; waits 2, 4, 19: median 4.
 */
static const struct {
	int		day;
	int		at;		/* minutes after 08:00 */
	enum event_kind	kind;
	char		service;
	int		number;
	int		lo, hi;		/* issued: the estimate, -1 none */
} log_rows[] = {
	{ 0, 0, EV_ISSUED, 'A', 1, 0, 10 },
	{ 0, 1, EV_ISSUED, 'A', 2, 5, 15 },
	{ 0, 2, EV_ISSUED, 'A', 3, 10, 20 },
	{ 0, 3, EV_ISSUED, 'B', 1, 0, 5 },
	{ 0, 4, EV_ISSUED, 'B', 2, -1, -1 },
	{ 0, 4, EV_CALLED, 'A', 1, 0, 0 },
	{ 0, 5, EV_CALLED, 'B', 1, 0, 0 },
	{ 0, 6, EV_CALLED, 'B', 2, 0, 0 },
	{ 0, 20, EV_CALLED, 'A', 2, 0, 0 },
	{ 0, 540, EV_UNSERVED, 'A', 3, 0, 0 },
	{ 0, 540, EV_DAY_CLOSED, 0, 0, 0, 0 },
	{ 1, 0, EV_ISSUED, 'A', 1, 0, 5 },
	{ 1, 30, EV_CALLED, 'A', 1, 0, 0 },
};

static struct queue_conf services = {
	.nservices = 2,
	.services = {
		{ .letter = 'A', .name = "KTP", .source = SOURCE_KIOSK },
		{ .letter = 'B', .name = "BPJS", .source = SOURCE_KIOSK },
	},
};

static void
write_log(void)
{
	struct command_rec rec;
	struct store *s;
	struct event ev;
	size_t i;
	int fd;

	assert_true((fd = mkstemp(dbpath)) >= 0);
	close(fd);
	unlink(dbpath);
	logcap_start();
	assert_non_null(s = store_open(dbpath, 0));
	logcap_stop();
	assert_int_equal(store_begin(s), 0);
	for (i = 0; i < sizeof(log_rows) / sizeof(log_rows[0]); i++) {
		memset(&ev, 0, sizeof(ev));
		ev.time_ms = DAY_MS + log_rows[i].day * 86400000LL +
		    (8 * 60 + log_rows[i].at) * MIN;
		snprintf(ev.day, sizeof(ev.day), "%s", log_rows[i].day == 0 ?
		    "2026-03-02" : "2026-03-03");
		ev.kind = log_rows[i].kind;
		ev.ticket.service = log_rows[i].service;
		ev.ticket.number = log_rows[i].number;
		if (ev.kind == EV_CALLED) {
			ev.desk = 1;
			snprintf(ev.cmd_id, sizeof(ev.cmd_id), "d1-%zu", i);
		}
		if (ev.kind == EV_ISSUED) {
			ev.kiosk = 1;
			memset(&rec, 0, sizeof(rec));
			snprintf(rec.box, sizeof(rec.box), "kiosk 1");
			snprintf(rec.id, sizeof(rec.id), "k-%zu", i);
			snprintf(rec.op, sizeof(rec.op), "take");
			rec.result = RESULT_OK;
			rec.ticket = ev.ticket;
			rec.time_ms = ev.time_ms;
			rec.waiting = 0;
			memcpy(rec.day, ev.day, sizeof(rec.day));
			rec.wait_lo = log_rows[i].lo;
			rec.wait_hi = log_rows[i].hi;
			assert_int_equal(store_command_add(s, &rec), 0);
		}
		assert_int_equal(store_append(s, &ev), 0);
	}
	assert_int_equal(store_commit(s), 0);
	store_close(s);
}

static int
setup(void **state)
{
	(void)state;
	write_log();
	return 0;
}

static int
teardown(void **state)
{
	char p[64];

	(void)state;
	unlink(dbpath);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
	return 0;
}

static void
run(struct estimate_report *er, char service)
{
	struct report_query q;
	struct report r;
	struct store *s;

	memset(&q, 0, sizeof(q));
	snprintf(q.from, sizeof(q.from), "2026-03-02");
	snprintf(q.to, sizeof(q.to), "2026-03-02");
	q.service = service;
	q.skip = REPORT_ALL;
	assert_non_null(s = store_open_readonly(dbpath));
	assert_int_equal(report_run(&r, s, &q, &services), 0);
	assert_int_equal(estimate_run(er, s, &r, &services), 0);
	report_free(&r);
	store_close(s);
}

static void
row_is(const struct estimate_row *row, char service, int estimated,
    int called, int inside, int64_t err50, int64_t err90, int64_t wait50)
{
	assert_int_equal(row->service, service);
	assert_int_equal(row->estimated, estimated);
	assert_int_equal(row->called, called);
	assert_int_equal(row->inside, inside);
	assert_int_equal(row->error_median, err50);
	assert_int_equal(row->error_p90, err90);
	assert_int_equal(row->wait_median, wait50);
}

static void
test_figures(void **state)
{
	struct estimate_report er;

	(void)state;
	run(&er, 0);
	assert_int_equal(er.nrows, 3);
	row_is(&er.rows[0], 'A', 3, 2, 1, 1 * MIN, 9 * MIN, 4 * MIN);
	assert_string_equal(er.rows[0].name, "KTP");
	row_is(&er.rows[1], 'B', 1, 1, 1, MIN / 2, MIN / 2, 2 * MIN);
	row_is(&er.rows[2], 0, 4, 3, 2, 1 * MIN, 9 * MIN, 4 * MIN);
	assert_int_equal((int)(estimate_inside_pct(&er.rows[2]) * 10 + 0.5),
	    667);
	/* Middles 2.5, 5, 10: median 5; widths 5, 10, 10: median 10. */
	assert_int_equal(er.rows[2].middle_median, 5 * MIN);
	assert_int_equal(er.rows[2].width_median, 10 * MIN);
	estimate_report_free(&er);
	/* One service: its row and a total of it alone. */
	run(&er, 'B');
	assert_int_equal(er.nrows, 2);
	row_is(&er.rows[0], 'B', 1, 1, 1, MIN / 2, MIN / 2, 2 * MIN);
	row_is(&er.rows[1], 0, 1, 1, 1, MIN / 2, MIN / 2, 2 * MIN);
	estimate_report_free(&er);
}

static void
test_program(void **state)
{
	char *out;

	(void)state;
	assert_int_equal(shell_run(&out, "%s -D %s estimate --from 2026-03-02 "
	    "--to 2026-03-02 --json", ANTRE_REPORT_BIN, dbpath), 0);
	assert_non_null(strstr(out, "\"report\": \"estimate\""));
	assert_non_null(strstr(out, "\"service\": \"total\""));
	assert_non_null(strstr(out, "\"inside\": 2"));
	assert_non_null(strstr(out, "\"error_median_min\": 1.0"));
	free(out);
	assert_int_equal(shell_run(&out, "%s -D %s estimate --from 2026-03-02 "
	    "--to 2026-03-03 --csv --sep ';'", ANTRE_REPORT_BIN, dbpath), 0);
	/* The next day's A1 (wait 30, [0, 5]) is in: 5 estimated, 4 called;
	 * errors 0.5, 1, 9, 27.5: median 1. */
	assert_non_null(strstr(out, "total;;5;4;2;50,0;1,0;"));
	free(out);
	assert_int_equal(shell_run(&out, "%s -D %s estimate --from 2026-03-02 "
	    "--to 2026-03-02 --desk 1", ANTRE_REPORT_BIN, dbpath), 2);
	assert_non_null(strstr(out, "estimate takes no --desk"));
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_figures),
		cmocka_unit_test(test_program),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, setup, teardown);
}
