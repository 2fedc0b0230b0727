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

/* The event f describes; i makes a desk's command id unique. */
struct event	fx_event(const struct fx *f, int i);

/* Writes the fixture into a new log at path (what was there is
 * removed first). 0, or -1. */
int	fixture_write(const char *path);
/* Removes the log at path with its -wal and -shm files. */
void	fixture_remove(const char *path);

#endif
