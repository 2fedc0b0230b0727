/*
 * sqlfile.h - for store and report tests: SQL run straight on a database
 * file, as an admin's sqlite3 shell would (to edit, delete or insert
 * rows, or set the schema version). Include after <cmocka.h>.
 */
#ifndef ANTRE_SQLFILE_H
#define ANTRE_SQLFILE_H

#include <sqlite3.h>

static void __attribute__((unused))
sql_file(const char *path, const char *stmt)
{
	sqlite3 *db;
	char *err = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, stmt, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", stmt, err);
	sqlite3_close(db);
}

#endif
