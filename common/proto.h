/*
 * proto.h - the Antre MQTT protocol: JSON payload codec, and the topics
 * through topic.h.
 *
 * Every payload is a JSON object with a version field "v". Decoders ignore
 * unknown fields, reject anything else that is wrong with a reason, and
 * never crash (fuzzed in tests/fuzz/). Encoders return a malloc'ed,
 * NUL-terminated string the caller frees. docs/protocol.md is the reference.
 */
#ifndef ANTRE_PROTO_H
#define ANTRE_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "topic.h"

#define PROTO_VERSION	1

#define PROTO_ID_MAX	48	/* command id: "<boot id>-<seq>" */
#define PROTO_NAME_MAX	64	/* desk / service display names, UTF-8 bytes */
#define PROTO_REASON_MAX 96
#define PROTO_FAULT_MAX	160
#define PROTO_ZONE_MAX	16	/* zone id: letters, digits, '-', '_' */
#define PROTO_TITLE_MAX	96	/* a zone's title on its screens */

#define BOARD_MAX_DESKS	128	/* a Mal Pelayanan Publik has up to 100 */
#define BOARD_MAX_CALLS	10
#define BOARD_MAX_SERVICES 26	/* one per letter A..Z */

#define DESK_ID_MAX	999	/* desks are numbered 1..DESK_ID_MAX */
#define TICKET_NUMBER_MAX 9999

enum proto_op {
	OP_NEXT,
	OP_RECALL,
	OP_NOSHOW,
	OP_REQUEUE,
	OP_TRANSFER,
	OP_PAUSE,
	OP_RESUME,
	OP_CLOSE,
	OP_RATE,
	OP_TAKE_PRIORITY,	/* a desk issues itself a priority ticket */
	OP__COUNT
};

enum desk_status {
	DESK_IDLE,	/* open, nothing being served ("kosong") */
	DESK_SERVING,	/* a ticket is at the desk ("melayani") */
	DESK_PAUSED,	/* break ("istirahat") */
	DESK_CLOSED,	/* closed for the day ("tutup") */
	DESK_OFFLINE,	/* desk Pi not connected ("tidak aktif"); board only */
	DESK__COUNT
};

enum proto_result {
	RESULT_OK,
	RESULT_REFUSED,	/* the command was understood but not applied */
	RESULT__COUNT
};

/* A ticket: service letter 'A'..'Z' and number 1..TICKET_NUMBER_MAX.
 * service == 0 means "no ticket". A priority ticket (the elderly, people
 * with disabilities, pregnant women, children) is called before the
 * service's others; optional on the wire, false when absent. */
struct ticket {
	char	service;
	int	number;
	bool	priority;
};

/* desk -> central, ".../desk/<id>/cmd", QoS 1, not retained. */
struct proto_cmd {
	enum proto_op	op;
	char		id[PROTO_ID_MAX];	/* non-empty, printable ASCII */
	char		service;	/* OP_TRANSFER: target service letter;
					   OP_TAKE_PRIORITY: the service, 0
					   for the desk's first */
	int		value;		/* OP_RATE: 1..5 */
	struct ticket	ticket;		/* OP_REQUEUE: the no-show ticket */
	int64_t		deadline_ms;	/* central clock; 0: none. Applied
					   later than this it is refused */
};

#define KIOSK_ID_MAX	999	/* kiosks are numbered 1..KIOSK_ID_MAX, as
				   antre-credential provisions them */

/* kiosk -> central, ".../kiosk/<id>/take", QoS 1, not retained: a
 * citizen asks for a ticket of a service. Asking again with the same id
 * returns the same ticket. */
struct proto_take {
	char	id[PROTO_ID_MAX];	/* "<kiosk boot id>-<seq>" */
	char	service;
	bool	priority;	/* the "Prioritas" button: elderly, disabled,
				   pregnant, children (UU 25/2009 Pasal 29);
				   optional on the wire, false when absent */
};

#define PROTO_CODE_MAX	16	/* a refusal's kind, see proto_ticket */
#define WAIT_MIN_MAX	1440	/* a wait estimate's bound, minutes */

