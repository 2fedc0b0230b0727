/* cache.c - the report cache: a closed day's row, written and checked */
#include "report-int.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "log.h"
#include "store.h"

/*
 * The report cache (store.h): a closed day's tickets, service times and
 * desks' day, so a yearly summary reads 300 rows instead of 3 million
 * events, and a month's page 30. The encoding is little-endian and
 * fixed, whatever the machine (a log is copied from the Pi to a laptop):
 *
 * ticket, 44 bytes: service, queue, outcome, kiosk (1 byte each);
 *   number, desk, end desk, calls, recalls, no-shows, transfers (2
 *   bytes each), priority, 0 (1 byte each; rows written before schema 7
 *   have 0 there, and no priority tickets); issued, first call, end (8
 *   bytes each, ms, -1: none)
 * sample, 12 bytes: service, 0 (1 byte each), desk (2), ms (8)
 * desk, 28 bytes: desk (2), kind (1), 0 (1), then three 8-byte values:
 *   kind 0, the desk's own record: its time idle and paused (ms), 0;
 *   kind 1, when it was open: the first UTC quarter hour it was open in
 *   (ms / 900,000), then 96 bits, bit i set when it was open in the
 *   quarter hour i after it (a desk's day longer than a day wraps), in
 *   the second value (bits 0-63) and the third (64-95): the reader's
 *   half hours open are those with a quarter hour open, in its own time
 *   zone, as if computed from the events;
 *   kind 'A'..'Z', a service the desk served or recalled: its recalls
 *   (at most 65535), its time serving that service's tickets (ms), 0.
 *   In order of desk, then kind; every desk seen that day has its own
 *   record.
 *
 * Only what a report of the whole hall needs: with --desk the days are
 * read from the events.
 *
 * The row's format is CACHE_FORMAT: the encoding and the rule the
 * figures were computed by. Format 1 had the encoding of format 2, but
 * timed a call still open at the day's end to the close; such rows are
 * read from the events, and the central writes them again (schema 5).
 * Format 2 had no desks: hourly and desks read every day's events (the
 * central writes its rows again as format 3, schema 9).
 */
#define CACHE_TICKET	44
#define CACHE_SAMPLE	12
#define CACHE_DESK	28
#define CACHE_RECALLS_MAX	0xffff

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

/* The records of desk d's day in r at p (NULL: only counted); how many. */
static size_t
cache_desk_records(const struct report *r, int d, uint8_t *p)
{
	const struct report_desk_time *dt = &r->desk_time[d];
	size_t n = 1;
	int k;

	if (p != NULL) {
		put16(p, d);
		put64(p + 4, dt->idle_ms);
		put64(p + 12, dt->paused_ms);
	}
	if (dt->first_quarter != 0) {
		if (p != NULL) {
			p += CACHE_DESK;
			put16(p, d);
			p[2] = 1;
			put64(p + 4, dt->first_quarter - 1);
			put64(p + 12, (int64_t)dt->open_quarters[0]);
			put64(p + 20, (int64_t)dt->open_quarters[1]);
		}
		n++;
	}
	for (k = 0; k < LETTERS; k++) {
		if (dt->recalls[k] == 0 && dt->serving_ms[k] == 0)
			continue;
		if (p != NULL) {
			p += CACHE_DESK;
			put16(p, d);
			p[2] = (uint8_t)('A' + k);
			put64(p + 4, dt->recalls[k] > CACHE_RECALLS_MAX ?
			    CACHE_RECALLS_MAX : dt->recalls[k]);
			put64(p + 12, dt->serving_ms[k]);
		}
		n++;
	}
	return n;
}

/* The desks' blob of r's day: the desks seen, before their day ends. */
static int
cache_encode_desks(const struct report *r, uint8_t **desks, size_t *dlen)
{
	uint8_t *p;
	size_t n = 0;
	int d;

	for (d = 1; d <= DESK_ID_MAX; d++)
		if (r->desk_time[d].seen)
			n += cache_desk_records(r, d, NULL);
	*dlen = n * CACHE_DESK;
	if ((*desks = calloc(1, *dlen + 1)) == NULL) {
		log_warn("report cache");
		return -1;
	}
	for (d = 1, p = *desks; d <= DESK_ID_MAX; d++)
		if (r->desk_time[d].seen)
			p += cache_desk_records(r, d, p) * CACHE_DESK;
	return 0;
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
		p[18] = t->priority != 0;
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

/*
 * The bounds of a decoded row: what the figures index arrays with
 * (letters, outcomes, desks, numbers) and what they subtract or pack
 * (times: KEY() in figures.c takes service times of +-17 years).
 */
#define CACHE_TICKETS_MAX	(LETTERS * NUMBERS)
#define CACHE_DESKS_MAX		(DESK_ID_MAX * (LETTERS + 1))
#define CACHE_SAMPLES_MAX	(1 << 24)
#define CACHE_TIME_MAX		(INT64_C(1) << 50)	/* year 37648 */
#define CACHE_SPAN_MAX		((INT64_C(1) << 39) - 1)

static int
cache_letter(int c)
{
	return c >= 'A' && c < 'A' + LETTERS;
}

/* "YYYY-MM-DD" in form (the calendar is run.c's). */
static int
cache_day(const char *day)
{
	int i;

	if (memchr(day, '\0', 11) == NULL || strlen(day) != 10)
		return 0;
	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? day[i] != '-' :
		    day[i] < '0' || day[i] > '9')
			return 0;
	return 1;
}

