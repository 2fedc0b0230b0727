/*
 * test_web_live.c - antre-web's live pages without the server: the hall
 * fed messages as the broker delivers them (web-hall.c), bad payloads
 * dropped with the hall kept, the admin answers and their timeout;
 * today's figures from a real log (web-today.c); the fragments of
 * "Hari ini" and of the papan (web-live-html.c): states, escaping, the
 * central gone, nothing on the papan beyond the board.
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

#include "store.h"
#include "web-hall.h"
#include "web-live-int.h"
#include "web-today.h"

#define PREFIX	"antre/t"
#define T0	1717398000000LL		/* 2024-06-03 07:00 UTC */

static struct web_hall hall;

static int
msg(const char *leaf, const char *payload)
{
	char topic[160];

	snprintf(topic, sizeof(topic), PREFIX "/%s", leaf);
	return web_hall_message(&hall, topic, payload, strlen(payload), 0);
}

static void
sample_board(struct board *b)
{
	memset(b, 0, sizeof(*b));
	b->time_ms = T0;
	snprintf(b->day, sizeof(b->day), "2024-06-03");
	b->ndesks = 3;
	b->desks[0] = (struct board_desk){ 1, "Loket 1", DESK_SERVING,
	    { 'A', 12, false } };
	b->desks[1] = (struct board_desk){ 2, "<b>Loket</b> 2", DESK_IDLE,
	    { 0, 0, false } };
	b->desks[2] = (struct board_desk){ 3, "", DESK_PAUSED,
	    { 0, 0, false } };
	b->ncalls = 2;
	b->calls[0] = (struct board_call){ { 'A', 12, false }, 1, "Loket 1",
	    false, T0 - 60000 };
	b->calls[1] = (struct board_call){ { 'B', 3, true }, 2, "Loket 2",
	    true, T0 - 120000 };
	b->nwaiting = 2;
	b->waiting[0] = (struct board_waiting){ 'A', "KTP & KK", 4,
	    WAITING_OPEN };
	b->waiting[1] = (struct board_waiting){ 'B', "BPJS", -1,
	    WAITING_QUOTA };
}

static void
feed_board(const struct board *b)
{
	char *json = proto_board_encode(b);

	assert_non_null(json);
	assert_int_equal(msg("board", json), 1);
	free(json);
}

static int
setup(void **state)
{
	(void)state;
	web_hall_init(&hall, PREFIX);
	return 0;
}

