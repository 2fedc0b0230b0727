/*
 * antre-display - the hall's central: keeps the queue, logs every event
 * to SQLite, answers the desks, publishes the board and renders it.
 * With role = screen it only renders the board the central publishes.
 *
 * One poll() loop: the MQTT socket, a signalfd, the output's descriptor
 * when it has one (output_fd(): the X connection, or the DRM device and
 * udev's hotplug monitor in one epoll set).
 * Every command received in one iteration is written in one transaction
 * (group commit); acknowledgements are published only after COMMIT
 * returned, so an acknowledged press is on the disk.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "central.h"
#include "clock.h"
#include "config.h"
#include "daemon.h"
#include "log.h"
#include "render.h"
#include "screen.h"
#include "settings.h"
#include "show.h"

static const char usage_text[] =
    "usage: antre-display [-dnhV] [-f file]\n"
    "       antre-display [-f file] -R board.json -O out.png [-T ms]\n"
    "  -f file  configuration (default /etc/antre/antre-display.conf)\n"
    "  -n       check the configuration and settings.conf and exit\n"
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
render_option(void *arg, int ch, const char *value)
{
	struct render_opts *r = arg;
	char *end;

	switch (ch) {
	case 'O':
		r->out = value;
		return 0;
	case 'R':
		r->in = value;
		return 0;
	case 'T':
		errno = 0;
		r->at = strtoll(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' || r->at < 0) {
			log_warnx("-T %s: expected milliseconds since the "
			    "epoch", value);
			return -1;
		}
		return 0;
	}
	return -1;
}

static void
handle_output(struct central *c)
{
	int r = output_dispatch(c->show.out);

	if (r == -1) {
		log_info("%s output closed or lost: stopping",
		    c->conf->output.kind);
		c->quit = true;
	} else if (r == 1 && c->show.ren != NULL) {
		renderer_invalidate(c->show.ren);
	}
}

static int
display_run(struct central *c, int sigfd)
{
	struct pollfd pfd[3];
	int64_t now;
	int timeout, n, due;

	while (!c->quit) {
		/* Xlib may have queued events where poll() cannot see them. */
		if (c->show.out != NULL && output_fd(c->show.out) != -1)
			handle_output(c);
		if (c->quit)
			break;
		central_flush(c);
		show_flush(&c->show);
		now = mono_ms();
		timeout = mqtt_tick(c->mqtt, now);
		/* Wake for the next frame: a board held back by the frame
		 * rate limit, the clock, the highlight, the running text. */
		if ((due = show_draw_due(&c->show, now)) >= 0 &&
		    (timeout < 0 || due < timeout))
			timeout = due;
		if ((due = screen_due(c, now)) >= 0 &&
		    (timeout < 0 || due < timeout))
			timeout = due;
		if ((due = show_voice_due(&c->show, now)) >= 0 &&
		    (timeout < 0 || due < timeout))
			timeout = due;
		if (timeout < 0)
			timeout = 0;
		n = 0;
		pfd[n++] = (struct pollfd){ .fd = sigfd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = mqtt_fd(c->mqtt),
		    .events = mqtt_events(c->mqtt) };
		pfd[n++] = (struct pollfd){ .fd = c->show.out != NULL ?
		    output_fd(c->show.out) : -1, .events = POLLIN };
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
		if (pfd[2].revents && c->show.out != NULL)
			handle_output(c);
		central_flush(c);
		show_flush(&c->show);
		central_check_day(c, wall_ms());
		screen_check(c, mono_ms());
	}
	central_shutdown(c);
	return 0;
}

