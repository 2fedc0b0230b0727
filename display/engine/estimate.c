/*
 * estimate.c - a new ticket's wait as an honest range of minutes, from
 * the day's calls, the desks open now and earlier days at the same hour
 * (estimate.h, docs/estimate.md). Pure: events in, a range out.
 */
#include "estimate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MIN_MS		60000.0
#define SLOT_MS		(30 * 60000LL)
/* Today's rate forgets with this time constant: a hall's pace changes
 * over the day (lunch, desks opening), so the last hour counts most. */
#define ESTIMATE_TAU_MIN	40.0
/* The history weighs as this many of today's calls: with fewer, the
 * same half hour of earlier days leads. */
#define PRIOR_CALLS	8.0
/* The expected wait is (ahead + ESTIMATE_C) calls away: a ticket
 * waits for those ahead and for a desk to come free. */
#define ESTIMATE_C	1.0
/* The range: Z times the spread of the calls (CV per call, as a
 * Poisson stream has) and of the rate (REL0, plus REL_N over the square
 * root of the calls it was measured on). Tuned on the benchmark's days
 * (bench_estimate): about nine tickets in ten wait inside. */
#define ESTIMATE_Z	1.0
#define ESTIMATE_CV	1.0
#define ESTIMATE_REL0	0.08
#define ESTIMATE_REL_N	0.5
/* ... plus this much per unit of change in the desks open over the
 * wait, as the earlier days had them change (lunch). */
#define ESTIMATE_REL_CHANGE	0.3
#define WAIT_MAX_MIN	1440

void
estimate_init(struct estimate *e, const struct queue_conf *c)
{
	memset(e, 0, sizeof(*e));
	e->conf = c;
}

/* The half hour of the local clock that ms falls in. The offset from
 * UTC only changes on a quarter hour: asked once per quarter hour. */
static int
slot_at(int64_t *quarter, long *off, int64_t ms, int64_t *into)
{
	struct tm tm;
	time_t t;
	int64_t local;

	if (ms / (15 * 60000) != *quarter || *quarter == 0) {
		t = (time_t)(ms / 1000);
		localtime_r(&t, &tm);
		*off = tm.tm_gmtoff;
		*quarter = ms / (15 * 60000);
	}
	local = (ms + *off * 1000LL) % 86400000LL;
	if (local < 0)
		local += 86400000LL;
	if (into != NULL)
		*into = local % SLOT_MS;
	return (int)(local / SLOT_MS);
}

static int
slot_of(struct estimate *e, int64_t ms)
{
	return slot_at(&e->tz_quarter, &e->tz_off, ms, NULL);
}

void
estimate_day(struct estimate *e, const char *day)
{
	struct estimate_service *s;
	int i, k;

	for (i = 0; i < QUEUE_MAX_SERVICES; i++) {
		s = &e->s[i];
		if (e->day[0] != '\0' && strcmp(e->day, day) != 0) {
			for (k = 0; k < ESTIMATE_SLOTS; k++) {
				s->h_calls[k] += s->d_calls[k];
				s->h_unit_ms[k] += s->d_unit_ms[k];
				s->h_open_ms[k] += s->d_open_ms[k];
			}
		}
		memset(s->d_calls, 0, sizeof(s->d_calls));
		memset(s->d_unit_ms, 0, sizeof(s->d_unit_ms));
		memset(s->d_open_ms, 0, sizeof(s->d_open_ms));
		s->calls = s->unit_ms = s->units = 0.0;
		s->waiting = 0;
	}
	if (e->day[0] != '\0' && strcmp(e->day, day) != 0)
		e->days++;
	snprintf(e->day, sizeof(e->day), "%s", day);
	memset(e->active, 0, sizeof(e->active));
	memset(e->open, 0, sizeof(e->open));
	e->last_ms = 0;
}

