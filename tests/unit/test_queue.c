/*
 * test_queue.c - the queue engine, table-driven: commands in, events and
 * state out; and replaying the events rebuilds the same state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "logcap.h"
#include "ratelimit.h"
#include "queue.h"

static struct queue_conf qc;

/*
 * The hall of the tests: A (KTP & KK) and B (BPJS) from the kiosk, C
 * (perizinan) from a pre-printed roll. Desks 1 and 2 serve A; desk 3
 * serves B first, then A; desk 4 serves C; desk 5 serves nothing that
 * has tickets (D has no kiosk tickets today).
 */
static int
setup(void **state)
{
	(void)state;
	memset(&qc, 0, sizeof(qc));
	qc.nservices = 4;
	qc.services[0] = (struct service_conf){ 'A', "KTP & KK",
	    SOURCE_KIOSK, 30, 0, 0, false, 0 };
	qc.services[1] = (struct service_conf){ 'B', "BPJS", SOURCE_KIOSK,
	    0, 0, 0, false, 0 };
	qc.services[2] = (struct service_conf){ 'C', "Perizinan",
	    SOURCE_ROLL, 0, 0, 0, false, 0 };
	qc.services[3] = (struct service_conf){ 'D', "Pajak", SOURCE_KIOSK,
	    0, 0, 0, false, 0 };
	qc.ndesks = 5;
	qc.desks[0] = (struct desk_conf){ 1, "Loket 1", "A" };
	qc.desks[1] = (struct desk_conf){ 2, "Loket 2", "A" };
	qc.desks[2] = (struct desk_conf){ 3, "Loket 3", "BA" };
	qc.desks[3] = (struct desk_conf){ 4, "Loket 4", "C" };
	qc.desks[4] = (struct desk_conf){ 5, "Loket 5", "D" };
	qc.board_calls = 5;
	qc.max_recalls = 2;
	return 0;
}

static struct event evlog[512];
static int nlog;
static int64_t clock_ms = 1000;

static void
summarize(const struct event *evs, int n, char *out, size_t len)
{
	char tk[8];
	size_t off = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		ticket_format(&evs[i].ticket, tk, sizeof(tk));
		off += snprintf(out + off, len - off, "%s%s%s%s",
		    i ? "," : "", event_kind_name(evs[i].kind),
		    tk[0] ? " " : "", tk);
		if (evs[i].target)
			off += snprintf(out + off, len - off, ">%c",
			    evs[i].target);
	}
}

static void
apply_all(struct queue *q, const struct event *evs, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (queue_apply(q, &evs[i]) != 0)
			fail_msg("event %s does not apply",
			    event_kind_name(evs[i].kind));
		evlog[nlog++] = evs[i];
	}
}

/* One step: a desk command (desk > 0) or a kiosk take (desk == 0). */
static void
step(struct queue *q, int desk, enum proto_op op, char svc, int num,
    char *out, size_t len)
{
	struct event evs[QUEUE_MAX_EVENTS];
	struct proto_take take = { .service = svc, .priority = num != 0 };
	struct proto_cmd c = { .op = op, .service = svc,
	    .ticket = { svc, num, false } };
	char reason[96];
	enum proto_result r;
	int n = 1;

	clock_ms += 1000;
	snprintf(c.id, sizeof(c.id), "t-%d", nlog);
	snprintf(take.id, sizeof(take.id), "k-%d", nlog);
	if (desk > 0)
		r = queue_command(q, desk, &c, clock_ms, evs, &n, reason,
		    sizeof(reason));
	else
		r = queue_take(q, 1, &take, clock_ms, evs, reason,
		    sizeof(reason));
	if (r == RESULT_REFUSED) {
		snprintf(out, len, "refused: %s", reason);
		return;
	}
	summarize(evs, n, out, len);
	apply_all(q, evs, n);
}

#define TAKE(s)		0, OP__COUNT, s, 0
#define PTAKE(s)	0, OP__COUNT, s, 1	/* the "Prioritas" button */
#define DESK(d, op)	d, op, 0, 0

