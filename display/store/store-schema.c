/*
 * store-schema.c - the log's tables and their migrations. The schema
 * version lives in PRAGMA user_version and is migrated forward at open.
 */
#include "store-int.h"

#include <stdio.h>
#include <string.h>

#include "log.h"

/* Each step takes the schema from version i to i + 1. */
static const char *const migrations[] = {
	/* 0 -> 1 */
	"CREATE TABLE events ("
	"  seq     INTEGER PRIMARY KEY,"
	"  time_ms INTEGER NOT NULL,"
	"  day     TEXT NOT NULL,"
	"  kind    TEXT NOT NULL,"
	"  service TEXT,"
	"  number  INTEGER,"
	"  desk    INTEGER,"
	"  cmd_id  TEXT"
	");"
	"CREATE INDEX events_day ON events(day, seq);"
	"CREATE TABLE commands ("
	"  id      TEXT PRIMARY KEY,"
	"  desk    INTEGER NOT NULL,"
	"  op      TEXT NOT NULL,"
	"  result  TEXT NOT NULL,"
	"  reason  TEXT NOT NULL DEFAULT '',"
	"  time_ms INTEGER NOT NULL"
	") WITHOUT ROWID;",
	/* 1 -> 2: kiosks, transfers, the hash chain, a tickets view */
	"ALTER TABLE events ADD COLUMN kiosk INTEGER;"
	"ALTER TABLE events ADD COLUMN target TEXT;"
	"ALTER TABLE events ADD COLUMN hash BLOB;"
	"CREATE INDEX events_ticket ON events(day, service, number);"
	"CREATE TABLE commands2 ("
	"  box     TEXT NOT NULL,"
	"  id      TEXT NOT NULL,"
	"  op      TEXT NOT NULL,"
	"  result  TEXT NOT NULL,"
	"  reason  TEXT NOT NULL DEFAULT '',"
	"  service TEXT,"
	"  number  INTEGER,"
	"  time_ms INTEGER NOT NULL,"
	"  PRIMARY KEY (box, id)"
	") WITHOUT ROWID;"
	"INSERT INTO commands2 (box, id, op, result, reason, time_ms) "
	"  SELECT 'desk ' || desk, id, op, result, reason, time_ms "
	"  FROM commands;"
	"DROP TABLE commands;"
	"ALTER TABLE commands2 RENAME TO commands;"
	/* One row per ticket and day: what reports start from. */
	"CREATE VIEW tickets AS SELECT day, service, number,"
	"  MIN(CASE WHEN kind = 'issued' THEN time_ms END) AS issued_ms,"
	"  MIN(CASE WHEN kind = 'called' THEN time_ms END) AS called_ms,"
	"  MAX(CASE WHEN kind IN ('served', 'noshow', 'unserved')"
	"      THEN time_ms END) AS ended_ms,"
	"  (SELECT e2.kind FROM events e2 WHERE e2.day = e.day AND"
	"      e2.service = e.service AND e2.number = e.number AND"
	"      e2.kind IN ('served', 'noshow', 'unserved', 'called',"
	"      'transferred', 'requeued', 'issued')"
	"      ORDER BY e2.seq DESC LIMIT 1) AS last_kind,"
	"  (SELECT e3.desk FROM events e3 WHERE e3.day = e.day AND"
	"      e3.service = e.service AND e3.number = e.number AND"
	"      e3.kind = 'called' ORDER BY e3.seq DESC LIMIT 1) AS desk,"
	"  SUM(kind = 'recalled') AS recalls,"
	"  SUM(kind = 'transferred') AS transfers"
	"  FROM events e WHERE service IS NOT NULL"
	"  GROUP BY day, service, number;",
	/*
	 * 2 -> 3: the report cache. Per closed day, its tickets and service
	 * times as report.c encodes them, written in the transaction that
	 * closes the day; derived from the log (antre-report verify checks
	 * it against the events). Days closed before this version are
	 * added once by the central (report_backfill).
	 */
	"CREATE TABLE report_days ("
	"  day     TEXT PRIMARY KEY,"
	"  format  INTEGER NOT NULL,"
	"  events  INTEGER NOT NULL,"
	"  tickets BLOB NOT NULL,"
	"  samples BLOB NOT NULL"
	");"
	"CREATE TABLE report_backfill (pending INTEGER NOT NULL);"
	"INSERT INTO report_backfill VALUES (1);",
	/*
	 * 3 -> 4: a take's whole answer, so that a kiosk asking again gets
	 * the very answer it missed: how many were ahead and the service
	 * day it was issued on (NULL in rows written before).
	 */
	"ALTER TABLE commands ADD COLUMN waiting INTEGER;"
	"ALTER TABLE commands ADD COLUMN day TEXT;",
	/*
	 * 4 -> 5: the figures end a service day at each desk's own last
	 * event; a ticket still at a desk when the day closed gives no
	 * service time. Rows written by the old rule (format 1) timed it
	 * to the close, a night long when the day closed the next morning:
	 * they go, and the backfill writes them again from the events.
	 */
	"DELETE FROM report_days WHERE format < 2;"
	"UPDATE report_backfill SET pending = 1;",
	/*
	 * 5 -> 6 (STORE_SCHEMA_ESTIMATE): the wait estimate a take was
	 * answered with, in minutes, so that a take asked again gets the
	 * same and the reports can measure it (NULL: none given). The
	 * columns are added by migrate_estimate(): only where missing.
	 */
	"",
	/*
	 * 6 -> 7 (STORE_SCHEMA_PRIORITY): priority tickets (the elderly,
	 * people with disabilities, pregnant women, children). Every event
	 * of such a ticket says so (events.priority); older rows are normal
	 * tickets. The chain covers the flag only when it is set, so their
	 * hashes stand. A take's answer keeps its priority and a refusal's
	 * kind (commands.priority, commands.code). Added by
	 * migrate_priority(): only where missing.
	 */
	"",
	/*
	 * 7 -> 8 (STORE_SCHEMA_DETAIL): an event's detail, text (NULL:
	 * none), for the office's changes to the hall (kind 'setting': who,
	 * what). The chain covers it only when set. Added by
	 * migrate_detail(): only where missing.
	 */
	"",
	/*
	 * 8 -> 9 (STORE_SCHEMA_CACHE_DESKS): the report cache keeps each
	 * desk's day too (its time serving, idle and paused, its recalls,
	 * the quarter hours it was open), so that a month's hourly and
	 * desks read 30 rows, not 300,000 events: format 3 rows. Older rows
	 * go, and the backfill writes them again; the column is added by
	 * migrate_cache_desks(): only where missing.
	 */
	"DELETE FROM report_days WHERE format < 3;"
	"UPDATE report_backfill SET pending = 1;",
};

