/*
 * central-admin.c - the office's changes to the running hall: antre-web's
 * command on P/admin/cmd checked whole (settings.c), written to the log
 * as one 'setting' event and committed, then applied live (names and
 * limits of the services, the desks' order, the running text, the
 * voice's quiet hours), kept in settings.conf, and only then answered on
 * P/admin/ack with the new settings retained on P/settings. At start,
 * the log's changes that settings.conf does not hold yet (it could not
 * be written) are applied over it.
 */
#include "central.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "log.h"
#include "central-int.h"
#include "settings.h"
#include "topic.h"

#define WEB_BOX		"web"	/* the commands table's box of antre-web */
#define WHY_STORAGE	"Penyimpanan bermasalah: perubahan tidak disimpan"
#define WHY_UNREADABLE	"Perintah tidak dapat dibaca"
#define WHY_VALUE	"Isian tidak sah atau terlalu panjang (maks. 1023 byte)"

static void
admin_answer(struct central *c, const char *id, enum proto_result r,
    const char *key, const char *reason)
{
	struct admin_ack *a;

	if (c->nadmin_acks == MAX_PENDING_ADMIN) {
		log_warnx_limited(central_limiter(c, CLOG_DROPPED),
		    "admin: too many commands in one go; %s not answered", id);
		return;
	}
	a = &c->admin_acks[c->nadmin_acks++];
	memset(a, 0, sizeof(*a));
	snprintf(a->id, sizeof(a->id), "%s", id);
	a->result = r;
	snprintf(a->key, sizeof(a->key), "%s", key);
	snprintf(a->reason, sizeof(a->reason), "%s", reason);
}

/* The log's part: one event with the command as its detail, and the
 * command's row (a command sent twice is answered as before), committed
 * now so that the change is applied only once it is on the disk. */
static int
admin_log(struct central *c, const struct admin_cmd *cmd)
{
	struct command_rec rec;
	struct event ev;
	char *detail;
	int rc = -1;

	if ((detail = admin_cmd_encode(cmd)) == NULL)
		return -1;
	memset(&ev, 0, sizeof(ev));
	ev.kind = EV_SETTING;
	ev.time_ms = wall_ms();
	if (ev.time_ms < c->q.last_ms)
		ev.time_ms = c->q.last_ms;	/* the log's time never goes
						 * back */
	memcpy(ev.day, c->q.day, sizeof(ev.day));
	snprintf(ev.cmd_id, sizeof(ev.cmd_id), "%s", cmd->id);
	ev.detail = detail;
	memset(&rec, 0, sizeof(rec));
	snprintf(rec.box, sizeof(rec.box), WEB_BOX);
	snprintf(rec.id, sizeof(rec.id), "%s", cmd->id);
	snprintf(rec.op, sizeof(rec.op), "%s",
	    cmd->op == ADMIN_SET ? "set" : "note");
	rec.result = RESULT_OK;
	rec.time_ms = ev.time_ms;
	rec.waiting = -1;
	rec.wait_lo = rec.wait_hi = -1;
	memcpy(rec.day, c->q.day, sizeof(rec.day));
	/* The commands answered so far in this iteration first: their
	 * answers stand or fall with their own transaction. */
	central_commit(c);
	if (store_begin(c->store) == -1) {
		central_tx_failed(c);
		goto out;
	}
	if (store_command_add(c->store, &rec) == -1 ||
	    central_log(c, &ev, 1) == -1) {
		central_tx_failed(c);
		goto out;
	}
	rc = central_commit(c);
	if (rc == 0)
		c->settings_ms = ev.time_ms;
out:
	free(detail);
	return rc;
}

/* The committed change, live: the queue rebuilt from the day's log with
 * the new services and desks, the running text drawn anew. */
static void
admin_apply(struct central *c, const struct conf *next)
{
	char path[PATH_MAX];
	bool text, services;

	text = strcmp(next->render.marquee, c->conf->render.marquee) != 0;
	services = next->queue.nservices != c->conf->queue.nservices;
	*c->conf = *next;
	if (text && c->show.ren != NULL)
		renderer_text_changed(c->show.ren);
	/* A new service: the estimator learns its history again. */
	if (services)
		c->est.day[0] = '\0';
	if (central_load(c, c->q.day) == -1)
		central_set_fault(c, FAULT_STORAGE ": log tidak terbaca");
	/* A file that cannot be written now is written at the next change
	 * or start: till then the log holds the change, and a start
	 * replays it over the file. */
	settings_file_path(c->conf, path, sizeof(path));
	if (settings_file_write(c->conf, path, store_last_seq(c->store)) ==
	    -1)
		log_warnx("admin: %s not written: the change is in the log, "
		    "applied again at the next start", path);
	c->settings_dirty = true;
	c->board_dirty = true;
}

