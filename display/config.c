/*
 * config.c - antre-display's INI file. See antre-display.conf(5) in
 * docs/ and the annotated example display/antre-display.conf.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "glyphs.h"
#include "log.h"

/* The largest packet MQTT can describe (a remaining length of four
 * bytes): the top of [mqtt] max_packet_size. */
#define MQTT_PACKET_LIMIT	268435455

struct load {
	struct conf	*c;
	int		 flags;		/* CONFIG_NO_* */
	bool		 skip;		/* the section's header was refused */
	int		 desk_line[QUEUE_MAX_DESKS];	/* of each header */
	int		 service_line[QUEUE_MAX_SERVICES];
};

static int
config_color(struct conf_ctx *ctx, const char *key, const char *value,
    struct rgb *out)
{
	unsigned int r, g, b;
	char tail;

	if (strlen(value) != 7 || sscanf(value, "#%2x%2x%2x%c", &r, &g, &b,
	    &tail) != 3) {
		conf_error(ctx, "%s: expected a colour like #1a2b3c, not "
		    "\"%s\"", key, value);
		return -1;
	}
	out->r = r / 255.0;
	out->g = g / 255.0;
	out->b = b / 255.0;
	return 0;
}

/* A name shown on the board: text the protocol can carry and the
 * installed fonts draw (in the theme's font so far: its fallbacks are
 * every installed font, so a [theme] font later changes nothing). */
static int
config_name(struct conf_ctx *ctx, const char *key, const char *value,
    char *buf, size_t len)
{
	const struct load *ld = ctx->user;
	char err[PROTO_REASON_MAX];

	if (conf_str(ctx, key, value, buf, len) == -1)
		return -1;
	if (proto_text_check(value, len, err, sizeof(err)) == -1) {
		conf_error(ctx, "%s: %s", key, err);
		return -1;
	}
	if (ld->flags & CONFIG_NO_GLYPHS)
		return 0;
	return glyphs_check(ctx, ld->c->render.theme.font, key, value);
}

static int
config_hall(struct conf_ctx *ctx, struct conf *c, const char *key,
    const char *value)
{
	static const char *const roles[] = { "central", "screen" };
	int v;

	if (strcmp(key, "id") == 0) {
		if (conf_str(ctx, key, value, c->hall, sizeof(c->hall)) == -1)
			return -1;
		if (strspn(value, "abcdefghijklmnopqrstuvwxyz0123456789-_") !=
		    strlen(value) || value[0] == '\0') {
			conf_error(ctx, "id: expected lower-case letters, "
			    "digits, - or _, not \"%s\"", value);
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "name") == 0)
		return config_name(ctx, key, value, c->render.office,
		    sizeof(c->render.office));
	if (strcmp(key, "prefix") == 0)
		return conf_str(ctx, key, value, c->prefix,
		    sizeof(c->prefix));
	if (strcmp(key, "role") == 0) {
		if (conf_enum(ctx, key, value, roles, 2, &v) == -1)
			return -1;
		c->role = v;
		return 0;
	}
	conf_unknown_key(ctx, "hall", key);
	return -1;
}

/* "05:30": minutes after midnight. */
static int
config_hhmm(struct conf_ctx *ctx, const char *key, const char *value,
    int *out)
{
	unsigned int h, m;
	char tail;

	if (sscanf(value, "%2u:%2u%c", &h, &m, &tail) != 2 || h > 23 ||
	    m > 59 || strlen(value) != 5) {
		conf_error(ctx, "%s: expected a time like 05:00, not \"%s\"",
		    key, value);
		return -1;
	}
	*out = (int)(h * 60 + m);
	return 0;
}

static int
config_queue(struct conf_ctx *ctx, struct conf *c, const char *key,
    const char *value)
{
	if (strcmp(key, "day_start") == 0)
		return config_hhmm(ctx, key, value, &c->queue.day_start_min);
	if (strcmp(key, "max_recalls") == 0)
		return conf_int(ctx, key, value, 0, 99, &c->queue.max_recalls);
	conf_unknown_key(ctx, "queue", key);
	return -1;
}

