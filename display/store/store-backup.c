/*
 * store-backup.c - store_backup(): a consistent copy of the live log with
 * SQLite's online backup API.
 */
#include "store-int.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "log.h"

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
		store_column_str(st, 0, mode, sizeof(mode));
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
