/*
 * store.c - the append-only event log in SQLite.
 *
 * Power cuts are common in the halls, so the database runs in WAL mode
 * with synchronous=FULL: a COMMIT that returned is on the disk, and
 * acknowledgements are only sent after it. The schema version lives in
 * PRAGMA user_version and is migrated forward at open.
 *
 * Every event row carries a SHA-256 over the previous row's hash and its
 * own fields, so an exported log shows any row edited, deleted or slipped
 * in: store_verify() walks the chain.
 */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <sqlite3.h>

#include "atomicfile.h"
#include "log.h"

struct store {
	sqlite3		*db;
	char		*path;
	int		 in_tx;
	sqlite3_stmt	*st_append;
	sqlite3_stmt	*st_cmd_add;
	sqlite3_stmt	*st_cmd_find;
	sqlite3_stmt	*st_replay;
	int		 version;	/* schema */
	EVP_MD_CTX	*md;		/* the chain's hashes */
	EVP_MD		*sha256;
	int64_t		 last_seq;	/* chain head */
	uint8_t		 last_hash[STORE_HASH_LEN];
	int64_t		 tx_seq;	/* head when the transaction began */
	uint8_t		 tx_hash[STORE_HASH_LEN];
	char		 err[160];
};

#define EVENT_COLUMNS	"seq, time_ms, day, kind, service, number, desk, " \
			"kiosk, target, cmd_id, hash"
/* The same without the hash, for readers that do not check the chain. */
#define EVENT_COLUMNS_NOHASH "seq, time_ms, day, kind, service, number, " \
			"desk, kiosk, target, cmd_id, NULL"

