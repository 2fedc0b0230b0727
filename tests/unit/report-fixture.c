/*
 * report-fixture.c - antre-report's fixture log (report-fixture.h). On
 * day 1 A2 is a no-show after a recall, is requeued and served; B1 is
 * transferred by desk 2 to queue A and served at desk 1; both desks
 * pause over lunch (09:00 to 10:00) while A4, B3 and A5 wait; A6 and B4
 * are unserved at close. The day's end fixture (report-fixture.h) is a
 * log of its own.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "logcap.h"
#include "report-fixture.h"
#include "store.h"

const struct fx fixture[] = {
	/* 2026-03-02 */
	{ 0, "08:00", EV_ISSUED, 'A', 1, 0, 0 },
	{ 0, "08:02", EV_ISSUED, 'A', 2, 0, 0 },
	{ 0, "08:05", EV_ISSUED, 'B', 1, 0, 0 },
	{ 0, "08:10", EV_ISSUED, 'A', 3, 0, 0 },
	{ 0, "08:10", EV_CALLED, 'A', 1, 1, 0 },
	{ 0, "08:12", EV_CALLED, 'B', 1, 2, 0 },
	{ 0, "08:20", EV_SERVED, 'A', 1, 1, 0 },
	{ 0, "08:20", EV_CALLED, 'A', 2, 1, 0 },
	{ 0, "08:25", EV_RECALLED, 'A', 2, 1, 0 },
	{ 0, "08:30", EV_NOSHOW, 'A', 2, 1, 0 },
	{ 0, "08:30", EV_CALLED, 'A', 3, 1, 0 },
	{ 0, "08:31", EV_ISSUED, 'B', 2, 0, 0 },
	{ 0, "08:32", EV_TRANSFERRED, 'B', 1, 2, 'A' },
	{ 0, "08:33", EV_CALLED, 'B', 2, 2, 0 },
	{ 0, "08:40", EV_REQUEUED, 'A', 2, 0, 'A' },
	{ 0, "08:45", EV_SERVED, 'A', 3, 1, 0 },
	{ 0, "08:45", EV_CALLED, 'A', 2, 1, 0 },
	{ 0, "08:50", EV_SERVED, 'B', 2, 2, 0 },
	{ 0, "08:52", EV_SERVED, 'A', 2, 1, 0 },
	{ 0, "08:52", EV_CALLED, 'B', 1, 1, 0 },
	{ 0, "09:00", EV_SERVED, 'B', 1, 1, 0 },
	{ 0, "09:00", EV_PAUSED, 0, 0, 1, 0 },
	{ 0, "09:00", EV_PAUSED, 0, 0, 2, 0 },
	{ 0, "09:05", EV_ISSUED, 'A', 4, 0, 0 },
	{ 0, "09:10", EV_ISSUED, 'B', 3, 0, 0 },
	{ 0, "09:15", EV_ISSUED, 'A', 5, 0, 0 },
	{ 0, "10:00", EV_RESUMED, 0, 0, 1, 0 },
	{ 0, "10:00", EV_CALLED, 'A', 4, 1, 0 },
	{ 0, "10:00", EV_RESUMED, 0, 0, 2, 0 },
	{ 0, "10:01", EV_CALLED, 'B', 3, 2, 0 },
	{ 0, "10:10", EV_SERVED, 'A', 4, 1, 0 },
	{ 0, "10:10", EV_CALLED, 'A', 5, 1, 0 },
	{ 0, "10:11", EV_SERVED, 'B', 3, 2, 0 },
	{ 0, "10:20", EV_CALLED, 'C', 1, 2, 0 },
	{ 0, "10:25", EV_SERVED, 'A', 5, 1, 0 },
	{ 0, "10:26", EV_SERVED, 'C', 1, 2, 0 },
	{ 0, "10:30", EV_ISSUED, 'A', 6, 0, 0 },
	{ 0, "10:40", EV_ISSUED, 'B', 4, 0, 0 },
	{ 0, "17:00", EV_UNSERVED, 'A', 6, 0, 0 },
	{ 0, "17:00", EV_UNSERVED, 'B', 4, 0, 0 },
	{ 0, "17:00", EV_DAY_CLOSED, 0, 0, 0, 0 },
	/* 2026-03-03: numbers start again */
	{ 1, "08:00", EV_ISSUED, 'A', 1, 0, 0 },
	{ 1, "08:01", EV_ISSUED, 'B', 1, 0, 0 },
	{ 1, "08:05", EV_CALLED, 'A', 1, 1, 0 },
	{ 1, "08:06", EV_CALLED, 'B', 1, 2, 0 },
	{ 1, "08:15", EV_SERVED, 'A', 1, 1, 0 },
	{ 1, "08:20", EV_NOSHOW, 'B', 1, 2, 0 },
	{ 1, "08:20", EV_ISSUED, 'A', 2, 0, 0 },
	{ 1, "08:30", EV_ISSUED, 'B', 2, 0, 0 },
	{ 1, "08:46", EV_CALLED, 'B', 2, 1, 0 },
	{ 1, "08:50", EV_CALLED, 'A', 2, 2, 0 },
	{ 1, "08:56", EV_SERVED, 'B', 2, 1, 0 },
	{ 1, "09:00", EV_SERVED, 'A', 2, 2, 0 },
	{ 1, "17:00", EV_DAY_CLOSED, 0, 0, 0, 0 },
	/* 2026-03-04: outside every range below */
	{ 2, "08:00", EV_ISSUED, 'A', 1, 0, 0 },
	{ 2, "08:03", EV_CALLED, 'A', 1, 1, 0 },
};
const int fixture_len = (int)(sizeof(fixture) / sizeof(fixture[0]));

