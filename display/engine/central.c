/*
 * central.c - the hall's authority: applies desk commands and kiosk
 * takes to the queue engine, logs them, and answers only after the
 * commit.
 *
 * Every command received in one loop iteration is written in one
 * transaction (group commit). If the transaction fails (disk full, the
 * database locked, an I/O error) nothing of it is on the disk: every
 * command in it is answered "refused", memory is rebuilt from the log,
 * and the board shows a warning until a later write succeeds.
 */
#include "central.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "central-int.h"
#include "estimate-log.h"
#include "topic.h"

struct replay {
	struct central	*c;
	int		 skipped;
};

static int
replay_one(void *arg, const struct event *ev)
{
	struct replay *r = arg;

	if (queue_apply(&r->c->q, ev) != 0) {
		if (r->skipped++ < LOG_LIMIT_LINES)
			log_warnx("log: %s event %s desk %d does not fit the "
			    "state; skipped", ev->day,
			    event_kind_name(ev->kind), ev->desk);
		return -1;
	}
	estimate_event(&r->c->est, &r->c->q, ev);
	return 0;
}

/* Loads a day from the log into the engine. Desk presence is kept: it
 * is not logged. -1 if the log could not be read (the engine holds what
 * was read before the error). Events that do not fit are skipped: the
 * rest of the day is loaded, and the board says so until a later load
 * is whole. */
int
central_load(struct central *c, const char *day_arg)
{
	bool online[QUEUE_MAX_DESKS];
	struct replay r = { .c = c };
	struct store_head h;
	char day[11];
	int i, rc;

	/* day_arg may be c->q.day itself, which queue_init() clears. */
	snprintf(day, sizeof(day), "%s", day_arg);
	for (i = 0; i < QUEUE_MAX_DESKS; i++)
		online[i] = c->q.desks[i].online;
	queue_free(&c->q);
	queue_init(&c->q, &c->conf->queue, day);
	for (i = 0; i < QUEUE_MAX_DESKS; i++)
		c->q.desks[i].online = online[i];
	/* A new day's estimate reads the earlier days once. */
	if (strcmp(c->est.day, day) != 0)
		estimate_load(&c->est, c->store, &c->conf->queue, day);
	else
		estimate_day(&c->est, day);
	rc = store_replay(c->store, day, replay_one, &r);
	/* New events are never older than the log's last one, whatever
	 * day it belongs to. */
	if (store_head(c->store, &h) == 0 && h.time_ms > c->q.last_ms)
		c->q.last_ms = h.time_ms;
	for (i = 0; i < c->conf->queue.ndesks; i++)
		c->acks[i].dirty = true;
	c->board_dirty = true;
	c->replay_warn[0] = '\0';
	if (r.skipped > 0) {
		log_warnx("log: day %s: %d event(s) do not fit the state and "
		    "were skipped; the queue may differ from the log "
		    "(antre-report verify)", day, r.skipped);
		snprintf(c->replay_warn, sizeof(c->replay_warn),
		    NOTICE_REPLAY, r.skipped);
	}
	if (rc == -1 && r.skipped == 0) {
		log_warnx("log: day %s could not be read back: %s", day,
		    store_error(c->store));
		return -1;
	}
	return 0;
}

void
central_set_fault(struct central *c, const char *fault)
{
	if (strcmp(c->fault, fault) == 0)
		return;
	snprintf(c->fault, sizeof(c->fault), "%s", fault);
	c->board_dirty = true;
}

/* The open transaction failed: nothing of it is on disk, so every
 * command answered in it is refused and memory goes back to the log. */
void
central_tx_failed(struct central *c)
{
	char fault[PROTO_FAULT_MAX];
	int i;

	snprintf(fault, sizeof(fault), "%s: %s", FAULT_STORAGE,
	    store_error(c->store));
	store_rollback(c->store);
	for (i = 0; i < c->conf->queue.ndesks; i++) {
		if (!c->acks[i].in_tx)
			continue;
		c->acks[i].in_tx = false;
		c->acks[i].result = RESULT_REFUSED;
		snprintf(c->acks[i].reason, sizeof(c->acks[i].reason),
		    "storage error");
		c->acks[i].dirty = true;
	}
	for (i = 0; i < c->nreplies; i++) {
		if (!c->replies[i].in_tx)
			continue;
		c->replies[i].t.result = RESULT_REFUSED;
		memset(&c->replies[i].t.ticket, 0,
		    sizeof(c->replies[i].t.ticket));
		snprintf(c->replies[i].t.reason,
		    sizeof(c->replies[i].t.reason), "storage error");
		snprintf(c->replies[i].t.code, sizeof(c->replies[i].t.code),
		    "storage");
	}
	c->ncalls = 0;
	if (central_load(c, c->q.day) == -1)
		snprintf(fault, sizeof(fault), "%s: log tidak terbaca",
		    FAULT_STORAGE);
	central_set_fault(c, fault);
}

