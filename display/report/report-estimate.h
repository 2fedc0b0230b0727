/*
 * report-estimate.h - how good the wait estimates were: antre-report
 * estimate, and the benchmark that replays logs through the estimator.
 *
 * Definitions (antre-report(1) repeats them): of the tickets issued with
 * an estimate [lo, hi] minutes and called, the real wait is from the
 * "issued" event to the first call; the error is its distance from the
 * range's middle (lo + hi) / 2; the median error is the nearest-rank
 * median of the errors (report.h); inside are the tickets whose real
 * wait was within [lo, hi], ends included.
 */
#ifndef ANTRE_REPORT_ESTIMATE_H
#define ANTRE_REPORT_ESTIMATE_H

#include <stdint.h>
#include <stdio.h>

#include "report.h"

struct store;

/* One ticket issued with an estimate, its real wait -1 if not called. */
struct estimate_sample {
	char	service;
	int64_t	wait_ms;
	int	lo, hi;		/* minutes */
};

/* A service's line, or the total (service 0). Times in ms, -1 without
 * data. */
struct estimate_row {
	char	service;
	char	name[PROTO_NAME_MAX];
	int	estimated;	/* issued with an estimate */
	int	called;		/* of those, called: the measured ones */
	int	inside;		/* real wait within the range */
	int64_t	error_median;	/* |real wait - middle| */
	int64_t	error_p90;
	int64_t	wait_median;	/* real waits */
	int64_t	middle_median;	/* the ranges' middles */
	int64_t	width_median;	/* hi - lo */
};

struct estimate_report {
	struct report_query	 q;
	struct estimate_row	*rows;	/* services, then the total */
	int			 nrows;
};

/* Rows from n samples (reordered): services in the order of services
 * (NULL: by letter), then the total. 0 or -1 (memory). */
int	estimate_rows(struct estimate_report *er, struct estimate_sample *a,
	    int n, const struct queue_conf *services);
/* The estimates of the log's takes in q's days joined with the tickets
 * of r (report_run() over the same days). 0 or -1 (logged). */
int	estimate_run(struct estimate_report *er, struct store *s,
	    const struct report *r, const struct queue_conf *services);
void	estimate_report_free(struct estimate_report *er);
/* The share inside as a percentage, -1 without data. */
double	estimate_inside_pct(const struct estimate_row *row);
int	estimate_print(FILE *f, const struct estimate_report *er,
	    enum report_format fmt, char sep);

#endif
