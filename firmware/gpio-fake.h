/* gpio-fake.h - the fake backend's controller line parser, for its fuzz
 * target (tests/fuzz); the backend itself is reached through gpio.h. */
#ifndef ANTRE_GPIO_FAKE_H
#define ANTRE_GPIO_FAKE_H

#include "gpio.h"

/* One controller line (NUL-terminated, without its newline) into 0..2
 * events in ev[0..1]; a bad line is logged and gives 0. */
int	gpio_fake_parse(const char *line, struct gpio_event *ev);
/* The same with a kiosk's (or any) button names; NULL: the desk's. */
int	gpio_fake_parse_names(const char *line, const char *const *names,
	    int nbuttons, struct gpio_event *ev);

#endif