static void
test_board_and_presence(void **state)
{
	struct board b;
	uint64_t changes;

	(void)state;
	assert_false(hall.have_board);
	sample_board(&b);
	feed_board(&b);
	assert_true(hall.have_board);
	assert_int_equal(hall.board.ndesks, 3);
	assert_string_equal(hall.board.desks[1].name, "<b>Loket</b> 2");

	/* A bad board is dropped and the last good one kept. */
	changes = hall.changes;
	assert_int_equal(msg("board", "{\"v\":1,\"desks\":7}"), -1);
	assert_int_equal(msg("board", "not json"), -1);
	assert_true(hall.have_board);
	assert_int_equal(hall.board.ndesks, 3);
	assert_int_equal(hall.changes, changes);

	/* A zone's board is not the hall's. */
	snprintf(b.zone, sizeof(b.zone), "z1");
	b.ndesks = 1;
	{
		char *json = proto_board_encode(&b);
		char topic[160];

		snprintf(topic, sizeof(topic), PREFIX "/board/z1");
		assert_int_equal(web_hall_message(&hall, topic, json,
		    strlen(json), 0), -1);
		free(json);
	}
	assert_int_equal(hall.board.ndesks, 3);

	/* The central: unknown, online with a link, a cleared topic is
	 * offline, and without a link it is gone whatever it said. */
	assert_false(web_hall_central_up(&hall));
	assert_int_equal(web_hall_link(&hall, true), 1);
	assert_int_equal(web_hall_link(&hall, true), 0);
	assert_int_equal(msg("central/online",
	    "{\"v\":1,\"online\":true,\"boot\":\"c1\"}"), 1);
	assert_true(web_hall_central_up(&hall));
	assert_int_equal(msg("central/online",
	    "{\"v\":1,\"online\":true,\"boot\":\"c1\"}"), 0);
	assert_int_equal(msg("central/online", ""), 1);
	assert_false(web_hall_central_up(&hall));
	assert_int_equal(msg("central/online",
	    "{\"v\":1,\"online\":true,\"boot\":\"c2\"}"), 1);
	assert_int_equal(web_hall_link(&hall, false), 1);
	assert_false(web_hall_central_up(&hall));

	/* Desks' presence; bad ones dropped. */
	assert_int_equal(msg("desk/2/online",
	    "{\"v\":1,\"online\":false,\"boot\":\"d\"}"), 1);
	assert_int_equal(hall.desk[2], WEB_OFFLINE);
	assert_int_equal(msg("desk/2/online", "{\"v\":2}"), -1);
	assert_int_equal(hall.desk[2], WEB_OFFLINE);
	assert_int_equal(msg("desk/0/online", "{\"v\":1,\"online\":true,"
	    "\"boot\":\"d\"}"), -1);
	/* Desk states and kiosks' status are checked, and the board says
	 * what they mean. */
	assert_int_equal(msg("desk/1/state", "{\"v\":1}"), -1);
	assert_int_equal(msg("kiosk/1/status", "{\"v\":1,\"online\":true,"
	    "\"printer\":\"ok\"}"), 0);
	assert_int_equal(msg("kiosk/1/status", "{\"v\":1,\"online\":1}"), -1);
	/* A call is news; a topic antre-web does not read is refused. */
	assert_int_equal(msg("call", "{\"v\":1,\"seq\":5,\"ticket\":{"
	    "\"service\":\"A\",\"number\":12},\"desk\":1,\"desk_name\":"
	    "\"Loket 1\",\"recall\":false,\"time_ms\":1}"), 1);
	assert_int_equal(hall.call_seq, 5);
	assert_int_equal(msg("desk/1/cmd", "{}"), -1);
	assert_int_equal(msg("elsewhere", "{}"), -1);
}

static void
test_settings(void **state)
{
	struct settings st;
	char *json;

	(void)state;
	memset(&st, 0, sizeof(st));
	st.time_ms = T0;
	st.nservices = 1;
	st.services[0] = (struct settings_service){ 'A', "KTP", 15, 200,
	    -1 };
	st.ndesks = 1;
	st.desks[0] = (struct settings_desk){ 1, "Loket 1", "A" };
	snprintf(st.running_text, sizeof(st.running_text), "Selamat datang");
	json = settings_encode(&st);
	assert_non_null(json);
	assert_int_equal(msg("settings", json), 1);
	free(json);
	assert_true(hall.have_settings);
	assert_string_equal(hall.settings.running_text, "Selamat datang");
	/* A bad one keeps what was known. */
	assert_int_equal(msg("settings", "{\"v\":1,\"services\":3}"), -1);
	assert_true(hall.have_settings);
	assert_string_equal(hall.settings.services[0].name, "KTP");
}

static void
test_answers(void **state)
{
	struct admin_ack ack;
	char id[32];
	int i;

	(void)state;
	web_hall_sent(&hall, "web-1-1", 1000);
	web_hall_sent(&hall, "web-1-2", 1000);
	assert_int_equal(web_hall_answer(&hall, "web-1-1", 1000, NULL),
	    WEB_ANSWER_PENDING);
	assert_int_equal(web_hall_answer(&hall, "web-9-9", 1000, NULL),
	    WEB_ANSWER_UNKNOWN);
	assert_int_equal(msg("admin/ack", "{\"v\":1,\"id\":\"web-1-1\","
	    "\"result\":\"ok\",\"key\":\"\",\"reason\":\"\"}"), 0);
	assert_int_equal(msg("admin/ack", "{\"v\":1,\"id\":\"web-1-2\","
	    "\"result\":\"refused\",\"key\":\"service.A.quota\","
	    "\"reason\":\"kuota harus 0 sampai 9999\"}"), 0);
	assert_int_equal(msg("admin/ack", "{\"v\":1,\"id\":3}"), -1);
	assert_int_equal(web_hall_answer(&hall, "web-1-1", 2000, &ack),
	    WEB_ANSWER_OK);
	assert_int_equal(web_hall_answer(&hall, "web-1-2", 2000, &ack),
	    WEB_ANSWER_REFUSED);
	assert_string_equal(ack.key, "service.A.quota");
	assert_string_equal(ack.reason, "kuota harus 0 sampai 9999");

	/* No answer within 10 s: timed out. */
	web_hall_sent(&hall, "web-1-3", 5000);
	assert_int_equal(web_hall_answer(&hall, "web-1-3", 14999, NULL),
	    WEB_ANSWER_PENDING);
	assert_int_equal(web_hall_answer(&hall, "web-1-3", 15000, NULL),
	    WEB_ANSWER_TIMEOUT);
	/* The last 64 are remembered. */
	for (i = 0; i < WEB_ANSWERS; i++) {
		snprintf(id, sizeof(id), "web-2-%d", i);
		web_hall_sent(&hall, id, 20000);
	}
	assert_int_equal(web_hall_answer(&hall, "web-1-1", 20000, NULL),
	    WEB_ANSWER_UNKNOWN);
	assert_int_equal(web_hall_answer(&hall, "web-2-0", 20000, NULL),
	    WEB_ANSWER_PENDING);
}