static const struct {
	int		 desk;
	enum proto_op	 op;
	char		 svc;
	int		 num;
	const char	*expect;
} script[] = {
	/* Nothing has arrived: next is acknowledged, the desk stays idle. */
	{ DESK(1, OP_NEXT), "" },
	{ DESK(1, OP_NOSHOW), "refused: no ticket at the desk" },
	{ DESK(1, OP_RECALL), "refused: no ticket to recall" },
	{ TAKE('A'), "issued A1" },
	{ TAKE('A'), "issued A2" },
	{ TAKE('B'), "issued B1" },
	{ TAKE('A'), "issued A3" },
	{ TAKE('C'), "refused: service C uses pre-printed tickets" },
	{ TAKE('Z'), "refused: unknown service Z" },
	/* Oldest first within a service. */
	{ DESK(1, OP_NEXT), "called A1" },
	{ DESK(2, OP_NEXT), "called A2" },
	/* Desk 3: B before A by its priority. */
	{ DESK(3, OP_NEXT), "called B1" },
	{ DESK(3, OP_NEXT), "served B1,called A3" },
	{ DESK(3, OP_NEXT), "served A3" },
	{ DESK(3, OP_NEXT), "" },
	/* A roll always has a next number. */
	{ DESK(4, OP_NEXT), "called C1" },
	{ DESK(4, OP_NEXT), "served C1,called C2" },
	/* Nothing to serve at desk 5. */
	{ DESK(5, OP_NEXT), "" },
	/* Recall up to the limit (2). */
	{ DESK(1, OP_RECALL), "recalled A1" },
	{ DESK(1, OP_RECALL), "recalled A1" },
	{ DESK(1, OP_RECALL), "refused: A1 recalled 2 times already" },
	/* No-show, then the next waiting one. */
	{ TAKE('A'), "issued A4" },
	{ DESK(1, OP_NOSHOW), "noshow A1,called A4" },
	/* A4 goes to BPJS, keeping its number and arrival time... */
	{ TAKE('B'), "issued B2" },
	{ DESK(1, OP_TRANSFER), "refused: unknown service " },
	{ 1, OP_TRANSFER, 'A', 0, "refused: ticket is already in service A" },
	{ 1, OP_TRANSFER, 'B', 0, "transferred A4>B" },
	{ DESK(1, OP_TRANSFER), "refused: no ticket to transfer" },
	/* ...so it comes before B2, which arrived later. */
	{ DESK(3, OP_NEXT), "called A4" },
	{ DESK(3, OP_NEXT), "served A4,called B2" },
	/* The late citizen of A1 is back: head of A. */
	{ TAKE('A'), "issued A5" },
	{ 2, OP_REQUEUE, 'A', 5, "refused: A5 is not a no-show of today" },
	{ 2, OP_REQUEUE, 'A', 1, "requeued A1>A" },
	{ 2, OP_REQUEUE, 'A', 1, "refused: A1 is not a no-show of today" },
	{ DESK(2, OP_NEXT), "served A2,called A1" },
	/* Pause: the ticket at the desk counts as served. */
	{ DESK(2, OP_PAUSE), "served A1,paused" },
	{ DESK(2, OP_PAUSE), "" },
	{ DESK(2, OP_NEXT), "refused: desk is paused" },
	{ DESK(2, OP_RESUME), "resumed" },
	{ DESK(2, OP_RESUME), "" },
	{ DESK(2, OP_NEXT), "called A5" },
	/* Close for the day; resume opens again. */
	{ DESK(2, OP_CLOSE), "served A5,closed" },
	{ DESK(2, OP_NEXT), "refused: desk is closed" },
	{ DESK(2, OP_PAUSE), "refused: desk is closed" },
	{ DESK(2, OP_RESUME), "resumed" },
	/* Bad commands. */
	{ DESK(9, OP_NEXT), "refused: unknown desk 9" },
	{ DESK(1, OP_RATE), "refused: operation \"rate\" not supported" },
	/* Left waiting and left at a desk when the day closes. */
	{ TAKE('A'), "issued A6" },
	{ TAKE('B'), "issued B3" },
};

