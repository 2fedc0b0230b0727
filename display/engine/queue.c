/*
 * queue.c - the queue engine. See queue.h.
 *
 * Tickets of the day live in one array; each service keeps the indices of
 * its waiting tickets in calling order (requeued no-shows first, then by
 * arrival) and a number -> index table. A roll service (pre-printed
 * tickets) has no list of arrivals: when nothing of it waits explicitly,
 * its next number is simply the one after the last.
 */
#include "queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const event_kinds[EV__COUNT] = {
	[EV_ISSUED] = "issued",
	[EV_CALLED] = "called",
	[EV_RECALLED] = "recalled",
	[EV_SERVED] = "served",
	[EV_NOSHOW] = "noshow",
	[EV_REQUEUED] = "requeued",
	[EV_TRANSFERRED] = "transferred",
	[EV_PAUSED] = "paused",
	[EV_RESUMED] = "resumed",
	[EV_CLOSED] = "closed",
	[EV_UNSERVED] = "unserved",
	[EV_DAY_CLOSED] = "day_closed",
	[EV_SETTING] = "setting",
};

const char *
event_kind_name(enum event_kind k)
{
	return (unsigned)k < EV__COUNT ? event_kinds[k] : "?";
}

int
event_kind_parse(const char *s, enum event_kind *k)
{
	int i;

	for (i = 0; i < EV__COUNT; i++) {
		if (strcmp(s, event_kinds[i]) == 0) {
			*k = i;
			return 0;
		}
	}
	return -1;
}

int
queue_init(struct queue *q, const struct queue_conf *c, const char *day)
{
	int i;

	memset(q, 0, sizeof(*q));
	q->conf = c;
	snprintf(q->day, sizeof(q->day), "%s", day);
	for (i = 0; i < QUEUE_MAX_DESKS; i++) {
		q->desks[i].status = DESK_IDLE;
		q->desks[i].current = -1;
	}
	/* The day's first priority ticket does not wait for normal
	 * calls. */
	for (i = 0; i < QUEUE_MAX_SERVICES; i++)
		q->services[i].since_priority = TICKET_NUMBER_MAX;
	return 0;
}

void
queue_free(struct queue *q)
{
	int i;

	for (i = 0; i < QUEUE_MAX_SERVICES; i++) {
		free(q->services[i].waiting);
		free(q->services[i].lookup);
	}
	free(q->tickets);
	memset(q->services, 0, sizeof(q->services));
	q->tickets = NULL;
	q->ntickets = q->tickets_cap = 0;
}

int
queue_desk_index(const struct queue *q, int desk)
{
	int i;

	for (i = 0; i < q->conf->ndesks; i++)
		if (q->conf->desks[i].id == desk)
			return i;
	return -1;
}

int
queue_service_index(const struct queue *q, char letter)
{
	int i;

	for (i = 0; i < q->conf->nservices; i++)
		if (q->conf->services[i].letter == letter)
			return i;
	return -1;
}

/* Index of a ticket of today, or -1. */
static int
ticket_find(const struct queue *q, const struct ticket *t)
{
	int si = queue_service_index(q, t->service);

	if (si < 0 || t->number < 1 || t->number > TICKET_NUMBER_MAX ||
	    q->services[si].lookup == NULL)
		return -1;
	return q->services[si].lookup[t->number];
}

static int
ticket_add(struct queue *q, const struct ticket *t, char queue,
    enum ticket_state st, int64_t arrival)
{
	struct queue_service *s;
	struct qticket *nt;
	int si, i, cap;

	if ((si = queue_service_index(q, t->service)) < 0 ||
	    t->number < 1 || t->number > TICKET_NUMBER_MAX)
		return -1;
	s = &q->services[si];
	if (s->lookup == NULL) {
		s->lookup = malloc((TICKET_NUMBER_MAX + 1) * sizeof(int));
		if (s->lookup == NULL)
			return -2;
		for (i = 0; i <= TICKET_NUMBER_MAX; i++)
			s->lookup[i] = -1;
	}
	if (s->lookup[t->number] != -1)
		return -1;	/* a number is issued once a day */
	if (q->ntickets == q->tickets_cap) {
		cap = q->tickets_cap ? q->tickets_cap * 2 : 256;
		if ((nt = realloc(q->tickets, cap * sizeof(*nt))) == NULL)
			return -2;
		q->tickets = nt;
		q->tickets_cap = cap;
	}
	q->tickets[q->ntickets] = (struct qticket){ .t = *t, .queue = queue,
	    .state = st, .arrival_ms = arrival };
	s->lookup[t->number] = q->ntickets;
	if (t->number > s->last_number)
		s->last_number = t->number;
	return q->ntickets++;
}