/* [limits]: what one box may ask of the central (ratelimit.h). */
static int
config_limits(struct conf_ctx *ctx, struct conf *c, const char *key,
    const char *value)
{
	struct limits_conf *lc = &c->limits;

	if (strcmp(key, "desk_guard_ms") == 0)
		return conf_int(ctx, key, value, 0, 60 * 1000,
		    &lc->desk_guard_ms);
	if (strcmp(key, "kiosk_takes_per_min") == 0)
		return conf_int(ctx, key, value, 0, 6000, &lc->kiosk_rate);
	if (strcmp(key, "kiosk_burst") == 0)
		return conf_int(ctx, key, value, 1, 1000, &lc->kiosk_burst);
	if (strcmp(key, "kiosk_inflight") == 0)
		return conf_int(ctx, key, value, 0, 1000,
		    &lc->kiosk_inflight);
	if (strcmp(key, "refusals_per_min") == 0)
		return conf_int(ctx, key, value, 0, 100000,
		    &lc->refusals_per_min);
	if (strcmp(key, "flood_per_min") == 0)
		return conf_int(ctx, key, value, 0, 1000000,
		    &lc->flood_per_min);
	if (strcmp(key, "flood_burst") == 0)
		return conf_int(ctx, key, value, 1, 100000, &lc->flood_burst);
	if (strcmp(key, "flood_mute_s") == 0)
		return conf_int(ctx, key, value, 0, 3600, &lc->flood_mute_s);
	conf_unknown_key(ctx, "limits", key);
	return -1;
}

/* A decimal number ("43", "7.5") within min..max. */
static int
config_decimal(struct conf_ctx *ctx, const char *key, const char *value,
    double min, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(value, &end);
	if (value[0] == '\0' || *end != '\0' || errno != 0 || v < min ||
	    v > max || v != v) {
		conf_error(ctx, "%s: expected a number from %g to %g, not "
		    "\"%s\"", key, min, max, value);
		return -1;
	}
	*out = v;
	return 0;
}

