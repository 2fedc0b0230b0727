/*
 * test_store.c - the event log: the hash chain catches edits, deletions
 * and insertions; a version 1 file is migrated; a full disk rolls the
 * transaction back whole; commands are found again after reopening.
 *
 * The tests tamper with the file through SQLite directly, as an
 * unfriendly admin would.
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

#include "logcap.h"
#include "sqlfile.h"
#include "store.h"

static char dbpath[64];

static int
setup(void **state)
{
	int fd;

	(void)state;
	snprintf(dbpath, sizeof(dbpath), "/tmp/antre-store-XXXXXX");
	if ((fd = mkstemp(dbpath)) == -1)
		return -1;
	close(fd);
	unlink(dbpath);
	return 0;
}

static int
teardown(void **state)
{
	char p[96];

	(void)state;
	unlink(dbpath);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
	return 0;
}

static struct event
ev_called(int n)
{
	struct event ev = { .time_ms = 1795381200000LL + n * 1000,
	    .day = "2026-11-23", .kind = EV_CALLED,
	    .ticket = { 'A', n, false }, .desk = 1 + n % 3 };

	snprintf(ev.cmd_id, sizeof(ev.cmd_id), "boot-%d", n);
	return ev;
}

static void
fill(int from, int to)
{
	struct store *s;
	struct event ev;
	int i;

	logcap_start();
	s = store_open(dbpath, 0);
	assert_non_null(s);
	assert_int_equal(store_begin(s), 0);
	for (i = from; i <= to; i++) {
		ev = ev_called(i);
		assert_int_equal(store_append(s, &ev), 0);
	}
	assert_int_equal(store_commit(s), 0);
	store_close(s);
	logcap_stop();
}

static int
verify(int64_t *bad)
{
	struct store *s;
	char why[128];
	int rc;

	s = store_open_readonly(dbpath);
	assert_non_null(s);
	*bad = 0;
	rc = store_verify(s, bad, why, sizeof(why));
	store_close(s);
	return rc;
}

static void
sql(const char *stmt)
{
	sql_file(dbpath, stmt);
}

static void
test_chain_intact(void **state)
{
	int64_t bad;

	(void)state;
	fill(1, 10);
	/* Reopening continues the chain. */
	fill(11, 20);
	assert_int_equal(verify(&bad), 0);
}

static void
test_edit_detected(void **state)
{
	int64_t bad;

	(void)state;
	fill(1, 20);
	sql("UPDATE events SET number = 99 WHERE seq = 7");
	assert_int_equal(verify(&bad), 1);
	assert_int_equal(bad, 7);
}

static void
test_delete_detected(void **state)
{
	int64_t bad;

	(void)state;
	fill(1, 20);
	sql("DELETE FROM events WHERE seq = 12");
	assert_int_equal(verify(&bad), 1);
	assert_int_equal(bad, 13);
}

static void
test_insert_detected(void **state)
{
	int64_t bad;

	(void)state;
	fill(1, 20);
	/* Renumber to make room, then slip a row in with a copied hash. */
	sql("UPDATE events SET seq = seq + 1000 WHERE seq > 5;"
	    "UPDATE events SET seq = seq - 999 WHERE seq > 1000;"
	    "INSERT INTO events (seq, time_ms, day, kind, service, number, "
	    "desk, hash) SELECT 6, time_ms, day, 'called', 'A', 500, 1, hash "
	    "FROM events WHERE seq = 5");
	assert_int_equal(verify(&bad), 1);
	assert_int_equal(bad, 6);
}