static int	migrate_v2_hashes(struct store *s);

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
store_prepare(struct store *s, const char *sql, sqlite3_stmt **st)
{
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL) != SQLITE_OK) {
		store_fail(s, "prepare");
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

/*
 * The chain: hash(n) = SHA-256(hash(n-1) || text(n)), hash(0) = 32 zero
 * bytes, text(n) the row's fields in a fixed textual form.
 */
static char *
put_int(char *p, int64_t v)
{
	char digits[24];
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	int n = 0;

	if (v < 0)
		*p++ = '-';
	do {
		digits[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	while (n > 0)
		*p++ = digits[--n];
	*p++ = '|';
	return p;
}

static char *
put_str(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/* The row's text for the chain; its length, or -1 if it does not fit
 * (it always does: every field is bounded). */
static int
chain_text(char *text, size_t size, int64_t seq, const struct event *ev)
{
	const char *kind = event_kind_name(ev->kind);
	char *p = text;

	if (strlen(ev->day) + strlen(kind) + strlen(ev->cmd_id) + 5 * 21 +
	    8 > size)
		return -1;
	p = put_int(p, seq);
	p = put_int(p, ev->time_ms);
	p = put_str(p, ev->day);
	*p++ = '|';
	p = put_str(p, kind);
	*p++ = '|';
	*p++ = ev->ticket.service ? ev->ticket.service : '-';
	*p++ = '|';
	p = put_int(p, ev->ticket.number);
	p = put_int(p, ev->desk);
	p = put_int(p, ev->kiosk);
	*p++ = ev->target ? ev->target : '-';
	*p++ = '|';
	p = put_str(p, ev->cmd_id);
	return (int)(p - text);
}

static int
event_hash(struct store *s, const uint8_t prev[STORE_HASH_LEN], int64_t seq,
    const struct event *ev, uint8_t out[STORE_HASH_LEN])
{
	char text[256];
	unsigned int len = 0;
	int n;

	/* "%lld|%lld|%s|%s|%c|%d|%d|%d|%c|%s", without printf: verify
	 * formats three million rows. */
	n = chain_text(text, sizeof(text), seq, ev);
	if (n < 0)
		return -1;
	/* One context and one fetched digest per store: a context and an
	 * implicit fetch per row were most of verify's time. */
	if (s->md == NULL && ((s->sha256 = EVP_MD_fetch(NULL, "SHA256",
	    NULL)) == NULL || (s->md = EVP_MD_CTX_new()) == NULL))
		return -1;
	return EVP_DigestInit_ex(s->md, s->sha256, NULL) &&
	    EVP_DigestUpdate(s->md, prev, STORE_HASH_LEN) &&
	    EVP_DigestUpdate(s->md, text, (size_t)n) &&
	    EVP_DigestFinal_ex(s->md, out, &len) && len == STORE_HASH_LEN ?
	    0 : -1;
}

static void
column_str(sqlite3_stmt *st, int col, char *buf, size_t len)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	size_t n = t != NULL ? (size_t)sqlite3_column_bytes(st, col) : 0;

	/* Called for every column of every row a report reads: a copy,
	 * not a printf. */
	if (len == 0)
		return;
	if (n > len - 1)
		n = len - 1;
	if (n > 0)
		memcpy(buf, t, n);
	buf[n] = '\0';
}

/* One row of EVENT_COLUMNS into ev; -1 for an unknown kind. */
static int
event_row(sqlite3_stmt *st, int64_t *seq, struct event *ev,
    const void **hash, int *hashlen)
{
	char word[16];

	memset(ev, 0, sizeof(*ev));
	*seq = sqlite3_column_int64(st, 0);
	ev->time_ms = sqlite3_column_int64(st, 1);
	column_str(st, 2, ev->day, sizeof(ev->day));
	column_str(st, 3, word, sizeof(word));
	if (event_kind_parse(word, &ev->kind) == -1)
		return -1;
	column_str(st, 4, word, sizeof(word));
	ev->ticket.service = word[0];
	ev->ticket.number = sqlite3_column_int(st, 5);
	ev->desk = sqlite3_column_int(st, 6);
	ev->kiosk = sqlite3_column_int(st, 7);
	column_str(st, 8, word, sizeof(word));
	ev->target = word[0];
	column_str(st, 9, ev->cmd_id, sizeof(ev->cmd_id));
	if (hash != NULL) {
		*hash = sqlite3_column_blob(st, 10);
		*hashlen = sqlite3_column_bytes(st, 10);
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
		if (event_row(sel, &seq, &ev, NULL, NULL) == -1 ||
		    event_hash(s, h, seq, &ev, h) == -1) {
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
		    (v + 1 == 2 && migrate_v2_hashes(s) == -1) ||
		    store_exec(s, sql, "migrate") == -1) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		if (store_exec(s, "COMMIT", "migrate") == -1)
			return -1;
		log_info("store: %s: schema migrated to version %d", s->path,
		    v + 1);
	}
	s->version = n;
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
	    store_prepare(s, "INSERT INTO events (" EVENT_COLUMNS ") VALUES "
	    "(?,?,?,?,?,?,?,?,?,?,?)", &s->st_append) == -1 ||
	    store_prepare(s, "INSERT INTO commands (box, id, op, result, "
	    "reason, service, number, time_ms) VALUES (?,?,?,?,?,?,?,?)",
	    &s->st_cmd_add) == -1 ||
	    store_prepare(s, "SELECT op, result, reason, service, number, "
	    "time_ms, id FROM commands WHERE box = ? AND id = ?",
	    &s->st_cmd_find) == -1 ||
	    store_prepare(s, "SELECT " EVENT_COLUMNS " FROM events WHERE "
	    "day = ? ORDER BY seq", &s->st_replay) == -1)
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
	if (store_prepare(s, "SELECT " EVENT_COLUMNS " FROM events WHERE "
	    "day = ? ORDER BY seq", &s->st_replay) == -1)
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
	EVP_MD_CTX_free(s->md);
	EVP_MD_free(s->sha256);
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

static void
bind_char(sqlite3_stmt *st, int col, char c)
{
	char buf[2] = { c, '\0' };

	if (c != 0)
		sqlite3_bind_text(st, col, buf, 1, SQLITE_TRANSIENT);
}

int
store_append(struct store *s, const struct event *ev)
{
	sqlite3_stmt *st = s->st_append;
	uint8_t h[STORE_HASH_LEN];
	int64_t seq = s->last_seq + 1;

	if (event_hash(s, s->last_hash, seq, ev, h) == -1) {
		snprintf(s->err, sizeof(s->err), "cannot hash event");
		return -1;
	}
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, ev->time_ms);
	sqlite3_bind_text(st, 3, ev->day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, event_kind_name(ev->kind), -1,
	    SQLITE_STATIC);
	if (ev->ticket.service != 0) {
		bind_char(st, 5, ev->ticket.service);
		sqlite3_bind_int(st, 6, ev->ticket.number);
	}
	if (ev->desk > 0)
		sqlite3_bind_int(st, 7, ev->desk);
	if (ev->kiosk > 0)
		sqlite3_bind_int(st, 8, ev->kiosk);
	bind_char(st, 9, ev->target);
	if (ev->cmd_id[0] != '\0')
		sqlite3_bind_text(st, 10, ev->cmd_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 11, h, STORE_HASH_LEN, SQLITE_TRANSIENT);
	if (store_step_done(s, st, "append event") == -1)
		return -1;
	s->last_seq = seq;
	memcpy(s->last_hash, h, STORE_HASH_LEN);
	return 0;
}

int
store_command_add(struct store *s, const struct command_rec *c)
{
	sqlite3_stmt *st = s->st_cmd_add;

	sqlite3_bind_text(st, 1, c->box, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, c->id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, c->op, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, proto_result_name(c->result), -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 5, c->reason, -1, SQLITE_TRANSIENT);
	if (c->ticket.service != 0) {
		bind_char(st, 6, c->ticket.service);
		sqlite3_bind_int(st, 7, c->ticket.number);
	}
	sqlite3_bind_int64(st, 8, c->time_ms);
	return store_step_done(s, st, "record command");
}

/* Columns: op, result, reason, service, number, time_ms, id. */
static void
command_row(sqlite3_stmt *st, const char *box, struct command_rec *c)
{
	char word[16];

	memset(c, 0, sizeof(*c));
	snprintf(c->box, sizeof(c->box), "%s", box);
	column_str(st, 0, c->op, sizeof(c->op));
	column_str(st, 1, word, sizeof(word));
	c->result = strcmp(word, "ok") == 0 ? RESULT_OK : RESULT_REFUSED;
	column_str(st, 2, c->reason, sizeof(c->reason));
	column_str(st, 3, word, sizeof(word));
	c->ticket.service = word[0];
	c->ticket.number = sqlite3_column_int(st, 4);
	c->time_ms = sqlite3_column_int64(st, 5);
	column_str(st, 6, c->id, sizeof(c->id));
}

int
store_command_last(struct store *s, const char *box, struct command_rec *c)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT op, result, reason, service, "
	    "number, time_ms, id FROM commands WHERE box = ? ORDER BY "
	    "time_ms DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "last command");
		return -1;
	}
	sqlite3_bind_text(st, 1, box, -1, SQLITE_TRANSIENT);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		command_row(st, box, c);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		store_fail(s, "last command");
		found = -1;
	}
	sqlite3_finalize(st);
	return found;
}

