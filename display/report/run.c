/* run.c - a report over the log: each day from the cache or its events */
/*
 * The days asked for are replayed as one span of the log
 * (store_replay_range: two lookups in events_day, then the table in
 * order), inside one read transaction, so a report taken while the
 * central writes sees one consistent snapshot.
 */
#include "report-int.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "store.h"

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

static int
feed_cb(void *arg, const struct event *ev)
{
	return report_feed(arg, ev);
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
	char before[11], why[160];

	if (d->format != CACHE_FORMAT)
		return 0;	/* read from the events */
	/* A damaged row is skipped: its day comes from the events, with
	 * the next cached day's span or the rest of the range. */
	if (report_parse_day(d->day) == -1)
		snprintf(why, sizeof(why), "the report cache has a row of a "
		    "day that is not a date");
	if (report_parse_day(d->day) == -1 ||
	    report_cache_valid(d, why, sizeof(why)) == -1) {
		log_warnx("%s: read from the events instead (antre-report "
		    "verify checks the cache)", why);
		return 0;
	}
	day_step(d->day, -1, before);
	if (strcmp(c->next, before) <= 0 && store_replay_range(c->s,
	    c->next, before, feed_cb, c->r) == -1)
		return -1;
	if (report_cache_decode(c->r, d) == -1)
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
	if (q->desk == 0 && !(q->skip & REPORT_NO_CACHE) &&
	    (report_cache_reserve(r, s, q->from, q->to) == -1 ||
	    store_cache_read(s, q->from, q->to, run_cb, &c) == -1))
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
