/*
 * gpio.h - the desk's buttons and LED. Backends: "gpiod" and "fake"
 * (gpio-fake.c: a Unix socket that tests and the demo drive). "gpiod" is
 * gpio-gpiod.c for libgpiod 1.6 or gpio-gpiod2.c for libgpiod 2.x,
 * whichever matches the installed library (CMake picks one); each is the
 * only file that includes <gpiod.h> for its API, and both behave the same
 * (tests/unit/test_gpio_gpiod.c runs one set of scenarios on either).
 */
#ifndef ANTRE_GPIO_H
#define ANTRE_GPIO_H

#include <stdbool.h>
#include <stdint.h>

enum gpio_button {
	BUTTON_NEXT,	/* big button: next (long press: recall) */
	BUTTON_NOSHOW,	/* optional */
	BUTTON_PAUSE,	/* optional: pause / resume */
	BUTTON__COUNT
};

/* The desk uses buttons 0..BUTTON__COUNT and one LED; the kiosk up to 8
 * service buttons and "Prioritas", each with its LED. */
#define GPIO_BUTTONS_MAX	9
#define GPIO_LEDS_MAX		9

struct gpio_conf {
	char	backend[16];		/* "gpiod" or "fake" */
	char	chip[64];		/* gpiod: "gpiochip0", a number, a
					   path or a label ("pinctrl-rp1") */
	int	nbuttons;		/* 0: the desk's BUTTON__COUNT */
	int	lines[GPIO_BUTTONS_MAX];	/* line offsets; -1 = not
					   fitted */
	const char *const *names;	/* button names (logs, the fake
					   controller); NULL: the desk's */
	int	nleds;			/* 0 counts as 1 */
	int	leds[GPIO_LEDS_MAX];	/* line offsets; -1 = none */
	bool	active_low;		/* buttons pull the line to ground */
	char	bias[16];		/* "pull-up", "pull-down", "disable",
					   "as-is" */
	char	fake_socket[108];	/* fake: listening socket path */
};

struct gpio_event {
	int			button;		/* enum gpio_button on a
						   desk */
	bool			pressed;	/* after active_low */
	int64_t			t_ms;		/* CLOCK_MONOTONIC: for gpiod
						   the kernel's edge time */
};

struct gpio;

struct conf_ctx;

/*
 * The [gpio] keys a desk and a kiosk share: backend, chip, active_low,
 * bias, fake_socket. Returns 0, -1 after conf_error(), or 1 when key is
 * not one of them (the caller's own keys).
 */
int	gpio_conf_key(struct conf_ctx *ctx, struct gpio_conf *g,
	    const char *key, const char *value);
/* A line offset 0..511, or "none" (-1). 0 or -1 after conf_error(). */
int	gpio_conf_line(struct conf_ctx *ctx, const char *key,
	    const char *value, int *out);

struct gpio	*gpio_open(const struct gpio_conf *gc);
void		 gpio_close(struct gpio *g);
/* The descriptor to poll for POLLIN; may change between calls, and may
 * be -1 when no button is fitted (nothing to wait for). */
int		 gpio_fd(struct gpio *g);
/* Reads the pending edges into ev[0..max). Returns how many, or -1. */
int		 gpio_read(struct gpio *g, struct gpio_event *ev, int max);
/* LED 0 (the desk's), or LED i. */
int		 gpio_set_led(struct gpio *g, bool on);
int		 gpio_set_led_at(struct gpio *g, int i, bool on);

const char	*gpio_button_name(enum gpio_button b);
/* What a configuration fits: buttons, LEDs, and button b's name. */
int		 gpio_conf_nbuttons(const struct gpio_conf *gc);
int		 gpio_conf_nleds(const struct gpio_conf *gc);
const char	*gpio_conf_name(const struct gpio_conf *gc, int b);

/* Backend interface (gpio.c dispatches on gc->backend). */
struct gpio_ops {
	const char	*name;
	struct gpio	*(*open)(const struct gpio_conf *gc);
	void		 (*close)(struct gpio *g);
	int		 (*fd)(struct gpio *g);
	int		 (*read)(struct gpio *g, struct gpio_event *ev,
			    int max);
	int		 (*set_led)(struct gpio *g, int i, bool on);
};

/* Every backend's struct gpio starts with this. */
struct gpio {
	const struct gpio_ops	*ops;
};

extern const struct gpio_ops gpio_gpiod_ops;
extern const struct gpio_ops gpio_fake_ops;

#endif
