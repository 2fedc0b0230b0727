/*
 * report-changes.h - antre-report changes (report-changes.c): the
 * office's changes to the hall in a period, from the log's 'setting'
 * events: when, who, what.
 */
#ifndef ANTRE_REPORT_CHANGES_H
#define ANTRE_REPORT_CHANGES_H

#include <stdio.h>

#include "report.h"
#include "store.h"

/* The changes of the service days from..to on f as a table, CSV (one
 * row per setting) or JSON. 0, or -1 (the log unreadable: store_error();
 * or a write error, errno set). */
int	report_changes(FILE *f, struct store *s, const char *from,
	    const char *to, enum report_format fmt, char sep);

#endif
