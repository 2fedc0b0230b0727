/*
 * test_estimate.c - the wait estimator on known days, each range worked
 * out by hand below (docs/estimate.md has the formulas). TZ=UTC.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "estimate.h"
#include "queue.h"

#define DAY1_MS	(1772409600LL * 1000)	/* 2026-03-02 00:00 UTC */
#define MIN	60000LL
#define HM(h, m)	(((int64_t)(h) * 60 + (m)) * MIN)

static struct queue_conf qc;
static struct queue q;
static struct estimate e;
static int64_t midnight;

/* A (kiosk) at desks 1 and 2; B (kiosk) at desk 3, then A; C a roll. */
static int
setup(void **state)
{
	(void)state;
	memset(&qc, 0, sizeof(qc));
	qc.nservices = 3;
	qc.services[0] = (struct service_conf){ .letter = 'A', .name = "KTP",
	    .source = SOURCE_KIOSK };
	qc.services[1] = (struct service_conf){ .letter = 'B',
	    .name = "BPJS", .source = SOURCE_KIOSK };
	qc.services[2] = (struct service_conf){ .letter = 'C',
	    .name = "Izin", .source = SOURCE_ROLL };
	qc.ndesks = 3;
	qc.desks[0] = (struct desk_conf){ 1, "Loket 1", "A" };
	qc.desks[1] = (struct desk_conf){ 2, "Loket 2", "A" };
	qc.desks[2] = (struct desk_conf){ 3, "Loket 3", "BA" };
	qc.board_calls = 5;
	qc.max_recalls = 2;
	estimate_init(&e, &qc);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	queue_free(&q);
	return 0;
}

static void
day(int n)
{
	char d[11] = "2026-03-02";

	d[9] = (char)('2' + n);
	midnight = DAY1_MS + n * 86400000LL;
	queue_free(&q);
	assert_int_equal(queue_init(&q, &qc, d), 0);
	estimate_day(&e, d);
}

/* An event at hh:mm of the day, applied to the engine, then fed. */
static void
ev(int64_t at, enum event_kind kind, char service, int number, int desk)
{
	struct event x;

	memset(&x, 0, sizeof(x));
	x.time_ms = midnight + at;
	memcpy(x.day, q.day, sizeof(x.day));
	x.kind = kind;
	x.ticket.service = service;
	x.ticket.number = number;
	x.desk = desk;
	if (desk != 0)
		snprintf(x.cmd_id, sizeof(x.cmd_id), "d%d-%lld", desk,
		    (long long)at);
	assert_int_equal(queue_apply(&q, &x), 0);
	estimate_event(&e, &q, &x);
}

/*
 * Twelve A tickets at 08:00; desks 1 and 2 call the first two at once
 * and then one each every 5 minutes until 08:20: ten calls while the
 * queue was never empty, two desk units open (the two desks serve A
 * first), A11 and A12 still waiting.
 */
static void
steady_morning(void)
{
	int k, n = 1;

	for (k = 1; k <= 12; k++)
		ev(HM(8, 0), EV_ISSUED, 'A', k, 0);
	for (k = 0; k <= 20; k += 5) {
		if (k > 0) {
			ev(HM(8, k), EV_SERVED, 'A', n - 2, 1);
			ev(HM(8, k), EV_SERVED, 'A', n - 1, 2);
		}
		ev(HM(8, k), EV_CALLED, 'A', n++, 1);
		ev(HM(8, k), EV_CALLED, 'A', n++, 2);
	}
}

static void
test_nothing_known(void **state)
{
	int lo = -7, hi = -7;

	(void)state;
	day(0);
	/* A new hall's first ticket: nothing to go by. */
	assert_int_equal(estimate_take(&e, 'A', 0, midnight + HM(8, 0), &lo,
	    &hi), -1);
	assert_int_equal(lo, -7);
	/* A roll's service and an unknown letter never have one. */
	assert_int_equal(estimate_take(&e, 'C', 0, midnight + HM(8, 0), &lo,
	    &hi), -1);
	assert_int_equal(estimate_take(&e, 'Z', 0, midnight + HM(8, 0), &lo,
	    &hi), -1);
	/* A desk open and nobody ahead, still no call measured: soon. */
	ev(HM(8, 0), EV_PAUSED, 0, 0, 1);
	ev(HM(8, 1), EV_RESUMED, 0, 0, 1);
	assert_int_equal(estimate_take(&e, 'A', 0, midnight + HM(8, 2), &lo,
	    &hi), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 10);
	/* With someone ahead it could be anything. */
	assert_int_equal(estimate_take(&e, 'A', 1, midnight + HM(8, 2), &lo,
	    &hi), -1);
}