static int
config_board(struct conf_ctx *ctx, struct conf *c, const char *key,
    const char *value)
{
	static const char *const outputs[] = { "png", "x11", "drm", "fbdev" };
	static const char *const turns[] = { "0", "90", "180", "270" };
	struct output_conf *o = &c->output;
	struct render_conf *rc = &c->render;
	int v;

	if (strcmp(key, "output") == 0) {
		if (conf_enum(ctx, key, value, outputs, 4, &v) == -1)
			return -1;
		snprintf(o->kind, sizeof(o->kind), "%s", outputs[v]);
		return 0;
	}
	if (strcmp(key, "rotate") == 0) {
		if (conf_enum(ctx, key, value, turns, 4, &v) == -1)
			return -1;
		o->rotate = v * 90;
		return 0;
	}
	if (strcmp(key, "device") == 0)
		return conf_str(ctx, key, value, o->device, sizeof(o->device));
	if (strcmp(key, "connector") == 0)
		return conf_str(ctx, key, value, o->connector,
		    sizeof(o->connector));
	if (strcmp(key, "logo") == 0) {
		if (conf_str(ctx, key, value, rc->logo, sizeof(rc->logo)) == -1)
			return -1;
		/* Found now, with its line, rather than missing at run time. */
		if (value[0] != '\0' && access(value, R_OK) == -1) {
			conf_error(ctx, "logo: %s: %s", value, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "highlight_s") == 0) {
		if (conf_int(ctx, key, value, 0, 600, &v) == -1)
			return -1;
		rc->highlight_ms = v * 1000;
		return 0;
	}
	if (strcmp(key, "clock_seconds") == 0)
		return conf_bool(ctx, key, value, &rc->clock_seconds);
	if (strcmp(key, "running_text") == 0)
		return config_name(ctx, key, value, rc->marquee,
		    sizeof(rc->marquee));
	if (strcmp(key, "running_speed") == 0)
		return conf_int(ctx, key, value, 10, 1000, &rc->marquee_speed);
	if (strcmp(key, "running_fps") == 0)
		return conf_int(ctx, key, value, 1, 60, &rc->marquee_fps);
	/* The readability rule (docs/board.md): the TV and the farthest
	 * seat give the smallest number's size; desks that do not fit at
	 * it take turns, a page every page_s seconds. */
	if (strcmp(key, "screen_inches") == 0)
		return config_decimal(ctx, key, value, 10, 200,
		    &rc->screen_inches);
	if (strcmp(key, "viewing_distance_m") == 0)
		return config_decimal(ctx, key, value, 1, 100,
		    &rc->viewing_m);
	if (strcmp(key, "page_s") == 0) {
		if (conf_int(ctx, key, value, 2, 120, &v) == -1)
			return -1;
		rc->page_ms = v * 1000;
		return 0;
	}
	if (strcmp(key, "width") == 0)
		return conf_int(ctx, key, value, 320, 7680, &o->width);
	if (strcmp(key, "height") == 0)
		return conf_int(ctx, key, value, 240, 4320, &o->height);
	if (strcmp(key, "png_dir") == 0)
		return conf_str(ctx, key, value, o->png_dir,
		    sizeof(o->png_dir));
	if (strcmp(key, "png_keep") == 0)
		return conf_int(ctx, key, value, 0, 100000, &o->png_keep);
	if (strcmp(key, "calls") == 0)
		return conf_int(ctx, key, value, 1, BOARD_MAX_CALLS,
		    &c->queue.board_calls);
	conf_unknown_key(ctx, "board", key);
	return -1;
}

static int
config_theme(struct conf_ctx *ctx, struct conf *c, const char *key,
    const char *value)
{
	struct render_theme *t = &c->render.theme;
	static const struct {
		const char	*key;
		size_t		 off;
	} colors[] = {
		{ "background", offsetof(struct render_theme, background) },
		{ "panel", offsetof(struct render_theme, panel) },
		{ "text", offsetof(struct render_theme, text) },
		{ "muted", offsetof(struct render_theme, muted) },
		{ "accent", offsetof(struct render_theme, accent) },
		{ "warning", offsetof(struct render_theme, warning) },
	};
	size_t i;

	for (i = 0; i < sizeof(colors) / sizeof(colors[0]); i++)
		if (strcmp(key, colors[i].key) == 0)
			return config_color(ctx, key, value,
			    (struct rgb *)((char *)t + colors[i].off));
	if (strcmp(key, "font") == 0)
		return conf_str(ctx, key, value, t->font, sizeof(t->font));
	conf_unknown_key(ctx, "theme", key);
	return -1;
}

static int
config_labels(struct conf_ctx *ctx, struct conf *c, const char *key,
    const char *value)
{
	struct render_labels *l = &c->render.labels;
	static const struct {
		const char	*key;
		size_t		 off;
		size_t		 len;
	} labels[] = {
#define L(f) { #f, offsetof(struct render_labels, f), \
	sizeof(((struct render_labels *)0)->f) }
		L(now_calling), L(desk_serving), L(desk_idle),
		L(desk_paused), L(desk_closed), L(desk_offline),
		L(last_calls), L(waiting), L(to_desk), L(priority), L(quota),
		L(closed),
#undef L
	};
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(key, labels[i].key) == 0)
			return config_name(ctx, key, value,
			    (char *)l + labels[i].off, labels[i].len);
	conf_unknown_key(ctx, "labels", key);
	return -1;
}

static struct service_conf *
config_service_get(struct conf_ctx *ctx, struct conf *c, const char *arg,
    bool report)
{
	struct queue_conf *q = &c->queue;
	int i;

	if (strlen(arg) != 1 || arg[0] < 'A' || arg[0] > 'Z') {
		if (report)
			conf_error(ctx, "[service %s]: expected one capital letter "
		    "A to Z after \"service\"", arg);
		return NULL;
	}
	for (i = 0; i < q->nservices; i++)
		if (q->services[i].letter == arg[0])
			return &q->services[i];
	if (q->nservices == QUEUE_MAX_SERVICES)
		return NULL;
	q->services[q->nservices].letter = arg[0];
	q->services[q->nservices].source = SOURCE_ROLL;
	snprintf(q->services[q->nservices].name, PROTO_NAME_MAX,
	    "Layanan %c", arg[0]);
	return &q->services[q->nservices++];
}

