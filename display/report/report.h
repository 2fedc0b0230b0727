/*
 * report.h - antre-report's figures, computed from the event log.
 *
 * The log is read through store.h only, in one read transaction per
 * command: a report never writes and never blocks the central.
 *
 * Definitions (the man page repeats them):
 *
 * - A ticket is one (service day, letter, number). It counts for the
 *   service of its letter, also after a transfer to another queue.
 * - issued: tickets of the range; a kiosk ticket from its "issued" event,
 *   a roll ticket (no "issued" event) from the first event naming it.
 * - called: tickets called at least once (recalls are not new calls).
 * - served, noshow, unserved: the ticket's last outcome; a no-show that
 *   was requeued and then served counts as served. Tickets still open
 *   (today, before the day closed) are in none of the three. The day's
 *   close serves a ticket still at a desk (at that desk) and leaves a
 *   waiting one unserved.
 * - the day's end: the close's "served" events (the only desk events
 *   without a command id) are written when the day is closed: live at
 *   day_start, or the next morning if the central was off then. Only
 *   the outcome is taken from them: they give no service time and are
 *   not the desk's events (a desk's day ends at its own last press).
 * - transferred: tickets transferred at least once.
 * - priority: priority tickets (a kiosk's "Prioritas" button, a desk's
 *   take_priority; any event of the ticket says so), counted among the
 *   issued as well; their waits on their own (priority_wait_*), as the
 *   waiting time below. Logs before schema 7 have none.
 * - waiting time: from the "issued" event to the first call. A roll
 *   ticket has no issue time: its wait is unknown, it is left out of the
 *   waiting figures and counted in wait_unknown.
 * - service time: from a call to the desk's next action on it (served,
 *   no-show, transfer) or the desk's next call, whichever comes first.
 *   One sample per call; a call still open when the day ends gives none
 *   (the ticket counts as served by the close, above).
 * - percentiles by nearest rank: of n sorted values x[1..n], the p-th
 *   percentile is x[ceil(p * n / 100)]. The median is the 50th, so the
 *   lower middle value for an even n: every figure is a time a citizen
 *   really waited, never an average of two.
 * - within target: of the tickets with an issue time that ended served
 *   or unserved (no-shows left out: the citizen went away), the share
 *   served with a wait of at most the service's target_wait. Unserved
 *   tickets count against it. Services without a target are left out,
 *   also of the total.
 * - with a desk: the tickets that desk called; served, no-show and
 *   transferred by that desk; waits of tickets it called first; service
 *   times of its calls. Issued, unserved and within target belong to the
 *   hall, not to a desk, and are left out (-1).
 *
 * A desk's day, for hourly and desks. The log has no "desk opened"
 * event (desks start the day idle, and a "next" with nobody waiting
 * writes nothing), nor one for a desk left open, paused or serving when
 * the hall goes home, so a desk's day runs from its first event of the
 * service day to its last own one (calls, recalls, served, no-show,
 * transfer, requeue, pause, resume, close; not the day's close, above);
 * before and after it the desk is absent. In between it is, at every
 * moment:
 * - serving: from a call to the desk's next action on that ticket
 *   (served, no-show, transfer) or its next call: the service times
 *   above. A call still open at the desk's last event counts up to it.
 * - paused: from a pause to the next resume or close.
 * - closed: from a close to the next resume. Not part of the day.
 * - idle: the rest (open, no ticket at the desk).
 * So serving + idle + paused = last event - first event - closed. A
 * pause never resumed ends the desk's day there, as a close would; so
 * does a ticket left at the desk (at the desk's last press on it) and
 * an idle desk (at its last press). How late the day is closed changes
 * none of these.
 *
 * hourly: per half hour of the local clock (07:30 is 07:30:00 to
 * 07:59:59.999) and per service, summed over the days of the range:
 * - arrivals: tickets issued in the slot (kiosk tickets: a roll ticket
 *   has no arrival time and is in none). With a desk: -1, the hall's.
 * - calls: first calls of tickets in the slot. With a desk: tickets
 *   whose first call at that desk was in the slot (as summary's
 *   "called" with a desk, so the slots add up to it).
 * - desks open: desks serving or idle at any moment of the slot
 *   (half-open: a desk that pauses at 09:00 is not open in 09:00-09:30).
 *   Per day, then averaged over the days of the range that have events
 *   in the log (a closed Sunday does not lower it). It is the hall's,
 *   not a service's (a desk calls several services): every row of a
 *   slot shows the same figure. With a desk: that desk alone (the share
 *   of the days it was open in the slot).
 *   Slots listed: from the first to the last slot with an arrival, a
 *   call or an open desk, those between included.
 *
 * desks: per desk seen in the range (and a total), summed over its days:
 * - served, noshow: as summary with --desk (the ticket's last outcome,
 *   at that desk); recalls: the desk's recall presses.
 * - service median: of the desk's service times (as above).
 * - serving, idle, paused: as above. With a service: served, no-shows,
 *   recalls, service times and serving time of that service's tickets;
 *   idle and paused belong to the desk, not a service (-1).
 */
