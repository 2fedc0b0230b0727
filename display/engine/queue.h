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
/* Calls remembered: each zone's screen lists the newest of its own. */
#define QUEUE_MAX_CALLS		64
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
	int			priority_every;	/* normal calls per priority
						 * call when both wait; 0:
						 * priority always first */
	int			quota;		/* kiosk tickets a service
						 * day, 0: none */
	bool			last_take;	/* takes end at last_take_min */
	int			last_take_min;	/* local time, minutes after
						 * midnight, in the service
						 * day that starts at
						 * day_start */
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
	int			max_recalls;	/* per ticket at a desk */
	int			day_start_min;	/* minutes after midnight */
};

enum event_kind {
	EV_ISSUED,	/* a kiosk ticket was issued (arrival) */
	EV_CALLED,	/* ticket called to desk */
	EV_RECALLED,	/* called again */
	EV_SERVED,	/* desk finished the ticket */
	EV_NOSHOW,	/* the citizen did not come */
	EV_REQUEUED,	/* a no-show put back at the head of its queue */
	EV_TRANSFERRED,	/* ticket moved to the queue of target */
	EV_PAUSED,
	EV_RESUMED,
	EV_CLOSED,	/* desk closed */
	EV_UNSERVED,	/* still waiting when the day closed */
	EV_DAY_CLOSED,	/* the day is over; numbering restarts */
	EV_SETTING,	/* the office changed the hall's settings (detail:
			   who and what); the queue's state is unchanged */
	EV__COUNT
};

struct event {
	int64_t		time_ms;
	char		day[11];
	enum event_kind	kind;
	struct ticket	ticket;
	int		desk;		/* 0: none */
	int		kiosk;		/* EV_ISSUED: which kiosk, 0: none */
	char		target;		/* EV_TRANSFERRED, EV_REQUEUED: the
					   queue the ticket goes to */
	char		cmd_id[PROTO_ID_MAX];
	const char	*detail;	/* EV_SETTING: JSON, the caller's
					   (a row read back: valid during
					   the callback); NULL: none */
};

enum ticket_state {
	TICKET_WAITING,
	TICKET_CALLED,
	TICKET_SERVED,
	TICKET_NOSHOW,
	TICKET_UNSERVED,
};

struct qticket {
	struct ticket		t;
	char			queue;		/* where it waits or waited */
	enum ticket_state	state;
	int64_t			arrival_ms;
};

struct queue_service {
	int	last_number;	/* highest number issued or rolled today */
	int	*waiting;	/* indices into tickets, next first */
	int	nwaiting;
	int	waiting_cap;
	int	*lookup;	/* number -> index into tickets, or -1 */
	int	since_priority;	/* normal calls since its last priority
				   call (priority_every) */
};

struct queue_desk {
	enum desk_status	status;
	int			current;	/* index into tickets, or -1 */
	int			recalls;	/* of the current ticket */
	bool			online;
};

struct queue {
	const struct queue_conf	*conf;
	char			 day[11];
	bool			 day_closed;
	struct queue_service	 services[QUEUE_MAX_SERVICES];
	struct queue_desk	 desks[QUEUE_MAX_DESKS];
	struct qticket		*tickets;
	int			 ntickets;
	int			 tickets_cap;
	int			 ncalls;
	struct board_call	 calls[QUEUE_MAX_CALLS];	/* newest first */
	int64_t			 last_ms;	/* newest event time applied
						 * (or set by the caller): new
						 * events are never older */
};

const char	*event_kind_name(enum event_kind k);
int		 event_kind_parse(const char *s, enum event_kind *k);

/* Both return -1 only when out of memory. */
int	queue_init(struct queue *q, const struct queue_conf *c,
	    const char *day);
void	queue_free(struct queue *q);

/* Index of desk id in the config, or -1. */
int	queue_desk_index(const struct queue *q, int desk);
/* Index of a service letter in the config, or -1. */
int	queue_service_index(const struct queue *q, char letter);

/*
 * Decides what a desk command does. On RESULT_OK fills evs[0..*nev) (not
 * yet applied: the caller logs them, then calls queue_apply on each). On
 * RESULT_REFUSED writes the reason and produces no event.
 */
enum proto_result queue_command(const struct queue *q, int desk,
	    const struct proto_cmd *cmd, int64_t now_ms,
	    struct event evs[QUEUE_MAX_EVENTS], int *nev,
	    char *reason, size_t reasonlen);

/* A kiosk asks for a ticket of a service: one EV_ISSUED event, or
 * refused with a reason (in Indonesian when the service's quota is
 * reached or its last_take passed: queue_service_state() says which). */
enum proto_result queue_take(const struct queue *q, int kiosk,
	    const struct proto_take *take, int64_t now_ms, struct event *ev,
	    char *reason, size_t reasonlen);

/* Closing the day: EV_UNSERVED for every ticket still waiting, EV_SERVED
 * for tickets still at desks, then EV_DAY_CLOSED. Returns how many events
 * were written into evs (at most max), or -1 if max is too small. */
int	queue_close_day(const struct queue *q, int64_t now_ms,
	    struct event *evs, int max);
/* How many events queue_close_day() will need. */
int	queue_close_day_count(const struct queue *q);

/* Applies one event (live or replayed from the log). Returns 0, -1 for an
 * event that does not fit the state (the caller logs it), or -2 when out
 * of memory. */
int	queue_apply(struct queue *q, const struct event *ev);

void	queue_set_online(struct queue *q, int desk, bool online);

/* Tickets of a service waiting to be called; -1 when unknown (a roll). */
int	queue_waiting(const struct queue *q, char service);
/* queue-priority.c: the positions of the first priority and the first
 * normal ticket in service si's waiting list (-1: none), and how many
 * of each wait if np is not NULL; whether si's next call is a priority
 * one when both wait. */
void	queue_waiting_heads(const struct queue *q, int si, int *p, int *n,
	    int *np, int *nn);
bool	queue_priority_turn(const struct queue *q, int si);
/* Tickets called before a new ticket of the service would be, priority
 * or not, by the order queue_command() calls them in; -1 for a roll. */
int	queue_ahead(const struct queue *q, char service, bool priority);
/* Whether a service still takes kiosk tickets at now_ms: its quota
 * (tickets issued this service day) and its last_take (local time in
 * the service day; a service day past the engine's is past it). */
enum waiting_state queue_service_state(const struct queue *q, char service,
	    int64_t now_ms);

/* Snapshots for publication. */
void	queue_desk_state(const struct queue *q, int desk,
	    struct proto_desk_state *st);
void	queue_board(const struct queue *q, int64_t now_ms, struct board *b);
/* The ticket at a desk (service 0 if none). */
struct ticket queue_desk_ticket(const struct queue *q, int di);

/* The service day ("YYYY-MM-DD") that local time t_ms belongs to, when a
 * day starts day_start_min minutes after midnight. */
void	queue_service_day(int64_t t_ms, int day_start_min, char day[11]);
/* The service day after day ("YYYY-MM-DD"); day itself if it is not
 * one. */
void	queue_day_after(const char *day, char next[11]);

#endif
