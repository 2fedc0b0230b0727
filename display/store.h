/*
 * store.h - the event log in SQLite. store.c is the only file that
 * includes <sqlite3.h>.
 */
#ifndef ANTRE_STORE_H
#define ANTRE_STORE_H

#include <stdint.h>

#include "proto.h"
#include "queue.h"

#define STORE_SCHEMA_VERSION	1

/* A command as it was answered, kept for idempotency. */
struct command_rec {
	char			id[PROTO_ID_MAX];
	int			desk;
	enum proto_op		op;
	enum proto_result	result;
	char			reason[PROTO_REASON_MAX];
	int64_t			time_ms;
};

struct store;

/* Opens (creating and migrating if needed) the database at path, in WAL
 * mode with synchronous=FULL. NULL on failure (logged). */
struct store	*store_open(const char *path);
void		 store_close(struct store *s);

/* One write transaction per loop iteration (group commit). */
int	store_begin(struct store *s);
int	store_commit(struct store *s);
void	store_rollback(struct store *s);
int	store_in_transaction(const struct store *s);

int	store_append(struct store *s, const struct event *ev);
int	store_command_add(struct store *s, const struct command_rec *c);
/* 1 and *c filled if a command with this id was answered before, 0 if
 * not, -1 on error. */
int	store_command_find(struct store *s, const char *id,
	    struct command_rec *c);

/* Calls fn for every event of the day, in log order. 0 or -1. */
int	store_replay(struct store *s, const char *day,
	    int (*fn)(void *arg, const struct event *ev), void *arg);

/* The last error message, for the board's fault strip. */
const char *store_error(const struct store *s);

#endif
