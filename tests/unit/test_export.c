/*
 * test_export.c - antre-report export: the snapshot (SQLite's online
 * backup) taken while another connection keeps appending to the log, as
 * the central does; the snapshot verifies and holds a prefix of the log;
 * the CSV files are read from the snapshot and parse back to its ticket
 * count; errors (no directory, a full disk) leave nothing behind.
 *
 * The full disk is a small tmpfs mounted in a private mount namespace
 * (unshare -rm), grown page by page until the export fits: at every size
 * below that the export fails at some step and must say so and remove
 * what it wrote. Skipped where unshare cannot mount.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "csvread.h"
#include "logcap.h"
#include "report-export.h"
#include "report.h"
#include "shellrun.h"
#include "store.h"

#define DAY1		1772409600LL	/* 2026-03-02 00:00 UTC */
#define NOW		((time_t)(DAY1 + 40 * 86400 + 10 * 3600 + 15 * 60))
#define EXPORT_NAME	"antre-test-20260411-101500"
#define SNAP_NAME	EXPORT_NAME ".db"

static char dbpath[64];
static char dir[64];

static void
rm_dir_files(const char *d)
{
	char p[PATH_MAX];
	struct dirent *de;
	DIR *dp;

	if ((dp = opendir(d)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		snprintf(p, sizeof(p), "%s/%s", d, de->d_name);
		if (unlink(p) == -1 && errno == EISDIR) {
			rm_dir_files(p);
			rmdir(p);
		}
	}
	closedir(dp);
}

/* The names in d, sorted, space-separated. */
static void
list_dir(const char *d, char *buf, size_t len)
{
	struct dirent **names;
	int i, n;

	buf[0] = '\0';
	n = scandir(d, &names, NULL, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") != 0 &&
		    strcmp(names[i]->d_name, "..") != 0)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
			    buf[0] != '\0' ? " " : "", names[i]->d_name);
		free(names[i]);
	}
	free(names);
}

