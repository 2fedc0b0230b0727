/*
 * test_proto_admin.c - the office's messages (proto-admin.c): the admin
 * command, its answer and the settings, round trips and the exact wire,
 * every refusal with the piece of reason it must give, the topics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "proto-admin.h"

#define CMD_HEAD	"{\"v\":1,\"op\":\"set\",\"id\":\"web-1\",\"user\":\"sari\","
#define PAIR(k, v)	"{\"key\":\"" k "\",\"value\":\"" v "\"}"
#define SVC_A		"{\"letter\":\"A\",\"name\":\"KTP\",\"target_wait\":15," \
			"\"quota\":200,\"last_take\":\"14:00\"}"
#define SET_HEAD	"{\"v\":1,\"time_ms\":5,\"services\":[" SVC_A "],"
#define SET_TAIL	"\"running_text\":\"\",\"quiet\":[]}"

static void
test_cmd_wire(void **state)
{
	static const char wire[] = CMD_HEAD "\"set\":["
	    PAIR("service.A.quota", "150") ","
	    PAIR("board.running_text", "Selamat datang di MPP \xc3\xa9") "]}";
	struct admin_cmd c, d;
	char err[PROTO_REASON_MAX], *s;

	(void)state;
	assert_int_equal(admin_cmd_decode(wire, strlen(wire), &c, err,
	    sizeof(err)), 0);
	assert_int_equal(c.op, ADMIN_SET);
	assert_string_equal(c.id, "web-1");
	assert_string_equal(c.user, "sari");
	assert_int_equal(c.nset, 2);
	assert_string_equal(c.set[0].key, "service.A.quota");
	assert_string_equal(c.set[0].value, "150");
	assert_string_equal(c.set[1].value, "Selamat datang di MPP \xc3\xa9");
	/* Written back as it came, UTF-8 as UTF-8. */
	assert_non_null(s = admin_cmd_encode(&c));
	assert_string_equal(s, "{\"v\":1,\"op\":\"set\",\"id\":\"web-1\","
	    "\"user\":\"sari\",\"set\":[" PAIR("service.A.quota", "150") ","
	    PAIR("board.running_text", "Selamat datang di MPP \xc3\xa9") "]}");
	assert_int_equal(admin_cmd_decode(s, strlen(s), &d, err, sizeof(err)),
	    0);
	assert_memory_equal(&c, &d, sizeof(c));
	free(s);
}

static void
test_note_roundtrip(void **state)
{
	struct admin_cmd c = { .op = ADMIN_NOTE }, d;
	char err[PROTO_REASON_MAX], *s;

	(void)state;
	snprintf(c.id, sizeof(c.id), "web-9");
	snprintf(c.user, sizeof(c.user), "admin.kantor_2-b");
	snprintf(c.note, sizeof(c.note), "sandi pengguna budi diganti");
	assert_non_null(s = admin_cmd_encode(&c));
	assert_string_equal(s, "{\"v\":1,\"op\":\"note\",\"id\":\"web-9\","
	    "\"user\":\"admin.kantor_2-b\",\"note\":\"sandi pengguna budi "
	    "diganti\"}");
	assert_int_equal(admin_cmd_decode(s, strlen(s), &d, err, sizeof(err)),
	    0);
	assert_memory_equal(&c, &d, sizeof(c));
	free(s);
	/* A value may be empty (no running text). */
	memset(&c, 0, sizeof(c));
	c.op = ADMIN_SET;
	snprintf(c.id, sizeof(c.id), "w-2");
	snprintf(c.user, sizeof(c.user), "x");
	c.nset = 1;
	snprintf(c.set[0].key, sizeof(c.set[0].key), "voice.quiet");
	assert_non_null(s = admin_cmd_encode(&c));
	assert_int_equal(admin_cmd_decode(s, strlen(s), &d, err, sizeof(err)),
	    0);
	assert_memory_equal(&c, &d, sizeof(c));
	free(s);
}