/* Puts ticket idx into the waiting list of its queue: at the head, or
 * after every ticket that arrived no later than it. */
static int
waiting_insert(struct queue *q, int idx, bool head)
{
	struct queue_service *s;
	int si, pos, cap, *nw;

	if ((si = queue_service_index(q, q->tickets[idx].queue)) < 0)
		return -1;
	s = &q->services[si];
	if (s->nwaiting == s->waiting_cap) {
		cap = s->waiting_cap ? s->waiting_cap * 2 : 64;
		if ((nw = realloc(s->waiting, cap * sizeof(*nw))) == NULL)
			return -2;
		s->waiting = nw;
		s->waiting_cap = cap;
	}
	pos = s->nwaiting;
	if (head)
		pos = 0;
	else
		while (pos > 0 && q->tickets[s->waiting[pos - 1]].arrival_ms >
		    q->tickets[idx].arrival_ms)
			pos--;
	memmove(&s->waiting[pos + 1], &s->waiting[pos],
	    (size_t)(s->nwaiting - pos) * sizeof(int));
	s->waiting[pos] = idx;
	s->nwaiting++;
	q->tickets[idx].state = TICKET_WAITING;
	return 0;
}

static int
waiting_remove(struct queue *q, int idx)
{
	struct queue_service *s;
	int si, i;

	if ((si = queue_service_index(q, q->tickets[idx].queue)) < 0)
		return -1;
	s = &q->services[si];
	for (i = 0; i < s->nwaiting; i++) {
		if (s->waiting[i] == idx) {
			memmove(&s->waiting[i], &s->waiting[i + 1],
			    (size_t)(s->nwaiting - i - 1) * sizeof(int));
			s->nwaiting--;
			return 0;
		}
	}
	return -1;
}

int
queue_waiting(const struct queue *q, char service)
{
	int si = queue_service_index(q, service);

	if (si < 0)
		return 0;
	if (q->conf->services[si].source == SOURCE_ROLL)
		return -1;
	return q->services[si].nwaiting;
}

struct ticket
queue_desk_ticket(const struct queue *q, int di)
{
	struct ticket none = { 0, 0, false };

	if (di < 0 || q->desks[di].current < 0)
		return none;
	return q->tickets[q->desks[di].current].t;
}

static void
event_fill(struct event *ev, const struct queue *q, enum event_kind kind,
    int desk, const struct ticket *t, const char *cmd_id, int64_t now)
{
	memset(ev, 0, sizeof(*ev));
	/* Time never goes backwards in the log, even when the wall clock
	 * is set back: a wait or a service time is never negative. */
	ev->time_ms = now > q->last_ms ? now : q->last_ms;
	memcpy(ev->day, q->day, sizeof(ev->day));
	ev->kind = kind;
	ev->desk = desk;
	if (t != NULL)
		ev->ticket = *t;
	if (cmd_id != NULL)
		snprintf(ev->cmd_id, sizeof(ev->cmd_id), "%s", cmd_id);
}

/* The next ticket for a desk: the first service in its priority order
 * with a ticket waiting (a priority one first, with the service's
 * fairness); a roll always has its next number. */
static int
queue_pick(const struct queue *q, const struct desk_conf *dc,
    struct ticket *t)
{
	const struct queue_service *s;
	const char *l;
	int si, p, n;

	for (l = dc->services; *l != '\0'; l++) {
		if ((si = queue_service_index(q, *l)) < 0)
			continue;
		s = &q->services[si];
		if (s->nwaiting > 0) {
			queue_waiting_heads(q, si, &p, &n, NULL, NULL);
			if (p >= 0 && (n < 0 || queue_priority_turn(q, si)))
				n = p;
			*t = q->tickets[s->waiting[n]].t;
			return 0;
		}
		if (q->conf->services[si].source == SOURCE_ROLL &&
		    s->last_number < TICKET_NUMBER_MAX) {
			t->service = *l;
			t->number = s->last_number + 1;
			t->priority = false;
			return 0;
		}
	}
	return -1;
}

/* Someone escorted in: the desk's ticket is done, a priority ticket of
 * the service (the desk's first unless named) is issued and called to
 * the desk at once. The desk's own decision: no quota or last_take. */
