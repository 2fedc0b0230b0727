/*
 * buttons.c - debounce, short and long press. See buttons.h.
 *
 * A level is believed once it has not changed for debounce_ms: the
 * arcade buttons in the halls bounce for several milliseconds on both
 * edges, and a bounce must never become a second "next".
 */
#include "buttons.h"

void
button_init(struct button *b, int debounce_ms, int long_ms)
{
	*b = (struct button){ .debounce_ms = debounce_ms,
	    .long_ms = long_ms };
}

enum button_action
button_tick(struct button *b, int64_t now)
{
	if (b->raw != b->stable && now - b->raw_since >= b->debounce_ms) {
		b->stable = b->raw;
		if (b->stable) {
			b->pressed_at = b->raw_since;
			b->long_fired = false;
		} else if (!b->long_fired) {
			return BUTTON_SHORT;
		}
	}
	/* Not while a release is being debounced: that press was short. */
	if (b->stable && b->raw && b->long_ms > 0 && !b->long_fired &&
	    now - b->pressed_at >= b->long_ms) {
		b->long_fired = true;
		return BUTTON_LONG;
	}
	return BUTTON_NONE;
}

enum button_action
button_edge(struct button *b, bool pressed, int64_t t)
{
	enum button_action a;

	/* Settle what was pending up to this edge first. */
	a = button_tick(b, t);
	if (pressed != b->raw) {
		b->raw = pressed;
		b->raw_since = t;
	}
	return a;
}

int64_t
button_deadline(const struct button *b)
{
	if (b->raw != b->stable)
		return b->raw_since + b->debounce_ms;
	if (b->stable && b->long_ms > 0 && !b->long_fired)
		return b->pressed_at + b->long_ms;
	return -1;
}