static void
test_ack_roundtrip(void **state)
{
	struct admin_ack a = { .result = RESULT_REFUSED }, b;
	char err[PROTO_REASON_MAX], *s;

	(void)state;
	snprintf(a.id, sizeof(a.id), "web-1a2b-7");
	snprintf(a.key, sizeof(a.key), "service.A.quota");
	snprintf(a.reason, sizeof(a.reason), "Kuota harus 0 sampai 9999");
	assert_non_null(s = admin_ack_encode(&a));
	assert_string_equal(s, "{\"v\":1,\"id\":\"web-1a2b-7\","
	    "\"result\":\"refused\",\"key\":\"service.A.quota\","
	    "\"reason\":\"Kuota harus 0 sampai 9999\"}");
	assert_int_equal(admin_ack_decode(s, strlen(s), &b, err, sizeof(err)),
	    0);
	assert_memory_equal(&a, &b, sizeof(a));
	free(s);
	memset(&a, 0, sizeof(a));
	snprintf(a.id, sizeof(a.id), "w-1");
	assert_non_null(s = admin_ack_encode(&a));
	assert_string_equal(s, "{\"v\":1,\"id\":\"w-1\",\"result\":\"ok\","
	    "\"key\":\"\",\"reason\":\"\"}");
	free(s);
}

static void
fill_settings(struct settings *st)
{
	memset(st, 0, sizeof(*st));
	st->time_ms = 1717398000000LL;
	/* Field by field: a struct assigned whole may carry padding the
	 * decoder's (cleared) does not, and the test compares bytes. */
	st->nservices = 2;
	st->services[0].letter = 'A';
	snprintf(st->services[0].name, PROTO_NAME_MAX, "KTP");
	st->services[0].target_wait_min = 15;
	st->services[0].quota = 200;
	st->services[0].last_take_min = 14 * 60;
	st->services[1].letter = 'B';
	snprintf(st->services[1].name, PROTO_NAME_MAX,
	    "KK \xe2\x80\x94 Akta");
	st->services[1].last_take_min = -1;
	st->ndesks = 2;
	st->desks[0].id = 1;
	snprintf(st->desks[0].name, PROTO_NAME_MAX, "Loket 1");
	snprintf(st->desks[0].services, SETTINGS_SERVICES_MAX + 1, "AB");
	st->desks[1].id = 999;
	snprintf(st->desks[1].name, PROTO_NAME_MAX, "Loket 999");
	snprintf(st->desks[1].services, SETTINGS_SERVICES_MAX + 1, "BA");
	snprintf(st->running_text, sizeof(st->running_text),
	    "Selamat datang");
	st->nquiet = 2;
	st->quiet[0].from_min = 12 * 60;
	st->quiet[0].to_min = 13 * 60;
	st->quiet[1].from_min = 22 * 60 + 30;
	st->quiet[1].to_min = 6 * 60;
}

static void
test_settings_roundtrip(void **state)
{
	struct settings *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	char err[PROTO_REASON_MAX], *s;
	int i;

	(void)state;
	fill_settings(a);
	assert_non_null(s = settings_encode(a));
	assert_string_equal(s, "{\"v\":1,\"time_ms\":1717398000000,"
	    "\"services\":[{\"letter\":\"A\",\"name\":\"KTP\","
	    "\"target_wait\":15,\"quota\":200,\"last_take\":\"14:00\"},"
	    "{\"letter\":\"B\",\"name\":\"KK \xe2\x80\x94 Akta\","
	    "\"target_wait\":0,\"quota\":0,\"last_take\":\"\"}],"
	    "\"desks\":[{\"desk\":1,\"name\":\"Loket 1\",\"services\":\"AB\"},"
	    "{\"desk\":999,\"name\":\"Loket 999\",\"services\":\"BA\"}],"
	    "\"running_text\":\"Selamat datang\","
	    "\"quiet\":[\"12:00-13:00\",\"22:30-06:00\"]}");
	assert_int_equal(settings_decode(s, strlen(s), b, err, sizeof(err)),
	    0);
	assert_memory_equal(a, b, sizeof(*a));
	free(s);
	/* The largest: every letter, every desk, a full running text. */
	memset(a, 0, sizeof(*a));
	a->nservices = SETTINGS_SERVICES_MAX;
	for (i = 0; i < a->nservices; i++) {
		a->services[i].letter = 'A' + i;
		memset(a->services[i].name, 'x', PROTO_NAME_MAX - 1);
		a->services[i].last_take_min = 23 * 60 + 59;
	}
	a->ndesks = SETTINGS_DESKS_MAX;
	for (i = 0; i < a->ndesks; i++) {
		a->desks[i].id = i + 1;
		memcpy(a->desks[i].services, "ZYXWVUTSRQPONMLKJIHGFEDCBA", 26);
	}
	memset(a->running_text, 'r', SETTINGS_TEXT_MAX - 1);
	assert_non_null(s = settings_encode(a));
	assert_int_equal(settings_decode(s, strlen(s), b, err, sizeof(err)),
	    0);
	assert_memory_equal(a, b, sizeof(*a));
	free(s);
	free(a);
	free(b);
}