static enum proto_result
desk_take_priority(const struct queue *q, int di, const struct proto_cmd *cmd,
    int64_t now, struct event evs[QUEUE_MAX_EVENTS], int *nev,
    char *reason, size_t reasonlen)
{
	const struct desk_conf *dc = &q->conf->desks[di];
	struct ticket cur = queue_desk_ticket(q, di), t;
	char service = cmd->service ? cmd->service : dc->services[0];
	int si;

	if (q->desks[di].status == DESK_CLOSED ||
	    q->desks[di].status == DESK_PAUSED) {
		snprintf(reason, reasonlen, "desk is %s",
		    proto_status_name(q->desks[di].status));
		return RESULT_REFUSED;
	}
	if (strchr(dc->services, service) == NULL ||
	    (si = queue_service_index(q, service)) < 0) {
		snprintf(reason, reasonlen, "desk %d does not serve %c",
		    dc->id, service);
		return RESULT_REFUSED;
	}
	/* A roll's next number is in a citizen's hand already. */
	if (q->conf->services[si].source != SOURCE_KIOSK) {
		snprintf(reason, reasonlen, "service %c uses pre-printed "
		    "tickets", service);
		return RESULT_REFUSED;
	}
	if (q->services[si].last_number >= TICKET_NUMBER_MAX) {
		snprintf(reason, reasonlen, "no numbers left today for %c",
		    service);
		return RESULT_REFUSED;
	}
	t = (struct ticket){ service, q->services[si].last_number + 1, true };
	if (cur.service != 0)
		event_fill(&evs[(*nev)++], q, EV_SERVED, dc->id, &cur, cmd->id,
		    now);
	event_fill(&evs[(*nev)++], q, EV_ISSUED, 0, &t, cmd->id, now);
	event_fill(&evs[(*nev)++], q, EV_CALLED, dc->id, &t, cmd->id, now);
	return RESULT_OK;
}

enum proto_result
queue_command(const struct queue *q, int desk, const struct proto_cmd *cmd,
    int64_t now, struct event evs[QUEUE_MAX_EVENTS], int *nev,
    char *reason, size_t reasonlen)
{
	const struct queue_desk *d;
	const struct desk_conf *dc;
	struct ticket cur, t;
	char label[8];
	int di, idx;

	*nev = 0;
	if ((di = queue_desk_index(q, desk)) < 0) {
		snprintf(reason, reasonlen, "unknown desk %d", desk);
		return RESULT_REFUSED;
	}
	d = &q->desks[di];
	dc = &q->conf->desks[di];
	cur = queue_desk_ticket(q, di);
#define EMIT(kind, tk) \
	event_fill(&evs[(*nev)++], q, (kind), desk, (tk), cmd->id, now)

	switch (cmd->op) {
	case OP_NEXT:
	case OP_NOSHOW:
		if (d->status == DESK_CLOSED) {
			snprintf(reason, reasonlen, "desk is closed");
			return RESULT_REFUSED;
		}
		if (d->status == DESK_PAUSED) {
			snprintf(reason, reasonlen, "desk is paused");
			return RESULT_REFUSED;
		}
		if (cmd->op == OP_NOSHOW && cur.service == 0) {
			snprintf(reason, reasonlen, "no ticket at the desk");
			return RESULT_REFUSED;
		}
		if (cur.service != 0)
			EMIT(cmd->op == OP_NOSHOW ? EV_NOSHOW : EV_SERVED, &cur);
		/* Nothing waiting: the desk goes idle, still acknowledged. */
		if (queue_pick(q, dc, &t) == 0)
			EMIT(EV_CALLED, &t);
		return RESULT_OK;
	case OP_TAKE_PRIORITY:
		return desk_take_priority(q, di, cmd, now, evs, nev, reason,
		    reasonlen);
	case OP_RECALL:
		if (cur.service == 0) {
			snprintf(reason, reasonlen, "no ticket to recall");
			return RESULT_REFUSED;
		}
		if (d->recalls >= q->conf->max_recalls) {
			snprintf(reason, reasonlen, "%s recalled %d times "
			    "already", ticket_format(&cur, label,
			    sizeof(label)), d->recalls);
			return RESULT_REFUSED;
		}
		EMIT(EV_RECALLED, &cur);
		return RESULT_OK;
	case OP_REQUEUE:
		idx = ticket_find(q, &cmd->ticket);
		ticket_format(&cmd->ticket, label, sizeof(label));
		if (idx < 0 || q->tickets[idx].state != TICKET_NOSHOW) {
			snprintf(reason, reasonlen, "%s is not a no-show of "
			    "today", label);
			return RESULT_REFUSED;
		}
		/* The ticket as the engine has it: with its priority. */
		EMIT(EV_REQUEUED, &q->tickets[idx].t);
		evs[*nev - 1].target = q->tickets[idx].queue;
		return RESULT_OK;
	case OP_TRANSFER:
		if (cur.service == 0) {
			snprintf(reason, reasonlen, "no ticket to transfer");
			return RESULT_REFUSED;
		}
		if (queue_service_index(q, cmd->service) < 0) {
			snprintf(reason, reasonlen, "unknown service %c",
			    cmd->service);
			return RESULT_REFUSED;
		}
		if (q->tickets[d->current].queue == cmd->service) {
			snprintf(reason, reasonlen, "ticket is already in "
			    "service %c", cmd->service);
			return RESULT_REFUSED;
		}
		EMIT(EV_TRANSFERRED, &cur);
		evs[*nev - 1].target = cmd->service;
		return RESULT_OK;
	case OP_PAUSE:
		if (d->status == DESK_PAUSED)
			return RESULT_OK;
		if (d->status == DESK_CLOSED) {
			snprintf(reason, reasonlen, "desk is closed");
			return RESULT_REFUSED;
		}
		if (cur.service != 0)
			EMIT(EV_SERVED, &cur);
		EMIT(EV_PAUSED, NULL);
		return RESULT_OK;
	case OP_RESUME:
		if (d->status == DESK_PAUSED || d->status == DESK_CLOSED)
			EMIT(EV_RESUMED, NULL);
		return RESULT_OK;
	case OP_CLOSE:
		if (d->status == DESK_CLOSED)
			return RESULT_OK;
		if (cur.service != 0)
			EMIT(EV_SERVED, &cur);
		EMIT(EV_CLOSED, NULL);
		return RESULT_OK;
	default:
		snprintf(reason, reasonlen, "operation \"%s\" not supported",
		    proto_op_name(cmd->op));
		return RESULT_REFUSED;
	}
#undef EMIT
}

