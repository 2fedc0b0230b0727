/*
 * queue.h - the queue engine: pure logic, no I/O.
 *
 * Commands go in, events come out; the state is only ever changed by
 * applying events (queue_apply), so replaying the day's log from SQLite
 * after a restart rebuilds exactly the state that was acknowledged.
 */
#ifndef ANTRE_QUEUE_H
#define ANTRE_QUEUE_H

#include <stdbool.h>
#include <stdint.h>

#include "proto.h"

#define QUEUE_MAX_SERVICES	BOARD_MAX_SERVICES
#define QUEUE_MAX_DESKS		BOARD_MAX_DESKS
#define QUEUE_MAX_EVENTS	4	/* events one command can produce */

enum ticket_source {
	SOURCE_ROLL,	/* pre-printed roll: the central only counts */
	SOURCE_KIOSK,	/* issued by the central on a kiosk's request */
};

struct service_conf {
	char			letter;
	char			name[PROTO_NAME_MAX];
	enum ticket_source	source;
	int			target_wait_min;	/* 0: none */
};

struct desk_conf {
	int	id;
	char	name[PROTO_NAME_MAX];
	char	services[QUEUE_MAX_SERVICES + 1];	/* letters, priority */
};

struct queue_conf {
	int			nservices;
	struct service_conf	services[QUEUE_MAX_SERVICES];
	int			ndesks;
	struct desk_conf	desks[QUEUE_MAX_DESKS];
	int			board_calls;	/* last N calls shown */
};

enum event_kind {
	EV_CALLED,	/* ticket called to desk */
	EV_RECALLED,	/* called again */
	EV_SERVED,	/* desk finished the ticket */
	EV_PAUSED,
	EV_RESUMED,
	EV__COUNT
};

struct event {
	int64_t		time_ms;
	char		day[11];
	enum event_kind	kind;
	struct ticket	ticket;
	int		desk;
	char		cmd_id[PROTO_ID_MAX];
};

struct queue_service {
	int	last_called;	/* highest number called today */
};

struct queue_desk {
	enum desk_status	status;
	struct ticket		ticket;
	bool			online;
};

struct queue {
	const struct queue_conf	*conf;
	char			 day[11];
	struct queue_service	 services[QUEUE_MAX_SERVICES];
	struct queue_desk	 desks[QUEUE_MAX_DESKS];
	int			 ncalls;
	struct board_call	 calls[BOARD_MAX_CALLS];	/* newest first */
	uint64_t		 call_seq;
};

const char	*event_kind_name(enum event_kind k);
int		 event_kind_parse(const char *s, enum event_kind *k);

void	queue_init(struct queue *q, const struct queue_conf *c,
	    const char *day);

/* Index of desk id in the config, or -1. */
int	queue_desk_index(const struct queue *q, int desk);

/*
 * Decides what a command does. On RESULT_OK fills evs[0..*nev) (not yet
 * applied: the caller logs them, then calls queue_apply on each). On
 * RESULT_REFUSED writes the reason and produces no event.
 */
enum proto_result queue_command(const struct queue *q, int desk,
	    const struct proto_cmd *cmd, int64_t now_ms,
	    struct event evs[QUEUE_MAX_EVENTS], int *nev,
	    char *reason, size_t reasonlen);

/* Applies one event (live or replayed from the log). Returns 0, or -1 for
 * an event that does not fit the state (logged by the caller). */
int	queue_apply(struct queue *q, const struct event *ev);

void	queue_set_online(struct queue *q, int desk, bool online);

/* Snapshots for publication. */
void	queue_desk_state(const struct queue *q, int desk,
	    struct proto_desk_state *st);
void	queue_board(const struct queue *q, int64_t now_ms, struct board *b);

#endif
