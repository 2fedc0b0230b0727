/*
 * kconfig.c - antre-kiosk's INI file. See kconfig.h and antre-kiosk.conf.
 */
#include "kconfig.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "proto.h"

/* The fake controller's button names: "1".."8", then "priority". */
static const char *const button_names[GPIO_BUTTONS_MAX] = {
	"1", "2", "3", "4", "5", "6", "7", "8", "priority",
};

static int
kconfig_kiosk(struct conf_ctx *ctx, struct kconf *c, const char *key,
    const char *value)
{
	const char *s;
	size_t n = 0;

	if (strcmp(key, "id") == 0)
		return conf_int(ctx, key, value, 1, KIOSK_ID_MAX, &c->kiosk);
	if (strcmp(key, "hall") == 0)
		return conf_str(ctx, key, value, c->hall, sizeof(c->hall));
	if (strcmp(key, "prefix") == 0)
		return conf_str(ctx, key, value, c->prefix,
		    sizeof(c->prefix));
	if (strcmp(key, "office") == 0)
		return conf_str(ctx, key, value, c->office,
		    sizeof(c->office));
	if (strcmp(key, "footer") == 0)
		return conf_str(ctx, key, value, c->footer,
		    sizeof(c->footer));
	if (strcmp(key, "services") == 0) {
		/* "A B C" or "ABC": the central's kiosk services, as
		 * antre-provision writes them. */
		for (s = value; *s != '\0'; s++) {
			if (*s == ' ' || *s == ',')
				continue;
			if (*s < 'A' || *s > 'Z' || strchr(c->services, *s)) {
				conf_error(ctx, "services: expected distinct "
				    "letters A..Z, not \"%s\"", value);
				return -1;
			}
			c->services[n++] = *s;
			c->services[n] = '\0';
		}
		return 0;
	}
	if (strcmp(key, "paper") == 0) {
		if (strcmp(value, "58") == 0 || strcmp(value, "80") == 0) {
			c->paper = atoi(value);
			return 0;
		}
		conf_error(ctx, "paper: expected 58 or 80 (mm), not \"%s\"",
		    value);
		return -1;
	}
	if (strcmp(key, "state") == 0)
		return conf_str(ctx, key, value, c->state, sizeof(c->state));
	if (strcmp(key, "guard_ms") == 0)
		return conf_int(ctx, key, value, 0, 60000, &c->guard_ms);
	if (strcmp(key, "priority_window_ms") == 0)
		return conf_int(ctx, key, value, 1000, 60000,
		    &c->priority_window_ms);
	if (strcmp(key, "take_timeout_ms") == 0)
		return conf_int(ctx, key, value, 500, 60000,
		    &c->take_timeout_ms);
	if (strcmp(key, "retry_window_ms") == 0)
		return conf_int(ctx, key, value, 0, 3600000,
		    &c->retry_window_ms);
	conf_unknown_key(ctx, "kiosk", key);
	return -1;
}

static int
kconfig_printer(struct conf_ctx *ctx, struct kconf *c, const char *key,
    const char *value)
{
	static const char *const bauds[] = { "9600", "19200", "38400",
	    "57600", "115200" };
	int v;

	if (strcmp(key, "device") == 0)
		return conf_str(ctx, key, value, c->device,
		    sizeof(c->device));
	if (strcmp(key, "baud") == 0) {
		if (conf_enum(ctx, key, value, bauds, 5, &v) == -1)
			return -1;
		c->baud = atoi(bauds[v]);
		return 0;
	}
	if (strcmp(key, "status_timeout_ms") == 0)
		return conf_int(ctx, key, value, 50, 5000,
		    &c->status_timeout_ms);
	if (strcmp(key, "status_interval_ms") == 0)
		return conf_int(ctx, key, value, 500, 600000,
		    &c->status_interval_ms);
	conf_unknown_key(ctx, "printer", key);
	return -1;
}

static int
kconfig_gpio(struct conf_ctx *ctx, struct kconf *c, const char *key,
    const char *value)
{
	struct gpio_conf *g = &c->gpio;
	int rc;

	if ((rc = gpio_conf_key(ctx, g, key, value)) != 1)
		return rc;
	if (strcmp(key, "debounce_ms") == 0)
		return conf_int(ctx, key, value, 1, 500, &c->debounce_ms);
	if (strcmp(key, "long_press_ms") == 0)
		return conf_int(ctx, key, value, 300, 10000,
		    &c->long_press_ms);
	conf_unknown_key(ctx, "gpio", key);
	return -1;
}

/* [button N] (b = N - 1) and [priority] (b = KIOSK_PRIORITY, no
 * service). */
static int
kconfig_button(struct conf_ctx *ctx, struct kconf *c, int b,
    const char *key, const char *value)
{
	if (b < KIOSK_PRIORITY && strcmp(key, "service") == 0) {
		if (strlen(value) != 1 || value[0] < 'A' || value[0] > 'Z') {
			conf_error(ctx, "service: expected a service letter "
			    "A..Z, not \"%s\"", value);
			return -1;
		}
		c->buttons[b].service = value[0];
		c->buttons[b].line = ctx->line;
		return 0;
	}
	if (strcmp(key, "gpio") == 0)
		return gpio_conf_line(ctx, key, value, &c->gpio.lines[b]);
	if (strcmp(key, "led") == 0)
		return gpio_conf_line(ctx, key, value, &c->gpio.leds[b]);
	conf_unknown_key(ctx, b == KIOSK_PRIORITY ? "priority" : "button",
	    key);
	return -1;
}

