/*
 * central-day.c - the central's service day: starting on the log, the
 * day's close, the log's head kept outside it (anchor.h), and the
 * checks of a wall clock that may be wrong at a pop-up event.
 */
#include "central.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "central-int.h"
#include "clock.h"
#include "log.h"
#include "report.h"
#include "topic.h"

/* A wall clock that moved this much more or less than the monotonic one
 * between two checks jumped; one this much behind the log is wrong. */
#define CLOCK_SLACK_MS	(60 * 1000)
#define BUILD_MS	((int64_t)ANTRE_BUILD_EPOCH * 1000)

static void
head_path(const struct central *c, char *path, size_t len)
{
	snprintf(path, len, "%s.head", c->conf->db_path);
}

static void
head_set(struct central *c, const struct store_head *h)
{
	memset(&c->head, 0, sizeof(c->head));
	snprintf(c->head.day, sizeof(c->head.day), "%s", h->day);
	c->head.seq = h->seq;
	store_head_hex(h->hash, c->head.hash);
	store_head_short(h->hash, c->head.head);
	c->head.time_ms = h->time_ms;
	c->head_have = true;
	c->head_sent = false;
}

/* After a day's close: its last row is the log's head. */
static void
central_anchor(struct central *c)
{
	struct store_head h;
	char path[PATH_MAX];

	if (store_head(c->store, &h) == -1 || h.seq == 0) {
		log_warnx("log head: %s", store_error(c->store));
		return;
	}
	head_set(c, &h);
	log_info("day %s closed at row %lld, log head %s", h.day,
	    (long long)h.seq, c->head.head);
	head_path(c, path, sizeof(path));
	if (c->head_bad) {
		/* The evidence stays until someone has looked into it. */
		log_warnx("%s kept: it names a row this log does not hold; "
		    "remove it once the log is accepted", path);
		return;
	}
	if (anchor_write(path, &h) == -1)
		log_warn("%s: the log's head not written", path);
}

/* At start, before anything is written: the head of the last close must
 * still be in the log. */
static void
central_check_head(struct central *c)
{
	struct store_head want, h;
	char path[PATH_MAX], why[PATH_MAX + 64], shortform[STORE_HEAD_SHORT];
	int rc;

	head_path(c, path, sizeof(path));
	if ((rc = anchor_read(path, &want, why, sizeof(why))) != 1) {
		if (rc == 0)
			log_info("%s: no day closed yet: the log's head is "
			    "written at the next close", path);
		else
			log_warnx("%s; the log's head not checked", why);
		return;
	}
	/* By its row: a start does not scan the year's log. */
	if ((rc = store_head_at(c->store, want.seq, &h)) == -1) {
		log_warnx("%s: the log's head not checked: %s", path,
		    store_error(c->store));
		return;
	}
	if (rc == 1 && strcmp(h.day, want.day) == 0 &&
	    memcmp(h.hash, want.hash, STORE_HASH_LEN) == 0) {
		head_set(c, &h);
		log_info("log head of %s (row %lld) found: %s", h.day,
		    (long long)h.seq, c->head.head);
		return;
	}
	store_head_short(want.hash, shortform);
	log_warnx("%s: the log does not hold row %lld of %s with head %s, "
	    "written when that day closed (%s): the log was %s since", path,
	    (long long)want.seq, want.day, shortform, rc == 0 ?
	    "the row is gone" : "the row differs", rc == 0 ? "cut back" :
	    "rewritten or replaced");
	c->head_bad = true;
}

/* The retained anchor, once per connection. */
static void
central_publish_head(struct central *c)
{
	char topic[160];
	char *json;

	if (!mqtt_connected(c->mqtt)) {
		c->head_sent = false;
		return;
	}
	if (!c->head_have || c->head_sent)
		return;
	if ((json = proto_head_encode(&c->head)) == NULL)
		return;
	topic_central_head(topic, sizeof(topic), c->conf->prefix);
	if (mqtt_publish(c->mqtt, topic, json, 1, true, NULL) == 0)
		c->head_sent = true;
	free(json);
}

/* The board's warnings of this part: a log without its head, a clock
 * before the build or behind the log. Other warnings come first; these
 * return when those are gone. */
static void
central_clock_faults(struct central *c, int64_t now)
{
	const char *want = "";
	bool bad;

	bad = now < BUILD_MS || now + CLOCK_SLACK_MS < c->q.last_ms;
	if (bad != c->clock_bad) {
		if (bad && now < BUILD_MS)
			log_warnx("wall clock %lld s before this program was "
			    "built: it is wrong; set it (date -s)",
			    (long long)((BUILD_MS - now) / 1000));
		else if (bad)
			log_warnx("wall clock %lld s behind the log's last "
			    "event: it is wrong, or was set back; events keep "
			    "the log's time until it catches up",
			    (long long)((c->q.last_ms - now) / 1000));
		else
			log_info("wall clock plausible again");
		c->clock_bad = bad;
	}
	if (c->head_bad)
		want = FAULT_HEAD;
	else if (bad)
		want = FAULT_CLOCK;
	if (c->fault[0] == '\0' || strcmp(c->fault, FAULT_HEAD) == 0 ||
	    strcmp(c->fault, FAULT_CLOCK) == 0)
		central_set_fault(c, want);
}

