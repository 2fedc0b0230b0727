/*
 * test_atomicfile.c - files that appear whole or not at all: what a
 * reader sees before and after the commit, what an abort or a failure
 * leaves behind, and that a name planted in the directory is never
 * written through.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "atomicfile.h"

static char dir[64];

static int
setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/antre-atomic-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
path_of(char *buf, const char *name)
{
	snprintf(buf, PATH_MAX, "%s/%s", dir, name);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The file's text, or "" when it does not exist. */
static const char *
read_file(const char *path)
{
	static char buf[256];
	FILE *f;
	size_t n;

	buf[0] = '\0';
	if ((f = fopen(path, "r")) == NULL)
		return buf;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The names in the directory, sorted, separated by spaces. */
static const char *
listing(void)
{
	static char buf[1024];
	struct dirent **names;
	int i, n;

	buf[0] = '\0';
	n = scandir(dir, &names, NULL, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") != 0 &&
		    strcmp(names[i]->d_name, "..") != 0) {
			if (buf[0] != '\0')
				strcat(buf, " ");
			strcat(buf, names[i]->d_name);
		}
		free(names[i]);
	}
	free(names);
	return buf;
}

static void
test_commit_replaces_whole(void **state)
{
	struct atomic_file af;
	char path[PATH_MAX];
	struct stat sb;

	path_of(path, "report.csv");
	write_file(path, "old\n");
	assert_int_equal(atomic_open(&af, path, 0640), 0);
	assert_non_null(af.f);
	fputs("new\n", af.f);
	/* Until the commit a reader sees the old file whole. */
	assert_string_equal(read_file(path), "old\n");
	assert_int_equal(atomic_sync(&af), 0);
	assert_null(af.f);
	assert_string_equal(read_file(path), "old\n");
	assert_string_equal(read_file(af.tmp), "new\n");
	assert_int_equal(atomic_commit(&af), 0);
	assert_string_equal(read_file(path), "new\n");
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	assert_string_equal(listing(), "report.csv");
}

static void
test_abort_leaves_nothing(void **state)
{
	struct atomic_file af;
	char path[PATH_MAX];

	path_of(path, "a.pdf");
	assert_int_equal(atomic_open(&af, path, 0644), 0);
	fputs("half a document", af.f);
	assert_string_equal(listing(), strrchr(af.tmp, '/') + 1);
	atomic_abort(&af);
	assert_string_equal(listing(), "");
	/* Twice, or after a commit, changes nothing. */
	atomic_abort(&af);
	path_of(path, "b.pdf");
	assert_int_equal(atomic_open(&af, path, 0644), 0);
	assert_int_equal(atomic_commit(&af), 0);
	atomic_abort(&af);
	assert_string_equal(listing(), "b.pdf");
}

/* Files in the directory with the old temporary names (a stick prepared
 * with symlinks there) are never opened: the target stays as it was. */
static void
test_planted_names_untouched(void **state)
{
	struct atomic_file af;
	char path[PATH_MAX], target[PATH_MAX], link1[PATH_MAX];

	path_of(path, "tickets.csv");
	path_of(target, "target");
	path_of(link1, "tickets.csv.tmp");
	write_file(target, "precious\n");
	assert_int_equal(symlink(target, link1), 0);
	assert_int_equal(atomic_open(&af, path, 0644), 0);
	assert_string_not_equal(af.tmp, link1);
	assert_int_equal(strncmp(af.tmp, dir, strlen(dir)), 0);
	fputs("1;A;12\n", af.f);
	assert_int_equal(atomic_commit(&af), 0);
	assert_string_equal(read_file(target), "precious\n");
	assert_string_equal(read_file(path), "1;A;12\n");
}

static void
test_missing_dir_fails(void **state)
{
	struct atomic_file af;
	char path[PATH_MAX];

	path_of(path, "no/such/dir/x.csv");
	errno = 0;
	assert_int_equal(atomic_open(&af, path, 0644), -1);
	assert_int_equal(errno, ENOENT);
	assert_null(af.f);
	atomic_abort(&af);	/* nothing to take away, nothing taken */
	assert_string_equal(listing(), "");
}

/* A rename onto a directory fails: the temporary file goes, the
 * directory stays. */
static void
test_commit_failure_cleans_up(void **state)
{
	struct atomic_file af;
	char path[PATH_MAX];

	path_of(path, "taken");
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(atomic_open(&af, path, 0644), 0);
	fputs("x", af.f);
	errno = 0;
	assert_int_equal(atomic_commit(&af), -1);
	assert_int_not_equal(errno, 0);
	assert_string_equal(listing(), "taken");
}

/* A file written by name (as SQLite writes its copy). */
static void
test_rename_by_name(void **state)
{
	char tmp[PATH_MAX], path[PATH_MAX];

	path_of(tmp, "log.db.tmp");
	path_of(path, "log.db");
	write_file(tmp, "sqlite");
	assert_int_equal(atomic_rename(tmp, path), 0);
	assert_string_equal(read_file(path), "sqlite");
	assert_string_equal(listing(), "log.db");
	path_of(tmp, "gone.tmp");
	assert_int_equal(atomic_rename(tmp, path), -1);
	assert_int_equal(errno, ENOENT);
	assert_string_equal(read_file(path), "sqlite");
}

static void
test_path_dir(void **state)
{
	char d[64];

	path_dir("x.pdf", d, sizeof(d));
	assert_string_equal(d, ".");
	path_dir("/x.pdf", d, sizeof(d));
	assert_string_equal(d, "/");
	path_dir("/media/usb/x.pdf", d, sizeof(d));
	assert_string_equal(d, "/media/usb");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_replaces_whole,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_leaves_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_planted_names_untouched,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_dir_fails,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_failure_cleans_up,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_rename_by_name,
		    setup, teardown),
		cmocka_unit_test(test_path_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
