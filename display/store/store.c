/*
 * store.c - the append-only event log in SQLite: opening, transactions
 * and the append.
 *
 * Power cuts are common in the halls, so the database runs in WAL mode
 * with synchronous=FULL: a COMMIT that returned is on the disk, and
 * acknowledgements are only sent after it.
 */
#include "store-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

void
store_fail(struct store *s, const char *what)
{
	snprintf(s->err, sizeof(s->err), "%s: %s", what,
	    sqlite3_errmsg(s->db));
	log_warnx("store: %s: %s", s->path, s->err);
}

const char *
store_error(const struct store *s)
{
	return s->err;
}

int
store_exec(struct store *s, const char *sql, const char *what)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, what);
		return -1;
	}
	return 0;
}

static int
store_prepare(struct store *s, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL) != SQLITE_OK) {
		store_fail(s, "prepare");
		return -1;
	}
	return 0;
}

/* Reads the chain head (last seq and hash). */
static int
store_load_head(struct store *s)
{
	sqlite3_stmt *st;
	int rc;

	s->last_seq = 0;
	memset(s->last_hash, 0, sizeof(s->last_hash));
	if (sqlite3_prepare_v2(s->db, "SELECT seq, hash FROM events ORDER BY "
	    "seq DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "chain head");
		return -1;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s->last_seq = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == STORE_HASH_LEN)
			memcpy(s->last_hash, sqlite3_column_blob(st, 1),
			    STORE_HASH_LEN);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(s, "chain head");
		return -1;
	}
	return 0;
}

static struct store *
store_new(const char *path, int flags)
{
	struct store *s;

	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->path = strdup(path)) == NULL) {
		log_warn("store");
		free(s);
		return NULL;
	}
	/* One thread per connection (the central's loop, or a report):
	 * SQLite's own locking of the connection is not needed. */
	if (sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK) {
		store_fail(s, "open");
		store_close(s);
		return NULL;
	}
	return s;
}