int
store_command_find(struct store *s, const char *box, const char *id,
    struct command_rec *c)
{
	sqlite3_stmt *st = s->st_cmd_find;
	int rc, found = 0;

	sqlite3_bind_text(st, 1, box, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		command_row(st, box, c);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		store_fail(s, "find command");
		found = -1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return found;
}

/* Steps st to its end, each row an event for fn; resets st. 0, or -1. */
static int
store_rows(struct store *s, sqlite3_stmt *st, const char *what,
    int (*fn)(void *arg, const struct event *ev), void *arg)
{
	struct event ev;
	int64_t seq;
	int rc, ret = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (event_row(st, &seq, &ev, NULL, NULL) == -1) {
			log_warnx("store: %s: row %lld: unknown event kind",
			    s->path, (long long)seq);
			continue;
		}
		if (fn(arg, &ev) == -1)
			ret = -1;
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, what);
		ret = -1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ret;
}

int
store_replay(struct store *s, const char *day,
    int (*fn)(void *arg, const struct event *ev), void *arg)
{
	sqlite3_bind_text(s->st_replay, 1, day, -1, SQLITE_TRANSIENT);
	return store_rows(s, s->st_replay, "replay", fn, arg);
}

/* The first seq on or after day, or (last) the last on or before it;
 * 0 if there is none, -1 on error. */
