/*
 * mqtt.h - an MQTT client that lives in the caller's poll() loop: no
 * library thread, reconnection with backoff, a will, callbacks. The only
 * file of each program that includes <mosquitto.h> is mqtt.c.
 */
#ifndef ANTRE_MQTT_H
#define ANTRE_MQTT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"

struct mqtt_conf {
	char	host[128];
	int	port;
	char	username[64];
	char	password[128];
	char	password_file[256];	/* read at start if password == "" */
	const char *conf_path;		/* the configuration that named it, */
	int	password_file_line;	/* and its line, for errors */
	int	keepalive;		/* seconds */
	char	cafile[256];		/* TLS when set */
	char	certfile[256];
	char	keyfile[256];
};

void	mqtt_conf_defaults(struct mqtt_conf *mc);
/* Handles one key of an [mqtt] section; 0 or -1 (reported). */
int	mqtt_conf_key(struct conf_ctx *ctx, struct mqtt_conf *mc,
	    const char *key, const char *value);
/* Loads the password file if one is named; 0 or -1 (logged). */
int	mqtt_conf_finish(struct mqtt_conf *mc);

struct mqtt_callbacks {
	/* After each successful CONNACK: subscribe and publish presence. */
	void	(*connected)(void *arg);
	/* After the connection is lost (not called when never connected). */
	void	(*disconnected)(void *arg);
	void	(*message)(void *arg, const char *topic, const void *payload,
		    size_t len, bool retained);
	/* A QoS 1 publish was acknowledged by the broker. */
	void	(*published)(void *arg, int mid);
};

struct mqtt;

/*
 * client_id must be unique on the broker. will_topic/will_payload (may be
 * NULL) are published retained at QoS 1 by the broker if the connection
 * dies. The first connection attempt happens in mqtt_tick().
 */
struct mqtt	*mqtt_new(const struct mqtt_conf *mc, const char *client_id,
		    const char *will_topic, const char *will_payload,
		    const struct mqtt_callbacks *cb, void *arg);
void		 mqtt_free(struct mqtt *m);

/* For poll(): the socket (or -1 while disconnected) and the events to
 * wait for. */
int		 mqtt_fd(struct mqtt *m);
short		 mqtt_events(struct mqtt *m);
/* Feeds poll()'s revents for mqtt_fd(). */
void		 mqtt_handle(struct mqtt *m, short revents);
/* Keepalive and reconnection; call every loop iteration. Returns the
 * number of milliseconds after which it wants to be called again. */
int		 mqtt_tick(struct mqtt *m, int64_t now_ms);

bool		 mqtt_connected(const struct mqtt *m);
int		 mqtt_subscribe(struct mqtt *m, const char *topic, int qos);
int		 mqtt_unsubscribe(struct mqtt *m, const char *topic);
/* Queues a publish; *mid (may be NULL) identifies it for published().
 * 0, or -1 when not connected or the message was refused (logged). */
int		 mqtt_publish(struct mqtt *m, const char *topic,
		    const char *payload, int qos, bool retain, int *mid);
/* Sends DISCONNECT (the will is not published) and closes. */
void		 mqtt_disconnect(struct mqtt *m);
/* Clears a retained message. */
int		 mqtt_clear_retained(struct mqtt *m, const char *topic);

#endif
