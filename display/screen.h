/*
 * screen.h - antre-display with role = screen: the central's board and
 * calls received over MQTT.
 */
#ifndef ANTRE_SCREEN_H
#define ANTRE_SCREEN_H

#include <stddef.h>
#include <stdint.h>

#include "central.h"

/* Connected: subscribes to the board, the central's presence and (with
 * a voice) the calls; a board that does not come is reported later. */
void	screen_connected(struct central *c);
/* A message on one of those topics. */
void	screen_message(struct central *c, const char *topic,
	    const void *payload, size_t len);
/* Shows the received board, with a warning when it may be old. */
void	screen_show(struct central *c);
/* Milliseconds until a board is overdue (-1: not waiting), and the
 * check that says so in the log once. */
int	central_screen_due(const struct central *c, int64_t mono_now);
void	central_screen_check(struct central *c, int64_t mono_now);

#endif
