/*
 * report-fixture.h - antre-report's fixture log, with figures computed by
 * hand (test_report.c works them out): services A (target 30 min), B
 * (target 15 min) and C (a roll: no "issued" events), desks 1 and 2, two
 * service days (2026-03-02 and 03-03; numbers start again on the second),
 * and one event on 03-04 that the tests' ranges leave out. Times are
 * UTC: the tests set TZ=UTC.
 */
#ifndef ANTRE_REPORT_FIXTURE_H
#define ANTRE_REPORT_FIXTURE_H

#include "queue.h"

#define DAY1	1772409600LL	/* 2026-03-02 00:00 UTC */
#define MIN	60000LL

/* One event of a fixture: day 0 is 2026-03-02. */
struct fx {
	int		day;	/* 0, 1, 2 */
	const char	*at;	/* "HH:MM" */
	enum event_kind	kind;
	char		service;
	int		number;
	int		desk;
	char		target;
};

extern const struct fx		fixture[];
extern const int		fixture_len;
extern struct queue_conf	fixture_services;

/*
 * The day's end (test_report_dayend.c works it out): 2026-03-05 (day 3)
 * whose central was killed in the evening with a ticket at desk 1, desk
 * 2 paused and desk 3 open, closed by the central's start at 07:40 the
 * next morning; 2026-03-06 (day 4) closed live at 04:00, the day's
 * turn, with a ticket at desk 3, desk 2 paused and desk 1 open. The
 * services are fixture_services' with a third desk. An "at" past 24:00
 * is the next morning, still in the service day.
 */
extern const struct fx		fixture_dayend[];
extern const int		fixture_dayend_len;
extern struct queue_conf	fixture_dayend_services;

/* In fx.target of a "served": written by the day's close, which gives
 * it no command id (queue_close_day()). */
#define FX_CLOSE	'*'

/* The event f describes; i makes a desk's command id unique. */
struct event	fx_event(const struct fx *f, int i);

/* Writes the fixture, or n events of f, into a new log at path (what
 * was there is removed first). 0, or -1. */
int	fixture_write(const char *path);
int	fixture_write_fx(const char *path, const struct fx *f, int n);
/* Removes the log at path with its -wal and -shm files. */
void	fixture_remove(const char *path);

#endif
