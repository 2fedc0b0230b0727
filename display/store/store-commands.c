/*
 * store-commands.c - the commands the central answered, kept so that a
 * command sent again gets the same answer instead of acting twice.
 */
#include "store-int.h"

#include <stdio.h>
#include <string.h>

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
		store_bind_char(st, 6, c->ticket.service);
		sqlite3_bind_int(st, 7, c->ticket.number);
	}
	sqlite3_bind_int64(st, 8, c->time_ms);
	/* A take's day and an admin command's (store_settings_after()
	 * finds its event by it). */
	if (c->day[0] != '\0')
		sqlite3_bind_text(st, 10, c->day, -1, SQLITE_TRANSIENT);
	if (strcmp(c->op, "take") == 0 && c->day[0] != '\0') {
		sqlite3_bind_int(st, 9, c->waiting);
		if (c->wait_lo >= 0 && c->wait_hi >= c->wait_lo) {
			sqlite3_bind_int(st, 11, c->wait_lo);
			sqlite3_bind_int(st, 12, c->wait_hi);
		}
	}
	sqlite3_bind_int(st, 13, c->ticket.priority ? 1 : 0);
	if (c->code[0] != '\0')
		sqlite3_bind_text(st, 14, c->code, -1, SQLITE_TRANSIENT);
	return store_step_done(s, st, "record command");
}

/* Columns: COMMAND_COLUMNS. */
static void
command_row(sqlite3_stmt *st, const char *box, struct command_rec *c)
{
	char word[16];

	memset(c, 0, sizeof(*c));
	snprintf(c->box, sizeof(c->box), "%s", box);
	store_column_str(st, 0, c->op, sizeof(c->op));
	store_column_str(st, 1, word, sizeof(word));
	c->result = strcmp(word, "ok") == 0 ? RESULT_OK : RESULT_REFUSED;
	store_column_str(st, 2, c->reason, sizeof(c->reason));
	store_column_str(st, 3, word, sizeof(word));
	c->ticket.service = word[0];
	c->ticket.number = sqlite3_column_int(st, 4);
	c->time_ms = sqlite3_column_int64(st, 5);
	store_column_str(st, 6, c->id, sizeof(c->id));
	c->waiting = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(st, 7);
	store_column_str(st, 8, c->day, sizeof(c->day));
	c->wait_lo = c->wait_hi = -1;
	if (sqlite3_column_type(st, 9) != SQLITE_NULL &&
	    sqlite3_column_type(st, 10) != SQLITE_NULL) {
		c->wait_lo = sqlite3_column_int(st, 9);
		c->wait_hi = sqlite3_column_int(st, 10);
	}
	c->ticket.priority = sqlite3_column_int(st, 11) != 0;
	store_column_str(st, 12, c->code, sizeof(c->code));
}

int
store_command_last(struct store *s, const char *box, struct command_rec *c)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT " COMMAND_COLUMNS " FROM "
	    "commands WHERE box = ? ORDER BY time_ms DESC LIMIT 1", -1, &st,
	    NULL) != SQLITE_OK) {
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

int
store_estimates(struct store *s, const char *from, const char *to,
    int (*fn)(void *arg, const struct store_estimate *est), void *arg)
{
	struct store_estimate est;
	sqlite3_stmt *st;
	char word[16];
	int rc, ret = 0;

	if (s->version < STORE_SCHEMA_ESTIMATE)
		return 0;
	if (sqlite3_prepare_v2(s->db, "SELECT day, service, number, wait_lo, "
	    "wait_hi FROM commands WHERE op = 'take' AND result = 'ok' AND "
	    "wait_lo IS NOT NULL AND wait_hi IS NOT NULL AND day >= ? AND "
	    "day <= ?", -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "estimates");
		return -1;
	}
	sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&est, 0, sizeof(est));
		store_column_str(st, 0, est.day, sizeof(est.day));
		store_column_str(st, 1, word, sizeof(word));
		est.ticket.service = word[0];
		est.ticket.number = sqlite3_column_int(st, 2);
		est.wait_lo = sqlite3_column_int(st, 3);
		est.wait_hi = sqlite3_column_int(st, 4);
		if (fn(arg, &est) == -1)
			ret = -1;
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, "estimates");
		ret = -1;
	}
	sqlite3_finalize(st);
	return ret;
}
