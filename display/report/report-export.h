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

struct store;

struct report_export {
	char	db[PATH_MAX];		/* the snapshot */
	char	tickets[PATH_MAX];	/* tickets.csv */
	char	summary[PATH_MAX];	/* summary.csv */
	char	from[11];		/* the snapshot's days, "" if empty */
	char	to[11];
	int64_t	events;
	int	ntickets;
};

/*
 * Writes into the existing directory dir: the snapshot
 * antre-<hall>-<YYYYMMDD-HHMMSS>.db (now, local time; hall NULL: "log"),
 * then tickets.csv (the tickets command's list) and summary.csv (the
 * summary over all the snapshot's days), both read from the snapshot,
 * never from the live log, CSV with separator sep. services (NULL: none)
 * gives names and targets. Every file appears complete or not at all: on
 * any failure (a full disk) what this export wrote is removed again.
 * out (NULL: quiet) gets one line per file written. 0, or -1 with why
 * filled.
 */
int	report_export(struct report_export *x, struct store *s,
	    const char *dir, const char *hall,
	    const struct queue_conf *services, char sep, time_t now,
	    FILE *out, char *why, size_t whylen);

#endif