/* Logs and applies events inside the open transaction. -1 if the store
 * failed (the caller fails the transaction). */
int
central_log(struct central *c, const struct event *evs, int nev)
{
	struct proto_call *pc;
	int64_t rows[QUEUE_MAX_EVENTS];
	int i;

	for (i = 0; i < nev; i++) {
		if (store_append(c->store, &evs[i]) == -1)
			return -1;
		if (i < QUEUE_MAX_EVENTS)
			rows[i] = store_last_seq(c->store);
	}
	for (i = 0; i < nev; i++) {
		if (queue_apply(&c->q, &evs[i]) != 0) {
			/* The engine proposed it: cannot happen. */
			log_warnx("engine: %s does not apply",
			    event_kind_name(evs[i].kind));
			return -1;
		}
		estimate_event(&c->est, &c->q, &evs[i]);
		if ((evs[i].kind == EV_CALLED || evs[i].kind == EV_RECALLED) &&
		    c->ncalls < MAX_PENDING_CALLS && i < QUEUE_MAX_EVENTS) {
			/* Its row in the log: it only grows, across the
			 * turn of the day and restarts. */
			pc = &c->calls[c->ncalls++];
			pc->seq = (uint64_t)rows[i];
			pc->call = c->q.calls[0];
		}
	}
	if (nev > 0)
		c->board_dirty = true;
	return 0;
}

void
desk_answer(struct desk_ack *a, const char *id, enum proto_result r,
    const char *reason, bool in_tx)
{
	snprintf(a->last_id, sizeof(a->last_id), "%s", id);
	a->result = r;
	snprintf(a->reason, sizeof(a->reason), "%s", reason);
	a->dirty = true;
	a->in_tx = a->in_tx || in_tx;
}

static void
central_command(struct central *c, int desk, const struct proto_cmd *cmd)
{
	struct event evs[QUEUE_MAX_EVENTS];
	struct command_rec rec;
	struct desk_ack *a;
	int di, nev = 0, found;

	if ((di = queue_desk_index(&c->q, desk)) < 0) {
		log_warnx_limited(central_limiter(c, CLOG_REFUSED),
		    "desk %d is not in the configuration; command %s ignored",
		    desk, cmd->id);
		return;
	}
	a = &c->acks[di];
	memset(&rec, 0, sizeof(rec));
	snprintf(rec.box, sizeof(rec.box), "desk %d", desk);
	/* Idempotency: a command id seen before is answered as before. */
	if (strcmp(a->last_id, cmd->id) == 0) {
		a->dirty = true;
		return;
	}
	found = store_command_find(c->store, rec.box, cmd->id, &rec);
	if (found == 1) {
		/* Found in the open transaction: it stands or falls with it. */
		desk_answer(a, rec.id, rec.result, rec.reason,
		    store_in_transaction(c->store));
		return;
	}
	if (found == -1) {
		central_tx_failed(c);
		desk_answer(a, cmd->id, RESULT_REFUSED, "storage error",
		    false);
		return;
	}
	snprintf(rec.id, sizeof(rec.id), "%s", cmd->id);
	snprintf(rec.op, sizeof(rec.op), "%s", proto_op_name(cmd->op));
	rec.time_ms = wall_ms();
	rec.result = central_command_check(c, di, desk, cmd, rec.time_ms,
	    rec.reason, sizeof(rec.reason));
	if (rec.result == RESULT_OK)
		rec.result = queue_command(&c->q, desk, cmd, rec.time_ms, evs,
		    &nev, rec.reason, sizeof(rec.reason));
	if (rec.result != RESULT_OK &&
	    !central_record_refusal(c, &a->refusals, rec.box)) {
		desk_answer(a, cmd->id, rec.result, rec.reason, false);
		return;
	}
	if (store_begin(c->store) == -1) {
		central_tx_failed(c);
		desk_answer(a, cmd->id, RESULT_REFUSED, "storage error",
		    false);
		return;
	}
	desk_answer(a, cmd->id, rec.result, rec.reason, true);
	if (store_command_add(c->store, &rec) == -1 ||
	    central_log(c, evs, nev) == -1) {
		central_tx_failed(c);
		return;
	}
	if (rec.result == RESULT_OK &&
	    (cmd->op == OP_NEXT || cmd->op == OP_NOSHOW))
		limits_guard_pass(&a->guard, mono_ms());
	log_debug("desk %d: %s %s -> %s%s%s", desk, proto_op_name(cmd->op),
	    cmd->id, proto_result_name(rec.result),
	    rec.reason[0] ? ": " : "", rec.reason);
}

