/*
 * report-export.c - antre-report export: the event log copied with
 * SQLite's online backup API (store_backup()), then the CSV files made
 * from that copy, so the numbers on the stick are those of the database
 * beside them, whatever the central wrote meanwhile.
 *
 * A stick may be pulled, fill up, or come prepared by someone else with
 * symlinks at the names an export uses. So every export gets a folder of
 * its own, written first as a fresh hidden folder (mkdtemp: nothing can
 * be planted in it, and SQLite's temporary and journal files are made
 * there too), and renamed to its final name only when all three files
 * are whole on the disk, never over anything that exists (not even a
 * symlink or an empty folder). A failed export removes its folder, so a
 * half export never looks like a whole one. The PDF is put in place the
 * same way: report_commit_new().
 */
#include "report-export.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "report.h"
#include "store.h"

/* rename() that fails with EEXIST if to exists in any form. Where the
 * filesystem cannot say (EINVAL), a file is linked and unlinked, which
 * refuses an existing name too; a folder is renamed, which can only
 * replace an empty folder. */
static int
rename_new(const char *from, const char *to, int folder)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	if (folder)
		return rename(from, to);
	if (link(from, to) == -1)
		return -1;
	unlink(from);
	return 0;
}

int
report_commit_new(struct atomic_file *af)
{
	char dir[PATH_MAX];
	int saved;

	if (atomic_sync(af) == -1) {
		saved = errno;
		atomic_abort(af);
		errno = saved;
		return -1;
	}
	if (rename_new(af->tmp, af->path, 0) == -1) {
		saved = errno;
		unlink(af->tmp);
		errno = saved;
		return -1;
	}
	path_dir(af->path, dir, sizeof(dir));
	if (fsync_path(dir, 1) == -1) {
		saved = errno;
		unlink(af->path);
		errno = saved;
		return -1;
	}
	return 0;
}

/* One CSV file, whole on the disk under its temporary name; 0, or -1
 * with errno set and nothing left. */
static int
export_csv(struct atomic_file *af, const char *path, const struct report *r,
    int tickets, char sep)
{
	int rc;

	if (atomic_open(af, path, 0644) == -1)
		return -1;
	errno = 0;
	rc = tickets ? report_print_tickets(af->f, r, FORMAT_CSV, sep) :
	    report_print_summary(af->f, r, FORMAT_CSV, sep);
	if (rc == -1 || ferror(af->f)) {
		if (errno == 0)
			errno = EIO;
		atomic_abort(af);
		return -1;
	}
	if (atomic_sync(af) == -1) {
		atomic_abort(af);
		return -1;
	}
	return 0;
}

