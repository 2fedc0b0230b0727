/*
 * show.h - what this box shows and says, in either role: the board on
 * the output at a pace a person can read, and the voice.
 */
#ifndef ANTRE_SHOW_H
#define ANTRE_SHOW_H

#include <stdint.h>

#include "central.h"

/* After each loop iteration's answers: the voice, then a frame if due. */
void	show_flush(struct central *c);
/* Milliseconds until a frame is due (-1: none), for poll()'s timeout. */
int	show_draw_due(const struct central *c, int64_t mono_now);
/* Draws what changed on the screen since the last frame. */
void	show_draw(struct central *c);
/* The voice: starts the next sentence when due and lights the board
 * for it; ms until it has something to do (-1: nothing queued). */
void	show_voice(struct central *c, int64_t mono_now);
int	show_voice_due(const struct central *c, int64_t mono_now);

#endif