/* Today's accumulators run from the last event to t. */
static void
estimate_advance(struct estimate *e, int64_t t)
{
	struct estimate_service *s;
	int64_t from, upto, span, dt;
	double f;
	int i, n = e->conf->nservices, slot;

	if (e->last_ms == 0 || t <= e->last_ms) {
		if (e->last_ms == 0 || t > e->last_ms)
			e->last_ms = t;
		return;
	}
	dt = t - e->last_ms;
	f = exp(-(double)dt / (ESTIMATE_TAU_MIN * MIN_MS));
	for (i = 0; i < n; i++) {
		s = &e->s[i];
		s->calls *= f;
		s->unit_ms *= f;
		if (s->waiting > 0)
			s->unit_ms += s->units * ESTIMATE_TAU_MIN * MIN_MS *
			    (1.0 - f);
	}
	/* The half hours it spans, each its share (a night at most a
	 * day's slots). */
	for (from = e->last_ms; from < t; from = upto) {
		slot = slot_of(e, from);
		upto = from - from % SLOT_MS + SLOT_MS;
		if (upto > t)
			upto = t;
		span = upto - from;
		if (span <= 0)
			break;
		for (i = 0; i < n; i++) {
			s = &e->s[i];
			if (s->units <= 0.0)
				continue;
			s->d_open_ms[slot] += s->units * (double)span;
			if (s->waiting > 0)
				s->d_unit_ms[slot] += s->units *
				    (double)span;
		}
		if (t - from > 86400000LL)
			break;
	}
	e->last_ms = t;
}

/* Desk di opens or closes for its services: 1 for the first it calls,
 * 1/2 for the second, ... */
static void
desk_units(struct estimate *e, int di, bool open)
{
	const char *l = e->conf->desks[di].services;
	struct estimate_service *s;
	int p, si;

	if (e->open[di] == open)
		return;
	e->open[di] = open;
	for (p = 0; l[p] != '\0'; p++) {
		for (si = 0; si < e->conf->nservices; si++)
			if (e->conf->services[si].letter == l[p])
				break;
		if (si == e->conf->nservices)
			continue;
		s = &e->s[si];
		s->units += (open ? 1.0 : -1.0) / (double)(p + 1);
		if (s->units < 1e-9)
			s->units = 0.0;
	}
}

/* The queue the ticket of ev was called from (its letter unless it was
 * transferred), as a service index, or -1. */
static int
called_from(const struct queue *q, const struct event *ev)
{
	int si = queue_service_index(q, ev->ticket.service), i;

	if (si < 0 || ev->ticket.number < 1 ||
	    ev->ticket.number > TICKET_NUMBER_MAX ||
	    q->services[si].lookup == NULL)
		return si;
	if ((i = q->services[si].lookup[ev->ticket.number]) < 0)
		return si;
	return queue_service_index(q, q->tickets[i].queue);
}

void
estimate_event(struct estimate *e, const struct queue *q,
    const struct event *ev)
{
	struct estimate_service *s;
	int si, di, i;

	estimate_advance(e, ev->time_ms);
	if (ev->kind == EV_CALLED && (si = called_from(q, ev)) >= 0) {
		s = &e->s[si];
		s->calls += 1.0;
		s->d_calls[slot_of(e, ev->time_ms)] += 1.0;
	}
	/* A desk's own event (the day's close writes none with a command
	 * id) says it is there; its status says whether it calls. */
	if (ev->desk != 0 && (ev->kind != EV_SERVED || ev->cmd_id[0] != '\0') &&
	    (di = queue_desk_index(q, ev->desk)) >= 0) {
		e->active[di] = true;
		desk_units(e, di, q->desks[di].status == DESK_IDLE ||
		    q->desks[di].status == DESK_SERVING);
	}
	if (ev->kind == EV_DAY_CLOSED)
		for (di = 0; di < e->conf->ndesks; di++)
			desk_units(e, di, false);
	for (i = 0; i < e->conf->nservices; i++)
		e->s[i].waiting = q->services[i].nwaiting;
}

static int
round_down5(double min)
{
	if (min <= 0.0)
		return 0;
	return (int)floor(min / 5.0) * 5;
}

static int
round_up5(double min)
{
	if (min >= WAIT_MAX_MIN)
		return WAIT_MAX_MIN;
	return (int)ceil(min / 5.0) * 5;
}

/* Desk units open on average in a half hour of the earlier days. */
static double
history_units(const struct estimate *e, const struct estimate_service *s,
    int slot)
{
	if (e->days == 0 || slot >= ESTIMATE_SLOTS)
		return -1.0;
	return s->h_open_ms[slot] / ((double)e->days * (double)SLOT_MS);
}

/*
 * The time in ms until need calls at rate per desk unit, from into ms
 * into half hour slot with units open now. Later half hours have the
 * desks open now scaled as the earlier days' desks changed from this
 * half hour to that one: lunch, the afternoon. Without a history, or
 * when the day's half hours run out first, the desks open now go on.
 * With none open now, the earlier days' desks, if any: else -1.
 */
