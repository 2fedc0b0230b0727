/*
 * config.h - antre-desk's configuration, loaded and validated in one
 * place (config_load).
 */
#ifndef ANTRE_DESK_CONFIG_H
#define ANTRE_DESK_CONFIG_H

#include "gpio.h"
#include "mqtt.h"

struct conf {
	const char		*path;
	int			 desk;		/* 1..DESK_ID_MAX */
	char			 hall[32];
	char			 prefix[96];
	int			 debounce_ms;
	int			 long_press_ms;
	int			 ack_timeout_ms;
	int			 guard_ms;	/* ignore a 2nd call press */
	struct mqtt_conf	 mqtt;
	struct gpio_conf	 gpio;
};

/* Loads and checks path; the password file is read later, by
 * mqtt_conf_finish(), since the self-test needs no network. */
int	config_load(const char *path, struct conf *c);

#endif
