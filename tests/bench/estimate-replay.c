/*
 * estimate-replay - a log's days replayed through the wait estimator as
 * the central runs it, and how good its estimates were.
 *
 *	estimate-replay NAME DB SERVICES DESKS [FROM TO]
 *	estimate-replay NAME --fixture DB
 *
 * SERVICES are the kiosk services' letters ("ABCDE"), DESKS each desk's
 * services in the order of the desk ids, comma-separated ("AB,BA,CA");
 * --fixture writes antre-report's two-day fixture log (report-fixture.h)
 * into DB and replays it with its services. Every day from FROM to TO
 * (default: the log's) starts as the central starts one, with
 * estimate_load() reading the earlier days; its events then go through
 * the engine and the estimator, and each "issued" event gets the
 * estimate central_take() would have given (the tickets waiting in its
 * queue ahead of it). The real waits are the events' own; the figures
 * are antre-report estimate's (report-estimate.h).
 *
 * $ESTIMATE_DUMP names a CSV file for every ticket measured: day,
 * service, issue time (ms), ahead, lo, hi, real wait (ms; -1 not called).
 *
 * stdout: antre-report estimate's table, then
 *	BENCH estimate_NAME_mae_min	the median error, minutes
 *	BENCH estimate_NAME_inside_pct	the share of the called inside
 *	BENCH estimate_NAME_tickets	tickets measured
 *	BENCH estimate_NAME_take_us	one estimate_take(), microseconds
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "estimate-log.h"
#include "log.h"
#include "report-estimate.h"
#include "report-fixture.h"
#include "store.h"

struct issued {
	int64_t	issued_ms;
	int64_t	called_ms;
	int	lo, hi;		/* -1: no estimate */
	int	ahead;
};

struct replay {
	struct estimate		 e;
	struct queue		 q;
	const struct queue_conf	*c;
	struct issued		*t;	/* letter * NUMBERS + number */
	struct estimate_sample	*a;
	int			 n, cap, none;
	int64_t			 take_ns, takes;
	FILE			*dump;	/* $ESTIMATE_DUMP: every sample */
};

#define NUMBERS	(TICKET_NUMBER_MAX + 1)

static struct issued *
slot(struct replay *r, const struct ticket *t)
{
	if (t->service < 'A' || t->service > 'Z' || t->number < 1 ||
	    t->number > TICKET_NUMBER_MAX)
		return NULL;
	return &r->t[(t->service - 'A') * NUMBERS + t->number];
}

static int
replay_event(void *arg, const struct event *ev)
{
	struct replay *r = arg;
	struct issued *it = slot(r, &ev->ticket);
	int64_t t0;
	int ahead;

	if (ev->kind == EV_ISSUED && it != NULL) {
		/* As central_take(): before the ticket is issued. */
		ahead = queue_waiting(&r->q, ev->ticket.service);
		it->issued_ms = ev->time_ms;
		it->called_ms = -1;
		it->lo = it->hi = -1;
		it->ahead = ahead;
		t0 = mono_ns();
		estimate_take(&r->e, ev->ticket.service, ahead, ev->time_ms,
		    &it->lo, &it->hi);
		r->take_ns += mono_ns() - t0;
		r->takes++;
	}
	if (ev->kind == EV_CALLED && it != NULL && it->issued_ms >= 0 &&
	    it->called_ms < 0)
		it->called_ms = ev->time_ms;
	if (queue_apply(&r->q, ev) != 0)
		return 0;
	estimate_event(&r->e, &r->q, ev);
	return 0;
}

static int
replay_day(struct replay *r, struct store *s, const char *day)
{
	struct estimate_sample *sm;
	struct issued *it;
	int i;

	for (i = 0; i < 26 * NUMBERS; i++)
		r->t[i].issued_ms = -1;
	if (estimate_load(&r->e, s, r->c, day) == -1 ||
	    queue_init(&r->q, r->c, day) == -1)
		return -1;
	if (store_replay(s, day, replay_event, r) == -1)
		return -1;
	queue_free(&r->q);
	for (i = 0; i < 26 * NUMBERS; i++) {
		it = &r->t[i];
		if (it->issued_ms < 0)
			continue;
		if (it->lo < 0) {
			r->none++;
			continue;
		}
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 1024;
			if ((sm = reallocarray(r->a, (size_t)r->cap,
			    sizeof(*sm))) == NULL)
				return -1;
			r->a = sm;
		}
		if (r->dump != NULL)
			fprintf(r->dump, "%s,%c,%lld,%d,%d,%d,%lld\n", day,
			    'A' + i / NUMBERS, (long long)it->issued_ms,
			    it->ahead, it->lo, it->hi, (long long)(it->called_ms
			    >= 0 ? it->called_ms - it->issued_ms : -1));
		sm = &r->a[r->n++];
		sm->service = (char)('A' + i / NUMBERS);
		sm->wait_ms = it->called_ms >= 0 ? it->called_ms -
		    it->issued_ms : -1;
		sm->lo = it->lo;
		sm->hi = it->hi;
	}
	return 0;
}