static int
config_service(struct conf_ctx *ctx, struct conf *c, const char *arg,
    const char *key, const char *value)
{
	static const char *const sources[] = { "roll", "kiosk" };
	struct service_conf *s;
	int v;

	if ((s = config_service_get(ctx, c, arg, false)) == NULL)
		return -1;
	if (strcmp(key, "name") == 0)
		return config_name(ctx, key, value, s->name, sizeof(s->name));
	if (strcmp(key, "source") == 0) {
		if (conf_enum(ctx, key, value, sources, 2, &v) == -1)
			return -1;
		s->source = v;
		return 0;
	}
	if (strcmp(key, "target_wait") == 0)
		return conf_int(ctx, key, value, 0, 24 * 60,
		    &s->target_wait_min);
	if (strcmp(key, "priority_every") == 0)
		return conf_int(ctx, key, value, 0, 99, &s->priority_every);
	if (strcmp(key, "last_take") == 0) {
		s->last_take = true;
		return config_hhmm(ctx, key, value, &s->last_take_min);
	}
	if (strcmp(key, "quota") == 0 && strcmp(value, "0") == 0) {
		conf_error(ctx, "quota = 0 would refuse every ticket: remove "
		    "the line for no quota");
		return -1;
	}
	if (strcmp(key, "quota") == 0)
		return conf_int(ctx, key, value, 1, TICKET_NUMBER_MAX,
		    &s->quota);
	conf_unknown_key(ctx, "service", key);
	return -1;
}

static struct desk_conf *
config_desk_get(struct conf_ctx *ctx, struct conf *c, const char *arg,
    bool report)
{
	struct queue_conf *q = &c->queue;
	char *end;
	long id;
	int i;

	id = strtol(arg, &end, 10);
	if (arg[0] == '\0' || *end != '\0' || id < 1 || id > DESK_ID_MAX) {
		if (report)
			conf_error(ctx, "[desk %s]: expected a desk number from 1 to "
		    "%d after \"desk\"", arg, DESK_ID_MAX);
		return NULL;
	}
	for (i = 0; i < q->ndesks; i++)
		if (q->desks[i].id == id)
			return &q->desks[i];
	if (q->ndesks == QUEUE_MAX_DESKS) {
		if (report)
			conf_error(ctx, "too many desks (at most %d)",
		    QUEUE_MAX_DESKS);
		return NULL;
	}
	q->desks[q->ndesks].id = (int)id;
	snprintf(q->desks[q->ndesks].name, PROTO_NAME_MAX, "Loket %ld", id);
	return &q->desks[q->ndesks++];
}

static int
config_desk(struct conf_ctx *ctx, struct conf *c, const char *arg,
    const char *key, const char *value)
{
	struct desk_conf *d;
	const char *p;
	size_t n = 0;

	if ((d = config_desk_get(ctx, c, arg, false)) == NULL)
		return -1;
	if (strcmp(key, "name") == 0)
		return config_name(ctx, key, value, d->name, sizeof(d->name));
	if (strcmp(key, "services") == 0) {
		/* "A B C" or "A,B,C": letters in priority order. */
		for (p = value; *p != '\0'; p++) {
			if (*p == ' ' || *p == ',' || *p == '\t')
				continue;
			if (*p < 'A' || *p > 'Z' || (p[1] != '\0' &&
			    !strchr(" ,\t", p[1]))) {
				conf_error(ctx, "services: expected service "
				    "letters like \"A B\", not \"%s\"", value);
				return -1;
			}
			if (strchr(d->services, *p) != NULL) {
				conf_error(ctx, "services: %c listed twice",
				    *p);
				return -1;
			}
			d->services[n++] = *p;
			d->services[n] = '\0';
		}
		return 0;
	}
	conf_unknown_key(ctx, "desk", key);
	return -1;
}

