/*
 * screen.c - antre-display with role = screen: it shows the board the
 * central retains, says the calls it publishes, and warns when it
 * cannot trust them.
 */
#include "screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "announce.h"
#include "clock.h"
#include "log.h"

#define BOARD_WAIT_MS	10000	/* a screen's first board is late */

/*
 * What a screen shows: the central's board, with a warning of its own
 * when it cannot trust it (the broker is out of reach, or the central's
 * presence says it is gone): the numbers on it may be old.
 */
void
screen_show(struct central *c)
{
	const char *fault = !mqtt_connected(c->mqtt) ? FAULT_BROKER :
	    c->central_down ? FAULT_CENTRAL : NULL;
	char *json;

	c->show.board = c->received;
	if (fault != NULL)
		snprintf(c->show.board.fault, sizeof(c->show.board.fault), "%s", fault);
	/* Frames carry the board they show, warning included. */
	if ((json = proto_board_encode(&c->show.board)) != NULL) {
		free(c->show.board_json);
		c->show.board_json = json;
	}
	c->show.redraw = true;
}

static void
screen_message(void *arg, const char *topic, const void *payload,
    size_t len, bool retained)
{
	struct central *c = arg;
	struct proto_online on;
	struct proto_call call;
	struct board b;
	char want[160], err[128];

	topic_call(want, sizeof(want), c->conf->prefix);
	if (strcmp(topic, want) == 0) {
		if (proto_call_decode(payload, len, &call, err,
		    sizeof(err)) == -1)
			log_warnx("%s: bad call dropped: %s", topic, err);
		else if (c->show.ann != NULL && (c->conf->zone[0] == '\0' ||
		    zone_board_has_desk(&c->received, call.call.desk)))
			/* A zone's screen says its own zone's calls only. */
			announce_call(c->show.ann, &call.call, wall_ms());
		return;
	}
	topic_central_online(want, sizeof(want), c->conf->prefix);
	if (strcmp(topic, want) == 0) {
		if (len == 0)
			return;
		if (proto_online_decode(payload, len, &on, err,
		    sizeof(err)) == -1) {
			log_warnx("%s: bad presence dropped: %s", topic, err);
			return;
		}
		if (c->central_down == !on.online)
			return;
		c->central_down = !on.online;
		log_info("central %s", on.online ? "online" : "offline");
		if (c->show.have_board)
			screen_show(c);
		return;
	}
	if (proto_board_decode(payload, len, &b, err, sizeof(err)) == -1) {
		log_warnx("%s: bad board dropped: %s", topic, err);
		return;
	}
	c->received = b;
	c->show.have_board = true;
	c->board_wait = 0;
	screen_show(c);
}

int
screen_due(const struct central *c, int64_t now)
{
	if (c->board_wait == 0)
		return -1;
	return c->board_wait > now ? (int)(c->board_wait - now) : 0;
}

void
screen_check(struct central *c, int64_t now)
{
	char topic[160];

	if (c->board_wait == 0 || now < c->board_wait)
		return;
	c->board_wait = 0;
	topic_board_zone(topic, sizeof(topic), c->conf->prefix, c->conf->zone);
	if (c->conf->zone[0] != '\0')
		log_warnx("no board received on %s within %d s: is the "
		    "central running, with a [zone %s] section in its file, "
		    "and may user %s read that topic (a screen credential)?",
		    topic, BOARD_WAIT_MS / 1000, c->conf->zone,
		    c->conf->mqtt.username[0] != '\0' ?
		    c->conf->mqtt.username : "(none)");
	else
		log_warnx("no board received on %s within %d s: is the "
		    "central running, and may user %s read that topic (a "
		    "screen credential)?", topic, BOARD_WAIT_MS / 1000,
		    c->conf->mqtt.username[0] != '\0' ?
		    c->conf->mqtt.username : "(none)");
}

static void
screen_connected(void *arg)
{
	struct central *c = arg;
	char topic[160];

	topic_board_zone(topic, sizeof(topic), c->conf->prefix, c->conf->zone);
	mqtt_subscribe(c->mqtt, topic, 1);
	topic_central_online(topic, sizeof(topic), c->conf->prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	/* A screen with a voice says the calls too. */
	if (c->show.ann != NULL) {
		topic_call(topic, sizeof(topic), c->conf->prefix);
		mqtt_subscribe(c->mqtt, topic, 1);
	}
	/* The board is retained: it comes at once or not at all. */
	if (!c->show.have_board)
		c->board_wait = mono_ms() + BOARD_WAIT_MS;
	else
		screen_show(c);
}

static void
screen_disconnected(void *arg)
{
	struct central *c = arg;

	if (c->show.have_board)
		screen_show(c);
}

const struct mqtt_callbacks screen_callbacks = {
	.connected = screen_connected,
	.disconnected = screen_disconnected,
	.message = screen_message,
};