/* "button 3" -> 2, or -1. */
static int
kconfig_button_index(const char *section)
{
	const char *arg;
	char *end;
	long n;

	if (conf_section_split(section, &arg) != 6 ||
	    strncmp(section, "button", 6) != 0 || !isdigit((unsigned char)
	    arg[0]))
		return -1;
	n = strtol(arg, &end, 10);
	if (*end != '\0' || n < 1 || n > KIOSK_BUTTONS_MAX)
		return -1;
	return (int)n - 1;
}

static int
kconfig_key(struct conf_ctx *ctx, const char *section, const char *key,
    const char *value)
{
	struct kconf *c = ctx->user;
	int b = kconfig_button_index(section);

	if (key == NULL) {
		if (strcmp(section, "kiosk") == 0 ||
		    strcmp(section, "printer") == 0 ||
		    strcmp(section, "mqtt") == 0 ||
		    strcmp(section, "gpio") == 0 ||
		    strcmp(section, "priority") == 0)
			return 0;
		if (b >= 0) {
			if (b + 1 > c->nbuttons)
				c->nbuttons = b + 1;
			return 0;
		}
		conf_error(ctx, "unknown section [%s] (expected kiosk, "
		    "printer, mqtt, gpio, priority or button 1..%d)", section,
		    KIOSK_BUTTONS_MAX);
		return -1;
	}
	if (strcmp(section, "kiosk") == 0)
		return kconfig_kiosk(ctx, c, key, value);
	if (strcmp(section, "printer") == 0)
		return kconfig_printer(ctx, c, key, value);
	if (strcmp(section, "mqtt") == 0)
		return mqtt_conf_key(ctx, &c->mqtt, key, value);
	if (strcmp(section, "gpio") == 0)
		return kconfig_gpio(ctx, c, key, value);
	if (strcmp(section, "priority") == 0)
		return kconfig_button(ctx, c, KIOSK_PRIORITY, key, value);
	if (b >= 0)
		return kconfig_button(ctx, c, b, key, value);
	return -1;	/* reported at the section's header */
}

/* Buttons 1..8 and Prioritas, and their lamps, as hardware/kiosk/
 * pinout.md wires them (BCM numbers). */
static const int default_lines[GPIO_BUTTONS_MAX] = {
	4, 17, 27, 22, 10, 9, 11, 5, 6,
};
static const int default_leds[GPIO_LEDS_MAX] = {
	18, 23, 24, 25, 12, 16, 20, 21, 26,
};

static void
kconfig_defaults(struct kconf *c, const char *path)
{
	struct gpio_conf *g = &c->gpio;
	int i;

	memset(c, 0, sizeof(*c));
	c->path = path;
	snprintf(c->hall, sizeof(c->hall), "hall");
	snprintf(c->footer, sizeof(c->footer), "Simpan tiket ini sampai "
	    "nomor Anda dipanggil.");
	snprintf(c->state, sizeof(c->state), "/var/lib/antre/kiosk.state");
	snprintf(c->device, sizeof(c->device), "/dev/usb/lp0");
	c->paper = 58;
	c->baud = 9600;
	c->debounce_ms = 30;
	c->long_press_ms = 3000;
	c->guard_ms = 1500;
	c->priority_window_ms = 5000;
	c->take_timeout_ms = 5000;
	c->retry_window_ms = 60000;
	c->status_timeout_ms = 500;
	c->status_interval_ms = 5000;
	mqtt_conf_defaults(&c->mqtt);
	snprintf(g->backend, sizeof(g->backend), "gpiod");
	snprintf(g->chip, sizeof(g->chip), "gpiochip0");
	for (i = 0; i < GPIO_BUTTONS_MAX; i++) {
		g->lines[i] = default_lines[i];
		g->leds[i] = default_leds[i];
		c->names[i] = button_names[i];
	}
	g->nbuttons = GPIO_BUTTONS_MAX;
	g->nleds = GPIO_LEDS_MAX;
	g->names = c->names;
	g->active_low = true;
	snprintf(g->bias, sizeof(g->bias), "pull-up");
}

int
kconfig_load(const char *path, struct kconf *c)
{
	struct conf_ctx vctx = { .path = path };
	struct kbutton *k;
	int b, n = 0;

	kconfig_defaults(c, path);
	if (conf_parse(path, kconfig_key, c) == -1)
		return -1;
	if (c->kiosk == 0)
		conf_error_file(&vctx, "[kiosk] id = N is required");
	if (c->prefix[0] == '\0')
		snprintf(c->prefix, sizeof(c->prefix), "antre/%s", c->hall);
	for (b = 0; b < KIOSK_BUTTONS_MAX; b++) {
		k = &c->buttons[b];
		if (k->service == 0) {
			/* Not fitted: its lines stay free. */
			c->gpio.lines[b] = -1;
			c->gpio.leds[b] = -1;
			continue;
		}
		n++;
		vctx.line = k->line;
		if (c->services[0] != '\0' &&
		    strchr(c->services, k->service) == NULL)
			conf_error(&vctx, "[button %d] service = %c: unknown "
			    "service (the central's kiosk services are %s)",
			    b + 1, k->service, c->services);
		if (c->gpio.lines[b] < 0)
			conf_error(&vctx, "[button %d] needs gpio = LINE",
			    b + 1);
	}
	vctx.line = 0;
	if (n == 0)
		conf_error_file(&vctx, "no [button N] with a service");
	if (strcmp(c->gpio.backend, "fake") == 0 &&
	    c->gpio.fake_socket[0] == '\0')
		conf_error_file(&vctx, "[gpio] backend = fake needs "
		    "fake_socket = PATH");
	if (c->mqtt.username[0] == '\0')
		snprintf(c->mqtt.username, sizeof(c->mqtt.username),
		    "kiosk-%d", c->kiosk);
	return vctx.nerrors > 0 ? -1 : 0;
}
