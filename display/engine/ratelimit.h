/*
 * ratelimit.h - the central's own limits per box: pure, fed timestamps.
 *
 * A desk may call (next, noshow) at most once per guard time; a kiosk
 * takes from a token bucket and may have only so many answers the
 * broker has not yet acknowledged; refusals are recorded in the log only
 * up to a number per box and minute (beyond it they are answered but not
 * stored). The defaults are in limits_conf_defaults().
 */
#ifndef ANTRE_RATELIMIT_H
#define ANTRE_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct limits_conf {
	int	desk_guard_ms;		/* between calls of one desk; 0 = off */
	int	kiosk_rate;		/* takes per minute per kiosk; 0 = off */
	int	kiosk_burst;		/* takes a kiosk may make at once */
	int	kiosk_inflight;		/* answers not yet acknowledged by
					 * the broker; 0 = off */
	int	refusals_per_min;	/* refusals recorded per box and
					 * minute; 0 = no cap */
	int	flood_per_min;		/* messages per box and minute past
					 * which the central stops listening
					 * to it for a while; 0 = off */
	int	flood_burst;
	int	flood_mute_s;
};

void	limits_conf_defaults(struct limits_conf *lc);

/* A desk's call guard. */
struct guard {
	int64_t	last_ms;	/* last accepted call, 0 = none */
};

/* 0 if a call at now_ms may go ahead, else the milliseconds still to
 * wait. Does not change the guard: limits_guard_pass() does, once the
 * call was applied. */
int	limits_guard_check(const struct guard *g, int guard_ms,
	    int64_t now_ms);
void	limits_guard_pass(struct guard *g, int64_t now_ms);

/* A token bucket: rate tokens per minute, at most burst. */
struct bucket {
	int64_t	last_ms;	/* 0: full */
	int64_t	units;		/* tokens * 60000 */
};

/* Takes one token: true, or false when empty (nothing taken). */
bool	limits_bucket_take(struct bucket *b, int rate_per_min, int burst,
	    int64_t now_ms);

/* Refusals recorded per box and minute. */
struct refusals {
	int64_t	window_ms;	/* start of the current minute */
	int	recorded;	/* this minute */
	int	dropped;	/* answered but not recorded this minute */
};

/* true if this refusal is recorded; false if it is past the cap. When
 * a new minute starts, *dropped_before (if not NULL) gets the number
 * left unrecorded in the minute before (to log once), else 0. */
bool	limits_refusal_record(struct refusals *r, int cap, int64_t now_ms,
	    int *dropped_before);

#endif
