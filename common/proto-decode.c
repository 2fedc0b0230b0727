/*
 * proto-decode.c - the payload decoders: JSON off the wire into the
 * protocol's structs, or the reason it was refused.
 */
#include "proto.h"

#include <string.h>

#include <jansson.h>

#include "proto-int.h"

/* Far above the largest board (about 64 KiB); refuse anything bigger
 * before jansson spends memory on it. */
#define PROTO_PAYLOAD_MAX	262144

/* How much of a peer's bad string is quoted back in a reason. */
#define QUOTE_MAX		20

/* A peer's string, made safe to quote in a reason that will be logged:
 * non-printable bytes become '?', and what does not fit ends in "...". */
static const char *
quote(const char *s, size_t n, char *buf, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (o + 4 >= len) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		buf[o++] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	}
	buf[o] = '\0';
	return buf;
}

/*
 * Decoding helpers: fetch one member of an object, check its JSON type,
 * then its value.
 */

static const char *
json_kind(const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
		return "integer";
	case JSON_REAL:
		return "real";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	case JSON_NULL:
		return "null";
	}
	return "?";
}

static json_t *
get_typed(struct chk *c, json_t *o, const char *key, json_type type,
    const char *want)
{
	json_t *j;

	if ((j = json_object_get(o, key)) == NULL) {
		chk_fail(c, key, "missing");
		return NULL;
	}
	if (json_typeof(j) != type) {
		chk_fail(c, key, "expected %s, got %s", want, json_kind(j));
		return NULL;
	}
	return j;
}

static int
get_int(struct chk *c, json_t *o, const char *key, long long min,
    long long max, long long *out)
{
	json_t *j;

	if ((j = get_typed(c, o, key, JSON_INTEGER, "an integer")) == NULL)
		return -1;
	*out = json_integer_value(j);
	return chk_range(c, key, *out, min, max);
}

static int
get_int32(struct chk *c, json_t *o, const char *key, int min, int max,
    int *out)
{
	long long v;

	if (get_int(c, o, key, min, max, &v) == -1)
		return -1;
	*out = (int)v;
	return 0;
}

static int
get_time(struct chk *c, json_t *o, const char *key, int64_t *out)
{
	long long v;

	if (get_int(c, o, key, 0, INT64_MAX, &v) == -1)
		return -1;
	*out = v;
	return 0;
}

static int
get_bool(struct chk *c, json_t *o, const char *key, bool *out)
{
	json_t *j;

	if ((j = json_object_get(o, key)) == NULL)
		return chk_fail(c, key, "missing");
	if (!json_is_boolean(j))
		return chk_fail(c, key, "expected a boolean, got %s",
		    json_kind(j));
	*out = json_is_true(j);
	return 0;
}

/* An optional boolean: absent is false. */
static int
get_opt_bool(struct chk *c, json_t *o, const char *key, bool *out)
{
	*out = false;
	if (json_object_get(o, key) == NULL)
		return 0;
	return get_bool(c, o, key, out);
}

static int
get_str(struct chk *c, json_t *o, const char *key, const char **s,
    size_t *n)
{
	json_t *j;

	if ((j = get_typed(c, o, key, JSON_STRING, "a string")) == NULL)
		return -1;
	*s = json_string_value(j);
	*n = json_string_length(j);
	/* jansson refuses \u0000 unless asked to allow it; stay sure. */
	if (strlen(*s) != *n)
		return chk_fail(c, key, "contains a NUL byte");
	return 0;
}

static int
get_id(struct chk *c, json_t *o, const char *key, char dst[PROTO_ID_MAX],
    bool empty_ok)
{
	const char *s;
	size_t n;

	if (get_str(c, o, key, &s, &n) == -1 ||
	    chk_id(c, key, s, n, empty_ok) == -1)
		return -1;
	memcpy(dst, s, n + 1);
	return 0;
}

static int
get_text(struct chk *c, json_t *o, const char *key, char *dst, size_t size)
{
	const char *s;
	size_t n;

	if (get_str(c, o, key, &s, &n) == -1 ||
	    chk_text(c, key, s, n, size) == -1)
		return -1;
	memcpy(dst, s, n + 1);
	return 0;
}

static int
get_service(struct chk *c, json_t *o, const char *key, char *out)
{
	char q[QUOTE_MAX + 4];
	const char *s;
	size_t n;

	if (get_str(c, o, key, &s, &n) == -1)
		return -1;
	if (n != 1 || s[0] < 'A' || s[0] > 'Z')
		return chk_fail(c, key, "\"%s\" is not a letter A..Z",
		    quote(s, n, q, sizeof(q)));
	*out = s[0];
	return 0;
}

