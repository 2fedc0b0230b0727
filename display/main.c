/*
 * antre-display - the hall's central: keeps the queue, logs every event
 * to SQLite, answers the desks, publishes the board and renders it.
 * With role = screen it only renders the board the central publishes.
 *
 * One poll() loop: the MQTT socket, a signalfd, the window (x11 output).
 * Every command received in one iteration is written in one transaction
 * (group commit); acknowledgements are published only after COMMIT
 * returned, so an acknowledged press is on the disk.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "daemon.h"
#include "log.h"
#include "mqtt.h"
#include "output.h"
#include "proto.h"
#include "queue.h"
#include "render.h"
#include "store.h"

#define MAX_PENDING_CALLS	64

/* What the desk was last told about its commands. */
struct desk_ack {
	char			last_id[PROTO_ID_MAX];
	enum proto_result	result;
	char			reason[PROTO_REASON_MAX];
	bool			dirty;		/* state to (re)publish */
	bool			in_tx;		/* answered in the open tx */
};

struct central {
	struct conf		*conf;
	struct store		*store;
	struct queue		 q;
	struct mqtt		*mqtt;
	struct output		*out;
	struct desk_ack		 acks[QUEUE_MAX_DESKS];
	struct proto_call	 calls[MAX_PENDING_CALLS];
	int			 ncalls;
	struct board		 board;		/* last drawn / received */
	char			*board_json;	/* the same, as published */
	bool			 have_board;
	bool			 board_dirty;	/* publish + draw */
	bool			 redraw;	/* draw only */
	char			 fault[PROTO_FAULT_MAX];
	int64_t			 drawn_minute;
	bool			 quit;
};

static const char usage_text[] =
    "usage: antre-display [-dnhV] [-f file]\n"
    "       antre-display [-f file] -R board.json -O out.png [-T ms]\n"
    "  -f file  configuration (default /etc/antre/antre-display.conf)\n"
    "  -n       check the configuration and exit\n"
    "  -R file  render a board (JSON as published on .../board) to\n"
    "           the PNG file given by -O and exit; -T sets the clock\n"
    "           (ms since the epoch, default now)\n"
    "  -d       debug log\n"
    "  -h       this help\n"
    "  -V       version\n";

struct render_opts {
	const char	*in;
	const char	*out;
	int64_t		 at;
};

static int
render_option(void *arg, int ch, const char *optarg)
{
	struct render_opts *r = arg;

	switch (ch) {
	case 'O':
		r->out = optarg;
		return 0;
	case 'R':
		r->in = optarg;
		return 0;
	case 'T':
		r->at = strtoll(optarg, NULL, 10);
		return 0;
	}
	return -1;
}

static void
today(char day[11])
{
	time_t t = time(NULL);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(day, 11, "%Y-%m-%d", &tm);
}

static int
replay_one(void *arg, const struct event *ev)
{
	struct central *c = arg;

	if (queue_apply(&c->q, ev) == -1) {
		log_warnx("log: event %s desk %d does not fit the state; "
		    "skipped", event_kind_name(ev->kind), ev->desk);
		return -1;
	}
	return 0;
}

/* Rebuilds the queue from the day's log: at start, at a new day, and
 * after a failed transaction (the log is the truth, memory may be ahead
 * of it). Desk presence is kept: it is not logged. */
static void
central_rebuild(struct central *c)
{
	bool online[QUEUE_MAX_DESKS];
	char day[11];
	int i;

	for (i = 0; i < QUEUE_MAX_DESKS; i++)
		online[i] = c->q.desks[i].online;
	today(day);
	queue_init(&c->q, &c->conf->queue, day);
	for (i = 0; i < QUEUE_MAX_DESKS; i++)
		c->q.desks[i].online = online[i];
	store_replay(c->store, day, replay_one, c);
	for (i = 0; i < c->conf->queue.ndesks; i++)
		c->acks[i].dirty = true;
	c->board_dirty = true;
}

static void
central_publish_desk(struct central *c, int di)
{
	struct proto_desk_state st;
	struct desk_ack *a = &c->acks[di];
	char topic[160];
	char *json;
	int desk = c->conf->queue.desks[di].id;

	queue_desk_state(&c->q, desk, &st);
	memcpy(st.last_id, a->last_id, sizeof(st.last_id));
	st.result = a->result;
	memcpy(st.reason, a->reason, sizeof(st.reason));
	st.time_ms = wall_ms();
	if ((json = proto_desk_state_encode(&st)) == NULL)
		return;
	topic_desk_state(topic, sizeof(topic), c->conf->prefix, desk);
	if (mqtt_publish(c->mqtt, topic, json, 1, true, NULL) == 0)
		a->dirty = false;
	free(json);
}

