/*
 * queue-priority.c - the order of a service's calls (priority tickets
 * first, with priority_every's fairness), how many are ahead of a new
 * ticket, and whether a service still takes tickets (quota, last_take).
 * Pure, like queue.c.
 */
#include "queue.h"

#include <string.h>
#include <time.h>

/* The first priority and the first normal ticket in a service's waiting
 * list (positions, -1 for none); their numbers into np, nn if asked. */
void
queue_waiting_heads(const struct queue *q, int si, int *p, int *n, int *np,
    int *nn)
{
	const struct queue_service *s = &q->services[si];
	int i;

	*p = *n = -1;
	if (np != NULL)
		*np = *nn = 0;
	for (i = 0; i < s->nwaiting; i++) {
		if (q->tickets[s->waiting[i]].t.priority) {
			if (*p < 0)
				*p = i;
			if (np != NULL)
				(*np)++;
		} else {
			if (*n < 0)
				*n = i;
			if (nn != NULL)
				(*nn)++;
		}
	}
}

/* Whether a service's next call is a priority one: priority tickets
 * first, unless priority_every = N asks for N normal calls between two
 * priority ones while normal tickets wait. */
bool
queue_priority_turn(const struct queue *q, int si)
{
	int every = q->conf->services[si].priority_every;

	return every == 0 || q->services[si].since_priority >= every;
}

int
queue_ahead(const struct queue *q, char service, bool priority)
{
	int si = queue_service_index(q, service), p, n, np, nn, every, more;

	if (si < 0)
		return 0;
	if (q->conf->services[si].source == SOURCE_ROLL)
		return -1;
	queue_waiting_heads(q, si, &p, &n, &np, &nn);
	every = q->conf->services[si].priority_every;
	if (priority) {
		/* The priority tickets before it, and the normal calls the
		 * fairness puts between them. */
		if (every == 0)
			return np;
		more = np * every;
		if (q->services[si].since_priority < every)
			more += every - q->services[si].since_priority;
		return np + (more < nn ? more : nn);
	}
	/* Every normal ticket, and the priority ones called among them. */
	if (every == 0)
		return nn + np;
	more = nn / every + queue_priority_turn(q, si);
	return nn + (more < np ? more : np);
}

enum waiting_state
queue_service_state(const struct queue *q, char service, int64_t now)
{
	const struct service_conf *sc;
	char day[11];
	time_t t;
	struct tm tm;
	int si, cmp, at, last;

	if ((si = queue_service_index(q, service)) < 0)
		return WAITING_OPEN;
	sc = &q->conf->services[si];
	if (sc->quota > 0 && q->services[si].last_number >= sc->quota)
		return WAITING_QUOTA;
	if (!sc->last_take)
		return WAITING_OPEN;
	queue_service_day(now, q->conf->day_start_min, day);
	if ((cmp = strcmp(day, q->day)) != 0)
		return cmp > 0 ? WAITING_CLOSED : WAITING_OPEN;
	/* Minutes into the service day, as queue_service_day() counts
	 * it: a last_take of 01:00 with day_start 04:00 is the end of the
	 * night, not the start of the day. */
	t = (time_t)(now / 1000) - (time_t)q->conf->day_start_min * 60;
	localtime_r(&t, &tm);
	at = tm.tm_hour * 60 + tm.tm_min;
	last = (sc->last_take_min - q->conf->day_start_min + 24 * 60) %
	    (24 * 60);
	return at >= last ? WAITING_CLOSED : WAITING_OPEN;
}
