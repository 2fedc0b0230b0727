/*
 * web-today.c - today's figures from the event log for "Hari ini"
 * (web-today.h).
 *
 * The log is read as antre-report reads it: opened read-only, one read
 * transaction (report_run), which in WAL mode never blocks the
 * central's writer; served and no-shows are the report's summary of the
 * day, so the page and `antre-report summary` always agree. The caller
 * decides when to read (at most once a second, only while someone
 * looks); the log's last row says whether anything is new at all, so an
 * unchanged log costs one indexed lookup.
 */
#include "web-today.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "report.h"
#include "store.h"

const struct web_today_service *
web_today_service(const struct web_today *t, char service)
{
	int i;

	for (i = 0; i < t->nservices; i++)
		if (t->services[i].service == service)
			return &t->services[i];
	return NULL;
}

static struct web_today_service *
service_get(struct web_today *t, char service)
{
	struct web_today_service *ts;
	int i;

	for (i = 0; i < t->nservices; i++)
		if (t->services[i].service == service)
			return &t->services[i];
	if (t->nservices == BOARD_MAX_SERVICES || service < 'A' ||
	    service > 'Z')
		return NULL;
	ts = &t->services[t->nservices++];
	memset(ts, 0, sizeof(*ts));
	ts->service = service;
	ts->oldest_ms = -1;
	return ts;
}

/*
 * A ticket waits now when its last outcome is open (report.h: called,
 * or back in a queue after a no-show's requeue or a transfer, or never
 * called) and no desk has it: it waits in the queue it was last sent
 * to, since it was issued.
 */
static void
waiting_tickets(struct web_today *t, const struct report *r)
{
	const struct report_ticket *rt;
	struct web_today_service *ts;
	char *at_desk;
	int i;

	/* Tickets at desks: the report's calls still open. */
	if ((at_desk = calloc(r->ntickets + 1, 1)) == NULL) {
		log_warn("today");
		return;
	}
	for (i = 1; i <= DESK_ID_MAX; i++)
		if (r->open[i].ticket >= 0 && r->open[i].ticket < r->ntickets)
			at_desk[r->open[i].ticket] = 1;
	for (i = 0; i < r->ntickets; i++) {
		rt = &r->tickets[i];
		if (rt->outcome != OUTCOME_OPEN || at_desk[i])
			continue;
		if ((ts = service_get(t, rt->queue)) == NULL)
			continue;
		ts->waiting++;
		if (rt->issued_ms >= 0 && (ts->oldest_ms < 0 ||
		    rt->issued_ms < ts->oldest_ms))
			ts->oldest_ms = rt->issued_ms;
	}
	free(at_desk);
}

int
web_today_read(struct web_today *t, const char *path, const char *day,
    const struct queue_conf *services)
{
	struct report_query q;
	struct store_head head;
	struct web_today n;
	struct report r;
	struct store *s;
	const struct report_row *row;
	struct web_today_service *ts;
	int i, ret = -1;

	if ((s = store_open_readonly(path)) == NULL)
		return -1;
	if (store_head(s, &head) == -1) {
		log_warnx("today: %s: %s", path, store_error(s));
		goto out;
	}
	if (t->ok && head.seq == t->seq && strcmp(day, t->day) == 0) {
		ret = 0;
		goto out;
	}
	memset(&q, 0, sizeof(q));
	snprintf(q.from, sizeof(q.from), "%s", day);
	snprintf(q.to, sizeof(q.to), "%s", day);
	q.skip = REPORT_ALL;
	if (report_run(&r, s, &q, services) == -1) {
		log_warnx("today: %s: the day %s could not be read", path, day);
		goto out;
	}
	memset(&n, 0, sizeof(n));
	n.ok = true;
	snprintf(n.day, sizeof(n.day), "%s", day);
	n.seq = head.seq;
	for (i = 0; i < r.nrows; i++) {
		row = &r.rows[i];
		if (row->service == 0) {
			n.served = row->served;
			n.noshow = row->noshow;
		} else if ((ts = service_get(&n, row->service)) != NULL) {
			ts->served = row->served;
			ts->noshow = row->noshow;
		}
	}
	waiting_tickets(&n, &r);
	report_free(&r);
	*t = n;
	ret = 1;
out:
	store_close(s);
	return ret;
}
