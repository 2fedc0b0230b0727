/*
 * gpio-conf.c - the [gpio] keys a desk and a kiosk share, parsed the
 * same way for both (gpio.h).
 */
#include "gpio.h"

#include <stdio.h>
#include <string.h>

#include "conf.h"

int
gpio_conf_line(struct conf_ctx *ctx, const char *key, const char *value,
    int *out)
{
	if (strcmp(value, "none") == 0) {
		*out = -1;
		return 0;
	}
	return conf_int(ctx, key, value, 0, 511, out);
}

int
gpio_conf_key(struct conf_ctx *ctx, struct gpio_conf *g, const char *key,
    const char *value)
{
	static const char *const kinds[] = { "gpiod", "fake" };
	static const char *const biases[] = { "pull-up", "pull-down",
	    "disable", "as-is" };
	int v;

	if (strcmp(key, "backend") == 0) {
		if (conf_enum(ctx, key, value, kinds, 2, &v) == -1)
			return -1;
		snprintf(g->backend, sizeof(g->backend), "%s", kinds[v]);
		return 0;
	}
	if (strcmp(key, "chip") == 0)
		return conf_str(ctx, key, value, g->chip, sizeof(g->chip));
	if (strcmp(key, "active_low") == 0)
		return conf_bool(ctx, key, value, &g->active_low);
	if (strcmp(key, "bias") == 0) {
		if (conf_enum(ctx, key, value, biases, 4, &v) == -1)
			return -1;
		snprintf(g->bias, sizeof(g->bias), "%s", biases[v]);
		return 0;
	}
	if (strcmp(key, "fake_socket") == 0)
		return conf_str(ctx, key, value, g->fake_socket,
		    sizeof(g->fake_socket));
	return 1;
}