static int
get_status(struct chk *c, json_t *o, const char *key, bool offline_ok,
    enum desk_status *out)
{
	char q[QUOTE_MAX + 4];
	const char *s;
	size_t n;

	if (get_str(c, o, key, &s, &n) == -1)
		return -1;
	if (proto_status_parse(s, out) == -1)
		return chk_fail(c, key, "unknown status \"%s\"",
		    quote(s, n, q, sizeof(q)));
	if (*out == DESK_OFFLINE && !offline_ok)
		return chk_fail(c, key,
		    "\"offline\" only appears on the board");
	return 0;
}

static int
get_result(struct chk *c, json_t *o, const char *key, enum proto_result *r)
{
	json_t *j;

	if ((j = get_typed(c, o, key, JSON_STRING, "a string")) == NULL)
		return -1;
	if (proto_result_parse(json_string_value(j), r) == -1)
		return chk_fail(c, key, "expected \"ok\" or \"refused\"");
	return 0;
}

/* {"service":"A","number":12}, or null when null_ok. */
static int
get_ticket(struct chk *c, json_t *o, const char *key, bool null_ok,
    struct ticket *t)
{
	json_t *j;
	size_t mark;
	int rc = 0;

	t->service = 0;
	t->number = 0;
	t->priority = false;
	if ((j = json_object_get(o, key)) == NULL)
		return chk_fail(c, key, "missing");
	if (json_is_null(j)) {
		if (!null_ok)
			return chk_fail(c, key, "a ticket is required");
		return 0;
	}
	if (!json_is_object(j))
		return chk_fail(c, key, "expected an object or null, got %s",
		    json_kind(j));
	mark = chk_enter(c, key, -1);
	if (get_service(c, j, "service", &t->service) == -1 ||
	    get_int32(c, j, "number", 1, TICKET_NUMBER_MAX, &t->number) == -1 ||
	    get_opt_bool(c, j, "priority", &t->priority) == -1)
		rc = -1;
	chk_leave(c, mark);
	return rc;
}

static json_t *
get_array(struct chk *c, json_t *o, const char *key, size_t max)
{
	json_t *j;

	if ((j = get_typed(c, o, key, JSON_ARRAY, "an array")) == NULL)
		return NULL;
	if (json_array_size(j) > max) {
		chk_fail(c, key, "%zu entries, max %zu", json_array_size(j),
		    max);
		return NULL;
	}
	return j;
}

/* Parses the payload and checks it is an object of our version. */
static json_t *
payload_open(struct chk *c, const void *buf, size_t len)
{
	char q[PROTO_REASON_MAX];
	json_error_t je;
	json_t *root, *v;

	if (buf == NULL)
		buf = "";
	if (len > PROTO_PAYLOAD_MAX) {
		chk_fail(c, NULL, "payload too large (%zu bytes, max %d)",
		    len, PROTO_PAYLOAD_MAX);
		return NULL;
	}
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
	    &je);
	if (root == NULL) {
		chk_fail(c, NULL, "invalid JSON at byte %d: %s", je.position,
		    quote(je.text, strnlen(je.text, sizeof(je.text)), q,
		    sizeof(q)));
		return NULL;
	}
	if (!json_is_object(root)) {
		chk_fail(c, NULL, "payload is not a JSON object but %s",
		    json_kind(root));
		goto err;
	}
	if ((v = get_typed(c, root, "v", JSON_INTEGER, "an integer")) == NULL)
		goto err;
	if (json_integer_value(v) != PROTO_VERSION) {
		chk_fail(c, NULL, "unsupported version %lld",
		    (long long)json_integer_value(v));
		goto err;
	}
	return root;
err:
	json_decref(root);
	return NULL;
}

/*
 * Decoders.
 */