static int64_t
store_day_edge(struct store *s, const char *day, int last)
{
	sqlite3_stmt *st;
	int64_t seq = 0;

	if (sqlite3_prepare_v2(s->db, last ?
	    "SELECT seq FROM events WHERE day <= ? "
	    "ORDER BY day DESC, seq DESC LIMIT 1" :
	    "SELECT seq FROM events WHERE day >= ? "
	    "ORDER BY day, seq LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "day range");
		return -1;
	}
	sqlite3_bind_text(st, 1, day, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return seq;
}

int
store_replay_range(struct store *s, const char *from, const char *to,
    int (*fn)(void *arg, const struct event *ev), void *arg)
{
	sqlite3_stmt *st;
	int64_t lo, hi;
	int ret;

	/*
	 * Days are written one after the other, so a span of days is a
	 * span of seq: two lookups in events_day, then a plain read of the
	 * table in rowid order (no index lookup per row). The day test
	 * keeps the answer right even for a log that is not in day order.
	 */
	if ((lo = store_day_edge(s, from, 0)) == -1 ||
	    (hi = store_day_edge(s, to, 1)) == -1)
		return -1;
	if (lo == 0 || hi == 0 || lo > hi)
		return 0;
	if (sqlite3_prepare_v2(s->db, "SELECT " EVENT_COLUMNS_NOHASH " FROM "
	    "events WHERE seq BETWEEN ? AND ? AND day BETWEEN ? AND ? "
	    "ORDER BY seq",
	    -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "replay range");
		return -1;
	}
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, to, -1, SQLITE_TRANSIENT);
	ret = store_rows(s, st, "replay range", fn, arg);
	sqlite3_finalize(st);
	return ret;
}

int
store_last_day(struct store *s, char day[11], int *closed)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT day, EXISTS (SELECT 1 FROM "
	    "events e2 WHERE e2.day = e.day AND e2.kind = 'day_closed') "
	    "FROM events e ORDER BY seq DESC LIMIT 1", -1, &st, NULL) !=
	    SQLITE_OK) {
		store_fail(s, "last day");
		return -1;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		column_str(st, 0, day, 11);
		*closed = sqlite3_column_int(st, 1);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		store_fail(s, "last day");
		found = -1;
	}
	sqlite3_finalize(st);
	return found;
}

int
store_verify(struct store *s, int64_t *bad_seq, char *why, size_t whylen)
{
	sqlite3_stmt *st;
	uint8_t h[STORE_HASH_LEN] = { 0 };
	struct event ev;
	const void *stored;
	int64_t seq, prev_seq = 0;
	int rc, len, ret = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT " EVENT_COLUMNS " FROM events "
	    "ORDER BY seq", -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "verify");
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (event_row(st, &seq, &ev, &stored, &len) == -1) {
			snprintf(why, whylen, "unknown event kind");
			goto broken;
		}
		if (seq != prev_seq + 1) {
			snprintf(why, whylen, "row %lld follows row %lld: rows "
			    "missing", (long long)seq, (long long)prev_seq);
			goto broken;
		}
		if (event_hash(s, h, seq, &ev, h) == -1) {
			snprintf(why, whylen, "cannot hash");
			goto broken;
		}
		if (len != STORE_HASH_LEN || memcmp(h, stored, len) != 0) {
			snprintf(why, whylen, "hash does not match: the row "
			    "was changed, or a row before it");
			goto broken;
		}
		prev_seq = seq;
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "verify");
		ret = -1;
	}
	sqlite3_finalize(st);
	return ret;
broken:
	*bad_seq = seq;
	sqlite3_finalize(st);
	return 1;
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
store_count(struct store *s, int64_t *n)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM events", -1, &st,
	    NULL) != SQLITE_OK) {
		store_fail(s, "count");
		return -1;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		store_fail(s, "count");
		return -1;
	}
	return 0;
}

int
store_day_span(struct store *s, char first[11], char last[11])
{
	sqlite3_stmt *st;
	int rc, found = 0;

	/* Two subqueries: each is one lookup at an end of events_day. */
	if (sqlite3_prepare_v2(s->db, "SELECT (SELECT MIN(day) FROM events), "
	    "(SELECT MAX(day) FROM events)", -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "day span");
		return -1;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		column_str(st, 0, first, 11);
		column_str(st, 1, last, 11);
		found = 1;
	} else if (rc != SQLITE_ROW) {
		store_fail(s, "day span");
		found = -1;
	}
	sqlite3_finalize(st);
	return found;
}