static void
test_commands_survive_reopen(void **state)
{
	struct command_rec c = { .box = "kiosk 1", .id = "k-9", .op = "take",
	    .result = RESULT_OK, .ticket = { 'B', 31, false }, .time_ms = 5,
	    .waiting = 7, .day = "2026-12-02" };
	struct command_rec got;
	struct store *s;

	(void)state;
	unlink(dbpath);
	logcap_start();
	s = store_open(dbpath, 0);
	/* A new log says so in one line. */
	assert_non_null(strstr(logcap_stop(), "new log, schema version "
	    STORE_STR(STORE_SCHEMA_VERSION)));
	logcap_start();
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_command_add(s, &c), 0);
	/* Same id, another box: a different command. */
	snprintf(c.box, sizeof(c.box), "desk 1");
	c.result = RESULT_REFUSED;
	snprintf(c.reason, sizeof(c.reason), "desk is paused");
	assert_int_equal(store_command_add(s, &c), 0);
	assert_int_equal(store_commit(s), 0);
	store_close(s);

	s = store_open(dbpath, 0);
	assert_int_equal(store_command_find(s, "kiosk 1", "k-9", &got), 1);
	assert_string_equal(got.op, "take");
	assert_int_equal(got.result, RESULT_OK);
	assert_int_equal(got.ticket.service, 'B');
	assert_int_equal(got.ticket.number, 31);
	/* The take's answer as given: the day and how many were ahead. */
	assert_string_equal(got.day, "2026-12-02");
	assert_int_equal(got.waiting, 7);
	assert_int_equal(store_command_find(s, "desk 1", "k-9", &got), 1);
	assert_int_equal(got.result, RESULT_REFUSED);
	assert_string_equal(got.reason, "desk is paused");
	assert_int_equal(store_command_find(s, "desk 2", "k-9", &got), 0);
	/* The same command twice is a constraint error, not a second row. */
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_command_add(s, &c), -1);
	store_rollback(s);
	store_close(s);
	logcap_stop();
}

/* A version 1 file, as the first release wrote it. */
static void
test_migrate_v1(void **state)
{
	const char *log;
	struct command_rec got;
	struct store *s;
	int64_t bad;

	(void)state;
	sql("CREATE TABLE events (seq INTEGER PRIMARY KEY, time_ms INTEGER "
	    "NOT NULL, day TEXT NOT NULL, kind TEXT NOT NULL, service TEXT, "
	    "number INTEGER, desk INTEGER, cmd_id TEXT);"
	    "CREATE INDEX events_day ON events(day, seq);"
	    "CREATE TABLE commands (id TEXT PRIMARY KEY, desk INTEGER NOT "
	    "NULL, op TEXT NOT NULL, result TEXT NOT NULL, reason TEXT NOT "
	    "NULL DEFAULT '', time_ms INTEGER NOT NULL) WITHOUT ROWID;"
	    "INSERT INTO events VALUES (1, 1000, '2026-11-23', 'called', 'A',"
	    " 1, 2, 'b-1'), (2, 2000, '2026-11-23', 'served', 'A', 1, 2, "
	    "'b-2'), (3, 2000, '2026-11-23', 'called', 'A', 2, 2, 'b-2');"
	    "INSERT INTO commands VALUES ('b-1', 2, 'next', 'ok', '', 1000),"
	    " ('b-2', 2, 'next', 'ok', '', 2000);"
	    "PRAGMA user_version = 1;");
	/* A reader does not migrate: it says why it cannot read. */
	logcap_start();
	assert_null(store_open_readonly(dbpath));
	assert_non_null(strstr(logcap_stop(), "schema version 1, this "
	    "program reads versions 2 to "
	    STORE_STR(STORE_SCHEMA_VERSION)));

	logcap_start();
	s = store_open(dbpath, 0);
	assert_non_null(s);
	/* One line for the whole way, not one per step. */
	log = logcap_stop();
	assert_non_null(strstr(log, "schema migrated from version 1 to "
	    STORE_STR(STORE_SCHEMA_VERSION)));
	assert_null(strstr(strstr(log, "migrated") + 1, "migrated"));
	assert_int_equal(store_command_find(s, "desk 2", "b-2", &got), 1);
	assert_string_equal(got.op, "next");
	/* Rows from before version 4 have no take answer. */
	assert_string_equal(got.day, "");
	assert_int_equal(got.waiting, -1);
	store_close(s);
	/* The old rows are chained now, and new ones follow them. */
	fill(3, 4);
	assert_int_equal(verify(&bad), 0);
}

static int
priorities(void *arg, const struct event *ev)
{
	int *p = arg;

	p[ev->ticket.number] = ev->ticket.priority ? 1 : 0;
	return 0;
}

