/*
 * store-tool - the central's event log as the tests see it.
 *
 *   store-tool verify DB
 *
 * Opens DB read-only (store_open_readonly) and walks the hash chain
 * (store_verify). Prints "ok N rows" and exits 0 when the chain is
 * intact, "broken at row N: why" and exits 1 when it is not, and exits 2
 * when the log cannot be read or on a usage error.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"

static int
usage(void)
{
	fputs("usage: store-tool verify DB\n", stderr);
	return 2;
}

/* The number of event rows, read on a connection of our own: store.h
 * has no count, and the tool must not depend on what it checks. */
static int
count_rows(const char *path, long long *n)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int ok = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM events", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		ok = 1;
	}
	if (!ok)
		fprintf(stderr, "store-tool: %s: count: %s\n", path,
		    db != NULL ? sqlite3_errmsg(db) : "out of memory");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ok ? 0 : -1;
}

int
main(int argc, char *argv[])
{
	struct store *s;
	char why[256] = "";
	int64_t bad = 0;
	long long rows = 0;
	int rc;

	log_init("store-tool", 0);
	if (argc != 3 || strcmp(argv[1], "verify") != 0)
		return usage();
	if ((s = store_open_readonly(argv[2])) == NULL) {
		fprintf(stderr, "store-tool: %s: cannot open the event log\n",
		    argv[2]);
		return 2;
	}
	rc = store_verify(s, &bad, why, sizeof(why));
	store_close(s);
	if (rc == 1) {
		printf("broken at row %lld: %s\n", (long long)bad, why);
		return 1;
	}
	if (rc != 0 || count_rows(argv[2], &rows) == -1) {
		fprintf(stderr, "store-tool: %s: cannot read the event log\n",
		    argv[2]);
		return 2;
	}
	printf("ok %lld rows\n", rows);
	return 0;
}