static void
test_script(void **state)
{
	struct queue q;
	char out[160];
	size_t i;

	(void)state;
	nlog = 0;
	queue_init(&q, &qc, "2026-11-23");
	for (i = 0; i < sizeof(script) / sizeof(script[0]); i++) {
		step(&q, script[i].desk, script[i].op, script[i].svc,
		    script[i].num, out, sizeof(out));
		if (strncmp(out, script[i].expect, strlen(script[i].expect))
		    != 0 || (script[i].expect[0] == '\0' && out[0] != '\0'))
			fail_msg("step %zu: got \"%s\", want \"%s\"", i, out,
			    script[i].expect);
	}
	/* Board and desk states at the end of the script. */
	{
		struct proto_desk_state st;
		struct board b;

		queue_set_online(&q, 3, true);
		queue_board(&q, clock_ms, &b);
		assert_int_equal(b.desks[2].status, DESK_SERVING);
		assert_int_equal(b.desks[2].ticket.service, 'B');
		assert_int_equal(b.desks[2].ticket.number, 2);
		assert_int_equal(b.desks[0].status, DESK_OFFLINE);
		assert_int_equal(b.waiting[0].count, 1);	/* A6 */
		assert_int_equal(b.waiting[1].count, 1);	/* B3 */
		assert_int_equal(b.waiting[2].count, -1);	/* roll */
		assert_int_equal(b.calls[0].ticket.service, 'A');
		assert_int_equal(b.calls[0].ticket.number, 5);
		queue_desk_state(&q, 3, &st);
		assert_int_equal(st.waiting, 2);
		queue_desk_state(&q, 4, &st);
		assert_int_equal(st.waiting, -1);
	}
	queue_free(&q);
}

static void
test_close_day(void **state)
{
	struct event evs[16];
	struct queue q;
	char out[160];
	int n;

	(void)state;
	nlog = 0;
	queue_init(&q, &qc, "2026-11-23");
	step(&q, TAKE('A'), out, sizeof(out));
	step(&q, TAKE('A'), out, sizeof(out));
	step(&q, TAKE('B'), out, sizeof(out));
	step(&q, DESK(1, OP_NEXT), out, sizeof(out));
	step(&q, DESK(4, OP_NEXT), out, sizeof(out));
	assert_int_equal(queue_close_day_count(&q), 5);
	assert_int_equal(queue_close_day(&q, clock_ms, evs, 4), -1);
	n = queue_close_day(&q, clock_ms, evs, 16);
	summarize(evs, n, out, sizeof(out));
	assert_string_equal(out, "served A1,served C1,unserved A2,"
	    "unserved B1,day_closed");
	apply_all(&q, evs, n);
	assert_true(q.day_closed);
	assert_int_equal(queue_waiting(&q, 'A'), 0);
	queue_free(&q);

	/* The next day starts from 1 again. */
	queue_init(&q, &qc, "2026-11-24");
	step(&q, TAKE('A'), out, sizeof(out));
	assert_string_equal(out, "issued A1");
	queue_free(&q);
}

static void
test_service_day(void **state)
{
	char day[11];

	(void)state;
	setenv("TZ", "Asia/Jakarta", 1);
	/* 2026-11-23 03:59 WIB is still the 22nd's service day when days
	 * start at 04:00, and 04:00 is the 23rd's. */
	queue_service_day(1795381140000LL, 4 * 60, day);
	assert_string_equal(day, "2026-11-22");
	queue_service_day(1795381200000LL, 4 * 60, day);
	assert_string_equal(day, "2026-11-23");
	queue_service_day(1795381140000LL, 0, day);
	assert_string_equal(day, "2026-11-23");
}

/* Random operations: replaying the log always rebuilds the same board. */
static void
test_replay_rebuilds(void **state)
{
	static const enum proto_op ops[] = { OP_NEXT, OP_NEXT, OP_NEXT,
	    OP_NOSHOW, OP_RECALL, OP_TRANSFER, OP_PAUSE, OP_RESUME,
	    OP_REQUEUE, OP_CLOSE, OP_TAKE_PRIORITY };
	struct queue q, r;
	struct board b1, b2;
	struct proto_desk_state s1, s2;
	char out[160];
	int i, d;

	(void)state;
	srand(7);
	nlog = 0;
	/* Priority tickets mixed in, with A's fairness at work. */
	qc.services[0].priority_every = 2;
	queue_init(&q, &qc, "2026-11-23");
	for (i = 0; i < 400 && nlog < 480; i++) {
		if (rand() % 3 == 0) {
			step(&q, 0, OP__COUNT, "AB"[rand() % 2],
			    rand() % 4 == 0, out, sizeof(out));
			continue;
		}
		step(&q, 1 + rand() % 5, ops[rand() % 11], "ABC"[rand() % 3],
		    1 + rand() % 8, out, sizeof(out));
	}
	queue_init(&r, &qc, "2026-11-23");
	for (i = 0; i < nlog; i++)
		assert_int_equal(queue_apply(&r, &evlog[i]), 0);
	queue_board(&q, 5, &b1);
	queue_board(&r, 5, &b2);
	assert_memory_equal(&b1, &b2, sizeof(b1));
	for (d = 1; d <= 5; d++) {
		queue_desk_state(&q, d, &s1);
		queue_desk_state(&r, d, &s2);
		assert_int_equal(s1.status, s2.status);
		assert_int_equal(s1.ticket.service, s2.ticket.service);
		assert_int_equal(s1.ticket.number, s2.ticket.number);
		assert_int_equal(s1.ticket.priority, s2.ticket.priority);
		assert_int_equal(s1.waiting, s2.waiting);
	}
	/* The fairness counts come back too: the next calls are the
	 * same. */
	for (d = 0; d < QUEUE_MAX_SERVICES; d++)
		assert_int_equal(q.services[d].since_priority,
		    r.services[d].since_priority);
	/* The same last calls, in the same order. */
	assert_int_equal(q.ncalls, r.ncalls);
	assert_memory_equal(q.calls, r.calls,
	    (size_t)q.ncalls * sizeof(q.calls[0]));
	assert_true(nlog > 200);
	queue_free(&q);
	queue_free(&r);
}

