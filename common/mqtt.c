/*
 * mqtt.c - libmosquitto in our own poll() loop.
 *
 * libmosquitto offers a thread (mosquitto_loop_start) but every Antre
 * program is one single-threaded poll loop, so we drive the socket with
 * mosquitto_loop_read/write/misc and do reconnection ourselves: after a
 * lost connection the next attempt waits 1 s, doubling up to 30 s, plus
 * up to 25% jitter so thirty desks do not all hit a restarted broker in
 * the same millisecond.
 */
#include "mqtt.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mosquitto.h>

#include "clock.h"
#include "log.h"

#define BACKOFF_MIN_MS	1000
#define BACKOFF_MAX_MS	30000
#define MQTT_READ_BATCH	1024	/* packets per mqtt_handle() at most */
#define MQTT_VERIFY_PEER	1	/* SSL_VERIFY_PEER: mosquitto_tls_opts_set(3) */

struct mqtt {
	struct mosquitto		*mosq;
	struct mqtt_conf		 conf;
	struct mqtt_callbacks		 cb;
	void				*arg;
	bool				 started;	/* connect attempted */
	bool				 connected;	/* CONNACK seen */
	bool				 sock_open;
	int64_t				 retry_at;	/* mono ms */
	int				 backoff_ms;
	int				 last_refusal;	/* CONNACK code */
	char				 lib_err[160];	/* libmosquitto's last */
	bool				 tls_warned;	/* since the last CONNACK */
	int64_t				 last_out;	/* mono ms: sent */
	char				*client_id;
	char				*will_topic;
	char				*will_payload;
};

static void
mqtt_on_connect(struct mosquitto *mosq, void *obj, int rc)
{
	struct mqtt *m = obj;

	(void)mosq;
	if (rc != 0) {
		/* Log a refusal once, not at every retry. */
		if (rc != m->last_refusal)
			log_warnx("mqtt: %s:%d refused the connection: %s",
			    m->conf.host, m->conf.port,
			    mosquitto_connack_string(rc));
		m->last_refusal = rc;
		return;
	}
	m->last_refusal = 0;
	m->tls_warned = false;
	m->connected = true;
	m->last_out = mono_ms();
	m->backoff_ms = BACKOFF_MIN_MS;
	log_info("mqtt: connected to %s:%d", m->conf.host, m->conf.port);
	if (m->cb.connected != NULL)
		m->cb.connected(m->arg);
}

/* libmosquitto's own error lines say why a TLS handshake failed
 * ("certificate verify failed"); keep the last for mqtt_fail(). */
static void
mqtt_on_log(struct mosquitto *mosq, void *obj, int level, const char *str)
{
	struct mqtt *m = obj;

	(void)mosq;
	if (level == MOSQ_LOG_ERR)
		snprintf(m->lib_err, sizeof(m->lib_err), "%s", str);
}

static void
mqtt_on_message(struct mosquitto *mosq, void *obj,
    const struct mosquitto_message *msg)
{
	struct mqtt *m = obj;

	(void)mosq;
	/* libmosquitto answered it (PUBACK, PUBREC): a packet sent, which
	 * moves its next keepalive ping as much as our own publishes do.
	 * Missing it, the ping comes a keepalive late and the broker drops
	 * the connection. */
	if (msg->qos > 0)
		m->last_out = mono_ms();
	if (m->cb.message != NULL)
		m->cb.message(m->arg, msg->topic, msg->payload,
		    (size_t)msg->payloadlen, msg->retain);
}

static void
mqtt_on_publish(struct mosquitto *mosq, void *obj, int mid)
{
	struct mqtt *m = obj;

	(void)mosq;
	if (m->cb.published != NULL)
		m->cb.published(m->arg, mid);
}

/*
 * A fresh libmosquitto object for every connection attempt: libmosquitto
 * resends unacknowledged QoS 1 messages after a reconnect, and a desk
 * press that could not be delivered in time must never arrive later.
 * Whoever owns state republishes it on connected() instead.
 */
