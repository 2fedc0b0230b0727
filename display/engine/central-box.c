/*
 * central-box.c - the central's view of each box: its limits (a desk's
 * call guard, a kiosk's rate and tickets in flight, refusals recorded,
 * a flooding box not listened to for a while) and which connection is
 * the desk.
 */
#include "central-int.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "topic.h"

#define NOTICE_SECOND	"Koneksi ganda di loket %d"
/* A second connection stays noted on the board this long. */
#define NOTICE_MS	(5 * 60 * 1000)

static const char *const clog_what[CLOG_COUNT] = {
	"bad payload dropped", "command refused", "presence ignored",
	"take dropped",
};

/* The limiter of a kind of line a box outside can cause. */
struct log_limit *
central_limiter(struct central *c, enum central_log kind)
{
	c->logs[kind].what = clog_what[kind];
	return &c->logs[kind];
}

/* A second connection of a desk: logged (limited) and on the board for
 * a while. */
void
central_second(struct central *c, int desk, const char *what,
    const char *boot)
{
	log_warnx_limited(central_limiter(c, CLOG_PRESENCE),
	    "desk %d: %s from a second connection (\"%s\"; the desk is "
	    "boot \"%s\"); ignored", desk, what, boot,
	    c->acks[queue_desk_index(&c->q, desk)].boot);
	snprintf(c->notice, sizeof(c->notice), NOTICE_SECOND, desk);
	c->notice_until = mono_ms() + NOTICE_MS;
	c->board_dirty = true;
}

/* Whether a refusal of box is recorded in the log: at most
 * refusals_per_min a minute, the rest answered only (counted, logged
 * once a minute). */
bool
central_record_refusal(struct central *c, struct refusals *r,
    const char *box)
{
	int before;
	bool rec;

	rec = limits_refusal_record(r, c->conf->limits.refusals_per_min,
	    mono_ms(), &before);
	if (before > 0)
		log_warnx("%s: %d refusal(s) answered but not recorded in the "
		    "last minute", box, before);
	if (!rec && r->dropped == 1)
		log_warnx("%s: more than %d refusals this minute; the rest "
		    "are answered but not recorded", box,
		    c->conf->limits.refusals_per_min);
	return rec;
}

/* The central's own checks before the engine: the desk's connection,
 * the command's deadline, the call guard. RESULT_OK if they pass. */
enum proto_result
central_command_check(struct central *c, int di, int desk,
    const struct proto_cmd *cmd, int64_t now, char *reason, size_t len)
{
	struct desk_ack *a = &c->acks[di];
	size_t n = strlen(a->boot);
	int wait;

	if (n > 0 && (strncmp(cmd->id, a->boot, n) != 0 ||
	    cmd->id[n] != '-')) {
		central_second(c, desk, "a command", cmd->id);
		snprintf(reason, len, "not the connected desk (boot of %s)",
		    cmd->id);
		return RESULT_REFUSED;
	}
	if (cmd->deadline_ms != 0 && now > cmd->deadline_ms) {
		/* The desk has given up on it and told the officer: applying
		 * it now would call a number nobody is waiting for. */
		snprintf(reason, len, "arrived %lld ms too late",
		    (long long)(now - cmd->deadline_ms));
		return RESULT_REFUSED;
	}
	if ((cmd->op == OP_NEXT || cmd->op == OP_NOSHOW) &&
	    (wait = limits_guard_check(&a->guard,
	    c->conf->limits.desk_guard_ms, mono_ms())) > 0) {
		snprintf(reason, len, "too fast: next call in %d ms", wait);
		return RESULT_REFUSED;
	}
	return RESULT_OK;
}


/* Tickets of kiosk not yet acknowledged by the broker: published, or
 * waiting for this iteration's commit. */
int
central_kiosk_pending(struct central *c, int kiosk)
{
	int i, n = c->kiosks[kiosk].inflight;

	for (i = 0; i < c->nreplies; i++)
		n += c->replies[i].kiosk == kiosk &&
		    c->replies[i].t.result == RESULT_OK;
	return n;
}

/* The central's own checks before the engine: the kiosk's rate and its
 * answers in flight. RESULT_OK if they pass. */
enum proto_result
central_take_check(struct central *c, int kiosk, char *reason, size_t len)
{
	const struct limits_conf *lc = &c->conf->limits;
	struct kiosk_box *k = &c->kiosks[kiosk];

	if (!limits_bucket_take(&k->bucket, lc->kiosk_rate, lc->kiosk_burst,
	    mono_ms())) {
		snprintf(reason, len, "too many takes (%d a minute)",
		    lc->kiosk_rate);
		return RESULT_REFUSED;
	}
	if (lc->kiosk_inflight > 0 &&
	    central_kiosk_pending(c, kiosk) >= lc->kiosk_inflight) {
		snprintf(reason, len, "earlier tickets not yet delivered");
		return RESULT_REFUSED;
	}
	return RESULT_OK;
}


/* The board's warning strip: the fault, then the notes. */
void
central_board_fault(struct central *c, char *buf, size_t len)
{
	const char *parts[4] = { c->fault, c->replay_warn, c->notice,
	    c->kiosk_fault };
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < 4; i++) {
		if (parts[i][0] == '\0' || n >= len)
			continue;
		n += snprintf(buf + n, len - n, "%s%s", n > 0 ? " · " : "",
		    parts[i]);
	}
	if (n >= len) {
		/* Cut at a whole character: the board's text is UTF-8. */
		n = len - 1;
		while (n > 0 && ((unsigned char)buf[n] & 0xc0) == 0x80)
			n--;
		buf[n] = '\0';
	}
}