/* A version 6 log (no priority column): read as it is by a reader,
 * migrated by the central with its chain intact; then priority
 * rows are logged, read back, and covered by the chain. */
static void
test_migrate_v6(void **state)
{
	struct command_rec c = { .box = "kiosk 2", .id = "k-1", .op = "take",
	    .result = RESULT_REFUSED, .reason = "Kuota habis",
	    .ticket = { 'A', 0, false }, .time_ms = 5, .waiting = 3,
	    .day = "2026-11-23", .code = "quota" }, got;
	int prio[16] = { 0 };
	struct store *s;
	struct event ev;
	int64_t bad;

	(void)state;
	fill(1, 4);
	sql("ALTER TABLE events DROP COLUMN priority;"
	    "ALTER TABLE commands DROP COLUMN priority;"
	    "ALTER TABLE commands DROP COLUMN code;"
	    "PRAGMA user_version = 6;");
	/* A reader reads version 6 as normal tickets. */
	assert_int_equal(verify(&bad), 0);
	s = store_open_readonly(dbpath);
	assert_non_null(s);
	assert_int_equal(store_replay(s, "2026-11-23", priorities, prio), 0);
	assert_int_equal(prio[1] + prio[2] + prio[3] + prio[4], 0);
	store_close(s);

	logcap_start();
	s = store_open(dbpath, 0);
	assert_non_null(s);
	assert_non_null(strstr(logcap_stop(), "schema migrated from version "
	    "6 to " STORE_STR(STORE_SCHEMA_VERSION)));
	assert_int_equal(store_begin(s), 0);
	ev = ev_called(5);
	ev.ticket.priority = true;
	assert_int_equal(store_append(s, &ev), 0);
	ev = ev_called(6);
	assert_int_equal(store_append(s, &ev), 0);
	assert_int_equal(store_command_add(s, &c), 0);
	c.result = RESULT_OK;
	c.code[0] = '\0';
	c.ticket = (struct ticket){ 'A', 7, true };
	snprintf(c.id, sizeof(c.id), "k-2");
	assert_int_equal(store_command_add(s, &c), 0);
	assert_int_equal(store_commit(s), 0);
	store_close(s);

	s = store_open_readonly(dbpath);
	assert_int_equal(store_replay(s, "2026-11-23", priorities, prio), 0);
	assert_int_equal(prio[4], 0);
	assert_int_equal(prio[5], 1);
	assert_int_equal(prio[6], 0);
	store_close(s);
	s = store_open(dbpath, 0);
	/* A take's answer keeps its kind and its ticket's priority. */
	assert_int_equal(store_command_find(s, "kiosk 2", "k-1", &got), 1);
	assert_string_equal(got.code, "quota");
	assert_int_equal(store_command_find(s, "kiosk 2", "k-2", &got), 1);
	assert_string_equal(got.code, "");
	assert_true(got.ticket.priority);
	store_close(s);
	assert_int_equal(verify(&bad), 0);
	/* The flag is in the chain: taking it away is an edit. */
	sql("UPDATE events SET priority = 0 WHERE seq = 5");
	assert_int_equal(verify(&bad), 1);
	assert_int_equal(bad, 5);
}

struct details {
	int	n;
	char	last[64];
};

static int
details(void *arg, const struct event *ev)
{
	struct details *d = arg;

	if (ev->detail != NULL) {
		d->n++;
		snprintf(d->last, sizeof(d->last), "%s", ev->detail);
	}
	return 0;
}

/* A version 7 log (no detail column) keeps its hashes at the migration to
 * 8; a 'setting' event's detail is stored, read back by every reader and
 * covered by the chain; rows without one hash as before. */