int
proto_cmd_decode(const void *buf, size_t len, struct proto_cmd *out,
    char *err, size_t errlen)
{
	char q[QUOTE_MAX + 4];
	struct chk c;
	json_t *root;
	const char *s;
	size_t n;
	int rc = -1;

	chk_init(&c, err, errlen);
	memset(out, 0, sizeof(*out));
	if ((root = payload_open(&c, buf, len)) == NULL)
		return -1;
	if (get_str(&c, root, "op", &s, &n) == -1)
		goto out;
	if (proto_op_parse(s, &out->op) == -1) {
		chk_fail(&c, "op", "unknown op \"%s\"", quote(s, n, q,
		    sizeof(q)));
		goto out;
	}
	if (get_id(&c, root, "id", out->id, false) == -1)
		goto out;
	/* "service" and "value" only mean something to their own op. */
	if (out->op == OP_TRANSFER &&
	    get_service(&c, root, "service", &out->service) == -1)
		goto out;
	if (out->op == OP_TAKE_PRIORITY &&
	    json_object_get(root, "service") != NULL &&
	    get_service(&c, root, "service", &out->service) == -1)
		goto out;
	if (out->op == OP_RATE &&
	    get_int32(&c, root, "value", RATE_MIN, RATE_MAX, &out->value) == -1)
		goto out;
	if (out->op == OP_REQUEUE &&
	    get_ticket(&c, root, "ticket", false, &out->ticket) == -1)
		goto out;
	if (json_object_get(root, "deadline_ms") != NULL &&
	    get_time(&c, root, "deadline_ms", &out->deadline_ms) == -1)
		goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int
proto_desk_state_decode(const void *buf, size_t len,
    struct proto_desk_state *out, char *err, size_t errlen)
{
	struct chk c;
	json_t *root;
	int rc = -1;

	chk_init(&c, err, errlen);
	memset(out, 0, sizeof(*out));
	if ((root = payload_open(&c, buf, len)) == NULL)
		return -1;
	if (get_int32(&c, root, "desk", 1, DESK_ID_MAX, &out->desk) == -1 ||
	    get_status(&c, root, "status", false, &out->status) == -1 ||
	    get_ticket(&c, root, "ticket", true, &out->ticket) == -1 ||
	    get_id(&c, root, "last_id", out->last_id, true) == -1)
		goto out;
	if (get_result(&c, root, "result", &out->result) == -1)
		goto out;
	if (get_text(&c, root, "reason", out->reason, sizeof(out->reason))
	    == -1 ||
	    get_int32(&c, root, "waiting", -1, WAITING_MAX, &out->waiting)
	    == -1 ||
	    get_time(&c, root, "time_ms", &out->time_ms) == -1)
		goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int
proto_online_decode(const void *buf, size_t len, struct proto_online *out,
    char *err, size_t errlen)
{
	struct chk c;
	json_t *root;
	int rc = -1;

	chk_init(&c, err, errlen);
	memset(out, 0, sizeof(*out));
	if ((root = payload_open(&c, buf, len)) == NULL)
		return -1;
	if (get_bool(&c, root, "online", &out->online) == -1 ||
	    get_id(&c, root, "boot", out->boot, true) == -1)
		goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/* Fields of one call, shared by board "calls" entries and ".../call". */
static int
get_call(struct chk *c, json_t *o, struct board_call *call)
{
	if (get_ticket(c, o, "ticket", false, &call->ticket) == -1 ||
	    get_int32(c, o, "desk", 1, DESK_ID_MAX, &call->desk) == -1 ||
	    get_text(c, o, "desk_name", call->desk_name,
	    sizeof(call->desk_name)) == -1 ||
	    get_bool(c, o, "recall", &call->recall) == -1 ||
	    get_time(c, o, "time_ms", &call->time_ms) == -1)
		return -1;
	return 0;
}

static int
get_board_desk(struct chk *c, json_t *o, struct board_desk *d)
{
	if (get_int32(c, o, "id", 1, DESK_ID_MAX, &d->id) == -1 ||
	    get_text(c, o, "name", d->name, sizeof(d->name)) == -1 ||
	    get_status(c, o, "status", true, &d->status) == -1 ||
	    get_ticket(c, o, "ticket", true, &d->ticket) == -1)
		return -1;
	return 0;
}

static int
get_board_waiting(struct chk *c, json_t *o, struct board_waiting *w)
{
	char q[QUOTE_MAX + 4];
	const char *s;
	size_t n;

	if (get_service(c, o, "service", &w->service) == -1 ||
	    get_text(c, o, "name", w->name, sizeof(w->name)) == -1 ||
	    get_int32(c, o, "count", -1, TICKET_NUMBER_MAX, &w->count) == -1)
		return -1;
	w->state = WAITING_OPEN;
	if (json_object_get(o, "state") == NULL)
		return 0;
	if (get_str(c, o, "state", &s, &n) == -1)
		return -1;
	if (proto_waiting_state_parse(s, &w->state) == -1)
		return chk_fail(c, "state", "unknown state \"%s\"",
		    quote(s, n, q, sizeof(q)));
	return 0;
}

/* Decodes every element of an array of objects with one function. */
static int
get_each(struct chk *c, json_t *a, const char *key, void *first,
    size_t size, int (*fn)(struct chk *, json_t *, void *))
{
	json_t *e;
	size_t i, mark;
	int rc = 0;

	json_array_foreach(a, i, e) {
		mark = chk_enter(c, key, (long)i);
		if (!json_is_object(e))
			rc = chk_fail(c, "", "expected an object, got %s",
			    json_kind(e));
		else
			rc = fn(c, e, (char *)first + i * size);
		chk_leave(c, mark);
		if (rc == -1)
			return -1;
	}
	return 0;
}

static int
each_desk(struct chk *c, json_t *o, void *p)
{
	return get_board_desk(c, o, p);
}

static int
each_call(struct chk *c, json_t *o, void *p)
{
	return get_call(c, o, p);
}

static int
each_waiting(struct chk *c, json_t *o, void *p)
{
	return get_board_waiting(c, o, p);
}

int
proto_board_decode(const void *buf, size_t len, struct board *out,
    char *err, size_t errlen)
{
	struct chk c;
	json_t *root, *a;
	const char *s;
	size_t n;
	int rc = -1;

	chk_init(&c, err, errlen);
	memset(out, 0, sizeof(*out));
	if ((root = payload_open(&c, buf, len)) == NULL)
		return -1;
	if (get_time(&c, root, "time_ms", &out->time_ms) == -1 ||
	    get_str(&c, root, "day", &s, &n) == -1 ||
	    chk_day(&c, "day", s, n) == -1)
		goto out;
	memcpy(out->day, s, n + 1);
	if (json_object_get(root, "zone") != NULL) {
		if (get_str(&c, root, "zone", &s, &n) == -1 ||
		    chk_zone(&c, "zone", s, n) == -1)
			goto out;
		memcpy(out->zone, s, n + 1);
	}
	if (json_object_get(root, "title") != NULL &&
	    get_text(&c, root, "title", out->title, sizeof(out->title)) == -1)
		goto out;

	if ((a = get_array(&c, root, "desks", BOARD_MAX_DESKS)) == NULL ||
	    get_each(&c, a, "desks", out->desks, sizeof(out->desks[0]),
	    each_desk) == -1)
		goto out;
	out->ndesks = json_array_size(a);

	if ((a = get_array(&c, root, "calls", BOARD_MAX_CALLS)) == NULL ||
	    get_each(&c, a, "calls", out->calls, sizeof(out->calls[0]),
	    each_call) == -1)
		goto out;
	out->ncalls = json_array_size(a);

	if ((a = get_array(&c, root, "waiting", BOARD_MAX_SERVICES)) == NULL ||
	    get_each(&c, a, "waiting", out->waiting, sizeof(out->waiting[0]),
	    each_waiting) == -1)
		goto out;
	out->nwaiting = json_array_size(a);

	if (chk_board_unique(&c, out) == -1 ||
	    get_text(&c, root, "fault", out->fault, sizeof(out->fault)) == -1)
		goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int
proto_call_decode(const void *buf, size_t len, struct proto_call *out,
    char *err, size_t errlen)
{
	struct chk c;
	json_t *root;
	long long seq;
	int rc = -1;

	chk_init(&c, err, errlen);
	memset(out, 0, sizeof(*out));
	if ((root = payload_open(&c, buf, len)) == NULL)
		return -1;
	if (get_int(&c, root, "seq", 0, INT64_MAX, &seq) == -1 ||
	    get_call(&c, root, &out->call) == -1)
		goto out;
	out->seq = (uint64_t)seq;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int
proto_take_decode(const void *buf, size_t len, struct proto_take *out,
    char *err, size_t errlen)
{
	struct chk c;
	json_t *root;
	int rc = -1;

	chk_init(&c, err, errlen);
	memset(out, 0, sizeof(*out));
	if ((root = payload_open(&c, buf, len)) == NULL)
		return -1;
	if (get_id(&c, root, "id", out->id, false) == -1 ||
	    get_service(&c, root, "service", &out->service) == -1 ||
	    get_opt_bool(&c, root, "priority", &out->priority) == -1)
		goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/* The optional fields of a kiosk's answer. */
static int
get_ticket_extra(struct chk *c, json_t *root, struct proto_ticket *out)
{
	json_t *a, *lo, *hi;
	const char *s;
	size_t n;

	out->wait_lo_min = out->wait_hi_min = -1;
	if (get_opt_bool(c, root, "priority", &out->priority) == -1)
		return -1;
	if ((a = json_object_get(root, "wait_min")) != NULL) {
		lo = json_array_get(a, 0);
		hi = json_array_get(a, 1);
		if (!json_is_array(a) || json_array_size(a) != 2 ||
		    !json_is_integer(lo) || !json_is_integer(hi))
			return chk_fail(c, "wait_min", "expected [low, high] "
			    "in minutes");
		if (chk_range(c, "wait_min", json_integer_value(hi), 0,
		    WAIT_MIN_MAX) == -1 || chk_range(c, "wait_min",
		    json_integer_value(lo), 0, json_integer_value(hi)) == -1)
			return -1;
		out->wait_lo_min = (int)json_integer_value(lo);
		out->wait_hi_min = (int)json_integer_value(hi);
	}
	if (json_object_get(root, "code") != NULL) {
		if (get_str(c, root, "code", &s, &n) == -1 ||
		    n >= sizeof(out->code) ||
		    chk_id(c, "code", s, n, false) == -1)
			return n >= sizeof(out->code) ? chk_fail(c, "code",
			    "too long") : -1;
		memcpy(out->code, s, n + 1);
	}
	return 0;
}

int
proto_ticket_decode(const void *buf, size_t len, struct proto_ticket *out,
    char *err, size_t errlen)
{
	struct chk c;
	json_t *root;
	const char *s;
	size_t n;
	int rc = -1;

	chk_init(&c, err, errlen);
	memset(out, 0, sizeof(*out));
	if ((root = payload_open(&c, buf, len)) == NULL)
		return -1;
	if (get_id(&c, root, "id", out->id, false) == -1 ||
	    get_result(&c, root, "result", &out->result) == -1 ||
	    get_text(&c, root, "reason", out->reason, sizeof(out->reason))
	    == -1 ||
	    get_ticket(&c, root, "ticket", out->result != RESULT_OK,
	    &out->ticket) == -1 ||
	    get_text(&c, root, "service_name", out->service_name,
	    sizeof(out->service_name)) == -1 ||
	    get_int32(&c, root, "waiting", -1, WAITING_MAX, &out->waiting)
	    == -1 ||
	    get_str(&c, root, "day", &s, &n) == -1 ||
	    chk_day(&c, "day", s, n) == -1)
		goto out;
	memcpy(out->day, s, n + 1);
	if (get_time(&c, root, "time_ms", &out->time_ms) == -1 ||
	    get_ticket_extra(&c, root, out) == -1)
		goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int
proto_kiosk_status_decode(const void *buf, size_t len,
    struct proto_kiosk_status *out, char *err, size_t errlen)
{
	char q[QUOTE_MAX + 4];
	struct chk c;
	json_t *root;
	const char *s;
	size_t n;
	int rc = -1;

	chk_init(&c, err, errlen);
	memset(out, 0, sizeof(*out));
	if ((root = payload_open(&c, buf, len)) == NULL)
		return -1;
	if (get_bool(&c, root, "online", &out->online) == -1 ||
	    get_str(&c, root, "printer", &s, &n) == -1)
		goto out;
	if (proto_printer_parse(s, &out->printer) == -1) {
		chk_fail(&c, "printer", "unknown printer status \"%s\"",
		    quote(s, n, q, sizeof(q)));
		goto out;
	}
	if (json_object_get(root, "pending") != NULL &&
	    get_int32(&c, root, "pending", 0, KIOSK_PENDING_MAX,
	    &out->pending) == -1)
		goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/*
 * The same pieces for the protocol's other codec (proto-json.h).
 */

json_t *
proto_json_open(struct chk *c, const void *buf, size_t len)
{
	return payload_open(c, buf, len);
}

json_t *
proto_json_get(struct chk *c, json_t *o, const char *key, json_type type,
    const char *want)
{
	return get_typed(c, o, key, type, want);
}

int
proto_json_int(struct chk *c, json_t *o, const char *key, long long min,
    long long max, long long *out)
{
	return get_int(c, o, key, min, max, out);
}

int
proto_json_str(struct chk *c, json_t *o, const char *key, const char **s,
    size_t *n)
{
	return get_str(c, o, key, s, n);
}

int
proto_json_id(struct chk *c, json_t *o, const char *key,
    char dst[PROTO_ID_MAX], bool empty_ok)
{
	return get_id(c, o, key, dst, empty_ok);
}

int
proto_json_text(struct chk *c, json_t *o, const char *key, char *dst,
    size_t size)
{
	return get_text(c, o, key, dst, size);
}

int
proto_json_result(struct chk *c, json_t *o, const char *key,
    enum proto_result *r)
{
	return get_result(c, o, key, r);
}

json_t *
proto_json_array(struct chk *c, json_t *o, const char *key, size_t max)
{
	return get_array(c, o, key, max);
}

const char *
proto_json_kind(const json_t *j)
{
	return json_kind(j);
}

const char *
proto_json_quote(const char *s, size_t n, char *buf, size_t len)
{
	return quote(s, n, buf, len);
}