static void
test_hhmm(void **state)
{
	struct settings st;

	(void)state;
	assert_int_equal(settings_hhmm_parse("00:00"), 0);
	assert_int_equal(settings_hhmm_parse("23:59"), 1439);
	assert_int_equal(settings_hhmm_parse("07:05"), 425);
	assert_int_equal(settings_hhmm_parse("24:00"), -1);
	assert_int_equal(settings_hhmm_parse("12:60"), -1);
	assert_int_equal(settings_hhmm_parse("7:05"), -1);
	assert_int_equal(settings_hhmm_parse("07:5"), -1);
	assert_int_equal(settings_hhmm_parse("07-05"), -1);
	assert_int_equal(settings_hhmm_parse("07:05 "), -1);
	assert_int_equal(settings_hhmm_parse(""), -1);
	assert_int_equal(settings_hhmm_parse(NULL), -1);

	memset(&st, 0, sizeof(st));
	assert_int_equal(settings_quiet_parse("12:00-13:00,22:00-05:30", &st),
	    0);
	assert_int_equal(st.nquiet, 2);
	assert_int_equal(st.quiet[1].from_min, 22 * 60);
	assert_int_equal(st.quiet[1].to_min, 5 * 60 + 30);
	/* A bad one leaves what was there. */
	assert_int_equal(settings_quiet_parse("12:00-13:00,", &st), -1);
	assert_int_equal(settings_quiet_parse("12:00-12:00", &st), -1);
	assert_int_equal(settings_quiet_parse("12:00 -13:00", &st), -1);
	assert_int_equal(settings_quiet_parse("12:00", &st), -1);
	assert_int_equal(settings_quiet_parse("01:00-02:00,02:00-03:00,"
	    "03:00-04:00,04:00-05:00,05:00-06:00,06:00-07:00,07:00-08:00,"
	    "08:00-09:00,09:00-10:00", &st), -1);
	assert_int_equal(st.nquiet, 2);
	assert_int_equal(settings_quiet_parse("", &st), 0);
	assert_int_equal(st.nquiet, 0);
}

struct bad {
	int		 which;		/* 0 cmd, 1 ack, 2 settings */
	const char	*payload;
	const char	*reason;	/* a piece of it */
};

#define S48 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