static void
test_hall_html(void **state)
{
	struct web_today t;
	struct web_live_view v;
	struct board b;
	struct wbuf w;

	(void)state;
	sample_board(&b);
	feed_board(&b);
	memset(&t, 0, sizeof(t));
	t.ok = true;
	snprintf(t.day, sizeof(t.day), "2024-06-03");
	t.served = 7;
	t.noshow = 2;
	t.nservices = 1;
	t.services[0] = (struct web_today_service){ 'A', 5, 1, 4,
	    T0 - 25 * 60000 };
	memset(&v, 0, sizeof(v));
	v.hall = &hall;
	v.today = &t;
	v.now_ms = T0;

	/* The central never heard: said at the top. */
	wbuf_init(&w);
	web_live_hall_html(&w, &v);
	assert_false(w.oom);
	assert_non_null(strstr(w.data, "Pusat tidak terhubung"));
	assert_null(strchr(w.data, '\n'));
	/* Names escaped, never markup. */
	assert_null(strstr(w.data, "<b>Loket</b>"));
	assert_non_null(strstr(w.data, "&lt;b&gt;Loket&lt;/b&gt; 2"));
	assert_non_null(strstr(w.data, "KTP &amp; KK"));
	/* Every desk's state; an unnamed desk is "Loket N". */
	assert_non_null(strstr(w.data, "data-desk=\"1\" data-status=\"serving\""));
	assert_non_null(strstr(w.data, "<td>melayani</td><td>A12</td>"));
	assert_non_null(strstr(w.data, "<td>menganggur</td>"));
	assert_non_null(strstr(w.data, "Loket 3</th><td>istirahat</td>"));
	/* Figures, as text and as data. */
	assert_non_null(strstr(w.data, "id=\"jumlah\" data-waiting=\"4\" "
	    "data-served=\"7\" data-noshow=\"2\""));
	assert_non_null(strstr(w.data, "<dd>25 menit</dd>"));
	assert_non_null(strstr(w.data, "data-service=\"A\" data-waiting=\"4\""));
	assert_non_null(strstr(w.data, "(kuota habis)"));
	assert_non_null(strstr(w.data, "(panggil ulang)"));

	/* The central back: no alert; a desk whose presence is gone is
	 * offline ("luring") even on an old board. */
	web_hall_link(&hall, true);
	msg("central/online", "{\"v\":1,\"online\":true,\"boot\":\"c\"}");
	msg("desk/1/online", "{\"v\":1,\"online\":false,\"boot\":\"d\"}");
	wbuf_reset(&w);
	web_live_hall_html(&w, &v);
	assert_null(strstr(w.data, "Pusat tidak terhubung"));
	assert_non_null(strstr(w.data, "data-desk=\"1\" data-status=\"offline\""));
	assert_non_null(strstr(w.data, "<td>luring</td><td>&ndash;</td>"));

	/* Not read from the log yet: dashes, not zeros. */
	v.today = NULL;
	wbuf_reset(&w);
	web_live_hall_html(&w, &v);
	assert_null(strstr(w.data, "data-served"));
	assert_non_null(strstr(w.data, "<dt>Dilayani</dt><dd>&ndash;</dd>"));
	wbuf_free(&w);
}