/*
 * 1024 pages (4 MiB) per step, then a pause: the SD card is shared with
 * the central's commits, which must not wait behind a long copy.
 */
#define BACKUP_STEP_PAGES	1024
#define BACKUP_PAUSE_MS		20
#define BACKUP_BUSY_TRIES	100

/* Why a backup failed, from the connection the error ended up on. */
static void
backup_fail(struct store *s, sqlite3 *db, int rc, const char *what)
{
	int e = db != NULL ? sqlite3_system_errno(db) : 0;

	snprintf(s->err, sizeof(s->err), "%s: %s", what, db != NULL ?
	    sqlite3_errmsg(db) : sqlite3_errstr(rc));
	log_warnx("store: %s: %s", s->path, s->err);
	if ((rc & 0xff) == SQLITE_FULL)
		errno = ENOSPC;
	else if (e != 0)
		errno = e;
	else
		errno = EIO;
}

/* The copy and SQLite's files beside it: it is in WAL mode for a moment
 * after the copy, until it is made a plain file. */
static void
backup_unlink(const char *tmp)
{
	static const char *const ext[] = { "", "-journal", "-wal", "-shm" };
	char p[PATH_MAX + 16];
	size_t i;

	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", tmp, ext[i]);
		unlink(p);
	}
}

int
store_backup(struct store *s, const char *dest_path)
{
	char tmp[PATH_MAX], mode[16] = "";
	sqlite3 *dest = NULL;
	sqlite3_backup *b;
	sqlite3_stmt *st;
	int rc, own_read, busy = 0, saved;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", dest_path) >=
	    (int)sizeof(tmp)) {
		snprintf(s->err, sizeof(s->err), "backup: path too long");
		errno = ENAMETOOLONG;
		return -1;
	}
	/* A temporary file left by an earlier, interrupted backup. */
	backup_unlink(tmp);
	if ((rc = sqlite3_open_v2(tmp, &dest, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL)) != SQLITE_OK) {
		backup_fail(s, dest, rc, "backup: create");
		goto err;
	}

	/*
	 * Left to itself, each step reads its own snapshot, and a commit of
	 * the central between two steps starts the copy over: with a busy
	 * hall it might never end. One read transaction held over all the
	 * steps pins the snapshot; in WAL mode it does not block the
	 * central's writes (the WAL only grows until the copy is done).
	 */
	own_read = sqlite3_get_autocommit(s->db);
	if (own_read && (store_exec(s, "BEGIN DEFERRED", "backup") == -1 ||
	    store_exec(s, "SELECT 1 FROM sqlite_master LIMIT 1", "backup") ==
	    -1)) {
		errno = EIO;
		goto err_read;
	}
	if ((b = sqlite3_backup_init(dest, "main", s->db, "main")) == NULL) {
		backup_fail(s, dest, sqlite3_errcode(dest), "backup");
		goto err_read;
	}
	while ((rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES)) == SQLITE_OK ||
	    ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
	    ++busy < BACKUP_BUSY_TRIES))
		sqlite3_sleep(BACKUP_PAUSE_MS);
	sqlite3_backup_finish(b);
	if (own_read)
		store_read_end(s);
	if (rc != SQLITE_DONE) {
		backup_fail(s, dest, rc, "backup");
		goto err;
	}

	/* The copy keeps the source's WAL flag: make it one plain file, as
	 * a copy on a USB stick must be. */
	if ((rc = sqlite3_prepare_v2(dest, "PRAGMA journal_mode=DELETE", -1,
	    &st, NULL)) != SQLITE_OK) {
		backup_fail(s, dest, rc, "backup: journal mode");
		goto err;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		column_str(st, 0, mode, sizeof(mode));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW || strcmp(mode, "delete") != 0) {
		backup_fail(s, dest, rc == SQLITE_ROW ? SQLITE_ERROR : rc,
		    "backup: journal mode");
		goto err;
	}
	if ((rc = sqlite3_close(dest)) != SQLITE_OK) {
		backup_fail(s, dest, rc, "backup: close");
		goto err;
	}
	dest = NULL;

	if (atomic_rename(tmp, dest_path) == -1) {
		saved = errno;
		backup_unlink(tmp);
		goto err_file;
	}
	return 0;