/* "12:00-13:00", or several separated by commas: hours without voice. */
static int
config_quiet(struct conf_ctx *ctx, struct voice_conf *v, const char *value)
{
	char range[16], from[8], to[8];
	const char *p = value;
	size_t n;

	while (*p != '\0') {
		p += strspn(p, " ,\t");
		if ((n = strcspn(p, " ,\t")) == 0)
			break;
		if (n >= sizeof(range) || sscanf(p, "%5[0-9:]-%5[0-9:]", from,
		    to) != 2 || strlen(from) + strlen(to) + 1 != n) {
			conf_error(ctx, "quiet: expected hours like "
			    "\"12:00-13:00\", not \"%.*s\"", (int)n, p);
			return -1;
		}
		memcpy(range, p, n);
		range[n] = '\0';
		if (v->nquiet == VOICE_MAX_QUIET) {
			conf_error(ctx, "quiet: more than %d ranges",
			    VOICE_MAX_QUIET);
			return -1;
		}
		if (config_hhmm(ctx, "quiet", from,
		    &v->quiet[v->nquiet].from_min) == -1 ||
		    config_hhmm(ctx, "quiet", to,
		    &v->quiet[v->nquiet].to_min) == -1)
			return -1;
		if (v->quiet[v->nquiet].from_min ==
		    v->quiet[v->nquiet].to_min) {
			conf_error(ctx, "quiet: \"%s\" is an empty range",
			    range);
			return -1;
		}
		v->nquiet++;
		p += n;
	}
	return 0;
}

static int
config_voice(struct conf_ctx *ctx, struct conf *c, const char *key,
    const char *value)
{
	static const char *const outputs[] = { "alsa", "wav", "none" };
	struct voice_conf *v = &c->voice;
	char err[128];
	int k;

	if (strcmp(key, "output") == 0) {
		if (conf_enum(ctx, key, value, outputs, 3, &k) == -1)
			return -1;
		v->enabled = k != 2;
		snprintf(v->audio.kind, sizeof(v->audio.kind), "%s",
		    outputs[k]);
		return 0;
	}
	if (strcmp(key, "device") == 0)
		return conf_str(ctx, key, value, v->audio.device,
		    sizeof(v->audio.device));
	if (strcmp(key, "wav_path") == 0)
		return conf_str(ctx, key, value, v->audio.wav_path,
		    sizeof(v->audio.wav_path));
	if (strcmp(key, "clips") == 0)
		return conf_str(ctx, key, value, v->clips, sizeof(v->clips));
	if (strcmp(key, "template") == 0) {
		if (speech_template_parse(value, &v->tmpl, err,
		    sizeof(err)) == -1) {
			conf_error(ctx, "template: %s", err);
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "repeat") == 0)
		return conf_int(ctx, key, value, 1, 5, &v->repeat);
	if (strcmp(key, "gap_ms") == 0)
		return conf_int(ctx, key, value, 0, 10000, &v->gap_ms);
	if (strcmp(key, "word_gap_ms") == 0)
		return conf_int(ctx, key, value, 0, 1000, &v->word_gap_ms);
	if (strcmp(key, "volume") == 0)
		return conf_int(ctx, key, value, 0, 100, &v->volume);
	if (strcmp(key, "quiet") == 0)
		return config_quiet(ctx, v, value);
	conf_unknown_key(ctx, "voice", key);
	return -1;
}

/* "[service X]" and "[desk N]" each start a new service or desk; a
 * second section for the same one is refused at its header, so its keys
 * change nothing. */
static int
config_service_new(struct conf_ctx *ctx, struct load *ld, const char *arg)
{
	struct queue_conf *q = &ld->c->queue;
	struct service_conf *s;
	int n = q->nservices;

	if ((s = config_service_get(ctx, ld->c, arg, true)) == NULL)
		return -1;
	if (q->nservices == n) {
		conf_error(ctx, "[service %s] again (first at line %d): one "
		    "section per service", arg,
		    ld->service_line[s - q->services]);
		return -1;
	}
	ld->service_line[n] = ctx->line;
	return 0;
}

static int
config_desk_new(struct conf_ctx *ctx, struct load *ld, const char *arg)
{
	struct queue_conf *q = &ld->c->queue;
	struct desk_conf *d;
	int n = q->ndesks;

	if ((d = config_desk_get(ctx, ld->c, arg, true)) == NULL)
		return -1;
	if (q->ndesks == n) {
		conf_error(ctx, "[desk %s] again (first at line %d): one "
		    "section per desk", arg, ld->desk_line[d - q->desks]);
		return -1;
	}
	ld->desk_line[n] = ctx->line;
	return 0;
}