#ifndef ANTRE_REPORT_H
#define ANTRE_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "queue.h"

struct store;

/* What report_run computes besides the summary and the tickets. */
#define REPORT_HOURLY	0x1
#define REPORT_DESKS	0x2
#define REPORT_ALL	(REPORT_HOURLY | REPORT_DESKS)
#define REPORT_NO_CACHE	0x4	/* every day from the events */

struct report_query {
	char		from[11];	/* service days, "YYYY-MM-DD" */
	char		to[11];		/* inclusive */
	char		service;	/* 0: all */
	int		desk;		/* 0: all */
	unsigned	skip;		/* REPORT_* not needed */
};

/* One line of the summary: a service, or the total (service 0). -1 in
 * any figure: not applicable or no data. Times in milliseconds. */
struct report_row {
	char	service;
	char	name[PROTO_NAME_MAX];
	int	issued;
	int	called;
	int	served;
	int	noshow;
	int	transferred;
	int	unserved;
	int	waits;			/* known waiting times */
	int	wait_unknown;		/* called roll tickets */
	int64_t	wait_median;
	int64_t	wait_p90;
	int64_t	wait_max;
	int	services;		/* service time samples */
	int64_t	service_median;
	int64_t	service_p90;
	int	target_min;		/* 0: none */
	int	within;			/* served within target */
	int	within_of;
	int	priority;		/* priority tickets, -1 with a desk */
	int	priority_waits;		/* their known waiting times */
	int64_t	priority_wait_median;
	int64_t	priority_wait_p90;
};

#define REPORT_SLOTS	48	/* half hours of a day */
#define REPORT_TZ_CACHE	256	/* quarter hours: more than two days */
#define REPORT_QUARTER_MS (15 * 60 * 1000LL)
#define REPORT_QUARTERS	96	/* quarter hours of a day */

/* One line of hourly: a slot and a service, or all services (0). */
struct report_hour {
	int	slot;		/* slot * 30 minutes after midnight */
	char	service;
	char	name[PROTO_NAME_MAX];
	int	arrivals;	/* -1: with a desk */
	int	calls;
	int	desk_days;	/* desks open, summed over the days */
};

/* One line of desks: a desk, or the total (desk 0). Times in ms, -1:
 * not applicable or no data. */
struct report_desk {
	int	desk;
	char	name[PROTO_NAME_MAX];
	int	served;
	int	noshow;
	int	recalls;
	int	services;		/* service time samples */
	int64_t	service_median;
	int64_t	serving_ms;
	int64_t	idle_ms;
	int64_t	paused_ms;
};

enum report_outcome {
	OUTCOME_OPEN,
	OUTCOME_SERVED,
	OUTCOME_NOSHOW,
	OUTCOME_UNSERVED,
};

/* One ticket as the audit list shows it. Times -1 when none. */
struct report_ticket {
	char			day[11];
	char			service;
	int			number;
	int			kiosk;
	int64_t			issued_ms;
	int64_t			called_ms;	/* first call */
	int64_t			desk_called_ms;	/* first at the query's desk */
	int			desk;		/* of the first call */
	int64_t			ended_ms;
	int			end_desk;
	enum report_outcome	outcome;
	int			calls;
	int			recalls;
	int			noshows;
	int			transfers;
	char			queue;		/* where it waited last */
	int			at_desk;	/* the query's desk called it */
	int			priority;	/* a priority ticket: 0 or 1 */
};

struct report_sample {
	char	service;
	int	desk;
	int64_t	ms;
};