static void
rm_db(const char *path)
{
	char p[PATH_MAX];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static struct event
ev_make(int day, int64_t at_s, enum event_kind kind, char service,
    int number, int desk)
{
	struct event ev;
	time_t t = (time_t)(DAY1 + day * 86400LL);
	struct tm tm;

	memset(&ev, 0, sizeof(ev));
	gmtime_r(&t, &tm);
	strftime(ev.day, sizeof(ev.day), "%Y-%m-%d", &tm);
	ev.time_ms = (DAY1 + day * 86400LL + at_s) * 1000;
	ev.kind = kind;
	ev.ticket.service = service;
	ev.ticket.number = number;
	ev.desk = desk;
	ev.kiosk = kind == EV_ISSUED ? 1 : 0;
	if (desk != 0)
		snprintf(ev.cmd_id, sizeof(ev.cmd_id), "d%d-%d", desk, number);
	return ev;
}

/* days service days of per tickets a service (A and B), each issued,
 * called and served: 6 * per events a day. */
static void
make_log(int days, int per)
{
	struct store *s;
	struct event ev;
	int d, n, k;
	char svc;

	rm_db(dbpath);
	logcap_start();
	s = store_open(dbpath, 0);
	assert_non_null(s);
	assert_int_equal(store_begin(s), 0);
	for (d = 0; d < days; d++)
		for (n = 1; n <= per; n++)
			for (k = 0; k < 2; k++) {
				svc = "AB"[k];
				ev = ev_make(d, 8 * 3600 + n * 20, EV_ISSUED,
				    svc, n, 0);
				assert_int_equal(store_append(s, &ev), 0);
				ev = ev_make(d, 8 * 3600 + n * 20 + 300,
				    EV_CALLED, svc, n, 1 + n % 4);
				assert_int_equal(store_append(s, &ev), 0);
				ev = ev_make(d, 8 * 3600 + n * 20 + 900,
				    EV_SERVED, svc, n, 1 + n % 4);
				assert_int_equal(store_append(s, &ev), 0);
			}
	assert_int_equal(store_commit(s), 0);
	store_close(s);
	logcap_stop();
}

static int
setup(void **state)
{
	int fd;

	(void)state;
	snprintf(dbpath, sizeof(dbpath), "/tmp/antre-export-XXXXXX");
	if ((fd = mkstemp(dbpath)) == -1)
		return -1;
	close(fd);
	snprintf(dir, sizeof(dir), "/tmp/antre-export-dir-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	rm_db(dbpath);
	rm_dir_files(dir);
	rmdir(dir);
	return 0;
}

static int
clean_dir(void **state)
{
	(void)state;
	rm_dir_files(dir);
	return 0;
}

static char *
slurp(const char *path)
{
	char *buf;
	long len;
	FILE *f;

	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

static int64_t
sql_int(const char *path, const char *query)
{
	sqlite3_stmt *st;
	sqlite3 *db;
	int64_t v;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, query, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* The hash of row seq, as hex, for comparing logs. */
static void
row_hash(const char *path, int64_t seq, char *hex)
{
	char q[96];
	const unsigned char *h;
	sqlite3_stmt *st;
	sqlite3 *db;
	int i;

	snprintf(q, sizeof(q), "SELECT hash FROM events WHERE seq = %lld",
	    (long long)seq);
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(st, 0), STORE_HASH_LEN);
	h = sqlite3_column_blob(st, 0);
	for (i = 0; i < STORE_HASH_LEN; i++)
		sprintf(hex + 2 * i, "%02x", h[i]);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* Checks the export in dir against its snapshot: the chain, the CSV
 * files' tickets and totals. Returns the snapshot's event count. */
static int64_t
check_export(const struct report_export *x, char sep)
{
	char fields[20][64], why[128] = "", *csv;
	const char *p;
	struct store *snap;
	int64_t bad = 0, n, tickets;
	int rows = 0, nf;

	snap = store_open_readonly(x->db);
	assert_non_null(snap);
	if (store_verify(snap, &bad, why, sizeof(why)) != 0)
		fail_msg("snapshot broken at %lld: %s", (long long)bad, why);
	assert_int_equal(store_count(snap, &n), 0);
	store_close(snap);
	assert_int_equal(n, x->events);
	/* One plain file: not in WAL mode, nothing beside it. */
	assert_int_equal(sql_int(x->db, "SELECT count(*) FROM "
	    "pragma_journal_mode WHERE journal_mode = 'delete'"), 1);

	tickets = sql_int(x->db, "SELECT count(*) FROM (SELECT DISTINCT day, "
	    "service, number FROM events WHERE service IS NOT NULL)");
	assert_int_equal(x->ntickets, tickets);

	csv = slurp(x->tickets);
	p = csv;
	assert_int_equal(csv_read(&p, sep, fields, 20), 15);
	assert_string_equal(fields[1], "ticket");
	while ((nf = csv_read(&p, sep, fields, 20)) != 0) {
		assert_int_equal(nf, 15);
		rows++;
	}
	assert_int_equal(rows, tickets);
	free(csv);

	csv = slurp(x->summary);
	p = csv;
	assert_int_equal(csv_read(&p, sep, fields, 20), 18);
	assert_string_equal(fields[2], "issued");
	while ((nf = csv_read(&p, sep, fields, 20)) != 0) {
		assert_int_equal(nf, 18);
		if (strcmp(fields[0], "total") == 0)
			break;
	}
	assert_int_equal(nf, 18);
	/* Every ticket of the generated logs is issued at a kiosk. */
	assert_int_equal(atoi(fields[2]), tickets);
	free(csv);
	return n;
}

/* dir/name in a static buffer (one at a time). */
static const char *
path_in(const char *d, const char *name)
{
	static char p[PATH_MAX];

	if ((size_t)snprintf(p, sizeof(p), "%s/%s", d, name) >= sizeof(p))
		fail_msg("%s/%s: path too long", d, name);
	return p;
}

static void
test_export_small(void **state)
{
	struct report_export x;
	char why[512], names[512], path[PATH_MAX], *before, *after;
	struct store *s;

	(void)state;
	make_log(3, 10);
	s = store_open_readonly(dbpath);
	assert_non_null(s);
	assert_int_equal(report_export(&x, s, dir, "test", NULL, ';', NOW,
	    NULL, why, sizeof(why)), 0);
	/* One folder of its own, named like the snapshot. */
	list_dir(dir, names, sizeof(names));
	assert_string_equal(names, EXPORT_NAME);
	snprintf(path, sizeof(path), "%s/" EXPORT_NAME, dir);
	list_dir(path, names, sizeof(names));
	assert_string_equal(names, SNAP_NAME " summary.csv tickets.csv");
	assert_string_equal(x.db, path_in(path, SNAP_NAME));
	assert_string_equal(x.from, "2026-03-02");
	assert_string_equal(x.to, "2026-03-04");
	assert_int_equal(x.events, 3 * 10 * 6);
	assert_int_equal(check_export(&x, ';'), 180);
	/* The summary spans all the snapshot's days. */
	assert_int_equal(x.ntickets, 60);

	/* Never replaces an earlier export, leaves nothing of its own. */
	before = slurp(x.tickets);
	assert_int_equal(report_export(&x, s, dir, "test", NULL, ',', NOW,
	    NULL, why, sizeof(why)), -1);
	assert_non_null(strstr(why, EXPORT_NAME ": already exists"));
	list_dir(dir, names, sizeof(names));
	assert_string_equal(names, EXPORT_NAME);
	after = slurp(path_in(path, "tickets.csv"));
	assert_string_equal(after, before);
	free(before);
	free(after);

	/* A second later: an export of its own beside the first. */
	assert_int_equal(report_export(&x, s, dir, "test", NULL, ',', NOW + 1,
	    NULL, why, sizeof(why)), 0);
	list_dir(dir, names, sizeof(names));
	assert_string_equal(names, EXPORT_NAME " antre-test-20260411-101501");
	store_close(s);
}

static void
test_export_empty_log(void **state)
{
	struct report_export x;
	char why[512];
	struct store *s;

	(void)state;
	make_log(0, 0);
	s = store_open_readonly(dbpath);
	assert_non_null(s);
	assert_int_equal(report_export(&x, s, dir, NULL, NULL, ',', NOW, NULL,
	    why, sizeof(why)), 0);
	store_close(s);
	assert_non_null(strstr(x.db, "/antre-log-20260411-101500.db"));
	assert_string_equal(x.from, "");
	assert_int_equal(x.events, 0);
	assert_int_equal(x.ntickets, 0);
	assert_int_equal(check_export(&x, ','), 0);
}

static void
test_export_no_dir(void **state)
{
	struct report_export x;
	char why[512], path[PATH_MAX];
	struct store *s;
	FILE *f;

	(void)state;
	make_log(1, 2);
	s = store_open_readonly(dbpath);
	assert_non_null(s);
	snprintf(path, sizeof(path), "%s/missing", dir);
	assert_int_equal(report_export(&x, s, path, NULL, NULL, ',', NOW,
	    NULL, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "missing: No such file or directory"));
	snprintf(path, sizeof(path), "%s/file", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(report_export(&x, s, path, NULL, NULL, ',', NOW,
	    NULL, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "file: not a directory"));
	store_close(s);
}

/*
 * A stick prepared by someone else: symlinks at every name an export
 * uses or used (the folder, the snapshot, the temporary and journal
 * names SQLite and older versions made, the CSV files), each to a file
 * of its own outside. Root must write through none of them and replace
 * none of them.
 */
static const char *const planted[] = {
	EXPORT_NAME ".db", EXPORT_NAME ".db.tmp",
	EXPORT_NAME ".db.tmp-journal", EXPORT_NAME ".db-journal",
	EXPORT_NAME ".db-wal", "tickets.csv", "summary.csv",
	"tickets.csv.tmp", "summary.csv.tmp",
};
#define NPLANTED	(sizeof(planted) / sizeof(planted[0]))

static void
plant(const char *outside)
{
	char target[PATH_MAX], text[32];
	size_t i;
	FILE *f;

	for (i = 0; i < NPLANTED; i++) {
		snprintf(target, sizeof(target), "%s/target%zu", outside, i);
		assert_non_null(f = fopen(target, "w"));
		snprintf(text, sizeof(text), "precious %zu\n", i);
		fputs(text, f);
		fclose(f);
		assert_int_equal(symlink(target, path_in(dir, planted[i])), 0);
	}
}

/* Every target as planted, every link still a link to it. */
static void
check_planted(const char *outside)
{
	char target[PATH_MAX], text[32], link[PATH_MAX], *got;
	struct stat sb;
	ssize_t n;
	size_t i;

	for (i = 0; i < NPLANTED; i++) {
		snprintf(target, sizeof(target), "%s/target%zu", outside, i);
		snprintf(text, sizeof(text), "precious %zu\n", i);
		got = slurp(target);
		if (strcmp(got, text) != 0)
			fail_msg("%s written through: %.40s", planted[i], got);
		free(got);
		if (lstat(path_in(dir, planted[i]), &sb) == -1 ||
		    !S_ISLNK(sb.st_mode))
			fail_msg("%s replaced", planted[i]);
		n = readlink(path_in(dir, planted[i]), link, sizeof(link) - 1);
		assert_true(n > 0);
		link[n] = '\0';
		assert_string_equal(link, target);
	}
}

static void
test_export_symlinks(void **state)
{
	struct report_export x;
	char why[512], outside[64], odir[PATH_MAX], names[1024], want[1024];
	struct store *s;
	size_t i;

	(void)state;
	make_log(2, 5);
	snprintf(outside, sizeof(outside), "/tmp/antre-outside-XXXXXX");
	assert_non_null(mkdtemp(outside));
	plant(outside);
	/* The folder's name too, to a directory outside. */
	snprintf(odir, sizeof(odir), "%s/dir", outside);
	assert_int_equal(mkdir(odir, 0755), 0);
	assert_int_equal(symlink(odir, path_in(dir, EXPORT_NAME)), 0);

	s = store_open_readonly(dbpath);
	assert_non_null(s);
	assert_int_equal(report_export(&x, s, dir, "test", NULL, ',', NOW,
	    NULL, why, sizeof(why)), -1);
	assert_non_null(strstr(why, EXPORT_NAME ": already exists"));
	check_planted(outside);
	list_dir(odir, names, sizeof(names));
	assert_string_equal(names, "");
	/* Nothing of its own left: only what was planted. */
	list_dir(dir, names, sizeof(names));
	assert_true(strstr(names, ".antre") == NULL);

	/* Without the folder's link: the export goes into a folder of its
	 * own and leaves every planted name alone. */
	assert_int_equal(unlink(path_in(dir, EXPORT_NAME)), 0);
	if (report_export(&x, s, dir, "test", NULL, ',', NOW, NULL, why,
	    sizeof(why)) == -1)
		fail_msg("export: %s", why);
	store_close(s);
	check_planted(outside);
	assert_int_equal(check_export(&x, ','), 60);
	list_dir(dir, names, sizeof(names));
	want[0] = '\0';
	/* alphasort() order of the names, the folder among them. */
	assert_non_null(strstr(names, EXPORT_NAME " "));
	for (i = 0; i < NPLANTED; i++)
		assert_non_null(strstr(names, planted[i]));
	snprintf(want, sizeof(want), "%s/" EXPORT_NAME, dir);
	list_dir(want, names, sizeof(names));
	assert_string_equal(names, SNAP_NAME " summary.csv tickets.csv");

	rm_dir_files(outside);
	rmdir(outside);
}

/* The central's part: appends one event per transaction until told to
 * stop, on its own connection. */
struct writer {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	int		 stop;		/* under lock */
	int		 commits;	/* under lock */
	int		 failed;	/* under lock, then after join */
};

static int
writer_commits(struct writer *w, int *stop)
{
	int n;

	pthread_mutex_lock(&w->lock);
	n = w->failed ? -1 : w->commits;
	if (stop != NULL)
		*stop = w->stop;
	pthread_mutex_unlock(&w->lock);
	return n;
}

static void *
writer_run(void *arg)
{
	struct writer *w = arg;
	struct store *s;
	struct event ev;
	int n = 0, stop = 0;

	if ((s = store_open(dbpath, 0)) == NULL) {
		pthread_mutex_lock(&w->lock);
		w->failed = 1;
		pthread_mutex_unlock(&w->lock);
		return NULL;
	}
	while (writer_commits(w, &stop), !stop) {
		n++;
		ev = ev_make(40, 8 * 3600 + n, EV_ISSUED, 'C',
		    1 + n % TICKET_NUMBER_MAX, 0);
		if (store_begin(s) == -1 || store_append(s, &ev) == -1 ||
		    store_commit(s) == -1) {
			pthread_mutex_lock(&w->lock);
			w->failed = 1;
			pthread_mutex_unlock(&w->lock);
			break;
		}
		pthread_mutex_lock(&w->lock);
		w->commits++;
		pthread_mutex_unlock(&w->lock);
	}
	store_close(s);
	return NULL;
}

/*
 * About 12 MiB of log: three backup steps or more, each followed by a
 * pause, while the writer commits event after event. Without the read
 * transaction store_backup() holds, each commit would start the copy
 * over and it would not end while the writer runs.
 */
static void
test_export_while_writing(void **state)
{
	struct report_export x;
	struct writer w;
	struct stat sb;
	char why[512], snap_hash[2 * STORE_HASH_LEN + 1];
	char live_hash[2 * STORE_HASH_LEN + 1];
	struct store *s;
	int64_t before_n, n, live_n;
	int before, after, rc;

	(void)state;
	make_log(30, 500);
	before_n = 30 * 500 * 6;
	memset(&w, 0, sizeof(w));
	pthread_mutex_init(&w.lock, NULL);
	assert_int_equal(pthread_create(&w.thread, NULL, writer_run, &w), 0);
	while ((n = writer_commits(&w, NULL)) >= 0 && n < 20)
		usleep(1000);

	s = store_open_readonly(dbpath);
	assert_non_null(s);
	before = writer_commits(&w, NULL);
	rc = report_export(&x, s, dir, "test", NULL, ',', NOW, NULL, why,
	    sizeof(why));
	after = writer_commits(&w, NULL);
	/* The writer goes on a while after the snapshot is read back. */
	usleep(50000);
	pthread_mutex_lock(&w.lock);
	w.stop = 1;
	pthread_mutex_unlock(&w.lock);
	pthread_join(w.thread, NULL);
	pthread_mutex_destroy(&w.lock);
	store_close(s);
	if (rc == -1)
		fail_msg("export: %s", why);
	assert_false(w.failed);

	assert_int_equal(stat(x.db, &sb), 0);
	assert_true(sb.st_size > 2 * 1024 * 4096);
	/* The central was never held up: it went on committing while the
	 * export ran. */
	assert_true(after - before >= 10);

	/* The snapshot: the log as it was when the backup began, a prefix
	 * of the live log (the chain makes the last hash enough). */
	n = check_export(&x, ',');
	assert_true(n >= before_n + before);
	assert_true(n <= before_n + after + 1);
	live_n = sql_int(dbpath, "SELECT count(*) FROM events");
	assert_true(live_n > n);
	row_hash(x.db, n, snap_hash);
	row_hash(dbpath, n, live_hash);
	assert_string_equal(snap_hash, live_hash);
	assert_string_equal(x.from, "2026-03-02");
	assert_string_equal(x.to, n > before_n ? "2026-04-11" : "2026-03-31");
}

/* The real program: shell_run(), shellrun.h. */

static void
test_cli(void **state)
{
	char *out, names[512], p[PATH_MAX];

	(void)state;
	make_log(2, 5);
	assert_int_equal(shell_run(&out, "%s -D %s export", ANTRE_REPORT_BIN,
	    dbpath), 2);
	assert_non_null(strstr(out, "export takes one directory"));
	free(out);
	assert_int_equal(shell_run(&out, "%s -D %s export %s/none",
	    ANTRE_REPORT_BIN, dbpath, dir), 1);
	assert_non_null(strstr(out, "antre-report: export: "));
	assert_non_null(strstr(out, "none: No such file or directory"));
	free(out);
	assert_int_equal(shell_run(&out, "%s -D %s export --sep ';' %s",
	    ANTRE_REPORT_BIN, dbpath, dir), 0);
	assert_non_null(strstr(out, ".db: 60 events, 2026-03-02 .. "
	    "2026-03-03\n"));
	assert_non_null(strstr(out, "/tickets.csv: 20 tickets\n"));
	assert_non_null(strstr(out, "/summary.csv: 3 rows\n"));
	free(out);
	/* The one folder in dir, named after the snapshot. */
	list_dir(dir, names, sizeof(names));
	assert_int_equal(strncmp(names, "antre-log-", 10), 0);
	assert_null(strchr(names, ' '));
	snprintf(p, sizeof(p), "%s/%s/summary.csv", dir, names);
	out = slurp(p);
	assert_non_null(strstr(out, "\r\ntotal;;20;20;20;0;0;0;0;"));
	free(out);
}

static void
pdf_refused(const char *name)
{
	char *out;
	int rc;

	rc = shell_run(&out, "%s -D %s pdf %s/%s --from 2026-03-02 "
	    "--to 2026-03-03", ANTRE_REPORT_BIN, dbpath, dir, name);
	if (rc != 1 || strstr(out, "already exists") == NULL ||
	    strstr(out, name) == NULL)
		fail_msg("pdf %s: exit %d:\n%s", name, rc, out);
	free(out);
}

/*
 * antre-report pdf never replaces a file: not an existing one, not
 * through a symlink (to a file or to nowhere); a new name works and
 * nothing else is left beside it.
 */
static void
test_pdf_existing(void **state)
{
	char outside[64], target[PATH_MAX], none[PATH_MAX], names[512];
	char *out, *got;
	struct stat sb;
	FILE *f;

	(void)state;
	make_log(2, 5);
	snprintf(outside, sizeof(outside), "/tmp/antre-outside-XXXXXX");
	assert_non_null(mkdtemp(outside));
	snprintf(target, sizeof(target), "%s/precious", outside);
	assert_non_null(f = fopen(target, "w"));
	fputs("precious\n", f);
	fclose(f);
	assert_non_null(f = fopen(path_in(dir, "old.pdf"), "w"));
	fputs("old report\n", f);
	fclose(f);
	assert_int_equal(symlink(target, path_in(dir, "link.pdf")), 0);
	snprintf(none, sizeof(none), "%s/none", outside);
	assert_int_equal(symlink(none, path_in(dir, "dangling.pdf")), 0);

	pdf_refused("old.pdf");
	got = slurp(path_in(dir, "old.pdf"));
	assert_string_equal(got, "old report\n");
	free(got);
	pdf_refused("link.pdf");
	pdf_refused("dangling.pdf");
	got = slurp(target);
	assert_string_equal(got, "precious\n");
	free(got);
	assert_int_equal(lstat(path_in(dir, "link.pdf"), &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	assert_int_equal(lstat(path_in(dir, "dangling.pdf"), &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	list_dir(outside, names, sizeof(names));
	assert_string_equal(names, "precious");

	assert_int_equal(shell_run(&out, "%s -D %s pdf %s/new.pdf --from "
	    "2026-03-02 --to 2026-03-03", ANTRE_REPORT_BIN, dbpath, dir), 0);
	free(out);
	got = slurp(path_in(dir, "new.pdf"));
	assert_int_equal(strncmp(got, "%PDF", 4), 0);
	free(got);
	list_dir(dir, names, sizeof(names));
	assert_string_equal(names, "dangling.pdf link.pdf new.pdf old.pdf");
	rm_dir_files(outside);
	rmdir(outside);
}

/*
 * A tmpfs of size k KiB on dir, in a mount namespace of its own, and
 * the export into it; out gets its output, then "rc=N" and the files
 * left in dir. -1 if the namespace cannot be made here.
 */
static int
export_on_tmpfs(int kib, char **out)
{
	return shell_run(out, "unshare -rm sh -c 'mount -t tmpfs -o size=%dk "
	    "none %s || exit 99; %s -D %s export %s; echo \"rc=$?\"; "
	    "cd %s && find . -mindepth 1 | sort | tr \"\\n\" \" \"'", kib,
	    dir, ANTRE_REPORT_BIN, dbpath, dir, dir) == 99 ? -1 : 0;
}

static int
count_char(const char *s, char c)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == c;
	return n;
}

static void
test_full_disk(void **state)
{
	char *out = NULL, *ls;
	int kib, snap_fails = 0, csv_fails = 0;

	(void)state;
	make_log(5, 100);
	if (export_on_tmpfs(4, &out) == -1) {
		free(out);
		skip();
	}
	free(out);
	for (kib = 8; kib < 4096; kib += 8) {
		assert_int_equal(export_on_tmpfs(kib, &out), 0);
		assert_non_null(ls = strstr(out, "rc="));
		if (strncmp(ls, "rc=0\n", 5) == 0) {
			/* The folder and its three files, nothing else. */
			if (strstr(ls, "/summary.csv ") == NULL ||
			    strstr(ls, "/tickets.csv ") == NULL ||
			    strstr(ls, ".db ") == NULL || strstr(ls, ".tmp") !=
			    NULL || strstr(ls, "-journal") != NULL ||
			    strstr(ls, "/.") != NULL ||
			    count_char(ls, ' ') != 4)
				fail_msg("%d KiB: %s", kib, out);
			free(out);
			break;
		}
		/* A clear error, and nothing left behind. */
		if (strncmp(ls, "rc=1\n", 5) != 0 ||
		    strstr(out, "No space left on device") == NULL ||
		    strcmp(ls + 5, "") != 0)
			fail_msg("%d KiB: %s", kib, out);
		if (strstr(out, "cannot write the snapshot") != NULL)
			snap_fails++;
		else if (strstr(out, ".csv: No space left") != NULL)
			csv_fails++;
		else
			fail_msg("%d KiB: %s", kib, out);
		free(out);
	}
	assert_true(kib < 4096);
	/* It failed both while copying the log and writing the CSV. */
	assert_true(snap_fails >= 5);
	assert_true(csv_fails >= 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_export_small, clean_dir),
		cmocka_unit_test_setup(test_export_empty_log, clean_dir),
		cmocka_unit_test_setup(test_export_no_dir, clean_dir),
		cmocka_unit_test_setup(test_export_while_writing, clean_dir),
		cmocka_unit_test_setup(test_cli, clean_dir),
		cmocka_unit_test_setup(test_export_symlinks, clean_dir),
		cmocka_unit_test_setup(test_pdf_existing, clean_dir),
		cmocka_unit_test_setup(test_full_disk, clean_dir),
	};

	setenv("TZ", "UTC", 1);
	tzset();
	return cmocka_run_group_tests(tests, setup, teardown);
}