static void
test_papan_html(void **state)
{
	struct web_live_view v;
	struct board b;
	struct wbuf w;

	(void)state;
	sample_board(&b);
	snprintf(b.fault, sizeof(b.fault), "Kertas tiket habis (kios 1)");
	feed_board(&b);
	web_hall_link(&hall, true);
	msg("central/online", "{\"v\":1,\"online\":true,\"boot\":\"c\"}");
	memset(&v, 0, sizeof(v));
	v.hall = &hall;
	v.office = "MPP <Sleman>";
	v.running_text = "Selamat <datang>";
	v.now_ms = T0;
	wbuf_init(&w);
	web_live_papan_html(&w, &v);
	assert_false(w.oom);
	assert_null(strchr(w.data, '\n'));
	assert_non_null(strstr(w.data, "MPP &lt;Sleman&gt;"));
	assert_non_null(strstr(w.data, "Selamat &lt;datang&gt;"));
	assert_non_null(strstr(w.data, "Kertas tiket habis (kios 1)"));
	/* The board's words: the newest call in the hero, cards, the
	 * other calls, the waiting counts or the quota's label. */
	assert_non_null(strstr(w.data, "Sekarang dipanggil"));
	assert_non_null(strstr(w.data, "<b class=\"nomor\">A12</b> "
	    "<span>ke Loket 1</span>"));
	assert_non_null(strstr(w.data, "<span class=\"keadaan\">kosong</span>"));
	assert_non_null(strstr(w.data, "<b>B3</b> Loket 2"));
	assert_non_null(strstr(w.data, "<b>4</b>"));
	assert_non_null(strstr(w.data, "<b>Kuota habis</b>"));
	/* Nothing the board does not show: no office figures. */
	assert_null(strstr(w.data, "Dilayani"));
	assert_null(strstr(w.data, "Tidak hadir"));
	assert_null(strstr(w.data, "Terlama"));
	assert_null(strstr(w.data, "luring"));
	assert_null(strstr(w.data, "Pusat tidak terhubung"));
	/* The central gone: said on the papan too. */
	web_hall_link(&hall, false);
	wbuf_reset(&w);
	web_live_papan_html(&w, &v);
	assert_non_null(strstr(w.data, "Pusat tidak terhubung"));
	wbuf_free(&w);
}

static void
test_event_and_wait(void **state)
{
	struct wbuf w;

	(void)state;
	wbuf_init(&w);
	web_live_event(&w, "hall", "<p>a</p>");
	assert_string_equal(w.data, "event: hall\ndata: <p>a</p>\n\n");
	wbuf_reset(&w);
	web_live_event(&w, "papan", "a\nb");
	assert_string_equal(w.data, "event: papan\ndata: a\ndata: b\n\n");
	wbuf_reset(&w);
	web_live_wait(&w, 59999);
	web_live_wait(&w, 60000);
	web_live_wait(&w, 59 * 60000 + 59999);
	web_live_wait(&w, 120 * 60000);
	web_live_wait(&w, 125 * 60000);
	assert_string_equal(w.data, "&lt; 1 menit1 menit59 menit2 jam"
	    "2 jam 5 menit");
	wbuf_free(&w);
}

/* --- today's figures from a real log ------------------------------ */

static int64_t seq_ms;

static void
ev(struct store *s, enum event_kind kind, char svc, int num, int desk,
    char target, int64_t t)
{
	struct event e;

	memset(&e, 0, sizeof(e));
	e.time_ms = t;
	snprintf(e.day, sizeof(e.day), "2024-06-03");
	e.kind = kind;
	e.ticket.service = svc;
	e.ticket.number = num;
	e.desk = desk;
	e.kiosk = kind == EV_ISSUED ? 1 : 0;
	e.target = target;
	if (desk != 0)
		snprintf(e.cmd_id, sizeof(e.cmd_id), "d-%lld",
		    (long long)++seq_ms);
	assert_int_equal(store_append(s, &e), 0);
}