static struct kiosk_reply *
central_reply(struct central *c, int kiosk, const char *id)
{
	struct kiosk_reply *r;

	if (c->nreplies == MAX_PENDING_TICKETS) {
		log_warnx_limited(central_limiter(c, CLOG_DROPPED),
		    "kiosk %d: too many takes in one go; %s dropped", kiosk,
		    id);
		return NULL;
	}
	r = &c->replies[c->nreplies++];
	memset(r, 0, sizeof(*r));
	r->kiosk = kiosk;
	r->t.wait_lo_min = r->t.wait_hi_min = -1;	/* no estimate yet */
	snprintf(r->t.id, sizeof(r->t.id), "%s", id);
	memcpy(r->t.day, c->q.day, sizeof(r->t.day));
	return r;
}

static void
reply_fill(struct central *c, struct kiosk_reply *r,
    const struct command_rec *rec)
{
	int si = queue_service_index(&c->q, rec->ticket.service);

	r->t.result = rec->result;
	snprintf(r->t.reason, sizeof(r->t.reason), "%s", rec->reason);
	/* A refused take keeps only its service, for the name, and the
	 * kind of refusal for the kiosk's LED. */
	if (rec->result == RESULT_OK) {
		r->t.ticket = rec->ticket;
		r->t.priority = rec->ticket.priority;
	} else
		snprintf(r->t.code, sizeof(r->t.code), "%s", rec->code);
	r->t.time_ms = rec->time_ms;
	r->t.waiting = -1;
	if (si >= 0)
		snprintf(r->t.service_name, sizeof(r->t.service_name), "%s",
		    c->conf->queue.services[si].name);
	/* The answer as first given, asked again or not: its day, and how
	 * many were ahead then. */
	if (rec->day[0] != '\0') {
		memcpy(r->t.day, rec->day, sizeof(r->t.day));
		r->t.waiting = rec->waiting;
		if (rec->result == RESULT_OK && rec->wait_lo >= 0) {
			r->t.wait_lo_min = rec->wait_lo;
			r->t.wait_hi_min = rec->wait_hi;
		}
	} else if (si >= 0) {
		/* Logs older than schema 4 kept neither. */
		r->t.waiting = queue_waiting(&c->q, rec->ticket.service);
		if (r->t.waiting > 0 && rec->result == RESULT_OK)
			r->t.waiting--;	/* ahead of this one */
	}
}

static void
take_failed(struct kiosk_reply *r)
{
	r->t.result = RESULT_REFUSED;
	snprintf(r->t.reason, sizeof(r->t.reason), "storage error");
	snprintf(r->t.code, sizeof(r->t.code), "storage");
}

