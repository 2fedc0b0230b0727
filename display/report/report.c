/*
 * report.c - the figures of antre-report from the event log. The
 * definitions are in report.h; this file only follows them.
 *
 * The days asked for are replayed as one span of the log
 * (store_replay_range: two lookups in events_day, then the table in
 * order), inside one read transaction, so a report taken while the
 * central writes sees one consistent snapshot.
 */
#include "report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "store.h"

#define LETTERS		26
#define NUMBERS		(TICKET_NUMBER_MAX + 1)
#define SLOT_MS		(30 * 60 * 1000LL)

/* Where a desk is in its day (report.h); serving or idle is DT_OPEN
 * with or without a call open at the desk. */
enum {
	DT_ABSENT,
	DT_OPEN,
	DT_PAUSED,
	DT_CLOSED,
};

static int
day_to_time(const char *s, time_t *t)
{
	struct tm tm;
	char back[11];
	int i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = atoi(s) - 1900;
	tm.tm_mon = atoi(s + 5) - 1;
	tm.tm_mday = atoi(s + 8);
	tm.tm_hour = 12;	/* far from any day boundary */
	*t = timegm(&tm);
	/* 2026-02-30 normalises to another day: refuse it. */
	gmtime_r(t, &tm);
	strftime(back, sizeof(back), "%Y-%m-%d", &tm);
	return strcmp(back, s) == 0 ? 0 : -1;
}

int
report_parse_day(const char *s)
{
	time_t t;

	return day_to_time(s, &t);
}

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
 * per quarter hour that has events.
 */
static int
slot_of(struct report *r, int64_t ms, int64_t *into)
{
	struct tm tm;
	time_t t;
	int64_t local;

	if (ms / (15 * 60000) != r->tz_quarter || r->tz_quarter == 0) {
		t = (time_t)(ms / 1000);
		localtime_r(&t, &tm);
		r->tz_off = tm.tm_gmtoff;
		r->tz_quarter = ms / (15 * 60000);
	}
	local = ms + r->tz_off * 1000LL;
	local %= 86400000LL;
	if (local < 0)
		local += 86400000LL;
	if (into != NULL)
		*into = local % SLOT_MS;
	return (int)(local / SLOT_MS);
}

/* The desk was open during [from, to): mark the slots that meets. */
static void
desk_mark_open(struct report *r, struct report_desk_time *dt, int64_t from,
    int64_t to)
{
	int64_t t, into;
	int slot;

	for (t = from; t < to; t += SLOT_MS - into) {
		slot = slot_of(r, t, &into);
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
static void
desks_end_day(struct report *r)
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
		dt->state = DT_ABSENT;
	}
}

