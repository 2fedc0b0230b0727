/*
 * test_proto.c - the MQTT payload codec and the topic names.
 *
 * Round trips compare every field after encode then decode; rejections are
 * a table of payloads with the piece of reason each must produce, so a
 * payload refused for the wrong reason fails too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "proto.h"

#define S8	"abcdefgh"
#define S48	S8 S8 S8 S8 S8 S8
#define S64	S48 S8 S8
#define S96	S64 S8 S8 S8 S8

#define GOOD_STATE_TAIL \
	"\"last_id\":\"b1-7\",\"result\":\"ok\",\"reason\":\"\"," \
	"\"waiting\":4,\"time_ms\":1700000000000}"
#define TRANSFER	"{\"v\":1,\"op\":\"transfer\",\"id\":\"a-1\","
#define GOOD_TICKET	"{\"service\":\"A\",\"number\":12}"
#define CALL_TAIL \
	"\"desk_name\":\"Loket 3\",\"recall\":false,\"time_ms\":5}"
#define BOARD_HEAD \
	"{\"v\":1,\"time_ms\":5,\"day\":\"2024-05-06\","
#define BOARD_DESK(id, name) \
	"{\"id\":" #id ",\"name\":\"" name "\",\"status\":\"idle\"," \
	"\"ticket\":null}"

enum kind {
	K_CMD,
	K_STATE,
	K_ONLINE,
	K_BOARD,
	K_CALL,
	K__COUNT
};

static const char *const kind_names[K__COUNT] = {
	"cmd", "desk state", "online", "board", "call"
};

/* Big enough for any decoded message. */
union any {
	struct proto_cmd	cmd;
	struct proto_desk_state	state;
	struct proto_online	online;
	struct board		board;
	struct proto_call	call;
};

static int
decode(enum kind k, const void *buf, size_t len, union any *out, char *err,
    size_t errlen)
{
	switch (k) {
	case K_CMD:
		return proto_cmd_decode(buf, len, &out->cmd, err, errlen);
	case K_STATE:
		return proto_desk_state_decode(buf, len, &out->state, err,
		    errlen);
	case K_ONLINE:
		return proto_online_decode(buf, len, &out->online, err,
		    errlen);
	case K_BOARD:
		return proto_board_decode(buf, len, &out->board, err, errlen);
	case K_CALL:
		return proto_call_decode(buf, len, &out->call, err, errlen);
	case K__COUNT:
		break;
	}
	fail_msg("bad kind %d", k);
	return -1;
}

/*
 * Comparisons and sample messages.
 */

static void
assert_ticket_equal(const struct ticket *a, const struct ticket *b)
{
	assert_int_equal(a->service, b->service);
	assert_int_equal(a->number, b->number);
}

static void
assert_cmd_equal(const struct proto_cmd *a, const struct proto_cmd *b)
{
	assert_int_equal(a->op, b->op);
	assert_string_equal(a->id, b->id);
	assert_int_equal(a->service, b->service);
	assert_int_equal(a->value, b->value);
	assert_int_equal(a->ticket.service, b->ticket.service);
	assert_int_equal(a->ticket.number, b->ticket.number);
	assert_true(a->deadline_ms == b->deadline_ms);
}

static void
assert_state_equal(const struct proto_desk_state *a,
    const struct proto_desk_state *b)
{
	assert_int_equal(a->desk, b->desk);
	assert_int_equal(a->status, b->status);
	assert_ticket_equal(&a->ticket, &b->ticket);
	assert_string_equal(a->last_id, b->last_id);
	assert_int_equal(a->result, b->result);
	assert_string_equal(a->reason, b->reason);
	assert_int_equal(a->waiting, b->waiting);
	assert_true(a->time_ms == b->time_ms);
}

static void
assert_call_equal(const struct board_call *a, const struct board_call *b)
{
	assert_ticket_equal(&a->ticket, &b->ticket);
	assert_int_equal(a->desk, b->desk);
	assert_string_equal(a->desk_name, b->desk_name);
	assert_int_equal(a->recall, b->recall);
	assert_true(a->time_ms == b->time_ms);
}

static void
assert_board_equal(const struct board *a, const struct board *b)
{
	int i;

	assert_true(a->time_ms == b->time_ms);
	assert_string_equal(a->day, b->day);
	assert_string_equal(a->zone, b->zone);
	assert_string_equal(a->title, b->title);
	assert_int_equal(a->ndesks, b->ndesks);
	for (i = 0; i < a->ndesks; i++) {
		assert_int_equal(a->desks[i].id, b->desks[i].id);
		assert_string_equal(a->desks[i].name, b->desks[i].name);
		assert_int_equal(a->desks[i].status, b->desks[i].status);
		assert_ticket_equal(&a->desks[i].ticket, &b->desks[i].ticket);
	}
	assert_int_equal(a->ncalls, b->ncalls);
	for (i = 0; i < a->ncalls; i++)
		assert_call_equal(&a->calls[i], &b->calls[i]);
	assert_int_equal(a->nwaiting, b->nwaiting);
	for (i = 0; i < a->nwaiting; i++) {
		assert_int_equal(a->waiting[i].service, b->waiting[i].service);
		assert_string_equal(a->waiting[i].name, b->waiting[i].name);
		assert_int_equal(a->waiting[i].count, b->waiting[i].count);
	}
	assert_string_equal(a->fault, b->fault);
}

/* Exactly size - 1 bytes of mixed one- to four-byte UTF-8, the longest
 * text a field of that size may hold. */
static void
fill_text(char *buf, size_t size, unsigned seed)
{
	static const char *const pieces[] = {
		"Loket ", "\xc3\xa9", "\xe2\x80\x94", "\xf0\x9f\x99\x82",
		"\"", "\\", "/", "Dukcapil ",
	};
	const char *p;
	size_t n = 0, k;

	for (;;) {
		p = pieces[seed++ % (sizeof(pieces) / sizeof(pieces[0]))];
		k = strlen(p);
		if (n + k > size - 1)
			break;
		memcpy(buf + n, p, k);
		n += k;
	}
	while (n < size - 1)
		buf[n++] = 'x';
	buf[n] = '\0';
}

static void
fill_id(char *buf, unsigned seed)
{
	size_t i;

	for (i = 0; i < PROTO_ID_MAX - 1; i++)
		buf[i] = '!' + (seed + i) % ('~' - '!' + 1);
	buf[i] = '\0';
}

static void
full_board(struct board *b)
{
	int i;

	memset(b, 0, sizeof(*b));
	b->time_ms = INT64_MAX;
	strcpy(b->day, "2031-12-31");
	strcpy(b->zone, "Zona_B-2xxxxxxx");
	fill_text(b->title, sizeof(b->title), 7);
	b->ndesks = BOARD_MAX_DESKS;
	for (i = 0; i < b->ndesks; i++) {
		b->desks[i].id = DESK_ID_MAX - i;
		fill_text(b->desks[i].name, sizeof(b->desks[i].name), i);
		b->desks[i].status = i % DESK__COUNT;
		if (i % 3 != 0) {
			b->desks[i].ticket.service = 'A' + i % 26;
			b->desks[i].ticket.number = TICKET_NUMBER_MAX - i;
		}
	}
	b->ncalls = BOARD_MAX_CALLS;
	for (i = 0; i < b->ncalls; i++) {
		b->calls[i].ticket.service = 'Z' - i;
		b->calls[i].ticket.number = 1 + i;
		b->calls[i].desk = 1 + i;
		fill_text(b->calls[i].desk_name, sizeof(b->calls[i].desk_name),
		    i + 3);
		b->calls[i].recall = i % 2;
		b->calls[i].time_ms = 1700000000000LL - i * 1000;
	}
	b->nwaiting = BOARD_MAX_SERVICES;
	for (i = 0; i < b->nwaiting; i++) {
		b->waiting[i].service = 'A' + i;
		fill_text(b->waiting[i].name, sizeof(b->waiting[i].name),
		    i + 5);
		b->waiting[i].count = i == 0 ? -1 : i == 1 ?
		    TICKET_NUMBER_MAX : i;
	}
	fill_text(b->fault, sizeof(b->fault), 1);
}

/*
 * Round trips.
 */

static void
roundtrip_cmd(const struct proto_cmd *in)
{
	struct proto_cmd out;
	char err[PROTO_REASON_MAX], *s;

	s = proto_cmd_encode(in);
	assert_non_null(s);
	if (proto_cmd_decode(s, strlen(s), &out, err, sizeof(err)) != 0)
		fail_msg("%s: %s", s, err);
	assert_cmd_equal(in, &out);
	free(s);
}

static void
test_cmd_roundtrip(void **state)
{
	struct proto_cmd c;
	int op;

	for (op = 0; op < OP__COUNT; op++) {
		memset(&c, 0, sizeof(c));
		c.op = op;
		snprintf(c.id, sizeof(c.id), "b1f3c0de-%d", op + 1);
		if (op == OP_TRANSFER)
			c.service = 'C';
		if (op == OP_RATE)
			c.value = 4;
		if (op == OP_REQUEUE)
			c.ticket = (struct ticket){ 'B', 17, true };
		if (op == OP_TAKE_PRIORITY)
			c.service = 'D';
		if (op == OP_NEXT)
			c.deadline_ms = 1795401665000LL;
		roundtrip_cmd(&c);
	}

	/* The extremes of each field. */
	memset(&c, 0, sizeof(c));
	c.op = OP_TRANSFER;
	fill_id(c.id, 0);
	c.service = 'Z';
	roundtrip_cmd(&c);
	c.service = 'A';
	roundtrip_cmd(&c);
	memset(&c, 0, sizeof(c));
	c.op = OP_RATE;
	strcpy(c.id, "x");
	c.value = 1;
	roundtrip_cmd(&c);
	c.value = 5;
	roundtrip_cmd(&c);
}

/* The wire format is a contract with other boxes: pin it down. */
static void
test_cmd_wire(void **state)
{
	struct proto_cmd c = { .op = OP_NEXT, .id = "b1f3-17" };
	char *s;

	s = proto_cmd_encode(&c);
	assert_non_null(s);
	assert_string_equal(s, "{\"v\":1,\"op\":\"next\",\"id\":\"b1f3-17\"}");
	free(s);

	c.op = OP_TRANSFER;
	c.service = 'B';
	s = proto_cmd_encode(&c);
	assert_non_null(s);
	assert_string_equal(s, "{\"v\":1,\"op\":\"transfer\","
	    "\"id\":\"b1f3-17\",\"service\":\"B\"}");
	free(s);

	c.op = OP_RATE;
	c.value = 5;
	s = proto_cmd_encode(&c);
	assert_non_null(s);
	assert_string_equal(s, "{\"v\":1,\"op\":\"rate\",\"id\":\"b1f3-17\","
	    "\"value\":5}");
	free(s);
}

/* "service" and "value" belong to their op; elsewhere they are ignored. */
static void
test_cmd_extra_args_ignored(void **state)
{
	static const char json[] = "{\"v\":1,\"op\":\"next\",\"id\":\"a-1\","
	    "\"service\":\"no\",\"value\":99}";
	struct proto_cmd c;
	char err[PROTO_REASON_MAX];

	assert_int_equal(proto_cmd_decode(json, sizeof(json) - 1, &c, err,
	    sizeof(err)), 0);
	assert_int_equal(c.op, OP_NEXT);
	assert_int_equal(c.service, 0);
	assert_int_equal(c.value, 0);
}

static void
roundtrip_state(const struct proto_desk_state *in)
{
	struct proto_desk_state out;
	char err[PROTO_REASON_MAX], *s;

	s = proto_desk_state_encode(in);
	assert_non_null(s);
	if (proto_desk_state_decode(s, strlen(s), &out, err, sizeof(err)) != 0)
		fail_msg("%s: %s", s, err);
	assert_state_equal(in, &out);
	free(s);
}

