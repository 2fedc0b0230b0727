/*
 * box.h - the poll loop a box at the counter runs (antre-desk and
 * antre-kiosk): signals, GPIO edges and MQTT, with the box's timers
 * deciding how long to wait.
 */
#ifndef ANTRE_BOX_H
#define ANTRE_BOX_H

#include <stdbool.h>
#include <stdint.h>

#include "gpio.h"
#include "mqtt.h"

struct box_loop {
	int		  sigfd;
	struct gpio	 *gpio;
	struct mqtt	 *mqtt;
	/* ms until a timer is due (-1: none), after running what is due */
	int		(*timers)(void *arg, int64_t now);
	/* GPIO edges are waiting */
	void		(*edges)(void *arg);
	void		 *arg;
	bool		 *quit;		/* set by a signal or by the box */
};

/* Runs until *quit; 0, or -1 if poll() failed (logged). */
int	box_run(const struct box_loop *l);

#endif
