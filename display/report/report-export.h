/*
 * report-export.h - antre-report export: a snapshot of the event log and
 * CSV files made from that snapshot, e.g. onto a USB stick, while the
 * central runs.
 */
#ifndef ANTRE_REPORT_EXPORT_H
#define ANTRE_REPORT_EXPORT_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "queue.h"

struct atomic_file;
struct store;

struct report_export {
	char	folder[PATH_MAX];	/* the export's own folder */
	char	db[PATH_MAX];		/* the snapshot, in it */
	char	tickets[PATH_MAX];	/* tickets.csv, in it */
	char	summary[PATH_MAX];	/* summary.csv, in it */
	char	from[11];		/* the snapshot's days, "" if empty */
	char	to[11];
	int64_t	events;
	int	ntickets;
};

/*
 * Makes in the existing directory dir the folder
 * antre-<hall>-<YYYYMMDD-HHMMSS> (now, local time; hall NULL: "log")
 * with the snapshot <folder name>.db, tickets.csv (the tickets command's
 * list) and summary.csv (the summary over all the snapshot's days), both
 * read from the snapshot, never from the live log, CSV with separator
 * sep. services (NULL: none) gives names and targets. The folder appears
 * complete or not at all, and never replaces or follows anything already
 * at its name (-1, errno EEXIST, "already exists"): on any failure (a
 * full disk) what this export wrote is removed again. out (NULL: quiet)
 * gets one line per file written. 0, or -1 with why filled.
 */
int	report_export(struct report_export *x, struct store *s,
	    const char *dir, const char *hall,
	    const struct queue_conf *services, char sep, time_t now,
	    FILE *out, char *why, size_t whylen);

/*
 * atomic_commit() (atomicfile.h) that never replaces: the synced
 * temporary file takes af->path only if nothing is there, not even a
 * symlink (-1, errno EEXIST). 0, or -1 with errno set and the temporary
 * file removed.
 */
int	report_commit_new(struct atomic_file *af);

#endif