static void
test_today(void **state)
{
	char dir[] = "/tmp/test_web_live.XXXXXX", path[64];
	const struct web_today_service *a, *b;
	struct web_today t;
	struct store *s;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/antre.db", dir);
	assert_non_null(s = store_open(path, 0));
	assert_int_equal(store_begin(s), 0);
	/* A1 served; A2 a no-show; A3 called and at desk 1; A4 a no-show
	 * requeued (waits again, since 07:01); A5 waits since 07:05; B1
	 * transferred to A (waits in A since 07:00, the oldest); B2
	 * waits in B. */
	ev(s, EV_ISSUED, 'B', 1, 0, 0, T0);
	ev(s, EV_ISSUED, 'A', 1, 0, 0, T0 + 60000);
	ev(s, EV_ISSUED, 'A', 2, 0, 0, T0 + 60000);
	ev(s, EV_ISSUED, 'A', 3, 0, 0, T0 + 60000);
	ev(s, EV_ISSUED, 'A', 4, 0, 0, T0 + 60000);
	ev(s, EV_ISSUED, 'A', 5, 0, 0, T0 + 300000);
	ev(s, EV_ISSUED, 'B', 2, 0, 0, T0 + 310000);
	ev(s, EV_CALLED, 'A', 1, 1, 0, T0 + 400000);
	ev(s, EV_SERVED, 'A', 1, 1, 0, T0 + 500000);
	ev(s, EV_CALLED, 'A', 2, 1, 0, T0 + 500000);
	ev(s, EV_NOSHOW, 'A', 2, 1, 0, T0 + 600000);
	ev(s, EV_CALLED, 'A', 4, 2, 0, T0 + 600000);
	ev(s, EV_NOSHOW, 'A', 4, 2, 0, T0 + 610000);
	ev(s, EV_REQUEUED, 'A', 4, 2, 'A', T0 + 620000);
	ev(s, EV_CALLED, 'B', 1, 2, 0, T0 + 630000);
	ev(s, EV_TRANSFERRED, 'B', 1, 2, 'A', T0 + 640000);
	ev(s, EV_CALLED, 'A', 3, 1, 0, T0 + 700000);
	assert_int_equal(store_commit(s), 0);

	memset(&t, 0, sizeof(t));
	assert_int_equal(web_today_read(&t, path, "2024-06-03", NULL), 1);
	assert_true(t.ok);
	assert_int_equal(t.served, 1);
	assert_int_equal(t.noshow, 1);
	assert_non_null(a = web_today_service(&t, 'A'));
	assert_non_null(b = web_today_service(&t, 'B'));
	assert_int_equal(a->served, 1);
	assert_int_equal(a->noshow, 1);
	assert_int_equal(a->waiting, 3);	/* A4, A5, B1 */
	assert_int_equal(a->oldest_ms, T0);	/* B1's issue */
	assert_int_equal(b->waiting, 1);	/* B2 */
	assert_int_equal(b->oldest_ms, T0 + 310000);

	/* The same log: nothing read again. */
	assert_int_equal(web_today_read(&t, path, "2024-06-03", NULL), 0);
	/* One more row: read again. */
	assert_int_equal(store_begin(s), 0);
	ev(s, EV_SERVED, 'A', 3, 1, 0, T0 + 800000);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(web_today_read(&t, path, "2024-06-03", NULL), 1);
	assert_int_equal(t.served, 2);
	/* Another day: nothing of this one. */
	assert_int_equal(web_today_read(&t, path, "2024-06-04", NULL), 1);
	assert_int_equal(t.served, 0);
	assert_int_equal(t.nservices, 0);
	store_close(s);
	/* No log: an error, the figures kept. */
	assert_int_equal(web_today_read(&t, "/nonexistent/antre.db",
	    "2024-06-03", NULL), -1);
	assert_true(t.ok);

	snprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_board_and_presence, setup),
		cmocka_unit_test_setup(test_settings, setup),
		cmocka_unit_test_setup(test_answers, setup),
		cmocka_unit_test_setup(test_hall_html, setup),
		cmocka_unit_test_setup(test_papan_html, setup),
		cmocka_unit_test(test_event_and_wait),
		cmocka_unit_test(test_today),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
