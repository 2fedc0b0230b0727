/*
 * queue.c - the queue engine. See queue.h.
 *
 * This is the thin first engine: services with pre-printed rolls, desks
 * that call the next number, recall, pause and resume.
 */
#include "queue.h"

#include <stdio.h>
#include <string.h>

static const char *const event_kinds[EV__COUNT] = {
	[EV_CALLED] = "called",
	[EV_RECALLED] = "recalled",
	[EV_SERVED] = "served",
	[EV_PAUSED] = "paused",
	[EV_RESUMED] = "resumed",
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

void
queue_init(struct queue *q, const struct queue_conf *c, const char *day)
{
	int i;

	memset(q, 0, sizeof(*q));
	q->conf = c;
	snprintf(q->day, sizeof(q->day), "%s", day);
	for (i = 0; i < c->ndesks; i++)
		q->desks[i].status = DESK_IDLE;
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

static int
queue_service_index(const struct queue *q, char letter)
{
	int i;

	for (i = 0; i < q->conf->nservices; i++)
		if (q->conf->services[i].letter == letter)
			return i;
	return -1;
}

static void
event_fill(struct event *ev, const struct queue *q, enum event_kind kind,
    int desk, const struct ticket *t, const struct proto_cmd *cmd,
    int64_t now)
{
	memset(ev, 0, sizeof(*ev));
	ev->time_ms = now;
	memcpy(ev->day, q->day, sizeof(ev->day));
	ev->kind = kind;
	ev->desk = desk;
	if (t != NULL)
		ev->ticket = *t;
	snprintf(ev->cmd_id, sizeof(ev->cmd_id), "%s", cmd->id);
}

/* The next ticket for a desk: first service in its priority order that
 * has one. A roll always has a next number until TICKET_NUMBER_MAX. */
static int
queue_pick(const struct queue *q, const struct desk_conf *dc,
    struct ticket *t)
{
	const char *s;
	int si;

	for (s = dc->services; *s != '\0'; s++) {
		if ((si = queue_service_index(q, *s)) < 0)
			continue;
		if (q->conf->services[si].source != SOURCE_ROLL)
			continue;
		if (q->services[si].last_called >= TICKET_NUMBER_MAX)
			continue;
		t->service = *s;
		t->number = q->services[si].last_called + 1;
		return 0;
	}
	return -1;
}

enum proto_result
queue_command(const struct queue *q, int desk, const struct proto_cmd *cmd,
    int64_t now, struct event evs[QUEUE_MAX_EVENTS], int *nev,
    char *reason, size_t reasonlen)
{
	const struct queue_desk *d;
	const struct desk_conf *dc;
	struct ticket t;
	int di;

	*nev = 0;
	if ((di = queue_desk_index(q, desk)) < 0) {
		snprintf(reason, reasonlen, "unknown desk %d", desk);
		return RESULT_REFUSED;
	}
	d = &q->desks[di];
	dc = &q->conf->desks[di];

	switch (cmd->op) {
	case OP_NEXT:
		if (d->status == DESK_PAUSED) {
			snprintf(reason, reasonlen, "desk is paused");
			return RESULT_REFUSED;
		}
		if (d->status == DESK_SERVING)
			event_fill(&evs[(*nev)++], q, EV_SERVED, desk,
			    &d->ticket, cmd, now);
		if (queue_pick(q, dc, &t) == 0)
			event_fill(&evs[(*nev)++], q, EV_CALLED, desk, &t,
			    cmd, now);
		/* Nothing to call: the desk goes idle; still acknowledged. */
		return RESULT_OK;
	case OP_RECALL:
		if (d->status != DESK_SERVING) {
			snprintf(reason, reasonlen, "no ticket to recall");
			return RESULT_REFUSED;
		}
		event_fill(&evs[(*nev)++], q, EV_RECALLED, desk, &d->ticket,
		    cmd, now);
		return RESULT_OK;
	case OP_PAUSE:
		if (d->status == DESK_PAUSED)
			return RESULT_OK;
		if (d->status == DESK_SERVING)
			event_fill(&evs[(*nev)++], q, EV_SERVED, desk,
			    &d->ticket, cmd, now);
		event_fill(&evs[(*nev)++], q, EV_PAUSED, desk, NULL, cmd, now);
		return RESULT_OK;
	case OP_RESUME:
		if (d->status != DESK_PAUSED)
			return RESULT_OK;
		event_fill(&evs[(*nev)++], q, EV_RESUMED, desk, NULL, cmd,
		    now);
		return RESULT_OK;
	default:
		snprintf(reason, reasonlen, "operation \"%s\" not supported",
		    proto_op_name(cmd->op));
		return RESULT_REFUSED;
	}
}

static void
queue_push_call(struct queue *q, const struct event *ev, int di)
{
	struct board_call *c;

	if (q->ncalls < BOARD_MAX_CALLS)
		q->ncalls++;
	memmove(&q->calls[1], &q->calls[0],
	    (size_t)(q->ncalls - 1) * sizeof(q->calls[0]));
	c = &q->calls[0];
	memset(c, 0, sizeof(*c));
	c->ticket = ev->ticket;
	c->desk = ev->desk;
	memcpy(c->desk_name, q->conf->desks[di].name, sizeof(c->desk_name));
	c->recall = ev->kind == EV_RECALLED;
	c->time_ms = ev->time_ms;
	q->call_seq++;
}

int
queue_apply(struct queue *q, const struct event *ev)
{
	struct queue_desk *d;
	int di, si;

	if ((di = queue_desk_index(q, ev->desk)) < 0)
		return -1;
	d = &q->desks[di];
	switch (ev->kind) {
	case EV_CALLED:
		if ((si = queue_service_index(q, ev->ticket.service)) < 0)
			return -1;
		if (ev->ticket.number > q->services[si].last_called)
			q->services[si].last_called = ev->ticket.number;
		d->status = DESK_SERVING;
		d->ticket = ev->ticket;
		queue_push_call(q, ev, di);
		return 0;
	case EV_RECALLED:
		queue_push_call(q, ev, di);
		return 0;
	case EV_SERVED:
		d->status = DESK_IDLE;
		memset(&d->ticket, 0, sizeof(d->ticket));
		return 0;
	case EV_PAUSED:
		d->status = DESK_PAUSED;
		memset(&d->ticket, 0, sizeof(d->ticket));
		return 0;
	case EV_RESUMED:
		d->status = DESK_IDLE;
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

void
queue_desk_state(const struct queue *q, int desk,
    struct proto_desk_state *st)
{
	int di;

	memset(st, 0, sizeof(*st));
	st->desk = desk;
	st->waiting = -1;
	if ((di = queue_desk_index(q, desk)) < 0)
		return;
	st->status = q->desks[di].status;
	st->ticket = q->desks[di].ticket;
}

void
queue_board(const struct queue *q, int64_t now, struct board *b)
{
	const struct queue_conf *c = q->conf;
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
		b->desks[i].ticket = q->desks[i].ticket;
	}
	b->ndesks = i;
	n = c->board_calls < q->ncalls ? c->board_calls : q->ncalls;
	memcpy(b->calls, q->calls, (size_t)n * sizeof(b->calls[0]));
	b->ncalls = n;
	for (i = 0; i < c->nservices; i++) {
		b->waiting[i].service = c->services[i].letter;
		memcpy(b->waiting[i].name, c->services[i].name,
		    sizeof(b->waiting[i].name));
		b->waiting[i].count = -1;	/* a roll does not know */
	}
	b->nwaiting = c->nservices;
}