static void
test_numbers_run_out(void **state)
{
	struct queue q;
	char out[160];

	(void)state;
	nlog = 0;
	queue_init(&q, &qc, "2026-11-23");
	q.services[2].last_number = TICKET_NUMBER_MAX - 1;
	step(&q, DESK(4, OP_NEXT), out, sizeof(out));
	assert_string_equal(out, "called C9999");
	/* The roll is used up: the desk finishes and goes idle. */
	step(&q, DESK(4, OP_NEXT), out, sizeof(out));
	assert_string_equal(out, "served C9999");
	assert_int_equal(q.desks[3].status, DESK_IDLE);
	q.services[0].last_number = TICKET_NUMBER_MAX;
	step(&q, TAKE('A'), out, sizeof(out));
	assert_string_equal(out, "refused: no numbers left today for A");
	queue_free(&q);
}

/* The calls of one desk from its repeated "next", as "A3* A1 ..." (a star
 * for a priority ticket), until nothing waits. */
static void
calls_of(struct queue *q, int desk, char *out, size_t len)
{
	struct event evs[QUEUE_MAX_EVENTS];
	struct proto_cmd c = { .op = OP_NEXT };
	char reason[96], tk[8];
	size_t off = 0;
	int n, i, k;

	out[0] = '\0';
	for (k = 0; k < 64; k++) {
		clock_ms += 1000;
		snprintf(c.id, sizeof(c.id), "n-%d", k);
		assert_int_equal(queue_command(q, desk, &c, clock_ms, evs, &n,
		    reason, sizeof(reason)), RESULT_OK);
		apply_all(q, evs, n);
		for (i = 0; i < n && evs[i].kind != EV_CALLED; i++)
			;
		if (i == n)
			return;
		off += snprintf(out + off, len - off, "%s%s%s", off ? " " : "",
		    ticket_format(&evs[i].ticket, tk, sizeof(tk)),
		    evs[i].ticket.priority ? "*" : "");
	}
}

/* Takes from a string: "n" a normal ticket of A, "p" a priority one. */
static void
takes(struct queue *q, const char *what)
{
	char out[160];

	for (; *what != '\0'; what++)
		step(q, 0, OP__COUNT, 'A', *what == 'p', out, sizeof(out));
}

/* Priority tickets before the service's normal ones, with the fairness
 * of priority_every on known sequences. */
