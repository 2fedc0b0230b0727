/*
 * web-central.h - antre-web's link to the central (web-central.c): the
 * hall's settings as the central last published them (retained
 * P/settings), a change sent on P/admin/cmd with the web credential, and
 * the central's answer from P/admin/ack. Pages use only this; the MQTT
 * client is the server's.
 */
#ifndef ANTRE_WEB_CENTRAL_H
#define ANTRE_WEB_CENTRAL_H

#include <stddef.h>
#include <stdint.h>

#include "proto-admin.h"

struct web_hall;
struct web_site;

/* The settings last received, NULL before the first (central not yet
 * heard from). Valid until the next return to the server's loop. */
const struct settings	*web_central_settings(const struct web_site *s);

/* The hall as last heard (web-hall.h): the board, presence, the
 * settings. NULL without a link (tools). */
const struct web_hall	*web_central_hall(const struct web_site *s);

/* Sends cmd after filling cmd->id (unique). 0, or -1 with why in
 * Bahasa Indonesia ("Pusat tidak terhubung") when it cannot be sent. */
int	web_central_send(const struct web_site *s, struct admin_cmd *cmd,
	    char *why, size_t whylen);

enum web_answer {
	WEB_ANSWER_PENDING,	/* sent, no answer yet */
	WEB_ANSWER_OK,
	WEB_ANSWER_REFUSED,	/* *ack holds the key and the reason */
	WEB_ANSWER_UNKNOWN,	/* no such id, or it was forgotten */
	WEB_ANSWER_TIMEOUT,	/* no answer within 10 s */
};

/* The central's answer to the command with this id; the last 64 are
 * remembered. ack may be NULL. */
enum web_answer	web_central_answer(const struct web_site *s,
		    const char *id, struct admin_ack *ack);

/* The server's loop (main.c) drives the link: */
struct web_conf;
struct web_central	*web_central_open(struct web_site *s,
			    const struct web_conf *wc);
void	web_central_close(struct web_central *c);
int	web_central_fd(struct web_central *c);	/* -1: none now */
short	web_central_events(struct web_central *c);
void	web_central_handle(struct web_central *c, short revents);
/* Keepalive, reconnection, timeouts, and the live pages' own
 * (web_live_tick); now_ms is monotonic; ms until it wants to be called
 * again (-1: only on I/O). */
int	web_central_tick(struct web_central *c, int64_t now_ms);

#endif
