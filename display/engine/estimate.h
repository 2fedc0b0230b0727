/*
 * estimate.h - the wait a new ticket can expect, as a range of minutes:
 * pure, fed the day's events and the engine's state after each.
 *
 * The method (docs/estimate.md): a service's queue moves at the rate its
 * tickets are called while some wait. That rate is measured per "desk
 * unit" (a desk counts 1 for the first service it calls, 1/2 for its
 * second, ...), over the recent past (decaying with ESTIMATE_TAU_MIN), so
 * that the desks open now scale it: a desk pausing for lunch slows the
 * estimate at once. Early in the day, and whenever today's calls are
 * few, the rate of the same half hour on earlier days (the history) is
 * blended in. The ticket's expected wait is (ahead + ESTIMATE_C) / rate;
 * the range around it is as wide as the calls' spread and the rate's
 * uncertainty, rounded out to 5 minutes.
 */
#ifndef ANTRE_ESTIMATE_H
#define ANTRE_ESTIMATE_H

#include <stdbool.h>
#include <stdint.h>

#include "queue.h"

#define ESTIMATE_SLOTS		48	/* half hours of a day */
#define ESTIMATE_HISTORY_DAYS	28	/* earlier days read at start */

struct estimate_service {
	/* Today, decaying: calls of the queue while it was not empty, and
	 * desk units times milliseconds while it was not empty. */
	double	calls;
	double	unit_ms;
	double	units;		/* desk units open for it now */
	int	waiting;	/* after the last event */
	/* Today per half hour, not decaying: added to the history when
	 * the next day begins. */
	double	d_calls[ESTIMATE_SLOTS];
	double	d_unit_ms[ESTIMATE_SLOTS];
	double	d_open_ms[ESTIMATE_SLOTS];	/* units x ms, busy or not */
	/* Earlier days per half hour: the same, summed. */
	double	h_calls[ESTIMATE_SLOTS];
	double	h_unit_ms[ESTIMATE_SLOTS];
	double	h_open_ms[ESTIMATE_SLOTS];
};

struct estimate {
	const struct queue_conf	*conf;
	char			 day[11];	/* today; "" before the first */
	int			 days;		/* earlier days in the history */
	int64_t			 last_ms;	/* the last event's time */
	/* Desks with an own event today; desks counted in units. */
	bool			 active[QUEUE_MAX_DESKS];
	bool			 open[QUEUE_MAX_DESKS];	/* counted in units */
	struct estimate_service	 s[QUEUE_MAX_SERVICES];
	int64_t			 tz_quarter;	/* local time's offset cache */
	long			 tz_off;
};

/* An estimator with no history, for services c. */
void	estimate_init(struct estimate *e, const struct queue_conf *c);
/* A new service day begins: the day before (if any) goes into the
 * history; today's state starts empty. Starting the same day again (a
 * reload) only empties today's state. */
void	estimate_day(struct estimate *e, const char *day);
/* An event of the day, after it was applied to q. */
void	estimate_event(struct estimate *e, const struct queue *q,
	    const struct event *ev);
/*
 * The wait of a new ticket of service at now_ms with ahead tickets to be
 * called before it (the caller counts them: those waiting in its queue;
 * for a priority ticket only the priority ones). 0 and [*lo, *hi] in
 * minutes, multiples of 5, or -1 when there is nothing to go by (a new
 * hall's first tickets, a roll's service).
 */
int	estimate_take(const struct estimate *e, char service, int ahead,
	    int64_t now_ms, int *lo, int *hi);

#endif