enum proto_result
queue_take(const struct queue *q, int kiosk, const struct proto_take *take,
    int64_t now, struct event *ev, char *reason, size_t reasonlen)
{
	struct ticket t;
	int si;

	if ((si = queue_service_index(q, take->service)) < 0) {
		snprintf(reason, reasonlen, "unknown service %c",
		    take->service);
		return RESULT_REFUSED;
	}
	if (q->conf->services[si].source != SOURCE_KIOSK) {
		snprintf(reason, reasonlen, "service %c uses pre-printed "
		    "tickets", take->service);
		return RESULT_REFUSED;
	}
	if (q->services[si].last_number >= TICKET_NUMBER_MAX) {
		snprintf(reason, reasonlen, "no numbers left today for %c",
		    take->service);
		return RESULT_REFUSED;
	}
	switch (queue_service_state(q, take->service, now)) {
	case WAITING_QUOTA:
		snprintf(reason, reasonlen, "Kuota layanan %c hari ini (%d) "
		    "sudah habis", take->service,
		    q->conf->services[si].quota);
		return RESULT_REFUSED;
	case WAITING_CLOSED:
		snprintf(reason, reasonlen, "Pendaftaran layanan %c ditutup "
		    "pukul %02d.%02d", take->service,
		    q->conf->services[si].last_take_min / 60,
		    q->conf->services[si].last_take_min % 60);
		return RESULT_REFUSED;
	default:
		break;
	}
	t.service = take->service;
	t.number = q->services[si].last_number + 1;
	t.priority = take->priority;
	event_fill(ev, q, EV_ISSUED, 0, &t, take->id, now);
	ev->kiosk = kiosk;
	return RESULT_OK;
}

int
queue_close_day_count(const struct queue *q)
{
	int i, n = 1;

	for (i = 0; i < q->conf->nservices; i++)
		n += q->services[i].nwaiting;
	for (i = 0; i < q->conf->ndesks; i++)
		n += q->desks[i].current >= 0;
	return n;
}