static void
admin_command(struct central *c, const struct admin_cmd *cmd)
{
	struct command_rec rec;
	struct conf *next = NULL;
	char why[PROTO_REASON_MAX];
	int found, bad;

	found = store_command_find(c->store, WEB_BOX, cmd->id, &rec);
	if (found == 1) {
		admin_answer(c, cmd->id, rec.result, "", rec.reason);
		return;
	}
	if (found == -1) {
		central_tx_failed(c);
		admin_answer(c, cmd->id, RESULT_REFUSED, "", WHY_STORAGE);
		return;
	}
	if (cmd->op == ADMIN_SET) {
		if ((next = malloc(sizeof(*next))) == NULL) {
			log_warn("admin");
			admin_answer(c, cmd->id, RESULT_REFUSED, "",
			    "Pusat kehabisan memori");
			return;
		}
		*next = *c->conf;
		if (settings_apply(next, cmd->set, cmd->nset, &bad, why,
		    sizeof(why)) == -1) {
			/* Nothing changed and nothing logged. */
			log_info("admin: %s by %s refused: %s%s%s", cmd->id,
			    cmd->user, bad >= 0 ? cmd->set[bad].key : "",
			    bad >= 0 ? ": " : "", why);
			admin_answer(c, cmd->id, RESULT_REFUSED,
			    bad >= 0 ? cmd->set[bad].key : "", why);
			free(next);
			return;
		}
	}
	if (admin_log(c, cmd) == -1) {
		admin_answer(c, cmd->id, RESULT_REFUSED, "", WHY_STORAGE);
		free(next);
		return;
	}
	if (next != NULL)
		admin_apply(c, next);
	log_info("admin: %s by %s: %s, %d setting(s)", cmd->id, cmd->user,
	    cmd->op == ADMIN_SET ? "set" : "note", cmd->nset);
	admin_answer(c, cmd->id, RESULT_OK, "", "");
	free(next);
}

void
central_admin(struct central *c, const char *topic, const void *payload,
    size_t len, bool retained)
{
	struct admin_cmd *cmd;
	char err[128];
	const char *key;

	if (retained) {
		log_warnx_limited(central_limiter(c, CLOG_BAD_PAYLOAD),
		    "%s: retained admin command ignored", topic);
		return;
	}
	if ((cmd = malloc(sizeof(*cmd))) == NULL) {
		log_warn("admin");
		return;
	}
	if (admin_cmd_decode(payload, len, cmd, err, sizeof(err)) == -1) {
		log_warnx_limited(central_limiter(c, CLOG_BAD_PAYLOAD),
		    "%s: bad admin command%s%s: %s", topic,
		    cmd->id[0] != '\0' ? " " : "", cmd->id, err);
		/* Past its id it can still be answered. */
		key = cmd->nset > 0 ? cmd->set[cmd->nset - 1].key : "";
		if (cmd->id[0] != '\0')
			admin_answer(c, cmd->id, RESULT_REFUSED, key,
			    key[0] != '\0' ? WHY_VALUE : WHY_UNREADABLE);
	} else
		admin_command(c, cmd);
	free(cmd);
}

struct replay {
	struct central	*c;
	int		 applied;
	int		 skipped;
};

static int
admin_replay_one(void *arg, int64_t seq, const struct event *ev)
{
	struct replay *r = arg;
	char why[PROTO_REASON_MAX + 160];
	int rc;

	if ((rc = settings_replay(r->c->conf, ev->detail, why,
	    sizeof(why))) == -1) {
		log_warnx("settings: log row %lld (%s): no longer valid, "
		    "skipped: %s", (long long)seq, ev->day, why);
		r->skipped++;
	} else if (rc == 1) {
		log_info("settings: log row %lld (%s, %s) applied", (long long)
		    seq, ev->day, ev->cmd_id);
		r->applied++;
		r->c->settings_ms = ev->time_ms;
	}
	return 0;
}

int
central_admin_start(struct central *c)
{
	const struct settings_file *sf = &c->settings_file;
	struct replay r = { .c = c };
	char path[PATH_MAX];
	int64_t last = store_last_seq(c->store);

	settings_file_path(c->conf, path, sizeof(path));
	/*
	 * No file: the configuration alone (removing the file is the way
	 * back to it). The mark says so from this row on, so that a change
	 * whose file cannot be written is still replayed at the next start.
	 */
	if (!sf->found) {
		if (settings_file_write(NULL, path, last) == -1)
			log_warnx("settings: %s not written", path);
		return 0;
	}
	/* A file that cannot be read: the log has every change. */
	if (store_settings_after(c->store, WEB_BOX, sf->readable ? sf->seq :
	    0, admin_replay_one, &r) == -1)
		return -1;
	if (r.applied == 0 && r.skipped == 0)
		return 0;
	log_info("settings: %d change(s) of the log applied over %s%s",
	    r.applied, path, r.skipped > 0 ? ", some skipped" : "");
	if (settings_file_write(c->conf, path, last) == -1)
		log_warnx("settings: %s not written: the log's changes are "
		    "applied again at the next start", path);
	return 0;
}

/* After the commit: the answers, then the settings if they changed (or
 * the connection is new). */
void
central_admin_publish(struct central *c)
{
	struct settings *st;
	char topic[160];
	char *json;
	int i;

	topic_admin_ack(topic, sizeof(topic), c->conf->prefix);
	for (i = 0; i < c->nadmin_acks; i++) {
		if ((json = admin_ack_encode(&c->admin_acks[i])) == NULL)
			continue;
		mqtt_publish(c->mqtt, topic, json, 1, false, NULL);
		free(json);
	}
	c->nadmin_acks = 0;
	if (!c->settings_dirty || (st = malloc(sizeof(*st))) == NULL)
		return;
	settings_of_conf(c->conf, st);
	if (c->settings_ms == 0)
		c->settings_ms = wall_ms();
	st->time_ms = c->settings_ms;
	topic_settings(topic, sizeof(topic), c->conf->prefix);
	if ((json = settings_encode(st)) != NULL &&
	    mqtt_publish(c->mqtt, topic, json, 1, true, NULL) == 0)
		c->settings_dirty = false;
	free(json);
	free(st);
}