static int
path_in(char *buf, const char *dir, const char *name)
{
	return snprintf(buf, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX ?
	    (errno = ENAMETOOLONG, -1) : 0;
}

/* Removes the folder an export was writing, with all it holds: a fresh
 * one of its own (mkdtemp), nothing else could be in it. */
static void
folder_remove(const char *path)
{
	char p[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if ((d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if (path_in(p, path, de->d_name) == 0)
				unlink(p);
		}
		closedir(d);
	}
	rmdir(path);
}

int
report_export(struct report_export *x, struct store *s, const char *dir,
    const char *hall, const struct queue_conf *services, char sep,
    time_t now, FILE *out, char *why, size_t whylen)
{
	char base[80], name[96], stamp[32], work[PATH_MAX];
	char wdb[PATH_MAX], wtickets[PATH_MAX], wsummary[PATH_MAX];
	struct atomic_file csv_tickets, csv_summary;
	struct report_query q;
	struct report r;
	struct store *snap = NULL;
	struct stat sb;
	struct tm tm;
	int saved, renamed = 0;

	memset(x, 0, sizeof(*x));
	memset(&r, 0, sizeof(r));
	memset(&csv_tickets, 0, sizeof(csv_tickets));
	memset(&csv_summary, 0, sizeof(csv_summary));
	work[0] = '\0';
	if (stat(dir, &sb) == -1) {
		snprintf(why, whylen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		snprintf(why, whylen, "%s: not a directory", dir);
		return -1;
	}
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(base, sizeof(base), "antre-%.32s-%s",
	    hall != NULL && hall[0] != '\0' ? hall : "log", stamp);
	snprintf(name, sizeof(name), "%s.db", base);
	if (path_in(x->folder, dir, base) == -1 ||
	    path_in(x->db, x->folder, name) == -1 ||
	    path_in(x->tickets, x->folder, "tickets.csv") == -1 ||
	    path_in(x->summary, x->folder, "summary.csv") == -1 ||
	    snprintf(work, sizeof(work), "%s/.%s-XXXXXX", dir, base) >=
	    (int)sizeof(work) || path_in(wdb, work, name) == -1 ||
	    path_in(wtickets, work, "tickets.csv") == -1 ||
	    path_in(wsummary, work, "summary.csv") == -1) {
		snprintf(why, whylen, "%s: path too long", dir);
		return -1;
	}
	if (lstat(x->folder, &sb) == 0) {
		/* Two exports in one second, or a name planted there: never
		 * replace (nor follow) anything. */
		errno = EEXIST;
		snprintf(why, whylen, "%s: already exists", x->folder);
		return -1;
	}
	if (mkdtemp(work) == NULL) {
		snprintf(why, whylen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	/* mkdtemp() filled in work (same length: these fit). */
	path_in(wdb, work, name);
	path_in(wtickets, work, "tickets.csv");
	path_in(wsummary, work, "summary.csv");

	if (store_backup(s, wdb) == -1) {
		saved = errno;
		snprintf(why, whylen, "%s: cannot write the snapshot: %s (%s)",
		    x->db, strerror(errno), store_error(s));
		goto err;
	}
	if ((snap = store_open_readonly(wdb)) == NULL) {
		saved = EIO;
		snprintf(why, whylen, "%s: cannot read the snapshot back",
		    x->db);
		goto err;
	}
	memset(&q, 0, sizeof(q));
	q.skip = REPORT_ALL;	/* tickets and summary only */
	switch (store_day_span(snap, q.from, q.to)) {
	case 1:
		memcpy(x->from, q.from, sizeof(x->from));
		memcpy(x->to, q.to, sizeof(x->to));
		break;
	case 0:
		/* An empty log: the tables with their headers only. */
		strftime(q.from, sizeof(q.from), "%Y-%m-%d", &tm);
		memcpy(q.to, q.from, sizeof(q.to));
		break;
	default:
		saved = EIO;
		snprintf(why, whylen, "%s: %s", x->db, store_error(snap));
		goto err;
	}
	if (store_count(snap, &x->events) == -1 ||
	    report_run(&r, snap, &q, services) == -1) {
		saved = EIO;
		snprintf(why, whylen, "%s: %s", x->db, store_error(snap));
		goto err;
	}
	x->ntickets = r.ntickets;
	store_close(snap);
	snap = NULL;

	if (export_csv(&csv_tickets, wtickets, &r, 1, sep) == -1 ||
	    atomic_commit(&csv_tickets) == -1) {
		saved = errno;
		snprintf(why, whylen, "%s: %s", x->tickets, strerror(saved));
		goto err;
	}
	if (export_csv(&csv_summary, wsummary, &r, 0, sep) == -1 ||
	    atomic_commit(&csv_summary) == -1) {
		saved = errno;
		snprintf(why, whylen, "%s: %s", x->summary, strerror(saved));
		goto err;
	}
	/* All three whole on the disk (store_backup() and atomic_commit()
	 * synced the files and the folder): the folder takes its name. */
	if (rename_new(work, x->folder, 1) == -1) {
		saved = errno;
		snprintf(why, whylen, "%s: %s", x->folder, saved == EEXIST ||
		    saved == ENOTEMPTY || saved == ENOTDIR ? "already exists" :
		    strerror(saved));
		goto err;
	}
	renamed = 1;
	if (fsync_path(dir, 1) == -1) {
		saved = errno;
		snprintf(why, whylen, "%s: %s", dir, strerror(saved));
		goto err;
	}
	if (out != NULL) {
		fprintf(out, "%s: %lld events", x->db, (long long)x->events);
		if (x->from[0] != '\0')
			fprintf(out, ", %s .. %s", x->from, x->to);
		fprintf(out, "\n%s: %d tickets\n%s: %d rows\n", x->tickets,
		    x->ntickets, x->summary, r.nrows);
		fflush(out);
	}
	report_free(&r);
	return 0;

err:
	report_free(&r);
	store_close(snap);
	atomic_abort(&csv_tickets);
	atomic_abort(&csv_summary);
	folder_remove(renamed ? x->folder : work);
	errno = saved;
	return -1;
}
