/*
 * estimate-log.c - the wait estimator's history, read from the log when
 * the central starts a service day: the earlier days replayed through a
 * scratch engine, so that the estimator sees them as it saw today.
 */
#include "estimate-log.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "log.h"

struct history {
	struct estimate		*e;
	const struct queue_conf	*c;
	struct queue		 q;
	bool			 have_q;
	int			 days;
};

static int
history_event(void *arg, const struct event *ev)
{
	struct history *h = arg;

	if (!h->have_q || strcmp(h->q.day, ev->day) != 0) {
		if (h->have_q)
			queue_free(&h->q);
		if (queue_init(&h->q, h->c, ev->day) == -1) {
			h->have_q = false;
			return -1;
		}
		h->have_q = true;
		estimate_day(h->e, ev->day);
		h->days++;
	}
	/* An event that does not fit was logged when the day ran. */
	if (queue_apply(&h->q, ev) != 0)
		return 0;
	estimate_event(h->e, &h->q, ev);
	return 0;
}

/* The service day n days before day ("YYYY-MM-DD"). */
static void
day_before(const char *day, int n, char out[11])
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) !=
	    3) {
		snprintf(out, 11, "%s", day);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	t = timegm(&tm) - (time_t)n * 86400;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

int
estimate_load(struct estimate *e, struct store *s,
    const struct queue_conf *c, const char *day)
{
	struct history h;
	char from[11], to[11];
	int64_t t0 = mono_ms();
	int rc;

	estimate_init(e, c);
	memset(&h, 0, sizeof(h));
	h.e = e;
	h.c = c;
	day_before(day, ESTIMATE_HISTORY_DAYS, from);
	day_before(day, 1, to);
	rc = store_replay_range(s, from, to, history_event, &h);
	if (h.have_q)
		queue_free(&h.q);
	estimate_day(e, day);
	if (rc == -1)
		log_warnx("wait estimate: earlier days not read: %s; the "
		    "estimate goes by today alone", store_error(s));
	else
		log_debug("wait estimate: %d earlier day(s) read in %lld ms",
		    h.days, (long long)(mono_ms() - t0));
	return rc;
}
