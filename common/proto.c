/*
 * proto.c - the JSON codec and the topic names of the Antre MQTT protocol.
 *
 * Decoders trust nothing: every field is checked for presence, type and
 * range, and the first problem found becomes the reason handed back to the
 * caller, who logs it and drops the message. Encoders run the very same
 * checks on the struct, so the central never publishes a payload that a
 * desk or a screen would refuse. docs/protocol.md describes the wire format.
 */
#include "proto.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "log.h"

/* Far above the largest board (about 16 KiB); refuse anything bigger
 * before jansson spends memory on it. */
#define PROTO_PAYLOAD_MAX	65536

#define RATE_MIN		1
#define RATE_MAX		5
/* A desk can at most wait for every ticket of every service; -1 is
 * "unknown", as with numbers from a pre-printed roll. */
#define WAITING_MAX		(BOARD_MAX_SERVICES * TICKET_NUMBER_MAX)

/* How much of a peer's bad string is quoted back in a reason. */
#define QUOTE_MAX		20

/*
 * Where the checks stand: the reason buffer and the path of the object
 * being looked at ("desks[3].ticket"), so a reason names the exact field.
 */
struct chk {
	char	*err;
	size_t	 errlen;
	char	 path[48];
	size_t	 pathlen;
};

static const char *const op_names[OP__COUNT] = {
	[OP_NEXT] = "next",
	[OP_RECALL] = "recall",
	[OP_NOSHOW] = "noshow",
	[OP_REQUEUE] = "requeue",
	[OP_TRANSFER] = "transfer",
	[OP_PAUSE] = "pause",
	[OP_RESUME] = "resume",
	[OP_CLOSE] = "close",
	[OP_RATE] = "rate",
};

static const char *const status_names[DESK__COUNT] = {
	[DESK_IDLE] = "idle",
	[DESK_SERVING] = "serving",
	[DESK_PAUSED] = "paused",
	[DESK_CLOSED] = "closed",
	[DESK_OFFLINE] = "offline",
};

static const char *const result_names[RESULT__COUNT] = {
	[RESULT_OK] = "ok",
	[RESULT_REFUSED] = "refused",
};