static int
cache_time(int64_t ms)
{
	return ms == -1 || (ms >= 0 && ms < CACHE_TIME_MAX);
}

/* Which field of the ticket record at p is out of range, or NULL. */
static const char *
cache_ticket_bad(const uint8_t *p)
{
	if (!cache_letter(p[0]))
		return "service";
	if (!cache_letter(p[1]))
		return "queue";
	if (p[2] > OUTCOME_UNSERVED)
		return "outcome";
	if (get16(p + 4) > TICKET_NUMBER_MAX)
		return "number";
	if (get16(p + 6) > DESK_ID_MAX)
		return "desk";
	if (get16(p + 8) > DESK_ID_MAX)
		return "end desk";
	if (p[18] > 1)
		return "priority";
	if (!cache_time(get64(p + 20)))
		return "issue time";
	if (!cache_time(get64(p + 28)))
		return "first call time";
	if (!cache_time(get64(p + 36)))
		return "end time";
	return NULL;
}

/*
 * The same for the desk record at p; prev is the record before it (NULL
 * for the first): desks in order, each with its own record first, then
 * its letters in order.
 */
static const char *
cache_desk_bad(const uint8_t *p, const uint8_t *prev)
{
	int desk = get16(p), kind = p[2];
	int64_t a = get64(p + 4), b = get64(p + 12), c = get64(p + 20);

	if (desk < 1 || desk > DESK_ID_MAX)
		return "desk";
	if (kind > 1 && !cache_letter(kind))
		return "kind";
	if (kind == 0 ? prev != NULL && get16(prev) >= desk :
	    prev == NULL || get16(prev) != desk || prev[2] >= kind)
		return "order";
	switch (kind) {
	case 0:
		if (a < 0 || a > CACHE_SPAN_MAX)
			return "idle time";
		if (b < 0 || b > CACHE_SPAN_MAX)
			return "paused time";
		break;
	case 1:
		if (a < 0 || a > CACHE_TIME_MAX / REPORT_QUARTER_MS)
			return "first quarter hour";
		if (c < 0 || c >= INT64_C(1) << (REPORT_QUARTERS - 64) ||
		    (b == 0 && c == 0))
			return "quarter hours open";
		return NULL;
	default:
		if (a < 0 || a > CACHE_RECALLS_MAX)
			return "number of recalls";
		if (b < 0 || b > CACHE_SPAN_MAX)
			return "serving time";
		break;
	}
	return c != 0 ? "record end" : NULL;
}

/* The same for the service time record at p. */
static const char *
cache_sample_bad(const uint8_t *p)
{
	int64_t ms = get64(p + 4);

	if (!cache_letter(p[0]))
		return "service";
	if (get16(p + 2) > DESK_ID_MAX)
		return "desk";
	if (ms < -CACHE_SPAN_MAX || ms > CACHE_SPAN_MAX)
		return "service time";
	return NULL;
}

