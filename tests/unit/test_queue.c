/*
 * test_queue.c - the queue engine, table-driven: commands in, events and
 * state out; and replaying the events rebuilds the same state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "queue.h"

static struct queue_conf qc;

static int
setup(void **state)
{
	(void)state;
	memset(&qc, 0, sizeof(qc));
	qc.nservices = 2;
	qc.services[0] = (struct service_conf){ 'A', "KTP & KK",
	    SOURCE_ROLL, 30 };
	qc.services[1] = (struct service_conf){ 'B', "BPJS", SOURCE_ROLL, 0 };
	qc.ndesks = 3;
	qc.desks[0] = (struct desk_conf){ 1, "Loket 1", "A" };
	qc.desks[1] = (struct desk_conf){ 2, "Loket 2", "A" };
	qc.desks[2] = (struct desk_conf){ 3, "Loket 3", "BA" };
	qc.board_calls = 5;
	return 0;
}

/* Runs one command, applies its events, logs them into log[]. Returns
 * the result; the events produced are summarised in out as e.g.
 * "served A1,called A2". */
static struct event evlog[256];
static int nlog;

static enum proto_result
cmd(struct queue *q, int desk, enum proto_op op, char *out, size_t len)
{
	struct proto_cmd c = { .op = op };
	struct event evs[QUEUE_MAX_EVENTS];
	char reason[96], tk[8];
	enum proto_result r;
	size_t off = 0;
	int i, n;

	snprintf(c.id, sizeof(c.id), "t-%d", nlog);
	r = queue_command(q, desk, &c, 1000 + nlog, evs, &n, reason,
	    sizeof(reason));
	out[0] = '\0';
	if (r == RESULT_REFUSED) {
		snprintf(out, len, "refused: %s", reason);
		return r;
	}
	for (i = 0; i < n; i++) {
		assert_int_equal(queue_apply(q, &evs[i]), 0);
		evlog[nlog++] = evs[i];
		ticket_format(&evs[i].ticket, tk, sizeof(tk));
		off += snprintf(out + off, len - off, "%s%s%s%s",
		    i ? "," : "", event_kind_name(evs[i].kind),
		    tk[0] ? " " : "", tk);
	}
	return r;
}

static const struct {
	int		 desk;
	enum proto_op	 op;
	const char	*expect;
} script[] = {
	{ 1, OP_NEXT, "called A1" },
	{ 2, OP_NEXT, "called A2" },
	{ 1, OP_NEXT, "served A1,called A3" },
	/* Desk 3 serves B first, then A. */
	{ 3, OP_NEXT, "called B1" },
	{ 3, OP_NEXT, "served B1,called B2" },
	{ 2, OP_RECALL, "recalled A2" },
	{ 2, OP_PAUSE, "served A2,paused" },
	{ 2, OP_NEXT, "refused: desk is paused" },
	{ 2, OP_RECALL, "refused: no ticket to recall" },
	{ 2, OP_PAUSE, "" },
	{ 2, OP_RESUME, "resumed" },
	{ 2, OP_NEXT, "called A4" },
	{ 9, OP_NEXT, "refused: unknown desk 9" },
	{ 1, OP_TRANSFER, "refused: operation \"transfer\" not supported" },
};

static void
test_script(void **state)
{
	struct queue q;
	char out[128];
	size_t i;

	(void)state;
	nlog = 0;
	queue_init(&q, &qc, "2026-11-23");
	for (i = 0; i < sizeof(script) / sizeof(script[0]); i++) {
		cmd(&q, script[i].desk, script[i].op, out, sizeof(out));
		if (strcmp(out, script[i].expect) != 0)
			fail_msg("step %zu: got \"%s\", want \"%s\"", i, out,
			    script[i].expect);
	}
}

static void
test_replay_rebuilds(void **state)
{
	struct queue q, r;
	struct board b1, b2;
	char out[128];
	int i;

	(void)state;
	nlog = 0;
	queue_init(&q, &qc, "2026-11-23");
	for (i = 0; i < 40; i++)
		cmd(&q, 1 + i % 3, i % 7 == 6 ? OP_RECALL : OP_NEXT, out,
		    sizeof(out));
	queue_init(&r, &qc, "2026-11-23");
	for (i = 0; i < nlog; i++)
		assert_int_equal(queue_apply(&r, &evlog[i]), 0);
	queue_board(&q, 5, &b1);
	queue_board(&r, 5, &b2);
	assert_memory_equal(&b1, &b2, sizeof(b1));
	assert_int_equal(q.call_seq, r.call_seq);
}

static void
test_board(void **state)
{
	struct queue q;
	struct board b;
	char out[128];
	int i;

	(void)state;
	nlog = 0;
	queue_init(&q, &qc, "2026-11-23");
	queue_set_online(&q, 1, true);
	queue_set_online(&q, 3, true);
	for (i = 0; i < 7; i++)
		cmd(&q, 1, OP_NEXT, out, sizeof(out));
	cmd(&q, 3, OP_NEXT, out, sizeof(out));
	queue_board(&q, 99, &b);
	assert_int_equal(b.ndesks, 3);
	assert_int_equal(b.desks[0].status, DESK_SERVING);
	assert_int_equal(b.desks[0].ticket.number, 7);
	/* Desk 2 never connected: offline, whatever its queue state. */
	assert_int_equal(b.desks[1].status, DESK_OFFLINE);
	assert_int_equal(b.desks[2].ticket.service, 'B');
	/* Newest first, at most board_calls. */
	assert_int_equal(b.ncalls, 5);
	assert_int_equal(b.calls[0].ticket.service, 'B');
	assert_int_equal(b.calls[1].ticket.number, 7);
	assert_int_equal(b.calls[4].ticket.number, 4);
	assert_string_equal(b.calls[1].desk_name, "Loket 1");
	assert_int_equal(b.nwaiting, 2);
	assert_int_equal(b.waiting[0].count, -1);
	assert_string_equal(b.day, "2026-11-23");
}

static void
test_roll_ends(void **state)
{
	struct queue q;
	char out[128];

	(void)state;
	nlog = 0;
	queue_init(&q, &qc, "2026-11-23");
	q.services[0].last_called = TICKET_NUMBER_MAX - 1;
	cmd(&q, 1, OP_NEXT, out, sizeof(out));
	assert_string_equal(out, "called A9999");
	/* The roll is used up: the desk finishes and goes idle. */
	cmd(&q, 1, OP_NEXT, out, sizeof(out));
	assert_string_equal(out, "served A9999");
	assert_int_equal(q.desks[0].status, DESK_IDLE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_script, setup),
		cmocka_unit_test_setup(test_replay_rebuilds, setup),
		cmocka_unit_test_setup(test_board, setup),
		cmocka_unit_test_setup(test_roll_ends, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