struct queue_conf fixture_services = {
	.nservices = 3,
	.services = {
		{ .letter = 'A', .name = "KTP, KK", .source = SOURCE_KIOSK,
		    .target_wait_min = 30 },
		{ .letter = 'B', .name = "BPJS; Kesehatan",
		    .source = SOURCE_KIOSK, .target_wait_min = 15 },
		{ .letter = 'C', .name = "Perizinan", .source = SOURCE_ROLL },
	},
	.ndesks = 2,
	.desks = {
		{ .id = 1, .name = "Loket 1", .services = "AB" },
		{ .id = 2, .name = "Loket 2", .services = "BAC" },
	},
};

const struct fx fixture_dayend[] = {
	/* 2026-03-05: the central killed after 16:20 */
	{ 3, "15:00", EV_ISSUED, 'A', 1, 0, 0 },
	{ 3, "15:02", EV_ISSUED, 'A', 2, 0, 0 },
	{ 3, "15:05", EV_CALLED, 'A', 1, 1, 0 },
	{ 3, "15:06", EV_CALLED, 'A', 2, 2, 0 },
	{ 3, "15:15", EV_SERVED, 'A', 1, 1, 0 },
	{ 3, "15:20", EV_ISSUED, 'B', 1, 0, 0 },
	{ 3, "15:21", EV_CALLED, 'B', 1, 1, 0 },
	{ 3, "15:26", EV_SERVED, 'A', 2, 2, 0 },
	{ 3, "15:26", EV_PAUSED, 0, 0, 2, 0 },
	{ 3, "15:40", EV_RESUMED, 0, 0, 2, 0 },
	{ 3, "15:41", EV_CALLED, 'C', 1, 2, 0 },
	{ 3, "15:50", EV_SERVED, 'C', 1, 2, 0 },
	{ 3, "15:50", EV_PAUSED, 0, 0, 2, 0 },
	{ 3, "15:52", EV_ISSUED, 'A', 3, 0, 0 },
	{ 3, "15:55", EV_CALLED, 'A', 3, 3, 0 },
	{ 3, "16:01", EV_SERVED, 'A', 3, 3, 0 },
	{ 3, "16:10", EV_RECALLED, 'B', 1, 1, 0 },
	{ 3, "16:20", EV_ISSUED, 'A', 4, 0, 0 },
	/* closed by the central's start, 07:40 on 03-06 */
	{ 3, "31:40", EV_SERVED, 'B', 1, 1, FX_CLOSE },
	{ 3, "31:40", EV_UNSERVED, 'A', 4, 0, 0 },
	{ 3, "31:40", EV_DAY_CLOSED, 0, 0, 0, 0 },
	/* 2026-03-06 */
	{ 4, "08:00", EV_ISSUED, 'A', 1, 0, 0 },
	{ 4, "08:00", EV_ISSUED, 'B', 1, 0, 0 },
	{ 4, "08:03", EV_CALLED, 'A', 1, 1, 0 },
	{ 4, "08:04", EV_CALLED, 'B', 1, 2, 0 },
	{ 4, "08:10", EV_ISSUED, 'A', 2, 0, 0 },
	{ 4, "08:14", EV_SERVED, 'B', 1, 2, 0 },
	{ 4, "08:14", EV_CALLED, 'A', 2, 2, 0 },
	{ 4, "08:20", EV_NOSHOW, 'A', 1, 1, 0 },
	{ 4, "08:40", EV_SERVED, 'A', 2, 2, 0 },
	{ 4, "08:40", EV_PAUSED, 0, 0, 2, 0 },
	{ 4, "08:45", EV_ISSUED, 'A', 3, 0, 0 },
	{ 4, "08:50", EV_CALLED, 'A', 3, 3, 0 },
	{ 4, "08:58", EV_RECALLED, 'A', 3, 3, 0 },
	{ 4, "09:00", EV_ISSUED, 'B', 2, 0, 0 },
	/* closed live at the day's turn, 04:00 on 03-07 */
	{ 4, "28:00", EV_SERVED, 'A', 3, 3, FX_CLOSE },
	{ 4, "28:00", EV_UNSERVED, 'B', 2, 0, 0 },
	{ 4, "28:00", EV_DAY_CLOSED, 0, 0, 0, 0 },
};
const int fixture_dayend_len = (int)(sizeof(fixture_dayend) /
    sizeof(fixture_dayend[0]));