int
store_user_version(struct store *s, int *v)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK) {
		store_fail(s, "user_version");
		return -1;
	}
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	if (*v < 0) {
		store_fail(s, "user_version");
		return -1;
	}
	return 0;
}

/* Version 1 rows had no hash: chain them in log order. */
static int
migrate_v2_hashes(struct store *s)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	uint8_t h[STORE_HASH_LEN] = { 0 };
	struct event ev;
	int64_t seq;
	int rc, ret = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT " EVENT_COLUMNS " FROM events "
	    "ORDER BY seq", -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "UPDATE events SET hash = ? WHERE "
	    "seq = ?", -1, &upd, NULL) != SQLITE_OK) {
		store_fail(s, "migrate");
		goto out;
	}
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		if (store_event_row(sel, &seq, &ev, NULL, NULL) == -1 ||
		    store_event_hash(s, h, seq, &ev, h) == -1) {
			snprintf(s->err, sizeof(s->err), "migrate: row %lld",
			    (long long)seq);
			goto out;
		}
		sqlite3_bind_blob(upd, 1, h, STORE_HASH_LEN, SQLITE_STATIC);
		sqlite3_bind_int64(upd, 2, seq);
		if (sqlite3_step(upd) != SQLITE_DONE) {
			store_fail(s, "migrate");
			goto out;
		}
		sqlite3_reset(upd);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "migrate");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return ret;
}