int
queue_close_day(const struct queue *q, int64_t now, struct event *evs,
    int max)
{
	int i, k, n = 0;

	if (queue_close_day_count(q) > max)
		return -1;
	for (i = 0; i < q->conf->ndesks; i++)
		if (q->desks[i].current >= 0)
			event_fill(&evs[n++], q, EV_SERVED,
			    q->conf->desks[i].id,
			    &q->tickets[q->desks[i].current].t, NULL, now);
	for (i = 0; i < q->conf->nservices; i++)
		for (k = 0; k < q->services[i].nwaiting; k++)
			event_fill(&evs[n++], q, EV_UNSERVED, 0,
			    &q->tickets[q->services[i].waiting[k]].t, NULL,
			    now);
	event_fill(&evs[n++], q, EV_DAY_CLOSED, 0, NULL, NULL, now);
	return n;
}

static void
queue_push_call(struct queue *q, const struct event *ev, int di)
{
	struct board_call *c;

	if (q->ncalls < QUEUE_MAX_CALLS)
		q->ncalls++;
	memmove(&q->calls[1], &q->calls[0],
	    (size_t)(q->ncalls - 1) * sizeof(q->calls[0]));
	c = &q->calls[0];
	memset(c, 0, sizeof(*c));
	c->ticket.service = ev->ticket.service;
	c->ticket.number = ev->ticket.number;
	c->ticket.priority = ev->ticket.priority;
	c->desk = ev->desk;
	memcpy(c->desk_name, q->conf->desks[di].name, sizeof(c->desk_name));
	c->recall = ev->kind == EV_RECALLED;
	c->time_ms = ev->time_ms;
}

/* The desk no longer has its ticket. */
static void
desk_release(struct queue_desk *d, int idx)
{
	if (d != NULL && d->current == idx) {
		d->current = -1;
		d->recalls = 0;
		if (d->status == DESK_SERVING)
			d->status = DESK_IDLE;
	}
}

static int
apply_called(struct queue *q, const struct event *ev, int di)
{
	struct queue_desk *d = &q->desks[di];
	int idx, si;

	if (di < 0 || d->current >= 0)
		return -1;
	if ((idx = ticket_find(q, &ev->ticket)) >= 0) {
		if (q->tickets[idx].state != TICKET_WAITING ||
		    waiting_remove(q, idx) == -1)
			return -1;
		q->tickets[idx].state = TICKET_CALLED;
	} else {
		/* The next number of a roll: it arrives as it is called. */
		idx = ticket_add(q, &ev->ticket, ev->ticket.service,
		    TICKET_CALLED, ev->time_ms);
		if (idx < 0)
			return idx;
	}
	/* The fairness counts the calls of the queue it waited in. */
	if ((si = queue_service_index(q, q->tickets[idx].queue)) >= 0) {
		if (q->tickets[idx].t.priority)
			q->services[si].since_priority = 0;
		else if (q->services[si].since_priority < TICKET_NUMBER_MAX)
			q->services[si].since_priority++;
	}
	d->current = idx;
	d->recalls = 0;
	d->status = DESK_SERVING;
	queue_push_call(q, ev, di);
	return 0;
}

int
queue_apply(struct queue *q, const struct event *ev)
{
	struct queue_desk *d;
	int di, idx, rc;

	di = ev->desk > 0 ? queue_desk_index(q, ev->desk) : -1;
	if (ev->desk > 0 && di < 0)
		return -1;
	if (ev->time_ms > q->last_ms)
		q->last_ms = ev->time_ms;
	d = di >= 0 ? &q->desks[di] : NULL;
	idx = ev->ticket.service != 0 ? ticket_find(q, &ev->ticket) : -1;

	switch (ev->kind) {
	case EV_ISSUED:
		rc = ticket_add(q, &ev->ticket, ev->ticket.service,
		    TICKET_WAITING, ev->time_ms);
		return rc < 0 ? rc : waiting_insert(q, rc, false);
	case EV_CALLED:
		return apply_called(q, ev, di);
	case EV_RECALLED:
		if (d == NULL || idx < 0 || d->current != idx)
			return -1;
		d->recalls++;
		queue_push_call(q, ev, di);
		return 0;
	case EV_SERVED:
	case EV_NOSHOW:
		if (idx < 0 || q->tickets[idx].state != TICKET_CALLED)
			return -1;
		q->tickets[idx].state = ev->kind == EV_SERVED ?
		    TICKET_SERVED : TICKET_NOSHOW;
		desk_release(d, idx);
		return 0;
	case EV_REQUEUED:
		if (idx < 0 || q->tickets[idx].state != TICKET_NOSHOW ||
		    queue_service_index(q, ev->target) < 0)
			return -1;
		q->tickets[idx].queue = ev->target;
		return waiting_insert(q, idx, true);
	case EV_TRANSFERRED:
		if (idx < 0 || queue_service_index(q, ev->target) < 0)
			return -1;
		if (q->tickets[idx].state == TICKET_WAITING &&
		    waiting_remove(q, idx) == -1)
			return -1;
		desk_release(d, idx);
		q->tickets[idx].queue = ev->target;
		return waiting_insert(q, idx, false);
	case EV_PAUSED:
	case EV_CLOSED:
		if (d == NULL || d->current >= 0)
			return -1;
		d->status = ev->kind == EV_PAUSED ? DESK_PAUSED : DESK_CLOSED;
		return 0;
	case EV_RESUMED:
		if (d == NULL)
			return -1;
		d->status = DESK_IDLE;
		return 0;
	case EV_UNSERVED:
		if (idx < 0 || q->tickets[idx].state != TICKET_WAITING ||
		    waiting_remove(q, idx) == -1)
			return -1;
		q->tickets[idx].state = TICKET_UNSERVED;
		return 0;
	case EV_DAY_CLOSED:
		q->day_closed = true;
		return 0;
	case EV_SETTING:
		return 0;
	default:
		return -1;
	}
}

