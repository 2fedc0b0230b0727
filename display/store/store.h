/*
 * store.h - the event log in SQLite. Only the store's own files use
 * SQLite, through store-int.h: the one file that includes <sqlite3.h>.
 */
#ifndef ANTRE_STORE_H
#define ANTRE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "proto.h"
#include "queue.h"

#define STORE_SCHEMA_VERSION	9
/* A version as text, for messages and their tests. */
#define STORE_STR_(x)		#x
#define STORE_STR(x)		STORE_STR_(x)
/* The first version whose takes keep their wait estimate. */
#define STORE_SCHEMA_ESTIMATE	6
/* The first version whose events say a ticket is a priority one. */
#define STORE_SCHEMA_PRIORITY	7
/* The first version whose events may carry a detail (a setting's). */
#define STORE_SCHEMA_DETAIL	8
/* The first version whose report cache keeps each desk's day. */
#define STORE_SCHEMA_CACHE_DESKS 9
#define STORE_SCHEMA_OLDEST_READ 2	/* store_open_readonly() */
#define STORE_HASH_LEN		32	/* SHA-256 */

/* A command as it was answered, kept for idempotency: desk commands and
 * kiosk takes, each box with its own ids. */
struct command_rec {
	char			box[24];	/* "desk 3", "kiosk 1" */
	char			id[PROTO_ID_MAX];
	char			op[16];		/* "next", ..., "take" */
	enum proto_result	result;
	char			reason[PROTO_REASON_MAX];
	struct ticket		ticket;		/* take: the ticket issued */
	int64_t			time_ms;
	/* A take's answer as first given; day "" in rows older than
	 * schema version 4. */
	int			waiting;	/* ahead of the ticket, -1:
						 * unknown (a roll) */
	char			day[11];	/* the service day (also an
						 * admin command's) */
	/* The wait estimate given with a take, minutes; -1 none (also in
	 * rows older than STORE_SCHEMA_ESTIMATE). */
	int			wait_lo;
	int			wait_hi;
	char			code[PROTO_CODE_MAX];	/* a refused take's
						 * kind ("quota", ...), from
						 * version 7 */
};

struct store;

/* Opens (creating and migrating if needed) the database at path, in WAL
 * mode with synchronous=FULL. max_mb > 0 caps the file's size: past it
 * writes fail as on a full disk. NULL on failure (logged). */
struct store	*store_open(const char *path, int max_mb);
/* Read-only, for reports and checks: no migration; an older or newer
 * schema is refused with a message. */
struct store	*store_open_readonly(const char *path);
void		 store_close(struct store *s);

/* One write transaction per loop iteration (group commit). */
int	store_begin(struct store *s);
int	store_commit(struct store *s);
void	store_rollback(struct store *s);
int	store_in_transaction(const struct store *s);

int	store_append(struct store *s, const struct event *ev);
/* The row number of the event last appended (0: none yet): it grows
 * with every event, across days and restarts. */
int64_t	store_last_seq(const struct store *s);
int	store_command_add(struct store *s, const struct command_rec *c);
/* 1 and *c filled if box answered a command with this id before, 0 if
 * not, -1 on error. */
int	store_command_find(struct store *s, const char *box, const char *id,
	    struct command_rec *c);

/* A take's wait estimate as it was given, for its accuracy. */
struct store_estimate {
	char	day[11];
	struct ticket ticket;
	int	wait_lo;	/* minutes */
	int	wait_hi;
};

/* Calls fn for every ticket of the service days from..to issued with a
 * wait estimate (none in a log older than STORE_SCHEMA_ESTIMATE). 0 or
 * -1. */
int	store_estimates(struct store *s, const char *from, const char *to,
	    int (*fn)(void *arg, const struct store_estimate *est),
	    void *arg);

/* The last command box answered: 1 and *c filled, 0 none, -1 error. */
int	store_command_last(struct store *s, const char *box,
	    struct command_rec *c);

/* Calls fn for every event of the day, in log order. 0 or -1. */
int	store_replay(struct store *s, const char *day,
	    int (*fn)(void *arg, const struct event *ev), void *arg);
/* Calls fn for every 'setting' event after row seq of the commands of
 * box (antre-web's), in log order; ev's detail is valid during the call.
 * 0 or -1. */
int	store_settings_after(struct store *s, const char *box, int64_t seq,
	    int (*fn)(void *arg, int64_t seq, const struct event *ev),
	    void *arg);
/* The last day with events and whether it was closed: 1 found, 0 empty
 * log, -1 error. */
int	store_last_day(struct store *s, char day[11], int *closed);

/*
 * Checks the hash chain of the whole log. 0: intact. 1: broken, *bad_seq
 * is the first row whose hash does not follow (an edited row, or the row
 * after a deleted or inserted one) and why says what. -1: error.
 */
int	store_verify(struct store *s, int64_t *bad_seq, char *why,
	    size_t whylen);