/* central -> kiosk, ".../kiosk/<id>/ticket", QoS 1, not retained. */
struct proto_ticket {
	char			id[PROTO_ID_MAX];	/* the take's id */
	enum proto_result	result;
	char			reason[PROTO_REASON_MAX];
	struct ticket		ticket;		/* no ticket when refused */
	char			service_name[PROTO_NAME_MAX];
	int			waiting;	/* ahead of this ticket */
	char			day[11];	/* the service day */
	int64_t			time_ms;	/* when it was issued */
	/* Optional on the wire (absent: false, -1, ""). */
	bool			priority;	/* a priority ticket */
	int			wait_lo_min;	/* estimated wait, minutes: */
	int			wait_hi_min;	/* lo..hi, -1 = no estimate */
	char			code[PROTO_CODE_MAX];	/* refused: why, for
						   the kiosk's LED: "quota",
						   "closed" (last_take
						   passed), "roll", ... */
};

/* The kiosk's printer, as the kiosk last asked it. */
enum kiosk_printer {
	PRINTER_OK,
	PRINTER_PAPER_LOW,
	PRINTER_PAPER_OUT,
	PRINTER_COVER_OPEN,
	PRINTER_OFFLINE,	/* absent, unplugged, not answering */
	PRINTER_ERROR,		/* answered garbage, or a fault */
	PRINTER__COUNT
};

#define KIOSK_PENDING_MAX	TICKET_NUMBER_MAX

/* kiosk -> central, ".../kiosk/<id>/status", QoS 1, retained; the
 * kiosk's will is {"v":1,"online":false,"printer":"offline"}. */
struct proto_kiosk_status {
	bool			online;
	enum kiosk_printer	printer;
	int			pending;	/* taken, not yet printed;
						   optional, 0 when absent */
};

/* central -> desk, ".../desk/<id>/state", QoS 1, retained. */
struct proto_desk_state {
	int			desk;
	enum desk_status	status;
	struct ticket		ticket;		/* what the desk serves now */
	char			last_id[PROTO_ID_MAX];	/* last command applied */
	enum proto_result	result;		/* result of last_id */
	char			reason[PROTO_REASON_MAX]; /* why refused */
	int			waiting;	/* tickets waiting for this desk,
						   -1 when unknown (roll) */
	int64_t			time_ms;	/* central clock, ms since epoch */
};

/* ".../desk/<id>/online" and ".../central/online", QoS 1, retained; the
 * offline form is the MQTT will. */
struct proto_online {
	bool	online;
	char	boot[PROTO_ID_MAX];	/* boot id of the publisher, may be "" */
};

/* central -> anyone, ".../central/head", QoS 1, retained: the log's head
 * at the last close of a day, the anchor a district's copy keeps. */
struct proto_head {
	char	day[11];		/* the service day closed */
	int64_t	seq;			/* its last row */
	char	hash[65];		/* that row's hash, 64 hex digits */
	char	head[20];		/* the short form people copy */
	int64_t	time_ms;		/* central clock at the close */
};

/* One desk card on the board. */
struct board_desk {
	int			id;
	char			name[PROTO_NAME_MAX];
	enum desk_status	status;
	struct ticket		ticket;
};

/* One entry of the "last calls" list and of the ".../call" topic. */
struct board_call {
	struct ticket	ticket;
	int		desk;
	char		desk_name[PROTO_NAME_MAX];
	bool		recall;
	int64_t		time_ms;
};

/* Whether a service still takes tickets today. */
enum waiting_state {
	WAITING_OPEN,
	WAITING_QUOTA,	/* its daily quota is reached ("Kuota habis") */
	WAITING_CLOSED,	/* past its last_take ("Pendaftaran ditutup") */
	WAITING__COUNT
};

struct board_waiting {
	char			service;
	char			name[PROTO_NAME_MAX];
	int			count;	/* -1 when unknown (pre-printed roll) */
	enum waiting_state	state;	/* optional on the wire: absent is
					   open */
};

/* central -> screens, ".../board", QoS 1, retained: the whole board. */
struct board {
	int64_t			time_ms;	/* when the central built it */
	char			day[11];	/* "YYYY-MM-DD", the service day */
	char			zone[PROTO_ZONE_MAX];	/* "" : the whole hall */
	char			title[PROTO_TITLE_MAX];	/* the zone's, or "" */
	int			ndesks;
	struct board_desk	desks[BOARD_MAX_DESKS];
	int			ncalls;		/* newest first */
	struct board_call	calls[BOARD_MAX_CALLS];
	int			nwaiting;
	struct board_waiting	waiting[BOARD_MAX_SERVICES];
	char			fault[PROTO_FAULT_MAX];	/* "" when healthy */
};