void
queue_set_online(struct queue *q, int desk, bool online)
{
	int di;

	if ((di = queue_desk_index(q, desk)) >= 0)
		q->desks[di].online = online;
}

static int
desk_waiting(const struct queue *q, int di)
{
	const char *l;
	int n, sum = 0;

	for (l = q->conf->desks[di].services; *l != '\0'; l++) {
		if ((n = queue_waiting(q, *l)) < 0)
			return -1;
		sum += n;
	}
	return sum;
}

void
queue_desk_state(const struct queue *q, int desk,
    struct proto_desk_state *st)
{
	struct ticket t;
	int di;

	memset(st, 0, sizeof(*st));
	st->desk = desk;
	st->waiting = -1;
	if ((di = queue_desk_index(q, desk)) < 0)
		return;
	t = queue_desk_ticket(q, di);
	st->status = q->desks[di].status;
	st->ticket.service = t.service;
	st->ticket.number = t.number;
	st->ticket.priority = t.priority;
	st->waiting = desk_waiting(q, di);
}

void
queue_board(const struct queue *q, int64_t now, struct board *b)
{
	const struct queue_conf *c = q->conf;
	struct ticket t;
	int i, n;

	memset(b, 0, sizeof(*b));
	b->time_ms = now;
	memcpy(b->day, q->day, sizeof(b->day));
	for (i = 0; i < c->ndesks && i < BOARD_MAX_DESKS; i++) {
		b->desks[i].id = c->desks[i].id;
		memcpy(b->desks[i].name, c->desks[i].name,
		    sizeof(b->desks[i].name));
		b->desks[i].status = q->desks[i].online ?
		    q->desks[i].status : DESK_OFFLINE;
		/* Field by field: snapshots are compared byte for byte. */
		t = queue_desk_ticket(q, i);
		b->desks[i].ticket.service = t.service;
		b->desks[i].ticket.number = t.number;
		b->desks[i].ticket.priority = t.priority;
	}
	b->ndesks = i;
	n = c->board_calls < q->ncalls ? c->board_calls : q->ncalls;
	memcpy(b->calls, q->calls, (size_t)n * sizeof(b->calls[0]));
	b->ncalls = n;
	for (i = 0; i < c->nservices; i++) {
		b->waiting[i].service = c->services[i].letter;
		memcpy(b->waiting[i].name, c->services[i].name,
		    sizeof(b->waiting[i].name));
		b->waiting[i].count = queue_waiting(q, c->services[i].letter);
		b->waiting[i].state = queue_service_state(q,
		    c->services[i].letter, now);
	}
	b->nwaiting = c->nservices;
}

void
queue_service_day(int64_t t_ms, int day_start_min, char day[11])
{
	time_t t = (time_t)(t_ms / 1000) - (time_t)day_start_min * 60;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(day, 11, "%Y-%m-%d", &tm);
}

void
queue_day_after(const char *day, char next[11])
{
	struct tm tm;
	time_t t;
	int y, m, d;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		snprintf(next, 11, "%s", day);
		return;
	}
	/* Noon, in UTC: no daylight saving moves it to another date. */
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d + 1;
	tm.tm_hour = 12;
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(next, 11, "%Y-%m-%d", &tm);
}
