/* figures.c - the tables of a fed report: summary rows, hourly, desks */
#include "report-int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

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

	/* Priority tickets on their own: how many, and their waits. */
	n = 0;
	for (i = 0; i < r->ntickets; i++) {
		t = &r->tickets[i];
		if ((letter != 0 && t->service != letter) || !t->priority ||
		    (desk != 0 && !(t->at_desk & 1)))
			continue;
		row->priority++;
		if (t->called_ms >= 0 && t->issued_ms >= 0 &&
		    (desk == 0 || t->desk == desk))
			buf[n++] = t->called_ms - t->issued_ms;
	}
	row->priority_waits = n;
	report_percentiles(buf, n, &row->priority_wait_median,
	    &row->priority_wait_p90, NULL);

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
		row->issued = row->unserved = row->priority = -1;
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
			arrivals[report_slot(r, t->issued_ms, NULL)]
			    [t->service - 'A']++;
		called = r->q.desk != 0 ? t->desk_called_ms : t->called_ms;
		if (called >= 0)
			calls[report_slot(r, called, NULL)][t->service - 'A']++;
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
	report_desks_end_day(r);
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
