/*
 * report-export.c - antre-report export: the event log copied with
 * SQLite's online backup API (store_backup()), then the CSV files made
 * from that copy, so the numbers on the stick are those of the database
 * beside them, whatever the central wrote meanwhile.
 *
 * A stick may be pulled or fill up at any time: each file is written
 * under a temporary name, flushed and renamed, and a failed export takes
 * away what it wrote, so a half export never looks like a whole one.
 */
#include "report-export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "report.h"
#include "store.h"

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

int
report_export(struct report_export *x, struct store *s, const char *dir,
    const char *hall, const struct queue_conf *services, char sep,
    time_t now, FILE *out, char *why, size_t whylen)
{
	char name[96], stamp[32];
	struct atomic_file csv_tickets, csv_summary;
	struct report_query q;
	struct report r;
	struct store *snap = NULL;
	struct stat sb;
	struct tm tm;
	int saved;

	memset(x, 0, sizeof(*x));
	memset(&r, 0, sizeof(r));
	memset(&csv_tickets, 0, sizeof(csv_tickets));
	memset(&csv_summary, 0, sizeof(csv_summary));
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
	snprintf(name, sizeof(name), "antre-%s-%s.db",
	    hall != NULL && hall[0] != '\0' ? hall : "log", stamp);
	if (path_in(x->db, dir, name) == -1 ||
	    path_in(x->tickets, dir, "tickets.csv") == -1 ||
	    path_in(x->summary, dir, "summary.csv") == -1) {
		snprintf(why, whylen, "%s: path too long", dir);
		return -1;
	}
	if (access(x->db, F_OK) == 0) {
		/* Two exports in one second: never replace a snapshot. */
		snprintf(why, whylen, "%s: already exists", x->db);
		return -1;
	}

	if (store_backup(s, x->db) == -1) {
		snprintf(why, whylen, "%s: cannot write the snapshot: %s (%s)",
		    x->db, strerror(errno), store_error(s));
		return -1;
	}
	if ((snap = store_open_readonly(x->db)) == NULL) {
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

	if (export_csv(&csv_tickets, x->tickets, &r, 1, sep) == -1) {
		saved = errno;
		snprintf(why, whylen, "%s: %s", x->tickets, strerror(saved));
		goto err;
	}
	if (export_csv(&csv_summary, x->summary, &r, 0, sep) == -1) {
		saved = errno;
		snprintf(why, whylen, "%s: %s", x->summary, strerror(saved));
		goto err;
	}
	if (atomic_commit(&csv_tickets) == -1) {
		saved = errno;
		snprintf(why, whylen, "%s: %s", x->tickets, strerror(saved));
		goto err;
	}
	if (atomic_commit(&csv_summary) == -1) {
		saved = errno;
		snprintf(why, whylen, "%s: %s", x->summary, strerror(saved));
		unlink(x->tickets);
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
	unlink(x->db);
	errno = saved;
	return -1;
}
