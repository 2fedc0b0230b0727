/*
 * report.c - a report's tickets, service times and desks' day, fed
 * event by event. The definitions are in report.h; this file and
 * figures.c only follow them.
 */
#include "report-int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"

#define SLOT_MS		(30 * 60 * 1000LL)

/* Where a desk is in its day (report.h); serving or idle is DT_OPEN
 * with or without a call open at the desk. */
enum {
	DT_ABSENT,
	DT_OPEN,
	DT_PAUSED,
	DT_CLOSED,
};

int
report_init(struct report *r, const struct report_query *q)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->q = *q;
	if ((r->lookup = malloc(LETTERS * NUMBERS * sizeof(int))) == NULL ||
	    (r->open = calloc(DESK_ID_MAX + 1, sizeof(*r->open))) == NULL ||
	    (r->desk_time = calloc(DESK_ID_MAX + 1,
	    sizeof(*r->desk_time))) == NULL) {
		log_warn("report");
		report_free(r);
		return -1;
	}
	for (i = 0; i < LETTERS * NUMBERS; i++)
		r->lookup[i] = -1;
	for (i = 0; i <= DESK_ID_MAX; i++)
		r->open[i].ticket = -1;
	return 0;
}

void
report_free(struct report *r)
{
	free(r->tickets);
	free(r->samples);
	free(r->rows);
	free(r->hours);
	free(r->desks);
	free(r->lookup);
	free(r->open);
	free(r->desk_time);
	memset(r, 0, sizeof(*r));
}

/*
 * The half hour of the local clock that ms falls in, and how far into
 * it. localtime_r() for every event of a year costs a second; the
 * offset from UTC only changes on a quarter hour, so it is asked once
 * per quarter hour, and kept for the quarters of the last two days and
 * more: the figures go back and forth in time (a ticket's issue, then
 * its call), and each quarter of a day is asked once.
 */
int
report_slot(struct report *r, int64_t ms, int64_t *into)
{
	struct tm tm;
	time_t t;
	int64_t local, quarter = ms / (15 * 60000);
	int k = (int)(((quarter % REPORT_TZ_CACHE) + REPORT_TZ_CACHE) %
	    REPORT_TZ_CACHE);

	if (r->tz_quarter[k] != quarter + 1) {
		t = (time_t)(ms / 1000);
		localtime_r(&t, &tm);
		r->tz_off[k] = tm.tm_gmtoff;
		r->tz_quarter[k] = quarter + 1;
	}
	local = ms + r->tz_off[k] * 1000LL;
	local %= 86400000LL;
	if (local < 0)
		local += 86400000LL;
	if (into != NULL)
		*into = local % SLOT_MS;
	return (int)(local / SLOT_MS);
}

static int64_t
quarter_of(int64_t ms)
{
	return ms >= 0 ? ms / REPORT_QUARTER_MS :
	    -((-ms + REPORT_QUARTER_MS - 1) / REPORT_QUARTER_MS);
}

/*
 * The same in UTC quarter hours from the desk's first: what the cache
 * keeps, as a time zone's half hours are made of whole quarter hours
 * (so the reader finds its own half hours in them). A desk's day longer
 * than a day wraps, as its half hours do.
 */
static void
desk_mark_quarters(struct report_desk_time *dt, int64_t from, int64_t to)
{
	int64_t q = quarter_of(from), last = quarter_of(to - 1), i;

	if (dt->first_quarter == 0)
		dt->first_quarter = q + 1;
	if (last - q >= REPORT_QUARTERS)
		last = q + REPORT_QUARTERS - 1;
	for (; q <= last; q++) {
		i = (q - (dt->first_quarter - 1)) % REPORT_QUARTERS;
		if (i < 0)
			i += REPORT_QUARTERS;
		dt->open_quarters[i / 64] |= UINT64_C(1) << (i % 64);
	}
}

/* The desk was open during [from, to): mark the slots that meets. */
static void
desk_mark_open(struct report *r, struct report_desk_time *dt, int64_t from,
    int64_t to)
{
	int64_t t, into;
	int slot;

	if (from < to)
		desk_mark_quarters(dt, from, to);
	for (t = from; t < to; t += SLOT_MS - into) {
		slot = report_slot(r, t, &into);
		dt->open_slots |= UINT64_C(1) << slot;
		if (dt->open_slots == (UINT64_C(1) << REPORT_SLOTS) - 1)
			break;
	}
}

