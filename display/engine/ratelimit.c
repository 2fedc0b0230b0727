/*
 * ratelimit.c - the central's limits per box, as pure functions of the
 * time they are given.
 */
#include "ratelimit.h"

#include <string.h>

void
limits_conf_defaults(struct limits_conf *lc)
{
	memset(lc, 0, sizeof(*lc));
	/* The desk firmware waits 2 s between calls; network jitter may
	 * bring two honest presses closer at the central. */
	lc->desk_guard_ms = 1500;
	/* A citizen presses a kiosk at most every few seconds, a printer
	 * prints one ticket a second or so: 30 a minute and 5 at once is
	 * far above a real kiosk and far below emptying a day's numbers. */
	lc->kiosk_rate = 30;
	lc->kiosk_burst = 5;
	/* A kiosk waits for each answer; a few in flight cover retries. */
	lc->kiosk_inflight = 8;
	lc->refusals_per_min = 60;
	/* An officer presses at most every couple of seconds; a desk or
	 * kiosk sending hundreds a minute is broken or hostile. */
	lc->flood_per_min = 300;
	lc->flood_burst = 30;
	lc->flood_mute_s = 10;
}

int
limits_guard_check(const struct guard *g, int guard_ms, int64_t now_ms)
{
	int64_t left;

	if (guard_ms <= 0 || g->last_ms == 0)
		return 0;
	left = g->last_ms + guard_ms - now_ms;
	if (left <= 0)
		return 0;
	/* A clock set back: the guard still ends guard_ms after now. */
	return left > guard_ms ? guard_ms : (int)left;
}

void
limits_guard_pass(struct guard *g, int64_t now_ms)
{
	g->last_ms = now_ms;
}

bool
limits_bucket_take(struct bucket *b, int rate_per_min, int burst,
    int64_t now_ms)
{
	/* Tokens are counted in 1/60000: a millisecond at rate_per_min
	 * adds exactly rate_per_min of them, nothing lost to rounding. */
	const int64_t one = 60 * 1000;
	int64_t full, dt;

	if (rate_per_min <= 0)
		return true;
	if (burst < 1)
		burst = 1;
	full = (int64_t)burst * one;
	if (b->last_ms == 0) {
		b->units = full;
	} else {
		dt = now_ms - b->last_ms;
		if (dt > 0) {
			if (dt > one * burst)
				dt = one * burst;
			b->units += dt * rate_per_min;
		}
		if (b->units > full)
			b->units = full;
	}
	b->last_ms = now_ms;
	if (b->units < one)
		return false;
	b->units -= one;
	return true;
}

bool
limits_refusal_record(struct refusals *r, int cap, int64_t now_ms,
    int *dropped_before)
{
	if (dropped_before != NULL)
		*dropped_before = 0;
	if (now_ms - r->window_ms >= 60 * 1000 || now_ms < r->window_ms) {
		if (dropped_before != NULL)
			*dropped_before = r->dropped;
		r->window_ms = now_ms;
		r->recorded = 0;
		r->dropped = 0;
	}
	if (cap > 0 && r->recorded >= cap) {
		r->dropped++;
		return false;
	}
	r->recorded++;
	return true;
}