static int
name_lookup(const char *const *names, int count, const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < count; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *
proto_op_name(enum proto_op op)
{
	if ((unsigned)op >= OP__COUNT)
		return "?";
	return op_names[op];
}

int
proto_op_parse(const char *s, enum proto_op *op)
{
	int i;

	if ((i = name_lookup(op_names, OP__COUNT, s)) == -1)
		return -1;
	*op = i;
	return 0;
}

const char *
proto_status_name(enum desk_status st)
{
	if ((unsigned)st >= DESK__COUNT)
		return "?";
	return status_names[st];
}

int
proto_status_parse(const char *s, enum desk_status *st)
{
	int i;

	if ((i = name_lookup(status_names, DESK__COUNT, s)) == -1)
		return -1;
	*st = i;
	return 0;
}

const char *
proto_result_name(enum proto_result r)
{
	if ((unsigned)r >= RESULT__COUNT)
		return "?";
	return result_names[r];
}

const char *
ticket_format(const struct ticket *t, char *buf, size_t len)
{
	if (buf == NULL || len == 0)
		return "";
	buf[0] = '\0';
	if (t == NULL || t->service < 'A' || t->service > 'Z' ||
	    t->number < 1 || t->number > TICKET_NUMBER_MAX)
		return buf;
	snprintf(buf, len, "%c%d", t->service, t->number);
	return buf;
}

/*
 * Reasons.
 */

static void
chk_init(struct chk *c, char *err, size_t errlen)
{
	c->err = errlen > 0 ? err : NULL;
	c->errlen = err != NULL ? errlen : 0;
	c->path[0] = '\0';
	c->pathlen = 0;
	if (c->errlen > 0)
		c->err[0] = '\0';
}

/* Enters a nested object or array element; returns the mark to leave. */
static size_t
chk_enter(struct chk *c, const char *name, long idx)
{
	size_t mark = c->pathlen;
	size_t room = sizeof(c->path) - c->pathlen;
	int n;

	if (idx >= 0)
		n = snprintf(c->path + c->pathlen, room, "%s%s[%ld]",
		    mark > 0 ? "." : "", name, idx);
	else
		n = snprintf(c->path + c->pathlen, room, "%s%s",
		    mark > 0 ? "." : "", name);
	if (n < 0 || (size_t)n >= room)
		c->pathlen = sizeof(c->path) - 1;
	else
		c->pathlen += n;
	return mark;
}

static void
chk_leave(struct chk *c, size_t mark)
{
	c->pathlen = mark;
	c->path[mark] = '\0';
}

/* Writes 'field "<path>.<key>": <message>' (or the bare message when key
 * is NULL) and returns -1. */
static int __attribute__((format(printf, 3, 4)))
chk_fail(struct chk *c, const char *key, const char *fmt, ...)
{
	char msg[PROTO_REASON_MAX];
	va_list ap;

	if (c->errlen == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (key == NULL)
		snprintf(c->err, c->errlen, "%s", msg);
	else if (c->pathlen == 0)
		snprintf(c->err, c->errlen, "field \"%s\": %s", key, msg);
	else if (key[0] == '\0')
		snprintf(c->err, c->errlen, "field \"%s\": %s", c->path, msg);
	else
		snprintf(c->err, c->errlen, "field \"%s.%s\": %s", c->path,
		    key, msg);
	return -1;
}

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
 * Value checks, shared by decoders (on what came off the wire) and encoders
 * (on what the program is about to send).
 */

/* Command and boot ids: printable ASCII without spaces, so they can be
 * logged and compared as they are. */
static int
chk_id(struct chk *c, const char *key, const char *s, size_t n,
    bool empty_ok)
{
	size_t i;

	if (n == 0 && !empty_ok)
		return chk_fail(c, key, "empty");
	if (n >= PROTO_ID_MAX)
		return chk_fail(c, key, "too long (%zu bytes, max %d)", n,
		    PROTO_ID_MAX - 1);
	for (i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f)
			return chk_fail(c, key,
			    "byte %zu is a space or not printable ASCII", i);
	return 0;
}

/*
 * Names and messages shown to people: valid UTF-8 without control
 * characters, and short enough for a buffer of size bytes. Too long is
 * refused rather than cut, which could split a character in two.
 */
static int
chk_text(struct chk *c, const char *key, const char *s, size_t n,
    size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp, min;
	size_t i = 0, k, clen;

	if (n >= size)
		return chk_fail(c, key, "too long (%zu bytes, max %zu)", n,
		    size - 1);
	while (i < n) {
		if (p[i] < 0x80) {
			if (p[i] < 0x20 || p[i] == 0x7f)
				goto control;
			i++;
			continue;
		}
		if (p[i] >= 0xc2 && p[i] <= 0xdf) {
			clen = 2;
			cp = p[i] & 0x1f;
			min = 0x80;
		} else if (p[i] >= 0xe0 && p[i] <= 0xef) {
			clen = 3;
			cp = p[i] & 0x0f;
			min = 0x800;
		} else if (p[i] >= 0xf0 && p[i] <= 0xf4) {
			clen = 4;
			cp = p[i] & 0x07;
			min = 0x10000;
		} else
			goto bad;
		if (n - i < clen)
			goto bad;
		for (k = 1; k < clen; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto bad;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			goto bad;
		if (cp <= 0x9f)
			goto control;
		i += clen;
	}
	return 0;
bad:
	return chk_fail(c, key, "invalid UTF-8 at byte %zu", i);
control:
	return chk_fail(c, key, "control character at byte %zu", i);
}

int
proto_text_check(const char *s, size_t size, char *err, size_t errlen)
{
	struct chk c;

	chk_init(&c, err, errlen);
	return chk_text(&c, NULL, s, strlen(s), size);
}

static int
chk_service(struct chk *c, const char *key, char service)
{
	if (service < 'A' || service > 'Z')
		return chk_fail(c, key, "service must be a letter A..Z");
	return 0;
}

static int
chk_range(struct chk *c, const char *key, long long v, long long min,
    long long max)
{
	if (v < min || v > max)
		return chk_fail(c, key, "%lld out of range %lld..%lld", v, min,
		    max);
	return 0;
}

static int
chk_day(struct chk *c, const char *key, const char *s, size_t n)
{
	static const char shape[] = "dddd-dd-dd";
	int month, mday;
	size_t i;

	if (n != sizeof(shape) - 1)
		goto bad;
	for (i = 0; i < n; i++) {
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			goto bad;
	}
	month = (s[5] - '0') * 10 + (s[6] - '0');
	mday = (s[8] - '0') * 10 + (s[9] - '0');
	if (month < 1 || month > 12 || mday < 1 || mday > 31)
		goto bad;
	return 0;
bad:
	return chk_fail(c, key, "not a YYYY-MM-DD date");
}

/* For encoders: a C string in a fixed buffer, which must hold its NUL. */
static int
chk_cstr(struct chk *c, const char *key, const char *s, size_t size,
    size_t *n)
{
	*n = strnlen(s, size);
	if (*n == size)
		return chk_fail(c, key, "not NUL-terminated");
	return 0;
}

static int
chk_ticket(struct chk *c, const char *key, const struct ticket *t,
    bool null_ok)
{
	size_t mark;
	int rc = 0;

	if (t->service == 0) {
		if (!null_ok)
			return chk_fail(c, key, "a ticket is required");
		return 0;
	}
	mark = chk_enter(c, key, -1);
	if (chk_service(c, "service", t->service) == -1 ||
	    chk_range(c, "number", t->number, 1, TICKET_NUMBER_MAX) == -1)
		rc = -1;
	chk_leave(c, mark);
	return rc;
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
	if (name_lookup(result_names, RESULT__COUNT, json_string_value(j)) ==
	    -1)
		return chk_fail(c, key, "expected \"ok\" or \"refused\"");
	*r = name_lookup(result_names, RESULT__COUNT, json_string_value(j));
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
	    get_int32(c, j, "number", 1, TICKET_NUMBER_MAX, &t->number) == -1)
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
	if (get_service(c, o, "service", &w->service) == -1 ||
	    get_text(c, o, "name", w->name, sizeof(w->name)) == -1 ||
	    get_int32(c, o, "count", -1, TICKET_NUMBER_MAX, &w->count) == -1)
		return -1;
	return 0;
}

/* Each desk once on the board, each service once in the waiting list. */
static int
chk_board_unique(struct chk *c, const struct board *b)
{
	size_t mark;
	int i, k, rc = 0;

	for (i = 0; i < b->ndesks && rc == 0; i++) {
		for (k = 0; k < i; k++)
			if (b->desks[k].id == b->desks[i].id)
				break;
		if (k < i) {
			mark = chk_enter(c, "desks", i);
			rc = chk_fail(c, "id", "desk %d listed twice",
			    b->desks[i].id);
			chk_leave(c, mark);
		}
	}
	for (i = 0; i < b->nwaiting && rc == 0; i++) {
		for (k = 0; k < i; k++)
			if (b->waiting[k].service == b->waiting[i].service)
				break;
		if (k < i) {
			mark = chk_enter(c, "waiting", i);
			rc = chk_fail(c, "service", "service %c listed twice",
			    b->waiting[i].service);
			chk_leave(c, mark);
		}
	}
	return rc;
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

/*
 * Encoders. Each checks the struct with the decoder's rules, builds the
 * JSON with jansson and prints it compact.
 */

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
	    get_service(&c, root, "service", &out->service) == -1)
		goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
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
	if (get_time(&c, root, "time_ms", &out->time_ms) == -1)
		goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
}

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
	if ((s = json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII)) == NULL)
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
	    put(o, "number", json_integer(t->number)) == -1) {
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
	return json_string(status_names[st]);
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
	    put(o, "op", json_string(op_names[cmd->op])) == -1 ||
	    put(o, "id", new_id(&c, "id", cmd->id, false)) == -1)
		goto err;
	if (cmd->op == OP_TRANSFER && (chk_service(&c, "service",
	    cmd->service) == -1 ||
	    put(o, "service", new_service(cmd->service)) == -1))
		goto err;
	if (cmd->op == OP_RATE && put(o, "value",
	    new_int(&c, "value", cmd->value, RATE_MIN, RATE_MAX)) == -1)
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
	    put(o, "result", json_string(result_names[st->result])) == -1 ||
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