static void
test_state_roundtrip(void **state)
{
	struct proto_desk_state st;
	int status;

	for (status = 0; status < DESK__COUNT; status++) {
		if (status == DESK_OFFLINE)
			continue;
		memset(&st, 0, sizeof(st));
		st.desk = 3;
		st.status = status;
		if (status == DESK_SERVING) {
			st.ticket.service = 'A';
			st.ticket.number = 12;
		}
		strcpy(st.last_id, "b1f3-17");
		st.waiting = 5;
		st.time_ms = 1700000000123LL;
		roundtrip_state(&st);
	}

	/* First state after a boot: nothing applied yet, and a count the
	 * central cannot know (pre-printed roll). */
	memset(&st, 0, sizeof(st));
	st.desk = 1;
	st.waiting = -1;
	roundtrip_state(&st);

	/* Extremes, and a refusal with its reason. */
	memset(&st, 0, sizeof(st));
	st.desk = DESK_ID_MAX;
	st.status = DESK_PAUSED;
	st.ticket.service = 'Z';
	st.ticket.number = TICKET_NUMBER_MAX;
	fill_id(st.last_id, 7);
	st.result = RESULT_REFUSED;
	fill_text(st.reason, sizeof(st.reason), 2);
	st.waiting = BOARD_MAX_SERVICES * TICKET_NUMBER_MAX;
	st.time_ms = INT64_MAX;
	roundtrip_state(&st);
}

static void
test_online_roundtrip(void **state)
{
	struct proto_online in, out;
	char err[PROTO_REASON_MAX], *s;
	int i;

	for (i = 0; i < 3; i++) {
		memset(&in, 0, sizeof(in));
		in.online = i != 1;
		if (i == 1)
			strcpy(in.boot, "b1f3c0de");
		else if (i == 2)
			fill_id(in.boot, 3);
		s = proto_online_encode(&in);
		assert_non_null(s);
		if (proto_online_decode(s, strlen(s), &out, err,
		    sizeof(err)) != 0)
			fail_msg("%s: %s", s, err);
		assert_int_equal(in.online, out.online);
		assert_string_equal(in.boot, out.boot);
		free(s);
	}
}

static void
roundtrip_board(const struct board *in)
{
	struct board *out;
	char err[PROTO_REASON_MAX], *s;

	out = malloc(sizeof(*out));
	assert_non_null(out);
	s = proto_board_encode(in);
	assert_non_null(s);
	if (proto_board_decode(s, strlen(s), out, err, sizeof(err)) != 0)
		fail_msg("%s: %s", s, err);
	assert_board_equal(in, out);
	free(s);
	free(out);
}

static void
test_board_roundtrip_empty(void **state)
{
	struct board b;

	memset(&b, 0, sizeof(b));
	b.time_ms = 0;
	strcpy(b.day, "2024-01-01");
	roundtrip_board(&b);
}

/* Names go out as UTF-8, not as \u escapes (six bytes a character), and
 * the decoder takes both forms to the same text. */