struct store *
store_open(const char *path, int max_mb)
{
	char sql[96];
	struct store *s;

	if ((s = store_new(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
	    == NULL)
		return NULL;
	/*
	 * Only another writer (an admin's sqlite3 shell) can lock us out in
	 * WAL mode; wait a little, never long enough to stall the hall.
	 */
	sqlite3_busy_timeout(s->db, 250);
	if (store_exec(s, "PRAGMA journal_mode=WAL", "WAL") == -1 ||
	    store_exec(s, "PRAGMA synchronous=FULL", "synchronous") == -1 ||
	    store_migrate(s) == -1)
		goto err;
	if (max_mb > 0) {
		snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld",
		    (long long)max_mb * 1024 * 1024 / 4096);
		if (store_exec(s, sql, "max_page_count") == -1)
			goto err;
	}
	if (store_load_head(s) == -1 ||
	    store_prepare(s, "INSERT INTO events (" EVENT_COLUMNS_DETAIL ") "
	    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", &s->st_append) == -1 ||
	    store_prepare(s, "INSERT INTO commands (box, id, op, result, "
	    "reason, service, number, time_ms, waiting, day, wait_lo, "
	    "wait_hi, priority, code) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	    &s->st_cmd_add) == -1 ||
	    store_prepare(s, "SELECT " COMMAND_COLUMNS " FROM commands "
	    "WHERE box = ? AND id = ?",
	    &s->st_cmd_find) == -1 ||
	    store_prepare(s, EVENT_SELECT(s, "WHERE day = ? ORDER BY seq"),
	    &s->st_replay) == -1)
		goto err;
	return s;
err:
	store_close(s);
	return NULL;
}

struct store *
store_open_readonly(const char *path)
{
	struct store *s;
	int v;

	if ((s = store_new(path, SQLITE_OPEN_READONLY)) == NULL)
		return NULL;
	sqlite3_busy_timeout(s->db, 1000);
	if (store_user_version(s, &v) == -1)
		goto err;
	/* Version 2 lacks only the report cache: it is read, slower. */
	if (v < STORE_SCHEMA_OLDEST_READ || v > STORE_SCHEMA_VERSION) {
		snprintf(s->err, sizeof(s->err), "schema version %d, this "
		    "program reads versions %d to %d%s", v,
		    STORE_SCHEMA_OLDEST_READ, STORE_SCHEMA_VERSION,
		    v < STORE_SCHEMA_VERSION ? " (the central migrates it "
		    "when it next starts)" : "");
		log_warnx("store: %s: %s", path, s->err);
		goto err;
	}
	s->version = v;
	if (store_prepare(s, EVENT_SELECT(s, "WHERE day = ? ORDER BY seq"),
	    &s->st_replay) == -1)
		goto err;
	return s;
err:
	store_close(s);
	return NULL;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	sqlite3_finalize(s->st_append);
	sqlite3_finalize(s->st_cmd_add);
	sqlite3_finalize(s->st_cmd_find);
	sqlite3_finalize(s->st_replay);
	store_chain_free(s);
	if (s->db != NULL)
		sqlite3_close(s->db);
	free(s->path);
	free(s);
}

int
store_begin(struct store *s)
{
	if (s->in_tx)
		return 0;
	if (store_exec(s, "BEGIN IMMEDIATE", "begin") == -1)
		return -1;
	s->in_tx = 1;
	s->tx_seq = s->last_seq;
	memcpy(s->tx_hash, s->last_hash, STORE_HASH_LEN);
	return 0;
}

int
store_commit(struct store *s)
{
	if (!s->in_tx)
		return 0;
	if (store_exec(s, "COMMIT", "commit") == -1) {
		store_rollback(s);
		return -1;
	}
	s->in_tx = 0;
	s->err[0] = '\0';
	return 0;
}

void
store_rollback(struct store *s)
{
	if (!s->in_tx)
		return;
	/* After some errors SQLite has already rolled back. */
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
	s->last_seq = s->tx_seq;
	memcpy(s->last_hash, s->tx_hash, STORE_HASH_LEN);
}

int
store_in_transaction(const struct store *s)
{
	return s->in_tx;
}

int
store_read_begin(struct store *s)
{
	/* Deferred: takes no lock until the first read, and only a read. */
	return store_exec(s, "BEGIN DEFERRED", "begin read");
}

void
store_read_end(struct store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

int
store_step_done(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, what);
		return -1;
	}
	return 0;
}

void
store_bind_char(sqlite3_stmt *st, int col, char c)
{
	char buf[2] = { c, '\0' };

	if (c != 0)
		sqlite3_bind_text(st, col, buf, 1, SQLITE_TRANSIENT);
}

int64_t
store_last_seq(const struct store *s)
{
	return s->last_seq;
}

int
store_append(struct store *s, const struct event *ev)
{
	sqlite3_stmt *st = s->st_append;
	uint8_t h[STORE_HASH_LEN];
	int64_t seq = s->last_seq + 1;

	if (store_event_hash(s, s->last_hash, seq, ev, h) == -1) {
		snprintf(s->err, sizeof(s->err), "cannot hash event");
		return -1;
	}
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, ev->time_ms);
	sqlite3_bind_text(st, 3, ev->day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, event_kind_name(ev->kind), -1,
	    SQLITE_STATIC);
	if (ev->ticket.service != 0) {
		store_bind_char(st, 5, ev->ticket.service);
		sqlite3_bind_int(st, 6, ev->ticket.number);
	}
	if (ev->desk > 0)
		sqlite3_bind_int(st, 7, ev->desk);
	if (ev->kiosk > 0)
		sqlite3_bind_int(st, 8, ev->kiosk);
	store_bind_char(st, 9, ev->target);
	if (ev->cmd_id[0] != '\0')
		sqlite3_bind_text(st, 10, ev->cmd_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 11, h, STORE_HASH_LEN, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 12, ev->ticket.priority ? 1 : 0);
	if (ev->detail != NULL && ev->detail[0] != '\0')
		sqlite3_bind_text(st, 13, ev->detail, -1, SQLITE_TRANSIENT);
	if (store_step_done(s, st, "append event") == -1)
		return -1;
	s->last_seq = seq;
	memcpy(s->last_hash, h, STORE_HASH_LEN);
	return 0;
}
