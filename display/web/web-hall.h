/*
 * web-hall.h - the hall as antre-web knows it from what the central
 * publishes (web-hall.c): the last board, the desks' and the central's
 * presence, the settings, and the answers to the admin's commands. Pure:
 * messages in (topic, payload), state out; web-central.c feeds it from
 * its MQTT client, the unit tests by hand.
 */
#ifndef ANTRE_WEB_HALL_H
#define ANTRE_WEB_HALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "proto-admin.h"
#include "web-central.h"

#define WEB_ANSWERS		64	/* admin answers remembered */
#define WEB_ANSWER_WAIT_MS	10000	/* then a command has timed out */

/* Presence as last heard: unknown until a retained message says. */
enum web_presence {
	WEB_UNKNOWN,
	WEB_ONLINE,
	WEB_OFFLINE,
};

struct web_sent {
	char			id[PROTO_ID_MAX];	/* "": a free slot */
	int64_t			sent_ms;	/* monotonic */
	bool			answered;
	struct admin_ack	ack;
};

struct web_hall {
	char			prefix[96];
	bool			link;		/* connected to the broker */
	enum web_presence	central;	/* P/central/online */
	bool			have_board;
	struct board		board;		/* P/board, the whole hall */
	enum web_presence	desk[DESK_ID_MAX + 1];	/* P/desk/N/online */
	bool			have_settings;
	struct settings		settings;
	uint64_t		call_seq;	/* of the last P/call */
	struct web_sent		sent[WEB_ANSWERS];
	int			next_sent;	/* the slot used next */
	uint64_t		changes;	/* grows with every change */
};

void	web_hall_init(struct web_hall *h, const char *prefix);

/*
 * One message from the broker. 1: the hall changed (the live pages
 * show something new), 0: nothing to show, -1: a bad payload (logged
 * and dropped, the hall unchanged) or a topic antre-web does not read.
 */
int	web_hall_message(struct web_hall *h, const char *topic,
	    const void *payload, size_t len, int64_t now_ms);

/* The broker link came or went: 1 if that changed the hall. Without a
 * link the central counts as gone. */
int	web_hall_link(struct web_hall *h, bool up);

/* Whether the central can be reached now: the link is up and the
 * central's presence says online. */
bool	web_hall_central_up(const struct web_hall *h);

/* A command was sent with this id at now_ms (monotonic): its answer is
 * remembered, the oldest of WEB_ANSWERS forgotten. */
void	web_hall_sent(struct web_hall *h, const char *id, int64_t now_ms);

/* The answer to id, *ack filled when answered (ack may be NULL). */
enum web_answer	web_hall_answer(const struct web_hall *h, const char *id,
		    int64_t now_ms, struct admin_ack *ack);

#endif