/* The time since the desk's last event goes to the state it was in. */
static void
desk_advance(struct report *r, int desk, int64_t now)
{
	struct report_desk_time *dt = &r->desk_time[desk];
	int64_t span = now > dt->since ? now - dt->since : 0;
	int call = r->open[desk].ticket;

	if (dt->state == DT_OPEN) {
		if (call >= 0)
			dt->serving_ms[r->tickets[call].service - 'A'] += span;
		else
			dt->idle_ms += span;
		desk_mark_open(r, dt, dt->since, now);
	} else if (dt->state == DT_PAUSED)
		dt->paused_ms += span;
	dt->since = now;
}

static void
desk_event(struct report *r, const struct event *ev, int desk)
{
	struct report_desk_time *dt = &r->desk_time[desk];

	desk_advance(r, desk, ev->time_ms);
	dt->seen = 1;
	switch (ev->kind) {
	case EV_PAUSED:
		dt->state = DT_PAUSED;
		break;
	case EV_CLOSED:
		dt->state = DT_CLOSED;
		break;
	case EV_RESUMED:
	case EV_CALLED:
		dt->state = DT_OPEN;
		break;
	default:
		/* A requeue may come from a paused desk: it stays paused. */
		if (dt->state == DT_ABSENT)
			dt->state = DT_OPEN;
		if (ev->kind == EV_RECALLED && ev->ticket.service >= 'A' &&
		    ev->ticket.service <= 'Z')
			dt->recalls[ev->ticket.service - 'A']++;
		break;
	}
}

/* The desks' day is over at their last event: count the slots they
 * were open in. */
void
report_desks_end_day(struct report *r)
{
	struct report_desk_time *dt;
	int d, i;

	if ((r->q.skip & REPORT_ALL) == REPORT_ALL)
		return;
	for (d = 1; d <= DESK_ID_MAX; d++) {
		dt = &r->desk_time[d];
		if (dt->open_slots != 0 && (r->q.desk == 0 ||
		    d == r->q.desk))
			for (i = 0; i < REPORT_SLOTS; i++)
				if (dt->open_slots & (UINT64_C(1) << i))
					r->slot_desk_days[i]++;
		dt->open_slots = 0;
		dt->first_quarter = 0;
		dt->open_quarters[0] = dt->open_quarters[1] = 0;
		dt->state = DT_ABSENT;
	}
}

/* A new service day: numbers start again, calls still open are lost. */
void
report_new_day(struct report *r, const char *day)
{
	struct report_ticket *t;
	int i;

	report_desks_end_day(r);
	r->days++;

	for (i = r->day_first; i < r->ntickets; i++) {
		t = &r->tickets[i];
		r->lookup[(t->service - 'A') * NUMBERS + t->number] = -1;
	}
	for (i = 0; i <= DESK_ID_MAX; i++)
		r->open[i].ticket = -1;
	r->day_first = r->ntickets;
	snprintf(r->day, sizeof(r->day), "%s", day);
}

/* arr with room for need elements (doubling from 256); *cap follows.
 * NULL (logged) if there is no memory; arr is then unchanged. */
void *
report_grow(void *arr, int *cap, int need, size_t size)
{
	void *n;
	int c = *cap ? *cap : 256;

	if (need <= *cap)
		return arr;
	while (c < need)
		c *= 2;
	if ((n = reallocarray(arr, c, size)) == NULL) {
		log_warn("report");
		return NULL;
	}
	*cap = c;
	return n;
}

static int
report_ticket_get(struct report *r, const struct event *ev)
{
	struct report_ticket *t, *n;
	int *slot;

	slot = &r->lookup[(ev->ticket.service - 'A') * NUMBERS +
	    ev->ticket.number];
	if (*slot >= 0)
		return *slot;
	if ((n = report_grow(r->tickets, &r->tickets_cap, r->ntickets + 1,
	    sizeof(*n))) == NULL)
		return -1;
	r->tickets = n;
	t = &r->tickets[r->ntickets];
	memset(t, 0, sizeof(*t));
	snprintf(t->day, sizeof(t->day), "%s", ev->day);
	t->service = ev->ticket.service;
	t->number = ev->ticket.number;
	t->issued_ms = t->called_ms = t->desk_called_ms = t->ended_ms = -1;
	t->queue = t->service;
	*slot = r->ntickets;
	return r->ntickets++;
}