static int
mqtt_setup(struct mqtt *m)
{
	const struct mqtt_conf *mc = &m->conf;
	int rc;

	if (m->mosq != NULL)
		mosquitto_destroy(m->mosq);
	/* clean session: a rebooted desk must not receive stale messages
	 * queued for its previous life. */
	if ((m->mosq = mosquitto_new(m->client_id, true, m)) == NULL) {
		log_warn("mqtt: mosquitto_new");
		return -1;
	}
	mosquitto_int_option(m->mosq, MOSQ_OPT_TCP_NODELAY, 1);
	mosquitto_connect_callback_set(m->mosq, mqtt_on_connect);
	mosquitto_message_callback_set(m->mosq, mqtt_on_message);
	mosquitto_publish_callback_set(m->mosq, mqtt_on_publish);
	mosquitto_log_callback_set(m->mosq, mqtt_on_log);
	if (mc->username[0] != '\0') {
		rc = mosquitto_username_pw_set(m->mosq, mc->username,
		    mc->password[0] != '\0' ? mc->password : NULL);
		if (rc != MOSQ_ERR_SUCCESS) {
			log_warnx("mqtt: username: %s", mosquitto_strerror(rc));
			return -1;
		}
	}
	if (mc->cafile[0] != '\0') {
		rc = mosquitto_tls_set(m->mosq, mc->cafile, NULL,
		    mc->certfile[0] != '\0' ? mc->certfile : NULL,
		    mc->keyfile[0] != '\0' ? mc->keyfile : NULL, NULL);
		if (rc != MOSQ_ERR_SUCCESS) {
			log_warnx("mqtt: TLS setup (cafile %s): %s",
			    mc->cafile, mosquitto_strerror(rc));
			return -1;
		}
		/*
		 * Stated, not left to libmosquitto's defaults: the broker's
		 * certificate must chain to cafile (SSL_VERIFY_PEER, 1) and
		 * name the host we connect to, and nothing older than TLS 1.2
		 * is spoken. Only then does the password travel.
		 */
		rc = mosquitto_tls_opts_set(m->mosq, MQTT_VERIFY_PEER,
		    "tlsv1.2", NULL);
		if (rc == MOSQ_ERR_SUCCESS)
			rc = mosquitto_tls_insecure_set(m->mosq, false);
		if (rc != MOSQ_ERR_SUCCESS) {
			log_warnx("mqtt: TLS options: %s",
			    mosquitto_strerror(rc));
			return -1;
		}
	}
	if (m->will_topic != NULL) {
		rc = mosquitto_will_set(m->mosq, m->will_topic,
		    (int)strlen(m->will_payload), m->will_payload, 1, true);
		if (rc != MOSQ_ERR_SUCCESS) {
			log_warnx("mqtt: will: %s", mosquitto_strerror(rc));
			return -1;
		}
	}
	return 0;
}

struct mqtt *
mqtt_new(const struct mqtt_conf *mc, const char *client_id,
    const char *will_topic, const char *will_payload,
    const struct mqtt_callbacks *cb, void *arg)
{
	struct mqtt *m;

	mosquitto_lib_init();
	if ((m = calloc(1, sizeof(*m))) == NULL) {
		log_warn("mqtt");
		return NULL;
	}
	m->conf = *mc;
	m->cb = *cb;
	m->arg = arg;
	m->backoff_ms = BACKOFF_MIN_MS;
	if ((m->client_id = strdup(client_id)) == NULL)
		goto err;
	if (will_topic != NULL &&
	    ((m->will_topic = strdup(will_topic)) == NULL ||
	    (m->will_payload = strdup(will_payload)) == NULL))
		goto err;
	/* Set up once now so a bad TLS file is reported at start. */
	if (mqtt_setup(m) == -1)
		goto err;
	return m;

err:
	if (errno == ENOMEM)
		log_warn("mqtt");
	mqtt_free(m);
	return NULL;
}

