/*
 * estimate-log.h - the wait estimator (estimate.h) started on a service
 * day with the earlier days of the log as its history.
 */
#ifndef ANTRE_ESTIMATE_LOG_H
#define ANTRE_ESTIMATE_LOG_H

#include "estimate.h"
#include "store.h"

/*
 * Starts e on day for services c with the ESTIMATE_HISTORY_DAYS service
 * days before it read from the log; the caller then feeds the day's own
 * events (estimate_event()). 0, or -1 if the log could not be read (e
 * then has no history, logged).
 */
int	estimate_load(struct estimate *e, struct store *s,
	    const struct queue_conf *c, const char *day);

#endif
