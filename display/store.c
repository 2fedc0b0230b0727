/*
 * store.c - the append-only event log in SQLite.
 *
 * Power cuts are common in the halls, so the database runs in WAL mode
 * with synchronous=FULL: a COMMIT that returned is on the disk, and
 * acknowledgements are only sent after it. The schema version lives in
 * PRAGMA user_version and is migrated forward at open.
 */
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "log.h"

struct store {
	sqlite3		*db;
	char		*path;
	int		 in_tx;
	sqlite3_stmt	*st_append;
	sqlite3_stmt	*st_cmd_add;
	sqlite3_stmt	*st_cmd_find;
	sqlite3_stmt	*st_replay;
	char		 err[160];
};

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
};

static void
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

static int
store_exec(struct store *s, const char *sql, const char *what)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		store_fail(s, what);
		return -1;
	}
	return 0;
}

static int
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

static int
store_migrate(struct store *s)
{
	int n = (int)(sizeof(migrations) / sizeof(migrations[0]));
	char sql[64];
	int v;

	if (store_user_version(s, &v) == -1)
		return -1;
	if (v > n) {
		snprintf(s->err, sizeof(s->err), "schema version %d is newer "
		    "than this program (%d)", v, n);
		log_warnx("store: %s: %s", s->path, s->err);
		return -1;
	}
	for (; v < n; v++) {
		if (store_exec(s, "BEGIN IMMEDIATE", "migrate") == -1)
			return -1;
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (store_exec(s, migrations[v], "migrate") == -1 ||
		    store_exec(s, sql, "migrate") == -1) {
			store_exec(s, "ROLLBACK", "rollback");
			return -1;
		}
		if (store_exec(s, "COMMIT", "migrate") == -1)
			return -1;
		log_info("store: %s: schema migrated to version %d", s->path,
		    v + 1);
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

struct store *
store_open(const char *path)
{
	struct store *s;

	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->path = strdup(path)) == NULL) {
		log_warn("store");
		free(s);
		return NULL;
	}
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		store_fail(s, "open");
		goto err;
	}
	/* A reader (antre-report) may hold the lock briefly. */
	sqlite3_busy_timeout(s->db, 2000);
	if (store_exec(s, "PRAGMA journal_mode=WAL", "WAL") == -1 ||
	    store_exec(s, "PRAGMA synchronous=FULL", "synchronous") == -1 ||
	    store_migrate(s) == -1)
		goto err;
	if (store_prepare(s, "INSERT INTO events (time_ms, day, kind, "
	    "service, number, desk, cmd_id) VALUES (?,?,?,?,?,?,?)",
	    &s->st_append) == -1 ||
	    store_prepare(s, "INSERT INTO commands (id, desk, op, result, "
	    "reason, time_ms) VALUES (?,?,?,?,?,?)", &s->st_cmd_add) == -1 ||
	    store_prepare(s, "SELECT desk, op, result, reason, time_ms "
	    "FROM commands WHERE id = ?", &s->st_cmd_find) == -1 ||
	    store_prepare(s, "SELECT time_ms, day, kind, service, number, "
	    "desk, cmd_id FROM events WHERE day = ? ORDER BY seq",
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
}

int
store_in_transaction(const struct store *s)
{
	return s->in_tx;
}

static int
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

int
store_append(struct store *s, const struct event *ev)
{
	sqlite3_stmt *st = s->st_append;
	char svc[2] = { ev->ticket.service, '\0' };

	sqlite3_bind_int64(st, 1, ev->time_ms);
	sqlite3_bind_text(st, 2, ev->day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, event_kind_name(ev->kind), -1,
	    SQLITE_STATIC);
	if (ev->ticket.service != 0) {
		sqlite3_bind_text(st, 4, svc, 1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 5, ev->ticket.number);
	}
	if (ev->desk > 0)
		sqlite3_bind_int(st, 6, ev->desk);
	if (ev->cmd_id[0] != '\0')
		sqlite3_bind_text(st, 7, ev->cmd_id, -1, SQLITE_TRANSIENT);
	return store_step_done(s, st, "append event");
}

int
store_command_add(struct store *s, const struct command_rec *c)
{
	sqlite3_stmt *st = s->st_cmd_add;

	sqlite3_bind_text(st, 1, c->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, c->desk);
	sqlite3_bind_text(st, 3, proto_op_name(c->op), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, proto_result_name(c->result), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->reason, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, c->time_ms);
	return store_step_done(s, st, "record command");
}

static void
store_column_str(sqlite3_stmt *st, int col, char *buf, size_t len)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(buf, len, "%s", t != NULL ? (const char *)t : "");
}

int
store_command_find(struct store *s, const char *id, struct command_rec *c)
{
	sqlite3_stmt *st = s->st_cmd_find;
	char word[16];
	int rc, found = 0;

	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(c, 0, sizeof(*c));
		snprintf(c->id, sizeof(c->id), "%s", id);
		c->desk = sqlite3_column_int(st, 0);
		store_column_str(st, 1, word, sizeof(word));
		if (proto_op_parse(word, &c->op) == -1)
			c->op = OP_NEXT;
		store_column_str(st, 2, word, sizeof(word));
		c->result = strcmp(word, "ok") == 0 ? RESULT_OK :
		    RESULT_REFUSED;
		store_column_str(st, 3, c->reason, sizeof(c->reason));
		c->time_ms = sqlite3_column_int64(st, 4);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		store_fail(s, "find command");
		found = -1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return found;
}

int
store_replay(struct store *s, const char *day,
    int (*fn)(void *arg, const struct event *ev), void *arg)
{
	sqlite3_stmt *st = s->st_replay;
	struct event ev;
	char word[16];
	int rc, ret = 0;

	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&ev, 0, sizeof(ev));
		ev.time_ms = sqlite3_column_int64(st, 0);
		store_column_str(st, 1, ev.day, sizeof(ev.day));
		store_column_str(st, 2, word, sizeof(word));
		if (event_kind_parse(word, &ev.kind) == -1) {
			log_warnx("store: %s: unknown event kind \"%s\"",
			    s->path, word);
			continue;
		}
		store_column_str(st, 3, word, sizeof(word));
		ev.ticket.service = word[0];
		ev.ticket.number = sqlite3_column_int(st, 4);
		ev.desk = sqlite3_column_int(st, 5);
		store_column_str(st, 6, ev.cmd_id, sizeof(ev.cmd_id));
		if (fn(arg, &ev) == -1)
			ret = -1;
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "replay");
		ret = -1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ret;
}