/*
 * Topics.
 */

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
	    put(o, "service", new_service(t->service)) == -1)
		goto err;
	return payload_dump(o, "take", &c);
err:
	json_decref(o);
	return payload_dump(NULL, "take", &c);
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
	    put(o, "result", json_string(result_names[t->result])) == -1 ||
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
	    INT64_MAX)) == -1)
		goto err;
	return payload_dump(o, "ticket", &c);
err:
	json_decref(o);
	return payload_dump(NULL, "ticket", &c);
}


/* A prefix we can publish under: no wildcards, no empty level at the
 * end or start. */
static bool
prefix_ok(const char *prefix)
{
	size_t n;

	if (prefix == NULL || (n = strlen(prefix)) == 0)
		return false;
	if (prefix[0] == '/' || prefix[n - 1] == '/')
		return false;
	return strpbrk(prefix, "+#") == NULL;
}

static int __attribute__((format(printf, 3, 4)))
topic_print(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (buf == NULL || len == 0)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}

static int
topic_box(char *buf, size_t len, const char *prefix, const char *kind,
    int max, int id, const char *leaf)
{
	if (!prefix_ok(prefix) || id < 1 || id > max) {
		if (buf != NULL && len > 0)
			buf[0] = '\0';
		return -1;
	}
	return topic_print(buf, len, "%s/%s/%d/%s", prefix, kind, id, leaf);
}