static void
test_board_utf8_wire(void **state)
{
	static const char raw[] =
	    "{\"v\":1,\"time_ms\":1,\"day\":\"2024-06-03\",\"desks\":"
	    "[{\"id\":1,\"name\":\"Lok\xc3\xa9t \xe2\x80\x94 \\\"A\\\"\","
	    "\"status\":\"idle\",\"ticket\":null}],\"calls\":[],"
	    "\"waiting\":[],\"fault\":\"\"}";
	static const char escaped[] =
	    "{\"v\":1,\"time_ms\":1,\"day\":\"2024-06-03\",\"desks\":"
	    "[{\"id\":1,\"name\":\"Lok\\u00e9t \\u2014 \\\"A\\\"\","
	    "\"status\":\"idle\",\"ticket\":null}],\"calls\":[],"
	    "\"waiting\":[],\"fault\":\"\"}";
	struct board *b;
	char err[PROTO_REASON_MAX], *s;

	(void)state;
	b = malloc(sizeof(*b));
	assert_non_null(b);
	if (proto_board_decode(escaped, strlen(escaped), b, err,
	    sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_string_equal(b->desks[0].name,
	    "Lok\xc3\xa9t \xe2\x80\x94 \"A\"");
	s = proto_board_encode(b);
	assert_non_null(s);
	/* The encoder writes exactly the raw form. */
	assert_string_equal(s, raw);
	memset(b, 0, sizeof(*b));
	if (proto_board_decode(raw, strlen(raw), b, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	assert_string_equal(b->desks[0].name,
	    "Lok\xc3\xa9t \xe2\x80\x94 \"A\"");
	free(s);
	free(b);
}

/* The PUBLISH packet around a payload: fixed header with its remaining
 * length, topic, packet id. */
static void
test_publish_size(void **state)
{
	(void)state;
	/* remaining length 2 + 11 + 2 + 100 = 115: one length byte */
	assert_int_equal(proto_publish_size(11, 100), 1 + 1 + 115);
	/* 2 + 11 + 2 + 113 = 128: two length bytes */
	assert_int_equal(proto_publish_size(11, 113), 1 + 2 + 128);
	assert_int_equal(proto_publish_size(11, 16383 - 15),
	    1 + 2 + 16383);
	assert_int_equal(proto_publish_size(11, 16384 - 15),
	    1 + 3 + 16384);
}

static void
test_board_roundtrip_full(void **state)
{
	struct board *b;

	b = malloc(sizeof(*b));
	assert_non_null(b);
	full_board(b);
	roundtrip_board(b);
	free(b);
}

static void
test_call_roundtrip(void **state)
{
	struct proto_call in, out;
	char err[PROTO_REASON_MAX], *s;
	int i;

	for (i = 0; i < 3; i++) {
		memset(&in, 0, sizeof(in));
		in.seq = i == 0 ? 0 : i == 1 ? 42 : (uint64_t)INT64_MAX;
		in.call.ticket.service = i == 2 ? 'Z' : 'A';
		in.call.ticket.number = i == 2 ? TICKET_NUMBER_MAX : 12;
		in.call.desk = i == 2 ? DESK_ID_MAX : 3;
		if (i == 2)
			fill_text(in.call.desk_name, sizeof(in.call.desk_name),
			    4);
		else if (i == 1)
			strcpy(in.call.desk_name, "Loket 3");
		in.call.recall = i == 1;
		in.call.time_ms = i == 2 ? INT64_MAX : 1700000000000LL;
		s = proto_call_encode(&in);
		assert_non_null(s);
		if (proto_call_decode(s, strlen(s), &out, err,
		    sizeof(err)) != 0)
			fail_msg("%s: %s", s, err);
		assert_true(in.seq == out.seq);
		assert_call_equal(&in.call, &out.call);
		free(s);
	}
}

/*
 * Rejections.
 */

struct bad {
	enum kind	 kind;
	const char	*json;
	const char	*reason;	/* must appear in the reason */
};

static const struct bad bad_payloads[] = {
	/* Not our JSON at all. */
	{ K_CMD, "", "invalid JSON" },
	{ K_CMD, "next", "invalid JSON" },
	{ K_CMD, "{\"v\":1,\"op\":\"next\"", "invalid JSON" },
	{ K_CMD, "[1,2]", "not a JSON object" },
	{ K_CMD, "42", "not a JSON object" },
	{ K_CMD, "null", "not a JSON object" },
	{ K_BOARD, "\"board\"", "not a JSON object" },
	{ K_CMD, "{\"v\":1,\"op\":\"next\",\"id\":\"a-1\"} x",
	    "end of file expected" },
	{ K_CMD, "{\"v\":1,\"op\":\"next\",\"id\":\"a-1\"}{}",
	    "end of file expected" },
	{ K_CMD, "{\"v\":1,\"op\":\"next\",\"op\":\"pause\",\"id\":\"a-1\"}",
	    "duplicate object key" },
	{ K_STATE, "{\"v\":1,\"v\":1}", "duplicate object key" },

	/* Version. */
	{ K_CMD, "{\"op\":\"next\",\"id\":\"a-1\"}", "field \"v\": missing" },
	{ K_ONLINE, "{}", "field \"v\": missing" },
	{ K_CMD, "{\"v\":\"1\",\"op\":\"next\",\"id\":\"a-1\"}",
	    "field \"v\": expected an integer, got string" },
	{ K_CMD, "{\"v\":1.0,\"op\":\"next\",\"id\":\"a-1\"}",
	    "field \"v\": expected an integer, got real" },
	{ K_CMD, "{\"v\":2,\"op\":\"next\",\"id\":\"a-1\"}",
	    "unsupported version 2" },
	{ K_BOARD, "{\"v\":17}", "unsupported version 17" },
	{ K_CALL, "{\"v\":0}", "unsupported version 0" },
	{ K_STATE, "{\"v\":-1}", "unsupported version -1" },

	/* Commands. */
	{ K_CMD, "{\"v\":1,\"id\":\"a-1\"}", "field \"op\": missing" },
	{ K_CMD, "{\"v\":1,\"op\":7,\"id\":\"a-1\"}",
	    "field \"op\": expected a string, got integer" },
	{ K_CMD, "{\"v\":1,\"op\":\"jump\",\"id\":\"a-1\"}",
	    "field \"op\": unknown op \"jump\"" },
	{ K_CMD, "{\"v\":1,\"op\":\"NEXT\",\"id\":\"a-1\"}",
	    "unknown op \"NEXT\"" },
	{ K_CMD, "{\"v\":1,\"op\":\"next\\n\",\"id\":\"a-1\"}",
	    "unknown op \"next?\"" },
	{ K_CMD, "{\"v\":1,\"op\":\"" S48 "\",\"id\":\"a-1\"}",
	    "unknown op \"abcdefghabcdefghabcd...\"" },
	{ K_CMD, "{\"v\":1,\"op\":\"next\"}", "field \"id\": missing" },
	{ K_CMD, "{\"v\":1,\"op\":\"next\",\"id\":17}",
	    "field \"id\": expected a string, got integer" },
	{ K_CMD, "{\"v\":1,\"op\":\"next\",\"id\":\"\"}",
	    "field \"id\": empty" },
	{ K_CMD, "{\"v\":1,\"op\":\"next\",\"id\":\"a 1\"}",
	    "field \"id\": byte 1 is a space or not printable" },
	{ K_CMD, "{\"v\":1,\"op\":\"next\",\"id\":\"a\\u00e9\"}",
	    "field \"id\": byte 1 is a space or not printable" },
	{ K_CMD, "{\"v\":1,\"op\":\"next\",\"id\":\"a\\t\"}",
	    "field \"id\": byte 1 is a space or not printable" },
	{ K_CMD, "{\"v\":1,\"op\":\"next\",\"id\":\"" S48 "\"}",
	    "field \"id\": too long (48 bytes, max 47)" },
	{ K_CMD, "{\"v\":1,\"op\":\"transfer\",\"id\":\"a-1\"}",
	    "field \"service\": missing" },
	{ K_CMD, TRANSFER "\"service\":\"AB\"}",
	    "field \"service\": \"AB\" is not a letter A..Z" },
	{ K_CMD, TRANSFER "\"service\":\"a\"}",
	    "field \"service\": \"a\" is not a letter A..Z" },
	{ K_CMD, TRANSFER "\"service\":\"\"}",
	    "field \"service\": \"\" is not a letter A..Z" },
	{ K_CMD, TRANSFER "\"service\":\"[\"}",
	    "is not a letter A..Z" },
	{ K_CMD, TRANSFER "\"service\":66}",
	    "field \"service\": expected a string, got integer" },
	{ K_CMD, "{\"v\":1,\"op\":\"rate\",\"id\":\"a-1\"}",
	    "field \"value\": missing" },
	{ K_CMD, "{\"v\":1,\"op\":\"rate\",\"id\":\"a-1\",\"value\":0}",
	    "field \"value\": 0 out of range 1..5" },
	{ K_CMD, "{\"v\":1,\"op\":\"rate\",\"id\":\"a-1\",\"value\":6}",
	    "field \"value\": 6 out of range 1..5" },
	{ K_CMD, "{\"v\":1,\"op\":\"rate\",\"id\":\"a-1\",\"value\":\"5\"}",
	    "field \"value\": expected an integer, got string" },
	{ K_CMD, "{\"v\":1,\"op\":\"rate\",\"id\":\"a-1\",\"value\":4.5}",
	    "field \"value\": expected an integer, got real" },
	{ K_CMD, "{\"v\":1,\"op\":\"rate\",\"id\":\"a-1\",\"value\":"
	    "-9223372036854775808}",
	    "-9223372036854775808 out of range 1..5" },
	{ K_CMD, "{\"v\":1,\"op\":\"rate\",\"id\":\"a-1\",\"value\":"
	    "99999999999999999999}", "too big integer" },
	{ K_CMD, "{\"v\":1,\"op\":\"next\",\"id\":\"a\\u0000b\"}",
	    "invalid JSON" },

	/* Desk state. */
	{ K_STATE, "{\"v\":1,\"desk\":0,\"status\":\"idle\",\"ticket\":null,"
	    GOOD_STATE_TAIL, "field \"desk\": 0 out of range 1..999" },
	{ K_STATE, "{\"v\":1,\"desk\":1000,\"status\":\"idle\",\"ticket\":null,"
	    GOOD_STATE_TAIL, "field \"desk\": 1000 out of range 1..999" },
	{ K_STATE, "{\"v\":1,\"desk\":\"3\",\"status\":\"idle\","
	    "\"ticket\":null," GOOD_STATE_TAIL,
	    "field \"desk\": expected an integer" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"busy\",\"ticket\":null,"
	    GOOD_STATE_TAIL, "field \"status\": unknown status \"busy\"" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":1,\"ticket\":null,"
	    GOOD_STATE_TAIL, "field \"status\": expected a string" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"offline\",\"ticket\":null,"
	    GOOD_STATE_TAIL, "field \"status\": \"offline\" only appears" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"idle\"," GOOD_STATE_TAIL,
	    "field \"ticket\": missing" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"serving\",\"ticket\":"
	    "\"A12\"," GOOD_STATE_TAIL,
	    "field \"ticket\": expected an object or null, got string" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"serving\",\"ticket\":"
	    "{\"service\":\"A\",\"number\":0}," GOOD_STATE_TAIL,
	    "field \"ticket.number\": 0 out of range 1..9999" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"serving\",\"ticket\":"
	    "{\"service\":\"A\",\"number\":10000}," GOOD_STATE_TAIL,
	    "field \"ticket.number\": 10000 out of range 1..9999" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"serving\",\"ticket\":"
	    "{\"service\":\"@\",\"number\":1}," GOOD_STATE_TAIL,
	    "field \"ticket.service\": \"@\" is not a letter A..Z" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"serving\",\"ticket\":"
	    "{\"number\":1}," GOOD_STATE_TAIL,
	    "field \"ticket.service\": missing" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"idle\",\"ticket\":null,"
	    "\"last_id\":\"" S48 "\",\"result\":\"ok\",\"reason\":\"\","
	    "\"waiting\":4,\"time_ms\":1}",
	    "field \"last_id\": too long (48 bytes, max 47)" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"idle\",\"ticket\":null,"
	    "\"result\":\"ok\",\"reason\":\"\",\"waiting\":4,\"time_ms\":1}",
	    "field \"last_id\": missing" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"idle\",\"ticket\":null,"
	    "\"last_id\":\"a-1\",\"result\":\"maybe\",\"reason\":\"\","
	    "\"waiting\":4,\"time_ms\":1}",
	    "field \"result\": expected \"ok\" or \"refused\"" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"idle\",\"ticket\":null,"
	    "\"last_id\":\"a-1\",\"result\":\"refused\",\"reason\":\"" S96 "\","
	    "\"waiting\":4,\"time_ms\":1}",
	    "field \"reason\": too long (96 bytes, max 95)" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"idle\",\"ticket\":null,"
	    "\"last_id\":\"a-1\",\"result\":\"refused\",\"reason\":\"a\\nb\","
	    "\"waiting\":4,\"time_ms\":1}",
	    "field \"reason\": control character at byte 1" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"idle\",\"ticket\":null,"
	    "\"last_id\":\"a-1\",\"result\":\"ok\",\"reason\":\"\","
	    "\"waiting\":-2,\"time_ms\":1}",
	    "field \"waiting\": -2 out of range -1..259974" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"idle\",\"ticket\":null,"
	    "\"last_id\":\"a-1\",\"result\":\"ok\",\"reason\":\"\","
	    "\"waiting\":1,\"time_ms\":-1}",
	    "field \"time_ms\": -1 out of range 0..9223372036854775807" },
	{ K_STATE, "{\"v\":1,\"desk\":3,\"status\":\"idle\",\"ticket\":null,"
	    "\"last_id\":\"a-1\",\"result\":\"ok\",\"reason\":\"\","
	    "\"waiting\":1,\"time_ms\":1e3}",
	    "field \"time_ms\": expected an integer, got real" },

	/* Online. */
	{ K_ONLINE, "{\"v\":1,\"boot\":\"b1\"}", "field \"online\": missing" },
	{ K_ONLINE, "{\"v\":1,\"online\":\"yes\",\"boot\":\"b1\"}",
	    "field \"online\": expected a boolean, got string" },
	{ K_ONLINE, "{\"v\":1,\"online\":1,\"boot\":\"b1\"}",
	    "field \"online\": expected a boolean, got integer" },
	{ K_ONLINE, "{\"v\":1,\"online\":true}", "field \"boot\": missing" },
	{ K_ONLINE, "{\"v\":1,\"online\":true,\"boot\":null}",
	    "field \"boot\": expected a string, got null" },
	{ K_ONLINE, "{\"v\":1,\"online\":true,\"boot\":\"" S48 "\"}",
	    "field \"boot\": too long" },

	/* Board. */
	{ K_BOARD, BOARD_HEAD "\"desks\":[],\"calls\":[],\"waiting\":[]}",
	    "field \"fault\": missing" },
	{ K_BOARD, "{\"v\":1,\"time_ms\":5,\"day\":\"2024-5-6\","
	    "\"desks\":[],\"calls\":[],\"waiting\":[],\"fault\":\"\"}",
	    "field \"day\": not a YYYY-MM-DD date" },
	{ K_BOARD, "{\"v\":1,\"time_ms\":5,\"day\":\"2024-13-01\","
	    "\"desks\":[],\"calls\":[],\"waiting\":[],\"fault\":\"\"}",
	    "field \"day\": not a YYYY-MM-DD date" },
	{ K_BOARD, "{\"v\":1,\"time_ms\":5,\"day\":\"2024/01/01\","
	    "\"desks\":[],\"calls\":[],\"waiting\":[],\"fault\":\"\"}",
	    "field \"day\": not a YYYY-MM-DD date" },
	{ K_BOARD, BOARD_HEAD "\"desks\":{},\"calls\":[],\"waiting\":[],"
	    "\"fault\":\"\"}",
	    "field \"desks\": expected an array, got object" },
	{ K_BOARD, BOARD_HEAD "\"desks\":[1],\"calls\":[],\"waiting\":[],"
	    "\"fault\":\"\"}",
	    "field \"desks[0]\": expected an object, got integer" },
	{ K_BOARD, BOARD_HEAD "\"desks\":[" BOARD_DESK(1, "a") ","
	    BOARD_DESK(0, "b") "],\"calls\":[],\"waiting\":[],\"fault\":\"\"}",
	    "field \"desks[1].id\": 0 out of range 1..999" },
	{ K_BOARD, BOARD_HEAD "\"desks\":[" BOARD_DESK(2, "a") ","
	    BOARD_DESK(2, "b") "],\"calls\":[],\"waiting\":[],\"fault\":\"\"}",
	    "field \"desks[1].id\": desk 2 listed twice" },
	{ K_BOARD, BOARD_HEAD "\"desks\":[" BOARD_DESK(1, S64) "],"
	    "\"calls\":[],\"waiting\":[],\"fault\":\"\"}",
	    "field \"desks[0].name\": too long (64 bytes, max 63)" },
	/* 32 two-byte characters: the limit is in bytes. */
	{ K_BOARD, BOARD_HEAD "\"desks\":[" BOARD_DESK(1,
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9")
	    "],\"calls\":[],\"waiting\":[],\"fault\":\"\"}",
	    "field \"desks[0].name\": too long (64 bytes, max 63)" },
	{ K_BOARD, BOARD_HEAD "\"desks\":[" BOARD_DESK(1, "a\\u007f") "],"
	    "\"calls\":[],\"waiting\":[],\"fault\":\"\"}",
	    "field \"desks[0].name\": control character at byte 1" },
	{ K_BOARD, BOARD_HEAD "\"desks\":[" BOARD_DESK(1, "ab\\u0085") "],"
	    "\"calls\":[],\"waiting\":[],\"fault\":\"\"}",
	    "field \"desks[0].name\": control character at byte 2" },
	{ K_BOARD, BOARD_HEAD "\"desks\":[" BOARD_DESK(1, "a\xff") "],"
	    "\"calls\":[],\"waiting\":[],\"fault\":\"\"}", "invalid JSON" },
	{ K_BOARD, BOARD_HEAD "\"desks\":[{\"id\":1,\"name\":\"a\","
	    "\"status\":\"gone\",\"ticket\":null}],\"calls\":[],"
	    "\"waiting\":[],\"fault\":\"\"}",
	    "field \"desks[0].status\": unknown status \"gone\"" },
	{ K_BOARD, BOARD_HEAD "\"desks\":[],\"calls\":[{\"ticket\":null,"
	    "\"desk\":3," CALL_TAIL "],\"waiting\":[],\"fault\":\"\"}",
	    "field \"calls[0].ticket\": a ticket is required" },
	{ K_BOARD, BOARD_HEAD "\"desks\":[],\"calls\":[{\"ticket\":"
	    GOOD_TICKET ",\"desk\":3,\"desk_name\":\"a\",\"recall\":\"no\","
	    "\"time_ms\":5}],\"waiting\":[],\"fault\":\"\"}",
	    "field \"calls[0].recall\": expected a boolean, got string" },
	{ K_BOARD, BOARD_HEAD "\"desks\":[],\"calls\":[],\"waiting\":"
	    "[{\"service\":\"B\",\"name\":\"BPJS\",\"count\":-2}],"
	    "\"fault\":\"\"}",
	    "field \"waiting[0].count\": -2 out of range -1..9999" },
	{ K_BOARD, BOARD_HEAD "\"desks\":[],\"calls\":[],\"waiting\":"
	    "[{\"service\":\"B\",\"name\":\"BPJS\",\"count\":1},"
	    "{\"service\":\"B\",\"name\":\"BPJS\",\"count\":2}],"
	    "\"fault\":\"\"}",
	    "field \"waiting[1].service\": service B listed twice" },
	{ K_BOARD, BOARD_HEAD "\"desks\":[],\"calls\":[],\"waiting\":"
	    "[{\"service\":\"b\",\"name\":\"BPJS\",\"count\":1}],"
	    "\"fault\":\"\"}",
	    "field \"waiting[0].service\": \"b\" is not a letter A..Z" },

	/* Call. */
	{ K_CALL, "{\"v\":1,\"ticket\":" GOOD_TICKET ",\"desk\":3," CALL_TAIL,
	    "field \"seq\": missing" },
	{ K_CALL, "{\"v\":1,\"seq\":-1,\"ticket\":" GOOD_TICKET ",\"desk\":3,"
	    CALL_TAIL, "field \"seq\": -1 out of range" },
	{ K_CALL, "{\"v\":1,\"seq\":1,\"ticket\":" GOOD_TICKET ",\"desk\":1000,"
	    CALL_TAIL, "field \"desk\": 1000 out of range 1..999" },
	{ K_CALL, "{\"v\":1,\"seq\":1,\"ticket\":null,\"desk\":3," CALL_TAIL,
	    "field \"ticket\": a ticket is required" },
	{ K_CALL, "{\"v\":1,\"seq\":1,\"ticket\":" GOOD_TICKET ",\"desk\":3,"
	    "\"desk_name\":\"" S64 "\",\"recall\":false,\"time_ms\":5}",
	    "field \"desk_name\": too long (64 bytes, max 63)" },
};

static void
test_reject_table(void **state)
{
	union any *out;
	char err[PROTO_REASON_MAX];
	size_t i;

	out = malloc(sizeof(*out));
	assert_non_null(out);
	for (i = 0; i < sizeof(bad_payloads) / sizeof(bad_payloads[0]); i++) {
		const struct bad *b = &bad_payloads[i];

		memset(err, 'X', sizeof(err));
		if (decode(b->kind, b->json, strlen(b->json), out, err,
		    sizeof(err)) != -1)
			fail_msg("#%zu %s accepted: %s", i,
			    kind_names[b->kind], b->json);
		if (memchr(err, '\0', sizeof(err)) == NULL)
			fail_msg("#%zu: reason not terminated", i);
		if (strstr(err, b->reason) == NULL)
			fail_msg("#%zu %s: %s\n  reason \"%s\"\n"
			    "  wanted \"%s\"", i, kind_names[b->kind],
			    b->json, err, b->reason);
	}
	free(out);
}

/* Whatever the payload, each decoder refuses what is not its message. */
static void
test_reject_other_messages(void **state)
{
	static const char *const good[K__COUNT] = {
		[K_CMD] = "{\"v\":1,\"op\":\"next\",\"id\":\"a-1\"}",
		[K_STATE] = "{\"v\":1,\"desk\":3,\"status\":\"idle\","
		    "\"ticket\":null," GOOD_STATE_TAIL,
		[K_ONLINE] = "{\"v\":1,\"online\":false,\"boot\":\"\"}",
		[K_BOARD] = BOARD_HEAD "\"desks\":[],\"calls\":[],"
		    "\"waiting\":[],\"fault\":\"\"}",
		[K_CALL] = "{\"v\":1,\"seq\":7,\"ticket\":" GOOD_TICKET
		    ",\"desk\":3," CALL_TAIL,
	};
	union any *out;
	char err[PROTO_REASON_MAX];
	int k, m, rc;

	out = malloc(sizeof(*out));
	assert_non_null(out);
	for (k = 0; k < K__COUNT; k++) {
		for (m = 0; m < K__COUNT; m++) {
			rc = decode(k, good[m], strlen(good[m]), out, err,
			    sizeof(err));
			if (k == m && rc != 0)
				fail_msg("%s refused: %s", kind_names[k], err);
			if (k != m && rc != -1)
				fail_msg("%s decoder took a %s", kind_names[k],
				    kind_names[m]);
		}
	}
	free(out);
}

/* Payloads that are built rather than written out. */
static void
test_reject_built(void **state)
{
	union any *out;
	char err[PROTO_REASON_MAX], *s;
	size_t n, i;

	out = malloc(sizeof(*out));
	s = malloc(512 * 1024);
	assert_non_null(out);
	assert_non_null(s);

	/* NUL bytes inside the given length. */
	memcpy(s, "{\"v\":1,\"op\":\"next\",\0\"id\":\"a\"}", 30);
	assert_int_equal(proto_cmd_decode(s, 30, &out->cmd, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "invalid JSON"));
	memcpy(s, "{\"v\":1,\"op\":\"next\",\"id\":\"a\"}", 29);
	assert_int_equal(proto_cmd_decode(s, 29, &out->cmd, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "invalid JSON"));
	/* ...and only len bytes are read: no NUL needed at the end. */
	s[28] = 'x';
	assert_int_equal(proto_cmd_decode(s, 28, &out->cmd, err,
	    sizeof(err)), 0);

	/* Deep nesting, inside a field we would otherwise ignore. */
	n = (size_t)sprintf(s, "{\"v\":1,\"op\":\"next\",\"id\":\"a\",\"x\":");
	for (i = 0; i < 10000; i++)
		s[n++] = '[';
	for (i = 0; i < 10000; i++)
		s[n++] = ']';
	s[n++] = '}';
	assert_int_equal(proto_cmd_decode(s, n, &out->cmd, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "invalid JSON"));

	/* Too big to be one of ours, even if well formed. */
	n = (size_t)sprintf(s, "{\"v\":1,\"op\":\"next\",\"id\":\"a\","
	    "\"x\":\"");
	memset(s + n, 'x', 270000);
	n += 270000;
	n += (size_t)sprintf(s + n, "\"}");
	assert_int_equal(proto_cmd_decode(s, n, &out->cmd, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "payload too large"));

	/* One desk, call and service more than a board holds. */
	n = (size_t)sprintf(s, BOARD_HEAD "\"desks\":[");
	for (i = 0; i <= BOARD_MAX_DESKS; i++)
		n += (size_t)sprintf(s + n, "%s{\"id\":%zu,\"name\":\"\","
		    "\"status\":\"idle\",\"ticket\":null}", i ? "," : "",
		    i + 1);
	sprintf(s + n, "],\"calls\":[],\"waiting\":[],\"fault\":\"\"}");
	assert_int_equal(proto_board_decode(s, strlen(s), &out->board, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "field \"desks\": 129 entries, max 128");

	n = (size_t)sprintf(s, BOARD_HEAD "\"desks\":[],\"calls\":[");
	for (i = 0; i <= BOARD_MAX_CALLS; i++)
		n += (size_t)sprintf(s + n, "%s{\"ticket\":" GOOD_TICKET
		    ",\"desk\":3," CALL_TAIL, i ? "," : "");
	sprintf(s + n, "],\"waiting\":[],\"fault\":\"\"}");
	assert_int_equal(proto_board_decode(s, strlen(s), &out->board, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "field \"calls\": 11 entries, max 10");

	n = (size_t)sprintf(s, BOARD_HEAD "\"desks\":[],\"calls\":[],"
	    "\"waiting\":[");
	for (i = 0; i <= BOARD_MAX_SERVICES; i++)
		n += (size_t)sprintf(s + n, "%s{\"service\":\"%c\",\"name\":"
		    "\"\",\"count\":1}", i ? "," : "", 'A' + (int)i % 26);
	sprintf(s + n, "],\"fault\":\"\"}");
	assert_int_equal(proto_board_decode(s, strlen(s), &out->board, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "field \"waiting\": 27 entries, max 26");

	n = (size_t)sprintf(s, BOARD_HEAD "\"desks\":[],\"calls\":[],"
	    "\"waiting\":[],\"fault\":\"");
	memset(s + n, 'f', PROTO_FAULT_MAX);
	n += PROTO_FAULT_MAX;
	sprintf(s + n, "\"}");
	assert_int_equal(proto_board_decode(s, strlen(s), &out->board, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "field \"fault\": too long (160 bytes, "
	    "max 159)");

	free(s);
	free(out);
}

/* The reason buffer is the caller's: any size, even none. */
static void
test_reason_buffer(void **state)
{
	static const char json[] = "{\"v\":1,\"op\":\"jump\",\"id\":\"a-1\"}";
	struct proto_cmd c;
	char err[8];

	memset(err, 'X', sizeof(err));
	assert_int_equal(proto_cmd_decode(json, sizeof(json) - 1, &c, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "field \"");

	memset(err, 'X', sizeof(err));
	assert_int_equal(proto_cmd_decode(json, sizeof(json) - 1, &c, err,
	    1), -1);
	assert_int_equal(err[0], '\0');
	assert_int_equal(err[1], 'X');

	assert_int_equal(proto_cmd_decode(json, sizeof(json) - 1, &c, NULL,
	    0), -1);
	assert_int_equal(proto_cmd_decode(json, sizeof(json) - 1, &c, NULL,
	    sizeof(err)), -1);
	assert_int_equal(proto_cmd_decode(NULL, 0, &c, NULL, 0), -1);
}

/*
 * Unknown fields are ignored, at every level.
 */

static void
test_unknown_fields(void **state)
{
	static const char cmd[] = "{\"x\":[1,{\"y\":null}],\"v\":1,"
	    "\"op\":\"rate\",\"id\":\"a-1\",\"value\":3,\"v2\":{\"op\":7}}";
	static const char st[] = "{\"v\":1,\"desk\":3,\"status\":\"serving\","
	    "\"ticket\":{\"service\":\"A\",\"number\":12,\"color\":\"red\"},"
	    "\"extra\":true," GOOD_STATE_TAIL;
	static const char on[] = "{\"v\":1,\"online\":true,\"boot\":\"b\","
	    "\"since\":12}";
	static const char board[] = BOARD_HEAD "\"theme\":\"dark\","
	    "\"desks\":[{\"id\":4,\"name\":\"Loket 4\",\"status\":\"serving\","
	    "\"ticket\":{\"service\":\"C\",\"number\":7},\"led\":1}],"
	    "\"calls\":[{\"ticket\":{\"service\":\"C\",\"number\":7},"
	    "\"desk\":4,\"desk_name\":\"Loket 4\",\"recall\":true,"
	    "\"time_ms\":9,\"voice\":\"id\"}],\"waiting\":[{\"service\":\"C\","
	    "\"name\":\"Perizinan\",\"count\":-1,\"eta\":3}],\"fault\":\"\"}";
	static const char call[] = "{\"v\":1,\"seq\":9,\"ticket\":" GOOD_TICKET
	    ",\"desk\":3,\"lang\":\"id\"," CALL_TAIL;
	union any *out;
	char err[PROTO_REASON_MAX];

	out = malloc(sizeof(*out));
	assert_non_null(out);

	assert_int_equal(proto_cmd_decode(cmd, sizeof(cmd) - 1, &out->cmd,
	    err, sizeof(err)), 0);
	assert_int_equal(out->cmd.op, OP_RATE);
	assert_string_equal(out->cmd.id, "a-1");
	assert_int_equal(out->cmd.value, 3);

	assert_int_equal(proto_desk_state_decode(st, sizeof(st) - 1,
	    &out->state, err, sizeof(err)), 0);
	assert_int_equal(out->state.desk, 3);
	assert_int_equal(out->state.status, DESK_SERVING);
	assert_int_equal(out->state.ticket.service, 'A');
	assert_int_equal(out->state.ticket.number, 12);
	assert_string_equal(out->state.last_id, "b1-7");
	assert_int_equal(out->state.result, RESULT_OK);
	assert_int_equal(out->state.waiting, 4);
	assert_true(out->state.time_ms == 1700000000000LL);

	assert_int_equal(proto_online_decode(on, sizeof(on) - 1, &out->online,
	    err, sizeof(err)), 0);
	assert_true(out->online.online);
	assert_string_equal(out->online.boot, "b");

	assert_int_equal(proto_board_decode(board, sizeof(board) - 1,
	    &out->board, err, sizeof(err)), 0);
	assert_int_equal(out->board.ndesks, 1);
	assert_int_equal(out->board.desks[0].id, 4);
	assert_int_equal(out->board.desks[0].ticket.number, 7);
	assert_int_equal(out->board.ncalls, 1);
	assert_true(out->board.calls[0].recall);
	assert_true(out->board.calls[0].time_ms == 9);
	assert_int_equal(out->board.nwaiting, 1);
	assert_string_equal(out->board.waiting[0].name, "Perizinan");
	assert_int_equal(out->board.waiting[0].count, -1);

	assert_int_equal(proto_call_decode(call, sizeof(call) - 1, &out->call,
	    err, sizeof(err)), 0);
	assert_true(out->call.seq == 9);
	assert_int_equal(out->call.call.desk, 3);
	assert_string_equal(out->call.call.desk_name, "Loket 3");

	free(out);
}

/*
 * Encoders refuse what the decoders would refuse, and log why: that line
 * is all a programmer gets, so it is read back from stderr.
 */

struct capture {
	FILE	*tmp;
	int	 saved;
};

static void
capture_begin(struct capture *cap)
{
	fflush(stderr);
	cap->tmp = tmpfile();
	assert_non_null(cap->tmp);
	cap->saved = dup(STDERR_FILENO);
	assert_true(cap->saved != -1);
	assert_true(dup2(fileno(cap->tmp), STDERR_FILENO) != -1);
}

static void
capture_end(struct capture *cap, char *buf, size_t len)
{
	size_t n;

	fflush(stderr);
	dup2(cap->saved, STDERR_FILENO);
	close(cap->saved);
	rewind(cap->tmp);
	n = fread(buf, 1, len - 1, cap->tmp);
	buf[n] = '\0';
	fclose(cap->tmp);
}

/* Runs an encoder that must refuse, and checks the warning it logs. */
#define ENCODE_REFUSED(call, want) do {					\
	struct capture cap;						\
	char logged[512], *out;						\
									\
	capture_begin(&cap);						\
	out = (call);							\
	capture_end(&cap, logged, sizeof(logged));			\
	if (out != NULL)						\
		fail_msg("%s encoded: %s", #call, out);			\
	if (strstr(logged, (want)) == NULL)				\
		fail_msg("%s logged \"%s\", wanted \"%s\"", #call,	\
		    logged, (want));					\
} while (0)

static void
test_encode_rejects(void **state)
{
	struct proto_cmd c = { .op = OP_NEXT, .id = "a-1" };
	struct proto_desk_state st = { .desk = 3 };
	struct proto_online on = { .online = true };
	struct proto_call call = { .seq = 1 };
	struct board *b;
	char *s;

	b = malloc(sizeof(*b));
	assert_non_null(b);

	c.op = OP__COUNT;
	ENCODE_REFUSED(proto_cmd_encode(&c),
	    "cannot encode cmd: field \"op\": bad op 10");
	c.op = OP_NEXT;
	c.id[0] = '\0';
	ENCODE_REFUSED(proto_cmd_encode(&c), "field \"id\": empty");
	memset(c.id, 'a', sizeof(c.id));
	ENCODE_REFUSED(proto_cmd_encode(&c),
	    "field \"id\": not NUL-terminated");
	strcpy(c.id, "a-1");
	c.op = OP_TRANSFER;
	c.service = 'a';
	ENCODE_REFUSED(proto_cmd_encode(&c),
	    "field \"service\": service must be a letter A..Z");
	c.op = OP_RATE;
	c.value = 6;
	ENCODE_REFUSED(proto_cmd_encode(&c),
	    "field \"value\": 6 out of range 1..5");

	st.desk = 0;
	ENCODE_REFUSED(proto_desk_state_encode(&st),
	    "cannot encode desk state: field \"desk\": 0 out of range");
	st.desk = 3;
	st.status = DESK_OFFLINE;
	ENCODE_REFUSED(proto_desk_state_encode(&st),
	    "field \"status\": \"offline\" only appears on the board");
	st.status = DESK_SERVING;
	st.ticket.service = 'A';
	st.ticket.number = 0;
	ENCODE_REFUSED(proto_desk_state_encode(&st),
	    "field \"ticket.number\": 0 out of range 1..9999");
	st.ticket.number = 1;
	st.result = RESULT__COUNT;
	ENCODE_REFUSED(proto_desk_state_encode(&st),
	    "field \"result\": bad result 2");
	st.result = RESULT_REFUSED;
	st.waiting = -2;
	ENCODE_REFUSED(proto_desk_state_encode(&st),
	    "field \"waiting\": -2 out of range -1..259974");
	st.waiting = 0;
	strcpy(st.reason, "bad\tbyte");
	ENCODE_REFUSED(proto_desk_state_encode(&st),
	    "field \"reason\": control character at byte 3");

	strcpy(on.boot, "b 1");
	ENCODE_REFUSED(proto_online_encode(&on),
	    "cannot encode online: field \"boot\": byte 1 is a space");

	call.seq = (uint64_t)INT64_MAX + 1;
	call.call.ticket.service = 'A';
	call.call.ticket.number = 1;
	call.call.desk = 1;
	ENCODE_REFUSED(proto_call_encode(&call),
	    "cannot encode call: field \"seq\": above");
	call.seq = 1;
	call.call.ticket.service = 0;
	ENCODE_REFUSED(proto_call_encode(&call),
	    "field \"ticket\": a ticket is required");
	call.call.ticket.service = 'A';
	call.call.time_ms = -1;
	ENCODE_REFUSED(proto_call_encode(&call),
	    "field \"time_ms\": -1 out of range");

	full_board(b);
	b->ndesks = BOARD_MAX_DESKS + 1;
	ENCODE_REFUSED(proto_board_encode(b),
	    "cannot encode board: field \"desks\": 129 out of range 0..128");
	full_board(b);
	b->ncalls = -1;
	ENCODE_REFUSED(proto_board_encode(b),
	    "field \"calls\": -1 out of range 0..10");
	full_board(b);
	b->desks[5].id = b->desks[3].id;
	ENCODE_REFUSED(proto_board_encode(b),
	    "field \"desks[5].id\": desk 996 listed twice");
	full_board(b);
	b->waiting[7].service = 'C';
	ENCODE_REFUSED(proto_board_encode(b),
	    "field \"waiting[7].service\": service C listed twice");
	full_board(b);
	memset(b->desks[2].name, 'n', sizeof(b->desks[2].name));
	ENCODE_REFUSED(proto_board_encode(b),
	    "field \"desks[2].name\": not NUL-terminated");
	full_board(b);
	b->desks[4].status = DESK__COUNT;
	ENCODE_REFUSED(proto_board_encode(b),
	    "field \"desks[4].status\": bad status 5");
	full_board(b);
	strcpy(b->calls[1].desk_name, "bad \xc3(");
	ENCODE_REFUSED(proto_board_encode(b),
	    "field \"calls[1].desk_name\": invalid UTF-8 at byte 4");
	full_board(b);
	strcpy(b->waiting[1].name, "x\xed\xa0\x80");	/* a surrogate */
	ENCODE_REFUSED(proto_board_encode(b),
	    "field \"waiting[1].name\": invalid UTF-8 at byte 1");
	full_board(b);
	strcpy(b->fault, "ab\xe0\x80\xaf");		/* overlong '/' */
	ENCODE_REFUSED(proto_board_encode(b),
	    "field \"fault\": invalid UTF-8 at byte 2");
	full_board(b);
	strcpy(b->fault, "\xf4\x90\x80\x80");		/* above U+10FFFF */
	ENCODE_REFUSED(proto_board_encode(b),
	    "field \"fault\": invalid UTF-8 at byte 0");
	full_board(b);
	strcpy(b->fault, "\xe2\x82");			/* cut short */
	ENCODE_REFUSED(proto_board_encode(b),
	    "field \"fault\": invalid UTF-8 at byte 0");
	full_board(b);
	strcpy(b->day, "2024-02-00");
	ENCODE_REFUSED(proto_board_encode(b),
	    "field \"day\": not a YYYY-MM-DD date");

	/* And the untouched board does encode. */
	full_board(b);
	s = proto_board_encode(b);
	assert_non_null(s);
	free(s);
	free(b);
}

/*
 * Names, tickets, topics.
 */

/* A zone's board names its zone; the hall's has no "zone" field at all,
 * and a zone id that could not be a topic level is refused both ways. */
static void
test_board_zone(void **state)
{
	struct board *b, *got;
	char err[PROTO_REASON_MAX], *s;
	const char *bad;

	(void)state;
	b = calloc(1, sizeof(*b));
	got = calloc(1, sizeof(*got));
	assert_non_null(b);
	assert_non_null(got);
	strcpy(b->day, "2026-12-03");
	s = proto_board_encode(b);
	assert_non_null(s);
	assert_null(strstr(s, "zone"));
	assert_null(strstr(s, "title"));
	free(s);

	strcpy(b->zone, "A");
	strcpy(b->title, "Zona A \u2014 Dukcapil");
	s = proto_board_encode(b);
	assert_non_null(s);
	assert_non_null(strstr(s, "\"zone\":\"A\""));
	assert_int_equal(proto_board_decode(s, strlen(s), got, err,
	    sizeof(err)), 0);
	assert_string_equal(got->zone, "A");
	assert_string_equal(got->title, "Zona A \u2014 Dukcapil");
	free(s);

	strcpy(b->zone, "A/#");
	ENCODE_REFUSED(proto_board_encode(b),
	    "field \"zone\": byte 1 is not a letter, digit, '-' or '_'");

	bad = BOARD_HEAD "\"zone\":\"a+\",\"desks\":[],\"calls\":[],"
	    "\"waiting\":[],\"fault\":\"\"}";
	assert_int_equal(proto_board_decode(bad, strlen(bad), got, err,
	    sizeof(err)), -1);
	assert_string_equal(err,
	    "field \"zone\": byte 1 is not a letter, digit, '-' or '_'");
	bad = BOARD_HEAD "\"zone\":\"0123456789abcdef\",\"desks\":[],"
	    "\"calls\":[],\"waiting\":[],\"fault\":\"\"}";
	assert_int_equal(proto_board_decode(bad, strlen(bad), got, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "field \"zone\": too long (16 bytes, max 15)");
	free(b);
	free(got);
}

static void
test_names(void **state)
{
	static const char *const ops[OP__COUNT] = { "next", "recall",
	    "noshow", "requeue", "transfer", "pause", "resume", "close",
	    "rate", "take_priority" };
	static const char *const sts[DESK__COUNT] = { "idle", "serving",
	    "paused", "closed", "offline" };
	enum proto_op op;
	enum desk_status st;
	int i;

	for (i = 0; i < OP__COUNT; i++) {
		assert_string_equal(proto_op_name(i), ops[i]);
		assert_int_equal(proto_op_parse(ops[i], &op), 0);
		assert_int_equal(op, i);
	}
	for (i = 0; i < DESK__COUNT; i++) {
		assert_string_equal(proto_status_name(i), sts[i]);
		assert_int_equal(proto_status_parse(sts[i], &st), 0);
		assert_int_equal(st, i);
	}
	assert_string_equal(proto_result_name(RESULT_OK), "ok");
	assert_string_equal(proto_result_name(RESULT_REFUSED), "refused");

	assert_string_equal(proto_op_name(OP__COUNT), "?");
	assert_string_equal(proto_status_name(-1), "?");
	assert_string_equal(proto_result_name(RESULT__COUNT), "?");
	assert_int_equal(proto_op_parse("Next", &op), -1);
	assert_int_equal(proto_op_parse("", &op), -1);
	assert_int_equal(proto_op_parse(NULL, &op), -1);
	assert_int_equal(proto_status_parse("busy", &st), -1);
}

static void
test_ticket_format(void **state)
{
	struct ticket t = { 'A', 12, false };
	char buf[8];

	assert_string_equal(ticket_format(&t, buf, sizeof(buf)), "A12");
	t.service = 'Z';
	t.number = TICKET_NUMBER_MAX;
	assert_string_equal(ticket_format(&t, buf, sizeof(buf)), "Z9999");
	t.number = 1;
	assert_string_equal(ticket_format(&t, buf, sizeof(buf)), "Z1");
	assert_string_equal(ticket_format(&t, buf, 2), "Z");
	t.service = 0;
	t.number = 0;
	assert_string_equal(ticket_format(&t, buf, sizeof(buf)), "");
	t.service = 'a';
	t.number = 3;
	assert_string_equal(ticket_format(&t, buf, sizeof(buf)), "");
	t.service = 'A';
	t.number = 0;
	assert_string_equal(ticket_format(&t, buf, sizeof(buf)), "");
	assert_string_equal(ticket_format(&t, buf, 0), "");
}

static void
test_topic_build(void **state)
{
	char buf[64];

	assert_int_equal(topic_desk_cmd(buf, sizeof(buf), "antre/hall1", 3),
	    0);
	assert_string_equal(buf, "antre/hall1/desk/3/cmd");
	assert_int_equal(topic_desk_state(buf, sizeof(buf), "antre/hall1",
	    999), 0);
	assert_string_equal(buf, "antre/hall1/desk/999/state");
	assert_int_equal(topic_desk_online(buf, sizeof(buf), "antre/hall1",
	    1), 0);
	assert_string_equal(buf, "antre/hall1/desk/1/online");
	assert_int_equal(topic_board(buf, sizeof(buf), "antre/hall1"), 0);
	assert_string_equal(buf, "antre/hall1/board");
	assert_int_equal(topic_call(buf, sizeof(buf), "antre/hall1"), 0);
	assert_string_equal(buf, "antre/hall1/call");
	assert_int_equal(topic_central_online(buf, sizeof(buf), "x"), 0);
	assert_string_equal(buf, "x/central/online");

	/* Desk ids out of range. */
	assert_int_equal(topic_desk_cmd(buf, sizeof(buf), "antre/h", 0), -1);
	assert_int_equal(topic_desk_state(buf, sizeof(buf), "antre/h", 1000),
	    -1);
	assert_int_equal(topic_desk_online(buf, sizeof(buf), "antre/h", -3),
	    -1);

	/* Buffers too small by one, and just right. */
	assert_int_equal(topic_desk_cmd(buf, 12, "antre/h", 7), -1);
	assert_string_equal(buf, "");
	assert_int_equal(topic_desk_cmd(buf, 18, "antre/h", 7), -1);
	assert_int_equal(topic_desk_cmd(buf, 19, "antre/h", 7), 0);
	assert_string_equal(buf, "antre/h/desk/7/cmd");
	assert_int_equal(topic_board(buf, 13, "antre/h"), -1);
	assert_int_equal(topic_board(buf, 14, "antre/h"), 0);
	assert_int_equal(topic_call(buf, 0, "antre/h"), -1);

	/* Prefixes that are no place to publish. */
	assert_int_equal(topic_board(buf, sizeof(buf), ""), -1);
	assert_int_equal(topic_board(buf, sizeof(buf), NULL), -1);
	assert_int_equal(topic_board(buf, sizeof(buf), "antre/h/"), -1);
	assert_int_equal(topic_call(buf, sizeof(buf), "antre/+"), -1);
	assert_int_equal(topic_desk_cmd(buf, sizeof(buf), "antre/#", 1), -1);
}

struct topic_case {
	const char	*topic;
	int		 id;		/* -1: refused */
	const char	*leaf;
};

static const struct topic_case topic_cases[] = {
	{ "antre/hall1/desk/3/cmd", 3, "cmd" },
	{ "antre/hall1/desk/1/state", 1, "state" },
	{ "antre/hall1/desk/999/online", 999, "online" },
	{ "antre/hall1/desk/42/cmd", 42, "cmd" },
	{ "antre/hall1/desk/0/cmd", -1, NULL },
	{ "antre/hall1/desk/1000/cmd", -1, NULL },
	{ "antre/hall1/desk/03/cmd", -1, NULL },
	{ "antre/hall1/desk/-3/cmd", -1, NULL },
	{ "antre/hall1/desk/+3/cmd", -1, NULL },
	{ "antre/hall1/desk/3a/cmd", -1, NULL },
	{ "antre/hall1/desk//cmd", -1, NULL },
	{ "antre/hall1/desk/3", -1, NULL },
	{ "antre/hall1/desk/3/", -1, NULL },
	{ "antre/hall1/desk/3/take", -1, NULL },
	{ "antre/hall1/desk/3/cmdx", -1, NULL },
	{ "antre/hall1/desk/3/cmd/x", -1, NULL },
	{ "antre/hall1/desk/3/state/", -1, NULL },
	{ "antre/hall1/desk/+/cmd", -1, NULL },
	{ "antre/hall1/kiosk/3/take", -1, NULL },
	{ "antre/hall1/board", -1, NULL },
	{ "antre/hall1/central/online", -1, NULL },
	{ "antre/hall2/desk/3/cmd", -1, NULL },
	{ "antre/hall10/desk/3/cmd", -1, NULL },
	{ "x/antre/hall1/desk/3/cmd", -1, NULL },
	{ "antre/desk/3/cmd", -1, NULL },
	{ "antre/hall1desk/3/cmd", -1, NULL },
	{ "", -1, NULL },
};

static void
test_topic_parse(void **state)
{
	const struct topic_case *tc;
	const char *leaf;
	size_t i;
	int id;

	for (i = 0; i < sizeof(topic_cases) / sizeof(topic_cases[0]); i++) {
		tc = &topic_cases[i];
		leaf = NULL;
		id = topic_parse_desk(tc->topic, "antre/hall1", &leaf);
		if (id != tc->id)
			fail_msg("%s: got %d, wanted %d", tc->topic, id,
			    tc->id);
		if (tc->leaf != NULL && (leaf == NULL ||
		    strcmp(leaf, tc->leaf) != 0))
			fail_msg("%s: leaf %s", tc->topic,
			    leaf ? leaf : "(none)");
	}

	/* The leaf points into the topic, and may be left unasked. */
	{
		static const char t[] = "p/desk/5/state";

		assert_int_equal(topic_parse_desk(t, "p", &leaf), 5);
		assert_ptr_equal(leaf, t + 9);
		assert_int_equal(topic_parse_desk(t, "p", NULL), 5);
	}
	assert_int_equal(topic_parse_desk(NULL, "p", &leaf), -1);
	assert_int_equal(topic_parse_desk("p/desk/5/cmd", NULL, &leaf), -1);
	assert_int_equal(topic_parse_desk("p/desk/5/cmd", "", &leaf), -1);
	assert_int_equal(topic_parse_desk("/desk/5/cmd", "", &leaf), -1);
}

/* What a builder writes, the parser reads back. */
static void
test_topic_both_ways(void **state)
{
	char buf[64];
	const char *leaf;
	int id;

	for (id = 1; id <= DESK_ID_MAX; id++) {
		assert_int_equal(topic_desk_cmd(buf, sizeof(buf), "a/b", id),
		    0);
		assert_int_equal(topic_parse_desk(buf, "a/b", &leaf), id);
		assert_string_equal(leaf, "cmd");
		assert_int_equal(topic_desk_state(buf, sizeof(buf), "a/b", id),
		    0);
		assert_int_equal(topic_parse_desk(buf, "a/b", &leaf), id);
		assert_string_equal(leaf, "state");
		assert_int_equal(topic_desk_online(buf, sizeof(buf), "a/b", id),
		    0);
		assert_int_equal(topic_parse_desk(buf, "a/b", &leaf), id);
		assert_string_equal(leaf, "online");
	}
	for (id = 1; id <= KIOSK_ID_MAX; id++) {
		assert_int_equal(topic_kiosk_take(buf, sizeof(buf), "a/b", id),
		    0);
		assert_int_equal(topic_parse_kiosk(buf, "a/b", &leaf), id);
		assert_string_equal(leaf, "take");
		assert_int_equal(topic_parse_desk(buf, "a/b", &leaf), -1);
		assert_int_equal(topic_kiosk_ticket(buf, sizeof(buf), "a/b",
		    id), 0);
		assert_int_equal(topic_parse_kiosk(buf, "a/b", &leaf), id);
		assert_string_equal(leaf, "ticket");
		assert_int_equal(topic_parse_desk(buf, "a/b", &leaf), -1);
	}
}

/*
 * An MQTT topic filter against a topic name (MQTT 3.1.1, 4.7): "+" is one
 * whole level, possibly empty, and a final "#" is every level below,
 * including none. The broker's rule, so that the tests below check the
 * central's subscriptions as the broker will apply them.
 */
static bool
topic_matches(const char *filter, const char *topic)
{
	size_t fn, tn;

	for (;;) {
		fn = strcspn(filter, "/");
		tn = strcspn(topic, "/");
		if (strcmp(filter, "#") == 0)
			return true;
		if (!(fn == 1 && filter[0] == '+') &&
		    (fn != tn || strncmp(filter, topic, fn) != 0))
			return false;
		filter += fn;
		topic += tn;
		if (*filter == '\0' || *topic == '\0')
			break;
		filter++;
		topic++;
	}
	return *topic == '\0' &&
	    (*filter == '\0' || strcmp(filter, "/#") == 0);
}

static void
test_topic_matches(void **state)
{
	static const struct {
		const char	*filter;
		const char	*topic;
		bool		 match;
	} cases[] = {
		{ "a/b", "a/b", true },
		{ "a/b", "a/bc", false },
		{ "a/bc", "a/b", false },
		{ "a/b", "a/b/c", false },
		{ "a/b/c", "a/b", false },
		{ "a/+/c", "a/7/c", true },
		{ "a/+/c", "a//c", true },
		{ "a/+/c", "a/7/8/c", false },
		{ "a/+/c", "a/7/cmd", false },
		{ "a/+", "a", false },
		{ "a/#", "a", true },
		{ "a/#", "a/b/c", true },
		{ "a/#", "ab", false },
		{ "#", "a/b", true },
		{ "+/+", "/b", true },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (topic_matches(cases[i].filter, cases[i].topic) !=
		    cases[i].match)
			fail_msg("\"%s\" against \"%s\": wanted %s",
			    cases[i].filter, cases[i].topic,
			    cases[i].match ? "a match" : "none");
}

enum sub {
	SUB_DESK_CMD,
	SUB_DESK_ONLINE,
	SUB_KIOSK_TAKE,
	SUB__COUNT
};

/* The central's subscriptions under prefix, by enum sub. */
static void
subscriptions(const char *prefix, char filters[SUB__COUNT][64])
{
	assert_int_equal(topic_desk_cmd_any(filters[SUB_DESK_CMD], 64,
	    prefix), 0);
	assert_int_equal(topic_desk_online_any(filters[SUB_DESK_ONLINE], 64,
	    prefix), 0);
	assert_int_equal(topic_kiosk_take_any(filters[SUB_KIOSK_TAKE], 64,
	    prefix), 0);
}

/* topic must be matched by filters[want] and by no other (want ==
 * SUB__COUNT: by none). */
static void
assert_heard_by(char filters[SUB__COUNT][64], const char *topic, int want)
{
	int i;

	for (i = 0; i < SUB__COUNT; i++)
		if (topic_matches(filters[i], topic) != (i == want))
			fail_msg("\"%s\" %s \"%s\"", filters[i],
			    i == want ? "misses" : "matches", topic);
}

static void
test_topic_wildcards(void **state)
{
	static const char *const prefixes[] = {
		"antre/hall1", "x", "antre/mpp-sleman/lantai2"
	};
	char filters[SUB__COUNT][64], other[SUB__COUNT][64], buf[64];
	const char *prefix, *leaf;
	size_t p;
	int id;

	subscriptions("antre/hall1", filters);
	assert_string_equal(filters[SUB_DESK_CMD], "antre/hall1/desk/+/cmd");
	assert_string_equal(filters[SUB_DESK_ONLINE],
	    "antre/hall1/desk/+/online");
	assert_string_equal(filters[SUB_KIOSK_TAKE],
	    "antre/hall1/kiosk/+/take");

	for (p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++) {
		prefix = prefixes[p];
		subscriptions(prefix, filters);
		/* A filter is no topic: the parsers refuse it. */
		assert_int_equal(topic_parse_desk(filters[SUB_DESK_CMD],
		    prefix, &leaf), -1);
		assert_int_equal(topic_parse_desk(filters[SUB_DESK_ONLINE],
		    prefix, &leaf), -1);
		assert_int_equal(topic_parse_kiosk(filters[SUB_KIOSK_TAKE],
		    prefix, &leaf), -1);

		/* Each desk's command and presence reach the central, which
		 * reads the id back; its own state topic goes to the desk
		 * only. */
		for (id = 1; id <= DESK_ID_MAX; id++) {
			assert_int_equal(topic_desk_cmd(buf, sizeof(buf),
			    prefix, id), 0);
			assert_heard_by(filters, buf, SUB_DESK_CMD);
			assert_int_equal(topic_parse_desk(buf, prefix, &leaf),
			    id);
			assert_string_equal(leaf, "cmd");
			assert_int_equal(topic_desk_online(buf, sizeof(buf),
			    prefix, id), 0);
			assert_heard_by(filters, buf, SUB_DESK_ONLINE);
			assert_int_equal(topic_parse_desk(buf, prefix, &leaf),
			    id);
			assert_string_equal(leaf, "online");
			assert_int_equal(topic_desk_state(buf, sizeof(buf),
			    prefix, id), 0);
			assert_heard_by(filters, buf, SUB__COUNT);
		}
		for (id = 1; id <= KIOSK_ID_MAX; id++) {
			assert_int_equal(topic_kiosk_take(buf, sizeof(buf),
			    prefix, id), 0);
			assert_heard_by(filters, buf, SUB_KIOSK_TAKE);
			assert_int_equal(topic_parse_kiosk(buf, prefix, &leaf),
			    id);
			assert_string_equal(leaf, "take");
			assert_int_equal(topic_kiosk_ticket(buf, sizeof(buf),
			    prefix, id), 0);
			assert_heard_by(filters, buf, SUB__COUNT);
		}
		assert_int_equal(topic_board(buf, sizeof(buf), prefix), 0);
		assert_heard_by(filters, buf, SUB__COUNT);
		assert_int_equal(topic_call(buf, sizeof(buf), prefix), 0);
		assert_heard_by(filters, buf, SUB__COUNT);
		assert_int_equal(topic_central_online(buf, sizeof(buf), prefix),
		    0);
		assert_heard_by(filters, buf, SUB__COUNT);
	}

	/* Nothing of a neighbouring hall, whose prefix starts the same or
	 * is one level deeper or shallower. */
	subscriptions("antre/hall1", filters);
	subscriptions("antre/hall10", other);
	assert_int_equal(topic_desk_cmd(buf, sizeof(buf), "antre/hall10", 7),
	    0);
	assert_heard_by(filters, buf, SUB__COUNT);
	assert_heard_by(other, buf, SUB_DESK_CMD);
	assert_int_equal(topic_desk_cmd(buf, sizeof(buf), "antre/hall1", 7),
	    0);
	assert_heard_by(filters, buf, SUB_DESK_CMD);
	assert_heard_by(other, buf, SUB__COUNT);
	assert_int_equal(topic_kiosk_take(buf, sizeof(buf), "antre/hall1/a",
	    7), 0);
	assert_heard_by(filters, buf, SUB__COUNT);
	assert_int_equal(topic_desk_online(buf, sizeof(buf), "antre", 7), 0);
	assert_heard_by(filters, buf, SUB__COUNT);
}

static void
test_topic_wildcards_refused(void **state)
{
	static const char *const bad[] = {
		NULL, "", "/", "antre/h/", "/antre/h", "antre/+", "antre/#",
		"antre/h+", "#"
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(buf, "old");
		assert_int_equal(topic_desk_cmd_any(buf, sizeof(buf), bad[i]),
		    -1);
		assert_string_equal(buf, "");
		strcpy(buf, "old");
		assert_int_equal(topic_desk_online_any(buf, sizeof(buf),
		    bad[i]), -1);
		assert_string_equal(buf, "");
		strcpy(buf, "old");
		assert_int_equal(topic_kiosk_take_any(buf, sizeof(buf), bad[i]),
		    -1);
		assert_string_equal(buf, "");
	}

	/* Buffers too small by one, and just right. */
	assert_int_equal(topic_desk_cmd_any(buf, 18, "antre/h"), -1);
	assert_string_equal(buf, "");
	assert_int_equal(topic_desk_cmd_any(buf, 19, "antre/h"), 0);
	assert_string_equal(buf, "antre/h/desk/+/cmd");
	assert_int_equal(topic_desk_online_any(buf, 21, "antre/h"), -1);
	assert_int_equal(topic_desk_online_any(buf, 22, "antre/h"), 0);
	assert_string_equal(buf, "antre/h/desk/+/online");
	assert_int_equal(topic_kiosk_take_any(buf, 20, "antre/h"), -1);
	assert_int_equal(topic_kiosk_take_any(buf, 21, "antre/h"), 0);
	assert_string_equal(buf, "antre/h/kiosk/+/take");
	assert_int_equal(topic_kiosk_take_any(buf, 0, "antre/h"), -1);
	assert_int_equal(topic_kiosk_take_any(NULL, 64, "antre/h"), -1);
}

/*
 * Kiosk messages.
 */

static void
test_kiosk_roundtrip(void **state)
{
	struct proto_take t = { .service = 'C' }, t2;
	struct proto_ticket k, k2;
	char err[PROTO_REASON_MAX], *s;
	int i;

	strcpy(t.id, "k1a2b3-7");
	s = proto_take_encode(&t);
	assert_non_null(s);
	assert_string_equal(s,
	    "{\"v\":1,\"id\":\"k1a2b3-7\",\"service\":\"C\"}");
	assert_int_equal(proto_take_decode(s, strlen(s), &t2, err,
	    sizeof(err)), 0);
	assert_string_equal(t2.id, t.id);
	assert_int_equal(t2.service, 'C');
	free(s);

	for (i = 0; i < 2; i++) {
		memset(&k, 0, sizeof(k));
		k.wait_lo_min = k.wait_hi_min = -1;	/* no estimate */
		strcpy(k.id, "k1a2b3-7");
		k.result = i == 0 ? RESULT_OK : RESULT_REFUSED;
		if (i == 0) {
			k.ticket = (struct ticket){ 'C', 104, false };
			k.waiting = 12;
		} else {
			strcpy(k.reason, "unknown service C");
			k.waiting = -1;
		}
		strcpy(k.service_name, "Perizinan \xc3\xa9");
		strcpy(k.day, "2026-11-23");
		k.time_ms = 1795401660000LL;
		s = proto_ticket_encode(&k);
		assert_non_null(s);
		/* UTF-8 as UTF-8 on the wire, not escaped. */
		assert_non_null(strstr(s, "Perizinan \xc3\xa9"));
		assert_null(strstr(s, "\\u"));
		if (proto_ticket_decode(s, strlen(s), &k2, err, sizeof(err)))
			fail_msg("%s: %s", s, err);
		assert_string_equal(k2.id, k.id);
		assert_int_equal(k2.result, k.result);
		assert_string_equal(k2.reason, k.reason);
		assert_int_equal(k2.ticket.service, k.ticket.service);
		assert_int_equal(k2.ticket.number, k.ticket.number);
		assert_string_equal(k2.service_name, k.service_name);
		assert_int_equal(k2.waiting, k.waiting);
		assert_string_equal(k2.day, k.day);
		assert_true(k2.time_ms == k.time_ms);
		/* No optional field written: the defaults come back. */
		assert_null(strstr(s, "priority"));
		assert_null(strstr(s, "wait_min"));
		assert_null(strstr(s, "code"));
		assert_false(k2.priority);
		assert_int_equal(k2.wait_lo_min, -1);
		assert_int_equal(k2.wait_hi_min, -1);
		assert_string_equal(k2.code, "");
		free(s);
	}
}

/* A priority take and the answer's optional fields: priority, the wait
 * estimate in minutes and the refusal's kind. */
static void
test_kiosk_optional(void **state)
{
	struct proto_take t = { .service = 'B', .priority = true }, t2;
	struct proto_ticket k, k2;
	char err[PROTO_REASON_MAX], *s;
	const char *bad;

	(void)state;
	strcpy(t.id, "k9-1");
	s = proto_take_encode(&t);
	assert_string_equal(s, "{\"v\":1,\"id\":\"k9-1\",\"service\":\"B\","
	    "\"priority\":true}");
	assert_int_equal(proto_take_decode(s, strlen(s), &t2, err,
	    sizeof(err)), 0);
	assert_true(t2.priority);
	free(s);
	bad = "{\"v\":1,\"id\":\"k9-1\",\"service\":\"B\",\"priority\":1}";
	assert_int_equal(proto_take_decode(bad, strlen(bad), &t2, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "priority"));

	memset(&k, 0, sizeof(k));
	strcpy(k.id, "k9-1");
	k.result = RESULT_OK;
	k.ticket = (struct ticket){ 'B', 7, false };
	k.waiting = 4;
	strcpy(k.day, "2026-12-03");
	k.priority = true;
	k.wait_lo_min = 20;
	k.wait_hi_min = 30;
	s = proto_ticket_encode(&k);
	assert_non_null(s);
	assert_non_null(strstr(s, "\"priority\":true,\"wait_min\":[20,30]"));
	assert_int_equal(proto_ticket_decode(s, strlen(s), &k2, err,
	    sizeof(err)), 0);
	assert_true(k2.priority);
	assert_int_equal(k2.wait_lo_min, 20);
	assert_int_equal(k2.wait_hi_min, 30);
	free(s);

	k.result = RESULT_REFUSED;
	k.ticket.service = 0;
	k.wait_lo_min = k.wait_hi_min = -1;
	strcpy(k.reason, "kuota layanan B hari ini habis");
	strcpy(k.code, "quota");
	s = proto_ticket_encode(&k);
	assert_int_equal(proto_ticket_decode(s, strlen(s), &k2, err,
	    sizeof(err)), 0);
	assert_string_equal(k2.code, "quota");
	free(s);

	/* A range upside down, out of bounds or not a pair is refused. */
	k.result = RESULT_OK;
	k.ticket = (struct ticket){ 'B', 7, false };
	k.code[0] = '\0';
	k.wait_lo_min = 30;
	k.wait_hi_min = 20;
	ENCODE_REFUSED(proto_ticket_encode(&k), "wait_min");
	bad = "{\"v\":1,\"id\":\"a\",\"result\":\"ok\",\"reason\":\"\","
	    "\"ticket\":{\"service\":\"A\",\"number\":1},\"service_name\":"
	    "\"\",\"waiting\":0,\"day\":\"2026-12-03\",\"time_ms\":1,"
	    "\"wait_min\":[5]}";
	assert_int_equal(proto_ticket_decode(bad, strlen(bad), &k2, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "wait_min"));
}

static void
test_kiosk_reject(void **state)
{
	static const struct {
		int		 ticket;	/* decode as: 0 take, 1 ticket */
		const char	*json;
		const char	*reason;
	} bads[] = {
		{ 0, "{\"v\":1,\"service\":\"A\"}", "field \"id\": missing" },
		{ 0, "{\"v\":1,\"id\":\"a\",\"service\":\"AB\"}",
		    "field \"service\"" },
		{ 0, "{\"v\":1,\"id\":\"a b\",\"service\":\"A\"}",
		    "field \"id\"" },
		{ 1, "{\"v\":1,\"id\":\"a\",\"result\":\"ok\",\"reason\":\"\","
		    "\"ticket\":null,\"service_name\":\"x\",\"waiting\":0,"
		    "\"day\":\"2026-11-23\",\"time_ms\":1}",
		    "field \"ticket\": a ticket is required" },
		{ 1, "{\"v\":1,\"id\":\"a\",\"result\":\"maybe\"}",
		    "field \"result\": expected \"ok\" or \"refused\"" },
		{ 1, "{\"v\":1,\"id\":\"a\",\"result\":\"refused\",\"reason\":"
		    "\"x\",\"ticket\":null,\"service_name\":\"x\",\"waiting\":0,"
		    "\"day\":\"2026-13-23\",\"time_ms\":1}", "field \"day\"" },
	};
	struct proto_ticket k;
	struct proto_take t;
	char err[PROTO_REASON_MAX];
	size_t i;
	int rc;

	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		rc = bads[i].ticket ?
		    proto_ticket_decode(bads[i].json, strlen(bads[i].json), &k,
		    err, sizeof(err)) :
		    proto_take_decode(bads[i].json, strlen(bads[i].json), &t,
		    err, sizeof(err));
		if (rc != -1)
			fail_msg("#%zu accepted: %s", i, bads[i].json);
		if (strstr(err, bads[i].reason) == NULL)
			fail_msg("#%zu: reason \"%s\", wanted \"%s\"", i, err,
			    bads[i].reason);
	}
	/* A requeue names the ticket it puts back. */
	{
		const char *rq = "{\"v\":1,\"op\":\"requeue\",\"id\":\"a\"}";
		struct proto_cmd cmd;

		assert_int_equal(proto_cmd_decode(rq, strlen(rq), &cmd, err,
		    sizeof(err)), -1);
	}
	assert_non_null(strstr(err, "field \"ticket\": missing"));
}

static void
test_kiosk_topics(void **state)
{
	const char *leaf;
	char buf[64];

	assert_int_equal(topic_kiosk_take(buf, sizeof(buf), "antre/h", 2), 0);
	assert_string_equal(buf, "antre/h/kiosk/2/take");
	assert_int_equal(topic_parse_kiosk(buf, "antre/h", &leaf), 2);
	assert_string_equal(leaf, "take");
	/* Kiosks are numbered 1..999, as antre-credential provisions them. */
	assert_int_equal(KIOSK_ID_MAX, 999);
	assert_int_equal(topic_kiosk_ticket(buf, sizeof(buf), "antre/h", 999),
	    0);
	assert_string_equal(buf, "antre/h/kiosk/999/ticket");
	assert_int_equal(topic_parse_kiosk(buf, "antre/h", &leaf), 999);
	assert_string_equal(leaf, "ticket");
	assert_int_equal(topic_kiosk_take(buf, sizeof(buf), "antre/h", 1), 0);
	assert_int_equal(topic_parse_kiosk(buf, "antre/h", &leaf), 1);
	assert_int_equal(topic_kiosk_take(buf, sizeof(buf), "antre/h", 1000),
	    -1);
	assert_int_equal(topic_kiosk_take(buf, sizeof(buf), "antre/h", 0),
	    -1);
	assert_int_equal(topic_parse_kiosk("antre/h/kiosk/1000/take", "antre/h",
	    &leaf), -1);
	assert_int_equal(topic_parse_kiosk("antre/h/kiosk/0/take", "antre/h",
	    &leaf), -1);
	assert_int_equal(topic_parse_kiosk("antre/h/kiosk/1/cmd", "antre/h",
	    &leaf), -1);
	assert_int_equal(topic_parse_kiosk("antre/h/desk/1/take", "antre/h",
	    &leaf), -1);
	assert_int_equal(topic_parse_desk("antre/h/kiosk/1/take", "antre/h",
	    &leaf), -1);
}

/* Priority on the wire: an optional "priority":true in any ticket
 * object, the desk's own take_priority, a service's state on the board,
 * and the kiosk's printer status. */
static void
test_priority_wire(void **state)
{
	struct proto_cmd cmd = { .op = OP_TAKE_PRIORITY, .id = "d1-3" }, cmd2;
	struct proto_desk_state st, st2;
	struct board b, b2;
	char err[PROTO_REASON_MAX], *s;
	const char *in;

	(void)state;
	s = proto_cmd_encode(&cmd);
	assert_string_equal(s, "{\"v\":1,\"op\":\"take_priority\","
	    "\"id\":\"d1-3\"}");
	assert_int_equal(proto_cmd_decode(s, strlen(s), &cmd2, err,
	    sizeof(err)), 0);
	assert_int_equal(cmd2.op, OP_TAKE_PRIORITY);
	assert_int_equal(cmd2.service, 0);
	free(s);
	in = "{\"v\":1,\"op\":\"take_priority\",\"id\":\"d1-4\","
	    "\"service\":\"b\"}";
	assert_int_equal(proto_cmd_decode(in, strlen(in), &cmd2, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "field \"service\""));

	memset(&st, 0, sizeof(st));
	st.desk = 2;
	st.status = DESK_SERVING;
	st.ticket = (struct ticket){ 'A', 3, true };
	strcpy(st.last_id, "d1-3");
	s = proto_desk_state_encode(&st);
	assert_non_null(strstr(s, "\"ticket\":{\"service\":\"A\","
	    "\"number\":3,\"priority\":true}"));
	assert_int_equal(proto_desk_state_decode(s, strlen(s), &st2, err,
	    sizeof(err)), 0);
	assert_true(st2.ticket.priority);
	free(s);
	/* A normal ticket does not say so: older boxes see no change. */
	st.ticket.priority = false;
	s = proto_desk_state_encode(&st);
	assert_null(strstr(s, "priority"));
	free(s);
	in = "{\"v\":1,\"desk\":2,\"status\":\"serving\",\"ticket\":"
	    "{\"service\":\"A\",\"number\":3,\"priority\":\"yes\"},"
	    GOOD_STATE_TAIL;
	assert_int_equal(proto_desk_state_decode(in, strlen(in), &st2, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "field \"ticket.priority\": expected a "
	    "boolean"));

	memset(&b, 0, sizeof(b));
	strcpy(b.day, "2026-12-03");
	b.nwaiting = 3;
	b.waiting[0] = (struct board_waiting){ 'A', "KTP", 4, WAITING_OPEN };
	b.waiting[1] = (struct board_waiting){ 'B', "BPJS", 0,
	    WAITING_QUOTA };
	b.waiting[2] = (struct board_waiting){ 'C', "Izin", 2,
	    WAITING_CLOSED };
	b.ncalls = 1;
	b.calls[0].ticket = (struct ticket){ 'A', 9, true };
	b.calls[0].desk = 1;
	s = proto_board_encode(&b);
	assert_non_null(s);
	assert_non_null(strstr(s, "\"count\":0,\"state\":\"quota\""));
	assert_non_null(strstr(s, "\"count\":2,\"state\":\"closed\""));
	assert_null(strstr(s, "\"state\":\"open\""));
	assert_int_equal(proto_board_decode(s, strlen(s), &b2, err,
	    sizeof(err)), 0);
	assert_int_equal(b2.waiting[0].state, WAITING_OPEN);
	assert_int_equal(b2.waiting[1].state, WAITING_QUOTA);
	assert_int_equal(b2.waiting[2].state, WAITING_CLOSED);
	assert_true(b2.calls[0].ticket.priority);
	free(s);
	in = BOARD_HEAD "\"desks\":[],\"calls\":[],\"waiting\":[{\"service\":"
	    "\"A\",\"name\":\"x\",\"count\":1,\"state\":\"full\"}],"
	    "\"fault\":\"\"}";
	assert_int_equal(proto_board_decode(in, strlen(in), &b2, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "field \"waiting[0].state\": unknown "
	    "state \"full\""));
}

static void
test_kiosk_status(void **state)
{
	struct proto_kiosk_status k = { true, PRINTER_PAPER_OUT, 2 }, k2;
	char err[PROTO_REASON_MAX], buf[64], *s;
	const char *in, *leaf;
	int p;

	(void)state;
	s = proto_kiosk_status_encode(&k);
	assert_string_equal(s, "{\"v\":1,\"online\":true,"
	    "\"printer\":\"paper_out\",\"pending\":2}");
	assert_int_equal(proto_kiosk_status_decode(s, strlen(s), &k2, err,
	    sizeof(err)), 0);
	assert_true(k2.online);
	assert_int_equal(k2.printer, PRINTER_PAPER_OUT);
	assert_int_equal(k2.pending, 2);
	free(s);
	for (p = 0; p < PRINTER__COUNT; p++) {
		k.printer = p;
		s = proto_kiosk_status_encode(&k);
		assert_int_equal(proto_kiosk_status_decode(s, strlen(s), &k2,
		    err, sizeof(err)), 0);
		assert_int_equal(k2.printer, p);
		free(s);
	}
	/* The will, as contract.md has it: no "pending". */
	in = "{\"v\":1,\"printer\":\"offline\",\"online\":false}";
	assert_int_equal(proto_kiosk_status_decode(in, strlen(in), &k2, err,
	    sizeof(err)), 0);
	assert_false(k2.online);
	assert_int_equal(k2.printer, PRINTER_OFFLINE);
	assert_int_equal(k2.pending, 0);
	in = "{\"v\":1,\"printer\":\"jammed\",\"online\":true}";
	assert_int_equal(proto_kiosk_status_decode(in, strlen(in), &k2, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown printer status \"jammed\""));
	in = "{\"v\":1,\"printer\":\"ok\",\"online\":true,\"pending\":-1}";
	assert_int_equal(proto_kiosk_status_decode(in, strlen(in), &k2, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "pending"));
	in = "{\"v\":1,\"printer\":\"ok\"}";
	assert_int_equal(proto_kiosk_status_decode(in, strlen(in), &k2, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "field \"online\": missing"));

	assert_int_equal(topic_kiosk_status(buf, sizeof(buf), "antre/h", 7),
	    0);
	assert_string_equal(buf, "antre/h/kiosk/7/status");
	assert_int_equal(topic_parse_kiosk(buf, "antre/h", &leaf), 7);
	assert_string_equal(leaf, "status");
	assert_int_equal(topic_kiosk_status_any(buf, sizeof(buf), "antre/h"),
	    0);
	assert_string_equal(buf, "antre/h/kiosk/+/status");
	assert_int_equal(topic_kiosk_status(buf, sizeof(buf), "antre/h", 0),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmd_roundtrip),
		cmocka_unit_test(test_cmd_wire),
		cmocka_unit_test(test_cmd_extra_args_ignored),
		cmocka_unit_test(test_state_roundtrip),
		cmocka_unit_test(test_online_roundtrip),
		cmocka_unit_test(test_board_roundtrip_empty),
		cmocka_unit_test(test_board_roundtrip_full),
		cmocka_unit_test(test_board_zone),
		cmocka_unit_test(test_board_utf8_wire),
		cmocka_unit_test(test_publish_size),
		cmocka_unit_test(test_call_roundtrip),
		cmocka_unit_test(test_kiosk_roundtrip),
		cmocka_unit_test(test_kiosk_optional),
		cmocka_unit_test(test_kiosk_reject),
		cmocka_unit_test(test_kiosk_topics),
		cmocka_unit_test(test_priority_wire),
		cmocka_unit_test(test_kiosk_status),
		cmocka_unit_test(test_reject_table),
		cmocka_unit_test(test_reject_other_messages),
		cmocka_unit_test(test_reject_built),
		cmocka_unit_test(test_reason_buffer),
		cmocka_unit_test(test_unknown_fields),
		cmocka_unit_test(test_encode_rejects),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_ticket_format),
		cmocka_unit_test(test_topic_build),
		cmocka_unit_test(test_topic_parse),
		cmocka_unit_test(test_topic_both_ways),
		cmocka_unit_test(test_topic_matches),
		cmocka_unit_test(test_topic_wildcards),
		cmocka_unit_test(test_topic_wildcards_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