/* A section header: known name? "[service X]" and "[desk N]" exist
 * from their header on, even with no keys. */
static int
config_section(struct conf_ctx *ctx, struct load *ld, const char *section,
    size_t n, const char *arg)
{
	static const char *const plain[] = { "hall", "mqtt", "store",
	    "board", "theme", "labels", "queue", "voice", "limits" };
	size_t i;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (strcmp(section, plain[i]) == 0)
			return 0;
	if (n == 7 && strncmp(section, "service", n) == 0)
		return config_service_new(ctx, ld, arg);
	if (n == 4 && strncmp(section, "desk", n) == 0)
		return config_desk_new(ctx, ld, arg);
	if (n == 4 && strncmp(section, "zone", n) == 0)
		return zone_section(ctx, &ld->c->zones, arg);
	conf_error(ctx, "unknown section [%s] (expected hall, mqtt, store, "
	    "queue, board, theme, labels, voice, limits, \"service X\", "
	    "\"desk N\" or \"zone X\")",
	    section);
	return -1;
}

/* [board] zone: the zone this box's screen shows (a [zone X] of the
 * central's file; a screen's own file need not repeat the zones). */
static int
config_zone_shown(struct conf_ctx *ctx, struct conf *c, const char *value)
{
	size_t i, n = strlen(value);

	for (i = 0; i < n; i++)
		if (!proto_zone_char(value[i]))
			break;
	if (i < n || n >= sizeof(c->zone)) {
		conf_error(ctx, "zone: expected a zone name of 1 to %zu "
		    "letters, digits, '-' or '_', not \"%s\"",
		    sizeof(c->zone) - 1, value);
		return -1;
	}
	memcpy(c->zone, value, n + 1);
	return 0;
}

static int
config_key(struct conf_ctx *ctx, const char *section, const char *key,
    const char *value)
{
	struct load *ld = ctx->user;
	struct conf *c = ld->c;
	const char *arg;
	size_t n;

	n = conf_section_split(section, &arg);
	if (key == NULL) {
		ld->skip = config_section(ctx, ld, section, n, arg) == -1;
		return ld->skip ? -1 : 0;
	}
	if (ld->skip)
		return -1;	/* reported at the section's header */
	if (strcmp(section, "hall") == 0)
		return config_hall(ctx, c, key, value);
	if (strcmp(section, "mqtt") == 0 && strcmp(key,
	    "max_packet_size") == 0)
		return conf_int(ctx, key, value, 1024, MQTT_PACKET_LIMIT,
		    &c->max_packet);
	if (strcmp(section, "mqtt") == 0)
		return mqtt_conf_key(ctx, &c->mqtt, key, value);
	if (strcmp(section, "store") == 0) {
		if (strcmp(key, "path") == 0)
			return conf_str(ctx, key, value, c->db_path,
			    sizeof(c->db_path));
		if (strcmp(key, "max_size_mb") == 0)
			return conf_int(ctx, key, value, 0, 1024 * 1024,
			    &c->db_max_mb);
		conf_unknown_key(ctx, section, key);
		return -1;
	}
	if (strcmp(section, "queue") == 0)
		return config_queue(ctx, c, key, value);
	if (strcmp(section, "board") == 0 && strcmp(key, "zone") == 0)
		return config_zone_shown(ctx, c, value);
	if (strcmp(section, "board") == 0)
		return config_board(ctx, c, key, value);
	if (strcmp(section, "theme") == 0)
		return config_theme(ctx, c, key, value);
	if (strcmp(section, "labels") == 0)
		return config_labels(ctx, c, key, value);
	if (strcmp(section, "voice") == 0)
		return config_voice(ctx, c, key, value);
	if (strcmp(section, "limits") == 0)
		return config_limits(ctx, c, key, value);
	if (n == 7 && strncmp(section, "service", n) == 0)
		return config_service(ctx, c, arg, key, value);
	if (n == 4 && strncmp(section, "desk", n) == 0)
		return config_desk(ctx, c, arg, key, value);
	if (n == 4 && strncmp(section, "zone", n) == 0) {
		/* A title is shown on the board: the fonts must draw it. */
		if (strcmp(key, "title") == 0 &&
		    !(ld->flags & CONFIG_NO_GLYPHS) && glyphs_check(ctx,
		    c->render.theme.font, key, value) == -1)
			return -1;
		return zone_key(ctx, &c->zones, arg, key, value);
	}
	return -1;	/* reported at the section's header */
}

