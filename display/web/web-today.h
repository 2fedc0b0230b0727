/*
 * web-today.h - what the "Hari ini" page takes from the event log
 * (web-today.c): today's served and no-shows as antre-report counts
 * them, and per service the ticket waiting longest now. The board has
 * the rest (desks, waiting counts, calls).
 */
#ifndef ANTRE_WEB_TODAY_H
#define ANTRE_WEB_TODAY_H

#include <stdbool.h>
#include <stdint.h>

#include "proto.h"

struct queue_conf;

struct web_today_service {
	char	service;
	int	served;
	int	noshow;
	int	waiting;	/* in the log: issued, not yet at a desk,
				 * not ended (roll tickets only once
				 * called, so they never wait here) */
	int64_t	oldest_ms;	/* issue time of the longest waiting
				 * ticket with a known one, -1: none */
};

struct web_today {
	bool			 ok;		/* read at least once */
	char			 day[11];	/* the service day read */
	int64_t			 seq;		/* the log's last row then */
	int			 served;	/* the whole hall's */
	int			 noshow;
	int			 nservices;	/* the services of the log */
	struct web_today_service services[BOARD_MAX_SERVICES];
};

/*
 * Reads day's figures from the log at path, opened read-only for the
 * read (one read transaction: it never blocks the central's writer).
 * When the log's last row and the day are those of t, nothing is
 * replayed. 1: t changed, 0: the same, -1: error (logged; t kept).
 */
int	web_today_read(struct web_today *t, const char *path, const char *day,
	    const struct queue_conf *services);

/* The service's figures, NULL when the log has none today. */
const struct web_today_service *web_today_service(const struct web_today *t,
	    char service);

#endif