void
mqtt_free(struct mqtt *m)
{
	if (m == NULL)
		return;
	if (m->mosq != NULL)
		mosquitto_destroy(m->mosq);
	free(m->client_id);
	free(m->will_topic);
	free(m->will_payload);
	free(m);
	mosquitto_lib_cleanup();
}

/* The connection is gone: schedule the next attempt. */
static void
mqtt_lost(struct mqtt *m, int64_t now, const char *why)
{
	bool was = m->connected;
	int jitter;

	m->connected = false;
	m->sock_open = false;
	jitter = m->backoff_ms / 4 > 0 ? rand() % (m->backoff_ms / 4) : 0;
	m->retry_at = now + m->backoff_ms + jitter;
	if (was)
		log_warnx("mqtt: connection to %s:%d lost: %s", m->conf.host,
		    m->conf.port, why);
	else
		log_debug("mqtt: %s:%d: %s; retrying in %d ms", m->conf.host,
		    m->conf.port, why, m->backoff_ms + jitter);
	m->backoff_ms *= 2;
	if (m->backoff_ms > BACKOFF_MAX_MS)
		m->backoff_ms = BACKOFF_MAX_MS;
	if (was && m->cb.disconnected != NULL)
		m->cb.disconnected(m->arg);
}

static const char *
mqtt_errstr(int rc)
{
	return rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc);
}

/*
 * A libmosquitto call failed with rc. A failed TLS handshake (wrong CA, a
 * certificate that does not name the host) would otherwise only show at
 * debug level among the retries: say it once, with OpenSSL's reason.
 */
static void
mqtt_fail(struct mqtt *m, int64_t now, int rc)
{
	if (rc == MOSQ_ERR_TLS && !m->connected && !m->tls_warned) {
		log_warnx("mqtt: TLS with %s:%d failed: %s (is cafile %s the "
		    "hall CA, and does the broker's certificate name %s?)",
		    m->conf.host, m->conf.port, m->lib_err[0] != '\0' ?
		    m->lib_err : mosquitto_strerror(rc), m->conf.cafile,
		    m->conf.host);
		m->tls_warned = true;
	}
	mqtt_lost(m, now, mqtt_errstr(rc));
}

static void
mqtt_attempt(struct mqtt *m, int64_t now)
{
	int rc;

	if (m->started && mqtt_setup(m) == -1) {
		mqtt_lost(m, now, "cannot set up the client");
		return;
	}
	m->started = true;
	m->lib_err[0] = '\0';
	rc = mosquitto_connect_async(m->mosq, m->conf.host, m->conf.port,
	    m->conf.keepalive);
	if (rc != MOSQ_ERR_SUCCESS) {
		mqtt_fail(m, now, rc);
		return;
	}
	m->sock_open = true;
}

int
mqtt_fd(struct mqtt *m)
{
	return m->sock_open ? mosquitto_socket(m->mosq) : -1;
}

short
mqtt_events(struct mqtt *m)
{
	if (!m->sock_open)
		return 0;
	return POLLIN | (mosquitto_want_write(m->mosq) ? POLLOUT : 0);
}

void
mqtt_handle(struct mqtt *m, short revents)
{
	struct pollfd pfd;
	int rc, i;

	if (!m->sock_open)
		return;
	if (revents & (POLLIN | POLLHUP | POLLERR)) {
		/*
		 * Read everything that is there, not one packet per poll():
		 * the central commits all commands of one loop iteration in
		 * one transaction, and that only helps if they are read
		 * together. libmosquitto reads a packet at a time from the
		 * socket, so the socket itself says whether more is waiting.
		 */
		for (i = 0; i < MQTT_READ_BATCH; i++) {
			rc = mosquitto_loop_read(m->mosq, 1);
			if (rc != MOSQ_ERR_SUCCESS) {
				mqtt_fail(m, mono_ms(), rc);
				return;
			}
			pfd.fd = mosquitto_socket(m->mosq);
			pfd.events = POLLIN;
			if (pfd.fd < 0 || poll(&pfd, 1, 0) != 1)
				break;
		}
	}
	if (revents & POLLOUT) {
		rc = mosquitto_loop_write(m->mosq, 1);
		if (rc != MOSQ_ERR_SUCCESS)
			mqtt_fail(m, mono_ms(), rc);
	}
}

