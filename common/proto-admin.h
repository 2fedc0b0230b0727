/*
 * proto-admin.h - the office's changes to a running hall (proto-admin.c):
 * antre-web asks on P/admin/cmd, the central answers on P/admin/ack and
 * keeps what it now runs with retained on P/settings. docs/protocol.md,
 * "Admin" and "Settings", is the reference.
 */
#ifndef ANTRE_PROTO_ADMIN_H
#define ANTRE_PROTO_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto.h"

#define ADMIN_KEY_MAX		48	/* "service.A.target_wait" */
#define ADMIN_VALUE_MAX		1024	/* a value as text, UTF-8 bytes */
#define ADMIN_SET_MAX		64	/* pairs in one command */
#define ADMIN_USER_MAX		33	/* a web user's name, [a-z0-9._-] */
#define ADMIN_NOTE_MAX		160
#define SETTINGS_TEXT_MAX	512	/* the running text, bytes */
#define SETTINGS_QUIET_MAX	8	/* quiet periods for the voice */
#define SETTINGS_SERVICES_MAX	26
#define SETTINGS_DESKS_MAX	128

enum admin_op {
	ADMIN_SET,	/* apply the pairs of set[], all or none */
	ADMIN_NOTE,	/* only log note (a web password was changed) */
};

struct admin_pair {
	char	key[ADMIN_KEY_MAX];
	char	value[ADMIN_VALUE_MAX];	/* always text on the wire */
};

/* antre-web -> central, "P/admin/cmd", QoS 1, not retained. */
struct admin_cmd {
	enum admin_op		op;
	char			id[PROTO_ID_MAX];	/* unique per request */
	char			user[ADMIN_USER_MAX];	/* who, for the log */
	int			nset;
	struct admin_pair	set[ADMIN_SET_MAX];
	char			note[ADMIN_NOTE_MAX];	/* ADMIN_NOTE */
};

/* central -> antre-web, "P/admin/ack", QoS 1, not retained. Sent after
 * the change is in the log (and applied) or refused. */
struct admin_ack {
	char			id[PROTO_ID_MAX];
	enum proto_result	result;		/* ok or refused */
	char			key[ADMIN_KEY_MAX];	/* refused: the pair
						 * at fault, "" if none */
	char			reason[PROTO_REASON_MAX];  /* Indonesian,
						 * for the admin; "" when ok */
};

struct settings_service {
	char	letter;
	char	name[PROTO_NAME_MAX];
	int	target_wait_min;	/* 0: none */
	int	quota;			/* 0: none */
	int	last_take_min;		/* -1: none; else minutes after
					 * midnight, local time */
};

struct settings_desk {
	int	id;
	char	name[PROTO_NAME_MAX];
	char	services[SETTINGS_SERVICES_MAX + 1];	/* letters, in the
						 * order the desk calls */
};

/* central -> everyone, "P/settings", QoS 1, retained: what the hall runs
 * with now. */
struct settings {
	int64_t			time_ms;	/* of the last change (or
						 * the start) */
	int			nservices;
	struct settings_service	services[SETTINGS_SERVICES_MAX];
	int			ndesks;
	struct settings_desk	desks[SETTINGS_DESKS_MAX];
	char			running_text[SETTINGS_TEXT_MAX];
	int			nquiet;
	struct {
		int	from_min, to_min;
	}			quiet[SETTINGS_QUIET_MAX];
};

/* Decoders as proto.h's. A command refused past its "id" still has
 * out->id (else it is ""), so the central can answer it; a refused pair
 * is out->set[out->nset - 1], its key filled if it was read. */
int	admin_cmd_decode(const void *buf, size_t len, struct admin_cmd *out,
	    char *err, size_t errlen);
int	admin_ack_decode(const void *buf, size_t len, struct admin_ack *out,
	    char *err, size_t errlen);
int	settings_decode(const void *buf, size_t len, struct settings *out,
	    char *err, size_t errlen);
char	*admin_cmd_encode(const struct admin_cmd *c);
char	*admin_ack_encode(const struct admin_ack *a);
char	*settings_encode(const struct settings *s);

/* "HH:MM" <-> minutes after midnight; -1 for a bad text. A negative
 * min (none) is formatted as "". */
int	settings_hhmm_parse(const char *s);
void	settings_hhmm_format(int min, char buf[6]);
/* voice.quiet's value ("" or "HH:MM-HH:MM,..." as protocol.md says)
 * into st->quiet and st->nquiet; -1 (st unchanged) for a bad one. */
int	settings_quiet_parse(const char *s, struct settings *st);

int	topic_admin_cmd(char *buf, size_t len, const char *prefix);
int	topic_admin_ack(char *buf, size_t len, const char *prefix);
int	topic_settings(char *buf, size_t len, const char *prefix);

#endif
