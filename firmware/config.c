/*
 * config.c - antre-desk's INI file (see firmware/antre-desk.conf).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "proto.h"

static int
config_desk(struct conf_ctx *ctx, struct conf *c, const char *key,
    const char *value)
{
	if (strcmp(key, "id") == 0)
		return conf_int(ctx, key, value, 1, DESK_ID_MAX, &c->desk);
	if (strcmp(key, "hall") == 0)
		return conf_str(ctx, key, value, c->hall, sizeof(c->hall));
	if (strcmp(key, "prefix") == 0)
		return conf_str(ctx, key, value, c->prefix,
		    sizeof(c->prefix));
	if (strcmp(key, "ack_timeout_ms") == 0)
		return conf_int(ctx, key, value, 500, 60000,
		    &c->ack_timeout_ms);
	if (strcmp(key, "guard_ms") == 0)
		return conf_int(ctx, key, value, 0, 10000, &c->guard_ms);
	conf_unknown_key(ctx, "desk", key);
	return -1;
}

static int
config_gpio(struct conf_ctx *ctx, struct conf *c, const char *key,
    const char *value)
{
	struct gpio_conf *g = &c->gpio;
	int rc;

	if ((rc = gpio_conf_key(ctx, g, key, value)) != 1)
		return rc;
	if (strcmp(key, "button_next") == 0)
		return gpio_conf_line(ctx, key, value, &g->lines[BUTTON_NEXT]);
	if (strcmp(key, "button_noshow") == 0)
		return gpio_conf_line(ctx, key, value, &g->lines[BUTTON_NOSHOW]);
	if (strcmp(key, "button_pause") == 0)
		return gpio_conf_line(ctx, key, value, &g->lines[BUTTON_PAUSE]);
	if (strcmp(key, "led") == 0)
		return gpio_conf_line(ctx, key, value, &g->leds[0]);
	if (strcmp(key, "debounce_ms") == 0)
		return conf_int(ctx, key, value, 1, 500, &c->debounce_ms);
	if (strcmp(key, "long_press_ms") == 0)
		return conf_int(ctx, key, value, 300, 10000,
		    &c->long_press_ms);
	conf_unknown_key(ctx, "gpio", key);
	return -1;
}

static int
config_key(struct conf_ctx *ctx, const char *section, const char *key,
    const char *value)
{
	struct conf *c = ctx->user;

	if (key == NULL) {
		if (strcmp(section, "desk") == 0 ||
		    strcmp(section, "mqtt") == 0 ||
		    strcmp(section, "gpio") == 0)
			return 0;
		conf_error(ctx, "unknown section [%s] (expected desk, mqtt "
		    "or gpio)", section);
		return -1;
	}
	if (strcmp(section, "desk") == 0)
		return config_desk(ctx, c, key, value);
	if (strcmp(section, "mqtt") == 0)
		return mqtt_conf_key(ctx, &c->mqtt, key, value);
	if (strcmp(section, "gpio") == 0)
		return config_gpio(ctx, c, key, value);
	return -1;	/* reported at the section's header */
}

int
config_load(const char *path, struct conf *c)
{
	struct conf_ctx vctx = { .path = path };
	struct gpio_conf *g = &c->gpio;

	memset(c, 0, sizeof(*c));
	c->path = path;
	snprintf(c->hall, sizeof(c->hall), "hall");
	c->debounce_ms = 30;
	c->long_press_ms = 1500;
	c->ack_timeout_ms = 5000;
	c->guard_ms = 2000;
	mqtt_conf_defaults(&c->mqtt);
	snprintf(g->backend, sizeof(g->backend), "gpiod");
	snprintf(g->chip, sizeof(g->chip), "gpiochip0");
	/* Defaults match hardware/desk/pinout.md. */
	g->lines[BUTTON_NEXT] = 17;
	g->lines[BUTTON_NOSHOW] = -1;
	g->lines[BUTTON_PAUSE] = -1;
	g->leds[0] = 27;
	g->active_low = true;
	snprintf(g->bias, sizeof(g->bias), "pull-up");

	if (conf_parse(path, config_key, c) == -1)
		return -1;
	if (c->desk == 0)
		conf_error_file(&vctx, "[desk] id = N is required");
	if (c->prefix[0] == '\0')
		snprintf(c->prefix, sizeof(c->prefix), "antre/%s", c->hall);
	if (strcmp(g->backend, "fake") == 0 && g->fake_socket[0] == '\0')
		conf_error_file(&vctx, "[gpio] backend = fake needs "
		    "fake_socket = PATH");
	if (c->mqtt.username[0] == '\0')
		snprintf(c->mqtt.username, sizeof(c->mqtt.username),
		    "desk-%d", c->desk);
	return vctx.nerrors > 0 ? -1 : 0;
}