static void
central_publish(struct central *c)
{
	char topic[160];
	char *json;
	int i;

	if (!mqtt_connected(c->mqtt))
		return;
	for (i = 0; i < c->conf->queue.ndesks; i++)
		if (c->acks[i].dirty)
			central_publish_desk(c, i);
	topic_call(topic, sizeof(topic), c->conf->prefix);
	for (i = 0; i < c->ncalls; i++) {
		if ((json = proto_call_encode(&c->calls[i])) == NULL)
			continue;
		mqtt_publish(c->mqtt, topic, json, 1, false, NULL);
		free(json);
	}
	c->ncalls = 0;
}

static void
central_draw(struct central *c, const char *board_json, int64_t now_ms)
{
	struct frame_meta meta = { .board_json = board_json,
	    .now_ms = now_ms };
	cairo_surface_t *surf;
	cairo_t *cr;

	if (c->out == NULL || !c->have_board)
		return;
	surf = output_surface(c->out);
	cr = cairo_create(surf);
	render_board(cr, output_width(c->out), output_height(c->out),
	    &c->conf->render, &c->board, meta.now_ms);
	cairo_destroy(cr);
	cairo_surface_flush(surf);
	output_present(c->out, &meta);
	c->drawn_minute = meta.now_ms / 60000;
	c->redraw = false;
}

/* Builds, publishes (retained) and draws the board. */
static void
central_board(struct central *c)
{
	char topic[160];
	char *json;

	queue_board(&c->q, wall_ms(), &c->board);
	snprintf(c->board.fault, sizeof(c->board.fault), "%s", c->fault);
	c->have_board = true;
	if ((json = proto_board_encode(&c->board)) == NULL)
		return;
	free(c->board_json);
	c->board_json = json;
	topic_board(topic, sizeof(topic), c->conf->prefix);
	if (mqtt_connected(c->mqtt))
		mqtt_publish(c->mqtt, topic, json, 1, true, NULL);
	central_draw(c, json, wall_ms());
	c->board_dirty = false;
}

static void
central_set_fault(struct central *c, const char *fault)
{
	if (strcmp(c->fault, fault) == 0)
		return;
	snprintf(c->fault, sizeof(c->fault), "%s", fault);
	c->board_dirty = true;
}

/* The open transaction failed: nothing of it is on disk, so every
 * command answered in it is refused and memory goes back to the log. */
static void
central_tx_failed(struct central *c)
{
	char fault[PROTO_FAULT_MAX];
	int i;

	snprintf(fault, sizeof(fault), "Penyimpanan bermasalah: %s",
	    store_error(c->store));
	store_rollback(c->store);
	for (i = 0; i < c->conf->queue.ndesks; i++) {
		if (!c->acks[i].in_tx)
			continue;
		c->acks[i].in_tx = false;
		c->acks[i].result = RESULT_REFUSED;
		snprintf(c->acks[i].reason, sizeof(c->acks[i].reason),
		    "storage error");
		c->acks[i].dirty = true;
	}
	c->ncalls = 0;
	central_rebuild(c);
	central_set_fault(c, fault);
}