static void
test_priority_order(void **state)
{
	static const struct {
		int		 every;
		const char	*takes;
		const char	*calls;
	} cases[] = {
		/* 0: always first, each kind in arrival order. */
		{ 0, "nnpnp", "A3* A5* A1 A2 A4" },
		/* 2: a priority call, then at most... two normal ones. */
		{ 2, "nnnpppp", "A4* A1 A2 A5* A3 A6* A7*" },
		{ 1, "nnnppp", "A4* A1 A5* A2 A6* A3" },
		{ 3, "pppnnnnnnn", "A1* A4 A5 A6 A2* A7 A8 A9 A3* A10" },
		/* Nothing of the other kind waits: no one is held back. */
		{ 5, "ppp", "A1* A2* A3*" },
		{ 5, "nnn", "A1 A2 A3" },
	};
	struct queue q;
	char out[160];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		qc.services[0].priority_every = cases[i].every;
		nlog = 0;
		queue_init(&q, &qc, "2026-11-23");
		takes(&q, cases[i].takes);
		calls_of(&q, 1, out, sizeof(out));
		if (strcmp(out, cases[i].calls) != 0)
			fail_msg("every %d, takes %s: calls \"%s\", want "
			    "\"%s\"", cases[i].every, cases[i].takes, out,
			    cases[i].calls);
		queue_free(&q);
	}
	/* The fairness counts calls across desks and arrivals: after two
	 * normal calls a new priority ticket goes first at once. */
	qc.services[0].priority_every = 2;
	nlog = 0;
	queue_init(&q, &qc, "2026-11-23");
	takes(&q, "pnnn");
	calls_of(&q, 1, out, sizeof(out));
	assert_string_equal(out, "A1* A2 A3 A4");
	takes(&q, "nnp");
	/* Desk 2 only reaches its A after two normal calls since A1. */
	step(&q, DESK(2, OP_NEXT), out, sizeof(out));
	assert_string_equal(out, "called A7");
	assert_true(q.desks[1].current >= 0 &&
	    q.tickets[q.desks[1].current].t.priority);
	queue_free(&q);
}

/* How many are ahead of a new ticket, as the ticket prints it. */
static void
test_priority_ahead(void **state)
{
	struct queue q;

	(void)state;
	qc.services[0].priority_every = 0;
	nlog = 0;
	queue_init(&q, &qc, "2026-11-23");
	takes(&q, "nnnnpp");
	assert_int_equal(queue_ahead(&q, 'A', true), 2);
	assert_int_equal(queue_ahead(&q, 'A', false), 6);
	assert_int_equal(queue_ahead(&q, 'C', false), -1);
	queue_free(&q);
	/* Every 2: the two priority ones, and two normal calls after each
	 * (four normal tickets wait, the next call is a priority one). */
	qc.services[0].priority_every = 2;
	queue_init(&q, &qc, "2026-11-23");
	takes(&q, "nnnnpp");
	assert_int_equal(queue_ahead(&q, 'A', true), 2 + 4);
	qc.services[0].priority_every = 1;
	assert_int_equal(queue_ahead(&q, 'A', true), 2 + 2);
	queue_free(&q);
}

/* Transfers and requeues keep the flag; a desk's own priority ticket is
 * issued and called at once. */
static void
test_priority_keeps(void **state)
{
	struct proto_desk_state st;
	struct queue q;
	struct board b;
	char out[160];

	(void)state;
	nlog = 0;
	qc.services[0].priority_every = 0;
	queue_init(&q, &qc, "2026-11-23");
	step(&q, TAKE('B'), out, sizeof(out));
	step(&q, PTAKE('A'), out, sizeof(out));
	assert_string_equal(out, "issued A1");
	assert_true(evlog[nlog - 1].ticket.priority);
	step(&q, DESK(1, OP_NEXT), out, sizeof(out));
	assert_string_equal(out, "called A1");
	step(&q, 1, OP_TRANSFER, 'B', 0, out, sizeof(out));
	assert_string_equal(out, "transferred A1>B");
	assert_true(evlog[nlog - 1].ticket.priority);
	/* In B it goes before B1, which came earlier. */
	step(&q, DESK(3, OP_NEXT), out, sizeof(out));
	assert_string_equal(out, "called A1");
	assert_true(evlog[nlog - 1].ticket.priority);
	queue_desk_state(&q, 3, &st);
	assert_true(st.ticket.priority);
	queue_set_online(&q, 3, true);
	queue_board(&q, clock_ms, &b);
	assert_true(b.desks[2].ticket.priority);
	assert_true(b.calls[0].ticket.priority);
	/* A no-show put back: still priority, the desk's requeue naming
	 * it without the flag. */
	step(&q, DESK(3, OP_NOSHOW), out, sizeof(out));
	assert_string_equal(out, "noshow A1,called B1");
	step(&q, 2, OP_REQUEUE, 'A', 1, out, sizeof(out));
	assert_string_equal(out, "requeued A1>B");
	assert_true(evlog[nlog - 1].ticket.priority);
	step(&q, DESK(3, OP_NEXT), out, sizeof(out));
	assert_string_equal(out, "served B1,called A1");
	assert_true(evlog[nlog - 1].ticket.priority);

	/* The desk's own: its ticket served, a new priority one of its
	 * first service issued and called to it. */
	step(&q, DESK(1, OP_TAKE_PRIORITY), out, sizeof(out));
	assert_string_equal(out, "issued A2,called A2");
	assert_int_equal(evlog[nlog - 2].desk, 0);
	assert_true(evlog[nlog - 2].ticket.priority);
	assert_int_equal(evlog[nlog - 1].desk, 1);
	step(&q, 3, OP_TAKE_PRIORITY, 'B', 0, out, sizeof(out));
	assert_string_equal(out, "served A1,issued B2,called B2");
	step(&q, 3, OP_TAKE_PRIORITY, 'C', 0, out, sizeof(out));
	assert_string_equal(out, "refused: desk 3 does not serve C");
	step(&q, DESK(4, OP_TAKE_PRIORITY), out, sizeof(out));
	assert_string_equal(out, "refused: service C uses pre-printed "
	    "tickets");
	step(&q, DESK(2, OP_PAUSE), out, sizeof(out));
	step(&q, DESK(2, OP_TAKE_PRIORITY), out, sizeof(out));
	assert_string_equal(out, "refused: desk is paused");
	queue_free(&q);
}

