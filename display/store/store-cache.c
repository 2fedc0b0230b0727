/*
 * store-cache.c - the report cache's rows (table report_days), derived
 * from the log and kept beside it.
 */
#include "store-int.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"

int
store_cache_put(struct store *s, const struct store_cache_day *d)
{
	sqlite3_stmt *st;
	int rc;

	if (s->version < 3)
		return 0;
	if (sqlite3_prepare_v2(s->db, s->version >= STORE_SCHEMA_CACHE_DESKS ?
	    "INSERT OR REPLACE INTO report_days (day, format, events, tickets, "
	    "samples, desks) VALUES (?,?,?,?,?,?)" :
	    "INSERT OR REPLACE INTO report_days (day, format, events, tickets, "
	    "samples) VALUES (?,?,?,?,?)", -1, &st, NULL) != SQLITE_OK) {
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
	if (s->version >= STORE_SCHEMA_CACHE_DESKS)
		sqlite3_bind_blob(st, 6, d->desks != NULL ? d->desks : "",
		    (int)d->desks_len, SQLITE_STATIC);
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
	/* Before version 8 a row has no desks: an empty blob. */
	if (sqlite3_prepare_v2(s->db, s->version >= STORE_SCHEMA_CACHE_DESKS ?
	    "SELECT day, format, events, tickets, samples, desks FROM "
	    "report_days WHERE day BETWEEN ? AND ? ORDER BY day" :
	    "SELECT day, format, events, tickets, samples, x'' FROM "
	    "report_days WHERE day BETWEEN ? AND ? ORDER BY day",
	    -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "report cache");
		return -1;
	}
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&d, 0, sizeof(d));
		store_column_str(st, 0, d.day, sizeof(d.day));
		d.format = sqlite3_column_int(st, 1);
		d.events = sqlite3_column_int64(st, 2);
		d.tickets = sqlite3_column_blob(st, 3);
		d.tickets_len = (size_t)sqlite3_column_bytes(st, 3);
		d.samples = sqlite3_column_blob(st, 4);
		d.samples_len = (size_t)sqlite3_column_bytes(st, 4);
		d.desks = sqlite3_column_blob(st, 5);
		d.desks_len = (size_t)sqlite3_column_bytes(st, 5);
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
store_cache_size(struct store *s, const char *from, const char *to,
    int format, int64_t *tickets_len, int64_t *samples_len)
{
	sqlite3_stmt *st;
	int rc;

	*tickets_len = *samples_len = 0;
	if (s->version < 3)
		return 0;
	/* length() of a blob reads its size, not its pages. */
	if (sqlite3_prepare_v2(s->db, "SELECT total(length(tickets)), "
	    "total(length(samples)) FROM report_days WHERE day BETWEEN ? AND "
	    "? AND format = ?", -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "report cache");
		return -1;
	}
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, format);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*tickets_len = sqlite3_column_int64(st, 0);
		*samples_len = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		store_fail(s, "report cache");
		return -1;
	}
	return 0;
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
		store_column_str(st, 0, days[count++], sizeof(days[0]));
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