static void
central_command(struct central *c, int desk, const struct proto_cmd *cmd)
{
	struct event evs[QUEUE_MAX_EVENTS];
	struct command_rec rec;
	struct desk_ack *a;
	struct proto_call *pc;
	int di, i, nev, found;

	if ((di = queue_desk_index(&c->q, desk)) < 0) {
		log_warnx("desk %d is not in the configuration; command %s "
		    "ignored", desk, cmd->id);
		return;
	}
	a = &c->acks[di];
	/* Idempotency: a command id seen before is answered as before. */
	if (strcmp(a->last_id, cmd->id) == 0) {
		a->dirty = true;
		return;
	}
	if ((found = store_command_find(c->store, cmd->id, &rec)) == 1) {
		snprintf(a->last_id, sizeof(a->last_id), "%s", rec.id);
		a->result = rec.result;
		snprintf(a->reason, sizeof(a->reason), "%s", rec.reason);
		a->dirty = true;
		return;
	}
	if (found == -1 || store_begin(c->store) == -1) {
		central_tx_failed(c);
		snprintf(a->last_id, sizeof(a->last_id), "%s", cmd->id);
		a->result = RESULT_REFUSED;
		snprintf(a->reason, sizeof(a->reason), "storage error");
		a->dirty = true;
		return;
	}

	memset(&rec, 0, sizeof(rec));
	snprintf(rec.id, sizeof(rec.id), "%s", cmd->id);
	rec.desk = desk;
	rec.op = cmd->op;
	rec.time_ms = wall_ms();
	rec.result = queue_command(&c->q, desk, cmd, rec.time_ms, evs, &nev,
	    rec.reason, sizeof(rec.reason));
	for (i = 0; i < nev; i++)
		if (store_append(c->store, &evs[i]) == -1)
			break;
	if (i < nev || store_command_add(c->store, &rec) == -1) {
		a->in_tx = true;
		central_tx_failed(c);
		snprintf(a->last_id, sizeof(a->last_id), "%s", cmd->id);
		return;
	}
	for (i = 0; i < nev; i++) {
		queue_apply(&c->q, &evs[i]);
		if ((evs[i].kind == EV_CALLED || evs[i].kind == EV_RECALLED) &&
		    c->ncalls < MAX_PENDING_CALLS) {
			pc = &c->calls[c->ncalls++];
			pc->seq = c->q.call_seq;
			pc->call = c->q.calls[0];
		}
	}
	snprintf(a->last_id, sizeof(a->last_id), "%s", cmd->id);
	a->result = rec.result;
	snprintf(a->reason, sizeof(a->reason), "%s", rec.reason);
	a->dirty = true;
	a->in_tx = true;
	if (nev > 0)
		c->board_dirty = true;
	log_debug("desk %d: %s %s -> %s%s%s", desk, proto_op_name(cmd->op),
	    cmd->id, proto_result_name(rec.result),
	    rec.reason[0] ? ": " : "", rec.reason);
}

static void
on_message(void *arg, const char *topic, const void *payload, size_t len,
    bool retained)
{
	struct central *c = arg;
	struct proto_online on;
	struct proto_cmd cmd;
	const char *leaf;
	char err[128];
	int desk;

	if (c->conf->role == ROLE_SCREEN) {
		if (proto_board_decode(payload, len, &c->board, err,
		    sizeof(err)) == -1) {
			log_warnx("%s: bad board dropped: %s", topic, err);
			return;
		}
		free(c->board_json);
		if ((c->board_json = strndup(payload, len)) == NULL)
			log_warn("board");
		c->have_board = true;
		c->redraw = true;
		return;
	}
	if ((desk = topic_parse_desk(topic, c->conf->prefix, &leaf)) < 0) {
		log_debug("%s: unexpected topic ignored", topic);
		return;
	}
	if (strcmp(leaf, "online") == 0) {
		if (len == 0)
			return;		/* retained presence cleared */
		if (proto_online_decode(payload, len, &on, err,
		    sizeof(err)) == -1) {
			log_warnx("%s: bad presence dropped: %s", topic, err);
			return;
		}
		queue_set_online(&c->q, desk, on.online);
		c->board_dirty = true;
		return;
	}
	if (strcmp(leaf, "cmd") != 0)
		return;
	if (retained) {
		/* A command must never be retained: it would be applied
		 * again by every restart. */
		log_warnx("%s: retained command ignored", topic);
		return;
	}
	if (proto_cmd_decode(payload, len, &cmd, err, sizeof(err)) == -1) {
		log_warnx("%s: bad command dropped: %s", topic, err);
		return;
	}
	central_command(c, desk, &cmd);
}

