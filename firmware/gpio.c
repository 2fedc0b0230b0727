/*
 * gpio.c - picks the GPIO backend named in the configuration.
 */
#include "gpio.h"

#include <string.h>

#include "log.h"

static const struct gpio_ops *const backends[] = {
	&gpio_gpiod_ops,
	&gpio_fake_ops,
};

struct gpio *
gpio_open(const struct gpio_conf *gc)
{
	size_t i;

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (strcmp(gc->backend, backends[i]->name) == 0)
			return backends[i]->open(gc);
	log_warnx("gpio: unknown backend \"%s\"", gc->backend);
	return NULL;
}

void
gpio_close(struct gpio *g)
{
	if (g != NULL)
		g->ops->close(g);
}

int
gpio_fd(struct gpio *g)
{
	return g->ops->fd(g);
}

int
gpio_read(struct gpio *g, struct gpio_event *ev, int max)
{
	return g->ops->read(g, ev, max);
}

int
gpio_set_led(struct gpio *g, bool on)
{
	return g->ops->set_led(g, 0, on);
}

int
gpio_set_led_at(struct gpio *g, int i, bool on)
{
	return g->ops->set_led(g, i, on);
}

int
gpio_conf_nbuttons(const struct gpio_conf *gc)
{
	if (gc->nbuttons <= 0)
		return BUTTON__COUNT;
	return gc->nbuttons < GPIO_BUTTONS_MAX ? gc->nbuttons :
	    GPIO_BUTTONS_MAX;
}

int
gpio_conf_nleds(const struct gpio_conf *gc)
{
	if (gc->nleds <= 0)
		return 1;
	return gc->nleds < GPIO_LEDS_MAX ? gc->nleds : GPIO_LEDS_MAX;
}

const char *
gpio_conf_name(const struct gpio_conf *gc, int b)
{
	if (b < 0 || b >= gpio_conf_nbuttons(gc))
		return "?";
	return gc->names != NULL ? gc->names[b] : gpio_button_name(b);
}

const char *
gpio_button_name(enum gpio_button b)
{
	static const char *const names[BUTTON__COUNT] = {
		[BUTTON_NEXT] = "next",
		[BUTTON_NOSHOW] = "noshow",
		[BUTTON_PAUSE] = "pause",
	};

	return (unsigned)b < BUTTON__COUNT ? names[b] : "?";
}

