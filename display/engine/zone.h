/*
 * zone.h - the zones of a hall: which desks and services each screen
 * shows. A big hall (a Mal Pelayanan Publik gathers up to 100 desks of
 * many agencies) has a screen per zone; each shows only its zone's
 * desks, calls and waiting counts, and says only its zone's calls.
 */
#ifndef ANTRE_ZONE_H
#define ANTRE_ZONE_H

#include <stdbool.h>
#include <stdint.h>

#include "conf.h"
#include "proto.h"
#include "queue.h"

#define ZONE_MAX	32	/* zones of one hall */

struct zone_conf {
	char	id[PROTO_ZONE_MAX];	/* "A" in [zone A]: the topic level */
	char	title[PROTO_TITLE_MAX];	/* "Zona A — Dukcapil" */
	int	line;			/* of its header */
	int	desk_ids[QUEUE_MAX_DESKS];	/* desks = ... as listed */
	int	ndesk_ids;
	char	services[QUEUE_MAX_SERVICES + 1];	/* services = ... */
	/* After zone_resolve(): */
	bool	member[QUEUE_MAX_DESKS];	/* by index in queue_conf */
	char	waiting[QUEUE_MAX_SERVICES + 1];	/* counts it shows */
};

struct zones {
	struct zone_conf	z[ZONE_MAX];
	int			n;
};

/* "[zone ID]": a new zone; -1 (logged) on a bad or repeated id. */
int	zone_section(struct conf_ctx *ctx, struct zones *zs, const char *arg);
/* A key of [zone ID]: title, desks ("1-12 15"), services ("A B"). */
int	zone_key(struct conf_ctx *ctx, struct zones *zs, const char *arg,
	    const char *key, const char *value);
/*
 * Once the whole file is read: checks that every desk and service a zone
 * names exists, works out each zone's desks (listed, or serving one of
 * its services) and the waiting counts it shows (its services and those
 * of its desks), and, when the central's own screen shows zone `own`
 * (not ""), that every desk is on some zone's screen. Errors go to ctx
 * with the file's name and the zone's line.
 */
void	zone_resolve(struct conf_ctx *ctx, struct zones *zs,
	    const struct queue_conf *q, const char *own);
/*
 * Each zone's desks and waiting counts worked out again from q, as
 * zone_resolve() would from a file holding q (after the office added a
 * service or changed the services of a desk): a zone of listed desks
 * shows a new service they serve, a zone of listed services gains the
 * desks that come to serve one of them.
 */
void	zone_update(struct zones *zs, const struct queue_conf *q);
/* With the central's screen on zone own (not ""): the index in q of a
 * desk on no zone's screen, or -1 if there is none. */
int	zone_unseen(const struct zones *zs, const struct queue_conf *q,
	    const char *own);
const struct zone_conf *zone_find(const struct zones *zs, const char *id);

/*
 * The board of zone z from the hall's board (queue_board() of q): its
 * desks in hall order, the newest max_calls calls of its desks (from the
 * queue's longer history), the waiting counts of its services.
 */
void	zone_board(const struct zone_conf *z, const struct queue *q,
	    const struct board *hall, int max_calls, struct board *out);
/* A digest of everything on board b but its time: equal digests, same
 * board on the screen. */
uint64_t zone_board_digest(const struct board *b);

/* Whether board b (a zone's, as a screen received it) shows desk id. */
bool	zone_board_has_desk(const struct board *b, int desk);

#endif