/*
 * A desk's presence. The desk is the connection of the boot that last
 * said "online": a desk that reboots says so with its new boot id. An
 * "offline" from any other boot (a second connection of the same user,
 * or its will) is ignored, and so are commands from other boots
 * (central_command_check()); both are logged and noted on the board.
 */
void
central_presence(struct central *c, int desk, const struct proto_online *on)
{
	struct desk_ack *a;
	int di;

	if ((di = queue_desk_index(&c->q, desk)) < 0) {
		log_warnx_limited(central_limiter(c, CLOG_PRESENCE),
		    "desk %d is not in the configuration; presence ignored",
		    desk);
		return;
	}
	a = &c->acks[di];
	if (on->online) {
		if (a->boot[0] != '\0' && strcmp(a->boot, on->boot) != 0 &&
		    c->q.desks[di].online) {
			log_warnx("desk %d: a new connection (boot \"%s\") "
			    "replaces boot \"%s\"", desk, on->boot, a->boot);
			snprintf(c->notice, sizeof(c->notice), NOTICE_SECOND,
			    desk);
			c->notice_until = mono_ms() + NOTICE_MS;
		}
		snprintf(a->boot, sizeof(a->boot), "%s", on->boot);
	} else {
		if (a->boot[0] != '\0' && strcmp(a->boot, on->boot) != 0) {
			central_second(c, desk, "\"offline\"", on->boot);
			return;
		}
		a->boot[0] = '\0';
	}
	queue_set_online(&c->q, desk, on->online);
	c->board_dirty = true;
}


/*
 * A box that sends more than flood_per_min messages a minute (beyond a
 * burst of flood_burst) floods the broker's queue towards the central,
 * which then drops messages of every box alike. The central stops
 * listening to that box alone (it unsubscribes from its topic) for
 * flood_mute_s, so the broker discards its messages and the other boxes
 * keep their answers. Logged once per mute.
 */
static void
central_mute(struct central *c, const char *topic, int64_t *until,
    const char *box)
{
	int s = c->conf->limits.flood_mute_s;

	*until = mono_ms() + (int64_t)s * 1000;
	if (mqtt_unsubscribe(c->mqtt, topic) == 0)
		log_warnx("%s: more than %d messages a minute; not listened "
		    "to for %d s", box, c->conf->limits.flood_per_min, s);
}

bool
central_flood(struct central *c, int desk, int kiosk)
{
	const struct limits_conf *lc = &c->conf->limits;
	struct bucket *b;
	int64_t *until, now = mono_ms();
	char topic[160], box[24];
	int di = -1;

	if (desk > 0) {
		if ((di = queue_desk_index(&c->q, desk)) < 0)
			return false;
		b = &c->acks[di].flood;
		until = &c->acks[di].muted_until;
		topic_desk_cmd(topic, sizeof(topic), c->conf->prefix, desk);
		snprintf(box, sizeof(box), "desk %d", desk);
	} else {
		if (kiosk < 1 || kiosk > KIOSK_ID_MAX)
			return false;
		b = &c->kiosks[kiosk].flood;
		until = &c->kiosks[kiosk].muted_until;
		topic_kiosk_take(topic, sizeof(topic), c->conf->prefix, kiosk);
		snprintf(box, sizeof(box), "kiosk %d", kiosk);
	}
	if (*until != 0)
		return true;	/* still in the broker's queue */
	if (limits_bucket_take(b, lc->flood_per_min, lc->flood_burst, now))
		return false;
	if (lc->flood_mute_s > 0)
		central_mute(c, topic, until, box);
	return true;
}

void
central_subscribe_boxes(struct central *c)
{
	char topic[160];
	int i;

	for (i = 0; i < c->conf->queue.ndesks; i++) {
		if (c->acks[i].muted_until != 0)
			continue;
		topic_desk_cmd(topic, sizeof(topic), c->conf->prefix,
		    c->conf->queue.desks[i].id);
		mqtt_subscribe(c->mqtt, topic, 1);
	}
	for (i = 1; i <= KIOSK_ID_MAX; i++) {
		if (c->kiosks[i].muted_until != 0)
			continue;
		topic_kiosk_take(topic, sizeof(topic), c->conf->prefix, i);
		mqtt_subscribe(c->mqtt, topic, 1);
	}
}

void
central_unmute(struct central *c)
{
	int64_t now = mono_ms();
	char topic[160];
	int i;

	for (i = 0; i < c->conf->queue.ndesks; i++) {
		if (c->acks[i].muted_until == 0 ||
		    now < c->acks[i].muted_until)
			continue;
		c->acks[i].muted_until = 0;
		c->acks[i].flood = (struct bucket){ 0 };
		topic_desk_cmd(topic, sizeof(topic), c->conf->prefix,
		    c->conf->queue.desks[i].id);
		if (mqtt_connected(c->mqtt))
			mqtt_subscribe(c->mqtt, topic, 1);
		log_info("desk %d: listened to again",
		    c->conf->queue.desks[i].id);
	}
	for (i = 1; i <= KIOSK_ID_MAX; i++) {
		if (c->kiosks[i].muted_until == 0 ||
		    now < c->kiosks[i].muted_until)
			continue;
		c->kiosks[i].muted_until = 0;
		c->kiosks[i].flood = (struct bucket){ 0 };
		topic_kiosk_take(topic, sizeof(topic), c->conf->prefix, i);
		if (mqtt_connected(c->mqtt))
			mqtt_subscribe(c->mqtt, topic, 1);
		log_info("kiosk %d: listened to again", i);
	}
}

void
central_published(struct central *c, int mid)
{
	int i;

	for (i = 0; i < c->ninflight; i++) {
		if (c->inflight[i].mid != mid)
			continue;
		c->kiosks[c->inflight[i].kiosk].inflight--;
		c->inflight[i] = c->inflight[--c->ninflight];
		return;
	}
}