static const struct bad bad_payloads[] = {
	{ 0, "", "invalid JSON" },
	{ 0, "[]", "not a JSON object" },
	{ 0, "{\"v\":2,\"op\":\"set\"}", "unsupported version 2" },
	{ 0, "{\"v\":1,\"v\":1}", "invalid JSON" },
	{ 0, "{\"v\":1,\"op\":\"set\",\"user\":\"a\"}",
	    "field \"id\": missing" },
	{ 0, "{\"v\":1,\"id\":\"x y\",\"op\":\"set\"}",
	    "field \"id\": byte 1 is a space" },
	{ 0, "{\"v\":1,\"id\":\"a\",\"op\":\"jump\"}",
	    "field \"op\": unknown op \"jump\"" },
	{ 0, "{\"v\":1,\"id\":\"a\",\"op\":\"set\"}",
	    "field \"user\": missing" },
	{ 0, "{\"v\":1,\"id\":\"a\",\"op\":\"set\",\"user\":\"\"}",
	    "field \"user\": empty" },
	{ 0, "{\"v\":1,\"id\":\"a\",\"op\":\"set\",\"user\":\"Sari\"}",
	    "field \"user\": byte 0 is not one of" },
	{ 0, "{\"v\":1,\"id\":\"a\",\"op\":\"set\",\"user\":\"" S48 "\"}",
	    "field \"user\": too long (48 bytes, max 32)" },
	{ 0, CMD_HEAD "\"note\":\"x\"}", "field \"set\": missing" },
	{ 0, CMD_HEAD "\"set\":[]}", "field \"set\": empty" },
	{ 0, CMD_HEAD "\"set\":{}}", "field \"set\": expected an array" },
	{ 0, CMD_HEAD "\"set\":[1]}",
	    "field \"set[0]\": expected an object, got integer" },
	{ 0, CMD_HEAD "\"set\":[{\"value\":\"1\"}]}",
	    "field \"set[0].key\": missing" },
	{ 0, CMD_HEAD "\"set\":[" PAIR("", "1") "]}",
	    "field \"set[0].key\": empty" },
	{ 0, CMD_HEAD "\"set\":[" PAIR("a b", "1") "]}",
	    "field \"set[0].key\": byte 1 is not a letter" },
	{ 0, CMD_HEAD "\"set\":[" PAIR(S48, "1") "]}",
	    "field \"set[0].key\": too long (48 bytes, max 47)" },
	{ 0, CMD_HEAD "\"set\":[{\"key\":\"a\",\"value\":1}]}",
	    "field \"set[0].value\": expected a string, got integer" },
	{ 0, CMD_HEAD "\"set\":[" PAIR("a", "1") "," PAIR("a", "2") "]}",
	    "field \"set[1].key\": \"a\" set twice" },
	{ 0, CMD_HEAD "\"set\":[" PAIR("a", "x\\ny") "]}",
	    "field \"set[0].value\": control character at byte 1" },
	{ 0, CMD_HEAD "\"set\":[" PAIR("a", "\xff") "]}",
	    "invalid JSON" },
	{ 0, "{\"v\":1,\"id\":\"a\",\"op\":\"note\",\"user\":\"s\"}",
	    "field \"note\": missing" },
	{ 0, "{\"v\":1,\"id\":\"a\",\"op\":\"note\",\"user\":\"s\","
	    "\"note\":\"\"}", "field \"note\": empty" },
	{ 1, "{\"v\":1,\"id\":\"a\",\"result\":\"maybe\",\"key\":\"\","
	    "\"reason\":\"\"}", "field \"result\": expected \"ok\"" },
	{ 1, "{\"v\":1,\"id\":\"a\",\"result\":\"ok\",\"reason\":\"\"}",
	    "field \"key\": missing" },
	{ 1, "{\"v\":1,\"id\":\"a\",\"result\":\"ok\",\"key\":\"\"}",
	    "field \"reason\": missing" },
	{ 1, "{\"v\":1,\"result\":\"ok\",\"key\":\"\",\"reason\":\"\"}",
	    "field \"id\": missing" },
	{ 2, "{\"v\":1,\"services\":[],\"desks\":[]," SET_TAIL,
	    "field \"time_ms\": missing" },
	{ 2, "{\"v\":1,\"time_ms\":-1," SET_TAIL,
	    "field \"time_ms\": -1 out of range" },
	{ 2, SET_HEAD "\"desks\":[],\"running_text\":\"\"}",
	    "field \"quiet\": missing" },
	{ 2, "{\"v\":1,\"time_ms\":5,\"services\":[" SVC_A "," SVC_A "],"
	    "\"desks\":[]," SET_TAIL,
	    "field \"services[1].letter\": service A listed twice" },
	{ 2, "{\"v\":1,\"time_ms\":5,\"services\":[{\"letter\":\"a\"}],"
	    "\"desks\":[]," SET_TAIL,
	    "field \"services[0].letter\": \"a\" is not a letter" },
	{ 2, "{\"v\":1,\"time_ms\":5,\"services\":[{\"letter\":\"A\","
	    "\"name\":\"K\",\"target_wait\":1441,\"quota\":0,"
	    "\"last_take\":\"\"}],\"desks\":[]," SET_TAIL,
	    "field \"services[0].target_wait\": 1441 out of range 0..1440" },
	{ 2, "{\"v\":1,\"time_ms\":5,\"services\":[{\"letter\":\"A\","
	    "\"name\":\"K\",\"target_wait\":0,\"quota\":10000,"
	    "\"last_take\":\"\"}],\"desks\":[]," SET_TAIL,
	    "field \"services[0].quota\": 10000 out of range 0..9999" },
	{ 2, "{\"v\":1,\"time_ms\":5,\"services\":[{\"letter\":\"A\","
	    "\"name\":\"K\",\"target_wait\":0,\"quota\":0,"
	    "\"last_take\":\"25:00\"}],\"desks\":[]," SET_TAIL,
	    "field \"services[0].last_take\": \"25:00\" is not a time" },
	{ 2, SET_HEAD "\"desks\":[{\"desk\":0,\"name\":\"L\","
	    "\"services\":\"A\"}]," SET_TAIL,
	    "field \"desks[0].desk\": 0 out of range 1..999" },
	{ 2, SET_HEAD "\"desks\":[{\"desk\":1,\"name\":\"L\","
	    "\"services\":\"AB\"}]," SET_TAIL,
	    "field \"desks[0].services\": service B is not listed" },
	{ 2, SET_HEAD "\"desks\":[{\"desk\":1,\"name\":\"L\","
	    "\"services\":\"AA\"}]," SET_TAIL,
	    "field \"desks[0].services\": service A twice" },
	{ 2, SET_HEAD "\"desks\":[{\"desk\":1,\"name\":\"L\","
	    "\"services\":\"A\"},{\"desk\":1,\"name\":\"M\","
	    "\"services\":\"A\"}]," SET_TAIL,
	    "field \"desks[1].desk\": desk 1 listed twice" },
	{ 2, SET_HEAD "\"desks\":[],\"running_text\":\"\","
	    "\"quiet\":[\"12:00-12:00\"]}",
	    "field \"quiet[0]\": \"12:00-12:00\" is not a period" },
	{ 2, SET_HEAD "\"desks\":[],\"running_text\":\"\","
	    "\"quiet\":[1]}",
	    "field \"quiet[0]\": expected a string, got integer" },
};

