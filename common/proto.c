/*
 * proto.c - the names of the Antre MQTT protocol and the checks its
 * decoders and encoders share.
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
#include <string.h>

#include "proto-int.h"

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
	[OP_TAKE_PRIORITY] = "take_priority",
};

static const char *const status_names[DESK__COUNT] = {
	[DESK_IDLE] = "idle",
	[DESK_SERVING] = "serving",
	[DESK_PAUSED] = "paused",
	[DESK_CLOSED] = "closed",
	[DESK_OFFLINE] = "offline",
};

static const char *const printer_names[PRINTER__COUNT] = {
	[PRINTER_OK] = "ok",
	[PRINTER_PAPER_LOW] = "paper_low",
	[PRINTER_PAPER_OUT] = "paper_out",
	[PRINTER_COVER_OPEN] = "cover_open",
	[PRINTER_OFFLINE] = "offline",
	[PRINTER_ERROR] = "error",
};

static const char *const waiting_state_names[WAITING__COUNT] = {
	[WAITING_OPEN] = "open",
	[WAITING_QUOTA] = "quota",
	[WAITING_CLOSED] = "closed",
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
proto_printer_name(enum kiosk_printer p)
{
	if ((unsigned)p >= PRINTER__COUNT)
		return "?";
	return printer_names[p];
}

int
proto_printer_parse(const char *s, enum kiosk_printer *p)
{
	int i;

	if ((i = name_lookup(printer_names, PRINTER__COUNT, s)) == -1)
		return -1;
	*p = i;
	return 0;
}

const char *
proto_waiting_state_name(enum waiting_state w)
{
	if ((unsigned)w >= WAITING__COUNT)
		return "?";
	return waiting_state_names[w];
}

int
proto_waiting_state_parse(const char *s, enum waiting_state *w)
{
	int i;

	if ((i = name_lookup(waiting_state_names, WAITING__COUNT, s)) == -1)
		return -1;
	*w = i;
	return 0;
}

int
proto_result_parse(const char *s, enum proto_result *r)
{
	int i;

	if ((i = name_lookup(result_names, RESULT__COUNT, s)) == -1)
		return -1;
	*r = i;
	return 0;
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

void
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
size_t
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

void
chk_leave(struct chk *c, size_t mark)
{
	c->pathlen = mark;
	c->path[mark] = '\0';
}

/* Writes 'field "<path>.<key>": <message>' (or the bare message when key
 * is NULL) and returns -1. */
int __attribute__((format(printf, 3, 4)))
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

/*
 * Value checks, shared by decoders (on what came off the wire) and encoders
 * (on what the program is about to send).
 */

/* Command and boot ids: printable ASCII without spaces, so they can be
 * logged and compared as they are. */
int
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

/* Zone ids name a topic level (".../board/<zone>"): letters, digits,
 * '-' and '_' only, so no wildcard or separator can slip in. */
int
chk_zone(struct chk *c, const char *key, const char *s, size_t n)
{
	size_t i;

	if (n >= PROTO_ZONE_MAX)
		return chk_fail(c, key, "too long (%zu bytes, max %d)", n,
		    PROTO_ZONE_MAX - 1);
	for (i = 0; i < n; i++)
		if (!proto_zone_char(s[i]))
			return chk_fail(c, key, "byte %zu is not a letter, "
			    "digit, '-' or '_'", i);
	return 0;
}

bool
proto_zone_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
}

/*
 * Names and messages shown to people: valid UTF-8 without control
 * characters, and short enough for a buffer of size bytes. Too long is
 * refused rather than cut, which could split a character in two.
 */
int
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

int
chk_service(struct chk *c, const char *key, char service)
{
	if (service < 'A' || service > 'Z')
		return chk_fail(c, key, "service must be a letter A..Z");
	return 0;
}

int
chk_range(struct chk *c, const char *key, long long v, long long min,
    long long max)
{
	if (v < min || v > max)
		return chk_fail(c, key, "%lld out of range %lld..%lld", v, min,
		    max);
	return 0;
}

int
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
int
chk_cstr(struct chk *c, const char *key, const char *s, size_t size,
    size_t *n)
{
	*n = strnlen(s, size);
	if (*n == size)
		return chk_fail(c, key, "not NUL-terminated");
	return 0;
}

int
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

/* Each desk once on the board, each service once in the waiting list. */
int
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