int
report_cache_valid(const struct store_cache_day *d, char *why,
    size_t whylen)
{
	const uint8_t *p;
	const char *bad;
	size_t i;

	if (!cache_day(d->day)) {
		snprintf(why, whylen, "a row of the report cache has no "
		    "valid day");
		return -1;
	}
	if (d->events < 0) {
		snprintf(why, whylen, "the report cache of %s is damaged: it "
		    "counts %lld events", d->day, (long long)d->events);
		return -1;
	}
	if (d->tickets_len % CACHE_TICKET != 0 ||
	    d->samples_len % CACHE_SAMPLE != 0 ||
	    d->desks_len % CACHE_DESK != 0 ||
	    (d->tickets_len > 0 && d->tickets == NULL) ||
	    (d->samples_len > 0 && d->samples == NULL) ||
	    (d->desks_len > 0 && d->desks == NULL)) {
		snprintf(why, whylen, "the report cache of %s is damaged: cut "
		    "inside a record (%zu, %zu and %zu bytes)", d->day,
		    d->tickets_len, d->samples_len, d->desks_len);
		return -1;
	}
	if (d->tickets_len / CACHE_TICKET > CACHE_TICKETS_MAX ||
	    d->samples_len / CACHE_SAMPLE > CACHE_SAMPLES_MAX ||
	    d->desks_len / CACHE_DESK > CACHE_DESKS_MAX) {
		snprintf(why, whylen, "the report cache of %s is damaged: too "
		    "many records (%zu, %zu and %zu bytes)", d->day,
		    d->tickets_len, d->samples_len, d->desks_len);
		return -1;
	}
	for (i = 0, p = d->tickets; i < d->tickets_len / CACHE_TICKET;
	    i++, p += CACHE_TICKET)
		if ((bad = cache_ticket_bad(p)) != NULL) {
			snprintf(why, whylen, "the report cache of %s is "
			    "damaged: ticket %zu has an impossible %s", d->day,
			    i + 1, bad);
			return -1;
		}
	for (i = 0, p = d->samples; i < d->samples_len / CACHE_SAMPLE;
	    i++, p += CACHE_SAMPLE)
		if ((bad = cache_sample_bad(p)) != NULL) {
			snprintf(why, whylen, "the report cache of %s is "
			    "damaged: service time %zu has an impossible %s",
			    d->day, i + 1, bad);
			return -1;
		}
	for (i = 0, p = d->desks; i < d->desks_len / CACHE_DESK;
	    i++, p += CACHE_DESK)
		if ((bad = cache_desk_bad(p, i > 0 ? p - CACHE_DESK :
		    NULL)) != NULL) {
			snprintf(why, whylen, "the report cache of %s is "
			    "damaged: desk record %zu has an impossible %s",
			    d->day, i + 1, bad);
			return -1;
		}
	return 0;
}

/* A desk's quarter hours open into its half hours open, in this time
 * zone; once per quarter hour of the slot. */
static void
cache_open_slots(struct report *r, struct report_desk_time *dt,
    int64_t first, uint64_t lo, uint64_t hi)
{
	uint64_t bits;
	int i;

	for (i = 0; i < REPORT_QUARTERS; i++) {
		bits = i < 64 ? lo >> i : hi >> (i - 64);
		if (bits & 1)
			dt->open_slots |= UINT64_C(1) << report_slot(r,
			    (first + i) * REPORT_QUARTER_MS, NULL);
	}
}

/* A cached day into r, as if its events had been fed; the row is
 * checked first (report_cache_valid(), its reason logged). */
int
report_cache_decode(struct report *r, const struct store_cache_day *d)
{
	const uint8_t *p;
	struct report_ticket *t;
	struct report_sample *m;
	struct report_desk_time *dt;
	char why[160];
	int i, nt, ns;

	if (report_cache_valid(d, why, sizeof(why)) == -1) {
		log_warnx("%s", why);
		return -1;
	}
	nt = (int)(d->tickets_len / CACHE_TICKET);
	ns = (int)(d->samples_len / CACHE_SAMPLE);
	if (r->ntickets > INT_MAX - nt || r->nsamples > INT_MAX - ns) {
		log_warnx("report cache of %s: too many tickets", d->day);
		return -1;
	}
	/* Nothing to grow for an empty blob (the arrays may still be NULL,
	 * which report_grow() would return). */
	if (nt > 0) {
		if ((t = report_grow(r->tickets, &r->tickets_cap,
		    r->ntickets + nt, sizeof(*t))) == NULL)
			return -1;
		r->tickets = t;
	}
	if (ns > 0) {
		if ((m = report_grow(r->samples, &r->samples_cap,
		    r->nsamples + ns, sizeof(*m))) == NULL)
			return -1;
		r->samples = m;
	}
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
		t->priority = p[18];
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
	/* The desks' day as desk_event() leaves it at a day's last event;
	 * the next day's start (or report_finish()) counts their half hours
	 * open, as for a day fed from the events. Not for a report without
	 * hourly and desks (a summary), as report_feed() does. */
	for (i = 0, p = d->desks; (r->q.skip & REPORT_ALL) != REPORT_ALL &&
	    i < (int)(d->desks_len / CACHE_DESK); i++, p += CACHE_DESK) {
		dt = &r->desk_time[get16(p)];
		if (p[2] == 0) {
			dt->seen = 1;
			dt->idle_ms += get64(p + 4);
			dt->paused_ms += get64(p + 12);
		} else if (p[2] == 1) {
			cache_open_slots(r, dt, get64(p + 4), (uint64_t)
			    get64(p + 12), (uint64_t)get64(p + 20));
		} else {
			dt->recalls[p[2] - 'A'] += (int)get64(p + 4);
			dt->serving_ms[p[2] - 'A'] += get64(p + 12);
		}
	}
	/* The next day fed from the events must not see these tickets. */
	r->day_first = r->ntickets;
	return 0;
}