/* 2026-11-23 04:00 WIB, the start of that service day with day_start
 * 04:00. */
#define DAY23	1795381200000LL
#define MIN	60000LL

static const char *
take_at(struct queue *q, char svc, int64_t t, char *out, size_t len)
{
	struct proto_take take = { .service = svc };
	struct event ev;
	char reason[96];

	snprintf(take.id, sizeof(take.id), "q-%d", nlog);
	if (queue_take(q, 1, &take, t, &ev, reason, sizeof(reason)) ==
	    RESULT_REFUSED) {
		snprintf(out, len, "refused: %s", reason);
		return out;
	}
	apply_all(q, &ev, 1);
	return ticket_format(&ev.ticket, out, len);
}

/* Quotas count a service day's tickets; last_take is local time in the
 * service day, also after midnight when the day starts at 04:00. */
static void
test_quota_cutoff(void **state)
{
	struct queue q;
	struct board b;
	char out[160];

	(void)state;
	setenv("TZ", "Asia/Jakarta", 1);
	tzset();
	qc.day_start_min = 4 * 60;
	qc.services[0].quota = 3;
	qc.services[1].last_take = true;
	qc.services[1].last_take_min = 60;		/* 01:00 */
	qc.services[3].last_take = true;
	qc.services[3].last_take_min = 14 * 60 + 30;	/* 14:30 */
	nlog = 0;
	queue_init(&q, &qc, "2026-11-23");
	assert_string_equal(take_at(&q, 'A', DAY23, out, 160), "A1");
	assert_string_equal(take_at(&q, 'A', DAY23 + MIN, out, 160), "A2");
	assert_int_equal(queue_service_state(&q, 'A', DAY23), WAITING_OPEN);
	assert_string_equal(take_at(&q, 'A', DAY23 + 2 * MIN, out, 160),
	    "A3");
	assert_int_equal(queue_service_state(&q, 'A', DAY23), WAITING_QUOTA);
	assert_string_equal(take_at(&q, 'A', DAY23 + 3 * MIN, out, 160),
	    "refused: Kuota layanan A hari ini (3) sudah habis");
	/* The desk's own priority ticket is the officer's call. */
	step(&q, DESK(1, OP_TAKE_PRIORITY), out, sizeof(out));
	assert_string_equal(out, "issued A4,called A4");

	/* 14:30 closes D: 14:29 still takes, 14:30 does not. */
	assert_string_equal(take_at(&q, 'D', DAY23 + (10 * 60 + 29) * MIN,
	    out, 160), "D1");
	assert_string_equal(take_at(&q, 'D', DAY23 + (10 * 60 + 30) * MIN,
	    out, 160), "refused: Pendaftaran layanan D ditutup pukul 14.30");
	/* B's 01:00 is the night's, in the same service day: open at
	 * 23:59 and 00:59, closed from 01:00 to the day's end at 04:00. */
	assert_string_equal(take_at(&q, 'B', DAY23 + (19 * 60 + 59) * MIN,
	    out, 160), "B1");
	assert_string_equal(take_at(&q, 'B', DAY23 + (20 * 60 + 59) * MIN,
	    out, 160), "B2");
	assert_string_equal(take_at(&q, 'B', DAY23 + 21 * 60 * MIN, out, 160),
	    "refused: Pendaftaran layanan B ditutup pukul 01.00");
	assert_int_equal(queue_service_state(&q, 'B',
	    DAY23 + (23 * 60 + 59) * MIN), WAITING_CLOSED);
	/* Past the day's end, before it is closed: closed. */
	assert_int_equal(queue_service_state(&q, 'B', DAY23 + 24 * 60 * MIN),
	    WAITING_CLOSED);
	queue_board(&q, DAY23 + 22 * 60 * MIN, &b);
	assert_int_equal(b.waiting[0].state, WAITING_QUOTA);
	assert_int_equal(b.waiting[1].state, WAITING_CLOSED);
	assert_int_equal(b.waiting[2].state, WAITING_OPEN);
	assert_int_equal(b.waiting[3].state, WAITING_CLOSED);
	queue_free(&q);

	/* The next service day: the quota counts again, B takes again. */
	nlog = 0;
	queue_init(&q, &qc, "2026-11-24");
	assert_string_equal(take_at(&q, 'A', DAY23 + 24 * 60 * MIN, out, 160),
	    "A1");
	assert_string_equal(take_at(&q, 'B', DAY23 + 24 * 60 * MIN, out, 160),
	    "B1");
	assert_int_equal(queue_service_state(&q, 'D',
	    DAY23 + (24 * 60 + 10 * 60 + 29) * MIN), WAITING_OPEN);
	queue_free(&q);
	/* Days starting at midnight: 14:30 is 14:30. */
	qc.day_start_min = 0;
	nlog = 0;
	queue_init(&q, &qc, "2026-11-23");
	assert_int_equal(queue_service_state(&q, 'D', DAY23 - 4 * 60 * MIN +
	    (14 * 60 + 29) * MIN), WAITING_OPEN);
	assert_int_equal(queue_service_state(&q, 'D', DAY23 - 4 * 60 * MIN +
	    (14 * 60 + 30) * MIN), WAITING_CLOSED);
	/* B's 01:00 is then early in the day: closed all the day after. */
	assert_int_equal(queue_service_state(&q, 'B', DAY23 - 4 * 60 * MIN +
	    30 * MIN), WAITING_OPEN);
	assert_int_equal(queue_service_state(&q, 'B', DAY23), WAITING_CLOSED);
	queue_free(&q);
}