static void
test_reject_table(void **state)
{
	union {
		struct admin_cmd	c;
		struct admin_ack	a;
		struct settings		s;
	} *u = malloc(sizeof(*u));
	char err[PROTO_REASON_MAX];
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(bad_payloads) / sizeof(bad_payloads[0]); i++) {
		const struct bad *b = &bad_payloads[i];
		size_t len = strlen(b->payload);

		if (b->which == 0)
			rc = admin_cmd_decode(b->payload, len, &u->c, err,
			    sizeof(err));
		else if (b->which == 1)
			rc = admin_ack_decode(b->payload, len, &u->a, err,
			    sizeof(err));
		else
			rc = settings_decode(b->payload, len, &u->s, err,
			    sizeof(err));
		if (rc != -1 || strstr(err, b->reason) == NULL)
			fail_msg("payload %zu %s: rc %d, reason \"%s\", "
			    "wanted \"%s\"", i, b->payload, rc, err,
			    b->reason);
	}
	free(u);
}

/* A command refused past its id names it, and the pair at fault, so the
 * central can still answer. */
static void
test_refused_keeps_id(void **state)
{
	char big[12000], err[PROTO_REASON_MAX];
	struct admin_cmd c;
	int n;

	(void)state;
	n = snprintf(big, sizeof(big), CMD_HEAD "\"set\":["
	    PAIR("service.A.quota", "1") ",{\"key\":\"board.running_text\","
	    "\"value\":\"");
	memset(big + n, 'x', 10240);
	n += 10240;
	snprintf(big + n, sizeof(big) - n, "\"}]}");
	assert_int_equal(admin_cmd_decode(big, strlen(big), &c, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "field \"set[1].value\": too long "
	    "(10240 bytes, max 1023)"));
	assert_string_equal(c.id, "web-1");
	assert_int_equal(c.nset, 2);
	assert_string_equal(c.set[c.nset - 1].key, "board.running_text");

	assert_int_equal(admin_cmd_decode("{\"v\":1,\"op\":\"x\"}", 17, &c,
	    err, sizeof(err)), -1);
	assert_string_equal(c.id, "");
	assert_int_equal(c.nset, 0);
}

