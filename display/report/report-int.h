/* report-int.h - what the figures' files share; not for the printers */
#ifndef ANTRE_REPORT_INT_H
#define ANTRE_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"

struct store_cache_day;

#define LETTERS		26
#define NUMBERS		(TICKET_NUMBER_MAX + 1)

/*
 * The cache's rows that run.c reads (cache.c); a row of another format
 * is read from the events. 2: a ticket still at a desk when the day
 * closed gives no service time (format 1 rows timed it to the close;
 * the schema's migration to version 5 deletes them, and the central
 * writes them again). 3: each desk's day as well, for hourly and desks
 * (the migration to version 9 deletes the rows of format 2).
 */
#define CACHE_FORMAT	3

/* report.c */
int	report_slot(struct report *r, int64_t ms, int64_t *into);
void	report_desks_end_day(struct report *r);
void	report_new_day(struct report *r, const char *day);
void	*report_grow(void *arr, int *cap, int need, size_t size);

/* cache.c */
/* 0 if every field of a cache row is one the figures can take, or -1
 * and why (naming the day). */
int	report_cache_valid(const struct store_cache_day *d, char *why,
	    size_t whylen);
/* Room in r for the rows of from..to (sized from the store): 0, -1. */
int	report_cache_reserve(struct report *r, struct store *s,
	    const char *from, const char *to);
/* The day's row into r (report_cache_valid() first: -1 logged). */
int	report_cache_decode(struct report *r, const struct store_cache_day *d);

#endif