/*
 * The log's anchor: the hash of a row, above all the last row of a
 * closed day, kept outside the log (printed on the day's report, in a
 * file beside the log, published retained). A later truncation or a
 * recomputed chain no longer holds a row with that hash.
 */
struct store_head {
	int64_t		seq;		/* 0: the log is empty */
	int64_t		time_ms;
	char		day[11];
	int		closed;		/* the row is the day's day_closed */
	uint8_t		hash[STORE_HASH_LEN];
};

/* The short form people copy by hand: the first 8 bytes in four groups
 * of four hex digits, "1a2b-3c4d-5e6f-7a8b". */
#define STORE_HEAD_SHORT	20	/* with the NUL */
#define STORE_HEAD_MIN		8	/* bytes a written head must give */

void	store_head_short(const uint8_t hash[STORE_HASH_LEN],
	    char out[STORE_HEAD_SHORT]);
/* All 32 bytes as 64 hex digits (out: 65 bytes). */
void	store_head_hex(const uint8_t hash[STORE_HASH_LEN], char out[65]);
/* A head written by a person: hex digits of either case, with any '-',
 * ' ' or ':' between them, at least STORE_HEAD_MIN and at most
 * STORE_HASH_LEN bytes. The number of bytes in prefix, or -1. */
int	store_head_parse(const char *text, uint8_t prefix[STORE_HASH_LEN]);
/* The last row of the log (seq 0 if empty). 0 or -1. */
int	store_head(struct store *s, struct store_head *h);
/* The last row of the log on or before day (days are written in order):
 * 1 and *h filled, 0 no such row, -1. */
int	store_day_head(struct store *s, const char *day,
	    struct store_head *h);
/* Row seq: 1 and *h filled, 0 no such row, -1 error. */
int	store_head_at(struct store *s, int64_t seq, struct store_head *h);
/* The row whose hash starts with prefix (len bytes): 1 and *h filled,
 * 0 no row has it, -1 error. A scan of the whole log. */
int	store_head_find(struct store *s, const uint8_t *prefix, size_t len,
	    struct store_head *h);

/*
 * A read transaction: every read until store_read_end() sees one snapshot
 * of the log. In WAL mode it never blocks the central's writer. 0 or -1.
 */
int	store_read_begin(struct store *s);
void	store_read_end(struct store *s);
/* store_replay() for every day from..to ("YYYY-MM-DD"), in log order,
 * read as one span of the table. 0, or -1 (logged). */
int	store_replay_range(struct store *s, const char *from, const char *to,
	    int (*fn)(void *arg, const struct event *ev), void *arg);
/* The number of events in the log: 0 or -1. */
int	store_count(struct store *s, int64_t *n);
/* The first and the last service day in the log: 1 found, 0 empty log,
 * -1 error. */
int	store_day_span(struct store *s, char first[11], char last[11]);

/*
 * A consistent copy of the whole database at dest_path, made with
 * SQLite's online backup API while the central goes on writing: the copy
 * is the log as it was when the backup began. It is built beside
 * dest_path under a temporary name, flushed to disk and renamed, so
 * dest_path is complete or absent; the copy is one self-contained file
 * (no -wal). 0, or -1 with errno set (ENOSPC for a full disk) and
 * store_error() saying what failed.
 */
int	store_backup(struct store *s, const char *dest_path);

/*
 * The report cache (schema 3): per closed day, the day's tickets and
 * service times, and (schema 9) each desk's day, in cache.c's encoding.
 * Derived from the log; a day without a row is read from the events.
 * On a version 2 log the calls do nothing; before version 9 the desks'
 * blob is read empty and not written.
 */
struct store_cache_day {
	char		 day[11];
	int		 format;	/* of the blobs */
	int64_t		 events;	/* the day's events when written */
	const void	*tickets;
	size_t		 tickets_len;
	const void	*samples;
	size_t		 samples_len;
	const void	*desks;
	size_t		 desks_len;
};

/* Writes (or replaces) a day's row, in the caller's transaction. */
int	store_cache_put(struct store *s, const struct store_cache_day *d);
/* Calls fn for every cached day from..to, in day order; the blobs are
 * valid during the call. 0 or -1. */
int	store_cache_read(struct store *s, const char *from, const char *to,
	    int (*fn)(void *arg, const struct store_cache_day *d), void *arg);
/* The sizes of the blobs of the rows of format from..to, summed (what
 * store_cache_read() will give), so that a reader sizes its arrays
 * once: 0 or -1. */
int	store_cache_size(struct store *s, const char *from, const char *to,
	    int format, int64_t *tickets_len, int64_t *samples_len);
/* Once after the migration to version 3 or 5 (which drops the rows of
 * the old format), in the caller's transaction: fn for every closed day
 * without a row, then the mark cleared. The number of days, or -1. */
int	store_cache_backfill(struct store *s,
	    int (*fn)(void *arg, const char *day), void *arg);

/* The last error message, for the board's fault strip. */
const char *store_error(const struct store *s);

#endif