struct queue_conf fixture_dayend_services = {
	.nservices = 3,
	.services = {
		{ .letter = 'A', .name = "KTP, KK", .source = SOURCE_KIOSK,
		    .target_wait_min = 30 },
		{ .letter = 'B', .name = "BPJS; Kesehatan",
		    .source = SOURCE_KIOSK, .target_wait_min = 15 },
		{ .letter = 'C', .name = "Perizinan", .source = SOURCE_ROLL },
	},
	.ndesks = 3,
	.desks = {
		{ .id = 1, .name = "Loket 1", .services = "AB" },
		{ .id = 2, .name = "Loket 2", .services = "BAC" },
		{ .id = 3, .name = "Loket 3", .services = "A" },
	},
	.max_recalls = 3,
	.day_start_min = 4 * 60,
};

struct event
fx_event(const struct fx *f, int i)
{
	struct event ev;
	int h = atoi(f->at), m = atoi(f->at + 3);

	memset(&ev, 0, sizeof(ev));
	ev.time_ms = (DAY1 + f->day * 86400LL + h * 3600 + m * 60) * 1000;
	snprintf(ev.day, sizeof(ev.day), "2026-03-0%c", '2' + f->day);
	ev.kind = f->kind;
	ev.ticket.service = f->service;
	ev.ticket.number = f->number;
	ev.desk = f->desk;
	ev.kiosk = f->kind == EV_ISSUED ? 1 : 0;
	ev.target = f->target == FX_CLOSE ? 0 : f->target;
	if (f->desk != 0 && f->target != FX_CLOSE)
		snprintf(ev.cmd_id, sizeof(ev.cmd_id), "d%d-%d", f->desk, i);
	return ev;
}

void
fixture_remove(const char *path)
{
	char p[PATH_MAX];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

int
fixture_write(const char *path)
{
	return fixture_write_fx(path, fixture, fixture_len);
}

int
fixture_write_fx(const char *path, const struct fx *f, int n)
{
	struct store *s;
	struct event ev;
	int i;

	fixture_remove(path);
	logcap_start();
	if ((s = store_open(path, 0)) == NULL || store_begin(s) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		ev = fx_event(&f[i], i);
		if (store_append(s, &ev) == -1)
			return -1;
	}
	if (store_commit(s) == -1)
		return -1;
	store_close(s);
	logcap_stop();
	return 0;
}
