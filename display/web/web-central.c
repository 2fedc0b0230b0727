/*
 * web-central.c - antre-web's link to the central (web-central.h): one
 * MQTT client with the web credential, in the server's poll loop. It
 * reads what the central publishes into the hall (web-hall.c), tells
 * the live pages when the hall changed, and sends the admin's changes.
 *
 * antre-web publishes no presence and no will: nobody waits for it,
 * and its ACL lets it write P/admin/cmd alone.
 */
#include "web-central.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/random.h>

#include "clock.h"
#include "config.h"
#include "log.h"
#include "mqtt.h"
#include "web-conf.h"
#include "web-hall.h"
#include "web-live.h"
#include "web-page.h"

struct web_central {
	struct web_site	*site;
	struct mqtt	*mqtt;
	struct web_hall	 hall;
	char		 boot[9];	/* of this process, in command ids */
	unsigned long	 seq;
};

static void
central_connected(void *arg)
{
	struct web_central *c = arg;
	const char *prefix = c->hall.prefix;
	char topic[160];

	/* Retained topics come back whole on every subscription. */
	topic_board(topic, sizeof(topic), prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	topic_desk_online_any(topic, sizeof(topic), prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	snprintf(topic, sizeof(topic), "%s/desk/+/state", prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	topic_call(topic, sizeof(topic), prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	topic_central_online(topic, sizeof(topic), prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	topic_kiosk_status_any(topic, sizeof(topic), prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	topic_settings(topic, sizeof(topic), prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	topic_admin_ack(topic, sizeof(topic), prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	log_info("connected to the broker");
	if (web_hall_link(&c->hall, true) == 1)
		web_live_changed(c->site);
}

static void
central_disconnected(void *arg)
{
	struct web_central *c = arg;

	log_warnx("lost the broker");
	if (web_hall_link(&c->hall, false) == 1)
		web_live_changed(c->site);
}

static void
central_message(void *arg, const char *topic, const void *payload,
    size_t len, bool retained)
{
	struct web_central *c = arg;

	(void)retained;
	if (web_hall_message(&c->hall, topic, payload, len, mono_ms()) == 1)
		web_live_changed(c->site);
}

struct web_central *
web_central_open(struct web_site *s, const struct web_conf *wc)
{
	static const struct mqtt_callbacks cb = {
		.connected = central_connected,
		.disconnected = central_disconnected,
		.message = central_message,
	};
	struct web_central *c;
	unsigned char rnd[4];
	char host[64], client_id[128];
	size_t i;

	if (s->hall == NULL) {
		log_warnx("web: no hall configuration");
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		log_warn("web");
		return NULL;
	}
	c->site = s;
	web_hall_init(&c->hall, s->hall->prefix);
	/* Command ids must not repeat across restarts: the central keeps
	 * the answers it gave by id. */
	if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd)) {
		log_warn("getrandom");
		free(c);
		return NULL;
	}
	for (i = 0; i < sizeof(rnd); i++)
		snprintf(c->boot + 2 * i, 3, "%02x", rnd[i]);
	if (gethostname(host, sizeof(host)) == -1)
		snprintf(host, sizeof(host), "central");
	host[sizeof(host) - 1] = '\0';
	snprintf(client_id, sizeof(client_id), "antre-web-%s-%d", host,
	    (int)getpid());
	if ((c->mqtt = mqtt_new(&wc->mqtt, client_id, NULL, NULL, &cb,
	    c)) == NULL) {
		free(c);
		return NULL;
	}
	return c;
}

void
web_central_close(struct web_central *c)
{
	if (c == NULL)
		return;
	if (mqtt_connected(c->mqtt))
		mqtt_disconnect(c->mqtt);
	mqtt_free(c->mqtt);
	free(c);
}

int
web_central_fd(struct web_central *c)
{
	return mqtt_fd(c->mqtt);
}

short
web_central_events(struct web_central *c)
{
	return mqtt_events(c->mqtt);
}

void
web_central_handle(struct web_central *c, short revents)
{
	mqtt_handle(c->mqtt, revents);
}

int
web_central_tick(struct web_central *c, int64_t now_ms)
{
	int a, b;

	a = mqtt_tick(c->mqtt, now_ms);
	b = web_live_tick(c->site, now_ms);
	if (b >= 0 && (a < 0 || b < a))
		return b;
	return a;
}

const struct web_hall *
web_central_hall(const struct web_site *s)
{
	return s->central != NULL ? &s->central->hall : NULL;
}

const struct settings *
web_central_settings(const struct web_site *s)
{
	if (s->central == NULL || !s->central->hall.have_settings)
		return NULL;
	return &s->central->hall.settings;
}

int
web_central_send(const struct web_site *s, struct admin_cmd *cmd, char *why,
    size_t whylen)
{
	struct web_central *c = s->central;
	char topic[160], *json;

	if (c == NULL || !mqtt_connected(c->mqtt) ||
	    !web_hall_central_up(&c->hall)) {
		snprintf(why, whylen, "Pusat tidak terhubung");
		return -1;
	}
	snprintf(cmd->id, sizeof(cmd->id), "web-%s-%lu", c->boot, ++c->seq);
	if ((json = admin_cmd_encode(cmd)) == NULL) {
		snprintf(why, whylen, "Perintah tidak dapat disusun");
		return -1;
	}
	topic_admin_cmd(topic, sizeof(topic), c->hall.prefix);
	if (mqtt_publish(c->mqtt, topic, json, 1, false, NULL) == -1) {
		free(json);
		snprintf(why, whylen, "Pusat tidak terhubung");
		return -1;
	}
	free(json);
	web_hall_sent(&c->hall, cmd->id, mono_ms());
	log_info("admin %s: %s by %s", cmd->op == ADMIN_SET ? "set" : "note",
	    cmd->id, cmd->user);
	return 0;
}

enum web_answer
web_central_answer(const struct web_site *s, const char *id,
    struct admin_ack *ack)
{
	if (s->central == NULL)
		return WEB_ANSWER_UNKNOWN;
	return web_hall_answer(&s->central->hall, id, mono_ms(), ack);
}