/*
 * The pages of a new array of len bytes at p, mapped in one call rather
 * than one fault each as it is written (a year's tickets are 100 MB:
 * 25,000 faults, each costly in a virtual machine). Only a hint: an
 * older kernel says no and the pages come as they are written.
 */
static void
prefault(void *p, size_t len)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t b = ((uintptr_t)p + len) & ~(page - 1);

#ifdef MADV_POPULATE_WRITE
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_POPULATE_WRITE);
#endif
}

/* Room in r for the tickets and service times of the cached days
 * from..to: read once, the arrays are not copied as they grow (a month
 * is 100,000 tickets). */
int
report_cache_reserve(struct report *r, struct store *s, const char *from,
    const char *to)
{
	int64_t tlen, slen, nt, ns;
	void *n;

	if (store_cache_size(s, from, to, CACHE_FORMAT, &tlen, &slen) == -1)
		return -1;
	nt = r->ntickets + tlen / CACHE_TICKET;
	ns = r->nsamples + slen / CACHE_SAMPLE;
	if (nt > INT_MAX / 2 || ns > INT_MAX / 2)
		return 0;	/* decoding will say */
	if (nt > r->tickets_cap) {
		if ((n = reallocarray(r->tickets, nt, sizeof(*r->tickets))) ==
		    NULL) {
			log_warn("report");
			return -1;
		}
		r->tickets = n;
		r->tickets_cap = (int)nt;
		prefault(n, (size_t)nt * sizeof(*r->tickets));
	}
	if (ns > r->samples_cap) {
		if ((n = reallocarray(r->samples, ns, sizeof(*r->samples))) ==
		    NULL) {
			log_warn("report");
			return -1;
		}
		r->samples = n;
		r->samples_cap = (int)ns;
		prefault(n, (size_t)ns * sizeof(*r->samples));
	}
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
	memset(r->desk_time, 0, (DESK_ID_MAX + 1) * sizeof(*r->desk_time));
	memset(r->slot_desk_days, 0, sizeof(r->slot_desk_days));
	snprintf(r->q.from, sizeof(r->q.from), "%s", day);
	snprintf(r->q.to, sizeof(r->q.to), "%s", day);
}

/*
 * A day's cache row computed from its events, with r (report_init()
 * done for the whole hall) used again from day to day: its tables are
 * a megabyte that would be set up 300 times for a year. Free the blobs
 * after.
 */
static int
cache_compute(struct store *s, struct report *r, const char *day,
    struct store_cache_day *d)
{
	struct day_count dc = { r, 0 };
	uint8_t *t, *m, *k;

	memset(d, 0, sizeof(*d));
	report_reuse(r, day);
	if (store_replay(s, day, count_cb, &dc) == -1 || r->failed)
		return -1;
	if (cache_encode(r, &t, &d->tickets_len, &m, &d->samples_len) == -1)
		return -1;
	if (cache_encode_desks(r, &k, &d->desks_len) == -1) {
		free(t);
		free(m);
		return -1;
	}
	snprintf(d->day, sizeof(d->day), "%s", day);
	d->format = CACHE_FORMAT;
	d->events = dc.events;
	d->tickets = t;
	d->samples = m;
	d->desks = k;
	return 0;
}

/* The report cache_compute() works in. */
static int
cache_report(struct report *r)
{
	struct report_query q;

	/* Every figure of the day, the desks' too; hourly and desks are
	 * made by report_finish(), never called here. */
	memset(&q, 0, sizeof(q));
	return report_init(r, &q);
}

static void
cache_day_free(struct store_cache_day *d)
{
	free((void *)d->tickets);
	free((void *)d->samples);
	free((void *)d->desks);
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
	char		 why[160];
	char		 why_bad[160];
};

static int
check_cb(void *arg, const struct store_cache_day *d)
{
	struct cache_check *c = arg;
	struct store_cache_day now;
	int same;

	if (d->format != CACHE_FORMAT)
		return 0;	/* not used by this program */
	if (report_cache_valid(d, c->why_bad, sizeof(c->why_bad)) == -1) {
		c->days++;
		if (!c->bad) {
			c->bad = 1;
			snprintf(c->why, sizeof(c->why), "%s", c->why_bad);
		}
		return 0;
	}
	if (cache_compute(c->s, &c->r, d->day, &now) == -1)
		return -1;
	same = now.events == d->events &&
	    now.tickets_len == d->tickets_len &&
	    now.samples_len == d->samples_len &&
	    now.desks_len == d->desks_len &&
	    memcmp(now.tickets, d->tickets, d->tickets_len) == 0 &&
	    memcmp(now.samples, d->samples, d->samples_len) == 0 &&
	    (d->desks_len == 0 ||
	    memcmp(now.desks, d->desks, d->desks_len) == 0);
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