/* Closes the engine's day in the log: one transaction of its own. */
static int
central_close_day(struct central *c, int64_t now)
{
	struct event *evs;
	int i, n, unserved = 0, rc = -1;

	n = queue_close_day_count(&c->q);
	if ((evs = calloc(n, sizeof(*evs))) == NULL) {
		log_warn("close day");
		return -1;
	}
	n = queue_close_day(&c->q, now, evs, n);
	for (i = 0; i < n; i++)
		unserved += evs[i].kind == EV_UNSERVED;
	/* The day's row of the report cache goes with its closing. */
	if (n >= 0 && store_begin(c->store) == 0 &&
	    central_log(c, evs, n) == 0 &&
	    report_cache_day(c->store, c->q.day) == 0 &&
	    store_commit(c->store) == 0) {
		log_info("day %s closed: %d ticket(s) not served", c->q.day,
		    unserved);
		central_anchor(c);
		rc = 0;
	} else {
		central_tx_failed(c);
	}
	free(evs);
	return rc;
}

/* A log from before the report cache gets the rows of its closed days
 * once (a year takes seconds on a Pi; logged). */
static int
central_backfill(struct central *c)
{
	int64_t t0 = mono_ms();
	int n;

	if (store_begin(c->store) == -1)
		return -1;
	if ((n = report_cache_backfill(c->store)) == -1 ||
	    store_commit(c->store) == -1) {
		store_rollback(c->store);
		log_warnx("report cache: %s", store_error(c->store));
		return -1;
	}
	if (n > 0)
		log_info("report cache: %d closed day(s) added in %lld ms", n,
		    (long long)(mono_ms() - t0));
	return 0;
}

int
central_start(struct central *c)
{
	struct command_rec rec;
	char day[11], last[11], box[24];
	int i, closed, found;

	/* The office's changes first: the day is rebuilt with them. */
	if (central_admin_start(c) == -1)
		return -1;
	queue_init(&c->q, &c->conf->queue, "1970-01-01");
	c->clock_wall = wall_ms();
	c->clock_mono = mono_ms();
	queue_service_day(c->clock_wall, c->conf->queue.day_start_min, day);
	memcpy(c->clock_day, day, sizeof(c->clock_day));
	/* Before anything is written: is the last close's head there? */
	central_check_head(c);
	found = store_last_day(c->store, last, &closed);
	if (found == -1)
		return -1;
	/* A clock behind the log never takes the hall back to an earlier
	 * day, nor reopens a closed one: the day after it is opened. */
	if (found == 1 && strcmp(day, last) < 0) {
		log_warnx("wall clock says service day %s, before the log's "
		    "last day %s: the clock is wrong", day, last);
		memcpy(day, last, sizeof(day));
	}
	if (found == 1 && closed && strcmp(day, last) == 0) {
		queue_day_after(last, day);
		log_warnx("service day %s is closed already: %s opens", last,
		    day);
	}
	/* A day left open (the central was off at the turn of the day) is
	 * closed now, so its waiting tickets are not carried over. */
	if (found == 1 && !closed && strcmp(last, day) < 0) {
		if (central_load(c, last) == -1)
			return -1;
		if (central_close_day(c, wall_ms()) == -1)
			return -1;
	}
	if (central_backfill(c) == -1)
		return -1;
	/* A log that cannot be read back would start a partial queue and
	 * issue numbers again: refuse to start (systemd tries again). */
	if (central_load(c, day) == -1)
		return -1;
	/* The retained states name each desk's last command, as before the
	 * restart: a desk waiting for that acknowledgement gets it. */
	for (i = 0; i < c->conf->queue.ndesks; i++) {
		snprintf(box, sizeof(box), "desk %d",
		    c->conf->queue.desks[i].id);
		if (store_command_last(c->store, box, &rec) == 1)
			desk_answer(&c->acks[i], rec.id, rec.result,
			    rec.reason, false);
	}
	return 0;
}

/*
 * The service day ends when the wall clock runs past the next day_start
 * (or at start-up, for a day left open). A jump of the wall clock, forward
 * or back, never ends it: on a hall without network the clock is set by
 * hand in the middle of a day, and that must not send everyone waiting
 * home nor restart the numbers. A day a jump took past its end closes
 * when the clock next runs past day_start, or at the next start. A clock
 * set back never reopens a day: events keep the log's last time until the
 * clock catches up (queue.c), and the board warns meanwhile.
 */
void
central_check_day(struct central *c, int64_t now)
{
	char day[11];
	int64_t mono, drift;

	if (c->conf->role != ROLE_CENTRAL)
		return;
	mono = mono_ms();
	drift = (now - c->clock_wall) - (mono - c->clock_mono);
	queue_service_day(now, c->conf->queue.day_start_min, day);
	if (drift > CLOCK_SLACK_MS || drift < -CLOCK_SLACK_MS)
		log_warnx("wall clock jumped %+lld s: service day %s goes on "
		    "until the clock runs past day_start", (long long)(drift /
		    1000), c->q.day);
	else if (strcmp(c->clock_day, day) < 0 && strcmp(day, c->q.day) > 0)
		c->day_due = true;
	c->clock_wall = now;
	memcpy(c->clock_day, day, sizeof(c->clock_day));
	c->clock_mono = mono;
	central_clock_faults(c, now);
	central_check_services(c, now);
	central_publish_head(c);
	if (!c->day_due || store_in_transaction(c->store))
		return;
	if (!c->q.day_closed && central_close_day(c, now) == -1)
		return;		/* tried again next iteration */
	c->day_due = false;
	if (strcmp(day, c->q.day) <= 0)	/* set back while the close failed */
		queue_day_after(c->q.day, day);
	log_info("service day %s: numbering restarts", day);
	central_load(c, day);
}