/* Events that do not fit the state are refused, not half-applied. */
static void
test_bad_events(void **state)
{
	struct event ev = { .day = "2026-11-23" };
	struct queue q;

	(void)state;
	queue_init(&q, &qc, "2026-11-23");
	ev.kind = EV_SERVED;
	ev.ticket = (struct ticket){ 'A', 1, false };
	ev.desk = 1;
	assert_int_equal(queue_apply(&q, &ev), -1);
	ev.kind = EV_CALLED;
	ev.desk = 42;
	assert_int_equal(queue_apply(&q, &ev), -1);
	ev.desk = 1;
	ev.ticket.service = 'Q';
	assert_int_equal(queue_apply(&q, &ev), -1);
	ev.ticket.service = 'A';
	assert_int_equal(queue_apply(&q, &ev), 0);
	/* The same number twice in a day. */
	ev.desk = 2;
	assert_int_equal(queue_apply(&q, &ev), -1);
	ev.kind = EV_REQUEUED;
	ev.target = 'A';
	assert_int_equal(queue_apply(&q, &ev), -1);
	queue_free(&q);
}

/* A desk's guard: a second call within guard_ms is held back, and only
 * an accepted call restarts it. */
static void
test_limits_guard(void **state)
{
	struct guard g = { 0 };

	(void)state;
	assert_int_equal(limits_guard_check(&g, 1500, 10000), 0);
	limits_guard_pass(&g, 10000);
	assert_int_equal(limits_guard_check(&g, 1500, 10001), 1499);
	assert_int_equal(limits_guard_check(&g, 1500, 11499), 1);
	/* Refused presses do not move it. */
	assert_int_equal(limits_guard_check(&g, 1500, 11500), 0);
	/* A clock set back never holds longer than the guard. */
	assert_int_equal(limits_guard_check(&g, 1500, 5000), 1500);
	/* Off. */
	assert_int_equal(limits_guard_check(&g, 0, 10001), 0);
}

