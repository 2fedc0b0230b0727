/*
 * store-replay.c - the events read back: a day, a span of days, the
 * office's changes after a row, and the log's extent.
 */
#include "store-int.h"

#include <string.h>

#include "log.h"

void
store_column_str(sqlite3_stmt *st, int col, char *buf, size_t len)
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

#define RANGE_TAIL	"events WHERE seq BETWEEN ? AND ? AND day BETWEEN ? " \
			"AND ? ORDER BY seq"

/* One row of EVENT_COLUMNS (and the priority after them, from version
 * 7, and the detail, from version 8) into ev; -1 for an unknown kind. */
int
store_event_row(sqlite3_stmt *st, int64_t *seq, struct event *ev,
    const void **hash, int *hashlen)
{
	char word[16];

	memset(ev, 0, sizeof(*ev));
	*seq = sqlite3_column_int64(st, 0);
	ev->time_ms = sqlite3_column_int64(st, 1);
	store_column_str(st, 2, ev->day, sizeof(ev->day));
	store_column_str(st, 3, word, sizeof(word));
	if (event_kind_parse(word, &ev->kind) == -1)
		return -1;
	store_column_str(st, 4, word, sizeof(word));
	ev->ticket.service = word[0];
	ev->ticket.number = sqlite3_column_int(st, 5);
	ev->desk = sqlite3_column_int(st, 6);
	ev->kiosk = sqlite3_column_int(st, 7);
	store_column_str(st, 8, word, sizeof(word));
	ev->target = word[0];
	store_column_str(st, 9, ev->cmd_id, sizeof(ev->cmd_id));
	if (sqlite3_column_count(st) > 11)
		ev->ticket.priority = sqlite3_column_int(st, 11) != 0;
	/* Valid until the statement steps on: the callback's. */
	if (sqlite3_column_count(st) > 12)
		ev->detail = (const char *)sqlite3_column_text(st, 12);
	if (hash != NULL) {
		*hash = sqlite3_column_blob(st, 10);
		*hashlen = sqlite3_column_bytes(st, 10);
	}
	return 0;
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
		if (store_event_row(st, &seq, &ev, NULL, NULL) == -1) {
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

/*
 * The setting events box's commands wrote after row seq. Each is in the
 * commands table too, on its day (written in one transaction): the few
 * rows of box lead to their events through events_day, so a start reads
 * a handful of rows, not the years of events since the last change.
 */
#define SETTINGS_AFTER	"WHERE seq IN (SELECT e.seq FROM commands c " \
			"CROSS JOIN events e WHERE c.box = ?1 AND " \
			"e.day = c.day AND e.seq > ?2 AND " \
			"e.kind = 'setting' AND e.cmd_id = c.id) ORDER BY seq"

int
store_settings_after(struct store *s, const char *box, int64_t seq,
    int (*fn)(void *arg, int64_t seq, const struct event *ev), void *arg)
{
	sqlite3_stmt *st;
	struct event ev;
	int64_t row;
	int rc, ret = 0;

	if (s->version < STORE_SCHEMA_DETAIL)
		return 0;	/* no setting events before */
	if (sqlite3_prepare_v2(s->db, EVENT_SELECT(s, SETTINGS_AFTER), -1, &st,
	    NULL) != SQLITE_OK) {
		store_fail(s, "settings");
		return -1;
	}
	sqlite3_bind_text(st, 1, box, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, seq);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (store_event_row(st, &row, &ev, NULL, NULL) == -1 ||
		    fn(arg, row, &ev) == -1)
			ret = -1;
	if (rc != SQLITE_DONE) {
		store_fail(s, "settings");
		ret = -1;
	}
	sqlite3_finalize(st);
	return ret;
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
	if (sqlite3_prepare_v2(s->db, s->version >= STORE_SCHEMA_DETAIL ?
	    "SELECT " EVENT_COLUMNS_DETAIL_NOHASH " FROM " RANGE_TAIL :
	    s->version >= STORE_SCHEMA_PRIORITY ?
	    "SELECT " EVENT_COLUMNS_PRIO_NOHASH " FROM " RANGE_TAIL :
	    "SELECT " EVENT_COLUMNS_NOHASH " FROM " RANGE_TAIL,
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
		store_column_str(st, 0, day, 11);
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
		store_column_str(st, 0, first, 11);
		store_column_str(st, 1, last, 11);
		found = 1;
	} else if (rc != SQLITE_ROW) {
		store_fail(s, "day span");
		found = -1;
	}
	sqlite3_finalize(st);
	return found;
}