static void
central_take(struct central *c, int kiosk, const struct proto_take *take)
{
	struct command_rec rec;
	struct kiosk_reply *r;
	struct event ev;
	int found;

	memset(&rec, 0, sizeof(rec));
	snprintf(rec.box, sizeof(rec.box), "kiosk %d", kiosk);
	if ((r = central_reply(c, kiosk, take->id)) == NULL)
		return;
	found = store_command_find(c->store, rec.box, take->id, &rec);
	if (found == 1) {
		/* A take repeated in the same transaction was found in its
		 * uncommitted row: its answer stands or falls with it. */
		r->in_tx = store_in_transaction(c->store);
		reply_fill(c, r, &rec);
		return;
	}
	if (found == -1) {
		central_tx_failed(c);
		take_failed(r);
		return;
	}
	snprintf(rec.id, sizeof(rec.id), "%s", take->id);
	snprintf(rec.op, sizeof(rec.op), "take");
	rec.time_ms = wall_ms();
	memcpy(rec.day, c->q.day, sizeof(rec.day));
	/* Ahead of the new ticket: what is called before it, a priority
	 * ticket or not. */
	rec.waiting = queue_ahead(&c->q, take->service, take->priority);
	rec.result = central_take_check(c, kiosk, rec.reason,
	    sizeof(rec.reason));
	if (rec.result != RESULT_OK)
		snprintf(rec.code, sizeof(rec.code), "limit");
	else if ((rec.result = queue_take(&c->q, kiosk, take, rec.time_ms,
	    &ev, rec.reason, sizeof(rec.reason))) != RESULT_OK)
		central_take_code(c, take, rec.time_ms, rec.code,
		    sizeof(rec.code));
	rec.wait_lo = rec.wait_hi = -1;
	if (rec.result == RESULT_OK) {
		rec.ticket = ev.ticket;
		estimate_take(&c->est, take->service, rec.waiting, rec.time_ms,
		    &rec.wait_lo, &rec.wait_hi);
	} else
		rec.ticket.service = take->service;
	if (rec.result != RESULT_OK &&
	    !central_record_refusal(c, &c->kiosks[kiosk].refusals,
	    rec.box)) {
		reply_fill(c, r, &rec);
		return;
	}
	if (store_begin(c->store) == -1) {
		central_tx_failed(c);
		take_failed(r);
		return;
	}
	r->in_tx = true;
	if (store_command_add(c->store, &rec) == -1 ||
	    central_log(c, &ev, rec.result == RESULT_OK) == -1) {
		central_tx_failed(c);
		return;
	}
	reply_fill(c, r, &rec);
}

/*
 * The anchor: the log's head at each day's close is kept outside the log,
 * in a file beside it (written whole or not at all) and on a retained
 * topic, and printed on the day's report. At start the central looks for
 * the file's row in its log: a log cut back before it, rewritten with a
 * recomputed chain or swapped for another file no longer holds it.
 */
static void
central_publish_desk(struct central *c, int di)
{
	struct proto_desk_state st;
	struct desk_ack *a = &c->acks[di];
	char topic[160];
	char *json;
	int desk = c->conf->queue.desks[di].id;

	queue_desk_state(&c->q, desk, &st);
	memcpy(st.last_id, a->last_id, sizeof(st.last_id));
	st.result = a->result;
	memcpy(st.reason, a->reason, sizeof(st.reason));
	st.time_ms = wall_ms();
	if ((json = proto_desk_state_encode(&st)) == NULL)
		return;
	topic_desk_state(topic, sizeof(topic), c->conf->prefix, desk);
	if (mqtt_publish(c->mqtt, topic, json, 1, true, NULL) == 0)
		a->dirty = false;
	free(json);
}

/* A ticket's answer; an issued ticket counts in flight until the broker
 * acknowledged it (central_take_check()). */
static void
central_publish_ticket(struct central *c, const struct kiosk_reply *r)
{
	char topic[160];
	char *json;
	int mid = -1;

	if ((json = proto_ticket_encode(&r->t)) == NULL)
		return;
	topic_kiosk_ticket(topic, sizeof(topic), c->conf->prefix, r->kiosk);
	if (mqtt_publish(c->mqtt, topic, json, 1, false, &mid) == 0 &&
	    r->t.result == RESULT_OK && c->ninflight < MAX_INFLIGHT) {
		c->inflight[c->ninflight].mid = mid;
		c->inflight[c->ninflight].kiosk = r->kiosk;
		c->ninflight++;
		c->kiosks[r->kiosk].inflight++;
	}
	free(json);
}

static void
central_publish(struct central *c)
{
	char topic[160];
	char *json;
	int i;

	if (!mqtt_connected(c->mqtt)) {
		/* Kiosks ask again; calls are on the board when back. */
		c->nreplies = 0;
		c->ncalls = 0;
		c->nadmin_acks = 0;
		return;
	}
	central_admin_publish(c);
	for (i = 0; i < c->conf->queue.ndesks; i++)
		if (c->acks[i].dirty)
			central_publish_desk(c, i);
	for (i = 0; i < c->nreplies; i++)
		central_publish_ticket(c, &c->replies[i]);
	c->nreplies = 0;
	topic_call(topic, sizeof(topic), c->conf->prefix);
	for (i = 0; i < c->ncalls; i++) {
		/* Said once it is on the disk, like every answer. */
		if (c->show.ann != NULL && (c->conf->zone[0] == '\0' ||
		    zone_board_has_desk(&c->show.board,
		    c->calls[i].call.desk)))
			announce_call(c->show.ann, &c->calls[i].call,
			    wall_ms());
		if ((json = proto_call_encode(&c->calls[i])) == NULL)
			continue;
		mqtt_publish(c->mqtt, topic, json, 1, false, NULL);
		free(json);
	}
	c->ncalls = 0;
}