static void
config_defaults(struct conf *c, const char *path)
{
	memset(c, 0, sizeof(*c));
	c->path = path;
	c->role = ROLE_CENTRAL;
	snprintf(c->hall, sizeof(c->hall), "hall");
	snprintf(c->db_path, sizeof(c->db_path), "/var/lib/antre/antre.db");
	mqtt_conf_defaults(&c->mqtt);
	/* The broker is on the same Pi (or the same switch, for a screen):
	 * a ping a minute is plenty, and a wakeup saved. */
	c->mqtt.keepalive = 60;
	snprintf(c->output.kind, sizeof(c->output.kind), "png");
	c->output.width = 1920;
	c->output.height = 1080;
	snprintf(c->output.png_dir, sizeof(c->output.png_dir),
	    "/var/lib/antre/frames");
	render_conf_defaults(&c->render);
	voice_conf_defaults(&c->voice);
	c->max_packet = PROTO_PACKET_MAX;
	limits_conf_defaults(&c->limits);
	c->queue.board_calls = 5;
	c->queue.max_recalls = 3;
	/* Numbers restart before the earliest queue forms. */
	c->queue.day_start_min = 4 * 60;
}

/* The bytes of s inside a JSON string: the encoder escapes '"' and '\\'
 * (control characters are refused in names). */
static size_t
config_json_len(const char *s)
{
	size_t n = strlen(s);

	for (; *s != '\0'; s++)
		if (*s == '"' || *s == '\\')
			n++;
	return n;
}

size_t
config_board_packet(const struct conf *c)
{
	const struct queue_conf *q = &c->queue;
	struct board *b;
	char topic[160], *json;
	size_t n, most = 0, size;
	int i, longest = 0;

	if ((b = calloc(1, sizeof(*b))) == NULL) {
		log_warn("board size");
		return SIZE_MAX;
	}
	/* Every field at its longest: statuses of 7 letters, four-digit
	 * priority tickets, times of 19 digits, every service closed, a
	 * fault of escaped characters. */
	b->time_ms = INT64_MAX;
	snprintf(b->day, sizeof(b->day), "2099-12-31");
	for (i = 0; i < q->ndesks; i++) {
		n = config_json_len(q->desks[i].name) +
		    (size_t)snprintf(NULL, 0, "%d", q->desks[i].id);
		if (n > most) {
			most = n;
			longest = i;
		}
		if (i >= BOARD_MAX_DESKS)
			continue;
		b->desks[i].id = q->desks[i].id;
		memcpy(b->desks[i].name, q->desks[i].name, PROTO_NAME_MAX);
		b->desks[i].status = DESK_OFFLINE;
		b->desks[i].ticket = (struct ticket){ 'Z', TICKET_NUMBER_MAX,
		    true };
		b->ndesks = i + 1;
	}
	/* Every call kept may be at the desk with the longest name. */
	for (i = 0; q->ndesks > 0 && i < q->board_calls; i++) {
		b->calls[i].ticket = (struct ticket){ 'Z', TICKET_NUMBER_MAX,
		    true };
		b->calls[i].desk = q->desks[longest].id;
		memcpy(b->calls[i].desk_name, q->desks[longest].name,
		    PROTO_NAME_MAX);
		b->calls[i].time_ms = INT64_MAX;
		b->ncalls = i + 1;
	}
	for (i = 0; i < q->nservices; i++) {
		b->waiting[i].service = q->services[i].letter;
		memcpy(b->waiting[i].name, q->services[i].name, PROTO_NAME_MAX);
		b->waiting[i].count = TICKET_NUMBER_MAX;
		b->waiting[i].state = WAITING_CLOSED;
	}
	b->nwaiting = q->nservices;
	memset(b->fault, '"', sizeof(b->fault) - 1);
	/* A zone's board is the hall's at most, with its name and title. */
	for (i = 0, most = 0; i < c->zones.n; i++) {
		n = config_json_len(c->zones.z[i].title) +
		    2 * strlen(c->zones.z[i].id);
		if (n > most) {
			most = n;
			memcpy(b->zone, c->zones.z[i].id, sizeof(b->zone));
			memcpy(b->title, c->zones.z[i].title,
			    sizeof(b->title));
		}
	}
	json = proto_board_encode(b);
	if (json == NULL || topic_board_zone(topic, sizeof(topic), c->prefix,
	    b->zone) == -1) {
		free(b);
		free(json);
		return SIZE_MAX;
	}
	free(b);
	size = proto_publish_size(strlen(topic), strlen(json));
	free(json);
	return size;
}