/* The call open at desk ends now: one service time sample. */
static int
report_call_end(struct report *r, int desk, int64_t now)
{
	struct report_call *c = &r->open[desk];
	struct report_sample *n;

	if (c->ticket < 0)
		return 0;
	if ((n = report_grow(r->samples, &r->samples_cap, r->nsamples + 1,
	    sizeof(*n))) == NULL)
		return -1;
	r->samples = n;
	n = &r->samples[r->nsamples++];
	n->service = r->tickets[c->ticket].service;
	n->desk = desk;
	n->ms = now - c->since;
	c->ticket = -1;
	return 0;
}

/*
 * The day's close (queue_close_day()) writes "served" for each ticket
 * still at a desk, at the moment of the close: at day_start, or the
 * next morning when the central was off at the turn of the day. Every
 * desk command has an id, so these are the desk events without one.
 * They end the ticket (served, at that desk) but are not the desk's:
 * neither its day nor the call's service time runs to the close.
 */
static int
report_day_end(const struct event *ev, int desk)
{
	return ev->kind == EV_SERVED && desk != 0 && ev->cmd_id[0] == '\0';
}

int
report_feed(struct report *r, const struct event *ev)
{
	struct report_ticket *t;
	int idx, desk, day_end;

	if (strcmp(ev->day, r->q.from) < 0 || strcmp(ev->day, r->q.to) > 0)
		return 0;
	/* The office's changes are no part of the figures ("changes"
	 * lists them). */
	if (ev->kind == EV_SETTING)
		return 0;
	if (strcmp(ev->day, r->day) != 0)
		report_new_day(r, ev->day);
	desk = ev->desk >= 1 && ev->desk <= DESK_ID_MAX ? ev->desk : 0;
	day_end = report_day_end(ev, desk);
	if (desk != 0 && !day_end && (r->q.skip & REPORT_ALL) != REPORT_ALL)
		desk_event(r, ev, desk);
	switch (ev->kind) {
	case EV_ISSUED:
	case EV_CALLED:
	case EV_RECALLED:
	case EV_SERVED:
	case EV_NOSHOW:
	case EV_REQUEUED:
	case EV_TRANSFERRED:
	case EV_UNSERVED:
		break;
	default:
		/* Pauses, closing: no ticket, nothing to count. */
		return 0;
	}
	if (ev->ticket.service < 'A' || ev->ticket.service > 'Z' ||
	    ev->ticket.number < 0 || ev->ticket.number > TICKET_NUMBER_MAX)
		return 0;
	if ((idx = report_ticket_get(r, ev)) == -1)
		goto fail;
	t = &r->tickets[idx];
	if (ev->ticket.priority)
		t->priority = 1;
	switch (ev->kind) {
	case EV_ISSUED:
		if (t->issued_ms < 0)
			t->issued_ms = ev->time_ms;
		t->kiosk = ev->kiosk;
		break;
	case EV_CALLED:
		t->calls++;
		t->outcome = OUTCOME_OPEN;
		if (t->called_ms < 0) {
			t->called_ms = ev->time_ms;
			t->desk = desk;
		}
		if (desk != 0 && desk == r->q.desk) {
			t->at_desk = 1;
			if (t->desk_called_ms < 0)
				t->desk_called_ms = ev->time_ms;
		}
		if (desk != 0) {
			if (report_call_end(r, desk, ev->time_ms) == -1)
				goto fail;
			r->open[desk].ticket = idx;
			r->open[desk].since = ev->time_ms;
		}
		break;
	case EV_RECALLED:
		t->recalls++;
		break;
	case EV_SERVED:
	case EV_NOSHOW:
	case EV_TRANSFERRED:
		if (ev->kind == EV_TRANSFERRED) {
			t->transfers++;
			t->queue = ev->target;
			if (desk != 0 && desk == r->q.desk)
				t->at_desk |= 2;
		} else {
			t->outcome = ev->kind == EV_SERVED ? OUTCOME_SERVED :
			    OUTCOME_NOSHOW;
			t->noshows += ev->kind == EV_NOSHOW;
			t->ended_ms = ev->time_ms;
			t->end_desk = desk;
		}
		if (desk == 0 || r->open[desk].ticket != idx)
			break;
		if (day_end)
			r->open[desk].ticket = -1;	/* no service time */
		else if (report_call_end(r, desk, ev->time_ms) == -1)
			goto fail;
		break;
	case EV_REQUEUED:
		t->outcome = OUTCOME_OPEN;
		if (ev->target != 0)
			t->queue = ev->target;
		break;
	case EV_UNSERVED:
		t->outcome = OUTCOME_UNSERVED;
		t->ended_ms = ev->time_ms;
		t->end_desk = 0;
		break;
	default:
		break;
	}
	return 0;
fail:
	r->failed = 1;
	return -1;
}
