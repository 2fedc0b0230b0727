/*
 * main.c - antre-web: the office's pages on the hall's network. One
 * poll() loop: the signals, the HTTP server's epoll fd and the central's
 * link; nothing wakes it while no browser is connected. Also "antre-web
 * user ...", the users file from the command line.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "daemon.h"
#include "http.h"
#include "clock.h"
#include "log.h"
#include "session.h"
#include "throttle.h"
#include "web-central.h"
#include "web-conf.h"
#include "web-page.h"
#include "web-users.h"

static const char usage_text[] =
    "usage: antre-web [-dnhV] [-c file]\n"
    "       antre-web [-c file] user add NAME kepala|admin\n"
    "       antre-web [-c file] user passwd NAME\n"
    "       antre-web [-c file] user del NAME\n"
    "       antre-web [-c file] user list\n"
    "  -c file  configuration (default /etc/antre/antre-web.conf;\n"
    "           -f is the same)\n"
    "  -n       check the configuration and exit\n"
    "  -d       debug log\n"
    "  -h       this help\n"
    "  -V       version\n"
    "A user's password is read from the standard input: one line, or\n"
    "asked twice on a terminal.\n";

static int
conf_option(void *arg, int ch, const char *value)
{
	struct daemon_opts *o = arg;

	if (ch != 'c')
		return -1;
	o->path = value;
	return 0;
}

/* Where the options end: "user ..." follows them. */
static int
options_end(int argc, char *argv[])
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		/* -c FILE, -f FILE: the value is the next word. */
		if (argv[i][1] != '\0' && argv[i][2] == '\0' &&
		    (argv[i][1] == 'c' || argv[i][1] == 'f'))
			i++;
	}
	return i < argc ? i : argc;
}

static int
serve(struct web_site *site, const struct web_conf *wc, int sigfd)
{
	struct web_http *h;
	struct pollfd pfd[3];
	int timeout, t;
	bool quit = false;

	if ((h = http_open(site, wc)) == NULL)
		return -1;
	if ((site->central = web_central_open(site, wc)) == NULL) {
		http_close(h);
		return -1;
	}
	while (!quit) {
		/* The link's tick may push to event streams (the live pages'
		 * deferred updates): MHD's timeout is asked after it, so a
		 * stream resumed by the push is served now. */
		t = web_central_tick(site->central, mono_ms());
		timeout = http_timeout(h, mono_ms());
		if (t >= 0 && (timeout < 0 || t < timeout))
			timeout = t;
		pfd[0] = (struct pollfd){ .fd = sigfd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = http_fd(h), .events = POLLIN };
		pfd[2] = (struct pollfd){ .fd = web_central_fd(site->central),
		    .events = web_central_events(site->central) };
		if (poll(pfd, 3, timeout) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("poll");
			break;
		}
		if (pfd[0].revents && signals_read(sigfd))
			quit = true;
		if (pfd[2].revents)
			web_central_handle(site->central, pfd[2].revents);
		http_run(h, mono_ms());
	}
	http_close(h);
	web_central_close(site->central);
	site->central = NULL;
	return 0;
}

int
main(int argc, char *argv[])
{
	struct daemon_opts opts = { .prog = "antre-web", .usage = usage_text,
	    .path = "/etc/antre/antre-web.conf" };
	static struct web_conf wc;
	static struct conf hall;
	struct web_site site;
	int end, rc, sigfd;

	end = options_end(argc, argv);
	if ((rc = daemon_options(&opts, end, argv, "c:", NULL, conf_option,
	    &opts)) != -1)
		return rc;
	if (end < argc) {
		if (strcmp(argv[end], "user") != 0) {
			fputs(usage_text, stderr);
			return 2;
		}
		if (web_conf_load(opts.path, &wc, false) == -1) {
			log_warnx("%s: configuration not valid", opts.path);
			return 1;
		}
		return web_user_command(wc.users, argc - end, argv + end);
	}
	/* Before the central's configuration's texts are checked with
	 * pango (threads). */
	if ((sigfd = signals_open()) == -1)
		fatal("signalfd");
	if (web_conf_load(opts.path, &wc, true) == -1) {
		log_warnx("%s: configuration not valid", opts.path);
		return 1;
	}
	if (config_load_flags(wc.central, &hall, CONFIG_NO_SECRETS |
	    CONFIG_NO_GLYPHS) == -1) {
		log_warnx("%s: central = %s: the central's configuration is "
		    "not valid", opts.path, wc.central);
		return 1;
	}
	if (opts.check) {
		printf("%s: configuration OK\n", opts.path);
		return 0;
	}

	memset(&site, 0, sizeof(site));
	site.hall = &hall;
	site.db_path = hall.db_path;
	site.office = hall.render.office;
	site.tmpdir = wc.tmpdir;
	site.conf = &wc;
	site.users = wc.users;
	if ((site.sessions = sessions_new(wc.session_s, wc.idle_s)) == NULL ||
	    (site.throttle = throttle_new()) == NULL)
		fatalx("out of memory");
	rc = serve(&site, &wc, sigfd) == 0 ? 0 : 1;
	sessions_free(site.sessions);
	throttle_free(site.throttle);
	explicit_bzero(wc.mqtt.password, sizeof(wc.mqtt.password));
	log_info("stopped");
	return rc;
}