/* Checks that need the whole file. */
static void
config_validate(struct conf_ctx *ctx, struct conf *c)
{
	struct queue_conf *q = &c->queue;
	const char *s;
	size_t size;
	int i, j, found;

	if (c->prefix[0] == '\0')
		snprintf(c->prefix, sizeof(c->prefix), "antre/%s", c->hall);
	if (strchr(c->prefix, '+') || strchr(c->prefix, '#') ||
	    c->prefix[strlen(c->prefix) - 1] == '/')
		conf_error_file(ctx, "[hall] prefix \"%s\": no wildcards and "
		    "no trailing /", c->prefix);
	if (c->voice.enabled && strcmp(c->voice.audio.kind, "wav") == 0 &&
	    c->voice.audio.wav_path[0] == '\0')
		conf_error_file(ctx, "[voice] output = wav needs wav_path");
	if (c->role == ROLE_SCREEN)
		return;
	zone_resolve(ctx, &c->zones, q, c->zone);
	if (q->nservices == 0)
		conf_error_file(ctx, "no [service X] section: the central "
		    "needs at least one service");
	if (q->ndesks == 0)
		conf_error_file(ctx, "no [desk N] section: the central needs "
		    "at least one desk");
	for (i = 0; i < q->nservices; i++) {
		if (q->services[i].quota > 0 &&
		    q->services[i].source == SOURCE_ROLL)
			conf_error_file(ctx, "[service %c]: quota counts kiosk "
			    "tickets (source = kiosk), not a roll's",
			    q->services[i].letter);
		if (q->services[i].last_take &&
		    q->services[i].last_take_min == q->day_start_min)
			conf_error_file(ctx, "[service %c]: last_take is the "
			    "day's start (day_start): no ticket could be "
			    "taken", q->services[i].letter);
	}
	for (i = 0; i < q->ndesks; i++) {
		if (q->desks[i].services[0] == '\0')
			conf_error_file(ctx, "[desk %d]: no services = line",
			    q->desks[i].id);
		for (s = q->desks[i].services; *s != '\0'; s++) {
			found = 0;
			for (j = 0; j < q->nservices; j++)
				found |= q->services[j].letter == *s;
			if (!found)
				conf_error_file(ctx, "[desk %d]: service %c "
				    "has no [service %c] section",
				    q->desks[i].id, *s, *s);
		}
	}
	/* A board the broker refuses would cut the central off at every
	 * publish: found now rather than in the hall. */
	if (ctx->nerrors == 0 &&
	    (size = config_board_packet(c)) > (size_t)c->max_packet)
		conf_error_file(ctx, "the board can reach %zu bytes, more than "
		    "the broker's max_packet_size of %d: shorten the desk and "
		    "service names, keep fewer calls ([board] calls) or "
		    "name fewer services", size, c->max_packet);
}

int
config_load(const char *path, struct conf *c)
{
	return config_load_flags(path, c, 0);
}

int
config_load_flags(const char *path, struct conf *c, int flags)
{
	struct load ld = { .c = c, .flags = flags };
	struct conf_ctx vctx = { .path = path };

	config_defaults(c, path);
	if (conf_parse(path, config_key, &ld) == -1)
		return -1;
	config_validate(&vctx, c);
	if (vctx.nerrors > 0)
		return -1;
	if (!(flags & CONFIG_NO_SECRETS) && mqtt_conf_finish(&c->mqtt) == -1)
		return -1;
	return 0;
}