/* Publishes board b (retained) on the hall's topic (z NULL) or zone z's;
 * returns its JSON, or NULL. */
static char *
central_board_send(struct central *c, const struct zone_conf *z,
    const struct board *b)
{
	char topic[160];
	char *json;

	if ((json = proto_board_encode(b)) == NULL)
		return NULL;
	topic_board_zone(topic, sizeof(topic), c->conf->prefix,
	    z != NULL ? z->id : "");
	if (mqtt_connected(c->mqtt) &&
	    mqtt_publish(c->mqtt, topic, json, 1, true, NULL) == 0 && z != NULL)
		c->zone_sent[z - c->conf->zones.z] = true;
	return json;
}

/* Board b (its JSON in *json, taken) is the one this box's screen
 * shows. */
static void
central_board_shown(struct central *c, const struct board *b, char **json)
{
	if (*json == NULL)
		return;
	c->show.board = *b;
	free(c->show.board_json);
	c->show.board_json = *json;
	*json = NULL;
	c->show.have_board = true;
}

/*
 * Builds, publishes (retained) and draws the board: the whole hall's on
 * ".../board", each zone's on ".../board/<zone>"; this box's screen shows
 * its own zone's. A zone's board that did not change (a press in another
 * zone) is not sent again: with ten zones a press sends two boards, not
 * eleven.
 */
static void
central_board(struct central *c)
{
	const struct zones *zs = &c->conf->zones;
	const struct zone_conf *own = zone_find(zs, c->conf->zone);
	struct board *hall = &c->board_scratch[0], *b = &c->board_scratch[1];
	uint64_t sum;
	char *json;
	int i;

	queue_board(&c->q, wall_ms(), hall);
	central_board_fault(c, hall->fault, sizeof(hall->fault));
	json = central_board_send(c, NULL, hall);
	if (own == NULL)
		central_board_shown(c, hall, &json);
	free(json);
	for (i = 0; i < zs->n; i++) {
		zone_board(&zs->z[i], &c->q, hall, c->conf->queue.board_calls,
		    b);
		sum = zone_board_digest(b);
		if (c->zone_sent[i] && sum == c->zone_sum[i] &&
		    (&zs->z[i] != own || c->show.have_board))
			continue;
		c->zone_sum[i] = sum;
		json = central_board_send(c, &zs->z[i], b);
		if (&zs->z[i] == own)
			central_board_shown(c, b, &json);
		free(json);
	}
	/* Drawn by show_flush(), at most every FRAME_MIN_MS. */
	c->show.redraw = true;
	c->board_dirty = false;
}

static void
on_message(void *arg, const char *topic, const void *payload, size_t len,
    bool retained)
{
	struct central *c = arg;
	struct proto_online on;
	struct proto_take take;
	struct proto_cmd cmd;
	const char *leaf;
	char err[128];
	int id;

	if (topic_admin_cmd(err, sizeof(err), c->conf->prefix) == 0 &&
	    strcmp(topic, err) == 0) {
		central_admin(c, topic, payload, len, retained);
		return;
	}
	if ((id = topic_parse_kiosk(topic, c->conf->prefix, &leaf)) > 0 &&
	    strcmp(leaf, "status") == 0) {
		central_kiosk_status(c, id, topic, payload, len);
		return;
	}
	if (id > 0 && strcmp(leaf, "take") == 0) {
		if (central_flood(c, 0, id))
			return;
		if (retained) {
			log_warnx_limited(central_limiter(c, CLOG_BAD_PAYLOAD),
			    "%s: retained take ignored", topic);
			return;
		}
		if (proto_take_decode(payload, len, &take, err,
		    sizeof(err)) == -1) {
			log_warnx_limited(central_limiter(c, CLOG_BAD_PAYLOAD),
			    "%s: bad take dropped: %s", topic, err);
			return;
		}
		central_take(c, id, &take);
		return;
	}
	if ((id = topic_parse_desk(topic, c->conf->prefix, &leaf)) < 0) {
		log_debug("%s: unexpected topic ignored", topic);
		return;
	}
	if (strcmp(leaf, "online") == 0) {
		if (len == 0)
			return;		/* retained presence cleared */
		if (proto_online_decode(payload, len, &on, err,
		    sizeof(err)) == -1) {
			log_warnx_limited(central_limiter(c, CLOG_BAD_PAYLOAD),
			    "%s: bad presence dropped: %s", topic, err);
			return;
		}
		central_presence(c, id, &on);
		return;
	}
	if (strcmp(leaf, "cmd") != 0 || central_flood(c, id, 0))
		return;
	if (retained) {
		/* A command must never be retained: it would be applied
		 * again by every restart. */
		log_warnx_limited(central_limiter(c, CLOG_BAD_PAYLOAD),
		    "%s: retained command ignored", topic);
		return;
	}
	if (proto_cmd_decode(payload, len, &cmd, err, sizeof(err)) == -1) {
		log_warnx_limited(central_limiter(c, CLOG_BAD_PAYLOAD),
		    "%s: bad command dropped: %s", topic, err);
		return;
	}
	central_command(c, id, &cmd);
}