static void
test_migrate_v7_detail(void **state)
{
	struct details d = { 0 };
	struct store *s;
	struct event ev;
	int64_t bad;

	(void)state;
	fill(1, 3);
	sql("ALTER TABLE events DROP COLUMN detail; PRAGMA user_version = 7;");
	assert_int_equal(verify(&bad), 0);
	s = store_open_readonly(dbpath);
	assert_int_equal(store_replay(s, "2026-11-23", details, &d), 0);
	assert_int_equal(d.n, 0);
	store_close(s);

	logcap_start();
	s = store_open(dbpath, 0);
	assert_non_null(s);
	assert_non_null(strstr(logcap_stop(), "schema migrated from version "
	    "7 to " STORE_STR(STORE_SCHEMA_VERSION)));
	assert_int_equal(store_begin(s), 0);
	ev = (struct event){ .time_ms = 1795381300000LL, .day = "2026-11-23",
	    .kind = EV_SETTING, .cmd_id = "web-1",
	    .detail = "{\"user\":\"sari\"}" };
	assert_int_equal(store_append(s, &ev), 0);
	ev = ev_called(4);
	assert_int_equal(store_append(s, &ev), 0);
	assert_int_equal(store_commit(s), 0);
	store_close(s);
	assert_int_equal(verify(&bad), 0);

	s = store_open_readonly(dbpath);
	assert_int_equal(store_replay(s, "2026-11-23", details, &d), 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.last, "{\"user\":\"sari\"}");
	d.n = 0;
	assert_int_equal(store_replay_range(s, "2026-11-23", "2026-11-23",
	    details, &d), 0);
	assert_int_equal(d.n, 1);
	store_close(s);
	/* Who did it is in the chain: changing it is an edit. */
	sql("UPDATE events SET detail = '{\"user\":\"budi\"}' "
	    "WHERE kind = 'setting'");
	assert_int_equal(verify(&bad), 1);
	assert_int_equal(bad, 4);
}

static int
collect(void *arg, const struct event *ev)
{
	int *n = arg;

	(*n)++;
	return ev->kind == EV_CALLED || ev->kind == EV_SERVED ? 0 : -1;
}

/* Past its size cap the store fails like a full disk: the transaction
 * is rolled back whole, the chain head with it, and the log stays
 * consistent; with room again, writing goes on. */
