/*
 * proto-encode.c - the payload encoders. Each checks the struct with the
 * decoder's rules, builds the JSON with jansson and prints it compact,
 * with UTF-8 text as UTF-8 (only '"', '\\' and control characters, which
 * the checks refuse anyway, are escaped).
 */
#include "proto.h"

#include <jansson.h>

#include "log.h"
#include "proto-int.h"

static char *
payload_dump(json_t *root, const char *what, struct chk *c)
{
	char *s;

	if (root == NULL) {
		if (c->errlen > 0 && c->err[0] != '\0')
			log_warnx("proto: cannot encode %s: %s", what, c->err);
		else
			log_warnx("proto: cannot encode %s: out of memory",
			    what);
		return NULL;
	}
	/* UTF-8 stays UTF-8: escaped, a two-byte letter would take six
	 * bytes and the board could outgrow the broker's packet limit. */
	if ((s = json_dumps(root, JSON_COMPACT)) == NULL)
		log_warnx("proto: cannot encode %s: out of memory", what);
	json_decref(root);
	return s;
}

/* Adds key: value to o, taking the reference to value; -1 on failure. */
static int
put(json_t *o, const char *key, json_t *value)
{
	if (value == NULL)
		return -1;
	return json_object_set_new_nocheck(o, key, value);
}

static json_t *
new_service(char service)
{
	char s[2] = { service, '\0' };

	return json_string(s);
}