/* -R: one board file to one PNG, with the configured size and theme. */
static int
render_file(struct conf *conf, const char *in, const char *out,
    int64_t at_ms)
{
	struct board board;
	struct output *o;
	struct frame_meta meta;
	struct renderer *r;
	char page[SHOW_PAGE_MAX], desks[SHOW_DESKS_MAX];
	char *json = NULL, tmpl[sizeof(conf->output.png_dir)];
	char latest[sizeof(tmpl) + 16];
	char err[128];
	cairo_t *cr;
	FILE *fp;
	long len;
	int rc = -1;

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
	if (proto_board_decode(json, len, &board, err, sizeof(err)) == -1) {
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
	if ((o = output_open(&conf->output)) != NULL) {
		/* The first page, as a screen's first frame shows it. */
		cr = cairo_create(output_surface(o));
		memset(&meta, 0, sizeof(meta));
		meta.board_json = json;
		meta.now_ms = at_ms;
		if ((r = renderer_new(&conf->render)) != NULL) {
			renderer_set_board(r, &board, 0);
			if (renderer_draw(r, cr, output_width(o),
			    output_height(o), 0, at_ms, NULL) >= 0) {
				show_frame_meta(r, &meta, page, desks);
				if (output_present(o, &meta, NULL) == 0)
					rc = 0;
			}
			renderer_free(r);
		}
		cairo_destroy(cr);
		output_close(o);
		snprintf(latest, sizeof(latest), "%s/latest.png", tmpl);
		if (rc == 0 && rename(latest, out) == -1) {
			log_warn("%s", out);
			rc = -1;
		}
		unlink(latest);
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
	struct daemon_opts opts = { .prog = "antre-display",
	    .usage = usage_text, .path = "/etc/antre/antre-display.conf" };
	struct render_opts ro = { .at = -1 };
	const char *path;
	struct central c;
	struct conf conf;
	struct proto_online off = { .online = false };
	struct settings_file sf;
	char topic[160], client_id[96], settings[PATH_MAX];
	char *will = NULL;
	int sigfd, rc;

	if ((rc = daemon_options(&opts, argc, argv, "O:R:T:", NULL,
	    render_option, &ro)) != -1)
		return rc;
	path = opts.path;
	/* Before the configuration's fonts are looked at (threads). */
	if (signals_block() == -1)
		fatal("sigprocmask");
	if (config_load(path, &conf) == -1) {
		log_warnx("%s: configuration not valid", path);
		return 1;
	}
	/* The office's changes, kept beside the log, over the file: a bad
	 * line is logged and left out, the hall starts anyway (and the
	 * central then applies the log's later changes). */
	memset(&sf, 0, sizeof(sf));
	if (conf.role == ROLE_CENTRAL) {
		settings_file_path(&conf, settings, sizeof(settings));
		if (settings_file_read(&conf, settings, &sf) == -1)
			log_warnx("%s: not read; the configuration and the "
			    "log's changes apply", settings);
	}
	if (opts.check) {
		if (announce_check(&conf.voice) == -1) {
			log_warnx("%s: [voice] clips %s incomplete", path,
			    conf.voice.clips);
			return 1;
		}
		/* The lines a start would leave out, each named above:
		 * told, not a failure, as the service (whose ExecStartPre
		 * this is) starts without them. A desk removed from the
		 * configuration leaves its line in settings.conf until
		 * the office's next change; that must not keep the hall
		 * down. */
		if (sf.ignored > 0)
			log_warnx("%s: %d line(s) not valid: the central "
			    "starts without them", settings, sf.ignored);
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
	c.settings_file = sf;
	srand((unsigned)(wall_ms() ^ getpid()));
	if ((sigfd = signals_open()) == -1)
		fatal("signalfd");
	if (conf.role == ROLE_CENTRAL) {
		if ((c.store = store_open(conf.db_path, conf.db_max_mb)) ==
		    NULL || central_start(&c) == -1)
			fatalx("cannot open the event log %s", conf.db_path);
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
	if ((c.show.out = output_open(&conf.output)) == NULL ||
	    (c.show.ren = renderer_new(&conf.render)) == NULL)
		goto out;
	if (conf.voice.enabled) {
		if ((c.show.ann = announce_open(&conf.voice)) == NULL) {
			log_warnx("%s: [voice] cannot start; fix the clips or "
			    "set output = none", path);
			goto out;
		}
		renderer_auto_highlight(c.show.ren, false);
	}
	if ((c.mqtt = mqtt_new(&conf.mqtt, client_id, will != NULL ? topic :
	    NULL, will, conf.role == ROLE_CENTRAL ? &central_callbacks :
	    &screen_callbacks, &c)) == NULL)
		goto out;
	central_flush(&c);
	show_flush(&c.show);
	log_info("running as %s for %s", conf.role == ROLE_CENTRAL ?
	    "central" : "screen", conf.prefix);
	rc = display_run(&c, sigfd) == 0 ? 0 : 1;
out:
	central_free(&c);
	free(will);
	close(sigfd);
	render_cleanup();
	return rc;
}
