/*
 * spool.h - what the kiosk must not forget across a crash or a power
 * cut: the take waiting for its answer, and the tickets issued but not
 * yet printed. One small JSON file, replaced whole (atomicfile.c) at
 * every change.
 */
#ifndef ANTRE_SPOOL_H
#define ANTRE_SPOOL_H

#include <stdbool.h>
#include <stdint.h>

#include "proto.h"

#define SPOOL_MAX	32

struct spool_ticket {
	char		id[PROTO_ID_MAX];	/* the take's */
	struct ticket	ticket;
	char		service_name[PROTO_NAME_MAX];
	int		waiting;
	int		wait_lo, wait_hi;
	bool		priority;
	int64_t		time_ms;
};

struct spool_take {
	char		id[PROTO_ID_MAX];
	char		service;
	bool		priority;
	int64_t		wall_ms;	/* pressed at */
};

struct spool {
	char			path[256];
	bool			have_take;
	struct spool_take	take;
	int			n;		/* not yet printed, oldest
						   first */
	struct spool_ticket	t[SPOOL_MAX];
};

/* Reads path (a missing file is an empty spool). 0, or -1 (logged) for
 * an unreadable or damaged file, which is left as it is for a person to
 * read and the spool starts empty. */
int	spool_load(struct spool *s, const char *path);
/* 0, or -1 (logged): the old file stays. */
int	spool_save(const struct spool *s);
/* Appends (the oldest is dropped, logged, when full). */
void	spool_add(struct spool *s, const struct spool_ticket *t);
void	spool_pop(struct spool *s);

#endif