err_file:
	snprintf(s->err, sizeof(s->err), "backup: %s: %s", dest_path,
	    strerror(saved));
	log_warnx("store: %s: %s", s->path, s->err);
	errno = saved;
	return -1;

err_read:
	if (own_read)
		store_read_end(s);
err:
	saved = errno;
	sqlite3_close(dest);
	backup_unlink(tmp);
	errno = saved;
	return -1;
}

int
store_cache_put(struct store *s, const struct store_cache_day *d)
{
	sqlite3_stmt *st;
	int rc;

	if (s->version < 3)
		return 0;
	if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO report_days "
	    "(day, format, events, tickets, samples) VALUES (?,?,?,?,?)", -1,
	    &st, NULL) != SQLITE_OK) {
		store_fail(s, "report cache");
		return -1;
	}
	sqlite3_bind_text(st, 1, d->day, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, d->format);
	sqlite3_bind_int64(st, 3, d->events);
	/* A zero-length blob, not NULL, for a day without tickets. */
	sqlite3_bind_blob(st, 4, d->tickets != NULL ? d->tickets : "",
	    (int)d->tickets_len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, d->samples != NULL ? d->samples : "",
	    (int)d->samples_len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, "report cache");
		return -1;
	}
	return 0;
}

int
store_cache_read(struct store *s, const char *from, const char *to,
    int (*fn)(void *arg, const struct store_cache_day *d), void *arg)
{
	struct store_cache_day d;
	sqlite3_stmt *st;
	int rc, ret = 0;

	if (s->version < 3)
		return 0;
	if (sqlite3_prepare_v2(s->db, "SELECT day, format, events, tickets, "
	    "samples FROM report_days WHERE day BETWEEN ? AND ? ORDER BY day",
	    -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "report cache");
		return -1;
	}
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&d, 0, sizeof(d));
		column_str(st, 0, d.day, sizeof(d.day));
		d.format = sqlite3_column_int(st, 1);
		d.events = sqlite3_column_int64(st, 2);
		d.tickets = sqlite3_column_blob(st, 3);
		d.tickets_len = (size_t)sqlite3_column_bytes(st, 3);
		d.samples = sqlite3_column_blob(st, 4);
		d.samples_len = (size_t)sqlite3_column_bytes(st, 4);
		if (fn(arg, &d) == -1)
			ret = -1;
	}
	if (ret == 0 && rc != SQLITE_DONE) {
		store_fail(s, "report cache");
		ret = -1;
	}
	sqlite3_finalize(st);
	return ret;
}

int
store_cache_backfill(struct store *s,
    int (*fn)(void *arg, const char *day), void *arg)
{
	sqlite3_stmt *st = NULL;
	char (*days)[11] = NULL, (*n)[11];
	int rc, i, count = 0, cap = 0, pending = 0, ret = -1;

	if (s->version < 3)
		return 0;
	if (sqlite3_prepare_v2(s->db, "SELECT pending FROM report_backfill",
	    -1, &st, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW)
		pending = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (!pending)
		return 0;
	/* Once, after a migration: one pass over the log. The days are
	 * listed first, so fn may read the log while nothing else runs. */
	if (sqlite3_prepare_v2(s->db, "SELECT day FROM events WHERE kind = "
	    "'day_closed' AND day NOT IN (SELECT day FROM report_days) "
	    "GROUP BY day ORDER BY day", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap ? cap * 2 : 64;
			if ((n = reallocarray(days, cap, sizeof(*days))) ==
			    NULL) {
				log_warn("store");
				goto out;
			}
			days = n;
		}
		column_str(st, 0, days[count++], sizeof(days[0]));
	}
	if (rc != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	for (i = 0; i < count; i++)
		if (fn(arg, days[i]) == -1)
			goto out;
	if (store_exec(s, "UPDATE report_backfill SET pending = 0",
	    "report cache") == -1)
		goto out;
	ret = count;
	goto out;
fail:
	store_fail(s, "report cache");
out:
	sqlite3_finalize(st);
	free(days);
	return ret;
}