static int
topic_desk(char *buf, size_t len, const char *prefix, int desk,
    const char *leaf)
{
	return topic_box(buf, len, prefix, "desk", DESK_ID_MAX, desk, leaf);
}

int
topic_desk_cmd(char *buf, size_t len, const char *prefix, int desk)
{
	return topic_desk(buf, len, prefix, desk, "cmd");
}

int
topic_desk_state(char *buf, size_t len, const char *prefix, int desk)
{
	return topic_desk(buf, len, prefix, desk, "state");
}

int
topic_desk_online(char *buf, size_t len, const char *prefix, int desk)
{
	return topic_desk(buf, len, prefix, desk, "online");
}

static int
topic_hall(char *buf, size_t len, const char *prefix, const char *leaf)
{
	if (!prefix_ok(prefix)) {
		if (buf != NULL && len > 0)
			buf[0] = '\0';
		return -1;
	}
	return topic_print(buf, len, "%s/%s", prefix, leaf);
}

int
topic_board(char *buf, size_t len, const char *prefix)
{
	return topic_hall(buf, len, prefix, "board");
}

int
topic_call(char *buf, size_t len, const char *prefix)
{
	return topic_hall(buf, len, prefix, "call");
}

int
topic_central_online(char *buf, size_t len, const char *prefix)
{
	return topic_hall(buf, len, prefix, "central/online");
}

int
topic_kiosk_take(char *buf, size_t len, const char *prefix, int kiosk)
{
	return topic_box(buf, len, prefix, "kiosk", KIOSK_ID_MAX, kiosk,
	    "take");
}

int
topic_kiosk_ticket(char *buf, size_t len, const char *prefix, int kiosk)
{
	return topic_box(buf, len, prefix, "kiosk", KIOSK_ID_MAX, kiosk,
	    "ticket");
}

/* "<prefix>/<kind>/<id>/<leaf>" with id in 1..max and leaf in leaves. */
static int
topic_parse_box(const char *topic, const char *prefix, const char *kind,
    int max, const char *const *leaves, size_t nleaves, const char **leaf)
{
	const char *p;
	size_t n, k, i;
	int id = 0;

	if (topic == NULL || !prefix_ok(prefix))
		return -1;
	n = strlen(prefix);
	k = strlen(kind);
	if (strncmp(topic, prefix, n) != 0 || topic[n] != '/' ||
	    strncmp(topic + n + 1, kind, k) != 0 || topic[n + 1 + k] != '/')
		return -1;
	p = topic + n + k + 2;
	/* Only the canonical spelling: no sign, no leading zero. */
	if (*p < '1' || *p > '9')
		return -1;
	for (i = 0; *p >= '0' && *p <= '9'; p++, i++) {
		if (i == 3)
			return -1;
		id = id * 10 + (*p - '0');
	}
	if (*p++ != '/' || id > max)
		return -1;
	for (i = 0; i < nleaves; i++) {
		if (strcmp(p, leaves[i]) == 0) {
			if (leaf != NULL)
				*leaf = p;
			return id;
		}
	}
	return -1;
}

int
topic_parse_desk(const char *topic, const char *prefix, const char **leaf)
{
	static const char *const leaves[] = { "cmd", "state", "online" };

	return topic_parse_box(topic, prefix, "desk", DESK_ID_MAX, leaves, 3,
	    leaf);
}

int
topic_parse_kiosk(const char *topic, const char *prefix, const char **leaf)
{
	static const char *const leaves[] = { "take", "ticket" };

	return topic_parse_box(topic, prefix, "kiosk", KIOSK_ID_MAX, leaves, 2,
	    leaf);
}
