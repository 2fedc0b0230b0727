/*
 * web-conf.c - antre-web's INI file (web-conf.h).
 */
#include "web-conf.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"

#define SESSION_HOURS_MAX	168	/* a week */

static void
web_conf_defaults(struct web_conf *wc)
{
	memset(wc, 0, sizeof(*wc));
	wc->port = 8080;
	strcpy(wc->central, "/etc/antre/antre-display.conf");
	strcpy(wc->users, "/var/lib/antre/web/users");
	strcpy(wc->tmpdir, "/tmp");
	wc->session_s = 8 * 3600;
	wc->idle_s = 3600;
	wc->max_conns = 128;
	mqtt_conf_defaults(&wc->mqtt);
	strcpy(wc->mqtt.username, "web");
	/* Nothing waits on antre-web's presence: a ping a minute (two
	 * wakeups) is its whole cost with no browser open. */
	wc->mqtt.keepalive = 60;
	strcpy(wc->mqtt.password_file, "/etc/antre/web.pass");
}

/* Hours as a decimal ("8", "0.5"): a test's sessions may last seconds. */
static int
conf_hours(struct conf_ctx *ctx, const char *key, const char *value,
    int *seconds)
{
	char *end;
	double h;

	errno = 0;
	h = strtod(value, &end);
	if (errno != 0 || end == value || *end != '\0' || !isfinite(h) ||
	    h <= 0 || h > SESSION_HOURS_MAX) {
		conf_error(ctx, "%s: expected hours, more than 0 and at most "
		    "%d, not \"%s\"", key, SESSION_HOURS_MAX, value);
		return -1;
	}
	*seconds = h * 3600 < 1 ? 1 : (int)(h * 3600 + 0.5);
	return 0;
}

/* allow = lan | any | CIDR [CIDR ...] (spaces or commas between). */
static int
conf_allow(struct conf_ctx *ctx, struct web_conf *wc, const char *value)
{
	char buf[1024], *p, *word;

	wc->allow_any = false;
	wc->nallow = 0;
	if (strcmp(value, "lan") == 0)
		return 0;
	if (strcmp(value, "any") == 0) {
		wc->allow_any = true;
		return 0;
	}
	if (conf_str(ctx, "allow", value, buf, sizeof(buf)) == -1)
		return -1;
	p = buf;
	while ((word = strsep(&p, " \t,")) != NULL) {
		if (*word == '\0')
			continue;
		if (wc->nallow == NET_CIDR_MAX) {
			conf_error(ctx, "allow: at most %d ranges",
			    NET_CIDR_MAX);
			return -1;
		}
		if (net_cidr_parse(word, &wc->allow[wc->nallow]) == -1) {
			conf_error(ctx, "allow: expected lan, any or "
			    "address ranges like 192.168.1.0/24, not \"%s\"",
			    word);
			return -1;
		}
		wc->nallow++;
	}
	if (wc->nallow == 0) {
		conf_error(ctx, "allow: expected lan, any or address ranges");
		return -1;
	}
	return 0;
}

static int
web_key(struct conf_ctx *ctx, struct web_conf *wc, const char *key,
    const char *value)
{
	int minutes;

	if (strcmp(key, "listen") == 0)
		return conf_str(ctx, key, value, wc->listen,
		    sizeof(wc->listen));
	if (strcmp(key, "port") == 0)
		return conf_int(ctx, key, value, 1, 65535, &wc->port);
	if (strcmp(key, "central") == 0)
		return conf_str(ctx, key, value, wc->central,
		    sizeof(wc->central));
	if (strcmp(key, "users") == 0)
		return conf_str(ctx, key, value, wc->users,
		    sizeof(wc->users));
	if (strcmp(key, "tmpdir") == 0)
		return conf_str(ctx, key, value, wc->tmpdir,
		    sizeof(wc->tmpdir));
	if (strcmp(key, "session_hours") == 0)
		return conf_hours(ctx, key, value, &wc->session_s);
	if (strcmp(key, "idle_minutes") == 0) {
		if (conf_int(ctx, key, value, 1, SESSION_HOURS_MAX * 60,
		    &minutes) == -1)
			return -1;
		wc->idle_s = minutes * 60;
		return 0;
	}
	if (strcmp(key, "allow") == 0)
		return conf_allow(ctx, wc, value);
	if (strcmp(key, "max_connections") == 0)
		return conf_int(ctx, key, value, 8, 1024, &wc->max_conns);
	conf_unknown_key(ctx, "web", key);
	return -1;
}

static int
web_conf_key(struct conf_ctx *ctx, const char *section, const char *key,
    const char *value)
{
	struct web_conf *wc = ctx->user;

	if (key == NULL) {
		if (strcmp(section, "web") != 0 &&
		    strcmp(section, "tls") != 0 &&
		    strcmp(section, "mqtt") != 0)
			conf_error(ctx, "unknown section [%s]: expected "
			    "[web], [tls] or [mqtt]", section);
		return 0;
	}
	if (strcmp(section, "web") == 0)
		web_key(ctx, wc, key, value);
	else if (strcmp(section, "tls") == 0) {
		if (strcmp(key, "cert") == 0)
			conf_str(ctx, key, value, wc->cert, sizeof(wc->cert));
		else if (strcmp(key, "key") == 0)
			conf_str(ctx, key, value, wc->key, sizeof(wc->key));
		else
			conf_unknown_key(ctx, section, key);
	} else if (strcmp(section, "mqtt") == 0)
		mqtt_conf_key(ctx, &wc->mqtt, key, value);
	return 0;
}

int
web_conf_load(const char *path, struct web_conf *wc, bool secrets)
{
	web_conf_defaults(wc);
	wc->path = path;
	if (conf_parse(path, web_conf_key, wc) == -1)
		return -1;
	if ((wc->cert[0] == '\0') != (wc->key[0] == '\0')) {
		log_warnx("%s: [tls] needs both cert and key", path);
		return -1;
	}
	if (wc->cert[0] != '\0' && (access(wc->cert, R_OK) == -1 ||
	    access(wc->key, R_OK) == -1)) {
		log_warn("%s: [tls] %s", path, access(wc->cert, R_OK) == -1 ?
		    wc->cert : wc->key);
		return -1;
	}
	if (wc->idle_s > wc->session_s)
		wc->idle_s = wc->session_s;
	if (secrets && mqtt_conf_finish(&wc->mqtt) == -1)
		return -1;
	return 0;
}