/* A kiosk's bucket: burst at once, then rate per minute. */
static void
test_limits_bucket(void **state)
{
	struct bucket b = { 0 };
	int64_t t = 1000000;
	int i, ok;

	(void)state;
	for (i = 0, ok = 0; i < 20; i++)
		ok += limits_bucket_take(&b, 30, 5, t);
	assert_int_equal(ok, 5);
	/* 30 a minute: one token every 2 s. */
	assert_false(limits_bucket_take(&b, 30, 5, t + 1999));
	assert_true(limits_bucket_take(&b, 30, 5, t + 2000));
	assert_false(limits_bucket_take(&b, 30, 5, t + 2001));
	/* A flood of a minute, one take per millisecond: 30 more at most. */
	for (i = 1, ok = 0; i <= 60000; i++)
		ok += limits_bucket_take(&b, 30, 5, t + 2000 + i);
	assert_int_equal(ok, 30);
	/* An hour idle refills only the burst. */
	for (i = 0, ok = 0; i < 20; i++)
		ok += limits_bucket_take(&b, 30, 5, t + 3600000);
	assert_int_equal(ok, 5);
	/* Off. */
	assert_true(limits_bucket_take(&b, 0, 5, t + 3600000));
}

/* Refusals recorded per minute, the rest counted and reported once. */
static void
test_limits_refusals(void **state)
{
	struct refusals r = { 0 };
	int64_t t = 5000000;
	int i, rec, dropped;

	(void)state;
	for (i = 0, rec = 0; i < 100; i++)
		rec += limits_refusal_record(&r, 60, t + i, &dropped);
	assert_int_equal(rec, 60);
	assert_int_equal(r.dropped, 40);
	assert_true(limits_refusal_record(&r, 60, t + 60000, &dropped));
	assert_int_equal(dropped, 40);
	assert_true(limits_refusal_record(&r, 60, t + 60001, &dropped));
	assert_int_equal(dropped, 0);
	/* No cap. */
	for (i = 0, rec = 0; i < 1000; i++)
		rec += limits_refusal_record(&r, 0, t + 60002, NULL);
	assert_int_equal(rec, 1000);
}

/* Lines a box can cause at any rate: a few per window, then one count. */
static void
test_log_limited(void **state)
{
	struct log_limit l = { .what = "bad payload dropped" };
	const char *out;
	int i, n = 0;

	(void)state;
	logcap_start();
	for (i = 0; i < 1000; i++)
		log_warnx_limited(&l, "bad %d", i);
	log_limit_flush(&l);		/* the window is not over: nothing */
	out = logcap_stop();
	for (; (out = strstr(out, "warning: bad ")) != NULL; out++)
		n++;
	assert_int_equal(n, LOG_LIMIT_LINES);
	assert_int_equal(l.suppressed, 1000 - LOG_LIMIT_LINES);
	/* The window ends (as if LOG_LIMIT_MS passed): the count, once. */
	l.window_ms -= LOG_LIMIT_MS;
	logcap_start();
	log_limit_flush(&l);
	log_limit_flush(&l);
	out = logcap_stop();
	assert_non_null(strstr(out, "warning: 995 more line(s) like \"bad "
	    "payload dropped\" suppressed in 10 s\n"));
	assert_null(strstr(strchr(out, '\n') + 1, "suppressed"));
	/* And lines again. */
	logcap_start();
	log_warnx_limited(&l, "bad again");
	assert_non_null(strstr(logcap_stop(), "warning: bad again"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_script, setup),
		cmocka_unit_test_setup(test_close_day, setup),
		cmocka_unit_test_setup(test_service_day, setup),
		cmocka_unit_test_setup(test_replay_rebuilds, setup),
		cmocka_unit_test_setup(test_numbers_run_out, setup),
		cmocka_unit_test_setup(test_bad_events, setup),
		cmocka_unit_test_setup(test_priority_order, setup),
		cmocka_unit_test_setup(test_priority_ahead, setup),
		cmocka_unit_test_setup(test_priority_keeps, setup),
		cmocka_unit_test_setup(test_quota_cutoff, setup),
		cmocka_unit_test(test_limits_guard),
		cmocka_unit_test(test_limits_bucket),
		cmocka_unit_test(test_limits_refusals),
		cmocka_unit_test(test_log_limited),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
