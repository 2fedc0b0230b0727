/* cache.c - the report cache: a closed day's row, written and checked */
#include "report-int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "store.h"

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
int
report_cache_decode(struct report *r, const struct store_cache_day *d)
{
	const uint8_t *p;
	struct report_ticket *t;
	struct report_sample *m;
	int i, nt, ns;

	nt = (int)(d->tickets_len / CACHE_TICKET);
	ns = (int)(d->samples_len / CACHE_SAMPLE);
	if ((t = report_grow(r->tickets, &r->tickets_cap, r->ntickets + nt,
	    sizeof(*t))) == NULL)
		return -1;
	r->tickets = t;
	if ((m = report_grow(r->samples, &r->samples_cap, r->nsamples + ns,
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
