/*
 * web-hall.c - the hall as antre-web knows it (web-hall.h).
 *
 * Every payload is decoded by the protocol's codec before it touches
 * the hall: a bad one is logged (rate-limited, a box outside can send
 * them at any rate) and dropped, and what was known stays.
 */
#include "web-hall.h"

#include <stdio.h>
#include <string.h>

#include "log.h"

static struct log_limit bad_limit = { "bad payloads", 0, 0, 0 };

void
web_hall_init(struct web_hall *h, const char *prefix)
{
	memset(h, 0, sizeof(*h));
	snprintf(h->prefix, sizeof(h->prefix), "%s", prefix);
}

static void
bad(const char *topic, const char *what, const char *err)
{
	log_warnx_limited(&bad_limit, "%s: bad %s dropped: %s", topic, what,
	    err);
}

/* An empty retained payload (a cleared topic) counts as offline. */
static int
presence(const char *topic, const void *payload, size_t len,
    enum web_presence *p)
{
	struct proto_online on;
	enum web_presence now;
	char err[128];

	if (len == 0)
		now = WEB_OFFLINE;
	else if (proto_online_decode(payload, len, &on, err,
	    sizeof(err)) == -1) {
		bad(topic, "presence", err);
		return -1;
	} else
		now = on.online ? WEB_ONLINE : WEB_OFFLINE;
	if (*p == now)
		return 0;
	*p = now;
	return 1;
}

static int
desk_message(struct web_hall *h, const char *topic, int desk,
    const char *leaf, const void *payload, size_t len)
{
	struct proto_desk_state st;
	char err[128];

	if (strcmp(leaf, "online") == 0)
		return presence(topic, payload, len, &h->desk[desk]);
	if (strcmp(leaf, "state") != 0)
		return -1;
	if (len == 0)
		return 0;	/* a desk removed from the hall */
	if (proto_desk_state_decode(payload, len, &st, err,
	    sizeof(err)) == -1) {
		bad(topic, "desk state", err);
		return -1;
	}
	/* The board the central publishes with it says the same. */
	return 0;
}

static int
kiosk_message(const char *topic, const char *leaf, const void *payload,
    size_t len)
{
	struct proto_kiosk_status ks;
	char err[128];

	if (strcmp(leaf, "status") != 0)
		return -1;
	if (len == 0)
		return 0;
	if (proto_kiosk_status_decode(payload, len, &ks, err,
	    sizeof(err)) == -1) {
		bad(topic, "kiosk status", err);
		return -1;
	}
	/* A printer's trouble reaches the board's fault strip. */
	return 0;
}

static int
ack_message(struct web_hall *h, const char *topic, const void *payload,
    size_t len)
{
	struct admin_ack ack;
	char err[128];
	int i;

	if (admin_ack_decode(payload, len, &ack, err, sizeof(err)) == -1) {
		bad(topic, "admin answer", err);
		return -1;
	}
	for (i = 0; i < WEB_ANSWERS; i++)
		if (strcmp(h->sent[i].id, ack.id) == 0) {
			h->sent[i].answered = true;
			h->sent[i].ack = ack;
			return 0;
		}
	log_debug("%s: answer to %s, not ours or forgotten", topic, ack.id);
	return 0;
}

int
web_hall_message(struct web_hall *h, const char *topic, const void *payload,
    size_t len, int64_t now_ms)
{
	struct proto_call call;
	struct settings st;
	struct board b;
	const char *leaf;
	char want[160], err[128];
	int id, rc;

	(void)now_ms;
	if ((id = topic_parse_desk(topic, h->prefix, &leaf)) > 0) {
		rc = desk_message(h, topic, id, leaf, payload, len);
		goto out;
	}
	if (topic_parse_kiosk(topic, h->prefix, &leaf) > 0)
		return kiosk_message(topic, leaf, payload, len);
	topic_board(want, sizeof(want), h->prefix);
	if (strcmp(topic, want) == 0) {
		if (len == 0)
			return 0;
		if (proto_board_decode(payload, len, &b, err,
		    sizeof(err)) == -1) {
			bad(topic, "board", err);
			return -1;
		}
		if (b.zone[0] != '\0')
			return 0;	/* not the whole hall's */
		h->board = b;
		h->have_board = true;
		rc = 1;
		goto out;
	}
	topic_call(want, sizeof(want), h->prefix);
	if (strcmp(topic, want) == 0) {
		if (proto_call_decode(payload, len, &call, err,
		    sizeof(err)) == -1) {
			bad(topic, "call", err);
			return -1;
		}
		h->call_seq = call.seq;
		rc = 1;
		goto out;
	}
	topic_central_online(want, sizeof(want), h->prefix);
	if (strcmp(topic, want) == 0) {
		if ((rc = presence(topic, payload, len, &h->central)) == 1)
			log_info("central %s", h->central == WEB_ONLINE ?
			    "online" : "offline");
		goto out;
	}
	topic_settings(want, sizeof(want), h->prefix);
	if (strcmp(topic, want) == 0) {
		if (len == 0)
			return 0;
		if (settings_decode(payload, len, &st, err,
		    sizeof(err)) == -1) {
			bad(topic, "settings", err);
			return -1;
		}
		h->settings = st;
		h->have_settings = true;
		rc = 1;
		goto out;
	}
	topic_admin_ack(want, sizeof(want), h->prefix);
	if (strcmp(topic, want) == 0)
		return ack_message(h, topic, payload, len);
	log_debug("%s: not a topic antre-web reads", topic);
	return -1;
out:
	if (rc == 1)
		h->changes++;
	return rc;
}

int
web_hall_link(struct web_hall *h, bool up)
{
	if (h->link == up)
		return 0;
	h->link = up;
	h->changes++;
	return 1;
}

bool
web_hall_central_up(const struct web_hall *h)
{
	return h->link && h->central == WEB_ONLINE;
}

void
web_hall_sent(struct web_hall *h, const char *id, int64_t now_ms)
{
	struct web_sent *s = &h->sent[h->next_sent];

	memset(s, 0, sizeof(*s));
	snprintf(s->id, sizeof(s->id), "%s", id);
	s->sent_ms = now_ms;
	h->next_sent = (h->next_sent + 1) % WEB_ANSWERS;
}

enum web_answer
web_hall_answer(const struct web_hall *h, const char *id, int64_t now_ms,
    struct admin_ack *ack)
{
	const struct web_sent *s;
	int i;

	if (id == NULL || id[0] == '\0')
		return WEB_ANSWER_UNKNOWN;
	for (i = 0; i < WEB_ANSWERS; i++) {
		s = &h->sent[i];
		if (strcmp(s->id, id) != 0)
			continue;
		if (s->answered) {
			if (ack != NULL)
				*ack = s->ack;
			return s->ack.result == RESULT_OK ? WEB_ANSWER_OK :
			    WEB_ANSWER_REFUSED;
		}
		return now_ms - s->sent_ms >= WEB_ANSWER_WAIT_MS ?
		    WEB_ANSWER_TIMEOUT : WEB_ANSWER_PENDING;
	}
	return WEB_ANSWER_UNKNOWN;
}