/* The estimate's columns, unless the table has them already (a log
 * whose version was set back by hand keeps its columns). */
static int
migrate_estimate(struct store *s)
{
	sqlite3_stmt *st;
	const unsigned char *name;
	int rc, have = 0;

	if (sqlite3_prepare_v2(s->db, "PRAGMA table_info(commands)", -1, &st,
	    NULL) != SQLITE_OK) {
		store_fail(s, "migrate");
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((name = sqlite3_column_text(st, 1)) != NULL &&
		    strcmp((const char *)name, "wait_lo") == 0)
			have = 1;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, "migrate");
		return -1;
	}
	if (have)
		return 0;
	return store_exec(s, "ALTER TABLE commands ADD COLUMN wait_lo "
	    "INTEGER; ALTER TABLE commands ADD COLUMN wait_hi INTEGER;",
	    "migrate");
}

/* Adds table.column unless it is there already. */
static int
add_column(struct store *s, const char *table, const char *column,
    const char *decl)
{
	sqlite3_stmt *st;
	const unsigned char *name;
	char sql[160];
	int rc, have = 0;

	snprintf(sql, sizeof(sql), "PRAGMA table_info(%s)", table);
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "migrate");
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((name = sqlite3_column_text(st, 1)) != NULL &&
		    strcmp((const char *)name, column) == 0)
			have = 1;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, "migrate");
		return -1;
	}
	if (have)
		return 0;
	snprintf(sql, sizeof(sql), "ALTER TABLE %s ADD COLUMN %s %s", table,
	    column, decl);
	return store_exec(s, sql, "migrate");
}

static int
migrate_priority(struct store *s)
{
	if (add_column(s, "events", "priority",
	    "INTEGER NOT NULL DEFAULT 0") == -1 ||
	    add_column(s, "commands", "priority",
	    "INTEGER NOT NULL DEFAULT 0") == -1 ||
	    add_column(s, "commands", "code", "TEXT") == -1)
		return -1;
	return 0;
}

static int
migrate_detail(struct store *s)
{
	return add_column(s, "events", "detail", "TEXT");
}

static int
migrate_cache_desks(struct store *s)
{
	return add_column(s, "report_days", "desks",
	    "BLOB NOT NULL DEFAULT x''");
}

int
store_migrate(struct store *s)
{
	int n = (int)(sizeof(migrations) / sizeof(migrations[0]));
	char sql[64];
	int v, from;

	if (store_user_version(s, &v) == -1)
		return -1;
	if (v > n) {
		snprintf(s->err, sizeof(s->err), "schema version %d is newer "
		    "than this program (%d)", v, n);
		log_warnx("store: %s: %s", s->path, s->err);
		return -1;
	}
	from = v;
	for (; v < n; v++) {
		if (store_exec(s, "BEGIN IMMEDIATE", "migrate") == -1)
			return -1;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (store_exec(s, migrations[v], "migrate") == -1 ||
		    (v + 1 == 2 && migrate_v2_hashes(s) == -1) ||
		    (v + 1 == STORE_SCHEMA_ESTIMATE &&
		    migrate_estimate(s) == -1) ||
		    (v + 1 == STORE_SCHEMA_PRIORITY &&
		    migrate_priority(s) == -1) ||
		    (v + 1 == STORE_SCHEMA_DETAIL &&
		    migrate_detail(s) == -1) ||
		    (v + 1 == STORE_SCHEMA_CACHE_DESKS &&
		    migrate_cache_desks(s) == -1) ||
		    store_exec(s, sql, "migrate") == -1) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		if (store_exec(s, "COMMIT", "migrate") == -1)
			return -1;
	}
	/* One line, whatever the number of steps. */
	if (from == 0)
		log_info("store: %s: new log, schema version %d", s->path, n);
	else if (from < n)
		log_info("store: %s: schema migrated from version %d to %d",
		    s->path, from, n);
	s->version = n;
	return 0;
}