static void
on_connected(void *arg)
{
	struct central *c = arg;
	struct proto_online on = { .online = true };
	char topic[160];
	char *json;
	int i;

	/* Each box's topic of its own, so a flooding one can be left out
	 * (central_flood()). */
	central_subscribe_boxes(c);
	topic_desk_online_any(topic, sizeof(topic), c->conf->prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	topic_kiosk_status_any(topic, sizeof(topic), c->conf->prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	topic_admin_cmd(topic, sizeof(topic), c->conf->prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	topic_central_online(topic, sizeof(topic), c->conf->prefix);
	if ((json = proto_online_encode(&on)) != NULL) {
		mqtt_publish(c->mqtt, topic, json, 1, true, NULL);
		free(json);
	}
	/* The retained topics are ours: republish them all. */
	for (i = 0; i < c->conf->queue.ndesks; i++)
		c->acks[i].dirty = true;
	memset(c->zone_sent, 0, sizeof(c->zone_sent));
	c->board_dirty = true;
	c->settings_dirty = true;
	if (strcmp(c->fault, FAULT_BROKER) == 0)
		central_set_fault(c, "");
}

static void
on_published(void *arg, int mid)
{
	central_published(arg, mid);
}

static void
on_disconnected(void *arg)
{
	struct central *c = arg;
	int i;

	/* The connection's publishes are gone with it (a fresh client per
	 * connection); a kiosk asks again for what it missed. */
	for (i = 0; i <= KIOSK_ID_MAX; i++)
		c->kiosks[i].inflight = 0;
	c->ninflight = 0;
	central_set_fault(c, FAULT_BROKER);
}

const struct mqtt_callbacks central_callbacks = {
	.connected = on_connected,
	.disconnected = on_disconnected,
	.message = on_message,
	.published = on_published,
};

int
central_commit(struct central *c)
{
	int i, rc = 0;

	if (c->store == NULL || !store_in_transaction(c->store))
		return 0;
	if (store_commit(c->store) == -1) {
		central_tx_failed(c);
		rc = -1;
	} else if (strncmp(c->fault, FAULT_STORAGE,
	    strlen(FAULT_STORAGE)) == 0)
		central_set_fault(c, "");
	for (i = 0; i < c->conf->queue.ndesks; i++)
		c->acks[i].in_tx = false;
	for (i = 0; i < c->nreplies; i++)
		c->replies[i].in_tx = false;
	return rc;
}

void
central_flush(struct central *c)
{
	int i;

	for (i = 0; i < CLOG_COUNT; i++)
		log_limit_flush(&c->logs[i]);
	if (c->conf->role == ROLE_CENTRAL)
		central_unmute(c);
	if (c->notice[0] != '\0' && mono_ms() >= c->notice_until) {
		c->notice[0] = '\0';
		c->board_dirty = true;
	}
	central_commit(c);
	if (c->conf->role == ROLE_CENTRAL) {
		central_publish(c);
		if (c->board_dirty)
			central_board(c);
	}
}

void
central_shutdown(struct central *c)
{
	struct proto_online off = { .online = false };
	char topic[160];
	char *json;

	if (c->conf->role == ROLE_CENTRAL && mqtt_connected(c->mqtt)) {
		topic_central_online(topic, sizeof(topic), c->conf->prefix);
		if ((json = proto_online_encode(&off)) != NULL) {
			mqtt_publish(c->mqtt, topic, json, 1, true, NULL);
			free(json);
		}
	}
	mqtt_disconnect(c->mqtt);
}

void
central_free(struct central *c)
{
	mqtt_free(c->mqtt);
	store_close(c->store);
	queue_free(&c->q);
	show_close(&c->show);
}
