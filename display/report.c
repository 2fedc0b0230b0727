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

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "store.h"

#define LETTERS		26
#define NUMBERS		(TICKET_NUMBER_MAX + 1)

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
	    (r->open = calloc(DESK_ID_MAX + 1, sizeof(*r->open))) == NULL) {
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
	free(r->lookup);
	free(r->open);
	memset(r, 0, sizeof(*r));
}

/* A new service day: numbers start again, calls still open are lost. */
static void
report_new_day(struct report *r, const char *day)
{
	struct report_ticket *t;
	int i;

	for (i = r->day_first; i < r->ntickets; i++) {
		t = &r->tickets[i];
		r->lookup[(t->service - 'A') * NUMBERS + t->number] = -1;
	}
	for (i = 0; i <= DESK_ID_MAX; i++)
		r->open[i].ticket = -1;
	r->day_first = r->ntickets;
	snprintf(r->day, sizeof(r->day), "%s", day);
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
	if (r->ntickets == r->tickets_cap) {
		r->tickets_cap = r->tickets_cap ? r->tickets_cap * 2 : 256;
		if ((n = reallocarray(r->tickets, r->tickets_cap,
		    sizeof(*n))) == NULL) {
			log_warn("report");
			return -1;
		}
		r->tickets = n;
	}
	t = &r->tickets[r->ntickets];
	memset(t, 0, sizeof(*t));
	snprintf(t->day, sizeof(t->day), "%s", ev->day);
	t->service = ev->ticket.service;
	t->number = ev->ticket.number;
	t->issued_ms = t->called_ms = t->ended_ms = -1;
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
	if (r->nsamples == r->samples_cap) {
		r->samples_cap = r->samples_cap ? r->samples_cap * 2 : 256;
		if ((n = reallocarray(r->samples, r->samples_cap,
		    sizeof(*n))) == NULL) {
			log_warn("report");
			return -1;
		}
		r->samples = n;
	}
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
		if (desk != 0 && desk == r->q.desk)
			t->at_desk = 1;
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

int64_t
report_percentile(const int64_t *sorted, int n, int p)
{
	int rank;

	if (n <= 0)
		return -1;
	rank = (p * n + 99) / 100;	/* ceil(p * n / 100) */
	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
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
	qsort(buf, n, sizeof(*buf), cmp_ms);
	row->waits = n;
	row->wait_median = report_percentile(buf, n, 50);
	row->wait_p90 = report_percentile(buf, n, 90);
	row->wait_max = n > 0 ? buf[n - 1] : -1;

	n = 0;
	for (i = 0; i < r->nsamples; i++) {
		s = &r->samples[i];
		if ((letter == 0 || s->service == letter) &&
		    (desk == 0 || s->desk == desk))
			buf[n++] = s->ms;
	}
	qsort(buf, n, sizeof(*buf), cmp_ms);
	row->services = n;
	row->service_median = report_percentile(buf, n, 50);
	row->service_p90 = report_percentile(buf, n, 90);

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
	return 0;
}

static int
feed_cb(void *arg, const struct event *ev)
{
	return report_feed(arg, ev);
}

int
report_run(struct report *r, struct store *s, const struct report_query *q,
    const struct queue_conf *services)
{
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
	if (store_replay_range(s, q->from, q->to, feed_cb, r) == -1)
		goto out;
	ret = 0;
out:
	store_read_end(s);
	if (ret == 0)
		ret = report_finish(r, services);
	return ret;
}