/* central -> screens and announcers, ".../call", QoS 1, not retained. */
struct proto_call {
	uint64_t		seq;	/* increases by one per call event */
	struct board_call	call;
};

const char	*proto_op_name(enum proto_op op);
int		 proto_op_parse(const char *s, enum proto_op *op);
const char	*proto_status_name(enum desk_status st);
int		 proto_status_parse(const char *s, enum desk_status *st);
const char	*proto_result_name(enum proto_result r);
const char	*proto_printer_name(enum kiosk_printer p);
int		 proto_printer_parse(const char *s, enum kiosk_printer *p);
const char	*proto_waiting_state_name(enum waiting_state w);
int		 proto_waiting_state_parse(const char *s,
		    enum waiting_state *w);

/*
 * Decoders: parse len bytes (not necessarily NUL-terminated) into *out.
 * Return 0, or -1 with a human-readable reason in err (errlen bytes,
 * always NUL-terminated when errlen > 0). *out is fully initialised on
 * success and unspecified on failure.
 */
int	proto_cmd_decode(const void *buf, size_t len, struct proto_cmd *out,
	    char *err, size_t errlen);
int	proto_desk_state_decode(const void *buf, size_t len,
	    struct proto_desk_state *out, char *err, size_t errlen);
int	proto_online_decode(const void *buf, size_t len,
	    struct proto_online *out, char *err, size_t errlen);
int	proto_board_decode(const void *buf, size_t len, struct board *out,
	    char *err, size_t errlen);
int	proto_call_decode(const void *buf, size_t len, struct proto_call *out,
	    char *err, size_t errlen);
int	proto_take_decode(const void *buf, size_t len, struct proto_take *out,
	    char *err, size_t errlen);
int	proto_ticket_decode(const void *buf, size_t len,
	    struct proto_ticket *out, char *err, size_t errlen);
int	proto_kiosk_status_decode(const void *buf, size_t len,
	    struct proto_kiosk_status *out, char *err, size_t errlen);

/* Encoders: return a malloc'ed JSON string, or NULL on allocation failure
 * or an unencodable value (which is a programming error and is logged). */
char	*proto_cmd_encode(const struct proto_cmd *cmd);
char	*proto_desk_state_encode(const struct proto_desk_state *st);
char	*proto_online_encode(const struct proto_online *on);
char	*proto_head_encode(const struct proto_head *h);
char	*proto_board_encode(const struct board *b);
char	*proto_call_encode(const struct proto_call *c);
char	*proto_take_encode(const struct proto_take *t);
char	*proto_ticket_encode(const struct proto_ticket *t);
char	*proto_kiosk_status_encode(const struct proto_kiosk_status *s);

/* Text shown to people (names, messages) as the codec accepts it: valid
 * UTF-8, no control characters, shorter than size bytes. 0, or -1 with
 * the reason in err. */
int	proto_text_check(const char *s, size_t size, char *err,
	    size_t errlen);

/*
 * The broker's max_packet_size (broker-config/mosquitto.conf): the largest
 * MQTT packet, fixed header and topic included, that a client may send;
 * a bigger one makes the broker drop the connection. The largest payload
 * is the board, so the central's configuration is checked against it
 * (config.c, "antre-display -n"): keep the two equal.
 */
#define PROTO_PACKET_MAX	65536

/* The size of the MQTT PUBLISH packet at QoS 1 (fixed header, remaining
 * length, topic, packet id) carrying payload_len bytes on a topic of
 * topic_len bytes. */
size_t	proto_publish_size(size_t topic_len, size_t payload_len);

/* Whether ch may appear in a zone id (a topic level). */
bool	proto_zone_char(char ch);

/* "A12"-style label for a ticket into buf; "" for no ticket. */
const char	*ticket_format(const struct ticket *t, char *buf, size_t len);

#endif /* ANTRE_PROTO_H */