static void
conf_from(struct queue_conf *c, const char *services, const char *desks)
{
	const char *p;
	size_t len;
	int i;

	memset(c, 0, sizeof(*c));
	for (i = 0; services[i] != '\0' && i < QUEUE_MAX_SERVICES; i++) {
		c->services[i].letter = services[i];
		snprintf(c->services[i].name, sizeof(c->services[i].name),
		    "%c", services[i]);
		c->services[i].source = SOURCE_KIOSK;
	}
	c->nservices = i;
	for (p = desks; *p != '\0' && c->ndesks < QUEUE_MAX_DESKS; ) {
		len = strcspn(p, ",");
		c->desks[c->ndesks].id = c->ndesks + 1;
		snprintf(c->desks[c->ndesks].services,
		    sizeof(c->desks[c->ndesks].services), "%.*s", (int)len, p);
		c->ndesks++;
		p += len;
		if (*p == ',')
			p++;
	}
	c->board_calls = 6;
	c->max_recalls = 3;
	c->day_start_min = 4 * 60;
}

int
main(int argc, char **argv)
{
	static struct replay r;
	static struct queue_conf conf;
	struct estimate_report er;
	const struct estimate_row *tot;
	struct store *s;
	const char *name, *db;
	char from[11], to[11], day[11], next[11];
	int days = 0;

	log_init("estimate-replay", 0);
	if (argc == 4 && strcmp(argv[2], "--fixture") == 0) {
		name = argv[1];
		db = argv[3];
		if (fixture_write(db) == -1)
			fatalx("%s: fixture not written", db);
		r.c = &fixture_services;
	} else if (argc == 5 || argc == 7) {
		name = argv[1];
		db = argv[2];
		conf_from(&conf, argv[3], argv[4]);
		r.c = &conf;
	} else {
		fprintf(stderr, "usage: estimate-replay NAME DB SERVICES DESKS "
		    "[FROM TO]\n       estimate-replay NAME --fixture DB\n");
		return 2;
	}
	if ((s = store_open_readonly(db)) == NULL)
		fatalx("%s: cannot read", db);
	if (store_day_span(s, from, to) != 1)
		fatalx("%s: empty log", db);
	if (argc == 7) {
		snprintf(from, sizeof(from), "%s", argv[5]);
		snprintf(to, sizeof(to), "%s", argv[6]);
	}
	if (getenv("ESTIMATE_DUMP") != NULL &&
	    (r.dump = fopen(getenv("ESTIMATE_DUMP"), "w")) == NULL)
		fatal("%s", getenv("ESTIMATE_DUMP"));
	if ((r.t = calloc(26 * NUMBERS, sizeof(*r.t))) == NULL)
		fatal("calloc");
	for (snprintf(day, sizeof(day), "%s", from); strcmp(day, to) <= 0;
	    memcpy(day, next, sizeof(day))) {
		if (replay_day(&r, s, day) == -1)
			fatalx("%s: %s", day, store_error(s));
		days++;
		queue_day_after(day, next);
	}
	memset(&er, 0, sizeof(er));
	snprintf(er.q.from, sizeof(er.q.from), "%s", from);
	snprintf(er.q.to, sizeof(er.q.to), "%s", to);
	if (estimate_rows(&er, r.a, r.n, r.c) == -1)
		fatalx("estimate rows");
	printf("%s: %d day(s) %s .. %s, %d ticket(s) without an estimate\n",
	    db, days, from, to, r.none);
	estimate_print(stdout, &er, FORMAT_TABLE, ',');
	tot = &er.rows[er.nrows - 1];
	printf("BENCH estimate_%s_mae_min %.2f min\n", name,
	    tot->error_median < 0 ? -1.0 : tot->error_median / 60000.0);
	printf("BENCH estimate_%s_inside_pct %.1f %%\n", name,
	    estimate_inside_pct(tot));
	printf("BENCH estimate_%s_tickets %d tickets\n", name, tot->called);
	printf("BENCH estimate_%s_take_us %.2f us\n", name, r.takes > 0 ?
	    (double)r.take_ns / (double)r.takes / 1000.0 : 0.0);
	estimate_report_free(&er);
	store_close(s);
	free(r.t);
	free(r.a);
	return 0;
}