static double
project(const struct estimate *e, const struct estimate_service *s,
    int slot, int64_t into, double rate, double units, double need,
    double *change)
{
	double base = history_units(e, s, slot), u, cap, t = 0.0, len,
	    moved = 0.0;
	int k;

	*change = 0.0;
	if (units > 0.0 && base <= 0.0)
		return need / (rate * units);
	if (units <= 0.0 && e->days == 0)
		return -1.0;
	for (k = slot; k < ESTIMATE_SLOTS; k++) {
		len = (double)(k == slot ? SLOT_MS - into : SLOT_MS);
		/* None open now: as many as the earlier days had. */
		u = units > 0.0 ? units * history_units(e, s, k) / base :
		    history_units(e, s, k);
		cap = rate * u * len;
		/* How far the desks differ from now, over the wait. */
		if (k > slot && units > 0.0)
			moved += fabs(u / units - 1.0) *
			    (cap >= need && u > 0.0 ? need / (rate * u) : len);
		if (cap >= need && u > 0.0) {
			t += need / (rate * u);
			*change = units > 0.0 ? moved / t : 1.0;
			return t;
		}
		need -= cap;
		t += len;
	}
	*change = 1.0;
	return units > 0.0 ? t + need / (rate * units) : -1.0;
}

int
estimate_take(const struct estimate *e, char service, int ahead,
    int64_t now_ms, int *lo, int *hi)
{
	const struct estimate_service *s;
	int64_t quarter = e->tz_quarter;
	long off = e->tz_off;
	double f, calls, unit_ms, hc = 0.0, hu = 0.0, rate, units, mu, m,
	    sd2, rel, nrate, change;
	int64_t dt, into;
	int si, slot, k;

	for (si = 0; si < e->conf->nservices; si++)
		if (e->conf->services[si].letter == service)
			break;
	if (si == e->conf->nservices ||
	    e->conf->services[si].source == SOURCE_ROLL || ahead < 0)
		return -1;
	s = &e->s[si];
	dt = e->last_ms > 0 && now_ms > e->last_ms ? now_ms - e->last_ms : 0;
	f = exp(-(double)dt / (ESTIMATE_TAU_MIN * MIN_MS));
	calls = s->calls * f;
	unit_ms = s->unit_ms * f;
	if (s->waiting > 0)
		unit_ms += s->units * ESTIMATE_TAU_MIN * MIN_MS * (1.0 - f);
	/* The local clock's half hour, without touching e's cache. */
	slot = slot_at(&quarter, &off, now_ms, &into);
	/* Earlier days: this half hour and the next, where the wait runs. */
	for (k = slot; k < slot + 2 && k < ESTIMATE_SLOTS; k++) {
		hc += s->h_calls[k];
		hu += s->h_unit_ms[k];
	}
	if (hc > 0.0 && hu > 0.0) {
		rate = (calls + PRIOR_CALLS) /
		    (unit_ms + PRIOR_CALLS * hu / hc);
		nrate = calls + PRIOR_CALLS;
	} else if (calls >= 1.5 && unit_ms > 0.0) {
		/* Today alone: from two recent calls on (decayed, they weigh
		 * a little less than 2). */
		rate = calls / unit_ms;
		nrate = calls;
	} else {
		rate = 0.0;
		nrate = 0.0;
	}
	units = s->units;
	rel = ESTIMATE_REL0;
	if (units <= 0.0)
		rel *= 2.0;	/* when they come back is less sure */
	if (rate <= 0.0) {
		/* Nothing to go by: only "soon" is honest, and only with
		 * nobody ahead and a desk open for it. */
		if (ahead == 0 && units > 0.0) {
			*lo = 0;
			*hi = 10;
			return 0;
		}
		return -1;
	}
	/* No desk open for it now (before opening, over lunch) and no
	 * earlier day to say when they open: no estimate. */
	if ((m = project(e, s, slot, into, rate, units,
	    (double)ahead + ESTIMATE_C, &change)) < 0.0)
		return -1;
	rel += ESTIMATE_REL_CHANGE * change;
	mu = ((double)ahead + ESTIMATE_C) / m;	/* calls per ms, on average */
	rel += ESTIMATE_REL_N / sqrt(nrate + 1.0);
	sd2 = ESTIMATE_CV * ESTIMATE_CV * ((double)ahead + 1.0) / (mu * mu) +
	    rel * rel * m * m;
	*lo = round_down5((m - ESTIMATE_Z * sqrt(sd2)) / MIN_MS);
	*hi = round_up5((m + ESTIMATE_Z * sqrt(sd2)) / MIN_MS);
	if (*hi <= *lo)
		*hi = *lo + 5;
	if (*hi > WAIT_MAX_MIN)
		*hi = WAIT_MAX_MIN;
	if (*lo > *hi)
		*lo = *hi;
	return 0;
}