/* A new service day: numbers start again, calls still open are lost. */
static void
report_new_day(struct report *r, const char *day)
{
	struct report_ticket *t;
	int i;

	desks_end_day(r);
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
static void *
grow(void *arr, int *cap, int need, size_t size)
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
	if ((n = grow(r->tickets, &r->tickets_cap, r->ntickets + 1,
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
	if ((n = grow(r->samples, &r->samples_cap, r->nsamples + 1,
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

int
report_feed(struct report *r, const struct event *ev)
{
	struct report_ticket *t;
	int idx, desk;

	if (strcmp(ev->day, r->q.from) < 0 || strcmp(ev->day, r->q.to) > 0)
		return 0;
	if (strcmp(ev->day, r->day) != 0)
		report_new_day(r, ev->day);
	desk = ev->desk >= 1 && ev->desk <= DESK_ID_MAX ? ev->desk : 0;
	if (desk != 0 && (r->q.skip & REPORT_ALL) != REPORT_ALL)
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
		if (desk != 0 && r->open[desk].ticket == idx &&
		    report_call_end(r, desk, ev->time_ms) == -1)
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

static int
cmp_ms(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Sorts n times in place. A year holds about a million waits; a radix
 * sort over the bytes that differ takes a few passes where qsort() was a
 * third of a yearly summary. Falls back to qsort() for short arrays or
 * when no memory is left.
 */
void
report_sort_ms(int64_t *a, int n)
{
	const uint64_t flip = UINT64_C(1) << 63;	/* negatives first */
	uint64_t *mem, *src, *dst, *t;
	size_t count[256], pos;
	int i, shift, b;

	if (n < 256 || (mem = malloc((size_t)n * sizeof(*mem))) == NULL) {
		qsort(a, (size_t)n, sizeof(*a), cmp_ms);
		return;
	}
	src = (uint64_t *)a;
	dst = mem;
	for (i = 0; i < n; i++)
		src[i] ^= flip;
	for (shift = 0; shift < 64; shift += 8) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xff]++;
		/* Every value has this byte in common: nothing to do. */
		if (count[(src[0] >> shift) & 0xff] == (size_t)n)
			continue;
		for (pos = 0, b = 0; b < 256; b++) {
			pos += count[b];
			count[b] = pos - count[b];
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != (uint64_t *)a)
		memcpy(a, src, (size_t)n * sizeof(*a));
	for (i = 0; i < n; i++)
		a[i] = (int64_t)((uint64_t)a[i] ^ flip);
	free(mem);
}

/* The index in n sorted values of the p-th percentile by nearest rank:
 * ceil(p * n / 100), from 1, at least the first. */
static int
pct_index(int n, int p)
{
	int rank = (p * n + 99) / 100;

	return rank < 1 ? 0 : rank - 1;
}

int64_t
report_percentile(const int64_t *sorted, int n, int p)
{
	if (n <= 0)
		return -1;
	return sorted[pct_index(n, p)];
}

/* Moves the k-th smallest of a[0..n) (from 0) to a[k], the smaller
 * before it and the larger after it (quickselect, Hoare's partition). */
static void
select_ms(int64_t *a, int n, int k)
{
	int64_t pivot, t;
	int lo = 0, hi = n - 1, mid, i, j;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		/* The median of three: sorted data stays linear. */
		if (a[mid] < a[lo]) {
			t = a[mid]; a[mid] = a[lo]; a[lo] = t;
		}
		if (a[hi] < a[lo]) {
			t = a[hi]; a[hi] = a[lo]; a[lo] = t;
		}
		if (a[hi] < a[mid]) {
			t = a[hi]; a[hi] = a[mid]; a[mid] = t;
		}
		pivot = a[mid];
		i = lo;
		j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				t = a[i]; a[i] = a[j]; a[j] = t;
				i++;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			return;		/* a[k] equals the pivot */
	}
}

void
report_percentiles(int64_t *a, int n, int64_t *p50, int64_t *p90,
    int64_t *max)
{
	int k50, k90, i;

	if (n <= 0) {
		*p50 = *p90 = -1;
		if (max != NULL)
			*max = -1;
		return;
	}
	/* A summary needs three values, not the order: selecting them
	 * costs a tenth of a sort of a year's waits. */
	k50 = pct_index(n, 50);
	k90 = pct_index(n, 90);
	select_ms(a, n, k50);
	*p50 = a[k50];
	if (k90 > k50)
		select_ms(a + k50 + 1, n - k50 - 1, k90 - k50 - 1);
	*p90 = a[k90];
	if (max != NULL) {
		*max = a[k90];
		for (i = k90 + 1; i < n; i++)
			if (a[i] > *max)
				*max = a[i];
	}
}

/* letter 0: the total. targets[] in minutes per letter. */
static int
report_row(struct report *r, char letter, const int targets[LETTERS],
    struct report_row *row, int64_t *buf)
{
	const struct report_ticket *t;
	const struct report_sample *s;
	int desk = r->q.desk, i, n, target;
	int64_t wait;

	memset(row, 0, sizeof(*row));
	row->service = letter;
	row->target_min = letter != 0 ? targets[letter - 'A'] : 0;
	n = 0;
	for (i = 0; i < r->ntickets; i++) {
		t = &r->tickets[i];
		if (letter != 0 && t->service != letter)
			continue;
		if (desk != 0 && !(t->at_desk & 1))
			continue;
		row->issued++;
		if (t->called_ms >= 0)
			row->called++;
		if (desk == 0 || t->end_desk == desk) {
			row->served += t->outcome == OUTCOME_SERVED;
			row->noshow += t->outcome == OUTCOME_NOSHOW;
		}
		if (desk == 0 ? t->transfers > 0 : (t->at_desk & 2) != 0)
			row->transferred++;
		row->unserved += t->outcome == OUTCOME_UNSERVED;
		if (t->called_ms >= 0 && (desk == 0 || t->desk == desk)) {
			if (t->issued_ms >= 0)
				buf[n++] = t->called_ms - t->issued_ms;
			else
				row->wait_unknown++;
		}
		target = targets[t->service - 'A'];
		if (target > 0 && t->issued_ms >= 0 &&
		    (t->outcome == OUTCOME_SERVED ||
		    t->outcome == OUTCOME_UNSERVED)) {
			row->within_of++;
			wait = t->called_ms - t->issued_ms;
			if (t->outcome == OUTCOME_SERVED &&
			    wait <= (int64_t)target * 60000)
				row->within++;
		}
	}
	row->waits = n;
	report_percentiles(buf, n, &row->wait_median, &row->wait_p90,
	    &row->wait_max);

	n = 0;
	for (i = 0; i < r->nsamples; i++) {
		s = &r->samples[i];
		if ((letter == 0 || s->service == letter) &&
		    (desk == 0 || s->desk == desk))
			buf[n++] = s->ms;
	}
	row->services = n;
	report_percentiles(buf, n, &row->service_median, &row->service_p90,
	    NULL);

	if (desk != 0) {
		row->issued = row->unserved = -1;
		row->within = row->within_of = -1;
	} else if (row->within_of == 0 && (letter == 0 ||
	    row->target_min == 0)) {
		/* No target, or nothing to measure it on. */
		row->within = row->within_of = -1;
	}
	return 0;
}

/* Sample keys for one sort by desk, then time (of +-17 years). */
#define KEY_BIAS	(INT64_C(1) << 39)
#define KEY(desk, ms)	((int64_t)(desk) << 40 | ((ms) + KEY_BIAS))
#define KEY_DESK(k)	((int)((k) >> 40))
#define KEY_MS(k)	(((k) & ((INT64_C(1) << 40) - 1)) - KEY_BIAS)

/* The desks' lines; buf holds nsamples values. */
static int
report_desks(struct report *r, const struct queue_conf *services,
    int64_t *buf)
{
	struct report_desk_time *dt;
	const struct report_ticket *t;
	const struct report_sample *s;
	struct report_desk *row, *end, *total = NULL;
	char svc = r->q.service;
	int d, i, k, n = 0;

	for (d = 1; d <= DESK_ID_MAX; d++)
		if (r->q.desk == 0 ? r->desk_time[d].seen : d == r->q.desk)
			n++;
	if ((r->desks = calloc(n + 1, sizeof(*r->desks))) == NULL) {
		log_warn("report");
		return -1;
	}
	for (i = 0; i < r->ntickets; i++) {
		t = &r->tickets[i];
		if ((svc != 0 && t->service != svc) || t->end_desk < 1 ||
		    t->end_desk > DESK_ID_MAX)
			continue;
		r->desk_time[t->end_desk].served +=
		    t->outcome == OUTCOME_SERVED;
		r->desk_time[t->end_desk].noshow +=
		    t->outcome == OUTCOME_NOSHOW;
	}
	for (d = 1; d <= DESK_ID_MAX; d++) {
		if (r->q.desk == 0 ? !r->desk_time[d].seen : d != r->q.desk)
			continue;
		dt = &r->desk_time[d];
		row = &r->desks[r->ndesks++];
		row->desk = d;
		row->served = dt->served;
		row->noshow = dt->noshow;
		for (k = 0; k < LETTERS; k++) {
			if (svc != 0 && k != svc - 'A')
				continue;
			row->recalls += dt->recalls[k];
			row->serving_ms += dt->serving_ms[k];
		}
		row->idle_ms = svc != 0 ? -1 : dt->idle_ms;
		row->paused_ms = svc != 0 ? -1 : dt->paused_ms;
		row->service_median = -1;
		for (i = 0; services != NULL && i < services->ndesks; i++)
			if (services->desks[i].id == d)
				snprintf(row->name, sizeof(row->name), "%s",
				    services->desks[i].name);
	}
	if (r->q.desk == 0) {
		total = &r->desks[r->ndesks];
		for (i = 0; i < r->ndesks; i++) {
			row = &r->desks[i];
			total->served += row->served;
			total->noshow += row->noshow;
			total->recalls += row->recalls;
			total->serving_ms += row->serving_ms;
			total->idle_ms += row->idle_ms;
			total->paused_ms += row->paused_ms;
		}
		if (svc != 0)
			total->idle_ms = total->paused_ms = -1;
		r->ndesks++;
	}

	/* Medians: one sort by desk and time, each desk a run of it. */
	n = 0;
	for (i = 0; i < r->nsamples; i++) {
		s = &r->samples[i];
		if ((svc == 0 || s->service == svc) && (r->q.desk == 0 ||
		    s->desk == r->q.desk))
			buf[n++] = KEY(s->desk, s->ms);
	}
	report_sort_ms(buf, n);
	row = r->desks;
	end = r->desks + r->ndesks - (total != NULL);
	for (i = 0; i < n; i = k) {
		d = KEY_DESK(buf[i]);
		for (k = i; k < n && KEY_DESK(buf[k]) == d; k++)
			buf[k] = KEY_MS(buf[k]);
		/* Both in order of desk id; a desk with calls was seen. */
		while (row < end && row->desk != d)
			row++;
		if (row < end) {
			row->services = k - i;
			row->service_median = report_percentile(buf + i,
			    k - i, 50);
		}
	}
	if (total != NULL) {
		report_sort_ms(buf, n);
		total->services = n;
		total->service_median = report_percentile(buf, n, 50);
	}
	return 0;
}

/* The hourly lines, in the order of the summary's rows. */
static int
report_hours(struct report *r)
{
	int arrivals[REPORT_SLOTS][LETTERS] = { { 0 } };
	int calls[REPORT_SLOTS][LETTERS] = { { 0 } };
	const struct report_ticket *t;
	struct report_hour *h;
	int first = -1, last = -1, i, k, slot, any;
	int64_t called;

	for (i = 0; i < r->ntickets; i++) {
		t = &r->tickets[i];
		if (r->q.service != 0 && t->service != r->q.service)
			continue;
		if (t->issued_ms >= 0)
			arrivals[slot_of(r, t->issued_ms, NULL)]
			    [t->service - 'A']++;
		called = r->q.desk != 0 ? t->desk_called_ms : t->called_ms;
		if (called >= 0)
			calls[slot_of(r, called, NULL)][t->service - 'A']++;
	}
	for (slot = 0; slot < REPORT_SLOTS; slot++) {
		any = r->slot_desk_days[slot] > 0;
		for (k = 0; k < LETTERS; k++)
			any |= (r->q.desk == 0 && arrivals[slot][k] > 0) ||
			    calls[slot][k] > 0;
		if (any) {
			if (first < 0)
				first = slot;
			last = slot;
		}
	}
	if (first < 0)
		return 0;
	if ((r->hours = calloc((last - first + 1) * r->nrows,
	    sizeof(*r->hours))) == NULL) {
		log_warn("report");
		return -1;
	}
	for (slot = first; slot <= last; slot++) {
		for (i = 0; i < r->nrows; i++) {
			h = &r->hours[r->nhours++];
			h->slot = slot;
			h->service = r->rows[i].service;
			snprintf(h->name, sizeof(h->name), "%s",
			    r->rows[i].name);
			for (k = 0; k < LETTERS; k++) {
				if (h->service != 0 && k != h->service - 'A')
					continue;
				h->arrivals += arrivals[slot][k];
				h->calls += calls[slot][k];
			}
			if (r->q.desk != 0)
				h->arrivals = -1;
			h->desk_days = r->slot_desk_days[slot];
		}
	}
	return 0;
}

double
report_desks_open(const struct report *r, const struct report_hour *h)
{
	if (r->days == 0)
		return 0;
	/* Rounded here so that every output shows the same tenth. */
	return (double)((h->desk_days * 20 + r->days) / (2 * r->days)) / 10;
}

int
report_finish(struct report *r, const struct queue_conf *services)
{
	int targets[LETTERS] = { 0 };
	char order[LETTERS + 1], seen[LETTERS] = { 0 };
	const struct service_conf *sc;
	int64_t *buf;
	size_t len;
	int i, n = 0;

	if (r->failed)
		return -1;
	desks_end_day(r);
	if (services != NULL) {
		for (i = 0; i < services->nservices; i++) {
			sc = &services->services[i];
			if (sc->letter < 'A' || sc->letter > 'Z' ||
			    seen[sc->letter - 'A'])
				continue;
			seen[sc->letter - 'A'] = 1;
			targets[sc->letter - 'A'] = sc->target_wait_min;
			order[n++] = sc->letter;
		}
	}
	for (i = 0; i < r->ntickets; i++) {
		if (!seen[r->tickets[i].service - 'A'])
			seen[r->tickets[i].service - 'A'] = 2;
	}
	for (i = 0; i < LETTERS; i++)
		if (seen[i] == 2)
			order[n++] = 'A' + i;
	if (r->q.service != 0) {
		order[0] = r->q.service;
		n = 1;
	}
	len = (size_t)(r->ntickets > r->nsamples ? r->ntickets :
	    r->nsamples) + 1;
	if ((buf = calloc(len, sizeof(*buf))) == NULL ||
	    (r->rows = calloc(n + 1, sizeof(*r->rows))) == NULL) {
		log_warn("report");
		free(buf);
		return -1;
	}
	for (i = 0; i < n; i++)
		report_row(r, order[i], targets, &r->rows[r->nrows++], buf);
	if (r->q.service == 0)
		report_row(r, 0, targets, &r->rows[r->nrows++], buf);
	if (!(r->q.skip & REPORT_DESKS) &&
	    report_desks(r, services, buf) == -1) {
		free(buf);
		return -1;
	}
	free(buf);
	if (services != NULL) {
		for (i = 0; i < r->nrows; i++) {
			sc = NULL;
			for (n = 0; n < services->nservices; n++)
				if (services->services[n].letter ==
				    r->rows[i].service)
					sc = &services->services[n];
			if (sc != NULL)
				snprintf(r->rows[i].name,
				    sizeof(r->rows[i].name), "%s", sc->name);
		}
	}
	return r->q.skip & REPORT_HOURLY ? 0 : report_hours(r);
}

static int
feed_cb(void *arg, const struct event *ev)
{
	return report_feed(arg, ev);
}

/*
 * The report cache (store.h): a closed day's tickets and service times,
 * so a yearly summary reads 300 rows instead of 3 million events. The
 * encoding is little-endian and fixed, whatever the machine (a log is
 * copied from the Pi to a laptop):
 *
 * ticket, 44 bytes: service, queue, outcome, kiosk (1 byte each);
 *   number, desk, end desk, calls, recalls, no-shows, transfers, 0
 *   (2 bytes each); issued, first call, end (8 bytes each, ms, -1: none)
 * sample, 12 bytes: service, 0 (1 byte each), desk (2), ms (8)
 *
 * Only what a report of the whole hall needs: with --desk, and for
 * hourly and desks, the days are read from the events.
 */
#define CACHE_FORMAT	1
#define CACHE_TICKET	44
#define CACHE_SAMPLE	12

static void
put16(uint8_t *p, int v)
{
	unsigned u = v < 0 ? 0 : v > 0xffff ? 0xffff : (unsigned)v;

	p[0] = u & 0xff;
	p[1] = u >> 8;
}

static void
put64(uint8_t *p, int64_t v)
{
	uint64_t u = (uint64_t)v;
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(u >> (8 * i));
}

static int
get16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static int64_t
get64(const uint8_t *p)
{
	uint64_t u = 0;
	int i;

	for (i = 7; i >= 0; i--)
		u = u << 8 | p[i];
	return (int64_t)u;
}

/* The blobs of r's tickets and samples (r holds one day). */
static int
cache_encode(const struct report *r, uint8_t **tickets, size_t *tlen,
    uint8_t **samples, size_t *slen)
{
	const struct report_ticket *t;
	const struct report_sample *m;
	uint8_t *p;
	int i;

	*tlen = (size_t)r->ntickets * CACHE_TICKET;
	*slen = (size_t)r->nsamples * CACHE_SAMPLE;
	*tickets = calloc(1, *tlen + 1);
	*samples = calloc(1, *slen + 1);
	if (*tickets == NULL || *samples == NULL) {
		log_warn("report cache");
		free(*tickets);
		free(*samples);
		return -1;
	}
	for (i = 0, p = *tickets; i < r->ntickets; i++, p += CACHE_TICKET) {
		t = &r->tickets[i];
		p[0] = (uint8_t)t->service;
		p[1] = (uint8_t)t->queue;
		p[2] = (uint8_t)t->outcome;
		p[3] = (uint8_t)(t->kiosk < 0 || t->kiosk > 255 ? 0 :
		    t->kiosk);
		put16(p + 4, t->number);
		put16(p + 6, t->desk);
		put16(p + 8, t->end_desk);
		put16(p + 10, t->calls);
		put16(p + 12, t->recalls);
		put16(p + 14, t->noshows);
		put16(p + 16, t->transfers);
		put64(p + 20, t->issued_ms);
		put64(p + 28, t->called_ms);
		put64(p + 36, t->ended_ms);
	}
	for (i = 0, p = *samples; i < r->nsamples; i++, p += CACHE_SAMPLE) {
		m = &r->samples[i];
		p[0] = (uint8_t)m->service;
		put16(p + 2, m->desk);
		put64(p + 4, m->ms);
	}
	return 0;
}

/* A cached day into r, as if its events had been fed. */
static int
cache_decode(struct report *r, const struct store_cache_day *d)
{
	const uint8_t *p;
	struct report_ticket *t;
	struct report_sample *m;
	int i, nt, ns;

	nt = (int)(d->tickets_len / CACHE_TICKET);
	ns = (int)(d->samples_len / CACHE_SAMPLE);
	if ((t = grow(r->tickets, &r->tickets_cap, r->ntickets + nt,
	    sizeof(*t))) == NULL)
		return -1;
	r->tickets = t;
	if ((m = grow(r->samples, &r->samples_cap, r->nsamples + ns,
	    sizeof(*m))) == NULL)
		return -1;
	r->samples = m;
	report_new_day(r, d->day);
	for (i = 0, p = d->tickets; i < nt; i++, p += CACHE_TICKET) {
		t = &r->tickets[r->ntickets++];
		memset(t, 0, sizeof(*t));
		memcpy(t->day, d->day, sizeof(t->day));
		t->service = (char)p[0];
		t->queue = (char)p[1];
		t->outcome = (enum report_outcome)p[2];
		t->kiosk = p[3];
		t->number = get16(p + 4);
		t->desk = get16(p + 6);
		t->end_desk = get16(p + 8);
		t->calls = get16(p + 10);
		t->recalls = get16(p + 12);
		t->noshows = get16(p + 14);
		t->transfers = get16(p + 16);
		t->issued_ms = get64(p + 20);
		t->called_ms = get64(p + 28);
		t->ended_ms = get64(p + 36);
		t->desk_called_ms = -1;
	}
	for (i = 0, p = d->samples; i < ns; i++, p += CACHE_SAMPLE) {
		m = &r->samples[r->nsamples++];
		m->service = (char)p[0];
		m->desk = get16(p + 2);
		m->ms = get64(p + 4);
	}
	/* The next day fed from the events must not see these tickets. */
	r->day_first = r->ntickets;
	return 0;
}

struct day_count {
	struct report	*r;
	int64_t		 events;
};

static int
count_cb(void *arg, const struct event *ev)
{
	struct day_count *dc = arg;

	dc->events++;
	return report_feed(dc->r, ev);
}

/* r, made by report_init() for one day, ready for another. */
static void
report_reuse(struct report *r, const char *day)
{
	/* A new day forgets the last one's tickets and calls; then the
	 * arrays start again. */
	report_new_day(r, "");
	r->ntickets = r->nsamples = r->day_first = r->days = 0;
	r->failed = 0;
	snprintf(r->q.from, sizeof(r->q.from), "%s", day);
	snprintf(r->q.to, sizeof(r->q.to), "%s", day);
}

/*
 * A day's cache row computed from its events, with r (report_init()
 * done, REPORT_ALL skipped) used again from day to day: its tables are
 * a megabyte that would be set up 300 times for a year. Free the blobs
 * after.
 */
static int
cache_compute(struct store *s, struct report *r, const char *day,
    struct store_cache_day *d)
{
	struct day_count dc = { r, 0 };
	uint8_t *t, *m;

	memset(d, 0, sizeof(*d));
	report_reuse(r, day);
	if (store_replay(s, day, count_cb, &dc) == -1 || r->failed ||
	    cache_encode(r, &t, &d->tickets_len, &m, &d->samples_len) == -1)
		return -1;
	snprintf(d->day, sizeof(d->day), "%s", day);
	d->format = CACHE_FORMAT;
	d->events = dc.events;
	d->tickets = t;
	d->samples = m;
	return 0;
}

/* The report cache_compute() works in. */
static int
cache_report(struct report *r)
{
	struct report_query q;

	memset(&q, 0, sizeof(q));
	q.skip = REPORT_ALL;
	return report_init(r, &q);
}

static void
cache_day_free(struct store_cache_day *d)
{
	free((void *)d->tickets);
	free((void *)d->samples);
}

/* Writes the row of day; r as cache_compute() takes it. */
static int
cache_write(struct store *s, struct report *r, const char *day)
{
	struct store_cache_day d;
	int ret;

	if (cache_compute(s, r, day, &d) == -1)
		return -1;
	ret = store_cache_put(s, &d);
	cache_day_free(&d);
	return ret;
}

int
report_cache_day(struct store *s, const char *day)
{
	struct report r;
	int ret;

	if (cache_report(&r) == -1)
		return -1;
	ret = cache_write(s, &r, day);
	report_free(&r);
	return ret;
}

struct backfill {
	struct store	*s;
	struct report	 r;
};

static int
backfill_cb(void *arg, const char *day)
{
	struct backfill *b = arg;

	return cache_write(b->s, &b->r, day);
}

int
report_cache_backfill(struct store *s)
{
	struct backfill b;
	int ret;

	b.s = s;
	if (cache_report(&b.r) == -1)
		return -1;
	ret = store_cache_backfill(s, backfill_cb, &b);
	report_free(&b.r);
	return ret;
}

struct cache_check {
	struct store	*s;
	struct report	 r;
	int		 days;
	int		 bad;
	char		 why[128];
};

static int
check_cb(void *arg, const struct store_cache_day *d)
{
	struct cache_check *c = arg;
	struct store_cache_day now;
	int same;

	if (d->format != CACHE_FORMAT)
		return 0;	/* not used by this program */
	if (cache_compute(c->s, &c->r, d->day, &now) == -1)
		return -1;
	same = now.events == d->events &&
	    now.tickets_len == d->tickets_len &&
	    now.samples_len == d->samples_len &&
	    memcmp(now.tickets, d->tickets, d->tickets_len) == 0 &&
	    memcmp(now.samples, d->samples, d->samples_len) == 0;
	cache_day_free(&now);
	c->days++;
	if (!same && !c->bad) {
		c->bad = 1;
		snprintf(c->why, sizeof(c->why), "the report cache of %s "
		    "does not match its %lld events in the log", d->day,
		    (long long)now.events);
	}
	return 0;
}

int
report_cache_check(struct store *s, int *days, char *why, size_t whylen)
{
	struct cache_check c;

	int rc;

	memset(&c, 0, sizeof(c));
	c.s = s;
	if (cache_report(&c.r) == -1)
		return -1;
	rc = store_cache_read(s, "0000-00-00", "9999-99-99", check_cb, &c);
	report_free(&c.r);
	if (rc == -1)
		return -1;
	*days = c.days;
	if (c.bad)
		snprintf(why, whylen, "%s", c.why);
	return c.bad;
}

/* The day after or before day ("YYYY-MM-DD"). */
static void
day_step(const char *day, int dir, char out[11])
{
	struct tm tm;
	time_t t;

	day_to_time(day, &t);
	t += dir * 86400;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

struct cache_run {
	struct report	*r;
	struct store	*s;
	char		 next[11];	/* the first day not read yet */
};

/* The days before a cached one that the cache lacks come from the
 * events, then the cached day. */
static int
run_cb(void *arg, const struct store_cache_day *d)
{
	struct cache_run *c = arg;
	char before[11];

	if (d->format != CACHE_FORMAT)
		return 0;	/* read from the events */
	day_step(d->day, -1, before);
	if (strcmp(c->next, before) <= 0 && store_replay_range(c->s,
	    c->next, before, feed_cb, c->r) == -1)
		return -1;
	if (cache_decode(c->r, d) == -1)
		return -1;
	day_step(d->day, 1, c->next);
	return 0;
}

int
report_run(struct report *r, struct store *s, const struct report_query *q,
    const struct queue_conf *services)
{
	struct cache_run c;
	time_t t, end;
	int ret = -1;

	if (day_to_time(q->from, &t) == -1 || day_to_time(q->to, &end) ==
	    -1) {
		log_warnx("report: bad date");
		return -1;
	}
	if (report_init(r, q) == -1)
		return -1;
	if (store_read_begin(s) == -1)
		goto out;
	c.r = r;
	c.s = s;
	snprintf(c.next, sizeof(c.next), "%s", q->from);
	/* The cache has what a report of the whole hall needs. */
	if (q->desk == 0 && (q->skip & REPORT_ALL) == REPORT_ALL &&
	    !(q->skip & REPORT_NO_CACHE) && store_cache_read(s, q->from, q->to, run_cb, &c) ==
	    -1)
		goto out;
	if (strcmp(c.next, q->to) <= 0 &&
	    store_replay_range(s, c.next, q->to, feed_cb, r) == -1)
		goto out;
	ret = 0;
out:
	store_read_end(s);
	if (ret == 0)
		ret = report_finish(r, services);
	return ret;
}