static void
test_unknown_fields(void **state)
{
	static const char cmd[] = "{\"v\":1,\"later\":{\"x\":[1]},\"op\":\"set\","
	    "\"id\":\"a\",\"user\":\"s\",\"set\":[{\"key\":\"k\",\"value\":"
	    "\"v\",\"why\":3}],\"note\":5}";
	static const char st[] = SET_HEAD "\"desks\":[{\"desk\":2,\"name\":"
	    "\"L\",\"services\":\"A\",\"zone\":\"x\"}],\"running_text\":\"\","
	    "\"quiet\":[],\"future\":true}";
	struct settings *s = malloc(sizeof(*s));
	char err[PROTO_REASON_MAX];
	struct admin_cmd c;

	(void)state;
	assert_int_equal(admin_cmd_decode(cmd, strlen(cmd), &c, err,
	    sizeof(err)), 0);
	assert_int_equal(c.nset, 1);
	assert_int_equal(settings_decode(st, strlen(st), s, err, sizeof(err)),
	    0);
	assert_int_equal(s->ndesks, 1);
	assert_int_equal(s->services[0].last_take_min, 14 * 60);
	free(s);
}

static void
test_encode_rejects(void **state)
{
	struct settings *st = malloc(sizeof(*st));
	struct admin_cmd c;
	struct admin_ack a;

	(void)state;
	memset(&c, 0, sizeof(c));
	snprintf(c.id, sizeof(c.id), "a");
	snprintf(c.user, sizeof(c.user), "s");
	assert_null(admin_cmd_encode(&c));		/* no pair */
	c.nset = 2;
	snprintf(c.set[0].key, sizeof(c.set[0].key), "k");
	snprintf(c.set[1].key, sizeof(c.set[1].key), "k");
	assert_null(admin_cmd_encode(&c));		/* twice */
	snprintf(c.set[1].key, sizeof(c.set[1].key), "k2");
	snprintf(c.user, sizeof(c.user), "S");
	assert_null(admin_cmd_encode(&c));		/* user */
	c.op = ADMIN_NOTE;
	snprintf(c.user, sizeof(c.user), "s");
	assert_null(admin_cmd_encode(&c));		/* empty note */
	memset(&a, 0, sizeof(a));
	assert_null(admin_ack_encode(&a));		/* no id */
	snprintf(a.id, sizeof(a.id), "a");
	a.result = RESULT__COUNT;
	assert_null(admin_ack_encode(&a));
	fill_settings(st);
	st->desks[0].services[0] = 'C';
	assert_null(settings_encode(st));
	fill_settings(st);
	st->services[0].last_take_min = 24 * 60;
	assert_null(settings_encode(st));
	fill_settings(st);
	st->quiet[0].to_min = st->quiet[0].from_min;
	assert_null(settings_encode(st));
	fill_settings(st);
	st->desks[1].id = 1;
	assert_null(settings_encode(st));
	free(st);
}

static void
test_topics(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(topic_admin_cmd(buf, sizeof(buf), "antre/mpp"), 0);
	assert_string_equal(buf, "antre/mpp/admin/cmd");
	assert_int_equal(topic_admin_ack(buf, sizeof(buf), "antre/mpp"), 0);
	assert_string_equal(buf, "antre/mpp/admin/ack");
	assert_int_equal(topic_settings(buf, sizeof(buf), "antre/mpp"), 0);
	assert_string_equal(buf, "antre/mpp/settings");
	assert_int_equal(topic_settings(buf, sizeof(buf), "antre/#"), -1);
	assert_string_equal(buf, "");
	assert_int_equal(topic_admin_cmd(buf, 8, "antre/mpp"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmd_wire),
		cmocka_unit_test(test_note_roundtrip),
		cmocka_unit_test(test_ack_roundtrip),
		cmocka_unit_test(test_settings_roundtrip),
		cmocka_unit_test(test_hhmm),
		cmocka_unit_test(test_reject_table),
		cmocka_unit_test(test_refused_keeps_id),
		cmocka_unit_test(test_unknown_fields),
		cmocka_unit_test(test_encode_rejects),
		cmocka_unit_test(test_topics),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
