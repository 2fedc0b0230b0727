/*
 * kconfig.h - antre-kiosk's configuration (firmware/kiosk/antre-kiosk.conf
 * is the annotated example), loaded and checked in one place.
 */
#ifndef ANTRE_KCONFIG_H
#define ANTRE_KCONFIG_H

#include "gpio.h"
#include "mqtt.h"

#define KIOSK_BUTTONS_MAX	8	/* service buttons */
#define KIOSK_PRIORITY		KIOSK_BUTTONS_MAX	/* its GPIO index */

struct kbutton {
	char	service;	/* 'A'..'Z'; 0: no button N */
	int	line;		/* config line of [button N], for errors */
};

struct kconf {
	const char		*path;
	int			 kiosk;		/* 1..KIOSK_ID_MAX */
	char			 hall[32];
	char			 prefix[96];
	char			 office[128];	/* printed on top */
	char			 footer[160];	/* printed at the bottom */
	char			 services[27];	/* the central's, "" unknown */
	int			 paper;		/* 58 or 80 mm */
	char			 state[256];	/* tickets not yet printed */
	int			 debounce_ms;
	int			 long_press_ms;
	int			 guard_ms;	/* between two tickets */
	int			 priority_window_ms;
	int			 take_timeout_ms;
	int			 retry_window_ms;	/* ask again for an
						   unanswered take */
	char			 device[256];
	int			 baud;
	int			 status_timeout_ms;
	int			 status_interval_ms;
	int			 nbuttons;	/* highest N of [button N] */
	struct kbutton		 buttons[KIOSK_BUTTONS_MAX];
	const char		*names[GPIO_BUTTONS_MAX];
	struct mqtt_conf	 mqtt;
	struct gpio_conf	 gpio;
};

/* Loads and checks path (the password file is read later, by
 * mqtt_conf_finish()). 0, or -1 after logging every error. */
int	kconfig_load(const char *path, struct kconf *c);

#endif