static json_t *
new_ticket(struct chk *c, const char *key, const struct ticket *t,
    bool null_ok)
{
	json_t *o;

	if (chk_ticket(c, key, t, null_ok) == -1)
		return NULL;
	if (t->service == 0)
		return json_null();
	if ((o = json_object()) == NULL)
		return NULL;
	if (put(o, "service", new_service(t->service)) == -1 ||
	    put(o, "number", json_integer(t->number)) == -1 ||
	    (t->priority && put(o, "priority", json_true()) == -1)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *
new_id(struct chk *c, const char *key, const char *id, bool empty_ok)
{
	size_t n;

	if (chk_cstr(c, key, id, PROTO_ID_MAX, &n) == -1 ||
	    chk_id(c, key, id, n, empty_ok) == -1)
		return NULL;
	return json_stringn(id, n);
}

static json_t *
new_text(struct chk *c, const char *key, const char *s, size_t size)
{
	size_t n;

	if (chk_cstr(c, key, s, size, &n) == -1 ||
	    chk_text(c, key, s, n, size) == -1)
		return NULL;
	return json_stringn(s, n);
}

static json_t *
new_int(struct chk *c, const char *key, long long v, long long min,
    long long max)
{
	if (chk_range(c, key, v, min, max) == -1)
		return NULL;
	return json_integer(v);
}

static json_t *
new_status(struct chk *c, const char *key, enum desk_status st,
    bool offline_ok)
{
	if ((unsigned)st >= DESK__COUNT) {
		chk_fail(c, key, "bad status %d", (int)st);
		return NULL;
	}
	if (st == DESK_OFFLINE && !offline_ok) {
		chk_fail(c, key, "\"offline\" only appears on the board");
		return NULL;
	}
	return json_string(proto_status_name(st));
}

/* A fresh object with "v" first, as every payload starts. */
static json_t *
new_payload(void)
{
	json_t *o;

	if ((o = json_object()) == NULL)
		return NULL;
	if (put(o, "v", json_integer(PROTO_VERSION)) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

char *
proto_cmd_encode(const struct proto_cmd *cmd)
{
	char err[PROTO_REASON_MAX];
	struct chk c;
	json_t *o;

	chk_init(&c, err, sizeof(err));
	if ((unsigned)cmd->op >= OP__COUNT) {
		chk_fail(&c, "op", "bad op %d", (int)cmd->op);
		return payload_dump(NULL, "cmd", &c);
	}
	if ((o = new_payload()) == NULL ||
	    put(o, "op", json_string(proto_op_name(cmd->op))) == -1 ||
	    put(o, "id", new_id(&c, "id", cmd->id, false)) == -1)
		goto err;
	if (cmd->op == OP_TRANSFER && (chk_service(&c, "service",
	    cmd->service) == -1 ||
	    put(o, "service", new_service(cmd->service)) == -1))
		goto err;
	if (cmd->op == OP_RATE && put(o, "value",
	    new_int(&c, "value", cmd->value, RATE_MIN, RATE_MAX)) == -1)
		goto err;
	if (cmd->op == OP_TAKE_PRIORITY && cmd->service != 0 &&
	    (chk_service(&c, "service", cmd->service) == -1 ||
	    put(o, "service", new_service(cmd->service)) == -1))
		goto err;
	if (cmd->op == OP_REQUEUE && put(o, "ticket",
	    new_ticket(&c, "ticket", &cmd->ticket, false)) == -1)
		goto err;
	if (cmd->deadline_ms != 0 && put(o, "deadline_ms",
	    new_int(&c, "deadline_ms", cmd->deadline_ms, 1, INT64_MAX)) == -1)
		goto err;
	return payload_dump(o, "cmd", &c);
err:
	json_decref(o);
	return payload_dump(NULL, "cmd", &c);
}

char *
proto_desk_state_encode(const struct proto_desk_state *st)
{
	char err[PROTO_REASON_MAX];
	struct chk c;
	json_t *o;

	chk_init(&c, err, sizeof(err));
	if ((unsigned)st->result >= RESULT__COUNT) {
		chk_fail(&c, "result", "bad result %d", (int)st->result);
		return payload_dump(NULL, "desk state", &c);
	}
	if ((o = new_payload()) == NULL ||
	    put(o, "desk", new_int(&c, "desk", st->desk, 1, DESK_ID_MAX))
	    == -1 ||
	    put(o, "status", new_status(&c, "status", st->status, false))
	    == -1 ||
	    put(o, "ticket", new_ticket(&c, "ticket", &st->ticket, true))
	    == -1 ||
	    put(o, "last_id", new_id(&c, "last_id", st->last_id, true)) == -1 ||
	    put(o, "result", json_string(proto_result_name(st->result)))
	    == -1 ||
	    put(o, "reason", new_text(&c, "reason", st->reason,
	    sizeof(st->reason))) == -1 ||
	    put(o, "waiting", new_int(&c, "waiting", st->waiting, -1,
	    WAITING_MAX)) == -1 ||
	    put(o, "time_ms", new_int(&c, "time_ms", st->time_ms, 0,
	    INT64_MAX)) == -1)
		goto err;
	return payload_dump(o, "desk state", &c);
err:
	json_decref(o);
	return payload_dump(NULL, "desk state", &c);
}

char *
proto_online_encode(const struct proto_online *on)
{
	char err[PROTO_REASON_MAX];
	struct chk c;
	json_t *o;

	chk_init(&c, err, sizeof(err));
	if ((o = new_payload()) == NULL ||
	    put(o, "online", json_boolean(on->online)) == -1 ||
	    put(o, "boot", new_id(&c, "boot", on->boot, true)) == -1)
		goto err;
	return payload_dump(o, "online", &c);
err:
	json_decref(o);
	return payload_dump(NULL, "online", &c);
}

/* Lower-case hex digits, exactly n of them. */
static json_t *
new_hex(struct chk *c, const char *key, const char *s, size_t size,
    size_t n)
{
	size_t i, len;

	if (chk_cstr(c, key, s, size, &len) == -1)
		return NULL;
	for (i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] == '-' && n == 19 && i % 5 == 4)))
			break;
	if (len != n || i != len) {
		chk_fail(c, key, "not a hash");
		return NULL;
	}
	return json_stringn(s, len);
}

char *
proto_head_encode(const struct proto_head *h)
{
	char err[PROTO_REASON_MAX];
	struct chk c;
	json_t *o;
	size_t n;

	chk_init(&c, err, sizeof(err));
	if (chk_cstr(&c, "day", h->day, sizeof(h->day), &n) == -1 ||
	    chk_day(&c, "day", h->day, n) == -1)
		return payload_dump(NULL, "head", &c);
	if ((o = new_payload()) == NULL ||
	    put(o, "day", json_stringn(h->day, n)) == -1 ||
	    put(o, "seq", new_int(&c, "seq", h->seq, 1, INT64_MAX)) == -1 ||
	    put(o, "head", new_hex(&c, "head", h->head, sizeof(h->head), 19))
	    == -1 ||
	    put(o, "hash", new_hex(&c, "hash", h->hash, sizeof(h->hash), 64))
	    == -1 ||
	    put(o, "time_ms", new_int(&c, "time_ms", h->time_ms, 0,
	    INT64_MAX)) == -1)
		goto err;
	return payload_dump(o, "head", &c);
err:
	json_decref(o);
	return payload_dump(NULL, "head", &c);
}

/* Adds the fields of one call to o, for the board and for ".../call". */
static int
put_call(struct chk *c, json_t *o, const struct board_call *call)
{
	if (put(o, "ticket", new_ticket(c, "ticket", &call->ticket, false))
	    == -1 ||
	    put(o, "desk", new_int(c, "desk", call->desk, 1, DESK_ID_MAX))
	    == -1 ||
	    put(o, "desk_name", new_text(c, "desk_name", call->desk_name,
	    sizeof(call->desk_name))) == -1 ||
	    put(o, "recall", json_boolean(call->recall)) == -1 ||
	    put(o, "time_ms", new_int(c, "time_ms", call->time_ms, 0,
	    INT64_MAX)) == -1)
		return -1;
	return 0;
}

static int
put_board_desk(struct chk *c, json_t *o, const struct board_desk *d)
{
	if (put(o, "id", new_int(c, "id", d->id, 1, DESK_ID_MAX)) == -1 ||
	    put(o, "name", new_text(c, "name", d->name, sizeof(d->name)))
	    == -1 ||
	    put(o, "status", new_status(c, "status", d->status, true)) == -1 ||
	    put(o, "ticket", new_ticket(c, "ticket", &d->ticket, true)) == -1)
		return -1;
	return 0;
}

static int
put_board_waiting(struct chk *c, json_t *o, const struct board_waiting *w)
{
	if (chk_service(c, "service", w->service) == -1 ||
	    put(o, "service", new_service(w->service)) == -1 ||
	    put(o, "name", new_text(c, "name", w->name, sizeof(w->name)))
	    == -1 ||
	    put(o, "count", new_int(c, "count", w->count, -1,
	    TICKET_NUMBER_MAX)) == -1)
		return -1;
	if ((unsigned)w->state >= WAITING__COUNT)
		return chk_fail(c, "state", "bad state %d", (int)w->state);
	/* Open is the default, and what older screens expect. */
	if (w->state != WAITING_OPEN && put(o, "state",
	    json_string(proto_waiting_state_name(w->state))) == -1)
		return -1;
	return 0;
}

static int
put_desk(struct chk *c, json_t *o, const void *p)
{
	return put_board_desk(c, o, p);
}

static int
put_board_call(struct chk *c, json_t *o, const void *p)
{
	return put_call(c, o, p);
}

static int
put_waiting(struct chk *c, json_t *o, const void *p)
{
	return put_board_waiting(c, o, p);
}

/* Builds an array of n objects, one per element, with one function. */
static json_t *
new_array(struct chk *c, const char *key, const void *first, int n,
    int max, size_t size, int (*fn)(struct chk *, json_t *, const void *))
{
	json_t *a, *e;
	size_t mark;
	int i, rc;

	if (chk_range(c, key, n, 0, max) == -1)
		return NULL;
	if ((a = json_array()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if ((e = json_object()) == NULL)
			goto err;
		mark = chk_enter(c, key, i);
		rc = fn(c, e, (const char *)first + i * size);
		chk_leave(c, mark);
		if (rc == -1 || json_array_append_new(a, e) == -1) {
			if (rc == -1)
				json_decref(e);
			goto err;
		}
	}
	return a;
err:
	json_decref(a);
	return NULL;
}

/* A zone's board names its zone and title; the whole hall's has
 * neither (older screens read it as before). */
static int
put_zone(struct chk *c, json_t *o, const struct board *b)
{
	size_t n;

	if (chk_cstr(c, "zone", b->zone, sizeof(b->zone), &n) == -1 ||
	    chk_zone(c, "zone", b->zone, n) == -1)
		return -1;
	if (n > 0 && put(o, "zone", json_stringn(b->zone, n)) == -1)
		return -1;
	if (b->title[0] != '\0' && put(o, "title", new_text(c, "title",
	    b->title, sizeof(b->title))) == -1)
		return -1;
	return 0;
}

char *
proto_board_encode(const struct board *b)
{
	char err[PROTO_REASON_MAX];
	struct chk c;
	json_t *o;
	size_t n;

	chk_init(&c, err, sizeof(err));
	if (chk_cstr(&c, "day", b->day, sizeof(b->day), &n) == -1 ||
	    chk_day(&c, "day", b->day, n) == -1)
		return payload_dump(NULL, "board", &c);
	if ((o = new_payload()) == NULL ||
	    put(o, "time_ms", new_int(&c, "time_ms", b->time_ms, 0,
	    INT64_MAX)) == -1 ||
	    put(o, "day", json_stringn(b->day, n)) == -1 ||
	    put_zone(&c, o, b) == -1 ||
	    put(o, "desks", new_array(&c, "desks", b->desks, b->ndesks,
	    BOARD_MAX_DESKS, sizeof(b->desks[0]), put_desk)) == -1 ||
	    put(o, "calls", new_array(&c, "calls", b->calls, b->ncalls,
	    BOARD_MAX_CALLS, sizeof(b->calls[0]), put_board_call)) == -1 ||
	    put(o, "waiting", new_array(&c, "waiting", b->waiting,
	    b->nwaiting, BOARD_MAX_SERVICES, sizeof(b->waiting[0]),
	    put_waiting)) == -1 ||
	    chk_board_unique(&c, b) == -1 ||
	    put(o, "fault", new_text(&c, "fault", b->fault,
	    sizeof(b->fault))) == -1)
		goto err;
	return payload_dump(o, "board", &c);
err:
	json_decref(o);
	return payload_dump(NULL, "board", &c);
}

char *
proto_call_encode(const struct proto_call *call)
{
	char err[PROTO_REASON_MAX];
	struct chk c;
	json_t *o;

	chk_init(&c, err, sizeof(err));
	if (call->seq > INT64_MAX) {
		chk_fail(&c, "seq", "above %lld", (long long)INT64_MAX);
		return payload_dump(NULL, "call", &c);
	}
	if ((o = new_payload()) == NULL ||
	    put(o, "seq", json_integer((json_int_t)call->seq)) == -1 ||
	    put_call(&c, o, &call->call) == -1)
		goto err;
	return payload_dump(o, "call", &c);
err:
	json_decref(o);
	return payload_dump(NULL, "call", &c);
}

char *
proto_take_encode(const struct proto_take *t)
{
	char err[PROTO_REASON_MAX];
	struct chk c;
	json_t *o;

	chk_init(&c, err, sizeof(err));
	if (chk_service(&c, "service", t->service) == -1)
		return payload_dump(NULL, "take", &c);
	if ((o = new_payload()) == NULL ||
	    put(o, "id", new_id(&c, "id", t->id, false)) == -1 ||
	    put(o, "service", new_service(t->service)) == -1 ||
	    (t->priority && put(o, "priority", json_true()) == -1))
		goto err;
	return payload_dump(o, "take", &c);
err:
	json_decref(o);
	return payload_dump(NULL, "take", &c);
}

/* The optional fields of a kiosk's answer, written only when set. */
static int
put_ticket_extra(struct chk *c, json_t *o, const struct proto_ticket *t)
{
	json_t *a;
	size_t n;

	if (t->priority && put(o, "priority", json_true()) == -1)
		return -1;
	if (t->wait_lo_min >= 0 || t->wait_hi_min >= 0) {
		if (chk_range(c, "wait_min", t->wait_lo_min, 0,
		    t->wait_hi_min) == -1 || chk_range(c, "wait_min",
		    t->wait_hi_min, 0, WAIT_MIN_MAX) == -1)
			return -1;
		if ((a = json_pack("[ii]", t->wait_lo_min,
		    t->wait_hi_min)) == NULL || put(o, "wait_min", a) == -1)
			return -1;
	}
	if (chk_cstr(c, "code", t->code, sizeof(t->code), &n) == -1)
		return -1;
	if (n > 0 && (chk_id(c, "code", t->code, n, false) == -1 ||
	    put(o, "code", json_stringn(t->code, n)) == -1))
		return -1;
	return 0;
}

char *
proto_ticket_encode(const struct proto_ticket *t)
{
	char err[PROTO_REASON_MAX];
	struct chk c;
	json_t *o;
	size_t n;

	chk_init(&c, err, sizeof(err));
	if ((unsigned)t->result >= RESULT__COUNT) {
		chk_fail(&c, "result", "bad result %d", (int)t->result);
		return payload_dump(NULL, "ticket", &c);
	}
	if (chk_cstr(&c, "day", t->day, sizeof(t->day), &n) == -1 ||
	    chk_day(&c, "day", t->day, n) == -1)
		return payload_dump(NULL, "ticket", &c);
	if ((o = new_payload()) == NULL ||
	    put(o, "id", new_id(&c, "id", t->id, false)) == -1 ||
	    put(o, "result", json_string(proto_result_name(t->result))) == -1 ||
	    put(o, "reason", new_text(&c, "reason", t->reason,
	    sizeof(t->reason))) == -1 ||
	    put(o, "ticket", new_ticket(&c, "ticket", &t->ticket,
	    t->result != RESULT_OK)) == -1 ||
	    put(o, "service_name", new_text(&c, "service_name",
	    t->service_name, sizeof(t->service_name))) == -1 ||
	    put(o, "waiting", new_int(&c, "waiting", t->waiting, -1,
	    WAITING_MAX)) == -1 ||
	    put(o, "day", json_stringn(t->day, n)) == -1 ||
	    put(o, "time_ms", new_int(&c, "time_ms", t->time_ms, 0,
	    INT64_MAX)) == -1 ||
	    put_ticket_extra(&c, o, t) == -1)
		goto err;
	return payload_dump(o, "ticket", &c);
err:
	json_decref(o);
	return payload_dump(NULL, "ticket", &c);
}

char *
proto_kiosk_status_encode(const struct proto_kiosk_status *s)
{
	char err[PROTO_REASON_MAX];
	struct chk c;
	json_t *o;

	chk_init(&c, err, sizeof(err));
	if ((unsigned)s->printer >= PRINTER__COUNT) {
		chk_fail(&c, "printer", "bad printer status %d",
		    (int)s->printer);
		return payload_dump(NULL, "kiosk status", &c);
	}
	if ((o = new_payload()) == NULL ||
	    put(o, "online", json_boolean(s->online)) == -1 ||
	    put(o, "printer", json_string(proto_printer_name(s->printer)))
	    == -1 ||
	    put(o, "pending", new_int(&c, "pending", s->pending, 0,
	    KIOSK_PENDING_MAX)) == -1)
		goto err;
	return payload_dump(o, "kiosk status", &c);
err:
	json_decref(o);
	return payload_dump(NULL, "kiosk status", &c);
}

size_t
proto_publish_size(size_t topic_len, size_t payload_len)
{
	size_t rest, n;

	/* Topic length, topic, packet id (QoS 1), payload. */
	rest = 2 + topic_len + 2 + payload_len;
	/* The remaining length takes 7 bits a byte. */
	for (n = 1; rest >> (7 * n) != 0; n++)
		;
	return 1 + n + rest;
}

/*
 * The same pieces for the protocol's other codec (proto-json.h).
 */

json_t *
proto_json_payload(void)
{
	return new_payload();
}

int
proto_json_put(json_t *o, const char *key, json_t *value)
{
	return put(o, key, value);
}

json_t *
proto_json_new_id(struct chk *c, const char *key, const char *id,
    bool empty_ok)
{
	return new_id(c, key, id, empty_ok);
}

json_t *
proto_json_new_text(struct chk *c, const char *key, const char *s,
    size_t size)
{
	return new_text(c, key, s, size);
}

json_t *
proto_json_new_int(struct chk *c, const char *key, long long v,
    long long min, long long max)
{
	return new_int(c, key, v, min, max);
}

char *
proto_json_dump(json_t *root, const char *what, struct chk *c)
{
	return payload_dump(root, what, c);
}
