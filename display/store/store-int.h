/*
 * store-int.h - what the store's files share: struct store and the
 * helpers they call across files. The store is the one part of a program
 * that owns SQLite, and this header its one include of <sqlite3.h>.
 */
#ifndef ANTRE_STORE_INT_H
#define ANTRE_STORE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "store.h"

/* OpenSSL's types by their tags: <openssl/evp.h> is store-chain.c's alone. */
struct evp_md_ctx_st;
struct evp_md_st;

struct store {
	sqlite3		*db;
	char		*path;
	int		 in_tx;
	sqlite3_stmt	*st_append;
	sqlite3_stmt	*st_cmd_add;
	sqlite3_stmt	*st_cmd_find;
	sqlite3_stmt	*st_replay;
	int		 version;	/* schema */
	struct evp_md_ctx_st	*md;	/* the chain's hashes */
	struct evp_md_st	*sha256;
	int64_t		 last_seq;	/* chain head */
	uint8_t		 last_hash[STORE_HASH_LEN];
	int64_t		 tx_seq;	/* head when the transaction began */
	uint8_t		 tx_hash[STORE_HASH_LEN];
	char		 err[160];
};

#define EVENT_COLUMNS	"seq, time_ms, day, kind, service, number, desk, " \
			"kiosk, target, cmd_id, hash"
/* The commands' columns as store-commands.c reads them. */
#define COMMAND_COLUMNS	"op, result, reason, service, number, time_ms, " \
			"id, waiting, day, wait_lo, wait_hi, priority, code"
/* The same without the hash, for readers that do not check the chain. */
#define EVENT_COLUMNS_NOHASH "seq, time_ms, day, kind, service, number, " \
			"desk, kiosk, target, cmd_id, NULL"
/* Version 7 adds the ticket's priority flag as column 11; a reader of an
 * older log (read-only) selects without it and reads false. */
#define EVENT_COLUMNS_PRIO		EVENT_COLUMNS ", priority"
#define EVENT_COLUMNS_PRIO_NOHASH	EVENT_COLUMNS_NOHASH ", priority"
/* Version 8 adds an event's detail (a setting's JSON) as column 12. */
#define EVENT_COLUMNS_DETAIL		EVENT_COLUMNS_PRIO ", detail"
#define EVENT_COLUMNS_DETAIL_NOHASH	EVENT_COLUMNS_PRIO_NOHASH ", detail"
#define EVENT_SELECT(s, tail)	((s)->version >= STORE_SCHEMA_DETAIL ? \
	"SELECT " EVENT_COLUMNS_DETAIL " FROM events " tail : \
	(s)->version >= STORE_SCHEMA_PRIORITY ? \
	"SELECT " EVENT_COLUMNS_PRIO " FROM events " tail : \
	"SELECT " EVENT_COLUMNS " FROM events " tail)

/* store.c */
void	store_fail(struct store *s, const char *what);
int	store_exec(struct store *s, const char *sql, const char *what);
int	store_step_done(struct store *s, sqlite3_stmt *st, const char *what);
void	store_bind_char(sqlite3_stmt *st, int col, char c);

/* store-schema.c */
int	store_user_version(struct store *s, int *v);
int	store_migrate(struct store *s);

/* store-chain.c */
int	store_event_hash(struct store *s, const uint8_t prev[STORE_HASH_LEN],
	    int64_t seq, const struct event *ev, uint8_t out[STORE_HASH_LEN]);
void	store_chain_free(struct store *s);

/* store-replay.c */
void	store_column_str(sqlite3_stmt *st, int col, char *buf, size_t len);
int	store_event_row(sqlite3_stmt *st, int64_t *seq, struct event *ev,
	    const void **hash, int *hashlen);

#endif