static void
on_connected(void *arg)
{
	struct central *c = arg;
	struct proto_online on = { .online = true };
	char topic[160];
	char *json;
	int i;

	if (c->conf->role == ROLE_SCREEN) {
		topic_board(topic, sizeof(topic), c->conf->prefix);
		mqtt_subscribe(c->mqtt, topic, 1);
		return;
	}
	snprintf(topic, sizeof(topic), "%s/desk/+/cmd", c->conf->prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	snprintf(topic, sizeof(topic), "%s/desk/+/online", c->conf->prefix);
	mqtt_subscribe(c->mqtt, topic, 1);
	topic_central_online(topic, sizeof(topic), c->conf->prefix);
	if ((json = proto_online_encode(&on)) != NULL) {
		mqtt_publish(c->mqtt, topic, json, 1, true, NULL);
		free(json);
	}
	/* The retained topics are ours: republish them all. */
	for (i = 0; i < c->conf->queue.ndesks; i++)
		c->acks[i].dirty = true;
	c->board_dirty = true;
	central_set_fault(c, "");
}

static void
on_disconnected(void *arg)
{
	struct central *c = arg;

	if (c->conf->role == ROLE_CENTRAL)
		central_set_fault(c, "Server pesan terputus");
}

/* End of a loop iteration: commit, then acknowledge and publish. */
static void
central_flush(struct central *c)
{
	int i;

	if (c->store != NULL && store_in_transaction(c->store)) {
		if (store_commit(c->store) == -1)
			central_tx_failed(c);
		else
			central_set_fault(c, "");
		for (i = 0; i < c->conf->queue.ndesks; i++)
			c->acks[i].in_tx = false;
	}
	if (c->conf->role == ROLE_CENTRAL) {
		central_publish(c);
		if (c->board_dirty)
			central_board(c);
	}
	if (c->redraw || (c->have_board &&
	    wall_ms() / 60000 != c->drawn_minute))
		central_draw(c, c->board_json, wall_ms());
}

static void
central_shutdown(struct central *c)
{
	struct proto_online off = { .online = false };
	char topic[160];
	char *json;

	if (c->conf->role == ROLE_CENTRAL && mqtt_connected(c->mqtt)) {
		topic_central_online(topic, sizeof(topic), c->conf->prefix);
		if ((json = proto_online_encode(&off)) != NULL) {
			mqtt_publish(c->mqtt, topic, json, 1, true, NULL);
			free(json);
		}
	}
	mqtt_disconnect(c->mqtt);
}

static void
central_window(struct central *c)
{
	int r = output_dispatch(c->out);

	if (r == -1) {
		log_info("window closed");
		c->quit = true;
	} else if (r == 1) {
		c->redraw = true;
	}
}

static int
central_run(struct central *c, int sigfd)
{
	struct pollfd pfd[3];
	int64_t now;
	int timeout, n, clock_ms;
	char day[11];

	while (!c->quit) {
		/* Xlib may have queued events where poll() cannot see them. */
		if (c->out != NULL && output_fd(c->out) != -1)
			central_window(c);
		if (c->quit)
			break;
		central_flush(c);
		now = mono_ms();
		timeout = mqtt_tick(c->mqtt, now);
		/* Wake for the clock's next minute on the board. */
		clock_ms = (int)(60000 - wall_ms() % 60000) + 5;
		if (clock_ms < timeout)
			timeout = clock_ms;
		if (timeout < 0)
			timeout = 0;
		n = 0;
		pfd[n++] = (struct pollfd){ .fd = sigfd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = mqtt_fd(c->mqtt),
		    .events = mqtt_events(c->mqtt) };
		pfd[n++] = (struct pollfd){ .fd = c->out != NULL ?
		    output_fd(c->out) : -1, .events = POLLIN };
		if (poll(pfd, n, timeout) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("poll");
			return -1;
		}
		if (pfd[0].revents && signals_read(sigfd))
			c->quit = true;
		if (pfd[1].revents)
			mqtt_handle(c->mqtt, pfd[1].revents);
		if (pfd[2].revents && c->out != NULL)
			central_window(c);
		if (c->conf->role == ROLE_CENTRAL) {
			today(day);
			if (strcmp(day, c->q.day) != 0 &&
			    !store_in_transaction(c->store)) {
				log_info("new day %s: numbering restarts", day);
				central_rebuild(c);
			}
		}
		central_flush(c);
	}
	central_shutdown(c);
	return 0;
}

/* -R: one board file to one PNG, with the configured size and theme. */
static int
render_file(struct conf *conf, const char *in, const char *out,
    int64_t at_ms)
{
	struct central c;
	char *json = NULL, tmpl[sizeof(conf->output.png_dir)];
	char latest[sizeof(tmpl) + 16];
	char err[128];
	FILE *fp;
	long len;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	c.conf = conf;
	if ((fp = fopen(in, "r")) == NULL) {
		log_warn("%s", in);
		return -1;
	}
	if (fseek(fp, 0, SEEK_END) == 0 && (len = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0 && (json = malloc(len + 1)) != NULL &&
	    fread(json, 1, len, fp) == (size_t)len) {
		json[len] = '\0';
	} else {
		log_warn("%s: read", in);
		goto out;
	}
	if (proto_board_decode(json, len, &c.board, err, sizeof(err)) == -1) {
		log_warnx("%s: not a board: %s", in, err);
		goto out;
	}
	/* The png output writes into a directory: a private one beside out,
	 * so the final rename stays on one file system. */
	if ((size_t)snprintf(tmpl, sizeof(tmpl), "%s.XXXXXX", out) >=
	    sizeof(tmpl)) {
		log_warnx("%s: path too long", out);
		goto out;
	}
	if (mkdtemp(tmpl) == NULL) {
		log_warn("%s", tmpl);
		goto out;
	}
	snprintf(conf->output.kind, sizeof(conf->output.kind), "png");
	memcpy(conf->output.png_dir, tmpl, sizeof(tmpl));
	conf->output.png_keep = 0;
	if ((c.out = output_open(&conf->output)) != NULL) {
		c.have_board = true;
		central_draw(&c, json, at_ms);
		output_close(c.out);
		snprintf(latest, sizeof(latest), "%s/latest.png", tmpl);
		if (rename(latest, out) == 0)
			rc = 0;
		else
			log_warn("%s", out);
	}
	rmdir(tmpl);
out:
	free(json);
	fclose(fp);
	return rc;
}

int
main(int argc, char *argv[])
{
	static const struct mqtt_callbacks cb = {
		.connected = on_connected,
		.disconnected = on_disconnected,
		.message = on_message,
	};
	struct daemon_opts opts = { .prog = "antre-display",
	    .usage = usage_text, .path = "/etc/antre/antre-display.conf" };
	struct render_opts ro = { .at = -1 };
	const char *path;
	struct central c;
	struct conf conf;
	struct proto_online off = { .online = false };
	char topic[160], client_id[96];
	char *will = NULL;
	int sigfd, rc;

	if ((rc = daemon_options(&opts, argc, argv, "O:R:T:", render_option,
	    &ro)) != -1)
		return rc;
	path = opts.path;
	if (config_load(path, &conf) == -1) {
		log_warnx("%s: configuration not valid", path);
		return 1;
	}
	if (opts.check) {
		printf("%s: configuration OK\n", path);
		return 0;
	}
	if (ro.in != NULL || ro.out != NULL) {
		if (ro.in == NULL || ro.out == NULL) {
			fputs(usage_text, stderr);
			return 2;
		}
		rc = render_file(&conf, ro.in, ro.out,
		    ro.at >= 0 ? ro.at : wall_ms()) == 0 ? 0 : 1;
		render_cleanup();
		return rc;
	}

	memset(&c, 0, sizeof(c));
	c.conf = &conf;
	srand((unsigned)(wall_ms() ^ getpid()));
	if ((sigfd = signals_open()) == -1)
		fatal("signalfd");
	if (conf.role == ROLE_CENTRAL) {
		if ((c.store = store_open(conf.db_path)) == NULL)
			fatalx("cannot open the event log %s", conf.db_path);
		central_rebuild(&c);
		topic_central_online(topic, sizeof(topic), conf.prefix);
		if ((will = proto_online_encode(&off)) == NULL)
			fatalx("out of memory");
		snprintf(client_id, sizeof(client_id), "antre-central-%s",
		    conf.hall);
	} else {
		snprintf(client_id, sizeof(client_id), "antre-screen-%s-%d",
		    conf.hall, (int)getpid());
	}
	rc = 1;
	if ((c.out = output_open(&conf.output)) == NULL)
		goto out;
	if ((c.mqtt = mqtt_new(&conf.mqtt, client_id, will != NULL ? topic :
	    NULL, will, &cb, &c)) == NULL)
		goto out;
	if (conf.role == ROLE_CENTRAL)
		central_board(&c);
	log_info("running as %s for %s", conf.role == ROLE_CENTRAL ?
	    "central" : "screen", conf.prefix);
	rc = central_run(&c, sigfd) == 0 ? 0 : 1;
out:
	mqtt_free(c.mqtt);
	if (c.out != NULL)
		output_close(c.out);
	store_close(c.store);
	free(c.board_json);
	free(will);
	close(sigfd);
	render_cleanup();
	return rc;
}