struct report {
	struct report_query	 q;
	struct report_ticket	*tickets;	/* in order of appearance */
	int			 ntickets;
	int			 tickets_cap;
	struct report_sample	*samples;	/* service times */
	int			 nsamples;
	int			 samples_cap;
	struct report_row	*rows;		/* services, then the total */
	int			 nrows;
	struct report_hour	*hours;		/* by slot, rows' order */
	int			 nhours;
	int			 days;		/* with events, in the range */
	struct report_desk	*desks;		/* by id, then the total */
	int			 ndesks;
	/* private */
	int			*lookup;	/* letter, number -> ticket */
	int			 day_first;	/* first ticket of the day */
	char			 day[11];
	struct report_call {
		int	ticket;		/* -1: none open */
		int64_t	since;
	}			*open;		/* per desk id */
	struct report_desk_time {
		int	state;		/* enum in report.c */
		int64_t	since;
		uint64_t open_slots;	/* of the current day */
		/* the same as UTC quarter hours, for the cache: the first
		 * (+ 1; 0: none) and REPORT_QUARTERS bits from it */
		int64_t	first_quarter;
		uint64_t open_quarters[2];
		int64_t	serving_ms[26];	/* per letter */
		int64_t	idle_ms;
		int64_t	paused_ms;
		int	recalls[26];	/* per letter */
		int	served;		/* of the query's service */
		int	noshow;
		int	seen;
	}			*desk_time;	/* per desk id */
	int			 slot_desk_days[REPORT_SLOTS];
	/* local - UTC in seconds of the quarter hours seen last, by
	 * quarter modulo REPORT_TZ_CACHE (quarter + 1; 0: none yet) */
	int64_t			 tz_quarter[REPORT_TZ_CACHE];
	long			 tz_off[REPORT_TZ_CACHE];
	int			 failed;
};

/* 0 if s is a valid "YYYY-MM-DD" date, -1 if not. */
int	report_parse_day(const char *s);

/*
 * Reads the days of q from the log and computes the figures; services
 * (NULL: none known) gives names and targets, and the service rows in
 * its order (services seen in the log but not in it follow by letter).
 * 0, or -1 (logged).
 */
int	report_run(struct report *r, struct store *s,
	    const struct report_query *q, const struct queue_conf *services);
/*
 * The report cache (store.h), written by the central: a closed day's
 * row, in the caller's write transaction (0 or -1); the rows of the
 * days closed before the log had a cache, once (the number of days, or
 * -1); and the check of every row against the events: 0 all match
 * (*days checked), 1 one does not (why says which), -1 error.
 */
int	report_cache_day(struct store *s, const char *day);
int	report_cache_backfill(struct store *s);
int	report_cache_check(struct store *s, int *days, char *why,
	    size_t whylen);

/* The same from events fed by hand (tests): init, feed, finish. */
int	report_init(struct report *r, const struct report_query *q);
int	report_feed(struct report *r, const struct event *ev);
int	report_finish(struct report *r, const struct queue_conf *services);
void	report_free(struct report *r);

/* Nearest-rank percentile of n sorted values; -1 when n is 0. */
int64_t	report_percentile(const int64_t *sorted, int n, int p);
/* The 50th and 90th percentile of n times as report_percentile() gives
 * them, and the largest (max may be NULL); a is reordered. -1 when n is
 * 0. */
void	report_percentiles(int64_t *a, int n, int64_t *p50, int64_t *p90,
	    int64_t *max);
/* Sorts n times (ms, may be negative) in place, ascending. */
void	report_sort_ms(int64_t *a, int n);

enum report_format {
	FORMAT_TABLE,
	FORMAT_CSV,
	FORMAT_JSON,
};

/* Output, 0 or -1 on a write error. sep is the CSV separator. */
int	report_print_summary(FILE *f, const struct report *r,
	    enum report_format fmt, char sep);
int	report_print_tickets(FILE *f, const struct report *r,
	    enum report_format fmt, char sep);
int	report_print_hourly(FILE *f, const struct report *r,
	    enum report_format fmt, char sep);
int	report_print_desks(FILE *f, const struct report *r,
	    enum report_format fmt, char sep);
/* The average desks open of a row of hourly, to one decimal. */
double	report_desks_open(const struct report *r, const struct report_hour *h);

#endif