/*
 * At 08:20, with tau = 40 min, the calls decayed to now:
 *   2 (e^-20/40 + e^-15/40 + e^-10/40 + e^-5/40 + 1) = 7.9102
 * and the desk units' time while A waited:
 *   2 x 40 (1 - e^-20/40) = 31.4775 unit-minutes,
 * so 0.251298 calls per unit-minute, 0.502595 a minute with two desks.
 * rel = 0.08 + 0.5 / sqrt(7.9102 + 1) = 0.24750.
 * ahead 2:  m = 3 / 0.502595 = 5.969; sd = sqrt(3 / 0.502595^2 +
 *           (0.2475 x 5.969)^2) = 3.750: 2.22 .. 9.72 -> [0, 10]
 * ahead 20: m = 21 / 0.502595 = 41.783; sd = 13.787: 28.00 .. 55.57
 *           -> [25, 60]
 * desk 2 pauses: one unit, 0.251298 a minute: m = 83.566, sd = 27.574:
 *           55.99 .. 111.14 -> [55, 115]
 */
static void
test_steady(void **state)
{
	int lo, hi;

	(void)state;
	day(0);
	steady_morning();
	assert_int_equal(queue_waiting(&q, 'A'), 2);
	assert_int_equal(estimate_take(&e, 'A', 2, midnight + HM(8, 20), &lo,
	    &hi), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 10);
	assert_int_equal(estimate_take(&e, 'A', 20, midnight + HM(8, 20), &lo,
	    &hi), 0);
	assert_int_equal(lo, 25);
	assert_int_equal(hi, 60);
	ev(HM(8, 20), EV_SERVED, 'A', 10, 2);
	ev(HM(8, 20), EV_PAUSED, 0, 0, 2);
	assert_int_equal(estimate_take(&e, 'A', 20, midnight + HM(8, 20), &lo,
	    &hi), 0);
	assert_int_equal(lo, 55);
	assert_int_equal(hi, 115);
	/* Both desks away: none open, no earlier day to say when they are
	 * back. */
	ev(HM(8, 20), EV_SERVED, 'A', 9, 1);
	ev(HM(8, 20), EV_PAUSED, 0, 0, 1);
	assert_int_equal(estimate_take(&e, 'A', 20, midnight + HM(8, 20), &lo,
	    &hi), -1);
}

/*
 * A desk counts for its later services at a share: desk 3 ("BA") adds
 * half a unit to A. The same morning with desk 3 also open gives A 2.5
 * units, but the rate was measured over 2.5 units too (0.201038 calls
 * per unit-minute), so A is called 0.5026 times a minute as before: the
 * same range. When desk 3 closes A keeps 2 units: 0.402077 a minute,
 * m = 21 / 0.402077 = 52.229, sd = sqrt(21 / 0.402077^2 + (0.2475 x
 * 52.229)^2) = 17.234: 34.995 .. 69.463 -> [30, 70].
 */
static void
test_shared_desk(void **state)
{
	int lo, hi;

	(void)state;
	day(0);
	ev(HM(7, 59), EV_PAUSED, 0, 0, 3);
	ev(HM(7, 59), EV_RESUMED, 0, 0, 3);
	steady_morning();
	assert_int_equal(estimate_take(&e, 'A', 20, midnight + HM(8, 20), &lo,
	    &hi), 0);
	assert_int_equal(lo, 25);
	assert_int_equal(hi, 60);
	/* Desk 3 goes: A keeps two units of its 2.5, 4/5 of the rate. */
	ev(HM(8, 20), EV_CLOSED, 0, 0, 3);
	assert_int_equal(estimate_take(&e, 'A', 20, midnight + HM(8, 20), &lo,
	    &hi), 0);
	assert_int_equal(lo, 30);
	assert_int_equal(hi, 70);
}

/*
 * The day after, before any desk opens. The earlier day's 08:00 half
 * hour had 10 calls over 40 unit-minutes (two desks for the 20 minutes
 * it ran): 4/3 of a unit on average. With no call today the rate is the
 * prior's, (0 + 8) / (0 + 8 x 40 / 10) = 0.25 per unit-minute; nothing
 * is open now, so the earlier day's 4/3 unit: 1/3 call a minute, and
 * ahead 3 is 4 calls away: m = 12 minutes. rel = 0.08 x 2 (none open)
 * + 0.3 (the desks all differ from now) + 0.5 / sqrt(8 + 1) = 0.62667;
 * sd = sqrt(4 / (1/3)^2 + (0.62667 x 12)^2) = 9.620: 2.38 .. 21.62 ->
 * [0, 25]. Without that day there is no estimate.
 */
static void
test_history(void **state)
{
	int lo, hi;

	(void)state;
	day(0);
	steady_morning();
	day(1);
	assert_int_equal(e.days, 1);
	assert_int_equal(estimate_take(&e, 'A', 3, midnight + HM(8, 0), &lo,
	    &hi), 0);
	assert_int_equal(lo, 0);
	assert_int_equal(hi, 25);
	/* A day started again (a reload) keeps its history. */
	estimate_day(&e, q.day);
	assert_int_equal(e.days, 1);
	estimate_init(&e, &qc);
	day(1);
	assert_int_equal(estimate_take(&e, 'A', 3, midnight + HM(8, 0), &lo,
	    &hi), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nothing_known, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_steady, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_desk, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_history, setup, teardown),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
