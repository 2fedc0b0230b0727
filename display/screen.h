/*
 * screen.h - antre-display with role = screen: the central's board and
 * calls received over MQTT.
 */
#ifndef ANTRE_SCREEN_H
#define ANTRE_SCREEN_H

#include <stddef.h>
#include <stdint.h>

#include "central.h"

/* Once connected, a screen subscribes to the board, the central's
 * presence and (with a voice) the calls; a board that does not come is
 * reported by screen_check(). A lost connection shows a warning on the
 * board: its numbers may be old. */
extern const struct mqtt_callbacks screen_callbacks;
/* Milliseconds until a board is overdue (-1: not waiting), and the
 * check that says so in the log once. */
int	screen_due(const struct central *c, int64_t mono_now);
void	screen_check(struct central *c, int64_t mono_now);

#endif