int
mqtt_tick(struct mqtt *m, int64_t now)
{
	int64_t wait;
	int rc;

	if (!m->sock_open) {
		if (now >= m->retry_at)
			mqtt_attempt(m, now);
		if (!m->sock_open)
			return (int)(m->retry_at - now);
	}
	rc = mosquitto_loop_misc(m->mosq);
	if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_NO_CONN) {
		mqtt_fail(m, now, rc);
		return (int)(m->retry_at - now);
	}
	if (rc == MOSQ_ERR_NO_CONN && mosquitto_socket(m->mosq) < 0) {
		mqtt_lost(m, now, "closed");
		return (int)(m->retry_at - now);
	}
	/* Until the CONNACK, check once a second: loop_misc gives up on a
	 * broker that accepts TCP but never answers. */
	if (!m->connected)
		return 1000;
	/*
	 * Idle, wake only when a PINGREQ is due: a keepalive after the last
	 * packet we sent, plus a second because libmosquitto counts whole
	 * seconds. The broker waits 1.5 keepalives (keepalive >= 5 s), so
	 * this stays well inside it, and an idle desk wakes twice per
	 * keepalive (the ping and its answer).
	 */
	wait = m->last_out + (int64_t)m->conf.keepalive * 1000 + 1000 - now;
	if (wait <= 0) {
		m->last_out = now;	/* loop_misc above has just pinged */
		wait = (int64_t)m->conf.keepalive * 1000 + 1000;
	}
	return (int)wait;
}

bool
mqtt_connected(const struct mqtt *m)
{
	return m->connected;
}

int
mqtt_subscribe(struct mqtt *m, const char *topic, int qos)
{
	int rc;

	rc = mosquitto_subscribe(m->mosq, NULL, topic, qos);
	m->last_out = mono_ms();
	if (rc != MOSQ_ERR_SUCCESS) {
		log_warnx("mqtt: subscribe %s: %s", topic, mqtt_errstr(rc));
		return -1;
	}
	return 0;
}

int
mqtt_unsubscribe(struct mqtt *m, const char *topic)
{
	int rc;

	if (!m->connected)
		return -1;
	rc = mosquitto_unsubscribe(m->mosq, NULL, topic);
	m->last_out = mono_ms();
	if (rc != MOSQ_ERR_SUCCESS) {
		log_warnx("mqtt: unsubscribe %s: %s", topic, mqtt_errstr(rc));
		return -1;
	}
	return 0;
}

int
mqtt_publish(struct mqtt *m, const char *topic, const char *payload,
    int qos, bool retain, int *mid)
{
	int rc;

	if (!m->connected)
		return -1;
	rc = mosquitto_publish(m->mosq, mid, topic, (int)strlen(payload),
	    payload, qos, retain);
	m->last_out = mono_ms();
	if (rc != MOSQ_ERR_SUCCESS) {
		log_warnx("mqtt: publish %s: %s", topic, mqtt_errstr(rc));
		return -1;
	}
	return 0;
}

int
mqtt_clear_retained(struct mqtt *m, const char *topic)
{
	int rc;

	if (!m->connected)
		return -1;
	rc = mosquitto_publish(m->mosq, NULL, topic, 0, NULL, 1, true);
	return rc == MOSQ_ERR_SUCCESS ? 0 : -1;
}

void
mqtt_disconnect(struct mqtt *m)
{
	int i;

	if (!m->sock_open)
		return;
	mosquitto_disconnect(m->mosq);
	/* Flush the DISCONNECT (and anything queued before it). */
	for (i = 0; i < 10 && mosquitto_want_write(m->mosq); i++)
		if (mosquitto_loop_write(m->mosq, 1) != MOSQ_ERR_SUCCESS)
			break;
	m->connected = false;
	m->sock_open = false;
}