static void
test_full_disk(void **state)
{
	struct store *s;
	struct event ev;
	int64_t bad;
	int i, k, n = 0, failed = 0;

	(void)state;
	fill(1, 3);
	logcap_start();
	s = store_open(dbpath, 1);
	assert_non_null(s);
	for (i = 0; i < 200 && !failed; i++) {
		assert_int_equal(store_begin(s), 0);
		for (k = 0; k < 100; k++) {
			ev = ev_called(4 + i * 100 + k);
			ev.ticket.number = 1 + (i * 100 + k) % 9999;
			if (store_append(s, &ev) == -1) {
				failed = 1;
				break;
			}
		}
		if (failed || store_commit(s) == -1) {
			failed = 1;
			store_rollback(s);
		}
	}
	assert_true(failed);
	assert_non_null(strstr(store_error(s), "full"));
	store_close(s);
	logcap_stop();
	assert_int_equal(verify(&bad), 0);
	/* Room again: the chain continues from the last committed row. */
	logcap_start();
	s = store_open(dbpath, 0);
	assert_int_equal(store_begin(s), 0);
	ev = ev_called(9999);
	assert_int_equal(store_append(s, &ev), 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(store_replay(s, "2026-11-23", collect, &n), 0);
	assert_true(n > 3);
	store_close(s);
	logcap_stop();
	assert_int_equal(verify(&bad), 0);
}

static void
test_last_day(void **state)
{
	struct store *s;
	struct event ev = { .time_ms = 5, .day = "2026-11-24",
	    .kind = EV_DAY_CLOSED };
	char day[11];
	int closed;

	(void)state;
	logcap_start();
	s = store_open(dbpath, 0);
	assert_int_equal(store_last_day(s, day, &closed), 0);
	store_close(s);
	logcap_stop();
	fill(1, 2);
	logcap_start();
	s = store_open(dbpath, 0);
	assert_int_equal(store_last_day(s, day, &closed), 1);
	assert_string_equal(day, "2026-11-23");
	assert_int_equal(closed, 0);
	assert_int_equal(store_begin(s), 0);
	assert_int_equal(store_append(s, &ev), 0);
	assert_int_equal(store_commit(s), 0);
	assert_int_equal(store_last_day(s, day, &closed), 1);
	assert_string_equal(day, "2026-11-24");
	assert_int_equal(closed, 1);
	store_close(s);
	logcap_stop();
}

/* The anchor: the head's short form found again while the log holds the
 * row, and not after the tail is cut or the chain rebuilt. */
static int
find_head(const char *text, struct store_head *h)
{
	struct store *s;
	uint8_t prefix[STORE_HASH_LEN];
	int len, rc;

	len = store_head_parse(text, prefix);
	assert_true(len >= STORE_HEAD_MIN);
	s = store_open_readonly(dbpath);
	assert_non_null(s);
	rc = store_head_find(s, prefix, (size_t)len, h);
	store_close(s);
	return rc;
}

static void
test_head_anchor(void **state)
{
	struct store *s;
	struct store_head h, day, found;
	char shortform[STORE_HEAD_SHORT], full[65];

	(void)state;
	logcap_start();
	s = store_open(dbpath, 0);
	assert_int_equal(store_head(s, &h), 0);
	assert_int_equal(h.seq, 0);
	store_close(s);
	logcap_stop();
	fill(1, 20);
	s = store_open_readonly(dbpath);
	assert_int_equal(store_head(s, &h), 0);
	assert_int_equal(h.seq, 20);
	assert_string_equal(h.day, "2026-11-23");
	assert_int_equal(store_day_head(s, "2026-11-23", &day), 1);
	assert_int_equal(day.seq, 20);
	assert_memory_equal(day.hash, h.hash, STORE_HASH_LEN);
	assert_int_equal(store_head_at(s, 20, &found), 1);
	assert_memory_equal(found.hash, h.hash, STORE_HASH_LEN);
	assert_int_equal(store_head_at(s, 21, &found), 0);
	assert_int_equal(store_day_head(s, "2026-11-22", &day), 0);
	assert_int_equal(store_day_head(s, "2026-11-24", &day), 1);
	assert_int_equal(day.seq, 20);
	assert_int_equal(day.closed, 0);
	store_close(s);
	store_head_short(h.hash, shortform);
	store_head_hex(h.hash, full);
	assert_int_equal(strlen(shortform), 19);
	assert_true(shortform[4] == '-' && shortform[9] == '-' &&
	    shortform[14] == '-');
	assert_memory_equal(shortform, full, 4);
	assert_memory_equal(shortform + 15, full + 12, 4);

	/* Written by hand: upper case, spaces, the full hash. */
	assert_int_equal(find_head(shortform, &found), 1);
	assert_int_equal(found.seq, 20);
	full[0] = (char)(full[0] >= 'a' ? full[0] - 32 : full[0]);
	assert_int_equal(find_head(full, &found), 1);
	assert_int_equal(found.seq, 20);

	/* The tail cut: the row is gone, and the chain still verifies. */
	sql("DELETE FROM events WHERE seq > 15");
	assert_int_equal(find_head(shortform, &found), 0);
	/* Rows appended again after the cut do not bring it back. */
	fill(16, 20);
	assert_int_equal(find_head(shortform, &found), 1);
	sql("DELETE FROM events; DELETE FROM commands");
	fill(2, 21);
	assert_int_equal(find_head(shortform, &found), 0);
}

static void
test_head_parse(void **state)
{
	uint8_t p[STORE_HASH_LEN];

	(void)state;
	assert_int_equal(store_head_parse("1a2b-3c4d-5e6f-7a8b", p), 8);
	assert_int_equal(p[0], 0x1a);
	assert_int_equal(p[7], 0x8b);
	assert_int_equal(store_head_parse("1A2B 3C4D 5E6F 7A8B 90", p), 9);
	assert_int_equal(store_head_parse("1a2b-3c4d-5e6f", p), -1);
	assert_int_equal(store_head_parse("1a2b-3c4d-5e6f-7a8g", p), -1);
	assert_int_equal(store_head_parse("1a2b-3c4d-5e6f-7a8b-9", p), -1);
	assert_int_equal(store_head_parse("", p), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chain_intact, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_edit_detected, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_delete_detected, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_insert_detected, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_commands_survive_reopen,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v6, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v7_detail, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_migrate_v1, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_full_disk, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_last_day, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_head_anchor, setup,
		    teardown),
		cmocka_unit_test(test_head_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
