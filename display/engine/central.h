/*
 * central.h - antre-display's state, and the central's side of it: the
 * queue, the log and the answers. The screen role (screen.h) and what
 * either role shows and says (show.h) share the same structure.
 */
#ifndef ANTRE_CENTRAL_H
#define ANTRE_CENTRAL_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "estimate.h"
#include "ratelimit.h"
#include "log.h"
#include "mqtt.h"
#include "proto.h"
#include "proto-admin.h"
#include "queue.h"
#include "settings.h"
#include "show.h"
#include "store.h"

/* The warnings the board shows when the broker is out of reach, or (a
 * screen) when the central's presence says it is gone. */
#define FAULT_BROKER	"Server pesan terputus"
#define FAULT_CENTRAL	"Pusat antrean tidak aktif"
/* The wall clock is before the build or behind the log's last event. */
#define FAULT_CLOCK	"Jam tidak tepat, mohon atur jam"
/* The log does not hold the head written at the last day's close. */
#define FAULT_HEAD	"Log antrean tidak utuh"

#define MAX_PENDING_CALLS	64
#define MAX_PENDING_TICKETS	64
/* Ticket answers published and not yet acknowledged by the broker. */
#define MAX_INFLIGHT		256
/* The office's commands answered in one loop iteration. */
#define MAX_PENDING_ADMIN	16

/* What a desk was last told about its commands. */
struct desk_ack {
	char			last_id[PROTO_ID_MAX];
	enum proto_result	result;
	char			reason[PROTO_REASON_MAX];
	bool			dirty;		/* state to (re)publish */
	bool			in_tx;		/* answered in the open tx */
	/* The connection the central takes for the desk: the boot id of
	 * its last "online" presence, "" when none is known. */
	char			boot[PROTO_ID_MAX];
	struct guard		guard;		/* next/noshow */
	struct refusals		refusals;
	struct bucket		flood;		/* messages of any kind */
	int64_t			muted_until;	/* mono; 0 = listened to */
};

/* The central's limits for one kiosk. */
struct kiosk_box {
	struct bucket		bucket;
	struct refusals		refusals;
	int			inflight;	/* tickets published, no PUBACK */
	struct bucket		flood;
	int64_t			muted_until;
	/* Its retained status (central-kiosk.c). */
	bool			status_known;	/* false: none, or cleared */
	bool			online;
	enum kiosk_printer	printer;
	int			pending;	/* taken, not printed */
};

struct inflight {
	int			mid;
	int			kiosk;
};

/* Lines a box outside can cause at any rate, limited (log.h). */
enum central_log {
	CLOG_BAD_PAYLOAD,
	CLOG_REFUSED,
	CLOG_PRESENCE,
	CLOG_DROPPED,
	CLOG_COUNT
};

/* An answer to a kiosk, published after the commit. */
struct kiosk_reply {
	int			kiosk;
	bool			in_tx;
	struct proto_ticket	t;
};

struct central {
	struct conf		*conf;
	struct store		*store;
	struct queue		 q;
	struct estimate		 est;		/* a take's wait */
	struct mqtt		*mqtt;
	struct desk_ack		 acks[QUEUE_MAX_DESKS];
	struct proto_call	 calls[MAX_PENDING_CALLS];
	int			 ncalls;
	struct kiosk_reply	 replies[MAX_PENDING_TICKETS];
	int			 nreplies;
	struct kiosk_box	 kiosks[KIOSK_ID_MAX + 1];
	struct inflight		 inflight[MAX_INFLIGHT];
	int			 ninflight;
	struct log_limit	 logs[CLOG_COUNT];
	/* The board's notes besides fault: a second connection of a desk
	 * (until notice_until, monotonic), events the replay skipped. */
	char			 notice[PROTO_FAULT_MAX];
	int64_t			 notice_until;
	char			 replay_warn[PROTO_FAULT_MAX];
	char			 kiosk_fault[PROTO_FAULT_MAX];	/* printers */
	enum waiting_state	 service_state[QUEUE_MAX_SERVICES];	/* on
						 * the board as last built */
	struct show		 show;		/* the board and the voice */
	bool			 board_dirty;	/* publish + draw */
	char			 fault[PROTO_FAULT_MAX];
	struct board		 received;	/* screen: as the central sent it */
	struct board		 board_scratch[2];	/* central: the hall's
						 * board and a zone's, built */
	uint64_t		 zone_sum[ZONE_MAX];	/* digest of each zone's
						 * board as last published */
	bool			 zone_sent[ZONE_MAX];	/* ... on this
						 * connection */
	bool			 central_down;	/* screen: its presence said so */
	int64_t			 board_wait;	/* screen: mono deadline for the
						 * first board, 0 = none */
	bool			 quit;
	/* The clock and the anchor (central.c: central_check_day). */
	int64_t			 clock_wall;	/* wall clock at the last check */
	int64_t			 clock_mono;	/* monotonic clock then */
	char			 clock_day[11];	/* its service day */
	bool			 day_due;	/* the day's end was crossed */
	bool			 clock_bad;	/* FAULT_CLOCK's reason holds */
	bool			 head_bad;	/* the anchor did not match */
	bool			 head_have;	/* head holds a closed day */
	bool			 head_sent;	/* published on this connection */
	struct proto_head	 head;		/* the last close's anchor */
	/* The office's changes (central-admin.c). */
	struct admin_ack	 admin_acks[MAX_PENDING_ADMIN];	/* to send
						 * after the commit */
	int			 nadmin_acks;
	bool			 settings_dirty;	/* P/settings to
						 * (re)publish */
	int64_t			 settings_ms;	/* the last change, or the
						 * first publication */
	struct settings_file	 settings_file;	/* as read at start */
};

extern const struct mqtt_callbacks central_callbacks;

/* Opens the log, closes days left open, rebuilds today. 0 or -1. */
int	central_start(struct central *c);
/* New service day? Close the old one and start the new. */
void	central_check_day(struct central *c, int64_t now_ms);
/* End of a loop iteration: commit, then acknowledge and publish (the
 * central role; a screen has nothing to commit). */
void	central_flush(struct central *c);
/* Says goodbye on the broker. */
void	central_shutdown(struct central *c);
void	central_free(struct central *c);

#endif
