/*
 * buttons.h - debounce and gestures of one push button. Pure: fed levels
 * with their CLOCK_MONOTONIC times, no I/O, so it is tested directly.
 */
#ifndef ANTRE_BUTTONS_H
#define ANTRE_BUTTONS_H

#include <stdbool.h>
#include <stdint.h>

enum button_action {
	BUTTON_NONE,
	BUTTON_SHORT,	/* pressed and released before the long time */
	BUTTON_LONG,	/* held for the long time (fires while held) */
};

struct button {
	int	debounce_ms;	/* a level counts once stable this long */
	int	long_ms;	/* 0: no long press */
	bool	raw;		/* last level seen */
	int64_t	raw_since;
	bool	stable;		/* debounced level */
	int64_t	pressed_at;
	bool	long_fired;
};

void	button_init(struct button *b, int debounce_ms, int long_ms);
/* A level change at time t (may be in the past). */
enum button_action button_edge(struct button *b, bool pressed, int64_t t);
/* Time passes: returns an action due by now. */
enum button_action button_tick(struct button *b, int64_t now);
/* When button_tick next needs to run, or -1 for "not until an edge". */
int64_t	button_deadline(const struct button *b);

#endif
